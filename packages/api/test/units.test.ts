import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededApi, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
});
afterAll(() => api?.close());

describe("units", () => {
  it("lists every demo unit with code, name and category, the customary categories first", async () => {
    const units = await api.caller.units.list();
    expect(units).toHaveLength(40);
    // assessed every month: no first or last month (起始月份, 截止月份)
    expect(units[0]).toEqual({ code: "HTZ01", name: "唐山镇", category: "镇", fromMonth: null, untilMonth: null });
    expect(Object.keys(units[0] ?? {}).sort()).toEqual(["category", "code", "fromMonth", "name", "untilMonth"]);
    expect([...new Set(units.map((u) => u.category))]).toEqual(["镇", "街道", "县直部门"]);
  });

  it("counts the units of each category, with the words the published rubric labels it with (城区街道办事处)", async () => {
    expect(await api.caller.units.categories()).toEqual([
      { category: "镇", units: 7, label: null },
      { category: "街道", units: 2, label: "城区街道办事处" },
      { category: "县直部门", units: 31, label: null },
    ]);
  });
});

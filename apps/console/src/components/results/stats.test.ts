import { describe, expect, it } from "vitest";
import { meanFigure, unitsFigure } from "./stats.tsx";
import type { UnitResult } from "./types.ts";

const unit = (group: string, published: number | null, ranked: boolean) => ({ group, published, ranked }) as unknown as UnitResult;

describe("the figures above a ranking", () => {
  // another district's method: a unit under the minimum volume is not ranked and gets its category's average
  const units = [unit("街道", 86.46, true), unit("街道", 88.83, true), unit("街道", 87.65, false), unit("部门", 31.88, true), unit("部门", 40, false)];
  it("the mean is of the units ranked, as 参评单位数 counts them, those left out said so", () => {
    const f = meanFigure("平均分", units, ["街道", "部门"]);
    // (86.46 + 88.83 + 31.88) / 3 = 69.06; 街道 (86.46 + 88.83) / 2 = 87.645 → 87.65 (half up), 部门 31.88
    expect(f.value).toBe(69.06);
    expect(f.note).toBe("街道 87.65 · 部门 31.88；不含不排名的 2 家");
    expect(unitsFigure(units, ["街道", "部门"]).value).toBe(3);
  });
  it("a group with none ranked has no mean, not 0.00; every unit ranked, nothing said of those left out", () => {
    expect(meanFigure("平均分", [unit("街道", 90, true), unit("部门", 50, false)], ["街道", "部门"]).note).toBe("街道 90.00 · 部门 —；不含不排名的 1 家");
    expect(meanFigure("平均分", [unit("街道", 90, true), unit("街道", 80, true)], ["街道"])).toMatchObject({ value: 85, note: "街道 85.00" });
  });
});

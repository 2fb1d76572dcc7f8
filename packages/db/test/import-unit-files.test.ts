/** Orders may refer to the units of any units file of the same import, not only of the last one. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { importFiles } from "../src/import.ts";
import { openStore } from "../src/store.ts";

it("two units files and orders naming units of both import as one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-two-units-"));
  const store = await openStore(`file:${join(dir, "k.db")}`);
  try {
    writeFileSync(join(dir, "units-towns.csv"), "单位编码,单位名称,类别\nT1,甲镇,镇\n");
    writeFileSync(join(dir, "units-streets.csv"), "单位编码,单位名称,类别\nS1,东街道,街道\n");
    writeFileSync(
      join(dir, "orders.csv"),
      "工单编号,承办单位,来源,受理时间,办理时限\nA1,甲镇,县中心,2018-03-02 09:00,2018-03-09\nA2,东街道,县中心,2018-03-03 09:00,2018-03-10\n",
    );
    const result = await importFiles(
      store,
      ["units-towns.csv", "units-streets.csv", "orders.csv"].map((f) => ({ path: join(dir, f) })),
      { actor: "测试" },
    );
    expect(result.ok ? null : result.problems).toBeNull();
    expect((await store.prisma.order.findMany({ orderBy: { id: "asc" } })).map((o) => [o.id, o.unit])).toEqual([
      ["A1", "T1"],
      ["A2", "S1"],
    ]);
  } finally {
    await store.close();
  }
});

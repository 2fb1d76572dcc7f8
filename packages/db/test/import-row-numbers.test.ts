/**
 * A 序号 column (a platform export's row number) is not stored: the same orders exported in another sort are
 * unchanged, not updated; an order stored before with a 序号 attribute keeps it and counts as unchanged, whether the
 * file has the column or not.
 */
import { describe, expect, it } from "vitest";
import { importFiles } from "../src/import.ts";
import { databases, useDatabase } from "./support/databases.ts";
import { useTempDir, writeCsvText } from "./support/files.ts";
import { storedOrders } from "./support/records.ts";

const dir = useTempDir();
let n = 0;
const orders = (lines: string[]) => [{ path: writeCsvText(dir, `orders-${++n}.csv`, lines), name: "orders.csv" }];

const UNITS = [{ path: writeCsvText(dir, "units.csv", ["单位编码,单位名称,类别", "Z01,唐山镇,镇"]), name: "units.csv" }];
const GD1 = "GD1,唐山镇,县中心,2018-12-03 08:00,2018-12-10,电话";
const GD2 = "GD2,唐山镇,县中心,2018-12-04 08:00,2018-12-11,网站";
const HEADER = "工单编号,承办单位,来源,受理时间,办理时限,渠道";

describe.each(databases)("a row-number column on $label", (target) => {
  const t = useDatabase(target);

  it("the same orders sorted otherwise, 序号 following the sort, are unchanged; the row number is not stored", async () => {
    expect(await importFiles(t.db, UNITS, { actor: "t" })).toMatchObject({ ok: true });
    const first = await importFiles(t.db, orders([`序号,${HEADER}`, `1,${GD1}`, `2,${GD2}`]), { actor: "t" });
    expect(first).toMatchObject({ ok: true, files: [{ inserted: 2 }] });
    const resorted = await importFiles(t.db, orders([`序号,${HEADER}`, `1,${GD2}`, `2,${GD1}`]), { actor: "t" });
    expect(resorted).toMatchObject({ ok: true, files: [{ inserted: 0, updated: 0, unchanged: 2, batchId: null }] });
    expect((await storedOrders(t.raw)).map((o) => [o.id, o.attributes])).toEqual([
      ["GD1", { 渠道: "电话" }],
      ["GD2", { 渠道: "网站" }],
    ]);
  });

  it("an order stored earlier with a 序号 attribute keeps it, unchanged, imported again with the column or without it", async () => {
    // as an import before the row number was recognised stored it
    const json = t.provider === "sqlite" ? `'{"序号":"7","渠道":"电话"}'` : `'{"序号":"7","渠道":"电话"}'::jsonb`;
    await t.raw.execute(`UPDATE "orders" SET "attributes" = ${json} WHERE "id" = 'GD1'`);
    for (const header of [`序号,${HEADER}`, HEADER]) {
      const lines = header === HEADER ? [HEADER, GD2, GD1] : [header, `1,${GD2}`, `2,${GD1}`];
      const again = await importFiles(t.db, orders(lines), { actor: "t" });
      expect(again).toMatchObject({ ok: true, files: [{ inserted: 0, updated: 0, unchanged: 2, batchId: null }] });
    }
    expect((await storedOrders(t.raw)).find((o) => o.id === "GD1")?.attributes).toEqual({ 序号: "7", 渠道: "电话" });
  });
});

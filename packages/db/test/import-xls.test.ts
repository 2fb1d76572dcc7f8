/**
 * An old Excel workbook (.xls) imported end to end: the demo's first 60 October orders as LibreOffice saves them as .xls
 * and as .xlsx (packages/data/test/fixtures/xls) store the same records, those the demo's CSV of them loads.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Dataset, generateDemoDataset, loadDataset, shanghaiEpoch, writeDemoFiles } from "@kaohe/data";
import { beforeAll, describe, expect, it } from "vitest";
import { cellHead, compoundFile, record, u16, workbookStream, xlString } from "../../data/test/support/xls-writer.ts";
import { type FileProgress, importFiles } from "../src/import.ts";
import { databases, useDatabase } from "./support/databases.ts";
import { useTempDir } from "./support/files.ts";
import { byId, storedOrders } from "./support/records.ts";

const FIXTURES = join(import.meta.dirname, "../../data/test/fixtures/xls");
const dir = useTempDir();

describe.each(databases)("importing an .xls on $label", (target) => {
  const t = useDatabase(target);
  let dataset: Dataset;
  let unitsCsv: string;

  beforeAll(async () => {
    const demo = generateDemoDataset();
    const october = demo.orders.filter((o) => o.receivedAt >= shanghaiEpoch(2017, 10, 1) && o.receivedAt < shanghaiEpoch(2017, 11, 1));
    const folder = join(dir, `demo-${target.provider}`);
    const paths = await writeDemoFiles(folder, { units: demo.units, orders: october.slice(0, 60), events: [], facts: [] });
    unitsCsv = paths.units;
    // only units and orders: a file of headers alone is refused
    await Promise.all([rm(paths.events), rm(paths.facts)]);
    const loaded = await loadDataset(folder);
    if (!loaded.dataset) throw new Error(JSON.stringify(loaded.problems?.slice(0, 3)));
    dataset = loaded.dataset;
  });

  it("stores the orders of an .xls as the CSV of them loads, and the .xlsx of the same sheet then changes nothing", async () => {
    const progress: FileProgress[] = [];
    const result = await importFiles(
      t.db,
      [
        { path: unitsCsv, name: "units.csv" },
        { path: join(FIXTURES, "orders-2017-10.xls"), name: "工单2017年10月.xls" },
      ],
      { actor: "测试员", onProgress: (p) => p.phase !== "waiting" && progress.push(p) },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.files.map((f) => [f.file, f.kind, f.rows, f.inserted])).toEqual([
      ["units.csv", "units", dataset.units.length, dataset.units.length],
      ["工单2017年10月.xls", "orders", 60, 60],
    ]);
    expect(dataset.orders).toHaveLength(60);
    expect(await storedOrders(t.raw)).toEqual(byId(dataset.orders));
    expect(progress.filter((p) => p.file === "工单2017年10月.xls").at(-1)).toMatchObject({ rows: 60, fraction: 1 });

    const again = await importFiles(t.db, [{ path: join(FIXTURES, "orders-2017-10.xlsx"), name: "工单2017年10月.xlsx" }], { actor: "测试员" });
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.files.map((f) => [f.kind, f.rows, f.inserted, f.updated, f.unchanged])).toEqual([["orders", 60, 0, 0, 60]]);
    expect(await storedOrders(t.raw)).toEqual(byId(dataset.orders));
  });

  it("the rows said read while an .xls is read are those its report counts: a title row, blank rows, a total and a footnote are not counted on the way", async () => {
    // a platform's export: a title, the header on row 2, four orders with a blank row among them, two blank rows, a
    // 合计 row and a footnote (said 846 行 while read, by its last row's number, and 844 in its report)
    const rows: (readonly string[] | null)[] = [
      ["2017年10月工单"],
      ["工单编号", "承办单位", "来源", "受理时间", "办理时限"],
      ...[1, 2].map((i) => [`XP${i}`, "唐山镇", "县中心", `2017-10-0${i} 09:00`, "2017-10-20"]),
      null,
      ...[3, 4].map((i) => [`XP${i}`, "唐山镇", "县中心", `2017-10-0${i} 09:00`, "2017-10-20"]),
      null,
      null,
      ["合计", "4 件"],
      ["制表人：张三"],
    ];
    const records = rows.flatMap((cells, r) => (cells ?? []).map((text, c) => record(0x0204, cellHead(r, c), xlString(text))));
    const globals = [record(0x00e0, u16(0), u16(0), Buffer.alloc(16))];
    const path = join(dir, `with-total-${target.provider}.xls`);
    await writeFile(path, compoundFile(workbookStream(globals, [{ name: "工单", records }])));
    const progress: FileProgress[] = [];
    const result = await importFiles(
      t.db,
      [
        { path: unitsCsv, name: "units.csv" },
        { path, name: "工单.xls" },
      ],
      {
        actor: "测试员",
        onProgress: (p) => p.phase !== "waiting" && progress.push(p),
      },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const report = result.files.find((f) => f.file === "工单.xls");
    expect(report?.rows).toBe(4);
    const said = progress.filter((p) => p.file === "工单.xls");
    // never more than the report says, growing to it, and said so when read and when saved
    expect(Math.max(...said.map((p) => p.rows))).toBe(4);
    expect(said.filter((p) => p.phase === "reading").at(-1)?.rows).toBe(4);
    expect(said.at(-1)).toMatchObject({ rows: 4, phase: "saving" });
  });
});

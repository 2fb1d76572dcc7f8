/**
 * Excel 2003's XML spreadsheet ("XML 电子表格 2003", some platforms' "导出 Excel", named .xls) imported end to end: the
 * demo's first 60 October orders written as a platform writes them — a title row, the rows grouped by unit with the
 * unit's cell merged down its rows, times and deadlines as DateTime cells of a date-and-time and a date style,
 * counts and hours as numbers, a hidden 字典 sheet first — store the records the demo's CSV of them loads; the CSV
 * imported after it changes nothing.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Dataset, generateDemoDataset, loadDataset, readTable, shanghaiEpoch, writeDemoFiles } from "@kaohe/data";
import { beforeAll, describe, expect, it } from "vitest";
import { sheetMlText, sheetMlWorkbook, sheetMlWorksheet } from "../../data/test/support/spreadsheetml-writer.ts";
import { importFiles } from "../src/import.ts";
import { databases, useDatabase } from "./support/databases.ts";
import { useTempDir } from "./support/files.ts";
import { byId, storedOrders } from "./support/records.ts";

const dir = useTempDir();

/** A cell of the CSV's text as the platform's XML writes it: a date and time, a date, a number, or text. */
function cellOf(text: string, attributes = ""): string {
  const time = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text);
  if (time) return `<Cell${attributes} ss:StyleID="s22"><Data ss:Type="DateTime">${time[1]}T${time[2]}.000</Data></Cell>`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `<Cell${attributes} ss:StyleID="s21"><Data ss:Type="DateTime">${text}T00:00:00.000</Data></Cell>`;
  if (/^\d+(?:\.\d+)?$/.test(text)) return `<Cell${attributes}><Data ss:Type="Number">${text}</Data></Cell>`;
  return sheetMlText(text, attributes);
}

/**
 * The CSV's rows as a SpreadsheetML workbook: a title in row 1, the header in row 3 (`ss:Index`), the data sorted by
 * unit with each unit's cell merged down its run of rows (the covered cells left out, the next cell placed by
 * `ss:Index`, as Excel writes it). Empty CSV cells are left out (the next cell placed by `ss:Index`).
 */
function platformWorkbook(rows: string[][]): string {
  const [header, ...data] = rows as [string[], ...string[][]];
  const unit = header.indexOf("承办单位");
  const sorted = [...data].sort((a, b) => (a[unit] as string).localeCompare(b[unit] as string, "zh"));
  const xmlRows = [`   <Row>${sheetMlText("2017年10月工单明细（共 60 件）", ` ss:MergeAcross="${header.length - 1}" ss:StyleID="s24"`)}</Row>`];
  xmlRows.push(`   <Row ss:Index="3">${header.map((h) => sheetMlText(h)).join("")}</Row>`);
  let run = 0;
  sorted.forEach((row, i) => {
    const runStart = run === 0;
    if (runStart) while (sorted[i + run]?.[unit] === row[unit]) run++;
    const cells: string[] = [];
    let gap = false;
    row.forEach((text, col) => {
      if (col === unit && !runStart) {
        gap = true;
        return;
      }
      if (text === "") {
        gap = true;
        return;
      }
      const index = gap ? ` ss:Index="${col + 1}"` : "";
      gap = false;
      const merge = col === unit && run > 1 ? ` ss:MergeDown="${run - 1}"` : "";
      cells.push(cellOf(text, index + merge));
    });
    run--;
    xmlRows.push(`   <Row>${cells.join("")}</Row>`);
  });
  return sheetMlWorkbook(
    sheetMlWorksheet("字典", `   <Row>${sheetMlText("来源")}</Row>\n   <Row>${sheetMlText("县中心")}</Row>\n`, { hidden: true }) +
      sheetMlWorksheet("工单明细", `${xmlRows.join("\n")}\n`),
  );
}

describe.each(databases)("importing an Excel 2003 XML spreadsheet on $label", (target) => {
  const t = useDatabase(target);
  let dataset: Dataset;
  let unitsCsv: string;
  let ordersCsv: string;
  let xml: string;

  beforeAll(async () => {
    const demo = generateDemoDataset();
    const october = demo.orders.filter((o) => o.receivedAt >= shanghaiEpoch(2017, 10, 1) && o.receivedAt < shanghaiEpoch(2017, 11, 1));
    const folder = join(dir, `demo-${target.provider}`);
    const paths = await writeDemoFiles(folder, { units: demo.units, orders: october.slice(0, 60), events: [], facts: [] });
    unitsCsv = paths.units;
    ordersCsv = paths.orders;
    // only units and orders: a file of headers alone is refused
    await Promise.all([rm(paths.events), rm(paths.facts)]);
    const loaded = await loadDataset(folder);
    if (!loaded.dataset) throw new Error(JSON.stringify(loaded.problems?.slice(0, 3)));
    dataset = loaded.dataset;
    const rows: string[][] = [];
    for await (const row of readTable(ordersCsv)) rows.push(row.cells.map((c) => (c === null || c === undefined ? "" : String(c))));
    xml = join(dir, `orders-${target.provider}.xls`);
    await writeFile(xml, platformWorkbook(rows));
  });

  it("stores the orders of the XML spreadsheet as the CSV of them loads, and the CSV then changes nothing", async () => {
    // the file is what the test means: merged units, DateTime cells, the hidden sheet first
    const text = await readFile(xml, "utf8");
    expect(text).toContain('ss:MergeDown="');
    expect(text).toContain('<Data ss:Type="DateTime">');
    const result = await importFiles(
      t.db,
      [
        { path: unitsCsv, name: "units.csv" },
        { path: xml, name: "工单2017年10月.xls" },
      ],
      { actor: "测试员" },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.files.map((f) => [f.file, f.kind, f.rows, f.inserted])).toEqual([
      ["units.csv", "units", dataset.units.length, dataset.units.length],
      ["工单2017年10月.xls", "orders", 60, 60],
    ]);
    expect(dataset.orders).toHaveLength(60);
    expect(await storedOrders(t.raw)).toEqual(byId(dataset.orders));

    const again = await importFiles(t.db, [{ path: ordersCsv, name: "工单2017年10月.csv" }], { actor: "测试员" });
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.files.map((f) => [f.kind, f.rows, f.inserted, f.updated, f.unchanged])).toEqual([["orders", 60, 0, 0, 60]]);
    expect(await storedOrders(t.raw)).toEqual(byId(dataset.orders));
  });
});

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { type RawRow, type ReadProgress, readTable, TableReadError } from "../../src/read/read-table.ts";
import { odsBytes, odsRow } from "../support/ods-writer.ts";
import { csv, useTempDir, writeText } from "../support/temp-dir.ts";

const dir = await useTempDir();
/** writing and reading thousands of rows (a workbook through exceljs) takes seconds on a busy machine: a limit, not a measurement */
const LONG_READ_TIMEOUT = 60_000;

async function rowsOf(path: string, onProgress?: (p: ReadProgress) => void): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readTable(path, undefined, { onProgress })) rows.push(row);
  return rows;
}

const TEXT = csv("工单编号,承办单位,说明", 'GD001,索镇街道,"多行\r\n说明"', "", "GD002,县公安局,普通");

describe("readTable, CSV", () => {
  it.each(["utf-8-bom", "utf-8", "gb18030"] as const)("reads %s and numbers rows as a spreadsheet does", async (encoding) => {
    const path = await writeText(dir, `orders-${encoding}.csv`, TEXT, encoding);
    const rows = await rowsOf(path);
    expect(rows).toEqual([
      { row: 1, cells: ["工单编号", "承办单位", "说明"] },
      { row: 2, cells: ["GD001", "索镇街道", "多行\r\n说明"] },
      // row 3 is blank: skipped, but counted
      { row: 4, cells: ["GD002", "县公安局", "普通"] },
    ]);
  });

  it('reads ="…" cells (a platform keeping ids, codes and times as text for Excel) as the text within, as Excel shows them', async () => {
    const path = await writeText(
      dir,
      "text-formulas.csv",
      csv("工单编号,承办单位,受理时间,说明", '="001234",="HTZ01","=""2018-03-05 09:00""","=""说""""明"""', '=A1+1,"=""a""&B1",="",x'),
    );
    expect((await rowsOf(path)).map((r) => r.cells)).toEqual([
      ["工单编号", "承办单位", "受理时间", "说明"],
      // the quotes CSV doubles are undone first (="说""明"), then the one the formula doubles within its text
      ["001234", "HTZ01", "2018-03-05 09:00", '说"明'],
      // another formula, and a text followed by more, are kept as written; ="" is an empty cell
      ["=A1+1", '="a"&B1', "", "x"],
    ]);
  });

  it("reports progress with bytes read against the file size, and the encoding", async () => {
    const path = await writeText(dir, "progress.csv", TEXT, "gb18030");
    const reports: ReadProgress[] = [];
    await rowsOf(path, (p) => reports.push(p));
    const last = reports[reports.length - 1];
    expect(last).toMatchObject({ rows: 4, done: true, encoding: "gb18030" });
    expect(last?.bytesRead).toBe(last?.totalBytes);
  });

  it("streams a large file in many chunks", { timeout: LONG_READ_TIMEOUT }, async () => {
    const lines = ["工单编号,承办单位"];
    for (let i = 1; i <= 20_000; i++) lines.push(`GD${i},"单位,${i % 7}"`);
    const path = await writeText(dir, "large.csv", csv(...lines), "gb18030");
    const reports: ReadProgress[] = [];
    let count = 0;
    let last: RawRow | undefined;
    for await (const row of readTable(path, undefined, { onProgress: (p) => reports.push(p) })) {
      count++;
      last = row;
    }
    expect(count).toBe(20_001);
    expect(last).toEqual({ row: 20_001, cells: ["GD20000", "单位,1"] });
    expect(reports.length).toBeGreaterThan(2);
  });

  it("marks the row where an unterminated quote starts", async () => {
    const path = await writeText(dir, "quote.csv", csv("a,b", 'x,"open', "y,z"));
    const rows = await rowsOf(path);
    expect(rows[1]).toMatchObject({ row: 2, defect: "unterminated-quote" });
  });

  it("fails with a reason a user can read when the file is missing", async () => {
    await expect(rowsOf(join(dir, "nope.csv"))).rejects.toBeInstanceOf(TableReadError);
  });
});

describe("readTable, XLSX", { timeout: LONG_READ_TIMEOUT }, () => {
  it("reads the first sheet with typed cells: Excel dates as wall-clock Dates, numbers as numbers", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("工单");
    sheet.addRow(["工单编号", "受理时间", "办理时限", "次数", "说明"]);
    sheet.addRow([20170001, new Date(Date.UTC(2017, 9, 3, 14, 5)), new Date(Date.UTC(2017, 9, 5)), 2, { richText: [{ text: "富" }, { text: "文本" }] }]);
    sheet.getCell("B2").numFmt = "yyyy-mm-dd hh:mm";
    sheet.getCell("C2").numFmt = "yyyy-mm-dd";
    sheet.addRow([]);
    sheet.addRow(["GD3", "2017/10/3 14:05:00", { formula: "1+1", result: 2 }]);
    workbook.addWorksheet("说明").addRow(["not read"]);
    const path = join(dir, "orders.xlsx");
    await workbook.xlsx.writeFile(path);

    const reports: ReadProgress[] = [];
    const rows = await rowsOf(path, (p) => reports.push(p));
    expect(rows).toEqual([
      { row: 1, cells: ["工单编号", "受理时间", "办理时限", "次数", "说明"] },
      { row: 2, cells: [20170001, new Date(Date.UTC(2017, 9, 3, 14, 5)), new Date(Date.UTC(2017, 9, 5)), 2, "富文本"] },
      { row: 4, cells: ["GD3", "2017/10/3 14:05:00", 2] },
    ]);
    expect(reports[reports.length - 1]).toMatchObject({ done: true, encoding: "xlsx" });
  });

  it.each([true, false])("keeps Chinese text whole across zip chunk boundaries (exceljs bug worked around), shared strings: %s", async (useSharedStrings) => {
    const path = join(dir, `chinese-${useSharedStrings}.xlsx`);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings });
    const sheet = writer.addWorksheet("工单");
    const names = Array.from({ length: 3000 }, (_, i) => `桓台县测试单位第${i}号办事处`);
    sheet.addRow(["承办单位", "说明"]).commit();
    for (const name of names) sheet.addRow([name, `关于${name}的市民投诉`]).commit();
    sheet.commit();
    await writer.commit();

    const rows = await rowsOf(path);
    expect(rows).toHaveLength(3001);
    const cells = rows.slice(1).map((r) => r.cells);
    expect(cells).toEqual(names.map((name) => [name, `关于${name}的市民投诉`]));
  });

  it("fails with a reason a user can read when the file is not a workbook", async () => {
    const path = join(dir, "broken.xlsx");
    // neither a workbook, nor a web page, nor a table of text
    await writeFile(path, "这不是 Excel 文件");
    const error = await rowsOf(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TableReadError);
    expect((error as TableReadError).reason).toContain("无法读取 Excel 文件");
  });
});

describe("readTable, a workbook under another kind's name", { timeout: LONG_READ_TIMEOUT }, () => {
  it.each(["工单.xls", "工单.xlsx"])("an .ods (LibreOffice, WPS) named %s is read as the .ods it is", async (name) => {
    const ods = await odsBytes([{ name: "工单", rows: odsRow(["工单编号", "承办单位"]) + odsRow(["GD001", "索镇街道"]) }]);
    const path = join(dir, name);
    await writeFile(path, ods);
    expect(await rowsOf(path)).toEqual([
      { row: 1, cells: ["工单编号", "承办单位"] },
      { row: 2, cells: ["GD001", "索镇街道"] },
    ]);
  });

  // Excel's and WPS's 另存为“Unicode 文本”, as platforms export it under the name .xls: it was refused as a damaged
  // workbook, and read when renamed .txt (a finder's export files)
  it.each(["le", "be"] as const)(
    "a UTF-16 %s tab-separated text with its BOM (Excel's “Unicode 文本”) named .xls is read as the text table it is",
    async (order) => {
      const text = "\ufeff桓台县12345工单明细\r\n工单编号\t承办单位\t受理时间\r\nGD001\t索镇街道\t2018-11-03 14:05\r\n";
      const le = Buffer.from(text, "utf16le");
      const path = join(dir, `工单-utf16${order}.xls`);
      await writeFile(path, order === "le" ? le : Buffer.from(le).swap16());
      expect(await rowsOf(path)).toEqual([
        { row: 1, cells: ["桓台县12345工单明细"] },
        { row: 2, cells: ["工单编号", "承办单位", "受理时间"] },
        { row: 3, cells: ["GD001", "索镇街道", "2018-11-03 14:05"] },
      ]);
    },
  );

  // some exporters write it without the BOM: it was refused as a damaged .xls
  it.each(["le", "be"] as const)("a UTF-16 %s tab-separated text without a BOM named .xls is read as the text table it is", async (order) => {
    const text = "工单编号\t承办单位\t受理时间\r\nGD001\t索镇街道\t2018-11-03 14:05\r\nGD002\t果里镇\t2018-11-04 08:30\r\n";
    const le = Buffer.from(text, "utf16le");
    const path = join(dir, `工单-utf16-nobom${order}.xls`);
    await writeFile(path, order === "le" ? le : Buffer.from(le).swap16());
    expect(await rowsOf(path)).toEqual([
      { row: 1, cells: ["工单编号", "承办单位", "受理时间"] },
      { row: 2, cells: ["GD001", "索镇街道", "2018-11-03 14:05"] },
      { row: 3, cells: ["GD002", "果里镇", "2018-11-04 08:30"] },
    ]);
  });

  it("a binary file named .xls whose NULs fall in every other byte (records of small numbers) is not taken for UTF-16 text", async () => {
    // BIFF-like records without the OLE wrapper: a NUL in each odd byte, as UTF-16LE's ASCII has, but control characters
    const bytes = Buffer.alloc(2048);
    for (let i = 0; i < bytes.length; i += 2) bytes[i] = [0x09, 0x04, 0x10, 0x06, 0x01, 0x02][(i / 2) % 6] as number;
    const path = join(dir, "binary-nuls.xls");
    await writeFile(path, bytes);
    await expect(rowsOf(path)).rejects.toThrow(TableReadError);
  });

  it("an .xlsx (Excel, WPS) named .ods is read as the .xlsx it is", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("工单");
    sheet.addRow(["工单编号", "承办单位"]);
    sheet.addRow(["GD001", "索镇街道"]);
    const path = join(dir, "工单.ods");
    await workbook.xlsx.writeFile(path);
    expect(await rowsOf(path)).toEqual([
      { row: 1, cells: ["工单编号", "承办单位"] },
      { row: 2, cells: ["GD001", "索镇街道"] },
    ]);
  });
});

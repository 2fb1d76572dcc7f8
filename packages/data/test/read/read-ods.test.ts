/**
 * OpenDocument spreadsheets (.ods) as LibreOffice writes them, built from their content.xml (test/support/ods-writer.ts):
 * hidden sheets, repeated blank rows and cells, typed values, paragraphs and spaces, cells merged down rows.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../src/limits.ts";
import { DateShownAlone, DateTimeCell } from "../../src/read/cell-values.ts";
import { type RawRow, type ReadProgress, readTable, readTableBatches, type SheetView, tableFormatOf } from "../../src/read/read-table.ts";
import { shanghaiEpoch } from "../../src/shanghai-time.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { odsBlankRowsTo, odsRow, writeOds } from "../support/ods-writer.ts";
import { useTempDir } from "../support/temp-dir.ts";
import { zipParts } from "../support/xlsx-writer.ts";

const dir = await useTempDir();
let n = 0;
const name = () => `book-${++n}.ods`;

async function rowsOf(path: string, options: Parameters<typeof readTable>[2] = {}): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readTable(path, undefined, options)) rows.push(row);
  return rows;
}

const date = (v: string) => ({
  xml: `<table:table-cell office:value-type="date" office:date-value="${v}" calcext:value-type="date"><text:p>${v}</text:p></table:table-cell>`,
});
const bool = (v: boolean) => ({
  xml: `<table:table-cell office:value-type="boolean" office:boolean-value="${v}" calcext:value-type="boolean"><text:p>${v ? "TRUE" : "FALSE"}</text:p></table:table-cell>`,
});
const text = (inner: string) => ({ xml: `<table:table-cell office:value-type="string" calcext:value-type="string">${inner}</table:table-cell>` });

describe("ODS (LibreOffice)", () => {
  it("reads the visible sheet below its title row: dates, date-times, numbers, booleans, paragraphs and spaces, row numbers as the sheet shows them", async () => {
    const lists = odsRow(["来源"]) + odsRow(["县中心"]);
    const data = [
      odsRow(["2017年10月工单"]),
      odsRow(["工单编号", "受理时间", "办理时限", "工时", "匿名", "说明"]),
      odsRow([
        "GD1",
        date("2018-11-03T14:05:00"),
        date("2018-11-03"),
        2.5,
        bool(true),
        text(
          '<text:p>第一段 &amp; <text:span text:style-name="T1">加粗</text:span></text:p><text:p>第二段<text:s text:c="3"/>三个空格<text:tab/>制表<text:line-break/>换行</text:p>',
        ),
      ]),
      // three blank rows, repeated, then blank cells repeated across the row
      '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>',
      odsRow([
        "GD2",
        { xml: '<table:table-cell table:number-columns-repeated="2"/>' },
        { xml: '<table:table-cell office:value-type="percentage" office:value="0.25" calcext:value-type="percentage"><text:p>25%</text:p></table:table-cell>' },
        bool(false),
        text("<text:p>  开头的空格不算 <text:s/>两个</text:p>"),
      ]),
      odsRow([
        {
          xml: '<table:table-cell office:value-type="time" office:time-value="PT14H05M00S" calcext:value-type="time"><text:p>14:05</text:p></table:table-cell>',
        },
      ]),
      odsBlankRowsTo(8),
    ].join("");
    const path = await writeOds(dir, name(), [
      { name: "字典", hidden: true, rows: lists },
      { name: "工单", rows: data },
    ]);
    const sheets: { name: string; sheets: number }[] = [];
    const progress: ReadProgress[] = [];
    const rows = await rowsOf(path, { onSheet: (s) => sheets.push(s), onProgress: (p) => progress.push(p) });
    expect(sheets).toEqual([{ name: "工单", sheets: 2, read: 1, skipped: [{ name: "字典", hidden: true }] }]);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 7, 8]);
    expect(rows[0]?.cells).toEqual(["2017年10月工单"]);
    const [, , received, due, hours, anonymous, note] = [undefined, ...(rows[2]?.cells ?? [])];
    expect(received).toBeInstanceOf(DateTimeCell);
    expect((received as Date).getTime()).toBe(Date.UTC(2018, 10, 3, 14, 5));
    // a date alone, as read-xlsx reads a date-only cell: a plain Date at the wall clock's midnight, as UTC
    expect(due).not.toBeInstanceOf(DateTimeCell);
    expect(due).toEqual(new Date(Date.UTC(2018, 10, 3)));
    expect(hours).toBe(2.5);
    expect(anonymous).toBe(true);
    expect(note).toBe("第一段 & 加粗\n第二段   三个空格\t制表\n换行");
    expect(rows[3]?.cells).toEqual(["GD2", undefined, undefined, 0.25, false, "开头的空格不算  两个"]);
    expect(rows[4]?.cells).toEqual(["14:05"]);
    expect(progress.at(-1)).toMatchObject({ done: true, rows: 8, encoding: "ods" });
  });

  it("reads a date cell as the day its text shows when it shows no time of day (a deadline worked out as 受理时间 + 7)", async () => {
    const shown = (value: string, text: string) => ({
      xml: `<table:table-cell office:value-type="date" office:date-value="${value}" calcext:value-type="date"><text:p>${text}</text:p></table:table-cell>`,
    });
    const path = await writeOds(dir, name(), [
      {
        name: "工单",
        rows:
          odsRow(["工单编号", "办理时限", "延期至", "办结时间"]) +
          odsRow([
            "GD1",
            shown("2018-12-10T08:05:00", "2018-12-10"),
            shown("2018-12-12T08:05:00", "2018-12-12 08:05"),
            shown("2018-12-09T16:00:00", "2018年12月9日 下午4时"),
          ]),
      },
    ]);
    const [, row] = await rowsOf(path);
    const [, due, extended, closed] = row?.cells ?? [];
    // shown as a date alone: that day, not 08:05 of it
    expect(due).not.toBeInstanceOf(DateTimeCell);
    expect(due).toEqual(new Date(Date.UTC(2018, 11, 10)));
    // the time it holds kept beside, for a moment's column (受理时间, 办结时间)
    expect(due).toBeInstanceOf(DateShownAlone);
    expect((due as DateShownAlone).held).toBe(Date.UTC(2018, 11, 10, 8, 5));
    // shown with its time: the time
    expect(extended).toBeInstanceOf(DateTimeCell);
    expect((extended as Date).getTime()).toBe(Date.UTC(2018, 11, 12, 8, 5));
    expect((closed as Date).getTime()).toBe(Date.UTC(2018, 11, 9, 16));
  });

  it("a duration (响应时长 25:30:00 as [HH]:MM:SS, office:time-value PT25H30M00S) reads as the .xlsx of the same sheet does: 25:30", async () => {
    const time = (value: string, text: string | null) => ({
      xml: `<table:table-cell table:style-name="ce3" office:value-type="time" office:time-value="${value}" calcext:value-type="time">${text === null ? "" : `<text:p>${text}</text:p>`}</table:table-cell>`,
    });
    const path = await writeOds(dir, name(), [
      {
        name: "工单",
        rows:
          odsRow(["工单编号", "承办单位", "来源", "受理时间", "办理时限", "响应时长"]) +
          odsRow(["GD1", "唐山镇", "县中心", "2018-11-05 09:00", "2018-11-12", time("PT25H30M00S", "25:30:00")]) +
          odsRow(["GD2", "唐山镇", "县中心", "2018-11-05 09:00", "2018-11-12", time("PT25H30M15S", "25:30:15")]) +
          // shown without its seconds: as shown
          odsRow(["GD3", "唐山镇", "县中心", "2018-11-05 09:00", "2018-11-12", time("PT25H30M15S", "25:30")]) +
          odsRow(["GD4", "唐山镇", "县中心", "2018-11-05 09:00", "2018-11-12", time("PT05H54M00S", "05:54:00")]) +
          // a program's file with the value alone
          odsRow(["GD5", "唐山镇", "县中心", "2018-11-05 09:00", "2018-11-12", time("P1DT1H30M", null)]),
      },
    ]);
    const { records, problems } = await loadRecords(path, "orders");
    expect(problems).toEqual([]);
    expect(records.map((o) => o.attributes.响应时长)).toEqual(["25:30", "25:30:15", "25:30", "05:54", "25:30"]);
  });

  it("a duration with months or years (P1M, a month; PT1M is a minute) is refused at its cell, not read as a minute; days and hours read as elapsed time", async () => {
    const time = (value: string) => ({
      xml: `<table:table-cell office:value-type="time" office:time-value="${value}" calcext:value-type="time"></table:table-cell>`,
    });
    const row = (id: string, value: string) => odsRow([id, "唐山镇", "县中心", "2018-11-05 09:00", "2018-11-12", time(value)]);
    const head = odsRow(["工单编号", "承办单位", "来源", "受理时间", "办理时限", "响应时长"]);
    const good = await writeOds(dir, name(), [
      {
        name: "工单",
        // a minute; 25:30 as hours past a day and as a day and hours; years and months of 0 as a program writes them
        rows: head + row("GD1", "PT1M") + row("GD2", "PT25H30M") + row("GD3", "P1DT1H30M") + row("GD4", "P0Y0M1DT1H30M0S"),
      },
    ]);
    const read = await loadRecords(good, "orders");
    expect(read.problems).toEqual([]);
    expect(read.records.map((o) => o.attributes.响应时长)).toEqual(["00:01", "25:30", "25:30", "25:30"]);

    const bad = await writeOds(dir, name(), [{ name: "工单", rows: head + row("GD1", "P1M") + row("GD2", "P1Y2M3DT4H") + row("GD3", "PT2H") }]);
    const { records, problems } = await loadRecords(bad, "orders");
    expect(records).toEqual([]);
    expect(problems.map((p) => [p.row, p.column, p.value])).toEqual([
      [2, "响应时长", "P1M"],
      [3, "响应时长", "P1Y2M3DT4H"],
    ]);
    expect(problems[0]?.reason).toMatch(/以年或月计.*PT1M/);
  });

  it("reads a whole number whose format pads it with zeros (0000) as the text it shows, as the .xlsx reads it; a number column reads it as the number", async () => {
    // a number cell as LibreOffice writes one formatted 0000: its value, and the text it shows
    const shown = (value: number, text: string) => ({
      xml: `<table:table-cell table:style-name="ce2" office:value-type="float" office:value="${value}" calcext:value-type="float"><text:p>${text}</text:p></table:table-cell>`,
    });
    const path = await writeOds(dir, name(), [
      {
        name: "工单",
        rows:
          odsRow(["工单编号", "承办单位", "来源", "受理时间", "办理时限", "退回重办次数"]) +
          // shown 020181100001, 0301, 02
          odsRow([shown(20181100001, "020181100001"), shown(301, "0301"), "县中心", "2018-11-05 09:00", "2018-11-12", shown(2, "02")]) +
          // no zeros shown (a number as long as its format, a General one; 12 formatted 0.0), or a text that is not the
          // number's digits after zeros: the number
          odsRow([120181100001, shown(1234, "1234"), "县中心", "2018-11-05 09:00", "2018-11-12", shown(12, "12.0")]) +
          odsRow(["GD3", shown(301, "0302"), "县中心", "2018-11-05 09:00", "2018-11-12", 3]),
      },
    ]);
    expect((await rowsOf(path)).slice(1).map((r) => [r.cells[0], r.cells[1], r.cells[5]])).toEqual([
      ["020181100001", "0301", "02"],
      [120181100001, 1234, 12],
      ["GD3", 301, 3],
    ]);
    const { records, problems } = await loadRecords(path, "orders");
    expect(problems).toEqual([]);
    // the 退回重办次数 shown 02 is the count 2
    expect(records.map((o) => [o.id, o.unit, o.redoCount])).toEqual([
      ["020181100001", "0301", 2],
      ["120181100001", "1234", 12],
      ["GD3", "301", 3],
    ]);
  });

  it("reads a date written without its time (LibreOffice drops 00:00) as that moment when its text shows a time, as the .xlsx reads it", async () => {
    const shown = (value: string, text: string) => ({
      xml: `<table:table-cell office:value-type="date" office:date-value="${value}" calcext:value-type="date"><text:p>${text}</text:p></table:table-cell>`,
    });
    const path = await writeOds(dir, "时限零点.ods", [
      {
        name: "工单",
        rows:
          odsRow(["工单编号", "承办单位", "来源", "受理时间", "办理时限", "延期至"]) +
          odsRow([
            "GD1",
            "唐山镇",
            "县中心",
            shown("2018-12-01T08:05:00", "2018-12-01 08:05"),
            shown("2018-12-05", "2018-12-05 00:00"),
            shown("2018-12-07", "2018-12-07"),
          ]),
      },
    ]);
    const [, row] = await rowsOf(path);
    const [, , , , due, extended] = row?.cells ?? [];
    expect(due).toBeInstanceOf(DateTimeCell);
    expect((due as Date).getTime()).toBe(Date.UTC(2018, 11, 5));
    // a date shown alone stays a day
    expect(extended).not.toBeInstanceOf(DateTimeCell);
    const { problems, records } = await loadRecords(path, "orders");
    expect(problems).toEqual([]);
    // 00:00 of the 5th, not the day's end: an order closed on the 5th is late, as from the .xlsx of the same sheet
    expect(records[0]?.dueAt).toBe(shanghaiEpoch(2018, 12, 5));
    expect(records[0]?.extendedTo).toBe(shanghaiEpoch(2018, 12, 7, 23, 59, 59, 999));
  });

  it("marks the rows hidden by hand (collapse) or by a filter, and no others", async () => {
    const row = (cells: string[], visibility?: string) => odsRow(cells, visibility ? ` table:visibility="${visibility}"` : "");
    const path = await writeOds(dir, name(), [
      { name: "工单", rows: row(["工单编号"]) + row(["GD1"]) + row(["GD2"], "collapse") + row(["GD3"], "filter") + row(["GD4"], "visible") },
    ]);
    expect((await rowsOf(path)).map((r) => [r.row, r.hidden ?? false])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, true],
      [5, false],
    ]);
  });

  it("tells the columns a sheet hides (table:visibility on its columns) and whether a filter hides rows", async () => {
    const row = (cells: string[], visibility?: string) => odsRow(cells, visibility ? ` table:visibility="${visibility}"` : "");
    // as LibreOffice writes them: A and B alike, C hidden, D to the 1,024th described as one (repeated past the columns read)
    const columns = (hidden: string) =>
      `<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="${hidden}"/><table:table-column table:number-columns-repeated="16381"/>`;
    const rows = row(["工单编号", "承办单位", "回访结果"]) + row(["GD1", "唐山镇", "满意"]);
    const views = async (sheets: Parameters<typeof writeOds>[2]) => {
      const told: SheetView[] = [];
      await rowsOf(await writeOds(dir, name(), sheets), { onSheetView: (v) => told.push(v) });
      return told;
    };
    // the rows an AutoFilter hides are written `filter` (a blank one too), those hidden by hand `collapse`
    expect(
      await views([{ name: "工单", columns: columns("collapse"), rows: rows + row(["GD2", "索镇街道", "不满意"], "filter") + row([], "filter") }]),
    ).toEqual([{ hiddenColumns: [2], filtered: true }]);
    expect(await views([{ name: "工单", columns: columns("visible"), rows: rows + row(["GD2", "索镇街道", "不满意"], "collapse") }])).toEqual([
      { hiddenColumns: [], filtered: false },
    ]);
  });

  it("passes over a million repeated blank rows and sixteen thousand repeated blank cells at once", async () => {
    const header = odsRow(["工单编号", "承办单位"]);
    const path = await writeOds(dir, name(), [{ name: "Sheet1", rows: header + odsRow(["GD1", "索镇街道"]) + odsBlankRowsTo(2) }]);
    const started = performance.now();
    const rows = await rowsOf(path);
    // a blank row made a million times, or a row of sixteen thousand cells, would take minutes
    expect(performance.now() - started).toBeLessThan(3000);
    expect(rows).toEqual([
      { row: 1, cells: ["工单编号", "承办单位"] },
      { row: 2, cells: ["GD1", "索镇街道"] },
    ]);
  });

  it("a unit merged down three rows reads in each of them; a merge within one row stays as it is", async () => {
    const merged = {
      xml: '<table:table-cell table:number-rows-spanned="3" table:number-columns-spanned="1" office:value-type="string"><text:p>索镇街道</text:p></table:table-cell>',
    };
    const covered = { xml: "<table:covered-table-cell/>" };
    const title =
      '<table:table-row><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>工单</text:p></table:table-cell><table:covered-table-cell/></table:table-row>';
    const path = await writeOds(dir, name(), [
      {
        name: "Sheet1",
        rows: [
          title,
          odsRow(["工单编号", "承办单位"]),
          odsRow(["GD1", merged]),
          odsRow(["GD2", covered]),
          odsRow(["GD3", covered]),
          odsRow(["GD4", "唐山镇"]),
        ].join(""),
      },
    ]);
    expect((await rowsOf(path)).map((r) => r.cells)).toEqual([
      ["工单"],
      ["工单编号", "承办单位"],
      ["GD1", "索镇街道"],
      ["GD2", "索镇街道"],
      ["GD3", "索镇街道"],
      ["GD4", "唐山镇"],
    ]);
  });

  it("a row LibreOffice wrote once for several identical rows reads as each of them, numbered", async () => {
    const path = await writeOds(dir, name(), [
      { name: "Sheet1", rows: odsRow(["来源"]) + odsRow(["县中心"], ' table:number-rows-repeated="3"') + odsRow(["市中心"]) },
    ]);
    expect(await rowsOf(path)).toEqual([
      { row: 1, cells: ["来源"] },
      { row: 2, cells: ["县中心"] },
      { row: 3, cells: ["县中心"] },
      { row: 4, cells: ["县中心"] },
      { row: 5, cells: ["市中心"] },
    ]);
  });

  it("a merge down rows with nothing else in them leaves them blank", async () => {
    const merged = { xml: '<table:table-cell table:number-rows-spanned="3" office:value-type="string"><text:p>索镇街道</text:p></table:table-cell>' };
    const path = await writeOds(dir, name(), [
      {
        name: "Sheet1",
        rows:
          odsRow(["GD1", merged]) +
          odsRow([null, { xml: "<table:covered-table-cell/>" }]) +
          odsRow([null, { xml: "<table:covered-table-cell/>" }]) +
          odsRow(["GD2", "x"]),
      },
    ]);
    expect((await rowsOf(path)).map((r) => r.row)).toEqual([1, 4]);
  });

  it("chooses the sheet that fits, notes last; with fit.all reads every complete sheet, one after another", async () => {
    const notes = odsRow(["工单编号", "承办单位"]) + odsRow(["示例", "示例单位"]);
    const month = (id: string) => odsRow(["工单编号", "承办单位"]) + odsRow([id, "索镇街道"]);
    const path = await writeOds(dir, name(), [
      { name: "说明", rows: notes },
      { name: "10月", rows: month("GD10") },
      { name: "字典", hidden: true, rows: month("HIDDEN") },
      { name: "11月", rows: month("GD11") },
    ]);
    const score = (rows: readonly RawRow[]) => (rows.some((r) => r.cells[0] === "工单编号") ? Number.POSITIVE_INFINITY : 0);
    const sheets: string[] = [];
    const batches: RawRow[][] = [];
    for await (const batch of readTableBatches(path, "ods", { sheetFit: { rows: 10, score, all: true }, onSheet: (s) => sheets.push(s.name) }))
      batches.push(batch);
    expect(sheets).toEqual(["10月", "11月"]);
    expect(batches.map((b) => b.map((r) => r.cells[0]))).toEqual([
      ["工单编号", "GD10"],
      ["工单编号", "GD11"],
    ]);
    const first: string[] = [];
    expect((await rowsOf(path, { sheetFit: { rows: 10, score }, onSheet: (s) => first.push(s.name) })).map((r) => r.cells[0])).toEqual(["工单编号", "GD10"]);
    expect(first).toEqual(["10月"]);
    // leadingRows: the first rows only
    expect((await rowsOf(path, { leadingRows: 1 })).map((r) => r.cells[0])).toEqual(["工单编号"]);
  });

  it("keeps a cell's text only up to the limit, and reads a formula's error as a problem", async () => {
    const long = "长".repeat(IMPORT_LIMITS.textChars * 2 + 5);
    const path = await writeOds(dir, name(), [
      {
        name: "Sheet1",
        rows:
          odsRow([long]) +
          odsRow([
            "GD1",
            {
              xml: '<table:table-cell table:formula="of:=[.A1]/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>',
            },
          ]),
      },
    ]);
    const rows = await rowsOf(path);
    expect(rows[0]?.cells[0]).toBe("长".repeat(IMPORT_LIMITS.textChars + 1));
    expect(rows[1]).toMatchObject({ row: 2, cells: ["GD1"], uncalculated: [{ column: 1, formula: "=A1/0", error: "#DIV/0!" }] });
  });

  it("names what is wrong with a file named .ods that is no spreadsheet", async () => {
    expect(tableFormatOf("工单.ODS")).toBe("ods");
    const text = join(dir, "text.ods");
    await writeFile(text, "工单编号,承办单位\nGD1,索镇街道\n");
    await expect(rowsOf(text)).rejects.toMatchObject({ reason: expect.stringContaining("扩展名改为 .csv") });
    const noContent = join(dir, "no-content.ods");
    await writeFile(noContent, await zipParts([{ name: "mimetype", data: "application/vnd.oasis.opendocument.spreadsheet", stored: true }]));
    await expect(rowsOf(noContent)).rejects.toMatchObject({ reason: expect.stringContaining("无法读取 ODS 文件") });
    const junk = join(dir, "junk.ods");
    await writeFile(junk, Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1, 2, 3]));
    await expect(rowsOf(junk)).rejects.toMatchObject({ reason: expect.stringContaining("无法读取 ODS 文件") });
  });

  it("a file saved with a password says so, with how to save it without one (it said the file had no sheet)", async () => {
    // as LibreOffice saves it: the manifest (never encrypted) describes each encrypted part; content.xml is ciphertext
    const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="3021">
  <manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="x">
   <manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="y"/>
  </manifest:encryption-data>
 </manifest:file-entry>
</manifest:manifest>`;
    const path = join(dir, "with-password.ods");
    await writeFile(
      path,
      await zipParts([
        { name: "mimetype", data: "application/vnd.oasis.opendocument.spreadsheet", stored: true },
        { name: "META-INF/manifest.xml", data: manifest },
        { name: "content.xml", data: () => [Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 151) % 256))], stored: true },
      ]),
    );
    await expect(rowsOf(path)).rejects.toMatchObject({
      reason: "ODS 文件设有密码（已加密），无法读取：请在 LibreOffice 中打开，另存时取消“使用密码保存”，再导入",
    });
  });

  it("refuses a content.xml packed implausibly tight before reading it", async () => {
    const blank = "<table:table-row><table:table-cell/><table:table-cell/></table:table-row>";
    const path = await writeOds(dir, name(), [
      {
        name: "Sheet1",
        rows: () =>
          (function* () {
            yield odsRow(["工单编号"]);
            for (let i = 0; i < 40; i++) yield blank.repeat(1000);
          })(),
      },
    ]);
    await expect(rowsOf(path, { xlsxSuspectBytes: 1024 * 1024 })).rejects.toMatchObject({ reason: expect.stringContaining("远超正常数据") });
  });
});

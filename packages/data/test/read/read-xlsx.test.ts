/**
 * XLSX as other programs write it, built part by part (test-support/xlsx-writer.ts):
 * inline strings (openpyxl, Apache POI SXSSF), shared strings with rich text
 * and phonetic runs (Excel, WPS), LibreOffice's escaped date formats and
 * formulas with computed values, a formula never computed, the 1904 date
 * system, namespace prefixes, and a huge string in a small file.
 */
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { skippedRowText } from "../../src/import-report.ts";
import { IMPORT_LIMITS } from "../../src/limits.ts";
import { readTable } from "../../src/read/read-table.ts";
import { shanghaiEpoch } from "../../src/shanghai-time.ts";
import type { ImportProblem } from "../../src/types.ts";
import { detectFileKind } from "../../src/validate/file-kind.ts";
import { type HiddenInSheet, loadRecords, readRecordBatches, type SheetsRead } from "../../src/validate/read-records.ts";
import { useTempDir } from "../support/temp-dir.ts";
import { columnName, escapeXml, sharedStringsXml, sheetXml, stylesXml, writeWorkbook, zipParts } from "../support/xlsx-writer.ts";

const dir = await useTempDir();
let n = 0;
const name = () => `book-${++n}.xlsx`;

/** A cell: text (inline string), a number, or the XML attributes and content given as they are. */
type XCell = string | number | null | { xml: string };

/** Rows as POI SXSSF and openpyxl's write-only mode write them: every text an inline string. */
function inlineRow(r: number, cells: readonly XCell[], style: readonly (number | undefined)[] = []): string {
  const xml = cells
    .map((cell, i) => {
      const ref = `${columnName(i)}${r}`;
      const s = style[i] === undefined ? "" : ` s="${style[i]}"`;
      if (cell === null) return "";
      if (typeof cell === "number") return `<c r="${ref}"${s}><v>${cell}</v></c>`;
      if (typeof cell === "string") return `<c r="${ref}"${s} t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>`;
      return `<c r="${ref}"${s}${cell.xml}</c>`;
    })
    .join("");
  return `<row r="${r}">${xml}</row>`;
}

const where = (problems: readonly ImportProblem[]) => problems.map(({ row, column, value, reason }) => ({ row, column, value, reason }));

const HEADER = ["工单编号", "承办单位", "来源", "受理时间", "办理时限", "延期至", "办结时间", "退回重办次数", "备注"];
/** 2017-10-03 14:05 and 2017-10-10 as Excel serial numbers (1900 system) */
const RECEIVED = 43011 + (14 * 60 + 5) / 1440;
const DUE = 43018;

describe("XLSX as other programs write it", () => {
  it("reads inline strings (Apache POI SXSSF, openpyxl), dates by their style, numbers stored as text", async () => {
    // styles: 0 General, 1 a date-time (built-in 22), 2 a date (custom), 3 text (@)
    const styles = stylesXml([0, 22, "yyyy-mm-dd", 49]);
    const sheet = sheetXml([
      inlineRow(1, HEADER),
      inlineRow(2, ["20171003001", "索镇街道", "县中心", RECEIVED, DUE, null, "2017-10-08 09:30", "2", "加急 & 复核"], [3, 0, 0, 1, 2, 2, 0, 3, 0]),
      inlineRow(3, [20171003002, "唐山镇", "市中心", "2017/10/4 9:00:00", "2017-10-07 17:00", "2017-10-12", null, 0, null], [0, 0, 0, 0, 0, 0, 0, 0]),
    ]);
    const path = await writeWorkbook(dir, name(), { sheet, styles });
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toMatchObject([
      {
        id: "20171003001",
        unit: "索镇街道",
        receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5),
        dueAt: shanghaiEpoch(2017, 10, 10, 23, 59, 59, 999),
        closedAt: shanghaiEpoch(2017, 10, 8, 9, 30),
        redoCount: 2,
        attributes: { 备注: "加急 & 复核" },
      },
      {
        id: "20171003002",
        unit: "唐山镇",
        source: "市中心",
        receivedAt: shanghaiEpoch(2017, 10, 4, 9),
        dueAt: shanghaiEpoch(2017, 10, 7, 17),
        extendedTo: shanghaiEpoch(2017, 10, 12, 23, 59, 59, 999),
        redoCount: 0,
      },
    ]);
  });

  it("reads shared strings with rich text and phonetic runs, Chinese built-in date formats, _xHHHH_ escapes, cells without references (Excel, WPS)", async () => {
    const strings = [
      ...HEADER.map(escapeXml).map((t) => `<t>${t}</t>`),
      // rich text: two runs; a phonetic guide that is not part of the text
      `<r><rPr><b/><sz val="11"/></rPr><t>索镇</t></r><r><t xml:space="preserve">街道</t></r><rPh sb="0" eb="2"><t>スオ</t></rPh>`,
      "<t>县中心</t>",
      "<t>GD-X1</t>",
      "<t>第一行_x000D_\n第二行</t>",
    ];
    // styles: 0 General, 1 yyyy年m月d日 (built-in 31, Chinese Excel), 2 WPS's custom date-time
    const styles = stylesXml([0, 31, 'yyyy"年"m"月"d"日" hh:mm']);
    const s = (i: number, style = 0) => ({ xml: ` s="${style}" t="s"><v>${i}</v>` });
    const row2 = [
      `<c t="s"><v>11</v></c>`,
      `<c t="s"><v>9</v></c>`,
      `<c t="s"><v>10</v></c>`,
      `<c s="2"><v>${RECEIVED}</v></c>`,
      `<c s="1"><v>${DUE}</v></c>`,
      "<c/>",
      "<c/>",
      "<c><v>1</v></c>",
      `<c t="s"><v>12</v></c>`,
    ].join("");
    const sheet = sheetXml([
      inlineRow(
        1,
        HEADER.map((_, i) => s(i)),
      ),
      `<row r="2">${row2}</row>`,
    ]);
    const path = await writeWorkbook(dir, name(), { sheet, styles, sharedStrings: sharedStringsXml(strings) });
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toMatchObject([
      {
        id: "GD-X1",
        unit: "索镇街道",
        source: "县中心",
        receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5),
        dueAt: shanghaiEpoch(2017, 10, 10, 23, 59, 59, 999),
        redoCount: 1,
        attributes: { 备注: "第一行\r\n第二行" },
      },
    ]);
  });

  it("a time or duration cell in an extra column (响应时长 05:54 as [hh]:mm, hh:mm, built-in 20 and 46) is kept as it shows, not as the date 1899-12-30", async () => {
    // LibreOffice writes a duration as [hh]:mm: the elapsed hours' bracket was dropped and the cell read as a date alone
    const styles = stylesXml([0, "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "[hh]:mm", "hh:mm", 20, 46]);
    const at = 0.246; // 05:54:14.4 → 05:54
    const header = [...HEADER.slice(0, 5), "响应时长"];
    const row = (r: number, style: number) =>
      inlineRow(r, [`GD-T${r}`, "唐山镇", "县中心", RECEIVED, DUE, Math.round(at * 1440) / 1440], [undefined, undefined, undefined, 1, 2, style]);
    const sheet = sheetXml([inlineRow(1, header), row(2, 3), row(3, 4), row(4, 5), row(5, 6)]);
    const path = await writeWorkbook(dir, name(), { sheet, styles });
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records.map((o) => o.attributes.响应时长)).toEqual(["05:54", "05:54", "05:54", "05:54"]);
  });

  it("a duration of a day or more in an extra column (响应时长 25:30 as [h]:mm) is its elapsed time, not the date 1899-12-31", async () => {
    // LibreOffice writes a duration as [HH]:MM:SS; Excel's built-in 46 is [h]:mm:ss; [mm]:ss counts the minutes in full
    const styles = stylesXml([0, "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "[h]:mm", "[HH]:MM:SS", 46, "[mm]:ss"]);
    const header = [...HEADER.slice(0, 5), "响应时长"];
    const row = (r: number, style: number, days: number) =>
      inlineRow(r, [`GD-E${r}`, "唐山镇", "县中心", RECEIVED, DUE, days], [undefined, undefined, undefined, 1, 2, style]);
    const h2530 = (25 * 60 + 30) / 1440;
    const h253015 = (25 * 3600 + 30 * 60 + 15) / 86_400;
    const sheet = sheetXml([
      inlineRow(1, header),
      row(2, 3, h2530),
      row(3, 3, h253015), // seconds the format does not show: as it shows, 25:30
      row(4, 4, h253015),
      row(5, 5, h2530),
      row(6, 5, 50 + 0.25), // 1206:00, past Excel's 1900-02-29
      row(7, 6, h253015),
    ]);
    const path = await writeWorkbook(dir, name(), { sheet, styles });
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records.map((o) => o.attributes.响应时长)).toEqual(["25:30", "25:30", "25:30:15", "25:30", "1206:00", "1530:15"]);
  });

  it("reads LibreOffice's escaped date formats and formulas by their computed values; the first sheet in tab order; x: prefixes", async () => {
    const styles = stylesXml([0, "YYYY\\-MM\\-DD\\ HH:MM", "YYYY\\-MM\\-DD", "[$-804]yyyy/m/d;@", "0.00E+00"]);
    const row = (r: number, cells: string) => `<x:row r="${r}">${cells.replace(/<(\/?)c\b/g, "<$1x:c").replace(/<(\/?)(v|f|is|t)>/g, "<$1x:$2>")}</x:row>`;
    const header = HEADER.map((h, i) => `<c r="${columnName(i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join("");
    const cells = [
      `<c r="A2" t="str"><f>"LO"&amp;"-1"</f><v>LO-1</v></c>`,
      `<c r="B2" t="inlineStr"><is><t>唐山镇</t></is></c>`,
      `<c r="C2" t="str"><f>"县"&amp;"中心"</f><v>县中心</v></c>`,
      `<c r="D2" s="1" t="n"><v>${RECEIVED}</v></c>`,
      `<c r="E2" s="2" t="n"><f>D2+7</f><v>${DUE}</v></c>`,
      `<c r="F2" s="3"><v>${DUE + 2}</v></c>`,
      `<c r="H2" s="4"><f>1+1</f><v>2</v></c>`,
    ].join("");
    const sheet = sheetXml([row(1, header), row(2, cells)], "x");
    const other = sheetXml([inlineRow(1, ["这是第二个工作表"])]);
    const path = await writeWorkbook(dir, name(), { sheet, styles, prefix: "x", otherSheet: other });
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toMatchObject([
      {
        id: "LO-1",
        source: "县中心",
        receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5),
        dueAt: shanghaiEpoch(2017, 10, 10, 23, 59, 59, 999),
        extendedTo: shanghaiEpoch(2017, 10, 12, 23, 59, 59, 999),
        redoCount: 2,
      },
    ]);
  });

  it("reads a date-formatted deadline as the day it shows, whatever time its number holds besides (办理时限 = 受理时间 + 7, shown yyyy-mm-dd); a moment as held", async () => {
    // styles: 0 General, 1 yyyy-mm-dd, 2 yyyy-mm-dd hh:mm; the deadline is the receipt's number + 7: 2017-10-10 14:05,
    // shown 2017-10-10 — read as that day (a deadline's end of day), as the CSV saved from the sheet says, not 14:05
    const styles = stylesXml([0, "yyyy-mm-dd", "yyyy-mm-dd hh:mm"]);
    const sheet = sheetXml([
      inlineRow(1, HEADER),
      inlineRow(2, ["GD1", "索镇街道", "县中心", RECEIVED, RECEIVED + 7, RECEIVED + 9, RECEIVED + 5, 0, null], [0, 0, 0, 2, 1, 2, 1, 0, 0]),
    ]);
    const result = await loadRecords(await writeWorkbook(dir, name(), { sheet, styles }), "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toMatchObject([
      {
        receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5),
        dueAt: shanghaiEpoch(2017, 10, 10, 23, 59, 59, 999),
        // shown with its time: the time it holds
        extendedTo: shanghaiEpoch(2017, 10, 12, 14, 5),
        // a moment shown as a date alone is the moment it holds (办结时间 shown 2017-10-08, holding 14:05): the format
        // hides the time the platform wrote, it does not make it 00:00 (which made an order closed late on its
        // deadline's day on time)
        closedAt: shanghaiEpoch(2017, 10, 8, 14, 5),
      },
    ]);
  });

  it("reads a moment to the second, as the sheet shows it and as the same serial written as text is read (09:04:59.808 shows as 09:05:00)", async () => {
    const styles = stylesXml([0, "yyyy-mm-dd hh:mm:ss"]);
    // 43011.5868 is 2017-10-03 14:05:00 less 0.48 s; a CSV's text "43011.5868" reads as 14:05:00 (cell-values.ts)
    const sheet = sheetXml([
      inlineRow(1, HEADER),
      inlineRow(2, ["GD1", "索镇街道", "县中心", 43011.5868, "2017-10-10", null, null, 0, null], [0, 0, 0, 1, 0, 0, 0, 0, 0]),
    ]);
    const result = await loadRecords(await writeWorkbook(dir, name(), { sheet, styles }), "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toMatchObject([{ receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5) }]);
    const csv = `${dir}/${name()}.csv`;
    await writeFile(csv, [HEADER.join(","), "GD1,索镇街道,县中心,43011.5868,2017-10-10,,,0,"].join("\n"));
    const text = await loadRecords(csv, "orders");
    expect(text.records).toMatchObject([{ receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5) }]);
  });

  it("reads the 1904 date system", async () => {
    const styles = stylesXml([0, 22, 14]);
    // 办结时间 shown as a date alone, holding 14:05: the moment held, in the 1904 system too
    const sheet = sheetXml([
      inlineRow(1, HEADER),
      inlineRow(2, ["M1", "唐山镇", "县中心", RECEIVED - 1462, DUE - 1462, null, RECEIVED + 5 - 1462], [0, 0, 0, 1, 2, 0, 2]),
    ]);
    const path = await writeWorkbook(dir, name(), { sheet, styles, date1904: true });
    const result = await loadRecords(path, "orders");
    expect(result.records).toMatchObject([
      { receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5), dueAt: shanghaiEpoch(2017, 10, 10, 23, 59, 59, 999), closedAt: shanghaiEpoch(2017, 10, 8, 14, 5) },
    ]);
  });

  it('reads ISO date cells (t="d", as openpyxl and exporters write them): a wall clock as written, a zone as Beijing time', async () => {
    const iso = (text: string) => ({ xml: ` t="d"><v>${text}</v>` });
    const sheet = sheetXml([
      inlineRow(1, HEADER),
      inlineRow(2, ["D1", "唐山镇", "县中心", iso("2017-10-03T14:05:00"), iso("2017-10-10")]),
      // 06:05 UTC is 14:05 in Beijing; 16:00 UTC on the 9th is the 10th in Beijing, due by that day's end
      inlineRow(3, ["D2", "唐山镇", "县中心", iso("2017-10-03T06:05:00.000Z"), iso("2017-10-10T00:00:00+08:00")]),
      inlineRow(4, ["D3", "唐山镇", "县中心", iso("2017-10-03T14:05:00+0800"), iso("2017-10-09T16:00:00Z")]),
    ]);
    const result = await loadRecords(await writeWorkbook(dir, name(), { sheet }), "orders");
    expect(result.problems).toEqual([]);
    const received = shanghaiEpoch(2017, 10, 3, 14, 5);
    expect(result.records.map((r) => [r.id, r.receivedAt === received, r.dueAt])).toEqual([
      ["D1", true, shanghaiEpoch(2017, 10, 10, 23, 59, 59, 999)],
      ["D2", true, shanghaiEpoch(2017, 10, 10, 0, 0)],
      ["D3", true, shanghaiEpoch(2017, 10, 10, 0, 0)],
    ]);
  });

  it("reports a formula with no computed value as a problem of its cell, not as an empty cell", async () => {
    const reason = "公式没有计算结果（文件由程序生成，未经 Excel 或 WPS 计算）：请在 Excel 或 WPS 中打开，保存一次后再导入，或把公式改为数值";
    const sheet = sheetXml([
      inlineRow(1, HEADER),
      // Apache POI: no value at all
      inlineRow(2, ["F1", "唐山镇", "县中心", "2017-10-03 14:05", { xml: "><f>D2+7</f>" }, null, null, { xml: "><f>SUM(1,1)</f>" }]),
      // an empty string is a computed value
      inlineRow(3, ["F2", "唐山镇", "县中心", "2017-10-03 14:05", "2017-10-10", null, null, null, { xml: ' t="str"><f>""</f><v></v>' }]),
      // openpyxl: an empty value after the formula, of a number or of a date
      inlineRow(4, [
        "F3",
        "唐山镇",
        { xml: ' t="str"><f>"县"&amp;"中心"</f><v>县中心</v>' },
        "2017-10-03 14:05",
        { xml: ' s="1"><f>D4+7</f><v/>' },
        null,
        null,
        { xml: "><f>1+1</f><v></v>" },
      ]),
    ]);
    const path = await writeWorkbook(dir, name(), { sheet, styles: stylesXml([0, 14]) });
    const result = await loadRecords(path, "orders");
    expect(where(result.problems)).toEqual([
      { row: 2, column: "办理时限", value: "=D2+7", reason },
      { row: 2, column: "退回重办次数", value: "=SUM(1,1)", reason },
      { row: 4, column: "办理时限", value: "=D4+7", reason },
      { row: 4, column: "退回重办次数", value: "=1+1", reason },
    ]);
  });

  it("keeps every digit of a long id written as a number (a platform's 16- or 19-digit 事件编号): two ids stay two", async () => {
    const sheet = sheetXml([
      inlineRow(1, ["事件编号", "单位", "日期", "事件类型"]),
      inlineRow(2, [{ xml: "><v>2018110512345678</v>" }, "唐山镇", "2017-10-03", "行政不作为"]),
      inlineRow(3, [{ xml: "><v>2018110512345679</v>" }, "唐山镇", "2017-10-03", "行政不作为"]),
      inlineRow(4, [{ xml: "><v>1234567890123456789</v>" }, "唐山镇", "2017-10-03", "行政不作为"]),
      // 15 digits and fewer read as before
      inlineRow(5, [{ xml: "><v>201811051234567</v>" }, "唐山镇", "2017-10-03", "行政不作为"]),
    ]);
    const result = await loadRecords(await writeWorkbook(dir, name(), { sheet }), "events");
    expect(result.problems).toEqual([]);
    expect(result.records.map((e) => e.id)).toEqual(["2018110512345678", "2018110512345679", "1234567890123456789", "201811051234567"]);
  });

  it("an Excel error result (#N/A, #DIV/0!) is a problem of its cell, not a value stored", async () => {
    const sheet = sheetXml([
      inlineRow(1, ["事件编号", "单位", "日期", "事件类型", "说明"]),
      inlineRow(2, ["SJ1", "唐山镇", "2017-10-03", { xml: ' t="e"><f>VLOOKUP(A2,类型!A:B,2,0)</f><v>#N/A</v>' }, "x"]),
      inlineRow(3, ["SJ2", "唐山镇", "2017-10-03", "行政不作为", { xml: ' t="e"><v>#DIV/0!</v>' }]),
    ]);
    const reason = (e: string) => `单元格的计算结果是错误值 ${e}（如查找不到、除以零）：请在 Excel 或 WPS 中改正公式或改为数值后再导入`;
    expect(where((await loadRecords(await writeWorkbook(dir, name(), { sheet }), "events")).problems)).toEqual([
      { row: 2, column: "事件类型", value: "#N/A（=VLOOKUP(A2,类型!A:B,2,0)）", reason: reason("#N/A") },
      { row: 3, column: "说明", value: "#DIV/0!", reason: reason("#DIV/0!") },
    ]);
  });

  it("refuses a number too large to be finite (分值 1e400)", async () => {
    const sheet = sheetXml([
      inlineRow(1, ["事件编号", "单位", "日期", "事件类型", "分值"]),
      inlineRow(2, ["SJ1", "唐山镇", "2017-10-03", "其他效能问题", { xml: "><v>1e400</v>" }]),
      inlineRow(3, ["SJ2", "唐山镇", "2017-10-03", "其他效能问题", "-1e999"]),
    ]);
    const path = await writeWorkbook(dir, name(), { sheet });
    expect(where((await loadRecords(path, "events")).problems)).toEqual([
      { row: 2, column: "分值", value: "1e400", reason: "数字超出范围（不是有限的数）" },
      { row: 3, column: "分值", value: "-1e999", reason: "数字超出范围（不是有限的数）" },
    ]);
  });
});

describe("XLSX: numbers formatted with leading zeros", () => {
  it("reads a whole number whose format pads it with zeros (0000) as the text it shows, as its CSV does; a number column still reads it as the number", async () => {
    // styles: 0 General, 1 000000000000 (a platform's 12-digit order id), 2 0000 (a unit code), 3 00, 4 0.00 (no padding), 5 000
    const styles = stylesXml([0, "000000000000", "0000", "00", "0.00", "000"]);
    const columns = ["工单编号", "承办单位", "来源", "受理时间", "办理时限", "退回重办次数", "备注"];
    const sheet = sheetXml([
      inlineRow(1, columns),
      // Excel shows 020181100001, 0301, 02 and 007: read so
      inlineRow(2, [20181100001, 301, "县中心", "2018-11-05 09:00", "2018-11-12", 2, 7], [1, 2, 0, 0, 0, 3, 5]),
      // a number as long as its format's zeros shows no zero more (120181100001, 1234); 0.00 pads nothing (7 shows 7.00,
      // read as the number it is)
      inlineRow(3, [120181100001, 1234, "县中心", "2018-11-05 09:00", "2018-11-12", 12, 7], [1, 2, 0, 0, 0, 3, 4]),
    ]);
    const path = await writeWorkbook(dir, name(), { sheet, styles });
    const cells: unknown[][] = [];
    for await (const row of readTable(path)) cells.push(row.cells);
    expect(cells.slice(1).map((c) => [c[0], c[1], c[5], c[6]])).toEqual([
      ["020181100001", "0301", "02", "007"],
      [120181100001, 1234, 12, 7],
    ]);
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    // the 退回重办次数 shown 02 is the count 2
    expect(result.records.map((o) => [o.id, o.unit, o.redoCount, o.attributes.备注])).toEqual([
      ["020181100001", "0301", 2, "007"],
      ["120181100001", "1234", 12, "7"],
    ]);

    // an event's 分值 formatted 00 (shows 05) is the score 5; its 事件编号 formatted 0000 (shows 0042) is 0042
    const events = sheetXml([
      inlineRow(1, ["事件编号", "单位", "日期", "事件类型", "分值"]),
      inlineRow(2, [42, "唐山镇", "2017-10-03", "其他效能问题", 5], [2, 0, 0, 0, 3]),
    ]);
    const eventsPath = await writeWorkbook(dir, name(), { sheet: events, styles });
    const read = await loadRecords(eventsPath, "events");
    expect(read.problems).toEqual([]);
    expect(read.records.map((e) => [e.id, e.points])).toEqual([["0042", 5]]);
  });
});

describe("XLSX: which sheet is read", () => {
  const ORDER = ["GD1", "唐山镇", "县中心", "2017-10-03 14:05", "2017-10-10"];
  const BAD_ORDER = ["GD2", "唐山镇", "县中心", "昨天", "2017-10-10"];
  const dictionary = sheetXml([inlineRow(1, ["来源"]), inlineRow(2, ["县中心"]), inlineRow(3, ["市中心"])]);
  const notes = sheetXml([inlineRow(1, ["填写说明"]), inlineRow(2, ["1. 工单编号必填"]), inlineRow(3, ["2. 受理时间如 2017-10-03 14:05"])]);

  it("skips hidden sheets (a drop-down's list kept as the first sheet, by WPS and Excel templates), naming the sheet read", async () => {
    const orders = sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER), inlineRow(3, BAD_ORDER)]);
    const path = await writeWorkbook(dir, "隐藏字典.xlsx", {
      sheets: [
        // a hidden sheet that even has an orders header: still not the data
        { name: "字典", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ["X1", "唐山镇", "县中心", "明天", "后天"])]), state: "hidden" },
        { name: "配置", data: dictionary, state: "veryHidden" },
        { name: "工单", data: orders },
      ],
    });
    const result = await loadRecords(path, "orders");
    expect(result.problems.map((p) => [p.file, p.row, p.column, p.value])).toEqual([["隐藏字典.xlsx 工作表“工单”", 3, "受理时间", "昨天"]]);
  });

  it("a total row on one of several sheets is said with its sheet (第 3 行 alone did not say which: a data review); of one sheet, by row", async () => {
    const path = await writeWorkbook(dir, "两旬.xlsx", {
      sheets: [
        { name: "12月上旬", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER)]) },
        { name: "12月下旬", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ["GD2", ...ORDER.slice(1)]), inlineRow(3, ["合计"])]) },
      ],
    });
    const skipped: string[] = [];
    for await (const batch of readRecordBatches(path, "orders")) for (const row of batch) if (row.skipped) skipped.push(skippedRowText(row.skipped));
    expect(skipped).toEqual(["工作表“12月下旬”第 3 行（合计行：“合计”）"]);
    const single = await writeWorkbook(dir, "一张.xlsx", { sheet: sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER), inlineRow(3, ["合计"])]) });
    const alone: string[] = [];
    for await (const batch of readRecordBatches(single, "orders")) for (const row of batch) if (row.skipped) alone.push(skippedRowText(row.skipped));
    expect(alone).toEqual(["第 3 行（合计行：“合计”）"]);
  });

  it("reads the first visible sheet with the columns of the file, not a notes sheet (说明) before it", async () => {
    const orders = sheetXml([inlineRow(1, ["工单明细"]), inlineRow(2, HEADER), inlineRow(3, ORDER)]);
    const path = await writeWorkbook(dir, "带说明.xlsx", {
      sheets: [
        { name: "说明", data: notes },
        { name: "数据", data: orders },
      ],
    });
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toMatchObject([{ id: "GD1", receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5) }]);
    expect(await detectFileKind(path)).toBe("orders");
  });

  it("does not read a notes sheet (填写说明…) that shows the header and an example row, but the data sheet after it", async () => {
    const example = sheetXml([
      inlineRow(1, ["填写说明：每行一张工单，时间如 2017-10-03 14:05"]),
      inlineRow(2, HEADER),
      inlineRow(3, ["（示例）GD0001", "填承办单位全称", "县中心", "受理时间", "办理时限"]),
    ]);
    const orders = sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER)]);
    for (const notesName of ["说明", "填写说明", "使用说明", "填表说明", " README "]) {
      const path = await writeWorkbook(dir, name(), {
        sheets: [
          { name: notesName, data: example },
          { name: "工单", data: orders },
        ],
      });
      const result = await loadRecords(path, "orders");
      expect(result.problems, notesName).toEqual([]);
      expect(result.records.map((r) => r.id)).toEqual(["GD1"]);
      expect(await detectFileKind(path)).toBe("orders");
    }
  });

  it("reads a notes-named sheet when it is the only one with the columns", async () => {
    const path = await writeWorkbook(dir, name(), {
      sheets: [
        { name: "来源", data: dictionary },
        { name: "示例", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER)]) },
      ],
    });
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => r.id)).toEqual(["GD1"]);
  });

  it("reads every visible sheet that has the header (10月, 11月), each below its own title rows, problems named by sheet and row", async () => {
    const path = await writeWorkbook(dir, "两个月.xlsx", {
      sheets: [
        { name: "说明", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ["（示例）"])]) },
        { name: "10月", data: sheetXml([inlineRow(1, ["10月工单"]), inlineRow(2, HEADER), inlineRow(3, ORDER)]) },
        {
          name: "字典副本",
          data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ["GD9", "唐山镇", "县中心", "2017-11-03 09:00", "2017-11-10"])]),
          state: "hidden",
        },
        {
          name: "11月",
          data: sheetXml([
            inlineRow(1, HEADER),
            inlineRow(2, ["GD2", "唐山镇", "县中心", "2017-11-03 09:00", "2017-11-10"]),
            inlineRow(3, ["GD3", "唐山镇", "县中心", "2017-11-31 09:00", "2017-12-10"]),
          ]),
        },
      ],
    });
    const result = await loadRecords(path, "orders");
    // the bad date is on 11月's third row, not the file's fifth: where the user looks for it
    expect(result.problems.map((p) => [p.file, p.row, p.column])).toEqual([["两个月.xlsx 工作表“11月”", 3, "受理时间"]]);
    // without it, both months' orders (the hidden copy and the notes are not data)
    const fixed = await writeWorkbook(dir, "两个月-改正.xlsx", {
      sheets: [
        { name: "10月", data: sheetXml([inlineRow(1, ["10月工单"]), inlineRow(2, HEADER), inlineRow(3, ORDER)]) },
        { name: "11月", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ["GD2", "唐山镇", "县中心", "2017-11-03 09:00", "2017-11-10"])]) },
        { name: "12月", data: sheetXml([inlineRow(1, HEADER)]) },
      ],
    });
    const both = await loadRecords(fixed, "orders");
    expect(both.problems).toEqual([]);
    expect(both.records.map((r) => r.id)).toEqual(["GD1", "GD2"]);
    // telling the file's kind reads the first
    expect(await detectFileKind(path)).toBe("orders");
  });

  it("refuses a later sheet whose columns differ from the first sheet's, saying which; an id on two sheets with other content is named on both", async () => {
    const path = await writeWorkbook(dir, "列不同.xlsx", {
      sheets: [
        { name: "10月", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER)]) },
        {
          name: "11月",
          data: sheetXml([
            inlineRow(1, [...HEADER, "回访人"]),
            inlineRow(2, ["GD2", "唐山镇", "县中心", "2017-11-03 09:00", "2017-11-10", null, null, null, null, "王"]),
          ]),
        },
      ],
    });
    const result = await loadRecords(path, "orders");
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => [p.file, p.row])).toEqual([["列不同.xlsx 工作表“11月”", 1]]);
    expect(result.problems[0]?.reason).toBe(
      "此工作表的列与 列不同.xlsx 工作表“10月” 不同（多出 回访人）：同一文件的各工作表按同样的列一并导入。若此表不是要导入的数据（汇总、筛选、分析的表），请删除或隐藏此工作表（隐藏的工作表不读取）；若是，请把各表的表头改成一样，或把此表另存为一个文件单独导入",
    );
    // as it advises: the sheet hidden, it is not read, and the first sheet's orders are
    const hidden = await writeWorkbook(dir, "列不同-隐藏.xlsx", {
      sheets: [
        { name: "10月", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER)]) },
        {
          name: "11月",
          state: "hidden",
          data: sheetXml([inlineRow(1, [...HEADER, "回访人"]), inlineRow(2, ["GD2", "唐山镇", "县中心", "2017-11-03 09:00", "2017-11-10"])]),
        },
      ],
    });
    const read = await loadRecords(hidden, "orders");
    expect([read.problems, read.records.map((o) => o.id)]).toEqual([[], ["GD1"]]);
    const twice = await writeWorkbook(dir, "重复.xlsx", {
      sheets: [
        { name: "10月", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER)]) },
        { name: "11月", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ["GD1", "唐山镇", "县中心", "2017-11-03 09:00", "2017-11-10"])]) },
      ],
    });
    const repeated = await loadRecords(twice, "orders");
    expect(repeated.problems.map((p) => [p.file, p.row, p.column])).toEqual([["重复.xlsx 工作表“11月”", 2, "工单编号"]]);
    expect(repeated.problems[0]?.reason).toContain("（重复.xlsx 工作表“10月” 第 2 行已有）");
    // both rows by their sheets: "本文件第 2 行" was either sheet's
    expect(repeated.problems[0]?.reason).toContain("（重复.xlsx 工作表“10月” 第 2 行与重复.xlsx 工作表“11月” 第 2 行，不同的列：受理时间、办理时限）");
  });

  it("reads the one sheet with the header when the others have only some of its columns", async () => {
    const path = await writeWorkbook(dir, name(), {
      sheets: [
        { name: "汇总", data: sheetXml([inlineRow(1, ["承办单位", "工单数"]), inlineRow(2, ["唐山镇", 1])]) },
        { name: "工单", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER)]) },
      ],
    });
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => r.id)).toEqual(["GD1"]);
  });

  it("refuses a month's sheet whose header lacks a column or names it otherwise, by sheet, where it was passed over; a summary stays unread", async () => {
    const month = (header: readonly string[], id: string) =>
      sheetXml([inlineRow(1, header), inlineRow(2, [id, "唐山镇", "县中心", "2017-10-03 14:05", "2017-10-10"].slice(0, header.length))]);
    const renamed = HEADER.map((h) => (h === "受理时间" ? "受理日期" : h));
    const path = await writeWorkbook(dir, "每月.xlsx", {
      sheets: [
        // the sheet unlike the others first: the others are not measured by it
        { name: "10月", data: month(renamed, "GD10") },
        { name: "11月", data: month(HEADER, "GD11") },
        { name: "12月", data: month(["工单编号", "承办单位", "来源", "受理时间"], "GD12") },
        { name: "汇总", data: sheetXml([inlineRow(1, ["承办单位", "来源", "工单数", "超期件数"]), inlineRow(2, ["唐山镇", "县中心", 3, 0])]) },
      ],
    });
    const result = await loadRecords(path, "orders");
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => [p.file, p.row, p.column])).toEqual([
      ["每月.xlsx 工作表“10月”", 1, "受理日期"],
      ["每月.xlsx 工作表“10月”", 1, ""],
      ["每月.xlsx 工作表“12月”", 1, "办理时限"],
      ["每月.xlsx 工作表“12月”", 1, ""],
    ]);
    expect(result.problems[1]?.reason).toBe(
      "此工作表缺少“受理时间”（有“受理日期”），而同一文件中其他工作表的表头完整：此表看来也是要导入的数据（如某个月的工单），没有略过，整个文件不导入。若是，请把此表的表头改成与其他工作表一样后重新导入；若此表不是要导入的数据（汇总、筛选、分析的表），请删除或隐藏此工作表（隐藏的工作表不读取）",
    );
    expect(result.problems[3]?.reason).toMatch(/^此工作表缺少“办理时限”，而同一文件中其他工作表的表头完整/);
    // as it advises: hidden, the sheets are not read, and 11月's orders are; the summary, sharing two columns, never was
    const hidden = await writeWorkbook(dir, "每月-隐藏.xlsx", {
      sheets: [
        { name: "10月", data: month(renamed, "GD10"), state: "hidden" },
        { name: "11月", data: month(HEADER, "GD11") },
        { name: "12月", data: month(["工单号", ...HEADER.slice(1)], "GD12"), state: "hidden" },
        { name: "汇总", data: sheetXml([inlineRow(1, ["承办单位", "来源", "工单数", "超期件数"]), inlineRow(2, ["唐山镇", "县中心", 3, 0])]) },
      ],
    });
    const read = await loadRecords(hidden, "orders");
    expect([read.problems, read.records.map((o) => o.id)]).toEqual([[], ["GD11"]]);
  });

  it("refuses a sheet of rows like the data sheet's with no header of its own (a long list split across sheets), naming it, its rows and what to do", async () => {
    // the header on the first sheet alone: the second's orders were passed over and the import said 导入成功 (a data clerk's test)
    const more = [
      ["GD2", "唐山镇", "县中心", RECEIVED, DUE],
      ["GD3", "果里镇", "市中心", "2017-10-04 09:00", "2017-10-11"],
      ["GD4", "唐山镇", "县中心", "2017-10-05 09:00", "2017-10-12", null, "2017-10-06 10:00", 1],
    ];
    const summary = sheetXml([inlineRow(1, ["承办单位", "工单数"]), inlineRow(2, ["唐山镇", 3]), inlineRow(3, ["果里镇", 1])]);
    const book = (second: readonly string[], state?: "hidden") =>
      writeWorkbook(dir, name(), {
        sheets: [
          { name: "Sheet1", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER)]) },
          { name: "Sheet2", data: sheetXml(second), ...(state ? { state } : {}) },
          { name: "汇总", data: summary },
          { name: "说明", data: notes },
          { name: "字典", data: dictionary, state: "hidden" },
        ],
      });
    const result = await loadRecords(await book(more.map((cells, i) => inlineRow(i + 1, cells))), "orders");
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => [p.file.replace(/^book-\d+\.xlsx/, ""), p.row, p.value])).toEqual([[" 工作表“Sheet2”", 1, "3 行"]]);
    expect(result.problems[0]?.reason).toBe(
      "工作表“Sheet2”没有表头行，而其中 3 行与工作表“Sheet1”的数据行一样（同样的 9 列，各列是同类的值），看来是接着“Sheet1”的数据（一份长表分在了几张工作表上，表头只在第一张）：此表没有略过，整个文件不导入。若是，请把“Sheet1”的表头行复制到此表的第一行（在最上面插入一行后粘贴）再导入；若此表不是要导入的数据，请把它移出工作簿（删除此工作表，或隐藏它：隐藏的工作表不读取）再导入",
    );
    // as it advises: the header copied to it, both sheets' orders are read, and which sheets were read and which not is told
    const told: SheetsRead[] = [];
    const copied = await loadRecords(await book([inlineRow(1, HEADER), ...more.map((cells, i) => inlineRow(i + 2, cells))]), "orders", {
      onSheets: (sheets) => told.push(sheets),
    });
    expect([copied.problems, copied.records.map((o) => o.id)]).toEqual([[], ["GD1", "GD2", "GD3", "GD4"]]);
    expect(told).toEqual([
      {
        read: [
          { name: "Sheet1", rows: 1 },
          { name: "Sheet2", rows: 3 },
        ],
        skipped: [
          { name: "汇总", hidden: false },
          { name: "说明", hidden: false },
          { name: "字典", hidden: true },
        ],
      },
    ]);
    // or the sheet hidden: the first sheet's order alone, and no word of a refusal
    const hidden = await loadRecords(
      await book(
        more.map((cells, i) => inlineRow(i + 1, cells)),
        "hidden",
      ),
      "orders",
    );
    expect([hidden.problems, hidden.records.map((o) => o.id)]).toEqual([[], ["GD1"]]);
    // rows that are no orders (a list of units and counts, a sheet of text) are no such sheet: the workbook is read as before
    const other = await writeWorkbook(dir, name(), {
      sheets: [
        { name: "Sheet1", data: sheetXml([inlineRow(1, HEADER), inlineRow(2, ORDER)]) },
        { name: "Sheet2", data: sheetXml([inlineRow(1, ["唐山镇", 3, "县中心"]), inlineRow(2, ["果里镇", 1, "市中心"])]) },
        { name: "Sheet3", data: sheetXml([inlineRow(1, ["本月工单较上月增加"]), inlineRow(2, ["唐山镇", "超期 1 件"])]) },
        // a summary whose columns fall where the orders' do, its counts under 受理时间 and 办理时限 (a review)
        {
          name: "统计",
          data: sheetXml([
            inlineRow(1, ["序号", "单位", "来源", "受理量", "超期量"]),
            inlineRow(2, [1, "唐山镇", "县中心", 120, 3]),
            inlineRow(3, [2, "果里镇", "市中心", 80, 1]),
          ]),
        },
      ],
    });
    const read = await loadRecords(other, "orders");
    expect([read.problems, read.records.map((o) => o.id)]).toEqual([[], ["GD1"]]);
  });

  it("with no sheet whose header is complete, reports on the sheet most like it, by name", async () => {
    const orders = sheetXml([
      inlineRow(
        1,
        HEADER.filter((h) => h !== "来源"),
      ),
      inlineRow(2, ["GD1", "唐山镇", "2017-10-03 14:05", "2017-10-10"]),
    ]);
    const path = await writeWorkbook(dir, "缺列.xlsx", {
      sheets: [
        { name: "说明", data: notes },
        { name: "工单", data: orders },
      ],
    });
    const result = await loadRecords(path, "orders");
    expect(result.problems.map((p) => [p.file, p.row, p.column])).toEqual([["缺列.xlsx 工作表“工单”", 1, "来源"]]);
  });

  it("names no sheet when the workbook has one", async () => {
    const path = await writeWorkbook(dir, "一个表.xlsx", { sheet: sheetXml([inlineRow(1, HEADER), inlineRow(2, BAD_ORDER)]) });
    expect((await loadRecords(path, "orders")).problems.map((p) => [p.file, p.row])).toEqual([["一个表.xlsx", 2]]);
  });
});

describe("XLSX: what one file may hold", () => {
  it("a 50 MB shared string in a small file is a too-long cell, read without holding it", async () => {
    const chunk = "A".repeat(1 << 20);
    const sharedStrings = function* () {
      yield '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>';
      for (let i = 0; i < 50; i++) yield chunk;
      yield "</t></si><si><t>说明</t></si></sst>";
    };
    const sheet = sheetXml([
      inlineRow(1, ["事件编号", "单位", "日期", "事件类型", { xml: ' t="s"><v>1</v>' }]),
      inlineRow(2, ["SJ1", "唐山镇", "2017-10-03", "行政不作为", { xml: ' t="s"><v>0</v>' }]),
    ]);
    const path = await writeWorkbook(dir, name(), { sheet, sharedStrings });
    const { size } = await import("node:fs/promises").then((fs) => fs.stat(path));
    expect(size).toBeLessThan(200_000);
    const heapBefore = process.memoryUsage().heapUsed;
    const result = await loadRecords(path, "events");
    // the string was never one string of 50 MB
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * 1024 * 1024);
    expect(where(result.problems)).toEqual([
      {
        row: 2,
        column: "说明",
        value: `${"A".repeat(30)}…（超过 ${IMPORT_LIMITS.textChars} 个字符）`,
        reason: `内容过长：每个单元格最多 ${IMPORT_LIMITS.textChars} 个字符，请删减`,
      },
    ]);
    // 50 MB inflated and scanned: seconds on a busy machine (a limit, not a measurement)
  }, 60_000);

  it("refuses a workbook whose shared strings pass the cap, naming the cap", async () => {
    const strings = Array.from({ length: 200 }, (_, i) => `<t>${String(i).padStart(10, "x")}</t>`);
    const sheet = sheetXml([inlineRow(1, ["事件编号"])]);
    const path = await writeWorkbook(dir, name(), { sheet, sharedStrings: sharedStringsXml(strings) });
    let error: unknown;
    try {
      for await (const _ of readTable(path, "xlsx", { sharedStringsChars: 1000 })) {
        // read on
      }
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ reason: expect.stringContaining("最多 1,000 个字符") });
    // within the cap (the real one) it reads: a header and no rows
    expect((await loadRecords(path, "events")).problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: expect.stringContaining("文件没有数据行") })]),
    );
  });

  /** The reason `readTable` gives up with, or undefined when it reads the whole file. */
  async function refusal(path: string, options: Parameters<typeof readTable>[2] = {}): Promise<string | undefined> {
    try {
      for await (const _ of readTable(path, "xlsx", options)) {
        // read on
      }
    } catch (e) {
      return (e as { reason?: string }).reason ?? String(e);
    }
    return undefined;
  }

  it("refuses a sheet that goes past Excel's last row (1,048,576), before reading on for ever", async () => {
    const sheet = sheetXml([inlineRow(1, ["事件编号"]), inlineRow(2, ["E1"]), inlineRow(1_048_577, ["E2"])]);
    const path = await writeWorkbook(dir, name(), { sheet });
    expect(await refusal(path)).toContain("工作表超过 Excel 的最大行数 1,048,576");
    // the last row itself is fine
    const last = await writeWorkbook(dir, name(), { sheet: sheetXml([inlineRow(1, ["事件编号"]), inlineRow(1_048_576, ["E2"])]) });
    expect(await refusal(last)).toBeUndefined();
  });

  /** A header and 400,000 empty rows written without their numbers: 2.4 MB unpacked, a few KB packed. */
  const emptyRows = () => ({
    *[Symbol.iterator]() {
      yield `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>事件编号</t></is></c></row>`;
      for (let r = 0; r < 400; r++) yield "<row/>".repeat(1000);
      yield "</sheetData></worksheet>";
    },
  });

  it("refuses a sheet of empty rows packed hundreds of times tighter than data, before reading it", async () => {
    // 400,000 empty rows written without their numbers: 2.4 MB unpacked, a few KB packed (QA's had 2,000,000: 330 MB in 1.6 MB)
    const path = await writeWorkbook(dir, name(), { sheet: emptyRows });
    const reason = await refusal(path, { xlsxSuspectBytes: 1024 * 1024 });
    expect(reason).toMatch(/^工作表解压后有 \d+\.\d MB，是压缩后（\d+\.\d MB）的 \d+ 倍，远超正常数据：多半含有大量空行或已损坏/);
    // real data (a hundred thousand different rows) packs far less tightly: read under the same lowered cap
    const rows = [
      inlineRow(1, ["事件编号", "说明"]),
      ...Array.from({ length: 20_000 }, (_, i) => inlineRow(i + 2, [`E${i * 7919}`, `第${i}条 ${(i * 2654435761) % 1000003}`])),
    ];
    const real = await writeWorkbook(dir, name(), { sheet: sheetXml(rows) });
    expect(await refusal(real, { xlsxSuspectBytes: 1024 * 1024 })).toBeUndefined();
  });

  it("refuses shared strings packed hundreds of times tighter than text, before reading them: to read the header too", async () => {
    // 40,000 entries of the same short text: 1.6 MB unpacked, a few KB packed (a security review's: 460 MB in 1.3 MB,
    // read whole even to find the header, 17 s and half a gigabyte a file)
    const sheet = sheetXml([`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`]);
    const same = () => ({
      *[Symbol.iterator]() {
        yield `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`;
        for (let i = 0; i < 40; i++) yield "<si><t>唐山镇唐山镇唐山镇唐</t></si>".repeat(1000);
        yield "</sst>";
      },
    });
    const path = await writeWorkbook(dir, name(), { sheet, sharedStrings: same });
    const reason =
      /^Excel 文件中的共享字符串表（文件中所有不同文字的汇总）解压后有 1\.\d MB，是压缩后（0\.0 MB）的 \d+ 倍，远超正常数据：多半是大量重复的文字或文件已损坏。请在 Excel 或 WPS 中打开后另存（或另存为 CSV）再导入$/;
    expect(await refusal(path, { xlsxSuspectBytes: 1024 * 1024 })).toMatch(reason);
    expect(await refusal(path, { xlsxSuspectBytes: 1024 * 1024, leadingRows: 1 })).toMatch(reason);
    // under the real cap (256 MB) such a part is read
    expect(await refusal(path)).toBeUndefined();
    // real text (40,000 different entries) packs far less tightly: read under the same lowered cap
    const texts = Array.from({ length: 40_000 }, (_, i) => `<t>第${i}条 ${(i * 2654435761) % 1000003} 唐山镇</t>`);
    const real = await writeWorkbook(dir, name(), { sheet, sharedStrings: sharedStringsXml(texts) });
    expect(await refusal(real, { xlsxSuspectBytes: 1024 * 1024 })).toBeUndefined();
  });

  it("refuses such a sheet whose zip directory lies about its size, once it unpacks past the size declared", async () => {
    const path = await writeWorkbook(dir, name(), { sheet: emptyRows });
    // the sheet's unpacked size, in its central directory entry (offset 24) and its local header (offset 22), set to 4977
    // bytes: the plausibility check sees a small part and lets it through
    const zip = await readFile(path);
    const entry = Buffer.from("xl/worksheets/sheet1.xml");
    for (let at = zip.indexOf(entry); at >= 0; at = zip.indexOf(entry, at + 1)) {
      if (zip.readUInt32LE(at - 46) === 0x02014b50) zip.writeUInt32LE(4977, at - 46 + 24);
      else if (zip.readUInt32LE(at - 30) === 0x04034b50) zip.writeUInt32LE(4977, at - 30 + 22);
    }
    await writeFile(path, zip);
    expect(await refusal(path, { xlsxSuspectBytes: 1024 * 1024 })).toBe(
      "Excel 文件中的“xl/worksheets/sheet1.xml”解压后比文件记录的大小（4977 字节）更大：文件已损坏或被改动过。请在 Excel 或 WPS 中打开后另存，再导入",
    );
  });

  it("refuses a part whose bytes are not those its zip directory records (CRC-32): a sheet changed in place, or damaged in copying", async () => {
    const rows = [inlineRow(1, ["工单编号", "承办单位"]), inlineRow(2, ["GD1", "果里镇"])];
    const path = await writeWorkbook(dir, name(), { sheet: sheetXml(rows) });
    expect(await refusal(path)).toBeUndefined();
    // the sheet's CRC in its central directory entry (offset 16) no longer that of its bytes: as when 果里镇 is overwritten
    // by 马桥镇 in a workbook stored without compression (it was imported as it read)
    const zip = await readFile(path);
    const entry = Buffer.from("xl/worksheets/sheet1.xml");
    for (let at = zip.indexOf(entry); at >= 0; at = zip.indexOf(entry, at + 1)) {
      if (zip.readUInt32LE(at - 46) === 0x02014b50) zip.writeUInt32LE(zip.readUInt32LE(at - 46 + 16) ^ 1, at - 46 + 16);
    }
    await writeFile(path, zip);
    expect(await refusal(path)).toBe(
      "Excel 文件中的“xl/worksheets/sheet1.xml”校验失败（内容与文件记录的校验值不符）：文件已损坏，可能是复制、下载或保存不完整。请重新导出或重新复制后再导入",
    );
  });

  it("a row numbered otherwise than 1, 2, 3 (damaged bytes) refuses the file at once: every row and problem was numbered NaN", async () => {
    const rows = [inlineRow(1, ["工单编号", "承办单位"]), inlineRow(2, ["GD1", "果里镇"]).replace('r="2"', 'r="2\u0007"')];
    const path = await writeWorkbook(dir, name(), { sheet: sheetXml(rows) });
    expect(await refusal(path)).toBe("工作表中有一行的行号有误（“2\u0007”）：文件已损坏，可能是复制、下载或保存不完整。请重新导出或重新复制后再导入");
  });

  it("a file named .xlsx that is an old .xls is read as one (read-xls.test.ts): one with nothing after the signature is a damaged .xls", async () => {
    const { writeFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const path = join(dir, "old.xlsx");
    await writeFile(path, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]));
    expect((await loadRecords(path, "orders")).problems).toMatchObject([{ row: 0, reason: expect.stringContaining("文件损坏、不完整或不是 .xls") }]);
  });

  it("a CSV given the name .xlsx is named for what it is, with what to do; a web page is read as its table (read-html.test.ts); a damaged workbook is still called damaged", async () => {
    const { writeFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const reasonOf = async (file: string, bytes: Buffer) => {
      await writeFile(join(dir, file), bytes);
      return (await loadRecords(join(dir, file), "orders")).problems[0]?.reason;
    };
    // a platform's "导出 Excel" that writes an HTML table: its table is read, and lacks the columns orders need
    const page = '\ufeff<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>工单编号</td></tr></table></body></html>';
    expect(await reasonOf("page.xlsx", Buffer.from(page))).toContain("缺少");
    expect(await reasonOf("csv.xlsx", Buffer.from("工单编号,承办单位,来源,受理时间,办理时限\nGD1,唐山镇,县中心,2018-11-01,2018-11-08\n"))).toContain(
      "这是文本文件（多半是 CSV），只是扩展名为 .xlsx：请把文件扩展名改为 .csv",
    );
    // a PDF given the name is named for what it is: "save it as .xlsx in Excel" is no advice for it
    const pdf = Buffer.from("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n", "latin1");
    for (const ext of [".xlsx", ".xls", ".ods"]) {
      expect(await reasonOf(`scan${ext}`, pdf)).toBe(
        `这是 PDF 文档，不是 Excel 表格，只是扩展名为 ${ext}：PDF 中的表格无法导入，请在平台上把数据导出为 Excel 或 CSV 文件后再导入`,
      );
    }
    expect(await reasonOf("scan.csv", pdf)).toBe(
      "这不是 CSV 文本文件，从内容看是：PDF 文档：PDF 中的表格无法导入，请在平台上把数据导出为 Excel 或 CSV 文件后再导入",
    );
    const damaged = "无法读取 Excel 文件（文件损坏或不是 .xlsx）：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入；打不开的，请从平台重新导出";
    // a zip cut short: damaged, as before
    const cut = (await readFile(await writeWorkbook(dir, name(), { sheet: sheetXml([]) }))).subarray(0, 200);
    expect(await reasonOf("cut.xlsx", cut)).toBe(damaged);
  });

  it("a Word document named .xlsx, .xls, .ods or .csv is said to be one, by the name it has (it read 没有工作表: a data review)", async () => {
    const { join } = await import("node:path");
    const path = join(dir, "letter.xlsx");
    const { writeFile } = await import("node:fs/promises");
    const docx = await zipParts([
      { name: "[Content_Types].xml", data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
      {
        name: "_rels/.rels",
        data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      },
      {
        name: "word/document.xml",
        data: '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
      },
    ]);
    await writeFile(path, docx);
    expect((await loadRecords(path, "orders")).problems[0]?.reason).toBe(
      "这是Word 文档（.docx），不是 Excel 表格，只是扩展名为 .xlsx：请选择从平台导出的 Excel 或 CSV 文件",
    );
    // an .xls or .ods that is a zip is read as an .xlsx: the name it has is said, not .xlsx
    for (const ext of [".xls", ".ods"]) {
      await writeFile(join(dir, `letter${ext}`), docx);
      expect((await loadRecords(join(dir, `letter${ext}`), "orders")).problems[0]?.reason).toBe(
        `这是Word 文档（.docx），不是 Excel 表格，只是扩展名为 ${ext}：请选择从平台导出的 Excel 或 CSV 文件`,
      );
    }
    // named .csv, it was "probably an Excel workbook: rename it .xlsx", and renamed, a Word file (a county data walk)
    await writeFile(join(dir, "letter.csv"), docx);
    expect((await loadRecords(join(dir, "letter.csv"), "orders")).problems[0]?.reason).toBe(
      "这是Word 文档（.docx），不是 CSV 文本文件或 Excel 表格，只是扩展名为 .csv：请选择从平台导出的 Excel 或 CSV 文件",
    );
  });
});

describe("XLSX: what a sheet hides", () => {
  const ORDER = ["GD1", "唐山镇", "县中心", "2017-10-03 14:05", "2017-10-10"];
  /** a worksheet as Excel and WPS save it: its columns (`<cols>`) before the rows, its AutoFilter after them */
  const worksheet = (cols: string, rows: readonly string[], after: string) =>
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols>${cols}</cols><sheetData>${rows.join("")}</sheetData>${after}<mergeCells count="1"><mergeCell ref="J1:K1"/></mergeCells></worksheet>`;
  const hiddenOf = async (path: string) => {
    const told: HiddenInSheet[] = [];
    for await (const _ of readRecordBatches(path, "orders", { onHidden: (h) => told.push(h) }));
    return told;
  };

  it("tells the hidden columns read (by their header) and whether an AutoFilter with a criterion is in force", async () => {
    // B (承办单位) and F (回访结果, an extra column) hidden by hand; I and beyond hidden to the sheet's end (XFD), unread
    const cols =
      '<col min="1" max="1" width="20" customWidth="1"/><col min="2" max="2" hidden="1" width="0"/><col min="6" max="6" hidden="true"/><col min="9" max="16384" hidden="1"/>';
    const header = [...HEADER.slice(0, 5), "回访结果"];
    const rows = [
      inlineRow(1, header),
      inlineRow(2, [...ORDER, "满意"]),
      inlineRow(3, ["GD2", ...ORDER.slice(1), "不满意"]).replace("<row ", '<row hidden="1" '),
    ];
    // the user filtered 回访结果 to 满意: Excel keeps the criterion in the AutoFilter, after the rows
    const filter = '<autoFilter ref="A1:F3"><filterColumn colId="5"><filters><filter val="满意"/></filters></filterColumn></autoFilter>';
    // the same columns hidden again by tags repeated (a few MB of them listed tens of millions: a review): listed once
    const filtered = await writeWorkbook(dir, name(), {
      sheet: worksheet(cols + '<col min="2" max="2" hidden="1"/><col min="6" max="6" hidden="1"/>'.repeat(2000), rows, filter),
    });
    expect(await hiddenOf(filtered)).toEqual([
      {
        sheet: null,
        columns: [
          { column: 1, label: "承办单位", field: "承办单位" },
          { column: 5, label: "回访结果" },
        ],
        filtered: true,
      },
    ]);
    // the AutoFilter's arrows alone hide nothing; no hidden column: nothing is told
    const arrows = await writeWorkbook(dir, name(), { sheet: worksheet('<col min="1" max="6" width="12"/>', rows, '<autoFilter ref="A1:F3"/>') });
    expect(await hiddenOf(arrows)).toEqual([]);
  });

  it("tells each sheet of a workbook read sheet after sheet by its name", async () => {
    const sheet = (id: string, cols: string, after: string) =>
      worksheet(cols, [inlineRow(1, HEADER.slice(0, 5)), inlineRow(2, [id, ...ORDER.slice(1)])], after);
    const path = await writeWorkbook(dir, name(), {
      sheets: [
        { name: "10月", data: sheet("GD1", '<col min="3" max="3" hidden="1"/>', "") },
        {
          name: "11月",
          data: sheet(
            "GD2",
            '<col min="1" max="2" width="9"/>',
            '<autoFilter ref="A1:E2"><filterColumn colId="1"><filters><filter val="唐山镇"/></filters></filterColumn></autoFilter>',
          ),
        },
      ],
    });
    expect(await hiddenOf(path)).toEqual([
      { sheet: "10月", columns: [{ column: 2, label: "来源", field: "来源" }], filtered: false },
      { sheet: "11月", columns: [], filtered: true },
    ]);
  });
});

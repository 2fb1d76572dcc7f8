/**
 * Sheets that ask for more than any table of records holds, found by a security review: a value in the sheet's last
 * column (XFD) on every row made each row's checks walk 16,384 columns (an 8 MB file held the writer for 13 minutes),
 * and a kilobyte of .ods repeating one row a million times across every column asked for gigabytes. The first is
 * refused at its column as any value beyond the header is (its columns beyond 1,024 no longer kept), the second at once.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type RawRow, readTable } from "../../src/read/read-table.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { odsRow, writeOds } from "../support/ods-writer.ts";
import { useTempDir } from "../support/temp-dir.ts";
import { escapeXml, sheetXml, writeWorkbook } from "../support/xlsx-writer.ts";

const dir = await useTempDir();
const HEADER = ["工单编号", "承办单位", "来源", "受理时间", "办理时限"];
const text = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(value)}</t></is></c>`;

describe("a sheet wider or longer than records are", () => {
  it("a value in column XFD is refused at its column, as a value beyond the header is", async () => {
    const header = `<row r="1">${HEADER.map((h, i) => text(`${"ABCDE"[i]}1`, h)).join("")}</row>`;
    const rows = Array.from(
      { length: 20_000 },
      (_, i) =>
        `<row r="${i + 2}">${text(`A${i + 2}`, `GD${i}`)}${text(`B${i + 2}`, "唐山镇")}${text(`C${i + 2}`, "县中心")}${text(`D${i + 2}`, "2018-11-03 14:05")}${text(`E${i + 2}`, "2018-11-10")}<c r="XFD${i + 2}"><v>1</v></c></row>`,
    );
    const path = await writeWorkbook(dir, "orders-xfd.xlsx", { sheet: sheetXml([header, ...rows]) });
    const result = await loadRecords(path, "orders");
    expect(result.records).toEqual([]);
    expect(result.problems[0]).toMatchObject({ row: 2, column: "第16384列", value: "1" });
    expect(result.problems[0]?.reason).toMatch(/^此行在第16384列（XFD 列）有内容，但该列没有列名/);
  });

  it("an inline string past column 1,024 is refused too, and a range merged to XFD fills no further than the columns read", async () => {
    const header = `<row r="1">${HEADER.map((h, i) => text(`${"ABCDE"[i]}1`, h)).join("")}</row>`;
    const row = (r: number, extra: string) =>
      `<row r="${r}">${text(`A${r}`, `GD${r}`)}${text(`B${r}`, "唐山镇")}${text(`C${r}`, "县中心")}${text(`D${r}`, "2018-11-03 14:05")}${text(`E${r}`, "2018-11-10")}${extra}</row>`;
    // AOK is column 1,077: POI and openpyxl write text inline, with no <v> (it was dropped without a word)
    const inline = await writeWorkbook(dir, "orders-inline-far.xlsx", { sheet: sheetXml([header, row(2, text("AOK2", "备注"))]) });
    const far = await loadRecords(inline, "orders");
    expect(far.problems.map((p) => [p.row, p.column, p.value])).toEqual([[2, "第1077列", "备注"]]);
    // a range merged from F to XFD down 3,000 rows: each row was filled to 16,384 cells
    const merged = await writeWorkbook(dir, "orders-merged-far.xlsx", {
      sheet: sheetXml([header, ...Array.from({ length: 3000 }, (_, i) => row(i + 2, ""))]).replace(
        "</sheetData>",
        '</sheetData><mergeCells count="1"><mergeCell ref="F2:XFD3001"/></mergeCells>',
      ),
    });
    const result = await loadRecords(merged, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(3000);
    let widest = 0;
    for await (const raw of readTable(merged)) widest = Math.max(widest, raw.cells.length);
    expect(widest).toBeLessThanOrEqual(1024);
  });

  it("half a character (a lone surrogate, &#xD800; in the sheet) is a problem of its cell, not a row the database refuses", async () => {
    const header = `<row r="1">${HEADER.map((h, i) => text(`${"ABCDE"[i]}1`, h)).join("")}</row>`;
    const row = `<row r="2">${text("A2", "GD1")}<c r="B2" t="inlineStr"><is><t>唐山&#xD800;镇</t></is></c>${text("C2", "县中心")}${text("D2", "2018-11-03 14:05")}${text("E2", "2018-11-10")}</row>`;
    const path = await writeWorkbook(dir, "orders-surrogate.xlsx", { sheet: sheetXml([header, row]) });
    const result = await loadRecords(path, "orders");
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => [p.row, p.column, p.reason.split("（")[0]])).toEqual([[2, "承办单位", "含有无效的字符"]]);
  });

  it("rows past the records that a formula filled down over empty cells (办理时限 =D2+7: 1900-01-06) are blank, not refused", async () => {
    const residue = (days: string) =>
      odsRow([
        { xml: "<table:table-cell/>" },
        { xml: "<table:table-cell/>" },
        { xml: "<table:table-cell/>" },
        { xml: "<table:table-cell/>" },
        { xml: `<table:table-cell office:value-type="date" office:date-value="${days}"><text:p>${days}</text:p></table:table-cell>` },
      ]);
    const path = await writeOds(dir, "orders-filled-down.ods", [
      {
        name: "工单",
        rows: odsRow(HEADER) + odsRow(["GD1", "唐山镇", "县中心", "2018-11-03 14:05", "2018-11-10"]) + residue("1900-01-06") + residue("1900-01-06"),
      },
    ]);
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(1);
    // with the template's 序号 filled down beside it (a review): as blank
    const numbered = await writeOds(dir, "orders-numbered-residue.ods", [
      {
        name: "工单",
        rows:
          odsRow(["序号", ...HEADER]) +
          odsRow([1, "GD1", "唐山镇", "县中心", "2018-11-03 14:05", "2018-11-10"]) +
          odsRow([
            2,
            { xml: '<table:table-cell table:number-columns-repeated="4"/>' },
            { xml: '<table:table-cell office:value-type="date" office:date-value="1900-01-06"><text:p>1900-01-06</text:p></table:table-cell>' },
          ]),
      },
    ]);
    const withNumbers = await loadRecords(numbered, "orders");
    expect(withNumbers.problems).toEqual([]);
    expect(withNumbers.records).toHaveLength(1);
    // a row with a name is a record however odd its dates: refused for them, as ever
    const named = await writeOds(dir, "orders-named-residue.ods", [
      {
        name: "工单",
        rows:
          odsRow(HEADER) +
          odsRow([
            "GD1",
            "唐山镇",
            "县中心",
            "2018-11-03 14:05",
            { xml: '<table:table-cell office:value-type="date" office:date-value="1900-01-06"><text:p>1900-01-06</text:p></table:table-cell>' },
          ]),
      },
    ]);
    expect((await loadRecords(named, "orders")).problems.map((p) => p.column)).toEqual(["办理时限"]);
  });

  it("an .ods row repeated a million times across every column is refused at once, not copied", async () => {
    const path = await writeOds(dir, "orders-repeated.ods", [
      {
        name: "工单",
        rows:
          odsRow(HEADER) +
          '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
      },
    ]);
    const result = await loadRecords(path, "orders");
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/第 2 行起的同一行内容重复了 1,048,000 次（每行 1,024 个单元格）/)]);
  });

  // a 10 MB web page of one row of 540,000 cells of colspan 256, and a 147 MB CSV of one line of commas: one row of
  // 138 million cells, and V8 stopped the whole server (a security review). Cut at the columns read, as a sheet's rows
  it("a web page's row of 2,000 cells (colspan counted) is cut at 1,024 columns, its value past them refused at its column", async () => {
    const head = `<tr>${HEADER.map((h) => `<th>${h}</th>`).join("")}</tr>`;
    const record = ["GD1", "唐山镇", "县中心", "2018-11-03 14:05", "2018-11-10"].map((v) => `<td>${v}</td>`).join("");
    // 5 cells, then 1,995 empty ones of two columns each and the last, 备注: in column 5 + 1,995 × 2 = 3,995 (0-based)
    const wide = `<tr>${record}${'<td colspan="2"></td>'.repeat(1995)}<td>备注</td></tr>`;
    const path = join(dir, "orders-wide.xls");
    await writeFile(path, `<html><body><table>${head}${wide}<tr>${record.replace("GD1", "GD2")}</tr></table></body></html>`);
    const rows: RawRow[] = [];
    for await (const raw of readTable(path)) rows.push(raw);
    expect(rows.map((r) => r.cells.length)).toEqual([5, 1024, 5]);
    expect(rows[1]?.beyond).toEqual({ column: 3995, value: "备注" });
    const result = await loadRecords(path, "orders");
    expect(result.problems.map((p) => [p.row, p.column, p.value, p.reason])).toEqual([
      [2, "第3996列", "备注", "此行在第3996列有内容，但该列没有列名（表头中列名为空，列名到第5列为止）：请在表头中给该列填上列名，或删去该列的内容"],
    ]);
    // the review's page, in small: 2,000 cells of colspan 256 with a value each, cut at 1,024 (the fifth the first past)
    const spans = join(dir, "colspan.xls");
    await writeFile(spans, `<html><body><table><tr>${'<td colspan="256">x'.repeat(2000)}</tr></table></body></html>`);
    const cut: RawRow[] = [];
    for await (const raw of readTable(spans)) cut.push(raw);
    expect(cut.map((r) => [r.cells.length, r.beyond])).toEqual([[1024, { column: 1024, value: "x" }]]);
  });

  it("a web page's spans may fill 10,000,000 cells at most (a few bytes of rowspan above empty rows), and it 1,048,576 rows", async () => {
    const path = join(dir, "rowspan.xls");
    const spans = '<td colspan="256" rowspan="1048576">x</td>'.repeat(4);
    await writeFile(path, `<table><tr>${spans}</tr>${"<tr></tr>".repeat(10_000)}</table>`);
    let error: unknown;
    try {
      for await (const _ of readTable(path)) {
        // read on
      }
    } catch (e) {
      error = e;
    }
    // the first row's spans fill 4 × 255 = 1,020 cells, each row below 1,024: 9,764 of them make 9,999,356, and the
    // next row, the page's 9,766th, passes 10,000,000
    expect((error as { reason?: string }).reason).toBe(
      "网页表格中合并的单元格（colspan、rowspan）展开后超过 10,000,000 个（到第 9766 行为止）：文件可能已损坏，或不是平台导出的表格。请在 Excel 或 WPS 中打开，取消合并单元格后另存为 .xlsx 再导入",
    );
    // a page of 1,048,577 rows (blank ones counted, as a sheet's): refused at the last
    const long = join(dir, "rows.xls");
    await writeFile(long, `<table><tr><td>工单编号</td></tr>${"<tr></tr>".repeat(1_048_576)}</table>`);
    error = undefined;
    try {
      for await (const _ of readTable(long)) {
        // read on
      }
    } catch (e) {
      error = e;
    }
    expect((error as { reason?: string }).reason).toBe("网页表格超过最大行数 1,048,576（Excel 和 WPS 的最大行数）：文件已损坏，或请把数据分成几个文件再导入");
  });

  it("a CSV line of 5,000 fields is cut at 1,024 columns, its value past them refused at its column", async () => {
    const record = ["GD1", "唐山镇", "县中心", "2018-11-03 14:05", "2018-11-10"];
    // 5 values, 4,994 empty fields, and 备注 in field 5,000
    const wide = [...record, ...Array.from({ length: 4994 }, () => ""), "备注"].join(",");
    const path = join(dir, "orders-wide.csv");
    await writeFile(path, `${HEADER.join(",")}\r\n${wide}\r\n${record.join(",").replace("GD1", "GD2")}\r\n`);
    const rows: RawRow[] = [];
    for await (const raw of readTable(path)) rows.push(raw);
    expect(rows.map((r) => r.cells.length)).toEqual([5, 1024, 5]);
    expect(rows[1]?.beyond).toEqual({ column: 4999, value: "备注" });
    const result = await loadRecords(path, "orders");
    expect(result.problems.map((p) => [p.row, p.column, p.value, p.reason])).toEqual([
      [2, "第5000列", "备注", "此行的单元格多于表头的列（可能有未加引号的逗号）"],
    ]);
  });
});

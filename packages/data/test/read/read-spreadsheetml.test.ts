/**
 * Excel 2003's XML spreadsheet ("XML 电子表格 2003", SpreadsheetML), as some hotline platforms' "导出 Excel" write it
 * under the name .xls (or .xml): read as an .xlsx is, not refused (built by test/support/spreadsheetml-writer.ts to
 * match Excel 2003's output).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../src/limits.ts";
import { DateShownAlone, DateTimeCell } from "../../src/read/cell-values.ts";
import { type RawRow, type ReadProgress, readTable, readTableBatches, type SkippedSheet, type TableFormat, tableFormatOf } from "../../src/read/read-table.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { sheetMlText, sheetMlWorkbook, sheetMlWorksheet } from "../support/spreadsheetml-writer.ts";
import { useTempDir } from "../support/temp-dir.ts";

const dir = await useTempDir();

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function rowsOf(path: string, options: Parameters<typeof readTable>[2] = {}): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readTable(path, undefined, options)) rows.push(row);
  return rows;
}

async function refusal(path: string): Promise<string> {
  try {
    await rowsOf(path);
  } catch (error) {
    return (error as { reason: string }).reason;
  }
  throw new Error("read without error");
}

const HEADER = ["工单编号", "承办单位", "受理时间", "办理时限", "办结时间", "诉求内容", "单位编码", "来源"];

/**
 * A platform's export: a title merged across row 1; row 2 left out (the header's `ss:Index="3"`); the unit 唐山镇
 * merged down rows 4–5 (row 5's next cell says `ss:Index="3"`, as Excel writes it past a covered cell); an empty row 6
 * (a `<Row>` of no cells); row 7 left out; row 8 hidden, with a comment on its first cell. A hidden 字典 sheet (a
 * drop-down's list) comes first in the tabs.
 */
const PLATFORM_ROWS = `   <Row ss:AutoFitHeight="0" ss:Height="27">
    ${sheetMlText("2018年11月工单明细", ' ss:MergeAcross="7" ss:StyleID="s24"')}
   </Row>
   <Row ss:Index="3">
    ${HEADER.map((h) => sheetMlText(h)).join("")}
   </Row>
   <Row>
    <Cell><Data ss:Type="String">GD001</Data></Cell>
    <Cell ss:MergeDown="1" ss:StyleID="s24"><Data ss:Type="String">唐山镇</Data></Cell>
    <Cell ss:StyleID="s22"><Data ss:Type="DateTime">2018-11-01T09:30:00.000</Data></Cell>
    <Cell ss:StyleID="s21"><Data ss:Type="DateTime">2018-11-08T00:00:00.000</Data></Cell>
    <Cell ss:StyleID="s22"><Data ss:Type="DateTime">2018-11-02T16:45:00.000</Data></Cell>
    <Cell><Data ss:Type="String">噪音扰民 &amp; 占道经营</Data></Cell>
    <Cell ss:StyleID="s23"><Data ss:Type="Number">301</Data></Cell>
    <Cell><Data ss:Type="String">县中心</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">GD002</Data></Cell>
    <Cell ss:Index="3" ss:StyleID="s22"><Data ss:Type="DateTime">2018-11-01T00:00:00.000</Data></Cell>
    <Cell ss:StyleID="s21"><Data ss:Type="DateTime">2018-11-08T17:30:00.000</Data></Cell>
    <Cell ss:Index="6"><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><Font html:Color="#FF0000">加急</Font><B><Font>：</Font></B><Font>路灯不亮&#10;第二行</Font></ss:Data></Cell>
    <Cell ss:StyleID="s23"><Data ss:Type="Number">1201</Data></Cell>
    <Cell><Data ss:Type="String">市中心</Data></Cell>
   </Row>
   <Row ss:AutoFitHeight="0" ss:Height="6"/>
   <Row ss:Index="8" ss:Hidden="1">
    <Cell><Data ss:Type="String">GD003</Data><Comment ss:Author="张三"><ss:Data xmlns="http://www.w3.org/TR/REC-html40"><B><Font html:Face="宋体" x:CharSet="134" html:Size="9">张三:</Font></B><Font html:Face="宋体" x:CharSet="134" html:Size="9">&#10;重复件</Font></ss:Data></Comment></Cell>
    <Cell><Data ss:Type="String">果里镇</Data></Cell>
    <Cell ss:StyleID="s22"><Data ss:Type="DateTime">2018-11-03T08:05:00.000</Data></Cell>
    <Cell ss:StyleID="s21"><Data ss:Type="DateTime">2018-11-10T00:00:00.000</Data></Cell>
    <Cell ss:Index="7"><Data ss:Type="Number">12.5</Data></Cell>
    <Cell><Data ss:Type="String">县中心</Data></Cell>
   </Row>
`;

const PLATFORM = sheetMlWorkbook(
  sheetMlWorksheet("字典", `   <Row>${sheetMlText("来源")}</Row>\n   <Row>${sheetMlText("县中心")}</Row>\n`, { hidden: true }) +
    sheetMlWorksheet("工单明细", PLATFORM_ROWS, { columns: '   <Column ss:Index="6" ss:Hidden="1" ss:AutoFitWidth="0"/>\n' }),
);

/** A wall-clock time as the readers give it: its UTC fields the time written. */
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

describe("Excel 2003 XML spreadsheet (SpreadsheetML)", () => {
  it("a duration (响应时长 25:30 as [h]:mm:ss, written 1900-01-01T01:30:00) is its elapsed time, as in an .xlsx, not a date", async () => {
    const duration = (value: string) => `<Cell ss:StyleID="s25"><Data ss:Type="DateTime">${value}</Data></Cell>`;
    const row = (id: string, value: string) =>
      `<Row>${[`GD${id}`, "唐山镇", "县中心", "2018-11-05 09:00", "2018-11-12"].map((t) => sheetMlText(t)).join("")}${duration(value)}</Row>`;
    const path = join(dir, "durations.xml");
    await writeFile(
      path,
      sheetMlWorkbook(
        sheetMlWorksheet(
          "工单",
          `<Row>${["工单编号", "承办单位", "来源", "受理时间", "办理时限", "响应时长"].map((h) => sheetMlText(h)).join("")}</Row>` +
            row("1", "1900-01-01T01:30:00.000") +
            row("2", "1899-12-31T05:54:00.000") +
            row("3", "1900-01-01T01:30:15.000"),
        ),
      ),
    );
    const { records, problems } = await loadRecords(path, "orders");
    expect(problems).toEqual([]);
    expect(records.map((o) => o.attributes.响应时长)).toEqual(["25:30", "05:54", "25:30:15"]);
  });

  it("a duration of a workbook counting its days from 1904 (<Date1904/>, Excel for Mac), written 1904-01-02T01:30:00, is 25:30 as in a 1900 one", async () => {
    const duration = (value: string) => `<Cell ss:StyleID="s25"><Data ss:Type="DateTime">${value}</Data></Cell>`;
    const row = (id: string, value: string) =>
      `<Row>${[`GD${id}`, "唐山镇", "县中心", "2018-11-05 09:00", "2018-11-12"].map((t) => sheetMlText(t)).join("")}${duration(value)}</Row>`;
    const path = join(dir, "durations-1904.xml");
    const workbook = sheetMlWorkbook(
      sheetMlWorksheet(
        "工单",
        `<Row>${["工单编号", "承办单位", "来源", "受理时间", "办理时限", "响应时长"].map((h) => sheetMlText(h)).join("")}</Row>` +
          row("1", "1904-01-02T01:30:00.000") +
          row("2", "1904-01-01T05:54:00.000") +
          row("3", "1904-01-02T01:30:15.000"),
      ),
    );
    await writeFile(path, workbook.replace("<ProtectStructure>", "<Date1904/>\n  <ProtectStructure>"));
    const { records, problems } = await loadRecords(path, "orders");
    expect(problems).toEqual([]);
    expect(records.map((o) => o.attributes.响应时长)).toEqual(["25:30", "05:54", "25:30:15"]);
  });

  it("reads a platform's export named .xls as the sheet shows it: row numbers, merged cells, dates by their style, rich text, entities", async () => {
    const path = await write("导出工单.xls", PLATFORM);
    const sheets: { name: string; sheets: number; read: number; skipped: readonly SkippedSheet[] }[] = [];
    const formats: TableFormat[] = [];
    const views: unknown[] = [];
    const rows = await rowsOf(path, { onSheet: (s) => sheets.push(s), onFormat: (f) => formats.push(f), onSheetView: (v) => views.push(v) });
    expect(formats).toEqual(["xml"]);
    // the hidden 字典, first in the tabs, is not read, and is said to be hidden
    expect(sheets).toEqual([{ name: "工单明细", sheets: 2, read: 1, skipped: [{ name: "字典", hidden: true }] }]);
    // column F (0-based 5) is hidden by its <Column ss:Index="6" ss:Hidden="1">
    expect(views).toEqual([{ hiddenColumns: [5], filtered: false }]);
    expect(rows).toEqual([
      // the title merged across: in its first column, the others empty (as an .xlsx reads it)
      { row: 1, cells: ["2018年11月工单明细"] },
      // row 2 left out: the header is row 3, as ss:Index says
      { row: 3, cells: HEADER },
      {
        row: 4,
        cells: [
          "GD001",
          "唐山镇",
          new Date(at(2018, 11, 1, 9, 30)),
          new Date(at(2018, 11, 8)),
          new Date(at(2018, 11, 2, 16, 45)),
          "噪音扰民 & 占道经营",
          "0301",
          "县中心",
        ],
      },
      // 唐山镇 merged down into row 5; no 办结时间; the rich text's runs as one text, &#10; a line break; 1201 fills
      // the format's four digits, so stays the number
      {
        row: 5,
        cells: ["GD002", "唐山镇", new Date(at(2018, 11, 1)), new Date(at(2018, 11, 8)), undefined, "加急：路灯不亮\n第二行", 1201, "市中心"],
      },
      // row 6 blank (skipped, counted), row 7 left out; the comment's text is not the cell's
      { row: 8, hidden: true, cells: ["GD003", "果里镇", new Date(at(2018, 11, 3, 8, 5)), new Date(at(2018, 11, 10)), undefined, undefined, 12.5, "县中心"] },
    ]);
    // a time-formatted cell is a moment (midnight too, not the day alone); a date-formatted one the day, and when it
    // holds a time besides, the day shown with the time held (as read-xlsx.ts reads an .xlsx of the same cells)
    const [, , four, five, eight] = rows as [RawRow, RawRow, RawRow, RawRow, RawRow];
    expect(four.cells[2]).toBeInstanceOf(DateTimeCell);
    expect(four.cells[3]).not.toBeInstanceOf(DateTimeCell);
    expect(five.cells[2]).toBeInstanceOf(DateTimeCell);
    expect((five.cells[2] as Date).getTime()).toBe(at(2018, 11, 1));
    expect(five.cells[3]).toBeInstanceOf(DateShownAlone);
    expect((five.cells[3] as DateShownAlone).held).toBe(at(2018, 11, 8, 17, 30));
    expect(eight.cells[3]).not.toBeInstanceOf(DateTimeCell);
  });

  it("reads it named .xml (as Excel names it) and named .xlsx, by its content", async () => {
    expect(tableFormatOf("导出.xml")).toBe("xml");
    const expected = await rowsOf(await write("as-xls.xls", PLATFORM));
    expect(await rowsOf(await write("导出工单.xml", PLATFORM))).toEqual(expected);
    expect(await rowsOf(await write("导出工单.xlsx", PLATFORM))).toEqual(expected);
    // in GB2312, as its declaration says (a Java platform's writer)
    const iconv = (await import("iconv-lite")).default;
    const gbk = join(dir, "gbk.xls");
    await writeFile(gbk, iconv.encode(PLATFORM.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="GB2312"?>'), "gb18030"));
    expect(await rowsOf(gbk)).toEqual(expected);
  });

  it("imports it as the same orders as the same sheet saved as CSV", async () => {
    const path = await write("工单11月.xls", PLATFORM);
    const csv = await write(
      "工单11月.csv",
      [
        "2018年11月工单明细",
        "",
        HEADER.join(","),
        "GD001,唐山镇,2018-11-01 09:30,2018-11-08,2018-11-02 16:45,噪音扰民 & 占道经营,0301,县中心",
        'GD002,唐山镇,2018-11-01 00:00,2018-11-08,,"加急：路灯不亮\n第二行",1201,市中心',
        "",
        "",
        "GD003,果里镇,2018-11-03 08:05,2018-11-10,,,12.5,县中心",
      ].join("\n"),
    );
    const fromXml = await loadRecords(path, "orders");
    const fromCsv = await loadRecords(csv, "orders");
    expect(fromXml.problems).toEqual([]);
    expect(fromCsv.problems).toEqual([]);
    expect(fromXml.records).toHaveLength(3);
    expect(fromXml.records).toEqual(fromCsv.records);
  });

  it("a range merged down over rows the file leaves out shows in them; booleans, error results, a time alone", async () => {
    const rows = `   <Row>
    <Cell ss:MergeDown="2"><Data ss:Type="String">唐山镇</Data></Cell>
    <Cell><Data ss:Type="String">GD1</Data></Cell>
    <Cell><Data ss:Type="Boolean">1</Data></Cell>
    <Cell ss:Formula="=VLOOKUP(RC[-2],字典!C[-3],1,0)"><Data ss:Type="Error">#N/A</Data></Cell>
   </Row>
   <Row ss:Index="3">
    <Cell ss:Index="2"><Data ss:Type="String">GD3</Data></Cell>
    <Cell><Data ss:Type="Boolean">0</Data></Cell>
    <Cell ss:StyleID="s22"><Data ss:Type="DateTime">1899-12-31T08:05:00.000</Data></Cell>
   </Row>
`;
    const read = await rowsOf(await write("merged.xls", sheetMlWorkbook(sheetMlWorksheet("Sheet1", rows))));
    expect(read).toEqual([
      { row: 1, cells: ["唐山镇", "GD1", true], uncalculated: [{ column: 3, formula: "=VLOOKUP(RC[-2],字典!C[-3],1,0)", error: "#N/A" }] },
      // row 2 is not in the file, but the sheet shows 唐山镇 in it: read as shown, as a merged cell is in each of its rows
      { row: 2, cells: ["唐山镇"] },
      // a time of day alone, written on Excel's day 0 as 1899-12-31: on the day an .xlsx's serial of it reads
      { row: 3, cells: ["唐山镇", "GD3", false, new Date(Date.UTC(1899, 11, 30, 8, 5))] },
    ]);
  });

  it("the first rows for the header, in the batches asked, with progress to the end", async () => {
    const path = await write("leading.xls", PLATFORM);
    const batches: RawRow[][] = [];
    for await (const batch of readTableBatches(path, undefined, { leadingRows: 2 })) batches.push(batch);
    expect(batches.map((b) => b.map((r) => r.row))).toEqual([[1, 3]]);
    const progress: ReadProgress[] = [];
    await rowsOf(path, { onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toMatchObject({ rows: 8, done: true, encoding: "xml" });
    expect(progress.at(-1)?.bytesRead).toBe(progress.at(-1)?.totalBytes);
  });

  it("a file cut short says it is incomplete and where it got to; a damaged cell says where it is", async () => {
    const cut = await write("cut.xls", PLATFORM.slice(0, PLATFORM.indexOf("GD002")));
    // cut inside row 5 (the row after row 4, no ss:Index) of the second sheet
    expect(await refusal(cut)).toBe(
      "“XML 电子表格 2003”文件不完整（文件在结尾之前中断，读到工作表“工单明细”第 5 行为止），可能是下载或复制没有完成：请重新从平台导出或重新复制后再导入",
    );
    const bad = await write("bad.xls", PLATFORM.replace('<Data ss:Type="Number">301</Data>', '<Data ss:Type="Number">三〇一</Data>'));
    expect(await refusal(bad)).toBe(
      "“XML 电子表格 2003”文件已损坏，无法读取（工作表“工单明细”第 4 行 G 列）：数值单元格的内容“三〇一”不是数字。请重新从平台导出后再导入；仍不行时，请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入",
    );
    // as an import says it: the file, no row
    expect((await loadRecords(cut, "orders")).problems).toMatchObject([{ row: 0, reason: expect.stringContaining("不完整") }]);
    // a .xml that is some other XML is no workbook
    const other = await write("settings.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<configuration><add key="a" value="b"/></configuration>\n');
    expect(await refusal(other)).toMatch(/^这不是 Excel 的“XML 电子表格 2003”文件/);
  });
  it("a few bytes do not make millions: a hidden-columns tag repeated lists each column once, a merge over rows never written is refused past 100,000 (a review)", async () => {
    // 20,000 tags each hiding the sheet's first 1,024 columns: 20 million entries listed before, 1,024 now
    const columns = '<Column ss:Index="1" ss:Span="1023" ss:Hidden="1"/>'.repeat(20_000);
    const rows = `   <Row>${HEADER.map((h) => sheetMlText(h)).join("")}</Row>\n   <Row><Cell><Data ss:Type="String">GD1</Data></Cell></Row>\n`;
    const hidden = await write("columns.xls", sheetMlWorkbook(sheetMlWorksheet("Sheet1", rows, { columns })));
    const hiddenColumns: number[] = [];
    const read = await rowsOf(hidden, { onSheetView: (view) => hiddenColumns.push(view.hiddenColumns.length) });
    expect(read.map((r) => r.row)).toEqual([1, 2]);
    expect(hiddenColumns).toEqual([1024]);
    // a unit merged down over a million rows the file never writes (412 bytes made a batch of 1,048,002 rows)
    const down = `   <Row><Cell ss:MergeDown="1048000" ss:MergeAcross="8"><Data ss:Type="String">唐山镇</Data></Cell></Row>\n`;
    const merged = await write("down.xls", sheetMlWorkbook(sheetMlWorksheet("Sheet1", down)));
    expect(await refusal(merged)).toBe(
      "“XML 电子表格 2003”文件中合并单元格向下延伸到文件没有写出的 100,000 多行（工作表“Sheet1”第 1 行）：文件可能已损坏。请在 Excel 或 WPS 中打开，取消合并单元格后另存为 .xlsx 再导入",
    );
  });
});

/** A damaged file's refusal: where (the sheet, the row, the column as the reader got there), why, and what to do. */
const damaged = (where: string, why: string) =>
  `“XML 电子表格 2003”文件已损坏，无法读取（${where}）：${why}。请重新从平台导出后再导入；仍不行时，请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入`;

/** A workbook of one sheet, 工单明细, of these rows (its header row first). */
const oneSheet = (rows: string) => sheetMlWorkbook(sheetMlWorksheet("工单明细", `   <Row>${HEADER.map((h) => sheetMlText(h)).join("")}</Row>\n${rows}`));

const textCell = (text: string, attributes = "") => sheetMlText(text, attributes);

describe("Excel 2003 XML spreadsheet: what it refuses, and how it says so", () => {
  it("a row numbered at or before a row already read says after which row it came, and as what", async () => {
    // rows 1 (the header) and 2, then a row that says it is row 2 again
    const again = await write("row-again.xls", oneSheet(`   <Row>${textCell("GD1")}</Row>\n   <Row ss:Index="2">${textCell("GD2")}</Row>\n`));
    expect(await refusal(again)).toBe(damaged("工作表“工单明细”第 2 行", "第 2 行之后的一行标为第 2 行（行号须逐行增大）"));
    // the header, then row 5, then a row that says it is row 3: before it
    const back = await write("row-back.xls", oneSheet(`   <Row ss:Index="5">${textCell("GD1")}</Row>\n   <Row ss:Index="3">${textCell("GD2")}</Row>\n`));
    expect(await refusal(back)).toBe(damaged("工作表“工单明细”第 5 行", "第 5 行之后的一行标为第 3 行（行号须逐行增大）"));
    // a row's ss:Span="2" says rows 2–4 are alike (Excel writes it for rows of no cells): row 3 is among them
    const spanned = await write("row-span.xls", oneSheet(`   <Row ss:Span="2"/>\n   <Row ss:Index="3">${textCell("GD2")}</Row>\n`));
    expect(await refusal(spanned)).toBe(damaged("工作表“工单明细”第 4 行", "第 4 行之后的一行标为第 3 行（行号须逐行增大）"));
    // a first row numbered 0: at the sheet's start
    const zero = await write("row-zero.xls", sheetMlWorkbook(sheetMlWorksheet("工单明细", `   <Row ss:Index="0">${textCell("GD1")}</Row>\n`)));
    expect(await refusal(zero)).toBe(damaged("工作表“工单明细”开头", "一行的行号为 0（行号从 1 起）"));
  });

  it("a cell numbered at or before a column already read says its column and the column it came after", async () => {
    // row 2: a cell in C (ss:Index="3"), then one that says it is in B
    const back = await write("cell-back.xls", oneSheet(`   <Row>${textCell("GD1", ' ss:Index="3"')}${textCell("唐山镇", ' ss:Index="2"')}</Row>\n`));
    expect(await refusal(back)).toBe(damaged("工作表“工单明细”第 2 行 B 列", "B 列的单元格出现在 C 列之后（单元格须从左到右排列）"));
    // two cells that both say they are in C
    const same = await write("cell-same.xls", oneSheet(`   <Row>${textCell("GD1", ' ss:Index="3"')}${textCell("唐山镇", ' ss:Index="3"')}</Row>\n`));
    expect(await refusal(same)).toBe(damaged("工作表“工单明细”第 2 行 C 列", "C 列的单元格出现在 C 列之后（单元格须从左到右排列）"));
    // a cell merged across A–C (ss:MergeAcross="2"), then one in B, which the merge covers
    const covered = await write(
      "cell-covered.xls",
      oneSheet(`   <Row>${textCell("GD1", ' ss:MergeAcross="2"')}${textCell("唐山镇", ' ss:Index="2"')}</Row>\n`),
    );
    expect(await refusal(covered)).toBe(damaged("工作表“工单明细”第 2 行 B 列", "B 列的单元格出现在 C 列之后（单元格须从左到右排列）"));
    // a column numbered 0 is no column: the row alone (no column letters for it)
    const zero = await write("cell-zero.xls", oneSheet(`   <Row>${textCell("GD1", ' ss:Index="0"')}</Row>\n`));
    expect(await refusal(zero)).toBe(damaged("工作表“工单明细”第 2 行", "一个单元格的列号为 0（列号从 1 起）"));
    // past Excel's last column, XFD (16,384): column 16,385 is XFE
    const past = await write("cell-past.xls", oneSheet(`   <Row>${textCell("GD1", ' ss:Index="16385"')}</Row>\n`));
    expect(await refusal(past)).toBe(damaged("工作表“工单明细”第 2 行 XFE 列", "单元格在第 16,385 列，超过 Excel 的最大列数 16,384"));
  });

  it("a cell of a type Excel has not says the type, where, and the types there are", async () => {
    // in row 2's D: Currency is a number format's name, not a type Excel writes
    const path = await write("type.xls", oneSheet(`   <Row>${textCell("GD1")}<Cell ss:Index="4"><Data ss:Type="Currency">12.5</Data></Cell></Row>\n`));
    expect(await refusal(path)).toBe(
      damaged("工作表“工单明细”第 2 行 D 列", "单元格的数据类型“Currency”无法识别（应为 String、Number、DateTime、Boolean 或 Error）"),
    );
  });

  it("a tag, or a CDATA section, past the scanner's bound (1,048,576 characters) is refused where it began; a cell's text of any length is read to its bound", async () => {
    // the scanner looks at what it holds of an open tag once per 64 KiB read: 1.2 million characters are past the bound
    // wherever the reads fall
    const tooLong = (where: string) =>
      `“XML 电子表格 2003”文件中有异常过长的内容（${where}）：一个标签、注释或 CDATA 段超过 1,048,576 个字符，文件可能已损坏。请重新从平台导出后再导入`;
    // a cell's formula of 1.2 million characters, in row 3
    const formula = `   <Row>${textCell("GD1")}</Row>\n   <Row><Cell ss:Formula="=${"A".repeat(1_200_000)}"><Data ss:Type="String">x</Data></Cell></Row>\n`;
    expect(await refusal(await write("tag.xls", oneSheet(formula)))).toBe(tooLong("工作表“工单明细”第 3 行"));
    // a cell's text as one CDATA section of 1.2 million characters, in row 2
    const cdata = `   <Row>${textCell("GD1")}<Cell><Data ss:Type="String"><![CDATA[${"噪".repeat(1_200_000)}]]></Data></Cell></Row>\n`;
    expect(await refusal(await write("cdata.xls", oneSheet(cdata)))).toBe(tooLong("工作表“工单明细”第 2 行"));

    // the same text as plain text (entities too) is no tag: read as its first textChars + 1 characters, which the
    // import then says is too long, at its row and column
    const text = `   <Row>${textCell("GD1")}${textCell("唐山镇")}${textCell("2018-11-01 09:30")}${textCell("2018-11-08")}${textCell("")}${textCell(
      `${"噪".repeat(1_200_000)}`,
    )}</Row>\n   <Row>${textCell("GD2")}${textCell("唐山镇")}<Cell ss:Index="6"><Data ss:Type="String">${"&amp;".repeat(300_000)}</Data></Cell></Row>\n`;
    const path = await write("long-text.xls", oneSheet(text));
    const [, long, entities] = (await rowsOf(path)) as [RawRow, RawRow, RawRow];
    expect(long.cells[5]).toBe("噪".repeat(IMPORT_LIMITS.textChars + 1));
    expect(entities.cells[5]).toBe("&".repeat(IMPORT_LIMITS.textChars + 1));
    const { problems } = await loadRecords(path, "orders");
    expect(problems.filter((p) => p.column === "诉求内容").map((p) => [p.row, p.reason])).toEqual([
      [2, expect.stringContaining("内容过长")],
      [3, expect.stringContaining("内容过长")],
    ]);
  });

  it("reads the same rows in UTF-16, little- or big-endian, with or without a byte order mark, as in UTF-8", async () => {
    const expected = await rowsOf(await write("utf8.xls", PLATFORM));
    // as a .NET exporter writes it: its declaration says UTF-16
    const text = PLATFORM.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>');
    const le = Buffer.from(text, "utf16le");
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [
      ["utf16le-bom.xls", Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ["utf16be-bom.xls", Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ["utf16be.xml", be],
      ["utf16le.xml", le],
    ] as const) {
      const path = join(dir, name);
      await writeFile(path, bytes);
      expect(await rowsOf(path), name).toEqual(expected);
    }
  });

  it("reads UTF-16 past the first 64 KiB read, a character of two code units split between two reads", async () => {
    // 𠮷 (U+20BB7) is two UTF-16 code units: put one at code units 32,766–32,767 of the text, bytes 65,534–65,537
    // after the 2-byte mark, across the 65,536 bytes read at a time
    const filler = Array.from({ length: 200 }, (_, i) => `   <Row>${textCell(`GD${i + 1}`)}${textCell("唐山镇")}</Row>\n`).join("");
    const build = (pad: number) => oneSheet(`${filler}   <Row>${textCell("GD201")}${textCell(`${"中".repeat(pad)}𠮷𠮷`)}</Row>\n`);
    const pad = 32_766 - build(0).indexOf("𠮷");
    const text = build(pad);
    expect(text.indexOf("𠮷")).toBe(32_766);
    const expected = await rowsOf(await write("long-utf8.xls", text));
    expect(expected.at(-1)?.cells[1]).toBe(`${"中".repeat(pad)}𠮷𠮷`);
    const le = Buffer.from(text, "utf16le");
    for (const [name, bytes] of [
      ["long-le.xls", Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ["long-be.xls", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()])],
    ] as const) {
      const path = join(dir, name);
      await writeFile(path, bytes);
      expect(await rowsOf(path), name).toEqual(expected);
    }
  });

  it("a workbook of no sheet, a sheet past Excel's last row, merged cells of more than ten million: each said", async () => {
    expect(await refusal(await write("no-sheet.xls", sheetMlWorkbook("")))).toBe("“XML 电子表格 2003”文件中没有工作表");
    // row 1,048,577 is one past Excel's last row
    const past = await write("past.xls", oneSheet(`   <Row ss:Index="1048577">${textCell("GD1")}</Row>\n`));
    expect(await refusal(past)).toBe("工作表“工单明细”超过最大行数 1,048,576：文件已损坏，或请把数据分成几个文件再导入");
    // one cell merged down 1,048,000 rows and across 10 columns: 10,480,000 cells below it, more than ten million
    const merged = await write("merged.xls", oneSheet(`   <Row>${textCell("GD1")}${textCell("唐山镇", ' ss:MergeDown="1048000" ss:MergeAcross="9"')}</Row>\n`));
    expect(await refusal(merged)).toBe(
      "“XML 电子表格 2003”文件中合并的单元格展开后超过 10,000,000 个（工作表“工单明细”第 2 行 B 列）：文件可能已损坏。请在 Excel 或 WPS 中打开，取消合并单元格后另存为 .xlsx 再导入",
    );
  });

  it("a .xml that is no workbook says so, in words of an XML spreadsheet: other text, a picture, bytes no text has, an encoding not read", async () => {
    const notSheet =
      "这不是 Excel 的“XML 电子表格 2003”文件（扩展名为 .xml 的文件须是 Excel 或 WPS 另存的“XML 电子表格 2003”）：请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入";
    // text of no tag at all, or a declaration alone: not a file cut short (it never began a workbook)
    expect(await refusal(await write("notes.xml", "工单导出说明：请用 Excel 打开\n"))).toBe(notSheet);
    expect(await refusal(await write("declaration.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'))).toBe(notSheet);
    // cut short right after its processing instruction, before <Workbook>: it is one, cut short
    const cut = PLATFORM.slice(0, PLATFORM.indexOf("<Workbook"));
    expect(await refusal(await write("cut-early.xml", cut))).toMatch(/^“XML 电子表格 2003”文件不完整（文件在结尾之前中断）/);
    // a PNG picture named .xml: what it is, not "not a CSV file"
    const png = join(dir, "picture.xml");
    await writeFile(png, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]));
    // what it is, and what to do instead
    expect(await refusal(png)).toBe(
      "这不是 Excel 的“XML 电子表格 2003”文件，从内容看是：PNG 图片。请上传从平台导出的数据文件，或在 Excel、WPS 中打开数据后“另存为”.xlsx 再导入",
    );
    // bytes no text holds (NUL and control bytes), of no known kind
    const binary = join(dir, "binary.xml");
    await writeFile(binary, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)));
    expect(await refusal(binary)).toBe(notSheet);
    // UTF-32 is not read: the encoding said
    const utf32 = Buffer.alloc(PLATFORM.length * 4);
    for (let i = 0; i < PLATFORM.length; i++) utf32.writeUInt32LE(PLATFORM.codePointAt(i) ?? 0, i * 4);
    const wide = join(dir, "utf32.xml");
    await writeFile(wide, Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32]));
    expect(await refusal(wide)).toMatch(/^文件编码为 UTF-32LE，不支持此编码/);
  });
});

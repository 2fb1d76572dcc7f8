/**
 * Old Excel 97–2003 workbooks (.xls) read as their .xlsx twins are. The fixtures (test/fixtures/xls, see its README)
 * are LibreOffice's .xls and .xlsx of one spreadsheet: a hidden first sheet, a title merged across, a unit merged down
 * two rows, dates with and without times, numbers, booleans, formulas with saved results and one with an error, long
 * Chinese and mixed texts whose shared strings run past one record (CONTINUE), and a second sheet of the same columns.
 */
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../src/limits.ts";
import { DateTimeCell } from "../../src/read/cell-values.ts";
import {
  type RawRow,
  type ReadProgress,
  type ReadTableOptions,
  readTable,
  readTableBatches,
  type SheetView,
  TableReadError,
  tableFormatOf,
} from "../../src/read/read-table.ts";
import { shanghaiEpoch } from "../../src/shanghai-time.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { useTempDir } from "../support/temp-dir.ts";
import { cellHead, chars, compoundFile, f64, record, u16, u32, workbookStream, xlString } from "../support/xls-writer.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/xls");
const FEATURES_XLS = join(FIXTURES, "features.xls");
const FEATURES_XLSX = join(FIXTURES, "features.xlsx");
const dir = await useTempDir();

async function rowsOf(path: string, options: ReadTableOptions = {}): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readTable(path, undefined, options)) rows.push(row);
  return rows;
}

/** Why reading fails, in Chinese, or undefined when it does not. */
async function refusal(path: string): Promise<string | undefined> {
  try {
    await rowsOf(path);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(TableReadError);
    return (e as TableReadError).reason;
  }
}

/** The fixture's bytes changed by `change`, written under `name`. */
async function variant(name: string, change: (bytes: Buffer) => Buffer | undefined = () => undefined): Promise<string> {
  const bytes = await readFile(FEATURES_XLS);
  const path = join(dir, name);
  await writeFile(path, change(bytes) ?? bytes);
  return path;
}

/** Cells as they compare: a date-time told from a date alone by its class. */
const shown = (rows: RawRow[]) =>
  rows.map((r) => ({
    row: r.row,
    cells: r.cells.map((c) => (c instanceof DateTimeCell ? `datetime ${c.toISOString()}` : c instanceof Date ? `date ${c.toISOString()}` : c)),
    // an .xls holds a formula compiled, not as text: the error is told, the formula not
    errors: r.uncalculated?.map((u) => [u.column, u.error]),
  }));

const ID_COLUMN = 7;

describe("XLS (Excel 97–2003)", () => {
  it("reads the same rows as the .xlsx of the same sheet: the visible sheet, its text, numbers, dates, booleans, formulas and merged cells", async () => {
    const sheets: { name: string; sheets: number }[] = [];
    const xls = await rowsOf(FEATURES_XLS, { onSheet: (s) => sheets.push(s) });
    const xlsx = await rowsOf(FEATURES_XLSX);
    // the one difference: a 16-digit id kept whole in the .xls's double, where LibreOffice's .xlsx wrote 15 digits
    const idRow = (rows: RawRow[]) => rows.find((r) => r.cells[0] === "GD4")?.cells as unknown[];
    expect(idRow(xls)[ID_COLUMN]).toBe("2018110300001234");
    idRow(xlsx)[ID_COLUMN] = "2018110300001234";
    expect(shown(xls)).toEqual(shown(xlsx));
    // the hidden first sheet (a drop-down's list) is passed over; the workbook's three sheets are counted
    expect(sheets).toEqual([
      {
        name: "工单",
        sheets: 3,
        read: 1,
        skipped: [
          { name: "字典", hidden: false },
          { name: "12月", hidden: false },
        ],
      },
    ]);
    expect(xls.map((r) => r.row).slice(0, 5)).toEqual([1, 2, 3, 4, 6]);
    const [title, header, first, second, third] = xls;
    expect(title?.cells).toEqual(["2018年11月工单明细"]);
    expect(header?.cells.slice(0, 3)).toEqual(["工单编号", "承办单位", "受理时间"]);
    // 唐山镇 merged down rows 3–4 reads in both
    expect([first?.cells[1], second?.cells[1]]).toEqual(["唐山镇", "唐山镇"]);
    expect(first?.cells[2]).toBeInstanceOf(DateTimeCell);
    expect((first?.cells[2] as Date | undefined)?.getTime()).toBe(Date.UTC(2018, 10, 3, 14, 5));
    // midnight shown with its time is a time; a date alone is a plain Date
    expect(second?.cells[2]).toBeInstanceOf(DateTimeCell);
    expect(first?.cells[3]).not.toBeInstanceOf(DateTimeCell);
    expect(first?.cells[3]).toEqual(new Date(Date.UTC(2018, 10, 10)));
    expect([first?.cells[4], third?.cells[4], first?.cells[7]]).toEqual([2.5, -0.1, 5]);
    expect(third?.cells[7]).toBe(true);
    expect(first?.uncalculated).toEqual([{ column: 8, formula: "", error: "#DIV/0!" }]);
    // the long texts of the shared strings, split across records, whole: Chinese (two bytes a character) and ASCII (one)
    expect(second?.cells[6]).toBe("桓台县12345热线工单办理情况说明：群众反映问题已转交承办单位处理。".repeat(40).slice(0, 1100));
    expect(third?.cells[6]).toBe("The quick brown fox jumps over the lazy dog. ".repeat(30).slice(0, 1200));
    expect(xls[5]?.cells[6]).toBe("Mixed 混合 text 文字 ".repeat(100).slice(0, 1500));
  });

  it("reads every sheet with the columns wanted, one after another, with `all`", async () => {
    const score = (rows: readonly RawRow[]) => (rows.some((r) => r.cells[0] === "工单编号") ? Number.POSITIVE_INFINITY : 0);
    const read = async (path: string) => {
      const sheets: string[] = [];
      const batches: RawRow[][] = [];
      for await (const batch of readTableBatches(path, undefined, { sheetFit: { rows: 5, score, all: true }, onSheet: (s) => sheets.push(s.name) }))
        batches.push(batch);
      return { sheets, batches: batches.map((b) => shown(b).map((r) => [r.row, r.cells[0]])) };
    };
    const xls = await read(FEATURES_XLS);
    expect(xls.sheets).toEqual(["工单", "12月"]);
    expect(xls.batches.at(-1)).toEqual([
      [1, "工单编号"],
      [2, "GD100"],
    ]);
    expect(xls).toEqual(await read(FEATURES_XLSX));
  });

  it("stops after the leading rows asked for, and reports progress to the file's size", async () => {
    const batches: RawRow[][] = [];
    for await (const batch of readTableBatches(FEATURES_XLS, undefined, { leadingRows: 3 })) batches.push(batch);
    expect(batches.map((b) => b.map((r) => r.row))).toEqual([[1, 2, 3]]);
    const progress: ReadProgress[] = [];
    await rowsOf(FEATURES_XLS, { onProgress: (p) => progress.push(p) });
    const size = (await readFile(FEATURES_XLS)).length;
    // rows: the number of the last row read
    expect(progress.at(-1)).toEqual({ rows: 27, bytesRead: size, totalBytes: size, encoding: "xls", done: true });
  });

  it("is read as what it is whatever its name says (.xlsx, .csv); a file named .xls that is an .xlsx, a text file or a web page is read too", async () => {
    expect(tableFormatOf("工单.XLS")).toBe("xls");
    const expected = shown(await rowsOf(FEATURES_XLS));
    for (const name of ["misnamed.xlsx", "misnamed.csv", "misnamed.ods"]) {
      const path = join(dir, name);
      await copyFile(FEATURES_XLS, path);
      expect(shown(await rowsOf(path))).toEqual(expected);
    }
    const zipped = join(dir, "really-xlsx.xls");
    await copyFile(FEATURES_XLSX, zipped);
    expect((await rowsOf(zipped)).length).toBe(expected.length);
    const text = join(dir, "tab-separated.xls");
    await writeFile(text, "工单编号\t承办单位\r\nGD1\t唐山镇\r\n");
    expect((await rowsOf(text)).map((r) => r.cells)).toEqual([
      ["工单编号", "承办单位"],
      ["GD1", "唐山镇"],
    ]);
    const page = join(dir, "page.xls");
    await writeFile(page, "<html><body><table><tr><td>工单编号</td></tr></table></body></html>");
    // a platform's "导出 Excel": its table, as Excel opens it (read-html.test.ts)
    expect((await rowsOf(page)).map((r) => r.cells)).toEqual([["工单编号"]]);
  });

  it("a truncated or damaged file is said to be damaged, in Chinese, without hanging", async () => {
    const damaged = "无法读取 Excel 文件（文件损坏、不完整或不是 .xls）";
    // cut in half: the sectors the tables name are past its end
    expect(await refusal(await variant("truncated.xls", (b) => b.subarray(0, b.length >> 1)))).toContain(damaged);
    // the compound file's signature, then nothing that makes sense
    const garbage = Buffer.concat([(await readFile(FEATURES_XLS)).subarray(0, 8), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))]);
    const junk = join(dir, "garbage.xls");
    await writeFile(junk, garbage);
    expect(await refusal(junk)).toContain(damaged);
    // a file of no bytes is empty, not damaged (as a CSV of none is)
    const empty = join(dir, "empty.xls");
    await writeFile(empty, "");
    expect((await loadRecords(empty, "orders")).problems).toMatchObject([{ row: 0, reason: "文件为空（没有表头行）" }]);
    // the directory's chain of sectors made a loop: the first FAT sector's entry for it points back to itself
    const looped = await variant("looped.xls", (b) => {
      const copy = Buffer.from(b);
      const fatSector = copy.readUInt32LE(0x4c);
      const dirSector = copy.readUInt32LE(0x30);
      copy.writeUInt32LE(dirSector, (fatSector + 1) * 512 + dirSector * 4);
      return copy;
    });
    expect(await refusal(looped)).toContain(damaged);
    // and as an import says it: the file, no row
    expect((await loadRecords(junk, "orders")).problems).toMatchObject([{ row: 0, reason: expect.stringContaining(damaged) }]);
  });

  it("an Excel 2003 XML spreadsheet named .xls is read as one (not refused, nor read as a web page)", async () => {
    const path = join(dir, "导出2003.xls");
    await writeFile(
      path,
      '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type="String">工单编号</Data></Cell></Row></Table></Worksheet></Workbook>\n',
    );
    const rows: RawRow[] = [];
    for await (const row of readTable(path)) rows.push(row);
    expect(rows).toEqual([{ row: 1, cells: ["工单编号"] }]);
  });

  it("an encrypted workbook (FILEPASS) says it has a password; an Excel 95 one that it is too old", async () => {
    const workbookStart = (b: Buffer) => b.indexOf(Buffer.from([0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00]));
    // the globals' DATEMODE record turned into a FILEPASS of the same length
    const encrypted = await variant("encrypted.xls", (b) => {
      const copy = Buffer.from(b);
      const at = copy.indexOf(Buffer.from([0x22, 0x00, 0x02, 0x00]), workbookStart(copy));
      copy.writeUInt16LE(0x002f, at);
      return copy;
    });
    expect(await refusal(encrypted)).toMatch(/^文件设有密码/);
    const old = await variant("excel95.xls", (b) => {
      const copy = Buffer.from(b);
      copy.writeUInt16LE(0x0500, workbookStart(copy) + 4);
      return copy;
    });
    expect(await refusal(old)).toContain("Excel 95");
  });
});

/** An RK number: an integer in its upper 30 bits (bit 1), divided by 100 when bit 0 says so. */
const rk = (n: number, hundredths = false) => u32((n << 2) | 2 | (hundredths ? 1 : 0));
const CONTINUE = 0x003c;

/**
 * A workbook written record by record: shared strings split across CONTINUE records (a string's characters going on
 * two bytes each after one byte each, rich and phonetic runs, a run split too), a formula's text result in its STRING
 * record, cells of a row written after the next row's, a date format built in (14) and one of the file's own (164).
 */
function recordsWorkbook(options: { date1904?: boolean; longText?: number } = {}): Buffer {
  const globals = [
    ...(options.date1904 ? [record(0x0022, u16(1))] : []),
    record(0x041e, u16(164), xlString("yyyy-mm-dd hh:mm")),
    ...[0, 14, 164].map((format) => record(0x00e0, u16(0), u16(format), Buffer.alloc(16))),
    // "abcdef中文gh": its first four characters one byte each, the rest, in the CONTINUE record, two bytes each
    record(0x00fc, u32(5), u32(4), u16(10), [0], chars("abcd", false)),
    record(
      CONTINUE,
      [1],
      chars("ef中文gh", true),
      // rich text: two formatting runs after the characters
      u16(4),
      [0x09],
      u16(2),
      chars("工单编号", true),
      Buffer.alloc(8, 7),
      // phonetic text (12 bytes) after the characters, split across the next record
      u16(4),
      [0x04],
      u32(12),
      chars("Ruby", false),
      Buffer.alloc(5, 9),
    ),
    record(CONTINUE, Buffer.alloc(7, 9)),
    // a string that begins a record has no flags byte of the record's own
    record(CONTINUE, xlString("说明")),
  ];
  const formula = (row: number, col: number, result: number[]) => record(0x0006, cellHead(row, col), result, u16(0), u32(0), u16(0));
  const sheet = [
    record(0x0204, cellHead(0, 0), xlString("标题")),
    ...[1, 0, 2, 3].map((s, col) => record(0x00fd, cellHead(1, col), u32(s))),
    // row 4 before row 3
    record(0x00bd, u16(3), u16(1), u16(0), rk(42), u16(0), rk(1234, true), u16(1), rk(43405), u16(3)),
    record(0x0203, cellHead(3, 4, 2), f64(43405.5)),
    formula(2, 0, [0, 0, 0, 0, 0, 0, 0xff, 0xff]),
    record(0x0207, xlString("公式文本")),
    formula(2, 1, [1, 0, 1, 0, 0, 0, 0xff, 0xff]),
    formula(2, 2, [2, 0, 0x2a, 0, 0, 0, 0xff, 0xff]),
    record(0x0205, cellHead(2, 3), [0, 0]),
    record(0x00d7, u32(0)),
    // (one byte a character: a record holds at most 65,535 bytes, and the limit is Excel's own 32,767 characters)
    ...(options.longText ? [record(0x0204, cellHead(9, 0), xlString("é".repeat(options.longText)))] : []),
    // A3:A4 merged down; A1:D1 across (a title: left as it is)
    record(0x00e5, u16(2), u16(2), u16(3), u16(0), u16(0), u16(0), u16(0), u16(0), u16(3)),
  ];
  return compoundFile(
    workbookStream(globals, [
      { name: "字典", hidden: true, records: [record(0x0204, cellHead(0, 0), xlString("县中心"))] },
      { name: "工单", records: sheet },
    ]),
  );
}

describe("XLS records as other writers put them", () => {
  const write = async (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  };

  it("reads strings split across CONTINUE records, a formula's text result, cells out of row order, RK numbers, built-in and custom date formats", async () => {
    const sheets: { name: string; sheets: number }[] = [];
    // small enough to live in the compound file's mini stream
    const bytes = recordsWorkbook();
    expect(bytes.length).toBeLessThan(4096);
    const rows = await rowsOf(await write("records.xls", bytes), { onSheet: (s) => sheets.push(s) });
    expect(sheets).toEqual([{ name: "工单", sheets: 2, read: 1, skipped: [{ name: "字典", hidden: true }] }]);
    expect(shown(rows)).toEqual([
      { row: 1, cells: ["标题"], errors: undefined },
      { row: 2, cells: ["工单编号", "abcdef中文gh", "Ruby", "说明"], errors: undefined },
      { row: 3, cells: ["公式文本", true, null, false], errors: [[2, "#N/A"]] },
      {
        row: 4,
        cells: ["公式文本", 42, 12.34, "date 2018-11-01T00:00:00.000Z", "datetime 2018-11-01T12:00:00.000Z"],
        errors: undefined,
      },
    ]);
  });

  it("a row hidden in the sheet (a ROW record's fDyZero, by hand or by a filter) is read and told of, as in .xlsx and .ods", async () => {
    // ROW: rw, colMic, colMac, miyRw, 2 reserved, grbit (0x20: hidden), ixfe
    const row = (r: number, hidden: boolean) => record(0x0208, u16(r), u16(0), u16(1), u16(255), u16(0), u16(0), u16(hidden ? 0x0120 : 0x0100), u16(15));
    const sheet = [
      row(0, false),
      row(1, true),
      row(2, false),
      record(0x0204, cellHead(0, 0), xlString("工单编号")),
      record(0x0204, cellHead(1, 0), xlString("GD-筛掉的")),
      record(0x0204, cellHead(2, 0), xlString("GD-看得见的")),
    ];
    const globals = [record(0x00e0, u16(0), u16(0), Buffer.alloc(16))];
    const rows = await rowsOf(await write("hidden-rows.xls", compoundFile(workbookStream(globals, [{ name: "工单", records: sheet }]))));
    expect(rows.map((r) => [r.row, r.cells[0], r.hidden ?? false])).toEqual([
      [1, "工单编号", false],
      [2, "GD-筛掉的", true],
      [3, "GD-看得见的", false],
    ]);
  });

  it("tells the columns a sheet hides (COLINFO's fHidden) and a filter in force (FILTERMODE), as in .xlsx and .ods", async () => {
    // COLINFO: colFirst, colLast, coldx, ixfe, grbit (1: hidden), reserved
    const colinfo = (first: number, last: number, hidden: boolean) => record(0x007d, u16(first), u16(last), u16(2000), u16(15), u16(hidden ? 1 : 0), u16(0));
    const cells = [
      record(0x0204, cellHead(0, 0), xlString("工单编号")),
      record(0x0204, cellHead(0, 1), xlString("承办单位")),
      record(0x0204, cellHead(1, 0), xlString("GD1")),
    ];
    const globals = [record(0x00e0, u16(0), u16(0), Buffer.alloc(16))];
    const views = async (name: string, sheet: Buffer[]) => {
      const told: SheetView[] = [];
      await rowsOf(await write(name, compoundFile(workbookStream(globals, [{ name: "工单", records: sheet }]))), { onSheetView: (v) => told.push(v) });
      return told;
    };
    // B hidden, C shown, E to the last column (256) hidden; the filter's record before the columns, as Excel writes it
    expect(await views("filtered.xls", [record(0x009b), colinfo(1, 1, true), colinfo(2, 2, false), colinfo(4, 256, true), ...cells])).toEqual([
      { hiddenColumns: [1, ...Array.from({ length: 253 }, (_, i) => 4 + i)], filtered: true },
    ]);
    expect(await views("plain.xls", [colinfo(0, 1, false), ...cells])).toEqual([{ hiddenColumns: [], filtered: false }]);
    // a COLINFO repeated (a few bytes each): its columns listed once, not once a record (millions from a few MB: a review)
    expect(await views("repeated.xls", [...Array.from({ length: 2000 }, () => colinfo(1, 255, true)), ...cells])).toEqual([
      { hiddenColumns: Array.from({ length: 255 }, (_, i) => 1 + i), filtered: false },
    ]);
  });

  it("reads the 1904 date system, and a stream in sectors of its own; a text past the limit is kept one character longer than allowed", async () => {
    const bytes = recordsWorkbook({ date1904: true, longText: IMPORT_LIMITS.textChars + 1000 });
    expect(bytes.length).toBeGreaterThan(4096);
    const rows = await rowsOf(await write("records-1904.xls", bytes));
    expect(shown(rows)[3]?.cells.slice(3)).toEqual(["date 2022-11-02T00:00:00.000Z", "datetime 2022-11-02T12:00:00.000Z"]);
    expect(rows.at(-1)?.row).toBe(10);
    expect(rows.at(-1)?.cells[0]).toBe("é".repeat(IMPORT_LIMITS.textChars + 1));
    // a writer that ends the file where the stream ends, short of a whole sector: read the same
    const directory = (bytes.readUInt32LE(0x30) + 1) * 512;
    const short = bytes.subarray(0, directory + 512 + bytes.readUInt32LE(directory + 128 + 0x78));
    expect(short.length).toBeLessThan(bytes.length);
    expect(await rowsOf(await write("records-short.xls", short))).toEqual(rows);
  });

  it("a sheet of more rows than a batch with no marks between its blocks (no DBCELL, no ROW records) gives every row once, whole", async () => {
    const rows = Array.from({ length: 5100 }, (_, i) => record(0x00bd, u16(i), u16(0), u16(0), rk(i), u16(0), rk(i * 2), u16(1)));
    const path = await write("no-blocks.xls", compoundFile(workbookStream([], [{ name: "工单", records: rows }])));
    const read = await rowsOf(path);
    expect(read.map((r) => r.row)).toEqual(Array.from({ length: 5100 }, (_, i) => i + 1));
    expect(read.every((r) => r.cells[0] === r.row - 1 && r.cells[1] === (r.row - 1) * 2)).toBe(true);
  });

  it("reads a BIFF8 stream named Book (as Excel 95 named its own) as one named Workbook", async () => {
    const stream = workbookStream([], [{ name: "工单", records: [record(0x0204, cellHead(0, 0), xlString("工单编号"))] }]);
    expect(await rowsOf(await write("book.xls", compoundFile(stream, "Book")))).toEqual([{ row: 1, cells: ["工单编号"] }]);
  });

  /** An orders sheet: the header, then rows of cells (text as LABEL records, numbers as NUMBER records of XF 0, General). */
  const ordersXls = (rows: readonly (readonly (string | number)[])[], globals: Buffer[] = []) =>
    compoundFile(
      workbookStream(globals, [
        {
          name: "工单",
          records: [["工单编号", "承办单位", "来源", "受理时间", "办理时限"], ...rows].flatMap((cells, r) =>
            cells.map((cell, c) => (typeof cell === "number" ? record(0x0203, cellHead(r, c), f64(cell)) : record(0x0204, cellHead(r, c), xlString(cell)))),
          ),
        },
      ]),
    );

  it("a long order number saved as a number is refused as one whose last digits are lost, as in an .xlsx; one a double holds whole past Excel's 15 digits is kept", async () => {
    const order = (id: number, unit = "唐山镇") => [id, unit, "县中心", "2018-12-03 08:00", "2018-12-10"];
    const path = await write(
      "long-ids.xls",
      // 201710030001234567 is past what a double holds (it reads …560); 2018110300001230 is what Excel keeps of …1234
      ordersXls([order(Number("201710030001234567")), order(2018110300001230), order(2018110300001234), order(12345), order(2018110300001230, "GD")]),
    );
    const { records, problems } = await loadRecords(path, "orders");
    expect(records).toEqual([]);
    expect(problems.map(({ row, column, value }) => ({ row, column, value }))).toEqual([
      { row: 2, column: "工单编号", value: "201710030001235000" },
      { row: 3, column: "工单编号", value: "2018110300001230" },
      { row: 6, column: "工单编号", value: "2018110300001230" },
    ]);
    for (const p of problems) expect(p.reason).toContain("最后几位已经丢失");
    const kept = await loadRecords(await write("exact-ids.xls", ordersXls([order(2018110300001234), order(12345)])), "orders");
    expect(kept.problems).toEqual([]);
    expect(kept.records.map((o) => o.id)).toEqual(["2018110300001234", "12345"]);
  });

  it("a whole number whose format pads it with zeros (0000) reads as the text it shows, as in an .xlsx; a number column reads it as the number", async () => {
    // FORMAT records as LibreOffice writes an .xls of a sheet so formatted; XF 0 General, 1 000000000000, 2 0000, 3 00
    const globals = [
      record(0x041e, u16(164), xlString("000000000000")),
      record(0x041e, u16(165), xlString("0000")),
      record(0x041e, u16(166), xlString("00")),
      ...[0, 164, 165, 166].map((format) => record(0x00e0, u16(0), u16(format), Buffer.alloc(16))),
    ];
    /** a cell: text (LABEL), or a number (NUMBER) of an XF */
    const cell = (r: number, c: number, v: string | [number, number]) =>
      typeof v === "string" ? record(0x0204, cellHead(r, c), xlString(v)) : record(0x0203, cellHead(r, c, v[1]), f64(v[0]));
    const rows: (string | [number, number])[][] = [
      ["工单编号", "承办单位", "来源", "受理时间", "办理时限", "退回重办次数"],
      // Excel shows 020181100001, 0301 and 02
      [[20181100001, 1], [301, 2], "县中心", "2018-11-05 09:00", "2018-11-12", [2, 3]],
      // as long as its format's zeros: no zero more; General: the number
      [[120181100001, 1], [1234, 2], "县中心", "2018-11-05 09:00", "2018-11-12", [12, 0]],
    ];
    const path = await write(
      "zeros.xls",
      compoundFile(workbookStream(globals, [{ name: "工单", records: rows.flatMap((cells, r) => cells.map((v, c) => cell(r, c, v))) }])),
    );
    expect((await rowsOf(path)).slice(1).map((r) => [r.cells[0], r.cells[1], r.cells[5]])).toEqual([
      ["020181100001", "0301", "02"],
      [120181100001, 1234, 12],
    ]);
    const { records, problems } = await loadRecords(path, "orders");
    expect(problems).toEqual([]);
    // the 退回重办次数 shown 02 is the count 2
    expect(records.map((o) => [o.id, o.unit, o.redoCount])).toEqual([
      ["020181100001", "0301", 2],
      ["120181100001", "1234", 12],
    ]);
  });

  it("a duration of a day or more (响应时长 25:30, [h]:mm or the built-in 46) is its elapsed time, as in an .xlsx, not the date 1899-12-31", async () => {
    // XF 0 General, 1 [h]:mm (the file's own), 2 built-in 46 [h]:mm:ss
    const globals = [record(0x041e, u16(164), xlString("[h]:mm")), ...[0, 164, 46].map((format) => record(0x00e0, u16(0), u16(format), Buffer.alloc(16)))];
    const cell = (r: number, c: number, v: string | [number, number]) =>
      typeof v === "string" ? record(0x0204, cellHead(r, c), xlString(v)) : record(0x0203, cellHead(r, c, v[1]), f64(v[0]));
    const rows: (string | [number, number])[][] = [
      ["工单编号", "承办单位", "来源", "受理时间", "办理时限", "响应时长"],
      ["GD1", "唐山镇", "县中心", "2018-11-05 09:00", "2018-11-12", [(25 * 60 + 30) / 1440, 1]],
      ["GD2", "唐山镇", "县中心", "2018-11-05 09:00", "2018-11-12", [(25 * 3600 + 30 * 60 + 15) / 86_400, 2]],
    ];
    const path = await write(
      "durations.xls",
      compoundFile(workbookStream(globals, [{ name: "工单", records: rows.flatMap((cells, r) => cells.map((v, c) => cell(r, c, v))) }])),
    );
    const { records, problems } = await loadRecords(path, "orders");
    expect(problems).toEqual([]);
    expect(records.map((o) => o.attributes.响应时长)).toEqual(["25:30", "25:30:15"]);
  });

  it("a plain number in a date column of a 1904 workbook (DATEMODE) is counted from 1904, as Excel shows it", async () => {
    const rows = [["GD1", "唐山镇", "县中心", 43405.5, 43412] as const];
    const [in1900, in1904] = await Promise.all(
      [[], [record(0x0022, u16(1))]].map(async (globals, i) => loadRecords(await write(`serials-${i}.xls`, ordersXls(rows, globals)), "orders")),
    );
    expect(in1900?.problems).toEqual([]);
    expect(in1900?.records[0]).toMatchObject({ receivedAt: shanghaiEpoch(2018, 11, 1, 12), dueAt: shanghaiEpoch(2018, 11, 8, 23, 59, 59, 999) });
    expect(in1904?.problems).toEqual([]);
    expect(in1904?.records[0]).toMatchObject({ receivedAt: shanghaiEpoch(2022, 11, 2, 12), dueAt: shanghaiEpoch(2022, 11, 9, 23, 59, 59, 999) });
  });

  it("a value past the header's last named column is said to be in a column with no name, by its letter: no comma split it", async () => {
    const path = await write("extra-cell.xls", ordersXls([["GD1", "唐山镇", "县中心", "2018-12-03 08:00", "2018-12-10", "", "", "多出来的"]]));
    const { problems } = await loadRecords(path, "orders");
    expect(problems.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
      {
        row: 2,
        column: "第8列",
        value: "多出来的",
        reason: "此行在第8列（H 列）有内容，但该列没有列名（表头中列名为空，列名到第5列（E 列）为止）：请在表头中给该列填上列名，或删去该列的内容",
      },
    ]);
  });

  it("a password-protected .xlsx (a compound file of its encrypted package) says it has a password", async () => {
    const path = await write("protected.xlsx", compoundFile(Buffer.alloc(600, 1), "EncryptedPackage"));
    expect(await refusal(path)).toMatch(/^文件设有密码/);
  });
});

/** What reading a table produces, shared by the CSV and XLSX readers. */

import { stat } from "node:fs/promises";
import type { TextEncodingName } from "./text-encoding.ts";

/**
 * One cell as read. CSV cells are always strings. XLSX cells keep their type;
 * an Excel date cell is a Date whose UTC fields are the wall-clock time written
 * in the sheet (Excel stores no time zone), to be read as Asia/Shanghai time.
 */
export type Cell = string | number | boolean | Date | null;

/**
 * The columns of a sheet that are read: a table of hotline records is far narrower. A cell beyond them is not kept
 * (a row of 16,384 columns, one value in XFD, made each row's checks walk every column: a file of 8 MB held the writer
 * for 13 minutes, found by a security review); the row keeps the first such value, to be refused at its column.
 */
export const READ_COLUMNS = 1024;

export interface RawRow {
  /** 1-based row number as a spreadsheet shows it */
  row: number;
  cells: Cell[];
  /** set when the row could not be parsed cleanly */
  defect?: "unterminated-quote";
  /** CSV read as UTF-8: the row holds bytes that are not UTF-8 (a row pasted from a GBK file), read as U+FFFD */
  notUtf8?: true;
  /** CSV read as GB18030: the row's non-ASCII bytes are UTF-8 (a row pasted from a UTF-8 file), read as gibberish */
  utf8InGbk?: true;
  /**
   * XLSX: cells (0-based column) holding a formula with no computed value, or an error result (`error`: #N/A,
   * #DIV/0!…, with or without its formula); the cell reads as empty
   */
  uncalculated?: { column: number; formula: string; error?: string }[];
  /**
   * Cells (0-based column) whose value the reader cannot give as the sheet means it, with why (an .ods duration of a
   * month, `P1M`, that no clock time is): the cell reads as empty, and its reason is the row's problem
   */
  refused?: { column: number; value: string; reason: { zh: string; en: string } }[];
  /** XLSX, XLS, ODS: the row is hidden in the sheet (by hand, or by a filter): read all the same, and told of */
  hidden?: true;
  /** XLSX, ODS, CSV, a web page: the first cell with a value beyond the columns read (READ_COLUMNS), 0-based */
  beyond?: { column: number; value: Cell };
}

/**
 * How a sheet shows its cells, beyond their values: what a user who hid a column, or filtered the rows to one town, saw
 * (the readers read every cell all the same: the data is what the sheet holds).
 */
export interface SheetView {
  /** the columns hidden (0-based, in order, among those read: `READ_COLUMNS`) */
  hiddenColumns: readonly number[];
  /**
   * a filter is in force: an .xlsx's AutoFilter with a criterion (`filterColumn`), an .xls's FILTERMODE record, an
   * .ods's row hidden as `filter`
   */
  filtered: boolean;
}

/** The columns a view lists hidden, to list each once (`hideColumns`). */
const hiddenListed = new WeakMap<{ hiddenColumns: number[] }, Set<number>>();

/**
 * List columns `from` to `to` (0-based, both included; those past `READ_COLUMNS` left out) as hidden, each once: a
 * sheet's hidden-columns record repeated (50,000 `<col hidden>` tags, or COLINFO records, of a few MB) listed each of
 * its columns again every time, tens of millions of entries (a review).
 */
export function hideColumns(view: { hiddenColumns: number[] }, from: number, to: number): void {
  const listed = hiddenListed.get(view) ?? new Set(view.hiddenColumns);
  hiddenListed.set(view, listed);
  const last = Math.min(to, READ_COLUMNS - 1);
  for (let col = Math.max(0, from); col <= last && listed.size < READ_COLUMNS; col++) {
    if (listed.has(col)) continue;
    listed.add(col);
    view.hiddenColumns.push(col);
  }
}

/** `html`: the table of a web page (read-html.ts); `xml`: Excel 2003's XML spreadsheet (read-spreadsheetml.ts) */
export type TableFormat = "csv" | "xlsx" | "xls" | "ods" | "html" | "xml";

export interface ReadProgress {
  /** rows read so far (the number of the last row read) */
  rows: number;
  bytesRead: number;
  /** file size in bytes */
  totalBytes: number;
  /** `utf-8`, `gb18030` (CSV, once known), `xlsx`, `xls`, `ods` or `xml` */
  encoding?: string;
  done: boolean;
}

/** A sheet of a workbook that is not read: its name, and whether it is hidden. */
export interface SkippedSheet {
  name: string;
  hidden: boolean;
}

export interface ReadTableOptions {
  onProgress?: (progress: ReadProgress) => void;
  /** CSV only: skip detection and decode as this */
  encoding?: TextEncodingName;
  /** XLSX: a lower cap on the characters of the shared strings than `IMPORT_LIMITS.sharedStringsChars` (for tests) */
  sharedStringsChars?: number;
  /** XLSX, ODS: a lower size than `IMPORT_LIMITS.xlsxSuspectBytes` past which a sheet (an ODS's content.xml) packed unusually tight is refused (for tests) */
  xlsxSuspectBytes?: number;
  /**
   * XLSX: how well a sheet fits what is read, by its first `rows` non-blank rows: higher is better, and
   * `Number.POSITIVE_INFINITY` is taken at once. Of the visible sheets the first that fits best is read; without
   * this, the first visible sheet. A sheet named as notes (填写说明) is read only when no other fits as well (nor first).
   * With `all`, every sheet (not notes) that scores infinite is read, in tab order, one after another: a workbook
   * kept a sheet a month is one table; and with them every sheet (not notes) that `resembles` the table (XLSX, XLS,
   * ODS), for its header's faults to be told rather than its rows left out (`chooseSheetsBy`).
   */
  sheetFit?: {
    rows: number;
    score: (rows: readonly RawRow[]) => number;
    all?: boolean;
    /** `tables`: the first rows of the sheets that fit at once */
    resembles?: (rows: readonly RawRow[], tables: readonly (readonly RawRow[])[]) => boolean;
  };
  /**
   * XLSX, XLS, ODS: told which sheet is read, how many sheets the workbook has (hidden ones included) and how many of
   * them are read (`read`: more than one with `sheetFit.all`), and the sheets not read (`skipped`, in tab order), before
   * any of its rows; `date1904` when the workbook
   * counts its days from 1904 (Excel for Mac's date system): its date cells are read as dates already, but a plain
   * number in a date column (a serial day number) is counted so too.
   */
  onSheet?: (sheet: { name: string; sheets: number; read: number; skipped: readonly SkippedSheet[]; date1904?: true }) => void;
  /**
   * XLSX, XLS, ODS: told, once a sheet's rows have all been given (before the next sheet's `onSheet`), how the sheet
   * shows them: the columns it hides, and whether a filter (Excel's, WPS's AutoFilter) hides rows.
   */
  onSheetView?: (view: SheetView) => void;
  /**
   * Told what the file is read as, by its content (an .xls that is text is read as CSV), before any of its rows: what
   * a row's problem may say of it (an unquoted comma is something only a CSV has).
   */
  onFormat?: (format: TableFormat) => void;
  /** Stop after this many non-blank rows (where the header is looked for): the one batch yielded holds them, or all the file's when it has fewer. */
  leadingRows?: number;
}

/** An error reading a file, with what to tell the user. */
export class TableReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly reasonEn: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${reasonEn}`, options);
    this.name = "TableReadError";
  }
}

/** A range of cells merged over more than one row (rows as the sheet numbers them), and the value its first cell shows. */
export interface MergedRange {
  top: number;
  bottom: number;
  left: number;
  right: number;
  value: Cell;
}

/**
 * Cells merged down rows read as the sheet shows them: the value of a range's first cell in each of its cells, row by
 * row as the rows come (in order). `ranges` are by their first row; a range's value is taken when its first row comes.
 */
export class MergedRows {
  private next = 0;
  /** the ranges the rows are within */
  private readonly open: MergedRange[] = [];

  constructor(private readonly ranges: readonly MergedRange[]) {}

  get any(): boolean {
    return this.ranges.length > 0;
  }

  /** Fill `row`'s cells within merged ranges. */
  fill(row: number, cells: Cell[]): void {
    const open = this.open;
    while (this.next < this.ranges.length && (this.ranges[this.next] as MergedRange).top <= row) open.push(this.ranges[this.next++] as MergedRange);
    let kept = 0;
    for (const range of open) {
      if (range.bottom < row) continue;
      open[kept++] = range;
      if (range.top === row) range.value = cells[range.left] ?? null;
      for (let col = range.left; col <= range.right; col++) if (row !== range.top || col !== range.left) cells[col] = range.value;
    }
    open.length = kept;
  }
}

export function isBlank(cells: readonly Cell[]): boolean {
  for (const cell of cells) {
    if (cell === null || cell === undefined) continue;
    if (typeof cell !== "string") return false;
    if (cell.trim() !== "") return false;
  }
  return true;
}

export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (cause) {
    throw new TableReadError(path, "无法打开文件", "cannot open the file", { cause });
  }
}

/**
 * Names of sheets that hold a workbook's notes, not its data (matched on the trimmed name, English ones in any case):
 * a template's 填写说明 often shows the header and an example row, and is the first sheet.
 */
const NOTES_SHEET_NAMES = new Set(["说明", "填写说明", "使用说明", "填表说明", "示例", "字典", "readme", "notes"]);

function isNotesSheet(sheet: { name: string }): boolean {
  return NOTES_SHEET_NAMES.has(sheet.name.trim().toLowerCase());
}

/**
 * The sheets of a workbook (XLSX, ODS) to read: of the visible sheets (all, if all are hidden) in tab order, the first
 * that fits best by `options.sheetFit`, else the first. A hidden sheet is never the data: WPS and Excel templates keep
 * the lists of their drop-downs there, often as the first sheet. A sheet named as notes (填写说明, `NOTES_SHEET_NAMES`)
 * is read only when no other fits as well. With `sheetFit.all`, every sheet (not notes) that fits at once is read, in
 * tab order: a workbook kept a sheet a month (10月, 11月) is one table, and reading only one would leave the others out
 * unsaid. Beside them, a sheet that `sheetFit.resembles` the table though its header is not whole is read too (12月
 * headed 受理日期 where 10月 and 11月 have 受理时间; rows like theirs with no header at all, a long list split across
 * sheets): passed over, its month's rows were left out and the import said 导入成功 (a county data walk, and a data
 * clerk's test); read, its header's faults refuse the file, by sheet. Not when no sheet fits at once: then the one most
 * like it is read, as without `all`. `leadingRows` gives a sheet's first non-blank rows (undefined: the sheet cannot be
 * read, and is passed over).
 */
export async function chooseSheetsBy<S extends { name: string; hidden: boolean }>(
  sheets: readonly S[],
  leadingRows: (sheet: S, count: number) => Promise<RawRow[] | undefined>,
  fit: ReadTableOptions["sheetFit"],
): Promise<S[]> {
  const visible = sheets.filter((sheet) => !sheet.hidden);
  const shown = visible.length > 0 ? visible : sheets;
  // notes last: of sheets that fit as well, one of data is read
  const candidates = [...shown.filter((sheet) => !isNotesSheet(sheet)), ...shown.filter(isNotesSheet)];
  let chosen = candidates[0] as S;
  if (!fit || candidates.length === 1) return [chosen];
  let best = Number.NEGATIVE_INFINITY;
  /** with `all`: the sheets (not notes) in tab order, each with its first rows and whether it fits at once */
  const looked: { sheet: S; rows: RawRow[]; complete: boolean }[] = [];
  for (const sheet of candidates) {
    const rows = await leadingRows(sheet, fit.rows);
    if (!rows) continue;
    const score = fit.score(rows);
    if (score > best) {
      chosen = sheet;
      best = score;
    }
    const complete = score === Number.POSITIVE_INFINITY;
    if (complete && (!fit.all || isNotesSheet(sheet))) break;
    if (fit.all && !isNotesSheet(sheet)) looked.push({ sheet, rows, complete });
  }
  const tables = looked.filter((l) => l.complete).map((l) => l.rows);
  if (tables.length === 0) return [chosen];
  // a sheet resembles the table by its header, or by rows like those of a sheet that fits (wherever it is in the tabs)
  const read = looked.filter((l) => l.complete || fit.resembles?.(l.rows, tables)).map((l) => l.sheet);
  return read.length > 1 ? read : [chosen];
}

/** The sheets of a workbook not read (hidden ones too), in tab order, for the import to say so. */
export function sheetsNotRead<S extends { name: string; hidden: boolean }>(sheets: readonly S[], read: readonly S[]): SkippedSheet[] {
  return sheets.filter((sheet) => !read.includes(sheet)).map((sheet) => ({ name: sheet.name, hidden: sheet.hidden }));
}

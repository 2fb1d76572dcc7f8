/**
 * Excel 2003's XML spreadsheet (另存为“XML 电子表格 2003”, SpreadsheetML): one XML file, `<Workbook>` of `<Styles>`
 * and `<Worksheet>`s, each a `<Table>` of `<Row>`s of `<Cell>`s holding a typed `<Data>`. Some hotline platforms'
 * "导出 Excel" write it under the name .xls (Excel and WPS open it as a workbook), others as .xml. It is read as an
 * .xlsx or an .ods is (read-xlsx.ts, read-ods.ts): the visible sheet that fits what is read (`chooseSheetsBy`; a sheet
 * is hidden by its `<WorksheetOptions><Visible>SheetHidden</Visible>`), rows numbered as the sheet shows them (a row's
 * or a cell's `ss:Index` skips rows or columns; blank rows are skipped but counted), cells merged down rows
 * (`ss:MergeDown`) read as their value in each row of the range.
 *
 * Cells are read by their `ss:Type`: String as its text (the text of rich text's `<html:Font>`, `<html:B>` runs, entities
 * decoded: `&#10;` a line break); Number as the number (a whole number whose style's format is a run of zeros,
 * `0000`, as the text it shows, 0301, as read-xlsx.ts reads it; one of 16 digits or more as its digits); DateTime as
 * a date cell of an .xlsx reads (`DateTimeCell` when the style's NumberFormat shows a time of day, the day alone —
 * `DateShownAlone` if it holds a time too — when it shows only the date: "Short Date", `yyyy/m/d`); Boolean; an Error
 * (#N/A) reported as `RawRow.uncalculated`, as an .xlsx's is.
 *
 * The file is streamed twice (xml-scan.ts; decoded as its XML declaration says, else as the bytes show): once for its
 * styles, its sheets and whether they are hidden (said after each sheet's rows), and the first rows of each (to choose
 * by); then for the rows of the sheets chosen. A file that ends before its `</Workbook>` (a download cut short) is
 * refused as incomplete, before any row is read, saying how far it got; one that never opens a `<Workbook>` (other text,
 * or no text, named .xml) as no XML spreadsheet. A file that breaks the format (a row or a cell out of order, a Number
 * no number, a type Excel has not) is refused as damaged, saying where and why; a tag too long to be one, where it began.
 *
 * Bounds (limits.ts), as the other readers': a cell's text is kept only up to `textChars + 1` characters, a row's cells
 * up to `READ_COLUMNS` (the first value beyond told), no sheet goes past row 1,048,576, and merged ranges may fill at
 * most ten million cells.
 */

import { createReadStream } from "node:fs";
import { IMPORT_LIMITS } from "../limits.ts";
import { DAY_MS } from "../shanghai-time.ts";
import { DateShownAlone, DateTimeCell } from "./cell-values.ts";
import { type DateStyle, type ElapsedFormat, elapsedText, type NumberStyle, numberStyleOfFormat, zeroPadded } from "./read-xlsx.ts";
import { SpreadsheetError } from "./spreadsheet-parts.ts";
import {
  type Cell,
  chooseSheetsBy,
  fileSize,
  hideColumns,
  isBlank,
  type MergedRange,
  MergedRows,
  type RawRow,
  READ_COLUMNS,
  type ReadTableOptions,
  sheetsNotRead,
  TableReadError,
} from "./table-common.ts";
import { AutoTextDecoder, NotTextError, type TextEncodingName, UnreadableTextError } from "./text-encoding.ts";
import { decodeEntities, MAX_TAG_CHARS, type XmlHandler, XmlScanner, XmlTooLargeError } from "./xml-scan.ts";
import { readAt } from "./zip.ts";

const CHUNK_BYTES = 1 << 16;
const BATCH_ROWS = 5000;
/** Raw (entity-encoded) characters kept of one cell's text: enough for `textChars + 1` characters written as entities. */
const RAW_TEXT_CAP = (IMPORT_LIMITS.textChars + 1) * 10;
/** Excel's last row and column. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
/** The most cells merged ranges may fill (as a web page's spans: read-html.ts): a few bytes may ask for a billion. */
const MAX_MERGED_CELLS = 10_000_000;

const NAME = "“XML 电子表格 2003”";
/** Rows a sheet leaves out that merged ranges may fill (`fill`). */
const FILLED_ROWS_MAX = 100_000;

/**
 * Whether a file's first bytes are Excel 2003's XML spreadsheet, whatever its name: its processing instruction
 * (`<?mso-application progid="Excel.Sheet"?>`) or its namespace on the root, read as bytes (ASCII in UTF-8 and GBK
 * alike) or as UTF-16.
 */
export function isSpreadsheetMl(head: Buffer): boolean {
  const pattern = /progid\s*=\s*["']Excel\.Sheet["']|<(?:\w+:)?Workbook\b[^>]*urn:schemas-microsoft-com:office:spreadsheet/;
  if (pattern.test(head.toString("latin1"))) return true;
  const [a, b] = head;
  if ((a === 0xff && b === 0xfe) || (a === 0x3c && b === 0)) return pattern.test(head.subarray(0, head.length & ~1).toString("utf16le"));
  if ((a === 0xfe && b === 0xff) || (a === 0 && b === 0x3c))
    return pattern.test(
      Buffer.from(head.subarray(0, head.length & ~1))
        .swap16()
        .toString("utf16le"),
    );
  return false;
}

/** The encoding an XML declaration names (`encoding="GB2312"`), if one the text decoder knows. */
function declaredEncoding(head: Buffer): TextEncodingName | undefined {
  const name = /^(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]*?encoding\s*=\s*["']([\w-]+)["']/i.exec(head.toString("latin1"))?.[1]?.toLowerCase();
  if (name === "utf-8" || name === "utf8") return "utf-8";
  if (name === "gbk" || name === "gb2312" || name === "gb18030" || name === "cp936") return "gb18030";
  return undefined;
}

// ---------------------------------------------------------------- styles

/**
 * The named formats an `ss:Format` may give (the XML Spreadsheet Reference's), as a date or not: their names hold the
 * letters a format code's date parts are (Fixed has a d), so they are told by name, never read as codes.
 */
const NAMED_FORMATS: ReadonlyMap<string, DateStyle> = new Map([
  ["general", 0],
  ["general number", 0],
  ["general date", 2],
  ["long date", 1],
  ["medium date", 1],
  ["short date", 1],
  ["long time", 2],
  ["medium time", 2],
  ["short time", 2],
  ["currency", 0],
  ["euro currency", 0],
  ["fixed", 0],
  ["standard", 0],
  ["percent", 0],
  ["scientific", 0],
  ["yes/no", 0],
  ["true/false", 0],
  ["on/off", 0],
]);

interface Style {
  /** its `<NumberFormat ss:Format>`, if it has one */
  format?: string;
  /** `ss:Parent`: the style it inherits what it does not say */
  parent?: string;
}

const PLAIN: NumberStyle = { date: 0, pad: 0 };

function numberStyleOf(styles: ReadonlyMap<string, Style>, id: string | undefined): NumberStyle {
  // the style's own format, else its parent's (a chain of parents bounded: a loop is no format)
  let format: string | undefined;
  for (let at = id === undefined ? undefined : styles.get(id), n = 0; at && n < 16; n++) {
    if (at.format !== undefined) {
      format = at.format;
      break;
    }
    at = at.parent === undefined ? undefined : styles.get(at.parent);
  }
  if (format === undefined || format.trim() === "") return PLAIN;
  const named = NAMED_FORMATS.get(format.trim().toLowerCase());
  if (named !== undefined) return { date: named, pad: 0 };
  return numberStyleOfFormat(-1, format);
}

// ---------------------------------------------------------------- a cell's value

/**
 * A DateTime cell's value, `2018-11-01T09:30:00.000` as Excel writes it, as the wall clock written (Excel stores no
 * time zone), as an .xlsx's date cell of that style reads (read-xlsx.ts `excelDateCell`). A time of day alone is
 * written on Excel's day 0 as it shows it, 1899-12-31: read on the day an .xlsx's serial of it reads (1899-12-30),
 * which the date check says is a time without its date. With no date format (a platform's file may give none, where
 * Excel would show the serial number), a moment at 00:00 is the date alone, any other the moment.
 */
function dateTimeCell(text: string, style: DateStyle, elapsed: ElapsedFormat | undefined, date1904: boolean): Cell {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/.exec(text);
  if (!m) return text === "" ? null : text;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const date = Number(m[3]);
  const day0 = year === 1899 && month === 12 && date === 31;
  const day = Date.UTC(year, month - 1, day0 ? 30 : date);
  const ms = Date.UTC(year, month - 1, day0 ? 30 : date, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number((m[7] ?? "0").padEnd(3, "0")));
  if (Number.isNaN(ms)) return text;
  // a duration ([h]:mm): its elapsed time (25:30, written 1900-01-01T01:30:00), counted from Excel's day 0 as it writes
  // it, 1899-12-31 (and a day more from 1900-03-01, past the 1900-02-29 Excel counts), as read-xlsx.ts reads its serial
  // In a workbook of the 1904 date system (<Date1904/>) Excel writes the serial as a date from 1904-01-01 (25:30 as
  // 1904-01-02T01:30:00): counted from 1899-12-31 it was 35113:30
  if (elapsed && date1904) return elapsedText((ms - Date.UTC(1904, 0, 1)) / DAY_MS, elapsed);
  if (elapsed) {
    const written = day0 ? ms + DAY_MS : ms;
    const days = (written - Date.UTC(1899, 11, 31)) / DAY_MS;
    return elapsedText(written >= Date.UTC(1900, 2, 1) ? days + 1 : days, elapsed);
  }
  // to the second, as the sheet shows it (and as an .xlsx's serial is read)
  const held = Math.round(ms / 1000) * 1000;
  if (style === 2) return new DateTimeCell(held);
  if (style === 1) return held === day ? new Date(day) : new DateShownAlone(day, held);
  return held === day ? new Date(day) : new DateTimeCell(held);
}

// ---------------------------------------------------------------- reading

/** A sheet of the workbook, in tab order. */
interface SheetMlSheet {
  name: string;
  index: number;
  /** `<Visible>SheetHidden</Visible>` (or SheetVeryHidden) in its options */
  hidden: boolean;
}

/** The rows of one sheet read, kept until taken. */
interface SheetRows {
  sheet: SheetMlSheet;
  rows: RawRow[];
  ended: boolean;
  view: { hiddenColumns: number[]; filtered: boolean };
}

class SheetMlError extends SpreadsheetError {}

/** Where reading got to, for a message: the sheet and the row (and the column, when known). */
interface Place {
  sheet: string | undefined;
  row: number;
  column?: number;
}

function columnLetters(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function placeText(place: Place): { zh: string; en: string } {
  if (place.sheet === undefined) return { zh: "", en: "" };
  const cell = place.column === undefined ? "" : ` ${columnLetters(place.column)} 列`;
  const row = place.row > 0 ? `第 ${place.row} 行${cell}` : "开头";
  return {
    zh: `（工作表“${place.sheet}”${row}）`,
    en: ` (sheet ${place.sheet}, ${place.row > 0 ? `row ${place.row}${place.column === undefined ? "" : ` column ${columnLetters(place.column)}`}` : "its start"})`,
  };
}

/** The file breaks the format where `place` says: `why`, in words a user can pass on to whoever runs the platform. */
function damaged(place: Place, why: { zh: string; en: string }): SheetMlError {
  const at = placeText(place);
  return new SheetMlError(
    `${NAME}文件已损坏，无法读取${at.zh}：${why.zh}。请重新从平台导出后再导入；仍不行时，请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入`,
    `the Excel 2003 XML spreadsheet is damaged${at.en}: ${why.en}`,
  );
}

/** A tag, comment or CDATA section longer than the scanner holds (xml-scan.ts `MAX_TAG_CHARS`), where it began. */
function tooLong(place: Place): SheetMlError {
  const at = placeText(place);
  return new SheetMlError(
    `${NAME}文件中有异常过长的内容${at.zh}：一个标签、注释或 CDATA 段超过 ${MAX_TAG_CHARS.toLocaleString("en-US")} 个字符，文件可能已损坏。请重新从平台导出后再导入`,
    `the Excel 2003 XML spreadsheet holds a tag longer than ${MAX_TAG_CHARS} characters${at.en}: damaged?`,
  );
}

function truncated(place: Place): SheetMlError {
  const at = placeText(place);
  const where = at.zh === "" ? "" : `，读到${at.zh.slice(1, -1)}为止`;
  return new SheetMlError(
    `${NAME}文件不完整（文件在结尾之前中断${where}），可能是下载或复制没有完成：请重新从平台导出或重新复制后再导入`,
    `the Excel 2003 XML spreadsheet ends before its </Workbook>${at.en}: truncated`,
  );
}

const NOT_SPREADSHEET_ML = {
  zh: `这不是 Excel 的${NAME}文件（扩展名为 .xml 的文件须是 Excel 或 WPS 另存的${NAME}）：请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入`,
  en: "not an Excel 2003 XML spreadsheet (Workbook): save it as .xlsx",
};

/**
 * A file named .xml that is no text at all (a picture, a program renamed): what its bytes say it is, said of an XML
 * spreadsheet (the text decoder's own message speaks of a CSV file).
 */
function notText(cause: NotTextError): SheetMlError {
  // a kind that says what to do with it (a workbook: rename it; a PDF: export again) says it; a picture or a program, not
  const advised = cause.what?.zh.includes("：");
  return cause.what
    ? new SheetMlError(
        `这不是 Excel 的${NAME}文件，从内容看是：${cause.what.zh}${advised ? "" : "。请上传从平台导出的数据文件，或在 Excel、WPS 中打开数据后“另存为”.xlsx 再导入"}`,
        `not an Excel 2003 XML spreadsheet but ${cause.what.en}${advised ? "" : ": upload the platform's export, or save the data as .xlsx"}`,
      )
    : new SheetMlError(NOT_SPREADSHEET_ML.zh, `${NOT_SPREADSHEET_ML.en}: it holds bytes text does not`);
}

/**
 * Turns the tags of the file into the rows of the sheets wanted. In the first pass (`survey`) it also keeps the
 * styles, every sheet, whether each is hidden, and the first `keep` rows of each; in the second it keeps every row of
 * the sheets `wanted`, and stops once the last of them ends.
 */
class SheetMlReader implements XmlHandler {
  readonly scanner = new XmlScanner(this);
  readonly styles = new Map<string, Style>();
  readonly sheets: SheetMlSheet[] = [];
  /** the sheets being read, each with its rows not yet taken */
  readonly read: SheetRows[] = [];
  /** `</Workbook>` came: the file is whole */
  complete = false;
  /** `<Date1904/>` in the workbook's options (Excel for Mac's date system): a plain number in a date column counts from 1904 */
  date1904 = false;

  /** the root `<Workbook>` was read */
  root = false;
  private readonly numberStyles = new Map<string | undefined, NumberStyle>();
  private style: Style | undefined;
  private current: SheetRows | undefined;
  private sheetIndex = -1;
  private sheetName: string | undefined;
  private inTable = false;
  private inOptions = false;
  private inVisible = false;
  private visible = "";
  /** the column the next `<Column>` without `ss:Index` describes */
  private nextColumn = 0;
  private readonly last: number;

  // the row
  private rowNumber = 0;
  private row = 0;
  private rowSpan = 0;
  private rowHidden = false;
  private cells: Cell[] = [];
  private uncalculated: RawRow["uncalculated"];
  private beyond: RawRow["beyond"];
  private col = 0;
  private readonly ranges: MergedRange[] = [];
  private merged = new MergedRows(this.ranges);
  /** the last row a merged range reaches: rows the file leaves out up to it show the merged value */
  private mergedTo = 0;
  private mergedCells = 0;
  /** rows the file leaves out that a merged range fills (`FILLED_ROWS_MAX`), in the sheet */
  private filledRows = 0;

  // the cell
  private inCell = false;
  private cellCol = 0;
  private cellDown = 0;
  private cellAcross = 0;
  private cellStyle: string | undefined;
  private cellFormula: string | undefined;
  private dataType: string | undefined;
  private inData = false;
  private hasData = false;
  /** within a `<Comment>` (its `<Data>` is the comment's, not the cell's) */
  private commentDepth = 0;
  private raw = "";

  constructor(
    /** the sheets whose rows are kept (all, in the survey) */
    private readonly wanted: readonly number[] | "all",
    /** of each sheet kept, at most this many rows (the survey's: those a sheet is chosen by; none, the survey reads no cell) */
    private readonly keep = Number.POSITIVE_INFINITY,
  ) {
    this.last = wanted === "all" ? Number.POSITIVE_INFINITY : Math.max(-1, ...wanted);
  }

  /** Where reading is, for a message. */
  place(column?: number): Place {
    return { sheet: this.sheetName, row: this.inTable ? this.row || this.rowNumber : 0, ...(column === undefined ? {} : { column }) };
  }

  /** Where reading is, within a cell its column: where a tag too long began (`tooLong`). */
  placeNow(): Place {
    return this.place(this.inCell ? this.cellCol : undefined);
  }

  open(name: string, body: string, selfClosing: boolean): void {
    if (!this.root) {
      if (name !== "Workbook") throw new SheetMlError(NOT_SPREADSHEET_ML.zh, `${NOT_SPREADSHEET_ML.en}: the root is <${name}>`);
      this.root = true;
      return;
    }
    if (this.inCell) {
      if (name === "Comment") this.commentDepth++;
      else if (name === "Data" && this.commentDepth === 0 && !this.inData) {
        this.inData = true;
        this.hasData = true;
        this.dataType = attr(body, "Type");
        this.raw = "";
        this.scanner.capturing = !selfClosing;
      }
      // rich text's runs (<html:Font>, <html:B>) within the Data: their text is the cell's
      return;
    }
    switch (name) {
      case "Style":
        this.style = { ...(attr(body, "Parent") === undefined ? {} : { parent: attr(body, "Parent") }) };
        this.styles.set(attr(body, "ID") ?? "", this.style);
        return;
      case "NumberFormat":
        if (this.style) this.style.format = attr(body, "Format") ?? "";
        return;
      case "Date1904":
        this.date1904 = true;
        return;
      case "Worksheet": {
        this.sheetIndex++;
        this.sheetName = attr(body, "Name") ?? "";
        this.sheets.push({ name: this.sheetName, index: this.sheetIndex, hidden: false });
        this.rowNumber = 0;
        this.row = 0;
        this.nextColumn = 0;
        this.ranges.length = 0;
        this.merged = new MergedRows(this.ranges);
        this.mergedTo = 0;
        this.filledRows = 0;
        if (this.wanted === "all" ? this.keep > 0 : this.wanted.includes(this.sheetIndex)) {
          this.current = { sheet: this.sheets[this.sheetIndex] as SheetMlSheet, rows: [], ended: false, view: { hiddenColumns: [], filtered: false } };
          this.read.push(this.current);
        }
        return;
      }
      case "Table":
        if (this.sheetName !== undefined) this.inTable = !selfClosing;
        return;
      case "WorksheetOptions":
        if (this.sheetName !== undefined) this.inOptions = true;
        return;
      case "Visible":
        if (this.inOptions && !selfClosing) {
          this.inVisible = true;
          this.visible = "";
          this.scanner.capturing = true;
        }
        return;
      case "AutoFilterCondition":
        // a criterion of the sheet's AutoFilter: rows may be hidden by it
        if (this.current) this.current.view.filtered = true;
        return;
    }
    if (!this.inTable || !this.current || this.current.rows.length >= this.keep) {
      // a sheet not wanted (or, in the survey, whose first rows are read): its rows still numbered (for a message),
      // its cells not read
      if (this.inTable && name === "Row") this.startRow(body);
      return;
    }
    if (name === "Column") this.column(body);
    else if (name === "Row") this.startRow(body);
    else if (name === "Cell") this.startCell(body);
  }

  close(name: string): void {
    if (this.inCell) {
      if (name === "Comment") this.commentDepth = Math.max(0, this.commentDepth - 1);
      else if (name === "Data" && this.inData) {
        this.inData = false;
        this.scanner.capturing = false;
      } else if (name === "Cell") this.endCell();
      return;
    }
    switch (name) {
      case "Style":
        this.style = undefined;
        return;
      case "Row":
        if (this.inTable) this.endRow();
        return;
      case "Table":
        if (this.inTable) this.endTable();
        this.inTable = false;
        return;
      case "Visible":
        if (this.inVisible) {
          this.inVisible = false;
          this.scanner.capturing = false;
          const sheet = this.sheets[this.sheetIndex];
          if (sheet && /^\s*Sheet(?:Very)?Hidden\s*$/i.test(this.visible)) sheet.hidden = true;
        }
        return;
      case "WorksheetOptions":
        this.inOptions = false;
        return;
      case "Worksheet":
        if (this.current) {
          this.current.ended = true;
          this.current = undefined;
        }
        if (this.sheetIndex >= this.last) this.scanner.done = true;
        this.sheetName = undefined;
        this.inTable = false;
        return;
      case "Workbook":
        this.complete = true;
        return;
    }
  }

  text(raw: string): void {
    if (this.inVisible) {
      if (this.visible.length < 64) this.visible += raw;
      return;
    }
    const room = RAW_TEXT_CAP - this.raw.length;
    if (room > 0) this.raw += raw.length <= room ? raw : raw.slice(0, room);
  }

  private numberStyle(id: string | undefined): NumberStyle {
    let style = this.numberStyles.get(id);
    if (!style) {
      // a cell of no ss:StyleID is of the workbook's Default style (Normal)
      style = numberStyleOf(this.styles, id ?? "Default");
      this.numberStyles.set(id, style);
    }
    return style;
  }

  /** `<Column ss:Index ss:Span ss:Hidden="1">`: the columns the sheet hides. */
  private column(body: string): void {
    const index = whole(attr(body, "Index"));
    const span = whole(attr(body, "Span")) ?? 0;
    const from = index === undefined || index < 1 ? this.nextColumn : index - 1;
    const to = Math.min(from + span, READ_COLUMNS - 1);
    if (/^\s*(?:1|true)\s*$/i.test(attr(body, "Hidden") ?? "") && this.current) hideColumns(this.current.view, from, to);
    this.nextColumn = from + span + 1;
  }

  private startRow(body: string): void {
    const index = whole(attr(body, "Index"));
    const row = index ?? this.rowNumber + 1;
    if (index !== undefined && (index <= this.rowNumber || index < 1)) {
      throw damaged(
        this.place(),
        index < 1
          ? { zh: `一行的行号为 ${index}（行号从 1 起）`, en: `row ${index}` }
          : { zh: `第 ${this.rowNumber} 行之后的一行标为第 ${index} 行（行号须逐行增大）`, en: `row ${index} after row ${this.rowNumber}` },
      );
    }
    if (row > MAX_ROWS) {
      throw new SheetMlError(
        `工作表“${this.sheetName}”超过最大行数 ${MAX_ROWS.toLocaleString("en-US")}：文件已损坏，或请把数据分成几个文件再导入`,
        `the sheet goes past row ${MAX_ROWS}`,
      );
    }
    // rows the file leaves out within a range merged down from above show its value
    if (this.current) for (let r = this.rowNumber + 1; r < row && r <= this.mergedTo; r++) this.fill(r);
    this.row = row;
    this.rowSpan = whole(attr(body, "Span")) ?? 0;
    this.rowHidden = /^\s*(?:1|true)\s*$/i.test(attr(body, "Hidden") ?? "");
    this.cells = [];
    this.uncalculated = undefined;
    this.beyond = undefined;
    this.col = 0;
  }

  private startCell(body: string): void {
    const index = whole(attr(body, "Index"));
    const col = index === undefined ? this.col : index - 1;
    if (col < 0) throw damaged(this.place(), { zh: `一个单元格的列号为 ${col + 1}（列号从 1 起）`, en: `a cell at column ${col + 1}` });
    if (col < this.col) {
      throw damaged(this.place(col), {
        zh: `${columnLetters(col)} 列的单元格出现在 ${columnLetters(this.col - 1)} 列之后（单元格须从左到右排列）`,
        en: `cell at column ${col + 1} after column ${this.col}`,
      });
    }
    if (col >= MAX_COLUMNS) {
      throw damaged(this.place(col), {
        zh: `单元格在第 ${(col + 1).toLocaleString("en-US")} 列，超过 Excel 的最大列数 ${MAX_COLUMNS.toLocaleString("en-US")}`,
        en: `cell at column ${col + 1}, past column ${MAX_COLUMNS}`,
      });
    }
    const across = Math.min(whole(attr(body, "MergeAcross")) ?? 0, MAX_COLUMNS);
    this.inCell = true;
    this.cellCol = col;
    this.cellAcross = across;
    this.cellDown = Math.min(whole(attr(body, "MergeDown")) ?? 0, MAX_ROWS);
    this.cellStyle = attr(body, "StyleID");
    this.cellFormula = attr(body, "Formula");
    this.dataType = undefined;
    this.inData = false;
    this.hasData = false;
    this.commentDepth = 0;
    this.raw = "";
    this.col = col + across + 1;
  }

  private endCell(): void {
    this.inCell = false;
    this.scanner.capturing = false;
    const col = this.cellCol;
    const value = this.cellValue(col);
    if (col >= READ_COLUMNS) {
      // not kept (a row as wide as the sheet slowed every check of it): its first value is refused at its column
      if (this.beyond === undefined && value !== null && value !== "") this.beyond = { column: col, value };
      return;
    }
    if (value !== null) this.cells[col] = value;
    if (this.cellDown > 0) {
      const right = Math.min(READ_COLUMNS - 1, col + this.cellAcross);
      const bottom = Math.min(MAX_ROWS, this.row + this.cellDown);
      this.mergedCells += (bottom - this.row) * (right - col + 1);
      if (this.mergedCells > MAX_MERGED_CELLS) {
        throw new SheetMlError(
          `${NAME}文件中合并的单元格展开后超过 ${MAX_MERGED_CELLS.toLocaleString("en-US")} 个${placeText(this.place(col)).zh}：文件可能已损坏。请在 Excel 或 WPS 中打开，取消合并单元格后另存为 .xlsx 再导入`,
          `the merged cells fill more than ${MAX_MERGED_CELLS} cells`,
        );
      }
      this.ranges.push({ top: this.row, bottom, left: col, right, value: null });
      this.mergedTo = Math.max(this.mergedTo, bottom);
    }
  }

  private cellValue(col: number): Cell {
    if (!this.hasData) {
      // a formula with no saved result (written by a program, never calculated)
      if (this.cellFormula !== undefined && this.cellFormula.trim() !== "") {
        this.uncalculated ??= [];
        this.uncalculated.push({ column: col, formula: this.cellFormula.slice(0, 200) });
      }
      return null;
    }
    const text = decodeEntities(this.raw);
    const max = IMPORT_LIMITS.textChars + 1;
    switch (this.dataType) {
      case "String":
      case undefined:
        if (text === "") return null;
        return text.length > max ? text.slice(0, max) : this.raw.length >= RAW_TEXT_CAP ? text.padEnd(max, "…") : text;
      case "Number": {
        const raw = text.trim();
        if (raw === "") return null;
        const n = Number(raw);
        if (Number.isNaN(n))
          throw damaged(this.place(col), { zh: `数值单元格的内容“${raw.slice(0, 40)}”不是数字`, en: `the Number ${raw.slice(0, 40)} is no number` });
        // kept as written when it is no finite number (1e400), so the check can say so
        if (!Number.isFinite(n)) return raw;
        const style = this.numberStyle(this.cellStyle);
        // a duration's serial as a number ([h]:mm): its elapsed time, as read-xlsx.ts reads it
        if (style.elapsed) return elapsedText(n, style.elapsed);
        // a whole number formatted 0000 (301): the text it shows (0301), as read-xlsx.ts reads it
        const padded = zeroPadded(raw, style.pad);
        if (padded !== null) return padded;
        // a whole number of 16 digits or more (a platform's 工单编号 written as a number) is kept as its digits
        if (/^-?\d{16,}$/.test(raw)) return raw;
        return n;
      }
      case "DateTime": {
        const style = this.numberStyle(this.cellStyle);
        return dateTimeCell(text.trim(), style.date, style.elapsed, this.date1904);
      }
      case "Boolean": {
        const v = text.trim();
        return v === "1" || v.toLowerCase() === "true";
      }
      case "Error":
        // an error result (#N/A of a VLOOKUP that found nothing): no value to read, a problem of its own
        this.uncalculated ??= [];
        this.uncalculated.push({ column: col, formula: (this.cellFormula ?? "").slice(0, 200), error: text.trim() });
        return null;
      default:
        throw damaged(this.place(col), {
          zh: `单元格的数据类型“${this.dataType.slice(0, 20)}”无法识别（应为 String、Number、DateTime、Boolean 或 Error）`,
          en: `a cell of type ${this.dataType.slice(0, 20)}`,
        });
    }
  }

  private endRow(): void {
    const row = this.row;
    this.rowNumber = Math.min(MAX_ROWS, row + this.rowSpan);
    if (this.current) {
      const raw = this.emit(row, this.cells);
      if (raw) {
        if (this.uncalculated) raw.uncalculated = this.uncalculated;
        if (this.beyond) raw.beyond = this.beyond;
        if (this.rowHidden) raw.hidden = true;
      }
      // the rows a row's ss:Span says are like it (Excel writes it for rows of no cells), within a merged range
      for (let r = row + 1; r <= this.rowNumber && r <= this.mergedTo; r++) this.fill(r);
    }
    this.row = 0;
    this.cells = [];
    this.uncalculated = undefined;
    this.beyond = undefined;
  }

  /** The end of a sheet's table: rows below its last one that a merged range reaches. */
  private endTable(): void {
    if (this.current) for (let r = this.rowNumber + 1; r <= this.mergedTo; r++) this.fill(r);
    this.rowNumber = Math.max(this.rowNumber, Math.min(this.mergedTo, MAX_ROWS));
  }

  /**
   * A row the file leaves out (or spans) within a range merged down from above: its merged value. At most
   * `FILLED_ROWS_MAX` in a sheet: a few hundred bytes (ss:MergeDown="1048000") made a batch of a million rows (a review);
   * a platform's file writes each row of its data, so such rows are a merge over nothing.
   */
  private fill(row: number): void {
    if (++this.filledRows > FILLED_ROWS_MAX) {
      throw new SheetMlError(
        `${NAME}文件中合并单元格向下延伸到文件没有写出的 ${FILLED_ROWS_MAX.toLocaleString("en-US")} 多行${placeText(this.place()).zh}：文件可能已损坏。请在 Excel 或 WPS 中打开，取消合并单元格后另存为 .xlsx 再导入`,
        `merged cells reach more than ${FILLED_ROWS_MAX} rows the file does not write`,
      );
    }
    this.emit(row, []);
  }

  /** Row `row`'s cells, merged values filled in: kept when not blank (and within what is kept), else counted only. */
  private emit(row: number, cells: Cell[]): RawRow | undefined {
    const current = this.current as SheetRows;
    if (this.merged.any) this.merged.fill(row, cells);
    if (isBlank(cells) && !this.uncalculated && !this.beyond) return undefined;
    if (current.rows.length >= this.keep) return undefined;
    const raw: RawRow = { row, cells };
    current.rows.push(raw);
    return raw;
  }
}

/**
 * An attribute of a tag's body by its local name (`ss:Index`; or `Index` unprefixed, as a hand-written exporter may
 * put it), decoded: found by searching the body, not by parsing all its attributes (this runs for every cell).
 */
function attr(body: string, local: string): string | undefined {
  for (let at = body.indexOf(local); at >= 0; at = body.indexOf(local, at + 1)) {
    const before = body.charCodeAt(at - 1);
    if (before !== 58 /* : */ && !isSpace(before)) continue;
    let i = at + local.length;
    while (isSpace(body.charCodeAt(i))) i++;
    if (body.charCodeAt(i) !== 61 /* = */) continue;
    i++;
    while (isSpace(body.charCodeAt(i))) i++;
    const quote = body.charCodeAt(i);
    if (quote !== 34 && quote !== 39) continue;
    const end = body.indexOf(quote === 34 ? '"' : "'", i + 1);
    return end < 0 ? undefined : decodeEntities(body.slice(i + 1, end));
  }
  return undefined;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** A whole number ≥ 0 an attribute writes, else undefined. */
function whole(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

// ---------------------------------------------------------------- the file

/** Feeds the file's text to `reader`, chunk by chunk, until it is read or the reader is done. */
async function* scan(path: string, reader: SheetMlReader, options: ReadTableOptions, onBytes: (n: number) => void): AsyncGenerator<void> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let decoder: AutoTextDecoder | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      decoder ??= new AutoTextDecoder(options.encoding ?? declaredEncoding(chunk.subarray(0, 512)));
      reader.scanner.feed(decoder.write(chunk));
      onBytes(chunk.length);
      yield;
      if (reader.scanner.done) return;
    }
    if (decoder) reader.scanner.feed(decoder.end());
  } catch (cause) {
    // said where it began, as the reader got there
    throw cause instanceof XmlTooLargeError ? tooLong(reader.placeNow()) : cause;
  } finally {
    stream.destroy();
  }
}

function readError(path: string, cause: unknown): TableReadError {
  if (cause instanceof TableReadError) return cause;
  if (cause instanceof SpreadsheetError) return new TableReadError(path, cause.zh, cause.en, { cause });
  if (cause instanceof NotTextError) {
    const error = notText(cause);
    return new TableReadError(path, error.zh, error.en, { cause });
  }
  if (cause instanceof UnreadableTextError) return new TableReadError(path, cause.reason.zh, cause.reason.en, { cause });
  return new TableReadError(path, `读取${NAME}文件出错`, "error reading the Excel 2003 XML spreadsheet", { cause });
}

/** The rows of the sheets chosen (see `chooseSheetsBy`), in batches, one sheet after another (no batch holds two). */
export async function* readSpreadsheetMlBatches(path: string, options: ReadTableOptions): AsyncIterable<RawRow[]> {
  const totalBytes = await fileSize(path);
  options.onFormat?.("xml");
  let bytesRead = 0;
  let lastRow = 0;
  // progress over both passes: the survey the first half of the bytes, the rows the second
  const progress = (done: boolean) => options.onProgress?.({ rows: lastRow, bytesRead: Math.min(totalBytes, bytesRead), totalBytes, encoding: "xml", done });
  try {
    const survey = new SheetMlReader("all", options.sheetFit?.rows ?? 0);
    let surveyed = 0;
    for await (const _ of scan(path, survey, options, (n) => {
      surveyed += n;
      bytesRead = Math.floor(surveyed / 2);
    }))
      progress(false);
    // a file that never opens its <Workbook> is some other text named .xml, unless its first bytes say it is one cut short
    if (!survey.complete && !survey.root && !isSpreadsheetMl(await readAt(path, 0, 4096))) {
      throw new SheetMlError(NOT_SPREADSHEET_ML.zh, `${NOT_SPREADSHEET_ML.en}: no root element`);
    }
    if (!survey.complete) throw truncated(survey.place());
    const sheets = survey.sheets;
    if (sheets.length === 0) throw new SheetMlError(`${NAME}文件中没有工作表`, "the workbook has no sheet");
    const leading = new Map(survey.read.map((s) => [s.sheet, s.rows]));
    const chosen = await chooseSheetsBy(sheets, async (sheet, count) => (leading.get(sheet) ?? []).slice(0, count), options.sheetFit);
    const skipped = sheetsNotRead(sheets, chosen);
    const reader = new SheetMlReader(chosen.map((s) => s.index));
    for (const [id, style] of survey.styles) reader.styles.set(id, style);
    const announced = new Set<SheetRows>();
    /** Batches of the rows read so far: a sheet's rows once `BATCH_ROWS` are read or the sheet ends. */
    const take = function* (): Generator<RawRow[] | "stop"> {
      while (reader.read.length > 0) {
        const sheet = reader.read[0] as SheetRows;
        if (!announced.has(sheet)) {
          announced.add(sheet);
          options.onSheet?.({ name: sheet.sheet.name, sheets: sheets.length, read: chosen.length, skipped, ...(survey.date1904 ? { date1904: true } : {}) });
        }
        if (options.leadingRows !== undefined && sheet.rows.length >= options.leadingRows) {
          yield sheet.rows.slice(0, options.leadingRows);
          yield "stop";
          return;
        }
        if (sheet.rows.length >= BATCH_ROWS || (sheet.ended && sheet.rows.length > 0)) {
          const batch = sheet.rows;
          sheet.rows = [];
          lastRow = batch[batch.length - 1]?.row ?? lastRow;
          yield batch;
        }
        if (!sheet.ended) return;
        reader.read.shift();
        options.onSheetView?.(sheet.view);
      }
    };
    let read = 0;
    for await (const _ of scan(path, reader, options, (n) => {
      read += n;
      bytesRead = Math.floor(totalBytes / 2 + read / 2);
    })) {
      for (const batch of take()) {
        if (batch === "stop") return;
        progress(false);
        yield batch;
      }
    }
    for (const batch of take()) {
      if (batch === "stop") return;
      yield batch;
    }
    bytesRead = totalBytes;
    progress(true);
  } catch (cause) {
    throw readError(path, cause);
  }
}

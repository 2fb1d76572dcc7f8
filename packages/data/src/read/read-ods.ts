/**
 * A sheet of an OpenDocument spreadsheet (.ods, LibreOffice's own format; WPS and Excel save it too), streamed like an
 * XLSX (read-xlsx.ts): every sheet is in the zip's content.xml, read as a stream (zip.ts, xml-scan.ts) from its start
 * to the sheets chosen (the first visible one, or those that fit what is read: `chooseSheetsBy`).
 *
 * Cells are read by their value type: numbers (float, percentage, currency; a whole number formatted 0000 as the text
 * it shows, 0301), dates (a date alone or a date with its time of day, as the wall clock written, like an Excel date
 * cell), booleans, and text (paragraphs joined by line breaks; times of day as shown). Repeated rows and cells
 * (`number-rows-repeated`, `number-columns-repeated`: a sheet's trailing million blank rows) cost nothing: blank rows
 * are counted, never made. Cells merged down rows read as what they show, the merged value in each row of the range
 * (as read-xlsx.ts does). A formula's saved result is read; an error result (#DIV/0!) is reported like XLSX's
 * (`RawRow.uncalculated`). A duration (a time cell) reads as its elapsed time, 25:30; one of months or years (`P1M`),
 * of no fixed length, is refused at its cell (`RawRow.refused`).
 *
 * Bounds (limits.ts): a cell's text is kept only up to `textChars + 1` characters, and a content.xml unpacking to more
 * than `xlsxSuspectBytes` at more than `xlsxSuspectRatio` times its packed size is refused before it is read.
 */

import { IMPORT_LIMITS } from "../limits.ts";
import { DateShownAlone, DateTimeCell } from "./cell-values.ts";
import { elapsedText } from "./read-xlsx.ts";
import { assertPlausiblePart, entryText, SpreadsheetError, spreadsheetReadError } from "./spreadsheet-parts.ts";
import {
  type Cell,
  chooseSheetsBy,
  fileSize,
  isBlank,
  type MergedRange,
  type RawRow,
  READ_COLUMNS,
  type ReadTableOptions,
  sheetsNotRead,
} from "./table-common.ts";
import { attributesOf, decodeEntities, tagEnd, XmlScanner, XmlTooLargeError } from "./xml-scan.ts";
import { readZipDirectory, type ZipEntry } from "./zip.ts";

const ODS_BATCH_ROWS = 5000;
/** Raw (entity-encoded) characters kept of one text run: enough for `textChars + 1` characters written as entities. */
const RAW_TEXT_CAP = (IMPORT_LIMITS.textChars + 1) * 10;
/** A non-negative whole number as `office:value` writes it (301). */
const WHOLE_DIGITS = /^\d+$/;
/** The text of a whole number whose format pads it with zeros (0301, 0000). */
const ZERO_LED = /^0\d+$/;
/** The last row and column of a sheet in LibreOffice (and Excel). */
const ODS_MAX_ROWS = 1_048_576;
const ODS_MAX_COLUMNS = 16_384;
/** The most cells one row repeated (number-rows-repeated) may make: a million rows of ten values, or fewer wider ones. */
const ODS_MAX_REPEATED_CELLS = 10_000_000;

const DAMAGED = {
  zh: "无法读取 ODS 文件（文件损坏或不是 .ods）：请在 LibreOffice、WPS 或 Excel 中打开后另存为 .ods 或 .xlsx 再导入",
  en: "cannot read the ODS file (damaged or not .ods)",
};

const NOT_A_SPREADSHEET: Record<"xls" | "html" | "text", { zh: string; en: string }> = {
  xls: { zh: "这是旧版 Excel 文件（.xls），只是扩展名为 .ods：请把文件扩展名改为 .xls 后再导入", en: "an old Excel (.xls) file named .ods: name it .xls" },
  html: {
    zh: "这是网页（HTML）文件，只是扩展名为 .ods：请在 Excel、WPS 或 LibreOffice 中打开，另存为 .ods 或 .xlsx 后再导入",
    en: "a web page (HTML) named .ods",
  },
  text: { zh: "这是文本文件（多半是 CSV），只是扩展名为 .ods：请把文件扩展名改为 .csv 后再导入", en: "a text file (CSV?) named .ods: rename it to .csv" },
};

class OdsError extends SpreadsheetError {}

const ENCRYPTED = {
  zh: "ODS 文件设有密码（已加密），无法读取：请在 LibreOffice 中打开，另存时取消“使用密码保存”，再导入",
  en: "the ODS file is encrypted with a password",
};

/** Is the document saved with a password? Its manifest (never encrypted) says how each encrypted part is. */
async function isEncrypted(path: string, entries: ReadonlyMap<string, ZipEntry>): Promise<boolean> {
  const manifest = entries.get("meta-inf/manifest.xml");
  if (!manifest) return false;
  let text = "";
  for await (const chunk of entryText(path, manifest, 4 * 1024 * 1024, "ODS")) text += chunk;
  return text.includes("encryption-data");
}

// ---------------------------------------------------------------- content.xml

/** An attribute by its local name, preferring the `prefix` given (`office:value-type` over `calcext:value-type`). */
function attr(a: Record<string, string>, prefix: string, local: string): string | undefined {
  const exact = a[`${prefix}:${local}`];
  if (exact !== undefined) return exact;
  for (const key in a) if (key.endsWith(`:${local}`) && !key.startsWith("calcext:")) return a[key];
  return undefined;
}

/** An attribute of a tag's body by its qualified name (`office:value-type`), decoded; read without parsing the others. */
function attrIn(body: string, qname: string): string | undefined {
  for (let at = body.indexOf(qname); at > 0; at = body.indexOf(qname, at + 1)) {
    const before = body.charCodeAt(at - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    let i = at + qname.length;
    while (isSpace(body.charCodeAt(i))) i++;
    if (body.charCodeAt(i) !== 61 /* = */) continue;
    i++;
    while (isSpace(body.charCodeAt(i))) i++;
    const quote = body.charCodeAt(i);
    if (quote !== 34 && quote !== 39) continue;
    const end = body.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (end < 0) return undefined;
    return decodeEntities(body.slice(i + 1, end));
  }
  return undefined;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The namespaces of the attributes read, by their URIs, and the prefixes they are written with unless the document says otherwise. */
const NAMESPACES = {
  office: "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
  table: "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
  text: "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
  calcext: "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
} as const;

/** The qualified names of the attributes read from rows and cells, with the prefixes the document binds. */
function qualifiedNames(prefixes: Record<keyof typeof NAMESPACES, string>) {
  const { office, table, text, calcext } = prefixes;
  return {
    valueType: `${office}:value-type`,
    value: `${office}:value`,
    dateValue: `${office}:date-value`,
    timeValue: `${office}:time-value`,
    booleanValue: `${office}:boolean-value`,
    stringValue: `${office}:string-value`,
    calcValueType: `${calcext}:value-type`,
    rowsRepeated: `${table}:number-rows-repeated`,
    visibility: `${table}:visibility`,
    columnsRepeated: `${table}:number-columns-repeated`,
    rowsSpanned: `${table}:number-rows-spanned`,
    columnsSpanned: `${table}:number-columns-spanned`,
    formula: `${table}:formula`,
    spaces: `${text}:c`,
  };
}

/** A sheet of the workbook, in tab order. */
interface OdsSheet {
  name: string;
  /** its place among the workbook's `table:table` elements */
  index: number;
  /** hidden (its table style says `table:display="false"`): a drop-down's list, not what the user sees */
  hidden: boolean;
}

/** `<table:table …>`, `<style:style …>` and `<style:table-properties …>` tags, whatever their prefix. */
const SHEET_TAG = /<(?:[A-Za-z_][\w.-]*:)?(table|style|table-properties)[\s/>]/g;

/**
 * The sheets of content.xml and which are hidden: the table styles that hide a sheet come first (automatic styles),
 * then each sheet's tag. A pass that only looks for these tags, not the rows' (the rows are read afterwards).
 */
async function readSheets(path: string, entry: ZipEntry): Promise<OdsSheet[]> {
  const hiddenStyles = new Set<string>();
  const found: { name: string; style: string }[] = [];
  let style: string | undefined;
  let carry = "";
  const onTag = (local: string, body: string) => {
    const a = attributesOf(body);
    if (local === "style") style = attr(a, "style", "family") === "table" ? attr(a, "style", "name") : undefined;
    else if (local === "table-properties") {
      if (style !== undefined && attr(a, "table", "display") === "false") hiddenStyles.add(style);
    } else found.push({ name: attr(a, "table", "name") ?? "", style: attr(a, "table", "style-name") ?? "" });
  };
  for await (const chunk of entryText(path, entry, Number.MAX_SAFE_INTEGER, "ODS")) {
    const s = carry + chunk;
    let keepFrom = Math.max(0, s.length - 64);
    SHEET_TAG.lastIndex = 0;
    for (let m = SHEET_TAG.exec(s); m; m = SHEET_TAG.exec(s)) {
      const end = tagEnd(s, m.index + 1);
      if (end < 0) {
        keepFrom = m.index;
        break;
      }
      onTag(m[1] as string, s.slice(m.index + 1, end));
      SHEET_TAG.lastIndex = end + 1;
      keepFrom = Math.max(keepFrom, end + 1);
    }
    if (s.length - keepFrom > 1 << 20) throw new XmlTooLargeError("tag too long");
    carry = s.slice(keepFrom);
  }
  return found.map((sheet, index) => ({ name: sheet.name, index, hidden: hiddenStyles.has(sheet.style) }));
}

// ---------------------------------------------------------------- a cell's text

/**
 * The text of a cell's paragraphs, joined by line breaks. Within a paragraph, white space as written collapses to one
 * space and leading white space is dropped (ODF); spaces, tabs and line breaks that count are written as `text:s`,
 * `text:tab` and `text:line-break`. Kept only up to `textChars + 1` characters: longer means too long.
 */
class CellText {
  private out = "";
  private raw = "";
  private overflow = false;
  private paragraphs = 0;
  /** the last character written is white space collapsed (or the paragraph begins): more is dropped */
  private space = true;

  reset(): void {
    this.out = "";
    this.raw = "";
    this.overflow = false;
    this.paragraphs = 0;
    this.space = true;
  }

  get empty(): boolean {
    return this.paragraphs === 0;
  }

  paragraph(): void {
    this.flush();
    if (this.paragraphs > 0) this.append("\n");
    this.paragraphs++;
    this.space = true;
  }

  add(raw: string): void {
    const room = RAW_TEXT_CAP - this.raw.length;
    if (raw.length <= room) this.raw += raw;
    else {
      this.raw += raw.slice(0, room);
      this.overflow = true;
    }
  }

  /** text written by an element (`text:s`, `text:tab`, `text:line-break`): kept as it is */
  literal(text: string): void {
    this.flush();
    this.append(text);
    this.space = false;
  }

  value(): string {
    this.flush();
    const max = IMPORT_LIMITS.textChars + 1;
    if (this.out.length >= max) return this.out.slice(0, max);
    return this.overflow ? this.out.padEnd(max, "…") : this.out;
  }

  private flush(): void {
    if (this.raw === "") return;
    let text = decodeEntities(this.raw).replace(/[ \t\r\n]+/g, " ");
    this.raw = "";
    if (this.space && text.startsWith(" ")) text = text.slice(1);
    if (text === "") return;
    this.append(text);
    this.space = text.endsWith(" ");
  }

  private append(text: string): void {
    const room = IMPORT_LIMITS.textChars + 1 - this.out.length;
    if (room <= 0) {
      this.overflow = true;
      return;
    }
    this.out += text.length <= room ? text : text.slice(0, room);
  }
}

// ---------------------------------------------------------------- the sheets

/** A cell's text that shows a time of day (14:05, 14时05分, 下午 2:05, 2:05 PM). */
const SHOWS_TIME = /\d\s*[:：]\s*\d|\d\s*[时點点]|上午|下午|[AP]\.?M\b/i;

/** `2018-11-03` (a date) or `2018-11-03T14:05:00` (a date and time) as the wall clock written, or undefined. */
function odsDate(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?/.exec(text.trim());
  if (!m) return undefined;
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    Number(m[7] ?? 0),
    Number((m[8] ?? "0").padEnd(3, "0")),
  );
  if (Number.isNaN(ms)) return undefined;
  // to the second, as the sheet shows it (and as an XLSX's serial is read): 09:04:59.808 shows as 09:05:00
  return m[4] ? new DateTimeCell(Math.round(ms / 1000) * 1000) : new Date(ms);
}

/**
 * An ISO 8601 duration as LibreOffice writes a time cell's value (`PT25H30M00S`, `-PT1H`, `P1DT2H`), in days; undefined
 * if it is none; `calendar` when it has years or months (`P1M`, a month; `PT1M` is a minute): those are of no fixed
 * length (a month of 28 to 31 days), so no elapsed time is theirs. Years and months of 0 (`P0Y0M0DT25H30M0S`) are none.
 */
function odsDuration(text: string): number | "calendar" | undefined {
  const trimmed = text.trim();
  // the hours, minutes and seconds after the T (minutes are an M after it; before it an M is months); H and S without
  // the T are taken as they are, having no other meaning
  const m = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(trimmed);
  if (!m || trimmed === "P" || trimmed === "PT") return undefined;
  if (Number(m[2] ?? 0) !== 0 || Number(m[3] ?? 0) !== 0) return "calendar";
  const seconds = Number(m[4] ?? 0) * 86_400 + Number(m[5] ?? 0) * 3600 + Number(m[6] ?? 0) * 60 + Number(m[7] ?? 0);
  return ((m[1] ? -1 : 1) * seconds) / 86_400;
}

/** A time cell's duration of years or months (`odsDuration`): refused, with what it is and what to write. */
const calendarDurationReason = (value: string) => ({
  zh: `时长“${value}”以年或月计（ISO 8601 中 P1M 是 1 个月，1 分钟写作 PT1M），月、年的天数不一，换算不出准确的小时数：请在 LibreOffice、WPS 或 Excel 中把该单元格改为时:分（如 25:30）后另存再导入`,
  en: `the duration ${value} counts years or months (P1M is a month; a minute is PT1M), of no fixed length in hours: write it as hours and minutes (25:30)`,
});

/** The rows of one sheet read from content.xml, kept until taken. */
interface SheetRows {
  sheet: OdsSheet;
  rows: RawRow[];
  /** all its rows are read */
  ended: boolean;
  /** the columns it hides (`table:table-column` collapsed or filtered), and whether a filter hides any of its rows */
  view: { hiddenColumns: number[]; filtered: boolean };
  /** the columns described so far (`table:table-column`, before the rows) */
  columns: number;
}

/**
 * Reads the rows of the sheets wanted (by their index) from content.xml as it streams by, the others passed over.
 * Scanning stops once the last sheet wanted ends.
 */
class ContentReader {
  readonly scanner: XmlScanner;
  /** the sheets wanted begun, each with its rows not yet taken */
  readonly sheets: SheetRows[] = [];
  private tables = 0;
  private tableDepth = 0;
  /** the sheet being read, or undefined (outside the sheets wanted) */
  private current: SheetRows | undefined;
  private readonly last: number;

  private rowNumber = 0;
  private rowRepeat = 1;
  /** the row being read is hidden (`table:visibility` collapse: by hand; filter: by a filter) */
  private rowHidden = false;
  private cells: Cell[] = [];
  private uncalculated: RawRow["uncalculated"];
  private refused: RawRow["refused"];
  private beyond: RawRow["beyond"];
  private col = 0;
  private readonly merges: MergedRange[] = [];
  private readonly newMerges: MergedRange[] = [];

  /** inside a cell: the depth of elements below it (0: none open), and from which depth its content is passed over */
  private inCell = false;
  private depth = 0;
  private skipFrom = 0;
  private inParagraph = false;
  private cellBody = "";
  /** the attributes read, named with the document's prefixes (read from its root element) */
  private q = qualifiedNames({ office: "office", table: "table", text: "text", calcext: "calcext" });
  private wantText = false;
  private readonly cellText = new CellText();

  constructor(private readonly wanted: readonly OdsSheet[]) {
    this.scanner = new XmlScanner(this);
    this.last = Math.max(-1, ...wanted.map((s) => s.index));
  }

  open(name: string, body: string, _selfClosing: boolean): void {
    if (name === "document-content") {
      const prefixes = { office: "office", table: "table", text: "text", calcext: "calcext" };
      const declared = attributesOf(body);
      for (const key of Object.keys(prefixes) as (keyof typeof NAMESPACES)[]) {
        const at = Object.keys(declared).find((k) => k.startsWith("xmlns:") && declared[k] === NAMESPACES[key]);
        if (at) prefixes[key] = at.slice(6);
      }
      this.q = qualifiedNames(prefixes);
      return;
    }
    if (name === "table") {
      this.tableDepth++;
      if (this.tableDepth === 1) {
        const index = this.tables++;
        const sheet = this.wanted.find((s) => s.index === index);
        if (sheet) {
          this.current = { sheet, rows: [], ended: false, view: { hiddenColumns: [], filtered: false }, columns: 0 };
          this.sheets.push(this.current);
          this.rowNumber = 0;
          this.merges.length = 0;
        }
      }
      return;
    }
    if (!this.current) return;
    if (this.inCell) {
      this.depth++;
      if (this.skipFrom > 0) return;
      if (this.depth === 1) {
        if (name === "p" || name === "h") {
          this.inParagraph = true;
          if (this.wantText) {
            this.cellText.paragraph();
            this.scanner.capturing = true;
          }
        } else this.skipFrom = 1; // a note, a drawing: not what the cell shows
        return;
      }
      if (!this.inParagraph || !this.wantText) return;
      if (name === "s") {
        const c = Number(attrIn(body, this.q.spaces) ?? 1);
        this.cellText.literal(" ".repeat(Math.min(Number.isFinite(c) && c > 0 ? Math.floor(c) : 1, IMPORT_LIMITS.textChars + 1)));
      } else if (name === "tab") this.cellText.literal("\t");
      else if (name === "line-break") this.cellText.literal("\n");
      else if (name === "note" || name === "annotation") {
        this.skipFrom = this.depth;
        this.scanner.capturing = false;
      }
      return;
    }
    if (name === "table-column" && this.tableDepth === 1) {
      const current = this.current;
      const repeat = Number(attrIn(body, this.q.columnsRepeated) ?? 1);
      const first = current.columns;
      // the columns read only: LibreOffice describes the unused ones to the sheet's end (1,024 or 16,384) as one
      current.columns += Number.isFinite(repeat) && repeat >= 1 ? Math.min(Math.floor(repeat), READ_COLUMNS) : 1;
      const visibility = attrIn(body, this.q.visibility);
      if (visibility === "collapse" || visibility === "filter")
        for (let col = first; col < Math.min(current.columns, READ_COLUMNS); col++) current.view.hiddenColumns.push(col);
      return;
    }
    if (name === "table-row") {
      const repeat = Number(attrIn(body, this.q.rowsRepeated) ?? 1);
      this.rowRepeat = Number.isFinite(repeat) && repeat >= 1 ? Math.floor(repeat) : 1;
      const visibility = attrIn(body, this.q.visibility);
      this.rowHidden = visibility === "collapse" || visibility === "filter";
      // a row a filter hides (LibreOffice's and WPS's AutoFilter, the standard filter), blank or not
      if (visibility === "filter" && this.tableDepth === 1) this.current.view.filtered = true;
      this.cells = [];
      this.uncalculated = undefined;
      this.refused = undefined;
      this.col = 0;
    } else if (name === "table-cell" || name === "covered-table-cell") {
      this.inCell = true;
      this.depth = 0;
      this.skipFrom = 0;
      this.inParagraph = false;
      this.cellBody = body;
      const type = attrIn(body, this.q.valueType);
      this.wantText =
        type === undefined ||
        type === "string" ||
        type === "time" ||
        // a date's text says whether it shows a time of day (cellValue)
        type === "date" ||
        attrIn(body, this.q.calcValueType) === "error" ||
        ((type === "float" || type === "percentage" || type === "currency") && attrIn(body, this.q.value) === undefined) ||
        // a whole number's text says whether its format pads it with zeros (cellValue)
        (type === "float" && WHOLE_DIGITS.test(attrIn(body, this.q.value) ?? ""));
      this.cellText.reset();
    }
  }

  close(name: string): void {
    if (name === "table") {
      if (this.tableDepth === 1 && this.current) {
        this.current.ended = true;
        if (this.current.sheet.index >= this.last) this.scanner.done = true;
        this.current = undefined;
      }
      this.tableDepth = Math.max(0, this.tableDepth - 1);
      return;
    }
    if (!this.current) return;
    if (this.inCell) {
      if (this.depth > 0) {
        if (this.skipFrom === this.depth) {
          this.skipFrom = 0;
          this.scanner.capturing = this.inParagraph && this.wantText;
        } else if (this.depth === 1 && this.skipFrom === 0 && this.inParagraph) {
          this.inParagraph = false;
          this.scanner.capturing = false;
        }
        this.depth--;
        return;
      }
      // the cell itself
      this.inCell = false;
      this.scanner.capturing = false;
      this.endCell();
      return;
    }
    if (name === "table-row") this.endRow();
  }

  text(raw: string): void {
    this.cellText.add(raw);
  }

  private endCell(): void {
    const body = this.cellBody;
    const q = this.q;
    const repeatAttr = Number(attrIn(body, q.columnsRepeated) ?? 1);
    const repeat = Number.isFinite(repeatAttr) && repeatAttr >= 1 ? Math.floor(repeatAttr) : 1;
    const col = this.col;
    this.col += repeat;
    if (col >= READ_COLUMNS) {
      // not kept (a row as wide as the sheet slowed every check of it): its first value is refused at its column
      if (this.beyond === undefined && col < ODS_MAX_COLUMNS) {
        const value = this.cellValue(col);
        if (value !== null) this.beyond = { column: col, value };
      }
      return;
    }
    const value = this.cellValue(col);
    const rows = Number(attrIn(body, q.rowsSpanned) ?? 1);
    if (rows > 1) {
      const columns = Number(attrIn(body, q.columnsSpanned) ?? 1);
      // within the columns read (a range to the sheet's edge filled every row to 16,384 cells)
      const right = Math.min(READ_COLUMNS - 1, col + (Number.isFinite(columns) && columns > 1 ? Math.floor(columns) - 1 : 0));
      this.newMerges.push({ top: this.rowNumber + 1, bottom: this.rowNumber + Math.min(Math.floor(rows), ODS_MAX_ROWS), left: col, right, value });
    }
    if (value === null) return;
    const end = Math.min(READ_COLUMNS, col + repeat);
    for (let c = col; c < end; c++) this.cells[c] = value;
    if (col + repeat > READ_COLUMNS && this.beyond === undefined) this.beyond = { column: READ_COLUMNS, value };
  }

  private cellValue(col: number): Cell {
    const body = this.cellBody;
    const q = this.q;
    const type = attrIn(body, q.valueType);
    const formula = attrIn(body, q.formula);
    if (attrIn(body, q.calcValueType) === "error") {
      this.uncalculated ??= [];
      this.uncalculated.push({ column: col, formula: formula === undefined ? "" : shownFormula(formula), error: this.cellText.value().trim() });
      return null;
    }
    switch (type) {
      case "float":
      case "percentage":
      case "currency": {
        const raw = attrIn(body, q.value)?.trim();
        if (raw === undefined) return this.cellText.empty ? null : this.cellText.value();
        const n = Number(raw);
        if (raw === "" || !Number.isFinite(n)) return raw === "" ? null : raw;
        // a whole number formatted 0000 (301): the text it shows (0301), as read-xlsx.ts reads it. The cell's text is
        // what its format shows: taken when it is the number's digits after zeros, and nothing else
        if (type === "float" && WHOLE_DIGITS.test(raw) && !this.cellText.empty) {
          const shown = this.cellText.value().trim();
          if (ZERO_LED.test(shown) && shown.replace(/^0+(?=\d)/, "") === raw.replace(/^0+(?=\d)/, "")) return shown;
        }
        // a whole number of 16 digits or more is kept as its digits (a 工单编号), as read-xlsx.ts does
        if (/^-?\d{16,}$/.test(raw)) return raw;
        return n;
      }
      case "date": {
        const raw = attrIn(body, q.dateValue) ?? "";
        const date = odsDate(raw);
        if (date === undefined) return raw.trim() === "" ? null : raw.trim();
        // shown as a date alone (the cell's text has no time of day): that day, as read-xlsx.ts reads a date format
        if (date instanceof DateTimeCell && !this.cellText.empty && !SHOWS_TIME.test(this.cellText.value())) {
          const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
          return day === date.getTime() ? new Date(day) : new DateShownAlone(day, date.getTime());
        }
        // the reverse: a moment at 00:00 is written as its date alone (LibreOffice drops a time of 00:00 from
        // office:date-value), while its format shows the time (2018-12-05 00:00): midnight, as an .xlsx or .xls of the
        // same sheet reads; read as a date alone, a deadline moved to the day's end (a county data walk)
        if (!(date instanceof DateTimeCell) && !this.cellText.empty && SHOWS_TIME.test(this.cellText.value())) return new DateTimeCell(date.getTime());
        return date;
      }
      case "time": {
        // a duration or a time of day (office:time-value="PT25H30M00S"): its elapsed time, 25:30, as an .xlsx of the
        // same sheet reads ([HH]:MM:SS), with its seconds when the cell shows them and there are some
        const written = attrIn(body, q.timeValue) ?? "";
        const days = odsDuration(written);
        const shown = this.cellText.empty ? "" : this.cellText.value();
        if (days === undefined) return shown.trim() === "" ? null : shown;
        // P1M read as a minute was 00:01 (a program's file: LibreOffice writes PT…): a month is no clock time
        if (days === "calendar") {
          this.refused ??= [];
          this.refused.push({ column: col, value: written.trim().slice(0, 40), reason: calendarDurationReason(written.trim().slice(0, 40)) });
          return null;
        }
        return elapsedText(days, { unit: "h", minutes: true, seconds: shown === "" || /\d\s*[:：]\s*\d+\s*[:：]\s*\d/.test(shown) });
      }
      case "boolean": {
        const v = attrIn(body, q.booleanValue)?.trim();
        return v === "true" || v === "1";
      }
      case "string": {
        const v = attrIn(body, q.stringValue);
        if (v !== undefined && v !== "" && this.cellText.empty) return v.slice(0, IMPORT_LIMITS.textChars + 1);
        return this.cellText.empty ? null : this.cellText.value();
      }
      default:
        if (this.cellText.empty) {
          // a formula with no saved result (written by a program, never calculated)
          if (formula !== undefined && type === undefined) {
            this.uncalculated ??= [];
            this.uncalculated.push({ column: col, formula: shownFormula(formula) });
          }
          return null;
        }
        return this.cellText.value();
    }
  }

  private endRow(): void {
    const first = this.rowNumber + 1;
    const repeat = this.rowRepeat;
    this.rowNumber += repeat;
    const current = this.current as SheetRows;
    if (this.newMerges.length > 0) {
      for (const range of this.newMerges) this.merges.push(range);
      this.newMerges.length = 0;
    }
    if (!isBlank(this.cells) || this.uncalculated || this.refused || this.beyond) {
      if (this.rowNumber > ODS_MAX_ROWS) {
        throw new OdsError(
          `工作表超过最大行数 ${ODS_MAX_ROWS.toLocaleString("en-US")}：文件已损坏，或请把数据分成几个文件再导入`,
          `the sheet goes past row ${ODS_MAX_ROWS}`,
        );
      }
      // one row written once and repeated (table:number-rows-repeated): a file of a kilobyte may ask for a million
      // rows of a thousand cells each, gigabytes once copied (found by a security review). No table of records repeats
      // one row so: refused
      if (repeat > 1 && repeat * Math.max(1, this.cells.length) > ODS_MAX_REPEATED_CELLS) {
        throw new OdsError(
          `工作表第 ${first} 行起的同一行内容重复了 ${repeat.toLocaleString("en-US")} 次（每行 ${this.cells.length.toLocaleString("en-US")} 个单元格）：文件可能已损坏，或另存前把内容填满了整列；请删去多余的行后重新导入`,
          `row ${first} is repeated ${repeat} times (${this.cells.length} cells each): delete the repeated rows`,
        );
      }
      for (let row = first; row <= this.rowNumber; row++) {
        const cells = row === this.rowNumber ? this.cells : this.cells.slice();
        this.fillMerged(row, cells);
        const raw: RawRow = { row, cells };
        if (this.uncalculated) raw.uncalculated = row === this.rowNumber ? this.uncalculated : this.uncalculated.slice();
        if (this.refused) raw.refused = row === this.rowNumber ? this.refused : this.refused.slice();
        if (this.rowHidden) raw.hidden = true;
        if (this.beyond) raw.beyond = this.beyond;
        current.rows.push(raw);
      }
    }
    if (this.merges.length > 0) {
      let kept = 0;
      for (const range of this.merges) if (range.bottom > this.rowNumber) this.merges[kept++] = range;
      this.merges.length = kept;
    }
    this.cells = [];
    this.uncalculated = undefined;
    this.refused = undefined;
    this.beyond = undefined;
  }

  /** The row's cells within ranges merged down rows take the range's value, as the sheet shows them. */
  private fillMerged(row: number, cells: Cell[]): void {
    for (const range of this.merges) {
      if (range.top > row || range.bottom < row) continue;
      for (let col = range.left; col <= range.right; col++) if (row !== range.top || col !== range.left) cells[col] = range.value;
    }
  }
}

/** `of:=SUM([.A1:.A3])` as `=SUM(A1:A3)`, cut to show in a problem. */
function shownFormula(formula: string): string {
  const bare = formula.replace(/^[a-z]+:(?==)/, "").replace(/\[\.?([^\]]*)\]/g, (_, ref: string) => ref.replace(/(^|:)\./g, "$1"));
  return (bare.startsWith("=") ? bare : `=${bare}`).slice(0, 200);
}

/** The first `count` non-blank rows of a sheet, or all it has when fewer. */
async function leadingRowsOf(path: string, entry: ZipEntry, sheet: OdsSheet, count: number): Promise<RawRow[]> {
  const reader = new ContentReader([sheet]);
  for await (const text of entryText(path, entry, Number.MAX_SAFE_INTEGER, "ODS")) {
    reader.scanner.feed(text);
    if ((reader.sheets[0]?.rows.length ?? 0) >= count || reader.scanner.done) break;
  }
  return (reader.sheets[0]?.rows ?? []).slice(0, count);
}

/** The rows of the sheets chosen (see `chooseSheetsBy`), in batches, one sheet after another (no batch holds two). */
export async function* readOdsBatches(path: string, options: ReadTableOptions): AsyncIterable<RawRow[]> {
  const totalBytes = await fileSize(path);
  options.onFormat?.("ods");
  let bytesRead = 0;
  let lastRow = 0;
  const progress = (done: boolean) => options.onProgress?.({ rows: lastRow, bytesRead, totalBytes, encoding: "ods", done });
  try {
    const entries = await readZipDirectory(path, totalBytes);
    // encrypted, content.xml is no XML: it read as a file without sheets
    if (await isEncrypted(path, entries)) throw new OdsError(ENCRYPTED.zh, ENCRYPTED.en);
    const content = entries.get("content.xml");
    if (!content) throw new OdsError(DAMAGED.zh, `${DAMAGED.en}: no content.xml`);
    assertPlausiblePart(content, options.xlsxSuspectBytes ?? IMPORT_LIMITS.xlsxSuspectBytes, "表格内容", "");
    const sheets = await readSheets(path, content);
    if (sheets.length === 0) throw new OdsError("ODS 文件中没有工作表", "the spreadsheet has no sheet");
    const chosen = await chooseSheetsBy(sheets, (sheet, count) => leadingRowsOf(path, content, sheet, count), options.sheetFit);
    const reader = new ContentReader(chosen);
    const skipped = sheetsNotRead(sheets, chosen);
    // progress by content.xml's packed bytes read, over the whole file (what comes before it counted read)
    const before = totalBytes - content.compressedSize;
    let contentRead = 0;
    const onBytes = (n: number) => {
      contentRead += n;
      bytesRead = Math.min(totalBytes, before + contentRead);
    };
    const announced = new Set<SheetRows>();
    /** Batches of the rows read so far: a sheet's rows once `ODS_BATCH_ROWS` are read or the sheet ends (or `all`). */
    const take = function* (all: boolean): Generator<RawRow[] | "stop"> {
      while (reader.sheets.length > 0) {
        const sheet = reader.sheets[0] as SheetRows;
        if (!announced.has(sheet)) {
          announced.add(sheet);
          options.onSheet?.({ name: sheet.sheet.name, sheets: sheets.length, read: chosen.length, skipped });
        }
        if (options.leadingRows !== undefined && sheet.rows.length >= options.leadingRows) {
          yield sheet.rows.slice(0, options.leadingRows);
          yield "stop";
          return;
        }
        const ended = sheet.ended || all;
        if (sheet.rows.length >= ODS_BATCH_ROWS || (ended && sheet.rows.length > 0)) {
          const batch = sheet.rows;
          sheet.rows = [];
          lastRow = batch[batch.length - 1]?.row ?? lastRow;
          yield batch;
        }
        if (!ended) return;
        reader.sheets.shift();
        options.onSheetView?.(sheet.view);
      }
    };
    for await (const text of entryText(path, content, Number.MAX_SAFE_INTEGER, "ODS", onBytes)) {
      // past the sheets the rest of the part is unpacked, not scanned: its checksum is of all of it (entryText)
      if (reader.scanner.done) continue;
      reader.scanner.feed(text);
      for (const batch of take(false)) {
        if (batch === "stop") return;
        progress(false);
        yield batch;
      }
    }
    for (const batch of take(true)) {
      if (batch === "stop") return;
      yield batch;
    }
    bytesRead = totalBytes;
    progress(true);
  } catch (cause) {
    throw spreadsheetReadError(path, cause, "ODS", DAMAGED, NOT_A_SPREADSHEET);
  }
}

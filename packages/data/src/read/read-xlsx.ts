/**
 * A sheet of an XLSX file (the first visible one, or the one that fits what
 * is read: see `chooseSheet`), streamed by a reader of its own: the zip
 * parts are read by random access (zip.ts) and scanned as a stream
 * (xml-scan.ts). It reads what Excel, WPS, LibreOffice, openpyxl and Apache
 * POI (including SXSSF) write: shared strings and inline strings
 * (`t="inlineStr"`), rich text runs, date cells by their number format
 * (1900 and 1904 date systems), numbers, booleans, and formulas by their
 * computed value. A formula with no computed value is reported (see
 * `RawRow.uncalculated`), not read as empty. A whole number whose format pads it with zeros (`0000`) reads as the
 * text it shows (0301: `zeroPadded`).
 *
 * Cells merged down rows (a unit's name merged over the rows of its orders, a header cell over two header rows) read
 * as what they show: the merged value in each row of the range (see `MergedRows`).
 *
 * What one file may hold is bounded (limits.ts): a cell's text is kept only
 * up to `textChars + 1` characters (the check then reports it as too long),
 * and the shared strings in all may hold `sharedStringsChars` characters.
 */

import { extname } from "node:path";
import { TextDecoder } from "node:util";
import { IMPORT_LIMITS } from "../limits.ts";
import { DateShownAlone, DateTimeCell } from "./cell-values.ts";
import { assertPlausiblePart, entryText, isPlausiblePart, SpreadsheetError, spreadsheetReadError } from "./spreadsheet-parts.ts";
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
} from "./table-common.ts";
import { attributeOf, attributesOf, decodeEntities, decodeOoxmlEscapes, XmlScanner } from "./xml-scan.ts";
import { officeDocumentOf, openZipEntry, readZipDirectory, type ZipEntry } from "./zip.ts";

const XLSX_BATCH_ROWS = 5000;
/** Raw (entity-encoded) characters kept of one text: enough for `textChars + 1` characters written as entities. */
const RAW_TEXT_CAP = (IMPORT_LIMITS.textChars + 1) * 10;
/** Characters of a formula kept, to show it in a problem. */
const FORMULA_CAP = 200;

const DAMAGED = {
  zh: "无法读取 Excel 文件（文件损坏或不是 .xlsx）：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入；打不开的，请从平台重新导出",
  en: "cannot read the Excel file (damaged or not .xlsx): open it in Excel or WPS and save it as .xlsx, or export it again",
};
/**
 * What a file named .xlsx that is no workbook is, and what to do with it (zip.ts tells them apart by their first bytes).
 * An .xls is read as one by `readTableBatches`; this is said only when this reader is called for one directly.
 */
const NOT_A_WORKBOOK: Record<"xls" | "html" | "text", { zh: string; en: string }> = {
  xls: {
    zh: "这是旧版 Excel 文件（.xls），只是扩展名为 .xlsx：请把文件扩展名改为 .xls 后再导入",
    en: "an old Excel 97-2003 (.xls) file named .xlsx: name it .xls",
  },
  html: {
    zh: "这是网页（HTML）文件，只是扩展名为 .xlsx（一些热线平台“导出 Excel”时生成这种文件）：请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入",
    en: "a web page (HTML) named .xlsx: open it in Excel or WPS and save it as .xlsx",
  },
  text: {
    zh: "这是文本文件（多半是 CSV），只是扩展名为 .xlsx：请把文件扩展名改为 .csv 后再导入，或在 Excel 中打开后“另存为”.xlsx",
    en: "a text file (CSV?) named .xlsx: rename it to .csv, or save it as .xlsx from Excel",
  },
};

class XlsxError extends SpreadsheetError {}

// ---------------------------------------------------------------- reading parts

/** The last row of a sheet in Excel and WPS (2^20). */
const EXCEL_MAX_ROWS = 1_048_576;

/** Text of the merged-cells list kept at most (some 40,000 ranges). */
const MERGES_TEXT_CAP = 1 << 20;
const MERGE_CELL = /<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})"/g;
const MERGE_MARK = Buffer.from("mergeCell");

/**
 * The ranges of a sheet merged over more than one row, by their first row. A sheet lists its merged cells after its
 * rows, so they are looked for first, by a pass that only unpacks the part and looks for the list's name in its bytes
 * (a tenth of the time reading the rows takes). Ranges within one row (a title over the columns, a group's label over
 * its columns in a two-row header) are left out: each cell of theirs but the first stays empty. An implausible sheet
 * (refused when read) is not unpacked.
 */
async function mergedRanges(path: string, entry: ZipEntry, suspectBytes: number): Promise<MergedRange[]> {
  if (!isPlausiblePart(entry, suspectBytes)) return [];
  const stream = await openZipEntry(path, entry);
  const decoder = new TextDecoder("utf-8");
  let text: string | undefined;
  let carry = Buffer.alloc(0);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (text === undefined) {
        // the name may be cut across two chunks
        let at = chunk.indexOf(MERGE_MARK);
        let from: Buffer = chunk;
        if (at < 0 && carry.length > 0) {
          from = Buffer.concat([carry, chunk.subarray(0, MERGE_MARK.length)]);
          at = from.indexOf(MERGE_MARK);
          if (at >= 0) from = Buffer.concat([carry, chunk]);
        }
        if (at < 0) {
          carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - MERGE_MARK.length + 1)));
          continue;
        }
        // from the tag's start (`<mergeCells`, `<x:mergeCells`)
        const start = Math.max(0, from.lastIndexOf(0x3c, at));
        text = decoder.decode(from.subarray(start), { stream: true });
      } else text += decoder.decode(chunk, { stream: true });
      if (text.length > MERGES_TEXT_CAP) break;
    }
  } finally {
    stream.destroy();
  }
  const ranges: MergedRange[] = [];
  for (const m of (text ?? "").matchAll(MERGE_CELL)) {
    const [a, b] = [Number(m[2]), Number(m[4])];
    const [c, d] = [columnOf(m[1] as string), columnOf(m[3] as string)];
    if (a === b || c < 0 || d < 0) continue;
    // within the columns read: a range to XFD filled every row to 16,384 cells (a review)
    const left = Math.min(c, d);
    if (left >= READ_COLUMNS) continue;
    ranges.push({ top: Math.min(a, b), bottom: Math.max(a, b), left, right: Math.min(Math.max(c, d), READ_COLUMNS - 1), value: null });
  }
  return ranges.sort((x, y) => x.top - y.top);
}

/** Scan a whole (small) part. */
async function scanPart(path: string, entry: ZipEntry, scanner: XmlScanner): Promise<void> {
  for await (const text of entryText(path, entry, IMPORT_LIMITS.xlsxPartBytes, "Excel")) {
    scanner.feed(text);
    if (scanner.done) return;
  }
}

/** Relationship targets by id, and by type (the last segment of the type URI). */
interface Relationships {
  byId: Map<string, string>;
  byType: Map<string, string>;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== "." && segment !== "") parts.push(segment);
  }
  return parts.join("/");
}

async function readRelationships(path: string, entries: Map<string, ZipEntry>, partName: string): Promise<Relationships> {
  const slash = partName.lastIndexOf("/");
  const relsName = `${partName.slice(0, slash + 1)}_rels/${partName.slice(slash + 1)}.rels`;
  const rels: Relationships = { byId: new Map(), byType: new Map() };
  const entry = entries.get(relsName.toLowerCase());
  if (!entry) return rels;
  await scanPart(
    path,
    entry,
    new XmlScanner({
      open(name, body) {
        if (name !== "Relationship") return;
        const a = attributesOf(body);
        if (a.TargetMode === "External" || !a.Target) return;
        const target = resolveTarget(partName, a.Target);
        if (a.Id) rels.byId.set(a.Id, target);
        if (a.Type) rels.byType.set(a.Type.slice(a.Type.lastIndexOf("/") + 1), target);
      },
      close() {},
      text() {},
    }),
  );
  return rels;
}

/** A sheet of the workbook, in tab order. */
interface SheetEntry {
  name: string;
  part: string;
  /** hidden or very hidden (`state`): a drop-down's list, a lookup table, not what the user sees */
  hidden: boolean;
}

interface Workbook {
  sheets: SheetEntry[];
  sharedStringsPart: string | undefined;
  stylesPart: string | undefined;
  date1904: boolean;
}

async function readWorkbook(path: string, entries: Map<string, ZipEntry>): Promise<Workbook> {
  const root = await readRelationships(path, entries, "");
  const workbookPart = root.byType.get("officeDocument") ?? "xl/workbook.xml";
  // a Word or PowerPoint file named .xlsx (the same kind of package): said what it is (it read 没有工作表: a data review),
  // by the name it has: one named .xls or .ods is read here too, and was told it was named .xlsx (a county data walk)
  const other = officeDocumentOf(workbookPart);
  if (other) {
    const named = extname(path) || ".xlsx";
    throw new XlsxError(
      `这是${other.zh}，不是 Excel 表格，只是扩展名为 ${named}：请选择从平台导出的 Excel 或 CSV 文件`,
      `${other.en} named ${named}, not a workbook`,
    );
  }
  const workbookEntry = entries.get(workbookPart.toLowerCase());
  if (!workbookEntry) throw new XlsxError(DAMAGED.zh, DAMAGED.en);
  const rels = await readRelationships(path, entries, workbookPart);
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  const scanner = new XmlScanner({
    open(name, body) {
      if (name === "workbookPr") {
        const v = attributeOf(body, "date1904");
        date1904 = v === "1" || v === "true";
      } else if (name === "sheet") {
        const a = attributesOf(body);
        const part = rels.byId.get(attributeOf(body, "id") ?? "");
        if (part) sheets.push({ name: a.name ?? "", part, hidden: a.state === "hidden" || a.state === "veryHidden" });
      }
    },
    close(name) {
      if (name === "sheets") scanner.done = true;
    },
    text() {},
  });
  await scanPart(path, workbookEntry, scanner);
  if (sheets.length === 0) {
    const part = [...entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort()[0];
    if (part) sheets.push({ name: "", part, hidden: false });
  }
  if (sheets.length === 0) throw new XlsxError("Excel 文件中没有工作表", "the workbook has no sheet");
  return { sheets, sharedStringsPart: rels.byType.get("sharedStrings"), stylesPart: rels.byType.get("styles"), date1904 };
}

// ---------------------------------------------------------------- styles: which cells are dates, which pad with zeros

/** Built-in number formats that show dates or times (including those of Chinese Excel, 27–36 and 50–58). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** Built-in number formats that show a time of day (h:mm, 上午/下午h"时"mm"分" …). */
const BUILTIN_TIME_FORMATS = new Set([18, 19, 20, 21, 22, 32, 33, 34, 35, 45, 46, 47]);

/** How a cell style shows a number: not as a date (0), as a date alone (1), or as a date with its time of day (2). */
export type DateStyle = 0 | 1 | 2;
const NOT_DATE = 0;
const DATE_ONLY = 1;
const DATE_TIME = 2;

/**
 * How a number format code shows a number: y, m, d, h or s outside quoted text, escapes and [brackets]; h or s is a
 * time. An elapsed time's bracket (`[h]:mm`, `[hh]:mm:ss`, `[mm]:ss`: a duration such as 响应时长) is a time too: read as a
 * date alone, 05:54 was stored as 1899-12-30.
 */
function dateStyleOfCode(code: string): DateStyle {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[(?:h+|m+|s+)\]/gi, "h")
    .replace(/\[[^\]]*\]/g, "");
  if (!/[yYmMdDhHsS]/.test(bare) || /^General$/i.test(bare.trim())) return NOT_DATE;
  return /[hHsS]/.test(bare) ? DATE_TIME : DATE_ONLY;
}

/**
 * An elapsed time's format (`[h]:mm`, `[hh]:mm:ss`, `[mm]:ss`, Excel's built-in 46 `[h]:mm:ss`: a duration such as
 * 响应时长): the unit its bracket counts in full, and whether it shows minutes and seconds besides.
 */
export interface ElapsedFormat {
  unit: "h" | "m" | "s";
  minutes: boolean;
  seconds: boolean;
}

/** Excel's built-in format 46, `[h]:mm:ss`. */
const BUILTIN_ELAPSED = new Map<number, ElapsedFormat>([[46, { unit: "h", minutes: true, seconds: true }]]);

/** The elapsed time format `id` (with its `code` when the file gives one) shows, or undefined when it shows none. */
function elapsedFormatOf(id: number, code: string | undefined): ElapsedFormat | undefined {
  if (code === undefined) return BUILTIN_ELAPSED.get(id);
  // the first section (a positive number's) is what a duration shows
  const bare = (code.split(";")[0] ?? "").replace(/"[^"]*"/g, "").replace(/\\./g, "");
  const bracket = /\[(h+|m+|s+)\]/i.exec(bare);
  if (!bracket) return undefined;
  const unit = (bracket[1] as string)[0]?.toLowerCase() as "h" | "m" | "s";
  const rest = bare.slice(bracket.index + bracket[0].length).replace(/\[[^\]]*\]/g, "");
  return { unit, minutes: unit === "h" && /m/i.test(rest), seconds: unit !== "s" && /s/i.test(rest) };
}

/**
 * A duration's serial (days, 1.0625 for 25:30) as its elapsed time, whatever its size: 25:30, 25:30:15 when its format
 * shows seconds and there are some, 05:54 under a day (two digits at least, as a time of day is written: cell-values.ts);
 * `[mm]:ss` the minutes in full (1530:15), `[ss]` the seconds. To the second, as the sheet shows it; a duration's
 * serial counts no date, so it reads the same in a workbook of the 1904 date system. Read as a date, 25:30 was stored
 * as 1899-12-31 01:30:00.
 */
export function elapsedText(serial: number, format: ElapsedFormat): string {
  const total = Math.round(Math.abs(serial) * 86_400);
  const sign = serial < 0 && total > 0 ? "-" : "";
  const two = (n: number) => String(n).padStart(2, "0");
  const secondsPart = format.seconds && total % 60 !== 0 ? `:${two(total % 60)}` : "";
  if (format.unit === "s") return `${sign}${total}`;
  if (format.unit === "m") return `${sign}${two(Math.floor(total / 60))}${format.seconds ? `:${two(total % 60)}` : ""}`;
  const hours = Math.floor(total / 3600);
  if (!format.minutes) return `${sign}${two(hours)}`;
  return `${sign}${two(hours)}:${two(Math.floor((total % 3600) / 60))}${secondsPart}`;
}

/**
 * The width a number format code pads a whole number to with leading zeros: 4 for `0000` (301 shows 0301, as a unit
 * code typed as a number and so formatted does), 12 for `000000000000` (20181100001 shows 020181100001, a platform's
 * order id); 0 for any other format. Only a plain run of zeros: a code with text around it (`"T"0000`, `00"分"`) would
 * make a number column's cell read as text that is no number.
 */
function zeroPadWidthOf(code: string | undefined): number {
  return code !== undefined && /^0+$/.test(code.trim()) ? code.trim().length : 0;
}

/**
 * A whole number of fewer digits than its format's zero padding (`width`), as the cell shows it: 301 formatted `0000`
 * is the text 0301, as Excel, WPS and LibreOffice show it and save it to CSV. Read as the number, an order id read from
 * the workbook as 20181100001 and from the CSV of the same sheet as 020181100001 was stored twice, both scored (a data
 * clerk's walk). Any other number (one that fills its width, a fraction, a negative) stays a number; a number column
 * reads the digits 0005 as 5 all the same (cell-values.ts).
 */
export function zeroPadded(digits: string, width: number): string | null {
  return width > digits.length && /^\d+$/.test(digits) ? digits.padStart(width, "0") : null;
}

/** For each cell style index (the `s` of a cell), how it shows a number: as a date (`DateStyle`), and the zeros it pads a whole number to (`zeroPadWidthOf`). */
async function readNumberStyles(path: string, entries: Map<string, ZipEntry>, part: string | undefined): Promise<NumberStyle[]> {
  const entry = part ? entries.get(part.toLowerCase()) : (entries.get("xl/styles.xml") ?? undefined);
  if (!entry) return [];
  const codes = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await scanPart(
    path,
    entry,
    new XmlScanner({
      open(name, body) {
        if (name === "numFmt") {
          const a = attributesOf(body);
          codes.set(Number(a.numFmtId), a.formatCode ?? "");
        } else if (name === "cellXfs") inCellXfs = true;
        else if (name === "xf" && inCellXfs) xfFormats.push(Number(attributeOf(body, "numFmtId") ?? 0));
      },
      close(name) {
        if (name === "cellXfs") inCellXfs = false;
      },
      text() {},
    }),
  );
  return xfFormats.map((id) => numberStyleOfFormat(id, codes.get(id)));
}

/** How a cell format shows a number: as a date (`DateStyle`), the zeros it pads a whole number to, an elapsed time. */
export interface NumberStyle {
  date: DateStyle;
  pad: number;
  /** the elapsed time it shows (`[h]:mm`: a duration), if it shows one */
  elapsed?: ElapsedFormat | undefined;
}

/** How number format `id` (with its `code` when the file gives one) shows a number: one reading for every workbook format. */
export function numberStyleOfFormat(id: number, code: string | undefined): NumberStyle {
  return { date: dateStyleOf(id, code), pad: zeroPadWidthOf(code), elapsed: elapsedFormatOf(id, code) };
}

/** How number format `id` shows a number: by its code when the file gives one, else as Excel's built-in format `id` does (an .xls's too). */
function dateStyleOf(id: number, code: string | undefined): DateStyle {
  if (code !== undefined) return dateStyleOfCode(code);
  return BUILTIN_TIME_FORMATS.has(id) ? DATE_TIME : BUILTIN_DATE_FORMATS.has(id) ? DATE_ONLY : NOT_DATE;
}

// ---------------------------------------------------------------- text

/** Collects the raw text of one string, keeping at most `RAW_TEXT_CAP` characters. */
class TextBuffer {
  raw = "";
  overflow = false;

  reset(): void {
    this.raw = "";
    this.overflow = false;
  }

  add(raw: string): void {
    if (this.overflow) return;
    const room = RAW_TEXT_CAP - this.raw.length;
    if (raw.length <= room) this.raw += raw;
    else {
      this.raw += raw.slice(0, room);
      this.overflow = true;
    }
  }

  /** The decoded text, at most `textChars + 1` characters: longer means too long. */
  value(): string {
    const text = decodeOoxmlEscapes(decodeEntities(this.raw));
    const max = IMPORT_LIMITS.textChars + 1;
    if (text.length >= max) return text.slice(0, max);
    // cut while still encoded: certainly longer than the limit
    return this.overflow ? text.padEnd(max, "…") : text;
  }
}

// ---------------------------------------------------------------- shared strings

/** The workbook's shared strings go past `maxChars` characters or `IMPORT_LIMITS.sharedStrings` entries (.xlsx and .xls alike). */
export function sharedStringsTooLarge(maxChars: number): SpreadsheetError {
  const chars = maxChars.toLocaleString("en-US");
  const count = IMPORT_LIMITS.sharedStrings.toLocaleString("en-US");
  return new XlsxError(
    `Excel 文件中的文字过多：共享字符串表（文件中所有不同文字的汇总）最多 ${chars} 个字符、${count} 项，此文件超出；请把数据分成几个文件导入，或另存为 CSV`,
    `too much text in the workbook: its shared strings may hold at most ${chars} characters and ${count} entries; split the data into several files, or save it as CSV`,
  );
}

/**
 * The workbook's shared strings, read whole (a sheet's cells name them by number). Refused first when packed
 * implausibly tight (`assertPlausiblePart`), as a sheet is: a part of 1.3 MB that unpacked to 460 MB of ten million
 * short texts held the server for 17 s and half a gigabyte a file, even to read only the header (a security review).
 */
async function readSharedStrings(
  path: string,
  entries: Map<string, ZipEntry>,
  part: string | undefined,
  maxChars: number,
  suspectBytes: number,
): Promise<string[]> {
  const entry = part ? entries.get(part.toLowerCase()) : entries.get("xl/sharedstrings.xml");
  const strings: string[] = [];
  if (!entry) return strings;
  assertPlausiblePart(
    entry,
    suspectBytes,
    "Excel 文件中的共享字符串表（文件中所有不同文字的汇总）",
    "",
    "多半是大量重复的文字或文件已损坏。请在 Excel 或 WPS 中打开后另存（或另存为 CSV）再导入",
  );
  const buffer = new TextBuffer();
  let inSi = false;
  let phonetic = 0;
  let total = 0;
  const scanner: XmlScanner = new XmlScanner({
    open(name) {
      if (name === "si") {
        inSi = true;
        buffer.reset();
      } else if (name === "rPh") phonetic++;
      else if (name === "t" && inSi && phonetic === 0) scanner.capturing = true;
    },
    close(name) {
      if (name === "t") scanner.capturing = false;
      else if (name === "rPh") phonetic--;
      else if (name === "si") {
        inSi = false;
        const text = buffer.value();
        total += text.length;
        if (total > maxChars || strings.length >= IMPORT_LIMITS.sharedStrings) throw sharedStringsTooLarge(maxChars);
        strings.push(text);
      }
    },
    text(raw) {
      buffer.add(raw);
    },
  });
  for await (const text of entryText(path, entry, Number.MAX_SAFE_INTEGER, "Excel")) scanner.feed(text);
  return strings;
}

// ---------------------------------------------------------------- the sheet

/** `AB12` → 27 (0-based column), or -1. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

const EXCEL_EPOCH_SERIAL = 25569; // 1970-01-01 in the 1900 date system
const DATE_1904_OFFSET = 1462;

/**
 * An ISO 8601 `t="d"` cell as a wall-clock Date (its UTC fields are the time written). One that names its zone
 * (…Z, …+08:00: an exporter writing UTC) is left as text, which the date check reads in its zone, as in a CSV.
 */
function isoWallClock(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!m || m[8]) return undefined;
  const at = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    Number((m[7] ?? "0").padEnd(3, "0")),
  );
  // with its time written (…T14:05): a moment, as a date cell formatted with its time is
  return m[4] !== undefined ? new DateTimeCell(at) : new Date(at);
}

/**
 * An Excel date serial shown as a date (`style` 1) or a date with its time (2), as the wall clock it shows. A date
 * shown alone is that day, whatever time of day the number holds besides (a deadline worked out as 受理时间 + 7 and
 * formatted yyyy-mm-dd shows 2018-12-10 and holds 08:05 as well: read as shown, the end of that day, as its CSV says),
 * the time it holds kept for a moment (DateShownAlone).
 */
export function excelDateCell(serial: number, style: 1 | 2, date1904: boolean): Date {
  const offset = -EXCEL_EPOCH_SERIAL + (date1904 ? DATE_1904_OFFSET : 0);
  // shown with its time, midnight is a time (2018-12-09 00:00), as the CSV saved from the sheet says; to the second, as
  // the sheet shows it (09:04:59.808 shows as 09:05:00) and as the same serial written as text is read
  if (style === DATE_TIME) return new DateTimeCell(Math.round((serial + offset) * 86_400) * 1000);
  const day = Math.round((Math.floor(serial) + offset) * 86_400_000);
  // shown alone, the day; the time it holds besides (to the second, as a format showing it would) kept for a
  // moment's column (cell-values.ts)
  const held = Math.round((serial + offset) * 86_400) * 1000;
  return held === day ? new Date(day) : new DateShownAlone(day, held);
}

/** An XML boolean that is true (`1`, `true`). */
const HIDDEN = /^\s*(?:1|true)\s*$/i;

class SheetReader {
  rows: RawRow[] = [];
  private rowNumber = 0;
  private cells: Cell[] = [];
  private beyond: RawRow["beyond"];
  private uncalculated: RawRow["uncalculated"];
  /** the row being read is hidden (`hidden="1"`: by hand, or by a filter) */
  private hidden = false;
  /** the columns the sheet hides (`<col min max hidden="1">`, before its rows), and whether its AutoFilter has a criterion (after them) */
  readonly view: { hiddenColumns: number[]; filtered: boolean } = { hiddenColumns: [], filtered: false };
  /** the rows are over (`</sheetData>`) */
  rowsEnded = false;
  /** scan on past the rows, to the AutoFilter (the rows alone are wanted where the sheet is only looked at) */
  readsView = false;
  private col = -1;
  private type: string | undefined;
  private style = 0;
  private hasFormula = false;
  private hasValue = false;
  private inInline = false;
  private phonetic = 0;
  /** what text goes to: 0 nothing, 1 the value, 2 the inline string, 3 the formula */
  private target = 0;
  private readonly value = new TextBuffer();
  private readonly inline = new TextBuffer();
  private formula = "";
  readonly scanner: XmlScanner;

  private readonly merged: MergedRows;

  constructor(
    private readonly sharedStrings: readonly string[],
    private readonly numberStyles: readonly NumberStyle[],
    private readonly date1904: boolean,
    merges: readonly MergedRange[] = [],
  ) {
    this.scanner = new XmlScanner(this);
    this.merged = new MergedRows(merges);
  }

  open(name: string, body: string, selfClosing: boolean): void {
    if (this.rowsEnded) {
      // a filter in force: the AutoFilter's criterion on a column (its arrows alone hide nothing)
      if (name === "filterColumn") this.view.filtered = true;
      return;
    }
    switch (name) {
      case "col": {
        if (!HIDDEN.test(attributeOf(body, "hidden") ?? "")) break;
        const min = Number(attributeOf(body, "min"));
        const max = Number(attributeOf(body, "max") ?? min);
        if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1) break;
        // the columns read only: the unused ones hidden to the sheet's end (I:XFD) are 16,000
        hideColumns(this.view, min - 1, max - 1);
        break;
      }
      case "row": {
        const r = attributeOf(body, "r");
        this.rowNumber = r === undefined ? this.rowNumber + 1 : Number(r);
        // a row numbered otherwise than 1, 2, 3 …: damaged bytes (every row and problem would be numbered NaN)
        if (!Number.isInteger(this.rowNumber) || this.rowNumber < 1)
          throw new XlsxError(
            `工作表中有一行的行号有误（“${String(r).slice(0, 20)}”）：文件已损坏，可能是复制、下载或保存不完整。请重新导出或重新复制后再导入`,
            `a row of the sheet is numbered ${String(r).slice(0, 20)}: the file is damaged`,
          );
        // Excel and WPS hold at most 1,048,576 rows: beyond that the file was made to be read forever, or is damaged
        if (this.rowNumber > EXCEL_MAX_ROWS)
          throw new XlsxError(
            `工作表超过 Excel 的最大行数 ${EXCEL_MAX_ROWS.toLocaleString("en-US")}：文件已损坏或不是 Excel/WPS 保存的，请在 Excel/WPS 中打开后另存再导入`,
            `the sheet goes past Excel's last row, ${EXCEL_MAX_ROWS}`,
          );
        this.cells = [];
        this.uncalculated = undefined;
        this.hidden = HIDDEN.test(attributeOf(body, "hidden") ?? "");
        this.col = -1;
        break;
      }
      case "c": {
        const a = attributesOf(body);
        const ref = a.r;
        const col = ref === undefined ? -1 : columnOf(ref);
        this.col = col >= 0 ? col : this.col + 1;
        this.type = a.t;
        this.style = a.s === undefined ? 0 : Number(a.s);
        this.hasFormula = false;
        this.hasValue = false;
        this.inInline = false;
        this.phonetic = 0;
        this.value.reset();
        this.inline.reset();
        this.formula = "";
        break;
      }
      case "v":
        this.hasValue = true;
        if (!selfClosing) this.capture(1);
        break;
      case "f":
        this.hasFormula = true;
        if (!selfClosing) this.capture(3);
        break;
      case "is":
        this.inInline = true;
        break;
      case "rPh":
        this.phonetic++;
        break;
      case "t":
        if (this.inInline && this.phonetic === 0 && !selfClosing) this.capture(2);
        break;
      default:
        break;
    }
  }

  private capture(target: number): void {
    this.target = target;
    this.scanner.capturing = true;
  }

  close(name: string): void {
    switch (name) {
      case "v":
      case "f":
      case "t":
        this.target = 0;
        this.scanner.capturing = false;
        break;
      case "rPh":
        this.phonetic--;
        break;
      case "is":
        this.inInline = false;
        break;
      case "c":
        this.endCell();
        break;
      case "row":
        if (!isBlank(this.cells) || this.uncalculated) {
          // a row with nothing of its own (the empty rest of a range) is no record, and stays blank
          if (this.merged.any) this.merged.fill(this.rowNumber, this.cells);
          const row: RawRow = { row: this.rowNumber, cells: this.cells };
          if (this.uncalculated) row.uncalculated = this.uncalculated;
          if (this.hidden) row.hidden = true;
          if (this.beyond) row.beyond = this.beyond;
          this.rows.push(row);
        } else if (this.beyond) {
          this.rows.push({ row: this.rowNumber, cells: this.cells, beyond: this.beyond });
        }
        this.cells = [];
        this.beyond = undefined;
        break;
      case "sheetData":
        this.rowsEnded = true;
        if (!this.readsView) this.scanner.done = true;
        break;
      default:
        break;
    }
  }

  text(raw: string): void {
    if (this.target === 1) this.value.add(raw);
    else if (this.target === 2) this.inline.add(raw);
    else if (this.target === 3 && this.formula.length < FORMULA_CAP) this.formula += raw.slice(0, FORMULA_CAP - this.formula.length);
  }

  private endCell(): void {
    const col = this.col;
    if (col < 0 || col > 16383) return;
    if (col >= READ_COLUMNS) {
      // not kept (a row as wide as the sheet slowed every check of it): its first value is refused at its column (an
      // inline string's too, as POI and openpyxl write text)
      if (this.beyond === undefined) {
        const value = this.type === "inlineStr" && !this.hasValue ? this.inline.value() : this.hasValue ? this.cellValue() : null;
        if (value !== null && value !== "") this.beyond = { column: col, value };
      }
      return;
    }
    if (this.type === "inlineStr" && !this.hasValue) {
      this.cells[col] = this.inline.value();
      return;
    }
    // no computed value: none written (Apache POI), or an empty one (openpyxl writes <v/>); only a text result may be empty
    if (this.hasFormula && (!this.hasValue || (this.type !== "str" && this.value.raw.trim() === ""))) {
      this.cells[col] = null;
      this.uncalculated ??= [];
      this.uncalculated.push({ column: col, formula: `=${decodeEntities(this.formula)}` });
      return;
    }
    // an error result (#N/A of a VLOOKUP that found nothing, #DIV/0!): no value to read, a problem of its own
    if (this.type === "e" && this.hasValue) {
      this.cells[col] = null;
      this.uncalculated ??= [];
      this.uncalculated.push({ column: col, formula: this.hasFormula ? `=${decodeEntities(this.formula)}` : "", error: this.value.value().trim() });
      return;
    }
    if (this.hasValue) this.cells[col] = this.cellValue();
  }

  private cellValue(): Cell {
    switch (this.type) {
      case "s": {
        const index = Number(this.value.raw.trim());
        const text = this.sharedStrings[index];
        if (text === undefined) throw new XlsxError(DAMAGED.zh, `${DAMAGED.en}: shared string ${this.value.raw} is missing`);
        return text;
      }
      case "str":
      case "inlineStr":
        return this.value.value();
      case "b": {
        const v = this.value.raw.trim();
        return v === "1" || v === "true";
      }
      case "d": {
        const text = this.value.value().trim();
        return isoWallClock(text) ?? text;
      }
      default: {
        const raw = this.value.value().trim();
        if (raw === "") return null;
        const n = Number(raw);
        // kept as written when it is no finite number (1e400), so the check can say so
        if (!Number.isFinite(n)) return raw;
        const shown = this.numberStyles[this.style];
        // a duration ([h]:mm): its elapsed time (25:30), not a date
        if (shown?.elapsed) return elapsedText(n, shown.elapsed);
        const style = shown?.date;
        // a whole number formatted 0000 (301): the text it shows (0301)
        const padded = style ? null : zeroPadded(raw, shown?.pad ?? 0);
        if (padded !== null) return padded;
        // a whole number of 16 digits or more (a platform's 工单编号 written as a number) is kept as its digits: as a
        // double it would lose the last ones, and two orders would become one
        if (/^-?\d{16,}$/.test(raw) && !style) return raw;
        return style ? excelDateCell(n, style, this.date1904) : n;
      }
    }
  }
}

/** The first `count` non-blank rows of a sheet, or all it has when fewer. */
async function leadingRowsOf(path: string, entry: ZipEntry, reader: SheetReader, count: number): Promise<RawRow[]> {
  for await (const text of entryText(path, entry, Number.MAX_SAFE_INTEGER, "Excel")) {
    reader.scanner.feed(text);
    if (reader.rows.length >= count || reader.scanner.done) break;
  }
  return reader.rows.slice(0, count);
}

/** The sheets to read (see `chooseSheetsBy` in table-common.ts). */
function chooseSheets(
  path: string,
  entries: Map<string, ZipEntry>,
  sheets: readonly SheetEntry[],
  newReader: (entry: ZipEntry) => Promise<SheetReader>,
  fit: ReadTableOptions["sheetFit"],
): Promise<SheetEntry[]> {
  return chooseSheetsBy(
    sheets,
    async (sheet, count) => {
      const entry = entries.get(sheet.part.toLowerCase());
      return entry ? await leadingRowsOf(path, entry, await newReader(entry), count) : undefined;
    },
    fit,
  );
}

/** The rows of the sheets chosen (see `chooseSheets`), in batches, one sheet after another (no batch holds two). */
export async function* readXlsxBatches(path: string, options: ReadTableOptions): AsyncIterable<RawRow[]> {
  const totalBytes = await fileSize(path);
  options.onFormat?.("xlsx");
  let bytesRead = 0;
  let lastRow = 0;
  const progress = (done: boolean) => options.onProgress?.({ rows: lastRow, bytesRead, totalBytes, encoding: "xlsx", done });
  try {
    const entries = await readZipDirectory(path, totalBytes);
    const workbook = await readWorkbook(path, entries);
    const numberStyles = await readNumberStyles(path, entries, workbook.stylesPart);
    const suspectBytes = options.xlsxSuspectBytes ?? IMPORT_LIMITS.xlsxSuspectBytes;
    const sharedStrings = await readSharedStrings(
      path,
      entries,
      workbook.sharedStringsPart,
      options.sharedStringsChars ?? IMPORT_LIMITS.sharedStringsChars,
      suspectBytes,
    );
    const newReader = async (entry: ZipEntry) => new SheetReader(sharedStrings, numberStyles, workbook.date1904, await mergedRanges(path, entry, suspectBytes));
    const chosen = (await chooseSheets(path, entries, workbook.sheets, newReader, options.sheetFit)).map((sheet) => {
      const entry = entries.get(sheet.part.toLowerCase());
      if (!entry) throw new XlsxError(DAMAGED.zh, `${DAMAGED.en}: no ${sheet.part}`);
      assertPlausiblePart(entry, suspectBytes, "工作表", "在 Excel/WPS 中");
      return { sheet, entry };
    });
    const skipped = sheetsNotRead(
      workbook.sheets,
      chosen.map((c) => c.sheet),
    );
    // progress by the sheets' packed bytes read, over the whole file (what comes before them counted read)
    let before = totalBytes - chosen.reduce((sum, c) => sum + c.entry.compressedSize, 0);
    for (const { sheet: chosenSheet, entry: sheetEntry } of chosen) {
      options.onSheet?.({
        name: chosenSheet.name,
        sheets: workbook.sheets.length,
        read: chosen.length,
        skipped,
        ...(workbook.date1904 ? { date1904: true } : {}),
      });
      const sheet = await newReader(sheetEntry);
      sheet.readsView = options.onSheetView !== undefined;
      let sheetBytes = 0;
      const onBytes = (n: number) => {
        sheetBytes += n;
        bytesRead = Math.min(totalBytes, before + sheetBytes);
      };
      for await (const text of entryText(path, sheetEntry, Number.MAX_SAFE_INTEGER, "Excel", onBytes)) {
        // past the rows (and the AutoFilter after them, when the view is asked for) the rest of the part is unpacked,
        // not scanned: its checksum is of all of it (entryText)
        if (sheet.scanner.done) continue;
        sheet.scanner.feed(text);
        if (options.leadingRows !== undefined && sheet.rows.length >= options.leadingRows) {
          yield sheet.rows.slice(0, options.leadingRows);
          return;
        }
        if (sheet.rows.length >= XLSX_BATCH_ROWS || (sheet.rowsEnded && sheet.rows.length > 0)) {
          const batch = sheet.rows;
          sheet.rows = [];
          lastRow = batch[batch.length - 1]?.row ?? lastRow;
          progress(false);
          yield batch;
        }
      }
      before += sheetEntry.compressedSize;
      bytesRead = before;
      const batch = sheet.rows;
      if (batch.length > 0) {
        lastRow = batch[batch.length - 1]?.row ?? lastRow;
        yield batch;
      }
      options.onSheetView?.(sheet.view);
    }
    bytesRead = totalBytes;
    progress(true);
  } catch (cause) {
    throw spreadsheetReadError(path, cause, "Excel", DAMAGED, NOT_A_WORKBOOK);
  }
}

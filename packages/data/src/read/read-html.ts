/**
 * A table of a web page: what many hotline platforms give when asked to "导出 Excel" — an HTML page of one
 * `<table>`, named .xls (sometimes .xlsx), which Excel and WPS open as a sheet. It is read as Excel shows it: each
 * `<tr>` a row, each `<td>`/`<th>` a cell of text (as a CSV's cells are text), a cell spanning columns (`colspan`)
 * in its first column with the others empty, a cell spanning rows (`rowspan`) in each of its rows (as a merged
 * cell down rows reads in an .xlsx). Text outside the cells (titles, scripts, styles, comments) is not read.
 *
 * The page is streamed (xml-scan.ts finds its tags; HTML's unclosed `<td>` and `<tr>` are closed by the next),
 * decoded as its `<meta charset>` says, else as the CSV reader detects (UTF-8 or GB18030). Of a page with several
 * tables, the first that fits what is read (`ReadTableOptions.sheetFit`) is read, as a sheet of a workbook is chosen;
 * rows are numbered across the page, as Excel shows the tables one under another.
 */

import { createReadStream } from "node:fs";
import { IMPORT_LIMITS } from "../limits.ts";
import { fileSize, isBlank, type RawRow, READ_COLUMNS, type ReadTableOptions, TableReadError } from "./table-common.ts";
import { AutoTextDecoder, type TextEncodingName, UnreadableTextError } from "./text-encoding.ts";
import { attributeOf, type XmlHandler, XmlScanner, XmlTooLargeError } from "./xml-scan.ts";

const CHUNK_BYTES = 1 << 16;
const BATCH_ROWS = 5000;
/**
 * Columns a `colspan` may span (a title over a table's columns spans tens; more would only make a few bytes of page
 * into wide rows of nothing), and rows a `rowspan` (a sheet's rows).
 */
const MAX_COLSPAN = 256;
const MAX_ROWSPAN = 1_048_576;
/** The rows of a page read, as of a sheet (Excel's and WPS's last row). */
const MAX_ROWS = 1_048_576;
/**
 * The most cells a page's spans may fill (the columns a `colspan` adds, the rows a `rowspan` reaches into), as an .ods
 * may repeat a row: a few bytes of `<td colspan="256" rowspan="1048576">` above a million empty `<tr>` were a billion
 * cells to read and check.
 */
const MAX_SPANNED_CELLS = 10_000_000;

/** Named character references a platform's export writes (HTML has hundreds; these are the ones seen in tables). */
const NAMED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  middot: "·",
  times: "×",
  yen: "¥",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  ldquo: "“",
  rdquo: "”",
  lsquo: "‘",
  rsquo: "’",
};
const REFERENCE_RE = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g;
/** A line break written as `<br>` (kept through the folding of white space, which folds the page's own line ends). */
const BREAK = "\ue000";

/** A cell's text: character references decoded, runs of white space one space (as a browser shows it), `<br>` a line break, trimmed. */
function cellText(raw: string): string {
  const decoded =
    raw.indexOf("&") < 0
      ? raw
      : raw.replace(REFERENCE_RE, (whole, name: string) => {
          if (name.charCodeAt(0) !== 35) return NAMED[name.toLowerCase()] ?? whole;
          const hex = name.charCodeAt(1) === 120 || name.charCodeAt(1) === 88;
          const code = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
          return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
        });
  return decoded
    .replace(/[ \t\r\n\f\u00a0]+/g, " ")
    .replace(/ ?\ue000 ?/g, "\n")
    .trim();
}

/** The encoding a page declares in its first bytes (`<meta charset="gbk">`, `content="text/html; charset=gb2312"`). */
function declaredCharset(head: Buffer): TextEncodingName | undefined {
  const m = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w-]+)/i.exec(head.toString("latin1"));
  const name = m?.[1]?.toLowerCase();
  if (!name) return undefined;
  if (name === "utf-8" || name === "utf8") return "utf-8";
  if (name === "gbk" || name === "gb2312" || name === "gb18030" || name === "cp936" || name === "x-gbk") return "gb18030";
  return undefined;
}

/**
 * Elements a page may begin with: its own (`<html>`, `<head>`, `<meta>`…), the table, or what a hand-written JSP or
 * ASP export puts before the table — a style sheet for Excel (`<style>td{mso-number-format:"\@"}</style>`), a
 * script, a title in a `<div>` or heading.
 */
const FIRST_ELEMENTS = new Set([
  "html",
  "head",
  "body",
  "table",
  "meta",
  "title",
  "style",
  "script",
  "link",
  "base",
  "div",
  "span",
  "p",
  "center",
  "font",
  "b",
  "strong",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "br",
  "hr",
  "form",
]);

/** Elements read whole by HEAD_TOKEN (their content and end with them), or without content: they leave none open. */
const WHOLE_OR_VOID = new Set(["style", "script", "title", "meta", "link", "base", "br", "hr"]);

/**
 * The start of a page, a piece at a time: white space, a comment, a doctype, an XML declaration, an element whose
 * content is not the page's text (to its end, or to the end of the bytes looked at), a tag (1: `/`, 2: name), or text.
 */
const HEAD_TOKEN =
  /\s+|<!--[\s\S]*?-->|<!doctype\b[^>]*>|<\?xml\b[^>]*\?>|<(?:style|script|title)\b[^>]*>(?:[\s\S]*?<\/(?:style|script|title)\s*>|[\s\S]*$)|<(\/?)([a-z][\w:.-]*)\b[^>]*>|[^<]+/iy;

/**
 * Text between a page's tags that is rather a CSV's lines: a separator (a comma, a tab after a value), and values on
 * two lines. A CSV whose first cell begins with a tag (`<b>注意</b>,工单编号,…`) is not a page for that.
 */
const csvLike = (text: string) => /,|\S\t/.test(text) && /\S\s*\n\s*\S/.test(text);

/**
 * A file's first bytes as text: UTF-16 (ASP.NET's exports), told by its BOM or by the NUL byte beside the `<` a page
 * begins with; else byte by byte (tags are ASCII in UTF-8 and GBK alike), a UTF-8 BOM aside.
 */
function headText(head: Buffer): string {
  const [a, b] = head;
  const even = head.subarray(0, head.length & ~1);
  if ((a === 0xff && b === 0xfe) || (a === 0x3c && b === 0)) return even.toString("utf16le").replace(/^\ufeff/, "");
  if ((a === 0xfe && b === 0xff) || (a === 0 && b === 0x3c))
    return Buffer.from(even)
      .swap16()
      .toString("utf16le")
      .replace(/^\ufeff/, "");
  return head.toString("latin1").replace(/^\xef\xbb\xbf/, "");
}

/**
 * Whether a file's first bytes are a web page's, as Excel and WPS open one: after an XML declaration and doctype (XHTML:
 * then `<html>` first), a page's element or what an export writes before its table (`FIRST_ELEMENTS`), up to its
 * `<table>`, `<html>` or `<body>`, with no text between the tags that is rather a CSV's. A page that declares itself
 * (a doctype, a `<head>`) whose table is further than the bytes looked at is one too. Excel 2003's XML workbook (an
 * XML declaration and `<Workbook>`) is not: read-spreadsheetml.ts reads it.
 */
export function looksLikeHtml(head: Buffer): boolean {
  const text = headText(head);
  let xml = false;
  let declared = false;
  let elements = 0;
  // elements open around the text: a title's words (统计范围: 2018-10-26, 2018-11-25 on two lines in a <div>) are the
  // page's, however like a CSV's line; text outside any element after one closed (<b>工单编号</b>,承办单位) is not
  let open = 0;
  HEAD_TOKEN.lastIndex = 0;
  for (let m = HEAD_TOKEN.exec(text); m; m = HEAD_TOKEN.exec(text)) {
    const token = m[0];
    if (token.charCodeAt(0) !== 60 /* < */) {
      if (/\S/.test(token) && (elements === 0 || (open === 0 && csvLike(token)))) return false;
      continue;
    }
    if (token.startsWith("<!--")) continue;
    if (token.startsWith("<?")) {
      if (elements > 0 || xml || declared) return false;
      xml = true;
      continue;
    }
    if (/^<!doctype/i.test(token)) {
      if (!/^<!doctype\s+html\b/i.test(token)) return false;
      declared = true;
      continue;
    }
    const name = (m[2] ?? /^<(\w+)/.exec(token)?.[1] ?? "").toLowerCase();
    const closing = m[1] === "/";
    if (elements++ === 0 && (closing || !FIRST_ELEMENTS.has(name) || (xml && name !== "html"))) return false;
    if (closing) {
      open = Math.max(0, open - 1);
      continue;
    }
    // a style sheet, script or title is one piece with its end; a void or self-closed element opens nothing
    if (!WHOLE_OR_VOID.has(name) && !token.endsWith("/>")) open++;
    if (name === "table" || name === "html" || name === "body") return true;
    if (name === "head") declared = true;
  }
  return declared;
}

interface TableRow {
  table: number;
  /** the row's number on the page (its `<tr>`s counted across the tables) */
  row: number;
  cells: (string | null)[];
  beyond?: RawRow["beyond"];
}

/** The page is beyond what is read (`MAX_ROWS`, `MAX_SPANNED_CELLS`): said as it is. */
class PageTooLargeError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** Rows spanned into from above: by column, the value and the rows it still covers. */
type Spans = Map<number, { value: string | null; rows: number }>;

/** Turns the tags of a page into the rows of its top-level tables (a table inside a cell is that cell's text). */
class TableRows implements XmlHandler {
  /** rows completed since last taken */
  readonly rows: TableRow[] = [];
  private depth = 0;
  private table = -1;
  private skipping: string | null = null;
  private row: (string | null)[] | null = null;
  private cell: { text: string; colspan: number; rowspan: number } | null = null;
  private spans: Spans = new Map();
  /** rows of the page so far */
  private count = 0;
  /** cells of the current row past `READ_COLUMNS`, not kept (a row of 540,000 cells of colspan 256 stopped the server) */
  private dropped = 0;
  /** the current row's first value past `READ_COLUMNS` */
  private beyond: RawRow["beyond"];
  /** cells the page's spans have filled so far (`MAX_SPANNED_CELLS`) */
  private spanned = 0;
  /** set once the scanner feeding this is made: told when a cell's text is wanted */
  scanner: XmlScanner | undefined;

  open(tag: string, body: string, selfClosing: boolean): void {
    const name = tag.toLowerCase();
    if (this.skipping) return;
    if ((name === "script" || name === "style" || name === "title") && !selfClosing) {
      this.skipping = name;
      this.capture(false);
      return;
    }
    if (name === "table") {
      if (this.depth++ === 0) {
        this.table++;
        this.spans = new Map();
      }
      return;
    }
    if (this.depth !== 1) {
      if (this.cell && (name === "br" || name === "tr" || name === "p" || name === "div")) this.addText(BREAK);
      else if (this.cell && (name === "td" || name === "th")) this.addText(" ");
      return;
    }
    if (name === "tr") {
      this.endRow();
      this.row = [];
    } else if (name === "td" || name === "th") {
      this.endCell();
      if (!this.row) this.row = [];
      const span = (attr: string, max: number) => {
        const n = Number.parseInt(attributeOf(body, attr) ?? attributeOf(body, attr.toUpperCase()) ?? "1", 10);
        return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
      };
      this.cell = { text: "", colspan: span("colspan", MAX_COLSPAN), rowspan: span("rowspan", MAX_ROWSPAN) };
      this.capture(!selfClosing);
      if (selfClosing) this.endCell();
    } else if (this.cell && (name === "br" || name === "p" || name === "div")) this.addText(BREAK);
  }

  close(tag: string): void {
    const name = tag.toLowerCase();
    if (this.skipping) {
      if (name === this.skipping) {
        this.skipping = null;
        this.capture(this.cell !== null);
      }
      return;
    }
    if (name === "table") {
      if (this.depth === 1) this.endRow();
      if (this.depth > 0) this.depth--;
      return;
    }
    if (this.depth !== 1) return;
    if (name === "td" || name === "th") this.endCell();
    else if (name === "tr") this.endRow();
  }

  text(raw: string): void {
    if (this.cell && !this.skipping) this.addText(raw);
  }

  /** The page is read: a row left open (a page cut short) is a row. */
  end(): void {
    this.endRow();
  }

  private capture(on: boolean): void {
    if (this.scanner) this.scanner.capturing = on;
  }

  private addText(raw: string): void {
    const cell = this.cell as { text: string };
    // kept up to a little past the longest text a cell may hold (the check reports it as too long), entities and
    // white space still in it
    if (cell.text.length <= (IMPORT_LIMITS.textChars + 1) * 10) cell.text += raw;
  }

  /** Columns of the current row filled from above, from `column` on. */
  private fillSpanned(row: (string | null)[]): void {
    for (let span = this.spans.get(row.length); span; span = this.spans.get(row.length)) {
      this.countSpanned(1);
      row.push(span.value);
      if (--span.rows === 0) this.spans.delete(row.length - 1);
    }
  }

  private countSpanned(cells: number): void {
    this.spanned += cells;
    if (this.spanned <= MAX_SPANNED_CELLS) return;
    throw new PageTooLargeError(
      `网页表格中合并的单元格（colspan、rowspan）展开后超过 ${MAX_SPANNED_CELLS.toLocaleString("en-US")} 个（到第 ${this.count + 1} 行为止）：文件可能已损坏，或不是平台导出的表格。请在 Excel 或 WPS 中打开，取消合并单元格后另存为 .xlsx 再导入`,
      `the spans of the web page's table fill more than ${MAX_SPANNED_CELLS} cells (by row ${this.count + 1})`,
    );
  }

  private endCell(): void {
    const cell = this.cell;
    if (!cell || !this.row) return;
    this.cell = null;
    this.capture(false);
    const row = this.row;
    this.fillSpanned(row);
    const text = cellText(cell.text);
    const value = text.length > IMPORT_LIMITS.textChars + 1 ? text.slice(0, IMPORT_LIMITS.textChars + 1) : text;
    if (row.length >= READ_COLUMNS) {
      // past the columns read, as in a sheet: not kept, its first value refused at its column
      if (this.beyond === undefined && value !== "") this.beyond = { column: READ_COLUMNS + this.dropped, value };
      this.dropped += cell.colspan;
      return;
    }
    const kept = Math.min(cell.colspan, READ_COLUMNS - row.length);
    this.dropped += cell.colspan - kept;
    this.countSpanned(kept - 1);
    for (let i = 0; i < kept; i++) {
      const v = i === 0 ? value : null;
      if (cell.rowspan > 1) this.spans.set(row.length, { value: v, rows: cell.rowspan - 1 });
      row.push(v);
    }
  }

  private endRow(): void {
    this.endCell();
    const row = this.row;
    if (!row) return;
    this.row = null;
    if (this.count >= MAX_ROWS) {
      throw new PageTooLargeError(
        `网页表格超过最大行数 ${MAX_ROWS.toLocaleString("en-US")}（Excel 和 WPS 的最大行数）：文件已损坏，或请把数据分成几个文件再导入`,
        `the web page has more than ${MAX_ROWS} rows`,
      );
    }
    // columns spanned into this row after its last cell
    const last = Math.max(-1, ...this.spans.keys());
    while (row.length <= last) {
      if (this.spans.has(row.length)) this.fillSpanned(row);
      else row.push(null);
    }
    const beyond = this.beyond;
    this.beyond = undefined;
    this.dropped = 0;
    this.rows.push(beyond ? { table: this.table, row: ++this.count, cells: row, beyond } : { table: this.table, row: ++this.count, cells: row });
  }
}

function readError(path: string, cause: unknown): TableReadError {
  if (cause instanceof TableReadError) return cause;
  if (cause instanceof PageTooLargeError) return new TableReadError(path, cause.zh, cause.en, { cause });
  if (cause instanceof UnreadableTextError) return new TableReadError(path, cause.reason.zh, cause.reason.en, { cause });
  if (cause instanceof XmlTooLargeError) {
    return new TableReadError(path, "网页文件中有一个标签过长，文件可能已损坏", "a tag of the web page is too long: the file may be damaged", { cause });
  }
  return new TableReadError(path, "读取网页文件出错", "error reading the web page", { cause });
}

/** Each top-level table's rows as the page is read: the table's index, the row's number on the page, its cells. */
async function* pageRows(path: string, options: ReadTableOptions, onBytes: (bytes: number, encoding?: string) => void): AsyncIterable<TableRow[]> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let decoder: AutoTextDecoder | undefined;
  const rows = new TableRows();
  const scanner = new XmlScanner(rows);
  rows.scanner = scanner;
  const take = () => rows.rows.splice(0);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      decoder ??= new AutoTextDecoder(options.encoding ?? declaredCharset(chunk.subarray(0, 4096)));
      scanner.feed(decoder.write(chunk));
      onBytes(chunk.length, decoder.detected?.encoding);
      const batch = take();
      if (batch.length > 0) yield batch;
    }
    if (decoder) scanner.feed(decoder.end());
    rows.end();
  } catch (cause) {
    throw readError(path, cause);
  } finally {
    stream.destroy();
  }
  const batch = take();
  if (batch.length > 0) yield batch;
}

type Verdict = "read" | "skip" | "wait";

/**
 * Which tables are read, as their rows come: the first with a row; with `sheetFit`, the first that fits at once
 * (every one, with `all`), judged by its first `rows` non-blank rows, the best of the others kept in case none does.
 */
class TableChoice {
  private readonly leading = new Map<number, RawRow[]>();
  private readonly verdicts = new Map<number, "read" | "skip">();
  private chosen = 0;
  best: { table: number; score: number } | undefined;

  constructor(
    private readonly fit: ReadTableOptions["sheetFit"],
    /** the second pass: only this table is read */
    private readonly only?: number,
  ) {}

  get anyChosen(): boolean {
    return this.chosen > 0;
  }

  /** A non-blank row of `table`: the rows to read now (those of a table just decided on, its leading rows with it). */
  row(table: number, row: RawRow): RawRow[] {
    const verdict = this.verdicts.get(table);
    if (verdict === "read") return [row];
    if (verdict === "skip") return [];
    const rows = this.leading.get(table) ?? [];
    rows.push(row);
    this.leading.set(table, rows);
    return this.settle(table, false);
  }

  /** `table` ended: the rows to read now, if it is decided on only now (a table shorter than the rows judged). */
  ended(table: number): RawRow[] {
    return this.verdicts.has(table) ? [] : this.settle(table, true);
  }

  private settle(table: number, ended: boolean): RawRow[] {
    const verdict = this.judge(table, this.leading.get(table) ?? [], ended);
    if (verdict === "wait") return [];
    this.verdicts.set(table, verdict);
    const rows = this.leading.get(table) ?? [];
    this.leading.delete(table);
    if (verdict === "skip") return [];
    this.chosen++;
    return rows;
  }

  private judge(table: number, rows: RawRow[], ended: boolean): Verdict {
    if (this.only !== undefined) return table === this.only ? "read" : "skip";
    const fit = this.fit;
    if (!fit) return rows.length > 0 ? (this.chosen === 0 ? "read" : "skip") : ended ? "skip" : "wait";
    if (rows.length < fit.rows && !ended) return "wait";
    if (rows.length === 0) return "skip";
    const score = fit.score(rows.slice(0, fit.rows));
    if (score === Number.POSITIVE_INFINITY && (fit.all || this.chosen === 0)) return "read";
    if (!this.best || score > this.best.score) this.best = { table, score };
    return "skip";
  }
}

/**
 * The non-blank rows of the table read (`TableChoice`), in batches; of several tables that fit (`sheetFit.all`),
 * one after another.
 */
export async function* readHtmlBatches(path: string, options: ReadTableOptions, only?: number): AsyncIterable<RawRow[]> {
  const totalBytes = await fileSize(path);
  if (only === undefined) options.onFormat?.("html");
  let bytesRead = 0;
  let lastRow = 0;
  let encoding: string | undefined;
  const progress = (done: boolean) => options.onProgress?.({ rows: lastRow, bytesRead, totalBytes, encoding, done });
  const onBytes = (n: number, detected?: string) => {
    bytesRead += n;
    encoding = detected ?? encoding;
  };
  const choice = new TableChoice(options.sheetFit, only);
  const wanted = options.leadingRows;
  let out: RawRow[] = [];
  let yielded = 0;
  let open: number | undefined;
  let tables = 0;
  const add = (rows: RawRow[]) => {
    for (const row of rows) out.push(row);
  };

  for await (const batch of pageRows(path, options, onBytes)) {
    for (const { table, row, cells, beyond } of batch) {
      lastRow = row;
      if (open !== table) {
        if (open !== undefined) add(choice.ended(open));
        open = table;
        tables++;
      }
      if (!isBlank(cells) || beyond) add(choice.row(table, beyond ? { row, cells, beyond } : { row, cells }));
    }
    if (wanted !== undefined && yielded + out.length >= wanted) {
      progress(true);
      yield out.slice(0, wanted - yielded);
      return;
    }
    progress(false);
    if (out.length >= BATCH_ROWS) {
      yielded += out.length;
      yield out;
      out = [];
    }
  }
  if (open !== undefined) add(choice.ended(open));
  if (tables === 0) {
    throw new TableReadError(
      path,
      "网页文件中没有表格（<table>），读不到数据：请在 Excel 或 WPS 中打开，确认内容后“另存为”.xlsx 再导入",
      "the web page holds no table",
    );
  }
  if (!choice.anyChosen && choice.best && only === undefined) {
    // no table fits at once: the one that fits best, read again from the start
    yield* readHtmlBatches(path, options, choice.best.table);
    return;
  }
  progress(true);
  if (out.length > 0) yield out;
}

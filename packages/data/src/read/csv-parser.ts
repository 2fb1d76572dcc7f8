/**
 * A streaming RFC 4180 CSV parser: quoted fields, doubled quotes, commas and
 * line breaks inside quotes, CRLF / LF / CR line ends. Text is pushed in
 * chunks of any size; a field or row may span chunks.
 *
 * The separator is the comma, unless the first lines say otherwise (`sniffSeparator`): Excel set to a European
 * locale writes semicolons, its "Unicode 文本" and a copy from a sheet pasted into a text file tabs.
 *
 * It is lenient where exports in the field are sloppy: a quote inside an
 * unquoted field is kept as text, and text after a closing quote is appended
 * to the field. An unterminated quote is reported by `finish()`.
 *
 * A row keeps at most `READ_COLUMNS` cells (the first value past them is told, `beyondOf`), and a field at most
 * `IMPORT_LIMITS.textChars + 1` characters (the check refuses it as too long), as the spreadsheet readers do: a line of
 * 147 million commas grew one array until V8 stopped the whole server (found by a security review).
 */

import { IMPORT_LIMITS } from "../limits.ts";
import { READ_COLUMNS } from "./table-common.ts";

const QUOTE = 34;
const LF = 10;
const CR = 13;

// parser states (plain numbers: the hot loop switches on them)
/** at the start of a field */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** saw a quote inside a quoted field: a doubled quote or the closing one */
const QUOTE_IN_QUOTED = 3;
/** just ended a row on CR: a following LF belongs to it */
const AFTER_CR = 4;
type State = typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_IN_QUOTED | typeof AFTER_CR;

export interface CsvFinish {
  /** the last row emitted began a quoted field that never closed, so it swallowed the rest of the file */
  unterminatedQuote: boolean;
}

/** The separators a file may use, the comma first (it wins a tie). */
const SEPARATORS = [",", "\t", ";"] as const;
type Separator = (typeof SEPARATORS)[number];
/** Lines, and characters, of a file's start looked at to tell its separator. */
const SNIFF_LINES = 20;
const SNIFF_CHARS = 1 << 16;

/**
 * The separator of text that starts so: of the comma, the tab and the semicolon (outside quotes), the one most lines
 * have the same number of (one or more) of, the header and the records having as many; on a tie the one with more
 * per line (a semicolon file's decimal commas, 1,5, are fewer than its columns), then the comma. A title row above the
 * header has none, or as many as the rest (Excel pads it). The last line is left out unless `complete` (it may be cut).
 */
function sniffSeparator(text: string, complete: boolean): Separator {
  const perLine: Record<Separator, number>[] = [];
  let counts = { ",": 0, "\t": 0, ";": 0 };
  let quoted = false;
  const end = Math.min(text.length, SNIFF_CHARS);
  for (let i = 0; i < end && perLine.length < SNIFF_LINES; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      perLine.push(counts);
      counts = { ",": 0, "\t": 0, ";": 0 };
    } else if (c === "," || c === "\t" || c === ";") counts[c]++;
  }
  if (complete && end === text.length && !quoted) perLine.push(counts);
  let best: Separator = ",";
  let bestLines = 0;
  let bestCount = 0;
  for (const separator of SEPARATORS) {
    // how many lines have each count (of one or more), and the commonest
    const lines = new Map<number, number>();
    for (const line of perLine) if (line[separator] > 0) lines.set(line[separator], (lines.get(line[separator]) ?? 0) + 1);
    for (const [count, n] of lines) {
      if (n > bestLines || (n === bestLines && count > bestCount)) {
        best = separator;
        bestLines = n;
        bestCount = count;
      }
    }
  }
  return best;
}

/** The first value of a row past the columns read (`READ_COLUMNS`), 0-based, as `RawRow.beyond`. */
export interface CsvBeyond {
  column: number;
  value: string;
}

/** Characters of a field kept: one past the most a cell may hold, so that the check refuses it as too long. */
const FIELD_CHARS = IMPORT_LIMITS.textChars + 1;

export class CsvRowParser {
  private state: State = FIELD_START;
  private field = "";
  private fields: string[] = [];
  /** fields of the current row past `READ_COLUMNS`, not kept */
  private dropped = 0;
  private beyond: CsvBeyond | undefined;
  /** rows emitted that had a value past `READ_COLUMNS`: the first such value */
  private readonly beyondRows = new WeakMap<string[], CsvBeyond>();
  /** the text pushed while the separator is not yet told (`undefined` once it is) */
  private head: string | undefined;
  private separator: Separator;

  /** `separator`: the one the file uses; told from its first lines when not given. */
  constructor(separator?: Separator) {
    this.separator = separator ?? ",";
    this.head = separator === undefined ? "" : undefined;
  }

  /** Parse `text`, appending every completed row to `out`. */
  push(text: string, out: string[][]): void {
    if (this.head !== undefined) {
      this.head += text;
      if (this.head.length < SNIFF_CHARS && countLines(this.head) < SNIFF_LINES) return;
      text = this.endSniffing(false);
    }
    this.parse(text, out);
  }

  /** The first value of `row` (one this parser emitted) past the columns kept, if it had one. */
  beyondOf(row: string[]): CsvBeyond | undefined {
    return this.beyondRows.get(row);
  }

  /** A field of the current row ends: kept, or past the columns read, told if it is the row's first value there. */
  private addField(fields: string[], field: string): void {
    if (fields.length < READ_COLUMNS) fields.push(field);
    else {
      if (this.beyond === undefined && field.trim() !== "") this.beyond = { column: READ_COLUMNS + this.dropped, value: field };
      this.dropped++;
    }
  }

  /** The current row ends. */
  private endRow(fields: string[], out: string[][]): void {
    if (this.beyond) this.beyondRows.set(fields, this.beyond);
    this.beyond = undefined;
    this.dropped = 0;
    out.push(fields);
  }

  /** A whole line split at once (the fast path): cut to the columns and field lengths kept. */
  private endLine(line: string, separator: string, out: string[][]): void {
    const cells = line.split(separator);
    if (line.length > FIELD_CHARS) for (let i = 0; i < cells.length; i++) cells[i] = (cells[i] as string).slice(0, FIELD_CHARS);
    if (cells.length > READ_COLUMNS) {
      for (let i = READ_COLUMNS; i < cells.length; i++) this.addField(cells, cells[i] as string);
      cells.length = READ_COLUMNS;
    }
    this.endRow(cells, out);
  }

  private endSniffing(complete: boolean): string {
    const head = this.head ?? "";
    this.separator = sniffSeparator(head, complete);
    this.head = undefined;
    return head;
  }

  private parse(text: string, out: string[][]): void {
    const separator = this.separator;
    const SEPARATOR = separator.charCodeAt(0);
    const n = text.length;
    let i = 0;
    let state = this.state;
    let field = this.field;
    let fields = this.fields;
    // where the next LF, quote and CR are (-1: none in the rest of `text`), for the fast path below: each searched
    // for again only once passed, so that the searches stay linear in the text (a file of CR line ends has no LF)
    let nextLF = -2;
    let nextQuote = -2;
    let nextCR = -2;
    while (i < n) {
      if (state === FIELD_START && fields.length === 0 && field === "" && nextLF !== -1) {
        // a whole line with no quote and no CR but a CRLF's: split at the commas at once (most rows of most files)
        if (nextLF < i) nextLF = text.indexOf("\n", i);
        const lf = nextLF;
        if (lf >= 0) {
          if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
          if (nextCR !== -1 && nextCR < i) nextCR = text.indexOf("\r", i);
          if ((nextQuote === -1 || nextQuote > lf) && (nextCR === -1 || nextCR >= lf - 1)) {
            this.endLine(text.slice(i, nextCR >= 0 && nextCR === lf - 1 ? lf - 1 : lf), separator, out);
            i = lf + 1;
            continue;
          }
        }
      }
      switch (state) {
        case AFTER_CR:
          if (text.charCodeAt(i) === LF) i++;
          state = FIELD_START;
          break;
        case FIELD_START:
          if (text.charCodeAt(i) === QUOTE) {
            state = QUOTED;
            i++;
          } else {
            state = UNQUOTED;
          }
          break;
        case UNQUOTED: {
          let j = i;
          let c = 0;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === SEPARATOR || c === LF || c === CR) break;
            j++;
          }
          if (field.length < FIELD_CHARS) field += text.slice(i, Math.min(j, i + FIELD_CHARS - field.length));
          if (j === n) {
            i = n;
            break;
          }
          this.addField(fields, field);
          field = "";
          if (c === SEPARATOR) {
            state = FIELD_START;
          } else {
            this.endRow(fields, out);
            fields = [];
            state = c === CR ? AFTER_CR : FIELD_START;
          }
          i = j + 1;
          break;
        }
        case QUOTED: {
          const j = text.indexOf('"', i);
          const end = j === -1 ? n : j;
          if (field.length < FIELD_CHARS) field += text.slice(i, Math.min(end, i + FIELD_CHARS - field.length));
          if (j === -1) {
            i = n;
          } else {
            i = j + 1;
            state = QUOTE_IN_QUOTED;
          }
          break;
        }
        case QUOTE_IN_QUOTED: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (field.length < FIELD_CHARS) field += '"';
            state = QUOTED;
            i++;
          } else if (c === SEPARATOR) {
            this.addField(fields, field);
            field = "";
            state = FIELD_START;
            i++;
          } else if (c === LF || c === CR) {
            this.addField(fields, field);
            field = "";
            this.endRow(fields, out);
            fields = [];
            state = c === CR ? AFTER_CR : FIELD_START;
            i++;
          } else {
            state = UNQUOTED;
          }
          break;
        }
      }
    }
    this.state = state;
    this.field = field;
    this.fields = fields;
  }

  /** End of input: emit the last row if the text did not end with a line break. */
  finish(out: string[][]): CsvFinish {
    if (this.head !== undefined) this.parse(this.endSniffing(true), out);
    const state = this.state;
    const unterminatedQuote = state === QUOTED;
    const rowOpen = state !== AFTER_CR && !(state === FIELD_START && this.fields.length === 0);
    if (rowOpen) {
      this.addField(this.fields, this.field);
      this.endRow(this.fields, out);
    }
    this.state = FIELD_START;
    this.field = "";
    this.fields = [];
    return { unterminatedQuote };
  }
}

/** Line ends in `text` (CRLF counted once), up to `SNIFF_LINES`. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && n < SNIFF_LINES; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** Parse a whole CSV text at once (for tests and small inputs). */
export function parseCsv(text: string): string[][] {
  const parser = new CsvRowParser();
  const rows: string[][] = [];
  parser.push(text, rows);
  parser.finish(rows);
  return rows;
}

/**
 * A value from a user's file or entry as a cell of a CSV a spreadsheet opens: one that a spreadsheet could take as a
 * formula — starting with = + - @ or their full-width forms ＝ ＋ － ＠ (Excel and WPS in Chinese take ＝SUM(…) typed
 * with the input method for =SUM(…)), after any spaces (a full-width 　 and a no-break space too: some programs and
 * import settings trim them), or with a tab, CR or LF — is kept as text by a leading apostrophe; plain numbers such as
 * -1 stay as they are.
 */
export function csvSafe(text: string): string {
  return /^(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

/** One CSV field, quoted when it must be. */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line, with CRLF as RFC 4180 (and Excel) expect. */
export function csvLine(values: readonly string[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ",";
    line += csvField(values[i] ?? "");
  }
  return `${line}\r\n`;
}

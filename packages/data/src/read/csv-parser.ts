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
 */

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

export class CsvRowParser {
  private state: State = FIELD_START;
  private field = "";
  private fields: string[] = [];
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
            out.push(text.slice(i, nextCR >= 0 && nextCR === lf - 1 ? lf - 1 : lf).split(separator));
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
          field = field === "" ? text.slice(i, j) : field + text.slice(i, j);
          if (j === n) {
            i = n;
            break;
          }
          fields.push(field);
          field = "";
          if (c === SEPARATOR) {
            state = FIELD_START;
          } else {
            out.push(fields);
            fields = [];
            state = c === CR ? AFTER_CR : FIELD_START;
          }
          i = j + 1;
          break;
        }
        case QUOTED: {
          const j = text.indexOf('"', i);
          if (j === -1) {
            field += text.slice(i);
            i = n;
          } else {
            field += text.slice(i, j);
            i = j + 1;
            state = QUOTE_IN_QUOTED;
          }
          break;
        }
        case QUOTE_IN_QUOTED: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            field += '"';
            state = QUOTED;
            i++;
          } else if (c === SEPARATOR) {
            fields.push(field);
            field = "";
            state = FIELD_START;
            i++;
          } else if (c === LF || c === CR) {
            fields.push(field);
            field = "";
            out.push(fields);
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
      this.fields.push(this.field);
      out.push(this.fields);
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

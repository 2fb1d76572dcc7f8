/**
 * A streaming RFC 4180 CSV parser: quoted fields, doubled quotes, commas and
 * line breaks inside quotes, CRLF / LF / CR line ends. Text is pushed in
 * chunks of any size; a field or row may span chunks.
 *
 * It is lenient where exports in the field are sloppy: a quote inside an
 * unquoted field is kept as text, and text after a closing quote is appended
 * to the field. An unterminated quote is reported by `finish()`.
 */

const QUOTE = 34;
const COMMA = 44;
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

export class CsvRowParser {
  private state: State = FIELD_START;
  private field = "";
  private fields: string[] = [];

  /** Parse `text`, appending every completed row to `out`. */
  push(text: string, out: string[][]): void {
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
            out.push(text.slice(i, nextCR >= 0 && nextCR === lf - 1 ? lf - 1 : lf).split(","));
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
            if (c === COMMA || c === LF || c === CR) break;
            j++;
          }
          field = field === "" ? text.slice(i, j) : field + text.slice(i, j);
          if (j === n) {
            i = n;
            break;
          }
          fields.push(field);
          field = "";
          if (c === COMMA) {
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
          } else if (c === COMMA) {
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

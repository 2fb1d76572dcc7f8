/**
 * A copy's header: the name, the version and the first month in force are
 * asked for (a copy that kept them would claim every month since its source's
 * start), and its document number (a new year's regulation has its own 文号);
 * written into the header whatever its keywords' language.
 */
import { keywordLanguageOf, parse, quote } from "@kaohe/rules-dsl";

const STRING = /"(?:[^"\\\n]|\\.)*"/y;
const VERSION = /("(?:[^"\\\n]|\\.)*"|\d+(?:\.\d+)?)/y;
const MONTH = /\b\d{4}-\d{2}\b/g;

export interface HeaderFields {
  name: string;
  version: string;
  /** "2019-01" */
  from: string;
  /** the document number (文号): "" for none; absent, the source's is kept */
  document?: string;
}

/**
 * The text with its header's name, version and first month in force replaced. A `until` month before the new first
 * month is dropped (the copy would be in force for no month); the text unchanged when it has no header.
 */
export function withHeader(text: string, fields: HeaderFields): string {
  const { ast } = parse(text, { syntaxOnly: true });
  if (!ast.header) return text;
  const start = ast.header.range.start.offset;
  const end = ast.header.range.end.offset;
  let header = text.slice(start, end);
  // rubric "name" version "v": the first string is the name; after it a keyword, then the version
  const nameAt = header.indexOf('"');
  if (nameAt < 0) return text;
  STRING.lastIndex = nameAt;
  const name = STRING.exec(header);
  if (!name) return text;
  header = header.slice(0, nameAt) + quote(fields.name) + header.slice(nameAt + name[0].length);
  const afterName = nameAt + quote(fields.name).length;
  const keyword = /\s+\S+\s+/y;
  keyword.lastIndex = afterName;
  const kw = keyword.exec(header);
  let afterVersion = afterName;
  if (kw) {
    VERSION.lastIndex = afterName + kw[0].length;
    const v = VERSION.exec(header);
    if (v) {
      header = header.slice(0, v.index) + quote(fields.version) + header.slice(v.index + v[0].length);
      afterVersion = v.index + quote(fields.version).length;
    }
  }
  if (fields.document !== undefined) [header, afterVersion] = withDocument(header, afterVersion, ast.header.document !== null, fields.document.trim(), text);
  // the months after the version (a version may itself read "2018-01"): the first is `from`, a second `until`
  const months = [...header.matchAll(MONTH)].filter((m) => (m.index ?? 0) >= afterVersion);
  const [from, until] = months;
  if (!from || from.index === undefined) return text;
  if (until && until.index !== undefined && until[0] < fields.from) {
    // drop "until YYYY-MM": from the end of `from` to the end of `until`
    header = header.slice(0, from.index) + fields.from + header.slice(until.index + until[0].length);
  } else {
    header = header.slice(0, from.index) + fields.from + header.slice(from.index + from[0].length);
  }
  return text.slice(0, start) + header + text.slice(end);
}

/**
 * The header with its document number (`document "…"` / `文号 "…"`) replaced, written in (in the keywords' language of
 * the file, after the version or the `example` mark that may follow it) or, `document` empty, left out; and where the
 * part after it starts. (An `example` between the version and the number had the number written before it, which does
 * not parse, or the old one kept: a review.)
 */
function withDocument(header: string, afterVersion: number, has: boolean, document: string, text: string): [string, number] {
  const rest = header.slice(afterVersion);
  if (has) {
    const clause = DOCUMENT.exec(rest);
    if (!clause) return [header, afterVersion];
    const [start, end] = [afterVersion + clause.index, afterVersion + clause.index + clause[0].length];
    if (document === "") return [header.slice(0, start) + header.slice(end), start];
    const written = `${clause[1]}${clause[2]}${clause[3]}${quote(document)}`;
    return [header.slice(0, start) + written + header.slice(end), start + written.length];
  }
  if (document === "") return [header, afterVersion];
  const mark = EXAMPLE.exec(rest);
  const at = afterVersion + (mark ? mark[0].length : 0);
  const inserted = ` ${keywordLanguageOf(text) === "zh" ? "文号" : "document"} ${quote(document)}`;
  return [header.slice(0, at) + inserted + header.slice(at), at + inserted.length];
}

/** `document "…"` / `文号 "…"`: the space before it, the keyword, the space after it, the number. */
const DOCUMENT = /(\s+)(document|文号)(\s+)"(?:[^"\\\n]|\\.)*"/;
/** The `example` mark (示例) right after the version. */
const EXAMPLE = /^\s+(?:example|示例)(?![\p{L}\p{N}_])/u;

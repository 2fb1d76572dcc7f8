/**
 * A copy's header: the name, the version and the first month in force are
 * asked for (a copy that kept them would claim every month since its source's
 * start); written into the header whatever its keywords' language.
 */
import { parse, quote } from "@kaohe/rules-dsl";

const STRING = /"(?:[^"\\\n]|\\.)*"/y;
const VERSION = /("(?:[^"\\\n]|\\.)*"|\d+(?:\.\d+)?)/y;
const MONTH = /\b\d{4}-\d{2}\b/g;

export interface HeaderFields {
  name: string;
  version: string;
  /** "2019-01" */
  from: string;
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

/**
 * A small streaming XML scanner for the parts of an XLSX: tags and, only
 * when the handler asks for it, the text between them. Text is handed over
 * raw (entities still encoded) and the handler bounds what it keeps, so a
 * cell of 400 MB passes through without ever being one string.
 */

export interface XmlHandler {
  /** `name` without its namespace prefix; `body` is the text between `<` and `>` (name and attributes) */
  open(name: string, body: string, selfClosing: boolean): void;
  close(name: string): void;
  /** raw text between tags, only while `scanner.capturing` */
  text(raw: string): void;
}

/** A tag longer than this (huge attribute values) means a damaged or hostile file. */
export const MAX_TAG_CHARS = 1 << 20;

export class XmlTooLargeError extends Error {}

export class XmlScanner {
  /** set by the handler: hand over text between tags */
  capturing = false;
  /** set by the handler: stop scanning */
  done = false;
  private carry = "";

  constructor(private readonly handler: XmlHandler) {}

  feed(chunk: string): void {
    const s = this.carry === "" ? chunk : this.carry + chunk;
    this.carry = "";
    const n = s.length;
    const h = this.handler;
    let i = 0;
    while (i < n && !this.done) {
      const lt = s.indexOf("<", i);
      if (lt < 0) {
        if (this.capturing) h.text(s.slice(i));
        return;
      }
      if (lt > i && this.capturing) h.text(s.slice(i, lt));
      const next = s.charCodeAt(lt + 1);
      if (next === 33 /* ! */ || next === 63 /* ? */) {
        const cdata = s.startsWith("<![CDATA[", lt);
        const endMark = cdata ? "]]>" : s.startsWith("<!--", lt) ? "-->" : ">";
        const end = s.indexOf(endMark, lt + 2);
        if (end < 0) {
          this.keep(s, lt);
          return;
        }
        if (cdata && this.capturing) h.text(escapeText(s.slice(lt + 9, end)));
        i = end + endMark.length;
        continue;
      }
      const gt = tagEnd(s, lt + 1);
      if (gt < 0) {
        this.keep(s, lt);
        return;
      }
      if (next === 47 /* / */) {
        h.close(localName(s, lt + 2, gt));
      } else {
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        const body = s.slice(lt + 1, selfClosing ? gt - 1 : gt);
        h.open(localName(body, 0, body.length), body, selfClosing);
        if (selfClosing) h.close(localName(body, 0, body.length));
      }
      i = gt + 1;
    }
  }

  private keep(s: string, from: number): void {
    if (s.length - from > MAX_TAG_CHARS) throw new XmlTooLargeError("tag too long");
    this.carry = s.slice(from);
  }
}

/** The `>` closing the tag from `from`, not one inside a quoted attribute value; -1 if not in `s` yet. */
export function tagEnd(s: string, from: number): number {
  const gt = s.indexOf(">", from);
  if (gt < 0) return -1;
  // fast path: no quote before it
  const q1 = s.indexOf('"', from);
  const q2 = s.indexOf("'", from);
  if ((q1 < 0 || q1 > gt) && (q2 < 0 || q2 > gt)) return gt;
  let quote = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

/** The tag name in `s` from `from`, up to a space, `/` or `to`, without a namespace prefix. */
function localName(s: string, from: number, to: number): string {
  let end = from;
  let colon = -1;
  while (end < to) {
    const c = s.charCodeAt(end);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
    if (c === 58) colon = end;
    end++;
  }
  return s.slice(colon >= 0 ? colon + 1 : from, end);
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

const ATTRIBUTE_RE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a tag body, names as written (with any prefix), values decoded. */
export function attributesOf(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTRIBUTE_RE.lastIndex = 0;
  for (let m = ATTRIBUTE_RE.exec(body); m; m = ATTRIBUTE_RE.exec(body)) {
    out[m[1] as string] = decodeEntities(m[2] ?? m[3] ?? "");
  }
  return out;
}

/** One attribute, by name without prefix (the first whose local name matches). */
export function attributeOf(body: string, name: string): string | undefined {
  const all = attributesOf(body);
  if (name in all) return all[name];
  for (const key in all) if (key.endsWith(`:${name}`)) return all[key];
  return undefined;
}

const ENTITY_RE = /&(#[xX][0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function decodeEntities(raw: string): string {
  if (raw.indexOf("&") < 0) return raw;
  return raw.replace(ENTITY_RE, (whole, name: string) => {
    if (name.charCodeAt(0) !== 35) return NAMED[name] ?? whole;
    const code = name.charCodeAt(1) === 120 || name.charCodeAt(1) === 88 ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** OOXML escapes characters XML cannot hold as `_xHHHH_` (`_x000D_` a carriage return; `_x005F_` a literal `_`). */
export function decodeOoxmlEscapes(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

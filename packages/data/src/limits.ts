/**
 * What one import may hold, in one place. Every refusal that a limit causes
 * names the limit, so the user knows what to change.
 *
 * - Ids and names that other records refer to (工单编号, 事件编号, 关联工单,
 *   单位编码, 单位名称, 承办单位/单位, 类别, 来源, 事件类型, 事项): at most
 *   `keyChars` characters, and no control characters, line breaks or
 *   zero-width characters (they make two ids look the same and differ).
 * - Any other cell (说明, extra columns…): at most `textChars` characters.
 * - No cell may hold a NUL character.
 * - XLSX: the shared strings (the workbook's table of texts) may hold at most
 *   `sharedStringsChars` characters and `sharedStrings` entries in all; a
 *   longer cell is read only up to `textChars + 1` characters, so a huge
 *   string in a small file is never held in memory whole. The small parts of
 *   the workbook that are read whole (workbook, relationships, styles) may be
 *   at most `xlsxPartBytes` bytes once unpacked.
 * - XLSX: a sheet (or the shared strings) of more than `xlsxSuspectBytes`
 *   unpacked, and more than `xlsxSuspectRatio` times its packed size, is
 *   refused before it is read (millions of empty rows); and no sheet goes past
 *   Excel's row 1,048,576.
 * - CSV and web pages (.xls that are HTML), as the spreadsheets: a row keeps
 *   at most `READ_COLUMNS` cells (table-common.ts) and a cell `textChars + 1`
 *   characters; a web page at most 1,048,576 rows.
 */
export const IMPORT_LIMITS = {
  keyChars: 100,
  // Excel's and WPS's own most a cell holds: a platform's whole 流转记录 in one cell ran past 10,000 and refused a whole
  // import (as past 2000 before). A cell is read at most this + 1 long (the readers' caps follow it): bounded still
  textChars: 32_767,
  sharedStringsChars: 100_000_000,
  sharedStrings: 10_000_000,
  xlsxPartBytes: 64 * 1024 * 1024,
  xlsxSuspectBytes: 256 * 1024 * 1024,
  xlsxSuspectRatio: 60,
  /** the most a count holds (退回重办次数, an event's 次数), and an event's 分值: a phone number pasted in is refused */
  count: 10_000,
} as const;

/**
 * The marks and overrides of the text's direction (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): invisible, and they
 * make a name show as another — 唐山镇 preceded by U+202E and written backwards shows as 唐山镇, a second row of that
 * name in a ranking (a security review).
 */
export const isBidiControl = (code: number): boolean =>
  code === 0x061c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);

/** Control characters (C0, DEL, C1), line and paragraph separators, zero-width characters, direction controls and the BOM. */
function isForbiddenKeyCharacter(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x200b && code <= 0x200d) ||
    isBidiControl(code) ||
    code === 0x2060 ||
    code === 0xfeff
  );
}

/**
 * Half a character: an unpaired UTF-16 surrogate (JSON's \uD800, a sheet's &#xD800;), which the database refuses.
 * `isWellFormed` (ES2024, Node 20) is the engine's own scan for one: every cell imported is asked, and a `u` regular
 * expression's \p{Cs} took 2–4× as long (~0.4 s of reading a million orders).
 */
export const hasLoneSurrogate = (text: string): boolean => !(text as string & { isWellFormed(): boolean }).isWellFormed();

/** The index of the first character `isForbiddenKeyCharacter` refuses, or -1. */
export function forbiddenKeyCharacterAt(text: string): number {
  for (let i = 0; i < text.length; i++) if (isForbiddenKeyCharacter(text.charCodeAt(i))) return i;
  return -1;
}

/** `U+200B` */
export function codePointLabel(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Longest value shown in a problem; the rest is summarised. */
const SHOWN_CHARS = 60;

/**
 * A cell's text as a problem shows it: invisible characters written out
 * (`[U+200B]`, `[U+0000]`; not tabs and line breaks) and a long value cut, with its
 * length. Ordinary values come back unchanged.
 */
export function displayValue(text: string): string {
  const shown = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…（共 ${text.length} 个字符）` : text;
  if (forbiddenKeyCharacterAt(shown) < 0) return shown;
  // tabs and line breaks are left to the problem list, which shows them its own way
  let out = "";
  for (const ch of shown) {
    const code = ch.charCodeAt(0);
    out += isForbiddenKeyCharacter(code) && code !== 9 && code !== 10 && code !== 13 ? `[${codePointLabel(ch)}]` : ch;
  }
  return out;
}

/**
 * The most record ids a unit's result keeps behind one measure (its evidence: the console's 查看工单, kaohe explain's
 * lists, a publication's snapshot). A list this long may have been cut: its length is not how many records there are,
 * and two such lists cannot be subtracted (a unit with 37,088 orders showed 查看工单（10000）, and 834 失分的 of 6,661).
 */
export const EVIDENCE_LIMIT = 10_000;

/** Whether a measure's evidence lists all its records (shorter than EVIDENCE_LIMIT; a list that long may have been cut). */
export const listsAllRecords = (m: { records: readonly string[] }): boolean => m.records.length < EVIDENCE_LIMIT;

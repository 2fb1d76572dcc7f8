/**
 * A file's kind by its name: how the name begins (units.csv, 工单2017年10月.xlsx, 节假日安排.csv). One rule for the
 * importer (@kaohe/db `kindOfFile`) and for the console's list of files chosen for upload, before a file is sent;
 * free of Node, so the console bundles it (`@kaohe/data/file-names`).
 */
import type { RecordKind } from "./schema.ts";

export type { RecordKind };

/** The beginnings of a file's name and the kind each says: the English keys first, then the Chinese names. */
export const FILE_NAME_PREFIXES: readonly (readonly [prefix: string, kind: RecordKind])[] = [
  ["units", "units"],
  ["orders", "orders"],
  ["events", "events"],
  ["facts", "facts"],
  ["calendar", "calendar"],
  ["单位", "units"],
  ["责任单位", "units"],
  ["工单", "orders"],
  ["事件", "events"],
  ["考核事件", "events"],
  ["事实", "facts"],
  ["年度事实", "facts"],
  ["节假日", "calendar"],
  ["工作日", "calendar"],
];

/** A file's name without its folder, in lower case: what its kind is told by. */
const baseName = (name: string) => (name.split(/[\\/]/).pop() ?? name).toLowerCase();

/** The kind a file's name says (its folder, if any, aside; letters in any case), or undefined. */
export function kindOfFileName(name: string): RecordKind | undefined {
  const base = baseName(name);
  for (const [prefix, kind] of FILE_NAME_PREFIXES) if (base.startsWith(prefix)) return kind;
  return undefined;
}

/**
 * Whether a file's name also names another kind than the one it begins with (单位工单统计.csv: 单位, then 工单): then its
 * header, not its first word, says what it holds.
 */
export function nameMentionsOtherKind(name: string): boolean {
  const base = baseName(name);
  const first = kindOfFileName(base);
  return first !== undefined && FILE_NAME_PREFIXES.some(([prefix, kind]) => kind !== first && base.includes(prefix));
}

/**
 * The types of files read as tables: CSV; text Excel saves as “Unicode 文本” or “文本文件（制表符分隔）” (.txt, and .tsv),
 * read as CSV of tabs; XLSX workbooks, and old Excel 97–2003 ones (.xls); OpenDocument spreadsheets (.ods, LibreOffice's
 * own format); and Excel 2003's XML spreadsheets (.xml, “XML 电子表格 2003”, which some platforms export). The one list
 * the importer's test of a name and every message listing the types are made from (.tsv was read, and named nowhere).
 */
export const TABLE_FILE_EXTENSIONS = [".csv", ".txt", ".tsv", ".xlsx", ".xls", ".ods", ".xml"] as const;

const TABLE_FILE_NAME = new RegExp(`(?:${TABLE_FILE_EXTENSIONS.map((e) => e.replace(".", "\\.")).join("|")})$`, "i");

/** Whether a file's name is one of a table the importer reads (`TABLE_FILE_TYPES_TEXT`). */
export const isTableFileName = (name: string): boolean => TABLE_FILE_NAME.test(name);

/** The kinds of file imported, for messages (and in English, `TABLE_FILE_TYPES_EN`): “.csv、.txt、…、.ods 或 .xml”. */
export const TABLE_FILE_TYPES_TEXT = `${TABLE_FILE_EXTENSIONS.slice(0, -1).join("、")} 或 ${TABLE_FILE_EXTENSIONS.at(-1)}`;
export const TABLE_FILE_TYPES_EN = `${TABLE_FILE_EXTENSIONS.slice(0, -1).join(", ")} or ${TABLE_FILE_EXTENSIONS.at(-1)}`;

/** The beginnings of a file's name that say it holds `kind` ("orders", "工单"). */
export const fileNamePrefixes = (kind: RecordKind): string[] => FILE_NAME_PREFIXES.filter(([, k]) => k === kind).map(([p]) => p);

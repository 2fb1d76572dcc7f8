/**
 * Turning the rows of an import file into typed records, or into problems
 * that say where (row as the spreadsheet shows it, column as headed in the
 * file), what (the value) and why (Chinese and English). Every bad cell of
 * every row is reported, not just the first.
 */

import { basename } from "node:path";
import { codePointLabel, displayValue, forbiddenKeyCharacterAt, hasLoneSurrogate, IMPORT_LIMITS, isBidiControl } from "../limits.ts";
import {
  cellText,
  type DateMode,
  DateShownAlone,
  DateTimeCell,
  Invalid,
  isNoValue,
  parseBoolean,
  parseClosureType,
  parseCount,
  parseDate,
  parseDayType,
  parseFactValue,
  parseMonth,
  parseNumber,
  parseSatisfaction,
  parseText,
  parseYear,
  REASONS,
  type Reason,
  SERIAL_TEXT,
} from "../read/cell-values.ts";
import {
  type Cell,
  type RawRow,
  type ReadTableOptions,
  readTableBatches,
  type SheetView,
  type SkippedSheet,
  type TableFormat,
  TableReadError,
} from "../read/read-table.ts";
import { columnKey, type FieldSpec, normalizeHeader, RECORD_FIELDS, RECORD_KIND_LABELS, type RecordKind, type RecordOf } from "../schema.ts";
import { DAY_MS, formatShanghai, SHANGHAI_OFFSET_MS, startOfShanghaiDay } from "../shanghai-time.ts";
import type { CalendarDay, Fact, HotlineEvent, ImportProblem, Order, Satisfaction, Unit } from "../types.ts";
import {
  bindHeader,
  columnLetter,
  columnNumberLabel,
  findHeaderRow,
  HEADER_SEARCH_ROWS,
  type HeaderBinding,
  headerFit,
  headerResembles,
  kindOfHeader,
  type ResemblingColumn,
  readsAsRecordOf,
  secondHeaderRow,
} from "./bind-header.ts";
import { RecordIds, type Repeat } from "./record-ids.ts";

/**
 * Resolves a unit reference (name or code) to the unit's code. `withLeadingZeros`, when given, tells the codes a
 * reference of digits alone may have been before a spreadsheet read it as a number (1 for 001), for the problem
 * to say so; `formerly`, the unit whose name it was.
 */
export type UnitResolver = ((reference: string) => string | undefined) & {
  withLeadingZeros?: (digits: string) => readonly string[];
  /** the code a reference of digits with leading zeros is without them (001 → 1): the units file's, cut by a spreadsheet */
  withoutLeadingZeros?: (digits: string) => string | undefined;
  /** the unit a reference no unit has now was the name of before it was renamed (an old export), for the problem to say so */
  formerly?: (reference: string) => { code: string; name: string } | undefined;
  /** the unit a reference that is no unit's looks like (its name with more or less to it), for the problem to ask */
  resembling?: (reference: string) => { code: string; name: string } | undefined;
  /** the units a reference lists (唐山镇、果里镇: an order handled jointly), when it names two or more; else none */
  listed?: (reference: string) => readonly { code: string; name: string }[];
  /** whether a reference could be made a unit's alias: one name, not another unit's name, code or alias already */
  aliasable?: (reference: string) => boolean;
  /** there is no unit at all (a new county's first import, of its orders before its units list) */
  none?: boolean;
};

export interface ReadRecordsOptions extends ReadTableOptions {
  /** default: what the file name says */
  format?: TableFormat;
  /**
   * Resolves unit cells (name or code) to codes; a reference it does not know
   * is a problem on that cell. Without it, unit cells are kept as written.
   */
  resolveUnit?: UnitResolver;
  /** how problems name the file (default: its base name); of a workbook of more than one sheet, the sheet read follows */
  fileLabel?: string;
  /**
   * Order and event ids seen so far in this import, to check ids across the
   * files of one import (default: a fresh one for this file).
   */
  ids?: RecordIds;
  /**
   * A later row with the id of an earlier row but other content replaces the
   * earlier (default false: it is a problem). Ignored when `ids` is given
   * (then `ids.laterRowWins` decides).
   */
  laterRowWins?: boolean;
  /**
   * Told once the header is read: the fields the file has a column for, and the names of its other columns (the
   * records' attributes). A stored record's value of a column the file does not have is not the file's to change.
   */
  onColumns?: (columns: FileColumns) => void;
  /**
   * Told, once a sheet of a workbook is read, what of it the sheet hid: the columns read that it hides, and whether a
   * filter hid rows (each hidden row comes `hidden` besides). Not told of a sheet that hides nothing.
   */
  onHidden?: (hidden: HiddenInSheet) => void;
  /**
   * Told, once a workbook of more than one sheet is read, which of its sheets were read (with their rows) and which
   * not: the import says so, as a workbook's rows may be on a sheet not read (and the user asked which one is).
   */
  onSheets?: (sheets: SheetsRead) => void;
  /** Checks of the file's records beyond their cells (a caller's: what the rubric in force declares), by kind. */
  checks?: RecordChecks;
  /** When the file is read (default: now): a time received, closed or happened after it is refused (tests give one). */
  now?: number;
  /**
   * A header without rows below it holds no records, and is no problem: a data folder's file of a kind it has none of
   * this time (facts not yet given). Default false: an import refuses it, as the wrong file or an unfilled template.
   */
  headerOnlyIsEmpty?: boolean;
}

/**
 * A check of a record against what the caller knows (the reader knows only the cells): each problem is on a field's
 * cell, said as the reader says its own (the column as headed in the file, the value as written). A row with a
 * problem in any field the check reads is not checked: its record holds a placeholder there.
 */
export interface RecordCheck<T> {
  reads: readonly string[];
  /**
   * `written`: a field's cell as the file has it ("5.0", not 5); `hasColumn`: whether the file has a column for the
   * field (a stored record keeps its value of a column the file lacks, so an empty cell and no column differ)
   */
  check(record: T, written: (field: string) => string, hasColumn: (field: string) => boolean): readonly { field: string; reason: Reason }[];
}

export type RecordChecks = { readonly [K in RecordKind]?: RecordCheck<RecordOf[K]> };

/** The columns a file has: fields by key, the other columns by attribute name. */
export interface FileColumns {
  fields: ReadonlySet<string>;
  attributes: ReadonlySet<string>;
  /** the file's row that is the header (1, or below title rows) */
  headerRow: number;
  /** extra columns named like an optional column the file lacks (bind-header.ts) */
  resembling: readonly ResemblingColumn[];
}

/**
 * What a sheet read hid from whoever looked at it: the columns read that it hides (a hidden column is read by its
 * header as any other: its values are imported) and whether a filter hides rows (an AutoFilter set to one town).
 */
export interface HiddenInSheet {
  /** the sheet, where the workbook has several */
  sheet: string | null;
  /** the columns read that the sheet hides, in order: 0-based, the header as written, and the field read (its Chinese name) unless an extra column */
  columns: { column: number; label: string; field?: string }[];
  filtered: boolean;
}

/** The sheets of a workbook read, in order, with the rows each gave (records and faulty rows); those not read, in tab order. */
export interface SheetsRead {
  read: { name: string; rows: number }[];
  skipped: readonly SkippedSheet[];
}

/**
 * One row's outcome: the record, or the problems that keep it out. The header
 * row's problems (a missing required column…) come as a row with no record;
 * when the header has problems no row yields a record, and the rows below it
 * are not read (of a workbook's several sheets, those of the last one): the
 * header's problems are told at once, not after every row of a large file.
 */
export interface RecordRow<T> {
  row: number;
  record: T | null;
  problems: readonly ImportProblem[];
}

/** Text beyond ASCII: the cells of a row of UTF-8 in a GBK file that read as gibberish. */
const NON_ASCII = /[\u0080-\uffff]/;

const NO_PROBLEMS: readonly ImportProblem[] = Object.freeze([]);

/**
 * Is a row's only content a number in a column that numbers the rows (序号)? Such a row is blank. (A 合计 or 制表人 in
 * that column is no number: it is a total or a footnote, listed as such.)
 */
function onlyRowNumber(cells: readonly Cell[], rowNumberColumns: ReadonlySet<number>): boolean {
  if (rowNumberColumns.size === 0) return false;
  let numbered = false;
  for (let i = 0; i < cells.length; i++) {
    const text = cellText(cells[i] ?? null).trim();
    if (text === "") continue;
    if (!rowNumberColumns.has(i) || !ROW_NUMBER.test(text)) return false;
    numbered = true;
  }
  return numbered;
}
const ROW_NUMBER = /^\d{1,9}(\.0+)?$/;

const REASON_UNKNOWN_UNIT: Reason = {
  zh: "找不到该单位（按单位名称或单位编码）",
  en: "no unit with this name or code",
};
const REASON_NO_UNITS: Reason = {
  zh: `${REASON_UNKNOWN_UNIT.zh}：还没有导入任何单位。请先导入单位名单（表头含单位编码、单位名称、类别三列的文件），或与本文件一同上传`,
  en: `${REASON_UNKNOWN_UNIT.en}: no units are imported yet; import the units file (单位编码, 单位名称, 类别) first, or with this file`,
};
/**
 * Is a problem that no unit is the one a row names (any of the ways it is said), or that it names several: with the
 * same import's units file refused, which unit a name is cannot be known either (told once with the rest: a review).
 */
export const isUnknownUnitProblem = (p: { reason: string }): boolean =>
  p.reason.startsWith(REASON_UNKNOWN_UNIT.zh) || Object.values(ONE_UNIT).some((one) => p.reason.startsWith(one.zh));

/** One record, one unit: what a row of each kind is called, and what to write instead of several units. */
const ONE_UNIT: Partial<Record<RecordKind, { zh: string; en: string; advice: string; adviceEn: string }>> = {
  orders: {
    zh: "一件工单只能有一个承办单位",
    en: "an order has one handling unit",
    advice: "平台中的主办、协办请只写主办单位",
    adviceEn: "write the main one only",
  },
  events: {
    zh: "一条考核事件只能有一个单位",
    en: "an event has one unit",
    advice: "涉及几个单位的，请每个单位写一行（事件编号各不相同）",
    adviceEn: "write a row a unit",
  },
  facts: { zh: "一行年度事实只能有一个单位", en: "a fact has one unit", advice: "请每个单位写一行", adviceEn: "write a row a unit" },
};

/** No unit is `reference`: and when it is digits alone that a known code is with leading zeros, what Excel did. */
function unknownUnitReason(reference: string, resolve: UnitResolver, kind: RecordKind): Reason {
  // no unit at all: every row of the file was told 找不到该单位 of its own unit, 200 times over, and not that the units
  // list comes first (a new county imported its month's orders before its units: a first-run walk)
  if (resolve.none) return REASON_NO_UNITS;
  const listed = resolve.listed?.(reference) ?? [];
  const one = ONE_UNIT[kind];
  if (listed.length >= 2 && one) {
    const units = listed.map((u) => `“${u.name}”（${u.code}）`).join("、");
    return {
      zh: `${one.zh}，这里写了 ${listed.length} 个：${units}；${one.advice}`,
      en: `${one.en}; this names ${listed.length}: ${listed.map((u) => `${u.name} (${u.code})`).join(", ")}; ${one.adviceEn}`,
    };
  }
  const renamed = resolve.formerly?.(reference);
  if (renamed) {
    return {
      zh: `${REASON_UNKNOWN_UNIT.zh}：“${reference}”是单位 ${renamed.code} 以前的名称，现名“${renamed.name}”；请把这一列改为现名或单位编码 ${renamed.code}（按编码，单位改名后也找得到）`,
      en: `${REASON_UNKNOWN_UNIT.en}: it is the former name of unit ${renamed.code}, now ${renamed.name}; write its code or its name now`,
    };
  }
  const codes = resolve.withLeadingZeros?.(reference) ?? [];
  const cut = codes.length === 0 ? resolve.withoutLeadingZeros?.(reference) : undefined;
  if (cut !== undefined) {
    return {
      // the way the units import itself offers (a list with 0301 for a stored 301 is refused as taking its name: the
      // stored code kept, 0301 written as its alias), not "put the zeros back and import the list again" (a review)
      zh: `${REASON_UNKNOWN_UNIT.zh}：有编码为 ${cut} 的单位，可能是单位名单中的编码被 Excel 去掉了开头的 0（它把只含数字的编码当成了数字）；请在单位名单中该单位的“别名”列写上“${reference}”（编码仍为 ${cut}），重新导入单位名单后即可识别`,
      en: `${REASON_UNKNOWN_UNIT.en}: there is a unit coded ${cut}; the units file's codes may have lost their leading zeros in Excel`,
    };
  }
  if (codes.length === 0) {
    // a unit's name and 汇总, 计数, 小计 … after it: the label of a 分类汇总 row that is more than its label and figures
    // (`RowCursor.subtotal`), no name of the unit's: "add 测试甲镇 汇总 as its alias", it was told (a data clerk's walk)
    const group = SUBTOTAL_LABEL.exec(reference.trim())?.[1];
    const code = group === undefined ? undefined : resolve(group);
    if (group !== undefined && code !== undefined) {
      return {
        zh: `${REASON_UNKNOWN_UNIT.zh}：“${reference}”像是单位“${group}”（${code}）的分类汇总（小计）行，不是单位名称；分类汇总行请删去（Excel、WPS：数据→分类汇总→全部删除），这一行若是${RECORD_KIND_LABELS[kind]}，请写单位名称或编码 ${code}`,
        en: `${REASON_UNKNOWN_UNIT.en}: it looks like the label of a subtotal row of unit ${group} (${code}), not a unit's name; delete subtotal rows (Excel, WPS: Data → Subtotal → Remove All), or write the unit's name or code`,
      };
    }
    // of a subtotal's label, the unit its group is like (桓台县唐山镇 小计: 唐山镇)
    const like = resolve.resembling?.(group ?? reference);
    if (!like) return REASON_UNKNOWN_UNIT;
    // no alias that the separator would split, or that another unit is called already (a units file refuses it), nor
    // a subtotal's label (某某 汇总: no unit's alias, whatever 某某 is)
    if ((resolve.aliasable && !resolve.aliasable(reference)) || group !== undefined) {
      return {
        zh: `${REASON_UNKNOWN_UNIT.zh}：是否为“${like.name}”（${like.code}）？请写单位名单中的名称或编码`,
        en: `${REASON_UNKNOWN_UNIT.en}: did you mean ${like.name} (${like.code})? Write the name or code of the units file`,
      };
    }
    return {
      zh: `${REASON_UNKNOWN_UNIT.zh}：是否为“${like.name}”（${like.code}）？请写单位名单中的名称或编码；平台导出的文件常这样写，可在单位名单的“别名”列写上“${reference}”，重新导入单位名单后即可识别`,
      en: `${REASON_UNKNOWN_UNIT.en}: did you mean ${like.name} (${like.code})? Write the name or code of the units file, or give the unit an alias (别名 column of the units file)`,
    };
  }
  const meant = codes.join("或");
  return {
    zh: `${REASON_UNKNOWN_UNIT.zh}：可能是 Excel 去掉了开头的 0（应为 ${meant}？），它把只含数字的编码当成了数字。${AS_TEXT_ADVICE}`,
    en: `${REASON_UNKNOWN_UNIT.en}: Excel may have dropped its leading zeros (${codes.join(" or ")}?); ${AS_TEXT_ADVICE_EN}`,
  };
}
const REASON_RETURN_NOT_RETURNED: Reason = {
  zh: "回退认可为“是”，但该工单未回退",
  en: "return accepted, but the order was not returned",
};
const REASON_NEGATIVE_POINTS: Reason = {
  zh: "分值不能为负数：分值是这条事件按规则扣（或加）的分数，写正数；记错的事件请更正或删去，不要用负分抵消",
  en: "points cannot be negative: they are what the event deducts (or adds) under the rubric; correct or delete an event recorded in error",
};
const REASON_EXTRA_CELLS: Reason = {
  zh: "此行的单元格多于表头的列（可能有未加引号的逗号）",
  en: "more cells than the header has columns (an unquoted comma?)",
};
/**
 * A row with a value past the header's last named column (`index`; `width` columns named). In a CSV that is most often
 * a comma not in quotes; a spreadsheet's (or a web page table's) cells are split by no comma: there the value is in a
 * column whose header is empty, said by its letter where the sheet shows one.
 */
function extraCellsReason(format: TableFormat | undefined, index: number, width: number): Reason {
  if (format === undefined || format === "csv") return REASON_EXTRA_CELLS;
  const letters = format !== "html";
  const column = (i: number) => (letters ? `${columnNumberLabel(i)}（${columnLetter(i)} 列）` : columnNumberLabel(i));
  const columnEn = (i: number) => (letters ? `column ${i + 1} (${columnLetter(i)})` : `column ${i + 1}`);
  return {
    zh: `此行在${column(index)}有内容，但该列没有列名（表头中列名为空，列名到${column(width - 1)}为止）：请在表头中给该列填上列名，或删去该列的内容`,
    en: `the row has a value in ${columnEn(index)}, whose header is empty (the named columns end at ${columnEn(width - 1)}): name the column in the header, or delete its values`,
  };
}
/** A CSV row of `count` cells under a header of `width` columns. */
const shortRowReason = (count: number, width: number): Reason => ({
  zh: `此行只有 ${count} 个单元格，表头有 ${width} 列（可能是某个单元格中的换行把一行断成了两行，或此行被截断）：缺少的列不能当作空白导入，请在原表格中检查此行后重新导出`,
  en: `the row has ${count} cells and the header ${width} columns (a line break inside a cell splitting the row, or a row cut short): the missing cells are not taken as empty; check the row in the spreadsheet and export again`,
});

/** Characters of a lone text quoted in its problem (the whole is the problem's value). */
const LONE_TEXT_QUOTED = 20;

/** A row of one text in its first column and no required value: a line below the table rather than a record. */
const loneTextReason = (row: number, text: string): Reason => {
  const quoted = text.length > LONE_TEXT_QUOTED ? `${text.slice(0, LONE_TEXT_QUOTED)}…` : text;
  return {
    zh: `第 ${row} 行只有“${quoted}”，看来不是一条记录：如是表尾说明，请删去该行后重新导入`,
    en: `row ${row} holds only "${quoted}", which does not look like a record: if it is a note below the table, delete the row and import again`,
  };
};

/** The row after the header (`row`) holds column names: the header is two rows high. */
const secondHeaderReason = (headerRow: number, row: number): Reason => ({
  zh: `表头似乎占了两行（第 ${headerRow} 行和第 ${row} 行，如“满意度”下又分“过程满意度”“结果满意度”）：此行是列名，不是一条记录。请把表头合并为一行列名，每列一个列名（如直接写“过程满意度”“结果满意度”），删去多出的表头行后再导入`,
  en: `the header seems to take two rows (rows ${headerRow} and ${row}): this row holds column names, not a record; merge the header into one row of column names, one name a column, and import again`,
});
const REASON_UNTERMINATED_QUOTE: Reason = {
  zh: "引号未闭合：从此行起到文件末尾都被读成了一个单元格",
  en: "unterminated quote: the rest of the file was read as one cell",
};
const REASON_NOT_UTF8: Reason = {
  zh: "此行有不是 UTF-8 编码的字节（可能是从别的文件粘贴来的 GBK 编码文字），读出来是乱码，而文件的其余部分是 UTF-8：请在原文件中改正此行（重新输入或从原处重新复制），再将文件另存为 UTF-8 编码的 CSV（Excel 中“另存为”选“CSV UTF-8（逗号分隔）”）后导入",
  en: "the row holds bytes that are not UTF-8 (text pasted from a GBK file?), read as garbage, while the rest of the file is UTF-8: correct the row and save the file as CSV UTF-8",
};
const REASON_UTF8_IN_GBK: Reason = {
  zh: "此行是 UTF-8 编码的文字（可能是从 UTF-8 编码的文件或网页粘贴来的），而文件的其余部分是 GBK 编码（Excel 在中文 Windows 上另存的“CSV（逗号分隔）”），读出来是乱码：请在 Excel 或 WPS 中打开文件，重新输入此行或从原处重新复制，保存后再导入（最好另存为“CSV UTF-8（逗号分隔）”）",
  en: "the row is UTF-8 text (pasted from a UTF-8 file?) in a file that is otherwise GBK (Excel's CSV on Chinese Windows), read as garbage: retype or copy the row again in Excel or WPS, save and import again",
};
const REASON_NUL: Reason = {
  zh: "单元格中含有空字符（U+0000），文件可能已损坏或编码不对：请删去该字符，或从原系统重新导出",
  en: "the cell contains a NUL character (U+0000): the file may be damaged or wrongly encoded",
};
const REASON_TOO_LONG: Reason = {
  zh: `内容过长：每个单元格最多 ${IMPORT_LIMITS.textChars} 个字符，请删减`,
  en: `too long: a cell may hold at most ${IMPORT_LIMITS.textChars} characters`,
};
const REASON_KEY_TOO_LONG: Reason = {
  zh: `编号或名称过长：最多 ${IMPORT_LIMITS.keyChars} 个字符，请核对`,
  en: `id or name too long: at most ${IMPORT_LIMITS.keyChars} characters`,
};

/**
 * A cell past the limit as a problem shows it: its start and its length where the length is known (the readers keep one
 * character past the limit, limits.ts: a longer cell's length is not), as an id's is shown (`displayValue`).
 */
function tooLongShown(cell: string): string {
  const length = cell.length > IMPORT_LIMITS.textChars + 1 ? `共 ${cell.length} 个字符` : `超过 ${IMPORT_LIMITS.textChars} 个字符`;
  return `${cell.slice(0, 30)}…（${length}）`;
}

/** Why a text cell cannot be read at all: too long, else holding a NUL. */
function cellReason(cell: string): Reason | undefined {
  if (cell.length > IMPORT_LIMITS.textChars) return REASON_TOO_LONG;
  if (cell.indexOf("\u0000") >= 0) return REASON_NUL;
  if (hasLoneSurrogate(cell)) return REASON_LONE_SURROGATE;
  return undefined;
}

/** 1900-02-01 (UTC): a date cell before it is Excel's serial of a small number, what a formula over empty cells gives. */
const EXCEL_FIRST_MONTH_END = Date.UTC(1900, 1, 1);

/** A cell holding a day and no time of day: a date-only text, or a date cell formatted as a date alone. */
function dateWithoutTime(cell: Cell): boolean {
  if (cell instanceof Date) return !(cell instanceof DateTimeCell) && !(cell instanceof DateShownAlone);
  // a serial day (43407) or a compact day written as a number (20181103): whole; a fraction is a time of day
  if (typeof cell === "number") return Number.isInteger(cell);
  if (typeof cell !== "string") return false;
  // any day the date check reads (20181103, ２０１８－１１－０３, 43407 as text …) unless the text has a time in it
  const text = cell.normalize("NFKC").trim();
  if (text === "" || /[:：时点]|上午|下午|am|pm/i.test(text) || /^\d{12}(\d{2})?$/.test(text) || /^\d+\.\d*[1-9]/.test(text)) return false;
  return !(parseDate(text, "start") instanceof Invalid);
}
const splitTimeReason = (field: string, dateLabel: string): Reason => ({
  zh: `此行的“${dateLabel}”只有日期，时刻在这一列：分开的两列不能合读，请合为一列（列名“${field}”），写作 2018-12-03 08:05（Excel 中可用公式 =日期单元格+时刻单元格，单元格格式设为 yyyy-mm-dd hh:mm）`,
  en: `the row's ${dateLabel} holds a date alone and this column its time of day: join them in one column ${field}`,
});

/**
 * Half of a character (`&#xD800;` in a sheet's XML, `_xD800_`, a UTF-16 string cut in two): PostgreSQL refused the row
 * and the import stopped with a driver's stack, SQLite stored it (found by a review). A problem of its cell instead.
 */
const REASON_LONE_SURROGATE: Reason = {
  zh: "含有无效的字符（半个字符：不成对的 UTF-16 代理项，文件可能已损坏或由程序写坏）：请在原表格中重新输入此单元格",
  en: "holds half a character (a lone UTF-16 surrogate): retype the cell",
};

const REASON_UNCALCULATED: Reason = {
  zh: "公式没有计算结果（文件由程序生成，未经 Excel 或 WPS 计算）：请在 Excel 或 WPS 中打开，保存一次后再导入，或把公式改为数值",
  en: "a formula without a computed value (written by a program, never calculated): open the file in Excel or WPS and save it once, or replace the formula by its value",
};
/** The longest cell read as a total or a footnote: 合计：12,413 件 or 制表人：张三 is far below it. */
const TOTAL_TEXT_MAX = 40;

/** The texts of rows above a header each alone in its row (a report's title, its 查询条件), as `columnKey` makes them. */
function titlesOf(rows: readonly RawRow[]): Set<string> {
  const titles = new Set<string>();
  for (const { cells } of rows) {
    const alone = loneText(cells, cells.length);
    if (alone) titles.add(columnKey(alone.text));
  }
  return titles;
}

/** The text of the one cell of the first `width` holding a value, with its column; null when none or several do. */
function loneText(cells: readonly Cell[], width: number): { column: number; text: string } | null {
  const column = loneFilled(cells, width);
  const text = column < 0 ? null : parseText(cells[column] ?? null);
  return text === null ? null : { column, text };
}

/** The one cell of the first `width` holding a value, or -1 when none or more than one does (asked of every row read). */
function loneFilled(cells: readonly Cell[], width: number): number {
  let found = -1;
  for (let i = 0; i < cells.length && i < width; i++) {
    if (parseText(cells[i] ?? null) === null) continue;
    if (found >= 0) return -1;
    found = i;
  }
  return found;
}

/**
 * A total row's first cell (a report's last line, kept when the sheet was exported as a table): the word alone, with a
 * colon, a note in brackets or its figure — 合计, 合计：, 合计(件), 合计：30件, 共计 30 件, 汇总, 本页小计 — or a count of
 * the rows, as exporters end a sheet: 共 2 条记录, 共12413条 (spaces already taken out by `columnKey`, brackets half-width).
 */
const TOTAL_ROW =
  /^(?:(?:本页|本表|全部|以上|总)?(?:合计|总计|小计|共计|汇总|累计)(?:\([^)]*\)|【[^】]*】)?(?:[:：].*|\d.*)?|共\d+(?:条|行|件|项|个).*|总(?:件数|条数|记录数|数)[:：].*)$/;
/** The functions a 分类汇总 names its rows by (Excel's and WPS's, LibreOffice's; the English Excel's), as regex alternatives. */
const SUBTOTAL_FUNCTIONS = "计数|数值计数|求和|平均值|最大值|最小值|乘积|标准偏差|总体标准偏差|方差|总体方差|结果";
const SUBTOTAL_FUNCTIONS_EN = "count|sum|average|max|min|product|stddevp?|varp?|result";
/**
 * The word a spreadsheet's 分类汇总 puts after the group's value in the grouped column of each row it inserts: Excel's
 * and WPS's 测试甲镇 汇总 (求和), 测试甲镇 计数, 测试甲镇 平均值 …; LibreOffice's (数据→小计) 测试甲镇 求和, or 测试甲镇 结果
 * for several functions; the English Excel's 测试甲镇 Total, Count … (a space before an English word); and a clerk's own
 * 测试甲镇 小计, 测试甲镇合计. Its first group is the group's value, one word after it (汇总 alone is TOTAL_ROW's).
 */
const SUBTOTAL_LABEL = new RegExp(`^(.*?\\S)(?:\\s*(?:汇总|小计|合计|总计|共计|${SUBTOTAL_FUNCTIONS})|\\s+(?:total|${SUBTOTAL_FUNCTIONS_EN}))$`, "iu");
/**
 * The last row a 分类汇总 inserts, of the whole table (spaces taken out by `columnKey`): Excel's and WPS's 总计 (求和),
 * 总计数, 总平均值 …; LibreOffice's 总求和, 总结果 …; the English Excel's Grand Total, Grand Count …
 */
const GRAND_TOTAL = new RegExp(`^(?:总计?(?:${SUBTOTAL_FUNCTIONS})|总计数|grand(?:total|${SUBTOTAL_FUNCTIONS_EN}))$`, "i");
/** A cell that holds a figure: a subtotal's =SUBTOTAL(…) or a total's sum (a count in a column formatted as dates reads as one). */
const isFigure = (cell: Cell, text: string): boolean => typeof cell === "number" || cell instanceof Date || FIGURE.test(text);
const FIGURE = /^[-+]?[\d,]*\.?\d+%?$/;
/**
 * A sheet's footnote (a report's last lines kept when it was exported): 注：…, 制表人：…, 数据来源：…, 单位（盖章）：; a
 * person signing (制表人, 经办人 …) with or without the colon (制表人 张三); what a platform's export adds below the
 * table (导出人：张三　导出时间：…, 打印人：, 操作人：, 报表生成时间：)
 */
const FOOTNOTE =
  /^(?:注|备注|说明|制表|制表人|制表单位|制表日期|制表时间|填报人|填表人|填报单位|填报日期|填表日期|经办人|统计人|审核人|复核人|审核|负责人|单位负责人|联系人|联系电话|数据来源|统计时间|统计日期|打印人|打印时间|打印日期|导出人|导出时间|导出日期|操作人|操作员|生成时间|生成日期|报表生成时间|报表生成日期|单位\(盖章\)|盖章)[:：]/;
/**
 * A person signing without the colon (制表人 张三), a footnote only when the row holds nothing else: 经办人员培训 or
 * 审核人员到位 begin so, and are a record's values (a review found such facts dropped as footnotes).
 */
const SIGN_OFF = /^(?:制表人|填表人|填报人|经办人|统计人|审核人|复核人)(?!员)/;
/**
 * A printed page's number, as a report's page footer ends each page: 第 1 页 共 2 页, 第1页/共2页, 共2页 第1页, 1/2页,
 * Page 1 of 2 (spaces taken out by `columnKey`). Alone in its row only (a data review: four 必填项为空 for it, its text
 * never shown).
 */
const PAGE_FOOTER = /^(?:第\d+页[,，/、]?(?:共\d+页)?|共\d+页[,，/、]?第\d+页|\d+\/\d+页|page\d+(?:of\d+)?)$/i;
/**
 * A row that says itself it is no record, left out of the import and listed in its report: a total (合计, 小计, 共 30
 * 条), a footnote (注：, 制表人：), or the header again (printed pages repeat it).
 */
export interface SkippedRow {
  row: number;
  /** the workbook's sheet it is on, where the file has several (a 合计 row of 12月下旬 was told of by row alone: a data review) */
  sheet?: string;
  /** the column of the cell that says so, as headed */
  column: string;
  value: string;
  kind: "total" | "footnote" | "header" | "title";
  /** what it is, as the import's report says it: 合计行, 表格末尾的说明, 重复的表头, 重复的标题 */
  what: string;
}

const SKIPPED_WHAT: Readonly<Record<SkippedRow["kind"], string>> = {
  total: "合计行",
  footnote: "表格末尾的说明",
  header: "重复的表头",
  title: "重复的标题",
};

/** A cell whose result is an Excel error: which, and what to do. */
const formulaErrorReason = (error: string): Reason => ({
  zh: `单元格的计算结果是错误值 ${error}（如查找不到、除以零）：请在 Excel 或 WPS 中改正公式或改为数值后再导入`,
  en: `the cell's result is the error ${error}: correct the formula or replace it by a value`,
});

/** Optional times that a row may not have: an unreadable value there is often a placeholder for none. */
const EMPTY_WHEN_NONE: Partial<Record<string, Reason>> = {
  closedAt: { zh: "尚未办结的工单，办结时间留空", en: "leave it empty for an order not closed" },
  extendedTo: { zh: "没有延期的工单，延期至留空", en: "leave it empty for an order not extended" },
};

/**
 * A span of days in one cell, as the State Council's notice writes a holiday (2019-02-04至2019-02-10, 2月4日至10日): its
 * first and last day, the end's year and month as the start's where left out. Null for anything else.
 */
function dateSpan(cell: Cell): { first: number; last: number } | null {
  if (typeof cell !== "string") return null;
  const m = /^(.+?)\s*(?:至|到|~|—|–)\s*(.+?)$/.exec(cell.normalize("NFKC").trim());
  if (!m) return null;
  const first = parseDate(m[1] as string, "day");
  if (first === null || first instanceof Invalid) return null;
  const [year, month] = formatShanghai(first, "date").split("-");
  const end = (m[2] as string).replace(/^(\d{1,2})月(\d{1,2})日?$/, "$1-$2").replace(/^(\d{1,2})日$/, "$1");
  for (const written of [end, `${year}-${end}`, `${year}-${month}-${end}`]) {
    const last = parseDate(written, "day");
    if (last === null || last instanceof Invalid) continue;
    // a year at most (longer is no holiday: a typing error, told as no date)
    return last > first && last - first < 366 * DAY_MS ? { first, last } : null;
  }
  return null;
}

/** A span of days given where a calendar has a row a day: which days to write, each on a row of its own. */
function dateSpanReason({ first, last }: { first: number; last: number }): Reason {
  const days: string[] = [];
  for (let day = first; day <= last; day += DAY_MS) days.push(formatShanghai(day, "date"));
  const count = days.length;
  // a week's holiday named day by day; a longer span by its first two and last
  const named = count <= 14 ? days.join("、") : `${days[0]}、${days[1]}……${days[count - 1]}`;
  return {
    zh: `这是一段日期（共 ${count} 天）：节假日安排一天一行，请写成 ${count} 行，每行一天：${named}（类型、说明各行照写）`,
    en: `a span of ${count} days: the calendar has a row a day; write a row for each of ${named}`,
  };
}

/** 5个工作日, 3天, 24小时: how long an order may take, where its deadline's date and time are asked for. */
const DURATION = /^\d+(?:\.\d+)?\s*个?\s*(?:工作日|自然日|天|日|小时|钟头|工作时)\s*内?$/;

/** What to write instead of a duration, in the columns of an order's deadline. */
const DEADLINE_NOT_DURATION: Partial<Record<string, Reason>> = {
  dueAt: {
    zh: "办理时限应为截止的日期时间（如 2018-12-10 17:00），不是天数：请写平台上该工单办理截止的时间",
    en: "the deadline is the date and time it falls on (2018-12-10 17:00), not a number of days",
  },
  extendedTo: {
    zh: "延期至应为延期后截止的日期时间（如 2018-12-17 17:00），不是延期的天数；没有延期的工单，延期至留空",
    en: "the extension is the date and time the new deadline falls on (2018-12-17 17:00), not a number of days",
  },
};

/** `2017-10-03 14:05`, with seconds only when there are any */
const shownTime = (epoch: number) => formatShanghai(epoch).replace(/:00$/, "");
const REASON_CLOSED_BEFORE_RECEIVED = (received: number): Reason => ({
  zh: `办结时间早于受理时间（${shownTime(received)}）：请核对这两列`,
  en: `closed before it was received (${shownTime(received)})`,
});
const REASON_EXTENSION_BEFORE_DEADLINE = (due: number): Reason => ({
  zh: `延期至早于办理时限（${formatShanghai(due, "deadline")}）：延期只能把时限推后，按它计算会把按期办结的工单算作超期；请核对这两列，没有延期的请留空`,
  en: `the extension is before the deadline (${formatShanghai(due, "deadline")}): an extension only puts it later`,
});
const REASON_DEADLINE_BEFORE_RECEIVED = (what: string, received: number): Reason => ({
  zh: `${what}早于受理时间（${shownTime(received)}）：请核对这两列`,
  en: `${what === "办理时限" ? "deadline" : "extension"} before the time received (${shownTime(received)})`,
});

function forbiddenCharacterReason(text: string): Reason | undefined {
  const at = forbiddenKeyCharacterAt(text);
  if (at < 0) return undefined;
  const ch = text.charAt(at);
  const code = codePointLabel(ch);
  const kind =
    ch === "\n" || ch === "\r" || ch === "\u2028" || ch === "\u2029"
      ? { zh: "换行", en: "a line break" }
      : isBidiControl(ch.charCodeAt(0))
        ? // (it reorders what follows it: 唐山镇 written backwards after U+202E shows as 唐山镇)
          { zh: "文字方向控制字符", en: "a text direction control", harm: { zh: "会使名称显示成另一个名称", en: "it makes a name show as another" } }
        : ch.charCodeAt(0) >= 0x200b
          ? { zh: "零宽字符", en: "a zero-width character" }
          : { zh: "控制字符", en: "a control character" };
  const harm = kind.harm ?? { zh: "会使编号对不上", en: "it makes ids differ" };
  return {
    zh: `编号或名称中含有${kind.zh}（第${at + 1}个字符，${code}），看不见但${harm.zh}：请删去该字符后重新导入`,
    en: `the id or name contains ${kind.en} (character ${at + 1}, ${code}), invisible but ${harm.en}`,
  };
}

/** The most significant digits a spreadsheet keeps of a number: Excel shows and saves 15, a double holds no more exactly. */
const NUMBER_DIGITS = 15;
/**
 * A number as Excel's 常规 (General) format writes it in scientific notation, when a column of long ids was saved as
 * CSV: 2.01810E+17, 2.0181E+17, 1.23e+5. The sign of the exponent is what Excel always writes; an id such as 2018E001
 * has none and is an id.
 */
const SCIENTIFIC = /^[+-]?\d+(?:\.\d*)?[eE][+-]\d+$/;
/** What to do about an id column a spreadsheet took for numbers. */
const AS_TEXT_ADVICE = "请在导出平台或 Excel 中把该列的单元格格式设为“文本”后重新导出（手工录入的，先把该列设为文本再录入），然后再导入";
const AS_TEXT_ADVICE_EN = "set the column's format to text in the platform's export or in Excel (before typing the ids in), and export again";

/**
 * Why an id, code or name cannot be the one meant: a spreadsheet took it for a number and has already lost digits of
 * it — a number cell of more than 15 digits (Excel kept 15 of them; 201810030812345678 reads 201810030812346000), or
 * text in scientific notation (2.01810E+17, a CSV saved from a General column). Stored, it would be an id no later
 * export has, and two such ids may be one. A number of 15 digits or fewer is exact: 12345 is the id 12345.
 */
function lostDigitsReason(cell: Cell, text: string): Reason | undefined {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell) || Math.abs(cell) < 10 ** NUMBER_DIGITS) return undefined;
    const digits = Math.floor(Math.log10(Math.abs(cell))) + 1;
    return {
      zh: `这是一个 ${digits} 位的数字单元格：Excel 只保存数字的前 ${NUMBER_DIGITS} 位，编号的最后几位已经丢失（读出为 ${text}），无法还原，导入后会与真实编号对不上。${AS_TEXT_ADVICE}`,
      en: `a number cell of ${digits} digits: a spreadsheet keeps ${NUMBER_DIGITS} digits of a number, so the last digits of the id are lost (it reads ${text}); ${AS_TEXT_ADVICE_EN}`,
    };
  }
  if (!SCIENTIFIC.test(text)) return undefined;
  return {
    zh: `编号写成了科学记数法（${text}）：这是 Excel 以“常规”格式显示长数字编号、再另存为 CSV 的结果，编号的最后几位已经丢失，无法还原，导入后会与真实编号对不上。${AS_TEXT_ADVICE}`,
    en: `the id is in scientific notation (${text}), as Excel's General format shows a long number saved to CSV: its last digits are lost; ${AS_TEXT_ADVICE_EN}`,
  };
}

/**
 * A copy of `text` that does not keep the chunk it was cut from alive. V8
 * makes a slice of 13 characters or more a view into its parent string, so
 * an id kept in a record would otherwise pin the whole 64 KiB chunk it was
 * read from, and a loaded file would cost its full size again in memory.
 */
function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** The most decimals a column's serial day numbers may have and it still be taken for cut by a number format (`cutSerials`). */
const CUT_DECIMALS_MAX = 3;
/**
 * How many such values a column must have to be taken for cut: General format writes the odd second-exact time with
 * three decimals or fewer (13:55:12 is 43405.58), so a file of one or two serials among text dates was refused whole
 * for a value that was exact (a review); three that are all short and not all whole minutes are a format's doing.
 */
const CUT_VALUES_MIN = 3;

/** A moment column's serial day numbers written as text with a fraction (`RowCursor.noteSerial`). */
interface SerialColumn {
  /** the most decimals any has */
  decimals: number;
  /** how many have at most `CUT_DECIMALS_MAX` */
  count: number;
  /** the first not a whole minute, and the first not a whole hour: where, as written, and the moment read */
  offMinute?: { row: number; text: string; at: number };
  offHour?: { row: number; text: string; at: number };
}

/** How far a value of `decimals` decimals may be from the time it was rounded from, said: ±72 分钟, ±7 分钟, ±43 秒. */
const CUT_SPREAD: Record<number, { zh: string; en: string }> = {
  1: { zh: "72 分钟", en: "72 minutes" },
  2: { zh: "7 分钟", en: "7 minutes" },
  3: { zh: "43 秒", en: "43 seconds" },
};

/**
 * Why a moment column of serial day numbers cut short is refused: which column, how many decimals, a value and what
 * it may have been, and how to have the times whole again (the workbook the CSV was saved from still holds them; the
 * CSV does not, so formatting its column again is no use).
 */
function cutSerialReason(label: string, decimals: number, count: number, example: { row: number; text: string; at: number }): Reason {
  // the value is its time rounded to `decimals` decimals: within half of the last decimal's day either side (to the
  // second, as the value itself is read: 0.0005 of a day is 43.2 s)
  const half = (DAY_MS / 10 ** decimals) * 0.5;
  const second = (ms: number) => formatShanghai(Math.round(ms / 1000) * 1000, "datetime");
  const from = second(example.at - half);
  const end = second(example.at + half);
  // 2018-11-01 13:48:00 至 14:02:24: the day once, unless the span crosses midnight
  const to = end.slice(0, 10) === from.slice(0, 10) ? end.slice(11) : end;
  const shown = formatShanghai(example.at, "datetime");
  const spread = CUT_SPREAD[decimals] as { zh: string; en: string };
  return {
    zh: `“${label}”一列的时间是 Excel 日期序号，且都不超过 ${decimals} 位小数（共 ${count} 个，如第 ${example.row} 行的 ${example.text}）：这是单元格格式只保留了几位小数（如 0.00、0.0，或列宽太窄的“常规”格式）后另存的，时刻被四舍五入了——${example.text} 可能是 ${from} 至 ${to} 之间的任何时刻（${shown} ± ${spread.zh}），据此判断是否超期并不可靠，整个文件不导入。请直接导入另存 CSV 之前的工作簿（.xlsx），或在其中把这一列的单元格格式设为 yyyy-mm-dd hh:mm:ss（Excel、WPS：设置单元格格式→自定义）后重新另存为 CSV（CSV 中已只剩这几位小数，在 CSV 上改格式无用）；没有原工作簿的，请从平台重新导出`,
    en: `the ${label} column's times are Excel serial day numbers of at most ${decimals} decimal(s) (${count}, e.g. ${example.text} on row ${example.row}): a number format of few decimals (0.00, 0.0, or General in a narrow column) rounded them when the sheet was saved — ${example.text} is any time from ${from} to ${to} (${shown} ± ${spread.en}), which decides whether an order is late; nothing is imported. Import the workbook the CSV was saved from (.xlsx), or set the column's format to yyyy-mm-dd hh:mm:ss there and save as CSV again (the CSV holds the cut values only); or export again from the platform`,
  };
}

/** Reads the cells of one row at a time; one instance serves a whole file. */
class RowCursor {
  cells: Cell[] = [];
  row = 0;
  problems: ImportProblem[] = [];
  /** fields of this row with a problem (a record check does not read them) */
  faulty: Set<string> | undefined;
  /** columns of this row already reported as unreadable (NUL, too long, uncalculated formula): no further reasons */
  flagged: Set<number> | undefined;
  /**
   * the texts of the rows above the header, each alone in its row (桓台县12345工单明细, 查询条件：…), as `columnKey`
   * makes them: a paged export repeats them above each page's header
   */
  titles: ReadonlySet<string> = new Set();
  /** the header's labels as `columnKey` makes them, for the repeated-header test */
  private labelKeys: string[] | undefined;
  /** the columns of the names a record is found by (工单编号, 承办单位…), for `onlyFigures` */
  private nameColumns: number[] | undefined;
  /** the columns of the required fields, for `subtotal` */
  private requiredColumns: number[] | undefined;
  /** the cells of the last row read as a record (not skipped): a subtotal row below names its group's value */
  private lastRecord: readonly Cell[] | undefined;
  /** of each moment column with serial day numbers written as text, what they are like (`noteSerial`, `cutSerials`) */
  private serials: Map<string, SerialColumn> | undefined;
  /** this row's 办理时限 was written at 00:00 exactly (not 24:00, not a date alone): the import tallies them */
  midnightDeadline = false;
  /** no row has been read after the header yet */
  private nextIsFirst = true;
  /**
   * the columns the row after the header named, when it was a second header row: a value below one past the header's
   * last named column is in a column that row names (结果满意度 under 满意度's second cell), not one more problem
   */
  private secondRowColumns: Set<number> | undefined;
  /** the columns that number the rows (序号): a row with nothing else is blank */
  readonly rowNumberColumns: ReadonlySet<number>;

  constructor(
    readonly file: string,
    readonly binding: HeaderBinding,
    private readonly resolveUnit: UnitResolver | undefined,
    /** what the file is read as (`ReadTableOptions.onFormat`), for what a row's problem says of it */
    private readonly format: TableFormat | undefined = undefined,
    /** the workbook counts its days from 1904: a serial day number in a date column is read so */
    private readonly date1904 = false,
    /** when the file is read: a time received, closed or an event's day after it has not happened yet */
    readonly now = Date.now(),
  ) {
    this.rowNumberColumns = new Set(binding.rowNumberColumns);
  }

  /** A time that has happened by now (a day's grace: a platform's clock a little ahead, a day written as its end). */
  happened(key: string, at: number | null, what: Reason): void {
    if (at === null || Number.isNaN(at) || at <= this.now + DAY_MS) return;
    const today = formatShanghai(this.now, "date");
    this.problem(key, {
      zh: `${what.zh}在今天（${today}）之后：还没有发生的时间不能导入，请核对这一列（多半是年份或月、日写错）`,
      en: `${what.en} after today (${today}): a time not yet come cannot be imported`,
    });
  }

  /** The row is no record, and says so itself (a total, a footnote, the header again): left out, not a problem. */
  skipped: SkippedRow | undefined;

  start(raw: RawRow): void {
    const afterHeader = this.nextIsFirst;
    this.nextIsFirst = false;
    this.cells = raw.cells;
    this.row = raw.row;
    this.skipped = undefined;
    this.midnightDeadline = false;
    // the last row's array, unless it was handed out with its problems
    if (this.problems.length > 0) this.problems = [];
    this.flagged = undefined;
    this.faulty = undefined;
    if (raw.defect === "unterminated-quote") this.problemAt("", "", REASON_UNTERMINATED_QUOTE);
    const { width } = this.binding;
    const cells = raw.cells;
    // a 合计 row, a footnote, or the header again (printed pages repeat it): no record, and no problem either — a
    // platform's monthly export ends with one, and was refused until it was deleted by hand every month
    const notRecord = this.notARecord(cells);
    if (notRecord) {
      const column = this.binding.labels[notRecord.column] || columnNumberLabel(notRecord.column);
      this.skipped = { row: raw.row, column, value: displayValue(notRecord.text), kind: notRecord.kind, what: SKIPPED_WHAT[notRecord.kind] };
      for (let i = 0; i < width; i++) this.silence(i);
      return;
    }
    this.lastRecord = cells;
    // the row after the header holding column names: the header takes two rows, said once, not as a bad value in each cell
    if (afterHeader) {
      const names = secondHeaderRow(this.binding, cells);
      if (names) {
        this.problemAt("", names.join("、"), secondHeaderReason(this.binding.row, raw.row));
        this.secondRowColumns = new Set(cells.flatMap((cell, i) => (parseText(cell ?? null) === null ? [] : [i])));
        for (let i = 0; i < width; i++) this.silence(i);
        return;
      }
    }
    // a row in another encoding than the file's: its cells with U+FFFD (GBK bytes read as UTF-8), or with any non-ASCII
    // text (UTF-8 bytes read as GBK, all garbled)
    if (raw.notUtf8) this.garbled(cells, (cell) => cell.includes("\ufffd"), REASON_NOT_UTF8);
    if (raw.utf8InGbk) this.garbled(cells, (cell) => NON_ASCII.test(cell), REASON_UTF8_IN_GBK);
    for (let i = 0; i < cells.length && i < width; i++) {
      const cell = cells[i];
      if (typeof cell !== "string") continue;
      const reason = cellReason(cell);
      if (reason) this.flag(i, reason === REASON_TOO_LONG ? tooLongShown(cell) : cell, reason);
    }
    if (raw.uncalculated) {
      for (const u of raw.uncalculated) {
        if (u.column >= width) continue;
        if (u.error === undefined) this.flag(u.column, u.formula, REASON_UNCALCULATED);
        else this.flag(u.column, u.formula ? `${u.error}（${u.formula}）` : u.error, formulaErrorReason(u.error));
      }
    }
    if (raw.refused) for (const u of raw.refused) if (u.column < width) this.flag(u.column, u.value, u.reason);
    // a CSV line with fewer cells than the header has columns: not blanks left unwritten (Excel, WPS and LibreOffice
    // write every cell of a row, empty ones too) but a line broken in two, or cut short; its missing cells read as empty
    // would store nothing where the file meant something (and blank what an earlier import stored). A spreadsheet's
    // rows end at their last cell with a value: there a short row is the usual thing.
    if (this.format === "csv" && raw.cells.length < width && cells.some((cell) => parseText(cell ?? null) !== null)) {
      const first = raw.cells.length;
      this.problemAt(this.binding.labels[first] || columnNumberLabel(first), "", shortRowReason(first, width));
      // its missing cells are not read as empty values, with a problem of their own each (a required one left empty)
      for (let i = first; i < width; i++) this.silence(i);
    }
    // one text in the first column, no required value: a line below the table whose words are not known (导出人：张三 was
    // refused with five 必填项为空, its text nowhere), said once with its text
    if (this.problems.length === 0) {
      const lone = raw.beyond ? null : this.loneText(cells);
      if (lone !== null) {
        this.problemAt(this.binding.labels[0] || columnNumberLabel(0), lone, loneTextReason(raw.row, lone));
        for (let i = 0; i < width; i++) this.silence(i);
        return;
      }
    }
    // a date without its time of day, the time in a column of its own beside it (受理时间 2018-11-05, 受理时刻 14:03):
    // read alone the time would be 00:00, and a late closing on time
    for (const { key, column } of this.binding.timeOfDay) {
      const at = this.binding.indexOf[key];
      const time = cells[column] ?? null;
      if (at === undefined || parseText(time) === null || !dateWithoutTime(cells[at] ?? null)) continue;
      const spec = this.binding.fieldAt[at];
      this.problemAt(this.binding.labels[column] ?? "", cellText(time), splitTimeReason(spec?.zh ?? key, this.binding.labels[at] ?? ""));
    }
    let extraFound = false;
    for (let i = width; i < raw.cells.length; i++) {
      const extra = raw.cells[i] ?? null;
      if (parseText(extra) !== null && !this.secondRowColumns?.has(i)) {
        this.problemAt(columnNumberLabel(i), cellText(extra), extraCellsReason(this.format, i, width));
        extraFound = true;
        break;
      }
    }
    // a value beyond the columns read (READ_COLUMNS): as a value in any column without a name
    if (!extraFound && raw.beyond && parseText(raw.beyond.value) !== null)
      this.problemAt(columnNumberLabel(raw.beyond.column), cellText(raw.beyond.value), extraCellsReason(this.format, raw.beyond.column, width));
  }

  /** A row read in the wrong encoding: said once, at its first garbled cell; those cells are not checked further. */
  private garbled(cells: readonly Cell[], isGarbled: (cell: string) => boolean, reason: Reason): void {
    const first = cells.findIndex((cell) => typeof cell === "string" && isGarbled(cell));
    this.problemAt(first >= 0 ? this.binding.labels[first] || columnNumberLabel(first) : "", cellText(cells[first] ?? null), reason);
    for (let i = 0; i < cells.length && i < this.binding.width; i++) {
      const cell = cells[i];
      if (typeof cell === "string" && isGarbled(cell)) this.silence(i);
    }
  }

  /** A row that is no record: a total (合计, 总计, 小计 in one of its first cells), or the header repeated. */
  private notARecord(cells: readonly Cell[]): { column: number; text: string; kind: SkippedRow["kind"] } | null {
    const { width } = this.binding;
    // every row is asked, so the header's keys are made once, and a row stops being a header at its first other cell
    // (a record's first cell, its id, is never its column's name): a key is made of one cell of a record, not of each
    this.labelKeys ??= this.binding.labels.map((label) => (label ? columnKey(label) : ""));
    let same = 0;
    for (let i = 0; i < cells.length && i < width; i++) {
      const text = parseText(cells[i] ?? null);
      if (text === null) continue;
      const key = this.labelKeys[i];
      if (!key || (text !== key && columnKey(text) !== key)) {
        same = -1;
        break;
      }
      same++;
    }
    if (same >= 2) return { column: 0, text: cellText(cells[0] ?? null), kind: "header" };
    // a cell alone in its row: a title above the header again (a paged export, an HTML table a page under the report's
    // title and the header, was refused with four 必填项为空 a page for it: a finder's export files), or a page footer
    const alone = loneText(cells, width);
    if (alone && this.titles.has(columnKey(alone.text))) return { ...alone, kind: "title" };
    for (let i = 0; i < Math.min(3, cells.length, width); i++) {
      const text = parseText(cells[i] ?? null);
      if (text === null) continue;
      // the words are short: a long cell is no total, whatever its spaces
      if (text.length <= TOTAL_TEXT_MAX) {
        const key = columnKey(text);
        const kind = TOTAL_ROW.test(key)
          ? "total"
          : FOOTNOTE.test(key) || (SIGN_OFF.test(key) && cells.every((cell, j) => j === i || parseText(cell ?? null) === null))
            ? "footnote"
            : null;
        // a record's own text in a column it does not require (a 工单标题 注：请尽快处理, 共计 30 件): every required
        // column filled, it is a record — a total or a footnote leaves them empty, or sums a figure in one. A finder's
        // export lost five complete orders, each told of as 表格末尾的说明 or 合计行 in the middle of the table. In a
        // required column the words are the row's id or unit (工单编号 合计, 单位 合计), in the 序号 column a row number's
        // place (合计,35,35个单位,全部 was read as a unit coded 35: a review): no record's.
        if (kind && (this.requiredOf().includes(i) || this.rowNumberColumns.has(i) || !this.complete(cells))) return { column: i, text, kind };
      }
      break;
    }
    // a page footer, alone in its row wherever it is (centred under a merged cell: a column in the middle)
    if (alone && alone.text.length <= TOTAL_TEXT_MAX && PAGE_FOOTER.test(columnKey(alone.text))) return { ...alone, kind: "footnote" };
    return this.subtotal(cells) ?? this.onlyFigures(cells);
  }

  /**
   * A row a spreadsheet's 分类汇总 inserted (Excel, WPS: 数据→分类汇总; LibreOffice: 数据→小计), or a clerk's like it: in
   * the grouped column the group's value and a word (测试甲镇 汇总, 测试甲镇 计数; at the end 总计, 总计数), in each column
   * counted or summed =SUBTOTAL(…)'s figure, nothing else. Its first cell is often that figure (工单编号 counted), so
   * the words of the first cells did not find it, nor does TOTAL_ROW a word after a unit's name: the file was refused
   * with 12 problems, one advising 测试甲镇 汇总 as the unit's alias (a data clerk's walk). A record must not be taken
   * for one, so it is a subtotal only when all of these hold:
   * - one cell of words, the rest figures: a record has words besides (an order its 来源, a fact its 单位 or 事项);
   * - a required column empty: a record fills them all (a fact 受理量合计 of unit 301, year 2018, value 12 is one);
   * - the words a total's (TOTAL_ROW, GRAND_TOTAL) or a group's: the value the record row above has in that column
   *   with a word after it (测试甲镇 汇总 below 测试甲镇's rows), or, in a unit column, a unit's name with a word after
   *   it (the summary above its group's rows: Excel's 汇总结果显示在数据下方 unticked).
   */
  private subtotal(cells: readonly Cell[]): { column: number; text: string; kind: SkippedRow["kind"] } | null {
    // asked first: every record fills its required columns, so this ends the question for nearly every row read
    if (this.complete(cells)) return null;
    let column = -1;
    for (let i = 0; i < cells.length && i < this.binding.width; i++) {
      const cell = cells[i] ?? null;
      const text = parseText(cell);
      if (text === null || isFigure(cell, text)) continue;
      if (column >= 0) return null;
      column = i;
    }
    if (column < 0) return null;
    const text = parseText(cells[column] ?? null) as string;
    if (text.length > TOTAL_TEXT_MAX) return null;
    const key = columnKey(text);
    if (TOTAL_ROW.test(key) || GRAND_TOTAL.test(key)) return { column, text, kind: "total" };
    const group = SUBTOTAL_LABEL.exec(text)?.[1];
    if (group === undefined) return null;
    const above = parseText(this.lastRecord?.[column] ?? null);
    const ofGroup =
      (above !== null && columnKey(above) === columnKey(group)) || (this.binding.fieldAt[column]?.type === "unit" && this.resolveUnit?.(group) !== undefined);
    return ofGroup ? { column, text, kind: "total" } : null;
  }

  /**
   * The text of a row whose only value is text in its first column, a column no record requires (序号, or one not
   * read): null for any other row. A required first column's value alone (an id, SJ3) is a record's, its other required
   * cells each said to be empty.
   */
  private loneText(cells: readonly Cell[]): string | null {
    const first = cells[0] ?? null;
    const text = parseText(first);
    if (text === null || typeof first !== "string" || FIGURE.test(text)) return null;
    for (let i = 1; i < cells.length; i++) if (parseText(cells[i] ?? null) !== null) return null;
    return this.requiredOf().includes(0) ? null : text;
  }

  /** Does the row fill every column a record requires? */
  private complete(cells: readonly Cell[]): boolean {
    return this.requiredOf().every((i) => parseText(cells[i] ?? null) !== null);
  }

  /** The columns of the required fields. */
  private requiredOf(): number[] {
    this.requiredColumns ??= RECORD_FIELDS[this.binding.kind].flatMap((f) => {
      const at = f.required ? this.binding.indexOf[f.key] : undefined;
      return at === undefined ? [] : [at];
    });
    return this.requiredColumns;
  }

  /**
   * A row past the records that a formula filled down (`=D2+7`, `=IF(…, 0)`) over cells left empty: none of the names a
   * record is found by (工单编号, 承办单位 …), and nothing but what such a formula gives — a date in the first days of
   * Excel's calendar (1900-01, the serial of a small number) or 0. Refused, the whole file was, for four empty cells and
   * a date out of range a row (found by a helper).
   */
  onlyFormulaResidue(cells: readonly Cell[]): boolean {
    const names = this.nameColumnsOf();
    if (names.length === 0 || names.some((i) => parseText(cells[i] ?? null) !== null)) return false;
    let any = false;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      // a 序号 filled down beside the formula: the template's, as much as the formula is (a review)
      if (cell === null || cell === undefined || cell === "" || this.rowNumberColumns.has(i)) continue;
      const residue = (cell instanceof Date && cell.getTime() < EXCEL_FIRST_MONTH_END) || cell === 0;
      if (!residue) return false;
      any = true;
    }
    return any;
  }

  /** The columns of the required names a record is found by (工单编号, 承办单位 …). */
  private nameColumnsOf(): number[] {
    this.nameColumns ??= RECORD_FIELDS[this.binding.kind]
      .filter((f) => f.required && (f.type === "text" || f.type === "unit"))
      .map((f) => this.binding.indexOf[f.key])
      .filter((i): i is number => i !== undefined);
    return this.nameColumns;
  }

  /**
   * A total without its word: a row of figures alone (the sums of 退回重办次数, 次数), with none of the names a record is
   * found by (工单编号, 承办单位…). No record is without them; refused, the whole file was, for cells said to be empty.
   */
  private onlyFigures(cells: readonly Cell[]): { column: number; text: string; kind: SkippedRow["kind"] } | null {
    const names = this.nameColumnsOf();
    if (names.length === 0 || names.some((i) => parseText(cells[i] ?? null) !== null)) return null;
    let first = -1;
    for (let i = 0; i < cells.length && i < this.binding.width; i++) {
      const cell = cells[i] ?? null;
      const text = parseText(cell);
      if (text === null) continue;
      if (typeof cell !== "number" && !FIGURE.test(text)) return null;
      if (first < 0) first = i;
    }
    return first < 0 ? null : { column: first, text: cellText(cells[first] ?? null), kind: "total" };
  }

  problemAt(column: string, value: string, reason: Reason): void {
    this.problems.push({ file: this.file, row: this.row, column, value: displayValue(value), reason: reason.zh, reasonEn: reason.en });
  }

  /** A problem with the cell itself: reported once, and the cell read as empty. */
  private flag(index: number, value: string, reason: Reason): void {
    if (this.flagged?.has(index)) return;
    this.problemAt(this.binding.labels[index] || columnNumberLabel(index), value, reason);
    this.silence(index);
  }

  /** A cell already reported: read as empty, with no further reasons. */
  private silence(index: number): void {
    this.flagged ??= new Set();
    this.flagged.add(index);
    if (this.cells[index] !== null) {
      // the row's cells are this row's own: read the cell as empty from here on
      this.cells[index] = null;
    }
  }

  /** The column of a field (by key) or of an extra column (by its attribute name). */
  private columnOf(key: string): number | undefined {
    const index = this.binding.indexOf[key];
    if (index !== undefined) return index;
    const extra = this.binding.attributeAt.indexOf(key);
    return extra < 0 ? undefined : extra;
  }

  problem(key: string, reason: Reason): void {
    this.faulty ??= new Set();
    this.faulty.add(key);
    const index = this.columnOf(key);
    if (index !== undefined && this.flagged?.has(index)) return;
    const label = index === undefined ? key : (this.binding.labels[index] ?? key);
    this.problemAt(label, cellText(this.cellOf(key)), reason);
  }

  /** The field's cell had no problem on this row (nor was it unreadable, then read as empty). */
  sound(key: string): boolean {
    const index = this.binding.indexOf[key];
    return !this.faulty?.has(key) && !(index !== undefined && this.flagged?.has(index));
  }

  /** Whether the file has a column for a field (by key) or an extra column (by its attribute name). */
  hasColumn(key: string): boolean {
    return this.columnOf(key) !== undefined;
  }

  /** The cell of a field or an extra column (a check's: not on the path every row takes). */
  cellOf(key: string): Cell {
    const index = this.columnOf(key);
    return index === undefined ? null : (this.cells[index] ?? null);
  }

  cell(key: string): Cell {
    const index = this.binding.indexOf[key];
    return index === undefined ? null : (this.cells[index] ?? null);
  }

  private checked<T>(key: string, value: T | Invalid | null, required: boolean): T | null {
    if (value instanceof Invalid) {
      this.problem(key, value.reason);
      return null;
    }
    // a missing column was reported once for the file, not on every row
    if (value === null && required && this.binding.indexOf[key] !== undefined) this.problem(key, REASONS.required);
    return value;
  }

  text(key: string, required = false): string | null {
    const text = this.checked(key, parseText(this.cell(key)), required);
    return text === null ? null : detach(text);
  }

  /** An id, code or name others refer to: short, no invisible characters, and not a number a spreadsheet cut short. */
  key(key: string, required = false): string | null {
    const text = this.text(key, required);
    if (text === null) return null;
    const bad = text.length > IMPORT_LIMITS.keyChars ? REASON_KEY_TOO_LONG : (forbiddenCharacterReason(text) ?? lostDigitsReason(this.cell(key), text));
    if (bad) this.problem(key, bad);
    return text;
  }

  /**
   * An order's or event's id (工单编号, 事件编号, 关联工单): a `key`, full-width letters and digits folded to half-width as
   * unit codes are matched (ＧＤ００１ is GD001), so a later export that writes it half-width finds the same record. An
   * apostrophe before it is Excel's mark of a text cell, which platforms write into CSV to keep a long id's digits
   * ('2018120300012): not part of the id ('PX001 was stored beside PX001 as another order, counted twice).
   */
  id(key: string, required = false): string | null {
    const text = this.key(key, required);
    return text === null ? null : withoutTextMark(normalizeHeader(text));
  }

  /**
   * An event type or a checklist item: a `key` without spaces, as a rubric names it (a rubric's names have none):
   * 行政 不作为, padded to align a column, is 行政不作为 (it was stored so, and warned of as a type no rubric declares).
   */
  name(key: string, required = false): string | null {
    const text = this.key(key, required);
    return text === null ? null : text.replace(/\s+/g, "");
  }

  unit(key: string): string | null {
    const written = this.key(key, true);
    // a code written '0101 is the code 0101, as an id is (withoutTextMark)
    const reference = written === null ? null : withoutTextMark(written);
    // a reference said to be unreadable (too long, a number cut short) is not looked up as well
    if (reference === null || !this.resolveUnit || !this.sound(key)) return reference;
    const code = this.resolveUnit(reference);
    if (code === undefined) this.problem(key, unknownUnitReason(reference, this.resolveUnit, this.binding.kind));
    return code ?? reference;
  }

  date(key: string, mode: DateMode, required = false): number | null {
    const cell = this.cell(key);
    const value = parseDate(cell, mode, this.date1904);
    // a serial day number written as text, in a column of moments (a day's column keeps its day): noted for its column
    // (`cutSerials`); one comparison for any other cell (2018-11-01 has no dot after its fifth character)
    if (mode !== "day" && typeof value === "number" && typeof cell === "string" && cell.charCodeAt(5) === 46) this.noteSerial(key, cell, value);
    if (value instanceof Invalid && value.reason === REASONS.notDate) {
      // a holiday's days in one cell (2019-02-04至2019-02-10), a deadline as days (5个工作日): what was meant, and what to
      // write (only 无法识别的日期 was said: a county-data walk)
      const span = this.binding.kind === "calendar" ? dateSpan(cell) : null;
      if (span) return this.checked<number>(key, new Invalid(dateSpanReason(span)), required);
      const duration = this.binding.kind === "orders" ? DEADLINE_NOT_DURATION[key] : undefined;
      const text = parseText(cell);
      if (duration && text !== null && DURATION.test(text.normalize("NFKC"))) return this.checked<number>(key, new Invalid(duration), required);
    }
    // a placeholder (无, NULL, 1900-01-01) where there is no such time: what to write instead
    const hint = EMPTY_WHEN_NONE[key];
    if (hint && value instanceof Invalid && (value.reason === REASONS.notDate || value.reason === REASONS.dateOutOfRange)) {
      return this.checked<number>(key, new Invalid({ zh: `${value.reason.zh}；${hint.zh}`, en: `${value.reason.en}; ${hint.en}` }), required);
    }
    return this.checked(key, value, required);
  }

  /**
   * A serial day number with a fraction, written as text (`43405.58`), in a moment's column: how many decimals it has,
   * and whether it is a time people write (a whole minute; a whole hour in a column of one decimal, where every value
   * is a whole minute). Once the column has a value of more decimals than a cut one keeps, nothing more is looked at.
   */
  private noteSerial(key: string, text: string, at: number): void {
    this.serials ??= new Map();
    let column = this.serials.get(key);
    if (!column) {
      column = { decimals: 0, count: 0 };
      this.serials.set(key, column);
    }
    // (the caller saw its dot after five characters: a serial as parseDate reads one, SERIAL_TEXT, has a fraction)
    if (column.decimals > CUT_DECIMALS_MAX || !SERIAL_TEXT.test(text)) return;
    const decimals = text.length - 6;
    if (decimals > column.decimals) column.decimals = decimals;
    if (decimals > CUT_DECIMALS_MAX) return;
    column.count++;
    // the fraction as whole ten-thousandths or less (58 of 100): exact, no floating point to round
    const fraction = Number(text.slice(6));
    const of = 10 ** decimals;
    if (!column.offMinute && (fraction * 1440) % of !== 0) column.offMinute = { row: this.row, text, at };
    if (!column.offHour && (fraction * 24) % of !== 0) column.offHour = { row: this.row, text, at };
  }

  /**
   * The moment columns whose times a number format of few decimals cut (0.00: `cutSerialReason`), told once their
   * rows are all read: every serial day number of the column has at most three decimals, and some are no time people
   * write. Excel's General format writes a time to the second with up to ten decimals, and as few as it needs only for
   * the odd time that has them (13:55:12 is 43405.58), so a column of real times so written has most of them long; a
   * column whose every value is short was rounded to its format's decimals (43405.58 is any time of ±7 minutes about
   * 13:55:12), and which orders are late cannot be told from it. (One cell cannot tell: its column can.)
   */
  cutSerials(): ImportProblem[] {
    if (!this.serials) return [];
    const out: ImportProblem[] = [];
    for (const [key, column] of this.serials) {
      if (column.decimals === 0 || column.decimals > CUT_DECIMALS_MAX || column.count < CUT_VALUES_MIN) continue;
      const example = column.decimals === 1 ? column.offHour : column.offMinute;
      if (!example) continue;
      const index = this.binding.indexOf[key] as number;
      const label = this.binding.labels[index] || (this.binding.fieldAt[index]?.zh ?? key);
      const reason = cutSerialReason(label, column.decimals, column.count, example);
      out.push({ file: this.file, row: 0, column: label, value: example.text, reason: reason.zh, reasonEn: reason.en });
    }
    return out;
  }

  /**
   * A required deadline (办理时限), noting one written at 00:00 exactly (2018-12-10 00:00:00: the day's start, as
   * written; a platform keeping deadlines as dates writes them so). 24:00, which is read as the next day's 00:00, and a
   * date alone (the day's end) are not.
   */
  deadlineAt(key: string): number {
    const at = this.date(key, "deadline", true) ?? Number.NaN;
    if (Number.isFinite(at) && (at + SHANGHAI_OFFSET_MS) % DAY_MS === 0 && !/(^|[^\d])24\s*[:：时点]/.test(cellText(this.cell(key))))
      this.midnightDeadline = true;
    return at;
  }

  /**
   * The cell of an optional field, what an export writes for none (—, -, /, 无, NULL: `isNoValue`) read as empty, as a
   * date column reads it: a platform writes the same dash in every empty cell of a row (a 结果满意度 of — was refused
   * beside an 办结时间 of — read as none). Required fields do not: a placeholder is no 年度, 事项的值 or 休/班.
   */
  private optional<T>(key: string, parse: (cell: Cell) => T | Invalid | null): T | Invalid | null {
    const cell = this.cell(key);
    const value = parse(cell);
    // asked only of a cell its column does not read (是, 满意, 3 pay nothing: folding every cell first cost ~0.9 s a
    // million orders, a review)
    return value instanceof Invalid && isNoValue(cell) ? null : value;
  }

  boolean(key: string): boolean {
    return this.checked(key, this.optional(key, parseBoolean), false) ?? false;
  }

  satisfaction(key: string): Satisfaction | null {
    return this.checked(key, this.optional(key, parseSatisfaction), false);
  }

  /** 来源: open text, held to the limits of an id or name (a rubric compares it with the sources it declares). */
  source(key: string): string | null {
    return this.key(key, true);
  }

  closureType(key: string): string | null {
    return this.checked(key, this.optional(key, parseClosureType), false);
  }

  count(key: string, min: 0 | 1): number {
    return (
      this.checked(
        key,
        this.optional(key, (c) => parseCount(c, min)),
        false,
      ) ?? min
    );
  }

  number(key: string): number | null {
    return this.checked(key, this.optional(key, parseNumber), false);
  }

  year(key: string): number | null {
    return this.checked(key, parseYear(this.cell(key)), true);
  }

  month(key: string): string | null {
    return this.checked(key, this.optional(key, parseMonth), false);
  }

  factValue(key: string): boolean | number | null {
    return this.checked(key, parseFactValue(this.cell(key)), true);
  }

  dayType(key: string): "休" | "班" | null {
    return this.checked(key, parseDayType(this.cell(key)), true);
  }

  attributes(): Record<string, string> {
    const attributes: Record<string, string> = {};
    const { attributeAt } = this.binding;
    for (let i = 0; i < attributeAt.length; i++) {
      const name = attributeAt[i];
      if (name === undefined) continue;
      const value = parseText(this.cells[i] ?? null);
      if (value !== null) attributes[name] = value;
    }
    return attributes;
  }
}

// Records are built even when a cell is bad (with a placeholder), so a caller
// that only needs some fields of a faulty row (e.g. unit codes) can have them.

function buildUnit(c: RowCursor): Unit {
  const unit: Unit = {
    code: c.key("code", true) ?? "",
    name: c.key("name", true) ?? "",
    category: c.key("category", true) ?? "",
    attributes: c.attributes(),
  };
  // (a unit assessed every month has neither, as a yearly fact has no month)
  const from = c.month("fromMonth");
  const until = c.month("untilMonth");
  if (from !== null) unit.fromMonth = from;
  if (until !== null) unit.untilMonth = until;
  if (from !== null && until !== null && until < from)
    c.problem("untilMonth", {
      zh: `截止月份早于起始月份 ${from}：单位参加考核的最后一个月应与第一个月同月或在其后`,
      en: `the last month assessed is before the first (${from})`,
    });
  return unit;
}

/** Text without Excel's text mark before it (an apostrophe, full-width ＇ folded to it already where normalized). */
const withoutTextMark = (text: string) => (text.length > 1 && (text.charCodeAt(0) === 39 || text.charCodeAt(0) === 0xff07) ? text.slice(1).trimStart() : text);

function buildOrder(c: RowCursor): Order {
  const order: Order = {
    id: c.id("id", true) ?? "",
    unit: c.unit("unit") ?? "",
    source: c.source("source") ?? "",
    kind: c.text("kind"),
    receivedAt: c.date("receivedAt", "start", true) ?? Number.NaN,
    dueAt: c.deadlineAt("dueAt"),
    extendedTo: c.date("extendedTo", "deadline"),
    closedAt: c.date("closedAt", "start"),
    delayExcused: c.boolean("delayExcused"),
    returned: c.boolean("returned"),
    returnAccepted: c.boolean("returnAccepted"),
    redoCount: c.count("redoCount", 0),
    anonymous: c.boolean("anonymous"),
    visited: c.boolean("visited"),
    processSatisfaction: c.satisfaction("processSatisfaction"),
    resultSatisfaction: c.satisfaction("resultSatisfaction"),
    closureType: c.closureType("closureType"),
    rebound: c.boolean("rebound"),
    leaderInstructed: c.boolean("leaderInstructed"),
    attributes: c.attributes(),
  };
  if (order.returnAccepted && !order.returned && c.binding.indexOf.returned !== undefined) {
    c.problem("returnAccepted", REASON_RETURN_NOT_RETURNED);
  }
  c.happened("receivedAt", order.receivedAt, { zh: "受理时间", en: "received" });
  c.happened("closedAt", order.closedAt, { zh: "办结时间", en: "closed" });
  const received = order.receivedAt;
  if (!Number.isNaN(received)) {
    if (order.dueAt < received) c.problem("dueAt", REASON_DEADLINE_BEFORE_RECEIVED("办理时限", received));
    if (order.extendedTo !== null && order.extendedTo < received) c.problem("extendedTo", REASON_DEADLINE_BEFORE_RECEIVED("延期至", received));
    // an extension only puts the deadline later: one before it would make the order late by the earlier date
    else if (order.extendedTo !== null && order.extendedTo < order.dueAt) c.problem("extendedTo", REASON_EXTENSION_BEFORE_DEADLINE(order.dueAt));
    const closed = order.closedAt;
    // 办结时间 given as a date alone (the start of the day) on the day received is not before it
    if (closed !== null && closed < received && !(closed === startOfShanghaiDay(closed) && closed + DAY_MS > received)) {
      c.problem("closedAt", REASON_CLOSED_BEFORE_RECEIVED(received));
    }
  }
  return order;
}

function buildEvent(c: RowCursor): HotlineEvent {
  const event: HotlineEvent = {
    id: c.id("id", true) ?? "",
    unit: c.unit("unit") ?? "",
    date: c.date("date", "day", true) ?? Number.NaN,
    type: c.name("type", true) ?? "",
    count: c.count("count", 1),
    points: c.number("points"),
    orderId: c.id("orderId"),
    note: c.text("note"),
    attributes: c.attributes(),
  };
  // the points an event costs (or earns, as the rubric's rule says): a negative one would turn a deduction into an
  // addition unsaid; an event recorded in error is corrected or deleted, not cancelled by another
  if (event.points !== null && event.points < 0) c.problem("points", REASON_NEGATIVE_POINTS);
  c.happened("date", event.date, { zh: "事件日期", en: "the event's date" });
  return event;
}

function buildFact(c: RowCursor): Fact {
  const year = c.year("year") ?? Number.NaN;
  const month = c.month("month");
  if (month !== null && !Number.isNaN(year) && Number(month.slice(0, 4)) !== year)
    c.problem("month", { zh: `月份不在年度 ${year} 之内`, en: `the month is not in the year ${year}` });
  const fact: Fact = {
    unit: c.unit("unit") ?? "",
    year,
    item: c.name("item", true) ?? "",
    value: c.factValue("value") ?? false,
  };
  if (month !== null) fact.month = month;
  else {
    // a 月份 that is not a month is a problem already; the row stays a monthly one, not a second yearly row
    const text = parseText(c.cell("month"));
    if (text !== null && !isNoValue(text)) fact.month = text;
  }
  return fact;
}

function buildCalendarDay(c: RowCursor): CalendarDay {
  return {
    date: c.date("date", "day", true) ?? Number.NaN,
    type: c.dayType("type") ?? "休",
    note: c.text("note"),
  };
}

const BUILDERS: { [K in RecordKind]: (cursor: RowCursor) => RecordOf[K] } = {
  units: buildUnit,
  orders: buildOrder,
  events: buildEvent,
  facts: buildFact,
  calendar: buildCalendarDay,
};

type UniquenessCheck<T> = (record: T, cursor: RowCursor) => void;

/**
 * Reports a value seen before in the file, naming the row that had it first. `folded`: values are the same by
 * `columnKey` (full-width or half-width, spaces anywhere: 县住房公积金 中心 and 县住房公积金中心), as a unit is found by its
 * name or code: one written otherwise is reported with the first's spelling.
 */
function firstOccurrence(what: Reason, folded = false): (key: string, value: string, cursor: RowCursor) => void {
  const seen = new Map<string, { row: number; value: string }>();
  return (key, value, cursor) => {
    if (value === "") return;
    const at = folded ? columnKey(value) : value;
    const first = seen.get(at);
    if (first === undefined) seen.set(at, { row: cursor.row, value });
    else if (first.value === value) {
      cursor.problem(key, { zh: `${what.zh}重复（第 ${first.row} 行已有）`, en: `duplicate ${what.en} (already on row ${first.row})` });
    } else {
      cursor.problem(key, {
        zh: `${what.zh}与第 ${first.row} 行的“${first.value}”只差全角半角或空格：工单、事件按名称或编码找单位时不分全角半角、不看空格，会分不清是哪一个；请改成不同的${what.zh}，或删去多余的一行`,
        en: `duplicate ${what.en}: row ${first.row} has ${first.value}, which differs only in full-width/half-width characters or spaces`,
      });
    }
  };
}

/**
 * A fact (unit, year or month, item) given a second time, said with both values: a year's file with 新城镇 领导小组 是
 * and, three rows on, 否 was refused as "重复（第5行已有）" alone, leaving the center to find which row says what and
 * that one is to go. (A fact has no id of its own: two rows are one fact twice, refused even when they agree.)
 */
function repeatedFact(what: Reason): (key: string, value: Fact["value"], cursor: RowCursor) => void {
  const seen = new Map<string, { row: number; value: Fact["value"] }>();
  const shown = (v: Fact["value"]) => (typeof v === "boolean" ? (v ? "是" : "否") : String(v));
  return (key, value, cursor) => {
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, { row: cursor.row, value });
      return;
    }
    cursor.problem(
      "item",
      first.value === value
        ? {
            zh: `${what.zh}重复（第 ${first.row} 行已有，值同为“${shown(value)}”）：每项只能有一行，请删去多余的一行`,
            en: `duplicate ${what.en} (already on row ${first.row}, the same value)`,
          }
        : {
            zh: `${what.zh}重复（第 ${first.row} 行已有），两行的值不同（第 ${first.row} 行“${shown(first.value)}”，本行“${shown(value)}”）：每项只能有一行，请删去不对的一行`,
            en: `duplicate ${what.en} (already on row ${first.row}) with another value (${shown(first.value)} there, ${shown(value)} here)`,
          },
    );
  };
}

/**
 * Within one file: unit codes and names unique, one fact per unit, year and
 * item (per unit, month and item for a monthly row). (Order and event ids: see `RecordIds`, which may span files.)
 */
const UNIQUENESS: { [K in RecordKind]: () => UniquenessCheck<RecordOf[K]> | undefined } = {
  units: () => {
    // as orders and events find a unit (unit-index.ts): full-width and half-width alike, spaces aside
    const code = firstOccurrence({ zh: "单位编码", en: "unit code" }, true);
    const name = firstOccurrence({ zh: "单位名称", en: "unit name" }, true);
    return (unit, cursor) => {
      code("code", unit.code, cursor);
      name("name", unit.name, cursor);
    };
  },
  orders: () => undefined,
  events: () => undefined,
  facts: () => {
    const fact = repeatedFact({ zh: "同一单位、年度、事项的事实", en: "fact for this unit, year and item" });
    const monthly = repeatedFact({ zh: "同一单位、月份、事项的事实", en: "fact for this unit, month and item" });
    return (f, cursor) => {
      if (f.unit === "" || f.item === "" || Number.isNaN(f.year)) return;
      if (f.month) monthly(`${f.unit}\u0000${f.month}\u0000${f.item}`, f.value, cursor);
      else fact(`${f.unit}\u0000${f.year}\u0000${f.item}`, f.value, cursor);
    };
  },
  calendar: () => {
    const day = firstOccurrence({ zh: "日期", en: "date" });
    return (d, cursor) => {
      if (!Number.isNaN(d.date)) day("date", String(d.date), cursor);
    };
  },
};

/**
 * A row as checked: `record` is built even when the row has problems (with
 * placeholders for bad cells), and is null only for the header row, a file
 * problem, or any row when the header has problems.
 */
export interface CheckedRow<T> {
  row: number;
  record: T | null;
  problems: readonly ImportProblem[];
  /**
   * For an order or event whose id an earlier row of the import had:
   * `identical` (same content: the row adds nothing, skip it) or `replaces`
   * (other content, and the later row wins by the caller's choice).
   */
  repeat?: "identical" | "replaces";
  /** the earlier row it repeats (with `repeat`): its file (or sheet, as problems name it) and row */
  repeatOf?: { file: string; row: number };
  /** a row that is no record and says so (no record, no problem) */
  skipped?: SkippedRow;
  /** the row is hidden in its sheet (by hand or by a filter): read as any other, and told of (people hide rows to leave them out) */
  hidden?: true;
  /** an order's 办理时限 written at 00:00 exactly (RowCursor.deadlineAt) */
  midnightDeadline?: true;
  /**
   * An order's or event's id on a row with problems in other columns only (its own cell read soundly): what the
   * import's checks of ids against the stored ones still look at, so its problem is told with the others at once.
   */
  soundId?: string;
}

function fileProblem(file: string, reason: string, reasonEn: string): CheckedRow<never>[] {
  return [{ row: 0, record: null, problems: [{ file, row: 0, column: "", value: "", reason, reasonEn }] }];
}

const ID_LABELS: Record<"orders" | "events", Reason> = {
  orders: { zh: "工单编号", en: "order id" },
  events: { zh: "事件编号", en: "event id" },
};

function repeatReason(kind: "orders" | "events", file: string, row: number, repeat: Extract<Repeat, { kind: "different" }>): Reason {
  const what = ID_LABELS[kind];
  const { earlier } = repeat;
  const same = earlier.file === file;
  const where = same ? `第 ${earlier.row} 行` : `${earlier.file} 第 ${earlier.row} 行`;
  const whereEn = same ? `row ${earlier.row}` : `${earlier.file} row ${earlier.row}`;
  // another sheet of the same workbook is named, as "本文件" would be either sheet
  const sheets = !same && workbookOf(earlier.file) === workbookOf(file);
  const here = same ? "" : sheets ? `${file} ` : "本文件";
  return {
    zh: `${what.zh}重复（${where}已有），两行内容不同（${where}与${here}第 ${row} 行${repeat.columns.length > 0 ? `，不同的列：${repeat.columns.join("、")}` : ""}）：每个编号只能有一行，请删去多余的一行；如后一行是更正，可勾选“以后出现的行为准”（命令行 --later-row-wins）再导入`,
    en: `duplicate ${what.en} (already on ${whereEn}) with different content (${whereEn} and ${sheets ? `${file} ` : ""}row ${row}${repeat.columns.length > 0 ? `; columns differing: ${repeat.columns.join(", ")}` : ""}): keep one row per id, or import with "later row wins" (--later-row-wins)`,
  };
}

/** Problems of the header row's cells themselves (NUL, too long). */
function headerCellProblems(file: string, raw: RawRow): ImportProblem[] {
  const out: ImportProblem[] = [];
  raw.cells.forEach((cell, i) => {
    if (typeof cell !== "string") return;
    const reason = cellReason(cell);
    if (reason) out.push({ file, row: raw.row, column: columnNumberLabel(i), value: displayValue(cell.slice(0, 30)), reason: reason.zh, reasonEn: reason.en });
  });
  return out;
}

/** The header is that of another kind of file than the one it is read as: which, and the columns it lacks for this kind. */
function wrongKindProblem(file: string, row: number, kind: RecordKind, headerKind: RecordKind, missing: readonly FieldSpec[]): ImportProblem {
  return {
    file,
    row,
    column: "",
    value: "",
    reason: `此文件按“${RECORD_KIND_LABELS[kind]}”读取（由文件名或所选种类判断），但表头是“${RECORD_KIND_LABELS[headerKind]}”文件的列，缺少“${RECORD_KIND_LABELS[kind]}”文件的必需列：${missing.map((spec) => spec.zh).join("、")}。请确认是否选错了文件，或改正文件名、所选种类（命令行：--kind）`,
    reasonEn: `read as a ${kind} file (by its name or the chosen kind), but its header is that of a ${headerKind} file; missing ${missing.map((spec) => spec.key).join(", ")}`,
  };
}

/** The columns a header gives (fields by their Chinese names, extra columns as written), sorted. */
function headerColumns(binding: HeaderBinding): string[] {
  const fields = binding.fieldAt.filter((spec): spec is FieldSpec => spec !== undefined).map((spec) => spec.zh);
  const extra = binding.attributeAt.filter((name): name is string => name !== undefined);
  return [...new Set([...fields, ...extra])].sort();
}

/** Why a later sheet's columns cannot be read with the first sheet's, or null when they are the same. */
function columnsDiffer(first: { label: string; columns: string[] }, columns: readonly string[]): Reason | null {
  const lacks = first.columns.filter((c) => !columns.includes(c));
  const adds = columns.filter((c) => !first.columns.includes(c));
  if (lacks.length === 0 && adds.length === 0) return null;
  const said = [lacks.length > 0 ? `缺少 ${lacks.join("、")}` : "", adds.length > 0 ? `多出 ${adds.join("、")}` : ""].filter(Boolean).join("，");
  return {
    // a sheet made from the data (超期工单: some rows again, with 超期天数) is the usual one, and neither making the
    // headers the same nor saving it apart is right for it: it is to be left out, and a hidden sheet is not read
    // (chooseSheetsBy), a county-data walk
    zh: `此工作表的列与 ${first.label} 不同（${said}）：同一文件的各工作表按同样的列一并导入。若此表不是要导入的数据（汇总、筛选、分析的表），请删除或隐藏此工作表（隐藏的工作表不读取）；若是，请把各表的表头改成一样，或把此表另存为一个文件单独导入`,
    en: `this sheet's columns differ from ${first.label}'s (${[lacks.length > 0 ? `lacks ${lacks.join(", ")}` : "", adds.length > 0 ? `adds ${adds.join(", ")}` : ""].filter(Boolean).join("; ")}): the sheets of one file are imported with the same columns; delete or hide a sheet that is no data to import (a summary, a filtered copy, an analysis): hidden sheets are not read`,
  };
}

/**
 * Why a sheet read beside sheets with the whole header (it resembles them: `headerResembles`) cannot be: the columns
 * it lacks, and what it has in their place. Its own header's problems say how to name each column; this says the sheet
 * was not passed over, and what to do when it is no data to import.
 */
function incompleteSheetReason(binding: HeaderBinding): Reason {
  const lacks = binding.missing.map((spec) => {
    const standIn = binding.standIns[spec.key];
    return { zh: `“${spec.zh}”${standIn === undefined ? "" : `（有“${standIn}”）`}`, en: `${spec.key}${standIn === undefined ? "" : ` (has ${standIn})`}` };
  });
  return {
    zh: `此工作表缺少${lacks.map((l) => l.zh).join("、")}，而同一文件中其他工作表的表头完整：此表看来也是要导入的数据（如某个月的工单），没有略过，整个文件不导入。若是，请把此表的表头改成与其他工作表一样后重新导入；若此表不是要导入的数据（汇总、筛选、分析的表），请删除或隐藏此工作表（隐藏的工作表不读取）`,
    en: `this sheet lacks ${lacks.map((l) => l.en).join(", ")} while the file's other sheets have the whole header: it looks like data to import too, and is not passed over; make its header the same as the others', or delete or hide it if it is no data to import (hidden sheets are not read)`,
  };
}

/**
 * Why a sheet with no header, read beside the data's sheet as its rows read as records under that sheet's header
 * (`headerResembles`), cannot be: it looks like the rest of the list (a long list split across sheets, the header on
 * the first alone), and read as it is its first row would be taken for a header and each row after it lost. How many
 * of its rows are like the data's (of how many), and the two ways on: copy the header to it, or move it out.
 */
function headlessSheetReason(sheet: string, first: string, width: number, alike: number, rows: number): Reason {
  const of = alike === rows ? "" : `（共 ${rows} 行）`;
  return {
    zh: `工作表“${sheet}”没有表头行，而其中 ${alike} 行${of}与工作表“${first}”的数据行一样（同样的 ${width} 列，各列是同类的值），看来是接着“${first}”的数据（一份长表分在了几张工作表上，表头只在第一张）：此表没有略过，整个文件不导入。若是，请把“${first}”的表头行复制到此表的第一行（在最上面插入一行后粘贴）再导入；若此表不是要导入的数据，请把它移出工作簿（删除此工作表，或隐藏它：隐藏的工作表不读取）再导入`,
    en: `sheet "${sheet}" has no header row, while ${alike} of its ${rows} row(s) are like the data rows of sheet "${first}" (the same ${width} columns, the same kinds of value): it looks like the rest of that list, and is not passed over; nothing is imported. Copy the header row of "${first}" to its first row, or move the sheet out of the workbook (delete or hide it: hidden sheets are not read)`,
  };
}

/** The workbook a problem's file names (`四月.xlsx` of `四月.xlsx 工作表“工单”`). */
const workbookOf = (file: string) => file.split(" 工作表“")[0];

/** How problems name a sheet of a workbook: `四月.xlsx 工作表“工单”`. */
function sheetLabel(file: string, sheet: string): string {
  return `${file} 工作表“${sheet}”`;
}

/** Like `readRecords`, in batches (one per chunk read), with records built even for faulty rows. */
export async function* readRecordBatches<K extends RecordKind>(
  path: string,
  kind: K,
  options: ReadRecordsOptions = {},
): AsyncIterable<CheckedRow<RecordOf[K]>[]> {
  const wholeFile = options.fileLabel ?? basename(path);
  let file = wholeFile;
  let cursor: RowCursor | undefined;
  let headerFailed = false;
  let noHeader = false;
  /**
   * the header of the last sheet read has problems: its rows are not read (a garbled header of 100,000 rows was told
   * only once all were read, its rows' problems with it, while the user waited for nothing)
   */
  let stopped = false;
  /** the header of the last sheet read has problems: reading stops at the first row below it (`stopped`) */
  let stopping = false;
  let dataRows = 0;
  // a workbook kept a sheet a month is read sheet after sheet, each with its own header: the first sheet's columns
  // are every sheet's (a stored order keeps the values of columns its file lacks: one file, one set of columns)
  /** the label of the sheet whose rows come next, until they do */
  let nextSheet: string | null = null;
  /** the name of the sheet whose rows are read, and of the next, where the workbook has several */
  let sheetName: string | null = null;
  let nextSheetName: string | null = null;
  /** how many of the workbook's sheets are read (more than one: each month's sheet, and any that resembles them) */
  let sheetsRead = 1;
  let firstSheet: { label: string; name: string; columns: string[]; binding: HeaderBinding } | undefined;
  /** a sheet with no header whose rows are like the first sheet's (`headlessSheetReason`): its first row, its rows, those alike */
  let headless: { row: number; rows: number; alike: number } | undefined;
  /** of a workbook of several sheets: the sheets read, in order, with their rows (`dataRows`), and those not read */
  const readSheets: { name: string; rows: number }[] = [];
  let sheetsSkipped: readonly SkippedSheet[] = [];
  /** the entry of the sheet whose rows are checked (the last rows of one come after the next one's `onSheet`) */
  let sheetRows: { name: string; rows: number } | undefined;
  /** what the file is read as, and whether the workbook counts its days from 1904: as its reader tells */
  let readAs: TableFormat | undefined;
  let date1904 = false;
  const build = BUILDERS[kind] as (cursor: RowCursor) => RecordOf[K];
  const unique = (UNIQUENESS[kind] as () => UniquenessCheck<RecordOf[K]> | undefined)();
  const recordCheck = options.checks?.[kind] as RecordCheck<RecordOf[K]> | undefined;
  const idKind: "orders" | "events" | undefined = kind === "orders" ? "orders" : kind === "events" ? "events" : undefined;
  const ids = idKind ? (options.ids ?? new RecordIds(options.laterRowWins ?? false)) : undefined;
  /** The rows from the header on, as checked (the header's problems as a row with no record). */
  const check = (rows: readonly RawRow[]): CheckedRow<RecordOf[K]>[] => {
    const out: CheckedRow<RecordOf[K]>[] = [];
    for (const raw of rows) {
      if (!cursor) {
        const binding = bindHeader(file, kind, raw);
        cursor = new RowCursor(file, binding, options.resolveUnit, readAs, date1904, options.now);
        cursor.titles = titlesOf(titleRows);
        // a sheet read beside the data's with none of the columns named: its rows, like the data's, are counted and
        // the sheet told of once they are (`headlessSheetReason`), not its first row taken for a header lacking them all
        if (sheetsRead > 1 && firstSheet && Object.keys(binding.indexOf).length === 0 && binding.rowNumberColumns.length === 0) {
          headless = { row: raw.row, rows: 1, alike: readsAsRecordOf(firstSheet.binding, raw.cells) ? 1 : 0 };
          headerFailed = true;
          noHeader = true;
          continue;
        }
        if (binding.missing.length > 0) {
          // missing columns because it is another kind of file: say that, not which columns are missing
          const headerKind = kindOfHeader(raw.cells);
          if (headerKind !== undefined && headerKind !== kind) binding.problems = [wrongKindProblem(file, raw.row, kind, headerKind, binding.missing)];
        }
        binding.problems.push(...headerCellProblems(file, raw));
        const rowProblem = (reason: Reason) => binding.problems.push({ file, row: raw.row, column: "", value: "", reason: reason.zh, reasonEn: reason.en });
        if (raw.notUtf8) rowProblem(REASON_NOT_UTF8);
        if (raw.utf8InGbk) rowProblem(REASON_UTF8_IN_GBK);
        // the sheets are compared with the first whose header is whole: a sheet lacking a column (read beside them as
        // it resembles them, chooseSheetsBy) is told so on its own, not made the others' measure
        if (binding.missing.length === 0) {
          const columns = headerColumns(binding);
          if (!firstSheet) firstSheet = { label: file, name: sheetName ?? "", columns, binding };
          else {
            const reason = columnsDiffer(firstSheet, columns);
            if (reason) rowProblem(reason);
          }
        } else if (sheetsRead > 1) rowProblem(incompleteSheetReason(binding));
        options.onColumns?.({
          fields: new Set(Object.keys(binding.indexOf)),
          attributes: new Set(binding.attributeAt.filter((name): name is string => name !== undefined)),
          headerRow: raw.row,
          resembling: binding.resembling,
        });
        if (raw.defect === "unterminated-quote") rowProblem(REASON_UNTERMINATED_QUOTE);
        headerFailed = binding.problems.length > 0;
        noHeader = Object.keys(binding.indexOf).length === 0;
        if (binding.problems.length > 0) {
          out.push({ row: raw.row, record: null, problems: binding.problems });
          // the header's problems told at once, the rows below it not read: no record of them would be kept. A sheet
          // before others still has its rows read, the next sheet's header (and its problems) coming after them
          if (sheetsRead <= 1 || readSheets.length >= sheetsRead) stopping = true;
        }
        continue;
      }
      // a row numbered ahead of the records (序号 filled down to 300 in a template, one record typed): no record
      if (onlyRowNumber(raw.cells, (cursor as RowCursor).rowNumberColumns)) continue;
      // a formula filled down past the records (办理时限 =D2+7 over empty cells: 1900-01-07): no record either
      if ((cursor as RowCursor).onlyFormulaResidue(raw.cells)) continue;
      // a row below a header with problems: the file has rows (no "only a header" to say), and none is read
      if (stopping) {
        stopped = true;
        return out;
      }
      // no header found: the rows cannot be read by column, and each would only say so again
      if (noHeader) {
        dataRows++;
        if (headless) {
          headless.rows++;
          if (firstSheet && readsAsRecordOf(firstSheet.binding, raw.cells)) headless.alike++;
        }
        continue;
      }
      cursor.start(raw);
      if (cursor.skipped) {
        const skipped = sheetName === null ? cursor.skipped : { ...cursor.skipped, sheet: sheetName };
        out.push({ row: raw.row, record: null, problems: cursor.problems.length === 0 ? NO_PROBLEMS : cursor.problems, skipped });
        continue;
      }
      dataRows++;
      if (sheetRows) sheetRows.rows++;
      const record = build(cursor);
      if (unique) unique(record, cursor);
      if (recordCheck && !headerFailed && recordCheck.reads.every((field) => cursor?.sound(field))) {
        const at = cursor;
        const problems = recordCheck.check(
          record,
          (field) => cellText(at.cellOf(field)),
          (field) => at.hasColumn(field),
        );
        for (const p of problems) cursor.problem(p.field, p.reason);
      }
      let repeat: CheckedRow<unknown>["repeat"];
      let repeatOf: CheckedRow<unknown>["repeatOf"];
      // an id said to be unreadable (cut short by Excel…) is no id to compare: two cut alike are not one record twice
      if (ids && idKind && !headerFailed && cursor.sound("id")) {
        const seen = ids.see(idKind, file, raw.row, record as Order | HotlineEvent);
        if (seen.kind !== "first") repeatOf = seen.earlier;
        if (seen.kind === "identical") repeat = "identical";
        else if (seen.kind === "different") {
          if (ids.laterRowWins) repeat = "replaces";
          else cursor.problem("id", repeatReason(idKind, file, raw.row, seen));
        }
      }
      const checked: CheckedRow<RecordOf[K]> = {
        row: raw.row,
        record: headerFailed ? null : record,
        problems: cursor.problems.length === 0 ? NO_PROBLEMS : cursor.problems,
      };
      if (repeat) checked.repeat = repeat;
      if (repeat && repeatOf) checked.repeatOf = repeatOf;
      if (raw.hidden) checked.hidden = true;
      if (cursor.midnightDeadline) checked.midnightDeadline = true;
      if (idKind && checked.record && cursor.problems.length > 0 && cursor.sound("id")) checked.soundId = (record as Order | HotlineEvent).id;
      out.push(checked);
    }
    return out;
  };
  // the first rows, until it can be told which is the header (the rows above it are titles, skipped)
  const leading: RawRow[] = [];
  /** the rows above the header found, for the cursor made of it (`RowCursor.titles`) */
  let titleRows: readonly RawRow[] = [];
  /** The rows from the header on (the `at`th row read), those above it kept as its titles. */
  const fromHeader = (at: number): RawRow[] => {
    titleRows = leading.slice(0, at);
    return leading.slice(at);
  };
  /** The rows read while no header was told (a sheet or file of a few rows): checked from the likeliest header. */
  const leftover = (): CheckedRow<RecordOf[K]>[] => (!cursor && leading.length > 0 ? check(fromHeader(findHeaderRow(leading, kind, true) ?? 0)) : []);
  /** how the sheet being read shows its cells, once its reader tells (at its end) */
  let view: SheetView | undefined;
  /** The sheet's hidden columns read, and its filter, told once its header (and so what each column is) is known. */
  const tellHidden = () => {
    const seen = view;
    view = undefined;
    if (!seen || !cursor || !options.onHidden) return;
    const { fieldAt, attributeAt, labels } = cursor.binding;
    const columns = seen.hiddenColumns
      .filter((column) => fieldAt[column] !== undefined || attributeAt[column] !== undefined)
      .map((column) => {
        const field = fieldAt[column]?.zh;
        return { column, label: labels[column] ?? "", ...(field !== undefined ? { field } : {}) };
      });
    if (columns.length > 0 || seen.filtered) options.onHidden({ sheet: sheetName, columns, filtered: seen.filtered });
  };
  /** The sheet's moment columns whose times a number format cut (`RowCursor.cutSerials`), told once its rows are read. */
  const cutSerialsProblem = (): CheckedRow<RecordOf[K]>[] => {
    const problems = cursor?.cutSerials() ?? [];
    return problems.length === 0 ? [] : [{ row: 0, record: null, problems }];
  };
  /** The sheet with no header just read (`headless`), told of as one problem at its first row. */
  const headlessProblem = (): CheckedRow<RecordOf[K]>[] => {
    const seen = headless;
    headless = undefined;
    if (!seen || !firstSheet) return [];
    const reason = headlessSheetReason(sheetName ?? "", firstSheet.name, firstSheet.binding.width, seen.alike, seen.rows);
    return [
      { row: seen.row, record: null, problems: [{ file, row: seen.row, column: "", value: `${seen.alike} 行`, reason: reason.zh, reasonEn: reason.en }] },
    ];
  };
  /**
   * The rows' problems on a sheet of a workbook of several, with the sheet as their own field (`ImportProblem.sheet`)
   * beside the label naming it (`file`). Of the sheet read (`file`, `sheetName`): its last rows are checked before the
   * next sheet's label is taken up.
   */
  const withSheet = (rows: CheckedRow<RecordOf[K]>[]): CheckedRow<RecordOf[K]>[] => {
    if (sheetName === null) return rows;
    const sheet = { workbook: wholeFile, name: sheetName };
    for (const row of rows) {
      if (row.problems.length > 0) row.problems = row.problems.map((p) => (p.file === file ? { ...p, sheet } : p));
    }
    return rows;
  };
  /** A sheet's rows are over: what is left of them checked, and the next sheet looked at afresh. */
  const endOfSheet = (): CheckedRow<RecordOf[K]>[] => {
    const out = leftover();
    out.push(...headlessProblem(), ...cutSerialsProblem());
    tellHidden();
    leading.length = 0;
    cursor = undefined;
    headerFailed = false;
    noHeader = false;
    // a stop is the sheet's whose header failed: a sheet's last rows are checked once the next has been announced, and
    // a stop decided then kept the next sheet's rows unread, a good header's too (a review)
    stopping = false;
    stopped = false;
    return out;
  };
  try {
    const readOptions: ReadTableOptions = {
      ...options,
      // every sheet with the whole header (10月, 11月 …), one after another: not one read and the others left out unsaid
      // and any sheet that looks like them with a column missing or named otherwise (12月 headed 受理日期), told of
      // and any sheet of rows like theirs with no header at all (a long list split across sheets), told of
      sheetFit: {
        rows: HEADER_SEARCH_ROWS,
        score: (rows) => headerFit(rows, kind),
        all: true,
        resembles: (rows, tables) => headerResembles(rows, kind, tables),
      },
      onSheet: (sheet) => {
        // which tab the rows are on, where there is more than one
        nextSheet = sheet.sheets > 1 ? sheetLabel(wholeFile, sheet.name) : wholeFile;
        nextSheetName = sheet.sheets > 1 ? sheet.name : null;
        sheetsRead = sheet.read;
        if (sheet.sheets > 1) {
          readSheets.push({ name: sheet.name, rows: 0 });
          sheetsSkipped = sheet.skipped;
        }
        // the workbook's, so every sheet's alike
        date1904 = sheet.date1904 === true;
        options.onSheet?.(sheet);
      },
      onSheetView: (sheetView) => {
        view = sheetView;
        options.onSheetView?.(sheetView);
      },
      onFormat: (format) => {
        readAs = format;
        options.onFormat?.(format);
      },
    };
    for await (const batch of readTableBatches(path, options.format, readOptions)) {
      if (nextSheet !== null) {
        // the rows of a sheet begin: it has its own header (title rows above it skipped again)
        const out = withSheet(endOfSheet());
        if (out.length > 0) yield out;
        file = nextSheet;
        sheetName = nextSheetName;
        sheetRows = readSheets.find((s) => s.name === sheetName);
        nextSheet = null;
      }
      let rows: readonly RawRow[] = batch;
      if (!cursor) {
        for (const raw of batch) leading.push(raw);
        const at = findHeaderRow(leading, kind, false);
        if (at === undefined) continue;
        rows = fromHeader(at);
        leading.length = 0;
      }
      const out = withSheet(check(rows));
      if (out.length > 0) yield out;
      if (stopped) break;
    }
    // a sheet with no rows at all is named as one with rows would be
    if (nextSheet !== null) {
      file = nextSheet;
      sheetName = nextSheetName;
      sheetRows = readSheets.find((s) => s.name === sheetName);
    }
    const out = leftover();
    out.push(...headlessProblem(), ...cutSerialsProblem());
    tellHidden();
    if (out.length > 0) yield withSheet(out);
    if (readSheets.length > 0) options.onSheets?.({ read: readSheets, skipped: sheetsSkipped });
  } catch (error) {
    if (!(error instanceof TableReadError)) throw error;
    yield withSheet(fileProblem(file, error.reason, error.reasonEn));
    return;
  }
  if (!cursor) yield withSheet(fileProblem(file, "文件为空（没有表头行）", "the file is empty (no header row)"));
  else if (dataRows === 0 && !options.headerOnlyIsEmpty && !stopped) {
    yield withSheet(fileProblem(file, "文件没有数据行（只有表头）：请确认选对了文件，或在表头下填入数据后再导入", "the file has no data rows (only a header)"));
  }
}

/**
 * The rows of a units, orders, events or facts file as records or problems,
 * streamed. Unit references are resolved when `options.resolveUnit` is given.
 * Duplicate unit codes/names and facts within the file are problems, and so
 * are repeated order and event ids with other content (unless
 * `laterRowWins`); a row repeating an earlier one exactly is yielded with
 * `repeat: "identical"`.
 */
export async function* readRecords<K extends RecordKind>(path: string, kind: K, options: ReadRecordsOptions = {}): AsyncIterable<RecordRow<RecordOf[K]>> {
  for await (const batch of readRecordBatches(path, kind, options)) {
    for (const item of batch) {
      if (item.problems.length > 0) yield { row: item.row, record: null, problems: item.problems };
      else if (item.record !== null) yield item;
    }
  }
}

export interface LoadedRecords<T> {
  /** the file's records (empty when there is any problem) */
  records: T[];
  problems: ImportProblem[];
  /** rows that repeated an earlier row exactly, left out */
  duplicatesCollapsed: number;
}

/**
 * All records of one file, or all its problems. A row repeating an earlier
 * order or event exactly is left out; one with the same id and other content
 * is a problem, or with `laterRowWins` replaces the earlier, in its place.
 */
export async function loadRecords<K extends RecordKind>(path: string, kind: K, options: ReadRecordsOptions = {}): Promise<LoadedRecords<RecordOf[K]>> {
  const problems: ImportProblem[] = [];
  const records: RecordOf[K][] = [];
  let duplicatesCollapsed = 0;
  // where each id's record is, for a later row to replace it: only when one may
  const laterRowWins = options.ids ? options.ids.laterRowWins : (options.laterRowWins ?? false);
  const index = laterRowWins && (kind === "orders" || kind === "events") ? new Map<string, number>() : undefined;
  for await (const batch of readRecordBatches(path, kind, options)) {
    for (const item of batch) {
      if (item.problems.length > 0) {
        for (const p of item.problems) problems.push(p);
        continue;
      }
      if (item.record === null || problems.length > 0) continue;
      if (item.repeat === "identical") {
        duplicatesCollapsed++;
        continue;
      }
      if (index) {
        const id = (item.record as Order | HotlineEvent).id;
        const at = index.get(id);
        if (at !== undefined) {
          // repeat "replaces"
          records[at] = item.record;
          continue;
        }
        index.set(id, records.length);
      }
      records.push(item.record);
    }
  }
  return problems.length > 0 ? { records: [], problems, duplicatesCollapsed } : { records, problems, duplicatesCollapsed };
}

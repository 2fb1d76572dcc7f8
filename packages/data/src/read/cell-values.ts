/**
 * Turning cells into typed values, with the reasons (Chinese and English)
 * a value is refused. Each parser tries the cell as written first and only
 * then NFKC-folds it (full-width digits, colons, letters), which keeps the
 * common case fast on a million rows.
 */

import { IMPORT_LIMITS } from "../limits.ts";
import { CLOSURE_TYPES, SATISFACTION_LEVELS } from "../schema.ts";
import {
  DAY_MS,
  daysInMonth,
  formatShanghai,
  SHANGHAI_OFFSET_MS,
  shanghaiEpoch,
  startOfShanghaiDay,
  toShanghaiWallClock,
  wallClockDateToEpoch,
} from "../shanghai-time.ts";
import type { Satisfaction } from "../types.ts";
import type { Cell } from "./read-table.ts";

export interface Reason {
  zh: string;
  en: string;
}

/** A refused value: why. */
export class Invalid {
  constructor(readonly reason: Reason) {}
}

const r = (zh: string, en: string): Reason => ({ zh, en });

/** The most a count cell holds (退回重办次数, an event's 次数): as the console's event form allows. */
const COUNT_MAX = IMPORT_LIMITS.count;

export const REASONS = {
  required: r("必填项为空", "required value is empty"),
  notDate: r(
    "无法识别的日期，应如 2017-10-03、2017-10-03 14:05 或 2017/10/3 14:05:00",
    "not a date: expected e.g. 2017-10-03, 2017-10-03 14:05 or 2017/10/3 14:05:00",
  ),
  ambiguousDate: r(
    "日期写法有歧义：年份写在最后或只写两位（如 12/1/2018、01/12/2018、18/12/1），分不清哪个是年、月、日（12/1/2018 是 12 月 1 日还是 1 月 12 日？），不能按猜测读取。请在 Excel 或 WPS 中把该列的单元格格式设为 yyyy-mm-dd hh:mm（自定义格式），核对日期无误后保存再导入，或从平台重新导出；应写作 2018-12-01 08:05",
    "an ambiguous date (the year last, or of two digits: 12/1/2018, 01/12/2018, 18/12/1): 1 December or 12 January cannot be told; set the column's format to yyyy-mm-dd hh:mm in Excel or WPS, check the dates and save, or export the file again (write 2018-12-01 08:05)",
  ),
  noSuchDate: r("日期或时刻不存在（月份 1—12、日子不超过当月天数、时刻 0:00—24:00）：请核对，应如 2017-10-03 14:05", "no such date or time"),
  dateOutOfRange: r(
    "日期超出范围（1990—2100 年）：1899-12-30、1900-01-01 这样的日期多是导出平台表示“没有”的占位值",
    "date out of range (years 1990–2100): dates such as 1899-12-30 or 1900-01-01 are mostly an export's placeholder for none",
  ),
  timeOnly: r(
    "只有时刻，没有日期：日期与时刻分在两列的（如“受理日期”2018-12-03、“受理时间”08:05），请合为一列，写作 2018-12-03 08:05",
    "a time of day without its date: where the date and the time are in two columns, join them in one (2018-12-03 08:05)",
  ),
  notBoolean: r("应为“是”或“否”", "expected 是 (yes) or 否 (no)"),
  notSatisfaction: r(
    "应为 满意、基本满意、一般 或 不满意（未回访的留空）；本地的满意度分级与此不同（如 非常满意）时，请把它放在另外一列（如“回访评价”），在规则中用 attribute 声明、用 levels() 折算计分",
    "expected 满意, 基本满意, 一般 or 不满意 (empty when not called back); another scale (非常满意 …) goes in a column of its own, declared with attribute and scored with levels()",
  ),
  notClosureType: r(`应为 ${CLOSURE_TYPES.join("、")} 之一`, `expected one of ${CLOSURE_TYPES.join(", ")}`),
  notCount0: r("应为不小于 0 的整数", "expected a whole number ≥ 0"),
  notCount1: r("应为不小于 1 的整数", "expected a whole number ≥ 1"),
  countTooLarge: r(
    `次数过大：应为 ${COUNT_MAX} 以内的整数，请核对（是否误填了电话号码或编号？）`,
    `too large a count: at most ${COUNT_MAX} (a phone number or an id in the wrong column?)`,
  ),
  notNumber: r("应为数字", "expected a number"),
  notFinite: r("数字超出范围（不是有限的数）", "number out of range (not finite)"),
  notYear: r("应为四位数年份，如 2017", "expected a four-digit year such as 2017"),
  notMonth: r("应为年月，如 2018-01", "expected a year and month such as 2018-01"),
  notFactValue: r("应为“是”“否”或数字", "expected 是 (yes), 否 (no) or a number"),
  notDayType: r("应为“休”（放假）或“班”（调休上班）", "expected 休 (a day off) or 班 (a working day)"),
} as const;

const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;
/**
 * The first year of a date a hotline's record may hold: 12345 hotlines began in the 1990s, and an earlier date is an
 * export's placeholder for none (Excel's day 0, 1899-12-30; 1900-01-01) that would put an order in no month at all.
 */
const FIRST_DATE_YEAR = 1990;

/** The text a cell shows, for messages and for text fields. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return cell;
  // Excel shows at most 15 significant digits: 0.1 + 0.2 reads as 0.3, as the user sees it
  if (typeof cell === "number") return String(Number(cell.toPrecision(15)));
  if (typeof cell === "boolean") return cell ? "是" : "否";
  // Excel's day 0 with a time of day: a time or duration cell (05:54), shown as its time, not as the date 1899-12-30
  if (cell.getUTCFullYear() === 1899 && cell.getUTCMonth() === 11 && cell.getUTCDate() === 30 && cell.getTime() % DAY_MS !== 0) return timeOfDayText(cell);
  const epoch = wallClockDateToEpoch(cell);
  const isMidnight = cell.getUTCHours() === 0 && cell.getUTCMinutes() === 0 && cell.getUTCSeconds() === 0 && cell.getUTCMilliseconds() === 0;
  return formatShanghai(epoch, isMidnight ? "date" : "datetime");
}

/** 05:54, or 05:54:30 with seconds: the wall-clock time of a date cell. */
function timeOfDayText(cell: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const seconds = cell.getUTCSeconds();
  return `${two(cell.getUTCHours())}:${two(cell.getUTCMinutes())}${seconds === 0 ? "" : `:${two(seconds)}`}`;
}

/** Trimmed text of a cell, `null` when empty. */
export function parseText(cell: Cell): string | null {
  if (cell === null || cell === undefined) return null;
  const text = (typeof cell === "string" ? cell : cellText(cell)).trim();
  return text === "" ? null : text;
}

function isEmpty(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

function fold(text: string): string {
  return text.normalize("NFKC").trim();
}

// ---------------------------------------------------------------- dates

/** How a date alone (no time) is read. */
export type DateMode =
  /** the start of the day */
  | "start"
  /** a deadline: the end of the day, 23:59:59.999 */
  | "deadline"
  /** a day: the start of the day, and any time given is dropped */
  | "day";

/** 2017年10月3日, 2017 年 10 月 3 日, with a time: 14:05, 14时5分, 8点5分, 14时5分30秒 */
const DATE_ZH_RE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:(\d{1,2})\s*[:时点]\s*(\d{1,2})\s*分?(?:\s*:?\s*(\d{1,2})\s*秒?)?)?$/;
/**
 * A date written as eight digits, 20181203 (a platform's compact form): year, month, day; with the time after it in
 * twelve or fourteen, 201812030805 and 20181203080530, as a database's export writes a timestamp
 */
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;
/** Excel serial day numbers of 1900-01-01 and 2100-12-31 */
const EXCEL_SERIAL_MIN = 1;
const EXCEL_SERIAL_MAX = 73415;
const EXCEL_EPOCH_SERIAL = 25569; // 1970-01-01
/** Days from the 1900 date system's day 0 to the 1904 system's (1904-01-01): a 1904 workbook's serial is this many fewer. */
const DATE_1904_OFFSET = 1462;

function wallClockEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, hasTime: boolean, mode: DateMode): number | Invalid {
  if (y < FIRST_DATE_YEAR || y > LAST_YEAR) return new Invalid(REASONS.dateOutOfRange);
  // 24:00 is the end of the day, as a deadline is written (办理时限 2017-09-04 24:00): the next day's first moment
  const endOfDay = h === 24 && mi === 0 && s === 0 && ms === 0 && hasTime;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || (h > 23 && !endOfDay) || mi > 59 || s > 59) {
    return new Invalid(REASONS.noSuchDate);
  }
  if (endOfDay) return mode === "day" ? shanghaiEpoch(y, mo, d) : shanghaiEpoch(y, mo, d) + DAY_MS;
  if (mode === "day" || !hasTime) {
    const start = shanghaiEpoch(y, mo, d);
    return mode === "deadline" && !hasTime ? start + DAY_MS - 1 : start;
  }
  return deadlineEnd(shanghaiEpoch(y, mo, d, h, mi, s, ms), mode);
}

/**
 * A deadline at a Beijing day's last second (2018-12-04 23:59:59, as platforms write a day's end; 15:59:59Z) is that
 * day's end, as the date alone is: a re-export so written of orders first imported with the date alone changed each
 * one's 办理时限 by a thousandth of a second, told as 61 updates (2018-12-04 → 2018-12-04 23:59: a walk).
 */
function deadlineEnd(epoch: number, mode: DateMode): number {
  return mode === "deadline" && (epoch + SHANGHAI_OFFSET_MS) % DAY_MS === DAY_MS - 1000 ? epoch + 999 : epoch;
}

/**
 * Fields of the last date `scanDate` read (module scratch: no allocation per cell); `zone`, when `hasZone`, the offset
 * from UTC written after the time, in minutes (Z: 0, +08:00: 480).
 */
const scanned = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, ms: 0, hasTime: false, hasZone: false, zone: 0 };

/** The digit at `at` of `text` (0–9), or -1 for anything else or past the end. */
function digitAt(text: string, at: number): number {
  const c = text.charCodeAt(at) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Whether `text` ends at `at`, or with a space and a time zone's abbreviation after a numeric offset, as Go writes a
 * time by default (`2018-11-05 14:03:00 +0800 CST`): the offset says the time; the name (CST is also US Central) is
 * not read.
 */
function zoneNameOrEnd(text: string, at: number): boolean {
  const n = text.length;
  if (at === n) return true;
  if (text.charCodeAt(at) !== 32 || n - at - 1 < 2 || n - at - 1 > 5) return false;
  for (let i = at + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 65 || c > 90) return false; // A–Z
  }
  return true;
}

/**
 * Reads the offset from UTC that may end an ISO 8601 time, from `at` to the end of `text`, into `scanned`: nothing,
 * `Z`, or (`numeric`) `+HH:MM`, `+HHMM`, `+HH` (or `-`, UTC−12 at most). False when anything else is there. A numeric
 * offset is taken only after a `T` or the seconds: `2017-10-03 09:00-11:30` is a span of time, not 09:00 at UTC−11:30.
 */
function scanZone(text: string, at: number, numeric: boolean): boolean {
  const n = text.length;
  if (at === n) return true;
  // a space before a numeric offset after the seconds, as Ruby writes a time (2018-11-05 14:03:00 +0800)
  if (numeric && text.charCodeAt(at) === 32 && (text.charCodeAt(at + 1) === 43 || text.charCodeAt(at + 1) === 45)) at++;
  const c = text.charCodeAt(at);
  if (c === 90 || c === 122) {
    // Z, z: UTC
    scanned.hasZone = true;
    scanned.zone = 0;
    return at + 1 === n;
  }
  if (!numeric || (c !== 43 && c !== 45)) return false; // + -
  const h1 = digitAt(text, at + 1);
  const h2 = digitAt(text, at + 2);
  if (h1 < 0 || h2 < 0) return false;
  let next = at + 3;
  let minutes = 0;
  if (next < n) {
    if (text.charCodeAt(next) === 58) next++; // :
    const m1 = digitAt(text, next);
    const m2 = digitAt(text, next + 1);
    if (m1 < 0 || m2 < 0 || !zoneNameOrEnd(text, next + 2)) return false;
    minutes = m1 * 10 + m2;
  }
  const hours = h1 * 10 + h2;
  if (hours > (c === 45 ? 12 : 14) || minutes > 59) return false;
  scanned.hasZone = true;
  scanned.zone = (c === 45 ? -1 : 1) * (hours * 60 + minutes);
  return true;
}

/** A space, a tab, a line feed or a carriage return: what may be between a date and its time of day. */
const isDateTimeGap = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Reads `YYYY-M-D`, `YYYY/M/D` or `YYYY.M.D`, optionally followed by a space (or a line break)
 * or `T` and `H:mm`, `H:mm:ss` or `H:mm:ss.SSS` (digits past the milliseconds dropped), and after a time its offset
 * from UTC (`Z`, `+08:00`), into `scanned`. A hand-written
 * scanner with its position in a local variable: this runs for several cells of every row.
 */
function scanDate(text: string): boolean {
  const n = text.length;
  if (n < 8) return false;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = digitAt(text, i);
    if (c < 0) return false;
    y = y * 10 + c;
  }
  const sep = text.charCodeAt(4);
  if (sep !== 45 && sep !== 47 && sep !== 46) return false; // - / .
  // month: one or two digits, then the same separator
  let at = 5;
  let mo = digitAt(text, at);
  if (mo < 0) return false;
  let c = digitAt(text, ++at);
  if (c >= 0) {
    mo = mo * 10 + c;
    at++;
  }
  if (text.charCodeAt(at) !== sep) return false;
  // day: one or two digits
  let d = digitAt(text, ++at);
  if (d < 0) return false;
  c = digitAt(text, ++at);
  if (c >= 0) {
    d = d * 10 + c;
    at++;
  }
  scanned.y = y;
  scanned.mo = mo;
  scanned.d = d;
  scanned.h = 0;
  scanned.mi = 0;
  scanned.s = 0;
  scanned.ms = 0;
  scanned.hasTime = false;
  scanned.hasZone = false;
  if (at === n) return true;
  c = text.charCodeAt(at);
  const isoT = c === 84;
  if (isoT) {
    at++; // T
  } else if (isDateTimeGap(c)) {
    // spaces, tabs, or a line break: a web page's export writes the time on a line of its own (2018-11-03<br>14:05:00),
    // as does a cell wrapped in Excel (Alt+Enter); refused row by row before
    while (at < n && isDateTimeGap(text.charCodeAt(at))) at++;
  } else {
    return false;
  }
  // hours: one or two digits, then a colon
  let h = digitAt(text, at);
  if (h < 0) return false;
  c = digitAt(text, ++at);
  if (c >= 0) {
    h = h * 10 + c;
    at++;
  }
  if (text.charCodeAt(at) !== 58) return false; // :
  // minutes: one or two digits
  let mi = digitAt(text, ++at);
  if (mi < 0) return false;
  c = digitAt(text, ++at);
  if (c >= 0) {
    mi = mi * 10 + c;
    at++;
  }
  scanned.h = h;
  scanned.mi = mi;
  scanned.hasTime = true;
  if (text.charCodeAt(at) !== 58) return scanZone(text, at, isoT);
  // seconds: one or two digits
  let sec = digitAt(text, ++at);
  if (sec < 0) return false;
  c = digitAt(text, ++at);
  if (c >= 0) {
    sec = sec * 10 + c;
    at++;
  }
  scanned.s = sec;
  if (text.charCodeAt(at) !== 46) return scanZone(text, at, true); // .
  // milliseconds: one to three digits (more, as Python writes microseconds, are dropped), then the end or an offset
  const start = ++at;
  let ms = 0;
  while (at < n && at - start < 9) {
    c = digitAt(text, at);
    if (c < 0) break;
    if (at - start < 3) ms = ms * 10 + c;
    at++;
  }
  const width = at - start;
  if (width === 0) return false;
  scanned.ms = ms * (width === 1 ? 100 : width === 2 ? 10 : 1);
  return scanZone(text, at, true);
}

/**
 * A time written with its offset from UTC (`2017-10-03T06:05:00Z`, a system's export in ISO 8601) as the Beijing time
 * it is (14:05): +08:00 is Beijing time as written. A day (`day` mode) is the Beijing day of that moment.
 */
function zonedEpoch(mode: DateMode): number | Invalid {
  const t = scanned;
  const written = wallClockEpoch(t.y, t.mo, t.d, t.h, t.mi, t.s, t.ms, true, "start");
  if (written instanceof Invalid) return written;
  const epoch = written + SHANGHAI_OFFSET_MS - t.zone * 60_000;
  const year = toShanghaiWallClock(epoch).year;
  if (year < FIRST_DATE_YEAR || year > LAST_YEAR) return new Invalid(REASONS.dateOutOfRange);
  return mode === "day" ? startOfShanghaiDay(epoch) : deadlineEnd(epoch, mode);
}

function parseDateText(text: string, mode: DateMode): number | Invalid {
  if (scanDate(text)) {
    const t = scanned;
    if (t.hasZone) return zonedEpoch(mode);
    return wallClockEpoch(t.y, t.mo, t.d, t.h, t.mi, t.s, t.ms, t.hasTime, mode);
  }
  // 2018年12月3日 8点, 8时整: the hour alone is the hour's start
  const m = DATE_ZH_RE.exec(text) ?? DATE_ZH_RE.exec(text.replace(/日\s*(\d{1,2})\s*[时点]\s*整?$/, "日 $1时00分"));
  if (!m) return new Invalid(REASONS.notDate);
  const hasTime = m[4] !== undefined;
  return wallClockEpoch(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    hasTime ? Number(m[4]) : 0,
    hasTime ? Number(m[5]) : 0,
    m[6] === undefined ? 0 : Number(m[6]),
    0,
    hasTime,
    mode,
  );
}

/**
 * An Excel date cell whose format shows its time of day (yyyy-mm-dd hh:mm): at 00:00 it says midnight, where a cell
 * showing the date alone says the day (a deadline: its end).
 */
export class DateTimeCell extends Date {}

/**
 * An Excel date cell whose format shows the date alone while it holds a time of day as well (a column of times
 * formatted yyyy-mm-dd to fit): the day it shows, and the moment it holds. A deadline or a day is read as shown; a
 * moment (受理时间, 办结时间) as held, since the platform wrote it and the format only hides it (an order closed 18:00 on
 * its deadline's day read as 00:00 was on time).
 */
export class DateShownAlone extends Date {
  constructor(
    day: number,
    readonly held: number,
  ) {
    super(day);
  }
}

/**
 * A date with its year last (12/1/2018 as an English Excel writes it, 01/12/2018 as a European one) or of two digits
 * (18/12/1, 1/12/18): which is the month and which the day cannot be told from the text, so it is not guessed.
 */
const YEAR_NOT_FIRST = /^(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{2}[/.-]\d{1,2}[/.-]\d{1,2})(?:$|[\sT])/;

/** A time of day alone: 08:05, 8:05:30 (a time column's cell beside a date column). */
const TIME_ONLY = /^\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?$/;

function parseWallClockDate(cell: Date, mode: DateMode): number | Invalid {
  const date = cell instanceof DateShownAlone && mode === "start" ? new DateTimeCell(cell.held) : cell;
  // Excel's day 0 with a time of day: a cell of a time alone (08:05), its date in another column
  if (date.getUTCFullYear() === 1899 && date.getUTCMonth() === 11 && date.getUTCDate() === 30 && date.getTime() % DAY_MS !== 0)
    return new Invalid(REASONS.timeOnly);
  // an Excel date cell at exactly 00:00 is a date alone, unless its format shows the time
  const hasTime =
    date instanceof DateTimeCell || date.getUTCHours() !== 0 || date.getUTCMinutes() !== 0 || date.getUTCSeconds() !== 0 || date.getUTCMilliseconds() !== 0;
  return wallClockEpoch(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
    hasTime,
    mode,
  );
}

/**
 * A date or date-time cell → epoch ms (Asia/Shanghai), `null` when empty.
 * Accepts `2017-10-03`, `2017-10-03 14:05`, `2017/10/3 14:05:00`,
 * `2017年10月3日`, ISO 8601 with an offset (`2017-10-03T06:05:00Z`, `…T14:05+08:00`), Excel date cells, and Excel
 * serial day numbers (a date column whose cells lost their date format), counted from 1904 when `date1904` (the
 * workbook's date system, Excel for Mac's: its date cells are read so already, a plain number is not).
 */
/** 20181203 as 2018-12-03 (a date alone); eight digits that are no date are none. */
function compactDate(digits: string, mode: DateMode): number | Invalid {
  const m = COMPACT_DATE.exec(digits);
  if (!m) return new Invalid(REASONS.notDate);
  const timed = m[4] !== undefined;
  const date = wallClockEpoch(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, timed, mode);
  return date instanceof Invalid ? new Invalid(REASONS.notDate) : date;
}

/**
 * What an export writes for none (a database's NULL, a dash, 无), folded and in lower case: no value, as an empty cell
 * is. A date column reads it so (an order not closed has no 办结时间; a required date so written is refused as missing),
 * and so does every optional column of a choice or a number (read-records.ts, RowCursor): a platform writes the same
 * dash in every empty cell of a row, and a 结果满意度 of — was refused while the 办结时间 beside it was not.
 */
export const NO_VALUE: ReadonlySet<string> = new Set(["null", "-", "--", "—", "——", "/", "无", "n/a", "#n/a"]);
/**
 * Longer than any of them, once trimmed (NFKC keeps a full-width ＮＵＬＬ as long as NULL, and shortens nothing into one
 * of them): not folded at all. Every date cell is asked, and folding each cost ~0.6 s of reading a million orders.
 */
const NO_VALUE_CHARS = 8;

/** A cell holding what an export writes for none (NULL, -, —, /, 无, N/A): read as empty where a value may be left out. */
export function isNoValue(cell: Cell): boolean {
  if (typeof cell !== "string") return false;
  const text = cell.trim();
  return text.length <= NO_VALUE_CHARS && NO_VALUE.has(fold(text).toLowerCase());
}

export function parseDate(cell: Cell, mode: DateMode, date1904 = false): number | Invalid | null {
  if (isEmpty(cell)) return null;
  if (isNoValue(cell)) return null;
  if (cell instanceof Date) return parseWallClockDate(cell, mode);
  if (typeof cell === "number") {
    // 20181203 typed into a cell of a number format: the date its digits write (no serial number is so large)
    if (Number.isInteger(cell) && cell >= 10_000_000 && cell <= 99_999_999) return compactDate(String(cell), mode);
    const serial = date1904 ? cell + DATE_1904_OFFSET : cell;
    // a fraction of a day alone: a time of day (0.336 is 08:05) whose date is elsewhere
    if (serial > 0 && serial < 1) return new Invalid(REASONS.timeOnly);
    if (!(serial >= EXCEL_SERIAL_MIN && serial <= EXCEL_SERIAL_MAX)) return new Invalid(REASONS.notDate);
    // to the second, as Excel shows it: a serial saved with six decimals (42979.152083) is 03:38:59.971, shown 03:39:00
    return parseWallClockDate(new Date(Math.round((serial - EXCEL_EPOCH_SERIAL) * 86_400) * 1000), mode);
  }
  if (typeof cell === "boolean") return new Invalid(REASONS.notDate);
  const text = (cell as string).trim();
  const parsed = parseDateText(text, mode);
  if (!(parsed instanceof Invalid) || parsed.reason !== REASONS.notDate) return parsed;
  const folded = fold(text);
  const again = folded === text ? parsed : parseDateText(folded, mode);
  if (!(again instanceof Invalid) || again.reason !== REASONS.notDate) return again;
  // 2017/9/1 上午 3:39, 2017/9/1 3:39 PM: Excel's twelve-hour format, as a Chinese Windows writes it to CSV
  const twelve = TWELVE_HOUR.exec(folded);
  if (twelve) {
    const date = twelve[1] as string;
    const half = (twelve[2] ?? twelve[5] ?? "").toUpperCase();
    // 2时03分30秒, 2点: as 2:03:30, 2:00
    const time = ((twelve[3] ?? twelve[4]) as string)
      .replace(/\s+/g, "")
      .replace(/[时点](\d{1,2})分?(?:(\d{1,2})秒)?$/, (_, mi: string, se?: string) => `:${mi.padStart(2, "0")}${se ? `:${se.padStart(2, "0")}` : ""}`)
      .replace(/[时点]$/, ":00");
    const colon = time.indexOf(":");
    const hh = Number(time.slice(0, colon));
    const rest = time.slice(colon);
    if (hh < 1 || hh > 12) return new Invalid(REASONS.noSuchDate);
    const hour = (hh % 12) + (half === "下午" || half === "PM" ? 12 : 0);
    return parseDateText(`${date} ${String(hour).padStart(2, "0")}${rest}`, mode);
  }
  if (COMPACT_DATE.test(folded)) return compactDate(folded, mode);
  if (TIME_ONLY.test(folded)) return new Invalid(REASONS.timeOnly);
  // a serial day number saved as text (a CSV saved from a sheet whose date column had lost its date format): read as
  // Excel reads it, within 1990–2100, where no other number is mistaken for one
  if (SERIAL_TEXT.test(folded)) {
    const serial = Number(folded);
    // (with as few decimals as General format writes: 43405.58 is 13:55:12 exactly; a column cut to a few decimals by
    // its format cannot be told cell by cell: a moment column is, over all its rows, read-records.ts cutSerials)
    if (serial >= SERIAL_TEXT_MIN && serial <= EXCEL_SERIAL_MAX) return parseDate(serial, mode, date1904);
  }
  // refused all the same, with why and how to write it (only 无法识别的日期 was said: a county data walk)
  if (YEAR_NOT_FIRST.test(folded)) return new Invalid(REASONS.ambiguousDate);
  return again;
}

/** A date, then 上午/下午 (or AM/PM) before or after an h:mm[:ss] time. */
// (the date may end in 日 and the time be written 2时03分 or 2点, as Excel's zh-CN formats write them: 2018年11月5日 下午2:03)
const TWELVE_HOUR =
  /^(.+?[\d日])\s*(?:(上午|下午|AM|PM)\s*(\d{1,2}(?::\d{2}(?::\d{2})?|\s*[时点]\s*(?:\d{1,2}\s*分?(?:\s*\d{1,2}\s*秒)?)?))|(\d{1,2}:\d{2}(?::\d{2})?)\s*(AM|PM))$/i;
/** An Excel serial day number written as text: five digits, a fraction of the day after them. */
export const SERIAL_TEXT = /^\d{5}(?:\.\d+)?$/;
/** 1990-01-01, the earliest serial read from text. */
const SERIAL_TEXT_MIN = 32874;

// ---------------------------------------------------------------- booleans and lists

/** The words of a 是/否 column, folded (NFKC) and in lower case as `lookupWord` compares them; docs/data-format.md lists them. */
export const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ["是", true],
  ["否", false],
  ["1", true],
  ["0", false],
  ["y", true],
  ["n", false],
  ["yes", true],
  ["no", false],
  ["true", true],
  ["false", false],
  // a sheet's check marks (√ and × as WPS inserts them, ✓ ✔ ✗ ✘), and 1/0 saved from a number column
  ["√", true],
  ["✓", true],
  ["✔", true],
  ["×", false],
  ["✗", false],
  ["✘", false],
  ["1.0", true],
  ["0.0", false],
]);

function lookupWord<T>(words: ReadonlyMap<string, T>, text: string): T | undefined {
  const direct = words.get(text);
  if (direct !== undefined) return direct;
  const trimmed = text.trim();
  return words.get(trimmed) ?? words.get(fold(trimmed).toLowerCase());
}

/** 是 / 否 (also 1/0, Y/N, yes/no, true/false, Excel TRUE/FALSE, √/×); `null` when empty. */
export function parseBoolean(cell: Cell): boolean | Invalid | null {
  if (cell === "否") return false;
  if (cell === "是") return true;
  if (isEmpty(cell)) return null;
  if (typeof cell === "boolean") return cell;
  if (typeof cell === "number") return cell === 1 ? true : cell === 0 ? false : new Invalid(REASONS.notBoolean);
  if (cell instanceof Date) return new Invalid(REASONS.notBoolean);
  return lookupWord(BOOLEAN_WORDS, cell as string) ?? new Invalid(REASONS.notBoolean);
}

const identityMap = <T extends string>(values: readonly T[]): ReadonlyMap<string, T> => new Map(values.map((v) => [v, v]));
const SATISFACTION_WORDS = identityMap(SATISFACTION_LEVELS);
const CLOSURE_TYPE_WORDS = identityMap(CLOSURE_TYPES);

function parseWord<T>(cell: Cell, words: ReadonlyMap<string, T>, reason: Reason): T | Invalid | null {
  if (isEmpty(cell)) return null;
  if (typeof cell !== "string") return new Invalid(reason);
  return lookupWord(words, cell) ?? new Invalid(reason);
}

export function parseSatisfaction(cell: Cell): Satisfaction | Invalid | null {
  return parseWord(cell, SATISFACTION_WORDS, REASONS.notSatisfaction);
}

/**
 * 来源: any text, trimmed (省热线, 市中心, 县中心, 网站, 微信 …; a rubric may declare the ones it knows); `null` when
 * empty. The importer holds it to the limits of an id or name (IMPORT_LIMITS.keyChars, no invisible characters).
 */
export function parseSource(cell: Cell): string | null {
  return parseText(cell);
}

export function parseClosureType(cell: Cell): string | Invalid | null {
  return parseWord(cell, CLOSURE_TYPE_WORDS, REASONS.notClosureType);
}

/** 休 / 班, and the words a published 放假安排 uses for them (放假, 休息; 上班, 补班, 调休上班). */
const DAY_TYPE_WORDS: ReadonlyMap<string, "休" | "班"> = new Map([
  ["休", "休"],
  ["放假", "休"],
  ["休息", "休"],
  ["班", "班"],
  ["上班", "班"],
  ["补班", "班"],
  ["调休上班", "班"],
]);

export function parseDayType(cell: Cell): "休" | "班" | Invalid | null {
  return parseWord(cell, DAY_TYPE_WORDS, REASONS.notDayType);
}

// ---------------------------------------------------------------- numbers

const INTEGER_RE = /^[+-]?\d+(?:\.0*)?$/;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number written as `pattern` allows, `Infinity` when it is written so but too large (1e400), else undefined. */
function numberFrom(cell: Cell, pattern: RegExp): number | undefined {
  if (typeof cell === "number") return Number.isNaN(cell) ? undefined : cell;
  if (typeof cell !== "string") return undefined;
  const text = cell.trim();
  if (pattern.test(text)) return Number(text);
  const folded = fold(text);
  return folded !== text && pattern.test(folded) ? Number(folded) : undefined;
}

/** A whole number ≥ `min`; `null` when empty. */
export function parseCount(cell: Cell, min: 0 | 1): number | Invalid | null {
  if (isEmpty(cell)) return null;
  const n = numberFrom(cell, INTEGER_RE);
  // a whole number past what one order is sent back, or one event happens, in a period (a phone number pasted in the
  // column: 重办99999999999次), or past what is counted exactly (1e20), is too large, not "not a whole number"
  if (n !== undefined && Number.isInteger(n) && n > COUNT_MAX) return new Invalid(REASONS.countTooLarge);
  if (n === undefined || !Number.isSafeInteger(n) || n < min) return new Invalid(min === 0 ? REASONS.notCount0 : REASONS.notCount1);
  return n;
}

export function parseNumber(cell: Cell): number | Invalid | null {
  if (isEmpty(cell)) return null;
  const n = numberFrom(cell, NUMBER_RE);
  if (n === undefined) return new Invalid(REASONS.notNumber);
  return Number.isFinite(n) ? n : new Invalid(REASONS.notFinite);
}

export function parseYear(cell: Cell): number | Invalid | null {
  if (isEmpty(cell)) return null;
  // 2018年, 2018年度: as a month is taken written 2018年3月
  const year = typeof cell === "string" ? YEAR_WRITTEN.exec(cell.trim()) : null;
  const n = numberFrom(year ? (year[1] as string) : cell, INTEGER_RE);
  return n !== undefined && Number.isInteger(n) && n >= FIRST_YEAR && n <= LAST_YEAR ? n : new Invalid(REASONS.notYear);
}

const MONTH_RE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;
/** A year written with its word: 2018年, 2018 年度. */
const YEAR_WRITTEN = /^(\d{4})\s*年度?$/;

/** A year and month, "2018-01" (also 2018/1, 2018年1月, an Excel date: its month); `null` when empty. */
export function parseMonth(cell: Cell): string | Invalid | null {
  if (isEmpty(cell)) return null;
  const text = cell instanceof Date ? cellText(cell).slice(0, 7) : typeof cell === "string" ? cell.normalize("NFKC").trim() : "";
  const m = MONTH_RE.exec(text);
  if (!m) return new Invalid(REASONS.notMonth);
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12) return new Invalid(REASONS.notMonth);
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** A fact's 是 and 否: the boolean words but those that are numbers (1, 0, 1.0, 0.0: a number item's value). */
const FACT_WORDS: ReadonlyMap<string, boolean> = new Map([...BOOLEAN_WORDS].filter(([word]) => !NUMBER_RE.test(word)));

/** 是 / 否 → boolean, a number → number; `null` when empty. */
export function parseFactValue(cell: Cell): boolean | number | Invalid | null {
  if (isEmpty(cell)) return null;
  if (typeof cell === "boolean" || typeof cell === "number") return parseBooleanOrNumber(cell);
  if (typeof cell !== "string") return new Invalid(REASONS.notFactValue);
  const word = lookupWord(FACT_WORDS, cell);
  if (word !== undefined) return word;
  const n = numberFrom(cell, NUMBER_RE);
  if (n === undefined) return new Invalid(REASONS.notFactValue);
  return Number.isFinite(n) ? n : new Invalid(REASONS.notFinite);
}

function parseBooleanOrNumber(cell: boolean | number): boolean | number | Invalid {
  if (typeof cell === "boolean") return cell;
  if (Number.isNaN(cell)) return new Invalid(REASONS.notFactValue);
  return Number.isFinite(cell) ? cell : new Invalid(REASONS.notFinite);
}

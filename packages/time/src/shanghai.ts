/**
 * Asia/Shanghai wall-clock time ↔ epoch milliseconds. China has used UTC+8
 * all year since 1991 (no DST), so a fixed offset is exact for hotline data
 * and does not depend on the machine's time zone.
 */

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** Epoch ms of a Shanghai wall-clock time (month 1-12). */
export function shanghaiEpoch(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  return daysFromCivil(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond - SHANGHAI_OFFSET_MS;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm): plain arithmetic, no Date object, which matters on a million rows.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day count since 1970-01-01 (inverse of `daysFromCivil`). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Epoch ms of a Date whose UTC fields hold a Shanghai wall-clock time, which is
 * how exceljs hands out Excel date cells (Excel stores no time zone).
 */
export function wallClockDateToEpoch(wallClock: Date): number {
  return wallClock.getTime() - SHANGHAI_OFFSET_MS;
}

/** Start of the Shanghai day containing `epoch`. */
export function startOfShanghaiDay(epoch: number): number {
  const local = epoch + SHANGHAI_OFFSET_MS;
  return local - mod(local, DAY_MS) - SHANGHAI_OFFSET_MS;
}

/** Last millisecond (23:59:59.999) of the Shanghai day containing `epoch`. */
export function endOfShanghaiDay(epoch: number): number {
  return startOfShanghaiDay(epoch) + DAY_MS - 1;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export function toShanghaiWallClock(epoch: number): WallClock {
  const local = epoch + SHANGHAI_OFFSET_MS;
  const days = Math.floor(local / DAY_MS);
  let rest = local - days * DAY_MS;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  return { year, month, day, hour, minute, second, millisecond: rest - second * 1000 };
}

/**
 * `2017-10-03`, `2017-10-03 14:05:00`, or with `.123` when the time has
 * milliseconds. `date` style drops the time, `minute` the seconds
 * (`2017-10-03 14:05`, as messages to people give a moment), `moment` is
 * `minute` but the date alone at midnight (a day's start), `deadline` is `minute` but the date alone at the day's
 * end (23:59:59.999, what a deadline written as a date alone means) and always the time otherwise, 00:00 included;
 * `time` the time of day alone (09:30:05), `time-minute` to the minute (09:30).
 */
export function formatShanghai(epoch: number, style: "date" | "minute" | "moment" | "deadline" | "datetime" | "time" | "time-minute" = "datetime"): string {
  const w = toShanghaiWallClock(epoch);
  // the time of day alone: when a write under way began, until when an account is locked
  if (style === "time") return `${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`;
  if (style === "time-minute") return `${pad2(w.hour)}:${pad2(w.minute)}`;
  const date = `${w.year}-${pad2(w.month)}-${pad2(w.day)}`;
  if (style === "date" || (style === "moment" && w.hour === 0 && w.minute === 0)) return date;
  if (style === "deadline" && w.hour === 23 && w.minute === 59 && w.second === 59 && w.millisecond === 999) return date;
  if (style === "minute" || style === "moment" || style === "deadline") return `${date} ${pad2(w.hour)}:${pad2(w.minute)}`;
  const time = `${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`;
  return w.millisecond === 0 ? `${date} ${time}` : `${date} ${time}.${String(w.millisecond).padStart(3, "0")}`;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** The Beijing year of a moment. */
export const shanghaiYear = (epoch: number): number => toShanghaiWallClock(epoch).year;

/** The Beijing month (`YYYY-MM`) of a moment. */
export function shanghaiMonth(epoch: number): string {
  const w = toShanghaiWallClock(epoch);
  return `${w.year}-${pad2(w.month)}`;
}

/** Beijing midnight at the start of a day `YYYY-MM-DD` (epoch ms), `plusDays` later. */
export function shanghaiDayStart(day: string, plusDays = 0): number {
  return shanghaiEpoch(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)) + plusDays);
}

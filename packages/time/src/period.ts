/**
 * The assessment's periods as the regulation and the console write them: a month `2017-10`, a year `2017`, a day
 * `2017-10-03` (Beijing time). Every package and the console check and take them apart here, not by regexes of
 * their own.
 */
import { daysInMonth } from "./shanghai.ts";

/** `2017-10` (month 01–12) */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** `2017` */
export const YEAR_PATTERN = /^\d{4}$/;
/** `2017-10-03` (its shape; `isDay` also checks the day exists) */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** "2017-10" */
export type Month = string;

/** A month `YYYY-MM` (01–12)? */
export const isMonth = (text: string): boolean => MONTH_PATTERN.test(text);

/** A year `YYYY`? */
export const isYear = (text: string): boolean => YEAR_PATTERN.test(text);

/**
 * The years a month, a year or a day may name: those of the dates a data file may hold (packages/data reads
 * 1990–2100). The API refuses any other (year 0000 reached the database as a date it cannot store); the console
 * takes such an address as naming no period, as it does 2018-13.
 */
export const PERIOD_YEARS = { first: 1990, last: 2100 } as const;

/** Is the year of `text` (a month, a year or a day of the right shape) one of `PERIOD_YEARS`? */
export function yearInRange(text: string): boolean {
  const year = Number(text.slice(0, 4));
  return year >= PERIOD_YEARS.first && year <= PERIOD_YEARS.last;
}

/** A day `YYYY-MM-DD` that exists (2017-02-29 does not)? */
export function isDay(text: string): boolean {
  return parseDay(text) !== null;
}

/** The year and month of `YYYY-MM`; a RangeError for anything else. */
export function parseMonth(month: Month): { year: number; month: number } {
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`);
  return { year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) };
}

/** The year, month and day of `YYYY-MM-DD`, or null when it is not a day that exists. */
function parseDay(text: string): { year: number; month: number; day: number } | null {
  if (!DAY_PATTERN.test(text)) return null;
  const [year, month, day] = [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? { year, month, day } : null;
}

/** `YYYY-MM` of a year and a month; month overflow is normalised (month 13 = January of the next year). */
export function formatMonth(year: number, month: number): Month {
  const d = new Date(Date.UTC(year, month - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The month `n` months after (before, when negative). */
export function addMonths(month: Month, n: number): Month {
  const { year, month: m } = parseMonth(month);
  return formatMonth(year, m + n);
}

/**
 * A period as the services' messages name it: a month as it always was (`2018-11`), a year as `2018年度` (a bare `2018`
 * read oddly beside a month's `2018-11`).
 */
export const periodName = (period: string): string => (isYear(period) ? periodLabel(period) : period);

/**
 * A period, or an assessment's window (the engine's window labels), as people read it: `2017年10月`, `2017年度`,
 * `2018年第3季度` (2018-Q3), `2018年下半年` (2018-H2), `2018年1月至8月` (2018-01..2018-08), `2018年11月15日至2019年3月15日`
 * (2018-11-15..2019-03-15). Anything else is returned as it is.
 */
export function periodLabel(period: string): string {
  if (isMonth(period)) return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
  if (isYear(period)) return `${period}年度`;
  const part = /^(\d{4})-([QH])([1-4])$/.exec(period);
  if (part) {
    const [, year, kind, n] = part;
    if (kind === "Q") return `${year}年第${n}季度`;
    if (n === "1" || n === "2") return `${year}年${n === "1" ? "上" : "下"}半年`;
  }
  const [from, to, ...rest] = period.split("..");
  if (from && to && rest.length === 0) {
    if (isMonth(from) && isMonth(to))
      return from.slice(0, 4) === to.slice(0, 4) ? `${periodLabel(from)}至${Number(to.slice(5, 7))}月` : `${periodLabel(from)}至${periodLabel(to)}`;
    if (isDay(from) && isDay(to)) return `${dayLabel(from)}至${dayLabel(to)}`;
  }
  return period;
}

const dayLabel = (day: string) => `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

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

/** A period as people read it: `2017年10月`, `2017年度`. */
export function periodLabel(period: string): string {
  if (isMonth(period)) return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
  return isYear(period) ? `${period}年度` : period;
}

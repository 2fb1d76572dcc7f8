/**
 * A period as an address names it (/ranking/2018-11, /year/2018, ?period=…): whether it is one the server answers for,
 * how it is said back when it is not, and whether it has begun. The pages ask here, not by checks of their own.
 */
import { isMonth, isYear, periodLabel, shanghaiEpoch, yearInRange } from "@kaohe/time";

/**
 * A month the server answers for: its shape (2018-11) and a year the API takes (PERIOD_YEARS). /ranking/0000-01 was
 * asked for, refused, and the refusal shown three times with a 重试 that could not help, where 2018-13 is said plainly.
 */
export const validMonth = (text: string): boolean => isMonth(text) && yearInRange(text);

/** A year the server answers for (2018, not 0000). */
export const validYear = (text: string): boolean => isYear(text) && yearInRange(text);

/** A month or a year the server answers for. */
export const validPeriod = (text: string): boolean => validMonth(text) || validYear(text);

/** The characters of an address's value said back, as the server cuts its own echoes. */
const ECHO_MAX = 40;

/** A value from an address said back: its first 40 characters and “…” (3,000 of them ran off the page). */
export function echoed(text: string): string {
  // by characters, not UTF-16 units: a cut between a surrogate pair shows a broken glyph
  const chars = Array.from(text);
  return chars.length > ECHO_MAX ? `${chars.slice(0, ECHO_MAX).join("")}…` : text;
}

/** The first moment of a period's first day, Beijing time. */
const calendarStart = (period: string): number => shanghaiEpoch(Number(period.slice(0, 4)), isMonth(period) ? Number(period.slice(5, 7)) : 1, 1);

/**
 * Has none of the period's days come yet (a typed address: 2099-12, 2099)? It is shown, never opened to the units,
 * published nor exported. By its result's window where the result is known (a month from the 26th begins in the month
 * before); else by the calendar (a unit user is shown no unpublished result, nor the review page the window).
 */
export function periodNotBegun(period: string, result: { window: { start: number } } | undefined, now = Date.now()): boolean {
  if (result) return now < result.window.start;
  return validPeriod(period) && now < calendarStart(period);
}

/** Why the reports of a period not begun are not offered: as the server refuses them. */
export const notBegunExportReason = (period: string): string => `${periodLabel(period)}尚未开始：还没有开始的考核期没有考核结果，不能导出报表`;

/**
 * Calendar arithmetic in Asia/Shanghai (UTC+8, no daylight saving since 1991).
 * Windows are half-open: [start, end).
 */

import { addMonths, formatMonth, formatShanghai, type Month, parseMonth, SHANGHAI_OFFSET_MS } from "@kaohe/time";

export { addMonths, formatMonth, type Month, parseMonth } from "@kaohe/time";

export interface Window {
  /** what the window is called in results: "2017-10", "2017-Q4", "2017" */
  label: string;
  start: number;
  end: number;
}

/** Local midnight of a day, as epoch ms. Month overflow is normalised (month 13 = January next year). */
export function localDate(year: number, month: number, day = 1): number {
  return Date.UTC(year, month - 1, day) - SHANGHAI_OFFSET_MS;
}

export function monthStart(month: Month): number {
  const { year, month: m } = parseMonth(month);
  return localDate(year, m, 1);
}

/** A day of a `from … to …` window: with a year, that day; without, that day every year. */
export interface SpanDate {
  year: number | null;
  month: number;
  day: number;
}

export type WindowSpec = {
  window: "month" | "quarter" | "halfYear" | "yearToDate" | "year" | "range";
  startDay: number;
  /** months: the time of day they start and end at, in minutes after midnight (default 0) */
  startMinute?: number;
  /** range: the first and the last day, both included */
  span?: { from: SpanDate; to: SpanDate } | null;
};

/**
 * The window an assessment covers when month `month` is scored:
 * - month: the calendar month, or with startDay 26 the 26th of the previous month to the 25th;
 *   with startMinute 720, from 12:00 of the first day to 12:00 of the day after the last;
 * - quarter: the quarter the month falls in; halfYear: January–June or July–December;
 * - yearToDate: 1 January through the end of the month;
 * - year: the whole year;
 * - range: from the first day's 00:00 to the end of the last day; a range without years is the
 *   latest one to start before the month ends (a heating season 11-15 to 03-15 scored in July
 *   is the one that ended in March).
 */
export function windowFor(spec: WindowSpec, month: Month): Window {
  const { year, month: m } = parseMonth(month);
  switch (spec.window) {
    case "month": {
      const shift = (spec.startMinute ?? 0) * 60_000;
      if (spec.startDay <= 1) return { label: month, start: localDate(year, m, 1) + shift, end: localDate(year, m + 1, 1) + shift };
      return { label: month, start: localDate(year, m - 1, spec.startDay) + shift, end: localDate(year, m, spec.startDay) + shift };
    }
    case "quarter": {
      const q = Math.floor((m - 1) / 3);
      return { label: `${year}-Q${q + 1}`, start: localDate(year, q * 3 + 1, 1), end: localDate(year, q * 3 + 4, 1) };
    }
    case "halfYear": {
      const h = m <= 6 ? 0 : 1;
      return { label: `${year}-H${h + 1}`, start: localDate(year, h * 6 + 1, 1), end: localDate(year, h * 6 + 7, 1) };
    }
    case "range":
      return rangeWindow(spec.span as { from: SpanDate; to: SpanDate }, localDate(year, m + 1, 1));
    case "yearToDate":
      return { label: `${year}-01..${month}`, start: localDate(year, 1, 1), end: localDate(year, m + 1, 1) };
    case "year":
      return { label: String(year), start: localDate(year, 1, 1), end: localDate(year + 1, 1, 1) };
  }
}

/**
 * The month whose window is the period before the one scored for `month`: a month (or a year to date) one
 * month back, a quarter three, a half year six, a year (or a range of days every year) twelve. A range of
 * fixed dates (`from 2018-11-15 to 2019-03-15`) has no period before it: null.
 */
export function previousMonthOf(spec: WindowSpec, month: Month): Month | null {
  switch (spec.window) {
    case "month":
    case "yearToDate":
      return addMonths(month, -1);
    case "quarter":
      return addMonths(month, -3);
    case "halfYear":
      return addMonths(month, -6);
    case "year":
      return addMonths(month, -12);
    case "range":
      return spec.span?.from.year !== null && spec.span?.from.year !== undefined ? null : addMonths(month, -12);
  }
}

function rangeWindow(span: { from: SpanDate; to: SpanDate }, before: number): Window {
  const day = (ms: number) => formatLocal(ms).slice(0, 10);
  const make = (fromYear: number, toYear: number): Window => {
    const start = localDate(fromYear, span.from.month, span.from.day);
    const end = localDate(toYear, span.to.month, span.to.day + 1);
    return { label: `${day(start)}..${day(end - 86_400_000)}`, start, end };
  };
  if (span.from.year !== null && span.to.year !== null) return make(span.from.year, span.to.year);
  // every year: the occurrence that starts latest before `before`
  const crosses = span.to.month * 100 + span.to.day < span.from.month * 100 + span.from.day;
  const startYear = new Date(before - 1 + SHANGHAI_OFFSET_MS).getUTCFullYear();
  for (const y of [startYear, startYear - 1]) {
    const w = make(y, crosses ? y + 1 : y);
    if (w.start < before) return w;
  }
  return make(startYear - 1, crosses ? startYear : startYear - 1);
}

export function yearWindow(year: number): Window {
  return { label: String(year), start: localDate(year, 1, 1), end: localDate(year + 1, 1, 1) };
}

/** The months of a year, "2017-01" … "2017-12". */
export function monthsOf(year: number): Month[] {
  return Array.from({ length: 12 }, (_, i) => formatMonth(year, i + 1));
}

/** Parse "2017-10-31" or "2017-10-31 18:00" (local) to epoch ms; a date alone is the start of that day. */
export function parseLocalDateTime(text: string): number {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a date: ${text}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) - SHANGHAI_OFFSET_MS;
}

/** "2017-10-31 18:00" in local time; the date alone at midnight. */
export const formatLocal = (ms: number): string => formatShanghai(ms, "moment");

/** An assessment time (an exclusive instant) as people read it: the end of 2018-12-31 is "2018-12-31 24:00", not "2019-01-01". */
export function asOfText(asOf: number): string {
  const text = formatLocal(asOf);
  return text.length === 10 ? `${formatLocal(asOf - 86_400_000)} 24:00` : text;
}

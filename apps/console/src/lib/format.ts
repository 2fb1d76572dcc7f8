/** Display helpers shared by the pages. */
import { addMonths, formatShanghai, isMonth, isYear, periodLabel } from "@kaohe/time";
export const fixed = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? "—" : n.toFixed(digits));

/** "2018-03" → "2018年3月" */
export const monthLabel = (month: string): string => (isMonth(month) || isYear(month) ? periodLabel(month) : month);
/**
 * Months in order, in words, months in a row as one span: "2017年9月至12月", "2019年1月至2月、5月至12月", "2018年1月、
 * 3月", "2018年11月至2019年1月"; a year said once for its months. "无" for none.
 */
export function monthsInWords(months: readonly string[]): string {
  if (months.length === 0) return "无";
  const runs: [string, string][] = [];
  for (const m of months) {
    const last = runs.at(-1);
    if (last && addMonths(last[1], 1) === m) last[1] = m;
    else runs.push([m, m]);
  }
  let year = "";
  // a month in the year already said is its month alone
  const label = (m: string) => {
    const text = m.slice(0, 4) === year ? `${Number(m.slice(5))}月` : monthLabel(m);
    year = m.slice(0, 4);
    return text;
  };
  return runs.map(([first, last]) => (first === last ? label(first) : `${label(first)}至${label(last)}`)).join("、");
}

/** "本月", or "本年度" for a year (opened to the units for its year-end result) */
export const thisPeriod = (period: string): string => (isYear(period) ? "本年度" : "本月");

/** Epoch ms (Asia/Shanghai wall clock) → "2018-03-05 09:40" (the date alone at midnight) */
export function localTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "" : formatShanghai(ms, "moment");
}

/**
 * A deadline (办理时限, 延期至): "2018-03-05" when it is the end of that day (what a date alone means in the files),
 * else with its time, midnight included ("2018-03-05 00:00" is the day's start, not its end).
 */
export function deadlineTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "" : formatShanghai(ms, "deadline");
}

/** An ISO time from the server in Beijing time: "2018-04-02 10:20" (the date alone at midnight). */
export const isoTime = (iso: string | null | undefined) => (iso ? localTime(Date.parse(iso)) : "");

/** An ISO time from the server in Beijing time, always with the minutes: "2018-04-02 09:05". */
export function beijingDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatShanghai(ms, "minute");
}

/**
 * What a date picker shows (the first) and reads when a date is typed into it (all): civil servants type 2018-01,
 * 2018/01, 201801 or 2018.01 as often as they click; a text in none of these is refused (the field turns red and keeps
 * its value), so a month typed as 2018-01 was dropped for the default while the form went on. A month of one digit
 * after - / . is not read: the picker takes a text as soon as one format reads it, so 2018-1 on the way to 2018-11
 * was taken for January, shown as 2018年1月, and the 1 typed next made it unreadable (a walk: the draft went on with
 * the default month). 2018年1月 ends with 月, and is read.
 */
export const MONTH_FORMATS = ["YYYY年M月", "YYYY-MM", "YYYY/MM", "YYYY.MM", "YYYYMM", "YYYY年MM月"];
export const YEAR_FORMATS = ["YYYY年度", "YYYY年", "YYYY"];
/** (no day or month of one digit after - / .: 2018-12-1 on the way to 2018-12-15 was taken for the 1st, as with months) */
export const DAY_FORMATS = ["YYYY-MM-DD", "YYYY/MM/DD", "YYYY.MM.DD", "YYYYMMDD", "YYYY年M月D日"];
/** A day shown as 2018年11月5日, read as DAY_FORMATS too. */
export const CHINESE_DAY_FORMATS = ["YYYY年M月D日", ...DAY_FORMATS];

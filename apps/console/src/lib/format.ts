/** Display helpers shared by the pages. */
import { formatShanghai, isMonth, periodLabel } from "@kaohe/time";
export const fixed = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? "—" : n.toFixed(digits));

/** "2018-03" → "2018年3月" */
export const monthLabel = (month: string): string => (isMonth(month) ? periodLabel(month) : month);

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

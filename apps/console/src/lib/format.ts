/** Display helpers shared by the pages. */
import { addMonths, formatShanghai, isMonth, periodLabel } from "@kaohe/time";
export const fixed = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? "—" : n.toFixed(digits));

/** "2018-03" → "2018年3月" */
export const monthLabel = (month: string): string => (isMonth(month) ? periodLabel(month) : month);

export { addMonths };

/** Epoch ms → the Asia/Shanghai wall clock: date "2018-03-05" and time "09:40". */
function wallClock(ms: number): { date: string; time: string } {
  const [date = "", time = ""] = formatShanghai(ms, "minute").split(" ");
  return { date, time };
}

/** Epoch ms (Asia/Shanghai wall clock) → "2018-03-05 09:40" */
export function localTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  const { date, time } = wallClock(ms);
  return time === "00:00" ? date : `${date} ${time}`;
}

/** An ISO time from the server in Beijing time: "2018-04-02 10:20" (the date alone at midnight). */
export const isoTime = (iso: string | null | undefined) => (iso ? localTime(Date.parse(iso)) : "");

/** An ISO time from the server in Beijing time, always with the minutes: "2018-04-02 09:05". */
export function beijingDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const { date, time } = wallClock(ms);
  return `${date} ${time}`;
}

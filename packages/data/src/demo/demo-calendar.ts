/**
 * The demo's holiday calendar (节假日安排) for its years, 2017 and 2018, as a
 * center would type it from the State Council's notices (国办发明电〔2016〕14号,
 * 〔2017〕12号): a row a date, 休 for a day off on a weekday (the notices' whole
 * holidays are listed, weekends included), 班 for a weekend worked (调休).
 * Demo data like the orders: scoring reads the calendar the center imports.
 */
import { shanghaiEpoch } from "../shanghai-time.ts";
import type { CalendarDay } from "../types.ts";

const HOLIDAYS: readonly [string, "休" | "班", string][] = [
  ["2017-01-01..2017-01-02", "休", "元旦"],
  ["2017-01-22", "班", "春节调休"],
  ["2017-01-27..2017-02-02", "休", "春节"],
  ["2017-02-04", "班", "春节调休"],
  ["2017-04-01", "班", "清明节调休"],
  ["2017-04-02..2017-04-04", "休", "清明节"],
  ["2017-04-29..2017-05-01", "休", "劳动节"],
  ["2017-05-27", "班", "端午节调休"],
  ["2017-05-28..2017-05-30", "休", "端午节"],
  ["2017-09-30", "班", "国庆节调休"],
  ["2017-10-01..2017-10-08", "休", "国庆节、中秋节"],
  ["2017-12-30..2018-01-01", "休", "元旦"],
  ["2018-02-11", "班", "春节调休"],
  ["2018-02-15..2018-02-21", "休", "春节"],
  ["2018-02-24", "班", "春节调休"],
  ["2018-04-05..2018-04-07", "休", "清明节"],
  ["2018-04-08", "班", "清明节调休"],
  ["2018-04-28", "班", "劳动节调休"],
  ["2018-04-29..2018-05-01", "休", "劳动节"],
  ["2018-06-16..2018-06-18", "休", "端午节"],
  ["2018-09-22..2018-09-24", "休", "中秋节"],
  ["2018-09-29..2018-09-30", "班", "国庆节调休"],
  ["2018-10-01..2018-10-07", "休", "国庆节"],
  ["2018-12-29", "班", "元旦调休"],
  ["2018-12-30..2018-12-31", "休", "元旦"],
];

const epochOf = (date: string) => {
  const [y, m, d] = date.split("-").map(Number);
  return shanghaiEpoch(y as number, m as number, d as number);
};

/** The demo calendar's rows, one a date. */
export function demoCalendar(): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (const [range, type, note] of HOLIDAYS) {
    const [from, to = from] = range.split("..") as [string, string?];
    for (let day = epochOf(from); day <= epochOf(to); day += 86_400_000) out.push({ date: day, type, note });
  }
  return out;
}

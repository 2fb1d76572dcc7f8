/**
 * Working days (工作日) from the holiday calendar the center imports
 * (节假日安排: one row a date, 休 or 班). A day is a working day when it is
 * marked 班, or when it is Monday to Friday and not marked 休. Nothing about
 * China's holidays is written here: they are data.
 *
 * Days are Beijing days (UTC+8): day number d = ⌊(t + 8 h) / 24 h⌋ of an
 * instant t in epoch ms. Over the years the calendar covers (a year is covered
 * once it has any row) every day has a running index W(d), the number of
 * working days from the first covered day up to and including d; the two
 * functions of the rules language are
 *
 * - workdays(a, b) = W(day b) − W(day a): the working days after a's day up to
 *   and including b's day (negative when b is before a);
 * - add_workdays(t, n), n a whole number ≥ 1: the end (23:59:59.999) of the
 *   n-th working day after t's day; n = 0: the end of t's day when it is a
 *   working day, else of the next working day.
 *
 * The SQL push-down (packages/db/src/workday-sql.ts) materialises the same
 * index as a table and reads it with two indexed lookups.
 *
 * A date in a year the calendar does not cover reads as missing, in both. The
 * error that names the year to import is raised once per scoring, before any
 * record is read (`checkWindow`): the calendar must cover the scored period and
 * a month on either side of it (orders received before the period and closed in
 * it, deadlines that fall after it). An error per date could not be the same in
 * memory and in SQL, which does not fix the order in which `and`'s operands are
 * evaluated: the record that raised it would depend on the database's plan.
 */
import type { CalendarDay } from "@kaohe/data";
import * as A from "@kaohe/rules-dsl";
import { DAY_MS, SHANGHAI_OFFSET_MS } from "@kaohe/time";
import { ScoringError } from "./errors.ts";

/** The Beijing day number of an instant. */
export const dayOf = (t: number) => Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS);
/** The last millisecond of a Beijing day. */
export const endOfDay = (day: number) => (day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1;
/** The year of a day number (UTC date arithmetic on the day's start is exact). */
export const yearOfDay = (day: number) => new Date(day * DAY_MS).getUTCFullYear();
/** Monday–Friday? (day 0, 1970-01-01, was a Thursday) */
export const isWeekday = (day: number) => {
  const dow = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  return dow >= 1 && dow <= 5;
};
/** A working day by the holiday calendar's mark of it (休 a day off, 班 a make-up working day), else Monday–Friday. */
export const isWorkingDay = (day: number, mark: string | undefined) => mark === "班" || (mark !== "休" && isWeekday(day));

/** The working-day functions of the rules language: the registry's entries that read the holiday calendar. */
export const WORKDAY_FUNCTIONS: ReadonlySet<string> = new Set(A.functions.filter((f) => f.readsCalendar).map((f) => f.name));

/** Does a rubric's measure plan call a working-day function? */
export function usesWorkdays(exprs: readonly (A.Expr | null)[], fieldExpr: (name: string) => A.Expr | null = () => null): boolean {
  const seen = new Set<string>();
  const visit = (e: A.Expr): boolean => {
    if (e.kind === "call" && WORKDAY_FUNCTIONS.has(e.callee)) return true;
    if (e.kind === "name" && !seen.has(e.name)) {
      seen.add(e.name);
      const f = fieldExpr(e.name);
      if (f && visit(f)) return true;
    }
    return A.childrenOf(e).some(visit);
  };
  return exprs.some((e) => e !== null && visit(e));
}

/** How far around the scored period the calendar must reach: a month on either side. */
const CALENDAR_MARGIN_DAYS = 31;

/** The error for a year the calendar does not cover: what is missing and what to import. */
export function missingCalendarError(year: number, covered: readonly number[]): ScoringError {
  const have = covered.length ? `（已有 ${covered.join("、")} 年）` : "（尚未导入任何节假日安排）";
  const haveEn = covered.length ? ` (it has ${covered.join(", ")})` : " (none has been imported)";
  return new ScoringError(
    `缺少 ${year} 年的节假日安排${have}：规则按工作日计算，考核期及其前后一个月都须有节假日安排；请先导入 ${year} 年的节假日文件（节假日.csv 或 calendar.csv，列：日期、类型（休/班）、说明），再计分`,
    `no holiday calendar for ${year}${haveEn}: the rubric counts working days, and the calendar must cover the period and a month on either side; import ${year}'s calendar file (calendar.csv: 日期, 类型 休/班, 说明) first`,
  );
}

/** The running working-day index over the covered years, as both the engine and the day table hold it. */
export interface WorkdayRow {
  day: number;
  /** working days from the first covered day up to and including this one */
  index: number;
  work: boolean;
}

/** The covered years of a calendar, ascending. */
export function calendarYears(days: readonly Pick<CalendarDay, "date">[]): number[] {
  return [...new Set(days.map((d) => yearOfDay(dayOf(d.date))))].sort((a, b) => a - b);
}

/**
 * Every day of the covered years, with its running index (uncovered years in
 * between have no rows and add nothing to the index).
 */
export function workdayRows(days: readonly CalendarDay[]): WorkdayRow[] {
  const marked = new Map(days.map((d) => [dayOf(d.date), d.type]));
  const rows: WorkdayRow[] = [];
  let index = 0;
  for (const year of calendarYears(days)) {
    const first = Date.UTC(year, 0, 1) / DAY_MS;
    const last = Date.UTC(year + 1, 0, 1) / DAY_MS;
    for (let day = first; day < last; day++) {
      const mark = marked.get(day);
      const work = isWorkingDay(day, mark);
      if (work) index++;
      rows.push({ day, index, work });
    }
  }
  return rows;
}

export class WorkCalendar {
  readonly years: readonly number[];
  private readonly first: number;
  /** W(d) at d − first, −1 where the year is not covered */
  private readonly index: Int32Array;
  private readonly work: Uint8Array;
  /** the day of the k-th working day, at k */
  private readonly nth: Int32Array;

  constructor(days: readonly CalendarDay[]) {
    this.years = calendarYears(days);
    const rows = workdayRows(days);
    this.first = rows[0]?.day ?? 0;
    const span = rows.length ? (rows[rows.length - 1] as WorkdayRow).day - this.first + 1 : 0;
    this.index = new Int32Array(span).fill(-1);
    this.work = new Uint8Array(span);
    this.nth = new Int32Array((rows[rows.length - 1]?.index ?? 0) + 1).fill(-1);
    for (const r of rows) {
      this.index[r.day - this.first] = r.index;
      this.work[r.day - this.first] = r.work ? 1 : 0;
      if (r.work) this.nth[r.index] = r.day;
    }
  }

  /** W(day), or −1 when its year is not covered. */
  private indexOf(day: number): number {
    const i = day - this.first;
    return i >= 0 && i < this.index.length ? (this.index[i] as number) : -1;
  }

  /** Is this day a working day? Missing when its year is not covered. */
  isWorkday(day: number): boolean | null {
    return this.indexOf(day) < 0 ? null : this.work[day - this.first] === 1;
  }

  /** Working days after a's day up to and including b's day; missing when either is, or lies outside the calendar. */
  workdays(a: number | null, b: number | null): number | null {
    if (a === null || b === null) return null;
    const [wa, wb] = [this.indexOf(dayOf(a)), this.indexOf(dayOf(b))];
    return wa < 0 || wb < 0 ? null : wb - wa;
  }

  /**
   * The end of the n-th working day after t's day (n = 0: t's day if a working day, else the next); missing unless n
   * is a whole number ≥ 0, and when t's day or the day found lies outside the calendar.
   */
  addWorkdays(t: number | null, n: number | null): number | null {
    if (t === null || n === null || !Number.isInteger(n) || n < 0) return null;
    const day = dayOf(t);
    const w = this.indexOf(day);
    if (w < 0) return null;
    const target = n >= 1 ? w + n : w - (this.work[day - this.first] as number) + 1;
    const found = target < this.nth.length ? (this.nth[target] as number) : -1;
    return found < 0 ? null : endOfDay(found);
  }

  /**
   * Before any record is read: the years of the scored window and of a month on either side must be covered, and the
   * years between the first and the last covered.
   */
  checkWindow(window: { start: number; end: number }): void {
    const margin = CALENDAR_MARGIN_DAYS * DAY_MS;
    const from = yearOfDay(dayOf(window.start - margin));
    const to = yearOfDay(dayOf(window.end - 1 + margin));
    for (let y = from; y <= to; y++) if (!this.years.includes(y)) throw missingCalendarError(y, this.years);
    const last = this.years[this.years.length - 1];
    for (let y = this.years[0] ?? 0; last !== undefined && y < last; y++) if (!this.years.includes(y)) throw missingCalendarError(y, this.years);
  }
}

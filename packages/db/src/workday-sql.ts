/**
 * Working days in the database: the imported holiday calendar (`holidays`,
 * one row a date, 休 or 班) and the day table built from it (`workdays`: every
 * day of the covered years with its running working-day index, rebuilt after
 * each import of a calendar file), and the SQL of the rules language's
 * workdays() and add_workdays(), exactly as the engine computes them
 * (rules-engine/src/workdays.ts):
 *
 *   workdays(a, b)     = idx(day b) − idx(day a)                 two primary-key lookups
 *   add_workdays(t, n) = end of the day whose nth = idx(day t) + n  a primary-key and a unique-index lookup
 *
 * A day outside the table (a year the calendar does not cover) reads as
 * missing (NULL), as in memory; the error that names the year to import is
 * raised before the query, from the years the calendar covers
 * (`coveredYears`, `WorkCalendar.checkWindow`).
 */
import type { CalendarDay } from "@kaohe/data";
import { calendarYears, workdayRows } from "@kaohe/rules-engine";
import { DAY_MS, SHANGHAI_OFFSET_MS } from "@kaohe/time";
import type { Provider } from "./client.ts";
import type { RawDb } from "./raw.ts";

/** The calendar's rows as the engine reads them. */
async function readCalendar(raw: RawDb): Promise<CalendarDay[]> {
  const rows = await raw.query<{ day: number; type: string; note: string | null }>(`SELECT "day", "type", "note" FROM "holidays" ORDER BY "day"`);
  return rows.map((r) => ({ date: Number(r.day) * DAY_MS - SHANGHAI_OFFSET_MS, type: r.type === "班" ? "班" : "休", note: r.note }));
}

/** The years the imported calendar covers, ascending. */
export async function coveredYears(raw: RawDb): Promise<number[]> {
  const rows = await raw.query<{ day: number }>(`SELECT "day" FROM "holidays"`);
  return calendarYears(rows.map((r) => ({ date: Number(r.day) * DAY_MS - SHANGHAI_OFFSET_MS })));
}

/** Rebuild the day table from the calendar (a few hundred rows a year): after an import or an undo of calendar rows. */
export async function rebuildWorkdays(raw: RawDb): Promise<void> {
  const rows = workdayRows(await readCalendar(raw));
  await raw.execute(`DELETE FROM "workdays"`);
  if (rows.length === 0) return;
  await raw.insertMany(
    "workdays",
    ["day", "idx", "nth", "work"],
    rows.map((r) => [r.day, r.index, r.work ? r.index : null, raw.bool(r.work)]),
  );
}

/** SQL for a day number from an instant (epoch ms; NULL stays NULL). */
function daySql(x: string, p: Provider): string {
  return p === "sqlite" ? `CAST((${x} + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}.0 AS INTEGER)` : `floor((${x} + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}.0)::int`;
}

/** A day's running index; NULL for a day outside the calendar. */
function indexSql(day: string): string {
  return `(SELECT "idx" FROM "workdays" WHERE "day" = ${day})`;
}

/** SQL for workdays(a, b) / add_workdays(t, n), given the SQL of the arguments. */
export function workdayCallSql(callee: "workdays" | "add_workdays", args: string[], p: Provider): string {
  const [a, b] = args as [string, string];
  if (callee === "workdays") return `(${indexSql(daySql(b, p))} - ${indexSql(daySql(a, p))})`;
  // add_workdays(t, n): n a whole number ≥ 0, else missing; n = 0 → the day itself when a working day, else the next
  const t = a;
  const n = b;
  const day = daySql(t, p);
  const whole = p === "sqlite" ? `${n} = CAST(${n} AS INTEGER)` : `${n} = trunc(${n})`;
  const notWork = p === "sqlite" ? `(1 - "work")` : `(CASE WHEN "work" THEN 0 ELSE 1 END)`;
  const target = `(SELECT CAST("idx" + (CASE WHEN ${n} >= 1 THEN ${n} ELSE ${notWork} END) AS ${p === "sqlite" ? "INTEGER" : "int"}) FROM "workdays" WHERE "day" = ${day})`;
  // NULL when t's day is outside the calendar (no target) or the day found is past its end (no such nth)
  const found = `(SELECT "day" FROM "workdays" WHERE "nth" = ${target})`;
  return `(CASE WHEN ${t} IS NOT NULL AND ${n} IS NOT NULL AND ${n} >= 0 AND ${whole} THEN ((${found} + 1) * ${DAY_MS}.0 - ${SHANGHAI_OFFSET_MS + 1})${p === "postgres" ? "::float8" : ""} END)`;
}

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
export async function readCalendar(raw: RawDb): Promise<CalendarDay[]> {
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
  if (p === "postgres") return pgWorkdayCallSql(callee, args);
  const [a, b] = args as [string, string];
  if (callee === "workdays") return `(${indexSql(daySql(b, p))} - ${indexSql(daySql(a, p))})`;
  // add_workdays(t, n): n a whole number ≥ 0, else missing; n = 0 → the day itself when a working day, else the next
  const t = a;
  const n = b;
  const day = daySql(t, p);
  const target = `(SELECT CAST("idx" + (CASE WHEN ${n} >= 1 THEN ${n} ELSE (1 - "work") END) AS INTEGER) FROM "workdays" WHERE "day" = ${day})`;
  // NULL when t's day is outside the calendar (no target) or the day found is past its end (no such nth)
  const found = `(SELECT "day" FROM "workdays" WHERE "nth" = ${target})`;
  return `(CASE WHEN ${t} IS NOT NULL AND ${n} IS NOT NULL AND ${n} >= 0 AND ${n} = CAST(${n} AS INTEGER) THEN ((${found} + 1) * ${DAY_MS}.0 - ${SHANGHAI_OFFSET_MS + 1}) END)`;
}

/*
 * PostgreSQL runs a correlated subquery again for every row (SQLite's lookups of a few hundred rows cost little; there
 * they cost 16 times the month's scoring). There the day table is read once per query, as two arrays (subqueries that
 * refer to no row: each computed once, then indexed per row):
 *   DAYS[d − first + 1] = 2 × idx(d) + (d is a working day ? 1 : 0)
 *   NTH[k]              = the day of the k-th working day (k = 1, 2, … as idx counts them)
 * An index outside an array reads NULL, as a day outside the table does. (A calendar missing a year between two it
 * covers is refused before any query, `WorkCalendar.checkWindow`; such a year's days would read −1 here, then NULL.)
 */
const PG_FIRST = `(SELECT min("day") FROM "workdays")`;
const PG_DAYS = `(SELECT array_agg(COALESCE(2 * w."idx" + CASE WHEN w."work" THEN 1 ELSE 0 END, -1) ORDER BY g.d) FROM generate_series(${PG_FIRST}, (SELECT max("day") FROM "workdays")) AS g(d) LEFT JOIN "workdays" AS w ON w."day" = g.d)`;
const PG_NTH = `(SELECT array_agg("day" ORDER BY "nth") FROM "workdays" WHERE "nth" IS NOT NULL)`;

function pgWorkdayCallSql(callee: "workdays" | "add_workdays", args: string[]): string {
  const [a, b] = args as [string, string];
  const coded = (x: string) => `NULLIF(${PG_DAYS}[${daySql(x, "postgres")} - ${PG_FIRST} + 1], -1)`;
  if (callee === "workdays") return `(${coded(b)} / 2 - ${coded(a)} / 2)`;
  const [t, n] = [a, b];
  const v = coded(t);
  const target = `(${v} / 2 + (CASE WHEN ${n} >= 1 THEN ${n} ELSE 1 - ${v} % 2 END))::int`;
  return `(CASE WHEN ${t} IS NOT NULL AND ${n} IS NOT NULL AND ${n} >= 0 AND ${n} = trunc(${n}) THEN ((${PG_NTH}[${target}] + 1) * ${DAY_MS}.0 - ${SHANGHAI_OFFSET_MS + 1})::float8 END)`;
}

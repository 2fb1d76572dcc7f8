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
 * A day outside the table (a year the calendar does not cover) is an error
 * naming the year, as in memory: `kh_no_calendar(day)` throws on SQLite (a
 * function of the connection, registered below), and on PostgreSQL a cast of
 * 'kaohe-no-calendar:<day>' to integer fails; either way the message carries
 * the day, and `calendarErrorOf` turns it into the engine's ScoringError.
 */
import type { CalendarDay } from "@kaohe/data";
import { calendarYears, missingCalendarError, type ScoringError, workdayRows, yearOfDay } from "@kaohe/rules-engine";
import type { Provider } from "./client.ts";
import { type RawDb, sqliteFunctions } from "./raw.ts";
import { DATA_TABLES } from "./remember.ts";

const DAY_MS = 86_400_000;
const OFFSET_MS = 28_800_000;
const MARK = "kaohe-no-calendar:";

/** The calendar's rows as the engine reads them. */
export async function readCalendar(raw: RawDb): Promise<CalendarDay[]> {
  const rows = await raw.query<{ day: number; type: string; note: string | null }>(`SELECT "day", "type", "note" FROM "holidays" ORDER BY "day"`);
  return rows.map((r) => ({ date: Number(r.day) * DAY_MS - OFFSET_MS, type: r.type === "班" ? "班" : "休", note: r.note }));
}

/** The years the imported calendar covers, ascending. */
export async function coveredYears(raw: RawDb): Promise<number[]> {
  const rows = await raw.query<{ day: number }>(`SELECT "day" FROM "holidays"`);
  return calendarYears(rows.map((r) => ({ date: Number(r.day) * DAY_MS - OFFSET_MS })));
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

/** The SQLite function behind a missing day (registered on every connection, raw.ts). */
export function sqliteNoCalendar(day: number | null): null {
  if (day === null || day === undefined) return null;
  throw new Error(`${MARK}${day}`);
}
// registered with the engine's other conversions on every SQLite connection opened after this module is loaded (the
// measure push-down imports it); TODO: list it in raw.ts's sqliteFunctions, and these tables in remember.ts's
// DATA_TABLES (a calendar import starts a new generation of the data), once those files are free to edit
sqliteFunctions.kh_no_calendar = sqliteNoCalendar as (...args: never[]) => unknown;
for (const table of ["holidays", "workdays"]) (DATA_TABLES as Set<string>).add(table);

/** The database's error for a day outside the calendar, as the engine's ScoringError (else null). */
export function calendarErrorOf(err: unknown, years: readonly number[]): ScoringError | null {
  const m = new RegExp(`${MARK}(-?\\d+)`).exec(err instanceof Error ? err.message : String(err));
  return m ? missingCalendarError(yearOfDay(Number(m[1])), years) : null;
}

/** SQL for a day number from an instant (epoch ms; NULL stays NULL). */
function daySql(x: string, p: Provider): string {
  return p === "sqlite" ? `CAST((${x} + ${OFFSET_MS}) / ${DAY_MS}.0 AS INTEGER)` : `floor((${x} + ${OFFSET_MS}) / ${DAY_MS}.0)::int`;
}

/** NULL for a NULL day, else an error naming it; never folded into a constant (PostgreSQL: the sub-select). */
function noCalendar(day: string, p: Provider): string {
  return p === "sqlite" ? `kh_no_calendar(${day})` : `CAST(${`'${MARK}'`} || (${day})::text || (SELECT '') AS int)`;
}

/** A day's running index, or the error. */
function indexSql(day: string, p: Provider): string {
  return `COALESCE((SELECT "idx" FROM "workdays" WHERE "day" = ${day}), ${noCalendar(day, p)})`;
}

/** SQL for workdays(a, b) / add_workdays(t, n), given the SQL of the arguments. */
export function workdayCallSql(callee: "workdays" | "add_workdays", args: string[], p: Provider): string {
  const [a, b] = args as [string, string];
  if (callee === "workdays") return `(${indexSql(daySql(b, p), p)} - ${indexSql(daySql(a, p), p)})`;
  // add_workdays(t, n): n a whole number ≥ 0, else missing; n = 0 → the day itself when a working day, else the next
  const t = a;
  const n = b;
  const day = daySql(t, p);
  const whole = p === "sqlite" ? `${n} = CAST(${n} AS INTEGER)` : `${n} = trunc(${n})`;
  const notWork = p === "sqlite" ? `(1 - "work")` : `(CASE WHEN "work" THEN 0 ELSE 1 END)`;
  const target = `(SELECT CAST("idx" + (CASE WHEN ${n} >= 1 THEN ${n} ELSE ${notWork} END) AS ${p === "sqlite" ? "INTEGER" : "int"}) FROM "workdays" WHERE "day" = ${day})`;
  const found = `(SELECT "day" FROM "workdays" WHERE "nth" = COALESCE(${target}, ${noCalendar(day, p)}))`;
  // past the last covered day: the year after it is the one missing
  const past = noCalendar(`(SELECT MAX("day") FROM "workdays") + 1`, p);
  return `(CASE WHEN ${t} IS NOT NULL AND ${n} IS NOT NULL AND ${n} >= 0 AND ${whole} THEN ((COALESCE(${found}, ${past}) + 1) * ${DAY_MS}.0 - ${OFFSET_MS + 1})${p === "postgres" ? "::float8" : ""} END)`;
}

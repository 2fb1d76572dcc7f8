/**
 * The measure push-down's executor: the queries the engine's compiler writes
 * (rules-engine measures/record-sql.ts: a rubric's measures as one aggregate
 * query per record kind and period, with exactly the semantics of the
 * in-memory pass) run on this store, remembered while its data stays as it
 * is, and the records behind a measure listed (drill-down). `sqlTarget` says
 * what the compiler needs of the store: its dialect, the tables stored
 * clustered (layout.ts) and the working-day functions' SQL (workday-sql.ts).
 */

import { EVIDENCE_LIMIT } from "@kaohe/data/limits";
import {
  type CompiledMeasureQuery,
  compileMeasureQuery as compileQuery,
  measureCondition as conditionSql,
  type SqlContext as EngineSqlContext,
  isWarningMeasure,
  sqlLiteral as literal,
  type MeasurePlan,
  type MeasureQuery,
  type MeasureSource,
  type MeasureSpec,
  type MeasureValues,
  planUsesWorkdays,
  type RecordKind,
  type SqlTarget,
  WorkCalendar,
} from "@kaohe/rules-engine";
import { shanghaiEpoch } from "@kaohe/time";
import type { Provider } from "./client.ts";
import { clusteredTables } from "./layout.ts";
import type { RawDb } from "./raw.ts";
import { rowsBytes } from "./remember.ts";
import { ident } from "./sql.ts";
import { coveredYears, workdayCallSql } from "./workday-sql.ts";

/** The window a query reads (the engine's SqlContext's). */
type Window = EngineSqlContext["window"];

/** What the engine's SQL compiler needs of a store of this provider. */
export const sqlTarget = (provider: Provider): SqlTarget => targets[provider];
const targets: Record<Provider, SqlTarget> = {
  sqlite: { dialect: "sqlite", clustered: clusteredTables, workdays: (callee, args) => workdayCallSql(callee, args, "sqlite") },
  postgres: { dialect: "postgres", clustered: [], workdays: (callee, args) => workdayCallSql(callee, args, "postgres") },
};

/** One aggregate query for every measure of one record kind (rules-engine `compileMeasureQuery`), for this store. */
export function compileMeasureQuery(
  plan: MeasurePlan,
  specs: MeasureSpec[],
  kind: RecordKind,
  provider: Provider,
  window: Window,
  /** only these units' records (default: every unit's, those not assessed dropped when read) */
  units?: readonly string[],
): CompiledMeasureQuery {
  return compileQuery(plan, specs, kind, targets[provider], window, units);
}

/** The condition of one measure, for listing the records behind it. */
export function measureCondition(plan: MeasurePlan, spec: MeasureSpec, provider: Provider, window: Window): string {
  return conditionSql(plan, spec, targets[provider], window);
}

/** Measure queries compiled, per plan (a rubric's, for one assessment): the same text for the same period, kind and units. */
const compiledQueries = new WeakMap<MeasurePlan, Map<string, CompiledMeasureQuery>>();
/** `compileMeasureQuery` remembered: the same arguments give the query compiled the first time. */
function compiledQuery(...args: Parameters<typeof compileMeasureQuery>): CompiledMeasureQuery {
  const [plan, specs, kind, provider, window, units] = args;
  let byKey = compiledQueries.get(plan);
  if (!byKey) {
    byKey = new Map();
    compiledQueries.set(plan, byKey);
  }
  const key = [
    kind,
    provider,
    window.start,
    window.end,
    window.asOf,
    window.previous?.start,
    window.previous?.end,
    specs.map((s) => s.name).join("\u0001"),
    units?.join("\u0001") ?? "*",
  ].join("\u0000");
  let q = byKey.get(key);
  if (!q) {
    q = compileMeasureQuery(...args);
    // a long-running server scores many periods with one plan: the oldest goes first
    if (byKey.size >= 64) byKey.delete(byKey.keys().next().value as string);
    byKey.set(key, q);
  }
  return q;
}

/** Measures computed in the database: one query per record kind. */
export class SqlMeasureSource implements MeasureSource {
  constructor(private readonly raw: RawDb) {}

  async compute(plan: MeasurePlan, query: MeasureQuery): Promise<MeasureValues> {
    const window = { start: query.window.start, end: query.window.end, asOf: query.asOf, previous: query.previous ?? null };
    // working days: the calendar must cover the window and a month around it (and have no year missing between its
    // first and last), as in memory; a date outside it reads as missing in the query
    if (planUsesWorkdays(plan)) {
      const years = await coveredYears(this.raw);
      new WorkCalendar(years.map((y) => ({ date: shanghaiEpoch(y, 1, 1), type: "休", note: null }))).checkWindow(query.window);
    }
    return await this.computeWithin(plan, query, window);
  }

  private async computeWithin(plan: MeasurePlan, query: MeasureQuery, window: Window): Promise<MeasureValues> {
    const values = new Map<string, Map<string, number | null>>();
    const specs = new Map(plan.measures.map((m) => [m.name, m]));
    for (const kind of ["orders", "events"] as const) {
      const ofKind = plan.measures.filter((m) => m.record === kind);
      if (ofKind.length === 0) continue;
      // with working days, only the assessed units' records are read (as in memory): a date outside the calendar in a
      // record of a unit not scored is no error
      const q = compiledQuery(plan, ofKind, kind, this.raw.provider, window, planUsesWorkdays(plan) || query.onlyUnits ? query.units : undefined);
      // the query's text says everything its rows depend on besides the data: a month read again (the ranking, then a
      // unit of it, its trend, the year) is not read again while the data stays as it is
      const rows = await this.raw.rememberRows(q.sql, (rows: Record<string, unknown>[]) => rows, rowsBytes);
      for (const row of rows) {
        const unit = String(row.u);
        const byName = values.get(unit) ?? new Map<string, number | null>();
        for (const [name, col] of q.columns) {
          const v = row[col];
          byName.set(name, v === null || v === undefined ? null : Number(v));
        }
        values.set(unit, byName);
      }
    }
    const evidence = new Map<string, string[]>();
    if (query.evidence) {
      const units = Array.isArray(query.evidence) ? query.evidence : query.units;
      const events = plan.measures.filter((m) => m.record === "events");
      for (const unit of units) {
        // orders: a query per measure, each stopping at its limit (a unit's month may hold tens of thousands)
        for (const spec of plan.measures) {
          // a warning's count (a population's size) is behind no point: nothing to list
          if (spec.record !== "orders" || isWarningMeasure(spec.name)) continue;
          evidence.set(`${unit}|${spec.name}`, await listRecordIds(this.raw, plan, spec, window, unit, EVIDENCE_LIMIT));
        }
        // events: few, and a rubric counts many kinds of them (the 2017 rubric: 95 measures), so one pass for all
        for (const [name, ids] of await listRecordIdsOfEach(this.raw, plan, events, window, unit, EVIDENCE_LIMIT)) evidence.set(`${unit}|${name}`, ids);
      }
    }
    return {
      value(unit, name) {
        const spec = specs.get(name);
        if (!spec) return null;
        const v = values.get(unit)?.get(name);
        if (v === undefined) return spec.aggregate === "avg" ? null : 0;
        return v;
      },
      evidence(unit, name) {
        if (evidence.size === 0) return [];
        return evidence.get(`${unit}|${name}`) ?? [];
      },
    };
  }
}

/** The table a record kind is stored in, and the stable order its records are listed in (the drill-down's too). */
export function recordListing(kind: RecordKind): { table: string; order: string } {
  return kind === "orders" ? { table: "orders", order: `"receivedAt", "id"` } : { table: "events", order: `"date", "id"` };
}

/**
 * Ids of the records behind each of several measures of one record kind of one unit: for each, what
 * `listRecordIds` lists (the same condition, order and limit), from one pass over the unit's records that
 * any of them counts, each carrying a flag per measure. For few records and many measures (events).
 */
async function listRecordIdsOfEach(
  raw: RawDb,
  plan: MeasurePlan,
  specs: readonly MeasureSpec[],
  window: Window,
  unit: string,
  limit: number,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(specs.map((s) => [s.name, []]));
  const kind = specs[0]?.record;
  if (!kind) return out;
  const conditions = specs.map((spec) => measureCondition(plan, spec, raw.provider, window));
  const flags = conditions.map((c, i) => `(CASE WHEN ${c} THEN 1 ELSE 0 END) AS f${i}`);
  const any = [...new Set(conditions)].map((c) => `(${c})`).join(" OR ");
  const { table, order } = recordListing(kind);
  const sql = `SELECT "id", ${flags.join(", ")} FROM ${ident(table)} WHERE "unit" = ${literal(unit)} AND (${any}) ORDER BY ${order}`;
  const rows = await raw.rememberRows(sql, (rows: Record<string, unknown>[]) => rows, rowsBytes);
  const cap = Math.max(0, Math.floor(limit));
  const lists = specs.map((s) => out.get(s.name) as string[]);
  for (const row of rows) {
    lists.forEach((list, i) => {
      if (list.length < cap && Number(row[`f${i}`]) === 1) list.push(String(row.id));
    });
  }
  return out;
}

/** Ids of the records behind one measure of one unit, in a stable order. */
export async function listRecordIds(raw: RawDb, plan: MeasurePlan, spec: MeasureSpec, window: Window, unit: string, limit: number): Promise<string[]> {
  const condition = measureCondition(plan, spec, raw.provider, window);
  const { table, order } = recordListing(spec.record);
  const sql = `SELECT "id" FROM ${ident(table)} WHERE "unit" = ${literal(unit)} AND ${condition} ORDER BY ${order} LIMIT ${Math.max(0, Math.floor(limit))}`;
  // remembered while the data stays as it is (the unit's page asked for again, or by another thread): a copy each time
  const ids = await raw.rememberRows(
    sql,
    (rows: { id: string }[]) => rows.map((r) => r.id),
    (list) => 64 + list.length * 48,
  );
  return [...ids];
}

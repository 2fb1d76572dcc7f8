/**
 * Scoring from the store: units and facts read through Prisma, measures
 * pushed down to SQL. Results are the engine's, identical to scoring the
 * same data from files.
 */
import { createHash } from "node:crypto";
import type { Fact, Unit } from "@kaohe/data";
import {
  type AssessmentResult,
  type CompiledRubric,
  diffResults,
  periodWindow,
  type RubricDiff,
  type ScoreOptions,
  type ScoringData,
  scoreMonth,
  scoreYear,
} from "@kaohe/rules-engine";
import { AppError, ErrorCodes } from "./errors.ts";
import { SqlMeasureSource } from "./measure-sql.ts";
import { compileVersion, versionInForce } from "./rubrics.ts";
import type { Store } from "./store.ts";

export async function loadUnits(store: Store): Promise<Unit[]> {
  const rows = await store.prisma.unit.findMany({ orderBy: { code: "asc" } });
  return rows.map((u) => ({ code: u.code, name: u.name, category: u.category, attributes: (u.attributes ?? {}) as Record<string, string> }));
}

export async function loadFacts(store: Store): Promise<Fact[]> {
  const rows = await store.prisma.fact.findMany();
  return rows.map((f) => ({ unit: f.unit, year: f.year, item: f.item, value: f.value === "是" ? true : f.value === "否" ? false : Number(f.value) }));
}

export async function scoringData(store: Store): Promise<ScoringData> {
  return { units: await loadUnits(store), facts: await loadFacts(store), source: new SqlMeasureSource(store.raw) };
}

export const isYear = (period: string) => /^\d{4}$/.test(period);

export function assertPeriod(period: string): void {
  if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(period)) {
    throw new AppError(ErrorCodes.BadInput, `考核期应写成 2017-10（月）或 2017（年），而不是“${period}”`, `a period is YYYY-MM or YYYY, got ${period}`);
  }
}

/** Score a month or a year with a compiled rubric. */
export async function scorePeriod(store: Store, rubric: CompiledRubric, period: string, options: ScoreOptions = {}): Promise<AssessmentResult> {
  assertPeriod(period);
  const data = await scoringData(store);
  return isYear(period) ? scoreYear(rubric, data, Number(period), options) : scoreMonth(rubric, data, period, options);
}

/** Score with the published version in force for the period. */
export async function scoreInForce(store: Store, period: string, options: ScoreOptions = {}): Promise<{ result: AssessmentResult; versionId: number }> {
  assertPeriod(period);
  const v = await versionInForce(store, period);
  return { result: await scorePeriod(store, compileVersion(v), period, options), versionId: v.id };
}

/** Two versions over the same data and period; the data is read once. */
export async function diffVersions(store: Store, a: CompiledRubric, b: CompiledRubric, period: string): Promise<RubricDiff> {
  assertPeriod(period);
  const data = await scoringData(store);
  const run = (r: CompiledRubric) =>
    isYear(period) ? scoreYear(r, data, Number(period), { evidence: false }) : scoreMonth(r, data, period, { evidence: false });
  const [ra, rb] = await Promise.all([run(a), run(b)]);
  return diffResults(ra, rb);
}

/**
 * A fingerprint of the data a period's result depends on: its units and facts,
 * and the orders and events of the window (and, for a year, of its months).
 */
export async function dataHash(store: Store, rubric: CompiledRubric, period: string, options: { pageSize?: number } = {}): Promise<string> {
  const { window } = periodWindow(rubric, period);
  // a month's window may reach back (26th-to-25th) or cover a quarter; a year covers its months
  const start = window.start;
  const end = window.end;
  const hash = createHash("sha256");
  const feedRows = (rows: Record<string, unknown>[]) => {
    for (const r of rows) hash.update(JSON.stringify(Object.entries(r).filter(([k]) => k !== "batchId" && k !== "updatedAt" && k !== "createdAt")));
  };
  const p = (i: number) => (store.raw.provider === "sqlite" ? "?" : `$${i}`);
  feedRows(await store.raw.query(`SELECT "code", "name", "category" FROM "units" ORDER BY "code"`));
  hash.update("|");
  feedRows(await store.raw.query(`SELECT "unit", "year", "item", "value" FROM "facts" ORDER BY "unit", "year", "item"`));
  hash.update("|");
  // a period's orders and events by id, a page at a time: a province's month is never held in memory at once
  const pageSize = options.pageSize ?? 10_000;
  for (const [table, time] of [
    ["orders", "receivedAt"],
    ["events", "date"],
  ] as const) {
    let after = "";
    for (;;) {
      const rows = await store.raw.query(
        `SELECT * FROM "${table}" WHERE "${time}" >= ${p(1)} AND "${time}" < ${p(2)} AND "id" > ${p(3)} ORDER BY "id" LIMIT ${pageSize}`,
        [start, end, after],
      );
      feedRows(rows);
      if (rows.length < pageSize) break;
      after = String(rows.at(-1)?.id);
    }
    hash.update("|");
  }
  return hash.digest("hex");
}

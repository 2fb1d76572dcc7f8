/**
 * Drill-down: the records behind any measure of any unit, listed by the same
 * predicate the push-down counts with, paginated and filterable.
 */
import type { HotlineEvent, Order } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import {
  AppError,
  type Correction,
  correctionsOf,
  ErrorCodes,
  eventFromRow,
  measureCondition,
  orderFromRow,
  param,
  readCalendar,
  recordListing,
} from "@kaohe/db";
import { type CompiledRubric, ident, periodWindow, recordFieldColumns, recordFields, unitWindow } from "@kaohe/rules-engine";
import { assertPeriod } from "./scores.ts";
import { quotedText } from "./text-limits.ts";

export interface DrilldownQuery {
  period: string;
  unit: string;
  measure: string;
  /**
   * only the records of `measure` this measure does not count: a rate's denominator's not in its numerator, the ones
   * that cost the rate its points (承办量 not among 办结件数: lost-records.ts)
   */
  notIn?: string;
  page?: number;
  pageSize?: number;
  /** free text matched against the record id (工单编号 / 事件编号) */
  search?: string;
  /** override the assessment time (default: the rubric's) */
  asOf?: number;
  /** the records as another assessment of the period's kind reads them (its window: a quarter …); default the ranked one */
  assessment?: string;
  /** the unit's months (起始月份, 截止月份) when the caller has read the unit already; else read here */
  months?: { fromMonth: string | null; untilMonth: string | null };
}

export interface DrilldownPage<T> {
  record: "orders" | "events";
  measure: { name: string; label: string | null };
  /** the measure whose records are left out (DrilldownQuery.notIn), or null */
  notIn: { name: string; label: string | null } | null;
  total: number;
  page: number;
  pageSize: number;
  rows: T[];
  /** the corrections (accepted objections) of the records on this page, newest first */
  corrections: Correction[];
  /**
   * what the rubric reads and works out of each record on the page, beyond the imported columns shown anyway: its
   * extra columns (`attribute`, by their column names) and fields (`field 有效时限 = …`, null there), headed by their
   * labels (with what each is: the rubric's comment above it, else a field's definition), a row of cells per record
   */
  own: { headings: string[]; notes: (string | null)[]; attributes: (string | null)[]; cells: string[][] };
}

function measureSpec(rubric: CompiledRubric, name: string) {
  const spec = rubric.plan.measures.find((m) => m.name === name);
  if (!spec) {
    // a name is quoted back as far as a person reads it, not whole (a 5,000-character one was)
    const quoted = quotedText(name, 40);
    throw new AppError(ErrorCodes.NotFound, `规则中没有名为“${quoted}”的计数`, `no measure ${quoted}`);
  }
  return spec;
}

export async function drilldown(store: Store, rubric: CompiledRubric, q: DrilldownQuery): Promise<DrilldownPage<Order | HotlineEvent>> {
  assertPeriod(q.period);
  const spec = measureSpec(rubric, q.measure);
  const kept = q.notIn === undefined ? null : measureSpec(rubric, q.notIn);
  if (kept && kept.record !== spec.record) {
    throw new AppError(
      ErrorCodes.BadInput,
      `“${quotedText(q.measure, 40)}”与“${quotedText(kept.name, 40)}”计的不是同一类记录（工单、事件），不能相减`,
      `measures ${q.measure} and ${kept.name} count different records`,
    );
  }
  const period = periodWindow(rubric, q.period, q.assessment);
  const { asOf, previous } = period;
  // a unit assessed in part of a quarter or a year: the records of its own months, as its numbers count them
  const months = q.months ?? (await store.prisma.unit.findUnique({ where: { code: q.unit }, select: { fromMonth: true, untilMonth: true } }));
  const window = months ? unitWindow(period.assessment, period.window, months) : period.window;
  // `in previous period` reads the window before (a measure over last month's orders lists them)
  const measureWindow = {
    start: window.start,
    end: window.end,
    asOf: q.asOf ?? asOf,
    previous: previous && { start: previous.start, end: previous.end },
  };
  // IS NOT TRUE: a record the numerator's condition reads as unknown (NULL) is not counted by it either
  const condition = kept
    ? `(${measureCondition(rubric.plan, spec, store.raw.provider, measureWindow)}) AND (${measureCondition(rubric.plan, kept, store.raw.provider, measureWindow)}) IS NOT TRUE`
    : measureCondition(rubric.plan, spec, store.raw.provider, measureWindow);
  const pageSize = Math.min(500, Math.max(1, Math.floor(q.pageSize ?? 20)));
  const page = Math.max(1, Math.floor(q.page ?? 1));
  const { table, order } = recordListing(spec.record);
  const p = (i: number) => param(store.raw.provider, i);
  const params: unknown[] = [q.unit];
  let where = `"unit" = ${p(1)} AND ${condition}`;
  if (q.search?.trim()) {
    // the ids holding the text as typed, in either case of the Latin letters (编号含“…”; SQLite's lower() folds those
    // alone): as a LIKE pattern its % and _ matched every id, and PostgreSQL kept the case SQLite folded (ht2018 found
    // nothing there that it found on SQLite)
    params.push(q.search.trim());
    const found = store.raw.provider === "sqlite" ? "instr" : "strpos";
    where += ` AND ${found}(lower("id"), lower(${p(2)})) > 0`;
  }
  const [countRow] = await store.raw.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${ident(table)} WHERE ${where}`, params);
  const rows = await store.raw.query(
    `SELECT * FROM ${ident(table)} WHERE ${where} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  );
  const records = rows.map((r) => (spec.record === "orders" ? orderFromRow(r) : eventFromRow(r)));
  // the calendar only for a rubric with something to work out of the records (the table is small either way)
  const declared = recordFields(rubric, spec.record).fields.length > 0;
  const own = declared
    ? recordFieldColumns(rubric, spec.record, { period: q.period, assessment: q.assessment, unit: months, asOf: q.asOf }, await readCalendar(store.raw))
    : { headings: [], notes: [], attributes: [], cells: () => [] };
  return {
    record: spec.record,
    measure: { name: spec.name, label: spec.label },
    notIn: kept && { name: kept.name, label: kept.label },
    total: Number(countRow?.n ?? 0),
    page,
    pageSize,
    rows: records,
    own: { headings: own.headings, notes: own.notes, attributes: own.attributes, cells: records.map((r) => own.cells(r)) },
    corrections: await correctionsOf(
      store,
      spec.record,
      rows.map((r) => String(r.id)),
    ),
  };
}

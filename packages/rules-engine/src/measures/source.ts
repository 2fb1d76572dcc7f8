/**
 * What a measure back end is given and gives back: the measures of a rubric
 * (`MeasurePlan`, `MeasureSpec`), the window and units they are computed for
 * (`MeasureQuery`) and the values (`MeasureValues`). Two back ends implement
 * `MeasureSource`: the in-memory pass (memory.ts, record expressions compiled
 * to JavaScript by record-js.ts) and the SQL push-down (record-sql.ts writes
 * the queries; @kaohe/db runs them).
 */
import type * as A from "@kaohe/rules-dsl";
import { printExpr, type SymbolTable } from "@kaohe/rules-dsl";
import type { Window } from "../period.ts";
import { usesWorkdays } from "../workdays.ts";

export type RecordKind = "orders" | "events";

/** One measure, self-contained: what a database needs to compute it. */
export interface MeasureSpec {
  name: string;
  label: string | null;
  record: RecordKind;
  aggregate: "count" | "sum" | "avg";
  /** population filter, then the measure's own filter (either may be null) */
  populationWhere: A.Expr | null;
  where: A.Expr | null;
  of: A.Expr | null;
  /** canonical text: two measures with the same signature have the same values */
  signature: string;
}

export interface MeasurePlan {
  symbols: SymbolTable;
  eventPoints: Map<string, number | null>;
  measures: MeasureSpec[];
}

export interface MeasureQuery {
  window: Window;
  /**
   * the window the assessment had when the period before was scored (`in previous period`); absent or null:
   * there is none (a window of fixed dates), and no record is in it
   */
  previous?: { start: number; end: number } | null;
  /** the assessment time: open orders are judged as of this instant */
  asOf: number;
  /** unit codes to compute for */
  units: string[];
  /**
   * read only these units' records (units counted over a window of their own, set up or abolished within it: a few
   * among all); otherwise every unit's may be aggregated and the others dropped
   */
  onlyUnits?: boolean;
  /** collect the ids of the records behind each measure: for every unit, or only for the units listed */
  evidence: boolean | readonly string[];
}

export interface MeasureValues {
  /** value of measure `name` for unit `code`: 0 when nothing matched (avg: null) */
  value(unit: string, name: string): number | null;
  /** ids of the records counted (only when evidence was asked for) */
  evidence(unit: string, name: string): readonly string[];
}

export interface MeasureSource {
  compute(plan: MeasurePlan, query: MeasureQuery): MeasureValues | Promise<MeasureValues>;
}

/**
 * Is it one of the hidden measures behind the score table's warnings (compile.ts: a population's size, the orders
 * received)? They score nothing: what a result rests on (its data's fingerprint) leaves them out, and no record ids
 * are listed behind them.
 */
export const isWarningMeasure = (name: string) => name.startsWith("#提示:");

/**
 * An extra column's text as the file holds it, whatever its declared type (a warning measure's: whether an order has a
 * value in it). A yes/no column reads 否 where it has none, so "has a value" asked of the typed name was always true.
 */
export const rawAttribute = (name: string) => `#原文:${name}`;
/** The attribute a `rawAttribute` name stands for, or null for any other name. */
export const rawAttributeOf = (name: string): string | null => (name.startsWith("#原文:") ? name.slice("#原文:".length) : null);
/** The declaration of the attribute a `rawAttribute` name stands for in a record's scope, or undefined. */
export function rawAttributeIn(scope: SymbolTable["orderScope"], name: string): Extract<A.Symbol, { kind: "attribute" }> | undefined {
  const raw = rawAttributeOf(name);
  const sym = raw === null ? undefined : scope.get(raw);
  return sym?.kind === "attribute" ? sym : undefined;
}

export function measureSignature(m: Omit<MeasureSpec, "signature" | "name" | "label">): string {
  const p = (e: A.Expr | null) => (e ? printExpr(e) : "");
  return `${m.record}|${m.aggregate}|${p(m.populationWhere)}|${p(m.where)}|${p(m.of)}`;
}

/** Does any measure of the plan call a working-day function (directly or through a derived field)? */
export function planUsesWorkdays(plan: MeasurePlan): boolean {
  const fieldExpr = (record: RecordKind) => (name: string) => {
    const s = (record === "orders" ? plan.symbols.orderScope : plan.symbols.eventScope).get(name);
    return s?.kind === "field" ? s.decl.expr : null;
  };
  return plan.measures.some((m) => usesWorkdays([m.populationWhere, m.where, m.of], fieldExpr(m.record)));
}

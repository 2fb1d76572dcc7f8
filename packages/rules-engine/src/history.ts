/**
 * The period before, for `previous(…)`: how an assessment reads it (not at all, its values, or its score and
 * rank), and that period scored or only counted, once per scoring.
 */
import * as A from "@kaohe/rules-dsl";
import { type CompiledRubric, inForce, volumeMeasure } from "./compile.ts";
import { type Month, previousMonthOf, type Window, windowFor } from "./period.ts";
import { rankedValues } from "./rank.ts";
import type { ScoringData, UnitResult } from "./results.ts";
import { groupingOf, windowSpecOf } from "./rubric-index.ts";
import { type AssessmentRun, defaultAsOf, openRun, type PreviousPeriod } from "./run.ts";

/**
 * How an assessment reads the period before with `previous(…)`: not at all; "values" — measures, facts, or
 * values and rates that do not themselves read previous(…) (the period before is counted, not scored); or
 * "scored" — its score, rank, band, an item or an assessment, or a value that reads previous(…) itself (the
 * period before is scored and ranked, and so, in turn, is the one before it, back to the first month in force).
 */
const previousUses = new WeakMap<A.AssessmentDecl, "none" | "values" | "scored">();
export function previousUse(rubric: CompiledRubric, a: A.AssessmentDecl): "none" | "values" | "scored" {
  const known = previousUses.get(a);
  if (known) return known;
  const targets = new Set<string>();
  const seen = new Set<string>();
  const readsPrevious = new Map<string, boolean>();
  // does a declaration's expression reach previous(…)?
  const declReads = (n: string): boolean => {
    const k = readsPrevious.get(n);
    if (k !== undefined) return k;
    readsPrevious.set(n, false);
    const sym = rubric.symbols.global.get(n);
    const exprs = sym?.kind === "rate" ? [sym.decl.numerator, sym.decl.denominator, sym.decl.whenZero] : sym?.kind === "value" ? [sym.decl.expr] : [];
    const found = (e: A.Expr | null): boolean =>
      e !== null && ((e.kind === "call" && e.callee === "previous") || (e.kind === "name" && declReads(e.name)) || A.childrenOf(e).some(found));
    const r = exprs.some(found);
    readsPrevious.set(n, r);
    return r;
  };
  const walk = (e: A.Expr | null | undefined): void => {
    if (!e) return;
    if (e.kind === "call" && e.callee === "previous" && e.args[0]?.value.kind === "name") targets.add(e.args[0].value.name);
    if (e.kind === "call" && e.callee === "mean") return;
    if (e.kind === "name") name(e.name);
    for (const c of A.childrenOf(e)) walk(c);
  };
  const name = (n: string): void => {
    if (seen.has(n)) return;
    seen.add(n);
    const sym = rubric.symbols.global.get(n);
    if (sym?.kind === "rate") [sym.decl.numerator, sym.decl.denominator, sym.decl.whenZero].forEach(walk);
    else if (sym?.kind === "value") walk(sym.decl.expr);
    else if (sym?.kind === "assessment") assessment(sym.decl);
  };
  const assessment = (x: A.AssessmentDecl): void => {
    for (const part of x.parts)
      for (const item of A.itemsOf(part)) {
        [item.formula, item.base, item.weight, item.atLeast].forEach(walk);
        for (const adj of item.adjustments) {
          walk(adj.amount);
          walk(adj.condition);
          if (adj.per) name(adj.per.name);
        }
      }
    [x.total, x.rescaleTo, ...x.reports.map((r) => r.expr), ...x.bands.flatMap((b) => [b.atLeast, b.condition]), ...x.vetoes.map((v) => v.condition)].forEach(
      walk,
    );
    for (const r of x.reports) if (!r.expr) name(r.name);
    for (const v of x.sanctions) walk(v.condition);
  };
  assessment(a);
  for (const g of groupingOf(rubric, a.schedule).groups) walk(g.condition);
  for (const k of rubric.ranking.orderBy) name(k.key);
  let use: "none" | "values" | "scored" = targets.size === 0 ? "none" : "values";
  for (const t of targets) {
    const sym = rubric.symbols.global.get(t);
    const plainValue = sym && (sym.kind === "measure" || sym.kind === "fact" || ((sym.kind === "rate" || sym.kind === "value") && !declReads(t)));
    if (!plainValue) use = "scored";
  }
  previousUses.set(a, use);
  return use;
}

/** A period scored: its run (the units' values) and its ranked results. */
interface ScoredPeriod {
  run: AssessmentRun;
  results: UnitResult[];
}

/** The periods before, scored once per scoring (a year scores its months, each reading the one before). */
export type History = Map<string, Promise<ScoredPeriod>>;

/** Scores a month of the assessment in full (score.ts's, which in turn reads the period before that one). */
type ScorePeriod = (window: Window, asOf: number, month: Month) => Promise<ScoredPeriod>;

/**
 * The period before `month` for `previous(…)`: scored (or only counted) once per scoring, or why there is none.
 * Only a monthly assessment reads it (the checker sees to it); a yearly one gets none.
 */
export async function previousPeriod(
  rubric: CompiledRubric,
  data: ScoringData,
  a: A.AssessmentDecl,
  month: Month | null,
  history: History,
  scorePeriod: ScorePeriod,
): Promise<PreviousPeriod> {
  const use = previousUse(rubric, a);
  const spec = windowSpecOf(a);
  const before = month && a.schedule === "monthly" ? previousMonthOf(spec, month) : null;
  if (before === null) return { label: null, run: null, ranked: null, none: "考核周期没有上期（固定的一段时间，或年度考核）" };
  const window = windowFor(spec, before);
  if (!inForce(rubric, before)) {
    // the month before falls under another version (or none): its names and rules may differ, so nothing is carried over
    return {
      label: window.label,
      run: null,
      ranked: null,
      none: `上期（${window.label}）不在本办法（${rubric.header.version}）施行期内，上期的值为空`,
    };
  }
  const key = `${a.name}|${before}|${use}`;
  // a period scored whole serves one that only reads its values
  let scored = history.get(`${a.name}|${before}|scored`) ?? history.get(key);
  if (!scored) {
    const asOf = defaultAsOf(rubric, window);
    scored =
      use === "scored"
        ? scorePeriod(window, asOf, before)
        : openRun(rubric, data, a, window, asOf, before, false, new Map(), []).then((run) => ({ run, results: [] }));
    history.set(key, scored);
  }
  const { run, results } = await scored;
  const volume = volumeMeasure(rubric);
  if (volume && !run.units.some((u) => (u.measure(volume) ?? 0) > 0)) {
    return { label: window.label, run: null, ranked: null, none: `上期（${window.label}）没有数据（各单位承办量都为 0），上期的值为空` };
  }
  return { label: window.label, run, ranked: use === "scored" ? rankedValues(results) : null, none: null };
}

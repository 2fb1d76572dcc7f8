/** Measure pruning: which of the rubric's measures one assessment needs counted. */
import * as A from "@kaohe/rules-dsl";
import { type CompiledRubric, eventCountMeasure, eventPointsMeasure, populationSizeMeasure, UNDECLARED_SOURCES_MEASURE, volumeMeasure } from "./compile.ts";
import { groupingOf } from "./rubric-index.ts";

/**
 * Only the measures an assessment reads (through its items, rates, values,
 * referenced assessments, bands, vetoes, sanctions and the ranking): a yearly
 * checklist of events need not count a year of orders.
 */
const plansByAssessment = new WeakMap<A.AssessmentDecl, CompiledRubric["plan"]>();
/** The facts (yearly or monthly, 领导小组 …) each assessment reads, found by the walk that finds its measures. */
const factsByAssessment = new WeakMap<A.AssessmentDecl, ReadonlySet<string>>();
export function planFor(rubric: CompiledRubric, a: A.AssessmentDecl): CompiledRubric["plan"] {
  const known = plansByAssessment.get(a);
  if (known) return known;
  const needed = new Set<string>();
  const facts = new Set<string>();
  const seen = new Set<string>();
  const walk = (e: A.Expr | null | undefined): void => {
    if (!e) return;
    if (e.kind === "name") name(e.name);
    if (e.kind === "call" && e.callee === "mean") return; // the months are scored on their own
    for (const c of A.childrenOf(e)) walk(c);
  };
  const name = (n: string): void => {
    if (seen.has(n)) return;
    seen.add(n);
    const sym = rubric.symbols.global.get(n);
    if (!sym) return;
    if (sym.kind === "measure") needed.add(n);
    else if (sym.kind === "fact") facts.add(n);
    else if (sym.kind === "rate") [sym.decl.numerator, sym.decl.denominator, sym.decl.whenZero].forEach(walk);
    else if (sym.kind === "value") walk(sym.decl.expr);
    else if (sym.kind === "assessment") assessment(sym.decl);
  };
  const assessment = (x: A.AssessmentDecl): void => {
    for (const part of x.parts) {
      for (const item of A.itemsOf(part)) {
        [item.formula, item.base, item.weight, item.atLeast].forEach(walk);
        for (const adj of item.adjustments) {
          walk(adj.amount);
          walk(adj.condition);
          if (adj.per) {
            const target = rubric.symbols.global.get(adj.per.name);
            if (target?.kind === "event") {
              needed.add(eventCountMeasure(adj.per.name));
              needed.add(eventPointsMeasure(adj.per.name));
            } else name(adj.per.name);
          }
        }
      }
    }
    walk(x.total);
    walk(x.rescaleTo);
    for (const r of x.reports) {
      if (r.expr) walk(r.expr);
      else name(r.name);
    }
    for (const b of x.bands) {
      walk(b.atLeast);
      walk(b.condition);
    }
    for (const v of x.vetoes) walk(v.condition);
    for (const s of x.sanctions) walk(s.condition);
  };
  assessment(a);
  const r = rubric.ranking;
  const volume = volumeMeasure(rubric);
  if (r.volume) name(r.volume);
  else if (volume) needed.add(volume);
  for (const k of r.orderBy) name(k.key);
  for (const g of groupingOf(rubric, a.schedule).groups) walk(g.condition);
  // a rubric that declares its sources says, each period, how many orders came from others
  needed.add(UNDECLARED_SOURCES_MEASURE);
  // and, when it counts orders, whether each population it counts holds any (how many orders the period received is
  // asked only when one holds none: period-warnings.ts)
  for (const p of orderPopulations(rubric, needed)) needed.add(populationSizeMeasure(p));
  const plan = { ...rubric.plan, measures: rubric.plan.measures.filter((m) => needed.has(m.name)) };
  plansByAssessment.set(a, plan);
  factsByAssessment.set(a, facts);
  return plan;
}

/**
 * The facts an assessment reads, through the names it reads (an assessment it refers to included; not the months a
 * mean() averages, scored on their own): what a fingerprint of its period must hold of the facts.
 */
export function factsReadBy(rubric: CompiledRubric, a: A.AssessmentDecl): ReadonlySet<string> {
  planFor(rubric, a);
  return factsByAssessment.get(a) as ReadonlySet<string>;
}

/** The orders populations the measures named count in. */
export function orderPopulations(rubric: CompiledRubric, measures: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const n of measures) {
    const m = rubric.symbols.global.get(n);
    if (m?.kind !== "measure") continue;
    const p = rubric.symbols.global.get(m.decl.population);
    if (p?.kind === "population" && p.decl.record === "orders") out.add(p.decl.name);
  }
  return [...out];
}

/**
 * The other assessments an assessment's `total` formula reads the score of in its own period, directly or through a
 * value (`总分 = 若 工单数 >= 5 则 基础得分 否则 组内平均(…)`: 基础得分), in the order written; not those a mean()
 * averages over months, nor previous(…): their periods are others. A unit's page lists their items, which its own
 * (none) cannot.
 */
export function assessmentsReadByTotal(rubric: CompiledRubric, a: A.AssessmentDecl): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (e: A.Expr | null | undefined): void => {
    if (!e || (e.kind === "call" && (e.callee === "mean" || e.callee === "previous"))) return;
    if (e.kind === "name" && !seen.has(e.name)) {
      seen.add(e.name);
      const sym = rubric.symbols.global.get(e.name);
      if (sym?.kind === "assessment" && sym.decl !== a) out.add(e.name);
      else if (sym?.kind === "value") walk(sym.decl.expr);
    }
    for (const c of A.childrenOf(e)) walk(c);
  };
  walk(a.total);
  return [...out];
}

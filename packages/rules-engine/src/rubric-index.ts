/**
 * What the engine looks up in a checked rubric, worked out once per declaration (a rubric's declarations
 * belong to it alone, so a WeakMap keyed by them lives as long as the rubric): an assessment's items and
 * sections, the measures by name, the measures an expression reads, how units are grouped, a window's spec.
 */
import * as A from "@kaohe/rules-dsl";
import type { CompiledRubric } from "./compile.ts";
import type { MeasurePlan, MeasureSpec } from "./measures/source.ts";

const itemIndexes = new WeakMap<A.AssessmentDecl, Map<string, A.ItemDecl>>();
/** An assessment's items by code (looked up for every name a formula reads). */
export function itemIndex(a: A.AssessmentDecl): Map<string, A.ItemDecl> {
  let index = itemIndexes.get(a);
  if (!index) {
    index = new Map(a.parts.flatMap((p) => A.itemsOf(p)).map((i) => [i.code, i]));
    itemIndexes.set(a, index);
  }
  return index;
}

const itemSections = new WeakMap<A.AssessmentDecl, Map<A.ItemDecl, A.SectionDecl>>();
/** The section an item is in (null outside sections). */
export function sectionOf(a: A.AssessmentDecl, item: A.ItemDecl): A.SectionDecl | null {
  let index = itemSections.get(a);
  if (!index) {
    index = new Map(a.parts.flatMap((p) => (p.kind === "section" ? p.items.map((i) => [i, p] as const) : [])));
    itemSections.set(a, index);
  }
  return index.get(item) ?? null;
}

const specsByNameCache = new WeakMap<MeasurePlan, Map<string, MeasureSpec>>();
export function specsByName(plan: MeasurePlan): Map<string, MeasureSpec> {
  let specs = specsByNameCache.get(plan);
  if (!specs) {
    specs = new Map();
    // the first of a name, as plan.measures.find would
    for (const m of plan.measures) if (!specs.has(m.name)) specs.set(m.name, m);
    specsByNameCache.set(plan, specs);
  }
  return specs;
}

const measuresReadCache = new WeakMap<A.Expr, string[]>();
/** `measuresRead`, once per expression (a rubric's expressions belong to it alone). */
export function measuresReadBy(rubric: CompiledRubric, e: A.Expr): readonly string[] {
  let found = measuresReadCache.get(e);
  if (!found) {
    found = measuresRead(rubric, e);
    measuresReadCache.set(e, found);
  }
  return found;
}

/** The measures an expression reads, directly or through rates and values, in the order written. */
function measuresRead(rubric: CompiledRubric, e: A.Expr): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (x: A.Expr | null | undefined): void => {
    if (!x) return;
    if (x.kind === "name" && !seen.has(x.name)) {
      seen.add(x.name);
      const sym = rubric.symbols.global.get(x.name);
      if (sym?.kind === "measure") found.push(x.name);
      else if (sym?.kind === "rate") [sym.decl.numerator, sym.decl.denominator].forEach(walk);
      else if (sym?.kind === "value") walk(sym.decl.expr);
    }
    for (const c of A.childrenOf(x)) walk(c);
  };
  walk(e);
  return found;
}

/** How units are grouped for ranking: a year by `within … for yearly` when the rubric says so, otherwise by `within`. */
export function groupingOf(rubric: CompiledRubric, schedule: "monthly" | "yearly"): Pick<A.RankingDecl, "within" | "groups"> {
  const r = rubric.ranking;
  return schedule === "yearly" && r.yearlyWithin ? r.yearlyWithin : r;
}

/** The window spec of an assessment (its `window`, or the whole month or year). */
export function windowSpecOf(a: A.AssessmentDecl): A.WindowDecl | { window: "month" | "year"; startDay: number } {
  return a.window ?? { window: a.schedule === "monthly" ? "month" : "year", startDay: 1 };
}

/**
 * An item that counts another assessment at a weight ("综合管理考核 = 20% × 综合管理") can exceed its share through
 * that assessment's bonus points: 综合管理 is out of 100 with up to 20 more in bonuses, so the item is written
 * `24 points`. People read the regulation's share (20) and the bonus apart (up to 4): this finds both from the
 * rubric itself.
 */
import type * as A from "@kaohe/rules-dsl";

export interface PartMaximum {
  /** the share the regulation states: weight × the assessment's full marks (bonuses left out) */
  regular: number;
  /** what its bonuses can add on top, at the same weight (the item's maximum less `regular`) */
  bonus: number;
}

const itemsOf = (part: A.AssessmentPart): A.ItemDecl[] => (part.kind === "section" ? part.items : [part]);

/** An assessment's full marks and what its bonuses can add; null when a `total` or `rescale` decides its score instead. */
function fullMarks(a: A.AssessmentDecl): { regular: number; bonus: number } | null {
  if (a.total !== null || a.rescaleTo !== null) return null;
  let regular = 0;
  let bonus = 0;
  for (const part of a.parts) {
    const items = itemsOf(part);
    const r = items.filter((i) => !i.bonus).reduce((s, i) => s + i.points, 0);
    const b = items.filter((i) => i.bonus).reduce((s, i) => s + i.points, 0);
    const cap = part.kind === "section" ? part.cap : null;
    const capped = cap === null ? r : Math.min(cap, r);
    regular += capped;
    bonus += cap === null ? b : Math.max(0, Math.min(b, cap - capped));
  }
  return { regular, bonus };
}

/** `w × 名称`, `名称 × w` or `w × mean(名称)` with w a number: the weight and the name; else null. */
function weighted(e: A.Expr | null): { weight: number; name: string } | null {
  if (e?.kind !== "binary" || e.op !== "×") return null;
  const name = (x: A.Expr): string | null => {
    if (x.kind === "name") return x.name;
    if (x.kind === "call" && x.callee === "mean" && x.args.length === 1 && x.args[0]?.value.kind === "name") return x.args[0].value.name;
    return null;
  };
  if (e.left.kind === "number" && name(e.right)) return { weight: e.left.value, name: name(e.right) as string };
  if (e.right.kind === "number" && name(e.left)) return { weight: e.right.value, name: name(e.left) as string };
  return null;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The items of `assessment` whose maximum includes a weighted assessment's bonuses, by item code. */
export function partMaxima(rubric: A.Rubric, assessment: string): Map<string, PartMaximum> {
  const assessments = new Map(rubric.declarations.filter((d): d is A.AssessmentDecl => d.kind === "assessment").map((d) => [d.name, d]));
  const out = new Map<string, PartMaximum>();
  const a = assessments.get(assessment);
  if (!a) return out;
  for (const part of a.parts) {
    for (const item of itemsOf(part)) {
      if (item.bonus) continue;
      const w = weighted(item.formula);
      const of = w ? assessments.get(w.name) : undefined;
      const marks = of ? fullMarks(of) : null;
      if (!w || !marks || marks.bonus <= 0) continue;
      const regular = round(w.weight * marks.regular);
      if (regular >= item.points) continue;
      out.set(item.code, { regular, bonus: round(Math.min(item.points, w.weight * (marks.regular + marks.bonus)) - regular) });
    }
  }
  return out;
}

/**
 * The items of `assessment` that count another assessment of the same schedule at a weight (年终成绩's 综合管理考核 =
 * 20% × 综合管理), by item code: the assessment counted, its name and label. Its own items explain it; the item alone
 * says 20% × 82 (a unit could not see why its 综合管理 was 82, a walk).
 */
export function weighedAssessments(rubric: A.Rubric, assessment: string): Map<string, { name: string; label: string }> {
  const assessments = new Map(rubric.declarations.filter((d): d is A.AssessmentDecl => d.kind === "assessment").map((d) => [d.name, d]));
  const out = new Map<string, { name: string; label: string }>();
  const a = assessments.get(assessment);
  if (!a) return out;
  for (const part of a.parts) {
    for (const item of itemsOf(part)) {
      const e = item.formula;
      // the name itself, not a mean of its months (a month's page explains those)
      const w = e?.kind === "name" ? { name: e.name } : e?.kind === "binary" && (e.left.kind === "name" || e.right.kind === "name") ? weighted(e) : null;
      const of = w ? assessments.get(w.name) : undefined;
      if (of && of.schedule === a.schedule && of.name !== a.name) out.set(item.code, { name: of.name, label: of.label ?? of.name });
    }
  }
  return out;
}

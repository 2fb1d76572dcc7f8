/**
 * Points that do not add up: an item whose formula can never reach its points, or can exceed them (the excess
 * silently cut: a bonus cap raised beyond what the year-end item carrying that assessment allows, deductions from a
 * number above the points after the points were lowered and the formula left), or can lose more
 * than them below 0 with no `at least`; and `rescale to N` where the items' points add up to another full mark.
 * Bounds are worked out only where they are simply known (a rate is 0 to 1, a count at least 0, a literal, + − × ÷
 * min max of known bounds, threshold()'s full and floor, normalize()'s 0 to 100, levels()'s points, group_rank()'s 1,
 * round()'s value, an item's points, another assessment's full marks for the item's categories, or the most of its
 * `total` formula); anything else is unknown and says nothing (a most no unit reaches, share()'s, or mean()'s of full
 * bonuses every month, is not said to exceed the points: `100 × share(…)` capped at 10 is meant; mean() of the items'
 * full marks every month is). The bonus above the full marks that such a mean() loses to the points is KH264's.
 */
import type * as A from "../ast.ts";
import { findItem, itemsOf } from "../ast-utils.ts";
import { Codes } from "../diagnostics.ts";
import { findFunction } from "../functions/index.ts";
import { printExpr } from "../print-expr.ts";
import { rateIsFraction } from "../symbols.ts";
import { type KeywordLanguage, spell } from "../tokens.ts";
import { rescaleCanHappen } from "./assessment.ts";
import { type CheckContext, namesOf } from "./context.ts";
import { isRateName, wholeNumber } from "./rates.ts";

/** What the reader is told of a name at a bound of a value: `退单率最低 0%` (the most of `10 - 退单率 / 1%`). */
interface Note {
  zh: string;
  en: string;
  /**
   * a most that the points do not cap on purpose: another assessment's score carried (`bonus`: its bonuses count in
   * it; `assessment`: its name, whose items' points are then to check), or the first place (`25 - 2 × (名次 - 1)` at 20
   * points gives the first three places 20 each)
   */
  uncapped?: { bonus: boolean; assessment?: string };
}

/** The least and the most a value can be, with what the names it reads are at each. */
interface Bound {
  lo: number;
  hi: number;
  /** the names at the least and at the most of this value, one note each, in the order read */
  atLo: Map<string, Note>;
  atHi: Map<string, Note>;
  /**
   * false: `hi` is a bound no unit is expected to reach (share()'s 100% is one unit with every order; mean() of a
   * month's full marks and bonus, every month): not said to exceed the points, which then cap it on purpose
   */
  reached: boolean;
  /** `lo` is not known, only not bounded here (another assessment's score, an item's without `at least`) */
  vague: boolean;
}

type Notes = Map<string, Note>;
const merged = (...ns: Notes[]): Notes => new Map(ns.flatMap((n) => [...n]));
const bound = (lo: number, hi: number, atLo: Notes, atHi: Notes, from: Bound[] = []): Bound => ({
  lo,
  hi,
  atLo,
  atHi,
  reached: from.every((b) => b.reached),
  vague: from.some((b) => b.vague),
});
const vague = (b: Bound): Bound => ({ ...b, vague: true });
const exactly = (lo: number, hi: number): Bound => bound(lo, hi, new Map(), new Map());
const EMPTY = (): Bound => exactly(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
/** the least of the two at the least, the most at the most, each with the notes of the one it comes from */
const union = (a: Bound, b: Bound): Bound =>
  bound(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi), a.lo <= b.lo ? a.atLo : b.atLo, a.hi >= b.hi ? a.atHi : b.atHi, [a, b]);
const unreached = (b: Bound): Bound => ({ ...b, reached: false });
const noted = (b: Bound, name: string, lo: Note | null, hi: Note | null): Bound =>
  bound(b.lo, b.hi, lo ? new Map([[name, lo]]) : new Map(), hi ? new Map([[name, hi]]) : new Map(), [b]);
/** 0 × ∞ is 0 here: a factor that is 0 leaves nothing, however large the other */
const times = (x: number, y: number) => (x === 0 || y === 0 ? 0 : x * y);
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** What an assessment can score at most, and of that what its bonuses add; null when its total is a formula. */
function assessmentMax(a: A.AssessmentDecl, categories: string[]): { max: number; bonus: number } | null {
  if (a.total) return null;
  const rescaleTo = a.rescaleTo === null ? null : a.rescaleTo.kind === "number" ? a.rescaleTo.value : undefined;
  if (rescaleTo === undefined) return null;
  // the most a unit of some category scores: items for other categories are none of its
  const of = (category: string | null) => {
    let regular = 0;
    let bonus = 0;
    for (const part of a.parts) {
      const section = part.kind === "section" ? part : null;
      if (category !== null && section?.categories.length && !section.categories.includes(category)) continue;
      let partRegular = 0;
      let partBonus = 0;
      for (const item of itemsOf(part)) {
        if (category !== null && item.categories.length && !item.categories.includes(category)) continue;
        if (item.bonus) partBonus += item.points;
        else partRegular += item.points;
      }
      const cap = section?.cap ?? Number.POSITIVE_INFINITY;
      regular += Math.min(cap, partRegular);
      bonus += Math.min(cap, partRegular + partBonus) - Math.min(cap, partRegular);
    }
    return { max: Math.max(rescaleTo ?? 0, regular) + bonus, bonus };
  };
  const all = categories.length ? categories.map(of) : [of(null)];
  return all.reduce((best, x) => (x.max > best.max ? x : best));
}

class Bounds {
  /** the categories whose units the formula is worked out for: an item's own (or its section's), else every one */
  private readonly categories: string[];
  /**
   * @param withoutBonus another assessment's score carried is bounded by its items without its bonuses: full marks in
   * every item, every month, is reached, so mean() of it is (full bonuses every month is not)
   * @param carried the formula is the `total` of an assessment another one carries: its items for other categories
   * are not applicable, and without bonuses its bonus items add nothing
   * @param seen the names being worked out, shared with the assessments carried (a loop is KH236's)
   */
  constructor(
    private readonly ctx: CheckContext,
    private readonly assessment: A.AssessmentDecl,
    categories: string[],
    private readonly withoutBonus = false,
    private readonly carried = false,
    private readonly seen = new Set<string>(),
  ) {
    this.categories = categories.length ? categories : namesOf(ctx.resolver, "category");
  }

  of(e: A.Expr): Bound | null {
    switch (e.kind) {
      case "number":
        return exactly(e.value, e.value);
      case "notApplicable":
        return EMPTY();
      case "name":
        return this.ofName(e.name);
      case "unary": {
        const b = e.op === "-" ? this.of(e.operand) : null;
        return b && bound(-b.hi, -b.lo, b.atHi, b.atLo, [b]);
      }
      case "if": {
        const [t, f] = [this.of(e.whenTrue), this.of(e.whenFalse)];
        return t && f && union(t, f);
      }
      case "binary":
        return this.ofBinary(e);
      case "call":
        return this.ofCall(e);
      default:
        return null;
    }
  }

  private ofBinary(e: A.Binary): Bound | null {
    // `95 - 按时率`: a percentage without its sign, KH254's to say
    const isRate = (x: A.Expr) => isRateName(this.ctx, x);
    if ((e.op === "+" || e.op === "-") && ((isRate(e.left) && wholeNumber(e.right)) || (wholeNumber(e.left) && isRate(e.right)))) return null;
    const [l, r] = [this.of(e.left), this.of(e.right)];
    if (!l || !r) return null;
    switch (e.op) {
      case "+":
        return bound(l.lo + r.lo, l.hi + r.hi, merged(l.atLo, r.atLo), merged(l.atHi, r.atHi), [l, r]);
      case "-":
        return bound(l.lo - r.hi, l.hi - r.lo, merged(l.atLo, r.atHi), merged(l.atHi, r.atLo), [l, r]);
      case "×": {
        // the four corners, each with the notes of the bounds it is made of
        const corners: [number, Notes][] = [
          [times(l.lo, r.lo), merged(l.atLo, r.atLo)],
          [times(l.lo, r.hi), merged(l.atLo, r.atHi)],
          [times(l.hi, r.lo), merged(l.atHi, r.atLo)],
          [times(l.hi, r.hi), merged(l.atHi, r.atHi)],
        ];
        const least = corners.reduce((m, c) => (c[0] < m[0] ? c : m));
        const most = corners.reduce((m, c) => (c[0] > m[0] ? c : m));
        return bound(least[0], most[0], least[1], most[1], [l, r]);
      }
      case "/":
        // by a number only: a divisor that may be near 0 bounds nothing
        if (r.lo !== r.hi || r.lo === 0) return null;
        return r.lo > 0 ? bound(l.lo / r.lo, l.hi / r.lo, l.atLo, l.atHi, [l]) : bound(l.hi / r.lo, l.lo / r.lo, l.atHi, l.atLo, [l]);
      case "??":
        return union(l, r);
      default:
        return null;
    }
  }

  private ofCall(e: A.Call): Bound | null {
    const plain = e.args.filter((a) => a.name === null).map((a) => a.value);
    const named = (n: string) => e.args.find((a) => a.name === n)?.value;
    const all = () => {
      const bs = plain.map((x) => this.of(x));
      return bs.every((b): b is Bound => b !== null) && bs.length > 0 ? bs : null;
    };
    // (a function called by its Chinese name, 组内名次, is the same function)
    switch (findFunction(e.callee)?.name ?? e.callee) {
      case "min":
      case "max": {
        const bs = all();
        if (!bs) return null;
        // max's most is its largest argument's most, its least the least of every argument's; min the other way
        const pick = (key: "lo" | "hi", extreme: "min" | "max") => bs.reduce((m, b) => ((extreme === "min" ? b[key] < m[key] : b[key] > m[key]) ? b : m));
        const [lo, hi] = e.callee === "min" ? [pick("lo", "min"), pick("hi", "min")] : [pick("lo", "max"), pick("hi", "max")];
        const [atLo, atHi] = e.callee === "min" ? [lo.atLo, merged(...bs.map((b) => b.atHi))] : [merged(...bs.map((b) => b.atLo)), hi.atHi];
        return bound(lo.lo, hi.hi, atLo, atHi, bs);
      }
      case "coalesce": {
        const bs = all();
        return bs?.reduce(union) ?? null;
      }
      case "round":
        return plain[0] ? this.of(plain[0]) : null;
      case "group_mean":
      case "overall_mean":
        return plain[0] ? this.of(plain[0]) : null;
      case "mean": {
        const b = plain[0] ? this.of(plain[0]) : null;
        return b && (this.withoutBonus ? b : unreached(b));
      }
      case "normalize":
        return exactly(0, 100);
      case "share":
        return unreached(exactly(0, 1));
      case "group_rank":
        // the first place is 1, the last as many as the group has
        return noted(
          exactly(1, Number.POSITIVE_INFINITY),
          printExpr(e),
          {
            zh: `${printExpr(e, this.ctx.language)}最小为 1（第 1 名）`,
            en: `${printExpr(e)} at least 1 (the first place)`,
            uncapped: { bonus: false },
          },
          null,
        );
      case "levels": {
        // a value not listed is 0
        const points = e.args.filter((a) => a.name !== null).map((a) => (a.value.kind === "number" ? a.value.value : null));
        if (points.some((p) => p === null)) return null;
        return exactly(Math.min(0, ...(points as number[])), Math.max(0, ...(points as number[])));
      }
      case "threshold": {
        const full = named("full");
        const floor = named("floor");
        if (full?.kind !== "number" || (floor && floor.kind !== "number")) return null;
        return exactly(floor?.kind === "number" ? floor.value : 0, full.value);
      }
      default:
        return null;
    }
  }

  private ofName(name: string): Bound | null {
    const { resolver } = this.ctx;
    const item = findItem(this.assessment, name);
    if (item && this.carried) {
      const section = this.assessment.parts.find((p) => p.kind === "section" && p.items.includes(item));
      const categories = item.categories.length ? item.categories : section?.kind === "section" ? section.categories : [];
      if (categories.length && !this.categories.some((c) => categories.includes(c))) return EMPTY();
      if (item.bonus && this.withoutBonus) return exactly(0, 0);
    }
    if (item) {
      const atLeast = item.atLeast?.kind === "number" ? item.atLeast.value : Number.NEGATIVE_INFINITY;
      const lo = Number.isFinite(atLeast) ? { zh: `${name}最低 ${atLeast} 分`, en: `${name} at least ${atLeast}` } : null;
      const b = exactly(atLeast, item.points);
      return noted(lo ? b : vague(b), name, lo, { zh: `${name}最高 ${item.points} 分`, en: `${name} at most ${item.points}` });
    }
    if (this.seen.has(name)) return null;
    this.seen.add(name);
    try {
      const sym = resolver.symbols.global.get(name);
      if (sym?.kind === "rate") {
        if (!rateIsFraction(resolver.symbols, name)) return null;
        const whenZero = sym.decl.whenZero ? this.of(sym.decl.whenZero) : EMPTY();
        // (a value when zero above 1, `when zero: 100` for 100%, is KH254's to say)
        if (!whenZero || whenZero.lo < 0 || whenZero.hi > 1) return null;
        const b = union(exactly(0, 1), whenZero);
        const [bottom, top] = [`${round6(b.lo * 100)}%`, `${round6(b.hi * 100)}%`];
        return noted(b, name, { zh: `${name}最低 ${bottom}`, en: `${name} at least ${bottom}` }, { zh: `${name}最高 ${top}`, en: `${name} at most ${top}` });
      }
      if (sym?.kind === "measure")
        return sym.decl.aggregate === "count"
          ? noted(exactly(0, Number.POSITIVE_INFINITY), name, { zh: `${name}最少 0`, en: `${name} at least 0` }, null)
          : null;
      if (sym?.kind === "value") return this.of(sym.decl.expr);
      if (sym?.kind === "assessment") {
        const max = sym.decl.total ? this.totalMax(sym.decl, sym.decl.total) : assessmentMax(sym.decl, this.categories);
        if (!max) return null;
        const most = this.withoutBonus ? { max: max.max - max.bonus, bonus: 0 } : max;
        const bonus = most.bonus > 0 ? `（含加分项最多 ${round6(most.bonus)} 分）` : "";
        const bonusEn = most.bonus > 0 ? ` (bonuses up to ${round6(most.bonus)} included)` : "";
        const b = noted(vague(exactly(Number.NEGATIVE_INFINITY, most.max)), name, null, {
          zh: `${name}最高 ${round6(most.max)} 分${bonus}`,
          en: `${name} at most ${round6(most.max)}${bonusEn}`,
          uncapped: { bonus: most.bonus > 0, assessment: name },
        });
        // a total that is itself a mean (a quarter's of its months) reaches its bonuses in full no more than mean() does
        return "reached" in max && !max.reached && !this.withoutBonus ? unreached(b) : b;
      }
      return null;
    } finally {
      this.seen.delete(name);
    }
  }

  /**
   * The most of an assessment whose score is a `total` formula (`if 工单数 > 0 then … + 表扬 else not applicable`,
   * `mean(月度考核)`), worked out as an item's formula is, for each category's units, and of that what its bonuses
   * add; `reached` false when the most is a bonus in full every month (mean() of it).
   */
  totalMax(a: A.AssessmentDecl, total: A.Expr): { max: number; bonus: number; reached: boolean } | null {
    let best: { max: number; bonus: number; reached: boolean } | null = null;
    for (const category of this.categories.length ? this.categories.map((c) => [c]) : [[]]) {
      const [all, items] = [false, true].map((withoutBonus) => new Bounds(this.ctx, a, category, withoutBonus, true, this.seen).of(total));
      if (!all || !items || !Number.isFinite(all.hi) || !Number.isFinite(items.hi)) return null;
      if (!best || all.hi > best.max) best = { max: all.hi, bonus: Math.max(0, all.hi - items.hi), reached: all.reached };
    }
    return best;
  }
}

/**
 * The most an assessment whose score is a `total` formula can score (bonuses included), over its categories' units;
 * null when it has no total or the most is not known.
 */
function totalMost(ctx: CheckContext, a: A.AssessmentDecl): number | null {
  return a.total ? (new Bounds(ctx, a, []).totalMax(a, a.total)?.max ?? null) : null;
}

/**
 * KH256: a band's score line written as a percentage is 0.9 points, and every unit scored reaches it; unless the total
 * is a rate: a total formula whose most is known is of points when the line's number, 90 of 90%, is within it.
 */
export function checkBandPercentLines(ctx: CheckContext, a: A.AssessmentDecl): void {
  const lines = a.bands.flatMap((b) => (b.atLeast?.kind === "number" && b.atLeast.percent ? [{ name: b.name, line: b.atLeast }] : []));
  if (lines.length === 0) return;
  const most = a.total ? totalMost(ctx, a) : null;
  for (const { name, line } of lines) {
    const n = line.text.replace(/[%％]$/, "");
    if (a.total !== null && (most === null || Number(n) > most + 1e-9)) continue;
    const [of, ofEn] = a.total && most !== null ? [`（总分最高 ${round6(most)} 分）`, ` (the total reaches ${round6(most)} at most)`] : ["", ""];
    ctx.accept(
      "warning",
      Codes.BandThresholdPercent,
      `等次 ${name} 的分数线 ${line.text} 是百分数，即 ${line.value} 分，几乎每个单位都能达到${of}：分数线是得分（满分 100 的 90 分写 90），请写成 ${n}`,
      `band ${name}'s threshold ${line.text} is a percentage, ${line.value} points, which almost every unit reaches${ofEn}: write the score, ${n}`,
      line.range,
    );
  }
}

/**
 * The most of an item's formula with the assessments it carries bounded by their items without their bonuses (mean()
 * of them reached then), when that is over the item's points: null when it is not, or is not known.
 */
function overWithoutBonus(ctx: CheckContext, a: A.AssessmentDecl, categories: string[], item: A.ItemDecl): { b: Bound; most: number; notes: Note[] } | null {
  const b = item.formula ? new Bounds(ctx, a, categories, true).of(item.formula) : null;
  if (!b || !Number.isFinite(b.hi)) return null;
  const most = round6(b.hi);
  return most > item.points + 1e-9 ? { b, most, notes: [...b.atHi.values()] } : null;
}

/** Why a bound is what it is, said after it: the formula, then what its names read there (（20 × 满意率，满意率最高 100%）). */
function becauseOf(formula: A.Expr, notes: readonly { zh: string; en: string }[], language: KeywordLanguage): [string, string] {
  return [`（${[printExpr(formula, language), ...notes.map((n) => n.zh)].join("，")}）`, ` (${[printExpr(formula), ...notes.map((n) => n.en)].join(", ")})`];
}

/**
 * `item 满意 25 points = 20 × 满意率`: the formula reaches 20 at most, the item never its 25; `item 综合 24 points = 20% ×
 * 综合管理` where 综合管理's bonuses were raised to 130: the item reaches 26, cut to 24 without a word. A formula whose
 * most is unbounded (`2 × 件数`, capped by the points on purpose) or unknown says nothing.
 */
export function checkItemPoints(ctx: CheckContext, a: A.AssessmentDecl): void {
  const { language } = ctx;
  for (const part of a.parts)
    for (const item of itemsOf(part)) {
      // (an item named as a declaration is KH210's: which of the two its formula reads is not known)
      if (!item.formula || ctx.resolver.symbols.global.has(item.code)) continue;
      const section = part.kind === "section" ? part : null;
      const categories = item.categories.length ? item.categories : (section?.categories ?? []);
      const b = new Bounds(ctx, a, categories).of(item.formula);
      if (!b) continue;
      checkBelowZero(ctx, item, b);
      if (!Number.isFinite(b.hi)) continue;
      const atLeast = item.atLeast?.kind === "number" ? item.atLeast.value : Number.NEGATIVE_INFINITY;
      const most = round6(Math.max(b.hi, atLeast));
      // what the names read are when the formula is at its most: `退单率最低 0%` for `10 - 退单率 / 1%`
      const notes = [...b.atHi.values()];
      const [why, whyEn] = becauseOf(item.formula, notes, language);
      const what = item.bonus ? "加分项" : "考核项";
      const [full, fullEn] = item.bonus ? ["最多加", "is capped at"] : ["满分", "has"];
      if (!item.bonus && most < item.points - 1e-9)
        ctx.accept(
          "warning",
          Codes.PointsOutOfReach,
          `${what} ${item.code} ${full} ${item.points} 分，按公式最高只能得 ${most} 分${why}：请核对分值或公式`,
          `item ${item.code} has ${item.points} points but its formula reaches ${most} at most${whyEn}: check the points or the formula`,
          item.codeRange,
        );
      else if (most > item.points + 1e-9) {
        // the points cap the formula (§3.13): `10 - (退单率 - 3%) / 1%` at 10 points is how a rule "3% 以内满分" is
        // written. Only another assessment's score carried above the points (its bonuses or its items' points raised),
        // or points for a place above them (the first places tie at the cap), is a cap nobody meant.
        // A most no unit is expected to reach (mean() of full marks and full bonuses every month) may still be over the
        // points without the bonuses: the items of the assessment it carries add up to more than it is taken as (投诉件办理
        // at 105, carried as 80% × mean(投诉件办理) at 80 points: 84 at full marks every month)
        const over = b.reached ? { b, most, notes } : overWithoutBonus(ctx, a, categories, item);
        if (!over) {
          checkBonusCut(ctx, a, categories, item, most, notes);
          continue;
        }
        const carried = over.notes.filter((n) => n.uncapped);
        if (!over.b.reached) continue;
        if (carried.length === 0) {
          if (!item.bonus) checkDeductionCut(ctx, a, categories, item, most);
          continue;
        }
        const bonus = carried.some((n) => n.uncapped?.bonus);
        const assessments = [...new Set(carried.map((n) => n.uncapped?.assessment).filter((x): x is string => x !== undefined))];
        const [overWhy, overWhyEn] = becauseOf(item.formula, over.notes, language);
        const [check, checkEn] = bonus
          ? ["或加分项的上限", "bonuses' caps"]
          : assessments.length > 0
            ? [`或 ${assessments.join("、")} 各考核项的分值`, `items' points of ${assessments.join(", ")}`]
            : ["或公式", "formula"];
        ctx.accept(
          "warning",
          Codes.PointsOutOfReach,
          `${what} ${item.code} ${full} ${item.points} 分，按公式最高可得 ${over.most} 分${overWhy}：超过 ${item.points} 分的部分不计；请核对分值${check}（有意封顶的，写 min(${item.points}, …)）`,
          `${item.bonus ? "bonus" : "item"} ${item.code} ${fullEn} ${item.points} points but its formula reaches ${over.most}${overWhyEn}: the excess is cut; check the points or the ${checkEn} (a cap meant is written min(${item.points}, …))`,
          item.codeRange,
        );
      }
    }
}

/**
 * `item 满意 40 points = 50 - min(10, 0.5 × max(0, (85% - 满意率) / 1%))`: the regulation's 50 points changed to 40
 * and the formula left as it was. A unit with no deduction reaches 50, capped at 40, and one losing up to 10 points
 * still gets 40: the deduction is cut by the points without a word. Said where the formula is a number above the
 * points less deductions (`C - d`, `C - d1 - d2`, within `max(0, …)` or `round(…)`) each of which is 0 at its least
 * (a rate's, a count's, `max(0, …)`, `min(N, …)` of such) or below it: a unit with none gets C. A formula capped on purpose is
 * written `min(40, …)`, whose most is the points. (Points for a place, `25 - 2 × (名次 - 1)`, are said as above.)
 */
function checkDeductionCut(ctx: CheckContext, a: A.AssessmentDecl, categories: string[], item: A.ItemDecl, most: number): void {
  const { language } = ctx;
  if (!item.formula) return;
  // within max(0, …) (a floor at or below the points) or round(…): the deductions inside are lost the same
  let e: A.Expr = item.formula;
  for (;;) {
    if (e.kind !== "call") break;
    const plain = e.args.filter((x) => x.name === null).map((x) => x.value);
    const callee = findFunction(e.callee)?.name ?? e.callee;
    if (callee === "round" && plain[0]) e = plain[0];
    else if (callee === "max" && plain.length === 2) {
      const floor = plain.findIndex((x) => x.kind === "number" && x.value <= item.points);
      if (floor < 0) break;
      e = plain[1 - floor] as A.Expr;
    } else break;
  }
  const deductions: A.Expr[] = [];
  while (e.kind === "binary" && e.op === "-") {
    deductions.unshift(e.right);
    e = e.left;
  }
  if (e.kind !== "number" || e.value <= item.points + 1e-9 || deductions.length === 0) return;
  let deductedMost = 0;
  for (const d of deductions) {
    const b = new Bounds(ctx, a, categories).of(d);
    // each deduction is 0 for some unit (none of a rate's shortfall, no order overdue), or passes 0 (a rate's
    // points above a target, `(95% - 按时率) / 1%`): a unit with none gets the number
    if (!b || b.vague || !b.reached || !Number.isFinite(b.lo) || b.lo > 1e-9 || b.hi <= 1e-9) return;
    deductedMost += b.hi;
  }
  const full = round6(e.value);
  const lost = round6(e.value - item.points);
  const formula = printExpr(item.formula, language);
  // deductions that never reach the gap (50 - min(5, …) for 40 points): every unit gets the points, whatever it loses
  const all = deductedMost <= lost + 1e-9;
  const [cut, cutEn] = all
    ? [
        `扣分最多 ${round6(deductedMost)} 分，每个单位都得 ${item.points} 分，扣分全被分值截去`,
        `the deductions come to ${round6(deductedMost)} at most: every unit gets ${item.points}, every deduction cut by the points`,
      ]
    : [
        `扣分不超过 ${lost} 分的单位都得 ${item.points} 分，扣分被分值截去`,
        `a unit losing up to ${lost} points still gets ${item.points}, the deduction cut by the points`,
      ];
  ctx.accept(
    "warning",
    Codes.PointsOutOfReach,
    `考核项 ${item.code} 满分 ${item.points} 分，按公式最高可得 ${most} 分（${formula}，无扣分的单位即得 ${full} 分）：${cut}；请核对分值与公式（有意封顶的，写 min(${item.points}, …)）`,
    `item ${item.code} has ${item.points} points but its formula reaches ${most} (${printExpr(item.formula)}, a unit with no deduction gets ${full}): ${cutEn}; check the points and the formula (a cap meant is written min(${item.points}, …))`,
    item.codeRange,
  );
}

/**
 * `item 季度 80 points = 80% × mean(季度考核)` where 季度考核's bonuses take it up to 105: a unit above 100 (101.5,
 * with bonuses in some months and every item nearly full) is cut to 80, its bonus lost without a word. KH259 leaves
 * this out, as full bonuses every month is no score to expect; but the bonus above the full marks is lost well below
 * that (a rubric author's year at 100 where the method gave 101.2). Said where the items without their bonuses stay
 * within the points: the assessment carried cannot exceed its full marks otherwise.
 */
function checkBonusCut(ctx: CheckContext, a: A.AssessmentDecl, categories: string[], item: A.ItemDecl, most: number, notes: Note[]): void {
  const { language } = ctx;
  const carried = [...new Set(notes.filter((n) => n.uncapped?.bonus).map((n) => n.uncapped?.assessment))].filter((x): x is string => x !== undefined);
  if (item.bonus || !item.formula || carried.length === 0) return;
  const items = new Bounds(ctx, a, categories, true).of(item.formula);
  if (!items || !Number.isFinite(items.hi) || items.hi > item.points + 1e-9) return;
  const [why, whyEn] = becauseOf(item.formula, notes, language);
  const names = carried.join("、");
  // the way to keep the bonus: the formula in the total, where no item's points cap it
  const formula = printExpr(item.formula, language);
  const term = item.formula.kind === "if" || (item.formula.kind === "binary" && !["+", "-", "×", "/"].includes(item.formula.op)) ? `(${formula})` : formula;
  const total = spell("total", language);
  const others = a.parts
    .flatMap((p) => itemsOf(p))
    .filter((i) => i !== item)
    .map((i) => i.code);
  const keep = a.total ? `在 ${total} 中把 ${item.code} 换成 ${term}` : `去掉这一项，写 ${total} = ${[term, ...others].join(" + ")}`;
  const keepEn = a.total ? `in the total write ${term} for ${item.code}` : `drop the item and write total = ${[term, ...others].join(" + ")}`;
  ctx.accept(
    "warning",
    Codes.BonusCutByPoints,
    `考核项 ${item.code} 满分 ${item.points} 分，按公式最高可得 ${most} 分${why}：${names} 的加分项使得分可超过满分，超出的部分在这一项被 ${item.points} 分截去，不计入 ${a.name}；要保留加分，${keep}；有意封顶的，写 min(${item.points}, …)`,
    `item ${item.code} has ${item.points} points but its formula reaches ${most}${whyEn}: ${carried.join(", ")} has bonuses that take it above its full marks, and the bonus above them is cut at the item's ${item.points} points; to keep it, ${keepEn}; a cap meant is written min(${item.points}, …)`,
    item.codeRange,
  );
}

/**
 * `10 - (退单率 - 3%) / 1%` at 10 points with no `at least`: a rule "扣完为止" scores -87 at 100% (§3.13: a formula
 * may go below 0), taking points off the other items. Said where it can lose more than its points below 0, and only
 * where the least is known (a rate, a count, a literal …): another assessment's score, or an item's without `at
 * least`, may be below 0 on purpose; a few points below 0 at a rate no unit has (`40 - 0.5 × (95% - 按时率) / 1%` at
 * 0%) is no mistake to speak of. A formula never above 0 is a deduction written as one.
 */
function checkBelowZero({ accept, language }: CheckContext, item: A.ItemDecl, b: Bound): void {
  if (item.atLeast || b.vague || b.lo >= -item.points - 1e-9 || b.hi <= 0) return;
  const [why, whyEn] = becauseOf(item.formula as A.Expr, [...b.atLo.values()], language);
  const least = Number.isFinite(b.lo) ? `最低可得 ${round6(b.lo)} 分` : "可得负分，没有下限";
  const atLeast = spell("at least", language);
  accept(
    "warning",
    Codes.PointsOutOfReach,
    `${item.bonus ? "加分项" : "考核项"} ${item.code} 没有写 ${atLeast}，按公式${least}${why}：低于 0 的部分从总分中扣除；要“扣完为止”，在公式后写 ${atLeast} 0`,
    `item ${item.code} has no 'at least' and its formula goes ${Number.isFinite(b.lo) ? `down to ${round6(b.lo)}` : "below 0 without a bound"}${whyEn}: below 0 it takes points off the total; for none below 0 write at least 0`,
    item.codeRange,
  );
}

/**
 * `rescale to 100` states the full marks, but rescales only a unit with an item not applicable: a unit with every item
 * scores up to the items' own sum. When that sum is not the full marks (105, or 80 meant to be brought to 100), the
 * units are scored out of two different totals.
 */
export function checkFullMarks({ resolver, accept, language }: CheckContext, a: A.AssessmentDecl): void {
  // (a rescale that never happens is KH249's, which says how to bring a sum to the full marks)
  if (a.total || a.rescaleTo?.kind !== "number" || !a.rescaleRange || !rescaleCanHappen(resolver, a)) return;
  const items = a.parts.flatMap((p) => itemsOf(p).map((i) => ({ item: i, section: p.kind === "section" ? p : null }))).filter((x) => !x.item.bonus);
  if (items.length === 0) return;
  // only a unit of a category every item applies to is scored unrescaled: name those categories when not all are
  const applies = (c: string, cats: string[]) => cats.length === 0 || cats.includes(c);
  const categories = namesOf(resolver, "category");
  const forAll = items.every((x) => x.item.categories.length === 0 && !x.section?.categories.length);
  const unrescaled = forAll
    ? categories
    : categories.filter((c) => items.every((x) => applies(c, x.item.categories) && applies(c, x.section?.categories ?? [])));
  if (!forAll && unrescaled.length === 0) return;
  const some = unrescaled.length < categories.length ? unrescaled.join("、") : null;
  // what such a unit scores at most: a section's items within its `up to`
  const w = (en: string) => spell(en, language);
  let sum = 0;
  const capped: string[] = [];
  for (const part of a.parts) {
    const own = itemsOf(part).reduce((s, i) => s + (i.bonus ? 0 : i.points), 0);
    if (part.kind === "section" && part.cap !== null && part.cap < own - 1e-9) {
      sum += part.cap;
      capped.push(`部分 ${part.code} 的 ${round6(own)} 分最多计 ${part.cap} 分`);
    } else sum += own;
  }
  sum = round6(sum);
  const full = a.rescaleTo.value;
  if (Math.abs(sum - full) < 1e-9) return;
  const written = a.rescaleTo.text;
  const which = some ? `适用于${some}的考核项` : "各考核项";
  const cap = capped.length ? `（${capped.join("，")}）` : "";
  const unit = some ? `${some}的单位各项都适用，不折算` : "各项都适用的单位不折算";
  accept(
    "warning",
    Codes.FullMarksMismatch,
    sum > full
      ? `本考核折算为 ${written} 分（满分 ${written} 分），但${which}（不含加分项）合计 ${sum} 分${cap}：${unit}，最高可得 ${sum} 分，超过满分；请核对各项分值`
      : `本考核折算为 ${written} 分（满分 ${written} 分），但${which}（不含加分项）合计只有 ${sum} 分${cap}：${unit}，最高只得 ${sum} 分，有项不适用的单位却折算到 ${written} 分；请核对各项分值（要把 ${sum} 分换算成 ${written} 分，写 ${w("total")} = … × ${written} / ${sum}）`,
    `this assessment rescales to ${written}, but its items (bonuses aside) add up to ${sum}${some ? ` for ${unrescaled.join(", ")}` : ""}${capped.length ? " within their sections' caps" : ""}: a unit every item applies to is not rescaled and scores up to ${sum}; check the items' points`,
    a.rescaleRange,
  );
}

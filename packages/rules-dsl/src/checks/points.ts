/**
 * Points that do not add up: an item whose formula can never reach its points, or can exceed them (the excess
 * silently cut: a bonus cap raised beyond what the year-end item carrying that assessment allows), and `rescale to N`
 * where the items' points add up to another full mark. Bounds are worked out only where they are simply known (a
 * rate is 0 to 1, a count at least 0, a literal, + − × ÷ min max of known bounds, threshold()'s full and floor,
 * normalize()'s 0 to 100, an item's points, another assessment's full marks); anything else is unknown and says nothing
 * (a most no unit reaches, share()'s or mean()'s, is not said to exceed the points: `100 × share(…)` capped at 10 is meant).
 */
import type * as A from "../ast.ts";
import { itemsOf } from "../ast-utils.ts";
import { Codes } from "../diagnostics.ts";
import { printExpr } from "../format.ts";
import { rateIsFraction } from "../symbols.ts";
import { rescaleCanHappen } from "./assessment.ts";
import type { CheckContext } from "./context.ts";

/** The least and the most a value can be, with what the reader is told of the names that bound it. */
interface Bound {
  lo: number;
  hi: number;
  /** `满意率最高 100%`: one note per name read, in the order read */
  notes: Map<string, [string, string]>;
  /**
   * false: `hi` is a bound no unit is expected to reach (share()'s 100% is one unit with every order; mean() of a
   * month's full marks and bonus, every month): not said to exceed the points, which then cap it on purpose
   */
  reached: boolean;
}

const EMPTY = (): Bound => ({ lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY, notes: new Map(), reached: true });
const exactly = (lo: number, hi: number, from: Bound[] = [], notes = merged(...from)): Bound => ({ lo, hi, notes, reached: from.every((b) => b.reached) });
const merged = (...bs: Bound[]) => new Map(bs.flatMap((b) => [...b.notes]));
const union = (a: Bound, b: Bound): Bound => exactly(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi), [a, b]);
const unreached = (b: Bound): Bound => ({ ...b, reached: false });
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
  private readonly seen = new Set<string>();
  private readonly categories: string[];
  constructor(
    private readonly ctx: CheckContext,
    private readonly assessment: A.AssessmentDecl,
  ) {
    this.categories = [...ctx.resolver.symbols.global].filter(([, s]) => s.kind === "category").map(([n]) => n);
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
        return b && exactly(-b.hi, -b.lo, [b]);
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
    const isRate = (x: A.Expr) => x.kind === "name" && rateIsFraction(this.ctx.resolver.symbols, x.name);
    const whole = (x: A.Expr) => x.kind === "number" && !x.percent && x.value > 1;
    if ((e.op === "+" || e.op === "-") && ((isRate(e.left) && whole(e.right)) || (whole(e.left) && isRate(e.right)))) return null;
    const [l, r] = [this.of(e.left), this.of(e.right)];
    if (!l || !r) return null;
    const notes = [l, r];
    switch (e.op) {
      case "+":
        return exactly(l.lo + r.lo, l.hi + r.hi, notes);
      case "-":
        return exactly(l.lo - r.hi, l.hi - r.lo, notes);
      case "×": {
        const xs = [times(l.lo, r.lo), times(l.lo, r.hi), times(l.hi, r.lo), times(l.hi, r.hi)];
        return exactly(Math.min(...xs), Math.max(...xs), notes);
      }
      case "/":
        // by a number only: a divisor that may be near 0 bounds nothing
        if (r.lo !== r.hi || r.lo === 0) return null;
        return r.lo > 0 ? exactly(l.lo / r.lo, l.hi / r.lo, notes) : exactly(l.hi / r.lo, l.lo / r.lo, notes);
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
    switch (e.callee) {
      case "min":
      case "max": {
        const bs = all();
        if (!bs) return null;
        const pick = e.callee === "min" ? Math.min : Math.max;
        return exactly(pick(...bs.map((b) => b.lo)), pick(...bs.map((b) => b.hi)), bs);
      }
      case "coalesce": {
        const bs = all();
        return bs?.reduce(union) ?? null;
      }
      case "round":
        return plain.length === 1 && plain[0] ? this.of(plain[0]) : null;
      case "group_mean":
      case "overall_mean":
        return plain[0] ? this.of(plain[0]) : null;
      case "mean": {
        const b = plain[0] ? this.of(plain[0]) : null;
        return b && unreached(b);
      }
      case "normalize":
        return exactly(0, 100);
      case "share":
        return unreached(exactly(0, 1));
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
    const item = this.assessment.parts.flatMap(itemsOf).find((i) => i.code === name);
    if (item) {
      const atLeast = item.atLeast?.kind === "number" ? item.atLeast.value : Number.NEGATIVE_INFINITY;
      return exactly(atLeast, item.points, [], new Map([[name, [`${name}最高 ${item.points} 分`, `${name} at most ${item.points}`]]]));
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
        const top = `${round6(b.hi * 100)}%`;
        return exactly(b.lo, b.hi, [b], new Map([[name, [`${name}最高 ${top}`, `${name} at most ${top}`]]]));
      }
      if (sym?.kind === "measure") return sym.decl.aggregate === "count" ? exactly(0, Number.POSITIVE_INFINITY) : null;
      if (sym?.kind === "value") return this.of(sym.decl.expr);
      if (sym?.kind === "assessment") {
        const most = assessmentMax(sym.decl, this.categories);
        if (!most) return null;
        const bonus = most.bonus > 0 ? `（含加分项最多 ${round6(most.bonus)} 分）` : "";
        const bonusEn = most.bonus > 0 ? ` (bonuses up to ${round6(most.bonus)} included)` : "";
        return exactly(
          Number.NEGATIVE_INFINITY,
          most.max,
          [],
          new Map([[name, [`${name}最高 ${round6(most.max)} 分${bonus}`, `${name} at most ${round6(most.max)}${bonusEn}`]]]),
        );
      }
      return null;
    } finally {
      this.seen.delete(name);
    }
  }
}

/**
 * `item 满意 25 points = 20 × 满意率`: the formula reaches 20 at most, the item never its 25; `item 综合 24 points = 20% ×
 * 综合管理` where 综合管理's bonuses were raised to 130: the item reaches 26, cut to 24 without a word. A formula whose
 * most is unbounded (`2 × 件数`, capped by the points on purpose) or unknown says nothing.
 */
export function checkItemPoints(ctx: CheckContext, a: A.AssessmentDecl): void {
  const bounds = new Bounds(ctx, a);
  for (const item of a.parts.flatMap(itemsOf)) {
    // (an item named as a declaration is KH210's: which of the two its formula reads is not known)
    if (!item.formula || ctx.resolver.symbols.global.has(item.code)) continue;
    const b = bounds.of(item.formula);
    if (!b || !Number.isFinite(b.hi)) continue;
    const atLeast = item.atLeast?.kind === "number" ? item.atLeast.value : Number.NEGATIVE_INFINITY;
    const most = round6(Math.max(b.hi, atLeast));
    const notes = [...b.notes.values()];
    const formula = printExpr(item.formula);
    const why = `（${[formula, ...notes.map((n) => n[0])].join("，")}）`;
    const whyEn = ` (${[formula, ...notes.map((n) => n[1])].join(", ")})`;
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
    else if (most > item.points + 1e-9 && b.reached) {
      const bonus = [...b.notes.values()].some((n) => n[0].includes("含加分项"));
      ctx.accept(
        "warning",
        Codes.PointsOutOfReach,
        `${what} ${item.code} ${full} ${item.points} 分，按公式最高可得 ${most} 分${why}：超过 ${item.points} 分的部分不计；请核对分值${bonus ? "或加分项的上限" : "或公式"}（有意封顶的，写 min(${item.points}, …)）`,
        `${item.bonus ? "bonus" : "item"} ${item.code} ${fullEn} ${item.points} points but its formula reaches ${most}${whyEn}: the excess is cut; check the points or the ${bonus ? "bonuses' caps" : "formula"} (a cap meant is written min(${item.points}, …))`,
        item.codeRange,
      );
    }
  }
}

/**
 * `rescale to 100` states the full marks, but rescales only a unit with an item not applicable: a unit with every item
 * scores up to the items' own sum. When that sum is not the full marks (105, or 80 meant to be brought to 100), the
 * units are scored out of two different totals.
 */
export function checkFullMarks({ resolver, accept }: CheckContext, a: A.AssessmentDecl): void {
  // (a rescale that never happens is KH249's, which says how to bring a sum to the full marks)
  if (a.total || a.rescaleTo?.kind !== "number" || !a.rescaleRange || !rescaleCanHappen(resolver, a)) return;
  const items = a.parts.flatMap((p) => itemsOf(p).map((i) => ({ item: i, section: p.kind === "section" ? p : null }))).filter((x) => !x.item.bonus);
  const sum = round6(items.reduce((s, x) => s + x.item.points, 0));
  const full = a.rescaleTo.value;
  if (Math.abs(sum - full) < 1e-9 || items.length === 0) return;
  // only a unit some category of which every item applies to is scored unrescaled
  const applies = (c: string, cats: string[]) => cats.length === 0 || cats.includes(c);
  const categories = [...resolver.symbols.global].filter(([, s]) => s.kind === "category").map(([n]) => n);
  const anyAll =
    items.every((x) => x.item.categories.length === 0 && !x.section?.categories.length) ||
    categories.some((c) => items.every((x) => applies(c, x.item.categories) && applies(c, x.section?.categories ?? [])));
  if (!anyAll) return;
  const written = a.rescaleTo.text;
  accept(
    "warning",
    Codes.FullMarksMismatch,
    sum > full
      ? `本考核折算为 ${written} 分（满分 ${written} 分），但各考核项（不含加分项）合计 ${sum} 分：各项都适用的单位不折算，最高可得 ${sum} 分，超过满分；请核对各项分值`
      : `本考核折算为 ${written} 分（满分 ${written} 分），但各考核项（不含加分项）合计只有 ${sum} 分：各项都适用的单位不折算，最高只得 ${sum} 分，有项不适用的单位却折算到 ${written} 分；请核对各项分值（要把 ${sum} 分换算成 ${written} 分，写 total = … × ${written} / ${sum}）`,
    `this assessment rescales to ${written}, but its items (bonuses aside) add up to ${sum}: a unit every item applies to is not rescaled and scores up to ${sum}; check the items' points`,
    a.rescaleRange,
  );
}

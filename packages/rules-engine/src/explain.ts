/**
 * An item's explanation: the rule as written (`formula`) and with this unit's values put in (`substituted`,
 * "20 × (100% - 3 / 43) = 18.60（超期率 = 3 / 43 = 6.98%）"), written the first time either is read, and how
 * values read in those texts and in warnings.
 */
import * as A from "@kaohe/rules-dsl";
import { NOT_APPLICABLE, type Value } from "@kaohe/rules-dsl";
import { periodLabel } from "@kaohe/time";
import type { CompiledRubric } from "./compile.ts";
import type { UnitEvaluator } from "./evaluate.ts";
import type { UnitScorer } from "./items.ts";
import { roundHalfUp } from "./measures/record-js.ts";
import type { AdjustmentResult, ItemResult } from "./results.ts";
import { itemIndex } from "./rubric-index.ts";
import { newTrace } from "./trace.ts";

function formatNumber(v: number): string {
  return String(roundHalfUp(v, 4));
}

/** 0.0698 → "6.98%", 0.127 → "12.70%" (beside 3.17% and 14.29%, 12.7% read as another precision: a walk), 0.5 → "50%" */
function formatPercent(v: number): string {
  const p = roundHalfUp(v * 100, 2);
  return `${Number.isInteger(p) ? p : p.toFixed(2)}%`;
}

export function formatValue(v: Value): string {
  if (v === NOT_APPLICABLE) return "不适用";
  if (v === null) return "空";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return v ? "是" : "否";
  return A.quote(v);
}

/**
 * Does a unit-level expression stand for a fraction shown as a percentage: a rate, a division, a percentage written
 * (95%), a value declared as one of them, or what keeps its argument's kind (group_mean, overall_mean, mean, min, max, round, a sum or
 * difference of percentages: 100% - 超期率)?
 */
export function readsAsPercent(rubric: CompiledRubric, e: A.Expr, seen: Set<string> = new Set()): boolean {
  switch (e.kind) {
    case "number":
      return e.percent;
    case "name": {
      const sym = rubric.symbols.global.get(e.name);
      // a count over a count; a mean score on 100 (满意度折算分 / 回访数) is no percentage
      if (sym?.kind === "rate") return A.rateIsFraction(rubric.symbols, e.name);
      if (sym?.kind !== "value" || seen.has(e.name)) return false;
      seen.add(e.name);
      return readsAsPercent(rubric, sym.decl.expr, seen);
    }
    case "binary":
      // a count over a count (overall_sum(按时数) / overall_sum(工单数)); not 工单数 / 2, nor a mean score on 100
      if (e.op === "/") return A.ratioIsFraction(rubric.symbols, e.left, e.right);
      return (e.op === "+" || e.op === "-") && readsAsPercent(rubric, e.left, seen) && readsAsPercent(rubric, e.right, seen);
    case "call": {
      // by the function's own name (组内平均 is group_mean)
      const callee = A.findFunction(e.callee)?.name ?? e.callee;
      if (!["group_mean", "overall_mean", "mean", "min", "max", "round"].includes(callee)) return false;
      const args = e.args.filter((a) => a.name === null).slice(0, callee === "round" ? 1 : undefined);
      return args.length > 0 && args.every((a) => readsAsPercent(rubric, a.value, seen));
    }
    default:
      return false;
  }
}

/** A function by the name an explanation reads it (分档计分 for threshold; 向上取整 for ceil). */
const readName = (callee: string): string => {
  const f = A.findFunction(callee);
  return f?.readName ?? f?.zhName ?? callee;
};
/** A named argument by the name an explanation reads it (满分 for threshold's full:). */
const readArg = (callee: string, name: string): string => A.findFunction(callee)?.readArgs?.[name] ?? name;

/** What a mean of an assessment averages, by its window: 各月 (a month's), 各季度, or 各期 (a half year's, a span's). */
function periodsOf(a: A.AssessmentDecl): string {
  const window = a.window?.window ?? "month";
  return window === "month" ? "各月" : window === "quarter" ? "各季度" : "各期";
}

/**
 * An expression as users read it, in Chinese: the language's Chinese keywords (若 … 则 … 否则, 且, 或, 非, 属于),
 * the functions by their Chinese names and a monthly mean as the assessment's 各月平均分 ("80% × mean(投诉件办理)"
 * reads "80% × 投诉件办理考核各月平均分"; a quarterly assessment's 各季度平均分); never the rules language's English words.
 */
export function readableExpr(e: A.Expr, symbols?: A.SymbolTable): string {
  const rewrite = (x: A.Expr): A.Expr => {
    switch (x.kind) {
      case "call": {
        if (x.callee === "mean") {
          const of = x.args[0]?.value;
          const sym = of?.kind === "name" ? symbols?.global.get(of.name) : undefined;
          const label = sym?.kind === "assessment" ? (sym.decl.label ?? sym.decl.name) : of ? A.printExpr(rewrite(of), "zh") : "";
          // a quarterly assessment's mean is of its quarters, not its months
          const periods = sym?.kind === "assessment" ? periodsOf(sym.decl) : "各月";
          return { kind: "name", name: `${label}${periods}${writtenTrue(x, "weighted") ? "按承办量加权平均分" : "平均分"}`, range: x.range };
        }
        return {
          ...x,
          callee: readName(x.callee),
          args: x.args.map((a) => ({ ...a, name: a.name === null ? null : readArg(x.callee, a.name), value: rewrite(a.value) })),
        };
      }
      case "binary":
        return { ...x, left: rewrite(x.left), right: rewrite(x.right) };
      case "unary":
        return { ...x, operand: rewrite(x.operand) };
      case "if":
        return { ...x, test: rewrite(x.test), whenTrue: rewrite(x.whenTrue), whenFalse: rewrite(x.whenFalse) };
      // true/false as a reader says them (不足一档按一档: 是)
      case "bool":
        return { ...x, text: x.value ? "是" : "否" };
      default:
        return x;
    }
  };
  return A.printExpr(rewrite(e), "zh");
}

const formulaTexts = new WeakMap<A.ItemDecl, string>();
function formulaText(item: A.ItemDecl, symbols: A.SymbolTable): string {
  let text = formulaTexts.get(item);
  if (text === undefined) {
    text = (item.formula ? readableExpr(item.formula, symbols) : "") + (item.atLeast ? `，不低于 ${readableExpr(item.atLeast, symbols)}` : "");
    formulaTexts.set(item, text);
  }
  return text;
}

/**
 * An item's explanation texts (`formula`, `substituted`) are written the first time either is read: most
 * scorings (a month's ranking, a year's months, a diff) never read them. They are own, enumerable accessor
 * properties, so JSON.stringify, structuredClone (posting to another thread), spreading and deep equality
 * all see the same plain strings as before; what they say is fixed when the item is scored.
 */
export interface Scored {
  points: number | null;
  explain: Explainer;
}

/** What writes an item's [formula, substituted] when first read (objects, not closures: one is made for every item scored). */
interface Explainer {
  texts(): [string, string];
}

/** A formula item: the rule as written, and with this unit's values put in. */
export class FormulaExplainer implements Explainer {
  constructor(
    private readonly unit: UnitScorer,
    private readonly item: A.ItemDecl,
    /** the formula's value (not a number: not applicable) */
    private readonly value: Value,
    private readonly points: number | null,
  ) {}

  texts(): [string, string] {
    const formula = this.item.formula as A.Expr;
    const sub = this.unit.substituteAsScored(this.item, formula);
    const steps = rateSteps(this.unit, formula);
    const also = steps.length ? `（${steps.join("；")}）` : "";
    const v = this.value;
    const symbols = this.unit.run.rubric.symbols;
    if (v === NOT_APPLICABLE || typeof v !== "number") return [formulaText(this.item, symbols), `${sub} = 不适用${also}`];
    const points = this.points as number;
    // in the rubric's decimals, as published: "20 × (100% - 3 / 43) = 18.60"
    const digits = this.unit.run.rubric.ranking.decimals;
    return [
      formulaText(this.item, symbols),
      `${sub} = ${roundHalfUp(v, digits).toFixed(digits)}${roundHalfUp(points, digits) !== roundHalfUp(v, digits) ? `，计 ${roundHalfUp(points, digits).toFixed(digits)} 分` : ""}${also}`,
    ];
  }
}

/** An item of deductions and additions: its base, weight and the adjustments that moved it. */
export class BlockExplainer implements Explainer {
  constructor(
    private readonly item: A.ItemDecl,
    private readonly base: number,
    private readonly weight: number,
    private readonly stopping: number,
    private readonly continuing: number,
    private readonly added: number,
    private readonly points: number,
    /** the adjustments that moved the score: direction, points, what it counts (in Chinese), count */
    private readonly lines: [AdjustmentResult["direction"], number, string, number | null, AdjustmentResult["countUnit"]][] | null,
    /** the item's `at least` as it evaluated (null: none), and whether it and the item's points bound the score */
    private readonly bounds: { floor: number | null; floorBinds: boolean; capBinds: boolean } = { floor: null, floorBinds: false, capBinds: false },
  ) {}

  texts(): [string, string] {
    const { item, base: b, weight: w, stopping, continuing, added, points, lines } = this;
    const named = lines
      ? `；${lines.map(([direction, p, said, count, unit]) => `${direction === "add" ? "+" : "−"}${formatNumber(p)}（${said}${count !== null ? `，${formatNumber(count)}${unit ?? ""}` : ""}）`).join("；")}`
      : "";
    // (a bonus nothing added: 无加分, not min(10, 0) = 0: a walk); a bonus names the events that earned it, as a
    // deduction does (min(10, 14) = 10 alone left other units asking what for: a walk)
    if (item.bonus)
      return [
        `加分合计，最多 ${item.points} 分`,
        added === 0 && !lines ? "无加分" : `min(${item.points}, ${formatNumber(added)}) = ${formatNumber(points)}${named}`,
      ];
    const lineText = lines ? named : "；无扣分";
    const { floor, floorBinds, capBinds } = this.bounds;
    const formula = `基础分 ${formatNumber(b)}${w !== 1 ? `，权重 ${formatNumber(w * 100)}%` : ""}；扣分扣完为止${item.adjustments.some((a) => a.continuing) ? "（标明“继续扣减总分”的扣分，超过本项分值的部分继续从总分中扣减）" : ""}${floor !== null ? `；本项不低于 ${formatNumber(floor)} 分` : ""}`;
    const sum = `${formatNumber(b)} − min(${formatNumber(b)}, ${formatNumber(stopping)})${continuing ? ` − ${formatNumber(continuing)}` : ""}${added ? ` + ${formatNumber(added)}` : ""}`;
    // the floor and the item's points written where they bind, so that the numbers add up (0 − 15 = −10 did not)
    const floored = floorBinds ? `max(${formatNumber(floor as number)}, ${sum})` : sum;
    const weighted = w !== 1 ? `(${floored}) × ${formatNumber(w)}` : floored;
    const capped = capBinds ? `min(${formatNumber(item.points)}, ${weighted})` : weighted;
    // nothing deducted nor added and the base kept whole: said so, not as a sum of noughts (3 − min(3, 0) = 3 read as
    // code to a civil servant: a walk); an item of 0 points has no full marks to speak of (得满分 0 分: a rubric author)
    if (!lines && !floorBinds && !capBinds && stopping === 0 && !continuing && !added) {
      if (w === 1) return [formula, b > 0 ? `无扣分，得满分 ${formatNumber(points)} 分` : "无扣分"];
      // weighted: the base at its weight, not (100 − min(100, 0)) × 0.3 (a walk)
      return [formula, `无扣分：${formatNumber(b)} × ${formatNumber(w * 100)}% = ${formatNumber(points)}`];
    }
    return [formula, `${capped} = ${formatNumber(points)}${lineText}`];
  }
}

class Explanation {
  formula: string | undefined = undefined;
  substituted: string | undefined = undefined;
  constructor(private explain: Explainer | null) {}

  get(key: "formula" | "substituted"): string {
    if (this.explain) {
      const [formula, substituted] = this.explain.texts();
      this.explain = null;
      if (this.formula === undefined) this.formula = formula;
      if (this.substituted === undefined) this.substituted = substituted;
    }
    return this[key] as string;
  }
}

/**
 * Where an item keeps its Explanation: a non-enumerable symbol property, which JSON, structuredClone, spreading and
 * deep equality all pass over. (Not a WeakMap keyed by the item: the explanation refers back to its item, and a
 * young generation's collection keeps such pairs alive until a full one.)
 */
const EXPLANATION = Symbol("explanation");
type Explained = { [EXPLANATION]?: Explanation };
/** The accessor of `formula` or `substituted` on an item's result: read from its Explanation, written on first read. */
const explanationText = (key: "formula" | "substituted"): PropertyDescriptor => ({
  get(this: Explained) {
    return this[EXPLANATION]?.get(key);
  },
  set(this: Explained, value: string) {
    const e = this[EXPLANATION];
    if (e) e[key] = value;
  },
  enumerable: true,
  configurable: true,
});
const FORMULA = explanationText("formula");
const SUBSTITUTED = explanationText("substituted");

/** Give an item's result its `formula` and `substituted`, written by `explain` when first read. */
export function defineExplanation(result: ItemResult, explain: Explainer): void {
  Object.defineProperty(result, "formula", FORMULA);
  Object.defineProperty(result, "substituted", SUBSTITUTED);
  Object.defineProperty(result, EXPLANATION, { value: new Explanation(explain), configurable: true });
}

/**
 * The expression with the unit's numbers put in, as the regulation writes a calculation: a rate as
 * its numerator over its denominator ("20 × (100% - 3 / 43)"), other names as their values, a
 * monthly mean as its value.
 */
export function substitute(unit: UnitEvaluator, e: A.Expr, itemDigits?: number): string {
  return readableExpr(substituted(unit, e, itemDigits), unit.run.rubric.symbols);
}

/**
 * The periods a mean averaged, each with its score, and those without one (no orders: not counted), so that a reader
 * can add them up: "各月平均：1月 85.00、2月 90.50；8月无得分，不计入"; a quarterly assessment's by its quarters
 * ("各季度平均：第1季度 …").
 */
function periodsAveraged(unit: UnitEvaluator, assessment: string, weighted = false): string {
  const periods = unit.run.monthly.get(assessment)?.get(unit.unit.code) ?? [];
  const byMonth = periods.every((p) => p.window === undefined);
  // said as the rule's line says it (各季度平均分: its formula)
  const sym = unit.run.rubric.symbols.global.get(assessment);
  const each = sym?.kind === "assessment" ? periodsOf(sym.decl) : byMonth ? "各月" : "各期";
  const lead = `${each}${weighted ? "按承办量加权平均" : "平均"}`;
  if (periods.length === 0) return lead;
  const digits = unit.run.rubric.ranking.decimals;
  // within the year: 3月, 第1季度 (the year is the result's)
  const name = (p: { month: string; window?: string }) => (p.window ? periodLabel(p.window).replace(/^\d{4}年/, "") : `${Number(p.month.slice(5))}月`);
  const scored = periods.filter((p) => typeof p.ranked.score === "number");
  const unscored = periods.filter((p) => typeof p.ranked.score !== "number");
  // weighted: each with its volume, so that Σ score × volume / Σ volume can be checked
  const weight = (p: { ranked: Record<string, unknown> }) => (weighted && typeof p.ranked.volume === "number" ? `（${p.ranked.volume} 件）` : "");
  const list = scored.map((p) => `${name(p)} ${roundHalfUp(p.ranked.score as number, digits).toFixed(digits)}${weight(p)}`).join("、");
  return `${lead}：${list || `${each}均无得分`}${unscored.length > 0 ? `；${unscored.map(name).join("、")}无得分，不计入` : ""}`;
}

/** (`itemDigits`: the assessment's items as the item table shows them, 18.22 rather than 18.2222) */
function substituted(unit: UnitEvaluator, x: A.Expr, itemDigits?: number): A.Expr {
  switch (x.kind) {
    case "name": {
      const sym = unit.run.rubric.symbols.global.get(x.name);
      if (sym?.kind === "event" || sym?.kind === "category") return x;
      const v = unit.eval(x, newTrace());
      if (itemDigits !== undefined && typeof v === "number" && itemIndex(unit.run.assessment).has(x.name))
        return { ...x, name: roundHalfUp(v, itemDigits).toFixed(itemDigits) };
      if (sym?.kind === "rate" && typeof v === "number") {
        const den = unit.eval(sym.decl.denominator, newTrace());
        // a rate whose denominator is 0 took its `when zero` value: that value, not 0/0
        if (typeof den === "number" && den !== 0)
          return {
            kind: "binary",
            op: "/",
            left: substituted(unit, sym.decl.numerator, itemDigits),
            right: substituted(unit, sym.decl.denominator, itemDigits),
            range: x.range,
          };
      }
      // a value standing for a rate (平均按时率 = 组内平均(按时率)) as a percentage, as the rate itself is
      if (sym?.kind === "value" && typeof v === "number" && readsAsPercent(unit.run.rubric, x)) return { ...x, name: formatPercent(v) };
      return { ...x, name: formatValue(v) };
    }
    case "binary":
      return { ...x, left: substituted(unit, x.left, itemDigits), right: substituted(unit, x.right, itemDigits) };
    case "unary":
      return { ...x, operand: substituted(unit, x.operand, itemDigits) };
    case "call": {
      if (x.callee === "mean") {
        const v = unit.eval(x, newTrace());
        const of = x.args[0]?.value;
        const sym = of?.kind === "name" ? unit.run.rubric.symbols.global.get(of.name) : undefined;
        const label = sym?.kind === "assessment" ? (sym.decl.label ?? sym.decl.name) : of ? A.printExpr(of) : "";
        const weighted = writtenTrue(x, "weighted");
        return {
          kind: "name",
          name: `${formatValue(v)}（${label}${of?.kind === "name" ? periodsAveraged(unit, of.name, weighted) : "各月平均"}）`,
          range: x.range,
        };
      }
      if (x.callee === "previous") {
        const v = unit.eval(x, newTrace());
        const of = x.args[0]?.value;
        const label = unit.run.previous?.label;
        return { kind: "name", name: `${formatValue(v)}（${label ? `上期 ${label} 的` : "上期"}${of ? A.printExpr(of) : ""}）`, range: x.range };
      }
      // a value against the group's (or every unit's): the unit's own figures do not give it, so it is said
      // ("5（镇：组内名次(满意率)）", "92.5%（全部单位：全体平均(满意率)）")
      const reads = A.findFunction(x.callee)?.readsGroup;
      if (reads) {
        const v = unit.eval(x, newTrace());
        const whose = reads === "all" ? "全部单位" : unit.groupName;
        // a mean of rates is a rate: 85%, not 0.85
        const shown = typeof v === "number" && readsAsPercent(unit.run.rubric, x) ? formatPercent(v) : formatValue(v);
        return { kind: "name", name: `${shown}（${whose}：${readableExpr(x, unit.run.rubric.symbols)}）`, range: x.range };
      }
      return { ...x, args: x.args.map((a) => ({ ...a, value: substituted(unit, a.value, itemDigits) })) };
    }
    case "if":
      return {
        ...x,
        test: substituted(unit, x.test, itemDigits),
        whenTrue: substituted(unit, x.whenTrue, itemDigits),
        whenFalse: substituted(unit, x.whenFalse, itemDigits),
      };
    default:
      return x;
  }
}

/**
 * Each rate and value an expression reads, worked out: "超期率 = 3 / 43 = 6.98%", "满意率 = 1（无回访）", "低于平均 =
 * max(0, (87.78%（区县：组内平均(按时办结率)） - 80%) / 1%) = 7.7778" — a value before what it reads in turn (a
 * helper's item said only 40 - 2 × 7.7778).
 */
function rateSteps(unit: UnitEvaluator, e: A.Expr): string[] {
  const steps: string[] = [];
  const seen = new Set<string>();
  const walk = (x: A.Expr): void => {
    if (x.kind === "name" && !seen.has(x.name)) {
      seen.add(x.name);
      const sym = unit.run.rubric.symbols.global.get(x.name);
      // a value worked out of others (not a number written as a value: 满分 = 40), then what it reads
      if (sym?.kind === "value" && sym.decl.expr.kind !== "number") {
        const v = unit.eval(x, newTrace());
        const shown = typeof v === "number" && readsAsPercent(unit.run.rubric, x) ? formatPercent(v) : formatValue(v);
        const sub = substitute(unit, sym.decl.expr);
        // (a group's value says its own: "87.78%（区县：组内平均(按时率)）")
        steps.push(`${sym.decl.label ?? sym.decl.name} = ${sub}${sub === shown || sub.startsWith(`${shown}（`) ? "" : ` = ${shown}`}`);
        walk(sym.decl.expr);
      }
      if (sym?.kind === "rate") {
        const d = sym.decl;
        const v = unit.eval(x, newTrace());
        const den = unit.eval(d.denominator, newTrace());
        const name = d.label ?? d.name;
        const shown = (n: number) => (A.rateIsFraction(unit.run.rubric.symbols, x.name) ? formatPercent(n) : formatValue(n));
        if (typeof den === "number" && den !== 0 && typeof v === "number")
          steps.push(
            `${name} = ${readableExpr({ kind: "binary", op: "/", left: substituted(unit, d.numerator), right: substituted(unit, d.denominator), range: x.range })} = ${shown(v)}`,
          );
        else steps.push(`${name} = ${typeof v === "number" ? shown(v) : formatValue(v)}${d.reason ? `（${d.reason}）` : ""}`);
      }
    }
    for (const c of A.childrenOf(x)) walk(c);
  };
  walk(e);
  return [...steps, ...peerSteps(unit, e)];
}

/** The parts of an expression its value came from: of `a ?? b` only `a` when it has a value, of an `if` the branch taken. */
function taken(unit: UnitEvaluator, x: A.Expr): A.Expr[] {
  if (x.kind === "binary" && x.op === "??") {
    const left = unit.eval(x.left, newTrace());
    return left === null || left === A.NOT_APPLICABLE ? [x.left, x.right] : [x.left];
  }
  if (x.kind === "if") {
    const test = unit.eval(x.test, newTrace());
    return test === true ? [x.test, x.whenTrue] : test === false ? [x.test, x.whenFalse] : [x.test, x.whenTrue, x.whenFalse];
  }
  return A.childrenOf(x);
}

/** Each group function's values an expression's value read (a total's `满意 ?? group_mean(满意)`): `peerStep`'s lines. */
export function peerSteps(unit: UnitEvaluator, e: A.Expr): string[] {
  const steps = new Set<string>();
  const values = new Set<string>();
  const walk = (x: A.Expr): void => {
    // through the values it reads (全市平均按时率 = overall_mean(按时率))
    if (x.kind === "name" && !values.has(x.name)) {
      values.add(x.name);
      const sym = unit.run.rubric.symbols.global.get(x.name);
      if (sym?.kind === "value") walk(sym.decl.expr);
    }
    if (x.kind === "call") {
      const step = peerStep(unit, x);
      if (step) steps.add(step);
    }
    // (a group's mean a unit's own value stood before, `满意 ?? group_mean(满意)`, is no part of its score)
    for (const c of taken(unit, x)) walk(c);
  };
  walk(e);
  return [...steps];
}

/** Is a named argument of a call written as yes (`ascending: true`, `weighted: 是`)? */
export function writtenTrue(call: A.Call, name: string): boolean {
  return call.args.some((a) => a.name === name && a.value.kind === "bool" && a.value.value);
}

/** Units a group function's values are listed for, at most (a county's 200 departments in one mean are summed up). */
const PEERS_LISTED = 30;

/**
 * The values a group's (or every unit's) function read, unit by unit, largest first (smallest first for a rank
 * `ascending`): "镇的满意率：甲镇 100%、乙镇 96%、丙镇 92%". A unit told it ranks third, or is 4.5 points below the
 * average, can check it against the others (explain gave the rank or the mean alone: a rubric author).
 */
function peerStep(unit: UnitEvaluator, x: A.Call): string | null {
  const reads = A.findFunction(x.callee)?.readsGroup;
  const arg = x.args.find((a) => a.name === null)?.value;
  if (!reads || !arg || !unit.run.listsPeers) return null;
  const members = reads === "all" ? unit.run.all() : unit.run.peers(unit);
  const percent = readsAsPercent(unit.run.rubric, arg);
  const values = members.map((p) => ({ name: p.unit.name, v: p.eval(arg, newTrace()) }));
  const ascending = writtenTrue(x, "ascending");
  const numbers = values.filter((r): r is { name: string; v: number } => typeof r.v === "number").sort((a, b) => (ascending ? a.v - b.v : b.v - a.v));
  const others = values.filter((r) => typeof r.v !== "number");
  const shown = (v: number) => (percent ? formatPercent(v) : formatValue(v));
  const listed = numbers.slice(0, PEERS_LISTED).map((r) => `${r.name} ${shown(r.v)}`);
  // a unit past those listed finds its own place among them (a review: below the 30th it found nothing of its own)
  const mine = numbers.findIndex((r) => r.name === unit.unit.name);
  const own = mine >= PEERS_LISTED ? `；${unit.unit.name} ${shown(numbers[mine]?.v ?? 0)}（第 ${mine + 1} 个）` : "";
  const more = numbers.length > PEERS_LISTED ? `……共 ${numbers.length} 个单位${own}` : "";
  const none = others.length > 0 ? `；${others.length <= 5 ? others.map((r) => r.name).join("、") : `另 ${others.length} 个单位`}不适用，不计` : "";
  const whose = reads === "all" ? "全部单位" : unit.groupName;
  return `${whose}的${readableExpr(arg, unit.run.rubric.symbols)}：${listed.join("、") || "都没有数值"}${more}${none}`;
}

/**
 * Item scoring: a unit's points for each item — a formula capped at the item's points (`at least` a floor), or
 * a base with its deductions and additions (`deduct 5 per 行政不作为`, `continuing`, a bonus item's cap) — with
 * the measures and records behind them; an assessment's total (section caps, `rescale to`, `total`) and its
 * `report` values. The texts that explain the points are explain.ts's.
 */
import * as A from "@kaohe/rules-dsl";
import { NOT_APPLICABLE } from "@kaohe/rules-dsl";
import { type CompiledRubric, eventCountMeasure, eventPointsMeasure, readsRecordedPoints, volumeMeasure } from "./compile.ts";
import { UnitEvaluator } from "./evaluate.ts";
import {
  BlockExplainer,
  defineExplanation,
  FormulaExplainer,
  peerSteps,
  readableExpr,
  readsAsPercent,
  type Scored,
  substitute,
  writtenTrue,
} from "./explain.ts";
import { roundHalfUp } from "./measures/record-js.ts";
import type { MeasureSpec } from "./measures/source.ts";
import type { AdjustmentResult, ItemResult, MeasureEvidence, UnitResult } from "./results.ts";
import { measuresReadBy, specsByName } from "./rubric-index.ts";
import { newTrace, type Trace } from "./trace.ts";

const noRoles: ReadonlyMap<string, MeasureEvidence["role"]> = new Map();
const rolesByItem = new WeakMap<A.ItemDecl, ReadonlyMap<string, MeasureEvidence["role"]>>();
/**
 * Which measures' records cost an item points, from the sign each rate has in its formula: a rate that
 * is subtracted (or divides) costs points as it grows, so its numerator's records cost; a rate that is
 * added or multiplied earns points, so the records that cost are its denominator's not in its numerator.
 * Factors are taken as positive; functions (min, threshold, round …) as rising with their arguments, but a rank and a
 * threshold `lower: true` as falling; a group's mean or sum not as the unit's; a value as what it reads; a condition
 * by which of its branches scores more. A count read as it is costs when subtracted, and so does one a deduction counts;
 * one that only chooses a branch (`if 工单数 >= 5 then 满意率 else …`) has no role: its records cost nothing.
 */
function measureRoles(rubric: CompiledRubric, item: A.ItemDecl): ReadonlyMap<string, MeasureEvidence["role"]> {
  let roles = rolesByItem.get(item);
  if (roles) return roles;
  const found = new Map<string, MeasureEvidence["role"]>();
  const isMeasure = (name: string) => rubric.symbols.global.get(name)?.kind === "measure";
  const measure = (e: A.Expr) => (e.kind === "name" && isMeasure(e.name) ? e.name : null);
  // a rate's numerator may add measures up (满意率 = (过程满意数 + 结果满意数) / (2 × 回访数)): each is counted as one
  // alone would be (the satisfied orders were listed as what cost 满意率 its points: a README walk)
  const summed = (e: A.Expr): string[] | null => {
    const m = measure(e);
    if (m) return [m];
    if (e.kind !== "binary" || e.op !== "+") return null;
    const [left, right] = [summed(e.left), summed(e.right)];
    return left && right ? [...left, ...right] : null;
  };
  // a count times a number (2 × 回访数 as a denominator, 20 × 办结件数 as a numerator) as the count
  const unscaled = (e: A.Expr): A.Expr =>
    e.kind === "binary" && e.op === "×" ? (e.left.kind === "number" ? unscaled(e.right) : e.right.kind === "number" ? unscaled(e.left) : e) : e;
  const counted = (e: A.Expr): string | null => measure(unscaled(e));
  const flip = (sign: 1 | -1): 1 | -1 => (sign === 1 ? -1 : 1);
  const values = new Set<string>();
  // the counts a condition reads as they are where making it true costs points, while it is walked (null outside one)
  let testCounts: Set<string> | null = null;
  // the ranking's volume: in a condition a guard (工单数 >= 5), not what cost
  const volume = volumeMeasure(rubric);
  // a condition choosing a branch or a deduction: a count read as it is costs points (deduct 5 if 超期件数 > 限额), but
  // not the volume beside it (deduct 5 if 超期率 > 10% and 工单数 >= 5: the ranking's volume, or a rate's denominator
  // the condition reads), which only says whose rate is taken: its orders, all of them, were listed as what cost (a review)
  const condition = (e: A.Expr, sign: 1 | -1): void => {
    const outer = testCounts;
    testCounts = new Set();
    walkTest(e, sign);
    const counts = testCounts;
    testCounts = outer;
    const volumes = new Set<string>(volume ? [volume] : []);
    denominatorsRead(e, volumes);
    for (const count of counts) if (!volumes.has(count) && !found.has(count)) found.set(count, "cost");
  };
  // the denominators of the rates an expression reads, declared (超期率) or written out (超期件数 / 工单数)
  const denominatorsRead = (e: A.Expr, into: Set<string>): void => {
    const sym = e.kind === "name" ? rubric.symbols.global.get(e.name) : undefined;
    const den = sym?.kind === "rate" ? counted(sym.decl.denominator) : e.kind === "binary" && e.op === "/" ? counted(e.right) : null;
    if (den) into.add(den);
    for (const c of A.childrenOf(e)) denominatorsRead(c, into);
  };
  // a condition's parts: what makes it true rises with `sign` when the branch it chooses scores more
  const walkTest = (e: A.Expr, sign: 1 | -1): void => {
    if (e.kind === "binary" && (e.op === ">=" || e.op === ">")) {
      walk(e.left, sign);
      walk(e.right, flip(sign));
    } else if (e.kind === "binary" && (e.op === "<=" || e.op === "<")) {
      walk(e.left, flip(sign));
      walk(e.right, sign);
    } else if (e.kind === "binary" && (e.op === "and" || e.op === "or")) {
      walkTest(e.left, sign);
      walkTest(e.right, sign);
    } else if (e.kind === "unary" && e.op === "not") walkTest(e.operand, flip(sign));
  };
  // a rate's counts: its numerator's records cost points when the rate is subtracted; added, they kept them, and those
  // that cost are its denominator's not among them
  const ratio = (numerator: A.Expr, denominator: A.Expr, sign: 1 | -1): void => {
    const nums = (summed(numerator) ?? []).filter((num) => !found.has(num));
    const den = counted(denominator);
    if (nums.length === 0) return;
    for (const num of nums) found.set(num, sign < 0 ? "cost" : den ? "spare" : null);
    if (sign > 0 && den && !found.has(den)) found.set(den, "base");
  };
  const walk = (e: A.Expr, sign: 1 | -1): void => {
    switch (e.kind) {
      case "name": {
        const sym = rubric.symbols.global.get(e.name);
        // a value worked out of rates (低于平均 = max(0, (overall_mean(按时率) - 按时率) / 1%)): as it reads them
        if (sym?.kind === "value" && !values.has(e.name)) {
          values.add(e.name);
          walk(sym.decl.expr, sign);
        }
        // a count read as it is (20 - 2 × 超期件数): each of its records costs points when it is subtracted; added, each
        // earns them and none costs
        if (sym?.kind === "measure" && sign < 0 && !found.has(e.name)) {
          if (testCounts) testCounts.add(e.name);
          else found.set(e.name, "cost");
        }
        if (sym?.kind === "rate") ratio(sym.decl.numerator, sym.decl.denominator, sign);
        return;
      }
      case "binary": {
        // a rate written out (20 × (1 - 超期件数 / 工单数), 20 × 办结件数 / 工单数): as a rate; a count divided by is no
        // count of records that cost points (all the orders were, as the divisor grows)
        if (e.op === "/" && counted(e.right)) {
          const left = unscaled(e.left);
          if (summed(left)) ratio(left, e.right, sign);
          else walk(e.left, sign);
          return;
        }
        // a count less another subtracted (0.5 × (工单数 - 按时数)): the records that cost are the first's not among the
        // second's, as of a rate that earns (工单数 whole was listed as what cost the points: a review)
        const [whole, kept] = e.op === "-" && sign < 0 && testCounts === null ? [measure(e.left), measure(e.right)] : [null, null];
        if (whole && kept) {
          if (!found.has(kept)) found.set(kept, "spare");
          if (!found.has(whole)) found.set(whole, "base");
          return;
        }
        if (e.op === "-" || e.op === "/") {
          walk(e.left, sign);
          walk(e.right, sign === 1 ? -1 : 1);
        } else if (e.op === "+" || e.op === "×" || e.op === "??") {
          walk(e.left, sign);
          walk(e.right, sign);
        }
        return;
      }
      case "unary":
        if (e.op === "-") walk(e.operand, sign === 1 ? -1 : 1);
        return;
      case "if": {
        // `if 回访率 >= 90% then 10 else …5…`: the rate in the condition earns points when the branch it makes true
        // scores more (the visited orders were listed as what cost 回访 its points, not the unvisited: a rubric author)
        const [whenTrue, whenFalse] = [leadingNumber(e.whenTrue), leadingNumber(e.whenFalse)];
        if (whenTrue !== null && whenFalse !== null && whenTrue !== whenFalse) condition(e.test, whenTrue > whenFalse ? sign : flip(sign));
        walk(e.whenTrue, sign);
        walk(e.whenFalse, sign);
        return;
      }
      case "call": {
        const fn = A.findFunction(e.callee);
        // a mean or sum of the group's values: the unit's own records are a small part of it, not what cost its points
        if (fn?.readsGroup && e.callee !== "group_rank" && e.callee !== "normalize" && e.callee !== "share") return;
        // threshold(…, lower: true) falls as its x rises: what raises x costs points (a review: the orders closed on
        // time were listed as the ones that cost points); so does a rank (the highest is 1st) unless ascending
        const falling = (e.callee === "threshold" && writtenTrue(e, "lower")) || (e.callee === "group_rank" && !writtenTrue(e, "ascending"));
        for (const a of e.args) walk(a.value, falling && a.name === null ? flip(sign) : sign);
        return;
      }
      default:
        return;
    }
  };
  if (item.formula) walk(item.formula, 1);
  // a deduction's count costs points as a subtracted one does (deduct 0.5 per 超期件数, deduct 1 × 超期件数, deduct 5 if
  // 超期件数 > 3): its records are listed as what cost them, whatever else the item reads
  for (const adj of item.adjustments) {
    if (adj.direction !== "deduct") continue;
    if (adj.per && isMeasure(adj.per.name) && !found.has(adj.per.name)) found.set(adj.per.name, "cost");
    if (adj.amount) walk(adj.amount, -1);
    if (adj.condition) condition(adj.condition, -1);
  }
  roles = found;
  rolesByItem.set(item, roles);
  return roles;
}

/** The number a branch scores when it says so plainly: `10`, or the first branch of `if … then 5 else 0`; null otherwise. */
function leadingNumber(e: A.Expr): number | null {
  if (e.kind === "number") return e.value;
  if (e.kind === "if") return leadingNumber(e.whenTrue);
  return null;
}

/** What an adjustment is, the same for every unit: its rule as written and the names it reads. */
interface AdjustmentStatic {
  rule: string;
  /** what it counts, in Chinese, as the calculation names it: the event type or measure, "未满足“领导小组”", "条件：…" */
  said: string;
  /** the name after `per` ("" for `if`) */
  per: string;
  perName: A.Expr | null;
  /** `per` a measure: that measure, the kind of records it counts, and what it counts in (件, 次, or neither) */
  perMeasure: string | null;
  perRecord: "orders" | "events";
  perCountUnit: "件" | "次" | null;
  /** `per` an event type: its hidden count measure, and its recorded points measure when those count */
  countName: string | null;
  pointsName: string | null;
  declaredPoints: number | null;
}

/** The language a rubric's keywords are written in: its explanation quotes a rule as the rubric writes it. */
const keywordLanguages = new WeakMap<CompiledRubric, A.KeywordLanguage>();
function keywordLanguageOfRubric(rubric: CompiledRubric): A.KeywordLanguage {
  let language = keywordLanguages.get(rubric);
  if (!language) {
    language = A.keywordLanguageOf(rubric.text);
    keywordLanguages.set(rubric, language);
  }
  return language;
}

/** A deduction or addition as the rubric writes it, in its keywords' language: `deduct 0.5 per 超期件数`, `扣 0.5 分 每 超期件数`. */
function ruleText(rubric: CompiledRubric, adj: A.Adjustment): string {
  const language = keywordLanguageOfRubric(rubric);
  const k = (en: string) => A.spell(en, language);
  const words = [k(adj.direction)];
  if (adj.recorded) words.push(k("recorded"));
  else if (adj.amount) words.push(A.printExpr(adj.amount, language), ...(language === "zh" ? [k("points")] : []));
  if (adj.per) words.push(k("per"), adj.per.name);
  else if (adj.condition) words.push(k("if"), A.printExpr(adj.condition, language));
  if (adj.continuing) words.push(k("continuing"));
  return words.join(" ");
}

/**
 * What a `per` a measure counts, as a person says it: orders in 件, events in 次 (a count, or a sum of 次数); null for
 * anything else (a sum of an order's field such as 退回重办次数, a value).
 */
function countUnit(spec: MeasureSpec | undefined): "件" | "次" | null {
  if (!spec) return null;
  if (spec.aggregate === "count") return spec.record === "orders" ? "件" : "次";
  const of = spec.of?.kind === "name" ? spec.of.name : null;
  return spec.record === "events" && (of === "次数" || of === "count") ? "次" : null;
}

const adjustmentStatics = new WeakMap<A.Adjustment, AdjustmentStatic>();
function adjustmentStatic(rubric: CompiledRubric, adj: A.Adjustment): AdjustmentStatic {
  let s = adjustmentStatics.get(adj);
  if (s) return s;
  const rule = ruleText(rubric, adj);
  const per = adj.per?.name ?? "";
  const c = adj.condition;
  const said = adj.per
    ? per
    : c
      ? c.kind === "unary" && c.op === "not" && c.operand.kind === "name"
        ? `未满足“${c.operand.name}”`
        : `条件：${readableExpr(c, rubric.symbols)}`
      : adj.amount
        ? readableExpr(adj.amount, rubric.symbols)
        : "";
  const sym = rubric.symbols.global.get(per);
  const event = sym?.kind === "event" ? sym.decl : null;
  const spec = sym?.kind === "measure" ? specsByName(rubric.plan).get(per) : undefined;
  s = {
    rule,
    said,
    per,
    perName: { kind: "name", name: per, range: adj.range },
    perMeasure: sym?.kind === "measure" ? per : null,
    perRecord: spec?.record ?? "events",
    perCountUnit: countUnit(spec),
    countName: event ? eventCountMeasure(per) : null,
    pointsName: event && readsRecordedPoints(adj, event) ? eventPointsMeasure(per) : null,
    declaredPoints: event ? event.points : null,
  };
  adjustmentStatics.set(adj, s);
  return s;
}

/** A unit of a run, scoring its items and assessments (memoized: an item read by another is scored once). */
export class UnitScorer extends UnitEvaluator {
  private readonly itemMemo = new Map<A.ItemDecl, ItemResult>();
  private assessmentMemo: Map<string, { total: number | null; warnings: string[] }> | null = null;

  /** the items being scored (one, unless an item reads another) */
  private readonly scoring: A.ItemDecl[] = [];
  override itemPoints(item: A.ItemDecl): number | null {
    // the checker rejects items that refer to themselves; this keeps a bug from looping forever
    if (this.scoring.includes(item)) return null;
    return this.scoreItem(item, null).points;
  }

  scoreItem(item: A.ItemDecl, section: A.SectionDecl | null): ItemResult {
    const known = this.itemMemo.get(item);
    if (known) return known;
    this.scoring.push(item);
    const t = newTrace();
    const adjustments: AdjustmentResult[] = [];
    const scored = item.formula ? this.formulaItem(item, t) : this.blockItem(item, t, adjustments);
    const points = scored.points;
    // the object is built in one order (and shape) for every item: formula and substituted are read on first access
    const result = {
      code: item.code,
      label: item.label,
      section: section ? { code: section.code, label: section.label } : null,
      max: item.points,
      bonus: item.bonus,
      points,
      published: points === null ? null : roundHalfUp(points, this.run.rubric.ranking.decimals),
    } as ItemResult;
    defineExplanation(result, scored.explain);
    result.reasons = t.reasons ? [...t.reasons] : [];
    result.measures = this.evidenceFor(t, measureRoles(this.run.rubric, item));
    result.adjustments = adjustments;
    result.warnings = t.warnings ? [...t.warnings] : [];
    this.itemMemo.set(item, result);
    this.scoring.pop();
    return result;
  }

  private formulaItem(item: A.ItemDecl, t: Trace): Scored {
    const formula = item.formula as A.Expr;
    const v = this.eval(formula, t);
    if (v === NOT_APPLICABLE || typeof v !== "number") return { points: null, explain: new FormulaExplainer(this, item, v, null) };
    let points = Math.min(item.points, v);
    if (item.atLeast) {
      const floor = this.eval(item.atLeast, t);
      if (typeof floor === "number") points = Math.max(floor, points);
    }
    return { points, explain: new FormulaExplainer(this, item, v, points) };
  }

  /** `substitute` later on, as it would have read while the item was being scored (before ranking, the item itself in progress). */
  substituteAsScored(item: A.ItemDecl, e: A.Expr): string {
    const ranked = this.ranked;
    this.ranked = null;
    this.scoring.push(item);
    try {
      return substitute(this, e);
    } finally {
      this.ranked = ranked;
      this.scoring.pop();
    }
  }

  private blockItem(item: A.ItemDecl, t: Trace, adjustments: AdjustmentResult[]): Scored {
    const base = item.base ? this.eval(item.base, t) : item.points;
    const weight = item.weight ? this.eval(item.weight, t) : 1;
    let stopping = 0;
    let continuing = 0;
    let added = 0;
    /** the adjustments that moved the score, for the explanation: direction, points, what it counts (in Chinese), count */
    let lines: [AdjustmentResult["direction"], number, string, number | null, AdjustmentResult["countUnit"]][] | null = null;
    for (const adj of item.adjustments) {
      const r = this.adjustment(adj, t);
      adjustments.push(r);
      if (r.points === 0 && r.count === 0) continue;
      if (r.direction === "add") added += r.points;
      else if (r.continuing) continuing += r.points;
      else stopping += r.points;
      if (r.points !== 0) {
        lines ??= [];
        lines.push([r.direction, r.points, adjustmentStatic(this.run.rubric, adj).said, r.count, r.countUnit]);
      }
    }
    const b = typeof base === "number" ? base : item.points;
    const w = typeof weight === "number" ? weight : 1;
    if (item.bonus) {
      const points = Math.min(item.points, added);
      return { points, explain: new BlockExplainer(item, b, w, stopping, continuing, added, points, lines) };
    }
    // deductions that stop at 0 are absorbed by the item's cap; continuing ones are not
    const unfloored = b - Math.min(b, stopping) - continuing + added;
    const atLeast = item.atLeast ? this.eval(item.atLeast, t) : null;
    const floor = typeof atLeast === "number" ? atLeast : null;
    const raw = floor === null ? unfloored : Math.max(floor, unfloored);
    const points = Math.min(item.points, raw * w);
    // the explanation writes the floor and the item's points where they bound
    const bounds = { floor, floorBinds: floor !== null && floor > unfloored, capBinds: raw * w > item.points };
    return { points, explain: new BlockExplainer(item, b, w, stopping, continuing, added, points, lines, bounds) };
  }

  private adjustment(adj: A.Adjustment, t: Trace): AdjustmentResult {
    const s = adjustmentStatic(this.run.rubric, adj);
    if (!adj.condition && !adj.per) {
      // `deduct 0.5 × 超期件数`: the amount itself, behind it the records of the first measure it reads
      const amount = adj.amount ? this.eval(adj.amount, t) : 0;
      const measure = adj.amount ? (measuresReadBy(this.run.rubric, adj.amount)[0] ?? null) : null;
      return {
        direction: adj.direction,
        rule: s.rule,
        continuing: adj.continuing,
        measure,
        record: (measure && specsByName(this.run.rubric.plan).get(measure)?.record) || "events",
        count: null,
        points: typeof amount === "number" ? amount : 0,
        records: measure ? this.run.measures.evidence(this.unit.code, measure) : [],
      };
    }
    if (adj.condition) {
      const c = this.eval(adj.condition, t);
      const amount = adj.amount ? this.eval(adj.amount, t) : 0;
      const points = c === true && typeof amount === "number" ? amount : 0;
      return { direction: adj.direction, rule: s.rule, continuing: adj.continuing, measure: null, record: "events", count: null, points, records: [] };
    }
    if (s.countName !== null) {
      // `per` an event type: its hidden measures
      const count = this.measure(s.countName) ?? 0;
      const records = this.run.measures.evidence(this.unit.code, s.countName);
      let points: number;
      if (adj.amount) {
        const a = this.eval(adj.amount, t);
        points = typeof a === "number" ? a * count : 0;
      } else if (s.pointsName !== null) {
        points = this.measure(s.pointsName) ?? 0;
      } else {
        points = (s.declaredPoints as number) * count;
      }
      return {
        direction: adj.direction,
        rule: s.rule,
        continuing: adj.continuing,
        measure: s.countName,
        record: "events",
        count,
        countUnit: "次",
        points,
        records,
      };
    }
    const count = this.eval(s.perName as A.Expr, t);
    const amount = adj.amount ? this.eval(adj.amount, t) : 0;
    const n = typeof count === "number" ? count : 0;
    return {
      direction: adj.direction,
      rule: s.rule,
      continuing: adj.continuing,
      measure: s.perMeasure,
      record: s.perRecord,
      count: n,
      countUnit: s.perCountUnit,
      points: typeof amount === "number" ? amount * n : 0,
      records: this.run.measures.evidence(this.unit.code, s.per),
    };
  }

  /** The measures an expression read, directly or through rates and values, with their records. */
  evidenceFor(t: Trace, roles: ReadonlyMap<string, MeasureEvidence["role"]> = noRoles): MeasureEvidence[] {
    const out: MeasureEvidence[] = [];
    const specs = specsByName(this.run.rubric.plan);
    for (const name of t.names) {
      const sym = this.run.rubric.symbols.global.get(name);
      if (sym?.kind !== "measure") continue;
      out.push({
        name,
        label: sym.decl.label,
        value: this.measure(name),
        record: specs.get(name)?.record ?? "orders",
        records: this.run.measures.evidence(this.unit.code, name),
        role: roles.get(name) ?? null,
      });
    }
    return out;
  }

  // ------------------------------------------------------------ assessments

  /** The assessment's `report` values for this unit ("not applicable" and missing: null). */
  indicators(a: A.AssessmentDecl): UnitResult["indicators"] {
    if (a.reports.length === 0) return [];
    return a.reports.map((r) => {
      const v = this.eval(r.expr ?? { kind: "name", name: r.name, range: r.range }, newTrace());
      const sym = r.expr ? undefined : this.run.rubric.symbols.global.get(r.name);
      // a rate, or a division written out, or a value that is one of them (组内平均(满意率) read 0.7667 to a helper,
      // who expected 76.67%), reads as a percentage
      const percent = readsAsPercent(this.run.rubric, r.expr ?? { kind: "name", name: r.name, range: r.range });
      return {
        name: r.name,
        label: r.label ?? (sym && "decl" in sym ? ((sym.decl as { label?: string | null }).label ?? null) : null),
        value: v === NOT_APPLICABLE ? null : (v as number | string | boolean | null),
        percent,
      };
    });
  }

  override assessmentScore(a: A.AssessmentDecl, t?: Trace): number | null {
    this.assessmentMemo ??= new Map();
    const memo = this.assessmentMemo;
    let known = memo.get(a.name);
    if (!known) {
      memo.set(a.name, { total: null, warnings: [] }); // cycles are rejected by the checker; this guards anyway
      const { items, total, warnings } = this.assess(a);
      // what the assessment warned of (a missing fact taken as its default) is said where its score is used
      known = { total, warnings: [...new Set([...warnings, ...items.flatMap((i) => i.warnings)])] };
      memo.set(a.name, known);
    }
    if (t) for (const w of known.warnings) t.warn(w);
    return known.total;
  }

  assess(a: A.AssessmentDecl): {
    items: ItemResult[];
    total: number | null;
    warnings: string[];
    totalSteps: string | null;
    totalFrom: string[] | null;
    outOf: { full: number; bonus: number; rescaled: boolean } | null;
    hints: string[];
  } {
    const items: ItemResult[] = [];
    let sum = 0;
    // of `sum`, what the bonuses add (within their sections' caps): not rescaled, as they are not of the full marks
    let bonusSum = 0;
    let applicableMax = 0;
    // the same, a capped section counted at its cap (a section 20 分封顶 of items 25: the unit can score 20 of it)
    let applicableCapped = 0;
    let fullMax = 0;
    // the full marks of the items of this unit's categories (those for other categories are none of its)
    let ownMax = 0;
    // a score needs an item that is not a bonus: a unit whose items are all not applicable (no orders, no 回访) has
    // none, and a bonus of 0 (or one earned) does not make it one. A unit whose items (those of its categories) are
    // bonuses only is scored by them.
    let anyApplicable = false;
    // an item of 0 points (deductions carried to the total: 行政效能 0 分 扣 每 应办未办) is no score by itself: a unit
    // whose other items were all not applicable (no orders in June) scored 0, was ranked, and the 0 went into its year
    // (a rubric author); it scores where it is all the unit's items are
    let anyWithPoints = false;
    let anyBonusApplicable = false;
    let regularApplies = false;
    // what items lost below 0 (deductions carried on past an item's own points: 超过本项分值的部分继续从总分中扣减):
    // taken from the total as it is, not brought to the full marks with the items (one 扣 2 分 cost 4 where half
    // the items applied: a rubric author)
    let carried = 0;
    // this unit as the run of `a` sees it (an assessment read by another keeps its own items and values)
    const unitInAssessment = this.run.subRun(a).byCode.get(this.unit.code) as UnitScorer;
    for (const part of a.parts) {
      const section = part.kind === "section" ? part : null;
      const sectionApplies = !section || unitInAssessment.applies(section.categories);
      let partSum = 0;
      let partBonus = 0;
      let partMax = 0;
      for (const item of A.itemsOf(part)) {
        // an item for other categories is not applicable to this unit: out of its items and its full marks,
        // so `rescale to` brings what does apply to the full marks
        if (!item.bonus) fullMax += item.points;
        if (!sectionApplies || !unitInAssessment.applies(item.categories)) continue;
        if (!item.bonus) ownMax += item.points;
        const r = unitInAssessment.scoreItem(item, section);
        items.push(r);
        if (!item.bonus) regularApplies = true;
        if (r.points === null) continue;
        if (!item.bonus) {
          anyApplicable = true;
          if (item.points > 0) anyWithPoints = true;
          applicableMax += item.points;
          partMax += item.points;
          if (r.points < 0) carried += r.points;
        } else {
          anyBonusApplicable = true;
          partBonus += r.points;
        }
        partSum += r.points;
      }
      const capped = section?.cap !== null && section?.cap !== undefined ? Math.min(section.cap, partSum) : partSum;
      applicableCapped += section?.cap !== null && section?.cap !== undefined ? Math.min(section.cap, partMax) : partMax;
      sum += capped;
      // the part's bonus is what it adds above the items (a cap the items reach already leaves it nothing)
      bonusSum += capped - Math.min(capped, partSum - partBonus);
    }
    const t = newTrace();
    let total: number | null = (anyApplicable && (anyWithPoints || ownMax === 0)) || (!regularApplies && anyBonusApplicable) ? sum : null;
    // how the score follows from the items, where it is not their sum: a reader adding the items up finds another number
    let totalSteps: string | null = null;
    // the assessments whose score the total took for this unit (`总分 = 若 工单数 >= 5 则 基础得分 否则 组内平均(…)`):
    // their items are what explains it
    let totalFrom: string[] | null = null;
    // how the rubric's author could write it otherwise (UnitResult.hints): not the reader's to be told
    const hints: string[] = [];
    const digits = this.run.rubric.ranking.decimals;
    const shown = (v: number | null) => (v === null ? "不适用" : roundHalfUp(v, digits).toFixed(digits));
    // what the score is out of (失分 = 满分 − 得分, bonuses aside): the items' own full marks, unless rescaled below
    let outOf: { full: number; bonus: number; rescaled: boolean } | null = total === null ? null : { full: applicableCapped, bonus: bonusSum, rescaled: false };
    // its deductions are not lost unsaid
    if (total === null && anyApplicable && sum !== 0)
      t.warn(`其他考核项都不适用（如本期无工单），0 分考核项中的扣分（${shown(sum)}）没有计入得分：本期没有得分`);
    if (a.total) {
      const v = unitInAssessment.eval(a.total, t);
      total = typeof v === "number" ? v : null;
      // the formula decides what the score is out of (组内平均, another assessment's score …): not its items
      outOf = null;
      totalFrom = [...t.names].flatMap((n) => (n.startsWith("assessment:") ? [n.slice("assessment:".length)] : []));
      // the items as their table shows them (18.22, not 18.2222); their sum may then differ by 0.01 from the total, as
      // the item table's does
      const peers = peerSteps(unitInAssessment, a.total);
      totalSteps = `总分 = ${readableExpr(a.total, this.run.rubric.symbols)}；计算：${substitute(unitInAssessment, a.total, digits)} = ${shown(total)}${peers.length ? `（${peers.join("；")}）` : ""}`;
      if (total === null) {
        const { said, hint } = totalNotApplicable(unitInAssessment, a.total, a.rescaleTo !== null);
        t.warn(said);
        if (hint) hints.push(hint);
      }
    } else if (a.rescaleTo !== null && total !== null && applicableMax > 0 && applicableMax < fullMax) {
      const to = unitInAssessment.eval(a.rescaleTo, t);
      // the full marks are the unit's own (150 for a county, 100 otherwise); none (not a number): no score. The items
      // are brought to the full marks, a bonus added as it is (up to 5 stays up to 5: it is not of the full marks)
      const items = total - bonusSum - carried;
      total = typeof to === "number" ? (items * to) / applicableMax + carried + bonusSum : null;
      outOf = typeof to === "number" ? { full: to, bonus: bonusSum, rescaled: true } : null;
      // said as this unit's: its own items' full marks, not every category's (共 180 of two categories' items read as
      // the unit's full marks), and not at all where nothing was brought anywhere (× 100 / 100: a rubric author)
      const marks = applicableMax < ownMax ? `适用的考核项满分 ${applicableMax}（本单位各项共 ${ownMax}）` : `考核项满分 ${applicableMax}`;
      totalSteps =
        typeof to === "number" && to !== applicableMax
          ? `${marks}，折算为 ${to} 分：${shown(items)} × ${to} / ${applicableMax}${carried !== 0 ? ` − 继续扣减 ${shown(-carried)}` : ""}${bonusSum !== 0 ? ` + 加分 ${shown(bonusSum)}` : ""} = ${shown(total)}`
          : null;
    }
    return { items, total, warnings: t.warnings ? [...t.warnings] : [], totalSteps, totalFrom, outOf, hints };
  }
}

/**
 * Why an assessment's `total` formula has no value for a unit: the names in it that are not applicable or missing
 * (`进步 不适用`), and how to count one as 0. A total that is not applicable leaves the unit without a score.
 * Beside `rescale to` (which `total` leaves without effect, KH249) counting it as 0 is not what was meant: the rubric
 * wanted the other items rescaled, and the hint to write `?? 0` scored the unit out of 60 instead of 100 (a rubric
 * author); say how the rescale is had instead.
 * A `not applicable` the formula writes, reached through the branches the unit takes, is the rubric's own choice
 * (`if 工单数 > 0 then … else not applicable`): said with the conditions that chose it, and only the branches taken
 * are looked into — the hint `(签收 ?? 0)` for the items of the branch not taken changed nothing (a rubric author).
 * `said`: why, for every reader; `hint`: how to write it otherwise, for the rubric's author alone — it stood in the
 * published table's 备注 of a unit without orders (“要按 0 分计，写 (工单指标 ?? 0)”, read by leaders and units:
 * another county's officer).
 */
function totalNotApplicable(unit: UnitScorer, formula: A.Expr, rescales: boolean): { said: string; hint: string | null } {
  const symbols = unit.run.rubric.symbols;
  const names = new Set<string>();
  const chosen = new Set<string>();
  // the conditions that led to where the walk is: "工单数 > 0 不成立"
  const walk = (x: A.Expr, path: string[]): void => {
    if (x.kind === "notApplicable") {
      chosen.add(path.length ? `总分公式按 ${path.join("、")}，取“不适用”` : "总分公式取“不适用”");
      return;
    }
    if (x.kind === "name") {
      const v = unit.eval(x, newTrace());
      if (v === null || v === NOT_APPLICABLE) names.add(x.name);
      return;
    }
    if (x.kind === "if") {
      const test = unit.eval(x.test, newTrace());
      // a condition that is not applicable makes the whole choice so (as the evaluator has it)
      if (test === NOT_APPLICABLE) walk(x.test, path);
      else if (test === true) walk(x.whenTrue, [...path, `${readableExpr(x.test, symbols)} 成立`]);
      else walk(x.whenFalse, [...path, `${readableExpr(x.test, symbols)} 不成立`]);
      return;
    }
    // `乙 ?? 替代` is not applicable for what its replacement lacks (乙 is replaced)
    if (x.kind === "binary" && x.op === "??") {
      walk(x.right, [...path, `${readableExpr(x.left, symbols)} 不适用或为空`]);
      return;
    }
    // what a group function reads is each peer's, not this unit's: its arguments are not this unit's branches
    if (x.kind === "call" && A.findFunction(x.callee)?.readsGroup) {
      if (unit.eval(x, newTrace()) === NOT_APPLICABLE) names.add(readableExpr(x, symbols));
      return;
    }
    for (const c of A.childrenOf(x)) walk(c, path);
  };
  walk(formula, []);
  const list = [...names];
  const written = [...chosen].join("；");
  if (list.length === 0) return { said: written ? `${written}，没有得分` : "总分公式的值不适用，没有得分", hint: null };
  const said = `${written ? `${written}；` : ""}总分公式中 ${list.join("、")} 不适用或为空，没有得分`;
  if (rescales)
    return {
      said,
      hint: "折算为 对总分公式不起作用（公式读到的项不折算，写 ?? 0 则按 0 分计、不折算）：要按其余各项折算到满分，把考核项和 折算为 移到另一项考核中，在总分公式中读那项考核的名称（见语言手册 §3.18）",
    };
  return { said, hint: `${list[0]} 不适用时要按 0 分计的，在总分公式中写 (${list[0]} ?? 0)` };
}

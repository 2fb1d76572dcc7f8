/**
 * The score layer: formulas over measures, item by item, then ranking.
 * Every number carries its explanation: the formula with the values put in,
 * the measures it read and the records behind them.
 */
import type { Fact, Unit } from "@kaohe/data";
import * as A from "@kaohe/rules-dsl";
import { NOT_APPLICABLE as NA } from "@kaohe/rules-dsl";
import { type CompiledRubric, eventCountMeasure, eventPointsMeasure, inForce, UNDECLARED_SOURCES_MEASURE } from "./compile.ts";
import { ScoringError } from "./errors.ts";
import type { MeasurePlan, MeasureSource, MeasureSpec, MeasureValues } from "./measures.ts";
import { addMonths, type Month, monthStart, monthsOf, parseMonth, previousMonthOf, type Window, windowFor } from "./period.ts";
import { dateLiteral, H, roundHalfUp } from "./record-codegen.ts";

// ---------------------------------------------------------------- results

export interface MeasureEvidence {
  name: string;
  label: string | null;
  value: number | null;
  record: "orders" | "events";
  /** ids of the records counted */
  records: readonly string[];
  /**
   * What its records did to the item, read from the formula: "cost" — each cost points (超期件数 in
   * 20 × (100% - 超期率)); "spare" — each kept points, so the ones that cost are the "base" measure's
   * records not among them (办结件数 of 办结率 = 办结件数 / 工单数 in 10 × 办结率); null — neither is known.
   */
  role: "cost" | "spare" | "base" | null;
}

export interface AdjustmentResult {
  direction: "deduct" | "add";
  /** the measure whose records are behind it (for drill-down), if any */
  measure: string | null;
  /** the kind of those records: events for `per` an event type, the measure's own for `per` a measure */
  record: "orders" | "events";
  /** what the rubric says, e.g. "deduct 5 per 行政不作为" */
  rule: string;
  /** occurrences (for `per`), or null for `if` */
  count: number | null;
  points: number;
  continuing: boolean;
  records: readonly string[];
}

export interface ItemResult {
  code: string;
  label: string | null;
  section: { code: string; label: string | null } | null;
  max: number;
  bonus: boolean;
  /** null = not applicable */
  points: number | null;
  published: number | null;
  /** the rule as written */
  formula: string;
  /** the rule with this unit's values put in */
  substituted: string;
  /** why a rate gave its zero-denominator result ("本月无工单") */
  reasons: string[];
  measures: MeasureEvidence[];
  adjustments: AdjustmentResult[];
  warnings: string[];
}

export interface UnitResult {
  unit: { code: string; name: string; category: string };
  group: string;
  score: number | null;
  published: number | null;
  rank: number | null;
  /** the rank among all ranked units, whatever their group (beside the rank in the group) */
  overallRank: number | null;
  /** false when under the minimum volume: scored, not ranked */
  ranked: boolean;
  volume: number;
  band: string | null;
  vetoes: string[];
  /** each with the unit's measures its condition reads (what a written explanation must address) */
  sanctions: { name: string; label: string | null; because: { measure: string; label: string | null; value: number | null }[] }[];
  items: ItemResult[];
  /** `report …`: values shown beside the score, not scored (a rate is a fraction: 0.95 is 95%) */
  indicators: { name: string; label: string | null; value: number | string | boolean | null; percent: boolean }[];
  warnings: string[];
}

export interface AssessmentResult {
  rubric: { name: string; version: string };
  assessment: { name: string; label: string | null; schedule: "monthly" | "yearly" };
  period: string;
  window: Window;
  asOf: number;
  /** for a yearly result: the months whose mean it uses */
  months: Month[];
  /** the rubric's `round N decimals`: how scores are published and printed */
  decimals: number;
  units: UnitResult[];
}

export interface ScoringData {
  units: readonly Unit[];
  facts: readonly Fact[];
  source: MeasureSource;
}

export interface ScoreOptions {
  /** override the assessment time (default: the rubric's `assessed at …`) */
  asOf?: number;
  /** score this assessment instead of the ranked one (e.g. a yearly checklist that feeds the year-end score) */
  assessment?: string;
  /** collect record ids behind every measure (default true), or only for the unit codes listed */
  evidence?: boolean | readonly string[];
}

export { ScoringError } from "./errors.ts";

// ---------------------------------------------------------------- values

/** NA: "not applicable" (an item limited to other categories …), not missing; the built-in functions' entries return it too */
type Val = A.Value;

/** What an evaluation read (names, in order) and why a value is what it is (reasons, warnings: rare, so made when first needed). */
class Trace {
  readonly names = new Set<string>();
  reasons: Set<string> | null = null;
  warnings: Set<string> | null = null;

  reason(r: string): void {
    this.reasons ??= new Set();
    this.reasons.add(r);
  }

  warn(w: string): void {
    this.warnings ??= new Set();
    this.warnings.add(w);
  }

  /** Add what another evaluation traced, in its order. */
  absorb(other: Trace): void {
    for (const n of other.names) this.names.add(n);
    if (other.reasons) for (const r of other.reasons) this.reason(r);
    if (other.warnings) for (const w of other.warnings) this.warn(w);
  }
}
const newTrace = (): Trace => new Trace();

function fmtNumber(v: number): string {
  return String(roundHalfUp(v, 4));
}

/** 0.0698 → "6.98%" */
function fmtPercent(v: number): string {
  return `${roundHalfUp(v * 100, 2)}%`;
}

function fmtVal(v: Val): string {
  if (v === NA) return "不适用";
  if (v === null) return "空";
  if (typeof v === "number") return fmtNumber(v);
  if (typeof v === "boolean") return v ? "是" : "否";
  return A.quote(v);
}

// ---------------------------------------------------------------- per-rubric caches

const itemIndexes = new WeakMap<A.AssessmentDecl, Map<string, A.ItemDecl>>();
/** An assessment's items by code (looked up for every name a formula reads). */
function itemIndex(a: A.AssessmentDecl): Map<string, A.ItemDecl> {
  let index = itemIndexes.get(a);
  if (!index) {
    index = new Map(a.parts.flatMap((p) => A.itemsOf(p)).map((i) => [i.code, i]));
    itemIndexes.set(a, index);
  }
  return index;
}

const itemSections = new WeakMap<A.AssessmentDecl, Map<A.ItemDecl, A.SectionDecl>>();
/** The section an item is in (null outside sections). */
function sectionOf(a: A.AssessmentDecl, item: A.ItemDecl): A.SectionDecl | null {
  let index = itemSections.get(a);
  if (!index) {
    index = new Map(a.parts.flatMap((p) => (p.kind === "section" ? p.items.map((i) => [i, p] as const) : [])));
    itemSections.set(a, index);
  }
  return index.get(item) ?? null;
}

const noRoles: ReadonlyMap<string, MeasureEvidence["role"]> = new Map();
const rolesByItem = new WeakMap<A.ItemDecl, ReadonlyMap<string, MeasureEvidence["role"]>>();
/**
 * Which measures' records cost an item points, from the sign each rate has in its formula: a rate that
 * is subtracted (or divides) costs points as it grows, so its numerator's records cost; a rate that is
 * added or multiplied earns points, so the records that cost are its denominator's not in its numerator.
 * Factors are taken as positive; functions (min, threshold, round …) as rising with their arguments.
 */
function measureRoles(rubric: CompiledRubric, item: A.ItemDecl): ReadonlyMap<string, MeasureEvidence["role"]> {
  let roles = rolesByItem.get(item);
  if (roles) return roles;
  const found = new Map<string, MeasureEvidence["role"]>();
  const measure = (e: A.Expr) => (e.kind === "name" && rubric.symbols.global.get(e.name)?.kind === "measure" ? e.name : null);
  const walk = (e: A.Expr, sign: 1 | -1): void => {
    switch (e.kind) {
      case "name": {
        const sym = rubric.symbols.global.get(e.name);
        if (sym?.kind !== "rate") return;
        const num = measure(sym.decl.numerator);
        const den = measure(sym.decl.denominator);
        if (!num || found.has(num)) return;
        found.set(num, sign < 0 ? "cost" : den ? "spare" : null);
        if (sign > 0 && den && !found.has(den)) found.set(den, "base");
        return;
      }
      case "binary":
        if (e.op === "-" || e.op === "/") {
          walk(e.left, sign);
          walk(e.right, sign === 1 ? -1 : 1);
        } else if (e.op === "+" || e.op === "×" || e.op === "??") {
          walk(e.left, sign);
          walk(e.right, sign);
        }
        return;
      case "unary":
        if (e.op === "-") walk(e.operand, sign === 1 ? -1 : 1);
        return;
      case "if":
        walk(e.whenTrue, sign);
        walk(e.whenFalse, sign);
        return;
      case "call":
        for (const a of e.args) walk(a.value, sign);
        return;
      default:
        return;
    }
  };
  if (item.formula) walk(item.formula, 1);
  roles = found;
  rolesByItem.set(item, roles);
  return roles;
}

const formulaTexts = new WeakMap<A.ItemDecl, string>();
function formulaText(item: A.ItemDecl): string {
  let text = formulaTexts.get(item);
  if (text === undefined) {
    text = (item.formula ? A.printExpr(item.formula) : "") + (item.atLeast ? ` at least ${A.printExpr(item.atLeast)}` : "");
    formulaTexts.set(item, text);
  }
  return text;
}

const specsByNameCache = new WeakMap<MeasurePlan, Map<string, MeasureSpec>>();
function specsByName(plan: MeasurePlan): Map<string, MeasureSpec> {
  let specs = specsByNameCache.get(plan);
  if (!specs) {
    specs = new Map();
    // the first of a name, as plan.measures.find would
    for (const m of plan.measures) if (!specs.has(m.name)) specs.set(m.name, m);
    specsByNameCache.set(plan, specs);
  }
  return specs;
}

/** What an adjustment is, the same for every unit: its rule as written and the names it reads. */
interface AdjustmentStatic {
  rule: string;
  /** the name after `per` ("" for `if`) */
  per: string;
  perName: A.Expr | null;
  /** `per` a measure: that measure */
  perMeasure: string | null;
  /** `per` an event type: its hidden count measure, and its recorded points measure when those count */
  countName: string | null;
  pointsName: string | null;
  declaredPoints: number | null;
}

const adjustmentStatics = new WeakMap<A.Adjustment, AdjustmentStatic>();
function adjustmentStatic(rubric: CompiledRubric, adj: A.Adjustment): AdjustmentStatic {
  let s = adjustmentStatics.get(adj);
  if (s) return s;
  const amountText = adj.recorded ? " recorded" : adj.amount ? ` ${A.printExpr(adj.amount)}` : "";
  const rule = `${adj.direction}${amountText}${adj.per ? ` per ${adj.per.name}` : adj.condition ? ` if ${A.printExpr(adj.condition)}` : ""}${adj.continuing ? " continuing" : ""}`;
  const per = adj.per?.name ?? "";
  const sym = rubric.symbols.global.get(per);
  const event = sym?.kind === "event" ? sym.decl : null;
  s = {
    rule,
    per,
    perName: { kind: "name", name: per, range: adj.range },
    perMeasure: sym?.kind === "measure" ? per : null,
    countName: event ? eventCountMeasure(per) : null,
    pointsName: event && (adj.recorded || event.points === null) ? eventPointsMeasure(per) : null,
    declaredPoints: event ? event.points : null,
  };
  adjustmentStatics.set(adj, s);
  return s;
}

// ---------------------------------------------------------------- explanations, written when read

/**
 * An item's explanation texts (`formula`, `substituted`) are written the first time either is read: most
 * scorings (a month's ranking, a year's months, a diff) never read them. They are own, enumerable accessor
 * properties, so JSON.stringify, structuredClone (posting to another thread), spreading and deep equality
 * all see the same plain strings as before; what they say is fixed when the item is scored.
 */
interface Scored {
  points: number | null;
  explain: Explainer;
}

/** What writes an item's [formula, substituted] when first read (objects, not closures: one is made for every item scored). */
interface Explainer {
  texts(): [string, string];
}

/** A formula item: the rule as written, and with this unit's values put in. */
class FormulaExplainer implements Explainer {
  constructor(
    private readonly unit: UnitContext,
    private readonly item: A.ItemDecl,
    /** the formula's value (not a number: not applicable) */
    private readonly value: Val,
    private readonly points: number | null,
  ) {}

  texts(): [string, string] {
    const formula = this.item.formula as A.Expr;
    const sub = this.unit.substituteAsScored(this.item, formula);
    const steps = this.unit.rateSteps(formula);
    const also = steps.length ? `（${steps.join("；")}）` : "";
    const v = this.value;
    if (v === NA || typeof v !== "number") return [formulaText(this.item), `${sub} = 不适用${also}`];
    const points = this.points as number;
    // in the rubric's decimals, as published: "20 × (100% - 3 / 43) = 18.60"
    const digits = this.unit.run.rubric.ranking.decimals;
    return [
      formulaText(this.item),
      `${sub} = ${roundHalfUp(v, digits).toFixed(digits)}${roundHalfUp(points, digits) !== roundHalfUp(v, digits) ? `，计 ${roundHalfUp(points, digits).toFixed(digits)} 分` : ""}${also}`,
    ];
  }
}

/** An item of deductions and additions: its base, weight and the adjustments that moved it. */
class BlockExplainer implements Explainer {
  constructor(
    private readonly item: A.ItemDecl,
    private readonly base: number,
    private readonly weight: number,
    private readonly stopping: number,
    private readonly continuing: number,
    private readonly added: number,
    private readonly points: number,
    /** the adjustments that moved the score: direction, points, rule, count */
    private readonly lines: [AdjustmentResult["direction"], number, string, number | null][] | null,
  ) {}

  texts(): [string, string] {
    const { item, base: b, weight: w, stopping, continuing, added, points, lines } = this;
    if (item.bonus) return [`加分合计，最多 ${item.points} 分`, `min(${item.points}, ${fmtNumber(added)}) = ${fmtNumber(points)}`];
    const lineText = lines
      ? `；${lines.map(([direction, p, rule, count]) => `${direction === "add" ? "+" : "−"}${fmtNumber(p)}（${rule}${count !== null ? `，${fmtNumber(count)}次` : ""}）`).join("；")}`
      : "；无扣分";
    const formula = `基础分 ${fmtNumber(b)}${w !== 1 ? `，权重 ${fmtNumber(w * 100)}%` : ""}；扣分扣完为止${item.adjustments.some((a) => a.continuing) ? "（标明 continuing 的继续从总分中扣）" : ""}`;
    const parts = `${fmtNumber(b)} − min(${fmtNumber(b)}, ${fmtNumber(stopping)})${continuing ? ` − ${fmtNumber(continuing)}` : ""}${added ? ` + ${fmtNumber(added)}` : ""}`;
    return [formula, `${w !== 1 ? `(${parts}) × ${fmtNumber(w)}` : parts} = ${fmtNumber(points)}${lineText}`];
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
const FORMULA: PropertyDescriptor = {
  get(this: Explained) {
    return this[EXPLANATION]?.get("formula");
  },
  set(this: Explained, value: string) {
    const e = this[EXPLANATION];
    if (e) e.formula = value;
  },
  enumerable: true,
  configurable: true,
};
const SUBSTITUTED: PropertyDescriptor = {
  get(this: Explained) {
    return this[EXPLANATION]?.get("substituted");
  },
  set(this: Explained, value: string) {
    const e = this[EXPLANATION];
    if (e) e.substituted = value;
  },
  enumerable: true,
  configurable: true,
};

// ---------------------------------------------------------------- one evaluation run

/**
 * The period before the scored one, as `previous(…)` reads it: its run (its units' values) and, when a ranked
 * value is read, its ranking; or why there is none (the first month in force, a month under another version,
 * a month without data, a window of fixed dates), in which case previous(…) is missing.
 */
interface PreviousPeriod {
  label: string | null;
  run: Run | null;
  /** per unit: 得分, 名次 … as the previous period published them (null when only its values are read) */
  ranked: Map<string, Record<string, Val>> | null;
  /** why there is no previous period (null when there is one) */
  none: string | null;
}

/** Everything one assessment of one period needs: measures, facts, peers. */
class Run {
  readonly units: UnitContext[];
  readonly byCode = new Map<string, UnitContext>();
  /** the period before, for `previous(…)` (set before any unit is scored; null: nothing reads it) */
  previous: PreviousPeriod | null = null;

  constructor(
    readonly rubric: CompiledRubric,
    readonly assessment: A.AssessmentDecl,
    readonly window: Window,
    readonly asOf: number,
    readonly measures: MeasureValues,
    units: readonly Unit[],
    readonly facts: Map<string, Fact>,
    /** yearly: published monthly scores per monthly assessment, per unit */
    readonly monthly: Map<string, Map<string, number[]>>,
    readonly scoredMonths: Month[],
  ) {
    this.units = units.map((u) => new UnitContext(this, u));
    for (const u of this.units) this.byCode.set(u.unit.code, u);
  }

  private readonly subRuns = new Map<A.AssessmentDecl, Run>();
  /** Another assessment of the same window, over the same units (the checker ensures the window matches). */
  subRun(a: A.AssessmentDecl): Run {
    if (a === this.assessment) return this;
    let run = this.subRuns.get(a);
    if (!run) {
      run = new Run(
        this.rubric,
        a,
        this.window,
        this.asOf,
        this.measures,
        this.units.map((u) => u.unit),
        this.facts,
        this.monthly,
        this.scoredMonths,
      );
      // the same period before, seen through the other assessment
      const p = this.previous;
      run.previous = p && { ...p, run: p.run ? p.run.subRun(a) : null };
      this.subRuns.set(a, run);
    }
    return run;
  }

  group(u: UnitContext): string {
    const r = groupingOf(this.rubric, this.assessment.schedule);
    if (r.within === "all") return "全部";
    if (r.within === "category") return u.unit.category;
    for (const g of r.groups) {
      if (!g.condition) return g.name;
      if (u.eval(g.condition, newTrace()) === true) return g.name;
    }
    return "其他";
  }

  peers(u: UnitContext): UnitContext[] {
    const g = u.groupName;
    return this.units.filter((p) => p.groupName === g);
  }
}

class UnitContext {
  /** rates' and values' results for this unit, by declaration */
  private readonly memo = new Map<A.RateDecl | A.ValueDecl, { value: Val; trace: Trace }>();
  private assessmentMemo: Map<string, { total: number | null; warnings: string[] }> | null = null;
  private _group: string | null = null;
  ranked: Record<string, Val> | null = null;

  constructor(
    readonly run: Run,
    readonly unit: Unit,
  ) {}

  get groupName(): string {
    this._group ??= this.run.group(this);
    return this._group;
  }

  measure(name: string): number | null {
    return this.run.measures.value(this.unit.code, name);
  }

  eval(e: A.Expr, t: Trace): Val {
    switch (e.kind) {
      case "number":
        return e.value;
      case "string":
        return e.value;
      case "bool":
        return e.value;
      case "date":
        return dateLiteral(e.text);
      case "name":
        return this.name(e.name, t);
      case "unary": {
        const v = this.eval(e.operand, t);
        if (e.op === "not") return v === NA ? NA : v !== true;
        return v === NA ? NA : H.neg(v as number | null);
      }
      case "isMissing": {
        const v = this.eval(e.operand, t);
        return (v === null) !== e.negated;
      }
      case "inList": {
        const v = this.eval(e.operand, t);
        return H.inList(
          v === NA ? null : v,
          e.items.map((i) => this.eval(i, t)).map((x) => (x === NA ? null : x)),
          e.negated,
        );
      }
      case "inPeriod":
      case "inPreviousPeriod":
        return false;
      case "if": {
        const c = this.eval(e.test, t);
        if (c === NA) return NA;
        return c === true ? this.eval(e.whenTrue, t) : this.eval(e.whenFalse, t);
      }
      case "binary":
        return this.binary(e, t);
      case "call":
        return this.call(e, t);
    }
  }

  private binary(e: A.Binary, t: Trace): Val {
    const l = this.eval(e.left, t);
    if (e.op === "and" && l === false) return false;
    if (e.op === "or" && l === true) return true;
    const r = this.eval(e.right, t);
    // a missing value and "not applicable" are both replaced by the right-hand side
    if (e.op === "??") return l === null || l === NA ? r : l;
    if (l === NA || r === NA) return NA;
    switch (e.op) {
      case "and":
        return l === true && r === true;
      case "or":
        return l === true || r === true;
      case "+":
        return H.add(l as number, r as number);
      case "-":
        return H.sub(l as number, r as number);
      case "×":
        return H.mul(l as number, r as number);
      case "/":
        if (r === 0) {
          t.reason("除数为零");
          return NA;
        }
        return H.div(l as number, r as number);
      case "=":
        return H.eq(l, r);
      case "!=":
        return H.ne(l, r);
      case "<":
        return H.lt(l as number, r as number);
      case "<=":
        return H.le(l as number, r as number);
      case ">":
        return H.gt(l as number, r as number);
      case ">=":
        return H.ge(l as number, r as number);
    }
  }

  /**
   * A call of a built-in function: its entry's `evaluate` (functions/ in the rules language), given this unit's
   * group, history and trace; else its `apply` of the positional arguments' values, not applicable when one is.
   */
  private call(e: A.Call, t: Trace): Val {
    const positional = e.args.filter((a) => a.name === null).map((a) => a.value);
    const f = A.findFunction(e.callee);
    if (f?.evaluate) {
      return f.evaluate({
        call: e,
        positional,
        named: new Map(e.args.filter((a) => a.name !== null).map((a) => [a.name as string, a.value])),
        eval: (x) => this.eval(x, t),
        arg: (i) => {
          const a = positional[i];
          return a ? this.eval(a, t) : null;
        },
        reason: (text) => t.reason(text),
        peerValues: (x) => this.run.peers(this).map((p) => p.eval(x, p === this ? t : newTrace())),
        previous: (name) => this.previousValue(name, t),
        monthlyScores: (name) => {
          t.names.add(`mean:${name}`);
          return this.run.monthly.get(name)?.get(this.unit.code) ?? [];
        },
      });
    }
    const values = positional.map((a) => this.eval(a, t));
    if (values.includes(NA)) return NA;
    return f?.apply ? f.apply(...(values as (number | null)[])) : NA;
  }

  /**
   * `previous(名称)`: the value the name had for this unit in the period before; missing (with the reason) when
   * there is no period before under this rubric version.
   */
  previousValue(name: string, t: Trace): Val {
    t.names.add(`previous:${name}`);
    const p = this.run.previous;
    if (!p || p.none !== null || !p.run) {
      t.reason(p?.none ?? "无上期");
      return null;
    }
    const isRanked = A.findField(A.rankedBuiltins, name) && !this.run.rubric.symbols.global.has(name) && !itemIndex(this.run.assessment).has(name);
    if (isRanked) {
      const values = p.ranked?.get(this.unit.code);
      const key = (A.findField(A.rankedBuiltins, name) as A.BuiltinField).key;
      return values ? ((values[key] as Val) ?? null) : null;
    }
    const before = p.run.byCode.get(this.unit.code);
    if (!before) return null;
    return before.name(name, newTrace());
  }

  name(name: string, t: Trace): Val {
    if (this.ranked) {
      if (name in this.ranked) return this.ranked[name] as Val;
      const rankedField = A.findField(A.rankedBuiltins, name);
      if (rankedField) return this.ranked[rankedField.key] as Val;
    }
    const item = itemIndex(this.run.assessment).get(name);
    if (item) {
      t.names.add(`item:${name}`);
      // an item (or its section) limited to other categories does not apply to this unit: not 0, not its full marks
      const section = sectionOf(this.run.assessment, item);
      if (!this.applies(item.categories) || (section && !this.applies(section.categories))) return NA;
      return this.itemPoints(item) ?? NA;
    }
    const sym = this.run.rubric.symbols.global.get(name);
    if (!sym) {
      const b = A.findField(A.unitBuiltins, name);
      if (b?.key === "category") return this.unit.category;
      if (b?.key === "unitCode") return this.unit.code;
      if (b?.key === "unitName") return this.unit.name;
      return null;
    }
    switch (sym.kind) {
      case "category":
      case "event":
        return name;
      case "measure":
        t.names.add(name);
        return this.measure(name);
      case "fact":
        return this.fact(sym.decl, t);
      case "rate":
        return this.rate(sym.decl, t);
      case "value": {
        t.names.add(name);
        const known = this.recall(sym.decl, t);
        if (known !== undefined) return known;
        const trace = newTrace();
        return this.remember(sym.decl, t, this.eval(sym.decl.expr, trace), trace);
      }
      case "assessment": {
        t.names.add(`assessment:${name}`);
        const v = this.assessmentScore(sym.decl, t);
        return v === null ? NA : v;
      }
      default:
        return null;
    }
  }

  /** A unit-level value (a rate's, a value's) computed before, replaying what it traced into the caller's trace; undefined if not yet. */
  private recall(decl: A.RateDecl | A.ValueDecl, t: Trace): Val | undefined {
    const known = this.memo.get(decl);
    if (!known) return undefined;
    t.absorb(known.trace);
    return known.value;
  }

  /** Keep a unit-level value with what computing it traced, and replay that into the caller's trace. */
  private remember(decl: A.RateDecl | A.ValueDecl, t: Trace, value: Val, trace: Trace): Val {
    this.memo.set(decl, { value, trace });
    t.absorb(trace);
    return value;
  }

  private rate(d: A.RateDecl, t: Trace): Val {
    t.names.add(d.name);
    const known = this.recall(d, t);
    if (known !== undefined) return known;
    const trace = newTrace();
    return this.remember(d, t, this.rateValue(d, trace), trace);
  }

  private rateValue(d: A.RateDecl, tt: Trace): Val {
    const den = this.eval(d.denominator, tt);
    if (den === NA) return NA;
    if (den === 0 || den === null) {
      if (d.reason) tt.reason(d.reason);
      if (d.whenZero === null) return NA;
      return this.eval(d.whenZero, tt);
    }
    const num = this.eval(d.numerator, tt);
    if (num === NA) return NA;
    return H.div(num as number, den as number);
  }

  private fact(d: A.FactDecl, t: Trace): Val {
    // the year the scored period belongs to ("2018-01" for a month running 2017-12-26 … 2018-01-25)
    const year = Number(this.run.window.label.slice(0, 4));
    if (d.monthly) return this.monthlyFact(d, year, t);
    const f = this.run.facts.get(`${this.unit.code}|${year}|${d.name}`);
    if (f) return f.value;
    if (d.whenMissing) {
      const v = this.eval(d.whenMissing, t);
      t.warn(`缺少 ${year} 年“${d.label ?? d.name}”的记录，按 ${fmtVal(v)} 计 / no ${year} row for fact ${d.name}, taken as ${String(v)}`);
      return v;
    }
    t.warn(`缺少 ${year} 年“${d.label ?? d.name}”的记录 / no ${year} row for fact ${d.name}`);
    return null;
  }

  /** A monthly fact: the row of the scored month (the window's label, "2018-01"); in a window that is not a month, not applicable. */
  private monthlyFact(d: A.FactDecl, year: number, t: Trace): Val {
    const month = this.run.window.label;
    const name = d.label ?? d.name;
    if (!/^\d{4}-\d{2}$/.test(month)) {
      t.warn(`“${name}”按月填报，${month} 不是一个月，不适用 / fact ${d.name} is monthly; ${month} is not a month, so it is not applicable`);
      return NA;
    }
    const f = this.run.facts.get(`${this.unit.code}|${year}|${month}|${d.name}`);
    if (f) return f.value;
    if (d.whenMissing) {
      const v = this.eval(d.whenMissing, t);
      t.warn(`缺少 ${month} 月“${name}”的记录，按 ${fmtVal(v)} 计 / no ${month} row for fact ${d.name}, taken as ${String(v)}`);
      return v;
    }
    t.warn(`缺少 ${month} 月“${name}”的记录 / no ${month} row for fact ${d.name}`);
    return null;
  }

  // ------------------------------------------------------------ items

  private readonly itemMemo = new Map<A.ItemDecl, ItemResult>();

  applies(categories: string[]): boolean {
    return categories.length === 0 || categories.includes(this.unit.category);
  }

  /** the items being scored (one, unless an item reads another) */
  private readonly scoring: A.ItemDecl[] = [];
  itemPoints(item: A.ItemDecl): number | null {
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
    Object.defineProperty(result, "formula", FORMULA);
    Object.defineProperty(result, "substituted", SUBSTITUTED);
    Object.defineProperty(result, EXPLANATION, { value: new Explanation(scored.explain), configurable: true });
    result.reasons = t.reasons ? [...t.reasons] : [];
    result.measures = this.evidenceFor(t, item.formula ? measureRoles(this.run.rubric, item) : noRoles);
    result.adjustments = adjustments;
    result.warnings = t.warnings ? [...t.warnings] : [];
    this.itemMemo.set(item, result);
    this.scoring.pop();
    return result;
  }

  private formulaItem(item: A.ItemDecl, t: Trace): Scored {
    const formula = item.formula as A.Expr;
    const v = this.eval(formula, t);
    if (v === NA || typeof v !== "number") return { points: null, explain: new FormulaExplainer(this, item, v, null) };
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
      return this.substitute(e);
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
    /** the adjustments that moved the score, for the explanation: direction, points, rule, count */
    let lines: [AdjustmentResult["direction"], number, string, number | null][] | null = null;
    for (const adj of item.adjustments) {
      const r = this.adjustment(adj, t);
      adjustments.push(r);
      if (r.points === 0 && r.count === 0) continue;
      if (r.direction === "add") added += r.points;
      else if (r.continuing) continuing += r.points;
      else stopping += r.points;
      if (r.points !== 0) {
        lines ??= [];
        lines.push([r.direction, r.points, r.rule, r.count]);
      }
    }
    const b = typeof base === "number" ? base : item.points;
    const w = typeof weight === "number" ? weight : 1;
    if (item.bonus) {
      const points = Math.min(item.points, added);
      return { points, explain: new BlockExplainer(item, b, w, stopping, continuing, added, points, lines) };
    }
    // deductions that stop at 0 are absorbed by the item's cap; continuing ones are not
    let raw = b - Math.min(b, stopping) - continuing + added;
    if (item.atLeast) {
      const floor = this.eval(item.atLeast, t);
      if (typeof floor === "number") raw = Math.max(floor, raw);
    }
    const points = Math.min(item.points, raw * w);
    return { points, explain: new BlockExplainer(item, b, w, stopping, continuing, added, points, lines) };
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
      return { direction: adj.direction, rule: s.rule, continuing: adj.continuing, measure: s.countName, record: "events", count, points, records };
    }
    const count = this.eval(s.perName as A.Expr, t);
    const amount = adj.amount ? this.eval(adj.amount, t) : 0;
    const n = typeof count === "number" ? count : 0;
    return {
      direction: adj.direction,
      rule: s.rule,
      continuing: adj.continuing,
      measure: s.perMeasure,
      record: (s.perMeasure && specsByName(this.run.rubric.plan).get(s.perMeasure)?.record) || "events",
      count: n,
      points: typeof amount === "number" ? amount * n : 0,
      records: this.run.measures.evidence(this.unit.code, s.per),
    };
  }

  /** The measures an expression read, directly or through rates and values, with their records. */
  private evidenceFor(t: Trace, roles: ReadonlyMap<string, MeasureEvidence["role"]> = noRoles): MeasureEvidence[] {
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

  /** The expression with each name followed by its value: "20 × (100% - 超期率[0.05])". */
  /**
   * The expression with the unit's numbers put in, as the regulation writes a calculation: a rate as
   * its numerator over its denominator ("20 × (100% - 3 / 43)"), other names as their values, a
   * monthly mean as its value.
   */
  substitute(e: A.Expr): string {
    return A.printExpr(this.substituted(e));
  }

  private substituted(e: A.Expr): A.Expr {
    const replace = (x: A.Expr): A.Expr => {
      switch (x.kind) {
        case "name": {
          const sym = this.run.rubric.symbols.global.get(x.name);
          if (sym?.kind === "event" || sym?.kind === "category") return x;
          const v = this.eval(x, newTrace());
          if (sym?.kind === "rate" && typeof v === "number") {
            const den = this.eval(sym.decl.denominator, newTrace());
            // a rate whose denominator is 0 took its `when zero` value: that value, not 0/0
            if (typeof den === "number" && den !== 0)
              return { kind: "binary", op: "/", left: replace(sym.decl.numerator), right: replace(sym.decl.denominator), range: x.range };
          }
          return { ...x, name: fmtVal(v) };
        }
        case "binary":
          return { ...x, left: replace(x.left), right: replace(x.right) };
        case "unary":
          return { ...x, operand: replace(x.operand) };
        case "call":
          if (x.callee === "mean") {
            const v = this.eval(x, newTrace());
            const of = x.args[0]?.value;
            const sym = of?.kind === "name" ? this.run.rubric.symbols.global.get(of.name) : undefined;
            const label = sym?.kind === "assessment" ? (sym.decl.label ?? sym.decl.name) : of ? A.printExpr(of) : "";
            return { kind: "name", name: `${fmtVal(v)}（${label}各月平均）`, range: x.range };
          }
          if (x.callee === "previous") {
            const v = this.eval(x, newTrace());
            const of = x.args[0]?.value;
            const label = this.run.previous?.label;
            return { kind: "name", name: `${fmtVal(v)}（${label ? `上期 ${label} 的` : "上期"}${of ? A.printExpr(of) : ""}）`, range: x.range };
          }
          return { ...x, args: x.args.map((a) => ({ ...a, value: replace(a.value) })) };
        case "if":
          return { ...x, test: replace(x.test), whenTrue: replace(x.whenTrue), whenFalse: replace(x.whenFalse) };
        default:
          return x;
      }
    };
    return replace(e);
  }

  /** Each rate an expression reads, worked out: "超期率 = 3 / 43 = 6.98%", "满意率 = 1（无回访）". */
  rateSteps(e: A.Expr): string[] {
    const steps: string[] = [];
    const seen = new Set<string>();
    const walk = (x: A.Expr): void => {
      if (x.kind === "name" && !seen.has(x.name)) {
        seen.add(x.name);
        const sym = this.run.rubric.symbols.global.get(x.name);
        if (sym?.kind === "rate") {
          const d = sym.decl;
          const v = this.eval(x, newTrace());
          const den = this.eval(d.denominator, newTrace());
          const name = d.label ?? d.name;
          if (typeof den === "number" && den !== 0 && typeof v === "number")
            steps.push(
              `${name} = ${A.printExpr({ kind: "binary", op: "/", left: this.substituted(d.numerator), right: this.substituted(d.denominator), range: x.range })} = ${fmtPercent(v)}`,
            );
          else steps.push(`${name} = ${typeof v === "number" ? fmtPercent(v) : fmtVal(v)}${d.reason ? `（${d.reason}）` : ""}`);
        }
      }
      for (const c of A.childrenOf(x)) walk(c);
    };
    walk(e);
    return steps;
  }

  // ------------------------------------------------------------ assessments

  /** The assessment's `report` values for this unit ("not applicable" and missing: null). */
  indicators(a: A.AssessmentDecl): UnitResult["indicators"] {
    if (a.reports.length === 0) return [];
    return a.reports.map((r) => {
      const v = this.eval(r.expr ?? { kind: "name", name: r.name, range: r.range }, newTrace());
      const sym = r.expr ? undefined : this.run.rubric.symbols.global.get(r.name);
      // a rate, or a division written out, reads as a percentage
      const percent = sym?.kind === "rate" || (r.expr?.kind === "binary" && r.expr.op === "/");
      return {
        name: r.name,
        label: r.label ?? (sym && "decl" in sym ? ((sym.decl as { label?: string | null }).label ?? null) : null),
        value: v === NA ? null : (v as number | string | boolean | null),
        percent,
      };
    });
  }

  /** An assessment's total for this unit in this run's window. */
  assessmentScore(a: A.AssessmentDecl, t?: Trace): number | null {
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

  assess(a: A.AssessmentDecl): { items: ItemResult[]; total: number | null; warnings: string[] } {
    const items: ItemResult[] = [];
    let sum = 0;
    let applicableMax = 0;
    let fullMax = 0;
    let anyApplicable = false;
    const other = this.run.subRun(a).byCode.get(this.unit.code) as UnitContext;
    for (const part of a.parts) {
      const section = part.kind === "section" ? part : null;
      const sectionApplies = !section || other.applies(section.categories);
      let partSum = 0;
      for (const item of A.itemsOf(part)) {
        // an item for other categories is not applicable to this unit: out of its items and its full marks,
        // so `rescale to` brings what does apply to the full marks
        if (!item.bonus) fullMax += item.points;
        if (!sectionApplies || !other.applies(item.categories)) continue;
        const r = other.scoreItem(item, section);
        items.push(r);
        if (r.points === null) continue;
        anyApplicable = true;
        if (!item.bonus) applicableMax += item.points;
        partSum += r.points;
      }
      sum += section?.cap !== null && section?.cap !== undefined ? Math.min(section.cap, partSum) : partSum;
    }
    const t = newTrace();
    let total: number | null = anyApplicable ? sum : null;
    if (a.total) {
      const v = other.eval(a.total, t);
      total = typeof v === "number" ? v : null;
    } else if (a.rescaleTo !== null && total !== null && applicableMax > 0 && applicableMax < fullMax) {
      const to = other.eval(a.rescaleTo, t);
      // the full marks are the unit's own (150 for a county, 100 otherwise); none (not a number): no score
      total = typeof to === "number" ? (total * to) / applicableMax : null;
    }
    return { items, total, warnings: t.warnings ? [...t.warnings] : [] };
  }
}

// ---------------------------------------------------------------- entry points

/** String.prototype.localeCompare(y, locales) compares as new Intl.Collator(locales).compare(x, y): made once here */
const zhCollator = new Intl.Collator("zh-CN");
const defaultCollator = new Intl.Collator();

function factIndex(facts: readonly Fact[]): Map<string, Fact> {
  // a yearly row by unit|year|item, as always; a monthly row (月份) by unit|year|month|item
  return new Map(facts.map((f) => [f.month ? `${f.unit}|${f.year}|${f.month}|${f.item}` : `${f.unit}|${f.year}|${f.item}`, f]));
}

function defaultAsOf(rubric: CompiledRubric, window: Window): number {
  if (rubric.assessedMonthsAfter === 0) return window.end;
  const d = new Date(window.end + 8 * 3600_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + rubric.assessedMonthsAfter, d.getUTCDate()) - 8 * 3600_000;
}

/** Units the rubric assesses: those of a declared category (all, when it declares none). */
function assessedUnits(rubric: CompiledRubric, units: readonly Unit[]): Unit[] {
  if (rubric.categories.length === 0) return [...units];
  const cats = new Set(rubric.categories.map((c) => c.name));
  return units.filter((u) => cats.has(u.category));
}

function rankedAssessment(rubric: CompiledRubric, schedule: "monthly" | "yearly", chosen?: string): A.AssessmentDecl {
  if (chosen) {
    const a = rubric.assessments.get(chosen);
    if (!a || a.schedule !== schedule) {
      const names = [...rubric.assessments.values()].filter((x) => x.schedule === schedule).map((x) => x.name);
      throw new ScoringError(
        `规则中没有名为“${chosen}”的${schedule === "monthly" ? "月度" : "年度"}考核${names.length ? `（有：${names.join("、")}）` : ""}`,
        `no ${schedule} assessment named ${chosen}`,
      );
    }
    return a;
  }
  const name = schedule === "monthly" ? rubric.ranking.monthly : rubric.ranking.yearly;
  const a = name ? rubric.assessments.get(name) : undefined;
  if (!a) {
    throw new ScoringError(
      `规则“${rubric.header.name}”没有${schedule === "monthly" ? "月度" : "年度"}排名的考核`,
      `the rubric ranks no ${schedule} assessment`,
    );
  }
  return a;
}

/**
 * Only the measures an assessment reads (through its items, rates, values,
 * referenced assessments, bands, vetoes, sanctions and the ranking): a yearly
 * checklist of events need not count a year of orders.
 */
const plansByAssessment = new WeakMap<A.AssessmentDecl, CompiledRubric["plan"]>();
function planFor(rubric: CompiledRubric, a: A.AssessmentDecl): CompiledRubric["plan"] {
  const known = plansByAssessment.get(a);
  if (known) return known;
  const needed = new Set<string>();
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
    for (const b of x.bands) walk(b.atLeast);
    for (const v of x.vetoes) walk(v.condition);
    for (const s of x.sanctions) walk(s.condition);
  };
  assessment(a);
  const r = rubric.ranking;
  if (r.volume) name(r.volume);
  for (const k of r.orderBy) name(k.key);
  for (const g of groupingOf(rubric, a.schedule).groups) walk(g.condition);
  // a rubric that declares its sources says, each period, how many orders came from others
  needed.add(UNDECLARED_SOURCES_MEASURE);
  const plan = { ...rubric.plan, measures: rubric.plan.measures.filter((m) => needed.has(m.name)) };
  plansByAssessment.set(a, plan);
  return plan;
}

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
    [x.total, x.rescaleTo, ...x.reports.map((r) => r.expr), ...x.bands.map((b) => b.atLeast), ...x.vetoes.map((v) => v.condition)].forEach(walk);
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

/** The periods before, scored once per scoring (a year scores its months, each reading the one before). */
type History = Map<string, Promise<{ run: Run; results: UnitResult[] }>>;

async function runAssessment(
  rubric: CompiledRubric,
  data: ScoringData,
  a: A.AssessmentDecl,
  window: Window,
  asOf: number,
  evidence: boolean | readonly string[],
  monthly: Map<string, Map<string, number[]>>,
  scoredMonths: Month[],
  period: string,
  history: History = new Map(),
): Promise<AssessmentResult> {
  const key = `${a.name}|${period}|scored`;
  const scored = scoreRun(rubric, data, a, window, asOf, evidence, monthly, scoredMonths, period, history);
  // a year scores its months in order: each is the period before the next, scored once (at its own assessment time)
  if (/^\d{4}-\d{2}$/.test(period) && !history.has(key) && asOf === defaultAsOf(rubric, window)) {
    const entry = scored.then((x) => ({ run: x.run, results: x.result.units }));
    // kept for a later month that reads this one; when scoring fails the error is thrown below, and this copy of it
    // must not go unhandled when no later month asks (an unhandled rejection stops a Node process)
    entry.catch(() => undefined);
    history.set(key, entry);
  }
  return (await scored).result;
}

/** The window spec of an assessment (its `window`, or the whole month or year). */
function windowSpecOf(a: A.AssessmentDecl): A.WindowDecl | { window: "month" | "year"; startDay: number } {
  return a.window ?? { window: a.schedule === "monthly" ? "month" : "year", startDay: 1 };
}

/**
 * The period before `month` for `previous(…)`: scored (or only counted) once per scoring, or why there is none.
 * Only a monthly assessment reads it (the checker sees to it); a yearly one gets none.
 */
async function previousPeriod(rubric: CompiledRubric, data: ScoringData, a: A.AssessmentDecl, month: Month | null, history: History): Promise<PreviousPeriod> {
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
        ? scoreRun(rubric, data, a, window, asOf, false, new Map(), [], before, history).then((x) => ({ run: x.run, results: x.result.units }))
        : countRun(rubric, data, a, window, asOf, before).then((run) => ({ run, results: [] }));
    history.set(key, scored);
  }
  const { run, results } = await scored;
  const volume = rubric.ranking.volume;
  if (volume && !run.units.some((u) => (u.measure(volume) ?? 0) > 0)) {
    return { label: window.label, run: null, ranked: null, none: `上期（${window.label}）没有数据（各单位承办量都为 0），上期的值为空` };
  }
  return { label: window.label, run, ranked: use === "scored" ? rankedValues(results) : null, none: null };
}

/** The measures of a window and the run that reads them (the period before, when only its values are read). */
async function countRun(rubric: CompiledRubric, data: ScoringData, a: A.AssessmentDecl, window: Window, asOf: number, month: Month | null): Promise<Run> {
  const units = assessedUnits(rubric, data.units);
  const before = month ? previousMonthOf(windowSpecOf(a), month) : null;
  const measures = await data.source.compute(planFor(rubric, a), {
    window,
    previous: before ? windowFor(windowSpecOf(a), before) : null,
    asOf,
    units: units.map((u) => u.code),
    evidence: false,
  });
  return new Run(rubric, a, window, asOf, measures, units, factIndex(data.facts), new Map(), []);
}

async function scoreRun(
  rubric: CompiledRubric,
  data: ScoringData,
  a: A.AssessmentDecl,
  window: Window,
  asOf: number,
  evidence: boolean | readonly string[],
  monthly: Map<string, Map<string, number[]>>,
  scoredMonths: Month[],
  period: string,
  history: History,
): Promise<{ run: Run; result: AssessmentResult }> {
  const units = assessedUnits(rubric, data.units);
  // a monthly assessment's period is a month; a yearly one's is the year, and its window the year's
  const month = /^\d{4}-\d{2}$/.test(period) ? period : `${period}-12`;
  const before = previousMonthOf(windowSpecOf(a), month);
  const measures = await data.source.compute(planFor(rubric, a), {
    window,
    previous: before ? windowFor(windowSpecOf(a), before) : null,
    asOf,
    units: units.map((u) => u.code),
    evidence,
  });
  const run = new Run(rubric, a, window, asOf, measures, units, factIndex(data.facts), monthly, scoredMonths);
  if (previousUse(rubric, a) !== "none") run.previous = await previousPeriod(rubric, data, a, /^\d{4}-\d{2}$/.test(period) ? period : null, history);
  const results: UnitResult[] = run.units.map((u) => {
    const { items, total, warnings } = u.assess(a);
    const itemWarnings = items.flatMap((i) => i.warnings);
    return {
      unit: { code: u.unit.code, name: u.unit.name, category: u.unit.category },
      group: u.groupName,
      score: total,
      published: total === null ? null : roundHalfUp(total, rubric.ranking.decimals),
      rank: null,
      overallRank: null,
      ranked: false,
      volume: rubric.ranking.volume ? (u.measure(rubric.ranking.volume) ?? 0) : 0,
      band: null,
      vetoes: [],
      sanctions: [],
      items,
      indicators: u.indicators(a),
      warnings: [...new Set([...warnings, ...itemWarnings, ...undeclaredSources(run, u)])],
    };
  });
  bandsAndVetoes(run, a, results);
  rank(run, results);
  sanctions(run, a, results);
  const groupOrder = groupsInOrderWritten(rubric, a.schedule);
  results.sort(
    (x, y) =>
      (groupOrder.get(x.group) ?? groupOrder.size) - (groupOrder.get(y.group) ?? groupOrder.size) ||
      zhCollator.compare(x.group, y.group) ||
      (x.rank ?? Number.MAX_SAFE_INTEGER) - (y.rank ?? Number.MAX_SAFE_INTEGER) ||
      defaultCollator.compare(x.unit.code, y.unit.code),
  );
  return {
    run,
    result: {
      rubric: { name: rubric.header.name, version: rubric.header.version },
      assessment: { name: a.name, label: a.label, schedule: a.schedule },
      period,
      window,
      asOf,
      months: scoredMonths,
      decimals: rubric.ranking.decimals,
      units: results,
    },
  };
}

/** The score table's warning about a unit's orders of the period from sources the rubric does not declare (`sources …`). */
function undeclaredSources(run: Run, u: UnitContext): string[] {
  const n = u.measure(UNDECLARED_SOURCES_MEASURE);
  if (!n) return [];
  const ids = run.measures.evidence(u.unit.code, UNDECLARED_SOURCES_MEASURE).slice(0, 3);
  const some = ids.length ? `（如 ${ids.join("、")}${n > ids.length ? " 等" : ""}）` : "";
  const someEn = ids.length ? ` (e.g. ${ids.join(", ")})` : "";
  return [
    `本期受理的工单中有 ${n} 件的来源不在规则声明的工单来源（sources）中${some}，规则中按来源的条件对它们都不成立 / ` +
      `${n} order(s) of the period come from a source the rubric does not declare${someEn}; its conditions on 来源 hold for none of them`,
  ];
}

/** How units are grouped for ranking: a year by `within … for yearly` when the rubric says so, otherwise by `within`. */
function groupingOf(rubric: CompiledRubric, schedule: "monthly" | "yearly"): Pick<A.RankingDecl, "within" | "groups"> {
  const r = rubric.ranking;
  return schedule === "yearly" && r.yearlyWithin ? r.yearlyWithin : r;
}

/** The ranking's groups in the order the rubric writes them: its categories, or its `groups` (then 其他). */
function groupsInOrderWritten(rubric: CompiledRubric, schedule: "monthly" | "yearly"): Map<string, number> {
  const r = groupingOf(rubric, schedule);
  const names = r.within === "category" ? rubric.categories.map((c) => c.name) : r.within === "groups" ? [...r.groups.map((g) => g.name), "其他"] : ["全部"];
  return new Map(names.map((n, i) => [n, i]));
}

function bandsAndVetoes(run: Run, a: A.AssessmentDecl, results: UnitResult[]): void {
  if (a.bands.length === 0) return;
  for (const r of results) {
    const u = run.byCode.get(r.unit.code) as UnitContext;
    const score = r.published;
    for (const b of a.bands) {
      const threshold = b.atLeast ? u.eval(b.atLeast, newTrace()) : null;
      if (b.atLeast === null || (score !== null && typeof threshold === "number" && score >= threshold)) {
        r.band = b.name;
        break;
      }
    }
    for (const v of a.vetoes) {
      if (u.eval(v.condition, newTrace()) === true) {
        r.vetoes.push(v.label);
        r.band = v.band ?? a.bands[a.bands.length - 1]?.name ?? null;
      }
    }
  }
}

/** Rank within each group: published score, then the rubric's keys; equal units share a rank (1, 2, 2, 4). */
function rank(run: Run, results: UnitResult[]): void {
  const ranking = run.rubric.ranking;
  const keys = ranking.orderBy.length ? ranking.orderBy : [{ key: "score", descending: true, range: ranking.range }];
  const keyValue = (r: UnitResult, key: string): number => {
    if (key === "score") return r.published ?? Number.NEGATIVE_INFINITY;
    if (key === "volume") return r.volume;
    const v = (run.byCode.get(r.unit.code) as UnitContext).name(key, newTrace());
    return typeof v === "number" ? v : Number.NEGATIVE_INFINITY;
  };
  // `minimum volume 10 for 县直部门` before the plain `minimum volume N`; a group's name counts as well as a category's
  const minimumOf = (r: UnitResult): number | null =>
    ranking.minimumVolumes.find((m) => m.for.includes(r.unit.category) || m.for.includes(r.group))?.volume ?? ranking.minimumVolume;
  const groups = new Map<string, UnitResult[]>();
  const all: UnitResult[] = [];
  for (const r of results) {
    const minimum = minimumOf(r);
    r.ranked = r.published !== null && (minimum === null || r.volume >= minimum);
    if (!r.ranked) continue;
    all.push(r);
    const g = groups.get(r.group) ?? [];
    g.push(r);
    groups.set(r.group, g);
  }
  const vectors = new Map(all.map((r) => [r, keys.map((k) => keyValue(r, k.key))]));
  const compare = (x: UnitResult, y: UnitResult) => {
    const vx = vectors.get(x) as number[];
    const vy = vectors.get(y) as number[];
    for (let i = 0; i < keys.length; i++) {
      const d = (vy[i] as number) - (vx[i] as number);
      if (d !== 0) return (keys[i] as A.OrderKey).descending ? d : -d;
    }
    return 0;
  };
  const rankIn = (members: UnitResult[], set: (r: UnitResult, rank: number) => void, get: (r: UnitResult) => number) => {
    members.sort((x, y) => compare(x, y) || defaultCollator.compare(x.unit.code, y.unit.code));
    members.forEach((r, i) => {
      const prev = members[i - 1];
      set(r, ranking.ties === "share" && prev && compare(prev, r) === 0 ? get(prev) : i + 1);
    });
  };
  for (const members of groups.values())
    rankIn(
      members,
      (r, n) => {
        r.rank = n;
      },
      (r) => r.rank as number,
    );
  rankIn(
    all,
    (r, n) => {
      r.overallRank = n;
    },
    (r) => r.overallRank as number,
  );
}

/** The values known after ranking (得分, 名次, 倒数名次 …), per unit, by their English keys. */
function rankedValues(results: readonly UnitResult[]): Map<string, Record<string, Val>> {
  const groupSizes = new Map<string, number>();
  for (const r of results) if (r.ranked) groupSizes.set(r.group, (groupSizes.get(r.group) ?? 0) + 1);
  const overallSize = results.filter((r) => r.ranked).length;
  const out = new Map<string, Record<string, Val>>();
  for (const r of results) {
    const size = groupSizes.get(r.group) ?? 0;
    out.set(r.unit.code, {
      score: r.published,
      rank: r.rank,
      rankFromBottom: r.rank === null ? null : size - r.rank + 1,
      groupSize: size,
      band: r.band,
      overallRank: r.overallRank,
      overallRankFromBottom: r.overallRank === null ? null : overallSize - r.overallRank + 1,
      overallSize,
    });
  }
  return out;
}

function sanctions(run: Run, a: A.AssessmentDecl, results: UnitResult[]): void {
  if (a.sanctions.length === 0) return;
  const specs = specsByName(run.rubric.plan);
  const values = rankedValues(results);
  for (const r of results) {
    const u = run.byCode.get(r.unit.code) as UnitContext;
    u.ranked = values.get(r.unit.code) ?? null;
    for (const s of a.sanctions) {
      if (u.eval(s.condition, newTrace()) !== true) continue;
      const because = measuresReadBy(run.rubric, s.condition).map((m) => ({
        measure: m,
        label: specs.get(m)?.label ?? null,
        value: u.measure(m),
      }));
      r.sanctions.push({ name: s.name, label: s.label, because });
    }
  }
}

const measuresReadCache = new WeakMap<A.Expr, string[]>();
/** `measuresRead`, once per expression (a rubric's expressions belong to it alone). */
function measuresReadBy(rubric: CompiledRubric, e: A.Expr): readonly string[] {
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

function assertInForce(rubric: CompiledRubric, month: Month): void {
  if (!inForce(rubric, month)) {
    const span = `${rubric.header.from}${rubric.header.until ? ` 至 ${rubric.header.until}` : " 起"}`;
    throw new ScoringError(
      `规则“${rubric.header.name}”（${rubric.header.version}）施行期间为 ${span}，不适用于 ${month}`,
      `rubric ${rubric.header.version} is not in force in ${month}`,
    );
  }
}

/** The window and default assessment time of the ranked assessment for a month ("2017-10") or a year ("2017"). */
export function periodWindow(
  rubric: CompiledRubric,
  period: string,
  /** another assessment of the period's kind than the ranked one (a quarterly ranking beside the monthly) */
  assessment?: string,
): { window: Window; asOf: number; assessment: A.AssessmentDecl; previous: Window | null } {
  const yearly = /^\d{4}$/.test(period);
  const a = rankedAssessment(rubric, yearly ? "yearly" : "monthly", assessment);
  const spec = windowSpecOf(a);
  const month = yearly ? `${period}-12` : period;
  const window = windowFor(spec, month);
  // the window `in previous period` reads (a drill-down into last month's orders passes it on)
  const before = previousMonthOf(spec, month);
  return { window, asOf: defaultAsOf(rubric, window), assessment: a, previous: before ? windowFor(spec, before) : null };
}

/** Score and rank one month with the rubric's monthly assessment. */
export async function scoreMonth(rubric: CompiledRubric, data: ScoringData, month: Month, options: ScoreOptions = {}): Promise<AssessmentResult> {
  parseMonth(month);
  assertInForce(rubric, month);
  const a = rankedAssessment(rubric, "monthly", options.assessment);
  const window = windowFor(a.window ?? { window: "month", startDay: 1 }, month);
  const asOf = options.asOf ?? defaultAsOf(rubric, window);
  return runAssessment(rubric, data, a, window, asOf, options.evidence ?? true, new Map(), [], month);
}

/**
 * Score and rank a year with the rubric's yearly assessment. Monthly
 * assessments it averages are scored for every month of the year that the
 * rubric is in force and whose data holds at least one order (volume) of
 * any unit; their published (rounded) scores are averaged.
 */
export async function scoreYear(rubric: CompiledRubric, data: ScoringData, year: number, options: ScoreOptions = {}): Promise<AssessmentResult> {
  const a = rankedAssessment(rubric, "yearly", options.assessment);
  const months = monthsOf(year).filter((m) => inForce(rubric, m));
  if (months.length === 0) {
    throw new ScoringError(`规则“${rubric.header.name}”在 ${year} 年不施行`, `rubric ${rubric.header.version} is not in force in ${year}`);
  }
  const usedMonthly = new Set<string>();
  const collect = (e: A.Expr | null): void => {
    if (!e) return;
    if (e.kind === "call" && e.callee === "mean" && e.args[0]?.value.kind === "name") usedMonthly.add(e.args[0].value.name);
    for (const c of A.childrenOf(e)) collect(c);
  };
  const visit = (x: A.AssessmentDecl) => {
    collect(x.total);
    collect(x.rescaleTo);
    for (const p of x.parts)
      for (const i of A.itemsOf(p))
        for (const x of [i.formula, i.base, i.weight, i.atLeast, ...i.adjustments.flatMap((j) => [j.amount, j.condition])]) collect(x);
  };
  for (const x of rubric.assessments.values()) if (x.schedule === "yearly") visit(x);

  const monthly = new Map<string, Map<string, number[]>>();
  const scored: Month[] = [];
  const history: History = new Map();
  const sameWindow = new Map<string, AssessmentResult>();
  for (const m of months) {
    const results: AssessmentResult[] = [];
    for (const name of usedMonthly) {
      const ma = rubric.assessments.get(name) as A.AssessmentDecl;
      const window = windowFor(ma.window ?? { window: "month", startDay: 1 }, m);
      const asOf = options.asOf ?? defaultAsOf(rubric, window);
      // a quarter (or a year to date ending the same day) is scored once, not once per month
      const key = `${name}|${window.start}|${window.end}|${asOf}`;
      let result = sameWindow.get(key);
      if (!result) {
        result = await runAssessment(rubric, data, ma, window, asOf, false, new Map(), [], m, history);
        sameWindow.set(key, result);
      }
      results.push(result);
    }
    const anyVolume = !rubric.ranking.volume || results.some((r) => r.units.some((u) => u.volume > 0));
    if (!anyVolume) continue;
    scored.push(m);
    results.forEach((r, i) => {
      const name = [...usedMonthly][i] as string;
      const byUnit = monthly.get(name) ?? new Map<string, number[]>();
      for (const u of r.units) if (u.published !== null) byUnit.set(u.unit.code, [...(byUnit.get(u.unit.code) ?? []), u.published]);
      monthly.set(name, byUnit);
    });
  }
  const window = windowFor(a.window ?? { window: "year", startDay: 1 }, `${year}-12`);
  const asOf = options.asOf ?? defaultAsOf(rubric, window);
  return runAssessment(rubric, data, a, window, asOf, options.evidence ?? true, monthly, scored, String(year));
}

export { addMonths, monthStart };

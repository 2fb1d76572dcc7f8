/**
 * The unit-level interpreter: an expression's value for one unit in one run — names (measures, facts, rates,
 * values, items, assessments, 得分 and 名次 after ranking), operators, and calls of the built-in functions
 * through their registry entries (`evaluate`, with the hooks this file supplies: the unit's group, the period
 * before, the year's months, the explanation's reasons). An item's or an assessment's points are the scorer's
 * (items.ts), which extends this class. A value may be NOT_APPLICABLE ("not applicable": an item limited to other
 * categories …), which is not missing (null); the built-in functions' entries return it too.
 */
import type { Unit } from "@kaohe/data";
import * as A from "@kaohe/rules-dsl";
import { NOT_APPLICABLE, type Value } from "@kaohe/rules-dsl";
import { isMonth } from "@kaohe/time";
import { ScoringError } from "./errors.ts";
import { formatValue } from "./explain.ts";
import { dateLiteral, H } from "./measures/record-js.ts";
import { itemIndex, sectionOf } from "./rubric-index.ts";
import type { AssessmentRun } from "./run.ts";
import { newTrace, type Trace } from "./trace.ts";

/** A missing fact's value as taken, in a sentence: 按“是”计, 按 0 计. */
const takenAs = (v: Value): string => (typeof v === "boolean" ? `“${formatValue(v)}”` : ` ${formatValue(v)} `);

export abstract class UnitEvaluator {
  /** rates' and values' results for this unit, by declaration */
  private readonly memo = new Map<A.RateDecl | A.ValueDecl, { value: Value; trace: Trace }>();
  /** the rates, values and facts being computed: one met again is a cycle the checker let through */
  private readonly computing = new Set<A.RateDecl | A.ValueDecl | A.FactDecl>();
  private knownGroup: string | null = null;
  /** after ranking, for sanctions: 得分, 名次 … by their English keys (rank.ts) */
  ranked: Record<string, Value> | null = null;

  constructor(
    readonly run: AssessmentRun,
    readonly unit: Unit,
  ) {}

  get groupName(): string {
    this.knownGroup ??= this.run.group(this);
    return this.knownGroup;
  }

  measure(name: string): number | null {
    return this.run.measures.value(this.unit.code, name);
  }

  eval(e: A.Expr, t: Trace): Value {
    switch (e.kind) {
      case "number":
        return e.value;
      case "string":
        return e.value;
      case "bool":
        return e.value;
      case "notApplicable":
        return NOT_APPLICABLE;
      case "date":
        return dateLiteral(e.text);
      case "name":
        return this.name(e.name, t);
      case "unary": {
        const v = this.eval(e.operand, t);
        if (e.op === "not") return v === NOT_APPLICABLE ? NOT_APPLICABLE : v !== true;
        return v === NOT_APPLICABLE ? NOT_APPLICABLE : H.neg(v as number | null);
      }
      case "isMissing": {
        const v = this.eval(e.operand, t);
        return (v === null) !== e.negated;
      }
      case "inList": {
        const v = this.eval(e.operand, t);
        return H.inList(
          v === NOT_APPLICABLE ? null : v,
          e.items.map((i) => this.eval(i, t)).map((x) => (x === NOT_APPLICABLE ? null : x)),
          e.negated,
        );
      }
      case "inPeriod":
      case "inPreviousPeriod":
        return false;
      case "if": {
        const c = this.eval(e.test, t);
        if (c === NOT_APPLICABLE) return NOT_APPLICABLE;
        return c === true ? this.eval(e.whenTrue, t) : this.eval(e.whenFalse, t);
      }
      case "binary":
        return this.binary(e, t);
      case "call":
        return this.call(e, t);
    }
  }

  private binary(e: A.Binary, t: Trace): Value {
    const l = this.eval(e.left, t);
    if (e.op === "and" && l === false) return false;
    if (e.op === "or" && l === true) return true;
    const r = this.eval(e.right, t);
    // a missing value and "not applicable" are both replaced by the right-hand side
    if (e.op === "??") return l === null || l === NOT_APPLICABLE ? r : l;
    if (l === NOT_APPLICABLE || r === NOT_APPLICABLE) return NOT_APPLICABLE;
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
          return NOT_APPLICABLE;
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
  private call(e: A.Call, t: Trace): Value {
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
        allValues: (x) => this.run.all().map((p) => p.eval(x, p === this ? t : newTrace())),
        previous: (name) => this.previousValue(name, t),
        monthlyScores: (name) => {
          t.names.add(`mean:${name}`);
          return (this.run.monthly.get(name)?.get(this.unit.code) ?? []).flatMap((m) => (typeof m.ranked.score === "number" ? [m.ranked.score] : []));
        },
        monthlyResults: (name) => this.run.monthly.get(name)?.get(this.unit.code) ?? [],
        evalRanked: (x, ranked) => {
          const own = this.ranked;
          this.ranked = ranked;
          try {
            return this.eval(x, t);
          } finally {
            this.ranked = own;
          }
        },
      });
    }
    const values = positional.map((a) => this.eval(a, t));
    if (values.includes(NOT_APPLICABLE)) return NOT_APPLICABLE;
    return f?.apply ? f.apply(...(values as (number | null)[])) : NOT_APPLICABLE;
  }

  /**
   * `previous(名称)`: the value the name had for this unit in the period before; missing (with the reason) when
   * there is no period before under this rubric version.
   */
  previousValue(name: string, t: Trace): Value {
    t.names.add(`previous:${name}`);
    const p = this.run.previous;
    if (!p || p.none !== null || !p.run) {
      t.reason(p?.none ?? "无上期");
      return null;
    }
    const isRanked = A.findField(A.rankedBuiltins, name) && !this.run.rubric.symbols.global.has(name) && !itemIndex(this.run.assessment).has(name);
    // a unit set up this period (起始月份) was in no result of the period before
    const absent = !p.run.byCode.has(this.unit.code);
    if (absent) t.reason(`上期（${p.label ?? "上一考核期"}）该单位未参加考核`);
    if (isRanked) {
      const values = p.ranked?.get(this.unit.code);
      const key = (A.findField(A.rankedBuiltins, name) as A.BuiltinField).key;
      return values ? ((values[key] as Value) ?? null) : null;
    }
    const before = p.run.byCode.get(this.unit.code);
    if (!before) return null;
    return before.name(name, newTrace());
  }

  name(name: string, t: Trace): Value {
    if (this.ranked) {
      if (name in this.ranked) return this.ranked[name] as Value;
      const rankedField = A.findField(A.rankedBuiltins, name);
      if (rankedField) return this.ranked[rankedField.key] as Value;
    }
    const item = itemIndex(this.run.assessment).get(name);
    if (item) {
      t.names.add(`item:${name}`);
      // an item (or its section) limited to other categories does not apply to this unit: not 0, not its full marks
      const section = sectionOf(this.run.assessment, item);
      if (!this.applies(item.categories) || (section && !this.applies(section.categories))) return NOT_APPLICABLE;
      return this.itemPoints(item) ?? NOT_APPLICABLE;
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
        const decl = sym.decl;
        return this.remember(
          decl,
          t,
          this.once(decl, () => this.eval(decl.expr, trace)),
          trace,
        );
      }
      case "assessment": {
        t.names.add(`assessment:${name}`);
        const v = this.assessmentScore(sym.decl, t);
        return v === null ? NOT_APPLICABLE : v;
      }
      default:
        return null;
    }
  }

  /** A unit-level value (a rate's, a value's) computed before, replaying what it traced into the caller's trace; undefined if not yet. */
  private recall(decl: A.RateDecl | A.ValueDecl, t: Trace): Value | undefined {
    const known = this.memo.get(decl);
    if (!known) return undefined;
    t.absorb(known.trace);
    return known.value;
  }

  /** Keep a unit-level value with what computing it traced, and replay that into the caller's trace. */
  private remember(decl: A.RateDecl | A.ValueDecl, t: Trace, value: Value, trace: Trace): Value {
    this.memo.set(decl, { value, trace });
    t.absorb(trace);
    return value;
  }

  private rate(d: A.RateDecl, t: Trace): Value {
    t.names.add(d.name);
    const known = this.recall(d, t);
    if (known !== undefined) return known;
    const trace = newTrace();
    return this.remember(
      d,
      t,
      this.once(d, () => this.rateValue(d, trace)),
      trace,
    );
  }

  /**
   * Computes a rate, value or fact, refusing one that needs itself: the checker rejects such a rubric (KH236), and
   * should one get through, scoring fails saying which definition, not with a stack overflow.
   */
  private once<T>(d: A.RateDecl | A.ValueDecl | A.FactDecl, compute: () => T): T {
    if (this.computing.has(d)) {
      throw new ScoringError(
        `无法计分：${d.name} 的定义直接或间接引用了它自己（请用 kaohe check 检查规则文件）`,
        `cannot score: '${d.name}' is defined in terms of itself (run kaohe check on the rubric)`,
      );
    }
    this.computing.add(d);
    try {
      return compute();
    } finally {
      this.computing.delete(d);
    }
  }

  private rateValue(d: A.RateDecl, trace: Trace): Value {
    const den = this.eval(d.denominator, trace);
    if (den === NOT_APPLICABLE) return NOT_APPLICABLE;
    if (den === 0 || den === null) {
      if (d.reason) trace.reason(d.reason);
      if (d.whenZero === null) return NOT_APPLICABLE;
      return this.eval(d.whenZero, trace);
    }
    const num = this.eval(d.numerator, trace);
    if (num === NOT_APPLICABLE) return NOT_APPLICABLE;
    return H.div(num as number, den as number);
  }

  private fact(d: A.FactDecl, t: Trace): Value {
    // the year the scored period belongs to ("2018-01" for a month running 2017-12-26 … 2018-01-25)
    const year = Number(this.run.window.label.slice(0, 4));
    if (d.monthly) return this.monthlyFact(d, year, t);
    const f = this.run.facts.get(`${this.unit.code}|${year}|${d.name}`);
    if (f) return factValue(d, `${year} 年`, f.value, t);
    if (d.whenMissing) {
      const whenMissing = d.whenMissing;
      const v = this.once(d, () => this.eval(whenMissing, t));
      t.warn(`缺少 ${year} 年“${d.label ?? d.name}”的记录，按${takenAs(v)}计 / no ${year} row for fact ${d.name}, taken as ${String(v)}`);
      return v;
    }
    t.warn(`缺少 ${year} 年“${d.label ?? d.name}”的记录 / no ${year} row for fact ${d.name}`);
    return null;
  }

  /** A monthly fact: the row of the scored month (the window's label, "2018-01"); in a window that is not a month, not applicable. */
  private monthlyFact(d: A.FactDecl, year: number, t: Trace): Value {
    const month = this.run.window.label;
    const name = d.label ?? d.name;
    if (!isMonth(month)) {
      t.warn(`“${name}”按月填报，${month} 不是一个月，不适用 / fact ${d.name} is monthly; ${month} is not a month, so it is not applicable`);
      return NOT_APPLICABLE;
    }
    const f = this.run.facts.get(`${this.unit.code}|${year}|${month}|${d.name}`);
    if (f) return factValue(d, `${month} 月`, f.value, t);
    if (d.whenMissing) {
      const whenMissing = d.whenMissing;
      const v = this.once(d, () => this.eval(whenMissing, t));
      t.warn(`缺少 ${month} 月“${name}”的记录，按${takenAs(v)}计 / no ${month} row for fact ${d.name}, taken as ${String(v)}`);
      return v;
    }
    t.warn(`缺少 ${month} 月“${name}”的记录 / no ${month} row for fact ${d.name}`);
    return null;
  }

  applies(categories: string[]): boolean {
    return categories.length === 0 || categories.includes(this.unit.category);
  }

  /** An item's points for this unit (null: not applicable), as the scorer gives them. */
  abstract itemPoints(item: A.ItemDecl): number | null;

  /** An assessment's total for this unit in this run's window, its warnings added to `t`. */
  abstract assessmentScore(a: A.AssessmentDecl, t?: Trace): number | null;
}

/** 1 as yes, 0 as no; null for any other number. */
export const yesNoNumber = (value: number): boolean | null => (value === 1 ? true : value === 0 ? false : null);

/**
 * A stored fact's value as its item's type reads it. One that does not fit (a number for a yes/no item, stored
 * before the rubric declared it so, or 是/否 for a number) is not taken silently: a yes/no item counts it as not
 * met (否), a number item as no value (missing), each with a warning the unit's result shows.
 */
function factValue(d: A.FactDecl, period: string, value: boolean | number, t: Trace): Value {
  const row = `${period}事项“${d.name}”的值“${formatValue(value)}”`;
  // 1 and 0 are yes and no, as a spreadsheet's yes/no cells often are (an import takes them for a yes/no item)
  if (d.type === "yesno" && typeof value === "number" && yesNoNumber(value) !== null) return yesNoNumber(value);
  if (d.type === "yesno" && typeof value !== "boolean") {
    t.warn(`${row}不是 是 或 否，按未满足（否）计 / fact ${d.name} has the value ${String(value)}, not yes or no: taken as not met`);
    return false;
  }
  if (d.type === "number" && typeof value !== "number") {
    t.warn(`${row}不是数字，按没有值计 / fact ${d.name} has the value ${formatValue(value)}, not a number: taken as missing`);
    return null;
  }
  return value;
}

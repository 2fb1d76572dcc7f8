/**
 * Name resolution and type inference, shared by every check (checks/): `Resolver.typeOf` gives an expression's
 * type in a scope and reports what is wrong with it on the way (unknown names, a value at the wrong level, type
 * mismatches, a definition that refers to itself); `used` collects the names referred to, for the unused check.
 */
import type * as A from "./ast.ts";
import { findItem, isValidDate, itemExprs, itemsOf, noSuchDate, windowKey } from "./ast-utils.ts";
import { openFieldNamed, type RecordText } from "./data-values.ts";
import { Codes, type DiagnosticCode, type Severity } from "./diagnostics.ts";
import { type BuiltinFunction, type CheckCall, findFunction, functions } from "./functions/index.ts";
import { printExpr, quote } from "./print-expr.ts";
import { chineseNumeral, closest, eventCountDeclaration, guessed, suggest, suggestEn } from "./suggest.ts";
import {
  buildSymbols,
  eventFields,
  findField,
  orderFields,
  rankedBuiltins,
  recordBuiltins,
  type Symbol as Sym,
  type SymbolTable,
  unitBuiltins,
  type ValueType,
} from "./symbols.ts";
import { type KeywordLanguage, spell } from "./tokens.ts";

export type Accept = (severity: Severity, code: DiagnosticCode, message: string, messageEn: string, range: A.Range) => void;

/** Where an expression is evaluated. */
export interface Scope {
  level: "orders" | "events" | "unit";
  /** the assessment whose items are in scope */
  assessment?: A.AssessmentDecl;
  /** ranked values (名次, 等次 …) are in scope: sanctions */
  ranked?: boolean;
  /** the name is the left side of `??` (a value for "not applicable" is given) */
  coalesced?: boolean;
  /** the name is compared with a text (`诉求类型 = 投诉`): an unknown one was probably meant as a text in quotes */
  comparedWithText?: boolean;
}

const typeZh: Record<ValueType, string> = { number: "数值", bool: "是/否", datetime: "时间", text: "文字", any: "任意" };
/** How an attribute of each wanted type is declared (`attribute 签收时间 "签收时间" datetime`). */
const attributeTypeWord = { number: "number", bool: "yesno", datetime: "datetime", text: "text" } as const;

/**
 * Words a policy officer writes for a function that has another name (平均 for mean, 求和 for 组内合计): what each
 * may have meant, in Chinese and English. A spelling guess finds none of them (平均 is two edits from 组内平均).
 */
const FUNCTION_WORDS: Readonly<Record<string, readonly [string, string]>> = (() => {
  const mean = ["mean（本考核各月得分的平均）、组内平均 或 全体平均", "mean (the months' average), group_mean or overall_mean"] as const;
  const sum = ["组内合计 或 全体合计（单位自己的记录求和写 measure … = sum …）", "group_sum or overall_sum (a unit's own records: measure … = sum …)"] as const;
  const round = ["四舍五入（round）、向上取整 或 向下取整", "round, ceil or floor"] as const;
  return {
    平均: mean,
    平均值: mean,
    平均数: mean,
    求和: sum,
    合计: sum,
    总和: sum,
    名次: ["组内名次", "group_rank"],
    取整: round,
    最大: ["最大值（max）", "max"],
    最小: ["最小值（min）", "min"],
    占比: ["占本组合计比例（share）", "share"],
  };
})();

export class Resolver {
  readonly symbols: SymbolTable;
  /** names referred to somewhere, for the unused-declaration check */
  readonly used = new Set<string>();
  /** texts compared with a record's column of open values, to be checked against the data (data-values.ts), each once */
  readonly recordTexts: RecordText[] = [];
  private readonly recordTextsAt = new Set<number>();
  /** a name read in an order's or an event's scope: the declaration it was read as (an attribute of the same name may be declared on both) */
  private readonly recordSymbols = new WeakMap<A.NameRef, Sym>();
  private readonly inferring = new Set<string>();
  private readonly inferred = new Map<string, ValueType>();
  /** the names known in each kind of scope, by the assessment in scope (see `knownNames`), and the guesses made among them */
  private readonly known = new Map<A.AssessmentDecl | null, Map<string, string[]>>();
  private readonly guesses = new Map<string[], Map<string, string | undefined>>();
  /** the values of 来源 the rubric declares (`sources …`), or null: any value */
  private readonly sources: string[] | null;

  constructor(
    readonly rubric: A.Rubric,
    private readonly accept: Accept,
    /** the keywords the file is written in: what a message says to write is written in them */
    private readonly language: KeywordLanguage = "en",
  ) {
    this.symbols = buildSymbols(rubric);
    const declared = rubric.declarations.filter((d): d is A.SourcesDecl => d.kind === "sources");
    this.sources = declared.length > 0 ? declared.flatMap((d) => d.values.map((v) => v.value)) : null;
  }

  /** `来源 = "…"`, `来源 in […]`: each text compared with 来源 must be a declared source, when the rubric declares them. */
  private checkSources(operand: A.Expr, values: A.Expr[], scope: Scope): void {
    const sources = this.sources;
    if (!sources || scope.level !== "orders" || operand.kind !== "name") return;
    if (this.symbols.orderScope.has(operand.name) || findField(orderFields, operand.name)?.key !== "source") return;
    for (const v of values) {
      if (v.kind !== "string" || sources.includes(v.value)) continue;
      this.accept(
        "error",
        Codes.UnknownSource,
        `来源“${v.value}”不在规则文件声明的工单来源（sources）中${suggest(v.value, sources)}：声明的有 ${sources.join("、")}`,
        `source '${v.value}' is not one the rubric declares${suggestEn(v.value, sources)}: the declared sources are ${sources.join(", ")}`,
        v.range,
      );
    }
  }

  /**
   * `事件类型 = "媒体暴光"`: each text compared with 事件类型 must be an event type the rubric declares (`event …`). A
   * misspelt one counted none (a veto never applied); one spelt like a declared type is an error, another a warning
   * (the rubric may count events it gives no points of its own, but their import is told of as not scored).
   */
  private checkEventTypes(operand: A.Expr, values: A.Expr[], scope: Scope): void {
    if (scope.level !== "events" || operand.kind !== "name") return;
    if (this.symbols.eventScope.has(operand.name) || findField(eventFields, operand.name)?.key !== "type") return;
    const declared = this.eventTypes();
    for (const v of values) {
      if (v.kind !== "string") continue;
      // a declared type written in quotes is a use of it as much as its name
      if (declared.includes(v.value)) {
        this.used.add(v.value);
        continue;
      }
      // the type it was meant for counts as used: its KH241 would be a second report of the same mistake
      const intended = closest(v.value, declared);
      if (intended !== undefined) this.used.add(intended);
      const meant = intended === undefined ? "" : `（是否想写 ${intended}？）`;
      const event = spell("event", this.language);
      this.accept(
        meant ? "error" : "warning",
        Codes.UnknownEventType,
        meant
          ? `事件类型“${v.value}”不是规则文件声明的考核事件（${event}）${meant}：写错的类型一次也数不到`
          : `事件类型“${v.value}”不是规则文件声明的考核事件（${event}）：导入时这类事件会提示“规则未定义，不计分”；请用 ${event} 声明它${declared.length > 0 ? `，或改为已声明的类型（${declared.slice(0, 8).join("、")}${declared.length > 8 ? " 等" : ""}）` : ""}`,
        meant
          ? `event type '${v.value}' is not one the rubric declares (event) (did you mean '${intended}'?): a misspelt type counts none`
          : `event type '${v.value}' is not one the rubric declares: declare it with event, or use a declared type`,
        v.range,
      );
    }
  }

  /** The event types the rubric declares, in the order written (listed once, on the first comparison that asks). */
  private declaredEventTypes: string[] | undefined;
  private eventTypes(): string[] {
    this.declaredEventTypes ??= this.rubric.declarations.flatMap((d) => (d.kind === "event" ? [d.name] : []));
    return this.declaredEventTypes;
  }

  /** `结果满意度 in ["满意", "基本满意"]`: a text compared with a field of fixed values that is none of them never matches. */
  private checkFieldValues(operand: A.Expr, values: A.Expr[], scope: Scope, negated: boolean): void {
    if (scope.level !== "orders" || operand.kind !== "name" || this.symbols.orderScope.has(operand.name)) return;
    const allowed = findField(orderFields, operand.name)?.values;
    if (!allowed) return;
    for (const v of values) {
      if (v.kind !== "string" || allowed.includes(v.value)) continue;
      this.accept(
        "warning",
        Codes.UnknownFieldValue,
        `${operand.name}只有 ${allowed.join("、")} 这几种值，“${v.value}”不是其中之一，这个比较${negated ? "总是成立" : "永远不成立"}${suggest(v.value, allowed)}`,
        `${operand.name} holds only ${allowed.join(", ")}: '${v.value}' is none of them, so the comparison is always ${negated ? "true" : "false"}${suggestEn(v.value, allowed)}`,
        v.range,
      );
    }
  }

  /**
   * `诉求类型 = "咨询"`, `回访评价 in ["满意", "基本满意"]`, `levels(回访评价, 满意: 1)`: a text compared with a column of
   * open values (a built-in one, or an attribute the rubric declares as text) is kept, to be checked against the data.
   */
  private noteRecordTexts(
    operand: A.Expr | undefined,
    texts: { text: string; range: A.Range }[],
    scope: Scope,
    negated: boolean,
    level: boolean,
    listed = false,
  ): void {
    if (scope.level === "unit" || operand?.kind !== "name" || !operand.name) return;
    const record = scope.level;
    const local = (record === "orders" ? this.symbols.orderScope : this.symbols.eventScope).get(operand.name);
    let column: RecordText["column"];
    if (local) {
      if (local.kind !== "attribute" || local.decl.type !== "text") return;
      column = { record, attribute: local.decl.name, label: local.decl.label };
    } else {
      const field = openFieldNamed(record, operand.name);
      if (!field) return;
      column = { record, field: field.key };
    }
    for (const t of texts) {
      if (this.recordTextsAt.has(t.range.start.offset)) continue;
      this.recordTextsAt.add(t.range.start.offset);
      this.recordTexts.push({ column, name: operand.name, text: t.text, range: t.range, negated, level, ...(listed ? { listed } : {}) });
    }
  }

  /** The texts among compared values. */
  private static texts(values: A.Expr[]): { text: string; range: A.Range }[] {
    return values.flatMap((v) => (v.kind === "string" ? [{ text: v.value, range: v.range }] : []));
  }

  /**
   * `levels(结果满意度, 满意: 1, 基本满义: 0.6)`: a level named by a value the field never holds is never looked up, so
   * the orders rated so score 0 there, as a comparison with that text never holds (the three-level satisfaction rate
   * of another county: its 基本满意 orders counted 0 and nothing said so).
   */
  private checkLevelNames(e: A.Call, scope: Scope): void {
    const operand = e.args.find((a) => a.name === null)?.value;
    if (e.callee === "levels")
      this.noteRecordTexts(
        operand,
        e.args.flatMap((a) => (a.name === null ? [] : [{ text: a.name, range: a.range }])),
        scope,
        false,
        true,
      );
    if (e.callee !== "levels" || scope.level !== "orders" || operand?.kind !== "name" || this.symbols.orderScope.has(operand.name)) return;
    const allowed = findField(orderFields, operand.name)?.values;
    if (!allowed) return;
    for (const a of e.args) {
      if (a.name === null || allowed.includes(a.name)) continue;
      this.accept(
        "warning",
        Codes.UnknownFieldValue,
        `${operand.name}只有 ${allowed.join("、")} 这几种值，levels 中的“${a.name}”不是其中之一，这一档永远用不上（levels 中没有写的值按 0 计）${suggest(a.name, allowed)}`,
        `${operand.name} holds only ${allowed.join(", ")}: the level '${a.name}' is none of them and never applies (a value levels does not name counts 0)${suggestEn(a.name, allowed)}`,
        a.range,
      );
    }
  }

  /** The type of an expression in a scope; reports what is wrong with it. */
  typeOf(e: A.Expr, scope: Scope): ValueType {
    switch (e.kind) {
      case "number":
        return "number";
      case "string":
        return "text";
      case "bool":
        return "bool";
      case "notApplicable":
        // a unit's value only: a record is counted or not
        if (scope.level !== "unit")
          this.wrongLevel(
            e,
            "不适用 只能用于单位层面的计算（考核项、数值、总分），不能用于单条工单或事件：不计入的工单在 where 条件中排除",
            "'not applicable' is a unit's value (an item, a value, a total), not a record's: leave records out with where",
          );
        return "any";
      case "date":
        if (!isValidDate(e.text)) {
          const [year, month, day] = e.text.split("-").map(Number);
          const why = noSuchDate(year ?? 0, month ?? Number.NaN, day ?? null);
          this.accept(
            "error",
            Codes.InvalidPeriod,
            `日期 ${e.text} 不存在${why ? `：${why[0]}` : ""}`,
            `no such date ${e.text}${why ? `: ${why[1]}` : ""}`,
            e.range,
          );
        }
        return "datetime";
      case "name":
        return this.nameType(e, scope);
      case "unary": {
        const t = this.typeOf(e.operand, scope);
        this.expect(e.operand, t, e.op === "not" ? "bool" : "number");
        return e.op === "not" ? "bool" : "number";
      }
      case "isMissing":
        this.typeOf(e.operand, scope);
        return "bool";
      case "inPeriod": {
        if (scope.level === "unit") this.wrongLevel(e, "in period 只能用于工单或事件的时间字段", "'in period' applies to a record's date field");
        this.expect(e.operand, this.typeOf(e.operand, scope), "datetime");
        return "bool";
      }
      case "inPreviousPeriod": {
        if (scope.level === "unit")
          this.wrongLevel(
            e,
            "in previous period 只能用于工单或事件的时间字段；单位上期的数值请写 previous(名称)",
            "'in previous period' applies to a record's date field; for a unit's value of the previous period write previous(name)",
          );
        this.expect(e.operand, this.typeOf(e.operand, scope), "datetime");
        return "bool";
      }
      case "inList": {
        const t = this.typeOf(e.operand, scope);
        for (const item of e.items) this.compatible(item, t, this.typeOf(item, t === "text" ? { ...scope, comparedWithText: true } : scope));
        this.checkSources(e.operand, e.items, scope);
        this.checkEventTypes(e.operand, e.items, scope);
        this.checkFieldValues(e.operand, e.items, scope, e.negated);
        this.noteRecordTexts(e.operand, Resolver.texts(e.items), scope, e.negated, false, e.items.length > 1);
        return "bool";
      }
      case "if": {
        this.expect(e.test, this.typeOf(e.test, scope), "bool");
        const a = this.typeOf(e.whenTrue, scope);
        const b = this.typeOf(e.whenFalse, scope);
        this.compatible(e.whenFalse, a, b);
        return a === "any" ? b : a;
      }
      case "binary":
        return this.binaryType(e, scope);
      case "call":
        this.checkLevelNames(e, scope);
        return this.callType(e, scope);
    }
  }

  private binaryType(e: A.Binary, scope: Scope): ValueType {
    const l = this.typeOf(e.left, e.op === "??" && e.left.kind === "name" ? { ...scope, coalesced: true } : scope);
    const r = this.typeOf(e.right, l === "text" && (e.op === "=" || e.op === "!=") ? { ...scope, comparedWithText: true } : scope);
    switch (e.op) {
      case "and":
      case "or": {
        // `结果满意度 = "满意" 或 "基本满意"`: one of several texts is a list
        // (`已回访 且 结果满意度 = "满意" 或 "基本满意"`: the comparison is the last one before 或)
        let comparison: A.Expr = e.left;
        while (comparison.kind === "binary" && (comparison.op === "and" || comparison.op === "or")) comparison = comparison.right;
        if (
          e.op === "or" &&
          e.right.kind === "string" &&
          comparison.kind === "binary" &&
          comparison.op === "=" &&
          comparison.left.kind === "name" &&
          comparison.right.kind === "string"
        ) {
          const texts = `["${comparison.right.value}", "${e.right.value}"]`;
          this.accept(
            "error",
            Codes.TypeMismatch,
            `“或”的两边各是一个条件，"${e.right.value}" 不是：几种文字之一写作 ${comparison.left.name} 属于 ${texts}`,
            `each side of 'or' is a condition, and "${e.right.value}" is not: one of several texts is ${comparison.left.name} in ${texts}`,
            e.right.range,
          );
          this.expect(e.left, l, "bool");
          return "bool";
        }
        this.expect(e.left, l, "bool");
        this.expect(e.right, r, "bool");
        return "bool";
      }
      case "+":
      case "-":
      case "×":
      case "/":
        if (e.op === "-" && l === "datetime" && r === "datetime") {
          // `签收时间 - 受理时间`: the time between two moments is a function of them, in hours or days
          const named = (x: A.Expr, otherwise: string) => (x.kind === "name" ? x.name : otherwise);
          const [from, to] = [named(e.right, "起"), named(e.left, "止")];
          this.accept(
            "error",
            Codes.TypeMismatch,
            `两个时间不能直接相减：相差的小时数写作 hours(${from}, ${to})，天数写作 days(${from}, ${to})，工作日数写作 workdays(${from}, ${to})`,
            `two times cannot be subtracted: the hours between them are hours(${from}, ${to}), the days days(${from}, ${to}), the working days workdays(${from}, ${to})`,
            e.range,
          );
          return "number";
        }
        this.expect(e.left, l, "number");
        this.expect(e.right, r, "number");
        if (e.op === "/" && e.right.kind === "number" && e.right.value === 0)
          this.accept(
            "error",
            Codes.DivisionByZero,
            `除数是 ${e.right.text}：结果总是缺失，各单位都不能计分；请改为非零的数`,
            `division by ${e.right.text}: the value is always missing and no unit can be scored; divide by a number that is not zero`,
            e.right.range,
          );
        return "number";
      case "??":
        this.compatible(e.right, l, r);
        return l === "any" ? r : l;
      case "<":
      case "<=":
      case ">":
      case ">=":
        if (this.eventTypeCompared(e, l, r, scope)) return "bool";
        if (l === "bool" || l === "text") this.mismatch(e.left, l, "数值或时间", "number or date");
        this.compatible(e.right, l, r);
        return "bool";
      default:
        if (this.eventTypeCompared(e, l, r, scope)) return "bool";
        this.compatible(e.right, l, r);
        this.checkSources(e.left, [e.right], scope);
        this.checkSources(e.right, [e.left], scope);
        this.checkEventTypes(e.left, [e.right], scope);
        this.checkEventTypes(e.right, [e.left], scope);
        this.checkFieldValues(e.left, [e.right], scope, e.op === "!=");
        this.checkFieldValues(e.right, [e.left], scope, e.op === "!=");
        this.noteRecordTexts(e.left, Resolver.texts([e.right]), scope, e.op === "!=", false);
        this.noteRecordTexts(e.right, Resolver.texts([e.left]), scope, e.op === "!=", false);
        return "bool";
    }
  }

  /** A call of a built-in function: where it is and its arguments' count here, the rest by its entry (functions/). */
  private callType(e: A.Call, scope: Scope): ValueType {
    const spec = findFunction(e.callee);
    const positional = e.args.filter((a) => a.name === null);
    const named = e.args.filter((a) => a.name !== null);
    if (!spec) {
      // an assessment named to a function that is not one (平均(月度考核) for mean) is no reference of its own: its
      // window's difference (KH237) was said beside the unknown function, a second report of the same mistake
      for (const a of e.args) if (!(a.value.kind === "name" && this.symbols.global.get(a.value.name)?.kind === "assessment")) this.typeOf(a.value, scope);
      const word = FUNCTION_WORDS[e.callee];
      const candidates = [...functionNames(), ...readNames(), "上期"];
      this.accept(
        "error",
        Codes.UnknownFunction,
        // (the list names previous, which a Chinese file's message writes 上期, as it writes every keyword)
        `没有名为 ${e.callee} 的函数${word ? `（是否想写 ${word[0]}？）` : suggest(e.callee, candidates)}；可用的函数：${functionNames().join("、")}`,
        `unknown function '${e.callee}'${word ? ` (did you mean ${word[1]}?)` : suggestEn(e.callee, candidates)}; the functions are ${functionNames().join(", ")} (previous is 上期 in Chinese)`,
        e.calleeRange,
      );
      return "any";
    }
    const call: CheckCall = {
      call: e,
      positional,
      typeOf: (x) => this.typeOf(x, scope),
      expect: (x, t, want) => this.expect(x, t, want),
      badArguments: (message, messageEn, range) => this.accept("error", Codes.BadArguments, message, messageEn, range),
      previousType: () => this.previousType(e, scope),
      meanType: () => this.meanType(e, scope),
      countMonthsType: () => this.countMonthsType(e, scope),
    };
    if (spec.checksAlone) return spec.check(call);
    if (spec.level === "unit" && scope.level !== "unit") {
      this.wrongLevel(e, `${e.callee}() 只能用于单位层面的计算，不能用于单条工单或事件`, `${e.callee}() works on a unit's values, not on a single record`);
    }
    if (spec.level === "record" && scope.level === "unit") {
      this.wrongLevel(
        e,
        `${e.callee}() 用于单条工单或事件（如 field 有效时限 = add_workdays(受理时间, 5)），不能用于单位层面的计算`,
        `${e.callee}() works on a single record (e.g. field 有效时限 = add_workdays(受理时间, 5)), not on a unit's values`,
      );
    }
    if (positional.length < spec.positional.min || positional.length > spec.positional.max) {
      const n = spec.positional.min === spec.positional.max ? `${spec.positional.min}` : `${spec.positional.min}–${spec.positional.max}`;
      // `组内名次(满意率, true)`: the rest are written by name
      const byName = positional.length > spec.positional.max && spec.named !== "*" && spec.named.length > 0;
      this.accept(
        "error",
        Codes.BadArguments,
        `${e.callee}() 需要 ${n} 个参数，这里给了 ${positional.length} 个${byName ? `；其余的参数写作 名称: 值（可用：${namedList(spec)}）：${e.callee}(${spec.params})` : ""}`,
        `${e.callee}() takes ${n} argument(s), got ${positional.length}${byName ? `; the others are written name: value: ${e.callee}(${spec.params})` : ""}`,
        e.range,
      );
    }
    const given = new Set<string>();
    for (const a of named) {
      const name = a.name as string;
      if (spec.named !== "*" && !spec.named.includes(name)) {
        this.accept(
          "error",
          Codes.BadArguments,
          `${e.callee}() 没有名为 ${name} 的参数（可用：${namedList(spec)}）`,
          `${e.callee}() has no argument '${name}'${spec.named.length > 0 ? ` (it has ${spec.named.join(", ")})` : ""}`,
          a.range,
        );
      } else if (given.has(name)) {
        this.accept("error", Codes.BadArguments, `${e.callee}() 的参数 ${name} 写了两次`, `${e.callee}() has '${name}' twice`, a.range);
      }
      given.add(name);
    }
    for (const req of spec.requiredNamed ?? []) {
      if (!named.some((a) => a.name === req)) {
        this.accept("error", Codes.BadArguments, `${e.callee}() 缺少参数 ${req}:`, `${e.callee}() needs the argument '${req}:'`, e.range);
      }
    }
    // an argument it has no name for is said above once, not again as a value of the wrong type
    const known = e.args.filter((a) => (a.name === null ? positional.indexOf(a) < spec.positional.max : spec.named === "*" || spec.named.includes(a.name)));
    return spec.check(known.length === e.args.length ? call : { ...call, call: { ...e, args: known } });
  }

  /**
   * `previous(名称)`: a unit-level value of the period before. The name is a measure, rate, value, fact, an item of
   * this assessment, an assessment of the same window, or a value known after ranking (得分, 名次, 等次 …), which
   * previous() may read anywhere at unit level: last period's ranking is known before this one is scored.
   */
  private previousType(e: A.Call, scope: Scope): ValueType {
    const arg = e.args[0]?.value;
    if (scope.level !== "unit") {
      this.wrongLevel(
        e,
        "previous() 是单位上期的数值，不能用于单条工单或事件；要选上期的工单，写 受理时间 in previous period",
        "previous() is a unit's value of the previous period, not a record's; to select last period's records write 受理时间 in previous period",
      );
      return "any";
    }
    if (scope.assessment?.schedule === "yearly") {
      this.accept(
        "error",
        Codes.BadWindow,
        "previous() 只用于按月考核（monthly）：上一年度的得分、名次不在本年度的计分之内",
        "previous() is for monthly assessments only: last year's score and rank are not part of a year's scoring",
        e.range,
      );
    }
    const w = scope.assessment?.window;
    if (w?.window === "range" && w.span?.from.year !== null && w.span?.from.year !== undefined) {
      this.accept(
        "error",
        Codes.BadWindow,
        "考核周期是写了年份的固定一段时间，没有上期，不能用 previous()",
        "the window is one fixed span of dates: it has no previous period for previous()",
        e.range,
      );
    }
    if (arg?.kind !== "name" || !arg.name) return "any";
    // `value 累计 = (previous(累计) ?? 0) + 工单数` reads its own value of the period before: no cycle
    if (this.inferring.has(`value:${arg.name}`) || (scope.assessment && this.inferring.has(`assessment:${arg.name}`))) {
      this.used.add(arg.name);
      return "any";
    }
    const ranked = findField(rankedBuiltins, arg.name);
    if (ranked && !this.symbols.global.has(arg.name) && !(scope.assessment && findItem(scope.assessment, arg.name))) {
      this.used.add(arg.name);
      return ranked.type;
    }
    const sym = this.symbols.global.get(arg.name);
    const item = scope.assessment ? findItem(scope.assessment, arg.name) : undefined;
    const allowed = ["measure", "rate", "value", "fact", "assessment"];
    if (!item && sym && !allowed.includes(sym.kind)) {
      this.accept(
        "error",
        Codes.BadArguments,
        `previous() 的参数应是计数、比率、数值、事实、考核项、考核或排名后的值（得分、名次、等次 …），${arg.name} 不是`,
        `previous() takes a measure, rate, value, fact, item, assessment or a ranked value (得分, 名次, 等次 …); '${arg.name}' is none of these`,
        arg.range,
      );
      this.used.add(arg.name);
      return "any";
    }
    if (!item && !sym && findField(unitBuiltins, arg.name)) {
      this.accept(
        "error",
        Codes.BadArguments,
        `${arg.name} 每期都一样，不需要 previous()`,
        `'${arg.name}' is the same every period: previous() is not needed`,
        arg.range,
      );
      return "any";
    }
    return this.typeOf(arg, { ...scope, coalesced: true });
  }

  /** `mean(月度考核)`, and the first argument of `count_months(月度考核, …)`: a monthly assessment, in a yearly one. */
  private meanType(e: A.Call, scope: Scope): ValueType {
    const arg = e.args[0]?.value;
    const target = arg?.kind === "name" ? this.symbols.global.get(arg.name) : undefined;
    if (arg?.kind === "name") this.used.add(arg.name);
    if (!arg || target?.kind !== "assessment" || target.decl.schedule !== "monthly") {
      this.accept(
        "error",
        Codes.BadArguments,
        `${e.callee}() 的${e.callee === "mean" ? "" : "第一个"}参数应是一个月度考核（monthly）的名称`,
        `${e.callee}() takes the name of a monthly assessment${e.callee === "mean" ? "" : " first"}`,
        arg?.range ?? e.range,
      );
    }
    // a year's, or a window of several months' (季度考核 = 三个月月度得分的平均)
    const over = scope.assessment;
    if (!over || (over.schedule !== "yearly" && windowKey(over).startsWith("month/"))) {
      this.accept(
        "error",
        Codes.WrongLevel,
        `${e.callee}() 只能用于年度考核（yearly），或考核周期为几个月的考核（window quarter、half year 等）中`,
        `${e.callee}() can only be used in a yearly assessment, or one whose window spans months (window quarter, half year …)`,
        e.range,
      );
    } else if (over.schedule === "monthly" && target?.kind === "assessment" && !windowKey(target.decl).startsWith("month/")) {
      this.accept(
        "error",
        Codes.BadArguments,
        `${e.callee}() 在考核周期为几个月的考核中，参数应是一个按月计分的考核（考核周期为一个月）`,
        `${e.callee}() in an assessment over several months takes a monthly assessment of one month's window`,
        arg?.range ?? e.range,
      );
    }
    return "number";
  }

  /**
   * `count_months(月度考核, 条件[, consecutive: true])`: in a yearly assessment, the months of a monthly one whose
   * result met the condition; the condition reads what that month's ranking knew (得分, 名次, 等次 …).
   */
  private countMonthsType(e: A.Call, scope: Scope): ValueType {
    // its first argument and where it stands are mean()'s
    this.meanType(e, scope);
    const [, condition, ...more] = e.args.filter((a) => a.name === null).map((a) => a.value);
    if (!condition || more.length > 0)
      this.accept(
        "error",
        Codes.BadArguments,
        `${e.callee}() 写作 ${e.callee}(月度考核, 条件)，如 ${e.callee}(月度考核, 等次 = "不合格") >= 3；连续的月数再写 consecutive: true`,
        `${e.callee}() is written ${e.callee}(monthly assessment, condition), e.g. ${e.callee}(月度考核, 等次 = "不合格") >= 3; add consecutive: true for months in a row`,
        e.range,
      );
    if (condition) this.expect(condition, this.typeOf(condition, { ...scope, ranked: true }), "bool");
    for (const a of e.args.filter((x) => x.name !== null)) {
      if (a.name !== "consecutive")
        this.accept(
          "error",
          Codes.BadArguments,
          `${e.callee}() 没有名为 ${a.name} 的参数（可用：consecutive（连续））`,
          `${e.callee}() has no argument '${a.name}' (it has consecutive)`,
          a.range,
        );
      else this.expect(a.value, this.typeOf(a.value, scope), "bool");
    }
    return "number";
  }

  /** Resolve a bare name in a scope. */
  nameType(e: A.NameRef, scope: Scope): ValueType {
    if (!e.name) return "any"; // recovered from a syntax error: already reported
    this.used.add(e.name);
    if (scope.level !== "unit") {
      const recordScope = scope.level === "orders" ? this.symbols.orderScope : this.symbols.eventScope;
      const local = recordScope.get(e.name);
      if (local) {
        this.recordSymbols.set(e, local);
        return this.symbolType(local, e);
      }
      const builtin = findField(scope.level === "orders" ? orderFields : eventFields, e.name) ?? findField(recordBuiltins, e.name);
      if (builtin) return builtin.type;
    }
    const item = scope.assessment ? findItem(scope.assessment, e.name) : undefined;
    if (item && scope.level === "unit") return "number";
    const sym = this.symbols.global.get(e.name);
    if (sym) {
      if (sym.kind === "category" || sym.kind === "event") return "text";
      if (sym.kind === "population") {
        this.accept(
          "error",
          Codes.WrongLevel,
          `${e.name} 是考核范围（population），要用 measure 对它计数或求和后才能参与计算`,
          `'${e.name}' is a population: count or sum it in a measure first`,
          e.range,
        );
        return "any";
      }
      if (scope.level !== "unit") {
        this.wrongLevel(
          e,
          `${e.name} 是单位层面的数值，不能用于单条工单或事件的条件`,
          `'${e.name}' is a unit-level value and cannot be used in a record condition`,
        );
        return "any";
      }
      if (sym.kind === "assessment") return this.assessmentRefType(e, sym.decl, scope);
      if (sym.kind === "fact" && sym.decl.monthly && scope.assessment && !scope.coalesced && !windowKey(scope.assessment).startsWith("month/")) {
        this.accept(
          "warning",
          Codes.BadWindow,
          `${e.name} 是按月事实，只在以月为周期的考核中有值，在本考核中不适用（可写 ${e.name} ?? 值）`,
          `'${e.name}' is a monthly fact: it has a value only in a month window, and is not applicable here (write ${e.name} ?? value)`,
          e.range,
        );
      }
      return this.symbolType(sym, e);
    }
    if (scope.level === "unit") {
      const builtin = findField(unitBuiltins, e.name) ?? (scope.ranked ? findField(rankedBuiltins, e.name) : undefined);
      if (builtin) return builtin.type;
      if (findField(rankedBuiltins, e.name)) {
        this.wrongLevel(
          e,
          `${e.name} 只有排名之后才知道，只能用于 sanction（处理措施）和按名次的等次（band … if …）`,
          `'${e.name}' is known only after ranking: use it in a sanction or a band by rank (band … if …)`,
        );
        return "any";
      }
      const recordThing =
        findField(orderFields, e.name) ?? findField(eventFields, e.name) ?? this.symbols.orderScope.get(e.name) ?? this.symbols.eventScope.get(e.name);
      if (recordThing) {
        this.wrongLevel(
          e,
          `${e.name} 是单条工单或事件的字段，要在 measure 中计数或求和后才能用于单位得分`,
          `'${e.name}' is a record field: count or sum it in a measure first`,
        );
        return "any";
      }
    }
    if (scope.comparedWithText) {
      // `事件类型 = 媒体暴光`: a misspelt event type is meant, not a text (quoted, it would count none: KH258); the type
      // it was meant for counts as used, so its KH241 is not a second report of the same mistake
      const eventType = scope.level === "events" ? closest(e.name, this.eventTypes()) : undefined;
      if (eventType !== undefined) {
        this.used.add(eventType);
        this.accept(
          "error",
          Codes.UnknownName,
          `未定义的名称 ${e.name}（是否想写 ${eventType}？）：事件类型写规则文件声明的考核事件名`,
          `unknown name '${e.name}' (did you mean '${eventType}'?): an event type is one the rubric declares`,
          e.range,
        );
        return "text";
      }
      const [meant, meantEn] = guessed(this.meant(e.name, scope));
      this.accept(
        "error",
        Codes.UnknownName,
        `未定义的名称 ${e.name}${meant}：与文字比较的值要加英文双引号，写作 "${e.name}"`,
        `unknown name '${e.name}'${meantEn}: a text compared with is written in double quotes, "${e.name}"`,
        e.range,
      );
      return "text";
    }
    const numeral = chineseNumeral(e.name);
    if (numeral !== null) {
      this.accept(
        "error",
        Codes.UnknownName,
        `数字用阿拉伯数字写：“${e.name}”写作 ${numeral}`,
        `numbers are written in digits: '${e.name}' is ${numeral}`,
        e.range,
      );
      return "number";
    }
    // in a record's condition, a column of the data the rubric has not declared (来电号码), not a misspelt name: say
    // how to declare it
    const [meant, meantEn] = guessed(this.meant(e.name, scope));
    // `若 弄虚作假次数 > 0` with no such measure, nor one spelt alike: the count of an event type's events, which a
    // measure gives (the guess would be the event type itself, no number)
    const counted = scope.level === "unit" ? this.eventCounted(e.name) : null;
    if (
      counted &&
      closest(
        e.name,
        this.knownNames(scope).filter((n) => this.symbols.global.get(n)?.kind !== "event"),
      ) === undefined
    ) {
      const [zh, en] = this.eventCountHint(counted, e.name);
      this.accept("error", Codes.UnknownName, `未定义的名称 ${e.name}：要用 ${counted} 事件的次数，${zh}`, `unknown name '${e.name}': ${en}`, e.range);
      return "any";
    }
    const [column, columnEn] =
      scope.level !== "unit" && meant === ""
        ? [
            `；数据中的其他列先声明为扩展属性才能使用，如 attribute ${e.name} text（或 number、yesno、datetime）`,
            `; another column of the data is declared first, e.g. attribute ${e.name} text`,
          ]
        : ["", ""];
    this.accept("error", Codes.UnknownName, `未定义的名称 ${e.name}${meant}${column}`, `unknown name '${e.name}'${meantEn}${columnEn}`, e.range);
    return "any";
  }

  /**
   * The known name a misspelt one was probably meant to be (`35 × 办结律`, 是否想写 办结率？), guessed once for each name
   * and scope (it was guessed three times, each against every name: a text of many unknown names took minutes). It
   * counts as used: its KH241 (已定义但没有被用到) was a second report of the same typo, sending the reader to the
   * declaration (a rubric author).
   */
  private meant(name: string, scope: Scope): string | undefined {
    const known = this.knownNames(scope);
    const guesses = this.guesses.get(known) ?? new Map<string, string | undefined>();
    this.guesses.set(known, guesses);
    const meant = guesses.has(name) ? guesses.get(name) : closest(name, known);
    guesses.set(name, meant);
    if (meant !== undefined) this.used.add(meant);
    return meant;
  }

  /**
   * `veto … if 不作为 >= 3`: an event type compared with a number, as a regulation reads (不作为 3 次以上), was told only
   * 这里需要数值或时间，但它是文字 (a rubric author). Said as an event type, with the measure that counts its events —
   * the file's own, or how to declare one — and the comparison written with it. False when it is not that.
   */
  private eventTypeCompared(e: A.Binary, l: ValueType, r: ValueType, scope: Scope): boolean {
    if (scope.level !== "unit") return false;
    const isType = (x: A.Expr): x is A.NameRef => x.kind === "name" && this.symbols.global.get(x.name)?.kind === "event";
    // (only beside a number: `事件类型 = 不作为` out of an event's scope is an unknown name's to say)
    const [type, other] = isType(e.left) && r === "number" ? [e.left, "right"] : isType(e.right) && l === "number" ? [e.right, "left"] : [null, null];
    if (!type || !other) return false;
    const existing = this.eventCountMeasure(type.name);
    const count = existing?.name ?? `${type.name}次数`;
    // the measure meant is used: its KH241 (已定义但没有被用到) would be a second report of the same slip
    if (existing) this.used.add(count);
    const written = printExpr({ ...e, [other === "right" ? "left" : "right"]: { kind: "name", name: count, range: type.range } }, this.language);
    const [how, howEn] = existing
      ? [
          `它发生的次数是 ${count}（第 ${existing.range.start.line} 行：${eventCountDeclaration(type.name, count, existing.population, this.language)}），写 ${written}`,
          `its events are counted by ${count} (line ${existing.range.start.line}); write ${written}`,
        ]
      : ((h) => [`要用它发生的次数，${h[0]}，再写 ${written}`, `${h[1]}, then write ${written}`])(this.eventCountHint(type.name, count));
    this.accept(
      "error",
      Codes.TypeMismatch,
      `${type.name} 是考核事件的类型，不是数值：${how}`,
      `${type.name} is an event type, not a number: ${howEn}`,
      type.range,
    );
    return true;
  }

  /** The file's measure adding up an event type's 次数 (`measure 不作为次数 = sum 本期事件 of 次数 where 事件类型 = 不作为`), if any. */
  private eventCountMeasure(type: string): A.MeasureDecl | undefined {
    const isName = (x: A.Expr | null, name: string) => x?.kind === "name" && x.name === name;
    for (const sym of this.symbols.global.values()) {
      if (sym.kind !== "measure") continue;
      const { decl } = sym;
      const population = this.symbols.global.get(decl.population);
      if (population?.kind !== "population" || population.decl.record !== "events") continue;
      if (decl.aggregate !== "sum" || !isName(decl.of, "次数")) continue;
      const w = decl.where;
      if (
        w?.kind === "binary" &&
        w.op === "=" &&
        isName(w.left, "事件类型") &&
        (isName(w.right, type) || (w.right.kind === "string" && w.right.value === type))
      )
        return decl;
    }
    return undefined;
  }

  /**
   * How to count an event type's events in a measure named `measure`: over the file's events population, or, when it
   * has none, with one declared first (`count` or `sum` reads a population).
   */
  private eventCountHint(type: string, measure: string): [string, string] {
    const events = [...this.symbols.global.values()].find((x) => x.kind === "population" && x.decl.record === "events")?.decl.name;
    const w = (en: string) => spell(en, this.language);
    const count = eventCountDeclaration(type, measure, events ?? "本期事件", this.language);
    const population = `${w("population")} 本期事件 = ${w("events")} ${w("where")} 日期 ${w("in period")}`;
    // declared at the file's top level, not inside the assessment the name was used in
    return events
      ? [`先在考核之外（文件最外层）写计数：${count}`, `count its events first, at the file's top level: ${count}`]
      : [
          `先在考核之外（文件最外层）定义事件的考核范围并计数：${population}；${count}`,
          `declare the events' population and count them, at the file's top level: ${population}; ${count}`,
        ];
  }

  /** The event type an unknown name counts (弄虚作假次数, 弄虚作假数, 弄虚作假件数: 弄虚作假), or null. */
  private eventCounted(name: string): string | null {
    for (const sym of this.symbols.global.values()) {
      if (sym.kind !== "event" || !name.startsWith(sym.decl.name)) continue;
      if (/^(次数|数|件数|个数|起数|次)$/.test(name.slice(sym.decl.name.length))) return sym.decl.name;
    }
    return null;
  }

  private assessmentRefType(e: A.NameRef, target: A.AssessmentDecl, scope: Scope): ValueType {
    if (scope.assessment && target.schedule !== scope.assessment.schedule) {
      const zh = target.schedule === "monthly" ? `在年度考核中引用月度考核 ${e.name}，请写 mean(${e.name})` : `月度考核中不能引用年度考核 ${e.name}`;
      this.accept("error", Codes.WrongLevel, zh, `'${e.name}' is a ${target.schedule} assessment`, e.range);
    }
    if (scope.assessment === target) this.cycle(e);
    if (scope.assessment && target.schedule === scope.assessment.schedule && windowKey(target) !== windowKey(scope.assessment)) {
      this.accept(
        "error",
        Codes.BadWindow,
        `${e.name} 的考核周期与本考核不同，不能直接引用（可改用 mean()，或让两者周期一致）`,
        `'${e.name}' has a different window from this assessment`,
        e.range,
      );
    }
    return this.guard(`assessment:${target.name}`, e, () => {
      for (const part of target.parts) for (const item of itemsOf(part)) for (const x of itemExprs(item)) this.typeOf(x, { level: "unit", assessment: target });
      return "number";
    });
  }

  /** An item's expressions (ast-utils.ts `itemExprs`). */
  itemExprs(item: A.ItemDecl): A.Expr[] {
    return itemExprs(item);
  }

  private symbolType(sym: Sym, at: A.NameRef): ValueType {
    switch (sym.kind) {
      case "fact": {
        const { whenMissing, type } = sym.decl;
        // the value for a unit without a row may read others, which may read the fact back
        if (whenMissing) this.guard(`fact:${sym.decl.name}`, at, () => this.typeOf(whenMissing, { level: "unit" }));
        return type === "yesno" ? "bool" : "number";
      }
      case "attribute":
        return sym.decl.type === "yesno" ? "bool" : sym.decl.type;
      case "field":
        return this.guard(`field:${sym.decl.record}:${sym.decl.name}`, at, () => this.typeOf(sym.decl.expr, { level: sym.decl.record }));
      case "measure":
        return "number";
      case "rate":
        // a rate reads unit-level values (a value may read the rate back): follow them, as for a value
        return this.guard(`rate:${sym.decl.name}`, at, () => {
          const { numerator, denominator, whenZero } = sym.decl;
          for (const e of [numerator, denominator, whenZero]) if (e && !(e.kind === "name" && e.name === "")) this.typeOf(e, { level: "unit" });
          return "number";
        });
      case "value":
        return this.guard(`value:${sym.decl.name}`, at, () => this.typeOf(sym.decl.expr, { level: "unit" }));
      default:
        return "any";
    }
  }

  /** Infer a definition's type once, reporting a definition that refers to itself. */
  guard(key: string, at: A.NameRef, infer: () => ValueType): ValueType {
    const known = this.inferred.get(key);
    if (known) return known;
    if (this.inferring.has(key)) {
      this.cycle(at, key);
      return "any";
    }
    this.inferring.add(key);
    try {
      const t = infer();
      this.inferred.set(key, t);
      return t;
    } finally {
      // a check that crashed mid-inference must not leave the next one seeing a cycle
      this.inferring.delete(key);
    }
  }

  /**
   * A definition that reads itself, said with the loop (甲 → 乙 → 甲) when it goes through others: the line it is said at
   * is one of several, and which one to change is the officer's to choose.
   * @param key the definition being worked out when it was met again (absent: an assessment naming itself)
   */
  private cycle(at: A.NameRef, key?: string): void {
    const open = [...this.inferring];
    const from = key === undefined ? -1 : open.indexOf(key);
    // keys are kind:name (a field's kind:record:name): the names alone, in the order one reads the next
    const loop = from < 0 ? [] : [...open.slice(from), key as string].map((k) => k.slice(k.lastIndexOf(":") + 1));
    const [zh, en] =
      loop.length > 2
        ? [
            `：${loop.join(" → ")}；请改写其中一个定义，使每个值都能从计数、事实等基本数值算出`,
            `: ${loop.join(" → ")}; rewrite one of these so that each value comes from counts, facts and the like`,
          ]
        : ["", ""];
    this.accept("error", Codes.Cycle, `${at.name} 的定义直接或间接引用了它自己${zh}`, `'${at.name}' is defined in terms of itself${en}`, at.range);
  }

  /** The names known in a scope, for guesses: listed once for each kind of scope and assessment. */
  private knownNames(scope: Scope): string[] {
    const lists = this.known.get(scope.assessment ?? null) ?? new Map<string, string[]>();
    this.known.set(scope.assessment ?? null, lists);
    const key = `${scope.level} ${scope.ranked === true}`;
    const names = lists.get(key) ?? this.listKnownNames(scope);
    lists.set(key, names);
    return names;
  }

  private listKnownNames(scope: Scope): string[] {
    // in a record's condition, only what a record can be compared with (not a unit's measures or values)
    const unitOnly = new Set(["population", "measure", "rate", "value", "assessment", "fact"]);
    const names = [...this.symbols.global].filter(([, s]) => s.kind !== "population" && (scope.level === "unit" || !unitOnly.has(s.kind))).map(([n]) => n);
    if (scope.level === "orders") names.push(...this.symbols.orderScope.keys(), ...orderFields.map((f) => f.zh));
    if (scope.level === "events") names.push(...this.symbols.eventScope.keys(), ...eventFields.map((f) => f.zh));
    if (scope.level !== "unit") names.push(...recordBuiltins.map((f) => f.zh));
    else names.push(...unitBuiltins.map((f) => f.zh));
    if (scope.ranked) names.push(...rankedBuiltins.map((f) => f.zh));
    if (scope.assessment) for (const p of scope.assessment.parts) for (const i of itemsOf(p)) names.push(i.code);
    return names;
  }

  expect(e: A.Expr, actual: ValueType, wanted: ValueType): void {
    if (actual === "any" || wanted === "any" || actual === wanted) return;
    this.mismatch(e, actual, typeZh[wanted], wanted);
  }

  private compatible(e: A.Expr, a: ValueType, b: ValueType): void {
    if (a === "any" || b === "any" || a === b) return;
    this.accept("error", Codes.TypeMismatch, `不能把${typeZh[a]}和${typeZh[b]}放在一起比较或计算`, `cannot combine ${a} with ${b}`, e.range);
  }

  private mismatch(e: A.Expr, actual: ValueType, wantedZh: string, wantedEn: string): void {
    // `扣 3 分 若 行政不作为`: an event type is a kind of event, not whether one happened
    if (e.kind === "name" && this.symbols.global.get(e.name)?.kind === "event" && (wantedEn === "bool" || wantedEn === "number")) {
      const count = `${e.name}次数`;
      const [hint, hintEn] = this.eventCountHint(e.name, count);
      const [use, useEn] = wantedEn === "bool" ? [`再写 若 ${count} > 0`, `${count} > 0`] : [`再用 ${count}`, count];
      this.accept(
        "error",
        Codes.TypeMismatch,
        `${e.name} 是考核事件的类型，不是${wantedEn === "bool" ? "条件" : wantedZh}：按次扣分写 扣 每 ${e.name}（或 扣 3 分 每 ${e.name}）；要用它发生的次数，${hint}，${use}`,
        `${e.name} is an event type, not a ${wantedEn === "bool" ? "condition" : "number"}: per event write deduct per ${e.name}; ${hintEn}, then ${useEn}`,
        e.range,
      );
      return;
    }
    // `hours(受理时间, 签收时间)` with 签收时间 declared text: name the attribute, where it is declared and how to declare
    // it (a rubric author was told only 这里需要时间，但它是文字)
    const record = e.kind === "name" ? this.recordSymbols.get(e) : undefined;
    if (record?.kind === "attribute" && wantedEn in attributeTypeWord) {
      const { name, label, type, range } = record.decl;
      const word = attributeTypeWord[wantedEn as keyof typeof attributeTypeWord];
      const declared = (t: string) => `attribute ${name}${label === null ? "" : ` ${quote(label)}`} ${t}`;
      this.accept(
        "error",
        Codes.TypeMismatch,
        `这里需要${wantedZh}，但 ${name} 是${typeZh[actual]}：第 ${range.start.line} 行声明它为 ${type}（${declared(type)}）；要按${wantedZh}用这一列，把它声明为 ${declared(word)}`,
        `expected ${wantedEn}, but '${name}' is ${actual}: line ${range.start.line} declares it ${type}; if the column holds ${wantedEn === "datetime" ? "times" : "such values"}, declare it '${declared(word)}'`,
        e.range,
      );
      return;
    }
    if (record?.kind === "field") {
      const { name, range } = record.decl;
      this.accept(
        "error",
        Codes.TypeMismatch,
        `这里需要${wantedZh}，但 ${name} 是${typeZh[actual]}：它是第 ${range.start.line} 行的派生字段（field ${name} = …），按它的公式得到${typeZh[actual]}`,
        `expected ${wantedEn}, but '${name}' is ${actual}: the field declared on line ${range.start.line} computes ${actual}`,
        e.range,
      );
      return;
    }
    this.accept("error", Codes.TypeMismatch, `这里需要${wantedZh}，但它是${typeZh[actual]}`, `expected ${wantedEn}, got ${actual}`, e.range);
  }

  private wrongLevel(e: A.Expr, zh: string, en: string): void {
    this.accept("error", Codes.WrongLevel, zh, en, e.range);
  }
}

/** The functions the language has, for a message naming the ones to choose from. */
function functionNames(): string[] {
  return functions.flatMap((f) => (f.zhName ? [f.name, f.zhName] : [f.name]));
}

/** The names explanations read the functions by (分档计分), for a guess at a misspelt one. */
function readNames(): string[] {
  return functions.flatMap((f) => (f.readName ? [f.readName] : []));
}

/** A function's named arguments as a reader may write them: ascending（由低到高）, full（满分）…; 无 when it has none. */
function namedList(spec: BuiltinFunction): string {
  if (spec.named === "*") return "任意";
  return spec.named.map((n) => (spec.readArgs?.[n] ? `${n}（${spec.readArgs[n]}）` : n)).join("、") || "无";
}

/**
 * Semantic checks of a syntactically clean rubric. Each check is a small
 * named function over one kind of node, reporting through one `accept`
 * callback (the Langium validation-registry pattern). Name resolution and
 * type inference live in `Resolver`, shared by all checks.
 */
import * as A from "./ast.ts";
import { Codes, type Diagnostic, type DiagnosticCode, diagnostic, type Severity } from "./diagnostics.ts";
import { type CheckCall, findFunction, functions } from "./functions/index.ts";
import { type Cost, fieldCosts, Limits, recordCost } from "./limits.ts";
import { suggest, suggestEn } from "./suggest.ts";
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
}

const typeZh: Record<ValueType, string> = { number: "数值", bool: "是/否", datetime: "时间", text: "文字", any: "任意" };

export class Resolver {
  readonly symbols: SymbolTable;
  /** names referred to somewhere, for the unused-declaration check */
  readonly used = new Set<string>();
  private readonly inferring = new Set<string>();
  private readonly inferred = new Map<string, ValueType>();
  /** the values of 来源 the rubric declares (`sources …`), or null: any value */
  private readonly sources: string[] | null;

  constructor(
    readonly rubric: A.Rubric,
    private readonly accept: Accept,
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

  /** The type of an expression in a scope; reports what is wrong with it. */
  typeOf(e: A.Expr, scope: Scope): ValueType {
    switch (e.kind) {
      case "number":
        return "number";
      case "string":
        return "text";
      case "bool":
        return "bool";
      case "date":
        if (!isValidDate(e.text)) this.accept("error", Codes.InvalidPeriod, `日期 ${e.text} 不存在`, `no such date ${e.text}`, e.range);
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
        for (const item of e.items) this.compatible(item, t, this.typeOf(item, scope));
        this.checkSources(e.operand, e.items, scope);
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
        return this.callType(e, scope);
    }
  }

  private binaryType(e: A.Binary, scope: Scope): ValueType {
    const l = this.typeOf(e.left, e.op === "??" && e.left.kind === "name" ? { ...scope, coalesced: true } : scope);
    const r = this.typeOf(e.right, scope);
    switch (e.op) {
      case "and":
      case "or":
        this.expect(e.left, l, "bool");
        this.expect(e.right, r, "bool");
        return "bool";
      case "+":
      case "-":
      case "×":
      case "/":
        this.expect(e.left, l, "number");
        this.expect(e.right, r, "number");
        return "number";
      case "??":
        this.compatible(e.right, l, r);
        return l === "any" ? r : l;
      case "<":
      case "<=":
      case ">":
      case ">=":
        if (l === "bool" || l === "text") this.mismatch(e.left, l, "数值或时间", "number or date");
        this.compatible(e.right, l, r);
        return "bool";
      default:
        this.compatible(e.right, l, r);
        this.checkSources(e.left, [e.right], scope);
        this.checkSources(e.right, [e.left], scope);
        return "bool";
    }
  }

  /** A call of a built-in function: where it is and its arguments' count here, the rest by its entry (functions/). */
  private callType(e: A.Call, scope: Scope): ValueType {
    const spec = findFunction(e.callee);
    const positional = e.args.filter((a) => a.name === null);
    const named = e.args.filter((a) => a.name !== null);
    if (!spec) {
      for (const a of e.args) this.typeOf(a.value, scope);
      this.accept(
        "error",
        Codes.UnknownFunction,
        `没有名为 ${e.callee} 的函数${suggest(e.callee, [...functionNames(), "上期"])}；可用的函数：${functionNames().join("、")}（previous 中文写作 上期）`,
        `unknown function '${e.callee}'${suggestEn(e.callee, [...functionNames(), "上期"])}; the functions are ${functionNames().join(", ")} (previous is 上期 in Chinese)`,
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
      this.accept(
        "error",
        Codes.BadArguments,
        `${e.callee}() 需要 ${n} 个参数，这里给了 ${positional.length} 个`,
        `${e.callee}() takes ${n} argument(s), got ${positional.length}`,
        e.range,
      );
    }
    for (const a of named) {
      if (spec.named !== "*" && !spec.named.includes(a.name as string)) {
        this.accept(
          "error",
          Codes.BadArguments,
          `${e.callee}() 没有名为 ${a.name} 的参数（可用：${spec.named.join("、") || "无"}）`,
          `${e.callee}() has no argument '${a.name}'`,
          a.range,
        );
      }
    }
    for (const req of spec.requiredNamed ?? []) {
      if (!named.some((a) => a.name === req)) {
        this.accept("error", Codes.BadArguments, `${e.callee}() 缺少参数 ${req}:`, `${e.callee}() needs the argument '${req}:'`, e.range);
      }
    }
    return spec.check(call);
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

  private meanType(e: A.Call, scope: Scope): ValueType {
    const arg = e.args[0]?.value;
    const target = arg?.kind === "name" ? this.symbols.global.get(arg.name) : undefined;
    if (arg?.kind === "name") this.used.add(arg.name);
    if (!arg || target?.kind !== "assessment" || target.decl.schedule !== "monthly") {
      this.accept(
        "error",
        Codes.BadArguments,
        "mean() 的参数应是一个月度考核（monthly）的名称",
        "mean() takes the name of a monthly assessment",
        arg?.range ?? e.range,
      );
    }
    if (scope.assessment?.schedule !== "yearly") {
      this.accept("error", Codes.WrongLevel, "mean() 只能用于年度考核（yearly）中", "mean() can only be used in a yearly assessment", e.range);
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
      if (local) return this.symbolType(local, e);
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
        this.wrongLevel(e, `${e.name} 只有排名之后才知道，只能用于 sanction（处理措施）`, `'${e.name}' is known only after ranking: use it in a sanction`);
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
    this.accept(
      "error",
      Codes.UnknownName,
      `未定义的名称 ${e.name}${suggest(e.name, this.knownNames(scope))}`,
      `unknown name '${e.name}'${suggestEn(e.name, this.knownNames(scope))}`,
      e.range,
    );
    return "any";
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
      for (const part of target.parts)
        for (const item of itemsOf(part)) for (const x of this.itemExprs(item)) this.typeOf(x, { level: "unit", assessment: target });
      return "number";
    });
  }

  itemExprs(item: A.ItemDecl): A.Expr[] {
    return [item.formula, item.base, item.weight, item.atLeast, ...item.adjustments.flatMap((a) => [a.amount, a.condition])].filter(
      (x): x is A.Expr => x !== null,
    );
  }

  private symbolType(sym: Sym, at: A.NameRef): ValueType {
    switch (sym.kind) {
      case "fact":
        return sym.decl.type === "yesno" ? "bool" : "number";
      case "attribute":
        return sym.decl.type === "yesno" ? "bool" : sym.decl.type;
      case "field":
        return this.guard(`field:${sym.decl.record}:${sym.decl.name}`, at, () => this.typeOf(sym.decl.expr, { level: sym.decl.record }));
      case "measure":
      case "rate":
        return "number";
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
      this.cycle(at);
      return "any";
    }
    this.inferring.add(key);
    const t = infer();
    this.inferring.delete(key);
    this.inferred.set(key, t);
    return t;
  }

  private cycle(at: A.NameRef): void {
    this.accept("error", Codes.Cycle, `${at.name} 的定义直接或间接引用了它自己`, `'${at.name}' is defined in terms of itself`, at.range);
  }

  private knownNames(scope: Scope): string[] {
    const names = [...this.symbols.global].filter(([, s]) => s.kind !== "population").map(([n]) => n);
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
    this.accept("error", Codes.TypeMismatch, `这里需要${wantedZh}，但它是${typeZh[actual]}`, `expected ${wantedEn}, got ${actual}`, e.range);
  }

  private wrongLevel(e: A.Expr, zh: string, en: string): void {
    this.accept("error", Codes.WrongLevel, zh, en, e.range);
  }
}

/** An assessment's window as a comparable key (the default is the whole month, or the year). */
export function windowKey(a: A.AssessmentDecl): string {
  const w = a.window ?? { window: a.schedule === "monthly" ? "month" : "year", startDay: 1 };
  return `${w.window}/${w.startDay}`;
}

export function itemsOf(part: A.AssessmentPart): A.ItemDecl[] {
  return part.kind === "section" ? part.items : [part];
}

export function findItem(assessment: A.AssessmentDecl, code: string): A.ItemDecl | undefined {
  for (const part of assessment.parts) for (const item of itemsOf(part)) if (item.code === code) return item;
  return undefined;
}

/** The declared names of these kinds: what a misspelt name is compared with. */
function namesOf(resolver: Resolver, ...kinds: Sym["kind"][]): string[] {
  return [...resolver.symbols.global].filter(([, s]) => kinds.includes(s.kind)).map(([n]) => n);
}

/** The functions the language has, for a message naming the ones to choose from. */
function functionNames(): string[] {
  return functions.map((f) => f.name);
}

export function isValidMonth(text: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  return Boolean(m && Number(m[2]) >= 1 && Number(m[2]) <= 12);
}

export function isValidDate(text: string): boolean {
  if (isValidMonth(text)) return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

// ------------------------------------------------------------------ checks

interface CheckContext {
  rubric: A.Rubric;
  resolver: Resolver;
  accept: Accept;
}

function checkHeader({ rubric, accept }: CheckContext): void {
  const h = rubric.header;
  if (!h) {
    accept(
      "error",
      Codes.MissingHeader,
      '文件应以 rubric "名称" version "版本" in force from 年-月 开头',
      'a rubric starts with: rubric "name" version "v" in force from YYYY-MM',
      rubric.range,
    );
    return;
  }
  for (const [text, what] of [
    [h.from, "from"],
    [h.until, "until"],
  ] as const) {
    if (text !== null && !isValidMonth(text)) {
      accept(
        "error",
        Codes.InvalidPeriod,
        `施行期间应写成 年-月（如 2017-09），这里是 ${text}`,
        `the period in force is written YYYY-MM, got ${text} (${what})`,
        h.range,
      );
    }
  }
  if (h.until && h.until < h.from)
    accept("error", Codes.InvalidPeriod, `施行截止 ${h.until} 早于起始 ${h.from}`, `'until' ${h.until} is before 'from' ${h.from}`, h.range);
}

function checkRepeats({ rubric, accept }: CheckContext): void {
  for (const r of rubric.repeats) {
    accept("error", Codes.Repeated, `“${r.what}” 只能写一次，这里重复了`, `'${r.what}' may be written only once`, r.range);
  }
}

function checkDuplicates({ resolver, accept }: CheckContext): void {
  for (const d of resolver.symbols.duplicates) {
    if (d.first === null) {
      accept("error", Codes.DuplicateName, `名称 ${d.name} 是内置字段或内置值，不能再定义`, `'${d.name}' is a built-in name`, d.range);
    } else {
      accept(
        "error",
        Codes.DuplicateName,
        `名称 ${d.name} 重复定义（第 ${d.first.start.line} 行已定义）`,
        `'${d.name}' is already declared on line ${d.first.start.line}`,
        d.range,
      );
    }
  }
}

function checkDeclaration(ctx: CheckContext, d: A.Declaration): void {
  const { resolver, accept } = ctx;
  switch (d.kind) {
    case "sources": {
      const seen = new Set<string>();
      for (const v of d.values) {
        if (seen.has(v.value)) accept("error", Codes.DuplicateName, `工单来源“${v.value}”写了两次`, `the source '${v.value}' is declared twice`, v.range);
        seen.add(v.value);
      }
      break;
    }
    case "event":
      if (d.points !== null && (d.points < 0 || !Number.isFinite(d.points)))
        accept("error", Codes.BadNumber, "事件分值不能为负数", "event points cannot be negative", d.range);
      break;
    case "fact":
      if (d.whenMissing) resolver.expect(d.whenMissing, resolver.typeOf(d.whenMissing, { level: "unit" }), d.type === "yesno" ? "bool" : "number");
      break;
    case "field":
      resolver.typeOf(d.expr, { level: d.record });
      break;
    case "population":
      if (d.where) resolver.expect(d.where, resolver.typeOf(d.where, { level: d.record }), "bool");
      break;
    case "measure":
      checkMeasure(ctx, d);
      break;
    case "rate":
      if (d.denominator.kind === "name" && d.denominator.name === "") {
        accept(
          "error",
          Codes.RateNotDivision,
          "比率要写成 分子 / 分母，例如 超期件数 / 工单数",
          "a rate is written numerator / denominator",
          d.numerator.range,
        );
      }
      for (const e of [d.numerator, d.denominator, d.whenZero])
        if (e && !(e.kind === "name" && e.name === "")) resolver.expect(e, resolver.typeOf(e, { level: "unit" }), "number");
      break;
    case "value":
      resolver.typeOf(d.expr, { level: "unit" });
      break;
    case "assessment":
      checkAssessment(ctx, d);
      break;
    default:
      break;
  }
}

function checkMeasure({ resolver, accept }: CheckContext, d: A.MeasureDecl): void {
  const pop = resolver.symbols.global.get(d.population);
  resolver.used.add(d.population);
  if (pop?.kind !== "population") {
    accept(
      "error",
      Codes.UnknownPopulation,
      `未定义的考核范围 ${d.population}${suggest(d.population, namesOf(resolver, "population")) || "（先用 population 定义）"}`,
      `unknown population '${d.population}'${suggestEn(d.population, namesOf(resolver, "population"))}`,
      d.populationRange,
    );
    return;
  }
  const level = pop.decl.record;
  if (d.of) resolver.expect(d.of, resolver.typeOf(d.of, { level }), "number");
  if (d.where) resolver.expect(d.where, resolver.typeOf(d.where, { level }), "bool");
}

function checkAssessment(ctx: CheckContext, a: A.AssessmentDecl): void {
  const { resolver, accept } = ctx;
  const scope: Scope = { level: "unit", assessment: a };
  if (a.window) {
    const ok = a.schedule === "monthly" ? a.window.window !== "year" : a.window.window === "year";
    if (!ok) {
      accept(
        "error",
        Codes.BadWindow,
        a.schedule === "monthly" ? "月度考核的周期应是 month、quarter、half year、year to date 或 from … to …" : "年度考核的周期只能是 year",
        `window '${a.window.window}' does not suit a ${a.schedule} assessment`,
        a.window.range,
      );
    }
    if (a.window.startDay < 1 || a.window.startDay > 28 || !Number.isInteger(a.window.startDay)) {
      accept("error", Codes.BadNumber, "月度周期的起始日应是 1 到 28 之间的整数", "a month's start day is an integer from 1 to 28", a.window.range);
    }
    const minute = a.window.startMinute;
    if (!Number.isInteger(minute) || minute < 0 || minute >= 24 * 60) {
      accept(
        "error",
        Codes.BadNumber,
        "周期的起止时刻应写成 0:00 到 23:59 之间的时刻，如 at 12:00",
        "a window's time of day is from 0:00 to 23:59, e.g. at 12:00",
        a.window.range,
      );
    }
    if (a.window.span) checkWindowSpan(ctx, a.window.span, a.window.range);
  }
  const seen = new Map<string, A.ItemDecl>();
  for (const part of a.parts) {
    if (part.kind === "section") {
      checkCategories(ctx, part.categories, part.range);
      const declared = part.points;
      const sum = part.items.filter((i) => !i.bonus).reduce((s, i) => s + i.points, 0);
      if (declared !== null && Math.abs(declared - sum) > 1e-9) {
        accept(
          "warning",
          Codes.SectionMismatch,
          `部分 ${part.code} 标为 ${declared} 分，但其中各项合计 ${sum} 分`,
          `section ${part.code} says ${declared} points but its items add up to ${sum}`,
          part.codeRange,
        );
      }
    }
    for (const item of itemsOf(part)) {
      const clash = resolver.symbols.global.get(item.code);
      if (clash) {
        accept(
          "error",
          Codes.DuplicateName,
          `考核项 ${item.code} 与第 ${clash.decl.range.start.line} 行的 ${clash.kind} 同名，公式中无法区分`,
          `item ${item.code} has the same name as the ${clash.kind} on line ${clash.decl.range.start.line}`,
          item.codeRange,
        );
      }
      const dup = seen.get(item.code);
      if (dup)
        accept(
          "error",
          Codes.DuplicateItem,
          `考核项 ${item.code} 重复（第 ${dup.range.start.line} 行已有）`,
          `item ${item.code} appears twice`,
          item.codeRange,
        );
      seen.set(item.code, item);
      checkItem(ctx, item, scope);
    }
  }
  if (a.total) resolver.expect(a.total, resolver.typeOf(a.total, scope), "number");
  if (a.rescaleTo) resolver.expect(a.rescaleTo, resolver.typeOf(a.rescaleTo, scope), "number");
  checkReports(ctx, a, scope);
  checkCategoryItemReads(ctx, a);
  checkRescaleCanHappen(ctx, a);
  checkItemCycles(ctx, a);
  checkBands(ctx, a, scope);
  for (const v of a.vetoes) {
    resolver.expect(v.condition, resolver.typeOf(v.condition, scope), "bool");
    if (v.band && !a.bands.some((b) => b.name === v.band)) accept("error", Codes.BadBands, `没有名为 ${v.band} 的等次`, `no band named '${v.band}'`, v.range);
    if (a.bands.length === 0) accept("error", Codes.BadBands, "一票否决需要先定义等次（band）", "a veto needs bands", v.range);
  }
  for (const s of a.sanctions) resolver.expect(s.condition, resolver.typeOf(s.condition, { ...scope, ranked: true }), "bool");
}

/** `from 11-15 to 03-15` (every year; may cross the new year) or `from 2018-11-15 to 2019-03-15`: real days, in order. */
function checkWindowSpan({ accept }: CheckContext, span: { from: A.WindowDate; to: A.WindowDate }, range: A.Range): void {
  const bad = (zh: string, en: string) => accept("error", Codes.BadNumber, zh, en, range);
  const valid = (d: A.WindowDate) => {
    if (!Number.isInteger(d.month) || !Number.isInteger(d.day) || d.month < 1 || d.month > 12 || d.day < 1) return false;
    // every year: 02-29 does not come every year
    const days = new Date(Date.UTC(d.year ?? 2017, d.month, 0)).getUTCDate();
    return d.day <= days;
  };
  const text = (d: A.WindowDate) =>
    `${d.year === null ? "" : `${d.year}-`}${String(d.month).padStart(2, "0")}-${Number.isNaN(d.day) ? "??" : String(d.day).padStart(2, "0")}`;
  for (const d of [span.from, span.to]) {
    if (!valid(d)) {
      bad(`周期的日期 ${text(d)} 不是有效的日期（写成 2018-11-15，或每年的 11-15）`, `${text(d)} is not a valid day of a window`);
      return;
    }
  }
  if ((span.from.year === null) !== (span.to.year === null)) {
    bad("周期的起止日期要么都写年份，要么都不写（不写时每年同一段时间）", "a window's two days both have a year, or neither has");
    return;
  }
  const key = (d: A.WindowDate) => (d.year ?? 0) * 10_000 + d.month * 100 + d.day;
  if (span.from.year !== null && key(span.to) < key(span.from)) {
    bad(`周期的结束日 ${text(span.to)} 早于开始日 ${text(span.from)}`, "a window ends before it starts");
  }
}

/** The names an expression reads in its own period: not those inside previous(…), read from the period before. */
function namesInThisPeriod(e: A.Expr | null, out: Set<string> = new Set()): Set<string> {
  if (!e || (e.kind === "call" && e.callee === "previous")) return out;
  if (e.kind === "name") out.add(e.name);
  for (const c of A.childrenOf(e)) namesInThisPeriod(c, out);
  return out;
}

/**
 * A formula that reads an item limited to some categories (`for`), for units
 * it does not apply to, reads "not applicable": its result is empty unless the
 * reading is replaced with `??` or `coalesce`. Said once per reading.
 */
function checkCategoryItemReads({ resolver, accept }: CheckContext, a: A.AssessmentDecl): void {
  const limitedTo = new Map<string, string[]>();
  const readers: [A.ItemDecl, string[] | null][] = [];
  for (const part of a.parts) {
    for (const item of itemsOf(part)) {
      const section = part.kind === "section" ? part.categories : [];
      const cats =
        section.length && item.categories.length ? item.categories.filter((c) => section.includes(c)) : item.categories.length ? item.categories : section;
      if (cats.length) limitedTo.set(item.code, cats);
      readers.push([item, cats.length ? cats : null]);
    }
  }
  if (limitedTo.size === 0) return;
  const declared = [...resolver.symbols.global.entries()].filter(([, sym]) => sym.kind === "category").map(([name]) => name);
  const report = (e: A.Expr, readerCats: string[] | null, guarded: boolean): void => {
    if (e.kind === "name" && !guarded) {
      const cats = limitedTo.get(e.name);
      if (cats && (readerCats ?? declared).some((c) => !cats.includes(c))) {
        accept(
          "warning",
          Codes.InapplicableItemRead,
          `考核项 ${e.name} 只适用于 ${cats.join("、")}，其他类别的单位读到的是“不适用”，整个公式的结果为空（不排名）；要按 0 分计，写 ${e.name} ?? 0`,
          `item ${e.name} applies to ${cats.join(", ")} only: for other units it reads "not applicable" and the formula is empty; write ${e.name} ?? 0 to count it as 0`,
          e.range,
        );
      }
      return;
    }
    if (e.kind === "binary" && e.op === "??") {
      report(e.left, readerCats, true);
      report(e.right, readerCats, guarded);
      return;
    }
    if (e.kind === "call" && e.callee === "coalesce") {
      for (const [i, arg] of e.args.entries()) report(arg.value, readerCats, guarded || i < e.args.length - 1);
      return;
    }
    for (const c of A.childrenOf(e)) report(c, readerCats, guarded);
  };
  if (a.total) report(a.total, null, false);
  for (const [item, cats] of readers) for (const e of resolver.itemExprs(item)) report(e, cats, false);
}

/** `report 满意率` names a unit-level value; `report 名称 = 表达式` computes one. Each name once. */
function checkReports({ resolver, accept }: CheckContext, a: A.AssessmentDecl, scope: Scope): void {
  const seen = new Set<string>();
  for (const r of a.reports) {
    if (seen.has(r.name)) accept("error", Codes.DuplicateItem, `通报指标 ${r.name} 重复`, `report ${r.name} appears twice`, r.nameRange);
    seen.add(r.name);
    if (r.expr) {
      resolver.typeOf(r.expr, scope);
      continue;
    }
    const sym = resolver.symbols.global.get(r.name);
    resolver.used.add(r.name);
    if (!sym || !["measure", "rate", "value", "fact"].includes(sym.kind))
      accept(
        "error",
        Codes.UnknownName,
        `通报指标 ${r.name} 不是已定义的计数、比率、数值或事实；要计算新的值，写 report ${r.name} = 表达式`,
        `report '${r.name}' is not a measure, rate, value or fact; write 'report ${r.name} = expression' to compute one`,
        r.nameRange,
      );
  }
}

/**
 * `rescale to` only acts when an item is not applicable to a unit: an item for some categories, or a
 * formula that can read "not applicable" (a rate `when zero: not applicable`, a fact without
 * `when missing`, another assessment). Without any, the statement never changes a score: say so.
 */
function checkRescaleCanHappen({ resolver, accept }: CheckContext, a: A.AssessmentDecl): void {
  if (!a.rescaleTo || !a.rescaleRange || a.total) return;
  const items = new Map(a.parts.flatMap(itemsOf).map((i) => [i.code, i]));
  const seen = new Set<string>();
  const canBeEmpty = (e: A.Expr | null): boolean => {
    if (!e) return false;
    if (e.kind === "binary" && e.op === "??") return canBeEmpty(e.right);
    if (e.kind === "call" && e.callee === "coalesce") return e.args.length > 0 && canBeEmpty((e.args[e.args.length - 1] as A.Arg).value);
    if (e.kind === "name" && !seen.has(e.name)) {
      seen.add(e.name);
      const item = items.get(e.name);
      if (item) return item.categories.length > 0 || canBeEmpty(item.formula);
      const sym = resolver.symbols.global.get(e.name);
      if (sym?.kind === "rate")
        return sym.decl.whenZero === null || canBeEmpty(sym.decl.numerator) || canBeEmpty(sym.decl.denominator) || canBeEmpty(sym.decl.whenZero);
      if (sym?.kind === "value") return canBeEmpty(sym.decl.expr);
      if (sym?.kind === "fact") return sym.decl.whenMissing === null;
      if (sym?.kind === "assessment") return true;
      return false;
    }
    return A.childrenOf(e).some(canBeEmpty);
  };
  const possible = a.parts.some(
    (p) => (p.kind === "section" && p.categories.length > 0) || itemsOf(p).some((i) => !i.bonus && (i.categories.length > 0 || canBeEmpty(i.formula))),
  );
  if (!possible)
    accept(
      "warning",
      Codes.NothingToRescale,
      "本考核没有可能“不适用”的考核项（没有按类别适用的项，也没有读到 when zero: not applicable 的比率或没有 when missing 的事实），rescale to 不会改变任何得分",
      "no item of this assessment can be not applicable, so 'rescale to' never changes a score",
      a.rescaleRange,
    );
}

/** Items whose formulas refer to each other, directly or in a ring. */
function checkItemCycles({ resolver, accept }: CheckContext, a: A.AssessmentDecl): void {
  const items = new Map(a.parts.flatMap(itemsOf).map((i) => [i.code, i]));
  const edges = new Map<string, string[]>();
  for (const [code, item] of items) {
    const names = new Set<string>();
    for (const e of resolver.itemExprs(item)) namesInThisPeriod(e, names);
    edges.set(
      code,
      [...names].filter((n) => items.has(n)),
    );
  }
  const state = new Map<string, "visiting" | "done">();
  const reported = new Set<string>();
  const visit = (code: string, path: string[]): void => {
    if (state.get(code) === "done") return;
    if (state.get(code) === "visiting") {
      const ring = path.slice(path.indexOf(code));
      for (const c of ring) {
        if (reported.has(c)) continue;
        reported.add(c);
        const item = items.get(c) as A.ItemDecl;
        accept(
          "error",
          Codes.Cycle,
          `考核项 ${c} 与 ${ring.filter((x) => x !== c).join("、") || "它自己"} 相互引用`,
          `items ${ring.join(" → ")} refer to each other`,
          item.codeRange,
        );
      }
      return;
    }
    state.set(code, "visiting");
    for (const next of edges.get(code) ?? []) visit(next, [...path, code]);
    state.set(code, "done");
  };
  for (const code of items.keys()) visit(code, []);
}

function checkCategories({ resolver, accept }: CheckContext, names: string[], range: A.Range): void {
  for (const name of names) {
    resolver.used.add(name);
    if (resolver.symbols.global.get(name)?.kind !== "category")
      accept(
        "error",
        Codes.UnknownCategory,
        `未定义的类别 ${name}${suggest(name, namesOf(resolver, "category"))}`,
        `unknown category '${name}'${suggestEn(name, namesOf(resolver, "category"))}`,
        range,
      );
  }
}

function checkItem(ctx: CheckContext, item: A.ItemDecl, scope: Scope): void {
  const { resolver, accept } = ctx;
  checkCategories(ctx, item.categories, item.range);
  if (!(item.points >= 0)) accept("error", Codes.BadNumber, "分值应是不小于 0 的数", "points must be a number ≥ 0", item.codeRange);
  for (const e of [item.formula, item.base, item.weight, item.atLeast]) if (e) resolver.expect(e, resolver.typeOf(e, scope), "number");
  for (const adj of item.adjustments) {
    if (adj.amount) resolver.expect(adj.amount, resolver.typeOf(adj.amount, scope), "number");
    if (adj.condition) resolver.expect(adj.condition, resolver.typeOf(adj.condition, scope), "bool");
    if (adj.per) {
      resolver.used.add(adj.per.name);
      const target = resolver.symbols.global.get(adj.per.name);
      if (target?.kind === "event") {
        const eventsPopulation = ctx.rubric.declarations.find((d) => d.kind === "population" && d.record === "events");
        if (eventsPopulation) resolver.used.add((eventsPopulation as A.PopulationDecl).name);
        else
          accept(
            "error",
            Codes.UnknownPopulation,
            "按事件类型计分需要先定义事件的考核范围，例如 population 本期事件 = events where 日期 in period",
            "counting events needs an events population, e.g. population E = events where 日期 in period",
            adj.per.range,
          );
        if (adj.recorded && target.decl.points !== null) {
          accept(
            "warning",
            Codes.RecordedMismatch,
            `事件类型 ${adj.per.name} 已规定每次 ${target.decl.points} 分，recorded 会改用记录中的分值`,
            `event type '${adj.per.name}' has fixed points; 'recorded' uses each event's own 分值 instead`,
            adj.range,
          );
        }
      } else if (target?.kind === "measure" || target?.kind === "value" || target?.kind === "rate") {
        if (!adj.amount)
          accept(
            "error",
            Codes.UnknownPer,
            `按 ${adj.per.name} 计分时要写明每次的分值，例如 deduct 2 per ${adj.per.name}`,
            `give the points per unit of '${adj.per.name}'`,
            adj.range,
          );
        if (adj.recorded) accept("error", Codes.RecordedMismatch, "recorded 只能用于事件类型", "'recorded' applies to event types only", adj.range);
      } else {
        accept(
          "error",
          Codes.UnknownPer,
          `per 后面应是事件类型或计数（measure），${adj.per.name} 两者都不是${suggest(adj.per.name, namesOf(resolver, "event", "measure", "rate", "value"))}`,
          `'${adj.per.name}' is neither an event type nor a measure${suggestEn(adj.per.name, namesOf(resolver, "event", "measure", "rate", "value"))}`,
          adj.per.range,
        );
      }
    } else if (!adj.amount) {
      accept(
        "error",
        Codes.BadArguments,
        adj.condition
          ? "if 条件扣分/加分要写明分值，例如 deduct 3 if not 领导小组"
          : "扣分/加分要写明分值，例如 deduct 0.5 × 超期件数、deduct 3 if not 领导小组",
        adj.condition ? "give the points, e.g. deduct 3 if …" : "give the points, e.g. deduct 0.5 × 超期件数",
        adj.range,
      );
    }
  }
  for (const adj of item.adjustments) {
    if (adj.continuing && adj.direction === "add")
      accept("error", Codes.TypeMismatch, "continuing 只用于扣分（deduct）", "'continuing' applies to deductions only", adj.range);
  }
  if (item.bonus) {
    for (const [e, word] of [
      [item.base, "base"],
      [item.weight, "weight"],
    ] as const) {
      if (e) accept("error", Codes.TypeMismatch, `加分项（bonus）中不能用 ${word}`, `a bonus item has no '${word}'`, e.range);
    }
  }
  if (item.bonus && item.adjustments.some((a) => a.direction === "deduct")) {
    accept("error", Codes.TypeMismatch, "加分项（bonus）中只能用 add", "a bonus item only adds points", item.range);
  }
  const base = item.base?.kind === "number" ? item.base.value : item.base ? null : item.points;
  const weight = item.weight?.kind === "number" ? item.weight.value : item.weight ? null : 1;
  if (!item.formula && !item.bonus && base !== null && weight !== null && Math.abs(base * weight - item.points) > 1e-9) {
    accept(
      "warning",
      Codes.WeightMismatch,
      `基础分 ${base} × 权重 ${weight} = ${round6(base * weight)}，与该项分值 ${item.points} 不符`,
      `base ${base} × weight ${weight} ≠ ${item.points} points`,
      item.codeRange,
    );
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function checkBands({ resolver, accept }: CheckContext, a: A.AssessmentDecl, scope: Scope): void {
  if (a.bands.length === 0) return;
  let last = Number.POSITIVE_INFINITY;
  a.bands.forEach((b, i) => {
    if (b.atLeast === null) {
      if (i !== a.bands.length - 1) accept("error", Codes.BadBands, "otherwise 等次应放在最后", "the 'otherwise' band comes last", b.range);
      return;
    }
    resolver.expect(b.atLeast, resolver.typeOf(b.atLeast, scope), "number");
    if (b.atLeast.kind === "number") {
      if (b.atLeast.value >= last) accept("error", Codes.BadBands, "等次应按分数线从高到低排列", "bands go from the highest threshold down", b.range);
      last = b.atLeast.value;
    }
  });
  if (a.bands[a.bands.length - 1]?.atLeast !== null) {
    accept(
      "error",
      Codes.BadBands,
      "最后一个等次应写 otherwise（其余单位）",
      "the last band must be 'otherwise'",
      a.bands[a.bands.length - 1]?.range ?? a.range,
    );
  }
}

function checkRanking(ctx: CheckContext): void {
  const { rubric, resolver, accept } = ctx;
  const rankings = rubric.declarations.filter((d): d is A.RankingDecl => d.kind === "ranking");
  const ranking = rankings[0];
  for (const extra of rankings.slice(1)) accept("error", Codes.Repeated, "只能有一个 ranking（排名规则）", "only one ranking block is allowed", extra.range);
  if (!ranking) {
    if (rubric.header)
      accept("error", Codes.MissingRanking, "缺少排名规则：ranking { monthly 考核名称 … }", "missing 'ranking { monthly … }'", rubric.header.range);
    return;
  }
  const target = (name: string | null, schedule: "monthly" | "yearly") => {
    if (name === null) return;
    resolver.used.add(name);
    const s = resolver.symbols.global.get(name);
    if (s?.kind !== "assessment" || s.decl.schedule !== schedule) {
      accept(
        "error",
        Codes.BadRankingTarget,
        `${name} 不是${schedule === "monthly" ? "月度" : "年度"}考核（${schedule}）${s ? "" : suggest(name, namesOf(resolver, "assessment"))}`,
        `'${name}' is not a ${schedule} assessment${s ? "" : suggestEn(name, namesOf(resolver, "assessment"))}`,
        ranking.range,
      );
    }
  };
  if (!ranking.monthly && !ranking.yearly)
    accept(
      "error",
      Codes.MissingRanking,
      "排名规则要写明参与排名的考核：monthly 名称 或 yearly 名称",
      "the ranking names a monthly or yearly assessment",
      ranking.range,
    );
  target(ranking.monthly, "monthly");
  target(ranking.yearly, "yearly");
  for (const also of ranking.alsoRanked) target(also.name, also.schedule);
  // `minimum volume N for …` names categories, or the ranking's own groups
  const groupNames = new Set([
    ...(ranking.within === "groups" ? ranking.groups.map((g) => g.name) : []),
    ...(ranking.yearlyWithin?.within === "groups" ? ranking.yearlyWithin.groups.map((g) => g.name) : []),
  ]);
  const anyGroups = groupNames.size > 0;
  const named = new Map<string, A.Range>();
  for (const m of ranking.minimumVolumes) {
    if (!Number.isInteger(m.volume) || m.volume < 0)
      accept("error", Codes.BadNumber, "最低承办量应是不小于 0 的整数", "a minimum volume is a whole number, 0 or more", m.range);
    for (const name of m.for) {
      if (named.has(name)) accept("error", Codes.Repeated, `${name} 的最低承办量写了两次`, `the minimum volume of ${name} is given twice`, m.range);
      named.set(name, m.range);
      if (!groupNames.has(name) && resolver.symbols.global.get(name)?.kind !== "category")
        accept(
          "error",
          Codes.UnknownCategory,
          `${name} 不是已声明的类别${anyGroups ? "或排名分组" : ""}`,
          `'${name}' is not a declared category${anyGroups ? " or ranking group" : ""}`,
          m.range,
        );
    }
  }
  if (ranking.volume) {
    resolver.used.add(ranking.volume);
    if (resolver.symbols.global.get(ranking.volume)?.kind !== "measure")
      accept("error", Codes.BadRankingTarget, `承办量 volume 应是一个计数（measure），${ranking.volume} 不是`, `volume must name a measure`, ranking.range);
  }
  for (const key of ranking.orderBy) {
    if (key.key === "score") continue;
    if (key.key === "volume") {
      if (!ranking.volume)
        accept("error", Codes.BadRankingTarget, "按 volume 排序前要先写 volume 计数名称", "order by volume needs 'volume <measure>'", key.range);
      continue;
    }
    resolver.used.add(key.key);
    const s = resolver.symbols.global.get(key.key);
    if (!s || !["measure", "rate", "value"].includes(s.kind))
      accept("error", Codes.UnknownName, `排序依据 ${key.key} 不是已定义的计数或数值`, `'${key.key}' is not a measure or value`, key.range);
  }
  const checkGroups = (groups: A.GroupDecl[], range: A.Range) => {
    groups.forEach((g, i) => {
      if (g.condition) resolver.expect(g.condition, resolver.typeOf(g.condition, { level: "unit" }), "bool");
      else if (i !== groups.length - 1) accept("error", Codes.BadBands, "otherwise 分组应放在最后", "the 'otherwise' group comes last", g.range);
    });
    if (groups.length === 0) accept("error", Codes.MissingRanking, "within groups 要列出至少一个分组", "'within groups' needs at least one group", range);
  };
  if (ranking.within === "groups") checkGroups(ranking.groups, ranking.range);
  const yearly = ranking.yearlyWithin;
  if (yearly?.within === "groups") checkGroups(yearly.groups, yearly.range);
  if (yearly && !ranking.yearly && !ranking.alsoRanked.some((x) => x.schedule === "yearly"))
    accept(
      "error",
      Codes.BadRankingTarget,
      "写了年度排名的分组（for yearly），但排名中没有年度考核（yearly 名称）",
      "the ranking groups a year ('for yearly') but ranks no yearly assessment",
      yearly.range,
    );
  for (const w of ranking.unknownWords) {
    accept(
      "error",
      Codes.BadRankingStatement,
      `排名规则中不认识 ${w.word}（保留小数位写作 round 2 decimals）`,
      `unknown ranking statement '${w.word}' (write: round 2 decimals)`,
      w.range,
    );
  }
  if (!(ranking.decimals >= 0 && ranking.decimals <= 6 && Number.isInteger(ranking.decimals))) {
    accept("error", Codes.BadNumber, "保留小数位应是 0 到 6 的整数", "decimals must be an integer from 0 to 6", ranking.range);
  }
}

function checkUnused({ rubric, resolver, accept }: CheckContext): void {
  for (const d of rubric.declarations) {
    if (!("name" in d) || d.kind === "assessment" || d.kind === "category" || d.kind === "attribute") continue;
    const name = (d as { name: string }).name;
    if (name && !resolver.used.has(name)) {
      accept("warning", Codes.Unused, `${name} 已定义但没有被用到`, `'${name}' is declared but never used`, (d as { nameRange: A.Range }).nameRange);
    }
  }
}

/**
 * What the databases can compute: each record-level expression, its derived
 * fields written in, within the depth and size limits (SQLite refuses an
 * expression tree deeper than 1000); the measures over one kind of record
 * within the columns one query may have (SQLite 2000, PostgreSQL 1664).
 */
function checkDatabaseLimits({ rubric, resolver, accept }: CheckContext): void {
  for (const record of ["orders", "events"] as const) {
    const scope = record === "orders" ? resolver.symbols.orderScope : resolver.symbols.eventScope;
    const fields = new Map<string, A.Expr>();
    for (const [name, s] of scope) if (s.kind === "field") fields.set(name, s.decl.expr);
    const costs = fieldCosts(fields);
    const lookup = (name: string): Cost | null => (fields.has(name) ? (costs.get(name) ?? { depth: 0, size: 1 }) : null);
    const exprs: A.Expr[] = [...fields.values()];
    for (const d of rubric.declarations) {
      if (d.kind === "population" && d.record === record && d.where) exprs.push(d.where);
      if (d.kind === "measure") {
        const pop = resolver.symbols.global.get(d.population);
        if (pop?.kind !== "population" || pop.decl.record !== record) continue;
        if (d.where) exprs.push(d.where);
        if (d.of) exprs.push(d.of);
      }
    }
    for (const e of exprs) {
      const c = recordCost(e, lookup);
      if (c.depth > Limits.depth || c.size > Limits.size) {
        accept(
          "error",
          Codes.TooLarge,
          `这个条件或表达式把用到的派生字段（field）逐层代入后太大（运算层数 ${c.depth}，上限 ${Limits.depth}；运算数 ${c.size}，上限 ${Limits.size}），数据库无法计算：请简化派生字段的相互引用`,
          `with its derived fields written in, this expression is too large for the databases (depth ${c.depth}, limit ${Limits.depth}; size ${c.size}, limit ${Limits.size}): simplify how the fields use each other`,
          e.range,
        );
      }
    }
    // one query column per measure; `per <event type>` adds two hidden measures per event type over the events
    const measures = rubric.declarations.filter((d): d is A.MeasureDecl => {
      if (d.kind !== "measure") return false;
      const pop = resolver.symbols.global.get(d.population);
      return pop?.kind === "population" && pop.decl.record === record;
    });
    const hasEvents = rubric.declarations.some((d) => d.kind === "population" && d.record === "events");
    const hidden = record === "events" && hasEvents ? 2 * rubric.declarations.filter((d) => d.kind === "event").length : 0;
    if (measures.length + hidden > Limits.measures) {
      const at = measures[Math.max(0, Limits.measures - hidden)] ?? measures[measures.length - 1];
      const range = at?.nameRange ?? rubric.declarations.find((d) => d.kind === "event")?.range ?? rubric.range;
      accept(
        "error",
        Codes.TooManyMeasures,
        `${record === "orders" ? "工单" : "事件"}的计数（measure）共 ${measures.length + hidden} 个${hidden ? `（含每个事件类型的 2 个内部计数）` : ""}，超过上限 ${Limits.measures} 个`,
        `${measures.length + hidden} measures over ${record}${hidden ? " (two hidden ones per event type included)" : ""}, more than the limit of ${Limits.measures}`,
        range,
      );
    }
  }
}

/** The checks, in the order they run. Each reports through `accept`. */
const checks: ((ctx: CheckContext) => void)[] = [
  checkHeader,
  checkRepeats,
  checkDuplicates,
  (ctx) => {
    for (const d of ctx.rubric.declarations) checkDeclaration(ctx, d);
  },
  checkRanking,
  checkUnused,
  checkDatabaseLimits,
];

export function checkRubric(rubric: A.Rubric): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const accept: Accept = (severity, code, message, messageEn, range) => {
    const key = `${code}@${range.start.offset}:${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(diagnostic(severity, code, message, messageEn, range));
  };
  const ctx: CheckContext = { rubric, resolver: new Resolver(rubric, accept), accept };
  for (const check of checks) check(ctx);
  return out;
}

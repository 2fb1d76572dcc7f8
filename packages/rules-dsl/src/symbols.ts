/**
 * What a name in a rubric can mean: the built-in record fields (by their
 * Chinese column name or English key, as in data-format.md), the rubric's
 * own declarations, and the built-in values. The checker and the engine
 * resolve names through this one table. The built-in functions are in
 * functions/ (one entry each).
 */
import * as A from "./ast.ts";

export type ValueType = "number" | "bool" | "datetime" | "text" | "any";

export interface BuiltinField {
  /** the record property (English key) */
  key: string;
  zh: string;
  type: ValueType;
  /** the only values the column holds (the importer refuses others): a text compared with it must be one of them */
  values?: readonly string[];
}

/** 满意度 and 结案类型 as the importer takes them (@kaohe/data SATISFACTION_LEVELS, CLOSURE_TYPES). */
const satisfactionLevels = ["满意", "基本满意", "一般", "不满意"] as const;
const closureTypes = ["正常办结", "应办未办", "问题反弹", "超出政策", "应走司法程序", "情况不实", "历史遗留"] as const;

/**
 * The record model: the names a rubric reads an order (`orderFields`) or an event (`eventFields`) by. They are the
 * file contract's columns (@kaohe/data ORDER_FIELDS, EVENT_FIELDS), key for key with the same Chinese names, in the
 * language's types. This package sits beside @kaohe/data (the same layer: neither imports the other) and runs in
 * the browser, so it lists them again, and rules-engine test/record-model.test.ts holds the two lists together.
 */
export const orderFields: readonly BuiltinField[] = [
  { key: "id", zh: "工单编号", type: "text" },
  { key: "unit", zh: "承办单位", type: "text" },
  { key: "source", zh: "来源", type: "text" },
  { key: "kind", zh: "诉求类型", type: "text" },
  { key: "receivedAt", zh: "受理时间", type: "datetime" },
  { key: "dueAt", zh: "办理时限", type: "datetime" },
  { key: "extendedTo", zh: "延期至", type: "datetime" },
  { key: "closedAt", zh: "办结时间", type: "datetime" },
  { key: "delayExcused", zh: "超期说明已认可", type: "bool" },
  { key: "returned", zh: "回退", type: "bool" },
  { key: "returnAccepted", zh: "回退认可", type: "bool" },
  { key: "redoCount", zh: "退回重办次数", type: "number" },
  { key: "anonymous", zh: "匿名", type: "bool" },
  { key: "visited", zh: "已回访", type: "bool" },
  { key: "processSatisfaction", zh: "过程满意度", type: "text", values: satisfactionLevels },
  { key: "resultSatisfaction", zh: "结果满意度", type: "text", values: satisfactionLevels },
  { key: "closureType", zh: "结案类型", type: "text", values: closureTypes },
  { key: "rebound", zh: "反弹", type: "bool" },
  { key: "leaderInstructed", zh: "领导批示", type: "bool" },
];

export const eventFields: readonly BuiltinField[] = [
  { key: "id", zh: "事件编号", type: "text" },
  { key: "unit", zh: "单位", type: "text" },
  { key: "date", zh: "日期", type: "datetime" },
  { key: "type", zh: "事件类型", type: "text" },
  { key: "count", zh: "次数", type: "number" },
  { key: "points", zh: "分值", type: "number" },
  { key: "orderId", zh: "关联工单", type: "text" },
  { key: "note", zh: "说明", type: "text" },
  /** the points the rubric declares for the event's type (its 分值 for `points recorded` types) */
  { key: "typePoints", zh: "类型分值", type: "number" },
];

/** Values every record expression may use. */
export const recordBuiltins: readonly BuiltinField[] = [
  { key: "asOf", zh: "考核时点", type: "datetime" },
  { key: "periodStart", zh: "期初", type: "datetime" },
  { key: "periodEnd", zh: "期末", type: "datetime" },
];

/** Values a unit expression may use besides declarations. */
export const unitBuiltins: readonly BuiltinField[] = [
  { key: "category", zh: "类别", type: "text" },
  { key: "unitCode", zh: "单位编码", type: "text" },
  { key: "unitName", zh: "单位名称", type: "text" },
];

/** Values known only after ranking: for sanctions. */
export const rankedBuiltins: readonly BuiltinField[] = [
  { key: "score", zh: "得分", type: "number" },
  { key: "rank", zh: "名次", type: "number" },
  { key: "rankFromBottom", zh: "倒数名次", type: "number" },
  { key: "groupSize", zh: "参评单位数", type: "number" },
  /** across all ranked units, whatever their group: a 黑榜 of the last five of the county */
  { key: "overallRank", zh: "总名次", type: "number" },
  { key: "overallRankFromBottom", zh: "总倒数名次", type: "number" },
  { key: "overallSize", zh: "参评单位总数", type: "number" },
  { key: "band", zh: "等次", type: "text" },
];

export function findField(fields: readonly BuiltinField[], name: string): BuiltinField | undefined {
  return fields.find((f) => f.key === name || f.zh === name);
}

/** A rubric declaration that a name can refer to. */
export type Symbol =
  | { kind: "category"; decl: A.CategoryDecl }
  | { kind: "event"; decl: A.EventDecl }
  | { kind: "fact"; decl: A.FactDecl }
  | { kind: "attribute"; decl: A.AttributeDecl }
  | { kind: "field"; decl: A.FieldDecl }
  | { kind: "population"; decl: A.PopulationDecl }
  | { kind: "measure"; decl: A.MeasureDecl }
  | { kind: "rate"; decl: A.RateDecl }
  | { kind: "value"; decl: A.ValueDecl }
  | { kind: "assessment"; decl: A.AssessmentDecl };

export interface SymbolTable {
  /** top-level names, except record attributes and fields */
  global: Map<string, Symbol>;
  orderScope: Map<string, Symbol>;
  eventScope: Map<string, Symbol>;
  /** names declared twice (`first` is null when the clash is with a built-in name) */
  duplicates: { name: string; range: A.Range; first: A.Range | null }[];
}

/** Names the language gives a meaning of its own: record fields and built-in values. */
export const builtinNames: ReadonlySet<string> = new Set(
  [...orderFields, ...eventFields, ...recordBuiltins, ...unitBuiltins, ...rankedBuiltins].flatMap((f) => [f.key, f.zh]),
);

function declName(s: Symbol): { name: string; nameRange: A.Range } {
  return s.decl;
}

export function buildSymbols(rubric: A.Rubric): SymbolTable {
  const table: SymbolTable = { global: new Map(), orderScope: new Map(), eventScope: new Map(), duplicates: [] };
  const add = (scope: Map<string, Symbol>, s: Symbol) => {
    const { name, nameRange } = declName(s);
    if (!name) return;
    if (builtinNames.has(name)) {
      table.duplicates.push({ name, range: nameRange, first: null });
      return;
    }
    const existing = scope.get(name) ?? (scope !== table.global ? table.global.get(name) : (table.orderScope.get(name) ?? table.eventScope.get(name)));
    if (existing) {
      table.duplicates.push({ name, range: nameRange, first: declName(existing).nameRange });
      return;
    }
    scope.set(name, s);
  };
  for (const d of rubric.declarations) {
    switch (d.kind) {
      case "category":
      case "event":
      case "fact":
      case "population":
      case "measure":
      case "rate":
      case "value":
      case "assessment":
        add(table.global, { kind: d.kind, decl: d } as Symbol);
        break;
      case "attribute":
      case "field":
        add(d.record === "orders" ? table.orderScope : table.eventScope, { kind: d.kind, decl: d } as Symbol);
        break;
      default:
        break;
    }
  }
  return table;
}

export function isNumberType(t: ValueType): boolean {
  return t === "number" || t === "any";
}

/** An expression's shape, wherever it is written (its ranges left out): the same `of` in two measures. */
const shapeOf = (e: A.Expr): string => JSON.stringify(e, (key, v) => (key === "range" || key.endsWith("Range") ? undefined : v));

/**
 * Is this ratio a fraction, 0 to 1 (shown as a percentage)? Its denominator counts records (a measure: 工单数,
 * 回访数, or their group's or all units' sum; a fact: 计划任务数), and its numerator adds at most 1 a record: a count (超期件数), a sum of
 * at most 1 a record (levels 满意: 1, 基本满意: 0.9), a sum of what the denominator sums (权数 over 权数: 批示件计 2
 * 件), and a value read through to what it is. A number above 1 in the numerator (满意数 × 100 + 基本满意数 × 80), or a
 * sum of more a record (满意度折算分 of levels 满意: 100), may make a mean score on 100: no fraction. So is a ratio over
 * no records (工单数 / 2).
 */
export function ratioIsFraction(symbols: SymbolTable, numerator: A.Expr, denominator: A.Expr): boolean {
  // what the denominator sums, and whether it counts records at all
  const summed = new Set<string>();
  let ofRecords = false;
  const inDenominator = new Set<string>();
  const collect = (e: A.Expr): void => {
    const s = e.kind === "name" ? symbols.global.get(e.name) : undefined;
    // (a checklist's number too: 完成件数 / 计划任务数, a fact)
    if (s?.kind === "measure" || s?.kind === "rate" || s?.kind === "fact") ofRecords = true;
    if (s?.kind === "measure" && s.decl.of) summed.add(shapeOf(s.decl.of));
    if (s?.kind === "value" && !inDenominator.has(s.decl.name)) {
      inDenominator.add(s.decl.name);
      collect(s.decl.expr);
    }
    for (const c of A.childrenOf(e)) collect(c);
  };
  collect(denominator);
  if (!ofRecords) return false;
  // what a record adds at most 1 by: a number up to 1, levels(…) whose points are all up to 1 (满意: 1, 基本满意: 0.9)
  const atMostOne = (e: A.Expr | null): boolean =>
    e !== null &&
    ((e.kind === "number" && e.value <= 1) ||
      (e.kind === "call" && e.callee === "levels" && e.args.every((a) => a.name === null || (a.value.kind === "number" && a.value.value <= 1))));
  const seen = new Set<string>();
  const upToOne = (e: A.Expr): boolean => {
    if (e.kind === "number") return e.value <= 1;
    if (e.kind === "name") {
      const s = symbols.global.get(e.name);
      if (s?.kind === "measure") return s.decl.aggregate === "count" || atMostOne(s.decl.of) || (s.decl.of !== null && summed.has(shapeOf(s.decl.of)));
      if (s?.kind === "value") {
        if (seen.has(e.name)) return true;
        seen.add(e.name);
        return upToOne(s.decl.expr);
      }
      return true;
    }
    return A.childrenOf(e).every(upToOne);
  };
  return upToOne(numerator);
}

/** Is this rate a fraction, 0 to 1 (`ratioIsFraction` of its numerator and denominator)? */
export function rateIsFraction(symbols: SymbolTable, name: string): boolean {
  const sym = symbols.global.get(name);
  return sym?.kind === "rate" && ratioIsFraction(symbols, sym.decl.numerator, sym.decl.denominator);
}

/**
 * A checked rubric becomes a `CompiledRubric`: its measures (the only part
 * that touches data) gathered into a `MeasurePlan`, and its scoring
 * declarations indexed for the evaluator.
 */
import * as A from "@kaohe/rules-dsl";
import { parse } from "@kaohe/rules-dsl";
import { type MeasurePlan, type MeasureSpec, measureSignature, rawAttribute } from "./measures/source.ts";
import type { Month } from "./period.ts";

export interface CompiledRubric {
  ast: A.Rubric;
  text: string;
  header: A.Header;
  symbols: A.SymbolTable;
  plan: MeasurePlan;
  assessments: Map<string, A.AssessmentDecl>;
  ranking: A.RankingDecl;
  /** months after a window's end at which it is assessed */
  assessedMonthsAfter: number;
  /** `assessed at day N of next month`: N, the day of the month after the window's last month whose end is the assessment time */
  assessedDayOfNextMonth: number | null;
  categories: A.CategoryDecl[];
  /** the events population `per <event type>` counts in */
  eventsPopulation: A.PopulationDecl | null;
  warnings: A.Diagnostic[];
}

export class RubricError extends Error {
  constructor(
    readonly diagnostics: A.Diagnostic[],
    readonly file?: string,
  ) {
    super(
      `规则文件有 ${diagnostics.length} 处错误 / the rubric has ${diagnostics.length} error(s)${file ? `: ${file}` : ""}\n${diagnostics.map((d) => A.formatDiagnostic(d, file)).join("\n")}`,
    );
    this.name = "RubricError";
  }
}

/** Hidden measures behind `per <event type>`: occurrences and recorded points of one type. */
export const eventCountMeasure = (type: string) => `#次数:${type}`;
export const eventPointsMeasure = (type: string) => `#分值:${type}`;
/**
 * Does an adjustment `per` an event type score each event by its recorded 分值? With no amount written, when it says
 * `recorded` or the type is declared `points recorded` (an amount written is the amount, whatever the type declares).
 * The engine scores by it, and an import refuses such an event without its 分值.
 */
export const readsRecordedPoints = (adj: Pick<A.Adjustment, "amount" | "recorded">, event: Pick<A.EventDecl, "points">): boolean =>
  adj.amount === null && (adj.recorded || event.points === null);
/** Hidden measure of a rubric that declares its sources: orders received in the window whose 来源 it does not declare. */
export const UNDECLARED_SOURCES_MEASURE = "#来源未声明";

/**
 * Hidden measures behind the score table's warnings about an empty period: the orders received in the window (any
 * the rubric reads or not), and how many records each orders population holds. A population empty for every unit
 * while orders were received is a condition that never holds (诉求类型 = "头诉"); no order received at all, a
 * period without data. Either scores every unit as if it had no orders, and says nothing else.
 */
export const ORDERS_RECEIVED_MEASURE = "#提示:本期受理工单";
export const populationSizeMeasure = (population: string) => `#提示:考核范围:${population}`;
/** Hidden measure behind the warning about an extra column no order of the period has a value in. */
export const attributeValuesMeasure = (attribute: string) => `#提示:扩展属性:${attribute}`;

/** Parse, check and compile rubric text; throws `RubricError` when the text has errors. */
export function compileRubric(text: string, file?: string): CompiledRubric {
  const { ast, diagnostics } = parse(text);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || !ast.header) throw new RubricError(errors, file);
  const symbols = A.buildSymbols(ast);
  const decls = ast.declarations;
  const eventsPopulation = decls.find((d): d is A.PopulationDecl => d.kind === "population" && d.record === "events") ?? null;
  const eventPoints = new Map(decls.filter((d): d is A.EventDecl => d.kind === "event").map((d) => [d.name, d.points]));

  const measures: MeasureSpec[] = [];
  const add = (m: Omit<MeasureSpec, "signature">) => measures.push({ ...m, signature: measureSignature(m) });
  for (const d of decls) {
    if (d.kind !== "measure") continue;
    const pop = symbols.global.get(d.population);
    if (pop?.kind !== "population") continue;
    add({ name: d.name, label: d.label, record: pop.decl.record, aggregate: d.aggregate, populationWhere: pop.decl.where, where: d.where, of: d.of });
  }
  if (eventsPopulation) {
    const r = eventsPopulation.range;
    for (const type of eventPoints.keys()) {
      const where: A.Expr = {
        kind: "binary",
        op: "=",
        left: { kind: "name", name: "事件类型", range: r },
        right: { kind: "string", value: type, range: r },
        range: r,
      };
      const count: A.Expr = { kind: "name", name: "次数", range: r };
      add({ name: eventCountMeasure(type), label: type, record: "events", aggregate: "sum", populationWhere: eventsPopulation.where, where, of: count });
      add({
        name: eventPointsMeasure(type),
        label: type,
        record: "events",
        aggregate: "sum",
        populationWhere: eventsPopulation.where,
        where,
        of: { kind: "binary", op: "×", left: count, right: { kind: "name", name: "分值", range: r }, range: r },
      });
    }
  }
  for (const d of decls) {
    if (d.kind !== "population" || d.record !== "orders") continue;
    add({ name: populationSizeMeasure(d.name), label: d.label, record: "orders", aggregate: "count", populationWhere: d.where, where: null, of: null });
  }
  if (ast.header) {
    const r = ast.header.range;
    const received: A.Expr = { kind: "inPeriod", operand: { kind: "name", name: "受理时间", range: r }, negated: false, range: r };
    add({ name: ORDERS_RECEIVED_MEASURE, label: "本期受理的工单", record: "orders", aggregate: "count", populationWhere: received, where: null, of: null });
    // each extra column of the orders the rubric declares: how many orders of the period have a value in it
    for (const d of decls) {
      if (d.kind !== "attribute" || d.record !== "orders") continue;
      // the text as the file holds it: a yes/no column without a value reads 否, which is a value
      const operand: A.Expr = { kind: "name", name: rawAttribute(d.name), range: d.range };
      add({
        name: attributeValuesMeasure(d.name),
        label: d.label,
        record: "orders",
        aggregate: "count",
        populationWhere: received,
        where: { kind: "isMissing", operand, negated: true, range: d.range },
        of: null,
      });
    }
  }
  const sources = decls.flatMap((d) => (d.kind === "sources" ? d.values.map((v) => v.value) : []));
  const sourcesDecl = decls.find((d) => d.kind === "sources");
  if (sourcesDecl) {
    // the data may hold sources the rubric does not know (a new channel): its conditions on 来源 hold for none of
    // them, which the score table says (not an error: the data is as the center received it)
    const r = sourcesDecl.range;
    const source: A.Expr = { kind: "name", name: "来源", range: r };
    add({
      name: UNDECLARED_SOURCES_MEASURE,
      label: "来源不在声明清单中的工单",
      record: "orders",
      aggregate: "count",
      populationWhere: { kind: "inPeriod", operand: { kind: "name", name: "受理时间", range: r }, negated: false, range: r },
      where: { kind: "inList", operand: source, items: sources.map((value) => ({ kind: "string", value, range: r })), negated: true, range: r },
      of: null,
    });
  }
  const ranking = decls.find((d): d is A.RankingDecl => d.kind === "ranking") as A.RankingDecl;
  const assessedAt = decls.find((d): d is A.AssessedAt => d.kind === "assessedAt");
  return {
    ast,
    text,
    header: ast.header,
    symbols,
    plan: { symbols, eventPoints, measures },
    assessments: new Map(decls.filter((d): d is A.AssessmentDecl => d.kind === "assessment").map((d) => [d.name, d])),
    ranking,
    assessedMonthsAfter: assessedAt?.monthsAfter ?? 0,
    assessedDayOfNextMonth: assessedAt?.day ?? null,
    categories: decls.filter((d): d is A.CategoryDecl => d.kind === "category"),
    eventsPopulation,
    warnings: diagnostics.filter((d) => d.severity === "warning"),
  };
}

/**
 * The measure of a unit's 承办量: the ranking's `volume`, else, where the rubric counts orders, how many the period
 * received for it. A rubric without one had 承办量 0 everywhere: the console said every month had no orders, and a year
 * averaged months without a single order in at nearly full marks (a new county's walk). A rubric counting no orders
 * (events or facts alone) has none (null): its months all count, as before (with orders received, none counted).
 */
export function volumeMeasure(rubric: CompiledRubric): string | null {
  if (rubric.ranking.volume) return rubric.ranking.volume;
  const countsOrders = [...rubric.symbols.global.values()].some((s) => s.kind === "population" && s.decl.record === "orders");
  return countsOrders ? ORDERS_RECEIVED_MEASURE : null;
}

/** Is the rubric in force for this month? */
export function inForce(rubric: CompiledRubric, month: Month): boolean {
  return month >= rubric.header.from && (rubric.header.until === null || month <= rubric.header.until);
}

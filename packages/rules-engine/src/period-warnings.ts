/**
 * What a whole period's scoring says beside the table, when the table alone would mislead: units left out because
 * the rubric does not declare their category (they vanish from every ranking), a period that received no order at
 * all (every unit scored as having none: a month without data, or the wrong month), and an orders population that
 * holds nothing for any unit while orders were received (a condition that never holds, such as 诉求类型 = "头诉"):
 * every measure over it is 0 and every unit scores alike.
 */
import type { Unit } from "@kaohe/data";
import * as A from "@kaohe/rules-dsl";
import { periodLabel } from "@kaohe/time";
import { attributeValuesMeasure, type CompiledRubric, ORDERS_RECEIVED_MEASURE, populationSizeMeasure } from "./compile.ts";
import type { MeasurePlan, MeasureSpec, MeasureValues } from "./measures/source.ts";
import { orderPopulations, planFor } from "./plan.ts";
import type { PeriodWarning, ScoringData } from "./results.ts";
import type { AssessmentRun } from "./run.ts";

/** At most this many unit names are listed in a warning (the count says how many there are). */
const NAMES_LISTED = 10;

export async function periodWarnings(run: AssessmentRun, data: ScoringData, period: string): Promise<PeriodWarning[]> {
  const empty = await emptyOrders(run, data, period);
  // a period without orders says so once; its extra columns are empty with it
  const absent = empty.some((w) => w.code === "no-orders") ? [] : await absentAttributes(run, data, period);
  return [...undeclaredCategories(run.rubric, data.units), ...empty, ...absent];
}

function undeclaredCategories(rubric: CompiledRubric, units: readonly Unit[]): PeriodWarning[] {
  if (rubric.categories.length === 0) return [];
  const declared = new Set(rubric.categories.map((c) => c.name));
  const left = new Map<string, { code: string; name: string }[]>();
  for (const u of units) if (!declared.has(u.category)) left.set(u.category, [...(left.get(u.category) ?? []), { code: u.code, name: u.name }]);
  return [...left].map(([category, them]) => {
    const listed = `${them
      .slice(0, NAMES_LISTED)
      .map((u) => u.name)
      .join("、")}${them.length > NAMES_LISTED ? ` 等` : ""}`;
    return {
      code: "undeclared-category",
      zh: `${them.length} 个单位的类别“${category}”未在规则中声明，未计分：${listed}`,
      en: `${them.length} unit(s) of category ${category}, which the rubric does not declare, are not scored`,
      category,
      units: them,
    };
  });
}

async function emptyOrders(run: AssessmentRun, data: ScoringData, period: string): Promise<PeriodWarning[]> {
  const plan = planFor(run.rubric, run.assessment);
  const measures = plan.measures.map((m) => m.name).filter((n) => !n.startsWith("#"));
  const total = (values: MeasureValues, name: string) => run.units.reduce((n, u) => n + (values.value(u.unit.code, name) ?? 0), 0);
  const empty = orderPopulations(run.rubric, measures).filter((p) => total(run.measures, populationSizeMeasure(p)) === 0);
  // every population holds orders (the usual period): nothing to say, and nothing more to count
  if (empty.length === 0 || run.units.length === 0) return [];
  const received = total(await ordersReceived(run, data), ORDERS_RECEIVED_MEASURE);
  const label = periodLabel(period);
  if (received === 0) {
    return [
      {
        code: "no-orders",
        zh: `${label}没有受理的工单（数据中没有受理时间在本期的工单）：各单位都按本期无工单计分，得分与排名没有意义。请确认考核期是否写对、本期的工单是否已导入`,
        en: `no order was received in ${period}: every unit is scored as having none; check the period and that its orders are imported`,
      },
    ];
  }
  const out: PeriodWarning[] = [];
  for (const p of empty) {
    const over = measures.filter((n) => {
      const m = run.rubric.symbols.global.get(n);
      return m?.kind === "measure" && m.decl.population === p;
    });
    const decl = run.rubric.symbols.global.get(p);
    const title = decl?.kind === "population" && decl.decl.label ? `“${p}”（${decl.decl.label}）` : `“${p}”`;
    out.push({
      code: "empty-population",
      zh:
        `考核范围${title}对每个单位都没有工单，而${label}受理了 ${received} 件工单：读它的计数 ${over.join("、")} 各单位都为 0。` +
        `请检查它的条件是否写对（字段名、取值是否与数据一致）`,
      en: `population ${p} holds no order for any unit while ${received} order(s) were received in ${period}: ${over.join(", ")} are 0 for every unit; check its condition`,
      population: p,
      measures: over,
    });
  }
  return out;
}

/**
 * An extra column of the orders (`attribute 回访评价`) that no order of the period has a value in, while orders were
 * received: the file's column is named otherwise (回访结果), or missing. Every measure reading it is then 0 (or its
 * default) for every unit, and every unit loses the same points without a word. Counted (one more pass) only when a
 * measure reading the column is 0 for every unit.
 */
async function absentAttributes(run: AssessmentRun, data: ScoringData, period: string): Promise<PeriodWarning[]> {
  const plan = planFor(run.rubric, run.assessment);
  const total = (values: MeasureValues, name: string) => run.units.reduce((n, u) => n + Math.abs(values.value(u.unit.code, name) ?? 0), 0);
  const suspects = [...attributeReaders(run.rubric, plan.measures)].filter(([, measures]) => measures.some((m) => total(run.measures, m) === 0));
  if (suspects.length === 0 || run.units.length === 0) return [];
  const counted = await data.source.compute(onlyMeasures(run.rubric.plan, [ORDERS_RECEIVED_MEASURE, ...suspects.map(([a]) => attributeValuesMeasure(a))]), {
    window: run.window,
    asOf: run.asOf,
    units: run.units.map((u) => u.unit.code),
    evidence: false,
  });
  const received = total(counted, ORDERS_RECEIVED_MEASURE);
  if (received === 0) return [];
  const label = periodLabel(period);
  return suspects
    .filter(([a]) => total(counted, attributeValuesMeasure(a)) === 0)
    .map(([attribute, measures]) => {
      const decl = run.rubric.symbols.orderScope.get(attribute);
      const title = decl?.kind === "attribute" && decl.decl.label && decl.decl.label !== attribute ? `“${attribute}”（${decl.decl.label}）` : `“${attribute}”`;
      return {
        code: "absent-attribute" as const,
        zh:
          `规则读取工单的扩展属性${title}，而${label}受理的 ${received} 件工单都没有这一列的值：读它的计数 ${measures.join("、")} 各单位都一样。` +
          `请检查工单文件中是否有名为“${attribute}”的列（列名须与规则中的名称一致）`,
        en: `the rubric reads the orders' extra column ${attribute}, which none of the ${received} order(s) received in ${period} has: ${measures.join(", ")} are alike for every unit; check that the orders file has a column named ${attribute}`,
        attribute,
        measures,
      };
    });
}

/** The measures (not hidden ones) reading each extra column of the orders, directly or through a field. */
function attributeReaders(rubric: CompiledRubric, measures: readonly MeasureSpec[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of measures) {
    if (m.record !== "orders" || m.name.startsWith("#")) continue;
    const read = new Set<string>();
    const seen = new Set<string>();
    const walk = (e: A.Expr | null): void => {
      if (!e) return;
      if (e.kind === "name" && !seen.has(e.name)) {
        seen.add(e.name);
        const sym = rubric.symbols.orderScope.get(e.name);
        if (sym?.kind === "attribute") read.add(e.name);
        else if (sym?.kind === "field") walk(sym.decl.expr);
      }
      for (const c of A.childrenOf(e)) walk(c);
    };
    for (const e of [m.populationWhere, m.where, m.of]) walk(e);
    for (const a of read) out.set(a, [...(out.get(a) ?? []), m.name]);
  }
  return out;
}

/** The rubric's plan with only the measures named (the same object each time: the push-down remembers its query by plan). */
function onlyMeasures(plan: MeasurePlan, names: readonly string[]): MeasurePlan {
  const key = names.join("\n");
  const known = subPlans.get(plan) ?? new Map<string, MeasurePlan>();
  subPlans.set(plan, known);
  let only = known.get(key);
  if (!only) {
    only = { ...plan, measures: plan.measures.filter((m) => names.includes(m.name)) };
    known.set(key, only);
  }
  return only;
}
const subPlans = new WeakMap<MeasurePlan, Map<string, MeasurePlan>>();

/**
 * The orders the period received, any the rubric reads or not: a query of its own (one more pass over the month),
 * asked only when a population holds none, so that the usual period's measures share their population's test.
 */
function ordersReceived(run: AssessmentRun, data: ScoringData): Promise<MeasureValues> | MeasureValues {
  const only = onlyMeasures(run.rubric.plan, [ORDERS_RECEIVED_MEASURE]);
  return data.source.compute(only, { window: run.window, asOf: run.asOf, units: run.units.map((u) => u.unit.code), evidence: false });
}

/** Checks of the declarations outside assessments: sources, event types, facts, fields, populations, measures, rates, values. */
import type * as A from "../ast.ts";
import { Codes } from "../diagnostics.ts";
import { suggest, suggestEn } from "../suggest.ts";
import { type CheckContext, namesOf, someOf } from "./context.ts";

export function checkSources({ accept }: CheckContext, d: A.SourcesDecl): void {
  const seen = new Set<string>();
  for (const v of d.values) {
    if (seen.has(v.value)) accept("error", Codes.DuplicateName, `工单来源“${v.value}”写了两次`, `the source '${v.value}' is declared twice`, v.range);
    seen.add(v.value);
  }
}

export function checkEvent({ accept }: CheckContext, d: A.EventDecl): void {
  if (d.points !== null && (d.points < 0 || !Number.isFinite(d.points)))
    accept("error", Codes.BadNumber, "事件分值不能为负数", "event points cannot be negative", d.range);
}

export function checkFact({ resolver }: CheckContext, d: A.FactDecl): void {
  if (d.whenMissing) resolver.expect(d.whenMissing, resolver.typeOf(d.whenMissing, { level: "unit" }), d.type === "yesno" ? "bool" : "number");
}

export function checkField({ resolver }: CheckContext, d: A.FieldDecl): void {
  resolver.typeOf(d.expr, { level: d.record });
}

/**
 * `assessed at day N of next month`: a day every month has (the 29th would fall in March for February's month); the
 * month's last day is `assessed at end of next month`.
 */
export function checkAssessedAt({ accept }: CheckContext, d: A.AssessedAt): void {
  if (d.day === null || (Number.isInteger(d.day) && d.day >= 1 && d.day <= 28)) return;
  accept(
    "error",
    Codes.BadNumber,
    `考核时点“次月 ${d.day} 日”不对：日应是 1 到 28 之间的整数（每个月都有的日子）；要到次月最后一天，请写 assessed at end of next month`,
    `the day of 'assessed at day ${d.day} of next month' is an integer from 1 to 28 (a day every month has); for the month's last day write 'assessed at end of next month'`,
    d.dayRange ?? d.range,
  );
}

export function checkPopulation({ resolver }: CheckContext, d: A.PopulationDecl): void {
  if (d.where) resolver.expect(d.where, resolver.typeOf(d.where, { level: d.record }), "bool");
}

/** The measures of a file by the population they count, in file order. */
const measuresOf = new WeakMap<A.Rubric, Map<string, A.MeasureDecl[]>>();
function measuresByPopulation(rubric: A.Rubric): Map<string, A.MeasureDecl[]> {
  let found = measuresOf.get(rubric);
  if (!found) {
    found = new Map();
    for (const m of rubric.declarations) {
      if (m.kind !== "measure") continue;
      const list = found.get(m.population);
      if (list) list.push(m);
      else found.set(m.population, [m]);
    }
    measuresOf.set(rubric, found);
  }
  return found;
}

export function checkMeasure({ rubric, resolver, accept }: CheckContext, d: A.MeasureDecl): void {
  const pop = resolver.symbols.global.get(d.population);
  resolver.used.add(d.population);
  if (pop?.kind !== "population") {
    // one missing population, however many measures count it (a generated rubric has hundreds): said once, at the first
    const over = measuresByPopulation(rubric).get(d.population) ?? [d];
    if (over[0] !== d) return;
    const some = someOf(over.map((m) => m.name));
    const [many, manyEn] = over.length > 1 ? [`；共 ${some.count} 个计数用到它：${some.zh}`, `; ${some.count} measures count it: ${some.en}`] : ["", ""];
    accept(
      "error",
      Codes.UnknownPopulation,
      `未定义的考核范围 ${d.population}${suggest(d.population, namesOf(resolver, "population")) || "（先用 population 定义）"}${many}`,
      `unknown population '${d.population}'${suggestEn(d.population, namesOf(resolver, "population"))}${manyEn}`,
      d.populationRange,
    );
    return;
  }
  const level = pop.decl.record;
  if (d.of) resolver.expect(d.of, resolver.typeOf(d.of, { level }), "number");
  if (d.where) resolver.expect(d.where, resolver.typeOf(d.where, { level }), "bool");
}

export function checkRate({ resolver, accept }: CheckContext, d: A.RateDecl): void {
  if (d.denominator.kind === "name" && d.denominator.name === "") {
    // `满意数 / 回访数 × 100%`: a rate is a fraction already, shown as a percentage (0.95 is 95%)
    const n = d.numerator;
    const scaled =
      n.kind === "binary" && n.op === "×" && n.left.kind === "binary" && n.left.op === "/" && n.right.kind === "number" && [1, 100].includes(n.right.value);
    accept(
      "error",
      Codes.RateNotDivision,
      scaled
        ? `比率写作 分子 / 分母，不乘 ${(n.right as A.NumberLit).text}：比率本身就按百分数显示（0.95 显示为 95%），公式中写 95% 即 0.95`
        : "比率要写成 分子 / 分母，例如 超期件数 / 工单数",
      scaled
        ? "a rate is numerator / denominator, not multiplied: it is shown as a percentage already (0.95 is 95%)"
        : "a rate is written numerator / denominator",
      d.numerator.range,
    );
  }
  for (const e of [d.numerator, d.denominator, d.whenZero])
    if (e && !(e.kind === "name" && e.name === "")) resolver.expect(e, resolver.typeOf(e, { level: "unit" }), "number");
}

export function checkValue({ resolver }: CheckContext, d: A.ValueDecl): void {
  resolver.typeOf(d.expr, { level: "unit" });
}

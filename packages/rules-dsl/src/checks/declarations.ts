/** Checks of the declarations outside assessments: sources, event types, facts, fields, populations, measures, rates, values. */
import type * as A from "../ast.ts";
import { Codes } from "../diagnostics.ts";
import { suggest, suggestEn } from "../suggest.ts";
import { type CheckContext, namesOf } from "./context.ts";

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

export function checkPopulation({ resolver }: CheckContext, d: A.PopulationDecl): void {
  if (d.where) resolver.expect(d.where, resolver.typeOf(d.where, { level: d.record }), "bool");
}

export function checkMeasure({ resolver, accept }: CheckContext, d: A.MeasureDecl): void {
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

export function checkRate({ resolver, accept }: CheckContext, d: A.RateDecl): void {
  if (d.denominator.kind === "name" && d.denominator.name === "") {
    accept("error", Codes.RateNotDivision, "比率要写成 分子 / 分母，例如 超期件数 / 工单数", "a rate is written numerator / denominator", d.numerator.range);
  }
  for (const e of [d.numerator, d.denominator, d.whenZero])
    if (e && !(e.kind === "name" && e.name === "")) resolver.expect(e, resolver.typeOf(e, { level: "unit" }), "number");
}

export function checkValue({ resolver }: CheckContext, d: A.ValueDecl): void {
  resolver.typeOf(d.expr, { level: "unit" });
}

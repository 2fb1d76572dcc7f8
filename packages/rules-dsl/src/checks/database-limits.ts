import * as A from "../ast.ts";
import { Codes } from "../diagnostics.ts";
import { type Cost, fieldCosts, Limits, recordCost } from "../limits.ts";
import type { CheckContext } from "./context.ts";

/**
 * What the databases can compute: each record-level expression, its derived
 * fields written in, within the depth and size limits (SQLite refuses an
 * expression tree deeper than 1000); the measures over one kind of record
 * within the columns one query may have (SQLite 2000, PostgreSQL 1664).
 */
export function checkDatabaseLimits(ctx: CheckContext): void {
  const { rubric, resolver, accept } = ctx;
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
    let tooLarge = false;
    for (const e of exprs) {
      const c = recordCost(e, lookup);
      if (c.depth > Limits.depth || c.size > Limits.size) {
        tooLarge = true;
        accept(
          "error",
          Codes.TooLarge,
          `这个条件或表达式把用到的派生字段（field）逐层代入后太大（运算层数 ${c.depth}，上限 ${Limits.depth}；运算数 ${c.size}，上限 ${Limits.size}），数据库无法计算：请简化派生字段的相互引用`,
          `with its derived fields written in, this expression is too large for the databases (depth ${c.depth}, limit ${Limits.depth}; size ${c.size}, limit ${Limits.size}): simplify how the fields use each other`,
          e.range,
        );
      }
    }
    const measures = rubric.declarations.filter((d): d is A.MeasureDecl => {
      if (d.kind !== "measure") return false;
      const pop = resolver.symbols.global.get(d.population);
      return pop?.kind === "population" && pop.decl.record === record;
    });
    // an expression already too large is said above: the total would only say it again
    if (!tooLarge) measuresCost(measures, record, fields, lookup, ctx);
    // one query column per measure; `per <event type>` adds two hidden measures per event type over the events
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

/**
 * The measures over one kind of record together, within `Limits.measuresSize`: the SQL push-down computes every
 * measure's condition and value for each record, its population's condition with it, and writes each derived field in
 * wherever it is used, so a field counted by forty measures is computed forty times. Each within the size limit, forty
 * measures of a field doubled twelve times (`g12 = g11 + g11`, 16,000 operations) took over 5 minutes to score a month,
 * holding the thread that scores (an adversary's review); said at the costliest measure, with the derived field it
 * reads that costs most.
 */
function measuresCost(
  measures: readonly A.MeasureDecl[],
  record: "orders" | "events",
  fields: ReadonlyMap<string, A.Expr>,
  lookup: (name: string) => Cost | null,
  { resolver, accept }: CheckContext,
): void {
  let total = 0;
  let costliest: { measure: A.MeasureDecl; size: number; parts: A.Expr[] } | null = null;
  for (const d of measures) {
    const pop = resolver.symbols.global.get(d.population);
    const parts = [pop?.kind === "population" ? pop.decl.where : null, d.where, d.of].filter((e): e is A.Expr => e !== null && e !== undefined);
    const size = parts.reduce((sum, e) => sum + recordCost(e, lookup).size, 0);
    total += size;
    if (costliest === null || size > costliest.size) costliest = { measure: d, size, parts };
  }
  if (total <= Limits.measuresSize || costliest === null) return;
  const n = (x: number) => x.toLocaleString("en-US");
  // the derived field the costliest measure reads that costs most, written in
  let field: { name: string; size: number } | null = null;
  const stack = [...costliest.parts];
  while (stack.length > 0) {
    const e = stack.pop() as A.Expr;
    if (e.kind === "name" && fields.has(e.name)) {
      const size = lookup(e.name)?.size ?? 0;
      if (field === null || size > field.size) field = { name: e.name, size };
    }
    stack.push(...A.childrenOf(e));
  }
  const what = record === "orders" ? "工单" : "事件";
  const { name } = costliest.measure;
  const [fieldZh, fieldEn] = field
    ? [
        `；其中 ${name} 用到的派生字段 ${field.name} 代入后有 ${n(field.size)} 个运算，用到它的每个计数都要再算一遍。请简化派生字段的相互引用（不要让一个字段重复引用另一个，如 g1 = g0 + g0），或减少用到它的计数`,
        `; ${name} reads the derived field '${field.name}', ${n(field.size)} operations written in, computed again for each measure that reads it. Simplify how the fields use each other (a field should not read another twice, as g1 = g0 + g0), or use it in fewer measures`,
      ]
    : ["。请简化这些计数的条件，或合并、减少计数", ". Simplify these measures' conditions, or merge them into fewer"];
  accept(
    "error",
    Codes.TooCostly,
    `${what}的 ${measures.length} 个计数（measure）把条件和用到的派生字段（field）逐层代入后共有 ${n(total)} 个运算，超过上限 ${n(Limits.measuresSize)}：评分时数据库要为每条${what}把它们全部算一遍，评分会很慢。最多的是 ${name}（${n(costliest.size)} 个运算）${fieldZh}`,
    `the ${measures.length} measures over ${record}, their conditions and derived fields written in, come to ${n(total)} operations, more than the limit of ${n(Limits.measuresSize)}: the database computes them all for every record, and scoring would be slow. The costliest is '${name}' (${n(costliest.size)} operations)${fieldEn}`,
    costliest.measure.nameRange,
  );
}

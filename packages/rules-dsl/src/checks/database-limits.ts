import type * as A from "../ast.ts";
import { Codes } from "../diagnostics.ts";
import { type Cost, fieldCosts, Limits, recordCost } from "../limits.ts";
import type { CheckContext } from "./context.ts";

/**
 * What the databases can compute: each record-level expression, its derived
 * fields written in, within the depth and size limits (SQLite refuses an
 * expression tree deeper than 1000); the measures over one kind of record
 * within the columns one query may have (SQLite 2000, PostgreSQL 1664).
 */
export function checkDatabaseLimits({ rubric, resolver, accept }: CheckContext): void {
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

/**
 * `deduct per 推诿扯皮` counts the events of the first `events` population in the file. When that population keeps
 * only other types (`population 批示事件 = events where … and 事件类型 = 批示件督办加分`, declared before the period's
 * events), the type is never counted and its deductions silently vanish. Said at each `per` whose type the first
 * events population's condition leaves out for certain (`事件类型 = X`, `!= X`, `in […]`, `not in […]`, their `not`, joined by and).
 */
import type * as A from "../ast.ts";
import { itemsOf } from "../ast-utils.ts";
import { Codes } from "../diagnostics.ts";
import type { CheckContext } from "./context.ts";

/** The event type a condition's side names: `批示件督办加分` (the declared type) or `"批示件督办加分"`. */
const typeNamed = (e: A.Expr): string | null => (e.kind === "name" ? e.name : e.kind === "string" ? e.value : null);
const isTypeField = (e: A.Expr) => e.kind === "name" && e.name === "事件类型";

/** Does the condition leave out events of `type` for certain? (Anything it cannot tell: no.) */
function leavesOut(where: A.Expr, type: string): boolean {
  // not (事件类型 = X) is 事件类型 != X; not (… in […]) is not in
  if (where.kind === "unary" && where.op === "not") {
    const inner = where.operand;
    if (inner.kind === "binary" && (inner.op === "=" || inner.op === "!=")) return leavesOut({ ...inner, op: inner.op === "=" ? "!=" : "=" }, type);
    if (inner.kind === "inList") return leavesOut({ ...inner, negated: !inner.negated }, type);
    return false;
  }
  if (where.kind === "binary" && where.op === "and") return leavesOut(where.left, type) || leavesOut(where.right, type);
  if (where.kind === "binary" && (where.op === "=" || where.op === "!=")) {
    const other = isTypeField(where.left) ? where.right : isTypeField(where.right) ? where.left : null;
    const named = other && typeNamed(other);
    if (named === null || named === undefined) return false;
    return where.op === "=" ? named !== type : named === type;
  }
  if (where.kind === "inList" && isTypeField(where.operand)) {
    const named = where.items.map(typeNamed);
    if (named.includes(null)) return false;
    return where.negated ? named.includes(type) : !named.includes(type);
  }
  return false;
}

export function checkPerEvents({ rubric, accept }: CheckContext): void {
  const first = rubric.declarations.find((d): d is A.PopulationDecl => d.kind === "population" && d.record === "events");
  if (!first?.where) return;
  const types = new Set(rubric.declarations.filter((d): d is A.EventDecl => d.kind === "event").map((d) => d.name));
  for (const a of rubric.declarations) {
    if (a.kind !== "assessment") continue;
    for (const part of a.parts)
      for (const item of itemsOf(part))
        for (const adj of item.adjustments) {
          if (!adj.per || !types.has(adj.per.name) || !leavesOut(first.where, adj.per.name)) continue;
          const type = adj.per.name;
          accept(
            "warning",
            Codes.PerEventLeftOut,
            `per ${type} 统计的是文件中第一个事件范围 ${first.name} 里的事件，而它的条件不含 ${type}：${type} 永远计 0 次，这项扣分（加分）不会发生。请把本期全部事件的范围（如 population 本期事件 = events where 日期 in period）写在其他事件范围之前`,
            `per ${type} counts the events of the file's first events population, ${first.name}, whose condition leaves ${type} out: it always counts 0. Declare the period's events (population 本期事件 = events where 日期 in period) before the other events populations`,
            adj.per.range,
          );
        }
  }
}

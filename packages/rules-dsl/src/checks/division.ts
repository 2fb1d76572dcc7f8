/**
 * A division by a count at the unit level (`value 满意率 = 满意数 / 回访数`): for a unit whose count is 0 the value
 * is "not applicable" (除数为零), and an item reading it does not apply to that unit — it is left out of the unit's
 * score, and the unit out of the ranking or rescaled. A rate says what a zero denominator gives (`when zero`); a bare
 * division does not, and a regulation almost always does ("当月无回访的，满意率按 100% 计"). Said once per division,
 * unless it is guarded: in an `if`, on the left of `??`, or an argument of `coalesce` before its last.
 */
import type * as A from "../ast.ts";
import { itemExprs, itemsOf, visitGuarded } from "../ast-utils.ts";
import { Codes } from "../diagnostics.ts";
import type { CheckContext } from "./context.ts";

function divisionsByCount(ctx: CheckContext, expr: A.Expr): void {
  visitGuarded(
    expr,
    (e, guarded) => {
      if (guarded || e.kind !== "binary" || e.op !== "/" || e.right.kind !== "name") return;
      if (ctx.resolver.symbols.global.get(e.right.name)?.kind !== "measure") return;
      const count = e.right.name;
      ctx.accept(
        "warning",
        Codes.DivisionByCount,
        `除以计数 ${count}：${count} 为 0 的单位，这个值“不适用”（除数为零），用到它的考核项对该单位不计分。办法对此有规定的（如“无回访的按 100% 计”），请写成比率：rate 名称 = … / ${count}, when zero: 1 "说明"；或分情况写：if ${count} > 0 then … else …`,
        `division by the count ${count}: for a unit whose ${count} is 0 the value is "not applicable" (division by zero) and the items reading it do not score for that unit; if the regulation says what then, write a rate: rate name = … / ${count}, when zero: 1 "…"; or if ${count} > 0 then … else …`,
        e.range,
      );
    },
    true,
  );
}

/** A value's expression. */
export function checkValueDivisions(ctx: CheckContext, d: A.ValueDecl): void {
  divisionsByCount(ctx, d.expr);
}

/** An assessment's item formulas and deductions, and its total. */
export function checkItemDivisions(ctx: CheckContext, a: A.AssessmentDecl): void {
  for (const part of a.parts) for (const item of itemsOf(part)) for (const e of itemExprs(item)) divisionsByCount(ctx, e);
  if (a.total) divisionsByCount(ctx, a.total);
}

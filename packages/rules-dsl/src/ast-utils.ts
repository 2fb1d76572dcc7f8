/**
 * Small questions about the AST that the checker, the engine, the database and the console all ask: an
 * assessment's items, one item by its code, the expressions of an item, an assessment's window as a key, what a
 * missing value is replaced around, and whether a month or a date written in a rubric exists (and why not). Pure: no diagnostics, no symbol table.
 */

import { isDay, isMonth } from "@kaohe/time";
import * as A from "./ast.ts";

export function itemsOf(part: A.AssessmentPart): A.ItemDecl[] {
  return part.kind === "section" ? part.items : [part];
}

export function findItem(assessment: A.AssessmentDecl, code: string): A.ItemDecl | undefined {
  for (const part of assessment.parts) for (const item of itemsOf(part)) if (item.code === code) return item;
  return undefined;
}

/** An item's expressions: formula, base, weight, at least, and each adjustment's amount and condition. */
export function itemExprs(item: A.ItemDecl): A.Expr[] {
  return [item.formula, item.base, item.weight, item.atLeast, ...item.adjustments.flatMap((a) => [a.amount, a.condition])].filter(
    (x): x is A.Expr => x !== null,
  );
}

/** An assessment's window as a comparable key (the default is the whole month, or the year). */
export function windowKey(a: A.AssessmentDecl): string {
  const w = a.window ?? { window: a.schedule === "monthly" ? "month" : "year", startDay: 1 };
  return `${w.window}/${w.startDay}`;
}

/** The names an expression reads in its own period: not those inside previous(…), read from the period before. */
export function namesInThisPeriod(e: A.Expr | null, out: Set<string> = new Set()): Set<string> {
  if (!e || (e.kind === "call" && e.callee === "previous")) return out;
  if (e.kind === "name") out.add(e.name);
  for (const c of A.childrenOf(e)) namesInThisPeriod(c, out);
  return out;
}

/**
 * Visit an expression and everything in it, each with whether a missing or "not applicable" value there is replaced
 * around it: on the left of `??`, in an argument of `coalesce` before its last and, with `ifGuards`, anywhere in an
 * `if … then … else` (whose test usually decides it, `if 回访数 > 0 then …`).
 */
export function visitGuarded(e: A.Expr, visit: (x: A.Expr, guarded: boolean) => void, ifGuards = false, guarded = false): void {
  visit(e, guarded);
  if (e.kind === "binary" && e.op === "??") {
    visitGuarded(e.left, visit, ifGuards, true);
    visitGuarded(e.right, visit, ifGuards, guarded);
    return;
  }
  if (e.kind === "call" && e.callee === "coalesce") {
    for (const [i, arg] of e.args.entries()) visitGuarded(arg.value, visit, ifGuards, guarded || i < e.args.length - 1);
    return;
  }
  const inside = guarded || (ifGuards && e.kind === "if");
  for (const c of A.childrenOf(e)) visitGuarded(c, visit, ifGuards, inside);
}

/** A month `YYYY-MM` (01–12)? */
export const isValidMonth = isMonth;

/** A month, or a day that exists (`2017-02-29` does not)? */
export const isValidDate = (text: string): boolean => isMonth(text) || isDay(text);

/**
 * Why a month or a day of a rubric (`2018-13`, `2018-02-30`, every year's `02-30`: year null) does not exist, in
 * Chinese and English; null when it does (or the parts are not numbers: the format is said elsewhere).
 */
export function noSuchDate(year: number | null, month: number, day: number | null): [string, string] | null {
  if (!Number.isInteger(month) || (day !== null && !Number.isInteger(day))) return null;
  if (month < 1 || month > 12) return [`月份应在 1–12 之间，没有 ${month} 月`, `a month is 1–12: there is no month ${month}`];
  if (day === null) return null;
  // every year: 02-29 does not come every year
  const days = new Date(Date.UTC(year ?? 2017, month, 0)).getUTCDate();
  if (day >= 1 && day <= days) return null;
  if (year === null && month === 2 && day === 29) return ["2 月 29 日不是每年都有", "29 February does not come every year"];
  if (year === null) return [`${month} 月没有 ${day} 日`, `month ${month} has no day ${day}`];
  return [`${year} 年 ${month} 月只有 ${days} 天，没有 ${day} 日`, `${year}-${String(month).padStart(2, "0")} has ${days} days: there is no day ${day}`];
}

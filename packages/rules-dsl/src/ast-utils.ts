/**
 * Small questions about the AST that the checker, the engine, the database and the console all ask: an
 * assessment's items, one item by its code, the expressions of an item, an assessment's window as a key, and
 * whether a month or a date written in a rubric exists. Pure: no diagnostics, no symbol table.
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

/** A month `YYYY-MM` (01–12)? */
export const isValidMonth = isMonth;

/** A month, or a day that exists (`2017-02-29` does not)? */
export const isValidDate = (text: string): boolean => isMonth(text) || isDay(text);

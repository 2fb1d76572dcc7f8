/**
 * The built-in functions of the rules language, one entry each (define.ts says
 * what an entry holds). To add a function: write its entry in this folder and
 * list it here; the checker, the unit evaluator, the record code generator and
 * the SQL push-down find it through `findFunction`.
 */
import { coalesce } from "./coalesce.ts";
import type { BuiltinFunction } from "./define.ts";
import { group_mean, group_rank, group_sum, normalize, overall_mean, overall_sum, share } from "./group.ts";
import { count_months, mean, previous } from "./history.ts";
import { levels } from "./levels.ts";
import { abs, ceil, floor, max, min, round } from "./numbers.ts";
import { threshold } from "./threshold.ts";
import { add_workdays, day_start, days, hour_of, hours, workdays } from "./time.ts";

export * from "./define.ts";
export { ROUND_DIGITS, roundHalfUp, roundTo, wholeUp } from "./numbers.ts";

/** In the order the manual and the editor list them. */
export const functions: readonly BuiltinFunction[] = [
  min,
  max,
  abs,
  round,
  ceil,
  floor,
  coalesce,
  hours,
  days,
  hour_of,
  day_start,
  workdays,
  add_workdays,
  levels,
  threshold,
  normalize,
  share,
  group_rank,
  group_mean,
  group_sum,
  overall_mean,
  overall_sum,
  previous,
  mean,
  count_months,
];

const byName = new Map(functions.flatMap((f) => [f.name, f.zhName, f.readName].flatMap((n) => (n ? [[n, f] as const] : []))));

export function findFunction(name: string): BuiltinFunction | undefined {
  return byName.get(name);
}

/**
 * A call as the parser keeps it: a function called by the name an explanation reads (分档计分, 满分:) under its own
 * name and arguments (threshold, full:); its own names, English or Chinese (向上取整), as written.
 */
export function canonicalCall(callee: string, argNames: readonly (string | null)[]): { callee: string; argNames: (string | null)[] } {
  const f = byName.get(callee);
  if (!f) return { callee, argNames: [...argNames] };
  const args = f.readArgs ? new Map(Object.entries(f.readArgs).map(([own, read]) => [read, own])) : null;
  return { callee: callee === f.readName ? f.name : callee, argNames: argNames.map((n) => (n !== null && args?.get(n)) || n) };
}

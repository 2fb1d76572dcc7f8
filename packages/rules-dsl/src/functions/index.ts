/**
 * The built-in functions of the rules language, one entry each (define.ts says
 * what an entry holds). To add a function: write its entry in this folder and
 * list it here; the checker, the unit evaluator, the record code generator and
 * the SQL push-down find it through `findFunction`.
 */
import { coalesce } from "./coalesce.ts";
import type { BuiltinFunction } from "./define.ts";
import { normalize, share } from "./group.ts";
import { mean, previous } from "./history.ts";
import { levels } from "./levels.ts";
import { abs, ceil, floor, max, min, round } from "./numbers.ts";
import { threshold } from "./threshold.ts";
import { add_workdays, days, hours, workdays } from "./time.ts";

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
  workdays,
  add_workdays,
  levels,
  threshold,
  normalize,
  share,
  previous,
  mean,
];

const byName = new Map(functions.flatMap((f) => (f.zhName ? [[f.name, f] as const, [f.zhName, f] as const] : [[f.name, f] as const])));

export function findFunction(name: string): BuiltinFunction | undefined {
  return byName.get(name);
}

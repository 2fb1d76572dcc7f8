/** min, max, abs, round: arithmetic that is missing when an argument is. */
import { type BuiltinFunction, checkNumbers, type SqlCall } from "./define.ts";

/** round()'s digits: truncated to an integer and kept within ±15 (a double has no more), alike in memory and in SQL. */
export const ROUND_DIGITS = 15;

/**
 * Round half away from zero (四舍五入) to `decimals` places, immune to binary
 * noise such as 2.675 being stored as 2.67499999….
 */
export function roundHalfUp(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const exact = Math.abs(x) * f;
  // already whole at these decimals (full marks, counts): its 15-digit decimal is itself, nothing to round
  if (Number.isInteger(exact) && exact < 1e15) return (Math.sign(x) * exact) / f;
  const scaled = Number(exact.toPrecision(15));
  // when the digits kept reach beyond a double's 15 significant ones there is nothing to round: the 15-digit decimal, as
  // PostgreSQL rounds it (dividing by 10^decimals would only add binary noise, or overflow)
  if (!Number.isFinite(scaled) || scaled >= 1e15) return Number(x.toPrecision(15));
  return (Math.sign(x) * Math.floor(scaled + 0.5)) / f;
}

/** round(x, digits): what round() computes (missing digits: 0); SQLite's kh_round calls it too. */
export function roundTo(a: number | null, d: number | null = 0): number | null {
  return a === null ? null : roundHalfUp(a, Math.max(-ROUND_DIGITS, Math.min(ROUND_DIGITS, Math.trunc(d ?? 0))));
}

/** SQL MIN/MAX of several values (LEAST/GREATEST in PostgreSQL), missing when any is, as in memory. */
function extremeSql(name: "min" | "max", args: string[], c: SqlCall): string {
  const fn = c.dialect === "sqlite" ? name.toUpperCase() : name === "min" ? "LEAST" : "GREATEST";
  if (args.length === 1) return args[0] as string;
  return `(CASE WHEN ${args.map((x) => `${x} IS NULL`).join(" OR ")} THEN NULL ELSE ${fn}(${args.join(", ")}) END)`;
}

export const min: BuiltinFunction = {
  name: "min",
  readName: "最小值",
  params: "x, y, …",
  level: "any",
  positional: { min: 1, max: 99 },
  named: [],
  returns: "number",
  zh: "最小值",
  check: checkNumbers,
  apply: (...xs) => (xs.some((x) => x === null) ? null : Math.min(...(xs as number[]))),
  sql: (args, c) => extremeSql("min", args, c),
};

export const max: BuiltinFunction = {
  name: "max",
  readName: "最大值",
  params: "x, y, …",
  level: "any",
  positional: { min: 1, max: 99 },
  named: [],
  returns: "number",
  zh: "最大值",
  check: checkNumbers,
  apply: (...xs) => (xs.some((x) => x === null) ? null : Math.max(...(xs as number[]))),
  sql: (args, c) => extremeSql("max", args, c),
};

export const abs: BuiltinFunction = {
  name: "abs",
  readName: "绝对值",
  params: "x",
  level: "any",
  positional: { min: 1, max: 1 },
  named: [],
  returns: "number",
  zh: "绝对值",
  check: checkNumbers,
  apply: (a) => (a === null ? null : Math.abs(a)),
  sql: (args) => `ABS(${args[0]})`,
};

export const round: BuiltinFunction = {
  name: "round",
  readName: "四舍五入",
  params: "x, 位数",
  level: "any",
  positional: { min: 1, max: 2 },
  named: [],
  returns: "number",
  zh: "四舍五入（保留位数）",
  check: checkNumbers,
  apply: roundTo,
  // half away from zero at the digits given (missing digits: 0), as roundTo; SQLite's ROUND() differs: it calls kh_round
  // (db raw.ts), which is roundTo. Digits truncated and kept within ±ROUND_DIGITS: a huge or fractional digits value
  // neither fails the cast nor differs
  sql: (args, c) => {
    const digits = args[1] ?? "0";
    return c.dialect === "sqlite"
      ? `kh_round(${args[0]}, ${digits})`
      : `(ROUND((${args[0]})::numeric, COALESCE(LEAST(GREATEST(trunc((${digits})::float8), -${ROUND_DIGITS}), ${ROUND_DIGITS})::int, 0)))::float8`;
  },
};

/**
 * x as a decimal of 15 significant digits, the binary noise of a calculation dropped: (98% − 97%) / 1% is
 * 1.0000000000000009 in binary, 1 as written; rounding it up must give 1, not 2.
 */
function asWritten(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(15)) : x;
}

/** The whole number at or above x (不足 1 按 1 计), after dropping binary noise: what ceil() and threshold(whole: yes) use. */
export function wholeUp(x: number): number {
  return Math.ceil(asWritten(x));
}

// unit level only (rates, values, items): a record-level use would need SQL dropping the noise as asWritten does
export const ceil: BuiltinFunction = {
  name: "ceil",
  zhName: "向上取整",
  params: "x",
  level: "unit",
  positional: { min: 1, max: 1 },
  named: [],
  returns: "number",
  zh: "向上取整：不小于 x 的最小整数（不足 1 按 1 计）",
  check: checkNumbers,
  apply: (a) => (a === null ? null : wholeUp(a)),
};

export const floor: BuiltinFunction = {
  name: "floor",
  zhName: "向下取整",
  params: "x",
  level: "unit",
  positional: { min: 1, max: 1 },
  named: [],
  returns: "number",
  zh: "向下取整：不大于 x 的最大整数（不足 1 不计）",
  check: checkNumbers,
  apply: (a) => (a === null ? null : Math.floor(asWritten(a))),
};

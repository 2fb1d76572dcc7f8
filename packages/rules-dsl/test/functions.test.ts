/**
 * The built-in functions' registry (src/functions/): each entry has what every
 * place it may be used asks of it, so that a function added there works in
 * the checker, at unit level, in generated record code and in SQL alike.
 */
import { describe, expect, test } from "vitest";
import { type Call, type Dialect, findFunction, functions, NOT_APPLICABLE, parse, type SqlCall } from "../src/index.ts";

/** The call in `value v = <text>` of a parsed rubric. */
function callOf(text: string): Call {
  const { ast } = parse(`rubric "t" version "1"\n  in force from 2017-09\n\nvalue v = ${text}\n`);
  const d = ast?.declarations.find((x) => x.kind === "value");
  if (d?.kind !== "value" || d.expr.kind !== "call") throw new Error(`not a call: ${text}`);
  return d.expr;
}

const sqlCall = (call: Call, dialect: Dialect): SqlCall => ({
  call,
  dialect,
  literal: (s) => `'${s}'`,
  number: (n) => String(n),
  workdays: (callee, args) => `${callee}(${args.join(", ")})`,
});

describe("the registry of built-in functions", () => {
  test("one entry a name, each with its signature and a check", () => {
    expect(new Set(functions.map((f) => f.name)).size).toBe(functions.length);
    for (const f of functions) {
      expect(findFunction(f.name)).toBe(f);
      expect(f.positional.min).toBeLessThanOrEqual(f.positional.max);
      expect(f.params.length).toBeGreaterThan(0);
      expect(f.zh.length).toBeGreaterThan(0);
      for (const r of f.requiredNamed ?? []) expect(f.named === "*" || f.named.includes(r)).toBe(true);
      expect(typeof f.check).toBe("function");
    }
  });

  test("a function usable on a record has JavaScript (its own or a call of apply) and SQL for both databases", () => {
    for (const f of functions.filter((x) => x.level !== "unit")) {
      expect(f.js !== undefined || f.apply !== undefined, f.name).toBe(true);
      expect(f.sql, f.name).toBeDefined();
      const args = Array.from({ length: f.positional.min }, (_, i) => `a${i}`);
      const call = callOf(`${f.name}(${args.join(", ")})`);
      for (const dialect of ["sqlite", "postgres"] as const) expect(f.sql?.(args, sqlCall(call, dialect))).toMatch(/a0/);
    }
  });

  test("a function usable at unit level has a value there (its own or apply of its arguments)", () => {
    for (const f of functions.filter((x) => x.level !== "record")) expect(f.evaluate !== undefined || f.apply !== undefined, f.name).toBe(true);
  });

  test("apply: missing in, missing out", () => {
    for (const f of functions.filter((x) => x.apply)) {
      const args = Array.from({ length: f.positional.max === 99 ? 2 : f.positional.max }, (_, i) => (i === 0 ? null : 1));
      expect(f.apply?.(...args), f.name).toBeNull();
    }
  });

  test("unit-level hooks: threshold and levels read their named arguments, mean is not applicable without months", () => {
    const unit = (text: string, months: number[] = []) => {
      const call = callOf(text);
      const positional = call.args.filter((a) => a.name === null).map((a) => a.value);
      const value = (e: Call["args"][number]["value"]) => (e.kind === "number" ? e.value : e.kind === "string" ? e.value : null);
      const reasons: string[] = [];
      const result = findFunction(call.callee)?.evaluate?.({
        call,
        positional,
        named: new Map(call.args.filter((a) => a.name !== null).map((a) => [a.name as string, a.value])),
        eval: value,
        arg: (i) => (positional[i] ? value(positional[i]) : null),
        reason: (r) => reasons.push(r),
        peerValues: () => [],
        allValues: () => [],
        previous: () => null,
        monthlyScores: () => months,
        monthlyResults: () => [],
        evalRanked: () => null,
      });
      return { result, reasons };
    };
    expect(unit("threshold(0.9, full: 10, target: 0.95, step: 0.01, minus: 1)").result).toBeCloseTo(5);
    expect(unit(`levels("基本满意", 满意: 1, 基本满意: 0.9)`).result).toBe(0.9);
    expect(unit(`levels("差", 满意: 1)`).result).toBe(0);
    expect(unit("mean(月度)")).toEqual({ result: NOT_APPLICABLE, reasons: ["本年度无考核月份"] });
    expect(unit("mean(月度)", [80, 90]).result).toBe(85);
  });
});

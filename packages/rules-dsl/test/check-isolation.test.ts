/**
 * Each semantic check runs on its own: one that crashes is reported as an internal error, and the file's other
 * diagnostics are all still there.
 */
import { describe, expect, test } from "vitest";
import type { Rubric } from "../src/ast.ts";
import { checkRubric } from "../src/check.ts";
import { type CheckRegistry, checks, type FileCheck } from "../src/checks/index.ts";
import { Codes, type Diagnostic, parse } from "../src/index.ts";

/** A rubric with findings of several checks: the header's month, a measure's population, an item's weight, an unused value. */
const TEXT = `rubric "测试" version "1"
  in force from 2017-13

category 镇
population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单
measure 超期数 = count 工单们
value 闲置 = 1

monthly 月度 {
  item 量 10 points {
    base 4
    weight 2
    deduct 1 per 工单数
    deduct 1 per 超期数
  }
}

ranking {
  monthly 月度
  volume 工单数
}
`;

const ast = (): Rubric => parse(TEXT, { syntaxOnly: true }).ast;
const crash = (name: string): FileCheck => ({
  name,
  run() {
    throw new Error("boom");
  },
});
const isInternal = (d: Diagnostic) => /内部错误|internal error/.test(d.message + d.messageEn);
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

describe("a check that crashes", () => {
  const all = checkRubric(ast());

  test("the fixture has findings of the four checks, and no internal error", () => {
    expect(codes(all)).toEqual(expect.arrayContaining([Codes.InvalidPeriod, Codes.UnknownPopulation, Codes.WeightMismatch, Codes.Unused]));
    expect(all.filter(isInternal)).toEqual([]);
  });

  test("a file check: its findings are gone, the others' all stand, and it is reported once", () => {
    const registry: CheckRegistry = { ...checks, first: checks.first.map((c) => (c.name === "header" ? crash(c.name) : c)) };
    const got = checkRubric(ast(), registry);
    const internal = got.filter(isInternal);
    expect(internal).toHaveLength(1);
    expect(internal[0]?.severity).toBe("error");
    expect(internal[0]?.messageEn).toContain("header");
    expect(internal[0]?.messageEn).toContain("boom");
    expect(got.filter((d) => !isInternal(d))).toEqual(all.filter((d) => d.code !== Codes.InvalidPeriod));
  });

  test("a declaration check: each declaration of its kind reports it, the other kinds' findings stand", () => {
    const registry: CheckRegistry = { ...checks, declarations: { ...checks.declarations, measure: [crash("measure")] } };
    const got = checkRubric(ast(), registry);
    expect(got.filter(isInternal).map((d) => d.messageEn)).toEqual([
      "internal error in the check 'measure 工单数' (Error: boom); the other checks ran",
      "internal error in the check 'measure 超期数' (Error: boom); the other checks ran",
    ]);
    // the measure check marks its population used: crashed, the population reads as unused (KH241)
    const kept = got.filter((d) => !isInternal(d) && !(d.code === Codes.Unused && d.message.startsWith("工单 ")));
    expect(kept).toEqual(all.filter((d) => d.code !== Codes.UnknownPopulation));
  });

  test("a crash in the middle of inferring a value leaves no made-up cycle for the checks after it", () => {
    const registry: CheckRegistry = {
      ...checks,
      first: [
        {
          name: "half-way",
          run({ resolver }) {
            resolver.guard("value:闲置", { kind: "name", name: "闲置", range: ast().range }, () => {
              throw new Error("boom");
            });
          },
        },
        ...checks.first,
      ],
    };
    const got = checkRubric(ast(), registry);
    expect(got.filter(isInternal)).toHaveLength(1);
    expect(codes(got)).not.toContain(Codes.Cycle);
    expect(got.filter((d) => !isInternal(d))).toEqual(all);
  });

  test("parse() still gives every diagnostic of a clean file, sorted, with no internal error", () => {
    const ds = parse(TEXT).diagnostics;
    expect(ds.filter(isInternal)).toEqual([]);
    expect([...codes(ds)].sort()).toEqual([...codes(all)].sort());
  });
});

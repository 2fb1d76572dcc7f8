/**
 * Defence in depth: the checker rejects definitions that refer to themselves (KH236), but should one reach the
 * engine (a checker bug), scoring fails with a ScoringError in Chinese naming it, never a RangeError's stack trace.
 */
import type * as A from "@kaohe/rules-dsl";
import { expect, test } from "vitest";
import { compileRubric, ScoringError, scoreMonth } from "../src/index.ts";
import { data, order } from "./fixtures.ts";

const source = `rubric "环" version "1"
  in force from 2017-09

category 镇
population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单
measure 回访数 = count 工单 where 已回访
value 工单数2 = 工单数 + 1
rate 回访率 = 回访数 / 工单数2, when zero: 1

monthly 月度 {
  item 回访 10 points = 10 × 回访率
}

ranking {
  monthly 月度
  volume 工单数
}
`;

const failure = async (mutate: (rubric: ReturnType<typeof compileRubric>) => void) => {
  const rubric = compileRubric(source);
  mutate(rubric);
  const err = await scoreMonth(rubric, data([order("T1"), order("T2", { visited: true })]), "2017-10").catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ScoringError);
  return (err as ScoringError).zh;
};

test("the rubric scores as written", async () => {
  const result = await scoreMonth(compileRubric(source), data([order("T1"), order("T2", { visited: true })]), "2017-10");
  // T2: 1 visited of 1 order, 工单数2 = 2: 10 × 1/2 = 5
  expect(result.units.find((u) => u.unit.code === "T2")?.score).toBe(5);
});

test("a value and a rate reading each other, got past the checker: a ScoringError naming the definition", async () => {
  const zh = await failure((rubric) => {
    const value = rubric.symbols.global.get("工单数2");
    if (value?.kind !== "value") throw new Error("fixture lacks 工单数2");
    const expr = value.decl.expr as A.Binary;
    // value 工单数2 = 回访率 + 1
    expr.left = { kind: "name", name: "回访率", range: expr.left.range };
  });
  expect(zh).toMatch(/^无法计分：(工单数2|回访率) 的定义直接或间接引用了它自己/);
});

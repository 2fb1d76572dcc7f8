/**
 * A rubric that declares its order sources (`sources …`): each unit whose orders of the period come from a
 * source it does not declare gets a warning in the score table, in memory as in SQL (a hidden measure).
 */
import { expect, test } from "vitest";
import { compileRubric, scoreMonth } from "../src/index.ts";
import { data, order } from "./fixtures.ts";

const source = (sources: string) => `rubric "来源测试" version "s1" example
  in force from 2017-01

category 镇
${sources}
assessed at end of period

population 工单 = orders where 受理时间 in period

measure 工单数 = count 工单
measure 市转办 = count 工单 where 来源 = "市中心"

monthly 月度 {
  item 量 10 points = min(10, 工单数 + 市转办)
}

ranking {
  monthly 月度
  volume 工单数
}
`;

const orders = [
  // October: T1 one 县中心, one 网站, one 微信 (neither declared); T2 one 市中心
  order("T1"),
  order("T1", { source: "网站" }),
  order("T1", { source: "微信" }),
  order("T2", { source: "市中心" }),
  // September: T2's 网站 order is not October's
  order("T2", { source: "网站", receivedAt: "2017-09-10 09:00" }),
];

test("orders of the period from sources the rubric does not declare are a warning of their unit", async () => {
  const r = await scoreMonth(compileRubric(source('sources "县中心", "市中心"\n')), data(orders), "2017-10");
  const t1 = r.units.find((u) => u.unit.code === "T1");
  const t2 = r.units.find((u) => u.unit.code === "T2");
  // T1: 网站 and 微信 — 2 orders
  const warning = t1?.warnings.find((w) => w.includes("工单来源"));
  expect(warning).toMatch(/^本期受理的工单中有 2 件的来源不在规则声明的工单来源（sources）中（如 O\d+、O\d+），/);
  // T2: its 网站 order was received in September
  expect(t2?.warnings.some((w) => w.includes("工单来源"))).toBe(false);
  // the warning does not change the score: T1 3 orders + 0 市中心 = 3
  expect(t1?.score).toBe(3);
});

test("without a sources declaration, no source is unknown", async () => {
  const r = await scoreMonth(compileRubric(source("")), data(orders), "2017-10");
  expect(r.units.flatMap((u) => u.warnings)).toEqual([]);
});

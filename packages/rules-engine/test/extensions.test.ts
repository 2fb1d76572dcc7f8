/**
 * The constructs future rubrics need, each on a small rubric and hand-made
 * data, with the expected numbers worked out in the comments.
 */

import { readFileSync } from "node:fs";
import { parse } from "@kaohe/rules-dsl";
import { describe, expect, test } from "vitest";
import { type AssessmentResult, assessmentsReadByTotal, compileRubric, diffResults, scoreMonth, scoreYear } from "../src/index.ts";
import { data, event, order } from "./fixtures.ts";

const prelude = `rubric "测试" version "t" example
  in force from 2017-01

category 镇
category 街道
category 县直部门

event 弄虚作假 "弄虚作假" points 10

orders {
  attribute 响应时长 "响应时长（小时）" number
  field 有效时限 = 延期至 ?? 办理时限
  field 按时 = 办结时间 is not missing and 办结时间 <= 有效时限
}

assessed at end of period

population 工单 = orders where 受理时间 in period and not (回退 and 回退认可)
population 事件 = events where 日期 in period

measure 工单数 = count 工单
measure 按时数 = count 工单 where 按时
measure 回访数 = count 工单 where 已回访
measure 满意折算 = sum 工单 of levels(结果满意度, 满意: 1, 基本满意: 0.9, 一般: 0.6, 不满意: 0) where 已回访
measure 快速响应数 = count 工单 where 响应时长 <= 2
measure 市中心件数 = count 工单 where 来源 = "市中心"
measure 弄虚作假次数 = sum 事件 of 次数 where 事件类型 = 弄虚作假

rate 按时率 = 按时数 / 工单数, when zero: 1 "无工单"
rate 满意率 = 满意折算 / 回访数, when zero: not applicable "无回访"
rate 响应率 = 快速响应数 / 工单数, when zero: 1 "无工单"
`;

const rubric = (
  assessment: string,
  ranking = "ranking {\n  monthly 月度\n  within category\n  volume 工单数\n  order by score desc, volume desc\n  ties shared\n  round 2 decimals\n}",
) => compileRubric(`${prelude}\n${assessment}\n\n${ranking}\n`);

const unit = (r: AssessmentResult, code: string) => {
  const u = r.units.find((x) => x.unit.code === code);
  if (!u) throw new Error(code);
  return u;
};
const points = (r: AssessmentResult, code: string, item: string) => unit(r, code).items.find((i) => i.code === item)?.points;
const onTime = (u: string, n: number, more: Parameters<typeof order>[1] = {}) => Array.from({ length: n }, () => order(u, more));
const late = (u: string, n: number) => Array.from({ length: n }, () => order(u, { closedAt: "2017-10-25" }));

test("threshold: full marks at or above the target, minus k per point below in proportion, never below the floor", async () => {
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 办结 40 points = threshold(按时率, full: 40, target: 95%, step: 1%, minus: 2, floor: 10)\n}`),
    data([...onTime("T1", 37), ...late("T1", 3), ...onTime("T2", 19), ...late("T2", 1), ...onTime("T3", 1), ...late("T3", 9)]),
    "2017-10",
  );
  // T1 37/40 = 92.5%: 2.5 points below → 40 − 2 × 2.5 = 35; T2 95%: 40; T3 10%: 40 − 170 → floor 10
  expect(points(r, "T1", "办结")).toBeCloseTo(35, 10);
  expect(points(r, "T2", "办结")).toBe(40);
  expect(points(r, "T3", "办结")).toBe(10);
});

test("a rate rounded before it is scored", async () => {
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 办结 100 points = 100 × round(按时率, 2)\n}`),
    data([...onTime("T1", 2), ...late("T1", 1)]),
    "2017-10",
  );
  // 2/3 = 0.6667 → rounded to 0.67 before scoring → 67 (unrounded it would be 66.67)
  expect(points(r, "T1", "办结")).toBeCloseTo(67, 10);
});

test("weighted satisfaction levels and a weighted composite of rates", async () => {
  const v = (resultSatisfaction: "满意" | "基本满意" | "一般" | "不满意") => order("T1", { visited: true, resultSatisfaction });
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 满意 60 points = 60 × 满意率\n  item 综合 40 points = 40 × (50% × 按时率 + 50% × 响应率)\n}`),
    data([v("满意"), v("基本满意"), v("一般"), v("不满意")]),
    "2017-10",
  );
  // (1 + 0.9 + 0.6 + 0) / 4 = 0.625 → 60 × 0.625 = 37.5
  expect(points(r, "T1", "满意")).toBeCloseTo(37.5, 10);
  // all on time (1), none with 响应时长 recorded (0) → 40 × (0.5 + 0) = 20
  expect(points(r, "T1", "综合")).toBeCloseTo(20, 10);
});

test("measures over a subset of orders: an extra attribute (响应时长 ≤ 2 hours) and the source", async () => {
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 响应 10 points = 10 × 响应率\n  item 市 10 points = min(10, 市中心件数)\n}`),
    data([
      order("T1", { attributes: { 响应时长: "1.5" }, source: "市中心" }),
      order("T1", { attributes: { "响应时长(小时)": "2" } }), // headed by the label, as a spreadsheet would
      order("T1", { attributes: { 响应时长: "3.25" } }),
      order("T1", { attributes: {} }), // no 响应时长: not fast
    ]),
    "2017-10",
  );
  // 2 of 4 within two hours → 5; one order from the city center → 1
  expect(points(r, "T1", "响应")).toBeCloseTo(5, 10);
  expect(points(r, "T1", "市")).toBe(1);
});

test("not applicable: an item with an empty denominator is left out and the rest rescaled to 100", async () => {
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 满意 50 points = 50 × 满意率\n  item 办结 50 points = 50 × 按时率\n  rescale to 100\n}`),
    data([...onTime("T1", 3), ...late("T1", 1), order("T2", { visited: true, resultSatisfaction: "满意" })]),
    "2017-10",
  );
  // T1 has no callbacks: 满意 not applicable; 办结 50 × 3/4 = 37.5 of 50 applicable points → 75
  expect(points(r, "T1", "满意")).toBeNull();
  expect(unit(r, "T1").items.find((i) => i.code === "满意")?.reasons).toEqual(["无回访"]);
  expect(unit(r, "T1").score).toBeCloseTo(75, 10);
  // T2 has both: 50 + 50 = 100, nothing to rescale
  expect(unit(r, "T2").score).toBe(100);
});

test("`total` beside `rescale to`: no rescale, and the unit without a score is not told to count the item as 0", async () => {
  // a rubric author wrote both for 按其余各项折算 with 不足 5 件的按同类平均分计; the hint `(满意 ?? 0)` would have
  // scored T1 out of 50 where the rubric meant its 办结 rescaled to 100
  const orders = [...onTime("T1", 3), ...late("T1", 1)];
  const both = await scoreMonth(
    rubric(`monthly 月度 {\n  item 满意 50 points = 50 × 满意率\n  item 办结 50 points = 50 × 按时率\n  rescale to 100\n  total = 满意 + 办结\n}`),
    data(orders),
    "2017-10",
  );
  expect(unit(both, "T1").score).toBeNull();
  const warning = unit(both, "T1").warnings.find((w) => w.startsWith("总分公式中")) ?? "";
  // why, for every reader; how to write it otherwise, for the rubric's author alone (hints)
  expect(warning).toBe("总分公式中 满意 不适用或为空，没有得分");
  expect(unit(both, "T1").hints).toEqual([
    "折算为 对总分公式不起作用（公式读到的项不折算，写 ?? 0 则按 0 分计、不折算）：要按其余各项折算到满分，把考核项和 折算为 移到另一项考核中，在总分公式中读那项考核的名称（见语言手册 §3.18）",
  ]);
  // without rescale to, counting it as 0 is the hint
  const bare = await scoreMonth(
    rubric(`monthly 月度 {\n  item 满意 50 points = 50 × 满意率\n  item 办结 50 points = 50 × 按时率\n  total = 满意 + 办结\n}`),
    data(orders),
    "2017-10",
  );
  expect(unit(bare, "T1").warnings).toContain("总分公式中 满意 不适用或为空，没有得分");
  expect(unit(bare, "T1").hints).toEqual(["满意 不适用时要按 0 分计的，在总分公式中写 (满意 ?? 0)"]);
  // the way the hint gives: the items rescaled in another assessment, read by name in the total: 37.5 of 50 → 75
  const split = await scoreMonth(
    rubric(
      `monthly 基础得分 {\n  item 满意 50 points = 50 × 满意率\n  item 办结 50 points = 50 × 按时率\n  rescale to 100\n}\n\nmonthly 月度 {\n  total = 基础得分 ?? group_mean(基础得分)\n}`,
    ),
    data(orders),
    "2017-10",
  );
  expect(unit(split, "T1").score).toBeCloseTo(75, 10);
});

test("a total the rubric makes not applicable on purpose says which condition chose it, not to count an item as 0", async () => {
  // 当月无工单的不计分: D1 has no orders and takes the written else branch; the hint `(满意 ?? 0)` (the items of the
  // branch not taken) changed nothing (a rubric author). T1 has orders but no callbacks: its 满意 empties the total
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 满意 50 points = 50 × 满意率\n  item 办结 50 points = 50 × 按时率\n  total = if 工单数 > 0 then 满意 + 办结 else not applicable\n}`,
    ),
    data(onTime("T1", 3)),
    "2017-10",
  );
  expect(unit(r, "D1").score).toBeNull();
  const said = (code: string) => unit(r, code).warnings.filter((w) => w.startsWith("总分公式"));
  expect(said("D1")).toEqual(["总分公式按 工单数 > 0 不成立，取“不适用”，没有得分"]);
  expect(unit(r, "D1").hints).toBeUndefined();
  expect(said("T1")).toEqual(["总分公式中 满意 不适用或为空，没有得分"]);
  expect(unit(r, "T1").hints).toEqual(["满意 不适用时要按 0 分计的，在总分公式中写 (满意 ?? 0)"]);
});

test("group_mean of another assessment reads its totals before any veto, its own or the reading assessment's (the manual, §4.7)", async () => {
  // 不足 2 件的按同组平均分计: T3 (1 order) takes the mean of T1 100 and T2 75 (3 of 4 on time), 87.5; T2 is vetoed
  // to 0 in both assessments, and the mean still reads its 75 (a rubric author expected (100 + 0) / 2)
  const veto = `veto "弄虚作假，当月得分为零" if 弄虚作假次数 > 0 then zero`;
  const r = await scoreMonth(
    rubric(
      `monthly 基础 {\n  item 办结 100 points = 100 × 按时率\n  ${veto}\n}\n\nmonthly 月度 {\n  total = if 工单数 >= 2 then 基础 else group_mean(if 工单数 >= 2 then 基础 else not applicable)\n  ${veto}\n}`,
    ),
    data([...onTime("T1", 4), ...onTime("T2", 3), ...late("T2", 1), ...onTime("T3", 1)], [event("T2", "弄虚作假")]),
    "2017-10",
  );
  expect(unit(r, "T2").score).toBe(0);
  expect(unit(r, "T3").score).toBeCloseTo(87.5, 10);
  // the way the manual gives to average the scores after the veto: its condition written in the mean, (100 + 0) / 2
  const after = await scoreMonth(
    rubric(
      `monthly 基础 {\n  item 办结 100 points = 100 × 按时率\n}\n\nmonthly 月度 {\n  total = if 工单数 >= 2 then 基础 else group_mean(if 工单数 < 2 then not applicable else if 弄虚作假次数 > 0 then 0 else 基础)\n  ${veto}\n}`,
    ),
    data([...onTime("T1", 4), ...onTime("T2", 3), ...late("T2", 1), ...onTime("T3", 1)], [event("T2", "弄虚作假")]),
    "2017-10",
  );
  expect(unit(after, "T2").score).toBe(0);
  expect(unit(after, "T3").score).toBeCloseTo(50, 10);
  // and the manual's §4.7 says which scores it reads (it did not), and that way
  const manual = readFileSync(new URL("../../../docs/rules-language.md", import.meta.url), "utf8");
  const functions = manual.slice(manual.indexOf("### 4.7 内置函数"), manual.indexOf("### 4.8"));
  expect(functions).toContain("读到的同组各单位的值都是**一票否决之前**的");
  expect(functions).toContain("group_mean(if 工单数 < 5 then not applicable else if 作假次数 > 0 then 0 else 基础得分)");
});

test("normalization across the group and share of the group's volume", async () => {
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 量 100 points = normalize(工单数)\n  item 份额 100 points = 100 × share(工单数)\n}`),
    data([...onTime("T1", 10), ...onTime("T2", 20), ...onTime("T3", 40), ...onTime("S1", 5)]),
    "2017-10",
  );
  // towns 10, 20, 40: normalize 100 × (x − 10) / 30 → 0, 33.33, 100; share x / 70
  expect(points(r, "T1", "量")).toBeCloseTo(0, 10);
  expect(points(r, "T2", "量")).toBeCloseTo(100 / 3, 10);
  expect(points(r, "T3", "量")).toBe(100);
  expect(points(r, "T2", "份额")).toBeCloseTo((100 * 20) / 70, 10);
  // the street office is alone in its group: all the share, and max = min normalizes to 100
  expect(points(r, "S1", "份额")).toBe(100);
  expect(points(r, "S1", "量")).toBe(100);
});

test("points by rank in the group, and a unit without orders given its group's mean (第1名10分，每后退一名减2分；无工单的按同类别平均分)", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {
  item 满意排名 10 points = max(0, 10 - 2 × (group_rank(满意率) - 1))
  item 超期排名 10 points = 10 - 2 × (组内名次(1 - 按时率, 由低到高: 是) - 1)
  item 满意 100 points = 100 × 满意率
  total = 满意 ?? group_mean(满意)
}`,
    ),
    data([
      // towns: T1 4 callbacks 满意 (1.0), all on time; T2 2 满意 + 2 不满意 (0.5), 1 of 4 late;
      // T3 1 满意 + 1 不满意 (0.5), 1 of 2 late; the street office S1 alone in its group, with no callbacks
      ...onTime("T1", 4, { visited: true, resultSatisfaction: "满意" }),
      ...onTime("T2", 2, { visited: true, resultSatisfaction: "满意" }),
      ...onTime("T2", 1, { visited: true, resultSatisfaction: "不满意" }),
      order("T2", { visited: true, resultSatisfaction: "不满意", closedAt: "2017-10-25" }),
      order("T3", { visited: true, resultSatisfaction: "满意" }),
      order("T3", { visited: true, resultSatisfaction: "不满意", closedAt: "2017-10-25" }),
      ...onTime("S1", 3),
    ]),
    "2017-10",
  );
  // 满意率 T1 1.0 first → 10; T2 and T3 0.5 tie for second → 10 − 2 = 8 each (the next would be fourth)
  expect([points(r, "T1", "满意排名"), points(r, "T2", "满意排名"), points(r, "T3", "满意排名")]).toEqual([10, 8, 8]);
  // the explanation gives the rank, which the unit's own figures do not, and each town's 满意率 it ranks among (a rubric author could not check a rank)
  expect(unit(r, "T2").items.find((i) => i.code === "满意排名")?.substituted).toBe(
    "最大值(0, 10 - 2 × (2（镇：组内名次(满意率)） - 1)) = 8.00（满意率 = 2 / 4 = 50%；镇的满意率：索镇 100%、果里镇 50%、马桥镇 50%）",
  );
  // late shares, lowest first: T1 0 → 1st, 10; T2 1/4 → 2nd, 8; T3 1/2 → 3rd, 6
  expect([points(r, "T1", "超期排名"), points(r, "T2", "超期排名"), points(r, "T3", "超期排名")]).toEqual([10, 8, 6]);
  // S1 has no callbacks: its 满意率 is not applicable, so is its rank item; alone in its group, its own late share ranks 1st
  expect(points(r, "S1", "满意排名")).toBeNull();
  expect(points(r, "S1", "超期排名")).toBe(10);
  // T2 takes its own 满意 50; S1 has none, and no street office has one: no mean to take, no score, and why
  expect(unit(r, "T2").score).toBe(50);
  // its items as the item table shows them (50.00), the group's mean as computed
  expect(unit(r, "T2").totalSteps).toBe("总分 = 满意 ?? 组内平均(满意)；计算：50.00 ?? 66.6667（镇：组内平均(满意)） = 50.00");
  expect(unit(r, "S1").score).toBeNull();
  expect(unit(r, "S1").warnings).toContain("总分公式中 组内平均(满意) 不适用或为空，没有得分");
  expect(unit(r, "S1").hints).toEqual(["组内平均(满意) 不适用时要按 0 分计的，在总分公式中写 (组内平均(满意) ?? 0)"]);
});

test("每低于全市平均水平 1 个百分点扣 2 分: the mean over every unit ranked, towns and street offices alike, not the group's", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {
  item 按时 40 points = max(0, 40 - 2 × max(0, (全体平均(按时率) - 按时率) / 1%))
  report 全市平均按时率 = overall_mean(按时率)
}`,
    ),
    // 按时率 by hand: T1 4/4 = 100%, T2 3/4 = 75%, T3 1/2 = 50% (towns); S1 3/3 = 100% (the street office, ranked
    // apart); D1 (a department) has no orders: its 按时率 is 1 (when zero: 1 "无工单")
    data([...onTime("T1", 4), ...onTime("T2", 3), ...late("T2", 1), ...onTime("T3", 1), ...late("T3", 1), ...onTime("S1", 3)]),
    "2017-10",
  );
  // the mean of all five: (100% + 75% + 50% + 100% + 100%) / 5 = 85% (the towns' alone would be 75%)
  // T1, S1, D1 at or above it: 40; T2 10 points below: 40 − 2 × 10 = 20; T3 35 below: 40 − 70 < 0 → 0
  expect([points(r, "T1", "按时"), points(r, "T3", "按时"), points(r, "S1", "按时"), points(r, "D1", "按时")]).toEqual([40, 0, 40, 40]);
  expect(points(r, "T2", "按时")).toBeCloseTo(20, 10);
  // said as every unit's mean, with its value, and reported as a percentage
  expect(unit(r, "T2").items.find((i) => i.code === "按时")?.substituted).toContain("85%（全部单位：全体平均(按时率)）");
  expect(unit(r, "S1").indicators.find((x) => x.name === "全市平均按时率")).toMatchObject({ value: 0.85, percent: true });
});

test("全市按时办结率 pooled (全体合计(按时数) / 全体合计(工单数)) and the group's own (组内合计), not a mean of the units' rates", async () => {
  const r = await scoreMonth(
    compileRubric(
      `${prelude}\nvalue 全市按时率 = overall_sum(按时数) / overall_sum(工单数)\nvalue 本组按时率 = 组内合计(按时数) / 组内合计(工单数)\n\nmonthly 月度 {\n  item 按时 100 points = 100 × 按时率\n  report 全市 = 全市按时率\n  report 本组 = 本组按时率\n}\n\nranking {\n  monthly 月度\n  within category\n  volume 工单数\n}\n`,
    ),
    data([...onTime("T1", 4), ...onTime("T2", 3), ...late("T2", 1), ...onTime("T3", 1), ...late("T3", 1), ...onTime("S1", 3)]),
    "2017-10",
  );
  // on time 4 + 3 + 1 + 3 = 11 of 4 + 4 + 2 + 3 = 13 orders: 84.62% (the units' rates' mean would be 85%, D1's 100% of
  // no order among them); the towns' 8 of 10: 80%; the street office alone: 3 of 3
  const reported = (code: string) =>
    unit(r, code)
      .indicators.filter((x) => ["全市", "本组"].includes(x.name))
      .map((x) => [x.name, x.value, x.percent]);
  expect(reported("T2")).toEqual([
    ["全市", 11 / 13, true],
    ["本组", 0.8, true],
  ]);
  expect(reported("S1")).toEqual([
    ["全市", 11 / 13, true],
    ["本组", 1, true],
  ]);
});

test("a formula reading a value (低于平均) explains the value and what it reads, a rate's mean as a percentage", async () => {
  const r = await scoreMonth(
    compileRubric(
      `${prelude}\nvalue 平均 "全市平均按时率" = overall_mean(按时率)\nvalue 低于平均 "低于平均的百分点数" = max(0, (平均 - 按时率) / 1%)\n\nmonthly 月度 {\n  item 按时 40 points = max(0, 40 - 2 × 低于平均)\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`,
    ),
    // as above: 按时率 T1 100%, T2 75%, T3 50%, S1 100%, D1 1 (no orders); the mean 85%
    data([...onTime("T1", 4), ...onTime("T2", 3), ...late("T2", 1), ...onTime("T3", 1), ...late("T3", 1), ...onTime("S1", 3)]),
    "2017-10",
  );
  // T2: (85% − 75%) / 1% = 10 points below → 40 − 20 = 20; it said only “40 - 2 × 10”
  expect(points(r, "T2", "按时")).toBeCloseTo(20, 9);
  expect(unit(r, "T2").items.find((i) => i.code === "按时")?.substituted).toBe(
    "最大值(0, 40 - 2 × 10) = 20.00（低于平均的百分点数 = 最大值(0, (85% - 3 / 4) / 1%) = 10；全市平均按时率 = 85%（全部单位：全体平均(按时率)）；按时率 = 3 / 4 = 75%；全部单位的按时率：索镇 100%、少海街道 100%、县教育局 100%、果里镇 75%、马桥镇 50%）",
  );
});

test("a rate that is a mean score on 100 (满意 100 分、不满意 0 分，按回访件平均) reads as a score, not as a percentage", async () => {
  const r = await scoreMonth(
    compileRubric(
      `${prelude}\nmeasure 满意分 = sum 工单 of levels(结果满意度, 满意: 100, 不满意: 0) where 已回访\nrate 满意度 = 满意分 / 回访数, when zero: 100\n\nmonthly 月度 {\n  item 满意 40 points = 40 × 满意度 / 100\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`,
    ),
    data([order("T1", { visited: true, resultSatisfaction: "满意" }), order("T1", { visited: true, resultSatisfaction: "不满意" })]),
    "2017-10",
  );
  // (100 + 0) / 2 = 50 → 40 × 50 / 100 = 20; it read “= 5000%”
  expect(points(r, "T1", "满意")).toBe(20);
  expect(unit(r, "T1").items.find((i) => i.code === "满意")?.substituted).toContain("（满意度 = 100 / 2 = 50）");
});

test("a value of a division is a percentage only when it is a count over a count; a value's result is said whatever its digits", async () => {
  const r = await scoreMonth(
    compileRubric(
      `${prelude}\nvalue 人均 "每半件" = 工单数 / 2\nvalue 差额 = 12 - 工单数\nvalue 份额 "按时占比" = 按时数 / 工单数\n\nmonthly 月度 {\n  item 量 100 points = min(100, 人均 + 差额 + 份额)\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`,
    ),
    // 11 orders, 8 on time: 人均 11 / 2 = 5.5 (no percentage: 550% it would read), 差额 12 - 11 = 1 (it read “12 - 11”
    // alone, its result starting with the 1 of 12), 份额 8 / 11 = 72.73%
    data([...onTime("T1", 8), ...late("T1", 3)]),
    "2017-10",
  );
  expect(unit(r, "T1").items[0]?.substituted).toBe(
    "最小值(100, 5.5 + 1 + 72.73%) = 7.23（每半件 = 11 / 2 = 5.5；差额 = 12 - 11 = 1；按时占比 = 8 / 11 = 72.73%）",
  );
});

test("a weighted rate (领导批示件计 2 件: 权数 over 权数) is a fraction, read as a percentage", async () => {
  const r = await scoreMonth(
    compileRubric(
      `${prelude}\nmeasure 加权件数 = sum 工单 of (if 领导批示 then 2 else 1)\nmeasure 加权按时 = sum 工单 of (if 领导批示 then 2 else 1) where 办结时间 <= 办理时限\nrate 加权按时率 = 加权按时 / 加权件数, when zero: 1\n\nmonthly 月度 {\n  item 按时 40 points = 40 × 加权按时率\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`,
    ),
    // an instructed order on time (2), an ordinary one late (1): 2 / 3
    data([order("T1", { leaderInstructed: true }), order("T1", { closedAt: "2017-10-25 10:00" })]),
    "2017-10",
  );
  expect(points(r, "T1", "按时")).toBeCloseTo((40 * 2) / 3, 9);
  expect(unit(r, "T1").items.find((i) => i.code === "按时")?.substituted).toContain("（加权按时率 = 2 / 3 = 66.67%）");
});

test("a unit without callbacks takes the mean of its group's units that have them", async () => {
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 满意 100 points = 100 × 满意率\n  total = 满意 ?? group_mean(满意)\n}`),
    data([
      ...onTime("T1", 4, { visited: true, resultSatisfaction: "满意" }),
      order("T2", { visited: true, resultSatisfaction: "满意" }),
      order("T2", { visited: true, resultSatisfaction: "不满意" }),
      ...onTime("T3", 2),
    ]),
    "2017-10",
  );
  // towns T1 100 and T2 50; T3 has no callbacks → (100 + 50) / 2 = 75, the mean of the two that have a 满意
  expect([unit(r, "T1").score, unit(r, "T2").score, unit(r, "T3").score]).toEqual([100, 50, 75]);
  // T3's 75 is in none of its items: the total's steps say where it comes from
  expect(unit(r, "T3").totalSteps).toBe(
    "总分 = 满意 ?? 组内平均(满意)；计算：不适用 ?? 75（镇：组内平均(满意)） = 75.00（镇的满意：索镇 100、果里镇 50；马桥镇不适用，不计）",
  );
});

test("a total taken from another assessment (若 工单数 >= 2 则 基础 否则 组内平均(…)): which assessments it reads, and whose score each unit took", async () => {
  const rb = rubric(
    `monthly 基础 "月度基础得分" {\n  item 办结 60 points = 60 × 按时率\n  item 满意 40 points = 40 × 满意率\n  rescale to 100\n}\n\nvalue 取基础 = 基础\n\nmonthly 月度 {\n  total = if 工单数 >= 2 then 取基础 else group_mean(if 工单数 >= 2 then 基础 else not applicable)\n}`,
  );
  const monthly = rb.assessments.get("月度");
  if (!monthly) throw new Error("月度");
  // through the value too; not the assessment itself
  expect(assessmentsReadByTotal(rb, monthly)).toEqual(["基础"]);
  const r = await scoreMonth(rb, data([...onTime("T1", 2), ...late("T2", 2), ...onTime("T3", 1)]), "2017-10");
  // T1 and T2 (2 orders) take their own 基础 (no callbacks: 办结 rescaled to 100); T3 (1) the mean of the two, and none of its own
  expect([unit(r, "T1").score, unit(r, "T2").score, unit(r, "T3").score]).toEqual([100, 0, 50]);
  expect([unit(r, "T1").totalFrom, unit(r, "T2").totalFrom, unit(r, "T3").totalFrom]).toEqual([["基础"], ["基础"], undefined]);
  // a mean of months is of other periods; a plain sum of items reads none
  const quarter = rubric(`monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}\n\nmonthly 季度 {\n  window quarter\n  total = mean(月度)\n}`);
  expect(assessmentsReadByTotal(quarter, quarter.assessments.get("季度") as NonNullable<ReturnType<typeof quarter.assessments.get>>)).toEqual([]);
  expect(assessmentsReadByTotal(quarter, quarter.assessments.get("月度") as NonNullable<ReturnType<typeof quarter.assessments.get>>)).toEqual([]);
});

test("当月无工单的单位，总分按同类别有工单单位的平均分计: `not applicable` for those without, and the group's mean of the rest", async () => {
  const rb = compileRubric(
    `${prelude}\nmonthly 月度 {\n  item 办结 60 points = 60 × 按时率\n  item 效能 40 points {\n    deduct per 弄虚作假\n  }\n  total = if 工单数 > 0 then 办结 + 效能 else group_mean(if 工单数 > 0 then 办结 + 效能 else not applicable)\n}\n\nranking {\n  monthly 月度\n  within category\n  volume 工单数\n}\n`,
  );
  const r = await scoreMonth(rb, data([...onTime("T1", 4), ...onTime("T2", 1), ...late("T2", 1)], [event("T1", "弄虚作假")]), "2017-10");
  // T1: 60 + (40 − 10) = 90; T2: 60 × 1/2 + 40 = 70; T3 has no orders: not its own 60 + 40 = 100 but the towns' mean, (90 + 70) / 2 = 80
  expect([unit(r, "T1").score, unit(r, "T2").score, unit(r, "T3").score]).toEqual([90, 70, 80]);
  // the street office and the department have no orders and no peer with any: no score, and why
  expect(unit(r, "S1").score).toBeNull();
  expect(unit(r, "S1").warnings.join()).toContain("不适用或为空，没有得分");
});

test("bands by rank (每类前 40% 为优秀), decided after ranking, beside a score line; a veto still overrides", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  band 优秀 if 名次 <= ceil(参评单位数 × 40%)\n  band 合格 at least 60\n  band 不合格 otherwise\n  veto "弄虚作假" if 弄虚作假次数 > 0 then band 不合格\n}`,
    ),
    data([...onTime("T1", 4), ...onTime("T2", 3), ...late("T2", 1), ...onTime("T3", 1), ...late("T3", 1), ...onTime("S1", 2)], [event("S1", "弄虚作假")]),
    "2017-10",
  );
  // towns T1 100, T2 75, T3 50 rank 1, 2, 3: ceil(3 × 40%) = 2, so T1 and T2 are 优秀 (T2's 75 would be only 合格
  // by score); T3 is not in the top 2 and under 60: 不合格
  expect([unit(r, "T1").band, unit(r, "T2").band, unit(r, "T3").band]).toEqual(["优秀", "优秀", "不合格"]);
  // the department D1, alone in its category with no orders (按时率 1: 100), is its top 1 of ceil(1 × 40%) = 1
  expect(unit(r, "D1").band).toBe("优秀");
  // S1 alone tops its category too, but 弄虚作假 vetoes it
  expect(unit(r, "S1")).toMatchObject({ rank: 1, band: "不合格", vetoes: ["弄虚作假"] });
});

test("groups decided by each period's volume, and a volume floor: scored, not ranked", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}`,
      `ranking {\n  monthly 月度\n  within groups {\n    大 "3件以上" if 工单数 >= 3\n    小 otherwise\n  }\n  volume 工单数\n  minimum volume 2\n  order by score desc, volume desc\n  ties shared\n  round 2 decimals\n}`,
    ),
    data([...onTime("T1", 3), ...onTime("S1", 2), ...late("S1", 2), ...onTime("T2", 2), ...onTime("D1", 1)]),
    "2017-10",
  );
  // 大: T1 (3, 100) and S1 (4, 50) regardless of category; 小: T2 (2, 100), D1 (1: under the floor), T3 (0)
  expect([unit(r, "T1").group, unit(r, "S1").group, unit(r, "T2").group]).toEqual(["大", "大", "小"]);
  expect([unit(r, "T1").rank, unit(r, "S1").rank, unit(r, "T2").rank]).toEqual([1, 2, 1]);
  expect(unit(r, "D1")).toMatchObject({ score: 100, ranked: false, rank: null });
  expect(unit(r, "T3")).toMatchObject({ ranked: false, rank: null });
});

test("groups by every unit's mean (承办量不低于全体平均的为一组): the mean of all units decides, whatever their category", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}`,
      `ranking {\n  monthly 月度\n  within groups {\n    大 if 工单数 >= overall_mean(工单数)\n    小 otherwise\n  }\n  volume 工单数\n  order by score desc, volume desc\n}`,
    ),
    data([...onTime("T1", 3), ...onTime("S1", 4), ...onTime("T2", 2), ...onTime("D1", 1)]),
    "2017-10",
  );
  // volumes T1 3, T2 2, T3 0, S1 4, D1 1: mean 10 / 5 = 2 → 大: T1, T2, S1; 小: T3, D1
  expect(["T1", "T2", "T3", "S1", "D1"].map((c) => unit(r, c).group)).toEqual(["大", "大", "小", "大", "小"]);
});

test("grade bands, a veto, and a sanction combining band and rank", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  band 优秀 at least 95\n  band 合格 at least 60\n  band 不合格 otherwise\n  veto "弄虚作假一票否决" if 弄虚作假次数 > 0 then band 不合格\n  sanction 约谈 "约谈" if 等次 = "不合格" and 倒数名次 <= 1\n  sanction 通报 "通报" if 等次 = "不合格"\n}`,
    ),
    data([...onTime("T1", 1), ...onTime("T2", 1), ...late("T3", 1)], [event("T1", "弄虚作假")]),
    "2017-10",
  );
  // T1 100 but vetoed → 不合格 (rank 1, not last: 通报 only); T2 100 → 优秀; T3 0 → 不合格, last → 约谈 and 通报
  expect(unit(r, "T1")).toMatchObject({ band: "不合格", vetoes: ["弄虚作假一票否决"] });
  // the veto explained as a deduction is: the count its condition read (1), and the event behind it
  const [why] = unit(r, "T1").vetoEvidence ?? [];
  expect(why?.label).toBe("弄虚作假一票否决");
  expect(why?.measures.map((m) => [m.name, m.value, m.record, m.records.length])).toEqual([["弄虚作假次数", 1, "events", 1]]);
  expect(unit(r, "T2").vetoEvidence).toBeUndefined();
  expect(unit(r, "T1").sanctions.map((s) => s.name)).toEqual(["通报"]);
  expect(unit(r, "T2")).toMatchObject({ band: "优秀", sanctions: [] });
  expect(unit(r, "T3").band).toBe("不合格");
  expect(unit(r, "T3").sanctions.map((s) => s.name)).toEqual(["约谈", "通报"]);
});

test("a veto only lowers a band: 不得评为优秀 (then band 合格) leaves a unit below 合格 as it is; of several, the lowest", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  band 优秀 at least 95\n  band 合格 at least 60\n  band 不合格 otherwise\n  veto "弄虚作假" if 弄虚作假次数 > 1 then band 不合格\n  veto "曝光，不得评为优秀" if 弄虚作假次数 > 0 then band 合格\n}`,
    ),
    data([...onTime("T1", 1), ...onTime("T2", 1), ...late("T3", 1)], [event("T1", "弄虚作假"), event("T2", "弄虚作假", { count: 2 }), event("T3", "弄虚作假")]),
    "2017-10",
  );
  // T1 100 → 优秀, one event: 不得评为优秀 → 合格
  expect(unit(r, "T1")).toMatchObject({ band: "合格", vetoes: ["曝光，不得评为优秀"] });
  // T2 100, two: both hold, the lowest (不合格) though written first
  expect(unit(r, "T2")).toMatchObject({ band: "不合格", vetoes: ["弄虚作假", "曝光，不得评为优秀"] });
  // T3 0 → 不合格, one: 合格 would lift it; it stays 不合格 (it had become 合格)
  expect(unit(r, "T3")).toMatchObject({ published: 0, band: "不合格", vetoes: ["曝光，不得评为优秀"] });
  // D1: no orders, no score, no band; one event: 不得评为优秀 does not rate it 合格, while the last band is given
  const unassessed = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 100 points = 100 × 满意率\n  band 优秀 at least 95\n  band 合格 at least 60\n  band 不合格 otherwise\n  veto "曝光，不得评为优秀" if 弄虚作假次数 > 0 then band 合格\n  veto "弄虚作假" if 弄虚作假次数 > 1 then band 不合格\n}`,
    ),
    data([...onTime("T1", 1)], [event("D1", "弄虚作假"), event("S1", "弄虚作假", { count: 2 })]),
    "2017-10",
  );
  expect([unit(unassessed, "D1").published, unit(unassessed, "D1").band]).toEqual([null, null]);
  expect([unit(unassessed, "S1").published, unit(unassessed, "S1").band]).toEqual([null, "不合格"]);
});

test("a veto ranking the unit last (then last): after every unit not vetoed, its score kept; with a band, both", async () => {
  const towns = [...onTime("T1", 1), ...onTime("T2", 1), ...late("T3", 1)];
  const lastOnly = await scoreMonth(
    rubric(`monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  veto "弄虚作假，排名列末位" if 弄虚作假次数 > 0 then last\n}`),
    data(towns, [event("T1", "弄虚作假")]),
    "2017-10",
  );
  // towns: T2 100 first, T3 0 second, T1 100 but vetoed: third, after T3, its 100 kept; no bands, so none
  expect([unit(lastOnly, "T2").rank, unit(lastOnly, "T3").rank]).toEqual([1, 2]);
  expect(unit(lastOnly, "T1")).toMatchObject({ published: 100, rank: 3, band: null, vetoes: ["弄虚作假，排名列末位"] });
  // among all: T2 (100, 1 order) 1; S1 and D1 (100, no order) share 2; T3 4; T1 last, 5
  expect(["T2", "S1", "D1", "T3", "T1"].map((c) => unit(lastOnly, c).overallRank)).toEqual([1, 2, 2, 4, 5]);
  // the table lists the town by rank: T1 last
  expect(lastOnly.units.filter((u) => u.group === "镇").map((u) => u.unit.code)).toEqual(["T2", "T3", "T1"]);

  const both = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  band 合格 at least 60\n  band 不合格 otherwise\n  veto "弄虚作假" if 弄虚作假次数 > 0 then band 不合格 and last\n}`,
    ),
    data(towns, [event("T1", "弄虚作假")]),
    "2017-10",
  );
  expect(unit(both, "T1")).toMatchObject({ published: 100, rank: 3, band: "不合格" });
  expect(unit(both, "T2")).toMatchObject({ rank: 1, band: "合格" });
  // no veto holds: ranks as ever (T1 and T2 share the first place)
  const none = await scoreMonth(
    rubric(`monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  veto "弄虚作假" if 弄虚作假次数 > 0 then last\n}`),
    data(towns),
    "2017-10",
  );
  expect(["T1", "T2", "T3"].map((c) => unit(none, c).rank)).toEqual([1, 1, 3]);

  // comparing a version without the veto (A) with one with it (B), over the month with the event: T1 keeps its 100 and
  // goes from shared first to third, and the comparison says which veto did it (under B only)
  const without = await scoreMonth(rubric(`monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}`), data(towns, [event("T1", "弄虚作假")]), "2017-10");
  const t1 = diffResults(without, lastOnly).units.find((u) => u.unit.code === "T1");
  expect(t1).toMatchObject({ scoreA: 100, scoreB: 100, delta: 0, rankA: 1, rankB: 3, vetoesA: [], vetoesB: ["弄虚作假，排名列末位"] });
});

test("a veto scoring the unit 0 (then zero, 一票否决当月得分为零): ranked at 0, its items as scored, the score said beside", async () => {
  const towns = [...onTime("T1", 1), ...onTime("T2", 1), ...late("T3", 1)];
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  veto "弄虚作假，当月得分为零" if 弄虚作假次数 > 0 then zero\n}`),
    data(towns, [event("T1", "弄虚作假")]),
    "2017-10",
  );
  // towns: T2 100 first; T1 100 but vetoed: 0, sharing the last place with T3 (0, its late order): 2 and 2
  expect(unit(r, "T1")).toMatchObject({ score: 0, published: 0, rank: 2, band: null, vetoes: ["弄虚作假，当月得分为零"] });
  expect(unit(r, "T1").items[0]?.points).toBe(100);
  expect(unit(r, "T1").totalSteps).toBe("一票否决（弄虚作假，当月得分为零）：得分计为 0（原得分 100.00）");
  expect([unit(r, "T2").rank, unit(r, "T3").rank]).toEqual([1, 2]);
  // with a band and last as well: 0, 不合格, and after T3 (also 0)
  const zh = compileRubric(
    `${prelude}\nmonthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  band 合格 at least 60\n  band 不合格 otherwise\n  veto "弄虚作假" if 弄虚作假次数 > 0 then band 不合格 and zero and last\n}\n\nranking {\n  monthly 月度\n  within category\n  volume 工单数\n  order by score desc, volume desc\n  ties shared\n  round 2 decimals\n}\n`,
  );
  const both = await scoreMonth(zh, data(towns, [event("T1", "弄虚作假")]), "2017-10");
  // 0 and last: after T3's 0 too
  expect(unit(both, "T1")).toMatchObject({ published: 0, rank: 3, band: "不合格" });
});

describe("windows", () => {
  const counting = (window: string) => rubric(`monthly 月度 {\n  ${window}\n  item 量 1000 points = 工单数\n}`);
  const on = (day: string) => order("T1", { receivedAt: day });
  const orders = [on("2017-07-15"), on("2017-09-25 23:00"), on("2017-09-26 00:10"), on("2017-10-25 12:00"), on("2017-10-26 08:00"), on("2017-12-31 23:59")];

  test("a month running from the 26th to the 25th", async () => {
    const r = await scoreMonth(counting("window month from day 26"), data(orders), "2017-10");
    // 2017-09-26 00:00 … 2017-10-26 00:00: the orders of 09-26 and 10-25
    expect(points(r, "T1", "量")).toBe(2);
    expect(r.window.start).toBe(Date.parse("2017-09-26T00:00:00+08:00"));
  });
  test("a calendar quarter", async () => {
    const r = await scoreMonth(counting("window quarter"), data(orders), "2017-11");
    // Q4: 10-25, 10-26, 12-31
    expect(points(r, "T1", "量")).toBe(3);
    expect(r.window.label).toBe("2017-Q4");
  });
  test("cumulative: the year to date", async () => {
    const r = await scoreMonth(counting("window year to date"), data(orders), "2017-10");
    // 2017-01-01 … end of October: all but 12-31
    expect(points(r, "T1", "量")).toBe(5);
  });
  test("years built from months: the mean of the months' published scores", async () => {
    const rb = compileRubric(
      `${prelude}\nmonthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}\n\nyearly 年度 {\n  item 平均 100 points = mean(月度)\n}\n\nranking {\n  monthly 月度\n  yearly 年度\n  volume 工单数\n}\n`,
    );
    const r = await scoreYear(
      rb,
      data([
        order("T1", { receivedAt: "2017-03-05", dueAt: "2017-03-10", closedAt: "2017-03-20" }),
        order("T1", { receivedAt: "2017-05-05", dueAt: "2017-05-10", closedAt: "2017-05-08" }),
      ]),
      2017,
    );
    // scored months: March (T1 0) and May (T1 100) → 50; T2 has no orders → 100 both months
    expect(r.months).toEqual(["2017-03", "2017-05"]);
    expect(unit(r, "T1").score).toBe(50);
    expect(unit(r, "T2").score).toBe(100);
    // in force all year: nothing to say of the months it covers
    expect(r.warnings.map((w) => w.code)).not.toContain("part-of-year");
    // in force from May: the year is May's only, and says so
    const fromMay = await scoreYear(
      compileRubric(rb.text.replace("in force from 2017-01", "in force from 2017-05")),
      data([order("T1", { receivedAt: "2017-05-05", dueAt: "2017-05-10", closedAt: "2017-05-08" })]),
      2017,
    );
    expect(fromMay.warnings.find((w) => w.code === "part-of-year")?.zh).toBe("本规则在 2017 年只施行 2017-05 至 2017-12（8 个月）：各月平均只计这些月份");
  });
  test("年度成绩按各月承办量加权平均: mean(月度, weighted: true) weighs each month's score by its volume, and says each", async () => {
    const rb = compileRubric(
      `${prelude}\nmonthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}\n\nyearly 年度 {\n  item 平均 100 points = mean(月度, weighted: true)\n}\n\nranking {\n  monthly 月度\n  yearly 年度\n  volume 工单数\n}\n`,
    );
    const r = await scoreYear(
      rb,
      data([
        // March: 1 order, late → 0; May: 3 orders on time → 100
        order("T1", { receivedAt: "2017-03-05", dueAt: "2017-03-10", closedAt: "2017-03-20" }),
        ...[1, 2, 3].map((d) => order("T1", { receivedAt: `2017-05-0${d}`, dueAt: "2017-05-10", closedAt: "2017-05-08" })),
      ]),
      2017,
    );
    // (0 × 1 + 100 × 3) / (1 + 3) = 75 (the plain mean is 50)
    expect(unit(r, "T1").score).toBe(75);
    expect(unit(r, "T1").items[0]?.substituted).toContain("各月按承办量加权平均：3月 0.00（1 件）、5月 100.00（3 件）");
    // a unit with no orders in any scored month: no volume to weigh by, not applicable (not a mean of 100s)
    expect(unit(r, "T2").score).toBeNull();
  });

  test("a ranking without volume: 承办量 is the orders the period received, and a year averages only months with one", async () => {
    const rb = compileRubric(
      `${prelude}\nmonthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}\n\nyearly 年度 {\n  item 平均 100 points = mean(月度)\n}\n\nranking {\n  monthly 月度\n  yearly 年度\n}\n`,
    );
    const orders = data([
      // March: 2 orders, one late → 50; no order in any other month
      order("T1", { receivedAt: "2017-03-05", dueAt: "2017-03-10", closedAt: "2017-03-20" }),
      order("T1", { receivedAt: "2017-03-06", dueAt: "2017-03-10", closedAt: "2017-03-08" }),
    ]);
    const march = await scoreMonth(rb, orders, "2017-03");
    // 承办量 0 for all made the console say the month had no orders (a new county's walk)
    expect([unit(march, "T1").volume, unit(march, "T2").volume]).toEqual([2, 0]);
    const year = await scoreYear(rb, orders, 2017);
    // March alone (50), not March beside eleven months of 100 (按时率 1 without orders): (50 + 11 × 100) / 12 = 95.83
    expect(year.months).toEqual(["2017-03"]);
    expect(unit(year, "T1").score).toBe(50);
  });

  test("a rubric counting no orders (events alone) and no volume: every month in force counts, as before (none would with orders received)", async () => {
    const rb = compileRubric(`rubric "测试" version "t" example
  in force from 2017-01

category 镇

event 弄虚作假 "弄虚作假" points 10

population 事件 = events where 日期 in period
measure 事件数 = count 事件

monthly 月度 {
  item 作风 100 points {
    deduct per 弄虚作假
  }
}

yearly 年度 {
  item 平均 100 points = mean(月度)
}

ranking {
  monthly 月度
  yearly 年度
}
`);
    const year = await scoreYear(rb, data([], [event("T1", "弄虚作假", { date: "2017-03-05" })]), 2017);
    // twelve months: March 90, the others 100 → (90 + 11 × 100) / 12 = 99.17
    expect(year.months).toHaveLength(12);
    expect(unit(year, "T1").score).toBeCloseTo(99.17, 2);
  });

  test("a unit whose only applicable item has 0 points (deductions carried on) has no score, not 0 and ranked; its deduction is said", async () => {
    // (a rubric author's: in June two departments without orders scored 0.00, were ranked last and graded 不合格, and
    // the 0 went into the year)
    const rb = compileRubric(
      `${prelude}\nmonthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  item 效能 0 points {\n    deduct per 弄虚作假 continuing\n  }\n  rescale to 100\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`.replace(
        'rate 按时率 = 按时数 / 工单数, when zero: 1 "无工单"',
        'rate 按时率 = 按时数 / 工单数, when zero: not applicable "无工单"',
      ),
    );
    const r = await scoreMonth(rb, data([order("T1", { receivedAt: "2017-10-03" })], [event("T2", "弄虚作假", { date: "2017-10-05" })]), "2017-10");
    expect(unit(r, "T1").score).toBe(100);
    // T2: no orders, one event (−10): no score; T3: neither: no score
    expect([unit(r, "T2").score, unit(r, "T2").rank, unit(r, "T3").score]).toEqual([null, null, null]);
    expect(unit(r, "T2").warnings).toContain("其他考核项都不适用（如本期无工单），0 分考核项中的扣分（-10.00）没有计入得分：本期没有得分");
    // T1's 0-point item, nothing deducted: 无扣分 (not 得满分 0 分)
    expect(unit(r, "T1").items.find((i) => i.code === "效能")?.substituted).toBe("无扣分");
  });

  test("a deduction carried on past its item is taken from the rescaled total as it is, not doubled with the items", async () => {
    // (a rubric author's: one 扣 2 分 cost a department 4 points, half its items not applicable)
    const rb = compileRubric(
      `${prelude}\nmonthly 月度 {\n  item 办结 50 points = 50 × 按时率\n  item 满意 50 points = 50 × 满意率\n  item 效能 0 points {\n    deduct per 弄虚作假 continuing\n  }\n  rescale to 100\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`,
    );
    // T1: one order on time, not visited (满意率 not applicable), one 弄虚作假 (10 points)
    const r = await scoreMonth(rb, data([order("T1", { receivedAt: "2017-10-03" })], [event("T1", "弄虚作假", { date: "2017-10-05" })]), "2017-10");
    // by hand: 办结 50 of the applicable 50 brought to 100 = 100, less the 10 carried = 90 (not (50 − 10) × 100 / 50 = 80)
    expect(unit(r, "T1").score).toBe(90);
    expect(unit(r, "T1").totalSteps).toBe("适用的考核项满分 50（本单位各项共 100），折算为 100 分：50.00 × 100 / 50 − 继续扣减 10.00 = 90.00");
  });

  test("a year's mean is explained by its months, each with its score, and those without one left out", async () => {
    const rb = compileRubric(
      `${prelude}\nmonthly 月度 {\n  item 满意 100 points = 100 × 满意率\n}\n\nyearly 年度 {\n  item 平均 100 points = mean(月度)\n}\n\nranking {\n  monthly 月度\n  yearly 年度\n  volume 工单数\n}\n`,
    );
    const r = await scoreYear(
      rb,
      data([
        // March: visited, 满意 → 100; May: 基本满意 (0.9) → 90; June: not visited, 满意率 not applicable → no score
        order("T1", { receivedAt: "2017-03-05", visited: true, resultSatisfaction: "满意" }),
        order("T1", { receivedAt: "2017-05-05", visited: true, resultSatisfaction: "基本满意" }),
        order("T1", { receivedAt: "2017-06-05" }),
      ]),
      2017,
    );
    // (100 + 90) / 2 = 95: June is not averaged in
    expect(unit(r, "T1").score).toBe(95);
    expect(unit(r, "T1").items[0]?.substituted).toBe("95（月度各月平均：3月 100.00、5月 90.00；6月无得分，不计入） = 95.00");
  });
  test("a year counting months by their results: 累计 2 个月不合格的一票否决, 连续 2 个月末位的约谈", async () => {
    const rb = compileRubric(
      `${prelude}\nmonthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  band 合格 at least 60\n  band 不合格 otherwise\n}\n\n` +
        `yearly 年度 {\n  item 平均 100 points = mean(月度)\n  band 合格 at least 60\n  band 不合格 otherwise\n` +
        `  veto "累计两个月不合格" if count_months(月度, 等次 = "不合格") >= 2 then band 不合格\n` +
        `  sanction 约谈 "连续两个月末位" if 月数(月度, 倒数名次 = 1, 连续: 是) >= 2\n}\n\n` +
        `ranking {\n  monthly 月度\n  yearly 年度\n  within category\n  volume 工单数\n  order by score desc, volume desc\n  ties shared\n}\n`,
    );
    const late = (u: string, month: string) => order(u, { receivedAt: `2017-${month}-05`, dueAt: `2017-${month}-10`, closedAt: `2017-${month}-20` });
    const onTime = (u: string, month: string) => order(u, { receivedAt: `2017-${month}-05`, dueAt: `2017-${month}-10`, closedAt: `2017-${month}-08` });
    const r = await scoreYear(
      rb,
      data([
        // T1: March late (0), April on time, May late (0): 不合格 in two months, apart; last of the towns in March and May
        late("T1", "03"),
        onTime("T1", "04"),
        late("T1", "05"),
        // T2: late in April and May (0 each): 不合格 twice, and last in April and May, months in a row
        onTime("T2", "03"),
        late("T2", "04"),
        late("T2", "05"),
        // T3: on time every month
        onTime("T3", "03"),
        onTime("T3", "04"),
        onTime("T3", "05"),
      ]),
      2017,
    );
    expect(r.months).toEqual(["2017-03", "2017-04", "2017-05"]);
    // T1: mean (0 + 100 + 0) / 3 = 33.33, 不合格 by score anyway, vetoed too (two months 不合格); last in March and May, not
    // in a row: no 约谈. T2 likewise 33.33 and vetoed, and last in April and May, in a row: 约谈. T3 100, 合格
    expect(unit(r, "T1")).toMatchObject({ band: "不合格", vetoes: ["累计两个月不合格"], sanctions: [] });
    expect(unit(r, "T2")).toMatchObject({ band: "不合格", vetoes: ["累计两个月不合格"] });
    expect(unit(r, "T2").sanctions.map((s) => s.name)).toEqual(["约谈"]);
    expect(unit(r, "T3")).toMatchObject({ band: "合格", vetoes: [], sanctions: [] });
  });

  test("a year averaging a monthly and a quarterly assessment: each counts the months with orders, a quarter once", async () => {
    const rb = compileRubric(
      `${prelude}\nmonthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}\n\nmonthly 季度 {\n  window quarter\n  item 办结 100 points = 100 × 按时率\n}\n\n` +
        `yearly 年度 {\n  item 月均 80 points = 80% × mean(月度)\n  item 季均 20 points = 20% × mean(季度)\n}\n\nranking {\n  monthly 月度\n  yearly 年度\n  volume 工单数\n}\n`,
    );
    const r = await scoreYear(
      rb,
      data([
        // March: late (0); May and June: on time (100 each)
        order("T1", { receivedAt: "2017-03-05", dueAt: "2017-03-10", closedAt: "2017-03-20" }),
        order("T1", { receivedAt: "2017-05-05", dueAt: "2017-05-10", closedAt: "2017-05-08" }),
        order("T1", { receivedAt: "2017-06-05", dueAt: "2017-06-10", closedAt: "2017-06-08" }),
      ]),
      2017,
    );
    // the months with orders are March, May and June — not January and February, whose quarter has March's order in it
    expect(r.months).toEqual(["2017-03", "2017-05", "2017-06"]);
    // 月度: (0 + 100 + 100) / 3 = 66.67 → 80% × 66.67 = 53.33; 季度: Q1 0 (1 late of 1) and Q2 100 (2 of 2), each once →
    // mean 50 → 20% × 50 = 10; 53.33 + 10 = 63.33. (Counting January and February at the quarter's windows gave them 100
    // each in the monthly mean; counting Q2 once per month weighed it twice.)
    expect(points(r, "T1", "月均")).toBeCloseTo(53.33, 2);
    expect(points(r, "T1", "季均")).toBe(10);
    expect(unit(r, "T1").score).toBeCloseTo(63.33, 2);
    // explained by its quarters, each once (it listed 3月 and 5月 as 各月平均), the rule's line too (it read 季度各月平均分)
    const quarterly = unit(r, "T1").items.find((i) => i.code === "季均");
    expect(quarterly?.formula).toBe("20% × 季度各季度平均分");
    expect(quarterly?.substituted).toBe("20% × 50（季度各季度平均：第1季度 0.00、第2季度 100.00） = 10.00");
    expect(unit(r, "T1").items.find((i) => i.code === "月均")?.formula).toBe("80% × 月度各月平均分");
  });
});

describe("a quarter averaging its months (季度考核成绩为该季度各月月度考核成绩的平均值)", () => {
  const rb = () =>
    compileRubric(
      `${prelude}\nmonthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}\n\nmonthly 季度 {\n  window quarter\n  total = mean(月度)\n}\n\n` +
        `ranking {\n  monthly 月度\n  monthly 季度\n  volume 工单数\n}\n`,
    );
  const on = (u: string, month: string, closed: string) =>
    order(u, { receivedAt: `2017-${month}-05`, dueAt: `2017-${month}-10`, closedAt: `2017-${month}-${closed}` });
  const orders = () =>
    data([
      // T1: January 1 of 2 on time (50), February 2 of 2 (100), March 1 of 4 (25): the months' mean (50 + 100 + 25) / 3
      // = 58.33, where the quarter's orders pooled give 4 of 8 on time, 50
      on("T1", "01", "08"),
      on("T1", "01", "20"),
      on("T1", "02", "08"),
      on("T1", "02", "09"),
      on("T1", "03", "08"),
      on("T1", "03", "20"),
      on("T1", "03", "21"),
      on("T1", "03", "22"),
      // T2: on time in January; no order in February or March, months its monthly score is 100 (按时率 of no order is 1)
      on("T2", "01", "08"),
    ]);

  test("is the mean of the months' scores, not a score of the quarter's orders pooled", async () => {
    const r = await scoreMonth(rb(), orders(), "2017-03", { assessment: "季度" });
    expect(r.window.label).toBe("2017-Q1");
    expect(r.months).toEqual(["2017-01", "2017-02", "2017-03"]);
    expect(unit(r, "T1").score).toBeCloseTo(58.33, 2);
    // T2: (100 + 100 + 100) / 3
    expect(unit(r, "T2").score).toBe(100);
  });

  test("asked by any month of the quarter, is the same quarter's", async () => {
    const r = await scoreMonth(rb(), orders(), "2017-02", { assessment: "季度" });
    expect(r.window.label).toBe("2017-Q1");
    expect(unit(r, "T1").score).toBeCloseTo(58.33, 2);
  });

  test("a year averaging such quarters reads each quarter's mean of its months (the quarters were 不适用, and the year's item with them)", async () => {
    const text = `${prelude}\nmonthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}\n\nmonthly 季度 {\n  window quarter\n  total = mean(月度)\n}\n\nyearly 年度 {\n  item 季均 90 points = 90% × mean(季度)\n}\n\nranking {\n  monthly 月度\n  monthly 季度\n  yearly 年度\n  volume 工单数\n}\n`;
    const r = await scoreYear(compileRubric(text), orders(), 2017);
    // T1: Q1 (50 + 100 + 25) / 3 = 58.33 (its published score, 2 decimals); Q2–Q4: no month with any order (none of
    // any unit), not scored. The year: 90% × 58.33 = 52.497; T2: Q1 100 → 90
    expect(points(r, "T1", "季均")).toBeCloseTo(0.9 * 58.33, 9);
    expect(points(r, "T2", "季均")).toBeCloseTo(90, 9);
  });

  test("is refused in a month's own assessment, and when it averages an assessment of several months", () => {
    const monthMean = parse(`${prelude}\nmonthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}\n\nmonthly 甲 {\n  total = mean(月度)\n}\n`);
    expect(monthMean.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/^mean\(\) 只能用于年度考核（yearly），或考核周期为几个月的考核/));
    const quarterOfQuarter = parse(
      `${prelude}\nmonthly 季度 {\n  window quarter\n  item 办结 100 points = 100 × 按时率\n}\n\nmonthly 乙 {\n  window quarter\n  total = mean(季度)\n}\n`,
    );
    expect(quarterOfQuarter.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/参数应是一个按月计分的考核/));
  });
});

test("tie policy as a choice: ordered by another measure, then by unit code instead of shared ranks", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}`,
      `ranking {\n  monthly 月度\n  volume 工单数\n  order by score desc, 回访数 desc\n  ties by unit code\n  round 2 decimals\n}`,
    ),
    data([order("T3", { visited: true }), order("T2"), order("T1")]),
    "2017-10",
  );
  // all 100; T3 has a callback → first; T1 and T2 still equal → by code: T1 2nd, T2 3rd
  expect([unit(r, "T3").rank, unit(r, "T1").rank, unit(r, "T2").rank]).toEqual([1, 2, 3]);
});

test("groups with their own item set and maximum: sections for some categories, capped", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 80 points = 80 × 按时率\n  section 属地 up to 20 for 镇, 街道 {\n    item 量 30 points = 工单数\n  }\n  section 部门 for 县直部门 {\n    item 市 20 points = 20\n  }\n}`,
    ),
    data([...onTime("T1", 25), ...onTime("D1", 1)]),
    "2017-10",
  );
  // T1: 80 + min(20, 25) = 100, no 部门 item; D1: 80 + 20 = 100, no 属地 item
  expect(unit(r, "T1").score).toBe(100);
  expect(unit(r, "T1").items.map((i) => i.code)).toEqual(["办结", "量"]);
  expect(unit(r, "D1").items.map((i) => i.code)).toEqual(["办结", "市"]);
});

test("what a score is out of (失分 = 满分 − 得分, bonuses aside): the rescale target, a capped section at its cap, the full marks of a score vetoed to 0", async () => {
  const veto = `veto "弄虚作假，当月得零分" if 弄虚作假次数 > 0 then zero`;
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 60 points = 60 × 按时率\n  item 满意 40 points = 40 × 满意率\n  bonus 奖 up to 2 = 工单数\n  rescale to 100\n  ${veto}\n}`,
    ),
    data(
      [
        ...onTime("D1", 3),
        ...late("D1", 1),
        ...onTime("T1", 2, { visited: true, resultSatisfaction: "满意" }),
        ...onTime("T2", 1, { visited: true, resultSatisfaction: "满意" }),
      ],
      [event("T2", "弄虚作假")],
    ),
    "2017-10",
  );
  // D1: no call-back, 满意 not applicable; 办结 60 × 3/4 = 45 of 60 → 75 of 100, 奖 min(2, 4) = 2: 77. It is out of
  // 100 (not its items' 60), and 2 of the 77 are bonus: 失分 100 − (77 − 2) = 25, not the items' 60 − 45 = 15
  expect(unit(r, "D1").score).toBeCloseTo(77, 10);
  expect(unit(r, "D1").outOf).toEqual({ full: 100, bonus: 2, rescaled: true });
  // T1: 60 + 40 + 奖 2 = 102, nothing rescaled: out of its items' 100, 2 of it bonus
  expect(unit(r, "T1").outOf).toEqual({ full: 100, bonus: 2, rescaled: false });
  expect(unit(r, "T1").zeroedFrom).toBeUndefined();
  // T2: 60 + 40 + 奖 1 = 101, vetoed to 0: the 0 holds no bonus, it was 101.00 before
  expect(unit(r, "T2")).toMatchObject({ score: 0, published: 0, zeroedFrom: 101, outOf: { full: 100, bonus: 0, rescaled: false } });
  // a section capped at 20 of items worth 30 can give 20: out of 80 + 20 = 100, not 110
  const capped = await scoreMonth(
    rubric("monthly 月度 {\n  item 办结 80 points = 80 × 按时率\n  section 属地 up to 20 {\n    item 量 30 points = 工单数\n  }\n}"),
    data(onTime("T1", 5)),
    "2017-10",
  );
  expect(unit(capped, "T1").outOf).toEqual({ full: 100, bonus: 0, rescaled: false });
  // a total formula decides what its score is out of: none said
  const formula = await scoreMonth(rubric("monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  total = 办结 / 2\n}"), data(onTime("T1", 1)), "2017-10");
  expect(unit(formula, "T1").outOf).toBeUndefined();
});

test("an item for one category is not applicable elsewhere: `total` reads it as not applicable, `rescale` leaves it out", async () => {
  const assessment = (tail: string) => `monthly 月度 {\n  item 办结 70 points = 70 × 按时率\n  item 属地 30 points for 镇 = 30\n  ${tail}\n}`;
  const orders = [...onTime("T1", 2), ...onTime("D1", 1), ...late("D1", 1)];
  // T1 (a town): 70 × 2/2 = 70, plus the town-only 30 = 100.
  // D1 (a department): 70 × 1/2 = 35; 属地 does not apply to it — it must not add its 30 (which gave 65).
  const summed = await scoreMonth(rubric(assessment("total = 办结 + (属地 ?? 0)")), data(orders), "2017-10");
  expect(unit(summed, "T1").score).toBe(100);
  expect(unit(summed, "D1").score).toBe(35);
  // without `??`, the department's total reads a value that is not applicable: no score, not 65
  const bare = await scoreMonth(rubric(assessment("total = 办结 + 属地")), data(orders), "2017-10");
  expect(unit(bare, "T1").score).toBe(100);
  expect(unit(bare, "D1").score).toBeNull();
  // rescaled to 100 over what applies: the department's 35 of 70 → 50; the town's 100 of 100 stays
  const rescaled = await scoreMonth(rubric(assessment("rescale to 100")), data(orders), "2017-10");
  expect(unit(rescaled, "T1").score).toBe(100);
  expect(unit(rescaled, "D1").score).toBeCloseTo(50, 10);
});

test("`rescale to` brings the items to the full marks and adds a bonus as it is: a bonus up to 4 adds at most 4", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 60 points = 60 × 按时率\n  item 属地 40 points for 镇 = 40\n  bonus 奖 up to 4 = 工单数\n  section 部门 up to 62 {\n    item 市 0 points = 0\n    bonus 额外 up to 5 = 5\n  }\n  rescale to 100\n}`,
    ),
    data([...onTime("D1", 3), ...late("D1", 1), ...onTime("S1", 2)]),
    "2017-10",
  );
  // D1 (a department: 属地 does not apply): items 60 × 3/4 = 45 of an applicable 60; bonus 奖 min(4, 4 orders) = 4;
  // section 部门: 0 + 5 = 5 within its cap of 62, all of it bonus. Rescaled: 45 × 100/60 + 4 + 5 = 84 (not (45 + 9) × 100/60 = 90)
  expect(unit(r, "D1").score).toBeCloseTo(84, 10);
  // the items add to 54, the score says 84: how, in the result
  // (its own items' full marks: the town-only 属地 is none of its, 共 100 read as the department's full marks)
  expect(unit(r, "D1").totalSteps).toBe("考核项满分 60，折算为 100 分：45.00 × 100 / 60 + 加分 9.00 = 84.00");
  // S1 (a street: 属地 does not apply either): 60 × 2/2 = 60 → 100, bonus 奖 min(4, 2) = 2 and 额外 5: 107
  expect(unit(r, "S1").score).toBeCloseTo(107, 10);
  // T1 (a town): all its 100 points apply, nothing is brought to 100: no steps (× 100 / 100 said nothing)
  const town = await scoreMonth(
    rubric(
      "monthly 月度 {\n  item 办结 60 points = 60 × 按时率\n  item 属地 40 points for 镇 = 40\n  item 满意 20 points for 县直部门 = 20 × 满意率\n  rescale to 100\n}",
    ),
    data([...onTime("T1", 2), ...onTime("D1", 2)]),
    "2017-10",
  );
  expect(unit(town, "T1").score).toBe(100);
  expect(unit(town, "T1").totalSteps).toBeUndefined();
  // D1: 满意 has no call-back (不适用): 60 of its own 80 apply, brought to 100
  expect(unit(town, "D1").totalSteps).toBe("适用的考核项满分 60（本单位各项共 80），折算为 100 分：60.00 × 100 / 60 = 100.00");
});

test("a unit none of whose items apply has no score, whatever its bonuses (a bonus is not a score of its own), and no band but by a condition", async () => {
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 满意 100 points = 100 × 满意率\n  bonus 奖 up to 5 = 工单数\n  rescale to 100\n}`),
    data([...onTime("T1", 2, { visited: true, resultSatisfaction: "满意" }), ...onTime("T2", 3)]),
    "2017-10",
  );
  // T1: 满意率 2/2 → 100, bonus min(5, 2) = 2: 102
  expect(unit(r, "T1").published).toBe(102);
  // T2: three orders, none visited: 满意率 not applicable; its bonus of 3 alone is no score (it had been 3.00, ranked)
  expect(unit(r, "T2")).toMatchObject({ published: null, rank: null });
  // D1 and S1: no orders: 满意 not applicable, 奖 0: no score (it had been 0.00, ranked last)
  expect([unit(r, "D1").published, unit(r, "S1").published]).toEqual([null, null]);
  // a category whose items are bonuses only is scored by them: departments, min(5, orders)
  const bonusesOnly = await scoreMonth(
    rubric(`monthly 月度 {\n  item 满意 100 points for 镇, 街道 = 100 × 满意率\n  bonus 奖 up to 5 for 县直部门 = 工单数\n}`),
    data([...onTime("D1", 3), ...onTime("T1", 1, { visited: true, resultSatisfaction: "满意" })]),
    "2017-10",
  );
  expect([unit(bonusesOnly, "D1").published, unit(bonusesOnly, "T1").published]).toEqual([3, 100]);

  // no score, no band from a score line or `otherwise` (it had been 不合格, counted by 月数(…, 等次 = "不合格")); a
  // band whose condition holds for it still applies
  const banded = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 满意 100 points = 100 × 满意率\n  band 合格 at least 60\n  band 不合格 otherwise\n}`.replace(
        "  band 合格",
        "  band 无回访 if 回访数 = 0 and 工单数 > 0\n  band 合格",
      ),
    ),
    data([...onTime("T1", 2, { visited: true, resultSatisfaction: "满意" }), ...onTime("T2", 3)]),
    "2017-10",
  );
  expect(["T1", "T2", "D1"].map((c) => [unit(banded, c).published, unit(banded, c).band])).toEqual([
    [100, "合格"],
    [null, "无回访"],
    [null, null],
  ]);
});

test("full marks that differ by category: `rescale to` an expression", async () => {
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 办结 60 points = 60 × 按时率\n  item 满意 40 points = 40 × 满意率\n  rescale to if 类别 = 县直部门 then 150 else 100\n}`),
    data([...onTime("T1", 3), ...late("T1", 1), ...onTime("D1", 1), ...late("D1", 1), order("T2", { visited: true, resultSatisfaction: "满意" })]),
    "2017-10",
  );
  // no callbacks, so 满意率 is not applicable and the unit is rescaled over 办结's 60 points:
  // T1 (a town) 60 × 3/4 = 45 → 45 × 100/60 = 75; D1 (a department) 60 × 1/2 = 30 → 30 × 150/60 = 75
  expect(unit(r, "T1").score).toBeCloseTo(75, 10);
  expect(unit(r, "D1").score).toBeCloseTo(75, 10);
  // T2 has every item: nothing to rescale, 60 + 40 = 100
  expect(unit(r, "T2").score).toBe(100);
});

test("a plain deduction: `deduct <expression>`, no dummy condition", async () => {
  const r = await scoreMonth(
    rubric(`monthly 月度 {\n  item 办结 20 points {\n    deduct 0.5 × (工单数 - 按时数)\n  }\n}`),
    data([...onTime("T1", 5), ...late("T1", 3)]),
    "2017-10",
  );
  // 3 late orders × 0.5 = 1.5 off 20 → 18.5; the deduction is explained by the orders of the measure it reads
  expect(points(r, "T1", "办结")).toBe(18.5);
  const adj = unit(r, "T1").items[0]?.adjustments[0];
  expect(adj).toMatchObject({ rule: "deduct 0.5 × (工单数 - 按时数)", points: 1.5, measure: "工单数", record: "orders" });
});

describe("rankings other cities publish", () => {
  const ranking = (extra: string) =>
    `ranking {\n  monthly 月度\n${extra}  within category\n  volume 工单数\n  order by score desc, volume desc\n  ties shared\n  round 2 decimals\n}`;

  test("a minimum volume per category: departments ranked only with at least 2 orders, towns always", async () => {
    const r = await scoreMonth(
      rubric("monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}", ranking("  minimum volume 2 for 县直部门\n")),
      data([...onTime("T1", 1), ...late("T2", 1), ...onTime("D1", 1)]),
      "2017-10",
    );
    // T1 and T2 have one order each and are ranked (no minimum for towns); T3 has none and is ranked too (100)
    expect(unit(r, "T1").ranked).toBe(true);
    expect(unit(r, "T3").ranked).toBe(true);
    expect(unit(r, "T2")).toMatchObject({ ranked: true, score: 0 });
    // D1, a department with 1 order < 2, is scored but not ranked
    expect(unit(r, "D1")).toMatchObject({ ranked: false, rank: null, score: 100 });
  });

  test("an overall rank beside the group rank: top of each group, bottom of the county", async () => {
    const r = await scoreMonth(
      rubric(
        `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  sanction 红榜 "红榜" if 名次 = 1\n  sanction 黑榜 "黑榜" if 总倒数名次 <= 2\n}`,
        ranking(""),
      ),
      data([
        ...onTime("T1", 4),
        ...onTime("T2", 3),
        ...late("T2", 1),
        ...onTime("T3", 1),
        ...late("T3", 1),
        ...onTime("S1", 1),
        ...late("S1", 3),
        ...onTime("D1", 5),
      ]),
      "2017-10",
    );
    // scores: T1 100, T2 75, T3 50, S1 25, D1 100. Ranked overall by score, then volume: D1 (100, 5) 1st, T1 (100, 4) 2nd,
    // T2 3rd, T3 4th, S1 5th — and in their groups T1, T2, T3 are 1, 2, 3 of the towns, S1 and D1 first of theirs
    expect(["D1", "T1", "T2", "T3", "S1"].map((c) => unit(r, c).overallRank)).toEqual([1, 2, 3, 4, 5]);
    expect(["T1", "T2", "T3", "S1", "D1"].map((c) => unit(r, c).rank)).toEqual([1, 2, 3, 1, 1]);
    // 红榜: first of each group; 黑榜: the last two of all five, whatever their group
    const marks = (c: string) => unit(r, c).sanctions.map((x) => x.name);
    expect(marks("T1")).toEqual(["红榜"]);
    expect(marks("D1")).toEqual(["红榜"]);
    expect(marks("T3")).toEqual(["黑榜"]);
    expect(marks("S1")).toEqual(["红榜", "黑榜"]);
    expect(marks("T2")).toEqual([]);
  });

  test("ties shared at the bottom: units tied for last place are each 倒数第 1, as tied first places are each 第 1", async () => {
    const r = await scoreMonth(
      rubric(
        `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  sanction 末位 "末位" if 倒数名次 = 1\n  sanction 总末位 "全县末位" if 总倒数名次 = 1\n}`,
        `ranking {\n  monthly 月度\n  within category\n  volume 工单数\n  order by score desc\n  ties shared\n  round 2 decimals\n}`,
      ),
      // towns: T1 100; T2 and T3 50 each (1 late of 2) — ranked 1, 2, 2. S1 (a street, alone in its group) 100
      data([...onTime("T1", 2), ...onTime("T2", 1), ...late("T2", 1), ...onTime("T3", 1), ...late("T3", 1), ...onTime("S1", 1)]),
      "2017-10",
    );
    expect(["T1", "T2", "T3"].map((c) => unit(r, c).rank)).toEqual([1, 2, 2]);
    const marks = (c: string) => unit(r, c).sanctions.map((x) => x.name);
    // T2 and T3 are both last of the towns (参评单位数 − 名次 + 1 would make them 2nd from the bottom and nobody last)
    // and both last of all four (overall ranks 1, 1, 3, 3); S1, alone in its group, is its group's last too
    expect(marks("T2")).toEqual(["末位", "总末位"]);
    expect(marks("T3")).toEqual(["末位", "总末位"]);
    expect(marks("T1")).toEqual([]);
    expect(marks("S1")).toEqual(["末位"]);
  });

  test("a monthly and a quarterly ranking from one file", async () => {
    const rb = rubric(
      "monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}\nmonthly 季度 {\n  window quarter\n  item 办结 100 points = 100 × 按时率\n}",
      ranking("  monthly 季度\n"),
    );
    expect(rb.ranking.alsoRanked.map((x) => x.name)).toEqual(["季度"]);
    // T1: October 1 late of 2; November 2 on time → the month of November 100, the quarter 3 of 4 = 75
    const orders = [
      ...onTime("T1", 1),
      ...late("T1", 1),
      order("T1", { receivedAt: "2017-11-05 09:00", dueAt: "2017-11-20", closedAt: "2017-11-10" }),
      order("T1", { receivedAt: "2017-11-06 09:00", dueAt: "2017-11-20", closedAt: "2017-11-10" }),
    ];
    const month = await scoreMonth(rb, data(orders), "2017-11");
    const quarter = await scoreMonth(rb, data(orders), "2017-11", { assessment: "季度" });
    expect(unit(month, "T1").score).toBe(100);
    expect(quarter.window.label).toBe("2017-Q4");
    expect(unit(quarter, "T1")).toMatchObject({ score: 75, rank: 3 });
  });
});

test("report-only indicators: shown beside the score, never scored; an assessment of indicators only has no scores", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  report 响应率\n  report 回访占比 "回访占比（只通报）" = 回访数 / 工单数\n}\nmonthly 通报 {\n  report 工单数\n}`,
    ),
    data([...onTime("T1", 3, { visited: true }), ...late("T1", 1), ...onTime("T2", 2, { attributes: { 响应时长: "1" } })]),
    "2017-10",
  );
  // T1: 3 of 4 on time → 75; 回访 3 of 4 = 0.75; 响应率: no response times recorded → 0 of 4
  expect(unit(r, "T1").score).toBe(75);
  expect(unit(r, "T1").indicators).toEqual([
    { name: "响应率", label: null, value: 0, percent: true },
    { name: "回访占比", label: "回访占比（只通报）", value: 0.75, percent: true },
  ]);
  // T2: both answered within 2 hours → 响应率 1; no callbacks → 0; the score is unchanged by either
  expect(unit(r, "T2")).toMatchObject({
    score: 100,
    indicators: [
      { name: "响应率", value: 1 },
      { name: "回访占比", value: 0 },
    ],
  });
  // the bulletin-only assessment: volumes listed, nobody scored or ranked
  const bulletin = await scoreMonth(
    rubric(`monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}\nmonthly 通报 {\n  report 工单数\n}`),
    data([...onTime("T1", 3), ...onTime("T2", 2)]),
    "2017-10",
    { assessment: "通报" },
  );
  expect(unit(bulletin, "T1")).toMatchObject({ score: null, ranked: false, indicators: [{ name: "工单数", value: 3, percent: false }] });
});

test("a reported value that is a rate's mean, a percentage's complement or another rate reads as a percentage; a count does not", async () => {
  const r = await scoreMonth(
    rubric(
      `monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n  report 组内平均按时率 = 组内平均(按时率)\n  report 超期占比 = 100% - 按时率\n  report 最低 = min(按时率, 响应率)\n  report 量 = group_mean(工单数)\n}`,
    ),
    data([...onTime("T1", 3), ...late("T1", 1), ...onTime("T2", 2)]),
    "2017-10",
  );
  // T1 75% on time, T2 100%, T3 (no orders, when zero: 1) 100%: their mean 2.75 / 3; T1's late share 25%; its lower of
  // 75% and 0% (no response times); the mean of 4, 2 and 0 orders, 2, a count
  expect(unit(r, "T1").indicators.map(({ name, value, percent }) => [name, value, percent])).toEqual([
    ["组内平均按时率", 2.75 / 3, true],
    ["超期占比", 0.25, true],
    ["最低", 0, true],
    ["量", 2, false],
  ]);
});

test("manually entered item scores beside computed ones: a numeric yearly fact", async () => {
  const rb = compileRubric(
    `${prelude.replace("orders {", 'fact 创新 "创新工作（人工评分）" number when missing 0\n\norders {')}\nmonthly 月度 {\n  item 办结 95 points = 95 × 按时率\n  bonus 创新加分 up to 5 = 创新\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`,
  );
  const r = await scoreMonth(rb, { ...data([order("T1")]), facts: [{ unit: "T1", year: 2017, item: "创新", value: 7 }] }, "2017-10");
  // 95 + min(5, 7) = 100; T2 has no fact row → 0, with a warning
  expect(unit(r, "T1").score).toBe(100);
  expect(unit(r, "T2").score).toBe(95);
  expect(unit(r, "T2").warnings.join()).toContain("创新");
});

test("`??` replaces a value that is not applicable as well as a missing one", async () => {
  const r = await scoreMonth(rubric(`monthly 月度 {\n  item 满意 10 points = 10 × (满意率 ?? 1)\n}`), data([order("T1")]), "2017-10");
  // no callbacks: 满意率 is not applicable, so the item takes 10 × 1
  expect(points(r, "T1", "满意")).toBe(10);
});

test("an assessment referred to by name is scored over all units, so group functions see the group", async () => {
  const rb = compileRubric(
    `${prelude}\nmonthly 子 {\n  item 量 100 points = normalize(工单数)\n}\n\nmonthly 月度 {\n  item 甲 100 points = 子\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`,
  );
  const r = await scoreMonth(rb, data([...onTime("T1", 10), ...onTime("T2", 20), ...onTime("T3", 40)]), "2017-10");
  // normalize over the towns 10, 20, 40 → 0, 33.33, 100
  expect(points(r, "T1", "甲")).toBeCloseTo(0, 10);
  expect(points(r, "T2", "甲")).toBeCloseTo(100 / 3, 10);
  expect(points(r, "T3", "甲")).toBe(100);
});

test("a deadline extended or not: `延期至 ?? 办理时限`, compared where it is read, picks the extension when there is one", async () => {
  const rb = rubric(`monthly 月度 {\n  item 办结 100 points = 100 × 按时率\n}`);
  const r = await scoreMonth(
    rb,
    data([
      // closed on the 25th: late against its deadline (the 20th), on time against an extension to the 28th
      order("T1", { dueAt: "2017-10-20", closedAt: "2017-10-25" }),
      order("T1", { dueAt: "2017-10-20", extendedTo: "2017-10-28", closedAt: "2017-10-25" }),
      // extended to the 22nd, closed on the 25th: late, though the deadline alone would not say so either way
      order("T2", { dueAt: "2017-10-30", extendedTo: "2017-10-22", closedAt: "2017-10-25" }),
    ]),
    "2017-10",
  );
  // T1: 1 of 2 on time → 50; T2: 0 of 1 (its extension, not its later deadline, counts) → 0
  expect(points(r, "T1", "办结")).toBe(50);
  expect(points(r, "T2", "办结")).toBe(0);
});

test("a condition nested forty deep compiles at once: each part of it is written once, not once per level above it", async () => {
  // ((((办结时间 <= 有效时限) = true) = true) … ): true for an order on time
  let condition = "办结时间 <= 有效时限";
  for (let i = 0; i < 40; i++) condition = `(${condition}) = true`;
  const rb = compileRubric(
    `${prelude}\nmeasure 深 = count 工单 where ${condition}\n\nmonthly 月度 {\n  item 嵌套 100 points = 深\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`,
  );
  const r = await scoreMonth(rb, data([...onTime("T1", 3), ...late("T1", 2)]), "2017-10");
  expect(points(r, "T1", "嵌套")).toBe(3);
});

test("a deduction per a count says what it counts: orders in 件, events in 次, a sum of a field or a value in neither", async () => {
  const r = await scoreMonth(
    rubric(
      `measure 超期数 = count 工单 where not 按时\nmeasure 重办次数 = sum 工单 of 退回重办次数\n\nmonthly 月度 {\n  item 办理 30 points {\n    deduct 0.5 per 超期数\n    deduct 1 per 重办次数\n    deduct 2 per 弄虚作假次数\n    deduct 3 per 弄虚作假\n  }\n}`,
    ),
    data([...late("T1", 3), ...onTime("T1", 1, { redoCount: 2 })], [event("T1", "弄虚作假", { count: 2 })]),
    "2017-10",
  );
  const item = unit(r, "T1").items.find((i) => i.code === "办理");
  // 3 late orders × 0.5 = 1.5; 2 redos (one order's 退回重办次数) × 1 = 2; the event counted twice: 2 × 2 = 4 by the
  // measure and 2 × 3 = 6 by its type: 30 − 1.5 − 2 − 4 − 6 = 16.5
  expect(item?.points).toBeCloseTo(16.5, 10);
  expect(item?.adjustments.map((a) => [a.count, a.countUnit])).toEqual([
    [3, "件"],
    [2, null],
    [2, "次"],
    [2, "次"],
  ]);
  expect(item?.substituted).toBe("30 − min(30, 13.5) = 16.5；−1.5（超期数，3件）；−2（重办次数，2）；−4（弄虚作假次数，2次）；−6（弄虚作假，2次）");
});

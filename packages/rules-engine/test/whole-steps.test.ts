/**
 * “不足 1 个百分点按 1 个百分点计”: ceil (向上取整), floor (向下取整) and threshold(…, whole: true), each on hand-made
 * data with the expected points worked out in the comments.
 */
import { expect, test } from "vitest";
import { type AssessmentResult, compileRubric, InMemoryMeasureSource, scoreMonth } from "../src/index.ts";
import { data, order } from "./fixtures.ts";

/** The month's items (and declarations before the assessment, `values`) over orders on time or late. */
const rubric = (items: string, values = "") =>
  compileRubric(`rubric "整档" version "t" example
  in force from 2017-01

category 镇

assessed at end of period

population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单
measure 按时数 = count 工单 where 办结时间 is not missing and 办结时间 <= 办理时限
rate 按时率 = 按时数 / 工单数, when zero: 1 "无工单"
${values}

monthly 月度 {
${items}
}

ranking {
  monthly 月度
  volume 工单数
}
`);

const points = (r: AssessmentResult, code: string, item: string) => r.units.find((u) => u.unit.code === code)?.items.find((i) => i.code === item)?.points;
const orders = (u: string, onTime: number, late: number) => [
  ...Array.from({ length: onTime }, () => order(u)),
  ...Array.from({ length: late }, () => order(u, { closedAt: "2017-10-25" })),
];
// T1: 37 of 40 on time = 92.5%; T2: 97 of 100 = 97%, and (98% − 97%) / 1% is 1.0000000000000009 in binary
const month = () => data([...orders("T1", 37, 3), ...orders("T2", 97, 3)]);

test("threshold with whole: true counts a part of a step as a whole step; without it, in proportion", async () => {
  const r = await scoreMonth(
    rubric(`  item 整档 40 points = threshold(按时率, full: 40, target: 95%, step: 1%, minus: 2, floor: 10, whole: true)
  item 比例 40 points = threshold(按时率, full: 40, target: 95%, step: 1%, minus: 2, floor: 10)
  item 差一档 40 points = threshold(按时率, full: 40, target: 98%, step: 1%, minus: 2, whole: true)`),
    month(),
    "2017-10",
  );
  // T1 92.5%: 2.5 steps below 95%; whole steps 3 → 40 − 2 × 3 = 34; in proportion 40 − 2 × 2.5 = 35
  expect(points(r, "T1", "整档")).toBe(34);
  expect(points(r, "T1", "比例")).toBeCloseTo(35, 10);
  // T2 97%: exactly 1 step below 98% → 40 − 2 = 38 (not 36: the binary noise is not a second step)
  expect(points(r, "T2", "差一档")).toBe(38);
  // the rule as a reader reads it: whole: true in words, 是 (not the rules language's true)
  const formula = r.units.find((u) => u.unit.code === "T1")?.items.find((i) => i.code === "整档")?.formula;
  expect(formula).toContain("不足一档按一档: 是");
  expect(formula).not.toContain("true");
});

test("ceil and floor, in English and in Chinese, as written in decimals", async () => {
  const r = await scoreMonth(
    rubric(`  item 上 10 points = 10 - 向上取整((98% - 按时率) / 1%) at least 0
  item 下 10 points = 10 - floor((98% - 按时率) / 1%) at least 0
  item 常 10 points = floor(30% / 10%) + ceil(-0.5) + 向下取整(-0.5)`),
    month(),
    "2017-10",
  );
  // T1 92.5%: 5.5 points below 98% → ceil 6 → 4; floor 5 → 5
  expect(points(r, "T1", "上")).toBe(4);
  expect(points(r, "T1", "下")).toBe(5);
  // T2 97%: 1 point below (1.0000000000000009 in binary) → ceil 1 → 9, floor 1 → 9
  expect(points(r, "T2", "上")).toBe(9);
  expect(points(r, "T2", "下")).toBe(9);
  // 30% / 10% is 2.9999999999999996 in binary: floor 3; ceil(−0.5) = 0 (−0 is 0), floor(−0.5) = −1 → 3 + 0 − 1 = 2
  expect(points(r, "T1", "常")).toBe(2);
});

test("threshold with lower: true (越低越好) takes points off per step above the target", async () => {
  const r = await scoreMonth(
    rubric(`  item 超期 30 points = threshold(1 - 按时率, full: 30, target: 2%, step: 1%, minus: 2, lower: true)
  item 超期整档 30 points = threshold(1 - 按时率, full: 30, target: 2%, step: 1%, minus: 2, whole: true, 越低越好: 是)
  item 按时 30 points = threshold(按时率, full: 30, target: 92%, step: 1%, minus: 2)`),
    month(),
    "2017-10",
  );
  // T1: 3 of 40 late = 7.5%, 5.5 steps above 2%: 30 − 2 × 5.5 = 19; whole steps 6: 30 − 12 = 18; on time 92.5% ≥ 92%: 30
  expect(points(r, "T1", "超期")).toBeCloseTo(19, 10);
  expect([points(r, "T1", "超期整档"), points(r, "T1", "按时")]).toEqual([18, 30]);
  // T2: 3 of 100 = 3%, 1 step above: 28 (and whole: 1.0000000000000009 steps is 1, as ceil reads it)
  expect(points(r, "T2", "超期")).toBeCloseTo(28, 10);
  expect(points(r, "T2", "超期整档")).toBe(28);
  // explained in Chinese, as written in either language
  const item = r.units.find((u) => u.unit.code === "T1")?.items.find((i) => i.code === "超期整档");
  expect(item?.formula).toBe("分档计分(1 - 按时率, 满分: 30, 达标线: 2%, 每档: 1%, 每档扣分: 2, 不足一档按一档: 是, 越低越好: 是)");
  // an order on time lowers 1 − 按时率, which is better here: it costs nothing; the late ones (工单数 beyond 按时数) do
  const roles = Object.fromEntries((item?.measures ?? []).map((m) => [m.name, m.role]));
  expect(roles).toEqual({ 按时数: "spare", 工单数: "base" });
});

test("the records that cost an item its points: the late orders, whether the rate is in a condition, ranked, or read through a value", async () => {
  const rankAndMean = rubric(
    `  item 档 10 points = if 按时率 >= 95% then 10 else if 按时率 >= 90% then 5 else 0
  item 反档 10 points = if 按时率 < 90% then 0 else 10
  item 名次 10 points = max(0, 10 - 2 × (group_rank(按时率) - 1))
  item 平均 40 points = max(0, 40 - 2 × 低于平均)`,
    "value 低于平均 = max(0, (overall_mean(按时率) - 按时率) / 1%)",
  );
  const r = await scoreMonth(rankAndMean, month(), "2017-10");
  // T1 92.5% (37 of 40): 档 5, 反档 10; the fixture's third town has no orders (按时率 1 by when zero), so T1 is third of
  // 100%, 97%, 92.5% → 10 − 2 × 2 = 6; the mean (100% + 97% + 92.5%) / 3 = 96.5%, 4 points above T1 → 40 − 8 = 32
  expect([points(r, "T1", "档"), points(r, "T1", "反档"), points(r, "T1", "名次")]).toEqual([5, 10, 6]);
  expect(points(r, "T1", "平均")).toBeCloseTo(32, 10);
  // in each, an order on time earns the points (listed as 按时数 beside 工单数: the 3 late ones are what it lost); the
  // on-time orders were listed as what cost them (a rubric author): in a condition, under a rank, and through a value
  // (not the mean of every unit, which is not the unit's own)
  const roles = (item: string) =>
    Object.fromEntries((r.units.find((u) => u.unit.code === "T1")?.items.find((i) => i.code === item)?.measures ?? []).map((m) => [m.name, m.role]));
  for (const item of ["档", "反档", "名次", "平均"]) expect([item, roles(item)]).toEqual([item, { 按时数: "spare", 工单数: "base" }]);
  // a percentage in two decimals as its neighbours are (92.5% read as another precision beside 96.33%: a walk); a whole one as it is
  const substituted = (code: string, item: string) => r.units.find((u) => u.unit.code === code)?.items.find((i) => i.code === item)?.substituted;
  expect(substituted("T1", "档")).toContain("按时率 = 37 / 40 = 92.50%");
  expect(substituted("T1", "平均")).toContain("全部单位的按时率：");
  expect(substituted("T1", "平均")).toMatch(/ 100%、.* 97%、.* 92\.50%/);
  // for a reader who may see no other unit's figures (a unit user): the mean, not the units behind it (a review)
  const own = await scoreMonth(rankAndMean, month(), "2017-10", { peers: false });
  const item = own.units.find((u) => u.unit.code === "T1")?.items.find((i) => i.code === "平均");
  expect(item?.substituted).toContain("96.50%（全部单位：全体平均(按时率)）");
  expect(item?.substituted).not.toContain("全部单位的按时率");
});

test("a unit past the 30 values listed under a mean finds its own among them, with its place", async () => {
  // 35 towns: town k has k orders on time of 35 (k = 1 … 35); the one with 1 on time is last of 35
  const towns = Array.from({ length: 35 }, (_, i) => ({ code: `N${i + 1}`, name: `第${i + 1}镇`, category: "镇", attributes: {} }));
  const orders = towns.flatMap((u, i) => [
    ...Array.from({ length: i + 1 }, () => order(u.code)),
    ...Array.from({ length: 35 - (i + 1) }, () => order(u.code, { closedAt: "2017-10-25" })),
  ]);
  const r = await scoreMonth(
    rubric("  item 平均 10 points = if 按时率 >= overall_mean(按时率) then 10 else 0"),
    { units: towns, facts: [], source: new InMemoryMeasureSource({ orders, events: [] }) },
    "2017-10",
  );
  const text = r.units.find((u) => u.unit.code === "N1")?.items[0]?.substituted ?? "";
  // listed from the highest (第35镇 100%) down to the 30th (第6镇 17.14%), then the count and its own
  expect(text).toContain("全部单位的按时率：第35镇 100%、第34镇 97.14%");
  expect(text).toMatch(/第6镇 17\.14%……共 35 个单位；第1镇 2\.86%（第 35 个）/);
});

test("the hour of the day and the day's start: 夜间受理的，次日 10 时前办结", async () => {
  const r = await scoreMonth(
    rubric(
      "  item 夜间 10 points = 10 × 夜间按时 / max(1, 夜间数)",
      `measure 夜间数 = count 工单 where hour_of(受理时间) >= 18 or hour_of(受理时间) < 8
measure 夜间按时 = count 工单 where (hour_of(受理时间) >= 18 or hour_of(受理时间) < 8) and 办结时间 is not missing and hours(day_start(受理时间), 办结时间) <= 34`,
    ),
    data([
      // T1: received 19:30 (night), closed the next day 09:50 (by 10:00: on time) and another 10:30 (late); one by day
      order("T1", { receivedAt: "2017-10-10 19:30", closedAt: "2017-10-11 09:50" }),
      order("T1", { receivedAt: "2017-10-10 22:00", closedAt: "2017-10-11 10:30" }),
      order("T1", { receivedAt: "2017-10-10 09:00", closedAt: "2017-10-10 16:00" }),
      // 07:59 is night, closed 09:00 the next day: on time (its day started at 0:00 of the 12th: 24 + 9 = 33 hours)
      order("T2", { receivedAt: "2017-10-12 07:59", closedAt: "2017-10-13 09:00" }),
    ]),
    "2017-10",
  );
  // T1: 2 at night, 1 of them on time → 10 × 1 / 2 = 5; T2: 1 of 1 → 10
  expect([points(r, "T1", "夜间"), points(r, "T2", "夜间")]).toEqual([5, 10]);
});

test("a count read as it is costs points where subtracted or deducted, a rate written out is a rate, a count choosing a branch costs nothing", async () => {
  const r = await scoreMonth(
    rubric(
      `  item 减 10 points = 10 - 0.5 × (工单数 - 按时数)
  item 写出 20 points = 20 × 按时数 / 工单数
  item 分支 20 points = if 工单数 >= 5 then 20 × 按时率 else 20
  item 量 10 points = min(10, 工单数 / 10)
  item 扣分 10 points {
    deduct 0.5 per 工单数
  }
  item 条件 10 points {
    deduct 5 if 超期率 > 10% and 工单数 >= 1
  }
  item 超期 10 points {
    deduct 5 if 超期件数 >= 1
  }
  item 守限 10 points {
    deduct 5 if 超期件数 >= 1 and 工单数 >= 5 or 超期件数 > 限额
  }`,
      `measure 超期件数 = count 工单 where 办结时间 > 办理时限
rate 超期率 = 超期件数 / 工单数, when zero: 0 "无工单"
value 限额 = 2`,
    ),
    month(),
    "2017-10",
  );
  const roles = (item: string) =>
    Object.fromEntries((r.units.find((u) => u.unit.code === "T1")?.items.find((i) => i.code === item)?.measures ?? []).map((m) => [m.name, m.role]));
  // a count less another: the orders counted and not on time cost, as of a rate that earns (lostRecords lists them)
  expect(roles("减")).toEqual({ 工单数: "base", 按时数: "spare" });
  // 按时数 / 工单数 written out reads as 按时率 does
  expect(roles("写出")).toEqual({ 按时数: "spare", 工单数: "base" });
  // 工单数 choosing between the unit's own rate and full marks: its orders cost nothing; 按时率 as ever
  expect(roles("分支")).toEqual({ 工单数: "base", 按时数: "spare" });
  // a volume that earns points, and a count a deduction counts
  expect(roles("量")).toEqual({ 工单数: null });
  expect(roles("扣分")).toEqual({ 工单数: "cost" });
  // a deduction's condition: its one count costs; a count beside a rate only says whose rate (its orders cost nothing)
  expect(roles("条件")).toEqual({ 超期件数: "cost", 工单数: null });
  expect(roles("超期")).toEqual({ 超期件数: "cost" });
  // beside a constant and the ranking's volume (a guard: its orders cost nothing), the late orders cost as ever
  expect(roles("守限")).toEqual({ 超期件数: "cost", 工单数: null });
});

/**
 * The period before: `previous(名称)` (上期(名称)), a unit's value of the period before, and
 * `受理时间 in previous period` (在上期内), last period's records. Every expected number is worked
 * out by hand in the comments, from the orders written out below.
 */
import { expect, test } from "vitest";
import { type AssessmentResult, compileRubric, type MonthResults, scoreMonth, scoreYear } from "../src/index.ts";
import { data, order } from "./fixtures.ts";

const source = (from: string) => `rubric "上期测试" version "p-${from}" example
  in force from ${from}

category 镇

assessed at end of period

population 本期工单 = orders where 受理时间 in period
# 上月结果不满意的工单，本月须复查（回访）
population 上期不满意 = orders where 受理时间 in previous period and 结果满意度 = "不满意"

measure 工单数 = count 本期工单
measure 超期件数 = count 本期工单 where 办结时间 > 办理时限
measure 待复查 = count 上期不满意 where not 已回访

value 上月名次 = previous(名次)

monthly 月度 {
  item 按期 20 points = 20 - 5 × 超期件数 at least 0
  item 复查 10 points = 10 - 2 × 待复查 at least 0
  bonus 进步 up to 3 = if 超期件数 < previous(超期件数) then 3 else 0
  report 上月名次
  sanction 连续末位 "连续两个月倒数第一" if 倒数名次 = 1 and previous(倒数名次) = 1
}

ranking {
  monthly 月度
  volume 工单数
}
`;

// one order: received the 5th (October: the 10th) 09:00, due as given, closed as given
const sepOnTime = (u: string) => order(u, { receivedAt: "2017-09-05 09:00", dueAt: "2017-09-10 23:59", closedAt: "2017-09-08 10:00" });
const orders = [
  // September: T1 late (closed after its due date), its result 不满意, not visited; T2, T3 on time
  order("T1", { receivedAt: "2017-09-05 09:00", dueAt: "2017-09-10 23:59", closedAt: "2017-09-15 10:00", resultSatisfaction: "不满意" }),
  sepOnTime("T2"),
  sepOnTime("T3"),
  // October (the fixture's default: received 10-10, due 10-20, closed 10-15, on time): T1 two on time;
  // T2 one late, 不满意 but visited; T3 one on time
  order("T1"),
  order("T1"),
  order("T2", { dueAt: "2017-10-12 23:59", resultSatisfaction: "不满意", visited: true }),
  order("T3"),
  // November: T1, T3 on time, T2 late
  order("T1", { receivedAt: "2017-11-10 09:00", dueAt: "2017-11-20 23:59", closedAt: "2017-11-15 10:00" }),
  order("T2", { receivedAt: "2017-11-10 09:00", dueAt: "2017-11-12 23:59", closedAt: "2017-11-15 10:00" }),
  order("T3", { receivedAt: "2017-11-10 09:00", dueAt: "2017-11-20 23:59", closedAt: "2017-11-15 10:00" }),
];

const unit = (r: AssessmentResult, code: string) => {
  const u = r.units.find((x) => x.unit.code === code);
  if (!u) throw new Error(code);
  return u;
};
const item = (r: AssessmentResult, code: string, it: string) => unit(r, code).items.find((i) => i.code === it);

test("the first month in force has no month before: previous() is missing, with the reason", async () => {
  const sep = await scoreMonth(compileRubric(source("2017-09")), data(orders), "2017-09");
  // T1: 超期 1 → 按期 20 − 5 = 15; 待复查: no August order → 10; 进步: 1 < (missing) is false → 0; total 25
  // T2, T3: 20 + 10 + 0 = 30. Ranks: T2, T3 share 1, T1 3; 倒数名次 T1 = 3 − 3 + 1 = 1
  expect([unit(sep, "T1").score, unit(sep, "T2").score, unit(sep, "T3").score]).toEqual([25, 30, 30]);
  expect([unit(sep, "T1").rank, unit(sep, "T2").rank, unit(sep, "T3").rank]).toEqual([3, 1, 1]);
  expect(item(sep, "T1", "进步")?.points).toBe(0);
  expect(item(sep, "T1", "进步")?.reasons).toContain("上期（2017-08）不在本办法（p-2017-09）施行期内，上期的值为空");
  // last in September, but previous(倒数名次) is missing, and missing = 1 is false: no sanction
  expect(unit(sep, "T1").sanctions).toEqual([]);
  expect(unit(sep, "T1").indicators).toEqual([{ name: "上月名次", label: null, value: null, percent: false }]);
});

test("previous() reads last month's measures and ranks; in previous period selects last month's orders", async () => {
  const rb = compileRubric(source("2017-09"));
  const oct = await scoreMonth(rb, data(orders), "2017-10");
  // T1: 超期 0 → 20; 待复查: its September order, 不满意 and not visited → 1 → 10 − 2 = 8;
  //     进步: 0 < previous(超期件数) = 1 → 3; total 31
  // T2: 超期 1 → 15; 待复查 0 (its September order was satisfactory) → 10; 进步: 1 < 0 no → 0; total 25
  // T3: 20 + 10 + 0 = 30
  expect([unit(oct, "T1").score, unit(oct, "T2").score, unit(oct, "T3").score]).toEqual([31, 25, 30]);
  expect(item(oct, "T1", "复查")?.points).toBe(8);
  expect(item(oct, "T1", "复查")?.measures.find((m) => m.name === "待复查")?.records).toHaveLength(1);
  expect(item(oct, "T1", "进步")?.points).toBe(3);
  expect(item(oct, "T1", "进步")?.substituted).toBe("若 0 < 1（上期 2017-09 的超期件数） 则 3 否则 0 = 3.00");
  // 上月名次 = the September ranks: T1 3, T2 1, T3 1
  expect(["T1", "T2", "T3"].map((c) => unit(oct, c).indicators[0]?.value)).toEqual([3, 1, 1]);
  // October ranks: T1 1, T3 2, T2 3 (倒数名次 1); T2's September 倒数名次 was 3 − 1 + 1 = 3: no sanction
  expect(unit(oct, "T2").rank).toBe(3);
  expect(unit(oct, "T2").sanctions).toEqual([]);

  const nov = await scoreMonth(rb, data(orders), "2017-11");
  // T1: 20 + 10 (its October orders were not 不满意) + 0 (0 < 0 no) = 30
  // T2: 15 + 10 (its October 不满意 order was visited: nothing to re-check) + 0 (1 < 1 no) = 25
  // T3: 30. Ranks: T1, T3 share 1; T2 3, 倒数名次 1, and was 1 in October (scored in turn from September): 连续末位
  expect([unit(nov, "T1").score, unit(nov, "T2").score, unit(nov, "T3").score]).toEqual([30, 25, 30]);
  expect(unit(nov, "T2").sanctions.map((s) => s.name)).toEqual(["连续末位"]);
  expect(unit(nov, "T1").sanctions).toEqual([]);
  // 上月名次 in November: the October ranks T1 1, T2 3, T3 2
  expect(["T1", "T2", "T3"].map((c) => unit(nov, c).indicators[0]?.value)).toEqual([1, 3, 2]);
});

test("a month before under another version, or without data, gives previous() nothing; in previous period is only time", async () => {
  // the same rules in force from October: September is another version's month
  const oct = await scoreMonth(compileRubric(source("2017-10")), data(orders), "2017-10");
  // T1: 20 + 8 (待复查 still reads September's orders: the window is a span of time, not a version) + 0
  //     (0 < missing is false) = 28
  expect(unit(oct, "T1").score).toBe(28);
  expect(item(oct, "T1", "进步")?.reasons).toContain("上期（2017-09）不在本办法（p-2017-10）施行期内，上期的值为空");
  // in force from August, but August has no order of any unit: no data, previous() is missing
  const sep = await scoreMonth(compileRubric(source("2017-08")), data(orders), "2017-09");
  expect(unit(sep, "T1").score).toBe(25);
  expect(item(sep, "T1", "进步")?.reasons).toContain("上期（2017-08）没有数据（各单位承办量都为 0），上期的值为空");
});

test("a quarter's period before is the quarter before", async () => {
  const quarterly = compileRubric(`rubric "季度上期" version "q" example
  in force from 2017-01

category 镇

population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单

monthly 季度 {
  window quarter
  item 环比 10 points = (previous(工单数) ?? 0) - 工单数 + 5
}

ranking {
  monthly 季度
  volume 工单数
}
`);
  // scored for November: Q4 (October–December); the quarter before is Q3 (July–September).
  // Q3: T1 1, T2 1, T3 1 (the September orders). Q4: T1 2 + 1 = 3, T2 1 + 1 = 2, T3 1 + 1 = 2.
  // T1: 1 − 3 + 5 = 3; T2, T3: 1 − 2 + 5 = 4
  const q = await scoreMonth(quarterly, data(orders), "2017-11");
  expect(q.window.label).toBe("2017-Q4");
  expect(["T1", "T2", "T3"].map((c) => unit(q, c).score)).toEqual([3, 4, 4]);
  expect(item(q, "T1", "环比")?.substituted).toBe("(1（上期 2017-Q3 的工单数） ?? 0) - 3 + 5 = 3.00");
});

test("a year averages months that each read the month before", async () => {
  const rb = compileRubric(
    source("2017-09").replace("ranking {\n  monthly 月度", "yearly 年度 {\n  item 月均 100 points = mean(月度)\n}\n\nranking {\n  monthly 月度\n  yearly 年度"),
  );
  // the months with orders: September 25 / 30 / 30, October 31 / 25 / 30, November 30 / 25 / 30 (T1 / T2 / T3, as above);
  // December has none and is not averaged. T1 (25 + 31 + 30) / 3 = 28.666… → 28.67; T2 (30 + 25 + 25) / 3 = 26.67; T3 30
  const year = await scoreYear(rb, data(orders), 2017);
  expect(year.months).toEqual(["2017-09", "2017-10", "2017-11"]);
  expect(["T1", "T2", "T3"].map((c) => unit(year, c).published)).toEqual([28.67, 26.67, 30]);
});

test("the months a year scores, kept (monthResults), are the months as scored alone, and a month is taken as kept", async () => {
  const rb = compileRubric(
    source("2017-09").replace("ranking {\n  monthly 月度", "yearly 年度 {\n  item 月均 100 points = mean(月度)\n}\n\nranking {\n  monthly 月度\n  yearly 年度"),
  );
  const kept = new Map<string, Promise<AssessmentResult>>();
  let scored = 0;
  const monthResults: MonthResults = (key, score) => {
    const known = kept.get(key);
    if (known) return known;
    scored++;
    const result = score();
    kept.set(key, result);
    return result;
  };
  // the year as without them (the test above: 28.67 / 26.67 / 30), its four months in force (September to December)
  // each scored once, each reading the one before it
  const year = await scoreYear(rb, data(orders), 2017, { monthResults });
  expect(year).toEqual(await scoreYear(rb, data(orders), 2017));
  expect(scored).toBe(4);
  // each month scored alone, as the year page's sanctions column reads it: the same result, none scored again
  for (const m of ["2017-09", "2017-10", "2017-11", "2017-12"]) {
    const alone = await scoreMonth(rb, data(orders), m, { evidence: false });
    expect(await scoreMonth(rb, data(orders), m, { evidence: false, monthResults })).toEqual(alone);
  }
  expect(scored).toBe(4);
  // scored with its evidence (a unit's page), a month is scored, not taken
  await scoreMonth(rb, data(orders), "2017-10", { monthResults });
  expect(scored).toBe(4);
  // kept, the year scores none of its months again
  await scoreYear(rb, data(orders), 2017, { monthResults });
  expect(scored).toBe(4);
});

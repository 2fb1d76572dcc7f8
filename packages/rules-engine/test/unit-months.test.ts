/**
 * The months a unit is assessed in (起始月份, 截止月份 of the units file): a unit set up in November is in no ranking
 * before it, one abolished after October in none after it, and a year averages each unit's own months. Expected
 * numbers worked out by hand in the comments.
 */
import type { Unit } from "@kaohe/data";
import { expect, test } from "vitest";
import {
  type AssessmentResult,
  compileRubric,
  diffResults,
  InMemoryMeasureSource,
  scoreMonth,
  scoreYear,
  unitAssessedIn,
  unitRecordSpan,
} from "../src/index.ts";
import { order } from "./fixtures.ts";

const SOURCE = `rubric "考核期测试" version "m1" example
  in force from 2017-01

category 镇

assessed at end of period

population 工单 = orders where 受理时间 in period

measure 工单数 = count 工单
measure 按时数 = count 工单 where 办结时间 <= 办理时限

rate 按时率 = 按时数 / 工单数, when zero: 1 "无工单"

monthly 月度 {
  item 按时 100 points = 100 × 按时率
}

yearly 年度 {
  item 月均 100 points = mean(月度)
}

ranking {
  monthly 月度
  yearly 年度
  within category
  volume 工单数
}
`;
const rubric = compileRubric(SOURCE);

const units: Unit[] = [
  { code: "T1", name: "索镇", category: "镇", attributes: {} },
  // abolished: October is its last month
  { code: "T2", name: "果里镇", category: "镇", untilMonth: "2017-10", attributes: {} },
  // set up: November is its first month
  { code: "T3", name: "马桥镇", category: "镇", fromMonth: "2017-11", attributes: {} },
];

const nov = (u: string, late = false) =>
  order(u, { receivedAt: "2017-11-10 09:00", dueAt: late ? "2017-11-12 23:59" : "2017-11-20 23:59", closedAt: "2017-11-15 10:00" });
const orders = [
  // October (received 10-10, due 10-20, closed 10-15 unless said): T1 on time; T2 late; T3 on time, before its first month
  order("T1"),
  order("T2", { dueAt: "2017-10-12 23:59" }),
  order("T3"),
  // November: T1 late; T2 on time, after its last month; T3 on time
  nov("T1", true),
  nov("T2"),
  nov("T3"),
];
const data = { units, facts: [], source: new InMemoryMeasureSource({ orders, events: [] }) };
const placed = (r: AssessmentResult) => Object.fromEntries(r.units.map((u) => [u.unit.code, [u.published, u.rank]]));

test("a month ranks only the units assessed in it", async () => {
  // October: T1 1 of 1 on time → 100, first; T2 0 of 1 → 0, second; T3 not yet set up, its order counted nowhere
  expect(placed(await scoreMonth(rubric, data, "2017-10"))).toEqual({ T1: [100, 1], T2: [0, 2] });
  // November: T1 0 of 1 → 0, second; T3 1 of 1 → 100, first; T2 abolished, its order counted nowhere
  expect(placed(await scoreMonth(rubric, data, "2017-11"))).toEqual({ T1: [0, 2], T3: [100, 1] });
  // a month before any limit: T1 and T2, without a single order (按时率 1 → 100), share first place
  expect(placed(await scoreMonth(rubric, data, "2017-09"))).toEqual({ T1: [100, 1], T2: [100, 1] });
});

test("a year averages each unit's own months, and ranks every unit assessed in any of them", async () => {
  // months with orders: October and November. T1 (100 + 0) / 2 = 50; T2 October alone, 0; T3 November alone, 100
  const year = await scoreYear(rubric, data, 2017);
  expect(placed(year)).toEqual({ T3: [100, 1], T1: [50, 2], T2: [0, 3] });
  // and counts each unit's orders of its own months: T1 both, T2 October's, T3 November's (not its October order)
  expect(Object.fromEntries(year.units.map((u) => [u.unit.code, u.volume]))).toEqual({ T1: 2, T2: 1, T3: 1 });
  // 2018: T2 was abolished in 2017 and is in no ranking of it; T1 and T3, no month with orders, no score
  expect((await scoreYear(rubric, data, 2018)).units.map((u) => u.unit.code).sort()).toEqual(["T1", "T3"]);
});

test("a month of the 26th to the 25th is the month it is named for", async () => {
  const shifted = compileRubric(SOURCE.replace("monthly 月度 {", "monthly 月度 {\n  window month from day 26"));
  // "2017-11" runs from 10-26 to 11-25: T2's last month is October, so it is out, though the window begins in October
  expect(Object.keys(placed(await scoreMonth(shifted, data, "2017-11"))).sort()).toEqual(["T1", "T3"]);
});

test("a quarter counts a unit abolished within it over its own months only", async () => {
  const quarterly = compileRubric(SOURCE.replace("monthly 月度 {", "monthly 月度 {\n  window quarter"));
  // 2017-Q4: T2's October order (late) counts, its November one (after its last month) does not: 0 of 1 → 0, not 1 of
  // 2 → 50; T3 counts November's, not its October order before its first month: 1 of 1 → 100; T1 both, 1 of 2 → 50
  const q4 = await scoreMonth(quarterly, data, "2017-11");
  expect(Object.fromEntries(q4.units.map((u) => [u.unit.code, [u.published, u.volume]]))).toEqual({ T1: [50, 2], T2: [0, 1], T3: [100, 1] });
});

test("compared with another version, a unit one of them does not assess is said absent from it", async () => {
  const quarterly = compileRubric(SOURCE.replace("monthly 月度 {", "monthly 月度 {\n  window quarter"));
  // November: T2 (last month October) is in no monthly ranking, but in the fourth quarter's
  const diff = diffResults(await scoreMonth(rubric, data, "2017-11"), await scoreMonth(quarterly, data, "2017-11"));
  expect(Object.fromEntries(diff.units.map((u) => [u.unit.code, u.absentFrom ?? null]))).toEqual({ T1: null, T2: "A", T3: null });
});

test("previous() of a unit set up this month is missing, and says why", async () => {
  const withPrevious = compileRubric(
    SOURCE.replace("  item 按时 100 points = 100 × 按时率\n", "  item 按时 100 points = 100 × 按时率\n  item 较上月 10 points = previous(按时率) ?? 0\n"),
  );
  const nov = await scoreMonth(withPrevious, data, "2017-11");
  const item = (code: string) => nov.units.find((u) => u.unit.code === code)?.items.find((i) => i.code === "较上月");
  // T3's first month is November: in no result of October
  expect(item("T3")?.reasons).toContain("上期（2017-10）该单位未参加考核");
  // T1 was in October's: previous(按时率) is its October 按时率, 1
  expect(item("T1")?.points).toBe(1);
  expect(item("T1")?.reasons ?? []).not.toContain("上期（2017-10）该单位未参加考核");
});

test("whether a period's ranking assesses a unit, without scoring it: by the ranked assessment's window", () => {
  const quarterly = compileRubric(SOURCE.replace("monthly 月度 {", "monthly 月度 {\n  window quarter"));
  const [, T2, T3] = units as [Unit, Unit, Unit];
  // T2's last month is October: out of November's monthly ranking, in the fourth quarter's
  expect([unitAssessedIn(rubric, T2, "2017-10"), unitAssessedIn(rubric, T2, "2017-11"), unitAssessedIn(quarterly, T2, "2017-11")]).toEqual([true, false, true]);
  // T3's first month is November: out of October's month and of no year it is assessed in part of
  expect([unitAssessedIn(rubric, T3, "2017-10"), unitAssessedIn(rubric, T3, "2017"), unitAssessedIn(rubric, T3, "2016")]).toEqual([false, true, false]);
});

test("a unit's records count from its first month's window to its last's: a month from the 26th begins on the 26th before", () => {
  const shifted = compileRubric(SOURCE.replace("monthly 月度 {", "monthly 月度 {\n  window month from day 26"));
  const at = (day: string) => Date.parse(`${day}T00:00:00+08:00`);
  const [, T2, T3] = units as [Unit, Unit, Unit];
  // T3 from November: from 10-26 (November's window), not 11-01; T2 until October: to 10-26, not 11-01
  expect(unitRecordSpan(shifted, T3)).toEqual({ start: at("2017-10-26"), end: Number.POSITIVE_INFINITY });
  expect(unitRecordSpan(shifted, T2)).toEqual({ start: Number.NEGATIVE_INFINITY, end: at("2017-10-26") });
  // calendar months otherwise
  expect(unitRecordSpan(rubric, T3).start).toBe(at("2017-11-01"));
});

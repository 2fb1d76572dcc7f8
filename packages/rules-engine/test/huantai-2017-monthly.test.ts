/**
 * Golden monthly scores under the Huantai 2017 rubric, each computed by hand
 * from the regulation (附件2 and shared/domain/huantai-2017-interpretation.md).
 * The month is 2017-10; by default it is assessed as of the end of November.
 */
import { describe, expect, test } from "vitest";
import { type AssessmentResult, scoreMonth } from "../src/index.ts";
import { data, event, order, rubric2017, t } from "./fixtures.ts";

const unitOf = (r: AssessmentResult, code: string) => {
  const u = r.units.find((x) => x.unit.code === code);
  if (!u) throw new Error(`no result for ${code}`);
  return u;
};
const item = (r: AssessmentResult, code: string, itemCode: string) => {
  const i = unitOf(r, code).items.find((x) => x.code === itemCode);
  if (!i) throw new Error(`no item ${itemCode}`);
  return i;
};

describe("十个新突破 (30 points): base 100, each verified event deducts its points, × 30%", () => {
  // one event of each type: part = (100 − points) × 30%
  const table: [string, number][] = [
    ["行政不作为", 5],
    ["转办未整改", 2],
    ["不作为情节严重", 10],
    ["服务态度恶劣", 5],
    ["上班时间娱乐", 5],
    ["服务电话无人接听", 2],
    ["服务电话重复投诉", 5],
    ["行政乱作为", 5],
    ["弄虚作假", 5],
    ["市转办应办未办", 10],
    ["市转办承办不力延期", 5],
    ["市转办问题反弹", 5],
    ["县交办应办未办", 10],
    ["县交办问题反弹", 5],
    ["推诿扯皮", 5],
    ["抽查态度不满意", 2],
    ["抽查应办未办不满意", 10],
  ];
  test.each(table)("one %s event deducts %i points from the base of 100", async (type, points) => {
    const r = await scoreMonth(rubric2017, data([order("T1")], [event("T1", type)]), "2017-10");
    expect(item(r, "T1", "十个新突破").points).toBeCloseTo((100 - points) * 0.3, 10);
    expect(item(r, "T1", "十个新突破").adjustments.find((a) => a.count === 1)?.records).toHaveLength(1);
  });

  test("次数 multiplies; 其他效能问题 deducts its recorded 分值 × 次数", async () => {
    // 行政不作为 ×2 = 10, 其他效能问题 分值 3 × 次数 2 = 6 → (100 − 16) × 30% = 25.2
    const r = await scoreMonth(
      rubric2017,
      data([order("T1")], [event("T1", "行政不作为", { count: 2 }), event("T1", "其他效能问题", { points: 3, count: 2 })]),
      "2017-10",
    );
    expect(item(r, "T1", "十个新突破").points).toBeCloseTo(25.2, 10);
  });

  test("deductions stop at 0: more than 100 points of events leave the part at 0, not negative", async () => {
    // 104 points of events (every type once, 行政不作为 twice, 其他效能问题 3) → max(0, 100 − 104) × 30% = 0
    const types = table.map(([type]) => event("T1", type));
    const r = await scoreMonth(rubric2017, data([order("T1")], [...types, event("T1", "行政不作为"), event("T1", "其他效能问题", { points: 3 })]), "2017-10");
    expect(item(r, "T1", "十个新突破").points).toBe(0);
    expect(unitOf(r, "T1").score).toBe(70);
  });

  test("an event belongs to the month of its 日期, and yearly (附件1) event types do not touch the monthly part", async () => {
    const r = await scoreMonth(rubric2017, data([order("T1")], [event("T1", "行政不作为", { date: "2017-09-30" }), event("T1", "工单不规范")]), "2017-10");
    expect(item(r, "T1", "十个新突破").points).toBe(30);
  });
});

describe("按期办结 (20 points) = 20 × (1 − 超期率)", () => {
  const orders = () => [
    order("T1", { dueAt: "2017-10-05", closedAt: "2017-10-04" }), // on time
    order("T1", { dueAt: "2017-10-05", closedAt: "2017-10-07" }), // overdue
    order("T1", { dueAt: "2017-10-05", extendedTo: "2017-10-10", closedAt: "2017-10-07" }), // on time: extension approved
    order("T1", { dueAt: "2017-10-05", closedAt: "2017-10-07", delayExcused: true }), // delay excused by the center
    order("T1", { dueAt: "2017-10-20", closedAt: null }), // still open at the end of November: overdue
    order("T1", { dueAt: "2017-12-15", closedAt: null }), // open but its deadline is after the assessment time
  ];

  test("closed late without extension or excuse, or open past the deadline at assessment time, is overdue", async () => {
    // overdue: 2 of 6 → 20 × (1 − 2/6) = 13.333… published 13.33
    const r = await scoreMonth(rubric2017, data(orders()), "2017-10");
    const i = item(r, "T1", "按期办结");
    expect(i.points).toBeCloseTo(40 / 3, 10);
    expect(i.published).toBe(13.33);
    expect(i.measures.find((m) => m.name === "超期件数")?.records).toHaveLength(2);
  });

  test("--as-of moves the assessment time: an order open but not yet due then is not overdue", async () => {
    // as of 2017-10-15 only the order closed on 10-07 after its 10-05 deadline is overdue: 20 × 5/6 = 16.67
    const r = await scoreMonth(rubric2017, data(orders()), "2017-10", { asOf: t("2017-10-15") });
    expect(item(r, "T1", "按期办结").published).toBe(16.67);
  });

  test("a date-only deadline is the end of that day", async () => {
    // dueAt 2017-10-05 means 23:59:59 that day; closing at 18:00 that day is on time → 20
    const r = await scoreMonth(rubric2017, data([order("T1", { dueAt: "2017-10-05 23:59:59", closedAt: "2017-10-05 18:00" })]), "2017-10");
    expect(item(r, "T1", "按期办结").points).toBe(20);
  });
});

describe("回退 with 回退认可: the order is not the unit's at all", () => {
  test("a returned order whose return was accepted leaves every denominator; one not accepted stays", async () => {
    const r = await scoreMonth(
      rubric2017,
      data([
        order("T1"),
        order("T1", { returned: true, returnAccepted: true, closedAt: "2017-11-30", redoCount: 2 }), // gone
        order("T1", { returned: true, returnAccepted: false, closedAt: "2017-10-25" }), // still the unit's, and overdue
      ]),
      "2017-10",
    );
    // 2 orders, 1 overdue: 按期办结 20 × 1/2 = 10; 办结率 10 × 1/2 = 5; 退回重办 20; volume 2
    expect(unitOf(r, "T1").volume).toBe(2);
    expect(item(r, "T1", "按期办结").points).toBe(10);
    expect(item(r, "T1", "退回重办").points).toBe(20);
    expect(item(r, "T1", "办结率考核").points).toBe(5);
  });
});

test("退回重办 (20 points) = 20 × (1 − 重办率): orders returned for redo at least once", async () => {
  // 2 of 5 orders redone (one of them twice: still one order) → 20 × 3/5 = 12
  const r = await scoreMonth(
    rubric2017,
    data([order("T1", { redoCount: 1 }), order("T1", { redoCount: 2 }), order("T1"), order("T1"), order("T1")]),
    "2017-10",
  );
  expect(item(r, "T1", "退回重办").points).toBeCloseTo(12, 10);
});

test("满意率 (20 points): mean of process and result satisfaction over callbacks; 满意/基本满意/一般 satisfied", async () => {
  const v = (
    processSatisfaction: "满意" | "基本满意" | "一般" | "不满意",
    resultSatisfaction: "满意" | "基本满意" | "一般" | "不满意",
    closureType = "正常办结",
  ) => order("T1", { visited: true, processSatisfaction, resultSatisfaction, closureType });
  // process: 满意, 一般, 不满意, 基本满意 → 3 satisfied; result: 满意, 不满意 (closed 应办未办: no exemption), 不满意, 一般 → 2
  // 满意率 = (3 + 2) / (2 × 4) = 0.625 → 20 × 0.625 = 12.5; the unvisited order is not counted
  const r = await scoreMonth(
    rubric2017,
    data([v("满意", "满意"), v("一般", "不满意", "应办未办"), v("不满意", "不满意"), v("基本满意", "一般"), order("T1", { processSatisfaction: "不满意" })]),
    "2017-10",
  );
  expect(item(r, "T1", "满意率考核").points).toBeCloseTo(12.5, 10);
});

test("办结率 (10 points): closed, not overdue (an excused delay is fine) and not rebounded", async () => {
  const r = await scoreMonth(
    rubric2017,
    data([
      order("T1"), // completed
      order("T1", { rebound: true }), // rebounded: not completed
      order("T1", { dueAt: "2017-10-05", closedAt: "2017-10-09" }), // overdue (应办未办): not completed
      order("T1", { dueAt: "2017-12-20", closedAt: null }), // open at assessment time: not completed
      order("T1", { dueAt: "2017-10-05", closedAt: "2017-10-09", delayExcused: true }), // excused delay: completed
    ]),
    "2017-10",
  );
  // 2 of 5 → 10 × 0.4 = 4
  expect(item(r, "T1", "办结率考核").points).toBeCloseTo(4, 10);
});

describe("zero denominators", () => {
  test("a unit with no orders gets full marks on every rate, and the result says why", async () => {
    const r = await scoreMonth(rubric2017, data([order("T2")], [event("T1", "推诿扯皮")]), "2017-10");
    const u = unitOf(r, "T1");
    // 30 − 5 × 30% = 28.5 for the event; 20 + 20 + 20 + 10 for the rates = 98.5
    expect(u.score).toBeCloseTo(98.5, 10);
    expect(item(r, "T1", "按期办结").reasons).toContain("本月无工单");
    expect(item(r, "T1", "满意率考核").reasons).toContain("无回访");
  });

  test("orders but no callbacks: satisfaction is full marks with 无回访", async () => {
    const r = await scoreMonth(rubric2017, data([order("T1")]), "2017-10");
    expect(item(r, "T1", "满意率考核").points).toBe(20);
    expect(item(r, "T1", "满意率考核").reasons).toEqual(["无回访"]);
    expect(item(r, "T1", "按期办结").reasons).toEqual([]);
  });
});

describe("ranking within category", () => {
  test("equal scores are ordered by volume, more first; still equal units share a rank (1, 1, 3)", async () => {
    const perfect = (unit: string, n: number) => Array.from({ length: n }, () => order(unit));
    const r = await scoreMonth(rubric2017, data([...perfect("T1", 3), ...perfect("T2", 5), ...perfect("T3", 5)]), "2017-10");
    expect([unitOf(r, "T2").rank, unitOf(r, "T3").rank, unitOf(r, "T1").rank]).toEqual([1, 1, 3]);
    // categories are ranked separately: the street office and the department are each first of their own
    expect(unitOf(r, "S1").rank).toBe(1);
    expect(unitOf(r, "D1").rank).toBe(1);
  });

  test("scores are rounded half-up to two decimals before ranking", async () => {
    // T1: 4000 orders, 3 redone → 退回重办 20 × (1 − 3/4000) = 19.985 → total 99.985, published 99.99 (half-up)
    // T2: 2000 orders, 1 redone → 20 × (1 − 1/2000) = 19.99 → total 99.99
    // Published scores tie, so the larger volume (T1) ranks ahead even though its raw score is lower.
    // (T3 has no orders: full marks 100, first.)
    const many = (unit: string, n: number, redo: number) => Array.from({ length: n }, (_, i) => order(unit, { redoCount: i < redo ? 1 : 0 }));
    const r = await scoreMonth(rubric2017, data([...many("T1", 4000, 3), ...many("T2", 2000, 1)]), "2017-10");
    expect(unitOf(r, "T1").published).toBe(99.99);
    expect(unitOf(r, "T2").published).toBe(99.99);
    expect(unitOf(r, "T3").rank).toBe(1);
    expect(unitOf(r, "T1").rank).toBe(2);
    expect(unitOf(r, "T2").rank).toBe(3);
  });
});

test("the rubric is in force from 2017-09: an earlier month is refused with a clear error", async () => {
  await expect(scoreMonth(rubric2017, data([]), "2017-08")).rejects.toThrow(/不适用于 2017-08/);
});

test("units with 应办未办, late completion or rebounds are listed as owing a written explanation", async () => {
  const r = await scoreMonth(
    rubric2017,
    data(
      [order("T1", { dueAt: "2017-10-05", closedAt: "2017-10-07" }), order("T2"), order("T3"), order("S1", { rebound: true })],
      [event("T3", "县交办问题反弹")],
    ),
    "2017-10",
  );
  // T1 closed an order late; S1 has a rebound; T3 has a verified 县交办问题反弹 event; T2 none of these
  const owing = (code: string) => unitOf(r, code).sanctions.map((s) => s.name);
  expect(owing("T1")).toEqual(["书面说明"]);
  expect(owing("S1")).toEqual(["书面说明"]);
  expect(owing("T3")).toEqual(["书面说明"]);
  expect(owing("T2")).toEqual([]);
});

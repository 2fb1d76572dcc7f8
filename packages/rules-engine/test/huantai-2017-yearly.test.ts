/**
 * Golden yearly results under the Huantai 2017 rubric: 附件1 (comprehensive
 * management) and the year-end combination 0.8 × monthly mean + 0.2 × 附件1,
 * computed by hand.
 */
import { describe, expect, test } from "vitest";
import { type AssessmentResult, scoreMonth, scoreYear } from "../src/index.ts";
import { data, event, order, rubric2017 } from "./fixtures.ts";

const unitOf = (r: AssessmentResult, code: string) => {
  const u = r.units.find((x) => x.unit.code === code);
  if (!u) throw new Error(`no result for ${code}`);
  return u;
};

describe("综合管理 (附件1): caps versus deductions that continue into the total, bonus caps", () => {
  // T1's year, all events dated in 2017:
  // 1.1 领导小组 = 否 → item scores 0 (deducts 3)
  // 2.3 工单不规范 ×6 = 12 → stops at 0: deducts 10
  // 2.2 态度或隐私被投诉 ×2 (4) + 媒体曝光 ×1 (3) = 7, continues past its 5 points: deducts 7
  // 4.1 现场协调缺席 ×3 = 15, continues: deducts 15
  // 10.1 交办工作未落实 ×12 = 12 stops at 10, plus 威胁辱骂热线人员 ×1 = 2 continuing: deducts 12
  // 11.1 主动承办交叉职责 ×4 (8) + 主动协调解决 ×2 (4) = 12, capped at 10
  // 11.2 其他加分 分值 6 + 分值 5 = 11, capped at 10
  // comprehensive = 100 − (3 + 10 + 7 + 15 + 12) + 10 + 10 = 73
  const events = [
    ...Array.from({ length: 6 }, () => event("T1", "工单不规范", { date: "2017-03-01" })),
    event("T1", "态度或隐私被投诉", { count: 2, date: "2017-05-01" }),
    event("T1", "媒体曝光", { date: "2017-06-01" }),
    event("T1", "现场协调缺席", { count: 3, date: "2017-10-01" }),
    event("T1", "交办工作未落实", { count: 12, date: "2017-11-01" }),
    event("T1", "威胁辱骂热线人员", { date: "2017-11-02" }),
    event("T1", "主动承办交叉职责", { count: 4, date: "2017-12-01" }),
    event("T1", "主动协调解决", { count: 2, date: "2017-12-02" }),
    event("T1", "其他加分", { points: 6, date: "2017-12-03" }),
    event("T1", "其他加分", { points: 5, date: "2017-12-04" }),
    event("T1", "工单不规范", { date: "2016-12-31" }), // another year: ignored
  ];
  const facts = [{ unit: "T1", year: 2017, item: "领导小组", value: false }];

  test("item by item and in total", async () => {
    const r = await scoreYear(rubric2017, { ...data([order("T1", { receivedAt: "2017-10-01" })], events, facts) }, 2017);
    const u = unitOf(r, "T1");
    const comp = u.items.find((i) => i.code === "综合管理考核");
    // 20% × 73 = 14.6
    expect(comp?.points).toBeCloseTo(14.6, 10);
  });

  test("the comprehensive assessment itself scores 73, with each item as computed above", async () => {
    const { compileRubric } = await import("../src/index.ts");
    // rank the comprehensive assessment directly: same file, ranking pointed at 综合管理
    const text = rubric2017.text.replace("yearly 年终成绩\n", "yearly 综合管理\n");
    const rubric = compileRubric(text);
    const r = await scoreYear(rubric, data([order("T1")], events, facts), 2017);
    const u = unitOf(r, "T1");
    const points = Object.fromEntries(u.items.map((i) => [i.code, i.points]));
    expect(points["1.1"]).toBe(0);
    expect(points["2.3"]).toBe(0);
    expect(points["2.2"]).toBe(-2);
    expect(points["4.1"]).toBe(-5);
    expect(points["10.1"]).toBe(-2);
    expect(points["11.1"]).toBe(10);
    expect(points["11.2"]).toBe(10);
    expect(u.score).toBe(73);
    // a bonus names the events that earned it, as a deduction does: 11.1 主动承办交叉职责 4 × 2 = 8 and 主动协调解决
    // 2 × 2 = 4, 12 capped at 10; 11.2 其他加分 of 6 and 5 points, two events of 11 points, capped at 10
    const said = Object.fromEntries(u.items.map((i) => [i.code, i.substituted]));
    expect(said["11.1"]).toBe("min(10, 12) = 10；+8（主动承办交叉职责，4次）；+4（主动协调解决，2次）");
    expect(said["11.2"]).toBe("min(10, 11) = 10；+11（其他加分，2次）");
    // a unit with no events and no fact rows: 100, with warnings that the facts were missing
    const t2 = unitOf(r, "T2");
    expect(t2.score).toBe(100);
    expect(t2.warnings.some((w) => w.includes("领导小组"))).toBe(true);
    expect(u.warnings.some((w) => w.includes("领导小组"))).toBe(false);
  });
});

describe("year-end = 0.8 × mean of the published monthly scores + 0.2 × comprehensive", () => {
  test("months with no order of any unit are not scored; a unit without orders in a scored month gets that month's score", async () => {
    // T1: September one perfect order → 100.
    //     October two orders, one closed late → 按期办结 10, 办结率 5 → 85.
    //     November no orders of its own (T2 has one, so November is scored) → 100.
    //     December: no orders at all in the data → not scored.
    // mean = (100 + 85 + 100) / 3 = 95; comprehensive 100 (no events) → 0.8 × 95 + 0.2 × 100 = 96
    const orders = [
      order("T1", { receivedAt: "2017-09-10", dueAt: "2017-09-20", closedAt: "2017-09-15" }),
      order("T1", { receivedAt: "2017-10-10" }),
      order("T1", { receivedAt: "2017-10-10", dueAt: "2017-10-20", closedAt: "2017-10-25" }),
      order("T2", { receivedAt: "2017-11-10", dueAt: "2017-11-20", closedAt: "2017-11-15" }),
    ];
    const r = await scoreYear(rubric2017, data(orders), 2017);
    expect(r.months).toEqual(["2017-09", "2017-10", "2017-11"]);
    const u = unitOf(r, "T1");
    expect(u.score).toBeCloseTo(96, 10);
    expect(u.volume).toBe(3);
  });

  test("year-end ties are ordered by the year's volume", async () => {
    // T2 and T3 both score 100 every month with no events; T3 handled 2 orders in the year, T2 one → T3 first
    const orders = [
      order("T2", { receivedAt: "2017-10-01" }),
      order("T3", { receivedAt: "2017-10-02" }),
      order("T3", { receivedAt: "2017-11-02", dueAt: "2017-11-20", closedAt: "2017-11-05" }),
    ];
    const r = await scoreYear(rubric2017, data(orders), 2017);
    expect(unitOf(r, "T3").rank).toBe(1);
    expect(unitOf(r, "T2").rank).toBe(2);
  });
});

describe("the explanations users read are in Chinese, without the rules language's English words", () => {
  const english = /\b(?:mean|sum|count|per|continuing|if|then|else|and|or|not|deduct|add|at least)\b/;

  test("a weighted mean of the months and a weighted assessment: the rule and the calculation", async () => {
    // T1: October one order on time, 100; November none, full marks on the rates (T2's order makes November a month of
    // the year), 100; December one late: 20 × (1 − 1) for 按期办结 and 10 × 0 for 办结率, 100 − 30 = 70. The mean
    // (100 + 100 + 70) / 3 = 90, × 80% = 72
    const r = await scoreYear(
      rubric2017,
      data([
        order("T1", { receivedAt: "2017-10-01" }),
        order("T2", { receivedAt: "2017-11-01" }),
        order("T1", { receivedAt: "2017-12-01", dueAt: "2017-12-05", closedAt: "2017-12-20" }),
      ]),
      2017,
    );
    const items = unitOf(r, "T1").items;
    const monthly = items.find((i) => i.code === "投诉件办理月均");
    expect(monthly?.formula).toBe("80% × 投诉件办理考核各月平均分");
    // the months averaged, each with its score
    expect(monthly?.substituted).toBe("80% × 90（投诉件办理考核各月平均：10月 100.00、11月 100.00、12月 70.00） = 72.00");
    expect(items.find((i) => i.code === "综合管理考核")?.formula).toBe("20% × 综合管理");
  });

  test("deductions: a continuing one is said as the console marks it (继续扣减总分), a condition as 未满足", async () => {
    const text = rubric2017.text.replace("yearly 年终成绩\n", "yearly 综合管理\n");
    const { compileRubric } = await import("../src/index.ts");
    const events = [event("T1", "现场协调缺席", { count: 3, date: "2017-10-01" })];
    const facts = [{ unit: "T1", year: 2017, item: "领导小组", value: false }];
    const r = await scoreYear(compileRubric(text), data([order("T1")], events, facts), 2017);
    const items = unitOf(r, "T1").items;
    const absent = items.find((i) => i.code === "4.1");
    expect(absent?.formula).toBe("基础分 10；扣分扣完为止（标明“继续扣减总分”的扣分，超过本项分值的部分继续从总分中扣减）");
    expect(absent?.substituted).toBe("10 − min(10, 0) − 15 = -5；−15（现场协调缺席，3次）");
    expect(items.find((i) => i.code === "1.1")?.substituted).toBe("3 − min(3, 3) = 0；−3（未满足“领导小组”）");
    // an item nothing moved says so, not 6 − min(6, 0) = 6；无扣分 (read as code: a walk)
    expect(items.find((i) => i.code === "1.2")?.substituted).toBe("无扣分，得满分 6 分");
    // a bonus nothing added: 无加分 (min(10, 0) = 0 read as code: a walk)
    expect(items.find((i) => i.code === "11.1")?.substituted).toBe("无加分");
    // a weighted item nothing moved (十个新突破: base 100 at 30%): not (100 − min(100, 0)) × 0.3 = 30
    const month = await scoreMonth(compileRubric(rubric2017.text), data([order("T1")]), "2017-10");
    expect(unitOf(month, "T1").items.find((i) => i.code === "十个新突破")?.substituted).toBe("无扣分：100 × 30% = 30");
    for (const i of items) {
      expect(i.formula, i.code).not.toMatch(english);
      expect(i.substituted, i.code).not.toMatch(english);
    }
  });
});

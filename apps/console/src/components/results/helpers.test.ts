import { roundingNote } from "@kaohe/services/rounding";
import { describe, expect, it } from "vitest";
import { adjustmentListed, calculationText, describeAdjustment, mean, notInForceLinkText, notInForceText, ruleText } from "./helpers.ts";
import type { AdjustmentResult } from "./types.ts";

describe("a mean shown with the scores", () => {
  it("is rounded half-up to two decimals, as scores are published: 96.845 (a double 96.84499…) is 96.85", () => {
    expect(mean([96.85, 96.84])).toBe(96.85);
    expect(mean([96.85, null, 96.84, 96.85, 96.84])).toBe(96.85);
    expect(mean([80, 90.005])).toBe(85);
    expect(mean([null])).toBeNull();
  });
});

describe("an adjustment's points each time", () => {
  it("is rounded half-up to two decimals: 0.145 a time (0.29 over 2) is 0.15", () => {
    const a = { direction: "deduct", rule: "deduct per 抽查态度不满意", points: 0.29, count: 2 } as AdjustmentResult;
    expect(describeAdjustment(a).how).toBe("每次扣 0.15 分");
  });

  it("is read alike from a rule the engine wrote in a rubric's Chinese keywords", () => {
    const of = (rule: string, direction = "deduct") => describeAdjustment({ direction, rule, points: 2, count: 2 } as AdjustmentResult);
    expect(of("扣 1 分 每 超期件数")).toEqual(of("deduct 1 per 超期件数"));
    expect(of("扣 1 分 每 超期件数")).toMatchObject({ subject: "超期件数", how: "每次扣 1 分", per: "超期件数" });
    expect(of("加 按记录 每 其他加分 不封顶", "add")).toEqual(of("add recorded per 其他加分 continuing", "add"));
    expect(of("扣 3 分 若 超期件数 > 1")).toEqual(of("deduct 3 if 超期件数 > 1"));
    expect(of("扣 每 行政不作为")).toEqual(of("deduct per 行政不作为"));
  });

  it("names what is counted: 每件 for orders, 每次 for events and results published before the engine said, × a value", () => {
    const how = (countUnit: AdjustmentResult["countUnit"]) =>
      describeAdjustment({ direction: "deduct", rule: "deduct 0.5 per 超期件数", points: 1.5, count: 3, countUnit } as AdjustmentResult).how;
    expect(how("件")).toBe("每件扣 0.5 分");
    expect(how("次")).toBe("每次扣 0.5 分");
    expect(how(undefined)).toBe("每次扣 0.5 分");
    expect(how(null)).toBe("扣 0.5 分 × 超期件数");
  });
});

describe("an item's adjustments listed before 显示全部", () => {
  const adj = (count: number | null, points: number, records: string[]) =>
    ({
      direction: "deduct",
      rule: "deduct per 工单不规范",
      measure: "#次数:工单不规范",
      record: "events",
      count,
      points,
      records,
      continuing: false,
    }) as AdjustmentResult;

  it("are those that counted, cost points or have records: an event an objection corrected to 0 次 stays, with its record", () => {
    expect(adjustmentListed(adj(1, 2, ["SJ-Y1"]))).toBe(true);
    expect(adjustmentListed(adj(0, 0, ["SJ-Y1"]))).toBe(true);
    // `deduct 3 if not 领导小组` holding: no count, no records, the points
    expect(adjustmentListed(adj(null, 3, []))).toBe(true);
    // nothing counted and nothing behind it (a rubric's other event types, a condition not met): behind 显示全部
    expect(adjustmentListed(adj(0, 0, []))).toBe(false);
    expect(adjustmentListed(adj(null, 0, []))).toBe(false);
  });
});

describe("a rule and its calculation as a published snapshot of before wrote them", () => {
  it("read in Chinese: the monthly mean, a continuing deduction, if/then/else, the adjustments", () => {
    expect(ruleText("80% × mean(投诉件办理)")).toBe("80% × 投诉件办理各月平均分");
    expect(ruleText("基础分 10；扣分扣完为止（标明 continuing 的继续从总分中扣）")).toBe(
      "基础分 10；扣分扣完为止（标明“继续扣减总分”的扣分，超过本项分值的部分继续从总分中扣减）",
    );
    expect(calculationText("if 0 < 1（上期 2017-09 的超期件数） then 3 else 0 = 3.00")).toBe("若 0 < 1（上期 2017-09 的超期件数） 则 3 否则 0 = 3.00");
    expect(calculationText("10 − min(10, 0) − 5 = 5；−5（deduct per 现场协调缺席 continuing，1次）")).toBe("10 − min(10, 0) − 5 = 5；−5（现场协调缺席，1次）");
    // what the engine writes now is left as it is
    expect(ruleText("80% × 投诉件办理考核各月平均分")).toBe("80% × 投诉件办理考核各月平均分");
  });
});

describe("items shown that do not add up to the score shown", () => {
  it("are said to be rounded each on its own, with both sums; nothing when they add up or the score is no plain sum", () => {
    // 唐山镇 2018-12 as a helper added it: 28.5 + 16.3636… + 19.3939… + 19.1304… + 8.1818… = 91.5697… → 91.57, the
    // items shown 28.50 + 16.36 + 19.39 + 19.13 + 8.18 = 91.56
    const items = [28.5, 16.363636, 19.393939, 19.130435, 8.181818].map((points) => ({ points }));
    const unit = { items, published: 91.57 };
    expect(roundingNote(unit)).toBe("各项得分分别四舍五入保留 2 位小数显示，相加为 91.56；得分 91.57 由未经舍入的各项相加后再四舍五入，两者相差 0.01");
    // one decimal (round 1 decimals): 28.5 + 16.4 + 19.4 + 19.1 + 8.2 = 91.6 beside 91.6: nothing
    expect(roundingNote(unit, 1)).toBeNull();
    // more than rounding moves it (a section's cap took 3 points): not said to be rounding
    expect(roundingNote({ ...unit, published: 88.57 })).toBeNull();
    expect(roundingNote({ items: [{ points: 28.5 }, { points: 16.36 }], published: 44.86 })).toBeNull();
    expect(roundingNote({ ...unit, totalSteps: "80% × 91.57 = 73.26" })).toBeNull();
    expect(roundingNote({ ...unit, published: null })).toBeNull();
  });
});

describe("a period no rubric version is in force for", () => {
  const holding =
    (...held: string[]) =>
    (p: string) =>
      held.includes(p);
  it("asks to publish only whom may publish; a 规则编辑 drafts, the others ask the 考核管理员", () => {
    expect(notInForceText("2026年10月", holding("rubrics.edit", "rubrics.publish"))).toBe("2026年10月没有已发布且施行中的规则版本：请先在“规则”中发布一个版本");
    expect(notInForceText("2026年10月", holding("rubrics.edit"))).toBe("2026年10月没有已发布且施行中的规则版本：可在“规则”中起草，由考核管理员发布");
    expect(notInForceText("2026年度", holding("results.read"))).toBe("2026年度没有已发布且施行中的规则版本：规则版本由考核管理员发布，请联系考核管理员");
  });
  it("offers the way to the 规则 page to whom can act there, not to whom can only ask", () => {
    expect(notInForceLinkText(holding("rubrics.edit", "rubrics.publish"))).toBe("去发布规则版本");
    expect(notInForceLinkText(holding("rubrics.edit"))).toBe("去起草规则");
    expect(notInForceLinkText(holding("results.read"))).toBeNull();
  });
});

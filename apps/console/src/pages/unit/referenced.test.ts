import { describe, expect, it } from "vitest";
import { lostFigure, referencedScore, referencedTitle } from "./referenced.ts";

type Detail = Parameters<typeof lostFigure>[0];

// 城关街道, April, under another district's rubric: 月度考核 has no items, its total took 基础得分 (86.46: 13.125 +
// 30 + 33.333 + 8 of 15, 35, 40, 10; 退单 0 of 0; a bonus of 2)
const item = (code: string, max: number, published: number | null, bonus = false) => ({ code, max, published, bonus });
const base = {
  assessment: { name: "基础得分", label: "月度基础得分", schedule: "monthly" as const },
  took: true,
  unit: {
    score: 86.4583,
    published: 86.46,
    items: [item("签收", 15, 13.13), item("办结", 35, 30), item("满意", 40, 33.33), item("重复", 10, 8), item("退单", 0, 0), item("表扬加分", 3, 2, true)],
  },
};
const detail = (published: number | null, referenced: unknown[], items: unknown[] = []) => ({ unit: { published, items }, referenced }) as unknown as Detail;

describe("a score taken from another assessment: 失分 on the unit's page", () => {
  it("counted from the items of the assessment the score came from, and said so (it said 0.00)", () => {
    expect(lostFigure(detail(86.46, [base]))).toMatchObject({ lost: 15.54, from: "月度基础得分" });
  });
  it("a unit given the group's mean: nothing lost that its items could show, no figure (not 0.00)", () => {
    expect(lostFigure(detail(87.93, [{ ...base, took: false }]))).toMatchObject({ lost: null, from: null });
    // a quarter's mean of the months alike: no items, nothing read
    expect(lostFigure(detail(71.67, []))).toMatchObject({ lost: null, from: null });
  });
  it("the unit's own items, when it has them, as before", () => {
    expect(lostFigure(detail(90, [], [item("办结", 100, 90)]))).toMatchObject({ lost: 10, from: null });
  });
});

// 临川市 2019-01 (签收 5, 办结 35, 满意 40, 质量 20, 表扬 a bonus up to 2, rescale to 100, 弄虚作假 → 得零分)
const own = (published: number, items: unknown[], more: Record<string, unknown>) =>
  ({ unit: { published, items, vetoes: [], ...more }, referenced: [] }) as unknown as Detail;

describe("失分 = the full marks less the score, what the tooltip says of it", () => {
  it("a score brought to 100: 失分 against the 100, and the tooltip says the items were brought to it", () => {
    // 市城管局: 满意 not applicable; 5 + 17.5 + 20 = 42.5 of 60 → 70.83: 100 − 70.83 = 29.17 (it showed the items' 17.50)
    const d = own(70.83, [item("签收", 5, 5), item("办结", 35, 17.5), item("满意", 40, null), item("质量", 20, 20), item("表扬", 2, 0, true)], {
      outOf: { full: 100, bonus: 0, rescaled: true },
      totalSteps: "适用的考核项满分 60（本单位各项共 100），折算为 100 分：42.50 × 100 / 60 = 70.83",
    });
    expect(lostFigure(d)).toEqual({
      lost: 29.17,
      from: null,
      why: "有考核项不适用，得分按适用的考核项折算为 100 分：满分 100 减得分；未得的加分不算失分",
    });
  });
  it("a score vetoed to 0: 失分 is the full marks, and the tooltip names the veto and the score before it", () => {
    // 南湖区: every item full, 100.00; 弄虚作假 → 0: 100 − 0 = 100 (it showed its items' 0.00)
    const d = own(0, [item("签收", 5, 5), item("办结", 35, 35), item("满意", 40, 40), item("质量", 20, 20), item("表扬", 2, 0, true)], {
      vetoes: ["弄虚作假，当月得零分"],
      zeroedFrom: 100,
      outOf: { full: 100, bonus: 0, rescaled: false },
    });
    expect(lostFigure(d)).toEqual({
      lost: 100,
      from: null,
      why: "一票否决（弄虚作假，当月得零分），得分计为 0（原得分 100.00）：满分 100 分全部计为失分",
    });
    // a total formula decides what the score is out of: the veto said, no figure (not the items' losses before it)
    expect(lostFigure(own(0, [item("办结", 100, 90)], { vetoes: ["弄虚作假"], zeroedFrom: 45, totalSteps: "总分 = 办结 / 2；…" }))).toEqual({
      lost: null,
      from: null,
      why: "一票否决（弄虚作假），得分计为 0（原得分 45.00）；得分由总分公式计出，不计失分",
    });
  });
  it("a bonus earned: the tooltip says it does not count against what was lost", () => {
    // 东城区: 4 + 28 + 30 + 18 = 80 and 表扬 2, 82.00: 100 − (82 − 2) = 20
    const d = own(82, [item("签收", 5, 4), item("办结", 35, 28), item("满意", 40, 30), item("质量", 20, 18), item("表扬", 2, 2, true)], {
      outOf: { full: 100, bonus: 2, rescaled: false },
    });
    expect(lostFigure(d)).toEqual({
      lost: 20,
      from: null,
      why: "满分 100 减得分（各项分别四舍五入，相加可能差 0.01）；得分中的加分 2.00 不抵失分，未得的加分不算失分",
    });
  });
});

describe("the heading over an assessment the total reads", () => {
  it("says whether the unit's score came from it", () => {
    expect(referencedTitle(base)).toBe("得分来自 月度基础得分：");
    expect(referencedTitle({ ...base, took: false })).toBe("总分公式引用的 月度基础得分（本单位的得分未取自此项，见得分由来）：");
  });
  it("one of several the score is made of: a part of it, not where it came from", () => {
    expect(referencedTitle(base, false)).toBe("计入得分的 月度基础得分（按总分公式计入，见得分由来）：");
  });
  it("its score and what it lost, out of its own full marks", () => {
    expect(referencedScore({ published: 80, items: [item("督办", 100, 80)], outOf: { full: 100, bonus: 0, rescaled: false } })).toBe(
      "80.00 分（满分 100，失分 20.00）",
    );
    expect(referencedScore({ published: 86.46, items: [] })).toBe("86.46 分");
    // bonuses alone: out of nothing
    expect(referencedScore({ published: 2, items: [item("表扬", 2, 2, true)], outOf: { full: 0, bonus: 2, rescaled: false } })).toBe("2.00 分");
    expect(referencedScore({ published: null, items: [] })).toBe("");
  });
});

// 县市场监督管理局 2024-02 under another county's rubric: 总分 = 80% × 工单指标 + 20% × 督办事项 + 表扬, 36.00 of 22.5
// (out of 100), 80 (督办未落实 cost 20 of 100) and a bonus of 2
describe("a score made of several assessments, or of one beside items of its own", () => {
  const of = (name: string, published: number, took = true) => ({
    assessment: { name, label: null, schedule: "monthly" as const },
    took,
    unit: { score: published, published, items: [item(name, 100, published)], outOf: { full: 100, bonus: 0, rescaled: false } },
  });
  const praise = [item("表扬", 2, 2, true)];
  const why = "得分由总分公式计出，计入了 工单指标、督办事项（见下方得分由来），不计总的失分；各项考核的得分与失分见下方，各按其本身的满分计";
  it("no 失分 of the whole (it said 0.00, its bonus alone counted), and the tooltip says where each one's is", () => {
    expect(lostFigure(detail(36, [of("工单指标", 22.5), of("督办事项", 80)], praise))).toEqual({ lost: null, from: null, why });
    // without the bonus item of its own: not 工单指标's 77.50 as the unit's
    expect(lostFigure(detail(34, [of("工单指标", 22.5), of("督办事项", 80)]))).toEqual({ lost: null, from: null, why });
    // one assessment beside its own items
    expect(lostFigure(detail(24.5, [of("工单指标", 22.5)], praise))).toMatchObject({ lost: null, from: null });
  });
  it("a unit user given one of the two (the other's window reaches a month not opened to the units): still no 失分 of the whole", () => {
    // the engine's totalFrom names both; the page listed one, read as the whole score, 失分 against its 100 (a review)
    const listedOne = { ...detail(34, [of("工单指标", 22.5)]), unit: { published: 34, items: [], totalFrom: ["工单指标", "季度督办"] } } as unknown as Detail;
    expect(lostFigure(listedOne)).toEqual({
      lost: null,
      from: null,
      why: "得分由总分公式计出，计入了 工单指标、季度督办（见下方得分由来），不计总的失分；各项考核的得分与失分见下方，各按其本身的满分计",
    });
    // the one the score was taken from, not opened: said, no figure
    const none = { unit: { published: 80, items: [], totalFrom: ["季度督办"] }, referenced: [] } as unknown as Detail;
    expect(lostFigure(none)).toMatchObject({ lost: null, why: expect.stringMatching(/^得分取自季度督办，它计入的月份尚未都向各单位开放/) });
  });
  it("its own items as before where the total took none of them", () => {
    expect(lostFigure(detail(90, [of("工单指标", 22.5, false)], [item("办结", 100, 90)]))).toMatchObject({ lost: 10, from: null });
  });
});

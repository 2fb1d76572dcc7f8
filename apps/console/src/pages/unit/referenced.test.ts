import { describe, expect, it } from "vitest";
import { lostFigure, referencedTitle } from "./referenced.ts";

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
    expect(lostFigure(detail(86.46, [base]))).toEqual({ lost: 15.54, from: "月度基础得分" });
  });
  it("a unit given the group's mean: nothing lost that its items could show, no figure (not 0.00)", () => {
    expect(lostFigure(detail(87.93, [{ ...base, took: false }]))).toEqual({ lost: null, from: null });
    // a quarter's mean of the months alike: no items, nothing read
    expect(lostFigure(detail(71.67, []))).toEqual({ lost: null, from: null });
  });
  it("the unit's own items, when it has them, as before", () => {
    expect(lostFigure(detail(90, [], [item("办结", 100, 90)]))).toEqual({ lost: 10, from: null });
  });
});

describe("the heading over an assessment the total reads", () => {
  it("says whether the unit's score came from it", () => {
    expect(referencedTitle(base)).toBe("得分来自 月度基础得分：");
    expect(referencedTitle({ ...base, took: false })).toBe("总分公式引用的 月度基础得分（本单位的得分未取自此项，见得分由来）：");
  });
});

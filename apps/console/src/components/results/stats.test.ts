import { describe, expect, it } from "vitest";
import { explanationsFigure, meanFigure, unitsFigure } from "./stats.tsx";
import type { UnitResult } from "./types.ts";

const unit = (group: string, published: number | null, ranked: boolean) => ({ group, published, ranked }) as unknown as UnitResult;

describe("the figures above a ranking", () => {
  // another district's method: a unit under the minimum volume is not ranked and gets its category's average
  const units = [unit("街道", 86.46, true), unit("街道", 88.83, true), unit("街道", 87.65, false), unit("部门", 31.88, true), unit("部门", 40, false)];
  it("the mean is of the units ranked, as 参评单位数 counts them, those left out said so", () => {
    const f = meanFigure("平均分", units, ["街道", "部门"]);
    // (86.46 + 88.83 + 31.88) / 3 = 69.06; 街道 (86.46 + 88.83) / 2 = 87.645 → 87.65 (half up), 部门 31.88
    expect(f.value).toBe(69.06);
    expect(f.note).toBe("街道 87.65 · 部门 31.88；不含不排名的 2 家");
    expect(unitsFigure(units, ["街道", "部门"]).value).toBe(3);
  });
  it("a group with none ranked has no mean, not 0.00; every unit ranked, nothing said of those left out", () => {
    expect(meanFigure("平均分", [unit("街道", 90, true), unit("部门", 50, false)], ["街道", "部门"]).note).toBe("街道 90.00 · 部门 —；不含不排名的 1 家");
    expect(meanFigure("平均分", [unit("街道", 90, true), unit("街道", 80, true), unit("部门", 70, true)], ["街道", "部门"])).toMatchObject({
      value: 80,
      note: "街道 85.00 · 部门 70.00",
    });
  });
  it("one group (a unit user's own category): its figure is not said again under the figure (平均年终成绩（镇）95.20, then 镇 95.20)", () => {
    const one = [unit("镇", 90, true), unit("镇", 80, true)];
    expect(meanFigure("平均分", one, ["镇"])).toMatchObject({ value: 85, note: undefined });
    expect(unitsFigure(one, ["镇"])).toMatchObject({ value: 2, note: undefined });
    // those left out are still said
    expect(meanFigure("平均分", [...one, unit("镇", 60, false)], ["镇"]).note).toBe("不含不排名的 1 家");
    expect(unitsFigure([...one, unit("镇", 60, false)], ["镇"]).note).toBe("另 1 家不排名");
  });

  it("需书面说明 counts the units a sanction asks to explain in writing; the rubric's other sanctions are said beside, not counted", () => {
    const sanctioned = (...names: [string, string | null][]) =>
      ({ sanctions: names.map(([name, label]) => ({ name, label, because: [] })) }) as unknown as UnitResult;
    // another city's rubric: 约谈 after two months last, no written explanation asked; Huantai's 书面说明 beside it
    const units = [
      sanctioned(["约谈", "连续两个月同类别排名末位，约谈"]),
      sanctioned(),
      sanctioned(["书面说明", "有超期、反弹或应办未办的"], ["约谈", "连续两个月同类别排名末位，约谈"]),
    ];
    expect(explanationsFigure(units)).toMatchObject({
      value: 1,
      note: "有超期、反弹或应办未办的。另有 2 家适用其他处理措施：连续两个月同类别排名末位，约谈",
    });
    // 约谈 alone: nobody owes an explanation (it counted 1)
    expect(explanationsFigure(units.slice(0, 2))).toMatchObject({
      value: 0,
      note: "本月没有单位须书面说明。另有 1 家适用其他处理措施：连续两个月同类别排名末位，约谈",
    });
    expect(explanationsFigure([sanctioned()])).toMatchObject({ value: 0, note: "本月没有单位须书面说明" });
  });
});

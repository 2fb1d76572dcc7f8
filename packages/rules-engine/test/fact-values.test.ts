/**
 * A stored fact whose value does not fit its item's type (imported before the rubric declared the item so, or
 * under another rubric): a number for a yes/no item counts as not met, 是/否 for a number item as no value — each
 * with a warning in the unit's result, not silently.
 */
import { expect, test } from "vitest";
import { type AssessmentResult, compileRubric, scoreMonth, scoreYear } from "../src/index.ts";
import { data, order, rubric2017 } from "./fixtures.ts";

const unitOf = (r: AssessmentResult, code: string) => {
  const u = r.units.find((x) => x.unit.code === code);
  if (!u) throw new Error(`no result for ${code}`);
  return u;
};

test("a number for a yes/no item (7.1 专线网络 = 5) scores it as 否, with a warning in the unit's result", async () => {
  // the comprehensive assessment itself (附件1), ranked directly
  const rubric = compileRubric(rubric2017.text.replace("yearly 年终成绩\n", "yearly 综合管理\n"));
  const facts = [
    { unit: "T1", year: 2017, item: "专线网络", value: 5 },
    { unit: "T2", year: 2017, item: "专线网络", value: true },
  ];
  const r = await scoreYear(rubric, data([order("T1"), order("T2")], [], facts), 2017);
  const t1 = unitOf(r, "T1");
  // 7.1 loses its 5 points: 100 − 5
  expect(t1.items.find((i) => i.code === "7.1")?.points).toBe(0);
  expect(t1.score).toBe(95);
  const warning = "2017 年事项“专线网络”的值“5”不是 是 或 否，按未满足（否）计 / fact 专线网络 has the value 5, not yes or no: taken as not met";
  expect(t1.warnings).toContain(warning);
  expect(t1.items.find((i) => i.code === "7.1")?.warnings).toContain(warning);
  const t2 = unitOf(r, "T2");
  expect(t2.items.find((i) => i.code === "7.1")?.points).toBe(5);
  expect(t2.warnings.some((w) => w.includes("不是 是 或 否"))).toBe(false);
});

test("是 or 否 for a number item counts as no value, with a warning; a number is read as it is", async () => {
  const rubric = compileRubric(`rubric "测试" version "t"
  in force from 2017-01

category 镇

fact 督查 "督查通报（每月）" number monthly
fact 创新 "创新工作" number when missing 0

population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单

monthly 月度 {
  item 督查分 5 points = 督查 ?? 5
  bonus 创新加分 up to 5 = 创新
}

ranking {
  monthly 月度
  volume 工单数
}
`);
  const facts = [
    { unit: "T1", year: 2017, month: "2017-10", item: "督查", value: false },
    { unit: "T1", year: 2017, item: "创新", value: true },
    { unit: "T2", year: 2017, month: "2017-10", item: "督查", value: 2 },
    { unit: "T2", year: 2017, item: "创新", value: 3 },
  ];
  const r = await scoreMonth(rubric, data([order("T1"), order("T2")], [], facts), "2017-10");
  const t1 = unitOf(r, "T1");
  // 督查 no value → ?? 5; 创新 no value → the bonus has none: 0
  expect(t1.items.find((i) => i.code === "督查分")?.points).toBe(5);
  expect(t1.warnings).toContain("2017-10 月事项“督查”的值“否”不是数字，按没有值计 / fact 督查 has the value 否, not a number: taken as missing");
  expect(t1.warnings).toContain("2017 年事项“创新”的值“是”不是数字，按没有值计 / fact 创新 has the value 是, not a number: taken as missing");
  const t2 = unitOf(r, "T2");
  expect(t2.items.find((i) => i.code === "督查分")?.points).toBe(2);
  expect(t2.items.find((i) => i.code === "创新加分")?.points).toBe(3);
  expect(t2.warnings).toEqual([]);
});

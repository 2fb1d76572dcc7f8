/**
 * Monthly facts (`fact … number monthly`): a manual score entered each month,
 * read for the scored month from the facts file's rows with 月份; yearly facts
 * beside them unchanged. Expected numbers worked out by hand in the comments.
 */
import { format, parse } from "@kaohe/rules-dsl";
import { expect, test } from "vitest";
import { type AssessmentResult, compileRubric, scoreMonth, scoreYear } from "../src/index.ts";
import { data, order } from "./fixtures.ts";

const source = `rubric "测试" version "t" example
  in force from 2017-01

category 镇
category 街道
category 县直部门

fact 创新 "创新工作（每月人工评分）" number monthly when missing 0
fact 督查 "督查通报（每月）" number monthly
fact 领导小组 "成立领导小组" yesno when missing false

orders {
  field 按时 = 办结时间 is not missing and 办结时间 <= 办理时限
}

assessed at end of period

population 工单 = orders where 受理时间 in period

measure 工单数 = count 工单
measure 按时数 = count 工单 where 按时

rate 按时率 = 按时数 / 工单数, when zero: 1 "无工单"

monthly 月度 {
  item 办结 90 points = 90 × 按时率
  bonus 创新加分 up to 5 = 创新
  item 督查分 5 points = 督查 ?? 5
  bonus 组织 up to 1 = if 领导小组 then 1 else 0
}

yearly 年度 {
  item 办结 90 points = 90 × 按时率
  bonus 创新加分 up to 5 = 创新 ?? 2
}

ranking {
  monthly 月度
  yearly 年度
  volume 工单数
}
`;
const rb = compileRubric(source);

const facts = [
  { unit: "T1", year: 2017, month: "2017-10", item: "创新", value: 4 },
  { unit: "T1", year: 2017, month: "2017-11", item: "创新", value: 9 },
  { unit: "T1", year: 2017, month: "2017-10", item: "督查", value: 3 },
  { unit: "T2", year: 2017, month: "2017-11", item: "创新", value: 2 },
  { unit: "T1", year: 2017, item: "领导小组", value: true },
  // a yearly row of a monthly fact's name is not read for a month
  { unit: "T2", year: 2017, item: "创新", value: 5 },
];

const unit = (r: AssessmentResult, code: string) => {
  const u = r.units.find((x) => x.unit.code === code);
  if (!u) throw new Error(code);
  return u;
};
const points = (r: AssessmentResult, code: string, item: string) => unit(r, code).items.find((i) => i.code === item)?.points;
const nov = (u: string) => order(u, { receivedAt: "2017-11-10 09:00", dueAt: "2017-11-20 23:59", closedAt: "2017-11-15 10:00" });

test("a monthly fact is read for the scored month; a yearly one for the month's year", async () => {
  const d = { ...data([order("T1"), order("T2"), nov("T1"), nov("T2")]), facts };
  const oct = await scoreMonth(rb, d, "2017-10");
  // T1 October: 90 + 4 (创新 2017-10) + 3 (督查 2017-10) + 1 (领导小组 是) = 98
  expect(points(oct, "T1", "创新加分")).toBe(4);
  expect(points(oct, "T1", "督查分")).toBe(3);
  expect(unit(oct, "T1").score).toBe(98);
  // T2 October: no 创新 row for 2017-10 (its yearly row is not a month's) → 0 with a warning; 督查 missing → 5 by ??; 领导小组 missing → no → 0
  expect(points(oct, "T2", "创新加分")).toBe(0);
  expect(points(oct, "T2", "督查分")).toBe(5);
  expect(unit(oct, "T2").score).toBe(95);
  expect(unit(oct, "T2").warnings).toContain("缺少 2017-10 月“创新工作（每月人工评分）”的记录，按 0 计 / no 2017-10 row for fact 创新, taken as 0");
  expect(unit(oct, "T2").warnings).toContain("缺少 2017-10 月“督查通报（每月）”的记录 / no 2017-10 row for fact 督查");

  const novr = await scoreMonth(rb, d, "2017-11");
  // T1 November: 90 + min(5, 9) = 5 + 督查 missing → 5 + 1 = 101; T2: 90 + 2 + 5 + 0 = 97
  expect(points(novr, "T1", "创新加分")).toBe(5);
  expect(unit(novr, "T1").score).toBe(101);
  expect(points(novr, "T2", "创新加分")).toBe(2);
  expect(unit(novr, "T2").score).toBe(97);
});

test("in a window that is not a month a monthly fact is not applicable, with a warning", async () => {
  const r = await scoreYear(rb, { ...data([order("T1")]), facts }, 2017);
  // the yearly assessment: 创新 not applicable → ?? 2; 90 + 2 = 92
  expect(points(r, "T1", "创新加分")).toBe(2);
  expect(unit(r, "T1").score).toBe(92);
  expect(unit(r, "T1").warnings.join("\n")).toContain("按月填报");
});

test("`monthly` after a fact's type parses, formats and round-trips in Chinese", () => {
  const fmt = (text: string, keywords: "zh" | "en") => {
    const r = format(text, { keywords });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    return r.text;
  };
  const zh = fmt(source, "zh");
  expect(zh).toContain('事项 创新 "创新工作（每月人工评分）" 数字 按月考核 无记录时 0');
  expect(fmt(zh, "en")).toBe(fmt(source, "en"));
  expect(fmt(source, "en")).toContain('fact 创新 "创新工作（每月人工评分）" number monthly when missing 0');
  const fact = parse(zh).ast?.declarations.find((d) => d.kind === "fact" && d.name === "创新");
  expect(fact).toMatchObject({ kind: "fact", monthly: true, type: "number" });
});

test("check: a monthly fact read in an assessment whose window is not a month is a warning (KH237), unless `??` gives a value", () => {
  const diags = (text: string) => parse(text).diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.range.start.line }));
  // the yearly assessment reads `创新 ?? 2`: no warning anywhere
  expect(diags(source)).toEqual([]);
  const bare = source.replace("bonus 创新加分 up to 5 = 创新 ?? 2", "bonus 创新加分 up to 5 = 创新");
  const lines = bare.split("\n");
  // both assessments now read 创新 bare: the monthly one's (the first) is fine, the yearly one's (the last) is not
  const yearlyLine = lines.length - [...lines].reverse().findIndex((l) => l.includes("up to 5 = 创新"));
  expect(diags(bare)).toEqual([{ code: "KH237", severity: "warning", line: yearlyLine }]);
  const text = parse(bare).diagnostics[0]?.message ?? "";
  expect(text).toContain("创新 是按月事实");
});

/**
 * The ranking block's repeatable statements: several ranked assessments,
 * a minimum volume per category or group. Parsed, checked and formatted.
 */
import { describe, expect, test } from "vitest";
import { Codes, format, parse } from "../src/index.ts";

const file = (ranking: string) => `rubric "排名" version "1"
  in force from 2017-09

category 镇
category 县直部门
population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单

monthly 月度 {
  item 量 10 points = min(10, 工单数)
}

monthly 季度 {
  window quarter
  item 量 10 points = min(10, 工单数)
}

ranking {
${ranking}}
`;

const codes = (ranking: string) => parse(file(ranking)).diagnostics.map((d) => d.code);

describe("the ranking block", () => {
  test("ranks a monthly and a quarterly assessment; the first written is the one published", () => {
    const { ast, diagnostics } = parse(file("  monthly 月度\n  monthly 季度\n  volume 工单数\n"));
    expect(diagnostics).toEqual([]);
    const r = ast.declarations.find((d) => d.kind === "ranking");
    expect(r && r.kind === "ranking" && [r.monthly, r.alsoRanked.map((x) => x.name)]).toEqual(["月度", ["季度"]]);
    // the same assessment twice is still a repeat
    expect(codes("  monthly 月度\n  monthly 月度\n  volume 工单数\n")).toEqual([Codes.Repeated]);
    // and each must be an assessment of that schedule
    expect(codes("  monthly 月度\n  monthly 工单数\n  volume 工单数\n")).toEqual([Codes.BadRankingTarget]);
  });

  test("a minimum volume per category, beside the plain one", () => {
    expect(codes("  monthly 月度\n  volume 工单数\n  minimum volume 10 for 县直部门\n  minimum volume 1\n")).toEqual([]);
    expect(codes("  monthly 月度\n  volume 工单数\n  minimum volume 10 for 县直部门\n  minimum volume 5 for 县直部门\n")).toEqual([Codes.Repeated]);
    expect(codes("  monthly 月度\n  volume 工单数\n  minimum volume 10 for 部门\n")).toEqual([Codes.UnknownCategory]);
    // two plain minimums are a repeat, as before
    expect(codes("  monthly 月度\n  volume 工单数\n  minimum volume 10\n  minimum volume 5\n")).toEqual([Codes.Repeated]);
    // a group's name is allowed when the ranking has groups
    expect(
      codes('  monthly 月度\n  within groups {\n    大 "大单位" if 工单数 >= 50\n    小 otherwise\n  }\n  volume 工单数\n  minimum volume 10 for 大\n'),
    ).toEqual([]);
  });

  test("fmt keeps every repeated statement, in the order written", () => {
    const text = file("  monthly 月度\n  minimum volume 10 for 县直部门\n  monthly 季度\n  volume 工单数\n  minimum volume   1\n");
    const f = format(text);
    expect(f.ok && f.text).toContain("ranking {\n  monthly 月度\n  minimum volume 10 for 县直部门\n  monthly 季度\n  volume 工单数\n  minimum volume 1\n}\n");
  });
});

describe("report-only indicators", () => {
  const withReports = (lines: string) =>
    file("  monthly 月度\n  volume 工单数\n").replace(
      "  item 量 10 points = min(10, 工单数)\n}\n\nmonthly 季度",
      `  item 量 10 points = min(10, 工单数)\n${lines}}\n\nmonthly 季度`,
    );
  test("a declared value, or a named expression; anything else is said plainly", () => {
    expect(parse(withReports('  report 工单数\n  report 件均 "件均（只通报）" = 工单数 / 2\n')).diagnostics).toEqual([]);
    const [d] = parse(withReports("  report 满意率\n")).diagnostics;
    expect(d?.code).toBe(Codes.UnknownName);
    expect(d?.message).toContain("要计算新的值，写 report 满意率 = 表达式");
    expect(parse(withReports("  report 工单数\n  report 工单数\n")).diagnostics.map((x) => x.code)).toEqual([Codes.DuplicateItem]);
  });

  test("fmt writes them back, in Chinese too", () => {
    const f = format(withReports('  report 件均   "件均" = 工单数/2\n'));
    expect(f.ok && f.text).toContain('  report 件均 "件均" = 工单数 / 2\n');
    const zh = format(withReports("  report 工单数\n"), { keywords: "zh" });
    expect(zh.ok && zh.text).toContain("  通报指标 工单数\n");
  });
});

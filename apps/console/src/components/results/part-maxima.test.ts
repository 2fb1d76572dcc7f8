import { readFileSync } from "node:fs";
import { parse } from "@kaohe/rules-dsl";
import { describe, expect, it } from "vitest";
import { partMaxima, weighedAssessments } from "./part-maxima.ts";

const rubric2017 = parse(readFileSync(new URL("../../../../../rules/huantai/2017.kh", import.meta.url), "utf8"), { syntaxOnly: true }).ast;

describe("the share an item states and the bonus apart", () => {
  it("reads 综合管理考核 (24 points = 20% × 综合管理, out of 100 with 20 in bonuses) as 20 and up to 4", () => {
    const parts = partMaxima(rubric2017, "年终成绩");
    expect(parts.get("综合管理考核")).toEqual({ regular: 20, bonus: 4 });
    // the monthly mean has no bonus: nothing to split
    expect(parts.has("投诉件办理月均")).toBe(false);
  });
  it("says nothing for an item that is not a weighted assessment, nor for an assessment without bonuses", () => {
    expect(partMaxima(rubric2017, "投诉件办理").size).toBe(0);
    expect(partMaxima(rubric2017, "没有这个考核").size).toBe(0);
  });
  it("follows a section's cap and the item's own maximum", () => {
    const text = `rubric "测试" version "1"
  in force from 2017-09
category 镇 "镇"
event 加分 "加分" points 1
orders {
}
population 本期工单 "本期工单" = orders where 受理时间 in period
measure 工单数 "工单数" = count 本期工单
yearly 管理 "管理" {
  window year
  section 一 "一" 40 points up to 45 {
    item 1.1 "甲" 40 points = 40
    bonus 1.2 "加" up to 10 {
      add per 加分
    }
  }
  item 2 "乙" 60 points = 60
}
yearly 年终 "年终" {
  window year
  item 管 "管理（占50%）" 60 points = 管理 × 50%
}
ranking {
  yearly 年终
  monthly 年终
  within category
  volume 工单数
}
`;
    const ast = parse(text, { syntaxOnly: true }).ast;
    // 管理: 100 with at most 5 in bonuses (the section's cap leaves 5 of the 10); at 50%: 50 and up to 2.5
    expect(partMaxima(ast, "年终").get("管")).toEqual({ regular: 50, bonus: 2.5 });
  });
});

describe("the assessment an item counts, a link away", () => {
  it("finds 年终成绩's 综合管理考核 (20% × 综合管理), not the mean of the months, nor an assessment counting none", () => {
    expect([...weighedAssessments(rubric2017, "年终成绩")]).toEqual([["综合管理考核", { name: "综合管理", label: "综合管理考核" }]]);
    expect(weighedAssessments(rubric2017, "投诉件办理").size).toBe(0);
    expect(weighedAssessments(rubric2017, "没有这个考核").size).toBe(0);
  });
});

/**
 * The ranking's order in words, shown beside a ranking: a reader seeing six units at 100.00 ranked 1, 2, 3, 3, 3, 3
 * learns that equal scores are ordered by volume, and equal volumes share a place. Written from each rubric's
 * `order by` and `ties`, so another county's rule reads as its own.
 */
import { readFileSync } from "node:fs";
import { compileRubric } from "@kaohe/rules-engine";
import { describe, expect, test } from "vitest";
import { rankingRuleText } from "../src/score-views.ts";

const root = new URL("../../../", import.meta.url).pathname;
const shipped = (file: string) => compileRubric(readFileSync(`${root}${file}`, "utf8"));

describe("the ranking's order in words", () => {
  test("the 2017 rubric: score, then 承办量 (its volume measure's label), ties shared", () => {
    expect(rankingRuleText(shipped("rules/huantai/2017.kh"))).toBe("按得分从高到低排名；得分相同的，按承办量从大到小；仍相同的并列名次（如 1、2、2、4）");
  });

  test("three keys, the third where the first two are both equal; ties by unit code", () => {
    // order by score desc, 满意率 desc, volume desc; ties by unit code
    expect(rankingRuleText(shipped("rules/examples/huantai-revision-example.kh"))).toBe(
      "按得分从高到低排名；得分相同的，按满意率从大到小；得分、满意率都相同的，按承办量从大到小；仍相同的按单位编码排列",
    );
  });

  test("a minimum volume, for some groups or all: those under it are scored, not ranked", () => {
    const text = readFileSync(`${root}rules/huantai/2017.kh`, "utf8");
    const floor = (lines: string) => rankingRuleText(compileRubric(text.replace("  round 2 decimals\n", `  round 2 decimals\n${lines}`)));
    expect(floor("  minimum volume 5\n")).toBe(
      "按得分从高到低排名；得分相同的，按承办量从大到小；仍相同的并列名次（如 1、2、2、4）；承办量不足 5 件的计分、不排名",
    );
    expect(floor("  minimum volume 3\n  minimum volume 10 for 县直部门, 街道\n")).toMatch(
      /；县直部门、街道承办量不足 10 件的，其他单位承办量不足 3 件的计分、不排名$/,
    );
  });

  test("a veto ranking units last says so (a unit of 98 below one of 60)", () => {
    const text = readFileSync(`${root}rules/huantai/2017.kh`, "utf8");
    const vetoed = text.replace(/^(monthly 投诉件办理[^\n]*\n)/m, '$1  veto "弄虚作假，排名列末位" if 超期件数 > 100 then last\n');
    expect(vetoed).not.toBe(text);
    expect(rankingRuleText(compileRubric(vetoed))).toBe(
      "按得分从高到低排名；得分相同的，按承办量从大到小；仍相同的并列名次（如 1、2、2、4）；一票否决（排名末位）的单位排在本组其他单位之后",
    );
  });

  test("an ascending key", () => {
    const text = readFileSync(`${root}rules/huantai/2017.kh`, "utf8").replace("order by score desc, volume desc", "order by score desc, volume asc");
    expect(rankingRuleText(compileRubric(text))).toBe("按得分从高到低排名；得分相同的，按承办量从小到大；仍相同的并列名次（如 1、2、2、4）");
  });
});

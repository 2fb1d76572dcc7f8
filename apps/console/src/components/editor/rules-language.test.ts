import { describe, expect, test } from "vitest";
import { keywordCompletions, tokenizeLine } from "./rules-language.ts";

const kinds = (line: string) => tokenizeLine(line).map((t) => `${line.slice(t.from, t.to)}:${t.kind}`);

describe("highlighting", () => {
  test("keywords in either spelling; declarations bold in both; names that begin with a keyword are names", () => {
    expect(kinds("  deduct 5 per 行政不作为")).toEqual(["deduct:keyword", "5:number", "per:keyword"]);
    expect(kinds("  扣 5 分 每 行政不作为")).toEqual(["扣:keyword", "5:number", "分:keyword", "每:keyword"]);
    expect(kinds("考核项 按期 20 分 = 20 × (1 - 超期率) 不低于 0")).toContain("考核项:declaration");
    expect(kinds("考核项 按期 20 分 = 20 × (1 - 超期率) 不低于 0")).toContain("不低于:keyword");
    expect(kinds("item 扣分项 10 points")).toEqual(["item:declaration", "10:number", "points:keyword"]);
    expect(kinds("事项 领导小组 是否 无记录时 是")).toEqual(["事项:declaration", "是否:keyword", "无记录时:keyword", "是:atom"]);
    expect(kinds('工单来源 "省热线"、"微信"')).toEqual(["工单来源:declaration", '"省热线":string', "、:punctuation", '"微信":string']);
    expect(keywordCompletions("工单", "zh").map((c) => [c.label, c.detail])).toContainEqual(["工单来源", "sources"]);
  });

  test("round / 保留 is a keyword where the ranking rounds (a number and decimals follow), the function round(x, 2) elsewhere", () => {
    expect(kinds("  round 2 decimals")).toEqual(["round:keyword", "2:number", "decimals:keyword"]);
    expect(kinds("  保留 2 位小数")).toEqual(["保留:keyword", "2:number", "位小数:keyword"]);
    // the function, and a name of the file's own, stay names
    expect(kinds("value 比 = round(超期率, 2)")).toEqual(["value:declaration", "=:operator", "(:punctuation", ",:punctuation", "2:number", "):punctuation"]);
    expect(kinds("  保留 = 2")).toEqual(["=:operator", "2:number"]);
  });

  test("考核截至次月 5 日: its words a keyword, its day a number; 日 in a name is a name", () => {
    expect(kinds("考核截至次月 5 日")).toEqual(["考核截至次月 :keyword", "5:number", " 日:keyword"]);
    expect(kinds("考核截至次月5日 # 数据统计截至次月5日")).toEqual(["考核截至次月:keyword", "5:number", "日:keyword", "# 数据统计截至次月5日:comment"]);
    expect(kinds("assessed at day 5 of next month")).toEqual([
      "assessed:keyword",
      "at:keyword",
      "day:keyword",
      "5:number",
      "of:keyword",
      "next:keyword",
      "month:keyword",
    ]);
    expect(kinds("字段 工作日 = 截至日")).toEqual(["字段:declaration", "=:operator"]);
  });

  test("literals, operators and comments as the lexer reads them; a string being typed runs to the end of the line", () => {
    expect(kinds("施行自 2017-09 截至 2018-06-30 # 注释 “引号”")).toEqual([
      "施行自:keyword",
      "2017-09:date",
      "截至:keyword",
      "2018-06-30:date",
      "# 注释 “引号”:comment",
    ]);
    expect(kinds("value 比 = 30％ × 超期率 ?? 0 // 说明")).toEqual([
      "value:declaration",
      "=:operator",
      "30％:number",
      "×:operator",
      "??:operator",
      "0:number",
      "// 说明:comment",
    ]);
    expect(kinds('event 甲 "未写完 # 不是注释')).toEqual(["event:declaration", '"未写完 # 不是注释:string']);
    // Chinese quotes are quotes too (as Word writes them), and full-width operators operators
    expect(kinds("event 甲 “未写完")).toEqual(["event:declaration", "“未写完:string"]);
    expect(kinds("a “b” ＞＝ 1 ＋ 2")).toEqual(["“b”:string", "＞＝:operator", "1:number", "＋:operator", "2:number"]);
    // a character the language does not use is left for the linter; what follows it is read on
    expect(kinds("a 。b ≥ 1")).toEqual(["≥:operator", "1:number"]);
  });
});

describe("completion", () => {
  test("a Chinese or English beginning finds the keyword, the file's language first, the other beside it", () => {
    const zh = keywordCompletions("考核", "zh").map((c) => c.label);
    expect(zh).toContain("考核项");
    expect(zh).toContain("考核截至次月月底");
    // the day of next month, with the day most regulations say (数据统计截至次月5日), beside its English
    expect(keywordCompletions("考核截至次月", "zh").map((c) => [c.label, c.detail])).toContainEqual(["考核截至次月 5 日", "assessed at day 5 of next month"]);
    expect(keywordCompletions("assessed", "en").map((c) => c.label)).toEqual(
      expect.arrayContaining(["assessed at end of period", "assessed at end of next month", "assessed at day 5 of next month"]),
    );
    expect(keywordCompletions("ded", "zh").map((c) => [c.label, c.detail])).toEqual([
      ["扣", "deduct"],
      ["deduct", "扣"],
    ]);
    expect(keywordCompletions("ded", "en")[0]).toMatchObject({ label: "deduct", detail: "扣" });
    expect(keywordCompletions("不低", "en").map((c) => c.label)).toEqual(["at least", "不低于"]);
    expect(keywordCompletions("保", "zh")[0]).toMatchObject({ label: "保留", detail: "round" });
    expect(keywordCompletions("zzz", "en")).toEqual([]);
  });
});

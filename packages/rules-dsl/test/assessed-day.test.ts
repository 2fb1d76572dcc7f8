/**
 * `assessed at day 5 of next month`, in Chinese `考核截至次月 5 日` (数据统计截至次月5日): parsed in both spellings,
 * written back by fmt in either, its day checked, named where the forms of `assessed at` are listed; and 日 is still
 * no keyword: names with it (工作日, 日期, 截至日) stay names.
 */
import { describe, expect, test } from "vitest";
import { format, parse, translateKeywords } from "../src/index.ts";
import { tokensAsWritten } from "../src/lexer.ts";

const file = (assessedAt: string) => `rubric "考核时点" version "t" example
  in force from 2017-01

category 镇

${assessedAt}

population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单

monthly 月度 {
  item 量 100 points = 工单数
}

ranking {
  monthly 月度
  volume 工单数
}
`;

const assessedAt = (text: string) => {
  const r = parse(text);
  const d = r.ast.declarations.find((x) => x.kind === "assessedAt");
  return { diagnostics: r.diagnostics.map((x) => `${x.code} ${x.range.start.line}:${x.range.start.column} ${x.message}`), d };
};

describe("parsing", () => {
  test.each([
    "assessed at day 5 of next month",
    "考核截至次月 5 日",
    "考核截至次月5日",
    // as an input method types it: full-width digits, an ideographic space
    "考核截至次月５日",
    "考核截至次月\u30005\u3000日",
  ])("%s: the 5th of next month", (written) => {
    const { diagnostics, d } = assessedAt(file(written));
    expect(diagnostics).toEqual([]);
    expect(d).toMatchObject({ kind: "assessedAt", monthsAfter: 1, day: 5 });
  });

  test("the other two forms have no day", () => {
    expect(assessedAt(file("assessed at end of next month")).d).toMatchObject({ monthsAfter: 1, day: null });
    expect(assessedAt(file("考核截至期末")).d).toMatchObject({ monthsAfter: 0, day: null });
  });

  test("日 is no keyword: names with it, and 日 alone, are names", () => {
    const lexed = tokensAsWritten("工作日 日期 截至日 日 考核截至次月5日期 考核截至次月月底 考核截至次月 5 日");
    expect(lexed.map((t) => `${t.tokenType.name}:${t.image}`)).toEqual([
      "Identifier:工作日",
      "Identifier:日期",
      "Identifier:截至日",
      "Identifier:日",
      "Identifier:考核截至次月5日期",
      "PhraseAssessedAtEndOfNextMonth:考核截至次月月底",
      "PhraseAssessedDayOfNextMonth:考核截至次月 5 日",
    ]);
    // and fields named 工作日 and 截至日 still read as names, beside the statement
    const text = file("考核截至次月 5 日")
      .replace("population 工单", "orders {\n  field 工作日 = 受理时间 is not missing\n  field 截至日 = 工作日\n}\npopulation 工单")
      .replace("count 工单", "count 工单 where 截至日");
    expect(parse(text).diagnostics).toEqual([]);
  });
});

describe("fmt", () => {
  test("writes both spellings back as written, and each as the other", () => {
    const en = format(file("assessed   at day 5 of  next month"));
    expect(en.ok && en.text).toBe(file("assessed at day 5 of next month"));
    const zh = format(file("考核截至次月5日"), { keywords: "zh" });
    expect(zh.ok && zh.text).toContain("\n考核截至次月 5 日\n");
    if (!zh.ok) return;
    // formatted again, the Chinese file stays as it is; in English keywords it is the English file
    expect(format(zh.text)).toEqual({ ok: true, text: zh.text });
    expect(format(zh.text, { keywords: "en" })).toEqual({ ok: true, text: file("assessed at day 5 of next month") });
  });

  test("fmt --keywords on a fragment rewrites the statement in the other order of words", () => {
    expect(translateKeywords("assessed at day 12 of next month\n", "zh")).toBe("考核截至次月 12 日\n");
    expect(translateKeywords("考核截至次月12日 # 数据统计截至次月12日\n", "en")).toBe("assessed at day 12 of next month # 数据统计截至次月12日\n");
  });
});

describe("what is said", () => {
  test("a day not in every month is an error at the number, in Chinese", () => {
    const { diagnostics } = assessedAt(file("assessed at day 31 of next month"));
    expect(diagnostics).toEqual([
      "KH244 6:17 考核时点“次月 31 日”不对：日应是 1 到 28 之间的整数（每个月都有的日子）；要到次月最后一天，请写 assessed at end of next month",
    ]);
    // in a Chinese file the same, the keywords in Chinese, marked at the number inside 考核截至次月0日
    const zh = format(file("assessed at day 5 of next month"), { keywords: "zh" });
    if (!zh.ok) throw new Error("not formatted");
    expect(assessedAt(zh.text.replace("考核截至次月 5 日", "考核截至次月0日")).diagnostics).toEqual([
      "KH244 6:7 考核时点“次月 0 日”不对：日应是 1 到 28 之间的整数（每个月都有的日子）；要到次月最后一天，请写 考核截至次月月底",
    ]);
    expect(assessedAt(file("考核截至次月 2.5 日")).diagnostics[0]).toMatch(/^KH244 6:8 考核时点“次月 2.5 日”不对/);
  });

  test("the forms of `assessed at` name the day of next month", () => {
    const { diagnostics } = assessedAt(file("assessed at next month"));
    expect(diagnostics[0]).toContain("assessed at day N of next month");
    const zh = format(file("assessed at day 5 of next month"), { keywords: "zh" });
    if (!zh.ok) throw new Error("not formatted");
    // 考核截至 is no keyword: `assessed at` written in Chinese is one of the three phrases; a day written otherwise is told them
    const told = assessedAt(zh.text.replace("考核截至次月 5 日", "考核截至次月 五 日")).diagnostics[0];
    expect(told).toContain("考核截至次月月底，或 考核截至次月 N 日");
  });
});

/**
 * The ranking block's repeatable statements: several ranked assessments,
 * a minimum volume per category or group. Parsed, checked and formatted.
 */
import { describe, expect, test } from "vitest";
import { Codes, format, parse, translateKeywords } from "../src/index.ts";

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

describe("a minimum volume in the words of a policy text", () => {
  const zh = (ranking: string) => translateKeywords(file(ranking), "zh");
  const minimums = (text: string) => {
    const r = parse(text).ast.declarations.find((d) => d.kind === "ranking");
    return r?.kind === "ranking" ? [r.minimumVolume, r.minimumVolumes.map((m) => [m.volume, m.for])] : null;
  };
  const lineWith = (text: string, words: string) => text.split("\n").findIndex((l) => l.includes(words)) + 1;

  test("承办量不足 10 件的不排名 is 最低承办量 10, before another statement, with 适用于 too", () => {
    const plain = zh("  monthly 月度\n  volume 工单数\n  minimum volume 10\n  order by score desc\n");
    const worded = plain.replace("最低承办量 10", "承办量不足 10 件的不排名");
    expect(parse(worded).diagnostics).toEqual([]);
    expect(minimums(worded)).toEqual(minimums(plain));
    expect(minimums(worded)).toEqual([10, [[10, []]]]);
    for (const tail of ["件不排名", "件的单位不排名", "件", ""]) expect(parse(worded.replace("件的不排名", tail)).diagnostics).toEqual([]);
    const forSome = worded.replace("件的不排名", "件的不排名 适用于 县直部门");
    expect(parse(forSome).diagnostics).toEqual([]);
    expect(minimums(forSome)).toEqual([null, [[10, ["县直部门"]]]]);
    // elsewhere 承办量不足 is a name, as before
    const named = worded.replace("指标 工单数", "指标 承办量不足 = 计数 工单\n指标 工单数");
    expect(parse(named).diagnostics.map((d) => d.code)).toEqual([Codes.Unused]);
  });

  test("fmt writes the canonical form, in the file's keywords", () => {
    const worded = zh("  monthly 月度\n  volume 工单数\n  minimum volume 10\n").replace("最低承办量 10", "承办量不足 10 件的不排名");
    const f = format(worded);
    expect(f.ok && f.text).toContain("  承办总量 工单数\n  最低承办量 10\n}");
    const en = format(worded, { keywords: "en" });
    expect(en.ok && en.text).toContain("  volume 工单数\n  minimum volume 10\n}");
  });

  test("other words after the number: one error there, giving the spelling; fmt leaves the file alone", () => {
    const text = zh("  monthly 月度\n  volume 工单数\n  minimum volume 10\n  order by score desc\n").replace("最低承办量 10", "承办量不足 10 件以下");
    const ds = parse(text).diagnostics;
    const said = "排名规则中不认识 件以下（要写最低承办量，请写：最低承办量 10）";
    expect(ds.map((d) => [d.code, d.message])).toEqual([[Codes.BadRankingStatement, said]]);
    expect([ds[0]?.range.start.line, ds[0]?.range.start.column]).toEqual([lineWith(text, "件以下"), "  承办量不足 10 ".length + 1]);
    const f = format(text);
    expect(!f.ok && f.diagnostics.map((d) => d.message)).toEqual([said]);
  });

  test("written otherwise (no spaces, other words): one syntax error at its first word, giving the spelling", () => {
    const base = zh("  monthly 月度\n  volume 工单数\n  minimum volume 10\n  order by score desc\n");
    for (const [written, word] of [
      ["承办量不足10件的不排名", "承办量不足10件的不排名"],
      ["承办量 少于 10 件的不排名", "承办量"],
    ] as const) {
      const text = base.replace("最低承办量 10", written);
      const ds = parse(text).diagnostics;
      expect(ds.map((d) => [d.code, d.message])).toEqual([
        [Codes.UnexpectedToken, `在排名规则（排名）中，不认识“${word}”：要写最低承办量，请写：最低承办量 10`],
      ]);
      expect([ds[0]?.range.start.line, ds[0]?.range.start.column]).toEqual([lineWith(text, written), 3]);
    }
    // in a file of English keywords the spelling is English
    const en = parse(file("  monthly 月度\n  volume 工单数\n  承办量不足10件的不排名\n  order by score desc\n")).diagnostics;
    expect(en.map((d) => d.message)).toEqual(["在排名规则（ranking）中，不认识“承办量不足10件的不排名”：要写最低承办量，请写：minimum volume 10"]);
    expect(en[0]?.messageEn).toContain("write: minimum volume 10");
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

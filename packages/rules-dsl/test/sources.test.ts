/**
 * `sources "省热线", "市中心", …` (工单来源): the order sources a rubric knows. A comparison of 来源 with a text
 * the list lacks is KH250 with a did-you-mean and the list; a value declared twice is KH210; without the
 * declaration nothing is checked. Parsed, checked and formatted in English and Chinese.
 */
import { describe, expect, test } from "vitest";
import { Codes, format, parse } from "../src/index.ts";

const rubric = (sources: string, where: string) => `rubric "测试" version "1"
  in force from 2017-09

category 镇
${sources}
population 工单 = orders where 受理时间 in period and ${where}
measure 工单数 = count 工单

monthly 月度 {
  item 量 10 points = min(10, 工单数)
}

ranking {
  monthly 月度
  volume 工单数
}
`;

const SOURCES = 'sources "省热线", "市中心", "县中心", "网站", "微信"';
const codes = (text: string) => parse(text).diagnostics.map((d) => d.code);

describe("sources: parse and check", () => {
  test("declared and compared with =, != and in: clean; the AST lists the values with their places", () => {
    for (const where of ['来源 = "市中心"', 'source != "微信"', '来源 in ["省热线", "网站"]', 'not (来源 not in ["县中心"])', '"市中心" = 来源'])
      expect(codes(rubric(SOURCES, where)), where).toEqual([]);
    const { ast } = parse(rubric(SOURCES, '来源 = "市中心"'));
    const decl = ast.declarations.find((d) => d.kind === "sources");
    expect(decl?.kind === "sources" && decl.values.map((v) => v.value)).toEqual(["省热线", "市中心", "县中心", "网站", "微信"]);
    expect(decl?.range.start.line).toBe(5);
  });

  test("KH250: a value not declared, with the closest declared one and the list, at the literal", () => {
    const text = rubric(SOURCES, '来源 = "市中新"');
    const ds = parse(text).diagnostics;
    expect(ds.map((d) => d.code)).toEqual([Codes.UnknownSource]);
    const d = ds[0];
    expect(d?.severity).toBe("error");
    expect(d?.message).toBe("来源“市中新”不在规则文件声明的工单来源（sources）中（是否想写 市中心？）：声明的有 省热线、市中心、县中心、网站、微信");
    expect(d?.messageEn).toBe(
      "source '市中新' is not one the rubric declares (did you mean '市中心'?): the declared sources are 省热线, 市中心, 县中心, 网站, 微信",
    );
    const line = text.split("\n")[(d?.range.start.line ?? 0) - 1] ?? "";
    expect(line.slice((d?.range.start.column ?? 0) - 1)).toMatch(/^"市中新"/);
  });

  test("KH250 for != and each bad item of in […], the literal on either side; the English name source too", () => {
    expect(codes(rubric(SOURCES, 'source != "电话"'))).toEqual([Codes.UnknownSource]);
    expect(codes(rubric(SOURCES, '"省中心" = 来源'))).toEqual([Codes.UnknownSource]);
    const ds = parse(rubric(SOURCES, '来源 in ["省热线", "微博", "app"]')).diagnostics;
    expect(ds.map((d) => [d.code, d.message.match(/“(.*?)”/)?.[1]])).toEqual([
      [Codes.UnknownSource, "微博"],
      [Codes.UnknownSource, "app"],
    ]);
  });

  test("other text fields and 来源 compared with another field are not checked", () => {
    expect(codes(rubric(SOURCES, '诉求类型 = "投诉" and 来源 != 诉求类型'))).toEqual([]);
  });

  test("without the declaration any value is fine (as before)", () => {
    expect(codes(rubric("", '来源 in ["省中心", "随便"]'))).toEqual([]);
  });

  test("KH210: a value declared twice; KH243: a second sources statement", () => {
    const ds = parse(rubric('sources "网站", "微信", "网站"', '来源 = "网站"')).diagnostics;
    expect(ds.map((d) => d.code)).toEqual([Codes.DuplicateName]);
    expect(ds[0]?.message).toBe("工单来源“网站”写了两次");
    expect(ds[0]?.range.start.column).toBe('sources "网站", "微信", '.length + 1);
    expect(codes(rubric(`${SOURCES}\nsources "电话"`, '来源 = "网站"'))).toEqual([Codes.Repeated]);
  });

  test("a sources statement without a value is KH111 at its line, naming the statement", () => {
    const ds = parse(rubric("sources", '来源 = "网站"')).diagnostics;
    expect(ds.map((d) => [d.code, d.range.start.line])).toEqual([[Codes.MissingToken, 5]]);
    expect(ds[0]?.message).toBe("在工单来源清单（sources）中，这一行在“sources”之后缺少带双引号的文字");
  });
});

describe("sources: Chinese and formatting", () => {
  test("工单来源 with 、 or ， between the values is the same statement", () => {
    for (const zh of ['工单来源 "省热线"、"市中心"、"县中心"、"网站"、"微信"', '工单来源 "省热线"，"市中心"，"县中心"，"网站"，"微信"']) {
      expect(codes(rubric(zh, '来源 = "市中心"')), zh).toEqual([]);
      expect(codes(rubric(zh, '来源 = "市中新"')), zh).toEqual([Codes.UnknownSource]);
    }
  });

  test("fmt prints it in either language, and back, without changing it", () => {
    const en = rubric('sources   "省热线" ,"市中心",  "微信"  # 本县的来源', '来源 = "市中心"');
    const once = format(en);
    expect(once.ok && once.text).toContain('\nsources "省热线", "市中心", "微信"  # 本县的来源\n');
    const zh = format(en, { keywords: "zh" });
    expect(zh.ok && zh.text).toContain('\n工单来源 "省热线", "市中心", "微信"  # 本县的来源\n');
    const back = format(zh.ok ? zh.text : "", { keywords: "en" });
    expect(back.ok && back.text).toBe(once.ok && once.text);
    expect(codes(zh.ok ? zh.text : "")).toEqual([]);
  });
});

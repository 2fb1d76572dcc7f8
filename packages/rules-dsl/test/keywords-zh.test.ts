/**
 * Chinese keywords: the table is sound, adding it changed nothing for files
 * written in English, a rubric may be written in Chinese or in both, and
 * `format(text, { keywords })` converts either way without changing meaning.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  builtinNames,
  contextualWords,
  format,
  functions,
  keywordLanguageOf,
  keywordNames,
  keywordTable,
  parse,
  phraseTable,
  spell,
  translateKeywords,
} from "../src/index.ts";
import { rubricLexer } from "../src/lexer.ts";
import { formsOf, keywordsInChinese, ruleNames } from "../src/parse.ts";
import { stripPositions } from "./support/ast.ts";

const rulesDir = new URL("../../../rules/", import.meta.url).pathname;
const shipped = readdirSync(rulesDir, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".kh"))
  .map((f) => join(rulesDir, f));
/** the shipped rubrics written with English keywords (one example is written in Chinese: see "rubrics in Chinese") */
const english = shipped.filter((f) => keywordLanguageOf(readFileSync(f, "utf8")) === "en");
const chineseShipped = shipped.filter((f) => !english.includes(f));
const doc = readFileSync(new URL("../../../docs/rules-language.md", import.meta.url), "utf8");
/** the manual's blocks in English (its Chinese twins are tested in docs-examples.test.ts) */
const docBlocks = [...doc.matchAll(/```kh([^\n]*)\n([\s\S]*?)```/g)].filter((m) => !/\bzh\b/.test(m[1] as string)).map((m) => m[2] as string);

function zh(text: string): string {
  const r = format(text, { keywords: "zh" });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.text;
}

describe("the keyword table", () => {
  test("one spelling a keyword in each language; every keyword can be written in Chinese, alone or in a phrase", () => {
    const zhSpellings = [...keywordTable.flatMap((k) => (k.zh ? [k.zh] : [])), ...phraseTable.map((p) => p.zh)];
    expect(new Set(zhSpellings).size).toBe(zhSpellings.length);
    for (const k of keywordTable) {
      if (k.zh === null)
        expect(
          phraseTable.some((p) => p.tokens.includes(k.token)),
          k.en,
        ).toBe(true);
    }
    for (const p of phraseTable) expect(p.zh).not.toMatch(/\s/);
  });

  test("no Chinese spelling is a built-in field or value, or a function", () => {
    for (const s of keywordNames) {
      if (s === "是" || s === "否" || !/\P{ASCII}/u.test(s)) continue;
      expect(builtinNames.has(s), s).toBe(false);
      expect(
        functions.some((f) => f.name === s),
        s,
      ).toBe(false);
    }
  });

  test("spell() gives a phrase's Chinese word, else each keyword's", () => {
    expect(spell("at least", "zh")).toBe("不低于");
    expect(spell("assessed at end of next month", "zh")).toBe("考核截至次月月底");
    expect(spell("deduct", "zh")).toBe("扣");
    expect(spell("then band", "zh")).toBe("则 评为");
    expect(spell("at least", "en")).toBe("at least");
    // zero has no Chinese spelling of its own (分母为零时 is when zero); a veto's then zero is 则 得零分
    expect(spell("then zero", "zh")).toBe("则 得零分");
  });

  test("a veto's outcomes read and written in both languages: then band 不合格 and zero and last", () => {
    const en = 'veto "弄虚作假" if 工单数 > 0 then band 不合格 and zero and last';
    const zh = '一票否决 "弄虚作假" 若 工单数 > 0 则 评为 不合格 且 得零分 且 排名末位';
    const veto = (text: string) => {
      const ast = parse(
        `rubric "测" version "1" example\n  in force from 2018-01\nmeasure 工单数 = count 工单\npopulation 工单 = orders\nmonthly 月 {\n  item 甲 10 points = 10\n  band 合格 at least 6\n  band 不合格 otherwise\n  ${text}\n}\n`,
      ).ast;
      const a = ast.declarations.find((d) => d.kind === "assessment");
      return a?.kind === "assessment" ? a.vetoes[0] : undefined;
    };
    for (const text of [en, zh]) expect(veto(text)).toMatchObject({ band: "不合格", zero: true, last: true });
    expect(veto(en.replace(" and zero and last", ""))).toMatchObject({ band: "不合格", zero: false, last: false });
  });
});

describe("English files are read as before", () => {
  // with no Chinese keyword among their tokens, the parser sees exactly the tokens it saw before the Chinese spellings
  test.each([...english.map((f) => readFileSync(f, "utf8")), ...docBlocks].map((t, i) => [i, t] as const))("text %i lexes no Chinese keyword", (_, text) => {
    const chinese = rubricLexer
      .tokenize(text)
      .tokens.filter(
        (t) => t.tokenType.name !== "Identifier" && keywordNames.has(t.image) && /\P{ASCII}/u.test(t.image) && t.image !== "是" && t.image !== "否",
      );
    expect(chinese.map((t) => t.image)).toEqual([]);
  });

  test("names that begin with a keyword stay names", () => {
    const { ast, diagnostics } = parse(
      `考核办法 "x" 版本 1 施行自 2018-01
指标 扣分项 = 计数 本期
指标 月度考核 = 计数 本期
指标 分组数 = 计数 本期
考核范围 本期 = 全部工单
按月考核 月度 { 考核项 量 10 分 = 扣分项 + 月度考核 + 分组数 }
排名 { 按月考核 月度 承办总量 扣分项 }
`,
    );
    expect(diagnostics).toEqual([]);
    expect(ast.declarations.filter((d) => d.kind === "measure").map((d) => (d as { name: string }).name)).toEqual(["扣分项", "月度考核", "分组数"]);
  });
});

describe("rubrics in Chinese", () => {
  test("a shipped rubric written in Chinese is fmt --keywords zh of its English, and the same rubric", () => {
    expect(chineseShipped.length).toBeGreaterThan(0);
    for (const file of chineseShipped) {
      const text = readFileSync(file, "utf8");
      const en = format(text, { keywords: "en" });
      if (!en.ok) throw new Error(file);
      expect(zh(en.text)).toBe(text);
      expect(JSON.stringify(stripPositions(parse(en.text).ast.declarations))).toBe(JSON.stringify(stripPositions(parse(text).ast.declarations)));
    }
  });

  test.each(english)("%s: to Chinese and back gives the file; the same AST and diagnostics in both", (file) => {
    const text = readFileSync(file, "utf8");
    const z = zh(text);
    expect(keywordLanguageOf(z)).toBe("zh");
    const a = parse(text);
    const b = parse(z);
    expect(JSON.stringify(stripPositions(b.ast.declarations))).toBe(JSON.stringify(stripPositions(a.ast.declarations)));
    expect(stripPositions(b.ast.header)).toEqual(stripPositions(a.ast.header));
    expect(b.diagnostics).toEqual([]);
    // plain fmt keeps the Chinese file as it is; asked for English, it gives back the file
    expect(format(z)).toEqual({ ok: true, text: z });
    expect(format(z, { keywords: "en" })).toEqual({ ok: true, text });
  });

  test("the issue's example: 扣 5 分 每 行政不作为 is deduct 5 per 行政不作为", () => {
    const en = `rubric "x" version "1"
  in force from 2018-01

event 行政不作为 points 5
population 本期事件 = events where 日期 in period
measure 件数 = count 本期事件
monthly 月度 {
  item 效能 40 points {
    deduct 5 per 行政不作为
    deduct 件数 × 0.5 if 件数 > 2 continuing
    add 1 if 件数 = 0
  }
}
ranking {
  monthly 月度
  within category
  volume 件数
}
`;
    const z = zh(en);
    expect(z).toContain("    扣 5 分 每 行政不作为\n");
    expect(z).toContain("    扣 件数 × 0.5 分 若 件数 > 2 不封顶\n");
    expect(z).toContain("排名 {\n  按月考核 月度\n  类别内\n");
    expect(format(z, { keywords: "en" })).toEqual({ ok: true, text: en });
    // the unit is optional in either language; fmt writes it in Chinese only
    expect(format(en.replace("deduct 5 per", "deduct 5 points per"))).toEqual({ ok: true, text: en });
    expect(format(z.replace("扣 5 分 每", "扣 5 每"))).toEqual({ ok: true, text: z });
  });

  test("a mixed file reads as one; plain fmt writes it in its main language, and twice changes nothing", () => {
    const mixed = `考核办法 "x" 版本 1 施行自 2018-01
category 镇
考核范围 本期工单 = 全部工单 其中 受理时间 in period and 办结时间 is not missing
指标 工单数 = 计数 本期工单
按月考核 月度 { item 量 10 points = min(10, 工单数) 不低于 0 }
排名 { monthly 月度 承办总量 工单数 order by score desc 同分并列 round 1 decimals }
`;
    const r = parse(mixed);
    expect(r.diagnostics).toEqual([]);
    const en = format(mixed, { keywords: "en" });
    const z = format(mixed, { keywords: "zh" });
    if (!en.ok || !z.ok) throw new Error("should format");
    expect(en.text).toContain("population 本期工单 = orders where 受理时间 in period and 办结时间 is not missing");
    expect(en.text).toContain("  ties shared\n  round 1 decimals\n");
    expect(z.text).toContain("考核范围 本期工单 = 全部工单 其中 受理时间 在本期内 且 办结时间 不为空");
    expect(z.text).toContain("  排序 分数 降序\n  同分并列\n  保留 1 位小数\n");
    expect(JSON.stringify(stripPositions(parse(z.text).ast))).toBe(JSON.stringify(stripPositions(parse(en.text).ast)));
    const plain = format(mixed);
    if (!plain.ok) throw new Error("should format");
    expect(plain.text).toBe(keywordLanguageOf(mixed) === "zh" ? z.text : en.text);
    expect(format(plain.text)).toEqual(plain);
  });

  test("a name that is a keyword says so, in the spelling written", () => {
    const base = `考核办法 "x" 版本 1 施行自 2018-01
考核范围 本期工单 = 全部工单
指标 总分 = 计数 本期工单
`;
    const d = parse(base).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["KH210"]);
    expect(d[0]?.message).toContain("“总分”是关键词，不能用作名称");
    expect(parse(base.replace("指标 总分", "measure order")).diagnostics[0]?.message).toContain("“order”是关键词");
  });

  test("a syntax error names the keyword expected in the file's language; a misspelt Chinese keyword gets a suggestion", () => {
    const zhFile = `考核办法 "x" 版本 1 施行自 2018-01
考核范围 本期工单 = 全部工单
指标 工单数 = 计数 本期工单
按月考核 月度 { 考核项 量 10 = 工单数 }
`;
    expect(parse(zhFile).diagnostics[0]?.message).toMatch(/这里应是“分”/);
    expect(parse(zhFile.replace("10 = 工单数", "10 分 = 工单数").replace("考核项 量", "考核相 量")).diagnostics[0]?.message).toContain("是否想写 考核项");
    const enFile = `rubric "x" version 1 in force from 2018-01
population 本期工单 = orders
measure 工单数 = count 本期工单
monthly 月度 { item 量 10 = 工单数 }
`;
    expect(parse(enFile).diagnostics[0]?.message).toMatch(/这里应是“points”/);
  });
});

describe("messages of a Chinese file", () => {
  test("name its keywords in Chinese; what the user wrote stays as written", () => {
    const z = zh(readFileSync(join(rulesDir, "huantai/2017.kh"), "utf8"));
    const d = (text: string) => parse(text).diagnostics.map((x) => x.message);
    expect(d(z.replace("  保留 2 位小数\n", "  rund 2 位小数\n"))).toEqual(["排名规则中不认识 rund（保留小数位写作 保留 2 位小数）"]);
    expect(d(z.replace("扣 每 行政不作为\n", "扣 每 工单数\n"))).toContain("按 工单数 计分时要写明每次的分值，例如 扣 2 分 每 工单数");
    expect(d(z.replace("= 计数 本期工单 其中 超期\n", "= 计数 本期 其中 超期\n")).join("\n")).toMatch(/未定义的考核范围 本期（先用 考核范围 定义）/);
    expect(d(z.replace("考核项 按期办结", "考核项 按期办结 按期办结")).join()).toContain("却遇到“按期办结”");
  });
});

describe("messages of a Chinese file name no English keyword", () => {
  const englishKeywords = new Set([...keywordTable.filter((k) => k.en !== "true" && k.en !== "false").map((k) => k.en), ...contextualWords.map((w) => w.en)]);
  const englishLeft = (message: string) => [...message.matchAll(/(?<![A-Za-z_])[a-z]+(?![A-Za-z_])/g)].map((m) => m[0]).filter((w) => englishKeywords.has(w));

  test("every statement's name and every list of the forms allowed, as a Chinese file's message reads them", () => {
    const texts = [...Object.values(ruleNames).map(([name]) => name), ...Object.values(formsOf).map((forms) => forms.join("、"))];
    for (const text of texts) expect(englishLeft(keywordsInChinese(text)), text).toEqual([]);
  });

  test("the ranking's forms, a statement written twice, a misspelt round: in the file's keywords", () => {
    const z = zh(readFileSync(join(rulesDir, "huantai/2017.kh"), "utf8"));
    const messages = (text: string) => parse(text).diagnostics.map((d) => d.message);
    const forms = messages(z.replace("  保留 2 位小数\n", "  保留 2 位小数\n  承办量 工单数\n")).join("\n");
    expect(forms).toContain("类别内/不分类别/分组 适用于 按年考核");
    expect(forms).toContain("保留 N 位小数");
    expect(englishLeft(forms)).toEqual([]);
    expect(messages(z.replace("  保留 2 位小数\n", "  保留 2 位小数\n  保留 1 位小数\n"))).toEqual(["保留 N 位小数 只能写一次，这里重复了"]);
    expect(messages(z.replace("  同分并列\n", "  同分并列\n  同分按单位编码\n"))).toEqual(["同分并列/同分按单位编码 只能写一次，这里重复了"]);
    expect(messages(z.replace("  类别内\n", "  类别内\n  不分类别\n"))).toEqual(["类别内/不分类别/分组 只能写一次，这里重复了"]);
    // the same mistakes in the English file read in English keywords
    const en = readFileSync(join(rulesDir, "huantai/2017.kh"), "utf8");
    expect(parse(en.replace("  round 2 decimals\n", "  round 2 decimals\n  round 1 decimals\n")).diagnostics.map((d) => d.message)).toEqual([
      "round N decimals 只能写一次，这里重复了",
    ]);
    expect(parse(en.replace("  ties shared\n", "  ties shared\n  ties shared\n")).diagnostics.map((d) => d.messageEn)).toEqual([
      "'ties …' may be written only once",
    ]);
  });
});

describe("keywords rewritten where they stand (translateKeywords)", () => {
  test.each(english)("%s: to Chinese and back gives the file; formatted, the Chinese is fmt --keywords zh", (file) => {
    const text = readFileSync(file, "utf8");
    const z = translateKeywords(text, "zh");
    expect(keywordLanguageOf(z)).toBe("zh");
    expect(translateKeywords(z, "en")).toBe(text);
    expect(format(z)).toEqual({ ok: true, text: zh(text) });
  });

  test("layout, comments, names and syntax errors stay as written", () => {
    const text = "monthly 月度 {   # 注释 deduct\n  item 量 10 pionts = x at  least 0\n  round 2 decimals\n}\n";
    expect(translateKeywords(text, "zh")).toBe("按月考核 月度 {   # 注释 deduct\n  考核项 量 10 pionts = x 不低于 0\n  保留 2 位小数\n}\n");
    expect(translateKeywords(translateKeywords(text, "zh"), "en")).toBe(text.replace("at  least", "at least"));
  });
});

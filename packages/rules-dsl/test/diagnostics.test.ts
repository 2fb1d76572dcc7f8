/**
 * One test per diagnostic code: a small rubric with exactly that mistake
 * gets exactly the diagnostic a policy officer needs, at the right place.
 */
import { describe, expect, test } from "vitest";
import { Codes, type Diagnostic, parse } from "../src/index.ts";

const VALID = `rubric "测试" version "1"
  in force from 2017-09

category 镇
population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单

monthly 月度 {
  item 量 10 points = min(10, 工单数)
}

ranking {
  monthly 月度
  volume 工单数
}
`;

/** VALID with one piece of text replaced */
const mutate = (from: string, to: string) => {
  if (!VALID.includes(from)) throw new Error(`fixture lacks ${from}`);
  return VALID.replace(from, to);
};

const errors = (text: string) => parse(text).diagnostics;
const only = (text: string): Diagnostic => {
  const ds = errors(text);
  expect(ds.map((d) => `${d.code} ${d.message}`)).toHaveLength(1);
  return ds[0] as Diagnostic;
};
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

test("the fixture itself is clean", () => {
  expect(errors(VALID)).toEqual([]);
});

describe("syntax", () => {
  test("KH100 unknown character, at its line and column", () => {
    const text = mutate("measure 工单数 = count 工单", "measure 工单数 = count 工单 @");
    const d = errors(text).find((x) => x.code === Codes.UnknownCharacter) as Diagnostic;
    expect(d.range.start.line).toBe(lineOf(text, "@"));
    expect(d.range.start.column).toBe((text.split("\n")[d.range.start.line - 1] as string).indexOf("@") + 1);
    expect(d.message).toContain("@");
  });

  test("KH101 unterminated string", () => {
    expect(errors(mutate("category 镇", 'category 镇 "镇')).some((d) => d.code === Codes.UnterminatedString)).toBe(true);
  });

  test("KH110 one typo gives one diagnostic, in Chinese, naming what was found", () => {
    const text = mutate("item 量 10 points", "item 量 10 pionts");
    const d = only(text);
    expect(d.code).toBe(Codes.UnexpectedToken);
    expect(d.range.start.line).toBe(lineOf(text, "pionts"));
    expect(d.message).toMatch(/pionts/);
    expect(d.messageEn).toMatch(/pionts/);
  });

  test("KH110 a misspelt keyword suggests the keyword meant", () => {
    const d = only(mutate("item 量 10 points = min(10, 工单数)", "item 量 10 points {\n    dedcut 3 if true\n  }"));
    expect(d.code).toBe(Codes.UnexpectedToken);
    expect(d.message).toContain("是否想写 deduct");
  });

  test("KH111 a missing closing brace at the end of the file", () => {
    const text = VALID.trimEnd().replace(/\}$/, "");
    expect(only(text).code).toBe(Codes.MissingToken);
  });
});

describe("semantics", () => {
  const cases: [string, string, string, string][] = [
    ["KH200 missing header", 'rubric "测试" version "1"\n  in force from 2017-09\n', "", Codes.MissingHeader],
    ["KH201 a month that does not exist", "in force from 2017-09", "in force from 2017-13", Codes.InvalidPeriod],
    ["KH210 the same name twice", "category 镇", "category 镇\ncategory 镇", Codes.DuplicateName],
    ["KH210 an item named like a declaration", "item 量 10 points", "item 工单数 10 points", Codes.DuplicateName],
    ["KH210 a declaration named like a built-in field", "measure 工单数 = count 工单", "measure 工单数 = count 工单\nvalue 类别 = 1", Codes.DuplicateName],
    ["KH211 an unknown name", "min(10, 工单数)", "min(10, 工单树)", Codes.UnknownName],
    ["KH212 an unknown category", "item 量 10 points =", "item 量 10 points for 乡 =", Codes.UnknownCategory],
    [
      "KH213 per something that is neither an event type nor a measure",
      "item 量 10 points = min(10, 工单数)",
      "item 量 10 points {\n    deduct 1 per 不存在\n  }",
      Codes.UnknownPer,
    ],
    ["KH214 a measure over an unknown population", "measure 工单数 = count 工单", "measure 工单数 = count 工单们", Codes.UnknownPopulation],
    ["KH215 an unknown function", "min(10, 工单数)", "minimum2(10, 工单数)", Codes.UnknownFunction],
    ["KH216 wrong arguments", "min(10, 工单数)", "threshold(工单数, full: 10)", Codes.BadArguments],
    ["KH217 a unit value inside a record condition", "where 受理时间 in period", "where 受理时间 in period and 工单数 > 1", Codes.WrongLevel],
    ["KH220 a number where yes/no is needed", "min(10, 工单数)", "min(10, 工单数 and 1)", Codes.TypeMismatch],
    [
      "KH230 a rate that is not a division",
      "measure 工单数 = count 工单",
      "measure 工单数 = count 工单\nrate 率 = 工单数, when zero: 0",
      Codes.RateNotDivision,
    ],
    ["KH234 ranking names an unknown assessment", "  monthly 月度\n  volume", "  monthly 季度\n  volume", Codes.BadRankingTarget],
    [
      "KH235 bands out of order",
      "item 量 10 points = min(10, 工单数)",
      "item 量 10 points = min(10, 工单数)\n  band 良 at least 80\n  band 优 at least 90\n  band 差 otherwise",
      Codes.BadBands,
    ],
    [
      "KH236 a definition that refers to itself",
      "measure 工单数 = count 工单",
      "measure 工单数 = count 工单\nvalue 甲 = 乙\nvalue 乙 = 甲 + 工单数",
      Codes.Cycle,
    ],
    ["KH236 items that refer to each other", "item 量 10 points = min(10, 工单数)", "item 量 10 points = min(10, 质)\n  item 质 10 points = 量", Codes.Cycle],
    [
      "KH237 an assessment referring to one with another window",
      "ranking {",
      "monthly 季度 {\n  window quarter\n  item 甲 10 points = 月度\n}\n\nranking {",
      Codes.BadWindow,
    ],
    ["KH237 a yearly window on a monthly assessment", "monthly 月度 {", "monthly 月度 {\n  window year", Codes.BadWindow],
    ["KH238 no ranking", "ranking {\n  monthly 月度\n  volume 工单数\n}", "", Codes.MissingRanking],
    [
      "KH239 two items with one code",
      "item 量 10 points = min(10, 工单数)",
      "item 量 10 points = min(10, 工单数)\n  item 量 5 points = 5",
      Codes.DuplicateItem,
    ],
    ["KH240 a ranking statement misspelt", "  volume 工单数\n}", "  volume 工单数\n  rund 2 decimals\n}", Codes.BadRankingStatement],
    ["KH243 two ranking blocks", "ranking {", "ranking {\n  monthly 月度\n}\nranking {", Codes.Repeated],
    ["KH243 a window written twice", "monthly 月度 {", "monthly 月度 {\n  window month\n  window quarter", Codes.Repeated],
    ["KH243 a ranking statement written twice", "  volume 工单数\n}", "  volume 工单数\n  round 1 decimals\n  round 3 decimals\n}", Codes.Repeated],
    [
      "KH243 a band name written twice",
      "item 量 10 points = min(10, 工单数)",
      "item 量 10 points = min(10, 工单数)\n  band 优 at least 90\n  band 优 at least 80\n  band 差 otherwise",
      Codes.Repeated,
    ],
    ["KH244 a month starting on the 31st", "monthly 月度 {", "monthly 月度 {\n  window month from day 31", Codes.BadNumber],
  ];
  test.each(cases)("%s", (_name, from, to, code) => {
    const ds = errors(mutate(from, to)).filter((d) => d.severity === "error");
    expect(ds.map((d) => d.code)).toContain(code);
    for (const d of ds) {
      expect(d.message).toMatch(/[\u4e00-\u9fff]/); // Chinese for the user
      expect(d.messageEn).toMatch(/[a-z]/); // English alongside
      expect(d.range.start.line).toBeGreaterThan(0);
    }
  });

  test("KH211 suggests the name that was probably meant", () => {
    expect(only(mutate("min(10, 工单数)", "min(10, 工单树)")).message).toContain("工单数");
  });

  test("KH221 (warning) `recorded` on an event type whose points are fixed", () => {
    const text = mutate("category 镇", 'category 镇\nevent 甲 "甲" points 5\npopulation 事件 = events where 日期 in period').replace(
      "item 量 10 points = min(10, 工单数)",
      "item 量 10 points {\n    deduct recorded per 甲\n  }",
    );
    const d = only(text);
    expect([d.code, d.severity]).toEqual([Codes.RecordedMismatch, "warning"]);
  });

  test("KH232 (warning) base × weight differs from the item's points", () => {
    const d = only(mutate("item 量 10 points = min(10, 工单数)", "item 量 10 points {\n    base 100\n    weight 30%\n  }"));
    expect([d.code, d.severity]).toEqual([Codes.WeightMismatch, "warning"]);
  });

  test("KH233 (warning) a section's points differ from its items", () => {
    const d = only(mutate("item 量 10 points = min(10, 工单数)", 'section 一 "组织" 15 points {\n    item 量 10 points = min(10, 工单数)\n  }'));
    expect([d.code, d.severity]).toEqual([Codes.SectionMismatch, "warning"]);
  });

  test("KH241 (warning) a declaration nothing uses", () => {
    const d = only(mutate("measure 工单数 = count 工单", "measure 工单数 = count 工单\nmeasure 未用 = count 工单"));
    expect([d.code, d.severity, d.range.start.line]).toEqual([Codes.Unused, "warning", 7]);
  });
});

test("every code the language defines is exercised above", async () => {
  const source = await import("node:fs").then((fs) => fs.readFileSync(new URL(import.meta.url), "utf8"));
  for (const code of Object.values(Codes)) expect(source).toContain(code);
});

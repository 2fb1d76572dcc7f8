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

describe("limits: what every back end computes identically, or a diagnostic naming the limit", () => {
  /** VALID with a derived field F (used by the population) defined as `expr` */
  const withField = (expr: string, more = "") =>
    mutate(
      "population 工单 = orders where 受理时间 in period",
      `orders {\n  field F = ${expr}\n${more}}\npopulation 工单 = orders where 受理时间 in period and F`,
    );
  const codes = (text: string) => errors(text).map((d) => d.code);
  const internal = (text: string) => errors(text).filter((d) => /内部错误|internal error/.test(d.message + d.messageEn));

  test("KH102 a NUL in a label, named at its line and column (PostgreSQL cannot store it)", () => {
    const text = mutate("category 镇", 'category 镇 "镇\u0000"');
    const d = only(text);
    expect(d.code).toBe(Codes.ControlCharacter);
    expect([d.range.start.line, d.range.start.column]).toEqual([lineOf(text, "category"), 'category 镇 "镇'.length + 1]);
    expect(d.message).toContain("U+0000");
    expect(d.message).toContain(`第 ${lineOf(text, "category")} 行`);
  });

  test("KH102 NUL in a comment or between tokens, other C0/C1 controls, DEL, unpaired surrogates", () => {
    for (const bad of ["# 注释\u0000", "\u0000", '"a\u0001b"', '"a\u001bb"', '"a\u007fb"', '"a\u0085b"', '"a\ud800b"', '"a\udc00"', '"a\rb"']) {
      const text = mutate("category 镇", `category 镇 ${bad}`);
      expect(codes(text), bad).toEqual([Codes.ControlCharacter]);
    }
  });

  test("tabs in strings, CRLF line ends and emoji are fine", () => {
    expect(errors(mutate("category 镇", 'category 镇 "镇\t😀"'))).toEqual([]);
    expect(errors(VALID.replace(/\n/g, "\r\n"))).toEqual([]);
  });

  test("KH120 nesting is limited to 64 levels, checked before parsing (no stack overflow at any depth)", () => {
    const nest = (n: number) => `${"(".repeat(n)}已回访${")".repeat(n)}`;
    expect(errors(withField(nest(63)))).toEqual([]);
    for (const n of [65, 196, 1000, 100_000]) expect(codes(withField(nest(n))), `${n}`).toEqual([Codes.TooDeep]);
    expect(codes(withField("(".repeat(5000)))).toEqual([Codes.TooDeep]);
    expect(codes(withField(`${"not ".repeat(70)}已回访`))).toEqual([Codes.TooDeep]);
    expect(codes(withField(`${"-".repeat(3000)}1 > 0`))).toEqual([Codes.TooDeep]);
    expect(codes(withField(`${"if 是 then ".repeat(70)}是${" else 否".repeat(70)}`))).toEqual([Codes.TooDeep]);
    expect(codes(withField(`min(${"abs(".repeat(70)}退回重办次数${")".repeat(70)}, 1) > 0`))).toEqual([Codes.TooDeep]);
    // a flat chain of `not`s joined by `and` is not nested
    expect(errors(withField(Array(200).fill("not 已回访").join(" and ")))).toEqual([]);
    const d = errors(withField(nest(100)))[0] as Diagnostic;
    expect(d.message).toContain("64");
  }, 60_000);

  test("KH121 an expression has at most 500 operands", () => {
    const chain = (n: number) => Array(n).fill("已回访").join(" and ");
    expect(errors(withField(chain(500)))).toEqual([]);
    for (const n of [501, 1200, 2672, 20_000]) expect(codes(withField(chain(n))), `${n}`).toEqual([Codes.TooLong]);
    expect(codes(withField(`${Array(3000).fill("1").join(" + ")} > 0`))).toEqual([Codes.TooLong]);
    expect(codes(withField(`来源 in [${Array(600).fill('"甲"').join(", ")}]`))).toEqual([Codes.TooLong]);
    expect(errors(withField(chain(600)))[0]?.message).toContain("500");
  }, 60_000);

  test("KH245 number literals: at most 15 digits before the point, 15 after, 15 significant", () => {
    const f = (n: string) => withField(`退回重办次数 < ${n}`);
    for (const ok of ["999999999999999", "0.000000000000001", "123456789.012345", "1.500000000000000000", "000000000000000000012", "99%"]) {
      expect(errors(f(ok)), ok).toEqual([]);
    }
    for (const bad of ["1".repeat(400), "1000000000000000", "0.0000000000000001", "1234567890.1234567", "0.1234567890123456", `${"9".repeat(400)}%`]) {
      expect(codes(f(bad)), bad).toEqual([Codes.NumberLimit]);
    }
    // anywhere a number is written: event points, item points, a rate's value when zero
    expect(codes(mutate("category 镇", `category 镇\nevent 甲 points ${"9".repeat(400)}`))).toContain(Codes.NumberLimit);
    expect(codes(mutate("item 量 10 points", `item 量 ${"1".repeat(20)} points`))).toContain(Codes.NumberLimit);
    // but not item codes and versions, which are names
    expect(errors(mutate("item 量 10 points", "item 1.12345678901234567 10 points"))).toEqual([]);
  });

  test("KH246 derived fields that grow too large when written into each other", () => {
    // each field doubles the one before: 2^20 operations once written in
    const doubling = Array.from({ length: 20 }, (_, i) => `  field G${i + 1} = G${i} and G${i}\n`).join("");
    const text = withField("G20", `  field G0 = 已回访\n${doubling}`);
    expect(codes(text)).toContain(Codes.TooLarge);
    // each field a chain of 400 over the one before (at the chain's deepest point): fine alone, too deep together
    const deep = Array.from({ length: 3 }, (_, i) => `  field H${i + 1} = H${i} and ${Array(400).fill("已回访").join(" and ")}\n`).join("");
    expect(codes(withField("H3", `  field H0 = 已回访\n${deep}`))).toContain(Codes.TooLarge);
    expect(errors(withField("H1", `  field H0 = 已回访\n  field H1 = H0 and ${Array(400).fill("已回访").join(" and ")}\n`))).toEqual([]);
  }, 60_000);

  test("KH247 at most 1000 measures over one kind of record (one query column each)", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `measure 计${i} = count 工单`).join("\n");
    expect(codes(mutate("measure 工单数 = count 工单", `measure 工单数 = count 工单\n${many(999)}`))).not.toContain(Codes.TooManyMeasures);
    expect(codes(mutate("measure 工单数 = count 工单", `measure 工单数 = count 工单\n${many(1000)}`))).toContain(Codes.TooManyMeasures);
  }, 60_000);

  test("KH248 a formula reading an item for some categories, for units of others", () => {
    const two = mutate("category 镇", "category 镇\ncategory 县直部门");
    const withTotal = (items: string, total: string) =>
      two.replace("  item 量 10 points = min(10, 工单数)\n", `  item 量 10 points = min(10, 工单数)\n${items}  total = ${total}\n`);
    const d = only(withTotal("  item 属地 5 points for 镇 = 5\n", "量 + 属地"));
    expect(d.code).toBe(Codes.InapplicableItemRead);
    expect(d.message).toContain("属地 ?? 0");
    expect(d.range.start.line).toBe(lineOf(withTotal("  item 属地 5 points for 镇 = 5\n", "量 + 属地"), "total"));
    // replaced when not applicable: nothing to say
    expect(errors(withTotal("  item 属地 5 points for 镇 = 5\n", "量 + (属地 ?? 0)"))).toEqual([]);
    expect(errors(withTotal("  item 属地 5 points for 镇 = 5\n", "量 + coalesce(属地, 0)"))).toEqual([]);
    // a section for some categories limits its items too
    expect(errors(withTotal("  section 专项 for 镇 {\n    item 属地 5 points = 5\n  }\n", "量 + 属地")).map((x) => x.code)).toEqual([
      Codes.InapplicableItemRead,
    ]);
    // an item for every declared category, or read by an item of the same category, is fine
    expect(errors(withTotal("  item 属地 5 points for 镇, 县直部门 = 5\n", "量 + 属地"))).toEqual([]);
    expect(errors(withTotal("  item 属地 5 points for 镇 = 5\n  item 属地加 5 points for 镇 = 属地\n", "量 + (属地 ?? 0) + (属地加 ?? 0)"))).toEqual([]);
  });

  test("KH249 rescale to in an assessment that can never rescale", () => {
    const withRescale = (items: string) => mutate("  item 量 10 points = min(10, 工单数)\n", `${items}  rescale to 100\n`);
    const d = only(withRescale("  item 量 10 points = min(10, 工单数)\n"));
    expect(d).toMatchObject({ code: Codes.NothingToRescale, severity: "warning" });
    expect(d.message).toContain("rescale to 不会改变任何得分");
    // a rate that can be not applicable, directly or through a value, makes it meaningful
    const rate = mutate(
      "measure 工单数 = count 工单",
      "measure 工单数 = count 工单\nmeasure 回访数 = count 工单 where 已回访\nrate 回访率 = 回访数 / 工单数, when zero: not applicable",
    );
    const rescaled = rate.replace(
      "  item 量 10 points = min(10, 工单数)\n",
      "  item 量 10 points = min(10, 工单数)\n  item 访 10 points = 10 × 回访率\n  rescale to 100\n",
    );
    expect(errors(rescaled)).toEqual([]);
    // but not when `??` already replaces it
    expect(errors(rescaled.replace("10 × 回访率", "10 × (回访率 ?? 1)")).map((x) => x.code)).toEqual([Codes.NothingToRescale]);
  });

  test("nothing above is ever an internal error", () => {
    for (const text of [
      withField(`${"(".repeat(200)}已回访${")".repeat(200)}`),
      withField(Array(3000).fill("已回访").join(" and ")),
      mutate("monthly 月度 {", `value V0 = 工单数\n${Array.from({ length: 3000 }, (_, i) => `value V${i + 1} = V${i} + 1`).join("\n")}\nmonthly 月度 {`),
    ]) {
      expect(internal(text)).toEqual([]);
    }
  }, 60_000);
});

test("every code the language defines is exercised above", async () => {
  const source = await import("node:fs").then((fs) => fs.readFileSync(new URL(import.meta.url), "utf8"));
  for (const code of Object.values(Codes)) expect(source).toContain(code);
});

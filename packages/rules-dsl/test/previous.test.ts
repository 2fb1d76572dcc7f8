/**
 * The period before: `previous(名称)` (上期(名称)), a unit's value of the period before, and
 * `时间 in previous period` (在上期内), last period's records. Parsed, checked (KH216, KH217, KH237,
 * KH110 with the forms allowed) and formatted in English and Chinese.
 */
import { describe, expect, test } from "vitest";
import { format, parse } from "../src/index.ts";

const rubric = (top: string, items: string, window = "") => `rubric "测试" version "1"
  in force from 2017-09

category 镇

population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单
measure 超期件数 = count 工单 where 办结时间 > 办理时限
${top}
monthly 月度 {
${window}  item 量 10 points = min(10, 工单数)
${items}
}

ranking {
  monthly 月度
  volume 工单数
}
`;
// (what a fragment leaves unused, KH241, is not what these tests are about)
const diagnostics = (text: string) =>
  parse(text)
    .diagnostics.filter((d) => d.code !== "KH241")
    .map((d) => `${d.code} ${d.message}`);
const codes = (text: string) => diagnostics(text).map((d) => d.slice(0, 5));

describe("previous: parse and check", () => {
  test("clean: a measure, a rate, a value, an item, 名次 in an item and a sanction, and last period's records", () => {
    const text = rubric(
      `population 上期工单 = orders where 受理时间 in previous period and 结果满意度 = "不满意"
measure 上期件数 = count 上期工单 where 受理时间 not in previous period or 已回访
rate 超期率 = 超期件数 / 工单数, when zero: 0
value 累计 = (previous(累计) ?? 0) + 工单数
value 上月名次 = previous(名次)
`,
      `  item 进步 5 points = if 超期件数 < previous(超期件数) then 5 else 0
  item 名次分 5 points = if previous(名次) <= 3 then 5 else 0
  item 自身 5 points = previous(自身) ?? 5
  item 比率 5 points = 5 × (previous(超期率) ?? 0) + 0 × 上期件数 + 0 × 累计 + 0 × (上月名次 ?? 0)
  sanction 连续末位 if 倒数名次 = 1 and previous(倒数名次) = 1 and previous(等次) is missing`,
    );
    expect(diagnostics(text)).toEqual([]);
    const { ast } = parse(text);
    const population = ast.declarations.find((d) => d.kind === "population" && d.name === "上期工单");
    expect(population?.kind === "population" && population.where?.kind === "binary" && population.where.left.kind).toBe("inPreviousPeriod");
  });

  test("KH217: previous() at record level, in previous period at unit level", () => {
    expect(codes(rubric("measure 甲 = count 工单 where previous(工单数) > 1\n", ""))).toEqual(["KH217"]);
    expect(codes(rubric("", "  item 乙 5 points = if 工单数 in previous period then 5 else 0"))).toContain("KH217");
  });

  test("KH216: previous() of a population, a category's built-in or a text-only name; KH211 for an unknown one", () => {
    expect(codes(rubric("", "  item 乙 5 points = previous(工单) ?? 0"))).toEqual(["KH216"]);
    expect(diagnostics(rubric("", "  item 乙 5 points = if previous(类别) = 镇 then 5 else 0"))).toEqual(["KH216 类别 每期都一样，不需要 previous()"]);
    expect(codes(rubric("", "  item 乙 5 points = previous(工单术) ?? 0"))).toEqual(["KH211"]);
  });

  test("KH237: previous() in a yearly assessment, or where the window is one span of fixed dates", () => {
    const fixed = rubric("", "  item 乙 5 points = previous(工单数) ?? 0", "  window from 2018-11-15 to 2019-03-15\n");
    expect(diagnostics(fixed)).toEqual(["KH237 考核周期是写了年份的固定一段时间，没有上期，不能用 previous()"]);
    // every year's heating season has one before it
    expect(codes(rubric("", "  item 乙 5 points = previous(工单数) ?? 0", "  window from 11-15 to 03-15\n"))).toEqual([]);
    const yearly = rubric("yearly 年度 {\n  item 丙 5 points = previous(工单数) ?? 0\n}\n", "").replace("  volume", "  yearly 年度\n  volume");
    expect(codes(yearly)).toEqual(["KH237"]);
  });

  test("KH110: previous takes a name in parentheses; a misspelt period lists the forms", () => {
    expect(diagnostics(rubric("", "  item 乙 5 points = 上期(工单数 + 1) ?? 0"))).toEqual([
      "KH110 在考核项（item / bonus）中，上期(…) 的括号中只能写一个名称（计数、比率、数值、事实、考核项、考核或排名后的值），却遇到“+”；上期的算式请先用 value 起名",
    ]);
    const misspelt = parse(rubric("population 丁 = orders where 受理时间 in previous perod\n", "")).diagnostics[0];
    expect(misspelt?.code).toBe("KH110");
  });
});

describe("previous: format in both keyword languages", () => {
  const text = rubric(
    `population 上期工单 = orders where 受理时间 in previous period and 受理时间 not in previous period
measure 上期件数 = count 上期工单
`,
    `  item 进步 5 points = if 超期件数 < previous(超期件数) ?? 0 + 0 × 上期件数 then 5 else 0
  sanction 连续末位 if previous(倒数名次) = 1`,
  );

  test("Chinese: 上期(…), 在上期内, 不在上期内; back to English unchanged", () => {
    const zh = format(text, { keywords: "zh" });
    expect(zh.ok).toBe(true);
    if (!zh.ok) return;
    expect(zh.text).toContain("考核范围 上期工单 = 全部工单 其中 受理时间 在上期内 且 受理时间 不在上期内");
    expect(zh.text).toContain("考核项 进步 5 分 = 若 超期件数 < 上期(超期件数) ?? 0 + 0 × 上期件数 则 5 否则 0");
    expect(zh.text).toContain("处理措施 连续末位 若 上期(倒数名次) = 1");
    expect(parse(zh.text).diagnostics).toEqual([]);
    const en = format(zh.text, { keywords: "en" });
    const plain = format(text);
    expect(en.ok && plain.ok && en.text === plain.text).toBe(true);
  });

  test("a mixed file: previous and 上期 are one keyword", () => {
    const mixed = text.replace("previous(倒数名次)", "上期(倒数名次)").replace("in previous period and", "在上期内 and");
    const en = format(mixed, { keywords: "en" });
    const plain = format(text, { keywords: "en" });
    expect(en.ok && plain.ok && en.text === plain.text).toBe(true);
  });
});

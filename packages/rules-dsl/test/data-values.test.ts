/**
 * KH267: texts compared with a column of open values (诉求类型, 来源, an attribute declared as text) are collected as the
 * checks run (ParseResult.recordTexts) and told of against the values the data holds (`checkRecordTexts`). Another
 * county's rubric wrote `诉求类型 = "咨询类"` (the data says 咨询) and `levels(回访评价, 基本满义: 0.6)`: both passed
 * `kaohe check` and scored 北关街道 59.20 for 75.20.
 */
import { describe, expect, test } from "vitest";
import { Codes, type ColumnValues, checkRecordTexts, columnKey, parse, recordColumns } from "../src/index.ts";

const rubric = (orders: string, measures: string) => `考核办法 "测试" 版本 "1"
  施行自 2024-01

考核类别 镇
考核事件 虚假办结 "虚假办结" 分 5

全部工单 {
  扩展属性 回访评价 "回访评价" 文本
  扩展属性 回访时长 "回访时长" 数字
  字段 评价 = 回访评价
${orders}
}

考核范围 本期工单 = 全部工单 其中 受理时间 在本期内
考核范围 本期事件 = 全部事件 其中 日期 在本期内
指标 工单数 = 计数 本期工单
${measures}

按月考核 月度 {
  考核项 量 10 分 = min(10, 工单数)
}

排名 {
  按月考核 月度
  承办总量 工单数
}
`;

const texts = (text: string) => {
  const r = parse(text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return (r.recordTexts ?? []).map((t) => [t.name, t.text, t.negated, t.level]);
};

describe("the texts compared with a column of open values", () => {
  test("=, !=, in, not in and levels(…) with 诉求类型, 来源, 承办单位 and a text attribute, each once", () => {
    const text = rubric(
      '  字段 咨询类 = 诉求类型 = "咨询类"\n  字段 非热线 = "12345" != 来源',
      [
        "指标 甲 = 计数 本期工单 其中 咨询类 且 非 非热线",
        '指标 乙 = 计数 本期工单 其中 诉求类型 属于 ["投诉", "求助"] 且 承办单位 不属于 ["U9"]',
        "指标 丙 = 求和 本期工单 的 levels(回访评价, 满意: 1, 基本满义: 0.6)",
        '指标 丁 = 计数 本期工单 其中 回访评价 = "满意"',
      ].join("\n"),
    );
    expect(texts(text)).toEqual([
      ["诉求类型", "咨询类", false, false],
      ["来源", "12345", true, false],
      ["诉求类型", "投诉", false, false],
      ["诉求类型", "求助", false, false],
      ["承办单位", "U9", true, false],
      ["回访评价", "满意", false, true],
      ["回访评价", "基本满义", false, true],
      ["回访评价", "满意", false, false],
    ]);
    expect(recordColumns(parse(text).recordTexts ?? [])).toEqual([
      { record: "orders", field: "kind" },
      { record: "orders", field: "source" },
      { record: "orders", field: "unit" },
      { record: "orders", attribute: "回访评价", label: "回访评价" },
    ]);
  });

  test("not a column of fixed values (KH252), 事件类型 (KH258), a derived field, an id, or a unit-level text", () => {
    const text = rubric(
      '  字段 投诉类 = 工单编号 = "A1"',
      [
        '指标 甲 = 计数 本期工单 其中 结果满意度 = "满意" 且 评价 = "满意" 且 投诉类',
        '指标 乙 = 计数 本期事件 其中 事件类型 = "虚假办结"',
        "指标 丙 = 求和 本期工单 的 levels(结果满意度, 满意: 1)",
      ].join("\n"),
    );
    expect(texts(text)).toEqual([]);
  });

  test("an event's 单位 is one", () => {
    expect(texts(rubric("", '指标 甲 = 计数 本期事件 其中 单位 = "U1"'))).toEqual([["单位", "U1", false, false]]);
  });

  test("none with a syntax error: the checks did not run over the file", () => {
    expect(parse(rubric('  字段 咨询类 = 诉求类型 = "咨询类"', "指标 甲 = 计数 本期工单 其中 其中")).recordTexts).toBeUndefined();
  });
});

describe("KH267 against the data", () => {
  const text = rubric(
    '  字段 咨询类 = 诉求类型 = "咨询类"\n  字段 非投诉 = 诉求类型 != "投述"',
    [
      "指标 甲 = 计数 本期工单 其中 咨询类 且 非投诉",
      "指标 丙 = 求和 本期工单 的 levels(回访评价, 满意: 1, 基本满义: 0.6, 不满意: 0)",
      '指标 丁 = 计数 本期工单 其中 来源 = "市长信箱"',
    ].join("\n"),
  );
  const parsed = parse(text);
  const recordTexts = parsed.recordTexts ?? [];
  const [kind, attribute, source] = recordColumns(recordTexts).map(columnKey) as [string, string, string];
  const data: ColumnValues = {
    [kind]: {
      complete: true,
      values: [
        { value: "投诉", count: 160 },
        { value: "咨询", count: 94 },
        { value: "求助", count: 56 },
        { value: "建议", count: 35 },
      ],
    },
    [attribute]: {
      complete: true,
      values: [
        { value: "满意", count: 182 },
        { value: "基本满意", count: 40 },
        { value: "不满意", count: 28 },
      ],
    },
    [source]: { complete: true, values: [{ value: "12345", count: 300 }] },
  };

  test("each text no record holds is a warning at the text, with the values the data holds and the one probably meant", () => {
    const ds = checkRecordTexts(recordTexts, data);
    expect(ds.map((d) => [d.code, d.severity, text.slice(d.range.start.offset, d.range.end.offset)])).toEqual([
      [Codes.TextNotInData, "warning", '"咨询类"'],
      [Codes.TextNotInData, "warning", '"投述"'],
      [Codes.TextNotInData, "warning", "基本满义: 0.6"],
      [Codes.TextNotInData, "warning", '"市长信箱"'],
    ]);
    expect(ds[0]?.message).toBe(
      "数据中没有诉求类型为“咨询类”的工单（数据中的诉求类型有：投诉、咨询、求助、建议）：这个比较永远不成立，是否想写 咨询？（若是数据中尚未出现、今后会有的值，可以不改）",
    );
    expect(ds[1]?.message).toContain("这个比较总是成立，是否想写 投诉？");
    expect(ds[2]?.message).toBe(
      "数据中没有回访评价为“基本满义”的工单（数据中的回访评价有：满意、基本满意、不满意）：levels 中这一档用不上（levels 中没有写的值按 0 计），是否想写 基本满意？（若是数据中尚未出现、今后会有的值，可以不改）",
    );
    // nothing close: no guess, the note stays
    expect(ds[3]?.message).toBe("数据中没有来源为“市长信箱”的工单（数据中的来源有：12345）：这个比较永远不成立（若是数据中尚未出现、今后会有的值，可以不改）");
    expect(ds[0]?.messageEn).toContain("did you mean '咨询'?");
  });

  test("one text of a list no record holds is said of that item: the list still holds for the others", () => {
    const listed = parse(rubric("", '指标 甲 = 计数 本期工单 其中 诉求类型 属于 ["投诉", "求助类"]\n指标 乙 = 计数 本期工单 其中 诉求类型 不属于 ["咨询类"]'));
    const ds = checkRecordTexts(listed.recordTexts ?? [], { [kind]: data[kind] as ColumnValues[string] });
    expect(ds.map((d) => d.message)).toEqual([
      "数据中没有诉求类型为“求助类”的工单（数据中的诉求类型有：投诉、咨询、求助、建议）：列表中的这一项用不上，是否想写 求助？（若是数据中尚未出现、今后会有的值，可以不改）",
      // a list of one is the comparison itself
      "数据中没有诉求类型为“咨询类”的工单（数据中的诉求类型有：投诉、咨询、求助、建议）：这个比较总是成立，是否想写 咨询？（若是数据中尚未出现、今后会有的值，可以不改）",
    ]);
  });

  test("a column the data has no value in, or more values than were counted, is not told of", () => {
    const some: ColumnValues = { [kind]: { complete: false, values: data[kind]?.values ?? [] }, [attribute]: { complete: true, values: [] } };
    expect(checkRecordTexts(recordTexts, some)).toEqual([]);
  });

  test("many values are named a few, most frequent first", () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ value: `类型${i}`, count: 100 - i }));
    const [d] = checkRecordTexts(recordTexts, { [kind]: { complete: true, values: many } });
    expect(d?.message).toContain("（数据中的诉求类型有：类型0、类型1、类型2、类型3、类型4、类型5 等 9 种）");
  });
});

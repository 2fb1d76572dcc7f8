/**
 * The editor's live diagnostics with those of the data (KH267): the columns a text compares texts with, asked in one
 * order whatever the text's, and the warnings of the texts no record holds added among the parse's once the values
 * have arrived, in the text's order.
 */
import { Codes, type ColumnValues, columnKey, parse } from "@kaohe/rules-dsl";
import { describe, expect, test } from "vitest";
import { columnsToAsk, lintDiagnostics, sameColumns } from "./rules-lint.ts";

const rubric = (measures: string) => `考核办法 "测试" 版本 "1"
施行自 2024-01

考核类别 镇

全部工单 {
  扩展属性 回访评价 "回访评价" 文本
}

考核范围 本期工单 = 全部工单 其中 受理时间 在本期内
${measures}
`;

const kind = { record: "orders", field: "kind" } as const;
const rating = { record: "orders", attribute: "回访评价", label: "回访评价" } as const;
const data: ColumnValues = {
  [columnKey(kind)]: {
    complete: true,
    values: [
      { value: "投诉", count: 160 },
      { value: "咨询", count: 94 },
    ],
  },
  [columnKey(rating)]: { complete: true, values: [{ value: "满意", count: 10 }] },
};

const at = (text: string, ds: { code: string; range: { start: { offset: number }; end: { offset: number } } }[]) =>
  ds.map((d) => [d.code, text.slice(d.range.start.offset, d.range.end.offset)]);

describe("the editor's diagnostics with the data's", () => {
  const text = rubric(
    ['指标 咨询数 = 计数 本期工单 其中 诉求类型 = "咨询类"', "指标 未用 = 计数 本期工单", '指标 满意数 = 计数 本期工单 其中 回访评价 = "满意"'].join("\n"),
  );
  const parsed = parse(text);

  test("the parse's alone until the values arrive, or when they could not be had", () => {
    expect(parsed.diagnostics.some((d) => d.code === Codes.TextNotInData)).toBe(false);
    expect(lintDiagnostics(parsed, null)).toBe(parsed.diagnostics);
  });

  test("then the text no record holds is a warning among them, in the text's order, the data's values named", () => {
    const ds = lintDiagnostics(parsed, data);
    const added = ds.filter((d) => d.code === Codes.TextNotInData);
    expect(at(text, added)).toEqual([[Codes.TextNotInData, '"咨询类"']]);
    expect(added[0]?.severity).toBe("warning");
    expect(added[0]?.message).toContain("数据中的诉求类型有：投诉、咨询");
    expect(added[0]?.message).toContain("是否想写 咨询？");
    expect(ds).toHaveLength(parsed.diagnostics.length + 1);
    expect(ds.map((d) => d.range.start.offset)).toEqual([...ds.map((d) => d.range.start.offset)].sort((a, b) => a - b));
    // the parse's own list is not changed (it is shared: parseOnce)
    expect(parsed.diagnostics).not.toContain(added[0]);
  });

  test("the columns asked: each once, in one order whatever the text's; none known with a syntax error", () => {
    const asked = columnsToAsk(parsed);
    expect(asked).toHaveLength(2);
    expect(asked?.map(columnKey).sort()).toEqual([columnKey(kind), columnKey(rating)].sort());
    const reordered = parse(rubric(['指标 满意数 = 计数 本期工单 其中 回访评价 = "满意"', '指标 咨询数 = 计数 本期工单 其中 诉求类型 = "咨询"'].join("\n")));
    expect(sameColumns(columnsToAsk(reordered) ?? [], asked ?? [])).toBe(true);
    expect(sameColumns(columnsToAsk(parse(rubric('指标 咨询数 = 计数 本期工单 其中 诉求类型 = "咨询"'))) ?? [], asked ?? [])).toBe(false);
    const broken = parse(rubric('指标 咨询数 = 计数 本期工单 其中 诉求类型 = "咨询类" 其中'));
    expect(columnsToAsk(broken)).toBeNull();
    expect(lintDiagnostics(broken, data).some((d) => d.code === Codes.TextNotInData)).toBe(false);
  });
});

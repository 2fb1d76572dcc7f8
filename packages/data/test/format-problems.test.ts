import { describe, expect, it } from "vitest";
import { displayWidth, formatProblems } from "../src/format-problems.ts";
import { problemListNotes } from "../src/import-report.ts";
import { ProblemCollector } from "../src/problem-groups.ts";
import type { ImportProblem } from "../src/types.ts";

const problems: ImportProblem[] = [
  { file: "orders.csv", row: 0, column: "", value: "", reason: "缺少工单文件", reasonEn: "missing orders file" },
  { file: "orders.csv", row: 5, column: "受理时间", value: "2017-13-01", reason: "日期不存在", reasonEn: "no such date or time" },
  { file: "units.csv", row: 12, column: "类别", value: "很长的值".repeat(20), reason: "必填项为空", reasonEn: "required value is empty" },
];

describe("formatProblems", () => {
  it("lays problems out as aligned columns: file, row, column, value, reason in both languages", () => {
    const lines = formatProblems(problems).split("\n");
    expect(lines[0]).toBe("导入发现 3 个问题 / 3 problems found");
    expect(lines[1]).toMatch(/^文件\s+行\s+列\s+值\s+原因 \/ reason$/);
    expect(lines[2]).toMatch(/^orders\.csv\s+整个文件\s+缺少工单文件 \/ missing orders file$/);
    expect(lines[3]).toMatch(/^orders\.csv\s+第 5 行\s+受理时间\s+2017-13-01\s+日期不存在 \/ no such date or time$/);
    expect(lines[4]).toContain("第 12 行");
    expect(lines[4]).toContain("…");
    // the reason column starts at the same display position on every line
    const reasonAt = (line: string, reason: string) => displayWidth(line.slice(0, line.indexOf(reason)));
    expect(reasonAt(lines[3] ?? "", "日期不存在")).toBe(reasonAt(lines[4] ?? "", "必填项为空"));
  });

  it("lists at most `limit` problems and counts the rest", () => {
    const text = formatProblems(problems, { limit: 1 });
    expect(text.split("\n")).toHaveLength(4);
    expect(text).toContain("另有 2 个问题未列出 / 2 more not listed");
  });

  it("of problems kept from more found, counts all found; lists them by file, then row", () => {
    const found = [problems[2], problems[1], problems[0]] as ImportProblem[];
    const text = formatProblems(found, { limit: 2, total: 90_000 });
    expect(text.split("\n")[0]).toBe("导入发现 90000 个问题 / 90000 problems found");
    expect(text).toContain("另有 89998 个问题未列出 / 89998 more not listed");
    // units.csv was met first; orders.csv's rows in order
    expect(text.split("\n").slice(2)[0]).toMatch(/^units\.csv\s+第 12 行/);
    expect(
      formatProblems(found)
        .split("\n")
        .slice(2, 5)
        .map((l) =>
          l
            .match(/^(\S+)\s+(第 \d+ 行|整个文件)/)
            ?.slice(1)
            .join(" "),
        ),
    ).toEqual(["units.csv 第 12 行", "orders.csv 整个文件", "orders.csv 第 5 行"]);
  });

  it("keeps a problem on one line when its column was headed with a line break (受理⏎时间)", () => {
    const text = formatProblems([{ file: "orders.csv", row: 3, column: "受理\r\n时间", value: "昨天", reason: "无法识别的日期", reasonEn: "bad date" }]);
    expect(text.split("\n")).toHaveLength(3);
    expect(text.split("\n")[2]).toMatch(/^orders\.csv\s+第 3 行\s+受理⏎时间\s+昨天\s+无法识别的日期/);
  });

  it("tells the same problem (column, value, reason) on many rows once, naming how many rows and the first five", () => {
    // 7 rows of 索镇街道办事处 (rows 4, 6, 13, 15, 22, 26, 34), one 县环保局 (row 47), one problem with the whole file
    const unknown = (row: number, value: string) => ({ file: "v6.csv", row, column: "承办单位", value, reason: `找不到该单位“${value}”`, reasonEn: "no unit" });
    const collected = new ProblemCollector(10);
    collected.add({ file: "v6.csv", row: 0, column: "", value: "", reason: "整个文件的问题", reasonEn: "whole file" });
    for (const row of [4, 6, 13, 15, 22, 26, 34]) collected.add(unknown(row, "索镇街道办事处"));
    collected.add(unknown(47, "县环保局"));
    const lines = formatProblems(collected.problems, { total: 9 }).split("\n");
    // 9 problems, 3 lines: the grouped one names 7 rows, the first five of them and … for the rest
    expect(lines[0]).toBe(
      "导入发现 9 个问题（同一列、同一值、同一原因的合为一条，共 3 条） / 9 problems found (3 distinct: the same column, value and reason told once, with its rows)",
    );
    expect(lines.slice(2).map((l) => l.split(/ {2,}/))).toEqual([
      ["v6.csv", "整个文件", "整个文件的问题 / whole file"],
      ["v6.csv", "7 行：第 4、6、13、15、22… 行", "承办单位", "索镇街道办事处", "找不到该单位“索镇街道办事处” / no unit"],
      ["v6.csv", "第 47 行", "承办单位", "县环保局", "找不到该单位“县环保局” / no unit"],
    ]);
    // the console's note above its table: 9 found, 3 listed; of 20 found, 11 were not kept
    expect(problemListNotes(collected.problems, 9)).toEqual(["同一列、同一值、同一原因的合为一条，共 3 条"]);
    expect(problemListNotes(collected.problems, 20)).toEqual(["同一列、同一值、同一原因的合为一条，共 3 条", "列出其中 9 处"]);
    // a limit of two lines lists the whole file's problem and the grouped one's 7 rows: 1 (县环保局) left
    expect(formatProblems(collected.problems, { total: 9, limit: 2 })).toContain("另有 1 个问题未列出 / 1 more not listed");
  });

  it("the collector keeps at most `max` problems and `max` rows besides their first: a value on many rows leaves room for the others", () => {
    const collected = new ProblemCollector(2);
    const p = (row: number, value: string) => ({ file: "a.csv", row, column: "受理时间", value, reason: "无法识别的日期", reasonEn: "bad date" });
    for (const row of [2, 3, 4, 5, 6]) collected.add(p(row, "—"));
    collected.add(p(7, "昨天"));
    collected.add(p(8, "前天"));
    // 2, 3 and 4 kept of the five rows of —, all five counted; 昨天 kept; 前天 (a third problem) not kept
    expect(collected.problems.map(({ row, value, rows }) => ({ row, value, rows }))).toEqual([
      { row: 2, value: "—", rows: { count: 5, listed: [2, 3, 4] } },
      { row: 7, value: "昨天", rows: undefined },
    ]);
  });

  it("says when there is nothing wrong", () => {
    expect(formatProblems([])).toBe("没有问题 / no problems");
  });
});

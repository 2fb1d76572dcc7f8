import { describe, expect, it } from "vitest";
import { displayWidth, formatProblems } from "../src/format-problems.ts";
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
    expect(lines[3]).toMatch(/^orders\.csv\s+第5行\s+受理时间\s+2017-13-01\s+日期不存在 \/ no such date or time$/);
    expect(lines[4]).toContain("第12行");
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
    expect(text.split("\n").slice(2)[0]).toMatch(/^units\.csv\s+第12行/);
    expect(
      formatProblems(found)
        .split("\n")
        .slice(2, 5)
        .map((l) => l.split(/\s+/).slice(0, 2).join(" ")),
    ).toEqual(["units.csv 第12行", "orders.csv 整个文件", "orders.csv 第5行"]);
  });

  it("keeps a problem on one line when its column was headed with a line break (受理⏎时间)", () => {
    const text = formatProblems([{ file: "orders.csv", row: 3, column: "受理\r\n时间", value: "昨天", reason: "无法识别的日期", reasonEn: "bad date" }]);
    expect(text.split("\n")).toHaveLength(3);
    expect(text.split("\n")[2]).toMatch(/^orders\.csv\s+第3行\s+受理⏎时间\s+昨天\s+无法识别的日期/);
  });

  it("says when there is nothing wrong", () => {
    expect(formatProblems([])).toBe("没有问题 / no problems");
  });
});

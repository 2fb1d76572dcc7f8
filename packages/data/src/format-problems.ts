/**
 * Import problems as a plain-text table a center admin can read in a
 * terminal or paste into a message: 文件 / 行 / 列 / 值 / 原因 (reason).
 */

import { oneLine, problemRowCount, problemRowsText } from "./import-report.ts";
import type { ImportProblem } from "./types.ts";

export interface FormatProblemsOptions {
  /** list at most this many problems (default 500; a problem told once for many rows is one); the rest are counted */
  limit?: number;
  /** cut longer values to this many display columns (default 30) */
  maxValueWidth?: number;
  /** how many problems were found, when `problems` is only the first of them (an import keeps 10,000) */
  total?: number;
  /**
   * what found them: an import (导入发现 N 个问题, the default), or the data files read to be scored (`score --data`,
   * which imports nothing: it said 导入发现 all the same)
   */
  foundBy?: "import" | "reading";
}

/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

function truncate(text: string, width: number): string {
  const line = oneLine(text);
  if (displayWidth(line) <= width) return line;
  let out = "";
  let used = 0;
  for (const ch of line) {
    const w = isWide(ch.codePointAt(0) as number) ? 2 : 1;
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** `第 5 行`, or `整个文件` for a problem with the whole file (row 0). */
export function rowLabel(row: number): string {
  return row > 0 ? `第 ${row} 行` : "整个文件";
}

/**
 * A readable table of problems, one line each, in the order given, e.g.
 *
 *     文件        行     列        值          原因 / reason
 *     orders.csv  第 5 行  受理时间  2017-13-01  日期不存在 / no such date or time
 *
 * A problem the import told once for many rows names them: 99 行：第 4、6、13、15、22… 行.
 */
export function formatProblems(problems: readonly ImportProblem[], options: FormatProblemsOptions = {}): string {
  if (problems.length === 0) return "没有问题 / no problems";
  const limit = options.limit ?? 500;
  const maxValueWidth = options.maxValueWidth ?? 30;
  const total = Math.max(options.total ?? 0, problemRowCount(problems));
  // by file, then row, as a person goes through them (the files in the order given)
  const files = new Map<string, number>();
  for (const p of problems) if (!files.has(p.file)) files.set(p.file, files.size);
  const shown = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (files.get(a.p.file) as number) - (files.get(b.p.file) as number) || a.p.row - b.p.row || a.i - b.i)
    .slice(0, limit)
    .map(({ p }) => p);
  // a column headed with a line break (受理⏎时间) stays on its line, as a value does
  const rows = shown.map((p) => [
    oneLine(p.file),
    problemRowsText(p) ?? rowLabel(p.row),
    oneLine(p.column),
    truncate(p.value, maxValueWidth),
    `${p.reason} / ${p.reasonEn}`,
  ]);
  const header = ["文件", "行", "列", "值", "原因 / reason"];
  const widths = header.map((h, i) => rows.reduce((max, r) => Math.max(max, displayWidth(r[i] ?? "")), displayWidth(h)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : padEnd(cell, widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const grouped =
    problemRowCount(problems) > problems.length
      ? [
          `（同一列、同一值、同一原因的合为一条，共 ${problems.length} 条）`,
          ` (${problems.length} distinct: the same column, value and reason told once, with its rows)`,
        ]
      : ["", ""];
  const [by, byEn] = options.foundBy === "reading" ? ["读取数据文件", " reading the data files"] : ["导入", ""];
  const lines = [`${by}发现 ${total} 个问题${grouped[0]} / ${total} problem${total === 1 ? "" : "s"} found${byEn}${grouped[1]}`, line(header)];
  for (const r of rows) lines.push(line(r));
  const listed = problemRowCount(shown);
  if (total > listed) {
    const rest = total - listed;
    lines.push(`…… 另有 ${rest} 个问题未列出 / ${rest} more not listed`);
  }
  return lines.join("\n");
}

/**
 * An import's problems as a file to keep, pass on or work through in Excel:
 * one row per problem (file, row, column, value, problem in Chinese), as CSV
 * (UTF-8 with a BOM, for Excel and WPS) or XLSX.
 *
 * A problem the import told once for many rows (the same column, value and reason) is one line per row here again:
 * the list is worked through in a spreadsheet, where a line is the cell to mend, the rows stay numbers that sort, and
 * a filter on 值 or 问题 brings the same ones together; a cell of 120 row numbers could only be read, not worked from.
 */

import type ExcelJS from "exceljs";
import { problemRowCount } from "../import-report.ts";
import { csvLine, csvSafe } from "../read/csv-parser.ts";
import type { ImportProblem } from "../types.ts";
import type { TemplateFormat } from "./templates.ts";
import { xlsxBuffer } from "./xlsx-buffer.ts";

export const PROBLEM_LIST_HEADER = ["文件", "行", "列", "值", "问题"] as const;

export interface ProblemListOptions {
  /** how many problems there were, when `problems` lists only the first of them */
  total?: number;
}

/** `第 5 行` as a number (a spreadsheet sorts it), the whole file as words. */
const rowCell = (row: number): string | number => (row > 0 ? row : "整个文件");

/** The line that says problems were left out, if any were. */
function omitted(problems: readonly ImportProblem[], listed: number, options: ProblemListOptions): string | null {
  const total = Math.max(options.total ?? 0, problemRowCount(problems));
  return total > listed ? `共 ${total} 处问题，此处列出其中 ${listed} 处；改正后重新导入可看到其余问题` : null;
}

/** One line per row: a problem told once for many rows on each of its rows kept, by file (as met), then row. */
function lines(problems: readonly ImportProblem[]): ImportProblem[] {
  const files = new Map<string, number>();
  for (const p of problems) if (!files.has(p.file)) files.set(p.file, files.size);
  return problems
    .flatMap((p) => (p.rows ? p.rows.listed.map((row) => ({ ...p, row, rows: undefined })) : [p]))
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (files.get(a.p.file) as number) - (files.get(b.p.file) as number) || a.p.row - b.p.row || a.i - b.i)
    .map(({ p }) => p);
}

export function problemListCsv(problems: readonly ImportProblem[], options: ProblemListOptions = {}): Buffer {
  let text = `\uFEFF${csvLine([...PROBLEM_LIST_HEADER])}`;
  const listed = lines(problems);
  for (const p of listed) text += csvLine([csvSafe(p.file), String(rowCell(p.row)), csvSafe(p.column), csvSafe(p.value), csvSafe(p.reason)]);
  const more = omitted(problems, listed.length, options);
  if (more) text += csvLine(["", "", "", "", more]);
  return Buffer.from(text, "utf8");
}

export async function problemListXlsx(problems: readonly ImportProblem[], options: ProblemListOptions = {}): Promise<Buffer> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.creator = "kaohe";
  const sheet: ExcelJS.Worksheet = workbook.addWorksheet("问题清单", { views: [{ state: "frozen", ySplit: 1 }] });
  const head = sheet.addRow([...PROBLEM_LIST_HEADER]);
  head.font = { bold: true };
  // every value is written as a string cell: nothing from the user's file becomes a formula
  const listed = lines(problems);
  for (const p of listed) sheet.addRow([p.file, rowCell(p.row), p.column, p.value, p.reason]);
  const more = omitted(problems, listed.length, options);
  if (more) sheet.addRow(["", "", "", "", more]).font = { italic: true };
  for (const [i, w] of [24, 10, 16, 30, 80].entries()) sheet.getColumn(i + 1).width = w;
  sheet.getColumn(4).numFmt = "@";
  sheet.getColumn(5).alignment = { wrapText: true, vertical: "top" };
  return xlsxBuffer(workbook);
}

/** The problem list in a format, with its file name and media type. */
export async function problemListFile(
  problems: readonly ImportProblem[],
  format: TemplateFormat,
  options: ProblemListOptions & { fileName?: string } = {},
): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  const base = options.fileName ?? "导入问题清单";
  return format === "csv"
    ? { fileName: `${base}.csv`, mediaType: "text/csv; charset=utf-8", content: problemListCsv(problems, options) }
    : {
        fileName: `${base}.xlsx`,
        mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        content: await problemListXlsx(problems, options),
      };
}

/**
 * An import's problems as a file to keep, pass on or work through in Excel:
 * one row per problem (file, row, column, value, problem in Chinese), as CSV
 * (UTF-8 with a BOM, for Excel and WPS) or XLSX.
 */

import type ExcelJS from "exceljs";
import { csvLine, csvSafe } from "../read/csv-parser.ts";
import type { ImportProblem } from "../types.ts";
import type { TemplateFormat } from "./templates.ts";
import { xlsxBuffer } from "./xlsx-buffer.ts";

export const PROBLEM_LIST_HEADER = ["文件", "行", "列", "值", "问题"] as const;

export interface ProblemListOptions {
  /** how many problems there were, when `problems` lists only the first of them */
  total?: number;
}

/** `第5行` as a number (a spreadsheet sorts it), the whole file as words. */
const rowCell = (row: number): string | number => (row > 0 ? row : "整个文件");

/** The line that says problems were left out, if any were. */
function omitted(listed: number, options: ProblemListOptions): string | null {
  const total = options.total ?? listed;
  return total > listed ? `共 ${total} 处问题，此处列出前 ${listed} 处；改正后重新导入可看到其余问题` : null;
}

export function problemListCsv(problems: readonly ImportProblem[], options: ProblemListOptions = {}): Buffer {
  let text = `\uFEFF${csvLine([...PROBLEM_LIST_HEADER])}`;
  for (const p of problems) text += csvLine([csvSafe(p.file), String(rowCell(p.row)), csvSafe(p.column), csvSafe(p.value), p.reason]);
  const more = omitted(problems.length, options);
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
  for (const p of problems) sheet.addRow([p.file, rowCell(p.row), p.column, p.value, p.reason]);
  const more = omitted(problems.length, options);
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

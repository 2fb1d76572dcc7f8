/**
 * A row an import left out as no record (a total, a footnote, the header repeated), as its report says it: one source
 * for the command line and the console (`@kaohe/data/skipped`, a module with nothing of Node in it).
 */

/** 第 6 行（合计行：“合计”）; 工作表“12月下旬”第 6 行（…） on a workbook of several sheets (a data review: by row alone). */
export function skippedRowText(r: { row: number; sheet?: string | undefined; what: string; value: string }): string {
  return `${r.sheet === undefined ? "" : `工作表“${r.sheet}”`}第 ${r.row} 行（${r.what}：“${r.value}”）`;
}

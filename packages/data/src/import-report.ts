/**
 * An import's report in words, one source for the command line and the console (`@kaohe/data/import-report`, a module
 * with nothing of Node in it): the rows it left out as no record, and what the records it updated changed.
 */

/**
 * A cell's text on one line, its line breaks as ⏎ (as the problems' table writes them): a 诉求内容 of several lines
 * printed as it is broke the command line's report across lines (a county-data walk).
 */
export const oneLine = (text: string) => text.replace(/\r\n|\r|\n/g, "⏎");

/** 第 6 行（合计行：“合计”）; 工作表“12月下旬”第 6 行（…） on a workbook of several sheets (a data review: by row alone). */
export function skippedRowText(r: { row: number; sheet?: string | undefined; what: string; value: string }): string {
  return `${r.sheet === undefined ? "" : `工作表“${r.sheet}”`}第 ${r.row} 行（${r.what}：“${oneLine(r.value)}”）`;
}

/**
 * Which sheets of a workbook were read, with their rows, and which not: 读取了工作表“上半月”（6 行）、“下半月”（6 行）；
 * 略过“汇总”、“说明”、“字典”（隐藏）. A workbook's report said only 12 行, and whether a sheet of its orders had been
 * passed over could not be told (a data clerk's test). Null for a file of one table (and a report of an earlier release).
 */
export function sheetsText(f: {
  sheets?: { read: readonly { name: string; rows: number }[]; skipped: readonly { name: string; hidden: boolean }[] } | null;
}): string | null {
  if (!f.sheets) return null;
  const read = f.sheets.read.map((s) => `“${s.name}”（${s.rows.toLocaleString("zh-CN")} 行）`).join("、");
  const skipped = f.sheets.skipped.map((s) => `“${s.name}”${s.hidden ? "（隐藏）" : ""}`).join("、");
  return `读取了工作表${read}${skipped === "" ? "" : `；略过${skipped}`}`;
}

/**
 * What a file's updates changed: 更新的 3 条记录中改变的列：承办单位 1（DIA0001：唐山镇 → 果里镇）、办结时间 2（DIA0002：空 →
 * 2018-12-05 10:00:00；DIA0003：…）, the first few records of each column with their values before and after, then 等 N 条.
 * A re-imported file said only 更新 3, and then only the count of each column but 承办单位's: which order's 超期说明已认可
 * changed was not told (a data review). Null when nothing was updated.
 */
export function changedText(f: {
  updated?: number;
  changed?: readonly { label: string; count: number; column: string; examples?: readonly { id: string; from: string; to: string }[] }[];
  reassigned?: readonly { id: string; from: string; to: string }[];
}): string | null {
  if (!f.changed || f.changed.length === 0) return null;
  return `更新的 ${(f.updated ?? 0).toLocaleString("zh-CN")} 条记录中改变的列：${f.changed
    .map((c) => {
      // a report of an earlier release names only the records moved to another unit
      const examples = c.examples ?? (c.column === "unit" ? (f.reassigned ?? []) : []);
      const listed =
        examples.length > 0
          ? `（${examples.map((e) => `${e.id}：${oneLine(e.from)} → ${oneLine(e.to)}`).join("；")}${c.count > examples.length ? ` 等 ${c.count.toLocaleString("zh-CN")} 条` : ""}）`
          : "";
      return `${c.label} ${c.count.toLocaleString("zh-CN")}${listed}`;
    })
    .join("、")}`;
}

/** A repeated row as the import's report lists it (@kaohe/db's RepeatedRow). */
interface RepeatedRowLike {
  row: number;
  id: string;
  kind: "identical" | "replaces";
  earlier: { file: string | null; row: number };
}

/**
 * Which rows repeated an earlier one, after how many: 第 12 行（DUP0004，同第 4 行）、… 等, or 取代 a.csv 第 4 行 for a row
 * that won with 以后出现的行为准. The notices gave counts alone, and the row to look at was not said (a data review).
 * Empty when none is listed (a report of an earlier release).
 */
export function repeatedRowsText(f: { repeats?: readonly RepeatedRowLike[] }, kind: "identical" | "replaces", count: number): string {
  const listed = (f.repeats ?? []).filter((r) => r.kind === kind);
  if (listed.length === 0) return "";
  const word = kind === "identical" ? "同" : "取代";
  const rows = listed.map((r) => `第 ${r.row} 行（${r.id}，${word}${r.earlier.file === null ? "" : `${r.earlier.file} `}第 ${r.earlier.row} 行）`);
  return `：${rows.join("、")}${count > listed.length ? ` 等 ${count.toLocaleString("zh-CN")} 行` : ""}`;
}

/** A problem as the import keeps it (@kaohe/data's ImportProblem): the same problem on more rows told once, with them. */
interface ProblemLike {
  row: number;
  rows?: { count: number; listed: readonly number[] } | undefined;
}

/** How many of the problems found the kept problems stand for: their rows (a problem told once for many, each of them). */
export function problemRowCount(problems: readonly ProblemLike[]): number {
  return problems.reduce((n, p) => n + (p.rows?.count ?? 1), 0);
}

/**
 * The rows of a problem told once for many: 99 行：第 4、6、13、15、22… 行 (the first `shown`). Null for a problem of
 * one row.
 */
export function problemRowsText(p: ProblemLike, shown = 5): string | null {
  if (!p.rows || p.rows.count < 2) return null;
  const rows = p.rows.listed.slice(0, shown);
  return `${p.rows.count.toLocaleString("zh-CN")} 行：第 ${rows.join("、")}${p.rows.count > rows.length ? "…" : ""} 行`;
}

/**
 * What the list of problems is, after how many were found: 同一列、同一值、同一原因的合为一条，共 3 条; 列出其中 N 处 when
 * the import kept only some. None for a list of every problem, one a row.
 */
export function problemListNotes(problems: readonly ProblemLike[], found: number): string[] {
  const listed = problemRowCount(problems);
  const notes: string[] = [];
  if (listed > problems.length) notes.push(`同一列、同一值、同一原因的合为一条，共 ${problems.length.toLocaleString("zh-CN")} 条`);
  if (found > listed) notes.push(`列出其中 ${listed.toLocaleString("zh-CN")} 处`);
  return notes;
}

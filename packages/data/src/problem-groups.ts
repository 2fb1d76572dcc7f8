/**
 * An import's problems as a person reads them: the same problem (same file, column, value and reason) on many rows is
 * one problem naming its rows. Three unit names written the platform's way (索镇街道办事处 for 索镇街道) made 146
 * problems, the same 80 characters on each, over 8 pages of the console and 146 lines of the command line (a
 * county-data walk).
 */

import type { ImportProblem } from "./types.ts";

/**
 * Problems collected as they are found, the same problem on another row added to the first one's rows. At most `max`
 * problems are kept, and at most `max` rows besides their first ones: a problem met on a million rows takes one place,
 * and the problems after it are kept (kept row by row, the first 1,000 rows of one value left no room for another).
 * Whoever collects counts what was found (the count is always exact).
 */
export class ProblemCollector {
  readonly problems: ImportProblem[] = [];
  private readonly byKey = new Map<string, ImportProblem>();
  private rowsKept = 0;

  constructor(private readonly max: number) {}

  add(p: ImportProblem): void {
    // a problem with the whole file (row 0) is its own
    const key = p.row > 0 ? [p.file, p.column, p.value, p.reason].join("\u0000") : null;
    const first = key === null ? undefined : this.byKey.get(key);
    if (first) {
      first.rows ??= { count: 1, listed: [first.row] };
      first.rows.count += p.rows?.count ?? 1;
      for (const row of p.rows?.listed ?? [p.row]) {
        if (this.rowsKept >= this.max) break;
        first.rows.listed.push(row);
        this.rowsKept++;
      }
      return;
    }
    if (this.problems.length >= this.max) return;
    // a copy: the rows are added to it, not to the reader's problem
    const kept = { ...p };
    this.problems.push(kept);
    if (key !== null) this.byKey.set(key, kept);
  }
}

/**
 * The records kaohe reads from the hotline center's files, after parsing.
 * Times are epoch milliseconds (Asia/Shanghai local time converted to UTC);
 * a missing value is `null`. See docs/data-format.md.
 */

export type Satisfaction = "满意" | "基本满意" | "一般" | "不满意";

export interface Unit {
  code: string;
  name: string;
  category: string;
  /**
   * The first month the unit is assessed in ("2019-03"; 起始月份): a unit set up later than the data begins. None
   * (absent or null): every month up to `untilMonth`.
   */
  fromMonth?: string | null;
  /** The last month the unit is assessed in (截止月份): a unit abolished or merged. None: every month from `fromMonth`. */
  untilMonth?: string | null;
  /** columns the importer did not know, kept as text */
  attributes: Record<string, string>;
}

export interface Order {
  id: string;
  /** unit code (names are resolved to codes when loading) */
  unit: string;
  source: string;
  kind: string | null;
  receivedAt: number;
  dueAt: number;
  extendedTo: number | null;
  closedAt: number | null;
  delayExcused: boolean;
  returned: boolean;
  returnAccepted: boolean;
  redoCount: number;
  anonymous: boolean;
  visited: boolean;
  processSatisfaction: Satisfaction | null;
  resultSatisfaction: Satisfaction | null;
  closureType: string | null;
  rebound: boolean;
  leaderInstructed: boolean;
  /** unknown columns, kept as text (numbers and dates are parsed when a rubric declares them) */
  attributes: Record<string, string>;
}

export interface HotlineEvent {
  id: string;
  unit: string;
  /** start of the day, epoch ms */
  date: number;
  type: string;
  count: number;
  points: number | null;
  orderId: string | null;
  note: string | null;
  attributes: Record<string, string>;
}

export interface Fact {
  unit: string;
  year: number;
  item: string;
  /** 月份 "YYYY-MM" (within `year`) for a monthly fact's row; absent or null for a yearly row */
  month?: string | null;
  /** 是 → true, 否 → false, a number → number */
  value: boolean | number;
}

/** One row of the holiday calendar (节假日安排): a date that is a day off (休) or a make-up working day (班). */
export interface CalendarDay {
  /** start of the day, epoch ms */
  date: number;
  type: "休" | "班";
  note: string | null;
}

export interface Dataset {
  units: Unit[];
  orders: Order[];
  events: HotlineEvent[];
  facts: Fact[];
  /** the holiday calendar; absent or empty when none was given */
  calendar?: CalendarDay[];
}

/** One problem in an import file: where and why, in Chinese and English. */
export interface ImportProblem {
  /** the file as problems name it: of a workbook of several sheets, with the sheet (`四月.xlsx 工作表“工单”`) */
  file: string;
  /**
   * Of a workbook of several sheets, the sheet the problem is on, and the workbook's own name: `file` names both in
   * one line, and a reader showing them apart (the console's problems table) takes them from here, not cut out of it
   * (a sheet may be named with ` 工作表“` in it).
   */
  sheet?: { workbook: string; name: string };
  /** 1-based row number as the user sees it in the spreadsheet (header is row 1); 0 for the whole file (missing, unreadable, empty) */
  row: number;
  column: string;
  value: string;
  reason: string;
  reasonEn: string;
  /**
   * The same problem (same file, column, value and reason) on more rows, told once: how many rows in all, and the
   * rows kept, `row` first (all of them unless the import's cap on what it keeps was reached). Three unit names written
   * the platform's way made 146 problems over 8 pages, the same words on each (a county-data walk).
   */
  rows?: { count: number; listed: number[] };
}

/**
 * Turning the rows of an import file into typed records, or into problems
 * that say where (row as the spreadsheet shows it, column as headed in the
 * file), what (the value) and why (Chinese and English). Every bad cell of
 * every row is reported, not just the first.
 */

import { basename } from "node:path";
import {
  cellText,
  type DateMode,
  Invalid,
  parseBoolean,
  parseClosureType,
  parseCount,
  parseDate,
  parseFactValue,
  parseNumber,
  parseSatisfaction,
  parseSource,
  parseText,
  parseYear,
  REASONS,
  type Reason,
} from "../read/cell-values.ts";
import { type Cell, type RawRow, type ReadTableOptions, readTableBatches, type TableFormat, TableReadError } from "../read/read-table.ts";
import type { RecordKind, RecordOf } from "../schema.ts";
import type { Fact, HotlineEvent, ImportProblem, Order, Satisfaction, Unit } from "../types.ts";
import { bindHeader, columnNumberLabel, type HeaderBinding } from "./bind-header.ts";

/** Resolves a unit reference (name or code) to the unit's code. */
export type UnitResolver = (reference: string) => string | undefined;

export interface ReadRecordsOptions extends ReadTableOptions {
  /** default: what the file name says */
  format?: TableFormat;
  /**
   * Resolves unit cells (name or code) to codes; a reference it does not know
   * is a problem on that cell. Without it, unit cells are kept as written.
   */
  resolveUnit?: UnitResolver;
  /** how problems name the file (default: its base name) */
  fileLabel?: string;
}

/**
 * One row's outcome: the record, or the problems that keep it out. The header
 * row's problems (a missing required column…) come as a row with no record;
 * when the header has problems no row yields a record, but every row is still
 * checked so all problems are reported at once.
 */
export interface RecordRow<T> {
  row: number;
  record: T | null;
  problems: readonly ImportProblem[];
}

const NO_PROBLEMS: readonly ImportProblem[] = Object.freeze([]);

const REASON_UNKNOWN_UNIT: Reason = {
  zh: "找不到该单位（按单位名称或单位编码）",
  en: "no unit with this name or code",
};
const REASON_RETURN_NOT_RETURNED: Reason = {
  zh: "回退认可为“是”，但该工单未回退",
  en: "return accepted, but the order was not returned",
};
const REASON_EXTRA_CELLS: Reason = {
  zh: "此行的单元格多于表头的列（可能有未加引号的逗号）",
  en: "more cells than the header has columns (an unquoted comma?)",
};
const REASON_UNTERMINATED_QUOTE: Reason = {
  zh: "引号未闭合：从此行起到文件末尾都被读成了一个单元格",
  en: "unterminated quote: the rest of the file was read as one cell",
};

/**
 * A copy of `text` that does not keep the chunk it was cut from alive. V8
 * makes a slice of 13 characters or more a view into its parent string, so
 * an id kept in a record would otherwise pin the whole 64 KiB chunk it was
 * read from, and a loaded file would cost its full size again in memory.
 */
function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** Reads the cells of one row at a time; one instance serves a whole file. */
class RowCursor {
  cells: Cell[] = [];
  row = 0;
  problems: ImportProblem[] = [];

  constructor(
    readonly file: string,
    readonly binding: HeaderBinding,
    private readonly resolveUnit: UnitResolver | undefined,
  ) {}

  start(raw: RawRow): void {
    this.cells = raw.cells;
    this.row = raw.row;
    this.problems = [];
    if (raw.defect === "unterminated-quote") this.problemAt("", "", REASON_UNTERMINATED_QUOTE);
    const { width } = this.binding;
    for (let i = width; i < raw.cells.length; i++) {
      const extra = raw.cells[i] ?? null;
      if (parseText(extra) !== null) {
        this.problemAt(columnNumberLabel(i), cellText(extra), REASON_EXTRA_CELLS);
        break;
      }
    }
  }

  problemAt(column: string, value: string, reason: Reason): void {
    this.problems.push({ file: this.file, row: this.row, column, value, reason: reason.zh, reasonEn: reason.en });
  }

  problem(key: string, reason: Reason): void {
    const index = this.binding.indexOf[key];
    const label = index === undefined ? key : (this.binding.labels[index] ?? key);
    this.problemAt(label, cellText(this.cell(key)), reason);
  }

  cell(key: string): Cell {
    const index = this.binding.indexOf[key];
    return index === undefined ? null : (this.cells[index] ?? null);
  }

  private checked<T>(key: string, value: T | Invalid | null, required: boolean): T | null {
    if (value instanceof Invalid) {
      this.problem(key, value.reason);
      return null;
    }
    // a missing column was reported once for the file, not on every row
    if (value === null && required && this.binding.indexOf[key] !== undefined) this.problem(key, REASONS.required);
    return value;
  }

  text(key: string, required = false): string | null {
    const text = this.checked(key, parseText(this.cell(key)), required);
    return text === null ? null : detach(text);
  }

  unit(key: string): string | null {
    const reference = this.text(key, true);
    if (reference === null || !this.resolveUnit) return reference;
    const code = this.resolveUnit(reference);
    if (code === undefined) this.problem(key, REASON_UNKNOWN_UNIT);
    return code ?? reference;
  }

  date(key: string, mode: DateMode, required = false): number | null {
    return this.checked(key, parseDate(this.cell(key), mode), required);
  }

  boolean(key: string): boolean {
    return this.checked(key, parseBoolean(this.cell(key)), false) ?? false;
  }

  satisfaction(key: string): Satisfaction | null {
    return this.checked(key, parseSatisfaction(this.cell(key)), false);
  }

  source(key: string): string | null {
    return this.checked(key, parseSource(this.cell(key)), true);
  }

  closureType(key: string): string | null {
    return this.checked(key, parseClosureType(this.cell(key)), false);
  }

  count(key: string, min: 0 | 1): number {
    return this.checked(key, parseCount(this.cell(key), min), false) ?? min;
  }

  number(key: string): number | null {
    return this.checked(key, parseNumber(this.cell(key)), false);
  }

  year(key: string): number | null {
    return this.checked(key, parseYear(this.cell(key)), true);
  }

  factValue(key: string): boolean | number | null {
    return this.checked(key, parseFactValue(this.cell(key)), true);
  }

  attributes(): Record<string, string> {
    const attributes: Record<string, string> = {};
    const { attributeAt } = this.binding;
    for (let i = 0; i < attributeAt.length; i++) {
      const name = attributeAt[i];
      if (name === undefined) continue;
      const value = parseText(this.cells[i] ?? null);
      if (value !== null) attributes[name] = value;
    }
    return attributes;
  }
}

// Records are built even when a cell is bad (with a placeholder), so a caller
// that only needs some fields of a faulty row (e.g. unit codes) can have them.

function buildUnit(c: RowCursor): Unit {
  return {
    code: c.text("code", true) ?? "",
    name: c.text("name", true) ?? "",
    category: c.text("category", true) ?? "",
    attributes: c.attributes(),
  };
}

function buildOrder(c: RowCursor): Order {
  const order: Order = {
    id: c.text("id", true) ?? "",
    unit: c.unit("unit") ?? "",
    source: c.source("source") ?? "",
    kind: c.text("kind"),
    receivedAt: c.date("receivedAt", "start", true) ?? Number.NaN,
    dueAt: c.date("dueAt", "deadline", true) ?? Number.NaN,
    extendedTo: c.date("extendedTo", "deadline"),
    closedAt: c.date("closedAt", "start"),
    delayExcused: c.boolean("delayExcused"),
    returned: c.boolean("returned"),
    returnAccepted: c.boolean("returnAccepted"),
    redoCount: c.count("redoCount", 0),
    anonymous: c.boolean("anonymous"),
    visited: c.boolean("visited"),
    processSatisfaction: c.satisfaction("processSatisfaction"),
    resultSatisfaction: c.satisfaction("resultSatisfaction"),
    closureType: c.closureType("closureType"),
    rebound: c.boolean("rebound"),
    leaderInstructed: c.boolean("leaderInstructed"),
    attributes: c.attributes(),
  };
  if (order.returnAccepted && !order.returned && c.binding.indexOf.returned !== undefined) {
    c.problem("returnAccepted", REASON_RETURN_NOT_RETURNED);
  }
  return order;
}

function buildEvent(c: RowCursor): HotlineEvent {
  return {
    id: c.text("id", true) ?? "",
    unit: c.unit("unit") ?? "",
    date: c.date("date", "day", true) ?? Number.NaN,
    type: c.text("type", true) ?? "",
    count: c.count("count", 1),
    points: c.number("points"),
    orderId: c.text("orderId"),
    note: c.text("note"),
    attributes: c.attributes(),
  };
}

function buildFact(c: RowCursor): Fact {
  return {
    unit: c.unit("unit") ?? "",
    year: c.year("year") ?? Number.NaN,
    item: c.text("item", true) ?? "",
    value: c.factValue("value") ?? false,
  };
}

const BUILDERS: { [K in RecordKind]: (cursor: RowCursor) => RecordOf[K] } = {
  units: buildUnit,
  orders: buildOrder,
  events: buildEvent,
  facts: buildFact,
};

type UniquenessCheck<T> = (record: T, cursor: RowCursor) => void;

/** Reports a value seen before in the file, naming the row that had it first. */
function firstOccurrence(what: Reason): (key: string, value: string, cursor: RowCursor) => void {
  const seen = new Map<string, number>();
  return (key, value, cursor) => {
    if (value === "") return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, cursor.row);
    else cursor.problem(key, { zh: `${what.zh}重复（第${first}行已有）`, en: `duplicate ${what.en} (already on row ${first})` });
  };
}

/**
 * Within one file: unit codes and names unique, event ids unique, one fact
 * per unit, year and item. (A repeated order id is a re-evaluated order: the
 * later row replaces the earlier, see `loadRecords`.)
 */
const UNIQUENESS: { [K in RecordKind]: () => UniquenessCheck<RecordOf[K]> | undefined } = {
  units: () => {
    const code = firstOccurrence({ zh: "单位编码", en: "unit code" });
    const name = firstOccurrence({ zh: "单位名称", en: "unit name" });
    return (unit, cursor) => {
      code("code", unit.code, cursor);
      name("name", unit.name, cursor);
    };
  },
  orders: () => undefined,
  events: () => {
    const id = firstOccurrence({ zh: "事件编号", en: "event id" });
    return (event, cursor) => id("id", event.id, cursor);
  },
  facts: () => {
    const fact = firstOccurrence({ zh: "同一单位、年度、事项的事实", en: "fact for this unit, year and item" });
    return (f, cursor) => {
      if (f.unit !== "" && f.item !== "" && !Number.isNaN(f.year)) fact("item", `${f.unit}\u0000${f.year}\u0000${f.item}`, cursor);
    };
  },
};

/**
 * A row as checked: `record` is built even when the row has problems (with
 * placeholders for bad cells), and is null only for the header row, a file
 * problem, or any row when the header has problems.
 */
export interface CheckedRow<T> {
  row: number;
  record: T | null;
  problems: readonly ImportProblem[];
}

function fileProblem(file: string, reason: string, reasonEn: string): CheckedRow<never>[] {
  return [{ row: 0, record: null, problems: [{ file, row: 0, column: "", value: "", reason, reasonEn }] }];
}

/** Like `readRecords`, in batches (one per chunk read), with records built even for faulty rows. */
export async function* readRecordBatches<K extends RecordKind>(
  path: string,
  kind: K,
  options: ReadRecordsOptions = {},
): AsyncIterable<CheckedRow<RecordOf[K]>[]> {
  const file = options.fileLabel ?? basename(path);
  let cursor: RowCursor | undefined;
  let headerFailed = false;
  const build = BUILDERS[kind] as (cursor: RowCursor) => RecordOf[K];
  const unique = (UNIQUENESS[kind] as () => UniquenessCheck<RecordOf[K]> | undefined)();
  try {
    for await (const batch of readTableBatches(path, options.format, options)) {
      const out: CheckedRow<RecordOf[K]>[] = [];
      for (const raw of batch) {
        if (!cursor) {
          const binding = bindHeader(file, kind, raw);
          cursor = new RowCursor(file, binding, options.resolveUnit);
          headerFailed = binding.problems.length > 0;
          if (raw.defect === "unterminated-quote") {
            binding.problems.push({
              file,
              row: raw.row,
              column: "",
              value: "",
              reason: REASON_UNTERMINATED_QUOTE.zh,
              reasonEn: REASON_UNTERMINATED_QUOTE.en,
            });
            headerFailed = true;
          }
          if (binding.problems.length > 0) out.push({ row: raw.row, record: null, problems: binding.problems });
          continue;
        }
        cursor.start(raw);
        const record = build(cursor);
        if (unique) unique(record, cursor);
        out.push({
          row: raw.row,
          record: headerFailed ? null : record,
          problems: cursor.problems.length === 0 ? NO_PROBLEMS : cursor.problems,
        });
      }
      if (out.length > 0) yield out;
    }
  } catch (error) {
    if (!(error instanceof TableReadError)) throw error;
    yield fileProblem(file, error.reason, error.reasonEn);
    return;
  }
  if (!cursor) yield fileProblem(file, "文件为空（没有表头行）", "the file is empty (no header row)");
}

/**
 * The rows of a units, orders, events or facts file as records or problems,
 * streamed. Unit references are resolved when `options.resolveUnit` is given.
 * Duplicate unit codes/names, event ids and facts within the file are
 * problems; repeated order ids are not (see `loadRecords`).
 */
export async function* readRecords<K extends RecordKind>(path: string, kind: K, options: ReadRecordsOptions = {}): AsyncIterable<RecordRow<RecordOf[K]>> {
  for await (const batch of readRecordBatches(path, kind, options)) {
    for (const item of batch) {
      if (item.problems.length > 0) yield { row: item.row, record: null, problems: item.problems };
      else if (item.record !== null) yield item;
    }
  }
}

export interface LoadedRecords<T> {
  /** the file's records (empty when there is any problem) */
  records: T[];
  problems: ImportProblem[];
}

/**
 * All records of one file, or all its problems. A repeated order id is a
 * re-evaluated order: the later row replaces the earlier, in its place.
 */
export async function loadRecords<K extends RecordKind>(path: string, kind: K, options: ReadRecordsOptions = {}): Promise<LoadedRecords<RecordOf[K]>> {
  const problems: ImportProblem[] = [];
  const records: RecordOf[K][] = [];
  const orderIndex = kind === "orders" ? new Map<string, number>() : undefined;
  for await (const batch of readRecordBatches(path, kind, options)) {
    for (const item of batch) {
      if (item.problems.length > 0) {
        for (const p of item.problems) problems.push(p);
        continue;
      }
      if (item.record === null || problems.length > 0) continue;
      if (orderIndex) {
        const id = (item.record as Order).id;
        const at = orderIndex.get(id);
        if (at !== undefined) {
          records[at] = item.record;
          continue;
        }
        orderIndex.set(id, records.length);
      }
      records.push(item.record);
    }
  }
  return problems.length > 0 ? { records: [], problems } : { records, problems };
}

/**
 * Matching a file's header row to the fields of a kind of record. Each column
 * may be headed by the Chinese name or the English key; spaces (around it or
 * within it, a line break typed in the cell, full-width and no-break spaces)
 * and full-width/half-width differences do not matter, nor does the case of
 * an English key.
 */

import { cellText } from "../read/cell-values.ts";
import type { Cell, RawRow } from "../read/read-table.ts";
import { type FieldSpec, type FieldType, headerName, RECORD_FIELDS, RECORD_KIND_LABELS, RECORD_KINDS, type RecordKind } from "../schema.ts";
import type { ImportProblem } from "../types.ts";

export interface HeaderBinding {
  /** the kind of file the header is read for */
  kind: RecordKind;
  /** the header's row number */
  row: number;
  /** number of columns in the header (trailing unnamed ones excluded) */
  width: number;
  /** field bound to each column, if any */
  fieldAt: (FieldSpec | undefined)[];
  /** attribute name (normalized header) of each unknown column, if any */
  attributeAt: (string | undefined)[];
  /** the columns that number the rows (序号, 行号, No.): neither a field nor an attribute, not read */
  rowNumberColumns: number[];
  /** column index of each field present, by key */
  indexOf: Record<string, number>;
  /** header as written in the file (trimmed), by column index */
  labels: string[];
  /** required fields with no column */
  missing: FieldSpec[];
  problems: ImportProblem[];
}

/** Header text as compared with the columns' names (受理⏎时间 and *受理时间（必填） are 受理时间). */
const headerKey = headerName;

const lookupCache = new Map<RecordKind, ReadonlyMap<string, FieldSpec>>();

function headerLookup(kind: RecordKind): ReadonlyMap<string, FieldSpec> {
  let lookup = lookupCache.get(kind);
  if (!lookup) {
    const map = new Map<string, FieldSpec>();
    for (const spec of RECORD_FIELDS[kind]) {
      map.set(headerKey(spec.zh), spec);
      map.set(spec.key.toLowerCase(), spec);
    }
    lookup = map;
    lookupCache.set(kind, lookup);
  }
  return lookup;
}

/** The field a header names, if any. */
export function fieldForHeader(kind: RecordKind, header: string): FieldSpec | undefined {
  const normalized = headerKey(header);
  const lookup = headerLookup(kind);
  return lookup.get(normalized) ?? lookup.get(normalized.toLowerCase());
}

/**
 * The headers of a column that numbers the rows, as `headerName` makes them (case aside): 序号, 行号, No., NO, #. Almost
 * every platform's export begins with one; its numbers follow the export's sort, not the record, so it is not kept
 * with the record (stored, it made every order of a re-sorted export an update).
 */
const ROW_NUMBER_HEADERS: ReadonlySet<string> = new Set(["序号", "行号", "no.", "no", "#"]);

/** Does a column's name (`headerName`) say it numbers the rows? */
function isRowNumberHeader(name: string): boolean {
  return ROW_NUMBER_HEADERS.has(name.toLowerCase());
}

/** `第3列` / `column 3` label for a column with no header. */
export function columnNumberLabel(index: number): string {
  return `第${index + 1}列`;
}

/** The letter a spreadsheet shows over a column (0-based): A, B, … Z, AA. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export function bindHeader(file: string, kind: RecordKind, header: RawRow): HeaderBinding {
  const binding: HeaderBinding = {
    kind,
    row: header.row,
    width: 0,
    fieldAt: [],
    attributeAt: [],
    rowNumberColumns: [],
    indexOf: {},
    labels: [],
    missing: [],
    problems: [],
  };
  const seen = new Map<string, number>();
  header.cells.forEach((cell, index) => {
    const label = cellText(cell).trim();
    binding.labels[index] = label;
    if (label === "") return;
    binding.width = index + 1;
    const spec = fieldForHeader(kind, label);
    const name = spec ? spec.key : headerName(label);
    if (!spec && isRowNumberHeader(name)) {
      binding.rowNumberColumns.push(index);
      return;
    }
    const first = seen.get(name);
    if (first !== undefined && !spec && binding.attributeAt[first] !== undefined) {
      // An unknown column headed as an earlier one (备注 twice: one the unit's, one the center's) is kept, not the
      // file refused. A rubric reads an attribute by its exact name (attributeKeys) and may declare any name, one not
      // yet published among them, so which names a rubric reads cannot be told here: the first column keeps the name,
      // as a reader of the sheet finds it first, and each later one is kept as 备注(第2个), 备注(第3个) — the name a
      // rubric's label 备注（第2个） is read by (headerName) — so no value is dropped and each column can be named.
      const attribute = repeatedAttributeName(name, seen);
      seen.set(attribute, index);
      binding.attributeAt[index] = attribute;
      return;
    }
    if (first !== undefined) {
      const firstLabel = binding.labels[first] ?? "";
      binding.problems.push({
        file,
        row: header.row,
        column: label,
        value: label,
        reason: `列重复：与第${first + 1}列“${firstLabel}”是同一列${spec ? `（${spec.zh}）` : ""}`,
        reasonEn: `duplicate column: same as column ${first + 1} "${firstLabel}"${spec ? ` (${spec.key})` : ""}`,
      });
      return;
    }
    seen.set(name, index);
    if (spec) {
      binding.fieldAt[index] = spec;
      binding.indexOf[spec.key] = index;
    } else {
      binding.attributeAt[index] = name;
    }
  });
  for (const spec of RECORD_FIELDS[kind]) {
    if (spec.required && binding.indexOf[spec.key] === undefined) binding.missing.push(spec);
  }
  if (binding.missing.length > 0) binding.problems.push(missingColumnsProblem(file, kind, header.row, binding));
  return binding;
}

/** The name of a later column headed as an earlier unknown one: `name(第n个)`, n its place among them, not a name taken. */
function repeatedAttributeName(name: string, seen: ReadonlyMap<string, number>): string {
  let n = 2;
  while (seen.has(headerName(`${name}（第${n}个）`))) n++;
  return headerName(`${name}（第${n}个）`);
}

/**
 * The header lacks required columns: which, on the row taken for the header. A row with none of the kind's columns
 * is no header at all: then the header was not found among the first rows.
 */
function missingColumnsProblem(file: string, kind: RecordKind, row: number, binding: HeaderBinding): ImportProblem {
  const { missing } = binding;
  const recognised = Object.keys(binding.indexOf).length;
  const names = missing.map((spec) => `“${spec.zh}”`).join("、");
  const keys = missing.map((spec) => spec.key).join(", ");
  const where = "表头应是第一个写有列名的行（它上面的标题行可以保留）";
  if (recognised === 0) {
    return {
      file,
      row,
      column: "",
      value: "",
      reason: `在前 ${HEADER_SEARCH_ROWS} 行中没有找到“${RECORD_KIND_LABELS[kind]}”文件的表头：${where}，必须有这些列：${names}（或英文列名 ${keys}）`,
      reasonEn: `no ${kind} header in the first ${HEADER_SEARCH_ROWS} rows: the header is the first row of column names (title rows above it may stay), with the columns ${keys}`,
    };
  }
  return {
    file,
    row,
    column: missing.map((spec) => spec.zh).join("、"),
    value: "",
    reason: `第${row}行看来是表头，但缺少必需的列${names}（或英文列名 ${keys}）：请补上这些列或改正列名；${where}`,
    reasonEn: `row ${row} looks like the header but lacks the required column${missing.length > 1 ? "s" : ""} ${keys}; the header is the first row of column names`,
  };
}

/** Columns whose values are dates or numbers: a text with no digit in one is no value (年月日, 受理时间). */
const DATE_OR_NUMBER_TYPES: ReadonlySet<FieldType> = new Set(["datetime", "deadline", "date", "count0", "count1", "number", "year", "month"]);
const DIGIT = /[0-9０-９]/;

/**
 * The texts that make the row after the header a second row of it, or `undefined` when it is a record. A header two
 * rows high (满意度 over 过程满意度 | 结果满意度, the other headers merged down both rows, so each of their cells shows its
 * name again; or, unmerged, a row of the lower names alone) is read with its first row as the header and its second
 * as a record. Its cells are column names: the row is taken for one when at least two of its non-empty cells, and at
 * least half, are header-like — a name of one of the kind's columns, its own column's header again, or text with no
 * digit where a date or number goes — and one at least is a column name (text with no digit alone is a bad value).
 * A record's cells are ids, units, dates and values, never the names of columns.
 */
export function secondHeaderRow(binding: HeaderBinding, cells: readonly Cell[]): string[] | undefined {
  let filled = 0;
  let headerLike = 0;
  let names = 0;
  const lower: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? null;
    const text = cellText(cell).trim();
    if (text === "") continue;
    filled++;
    if (typeof cell !== "string") continue;
    const label = binding.labels[i] ?? "";
    const sameAsHeader = label !== "" && headerKey(text) === headerKey(label);
    const isName = sameAsHeader || fieldForHeader(binding.kind, text) !== undefined;
    const spec = binding.fieldAt[i];
    if (isName) names++;
    if (isName || (spec !== undefined && DATE_OR_NUMBER_TYPES.has(spec.type) && !DIGIT.test(text))) {
      headerLike++;
      if (!sameAsHeader) lower.push(text);
    }
  }
  if (names === 0 || headerLike < 2 || headerLike * 2 < filled) return undefined;
  return lower;
}

/** Non-blank rows looked at for the header: exporters put a title or two above it (桓台县12345热线工单明细（2018年11月）). */
export const HEADER_SEARCH_ROWS = 10;

/** Whether a row has every required column of `kind`, or of any kind when none is given. */
function isCompleteHeader(cells: readonly Cell[], kind: RecordKind | undefined): boolean {
  const { complete } = inspectHeader(cells);
  return kind === undefined ? complete.length > 0 : complete.includes(kind);
}

/**
 * Which of a file's first non-blank rows is its header: the first (of `HEADER_SEARCH_ROWS`) with every required
 * column of `kind` (of any kind when none is given); the rows above it are titles. When there is none, the likeliest:
 * the first that is another kind's header (so the file can be said to be of that kind), else the one with the most of
 * the kind's columns, else the first row. `undefined` while it cannot yet be told: fewer rows than are looked at and
 * the file not yet `ended`.
 */
export function findHeaderRow(rows: readonly RawRow[], kind: RecordKind | undefined, ended: boolean): number | undefined {
  const n = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < n; i++) {
    if (!isCompleteHeader((rows[i] as RawRow).cells, kind)) continue;
    // a header two rows high, its columns merged down both (满意度 over 过程满意度 | 结果满意度): the lower row shows every
    // column's name again with the names under the group, and is the header (no record holds every column's name)
    return i + 1 < rows.length && isCompleteHeader((rows[i + 1] as RawRow).cells, kind) ? i + 1 : i;
  }
  if (!ended && rows.length < HEADER_SEARCH_ROWS) return undefined;
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < n; i++) {
    const inspection = inspectHeader((rows[i] as RawRow).cells);
    if (inspection.complete.length > 0) return i;
    const count = Math.max(...inspection.matches.filter((m) => kind === undefined || m.kind === kind).map((m) => m.recognised));
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  }
  return best;
}

/**
 * How well a sheet's first rows fit `kind` (any kind when none is given), to choose the sheet of a workbook that
 * holds the data and not its notes (说明): infinite when one of them is a complete header, else the most of the
 * kind's columns one of them has.
 */
export function headerFit(rows: readonly RawRow[], kind: RecordKind | undefined): number {
  let best = 0;
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const inspection = inspectHeader(row.cells);
    if (kind === undefined ? inspection.complete.length > 0 : inspection.complete.includes(kind)) return Number.POSITIVE_INFINITY;
    for (const m of inspection.matches) if (kind === undefined || m.kind === kind) best = Math.max(best, m.recognised);
  }
  return best;
}

/** How a header row compares with one kind of file. */
export interface HeaderKindMatch {
  kind: RecordKind;
  /** the kind's columns the header has (by Chinese name or English key) */
  recognised: number;
  /** the kind's required columns the header lacks (Chinese names) */
  missing: string[];
}

/** A header row against every kind of file: what each kind would lack, and the kind it is, when that can be told. */
export interface HeaderInspection {
  /** the header's non-empty labels, as written (trimmed) */
  labels: string[];
  /** the kind the header is (see `kindOfHeader`); undefined when none or a tie */
  kind: RecordKind | undefined;
  /** the kinds whose required columns are all there (two or more with the same count: it cannot be told) */
  complete: RecordKind[];
  /** every kind, in RECORD_KINDS order */
  matches: HeaderKindMatch[];
}

export function inspectHeader(cells: readonly Cell[]): HeaderInspection {
  const labels = cells.map((cell) => cellText(cell).trim()).filter((label) => label !== "");
  let best: RecordKind | undefined;
  let bestCount = -1;
  let tie = false;
  const complete: RecordKind[] = [];
  const matches: HeaderKindMatch[] = [];
  for (const kind of RECORD_KINDS) {
    const keys = new Set<string>();
    for (const label of labels) {
      const spec = fieldForHeader(kind, label);
      if (spec) keys.add(spec.key);
    }
    const missing = RECORD_FIELDS[kind].filter((spec) => spec.required && !keys.has(spec.key)).map((spec) => spec.zh);
    matches.push({ kind, recognised: keys.size, missing });
    if (missing.length > 0) continue;
    complete.push(kind);
    if (keys.size > bestCount) {
      best = kind;
      bestCount = keys.size;
      tie = false;
    } else if (keys.size === bestCount) tie = true;
  }
  return { labels, kind: tie ? undefined : best, complete, matches };
}

/**
 * The kind of file a header row is: the kind whose required columns are all
 * there (by Chinese name or English key). When the columns of more than one
 * kind are there, the kind with the most columns recognised; `undefined`
 * when none, or a tie.
 */
export function kindOfHeader(cells: readonly Cell[]): RecordKind | undefined {
  return inspectHeader(cells).kind;
}

/** The required columns of each kind of file, for messages: `责任单位：单位编码、单位名称、类别；工单：…`. */
export function requiredColumnsText(): { zh: string; en: string } {
  const required = (kind: RecordKind) => RECORD_FIELDS[kind].filter((spec) => spec.required);
  return {
    zh: RECORD_KINDS.map(
      (kind) =>
        `${RECORD_KIND_LABELS[kind]}：${required(kind)
          .map((spec) => spec.zh)
          .join("、")}`,
    ).join("；"),
    en: RECORD_KINDS.map(
      (kind) =>
        `${kind}: ${required(kind)
          .map((spec) => spec.key)
          .join(", ")}`,
    ).join("; "),
  };
}

/**
 * Records back into the cells of an import file, the inverse of reading:
 * what `writeRecordsCsv` writes, `loadRecords` reads back as the same records.
 */

import { type FieldSpec, RECORD_FIELDS, type RecordKind, type RecordOf } from "../schema.ts";
import { endOfShanghaiDay, formatShanghai } from "../shanghai-time.ts";
import { type WriteCsvOptions, writeCsvFile } from "./write-csv.ts";

export interface RecordColumnsOptions {
  /** write unit cells as names (code → name); default: codes */
  unitNames?: ReadonlyMap<string, string>;
  /** attribute columns to write after the known ones (default: for an array of records, every attribute any has) */
  attributeColumns?: readonly string[];
  /** header language: Chinese names (default) or English keys */
  header?: "zh" | "key";
}

function formatValue(spec: FieldSpec, value: unknown, unitNames: ReadonlyMap<string, string> | undefined): string {
  if (value === null || value === undefined) return "";
  switch (spec.type) {
    case "unit":
      return unitNames?.get(value as string) ?? String(value);
    case "datetime":
      return formatShanghai(value as number, "datetime");
    case "deadline": {
      // a deadline at the very end of a day is written as the date alone, which reads back the same
      const epoch = value as number;
      return formatShanghai(epoch, epoch === endOfShanghaiDay(epoch) ? "date" : "datetime");
    }
    case "date":
      return formatShanghai(value as number, "date");
    case "boolean":
      return value ? "是" : "否";
    case "factValue":
      return typeof value === "boolean" ? (value ? "是" : "否") : String(value);
    default:
      return String(value);
  }
}

/** Every attribute name the records have, in order of first appearance. */
export function attributeColumnsOf(records: Iterable<{ attributes?: Record<string, string> }>): string[] {
  const names = new Set<string>();
  for (const record of records) for (const name of Object.keys(record.attributes ?? {})) names.add(name);
  return [...names];
}

export function recordHeader(kind: RecordKind, options: RecordColumnsOptions = {}): string[] {
  const known = RECORD_FIELDS[kind].map((spec) => (options.header === "key" ? spec.key : spec.zh));
  return [...known, ...(options.attributeColumns ?? [])];
}

/** The cells of one record, in `recordHeader` order. */
export function recordCells<K extends RecordKind>(kind: K, record: RecordOf[K], options: RecordColumnsOptions = {}): string[] {
  const fields = record as unknown as Record<string, unknown>;
  const cells = RECORD_FIELDS[kind].map((spec) => formatValue(spec, fields[spec.key], options.unitNames));
  const attributes = (fields.attributes ?? {}) as Record<string, string>;
  for (const name of options.attributeColumns ?? []) cells.push(attributes[name] ?? "");
  return cells;
}

/** Writes records as an import file (CSV, Chinese headers, UTF-8 with BOM by default); resolves to the row count. */
export async function writeRecordsCsv<K extends RecordKind>(
  path: string,
  kind: K,
  records: Iterable<RecordOf[K]> | AsyncIterable<RecordOf[K]>,
  options: RecordColumnsOptions & WriteCsvOptions = {},
): Promise<number> {
  const attributeColumns = options.attributeColumns ?? (Array.isArray(records) ? attributeColumnsOf(records) : []);
  const columns = { ...options, attributeColumns };
  const rows =
    Symbol.iterator in records
      ? (function* () {
          for (const record of records) yield recordCells(kind, record, columns);
        })()
      : (async function* () {
          for await (const record of records) yield recordCells(kind, record, columns);
        })();
  return writeCsvFile(path, recordHeader(kind, columns), rows, options);
}

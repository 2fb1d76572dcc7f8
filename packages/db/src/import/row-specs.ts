/**
 * How each kind of record is written to its table and read back from it (`TableSpec`: columns, `toRow`,
 * `fromRow`), and how a record as written is compared with the row stored.
 */
import { EVENT_FIELDS, type FieldSpec, type FileColumns, type HotlineEvent, ORDER_FIELDS, type Order, type Unit } from "@kaohe/data";
import type { Provider } from "../client.ts";
import { digestOfValues, type Row } from "../raw.ts";

/** How one kind of record is written to and read back from its table. */
export interface TableSpec<T> {
  table: string;
  key: (r: T) => string;
  /** columns written, in order */
  columns: readonly string[];
  toRow: (r: T, provider: Provider) => unknown[];
  /** the stored row's values in the same order, for comparison */
  fromRow: (row: Row, provider: Provider) => unknown[];
  audited: boolean;
  /** the table keeps each row's `digest` (orders, events: what a data fingerprint reads) */
  digested: boolean;
  /** a stored row back as the record it holds (what a file without some of its columns leaves as it is) */
  fromStored: (row: Row) => T;
}

const bool = (b: boolean, p: Provider) => (p === "sqlite" ? (b ? 1 : 0) : b);
const readBool = (v: unknown) => v === true || v === 1 || v === 1n || v === "1" || v === "t";
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** JSON with sorted keys: PostgreSQL's jsonb does not keep the order keys were written in. */
const canonicalJson = (v: unknown) => {
  const o = (typeof v === "string" ? JSON.parse(v) : (v ?? {})) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
};

/**
 * The columns of a record kind's table: the file contract's fields (@kaohe/data ORDER_FIELDS, EVENT_FIELDS, the one
 * list of them; models.prisma has the same columns, test/schema-columns.test.ts checks) in their order, then the
 * columns the file does not name, as JSON (`attributes`). How a value is written and read back follows its field's
 * type. The two conversions are generated once, as the array literals one would write by hand: an import converts
 * every row (with a closure per column, measured on 1,000,000 orders, it took up to 1.5× the time).
 */
function contractColumns<T>(fields: readonly FieldSpec[]): Pick<TableSpec<T>, "columns" | "toRow" | "fromRow"> {
  const written = fields.map((f) => (f.type === "boolean" ? `bool(${at(f)}, p)` : at(f)));
  return {
    columns: [...fields.map((f) => f.key), "attributes"],
    toRow: compile(`[${[...written, "JSON.stringify(r.attributes)"].join(", ")}]`),
    fromRow: compile(`[${[...fields.map(readValue), "canonicalJson(r.attributes)"].join(", ")}]`),
  };
}

/** A stored row back as the record it holds (the engine's `Order`, `HotlineEvent`): each column read as its field's type says. */
function recordReader<T>(fields: readonly FieldSpec[]): (row: Row) => T {
  return compile(`({ ${[...fields.map((f) => `${JSON.stringify(f.key)}: ${readValue(f)}`), "attributes: json(r.attributes)"].join(", ")} })`);
}

const at = (f: FieldSpec) => `r[${JSON.stringify(f.key)}]`;

/** How a stored column is read back, by its field's type (SQLite's 0/1 and PostgreSQL's booleans alike). */
function readValue(f: FieldSpec): string {
  switch (f.type) {
    case "datetime":
    case "deadline":
    case "date":
    case "number":
      return `num(${at(f)})`;
    case "boolean":
      return `readBool(${at(f)})`;
    case "count0":
    case "count1":
      return `Number(${at(f)})`;
    default:
      return f.required ? at(f) : `${at(f)} ?? null`;
  }
}

const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : (v ?? {})) as Record<string, string>;
const helpers = { bool, readBool, num, canonicalJson, json };
// biome-ignore lint/suspicious/noExplicitAny: generated from the field list; the callers' types say what it returns
const compile = (expr: string): any => new Function(...Object.keys(helpers), `return (r, p) => ${expr}`)(...Object.values(helpers));

/** An order as stored, back in the engine's shape (scoring from the store, the drill-down, the command line). */
export const orderFromRow: (row: Row) => Order = recordReader<Order>(ORDER_FIELDS);
/** An event as stored, back in the engine's shape. */
export const eventFromRow: (row: Row) => HotlineEvent = recordReader<HotlineEvent>(EVENT_FIELDS);

export const orderSpec: TableSpec<Order> = {
  table: "orders",
  key: (o) => o.id,
  ...contractColumns<Order>(ORDER_FIELDS),
  audited: true,
  digested: true,
  fromStored: orderFromRow,
};

export const eventSpec: TableSpec<HotlineEvent> = {
  table: "events",
  key: (e) => e.id,
  ...contractColumns<HotlineEvent>(EVENT_FIELDS),
  audited: true,
  digested: true,
  fromStored: eventFromRow,
};

/** A unit as stored, back in the engine's shape (the months it is assessed in only when it has them, as a file gives them). */
function unitFromRow(r: Row): Unit {
  const unit: Unit = { code: String(r.code), name: String(r.name), category: String(r.category), attributes: json(r.attributes) };
  if (r.fromMonth !== null && r.fromMonth !== undefined) unit.fromMonth = String(r.fromMonth);
  if (r.untilMonth !== null && r.untilMonth !== undefined) unit.untilMonth = String(r.untilMonth);
  return unit;
}

export const unitSpec: TableSpec<Unit> = {
  table: "units",
  key: (u) => u.code,
  columns: ["code", "name", "category", "fromMonth", "untilMonth", "attributes"],
  toRow: (u) => [u.code, u.name, u.category, u.fromMonth ?? null, u.untilMonth ?? null, JSON.stringify(u.attributes)],
  fromRow: (r) => [r.code, r.name, r.category, r.fromMonth ?? null, r.untilMonth ?? null, canonicalJson(r.attributes)],
  audited: true,
  digested: false,
  fromStored: unitFromRow,
};

/**
 * For one file: the record its row makes of a stored one — the stored values of the fields and attributes the file
 * has no column for, the file's of the rest (a file of only the columns it updates — 办结时间 and the like — must not
 * empty 延期至 or 已回访: that silently changed scores). A record the file has every column of is returned as it is;
 * the stored record is read back only when the file lacks a field.
 */
export function keepAbsentColumns<T>(spec: TableSpec<T>, file: FileColumns): (record: T, stored: Row) => T {
  const absent = spec.columns.filter((c) => c !== "attributes" && !file.fields.has(c));
  return (record, stored) => {
    const kept = Object.entries(json(stored.attributes)).filter(([name]) => !file.attributes.has(name));
    if (absent.length === 0 && kept.length === 0) return record;
    const merged = { ...record } as Record<string, unknown>;
    if (absent.length > 0) {
      const storedRecord = spec.fromStored(stored) as Record<string, unknown>;
      for (const c of absent) merged[c] = storedRecord[c];
    }
    if (kept.length > 0) merged.attributes = { ...Object.fromEntries(kept), ...(merged.attributes as Record<string, string>) };
    return merged as T;
  };
}

/**
 * A row's digest: what a data fingerprint reads of it instead of its columns (services' `dataHash`), `digestOfValues`
 * of the row's values as the database gives them back: on SQLite the values as written (`toRow`: 是/否 as 1/0, the
 * attributes as the JSON text written); on PostgreSQL their comparable form (`comparable`, `fromRow`: jsonb keeps no key order). An import writes it with
 * the row; any other UPDATE of what the row says that leaves it as it was clears it (a trigger, migration
 * row_digest), and a row without one is digested from its columns (`storedRowDigest`) to the same value: a
 * fingerprint says what the rows hold, not how they were written.
 */
export function writtenDigest<T>(spec: TableSpec<T>, row: readonly unknown[], provider: Provider): string {
  const values = row.length === spec.columns.length ? row : row.slice(0, spec.columns.length);
  return digestOfValues(provider === "sqlite" ? values : comparableRow(spec, values, provider));
}

/** The digest of a stored order or event row (as `SELECT *` reads it). */
export function storedRowDigest(table: "orders" | "events", row: Row, provider: Provider): string {
  const spec = table === "orders" ? orderSpec : eventSpec;
  return digestOfValues(provider === "sqlite" ? spec.columns.map((c) => row[c]) : spec.fromRow(row, provider));
}

/** The key that orders each table's rows, unique: orders as stored (the clustered key, src/layout.ts), events by id. */
export const RECORD_ORDER: Record<"orders" | "events", readonly string[]> = { orders: ["unit", "receivedAt", "id"], events: ["id"] };

/** Comparable form of a record as written (booleans as booleans, JSON canonical). */
export function comparable<T>(spec: TableSpec<T>, r: T, p: Provider): unknown[] {
  return comparableRow(spec, spec.toRow(r, p), p);
}
/** `comparable` of a record already made its row (`toRow`). */
function comparableRow<T>(spec: TableSpec<T>, row: readonly unknown[], p: Provider): unknown[] {
  return row.map((v, i) => {
    const col = spec.columns[i] as string;
    if (col === "attributes") return canonicalJson(v);
    if (typeof v === "number" && p === "sqlite" && BOOLEAN_COLUMNS.has(col)) return v === 1;
    return v;
  });
}
/** The 是/否 columns (stored 0/1 on SQLite). */
const BOOLEAN_COLUMNS = new Set([...ORDER_FIELDS, ...EVENT_FIELDS].filter((f) => f.type === "boolean").map((f) => f.key));

export function sameValues(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i] || (typeof x === "number" && typeof b[i] === "number" && Math.abs(x - (b[i] as number)) < 1e-9));
}

/** Order rows (as `orderSpec.toRow` writes them) by the clustered key (unit, receivedAt, id: RECORD_ORDER). */
const [UNIT, RECEIVED, ID] = RECORD_ORDER.orders.map((c) => orderSpec.columns.indexOf(c)) as [number, number, number];
export const byClusterKey = (a: unknown[], b: unknown[]) =>
  compareText(a[UNIT], b[UNIT]) || (a[RECEIVED] as number) - (b[RECEIVED] as number) || compareText(a[ID], b[ID]);
const compareText = (a: unknown, b: unknown) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);

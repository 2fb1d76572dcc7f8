/**
 * How each kind of record is written to its table and read back from it (`TableSpec`: columns, `toRow`,
 * `fromRow`), and how a record as written is compared with the row stored.
 */
import type { HotlineEvent, Order, Unit } from "@kaohe/data";
import type { Provider } from "../client.ts";
import type { Row } from "../raw.ts";

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
}

const bool = (b: boolean, p: Provider) => (p === "sqlite" ? (b ? 1 : 0) : b);
const readBool = (v: unknown) => v === true || v === 1 || v === 1n || v === "1" || v === "t";
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** JSON with sorted keys: PostgreSQL's jsonb does not keep the order keys were written in. */
const canonicalJson = (v: unknown) => {
  const o = (typeof v === "string" ? JSON.parse(v) : (v ?? {})) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
};

const ORDER_COLUMNS = [
  "id",
  "unit",
  "source",
  "kind",
  "receivedAt",
  "dueAt",
  "extendedTo",
  "closedAt",
  "delayExcused",
  "returned",
  "returnAccepted",
  "redoCount",
  "anonymous",
  "visited",
  "processSatisfaction",
  "resultSatisfaction",
  "closureType",
  "rebound",
  "leaderInstructed",
  "attributes",
] as const;

export const orderSpec: TableSpec<Order> = {
  table: "orders",
  key: (o) => o.id,
  columns: ORDER_COLUMNS,
  toRow: (o, p) => [
    o.id,
    o.unit,
    o.source,
    o.kind,
    o.receivedAt,
    o.dueAt,
    o.extendedTo,
    o.closedAt,
    bool(o.delayExcused, p),
    bool(o.returned, p),
    bool(o.returnAccepted, p),
    o.redoCount,
    bool(o.anonymous, p),
    bool(o.visited, p),
    o.processSatisfaction,
    o.resultSatisfaction,
    o.closureType,
    bool(o.rebound, p),
    bool(o.leaderInstructed, p),
    JSON.stringify(o.attributes),
  ],
  fromRow: (r) => [
    r.id,
    r.unit,
    r.source,
    r.kind ?? null,
    num(r.receivedAt),
    num(r.dueAt),
    num(r.extendedTo),
    num(r.closedAt),
    readBool(r.delayExcused),
    readBool(r.returned),
    readBool(r.returnAccepted),
    Number(r.redoCount),
    readBool(r.anonymous),
    readBool(r.visited),
    r.processSatisfaction ?? null,
    r.resultSatisfaction ?? null,
    r.closureType ?? null,
    readBool(r.rebound),
    readBool(r.leaderInstructed),
    canonicalJson(r.attributes),
  ],
  audited: true,
};

export const eventSpec: TableSpec<HotlineEvent> = {
  table: "events",
  key: (e) => e.id,
  columns: ["id", "unit", "date", "type", "count", "points", "orderId", "note", "attributes"],
  toRow: (e) => [e.id, e.unit, e.date, e.type, e.count, e.points, e.orderId, e.note, JSON.stringify(e.attributes)],
  fromRow: (r) => [r.id, r.unit, num(r.date), r.type, Number(r.count), num(r.points), r.orderId ?? null, r.note ?? null, canonicalJson(r.attributes)],
  audited: true,
};

export const unitSpec: TableSpec<Unit> = {
  table: "units",
  key: (u) => u.code,
  columns: ["code", "name", "category", "attributes"],
  toRow: (u) => [u.code, u.name, u.category, JSON.stringify(u.attributes)],
  fromRow: (r) => [r.code, r.name, r.category, canonicalJson(r.attributes)],
  audited: true,
};

/** Comparable form of a record as written (booleans as booleans, JSON canonical). */
export function comparable<T>(spec: TableSpec<T>, r: T, p: Provider): unknown[] {
  return spec.toRow(r, p).map((v, i) => {
    const col = spec.columns[i] as string;
    if (col === "attributes") return canonicalJson(v);
    if (typeof v === "number" && p === "sqlite" && BOOLEAN_COLUMNS.has(col)) return v === 1;
    return v;
  });
}
const BOOLEAN_COLUMNS = new Set(["delayExcused", "returned", "returnAccepted", "anonymous", "visited", "rebound", "leaderInstructed"]);

export function sameValues(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i] || (typeof x === "number" && typeof b[i] === "number" && Math.abs(x - (b[i] as number)) < 1e-9));
}

/** Order rows (as `orderSpec.toRow` writes them) by the clustered key (unit, receivedAt, id). */
const [ID, UNIT, RECEIVED] = (["id", "unit", "receivedAt"] as const).map((c) => ORDER_COLUMNS.indexOf(c)) as [number, number, number];
export const byClusterKey = (a: unknown[], b: unknown[]) =>
  compareText(a[UNIT], b[UNIT]) || (a[RECEIVED] as number) - (b[RECEIVED] as number) || compareText(a[ID], b[ID]);
const compareText = (a: unknown, b: unknown) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);

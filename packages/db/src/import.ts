/**
 * Importing the center's files into the store: streaming (a million-row file
 * is never held whole), all or nothing (any bad row anywhere in the call and
 * nothing is stored; every problem is returned), idempotent (re-importing the
 * same file changes nothing), and a corrected order replaces its earlier
 * version with the change written to the audit log.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import {
  type CalendarDay,
  createUnitResolver,
  detectFileKind,
  type Fact,
  formatShanghai,
  type HotlineEvent,
  type ImportProblem,
  type Order,
  type ReadProgress,
  RecordIds,
  type RecordKind,
  readRecordBatches,
  requiredColumnsText,
  TableReadError,
  UNIT_CATEGORIES,
  type Unit,
} from "@kaohe/data";
import { dayOf } from "@kaohe/rules-engine";
import type { Database, Provider } from "./client.ts";
import { CorrectionOverlay, type CorrectionReport } from "./corrections.ts";
import { type ChangedEntity, type ChangeRecord, recordChanges } from "./import-changes.ts";
import { clusteredTables } from "./layout.ts";
import { openRaw, type RawDb, type Row } from "./raw.ts";
import { ident, param, placeholders } from "./sql.ts";
import { rebuildWorkdays } from "./workday-sql.ts";

export interface ImportFile {
  path: string;
  /** default: from the file name (units.csv, orders.xlsx …), else from the header row (`resolveFileKind`) */
  kind?: RecordKind;
  /** how the user named it (an upload's original name); default: the file's base name */
  name?: string;
}

export interface ImportProgress {
  file: string;
  kind: RecordKind;
  rows: number;
  bytesRead: number;
  totalBytes: number;
  /** 0–1 over all files of the call */
  fraction: number;
}

export interface ImportOptions {
  actor: string;
  onProgress?: (p: ImportProgress) => void;
  /** problems kept in the report (the count is always exact) */
  maxProblems?: number;
  /**
   * An order or event id given again in this import (in one file or across its files) with other content:
   * the later row wins. Default false: that is a problem naming both rows, and nothing is stored.
   */
  laterRowWins?: boolean;
}

export interface FileReport {
  file: string;
  kind: RecordKind;
  hash: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** rows that repeated an earlier row of this import exactly (same id, same content), counted once */
  duplicatesCollapsed: number;
  /** rows replaced by a later row with the same id (only with `laterRowWins`) */
  duplicatesReplaced: number;
  batchId: number | null;
  /** accepted corrections of records in this file: kept against another value in the file, or closed as the file now agrees */
  corrections: CorrectionReport[];
}

export type ImportResult =
  | { ok: true; files: FileReport[] }
  | { ok: false; problems: ImportProblem[]; problemCount: number; files: Pick<FileReport, "file" | "kind" | "rows">[] };

const ORDER_KINDS: RecordKind[] = ["units", "orders", "events", "facts", "calendar"];

export function kindOfFile(name: string): RecordKind | undefined {
  const base = basename(name).toLowerCase();
  const aliases: Record<string, RecordKind> = {
    单位: "units",
    责任单位: "units",
    工单: "orders",
    事件: "events",
    考核事件: "events",
    事实: "facts",
    年度事实: "facts",
    节假日: "calendar",
    工作日: "calendar",
  };
  for (const kind of ORDER_KINDS) if (base.startsWith(kind)) return kind;
  for (const [zh, kind] of Object.entries(aliases)) if (base.startsWith(zh)) return kind;
  return undefined;
}

/** How a file's kind was told. */
type FileKindResolution = { kind: RecordKind; problem?: undefined } | { kind?: undefined; problem: ImportProblem };

function kindProblem(file: string, reason: string, reasonEn: string): { problem: ImportProblem } {
  return { problem: { file, row: 0, column: "", value: "", reason, reasonEn } };
}

/**
 * The kind of an import file: as given, else as its name says (units…, 工单…), else as its header row says
 * (only the header is read). A header of another kind than the one given or named is reported when the file is
 * read. Neither telling is a problem listing each kind's required columns.
 */
async function resolveFileKind(file: ImportFile): Promise<FileKindResolution> {
  const name = file.name ?? basename(file.path);
  const stated = file.kind ?? kindOfFile(name);
  if (stated) return { kind: stated };
  let header: RecordKind | undefined;
  try {
    header = await detectFileKind(file.path);
  } catch (err) {
    if (!(err instanceof TableReadError)) throw err;
    return kindProblem(name, err.reason, err.reasonEn);
  }
  if (header) return { kind: header };
  const required = requiredColumnsText();
  return kindProblem(
    name,
    `无法判断文件“${name}”是哪类数据：文件名不以 units、orders、events、facts、calendar（或 单位、工单、事件、事实、节假日）开头，表头也不含任何一类文件的全部必需列。各类文件的必需列——${required.zh}。请改正表头或文件名`,
    `cannot tell what the file holds: its name does not start with units, orders, events, facts or calendar, and its header lacks the required columns of every kind (${required.en})`,
  );
}

async function fileHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

class Rollback extends Error {}

/** Records written per round trip. */
const WRITE_BATCH = 5000;

// ------------------------------------------------------------------ row shapes

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
function comparable<T>(spec: TableSpec<T>, r: T, p: Provider): unknown[] {
  return spec.toRow(r, p).map((v, i) => {
    const col = spec.columns[i] as string;
    if (col === "attributes") return canonicalJson(v);
    if (typeof v === "number" && p === "sqlite" && BOOLEAN_COLUMNS.has(col)) return v === 1;
    return v;
  });
}
const BOOLEAN_COLUMNS = new Set(["delayExcused", "returned", "returnAccepted", "anonymous", "visited", "rebound", "leaderInstructed"]);

function sameValues(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i] || (typeof x === "number" && typeof b[i] === "number" && Math.abs(x - (b[i] as number)) < 1e-9));
}

// ------------------------------------------------------------------ writing

interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Rows of one table whose keys are among `keys` (one prepared statement, the keys passed as one array). */
async function existingRows(raw: RawDb, table: string, keyColumn: string, keys: string[]): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
  if (keys.length === 0) return found;
  const sql =
    raw.provider === "sqlite"
      ? `SELECT * FROM ${ident(table)} WHERE ${ident(keyColumn)} IN (SELECT value FROM json_each(?))`
      : `SELECT * FROM ${ident(table)} WHERE ${ident(keyColumn)} = ANY($1::text[])`;
  const rows = await raw.query(sql, [raw.provider === "sqlite" ? JSON.stringify(keys) : keys]);
  for (const row of rows) found.set(String(row[keyColumn]), row);
  return found;
}

export async function updateRow(
  raw: RawDb,
  table: string,
  keyColumn: string,
  columns: readonly string[],
  row: readonly unknown[],
  extra: Record<string, unknown>,
): Promise<void> {
  const cols = [...columns.slice(1), ...Object.keys(extra)];
  const values = [...row.slice(1), ...Object.values(extra)];
  const sets = cols.map((c, i) => {
    const ph = param(raw.provider, i + 1);
    return `${ident(c)} = ${c === "attributes" && raw.provider === "postgres" ? `${ph}::jsonb` : ph}`;
  });
  const keyPh = param(raw.provider, cols.length + 1);
  await raw.execute(`UPDATE ${ident(table)} SET ${sets.join(", ")} WHERE ${ident(keyColumn)} = ${keyPh}`, [...values, row[0]]);
}

/** Order rows (as `orderSpec.toRow` writes them) by the clustered key (unit, receivedAt, id). */
const [ID, UNIT, RECEIVED] = (["id", "unit", "receivedAt"] as const).map((c) => ORDER_COLUMNS.indexOf(c)) as [number, number, number];
const byClusterKey = (a: unknown[], b: unknown[]) =>
  compareText(a[UNIT], b[UNIT]) || (a[RECEIVED] as number) - (b[RECEIVED] as number) || compareText(a[ID], b[ID]);
const compareText = (a: unknown, b: unknown) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);

/**
 * Records of one file that changed a row stored before this import: the row as it was, so that the change is
 * audited once, from the stored version to the file's last version of the record, when the file is done.
 */
type Updated = Map<string, Row>;

/**
 * Insert new rows, update changed ones, leave identical ones alone. A record the same file wrote already in
 * an earlier write batch (a repeated order id: the later row wins) is overwritten without counting or
 * auditing it again; `finishUpdates` audits the net change of each updated record.
 */
async function upsert<T>(raw: RawDb, spec: TableSpec<T>, records: T[], batchId: number, counts: Counts, updated: Updated): Promise<void> {
  await writeBatch(raw, spec, prepareBatch(spec, records, raw.provider), batchId, counts, updated);
}

/** A batch's records as they will be written: one per key, each as its row, and the order new rows are inserted in. */
interface PreparedBatch<T> {
  byKey: Map<string, T>;
  rows: Map<string, unknown[]>;
  order: string[];
}

/**
 * What writing a batch needs that the database does not decide: made while the batch before it is still being
 * written (the rows of the keys that turn out to be stored already are not inserted).
 */
function prepareBatch<T>(spec: TableSpec<T>, records: T[], provider: Provider): PreparedBatch<T> {
  // within one batch the later row of an id wins (a re-evaluated order replaces the earlier)
  const byKey = new Map<string, T>();
  for (const r of records) byKey.set(spec.key(r), r);
  const rows = new Map<string, unknown[]>();
  for (const [key, record] of byKey) rows.set(key, spec.toRow(record, provider));
  let order = [...byKey.keys()];
  // SQLite keeps orders in (unit, receipt time, id) order (layout.ts): inserted in that order, consecutive rows
  // land on the same pages
  if (provider === "sqlite" && clusteredTables.includes(spec.table)) {
    const entries = order.map((key) => ({ key, row: rows.get(key) as unknown[] }));
    entries.sort((a, b) => byClusterKey(a.row, b.row));
    order = entries.map((e) => e.key);
  }
  return { byKey, rows, order };
}

async function writeBatch<T>(raw: RawDb, spec: TableSpec<T>, batch: PreparedBatch<T>, batchId: number, counts: Counts, updated: Updated): Promise<void> {
  const provider = raw.provider;
  const { byKey, rows } = batch;
  const keyColumn = spec.columns[0] as string;
  const existing = await existingRows(raw, spec.table, keyColumn, [...byKey.keys()]);
  const now = Date.now();
  const stamp = spec.table === "units" ? raw.timestamp(new Date(now)) : now;
  const extra: Record<string, unknown> = spec.table === "units" ? { updatedAt: stamp } : { batchId, updatedAt: stamp };
  const extraValues = Object.values(extra);
  if (spec.table === "units") {
    // unit names are unique: free the names being changed first, so that units may exchange names
    for (const [key, record] of byKey) {
      const before = existing.get(key);
      if (before && before.name !== (record as Unit).name) {
        await raw.execute(`UPDATE "units" SET "name" = ${placeholders(provider, 1)} WHERE "code" = ${placeholders(provider, 1, 2)}`, [`${key}\u0001`, key]);
      }
    }
  }
  for (const [key, record] of byKey) {
    const before = existing.get(key);
    if (!before) continue;
    const old = spec.fromRow(before, provider);
    const neu = comparable(spec, record, provider);
    const writtenByThisFile = before.batchId !== undefined && before.batchId !== null && Number(before.batchId) === batchId;
    if (sameValues(old, neu)) {
      if (!writtenByThisFile) counts.unchanged++;
      continue;
    }
    await updateRow(raw, spec.table, keyColumn, spec.columns, rows.get(key) as unknown[], extra);
    if (writtenByThisFile) continue;
    updated.set(key, before);
    counts.updated++;
  }
  const inserts: unknown[][] = [];
  for (const key of batch.order) {
    if (existing.has(key)) continue;
    const row = rows.get(key) as unknown[];
    for (const v of extraValues) row.push(v);
    inserts.push(row);
  }
  if (inserts.length > 0) {
    await raw.insertMany(spec.table, [...spec.columns, ...Object.keys(extra)], inserts);
    counts.inserted += inserts.length;
    // new orders and events carry their batch; a new unit does not: noted, for the batch to be undone
    if (spec.table === "units") {
      await recordChanges(
        raw,
        batchId,
        "units",
        inserts.map((row) => ({ key: String(row[0]), before: null, beforeBatchId: null })),
      );
    }
  }
}

/**
 * When a file is done: audit each updated record's change from its stored version to its final one. A record
 * whose repeated rows brought it back to the stored version did not change: its row gets back its batch and
 * time stamp, and it counts as unchanged (so re-importing such a file changes nothing).
 */
async function finishUpdates<T>(raw: RawDb, spec: TableSpec<T>, batchId: number, actor: string, counts: Counts, updated: Updated): Promise<void> {
  const provider = raw.provider;
  const keyColumn = spec.columns[0] as string;
  const keys = [...updated.keys()];
  for (let start = 0; start < keys.length; start += WRITE_BATCH) {
    const current = await existingRows(raw, spec.table, keyColumn, keys.slice(start, start + WRITE_BATCH));
    // the stored rows this batch changed, as they were: undoing the batch puts them back
    const changed: ChangeRecord[] = [];
    for (const [key, row] of current) {
      const before = updated.get(key) as Row;
      const old = spec.fromRow(before, provider);
      const now = spec.fromRow(row, provider);
      if (sameValues(old, now)) {
        const restore = spec.table === "units" ? ["updatedAt"] : ["batchId", "updatedAt"];
        const sets = restore.map((c, i) => `${ident(c)} = ${param(provider, i + 1)}`);
        await raw.execute(`UPDATE ${ident(spec.table)} SET ${sets.join(", ")} WHERE ${ident(keyColumn)} = ${param(provider, restore.length + 1)}`, [
          ...restore.map((c) => before[c]),
          key,
        ]);
        counts.updated--;
        counts.unchanged++;
        continue;
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      spec.columns.forEach((c, i) => {
        if (!sameValues([old[i]], [now[i]])) changes[c] = { from: old[i], to: now[i] };
      });
      if (spec.audited) await audit(raw, actor, `${spec.table}.update`, spec.table, key, { batchId, changes });
      changed.push({ key, before, beforeBatchId: before.batchId === undefined || before.batchId === null ? null : Number(before.batchId) });
    }
    await recordChanges(raw, batchId, spec.table as ChangedEntity, changed);
  }
}

async function upsertFacts(raw: RawDb, facts: Fact[], batchId: number, actor: string, counts: Counts): Promise<void> {
  const p = (i: number) => param(raw.provider, i);
  for (const f of facts) {
    const value = typeof f.value === "boolean" ? (f.value ? "是" : "否") : String(f.value);
    // by unit|year|month|item: a yearly row (no 月份) and a month's row of the same item are different facts
    const month = f.month ?? null;
    const [existing] = await raw.query<{ id: number; value: string; batchId: number | null }>(
      month === null
        ? `SELECT "id", "value", "batchId" FROM "facts" WHERE "unit" = ${p(1)} AND "year" = ${p(2)} AND "item" = ${p(3)} AND "month" IS NULL`
        : `SELECT "id", "value", "batchId" FROM "facts" WHERE "unit" = ${p(1)} AND "year" = ${p(2)} AND "item" = ${p(3)} AND "month" = ${p(4)}`,
      month === null ? [f.unit, f.year, f.item] : [f.unit, f.year, f.item, month],
    );
    if (!existing) {
      await raw.insertMany("facts", ["unit", "year", "month", "item", "value", "batchId"], [[f.unit, f.year, month, f.item, value, batchId]]);
      counts.inserted++;
    } else if (existing.value !== value) {
      await raw.execute(`UPDATE "facts" SET "value" = ${p(1)}, "batchId" = ${p(2)} WHERE "id" = ${p(3)}`, [value, batchId, existing.id]);
      const key = month === null ? `${f.unit}/${f.year}/${f.item}` : `${f.unit}/${month}/${f.item}`;
      await audit(raw, actor, "facts.update", "facts", key, { batchId, changes: { value: { from: existing.value, to: value } } });
      const beforeBatchId = existing.batchId === null ? null : Number(existing.batchId);
      await recordChanges(raw, batchId, "facts", [{ key: String(existing.id), before: { value: existing.value, batchId: beforeBatchId }, beforeBatchId }]);
      counts.updated++;
    } else counts.unchanged++;
  }
}

/** Calendar rows by date: a new date inserted, a date marked otherwise updated (audited), the same left as it is. */
async function upsertCalendar(raw: RawDb, days: CalendarDay[], batchId: number, actor: string, counts: Counts): Promise<void> {
  const p = (i: number) => param(raw.provider, i);
  for (const d of days) {
    const day = dayOf(d.date);
    const [existing] = await raw.query<{ type: string; note: string | null }>(`SELECT "type", "note" FROM "holidays" WHERE "day" = ${p(1)}`, [day]);
    if (!existing) {
      await raw.insertMany("holidays", ["day", "type", "note", "batchId"], [[day, d.type, d.note, batchId]]);
      counts.inserted++;
    } else if (existing.type !== d.type || (existing.note ?? null) !== d.note) {
      await raw.execute(`UPDATE "holidays" SET "type" = ${p(1)}, "note" = ${p(2)}, "batchId" = ${p(3)} WHERE "day" = ${p(4)}`, [d.type, d.note, batchId, day]);
      await audit(raw, actor, "holidays.update", "holidays", formatShanghai(d.date, "date"), {
        batchId,
        changes: { type: { from: existing.type, to: d.type }, note: { from: existing.note, to: d.note } },
      });
      counts.updated++;
    } else counts.unchanged++;
  }
}

/**
 * The categories of these units, each added (and audited) if it is new: the customary 镇, 街道, 县直部门 in
 * their usual places, any other a rubric defines after them, in the order they first appear.
 */
export async function ensureCategories(raw: RawDb, categories: readonly string[], actor: string, batchId: number | null): Promise<void> {
  const p = (i: number) => param(raw.provider, i);
  for (const name of new Set(categories)) {
    const [known] = await raw.query(`SELECT "name" FROM "categories" WHERE "name" = ${p(1)}`, [name]);
    if (known) continue;
    const customary = UNIT_CATEGORIES.indexOf(name);
    const [last] = await raw.query<{ n: number | null }>(`SELECT MAX("position") AS n FROM "categories"`);
    const position = customary >= 0 ? customary : Math.max(UNIT_CATEGORIES.length - 1, Number(last?.n ?? 0)) + 1;
    await raw.execute(`INSERT INTO "categories" ("name", "position") VALUES (${p(1)}, ${p(2)})`, [name, position]);
    await audit(raw, actor, "categories.create", "categories", name, { batchId, position });
    if (batchId !== null) await recordChanges(raw, batchId, "categories", [{ key: name, before: null, beforeBatchId: null }]);
  }
}

/** One line of the audit log. */
export async function audit(raw: RawDb, actor: string, action: string, entity: string, entityId: string, detail: unknown): Promise<void> {
  await raw.insertMany(
    "audit_log",
    ["at", "actor", "action", "entity", "entityId", "detail"],
    [[raw.timestamp(new Date()), actor, action, entity, entityId, JSON.stringify(detail)]],
  );
}

async function createBatch(raw: RawDb, kind: RecordKind, fileName: string, hash: string, actor: string): Promise<number> {
  // what the batch changes is kept (import-changes.ts): it can be undone
  const values = [kind, fileName, hash, 0, 0, 0, 0, actor, raw.timestamp(new Date()), raw.bool(true)];
  const sql = `INSERT INTO "import_batches" ("kind", "fileName", "fileHash", "rows", "inserted", "updated", "unchanged", "createdBy", "createdAt", "undoable") VALUES (${placeholders(raw.provider, values.length)}) RETURNING "id"`;
  const [row] = await raw.query<{ id: number }>(sql, values);
  return Number(row?.id);
}

// ------------------------------------------------------------------ the import

/** Records with the accepted corrections laid over them. */
const overlaid = <T extends { id: string }>(overlay: CorrectionOverlay, records: T[]): T[] => (overlay.empty ? records : records.map((r) => overlay.apply(r)));

/**
 * Import files in one transaction (units first, then orders, events, facts).
 * Any problem in any file rolls everything back and returns every problem.
 */
export async function importFiles(db: Pick<Database, "url">, files: ImportFile[], options: ImportOptions): Promise<ImportResult> {
  // bulk inserts land all over the orders table (kept in unit order) and the id index: a large page cache for this
  // one connection keeps them in memory (measured on 1,000,000 orders: 68k rows/s with 64 MiB, 114k with 256 MiB);
  // on SQLite the connection has a thread of its own, which writes a batch while this one reads and checks the next
  const raw = openRaw(db.url, { cacheMiB: 256, thread: true });
  try {
    const result = await importWith(raw, files, options);
    // fresh statistics let the planner choose between the receipt-time index and a plain scan
    if (result.ok && result.files.some((f) => f.inserted > 0 || f.updated > 0)) {
      // on SQLite from a sample of each index (analysis_limit): the planner needs proportions, not exact counts
      if (raw.provider === "sqlite") await raw.execute("PRAGMA analysis_limit = 1000");
      await raw.execute(raw.provider === "sqlite" ? "ANALYZE" : `ANALYZE "orders", "events", "units"`);
    }
    return result;
  } finally {
    await raw.close();
  }
}

async function importWith(raw: RawDb, files: ImportFile[], options: ImportOptions): Promise<ImportResult> {
  const maxProblems = options.maxProblems ?? 10_000;
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const planned: { path: string; name: string; kind: RecordKind | undefined }[] = [];
  for (const f of files) {
    // a name that does not tell: the header does (a header of another kind than the name says is reported when read)
    const resolved = await resolveFileKind(f);
    if (resolved.problem) {
      problems.push(resolved.problem);
      problemCount++;
    }
    planned.push({ path: f.path, name: f.name ?? basename(f.path), kind: resolved.kind });
  }
  if (problemCount > 0) return { ok: false, problems, problemCount, files: [] };
  planned.sort((a, b) => ORDER_KINDS.indexOf(a.kind as RecordKind) - ORDER_KINDS.indexOf(b.kind as RecordKind));

  const { statSync } = await import("node:fs");
  const sizes = planned.map((f) => statSync(f.path).size);
  const totalBytes = sizes.reduce((s, x) => s + x, 0) || 1;
  let bytesBefore = 0;
  const reports: FileReport[] = [];
  const seen: Pick<FileReport, "file" | "kind" | "rows">[] = [];
  // order and event ids across all files of the call
  const ids = new RecordIds(options.laterRowWins ?? false);

  try {
    await raw.transaction(async () => {
      const units = (await raw.query<{ code: string; name: string; category: string }>(`SELECT "code", "name", "category" FROM "units"`)).map((u) => ({
        ...u,
        attributes: {},
      }));
      // every units file of this call adds to what later files may refer to
      let resolveUnit = createUnitResolver(units);
      // accepted corrections stand over what the files say (reported, never undone silently)
      const overlays = { orders: await CorrectionOverlay.load(raw, "orders"), events: await CorrectionOverlay.load(raw, "events") };
      for (const [index, f] of planned.entries()) {
        const kind = f.kind as RecordKind;
        const hash = await fileHash(f.path);
        const batch = { id: await createBatch(raw, kind, f.name, hash, options.actor) };
        const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 };
        let rows = 0;
        let duplicatesCollapsed = 0;
        let duplicatesReplaced = 0;
        const onProgress = (p: ReadProgress) => {
          options.onProgress?.({
            file: f.name,
            kind,
            rows: p.rows,
            bytesRead: p.bytesRead,
            totalBytes: p.totalBytes,
            fraction: Math.min(1, (bytesBefore + p.bytesRead) / totalBytes),
          });
        };
        const newUnits: Unit[] = [];
        const updated: Updated = new Map();
        // a unit's name must not be another unit's: a name a stored unit holds, unless this file renames that unit too
        const holders =
          kind === "units"
            ? new Map((await raw.query<{ code: string; name: string }>(`SELECT "code", "name" FROM "units"`)).map((u) => [u.name, u.code]))
            : null;
        const unitCodes = new Set<string>();
        const nameClaims: { row: number; name: string; holder: string }[] = [];
        let pending: unknown[] = [];
        // orders and events are written while the next batch is read and checked: one batch in flight at most (the
        // database works while this process parses; memory stays flat), each batch written after the one before it
        let writing: Promise<void> | null = null;
        const written = async () => {
          const w = writing;
          writing = null;
          if (w) await w;
        };
        const flush = async () => {
          const good = pending;
          pending = [];
          if (problemCount > 0 || good.length === 0) return;
          if (kind === "orders" || kind === "events") {
            // made ready while the batch before is still being written, then written after it
            const spec = (kind === "orders" ? orderSpec : eventSpec) as TableSpec<{ id: string }>;
            const prepared = prepareBatch(spec, overlaid(overlays[kind], good as (Order | HotlineEvent)[]), raw.provider);
            await written();
            const write = writeBatch(raw, spec, prepared, batch.id, counts, updated);
            // awaited by the next flush (or below); a failure is thrown there
            write.catch(() => {});
            writing = write;
            return;
          }
          await written();
          if (kind === "units") {
            newUnits.push(...(good as Unit[]));
            await ensureCategories(
              raw,
              (good as Unit[]).map((u) => u.category),
              options.actor,
              batch.id,
            );
            await upsert(raw, unitSpec, good as Unit[], batch.id, counts, updated);
          } else if (kind === "calendar") await upsertCalendar(raw, good as CalendarDay[], batch.id, options.actor, counts);
          else await upsertFacts(raw, good as Fact[], batch.id, options.actor, counts);
        };
        try {
          for await (const checked of readRecordBatches(f.path, kind, {
            resolveUnit: kind === "units" ? undefined : resolveUnit,
            onProgress,
            fileLabel: f.name,
            ids,
          })) {
            const good: unknown[] = [];
            for (const row of checked) {
              if (row.row > 1 || row.record) rows = Math.max(rows, row.row - 1);
              if (row.problems.length > 0) {
                problemCount += row.problems.length;
                for (const p of row.problems) if (problems.length < maxProblems) problems.push(p);
              } else if (row.record) {
                if (row.repeat === "identical") {
                  duplicatesCollapsed++;
                  continue;
                }
                if (row.repeat === "replaces") duplicatesReplaced++;
                good.push(row.record);
                if (holders) {
                  const { code, name } = row.record as Unit;
                  unitCodes.add(code);
                  const holder = holders.get(name);
                  if (holder !== undefined && holder !== code) nameClaims.push({ row: row.row, name, holder });
                }
              }
            }
            // once anything is wrong nothing will be kept: just keep checking
            if (problemCount > 0) continue;
            pending.push(...good);
            // units (a short list) are written when the whole file is known
            if (pending.length >= WRITE_BATCH && kind !== "units") await flush();
          }
        } catch (err) {
          // a file that cannot be read: the write in flight ends (either way) before the transaction is rolled back
          await written().catch(() => {});
          throw err;
        }
        for (const claim of nameClaims) {
          if (unitCodes.has(claim.holder)) continue;
          problemCount++;
          if (problems.length < maxProblems) {
            problems.push({
              file: f.name,
              row: claim.row,
              column: "单位名称",
              value: claim.name,
              reason: `单位名称已被单位 ${claim.holder} 使用`,
              reasonEn: `unit name already used by unit ${claim.holder}`,
            });
          }
        }
        await flush();
        await written();
        if (problemCount === 0 && updated.size > 0) {
          const spec = kind === "units" ? unitSpec : kind === "orders" ? orderSpec : eventSpec;
          await finishUpdates(raw, spec as TableSpec<unknown>, batch.id, options.actor, counts, updated);
        }
        if (kind === "calendar" && problemCount === 0 && (counts.inserted > 0 || counts.updated > 0)) {
          // the day table the push-down reads follows the calendar; a calendar import is not undone (it is corrected by
          // importing the right rows again)
          await rebuildWorkdays(raw);
          await raw.execute(`UPDATE "import_batches" SET "undoable" = ${placeholders(raw.provider, 1)} WHERE "id" = ${placeholders(raw.provider, 1, 2)}`, [
            raw.bool(false),
            batch.id,
          ]);
        }
        if (kind === "units") {
          units.push(...newUnits);
          resolveUnit = createUnitResolver(units);
        }
        bytesBefore += sizes[index] ?? 0;
        seen.push({ file: f.name, kind, rows });
        if (problemCount > 0) continue;
        const unchanged = counts.inserted === 0 && counts.updated === 0;
        const overlay = kind === "orders" || kind === "events" ? overlays[kind] : null;
        const corrections = overlay ? await overlay.finish(raw, unchanged ? null : batch.id) : [];
        for (const c of corrections) {
          await audit(raw, options.actor, c.outcome === "kept" ? "correction.kept" : "correction.confirmed", "corrections", String(c.correctionId), {
            file: f.name,
            batchId: unchanged ? null : batch.id,
            record: c.record,
            recordId: c.recordId,
            field: c.field,
            fileValue: c.fileValue,
            corrected: c.corrected,
          });
        }
        if (unchanged) {
          // nothing changed: leave no trace (re-importing a file changes nothing)
          await raw.execute(`DELETE FROM "import_changes" WHERE "batchId" = ${placeholders(raw.provider, 1)}`, [batch.id]);
          await raw.execute(`DELETE FROM "import_batches" WHERE "id" = ${placeholders(raw.provider, 1)}`, [batch.id]);
          reports.push({ file: f.name, kind, hash, rows, ...counts, duplicatesCollapsed, duplicatesReplaced, batchId: null, corrections });
          continue;
        }
        await raw.execute(
          `UPDATE "import_batches" SET "rows" = ${placeholders(raw.provider, 1)}, "inserted" = ${placeholders(raw.provider, 1, 2)}, "updated" = ${placeholders(raw.provider, 1, 3)}, "unchanged" = ${placeholders(raw.provider, 1, 4)} WHERE "id" = ${placeholders(raw.provider, 1, 5)}`,
          [rows, counts.inserted, counts.updated, counts.unchanged, batch.id],
        );
        const repeats = { ...(duplicatesCollapsed > 0 ? { duplicatesCollapsed } : {}), ...(duplicatesReplaced > 0 ? { duplicatesReplaced } : {}) };
        const kept = corrections.filter((c) => c.outcome === "kept").length;
        const confirmed = corrections.length - kept;
        await audit(raw, options.actor, `import.${kind}`, "import_batches", String(batch.id), {
          file: f.name,
          hash,
          rows,
          ...counts,
          ...repeats,
          ...(corrections.length > 0 ? { corrections: { kept, confirmed } } : {}),
        });
        reports.push({ file: f.name, kind, hash, rows, ...counts, duplicatesCollapsed, duplicatesReplaced, batchId: batch.id, corrections });
      }
      if (problemCount > 0) throw new Rollback();
    });
  } catch (err) {
    if (err instanceof Rollback) return { ok: false, problems, problemCount, files: seen };
    throw err;
  }
  return { ok: true, files: reports };
}

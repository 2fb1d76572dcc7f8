/**
 * Writing an import's records: insert the new, update the changed, leave the same alone; each change audited and
 * noted for the batch to be undone (import-changes.ts); the import batch's own row.
 */
import { type CalendarDay, type Fact, type FileColumns, formatShanghai, type RecordKind, UNIT_CATEGORIES, type Unit } from "@kaohe/data";
import { dayOf } from "@kaohe/rules-engine";
import type { Provider } from "../client.ts";
import { type ChangedEntity, type ChangeRecord, jsonColumn, recordChanges } from "../import-changes.ts";
import { clusteredTables } from "../layout.ts";
import type { RawDb, Row } from "../raw.ts";
import { ident, param, placeholders } from "../sql.ts";
import { byClusterKey, comparable, keepAbsentColumns, sameValues, type TableSpec, writtenDigest } from "./row-specs.ts";

/** Records written per round trip. */
export const WRITE_BATCH = 5000;

export interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** What the records a file updated changed: how many of each column, and the first few records of each, as stored before and now. */
export interface ChangeTally {
  columns: Map<string, number>;
  examples: Map<string, { key: string; from: unknown; to: unknown }[]>;
}

/** Records listed per changed column by the import's report, with their values before and after (the count is in `columns`). */
const CHANGES_LISTED = 5;

/** One record's column changed, tallied: counted, and listed while fewer than CHANGES_LISTED are. */
function tallyChange(tally: ChangeTally, column: string, key: string, from: unknown, to: unknown): void {
  tally.columns.set(column, (tally.columns.get(column) ?? 0) + 1);
  const listed = tally.examples.get(column) ?? [];
  if (listed.length < CHANGES_LISTED) tally.examples.set(column, [...listed, { key, from, to }]);
}

/**
 * The rows of one table whose keys are among the keys passed as one array (`$1`/`?`).
 *
 * On PostgreSQL each key is looked up by itself (a nested loop over the keys, one index probe each): written as
 * `"id" = ANY($1)`, the planner prices a 5,000-key array as most of the table while the import's own rows are not yet
 * in its statistics, and scanned the whole table for every batch (measured on a first import of 1,000,000 orders:
 * the lookup grew from 5 to 70 ms a batch, 40.6 s in all; as probes 5–9 ms a batch, 29.6 s).
 */
export function existingRowsSql(provider: Provider, table: string, keyColumn: string, columns: readonly string[] | null = null): string {
  const list = columns ? columns.map(ident).join(", ") : "*";
  return provider === "sqlite"
    ? `SELECT ${list} FROM ${ident(table)} WHERE ${ident(keyColumn)} IN (SELECT value FROM json_each(?))`
    : `SELECT t.* FROM unnest($1::text[]) AS k("key") CROSS JOIN LATERAL (SELECT ${list} FROM ${ident(table)} WHERE ${ident(keyColumn)} = k."key" LIMIT 1) AS t`;
}

/** Rows of one table whose keys are among `keys` (one prepared statement, the keys passed as one array): whole, or these columns. */
export async function existingRows(
  raw: RawDb,
  table: string,
  keyColumn: string,
  keys: string[],
  columns: readonly string[] | null = null,
): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
  if (keys.length === 0) return found;
  const rows = await raw.query(existingRowsSql(raw.provider, table, keyColumn, columns), [raw.provider === "sqlite" ? JSON.stringify(keys) : keys]);
  for (const row of rows) found.set(String(row[keyColumn]), row);
  return found;
}

/**
 * The stored rows of a batch's keys that may differ from the batch, whole, and the keys stored at all. A digested
 * table's row (orders, events) whose stored digest is the batch row's says the same: it is not read whole nor
 * compared, only counted unchanged (unless this file wrote it: a repeated id); a re-imported export is mostly such
 * rows. A row without a digest, or with another, is read whole and compared column by column, as a table without
 * digests always is (a digest differs, too, where a stored row keeps values of columns the file does not have).
 */
async function storedRows<T>(
  raw: RawDb,
  spec: TableSpec<T>,
  batch: PreparedBatch<T>,
  batchId: number,
  counts: Counts,
): Promise<{ stored: Set<string>; differing: Map<string, Row> }> {
  const keyColumn = spec.columns[0] as string;
  const keys = [...batch.byKey.keys()];
  const digests = batch.digests;
  if (!digests) {
    const differing = await existingRows(raw, spec.table, keyColumn, keys);
    return { stored: new Set(differing.keys()), differing };
  }
  const stamps = await existingRows(raw, spec.table, keyColumn, keys, [keyColumn, "digest", "batchId"]);
  const others: string[] = [];
  for (const [key, stamp] of stamps) {
    if (stamp.digest === null || stamp.digest !== digests.get(key)) others.push(key);
    else if (!writtenBy(stamp, batchId)) counts.unchanged++;
  }
  return { stored: new Set(stamps.keys()), differing: await existingRows(raw, spec.table, keyColumn, others) };
}

/** Did this import batch write the stored row (an id the file repeats)? */
const writtenBy = (row: Row, batchId: number) => row.batchId !== undefined && row.batchId !== null && Number(row.batchId) === batchId;

/**
 * The keys of the records of one file that changed a row stored before this import. The row as it was is not kept
 * here but noted at once for the batch to be undone (import_changes), and read back from there when the file is done
 * to audit the change once, from the stored version to the file's last version of the record: held in memory, the
 * stored rows of an import changing 100,000 orders took about 2 KB each of the heap (a 1,000,000-row one 2 GB).
 */
export type Updated = Set<string>;

/**
 * Insert new rows, update changed ones, leave identical ones alone. A record the same file wrote already in
 * an earlier write batch (a repeated order id: the later row wins) is overwritten without counting or
 * auditing it again; `finishUpdates` audits the net change of each updated record.
 */
export async function upsert<T>(
  raw: RawDb,
  spec: TableSpec<T>,
  records: T[],
  batchId: number,
  counts: Counts,
  updated: Updated,
  file: FileColumns | null = null,
): Promise<void> {
  await writeBatch(raw, spec, prepareBatch(spec, records, raw.provider), batchId, counts, updated, file);
}

/** A batch's records as they will be written: one per key, each as its row, and the order new rows are inserted in. */
export interface PreparedBatch<T> {
  byKey: Map<string, T>;
  rows: Map<string, unknown[]>;
  order: string[];
  /** each row's digest (a table with digests: orders, events) */
  digests: Map<string, string> | null;
}

/**
 * What writing a batch needs that the database does not decide: made while the batch before it is still being
 * written (the rows of the keys that turn out to be stored already are not inserted).
 */
export function prepareBatch<T>(spec: TableSpec<T>, records: T[], provider: Provider): PreparedBatch<T> {
  // within one batch the later row of an id wins (a re-evaluated order replaces the earlier)
  const byKey = new Map<string, T>();
  for (const r of records) byKey.set(spec.key(r), r);
  const rows = new Map<string, unknown[]>();
  for (const [key, record] of byKey) rows.set(key, spec.toRow(record, provider));
  // digested here, while the batch before is written, not after this batch's lookup nor by the thread that writes it
  // (measured on 1,000,000 orders); a row found stored with the same digest is left alone (storedRows)
  const digests = spec.digested ? new Map<string, string>() : null;
  if (digests) for (const [key, row] of rows) digests.set(key, writtenDigest(spec, row, provider));
  let order = [...byKey.keys()];
  // orders are keyed on (unit, receipt time, id), which SQLite keeps them in (layout.ts): inserted in that order,
  // consecutive rows land on the same pages of the table (SQLite) or of its key's index (PostgreSQL: a COPY of
  // 1,000,000 orders in batches of 5,000 took 10.5–11.5 s so, 13.7–16.3 s in the file's order)
  if (clusteredTables.includes(spec.table)) {
    const entries = order.map((key) => ({ key, row: rows.get(key) as unknown[] }));
    entries.sort((a, b) => byClusterKey(a.row, b.row));
    order = entries.map((e) => e.key);
  }
  return { byKey, rows, order, digests };
}

/**
 * The columns an import stamps on a row it writes, after the table's own (writeBatch's `extraValues`, then the digest):
 * what putting a row back as it was must put back too.
 */
export const stampColumns = (spec: Pick<TableSpec<unknown>, "table" | "digested">): string[] =>
  spec.table === "units" ? ["updatedAt"] : ["batchId", "updatedAt", ...(spec.digested ? ["digest"] : [])];

/**
 * Write a prepared batch: insert the new records, update the stored ones that changed. `file`: the columns the file
 * has; a stored record keeps its values of the others (keepAbsentColumns). Null: every column is the file's.
 */
export async function writeBatch<T>(
  raw: RawDb,
  spec: TableSpec<T>,
  batch: PreparedBatch<T>,
  batchId: number,
  counts: Counts,
  updated: Updated,
  file: FileColumns | null = null,
): Promise<void> {
  const provider = raw.provider;
  const { byKey, rows } = batch;
  const { stored, differing: existing } = await storedRows(raw, spec, batch, batchId, counts);
  const now = Date.now();
  const stamp = spec.table === "units" ? raw.timestamp(new Date(now)) : now;
  // the stamps' values, in stampColumns' order (a row's digest after them)
  const extraValues = spec.table === "units" ? [stamp] : [batchId, stamp];
  if (spec.table === "units") {
    // unit names are unique: free the names being changed first, so that units may exchange names
    for (const [key, record] of byKey) {
      const before = existing.get(key);
      if (before && before.name !== (record as Unit).name) {
        await raw.execute(`UPDATE "units" SET "name" = ${placeholders(provider, 1)} WHERE "code" = ${placeholders(provider, 1, 2)}`, [`${key}\u0001`, key]);
      }
    }
  }
  const keep = file ? keepAbsentColumns(spec, file) : null;
  // the changed rows, updated together once they are known (each row its columns, then the stamps, then its digest)
  const updates: unknown[][] = [];
  // the stored rows this file changes for the first time, as they were: undoing the batch puts them back
  const firstChanged: ChangeRecord[] = [];
  for (const [key, written] of byKey) {
    const before = existing.get(key);
    if (!before) continue;
    const record = keep ? keep(written, before) : written;
    const old = spec.fromRow(before, provider);
    const neu = comparable(spec, record, provider);
    const writtenByThisFile = writtenBy(before, batchId);
    if (sameValues(old, neu)) {
      if (!writtenByThisFile) counts.unchanged++;
      continue;
    }
    const asWritten = record === written;
    const row = asWritten ? (rows.get(key) as unknown[]) : spec.toRow(record, provider);
    // an updated row's digest: made with the batch (here for a record with stored values kept)
    const digest = spec.digested ? ((asWritten ? batch.digests?.get(key) : undefined) ?? writtenDigest(spec, row, provider)) : null;
    updates.push(digest === null ? [...row, ...extraValues] : [...row, ...extraValues, digest]);
    if (writtenByThisFile) continue;
    updated.add(key);
    firstChanged.push({ key, before, beforeBatchId: before.batchId === undefined || before.batchId === null ? null : Number(before.batchId) });
    counts.updated++;
  }
  const columns = [...spec.columns, ...stampColumns(spec)];
  await raw.updateMany(spec.table, columns, updates);
  await recordChanges(raw, batchId, spec.table as ChangedEntity, firstChanged);
  const inserts: unknown[][] = [];
  for (const key of batch.order) {
    if (stored.has(key)) continue;
    const row = rows.get(key) as unknown[];
    const digest = batch.digests?.get(key);
    for (const v of extraValues) row.push(v);
    if (digest !== undefined) row.push(digest);
    inserts.push(row);
  }
  if (inserts.length > 0) {
    await raw.insertMany(spec.table, columns, inserts);
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
 * When a file is done: audit each updated record's change from its stored version (noted when the file first changed
 * it: writeBatch) to its final one. A record whose repeated rows brought it back to the stored version did not change:
 * its row gets back its batch and time stamp, its note is dropped, and it counts as unchanged (so re-importing such a
 * file changes nothing).
 */
export async function finishUpdates<T>(
  raw: RawDb,
  spec: TableSpec<T>,
  batchId: number,
  /** the last note's id before the file was written (lastChangeId) */
  notesAfter: number,
  by: By,
  counts: Counts,
  tally?: ChangeTally,
): Promise<void> {
  const provider = raw.provider;
  const keyColumn = spec.columns[0] as string;
  const stamps = stampColumns(spec);
  // the batch's notes of updated records (a new unit's has no `before`), a write batch's worth at a time in the order
  // they were written: along the primary key from the last read, beginning after the notes before the file (imports
  // run one at a time, so what follows is this import's), the rest sorted out here. By the primary key alone: asked
  // for the batch's and the table's too, PostgreSQL (its statistics not knowing the batch yet) read every note of the
  // batch and sorted them for each page (142 ms a page at 50,000 notes: 200,000 changed orders took 46 s, not 31)
  const page = `SELECT "id", "batchId", "entity", "recordKey", "before" FROM "import_changes" WHERE "id" > ${param(provider, 1)} ORDER BY "id" LIMIT ${WRITE_BATCH}`;
  for (let after = notesAfter; ; ) {
    const read = await raw.query<{ id: number | string; batchId: number | string; entity: string; recordKey: string; before: unknown }>(page, [after]);
    if (read.length === 0) break;
    after = Number(read[read.length - 1]?.id);
    const notes = read.filter((n) => Number(n.batchId) === batchId && n.entity === spec.table && n.before !== null && n.before !== undefined);
    const current = await existingRows(
      raw,
      spec.table,
      keyColumn,
      notes.map((n) => n.recordKey),
    );
    // each updated record's line, written together: one statement each was 7.5 of the 20 s an import updating 20,000
    // orders took on PostgreSQL
    const lines: unknown[][] = [];
    // records the file's later rows brought back to what was stored: their stamps put back too, their notes dropped
    const unchangedAfterAll: unknown[][] = [];
    const dropped: number[] = [];
    for (const note of notes) {
      const key = note.recordKey;
      const before = jsonColumn(raw, note.before) as Row;
      const old = spec.fromRow(before, provider);
      const now = spec.fromRow(current.get(key) as Row, provider);
      if (sameValues(old, now)) {
        unchangedAfterAll.push([key, ...stamps.map((c) => before[c])]);
        dropped.push(Number(note.id));
        counts.updated--;
        counts.unchanged++;
        continue;
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      spec.columns.forEach((c, i) => {
        if (sameValues([old[i]], [now[i]])) return;
        changes[c] = { from: old[i], to: now[i] };
        // tallied for the report: what an update changed, which records, from what to what (a re-import moving an order
        // to another unit said only 更新 1; a count alone hid which order's 超期说明已认可 changed: a data review)
        if (tally) tallyChange(tally, c, key, old[i], now[i]);
      });
      if (spec.audited) lines.push(auditLine(raw, by, `${spec.table}.update`, spec.table, key, { batchId, changes }));
    }
    await raw.updateMany(spec.table, [keyColumn, ...stamps], unchangedAfterAll);
    if (dropped.length > 0) await raw.execute(`DELETE FROM "import_changes" WHERE "id" IN (${dropped.join(", ")})`);
    if (lines.length > 0) await raw.insertMany("audit_log", AUDIT_COLUMNS, lines);
  }
}

/**
 * Facts by unit, year (or month) and item: a new one inserted, a changed value updated (audited, and tallied for the
 * report: 填报年度事项 said 更新 1 and not which item from what to what, a walk), the same left as it is.
 */
export async function upsertFacts(raw: RawDb, facts: Fact[], batchId: number, by: By, counts: Counts, tally?: ChangeTally): Promise<void> {
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
      await audit(raw, by, "facts.update", "facts", key, { batchId, changes: { value: { from: existing.value, to: value } } });
      if (tally) tallyChange(tally, "value", key, existing.value, value);
      const beforeBatchId = existing.batchId === null ? null : Number(existing.batchId);
      await recordChanges(raw, batchId, "facts", [{ key: String(existing.id), before: { value: existing.value, batchId: beforeBatchId }, beforeBatchId }]);
      counts.updated++;
    } else counts.unchanged++;
  }
}

/** Calendar rows by date: a new date inserted, a date marked otherwise updated (audited), the same left as it is. */
export async function upsertCalendar(raw: RawDb, days: CalendarDay[], batchId: number, by: By, counts: Counts): Promise<void> {
  const p = (i: number) => param(raw.provider, i);
  for (const d of days) {
    const day = dayOf(d.date);
    const [existing] = await raw.query<{ type: string; note: string | null }>(`SELECT "type", "note" FROM "holidays" WHERE "day" = ${p(1)}`, [day]);
    if (!existing) {
      await raw.insertMany("holidays", ["day", "type", "note", "batchId"], [[day, d.type, d.note, batchId]]);
      counts.inserted++;
    } else if (existing.type !== d.type || (existing.note ?? null) !== d.note) {
      await raw.execute(`UPDATE "holidays" SET "type" = ${p(1)}, "note" = ${p(2)}, "batchId" = ${p(3)} WHERE "day" = ${p(4)}`, [d.type, d.note, batchId, day]);
      await audit(raw, by, "holidays.update", "holidays", formatShanghai(d.date, "date"), {
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
export async function ensureCategories(raw: RawDb, categories: readonly string[], by: By, batchId: number | null): Promise<void> {
  const p = (i: number) => param(raw.provider, i);
  for (const name of new Set(categories)) {
    const [known] = await raw.query(`SELECT "name" FROM "categories" WHERE "name" = ${p(1)}`, [name]);
    if (known) continue;
    const customary = UNIT_CATEGORIES.indexOf(name);
    const [last] = await raw.query<{ n: number | null }>(`SELECT MAX("position") AS n FROM "categories"`);
    const position = customary >= 0 ? customary : Math.max(UNIT_CATEGORIES.length - 1, Number(last?.n ?? 0)) + 1;
    await raw.execute(`INSERT INTO "categories" ("name", "position") VALUES (${p(1)}, ${p(2)})`, [name, position]);
    await audit(raw, by, "categories.create", "categories", name, { batchId, position });
    if (batchId !== null) await recordChanges(raw, batchId, "categories", [{ key: name, before: null, beforeBatchId: null }]);
  }
}

/** Who imports, and from where: every line the import writes to the audit log names both (the batch's and each record's). */
export interface By {
  actor: string;
  address?: string | null;
}

const AUDIT_COLUMNS = ["at", "actor", "action", "entity", "entityId", "detail", "address"] as const;

/** One line of the audit log, as a row of AUDIT_COLUMNS, stamped now. */
const auditLine = (raw: RawDb, by: By, action: string, entity: string, entityId: string, detail: unknown): unknown[] => [
  raw.timestamp(new Date()),
  by.actor,
  action,
  entity,
  entityId,
  JSON.stringify(detail),
  by.address ?? null,
];

/** One line of the audit log. */
export async function audit(raw: RawDb, by: By, action: string, entity: string, entityId: string, detail: unknown): Promise<void> {
  await raw.insertMany("audit_log", AUDIT_COLUMNS, [auditLine(raw, by, action, entity, entityId, detail)]);
}

export async function createBatch(raw: RawDb, kind: RecordKind, fileName: string, hash: string, actor: string): Promise<number> {
  // what the batch changes is kept (import-changes.ts): it can be undone
  const values = [kind, fileName, hash, 0, 0, 0, 0, actor, raw.timestamp(new Date()), raw.bool(true)];
  const sql = `INSERT INTO "import_batches" ("kind", "fileName", "fileHash", "rows", "inserted", "updated", "unchanged", "createdBy", "createdAt", "undoable") VALUES (${placeholders(raw.provider, values.length)}) RETURNING "id"`;
  const [row] = await raw.query<{ id: number }>(sql, values);
  return Number(row?.id);
}

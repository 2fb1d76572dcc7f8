/**
 * What an import batch changed, kept so that the batch can be undone
 * (import-undo.ts): each stored record it changed, as it was before, and
 * each unit and category it created. The orders, events and facts a batch
 * creates are not listed: they carry the batch's id (`batchId`), and a
 * million new orders cost no second write.
 */
import type { RawDb } from "./raw.ts";

/** The tables whose records a batch changes. */
export type ChangedEntity = "units" | "orders" | "events" | "facts" | "categories" | "corrections";

export interface ChangeRecord {
  /** the record's key: unit code, order or event id, fact id, category name, correction id */
  key: string;
  /** the stored row before the batch changed it; null: the batch created the record */
  before: unknown;
  /** the batch that had written the record before (orders, events, facts) */
  beforeBatchId: number | null;
}

/** A JSON column's value as read back (a change's `before`): SQLite's reads as its text, PostgreSQL's jsonb as its value. */
export const jsonColumn = (raw: RawDb, v: unknown): unknown => (raw.provider === "sqlite" && typeof v === "string" ? JSON.parse(v) : v);

/** The id of the last note of any batch (0 for none): a batch's notes written after this are the ones above it. */
export async function lastChangeId(raw: RawDb): Promise<number> {
  const [row] = await raw.query<{ n: number | string | null }>(`SELECT MAX("id") AS n FROM "import_changes"`);
  return Number(row?.n ?? 0);
}

/** Note records a batch changed (inside the import's transaction). */
export async function recordChanges(raw: RawDb, batchId: number, entity: ChangedEntity, changes: readonly ChangeRecord[]): Promise<void> {
  if (changes.length === 0) return;
  await raw.insertMany(
    "import_changes",
    ["batchId", "entity", "recordKey", "before", "beforeBatchId"],
    changes.map((c) => [batchId, entity, c.key, c.before === null ? null : JSON.stringify(c.before), c.beforeBatchId]),
  );
}

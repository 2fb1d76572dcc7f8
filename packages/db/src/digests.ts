/**
 * Rows without a digest — written before digests were kept (a database an earlier release built), or changed since
 * by a writer that does not make one — get theirs: a data fingerprint reads the stored digests and digests the rows
 * without one itself, which on a large table costs what the digests save. Run in the background (the server's
 * writer thread at start): one pass over each table in its key order, a chunk per transaction on a connection of its
 * own, so that it never holds the database for long. On SQLite that connection never waits for a lock: the thread it
 * runs on also answers the writer's requests, and a connection waiting there would stop them; when the database is
 * busy (an import) the chunk is tried again a little later.
 */
import { RECORD_ORDER, storedRowDigest } from "./import/row-specs.ts";
import { openRaw } from "./raw.ts";
import { param } from "./sql.ts";

interface FillOptions {
  /** rows per transaction */
  chunk?: number;
  /** how long to wait before trying a busy chunk again, and how many times */
  retryMs?: number;
  retries?: number;
}

/** Digests made and stored for the rows of orders and events that have none; how many. */
export async function fillMissingDigests(url: string, options: FillOptions = {}): Promise<number> {
  const chunk = options.chunk ?? 2000;
  const raw = openRaw(url);
  const retry = busyRetry(options);
  let filled = 0;
  try {
    if (raw.provider === "sqlite") await raw.execute("PRAGMA busy_timeout = 0");
    for (const table of ["orders", "events"] as const) {
      const key = RECORD_ORDER[table];
      const keyList = key.map((c) => `"${c}"`).join(", ");
      let after: unknown[] | null = null;
      for (;;) {
        const past = after ? ` AND (${keyList}) > (${key.map((_, i) => param(raw.provider, i + 1)).join(", ")})` : "";
        const rows = await raw.query(`SELECT * FROM "${table}" WHERE "digest" IS NULL${past} ORDER BY ${keyList} LIMIT ${chunk}`, after ?? []);
        if (rows.length === 0) break;
        // only the digest is written: the trigger that clears a stale digest watches the other columns
        const sql = `UPDATE "${table}" SET "digest" = ${param(raw.provider, 1)} WHERE "id" = ${param(raw.provider, 2)} AND "digest" IS NULL`;
        await retry(() =>
          raw.transaction(async () => {
            for (const row of rows) await raw.execute(sql, [storedRowDigest(table, row, raw.provider), row.id]);
          }),
        );
        filled += rows.length;
        if (rows.length < chunk) break;
        const last = rows[rows.length - 1] as Record<string, unknown>;
        after = key.map((c) => last[c]);
      }
    }
  } finally {
    await raw.close();
  }
  return filled;
}

/** Runs a write again, a while later, as long as SQLite says the database is busy (at most `retries` times in all). */
function busyRetry(options: FillOptions): (write: () => Promise<unknown>) => Promise<void> {
  let left = options.retries ?? 60;
  return async (write) => {
    for (;;) {
      try {
        await write();
        return;
      } catch (err) {
        if ((err as { code?: unknown }).code !== "SQLITE_BUSY" || left-- <= 0) throw err;
        await new Promise((ok) => setTimeout(ok, options.retryMs ?? 10_000));
      }
    }
  };
}

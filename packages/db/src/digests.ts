/**
 * Rows without a digest — written before digests were kept (a database an earlier release built), or changed since
 * by a writer that does not make one — get theirs: a data fingerprint reads the stored digests and digests the rows
 * without one itself, which on a large table costs what the digests save. Run in the background (the server's
 * writer thread at start), a chunk per transaction on a connection of its own, so that it never holds the database
 * for long. On SQLite that connection never waits for a lock: the thread it runs on also answers the writer's
 * requests, and a connection waiting there would stop them; when the database is busy (an import) the chunk is
 * tried again a little later.
 */
import { storedRowDigest } from "./import/row-specs.ts";
import { openRaw } from "./raw.ts";
import { placeholders } from "./sql.ts";

/** Digests made and stored for the rows of orders and events that have none; how many. */
export async function fillMissingDigests(url: string, options: { chunk?: number; retryMs?: number; retries?: number } = {}): Promise<number> {
  const chunk = options.chunk ?? 2000;
  const raw = openRaw(url);
  let filled = 0;
  let retries = options.retries ?? 60;
  try {
    if (raw.provider === "sqlite") await raw.execute("PRAGMA busy_timeout = 0");
    for (const table of ["orders", "events"] as const) {
      for (;;) {
        const rows = await raw.query(`SELECT * FROM "${table}" WHERE "digest" IS NULL LIMIT ${chunk}`);
        if (rows.length === 0) break;
        const p = placeholders(raw.provider, 1);
        const q = placeholders(raw.provider, 1, 2);
        // only the digest is written: the trigger that clears a stale digest watches the other columns
        const write = () =>
          raw.transaction(async () => {
            for (const row of rows) {
              await raw.execute(`UPDATE "${table}" SET "digest" = ${p} WHERE "id" = ${q} AND "digest" IS NULL`, [
                storedRowDigest(table, row, raw.provider),
                row.id,
              ]);
            }
          });
        for (;;) {
          try {
            await write();
            break;
          } catch (err) {
            if ((err as { code?: unknown }).code !== "SQLITE_BUSY" || retries-- <= 0) throw err;
            await new Promise((ok) => setTimeout(ok, options.retryMs ?? 10_000));
          }
        }
        filled += rows.length;
        if (rows.length < chunk) break;
      }
    }
  } finally {
    await raw.close();
  }
  return filled;
}

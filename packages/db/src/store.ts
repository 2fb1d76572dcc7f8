/**
 * A store: the Prisma client for ordinary reads and writes, and a plain
 * driver connection for the two hot paths (import, measure push-down), on
 * the same database, migrated on open.
 */
import { type Database, DEFAULT_SQLITE_URL, openDatabase } from "./client.ts";
import { migrate } from "./migrate.ts";
import { openRaw, type RawDb } from "./raw.ts";

export interface Store extends Database {
  raw: RawDb;
}

export async function openStore(url: string = process.env.DATABASE_URL ?? DEFAULT_SQLITE_URL, options: { migrate?: boolean } = {}): Promise<Store> {
  const db = await openDatabase(url);
  try {
    if (options.migrate !== false) await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const raw = openRaw(url);
  return {
    ...db,
    raw,
    async close() {
      await raw.close();
      await db.close();
    },
  };
}

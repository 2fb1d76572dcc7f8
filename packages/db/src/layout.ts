/**
 * Storage layout Prisma's schema language cannot express.
 *
 * On SQLite the orders table is clustered on its primary key (unit, receipt
 * time, id) — `WITHOUT ROWID` — so that scoring reads each unit's orders of a
 * period as one contiguous run and aggregates them without sorting (on
 * 1,000,000 orders, sorting them by unit was over half the time of a month's
 * scoring), and a unit's drill-down is one range. Prisma writes the table as
 * an ordinary rowid table with a composite key; `migration:new` passes its
 * SQLite script through `sqliteLayout`, and the schema test applies the same
 * function to Prisma's own script, so the two stay comparable.
 */

/** Tables stored WITHOUT ROWID on SQLite. */
export const clusteredTables: readonly string[] = ["orders"];

/** The SQLite migration script with each clustered table (or Prisma's `new_…` copy when it rebuilds one) made WITHOUT ROWID. */
export function sqliteLayout(sql: string): string {
  let out = sql;
  for (const table of clusteredTables) {
    for (const name of [table, `new_${table}`]) {
      const start = out.indexOf(`CREATE TABLE "${name}" (`);
      if (start < 0) continue;
      const end = out.indexOf("\n);", start);
      if (end < 0) throw new Error(`sqliteLayout: no end of CREATE TABLE "${name}"`);
      if (/^\s*WITHOUT ROWID/.test(out.slice(end + 2))) continue;
      out = `${out.slice(0, end + 2)} WITHOUT ROWID${out.slice(end + 2)}`;
    }
  }
  return out;
}

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

/** Tables stored WITHOUT ROWID on SQLite (the engine's SQL compiler is told, measure-sql.ts `targets`: it reads them a unit at a time). */
export const clusteredTables: readonly string[] = ["orders"];

/** The SQLite migration script with each clustered table (or Prisma's `new_…` copy when it rebuilds one) made WITHOUT ROWID. */
function sqliteLayout(sql: string): string {
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

/**
 * Indexes Prisma's schema language cannot express, on both databases: partial
 * indexes. `migration:new` adds one to the first migration after it is listed
 * here (with its `prepare` statement, which makes existing rows fit it), and
 * again after any migration that creates or rebuilds its table (SQLite's
 * table rebuild drops the indexes Prisma does not know about); the schema
 * test applies `schemaLayout` to Prisma's own script the same way.
 */
export interface ExtraIndex {
  name: string;
  table: string;
  create: string;
  /** run once, before the index is first created: existing rows made to fit it */
  prepare?: string;
}

export const extraIndexes: readonly ExtraIndex[] = [
  {
    // one current publication per period: of two concurrent publications of a month, only one can commit
    name: "published_results_current_key",
    table: "published_results",
    create: `CREATE UNIQUE INDEX "published_results_current_key" ON "published_results"("period") WHERE "supersededAt" IS NULL`,
    // a database where a race already left two current publications of a period keeps the later one current
    prepare: `UPDATE "published_results" SET "supersededAt" = "publishedAt" WHERE "supersededAt" IS NULL AND "id" NOT IN (SELECT MAX("id") FROM "published_results" WHERE "supersededAt" IS NULL GROUP BY "period")`,
  },
  {
    // one yearly fact per unit, year and item: NULL months are distinct to the (unit, year, month, item) key
    name: "facts_yearly_key",
    table: "facts",
    create: `CREATE UNIQUE INDEX "facts_yearly_key" ON "facts"("unit", "year", "item") WHERE "month" IS NULL`,
  },
];

/**
 * A migration script with what Prisma cannot say: on SQLite the clustered
 * tables (`sqliteLayout`); on both databases the extra indexes of every table
 * the script creates or rebuilds, and those named in `introduce` (indexes no
 * earlier migration has created yet).
 */
export function schemaLayout(provider: "sqlite" | "postgres", sql: string, options: { introduce?: readonly string[] } = {}): string {
  const out = provider === "sqlite" ? sqliteLayout(sql) : sql;
  const added: string[] = [];
  for (const index of extraIndexes) {
    const introduced = options.introduce?.includes(index.name) ?? false;
    const created = out.includes(`CREATE TABLE "${index.table}" (`) || out.includes(`CREATE TABLE "new_${index.table}" (`);
    if (!introduced && !created) continue;
    if (introduced && index.prepare) added.push(`${index.prepare};`);
    added.push(`${index.create};`);
  }
  if (added.length === 0) return out;
  return `${out.replace(/\s*$/, "\n")}\n-- Partial indexes (src/layout.ts: Prisma cannot express them)\n${added.join("\n")}\n`;
}

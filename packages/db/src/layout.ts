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
 * References PostgreSQL checks once per statement, not once per row. A foreign key runs a query per row written
 * (find the referenced row, lock it): an import's COPY of 5,000 orders ran 10,000 of them, and the orders' two foreign
 * keys were a third of a first import's time (1,000,000 orders: 29.6 s with them, 20–23 s without; the rest of the
 * table's keys and indexes as they were). On PostgreSQL each is triggers instead (`referenceChecks`), which keep
 * the foreign key's promises:
 * - rows inserted (by INSERT or COPY) name only rows that exist: checked after each statement, over the distinct
 *   values it wrote (a transition table), and those rows locked FOR KEY SHARE as a foreign key locks them, so that
 *   no one deletes them before the writing transaction ends;
 * - a row updated to another value: the same, for that row;
 * - the referenced row deleted: refused while rows name it (`restrict`), or those rows' reference emptied
 *   (`set null`); its key changed: the rows follow (ON UPDATE CASCADE).
 * Like kaohe's transactions they read as READ COMMITTED (a deletion's check sees what committed before it ran; a
 * foreign key also covers a deleter at REPEATABLE READ). SQLite keeps them as foreign keys: it checks a row's key
 * by one index probe of its own, with no query.
 */
export interface CheckedReference {
  /** the foreign key's name in Prisma's script, which the checks' errors give as their constraint */
  name: string;
  table: string;
  column: string;
  references: string;
  key: string;
  onDelete: "restrict" | "set null";
}

export const statementCheckedReferences: readonly CheckedReference[] = [
  { name: "orders_unit_fkey", table: "orders", column: "unit", references: "units", key: "code", onDelete: "restrict" },
  { name: "orders_batchId_fkey", table: "orders", column: "batchId", references: "import_batches", key: "id", onDelete: "set null" },
];

const q = (name: string) => `"${name}"`;

/**
 * The triggers that check one table's references (PostgreSQL; each statement on lines of its own, a function's body
 * one statement: src/migrate.ts splits a script at `;` at a line's end outside dollar quotes). The functions keep
 * the search path they were made under (a session with another, as a data-only restore sets, still finds the tables)
 * and are made or replaced (a later migration may make them again).
 */
function referenceChecks(table: string): string {
  const refs = statementCheckedReferences.filter((r) => r.table === table);
  if (refs.length === 0) return "";
  const missing = (r: CheckedReference, value: string) =>
    `RAISE foreign_key_violation USING MESSAGE = 'insert or update on table ${q(table)} violates foreign key constraint ${q(r.name)}', ` +
    `DETAIL = format('Key (${r.column})=(%s) is not present in table ${q(r.references)}.', ${value}), CONSTRAINT = '${r.name}', TABLE = '${table}';`;
  const written = `kaohe_written_${table}`;
  const statementChecks = refs.map(
    (r) => `  -- ${r.column}: the ${r.references} named, locked as a foreign key locks them; then any not there
  PERFORM 1 FROM ${q(r.references)} WHERE ${q(r.key)} IN (SELECT ${q(r.column)} FROM ${q(written)}) FOR KEY SHARE;
  SELECT w.${q(r.column)}::text INTO absent FROM (SELECT DISTINCT ${q(r.column)} FROM ${q(written)} WHERE ${q(r.column)} IS NOT NULL) AS w
    WHERE NOT EXISTS (SELECT 1 FROM ${q(r.references)} AS x WHERE x.${q(r.key)} = w.${q(r.column)}) LIMIT 1;
  IF FOUND THEN
    ${missing(r, "absent")}
  END IF;`,
  );
  const rowChecks = refs.map(
    (r) => `  IF NEW.${q(r.column)} IS NOT NULL AND NEW.${q(r.column)} IS DISTINCT FROM OLD.${q(r.column)} THEN
    PERFORM 1 FROM ${q(r.references)} WHERE ${q(r.key)} = NEW.${q(r.column)} FOR KEY SHARE;
    IF NOT FOUND THEN
      ${missing(r, `NEW.${q(r.column)}::text`)}
    END IF;
  END IF;`,
  );
  const changed = refs.map((r) => `OLD.${q(r.column)} IS DISTINCT FROM NEW.${q(r.column)}`).join(" OR ");
  const parts = [
    `-- ${table}' references checked once per statement (src/layout.ts statementCheckedReferences)
CREATE OR REPLACE FUNCTION "kaohe_${table}_inserted"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  absent text;
BEGIN
${statementChecks.join("\n")}
  RETURN NULL;
END
$$;`,
    `CREATE TRIGGER "kaohe_${table}_inserted" AFTER INSERT ON ${q(table)} REFERENCING NEW TABLE AS ${q(written)} FOR EACH STATEMENT EXECUTE FUNCTION "kaohe_${table}_inserted"();`,
    `CREATE OR REPLACE FUNCTION "kaohe_${table}_updated"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
${rowChecks.join("\n")}
  RETURN NULL;
END
$$;`,
    `CREATE TRIGGER "kaohe_${table}_updated" AFTER UPDATE OF ${refs.map((r) => q(r.column)).join(", ")} ON ${q(table)} FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION "kaohe_${table}_updated"();`,
  ];
  for (const r of refs) {
    const fn = `kaohe_${r.name}`;
    const deleted =
      r.onDelete === "restrict"
        ? `IF EXISTS (SELECT 1 FROM ${q(table)} WHERE ${q(r.column)} = OLD.${q(r.key)}) THEN
      RAISE foreign_key_violation USING MESSAGE = 'update or delete on table ${q(r.references)} violates foreign key constraint ${q(r.name)} on table ${q(table)}', DETAIL = format('Key (${r.key})=(%s) is still referenced from table ${q(table)}.', OLD.${q(r.key)}::text), CONSTRAINT = '${r.name}', TABLE = '${r.references}';
    END IF;`
        : `UPDATE ${q(table)} SET ${q(r.column)} = NULL WHERE ${q(r.column)} = OLD.${q(r.key)};`;
    parts.push(
      `-- ${r.references} deleted: ${r.onDelete === "restrict" ? `refused while ${table} name it` : `${table} naming them name none`}; a key changed: ${table} follow
CREATE OR REPLACE FUNCTION ${q(fn)}() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    ${deleted}
  ELSE
    UPDATE ${q(table)} SET ${q(r.column)} = NEW.${q(r.key)} WHERE ${q(r.column)} = OLD.${q(r.key)};
  END IF;
  RETURN NULL;
END
$$;`,
      `CREATE TRIGGER ${q(`${fn}_deleted`)} AFTER DELETE ON ${q(r.references)} FOR EACH ROW EXECUTE FUNCTION ${q(fn)}();`,
      `CREATE TRIGGER ${q(`${fn}_updated`)} AFTER UPDATE OF ${q(r.key)} ON ${q(r.references)} FOR EACH ROW WHEN (OLD.${q(r.key)} IS DISTINCT FROM NEW.${q(r.key)}) EXECUTE FUNCTION ${q(fn)}();`,
    );
  }
  return parts.join("\n\n");
}

/** Prisma's statement adding a foreign key the layout checks by triggers instead (with its `-- AddForeignKey` line). */
const addForeignKey = (r: CheckedReference) =>
  new RegExp(`(?:-- AddForeignKey\\n)?ALTER TABLE "${r.table}" ADD CONSTRAINT "${r.name}" FOREIGN KEY [^;]*;\\n?`, "g");

/**
 * A migration script with what Prisma cannot say: on SQLite the clustered
 * tables (`sqliteLayout`); on both databases the extra indexes of every table
 * the script creates or rebuilds, and those named in `introduce` (indexes no
 * earlier migration has created yet); on PostgreSQL the references checked by
 * statement (`statementCheckedReferences`) instead of Prisma's foreign keys, for
 * each table the script creates, and those named in `introduce` (their foreign
 * keys dropped).
 */
export function schemaLayout(provider: "sqlite" | "postgres", sql: string, options: { introduce?: readonly string[] } = {}): string {
  let out = provider === "sqlite" ? sqliteLayout(sql) : sql;
  const introduced = (name: string) => options.introduce?.includes(name) ?? false;
  const created = (table: string) => out.includes(`CREATE TABLE "${table}" (`) || out.includes(`CREATE TABLE "new_${table}" (`);
  const added: string[] = [];
  for (const index of extraIndexes) {
    if (!introduced(index.name) && !created(index.table)) continue;
    if (introduced(index.name) && index.prepare) added.push(`${index.prepare};`);
    added.push(`${index.create};`);
  }
  const checked: string[] = [];
  if (provider === "postgres") {
    const tables = new Set<string>();
    for (const r of statementCheckedReferences) {
      out = out.replace(addForeignKey(r), "");
      if (introduced(r.name) && !created(r.table)) checked.push(`ALTER TABLE "${r.table}" DROP CONSTRAINT "${r.name}";`);
      if (introduced(r.name) || created(r.table)) tables.add(r.table);
    }
    for (const table of tables) checked.push(referenceChecks(table));
  }
  if (added.length > 0) out = `${out.replace(/\s*$/, "\n")}\n-- Partial indexes (src/layout.ts: Prisma cannot express them)\n${added.join("\n")}\n`;
  if (checked.length > 0)
    out = `${out.replace(/\s*$/, "\n")}\n-- References checked by statement (src/layout.ts: Prisma cannot express them)\n${checked.join("\n\n")}\n`;
  return out;
}

/**
 * The committed migrations build exactly the schema the Prisma models
 * describe, on both databases: a database migrated with `migrate()` and one
 * built from `prisma migrate diff --from-empty --to-schema-datamodel …` have
 * the same tables, columns, indexes and foreign keys. Our migrator keeps
 * Prisma's `_prisma_migrations` history, applies nothing twice and refuses a
 * database whose history no longer matches the files.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain script without types
import { modelsFor } from "../scripts/generate.mjs";
import { type Database, openDatabase } from "../src/client.ts";
import { schemaLayout } from "../src/layout.ts";
import { listMigrations, MigrationError, migrate, statementsOf } from "../src/migrate.ts";
import { openRaw, type RawDb } from "../src/raw.ts";
import { placeholders } from "../src/sql.ts";
import { createScratchDatabase, databases, POSTGRES_ADMIN_URL, type ScratchDatabase, useDatabase } from "./support/databases.ts";
import { packageRoot, schemaFromEmpty } from "./support/prisma-cli.ts";
import { dumpSchema } from "./support/schema-dump.ts";

const models = readFileSync(join(packageRoot, "prisma/models.prisma"), "utf8");
/** Table names of the models (`@@map`). */
const modelTables = [...models.matchAll(/@@map\("([^"]+)"\)/g)].map((m) => m[1] as string).sort();

interface HistoryRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: unknown;
  applied_steps_count: number;
}

// The CLI takes seconds (PostgreSQL's ~10 s are an idle connection pool it waits out): start both diffs at once, first thing.
// It needs a database URL even for a diff from the empty schema, and changes nothing there.
const diffs = new Map<string, Promise<string>>();
const cliDir = mkdtempSync(join(tmpdir(), "kaohe-prisma-cli-"));
afterAll(() => rmSync(cliDir, { recursive: true, force: true }));
beforeAll(() => {
  for (const target of databases) {
    if (target.unavailable) continue;
    const url = target.provider === "sqlite" ? `file:${join(cliDir, "cli.db")}` : POSTGRES_ADMIN_URL;
    const sql = schemaFromEmpty(target.provider, url);
    sql.catch(() => {});
    diffs.set(target.provider, sql);
  }
});

describe.each(databases)("migrations on $label", (target) => {
  const { provider } = target;
  // DB1: what migrate() builds
  const migrated = useDatabase(target, { migrated: false });
  // DB2: what Prisma says the models are
  let fromModels: ScratchDatabase | null = null;
  let fromModelsRaw: RawDb | null = null;

  beforeAll(async () => {
    if (target.unavailable) return;
    fromModels = await createScratchDatabase(provider);
    fromModelsRaw = openRaw(fromModels.url);
  });
  afterAll(async () => {
    await fromModelsRaw?.close();
    await fromModels?.drop();
  });

  const history = (db: Database) =>
    db.prisma.$queryRawUnsafe<HistoryRow[]>(
      `SELECT "id", "migration_name", "checksum", "finished_at", "rolled_back_at", "logs", "applied_steps_count" FROM "_prisma_migrations" ORDER BY "migration_name"`,
    );

  it("the schema files are generated from the one model file", () => {
    const schema = readFileSync(join(packageRoot, `prisma/${provider}/schema.prisma`), "utf8");
    expect(schema.endsWith(modelsFor(provider))).toBe(true);
    // a line marked for one database is in that database's schema alone
    expect(modelsFor(provider).includes("@@index([receivedAt, unit])")).toBe(provider === "postgres");
    expect(schema).toContain(`provider = "${provider === "sqlite" ? "sqlite" : "postgresql"}"`);
  });

  it("migrate() applies every committed migration and records it in Prisma's history table", async () => {
    const files = listMigrations(provider);
    expect(files.length).toBeGreaterThan(0);
    const applied = await migrate(migrated.db);
    expect(applied).toEqual(files.map((m) => m.name));
    const rows = await history(migrated.db);
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const file = files[i] as (typeof files)[number];
      expect(row.checksum).toBe(createHash("sha256").update(file.sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(statementsOf(file.sql).length);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("builds exactly the schema of the Prisma models (prisma migrate diff --from-empty)", async () => {
    // plus what Prisma cannot say (SQLite's clustered tables, partial indexes), applied the way migration:new applies it
    const prismaSql = await (diffs.get(provider) as Promise<string>);
    const sql = schemaLayout(provider, prismaSql);
    const raw = fromModelsRaw as RawDb;
    const statements = statementsOf(sql);
    expect(statements.length).toBeGreaterThan(modelTables.length);
    for (const s of statements) await raw.execute(s);

    const expected = await dumpSchema(raw);
    const actual = await dumpSchema(migrated.raw);
    expect(Object.keys(expected.tables).sort()).toEqual(modelTables);
    expect(actual).toEqual(expected);
    // the comparison has teeth: every model column, index and relation is in the dump
    expect(actual.tables.orders?.columns.length).toBe(23);
    expect(actual.tables.orders?.indexes.some((i) => /receivedAt.*unit/.test(i))).toBe(provider === "postgres");
    expect(actual.tables.orders?.primaryKey.join()).toMatch(provider === "sqlite" ? /^unit,receivedAt,id$/ : /PRIMARY KEY \(unit, "receivedAt", id\)/);
    // SQLite keeps orders in key order: scoring reads each unit's period as one run (src/layout.ts)
    if (provider === "sqlite") expect(actual.tables.orders?.checks).toEqual(["WITHOUT ROWID"]);
    // the orders' two references: foreign keys on SQLite; on PostgreSQL checked by statement (src/layout.ts), by
    // triggers on the orders, the units and the import batches
    expect(actual.tables.orders?.foreignKeys).toHaveLength(provider === "sqlite" ? 2 : 0);
    if (provider === "postgres") {
      expect(actual.tables.orders?.triggers.map((g) => /CREATE TRIGGER (\w+)/.exec(g)?.[1])).toEqual(["kaohe_orders_inserted", "kaohe_orders_updated"]);
      expect(actual.tables.units?.triggers).toHaveLength(2);
      expect(actual.tables.import_batches?.triggers).toHaveLength(2);
    }
    expect(actual.tables.facts?.indexes.some((i) => /UNIQUE.*unit.*year.*item/.test(i))).toBe(true);
    // one yearly fact per unit, year and item (monthly rows have a month; NULL months are distinct to the unique key)
    expect(actual.tables.facts?.indexes.filter((i) => i.includes("facts_yearly_key"))).toHaveLength(1);
    // one current publication per period, held by a partial unique index
    const current = actual.tables.published_results?.indexes.filter((i) => i.includes("published_results_current_key")) ?? [];
    expect(current).toHaveLength(1);
    expect(current[0]).toMatch(provider === "sqlite" ? /UNIQUE origin=c partial=1 \(period / : /UNIQUE INDEX .*\(period\) WHERE \("supersededAt" IS NULL\)/);
  });

  it("a second migrate() applies nothing and changes nothing", async () => {
    const before = await history(migrated.db);
    const schemaBefore = await dumpSchema(migrated.raw);
    expect(await migrate(migrated.db)).toEqual([]);
    expect(await history(migrated.db)).toEqual(before);
    expect(await dumpSchema(migrated.raw)).toEqual(schemaBefore);
  });

  it("refuses a database whose applied migration no longer matches its file (checksum), and one left unfinished", async () => {
    const [first] = await history(migrated.db);
    if (!first) throw new Error("no history");
    const p = (n: number) => (provider === "sqlite" ? "?" : `$${n}`);
    const set = (column: string, value: unknown) =>
      migrated.raw.execute(`UPDATE "_prisma_migrations" SET "${column}" = ${p(1)} WHERE "id" = ${p(2)}`, [value, first.id]);

    // what the database recorded differs from the file now in the repository: the file was edited after it was applied
    await set(
      "checksum",
      createHash("sha256")
        .update(`${listMigrations(provider)[0]?.sql}\n-- edited`)
        .digest("hex"),
    );
    const tampered = await migrate(migrated.db).catch((e: unknown) => e);
    expect(tampered).toBeInstanceOf(MigrationError);
    expect(String((tampered as Error).message)).toMatch(/校验和不同.*has changed/);
    await set("checksum", first.checksum);

    await set("finished_at", null);
    const unfinished = await migrate(migrated.db).catch((e: unknown) => e);
    expect(unfinished).toBeInstanceOf(MigrationError);
    expect(String((unfinished as Error).message)).toMatch(/did not finish/);
    await migrated.raw.execute(
      `UPDATE "_prisma_migrations" SET "finished_at" = ${provider === "sqlite" ? "current_timestamp" : "now()"} WHERE "id" = ${p(1)}`,
      [first.id],
    );

    // restored: accepted again, nothing to apply
    expect(await migrate(migrated.db)).toEqual([]);
  });

  it("a database an earlier release built keeps its orders through later migrations", async () => {
    const earlier = await createScratchDatabase(provider);
    const db = await openDatabase(earlier.url);
    const raw = openRaw(earlier.url);
    try {
      const [first] = listMigrations(provider);
      expect(await migrate(db, { until: first?.name })).toEqual([first?.name]);
      await raw.execute(
        `INSERT INTO "units" ("code", "name", "category", "attributes", "updatedAt") VALUES ('T2', '乙镇', '镇', '{}', CURRENT_TIMESTAMP), ('T1', '甲镇', '镇', '{}', CURRENT_TIMESTAMP), ('K2', '乙开发区', '开发区', '{}', CURRENT_TIMESTAMP), ('D1', '县教育局', '县直部门', '{}', CURRENT_TIMESTAMP), ('K1', '甲园区', '园区', '{}', CURRENT_TIMESTAMP)`,
      );
      const columns = `"id", "unit", "source", "receivedAt", "dueAt", "closedAt", "visited", "resultSatisfaction", "attributes", "updatedAt"`;
      const rows = [
        ["B1", "T2", "县中心", 3, 9, null, true, "满意", '{"街区":"东"}', 1],
        ["A1", "T1", "县中心", 2, 9, 5, false, null, "{}", 1],
        ["A2", "T1", "市平台", 1, 9, 12, true, "不满意", "{}", 1],
      ];
      const bool = (b: boolean) => (provider === "sqlite" ? (b ? 1 : 0) : b);
      for (const r of rows) {
        await raw.execute(
          `INSERT INTO "orders" (${columns}) VALUES (${placeholders(provider, r.length)})`,
          r.map((v) => (typeof v === "boolean" ? bool(v) : v)),
        );
      }
      const read = () => raw.query(`SELECT ${columns} FROM "orders" ORDER BY "id"`);
      const before = await read();
      // a race of the check-then-insert days left two current publications of 2017-10
      await raw.execute(
        `INSERT INTO "rubric_versions" ("id", "name", "version", "status", "text", "contentHash", "author", "effectiveFrom", "updatedAt") VALUES (1, '办法', '2017', 'published', '', 'h', '甲', '2017-09', CURRENT_TIMESTAMP)`,
      );
      for (const [id, period, at] of [
        [1, "2017-10", "2017-11-05 10:00:00"],
        [2, "2017-10", "2017-11-05 10:00:01"],
        [3, "2017-11", "2017-12-05 10:00:00"],
      ] as const) {
        await raw.execute(
          `INSERT INTO "published_results" ("id", "period", "schedule", "rubricVersionId", "dataHash", "snapshot", "publishedBy", "publishedAt") VALUES (${placeholders(provider, 3)}, 1, 'h', '{}', '甲', ${provider === "sqlite" ? "?" : "$4::timestamp"})`,
          [id, period, "monthly", at],
        );
      }

      const later = listMigrations(provider)
        .slice(1)
        .map((m) => m.name);
      expect(later.length).toBeGreaterThan(0);
      expect(await migrate(db)).toEqual(later);
      expect(await read()).toEqual(before);
      // the later of the two stays current, the earlier is superseded as of its own publication: the unique index could be built
      const publications = await raw.query<{ id: number; current: number | boolean }>(
        `SELECT "id", ("supersededAt" IS NULL) AS "current" FROM "published_results" ORDER BY "id"`,
      );
      expect(publications.map((p) => [Number(p.id), Boolean(p.current)])).toEqual([
        [1, false],
        [2, true],
        [3, true],
      ]);
      // the categories the units had became rows of their own
      // (the customary ones in their places, the others after them, by name)
      expect(await raw.query(`SELECT "name", "position" FROM "categories" ORDER BY "position"`)).toEqual([
        { name: "镇", position: 0 },
        { name: "县直部门", position: 2 },
        { name: "园区", position: 3 },
        { name: "开发区", position: 4 },
      ]);
      // and the table now is what the models describe (its key and layout)
      expect(await dumpSchema(raw)).toEqual(await dumpSchema(migrated.raw));
    } finally {
      await raw.close();
      await db.close();
      await earlier.drop();
    }
  });

  it("the Prisma client works on the migrated database", async () => {
    // a fresh client, as the application opens it
    const db = await openDatabase(migrated.url);
    try {
      await db.prisma.unit.create({
        data: { code: "T1", name: "测试镇", attributes: { 联系人: "王某" }, categoryRef: { create: { name: "镇", position: 0 } } },
      });
      const unit = await db.prisma.unit.findUniqueOrThrow({ where: { code: "T1" }, include: { categoryRef: true } });
      expect(unit.attributes).toEqual({ 联系人: "王某" });
      expect(unit.createdAt).toBeInstanceOf(Date);
      expect(unit.categoryRef).toMatchObject({ name: "镇", position: 0 });
      await db.prisma.unit.delete({ where: { code: "T1" } });
      await db.prisma.category.delete({ where: { name: "镇" } });
    } finally {
      await db.close();
    }
  });
});

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
import { type Database, openDatabase } from "../src/client.ts";
import { listMigrations, MigrationError, migrate, statementsOf } from "../src/migrate.ts";
import { openRaw, type RawDb } from "../src/raw.ts";
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
    expect(schema.endsWith(models)).toBe(true);
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
    const sql = await (diffs.get(provider) as Promise<string>);
    const raw = fromModelsRaw as RawDb;
    const statements = statementsOf(sql);
    expect(statements.length).toBeGreaterThan(modelTables.length);
    for (const s of statements) await raw.execute(s);

    const expected = await dumpSchema(raw);
    const actual = await dumpSchema(migrated.raw);
    expect(Object.keys(expected.tables).sort()).toEqual(modelTables);
    expect(actual).toEqual(expected);
    // the comparison has teeth: every model column, index and relation is in the dump
    expect(actual.tables.orders?.columns.length).toBe(22);
    expect(actual.tables.orders?.indexes.some((i) => /receivedAt.*unit/.test(i))).toBe(true);
    expect(actual.tables.orders?.foreignKeys).toHaveLength(2);
    expect(actual.tables.facts?.indexes.some((i) => /UNIQUE.*unit.*year.*item/.test(i))).toBe(true);
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

  it("the Prisma client works on the migrated database", async () => {
    // a fresh client, as the application opens it
    const db = await openDatabase(migrated.url);
    try {
      await db.prisma.unit.create({ data: { code: "T1", name: "测试镇", category: "镇", attributes: { 联系人: "王某" } } });
      const unit = await db.prisma.unit.findUniqueOrThrow({ where: { code: "T1" } });
      expect(unit.attributes).toEqual({ 联系人: "王某" });
      expect(unit.createdAt).toBeInstanceOf(Date);
      await db.prisma.unit.delete({ where: { code: "T1" } });
    } finally {
      await db.close();
    }
  });
});

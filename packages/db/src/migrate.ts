/**
 * Applies the committed migrations (prisma/<provider>/migrations/*) that a
 * database has not seen, each in its own transaction, and records them in
 * Prisma's own `_prisma_migrations` table so Prisma's tools still recognise
 * the history. (`prisma migrate deploy` fails on PostgreSQL with the js
 * engine; this is the programmatic equivalent.)
 */
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Database, Provider } from "./client.ts";
import { placeholders } from "./sql.ts";

const migrationsDir = (provider: Provider) => new URL(`../prisma/${provider}/migrations/`, import.meta.url).pathname;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(provider: Provider): Migration[] {
  const dir = migrationsDir(provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const createTable: Record<Provider, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
  )`,
  postgres: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`,
};

/** A dollar-quoted string ($$ … $$, $tag$ … $tag$): a PostgreSQL function's body. */
const DOLLAR_QUOTED = /\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g;

/**
 * Statements of a migration file: Prisma writes one statement per `;` at a line end; a dollar-quoted function body
 * is part of its statement whatever its lines end with.
 */
export function statementsOf(sql: string): string[] {
  const statements: string[] = [];
  let current = "";
  const split = (text: string) => {
    const [first, ...rest] = text.split(/;\s*(?:\n|$)/);
    current += first;
    for (const next of rest) {
      statements.push(current);
      current = next;
    }
  };
  let at = 0;
  for (const quoted of sql.matchAll(DOLLAR_QUOTED)) {
    split(sql.slice(at, quoted.index));
    current += quoted[0];
    at = quoted.index + quoted[0].length;
  }
  split(sql.slice(at));
  statements.push(current);
  return statements.map((s) => s.replace(/^\s*--.*$/gm, "").trim()).filter(Boolean);
}

export class MigrationError extends Error {}

export interface MigrateOptions {
  /** stop after this migration (a database as an earlier release left it) */
  until?: string;
}

/** Apply pending migrations; returns the names applied. Refuses a database whose history was edited. */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<string[]> {
  const { prisma, provider } = db;
  await prisma.$executeRawUnsafe(createTable[provider]);
  const applied = await prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: unknown }[]>(
    `SELECT "migration_name", "checksum", "finished_at" FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL`,
  );
  const done = new Map(applied.map((m) => [m.migration_name, m]));
  const names: string[] = [];
  const all = listMigrations(provider);
  const last = options.until === undefined ? all.length - 1 : all.findIndex((m) => m.name === options.until);
  if (last < 0) throw new MigrationError(`没有名为 ${options.until} 的迁移 / no migration ${options.until}`);
  for (const m of all.slice(0, last + 1)) {
    const seen = done.get(m.name);
    if (seen) {
      if (seen.checksum !== m.checksum) {
        throw new MigrationError(`迁移 ${m.name} 已执行过，但文件已被修改（校验和不同）/ migration ${m.name} was applied but its file has changed`);
      }
      if (seen.finished_at === null) throw new MigrationError(`迁移 ${m.name} 上次没有完成 / migration ${m.name} did not finish`);
      continue;
    }
    const statements = statementsOf(m.sql);
    const now = provider === "sqlite" ? "current_timestamp" : "now()";
    await prisma.$transaction(async (tx) => {
      for (const s of statements) await tx.$executeRawUnsafe(s);
      await tx.$executeRawUnsafe(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count") VALUES (${placeholders(provider, 2)}, ${now}, ${placeholders(provider, 2, 3)})`,
        randomUUID(),
        m.checksum,
        m.name,
        statements.length,
      );
    });
    names.push(m.name);
  }
  return names;
}

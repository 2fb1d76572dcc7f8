/**
 * The one factory for database access. `openDatabase(url)` gives a Prisma
 * client over the right driver adapter: SQLite (better-sqlite3, the embedded
 * default, a file under ./data/ in WAL mode) or PostgreSQL when the URL is
 * `postgresql://…`.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient as SqliteClient } from "./generated/sqlite/index.js";
import { postgresDriver } from "./postgres-driver.ts";

export type Provider = "sqlite" | "postgres";

/** Both generated clients have the same models; code is written against this one type. */
export type Prisma = SqliteClient;

export interface Database {
  provider: Provider;
  url: string;
  prisma: Prisma;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_URL = "file:./data/kaohe.db";

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  if (url.startsWith("file:") || url.endsWith(".db") || url === ":memory:") return "sqlite";
  throw new Error(`不支持的数据库地址 ${url}：应为 file:路径（SQLite）或 postgresql://… / unsupported DATABASE_URL`);
}

/** The file path of a SQLite URL, created folder included. */
export function sqlitePath(url: string): string {
  const full = sqliteFile(url);
  if (full === null) return ":memory:";
  mkdirSync(dirname(full), { recursive: true });
  return full;
}

/**
 * The absolute path of a SQLite URL's file, nothing created (`file:data/kaohe.db` → /…/data/kaohe.db); null for an
 * in-memory database, a PostgreSQL URL or one that is neither. The command line asks whether it exists before opening
 * it: a mistyped path opened made an empty database (folders and all) the server never reads.
 */
export function sqliteFile(url: string): string | null {
  let provider: Provider;
  try {
    provider = providerOf(url);
  } catch {
    return null;
  }
  const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return provider === "sqlite" && path !== ":memory:" ? resolve(path) : null;
}

export async function openDatabase(url: string = process.env.DATABASE_URL ?? DEFAULT_SQLITE_URL): Promise<Database> {
  const provider = providerOf(url);
  if (provider === "sqlite") {
    const adapter = new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: 30_000 });
    const prisma = new SqliteClient({ adapter });
    // WAL: readers (the console) are not blocked while an import writes
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    return { provider, url, prisma, close: () => prisma.$disconnect() };
  }
  const { PrismaPg, PostgresClient } = postgresDriver();
  const adapter = new PrismaPg({ connectionString: url, max: 4 });
  const prisma = new PostgresClient({ adapter }) as unknown as Prisma;
  return { provider, url, prisma, close: () => prisma.$disconnect() };
}

/**
 * Both databases for `describe.each`: a fresh SQLite file and a fresh
 * PostgreSQL database (CREATE DATABASE kaohe_test_<random>, dropped WITH
 * (FORCE) afterwards), one per describe block that asks for it.
 *
 * PostgreSQL is probed once per test file. When it cannot be reached its
 * tests are skipped with the reason in their name, except under CI=true,
 * where they fail: a CI run must never pass by skipping a database.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Database, openDatabase, type Provider } from "../../src/client.ts";
import { migrate } from "../../src/migrate.ts";
import { openRaw, type RawDb } from "../../src/raw.ts";

/** The server's maintenance database, through which test databases are created and dropped. */
export const POSTGRES_ADMIN_URL = process.env.KAOHE_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const CI = process.env.CI === "true";

export interface DatabaseTarget {
  provider: Provider;
  /** for test names: "sqlite", "postgres", or "postgres (skipped: …)" */
  label: string;
  /** why this database's tests cannot run here (null: they can) */
  unavailable: string | null;
}

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (err) {
    return `PostgreSQL unreachable at ${POSTGRES_ADMIN_URL}: ${(err as Error).message || String(err)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresProblem = await probePostgres();
if (postgresProblem && !CI) console.warn(`[kaohe db tests] ${postgresProblem} — PostgreSQL tests are skipped (they fail when CI=true)`);

/** Both databases, for `describe.each(databases)("… $label", (target) => …)`. */
export const databases: DatabaseTarget[] = [
  { provider: "sqlite", label: "sqlite", unavailable: null },
  {
    provider: "postgres",
    label: postgresProblem && !CI ? `postgres (skipped: ${postgresProblem})` : "postgres",
    unavailable: postgresProblem,
  },
];

/** An empty database of one kind, not yet migrated. */
export interface ScratchDatabase {
  provider: Provider;
  url: string;
  drop(): Promise<void>;
}

/** One statement on the PostgreSQL server as its administrator (databases made, renamed, dropped). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Create an empty database: a file in a fresh temporary folder, or a new PostgreSQL database. */
export async function createScratchDatabase(provider: Provider): Promise<ScratchDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "kaohe-db-test-"));
    return { provider, url: `file:${join(dir, "x.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `kaohe_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { provider, url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export interface TestDatabase {
  readonly provider: Provider;
  readonly url: string;
  /** the Prisma client (openDatabase) */
  readonly db: Database;
  /** a plain driver connection, opened on first use */
  readonly raw: RawDb;
}

/**
 * A fresh database for the enclosing describe block: created (and migrated,
 * unless `migrated: false`) before its tests, dropped after them. When the
 * database kind is unavailable, the block's tests are skipped — or fail
 * under CI=true.
 */
export function useDatabase(target: DatabaseTarget, options: { migrated?: boolean } = {}): TestDatabase {
  let scratch: ScratchDatabase | null = null;
  let db: Database | null = null;
  let raw: RawDb | null = null;
  if (target.unavailable && !CI) {
    const reason = target.unavailable;
    beforeEach((ctx) => ctx.skip(reason));
  }
  beforeAll(async () => {
    if (target.unavailable) {
      if (CI) throw new Error(`CI=true: ${target.provider} tests must run, but ${target.unavailable}`);
      return;
    }
    scratch = await createScratchDatabase(target.provider);
    db = await openDatabase(scratch.url);
    if (options.migrated !== false) await migrate(db);
  });
  afterAll(async () => {
    await raw?.close();
    await db?.close();
    await scratch?.drop();
  });
  const need = <T>(x: T | null, what: string): T => {
    if (x === null) throw new Error(`the test database is not open yet (${what})`);
    return x;
  };
  return {
    provider: target.provider,
    get url() {
      return need(scratch, "url").url;
    },
    get db() {
      return need(db, "db");
    },
    get raw() {
      raw ??= openRaw(need(scratch, "raw").url);
      return raw;
    },
  };
}

const COUNTED = ["categories", "units", "orders", "events", "facts", "import_batches", "audit_log"] as const;
export type TableCounts = Record<(typeof COUNTED)[number], number>;

/**
 * The audit log's record of an import that stored nothing (refused, or changing nothing, or failed) and the start and
 * end every import writes around its work: an attempt, not a change of the data. Left out of `tableCounts` and `changeAudit`, which ask what an import changed; `import.test.ts` asks for it.
 */
export const ATTEMPT_ACTIONS = `'import.refused', 'import.unchanged', 'import.started', 'import.finished', 'import.failed'`;

/** The audit log's entries of changes (`ATTEMPT_ACTIONS` left out), in order. */
export async function changeAudit(raw: RawDb): Promise<Record<string, unknown>[]> {
  return raw.query(`SELECT * FROM "audit_log" WHERE "action" NOT IN (${ATTEMPT_ACTIONS}) ORDER BY "id"`);
}

/** Row counts of the tables an import writes (of the audit log, its changes). */
export async function tableCounts(raw: RawDb): Promise<TableCounts> {
  const counts = {} as TableCounts;
  for (const table of COUNTED) {
    const where = table === "audit_log" ? ` WHERE "action" NOT IN (${ATTEMPT_ACTIONS})` : "";
    const [row] = await raw.query<{ n: number | bigint }>(`SELECT COUNT(*) AS n FROM "${table}"${where}`);
    counts[table] = Number(row?.n);
  }
  return counts;
}

/** Every row of a table, in key order: for "nothing changed at all" comparisons. */
export async function tableRows(raw: RawDb, table: string, orderBy = '"id"'): Promise<Record<string, unknown>[]> {
  return raw.query(`SELECT * FROM "${table}" ORDER BY ${orderBy}`);
}

/**
 * Two imports of the same orders at once, each on its own connection (on PostgreSQL two processes may: the server and
 * a command-line import, or two command-line imports). Each read the stored orders before the other's commit, both
 * found the ids new, and the later one's insert failed on the key: the command line ended with the driver's
 * "duplicate key value violates unique constraint" and a stack, the server's job with an internal error. Imports into
 * one database go one after another instead: the later one finds what the earlier stored, and updates it. The one
 * that waits says so (its progress), where it showed nothing at all while it waited.
 */
import { isDeepStrictEqual } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { sqlitePath } from "../src/client.ts";
import { WRITE_BATCH } from "../src/import/write.ts";
import { type ImportProgress, importFiles } from "../src/import.ts";
import { IMPORT_LOCK } from "../src/import-runner.ts";
import { databases, type TestDatabase, useDatabase } from "./support/databases.ts";
import { useTempDir, writeCsvText } from "./support/files.ts";

const dir = useTempDir("kaohe-import-concurrent-");
/**
 * Orders in each file: more than one write batch (WRITE_BATCH, 5,000), so each import writes in several statements
 * inside its one transaction, the earlier's transaction still open after its first batch while the later one (started
 * at the same moment by Promise.all) reads; without the import lock both read the stored orders before either commits,
 * and the later's insert fails on the key. 20,000 orders were 25 s on PostgreSQL, almost all of it the later import's
 * updating them one by one.
 */
const ROWS = WRITE_BATCH + 1_000;
const file = (name: string, satisfaction: string) =>
  writeCsvText(dir, name, [
    "工单编号,承办单位,来源,受理时间,办理时限,结果满意度",
    ...Array.from({ length: ROWS }, (_, i) => `C${i},唐山镇,县中心,2017-10-03 09:00,2017-10-10 17:00,${satisfaction}`),
  ]);
const units = writeCsvText(dir, "units.csv", ["单位编码,单位名称,类别", "HTZ01,唐山镇,镇"]);

describe.each(databases)("two imports of the same orders at once ($label)", (target) => {
  const database = useDatabase(target);

  it("go one after another: both kept, the later updating what the earlier inserted", async () => {
    expect((await importFiles(database.db, [{ path: units }], { actor: "A" })).ok).toBe(true);
    const [a, b] = await Promise.all([
      importFiles(database.db, [{ path: file("orders-a.csv", "满意") }], { actor: "A" }),
      importFiles(database.db, [{ path: file("orders-b.csv", "不满意") }], { actor: "B" }),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const counts = [a, b].map((r) => (r.ok ? { inserted: r.files[0]?.inserted, updated: r.files[0]?.updated } : null));
    expect(counts).toEqual(
      expect.arrayContaining([
        { inserted: ROWS, updated: 0 },
        { inserted: 0, updated: ROWS },
      ]),
    );
    // the later one's content throughout, in one batch
    const stored = await database.raw.query<{ s: string; b: number; n: number }>(
      `SELECT "resultSatisfaction" AS s, "batchId" AS b, COUNT(*) AS n FROM "orders" GROUP BY 1, 2`,
    );
    expect(stored).toHaveLength(1);
    // and audited, a line for each order the later one changed (written a slice at a time: on PostgreSQL past 64 rows
    // by COPY, its JSON and text as they are)
    const audited = await database.raw.query<{ entityId: string; detail: unknown }>(
      `SELECT "entityId", "detail" FROM "audit_log" WHERE "action" = 'orders.update' ORDER BY "id"`,
    );
    expect(new Set(audited.map((a) => a.entityId)).size).toBe(ROWS);
    expect(audited).toHaveLength(ROWS);
    const later = a.ok && a.files[0]?.updated ? { from: "不满意", to: "满意" } : { from: "满意", to: "不满意" };
    // (PostgreSQL's jsonb keeps the keys in an order of its own)
    expect(
      audited.filter((x) => !isDeepStrictEqual((typeof x.detail === "string" ? JSON.parse(x.detail) : x.detail).changes, { resultSatisfaction: later })),
    ).toEqual([]);
  }, 120_000);
});

/**
 * The database's writer held as another import holds it, from another connection (another process's import):
 * PostgreSQL's import lock, SQLite's one writer; released by the returned function.
 */
async function holdWriter(database: TestDatabase): Promise<() => Promise<void>> {
  if (database.provider === "sqlite") {
    const other = new BetterSqlite3(sqlitePath(database.url));
    other.exec("BEGIN IMMEDIATE");
    return async () => {
      other.exec("COMMIT");
      other.close();
    };
  }
  const other = new pg.Client({ connectionString: database.url });
  await other.connect();
  await other.query(`SELECT pg_advisory_lock(${IMPORT_LOCK})`);
  return () => other.end();
}

describe.each(databases)("an import waiting for another ($label)", (target) => {
  const database = useDatabase(target);

  it("says it waits, then reads and is kept once the other ends", async () => {
    const release = await holdWriter(database);
    const progress: ImportProgress["phase"][] = [];
    let waited: () => void = () => {};
    const waiting = new Promise<void>((resolve) => {
      waited = resolve;
    });
    let ended = false;
    const importing = importFiles(database.db, [{ path: units }], {
      actor: "A",
      onProgress: (p) => {
        progress.push(p.phase);
        if (p.phase === "waiting") waited();
      },
    }).finally(() => {
      ended = true;
    });
    await waiting;
    // (waiting however long the other holds it: SQLite's own wait of 30 s is no end of it)
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ended).toBe(false);
    expect(progress).toEqual(["waiting"]);
    await release();
    expect((await importing).ok).toBe(true);
    expect(progress.slice(1)).toContain("reading");
    expect(progress.slice(1)).not.toContain("waiting");
  }, 60_000);

  // (SQLite's one writer is every write's; PostgreSQL's import lock is held by imports alone)
  it.runIf(target.label === "sqlite")("says nothing of waiting behind a write over in a moment (a sign-in's, an audit entry's)", async () => {
    const release = await holdWriter(database);
    setTimeout(() => void release(), 200);
    const progress: ImportProgress["phase"][] = [];
    expect((await importFiles(database.db, [{ path: units }], { actor: "A", onProgress: (p) => progress.push(p.phase) })).ok).toBe(true);
    expect(progress).not.toContain("waiting");
  });

  it("says nothing of waiting when no other import holds the database", async () => {
    const progress: ImportProgress["phase"][] = [];
    expect((await importFiles(database.db, [{ path: units }], { actor: "A", onProgress: (p) => progress.push(p.phase) })).ok).toBe(true);
    expect(progress).not.toContain("waiting");
  });
});

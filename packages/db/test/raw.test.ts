/** The plain driver connection: its prepared statements stay bounded in a long-running server; a connection the server ends is survived. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { expect, it, vi } from "vitest";
import { openRaw, STATEMENTS_KEPT } from "../src/raw.ts";
import { createScratchDatabase, POSTGRES_ADMIN_URL } from "./support/databases.ts";

it("keeps at most STATEMENTS_KEPT prepared statements, the most recently used, and still answers every query", async () => {
  const raw = openRaw(`file:${join(mkdtempSync(join(tmpdir(), "kaohe-raw-")), "r.db")}`);
  try {
    const kept = () => (raw as unknown as { statementsKept: number }).statementsKept;
    // a query per month of 40 years, each text different (as measure queries are: the period is a literal)
    for (let i = 0; i < 480; i++) {
      const [row] = await raw.query<{ n: number }>(`SELECT ${i} AS n`);
      expect(row?.n).toBe(i);
    }
    expect(kept()).toBe(STATEMENTS_KEPT);
    // one used again is kept, and answers the same
    expect(await raw.query("SELECT 479 AS n")).toEqual([{ n: 479 }]);
    expect(kept()).toBe(STATEMENTS_KEPT);
  } finally {
    await raw.close();
  }
});

it("PostgreSQL: a connection the server ends in the middle of a transaction fails that transaction, not the thread, and the next query gets a new one", async () => {
  // the writer thread ended when a checked-out connection was terminated between two statements (an `error` event
  // nobody heard); a helper killed the backends with pg_terminate_backend during an import
  const db = await createScratchDatabase("postgres");
  const raw = openRaw(db.url);
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    const ended = raw.transaction(async () => {
      const [{ pid }] = (await raw.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")) as [{ pid: number }];
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
      // the connection's end arrives while no statement runs
      await new Promise((resolve) => setTimeout(resolve, 300));
      await raw.query("SELECT 2");
    });
    await expect(ended).rejects.toThrow();
    expect(logged.mock.calls.some((c) => String(c[0]).includes("PostgreSQL 连接出错"))).toBe(true);
    expect(await raw.query<{ n: number }>("SELECT 3 AS n")).toEqual([{ n: 3 }]);
  } finally {
    logged.mockRestore();
    await admin.end();
    await raw.close();
    await db.drop();
  }
});

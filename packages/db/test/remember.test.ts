/**
 * What a SQLite connection remembers (RawDb.remember, remember.ts) is what the
 * data is now: a write to a table scoring reads — on this connection, another
 * one, in a transaction, by the import's thread — starts a new generation and
 * nothing of the old one is used again; a write elsewhere (the audit log, a
 * publication) keeps what was computed. Connections to one file share values.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BroadcastChannel } from "node:worker_threads";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRaw, type RawDb } from "../src/raw.ts";
import { writesData } from "../src/remember.ts";
import { openStore } from "../src/store.ts";
import { databases, useDatabase } from "./support/databases.ts";

let url: string;
const opened: RawDb[] = [];
const open = (options: { thread?: boolean } = {}) => {
  const raw = openRaw(url, options);
  opened.push(raw);
  return raw;
};

beforeEach(async () => {
  url = `file:${join(mkdtempSync(join(tmpdir(), "kaohe-remember-")), "r.db")}`;
  const store = await openStore(url);
  await store.raw.execute(`INSERT INTO "categories" ("name", "position") VALUES ('镇', 1)`);
  await store.raw.execute(`INSERT INTO "units" ("code", "name", "category", "attributes", "createdAt", "updatedAt") VALUES ('U1', '甲镇', '镇', '{}', 0, 0)`);
  await store.close();
});

afterEach(async () => {
  for (const raw of opened.splice(0)) await raw.close();
});

/** A remembered count of the units, and how many times it was really counted. */
function unitCount(raw: RawDb) {
  let computed = 0;
  return {
    get computed() {
      return computed;
    },
    value: () =>
      raw.remember("units", async () => {
        computed++;
        return (await raw.query<{ n: number }>(`SELECT COUNT(*) AS n FROM "units"`))[0]?.n;
      }),
  };
}

const addUnit = (raw: RawDb, code: string) =>
  raw.execute(`INSERT INTO "units" ("code", "name", "category", "attributes", "createdAt", "updatedAt") VALUES (?, ?, '镇', '{}', 0, 0)`, [code, `${code}镇`]);
const auditLine = (raw: RawDb) =>
  raw.execute(
    `INSERT INTO "audit_log" ("actor", "action", "entity", "entityId", "detail", "at") VALUES ('测试', 'x', 'y', 'z', '{}', '2026-01-01T00:00:00+00:00')`,
  );

describe("a SQLite connection remembers while the data stays as it is", () => {
  it("computes once; a write to the data (this connection) computes again; a write elsewhere does not", async () => {
    const raw = open();
    const units = unitCount(raw);
    expect(await units.value()).toBe(1);
    expect(await units.value()).toBe(1);
    expect(units.computed).toBe(1);
    await auditLine(raw);
    expect(await units.value()).toBe(1);
    expect(units.computed).toBe(1);
    await addUnit(raw, "U2");
    expect(await units.value()).toBe(2);
    expect(units.computed).toBe(2);
    // an UPDATE that changes no row changes no data
    await raw.execute(`UPDATE "units" SET "name" = 'x' WHERE "code" = 'nobody'`);
    expect(await units.value()).toBe(2);
    expect(units.computed).toBe(2);
  });

  it("another connection's write to the data, and the import thread's, are seen", async () => {
    const raw = open();
    const units = unitCount(raw);
    expect(await units.value()).toBe(1);
    await addUnit(open(), "U2");
    expect(await units.value()).toBe(2);
    const thread = open({ thread: true });
    await thread.insertMany("units", ["code", "name", "category", "attributes", "createdAt", "updatedAt"], [["U3", "丙镇", "镇", "{}", 0, 0]]);
    expect(await units.value()).toBe(3);
    await thread.transaction(async () => {
      await thread.execute(`UPDATE "units" SET "name" = '丙镇新' WHERE "code" = 'U3'`);
      await thread.execute(`DELETE FROM "units" WHERE "code" = 'U3'`);
    });
    expect(await units.value()).toBe(2);
    expect(units.computed).toBe(4);
  });

  it("nothing is remembered inside a transaction, and what it wrote is not seen after it is rolled back", async () => {
    const raw = open();
    const units = unitCount(raw);
    expect(await units.value()).toBe(1);
    await raw
      .transaction(async () => {
        await addUnit(raw, "U2");
        expect(await units.value()).toBe(2);
        expect(await units.value()).toBe(2);
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    expect(units.computed).toBe(3);
    expect(await units.value()).toBe(1);
  });

  it("a value one connection computed is offered to the others on the same file, of the same generation only", async () => {
    const a = open();
    const b = open();
    const ua = unitCount(a);
    const ub = unitCount(b);
    // the offer arrives as a message: heard by a listener on the same channel, b's copy is queued with it
    const heard = new BroadcastChannel(`kaohe-remembered:${resolve(url.slice("file:".length))}`);
    const offered = new Promise<void>((ok) => {
      heard.onmessage = (e) => {
        if ((e as { data: { state: string } }).data.state === "value") ok();
      };
    });
    expect(await ua.value()).toBe(1);
    await offered;
    heard.close();
    await new Promise((r) => setImmediate(r));
    expect(await ub.value()).toBe(1);
    expect(ub.computed).toBe(0);
    await addUnit(a, "U2");
    expect(await ub.value()).toBe(2);
    expect(ub.computed).toBe(1);
  });

  it("a value being computed on one connection is waited for by the others, not computed again; if it fails, they compute it", async () => {
    const a = open();
    const b = open();
    // the announcements, as b hears them (a listener on the same channel: b's message is queued with its)
    const heard = new BroadcastChannel(`kaohe-remembered:${resolve(url.slice("file:".length))}`);
    const waiting: (() => void)[] = [];
    heard.onmessage = (e) => {
      if ((e as { data: { state: string } }).data.state === "computing") waiting.shift()?.();
    };
    const nextAnnouncement = () => new Promise<void>((ok) => waiting.push(ok));
    const afterMessages = () => new Promise((r) => setImmediate(r));
    let finish: (n: number) => void = () => undefined;
    let announced = nextAnnouncement();
    const slow = a.remember("slow", () => new Promise<number>((ok) => (finish = ok)));
    await announced;
    await afterMessages();
    let computedByB = 0;
    const fromB = b.remember("slow", async () => ++computedByB);
    finish(42);
    expect(await slow).toBe(42);
    expect(await fromB).toBe(42);
    expect(computedByB).toBe(0);

    // a computation that fails: the one waiting for it computes the value itself
    let fail: (e: Error) => void = () => undefined;
    announced = nextAnnouncement();
    const failing = a.remember("failing", () => new Promise<number>((_, no) => (fail = no)));
    await announced;
    await afterMessages();
    const retried = b.remember("failing", async () => 7);
    fail(new Error("stopped"));
    await expect(failing).rejects.toThrow("stopped");
    expect(await retried).toBe(7);
    heard.close();
  });

  it("tells the statements that write the data", () => {
    expect(writesData(`UPDATE "orders" SET "closedAt" = ? WHERE "id" = ?`)).toBe(true);
    expect(writesData(`  insert into "events" ("id") values (?)`)).toBe(true);
    expect(writesData(`INSERT OR REPLACE INTO facts VALUES (1)`)).toBe(true);
    expect(writesData(`DELETE FROM "units" WHERE "code" = ?`)).toBe(true);
    expect(writesData(`INSERT INTO "categories" ("name", "position") VALUES (?, ?)`)).toBe(true);
    expect(writesData(`INSERT INTO "audit_log" ("actor") VALUES (?)`)).toBe(false);
    expect(writesData(`UPDATE "published_results" SET "supersededAt" = ?`)).toBe(false);
    expect(writesData(`SELECT * FROM "orders"`)).toBe(false);
  });
});

describe("a fingerprint read aside", () => {
  it("is the fingerprint read on the connection itself, and inside a transaction sees what the transaction wrote", async () => {
    const raw = open();
    await raw.execute(`INSERT INTO "units" ("code", "name", "category", "attributes", "createdAt", "updatedAt") VALUES ('U2', '乙镇', '镇', '{}', 0, 0)`);
    const sql = `SELECT kh_fingerprint(json_array("code", "name", "category")) AS h FROM (SELECT * FROM "units" ORDER BY "code")`;
    const here = (await raw.query<{ h: string }>(sql))[0]?.h;
    const aside = (await raw.readAside<{ h: string }>(sql))[0]?.h;
    expect(here).toMatch(/^[0-9a-f]{64}$/);
    expect(aside).toBe(here);
    await raw
      .transaction(async () => {
        await raw.execute(`UPDATE "units" SET "name" = '乙镇新' WHERE "code" = 'U2'`);
        const inside = (await raw.readAside<{ h: string }>(sql))[0]?.h;
        expect(inside).not.toBe(here);
        expect(inside).toBe((await raw.query<{ h: string }>(sql))[0]?.h);
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    expect((await raw.readAside<{ h: string }>(sql))[0]?.h).toBe(here);
  });
});

describe.each(databases.filter((d) => d.provider === "postgres"))("a PostgreSQL connection remembers while the data stays as it is ($label)", (target) => {
  const t = useDatabase(target);
  const pgOpened: RawDb[] = [];
  const openPg = () => {
    const raw = openRaw(t.url);
    pgOpened.push(raw);
    return raw;
  };
  afterEach(async () => {
    for (const raw of pgOpened.splice(0)) await raw.close();
  });
  const addPgUnit = (raw: RawDb, code: string) =>
    raw.execute(`INSERT INTO "units" ("code", "name", "category", "attributes", "updatedAt") VALUES ($1, $2, '镇', '{}', now())`, [code, `${code}镇`]);
  const pgAuditLine = (raw: RawDb) =>
    raw.execute(`INSERT INTO "audit_log" ("actor", "action", "entity", "entityId", "detail") VALUES ('测试', 'x', 'y', 'z', '{}')`);
  let seq = 0;
  const code = () => `P${++seq}`;

  it("computes once; a write to the data computes again; a write elsewhere, or one that changes no row, does not", async () => {
    const raw = openPg();
    await raw.execute(`INSERT INTO "categories" ("name", "position") VALUES ('镇', 1)`);
    const units = unitCount(raw);
    const first = await units.value();
    expect(await units.value()).toBe(first);
    expect(units.computed).toBe(1);
    await pgAuditLine(raw);
    await raw.execute(`UPDATE "units" SET "name" = 'x' WHERE "code" = 'nobody'`);
    expect(await units.value()).toBe(first);
    expect(units.computed).toBe(1);
    await addPgUnit(raw, code());
    expect(Number(await units.value())).toBe(Number(first) + 1);
    expect(units.computed).toBe(2);
    // many rows at once (COPY) are a write too
    await raw.insertMany(
      "units",
      ["code", "name", "category", "attributes", "updatedAt"],
      Array.from({ length: 70 }, () => {
        const c = code();
        return [c, `${c}镇`, "镇", "{}", new Date()];
      }),
    );
    expect(Number(await units.value())).toBe(Number(first) + 71);
    expect(units.computed).toBe(3);
  });

  it("another connection's write is seen (another process's, as a connection of its own)", async () => {
    const raw = openPg();
    const units = unitCount(raw);
    const before = Number(await units.value());
    const other = openPg();
    await other.transaction(async () => {
      await addPgUnit(other, code());
      await addPgUnit(other, code());
    });
    expect(Number(await units.value())).toBe(before + 2);
    expect(units.computed).toBe(2);
  });

  it("nothing is remembered inside a transaction; one rolled back leaves what was remembered", async () => {
    const raw = openPg();
    const units = unitCount(raw);
    const before = Number(await units.value());
    await raw
      .transaction(async () => {
        await addPgUnit(raw, code());
        expect(Number(await units.value())).toBe(before + 1);
        expect(Number(await units.value())).toBe(before + 1);
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    expect(units.computed).toBe(3);
    expect(Number(await units.value())).toBe(before);
    expect(units.computed).toBe(3);
  });

  it("a value computed while a write committed is not kept: it may mix the data before and after", async () => {
    const raw = openPg();
    const other = openPg();
    let computed = 0;
    const racing = () =>
      raw.remember("racing", async () => {
        computed++;
        const n = Number((await raw.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM "units"`))[0]?.n);
        if (computed === 1) await addPgUnit(other, code());
        return n;
      });
    const first = await racing();
    expect(await racing()).toBe(first + 1);
    expect(await racing()).toBe(first + 1);
    expect(computed).toBe(2);
  });

  it("a query's rows are read with the generation in one snapshot: a write committed while they are read is seen by the next read", async () => {
    const raw = openPg();
    const other = openPg();
    const counted = async (sql: string) => Number((await other.query<{ n: unknown }>(sql))[0]?.n);
    // the generation read once: a query not remembered is then read at once, with the generation (one remembered at a
    // generation gone by: the generation read first)
    await raw.remember("warm", async () => 0);
    // a write lands between the read of the generation and the query's (the table held by the writer), or while the
    // query runs (it sleeps): either way the rows are of the snapshot before it, and not answered once it is seen
    const ways = [
      {
        sql: `SELECT COUNT(*) AS n FROM "units"`,
        hold: true,
        started: `SELECT COUNT(*) AS n FROM pg_locks WHERE NOT granted AND relation = '"units"'::regclass`,
      },
      {
        // a second: still asleep when the write has committed (checked below), on a busy machine too
        sql: `SELECT COUNT(*) AS n FROM "units", pg_sleep(1)`,
        hold: false,
        started: `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()`,
      },
    ];
    for (const way of ways) {
      const count = () => raw.rememberRows(way.sql, (rows: { n: unknown }[]) => Number(rows[0]?.n));
      for (const known of [false, true]) {
        if (known) await addPgUnit(other, code());
        const before = await counted(`SELECT COUNT(*) AS n FROM "units"`);
        let reading: Promise<number> | null = null;
        await other.transaction(async () => {
          if (way.hold) await other.execute(`LOCK TABLE "units" IN ACCESS EXCLUSIVE MODE`);
          reading = count();
          while ((await counted(way.started)) === 0) await new Promise((r) => setTimeout(r, 5));
          await addPgUnit(other, code());
        });
        // the write committed while the rows were still being read (else this case tests nothing)
        if (!way.hold) expect(await counted(way.started)).toBeGreaterThan(0);
        expect(await reading).toBe(before);
        expect(await count()).toBe(before + 1);
      }
    }
  });

  it("a query's rows are remembered: read again, they are not read from the database while the generation stays", async () => {
    const raw = openPg();
    const sql = `SELECT COUNT(*) AS n FROM "units"`;
    const count = () => raw.rememberRows(sql, (rows: { n: unknown }[]) => Number(rows[0]?.n));
    await raw.remember("warm", async () => 0);
    const first = await count();
    // a row added past kaohe (no new generation): the rows remembered are answered
    const direct = new pg.Client({ connectionString: t.url });
    await direct.connect();
    try {
      await direct.query(`INSERT INTO "units" ("code", "name", "category", "attributes", "updatedAt") VALUES ($1, '旁路镇', '镇', '{}', now())`, [code()]);
    } finally {
      await direct.end();
    }
    expect(await count()).toBe(first);
    await addPgUnit(raw, code());
    expect(await count()).toBe(first + 2);
  });

  it("a value one connection computed is used by another on the same database, of the same generation only", async () => {
    const a = openPg();
    const b = openPg();
    const ua = unitCount(a);
    const ub = unitCount(b);
    // b has read the generation (an offer, a message, is checked against the last one read), then a computes
    await b.remember("warm", async () => 0);
    // the offer arrives as a message: heard by a listener on the same channel, b's copy is queued with it
    const address = new URL(t.url);
    address.password = "";
    const heard = new BroadcastChannel(`kaohe-remembered:postgres:${address}`);
    const arrived = new Promise<void>((ok) => {
      heard.onmessage = (e) => {
        if ((e as { data: { state: string; key: string } }).data.key === "units" && (e as { data: { state: string } }).data.state === "value") ok();
      };
    });
    const offered = Number(await ua.value());
    await arrived;
    heard.close();
    await new Promise((r) => setImmediate(r));
    expect(Number(await ub.value())).toBe(offered);
    expect(ub.computed).toBe(0);
    await addPgUnit(a, code());
    expect(Number(await ub.value())).toBe(offered + 1);
    expect(ub.computed).toBe(1);
  });
});

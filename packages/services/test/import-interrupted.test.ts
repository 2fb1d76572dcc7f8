/**
 * An import the process died in (killed mid-import: nothing of it is stored, all or nothing) is found when the server
 * starts again, closed in the audit log as interrupted once, and listed for the data page until its files are imported
 * again; imports that finished, were refused or failed are not, on both databases.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { importFiles, openRaw, openStore, type Store } from "@kaohe/db";
import { databases, IMPORT_LOCK, useDatabase, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { detailText } from "../src/audit-labels.ts";
import { endedImport, listInterruptedImports, recordInterruptedImports } from "../src/import-batches.ts";

const dir = useTempDir("kaohe-import-interrupted-");
const ACTOR = "考核办（kaohe）";
const ORDERS = "工单编号,承办单位,来源,受理时间,办理时限,办结时间";
const units = writeCsvText(dir, "units.csv", ["单位编码,单位名称,类别", "HTZ01,唐山镇,镇街"]);
const good = writeCsvText(dir, "orders-good.csv", [ORDERS, "G1,唐山镇,县中心,2017-10-03 09:00,2017-10-10 17:00,"]);
const bad = writeCsvText(dir, "orders-bad.csv", [ORDERS, "B1,没有的单位,县中心,2017-10-03 09:00,2017-10-10 17:00,"]);
// the import is held in its process once it has read 12,000 rows (support/import-to-be-killed.ts), its batch row,
// audit start and first write batch written and its transaction open: of 16,000 rows (61 bytes, some 1,070 to a
// 64 KiB chunk), some 4,000 are still to read, however fast the machine
const big = writeCsvText(dir, "orders-killed.csv", [
  ORDERS,
  ...Array.from({ length: 16_000 }, (_, i) => `K${i},唐山镇,县中心,2017-11-03 09:00,2017-11-10 17:00,`),
]);

/** The import of \`big\` in a process of its own, held once it reads rows until a line comes on its stdin. */
function importProcess(url: string, runId: string) {
  const script = new URL("./support/import-to-be-killed.ts", import.meta.url).pathname;
  const child = spawn(process.execPath, ["--import", "tsx", script, url, big, runId], { stdio: ["pipe", "pipe", "inherit"] });
  alive.add(child);
  child.on("exit", () => alive.delete(child));
  return child;
}

/** The children not yet ended: a test failing before it lets one go ends it, so that its lock holds up no other test. */
const alive = new Set<ChildProcess>();
afterEach(() => {
  for (const child of alive) child.kill("SIGKILL");
});

/** importFiles in a process of its own, killed once it reads rows (held there: still reading). */
function killedDuringImport(url: string, runId: string): Promise<void> {
  const child = importProcess(url, runId);
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (String(chunk).includes("finished")) reject(new Error("the import finished before it was killed"));
      else if (String(chunk).includes("reading")) child.kill("SIGKILL");
    });
    child.on("exit", () => resolve());
  });
}

/**
 * importFiles in a process of its own, left to finish: resolves once it reads rows (or, \`until\` "waiting", once it
 * waits for another import), with its end (the process's exit). Held once it reads rows until \`release\` (told
 * before it gets there, it goes on at once).
 */
function runningImport(url: string, runId: string, until: "reading" | "waiting" = "reading"): Promise<{ ended: Promise<string>; release: () => void }> {
  const child = importProcess(url, runId);
  let out = "";
  const ended = new Promise<string>((resolve) => child.on("exit", () => resolve(out)));
  const release = () => child.stdin.end("go\n");
  // (a process that died before it was released: told by its output, not by a broken pipe)
  child.stdin.on("error", () => {});
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += String(chunk);
      if (out.includes("finished")) reject(new Error("the import finished before the server started"));
      else if (out.includes(until)) resolve({ ended, release });
    });
    child.on("exit", () => reject(new Error(`the import ended before it said ${until}: ${out}`)));
  });
}

/** An import's start said to be another machine's (its process cannot be asked, as a laptop's cannot). */
async function elsewhere(store: Store, runId: string): Promise<void> {
  const start = await store.prisma.auditLog.findFirstOrThrow({ where: { entityId: runId, action: "import.started" } });
  const detail = typeof start.detail === "string" ? JSON.parse(start.detail) : start.detail;
  await store.prisma.auditLog.update({ where: { id: start.id }, data: { detail: { ...detail, host: "another-machine" } } });
}

/** The start an import of another machine left that died (nothing closes it, no connection of it is open). */
async function diedElsewhere(store: Store, runId: string): Promise<void> {
  await store.prisma.auditLog.create({
    data: {
      at: new Date(),
      actor: ACTOR,
      action: "import.started",
      entity: "import_batches",
      entityId: runId,
      detail: { files: ["orders-lost.csv"], pid: 4242, host: "another-machine", boot: "2026-01-01T00:00" },
    },
  });
}

describe.each(databases)("an import the server was stopped in, on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    store = await openStore(database.url);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("is found once, named with its files, who started it and when; finished, refused and failed imports are not", async () => {
    expect((await importFiles(store, [{ path: units }, { path: good }], { actor: ACTOR })).ok).toBe(true);
    expect((await importFiles(store, [{ path: bad }], { actor: ACTOR })).ok).toBe(false);
    await expect(importFiles(store, [{ path: `${dir}/orders-gone.csv` }], { actor: ACTOR })).rejects.toThrow();
    // (nothing was left unfinished by these)
    expect(await recordInterruptedImports(store)).toEqual([]);

    const runId = randomUUID();
    const before = Date.now();
    await killedDuringImport(database.url, runId);
    // all or nothing: not one of its rows
    expect(await store.prisma.order.count({ where: { id: { startsWith: "K" } } })).toBe(0);
    expect(await store.prisma.order.count()).toBe(1);
    expect(await store.prisma.importBatch.count({ where: { fileName: "orders-killed.csv" } })).toBe(0);

    // the server starts again
    const found = await recordInterruptedImports(store);
    expect(found).toEqual([{ runId, files: ["orders-killed.csv"], startedBy: ACTOR, startedAt: expect.any(String), foundAt: expect.any(String) }]);
    expect(Date.parse(found[0]?.startedAt as string)).toBeGreaterThanOrEqual(before - 1000);
    // and again: said once
    expect(await recordInterruptedImports(store)).toEqual([]);
    expect(await listInterruptedImports(store)).toEqual(found);
    expect(await endedImport(store, runId)).toEqual({ outcome: "interrupted", files: ["orders-killed.csv"], at: expect.any(String), batches: [] });
    expect(await endedImport(store, randomUUID())).toBeNull();

    // the audit log: the start, then the interruption as the audit page reads it
    const entries = await store.prisma.auditLog.findMany({ where: { entityId: runId }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ["import.started", ACTOR],
      ["import.interrupted", "系统"],
    ]);
    // (PostgreSQL's jsonb keeps the keys in an order of its own)
    const said = detailText(entries[1]?.detail).split("，");
    expect(said).toHaveLength(3);
    expect(said).toEqual(
      expect.arrayContaining(["导入人：考核办（kaohe）", "文件：orders-killed.csv", expect.stringMatching(/^开始时间：\d{4}-\d\d-\d\d \d\d:\d\d$/)]),
    );
    // the finished, refused and failed imports each closed under their own id
    const closings = await store.prisma.auditLog.findMany({
      where: { action: { in: ["import.finished", "import.refused", "import.failed"] } },
      select: { action: true },
      orderBy: { id: "asc" },
    });
    expect(closings.map((c) => c.action)).toEqual(["import.finished", "import.refused", "import.failed"]);
    // an unrelated import kept afterwards (a colleague's small file) does not make up for it: still listed
    expect((await importFiles(store, [{ path: good }], { actor: "系统管理员（xitong）" })).ok).toBe(true);
    expect(await listInterruptedImports(store)).toEqual(found);
    // nor one refused with its file
    expect((await importFiles(store, [{ path: bad, name: "orders-killed.csv" }], { actor: ACTOR })).ok).toBe(false);
    expect(await listInterruptedImports(store)).toEqual(found);
    // its file imported again and kept: made up for, no longer listed
    expect((await importFiles(store, [{ path: units }, { path: good, name: "orders-killed.csv" }], { actor: ACTOR })).ok).toBe(true);
    expect(await listInterruptedImports(store)).toEqual([]);
  }, 120_000);

  it("is not an import another process of this machine runs still (a command-line import, a second server)", async () => {
    const runId = randomUUID();
    const { ended, release } = await runningImport(database.url, runId);
    // a server starting meanwhile (on the same database): not said interrupted, nothing of it closed
    expect((await recordInterruptedImports(store)).map((i) => i.runId)).not.toContain(runId);
    release();
    expect(await ended).toContain("finished");
    const entries = await store.prisma.auditLog.findMany({ where: { entityId: runId }, orderBy: { id: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["import.started", "import.finished"]);
    // its start names the process, as the audit page reads it
    expect(detailText(entries[0]?.detail)).toMatch(/进程号：\d+/);
    expect(await listInterruptedImports(store)).toEqual([]);
    expect(await recordInterruptedImports(store)).toEqual([]);
  }, 120_000);
});

describe.each(databases.filter((d) => d.provider === "postgres"))("imports of another machine, on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    store = await openStore(database.url);
    expect((await importFiles(store, [{ path: units }], { actor: ACTOR })).ok).toBe(true);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("are not interrupted while they run or wait for the one before them; one that died beside them is", async () => {
    const [running, waiting, died] = [randomUUID(), randomUUID(), randomUUID()];
    const first = await runningImport(database.url, running);
    const second = await runningImport(database.url, waiting, "waiting");
    // both another machine's (a second server, a laptop's command line): their processes cannot be asked
    await elsewhere(store, running);
    await elsewhere(store, waiting);
    await diedElsewhere(store, died);
    // a server starting meanwhile: the one holding the import lock and the one waiting for it run; the dead one not
    expect((await recordInterruptedImports(store)).map((i) => i.runId)).toEqual([died]);
    // the first let go on, and the second once it holds the lock and reads rows
    first.release();
    second.release();
    expect(await first.ended).toContain("finished");
    expect(await second.ended).toContain("finished");
    for (const runId of [running, waiting]) {
      const entries = await store.prisma.auditLog.findMany({ where: { entityId: runId }, orderBy: { id: "asc" } });
      expect(entries.map((e) => e.action)).toEqual(["import.started", "import.finished"]);
    }
    expect(await recordInterruptedImports(store)).toEqual([]);
  }, 120_000);

  it("are not said interrupted while a process that names no import holds the import lock (an earlier version's)", async () => {
    // (one connection of its own: the lock is its session's, released as it closes)
    const other = openRaw(database.url);
    await other.query(`SELECT pg_advisory_lock(${IMPORT_LOCK})`);
    const died = randomUUID();
    await diedElsewhere(store, died);
    try {
      // one of the unended imports runs, which cannot be told: none is said interrupted now
      expect(await recordInterruptedImports(store)).toEqual([]);
    } finally {
      await other.close();
    }
    // the lock released: a later start finds it
    expect((await recordInterruptedImports(store)).map((i) => i.runId)).toEqual([died]);
  });
});

describe.each(databases)("how an import waiting for another ended, on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    store = await openStore(database.url);
    expect((await importFiles(store, [{ path: units }], { actor: ACTOR })).ok).toBe(true);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("names its own batches, not those the other made while it waited", async () => {
    const rows = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i},唐山镇,县中心,2017-12-03 09:00,2017-12-10 17:00,`);
    // the second's start is written (its time taken) from the first's progress after A's first 64 KiB chunk, before
    // the rest of A is read and B made a batch: 6000 rows are some six chunks and cross a write batch (5000 rows)
    const first = [writeCsvText(dir, "a-first.csv", [ORDERS, ...rows("A", 6000)]), writeCsvText(dir, "b-first.csv", [ORDERS, ...rows("B", 10)])];
    const second = writeCsvText(dir, "c-second.csv", [ORDERS, ...rows("C", 10)]);
    const [one, two] = [randomUUID(), randomUUID()];
    // the second starts while the first reads its first file, and waits for it: the first's second file is made a
    // batch after the second's start
    let started: Promise<unknown> | null = null;
    const kept = await importFiles(
      store,
      first.map((path) => ({ path })),
      {
        actor: ACTOR,
        runId: one,
        onProgress: (p) => {
          if (p.phase === "reading" && p.rows > 0) started ??= importFiles(store, [{ path: second }], { actor: ACTOR, runId: two });
        },
      },
    );
    expect(kept.ok).toBe(true);
    expect(await started).toMatchObject({ ok: true });
    const batches = async (runId: string) => (await endedImport(store, runId))?.batches.map((b) => b.fileName);
    expect(await batches(one)).toEqual(["a-first.csv", "b-first.csv"]);
    expect(await batches(two)).toEqual(["c-second.csv"]);
    // the overlap the test is about: on PostgreSQL the second's start is written at once, before the first's second
    // file is made a batch (on SQLite the start waits for the first's writer, so the case cannot arise there)
    if (target.provider === "postgres") {
      const start = await store.prisma.auditLog.findFirstOrThrow({ where: { entityId: two, action: "import.started" } });
      const b = await store.prisma.importBatch.findFirstOrThrow({ where: { fileName: "b-first.csv" } });
      expect(start.at.getTime()).toBeLessThan(b.createdAt.getTime());
    }
  }, 120_000);
});

/**
 * A server killed outright (SIGKILL: no shutdown, no rollback of ours) during
 * an import and during a publication, then started again on the same
 * database: the database is intact, holds exactly what it held before the
 * killed operation (or the whole of it, never a part), the killed server's
 * upload is cleaned up, and the same operation then succeeds.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRaw, openStore } from "@kaohe/db";
import { afterAll, expect, test } from "vitest";
import { buildServerBundle, type Session, signInAs, startBuiltServer } from "./support.ts";

const root = new URL("../../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "kaohe-crash-"));
const dbFile = join(dir, "kaohe.db");
const url = `file:${dbFile}`;
const running: ChildProcess[] = [];

afterAll(() => {
  for (const p of running) p.kill("SIGKILL");
});

/** `npm start`'s server as its own process, from the bundle as `npm start` runs it; resolves once it listens. */
async function startServer(): Promise<{ base: string; proc: ChildProcess }> {
  const { base, child } = await startBuiltServer(root, { DATABASE_URL: url });
  running.push(child);
  return { base, proc: child };
}

const killed = (proc: ChildProcess) =>
  new Promise<void>((ok) => {
    proc.on("exit", () => ok());
    proc.kill("SIGKILL");
  });

/** each started server is used as the demo's 考核管理员 */
const sessions = new Map<string, Session>();
const as = async (base: string) => {
  if (!sessions.has(base)) sessions.set(base, await signInAs(base, "admin"));
  return sessions.get(base) as Session;
};
const post = async (base: string, path: string, input: unknown) => {
  const { status, body } = await (await as(base)).trpc(path, input, "POST");
  return { status, data: body.result?.data as Record<string, unknown> };
};
const get = async (base: string, path: string, input: unknown) =>
  (await (await as(base)).trpc(path, input, "GET")).body.result?.data as Record<string, unknown>;

function ordersFile(rows: number): string {
  const units = ["唐山镇", "果里镇", "马桥镇", "新城镇"];
  const lines = ["工单编号,承办单位,来源,受理时间,办理时限,办结时间"];
  for (let i = 0; i < rows; i++) lines.push(`K${i},${units[i % units.length]},县中心,2019-02-${String(1 + (i % 20)).padStart(2, "0")} 09:00,2019-02-27,`);
  const path = join(dir, "orders-2019-02.csv");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

async function startImport(base: string, file: string): Promise<string> {
  const up = await (await as(base)).fetch("/upload", {
    method: "PUT",
    headers: { "x-file-name": encodeURIComponent("orders-2019-02.csv") },
    body: readFileSync(file),
  });
  expect(up.status).toBe(201);
  const { uploadId } = (await up.json()) as { uploadId: string };
  const started = await post(base, "imports.start", { files: [{ uploadId }] });
  expect(started.status).toBe(200);
  return started.data.jobId as string;
}

/** SQLite's own check of every page and index, and the counts that matter. */
async function inspect() {
  const db = openRaw(url);
  try {
    const [check] = await db.query<{ integrity_check: string }>("PRAGMA integrity_check");
    const n = async (sql: string) => Number((await db.query<{ n: number }>(sql))[0]?.n);
    return {
      integrity: check?.integrity_check,
      orders: await n(`SELECT COUNT(*) AS n FROM "orders"`),
      batches: await n(`SELECT COUNT(*) AS n FROM "import_batches" WHERE "fileName" = 'orders-2019-02.csv'`),
      current: await n(`SELECT COUNT(*) AS n FROM "published_results" WHERE "period" = '2018-03' AND "supersededAt" IS NULL`),
      // the current publication a re-publication names as the one it replaces
      currentId: (await db.query<{ id: number }>(`SELECT "id" FROM "published_results" WHERE "period" = '2018-03' AND "supersededAt" IS NULL`))[0]?.id ?? null,
      publishAudits: await n(`SELECT COUNT(*) AS n FROM "audit_log" WHERE "action" LIKE 'result.%publish'`),
    };
  } finally {
    await db.close();
  }
}

// (killed past 10,000 rows read: the import is well under way, a quarter of the file, its first write batch (5,000
// records, @kaohe/db's WRITE_BATCH) written into its transaction and the second being written; the 30,000 rows to come take some 3 s on a busy 2-core
// machine, against the tenth of a second between the poll that sees it and the kill. The retry stores them all. Half
// the 80,000 rows it was: the rest only lengthened the import and its retry.)
const ROWS = 40_000;
const KILLED_AT = 10_000;

test("killed during an import and during a publication, restarted: intact, nothing half-done, and the retry succeeds", async () => {
  // the bundle of the sources as they are now (nothing to do when it is already)
  const build = buildServerBundle(root);
  expect(build.status, build.stderr).toBe(0);
  // the first start migrates and seeds the demo
  const uploadsRoot = join(tmpdir(), "kaohe-uploads");
  const uploadFolders = () => new Set(existsSync(uploadsRoot) ? readdirSync(uploadsRoot) : []);
  const foldersBefore = uploadFolders();
  const first = await startServer();
  const seeded = await inspect();
  expect(seeded.integrity).toBe("ok");
  const file = ordersFile(ROWS);

  const jobId = await startImport(first.base, file);
  for (;;) {
    const job = await get(first.base, "imports.job", { jobId });
    if ((job.progress as { rows: number }).rows > KILLED_AT) break;
    expect(job.state).toBe("running");
    await new Promise((r) => setTimeout(r, 20));
  }
  // the folder the first server keeps its uploads in, named by its process id (other test files running beside this
  // one may be making folders of their own there at the same time)
  const ofFirst = [...uploadFolders()].filter((f) => !foldersBefore.has(f) && f === String(first.proc.pid));
  expect(ofFirst).toHaveLength(1);
  await killed(first.proc);

  const second = await startServer();
  const afterImportKill = await inspect();
  expect(afterImportKill).toEqual({ ...seeded });
  // the killed server's upload is gone
  expect(uploadFolders().has(ofFirst[0] as string)).toBe(false);
  // and the import is said: to the page that followed it, and on the data page after a reload (nothing of it stored)
  const lost = await (await as(second.base)).trpc("imports.job", { jobId }, "GET");
  expect(lost.status).toBe(404);
  expect(JSON.stringify(lost.body)).toContain("服务器在导入过程中重新启动，本次导入没有完成，也没有保存任何数据");
  expect(await get(second.base, "imports.interrupted", undefined)).toEqual([
    expect.objectContaining({ runId: jobId, files: ["orders-2019-02.csv"], startedBy: expect.any(String) }),
  ]);

  // the same import again: done, every row there
  const retry = await startImport(second.base, file);
  for (;;) {
    const job = await get(second.base, "imports.job", { jobId: retry });
    if (job.state !== "running") {
      expect(job.state).toBe("done");
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const imported = await inspect();
  expect(imported).toMatchObject({ integrity: "ok", orders: seeded.orders + ROWS, batches: 1 });

  // a publication killed as it runs: afterwards it is there whole (result and audit) or not at all
  const publishing = post(second.base, "publication.publish", { period: "2018-03", replaces: null }).catch(() => null);
  await new Promise((r) => setTimeout(r, 150));
  await killed(second.proc);
  await publishing;
  const third = await startServer();
  const afterPublishKill = await inspect();
  expect(afterPublishKill.integrity).toBe("ok");
  expect(afterPublishKill.orders).toBe(imported.orders);
  expect([0, 1]).toContain(afterPublishKill.current);
  // (the demo's own cycle published a month as it was seeded)
  expect(afterPublishKill.publishAudits - seeded.publishAudits).toBe(afterPublishKill.current);

  // publishing again: one current publication, whether the killed one got through or not
  const again = await post(
    third.base,
    "publication.publish",
    afterPublishKill.current ? { period: "2018-03", replaces: afterPublishKill.currentId, reason: "重启后重新发布" } : { period: "2018-03", replaces: null },
  );
  expect(again.status).toBe(200);
  const final = await inspect();
  expect(final.current).toBe(1);
  await killed(third.proc);

  // the store opens cleanly through the application as well
  const store = await openStore(url);
  expect(await store.prisma.order.count()).toBe(imported.orders);
  await store.close();
}, 300_000);

/**
 * Does one heavy request stall everyone? Part of `pnpm bench`.
 *
 * On a store holding 1,000,000 orders of one month (200 units), the real
 * server answers a light request (the units list) — first alone, then while
 * a second 1,000,000-row import runs and 10 scorings of the first month are
 * asked for at once. Each database is run with the server's worker threads
 * and, for comparison in the same run, with everything on the request thread
 * (as before). The light request is sent every 50 ms whether or not the one before was answered (open loop).
 * Figures, not assertions; the goal is p95 < 200 ms under load.
 *
 * BENCH_ORDERS scales the orders down; BENCH_PG=0 skips PostgreSQL; BENCH_MODES=threads skips the comparison.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateScaleUnits, writeScaleOrdersCsv } from "@kaohe/data";
import { importFiles, openStore } from "@kaohe/db";
import { createUser, loadRubricFiles, shippedRubrics } from "@kaohe/services";
import pg from "pg";
import { createKaoheServer } from "../src/server.ts";
import { signIn } from "../test/support.ts";

const N = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const SCORES = 10;
const withPg = process.env.BENCH_PG !== "0";
const modes = (process.env.BENCH_MODES ?? "threads,single").split(",") as ("threads" | "single")[];
const ADMIN = process.env.KAOHE_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const ms = (x: number) => `${Math.round(x)} ms`;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function scratch(provider: "sqlite" | "postgres", dir: string, tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (provider === "sqlite") return { url: `file:${join(dir, `${tag}.db`)}`, drop: async () => undefined };
  const name = `kaohe_bench_${tag}_${Date.now()}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

interface Figures {
  idle: number[];
  loaded: number[];
  importMs: number;
  scoreMs: number[];
}

async function run(
  provider: "sqlite" | "postgres",
  mode: "threads" | "single",
  files: { units: string; march: string; april: string },
  dir: string,
): Promise<Figures> {
  const db = await scratch(provider, dir, `${provider}_${mode}`);
  const store = await openStore(db.url);
  try {
    await loadRubricFiles(store, await shippedRubrics(), "bench");
    await createUser(store, { username: "bench", displayName: "bench", role: "admin", password: "Load-Test-Pw-1" }, "bench");
    const setup = await importFiles(
      store,
      [
        { path: files.units, kind: "units" },
        { path: files.march, kind: "orders" },
      ],
      { actor: "bench" },
    );
    if (!setup.ok) throw new Error(`setup import failed: ${JSON.stringify(setup.problems.slice(0, 3))}`);
    const server = createKaoheServer({ store, consoleDir: dir, threads: mode === "threads" ? {} : false });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    await server.ready();
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const session = await signIn(base, "bench", "Load-Test-Pw-1");
    const light = async () => {
      const t = performance.now();
      const res = await session.fetch("/trpc/units.list");
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`units.list answered ${res.status}`);
      return performance.now() - t;
    };
    const trpc = async (path: string, input: unknown, method: "GET" | "POST") => {
      const { body } = await session.trpc(path, input, method);
      if (!body.result) throw new Error(`${path}: ${body.error?.message}`);
      return body.result.data as Record<string, unknown>;
    };
    try {
      // warm: the first scoring compiles the rubric and fills caches in each thread
      await trpc("scores.month", { month: "2019-03" }, "GET");
      const idle: number[] = [];
      for (let i = 0; i < 100; i++) idle.push(await light());

      const up = await session.fetch("/upload", {
        method: "PUT",
        headers: { "x-file-name": encodeURIComponent("orders-2019-04.csv") },
        body: readFileSync(files.april),
      });
      const { uploadId } = (await up.json()) as { uploadId: string };
      const t0 = performance.now();
      const { jobId } = (await trpc("imports.start", { files: [{ uploadId }] }, "POST")) as { jobId: string };
      const scoreMs: number[] = [];
      const scoring = Promise.all(
        Array.from({ length: SCORES }, async () => {
          const t = performance.now();
          await trpc("scores.month", { month: "2019-03" }, "GET");
          scoreMs.push(performance.now() - t);
        }),
      );
      // open loop: a light request every 50 ms whether or not the last one was answered, as many people using the
      // console at once would send them; a stalled request thread shows as many slow answers, not one
      const loaded: number[] = [];
      const probes: Promise<void>[] = [];
      let importMs = 0;
      let scored = false;
      void scoring.then(() => {
        scored = true;
      });
      const ticker = setInterval(() => {
        probes.push(light().then((ms) => void loaded.push(ms)));
      }, 50);
      try {
        while (importMs === 0 || !scored) {
          if (importMs === 0) {
            const job = await trpc("imports.job", { jobId }, "GET");
            if (job.state !== "running") {
              if (job.state !== "done") throw new Error(`the import failed: ${JSON.stringify(job.error)}`);
              importMs = performance.now() - t0;
            }
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      } finally {
        clearInterval(ticker);
        await Promise.all(probes);
      }
      await scoring;
      return { idle, loaded, importMs, scoreMs };
    } finally {
      await server.stop();
    }
  } finally {
    await store.close();
    await db.drop();
  }
}

const dir = await mkdtemp(join(tmpdir(), "kaohe-load-bench-"));
try {
  const units = generateScaleUnits(200);
  const files = { units: join(dir, "units.csv"), march: join(dir, "orders-2019-03.csv"), april: join(dir, "orders-2019-04.csv") };
  writeFileSync(files.units, `单位编码,单位名称,类别\n${units.map((u) => `${u.code},${u.name},${u.category}`).join("\n")}\n`);
  await writeScaleOrdersCsv(files.march, N, units, "2019-03", 1);
  await writeScaleOrdersCsv(files.april, N, units, "2019-04", 2);
  console.log(
    `\n服务器负载基准 / server under load: ${N.toLocaleString()} 行工单/月，200 个单位；轻请求 = units.list；负载 = 再导入 ${N.toLocaleString()} 行 + 同时 ${SCORES} 次月度计分`,
  );
  const rows: string[] = [];
  for (const provider of withPg ? (["sqlite", "postgres"] as const) : (["sqlite"] as const)) {
    for (const mode of modes) {
      const f = await run(provider, mode, files, dir);
      const line = [
        `${provider.padEnd(8)} ${mode === "threads" ? "工作线程 threads      " : "单线程 request thread"}`,
        `空闲 idle p50 ${ms(quantile(f.idle, 0.5))} p95 ${ms(quantile(f.idle, 0.95))}`,
        `负载下 under load p50 ${ms(quantile(f.loaded, 0.5))} p95 ${ms(quantile(f.loaded, 0.95))} max ${ms(Math.max(...f.loaded))} (${f.loaded.length} 次)`,
        `导入 import ${(f.importMs / 1000).toFixed(1)} s`,
        `计分 scores p50 ${ms(quantile(f.scoreMs, 0.5))} max ${ms(Math.max(...f.scoreMs))}`,
      ].join(" | ");
      console.log(line);
      rows.push(line);
    }
  }
  console.log("目标 / goal: 负载下轻请求 p95 < 200 ms（SQLite 与 PostgreSQL）");
} finally {
  await rm(dir, { recursive: true, force: true });
}

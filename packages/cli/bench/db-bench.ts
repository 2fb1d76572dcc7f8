/**
 * The store at scale, part of `pnpm bench`:
 * - import throughput of a 1,000,000-row orders CSV into SQLite and PostgreSQL (rows/s, peak memory);
 * - scoring one month of 1,000,000 orders from each database: measures pushed down to SQL versus
 *   loading the rows into the in-memory pass;
 * - a full year's diff of two rubric versions over 1,000,000 orders spread across the year.
 *
 * Each measured step runs in a process of its own, so its peak memory is the kernel's high-water mark
 * (maxRSS) of a process that did nothing else, and its time is not helped or hurt by the steps before it.
 * Figures, not assertions. Set BENCH_ORDERS to scale down; BENCH_PG=0 to skip PostgreSQL.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateScaleUnits, writeScaleOrdersCsv } from "@kaohe/data";
import { diffVersions, importFiles, openStore, orderFromRow, scorePeriod, scoringData } from "@kaohe/db";
import { compileRubric, InMemoryMeasureSource, scoreMonth } from "@kaohe/rules-engine";
import pg from "pg";

const N = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const UNITS = 200;
const MONTH = "2018-03";
const withPg = process.env.BENCH_PG !== "0";
const root = new URL("../../../", import.meta.url).pathname;
const rubric = (file: string) => compileRubric(readFileSync(join(root, file), "utf8"));

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;
const rate = (ms: number) => `${Math.round(N / (ms / 1000)).toLocaleString()} 行/秒 rows/s`;

// ------------------------------------------------------------------ steps (each in its own process)

interface StepResult {
  /** milliseconds of the measured work */
  ms: number;
  /** more timings of the step */
  more?: Record<string, number>;
}

const steps: Record<string, (args: string[]) => Promise<StepResult>> = {
  /** import the units, then time the orders file */
  async import([url, units, orders]) {
    const store = await openStore(url as string);
    await importFiles(store, [{ path: units as string, kind: "units" }], { actor: "bench" });
    const t0 = performance.now();
    const result = await importFiles(store, [{ path: orders as string, kind: "orders" }], { actor: "bench" });
    const ms = performance.now() - t0;
    await store.close();
    if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
    return { ms };
  },
  /** a month pushed down: opening the database and scoring once (a new process: cold caches, the Prisma client's first query), then the best of three more */
  async pushdown([url]) {
    const r2017 = rubric("rules/huantai/2017.kh");
    let t0 = performance.now();
    const store = await openStore(url as string);
    await scorePeriod(store, r2017, MONTH, { evidence: false });
    const first = performance.now() - t0;
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      await scorePeriod(store, r2017, MONTH, { evidence: false });
      runs.push(performance.now() - t0);
    }
    await store.close();
    return { ms: Math.min(...runs), more: { first } };
  },
  /** the same month by reading every order into memory and scoring with the in-memory pass */
  async inMemory([url]) {
    const r2017 = rubric("rules/huantai/2017.kh");
    const t0 = performance.now();
    const store = await openStore(url as string);
    const data = await scoringData(store);
    const orders = (await store.raw.query(`SELECT * FROM "orders"`)).map(orderFromRow);
    await scoreMonth(r2017, { ...data, source: new InMemoryMeasureSource({ orders, events: [] }) }, MONTH, { evidence: false });
    const ms = performance.now() - t0;
    await store.close();
    return { ms };
  },
  /** a year's diff of two versions */
  async diff([url]) {
    const [a, b] = [rubric("rules/huantai/2017.kh"), rubric("rules/examples/huantai-revision-example.kh")];
    const store = await openStore(url as string);
    const t0 = performance.now();
    const result = await diffVersions(store, a, b, "2018");
    const ms = performance.now() - t0;
    await store.close();
    if (result.units.length !== UNITS) throw new Error(`diff of ${result.units.length} units`);
    return { ms };
  },
};

/** Run one step in a child process: its result and its peak RSS (KiB). */
function step(name: string, ...args: string[]): StepResult & { maxRssKiB: number } {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--step", name, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("BENCH "));
  if (child.status !== 0 || !line) throw new Error(`step ${name} failed (${child.status}):\n${child.stdout}`);
  return JSON.parse(line.slice("BENCH ".length));
}

// ------------------------------------------------------------------ data

/** Write the bench's files into `dir`. */
async function generate(dir: string) {
  const units = generateScaleUnits(UNITS);
  writeFileSync(join(dir, "units.csv"), `单位编码,单位名称,类别\n${units.map((u) => `${u.code},${u.name},${u.category}`).join("\n")}\n`);
  await writeScaleOrdersCsv(join(dir, "orders.csv"), N, units, MONTH, 11);
  // the year file: N orders spread over the twelve months of 2018, in one CSV (the header once, ids unique per month)
  const perMonth = Math.ceil(N / 12);
  const out = openSync(join(dir, "orders-2018.csv"), "w");
  for (let m = 1; m <= 12; m++) {
    const part = join(dir, `orders-2018-${m}.csv`);
    await writeScaleOrdersCsv(part, perMonth, units, `2018-${String(m).padStart(2, "0")}`, 100 + m);
    const [header, ...rows] = readFileSync(part, "utf8").trimEnd().split("\n");
    if (m === 1) writeSync(out, `${header}\n`);
    writeSync(out, `${rows.map((r) => `M${m}-${r}`).join("\n")}\n`);
    rmSync(part);
  }
  closeSync(out);
}

async function freshPg(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kaohe_bench_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  return { url: `postgresql://postgres@127.0.0.1:5432/${name}`, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function benchDatabase(label: string, dir: string, monthUrl: string, yearUrl: string) {
  const [units, orders, yearOrders] = ["units.csv", "orders.csv", "orders-2018.csv"].map((f) => join(dir, f)) as [string, string, string];
  const imported = step("import", monthUrl, units, orders);
  console.log(`${label} 导入 import：${N.toLocaleString()} 行 ${secs(imported.ms)} → ${rate(imported.ms)}，峰值内存 peak RSS ${mib(imported.maxRssKiB)}`);

  const pushed = step("pushdown", monthUrl);
  const loaded = step("inMemory", monthUrl);
  console.log(
    `${label} 计分一个月 score a month：下推 SQL push-down ${secs(pushed.ms)}（新进程中打开数据库并首次计分 opening the database and the first scoring in a new process ${secs(pushed.more?.first ?? 0)}；峰值 peak RSS ${mib(pushed.maxRssKiB)}）；` +
      `读出全部行再内存计算 load rows + in-memory ${secs(loaded.ms)}（峰值 ${mib(loaded.maxRssKiB)}）；比值 ratio ${(loaded.ms / pushed.ms).toFixed(1)}×`,
  );

  step("import", yearUrl, units, yearOrders);
  const diff = step("diff", yearUrl);
  console.log(
    `${label} 全年版本对比 year diff（2017 办法 vs 修订示例，${N.toLocaleString()} 件分布在 2018 全年，${UNITS} 个单位）：${secs(diff.ms)}，峰值 peak RSS ${mib(diff.maxRssKiB)}`,
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-bench-"));
  try {
    const t0 = performance.now();
    await generate(dir);
    const flags = process.execArgv.filter((a) => a.startsWith("--max-semi-space-size"));
    console.log(
      `数据 data：${N.toLocaleString()} 件工单 × ${UNITS} 个单位（${MONTH}），另 ${N.toLocaleString()} 件分布在 2018 全年（生成 ${secs(performance.now() - t0)}）；` +
        `node ${process.version} ${flags.join(" ") || "(V8 默认 defaults)"}；每一步在单独的进程中测量 / each step measured in a process of its own`,
    );
    benchDatabase("SQLite", dir, `file:${join(dir, "month.db")}`, `file:${join(dir, "year.db")}`);
    if (withPg) {
      const month = await freshPg();
      const year = await freshPg();
      try {
        benchDatabase("PostgreSQL", dir, month.url, year.url);
      } finally {
        await month.drop();
        await year.drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runStep(name: string, args: string[]) {
  const fn = steps[name];
  if (!fn) throw new Error(`no step ${name}`);
  const result = await fn(args);
  console.log(`BENCH ${JSON.stringify({ ...result, maxRssKiB: process.resourceUsage().maxRSS })}`);
}

const stepAt = process.argv.indexOf("--step");
(stepAt > 0 ? runStep(process.argv[stepAt + 1] as string, process.argv.slice(stepAt + 2)) : main()).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * The store at scale, part of `pnpm bench`:
 * - import throughput of a 1,000,000-row orders CSV into SQLite and PostgreSQL (rows/s, peak memory);
 * - scoring one month of 1,000,000 orders from each database: measures pushed down to SQL versus
 *   loading the rows into the in-memory pass;
 * - a full year's diff of two rubric versions over 1,000,000 orders spread across the year.
 * Figures, not assertions. Set BENCH_ORDERS to scale down; BENCH_PG=0 to skip PostgreSQL.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateScaleUnits, writeScaleOrdersCsv } from "@kaohe/data";
import { diffVersions, importFiles, openStore, orderFromRow, type Store, scorePeriod, scoringData } from "@kaohe/db";
import { compileRubric, InMemoryMeasureSource, scoreMonth } from "@kaohe/rules-engine";
import pg from "pg";

const N = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const UNITS = 200;
const MONTH = "2018-03";
const withPg = process.env.BENCH_PG !== "0";
const root = new URL("../../../", import.meta.url).pathname;
const rubric2017 = compileRubric(readFileSync(join(root, "rules/huantai/2017.kh"), "utf8"));
const revision = compileRubric(readFileSync(join(root, "rules/examples/huantai-revision-example.kh"), "utf8"));

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 25);
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peak: number }> {
  peak = process.memoryUsage().rss;
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0, peak };
}

async function freshPg(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kaohe_bench_${process.pid}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `postgresql://postgres@127.0.0.1:5432/${name}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Load every order of the month from the database into memory, then score with the in-memory pass. */
async function scoreByLoadingRows(store: Store): Promise<number> {
  const data = await scoringData(store);
  const rows = await store.raw.query(`SELECT * FROM "orders"`);
  const orders = rows.map(orderFromRow);
  const result = await scoreMonth(rubric2017, { ...data, source: new InMemoryMeasureSource({ orders, events: [] }) }, MONTH, { evidence: false });
  return result.units.length;
}

async function benchDatabase(
  label: string,
  url: string,
  files: { units: string; orders: string },
  yearFiles: { units: string; orders: string },
  yearUrl: string,
) {
  const store = await openStore(url);
  await importFiles(store, [{ path: files.units, kind: "units" }], { actor: "bench" });
  const imported = await timed(() => importFiles(store, [{ path: files.orders, kind: "orders" }], { actor: "bench" }));
  if (!imported.value.ok) throw new Error("import failed");
  console.log(
    `${label} 导入 import：${N.toLocaleString()} 行 ${secs(imported.ms)} → ${Math.round(N / (imported.ms / 1000)).toLocaleString()} 行/秒 rows/s，峰值内存 peak RSS ${mib(imported.peak)}`,
  );

  await scorePeriod(store, rubric2017, MONTH, { evidence: false }); // warm up
  const pushed = await timed(() => scorePeriod(store, rubric2017, MONTH, { evidence: false }));
  const loaded = await timed(() => scoreByLoadingRows(store));
  console.log(
    `${label} 计分一个月 score a month：下推 SQL push-down ${secs(pushed.ms)}（峰值 ${mib(pushed.peak)}）；读出全部行再内存计算 load rows + in-memory ${secs(loaded.ms)}（峰值 ${mib(loaded.peak)}）；比值 ${(loaded.ms / pushed.ms).toFixed(1)}×`,
  );
  await store.close();

  const year = await openStore(yearUrl);
  await importFiles(
    year,
    [
      { path: yearFiles.units, kind: "units" },
      { path: yearFiles.orders, kind: "orders" },
    ],
    { actor: "bench" },
  );
  const diff = await timed(() => diffVersions(year, rubric2017, revision, "2018"));
  console.log(
    `${label} 全年版本对比 year diff (2017 办法 vs 修订示例, ${N.toLocaleString()} 件分布在 2018 全年)：${secs(diff.ms)}，${diff.value.units.length} 个单位，峰值 ${mib(diff.peak)}`,
  );
  await year.close();
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-bench-"));
  try {
    const units = generateScaleUnits(UNITS);
    const unitsCsv = join(dir, "units.csv");
    writeFileSync(unitsCsv, `单位编码,单位名称,类别\n${units.map((u) => `${u.code},${u.name},${u.category}`).join("\n")}\n`);
    const ordersCsv = join(dir, "orders.csv");
    let t0 = performance.now();
    await writeScaleOrdersCsv(ordersCsv, N, units, MONTH, 11);
    // the year file: N orders spread over the twelve months of 2018
    const yearCsv = join(dir, "orders-2018.csv");
    const perMonth = Math.ceil(N / 12);
    const parts: string[] = [];
    for (let m = 1; m <= 12; m++) {
      const part = join(dir, `orders-2018-${m}.csv`);
      await writeScaleOrdersCsv(part, perMonth, units, `2018-${String(m).padStart(2, "0")}`, 100 + m);
      parts.push(part);
    }
    // one CSV: the header once, the ids made unique per month
    const lines: string[] = [];
    parts.forEach((p, i) => {
      const [header, ...rows] = readFileSync(p, "utf8").trimEnd().split("\n");
      if (i === 0) lines.push(header as string);
      for (const r of rows) lines.push(`M${i + 1}-${r}`);
    });
    writeFileSync(yearCsv, `${lines.join("\n")}\n`);
    console.log(
      `数据 data：${N.toLocaleString()} 件工单 × ${UNITS} 个单位（${MONTH}），另 ${N.toLocaleString()} 件分布在 2018 全年（生成 ${secs(performance.now() - t0)}）`,
    );

    t0 = performance.now();
    await benchDatabase(
      "SQLite",
      `file:${join(dir, "month.db")}`,
      { units: unitsCsv, orders: ordersCsv },
      { units: unitsCsv, orders: yearCsv },
      `file:${join(dir, "year.db")}`,
    );
    if (withPg) {
      const month = await freshPg();
      const year = await freshPg();
      try {
        await benchDatabase("PostgreSQL", month.url, { units: unitsCsv, orders: ordersCsv }, { units: unitsCsv, orders: yearCsv }, year.url);
      } finally {
        await month.drop();
        await year.drop();
      }
    }
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

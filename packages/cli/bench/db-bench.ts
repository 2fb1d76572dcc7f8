/**
 * The store at scale, part of `pnpm bench`:
 * - import throughput of a 1,000,000-row orders CSV into SQLite and PostgreSQL (rows/s, peak memory), beside its
 *   floor: the same rows stored into the same tables by the database alone (the import ÷ the floor); and the same
 *   file imported again (every row stored and unchanged: what a re-exported month mostly is), and the same orders
 *   with other values (every row stored, almost every one changed: a large correction);
 * - scoring one month of 1,000,000 orders from each database: kaohe's push-down query beside the same
 *   measures written by hand as one `COUNT(*) FILTER (WHERE …)` query on the same table (rounds
 *   alternated on one connection, medians), the whole push-down scoring, and loading the rows into
 *   the in-memory pass; DuckDB's time for the hand-written query as a column store's reference;
 * - the push-down's time per 1,000,000 orders at 250,000, 1,000,000 and 4,000,000 orders (the 4,000,000
 *   are the month's orders four times over, under other ids);
 * - working days: the month scored by the 2017 rubric with its deadline counted as 5 working days from receipt
 *   (add_workdays, read from the imported holiday calendar) beside the rubric as written, rounds alternated;
 * - a full year's diff of two rubric versions over 1,000,000 orders spread across the year.
 *
 * Each measured step runs in a process of its own, so its peak memory is the kernel's high-water mark
 * (maxRSS) of a process that did nothing else, and its time is not helped or hurt by the steps before it.
 * Figures, not assertions. Set BENCH_ORDERS to scale down; BENCH_PG=0 to skip PostgreSQL; BENCH_SCALE=250000,1000000
 * for the push-down's sizes (BENCH_SCALE=0: none); BENCH_ROUNDS for the query rounds.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { demoCalendar, formatShanghai, generateScaleUnits, writeScaleOrdersCsv } from "@kaohe/data";
import { compileMeasureQuery, importFiles, openRaw, openStore, orderFromRow } from "@kaohe/db";
import { compileRubric, InMemoryMeasureSource, periodWindow, planFor, scoreMonth } from "@kaohe/rules-engine";
import { dataHash, diffVersions, fingerprintIn, sameData, scorePeriod, scoringData } from "@kaohe/services";
import pg from "pg";
import { runBenchChild } from "./support/child-run.ts";

const N = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const UNITS = 200;
const MONTH = "2018-03";
const withPg = process.env.BENCH_PG !== "0";
const SCALE = (process.env.BENCH_SCALE ?? "250000,1000000,4000000")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const root = new URL("../../../", import.meta.url).pathname;
const rubric = (file: string) => compileRubric(readFileSync(join(root, file), "utf8"));

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;
/** a step's peak RSS, and of it the anonymous memory (the rest is files mapped: node's own, the database file, which the system takes back) */
const peakMemory = (s: { maxRssKiB: number; anonKiB: number }) =>
  `峰值内存 peak RSS ${mib(s.maxRssKiB)}${s.anonKiB > 0 ? `（匿名内存 anonymous ${mib(s.anonKiB)}，其余是映射的文件：node 程序与数据库文件 the rest is files mapped: node and the database file）` : ""}`;
const rate = (ms: number) => `${Math.round(N / (ms / 1000)).toLocaleString()} 行/秒 rows/s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * The 2017 rubric's order measures of a month written by hand, as one would for this table: one FILTER per measure
 * (超期 written out where it is used). The same text runs on SQLite, PostgreSQL and DuckDB.
 */
function handWrittenQuery(start: number, end: number, asOf: number): string {
  const due = `COALESCE("extendedTo", "dueAt")`;
  const late = `(NOT "delayExcused" AND ("closedAt" > ${due} OR ("closedAt" IS NULL AND ${asOf} > ${due})))`;
  const ok = `('满意', '基本满意', '一般')`;
  return `SELECT "unit",
  COUNT(*) AS total,
  COUNT(*) FILTER (WHERE ${late}) AS overdue,
  COUNT(*) FILTER (WHERE "redoCount" >= 1) AS redo,
  COUNT(*) FILTER (WHERE "visited") AS visited,
  COUNT(*) FILTER (WHERE "visited" AND "processSatisfaction" IN ${ok}) AS process_ok,
  COUNT(*) FILTER (WHERE "visited" AND "resultSatisfaction" IN ${ok}) AS result_ok,
  COUNT(*) FILTER (WHERE "closedAt" IS NOT NULL AND NOT ${late} AND NOT "rebound") AS completed,
  COUNT(*) FILTER (WHERE "rebound") AS rebound
FROM "orders"
WHERE "receivedAt" >= ${start} AND "receivedAt" < ${end} AND NOT ("returned" AND "returnAccepted")
GROUP BY "unit"`;
}

/** The month's window and assessment time, and kaohe's push-down query of its order measures (as scorePeriod sends it). */
function monthQueries(provider: "sqlite" | "postgres") {
  const r2017 = rubric("rules/huantai/2017.kh");
  const { window, asOf, assessment } = periodWindow(r2017, MONTH);
  // the measures the monthly assessment reads (scoreMonth's plan): the 2017 rubric's order measures, and its
  // population's size for the score table's warnings
  const plan = planFor(r2017, assessment);
  const specs = plan.measures.filter((m) => m.record === "orders");
  const kaohe = compileMeasureQuery(plan, specs, "orders", provider, { start: window.start, end: window.end, asOf }).sql;
  return { r2017, assessment, kaohe, hand: handWrittenQuery(window.start, window.end, asOf) };
}

/** The same numbers from both queries (column by column, unit by unit): else the comparison means nothing. */
function sameCounts(kaohe: Record<string, unknown>[], hand: Record<string, unknown>[]): boolean {
  const key = (rows: Record<string, unknown>[], unitCol: string) =>
    rows
      .map((r) =>
        [
          String(r[unitCol]),
          ...Object.entries(r)
            .filter(([k]) => k !== unitCol)
            .map(([, v]) => Number(v)),
        ].join(","),
      )
      .sort()
      .join("\n");
  return key(kaohe, "u") === key(hand, "unit");
}

// ------------------------------------------------------------------ steps (each in its own process)

interface StepResult {
  /** milliseconds of the measured work */
  ms: number;
  /** more timings of the step */
  more?: Record<string, number>;
}

/**
 * The time of importing the orders file (after the units file, when given). Without units the orders are stored
 * already: the import must change nothing, or (`changed`) update almost every one.
 */
async function timedOrdersImport(url: string, orders: string, units: string | null, changed = false): Promise<StepResult> {
  const store = await openStore(url);
  if (units) await importFiles(store, [{ path: units, kind: "units" }], { actor: "bench" });
  const server = store.raw.provider === "postgres" && process.platform === "linux" ? await ServerCpu.start(url) : null;
  const cpu0 = process.cpuUsage();
  const loop0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const result = await importFiles(store, [{ path: orders, kind: "orders" }], { actor: "bench" });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const loop = performance.eventLoopUtilization(loop0);
  const serverMs = await server?.stop();
  await store.close();
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
  const file = result.files[0];
  if (!units && !changed && file?.unchanged !== N) throw new Error(`the same file again changed something: ${JSON.stringify(file)}`);
  // (another seed's values: a few rows may come out as they were)
  if (changed && !(file && file.updated > 0.9 * N && file.inserted === 0)) throw new Error(`the changed file did not update its rows: ${JSON.stringify(file)}`);
  return { ms, more: { clientCpu: (cpu.user + cpu.system) / 1000, mainBusy: loop.active, ...(serverMs === undefined ? {} : { serverCpu: serverMs }) } };
}

/**
 * The CPU milliseconds PostgreSQL spends for one database while it is watched: its connections' and the shared
 * writers' (WAL writer, checkpointer, background writer), read from /proc every 100 ms over a connection of its own
 * (a connection that ends between two readings loses up to 100 ms). Other databases' connections are left out;
 * the shared writers' time may include theirs. Linux, with the server on this machine.
 */
class ServerCpu {
  private readonly before = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private reading: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly client: pg.Client,
    private readonly own: number,
  ) {}

  static async start(url: string): Promise<ServerCpu> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const own = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid ?? 0;
    const meter = new ServerCpu(client, own);
    await meter.read(meter.before);
    meter.timer = setInterval(() => {
      meter.reading = meter.reading.then(() => meter.read(meter.last));
    }, 100);
    return meter;
  }

  /** the CPU milliseconds since start (0 for a process that was not there then) */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.reading;
    await this.read(this.last);
    await this.client.end();
    let ms = 0;
    for (const [pid, now] of this.last) ms += now - (this.before.get(pid) ?? 0);
    return ms;
  }

  private async read(into: Map<number, number>): Promise<void> {
    const { rows } = await this.client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR backend_type IN ('walwriter', 'checkpointer', 'background writer')",
    );
    for (const { pid } of rows) {
      if (pid === this.own) continue;
      try {
        // utime and stime, in clock ticks (USER_HZ, 100 on Linux): the 14th and 15th fields, 12th and 13th after the command
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
        into.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
      } catch {
        // ended between the query and the reading
      }
    }
  }
}

const steps: Record<string, (args: string[]) => Promise<StepResult>> = {
  /** import the units, then time the orders file */
  async import([url, units, orders]) {
    return timedOrdersImport(url as string, orders as string, units as string);
  },
  /** the same orders file again: every row is stored already and says the same, so nothing is written */
  async importAgain([url, orders]) {
    return timedOrdersImport(url as string, orders as string, null);
  },
  /** the same orders with other values: every row is stored already, almost every one is updated (and audited) */
  async importChanged([url, orders]) {
    return timedOrdersImport(url as string, orders as string, null, true);
  },
  /**
   * The floor under an import: the rows the import stored (read back from `from`) stored again into an empty database
   * of the same layout by the database alone, as the import hands them over, without reading, checking or comparing
   * them: in one transaction, 5,000 rows at a time in the file's order, each batch sorted into the orders' key order
   * (unit, receipt time, id) as the import sorts it (on SQLite inserted by one prepared statement; on PostgreSQL by
   * COPY FROM STDIN), digests and all.
   */
  async storeOnly([from, to, units]) {
    const source = openRaw(from as string);
    const columns = Object.keys((await source.query(`SELECT * FROM "orders" LIMIT 1`))[0] ?? {});
    const rows = (await source.query(`SELECT * FROM "orders" ORDER BY "id"`)).map((r) => columns.map((c) => r[c]));
    const batches = await source.query(`SELECT * FROM "import_batches" WHERE "kind" = 'orders'`);
    await source.close();
    const store = await openStore(to as string);
    await importFiles(store, [{ path: units as string, kind: "units" }], { actor: "bench" });
    await store.close();
    // on SQLite this connection (no thread: nothing else to do meanwhile, and no message to pass the rows in)
    const raw = openRaw(to as string, { cacheMiB: 256 });
    const batchColumns = Object.keys(batches[0] ?? {});
    await raw.insertMany(
      "import_batches",
      batchColumns,
      batches.map((b) => batchColumns.map((c) => b[c])),
    );
    const [unit, received, id] = ["unit", "receivedAt", "id"].map((c) => columns.indexOf(c)) as [number, number, number];
    const text = (a: unknown, b: unknown) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);
    const clustered = (a: unknown[], b: unknown[]) => text(a[unit], b[unit]) || (a[received] as number) - (b[received] as number) || text(a[id], b[id]);
    const t0 = performance.now();
    await raw.transaction(async () => {
      for (let start = 0; start < rows.length; start += 5000) {
        const batch = rows.slice(start, start + 5000);
        batch.sort(clustered);
        await raw.insertMany("orders", columns, batch);
      }
    });
    const ms = performance.now() - t0;
    await raw.close();
    return { ms };
  },
  /**
   * A month pushed down: opening the database and scoring once (a new process: cold caches, the Prisma client's
   * first query); then rounds alternating kaohe's query of the order measures, the same measures written by hand
   * (same connection), and the whole push-down scoring (medians).
   */
  async pushdown([url, rounds]) {
    let t0 = performance.now();
    const store = await openStore(url as string);
    const { r2017, kaohe, hand } = monthQueries(store.raw.provider);
    await scorePeriod(store, r2017, MONTH, { evidence: false });
    const first = performance.now() - t0;
    const raw = store.raw;
    const k = await raw.query(kaohe);
    const h = await raw.query(hand);
    if (!sameCounts(k, h)) throw new Error("kaohe's push-down and the hand-written query disagree");
    const times = { kaohe: [] as number[], hand: [] as number[], whole: [] as number[] };
    for (let i = 0; i < Number(rounds); i++) {
      const order = i % 2 === 0 ? (["kaohe", "hand", "whole"] as const) : (["hand", "kaohe", "whole"] as const);
      for (const which of order) {
        // the whole scoring on a connection of its own: its measures computed, not remembered from the round before
        const fresh = which === "whole" ? await openStore(url as string) : null;
        t0 = performance.now();
        if (fresh) await scorePeriod(fresh, r2017, MONTH, { evidence: false });
        else await raw.query(which === "kaohe" ? kaohe : hand);
        times[which].push(performance.now() - t0);
        await fresh?.close();
      }
    }
    await store.close();
    return { ms: median(times.whole), more: { first, kaohe: median(times.kaohe), hand: median(times.hand) } };
  },
  /**
   * Working days: the holiday calendar imported (the demo's 2017–2018, as a center imports it), then rounds alternating
   * the month's whole push-down scoring by the 2017 rubric as written and by the same rubric with its deadline counted
   * as 5 working days from receipt (each order's deadline looked up in the day table); medians.
   */
  async workdays([url, rounds, calendarCsv]) {
    const store = await openStore(url as string);
    const imported = await importFiles(store, [{ path: calendarCsv as string, kind: "calendar" }], { actor: "bench" });
    if (!imported.ok) throw new Error(`calendar import failed: ${JSON.stringify(imported.problems.slice(0, 3))}`);
    const written = readFileSync(join(root, "rules/huantai/2017.kh"), "utf8");
    const plain = compileRubric(written);
    const deadline = 'field 有效时限 "有效办理时限" = 延期至 ?? 办理时限';
    if (!written.includes(deadline)) throw new Error("the 2017 rubric's deadline line has changed: update the bench");
    const working = compileRubric(written.replace(deadline, 'field 有效时限 "有效办理时限" = 延期至 ?? add_workdays(受理时间, 5)'));
    const times = { plain: [] as number[], working: [] as number[] };
    // both scored once first; the deadlines differ, so must some scores (else the bench measures nothing)
    const [a, b] = await Promise.all([plain, working].map((r) => scorePeriod(store, r, MONTH, { evidence: false })));
    const scores = (x: Awaited<ReturnType<typeof scorePeriod>> | undefined) => x?.units.map((u) => u.score).join();
    if (scores(a) === scores(b)) throw new Error("the working-day deadline changed no score");
    for (let i = 0; i < Number(rounds); i++) {
      for (const which of i % 2 === 0 ? (["plain", "working"] as const) : (["working", "plain"] as const)) {
        // a connection of its own each time: the measures are computed, not remembered from the round before
        const fresh = await openStore(url as string);
        await fresh.raw.query(`SELECT 1`);
        const t0 = performance.now();
        await scorePeriod(fresh, which === "plain" ? plain : working, MONTH, { evidence: false });
        times[which].push(performance.now() - t0);
        await fresh.close();
      }
    }
    await store.close();
    return { ms: median(times.working), more: { plain: median(times.plain) } };
  },
  /** DuckDB (in memory, from the SQLite month's orders) running the hand-written query: a column store's reference */
  async duckdb([url, rounds]) {
    const duck = await loadDuckDb();
    if (!duck) return { ms: -1 };
    const instance = await duck.DuckDBInstance.create(":memory:");
    const db = await instance.connect();
    await db.run(
      `CREATE TABLE orders ("unit" VARCHAR, "receivedAt" DOUBLE, "dueAt" DOUBLE, "extendedTo" DOUBLE, "closedAt" DOUBLE, "delayExcused" BOOLEAN, "returned" BOOLEAN, "returnAccepted" BOOLEAN, "redoCount" INTEGER, "visited" BOOLEAN, "processSatisfaction" VARCHAR, "resultSatisfaction" VARCHAR, "rebound" BOOLEAN)`,
    );
    // the SQLite month's orders, one unit at a time (memory stays small), appended to DuckDB
    const raw = openRaw(url as string);
    const appender = await db.createAppender("orders");
    const nullable = (x: unknown, append: (v: never) => void) => (x === null ? appender.appendNull() : append(x as never));
    for (const { code } of await raw.query<{ code: string }>(`SELECT "code" FROM "units"`)) {
      const rows = await raw.query<Record<string, unknown>>(
        `SELECT "unit", "receivedAt", "dueAt", "extendedTo", "closedAt", "delayExcused", "returned", "returnAccepted", "redoCount", "visited", "processSatisfaction", "resultSatisfaction", "rebound" FROM "orders" WHERE "unit" = ?`,
        [code],
      );
      for (const r of rows) {
        appender.appendVarchar(r.unit as string);
        appender.appendDouble(r.receivedAt as number);
        appender.appendDouble(r.dueAt as number);
        nullable(r.extendedTo, (v: number) => appender.appendDouble(v));
        nullable(r.closedAt, (v: number) => appender.appendDouble(v));
        appender.appendBoolean(r.delayExcused === 1);
        appender.appendBoolean(r.returned === 1);
        appender.appendBoolean(r.returnAccepted === 1);
        appender.appendInteger(r.redoCount as number);
        appender.appendBoolean(r.visited === 1);
        nullable(r.processSatisfaction, (v: string) => appender.appendVarchar(v));
        nullable(r.resultSatisfaction, (v: string) => appender.appendVarchar(v));
        appender.appendBoolean(r.rebound === 1);
        appender.endRow();
      }
    }
    appender.closeSync();
    await raw.close();
    const { hand } = monthQueries("sqlite");
    const timed = async (threads: number) => {
      await db.run(`SET threads = ${threads}`);
      await db.run(hand);
      const ms: number[] = [];
      for (let i = 0; i < Number(rounds); i++) {
        const t0 = performance.now();
        await db.runAndReadAll(hand);
        ms.push(performance.now() - t0);
      }
      return median(ms);
    };
    const one = await timed(1);
    const all = await timed(Math.max(1, availableParallelism()));
    return { ms: one, more: { all } };
  },
  /** a copy of the month with its orders four times over (other ids): the push-down at 4,000,000 orders from 1,000,000 */
  async quadruple([url]) {
    const raw = openRaw(url as string);
    const t0 = performance.now();
    const cols = (
      await raw.query<{ name: string }>(
        raw.provider === "sqlite"
          ? `SELECT name FROM pragma_table_info('orders')`
          : `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'orders' ORDER BY ordinal_position`,
      )
    ).map((c) => `"${c.name}"`);
    await raw.transaction(async () => {
      for (let k = 1; k <= 3; k++) {
        const select = cols.map((c) => (c === `"id"` ? `'x${k}-' || "id"` : c)).join(", ");
        await raw.execute(`INSERT INTO "orders" (${cols.join(", ")}) SELECT ${select} FROM "orders" WHERE "id" NOT LIKE 'x%'`);
      }
    });
    await raw.execute(raw.provider === "sqlite" ? "ANALYZE" : `ANALYZE "orders"`);
    // on SQLite the new pages go into the main file, as an import's do by the end of the import
    if (raw.provider === "sqlite") await raw.query("PRAGMA wal_checkpoint(TRUNCATE)");
    await raw.close();
    return { ms: performance.now() - t0 };
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
  /**
   * The month's data fingerprint (what a publication's freshness check and an import's undo compare): from the rows'
   * stored digests, as now (format v3), beside every row's columns hashed in the database (v2, the format before),
   * rounds alternated, each in a new data generation (nothing remembered)
   */
  async fingerprint([url, rounds]) {
    const store = await openStore(url as string);
    const r2017 = rubric("rules/huantai/2017.kh");
    const current: number[] = [];
    const v3: number[] = [];
    const v2: number[] = [];
    // a new generation of the data before each: nothing remembered from the round before
    const forget = () =>
      store.provider === "sqlite"
        ? store.raw.execute(`PRAGMA user_version = ${1 + Math.floor(Math.random() * 0x7ffffffe)}`)
        : store.raw.execute(
            `INSERT INTO "settings" ("key", "value", "updatedAt", "updatedBy") VALUES ('dataGeneration', $1, now(), 'bench') ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value"`,
            [String(1 + Math.floor(Math.random() * 0x7ffffffe))],
          );
    for (let i = 0; i < Number(rounds); i++) {
      for (const [times, make] of [
        [current, () => dataHash(store, r2017, MONTH)],
        // PostgreSQL's format before v4: the same digests in the tables' key order (SQLite's current format)
        [v3, () => (store.provider === "postgres" ? fingerprintIn(store, r2017, MONTH, "v3:") : Promise.resolve(""))],
        [v2, () => sameData(store, r2017, MONTH, "v2:")],
      ] as const) {
        await forget();
        const t0 = performance.now();
        await make();
        times.push(performance.now() - t0);
      }
    }
    await store.close();
    const more: Record<string, number> = { v2: median(v2) };
    if (store.provider === "postgres") more.v3 = median(v3);
    return { ms: median(current), more };
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

/** Run one step in a child process: its result, its peak RSS and its peak anonymous memory (KiB). */
function step(name: string, ...args: string[]): StepResult & { maxRssKiB: number; anonKiB: number } {
  return runBenchChild(`step ${name}`, process.execArgv, fileURLToPath(import.meta.url), ["--step", name, ...args]);
}

// ------------------------------------------------------------------ data

/** Write the bench's files into `dir`. */
async function generate(dir: string) {
  const units = generateScaleUnits(UNITS);
  writeFileSync(join(dir, "units.csv"), `单位编码,单位名称,类别\n${units.map((u) => `${u.code},${u.name},${u.category}`).join("\n")}\n`);
  await writeScaleOrdersCsv(join(dir, "orders.csv"), N, units, MONTH, 11);
  // the same ids with another seed's values: a correction of (almost) every order
  await writeScaleOrdersCsv(join(dir, "orders-changed.csv"), N, units, MONTH, 12);
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
  // the holiday calendar the working-day step imports: the demo's 2017–2018, a row a date
  const rows = demoCalendar().map((d) => `${formatShanghai(d.date, "date")},${d.type},${d.note ?? ""}`);
  writeFileSync(join(dir, "calendar.csv"), `日期,类型,说明\n${rows.join("\n")}\n`);
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

/** What the bench uses of @duckdb/node-api (a devDependency of this package; its binary comes in an npm optional dependency). */
interface DuckDbApi {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckDbConnection> }> };
}
interface DuckDbConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<unknown>;
  createAppender(table: string): Promise<DuckDbAppender>;
}
interface DuckDbAppender {
  appendVarchar(v: string): void;
  appendDouble(v: number): void;
  appendInteger(v: number): void;
  appendBoolean(v: boolean): void;
  appendNull(): void;
  endRow(): void;
  closeSync(): void;
}

async function loadDuckDb(): Promise<DuckDbApi | null> {
  const name = "@duckdb/node-api";
  try {
    return (await import(name)) as DuckDbApi;
  } catch {
    return null;
  }
}

interface Target {
  label: string;
  /** a new empty database: its url, and how to drop it */
  fresh: () => Promise<{ url: string; drop: () => Promise<void> }>;
  /** DuckDB's reference is run from this database's month (SQLite) */
  duckdb?: boolean;
}

/** The push-down at one size: kaohe's query, the hand-written one, the whole scoring (medians), per 1,000,000 orders. */
function pushdownLine(label: string, n: number, url: string) {
  const p = step("pushdown", url, String(ROUNDS));
  const more = p.more as Record<string, number>;
  const per = (ms: number) => `${((ms * 1_000_000) / n).toFixed(0)} ms/百万件`;
  console.log(
    `${label} 下推 push-down ${n.toLocaleString().padStart(9)} 件：kaohe 查询 query ${more.kaohe?.toFixed(0)} ms（${per(more.kaohe as number)}）；手写 FILTER 查询 hand-written ${more.hand?.toFixed(0)} ms（${per(more.hand as number)}）；` +
      `比值 ratio ${((more.kaohe as number) / (more.hand as number)).toFixed(2)}×；整个计分 whole scoring ${p.ms.toFixed(0)} ms（${per(p.ms)}，÷ 手写 ${(p.ms / (more.hand as number)).toFixed(2)}×）；` +
      `新进程首次计分 first scoring in a new process ${more.first?.toFixed(0)} ms；峰值 peak RSS ${mib(p.maxRssKiB)}`,
  );
  return p;
}

/**
 * Where an import's time goes: the CPU seconds of kaohe's process (all its threads), the time its main thread was busy
 * (what one thread does in turn: reading, checking and, on PostgreSQL, sending the rows) and, on PostgreSQL, the
 * server's CPU seconds. With C cores the import cannot end sooner than the busiest one thread, nor than all the CPU
 * time spread over the C cores: max(main thread, (kaohe + server) ÷ C) — what bounds a goal in rows/s on this machine.
 */
function cpuLine(label: string, step: StepResult): string {
  const { clientCpu = 0, mainBusy = 0, serverCpu } = step.more ?? {};
  const cores = availableParallelism();
  const bound = Math.max(mainBusy, (clientCpu + (serverCpu ?? 0)) / cores);
  return (
    `${label} 导入的 CPU import CPU：kaohe 进程 process ${secs(clientCpu)}（主线程忙 main thread busy ${secs(mainBusy)}）` +
    (serverCpu === undefined ? "" : `，数据库服务器 database server ${secs(serverCpu)}`) +
    `，墙钟 wall ${secs(step.ms)}；${cores} 核上至少 at least ${secs(bound)} on ${cores} cores → 至多 at most ${rate(bound)}`
  );
}

async function benchDatabase(target: Target, dir: string) {
  const { label } = target;
  const [units, orders, yearOrders, changedOrders] = ["units.csv", "orders.csv", "orders-2018.csv", "orders-changed.csv"].map((f) => join(dir, f)) as [
    string,
    string,
    string,
    string,
  ];
  const month = await target.fresh();
  const dbs = [month];
  try {
    const imported = step("import", month.url, units, orders);
    console.log(`${label} 导入 import：${N.toLocaleString()} 行 ${secs(imported.ms)} → ${rate(imported.ms)}，${peakMemory(imported)}`);
    console.log(cpuLine(label, imported));
    /** each import's size and peak anonymous memory (KiB) */
    const importMemory: [number, number][] = [[N, imported.anonKiB]];
    const again = step("importAgain", month.url, orders);
    console.log(
      `${label} 再次导入同一文件 the same file again（每行都已存储、都未变 every row stored and unchanged）：${secs(again.ms)} → ${rate(again.ms)}，${peakMemory(again)}`,
    );
    const floorDb = await target.fresh();
    dbs.push(floorDb);
    const stored = step("storeOnly", month.url, floorDb.url, units);
    console.log(
      `${label} 导入的下限 the floor under an import：数据库自己存入同样的行（同一表结构、索引与引用检查：SQLite 的外键、PostgreSQL 按语句检查的触发器；不读文件、不校验、不比对）the database alone storing the same rows ` +
        `${secs(stored.ms)} → ${rate(stored.ms)}；导入 ÷ 下限 import ÷ floor ${(imported.ms / stored.ms).toFixed(2)}×`,
    );
    // after the floor, which copies the rows as first imported; the steps below read the changed ones
    const changed = step("importChanged", month.url, changedOrders);
    console.log(
      `${label} 导入改过的同一批工单 the same orders changed（每行都已存储、几乎都变了，逐条记入审计日志 every row stored, almost all changed, each audited）：${secs(changed.ms)} → ${rate(changed.ms)}，${peakMemory(changed)}`,
    );

    const fingerprint = step("fingerprint", month.url, String(ROUNDS));
    const { v2, v3 } = fingerprint.more as { v2: number; v3?: number };
    console.log(
      `${label} 数据指纹 data fingerprint of the month（发布预览、撤销导入 freshness check, import undo）：读存储的行摘要 from the rows' stored digests ${fingerprint.ms.toFixed(0)} ms` +
        `${v3 === undefined ? "" : `（按编号排序，格式 v4 by id；此前按 (单位, 受理时间, 编号) 排序，格式 v3 in the tables' key order ${v3.toFixed(0)} ms，比值 ratio ${(v3 / fingerprint.ms).toFixed(1)}×）`}；` +
        `逐行哈希全部列（格式 v2）every row's columns hashed (format v2) ${v2.toFixed(0)} ms；比值 ratio ${(v2 / fingerprint.ms).toFixed(1)}×`,
    );

    const pushed = pushdownLine(label, N, month.url);
    const loaded = step("inMemory", month.url);
    console.log(
      `${label} 计分一个月 score a month：下推 push-down ${secs(pushed.ms)}；读出全部行再内存计算 load rows + in-memory ${secs(loaded.ms)}（峰值 ${mib(loaded.maxRssKiB)}）；比值 ratio ${(loaded.ms / pushed.ms).toFixed(1)}×`,
    );
    if (target.duckdb) {
      const duck = step("duckdb", month.url, String(ROUNDS));
      const hand = (pushed.more as Record<string, number>).hand as number;
      console.log(
        duck.ms < 0
          ? "DuckDB：未安装 not installed（packages/cli 的 devDependency @duckdb/node-api）"
          : `DuckDB（列存参照 column-store reference，同一手写查询 the same hand-written query，内存中 in memory）：单线程 1 thread ${duck.ms.toFixed(0)} ms（SQLite 手写 ÷ DuckDB ${(hand / duck.ms).toFixed(1)}×）；全部线程 all threads ${(duck.more as Record<string, number>).all?.toFixed(0)} ms`,
      );
    }

    const calendar = join(dir, "calendar.csv");
    const w = step("workdays", month.url, String(ROUNDS), calendar);
    const plainMs = (w.more as Record<string, number>).plain as number;
    console.log(
      `${label} 工作日 working days：一个月整个下推计分 whole push-down scoring，时限按受理后 5 个工作日 deadline 5 working days (add_workdays) ${w.ms.toFixed(0)} ms；按规则原文 as written ${plainMs.toFixed(0)} ms；` +
        `比值 ratio ${(w.ms / plainMs).toFixed(2)}×（每百万件多 extra per 1M orders ${(((w.ms - plainMs) * 1_000_000) / N).toFixed(0)} ms）`,
    );

    // the push-down's scaling: time per 1,000,000 orders at each size
    const perMillion: [number, number][] = [];
    for (const n of SCALE) {
      let url = month.url;
      if (n !== N && n !== 4 * N) {
        const db = await target.fresh();
        dbs.push(db);
        await writeScaleOrdersCsv(join(dir, `orders-${n}.csv`), n, generateScaleUnits(UNITS), MONTH, 13);
        const imported = step("import", db.url, units, join(dir, `orders-${n}.csv`));
        rmSync(join(dir, `orders-${n}.csv`));
        importMemory.push([n, imported.anonKiB]);
        console.log(
          `${label} 导入 import：${n.toLocaleString()} 行 ${secs(imported.ms)} → ${Math.round(n / (imported.ms / 1000)).toLocaleString()} 行/秒 rows/s，${peakMemory(imported)}`,
        );
        url = db.url;
      } else if (n === 4 * N) {
        const db = await target.fresh();
        dbs.push(db);
        step("import", db.url, units, orders);
        const q = step("quadruple", db.url);
        console.log(`${label} （${n.toLocaleString()} 件：本月工单复制为四份 the month's orders four times over，${secs(q.ms)}）`);
        url = db.url;
      }
      const p = n === N ? pushed : pushdownLine(label, n, url);
      perMillion.push([n, ((p.more as Record<string, number>).kaohe as number) / (n / 1_000_000)]);
    }
    importMemory.sort(([a], [b]) => a - b);
    if (importMemory.length > 1 && importMemory.every(([, kib]) => kib > 0)) {
      console.log(
        `${label} 导入的内存 an import's memory（匿名内存峰值 peak anonymous）：${importMemory.map(([n, kib]) => `${n.toLocaleString()} 行 ${mib(kib)}`).join("，")}` +
          (label === "SQLite" ? "（SQLite 导入的页缓存填满 256 MiB 之前随行数增长 the import's SQLite page cache grows to its 256 MiB；" : "（") +
          "随文件增长的是已见的编号，每个约 20 字节加编号本身 what grows with the file is the ids seen, about 20 bytes each besides the id itself）",
      );
    }
    if (perMillion.length > 1) {
      const [n0, t0] = perMillion[0] as [number, number];
      console.log(
        `${label} 下推线性 push-down scaling（kaohe 查询每百万件时间 query time per 1M orders）：${perMillion.map(([n, t]) => `${n.toLocaleString()} 件 ${t.toFixed(0)} ms`).join("，")}；最大 ÷ ${n0.toLocaleString()} 件 largest ÷ smallest ${((perMillion.at(-1) as [number, number])[1] / t0).toFixed(2)}×`,
      );
    }
  } finally {
    for (const db of dbs) await db.drop();
  }

  const year = await target.fresh();
  try {
    const yearUrl = year.url;

    step("import", yearUrl, units, yearOrders);
    const diff = step("diff", yearUrl);
    console.log(
      `${label} 全年版本对比 year diff（2017 办法 vs 修订示例，${N.toLocaleString()} 件分布在 2018 全年，${UNITS} 个单位）：${secs(diff.ms)}，峰值 peak RSS ${mib(diff.maxRssKiB)}`,
    );
  } finally {
    await year.drop();
  }
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
    let files = 0;
    const sqlite: Target = {
      label: "SQLite",
      fresh: async () => {
        const path = join(dir, `db-${++files}.db`);
        return {
          url: `file:${path}`,
          drop: async () => {
            for (const x of ["", "-wal", "-shm"]) rmSync(`${path}${x}`, { force: true });
          },
        };
      },
      duckdb: true,
    };
    await benchDatabase(sqlite, dir);
    if (withPg) await benchDatabase({ label: "PostgreSQL", fresh: freshPg }, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The most anonymous memory this process held (KiB, Linux; 0 elsewhere), sampled every 50 ms while `work` runs: its
 * peak RSS less the pages of files mapped into it, which the system takes back when it needs them (SQLite reads its
 * database file mapped, PRAGMA mmap_size, and a file of millions of rows shows in the RSS as it is read).
 */
async function peakAnonymousKiB<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = 0;
  const sample = () => {
    try {
      const kib = Number(/RssAnon:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);
      if (kib > peak) peak = kib;
    } catch {
      // no /proc
    }
  };
  const timer = setInterval(sample, 50);
  try {
    return [await work(), peak];
  } finally {
    clearInterval(timer);
    sample();
  }
}

async function runStep(name: string, args: string[]) {
  const fn = steps[name];
  if (!fn) throw new Error(`no step ${name}`);
  const [result, anonKiB] = await peakAnonymousKiB(() => fn(args));
  console.log(`BENCH ${JSON.stringify({ ...result, maxRssKiB: process.resourceUsage().maxRSS, anonKiB })}`);
}

const stepAt = process.argv.indexOf("--step");
(stepAt > 0 ? runStep(process.argv[stepAt + 1] as string, process.argv.slice(stepAt + 2)) : main()).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

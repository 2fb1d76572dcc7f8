/**
 * How long each server call of the console takes, part of `npm run bench`.
 *
 * The built server (apps/server/dist/main.mjs, plain node, as `npm start` runs it) is started on
 *
 * - `demo`: an empty SQLite file, which it fills with the Huantai demo data (2018-10 published,
 *   2018-11 open to the units), and
 * - `1m`: the same demo data plus 200 more units with 1,000,000 orders in 2018-11 (prepared here, before
 *   the server starts),
 *
 * signs in as the demo's 考核管理员, and calls what the console's pages call (ranking of a month, unit
 * detail, drill-down, trend, comparison of a month between two rubric versions, year page, the publication's
 * freshness check and publishing, the rules editor's check …), one call at a time, in the order the pages
 * make them (with BENCH_SERVERS, each call made on one server after the other). Each round first changes
 * the data (a one-order import into another month: every value the server remembers is of the data before,
 * so each call computes afresh — "cold"; the first round is a server just started), then makes every call
 * once ("cold"), then once more with nothing changed ("warm": what a page reloaded, a unit opened from the
 * ranking, a publication after looking at the month find).
 * p50 and p95 are over the rounds. Figures, not assertions. The goal (issue 12): on the demo data every
 * call < 300 ms; on 1,000,000 orders < 1 s for unit detail, ranking, comparison of a month and publishing.
 *
 *   BENCH_SETS=demo,1m        which datasets (default both)
 *   BENCH_ORDERS=1000000      orders of the large month
 *   BENCH_ROUNDS=7            rounds (each: a data change, every call cold, every call warm)
 *   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"   more flags for the server's node (profiling)
 *   BENCH_SERVERS="before=/tmp/old:3,after=/work/main"   built checkouts to compare in one run, each on its own copy of
 *                             the data (label=root[:rounds]); the ratios of the first to the last are printed at the end.
 *                             Default: this checkout's build.
 *   BENCH_DB=file:/path.db    the large dataset's SQLite database, kept and reused when it exists (it takes a minute to make)
 *   BENCH_PROVIDERS=sqlite,postgres   the databases the servers run on (default sqlite): on PostgreSQL each server gets a
 *                             database of its own (the large one copied from a template database made once per run)
 *                             on the server at KAOHE_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
 *                             all dropped at the end
 */
import type { ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateScaleUnits, writeScaleOrdersCsv } from "@kaohe/data";
import { importFiles, openStore } from "@kaohe/db";
import { DEMO_PASSWORD, DEMO_PREVIEW_MONTH, seedDemo } from "@kaohe/services";
import pg from "pg";
import { type Session, signIn, startBuiltServer, stopServer } from "../test/support.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const SETS = (process.env.BENCH_SETS ?? "demo,1m").split(",").map((s) => s.trim());
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
type Provider = "sqlite" | "postgres";
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? "sqlite").split(",").map((p) => p.trim()) as Provider[];
for (const p of PROVIDERS) if (p !== "sqlite" && p !== "postgres") throw new Error(`BENCH_PROVIDERS: sqlite or postgres, not ${p}`);
const PROVIDER_LABEL: Record<Provider, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };
const POSTGRES_ADMIN_URL = process.env.KAOHE_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
/** the month the console looks at, and the one the large dataset fills */
const MONTH = DEMO_PREVIEW_MONTH;
const YEAR = MONTH.slice(0, 4);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
};
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)}` : "—");

interface Server {
  label: string;
  /** the checkout whose apps/server/dist/main.mjs runs */
  root: string;
  rounds: number;
}

const SERVERS: Server[] = (process.env.BENCH_SERVERS ?? `kaohe=${root}`).split(",").map((spec) => {
  const [label = "", rest = ""] = spec.split("=");
  const m = /^(.*?)(?::(\d+))?$/.exec(rest) as RegExpExecArray;
  return { label, root: m[1] as string, rounds: m[2] ? Number(m[2]) : ROUNDS };
});

/** Start a checkout's built server on a database (this run's extra node flags with it). */
const startServer = (server: Server, url: string) => startBuiltServer(server.root, { DATABASE_URL: url }, NODE_ARGS);

/** A running server's peak resident memory so far, in MiB (the kernel's VmHWM; null where there is no /proc). */
function peakRss(child: ChildProcess): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** The demo data plus `n` orders of MONTH over 200 more units (made once; reused when BENCH_DB names an existing file). */
async function prepareLarge(url: string, dir: string, n: number): Promise<void> {
  const store = await openStore(url);
  try {
    const t0 = performance.now();
    await seedDemo(store, { cycle: true });
    const units = generateScaleUnits(200);
    const unitsFile = join(dir, "units-scale.csv");
    writeFileSync(unitsFile, `单位编码,单位名称,类别\n${units.map((u) => `${u.code},${u.name},${u.category}`).join("\n")}\n`);
    const ordersFile = join(dir, `orders-${MONTH}.csv`);
    await writeScaleOrdersCsv(ordersFile, n, units, MONTH, 7);
    const result = await importFiles(
      store,
      [
        { path: unitsFile, kind: "units" },
        { path: ordersFile, kind: "orders" },
      ],
      { actor: "bench" },
    );
    if (!result.ok) throw new Error(`the import failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
    console.log(`  准备 prepared: 演示数据 + ${n.toLocaleString()} 件工单（${MONTH}，200 个单位），${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await store.close();
  }
}

interface Call {
  name: string;
  /** the goal in ms on this dataset (null: none stated) */
  goal: number | null;
  run(): Promise<unknown>;
}

type Trpc = (path: string, input: unknown, method?: "GET" | "POST") => Promise<unknown>;

function trpcOf(session: Session): Trpc {
  return async (path, input, method = "GET") => {
    const { status, body } =
      input === undefined
        ? await session
            .fetch(`/trpc/${path}`)
            .then(async (res) => ({ status: res.status, body: (await res.json()) as { result?: { data: unknown }; error?: { message: string } } }))
        : await session.trpc(path, input, method);
    if (status !== 200 || !body.result) throw new Error(`${path} answered ${status}: ${body.error?.message ?? ""}`);
    return body.result.data;
  };
}

interface Version {
  id: number;
  name: string;
  version: string;
  status: string;
  text?: string;
}

/** What the calls are asked about, found on the server as the pages find it (and the month published once). */
interface Inputs {
  versionA: number;
  versionB: number;
  unit: { code: string; name: string; category: string };
  measure: string;
  text: string;
}

async function findInputs(trpc: Trpc): Promise<Inputs> {
  const versions = (await trpc("rubrics.list", undefined)) as Version[];
  const inForce = (await trpc("rubrics.inForce", { period: MONTH })) as Version;
  const draft = versions.find((v) => v.status === "draft" && /revision|修订/.test(`${v.name}${v.version}`)) ?? versions.find((v) => v.id !== inForce.id);
  if (!draft) throw new Error("no second rubric version to compare with");
  const ranking = (await trpc("scores.month", { month: MONTH })) as { units: { unit: Inputs["unit"]; volume: number }[] };
  // the unit with the most orders: the most records behind its numbers
  const unit = [...ranking.units].sort((a, b) => b.volume - a.volume)[0]?.unit as Inputs["unit"];
  const detail = (await trpc("scores.unitDetail", { period: MONTH, unitCode: unit.code })) as {
    unit: { items: { measures?: { name: string; records: string[] }[] }[] };
  };
  const measure = detail.unit.items.flatMap((i) => i.measures ?? []).sort((a, b) => b.records.length - a.records.length)[0]?.name;
  if (!measure) throw new Error("the unit detail lists no measure");
  const text = ((await trpc("rubrics.get", { id: inForce.id })) as Version).text as string;
  // published once, so that publishing again (with a reason) and the freshness check do what they do on a published month
  if (!(await trpc("publication.current", { period: MONTH }))) await publish(trpc);
  return { versionA: inForce.id, versionB: draft.id, unit, measure, text };
}

const publish = (trpc: Trpc) => trpc("publication.publish", { period: MONTH, reason: "基准测试 / bench", confirmUndecided: true, confirmEmpty: true }, "POST");

/** The console's calls, in the order its pages make them (the ranking, a unit of it, the comparison, the year, the rules), publishing last. */
function consoleCalls(trpc: Trpc, x: Inputs, large: boolean): Call[] {
  const q = (path: string, input?: unknown) => () => trpc(path, input);
  const goal = (demo: number, big: number | null) => (large ? big : demo);
  const unitCode = x.unit.code;
  return [
    { name: "scores.month 月度排名", goal: goal(300, 1000), run: q("scores.month", { month: MONTH }) },
    { name: "publication.current 已发布结果", goal: goal(300, null), run: q("publication.current", { period: MONTH }) },
    { name: "publication.freshness 发布预览", goal: goal(300, 1000), run: q("publication.freshness", { period: MONTH }) },
    { name: "cycle.get 预览与异议期", goal: goal(300, null), run: q("cycle.get", { period: MONTH }) },
    { name: "explanations.duties 书面说明", goal: goal(300, null), run: q("explanations.duties", { period: MONTH }) },
    { name: "objections.list 异议", goal: goal(300, null), run: q("objections.list", { period: MONTH }) },
    { name: "units.categories 类别", goal: goal(300, null), run: q("units.categories") },
    { name: "scores.unitDetail 单位详情（月）", goal: goal(300, 1000), run: q("scores.unitDetail", { period: MONTH, unitCode }) },
    { name: "scores.trend 12 个月趋势", goal: goal(300, null), run: q("scores.trend", { unitCode, endMonth: MONTH, months: 12 }) },
    {
      name: "scores.drilldown 明细（第 1 页）",
      goal: goal(300, null),
      run: q("scores.drilldown", { period: MONTH, unitCode, measure: x.measure, page: 1, pageSize: 20 }),
    },
    { name: "scores.compare 版本对比（月）", goal: goal(300, 1000), run: q("scores.compare", { a: x.versionA, b: x.versionB, period: MONTH }) },
    { name: "scores.year 年度考核", goal: goal(300, null), run: q("scores.year", { year: YEAR }) },
    { name: "scores.unitDetail 单位详情（年）", goal: goal(300, null), run: q("scores.unitDetail", { period: YEAR, unitCode }) },
    { name: "rubrics.list 规则版本", goal: goal(300, null), run: q("rubrics.list") },
    { name: "rubrics.get 规则全文", goal: goal(300, null), run: q("rubrics.get", { id: x.versionA }) },
    { name: "rubrics.check 编辑器检查", goal: goal(300, null), run: () => trpc("rubrics.check", { text: x.text }, "POST") },
    { name: "inbox.summary 待办", goal: goal(300, null), run: q("inbox.summary") },
    { name: "publication.publish 发布（重新发布）", goal: goal(300, 1000), run: () => publish(trpc) },
  ];
}

/** A change to the data: one order of the unit, in a month the calls do not look at, imported as the console imports (upload, job). */
async function changeData(session: Session, trpc: Trpc, unit: Inputs["unit"], dir: string, round: number): Promise<void> {
  const file = join(dir, `orders-change-${round}.csv`);
  // the same order id every round, its content from the round's seed: an update each time
  await writeScaleOrdersCsv(file, 1, [{ ...unit, attributes: {} }], "2017-09", `change-${round}`);
  const up = await session.fetch("/upload", { method: "PUT", headers: { "x-file-name": encodeURIComponent("orders-change.csv") }, body: readFileSync(file) });
  const { uploadId } = (await up.json()) as { uploadId: string };
  const { jobId } = (await trpc("imports.start", { files: [{ uploadId, kind: "orders" }] }, "POST")) as { jobId: string };
  for (;;) {
    const job = (await trpc("imports.job", { jobId })) as { state: string; error?: unknown };
    if (job.state !== "running" && job.state !== "queued") {
      if (job.state !== "done") throw new Error(`the import failed: ${JSON.stringify(job)}`.slice(0, 500));
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Row {
  name: string;
  cold: number[];
  warm: number[];
  goal: number | null;
}

/** One server under measure: its session and calls, and the times so far. */
interface Measured {
  server: Server;
  session: Session;
  trpc: Trpc;
  calls: Call[];
  unit: Inputs["unit"];
  rows: Row[];
}

/**
 * The rounds, every server in each (while it has rounds left): the data changed on each, then every call cold, each
 * call made on one server after the other (a busy moment of the machine falls on all alike), then every call warm.
 */
async function measure(servers: Measured[], dir: string): Promise<void> {
  const time = async (c: Call) => {
    const t = performance.now();
    await c.run();
    return performance.now() - t;
  };
  const rounds = Math.max(...servers.map((m) => m.server.rounds));
  for (let r = 0; r < rounds; r++) {
    const now = servers.filter((m) => r < m.server.rounds);
    // the first round: the servers just started; then a change to the data before each
    if (r > 0) for (const m of now) await changeData(m.session, m.trpc, m.unit, dir, r);
    for (const pass of ["cold", "warm"] as const) {
      const calls = (now[0] as Measured).calls.length;
      for (let i = 0; i < calls; i++) for (const m of now) (m.rows[i] as Row)[pass].push(await time(m.calls[i] as Call));
    }
  }
}

function print(title: string, rows: Row[], rounds: number): void {
  const width = Math.max(...rows.map((r) => r.name.length)) + 2;
  const cell = (xs: number[], q: number) => ms(quantile(xs, q)).padStart(6);
  console.log(`\n${title}（毫秒 ms，${rounds} 轮 rounds；cold：数据刚变过 / right after a change to the data，warm：再调用一次 / called again）`);
  console.log(
    `${"调用 call".padEnd(width)}  ${"cold p50".padStart(8)} ${"p95".padStart(6)}  ${"warm p50".padStart(8)} ${"p95".padStart(6)}  ${"目标 goal".padStart(9)}  达到 met (cold p95)`,
  );
  for (const r of rows) {
    const met = r.goal === null ? "" : quantile(r.cold, 0.95) < r.goal ? "✓" : "✗";
    console.log(
      `${r.name.padEnd(width)}  ${cell(r.cold, 0.5).padStart(8)} ${cell(r.cold, 0.95)}  ${cell(r.warm, 0.5).padStart(8)} ${cell(r.warm, 0.95)}  ${(r.goal === null ? "" : `< ${r.goal}`).padStart(9)}  ${met}`,
    );
  }
  const withGoal = rows.filter((r) => r.goal !== null);
  const unmet = withGoal.filter((r) => quantile(r.cold, 0.95) >= (r.goal as number));
  console.log(
    unmet.length === 0
      ? `目标达到 / goal met（${withGoal.length} 个调用，数据刚变过时的 p95 / cold p95 of ${withGoal.length} calls）`
      : `目标未达到 / goal not met (cold p95): ${unmet.map((r) => r.name).join("、")}`,
  );
}

// ------------------------------------------------------------------ run

const { ensureBuilt } = (await import(join(root, "scripts/build.mjs"))) as { ensureBuilt(name: string): Promise<boolean> };
// this checkout's server built (others compared with it are built in theirs)
await ensureBuilt("server");
const dir = mkdtempSync(join(tmpdir(), "kaohe-console-bench-"));
console.log(`\n控制台服务器调用基准 / the console's server calls（构建好的服务器 the built server，${PROVIDERS.map((p) => PROVIDER_LABEL[p]).join("、")}）`);
/** Each call's cold and warm p50 under the first server over the last (the same run, the same data). */
function printRatios(set: string, results: Measured[]): void {
  const first = results[0] as Measured;
  const last = results[results.length - 1] as Measured;
  const width = Math.max(...first.rows.map((r) => r.name.length)) + 2;
  console.log(`\n${set}：${first.server.label} ÷ ${last.server.label}（p50 之比 / ratio of the p50s）`);
  console.log(`${"调用 call".padEnd(width)}  ${"cold".padStart(16)}  ${"warm".padStart(16)}`);
  const ratio = (a: number[], b: number[]) => {
    const [x, y] = [quantile(a, 0.5), quantile(b, 0.5)];
    return `${ms(x)} / ${ms(y)} = ${(x / y).toFixed(1)}×`;
  };
  first.rows.forEach((r, i) => {
    const other = last.rows[i] as Row;
    console.log(`${r.name.padEnd(width)}  ${ratio(r.cold, other.cold).padStart(16)}  ${ratio(r.warm, other.warm).padStart(16)}`);
  });
}

/** A statement on the PostgreSQL server's maintenance database (CREATE DATABASE, DROP DATABASE). */
async function postgresAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The databases of one provider this run makes: SQLite files in the run's folder, PostgreSQL databases dropped at the end. */
class Databases {
  private readonly made: string[] = [];
  constructor(
    readonly provider: Provider,
    private readonly dir: string,
  ) {}

  /** A new database: empty, or a copy of `from` (one this made). */
  async create(name: string, from?: string): Promise<string> {
    if (this.provider === "sqlite") {
      const url = `file:${join(this.dir, `${name}.db`)}`;
      if (from) copyFileSync(from.replace(/^file:/, ""), url.replace(/^file:/, ""));
      return url;
    }
    const db = `kaohe_console_bench_${process.pid}_${name.replace(/\W/g, "_")}`.toLowerCase();
    await postgresAdmin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    // a copy by the server itself: the template's files copied (no other connection to it may be open)
    await postgresAdmin(from ? `CREATE DATABASE "${db}" TEMPLATE "${new URL(from).pathname.slice(1)}"` : `CREATE DATABASE "${db}"`);
    this.made.push(db);
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${db}`;
    return url.toString();
  }

  async dropAll(): Promise<void> {
    for (const db of this.made.splice(0)) await postgresAdmin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  }
}

try {
  for (const provider of PROVIDERS) {
    const dbs = new Databases(provider, dir);
    try {
      for (const set of SETS) {
        let prepared: string | null = null;
        if (set === "1m") {
          if (provider === "sqlite") {
            prepared = process.env.BENCH_DB ?? `file:${join(dir, "large.db")}`;
            if (!existsSync(prepared.replace(/^file:/, ""))) await prepareLarge(prepared, dir, ORDERS);
          } else {
            prepared = await dbs.create("large");
            await prepareLarge(prepared, dir, ORDERS);
          }
        } else if (set !== "demo") throw new Error(`no dataset ${set}: demo or 1m`);
        const data =
          set === "demo"
            ? "演示数据 / the demo data"
            : `演示数据 + ${ORDERS.toLocaleString()} 件工单（${MONTH}）/ the demo + ${ORDERS.toLocaleString()} orders`;
        const title = `${data}，${PROVIDER_LABEL[provider]}`;
        const running: { child: ChildProcess; log: string[] }[] = [];
        const results: Measured[] = [];
        try {
          for (const server of SERVERS) {
            // each server its own copy of the data (the demo: a new database it fills itself)
            const url = await dbs.create(`${set}-${server.label}`, prepared ?? undefined);
            // a server to find the inputs (and publish the month once); then a fresh one, nothing remembered, to measure
            const t0 = performance.now();
            let inputs: Inputs;
            {
              const { base, child, log } = await startServer(server, url);
              try {
                console.log(`  ${server.label}（${PROVIDER_LABEL[provider]}）: 服务器已启动 server up: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
                inputs = await findInputs(trpcOf(await signIn(base, "kaohe", DEMO_PASSWORD)));
              } catch (err) {
                console.error(log.join("").slice(-3000));
                throw err;
              } finally {
                await stopServer(child);
              }
            }
            const { base, child, log } = await startServer(server, url);
            running.push({ child, log });
            const session = await signIn(base, "kaohe", DEMO_PASSWORD);
            const trpc = trpcOf(session);
            const calls = consoleCalls(trpc, inputs, set === "1m");
            results.push({ server, session, trpc, calls, unit: inputs.unit, rows: calls.map((c) => ({ name: c.name, cold: [], warm: [], goal: c.goal })) });
          }
          await measure(results, dir);
          for (const m of results) print(`${title}，${m.server.label}`, m.rows, m.server.rounds);
          for (const [i, r] of running.entries()) {
            const peak = peakRss(r.child);
            if (peak !== null) console.log(`  ${results[i]?.server.label}：服务器峰值内存 the server's peak RSS ${peak} MiB`);
          }
        } catch (err) {
          for (const r of running) console.error(r.log.join("").slice(-3000));
          throw err;
        } finally {
          for (const r of running) await stopServer(r.child);
        }
        if (results.length > 1)
          printRatios(`${set === "demo" ? "演示数据 / the demo data" : `${ORDERS.toLocaleString()} 件工单 / orders`}，${PROVIDER_LABEL[provider]}`, results);
      }
    } finally {
      await dbs.dropAll();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Whole-process times of the command line, part of `npm run bench`: what a user waits for, start to exit,
 * process start-up and module loading included.
 *
 * - `kaohe check rules/huantai/2017.kh` (no data);
 * - `kaohe score --db` on a SQLite month of 1,000,000 orders over 200 units (measures pushed down to SQL);
 *
 * each run as the built bundle under plain `node`, through the `./kaohe` launcher (which first checks the
 * build is fresh), through `npm run kaohe`, and through tsx from the TypeScript sources (how every run
 * went before the build); beside them, the floor: a plain `node -e` that opens the same SQLite file and runs
 * one hand-written aggregate over the month. Commands alternate round by round (ROUNDS rounds, default 5),
 * so a busy moment on a shared machine hurts them all alike; the median is printed, and the ratio to the floor.
 * Figures, not assertions. BENCH_ORDERS scales the database; BENCH_STARTUP_DB=path keeps (or reuses) it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateScaleUnits, writeScaleOrdersCsv } from "@kaohe/data";
import { importFiles, openStore } from "@kaohe/db";

const N = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const UNITS = 200;
const MONTH = "2018-03";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const root = new URL("../../../", import.meta.url).pathname;
const windows = process.platform === "win32";

/** A SQLite database holding the month's N orders: built here (half a minute for 1,000,000) unless BENCH_STARTUP_DB names one. */
async function database(): Promise<{ file: string; cleanup: () => void }> {
  const kept = process.env.BENCH_STARTUP_DB;
  if (kept && existsSync(kept)) return { file: kept, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), "kaohe-startup-"));
  const file = kept ?? join(dir, "month.db");
  const t0 = performance.now();
  const units = generateScaleUnits(UNITS);
  writeFileSync(join(dir, "units.csv"), `单位编码,单位名称,类别\n${units.map((u) => `${u.code},${u.name},${u.category}`).join("\n")}\n`);
  await writeScaleOrdersCsv(join(dir, "orders.csv"), N, units, MONTH, 11);
  const store = await openStore(`file:${file}`);
  for (const kind of ["units", "orders"] as const) {
    const r = await importFiles(store, [{ path: join(dir, `${kind}.csv`), kind }], { actor: "bench" });
    if (!r.ok) throw new Error(`import of ${kind} failed: ${JSON.stringify(r.problems.slice(0, 3))}`);
  }
  await store.close();
  console.log(`启动基准 start-up bench：${N.toLocaleString()} 件工单 × ${UNITS} 个单位写入 SQLite（${((performance.now() - t0) / 1000).toFixed(1)} s）`);
  // the files, and the database unless it is to be kept
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The floor: Node opens the file with better-sqlite3 and runs one aggregate over the month, grouped by unit. */
const floorScript = (file: string) => {
  const start = Date.parse(`${MONTH}-01T00:00:00+08:00`);
  const end = Date.parse(`${MONTH.slice(0, 5)}${String(Number(MONTH.slice(5)) + 1).padStart(2, "0")}-01T00:00:00+08:00`);
  const sql = `SELECT "unit", COUNT(*) AS n,
      COUNT(*) FILTER (WHERE COALESCE("closedAt", ${end}) > COALESCE("extendedTo", "dueAt") AND NOT "delayExcused") AS overdue,
      COUNT(*) FILTER (WHERE "redoCount" >= 1) AS redo,
      COUNT(*) FILTER (WHERE "visited") AS visited,
      COUNT(*) FILTER (WHERE "visited" AND "processSatisfaction" IN ('满意','基本满意','一般')) AS satisfied,
      COUNT(*) FILTER (WHERE "closedAt" IS NOT NULL AND NOT "rebound") AS completed
    FROM "orders" WHERE "receivedAt" >= ? AND "receivedAt" < ? AND NOT ("returned" AND "returnAccepted") GROUP BY "unit"`;
  return `const db = new (require("better-sqlite3"))(${JSON.stringify(file)}, { readonly: true });
const rows = db.prepare(${JSON.stringify(sql)}).all(${start}, ${end});
if (rows.length !== ${UNITS}) throw new Error("rows: " + rows.length);`;
};

interface Command {
  label: string;
  cmd: string;
  args: string[];
  cwd?: string;
  shell?: boolean;
}

/**
 * One run: its wall time, and (on POSIX systems, from the shell's `times`) the CPU time, user + system, of
 * the command and every process it started. On a shared machine the CPU time shows what a run costs when the
 * wall time also holds waiting for a core.
 */
function runOnce(c: Command): { wall: number; cpu: number | null } {
  // sh's own start (a millisecond or two) is inside the wall time, not inside the children's CPU time
  const [cmd, args] = windows ? [c.cmd, c.args] : ["/bin/sh", ["-c", '"$@" >/dev/null; s=$?; times; exit $s', "sh", c.cmd, ...c.args]];
  const t0 = performance.now();
  const r = spawnSync(cmd as string, args as string[], { cwd: c.cwd ?? root, encoding: "utf8", shell: c.shell ?? false, maxBuffer: 64 * 1024 * 1024 });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${c.label} failed (${r.error ?? r.status}): ${r.stderr ?? ""}`);
  // `times` prints the shell's own times, then its children's: "0m0.21s 0m0.03s"
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(r.stdout.trimEnd());
  const cpu = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : null;
  return { wall, cpu };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] as number;
};

async function main() {
  // the bundle must be current before it is timed (the launchers would rebuild it in their first run otherwise)
  const build = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("the build failed");
  const db = await database();
  try {
    const node = process.execPath;
    const npm = windows ? "npm.cmd" : "npm";
    const bundle = join(root, "packages/cli/dist/kaohe.mjs");
    const tsx = join(root, "node_modules/.bin/tsx");
    const src = join(root, "packages/cli/src/main.ts");
    const check = ["check", "rules/huantai/2017.kh"];
    const score = ["score", "--db", `file:${db.file}`, "--month", MONTH, "--rubric", "rules/huantai/2017.kh", "--json"];
    const ways = (name: string, args: string[]): Command[] => [
      { label: `node dist/kaohe.mjs ${name}`, cmd: node, args: [bundle, ...args] },
      ...(windows ? [] : [{ label: `./kaohe ${name}`, cmd: join(root, "kaohe"), args }]),
      { label: `npm run kaohe -- ${name}`, cmd: npm, args: ["run", "-s", "kaohe", "--", ...args], shell: windows },
      { label: `tsx src/main.ts ${name}（构建前 before the build）`, cmd: tsx, args: ["--max-semi-space-size=32", src, ...args] },
    ];
    const floor: Command = { label: "node -e 一次查询 one SQL query", cmd: node, args: ["-e", floorScript(db.file)], cwd: join(root, "packages/cli") };
    const commands = [floor, ...ways("check", check), ...ways("score --db", score)];
    const runs = new Map<Command, { wall: number; cpu: number | null }[]>(commands.map((c) => [c, []]));
    for (const c of commands) runOnce(c); // warm the file cache once
    for (let round = 0; round < ROUNDS; round++) for (const c of commands) runs.get(c)?.push(runOnce(c));

    const wall = (c: Command) => median((runs.get(c) ?? []).map((r) => r.wall));
    const cpu = (c: Command) => {
      const xs = (runs.get(c) ?? []).map((r) => r.cpu);
      return xs.every((x) => x !== null) ? median(xs as number[]) : null;
    };
    const base = wall(floor);
    const baseCpu = cpu(floor);
    console.log(
      `整个进程（启动到退出）的时间，${ROUNDS} 轮中位数，命令逐轮交替 / whole process, start to exit, median of ${ROUNDS} alternating rounds` +
        `（score：${MONTH}，${N.toLocaleString()} 件工单，SQLite）；比值以 node -e 一次查询为 1 / ratio to the plain node -e query;` +
        ` CPU = 用户 + 系统 user + system, 含子进程 children included:`,
    );
    const width = Math.max(...commands.map((c) => c.label.length));
    for (const c of commands) {
      const w = wall(c);
      const u = cpu(c);
      const cpuText = u !== null && baseCpu ? `   CPU ${(u / 1000).toFixed(2)} s  ${(u / baseCpu).toFixed(2)}×` : "";
      console.log(`  ${c.label.padEnd(width)}  ${(w / 1000).toFixed(2)} s  ${(w / base).toFixed(2)}×${cpuText}`);
    }
    console.log("  目标 goals：check < 0.5 s；score --db < 1.2 s（一个进程 / one process）");
  } finally {
    db.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

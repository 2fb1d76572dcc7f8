/**
 * `pnpm bench`: one month of orders over 200 units scored with the Huantai
 * 2017 rubric by the engine, and in the same process by a hand-written
 * single-pass TypeScript function that computes the same monthly scores, at
 * 250,000, 1,000,000 and 4,000,000 orders (each size in a process of its own).
 * Prints both times (medians of rounds alternated between the two, after
 * warm-up rounds), their ratio, the time per 1,000,000 orders, peak memory,
 * and checks that the two agree on all 200 published scores.
 * Figures, not assertions: the machines are shared and noisy.
 * BENCH_SIZES=250000,1000000 to choose the sizes (BENCH_ORDERS=n: one size), BENCH_ROUNDS for the rounds.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { HotlineEvent, Order, Unit } from "@kaohe/data";
import { generateScaleOrders, generateScaleUnits } from "@kaohe/data";
import { compileRubric, InMemoryMeasureSource, monthStart, roundHalfUp, scoreMonth } from "@kaohe/rules-engine";
import { runBenchChild } from "./support/child-run.ts";

const SIZES = (process.env.BENCH_SIZES ?? process.env.BENCH_ORDERS ?? "250000,1000000,4000000").split(",").map(Number);
const UNITS = Number(process.env.BENCH_UNITS ?? 200);
const MONTH = "2018-03";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const WARMUP = 3;

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

/** The 2017 monthly rubric written by hand: what the engine must come close to. */
function handWritten(
  units: readonly Unit[],
  orders: readonly Order[],
  events: readonly HotlineEvent[],
  start: number,
  end: number,
  asOf: number,
): Map<string, number> {
  const index = new Map(units.map((u, i) => [u.code, i]));
  const n = units.length;
  const total = new Float64Array(n);
  const overdue = new Float64Array(n);
  const redo = new Float64Array(n);
  const visited = new Float64Array(n);
  const satisfied = new Float64Array(n);
  const completed = new Float64Array(n);
  const deducted = new Float64Array(n);
  const ok = (s: string | null) => s === "满意" || s === "基本满意" || s === "一般";
  for (let i = 0; i < orders.length; i++) {
    const o = orders[i] as Order;
    const u = index.get(o.unit);
    if (u === undefined || o.receivedAt < start || o.receivedAt >= end || (o.returned && o.returnAccepted)) continue;
    total[u]!++;
    const due = o.extendedTo ?? o.dueAt;
    const late = !o.delayExcused && (o.closedAt !== null ? o.closedAt > due : asOf > due);
    if (late) overdue[u]!++;
    if (o.redoCount >= 1) redo[u]!++;
    if (o.visited) {
      visited[u]!++;
      if (ok(o.processSatisfaction)) satisfied[u]!++;
      if (ok(o.resultSatisfaction)) satisfied[u]!++;
    }
    if (o.closedAt !== null && !late && !o.rebound) completed[u]!++;
  }
  const points: Record<string, number> = {
    行政不作为: 5,
    转办未整改: 2,
    不作为情节严重: 10,
    服务态度恶劣: 5,
    上班时间娱乐: 5,
    服务电话无人接听: 2,
    服务电话重复投诉: 5,
    行政乱作为: 5,
    弄虚作假: 5,
    市转办应办未办: 10,
    市转办承办不力延期: 5,
    市转办问题反弹: 5,
    县交办应办未办: 10,
    县交办问题反弹: 5,
    推诿扯皮: 5,
    抽查态度不满意: 2,
    抽查应办未办不满意: 10,
  };
  for (const e of events) {
    const u = index.get(e.unit);
    if (u === undefined || e.date < start || e.date >= end) continue;
    const p = e.type === "其他效能问题" ? (e.points ?? 0) : points[e.type];
    if (p !== undefined) deducted[u]! += p * e.count;
  }
  const scores = new Map<string, number>();
  for (let u = 0; u < n; u++) {
    const t = total[u] as number;
    const v = visited[u] as number;
    const score =
      Math.max(0, 100 - (deducted[u] as number)) * 0.3 +
      (t === 0 ? 20 : 20 * (1 - (overdue[u] as number) / t)) +
      (t === 0 ? 20 : 20 * (1 - (redo[u] as number) / t)) +
      (v === 0 ? 20 : (20 * (satisfied[u] as number)) / (2 * v)) +
      (t === 0 ? 10 : (10 * (completed[u] as number)) / t);
    scores.set((units[u] as Unit).code, roundHalfUp(score, 2));
  }
  return scores;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

interface SizeResult {
  n: number;
  generateMs: number;
  engine: number;
  hand: number;
  engineRounds: number[];
  handRounds: number[];
  withEvidence: number | null;
  mismatches: number;
  units: number;
  heapGrowth: number;
  maxRssKiB: number;
}

/** One size, in a process of its own. */
async function measure(n: number): Promise<Omit<SizeResult, "maxRssKiB">> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const rubric = compileRubric(readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8"));
  const units = generateScaleUnits(UNITS);
  let t0 = performance.now();
  const orders = generateScaleOrders(n, units, MONTH, 7);
  const events: HotlineEvent[] = units.flatMap((u, i) =>
    i % 3 === 0
      ? [
          {
            id: `E${i}`,
            unit: u.code,
            date: monthStart(MONTH) + 86_400_000 * 3,
            type: i % 2 ? "行政不作为" : "其他效能问题",
            count: 1 + (i % 2),
            points: 4,
            orderId: null,
            note: null,
            attributes: {},
          },
        ]
      : [],
  );
  const generateMs = performance.now() - t0;
  const start = monthStart(MONTH);
  const end = monthStart("2018-04");
  const asOf = monthStart("2018-05");
  const data = { units, facts: [], source: new InMemoryMeasureSource({ orders, events }) };

  // warm up both (JIT), let the collector finish what generating the data left it, then alternate rounds so that
  // noise (other work on the machine, the collector) hits both alike
  for (let w = 0; w < WARMUP; w++) {
    await scoreMonth(rubric, data, MONTH, { evidence: false });
    handWritten(units, orders, events, start, end, asOf);
  }
  gc?.();
  const heapBase = process.memoryUsage().heapUsed;
  const engineRounds: number[] = [];
  const handRounds: number[] = [];
  let engineResult = await scoreMonth(rubric, data, MONTH, { evidence: false });
  let hand = handWritten(units, orders, events, start, end, asOf);
  for (let r = 0; r < ROUNDS; r++) {
    // the order within a round alternates too
    const engineFirst = r % 2 === 0;
    if (!engineFirst) {
      t0 = performance.now();
      hand = handWritten(units, orders, events, start, end, asOf);
      handRounds.push(performance.now() - t0);
    }
    t0 = performance.now();
    engineResult = await scoreMonth(rubric, data, MONTH, { evidence: false });
    engineRounds.push(performance.now() - t0);
    if (engineFirst) {
      t0 = performance.now();
      hand = handWritten(units, orders, events, start, end, asOf);
      handRounds.push(performance.now() - t0);
    }
  }
  const heapGrowth = process.memoryUsage().heapUsed - heapBase;

  let mismatches = 0;
  for (const u of engineResult.units) if (u.published !== hand.get(u.unit.code)) mismatches++;

  // with evidence (record ids behind every measure), as `explain` and the console use it: at the first size only
  let withEvidence: number | null = null;
  if (n === SIZES[0]) {
    t0 = performance.now();
    const r = await scoreMonth(rubric, data, MONTH, { evidence: true });
    withEvidence = performance.now() - t0;
    // and every explanation read, as the console's table or `explain` would
    JSON.stringify(r);
  }
  return {
    n,
    generateMs,
    engine: median(engineRounds),
    hand: median(handRounds),
    engineRounds,
    handRounds,
    withEvidence,
    mismatches,
    units: engineResult.units.length,
    heapGrowth,
  };
}

function runSize(n: number, extraFlags: string[] = []): SizeResult {
  // a heap for 4,000,000 orders in memory, and the collector callable between warm-up and the measured rounds
  const flags = [...process.execArgv, "--expose-gc", `--max-old-space-size=${Math.max(4096, Math.ceil(n / 1_000_000) * 2048)}`, ...extraFlags];
  return runBenchChild<SizeResult>(`size ${n}`, flags, fileURLToPath(import.meta.url), ["--size", String(n)]);
}

/**
 * V8 allocation-site pretenuring: once the young generation is at its largest (32 MiB semi-spaces here), a scavenge
 * that comes in the middle of a month finds every object of that month's results alive, and V8 may then decide
 * that those allocation sites make long-lived objects and allocate them in the old generation from then on. A
 * process in which it so decides spends its months in full collections: its fixed cost per month is about 5 ms
 * instead of 3 (200 units; in about a third of processes, measured 2026-12-04). The same size is measured again in a
 * process with that decision switched off, so the output shows how much of the ratio is that: the product's
 * launchers keep V8's default (the flag did not help imports, whose rows do live long).
 */
const WITHOUT_PRETENURING = ["--no-allocation-site-pretenuring"];

async function main() {
  console.log(
    `引擎 vs 手写单遍 engine vs hand-written single pass：${UNITS} 个单位，${MONTH}，2017 办法；每个规模在单独的进程中，预热 ${WARMUP} 轮后交替 ${ROUNDS} 轮取中位数 / each size in a process of its own, ${WARMUP} warm-up rounds, then the median of ${ROUNDS} alternated rounds`,
  );
  const results: SizeResult[] = [];
  let failed = false;
  for (const n of SIZES) {
    const r = runSize(n);
    results.push(r);
    const per = (ms: number) => `${((ms * 1_000_000) / n).toFixed(0)} ms/百万件`;
    console.log(
      `${n.toLocaleString().padStart(9)} 件：引擎 engine ${r.engine.toFixed(1)} ms（${per(r.engine)}）；手写 hand-written ${r.hand.toFixed(1)} ms（${per(r.hand)}）；` +
        `比值 ratio ${(r.engine / r.hand).toFixed(2)}×；峰值内存 peak RSS ${mib(r.maxRssKiB * 1024)}，计分时堆增长 heap growth while scoring ${mib(Math.max(0, r.heapGrowth))}；` +
        `结果一致 scores agree：${r.mismatches === 0 ? "是" : `否，${r.mismatches} 个单位不同`}（${r.units} 个单位）`,
    );
    if (process.env.BENCH_VERBOSE)
      console.log(`  rounds engine ${r.engineRounds.map((x) => x.toFixed(1)).join(" ")} | hand ${r.handRounds.map((x) => x.toFixed(1)).join(" ")}`);
    if (r.withEvidence !== null)
      console.log(`${"".padStart(9)}   引擎含明细 engine with evidence ids (and every explanation read)：${r.withEvidence.toFixed(0)} ms`);
    if (r.mismatches > 0) failed = true;
    if (n === SIZES[0]) {
      const w = runSize(n, WITHOUT_PRETENURING);
      console.log(
        `${"".padStart(9)}   不提前晋升 without allocation-site pretenuring（${WITHOUT_PRETENURING[0]}）：引擎 engine ${w.engine.toFixed(1)} ms；手写 hand-written ${w.hand.toFixed(1)} ms；比值 ratio ${(w.engine / w.hand).toFixed(2)}×`,
      );
      if (w.mismatches > 0) failed = true;
    }
  }
  if (results.length > 1) {
    const first = results[0] as SizeResult;
    const last = results[results.length - 1] as SizeResult;
    const perMillion = (r: SizeResult, ms: number) => (ms * 1_000_000) / r.n;
    console.log(
      `线性 scaling（每百万件时间，${last.n.toLocaleString()} 件 ÷ ${first.n.toLocaleString()} 件 time per 1M orders, largest ÷ smallest）：引擎 engine ${(perMillion(last, last.engine) / perMillion(first, first.engine)).toFixed(2)}×，手写 hand-written ${(perMillion(last, last.hand) / perMillion(first, first.hand)).toFixed(2)}×（≤ 1 = 线性或更好 linear or better）`,
    );
  }
  if (failed) process.exitCode = 1;
}

const sizeAt = process.argv.indexOf("--size");
if (sizeAt > 0) {
  measure(Number(process.argv[sizeAt + 1]))
    .then((r) => console.log(`BENCH ${JSON.stringify({ ...r, maxRssKiB: process.resourceUsage().maxRSS })}`))
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
} else {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

/**
 * `pnpm bench`: one month of 1,000,000 orders over 200 units scored with the
 * Huantai 2017 rubric by the engine, and in the same run by a hand-written
 * single-pass TypeScript function that computes the same monthly scores.
 * Prints both times, their ratio and peak memory, and checks the two agree.
 * Figures, not assertions: the machines are shared and noisy.
 */
import { readFileSync } from "node:fs";
import type { HotlineEvent, Order, Unit } from "@kaohe/data";
import { generateScaleOrders, generateScaleUnits } from "@kaohe/data";
import { compileRubric, InMemoryMeasureSource, monthStart, roundHalfUp, scoreMonth } from "@kaohe/rules-engine";

const N = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 200);
const MONTH = "2018-03";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 20);

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

async function main() {
  const rubric = compileRubric(readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8"));
  const units = generateScaleUnits(UNITS);
  let t0 = performance.now();
  const orders = generateScaleOrders(N, units, MONTH, 7);
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
  console.log(`数据：${N.toLocaleString()} 件工单，${UNITS} 个单位，${MONTH}（生成 ${((performance.now() - t0) / 1000).toFixed(1)} s）`);
  sample();
  const heapBase = process.memoryUsage().heapUsed;

  const start = monthStart(MONTH);
  const end = monthStart("2018-04");
  const asOf = monthStart("2018-05");
  const data = { units, facts: [], source: new InMemoryMeasureSource({ orders, events }) };

  // warm up both (JIT), then alternate rounds so noise hits both alike
  await scoreMonth(rubric, data, MONTH, { evidence: false });
  handWritten(units, orders, events, start, end, asOf);
  const engineTimes: number[] = [];
  const handTimes: number[] = [];
  let engineResult = await scoreMonth(rubric, data, MONTH, { evidence: false });
  let hand = handWritten(units, orders, events, start, end, asOf);
  for (let r = 0; r < ROUNDS; r++) {
    t0 = performance.now();
    engineResult = await scoreMonth(rubric, data, MONTH, { evidence: false });
    engineTimes.push(performance.now() - t0);
    t0 = performance.now();
    hand = handWritten(units, orders, events, start, end, asOf);
    handTimes.push(performance.now() - t0);
    sample();
  }
  const engineHeap = process.memoryUsage().heapUsed - heapBase;

  let mismatches = 0;
  for (const u of engineResult.units) if (u.published !== hand.get(u.unit.code)) mismatches++;

  // with evidence (record ids behind every measure), as `explain` and the console use it
  t0 = performance.now();
  await scoreMonth(rubric, data, MONTH, { evidence: true });
  const withEvidence = performance.now() - t0;
  sample();
  clearInterval(sampler);

  const e = median(engineTimes);
  const h = median(handTimes);
  console.log(`引擎 engine（${ROUNDS} 轮中位数）：${e.toFixed(0)} ms`);
  console.log(`手写单遍 hand-written single pass：${h.toFixed(0)} ms`);
  console.log(`比值 ratio engine / hand-written：${(e / h).toFixed(2)}×（目标 ≤ 2×）`);
  console.log(`引擎含明细 engine with evidence ids：${withEvidence.toFixed(0)} ms`);
  console.log(`峰值内存 peak RSS：${mib(peakRss)}；计分时堆增长 heap growth while scoring：${mib(Math.max(0, engineHeap))}`);
  console.log(`结果一致 scores agree：${mismatches === 0 ? "是" : `否，${mismatches} 个单位不同`}（${engineResult.units.length} 个单位）`);
  if (mismatches > 0) process.exitCode = 1;
}

main();

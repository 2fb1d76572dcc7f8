/**
 * Large synthetic data for benchmarks: many units, one month, as many orders
 * as asked (a million is the target), generated fast and, for files, written
 * as a stream without holding the orders in memory.
 */

import { DAY_MS, daysInMonth, endOfShanghaiDay, shanghaiEpoch } from "../shanghai-time.ts";
import type { Order, Satisfaction, Unit } from "../types.ts";
import { writeRecordsCsv } from "../write/record-rows.ts";
import type { WriteCsvOptions } from "../write/write-csv.ts";
import { createRandom } from "./random.ts";

export interface ScaleMonth {
  year: number;
  month: number;
}

/** `2018-03` or `{ year: 2018, month: 3 }` */
export type ScaleMonthInput = string | ScaleMonth;

function toMonth(input: ScaleMonthInput): ScaleMonth {
  if (typeof input !== "string") return input;
  const m = /^(\d{4})-(\d{1,2})$/.exec(input.trim());
  if (!m) throw new RangeError(`month must look like 2018-03, got ${input}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

const CATEGORIES = ["街道", "镇", "县直部门"] as const;
const SATISFACTION: readonly Satisfaction[] = ["满意", "满意", "满意", "满意", "满意", "满意", "基本满意", "基本满意", "一般", "不满意"];
const KINDS = ["投诉", "投诉", "投诉", "咨询", "咨询", "求助", "建议", "举报"];
const CHANNELS = ["电话", "电话", "电话", "微信", "网站"];

/** `count` synthetic units: 10% 街道, 30% 镇, 60% 县直部门, codes `U0001`…. */
export function generateScaleUnits(count: number): Unit[] {
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const code = `U${String(i + 1).padStart(width, "0")}`;
    const share = i / count;
    const category = share < 0.1 ? CATEGORIES[0] : share < 0.4 ? CATEGORIES[1] : CATEGORIES[2];
    return { code, name: `测试单位${code.slice(1)}`, category, attributes: {} };
  });
}

/**
 * `n` orders of `month` spread over `units` (skewed: low-numbered units get
 * more), one at a time. Deterministic for a given seed.
 */
export function* iterateScaleOrders(n: number, units: readonly Unit[], month: ScaleMonthInput, seed: number | string = 1): Generator<Order> {
  if (units.length === 0) throw new RangeError("scale orders need at least one unit");
  const { year, month: m } = toMonth(month);
  const random = createRandom(seed);
  const next = random.next;
  const start = shanghaiEpoch(year, m, 1);
  const monthMs = daysInMonth(year, m) * DAY_MS;
  const prefix = `${year}${String(m).padStart(2, "0")}`;
  const idWidth = Math.max(7, String(n).length);
  const codes = units.map((u) => u.code);
  for (let i = 0; i < n; i++) {
    const r = next();
    const unit = codes[Math.floor(r * r * codes.length)] as string;
    const receivedAt = start + Math.floor(next() * (monthMs / 60_000)) * 60_000;
    const dueAt = endOfShanghaiDay(receivedAt + 7 * DAY_MS);
    const x = next();
    const closedAt = x < 0.03 ? null : x < 0.1 ? dueAt + 1 + Math.floor(next() * 5 * 24) * 3_600_000 : receivedAt + Math.floor(next() * 6 * 24) * 3_600_000;
    const visited = closedAt !== null && next() < 0.85;
    yield {
      id: `${prefix}-${String(i + 1).padStart(idWidth, "0")}`,
      unit,
      source: next() < 0.2 ? "市中心" : "县中心",
      kind: KINDS[Math.floor(next() * KINDS.length)] as string,
      receivedAt,
      dueAt,
      extendedTo: next() < 0.04 ? dueAt + 5 * DAY_MS : null,
      closedAt,
      delayExcused: next() < 0.02,
      returned: false,
      returnAccepted: false,
      redoCount: next() < 0.05 ? 1 : 0,
      anonymous: next() < 0.1,
      visited,
      processSatisfaction: visited ? (SATISFACTION[Math.floor(next() * SATISFACTION.length)] as Satisfaction) : null,
      resultSatisfaction: visited ? (SATISFACTION[Math.floor(next() * SATISFACTION.length)] as Satisfaction) : null,
      closureType: closedAt === null ? null : "正常办结",
      rebound: next() < 0.01,
      leaderInstructed: next() < 0.005,
      attributes: { 渠道: CHANNELS[Math.floor(next() * CHANNELS.length)] as string },
    };
  }
}

/** `n` orders of `month` over `units`, in memory (see `iterateScaleOrders`). */
export function generateScaleOrders(n: number, units: readonly Unit[], month: ScaleMonthInput, seed: number | string = 1): Order[] {
  return Array.from(iterateScaleOrders(n, units, month, seed));
}

/**
 * Writes `n` scale orders as an orders import file (Chinese headers, units by
 * name), streaming: memory stays flat however large `n` is.
 */
export function writeScaleOrdersCsv(
  path: string,
  n: number,
  units: readonly Unit[],
  month: ScaleMonthInput,
  seed: number | string = 1,
  options: WriteCsvOptions = {},
): Promise<number> {
  const unitNames = new Map(units.map((u) => [u.code, u.name]));
  return writeRecordsCsv(path, "orders", iterateScaleOrders(n, units, month, seed), {
    ...options,
    unitNames,
    attributeColumns: ["渠道"],
  });
}

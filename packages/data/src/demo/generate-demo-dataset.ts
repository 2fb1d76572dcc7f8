/**
 * A deterministic demo dataset for Huantai County, 2017-09 through 2018-12:
 * the real units, about 11,000 work orders with the mix a hotline center
 * sees, events of every type the 2017 rubric declares, and the yearly facts.
 * The same seed always gives the same data.
 */

import { DAY_MS, daysInMonth, endOfShanghaiDay, shanghaiEpoch, startOfShanghaiDay, toShanghaiWallClock } from "../shanghai-time.ts";
import type { Dataset, Fact, HotlineEvent, Order, Satisfaction, Unit } from "../types.ts";
import { demoCalendar } from "./demo-calendar.ts";
import { type DemoEventType, HUANTAI_2017_EVENT_TYPES, HUANTAI_2017_FACT_ITEMS } from "./huantai-event-types.ts";
import { type DemoUnitProfile, HUANTAI_UNITS } from "./huantai-units.ts";
import { createRandom, type Random } from "./random.ts";

export const DEMO_DEFAULT_SEED = 2017;
/** The first and last month of demo orders. */
export const DEMO_FIRST_MONTH = { year: 2017, month: 9 } as const;
export const DEMO_LAST_MONTH = { year: 2018, month: 12 } as const;
/** The moment the demo data was exported: orders not closed by then are open. */
export const DEMO_DATA_AS_OF = shanghaiEpoch(2018, 12, 31, 17, 0);

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** More complaints in winter (heating) and high summer (power, water), fewer at Spring Festival. */
const SEASON: readonly number[] = [1.15, 0.85, 1, 1, 1, 1.05, 1.15, 1.15, 1, 0.95, 1.1, 1.15];

const KINDS: readonly (readonly [string, number])[] = [
  ["投诉", 50],
  ["咨询", 20],
  ["求助", 15],
  ["建议", 8],
  ["举报", 7],
];
/** days allowed, by kind */
const ALLOWED_DAYS: Readonly<Record<string, number>> = { 投诉: 7, 咨询: 3, 求助: 7, 建议: 15, 举报: 7 };
const CHANNELS: readonly (readonly [string, number])[] = [
  ["电话", 70],
  ["微信", 12],
  ["网站", 10],
  ["市长信箱", 5],
  ["短信", 3],
];
const CLOSURE_TYPES_MIX: readonly (readonly [string, number])[] = [
  ["正常办结", 86],
  ["超出政策", 4],
  ["历史遗留", 3],
  ["应走司法程序", 3],
  ["情况不实", 2],
  ["应办未办", 2],
];
const HOURS: readonly (readonly [number, number])[] = [
  ...[8, 9, 10, 11, 14, 15, 16, 17].map((h) => [h, 10] as const),
  ...[7, 12, 13, 18, 19, 20].map((h) => [h, 4] as const),
  ...[0, 1, 2, 3, 4, 5, 6, 21, 22, 23].map((h) => [h, 1] as const),
];

export interface DemoMonth {
  year: number;
  month: number;
}

/** The months of the demo period, in order. */
export function demoMonths(): DemoMonth[] {
  const months: DemoMonth[] = [];
  for (let y: number = DEMO_FIRST_MONTH.year, m: number = DEMO_FIRST_MONTH.month; ; ) {
    months.push({ year: y, month: m });
    if (y === DEMO_LAST_MONTH.year && m === DEMO_LAST_MONTH.month) return months;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

interface UnitQuality {
  /** 0 (poor) … 1 (excellent): how well the unit handles its orders */
  quality: number;
}

function satisfaction(random: Random, dissatisfied: number): Satisfaction {
  return random.weighted<Satisfaction>([
    ["不满意", dissatisfied],
    ["一般", 0.06],
    ["基本满意", 0.14],
    ["满意", 1 - dissatisfied - 0.2],
  ]);
}

/** Code-unit order: the same everywhere, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function roundToMinute(epoch: number): number {
  return Math.round(epoch / MINUTE_MS) * MINUTE_MS;
}

/**
 * Units close orders in office hours: a time outside 08:00–18:00 moves to the
 * next morning, or back to the same evening when the next morning would fall
 * outside [notBefore, notAfter].
 */
function inOfficeHours(random: Random, epoch: number, notBefore: number, notAfter: number): number {
  const { hour } = toShanghaiWallClock(epoch);
  if (hour >= 8 && hour < 18) return epoch;
  const day = startOfShanghaiDay(epoch);
  const nextMorning = (hour >= 18 ? day + DAY_MS : day) + 8 * HOUR_MS + random.int(0, 120) * MINUTE_MS;
  if (nextMorning >= notBefore && nextMorning <= notAfter) return nextMorning;
  const sameEvening = day + 17 * HOUR_MS + random.int(0, 59) * MINUTE_MS;
  if (hour >= 18 && sameEvening >= notBefore && sameEvening <= notAfter) return sameEvening;
  return epoch;
}

function makeOrder(random: Random, unit: DemoUnitProfile & UnitQuality, month: DemoMonth): Order {
  const q = unit.quality;
  const day = random.int(1, daysInMonth(month.year, month.month));
  const receivedAt = shanghaiEpoch(month.year, month.month, day, random.weighted(HOURS), random.int(0, 59));
  const kind = random.weighted(KINDS);
  const urgent = random.chance(0.03);
  const dueAt = urgent ? receivedAt + 24 * HOUR_MS : endOfShanghaiDay(receivedAt + (ALLOWED_DAYS[kind] ?? 7) * DAY_MS);

  const returned = random.chance(0.035);
  const returnAccepted = returned && random.chance(0.6);
  const extendedTo = !returned && random.chance(0.05) ? endOfShanghaiDay(dueAt + random.int(3, 10) * DAY_MS) : null;
  const deadline = extendedTo ?? dueAt;

  let closedAt: number | null;
  let late = false;
  if (random.chance(0.004)) {
    closedAt = null; // stuck: never closed
  } else {
    late = random.chance(0.02 + (1 - q) * 0.4);
    closedAt = late
      ? inOfficeHours(random, roundToMinute(deadline + random.int(1, 8 * 24) * HOUR_MS), deadline + 1, Number.POSITIVE_INFINITY)
      : inOfficeHours(random, roundToMinute(receivedAt + (0.1 + 0.85 * random.next()) * (deadline - receivedAt)), receivedAt, deadline);
    if (closedAt > DEMO_DATA_AS_OF) closedAt = null;
  }
  const overdueNow = closedAt === null ? deadline < DEMO_DATA_AS_OF : late;
  const delayExcused = overdueNow && random.chance(0.3);
  const redoCount = random.chance(0.03 + (1 - q) * 0.2) ? (random.chance(0.2) ? 2 : 1) : 0;
  const anonymous = random.chance(0.1);
  const closed = closedAt !== null;
  const visited = closed && !returnAccepted && !anonymous && random.chance(0.88);
  const rebound = closed && random.chance(0.015 + (1 - q) * 0.05);
  let closureType: string | null = null;
  if (closed) closureType = rebound && random.chance(0.5) ? "问题反弹" : random.weighted(CLOSURE_TYPES_MIX);

  const unhappy = 0.02 + (1 - q) * 0.35 + (late ? 0.1 : 0) + (rebound ? 0.2 : 0);
  return {
    id: "",
    unit: unit.code,
    source: random.chance(0.22) ? "市中心" : "县中心",
    kind,
    receivedAt,
    dueAt,
    extendedTo,
    closedAt,
    delayExcused,
    returned,
    returnAccepted,
    redoCount,
    anonymous,
    visited,
    processSatisfaction: visited ? satisfaction(random, Math.min(0.5, unhappy * 0.7)) : null,
    resultSatisfaction: visited ? satisfaction(random, Math.min(0.6, unhappy)) : null,
    closureType,
    rebound,
    leaderInstructed: random.chance(0.012),
    attributes: {
      "响应时长(小时)": String(Math.round((0.2 + random.next() ** 2 * 47.8) * 10) / 10),
      渠道: random.weighted(CHANNELS),
    },
  };
}

function generateOrders(random: Random, units: readonly (DemoUnitProfile & UnitQuality)[]): Order[] {
  const orders: Order[] = [];
  for (const month of demoMonths()) {
    const growth = month.year === 2018 ? 1.08 : 1;
    const season = SEASON[month.month - 1] ?? 1;
    const monthOrders: Order[] = [];
    for (const unit of units) {
      const count = random.poisson(unit.monthlyOrders * season * growth);
      for (let i = 0; i < count; i++) monthOrders.push(makeOrder(random, unit, month));
    }
    monthOrders.sort((a, b) => a.receivedAt - b.receivedAt || compareText(a.unit, b.unit));
    const prefix = `HT${month.year}${String(month.month).padStart(2, "0")}`;
    monthOrders.forEach((order, i) => {
      order.id = `${prefix}${String(i + 1).padStart(5, "0")}`;
      orders.push(order);
    });
  }
  return orders;
}

/** A random day of the demo period within `year`, as the start of the day. */
function randomDay(random: Random, year: number): number {
  const first = year === DEMO_FIRST_MONTH.year ? shanghaiEpoch(year, DEMO_FIRST_MONTH.month, 1) : shanghaiEpoch(year, 1, 1);
  const last = shanghaiEpoch(year, 12, 31);
  return first + random.int(0, Math.round((last - first) / DAY_MS)) * DAY_MS;
}

function makeEvent(random: Random, type: DemoEventType, unit: string, year: number, ordersOfUnit: ReadonlyMap<string, Order[]>): Omit<HotlineEvent, "id"> {
  let date = randomDay(random, year);
  let orderId: string | null = null;
  if (type.aboutOrder && random.chance(0.6)) {
    const candidates = (ordersOfUnit.get(unit) ?? []).filter(
      (o) => toShanghaiWallClock(o.receivedAt).year === year && (!type.source || o.source === type.source) && (!type.leaderInstructed || o.leaderInstructed),
    );
    if (candidates.length > 0) {
      const order = random.pick(candidates);
      orderId = order.id;
      // recorded a few days after the order came in, within the same month
      const received = toShanghaiWallClock(order.receivedAt);
      const lastOfMonth = shanghaiEpoch(received.year, received.month, daysInMonth(received.year, received.month));
      date = Math.min(startOfShanghaiDay(order.receivedAt) + random.int(1, 10) * DAY_MS, lastOfMonth);
    }
  }
  return {
    unit,
    date,
    type: type.code,
    count: random.chance(0.12) ? 2 : 1,
    points: type.points ? random.pick(type.points) : null,
    orderId,
    note: random.chance(0.5) ? type.label : null,
    attributes: {},
  };
}

function generateEvents(random: Random, units: readonly Unit[], orders: readonly Order[]): HotlineEvent[] {
  const ordersOfUnit = new Map<string, Order[]>();
  for (const order of orders) {
    const list = ordersOfUnit.get(order.unit);
    if (list) list.push(order);
    else ordersOfUnit.set(order.unit, [order]);
  }
  const years = [DEMO_FIRST_MONTH.year, DEMO_LAST_MONTH.year];
  const drafts: Omit<HotlineEvent, "id">[] = [];
  // every type at least once, so the demo exercises every rule
  for (const type of HUANTAI_2017_EVENT_TYPES) {
    drafts.push(makeEvent(random, type, random.pick(units).code, random.pick(years), ordersOfUnit));
  }
  const typeWeights = HUANTAI_2017_EVENT_TYPES.map((t) => [t, t.weight] as const);
  for (const unit of units) {
    for (const year of years) {
      // 2017 covers only September to December
      const count = random.poisson(year === DEMO_FIRST_MONTH.year ? 1.5 : 3.5);
      for (let i = 0; i < count; i++) drafts.push(makeEvent(random, random.weighted(typeWeights), unit.code, year, ordersOfUnit));
    }
  }
  drafts.sort((a, b) => a.date - b.date || compareText(a.unit, b.unit) || compareText(a.type, b.type));
  const sequence = new Map<number, number>();
  return drafts.map((draft) => {
    const year = toShanghaiWallClock(draft.date).year;
    const n = (sequence.get(year) ?? 0) + 1;
    sequence.set(year, n);
    return { id: `SJ${year}-${String(n).padStart(4, "0")}`, ...draft };
  });
}

function generateFacts(random: Random, units: readonly Unit[]): Fact[] {
  const years = [DEMO_FIRST_MONTH.year, DEMO_LAST_MONTH.year];
  const key = (unit: string, year: number, item: string) => `${unit}|${year}|${item}`;
  const pickKey = () => key(random.pick(units).code, random.pick(years), random.pick(HUANTAI_2017_FACT_ITEMS));
  const no = new Set<string>();
  while (no.size < 4) no.add(pickKey());
  // a unit or two never reported a fact: the rubric counts that as met, with a warning
  const missing = new Set<string>();
  while (missing.size < 2) {
    const k = pickKey();
    if (!no.has(k)) missing.add(k);
  }
  const facts: Fact[] = [];
  for (const year of years) {
    for (const unit of units) {
      for (const item of HUANTAI_2017_FACT_ITEMS) {
        const k = key(unit.code, year, item);
        if (!missing.has(k)) facts.push({ unit: unit.code, year, item, value: !no.has(k) });
      }
    }
  }
  return facts;
}

/**
 * The Huantai demo dataset. Deterministic: the same seed gives the same data.
 * Orders run 2017-09 through 2018-12, as exported on 2018-12-31 17:00.
 */
export function generateDemoDataset(seed: number | string = DEMO_DEFAULT_SEED): Dataset {
  const random = createRandom(seed);
  const profiles = HUANTAI_UNITS.map((unit) => ({ ...unit, quality: 0.72 + 0.26 * random.next() }));
  const units: Unit[] = HUANTAI_UNITS.map(({ code, name, category }) => ({ code, name, category, attributes: {} }));
  const orders = generateOrders(random, profiles);
  const events = generateEvents(random, units, orders);
  const facts = generateFacts(random, units);
  return { units, orders, events, facts, calendar: demoCalendar() };
}

/** Small hand-made datasets for golden tests: every record is written out, nothing generated. */
import { readFileSync } from "node:fs";
import type { Fact, HotlineEvent, Order, Unit } from "@kaohe/data";
import { type CompiledRubric, compileRubric, InMemoryMeasureSource, parseLocalDateTime, type ScoringData } from "../src/index.ts";

export const rubric2017: CompiledRubric = compileRubric(readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8"));

export const t = (s: string) => parseLocalDateTime(s);

export const units: Unit[] = [
  { code: "T1", name: "索镇", category: "镇", attributes: {} },
  { code: "T2", name: "果里镇", category: "镇", attributes: {} },
  { code: "T3", name: "马桥镇", category: "镇", attributes: {} },
  { code: "S1", name: "少海街道", category: "街道", attributes: {} },
  { code: "D1", name: "县教育局", category: "县直部门", attributes: {} },
];

let seq = 0;
/** An order received 2017-10-10, due 10-20, closed 10-15 on time, not visited: change what a test needs. */
export function order(
  unit: string,
  o: Partial<Omit<Order, "receivedAt" | "dueAt" | "extendedTo" | "closedAt">> & {
    receivedAt?: string;
    dueAt?: string;
    extendedTo?: string;
    closedAt?: string | null;
  } = {},
): Order {
  const { receivedAt, dueAt, extendedTo, closedAt, ...rest } = o;
  return {
    id: `O${++seq}`,
    unit,
    source: "县中心",
    kind: "投诉",
    receivedAt: t(receivedAt ?? "2017-10-10 09:00"),
    dueAt: t(dueAt ?? "2017-10-20 23:59"),
    extendedTo: extendedTo ? t(extendedTo) : null,
    closedAt: closedAt === null ? null : t(closedAt ?? "2017-10-15 10:00"),
    delayExcused: false,
    returned: false,
    returnAccepted: false,
    redoCount: 0,
    anonymous: false,
    visited: false,
    processSatisfaction: null,
    resultSatisfaction: null,
    closureType: "正常办结",
    rebound: false,
    leaderInstructed: false,
    attributes: {},
    ...rest,
  };
}

export function event(unit: string, type: string, e: Partial<Omit<HotlineEvent, "date">> & { date?: string } = {}): HotlineEvent {
  const { date, ...rest } = e;
  return { id: `E${++seq}`, unit, date: t(date ?? "2017-10-12"), type, count: 1, points: null, orderId: null, note: null, attributes: {}, ...rest };
}

export function data(orders: Order[], events: HotlineEvent[] = [], facts: Fact[] = []): ScoringData {
  return { units, facts, source: new InMemoryMeasureSource({ orders, events }) };
}

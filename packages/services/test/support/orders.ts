import type { Order } from "@kaohe/data";

/**
 * A work order of the tests: the fields a test is about given, the rest as an ordinary order has them (from the county
 * center, on time unless the times say otherwise, called back satisfied, no redo, no rebound).
 */
export const testOrder = (o: Pick<Order, "id" | "unit" | "receivedAt" | "dueAt" | "closedAt"> & Partial<Order>): Order => ({
  source: "县中心",
  kind: null,
  extendedTo: null,
  delayExcused: false,
  returned: false,
  returnAccepted: false,
  redoCount: 0,
  anonymous: false,
  visited: true,
  processSatisfaction: "满意",
  resultSatisfaction: "满意",
  closureType: null,
  rebound: false,
  leaderInstructed: false,
  attributes: {},
  ...o,
});

import type { Order } from "@kaohe/data";
import { shanghaiEpoch } from "@kaohe/time";
import { expect, test } from "vitest";
import { orderRows } from "../src/explain.ts";

const order = (id: string, over: Partial<Order>): Order => ({
  id,
  unit: "U1",
  source: "12345热线",
  kind: null,
  receivedAt: shanghaiEpoch(2024, 4, 2, 9, 0),
  dueAt: shanghaiEpoch(2024, 4, 9, 23, 59, 59, 999),
  extendedTo: null,
  closedAt: shanghaiEpoch(2024, 4, 8, 17, 0),
  delayExcused: false,
  returned: false,
  returnAccepted: false,
  redoCount: 0,
  anonymous: false,
  visited: false,
  processSatisfaction: null,
  resultSatisfaction: null,
  closureType: null,
  rebound: false,
  leaderInstructed: false,
  attributes: {},
  ...over,
});

test("an order's 情况 says it was sent back (回退), and whether the return was accepted, as the console's drill-down does", () => {
  // the orders behind 退单率 showed an empty 情况 (another district's walk)
  const orders = new Map([
    ["GD1", order("GD1", { returned: true })],
    ["GD2", order("GD2", { returned: true, returnAccepted: true, rebound: true })],
    ["GD3", order("GD3", {})],
  ]);
  const situation = orderRows(["GD1", "GD2", "GD3"], orders).map((row) => row[5]);
  expect(situation).toEqual(["回退", "回退（已认可），反弹", ""]);
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateScaleOrders, generateScaleUnits, iterateScaleOrders, writeScaleOrdersCsv } from "../../src/demo/scale-orders.ts";
import { shanghaiEpoch } from "../../src/shanghai-time.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { createUnitResolver } from "../../src/validate/unit-index.ts";
import { writeRecordsCsv } from "../../src/write/record-rows.ts";
import { useTempDir } from "../support/temp-dir.ts";

const dir = await useTempDir();
const units = generateScaleUnits(200);
/** thousands of orders generated, or written and read back: seconds on a busy machine; a limit, not a measurement */
const ORDERS_TIMEOUT = 60_000;

describe("scale orders", () => {
  it("makes units of every category with unique codes", () => {
    expect(units).toHaveLength(200);
    expect(new Set(units.map((u) => u.code)).size).toBe(200);
    expect(new Set(units.map((u) => u.category))).toEqual(new Set(["街道", "镇", "县直部门"]));
  });

  it("generates n orders of the month, deterministically", { timeout: ORDERS_TIMEOUT }, () => {
    const orders = generateScaleOrders(20_000, units, "2018-03", 42);
    expect(orders).toHaveLength(20_000);
    expect(generateScaleOrders(100, units, { year: 2018, month: 3 }, 42)).toEqual(orders.slice(0, 100));
    const start = shanghaiEpoch(2018, 3, 1);
    const end = shanghaiEpoch(2018, 4, 1);
    expect(orders.every((o) => o.receivedAt >= start && o.receivedAt < end)).toBe(true);
    expect(new Set(orders.map((o) => o.unit)).size).toBeGreaterThan(150);
    expect(new Set(orders.map((o) => o.id)).size).toBe(orders.length);
  });

  it("writes a CSV streaming that imports back as the same orders", { timeout: ORDERS_TIMEOUT }, async () => {
    const path = join(dir, "orders.csv");
    expect(await writeScaleOrdersCsv(path, 5000, units, "2018-03", 9)).toBe(5000);
    const loaded = await loadRecords(path, "orders", { resolveUnit: createUnitResolver(units) });
    expect(loaded.problems).toEqual([]);
    expect(loaded.records).toEqual([...iterateScaleOrders(5000, units, "2018-03", 9)]);
  });

  it("writes GB18030 too", async () => {
    const path = join(dir, "orders-gb.csv");
    const orders = generateScaleOrders(300, units, "2018-03", 3);
    await writeRecordsCsv(path, "orders", orders, { encoding: "gb18030" });
    const loaded = await loadRecords(path, "orders");
    expect(loaded.records).toEqual(orders);
  });
});

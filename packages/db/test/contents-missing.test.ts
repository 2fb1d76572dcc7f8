/**
 * The check after an import for stored orders a month's re-export lacks (contents.ts, `checkMissing`) reads a month's
 * stored orders back only when more are stored than the file has. A first import stores exactly the file's orders:
 * it must stop at the count. It compared the count with the number of distinct hashes of the file's ids, which two
 * ids of one hash make one fewer, so a large first import (a million ids hash to some hundred fewer values) read its
 * whole month back and hashed it again, for nothing.
 */
import type { Order } from "@kaohe/data";
import { describe, expect, it } from "vitest";
import { order as anOrder } from "../../rules-engine/test/fixtures.ts";
import { ContentsTally } from "../src/import/contents.ts";
import type { RawDb } from "../src/raw.ts";

/** Two ids of one 31-bit hash (contents.ts idHash), found by trying GD0000000 on. */
const SAME_HASH = ["GD0037417", "GD0142299"] as const;

/** Z01's order `id`, received on `day` (Beijing time) */
const order = (id: string, day: string): Order => anOrder("Z01", { id, receivedAt: `${day} 09:00` });

/** A store holding `stored` (id, day) orders of Z01, answering the three questions checkMissing asks; the questions asked. */
function storeOf(stored: Order[]) {
  const asked: string[] = [];
  const raw = {
    provider: "sqlite",
    async query(sql: string) {
      asked.push(sql);
      if (sql.includes("COUNT(DISTINCT")) return [{ n: new Set(stored.map((o) => Math.floor((o.receivedAt + 8 * 3_600_000) / 86_400_000))).size }];
      if (sql.includes("COUNT(*)")) return [{ n: stored.length }];
      if (sql.includes('FROM "import_batches"')) return [{ fileName: "earlier.csv" }];
      return stored.map((o) => ({ id: o.id, unit: o.unit, receivedAt: o.receivedAt, batchId: 1 }));
    },
  } as unknown as RawDb;
  return { raw, asked };
}

describe("stored orders a file lacks", () => {
  it("a file whose ids share a hash, stored just as it is, is not read back: the count ends the check", async () => {
    const file = [order(SAME_HASH[0], "2018-08-01"), order(SAME_HASH[1], "2018-08-02")];
    const tally = new ContentsTally("orders");
    for (const [i, o] of file.entries()) tally.add(o, i + 2);
    const { raw, asked } = storeOf(file);
    await tally.checkMissing(raw);
    expect(asked).toHaveLength(1);
    expect(tally.report().missing).toEqual([]);
  });

  it("a stored order the file lacks is still found when the file's ids share a hash", async () => {
    const file = [order(SAME_HASH[0], "2018-08-01"), order(SAME_HASH[1], "2018-08-02")];
    const tally = new ContentsTally("orders");
    for (const [i, o] of file.entries()) tally.add(o, i + 2);
    const { raw } = storeOf([...file, order("GD9", "2018-08-02")]);
    await tally.checkMissing(raw);
    expect(tally.report().missing).toEqual([expect.objectContaining({ month: "2018-08", count: 1, ids: ["GD9"], units: ["Z01"], days: 2 })]);
  });

  it("a row replacing an earlier row of the file with its id is not counted twice: the order it lacks is found", async () => {
    const tally = new ContentsTally("orders");
    tally.add(order("GD1", "2018-08-01"), 2);
    tally.add(order("GD2", "2018-08-02"), 3);
    tally.add(order("GD1", "2018-08-02"), 4, false, true);
    const { raw } = storeOf([order("GD1", "2018-08-02"), order("GD2", "2018-08-02"), order("GD3", "2018-08-01")]);
    await tally.checkMissing(raw);
    expect(tally.report().missing).toEqual([expect.objectContaining({ count: 1, ids: ["GD3"] })]);
  });
});

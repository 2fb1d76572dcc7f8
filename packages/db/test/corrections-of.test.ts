/**
 * The corrections of any number of records: an export of a big unit's 6,661 lost orders failed (500, P2029) when
 * their corrections were looked up with every id in one `in` list — SQLite through Prisma's adapter binds at most
 * 999 parameters a query, PostgreSQL at most 32,766 when the rows are ordered.
 */
import { describe, expect, it } from "vitest";
import { correctionsOf, insertCorrection } from "../src/corrections.ts";
import { openStore } from "../src/index.ts";
import { databases, useDatabase } from "./support/testing.ts";

describe.each(databases)("corrections of 40,000 records on $label", (target) => {
  const database = useDatabase(target);

  it("finds the corrections among them, newest first, whatever the database binds in one query", async () => {
    const store = await openStore(database.url);
    try {
      const id = (i: number) => `R${String(i).padStart(5, "0")}`;
      // corrections of the first, the 20,001st and the last of the 40,000 records, one of another kind of record with
      // the same id, and one of a record not asked for
      const correct = (record: "orders" | "events", recordId: string) =>
        insertCorrection(store.raw, { objectionId: null, record, recordId, unitCode: "U1", field: "delayExcused", from: false, to: true, actor: "测试" });
      for (const [record, recordId] of [
        ["orders", id(39_999)],
        ["orders", id(0)],
        ["events", id(1)],
        ["orders", "R99999"],
        ["orders", id(20_000)],
      ] as const)
        await correct(record, recordId);
      const ids = Array.from({ length: 40_000 }, (_, i) => id(i));
      const found = await correctionsOf(store, "orders", ids);
      // newest first: inserted as the 5th, 2nd and 1st
      expect(found.map((c) => [c.id, c.recordId])).toEqual([
        [5, id(20_000)],
        [2, id(0)],
        [1, id(39_999)],
      ]);
      expect(await correctionsOf(store, "orders", [])).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});

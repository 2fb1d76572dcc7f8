/**
 * An import asks, batch by batch, which of the batch's records are stored already. It asks in the middle of its own
 * transaction, when the rows it has written so far are not in the planner's statistics: the question must still be
 * an index probe per key, never a scan of the table (on PostgreSQL, `"id" = ANY($1)` with 5,000 keys was planned as a
 * scan of the whole table, so a first import of 1,000,000 orders slowed batch after batch).
 */
import { describe, expect, it } from "vitest";
import { existingRowsSql } from "../src/import/write.ts";
import { databases, useDatabase } from "./support/databases.ts";

const ROWS = 20_000;
const KEYS = 5_000;

describe.each(databases)("the import's lookup of stored records on $label", (target) => {
  const t = useDatabase(target);

  it("probes the id index for each key, even for rows the import's own transaction has just written", async () => {
    const raw = t.raw;
    const sqlite = raw.provider === "sqlite";
    const series = sqlite
      ? `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${ROWS}) SELECT i FROM s`
      : `SELECT i FROM generate_series(1, ${ROWS}) AS g(i)`;
    const id = sqlite ? `'GD' || i` : `'GD' || i::text`;
    const keys = Array.from({ length: KEYS }, (_, i) => `GD${2 * i + 1}`);
    const param = sqlite ? JSON.stringify(keys) : keys;
    const sql = existingRowsSql(raw.provider, "orders", "id");
    // in one transaction, rolled back at its end: the rows are the transaction's own, as an import's are
    const probed = raw.transaction(async () => {
      await raw.execute(`INSERT INTO "categories" ("name", "position") VALUES ('镇', 1)`);
      await raw.execute(
        `INSERT INTO "units" ("code", "name", "category", "attributes", "updatedAt") VALUES ('Z01', '唐山镇', '镇', '{}', ${sqlite ? "0" : "now()"})`,
      );
      await raw.execute(
        `INSERT INTO "orders" ("id", "unit", "source", "receivedAt", "dueAt", "attributes", "updatedAt") SELECT ${id}, 'Z01', '县中心', i, i + 1, '{}', 0 FROM (${series}) AS n`,
      );
      const plan = await raw.query<Record<string, unknown>>(sqlite ? `EXPLAIN QUERY PLAN ${sql}` : `EXPLAIN ${sql}`, [param]);
      const text = plan.map((r) => String(r.detail ?? r["QUERY PLAN"])).join("\n");
      if (sqlite) {
        expect(text).toMatch(/SEARCH orders USING (COVERING )?INDEX orders_id_key \(id=\?\)/);
        expect(text).not.toMatch(/SCAN orders/);
      } else {
        expect(text).toMatch(/Index Scan using orders_id_key on orders/);
        expect(text).not.toMatch(/Seq Scan on orders/);
      }
      const found = await raw.query<{ id: string; unit: string }>(sql, [param]);
      // GD1, GD3 … GD9999: each key stored, each found once
      expect(found).toHaveLength(KEYS);
      expect(new Set(found.map((r) => r.id))).toEqual(new Set(keys));
      expect(found.every((r) => r.unit === "Z01")).toBe(true);
      throw new Error("rolled back");
    });
    await expect(probed).rejects.toThrow("rolled back");
  });
});

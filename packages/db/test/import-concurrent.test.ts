/**
 * Two imports of the same orders at once, each on its own connection (on PostgreSQL two processes may: the server and
 * a command-line import, or two command-line imports). Each read the stored orders before the other's commit, both
 * found the ids new, and the later one's insert failed on the key: the command line ended with the driver's
 * "duplicate key value violates unique constraint" and a stack, the server's job with an internal error. Imports into
 * one database go one after another instead: the later one finds what the earlier stored, and updates it.
 */
import { describe, expect, it } from "vitest";
import { importFiles } from "../src/import.ts";
import { databases, useDatabase } from "./support/databases.ts";
import { useTempDir, writeCsvText } from "./support/files.ts";

const dir = useTempDir("kaohe-import-concurrent-");
const ROWS = 20_000;
const file = (name: string, satisfaction: string) =>
  writeCsvText(dir, name, [
    "工单编号,承办单位,来源,受理时间,办理时限,结果满意度",
    ...Array.from({ length: ROWS }, (_, i) => `C${i},唐山镇,县中心,2017-10-03 09:00,2017-10-10 17:00,${satisfaction}`),
  ]);
const units = writeCsvText(dir, "units.csv", ["单位编码,单位名称,类别", "HTZ01,唐山镇,镇"]);

describe.each(databases)("two imports of the same orders at once ($label)", (target) => {
  const database = useDatabase(target);

  it("go one after another: both kept, the later updating what the earlier inserted", async () => {
    expect((await importFiles(database.db, [{ path: units }], { actor: "A" })).ok).toBe(true);
    const [a, b] = await Promise.all([
      importFiles(database.db, [{ path: file("orders-a.csv", "满意") }], { actor: "A" }),
      importFiles(database.db, [{ path: file("orders-b.csv", "不满意") }], { actor: "B" }),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const counts = [a, b].map((r) => (r.ok ? { inserted: r.files[0]?.inserted, updated: r.files[0]?.updated } : null));
    expect(counts).toEqual(
      expect.arrayContaining([
        { inserted: ROWS, updated: 0 },
        { inserted: 0, updated: ROWS },
      ]),
    );
    // the later one's content throughout, in one batch
    const stored = await database.raw.query<{ s: string; b: number; n: number }>(
      `SELECT "resultSatisfaction" AS s, "batchId" AS b, COUNT(*) AS n FROM "orders" GROUP BY 1, 2`,
    );
    expect(stored).toHaveLength(1);
  }, 120_000);
});

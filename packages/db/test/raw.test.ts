/** The plain driver connection's prepared statements stay bounded in a long-running server. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { openRaw, STATEMENTS_KEPT } from "../src/raw.ts";

it("keeps at most STATEMENTS_KEPT prepared statements, the most recently used, and still answers every query", async () => {
  const raw = openRaw(`file:${join(mkdtempSync(join(tmpdir(), "kaohe-raw-")), "r.db")}`);
  try {
    const kept = () => (raw as unknown as { statementsKept: number }).statementsKept;
    // a query per month of 40 years, each text different (as measure queries are: the period is a literal)
    for (let i = 0; i < 480; i++) {
      const [row] = await raw.query<{ n: number }>(`SELECT ${i} AS n`);
      expect(row?.n).toBe(i);
    }
    expect(kept()).toBe(STATEMENTS_KEPT);
    // one used again is kept, and answers the same
    expect(await raw.query("SELECT 479 AS n")).toEqual([{ n: 479 }]);
    expect(kept()).toBe(STATEMENTS_KEPT);
  } finally {
    await raw.close();
  }
});

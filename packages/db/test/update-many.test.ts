/**
 * RawDb.updateMany, as the import updates a write batch's changed rows with it (write.ts): each row keyed by its
 * first column gets the values given, whatever they hold — quotes, backslashes, commas, braces, the text NULL, a
 * control character, JSON holding quotes and backslashes, a null — the rows not given are untouched, and the data
 * has a new generation (what was remembered is computed again). On SQLite in this thread and in one of its own (the
 * import's), on PostgreSQL as one UPDATE … FROM unnest.
 */
import { describe, expect, it } from "vitest";
import { openRaw, type RawDb } from "../src/raw.ts";
import { databases, useDatabase } from "./support/databases.ts";

const ODD = ['甲"镇', "乙\\镇", "丙,镇", "{丁镇}", "NULL", "戊\u0001镇"];
const COLUMNS = ["code", "name", "attributes", "updatedAt", "fromMonth"];

describe.each(databases)("updating rows by their key on $label", (target) => {
  const t = useDatabase(target);

  it("writes each row's values as given, leaves the others, and starts a new generation of the data", async () => {
    const raw = t.raw;
    await raw.execute(`INSERT INTO "categories" ("name", "position") VALUES ('镇', 1)`);
    const start = raw.timestamp(new Date(0));
    await raw.insertMany(
      "units",
      ["code", "name", "category", "attributes", "updatedAt", "fromMonth"],
      [...ODD.map((_, i) => [`U${i}`, `原${i}`, "镇", "{}", start, "2018-01"]), ["KEEP", "不动", "镇", '{"k":1}', start, "2017-09"]],
    );
    let computed = 0;
    const names = () =>
      raw.remember("update-many:names", async () => {
        computed++;
        return (await raw.query<{ name: string }>(`SELECT "name" FROM "units" ORDER BY "code"`)).map((r) => r.name);
      });
    const writers: RawDb[] = target.provider === "sqlite" ? [raw, openRaw(t.url, { thread: true })] : [raw];
    try {
      for (const [round, writer] of writers.entries()) {
        const at = new Date(Date.UTC(2018, 10, 5 + round, 9, 30));
        const rows = ODD.map((odd, i) => [
          `U${i}`,
          `${odd}${round}`,
          JSON.stringify({ 说明: `a"b\\c,{${odd}}`, 空: null }),
          raw.timestamp(at),
          i % 2 === 0 ? null : `2018-0${i}`,
        ]);
        await names();
        const before = computed;
        await writer.updateMany("units", COLUMNS, rows);
        // a new generation: computed again, and what it reads is the update
        expect(await names()).toEqual(["不动", ...ODD.map((odd) => `${odd}${round}`)]);
        expect(computed).toBe(before + 1);
        const stored = await raw.query<Record<string, unknown>>(`SELECT ${COLUMNS.map((c) => `"${c}"`).join(", ")} FROM "units" ORDER BY "code"`);
        const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
        expect(stored.map((r) => ({ ...r, attributes: json(r.attributes), updatedAt: new Date(r.updatedAt as string).getTime() }))).toEqual([
          { code: "KEEP", name: "不动", attributes: { k: 1 }, updatedAt: 0, fromMonth: "2017-09" },
          ...ODD.map((odd, i) => ({
            code: `U${i}`,
            name: `${odd}${round}`,
            attributes: { 说明: `a"b\\c,{${odd}}`, 空: null },
            updatedAt: at.getTime(),
            fromMonth: i % 2 === 0 ? null : `2018-0${i}`,
          })),
        ]);
      }
      // nothing to update: nothing written, nothing computed again
      const before = computed;
      for (const writer of writers) await writer.updateMany("units", COLUMNS, []);
      await names();
      expect(computed).toBe(before);
    } finally {
      for (const writer of writers.slice(1)) await writer.close();
    }
  });
});

/**
 * A month's data fingerprint (format v3 on SQLite, v4 on PostgreSQL: the rows' digests in the tables' key order, or
 * by id) is a function of what the rows say, not of how they were written: the same whether every row's digest was
 * written by the import, none was (a database an earlier release built), or some were — the rows without one are
 * read a page at a time and each digest is put where its row stands. And it changes when one row of the month
 * changes. A fingerprint stored in another format is compared in its own. On both databases, with more rows than a page.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateScaleUnits, writeScaleOrdersCsv } from "@kaohe/data";
import { fillMissingDigests, importFiles, openStore, type Store } from "@kaohe/db";
import { databases, useDatabase, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { compileRubric } from "@kaohe/rules-engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataHash, fingerprintIn, sameData } from "../src/scores.ts";

const dir = useTempDir("kaohe-fingerprint-");
const ORDERS = 12_500;
const rubric = compileRubric(readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8"));

describe.each(databases)("the fingerprint of a month on $label", (target) => {
  const t = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    store = await openStore(t.db.url);
    const units = generateScaleUnits(40);
    const unitsFile = writeCsvText(dir, `units-${target.provider}.csv`, ["单位编码,单位名称,类别", ...units.map((u) => `${u.code},${u.name},${u.category}`)]);
    const ordersFile = join(dir, `orders-${target.provider}.csv`);
    await writeScaleOrdersCsv(ordersFile, ORDERS, units, "2018-03", 7);
    const result = await importFiles(
      store,
      [
        { path: unitsFile, kind: "units" },
        { path: ordersFile, kind: "orders" },
      ],
      { actor: "测试" },
    );
    expect(result.ok).toBe(true);
  });
  afterAll(() => store?.close());
  const p = (i: number) => (target.provider === "sqlite" ? "?" : `$${i}`);

  it("is the same from the stored digests, from none, and from some", async () => {
    const imported = await dataHash(store, rubric, "2018-03");
    // (marked /f: made of the facts its months read)
    expect(imported).toMatch(target.provider === "sqlite" ? /^v3:[0-9a-f]{64}\/f$/ : /^v4:[0-9a-f]{64}\/f$/);
    await store.raw.execute(`UPDATE "orders" SET "digest" = NULL`);
    expect(await dataHash(store, rubric, "2018-03")).toBe(imported);
    const rows = await store.raw.query<{ id: string }>(`SELECT "id" FROM "orders" ORDER BY "id"`);
    expect(rows.length).toBeGreaterThanOrEqual(ORDERS);
    await store.raw.execute(`UPDATE "orders" SET "digest" = 'not-a-real-one!!' WHERE "id" = ${p(1)}`, [rows[0]?.id]);
    // a stored digest is what is read (a wrong one shows), and the background fill puts back the right ones
    expect(await dataHash(store, rubric, "2018-03")).not.toBe(imported);
    await store.raw.execute(`UPDATE "orders" SET "digest" = NULL`);
    expect(await fillMissingDigests(store.url)).toBeGreaterThanOrEqual(ORDERS);
    expect(await dataHash(store, rubric, "2018-03")).toBe(imported);
    // every third row without its digest again, as a fill stopped halfway or a few corrections leave them (one
    // statement: a row at a time was 4,167 round trips, 10 s of PostgreSQL's)
    const cleared = await store.raw.execute(
      `UPDATE "orders" SET "digest" = NULL WHERE "id" IN (SELECT "id" FROM (SELECT "id", ROW_NUMBER() OVER (ORDER BY "id") AS "n" FROM "orders") AS "r" WHERE ("r"."n" - 1) % 3 = 0)`,
    );
    expect(cleared).toBe(Math.ceil(rows.length / 3));
    expect(await dataHash(store, rubric, "2018-03")).toBe(imported);
  });

  it("stored in any format, is compared in it: the same data is the same, a changed order is not", async () => {
    const stored = await Promise.all((["v2:", "v3:", "v4:"] as const).map((f) => fingerprintIn(store, rubric, "2018-03", f)));
    expect(new Set(stored.map((f) => f.slice(3))).size).toBe(3);
    for (const f of stored) expect(await sameData(store, rubric, "2018-03", f)).toBe(true);
    const [row] = await store.raw.query<{ id: string }>(`SELECT "id" FROM "orders" ORDER BY "id" LIMIT 1`);
    await store.raw.execute(`UPDATE "orders" SET "visited" = NOT "visited" WHERE "id" = ${p(1)}`, [row?.id]);
    for (const f of stored) expect(await sameData(store, rubric, "2018-03", f)).toBe(false);
  });

  it("holds the facts its months read, not the year-end's: a checklist entered leaves a month as published, not its year", async () => {
    const month = await dataHash(store, rubric, "2018-03");
    const year = await dataHash(store, rubric, "2018");
    const [unit] = await store.raw.query<{ code: string }>(`SELECT "code" FROM "units" ORDER BY "code" LIMIT 1`);
    // 2017 method: 领导小组 is read by the year-end 综合管理 alone (the months read no fact); written as the store's
    // writes are, which forget what was remembered of the data
    const setFact = (value: string) =>
      store.raw
        .execute(`DELETE FROM "facts" WHERE "item" = '领导小组'`)
        .then(() =>
          store.raw.execute(`INSERT INTO "facts" ("unit", "year", "item", "value") VALUES (${p(1)}, 2018, '领导小组', ${p(2)})`, [unit?.code, value]),
        );
    await setFact("否");
    expect(await dataHash(store, rubric, "2018-03")).toBe(month);
    expect(await sameData(store, rubric, "2018-03", month)).toBe(true);
    expect(await dataHash(store, rubric, "2018")).not.toBe(year);
    expect(await sameData(store, rubric, "2018", year)).toBe(false);
    // one stored before, when every fact of the year was in a month's: compared so, the same while no fact changed
    const format = month.slice(0, 3) as "v3:" | "v4:";
    const before = await fingerprintIn(store, rubric, "2018-03", format, { allFacts: true });
    expect(before).not.toBe(month);
    expect(await sameData(store, rubric, "2018-03", before)).toBe(true);
    await setFact("是");
    expect(await sameData(store, rubric, "2018-03", before)).toBe(false);
    expect(await sameData(store, rubric, "2018-03", month)).toBe(true);
    await store.raw.execute(`DELETE FROM "facts" WHERE "item" = '领导小组'`);
  });

  it("changes when one order of the month changes what it says", async () => {
    const before = await dataHash(store, rubric, "2018-03");
    const [row] = await store.raw.query<{ id: string }>(`SELECT "id" FROM "orders" ORDER BY "id" DESC LIMIT 1`);
    await store.raw.execute(`UPDATE "orders" SET "redoCount" = "redoCount" + 1 WHERE "id" = ${p(1)}`, [row?.id]);
    expect(await dataHash(store, rubric, "2018-03")).not.toBe(before);
  });
});

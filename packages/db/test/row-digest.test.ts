/**
 * Each imported order and event carries the digest of what it says (row-specs `rowDigest`), which a data
 * fingerprint reads instead of the row: on both databases it is the digest of the row as stored (`storedRowDigest`,
 * what a fingerprint computes for a row without one), an unchanged re-import keeps it, a changed row gets its new
 * one, and any other UPDATE that leaves it as it was clears it (the migration's trigger) — a stale digest would let
 * a changed row pass for the row that was published. An import leaves a stored row whose digest is the file row's
 * alone; any other it compares whole.
 */
import { describe, expect, it } from "vitest";
import { fillMissingDigests } from "../src/digests.ts";
import { storedRowDigest } from "../src/import/row-specs.ts";
import { type ImportFile, importFiles } from "../src/import.ts";
import { openRaw } from "../src/raw.ts";
import { databases, useDatabase } from "./support/databases.ts";
import { useTempDir, writeCsvText } from "./support/files.ts";

const dir = useTempDir();
const UNITS = ["单位编码,单位名称,类别", "Z01,唐山镇,镇", "B01,县住建局,县直部门"];
// every kind of column: texts, times, a deadline, yes/no, counts, satisfaction, empty cells, and attributes whose
// header order is not their sorted order (PostgreSQL's jsonb keeps them sorted)
const HEADER = "工单编号,承办单位,来源,诉求类型,受理时间,办理时限,延期至,办结时间,超期说明已认可,回退,退回重办次数,已回访,结果满意度,诉求地址,响应时长";
const ORDERS = [
  HEADER,
  "GD001,唐山镇,县中心,投诉,2017-10-03 14:05,2017-10-10,,2017-10-09 10:00,否,否,0,是,满意,某路1号,2.5",
  "GD002,B01,市中心,,2017/10/4 9:00:00,2017-10-07 17:00,2017-10-12,,是,是,2,否,,,",
];
const EVENTS = ["事件编号,单位,日期,事件类型,次数,分值,说明", "SJ1,唐山镇,2017-10-05,行政不作为,,,经查证属实", "SJ2,B01,2017-10-20,其他效能问题,2,1.5,"];

const files = (name: string, orders: string[]): ImportFile[] => [
  { path: writeCsvText(dir, `units-${name}.csv`, UNITS), kind: "units" },
  { path: writeCsvText(dir, `orders-${name}.csv`, orders), kind: "orders" },
  { path: writeCsvText(dir, `events-${name}.csv`, EVENTS), kind: "events" },
];

describe.each(databases)("row digests on $label", (target) => {
  const t = useDatabase(target);
  const rows = (table: "orders" | "events") => t.raw.query<Record<string, unknown>>(`SELECT * FROM "${table}" ORDER BY "id"`);
  const digests = async (table: "orders" | "events") => new Map((await rows(table)).map((r) => [String(r.id), r.digest as string | null]));

  it("an import writes each row's digest: the digest of the row as stored", async () => {
    const result = await importFiles(t.db, files("a", ORDERS), { actor: "测试" });
    expect(result.ok).toBe(true);
    for (const table of ["orders", "events"] as const) {
      const stored = await rows(table);
      expect(stored).toHaveLength(2);
      for (const row of stored) {
        expect(row.digest).toMatch(/^[A-Za-z0-9_-]{16}$/);
        expect(row.digest).toBe(storedRowDigest(table, row, t.raw.provider));
      }
    }
    const [a, b] = [...(await digests("orders")).values()];
    expect(a).not.toBe(b);
  });

  it("the same file again keeps the digests; a changed order gets the digest of its new content", async () => {
    const before = await digests("orders");
    expect((await importFiles(t.db, files("b", ORDERS), { actor: "测试" })).ok).toBe(true);
    expect(await digests("orders")).toEqual(before);
    const changed = [...ORDERS];
    changed[1] = (changed[1] as string).replace(",满意,", ",不满意,");
    expect((await importFiles(t.db, files("c", changed), { actor: "测试" })).ok).toBe(true);
    const after = await digests("orders");
    expect(after.get("GD001")).not.toBe(before.get("GD001"));
    expect(after.get("GD002")).toBe(before.get("GD002"));
    const [gd001] = (await rows("orders")).filter((r) => r.id === "GD001");
    expect(after.get("GD001")).toBe(storedRowDigest("orders", gd001 as Record<string, unknown>, t.raw.provider));
  });

  it("any other change to a row clears its digest; a change that writes a digest keeps it", async () => {
    const p = (i: number) => (t.raw.provider === "sqlite" ? "?" : `$${i}`);
    await t.raw.execute(`UPDATE "orders" SET "closedAt" = ${p(1)} WHERE "id" = ${p(2)}`, [1508000000000, "GD001"]);
    await t.raw.execute(`UPDATE "events" SET "note" = ${p(1)} WHERE "id" = ${p(2)}`, ["改", "SJ2"]);
    expect((await digests("orders")).get("GD001")).toBeNull();
    expect((await digests("orders")).get("GD002")).not.toBeNull();
    expect((await digests("events")).get("SJ2")).toBeNull();
    expect((await digests("events")).get("SJ1")).not.toBeNull();
    // the import's bookkeeping alone (which batch wrote the row, when) is not a change of what it says
    const kept = (await digests("events")).get("SJ1");
    await t.raw.execute(`UPDATE "events" SET "updatedAt" = ${p(1)}, "batchId" = NULL WHERE "id" = ${p(2)}`, [1, "SJ1"]);
    expect((await digests("events")).get("SJ1")).toBe(kept);
    // a writer that knows the row's digest sets it with the change (the import does)
    await t.raw.execute(`UPDATE "orders" SET "visited" = ${t.raw.provider === "sqlite" ? "0" : "FALSE"}, "digest" = ${p(1)} WHERE "id" = ${p(2)}`, [
      "x".repeat(16),
      "GD002",
    ]);
    expect((await digests("orders")).get("GD002")).toBe("x".repeat(16));
  });

  it("the file again puts back what was changed behind its back: a row whose digest is missing or not the file's is compared whole", async () => {
    // (the test before: GD001 and SJ2 changed, their digests cleared); GD002 changed under a digest that is not its own
    const p = (i: number) => (t.raw.provider === "sqlite" ? "?" : `$${i}`);
    await t.raw.execute(`UPDATE "orders" SET "visited" = ${t.raw.provider === "sqlite" ? "1" : "TRUE"}, "digest" = ${p(1)} WHERE "id" = ${p(2)}`, [
      "y".repeat(16),
      "GD002",
    ]);
    const result = await importFiles(t.db, files("d", ORDERS), { actor: "测试" });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const [, orders, events] = result.files;
    expect([orders?.updated, orders?.unchanged, events?.updated, events?.unchanged]).toEqual([2, 0, 1, 1]);
    for (const table of ["orders", "events"] as const) {
      for (const row of await rows(table)) expect(row.digest).toBe(storedRowDigest(table, row, t.raw.provider));
    }
  });

  it("the triggers watch every column of the tables but the import's bookkeeping (a column added later is watched too)", async () => {
    for (const table of ["orders", "events"] as const) {
      const columns =
        t.raw.provider === "sqlite"
          ? (await t.raw.query<{ name: string }>(`PRAGMA table_info("${table}")`)).map((c) => c.name)
          : (
              await t.raw.query<{ column_name: string }>(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
                [table],
              )
            ).map((c) => c.column_name);
      const [trigger] =
        t.raw.provider === "sqlite"
          ? await t.raw.query<{ def: string }>(`SELECT "sql" AS "def" FROM sqlite_master WHERE "type" = 'trigger' AND "name" = ?`, [`${table}_digest_stale`])
          : await t.raw.query<{ def: string }>(`SELECT pg_get_triggerdef(oid) AS "def" FROM pg_trigger WHERE tgname = $1`, [`${table}_digest_stale`]);
      const watched =
        /UPDATE OF (.*?) ON/s
          .exec(trigger?.def ?? "")?.[1]
          ?.split(",")
          .map((c) => c.trim().replace(/^"|"$/g, "")) ?? [];
      expect(watched.sort()).toEqual(columns.filter((c) => !["batchId", "updatedAt", "digest"].includes(c)).sort());
    }
  });
});

describe.each(databases)("rows without a digest on $label", (target) => {
  const t = useDatabase(target);

  it("get theirs, the digest of the row as stored, a chunk at a time; then there is nothing left to do", async () => {
    expect((await importFiles(t.db, files("fill", ORDERS), { actor: "测试" })).ok).toBe(true);
    // as a database an earlier release built holds them: no digests at all
    await t.raw.execute(`UPDATE "orders" SET "digest" = NULL`);
    await t.raw.execute(`UPDATE "events" SET "digest" = NULL`);
    expect(await fillMissingDigests(t.db.url, { chunk: 1 })).toBe(4);
    for (const table of ["orders", "events"] as const) {
      for (const row of await t.raw.query<Record<string, unknown>>(`SELECT * FROM "${table}"`)) {
        expect(row.digest).toBe(storedRowDigest(table, row, t.raw.provider));
      }
    }
    expect(await fillMissingDigests(t.db.url)).toBe(0);
  });

  it.runIf(target.provider === "sqlite")("waits for nothing while the database is held by another writer: the chunk is tried again later", async () => {
    await t.raw.execute(`UPDATE "orders" SET "digest" = NULL`);
    const holder = openRaw(t.db.url);
    await holder.execute("BEGIN IMMEDIATE");
    const released = new Promise<void>((ok) => setTimeout(() => void holder.execute("COMMIT").then(() => ok()), 300));
    const filling = fillMissingDigests(t.db.url, { retryMs: 50, retries: 100 });
    await released;
    expect(await filling).toBe(2);
    await holder.close();
  });
});

/**
 * An order names its unit and the import that wrote it, and the database holds it to both on either database: by
 * foreign keys on SQLite, by triggers checked once per statement on PostgreSQL (src/layout.ts
 * statementCheckedReferences). What a foreign key promised, the triggers promise: no order names a unit or an
 * import batch that is not there, whether written by COPY, by INSERT or by UPDATE; a unit orders name cannot be
 * deleted; a deleted import batch leaves its orders naming none; a changed key is followed; and on PostgreSQL the
 * units an uncommitted import names cannot be deleted under it.
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import type { RawDb } from "../src/raw.ts";
import { databases, useDatabase } from "./support/databases.ts";

const COLUMNS = ["id", "unit", "source", "receivedAt", "dueAt", "attributes", "updatedAt", "batchId"];
/** enough rows that PostgreSQL's insertMany copies them (COPY FROM STDIN), not one INSERT */
const MANY = 100;

const orderRows = (prefix: string, unit: string, n: number, batchId: number | null = null) =>
  Array.from({ length: n }, (_, i) => [`${prefix}${i}`, unit, "县中心", 1_500_000_000_000 + i, 1_500_000_900_000 + i, "{}", 0, batchId]);

/** what the database said when it refused a write for a reference: the constraint named, or SQLite's foreign key failure */
async function refusal(write: Promise<unknown>): Promise<string> {
  const err = await write.then(
    () => null,
    (e: unknown) => e as { code?: string; constraint?: string; message?: string },
  );
  expect(err, "the write was refused").not.toBeNull();
  if (err?.code === "23503") return String(err.constraint);
  // SQLite: SQLITE_CONSTRAINT_FOREIGNKEY, or _TRIGGER for a RESTRICT (its foreign key actions are triggers)
  expect(err?.code).toMatch(/^SQLITE_CONSTRAINT_(FOREIGNKEY|TRIGGER)$/);
  expect(err?.message).toBe("FOREIGN KEY constraint failed");
  return "foreign key";
}

describe.each(databases)("an order's references on $label", (target) => {
  const t = useDatabase(target);
  const p = (n: number) => (t.provider === "sqlite" ? "?" : `$${n}`);
  const count = async (sql: string, params: unknown[] = []) => Number((await t.raw.query<{ n: unknown }>(sql, params))[0]?.n);
  const insertUnit = (raw: RawDb, code: string) =>
    raw.execute(`INSERT INTO "units" ("code", "name", "category", "attributes", "updatedAt") VALUES (${p(1)}, ${p(2)}, '镇', '{}', ${p(3)})`, [
      code,
      `${code}镇`,
      raw.timestamp(new Date()),
    ]);
  const insertBatch = async (raw: RawDb) => {
    const [row] = await raw.query<{ id: number }>(
      `INSERT INTO "import_batches" ("kind", "fileName", "fileHash", "rows", "inserted", "updated", "unchanged", "createdBy") VALUES ('orders', 'a.csv', 'h', 0, 0, 0, 0, '测试') RETURNING "id"`,
    );
    return Number(row?.id);
  };
  const expectNothingWritten = async (prefix: string) =>
    expect(await count(`SELECT COUNT(*) AS n FROM "orders" WHERE "id" LIKE ${p(1)}`, [`${prefix}%`])).toBe(0);

  it("orders naming stored units and batches are written, by many rows at once and by one", async () => {
    await t.raw.execute(`INSERT INTO "categories" ("name", "position") VALUES ('镇', 1)`);
    await insertUnit(t.raw, "Z01");
    await insertUnit(t.raw, "Z02");
    const batch = await insertBatch(t.raw);
    await t.raw.transaction(async () => {
      await t.raw.insertMany("orders", COLUMNS, [...orderRows("A", "Z01", MANY, batch), ...orderRows("B", "Z02", MANY)]);
      await t.raw.insertMany("orders", COLUMNS, orderRows("C", "Z02", 1, batch));
    });
    expect(await count(`SELECT COUNT(*) AS n FROM "orders"`)).toBe(2 * MANY + 1);
  });

  it("refuses, and writes none of, many rows of which one names a unit that is not there", async () => {
    const rows = [...orderRows("D", "Z01", MANY), ...orderRows("E", "Z99", 1)];
    const write = t.raw.transaction(() => t.raw.insertMany("orders", COLUMNS, rows));
    expect(await refusal(write)).toMatch(/orders_unit_fkey|foreign key/);
    await expectNothingWritten("D");
  });

  it("refuses one row naming a unit, or an import batch, that is not there", async () => {
    expect(await refusal(t.raw.insertMany("orders", COLUMNS, orderRows("F", "Z99", 1)))).toMatch(/orders_unit_fkey|foreign key/);
    expect(await refusal(t.raw.insertMany("orders", COLUMNS, orderRows("G", "Z01", MANY, 9_999)))).toMatch(/orders_batchId_fkey|foreign key/);
    await expectNothingWritten("F");
    await expectNothingWritten("G");
  });

  it("refuses an update that names a unit or a batch that is not there; another update of the row is written", async () => {
    expect(await refusal(t.raw.execute(`UPDATE "orders" SET "unit" = 'Z99' WHERE "id" = 'A0'`))).toMatch(/orders_unit_fkey|foreign key/);
    expect(await refusal(t.raw.execute(`UPDATE "orders" SET "batchId" = 9999 WHERE "id" = 'A1'`))).toMatch(/orders_batchId_fkey|foreign key/);
    expect(await t.raw.execute(`UPDATE "orders" SET "unit" = 'Z02', "source" = '市中心' WHERE "id" = 'A2'`)).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM "orders" WHERE "unit" = 'Z01'`)).toBe(MANY - 1);
  });

  it("refuses to delete a unit orders name; a unit no order names is deleted", async () => {
    expect(await refusal(t.raw.execute(`DELETE FROM "units" WHERE "code" = 'Z01'`))).toMatch(/orders_unit_fkey|foreign key/);
    await insertUnit(t.raw, "Z03");
    expect(await t.raw.execute(`DELETE FROM "units" WHERE "code" = 'Z03'`)).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM "units" WHERE "code" = 'Z01'`)).toBe(1);
  });

  it("a unit's new code is followed by its orders; a deleted import batch leaves its orders naming none", async () => {
    await t.raw.execute(`UPDATE "units" SET "code" = 'Z11' WHERE "code" = 'Z01'`);
    expect(await count(`SELECT COUNT(*) AS n FROM "orders" WHERE "unit" = 'Z11'`)).toBe(MANY - 1);
    expect(await count(`SELECT COUNT(*) AS n FROM "orders" WHERE "unit" = 'Z01'`)).toBe(0);
    const [batch] = await t.raw.query<{ id: number }>(`SELECT MIN("batchId") AS id FROM "orders"`);
    expect(await count(`SELECT COUNT(*) AS n FROM "orders" WHERE "batchId" = ${p(1)}`, [batch?.id])).toBe(MANY + 1);
    await t.raw.execute(`DELETE FROM "import_batches" WHERE "id" = ${p(1)}`, [batch?.id]);
    expect(await count(`SELECT COUNT(*) AS n FROM "orders" WHERE "batchId" IS NOT NULL`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM "orders"`)).toBe(2 * MANY + 1);
  });

  it.runIf(target.provider === "postgres")("PostgreSQL: the units an uncommitted import names cannot be deleted under it", async () => {
    await insertUnit(t.raw, "Z04");
    const importing = new pg.Client({ connectionString: t.url });
    const deleting = new pg.Client({ connectionString: t.url });
    await importing.connect();
    await deleting.connect();
    try {
      await importing.query("BEGIN");
      await importing.query(
        `INSERT INTO "orders" ("id", "unit", "source", "receivedAt", "dueAt", "attributes", "updatedAt") VALUES ('H0', 'Z04', '县中心', 1, 2, '{}', 0)`,
      );
      // the import holds the unit as a foreign key would: a deletion waits for it (here: gives up waiting)
      await deleting.query(`SET lock_timeout = '300ms'`);
      await expect(deleting.query(`DELETE FROM "units" WHERE "code" = 'Z04'`)).rejects.toMatchObject({ code: "55P03" });
      await importing.query("COMMIT");
      // once it committed, its order names the unit: the deletion is refused
      await expect(deleting.query(`DELETE FROM "units" WHERE "code" = 'Z04'`)).rejects.toMatchObject({ code: "23503", constraint: "orders_unit_fkey" });
    } finally {
      await importing.query("ROLLBACK").catch(() => {});
      await importing.end();
      await deleting.end();
    }
    expect(await count(`SELECT COUNT(*) AS n FROM "orders" WHERE "unit" = 'Z04'`)).toBe(1);
  });
});

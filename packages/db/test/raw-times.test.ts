/**
 * Times written and read through RawDb agree with Prisma's (every DateTime column holds UTC: PostgreSQL's `timestamp
 * without time zone`), whatever time zone the server process runs in. node-postgres sent a Date in the process's local
 * time and read such a column as local time: on a server set to Beijing time, an audit line an import wrote was read by
 * Prisma (the audit page) 8 hours late, and a time Prisma wrote came back through RawDb 8 hours early.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databases, useDatabase } from "./support/databases.ts";

const COLUMNS = ["at", "actor", "action", "entity", "entityId", "detail", "address"];

describe.each(databases)("times through RawDb and Prisma on $label, the process in Beijing time", (target) => {
  const t = useDatabase(target);
  const zone = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = "Asia/Shanghai";
  });
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("a time written by a statement's parameter, by insertMany (a few rows, and enough to be copied) and by updateMany is the one Prisma reads, and back", async () => {
    // the process really is in Beijing time (the bug needs an offset to show)
    expect(new Date(Date.UTC(2018, 10, 5)).getTimezoneOffset()).toBe(-480);
    const raw = t.raw;
    const at = (minute: number) => new Date(Date.UTC(2018, 10, 5, 9, minute, 30, 250));
    const line = (action: string, minute: number) => [raw.timestamp(at(minute)), "测试", action, "x", String(minute), "{}", null];
    const p = (i: number) => (target.provider === "sqlite" ? "?" : `$${i}`);
    await raw.execute(
      `INSERT INTO "audit_log" ("at", "actor", "action", "entity", "entityId", "detail", "address") VALUES (${[1, 2, 3, 4, 5, 6, 7].map(p).join(", ")})`,
      line("param", 0),
    );
    await raw.insertMany("audit_log", COLUMNS, [line("few", 1), line("few", 2)]);
    await raw.insertMany(
      "audit_log",
      COLUMNS,
      Array.from({ length: 100 }, (_, i) => line("copied", i % 60)),
    );
    const stored = await t.db.prisma.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(stored.map((a) => [a.action, a.at.getTime()])).toEqual([
      ["param", at(0).getTime()],
      ["few", at(1).getTime()],
      ["few", at(2).getTime()],
      ...Array.from({ length: 100 }, (_, i) => ["copied", at(i % 60).getTime()]),
    ]);
    // a time Prisma wrote, read back through RawDb; and moved by updateMany
    const made = await t.db.prisma.auditLog.create({ data: { at: at(45), actor: "测试", action: "prisma", entity: "x", entityId: "p", detail: {} } });
    const read = async () => (await raw.query<{ at: unknown }>(`SELECT "at" FROM "audit_log" WHERE "id" = ${p(1)}`, [made.id]))[0]?.at;
    const asTime = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(String(v)));
    expect(asTime(await read())).toBe(at(45).getTime());
    await raw.updateMany("audit_log", ["id", "at"], [[made.id, raw.timestamp(at(50))]]);
    expect((await t.db.prisma.auditLog.findUniqueOrThrow({ where: { id: made.id } })).at.getTime()).toBe(at(50).getTime());
    expect(asTime(await read())).toBe(at(50).getTime());
  });
});

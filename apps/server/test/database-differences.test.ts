/**
 * Where the two databases differ, asked of the server on both. What one holds and the other does not is refused alike
 * in Chinese (400), never a 500 from PostgreSQL:
 * - a NUL in an export's address parameter (the drill-down's search, the audit log's 操作人): PostgreSQL holds no NUL
 *   in text (SQLite looked for it and found nothing); refused as a tRPC call's input is;
 * - an id beyond the stores' 32-bit integers (3000000000): PostgreSQL refused it as out of range (SQLite found no
 *   such record).
 * And a search reads alike: the drill-down's 编号含“…” finds the ids holding the text in either case, on PostgreSQL as
 * on SQLite (a LIKE pattern kept its case there, and its % and _ matched every id on both).
 */
import { openStore, type Store } from "@kaohe/db";
import { seedDemo } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, databases, type ScratchDatabase } from "../../../packages/db/test/support/databases.ts";
import { serveStore, signInAs } from "./support.ts";

describe.each(databases)("where the databases differ ($label)", (target) => {
  let scratch: ScratchDatabase;
  let store: Store;
  let server: Awaited<ReturnType<typeof serveStore>> | undefined;
  let base: string;
  beforeAll(async () => {
    if (target.unavailable && process.env.CI !== "true") return;
    scratch = await createScratchDatabase(target.provider);
    store = await openStore(scratch.url);
    await seedDemo(store);
    server = await serveStore(store);
    base = server.base;
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await store?.close();
    await scratch?.drop();
  });

  const runs = it.skipIf(target.unavailable !== null && process.env.CI !== "true");

  runs("an export's parameter holding a NUL is refused with 400 in Chinese, not a 500", async () => {
    const viewer = await signInAs(base, "viewer");
    const drilldown = (search: string) => `/export/drilldown.xlsx?${new URLSearchParams({ period: "2018-03", unit: "HTZ01", measure: "工单数", search })}`;
    // the address works without it
    expect((await viewer.fetch(drilldown("唐山"))).status).toBe(200);
    for (const path of [drilldown("\u0000"), drilldown("唐\u0000山"), `/export/audit.csv?user=${encodeURIComponent("a\u0000")}`]) {
      const res = await viewer.fetch(path);
      const text = await res.text();
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect((JSON.parse(text) as { zh: string }).zh).toContain("控制字符（U+0000");
      expect(text).not.toMatch(/prisma|postgres|SELECT|byte sequence|at .+\.ts/i);
    }
    // and the server goes on answering
    expect((await viewer.fetch("/export/audit.csv?user=lingdao")).status).toBe(200);
  });

  runs("an id beyond the stores' integers is refused with 400 in Chinese, not a 500", async () => {
    const admin = await signInAs(base, "admin");
    const id = 3_000_000_000;
    for (const [path, input, method] of [
      ["rubrics.get", { id }, "GET"],
      ["publication.get", { id }, "GET"],
      ["objections.get", { id }, "GET"],
      ["rubrics.remove", { id }, "POST"],
      ["imports.undo", { batchId: id }, "POST"],
    ] as const) {
      const res = await admin.trpc(path, input, method);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error?.message).toContain("编号过大");
    }
    // an id in range and not stored is still not found
    expect((await admin.trpc("rubrics.get", { id: 2_147_483_647 })).status).toBe(404);
  });

  runs("the drill-down's search finds the ids holding the text, in either case, and nothing else", async () => {
    const viewer = await signInAs(base, "viewer");
    const found = async (search: string) => {
      const r = await viewer.trpc("scores.drilldown", { period: "2018-03", unitCode: "HTZ01", measure: "工单数", search, pageSize: 500 });
      expect(r.status).toBe(200);
      return ((r.body.result?.data ?? { rows: [] }) as { rows: { id: string }[] }).rows.map((o) => o.id);
    };
    const all = await found("HT201803");
    expect(all.length).toBeGreaterThan(1);
    expect(await found("ht201803")).toEqual(all);
    const one = all[0] as string;
    expect(await found(one.toLowerCase())).toEqual([one]);
    // no id holds these: not patterns matching every id
    for (const text of ["%", "_", "HT2018%3"]) expect({ text, ids: await found(text) }).toEqual({ text, ids: [] });
  });
});

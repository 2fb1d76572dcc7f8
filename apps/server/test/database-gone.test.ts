/**
 * PostgreSQL out of reach while the server runs (its connections terminated and the database renamed away, as an
 * operator's walk did): every call is told so in Chinese, 503, in the shape its client reads — a call of /trpc/ as tRPC
 * words an error (the session looked up before tRPC failed, and the console showed tRPC's English "Unable to transform
 * response from server"), the sign-in as JSON — with no stack or SQL; an import that fails for it says so too. Once the
 * database is back, the same session works again without a restart.
 */
import { Readable } from "node:stream";
import { importJobs } from "@kaohe/api";
import { DATABASE_UNAVAILABLE_ZH, openStore, type Store } from "@kaohe/db";
import { seedDemo, uploads } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminQuery as admin, createScratchDatabase, databases, type ScratchDatabase } from "../../../packages/db/test/support/databases.ts";
import { type Session, serveStore, signInAs } from "./support.ts";

const target = databases.find((d) => d.provider === "postgres");
const skipped = target?.unavailable !== null && process.env.CI !== "true";

describe.skipIf(skipped)("the database out of reach while the server runs (PostgreSQL)", () => {
  let scratch: ScratchDatabase;
  let store: Store;
  let server: Awaited<ReturnType<typeof serveStore>> | undefined;
  let base: string;
  let name: string;
  beforeAll(async () => {
    scratch = await createScratchDatabase("postgres");
    name = new URL(scratch.url).pathname.slice(1);
    store = await openStore(scratch.url);
    await seedDemo(store);
    server = await serveStore(store);
    base = server.base;
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await store?.close().catch(() => {});
    await admin(`DROP DATABASE IF EXISTS "${name}_gone" WITH (FORCE)`).catch(() => {});
    await scratch?.drop();
  });

  it("says 数据库暂时无法连接 (503) in the client's own shape, with nothing of the database's internals, and recovers by itself", async () => {
    const session: Session = await signInAs(base, "admin");
    expect((await session.trpc("auth.me", undefined)).status).toBe(200);

    // the operator's walk: every connection terminated, the database renamed away
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
    await admin(`ALTER DATABASE "${name}" RENAME TO "${name}_gone"`);

    // a call of the console: the session's lookup fails before tRPC, answered as tRPC words an error
    const me = await session.fetch(`/trpc/auth.me?input=${encodeURIComponent("{}")}`);
    const meText = await me.text();
    expect(me.status).toBe(503);
    const one = JSON.parse(meText) as { error: { message: string; data: Record<string, unknown> } };
    expect(one.error.message).toBe(DATABASE_UNAVAILABLE_ZH);
    expect(DATABASE_UNAVAILABLE_ZH).toBe("数据库暂时无法连接，请稍后重试；如持续出现，请联系系统管理员");
    expect(one.error.data).toMatchObject({ appCode: "UNAVAILABLE", httpStatus: 503, zh: DATABASE_UNAVAILABLE_ZH, code: "SERVICE_UNAVAILABLE" });
    expect(one.error.data.stack).toBeUndefined();
    expect(meText).not.toMatch(/prisma|postgres|SELECT|kaohe_test|at .+\.ts/i);

    // a batch of two calls (the console's httpBatchLink): one error each
    const batch = await session.fetch(`/trpc/auth.me,auth.me?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: null, 1: null }))}`);
    expect(batch.status).toBe(503);
    const each = (await batch.json()) as { error: { message: string } }[];
    expect(each.map((e) => e.error.message)).toEqual([DATABASE_UNAVAILABLE_ZH, DATABASE_UNAVAILABLE_ZH]);

    // the sign-in (JSON of its own)
    const signIn = await fetch(`${base}/auth/signin`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-kaohe-csrf": "1" },
      body: JSON.stringify({ username: "kaohe", password: "whatever" }),
    });
    expect(signIn.status).toBe(503);
    expect(((await signIn.json()) as { zh: string }).zh).toBe(DATABASE_UNAVAILABLE_ZH);

    // an import that cannot reach the database: nothing stored, and why
    const file = await uploads.save(
      "orders.csv",
      Readable.from([Buffer.from("工单编号,承办单位,来源,受理时间,办理时限,办结时间\nX1,唐山镇,县中心,2018-12-03 09:00,2018-12-10,\n")]),
      "测试",
    );
    const { jobId } = importJobs.start(store, [{ uploadId: file.uploadId, kind: "orders" }], "测试");
    let job = importJobs.get(jobId);
    for (let i = 0; i < 600 && job.state === "running"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = importJobs.get(jobId);
    }
    expect(job.state).toBe("failed");
    expect(job.error?.zh).toBe(`导入失败，没有导入任何数据：${DATABASE_UNAVAILABLE_ZH}`);

    // the database back: the same session answers again, no restart
    await admin(`ALTER DATABASE "${name}_gone" RENAME TO "${name}"`);
    let back = 0;
    for (let i = 0; i < 50 && back !== 200; i++) {
      back = (await session.trpc("auth.me", undefined)).status;
      if (back !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(back).toBe(200);
  }, 120_000);
});

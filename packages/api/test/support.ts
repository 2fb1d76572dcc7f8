/** A real, seeded, temporary database per test file, and helpers to look at errors as a client sees them. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "@kaohe/db";
import { createUser, type Role, type SessionUser, seedDemo } from "@kaohe/services";
import { getTRPCErrorShape, TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { appRouter, createCaller, type ErrorData, importJobs } from "../src/index.ts";

export const ACTOR = "测试员";

/** The password of every test user. */
export const TEST_PASSWORD = "Test-Password-2017";

export interface TestApi {
  store: Store;
  /** the 系统管理员 named ACTOR */
  user: SessionUser;
  caller: ReturnType<typeof createCaller>;
  /** a caller signed in with another role (a unit user belongs to 唐山镇, HTZ01); null: nobody signed in */
  as(role: Role | null): ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

/** A SQLite file in a temporary folder (migrated on open), seeded with the Huantai demo and the shipped rubrics. */
export async function openSeededApi(): Promise<TestApi> {
  const dir = await mkdtemp(join(tmpdir(), "kaohe-api-test-"));
  const store = await openStore(`file:${dir}/kaohe.db`);
  await seedDemo(store);
  const user = await createUser(store, { username: ACTOR, displayName: ACTOR, role: "sysadmin", password: TEST_PASSWORD }, "测试准备");
  const users = new Map<Role, SessionUser>([["sysadmin", user]]);
  for (const role of ["admin", "editor", "unit", "viewer"] as const) {
    users.set(
      role,
      await createUser(
        store,
        { username: `测试-${role}`, displayName: `测试-${role}`, role, unitCode: role === "unit" ? "HTZ01" : null, password: TEST_PASSWORD },
        "测试准备",
      ),
    );
  }
  return {
    store,
    user,
    caller: createCaller({ store, user }),
    as: (role) => createCaller({ store, user: role ? (users.get(role) ?? null) : null }),
    async close() {
      await importJobs.idle();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The error a call rejects with, as the client receives it: tRPC code, message and our `data`. */
export async function rejection(call: Promise<unknown>): Promise<{ code: TRPCError["code"]; message: string; data: ErrorData }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the call should have failed").toBeInstanceOf(TRPCError);
  const error = err as TRPCError;
  const shape = getTRPCErrorShape({ config: appRouter._def._config, error, type: "query", path: undefined, input: undefined, ctx: undefined });
  return { code: error.code, message: shape.message, data: shape.data };
}

/** Chinese text: at least one CJK character. */
export const CHINESE = /[\u4e00-\u9fff]/;

/** The shipped 2017 rubric, and a copy of it under another version with `edit` applied. */
export async function variantOf2017(api: TestApi, version: string, edit: (text: string) => string): Promise<string> {
  const versions = await api.caller.rubrics.list();
  const v2017 = versions.find((v) => v.version === "2017");
  if (!v2017) throw new Error("the 2017 rubric is not seeded");
  const { text } = await api.caller.rubrics.get({ id: v2017.id });
  const renamed = text.replace(/version "2017"/, `version "${version}"`);
  if (renamed === text) throw new Error("the 2017 header changed: update the test");
  const edited = edit(renamed);
  if (edited === renamed) throw new Error("the edit did not apply: update the test");
  return edited;
}

/**
 * The demo's example users: one per role, created with the demo data, able to sign in with the documented
 * password; never added to a store that already has data or accounts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDemoDataset } from "@kaohe/data";
import { openStore, type Store } from "@kaohe/db";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../src/demo.ts";
import { passwordProblem } from "../src/password.ts";
import { ROLES } from "../src/roles.ts";
import { createUser, listUsers, signIn } from "../src/users.ts";

const dir = mkdtempSync(join(tmpdir(), "kaohe-demo-users-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("DEMO_USERS", () => {
  test("one user per role, every password meets the rules, the unit user's unit is in the demo data", () => {
    expect(DEMO_USERS.map((u) => u.role)).toEqual([...ROLES]);
    expect(DEMO_USERS.map((u) => u.username)).toEqual(["xitong", "kaohe", "guize", "tangshan", "lingdao"]);
    for (const u of DEMO_USERS) {
      expect(passwordProblem(u.password, u.username), u.username).toBeNull();
      expect(u.password).toBe(DEMO_PASSWORD);
      expect(u.unitCode === null).toBe(u.role !== "unit");
    }
    const units = generateDemoDataset().units;
    const tangshan = DEMO_USERS.find((u) => u.role === "unit");
    expect(units.find((x) => x.code === tangshan?.unitCode)?.name).toBe("唐山镇");
  });
});

describe("seedDemo on an empty store (SQLite)", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(`file:${join(dir, "empty.db")}`);
    expect(await seedDemo(store)).toBe(true);
  });
  afterAll(() => store?.close());

  test("creates the demo users with their roles and unit, no forced password change", async () => {
    const users = await listUsers(store);
    expect(users.map(({ username, displayName, role, unitCode }) => ({ username, displayName, role, unitCode }))).toEqual(
      DEMO_USERS.map(({ username, displayName, role, unitCode }) => ({ username, displayName, role, unitCode })),
    );
    for (const u of users) {
      expect(u).toMatchObject({ disabled: false, locked: false, mustChangePassword: false, createdBy: "演示数据" });
    }
  });

  test("each demo user signs in with the demo password", async () => {
    for (const u of DEMO_USERS) {
      const s = await signIn(store, u.username, u.password);
      expect(s.user).toMatchObject({ username: u.username, role: u.role, unitCode: u.unitCode });
    }
  });

  test("seeding again changes nothing (idempotent)", async () => {
    const before = await listUsers(store);
    const orders = await store.prisma.order.count();
    expect(await seedDemo(store)).toBe(false);
    expect((await listUsers(store)).map((u) => u.id)).toEqual(before.map((u) => u.id));
    expect(await store.prisma.order.count()).toBe(orders);
  });
});

describe("seedDemo on a store that already has an account", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(`file:${join(dir, "has-admin.db")}`);
    await createUser(store, { username: "admin1", displayName: "管理员", role: "sysadmin", password: "Real-Secret-1234" }, "test");
  });
  afterAll(() => store?.close());

  test("the data is seeded but no demo user (no well-known passwords beside real accounts)", async () => {
    expect(await seedDemo(store)).toBe(true);
    expect((await listUsers(store)).map((u) => u.username)).toEqual(["admin1"]);
    await expect(signIn(store, "xitong", DEMO_PASSWORD)).rejects.toThrow("用户名或密码不正确");
  });
});

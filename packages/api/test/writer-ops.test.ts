/**
 * A sign-in during an import (writer-ops.ts): on PostgreSQL it is answered while the import still holds the store's
 * write lock; on SQLite, one writer at a time, it is answered when the import lets go (a helper's sign-in waited 7 s
 * for a 250,000-row import, on both). Sign-ins still go one at a time among themselves: guesses sent at once are
 * each counted.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRaw, openStore, type Store } from "@kaohe/db";
import { createUser } from "@kaohe/services";
import { describe, expect, it } from "vitest";
import { exclusive } from "../src/placement.ts";
import { runWriterOp } from "../src/writer-ops.ts";
import { TEST_PASSWORD } from "./support.ts";

const ADMIN_URL = process.env.KAOHE_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function admin(sql: string): Promise<void> {
  const raw = openRaw(ADMIN_URL);
  try {
    await raw.execute(sql);
  } finally {
    await raw.close();
  }
}

/** A store of the provider with one user, and how to drop it. */
async function storeOf(provider: "sqlite" | "postgres"): Promise<{ store: Store; drop: () => Promise<void> }> {
  let url: string;
  let drop: () => Promise<void>;
  if (provider === "sqlite") {
    const dir = await mkdtemp(join(tmpdir(), "kaohe-writer-ops-"));
    url = `file:${dir}/k.db`;
    drop = () => rm(dir, { recursive: true, force: true });
  } else {
    const name = `kaohe_test_${randomBytes(6).toString("hex")}`;
    await admin(`CREATE DATABASE "${name}"`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  const store = await openStore(url);
  await createUser(store, { username: "guize", displayName: "规则编辑", role: "editor", password: TEST_PASSWORD }, "测试准备");
  return {
    store,
    drop: async () => {
      await store.close();
      await drop();
    },
  };
}

describe.each(["postgres", "sqlite"] as const)("a sign-in while an import holds the write lock (%s)", (provider) => {
  it(provider === "postgres" ? "is answered before the import lets go" : "is answered when the import lets go", async () => {
    const { store, drop } = await storeOf(provider);
    try {
      let letGo!: () => void;
      const held = new Promise<void>((ok) => {
        letGo = ok;
      });
      const events: string[] = [];
      const importing = exclusive(store, "导入数据", async () => {
        await held;
        events.push("import done");
      });
      const signedIn = runWriterOp(store, "signIn", ["guize", TEST_PASSWORD, { address: "10.0.0.8" }]).then((r) => {
        events.push("signed in");
        return r;
      });
      // the import lets go when the sign-in is answered, or after a while: on SQLite the sign-in waits for it whatever
      // the while (the lock), on PostgreSQL it must be answered within it however slow the machine
      await Promise.race([signedIn, new Promise((ok) => setTimeout(ok, provider === "postgres" ? 20_000 : 1000))]);
      letGo();
      await importing;
      expect(await signedIn).toMatchObject({ user: { username: "guize" } });
      expect(events).toEqual(provider === "postgres" ? ["signed in", "import done"] : ["import done", "signed in"]);
    } finally {
      await drop();
    }
  }, 30_000);
});

describe.each(["postgres", "sqlite"] as const)("wrong passwords sent at once (%s)", (provider) => {
  it("are counted each: the third locks the address, and the right password from it is refused", async () => {
    // each sign-in reads the counts and writes them back: run side by side, four guesses were counted as one
    const { store, drop } = await storeOf(provider);
    try {
      const client = { address: "10.0.0.9" };
      const guesses = await Promise.allSettled([1, 2, 3].map((i) => runWriterOp(store, "signIn", ["guize", `Wrong-Password-${i}`, client])));
      expect(guesses.every((g) => g.status === "rejected")).toBe(true);
      await expect(runWriterOp(store, "signIn", ["guize", TEST_PASSWORD, client])).rejects.toThrow(/锁定/);
      // another address is not held out
      expect(await runWriterOp(store, "signIn", ["guize", TEST_PASSWORD, { address: "10.0.0.10" }])).toMatchObject({ user: { username: "guize" } });
    } finally {
      await drop();
    }
  }, 60_000);
});

/** An import holding the write lock until `letGo`, a second queued behind it; `order` says what ran when. */
function twoImports(store: Store) {
  const order: string[] = [];
  let letGo!: () => void;
  const held = new Promise<void>((ok) => {
    letGo = ok;
  });
  const first = exclusive(store, "导入数据", async () => {
    await held;
    order.push("import 1");
  });
  const second = exclusive(store, "导入数据", async () => {
    order.push("import 2");
  });
  return { order, letGo, first, second };
}

describe("the write lock's order", () => {
  it("a sign-in or a sign-out goes before the writes queued, after the one under way; refused after its wait, saying what holds it", async () => {
    const { store, drop } = await storeOf("sqlite");
    try {
      const { order, letGo, first, second } = twoImports(store);
      const signIn = exclusive(store, "signIn", async () => order.push("sign-in"), undefined, "data", true);
      // waiting 50 ms behind the import, refused: the turn given up, nothing run, the import named
      const refused = await exclusive(store, "signOut", async () => order.push("never"), 50, "data", true).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: "CONFLICT", detail: { busy: true } });
      expect((refused as Error).message).toMatch(/^数据库正忙于另一项修改（导入数据，开始于 [\d:]+），已等待 0 秒/);
      letGo();
      await Promise.all([first, second, signIn]);
      expect(order).toEqual(["import 1", "sign-in", "import 2"]);
    } finally {
      await drop();
    }
  });

  it("a write that has waited 5 s is no longer gone before: sign-ins sent without end do not hold an import back for ever", async () => {
    const { store, drop } = await storeOf("sqlite");
    try {
      const { order, letGo, first, second } = twoImports(store);
      await new Promise((ok) => setTimeout(ok, 5_200));
      const signIn = exclusive(store, "signIn", async () => order.push("sign-in"), undefined, "data", true);
      letGo();
      await Promise.all([first, second, signIn]);
      expect(order).toEqual(["import 1", "import 2", "sign-in"]);
    } finally {
      await drop();
    }
  }, 20_000);
});

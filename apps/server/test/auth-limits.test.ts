/**
 * The limits on signing in that a person never meets and a script or a colleague behind the same NAT does (found by a
 * security review): a browser that has signed in to an account before (its device cookie) is not shut out by names
 * sprayed or wrong passwords sent from its address; an account signs in at most 20 times in 10 minutes and keeps at
 * most 20 sessions open; a flood of one account's sign-ins does not go before everyone's changes.
 */
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exclusive } from "@kaohe/api";
import { openStore, type Store } from "@kaohe/db";
import { createUser, DEMO_PASSWORD, resetPassword, seedDemo } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKaoheServer } from "../src/server.ts";

let store: Store;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaohe-auth-limits-"));
  store = await openStore(`file:${join(dir, "k.db")}`);
  await seedDemo(store);
}, 60_000);
afterAll(async () => {
  await store.close();
});

/** A server of its own (its address limiter starts empty), without worker threads, and a way to sign in to it. */
async function ownServer() {
  const own = createKaoheServer({ store, consoleDir: mkdtempSync(join(dir, "console-")), threads: false });
  await new Promise<void>((ok) => own.listen(0, "127.0.0.1", ok));
  const at = `http://127.0.0.1:${(own.address() as AddressInfo).port}/auth/signin`;
  /** a sign-in sent with these cookies (a browser's): status, message, and the cookies set */
  const signIn = async (username: string, password: string, cookies: string[] = []) => {
    const res = await fetch(at, {
      method: "POST",
      headers: { "content-type": "application/json", "x-kaohe-csrf": "1", ...(cookies.length ? { cookie: cookies.join("; ") } : {}) },
      body: JSON.stringify({ username, password }),
    });
    const set = res.headers.getSetCookie();
    const cookie = (name: string) =>
      set
        .find((c) => c.startsWith(`${name}=`))
        ?.split(";")[0]
        ?.trim();
    return { status: res.status, zh: ((await res.json()) as { zh?: string }).zh ?? "", session: cookie("kaohe_session"), device: cookie("kaohe_device"), set };
  };
  return { own, signIn };
}

const newUser = (username: string, displayName: string) => createUser(store, { username, displayName, role: "viewer", password: DEMO_PASSWORD }, "测试");

describe("a colleague behind the same address, on a computer they have signed in from", () => {
  it("the first sign-in gives a device cookie: httpOnly, SameSite=Strict, sent to the sign-in only, kept 90 days", async () => {
    await newUser("devicefirst", "设备测试");
    const { own, signIn } = await ownServer();
    try {
      const first = await signIn("devicefirst", DEMO_PASSWORD);
      expect(first.status).toBe(200);
      // 90 days × 86,400 s
      expect(first.set.find((c) => c.startsWith("kaohe_device="))).toMatch(
        /^kaohe_device=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/auth\/signin; Max-Age=7776000$/,
      );
      // the session records the device by its hash, never the cookie itself
      const token = (first.device as string).split("=")[1] as string;
      const sessions = await store.prisma.session.findMany({ where: { user: { username: "devicefirst" } } });
      expect(sessions.map((s) => s.device?.length)).toEqual([64]);
      expect(sessions[0]?.device).toBe(createHash("sha256").update(token).digest("hex"));
      // a new one at every sign-in, never the one sent: a cookie planted in the browser before the user signed in (by
      // another host of the domain) would have proved the planter's browser the user's own (a review)
      const planted = `kaohe_device=${"A".repeat(43)}`;
      const again = await signIn("devicefirst", DEMO_PASSWORD, [planted]);
      expect(again.device).toMatch(/^kaohe_device=[A-Za-z0-9_-]{43}$/);
      expect(again.device).not.toBe(planted);
      expect(again.device).not.toBe(first.device);
      const hashes = (await store.prisma.session.findMany({ where: { user: { username: "devicefirst" } } })).map((s) => s.device);
      expect(hashes).not.toContain(createHash("sha256").update("A".repeat(43)).digest("hex"));
    } finally {
      await own.stop();
    }
  });

  it("ten names sprayed from the address: the sprayer and browsers without a proof wait; the colleague's own computer signs in", async () => {
    await newUser("sprayvictim", "同一出口的同事");
    await newUser("sprayother", "另一位同事");
    const { own, signIn } = await ownServer();
    try {
      const colleague = await signIn("sprayvictim", DEMO_PASSWORD);
      expect(colleague.status).toBe(200);
      const device = colleague.device as string;
      // the review's spray: ten made-up names, then the address waits 10 minutes (as before)
      for (let i = 0; i < 10; i++) expect((await signIn(`nobody-spray-${i}`, "x-Guess-Password")).status).toBe(401);
      const sprayed = await signIn("sprayother", DEMO_PASSWORD);
      expect([sprayed.status, sprayed.zh]).toEqual([429, "该地址登录失败次数过多：请 10 分钟后再试"]);
      // a device cookie made up, or one proving another account's device, proves nothing for this one: limited as now
      expect((await signIn("sprayother", DEMO_PASSWORD, [`kaohe_device=${"A".repeat(43)}`])).status).toBe(429);
      expect((await signIn("sprayother", DEMO_PASSWORD, [device])).status).toBe(429);
      // the colleague's browser, which signed in to this account before: in
      const back = await signIn("sprayvictim", DEMO_PASSWORD, [device]);
      expect(back.status).toBe(200);
      expect(back.session).toMatch(/^kaohe_session=/);
    } finally {
      await own.stop();
    }
  });

  it("three wrong passwords for the colleague's account from the address: it is locked to the address, not to their computer", async () => {
    await newUser("lockvictim", "被锁的同事");
    const { own, signIn } = await ownServer();
    try {
      const device = (await signIn("lockvictim", DEMO_PASSWORD)).device as string;
      // the guesser, at the same address, without the colleague's device cookie: locked at the third, as before
      const guesses: number[] = [];
      for (let i = 0; i < 3; i++) guesses.push((await signIn("lockvictim", `Wrong-Guess-${i}`)).status);
      expect(guesses).toEqual([401, 401, 429]);
      expect((await signIn("lockvictim", DEMO_PASSWORD)).status).toBe(429);
      // the lock is the address's, as before
      const locks = await store.prisma.signInLock.findMany({ where: { user: { username: "lockvictim" } } });
      expect(locks.map((l) => l.address)).toEqual(["127.0.0.1"]);
      // the colleague's own browser signs in
      expect((await signIn("lockvictim", DEMO_PASSWORD, [device])).status).toBe(200);
      // and the guesser's lock stays: signing in from the device did not lift it for the address
      expect((await signIn("lockvictim", DEMO_PASSWORD)).status).toBe(429);
    } finally {
      await own.stop();
    }
  });

  it("the device's own wrong passwords lock the device (three in a row), not the address; nor does its lock reach others", async () => {
    await newUser("devicetypos", "输错的同事");
    const { own, signIn } = await ownServer();
    try {
      const device = (await signIn("devicetypos", DEMO_PASSWORD)).device as string;
      const typos: number[] = [];
      for (let i = 0; i < 3; i++) typos.push((await signIn("devicetypos", `Wrong-Typo-${i}`, [device])).status);
      expect(typos).toEqual([401, 401, 429]);
      // the device waits 15 minutes, right password or not: a guesser holding a stolen device cookie gains nothing
      const locked = await signIn("devicetypos", DEMO_PASSWORD, [device]);
      expect(locked.status).toBe(429);
      expect(locked.zh).toMatch(/连续错误 3 次.*已锁定/);
      const locks = await store.prisma.signInLock.findMany({ where: { user: { username: "devicetypos" } } });
      expect(locks.map((l) => l.address)).toEqual([expect.stringMatching(/^设备 [0-9a-f]{16}$/)]);
      // the address is not locked by the device's typos: another browser at it (the same person's phone) signs in
      expect((await signIn("devicetypos", DEMO_PASSWORD)).status).toBe(200);
    } finally {
      await own.stop();
    }
  });

  it("the account locked by wrong passwords from many addresses: its user's device signs in from a new address", async () => {
    await newUser("travelling", "出差的同事");
    const { own, signIn } = await ownServer();
    try {
      const device = (await signIn("travelling", DEMO_PASSWORD)).device as string;
      // the account-wide lock as ten guesses from ten addresses set it (users.ts), and no session from here before
      const user = await store.prisma.user.findUniqueOrThrow({ where: { username: "travelling" } });
      await store.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() + 15 * 60_000) } });
      await store.prisma.session.updateMany({ where: { userId: user.id }, data: { address: "10.9.9.9" } });
      const without = await signIn("travelling", DEMO_PASSWORD);
      expect([without.status, without.zh]).toEqual([429, expect.stringMatching(/^该账号近来被多处连续输错密码/)]);
      const signedIn = await signIn("travelling", DEMO_PASSWORD, [device]);
      expect(signedIn.status).toBe(200);
      // the administrator resets the password (the account was guessed at): the browsers signed in from before prove
      // nothing since — an intruder's kept passing the locks for 90 days (a review) — the user's new sign-ins do
      await new Promise((ok) => setTimeout(ok, 5));
      await resetPassword(store, user.id, "Reset-Travel-2018", "测试管理员");
      await store.prisma.session.updateMany({ where: { userId: user.id }, data: { address: "10.9.9.9" } });
      await store.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() + 15 * 60_000) } });
      expect((await signIn("travelling", "Reset-Travel-2018", [signedIn.device as string])).status).toBe(429);
    } finally {
      await own.stop();
    }
  });
  it("a browser over its own places is told 这个浏览器 and audited once as a browser; the address's other browsers sign in", async () => {
    await newUser("busybrowser", "点个不停的同事");
    await newUser("busyneighbour", "同一出口的邻座");
    const { own, signIn } = await ownServer();
    // let go however the test ends: a store held would hold every test after it
    let release = () => {};
    const sent: Promise<unknown>[] = [];
    try {
      const device = (await signIn("busybrowser", DEMO_PASSWORD)).device as string;
      const neighbourDevice = (await signIn("busyneighbour", DEMO_PASSWORD)).device as string;
      const before = (await store.prisma.auditLog.aggregate({ _max: { id: true } }))._max.id ?? 0;
      // a write under way holds the store: the browser's sign-ins, admitted, wait for it and keep their places
      const holding = exclusive(store, "held", () => new Promise<void>((ok) => (release = ok)));
      // the limits of a place (auth.ts): 4 sign-ins checked at once (ADDRESS_IN_FLIGHT) and 32 waiting for one of them
      // (ADDRESS_QUEUED); 40 sent at once from the proven browser: the 4 beyond those 36 are refused at once
      const full = "这个浏览器同时登录的请求过多：请稍等片刻再登录";
      const settled: Awaited<ReturnType<typeof signIn>>[] = [];
      const burst = Array.from({ length: 40 }, () =>
        signIn("busybrowser", DEMO_PASSWORD, [device]).then((r) => {
          settled.push(r);
          return r;
        }),
      );
      sent.push(...burst);
      for (let waited = 0; settled.length < 4 && waited < 20_000; waited += 50) await new Promise((ok) => setTimeout(ok, 50));
      expect(settled.map((r) => [r.status, r.zh])).toEqual(Array(4).fill([429, full]));
      // one more from the browser while it is full: refused again, not audited again (once in 10 minutes)
      const again = await signIn("busybrowser", DEMO_PASSWORD, [device]);
      expect([again.status, again.zh]).toEqual([429, full]);
      // the same address's other browsers are not held by it: one without a device cookie, one proving another account
      // (each admitted now, waiting for the store as the browser's first 36 are; a refusal would have come at once)
      const neighbour = signIn("busyneighbour", DEMO_PASSWORD);
      const neighbourOwn = signIn("busyneighbour", DEMO_PASSWORD, [neighbourDevice]);
      sent.push(neighbour, neighbourOwn);
      await new Promise((ok) => setTimeout(ok, 300));
      expect(settled.length).toBe(4);
      release();
      await holding;
      expect([(await neighbour).status, (await neighbourOwn).status]).toEqual([200, 200]);
      // the 36 the browser's places held go on: each checked as any sign-in (the account's 20 a window, users.ts: the
      // first sign-in and 19 of these in, the other 17 told the account's own limit), none refused by the places
      const held = (await Promise.all(burst)).filter((r) => r.zh !== full);
      expect(held.length).toBe(36);
      expect(held.filter((r) => r.status === 200).length).toBe(19);
      expect(held.filter((r) => r.status !== 200).map((r) => r.zh)).toEqual(Array(17).fill(expect.stringMatching(/^该账号 10 分钟内已登录 20 次/)));
      // the refusals audited once, as the browser's, naming the account it proved and the address it came from
      const refused = await store.prisma.auditLog.findMany({ where: { id: { gt: before }, action: "auth.signInRefused", actor: "（未登录）" } });
      expect(refused.map((r) => [r.detail, r.address])).toEqual([[{ reason: "deviceParallel", username: "busybrowser" }, "127.0.0.1"]]);
    } finally {
      release();
      await Promise.allSettled(sent);
      await own.stop();
    }
  });
});

describe("one account signing in without end", () => {
  it("20 sign-ins in 10 minutes, then the right password is refused (429, in Chinese), audited once; a wrong one is a 401", async () => {
    await newUser("flooder", "刷登录的人");
    const { own, signIn } = await ownServer();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await signIn("flooder", DEMO_PASSWORD)).status);
      // MAX_SIGN_INS = 20 in SIGN_INS_WINDOW_MS = 10 minutes: the 21st and after are refused
      expect(statuses).toEqual([...Array(20).fill(200), ...Array(5).fill(429)]);
      const refused = await signIn("flooder", DEMO_PASSWORD);
      expect(refused.zh).toMatch(/^该账号 10 分钟内已登录 20 次，暂停登录至 \d{2}:\d{2}：已登录的页面照常使用/);
      expect(refused.session).toBeUndefined();
      // one who does not know the password learns nothing of it: a wrong password is answered as always
      expect((await signIn("flooder", "Wrong-Flood-Password")).status).toBe(401);
      const user = await store.prisma.user.findUniqueOrThrow({ where: { username: "flooder" } });
      // 20 sessions made (the refused made none), 20 sign-ins audited, the six refusals once
      expect(await store.prisma.session.count({ where: { userId: user.id } })).toBe(20);
      const actions = await store.prisma.auditLog.findMany({ where: { entity: "users", entityId: String(user.id) }, orderBy: { id: "asc" } });
      expect(actions.filter((a) => a.action === "auth.signIn").length).toBe(20);
      expect(actions.filter((a) => a.action === "auth.signInRefused").map((a) => a.detail)).toEqual([{ reason: "tooManySignIns", signIns: 20 }]);
      // the refusal names the minute the window has room again: the first sign-in's minute + 10
      const firstAt = (await store.prisma.session.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: "asc" } })).createdAt.getTime();
      const hhmm = new Date(firstAt + 10 * 60_000 + 8 * 3_600_000).toISOString().slice(11, 16);
      expect(refused.zh).toContain(`暂停登录至 ${hhmm}`);
      // the window moves on: sign-ins 11 minutes old are out of it, and the account signs in again
      await store.prisma.session.updateMany({ where: { userId: user.id }, data: { createdAt: new Date(Date.now() - 11 * 60_000) } });
      expect((await signIn("flooder", DEMO_PASSWORD)).status).toBe(200);
      // spent again by whoever has the password; the administrator resets it: the new password signs in at once, the
      // window counting from the reset (it held the user out for up to 10 minutes more: a review)
      for (let i = 0; i < 19; i++) await signIn("flooder", DEMO_PASSWORD);
      expect((await signIn("flooder", DEMO_PASSWORD)).status).toBe(429);
      await new Promise((ok) => setTimeout(ok, 5));
      await resetPassword(store, user.id, "Reset-Flood-2018", "测试管理员");
      expect((await signIn("flooder", "Reset-Flood-2018")).status).toBe(200);
    } finally {
      await own.stop();
    }
  });

  it("at most 20 sessions open: the 21st sign-in ends the longest idle one, not the first made, which its user works in", async () => {
    await newUser("manytabs", "很多会话");
    const user = await store.prisma.user.findUniqueOrThrow({ where: { username: "manytabs" } });
    const { own, signIn } = await ownServer();
    try {
      // twenty sessions signed in over the morning, one every 20 minutes (outside the 10-minute window but the last)
      const now = Date.now();
      const morning = Array.from({ length: 20 }, (_, i) => ({
        id: `manytabs-${String(i).padStart(2, "0")}`,
        userId: user.id,
        createdAt: new Date(now - (20 - i) * 20 * 60_000),
        // each last used when made, but the first: its user has worked in it all morning (a script's twenty sign-ins
        // ended the very session its user was in: a review)
        lastSeenAt: i === 0 ? new Date(now - 60_000) : new Date(now - (20 - i) * 20 * 60_000),
        expiresAt: new Date(now + 3_600_000),
      }));
      await store.prisma.session.createMany({ data: morning });
      // an ended one does not count among the twenty
      await store.prisma.session.create({
        data: {
          id: "manytabs-ended",
          userId: user.id,
          createdAt: new Date(now - 500 * 60_000),
          expiresAt: new Date(now + 3_600_000),
          revokedAt: new Date(now - 60_000),
        },
      });
      const res = await signIn("manytabs", DEMO_PASSWORD);
      expect(res.status).toBe(200);
      // 21 open: the longest idle (manytabs-01, last seen 380 minutes ago) ends; the first made, seen a minute ago, stays
      const open = await store.prisma.session.findMany({ where: { userId: user.id, revokedAt: null }, orderBy: { createdAt: "asc" } });
      expect(open.length).toBe(20);
      expect(open.map((o) => o.id).slice(0, 2)).toEqual(["manytabs-00", "manytabs-02"]);
      expect((await store.prisma.session.findUniqueOrThrow({ where: { id: "manytabs-01" } })).revokedAt).not.toBeNull();
      const audited = await store.prisma.auditLog.findFirstOrThrow({ where: { action: "auth.signIn", entityId: String(user.id) }, orderBy: { id: "desc" } });
      expect(audited.detail).toEqual({ sessionsEnded: 1 });
    } finally {
      await own.stop();
    }
  });

  it("an account over its sign-ins waits its turn among the writes: a change queued before it goes first (it went before for 5 s)", async () => {
    await newUser("jumper", "插队的人");
    await newUser("jumpok", "正常登录");
    const user = await store.prisma.user.findUniqueOrThrow({ where: { username: "jumper" } });
    // twenty sign-ins within the window already (since the account was made: the window counts from its password)
    const now = Date.now();
    await store.prisma.session.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        id: `jumper-${i}`,
        userId: user.id,
        createdAt: new Date(Math.max(now - 60_000, user.passwordChangedAt.getTime() + 1)),
        expiresAt: new Date(now + 3_600_000),
      })),
    });
    const { own, signIn } = await ownServer();
    try {
      // a write under way holds the store, and a change (here an audit line, to see its place) waits behind it
      let release = () => {};
      const holding = exclusive(store, "held", () => new Promise<void>((ok) => (release = ok)));
      const queued = exclusive(store, "queued", () =>
        store.prisma.auditLog.create({ data: { actor: "测试", action: "test.queued", entity: "users", entityId: "", detail: {} } }),
      );
      const over = signIn("jumper", DEMO_PASSWORD);
      const normal = signIn("jumpok", DEMO_PASSWORD);
      // both sign-ins are waiting for the store (their reads done) before it is let go
      await new Promise((ok) => setTimeout(ok, 500));
      release();
      const [, change, overRes, normalRes] = await Promise.all([holding, queued, over, normal]);
      expect([overRes.status, normalRes.status]).toEqual([429, 200]);
      // the order they were written in: the account within its sign-ins still goes before the change waiting; the one
      // over them (its refusal audited) after it
      const signedIn = await store.prisma.auditLog.findFirstOrThrow({ where: { action: "auth.signIn", actor: "正常登录（jumpok）" } });
      const refused = await store.prisma.auditLog.findFirstOrThrow({ where: { action: "auth.signInRefused", actor: "插队的人（jumper）" } });
      expect(signedIn.id).toBeLessThan(change.id);
      expect(refused.id).toBeGreaterThan(change.id);
    } finally {
      await own.stop();
    }
  });
});

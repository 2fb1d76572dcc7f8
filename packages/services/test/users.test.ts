/**
 * Users, passwords and sessions on both databases: the password never stored
 * as given, a session found by its token only while valid, three wrong
 * passwords lock (an address out of an account; ten from anywhere, the account to
 * addresses its user never signed in from), a reset forces a change and ends sessions, a password change
 * ends the other sessions, a disabled user is refused, a new role or unit ends
 * the sessions; every step audited.
 */

import { openStore, type Store } from "@kaohe/db";
import { databases, useDatabase } from "@kaohe/db/testing";
import { describe, expect, it } from "vitest";
import { detailText } from "../src/audit-labels.ts";
import {
  changePassword,
  createUser,
  ensureFirstAdmin,
  listUsers,
  passwordToChangeOrigin,
  resetPassword,
  type SessionUser,
  sessionUser,
  setUserDisabled,
  signIn,
  signOut,
  updateUser,
  verifyPassword,
} from "../src/users.ts";

const PASSWORD = "Users-Test-2017";

describe.each(databases)("users and sessions ($label)", (target) => {
  const db = useDatabase(target);
  let store: Store;
  const open = async () => {
    store ??= await openStore(db.url, { migrate: false });
    return store;
  };

  it("first start: one 系统管理员 with a random password that must be changed; none when one exists", async () => {
    const s = await open();
    const first = await ensureFirstAdmin(s);
    expect(first?.username).toBe("admin");
    const stored = await s.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect(stored.passwordHash).not.toContain(first?.password as string);
    expect(await verifyPassword(first?.password as string, stored.passwordHash)).toBe(true);
    expect(stored.mustChangePassword).toBe(true);
    expect(await ensureFirstAdmin(s)).toBeNull();
  });

  it("the first start's password is told apart from one an administrator gave; a change says how many other sign-ins it ended", async () => {
    const s = await open();
    await ensureFirstAdmin(s);
    const admin = await s.prisma.user.findFirstOrThrow({ where: { role: "sysadmin", createdBy: "系统（首次启动）" } });
    const asSession = { ...admin, role: "sysadmin" as const };
    // the password generated at the first start, still to be changed
    expect(await passwordToChangeOrigin(s, asSession)).toBe("firstStart");
    // the printed password lost, an administrator resets it: now a password given by someone
    await resetPassword(s, admin.id, "First-Start-Reset-1", "测试");
    expect(await passwordToChangeOrigin(s, asSession)).toBe("given");
    const given = await createUser(s, { username: "given.pw", displayName: "新用户", role: "viewer", password: PASSWORD, mustChangePassword: true }, "管理员");
    expect(await passwordToChangeOrigin(s, given)).toBe("given");
    // the first sign-in: no other sign-in to end
    const only = await signIn(s, admin.username, "First-Start-Reset-1");
    expect(await changePassword(s, only.user, "First-Start-Reset-1", "First-Changed-2026", only.token)).toEqual({ otherSessionsEnded: 0 });
    expect(await passwordToChangeOrigin(s, (await sessionUser(s, only.token))?.user as SessionUser)).toBeNull();
    const elsewhere = await signIn(s, "given.pw", PASSWORD);
    const here = await signIn(s, "given.pw", PASSWORD);
    expect(await changePassword(s, here.user, PASSWORD, "Given-Changed-2026", here.token)).toEqual({ otherSessionsEnded: 1 });
    expect(await sessionUser(s, elsewhere.token)).toBeNull();
  });

  it("a user name that differs from another only in case is refused (KAOHE beside kaohe)", async () => {
    const s = await open();
    await createUser(s, { username: "case.name", displayName: "大小写", role: "viewer", password: PASSWORD }, "测试");
    const refusal = await createUser(s, { username: "Case.Name", displayName: "大小写二", role: "viewer", password: PASSWORD }, "测试").then(
      () => "created",
      (e: { code: string; zh: string }) => `${e.code} ${e.zh}`,
    );
    expect(refusal).toBe("CONFLICT 用户名“Case.Name”与已有的“case.name”只差大小写，容易混淆：请另取一个用户名");
  });

  it("one name tried again and again from one address is audited 30 times, then once that the rest are not (a lock always)", async () => {
    const s = await open();
    await createUser(s, { username: "flooded", displayName: "被试", role: "viewer", password: PASSWORD }, "测试");
    // a script from one address (each database's own: the allowance is the process's): an unknown name, and a real
    // one (its third wrong password locks it; the rest are refused)
    const address = `10.9.9.${databases.indexOf(target) + 1}`;
    for (const name of ["no.such.user", "flooded"]) {
      for (let i = 0; i < 40; i++) await signIn(s, name, "Wrong-Password-1", { address }).catch(() => undefined);
    }
    const rows = await s.prisma.auditLog.findMany({ where: { address }, orderBy: { id: "asc" } });
    const count = (entityId: string, action: string) => rows.filter((r) => r.entityId === entityId && r.action === action).length;
    expect(count("", "auth.signInFailed")).toBe(30);
    expect(count("", "auth.attempts.many")).toBe(1);
    const id = String((await s.prisma.user.findUniqueOrThrow({ where: { username: "flooded" } })).id);
    // the lock is audited apart from the allowance: 2 failures and 28 refusals while locked (30), the lock, then one saying so
    expect([count(id, "auth.signInFailed"), count(id, "auth.locked"), count(id, "auth.signInRefused"), count(id, "auth.attempts.many")]).toEqual([2, 1, 28, 1]);
    expect(rows.length).toBe(30 + 1 + 32);
    // another address is audited as before
    const other = `10.9.8.${databases.indexOf(target) + 1}`;
    await signIn(s, "no.such.user", "Wrong-Password-1", { address: other }).catch(() => undefined);
    expect(await s.prisma.auditLog.count({ where: { address: other, action: "auth.signInFailed" } })).toBe(1);
  });

  it("a session lives while valid and ends with sign-out", async () => {
    const s = await open();
    await createUser(s, { username: "zhang", displayName: "张三", role: "admin", password: PASSWORD }, "测试");
    const session = await signIn(s, "zhang", PASSWORD, { address: "127.0.0.9" });
    expect((await sessionUser(s, session.token))?.user.username).toBe("zhang");
    expect(await sessionUser(s, `${session.token}x`)).toBeNull();
    await signOut(s, session.token);
    expect(await sessionUser(s, session.token)).toBeNull();
    const audit = await s.prisma.auditLog.findMany({ where: { actor: "张三（zhang）" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.address])).toEqual([
      ["auth.signIn", "127.0.0.9"],
      ["auth.signOut", null],
    ]);
  });

  it("three wrong passwords lock; an administrator's reset unlocks, forces a change and ends sessions", async () => {
    const s = await open();
    await createUser(s, { username: "li", displayName: "李四", role: "editor", password: PASSWORD }, "测试");
    const kept = await signIn(s, "li", PASSWORD);
    const codes: string[] = [];
    for (let i = 0; i < 4; i++)
      codes.push(
        await signIn(s, "li", i === 3 ? PASSWORD : `Wrong-${i}-Password`).then(
          () => "ok",
          (e: { code: string }) => e.code,
        ),
      );
    expect(codes).toEqual(["UNAUTHORIZED", "UNAUTHORIZED", "LOCKED", "LOCKED"]);
    const li = await s.prisma.user.findUniqueOrThrow({ where: { username: "li" } });
    await resetPassword(s, li.id, "Reset-Password-9", "管理员");
    expect(await sessionUser(s, kept.token)).toBeNull();
    const after = await signIn(s, "li", "Reset-Password-9");
    expect(after.user.mustChangePassword).toBe(true);
    const elsewhere = await signIn(s, "li", "Reset-Password-9");
    await changePassword(s, after.user, "Reset-Password-9", "Changed-Password-9", after.token);
    expect((await sessionUser(s, after.token))?.user.mustChangePassword).toBe(false);
    expect(await sessionUser(s, elsewhere.token)).toBeNull();
  });

  it("guessing the current password through a password change: audited, and the third wrong one ends the session and locks the address", async () => {
    const s = await open();
    await createUser(s, { username: "guess", displayName: "试猜", role: "viewer", password: PASSWORD }, "测试");
    const client = { address: "10.0.9.77" };
    const session = await signIn(s, "guess", PASSWORD, client);
    const tries: string[] = [];
    for (let i = 0; i < 3; i++) {
      tries.push(
        await changePassword(s, session.user, `Guess-${i}-Password`, "Guessed-Password-9", session.token, client).then(
          () => "ok",
          (e: { code: string; zh: string }) => `${e.code} ${e.zh}`,
        ),
      );
    }
    expect(tries.slice(0, 2)).toEqual(["BAD_INPUT 当前密码不正确", "BAD_INPUT 当前密码不正确"]);
    expect(tries[2]).toMatch(/^LOCKED 在这台电脑上密码连续错误 3 次/);
    // the session that guessed is over, and this address cannot sign in again for now, even with the password
    expect(await sessionUser(s, session.token)).toBeNull();
    expect(await signIn(s, "guess", PASSWORD, client).catch((e: { code: string }) => e.code)).toBe("LOCKED");
    const audit = await s.prisma.auditLog.findMany({ where: { actor: "试猜（guess）" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["auth.signIn", "user.changePasswordFailed", "user.changePasswordFailed", "auth.locked", "auth.signInRefused"]);
    // in words (PostgreSQL's jsonb keeps its own key order)
    expect(detailText(audit[3]?.detail).split("，").sort()).toEqual(["本地址连续输错次数：3", "输错时：修改密码", "锁定范围：该地址"].sort());
  });

  it("three wrong passwords lock out only the address they came from: the user at their own computer still signs in", async () => {
    const s = await open();
    await createUser(s, { username: "wu", displayName: "吴九", role: "viewer", password: PASSWORD }, "测试");
    const attacker = { address: "10.0.9.66" };
    const outcome = (password: string, client: { address: string }) =>
      signIn(s, "wu", password, client).then(
        () => "ok",
        (e: { code: string; zh: string }) => `${e.code} ${e.zh}`,
      );
    const tries = [];
    for (let i = 0; i < 4; i++) tries.push(await outcome(i === 3 ? PASSWORD : `Wrong-${i}-Password`, attacker));
    expect(tries.slice(0, 2)).toEqual(["UNAUTHORIZED 用户名或密码不正确", "UNAUTHORIZED 用户名或密码不正确"]);
    // the third locks this address; the right password from it is refused too while the lock lasts
    expect(tries[2]).toMatch(/^LOCKED 在这台电脑上密码连续错误 3 次，这台电脑登录该账号已锁定至 \d\d:\d\d/);
    expect(tries[3]).toMatch(/^LOCKED 在这台电脑上/);
    // the user, at another computer, is not locked out by someone else's guesses
    expect(await outcome(PASSWORD, { address: "10.0.1.20" })).toBe("ok");
    const wu = (await listUsers(s)).find((u) => u.username === "wu");
    expect([wu?.locked, wu?.lockedAddresses]).toEqual([false, ["10.0.9.66"]]);
    const audit = await s.prisma.auditLog.findMany({ where: { actor: "吴九（wu）", action: "auth.locked" } });
    // in words (PostgreSQL's jsonb keeps its own key order)
    expect(audit.map((a) => [a.address, detailText(a.detail).split("，").sort()])).toEqual([
      ["10.0.9.66", ["本地址连续输错次数：3", "账号连续输错次数：3", "锁定范围：该地址"].sort()],
    ]);
    // an administrator's reset lifts it
    await resetPassword(s, wu?.id as number, "Reset-Password-8", "管理员");
    expect(await outcome("Reset-Password-8", attacker)).toBe("ok");
  });

  it("ten wrong passwords from many addresses lock the account to every address its user has not signed in from", async () => {
    const s = await open();
    await createUser(s, { username: "zheng", displayName: "郑十", role: "viewer", password: PASSWORD }, "测试");
    await signIn(s, "zheng", PASSWORD, { address: "10.0.1.21" }); // the user's own computer, known from this session
    const outcome = (password: string, address: string) =>
      signIn(s, "zheng", password, { address }).then(
        () => "ok",
        (e: { code: string; zh: string }) => `${e.code} ${e.zh}`,
      );
    // two guesses from each of five machines: no address reaches its own three, the account reaches ten
    const guesses = [];
    for (let i = 0; i < 10; i++) guesses.push(await outcome(`Wrong-${i}-Password`, `10.0.7.${i % 5}`));
    expect(guesses.slice(0, 9).every((g) => g === "UNAUTHORIZED 用户名或密码不正确")).toBe(true);
    expect(guesses[9]).toMatch(/^LOCKED 该账号近来被多处连续输错密码 10 次，已锁定至 \d\d:\d\d（本人曾登录过的电脑不受影响）/);
    // a sixth machine, even with the right password, waits; the user's own computer does not
    expect(await outcome(PASSWORD, "10.0.7.99")).toMatch(/^LOCKED 该账号近来被多处/);
    expect(await outcome(PASSWORD, "10.0.1.21")).toBe("ok");
    expect((await listUsers(s)).find((u) => u.username === "zheng")?.locked).toBe(true);
    const locked = await s.prisma.auditLog.findMany({ where: { actor: "郑十（zheng）", action: "auth.locked" } });
    expect(locked.map((a) => (a.detail as { scope: string }).scope)).toEqual(["account"]);
  });

  it("a disabled user is refused and their sessions end; an administrator can't disable themself", async () => {
    const s = await open();
    const admin = await createUser(s, { username: "qian", displayName: "钱七", role: "sysadmin", password: PASSWORD }, "测试");
    const user = await createUser(s, { username: "zhao", displayName: "赵六", role: "viewer", password: PASSWORD }, "测试");
    const session = await signIn(s, "zhao", PASSWORD);
    await setUserDisabled(s, user.id, true, admin);
    expect(await sessionUser(s, session.token)).toBeNull();
    expect(await signIn(s, "zhao", PASSWORD).catch((e: { code: string }) => e.code)).toBe("FORBIDDEN");
    expect(await setUserDisabled(s, admin.id, true, admin).catch((e: { code: string }) => e.code)).toBe("FORBIDDEN");
  });

  it("an administrator changes a name, role or unit: a new role or unit ends the sessions; nobody changes their own role; the last 系统管理员 stays one", async () => {
    const s = await open();
    await s.prisma.category.create({ data: { name: "镇", position: 0 } });
    for (const [code, name] of [
      ["HTZ01", "唐山镇"],
      ["HTZ02", "果里镇"],
    ])
      await s.prisma.unit.create({ data: { code: code as string, name: name as string, category: "镇", attributes: {} } });
    const admin = await createUser(s, { username: "sun", displayName: "孙七", role: "sysadmin", password: PASSWORD }, "测试");
    const clerk = await createUser(s, { username: "zhou", displayName: "周八", role: "unit", unitCode: "HTZ01", password: PASSWORD }, "测试");
    const session = await signIn(s, "zhou", PASSWORD);
    const code = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: { code: string }) => e.code,
      );

    // the name alone: the session goes on
    expect(await updateUser(s, clerk.id, { displayName: "周八（镇办）", role: "unit", unitCode: "HTZ01" }, admin)).toEqual({
      changed: ["displayName"],
      sessionsEnded: 0,
    });
    expect((await sessionUser(s, session.token))?.user.displayName).toBe("周八（镇办）");
    // saving what is there changes nothing and is not audited
    const audited = () => s.prisma.auditLog.count({ where: { action: "user.update" } });
    expect(await updateUser(s, clerk.id, { displayName: "周八（镇办）", role: "unit", unitCode: "HTZ01" }, admin)).toEqual({ changed: [], sessionsEnded: 0 });
    expect(await audited()).toBe(1);
    // another unit: what they may see changes, so the session ends
    expect(await updateUser(s, clerk.id, { displayName: "周八（镇办）", role: "unit", unitCode: "HTZ02" }, admin)).toEqual({
      changed: ["unitCode"],
      sessionsEnded: 1,
    });
    expect(await sessionUser(s, session.token)).toBeNull();
    // a leader now: the unit is dropped
    await updateUser(s, clerk.id, { displayName: "周八", role: "viewer", unitCode: "HTZ02" }, admin);
    expect(await s.prisma.user.findUniqueOrThrow({ where: { id: clerk.id } })).toMatchObject({ role: "viewer", unitCode: null });
    const entry = await s.prisma.auditLog.findFirstOrThrow({ where: { action: "user.update", entityId: String(clerk.id) }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ actor: "孙七（sun）", entity: "users" });
    expect(entry.detail).toMatchObject({ before: { role: "unit", unitCode: "HTZ02" }, after: { role: "viewer", unitCode: null } });

    // a unit user needs a unit that exists; an unknown role is refused; nothing changed by a refusal
    expect(await code(updateUser(s, clerk.id, { displayName: "周八", role: "unit" }, admin))).toBe("BAD_INPUT");
    expect(await code(updateUser(s, clerk.id, { displayName: "周八", role: "unit", unitCode: "NOPE" }, admin))).toBe("BAD_INPUT");
    expect(await code(updateUser(s, clerk.id, { displayName: "周八", role: "boss" as "viewer" }, admin))).toBe("BAD_INPUT");
    expect(await code(updateUser(s, 999_999, { displayName: "谁", role: "viewer" }, admin))).toBe("NOT_FOUND");
    expect(await s.prisma.user.findUniqueOrThrow({ where: { id: clerk.id } })).toMatchObject({ role: "viewer", unitCode: null });

    // one's own role: refused, one's own name: fine
    expect(await code(updateUser(s, admin.id, { displayName: "孙七", role: "viewer" }, admin))).toBe("FORBIDDEN");
    expect((await updateUser(s, admin.id, { displayName: "孙七（信息科）", role: "sysadmin" }, admin)).changed).toEqual(["displayName"]);
    // the last enabled 系统管理员 (the command line acts as no account: id 0) keeps the role
    const cli = { ...admin, id: 0, username: "命令行（root）" };
    for (const other of await s.prisma.user.findMany({ where: { role: "sysadmin", id: { not: admin.id } } })) await setUserDisabled(s, other.id, true, cli);
    expect(await code(updateUser(s, admin.id, { displayName: "孙七", role: "admin" }, cli))).toBe("CONFLICT");
    expect((await s.prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("sysadmin");
    await store.close();
  });
});

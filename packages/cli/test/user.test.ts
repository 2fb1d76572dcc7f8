/**
 * `kaohe user …` on a temporary SQLite database: the program run in-process (output and exit code captured,
 * fast enough for many cases), one real process for exit codes and DATABASE_URL; then the store itself checked
 * (sign-in with the printed password, the audit log's actor).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "@kaohe/db";
import { listUsers, signIn } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { kaohe as inProcess, runKaohe } from "./support/kaohe.ts";
import { emptyStore } from "./support/store.ts";

const dir = mkdtempSync(join(tmpdir(), "kaohe-cli-user-"));
const url = `file:${join(dir, "users.db")}`;

const run = runKaohe;
/** The CLI in this process on the test's store. */
const kaohe = (...args: string[]) => inProcess(...args, "--db", url);

async function withStore<T>(f: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(url);
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

/** The password printed on the line after "shown once". */
const printedPassword = (stdout: string) => /shown once:\n\s+(\S+)/.exec(stdout)?.[1] ?? "";

beforeAll(async () => {
  await emptyStore(url);
  // 县生态环境分局 goes by two other names (the units file's 别名 column), as orders may name it
  writeFileSync(
    join(dir, "units.csv"),
    "\uFEFF单位编码,单位名称,类别,别名\nHTZ01,唐山镇,镇,\nHTJD01,索镇街道,街道,\nLQ13,县生态环境分局,县直部门,县环保局、环保局\n",
  );
  const r = run(["import", "--db", url, join(dir, "units.csv")]);
  expect(r.code, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kaohe user", () => {
  test("add with a random password: printed once, signs in, must change it; the actor is the command line", async () => {
    const r = await kaohe("user", "add", "xitong", "--name", "系统管理员", "--role", "sysadmin");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("已添加用户 xitong（系统管理员，系统管理员）");
    const password = printedPassword(r.stdout);
    expect(password.length).toBeGreaterThanOrEqual(10);
    await withStore(async (store) => {
      const s = await signIn(store, "xitong", password);
      expect(s.user).toMatchObject({ role: "sysadmin", mustChangePassword: true, unitCode: null });
      const created = await store.prisma.auditLog.findFirst({ where: { action: "user.create" } });
      expect(created?.actor).toMatch(/^命令行（.+）$/);
    });
  });

  test("add a unit user by unit name or code, with a given password", async () => {
    const byName = await kaohe("user", "add", "tangshan", "--name", "唐山镇联络员", "--role", "unit", "--unit", "唐山镇", "--password", "Tang-Shan-Zhen-9");
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toContain("唐山镇 HTZ01");
    expect(byName.stdout).not.toContain("shown once");
    const byCode = await kaohe("user", "add", "suozhen", "--name", "索镇街道联络员", "--role", "unit", "--unit", "HTJD01", "--password", "Suo-Zhen-Jie-9");
    expect(byCode.code, byCode.stderr).toBe(0);
    await withStore(async (store) => {
      expect((await signIn(store, "tangshan", "Tang-Shan-Zhen-9")).user).toMatchObject({ role: "unit", unitCode: "HTZ01" });
      expect((await signIn(store, "suozhen", "Suo-Zhen-Jie-9")).user.unitCode).toBe("HTJD01");
    });
  });

  test("list: 用户名, 姓名, Chinese role label, 单位, 状态", async () => {
    const r = await kaohe("user", "list");
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]?.split(/\s+/)).toEqual(["用户名", "姓名", "角色", "单位", "状态"]);
    const row = (name: string) => lines.find((l) => l.startsWith(`${name} `))?.split(/\s{2,}/);
    expect(row("xitong")).toEqual(["xitong", "系统管理员", "系统管理员", "待改密码"]);
    expect(row("tangshan")).toEqual(["tangshan", "唐山镇联络员", "单位用户", "唐山镇（HTZ01）", "待改密码"]);
  });

  test("passwd: a new random password, printed once; the old one stops working; must change at next sign-in", async () => {
    const r = await kaohe("user", "passwd", "tangshan");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("下次登录时须修改密码");
    const password = printedPassword(r.stdout);
    await withStore(async (store) => {
      await expect(signIn(store, "tangshan", "Tang-Shan-Zhen-9")).rejects.toThrow("用户名或密码不正确");
      expect((await signIn(store, "tangshan", password)).user.mustChangePassword).toBe(true);
      expect((await store.prisma.auditLog.findFirst({ where: { action: "user.resetPassword" } }))?.actor).toMatch(/^命令行（/);
    });
    const given = await kaohe("user", "passwd", "tangshan", "--password", "Another-Pass-77");
    expect(given.code, given.stderr).toBe(0);
    expect(given.stdout).not.toContain("shown once");
    expect((await kaohe("user", "passwd", "nobody")).code).toBe(1);
  });

  test("set: another unit ends the user's sessions; a new role drops the unit; the name alone keeps them; refusals change nothing", async () => {
    const session = await withStore((store) => signIn(store, "suozhen", "Suo-Zhen-Jie-9"));
    const moved = await kaohe("user", "set", "suozhen", "--unit", "唐山镇");
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/已修改 suozhen（索镇街道联络员，单位用户，唐山镇 HTZ01）：已登录的 [1-9]\d* 个会话均已退出/);
    const renamed = await kaohe("user", "set", "suozhen", "--name", "唐山镇联络员二");
    expect(renamed.stdout).toContain("已修改 suozhen（唐山镇联络员二，单位用户，唐山镇 HTZ01）");
    expect(renamed.stdout).not.toContain("会话");
    expect((await kaohe("user", "set", "suozhen", "--name", "唐山镇联络员二")).stdout).toContain("没有变化");
    for (const [args, message] of [
      // the role as a sentence's subject: 只读用户 (it read "只读不用 --unit")
      [["--role", "viewer", "--unit", "HTZ01"], "只有单位用户属于单位：只读用户不用 --unit"],
      [["--unit", "不存在镇"], "没有编码、名称或别名为“不存在镇”的单位"],
      [["--role", "boss"], "没有“boss”这种角色"],
      [[], "请用 --name、--role 或 --unit 指明要修改什么"],
    ] as [string[], string][]) {
      const r = await kaohe("user", "set", "suozhen", ...args);
      expect([r.code, r.stderr]).toEqual([1, expect.stringContaining(message)]);
    }
    const leader = await kaohe("user", "set", "suozhen", "--role", "只读");
    expect(leader.stdout).toContain("已修改 suozhen（唐山镇联络员二，只读）");
    await withStore(async (store) => {
      expect(await store.prisma.user.findUniqueOrThrow({ where: { username: "suozhen" } })).toMatchObject({ role: "viewer", unitCode: null });
      expect((await store.prisma.session.findFirstOrThrow({ where: { userId: session.user.id } })).revokedAt).not.toBeNull();
      expect((await store.prisma.auditLog.findFirst({ where: { action: "user.update" } }))?.actor).toMatch(/^命令行（/);
    });
    // back as it was for the tests after
    expect((await kaohe("user", "set", "suozhen", "--name", "索镇街道联络员", "--role", "unit", "--unit", "HTJD01")).code).toBe(0);
  });

  test("disable refuses sign-in; enable lets the user back in", async () => {
    const off = await kaohe("user", "disable", "suozhen");
    expect(off.code, off.stderr).toBe(0);
    expect((await kaohe("user", "list")).stdout).toMatch(/suozhen .*已停用/);
    await withStore(async (store) => {
      await expect(signIn(store, "suozhen", "Suo-Zhen-Jie-9")).rejects.toThrow("已被停用");
    });
    const on = await kaohe("user", "enable", "suozhen");
    expect(on.code, on.stderr).toBe(0);
    await withStore(async (store) => {
      expect((await signIn(store, "suozhen", "Suo-Zhen-Jie-9")).user.username).toBe("suozhen");
    });
    const missing = await kaohe("user", "disable", "nobody");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("没有用户“nobody”");
  });

  test("refused, exit 1, nothing created: a taken name, a weak password, a unit user without or with an unknown unit, an unknown role", async () => {
    const cases: [string[], string][] = [
      [["xitong", "--name", "重名", "--role", "viewer"], "用户名“xitong”已被使用"],
      [["weak", "--name", "弱密码", "--role", "viewer", "--password", "short"], "密码至少 10 个字符"],
      [["weak", "--name", "弱密码", "--role", "viewer", "--password", "alllowercase"], "至少三种"],
      [["nounit", "--name", "无单位", "--role", "unit"], "单位用户须用 --unit"],
      [["badunit", "--name", "错单位", "--role", "unit", "--unit", "不存在镇"], "没有编码、名称或别名为“不存在镇”的单位"],
      [["norole", "--name", "无角色", "--role", "boss"], "没有“boss”这种角色"],
    ];
    for (const [args, message] of cases) {
      const r = await kaohe("user", "add", ...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toContain(message);
    }
    await withStore(async (store) => {
      expect((await listUsers(store)).map((u) => u.username)).toEqual(["xitong", "tangshan", "suozhen"]);
    });
  });

  test("a unit by an alias of the units file, as an import finds an order's unit: the success line says which unit it is", async () => {
    const added = await kaohe("user", "add", "huanbao", "--name", "环保", "--role", "unit", "--unit", "县环保局", "--password", "Huan-Bao-Ju-99");
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("已添加用户 huanbao（环保，单位用户，单位：县生态环境分局（LQ13），“县环保局”是它的别名）");
    // the other alias of the cell (县环保局、环保局), written with a full-width space inside as a padded cell has it
    const moved = await kaohe("user", "set", "suozhen", "--unit", " 环保局　");
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain("已修改 suozhen（索镇街道联络员，单位用户，单位：县生态环境分局（LQ13），“环保局”是它的别名）");
    // a code in full-width characters and lower case is the code, not an alias: said as before
    const back = await kaohe("user", "set", "suozhen", "--unit", "ｈｔｊｄ０１");
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain("已修改 suozhen（索镇街道联络员，单位用户，索镇街道 HTJD01）");
    await withStore(async (store) => {
      expect((await signIn(store, "huanbao", "Huan-Bao-Ju-99")).user.unitCode).toBe("LQ13");
      expect((await store.prisma.user.findUniqueOrThrow({ where: { username: "suozhen" } })).unitCode).toBe("HTJD01");
    });
  });

  test("no unit so called: which it may be (县生态局, an abbreviation of 县生态环境分局); no units at all: import them first", async () => {
    const guessed = await kaohe("user", "add", "shengtai", "--name", "生态", "--role", "unit", "--unit", "县生态局");
    expect(guessed.code).toBe(1);
    expect(guessed.stderr).toContain("没有编码、名称或别名为“县生态局”的单位（是否是：县生态环境分局（LQ13）？）");
    expect(guessed.stderr).not.toContain("先导入单位表");
    const empty = await emptyStore(`file:${join(dir, "empty.db")}`);
    const none = await inProcess("user", "add", "huanbao", "--name", "环保", "--role", "unit", "--unit", "县环保局", "--db", empty);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("还没有单位：请先导入单位表");
    expect(none.stderr).not.toContain("县环保局");
  });

  test("an alias two units give (stored before imports refused such a file): both named, the code asked for", async () => {
    await withStore(async (store) => {
      await store.prisma.unit.update({ where: { code: "HTZ01" }, data: { attributes: { 别名: "环保局" } } });
    });
    try {
      const r = await kaohe("user", "add", "gongyong", "--name", "共用", "--role", "unit", "--unit", "环保局");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("“环保局”是 唐山镇（HTZ01）、县生态环境分局（LQ13） 共同的别名：请用单位编码指明是哪一个");
    } finally {
      await withStore(async (store) => {
        await store.prisma.unit.update({ where: { code: "HTZ01" }, data: { attributes: {} } });
      });
    }
  });

  test("a real process: without --db the store is DATABASE_URL's; an error exits 1", () => {
    const r = run(["user", "list"], { DATABASE_URL: url });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("tangshan");
    const refused = run(["user", "add", "xitong", "--name", "重名", "--role", "viewer"], { DATABASE_URL: url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("已被使用");
  });
});

/**
 * `kaohe user …`: accounts from the command line — add, change a name, role or unit, reset a password, list, disable,
 * enable. The way in for the first administrator and the way back in when every administrator is locked out. Every
 * change is audited with the actor `命令行（<OS user>）`.
 */
import type { Store } from "@kaohe/db";
import type { NamedUnit, SessionUser } from "@kaohe/services";
import { ROLE_LABEL, ROLE_SUBJECT, ROLES, type Role } from "@kaohe/services/roles";
import type { Command } from "commander";
import { cliActor } from "./actor.ts";
import { CliError, sharedAliasError } from "./errors.ts";

/** The command line acting as an administrator (id 0: no real account, so it may disable any of them). */
function actorUser(): SessionUser {
  const name = cliActor();
  return { id: 0, username: name, displayName: name, role: "sysadmin", unitCode: null, mustChangePassword: false };
}

const roleList = ROLES.map((r) => `${r}（${ROLE_LABEL[r]}）`).join("、");

function parseRole(text: string): Role {
  const role = ROLES.find((r) => r === text || ROLE_LABEL[r] === text);
  if (!role) throw new CliError(`没有“${text}”这种角色：应为 ${roleList} / unknown role ${text}: one of ${ROLES.join(", ")}`);
  return role;
}

/**
 * A unit by its code, its name or an alias from its units file (别名, 简称), found as an import finds an order's unit:
 * full-width and half-width alike, spaces aside. Not found: whether there are no units yet, or none is called so (and
 * which it may be).
 */
async function resolveUnit(store: Store, text: string): Promise<NamedUnit> {
  const { findUnitNamed } = await services();
  const found = await findUnitNamed(store, text);
  if ("unit" in found) return found.unit;
  if (found.notFound.units === 0) throw new CliError(`还没有单位：请先导入单位表（kaohe import 单位表文件）/ no units yet: import the units first`);
  const like = found.notFound.resembling;
  if (found.notFound.shared) throw sharedAliasError(text, like);
  throw new CliError(
    `没有编码、名称或别名为“${text}”的单位${like.length ? `（是否是：${like.map((u) => `${u.name}（${u.code}）`).join("、")}？）` : ""}` +
      ` / no unit with code, name or alias ${text}${like.length ? ` (did you mean ${like.map((u) => `${u.name} (${u.code})`).join(", ")}?)` : ""}`,
  );
}

/** The unit as a success line says it; one given by another name says which it is (县环保局 is 县生态环境分局). */
function unitText(unit: NamedUnit, given: string | undefined): string {
  return unit.by === "alias" ? `，单位：${unit.name}（${unit.code}），“${given?.trim()}”是它的别名` : `，${unit.name} ${unit.code}`;
}

/** A random password that meets the rules for this user name (random ones practically always do). */
async function newPassword(username: string): Promise<string> {
  const { passwordProblem, randomPassword } = await services();
  for (;;) {
    const pw = randomPassword();
    if (!passwordProblem(pw, username)) return pw;
  }
}

/** The store's and the services' modules, loaded by the commands that open it (not when the program starts: see main.ts). */
const services = () => import("@kaohe/services");

async function withStore<T>(url: string | undefined, f: (store: Store) => Promise<T>): Promise<T> {
  const { openExistingStore } = await import("./open-store.ts");
  const store = await openExistingStore(url);
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

async function userNamed(store: Store, username: string): Promise<SessionUser> {
  const { findUser } = await services();
  const user = await findUser(store, username);
  if (!user) throw new CliError(`没有用户“${username}”（用 kaohe user list 查看）/ no such user: ${username}`);
  return user;
}

function printPassword(print: (s: string) => void, password: string): void {
  print(`初始密码（只显示这一次，请当面或以安全方式转交）/ password, shown once:`);
  print(`  ${password}`);
}

const dbOption = (c: Command) => c.option("--db <url>", "数据库（默认：环境变量 DATABASE_URL，否则 file:./data/kaohe.db）");

export function userCommands(program: Command, print: (s: string) => void): void {
  const user = program
    .command("user")
    .description("用户管理：添加、修改姓名角色单位、重置密码、列出、停用、启用（操作记入审计日志，操作人为“命令行（系统用户名）”）");

  dbOption(
    user
      .command("add")
      .description("添加用户；不给 --password 时生成随机密码并只显示一次。用户首次登录时须修改密码")
      .argument("<username>", "用户名（2–40 个字符：汉字、字母、数字和 _ . -）")
      .requiredOption("--name <显示名>", "姓名或显示名")
      .requiredOption("--role <role>", `角色：${roleList}`)
      .option("--unit <单位>", "单位用户所属的单位（编码、名称或单位表中的别名）")
      .option("--password <密码>", "指定密码（至少 10 个字符，含大写、小写、数字、符号中的三种；会留在命令历史中，省略则随机生成）")
      .option("--no-must-change", "不要求首次登录时修改密码"),
  ).action(async (username: string, opts: { name: string; role: string; unit?: string; password?: string; mustChange: boolean; db?: string }) => {
    const role = parseRole(opts.role);
    if (role === "unit" && !opts.unit) throw new CliError("单位用户须用 --unit 指明所属单位（编码或名称）/ a unit user needs --unit CODE|NAME");
    if (role !== "unit" && opts.unit) throw new CliError(`只有单位用户属于单位：${ROLE_SUBJECT[role]}不用 --unit / --unit is for unit users only`);
    const password = opts.password ?? (await newPassword(username));
    const { createUser } = await services();
    await withStore(opts.db, async (store) => {
      const unit = opts.unit ? await resolveUnit(store, opts.unit) : null;
      const created = await createUser(
        store,
        { username, displayName: opts.name, role, unitCode: unit?.code ?? null, password, mustChangePassword: opts.mustChange },
        cliActor(),
      );
      print(`已添加用户 ${created.username}（${created.displayName}，${ROLE_LABEL[role]}${unit ? unitText(unit, opts.unit) : ""}）/ user added`);
      if (!opts.password) printPassword(print, password);
      if (opts.mustChange) print("首次登录时须修改密码 / must change the password at the first sign-in");
    });
  });

  dbOption(
    user
      .command("set")
      .description("修改用户的姓名、角色或所属单位；改了角色或单位时，该用户已登录的会话全部退出")
      .argument("<username>", "用户名")
      .option("--name <显示名>", "新的姓名或显示名")
      .option("--role <role>", `新的角色：${roleList}`)
      .option("--unit <单位>", "单位用户所属的单位（编码、名称或单位表中的别名）"),
  ).action(async (username: string, opts: { name?: string; role?: string; unit?: string; db?: string }) => {
    if (opts.name === undefined && opts.role === undefined && opts.unit === undefined)
      throw new CliError("请用 --name、--role 或 --unit 指明要修改什么 / nothing to change: give --name, --role or --unit");
    await withStore(opts.db, async (store) => {
      const target = await userNamed(store, username);
      const role = opts.role === undefined ? target.role : parseRole(opts.role);
      if (role !== "unit" && opts.unit) throw new CliError(`只有单位用户属于单位：${ROLE_SUBJECT[role]}不用 --unit / --unit is for unit users only`);
      const unit = opts.unit ? await resolveUnit(store, opts.unit) : null;
      if (role === "unit" && !unit && !target.unitCode)
        throw new CliError("单位用户须用 --unit 指明所属单位（编码或名称）/ a unit user needs --unit CODE|NAME");
      const { updateUser } = await services();
      const result = await updateUser(
        store,
        target.id,
        { displayName: opts.name ?? target.displayName, role, unitCode: unit?.code ?? target.unitCode },
        actorUser(),
      );
      if (result.changed.length === 0) {
        print(`${username} 没有变化 / nothing changed`);
        return;
      }
      const now = await userNamed(store, username);
      // the unit as given (by an alias: which unit it is), else the one the user keeps
      const unitNow = now.unitCode ? (unit?.code === now.unitCode ? unit : await resolveUnit(store, now.unitCode)) : null;
      print(
        `已修改 ${username}（${now.displayName}，${ROLE_LABEL[now.role]}${unitNow ? unitText(unitNow, opts.unit) : ""}）` +
          `${result.sessionsEnded > 0 ? `：已登录的 ${result.sessionsEnded} 个会话均已退出` : ""} / user changed`,
      );
    });
  });

  dbOption(
    user
      .command("passwd")
      .description("重置用户的密码（管理员重置：该用户下次登录时须修改密码，已登录的会话全部退出，锁定解除）")
      .argument("<username>", "用户名")
      .option("--password <密码>", "指定新密码（省略则随机生成并只显示一次）"),
  ).action(async (username: string, opts: { password?: string; db?: string }) => {
    await withStore(opts.db, async (store) => {
      const target = await userNamed(store, username);
      const password = opts.password ?? (await newPassword(username));
      const { resetPassword } = await services();
      await resetPassword(store, target.id, password, cliActor());
      print(`已重置 ${username} 的密码：下次登录时须修改密码，已登录的会话均已退出 / password reset; must change it at the next sign-in`);
      if (!opts.password) printPassword(print, password);
    });
  });

  dbOption(user.command("list").description("列出全部用户")).action(async (opts: { db?: string }) => {
    const [{ listUsers }, { table }] = await Promise.all([services(), import("./render.ts")]);
    await withStore(opts.db, async (store) => {
      const users = await listUsers(store);
      if (users.length === 0) {
        print("还没有用户：用 kaohe user add 添加 / no users yet");
        return;
      }
      const units = new Map((await store.prisma.unit.findMany({ select: { code: true, name: true } })).map((u) => [u.code, u.name]));
      const rows = users.map((u) => {
        const status = [u.disabled && "已停用", u.locked && "已锁定", u.mustChangePassword && "待改密码"].filter(Boolean).join("、") || "正常";
        const unit = u.unitCode ? `${units.get(u.unitCode) ?? "?"}（${u.unitCode}）` : "";
        return [u.username, u.displayName, ROLE_LABEL[u.role] ?? u.role, unit, status];
      });
      print(table(["用户名", "姓名", "角色", "单位", "状态"], rows));
    });
  });

  for (const [name, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    dbOption(
      user
        .command(name)
        .description(disabled ? "停用用户：其会话全部结束，不能再登录（可再启用）" : "启用已停用的用户")
        .argument("<username>", "用户名"),
    ).action(async (username: string, opts: { db?: string }) => {
      await withStore(opts.db, async (store) => {
        const target = await userNamed(store, username);
        const { setUserDisabled } = await services();
        await setUserDisabled(store, target.id, disabled, actorUser());
        print(disabled ? `已停用 ${username}：其会话均已结束，不能再登录 / user disabled` : `已启用 ${username} / user enabled`);
      });
    });
  }
}

/**
 * Signing in over HTTP, as a person (or an attacker) would: the cookie, wrong
 * passwords and the lock, a disabled user, an expired session, signing out,
 * a password change ending the other sessions, and each protected route
 * tried as every role and by nobody.
 */
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "@kaohe/db";
import { createUser, DEMO_PASSWORD, DEMO_USERS, publishPeriod, type Role, seedDemo } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddressLimiter } from "../src/auth.ts";
import { createKaoheServer, type KaoheServer } from "../src/server.ts";
import { query, signIn, signInAs } from "./support.ts";

let store: Store;
let server: KaoheServer;
let base: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-auth-"));
  store = await openStore(`file:${join(dir, "k.db")}`);
  await seedDemo(store);
  await publishPeriod(store, "2018-03", { actor: "测试" });
  await createUser(store, { username: "locktest", displayName: "锁定测试", role: "viewer", password: DEMO_PASSWORD }, "测试");
  // without worker threads: what is tried here is the request thread's checks
  server = createKaoheServer({ store, consoleDir: dir, threads: false });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await server.stop();
  await store.close();
});

const attempt = (username: string, password: string, headers: Record<string, string> = { "x-kaohe-csrf": "1" }) =>
  fetch(`${base}/auth/signin`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ username, password }) });

describe("signing in", () => {
  it("sets an httpOnly, SameSite=Strict cookie holding no user data; the database keeps only the token's hash", async () => {
    const res = await attempt("kaohe", DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^kaohe_session=[A-Za-z0-9_-]{40,}; HttpOnly; SameSite=Strict; Path=\//);
    const token = cookie.split(";")[0]?.split("=")[1] as string;
    expect(await store.prisma.session.count({ where: { id: token } })).toBe(0);
    expect(((await res.json()) as { user: { role: string } }).user.role).toBe("admin");
  });

  it("a body over its limit is refused as a procedure's call is: 413, said in the same words (it was a 400)", async () => {
    const res = await attempt("kaohe", "x".repeat(20_000));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { zh: string }).zh).toBe("请求内容过大（最多 10 KB）：登录只需填写用户名和密码，请检查请求");
  });

  it("refuses a sign-in without the CSRF header, and an unknown user exactly as a wrong password", async () => {
    expect((await attempt("kaohe", DEMO_PASSWORD, {})).status).toBe(403);
    const unknown = await attempt("nobody", "Whatever-123");
    const wrong = await attempt("guize", "Whatever-123");
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it("locks an account after three wrong passwords in a row (audited); the right password is refused while locked", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await attempt("locktest", `Wrong-password-${i}`)).status);
    expect(codes).toEqual([401, 401, 429]);
    const locked = await attempt("locktest", DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { zh: string }).zh).toMatch(/已锁定/);
    const actions = (await store.prisma.auditLog.findMany({ where: { actor: "锁定测试（locktest）" }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["auth.signInFailed", "auth.signInFailed", "auth.locked", "auth.signInRefused"]);
  });

  it("refuses a disabled user (saying so only to one who knows the password), and ends their sessions", async () => {
    const editor = await signInAs(base, "editor");
    expect((await editor.trpc("units.list", undefined)).status).toBe(200);
    const admin = await signInAs(base, "sysadmin");
    const id = (await store.prisma.user.findUniqueOrThrow({ where: { username: "guize" } })).id;
    expect((await admin.trpc("users.setDisabled", { id, disabled: true }, "POST")).status).toBe(200);
    expect((await editor.trpc("units.list", undefined)).status).toBe(401);
    const refused = await attempt("guize", DEMO_PASSWORD);
    expect([refused.status, ((await refused.json()) as { zh: string }).zh]).toEqual([403, "该账号已被停用：请联系系统管理员"]);
    // a wrong password learns nothing: the same answer as for a name nobody has
    const [wrong, nobody] = [await attempt("guize", "Not-The-Password-1"), await attempt("no-such-user", "Not-The-Password-1")];
    expect([wrong.status, await wrong.json()]).toEqual([nobody.status, await nobody.json()]);
    await admin.trpc("users.setDisabled", { id, disabled: false }, "POST");
  });
});

describe("sessions", () => {
  it("an expired session is refused: 401 and a Chinese message", async () => {
    const s = await signInAs(base, "viewer");
    await store.prisma.session.updateMany({ where: { user: { username: "lingdao" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await s.trpc("units.list", undefined);
    expect([res.status, res.body.error?.message]).toEqual([401, "请先登录"]);
  });

  it("signing out ends the session on the server, not only in the browser", async () => {
    const s = await signInAs(base, "admin");
    const out = await s.fetch("/auth/signout", { method: "POST" });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^kaohe_session=; .*Max-Age=0/);
    // the old cookie, replayed
    expect((await s.trpc("units.list", undefined)).status).toBe(401);
  });

  it("changing one's password ends one's other sessions and keeps this one", async () => {
    const here = await signInAs(base, "unit");
    const elsewhere = await signInAs(base, "unit");
    const changed = await here.trpc("auth.changePassword", { current: DEMO_PASSWORD, next: "Liaison-New-2018" }, "POST");
    expect(changed.status).toBe(200);
    expect((await here.trpc("auth.me", undefined)).status).toBe(200);
    expect((await elsewhere.trpc("units.list", undefined)).status).toBe(401);
    await signIn(base, "tangshan", "Liaison-New-2018");
  });
});

describe("a password reset by an administrator", () => {
  it("must be changed before anything else: other calls and routes are refused until it is (the inbox too)", async () => {
    const admin = await signInAs(base, "sysadmin");
    const id = (await store.prisma.user.findUniqueOrThrow({ where: { username: "kaohe" } })).id;
    expect((await admin.trpc("users.resetPassword", { id, password: "Reset-By-Admin-1" }, "POST")).status).toBe(200);
    const user = await signIn(base, "kaohe", "Reset-By-Admin-1");
    const me = await user.trpc("auth.me", undefined);
    expect((me.body.result?.data as { mustChangePassword: boolean } | undefined)?.mustChangePassword).toBe(true);
    const refused = await user.trpc("scores.month", { month: "2018-03" });
    expect([refused.status, refused.body.error?.message]).toEqual([403, "请先修改密码：当前密码是初始密码或由管理员设置，修改后才能继续使用"]);
    expect((await user.fetch("/export/month/2018-03.xlsx")).status).toBe(403);
    // what any signed-in user may ask is refused too: the bell's inbox, the units, the center's name, the months open
    for (const path of ["inbox.summary", "units.list", "settings.get", "cycle.list"]) {
      const r = await user.trpc(path, undefined);
      expect([path, r.status, r.body.error?.message]).toEqual([path, 403, "请先修改密码：当前密码是初始密码或由管理员设置，修改后才能继续使用"]);
    }
    expect((await user.trpc("auth.changePassword", { current: "Reset-By-Admin-1", next: DEMO_PASSWORD.replace("2017", "2019") }, "POST")).status).toBe(200);
    expect((await (await signIn(base, "kaohe", DEMO_PASSWORD.replace("2017", "2019"))).trpc("scores.month", { month: "2018-03" })).status).toBe(200);
  });
});

describe("the audit log names each user one way", () => {
  it("a wrong password, a sign-in, a refusal, a change and a sign-out of one user: every entry 显示名（登录名）", async () => {
    await createUser(store, { username: "namecheck", displayName: "名称测试", role: "editor", password: DEMO_PASSWORD }, "测试");
    expect((await attempt("namecheck", "Wrong-password-1")).status).toBe(401);
    const s = await signIn(base, "namecheck", DEMO_PASSWORD);
    // a policy editor may not list the users (refused, audited after the answer)
    expect((await s.trpc("users.list", undefined)).status).toBe(403);
    expect((await s.trpc("rubrics.createDraft", { text: 'rubric "名称测试" version "n1"\nin force from 2031-01\n' }, "POST")).status).toBe(200);
    expect((await s.fetch("/auth/signout", { method: "POST" })).status).toBe(204);
    const entries = () => store.prisma.auditLog.findMany({ where: { actor: { contains: "namecheck" } }, orderBy: { id: "asc" } });
    await expect.poll(async () => (await entries()).map((e) => e.action), { timeout: 10_000 }).toContain("access.denied");
    expect((await entries()).map((e) => [e.action, e.actor]).sort()).toEqual(
      [
        ["auth.signInFailed", "名称测试（namecheck）"],
        ["auth.signIn", "名称测试（namecheck）"],
        ["access.denied", "名称测试（namecheck）"],
        ["rubric.create", "名称测试（namecheck）"],
        ["auth.signOut", "名称测试（namecheck）"],
      ].sort(),
    );
  });

  it("entries written before by the user name alone read 显示名（登录名） too, on the page and in the CSV, and are found by the display name", async () => {
    const user = await createUser(store, { username: "oldnames", displayName: "旧记录测试", role: "viewer", password: DEMO_PASSWORD }, "测试");
    // as sign-ins and a password change were written before, and a failed sign-in under a name no account has
    for (const action of ["auth.signIn", "user.changePassword"]) {
      await store.prisma.auditLog.create({ data: { actor: "oldnames", action, entity: "users", entityId: String(user.id), detail: {} } });
    }
    await store.prisma.auditLog.create({
      data: { actor: "oldnames-typo", action: "auth.signInFailed", entity: "users", entityId: "", detail: { reason: "unknown user" } },
    });
    const viewer = await signInAs(base, "viewer");
    const { rows } = await query<{ rows: { action: string; actor: string }[] }>(viewer, "audit.list", { user: "旧记录测试" });
    expect(rows.map((r) => [r.action, r.actor])).toEqual([
      ["user.changePassword", "旧记录测试（oldnames）"],
      ["auth.signIn", "旧记录测试（oldnames）"],
    ]);
    const csv = await (await viewer.fetch(`/export/audit.csv?user=${encodeURIComponent("oldnames")}`)).text();
    const actors = csv
      .split("\r\n")
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(",")[1]);
    expect(actors).toEqual(['"旧记录测试（oldnames）"', '"旧记录测试（oldnames）"', '"oldnames-typo"']);
  });
});

describe("the routes, as every role", () => {
  const roles = [...new Set(DEMO_USERS.map((u) => u.role))] as Role[];
  const cases: [string, (fetcher: (path: string, init?: RequestInit) => Promise<Response>) => Promise<Response>, Role[]][] = [
    ["the month's report", (f) => f("/export/month/2018-03.xlsx"), ["sysadmin", "admin", "editor", "viewer"]],
    ["the audit log as CSV", (f) => f("/export/audit.csv"), ["sysadmin", "viewer"]],
    ["the month's bulletin as Word", (f) => f("/export/bulletin/2018-03.docx"), ["sysadmin", "admin", "editor", "viewer"]],
    ["the month's bulletin as PDF", (f) => f("/export/bulletin/2018-03.pdf"), ["sysadmin", "admin", "editor", "viewer"]],
    ["the year's table", (f) => f("/export/year/2017.xlsx"), ["sysadmin", "admin", "editor", "viewer"]],
    // the year's bulletin: the same roles as the month's, who read every unit's ranking (a unit user reads only its own)
    ["the year's bulletin as Word", (f) => f("/export/bulletin/2017.docx"), ["sysadmin", "admin", "editor", "viewer"]],
    ["the year's bulletin as PDF", (f) => f("/export/bulletin/2017.pdf"), ["sysadmin", "admin", "editor", "viewer"]],
    // a unit user: their own unit (唐山镇), the month being published
    [
      "the records behind a number",
      (f) => f(`/export/drilldown.xlsx?period=2018-03&unit=HTZ01&measure=${encodeURIComponent("工单数")}`),
      ["sysadmin", "admin", "editor", "unit", "viewer"],
    ],
    [
      "an upload",
      (f) => f("/upload", { method: "PUT", headers: { "x-file-name": encodeURIComponent("orders.csv") }, body: "工单编号,承办单位,来源,受理时间,办理时限\n" }),
      ["sysadmin", "admin"],
    ],
  ];
  for (const [what, call, allowed] of cases) {
    it(`${what}: ${allowed.join(", ")} only`, async () => {
      const outcome: Record<string, number> = {};
      for (const role of roles) {
        const session =
          role === "unit"
            ? await signIn(base, "tangshan", "Liaison-New-2018")
            : role === "admin"
              ? await signIn(base, "kaohe", DEMO_PASSWORD.replace("2017", "2019"))
              : await signInAs(base, role);
        outcome[role] = (await call(session.fetch)).status;
      }
      outcome.anonymous = (
        await call((path, init) => fetch(`${base}${path}`, { ...init, headers: { "x-kaohe-csrf": "1", ...(init?.headers as object) } }))
      ).status;
      for (const role of roles) expect([role, outcome[role]]).toEqual([role, allowed.includes(role) ? expect.any(Number) : 403]);
      for (const role of allowed) expect(outcome[role], role).toBeLessThan(300);
      expect(outcome.anonymous).toBe(401);
    });
  }

  it("the audit CSV opens in Excel as Chinese and cannot carry a formula", async () => {
    await store.prisma.auditLog.create({ data: { actor: '=HYPERLINK("http://x")', action: "test", entity: "x", entityId: "1", detail: {} } });
    const res = await (await signInAs(base, "viewer")).fetch("/export/audit.csv");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="audit-log.csv"; filename*=UTF-8''${encodeURIComponent("审计日志.csv")}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    // the UTF-8 byte order mark: Excel then reads the file as UTF-8
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text).toContain("时间（北京时间）");
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it("a day, month or year outside 1990–2100 is refused in Chinese (400) by every route, not a 500 or a download cut off", async () => {
    const viewer = await signInAs(base, "viewer");
    const refused = async (path: string) => {
      const res = await viewer.fetch(path);
      return [res.status, ((await res.json()) as { zh: string }).zh];
    };
    expect(await refused("/export/audit.csv?from=0000-01-01")).toEqual([
      400,
      "筛选条件有误：起始日期：日期应在 1990 年至 2100 年之间，而不是“0000-01-01”：请检查年份",
    ]);
    expect(await refused("/export/month/0000-01.xlsx")).toEqual([400, "月份应在 1990 年至 2100 年之间，而不是“0000-01”：请检查年份"]);
    expect((await refused("/export/bulletin/9999-12.pdf"))[0]).toBe(400);
    expect((await refused("/export/year/0000.xlsx"))[0]).toBe(400);
    expect((await refused("/export/drilldown.xlsx?period=0000-01&unit=HTZ01&measure=x"))[0]).toBe(400);
    const list = await viewer.trpc("audit.list", { from: "0000-01-01" });
    expect([list.status, list.body.error?.message]).toEqual([400, "输入有误：起始日期：日期应在 1990 年至 2100 年之间，而不是“0000-01-01”：请检查年份"]);
    expect((await viewer.trpc("scores.month", { month: "0000-01" })).status).toBe(400);
    expect((await viewer.trpc("scores.unitDetail", { period: "9999", unitCode: "HTZ01" })).status).toBe(400);
  });

  it("an audit filter that does not fit is said as audit.list says it: the field named, a text's length not called 数值, two days the wrong way round", async () => {
    const viewer = await signInAs(base, "viewer");
    const refused = async (path: string) => {
      const res = await viewer.fetch(path);
      return [res.status, ((await res.json()) as { zh: string }).zh];
    };
    // it said 筛选条件有误：数值过大：期望 string <=80 字符, naming no field
    expect(await refused(`/export/audit.csv?user=${"x".repeat(200)}`)).toEqual([400, "筛选条件有误：操作人：过长，最多 80 个字"]);
    const list = await viewer.trpc("audit.list", { user: "x".repeat(200) });
    expect([list.status, list.body.error?.message]).toEqual([400, "输入有误：操作人：过长，最多 80 个字"]);
    // it answered an empty log
    const backwards = "起始日期（2019-01-01）晚于截止日期（2018-01-01）：请检查筛选的日期";
    expect(await refused("/export/audit.csv?from=2019-01-01&to=2018-01-01")).toEqual([400, `筛选条件有误：${backwards}`]);
    const listed = await viewer.trpc("audit.list", { from: "2019-01-01", to: "2018-01-01" });
    expect([listed.status, listed.body.error?.message]).toEqual([400, `输入有误：${backwards}`]);
  });

  it("the audit CSV says what was done in Chinese, times in Beijing time, the codes and raw detail kept at the end", async () => {
    const detail = { period: "2018-11", objectionDeadline: "2026-12-10T15:59:59.999Z", reason: null, confirmEmpty: false };
    await store.prisma.auditLog.create({ data: { actor: "考核办", action: "cycle.preview", entity: "assessment_cycles", entityId: "2018-11", detail } });
    await store.prisma.auditLog.create({
      data: { actor: "系统管理员", action: "user.create", entity: "users", entityId: "99", detail: { username: "lingdao2", role: "viewer" } },
    });
    const text = await (await (await signInAs(base, "viewer")).fetch("/export/audit.csv")).text();
    // a role by its Chinese name
    expect(text.split("\r\n").find((l) => l.includes("lingdao2"))).toContain('"新建用户","用户","99","用户名：lingdao2，角色：只读"');
    const line = text.split("\r\n").find((l) => l.includes('"cycle.preview"'));
    expect(text.split("\r\n")[0]).toBe('"时间（北京时间）","操作人","操作","对象","对象编号","详情","地址","操作代码","详情（原始）"');
    expect(line).toMatch(
      /^"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}","考核办","向单位开放预览","考核周期 2018年11月","2018-11","考核期：2018-11，异议截止：2026-12-10 23:59，原因：—，确认无工单：否","","cycle.preview","\{/,
    );
  });
});

describe("guessing in parallel", () => {
  it("a burst of sign-ins sent at once from one address is bounded as a sequence is: ten failures in all, however sent", async () => {
    // a server of its own: its address limiter starts empty
    const own = createKaoheServer({ store, consoleDir: mkdtempSync(join(tmpdir(), "kaohe-burst-")), threads: false });
    await new Promise<void>((ok) => own.listen(0, "127.0.0.1", ok));
    const at = `http://127.0.0.1:${(own.address() as AddressInfo).port}/auth/signin`;
    const guess = (i: number) =>
      fetch(at, {
        method: "POST",
        headers: { "content-type": "application/json", "x-kaohe-csrf": "1" },
        body: JSON.stringify({ username: `sprayed${i}`, password: `Guess-${i}-Password` }),
      }).then(async (r) => `${r.status} ${((await r.json()) as { zh: string }).zh}`);
    const refusals = ["429 该地址同时发出的登录请求过多：请等上一次登录完成后再试", "429 该地址登录失败次数过多：请 10 分钟后再试"];
    try {
      const before = (await store.prisma.auditLog.aggregate({ _max: { id: true } }))._max.id ?? 0;
      // thirty guesses at thirty names at once: each one checked would have been a guess the limit never saw
      const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => guess(i)));
      const checked = burst.filter((b) => b === "401 用户名或密码不正确").length;
      expect(checked).toBeGreaterThan(0);
      expect(burst.filter((b) => refusals.includes(b)).length).toBe(30 - checked);
      // one at a time the address goes on until its tenth failure in all, then waits
      const after: string[] = [];
      for (let i = 30; i < 45; i++) after.push(await guess(i));
      expect(checked + after.filter((a) => a.startsWith("401")).length).toBe(10);
      expect(after.at(-1)).toBe(refusals[1]);
      const audited = await store.prisma.auditLog.findMany({ where: { actor: "（不存在的用户名）", action: "auth.signInFailed" } });
      expect(audited.filter((a) => /^s\*{7,8}（[89] 个字符）$/.test((a.detail as { typed?: string }).typed ?? "")).length).toBe(10);
      // the address's refusals audited once a burst, not once a request (they were not at all)
      const parallel = burst.filter((b) => b === refusals[0]).length;
      expect(parallel + after.filter((a) => a === refusals[1]).length).toBeGreaterThan(2);
      const refused = await store.prisma.auditLog.findMany({ where: { id: { gt: before }, action: "auth.signInRefused" }, orderBy: { id: "asc" } });
      expect(refused.map((r) => [r.actor, (r.detail as { reason: string }).reason, r.address])).toEqual([
        ...(parallel > 0 ? [["（未登录）", "addressParallel", "127.0.0.1"]] : []),
        ["（未登录）", "addressFailures", "127.0.0.1"],
      ]);
    } finally {
      await own.stop();
    }
  });
});

describe("the places of one address", () => {
  it("a fifth sign-in waits for a place; the 33rd waiting is told the queue is full; one whose client went away gives its turn on", async () => {
    const limiter = new AddressLimiter();
    const at = "10.1.2.3";
    for (let i = 0; i < 4; i++) expect(limiter.admit(at)).toBeNull();
    expect(limiter.admit(at)).toBe("parallel");
    const left = new AbortController();
    const leaving = limiter.place(at, 5_000, left.signal);
    const waiting = Array.from({ length: 31 }, () => limiter.place(at, 5_000));
    // 32 wait: the next is refused at once, not after 20 s (it was told "已等待 20 秒")
    expect(await limiter.place(at, 5_000)).toBe("full");
    // the first waiting closes its tab: out of the queue, no session to be made for nobody
    left.abort();
    expect(await leaving).toBe("gone");
    // a place comes free: it goes to the next still waiting
    limiter.done(at);
    expect(await waiting[0]).toBe("granted");
    // and one that waits past its time is told so
    const late = new AddressLimiter();
    for (let i = 0; i < 4; i++) late.admit(at);
    expect(await late.place(at, 10)).toBe("timeout");
    for (let i = 1; i < 31; i++) limiter.done(at);
    expect(await Promise.all(waiting)).toEqual(Array.from({ length: 31 }, () => "granted"));
  });
});

describe("an office signing in at once", () => {
  it("ten colleagues behind one address all get in: those beyond the four places wait their turn, not refused", async () => {
    for (let i = 0; i < 10; i++) {
      await createUser(store, { username: `office${i}`, displayName: `同一地址的同事${i}`, role: "viewer", password: DEMO_PASSWORD }, "测试");
    }
    // a server of its own: its address limiter starts empty
    const own = createKaoheServer({ store, consoleDir: mkdtempSync(join(tmpdir(), "kaohe-office-")), threads: false });
    await new Promise<void>((ok) => own.listen(0, "127.0.0.1", ok));
    const at = `http://127.0.0.1:${(own.address() as AddressInfo).port}/auth/signin`;
    try {
      // 08:30: ten people of one town's office (one NAT address) sign in within the same moment; 2 to 5 of them were told
      // "该地址同时发出的登录请求过多：请等上一次登录完成后再试" (a walk)
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fetch(at, {
            method: "POST",
            headers: { "content-type": "application/json", "x-kaohe-csrf": "1" },
            body: JSON.stringify({ username: `office${i}`, password: DEMO_PASSWORD }),
          }).then((r) => r.status),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 10 }, () => 200));
    } finally {
      await own.stop();
    }
  });
});

describe("a sign-in's body held back", () => {
  it("holds a connection, not one of the address's four sign-ins: the office signs in beside it, and it is answered 408 in its time", async () => {
    await createUser(store, { username: "office", displayName: "同一地址的同事", role: "viewer", password: DEMO_PASSWORD }, "测试");
    // the body's time shortened from the users' 10 s to 6 s: what is tried is that the held requests are answered 408
    // once it is up, and that the office got in while they were still held (asserted below), not the length itself
    const own = createKaoheServer({ store, consoleDir: mkdtempSync(join(tmpdir(), "kaohe-held-")), threads: false, signInBodyMs: 6_000 });
    await new Promise<void>((ok) => own.listen(0, "127.0.0.1", ok));
    const port = (own.address() as AddressInfo).port;
    const { connect } = await import("node:net");
    // four sign-ins whose headers say 60 bytes and whose body sends one (a security review: they held every sign-in of
    // the address for five minutes)
    let closedSoFar = 0;
    const held = Array.from({ length: 4 }, () => {
      const socket = connect(port, "127.0.0.1");
      let answer = "";
      socket.on("data", (d) => {
        answer += d.toString("utf8");
      });
      const closed = new Promise<string>((ok) =>
        socket.on("close", () => {
          closedSoFar++;
          ok(answer);
        }),
      );
      socket.write(`POST /auth/signin HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\nx-kaohe-csrf: 1\r\ncontent-length: 60\r\n\r\n{`);
      return closed;
    });
    try {
      await new Promise((ok) => setTimeout(ok, 300));
      const res = await fetch(`http://127.0.0.1:${port}/auth/signin`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-kaohe-csrf": "1" },
        body: JSON.stringify({ username: "office", password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(200);
      // the office signed in while the four were still held: not let in because their time was up and they were gone
      expect(closedSoFar).toBe(0);
      const answers = await Promise.all(held);
      for (const a of answers) {
        expect(a).toMatch(/^HTTP\/1\.1 408 /);
        expect(a).toContain("请求发送超时");
      }
    } finally {
      await own.stop();
    }
  }, 30_000);
});

describe("one address, many people (an intranet behind one NAT)", () => {
  it("one account tried over and over, locked, does not shut the address: another user signs in; ten different names do", async () => {
    await createUser(store, { username: "hammered", displayName: "反复输错", role: "viewer", password: DEMO_PASSWORD }, "测试");
    await createUser(store, { username: "colleague", displayName: "同一出口的同事", role: "viewer", password: DEMO_PASSWORD }, "测试");
    const own = createKaoheServer({ store, consoleDir: mkdtempSync(join(tmpdir(), "kaohe-nat-")), threads: false });
    await new Promise<void>((ok) => own.listen(0, "127.0.0.1", ok));
    const at = `http://127.0.0.1:${(own.address() as AddressInfo).port}/auth/signin`;
    const attempt = (username: string, password: string) =>
      fetch(at, {
        method: "POST",
        headers: { "content-type": "application/json", "x-kaohe-csrf": "1" },
        body: JSON.stringify({ username, password }),
      }).then((r) => r.status);
    try {
      // fifteen wrong passwords for one account: it locks at the third, and the rest meet the lock
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) statuses.push(await attempt("hammered", `Wrong-${i}-Password`));
      expect(statuses.slice(0, 2)).toEqual([401, 401]);
      expect(statuses.at(-1)).toBe(429);
      // the colleague behind the same address, with the right password
      expect(await attempt("colleague", DEMO_PASSWORD)).toBe(200);
      // guessing across names is what the address limit stops: nine more names fail, and the address waits
      for (let i = 0; i < 9; i++) expect(await attempt(`sprayed-nat-${i}`, "Guess-Password-1")).toBe(401);
      expect(await attempt("colleague", DEMO_PASSWORD)).toBe(429);
    } finally {
      await own.stop();
    }
  });
});

describe("behind a reverse proxy", () => {
  /** A server of its own that trusts the proxy at 127.0.0.1 (as `KAOHE_TRUSTED_PROXIES=127.0.0.1` starts it), or no one. */
  async function serverTrusting(trustedProxies: string[]) {
    const own = createKaoheServer({ store, consoleDir: mkdtempSync(join(tmpdir(), "kaohe-proxy-")), threads: false, trustedProxies });
    await new Promise<void>((ok) => own.listen(0, "127.0.0.1", ok));
    const at = `http://127.0.0.1:${(own.address() as AddressInfo).port}/auth/signin`;
    const signInFrom = (forwardedFor: string, username: string, password: string) =>
      fetch(at, {
        method: "POST",
        headers: { "content-type": "application/json", "x-kaohe-csrf": "1", "x-forwarded-for": forwardedFor },
        body: JSON.stringify({ username, password }),
      }).then((r) => r.status);
    return { own, signInFrom };
  }

  it("three wrong passwords from one client lock that client, not every client the proxy serves; the audit names the client", async () => {
    await createUser(store, { username: "proxied", displayName: "代理测试", role: "viewer", password: DEMO_PASSWORD }, "测试");
    const { own, signInFrom } = await serverTrusting(["127.0.0.1"]);
    try {
      const wrong: number[] = [];
      // what the client wrote into the header itself (the left entry) is not believed: the proxy's last entry is
      for (let i = 0; i < 3; i++) wrong.push(await signInFrom(`203.0.113.9, 10.20.0.7`, "proxied", `Wrong-password-${i}`));
      expect(wrong).toEqual([401, 401, 429]);
      expect(await signInFrom("10.20.0.7", "proxied", DEMO_PASSWORD)).toBe(429);
      // the account's own user, at another computer behind the same proxy, signs in
      expect(await signInFrom("10.20.0.8", "proxied", DEMO_PASSWORD)).toBe(200);
      const failed = await store.prisma.auditLog.findMany({ where: { actor: "代理测试（proxied）", action: "auth.signInFailed" } });
      expect(failed.map((a) => a.address)).toEqual(["10.20.0.7", "10.20.0.7"]);
      const lock = await store.prisma.signInLock.findFirst({ where: { user: { username: "proxied" } } });
      expect(lock?.address).toBe("10.20.0.7");
    } finally {
      await own.stop();
    }
  });

  it("the session cookie is Secure when the trusted proxy says the browser came over HTTPS, and only then", async () => {
    const cookieFrom = async (trusted: string[], proto: string | null) => {
      const { own } = await serverTrusting(trusted);
      try {
        const res = await fetch(`http://127.0.0.1:${(own.address() as AddressInfo).port}/auth/signin`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-kaohe-csrf": "1", ...(proto ? { "x-forwarded-proto": proto } : {}) },
          body: JSON.stringify({ username: "lingdao", password: DEMO_PASSWORD }),
        });
        expect(res.status).toBe(200);
        return / Secure(;|$)/.test(res.headers.get("set-cookie") ?? "");
      } finally {
        await own.stop();
      }
    };
    // nginx in front, terminating TLS; a client that writes the header itself is not believed; plain HTTP is not Secure
    expect(await cookieFrom(["127.0.0.1"], "https")).toBe(true);
    expect(await cookieFrom([], "https")).toBe(false);
    expect(await cookieFrom(["127.0.0.1"], "http")).toBe(false);
    expect(await cookieFrom(["127.0.0.1"], null)).toBe(false);
  });

  it("a guesser cannot tell a real user name from one nobody has, nor from a disabled account's: all lock alike", async () => {
    await createUser(store, { username: "realname", displayName: "真实账号", role: "viewer", password: DEMO_PASSWORD }, "测试");
    const off = await createUser(store, { username: "offname", displayName: "停用账号", role: "viewer", password: DEMO_PASSWORD }, "测试");
    await store.prisma.user.update({ where: { id: off.id }, data: { disabledAt: new Date() } });
    const { own } = await serverTrusting(["127.0.0.1"]);
    const at = `http://127.0.0.1:${(own.address() as AddressInfo).port}/auth/signin`;
    // each name guessed from its own client, so that the address's own limit (ten failures) is not what answers
    const answers = async (username: string, client: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await fetch(at, {
          method: "POST",
          headers: { "content-type": "application/json", "x-kaohe-csrf": "1", "x-forwarded-for": client },
          body: JSON.stringify({ username, password: `Guess-${i}-Password` }),
        });
        // the lock's message names the minute it ends; the same for all, but the minute may turn between guesses
        seen.push(`${r.status} ${((await r.json()) as { zh: string }).zh.replace(/\d{2}:\d{2}/, "HH:MM")}`);
      }
      return seen;
    };
    try {
      const real = await answers("realname", "10.40.0.1");
      expect(real.map((a) => a.slice(0, 3))).toEqual(["401", "401", "429", "429"]);
      expect(await answers("nobody-at-all", "10.40.0.2")).toEqual(real);
      expect(await answers("offname", "10.40.0.3")).toEqual(real);
      // the disabled account, still locked from there, says nothing even to its password
      const right = await fetch(at, {
        method: "POST",
        headers: { "content-type": "application/json", "x-kaohe-csrf": "1", "x-forwarded-for": "10.40.0.3" },
        body: JSON.stringify({ username: "offname", password: DEMO_PASSWORD }),
      });
      expect(right.status).toBe(429);
    } finally {
      await own.stop();
    }
  });

  it("a name no account has is not written into the audit log as typed: it may be a password typed into the wrong field", async () => {
    const { own, signInFrom } = await serverTrusting(["127.0.0.1"]);
    try {
      expect(await signInFrom("10.50.0.1", "Mima-Secret-2018", "Mima-Secret-2018")).toBe(401);
      const entry = await store.prisma.auditLog.findFirstOrThrow({ where: { action: "auth.signInFailed", address: "10.50.0.1" } });
      expect(JSON.stringify(entry)).not.toContain("Secret");
      expect([entry.actor, entry.detail]).toEqual(["（不存在的用户名）", { reason: "unknown user", typed: "M***************（16 个字符）" }]);
    } finally {
      await own.stop();
    }
  });

  it("without a trusted proxy the header is the client's own word and changes nothing: a guesser cannot name a new address each time", async () => {
    await createUser(store, { username: "spoofed", displayName: "伪造测试", role: "viewer", password: DEMO_PASSWORD }, "测试");
    const { own, signInFrom } = await serverTrusting([]);
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push(await signInFrom(`10.30.0.${i + 1}`, "spoofed", `Wrong-password-${i}`));
      expect(codes).toEqual([401, 401, 429]);
      const failed = await store.prisma.auditLog.findMany({ where: { actor: "伪造测试（spoofed）", action: "auth.signInFailed" } });
      expect(failed.map((a) => a.address)).toEqual(["127.0.0.1", "127.0.0.1"]);
    } finally {
      await own.stop();
    }
  });
});

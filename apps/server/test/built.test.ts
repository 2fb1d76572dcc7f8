/**
 * The built server, as `npm start` runs it: apps/server/dist/main.mjs under plain node (no TypeScript
 * loader), its worker threads started from the bundled worker.mjs. It seeds a new SQLite database, prints
 * its URL, serves the console, signs in (the writer thread), scores a month (a reader thread) and stops on
 * SIGINT. A build that fails, or a bundle that does not start, fails here. (The other tests run the sources.)
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { hostname, networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "@kaohe/db";
import { afterAll, expect, test } from "vitest";
import { buildServerBundle, rawExchange, rawGet, signIn, signInAs, startBuiltServer, stopServer } from "./support.ts";

const root = new URL("../../../", import.meta.url).pathname;
let proc: ChildProcess | null = null;

afterAll(() => {
  proc?.kill("SIGKILL");
});

/** GET `path` of a server naming `host` in the Host header (as a browser does for the name it was given): the status and body. */
async function getAs(base: string, host: string, path = "/healthz"): Promise<{ status: number; body: string }> {
  const { status, body } = await rawGet(`${base}${path}`, { host });
  return { status, body: body.toString("utf8") };
}

/** The built server of this checkout with `env`; its process kept to be killed should the test fail. */
async function startBuilt(env: Record<string, string>) {
  const started = await startBuiltServer(root, env);
  proc = started.child;
  return { ...started, output: () => started.log.join("") };
}

/** Stop a started server as Ctrl+C does; its exit code. */
async function interrupt(child: ChildProcess): Promise<number | null> {
  const code = await stopServer(child);
  proc = null;
  return code;
}

test("npm start's server from the bundle: seeds, listens, scores in a worker thread, stops on SIGINT", async () => {
  const build = buildServerBundle(root);
  expect(build.status, build.stderr).toBe(0);

  const dir = mkdtempSync(join(tmpdir(), "kaohe-built-server-"));
  const { base, output, child } = await startBuilt({ DATABASE_URL: `file:${join(dir, "kaohe.db")}` });
  // the console's files found from the bundle as from the sources (503 "not built yet" when there are none)
  expect((await fetch(`${base}/`)).status).toBe(existsSync(join(root, "apps/console/dist/index.html")) ? 200 : 503);
  const admin = await signInAs(base, "admin");
  const month = await admin.trpc("scores.month", { month: "2018-10" });
  expect(month.status).toBe(200);
  expect(JSON.stringify(month.body.result?.data)).toContain("唐山镇");
  expect(output()).not.toMatch(/线程出错|thread failed|Error|警告/);
  // its output a pipe (a service's log), the demo's progress is a line a quarter, not a line rewritten with \r
  expect(output().match(/写入演示数据 \d+%/g)).toEqual(["写入演示数据 0%", "写入演示数据 25%", "写入演示数据 50%", "写入演示数据 75%", "写入演示数据 100%"]);
  expect(output()).not.toContain("\r");
  // listening on this computer alone, it answers only to this computer's names: a page of another site whose name was
  // pointed at 127.0.0.1 (DNS rebinding) gets nothing, and is told why
  const port = new URL(base).port;
  expect((await getAs(base, `localhost:${port}`)).status).toBe(200);
  expect((await getAs(base, `127.0.0.1:${port}`)).status).toBe(200);
  const rebound = await getAs(base, `rebind.example:${port}`, "/trpc/scores.month?input=%7B%7D");
  expect(rebound.status).toBe(421);
  expect(JSON.parse(rebound.body).zh).toContain("本服务器不以“rebind.example:");
  expect(await interrupt(child)).toBe(0);

  // the same store served to the network: the demo users' published password is warned of, by name
  const exposed = await startBuilt({ DATABASE_URL: `file:${join(dir, "kaohe.db")}`, HOST: "0.0.0.0" });
  expect(exposed.output()).toContain("演示账号 xitong、kaohe、guize、tangshan、lingdao 仍使用 README 中公开的演示密码");
  // without KAOHE_ALLOWED_HOSTS it answers to this computer's addresses and host name, not to any name (it did: a
  // page of another site could have its name point here and read the console through a colleague's browser)
  const exposedPort = new URL(exposed.base).port;
  const address = Object.values(networkInterfaces())
    .flatMap((a) => a ?? [])
    .find((a) => a.family === "IPv4" && !a.internal)?.address;
  for (const [name, status] of [
    [`${hostname()}:${exposedPort}`, 200],
    ...(address ? [[`${address}:${exposedPort}`, 200] as const] : []),
    [`rebind.example:${exposedPort}`, 421],
  ] as const) {
    expect([name, (await getAs(exposed.base, name)).status]).toEqual([name, status]);
  }
  expect(exposed.output()).toContain("以域名访问时，请设置 KAOHE_ALLOWED_HOSTS=域名");
  expect(await interrupt(exposed.child)).toBe(0);
});

test("KAOHE_DEMO=0: a store for real use, without the demo's data or users; its 系统管理员's password is printed once", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-built-server-"));
  const { base, output, child } = await startBuilt({ DATABASE_URL: `file:${join(dir, "kaohe.db")}`, KAOHE_DEMO: "0", HOST: "0.0.0.0" });
  const printed = /用户名 \/ user name: (\S+)\n\s+密码 \/ password:\s+(\S+)/.exec(output());
  expect(printed, output()).not.toBeNull();
  // the README's demo password opens nothing; the printed one signs in (and must be changed first)
  await expect(signInAs(base, "sysadmin")).rejects.toThrow(/sign-in as xitong failed: 401/);
  const first = await signIn(base, printed?.[1] as string, printed?.[2] as string);
  expect(first.cookie).toMatch(/=/);
  expect(output()).not.toContain("写入演示数据");
  expect(output()).not.toContain("警告");
  // the shipped rubrics are drafts: another county's data is not scored by Huantai's method until it publishes its own
  expect(output()).toContain("随附的规则（桓台县 2017 年办法及几份示例）已作为草稿载入，尚未施行");
  const store = await openStore(`file:${join(dir, "kaohe.db")}`);
  expect(await store.prisma.rubricVersion.count({ where: { status: { not: "draft" } } })).toBe(0);
  expect(await store.prisma.rubricVersion.count()).toBeGreaterThan(0);
  await store.close();
  expect(await interrupt(child)).toBe(0);
});

test("KAOHE_ALLOWED_HOSTS: the console answers to the names given, the address it listens on and this computer's own names, no other", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-built-server-"));
  const served = await startBuilt({
    DATABASE_URL: `file:${join(dir, "kaohe.db")}`,
    KAOHE_DEMO: "0",
    HOST: "127.0.0.2",
    KAOHE_ALLOWED_HOSTS: "kaohe.county.example, 10.1.2.3",
  });
  const { base, child } = served;
  const port = new URL(base).port;
  const statuses = [];
  for (const host of [
    "KAOHE.County.Example",
    `kaohe.county.example:${port}`,
    `10.1.2.3:${port}`,
    `127.0.0.2:${port}`,
    `localhost:${port}`,
    "evil.example",
    `kaohe.county.example.evil.example:${port}`,
  ]) {
    statuses.push([host, (await getAs(base, host)).status]);
  }
  expect(statuses).toEqual([
    ["KAOHE.County.Example", 200],
    [`kaohe.county.example:${port}`, 200],
    [`10.1.2.3:${port}`, 200],
    [`127.0.0.2:${port}`, 200],
    [`localhost:${port}`, 200],
    ["evil.example", 421],
    [`kaohe.county.example.evil.example:${port}`, 421],
  ]);
  // a page opened by a refused name is told in a page, in Chinese, with the name escaped
  const refused = await rawGet(`${base}/`, { host: "<b>x</b>", accept: "text/html", "sec-fetch-mode": "navigate" });
  const page = `${refused.status} ${refused.body.toString("utf8")}`;
  expect(page).toMatch(/^421 /);
  expect(page).toContain("&lt;b&gt;x&lt;/b&gt;");
  // an HTTP/1.0 request names no host: said so (it read 不以“”这个名称)
  const nameless = await rawExchange(Number(port), "GET /healthz HTTP/1.0\r\n\r\n", "127.0.0.2");
  expect(nameless).toMatch(/^HTTP\/1\.1 421 /);
  expect(nameless).toContain("请求没有写明服务器名称（Host）");
  expect(await interrupt(child)).toBe(0);
});

test("a database it cannot open stops the start with exit code 1 and says why in a line, not the driver's report", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-built-server-"));
  const notADatabase = join(dir, "not-a-database.db");
  writeFileSync(notADatabase, "这不是数据库\n");
  const cases: [string, RegExp][] = [
    // nothing listens on port 1 (a privileged port no service here uses)
    ["postgresql://postgres@127.0.0.1:1/kaohe", /^kaohe 未能启动：无法连接数据库服务器 127\.0\.0\.1:1：请确认 PostgreSQL 已启动/],
    [`file:${notADatabase}`, /^kaohe 未能启动：.*not-a-database\.db 不是 SQLite 数据库文件/],
  ];
  for (const [url, said] of cases) {
    const r = spawnSync(process.execPath, [join(root, "apps/server/dist/main.mjs")], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect([url, r.status]).toEqual([url, 1]);
    expect(r.stderr).toMatch(said);
    // a line in each language, no stack, none of the client's source
    expect(r.stderr.trim().split("\n")).toHaveLength(2);
  }
});

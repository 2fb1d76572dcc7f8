/**
 * The built server, as `npm start` runs it: apps/server/dist/main.mjs under plain node (no TypeScript
 * loader), its worker threads started from the bundled worker.mjs. It seeds a new SQLite database, prints
 * its URL, serves the console, signs in (the writer thread), scores a month (a reader thread) and stops on
 * SIGINT. A build that fails, or a bundle that does not start, fails here. (The other tests run the sources.)
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { signInAs } from "./support.ts";

const root = new URL("../../../", import.meta.url).pathname;
let proc: ChildProcess | null = null;

afterAll(() => {
  proc?.kill("SIGKILL");
});

test("npm start's server from the bundle: seeds, listens, scores in a worker thread, stops on SIGINT", async () => {
  const build = spawnSync(process.execPath, [join(root, "scripts/build.mjs"), "server"], { cwd: root, encoding: "utf8" });
  expect(build.status, build.stderr).toBe(0);

  const dir = mkdtempSync(join(tmpdir(), "kaohe-built-server-"));
  const child = spawn(process.execPath, ["--max-semi-space-size=32", "--enable-source-maps", join(root, "apps/server/dist/main.mjs")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${join(dir, "kaohe.db")}`, PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc = child;
  let output = "";
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /已启动：(http:\/\/[^\s/]+)\//.exec(output);
      if (m) resolve(m[1] as string);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
  });

  // the console's files found from the bundle as from the sources (503 "not built yet" when there are none)
  expect((await fetch(`${base}/`)).status).toBe(existsSync(join(root, "apps/console/dist/index.html")) ? 200 : 503);
  const admin = await signInAs(base, "admin");
  const month = await admin.trpc("scores.month", { month: "2018-10" });
  expect(month.status).toBe(200);
  expect(JSON.stringify(month.body.result?.data)).toContain("唐山镇");
  expect(output).not.toMatch(/线程出错|thread failed|Error/);

  const code = await new Promise<number | null>((resolve) => {
    child.on("exit", (c) => resolve(c));
    child.kill("SIGINT");
  });
  expect(code).toBe(0);
  proc = null;
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

/**
 * The built server, as `npm start` runs it: apps/server/dist/main.mjs under plain node (no TypeScript
 * loader), its worker threads started from the bundled worker.mjs. It seeds a new SQLite database, prints
 * its URL, serves the console, signs in (the writer thread), scores a month (a reader thread) and stops on
 * SIGINT. A build that fails, or a bundle that does not start, fails here. (The other tests run the sources.)
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
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

/**
 * `npm start` keeps the server running (scripts/supervise.mjs): a server killed by a signal not sent to it (a V8 fatal
 * error or an out-of-memory abort, which no JavaScript catches: one imported file did it) is started again; one asked
 * to stop, one that exits of itself (it cannot start), and one that keeps dying are not. Each case runs the supervisor
 * in a process of its own (it takes over SIGTERM, as `npm start` does), over a stand-in server: a script that counts
 * its starts in a file and says "up", then aborts or exits as told. Nothing depends on timing but the stand-in's own
 * wait (a loaded machine made a start slower than a limit: a review).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const supervisor = join(import.meta.dirname, "..", "supervise.mjs");
const dir = mkdtempSync(join(tmpdir(), "kaohe-supervise-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The stand-in server: counts its start in `starts`, then after `upMs` aborts (as V8 does on a fatal error) for its
 * first `crashes` starts and exits with `exitCode` after that.
 */
function server(name: string, { upMs, crashes, exitCode }: { upMs: number; crashes: number; exitCode: number }): string {
  const starts = join(dir, `${name}.starts`);
  writeFileSync(starts, "");
  const script = join(dir, `${name}.mjs`);
  writeFileSync(
    script,
    `import { appendFileSync, readFileSync } from "node:fs";
appendFileSync(${JSON.stringify(starts)}, "x");
const n = readFileSync(${JSON.stringify(starts)}, "utf8").length;
console.log("up");
setTimeout(() => (n <= ${crashes} ? process.abort() : process.exit(${exitCode})), ${upMs});`,
  );
  return script;
}
const startsOf = (name: string) => readFileSync(join(dir, `${name}.starts`), "utf8").length;

/** The supervisor over `script`, at most `maxRestarts` in a minute; `stopWhenUp`: SIGTERM to it once the stand-in is up. */
function run(script: string, maxRestarts = 5, stopWhenUp = false): Promise<{ code: number | null; log: string }> {
  const options = JSON.stringify({ maxRestarts, windowMs: 60_000 });
  const driver = `import(${JSON.stringify(supervisor)}).then(async (m) => process.exit(await m.supervise(process.execPath, [${JSON.stringify(script)}], ${options}).done));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", driver], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => {
    log += d;
    if (stopWhenUp && log.includes("up")) child.kill("SIGTERM");
  });
  child.stderr.on("data", (d) => (log += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, log })));
}

// each case starts the supervisor and up to four Node processes one after another (each aborting, as V8 does): a few
// seconds on a loaded machine, over the default 5 s; nothing asserted depends on how long they take
describe("npm start's supervisor", { timeout: 60_000 }, () => {
  it("starts a server that died on its own again, saying so, and ends as the server last ended", async () => {
    // aborts twice, then stops cleanly: three starts
    const { code, log } = await run(server("crash", { upMs: 100, crashes: 2, exitCode: 0 }));
    expect(startsOf("crash")).toBe(3);
    expect(log.match(/服务器意外退出（信号 SIGABRT），正在重新启动/g)).toHaveLength(2);
    expect(code).toBe(0);
  });

  it("does not start again one that exits of itself (it cannot start: a port taken), however long it took: its exit code is npm start's", async () => {
    const { code, log } = await run(server("fails", { upMs: 1_000, crashes: 0, exitCode: 3 }));
    expect([startsOf("fails"), code]).toEqual([1, 3]);
    expect(log).not.toMatch(/重新启动/);
  });

  it("does not start again one asked to stop: SIGTERM is passed on and ends it", async () => {
    const { code } = await run(server("stopped", { upMs: 60_000, crashes: 1, exitCode: 0 }), 5, true);
    expect([startsOf("stopped"), code]).toEqual([1, 128 + 15]);
  });

  it("gives up on one that keeps dying, saying so: at most the restarts allowed", async () => {
    const { code, log } = await run(server("keeps", { upMs: 100, crashes: 99, exitCode: 0 }), 2);
    // the first start and two restarts
    expect(startsOf("keeps")).toBe(3);
    expect(log).toMatch(/1 分钟内已重启 2 次，不再重启/);
    expect(code).toBe(128 + 6);
  });
});

/**
 * A checkout's built server (apps/server/dist/main.mjs, plain node, as `npm start` runs it) started for a bench, on a
 * database of the bench's own: an empty SQLite file is filled with the Huantai demo data by the server itself at its
 * first start. Shared by console-bench.ts and the e2e project's page-bench.ts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Start the built server of the checkout at `root` on `url`; resolves with its address once it prints it. */
export function startBuiltServer(root: string, url: string, nodeArgs: readonly string[] = []): Promise<{ base: string; child: ChildProcess; log: string[] }> {
  const child = spawn(process.execPath, ["--max-semi-space-size=32", "--enable-source-maps", ...nodeArgs, join(root, "apps/server/dist/main.mjs")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  return new Promise((ok, fail) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log.push(text);
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(log.join(""));
      if (m) ok({ base: `http://127.0.0.1:${m[1]}`, child, log });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => log.push(c.toString()));
    child.on("exit", (code) => fail(new Error(`the server exited (${code}) before it listened:\n${log.join("").slice(-2000)}`)));
  });
}

/** A running server's peak resident memory so far, in MiB (the kernel's VmHWM; null where there is no /proc). */
export function peakRss(child: ChildProcess): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((ok) => child.once("exit", ok));
  // SIGINT: the server closes its store and (with --cpu-prof) writes its profile
  child.kill("SIGINT");
  await exited;
}

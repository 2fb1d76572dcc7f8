/** Running the command line: as a user runs it (a real process, from the repository's root), or in this process. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { vi } from "vitest";
import { main } from "../../src/main.ts";

/** The repository's root. */
export const root = new URL("../../../../", import.meta.url).pathname;

// the command as a user runs it: the launcher, which rebuilds the bundle first when a source changed
// (npm test builds before the tests), then runs it under plain node — not tsx transpiling every run
const launcher = join(root, "scripts/kaohe.mjs");

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `kaohe <args>` as a user runs it: a process of its own, in the repository's root, with these environment variables
 * besides the test's — for what only a process shows (its exit code as the shell sees it, the launcher, DATABASE_URL).
 */
export const runKaohe = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Ran => {
  const r = spawnSync(process.execPath, [launcher, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/**
 * `kaohe <args>` in this process: the program's main() on the TypeScript sources, what it wrote to stdout and stderr
 * and the exit code it gives (bin.ts sets it as the process's). A process of its own costs half a second of CPU to
 * start (node loading the bundle), 70 to 100 s of a 2-core machine's CPU over the CLI's tests; what a process alone
 * shows is tested as one (runKaohe; built.test.ts runs the built launcher). Calls run one at a time: the output is
 * captured by replacing process.stdout.write and process.stderr.write while it runs. It runs in the test's working
 * directory and environment, not the repository's root: give it absolute paths, and --db rather than DATABASE_URL.
 */
let running = false;

export async function kaohe(...args: string[]): Promise<Ran> {
  if (running) throw new Error("kaohe() runs one call at a time: its output is captured from process.stdout and process.stderr");
  running = true;
  let stdout = "";
  let stderr = "";
  /** a write as the stream's: its text kept, its callback called (`write(s, cb)` or `write(s, encoding, cb)`) */
  const into =
    (add: (s: string) => void) =>
    (chunk: string | Uint8Array, ...rest: unknown[]) => {
      add(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const done = rest.find((r): r is () => void => typeof r === "function");
      done?.();
      return true;
    };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(into((s) => (stdout += s)) as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(into((s) => (stderr += s)) as typeof process.stderr.write);
  // a command that fails sets process.exitCode (as bin.ts does with main's answer): not left to end the test's worker
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await main(["node", "kaohe", ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = exitCode;
    running = false;
  }
}

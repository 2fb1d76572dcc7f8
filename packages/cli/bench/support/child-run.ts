/** Running a bench's measured part in a process of its own, and reading back what it printed. */
import { spawnSync } from "node:child_process";

/**
 * Runs `node <nodeArgs> <script> <args>` and returns the JSON of the last `BENCH ` line it printed
 * (stderr goes to this process's); throws, with `what` and the child's output, when it failed.
 */
export function runBenchChild<T>(what: string, nodeArgs: readonly string[], script: string, args: readonly string[]): T {
  const child = spawnSync(process.execPath, [...nodeArgs, script, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("BENCH "));
  if (child.status !== 0 || !line) throw new Error(`${what} failed (${child.status}):\n${child.stdout}`);
  return JSON.parse(line.slice("BENCH ".length));
}

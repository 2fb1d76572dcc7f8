/** Running the command line as a user runs it, from the repository's root. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** The repository's root. */
export const root = new URL("../../../../", import.meta.url).pathname;

// the command as a user runs it: the launcher, which rebuilds the bundle first when a source changed
// (npm test builds before the tests), then runs it under plain node — not tsx transpiling every run
const launcher = join(root, "scripts/kaohe.mjs");

/** `kaohe <args>` run in the repository's root, with these environment variables besides the test's: its exit code and output. */
export const runKaohe = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [launcher, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** `kaohe <args>` run in the repository's root: its exit code and output. */
export const kaohe = (...args: string[]) => runKaohe(args);

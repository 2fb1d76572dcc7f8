/**
 * The console built for production, as the server serves it: built once before the e2e files start (vitest's
 * global setup for the project, so that files running side by side never race over dist/), and again by a file run
 * on its own when the sources are newer than the build. The server's bundle likewise, before the files start.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = new URL("../../../../", import.meta.url).pathname;

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The workspace packages whose modules the console imports (@kaohe/services/audit-labels, @kaohe/data/file-names …). */
const BUNDLED_PACKAGES = ["api", "data", "db", "rules-dsl", "services", "time"];

/** Build the console when its sources are newer than the build. */
export function buildConsole(): string {
  const dir = join(root, "apps/console");
  const index = join(dir, "dist/index.html");
  // its sources, those of the packages it bundles (an audit label, a text limit, a file-name rule changed there changes
  // the console too), and how it is built (vite.config.ts, precompress.ts: the .br and .gz beside each file; this file)
  const sources = Math.max(
    newest(join(dir, "src")),
    ...BUNDLED_PACKAGES.map((p) => newest(join(root, "packages", p, "src"))),
    ...[join(dir, "vite.config.ts"), join(dir, "precompress.ts"), fileURLToPath(import.meta.url)].map((f) => statSync(f).mtimeMs),
  );
  if (!existsSync(index) || sources > statSync(index).mtimeMs) {
    // for production as `npm start` builds it: vitest sets NODE_ENV=test, which a build inherits, and React's
    // development build (jsxDEV, its checks) was what the tests drove
    const env = { ...process.env, NODE_ENV: "production" };
    const build = () => spawnSync(join(dir, "node_modules/.bin/vite"), ["build", "--logLevel", "error"], { cwd: dir, encoding: "utf8", env });
    let r = build();
    if (r.status !== 0) r = build(); // once more: a build racing another process over dist/ can fail spuriously
    if (r.status !== 0) throw new Error(`the console failed to build:\n${r.stdout}\n${r.stderr}`);
  }
  return join(dir, "dist");
}

/**
 * The server's bundle of this checkout's sources (scripts/build.mjs server: nothing to do when it is current), whose
 * worker threads startApp runs (app.ts, workerEntry).
 */
export function buildServer(): void {
  const r = spawnSync(process.execPath, [join(root, "scripts/build.mjs"), "server"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`the server failed to build:\n${r.stdout}\n${r.stderr}`);
}

/** Vitest's global setup of the e2e project. */
export default function setup(): void {
  buildConsole();
  buildServer();
}

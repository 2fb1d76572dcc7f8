// Installs the workspace with the pinned pnpm using only Node and npm, builds
// the command line and the server (scripts/build.mjs: only what a changed source
// makes stale), then (with an argument) runs a kaohe command:
// `node scripts/bootstrap.mjs demo`. `npm start` and `npm test` call it, so a
// fresh machine needs nothing else.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpm = pkg.packageManager; // "pnpm@x.y.z"
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

const frozen = existsSync(join(root, "pnpm-lock.yaml")) && process.env.CI ? ["--frozen-lockfile"] : [];
console.error(`[kaohe] 安装依赖 / installing dependencies with ${pnpm} …`);
execFileSync(npx, ["--yes", pnpm, "install", ...frozen, "--reporter=append-only"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });

// esbuild is installed now; a build is a few seconds, and nothing when no source changed
const { ensureBuilt, targets } = await import("./build.mjs");
try {
  for (const name of Object.keys(targets)) await ensureBuilt(name);
} catch {
  console.error("[kaohe] 构建失败，见上 / the build failed (see above)");
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.length > 0) {
  const r = spawnSync(process.execPath, ["--max-semi-space-size=32", "--enable-source-maps", join(root, "scripts", "kaohe.mjs"), ...args], {
    cwd: root,
    stdio: "inherit",
  });
  process.exit(r.status ?? 1);
}

// Installs the workspace with the pinned pnpm using only Node and npm, then
// (with an argument) runs a kaohe command: `node scripts/bootstrap.mjs demo`.
// `npm start` and `npm test` call it, so a fresh machine needs nothing else.
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

const args = process.argv.slice(2);
if (args.length > 0) {
  const tsx = join(root, "node_modules", ".bin", "tsx");
  const r = spawnSync(tsx, [join(root, "packages", "cli", "src", "main.ts"), ...args], { cwd: root, stdio: "inherit" });
  process.exit(r.status ?? 1);
}

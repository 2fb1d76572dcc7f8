// Installs the workspace with the pinned pnpm, using only Node and npm.
// Run by `npm start` and `npm test` so a fresh machine needs nothing else.
import { execSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const pnpm = pkg.packageManager; // "pnpm@x.y.z"
const run = (cmd) => execSync(cmd, { stdio: "inherit", cwd: new URL("..", import.meta.url) });

const frozen = existsSync(new URL("../pnpm-lock.yaml", import.meta.url)) && process.env.CI ? "--frozen-lockfile" : "";
console.log(`[kaohe] installing dependencies with ${pnpm} …`);
run(`npx --yes ${pnpm} install ${frozen} --reporter=append-only`);

// Runs the whole test suite once (every package, one vitest run) and ends
// with the plain summary line CI reads: `N passed, N failed`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;

// The end-to-end tests drive Debian's Chromium headless shell (playwright-core cannot download a browser here; the
// full chromium serves too, at about twice the CPU: apps/e2e/test/support/app.ts CHROMIUM_BINARIES).
const shell = "/usr/bin/chromium-headless-shell";
const browser = process.env.KAOHE_CHROMIUM;
if (!(browser ? existsSync(browser) : existsSync(shell)) && process.platform === "linux" && process.getuid?.() === 0) {
  console.log("[kaohe] 安装 Chromium（端到端测试需要）/ installing Debian's chromium-headless-shell for the end-to-end tests …");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () =>
    spawnSync("apt-get", ["install", "-y", "-qq", browser ? "chromium" : "chromium-headless-shell", "fonts-wqy-microhei"], { stdio: "inherit", env });
  // the package lists only when the package is not found in them (a fresh machine's are empty)
  if (install().status !== 0) {
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    install();
  }
}
const report = join(mkdtempSync(join(tmpdir(), "kaohe-tests-")), "vitest.json");
const vitest = join(root, "node_modules", ".bin", "vitest");
const run = spawnSync(vitest, ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, FORCE_COLOR: process.env.CI ? "0" : process.env.FORCE_COLOR },
});

let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed = json.numPassedTests ?? 0;
  // failed tests, plus test files that failed before any test ran (an import error, say)
  const brokenFiles = (json.testResults ?? []).filter((r) => r.status === "failed" && !r.assertionResults?.some((a) => a.status === "failed")).length;
  failed = (json.numFailedTests ?? 0) + brokenFiles;
} catch {
  failed = Math.max(1, failed);
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);

/**
 * The built command line, as `npm run kaohe`, ./kaohe and the setup run it: scripts/kaohe.mjs rebuilds
 * packages/cli/dist when a source changed, then runs the bundle with plain node. A build that fails, or a
 * bundle that does not run, fails here. (The other tests run the TypeScript sources.)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";

const root = new URL("../../../", import.meta.url).pathname;
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const launcher = (...args: string[]) => run(["--enable-source-maps", join(root, "scripts/kaohe.mjs"), ...args]);
const bundle = join(root, "packages/cli/dist/kaohe.mjs");

test("kaohe check on the shipped rubric: built, run by plain node, no problems, exit 0", () => {
  const r = launcher("check", "rules/huantai/2017.kh");
  expect(r.stderr).not.toContain("构建失败");
  expect(r.code).toBe(0);
  expect(r.stdout).toBe("✓ rules/huantai/2017.kh：没有问题 / no problems\n");
  // the bundle the launcher ran, without it
  const plain = run([bundle, "check", "rules/huantai/2017.kh"]);
  expect(plain.code).toBe(0);
  expect(plain.stdout).toBe(r.stdout);
});

test("a rubric with an error: the diagnostic with file, line and code; exit 1", () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-built-"));
  const file = join(dir, "bad.kh");
  writeFileSync(file, 'rubric "测试" version 1\nmonthly 甲 "甲" {\n}\n');
  const r = launcher("check", file);
  expect(r.code).toBe(1);
  // the header stops short of `in force from` on line 1: said at the end of that line
  expect(r.stdout).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1:21 错误 KH111`));
});

test("the bundle carries a source map naming the TypeScript sources (stack traces point at .ts lines)", () => {
  expect(readFileSync(bundle, "utf8").trimEnd().endsWith("//# sourceMappingURL=kaohe.mjs.map")).toBe(true);
  const map = JSON.parse(readFileSync(`${bundle}.map`, "utf8")) as { sources: string[] };
  expect(map.sources).toContain("../src/main.ts");
});

/**
 * The checks the code claims beside its tests, run as part of the README's test command: every package type-checks
 * (tsc, strict, as `npm run typecheck`), and Biome's lint and format rules hold (`biome ci`, as configured in
 * biome.json). A failure prints what tsc or Biome printed: file, line and rule.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
// @ts-expect-error a plain .mjs script, without type declarations
import { typecheck, typedPackages } from "../typecheck.mjs";

const root = join(import.meta.dirname, "..", "..");
// generous: a busy 2-core machine checks a package in tens of seconds; these are limits, not measurements
const TIMEOUT = 600_000;

describe("static checks", () => {
  test.each((typedPackages() as string[]).map((p) => [p]))(
    "%s type-checks (tsc --noEmit)",
    async (pkg) => {
      const r = (await typecheck(pkg)) as { code: number; output: string };
      expect(r.output.trimEnd(), `tsc -p ${pkg}`).toBe("");
      expect(r.code).toBe(0);
    },
    TIMEOUT,
  );

  test(
    "biome ci: lint and format rules hold",
    () => {
      const r = spawnSync(join(root, "node_modules", ".bin", "biome"), ["ci", ".", "--colors=off", "--max-diagnostics=50"], { cwd: root, encoding: "utf8" });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    },
    TIMEOUT,
  );
});

/**
 * The checks the code claims beside its tests, run as part of the README's test command: the whole workspace
 * type-checks (tsc, strict, as `npm run typecheck`: the Node-side packages as one program, the console and the e2e
 * tests each with their own options), and Biome's lint and format rules hold (`biome ci`, as configured in
 * biome.json), and nothing is dead (knip, as configured in knip.jsonc: no file that no entry point reaches, no export
 * nothing imports, no dependency nothing uses, none used but undeclared). A failure prints what tsc, Biome or knip
 * printed: file, line and rule, or each dead file, export and dependency.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
// @ts-expect-error a plain .mjs script, without type declarations
import { plainNodePackage, programs, typecheck, typedPackages } from "../typecheck.mjs";

const root = join(import.meta.dirname, "..", "..");
// generous: a busy 2-core machine checks a program in tens of seconds; these are limits, not measurements
const TIMEOUT = 600_000;

describe("static checks", () => {
  test("every Node-side package's folders are in tsconfig.node.json (none goes unchecked)", () => {
    const include: string[] = JSON.parse(readFileSync(join(root, "tsconfig.node.json"), "utf8")).include;
    const covered = (dir: string) => include.some((pattern) => new RegExp(`^${pattern.replace(/\*/g, "[^/]+")}$`).test(dir));
    const missing: string[] = [];
    for (const pkg of (typedPackages() as string[]).filter((p) => plainNodePackage(p))) {
      const own: string[] = JSON.parse(readFileSync(join(root, pkg, "tsconfig.json"), "utf8")).include;
      for (const dir of own) if (!covered(`${pkg}/${dir}`)) missing.push(`${pkg}/${dir}`);
    }
    expect(missing).toEqual([]);
  });

  test.each((programs() as string[]).map((p) => [p]))(
    "%s type-checks (tsc --noEmit)",
    async (program) => {
      const r = (await typecheck(program)) as { code: number; output: string };
      expect(r.output.trimEnd(), `tsc -p ${program}`).toBe("");
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

  test(
    "knip: no dead files, exports or dependencies",
    () => {
      // --cache: what knip read of an unchanged file is kept in node_modules/.cache/knip for the next run
      const r = spawnSync(join(root, "node_modules", ".bin", "knip"), ["--no-progress", "--no-config-hints", "--cache"], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      });
      const found = `${r.stdout}${r.stderr}`.trimEnd();
      const hint =
        "knip found these unused (entry points: knip.jsonc). Delete what is dead (or drop the `export`); " +
        "a dependency the code reaches in a way knip cannot see goes in knip.jsonc with the reason:";
      expect(r.status, `${hint}\n${found}`).toBe(0);
    },
    TIMEOUT,
  );
});

// Type-checks every package of the workspace with TypeScript alone (`tsc --noEmit -p <package>`), two at a time,
// and prints each one's errors: `npm run typecheck`. Needs only Node and the installed dependencies (no pnpm or
// turbo on PATH). The test suite runs the same check (scripts/test/static-checks.test.ts).
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;

/** Every workspace package with a tsconfig.json, as a path relative to the root. */
export function typedPackages() {
  return ["packages", "apps"].flatMap((dir) =>
    readdirSync(join(root, dir))
      .map((name) => `${dir}/${name}`)
      .filter((p) => existsSync(join(root, p, "tsconfig.json"))),
  );
}

/** Type-check one package: its exit code and what tsc printed. */
export function typecheck(pkg) {
  return new Promise((resolve) => {
    const tsc = spawn(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--pretty", "false", "-p", pkg], { cwd: root });
    let output = "";
    tsc.stdout.on("data", (d) => (output += d));
    tsc.stderr.on("data", (d) => (output += d));
    tsc.on("close", (code) => resolve({ pkg, code: code ?? 1, output }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const queue = typedPackages();
  const failed = [];
  const worker = async () => {
    for (let pkg = queue.shift(); pkg; pkg = queue.shift()) {
      const r = await typecheck(pkg);
      console.log(`${r.code === 0 ? "✓" : "✗"} ${pkg}`);
      if (r.code !== 0) {
        failed.push(pkg);
        console.log(r.output.trimEnd());
      }
    }
  };
  await Promise.all([worker(), worker()]);
  console.log(failed.length ? `类型检查未通过 / type errors in: ${failed.join(", ")}` : "类型检查通过 / no type errors");
  process.exit(failed.length ? 1 : 0);
}

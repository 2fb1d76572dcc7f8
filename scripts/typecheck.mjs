// Type-checks the workspace with TypeScript alone (`tsc --noEmit -p <config>`) and prints the errors:
// `npm run typecheck`. Needs only Node and the installed dependencies (no pnpm on PATH). The Node-side
// packages (every package whose tsconfig.json only extends the base one) are one program, tsconfig.node.json, since
// they share their sources (checked once, not once per package importing them); a package with options of its own
// (the console: DOM and JSX; the e2e tests: DOM) is a program of its own. The test suite runs the same check
// (scripts/test/static-checks.test.ts).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
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

/** Does a package's tsconfig.json only extend the base one (so tsconfig.node.json checks it)? */
export function plainNodePackage(pkg) {
  const config = JSON.parse(readFileSync(join(root, pkg, "tsconfig.json"), "utf8"));
  return config.compilerOptions === undefined;
}

/** The programs to check: tsconfig.node.json, then each package with options of its own. */
export function programs() {
  return ["tsconfig.node.json", ...typedPackages().filter((p) => !plainNodePackage(p))];
}

/** Type-check one program (a package folder or a tsconfig file): its exit code and what tsc printed. */
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
  const queue = programs();
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

/**
 * What the browser downloads for the console, part of `npm run bench`: the first load (the sign-in page:
 * index.html's script, its static imports and styles) and, for each page loaded when first visited, what it
 * adds — as built, and as sent with gzip and brotli (the .gz and .br files written at build time beside each
 * file; a file without one is sent as it is).
 *
 *   npx tsx apps/server/bench/bundle-sizes.ts [dist folder]     (default apps/console/dist, built first when it is not)
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dist = process.argv[2] ?? join(root, "apps/console/dist");
const assets = join(dist, "assets");
// the console built first when it is not (as npm start builds it)
if (!process.argv[2] && !existsSync(join(dist, "index.html"))) {
  const consoleDir = join(root, "apps/console");
  const r = spawnSync(join(consoleDir, "node_modules/.bin/vite"), ["build", "--logLevel", "warn"], { cwd: consoleDir, stdio: "inherit" });
  if (r.status !== 0) throw new Error("the console failed to build");
}
if (!existsSync(join(dist, "index.html"))) throw new Error(`no console build at ${dist}: npm start (or vite build in apps/console) builds it`);

const size = (file: string) => (existsSync(file) ? statSync(file).size : null);
/** bytes as built, gzip and brotli as sent (the file itself when no smaller form was written) */
function sizes(file: string): [number, number, number] {
  const raw = size(file) as number;
  return [raw, size(`${file}.gz`) ?? raw, size(`${file}.br`) ?? raw];
}

/** A chunk's static imports (not `import("…")`, which loads later). */
function staticImports(name: string): string[] {
  const text = readFileSync(join(assets, name), "utf8");
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']\.\/([^"']+\.js)["']/g)) out.add(m[1] as string);
  return [...out];
}

function closure(start: string[], seen = new Set<string>()): Set<string> {
  const todo = [...start];
  while (todo.length) {
    const f = todo.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    if (f.endsWith(".js")) todo.push(...staticImports(f));
  }
  return seen;
}

const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
const first = closure(initial);
const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
const total = (set: Iterable<string>) =>
  [...set].reduce<[number, number, number]>(
    (acc, f) => {
      const s = sizes(join(assets, f));
      return [acc[0] + s[0], acc[1] + s[1], acc[2] + s[2]];
    },
    [0, 0, 0],
  );
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const line = (label: string, s: [number, number, number], n: number) =>
  `${label.padEnd(28)} ${String(n).padStart(3)} 个文件  ${kib(s[0]).padStart(9)}  ${kib(s[1]).padStart(9)}  ${kib(s[2]).padStart(9)}`;

console.log(`\n控制台下载量 / the console's downloads（${dist}）`);
console.log(`${"".padEnd(28)} ${"".padStart(3)}        ${"构建 built".padStart(9)}  ${"gzip".padStart(9)}  ${"brotli".padStart(9)}`);
console.log(line("全部 / every file", total(files), files.length));
console.log(line("首次加载 / first load", total(first), first.size));
// each page chunk (named after its folder: ranking, unit, editor …): what it adds to the first load
const pages = ["ranking", "unit", "year", "compare", "rubrics", "editor", "data", "responses", "review", "users", "audit"];
for (const p of pages) {
  const chunk = files.find((f) => f.startsWith(`${p}-`) && f.endsWith(".js"));
  if (!chunk) continue;
  const added = [...closure([chunk])].filter((f) => !first.has(f));
  console.log(line(`  + ${p}`, total(added), added.length));
}

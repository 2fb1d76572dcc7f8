/**
 * The arrows of the code point one way. Between packages: each imports only the packages its package.json declares,
 * and a layer never imports one above it (time → data, rules-dsl → rules-engine → db → services → api → server; the CLI and the
 * console sit on top). Within a package: no two source files import each other, directly or around a loop (a cycle
 * makes the load order, and so which value a module sees first, an accident). Type-only imports are left out: they
 * vanish from the built code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/** The layers, lowest first: a package may import those below it, never one above. */
const LAYERS: Record<string, number> = {
  "@kaohe/time": -1,
  "@kaohe/data": 0,
  "@kaohe/rules-dsl": 0,
  "@kaohe/rules-engine": 1,
  "@kaohe/db": 2,
  "@kaohe/services": 3,
  "@kaohe/api": 4,
  "@kaohe/cli": 5,
  "@kaohe/server": 5,
  "@kaohe/console": 6,
  "@kaohe/e2e": 7,
};

interface Pkg {
  name: string;
  dir: string;
  declared: Set<string>;
  files: string[];
}

function packages(): Pkg[] {
  return ["packages", "apps"].flatMap((group) =>
    readdirSync(join(root, group))
      .map((n) => join(root, group, n))
      .filter((dir) => existsSync(join(dir, "package.json")))
      .map((dir) => {
        const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
        const declared = new Set(Object.keys({ ...json.dependencies, ...json.devDependencies, ...json.peerDependencies }));
        return { name: json.name as string, dir, declared, files: sourceFiles(join(dir, "src")) };
      }),
  );
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === "node_modules" || n === "generated") return [];
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(n) && !/\.(test|d)\.tsx?$/.test(n) ? [p] : [];
  });
}

/** The module specifiers a file imports at run time (`import type` and `export type` left out). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+["']([^"']+)["']/gm)) if (!m[2]) out.push(m[4] as string);
  for (const m of text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) out.push(m[1] as string);
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1] as string);
  return out;
}

function resolveRelative(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const c of [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, `${base}.tsx`, join(base, "index.ts")])
    if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/** Strongly connected components of more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const all = packages();

describe("the arrows of the code", () => {
  test("every workspace package has a layer", () => {
    expect(all.map((p) => p.name).filter((n) => !(n in LAYERS))).toEqual([]);
  });

  test.each(all.map((p) => [p.name, p] as const))("%s imports only declared packages, none from a layer above", (_, pkg) => {
    const problems: string[] = [];
    for (const file of pkg.files) {
      for (const spec of runtimeImports(file)) {
        if (spec.startsWith(".") || spec.startsWith("node:")) continue;
        const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] as string);
        const where = relative(root, file);
        if (name === pkg.name) continue;
        if (!pkg.declared.has(name) && !/^virtual:|^\/|\?/.test(spec)) problems.push(`${where}: imports ${spec}, not in package.json`);
        if (name in LAYERS && (LAYERS[name] as number) >= (LAYERS[pkg.name] as number))
          problems.push(`${where}: ${pkg.name} imports ${name}, a layer not below it`);
      }
    }
    expect(problems).toEqual([]);
  });

  test.each(all.filter((p) => p.files.length > 0).map((p) => [p.name, p] as const))("%s: no import cycles between its source files", (_, pkg) => {
    const graph = new Map<string, string[]>();
    for (const file of pkg.files)
      graph.set(
        file,
        runtimeImports(file)
          .filter((s) => s.startsWith("."))
          .map((s) => resolveRelative(file, s))
          .filter((f): f is string => f !== null),
      );
    expect(cycles(graph).map((c) => c.map((f) => relative(root, f)).join(" ⇄ "))).toEqual([]);
  });
});

describe("one place per concept", () => {
  test("Beijing's UTC+8 is written in one file (packages/time); the others take SHANGHAI_OFFSET_MS and the helpers beside it", () => {
    const offset = /\b8\s*\*\s*(?:60\s*\*\s*60\s*\*\s*1_?000|3_?600_?000|3_?600\s*\*\s*1_?000)\b|\b28_?800_?000\b|\+08:00/;
    const writers = all
      .flatMap((p) => p.files)
      .filter((f) => offset.test(readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")))
      .map((f) => relative(root, f));
    expect(writers).toEqual(["packages/time/src/shanghai.ts"]);
  });
});

describe("one version of each dependency", () => {
  /** The catalog of pnpm-workspace.yaml: each entry's name and version. */
  const catalog = new Map(
    [
      ...(/^catalog:\n((?:[ #].*\n|\n)*)/m.exec(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8"))?.[1] ?? "").matchAll(
        /^ {2}"?([^"\s:#][^"\s:]*)"?:\s*(\S+)/gm,
      ),
    ].map((m) => [m[1] as string, m[2] as string]),
  );
  const manifests = ["packages", "apps", "."].flatMap((group) =>
    (group === "." ? ["."] : readdirSync(join(root, group)).map((n) => join(group, n)))
      .filter((dir) => existsSync(join(root, dir, "package.json")))
      .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) })),
  );

  test("every outside dependency of a workspace package comes from the catalog, so two packages cannot ask for two versions", () => {
    expect(catalog.size).toBeGreaterThan(20);
    const loose = manifests.flatMap(({ dir, json }) =>
      Object.entries({ ...json.dependencies, ...json.devDependencies } as Record<string, string>)
        .filter(([name, spec]) => !name.startsWith("@kaohe/") && spec !== "catalog:")
        .map(([name, spec]) => `${dir}: ${name}@${spec}`),
    );
    expect(loose).toEqual([]);
  });

  test("the tRPC packages are one version (the console's client, its React Query binding and the server)", () => {
    const trpc = [...catalog].filter(([name]) => name.startsWith("@trpc/"));
    expect(trpc.map(([name]) => name).sort()).toEqual(["@trpc/client", "@trpc/server", "@trpc/tanstack-react-query"]);
    expect(new Set(trpc.map(([, version]) => version)).size).toBe(1);
  });
});

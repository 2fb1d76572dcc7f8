// Builds kaohe's two programs into plain ESM that `node` runs without a TypeScript loader:
//
//   packages/cli/dist/kaohe.mjs                        the command line (from packages/cli/src/bin.ts)
//   apps/server/dist/main.mjs, apps/server/dist/worker.mjs   the server and its worker threads
//
// esbuild bundles our TypeScript and the plain-JS dependencies (commander, chevrotain, tRPC, exceljs …)
// into one file per entry, with a source map beside it (stack traces name the .ts lines under
// --enable-source-maps). Kept out of the bundle, imported at run time: better-sqlite3 (native),
// pg, @prisma/* and the generated Prisma clients in packages/db/src/generated (CommonJS that
// finds its query-compiler wasm beside itself). Those bare names resolve from the package that
// holds the bundle, so packages/cli and apps/server list them as dependencies.
//
// Freshness: each target writes dist/<target>.stamp.json beside its output, listing every input
// esbuild read (its metafile) plus this script, the lockfile and the workspace package.json files,
// with size, mtime and sha256. `staleness` stats them (hashing only a file whose mtime moved), so an
// up-to-date check costs a few milliseconds; a changed input means a rebuild.
//
//   node scripts/build.mjs [cli|server]            build what is stale (both targets when none is named)
//   node scripts/build.mjs --force [cli|server]    build regardless
//   node scripts/build.mjs --check [cli|server]    exit 1 when a target is stale, build nothing
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const STAMP_VERSION = 1;

/**
 * Kept out of the bundles (native code, wasm found beside the module, or Prisma's runtime; pdfkit, which reads
 * its own data files relative to itself).
 */
const EXTERNAL = ["better-sqlite3", "pg", "pg-native", "@prisma/*", "pdfkit"];

export const targets = {
  cli: {
    outdir: "packages/cli/dist",
    entries: { kaohe: "packages/cli/src/bin.ts" },
  },
  server: {
    outdir: "apps/server/dist",
    entries: { main: "apps/server/src/main.ts", worker: "apps/server/src/worker.ts" },
    // threads.ts starts this file (relative to apps/server/src) in each worker thread; from the sources it starts
    // worker-entry.mjs, which registers tsx
    define: { KAOHE_WORKER_ENTRY: "../dist/worker.mjs" },
  },
};

/** Files that decide a build besides the sources esbuild reads: how it bundles and how packages resolve. */
const configInputs = () => [
  "scripts/build.mjs",
  "pnpm-lock.yaml",
  "package.json",
  ...["packages", "apps"].flatMap((d) => {
    try {
      return readdirSync(join(root, d), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => `${d}/${e.name}/package.json`);
    } catch {
      return [];
    }
  }),
];

const stampPath = (name) => join(root, targets[name].outdir, `${name}.stamp.json`);
const sha256 = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** The stamp's inputs, or null when there is none (never built, or built by another version of this script). */
function readStamp(name) {
  try {
    const stamp = JSON.parse(readFileSync(stampPath(name), "utf8"));
    return stamp.version === STAMP_VERSION ? stamp : null;
  } catch {
    return null;
  }
}

/**
 * Why a target's output does not match its inputs (the first changed input), or null when it does. Stats
 * every input; a file whose size differs is a change, one whose mtime alone differs is hashed (a checkout
 * or a save without edits is not a change, and its new mtime is remembered).
 */
export function staleness(name) {
  const stamp = readStamp(name);
  if (!stamp) return "未构建 / not built";
  for (const out of stamp.outputs) {
    try {
      statSync(join(root, out));
    } catch {
      return `缺少 missing ${out}`;
    }
  }
  let touched = false;
  let changed = null;
  for (const [file, rec] of Object.entries(stamp.inputs)) {
    let st;
    try {
      st = statSync(join(root, file));
    } catch {
      if (rec === null) continue;
      changed = file;
      break;
    }
    if (rec === null || st.size !== rec.size) {
      changed = file;
      break;
    }
    if (st.mtimeMs !== rec.mtimeMs) {
      if (sha256(join(root, file)) !== rec.sha256) {
        changed = file;
        break;
      }
      rec.mtimeMs = st.mtimeMs;
      touched = true;
    }
  }
  // remember the new mtimes so the next check does not hash those files again
  if (touched && !changed) writeAtomic(stampPath(name), JSON.stringify(stamp));
  return changed && `${changed} 有改动 / changed`;
}

export const isFresh = (name) => staleness(name) === null;

function writeAtomic(file, contents) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/**
 * Our TypeScript, read here rather than by esbuild: its fingerprint is taken from the very bytes bundled
 * (the mtime from a stat before the read), so a file saved while a build runs makes that build stale
 * rather than stamped fresh. And every module keeps its source file's `import.meta.url` (a path relative
 * to the bundle), so files found beside the sources (migrations, rubrics, the console) are found alike.
 */
const sourcesPlugin = (outdir, inputs) => ({
  name: "kaohe-sources",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const { mtimeMs } = statSync(args.path);
      const bytes = readFileSync(args.path);
      inputs[relative(root, args.path).split(sep).join("/")] = { size: bytes.length, mtimeMs, sha256: createHash("sha256").update(bytes).digest("hex") };
      const text = bytes.toString("utf8");
      if (!text.includes("import.meta.url")) return { contents: text, loader: "ts" };
      const rel = relative(outdir, args.path).split(sep).map(encodeURIComponent).join("/");
      return { contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: "ts" };
    });
  },
});

/** The generated Prisma clients stay where they are; the bundle imports them by a relative path. */
const generatedClientPlugin = (outdir) => ({
  name: "kaohe-generated-client",
  setup(build) {
    build.onResolve({ filter: /[/\\]generated[/\\](sqlite|postgres)[/\\]index\.js$/ }, (args) => {
      const file = resolve(args.resolveDir, args.path);
      let rel = relative(outdir, file).split(sep).join("/");
      if (!rel.startsWith(".")) rel = `./${rel}`;
      return { path: rel, external: true };
    });
  },
});

// CommonJS dependencies inside an ESM bundle: `require` for Node's own modules
const banner = `import { createRequire as __kaoheCreateRequire } from "node:module";
const require = __kaoheCreateRequire(import.meta.url);`;

/** Build one target; writes its files and its stamp atomically. Returns the milliseconds taken. */
export async function build(name, { quiet = false, reason = "" } = {}) {
  const t0 = performance.now();
  if (reason && !quiet) console.error(`[kaohe] ${reason}：重新构建 rebuilding ${targets[name].outdir} …`);
  const target = targets[name];
  const outdir = join(root, target.outdir);
  const esbuild = await import("esbuild");
  /** each input's size, mtime and sha256; null for one that is absent (its appearing is a change) */
  const inputs = {};
  const record = (file) => {
    try {
      const abs = join(root, file);
      const st = statSync(abs);
      inputs[file] = { size: st.size, mtimeMs: st.mtimeMs, sha256: sha256(abs) };
    } catch {
      inputs[file] = null;
    }
  };
  // before the build: one that changes meanwhile leaves the stamp stale, not the build
  for (const file of configInputs()) record(file);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(target.entries).map(([k, v]) => [k, join(root, v)])),
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // the CLI's commands load what they need with import(): those become chunks of their own, beside the
    // entries (the relative paths written for the generated clients and import.meta.url hold in every file)
    splitting: true,
    chunkNames: "[name]-[hash]",
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    sourcesContent: false,
    keepNames: true,
    metafile: true,
    write: false,
    logLevel: quiet ? "error" : "warning",
    external: EXTERNAL,
    // KAOHE_BUILT: the rules language's parser skips Chevrotain's grammar validation (the tests validate it)
    define: Object.fromEntries(Object.entries({ KAOHE_BUILT: true, ...target.define }).map(([k, v]) => [k, JSON.stringify(v)])),
    banner: { js: banner },
    plugins: [generatedClientPlugin(outdir), sourcesPlugin(outdir, inputs)],
  });
  // the rest esbuild read itself: dependencies' files under node_modules
  for (const file of Object.keys(result.metafile.inputs)) if (!(file in inputs)) record(file);
  const outputs = [];
  for (const f of result.outputFiles) {
    writeAtomic(f.path, f.contents);
    outputs.push(relative(root, f.path).split(sep).join("/"));
  }
  writeAtomic(stampPath(name), JSON.stringify({ version: STAMP_VERSION, outputs, inputs }));
  // chunks of earlier builds (their names carry a content hash)
  const kept = new Set([...outputs.map((o) => join(root, o)), stampPath(name)]);
  for (const e of readdirSync(outdir, { withFileTypes: true })) {
    const file = join(outdir, e.name);
    if (e.isFile() && !kept.has(file) && /\.mjs(\.map)?$/.test(e.name)) rmSync(file, { force: true });
  }
  const ms = performance.now() - t0;
  const entries = Object.keys(target.entries).map((e) => `${target.outdir}/${e}.mjs`);
  if (!quiet)
    console.error(`[kaohe] 已构建 built ${entries.join(", ")}（${Object.keys(result.metafile.inputs).length} 个输入文件 inputs，${Math.round(ms)} ms）`);
  return ms;
}

/** Build the target when it is stale. */
export async function ensureBuilt(name, options = {}) {
  const reason = staleness(name);
  if (reason === null) return false;
  await build(name, { reason, ...options });
  return true;
}

/** The built entry of a target as a file URL. */
export const entryUrl = (name, entry) => pathToFileURL(join(root, targets[name].outdir, `${entry}.mjs`)).href;

/** The built entry of a target as a URL when the build is of the current sources, else undefined (tests: run the sources then). */
export const freshEntry = (name, entry) => (isFresh(name) ? new URL(entryUrl(name, entry)) : undefined);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const force = args.includes("--force");
  const check = args.includes("--check");
  const names = args.filter((a) => !a.startsWith("--"));
  for (const n of names) if (!(n in targets)) throw new Error(`no target ${n}: one of ${Object.keys(targets).join(", ")}`);
  let stale = 0;
  for (const name of names.length > 0 ? names : Object.keys(targets)) {
    if (check) {
      const reason = staleness(name);
      if (reason !== null) {
        console.error(`[kaohe] ${targets[name].outdir} 需要重新构建 / is stale: ${reason}`);
        stale++;
      }
    } else if (force) await build(name);
    else await ensureBuilt(name);
  }
  process.exitCode = stale > 0 ? 1 : 0;
}

// The kaohe command line as `npm run kaohe -- …`, ./kaohe and kaohe.cmd run it: the built bundle
// (packages/cli/dist/kaohe.mjs, plain JavaScript), rebuilt first when any file it was built from has
// changed since, so an edited .ts file is never run stale. The check stats the inputs listed in the
// build's stamp (scripts/build.mjs) and costs a few milliseconds; the bundle then runs in this process.
import module from "node:module";
import { ensureBuilt, entryUrl } from "./build.mjs";

// Node 22+: V8's compiled code kept between runs (in the system's temporary folder); Node 20 has no such cache
module.enableCompileCache?.();

try {
  await ensureBuilt("cli");
} catch {
  // esbuild has printed what is wrong (file, line, column)
  console.error("[kaohe] 构建失败，见上 / the build failed (see above)");
  process.exit(1);
}
await import(entryUrl("cli", "kaohe"));

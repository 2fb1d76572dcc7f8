/**
 * Precompression of the built console: beside every text file of dist/ worth
 * compressing, its brotli (.br, quality 11) and gzip (.gz, level 9) forms,
 * written once at build time, so that the server sends them as they are
 * (apps/server/src/server.ts negotiates which from Accept-Encoding) and never
 * compresses per request.
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin } from "vite";

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text files: scripts, styles, the page, fonts and images that are text. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|xml|webmanifest|ico|ttf|otf)$/i;
/** Below this a compressed file saves less than a packet. */
const MIN_BYTES = 1024;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export interface PrecompressSummary {
  files: number;
  bytes: number;
  brotli: number;
  gzip: number;
}

/**
 * Write `file.br` and `file.gz` beside each compressible file of `dir` (a form that would not be smaller is
 * not written: the server then sends the file as it is). The files are compressed concurrently, on libuv's pool.
 */
export async function precompressDir(dir: string): Promise<PrecompressSummary> {
  const summary: PrecompressSummary = { files: 0, bytes: 0, brotli: 0, gzip: 0 };
  const files = (await filesUnder(dir)).filter((f) => COMPRESSIBLE.test(f));
  await Promise.all(
    files.map(async (file) => {
      if ((await stat(file)).size < MIN_BYTES) return;
      const bytes = await readFile(file);
      const [br, gzipped] = await Promise.all([
        brotli(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        }),
        gz(bytes, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      summary.files++;
      summary.bytes += bytes.length;
      if (br.length < bytes.length) {
        await writeFile(`${file}.br`, br);
        summary.brotli += br.length;
      } else summary.brotli += bytes.length;
      if (gzipped.length < bytes.length) {
        await writeFile(`${file}.gz`, gzipped);
        summary.gzip += gzipped.length;
      } else summary.gzip += bytes.length;
    }),
  );
  return summary;
}

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

/** The Vite plugin: precompress the output once the bundle is written (production builds only). */
export function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "kaohe-precompress",
    apply: "build",
    configResolved(config) {
      // (an absolute --outDir as it is)
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const s = await precompressDir(outDir);
      this.info?.(`precompressed ${s.files} files: ${kib(s.bytes)} → brotli ${kib(s.brotli)}, gzip ${kib(s.gzip)}`);
    },
  };
}

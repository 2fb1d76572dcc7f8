/**
 * Import throughput on a large orders file:
 *   node --import tsx packages/data/bench/import-bench.ts [rows=1000000] [gb18030]
 * Writes a CSV of synthetic orders over 200 units into the OS temp folder,
 * then reads and checks it with unit references resolved, and prints rows/s.
 */

import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createUnitResolver, generateScaleUnits, readRecordBatches, readTableBatches, writeScaleOrdersCsv } from "../src/index.ts";

const rows = Number(process.argv[2] ?? 1_000_000);
const encoding = process.argv[3] === "gb18030" ? "gb18030" : "utf-8";
const dir = await mkdtemp(join(tmpdir(), "kaohe-bench-"));
const path = join(dir, "orders.csv");
try {
  const units = generateScaleUnits(200);
  let t = performance.now();
  await writeScaleOrdersCsv(path, rows, units, "2018-03", 42, { encoding });
  const size = (await stat(path)).size;
  console.log(`write ${rows} rows (${(size / 1e6).toFixed(0)} MB, ${encoding}): ${((performance.now() - t) / 1000).toFixed(2)} s`);

  t = performance.now();
  let parsed = 0;
  for await (const batch of readTableBatches(path)) parsed += batch.length;
  let s = (performance.now() - t) / 1000;
  console.log(`parse only: ${parsed - 1} rows in ${s.toFixed(2)} s = ${Math.round((parsed - 1) / s)} rows/s`);

  t = performance.now();
  let ok = 0;
  let bad = 0;
  for await (const batch of readRecordBatches(path, "orders", { resolveUnit: createUnitResolver(units) })) {
    for (const item of batch) item.problems.length > 0 ? bad++ : ok++;
  }
  s = (performance.now() - t) / 1000;
  console.log(`parse + check: ${ok} ok, ${bad} with problems, ${s.toFixed(2)} s = ${Math.round(ok / s)} rows/s`);
  console.log(`heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

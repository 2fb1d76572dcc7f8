/** Filling an empty store with the Huantai demo data and the shipped rubric versions. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDemoDataset, writeDemoFiles } from "@kaohe/data";
import { AppError, ErrorCodes } from "./errors.ts";
import { type ImportProgress, importFiles } from "./import.ts";
import { loadRubricFiles } from "./rubrics.ts";
import type { Store } from "./store.ts";

const rulesDir = new URL("../../../rules/", import.meta.url).pathname;

/** The rubric files that ship with kaohe: the 2017 method is published, the examples are drafts. */
export async function shippedRubrics(): Promise<{ text: string; publish: boolean }[]> {
  const files = [
    ["huantai/2017.kh", true],
    ["examples/huantai-revision-example.kh", false],
    ["examples/city-rate-threshold-example.kh", false],
    ["examples/cumulative-example.kh", false],
  ] as const;
  return Promise.all(files.map(async ([f, publish]) => ({ text: await readFile(join(rulesDir, f), "utf8"), publish })));
}

/** Seed the demo when the store holds no orders; returns false when there was data already. */
export async function seedDemo(store: Store, options: { actor?: string; onProgress?: (p: ImportProgress) => void } = {}): Promise<boolean> {
  const actor = options.actor ?? "演示数据";
  await loadRubricFiles(store, await shippedRubrics(), actor);
  if ((await store.prisma.order.count()) > 0) return false;
  const dir = await mkdtemp(join(tmpdir(), "kaohe-demo-"));
  try {
    const paths = await writeDemoFiles(dir, generateDemoDataset());
    const result = await importFiles(
      store,
      Object.values(paths).map((path) => ({ path })),
      { actor, onProgress: options.onProgress },
    );
    if (!result.ok)
      throw new AppError(ErrorCodes.ImportInvalid, "演示数据导入失败（这是程序的缺陷，请报告）", "the demo data failed to import", result.problems);
    return true;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

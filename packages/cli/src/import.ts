/** `kaohe import`: files or folders into the store, all or nothing, with progress. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatProblems } from "@kaohe/data";
import { importFiles, kindOfFile, openStore } from "@kaohe/db";
import { CliError } from "./load.ts";
import { table } from "./render.ts";

/** Folders expand to the import files in them (units.*, orders.*, events.*, facts.*). */
export function expandPaths(paths: string[]): string[] {
  return paths.flatMap((p) => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new CliError(`找不到 ${p} / no such file or folder: ${p}`);
    }
    if (!st.isDirectory()) return [p];
    return readdirSync(p)
      .filter((f) => /\.(csv|xlsx)$/i.test(f) && kindOfFile(f))
      .map((f) => join(p, f));
  });
}

export async function runImport(url: string, paths: string[], actor: string, print: (s: string) => void): Promise<void> {
  const files = expandPaths(paths);
  if (files.length === 0) throw new CliError("没有可导入的文件（文件名应以 units、orders、events、facts 开头）/ nothing to import");
  const store = await openStore(url);
  try {
    let last = 0;
    const started = Date.now();
    const result = await importFiles(
      store,
      files.map((path) => ({ path })),
      {
        actor,
        onProgress: (p) => {
          const now = Date.now();
          if (now - last < 500) return;
          last = now;
          process.stderr.write(`导入 ${p.file}：${p.rows} 行，${Math.round(p.fraction * 100)}%\n`);
        },
      },
    );
    if (!result.ok) {
      throw new CliError(
        `有 ${result.problemCount} 处问题，什么都没有导入 / ${result.problemCount} problem(s): nothing was imported\n${formatProblems(result.problems)}`,
      );
    }
    const rows = result.files.map((f) => [f.file, f.kind, String(f.rows), String(f.inserted), String(f.updated), String(f.unchanged)]);
    print(table(["文件", "种类", "行数", "新增", "更新", "未变"], rows));
    print(`用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
  } finally {
    await store.close();
  }
}

/** `kaohe import`: files or folders into the store, all or nothing, with progress. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { FILE_NAME_PREFIXES, formatProblems, isTableFileName, kindOfFileName, type RecordKind, TABLE_FILE_TYPES_EN, TABLE_FILE_TYPES_TEXT } from "@kaohe/data";
import { changedText, repeatedRowsText, sheetsText, skippedRowText } from "@kaohe/data/import-report";
import { openStore } from "@kaohe/db";
import { importData } from "@kaohe/services";
import { CliError } from "./errors.ts";
import { openExistingStore } from "./open-store.ts";
import { table } from "./render.ts";

/**
 * Folders expand to the table files in them (not Excel's `~$` lock files, nor hidden ones); the other files of a
 * folder are passed over and named (`skipped`), so that none is left out unsaid. What each file holds is told by its
 * name (units…, orders…, 单位…, 工单…) or else by its header row; a file neither tells is refused, naming it.
 */
function expandPaths(paths: string[]): { files: string[]; skipped: string[] } {
  const skipped: string[] = [];
  const files = paths.flatMap((p) => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new CliError(`找不到 ${p} / no such file or folder: ${p}`);
    }
    if (!st.isDirectory()) return [p];
    const names = readdirSync(p).filter((f) => !f.startsWith("~$") && !f.startsWith(".") && !statSync(join(p, f)).isDirectory());
    // a folder's .txt and .xml files are read only when their names say what they hold (a 说明.txt, or a program's
    // settings in .xml, beside the data is not)
    const read = (f: string) => isTableFileName(f) && !(/\.(?:txt|xml)$/i.test(f) && !kindOfFileName(f));
    for (const f of names) if (!read(f)) skipped.push(join(p, f));
    return names.filter(read).map((f) => join(p, f));
  });
  return { files, skipped };
}

export interface RunImportOptions {
  /** an order or event id given again with other content: the later row wins (default: refused) */
  laterRowWins?: boolean;
  /** `--kind`: every file read as this kind, whatever its name says ("orders", "工单") */
  kind?: string;
  /** `--confirm`: import units files that take units assessed now out of every ranking (default: not imported, said why) */
  confirm?: boolean;
  /** `--create`: a SQLite file that is not there is made (an empty store), not refused */
  create?: boolean;
}

/** `--kind`'s word as a kind: an English key, or a Chinese name a file's name may begin with (工单, 考核事件). */
function kindOption(word: string): RecordKind {
  const w = word.trim().toLowerCase();
  const found = FILE_NAME_PREFIXES.find(([prefix]) => prefix === w);
  if (!found) {
    throw new CliError(
      `--kind 应为 units、orders、events、facts、calendar 之一（或 单位、工单、事件、事实、节假日），而不是“${word}” / --kind is units, orders, events, facts or calendar`,
    );
  }
  return found[1];
}

export async function runImport(url: string, paths: string[], actor: string, print: (s: string) => void, options: RunImportOptions = {}): Promise<void> {
  const kind = options.kind === undefined ? undefined : kindOption(options.kind);
  const { files, skipped } = expandPaths(paths);
  if (skipped.length > 0) {
    process.stderr.write(
      `未导入 ${skipped.length} 个不是数据表格的文件（应为 ${TABLE_FILE_TYPES_TEXT}；名称未说明数据种类的 .txt 也不读）/ skipped: ${skipped.join("、")}\n`,
    );
  }
  if (files.length === 0) throw new CliError(`没有可导入的文件（应为 ${TABLE_FILE_TYPES_TEXT}）/ nothing to import (${TABLE_FILE_TYPES_EN} files)`);
  const store = options.create ? await openStore(url) : await openExistingStore(url);
  try {
    let last = 0;
    let lastLine = "";
    const started = Date.now();
    const result = await importData(
      store,
      files.map((path) => (kind ? { path, kind } : { path })),
      {
        actor,
        laterRowWins: options.laterRowWins ?? false,
        confirmUnassessing: options.confirm ?? false,
        onProgress: (p) => {
          // another import into the database holds it (the server's, another command's): this one goes on after it
          if (p.phase === "waiting") {
            process.stderr.write("等待另一个导入完成…（同一数据库的导入依次进行）/ waiting for another import into the database to finish\n");
            return;
          }
          const now = Date.now();
          // nothing to say before the first rows are read (a small file is read whole before its encoding is known)
          if (p.rows === 0) return;
          // a file read (being saved) is said whatever the time, by the rows the report counts (as every count said
          // while reading is), the last file at 100% (a workbook of two sheets, read within the half second, ended on
          // its first sheet's 6 行，88%); its reader's own last word, a moment before, is not: the saving says it
          if (p.phase === "reading" && (now - last < 500 || p.bytesRead >= p.totalBytes)) return;
          const line = `导入 ${p.file}：${p.rows} 行，${Math.round(p.fraction * 100)}%`;
          if (line === lastLine) return;
          last = now;
          lastLine = line;
          process.stderr.write(`${line}\n`);
        },
      },
    );
    if (!result.ok && result.confirm) {
      throw new CliError(`${result.confirm.zh}\n如确要导入，请加 --confirm 重新运行 / ${result.confirm.en}; add --confirm to import it all the same`);
    }
    if (!result.ok) {
      throw new CliError(
        `有 ${result.problemCount} 处问题，什么都没有导入 / ${result.problemCount} problem(s): nothing was imported\n${formatProblems(result.problems, { total: result.problemCount })}`,
      );
    }
    const rows = result.files.map((f) => [f.file, f.kind, String(f.rows), String(f.inserted), String(f.updated), String(f.unchanged)]);
    print(table(["文件", "种类", "行数", "新增", "更新", "未变"], rows));
    for (const f of result.files) {
      // which sheets of a workbook were read, and which not
      const sheets = sheetsText(f);
      if (sheets) print(`${f.file}：${sheets}`);
      // what the updates changed (a re-import moving an order to another unit said only 更新 1: a data review)
      const changed = changedText(f);
      if (changed) print(`${f.file}：${changed}`);
      if (f.skippedRows > 0) {
        const rows = f.skipped.map(skippedRowText).join("、");
        print(`${f.file}：${rows}${f.skippedRows > f.skipped.length ? `等 ${f.skippedRows} 行` : ""}不是记录，没有导入`);
      }
      // which rows, as the console lists them (counts alone: a data review)
      if (f.duplicatesCollapsed > 0)
        print(
          `${f.file}：${f.duplicatesCollapsed} 行与前面的行完全相同（编号和内容都相同），已合并为一条${repeatedRowsText(f, "identical", f.duplicatesCollapsed)}`,
        );
      if (f.duplicatesReplaced > 0)
        print(
          `${f.file}：${f.duplicatesReplaced} 行的编号与前面的行相同、内容不同，按 --later-row-wins 以后出现的行为准${repeatedRowsText(f, "replaces", f.duplicatesReplaced)}`,
        );
    }
    // the accepted corrections the files met: kept (the platform's data still differs) or closed (it now agrees)
    for (const f of result.files) for (const c of f.corrections) print(`${f.file}：${c.message}`);
    const aboutPublished = (w: { code: string }) => w.code === "published-changed" || w.code === "published-data-changed";
    const published = result.warnings.filter(aboutPublished);
    const scoring = result.warnings.filter((w) => !aboutPublished(w));
    for (const w of published) print(`注意：${w.file}：${w.zh}`);
    if (scoring.length > 0) {
      // stored as they are; told so the user can fix the data or the rubric before the month is scored
      print(`请核对以下 ${scoring.length} 处：数据已导入，但按施行中的规则可能不计分、不参加排名，或与原意不同：`);
      for (const w of scoring) print(`  ${w.file}：${w.zh}`);
    }
    print(`用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
  } finally {
    await store.close();
  }
}

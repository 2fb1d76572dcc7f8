/**
 * Loading a folder of import files into a Dataset, all or nothing: any
 * problem in any file means no dataset, and every problem is reported.
 */

import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { isTableFileName, kindOfFileName, TABLE_FILE_TYPES_EN, TABLE_FILE_TYPES_TEXT } from "./file-names.ts";
import type { ReadProgress } from "./read/read-table.ts";
import { tableFormatOf } from "./read/read-table.ts";
import { RECORD_KIND_LABELS, type RecordKind } from "./schema.ts";
import type { Dataset, ImportProblem, Unit } from "./types.ts";
import { loadRecords, readRecordBatches, type UnitResolver } from "./validate/read-records.ts";
import { createUnitResolver } from "./validate/unit-index.ts";

export interface LoadDatasetOptions {
  /** progress of each file as it is read */
  onProgress?: (file: string, progress: ReadProgress) => void;
  /** a repeated order or event id with other content: the later row wins (default: a problem) */
  laterRowWins?: boolean;
}

export type LoadDatasetResult = { dataset: Dataset; problems?: undefined } | { dataset?: undefined; problems: ImportProblem[] };

const REQUIRED: Readonly<Record<RecordKind, boolean>> = { units: true, orders: true, events: false, facts: false, calendar: false };

/** File names a kind is found by besides its English key (calendar.csv or 节假日.csv). */
const OTHER_NAMES: Readonly<Partial<Record<RecordKind, readonly string[]>>> = { calendar: ["节假日", "节假日安排"] };

function fileProblem(file: string, reason: string, reasonEn: string): ImportProblem {
  return { file, row: 0, column: "", value: "", reason, reasonEn };
}

/** Finds `units.csv` / `units.xlsx` / `units.xls` / `units.ods` / `units.xml` etc. in `dir` (file names case-insensitive). */
async function findFiles(dir: string): Promise<{ files: Partial<Record<RecordKind, string>>; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === "ENOENT"
        ? fileProblem(
            dir,
            `没有文件夹“${dir}”：请确认路径；演示数据要先生成（npm run kaohe -- demo --out ${dir}）`,
            `no folder ${dir}: check the path; the demo files are written by \`npm run kaohe -- demo --out ${dir}\``,
          )
        : code === "ENOTDIR"
          ? fileProblem(dir, `“${dir}”是一个文件而不是文件夹：请给出放数据文件的文件夹`, `${dir} is a file, not a folder`)
          : fileProblem(dir, "无法打开数据文件夹（没有读取权限？）", "cannot open the data folder (no permission?)");
    return { files: {}, problems: [problem] };
  }
  const files: Partial<Record<RecordKind, string>> = {};
  for (const kind of Object.keys(REQUIRED) as RecordKind[]) {
    const matches = names.filter((name) => {
      const dot = name.lastIndexOf(".");
      const stem = dot > 0 ? name.slice(0, dot).toLowerCase() : "";
      return (stem === kind || (OTHER_NAMES[kind] ?? []).includes(stem)) && tableFormatOf(name) !== undefined && !name.startsWith("~$");
    });
    if (matches.length > 1) {
      problems.push(fileProblem(matches.join(", "), `${RECORD_KIND_LABELS[kind]}文件有多个，只能保留一个`, `more than one ${kind} file: keep one`));
    } else if (matches[0] !== undefined) {
      files[kind] = join(dir, matches[0]);
    } else if (REQUIRED[kind]) {
      problems.push(
        fileProblem(
          `${kind}.csv`,
          `缺少${RECORD_KIND_LABELS[kind]}文件（文件名为 ${kind}，类型为 ${TABLE_FILE_TYPES_TEXT}，如 ${kind}.csv）`,
          `missing ${kind} file (named ${kind}: ${TABLE_FILE_TYPES_EN}, as ${kind}.csv)`,
        ),
      );
    }
  }
  // a file named as one of a kind but not read (orders-2018-11.csv beside orders.csv): scoring without it would be
  // scoring part of the data without a word
  const taken = new Set(Object.values(files).map((f) => basename(f)));
  for (const name of names) {
    const kind = kindOfFileName(name);
    if (kind === undefined || taken.has(name) || !isTableFileName(name) || name.startsWith("~$")) continue;
    if (problems.some((p) => p.file.split(", ").includes(name))) continue;
    problems.push(
      fileProblem(
        name,
        `文件夹中的“${name}”看起来是${RECORD_KIND_LABELS[kind]}文件，但按文件夹计分时每类只读一个文件，按文件名 ${kind}（类型为 ${TABLE_FILE_TYPES_TEXT}）找：请把同类数据合并为一个 ${kind}.csv，或移出这个文件；多个文件可先用 kaohe import --create --db file:库文件 导入数据库，再以 --db 计分`,
        `${name} looks like a ${kind} file, but a data folder is read one file a kind, by the name ${kind} (${TABLE_FILE_TYPES_EN}): merge the files into one ${kind}.csv or move this one out; or import them with kaohe import and score with --db`,
      ),
    );
  }
  return { files, problems };
}

/**
 * Unit codes and names for resolving references, taken from every unit row
 * that has them, even rows with other problems, so one bad unit row does not
 * also make every order of that unit a problem.
 */
async function readUnitReferences(path: string, options: LoadDatasetOptions): Promise<{ units: Unit[]; problems: ImportProblem[] }> {
  const units: Unit[] = [];
  const problems: ImportProblem[] = [];
  const onProgress = options.onProgress;
  for await (const batch of readRecordBatches(path, "units", {
    onProgress: onProgress && ((p) => onProgress(path, p)),
  })) {
    for (const item of batch) {
      for (const p of item.problems) problems.push(p);
      if (item.record) units.push(item.record);
    }
  }
  return { units, problems };
}

/**
 * Reads `units`, `orders` (required) and `events`, `facts`, `calendar` (节假日; optional) from
 * `dir`, each a `.csv`, `.txt`, `.tsv`, `.xlsx`, `.xls`, `.ods` or `.xml`. Unit references are resolved to codes and
 * must exist. A row repeating an earlier order or event exactly is left out;
 * the same id with other content is a problem, unless `laterRowWins`.
 */
export async function loadDataset(dir: string, options: LoadDatasetOptions = {}): Promise<LoadDatasetResult> {
  const { files, problems } = await findFiles(dir);
  const progressFor = (file: string) => options.onProgress && ((p: ReadProgress) => options.onProgress?.(file, p));

  const collect = (more: readonly ImportProblem[]) => {
    for (const p of more) problems.push(p);
  };

  let units: Unit[] = [];
  let resolveUnit: UnitResolver | undefined;
  if (files.units) {
    const read = await readUnitReferences(files.units, options);
    units = read.units;
    collect(read.problems);
    if (units.length > 0) {
      resolveUnit = createUnitResolver(units);
    } else if (read.problems.length === 0) {
      problems.push(fileProblem(basename(files.units), "责任单位文件中没有任何单位", "the units file has no units"));
    }
    // with no usable unit rows (e.g. a header problem) references are not checked, rather than all reported
  }
  const load = async <K extends "orders" | "events" | "facts" | "calendar">(kind: K) => {
    const path = files[kind];
    if (!path) return [];
    // a file of only a header says there are none of its kind (a folder's facts not yet given)
    const loaded = await loadRecords(path, kind, { resolveUnit, onProgress: progressFor(path), laterRowWins: options.laterRowWins, headerOnlyIsEmpty: true });
    collect(loaded.problems);
    return loaded.records;
  };
  const orders = await load("orders");
  const events = await load("events");
  const facts = await load("facts");
  const calendar = await load("calendar");
  return problems.length > 0 ? { problems } : { dataset: { units, orders, events, facts, calendar } };
}

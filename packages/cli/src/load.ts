/** Reading rubric files and data folders for the command line, with errors a person can act on. */
import { type Dataset, formatProblems, loadDataset, ProblemCollector } from "@kaohe/data";
import { type CompiledRubric, compileRubric, InMemoryMeasureSource, parseLocalDateTime, RubricError, type ScoringData } from "@kaohe/rules-engine";
import { isMonth, isYear } from "@kaohe/time";
import { CliError } from "./errors.ts";
import { readRubricText } from "./rubric-file.ts";

/** A rubric file compiled; a file not in UTF-8 (GBK from Notepad or WPS) is read in its encoding, said on stderr. */
export async function readRubric(file: string): Promise<CompiledRubric> {
  const { text, note } = await readRubricText(file);
  if (note) process.stderr.write(`提示：${note}\n`);
  try {
    return compileRubric(text, file);
  } catch (err) {
    if (err instanceof RubricError) throw new CliError(err.message);
    throw err;
  }
}

/** Load a data folder; progress goes to stderr so stdout stays clean for --json. */
export async function readData(dir: string, progress = false): Promise<Dataset> {
  // every half second of a long read; a folder read in less says nothing (a small file's first report, before any
  // row was counted, read "units.csv：0 行（100%）")
  let last = Date.now();
  const result = await loadDataset(
    dir,
    progress
      ? {
          onProgress: (file, p) => {
            const now = Date.now();
            if (now - last < 500) return;
            last = now;
            process.stderr.write(`读取 ${file}：${p.rows} 行${p.totalBytes ? `（${Math.round((100 * p.bytesRead) / p.totalBytes)}%）` : ""}\n`);
          },
        }
      : {},
  );
  if (result.problems) {
    // the same problem on many rows told once, with its rows, as an import's are
    const grouped = new ProblemCollector(Number.POSITIVE_INFINITY);
    for (const p of result.problems) grouped.add(p);
    throw new CliError(
      `数据文件有 ${result.problems.length} 处问题，未计分 / the data has ${result.problems.length} problem(s); nothing was scored\n${formatProblems(grouped.problems, { foundBy: "reading" })}`,
    );
  }
  return result.dataset;
}

export function scoringData(dataset: Dataset): ScoringData {
  return { units: dataset.units, facts: dataset.facts, source: new InMemoryMeasureSource(dataset) };
}

/**
 * `--as-of`: a moment in Beijing time. A day without a time means the end of that day ("截至 11 月 30 日" counts the
 * 30th, as a deadline does): 2017-11-30 is 2017-11-30 24:00, not its first minute.
 */
export function parseAsOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    const at = parseLocalDateTime(text);
    return /^\s*\d{4}-\d{1,2}-\d{1,2}\s*$/.test(text) ? at + 24 * 3_600_000 : at;
  } catch {
    throw new CliError(`--as-of 应是日期，如 2017-11-30 或 "2017-11-30 18:00"，而不是 ${text} / --as-of takes a date`);
  }
}

export function parsePeriod(opts: { month?: string; year?: string }): { month: string } | { year: number } {
  if (opts.month && opts.year) throw new CliError("--month 与 --year 只能选一个 / give either --month or --year");
  if (opts.month) {
    if (!isMonth(opts.month)) {
      // 2018-13 is written as 年-月: what is wrong is the month (a helper was told the form it had)
      const month = /^\d{4}-(\d{2})$/.exec(opts.month)?.[1];
      throw new CliError(
        month !== undefined
          ? `--month ${opts.month} 的月份 ${month} 不存在：月份应是 01 到 12 / there is no month ${month}`
          : `--month 应写成 年-月，如 2017-10，而不是 ${opts.month} / --month takes YYYY-MM`,
      );
    }
    return { month: opts.month };
  }
  if (opts.year) {
    if (!isYear(opts.year)) throw new CliError(`--year 应是四位年份，如 2017，而不是 ${opts.year} / --year takes YYYY`);
    return { year: Number(opts.year) };
  }
  throw new CliError("请用 --month 2017-10 或 --year 2017 指明考核期 / give --month YYYY-MM or --year YYYY");
}

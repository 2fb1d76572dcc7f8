/**
 * Imports run as jobs: an upload returns at once with a job id, the import
 * runs in the background, and the console polls the job for its progress
 * bar and, at the end, the report (or every problem found, nothing stored).
 *
 * Jobs live in memory: a restart forgets them, which loses nothing, since an
 * import is all or nothing and re-importing a file changes nothing.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import type { RecordKind } from "@kaohe/data";
import { AppError, ErrorCodes, type ImportFile, type ImportResult, importFiles, kindOfFile, type Store } from "@kaohe/db";
import { describeError } from "../errors.ts";

export interface Upload {
  /** the file's name as the user chose it: it says what the file holds (orders-2017-10.csv) */
  name: string;
  contentBase64: string;
}

export type ImportJobState = "running" | "done" | "failed";

export interface ImportJobProgress {
  /** 0–1 over all files of the job */
  fraction: number;
  /** the file being read, null before the first */
  file: string | null;
  kind: RecordKind | null;
  /** rows read of that file */
  rows: number;
}

export interface ImportJob {
  jobId: string;
  state: ImportJobState;
  files: string[];
  createdBy: string;
  startedAt: string;
  finishedAt: string | null;
  progress: ImportJobProgress;
  /** once the rows were checked: the report, or every problem (then nothing was stored) */
  result?: ImportResult;
  /** why a failed job failed */
  error?: { zh: string; en: string };
}

/** Problems kept in a job's report (the count stays exact); more would not help anyone fix a file. */
const MAX_PROBLEMS = 1000;
/** Finished jobs are forgotten after a day. */
const KEEP_FINISHED_MS = 24 * 3600_000;

const fileNameOf = (name: string) => basename(name.replace(/\\/g, "/"));

/** A job as listed: without its report (ask for the job itself for that). */
export type ImportJobSummary = Omit<ImportJob, "result" | "error"> & { ok: boolean | null };

export class ImportJobs {
  private readonly jobs = new Map<string, { view: ImportJob; settled: Promise<void>; storeUrl: string }>();
  /** imports into one database run one after another: SQLite has one writer, and all-or-nothing checks need a stable store */
  private readonly queues = new Map<string, Promise<void>>();

  /** Check the uploads can be imported at all, then start the job. */
  start(store: Store, uploads: Upload[], actor: string): { jobId: string } {
    const unknown = uploads.filter((u) => !kindOfFile(fileNameOf(u.name)));
    if (unknown.length > 0) {
      throw new AppError(
        ErrorCodes.BadInput,
        `无法从文件名判断数据种类：${unknown.map((u) => `“${u.name}”`).join("、")}。请把文件名改为以 units、orders、events 或 facts（或 单位、工单、事件、事实）开头，如“orders-2017-10.csv”，再上传`,
        `cannot tell the kind of data from the file name: ${unknown.map((u) => u.name).join(", ")}`,
        { files: unknown.map((u) => u.name) },
      );
    }
    this.prune();
    const view: ImportJob = {
      jobId: randomUUID(),
      state: "running",
      files: uploads.map((u) => fileNameOf(u.name)),
      createdBy: actor,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: { fraction: 0, file: null, kind: null, rows: 0 },
    };
    const previous = this.queues.get(store.url) ?? Promise.resolve();
    // the uploads are let go once written to disk: they may be large
    const pending: { uploads: Upload[] | null } = { uploads };
    const settled = previous.then(() => this.run(view, store, pending, actor));
    this.queues.set(store.url, settled);
    this.jobs.set(view.jobId, { view, settled, storeUrl: store.url });
    return { jobId: view.jobId };
  }

  /** The job as it is now. */
  get(jobId: string): ImportJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError(ErrorCodes.NotFound, "没有这个导入任务（任务只保留一天，服务重启后也会清空）：请重新上传", `no import job ${jobId}`);
    return structuredClone(job.view);
  }

  /**
   * The jobs of one database, newest first: those running (an import goes on when its page is closed or
   * reloaded, and the console picks it up again from here) and those finished within the day.
   */
  list(store: Store): ImportJobSummary[] {
    this.prune();
    return [...this.jobs.values()]
      .filter((job) => job.storeUrl === store.url)
      .map(({ view: { result, error, ...rest } }) => ({ ...structuredClone(rest), ok: result ? result.ok : null }))
      .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  }

  /** The job once it has finished (for shutdown and tests; the console polls `get`). */
  async settled(jobId: string): Promise<ImportJob> {
    const job = this.jobs.get(jobId);
    if (!job) return this.get(jobId);
    await job.settled;
    return this.get(jobId);
  }

  /** Every job still running has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }

  private async run(view: ImportJob, store: Store, pending: { uploads: Upload[] | null }, actor: string): Promise<void> {
    let dir: string | undefined;
    try {
      dir = await mkdtemp(join(tmpdir(), "kaohe-import-"));
      const files: ImportFile[] = [];
      for (const [i, upload] of (pending.uploads ?? []).entries()) {
        // stored under a name of ours (never a path from the client); the reader goes by the extension
        const path = join(dir, `${i}${extname(upload.name).toLowerCase()}`);
        await writeFile(path, Buffer.from(upload.contentBase64, "base64"));
        const name = fileNameOf(upload.name);
        files.push({ path, name, kind: kindOfFile(name) });
      }
      pending.uploads = null;
      const result = await importFiles(store, files, {
        actor,
        maxProblems: MAX_PROBLEMS,
        onProgress: (p) => {
          view.progress = { fraction: p.fraction, file: p.file, kind: p.kind, rows: p.rows };
        },
      });
      view.result = result;
      if (result.ok) {
        view.progress = { ...view.progress, fraction: 1 };
        view.state = "done";
      } else {
        view.state = "failed";
        view.error = {
          zh: `文件中有 ${result.problemCount} 处问题，没有导入任何数据：请按问题清单改正后重新上传`,
          en: `${result.problemCount} problem(s) in the files; nothing was imported`,
        };
      }
    } catch (err) {
      const info = describeError(err);
      view.state = "failed";
      view.error = { zh: `导入失败，没有导入任何数据：${info.zh}`, en: info.en };
    } finally {
      pending.uploads = null;
      view.finishedAt = new Date().toISOString();
      if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private prune(): void {
    const cutoff = Date.now() - KEEP_FINISHED_MS;
    for (const [id, job] of this.jobs) if (job.view.finishedAt && Date.parse(job.view.finishedAt) < cutoff) this.jobs.delete(id);
  }
}

/** The process's import jobs. */
export const importJobs = new ImportJobs();

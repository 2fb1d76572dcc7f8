/**
 * Imports run as jobs: an upload returns at once with a job id, the import
 * runs in the background, and the console polls the job for its progress
 * bar and, at the end, the report (or every problem found, nothing stored).
 *
 * Jobs live in memory: a restart forgets them, which loses nothing, since an
 * import is all or nothing and re-importing a file changes nothing. Its start
 * is in the audit log under the job's id, though, so that an import the server
 * was stopped in is found and said when it starts again
 * (@kaohe/services recordInterruptedImports).
 */
import { randomUUID } from "node:crypto";
import type { RecordKind } from "@kaohe/data";
import { AppError, ErrorCodes, type ImportFile, type ImportOptions, type ImportProgress, type Store } from "@kaohe/db";
import { type ImportReport, importData, uploads as processUploads, type StoredUpload, type Uploads } from "@kaohe/services";
import { describeError } from "./errors.ts";
import { exclusive, type Workers } from "./placement.ts";

/** A file to import: an upload (see uploads.ts), with its kind when the user chose it. */
interface JobFile {
  uploadId: string;
  kind?: RecordKind;
}

/** Import in this thread, under the store's write lock (imports into one store go one after another), and warn. */
export const importHere = (store: Store, files: ImportFile[], options: Omit<ImportOptions, "onProgress" | "checks">, onProgress: (p: ImportProgress) => void) =>
  exclusive(store, "导入数据", () => importData(store, files, { ...options, onProgress }), Number.POSITIVE_INFINITY);

export type ImportJobState = "running" | "done" | "failed";

export interface ImportJobProgress {
  /** 0–1 over all files of the job */
  fraction: number;
  /** the file being read, null before the first */
  file: string | null;
  kind: RecordKind | null;
  /** rows read of that file */
  rows: number;
  /** reading the files, or saving (every file read: the rest written and committed; nothing counts until then) */
  phase: ImportProgress["phase"];
}

export interface ImportJob {
  jobId: string;
  state: ImportJobState;
  files: string[];
  createdBy: string;
  startedAt: string;
  finishedAt: string | null;
  progress: ImportJobProgress;
  /** once the rows were checked: the report and its warnings, or every problem (then nothing was stored) */
  result?: ImportReport;
  /** why a failed job failed */
  error?: { zh: string; en: string };
}

/** Problems kept in a job's report (the count stays exact); more would not help anyone fix a file. */
const MAX_PROBLEMS = 1000;
/** Finished jobs are forgotten after a day. */
const KEEP_FINISHED_MS = 24 * 3600_000;

/** A job as listed: without its report (ask for the job itself for that). */
type ImportJobSummary = Omit<ImportJob, "result" | "error"> & { ok: boolean | null };

class ImportJobs {
  private readonly jobs = new Map<string, { view: ImportJob; settled: Promise<void>; storeUrl: string }>();

  constructor(private readonly uploads: Uploads = processUploads) {}

  /**
   * Take the uploaded files and start the job (the files' kinds are told from their names or header rows). It runs
   * in the server's writer thread when there is one, else here; either way after the imports before it.
   */
  start(
    store: Store,
    files: JobFile[],
    actor: string,
    options: { laterRowWins?: boolean; workers?: Workers; address?: string | null } = {},
  ): { jobId: string } {
    const taken = this.uploads.take(
      files.map((f) => f.uploadId),
      actor,
    );
    this.prune();
    const view: ImportJob = {
      jobId: randomUUID(),
      state: "running",
      files: taken.map((u) => u.name),
      createdBy: actor,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: { fraction: 0, file: null, kind: null, rows: 0, phase: "reading" },
    };
    const importing: ImportFile[] = taken.map((u, i) => ({ path: u.path, name: u.name, kind: files[i]?.kind }));
    const importOptions = { actor, address: options.address ?? null, maxProblems: MAX_PROBLEMS, laterRowWins: options.laterRowWins, runId: view.jobId };
    const onProgress = (p: ImportProgress) => {
      view.progress = { fraction: p.fraction, file: p.file, kind: p.kind, rows: p.rows, phase: p.phase };
    };
    const workers = options.workers;
    const settled = this.run(view, taken, () =>
      workers ? workers.importFiles(importing, importOptions, onProgress) : importHere(store, importing, importOptions, onProgress),
    );
    this.jobs.set(view.jobId, { view, settled, storeUrl: store.url });
    return { jobId: view.jobId };
  }

  /** The job as it is now; \`NOT_FOUND\` when this process does not know it (see the router's \`job\`). */
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

  /** Every job still running has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((job) => job.settled));
  }

  private async run(view: ImportJob, taken: StoredUpload[], importing: () => Promise<ImportReport>): Promise<void> {
    try {
      const result = await importing();
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
      if (info.appCode === "INTERNAL") console.error(`[kaohe] 导入任务 ${view.jobId} 失败 / import job failed:`, err);
      view.state = "failed";
      view.error = { zh: `导入失败，没有导入任何数据：${info.zh}`, en: info.en };
    } finally {
      view.finishedAt = new Date().toISOString();
      await this.uploads.discard(taken).catch(() => undefined);
    }
  }

  private prune(): void {
    const cutoff = Date.now() - KEEP_FINISHED_MS;
    for (const [id, job] of this.jobs) if (job.view.finishedAt && Date.parse(job.view.finishedAt) < cutoff) this.jobs.delete(id);
  }
}

/** The process's import jobs. */
export const importJobs = new ImportJobs();

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
 *
 * An import that would take units assessed now out of every ranking (@kaohe/services importData, `confirm`) is
 * not stored but held: its uploads are kept for an hour, for the user who started it to import them all the same
 * (`confirm`: a new job, the same files, confirmed) or to drop them (`cancel`).
 */
import { randomUUID } from "node:crypto";
import type { RecordKind } from "@kaohe/data";
import { AppError, ErrorCodes, type ImportFile, type ImportProgress, type Store } from "@kaohe/db";
import { type ImportDataOptions, type ImportReport, importData, uploads as processUploads, type StoredUpload, type Uploads } from "@kaohe/services";
import { describeError } from "./errors.ts";
import { exclusive, type Workers } from "./placement.ts";

/** A file to import: an upload (see uploads.ts), with its kind when the user chose it. */
interface JobFile {
  uploadId: string;
  kind?: RecordKind;
}

/** Import in this thread, under the store's write lock (imports into one store go one after another), and warn. */
export const importHere = (store: Store, files: ImportFile[], options: Omit<ImportDataOptions, "onProgress">, onProgress: (p: ImportProgress) => void) =>
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
  /**
   * waiting for another import into the database to end (this server's, or another process's: imports go one after
   * another), reading the files, or saving (every file read: the rest written and committed; nothing counts until then)
   */
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
  /**
   * A job not stored until the user confirms it (`result.confirm` says why): its files are kept until `until`, for
   * `createdBy` to import them all the same (`confirm`) or drop them (`cancel`); gone once either is done
   */
  confirmable?: { until: string };
  /** the job that imported this one's files once confirmed */
  confirmedAs?: string;
}

/** Problems kept in a job's report (the count stays exact); more would not help anyone fix a file. */
const MAX_PROBLEMS = 1000;
/** Finished jobs are forgotten after a day. */
const KEEP_FINISHED_MS = 24 * 3600_000;
/** The files of a job waiting to be confirmed are kept for an hour (as long as an upload not imported). */
const KEEP_UNCONFIRMED_MS = 3600_000;

const unknownJob = (jobId: string) =>
  new AppError(ErrorCodes.NotFound, "没有这个导入任务（任务只保留一天，服务重启后也会清空）：请重新上传", `no import job ${jobId}`);

/** A job as listed: without its report (ask for the job itself for that). */
type ImportJobSummary = Omit<ImportJob, "result" | "error"> & { ok: boolean | null };

/** Where and how a job imports: what its files were, to import them again once confirmed. */
interface JobRun {
  store: Store;
  taken: StoredUpload[];
  kinds: (RecordKind | undefined)[];
  actor: string;
  options: JobOptions;
}

interface JobOptions {
  laterRowWins?: boolean;
  workers?: Workers;
  address?: string | null;
  confirmUnassessing?: boolean;
}

/** A job: what it shows, its end, its database, and its run while held to be confirmed (cleared when the files go). */
interface JobEntry {
  view: ImportJob;
  settled: Promise<void>;
  storeUrl: string;
  held?: { run: JobRun; timer: NodeJS.Timeout };
}

class ImportJobs {
  private readonly jobs = new Map<string, JobEntry>();

  constructor(private readonly uploads: Uploads = processUploads) {}

  /**
   * Take the uploaded files and start the job (the files' kinds are told from their names or header rows). It runs
   * in the server's writer thread when there is one, else here; either way after the imports before it.
   */
  start(store: Store, files: JobFile[], actor: string, options: Omit<JobOptions, "confirmUnassessing"> = {}): { jobId: string } {
    const taken = this.uploads.take(
      files.map((f) => f.uploadId),
      actor,
    );
    this.prune();
    return this.launch({ store, taken, kinds: files.map((f) => f.kind), actor, options });
  }

  /**
   * Import a held job's files all the same (a new job, returned to poll), as the user who started it confirmed
   * (another data.import holder may not: the files are that user's uploads, and the judgement is of what they hold).
   */
  confirm(store: Store, jobId: string, actor: string, options: Pick<JobOptions, "workers" | "address">): { jobId: string } {
    const { run, view } = this.release(store, jobId, actor, "确认导入");
    const next = this.launch({ ...run, store, options: { ...run.options, ...options, confirmUnassessing: true } });
    view.confirmedAs = next.jobId;
    return next;
  }

  /** Drop a held job's files (nothing was stored). */
  async cancel(store: Store, jobId: string, actor: string): Promise<void> {
    const { run } = this.release(store, jobId, actor, "取消导入");
    await this.uploads.discard(run.taken).catch(() => undefined);
  }

  /** A held job's files, taken from it (by the user who started it). */
  private release(store: Store, jobId: string, actor: string, what: string): { run: JobRun; view: ImportJob } {
    const job = this.jobs.get(jobId);
    if (!job || job.storeUrl !== store.url) throw unknownJob(jobId);
    const { view, held } = job;
    if (!held)
      throw new AppError(
        ErrorCodes.Conflict,
        view.confirmedAs ? "这次导入已经确认，正在或已经导入：请看导入结果" : "这次导入没有待确认的文件（已取消，或已超过一小时，文件已删除）：请重新上传文件",
        `import job ${jobId} has no files held for confirmation`,
      );
    if (view.createdBy !== actor)
      throw new AppError(
        ErrorCodes.Forbidden,
        `这次导入由 ${view.createdBy} 开始，只有他本人可以${what}：请联系 ${view.createdBy}，或自己上传文件导入`,
        `only ${view.createdBy}, who started the import, may confirm or cancel it`,
      );
    clearTimeout(held.timer);
    job.held = undefined;
    view.confirmable = undefined;
    return { run: held.run, view };
  }

  private launch(run: JobRun): { jobId: string } {
    const { store, taken, actor, options } = run;
    const view: ImportJob = {
      jobId: randomUUID(),
      state: "running",
      files: taken.map((u) => u.name),
      createdBy: actor,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      // behind another job of this server's on the database (they run one after another): waiting from the start
      progress: { fraction: 0, file: null, kind: null, rows: 0, phase: this.running(store) ? "waiting" : "reading" },
    };
    const importing: ImportFile[] = taken.map((u, i) => ({ path: u.path, name: u.name, kind: run.kinds[i] }));
    const importOptions: Omit<ImportDataOptions, "onProgress"> = {
      actor,
      address: options.address ?? null,
      maxProblems: MAX_PROBLEMS,
      laterRowWins: options.laterRowWins,
      runId: view.jobId,
      confirmUnassessing: options.confirmUnassessing ?? false,
    };
    const onProgress = (p: ImportProgress) => {
      view.progress =
        p.phase === "waiting" ? { ...view.progress, phase: p.phase } : { fraction: p.fraction, file: p.file, kind: p.kind, rows: p.rows, phase: p.phase };
    };
    const workers = options.workers;
    const entry: JobEntry = {
      view,
      settled: Promise.resolve(),
      storeUrl: store.url,
    };
    entry.settled = this.run(
      view,
      taken,
      () => (workers ? workers.importFiles(importing, importOptions, onProgress) : importHere(store, importing, importOptions, onProgress)),
      // to be confirmed: the files are kept (for an hour) to import them all the same
      () => {
        const until = Date.now() + KEEP_UNCONFIRMED_MS;
        const timer = setTimeout(() => {
          if (entry.held?.timer !== timer) return;
          entry.held = undefined;
          view.confirmable = undefined;
          void this.uploads.discard(taken).catch(() => undefined);
        }, KEEP_UNCONFIRMED_MS);
        timer.unref();
        entry.held = { run, timer };
        view.confirmable = { until: new Date(until).toISOString() };
      },
    );
    this.jobs.set(view.jobId, entry);
    return { jobId: view.jobId };
  }

  /** Whether a job of this store runs now. */
  private running(store: Store): boolean {
    return [...this.jobs.values()].some((job) => job.storeUrl === store.url && job.view.state === "running");
  }

  /** The job as it is now; \`NOT_FOUND\` when this process does not know it (see the router's \`job\`). */
  get(jobId: string): ImportJob {
    const job = this.jobs.get(jobId);
    if (!job) throw unknownJob(jobId);
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

  /** Run the import; one to be confirmed is held (`hold`: its files kept) before it is seen finished, else its files are discarded. */
  private async run(view: ImportJob, taken: StoredUpload[], importing: () => Promise<ImportReport>, hold: () => void): Promise<void> {
    let held = false;
    try {
      const result = await importing();
      view.result = result;
      if (result.ok) {
        view.progress = { ...view.progress, fraction: 1 };
        view.state = "done";
      } else if (result.confirm) {
        hold();
        held = true;
        view.error = { zh: `需要确认，还没有导入任何数据：${result.confirm.zh}`, en: `to be confirmed; nothing was imported: ${result.confirm.en}` };
        view.state = "failed";
      } else {
        view.state = "failed";
        view.error = {
          zh: `文件中有 ${result.problemCount} 处问题，没有导入任何数据：请按问题清单改正后重新上传`,
          en: `${result.problemCount} problem(s) in the files; nothing was imported`,
        };
      }
    } catch (err) {
      const info = describeError(err);
      // ours, or the database out of reach (then said so: 数据库暂时无法连接): its cause for the log
      if (info.appCode === "INTERNAL" || info.appCode === ErrorCodes.Unavailable)
        console.error(`[kaohe] 导入任务 ${view.jobId} 失败 / import job failed:`, err);
      view.state = "failed";
      view.error = { zh: `导入失败，没有导入任何数据：${info.zh}`, en: info.en };
    } finally {
      view.finishedAt = new Date().toISOString();
      if (!held) await this.uploads.discard(taken).catch(() => undefined);
    }
  }

  private prune(): void {
    const cutoff = Date.now() - KEEP_FINISHED_MS;
    for (const [id, job] of this.jobs) if (job.view.finishedAt && Date.parse(job.view.finishedAt) < cutoff) this.jobs.delete(id);
  }
}

/** The process's import jobs. */
export const importJobs = new ImportJobs();

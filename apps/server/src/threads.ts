/**
 * The server's worker threads. The request thread only routes requests and
 * answers light reads; work that takes time runs elsewhere, so that a page
 * reloaded during an import, or the units list asked for while ten months are
 * scored, is answered at once:
 *
 * - one writer thread: every mutation and every import, one write at a time;
 * - reader threads: scoring, comparisons, drill-downs, reports;
 * - the checker thread, started at the first upload: attachments' checks, one at a time.
 *
 * A thread that dies (out of memory, a bug) fails what it was doing with a
 * clear message and is started again; the request thread stays up. A reader's
 * task or an attachment's check past its time limit is failed so too, and its
 * thread replaced; the writer's tasks have none (a write is not stopped half done).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type Placement, type RemoteCall, RemoteError, type RemoteFailure, requesterOf, type Workers } from "@kaohe/api";
import { AppError, type ErrorCode, ErrorCodes, type ImportFile, type ImportProgress } from "@kaohe/db";
import type { ImportDataOptions, ImportReport, SniffedAttachment } from "@kaohe/services";
import type { ExportRequest } from "./exports.ts";

export interface WorkerInit {
  url: string;
  name: string;
  /** the checker: it reads the attachments it is sent and nothing else (no store opened, no rubrics compiled) */
  checker?: boolean;
}

export type Task =
  | { id: number; type: "call"; call: RemoteCall }
  | { id: number; type: "import"; files: ImportFile[]; options: Omit<ImportDataOptions, "onProgress"> }
  | { id: number; type: "report"; month: string; withResponses: boolean }
  | { id: number; type: "export"; request: ExportRequest }
  | { id: number; type: "op"; name: string; args: unknown[] }
  | { id: number; type: "attachment"; fileName: string; content: Uint8Array }
  /** is the thread's event loop free to answer (a task past its limit: is the thread stuck in it, or only waiting) */
  | { id: number; type: "ping" };

export type Reply =
  | { ready: true }
  /** the task is begun (a task's time limit counts from here, not from when it was sent: one queued behind another has not overrun) */
  | { id: number; started: true }
  | { id: number; progress: ImportProgress }
  | { id: number; ok: true; data: unknown }
  | { id: number; ok: false; failure: RemoteFailure }
  | { id: number; pong: true };

type TaskInput = Task extends infer T ? (T extends { id: number } ? Omit<T, "id"> : never) : never;

interface Pending {
  /** what the task is (a procedure's path, an import, an op's name) and when it was sent: `busy()` says it */
  what: string;
  sent: number;
  resolve: (data: unknown) => void;
  reject: (err: Error) => void;
  onProgress?: (p: ImportProgress) => void;
  /** the thread has begun the task */
  started?: () => void;
  /** the task, kept to be sent again to a new thread when another task stops this one (a reader's: a read) */
  again?: TaskInput;
  /** it was sent again once already: lost a second time, it fails */
  sentAgain?: boolean;
  /** its time limit, running once the thread has begun it */
  timer?: NodeJS.Timeout;
}

/**
 * A task's time limit: past `ms` from its start it fails with `error()`, its thread is stopped and a new one started.
 * `again`: the task is a read, to be sent again to the new thread when another task's overrun stops its thread.
 */
interface Limit {
  ms: number;
  error: () => Error;
  again?: boolean;
}

/**
 * Each thread's first module. In the built server (scripts/build.mjs) KAOHE_WORKER_ENTRY is defined as
 * the bundled worker, ../dist/worker.mjs from here (every bundled module keeps its source file's
 * import.meta.url); run from the TypeScript sources (tests), worker-entry.mjs registers tsx and loads worker.ts.
 */
declare const KAOHE_WORKER_ENTRY: string | undefined;
const entry = new URL(typeof KAOHE_WORKER_ENTRY === "string" ? KAOHE_WORKER_ENTRY : "./worker-entry.mjs", import.meta.url);

const rebuild = (f: RemoteFailure) => {
  if (f.info.appCode !== "INTERNAL" && f.info.appCode !== "SCORING_FAILED" && f.info.appCode !== "BAD_REQUEST") {
    // a domain error: the same AppError as in-process (the export route and the import job read it)
    return new AppError(f.info.appCode as ErrorCode, f.info.zh, f.info.en, f.info.detail ?? undefined);
  }
  return new RemoteError(f.trpcCode, f.info, f.zodError);
};

const taskName = (task: TaskInput): string =>
  task.type === "call"
    ? task.call.path
    : task.type === "op"
      ? `op ${task.name}`
      : task.type === "report"
        ? `report ${task.month}`
        : task.type === "attachment"
          ? "attachment check"
          : task.type;

/**
 * How long an attachment's check may take once begun (a 10 MB file made to be slow is read or refused within a few
 * seconds: attachment-active-content.ts): past it, refused, and the checker started again.
 */
const ATTACHMENT_CHECK_MS = 20_000;
/**
 * How long a check may wait for its turn (at most MAX_UPLOADING of them wait, attachment-uploads.ts, each checked
 * within a few seconds): past it, the upload is refused as the server being busy, not as the file's fault.
 */
const ATTACHMENT_WAIT_MS = 60_000;

/**
 * How long a reader's task may take once begun: past it, the task fails with a message saying so, the reader is stopped
 * and a new one started, and the reader's other tasks are sent to the new one. Without a limit, a draft made to be slow
 * to score (a security probe: 40 measures each counting a 16,000-operation expression over every order) held the one
 * reader of a 2-core server, and every ranking page behind it, for over 5 minutes. Far above real work: on 1,000,000
 * orders a month's ranking, comparison or publish preview takes 0.3 to 6.5 s cold (README, console bench), a year a
 * dozen such months; a busy, slower 2-core machine takes a few times that.
 */
const READER_TASK_MS = 180_000;
/**
 * How long a thread whose task is past its limit has to answer a ping before it is taken as stuck: a thread that
 * answers is waiting (for the database, or for its other tasks' turns), not held, and its task goes on; one whose
 * event loop a task holds (a draft's scoring, a text's check: synchronous work) cannot answer, and is replaced. Far
 * above the longest single step of real work (one SQL aggregate over a million orders: 1 to 3 s).
 */
const PING_MS = 10_000;
/**
 * How long checking or formatting a rubric's text may take once begun (rubrics.check, .format, and the check a draft's
 * save makes first: Threads.call). The longest text allowed parses in 0.3 to 0.6 s (schemas.ts); a text made to be
 * slow to check took minutes (a security probe), in the writer when saved.
 */
const RUBRIC_TEXT_MS = 20_000;

/**
 * How many of one user's tasks the readers are sent at once, all readers together; the user's others wait their turn
 * here, not in a thread. A thread takes what it is sent in order, so a leader's 20 year reports sent at once (a probe
 * looping downloads in 20 tabs) had every other user's page wait behind all of them, 2 to 8 s; now another user's task
 * waits behind at most this many of any one user's. Not fewer: a page asks for several reads at once (the month, the
 * last month, the months with data …), which at 2 took turns among themselves on an idle server (the e2e walk of a
 * month: 65 s against 58–64 s unbounded).
 */
const READER_TASKS_PER_USER = 4;
/**
 * How many of one user's tasks may wait for their turn (past READER_TASKS_PER_USER): more are refused at once, so that
 * what waits stays bounded. The console never has this many under way for one person; the tRPC calls are capped
 * lower already (IN_FLIGHT_MAX, packages/api trpc.ts), the downloads are not.
 */
const READER_WAITING_PER_USER = 50;

/** One user's tasks for the readers: how many are sent and not answered, and those waiting their turn, oldest first. */
interface ReaderTurns {
  sent: number;
  waiting: { what: string; since: number; send: () => void; fail: (err: Error) => void }[];
}

/** One worker thread, restarted when it dies. */
class Thread {
  private worker!: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** pings sent and not yet answered, by id (answers) */
  private readonly pongs = new Map<number, () => void>();
  private closing = false;
  /** resolves once the thread has opened the store */
  ready!: Promise<void>;

  constructor(
    private readonly init: WorkerInit,
    private readonly entry: URL,
  ) {
    this.spawn();
  }

  get load(): number {
    return this.pending.size;
  }

  private spawn(): void {
    const worker = new Worker(this.entry, { workerData: this.init, name: `kaohe-${this.init.name}` });
    this.worker = worker;
    let markReady!: () => void;
    this.ready = new Promise((ok) => {
      markReady = ok;
    });
    worker.on("message", (reply: Reply) => {
      // a thread stopped for a task that overran may still answer before it ends: its tasks are the new thread's now
      if (this.worker !== worker) return;
      if ("ready" in reply) return markReady();
      if ("pong" in reply) return this.pongs.get(reply.id)?.();
      const p = this.pending.get(reply.id);
      if (!p) return;
      if ("progress" in reply) return p.onProgress?.(reply.progress);
      if ("started" in reply) return p.started?.();
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.data);
      else p.reject(rebuild(reply.failure));
    });
    worker.on("error", (err) => console.error(`[kaohe] ${this.init.name} 线程出错 / the ${this.init.name} thread failed:`, err));
    worker.on("exit", (code) => {
      if (this.worker !== worker) return;
      this.failPending(`exit ${code}`);
      if (!this.closing) {
        console.error(`[kaohe] ${this.init.name} 线程已退出（${code}），重新启动 / the ${this.init.name} thread exited, restarting`);
        this.spawn();
      }
    });
  }

  /** Every task sent and not answered failed: the thread stopped. */
  private failPending(why: string): void {
    const lost = [...this.pending.values()];
    this.pending.clear();
    for (const p of lost) {
      p.reject(
        new AppError(
          ErrorCodes.Conflict,
          "服务器的后台线程意外停止，操作没有完成，也没有保存任何修改：请重试；如仍出错，请把出错时间告诉系统管理员",
          `the ${this.init.name} thread stopped (${why}); nothing was changed`,
        ),
      );
    }
  }

  /**
   * A task, answered by the thread. With a `limit`, the task is failed with its error once it has run (counted from
   * the thread's "started", not from sending: a task queued behind another has not overrun) longer than its ms, and
   * the thread, stuck in it (it cannot be interrupted), is stopped and a new one started at once: what is sent next
   * goes to the new one.
   */
  run(task: TaskInput, onProgress?: (p: ImportProgress) => void, limit?: Limit): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const p: Pending = {
        what: taskName(task),
        sent: Date.now(),
        resolve: (data) => {
          clearTimeout(p.timer);
          resolve(data);
        },
        reject: (err) => {
          clearTimeout(p.timer);
          reject(err);
        },
        onProgress,
        started: limit
          ? () => {
              p.timer ??= setTimeout(() => void this.overdue(id, limit, reject), limit.ms);
            }
          : undefined,
        again: limit?.again ? task : undefined,
      };
      this.pending.set(id, p);
      try {
        this.worker.postMessage({ ...task, id });
      } catch (err) {
        // the task cannot be copied to the thread (a body nested 100,000 deep overflows the copy): refused, not kept
        this.pending.delete(id);
        // the request's fault, not ours: one line, no stack (a signed-in user could fill the log with them)
        console.error(`[kaohe] ${new Date().toISOString()} task ${task.type} not sent to its thread: ${err instanceof Error ? err.message : String(err)}`);
        reject(new AppError(ErrorCodes.BadInput, "请求的数据无法处理：嵌套层次过深或含有不支持的内容", "the request cannot be passed to a worker thread"));
      }
    });
  }

  /**
   * Whether the thread answers a ping within `ms`: its event loop is free (what it is doing waits for the database or
   * its turn), not held by a task's synchronous work.
   */
  private answers(ms: number): Promise<boolean> {
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise((resolve) => {
      const done = (alive: boolean) => {
        clearTimeout(timer);
        this.pongs.delete(id);
        resolve(alive && this.worker === worker);
      };
      const timer = setTimeout(() => done(false), ms);
      this.pongs.set(id, () => done(true));
      try {
        worker.postMessage({ type: "ping", id });
      } catch {
        done(false);
      }
    });
  }

  /**
   * A task past its limit: if its thread still answers, it is waiting, not held (a large county's year, several reads
   * at once in one reader), and goes on, looked at again after as long; else the thread is stuck in some task's
   * synchronous work and is replaced (overran). A reader restarted for a task that was only slow lost every other
   * user's work in it (a review).
   */
  private async overdue(id: number, limit: Limit, reject: (err: Error) => void): Promise<void> {
    const p = this.pending.get(id);
    if (!p) return;
    const worker = this.worker;
    const alive = await this.answers(Math.min(PING_MS, limit.ms));
    // settled meanwhile, or its thread replaced for another task and it sent to the new one (with a limit anew)
    if (this.pending.get(id) !== p || this.worker !== worker) return;
    if (alive) p.timer = setTimeout(() => void this.overdue(id, limit, reject), limit.ms);
    else this.overran(id, limit, reject);
  }

  /**
   * A task past its limit whose thread no longer answers: failed with its error, the thread stopped, and a new one started for what is sent next. The
   * thread's other tasks (a reader runs several at once; the checker has none) are sent to the new thread, each once:
   * they are reads, and another user's page must not fail for someone else's task. One lost so a second time (the task
   * that held the thread may be one of them: the limit of the task begun first runs out first) fails, asking for a retry.
   */
  private overran(id: number, limit: Limit, reject: (err: Error) => void): void {
    if (!this.pending.delete(id)) return;
    reject(limit.error());
    console.error(`[kaohe] ${this.init.name} 线程的任务超过 ${limit.ms / 1000} 秒，重新启动该线程 / a task took over ${limit.ms} ms, restarting the thread`);
    if (this.closing) return;
    const stuck = this.worker;
    const others = [...this.pending];
    this.pending.clear();
    this.spawn();
    void stuck.terminate();
    for (const [otherId, p] of others) {
      if (!p.again || p.sentAgain) {
        p.reject(
          new AppError(
            ErrorCodes.Busy,
            "服务器因另一项耗时过长的任务重新启动了后台线程，您的这项请求没有完成（没有修改任何数据）：请重试",
            `the ${this.init.name} thread was restarted for another task that overran; nothing was changed, try again`,
          ),
        );
        continue;
      }
      clearTimeout(p.timer);
      p.timer = undefined;
      p.sentAgain = true;
      p.sent = Date.now();
      this.pending.set(otherId, p);
      this.worker.postMessage({ ...p.again, id: otherId });
    }
  }

  /** The tasks sent and not yet answered, oldest first: "writer: publication.publish (12.3 s)". */
  busy(now = Date.now()): string[] {
    return [...this.pending.values()].map((p) => `${this.init.name}: ${p.what} (${((now - p.sent) / 1000).toFixed(1)} s)`);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}

export interface ThreadsOptions {
  /** reader threads; default one fewer than the cores (at least 1, at most 4): the request thread and the writer need little */
  readers?: number;
  /** how long an attachment's check may take once begun, in ms (default ATTACHMENT_CHECK_MS) */
  attachmentCheckMs?: number;
  /** how long an attachment's check may wait for its turn, in ms (default ATTACHMENT_WAIT_MS) */
  attachmentWaitMs?: number;
  /** how long a reader's task may take once begun, in ms (default READER_TASK_MS) */
  readerTaskMs?: number;
  /** how long checking a rubric's text may take once begun, in ms (default RUBRIC_TEXT_MS) */
  rubricTextMs?: number;
  /**
   * each thread's first module, when not the default (above): the e2e tests run the server from its sources and its
   * threads from the bundle built of those same sources (apps/server/dist/worker.mjs), which a thread loads in about a
   * second, where registering tsx and loading the sources through it took 5 to 10 s a thread on a busy 2-core machine
   */
  entry?: URL;
}

/** The writer, the readers and the checker of one store. */
export class Threads implements Workers {
  private readonly writer: Thread;
  private readonly readers: Thread[];
  private readonly attachmentCheckMs: number;
  private readonly attachmentWaitMs: number;
  private readonly readerTaskMs: number;
  private readonly rubricTextMs: number;
  /** each user's tasks for the readers (requesterOf), while one is sent or waiting */
  private readonly readerTurns = new Map<string, ReaderTurns>();
  /** attachments' checks, started at the first (most days see no upload) */
  private checker: Thread | null = null;
  /** checks waiting for the checker, oldest first */
  private readonly checks: { begin: () => void; wait: NodeJS.Timeout; fail: (err: Error) => void }[] = [];
  private checking = false;

  constructor(
    private readonly url: string,
    private readonly options: ThreadsOptions = {},
  ) {
    const readers = options.readers ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.attachmentCheckMs = options.attachmentCheckMs ?? ATTACHMENT_CHECK_MS;
    this.attachmentWaitMs = options.attachmentWaitMs ?? ATTACHMENT_WAIT_MS;
    this.readerTaskMs = options.readerTaskMs ?? READER_TASK_MS;
    this.rubricTextMs = options.rubricTextMs ?? RUBRIC_TEXT_MS;
    this.writer = new Thread({ url, name: "writer" }, options.entry ?? entry);
    this.readers = Array.from({ length: readers }, (_, i) => new Thread({ url, name: `reader-${i + 1}` }, options.entry ?? entry));
  }

  /** Every thread has opened the store. */
  async ready(): Promise<void> {
    await Promise.all([this.writer, ...this.readers].map((t) => t.ready));
  }

  /** The least busy reader. */
  private reader(): Thread {
    return this.readers.reduce((a, b) => (b.load < a.load ? b : a));
  }

  call(placement: Exclude<Placement, "caller">, call: RemoteCall, limit?: "rubricText"): Promise<unknown> {
    // the writer's tasks have no limit: stopping it would stop a write half done (an import, a publication)
    if (placement === "writer") return this.writer.run({ type: "call", call });
    const task = { type: "call" as const, call };
    return this.onReader(requesterOf(call.user, call.address), task, limit === "rubricText" ? this.rubricTextLimit() : this.readerLimit("本次计算或查询"));
  }

  /** A reader's task's limit: `what` (本次计算或查询) said in its error. */
  private readerLimit(what: string): Limit {
    const ms = this.readerTaskMs;
    return {
      ms,
      again: true,
      error: () =>
        new AppError(
          ErrorCodes.Busy,
          `${what}超过 ${ms / 1000} 秒仍未完成，已停止（没有修改任何数据）：可能是数据或规则过于复杂，或服务器正忙于其他工作。请稍后重试；如仍超时，请缩小范围（如逐月而非整年）或把出错时间告诉系统管理员`,
          `the task took over ${ms} ms and was stopped; nothing was changed`,
        ),
    };
  }

  /** The limit of checking a rubric's text (a check, a format, a save's check). */
  private rubricTextLimit(): Limit {
    const ms = this.rubricTextMs;
    return {
      ms,
      again: true,
      error: () =>
        new AppError(
          ErrorCodes.BadInput,
          `规则文本的检查超过 ${ms / 1000} 秒仍未完成，已停止：文本过于复杂（如大量未定义的名称），没有保存，也没有修改任何数据。请删去或改正未定义的名称、把文本分成较小的规则后再试；如文本并不复杂，可能是服务器正忙，请稍后重试`,
          `checking the rubric's text took over ${ms} ms and was stopped; nothing was saved`,
        ),
    };
  }

  /**
   * A task of `who` run in the least busy reader, when its turn comes: at most READER_TASKS_PER_USER of theirs are sent
   * at once, the next sent as one is answered (to the reader least busy then), so other users' tasks are sent between
   * them; past READER_WAITING_PER_USER waiting, refused. A task waiting here has not been sent: what the threads are
   * busy with (`busy()`) and since when count from its sending.
   */
  private onReader(who: string, task: TaskInput, limit: Limit): Promise<unknown> {
    let turns = this.readerTurns.get(who);
    if (!turns) {
      turns = { sent: 0, waiting: [] };
      this.readerTurns.set(who, turns);
    }
    const mine = turns;
    const send = (): Promise<unknown> => {
      mine.sent++;
      return this.reader()
        .run(task, undefined, limit)
        .finally(() => {
          mine.sent--;
          const next = mine.waiting.shift();
          if (next) next.send();
          else if (mine.sent === 0) this.readerTurns.delete(who);
        });
    };
    if (mine.sent < READER_TASKS_PER_USER) return send();
    if (mine.waiting.length >= READER_WAITING_PER_USER) {
      return Promise.reject(
        new AppError(
          ErrorCodes.Busy,
          `请求过多，请稍后再试（您已有 ${READER_TASKS_PER_USER + READER_WAITING_PER_USER} 项查询、报表或下载正在处理或排队）`,
          `too many requests: ${READER_TASKS_PER_USER + READER_WAITING_PER_USER} of yours are under way or waiting; try again once they are done`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      mine.waiting.push({ what: taskName(task), since: Date.now(), send: () => void send().then(resolve, reject), fail: reject });
    });
  }

  importFiles(files: ImportFile[], options: Omit<ImportDataOptions, "onProgress">, onProgress: (p: ImportProgress) => void): Promise<ImportReport> {
    return this.writer.run({ type: "import", files, options }, onProgress) as Promise<ImportReport>;
  }

  op(name: string, args: unknown[]): Promise<unknown> {
    return this.writer.run({ type: "op", name, args });
  }

  /** What every thread is doing: the tasks sent to it and not yet answered (a failed e2e test prints them). */
  busy(): string[] {
    const now = Date.now();
    const waiting = this.checks.length > 0 ? [`checker: ${this.checks.length} attachment checks waiting`] : [];
    const turns = [...this.readerTurns]
      .filter(([, t]) => t.waiting.length > 0)
      .map(
        ([who, t]) =>
          `readers: ${t.waiting.length} tasks of ${who} waiting their turn (oldest ${t.waiting[0]?.what}, ${((now - (t.waiting[0]?.since ?? now)) / 1000).toFixed(1)} s)`,
      );
    return [this.writer, ...this.readers, ...(this.checker ? [this.checker] : [])].flatMap((t) => t.busy(now)).concat(waiting, turns);
  }

  /**
   * An attachment's type told and what it may carry checked (`sniffAttachment`), in the checker thread: reading a
   * file made to be slow held the request thread, and so every user, for minutes. The checker is a thread of its own
   * so that stopping it stops no one's scoring or report (a reader's other tasks failed with it), and no scoring
   * delays a check. Checks run one at a time, sent as the one before is answered: each is timed from its start in the
   * thread, and one that runs past the limit is refused as the file's fault and the checker started again, with
   * nothing else in it to lose. One that waited past ATTACHMENT_WAIT_MS for its turn is refused as the server busy.
   */
  checkAttachment(content: Buffer, fileName: string): Promise<SniffedAttachment> {
    const ms = this.attachmentCheckMs;
    const error = () =>
      new AppError(
        ErrorCodes.BadInput,
        `附件“${fileName}”无法检查：检查其内容超过 ${ms / 1000} 秒仍未完成（文件结构异常或过于复杂），不能上传。请用原来的程序另存一份（或另存为 PDF）后再上传`,
        `the attachment's check took over ${ms} ms`,
        { refusedAttachment: "a file too slow to check" },
      );
    return new Promise((resolve, reject) => {
      const check = {
        begin: () => {
          this.checker ??= new Thread({ url: this.url, name: "checker", checker: true }, this.options.entry ?? entry);
          this.checker
            .run({ type: "attachment", fileName, content }, undefined, { ms, error })
            .then((sniffed) => resolve(sniffed as SniffedAttachment), reject)
            .finally(() => {
              this.checking = false;
              this.nextCheck();
            });
        },
        wait: setTimeout(() => {
          this.checks.splice(this.checks.indexOf(check), 1);
          reject(
            new AppError(
              ErrorCodes.Busy,
              `附件“${fileName}”还没有检查：服务器正忙于检查其他人上传的附件，等候 ${this.attachmentWaitMs / 1000} 秒仍未轮到，请稍后再上传`,
              `the attachment waited over ${this.attachmentWaitMs} ms for its check`,
            ),
          );
        }, this.attachmentWaitMs),
        fail: reject,
      };
      this.checks.push(check);
      this.nextCheck();
    });
  }

  /** The oldest check waiting sent to the checker, when it has none. */
  private nextCheck(): void {
    if (this.checking) return;
    const check = this.checks.shift();
    if (!check) return;
    clearTimeout(check.wait);
    this.checking = true;
    check.begin();
  }

  /** The month's XLSX report, built in a reader, in the turn of `who` (requesterOf). */
  async monthReport(who: string, month: string, withResponses: boolean): Promise<Buffer> {
    return Buffer.from((await this.onReader(who, { type: "report", month, withResponses }, this.readerLimit(`${month} 的月度报表`))) as ArrayBuffer);
  }

  /** A download (the bulletin, the year's table, the records behind a number: exports.ts), built in a reader, in the turn of `who`. */
  async exportFile(who: string, request: ExportRequest): Promise<Buffer> {
    return Buffer.from((await this.onReader(who, { type: "export", request }, this.readerLimit("本次下载的文件"))) as ArrayBuffer);
  }

  async close(): Promise<void> {
    for (const check of this.checks.splice(0)) {
      clearTimeout(check.wait);
      check.fail(new AppError(ErrorCodes.Conflict, "服务器正在停止，附件没有检查，请稍后再上传", "the server stopped before the attachment was checked"));
    }
    for (const turns of this.readerTurns.values()) {
      for (const task of turns.waiting.splice(0)) {
        task.fail(new AppError(ErrorCodes.Conflict, "服务器正在停止，本次查询或下载没有进行，请稍后重试", "the server stopped before the task was begun"));
      }
    }
    await Promise.all([this.writer, ...this.readers, ...(this.checker ? [this.checker] : [])].map((t) => t.close()));
  }
}

/**
 * Where a procedure runs. A server's request thread must stay free for the
 * light calls everyone makes (the units list, a job's progress), so:
 *
 * - `caller`: on the thread that received the request (cheap reads);
 * - `reader`: in a worker that reads (scoring a period, comparisons, drill-downs);
 * - `writer`: in the one worker that writes (every mutation), one write at a time.
 *
 * Queries run on the caller unless marked `reader`; mutations run on the
 * writer unless marked `caller`. Without workers (tests, the CLI) everything
 * runs in-process, and writes still take the store's write lock one at a time.
 */
import type { ImportFile, ImportProgress, Store } from "@kaohe/db";
import { AppError, ErrorCodes } from "@kaohe/db/errors";
import type { ImportDataOptions, ImportReport, SessionUser } from "@kaohe/services";
import { formatShanghai } from "@kaohe/time";
import type { ErrorInfo, ZodErrorData } from "./errors.ts";

export type Placement = "caller" | "reader" | "writer";

export function placementOf(type: "query" | "mutation" | "subscription", meta: { runsOn?: Placement } | undefined): Placement {
  return meta?.runsOn ?? (type === "mutation" ? "writer" : "caller");
}

/** A procedure call sent to a worker. */
export interface RemoteCall {
  path: string;
  /** the raw input, validated again where it runs */
  input: unknown;
  /** the caller, as the request thread found them (checked again where it runs) */
  user: SessionUser | null;
  address: string | null;
  token: string | null;
}

/**
 * Whose a task in the workers is, for the caps on one user's tasks there (trpc.ts, the server's threads.ts): the
 * account signed in (all its sessions together), else the client's address.
 */
export function requesterOf(user: Pick<SessionUser, "id"> | null, address: string | null | undefined): string {
  return user ? `user:${user.id}` : `address:${address ?? ""}`;
}

/** The workers a server runs procedures in (absent in-process). */
export interface Workers {
  /**
   * a procedure run in a worker. A reader's task has a time limit (past it, it fails and the reader is started again);
   * `limit` "rubricText": the short one of checking a rubric's text (Meta.rubricText, trpc.ts)
   */
  call(placement: Exclude<Placement, "caller">, call: RemoteCall, limit?: "rubricText"): Promise<unknown>;
  /** a write outside any procedure (sign-in, sign-out, an audit entry: writer-ops.ts), in the writer */
  op(name: string, args: unknown[]): Promise<unknown>;
  /** an import, in the writer */
  importFiles(files: ImportFile[], options: Omit<ImportDataOptions, "onProgress">, onProgress: (p: ImportProgress) => void): Promise<ImportReport>;
}

/** A procedure that failed in a worker, as the caller's side rebuilds it: the same code, message and detail. */
export class RemoteError extends Error {
  constructor(
    readonly trpcCode: string,
    readonly info: ErrorInfo,
    readonly zodError: ZodErrorData | null,
  ) {
    super(info.zh);
    this.name = "RemoteError";
  }
}

// ------------------------------------------------------------------ the write lock

/** How long a write waits for the one before it (an import of a million rows) before it is refused. */
const WRITE_WAIT_MS = 60_000;

interface Holder {
  what: string;
  since: Date;
}

interface Waiting {
  what: string;
  /** goes before the waiting writes that are not (a sign-in, a sign-out: people wait on them, not on an import queued) */
  first: boolean;
  /** when it began to wait: a write that has waited JUMP_MS is no longer gone before */
  since: number;
  start: () => void;
}

/**
 * How long a write may be gone before by sign-ins and sign-outs. Without a bound, sign-ins sent without end (anyone
 * may send them) kept a publication or an import waiting for ever (a review).
 */
const JUMP_MS = 5_000;

/**
 * One write at a time, in the order asked, except that a `first` write (a sign-in or a sign-out on SQLite) goes before
 * the writes still waiting that are not, if they have waited less than JUMP_MS: it waits for the write under way only. Two imports queued, a sign-in waited
 * for both (a helper's, 60 s and a 500), and a sign-out did not happen.
 */
class WriteLock {
  private holder: Holder | null = null;
  private readonly waiting: Waiting[] = [];

  async run<T>(what: string, fn: () => Promise<T>, waitMs = WRITE_WAIT_MS, first = false): Promise<T> {
    if (this.holder !== null || this.waiting.length > 0) await this.turn(what, waitMs, first);
    this.holder = { what, since: new Date() };
    try {
      return await fn();
    } finally {
      this.holder = null;
      const next = this.waiting.shift();
      if (next) {
        // handed straight on: no write asked meanwhile comes between
        this.holder = { what: next.what, since: new Date() };
        next.start();
      }
    }
  }

  /** Wait for this write's turn, or be refused after `waitMs` (the turn given up, nothing run). */
  private turn(what: string, waitMs: number, first: boolean): Promise<void> {
    return new Promise<void>((ok, refuse) => {
      let timer: NodeJS.Timeout | undefined;
      const entry: Waiting = {
        what,
        first,
        since: Date.now(),
        start: () => {
          clearTimeout(timer);
          ok();
        },
      };
      const before = first ? this.waiting.findIndex((w) => !w.first && entry.since - w.since < JUMP_MS) : -1;
      if (before < 0) this.waiting.push(entry);
      else this.waiting.splice(before, 0, entry);
      if (!Number.isFinite(waitMs)) return;
      timer = setTimeout(() => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        const busy = this.holder;
        const since = busy ? `（${busy.what}，开始于 ${formatShanghai(busy.since.getTime(), "time")}）` : "";
        refuse(
          new AppError(
            ErrorCodes.Conflict,
            `数据库正忙于另一项修改${since}，已等待 ${Math.round(waitMs / 1000)} 秒：本次操作没有执行，请稍后重试`,
            `the store is busy with another write${busy ? ` (${busy.what})` : ""}; nothing was changed, try again later`,
            { busy: true },
          ),
        );
      }, waitMs);
    });
  }
}

const locks = new WeakMap<Store, Map<Lane, WriteLock>>();

/**
 * What a lock keeps one at a time: `data`, every write of the store (imports, publications, decisions …); `sign-in`,
 * the sign-ins alone (their counts of wrong passwords are read and written back), which on PostgreSQL need not wait
 * for the data's writes (writer-ops.ts).
 */
export type Lane = "data" | "sign-in";

/**
 * Run `fn` holding the store's write lock: the writes of one process go one at a time, so a
 * draft saved during an import waits for it (or is refused with a clear message) instead of
 * blocking the thread inside SQLite's busy handler.
 */
export function exclusive<T>(store: Store, what: string, fn: () => Promise<T>, waitMs?: number, lane: Lane = "data", first = false): Promise<T> {
  let lanes = locks.get(store);
  if (!lanes) {
    lanes = new Map();
    locks.set(store, lanes);
  }
  let lock = lanes.get(lane);
  if (!lock) {
    lock = new WriteLock();
    lanes.set(lane, lock);
  }
  return lock.run(what, fn, waitMs, first);
}

/**
 * The process an import runs in, written with its start in the audit log. A server starting looks for imports the
 * last run was stopped in (a start with no closing entry); one running still in another process of this machine — a
 * command-line import, or a server started a second time on the same database (its port taken, it stops again, but
 * only after that look) — is not one of them: it was said "中断…没有保存任何数据" in the audit log and the server's
 * output, and then finished and was kept (an operator's walk). Another machine's process cannot be asked; its import
 * is not taken for interrupted either on PostgreSQL, whose server tells of every machine's connections: an import's are
 * named by its id (`importSessionName`), whether it holds the import lock, waits for it behind another import, or has
 * not yet reached it (reading its files' header rows). On SQLite another machine cannot share the file (no network
 * file system locks it soundly): the process is asked, as above.
 */
import { readFileSync } from "node:fs";
import { hostname, uptime } from "node:os";
import type { RawDb } from "./raw.ts";

/** The PostgreSQL advisory lock an import holds until its transaction ends (any number, the same in every process). */
export const IMPORT_LOCK = 0x6b616f6865;

/**
 * Take the import lock in the current transaction if no import holds it (PostgreSQL; on SQLite a writing transaction
 * holds the one writer already): false when one does. An import then waits for it; an undo refuses.
 */
export async function tryImportLock(raw: RawDb): Promise<boolean> {
  if (raw.provider !== "postgres") return true;
  const [free] = await raw.query<{ taken: boolean }>(`SELECT pg_try_advisory_xact_lock(${IMPORT_LOCK}) AS "taken"`);
  return free?.taken === true;
}

const SESSION_PREFIX = "kaohe import ";

/** The name an import's connections give PostgreSQL (application_name: ASCII, well within its 63 bytes for a UUID). */
export const importSessionName = (runId: string): string => `${SESSION_PREFIX}${runId}`;

/** What PostgreSQL says runs now: the imports by id whose connections are open; whether a connection it cannot name holds or waits for the import lock. */
export interface ImportsConnected {
  runIds: Set<string>;
  /** an import of a process that does not name its connections (an earlier version's) holds or waits for the lock */
  unnamed: boolean;
}

/**
 * The imports running now on this PostgreSQL database, of any machine (every session's name and locks are readable by
 * any user): each by the connections it named after its id — the one holding the import lock and those waiting for it
 * alike (the lock alone tells that one import runs, not which, and none before it reaches the lock). Null on SQLite.
 */
export async function importsConnected(raw: RawDb): Promise<ImportsConnected | null> {
  if (raw.provider !== "postgres") return null;
  // a bigint advisory lock is listed by its high and low 32 bits (classid, objid) and objsubid 1
  const rows = await raw.query<{ name: string | null; locking: boolean }>(
    `SELECT a."application_name" AS "name", EXISTS (SELECT 1 FROM pg_locks l WHERE l."pid" = a."pid" AND l."locktype" = 'advisory'
       AND l."database" = a."datid" AND l."classid" = $1::bigint::oid AND l."objid" = $2::bigint::oid AND l."objsubid" = 1) AS "locking"
     FROM pg_stat_activity a WHERE a."datname" = current_database() AND a."pid" <> pg_backend_pid()`,
    [Math.floor(IMPORT_LOCK / 2 ** 32), IMPORT_LOCK % 2 ** 32],
  );
  const named = (r: { name: string | null }) => r.name?.startsWith(SESSION_PREFIX) === true;
  return {
    runIds: new Set(rows.filter(named).map((r) => (r.name as string).slice(SESSION_PREFIX.length))),
    unnamed: rows.some((r) => r.locking && !named(r)),
  };
}

/** Who runs an import: the process, its machine and when that machine started (a process id after a reboot is another process's). */
export interface ImportRunner {
  pid: number;
  host: string;
  /** the machine's start, to the minute (ISO 8601, UTC) */
  boot: string;
  /**
   * the process's own start, in clock ticks since the machine's (Linux's /proc/<pid>/stat): a container started again
   * keeps its host name and the machine's boot, and hands the same process ids out again to other processes
   */
  ticks?: number;
}

const MINUTE_MS = 60_000;

const bootedAt = () => Math.round((Date.now() - uptime() * 1000) / MINUTE_MS) * MINUTE_MS;

/** When a process started, in clock ticks since the machine did (field 22 of /proc/<pid>/stat); null where there is no /proc. */
function startTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command in parentheses may hold spaces and parentheses: the fields are counted after its last ")"
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** This process, for the detail of an import's start. */
export const thisRunner = (): ImportRunner => {
  const ticks = startTicks(process.pid);
  return { pid: process.pid, host: hostname(), boot: new Date(bootedAt()).toISOString().slice(0, 16), ...(ticks === null ? {} : { ticks }) };
};

/**
 * Whether the process that started an import (the detail of its start) is running still: another process of this
 * machine, since its last start (its uptime drifts by seconds: two minutes' leeway), alive. A start without these
 * (written before they were) is not known to be running.
 */
export function runnerAlive(detail: unknown): boolean {
  if (detail === null || typeof detail !== "object") return false;
  const { pid, host, boot, ticks } = detail as Partial<Record<keyof ImportRunner, unknown>>;
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0 || pid === process.pid || host !== hostname() || typeof boot !== "string") return false;
  const booted = Date.parse(`${boot}Z`);
  if (!Number.isFinite(booted) || Math.abs(booted - bootedAt()) > 2 * MINUTE_MS) return false;
  // the same process, not another given its id since (a container started again): where that is known
  const now = startTicks(pid);
  if (typeof ticks === "number" && now !== null && now !== ticks) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // there, but another user's
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

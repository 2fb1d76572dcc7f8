/**
 * The record of past imports: one batch per file that changed something (an undone batch stays listed, marked), and
 * the imports a stopped server never finished (nothing of them stored).
 */
import { IMPORT_CLOSINGS, importsConnected, runnerAlive, type Store } from "@kaohe/db";
import type { ImportBatchSelect } from "./select.ts";
import { type IsoDates, withIsoDates } from "./serialize.ts";

const batchSelect = {
  id: true,
  kind: true,
  fileName: true,
  rows: true,
  inserted: true,
  updated: true,
  unchanged: true,
  createdBy: true,
  createdAt: true,
  undoable: true,
  undoneAt: true,
  undoneBy: true,
} as const satisfies ImportBatchSelect;

export interface ImportBatch {
  id: number;
  kind: string;
  fileName: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  createdBy: string;
  createdAt: Date;
  /** what it changed was kept: it can be undone (unless something refuses it then) */
  undoable: boolean;
  /** undone: when and by whom */
  undoneAt: Date | null;
  undoneBy: string | null;
}

/** Newest first. */
export async function listImportBatches(store: Store, limit = 100): Promise<IsoDates<ImportBatch>[]> {
  const rows = await store.prisma.importBatch.findMany({ select: batchSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
  return rows.map(withIsoDates);
}

/** An import the server was stopped in (killed, the computer switched off): all or nothing, nothing of it was stored. */
export interface InterruptedImport {
  /** the import's id (the console's job id) */
  runId: string;
  files: string[];
  /** who started it, when */
  startedBy: string;
  startedAt: string;
  /** when the server, started again, found it unfinished */
  foundAt: string;
}

/** Who writes what the server finds as it starts. */
const SYSTEM = "系统";

/**
 * At the server's start, before any import can run: each import started (\`import.started\`, written before its
 * transaction) with no closing entry is one the last process died in. Each is closed in the audit log as
 * \`import.interrupted\` (naming its files, who started it and when), once, which the data page lists. Returns them.
 * An import another live process of this machine runs still (a \`kaohe import\`, a second server) is not one
 * (@kaohe/db import-runner.ts); nor, on PostgreSQL, one whose connections are open, of any machine (a second server
 * on the database, a command-line import from an administrator's laptop): running, or waiting for the import before it.
 * On SQLite another machine's cannot be asked (nor share the file soundly).
 */
export async function recordInterruptedImports(store: Store): Promise<InterruptedImport[]> {
  // every closing's id in one query (binding no list: years of imports are thousands of ids), then the few starts
  // without one read whole (every start's detail was read, and the closings asked 500 ids at a time: a review)
  const closed = new Set(
    (await store.prisma.auditLog.findMany({ where: { action: { in: [...IMPORT_CLOSINGS] } }, select: { entityId: true } })).map((r) => r.entityId),
  );
  const open = (await store.prisma.auditLog.findMany({ where: { action: "import.started" }, select: { id: true, entityId: true } }))
    .filter((s) => !closed.has(s.entityId))
    .map((s) => s.id);
  if (open.length === 0) return [];
  const started = [];
  for (let i = 0; i < open.length; i += 500)
    started.push(
      ...(await store.prisma.auditLog.findMany({
        where: { id: { in: open.slice(i, i + 500) } },
        select: { at: true, actor: true, entityId: true, detail: true, address: true },
        orderBy: { id: "asc" },
      })),
    );
  const found: InterruptedImport[] = [];
  const foundAt = new Date();
  // PostgreSQL's sessions: the imports connected now, each by its id (the one holding the import lock and those
  // waiting for it alike, of any machine); null on SQLite
  const connected = await importsConnected(store.raw);
  for (const s of started) {
    // one another process of this machine runs still (a command-line import, a second server), or connected to
    // PostgreSQL from anywhere, was not interrupted: a later start finds it if it never ends (import-runner.ts). A
    // connection holding or waiting for the import lock that names no import (an earlier version's process): one of
    // these runs, or waits, and which cannot be told — none is said interrupted now, rather than a live one wrongly
    if (runnerAlive(s.detail) || connected?.runIds.has(s.entityId) || connected?.unnamed) continue;
    const item: InterruptedImport = {
      runId: s.entityId,
      files: filesOf(s.detail),
      startedBy: s.actor,
      startedAt: s.at.toISOString(),
      foundAt: foundAt.toISOString(),
    };
    await store.prisma.auditLog.create({
      data: {
        at: foundAt,
        actor: SYSTEM,
        action: "import.interrupted",
        entity: "import_batches",
        entityId: s.entityId,
        detail: { files: item.files, startedBy: item.startedBy, startedAt: item.startedAt },
        address: s.address,
      },
    });
    found.push(item);
  }
  return found;
}

/** How long an interrupted import is listed at most (unless its files were imported since). */
const INTERRUPTED_KEPT_MS = 90 * 24 * 3_600_000;

/**
 * The imports a stopped server never finished (found as it started again), newest first: each until its files have
 * all been imported since it started (by name: an interrupted import's files were uploads, gone with it). Any import
 * kept had hidden them all, a colleague's routine events file the night's 200,000-row history load that never
 * landed (an operator's walk).
 */
export async function listInterruptedImports(store: Store, limit = 20): Promise<InterruptedImport[]> {
  // the last 90 days' (older ones stale by now), at most 200: the imports kept since the earliest are read to match them
  const rows = await store.prisma.auditLog.findMany({
    where: { action: "import.interrupted", at: { gt: new Date(Date.now() - INTERRUPTED_KEPT_MS) } },
    select: { at: true, entityId: true, detail: true },
    orderBy: { id: "desc" },
    take: 200,
  });
  const found = rows.map((r) => {
    const detail = asObject(r.detail);
    return {
      runId: r.entityId,
      files: filesOf(detail),
      startedBy: typeof detail.startedBy === "string" ? detail.startedBy : "",
      startedAt: typeof detail.startedAt === "string" ? detail.startedAt : r.at.toISOString(),
      foundAt: r.at.toISOString(),
    };
  });
  if (found.length === 0) return [];
  // the imports kept since the earliest of them started, with their files
  const earliest = new Date(Math.min(...found.map((f) => Date.parse(f.startedAt))));
  const kept = (await store.prisma.auditLog.findMany({ where: { action: "import.finished", at: { gt: earliest } }, select: { at: true, detail: true } })).map(
    (k) => ({ at: k.at.getTime(), files: filesOf(asObject(k.detail)) }),
  );
  const madeUp = (lost: InterruptedImport) => {
    const since = new Set(kept.filter((k) => k.at > Date.parse(lost.startedAt)).flatMap((k) => k.files));
    return lost.files.length > 0 && lost.files.every((f) => since.has(f));
  };
  return found.filter((lost) => !madeUp(lost)).slice(0, limit);
}

/**
 * How an import the server no longer knows ended, from the audit log under its id (the console's job, polled by a
 * page open across a restart): found interrupted (nothing stored); kept, refused or failed just before the server
 * stopped (a kill a second after the commit: said to be lost, 请重新上传, while all its rows were stored — an
 * operator's walk), with its files, when, and the batches it kept; null: no import of that id.
 */
export interface EndedImport {
  outcome: "interrupted" | "finished" | "refused" | "failed";
  files: string[];
  at: string;
  /** of a kept import: each file that changed something, with its counts */
  batches: { fileName: string; inserted: number; updated: number }[];
}

export async function endedImport(store: Store, runId: string): Promise<EndedImport | null> {
  const entries = await store.prisma.auditLog.findMany({
    where: { entityId: runId, action: { in: ["import.started", ...IMPORT_CLOSINGS] } },
    select: { action: true, at: true, detail: true },
    orderBy: { id: "asc" },
  });
  const end = entries.find((e) => e.action !== "import.started");
  if (!end) return null;
  const started = entries.find((e) => e.action === "import.started");
  // its batches by the ids its closing entry names (an import waiting for another's lock had the other's batches
  // within its start and end); one closed before they were named, by that time window
  const ids = idsOf(asObject(end.detail).batchIds);
  const batches =
    end.action !== "import.finished"
      ? []
      : ids || started
        ? await store.prisma.importBatch.findMany({
            where: ids ? { id: { in: ids } } : { createdAt: { gte: started?.at, lte: end.at } },
            select: { fileName: true, inserted: true, updated: true },
            orderBy: { id: "asc" },
          })
        : [];
  return {
    outcome: end.action.slice("import.".length) as EndedImport["outcome"],
    files: filesOf(started?.detail ?? end.detail),
    at: end.at.toISOString(),
    batches,
  };
}

/** A detail as stored: an object (PostgreSQL's jsonb) or its JSON text (SQLite). */
function asObject(detail: unknown): Record<string, unknown> {
  let v = detail;
  try {
    if (typeof v === "string") v = JSON.parse(v);
  } catch {
    return {};
  }
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The batch ids a closing entry names; null when it names none (written before it did). */
const idsOf = (v: unknown): number[] | null => (Array.isArray(v) ? v.filter((id): id is number => Number.isInteger(id)) : null);

const filesOf = (detail: unknown): string[] => {
  const files = asObject(detail).files;
  return Array.isArray(files) ? files.filter((f): f is string => typeof f === "string") : [];
};

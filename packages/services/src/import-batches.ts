/**
 * The record of past imports: one batch per file that changed something (an undone batch stays listed, marked), and
 * the imports a stopped server never finished (nothing of them stored).
 */
import { IMPORT_CLOSINGS, type Store } from "@kaohe/db";
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
 * A \`kaohe import\` running in another process at that moment would be taken for one: the command line imports
 * while the server is stopped.
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
  for (const s of started) {
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

/** The imports a stopped server never finished (found as it started again) since the last import kept, newest first. */
export async function listInterruptedImports(store: Store, limit = 20): Promise<InterruptedImport[]> {
  // since the last import kept: one done after an interruption has made up for it (the page listed them for ever: a review)
  const kept = await store.prisma.auditLog.findFirst({ where: { action: "import.finished" }, orderBy: { id: "desc" }, select: { id: true } });
  const rows = await store.prisma.auditLog.findMany({
    where: { action: "import.interrupted", id: { gt: kept?.id ?? 0 } },
    select: { at: true, entityId: true, detail: true },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.map((r) => {
    const detail = asObject(r.detail);
    return {
      runId: r.entityId,
      files: filesOf(detail),
      startedBy: typeof detail.startedBy === "string" ? detail.startedBy : "",
      startedAt: typeof detail.startedAt === "string" ? detail.startedAt : r.at.toISOString(),
      foundAt: r.at.toISOString(),
    };
  });
}

/** Whether the import of this id was found interrupted (the console's job, polled by a page open across the restart). */
export async function wasInterrupted(store: Store, runId: string): Promise<boolean> {
  return (await store.prisma.auditLog.count({ where: { action: "import.interrupted", entityId: runId } })) > 0;
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

const filesOf = (detail: unknown): string[] => {
  const files = asObject(detail).files;
  return Array.isArray(files) ? files.filter((f): f is string => typeof f === "string") : [];
};

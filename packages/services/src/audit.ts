/** The audit log as people read it: newest first, filtered by user, action and date (Beijing days). */

import type { Store } from "@kaohe/db";
import { shanghaiDayStart } from "@kaohe/time";

export interface AuditQuery {
  /** part of the actor's name */
  user?: string;
  action?: string;
  /** YYYY-MM-DD, Beijing time, inclusive */
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  detail: unknown;
  address: string | null;
}

/** One entry written (not the log's reading: that is below). */
export type NewAuditEntry = Omit<AuditEntry, "id" | "at">;

/** Write one entry to the audit log. */
export async function recordAudit(store: Store, entry: NewAuditEntry): Promise<void> {
  await store.prisma.auditLog.create({ data: { ...entry, detail: entry.detail as object } });
}

/** The start of a Beijing day as an instant. */
const beijingDay = (day: string, plusDays = 0) => new Date(shanghaiDayStart(day, plusDays));

function where(q: AuditQuery) {
  return {
    ...(q.user ? { actor: { contains: q.user } } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: beijingDay(q.from) } : {}), ...(q.to ? { lt: beijingDay(q.to, 1) } : {}) } } : {}),
  };
}

export async function listAudit(store: Store, q: AuditQuery = {}): Promise<{ rows: AuditEntry[]; total: number; actions: string[] }> {
  const pageSize = q.pageSize ?? 50;
  const page = q.page ?? 1;
  const [rows, total, actions] = await Promise.all([
    store.prisma.auditLog.findMany({ where: where(q), orderBy: { id: "desc" }, skip: (page - 1) * pageSize, take: pageSize }),
    store.prisma.auditLog.count({ where: where(q) }),
    store.prisma.auditLog.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  return { rows, total, actions: actions.map((a) => a.action) };
}

/** Every matching entry, oldest first, a page at a time (for the CSV export). */
export async function* eachAuditEntry(store: Store, q: AuditQuery = {}): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const rows = await store.prisma.auditLog.findMany({ where: { ...where(q), id: { gt: after } }, orderBy: { id: "asc" }, take: 1000 });
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]?.id ?? after;
  }
}

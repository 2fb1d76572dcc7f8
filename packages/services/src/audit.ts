/**
 * The audit log as people read it: newest first, filtered by user, action and date (Beijing days); every actor
 * named one way (`actorName`), entries written before that read so too.
 */

import type { Store } from "@kaohe/db";
import { periodLabel, shanghaiDayStart } from "@kaohe/time";

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
  /** The object as a person reads it where its id alone says nothing (用户 5): a user's 显示名（登录名）, a rubric's name and version, a period… now. */
  entityName?: string;
  /** The objects the detail names by id (规则版本：6, 引用异议：3、4), as a person reads them, by the detail's key (`detailText`). */
  detailNames?: Record<string, string>;
}

/**
 * How the audit log names a user who acted, whatever they did (signed in, were refused, published): 显示名（登录名）,
 * the user name alone when the two are the same. The user name never changes, so an entry names its account for good;
 * the display name is the one the user had then.
 */
export function actorName(user: { username: string; displayName: string }): string {
  return user.displayName === user.username ? user.username : `${user.displayName}（${user.username}）`;
}

/**
 * The person an actor's name (`actorName`) names, without the login: what a formal paper prints (the bulletin, the
 * month's report), where a login (kaohe) is a system's word, not a person's (a walk). 王五（已调岗）（wangwu） is 王五（已调岗）.
 */
export function personOf(actor: string): string {
  const named = /^(.+)（[^（）]+）$/.exec(actor);
  return named ? (named[1] as string) : actor;
}

/**
 * What named its actor by the user name alone before every entry was named by `actorName`: signing in and out, a
 * sign-in refused or failed, a lock, a password changed, a user changed, disabled or enabled (users.ts).
 */
const NAMED_BY_USERNAME = [
  "auth.signIn",
  "auth.signOut",
  "auth.signInRefused",
  "auth.signInFailed",
  "auth.locked",
  "user.changePassword",
  "user.update",
  "user.disable",
  "user.enable",
];

/**
 * Such an entry written before reads as its user is named (`actorName`: the display name now, the user name it was
 * written with); a failed sign-in under a name no account has (its entityId empty) stays the name tried.
 */
async function withActorNames(store: Store, rows: AuditEntry[]): Promise<AuditEntry[]> {
  const older = (r: AuditEntry) => NAMED_BY_USERNAME.includes(r.action) && !r.actor.includes("（") && !(r.action === "auth.signInFailed" && r.entityId === "");
  const usernames = [...new Set(rows.filter(older).map((r) => r.actor))];
  if (usernames.length === 0) return rows;
  const users = await store.prisma.user.findMany({ where: { username: { in: usernames } }, select: { username: true, displayName: true } });
  const names = new Map(users.map((u) => [u.username, actorName(u)]));
  return rows.map((r) => (older(r) && names.has(r.actor) ? { ...r, actor: names.get(r.actor) as string } : r));
}

/** An id of rows `T` by their key, as a person reads the row. */
type Namer = (store: Store, ids: string[]) => Promise<Map<string, string>>;

const numeric = (ids: string[]) => ids.filter((id) => /^\d{1,9}$/.test(id)).map(Number);

/** Units' names by code (an objection or explanation names its unit so). */
async function unitNames(store: Store, codes: string[]): Promise<Map<string, string>> {
  const units = await store.prisma.unit.findMany({ where: { code: { in: [...new Set(codes)] } }, select: { code: true, name: true } });
  return new Map(units.map((u) => [u.code, u.name]));
}

/**
 * How each kind of object is named where its id alone says nothing (用户 5, 规则版本 1, 考核结果发布 3): as it is named
 * now. An id no row has any more (a draft deleted), or the user name an older entry wrote, stays as recorded.
 */
const NAMERS: Readonly<Record<string, Namer>> = {
  users: async (store, ids) => {
    const users = await store.prisma.user.findMany({ where: { id: { in: numeric(ids) } }, select: { id: true, username: true, displayName: true } });
    return new Map(users.map((u) => [String(u.id), actorName(u)]));
  },
  rubric_versions: async (store, ids) => {
    const rows = await store.prisma.rubricVersion.findMany({ where: { id: { in: numeric(ids) } }, select: { id: true, name: true, version: true } });
    return new Map(rows.map((r) => [String(r.id), `“${r.name}” ${r.version}`]));
  },
  published_results: async (store, ids) => {
    const rows = await store.prisma.publishedResult.findMany({ where: { id: { in: numeric(ids) } }, select: { id: true, period: true } });
    return new Map(rows.map((r) => [String(r.id), periodLabel(r.period)]));
  },
  import_batches: async (store, ids) => {
    const rows = await store.prisma.importBatch.findMany({ where: { id: { in: numeric(ids) } }, select: { id: true, fileName: true } });
    return new Map(rows.map((r) => [String(r.id), `“${r.fileName}”`]));
  },
  // 异议 #3（唐山镇，2018年11月）: as a publication's reason cites it
  objections: async (store, ids) => {
    const rows = await store.prisma.objection.findMany({ where: { id: { in: numeric(ids) } }, select: { id: true, period: true, unitCode: true } });
    const units = await unitNames(
      store,
      rows.map((r) => r.unitCode),
    );
    return new Map(rows.map((r) => [String(r.id), `#${r.id}（${units.get(r.unitCode) ?? r.unitCode}，${periodLabel(r.period)}）`]));
  },
  explanations: async (store, ids) => {
    const rows = await store.prisma.explanation.findMany({ where: { id: { in: numeric(ids) } }, select: { id: true, period: true, unitCode: true } });
    const units = await unitNames(
      store,
      rows.map((r) => r.unitCode),
    );
    return new Map(rows.map((r) => [String(r.id), `${units.get(r.unitCode) ?? r.unitCode} ${periodLabel(r.period)}`]));
  },
  // a yearly fact by unit/year/item (HTZ01/2018/领导小组): 唐山镇 2018年“领导小组” (a walk read the key)
  facts: async (store, ids) => {
    const keys = ids.map((id) => id.split("/")).filter((k): k is [string, string, string] => k.length === 3);
    const units = await unitNames(
      store,
      keys.map(([code]) => code),
    );
    return new Map(keys.map(([code, period, item]) => [`${code}/${period}/${item}`, `${units.get(code) ?? code} ${periodLabel(period)}“${item}”`]));
  },
  // 唐山镇（HTZ01）: a detail's unit code
  units: async (store, codes) => new Map([...(await unitNames(store, codes))].map(([code, name]) => [code, `${name}（${code}）`])),
  // these are named by their period: said as a person reads it
  assessment_cycles: async (_store, ids) => new Map(ids.map((id) => [id, periodLabel(id)])),
  bulletin: async (_store, ids) => new Map(ids.map((id) => [id, periodLabel(id)])),
};

/** The keys of details that hold an object's id, or a list of ids: the kind of object (`NAMERS`). */
const DETAIL_IDS: Readonly<Record<string, string>> = {
  rubricVersionId: "rubric_versions",
  batchId: "import_batches",
  replaces: "published_results",
  objections: "objections",
  undecidedObjections: "objections",
  unitCode: "units",
};

/** The ids of a kind of object an entry's detail holds under `key` (one, or a list). */
function detailIds(detail: unknown, key: string): string[] {
  const value = typeof detail === "object" && detail !== null && !Array.isArray(detail) ? (detail as Record<string, unknown>)[key] : undefined;
  const ids = Array.isArray(value) ? value : [value];
  return ids.filter((id) => typeof id === "number" || (typeof id === "string" && id !== "")).map(String);
}

/**
 * Entries name their object by its id, and their detail's objects too (规则版本：6 reads “桓台县…” 2017): as the object
 * is named now (`NAMERS`), one query per kind of object.
 */
async function withEntityNames(store: Store, rows: AuditEntry[]): Promise<AuditEntry[]> {
  const names = new Map<string, Map<string, string>>();
  for (const [entity, namer] of Object.entries(NAMERS)) {
    const ids = new Set(rows.filter((r) => r.entity === entity && r.entityId !== "").map((r) => r.entityId));
    for (const [key, kind] of Object.entries(DETAIL_IDS)) if (kind === entity) for (const r of rows) for (const id of detailIds(r.detail, key)) ids.add(id);
    if (ids.size > 0) names.set(entity, await namer(store, [...ids]));
  }
  return rows.map((r) => {
    const name = names.get(r.entity)?.get(r.entityId) ?? importJobName(r);
    const detailNames: Record<string, string> = {};
    for (const [key, kind] of Object.entries(DETAIL_IDS)) {
      const ids = detailIds(r.detail, key);
      const named = ids.map((id) => names.get(kind)?.get(id));
      // every id named, or the detail reads as recorded (an objection since deleted beside one still here would mislead)
      if (ids.length > 0 && named.every((n) => n !== undefined)) detailNames[key] = named.join("、");
    }
    return { ...r, ...(name === undefined ? {} : { entityName: name }), ...(Object.keys(detailNames).length > 0 ? { detailNames } : {}) };
  });
}

/**
 * An import as a whole (开始导入, 导入完成, 导入出错 …) is entered under its job's id, a UUID a reader cannot place (a
 * leader read 导入批次 8e895d0d-…): named by its files, as each file's own entry names its batch.
 */
function importJobName(r: AuditEntry): string | undefined {
  if (r.entity !== "import_batches" || /^\d+$/.test(r.entityId)) return undefined;
  const files = typeof r.detail === "object" && r.detail !== null && !Array.isArray(r.detail) ? (r.detail as { files?: unknown }).files : undefined;
  if (!Array.isArray(files) || files.length === 0 || !files.every((f) => typeof f === "string")) return undefined;
  return files.length === 1 ? `“${files[0]}”` : `“${files[0]}”等 ${files.length} 个文件`;
}

/** The entries as they are read: actors and objects named. */
const named = async (store: Store, rows: AuditEntry[]) => withEntityNames(store, await withActorNames(store, rows));

/** One entry written (not the log's reading: that is below). */
export type NewAuditEntry = Omit<AuditEntry, "id" | "at" | "entityName">;

/** Write one entry to the audit log. */
export async function recordAudit(store: Store, entry: NewAuditEntry): Promise<void> {
  await store.prisma.auditLog.create({ data: { ...entry, detail: entry.detail as object } });
}

/** The start of a Beijing day as an instant. */
const beijingDay = (day: string, plusDays = 0) => new Date(shanghaiDayStart(day, plusDays));

/**
 * Text holding `part`, whatever the case of its Latin letters (a login typed as XiTong finds xitong): SQLite's LIKE is
 * so already; PostgreSQL's is not, and is asked to be (the SQLite client's type has no `mode`).
 */
function containing(store: Store, part: string): { contains: string } {
  return store.provider === "postgres" ? ({ contains: part, mode: "insensitive" } as { contains: string }) : { contains: part };
}

/**
 * The entries asked for. A user is matched in the actor's name (显示名（登录名）: either part); an entry written before
 * that named its actor by the user name alone is found by the display name too.
 */
async function where(store: Store, q: AuditQuery) {
  const part = q.user ?? "";
  const holds = (text: string) => text.toLowerCase().includes(part.toLowerCase());
  // the users are few: their names are looked through here, not by LIKE
  const named = part
    ? (await store.prisma.user.findMany({ select: { username: true, displayName: true } })).filter((u) => holds(u.displayName)).map((u) => u.username)
    : [];
  // LIKE reads % and _ as wildcards (Prisma's contains does not escape them: “%” found every entry): text with one is
  // matched against the log's distinct actors (the database's DISTINCT, not Prisma's, which reads every row), one by one
  const actor =
    part && /[%_\\]/.test(part)
      ? { in: (await store.raw.query<{ actor: string }>(`SELECT DISTINCT "actor" FROM "audit_log"`)).map((r) => r.actor).filter(holds) }
      : containing(store, part);
  return {
    ...(part ? { OR: [{ actor }, ...(named.length > 0 ? [{ actor: { in: named }, action: { in: NAMED_BY_USERNAME } }] : [])] } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: beijingDay(q.from) } : {}), ...(q.to ? { lt: beijingDay(q.to, 1) } : {}) } } : {}),
  };
}

export async function listAudit(store: Store, q: AuditQuery = {}): Promise<{ rows: AuditEntry[]; total: number; actions: string[] }> {
  const pageSize = q.pageSize ?? 50;
  const page = q.page ?? 1;
  const matching = await where(store, q);
  const [rows, total, actions] = await Promise.all([
    store.prisma.auditLog.findMany({ where: matching, orderBy: { id: "desc" }, skip: (page - 1) * pageSize, take: pageSize }),
    store.prisma.auditLog.count({ where: matching }),
    store.prisma.auditLog.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  return { rows: await named(store, rows), total, actions: actions.map((a) => a.action) };
}

/** Every matching entry, oldest first, a page at a time (for the CSV export). */
export async function* eachAuditEntry(store: Store, q: AuditQuery = {}): AsyncGenerator<AuditEntry> {
  const matching = await where(store, q);
  let after = 0;
  for (;;) {
    const rows = await store.prisma.auditLog.findMany({ where: { ...matching, id: { gt: after } }, orderBy: { id: "asc" }, take: 1000 });
    if (rows.length === 0) return;
    yield* await named(store, rows);
    after = rows[rows.length - 1]?.id ?? after;
  }
}

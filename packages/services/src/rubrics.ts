/**
 * Rubric versions: drafts are edited freely; a published version is
 * immutable. Every version keeps its text, author, time and content hash.
 * A month is scored by the published version in force for it. Publishing
 * scores the version's first month in force first (a version that cannot
 * score is never published); a published version that should not have been
 * can be withdrawn: it is no longer in force (the previous published version
 * takes its months back), and months published under it keep their frozen
 * results.
 */
import { createHash } from "node:crypto";
import type { Database, Store } from "@kaohe/db";
import { AppError, ErrorCodes } from "@kaohe/db";
import { type Diagnostic, parse } from "@kaohe/rules-dsl";
import { type AssessmentResult, type CompiledRubric, compileRubric, RubricError, type ScoreOptions, ScoringError } from "@kaohe/rules-engine";
import { addMonths, formatShanghai, isYear, periodLabel } from "@kaohe/time";
import { assertPeriod, scorePeriod } from "./scores.ts";

export interface RubricVersionSummary {
  id: number;
  name: string;
  version: string;
  status: RubricStatus;
  effectiveFrom: string;
  effectiveUntil: string | null;
  author: string;
  contentHash: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  publishedBy: string | null;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
  withdrawnReason: string | null;
}

export type RubricStatus = "draft" | "published" | "withdrawn";

const statusLabel: Record<RubricStatus, string> = { draft: "草稿", published: "已发布", withdrawn: "已撤回" };

export interface RubricVersionDetail extends RubricVersionSummary {
  text: string;
  diagnostics: Diagnostic[];
}

const summarySelect = {
  id: true,
  name: true,
  version: true,
  status: true,
  effectiveFrom: true,
  effectiveUntil: true,
  author: true,
  contentHash: true,
  createdAt: true,
  updatedAt: true,
  publishedAt: true,
  publishedBy: true,
  withdrawnAt: true,
  withdrawnBy: true,
  withdrawnReason: true,
} as const;

export const contentHash = (text: string) => createHash("sha256").update(text).digest("hex");

/** Name, version and period from a rubric's header; a draft may be broken, so fall back to placeholders. */
function headerOf(text: string): { name: string; version: string; untitled: boolean; from: string; until: string | null } {
  // the one parse of the text, whose diagnostics the save returns (parsedOf: in the one writer, which every save,
  // import and sign-in waits for, a text is parsed once)
  const { ast } = parsedOf(text);
  return {
    name: ast.header?.name || "（未命名规则）",
    // a draft whose header does not parse yet still needs a version: the moment it was saved, in Beijing time as the
    // console shows every time (修改于 09:41), to the second; draftVersionFree makes it one no other draft has
    version: ast.header?.version || `${DRAFT_VERSION_PREFIX}${formatShanghai(Math.floor(Date.now() / 1000) * 1000)}`,
    untitled: !ast.header?.version,
    from: ast.header?.from || "",
    until: ast.header?.until ?? null,
  };
}

const DRAFT_VERSION_PREFIX = "草稿 ";

/**
 * A draft without a version in its header is named by the moment it was saved; two saved in the same second
 * (untitled drafts share their name) are told apart as 草稿 2026-12-04 09:41:38（2）.
 */
async function draftVersionFree(db: Database, h: ReturnType<typeof headerOf>, exceptId?: number): Promise<ReturnType<typeof headerOf>> {
  if (!h.untitled) return h;
  for (let n = 1; ; n++) {
    const version = n === 1 ? h.version : `${h.version}（${n}）`;
    const clash = await db.prisma.rubricVersion.findUnique({ where: { name_version: { name: h.name, version } }, select: { id: true } });
    if (!clash || clash.id === exceptId) return { ...h, version };
  }
}

/** The columns a draft's text decides (and who wrote it): written alike when a draft is created and when it is saved. */
function draftFields(h: ReturnType<typeof headerOf>, input: { text: string; author: string }) {
  return {
    name: h.name,
    version: h.version,
    text: input.text,
    contentHash: contentHash(input.text),
    author: input.author,
    effectiveFrom: h.from,
    effectiveUntil: h.until,
  };
}

function asSummary(row: Record<string, unknown>): RubricVersionSummary {
  return row as unknown as RubricVersionSummary;
}

export async function listRubricVersions(db: Database): Promise<RubricVersionSummary[]> {
  const rows = await db.prisma.rubricVersion.findMany({ select: summarySelect, orderBy: [{ effectiveFrom: "desc" }, { id: "desc" }] });
  return rows.map(asSummary);
}

/** A text parsed once (a version is read again and again: comparisons, drill-downs, the editor; a save reads its header and diagnostics). */
const parsedByText = new Map<string, ReturnType<typeof parse>>();
function parsedOf(text: string): ReturnType<typeof parse> {
  let found = parsedByText.get(text);
  if (!found) {
    found = parse(text);
    if (parsedByText.size >= COMPILED_KEPT) parsedByText.delete(parsedByText.keys().next().value as string);
    parsedByText.set(text, found);
  }
  return found;
}
const diagnosticsOf = (text: string): Diagnostic[] => parsedOf(text).diagnostics;

/** A version's stored row, or NOT_FOUND (a draft too, with `draftsHidden`). */
async function storedVersion(db: Database, id: number, draftsHidden = false) {
  const row = await db.prisma.rubricVersion.findUnique({ where: { id } });
  if (!row || (draftsHidden && row.status === "draft")) throw new AppError(ErrorCodes.NotFound, `没有编号为 ${id} 的规则版本`, `no rubric version ${id}`);
  return row;
}

/**
 * One version with its text and diagnostics. `draftsHidden` (a unit user's read: units see the rules they are assessed
 * by): a draft is answered exactly as a missing version, before its text is parsed (refused as forbidden, it told a
 * unit which ids were drafts, and when new ones were saved: an adversary's review).
 */
export async function getRubricVersion(db: Database, id: number, { draftsHidden = false }: { draftsHidden?: boolean } = {}): Promise<RubricVersionDetail> {
  const row = await storedVersion(db, id, draftsHidden);
  return { ...asSummary(row), text: row.text, diagnostics: diagnosticsOf(row.text) };
}

async function assertNameFree(db: Database, name: string, version: string, exceptId?: number): Promise<void> {
  const clash = await db.prisma.rubricVersion.findUnique({ where: { name_version: { name, version } } });
  if (clash && clash.id !== exceptId) {
    throw new AppError(
      ErrorCodes.Conflict,
      `已有同名同版本的规则“${name}”（${version}，编号 ${clash.id}，${statusLabel[clash.status as RubricStatus] ?? clash.status}）：请在文件头改用新的 version`,
      `a rubric named ${name} version ${version} already exists (id ${clash.id})`,
    );
  }
}

/**
 * A text the database can keep: PostgreSQL's text holds no NUL (U+0000), and a draft holding one was a 500 there (the
 * stack in the server's log) while SQLite kept it; refused on both, saying where, before anything is written. The
 * editor's check still marks it (KH102): only saving is refused.
 */
function assertStorableText(text: string): void {
  const at = text.indexOf("\u0000");
  if (at < 0) return;
  const before = text.slice(0, at).split("\n");
  const line = before.length;
  const column = [...(before.at(-1) ?? "")].length + 1;
  throw new AppError(
    ErrorCodes.BadInput,
    `规则文本第 ${line} 行第 ${column} 列含有空字符（U+0000，多是从别处复制时带来的），数据库不能保存：请删去后再保存`,
    `the rubric's text holds a NUL character (line ${line}, column ${column})`,
  );
}

/** `address`: where the change came from (the audit log's 地址). */
export async function createDraft(db: Database, input: { text: string; author: string; address?: string | null }): Promise<RubricVersionDetail> {
  assertStorableText(input.text);
  const h = await draftVersionFree(db, headerOf(input.text));
  await assertNameFree(db, h.name, h.version);
  const row = await db.prisma.$transaction(async (tx) => {
    const created = await tx.rubricVersion.create({ data: { ...draftFields(h, input), status: "draft" } });
    await tx.auditLog.create({
      data: {
        actor: input.author,
        action: "rubric.create",
        entity: "rubric_versions",
        entityId: String(created.id),
        detail: { name: h.name, version: h.version },
        address: input.address ?? null,
      },
    });
    return created;
  });
  return { ...asSummary(row), text: row.text, diagnostics: diagnosticsOf(row.text) };
}

/**
 * Save a draft's text. `base`: the content hash of the text the editor started from; when the draft was saved by
 * someone else (another tab) since, nothing is saved and the conflict says who and when: two editors saving in turn
 * must not silently undo each other. Saving the text the draft already holds is a no-op (a double click).
 */
export async function updateDraft(
  db: Database,
  id: number,
  input: { text: string; author: string; address?: string | null; base?: string },
): Promise<RubricVersionDetail> {
  assertStorableText(input.text);
  // the stored row, not its diagnostics (a parse of the old text, in the writer, for nothing)
  const stored = await storedVersion(db, id);
  const current = asSummary(stored);
  if (current.status !== "draft") {
    throw new AppError(
      ErrorCodes.Forbidden,
      `规则“${current.name}”（${current.version}）${statusLabel[current.status]}，不能修改：请另建草稿`,
      `published rubric versions are immutable`,
      // (the editor then offers the unsaved text as a file, and the version as it is now)
      { draftGone: true },
    );
  }
  if (current.contentHash === contentHash(input.text)) return { ...current, text: stored.text, diagnostics: diagnosticsOf(stored.text) };
  const h = await draftVersionFree(db, headerOf(input.text), id);
  await assertNameFree(db, h.name, h.version, id);
  const row = await db.prisma.$transaction(async (tx) => {
    // saved only over the text the editor started from (checked in the write itself: a save in between loses)
    const { count } = await tx.rubricVersion.updateMany({
      where: { id, status: "draft", ...(input.base ? { contentHash: input.base } : {}) },
      data: draftFields(h, input),
    });
    if (count === 0) {
      const now = await tx.rubricVersion.findUniqueOrThrow({ where: { id } });
      throw new AppError(
        ErrorCodes.Conflict,
        `这份草稿已由 ${now.author} 于 ${beijingTime(now.updatedAt)} 修改并保存，您的修改没有保存：请先下载或复制您的修改，载入最新文本后再合并保存`,
        "the draft was saved by someone else since it was opened",
        { draftChanged: true },
      );
    }
    const updated = await tx.rubricVersion.findUniqueOrThrow({ where: { id } });
    await tx.auditLog.create({
      data: {
        actor: input.author,
        action: "rubric.update",
        entity: "rubric_versions",
        entityId: String(id),
        detail: { from: current.contentHash, to: updated.contentHash },
        address: input.address ?? null,
      },
    });
    return updated;
  });
  return { ...asSummary(row), text: row.text, diagnostics: diagnosticsOf(row.text) };
}

/** Does the store hold any data to score (units or orders)? */
async function hasData(store: Store): Promise<boolean> {
  const [units, orders] = await Promise.all([store.prisma.unit.count(), store.prisma.order.findFirst({ select: { id: true } })]);
  return units > 0 || orders !== null;
}

/** Why a version is not a draft to publish (published already, or withdrawn), or null when it is one. */
function notPublishable(v: { status: string; publishedAt: Date | null; withdrawnAt: Date | null }): AppError | null {
  if (v.status === "published") return new AppError(ErrorCodes.Conflict, `该版本已于 ${beijingDate(v.publishedAt)} 发布`, "already published");
  if (v.status === "withdrawn")
    return new AppError(
      ErrorCodes.Conflict,
      `该版本已于 ${beijingDate(v.withdrawnAt)} 撤回，不能再发布：请另建草稿`,
      "withdrawn versions cannot be published again",
    );
  return null;
}

/**
 * The draft was saved since the publisher reviewed it (its text, and what publishing it would change): nothing is
 * published, and the conflict says who saved it and when, as a save over someone else's save does.
 */
function savedSinceReviewed(now: { author: string; updatedAt: Date }): AppError {
  return new AppError(
    ErrorCodes.Conflict,
    `这份草稿在您查看后已由 ${now.author} 于 ${beijingTime(now.updatedAt)} 修改并保存，本次没有发布：请重新查看最新文本及其发布影响后再发布`,
    "the draft was saved since it was reviewed; nothing was published",
    { draftChanged: true },
  );
}

/**
 * Publish a draft: it must check clean, and score its first month in force
 * with the data in the store (inside the transaction that publishes it: a
 * failure publishes nothing); with no data at all it must still compile.
 * From then on it is immutable. `reviewed`: the content hash of the text the
 * publisher reviewed (the console's publish dialog: the text and what
 * publishing it changes); when the draft was saved since, nothing is
 * published (CONFLICT). Without it (the demo, scripts) the draft is
 * published as it is stored when read here.
 */
export async function publishRubricVersion(
  db: Database | Store,
  id: number,
  actor: string,
  address: string | null = null,
  reviewed?: string,
): Promise<RubricVersionDetail> {
  const current = await getRubricVersion(db, id);
  const refused = notPublishable(current);
  if (refused) throw refused;
  if (reviewed !== undefined && current.contentHash !== reviewed) throw savedSinceReviewed(current);
  const errors = current.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new AppError(
      ErrorCodes.RubricInvalid,
      `规则有 ${errors.length} 处错误，改正后才能发布（第 ${errors[0]?.range.start.line} 行：${errors[0]?.message}）`,
      "the rubric has errors",
      errors,
    );
  }
  const rubric = compileVersion(current);
  const month = rubric.header.from;
  const store = "raw" in db ? db : null;
  const score = store && (await hasData(store));
  const row = await db.prisma.$transaction(
    async (tx) => {
      // the text checked and scored here, no other: a save in between (after it was read above) publishes nothing
      const { count } = await tx.rubricVersion.updateMany({
        where: { id, status: "draft", contentHash: current.contentHash },
        data: { status: "published", publishedAt: new Date(), publishedBy: actor },
      });
      if (count === 0) {
        const now = await tx.rubricVersion.findUnique({ where: { id } });
        if (!now) throw new AppError(ErrorCodes.NotFound, `编号为 ${id} 的草稿刚刚已被删除，没有发布`, `rubric version ${id} was deleted meanwhile`);
        throw notPublishable(now) ?? savedSinceReviewed(now);
      }
      const updated = await tx.rubricVersion.findUniqueOrThrow({ where: { id } });
      if (score && store) {
        try {
          // units and facts read through the transaction (on SQLite the client's one connection is the transaction's)
          await scorePeriod({ ...store, prisma: tx as unknown as Store["prisma"] }, rubric, month, { evidence: false });
        } catch (err) {
          const why = err instanceof AppError ? err.zh : err instanceof ScoringError ? err.zh : err instanceof Error ? err.message : String(err);
          throw new AppError(
            ErrorCodes.RubricInvalid,
            `规则“${current.name}”（${current.version}）在施行的第一个月${periodLabel(month)}计分失败，未发布：${why}`,
            `the rubric fails to score its first month in force, ${month}; not published`,
            { month },
          );
        }
      }
      await tx.auditLog.create({
        data: {
          actor,
          action: "rubric.publish",
          entity: "rubric_versions",
          entityId: String(id),
          detail: { name: updated.name, version: updated.version, effectiveFrom: updated.effectiveFrom, scoredMonth: score ? month : null },
          address,
        },
      });
      return updated;
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
  return { ...asSummary(row), text: row.text, diagnostics: current.diagnostics };
}

/**
 * Withdraw a published version that should never have been published: it is
 * no longer in force (the previous published version takes its months back);
 * months already published under it keep their frozen results. Who, when and
 * why are kept on the version and in the audit log.
 */
export async function withdrawRubricVersion(
  db: Database,
  id: number,
  input: { actor: string; reason: string; address?: string | null },
): Promise<RubricVersionDetail> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError(ErrorCodes.BadInput, "撤回规则版本须填写原因", "withdrawing a version needs a reason");
  const current = await getRubricVersion(db, id);
  if (current.status !== "published") {
    throw new AppError(
      ErrorCodes.Conflict,
      current.status === "draft" ? "草稿尚未发布，无需撤回：可直接删除" : `该版本已于 ${beijingDate(current.withdrawnAt)} 由 ${current.withdrawnBy} 撤回`,
      `only a published version can be withdrawn (this one is ${current.status})`,
    );
  }
  const row = await db.prisma.$transaction(async (tx) => {
    const updated = await tx.rubricVersion.update({
      where: { id, status: "published" },
      data: { status: "withdrawn", withdrawnAt: new Date(), withdrawnBy: input.actor, withdrawnReason: reason },
    });
    const publications = await tx.publishedResult.count({ where: { rubricVersionId: id } });
    await tx.auditLog.create({
      data: {
        actor: input.actor,
        action: "rubric.withdraw",
        entity: "rubric_versions",
        entityId: String(id),
        detail: { name: updated.name, version: updated.version, effectiveFrom: updated.effectiveFrom, reason, publicationsKept: publications },
        address: input.address ?? null,
      },
    });
    return updated;
  });
  return { ...asSummary(row), text: row.text, diagnostics: current.diagnostics };
}

/** "2017-11-05", Beijing time. */
const beijingDate = (d: Date | null) => (d ? formatShanghai(d.getTime(), "date") : "");
const beijingTime = (d: Date) => formatShanghai(d.getTime(), "minute");

export async function deleteDraft(db: Database, id: number, actor: string, address: string | null = null): Promise<void> {
  const current = await getRubricVersion(db, id);
  if (current.status !== "draft")
    throw new AppError(ErrorCodes.Forbidden, `${statusLabel[current.status]}的规则版本不能删除`, "published rubric versions cannot be deleted");
  await db.prisma.$transaction([
    db.prisma.rubricVersion.delete({ where: { id } }),
    db.prisma.auditLog.create({
      data: {
        actor,
        action: "rubric.delete",
        entity: "rubric_versions",
        entityId: String(id),
        detail: { name: current.name, version: current.version },
        address,
      },
    }),
  ]);
}

/**
 * The published version in force for a month ("2017-10") or a year ("2017": in force in December, else the latest month
 * of it). Withdrawn versions are not in force: the previous published version takes their months.
 */
export async function versionInForce(db: Database, period: string): Promise<RubricVersionDetail> {
  const v = inForceAmong(await publishedVersions(db), period);
  if (v) return v;
  throw new AppError(
    ErrorCodes.NotInForce,
    `${periodLabel(period)}没有已发布且施行中的规则版本：请先在“规则”中发布一个版本`,
    `no published rubric version is in force for ${period}`,
  );
}

/** The published versions, the latest in force first (as versionInForce looks them up). */
async function publishedVersions(db: Database): Promise<RubricVersionDetail[]> {
  const rows = await db.prisma.rubricVersion.findMany({ where: { status: "published" }, orderBy: [{ effectiveFrom: "desc" }, { publishedAt: "desc" }] });
  return rows.map((v) => ({ ...asSummary(v), text: v.text, diagnostics: [] }));
}

/**
 * The version in force for a month or a year among versions ordered as `publishedVersions` orders them (the latest
 * start first, the latest published first among equals): the first that covers the month, or the year's December,
 * else its latest month covered.
 */
export function inForceAmong<T extends { effectiveFrom: string; effectiveUntil: string | null }>(published: readonly T[], period: string): T | null {
  const months = isYear(period) ? Array.from({ length: 12 }, (_, i) => `${period}-${String(12 - i).padStart(2, "0")}`) : [period];
  for (const month of months) {
    const v = published.find((r) => r.effectiveFrom <= month && (r.effectiveUntil === null || r.effectiveUntil >= month));
    if (v) return v;
  }
  return null;
}

/** Which version is in force for a period (a month or a year), null where none is: the published versions read with one query. */
export async function inForceLookup(db: Database): Promise<(period: string) => RubricVersionDetail | null> {
  const published = await publishedVersions(db);
  return (period) => inForceAmong(published, period);
}

/** The published versions in force in any month from `from` to `until` ("2017-10"). */
export async function versionsInForceBetween(db: Database, span: { from: string; until: string }): Promise<RubricVersionDetail[]> {
  const published = await publishedVersions(db);
  const found = new Set<RubricVersionDetail>();
  // a version may be in force in none of the months its period spans: a later one took them
  for (let month = span.from, n = 0; month <= span.until && n < 600; month = addMonths(month, 1), n++) {
    const v = inForceAmong(published, month);
    if (v) found.add(v);
  }
  return [...found];
}

/**
 * Compile the published versions ahead of use (a server's threads, once started): the first scoring a thread is
 * asked for then does not also build the rules language's parser and compile the rubric. Errors are left for
 * that scoring to report.
 */
export async function compilePublishedVersions(db: Database): Promise<number> {
  const versions = await db.prisma.rubricVersion.findMany({ where: { status: "published" }, select: { text: true, name: true, version: true } });
  let compiled = 0;
  for (const v of versions) {
    try {
      compileVersion(v);
      compiled++;
    } catch {
      // reported when the version is used
    }
  }
  return compiled;
}

/** Compiled versions by text: the text alone decides the compiled rubric, and a few versions are in use at a time. */
const compiledByText = new Map<string, CompiledRubric>();
const COMPILED_KEPT = 16;

/** Compile a stored version (once per text: scoring, previews and objections ask again and again); a stored draft with errors gets a clear error. */
export function compileVersion(v: { text: string; name: string; version: string }): CompiledRubric {
  const known = compiledByText.get(v.text);
  if (known) return known;
  try {
    const rubric = compileRubric(v.text, `${v.name}（${v.version}）`);
    if (compiledByText.size >= COMPILED_KEPT) compiledByText.delete(compiledByText.keys().next().value as string);
    compiledByText.set(v.text, rubric);
    return rubric;
  } catch (err) {
    if (err instanceof RubricError) {
      const first = err.diagnostics[0];
      throw new AppError(
        ErrorCodes.RubricInvalid,
        `规则“${v.name}”（${v.version}）有错误，无法计分${first ? `（第 ${first.range.start.line} 行：${first.message}）` : ""}`,
        "the rubric has errors",
        err.diagnostics,
      );
    }
    throw err;
  }
}

/** Load rubric files as versions (the shipped ones, for the demo); existing name+version pairs are left alone. */
export async function loadRubricFiles(db: Database, files: { text: string; publish: boolean }[], actor: string): Promise<number> {
  let added = 0;
  for (const f of files) {
    const h = headerOf(f.text);
    const exists = await db.prisma.rubricVersion.findUnique({ where: { name_version: { name: h.name, version: h.version } } });
    if (exists) continue;
    const v = await createDraft(db, { text: f.text, author: actor });
    if (f.publish) await publishRubricVersion(db, v.id, actor);
    added++;
  }
  return added;
}

/** Score with the published version in force for the period. */
export async function scoreInForce(
  store: Store,
  period: string,
  options: ScoreOptions = {},
): Promise<{ result: AssessmentResult; versionId: number; rubric: CompiledRubric }> {
  assertPeriod(period);
  const v = await versionInForce(store, period);
  const rubric = compileVersion(v);
  return { result: await scorePeriod(store, rubric, period, options), versionId: v.id, rubric };
}

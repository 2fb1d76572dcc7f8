/**
 * Publishing freezes a period's results: the whole result, the rubric version
 * and a fingerprint of the data it came from. A changed result (an objection
 * upheld) is re-published with its reason; the earlier snapshot is kept,
 * marked superseded. Re-scoring a published period with the version then in
 * force reproduces the snapshot exactly.
 */

import type { Store } from "@kaohe/db";
import { AppError, ErrorCodes } from "@kaohe/db";
import { type AssessmentResult, periodWindow, type UnitResult } from "@kaohe/rules-engine";
import { formatShanghai, periodLabel } from "@kaohe/time";
import { assertPeriodBegun, beijingMinute } from "./cycle.ts";
import { listObjections } from "./objections.ts";
import { compileVersion, getRubricVersion, versionInForce } from "./rubrics.ts";
import { rankedInGroup } from "./score-views.ts";
import { anyOrderRead, assertPeriod, assertPeriodHasData, dataHash, isYear, sameData, scorePeriod } from "./scores.ts";
import { quotedText } from "./text-limits.ts";

export interface Publication {
  id: number;
  period: string;
  schedule: "monthly" | "yearly";
  rubricVersionId: number;
  rubric: { name: string; version: string };
  dataHash: string;
  publishedBy: string;
  publishedAt: Date;
  reason: string | null;
  supersededAt: Date | null;
}

export interface PublishedResult extends Publication {
  result: AssessmentResult;
}

type Row = {
  id: number;
  period: string;
  schedule: string;
  rubricVersionId: number;
  dataHash: string;
  snapshot: unknown;
  publishedBy: string;
  publishedAt: Date;
  reason: string | null;
  supersededAt: Date | null;
  rubricVersion: { name: string; version: string };
};

function toPublication(r: Row): Publication {
  return {
    id: r.id,
    period: r.period,
    schedule: r.schedule === "yearly" ? "yearly" : "monthly",
    rubricVersionId: r.rubricVersionId,
    rubric: { name: r.rubricVersion.name, version: r.rubricVersion.version },
    dataHash: r.dataHash,
    publishedBy: r.publishedBy,
    publishedAt: r.publishedAt,
    reason: r.reason,
    supersededAt: r.supersededAt,
  };
}

const include = { rubricVersion: { select: { name: true, version: true } } } as const;

/** The current (not superseded) publication of a period, if any, without its result (a megabyte for a few hundred units). */
export async function currentPublicationOnly(store: Store, period: string): Promise<Publication | null> {
  assertPeriod(period);
  const row = await store.prisma.publishedResult.findFirst({
    where: { period, supersededAt: null },
    omit: { snapshot: true },
    include,
    orderBy: { id: "desc" },
  });
  return row ? toPublication({ ...row, snapshot: null } as Row) : null;
}

/** A publication's frozen result; one frozen before results carried the period's warnings has none. */
const frozenResult = (snapshot: unknown): AssessmentResult => {
  const result = snapshot as Omit<AssessmentResult, "warnings"> & Partial<Pick<AssessmentResult, "warnings">>;
  return { ...result, warnings: result.warnings ?? [] };
};

/** The current (not superseded) publication of a period, if any. */
export async function currentPublication(store: Store, period: string): Promise<PublishedResult | null> {
  assertPeriod(period);
  const row = await store.prisma.publishedResult.findFirst({ where: { period, supersededAt: null }, include, orderBy: { id: "desc" } });
  return row ? { ...toPublication(row as Row), result: frozenResult(row.snapshot) } : null;
}

/** A unit's place as a period's current publication ranks it: what its unit users are shown of its rank once published. */
export interface PublishedPlace {
  rank: number | null;
  ranked: boolean;
  /** units ranked in its group */
  groupSize: number;
  published: number | null;
  /** what the place decides, as published: a band by rank (前 20% 为优秀), sanctions on 倒数名次, vetoes */
  band: string | null;
  vetoes: string[];
  sanctions: UnitResult["sanctions"];
}

/**
 * The unit's place in the current publication of the period, null when none is published or the unit is not in it.
 * Scored again on today's data, a published month ranks the unit among the other units' unpublished changes (an event
 * entered for another town moved it down), which its users must not read before the center publishes them (found by
 * a security review); they are shown the published place.
 */
export async function publishedPlace(store: Store, period: string, unitCode: string): Promise<PublishedPlace | null> {
  const publication = await currentPublication(store, period);
  if (!publication) return null;
  const units = publication.result.units;
  const unit = units.find((u) => u.unit.code === unitCode);
  // published without it (a unit added since): no place, rather than one among the changes since
  if (!unit) return { rank: null, ranked: false, groupSize: 0, published: null, band: null, vetoes: [], sanctions: [] };
  return {
    rank: unit.rank,
    ranked: unit.ranked,
    groupSize: rankedInGroup(units, unit.group),
    published: unit.published,
    band: unit.band,
    vetoes: unit.vetoes,
    sanctions: unit.sanctions,
  };
}

/** Publications, superseded ones included, latest period first, latest publication first; only one period's when asked. */
export async function listPublications(store: Store, period?: string): Promise<Publication[]> {
  if (period !== undefined) assertPeriod(period);
  const rows = await store.prisma.publishedResult.findMany({
    where: period === undefined ? {} : { period },
    include,
    orderBy: [{ period: "desc" }, { id: "desc" }],
  });
  return rows.map((r) => toPublication(r as Row));
}

/** One publication, current or earlier, with its frozen result. */
export async function getPublication(store: Store, id: number): Promise<PublishedResult> {
  const row = await store.prisma.publishedResult.findUnique({ where: { id }, include });
  if (!row) throw new AppError(ErrorCodes.NotFound, `没有编号为 ${id} 的发布记录`, `no publication ${id}`);
  return { ...toPublication(row as Row), result: frozenResult(row.snapshot) };
}

/** A reason as a conflict quotes it: the first words of a long one. */
const REASON_QUOTED = 80;
const quotedReason = (reason: string) => quotedText(reason, REASON_QUOTED);

/**
 * The period's current publication is not the one the publisher saw (someone else published or re-published it
 * meanwhile): nothing is published, and the conflict says who, when and why, so that the publisher looks at it
 * before deciding to publish again (`otherwise`: what to say when no publication is current). A re-publication is one
 * with an earlier publication of the period before it (a first one may carry a reason too: it is still 发布).
 */
async function publishedMeanwhile(
  db: Pick<Store["prisma"], "publishedResult">,
  period: string,
  now: { id: number; publishedBy: string; publishedAt: Date; reason: string | null } | null,
  otherwise: string,
): Promise<AppError> {
  const again = now !== null && (await db.publishedResult.count({ where: { period, id: { lt: now.id } } })) > 0;
  const why = now?.reason ? `（原因：${quotedReason(now.reason)}）` : "";
  return new AppError(
    ErrorCodes.Conflict,
    now
      ? `${periodLabel(period)}刚由 ${now.publishedBy} 于 ${beijingMinute(now.publishedAt)} ${again ? "重新发布" : "发布"}${why}，本次没有发布：请刷新查看后再决定是否重新发布`
      : `${periodLabel(period)}${otherwise}`,
    `${period} was published by someone else meanwhile; nothing was published`,
    { publishedMeanwhile: true },
  );
}

/** Did the database refuse a second current publication of a period (the partial unique index)? */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
  if (e?.code === "P2002" || e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE") return true;
  const text = `${String(e?.message ?? "")} ${JSON.stringify(e?.meta ?? null)}`;
  return /UNIQUE constraint failed|duplicate key value|Unique constraint failed|published_results_current_key/i.test(text);
}

/** Did SQLite refuse a write because another connection holds the write lock? */
function isBusy(err: unknown): boolean {
  const e = err as { message?: unknown; code?: unknown; cause?: unknown };
  return /SQLITE_BUSY|database is locked|busy/i.test(`${String(e?.message ?? err)} ${String(e?.code ?? "")} ${JSON.stringify(e?.cause ?? null)}`);
}

/** What openDatabase gives SQLite connections (client.ts). */
const SQLITE_BUSY_TIMEOUT = 30_000;

/** Run `fn` again while SQLite is busy (another connection writing), waiting without blocking the process, up to the busy timeout. */
async function retryWhileBusy<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT;
  for (let wait = 10; ; wait = Math.min(wait * 2, 500)) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

export interface PublishInput {
  actor: string;
  /**
   * the period's current publication as the publisher saw it (its id; null: none), which this one replaces: when
   * another one is current now (published or re-published meanwhile), nothing is published. Not given (the demo,
   * scripts): whatever is current is replaced.
   */
  replaces?: number | null;
  /** why it replaces the current publication (required to publish a period again) */
  reason?: string;
  /**
   * publish a year even though it has no orders, or counts no month (every unit would score as if it had no
   * complaints). A month without data is refused all the same: it is not scored, ranked nor counted in its year.
   */
  confirmEmpty?: boolean;
  /** publish a month although objections to it are still undecided */
  confirmUndecided?: boolean;
  /** publish a period that has not ended yet (orders received after publishing are not in it) */
  confirmUnfinished?: boolean;
  address?: string | null;
  /** the time now (tests) */
  now?: Date;
}

/** How a publication's reason lists objections by number and unit: the accepted ones it cites, those still undecided. */
const OBJECTION_LISTS = {
  // (no space before 更正数据: “#1（唐山镇） 更正数据” read as a slip: a walk)
  cited: { before: "依已采纳的异议 ", after: "更正数据" },
  // accepted with no data changed (a free-text objection, its point taken): cited, never as grounds of a correction
  heard: { before: "已采纳但未涉及数据更正的异议 ", after: "" },
  pending: { before: "发布时尚有未处理的异议 ", after: "" },
} as const;
type ObjectionListKind = keyof typeof OBJECTION_LISTS;
/** One objection in such a list, "#3（唐山镇）", read back by number and unit name. */
const OBJECTION_REF = /#(\d+)（([^）]+)）/gu;

/** Objections by number and unit: "#1（唐山镇）、#3（起凤镇）". */
const objectionRefs = (objections: readonly { id: number; unitName: string }[]) => objections.map((o) => `#${o.id}（${o.unitName}）`).join("、");

/** The list of `kind` naming these objections ("" when there are none). */
function objectionList(kind: ObjectionListKind, objections: readonly { id: number; unitName: string }[]): string {
  if (objections.length === 0) return "";
  const { before, after } = OBJECTION_LISTS[kind];
  return `${before}${objectionRefs(objections)}${after}`;
}

/**
 * Publish a month (or a year) with the version in force; a second publication
 * needs the reason it replaces the first, a year without any orders or counting
 * no month needs `confirmEmpty`, and a period that has not ended yet
 * `confirmUnfinished`. A month without data (no unit has an order in it), and a
 * year none of whose months has data, are refused, confirmed or not
 * (`assertPeriodHasData`).
 * The database holds one current publication per period: of two
 * publications of a period at the same moment, one commits and the other is
 * refused (CONFLICT), never both.
 */
export async function publishPeriod(store: Store, period: string, input: PublishInput): Promise<PublishedResult> {
  assertPeriod(period);
  const existing = await currentPublicationOnly(store, period);
  if (input.replaces !== undefined && input.replaces !== (existing?.id ?? null)) {
    throw await publishedMeanwhile(
      store.prisma,
      period,
      existing,
      "的发布记录已有变化（您看到的发布已不是现行发布），本次没有发布：请刷新查看后再决定是否发布",
    );
  }
  // objections: the undecided ones need a confirmation; the accepted ones no publication cited yet are cited now
  const objections = await listObjections(store, { period });
  const undecided = objections.filter((o) => o.status === "open");
  // the accepted ones no publication has cited yet, in the order they were raised (as the reason cites them)
  const cited = objections.filter((o) => o.status === "accepted" && o.publicationId === null).sort((a, b) => a.id - b.id);
  if (undecided.length > 0 && !input.confirmUndecided) {
    throw new AppError(
      ErrorCodes.Conflict,
      `${periodLabel(period)}还有 ${undecided.length} 条异议未处理（${undecided.map((o) => `#${o.id} ${o.unitName}`).join("、")}）：请先处理；确需现在发布，请确认后再发布`,
      `${period} has ${undecided.length} undecided objections; publishing needs confirmUndecided`,
      { undecided: undecided.map((o) => ({ id: o.id, unitCode: o.unitCode, unitName: o.unitName })), period },
    );
  }
  const corrected = cited.filter((o) => o.corrections.length > 0);
  const heard = cited.filter((o) => o.corrections.length === 0);
  const citation = [objectionList("cited", corrected), objectionList("heard", heard)].filter(Boolean).join("；");
  if (existing && !input.reason?.trim() && !citation) {
    throw new AppError(
      ErrorCodes.Conflict,
      `${periodLabel(period)}已由 ${existing.publishedBy} 于 ${beijingMinute(existing.publishedAt)} 发布；如因异议复核需重新发布，请填写原因`,
      `${period} is already published; re-publishing needs a reason`,
    );
  }
  const version = await versionInForce(store, period);
  const rubric = compileVersion(version);
  const { window } = periodWindow(rubric, period);
  const now = input.now ?? new Date();
  assertPeriodBegun(period, window, now);
  // side by side: the fingerprint is read aside (another connection, on SQLite another thread) while this one scores;
  // no write comes between them (publishing is on the one writer thread)
  const scoring = () => Promise.all([dataHash(store, rubric, period), scorePeriod(store, rubric, period, { evidence: false })]);
  // scored first: a month, or a year none of whose months has data, is refused whatever is confirmed (a confirmation of
  // its being unfinished or without orders asked first would only lead to this)
  const [hash, result] = await scoring();
  await assertPeriodHasData(store, rubric, period, "publish", result);
  if (!input.confirmUnfinished && now.getTime() < window.end) {
    // a month (or year) still running: what is published would leave out every order received from now on
    const which = isYear(period) ? "本年" : "本月";
    const span = `${formatShanghai(window.start, "moment")} 至 ${formatShanghai(window.end - 1, "date")}`;
    const ends = new Date(window.end).toISOString();
    throw new AppError(
      ErrorCodes.Conflict,
      `${periodLabel(period)}尚未结束（考核周期 ${span}，北京时间）：现在发布，此后受理的工单不会计入，结果不反映${which}全部工作。请在${which}结束、导入${which}工单后发布；确需提前发布，请确认后再发布`,
      `${period} has not ended (its period runs until ${ends}); publishing it now needs confirmUnfinished`,
      { unfinished: true, period, ends },
    );
  }
  // a year without orders (each of its months without data, which the year leaves out): every unit would tie; a month
  // with orders received none of which the measures read (a rubric counting by close time, none closed in it), or under
  // a rubric counting no volume: asked to confirm (a month no unit has an order in is refused above)
  if (!input.confirmEmpty && (await anyOrderRead(store, rubric, period)) === false) {
    const which = isYear(period) ? "本年" : "本月";
    throw new AppError(
      ErrorCodes.Conflict,
      `${which}无工单数据（${periodLabel(period)}）：发布后各单位都将按无工单计分、并列排名，结果不反映实际工作。请先导入${which}工单；确属无工单仍要发布，请确认后再发布`,
      `${period} has no orders; publishing it needs confirmEmpty`,
      { empty: true, period },
    );
  }
  if (!input.confirmEmpty && isYear(period) && result.assessment.schedule === "yearly" && result.months.length === 0) {
    // a year none of whose months counts (no orders under a version in force): every unit would tie
    throw new AppError(
      ErrorCodes.Conflict,
      `本年没有计入年终成绩的月份（${periodLabel(period)}无工单数据）：发布后各单位都将按无工单计分、并列排名，结果不反映实际工作。请先导入本年工单；确属如此仍要发布，请确认后再发布`,
      `${period} counts no month; publishing it needs confirmEmpty`,
      { empty: true, period },
    );
  }
  const pending = objectionList("pending", undecided);
  // the reason as written, its closing punctuation left to the joining "；"
  const reason = [input.reason?.trim().replace(/[。；;，,、\s]+$/u, ""), citation, pending].filter(Boolean).join("；") || null;
  const insert = () =>
    store.prisma.$transaction(async (tx) => {
      // SQLite: take the write lock first, so that two publications queue instead of one reading a stale snapshot; without
      // waiting for it here (a wait blocks the whole process, the other connection's commit included): retried below
      if (store.provider === "sqlite") {
        await tx.$queryRawUnsafe("PRAGMA busy_timeout = 0");
        try {
          await tx.$executeRawUnsafe(`UPDATE "published_results" SET "id" = "id" WHERE 0 = 1`);
        } finally {
          await tx.$queryRawUnsafe(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT}`);
        }
      }
      const now = await tx.publishedResult.findFirst({ where: { period, supersededAt: null }, orderBy: { id: "desc" } });
      if ((now?.id ?? null) !== (existing?.id ?? null)) {
        throw await publishedMeanwhile(tx, period, now, "的发布记录刚刚有变化：请刷新后重试");
      }
      if (existing) await tx.publishedResult.update({ where: { id: existing.id }, data: { supersededAt: new Date() } });
      const opened = await tx.assessmentCycle.findUnique({ where: { period } });
      if (opened) await tx.assessmentCycle.update({ where: { period }, data: { stage: "published", updatedBy: input.actor } });
      const created = await tx.publishedResult.create({
        data: {
          period,
          schedule: isYear(period) ? "yearly" : "monthly",
          rubricVersionId: version.id,
          dataHash: hash,
          snapshot: {},
          publishedBy: input.actor,
          reason,
        },
        include,
      });
      // the result (a megabyte for a few hundred units) as its JSON text: through Prisma's query compiler it took a second
      await tx.$executeRawUnsafe(
        `UPDATE "published_results" SET "snapshot" = ${store.provider === "sqlite" ? "?" : "$1::jsonb"} WHERE "id" = ${store.provider === "sqlite" ? "?" : "$2"}`,
        JSON.stringify(result),
        created.id,
      );
      await tx.auditLog.create({
        data: {
          actor: input.actor,
          action: existing ? "result.republish" : "result.publish",
          entity: "published_results",
          entityId: String(created.id),
          detail: {
            period,
            rubricVersionId: version.id,
            dataHash: hash,
            reason,
            replaces: existing?.id ?? null,
            confirmEmpty: input.confirmEmpty ?? false,
            ...(input.confirmUnfinished ? { confirmUnfinished: true } : {}),
            objections: cited.map((o) => o.id),
            undecidedObjections: undecided.map((o) => o.id),
          },
          address: input.address ?? null,
        },
      });
      if (cited.length > 0) await tx.objection.updateMany({ where: { id: { in: cited.map((o) => o.id) } }, data: { publicationId: created.id } });
      return created;
    });
  let row: Awaited<ReturnType<typeof insert>>;
  try {
    row = await retryWhileBusy(insert);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (isUniqueViolation(err) || isBusy(err)) {
      throw await publishedMeanwhile(store.prisma, period, await currentPublicationOnly(store, period), "正在由他人发布：请稍后刷新查看");
    }
    throw err;
  }
  return { ...toPublication(row as Row), result };
}

/** Score and rank of one unit in a result (null: not in it, or not scored / not ranked). */
export interface Standing {
  score: number | null;
  rank: number | null;
}

export interface UnitComparison {
  unit: { code: string; name: string; category: string };
  /** in the publication (null: the unit was not in it) */
  published: Standing | null;
  /** in the other result (null: the unit is not in it) */
  now: Standing | null;
  /** score or rank differ, or the unit is in only one of the two */
  changed: boolean;
}

/** Per unit, score and rank in the published result and in `now` (units of either result), in the order of `now` then the rest. */
function compareResults(published: AssessmentResult, now: AssessmentResult): UnitComparison[] {
  const before = new Map(published.units.map((u) => [u.unit.code, u]));
  const after = new Map(now.units.map((u) => [u.unit.code, u]));
  const standing = (u: AssessmentResult["units"][number] | undefined): Standing | null => (u ? { score: u.published, rank: u.rank } : null);
  const rows: UnitComparison[] = [];
  for (const u of [...now.units, ...published.units.filter((x) => !after.has(x.unit.code))]) {
    const a = standing(before.get(u.unit.code));
    const b = standing(after.get(u.unit.code));
    rows.push({ unit: u.unit, published: a, now: b, changed: !a || !b || a.score !== b.score || a.rank !== b.rank });
  }
  return rows;
}

/** The publication of the period that `p` replaced (the one before it): its id, null when `p` is the period's first. */
export async function replacedPublicationId(store: Store, p: { id: number; period: string }): Promise<number | null> {
  const row = await store.prisma.publishedResult.findFirst({ where: { period: p.period, id: { lt: p.id } }, orderBy: { id: "desc" }, select: { id: true } });
  return row?.id ?? null;
}

/** A re-publication against a publication of the period before it. */
export interface Republication {
  /** the reason it was published again, as written (reasonForUnit: as a unit may read it) */
  reason: string | null;
  /** the units whose published score or rank it changed, or that are in only one of the two, by code */
  changed: Map<string, UnitComparison>;
}

/** What republicationOf found, by store, publication and the time it was compared from, the most recently asked last (publications never change). */
const republications = new Map<string, Republication | null>();
const REPUBLICATIONS_KEPT = 256;

/**
 * The publication `p` against the one a unit last saw of its period: the latest published by `seenUpTo` (when its
 * list was last marked seen), else the period's first — not merely the one it replaced: published again twice before
 * the unit looked (a reason's typo mended), it was told nothing of the first re-publication that moved it (a review).
 * Null when that is `p` itself. Worked out once per pair (the bell asks for each unit every half minute).
 */
export async function republicationOf(store: Store, p: { id: number; period: string }, seenUpTo: Date | null): Promise<Republication | null> {
  // asked by the publication and when the unit last looked: a poll answered from here reads nothing
  const key = `${store.url}|${p.id}|${seenUpTo?.getTime() ?? ""}`;
  const known = republications.get(key);
  if (known !== undefined) {
    // kept as the most recently asked: the bell asks the same few every half minute
    republications.delete(key);
    republications.set(key, known);
    return known;
  }
  const earlier = { period: p.period, id: { lt: p.id } };
  const seen =
    (seenUpTo &&
      (await store.prisma.publishedResult.findFirst({
        where: { ...earlier, publishedAt: { lte: seenUpTo } },
        orderBy: { id: "desc" },
        select: { id: true },
      }))) ??
    (await store.prisma.publishedResult.findFirst({ where: earlier, orderBy: { id: "asc" }, select: { id: true } }));
  let found: Republication | null = null;
  if (seen) {
    const [before, now] = await Promise.all([getPublication(store, seen.id), getPublication(store, p.id)]);
    found = { reason: now.reason, changed: new Map(compareResults(before.result, now.result).flatMap((u) => (u.changed ? [[u.unit.code, u] as const] : []))) };
  }
  if (republications.size >= REPUBLICATIONS_KEPT) republications.delete(republications.keys().next().value as string);
  republications.set(key, found);
  return found;
}

export interface PublicationComparison {
  publication: Publication;
  /** the period's current publication it is compared with */
  current: Publication;
  units: UnitComparison[];
  changed: number;
}

/** An earlier (or the current) publication of a period against the period's current one: per unit, score and rank then and now. */
export async function comparePublication(store: Store, id: number): Promise<PublicationComparison> {
  const p = await getPublication(store, id);
  const current = await currentPublication(store, p.period);
  if (!current) throw new AppError(ErrorCodes.NotFound, `${periodLabel(p.period)}目前没有有效的发布`, `${p.period} has no current publication`);
  const units = compareResults(p.result, current.result);
  const { result: _a, ...publication } = p;
  const { result: _b, ...cur } = current;
  return { publication, current: cur, units, changed: units.filter((u) => u.changed).length };
}

export interface PublicationFreshness {
  publication: Publication;
  /** the data the publication was computed from is unchanged (its fingerprint matches) */
  dataUnchanged: boolean;
  /** the version in force for the period now, when it is not the one the publication used (e.g. that one was withdrawn) */
  versionInForce: { id: number; name: string; version: string } | null;
  /** units whose score or rank would differ if the period were scored now (empty when nothing changed) */
  differences: UnitComparison[];
}

/**
 * Does the period's current publication still say what scoring it now would?
 * Cheap when nothing changed: the data fingerprint is compared first, and the
 * period is scored again only when the data or the version in force changed.
 * Null when the period is not published. `shown`: the period scored otherwise
 * (`kaohe score --rubric 文件`): its differences from the publication are the
 * ones given, not the version in force's (a file's table was followed by the
 * in-force version's count of units differing, read as the file's).
 */
export async function publicationFreshness(store: Store, period: string, shown?: AssessmentResult): Promise<PublicationFreshness | null> {
  // without its snapshot: read only when the period is scored again below
  const publication = await currentPublicationOnly(store, period);
  if (!publication) return null;
  // no version in force any more (withdrawn, say) is an answer; any other failure is not
  const inForce = await versionInForce(store, period).catch((err: unknown) => {
    if (err instanceof AppError && (err.code === ErrorCodes.NotInForce || err.code === ErrorCodes.NotFound)) return null;
    throw err;
  });
  const published = compileVersion(inForce?.id === publication.rubricVersionId ? inForce : await getRubricVersion(store, publication.rubricVersionId));
  const dataUnchanged = await sameData(store, published, period, publication.dataHash);
  const otherVersion = inForce && inForce.id !== publication.rubricVersionId ? { id: inForce.id, name: inForce.name, version: inForce.version } : null;
  if (shown) {
    const differences = compareResults((await getPublication(store, publication.id)).result, shown).filter((u) => u.changed);
    return { publication, dataUnchanged, versionInForce: otherVersion, differences };
  }
  if (dataUnchanged && !otherVersion) return { publication, dataUnchanged, versionInForce: null, differences: [] };
  const rubric = otherVersion && inForce ? compileVersion(inForce) : published;
  const snapshot = (await getPublication(store, publication.id)).result;
  const now = await scorePeriod(store, rubric, period, { evidence: false, ...(otherVersion ? {} : { asOf: snapshot.asOf }) });
  return { publication, dataUnchanged, versionInForce: otherVersion, differences: compareResults(snapshot, now).filter((u) => u.changed) };
}

export interface Reproduction {
  identical: boolean;
  dataUnchanged: boolean;
  /** units whose published score or rank differs */
  differences: { unit: string; published: [number | null, number | null]; now: [number | null, number | null] }[];
}

/** Re-score a published period with the version it was published under and compare with the snapshot. */
export async function reproducePublication(store: Store, id: number): Promise<Reproduction> {
  const row = await getPublication(store, id);
  const rubric = compileVersion(await getRubricVersion(store, row.rubricVersionId));
  const snapshot = row.result;
  const now = await scorePeriod(store, rubric, row.period, { evidence: false, asOf: snapshot.asOf });
  const before = new Map(snapshot.units.map((u) => [u.unit.code, u]));
  const differences: Reproduction["differences"] = [];
  for (const u of now.units) {
    const b = before.get(u.unit.code);
    const same =
      b &&
      b.published === u.published &&
      b.rank === u.rank &&
      JSON.stringify(b.items.map((i) => i.published)) === JSON.stringify(u.items.map((i) => i.published));
    if (!same) differences.push({ unit: u.unit.name, published: [b?.published ?? null, b?.rank ?? null], now: [u.published, u.rank] });
  }
  for (const code of before.keys())
    if (!now.units.some((u) => u.unit.code === code))
      differences.push({
        unit: before.get(code)?.unit.name ?? code,
        published: [before.get(code)?.published ?? null, before.get(code)?.rank ?? null],
        now: [null, null],
      });
  return { identical: differences.length === 0, dataUnchanged: await sameData(store, rubric, row.period, row.dataHash), differences };
}

/**
 * A publication's reason as a unit sees it: the objections it lists are the unit's own only (another unit's
 * objections are not its to know); a list left empty is left out, except that data corrected on other units'
 * objections is still said, without naming them — it moves the unit's place too, and a re-publication that gave
 * 起凤镇 no reason at all for going from 4th to 5th told it nothing (a unit's walk). What the center wrote is kept as
 * written.
 */
export function reasonForUnit(reason: string | null, unitName: string): string | null {
  if (reason === null) return null;
  const parts = reason.split("；").flatMap((part) => {
    const kind = (Object.keys(OBJECTION_LISTS) as ObjectionListKind[]).find((k) => part.startsWith(OBJECTION_LISTS[k].before));
    if (!kind) return [part];
    const listed = [...part.matchAll(OBJECTION_REF)];
    const own = listed.filter((m) => m[2] === unitName).map((m) => ({ id: Number(m[1]), unitName }));
    // other units' corrections said (those accepted without one, or undecided, changed nothing of the data)
    if (kind === "cited" && own.length < listed.length) {
      const { before, after } = OBJECTION_LISTS.cited;
      return [own.length === 0 ? `依其他单位已采纳的异议${after}` : `${before}${objectionRefs(own)}及其他单位的异议${after}`];
    }
    return own.length === 0 ? [] : [objectionList(kind, own)];
  });
  return parts.join("；") || null;
}

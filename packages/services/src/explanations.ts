/**
 * Written explanations (办法五): a unit with 应办未办, 超时办结 or 问题反弹 in a
 * month explains it in writing to the county complaint center. Who owes one
 * is the rubric's to say: a sanction whose name speaks of an explanation
 * (`sanction 书面说明 … if …`). The unit writes it (text and attachments)
 * while the month is open to the units; the center reads and acknowledges
 * it; one submitted after the deadline is marked late, one never submitted
 * after the deadline is overdue.
 */

import { assessedMonthsText } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { AppError, ErrorCodes } from "@kaohe/db";
import { type CompiledRubric, type UnitResult, unitAssessedIn } from "@kaohe/rules-engine";
import { periodLabel } from "@kaohe/time";
import { type AttachmentInfo, assertAttachmentRoom, insertAttachments, listAttachments, type NewAttachment, removedAttachmentsDetail } from "./attachments.ts";
import { beijingMinute, getCycle } from "./cycle.ts";
import { compileVersion, scoreInForce, versionInForce } from "./rubrics.ts";
import { asksForExplanation } from "./sanction-causes.ts";
import { TEXT_LIMITS } from "./text-limits.ts";

type Reason = UnitResult["sanctions"][number];

/** An attachment as the API shows it (no bytes: those come from GET /attachments/<id>). */
export type AttachmentMeta = Omit<AttachmentInfo, "createdAt"> & { createdAt: string };

/** The attachments of these explanations or objections, as shown. */
export async function attachmentsOf(store: Store, type: AttachmentInfo["ownerType"], ids: number[]): Promise<AttachmentMeta[]> {
  return (await listAttachments(store, type, ids)).map((a) => ({ ...a, createdAt: a.createdAt.toISOString() }));
}

export type ExplanationState = "owed" | "overdue" | "submitted" | "late" | "acknowledged";

const EXPLANATION_STATE_LABEL: Record<ExplanationState, string> = {
  owed: "待提交",
  overdue: "逾期未交",
  submitted: "已提交",
  late: "逾期提交",
  acknowledged: "已阅",
};

export interface Explanation {
  id: number;
  period: string;
  unitCode: string;
  text: string;
  reasons: Reason[];
  status: "submitted" | "acknowledged";
  submittedBy: string;
  submittedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  response: string | null;
  attachments: AttachmentMeta[];
}

/** One owing unit's duty for the month and where it stands. */
export interface ExplanationDuty {
  unit: { code: string; name: string; category: string };
  /** why it owes one now; when it no longer does (an accepted objection corrected the data), why it did when it submitted */
  reasons: Reason[];
  /** false when the unit owed one when it submitted, but the data as now corrected no longer asks for it */
  owedNow: boolean;
  /** not owed now because the unit is not assessed in the month (起始月份, 截止月份): its months in words; else null */
  notAssessed: string | null;
  state: ExplanationState;
  stateLabel: string;
  explanation: Explanation | null;
}

type Row = Awaited<ReturnType<Store["prisma"]["explanation"]["findFirstOrThrow"]>>;

async function withAttachments(store: Store, rows: Row[]): Promise<Explanation[]> {
  const attachments = await attachmentsOf(
    store,
    "explanation",
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    period: r.period,
    unitCode: r.unitCode,
    text: r.text,
    reasons: r.reasons as unknown as Reason[],
    status: r.status === "acknowledged" ? "acknowledged" : "submitted",
    submittedBy: r.submittedBy,
    submittedAt: r.submittedAt.toISOString(),
    acknowledgedBy: r.acknowledgedBy,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    response: r.response,
    attachments: attachments.filter((a) => a.ownerId === r.id),
  }));
}

/** The explanations submitted for a month (one unit's, when given). */
export async function listExplanations(store: Store, period: string, unitCode?: string): Promise<Explanation[]> {
  const rows = await store.prisma.explanation.findMany({ where: { period, ...(unitCode ? { unitCode } : {}) }, orderBy: { submittedAt: "asc" } });
  return withAttachments(store, rows);
}

type Owing = { unit: UnitResult["unit"]; reasons: Reason[] }[];

/**
 * Who owes, by store and month, as of the latest audited change: every change of data, corrections and rubric
 * versions is audited, so an unchanged audit log means unchanged duties (the inbox asks every minute; scoring a
 * month each time would not do).
 */
const owingCache = new Map<string, { stamp: number; owing: Owing }>();
const OWING_KEPT = 64;

/** The units that owe an explanation for the month under the version in force, with why. */
export async function owingUnits(store: Store, period: string): Promise<Owing> {
  const key = `${store.url}|${period}`;
  const stamp = (await store.prisma.auditLog.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const cached = owingCache.get(key);
  if (cached && cached.stamp === stamp) return cached.owing;
  const { result } = await scoreInForce(store, period, { evidence: false });
  const owing = result.units.map((u) => ({ unit: u.unit, reasons: u.sanctions.filter(asksForExplanation) })).filter((u) => u.reasons.length > 0);
  if (owingCache.size >= OWING_KEPT) owingCache.delete(owingCache.keys().next().value as string);
  owingCache.set(key, { stamp, owing });
  return owing;
}

function stateOf(explanation: Explanation | null, deadline: string | null, now: Date): ExplanationState {
  if (explanation?.status === "acknowledged") return "acknowledged";
  if (explanation) return deadline && explanation.submittedAt > deadline ? "late" : "submitted";
  return deadline && now.toISOString() > deadline ? "overdue" : "owed";
}

/**
 * Every unit that owes an explanation for the month, and every unit that submitted one (a unit whose duty went
 * away after a correction keeps what it submitted), with its state; one unit's only, when given.
 */
export async function explanationDuties(store: Store, period: string, unitCode?: string, now = new Date()): Promise<ExplanationDuty[]> {
  const [owing, submitted, cycle] = await Promise.all([owingUnits(store, period), listExplanations(store, period, unitCode), getCycle(store, period, now)]);
  const duties: ExplanationDuty[] = [];
  const units = new Map(owing.map((o) => [o.unit.code, o]));
  const codes = [...new Set([...owing.map((o) => o.unit.code), ...submitted.map((e) => e.unitCode)])].filter((c) => !unitCode || c === unitCode);
  const names = new Map((await store.prisma.unit.findMany({ where: { code: { in: codes } } })).map((u) => [u.code, u]));
  // a unit with months of its own (起始月份, 截止月份) that the month's ranking leaves out: the rubric compiled once, if asked
  let rubric: CompiledRubric | null = null;
  const notAssessedIn = async (u: { category: string; fromMonth: string | null; untilMonth: string | null }) => {
    if (!assessedMonthsText(u)) return false;
    rubric ??= compileVersion(await versionInForce(store, period));
    return !unitAssessedIn(rubric, u, period);
  };
  for (const code of codes) {
    const explanation = submitted.find((e) => e.unitCode === code) ?? null;
    const owed = units.get(code);
    const u = names.get(code);
    const state = stateOf(explanation, cycle.explanationDeadline, now);
    duties.push({
      unit: owed?.unit ?? { code, name: u?.name ?? code, category: u?.category ?? "" },
      reasons: owed?.reasons ?? explanation?.reasons ?? [],
      owedNow: owed !== undefined,
      notAssessed: !owed && u && (await notAssessedIn(u)) ? assessedMonthsText(u) : null,
      state,
      stateLabel: EXPLANATION_STATE_LABEL[state],
      explanation,
    });
  }
  return duties;
}

export interface SubmitExplanationInput {
  period: string;
  unitCode: string;
  text: string;
  files: NewAttachment[];
  actor: string;
  address?: string | null;
  /**
   * The submission the writer saw when they began (its submittedAt, ISO; null: none yet). Given, a submission made
   * meanwhile (another tab, a colleague) is not overwritten unseen: refused, to be read first.
   */
  replacing?: string | null;
  /**
   * A revision: the ids of the explanation's attachments it keeps; the others are removed with it. Absent, every one is
   * kept (the console's form adds to them: 已提交的附件保留，新上传的附件追加在后).
   */
  keepAttachments?: readonly number[];
}

/**
 * A unit submits (or, until the center has read it, rewrites) its explanation for a month open to the units.
 * Attachments add to those already submitted, less those a revision does not keep. The unit's attachments for the
 * month stay under the cap (attachments.ts). All or nothing.
 */
export async function submitExplanation(store: Store, input: SubmitExplanationInput): Promise<Explanation> {
  const text = input.text.trim();
  if (text.length < 10) throw new AppError(ErrorCodes.BadInput, "书面说明至少写 10 个字：说明原因与整改情况", "an explanation needs at least 10 characters");
  const limit = TEXT_LIMITS.explanation;
  if (text.length > limit.max) throw new AppError(ErrorCodes.BadInput, limit.zh, limit.en);
  const cycle = await getCycle(store, input.period);
  if (cycle.stage === "closed") {
    throw new AppError(
      ErrorCodes.Conflict,
      `${periodLabel(input.period)}的考核结果尚未向各单位开放，暂不能提交书面说明`,
      `${input.period} is not open to the units`,
    );
  }
  const owed = (await owingUnits(store, input.period)).find((o) => o.unit.code === input.unitCode);
  const existing = await store.prisma.explanation.findUnique({ where: { period_unitCode: { period: input.period, unitCode: input.unitCode } } });
  if (!owed && !existing) {
    throw new AppError(
      ErrorCodes.Conflict,
      `按施行中的规则，本单位${periodLabel(input.period)}无须书面说明情况`,
      `the unit owes no explanation for ${input.period}`,
    );
  }
  if (existing?.status === "acknowledged") {
    throw new AppError(
      ErrorCodes.Conflict,
      `${periodLabel(input.period)}的书面说明已由 ${existing.acknowledgedBy} 于 ${beijingMinute(existing.acknowledgedAt as Date)} 阅知，不能再修改`,
      "the explanation was acknowledged already",
    );
  }
  if (input.replacing !== undefined && (existing?.submittedAt.toISOString() ?? null) !== input.replacing) {
    throw new AppError(
      ErrorCodes.Conflict,
      existing
        ? `本单位${periodLabel(input.period)}的书面说明已由 ${existing.submittedBy} 于 ${beijingMinute(existing.submittedAt)} 提交（在您打开本页之后）：为免覆盖，本次未保存。请刷新页面，阅读已提交的说明后再修改`
        : `本单位${periodLabel(input.period)}的书面说明已不在（页面所示已过时）：请刷新页面后再提交`,
      "the explanation changed since this form was opened",
    );
  }
  const earlier = existing ? await listAttachments(store, "explanation", [existing.id]) : [];
  const keep = input.keepAttachments === undefined ? null : new Set(input.keepAttachments);
  const stray = [...(keep ?? [])].find((id) => !earlier.some((a) => a.id === id));
  if (stray !== undefined) {
    throw new AppError(
      ErrorCodes.BadInput,
      `附件 #${stray} 不是本单位${periodLabel(input.period)}书面说明的附件（页面所示已过时）：请刷新页面后再提交`,
      `attachment ${stray} is not one of the explanation's`,
    );
  }
  const dropped = keep ? earlier.filter((a) => !keep.has(a.id)) : [];
  const reasons = JSON.parse(JSON.stringify(owed?.reasons ?? existing?.reasons ?? []));
  const id = await store.prisma.$transaction(async (tx) => {
    // the attachments it drops make room for those it adds
    await assertAttachmentRoom(
      tx,
      { period: input.period, unitCode: input.unitCode },
      input.files,
      dropped.map((a) => a.id),
    );
    const row = existing
      ? await tx.explanation.update({ where: { id: existing.id }, data: { text, reasons, submittedBy: input.actor, submittedAt: new Date() } })
      : await tx.explanation.create({ data: { period: input.period, unitCode: input.unitCode, text, reasons, status: "submitted", submittedBy: input.actor } });
    if (dropped.length > 0) {
      await tx.attachment.deleteMany({ where: { ownerType: "explanation", ownerId: row.id, id: { in: dropped.map((a) => a.id) } } });
    }
    await insertAttachments(tx, { type: "explanation", id: row.id }, input.files, input.actor);
    await tx.auditLog.create({
      data: {
        actor: input.actor,
        action: existing ? "explanation.revise" : "explanation.submit",
        entity: "explanations",
        entityId: String(row.id),
        detail: {
          period: input.period,
          unitCode: input.unitCode,
          characters: text.length,
          attachments: input.files.map((f) => ({ name: f.fileName, size: f.content.length })),
          ...removedAttachmentsDetail(dropped),
        },
        address: input.address ?? null,
      },
    });
    return row.id;
  });
  return getExplanation(store, id);
}

async function getExplanation(store: Store, id: number): Promise<Explanation> {
  const row = await store.prisma.explanation.findUnique({ where: { id } });
  if (!row) throw new AppError(ErrorCodes.NotFound, `没有编号为 ${id} 的书面说明`, `no explanation ${id}`);
  const [e] = await withAttachments(store, [row]);
  return e as Explanation;
}

/** The center has read an explanation (with a note to the unit, if any). */
export async function acknowledgeExplanation(
  store: Store,
  id: number,
  input: { actor: string; response?: string; address?: string | null },
): Promise<Explanation> {
  const row = await store.prisma.explanation.findUnique({ where: { id } });
  if (!row) throw new AppError(ErrorCodes.NotFound, `没有编号为 ${id} 的书面说明`, `no explanation ${id}`);
  if (row.status === "acknowledged") {
    throw new AppError(
      ErrorCodes.Conflict,
      `该书面说明已由 ${row.acknowledgedBy} 于 ${beijingMinute(row.acknowledgedAt as Date)} 阅知`,
      "already acknowledged",
    );
  }
  const response = input.response?.trim() || null;
  await store.prisma.$transaction([
    store.prisma.explanation.update({ where: { id }, data: { status: "acknowledged", acknowledgedBy: input.actor, acknowledgedAt: new Date(), response } }),
    store.prisma.auditLog.create({
      data: {
        actor: input.actor,
        action: "explanation.acknowledge",
        entity: "explanations",
        entityId: String(id),
        detail: { period: row.period, unitCode: row.unitCode, response },
        address: input.address ?? null,
      },
    }),
  ]);
  return getExplanation(store, id);
}

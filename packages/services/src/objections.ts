/**
 * Objections (办法六（三）): a unit that disagrees with its result for a
 * month (or a year: its events and 综合管理, not its orders) raises it with the center — against specific orders (not its
 * responsibility, an extension granted, a delay excused, a misrecorded
 * callback), specific events (not verified, a wrong count or points), or in
 * free text — with reasons and attachments, while the month is open to the
 * units and before the objection deadline. The center sees what accepting
 * would do (the unit's score and rank, every rank that moves) and accepts or
 * rejects, with a reason the unit sees. Accepting corrects the data
 * (corrections.ts); a later publication cites the objection.
 */

import { assessedMonthsText } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import {
  AppError,
  type Correction,
  type CorrectionValue,
  checkChange,
  describeValue,
  ErrorCodes,
  type FieldChange,
  fieldLabel,
  insertCorrection,
  placeholders,
  RECORD_ZH,
  readRecord,
  toCorrection,
  writeField,
} from "@kaohe/db";
import { diffResults, periodWindow, type UnitDelta, unitAssessedIn, unitDiffers } from "@kaohe/rules-engine";
import { addMonths, formatShanghai, isYear, periodLabel, shanghaiMonth } from "@kaohe/time";
import { assertAttachmentRoom, insertAttachments, type NewAttachment, removedAttachmentsDetail } from "./attachments.ts";
import { beijingMinute, getCycle } from "./cycle.ts";
import { type AttachmentMeta, attachmentsOf } from "./explanations.ts";
import { type InForce, inForceCache } from "./import-checks.ts";
import { compileVersion, inForceLookup, versionInForce } from "./rubrics.ts";
import { periodSpan, scorePeriod } from "./scores.ts";
import { getCenterName } from "./settings.ts";
import { TEXT_LIMITS } from "./text-limits.ts";
import { findUnit } from "./units.ts";

export type ObjectionSubject = "orders" | "events" | "other";
/** withdrawn: taken back by its unit before the center decided it */
export type ObjectionStatus = "open" | "accepted" | "rejected" | "withdrawn";

export const OBJECTION_STATUS_LABEL: Record<ObjectionStatus, string> = { open: "待处理", accepted: "已采纳", rejected: "不予采纳", withdrawn: "已撤回" };

/** A requested change as shown: the record, the field's Chinese name, the value now and the value asked for. */
type ProposedChange = FieldChange & { fieldLabel: string; text: string };

export interface Objection {
  id: number;
  period: string;
  unitCode: string;
  unitName: string;
  subject: ObjectionSubject;
  proposed: ProposedChange[];
  reason: string;
  status: ObjectionStatus;
  statusLabel: string;
  raisedBy: string;
  raisedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decision: string | null;
  decisionSeenAt: string | null;
  publicationId: number | null;
  corrections: Correction[];
  attachments: AttachmentMeta[];
}

/** An event as an objection names it: its type and date ("抽查态度不满意，2019-01-22"), by its id. */
type EventNames = Map<string, string>;

const proposedView = (c: FieldChange, events: EventNames): ProposedChange => {
  // an event's number alone said nothing of what it was (考核事件 SJ2019-0017：…: a walk); an order's number is the
  // platform's, the one the unit and the center look it up by
  const what = c.record === "events" && events.has(c.recordId) ? `（${events.get(c.recordId)}）` : "";
  return {
    ...c,
    fieldLabel: fieldLabel(c.record, c.field),
    // the field in quotes as the value is (延期至 改为“2018-12-20” read awkwardly: a walk)
    text: `${RECORD_ZH[c.record]} ${c.recordId}${what}：“${fieldLabel(c.record, c.field)}”改为“${describeValue(c.record, c.field, c.to)}”`,
  };
};

/** The type and date of the events the objections ask to correct (a record deleted since is named by its id alone). */
async function eventNames(store: Store, changes: readonly FieldChange[]): Promise<EventNames> {
  const ids = [...new Set(changes.filter((c) => c.record === "events").map((c) => c.recordId))];
  if (ids.length === 0) return new Map();
  const events = await store.prisma.event.findMany({ where: { id: { in: ids } }, select: { id: true, type: true, date: true } });
  return new Map(events.map((e) => [e.id, `${e.type}，${formatShanghai(e.date, "date")}`]));
}

/** The changes an objection asks for, as changes (without how they are shown). */
const askedFor = (o: Objection): FieldChange[] => o.proposed.map(({ record, recordId, field, to }) => ({ record, recordId, field, to }));

type Row = Awaited<ReturnType<Store["prisma"]["objection"]["findFirstOrThrow"]>>;

async function views(store: Store, rows: Row[]): Promise<Objection[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [attachments, corrections, units, events] = await Promise.all([
    attachmentsOf(store, "objection", ids),
    store.prisma.correction.findMany({ where: { objectionId: { in: ids } }, orderBy: { id: "asc" } }),
    store.prisma.unit.findMany({ where: { code: { in: [...new Set(rows.map((r) => r.unitCode))] } }, select: { code: true, name: true } }),
    eventNames(
      store,
      rows.flatMap((r) => r.proposed as unknown as FieldChange[]),
    ),
  ]);
  const names = new Map(units.map((u) => [u.code, u.name]));
  return rows.map((r) => {
    const status = (r.status as ObjectionStatus) ?? "open";
    return {
      id: r.id,
      period: r.period,
      unitCode: r.unitCode,
      unitName: names.get(r.unitCode) ?? r.unitCode,
      subject: r.subject as ObjectionSubject,
      proposed: (r.proposed as unknown as FieldChange[]).map((c) => proposedView(c, events)),
      reason: r.reason,
      status,
      statusLabel: OBJECTION_STATUS_LABEL[status],
      raisedBy: r.raisedBy,
      raisedAt: r.raisedAt.toISOString(),
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decision: r.decision,
      decisionSeenAt: r.decisionSeenAt?.toISOString() ?? null,
      publicationId: r.publicationId,
      corrections: corrections.filter((c) => c.objectionId === r.id).map((c) => toCorrection(c as unknown as Record<string, unknown>)),
      attachments: attachments.filter((a) => a.ownerId === r.id),
    };
  });
}

export async function listObjections(store: Store, where: { period?: string; unitCode?: string; status?: ObjectionStatus } = {}): Promise<Objection[]> {
  const rows = await store.prisma.objection.findMany({ where, orderBy: { id: "desc" }, take: 1000 });
  return views(store, rows);
}

export async function getObjection(store: Store, id: number): Promise<Objection> {
  const row = await store.prisma.objection.findUnique({ where: { id } });
  if (!row) throw new AppError(ErrorCodes.NotFound, `没有编号为 ${id} 的异议`, `no objection ${id}`);
  return (await views(store, [row]))[0] as Objection;
}

/**
 * The changes checked against the data: each record exists, is the unit's, lies in the month's assessment, and
 * the value asked for differs from the value stored. Returns each change with the value it replaces.
 */
async function checkChanges(
  store: Store,
  period: string,
  unitCode: string,
  changes: readonly FieldChange[],
): Promise<(FieldChange & { from: CorrectionValue; at: number })[]> {
  if (changes.length > 50) throw new AppError(ErrorCodes.BadInput, "一条异议最多涉及 50 处更正：请分条提出", "at most 50 changes per objection");
  const span = periodSpan(compileVersion(await versionInForce(store, period)), period);
  const checked: (FieldChange & { from: CorrectionValue; at: number })[] = [];
  const seen = new Set<string>();
  for (const c of changes) {
    const what = `${RECORD_ZH[c.record] ?? "记录"} ${c.recordId}`;
    if (c.record !== "orders" && c.record !== "events")
      throw new AppError(ErrorCodes.BadInput, `更正对象应为工单或考核事件`, `a change is to an order or an event`);
    // a year's objection is to what the year adds: an order counts in its month, objected to there (whatever the
    // objection's subject: one "other" carried an order's correction past the subject's check, a walker's)
    if (c.record === "orders" && isYear(period)) throw ordersOfTheYear();
    const to = checkChange(c);
    const key = `${c.record}/${c.recordId}/${c.field}`;
    if (seen.has(key)) throw new AppError(ErrorCodes.BadInput, `${what} 的“${fieldLabel(c.record, c.field)}”重复出现`, `${key} is given twice`);
    seen.add(key);
    const stored = await readRecord(store.raw, c.record, c.recordId);
    // another unit's record is refused in the same words as a missing one: a unit learns nothing of others' data
    if (!stored || stored.unit !== unitCode) {
      throw new AppError(
        ErrorCodes.BadInput,
        `本单位没有编号为“${c.recordId}”的${RECORD_ZH[c.record]}：只能对本单位的${RECORD_ZH[c.record]}提出异议`,
        `no ${c.record} ${c.recordId} of the unit`,
      );
    }
    if (stored.at < span.start || stored.at >= span.end) {
      throw new AppError(ErrorCodes.BadInput, `${what} 不在${periodLabel(period)}的考核范围内`, `${c.record} ${c.recordId} is outside ${period}`);
    }
    const from = stored.values[c.field] ?? null;
    if (from === to || (typeof from === "number" && typeof to === "number" && Math.abs(from - to) < 1e-9)) {
      throw new AppError(
        ErrorCodes.BadInput,
        `${what} 的“${fieldLabel(c.record, c.field)}”已是“${describeValue(c.record, c.field, to)}”，无须更正`,
        `${key} already holds that value`,
      );
    }
    checked.push({ record: c.record, recordId: c.recordId, field: c.field, to, from, at: stored.at });
  }
  return checked;
}

/** The months a year's objection may reach into, each scored with its changes and without. */
const MONTHS_SCORED = 3;

/**
 * The month whose result counts an instant: its calendar month, or the one its rubric's window puts it in (a month from
 * the 26th counts 27 February in March: a review).
 */
function monthCounting(inForce: (period: string) => InForce | null, at: number): string {
  const month = shanghaiMonth(at);
  const rubric = inForce(month)?.rubric;
  if (!rubric) return month;
  let window: { start: number; end: number };
  try {
    window = periodWindow(rubric, month).window;
  } catch {
    // a rubric ranking no month (a yearly one alone): the calendar's
    return month;
  }
  return at >= window.end ? addMonths(month, 1) : at < window.start ? addMonths(month, -1) : month;
}

/** Thrown to roll a what-if's writes back. */
class WhatIf extends Error {}

const ordersOfTheYear = () =>
  new AppError(
    ErrorCodes.BadInput,
    `年度考核结果的异议可针对考核事件或其他事项；对工单的异议请在该月结果开放时提出`,
    "a year's objection is to events or other matters, not to orders",
  );

/**
 * A year's objection changes only what the year adds (综合管理's events): an event a month's own result counts (a 行政
 * 不作为 in March) is that month's to object to — accepted through the year, it changed a published month and another
 * unit's place there, the year's preview saying nothing (a walker's). Told by scoring each month of the events changed
 * with the changes and without, in a transaction rolled back; refused naming the month.
 */
async function assertMonthsUnchanged(store: Store, checked: readonly (FieldChange & { at: number })[]): Promise<void> {
  // the published versions read once, each month's compiled once (they were read per change and twice per month: a review)
  const inForce = inForceCache(await inForceLookup(store));
  const monthOf = new Map<FieldChange, string>();
  for (const c of checked) monthOf.set(c, monthCounting(inForce, c.at));
  const months = [...new Set(monthOf.values())].sort();
  // each month is scored twice on the one writer: a unit's objection asks for a few (a review)
  if (months.length > MONTHS_SCORED) {
    throw new AppError(
      ErrorCodes.BadInput,
      `一条年度异议涉及的考核事件分属 ${months.length} 个月：请按月分条提出（每条至多涉及 ${MONTHS_SCORED} 个月的事件）`,
      `the changes fall in ${months.length} months (at most ${MONTHS_SCORED} per objection)`,
    );
  }
  const scored = async (month: string) => {
    const rubric = inForce(month)?.rubric;
    return rubric ? scorePeriod(store, rubric, month, { evidence: false }) : null;
  };
  const before = new Map<string, Awaited<ReturnType<typeof scored>>>();
  for (const m of months) before.set(m, await scored(m));
  const changed: string[] = [];
  try {
    await store.raw.transaction(async () => {
      for (const c of checked) await writeField(store.raw, c.record, c.recordId, c.field, c.to);
      for (const m of months) {
        const [a, b] = [before.get(m), await scored(m)];
        if (a && b && diffResults(a, b).units.some(unitDiffers)) changed.push(m);
      }
      throw new WhatIf();
    });
  } catch (err) {
    if (!(err instanceof WhatIf)) throw err;
  }
  if (changed.length > 0) {
    const which = checked.filter((c) => changed.includes(monthOf.get(c) as string)).map((c) => `${RECORD_ZH[c.record]} ${c.recordId}`);
    throw new AppError(
      ErrorCodes.BadInput,
      `${[...new Set(which)].join("、")} 计入 ${changed.map(periodLabel).join("、")}的考核结果：对它的异议请在该月结果开放时提出（年度考核结果的异议针对综合管理等年度考核事项）`,
      `the changes alter the result of ${changed.join(", ")}: objected to in that month`,
      { months: changed },
    );
  }
}

export interface RaiseObjectionInput {
  period: string;
  unitCode: string;
  subject: ObjectionSubject;
  changes: FieldChange[];
  reason: string;
  files: NewAttachment[];
  actor: string;
  address?: string | null;
  now?: Date;
}

/**
 * Undecided objections a unit may hold in a month: each is decided one by one before the month is published, and 40
 * near-identical ones in a row were taken. One objection may ask for many changes, so a real month needs few.
 */
export const MAX_OPEN_OBJECTIONS = 20;

/**
 * Objections a unit may have raised in a month and not had decided, withdrawn ones with the open: withdrawing made room
 * for the next without end (a unit user raised and withdrew 100 objections of 5,000 characters in 3.5 s, each kept
 * and audited, the center's list filled with 已撤回: an adversary's walk). Twice the open: room to withdraw a month's
 * worth of mistakes and raise them again.
 */
export const MAX_RAISED_OBJECTIONS = 2 * MAX_OPEN_OBJECTIONS;

/** A unit raises an objection to its result for a month; refused (and nothing stored) outside the objection period. */
export async function raiseObjection(store: Store, input: RaiseObjectionInput): Promise<Objection> {
  const now = input.now ?? new Date();
  const cycle = await getCycle(store, input.period, now);
  if (cycle.stage === "closed") {
    throw new AppError(
      ErrorCodes.Conflict,
      `${periodLabel(input.period)}的考核结果尚未向各单位开放，暂不能提出异议`,
      `${input.period} is not open to the units`,
    );
  }
  if (cycle.stage === "published") {
    throw new AppError(
      ErrorCodes.Conflict,
      `${periodLabel(input.period)}的考核结果已发布，异议期已结束；如有新情况请联系${(await getCenterName(store)) ?? "热线中心"}`,
      `${input.period} is published and closed`,
    );
  }
  if (!cycle.objectionsOpen) {
    throw new AppError(
      ErrorCodes.Conflict,
      `${periodLabel(input.period)}的异议期限已过（截至 ${beijingMinute(new Date(cycle.objectionDeadline as string))}），不能再提出异议`,
      `the objection period of ${input.period} is over`,
    );
  }
  // a unit not assessed in the month (before its 起始月份, after its 截止月份) has no result there to object to
  const unit = await findUnit(store, input.unitCode);
  if (unit && assessedMonthsText(unit) && !unitAssessedIn(compileVersion(await versionInForce(store, input.period)), unit, input.period)) {
    throw new AppError(
      ErrorCodes.Conflict,
      `${unit.name}${assessedMonthsText(unit)}，${periodLabel(input.period)}不参加考核，没有可提出异议的结果`,
      `${input.unitCode} is not assessed in ${input.period}`,
    );
  }
  // a year's objection is to what the year adds (its events, 综合管理): an order counts in its month, objected to there
  if (isYear(input.period) && input.subject === "orders") throw ordersOfTheYear();
  const reason = input.reason.trim();
  if (reason.length < 5) throw new AppError(ErrorCodes.BadInput, "请写明异议的理由（至少 5 个字）", "give the reason for the objection");
  const limit = TEXT_LIMITS.objectionReason;
  if (reason.length > limit.max) throw new AppError(ErrorCodes.BadInput, limit.zh, limit.en);
  if (input.subject !== "other" && input.changes.length === 0) {
    throw new AppError(
      ErrorCodes.BadInput,
      `请选择有异议的${input.subject === "orders" ? "工单" : "考核事件"}及应更正的内容`,
      "name the records and the changes asked for",
    );
  }
  const wrongKind = input.changes.find((c) => input.subject !== "other" && c.record !== input.subject);
  if (wrongKind)
    throw new AppError(
      ErrorCodes.BadInput,
      `该异议针对${input.subject === "orders" ? "工单" : "考核事件"}，不能包含${RECORD_ZH[wrongKind.record]}`,
      "a change of another kind of record",
    );
  const checked = await checkChanges(store, input.period, input.unitCode, input.changes);
  if (isYear(input.period)) await assertMonthsUnchanged(store, checked);
  const open = await store.prisma.objection.findMany({ where: { period: input.period, unitCode: input.unitCode, status: "open" } });
  if (open.length >= MAX_OPEN_OBJECTIONS) {
    throw new AppError(
      ErrorCodes.Conflict,
      `本单位${periodLabel(input.period)}已有 ${open.length} 件异议待热线中心处理，每${isYear(input.period) ? "年度" : "月"}至多 ${MAX_OPEN_OBJECTIONS} 件：请等中心处理后再提出，或撤回其中不再需要的；同一类问题可写在一件异议中`,
      `${input.unitCode} has ${open.length} open objections in ${input.period} (at most ${MAX_OPEN_OBJECTIONS})`,
    );
  }
  const withdrawn = await store.prisma.objection.count({ where: { period: input.period, unitCode: input.unitCode, status: "withdrawn" } });
  if (open.length + withdrawn >= MAX_RAISED_OBJECTIONS) {
    throw new AppError(
      ErrorCodes.Conflict,
      `本单位${periodLabel(input.period)}已提出 ${open.length + withdrawn} 件异议未经处理（其中已撤回 ${withdrawn} 件），每${isYear(input.period) ? "年度" : "月"}至多 ${MAX_RAISED_OBJECTIONS} 件：如还有异议，请联系${(await getCenterName(store)) ?? "热线中心"}`,
      `${input.unitCode} raised ${open.length + withdrawn} objections in ${input.period} not decided (${withdrawn} withdrawn; at most ${MAX_RAISED_OBJECTIONS})`,
    );
  }
  for (const o of open) {
    for (const p of o.proposed as unknown as FieldChange[]) {
      const same = checked.find((c) => c.record === p.record && c.recordId === p.recordId && c.field === p.field);
      if (same) {
        throw new AppError(
          ErrorCodes.Conflict,
          `${RECORD_ZH[same.record]} ${same.recordId} 的“${fieldLabel(same.record, same.field)}”已有待处理的异议 #${o.id}`,
          `an open objection already asks for ${same.recordId}.${same.field}`,
        );
      }
    }
  }
  // the same objection again (a second click, a second tab): one is enough
  const twin = open.find((o) => o.subject === input.subject && o.reason === reason);
  if (twin) {
    throw new AppError(
      ErrorCodes.Conflict,
      `本单位已于 ${beijingMinute(twin.raisedAt)} 提出内容相同的异议 #${twin.id}，尚待处理：无须重复提出`,
      `objection #${twin.id} says the same and is still open`,
    );
  }
  const proposed = checked.map(({ record, recordId, field, to }) => ({ record, recordId, field, to }));
  const id = await store.prisma.$transaction(async (tx) => {
    await assertAttachmentRoom(tx, { period: input.period, unitCode: input.unitCode }, input.files);
    const row = await tx.objection.create({
      data: { period: input.period, unitCode: input.unitCode, subject: input.subject, proposed, reason, status: "open", raisedBy: input.actor },
    });
    await insertAttachments(tx, { type: "objection", id: row.id }, input.files, input.actor);
    await tx.auditLog.create({
      data: {
        actor: input.actor,
        action: "objection.raise",
        entity: "objections",
        entityId: String(row.id),
        detail: {
          period: input.period,
          unitCode: input.unitCode,
          subject: input.subject,
          changes: JSON.parse(JSON.stringify(checked)),
          attachments: input.files.map((f) => ({ name: f.fileName, size: f.content.length })),
        },
        address: input.address ?? null,
      },
    });
    return row.id;
  });
  return getObjection(store, id);
}

/** What accepting an objection would do to the month's scores: the unit's, and every unit whose score or rank moves. */
export interface ObjectionEffect {
  objectionId: number;
  period: string;
  rubric: { name: string; version: string };
  changes: (ProposedChange & { from: CorrectionValue })[];
  unit: UnitDelta | null;
  /** every unit whose score or rank would change, the objecting unit included */
  moved: UnitDelta[];
}

/** The month scored as it is and as it would be with the changes: the database's own scoring, in a transaction rolled back. */
export async function objectionEffect(store: Store, id: number, changes?: FieldChange[]): Promise<ObjectionEffect> {
  const objection = await getObjection(store, id);
  const asked = changes ?? askedFor(objection);
  const checked = await checkChanges(store, objection.period, objection.unitCode, asked);
  const events = await eventNames(store, checked);
  const version = await versionInForce(store, objection.period);
  const rubric = compileVersion(version);
  const before = await scorePeriod(store, rubric, objection.period, { evidence: false });
  let after = before;
  try {
    await store.raw.transaction(async () => {
      for (const c of checked) await writeField(store.raw, c.record, c.recordId, c.field, c.to);
      after = await scorePeriod(store, rubric, objection.period, { evidence: false });
      throw new WhatIf();
    });
  } catch (err) {
    if (!(err instanceof WhatIf)) throw err;
  }
  const diff = diffResults(before, after);
  // a unit unranked before and after (move null) has not moved: it was listed as changed, 80.00 → 80.00
  const moved = diff.units.filter(unitDiffers);
  return {
    objectionId: id,
    period: objection.period,
    rubric: { name: version.name, version: version.version },
    changes: checked.map((c) => ({ ...proposedView(c, events), from: c.from })),
    unit: diff.units.find((u) => u.unit.code === objection.unitCode) ?? null,
    moved,
  };
}

export interface DecideInput {
  accept: boolean;
  /** the reason the unit sees */
  decision: string;
  /** the corrections to make when accepting (default: those the unit asked for); none for a free-text objection accepted without a data change */
  changes?: FieldChange[];
  actor: string;
  address?: string | null;
}

/** The center accepts (correcting the data) or rejects an open objection, with a reason the unit sees. */
export async function decideObjection(store: Store, id: number, input: DecideInput): Promise<Objection> {
  const objection = await getObjection(store, id);
  if (objection.status !== "open") throw notOpen(objection);
  const decision = input.decision.trim();
  if (decision.length < 2)
    throw new AppError(ErrorCodes.BadInput, `请写明${input.accept ? "采纳" : "不予采纳"}的理由，单位将看到它`, "give the reason for the decision");
  if (decision.length > 2000) throw new AppError(ErrorCodes.BadInput, "理由最多 2000 字", "the reason is at most 2000 characters");
  const changes = input.accept ? (input.changes ?? askedFor(objection)) : [];
  const checked = await checkChanges(store, objection.period, objection.unitCode, changes);
  // the center's own changes to a year's objection likewise leave the months alone
  if (isYear(objection.period) && input.changes) await assertMonthsUnchanged(store, checked);
  const raw = store.raw;
  const p = (n: number, from = 1) => placeholders(raw.provider, n, from);
  await raw.transaction(async () => {
    // the objection is still open (checked again inside the transaction: two deciders at once, one wins)
    const n = await raw.execute(
      `UPDATE "objections" SET "status" = ${p(1)}, "decidedBy" = ${p(1, 2)}, "decidedAt" = ${p(1, 3)}, "decision" = ${p(1, 4)} WHERE "id" = ${p(1, 5)} AND "status" = 'open'`,
      [input.accept ? "accepted" : "rejected", input.actor, raw.timestamp(new Date()), decision, id],
    );
    if (n !== 1) throw new AppError(ErrorCodes.Conflict, `异议 #${id} 刚刚已由他人处理，本次处理未保存`, `objection ${id} was decided meanwhile`);
    for (const c of checked) {
      await writeField(raw, c.record, c.recordId, c.field, c.to);
      await insertCorrection(raw, {
        objectionId: id,
        record: c.record,
        recordId: c.recordId,
        unitCode: objection.unitCode,
        field: c.field,
        from: c.from,
        to: c.to,
        actor: input.actor,
      });
    }
    await raw.insertMany(
      "audit_log",
      ["at", "actor", "action", "entity", "entityId", "detail", "address"],
      [
        [
          raw.timestamp(new Date()),
          input.actor,
          input.accept ? "objection.accept" : "objection.reject",
          "objections",
          String(id),
          JSON.stringify({ period: objection.period, unitCode: objection.unitCode, decision, corrections: checked }),
          input.address ?? null,
        ],
      ],
    );
  });
  return getObjection(store, id);
}

/** Why an objection that is no longer open cannot be decided or withdrawn: who closed it, when, how. */
function notOpen(o: Objection): AppError {
  const when = beijingMinute(new Date(o.decidedAt as string));
  return o.status === "withdrawn"
    ? new AppError(ErrorCodes.Conflict, `异议 #${o.id} 已由 ${o.decidedBy} 于 ${when} 撤回`, `objection ${o.id} was withdrawn`)
    : new AppError(ErrorCodes.Conflict, `异议 #${o.id} 已由 ${o.decidedBy} 于 ${when} ${o.statusLabel}`, `objection ${o.id} was decided already`);
}

export interface WithdrawInput {
  /** the unit withdrawing: another unit's objection is refused as a missing one */
  unitCode: string;
  actor: string;
  address?: string | null;
}

/**
 * A unit takes back its own objection while the center has not decided it (raised in error, or settled otherwise):
 * it is closed as 已撤回, its attachments are removed (freeing room under the month's cap), and nothing of the data
 * changes. Audited; the unit's inbox does not report it back to them.
 */
export async function withdrawObjection(store: Store, id: number, input: WithdrawInput): Promise<Objection> {
  // another unit's objection is refused as a missing one (getObjection's words)
  const objection = await getObjection(store, id);
  if (objection.unitCode !== input.unitCode) throw new AppError(ErrorCodes.NotFound, `没有编号为 ${id} 的异议`, `no objection ${id}`);
  if (objection.status !== "open") throw notOpen(objection);
  const now = new Date();
  await store.prisma.$transaction(async (tx) => {
    // still open (checked again inside the transaction: the center deciding it at the same moment, one wins)
    const { count } = await tx.objection.updateMany({
      where: { id, status: "open" },
      data: { status: "withdrawn", decidedBy: input.actor, decidedAt: now, decisionSeenAt: now },
    });
    if (count !== 1) throw new AppError(ErrorCodes.Conflict, `异议 #${id} 刚刚已处理，未能撤回：请刷新页面`, `objection ${id} was decided meanwhile`);
    await tx.attachment.deleteMany({ where: { ownerType: "objection", ownerId: id } });
    await tx.auditLog.create({
      data: {
        actor: input.actor,
        action: "objection.withdraw",
        entity: "objections",
        entityId: String(id),
        detail: {
          period: objection.period,
          unitCode: objection.unitCode,
          ...removedAttachmentsDetail(objection.attachments),
        },
        address: input.address ?? null,
      },
    });
  });
  return getObjection(store, id);
}

/** A unit user has seen the decisions on their unit's objections, the explanations read and the events new to it (the inbox). */
export async function markDecisionsSeen(
  store: Store,
  unitCode: string,
  upTo?: { batch: number; objections: number[]; explanations: number[]; opened?: string | null },
): Promise<number> {
  // what the list showed (`upTo`, from the summary shown), by id: a decision made, or an explanation read, after it was
  // read is still news (a bell opened before its list had loaded marked unseen decisions seen); none given, all. The
  // ids are matched against the unit's unseen ones here, not sent to the database: 100,000 ids from a unit's account
  // exceeded SQLite's parameters (a 500) and held the writer for seconds (a security review)
  const now = new Date();
  const shown = (ids: readonly number[] | undefined) => (ids ? new Set(ids) : null);
  const objections = shown(upTo?.objections);
  const unseen = await store.prisma.objection.findMany({ where: { unitCode, status: { not: "open" }, decisionSeenAt: null }, select: { id: true } });
  const decided = unseen.map((o) => o.id).filter((id) => !objections || objections.has(id));
  const explanations = shown(upTo?.explanations);
  const unread = await store.prisma.explanation.findMany({ where: { unitCode, status: "acknowledged", responseSeenAt: null }, select: { id: true } });
  const read = unread.map((e) => e.id).filter((id) => !explanations || explanations.has(id));
  let count = 0;
  for (let i = 0; i < decided.length; i += 500)
    count += (
      await store.prisma.objection.updateMany({ where: { id: { in: decided.slice(i, i + 500) }, decisionSeenAt: null }, data: { decisionSeenAt: now } })
    ).count;
  for (let i = 0; i < read.length; i += 500)
    count += (await store.prisma.explanation.updateMany({ where: { id: { in: read.slice(i, i + 500) }, responseSeenAt: null }, data: { responseSeenAt: now } }))
      .count;
  // the events of the batches committed until the list was read are no longer new to the unit (inbox.ts); one still
  // importing has a higher id, and is told once it commits. Never back: a list read earlier does not unsee events.
  const latest = (await store.prisma.importBatch.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const seen = Math.min(latest, upTo?.batch ?? latest);
  // so are the openings and re-publications announced until then (one after the list was read is announced still);
  // never later than now (a time to come sent would silence the openings to come), never back
  const openedSeen = upTo === undefined ? now : upTo.opened ? new Date(Math.min(Date.parse(upTo.opened), now.getTime())) : null;
  // each mark only moves forward, in the database itself: two tabs marking their lists at once, read-then-written, set
  // them back, and what was seen was told again (a review)
  if (!(await store.prisma.inboxSeen.findUnique({ where: { unitCode }, select: { unitCode: true } }))) {
    await store.prisma.inboxSeen.create({ data: { unitCode, eventsSeenBatch: 0 } }).catch((err: unknown) => {
      // made meanwhile by the other tab
      if ((err as { code?: string }).code !== "P2002") throw err;
    });
  }
  await store.prisma.inboxSeen.updateMany({ where: { unitCode, eventsSeenBatch: { lt: seen } }, data: { eventsSeenBatch: seen } });
  if (openedSeen)
    await store.prisma.inboxSeen.updateMany({
      where: { unitCode, OR: [{ openingsSeenAt: null }, { openingsSeenAt: { lt: openedSeen } }] },
      data: { openingsSeenAt: openedSeen },
    });
  return count;
}

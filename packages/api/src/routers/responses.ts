/**
 * The units' side of the regulation: the month's cycle (预览 → 公示 → 发布),
 * written explanations (书面说明, 办法五), objections (异议, 办法六（三）) and
 * the corrections they lead to, and each user's inbox. A unit user acts and
 * reads for their own unit only; the center decides; 只读 reads everything.
 */

import { AppError, ErrorCodes, listCorrections } from "@kaohe/db";
import {
  acknowledgeExplanation,
  deadlinesFromNow,
  decideObjection,
  explanationDuties,
  getCycle,
  getObjection,
  listCycles,
  listExplanations,
  listObjections,
  markDecisionsSeen,
  objectionEffect,
  openPreview,
  raiseObjection,
  type SessionUser,
  setDeadlines,
  startNotice,
  submitExplanation,
  withdrawObjection,
  withdrawPreview,
} from "@kaohe/services";
import { TEXT_LIMITS } from "@kaohe/services/text-limits";
import { z } from "zod";
import { allows, assertPeriodOpenToUnit } from "../permissions.ts";
import { daySchema, idSchema, monthSchema, periodSchema, unitCodeSchema } from "../schemas.ts";

const day = daySchema();

import { discardStaged, inboxOf, MAX_ATTACHMENTS, takeStaged } from "@kaohe/services";
import { procedure, recordDenial, router } from "../trpc.ts";

const reading = procedure.meta({ permission: "responses.read" });
const cycleReading = procedure.meta({ permission: "cycle.read" });
const managing = procedure.meta({ permission: "cycle.manage" });
const submitting = procedure.meta({ permission: "responses.submit" });
const reviewing = procedure.meta({ permission: "responses.review" });

/** The unit a unit user speaks for (the others have none). */
function ownUnit(user: SessionUser | null): string {
  if (user?.role !== "unit" || !user.unitCode) {
    throw new AppError(ErrorCodes.Forbidden, "只有单位用户可以提交本单位的书面说明与异议", "only a unit's users speak for it", {
      permission: "responses.submit",
    });
  }
  return user.unitCode;
}

/** A unit user reads their own unit's only: the unit asked for, checked, or their own when none is asked for. */
function scopedUnit(user: SessionUser | null, unitCode: string | undefined): string | undefined {
  if (user?.role !== "unit") return unitCode;
  if (unitCode !== undefined && unitCode !== user.unitCode) {
    throw new AppError(ErrorCodes.Forbidden, "没有权限：单位用户只能查看本单位的书面说明与异议", `forbidden: unit ${unitCode} is not the user's`, {
      permission: "responses.read",
    });
  }
  return user.unitCode ?? "\u0000";
}

const attachmentsSchema = z
  .array(z.uuid({ error: "附件编号无效：请重新上传附件" }))
  .max(MAX_ATTACHMENTS, { error: `附件最多 ${MAX_ATTACHMENTS} 个` })
  .default([]);

const changeSchema = z.strictObject({
  record: z.enum(["orders", "events"], { error: "更正对象应为工单（orders）或考核事件（events）" }),
  recordId: z.string().trim().min(1, { error: "请给出工单或事件编号" }).max(100, { error: "编号过长" }),
  field: z.string().min(1, { error: "请指定要更正的字段" }).max(50, { error: "字段名过长" }),
  to: z.union([z.boolean(), z.number(), z.string().max(20, { error: "更正值过长" }), z.null()], { error: "更正值应为是/否、数值、文字或空" }),
});

/** Staged attachments read for a write, and removed from disk once it is stored (kept when it is refused: the user may retry). */
async function withAttachments<T>(
  tokens: string[],
  username: string,
  write: (files: ReturnType<typeof takeStaged> extends Promise<infer F> ? F : never) => Promise<T>,
): Promise<T> {
  const files = await takeStaged(tokens, username);
  const result = await write(files);
  await discardStaged(tokens);
  return result;
}

export const cycleRouter = router({
  /** A month's or a year's stage (未开放, 预览, 公示, 已发布), deadlines and publication. */
  get: cycleReading.input(z.strictObject({ period: periodSchema })).query(({ ctx, input }) => getCycle(ctx.store, input.period)),
  /** The months opened to the units or published, latest first; with `years`, the years as well (each before its December). */
  list: cycleReading
    .input(z.strictObject({ years: z.boolean({ error: "years 应为 true 或 false" }).optional() }).optional())
    .query(({ ctx, input }) => listCycles(ctx.store, undefined, { years: input?.years })),
  /**
   * Open a month's results to the units: they see their own result, may object until the objection deadline
   * (working days from now) and owe their explanations by the other. A published month opened again needs a reason
   * and keeps its explanation deadline (explanationDays is then refused).
   * A year likewise, once the months it counts are open to the units (it owes no explanation).
   */
  openPreview: managing
    .input(
      z.strictObject({
        period: periodSchema,
        objectionDays: z.int({ error: "工作日数应为整数" }).min(1, { error: "至少 1 个工作日" }).max(30, { error: "最多 30 个工作日" }).optional(),
        explanationDays: z.int({ error: "工作日数应为整数" }).min(1, { error: "至少 1 个工作日" }).max(30, { error: "最多 30 个工作日" }).optional(),
        reason: z.string().trim().max(500, { error: "原因请控制在 500 字以内" }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => openPreview(ctx.store, input.period, { ...input, actor: ctx.actor, address: ctx.address })),
  /** The deadlines a period opened now would get for these working days (the holiday calendar applied): said in the dialog. */
  deadlines: managing
    .input(
      z.strictObject({
        objectionDays: z.int({ error: "工作日数应为整数" }).min(1, { error: "至少 1 个工作日" }).max(30, { error: "最多 30 个工作日" }),
        explanationDays: z.int({ error: "工作日数应为整数" }).min(1, { error: "至少 1 个工作日" }).max(30, { error: "最多 30 个工作日" }),
      }),
    )
    .query(({ ctx, input }) => deadlinesFromNow(ctx.store, input.objectionDays, input.explanationDays)),
  /** Take back a month opened by mistake, before any unit has objected or written its explanation (with the reason). */
  withdrawPreview: managing
    .input(
      z.strictObject({
        period: periodSchema,
        reason: z.string().trim().min(1, { error: "请填写撤回开放的原因" }).max(500, { error: "原因请控制在 500 字以内" }),
      }),
    )
    .mutation(({ ctx, input }) => withdrawPreview(ctx.store, input.period, { actor: ctx.actor, reason: input.reason, address: ctx.address })),
  /** Start the notice period (公示) until the end of the day given. */
  startNotice: managing
    .input(z.strictObject({ period: periodSchema, until: day }))
    .mutation(({ ctx, input }) => startNotice(ctx.store, input.period, { actor: ctx.actor, until: input.until, address: ctx.address })),
  /** Move the objection or explanation deadline (the end of the day given). */
  setDeadlines: managing
    .input(z.strictObject({ period: periodSchema, objectionDeadline: day.optional(), explanationDeadline: day.optional() }))
    .mutation(({ ctx, input }) => setDeadlines(ctx.store, input.period, { ...input, actor: ctx.actor, address: ctx.address })),
});

export const explanationsRouter = router({
  /**
   * Per unit that owes a written explanation for the month (under the version in force): why (the sanctions and
   * the measures behind them), and where its explanation stands. A unit user: their own unit only.
   */
  duties: procedure
    .meta({ permission: "responses.read", runsOn: "reader" })
    .input(z.strictObject({ period: monthSchema, unitCode: unitCodeSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const unitCode = scopedUnit(ctx.user, input.unitCode);
      await assertPeriodOpenToUnit(ctx.store, ctx.user, input.period);
      return { cycle: await getCycle(ctx.store, input.period), duties: await explanationDuties(ctx.store, input.period, unitCode) };
    }),
  /** The explanations submitted for a month (a unit user: their own). */
  list: reading
    .input(z.strictObject({ period: monthSchema, unitCode: unitCodeSchema.optional() }))
    .query(({ ctx, input }) => listExplanations(ctx.store, input.period, scopedUnit(ctx.user, input.unitCode))),
  /** A unit user submits (or rewrites, until the center has read it) their unit's explanation, with attachments uploaded at PUT /attachments. */
  submit: submitting
    .input(
      z.strictObject({
        period: monthSchema,
        text: z.string().max(TEXT_LIMITS.explanation.max, { error: TEXT_LIMITS.explanation.zh }),
        attachments: attachmentsSchema,
        /** the submission the form was opened on (its submittedAt; null: none): one made meanwhile is not overwritten */
        replacing: z.iso.datetime({ error: "replacing 应为提交时间（ISO 8601）" }).nullable().optional(),
        /** a revision: the ids of the attachments submitted before that it keeps, the others are removed; absent, all are kept */
        keepAttachments: z.array(idSchema).max(100, { error: "保留的附件最多 100 个" }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const unitCode = ownUnit(ctx.user);
      return withAttachments(input.attachments, ctx.user?.username ?? "", (files) =>
        submitExplanation(ctx.store, {
          period: input.period,
          unitCode,
          text: input.text,
          files,
          actor: ctx.actor,
          address: ctx.address,
          replacing: input.replacing,
          keepAttachments: input.keepAttachments,
        }),
      );
    }),
  /** The center has read an explanation (a note to the unit, if any). */
  acknowledge: reviewing
    .input(z.strictObject({ id: idSchema, response: z.string().trim().max(2000, { error: "回复最多 2000 字" }).optional() }))
    .mutation(({ ctx, input }) => acknowledgeExplanation(ctx.store, input.id, { actor: ctx.actor, response: input.response, address: ctx.address })),
});

export const objectionsRouter = router({
  /** Objections, newest first: of a month or a year, a unit, a status (a unit user: their own unit's). */
  list: reading
    .input(
      z
        .strictObject({
          period: periodSchema.optional(),
          unitCode: unitCodeSchema.optional(),
          status: z.enum(["open", "accepted", "rejected", "withdrawn"], { error: "状态应为 open、accepted、rejected 或 withdrawn" }).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listObjections(ctx.store, { ...input, unitCode: scopedUnit(ctx.user, input?.unitCode) })),
  /** One objection with its corrections and attachments. */
  get: reading.input(z.strictObject({ id: idSchema })).query(async ({ ctx, input }) => {
    const o = await getObjection(ctx.store, input.id);
    if (ctx.user?.role === "unit" && o.unitCode !== ctx.user.unitCode) {
      // another unit's objection is refused like a missing one, and audited (as another unit's attachment is)
      recordDenial(ctx, `objections.get ${input.id}`, "responses.read");
      throw new AppError(ErrorCodes.NotFound, `没有编号为 ${input.id} 的异议`, `no objection ${input.id}`);
    }
    return o;
  }),
  /** A unit user objects to their unit's result for a month or a year: against orders, events, or in free text; with attachments. */
  raise: submitting
    .input(
      z.strictObject({
        period: periodSchema,
        subject: z.enum(["orders", "events", "other"], { error: "异议对象应为工单、考核事件或其他" }),
        changes: z.array(changeSchema).max(50, { error: "一条异议最多涉及 50 处更正：请分条提出" }).default([]),
        reason: z.string().max(TEXT_LIMITS.objectionReason.max, { error: TEXT_LIMITS.objectionReason.zh }),
        attachments: attachmentsSchema,
      }),
    )
    .mutation(({ ctx, input }) => {
      const unitCode = ownUnit(ctx.user);
      return withAttachments(input.attachments, ctx.user?.username ?? "", (files) =>
        raiseObjection(ctx.store, { ...input, unitCode, files, actor: ctx.actor, address: ctx.address }),
      );
    }),
  /** A unit user takes back their unit's objection while it is undecided: closed as 已撤回, its attachments removed. */
  withdraw: submitting
    .input(z.strictObject({ id: idSchema }))
    .mutation(({ ctx, input }) => withdrawObjection(ctx.store, input.id, { unitCode: ownUnit(ctx.user), actor: ctx.actor, address: ctx.address })),
  /**
   * What accepting would do: the month scored with the changes (those asked for, or the center's own) and without,
   * in a transaction that is rolled back — the unit's score and rank, and every unit whose score or rank moves.
   * In the writer: the changes are written, scored and undone there.
   */
  effect: procedure
    .meta({ permission: "responses.review", runsOn: "writer" })
    .input(z.strictObject({ id: idSchema, changes: z.array(changeSchema).max(50).optional() }))
    .query(({ ctx, input }) => objectionEffect(ctx.store, input.id, input.changes)),
  /** Accept (the data is corrected, each change recorded) or reject, with a reason the unit sees. */
  decide: reviewing
    .input(
      z.strictObject({
        id: idSchema,
        accept: z.boolean({ error: "请选择采纳或不予采纳" }),
        decision: z.string().max(2000, { error: "理由最多 2000 字" }),
        changes: z.array(changeSchema).max(50).optional(),
      }),
    )
    .mutation(({ ctx, input }) => decideObjection(ctx.store, input.id, { ...input, actor: ctx.actor, address: ctx.address })),
});

export const correctionsRouter = router({
  /** Corrections of the data, newest first: of one objection or one unit (a unit user: their own unit's). */
  list: reading
    .input(z.strictObject({ objectionId: idSchema.optional(), unitCode: unitCodeSchema.optional() }).optional())
    .query(({ ctx, input }) => listCorrections(ctx.store, { ...input, unitCode: scopedUnit(ctx.user, input?.unitCode) })),
});

export const inboxRouter = router({
  /**
   * What waits for the user: a unit user — months and years opened to the units since it last looked (until when to
   * object), or published again changing its published score or rank (from what to what, and why), decisions on their objections and acknowledged explanations not yet seen, explanations owed in months open to the units, events imported into such a month since the unit last looked; the center — open objections and unread explanations.
   */
  summary: procedure
    .meta({ permission: "signedIn", runsOn: "reader" })
    .query(({ ctx }) => inboxOf(ctx.store, ctx.user as SessionUser, { reviews: allows(ctx.user, "responses.review") })),
  /**
   * A unit user has seen the decisions (the badge goes down). Its input is an empty object, not none: a mutation runs in
   * the writer thread, and the placement middleware reads the raw input to send it there; tRPC's server before 11.25
   * cannot read the empty POST body that httpLink sends for an undefined input (400 "Unexpected end of JSON input").
   */
  markSeen: submitting
    .input(
      z.strictObject({
        /** the summary shown (its upTo): only what it listed is marked seen; none, everything until now */
        upTo: z
          .strictObject({
            batch: z.int().min(0, { error: "upTo.batch 应为非负整数" }),
            // what one inbox lists: a unit's decisions and replies not yet seen (a few; a hundred thousand was a load)
            objections: z.array(z.int().positive()).max(1000, { error: "upTo.objections 最多 1000 个" }),
            explanations: z.array(z.int().positive()).max(1000, { error: "upTo.explanations 最多 1000 个" }),
            // the latest opening or re-publication of a month or year it announced
            opened: z.iso.datetime({ error: "upTo.opened 应为开放时间（ISO 8601）" }).nullable().optional(),
          })
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => markDecisionsSeen(ctx.store, ownUnit(ctx.user), input.upTo)),
});

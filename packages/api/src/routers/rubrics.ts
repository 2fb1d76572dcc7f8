/** Rubric versions: drafts edited freely, published ones immutable; live checking and formatting for the editor. */
import { columnValues } from "@kaohe/db";
import { format, parse, type RecordColumn } from "@kaohe/rules-dsl";
import {
  createDraft,
  deleteDraft,
  getRubricVersion,
  listRubricVersions,
  publishImpact,
  publishRubricVersion,
  updateDraft,
  versionInForce,
  withdrawRubricVersion,
  withIsoDates,
} from "@kaohe/services";
import { z } from "zod";
import { idSchema, periodSchema, rubricTextSchema } from "../schemas.ts";
import { procedure, router } from "../trpc.ts";

const reading = procedure.meta({ permission: "rubrics.read" });
const editing = procedure.meta({ permission: "rubrics.edit" });
/** Editing with a rubric's text as the input: the large body (call-body.ts), checked in a reader first (trpc.ts). */
const editingText = procedure.meta({ permission: "rubrics.edit", largeInput: true, rubricText: true });
const publishing = procedure.meta({ permission: "rubrics.publish" });
/** A unit user reads the published versions (the rules they are assessed by), not drafts. */
const visible = (role: string | undefined, status: string) => role !== "unit" || status !== "draft";

const byId = z.strictObject({ id: idSchema });

/**
 * The columns of open values one text compares with (诉求类型, 来源, 承办单位, the attributes it declares as text): a
 * rubric names a few; past this the editor asks for the first ones only (a GROUP BY over the records each).
 */
const COLUMN_VALUES_ASKED = 20;
// (a control character is refused before, in every input: well-formed.ts)
const columnName = z.string().min(1).max(100);
/**
 * A column of open values as `recordColumns` (@kaohe/rules-dsl) names it: a built-in field, or an attribute by its name
 * and label. One object whose fields are checked each (a union said only that the whole did not fit either shape).
 */
const recordColumnSchema = z
  .strictObject({
    record: z.enum(["orders", "events"], { error: "应为“orders”（工单）或“events”（事件）" }),
    field: columnName.optional(),
    attribute: columnName.optional(),
    label: columnName.nullable().optional(),
  })
  .check((ctx) => {
    const c = ctx.value;
    if ((c.field === undefined) === (c.attribute === undefined) || (c.field !== undefined && c.label !== undefined))
      ctx.issues.push({ code: "custom", message: "应写明字段（field），或扩展属性（attribute）及其表头（label），二者取一", input: c });
  })
  .transform(
    ({ record, field, attribute, label }): RecordColumn =>
      field !== undefined ? { record, field } : { record, attribute: attribute ?? "", label: label ?? null },
  );
const withText = z.strictObject({ text: rubricTextSchema });

export const rubricsRouter = router({
  /** Every version, the latest in force first. */
  list: reading.query(async ({ ctx }) => (await listRubricVersions(ctx.store)).filter((v) => visible(ctx.user?.role, v.status)).map(withIsoDates)),
  /** One version with its text and diagnostics (a parse of the whole text: in a reader thread, not the request thread). */
  get: procedure
    .meta({ permission: "rubrics.read", runsOn: "reader" })
    .input(byId)
    .query(async ({ ctx, input }) => {
      // a draft is no unit's business, not even that it exists: answered as a missing version
      return withIsoDates(await getRubricVersion(ctx.store, input.id, { draftsHidden: ctx.user?.role === "unit" }));
    }),
  /**
   * Diagnostics of a text, as the editor types (no database). A mutation, like
   * `format`: a query would carry the whole text in the URL, past what servers accept.
   */
  check: procedure
    .meta({ permission: "rubrics.edit", runsOn: "reader", largeInput: true, rubricText: true })
    .input(withText)
    .mutation(({ input }) => parse(input.text).diagnostics),
  /**
   * The values the data holds in the columns of open values a text compares with (诉求类型 = "咨询类"), for the editor's
   * warning of a text no record holds (KH267, `checkRecordTexts`): a GROUP BY over the records for each column, in a
   * reader thread, remembered until an import changes the data. Asked when the text's columns change, not as it is typed.
   */
  columnValues: procedure
    .meta({ permission: "rubrics.edit", runsOn: "reader" })
    .input(
      z.strictObject({
        columns: z.array(recordColumnSchema).max(COLUMN_VALUES_ASKED),
      }),
    )
    .query(({ ctx, input }) => columnValues(ctx.store.raw, input.columns)),
  /** The canonical layout of a text, or its syntax errors. */
  format: procedure
    .meta({ permission: "rubrics.edit", runsOn: "reader", largeInput: true, rubricText: true })
    .input(withText)
    .mutation(({ input }) => format(input.text)),
  createDraft: editingText
    .input(withText)
    .mutation(async ({ ctx, input }) => withIsoDates(await createDraft(ctx.store, { text: input.text, author: ctx.actor, address: ctx.address }))),
  /** Save a draft's text over the text the editor started from (`baseHash`, its contentHash): a save in between is a conflict, not overwritten. */
  updateDraft: editingText
    .input(z.strictObject({ id: idSchema, text: rubricTextSchema, baseHash: z.string().max(100).optional() }))
    .mutation(async ({ ctx, input }) =>
      withIsoDates(await updateDraft(ctx.store, input.id, { text: input.text, author: ctx.actor, address: ctx.address, base: input.baseHash })),
    ),
  /**
   * Publish a draft that checks clean and scores its first month in force; it is immutable from then on. `contentHash`:
   * that of the text the publisher reviewed (with its publish impact): a save since is a conflict, and nothing is published.
   */
  publish: publishing
    .input(
      z.strictObject({
        id: idSchema,
        contentHash: z
          .string({ error: "发布须注明您查看过的草稿文本（内容哈希）：请刷新页面，重新查看后再发布" })
          .min(1, { error: "发布须注明您查看过的草稿文本（内容哈希）：请刷新页面，重新查看后再发布" })
          .max(100, { error: "内容哈希过长" }),
      }),
    )
    .mutation(async ({ ctx, input }) => withIsoDates(await publishRubricVersion(ctx.store, input.id, ctx.actor, ctx.address, input.contentHash))),
  /**
   * What publishing a draft would change, for the publish dialog: the months with data it would be in force for,
   * under which version each is scored now, how many units' scores or ranks change, and which are published already.
   * Scores every such month twice: in a reader thread.
   */
  publishImpact: procedure
    .meta({ permission: "rubrics.publish", runsOn: "reader" })
    .input(byId)
    .query(({ ctx, input }) => publishImpact(ctx.store, input.id)),
  /**
   * Withdraw a published version that should not have been published: no longer in force (the previous published
   * version takes its months back); months published under it keep their frozen results. Needs the reason.
   */
  withdraw: publishing
    .input(z.strictObject({ id: idSchema, reason: z.string().trim().min(1, { error: "请填写撤回原因" }).max(500, { error: "原因请控制在 500 字以内" }) }))
    .mutation(async ({ ctx, input }) =>
      withIsoDates(await withdrawRubricVersion(ctx.store, input.id, { actor: ctx.actor, reason: input.reason, address: ctx.address })),
    ),
  /** Delete a draft (published versions stay). */
  remove: editing.input(byId).mutation(async ({ ctx, input }) => {
    await deleteDraft(ctx.store, input.id, ctx.actor, ctx.address);
    return { id: input.id };
  }),
  /** The published version in force for a month or a year. */
  inForce: reading.input(z.strictObject({ period: periodSchema })).query(async ({ ctx, input }) => withIsoDates(await versionInForce(ctx.store, input.period))),
});

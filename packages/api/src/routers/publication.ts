/** Publishing a period's results as a frozen snapshot, its history, and checking a snapshot still says what the data does. */
import { comparePublication, currentPublication, getPublication, listPublications, publicationFreshness, publishPeriod, reproducePublication } from "@kaohe/db";
import { z } from "zod";
import { idSchema, periodSchema } from "../schemas.ts";
import { withIsoDates } from "../services/serialize.ts";
import { protectedProcedure, publicProcedure, router } from "../trpc.ts";

/** These may score a period again: in a reader thread. */
const scoring = publicProcedure.meta({ runsOn: "reader" });

export const publicationRouter = router({
  /** Every publication, superseded ones included, latest period first (only one period's when `period` is given). */
  list: publicProcedure
    .input(z.object({ period: periodSchema.optional() }).optional())
    .query(async ({ ctx, input }) => (await listPublications(ctx.store, input?.period)).map(withIsoDates)),
  /** The period's current publication with its frozen result, or null. */
  current: publicProcedure.input(z.object({ period: periodSchema })).query(async ({ ctx, input }) => {
    const p = await currentPublication(ctx.store, input.period);
    return p ? withIsoDates(p) : null;
  }),
  /** One publication, current or earlier, with its frozen result. */
  get: publicProcedure.input(z.object({ id: idSchema })).query(async ({ ctx, input }) => withIsoDates(await getPublication(ctx.store, input.id))),
  /**
   * Publish with the version in force; publishing again needs the reason (e.g. an objection upheld), and a period
   * without any orders needs `confirmEmpty: true`.
   */
  publish: protectedProcedure
    .input(
      z.object({
        period: periodSchema,
        reason: z.string().trim().max(500, { error: "原因请控制在 500 字以内" }).optional(),
        confirmEmpty: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      withIsoDates(await publishPeriod(ctx.store, input.period, { actor: ctx.actor, reason: input.reason, confirmEmpty: input.confirmEmpty })),
    ),
  /** Re-score a publication with its version and compare with the snapshot. */
  reproduce: scoring.input(z.object({ id: idSchema })).query(({ ctx, input }) => reproducePublication(ctx.store, input.id)),
  /**
   * Does the period's current publication still say what scoring it now would? The data fingerprint is compared
   * first (cheap); only when it (or the version in force) changed is the period scored again. Null when not published.
   */
  freshness: scoring.input(z.object({ period: periodSchema })).query(async ({ ctx, input }) => {
    const f = await publicationFreshness(ctx.store, input.period);
    return f ? { ...f, publication: withIsoDates(f.publication) } : null;
  }),
  /** A publication (an earlier one, usually) against its period's current one: per unit, score and rank then and now. */
  compare: scoring.input(z.object({ id: idSchema })).query(async ({ ctx, input }) => {
    const c = await comparePublication(ctx.store, input.id);
    return { ...c, publication: withIsoDates(c.publication), current: withIsoDates(c.current) };
  }),
});

/** Publishing a period's results as a frozen snapshot, and checking a snapshot still reproduces. */
import { currentPublication, listPublications, publishPeriod, reproducePublication } from "@kaohe/db";
import { z } from "zod";
import { idSchema, periodSchema } from "../schemas.ts";
import { withIsoDates } from "../services/serialize.ts";
import { protectedProcedure, publicProcedure, router } from "../trpc.ts";

export const publicationRouter = router({
  /** Every publication, superseded ones included, latest period first. */
  list: publicProcedure.query(async ({ ctx }) => (await listPublications(ctx.store)).map(withIsoDates)),
  /** The period's current publication with its frozen result, or null. */
  current: publicProcedure.input(z.object({ period: periodSchema })).query(async ({ ctx, input }) => {
    const p = await currentPublication(ctx.store, input.period);
    return p ? withIsoDates(p) : null;
  }),
  /** Publish with the version in force; publishing again needs the reason (e.g. an objection upheld). */
  publish: protectedProcedure
    .input(z.object({ period: periodSchema, reason: z.string().trim().max(500, { error: "原因请控制在 500 字以内" }).optional() }))
    .mutation(async ({ ctx, input }) => withIsoDates(await publishPeriod(ctx.store, input.period, { actor: ctx.actor, reason: input.reason }))),
  /** Re-score a publication with its version and compare with the snapshot. */
  reproduce: publicProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => reproducePublication(ctx.store, input.id)),
});

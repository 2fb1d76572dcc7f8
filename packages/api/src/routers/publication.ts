/** Publishing a period's results as a frozen snapshot, its history, and checking a snapshot still says what the data does. */

import type { AssessmentResult, ItemResult, UnitResult } from "@kaohe/rules-engine";
import {
  comparePublication,
  currentPublication,
  getPublication,
  listPublications,
  publicationFreshness,
  publishPeriod,
  rankingRuleOf,
  reasonForUnit,
  replacedPublicationId,
  reproducePublication,
  withIsoDates,
} from "@kaohe/services";
import { z } from "zod";
import { idSchema, periodSchema } from "../schemas.ts";
import { procedure, router } from "../trpc.ts";

/**
 * A unit's row of a published ranking as the regulation publishes it (办法四（一）: per category; the bulletin and the
 * ranking page show no more): its place in its category, its published score and item points, its volume, band,
 * vetoes, sanctions (with the counts that brought them: the bulletin's 须书面说明情况的单位 names them to every unit)
 * and reported values. Not its place among all units (`overallRank`: no category's ranking has it),
 * and not the breakdown behind its points (formulas with its counts, measures, deductions, warnings), which is the
 * unit's own to read (scores.unitDetail).
 */
type PublishedRow = Pick<
  UnitResult,
  "unit" | "group" | "published" | "rank" | "ranked" | "volume" | "minimumVolume" | "band" | "vetoes" | "sanctions" | "indicators" | "outOf"
> & {
  items: Pick<ItemResult, "code" | "label" | "section" | "max" | "bonus" | "published">[];
};

const publishedRow = (u: UnitResult): PublishedRow => ({
  unit: u.unit,
  group: u.group,
  published: u.published,
  rank: u.rank,
  ranked: u.ranked,
  volume: u.volume,
  minimumVolume: u.minimumVolume ?? null,
  band: u.band,
  vetoes: u.vetoes,
  sanctions: u.sanctions,
  indicators: u.indicators,
  // what the score is out of: 失分 and the score's colour count from it, not from the items (a rescaled score)
  ...(u.outOf ? { outOf: u.outOf } : {}),
  items: u.items.map((i) => ({ code: i.code, label: i.label, section: i.section, max: i.max, bonus: i.bonus, published: i.published })),
});

/**
 * What a unit user is sent of a published result: the rows of their own unit's (`own`) category, nothing of the others
 * — nor the period's warnings, which are the center's (they name units of other categories).
 */
function forUnit(result: AssessmentResult, own: UnitResult | undefined): Omit<AssessmentResult, "units" | "warnings"> & { units: PublishedRow[] } {
  const { warnings: _centers, ...rest } = result;
  return { ...rest, units: result.units.filter((u) => own !== undefined && u.group === own.group).map(publishedRow) };
}

/** Published results: everyone signed in (a unit user: their own category's units, as published). */
const published = procedure.meta({ permission: "published.read" });
/** The history and checks against fresh scoring: those who see previews. These may score again: in a reader thread. */
const checking = procedure.meta({ permission: "results.read", runsOn: "reader" });

export const publicationRouter = router({
  /** Every publication, superseded ones included, latest period first (only one period's when `period` is given). */
  list: procedure
    .meta({ permission: "results.read" })
    .input(z.strictObject({ period: periodSchema.optional() }).optional())
    .query(async ({ ctx, input }) => (await listPublications(ctx.store, input?.period)).map(withIsoDates)),
  /**
   * The period's current publication with its frozen result, or null; `replaces`: the publication it replaced (a
   * re-publication: said so beside it), null when it is the period's first.
   */
  current: published.input(z.strictObject({ period: periodSchema })).query(async ({ ctx, input }) => {
    const p = await currentPublication(ctx.store, input.period);
    if (!p) return null;
    // how units were ordered, in words: shown beside the published ranking
    const [rankingRule, replaces] = await Promise.all([rankingRuleOf(ctx.store, p.rubricVersionId), replacedPublicationId(ctx.store, p)]);
    if (ctx.user?.role !== "unit") return withIsoDates({ ...p, rankingRule, replaces });
    // a unit user: the ranking their own unit is ranked in (its category's) only, as published
    const own = p.result.units.find((u) => u.unit.code === ctx.user?.unitCode);
    return withIsoDates({
      ...p,
      rankingRule,
      replaces,
      // the objections the reason lists: the unit's own only
      reason: reasonForUnit(p.reason, own?.unit.name ?? ""),
      result: forUnit(p.result, own),
    });
  }),
  /** One publication, current or earlier, with its frozen result. */
  get: procedure
    .meta({ permission: "results.read" })
    .input(z.strictObject({ id: idSchema }))
    .query(async ({ ctx, input }) => withIsoDates(await getPublication(ctx.store, input.id))),
  /**
   * Publish with the version in force; publishing again needs the reason (e.g. an objection upheld), a year without
   * any orders or counting no month needs `confirmEmpty: true`, a month with undecided objections `confirmUndecided:
   * true`, a period that has not ended yet `confirmUnfinished: true`. A month without data (no unit has an order in it:
   * 无数据) is refused, `confirmEmpty` or not.
   * Accepted objections no publication has cited yet are cited in the reason. `replaces`: the current publication the
   * publisher saw (null: none), which this one replaces; when another is current now, nothing is published (CONFLICT).
   */
  publish: procedure
    .meta({ permission: "results.publish" })
    .input(
      z.strictObject({
        period: periodSchema,
        replaces: z
          .int({ error: "发布须注明您看到的现行发布（编号；尚未发布时为 null）：请刷新页面后再发布" })
          .positive({ error: "发布编号应为正整数" })
          .nullable(),
        reason: z.string().trim().max(500, { error: "原因请控制在 500 字以内" }).optional(),
        /** publish a year without orders, or counting no month (a month without data is refused all the same) */
        confirmEmpty: z.boolean().optional(),
        /** publish although objections to the month are undecided */
        confirmUndecided: z.boolean().optional(),
        /** publish a period that has not ended yet */
        confirmUnfinished: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => withIsoDates(await publishPeriod(ctx.store, input.period, { ...input, actor: ctx.actor, address: ctx.address }))),
  /** Re-score a publication with its version and compare with the snapshot. */
  reproduce: checking.input(z.strictObject({ id: idSchema })).query(({ ctx, input }) => reproducePublication(ctx.store, input.id)),
  /**
   * Does the period's current publication still say what scoring it now would? The data fingerprint is compared
   * first (cheap); only when it (or the version in force) changed is the period scored again. Null when not published.
   */
  freshness: checking.input(z.strictObject({ period: periodSchema })).query(async ({ ctx, input }) => {
    const f = await publicationFreshness(ctx.store, input.period);
    return f ? { ...f, publication: withIsoDates(f.publication) } : null;
  }),
  /** A publication (an earlier one, usually) against its period's current one: per unit, score and rank then and now. */
  compare: checking.input(z.strictObject({ id: idSchema })).query(async ({ ctx, input }) => {
    const c = await comparePublication(ctx.store, input.id);
    return { ...c, publication: withIsoDates(c.publication), current: withIsoDates(c.current) };
  }),
});

/** Scores, ranks and their explanations, under the version in force or any stored version (previews). */

import { AppError, ErrorCodes, type Store } from "@kaohe/db";
import {
  assessmentsForPeriod,
  changesSincePublication,
  compareVersions,
  type DataCutoffReader,
  drilldownMeasure,
  getCycle,
  listCycles,
  publishedPlace,
  type SessionUser,
  scoreForPeriod,
  scoreTrend,
  unitDetail,
  warningsFor,
  yearSanctionsInForce,
} from "@kaohe/services";
import { isMonth } from "@kaohe/time";
import { z } from "zod";
import { allows, assertOwnUnit, assertPeriodOpenToUnit } from "../permissions.ts";
import { idSchema, monthSchema, periodSchema, unitCodeSchema, yearSchema } from "../schemas.ts";
import { procedure, router } from "../trpc.ts";

const versionId = idSchema.optional();
/** One of the rubric's assessments by name (checked against the rubric by the service: another name is a 400 naming the choices). */
const assessment = z.string({ error: "考核名称应为文字" }).trim().min(1, { error: "请指定考核名称" }).max(100, { error: "考核名称过长" }).optional();

/** Scoring reads every record of a period: in a reader thread, never on the one answering requests. */
const scoring = procedure.meta({ permission: "results.read", runsOn: "reader" });
/** One unit's numbers: a unit user may read their own. */
const ofOneUnit = procedure.meta({ permission: "unit.read", runsOn: "reader" });

/**
 * Who is told of the data's end, and so what to do about it (DataCutoffReader): those who import are told to import
 * later data; a unit, to object with what shows an order closed on time; the others, that the result may change.
 */
const cutoffReader = (user: SessionUser | null): DataCutoffReader => (user?.role === "unit" ? "unit" : allows(user, "data.import") ? "center" : "reader");

/**
 * The same, by the period's stage: a unit whose period takes no more objections (published, or past the deadline) is
 * not sent to raise one, and a leader reading a published period is not told it may change before publication.
 */
async function cutoffReaderOf(store: Store, user: SessionUser | null, period: string, versionId?: number): Promise<DataCutoffReader> {
  const reader = cutoffReader(user);
  // another version's preview is not what was published
  if (reader === "center" || versionId !== undefined) return reader;
  const cycle = await getCycle(store, period);
  if (reader === "unit") return cycle.stage === "closed" || cycle.objectionsOpen ? "unit" : "unitClosed";
  return cycle.stage === "published" ? "readerPublished" : "reader";
}

/** Of the assessments a unit's page shows beside its own, those the user may ask for by name in the period (assertPeriodOpenToUnit). */
async function opened<T extends { assessment: { name: string } }>(store: Store, user: SessionUser | null, period: string, shown: T[]): Promise<T[]> {
  const allowed = await Promise.all(
    shown.map((r) =>
      assertPeriodOpenToUnit(store, user, period, r.assessment.name).then(
        () => true,
        (err: unknown) => {
          if (err instanceof AppError && err.code === ErrorCodes.Forbidden) return false;
          throw err;
        },
      ),
    ),
  );
  return shown.filter((_, i) => allowed[i]);
}

export const scoresRouter = router({
  /** Every unit of a month, ranked in its group: the rubric's main ranked assessment, or another it ranks (`assessment`, e.g. 季度考核). */
  month: scoring
    .input(z.strictObject({ month: monthSchema, versionId, assessment }))
    .query(async ({ ctx, input }) =>
      warningsFor(
        await scoreForPeriod(ctx.store, input.month, input.versionId, input.assessment),
        await cutoffReaderOf(ctx.store, ctx.user, input.month, input.versionId),
      ),
    ),
  /** The assessments the rubric in force (or the one asked for) ranks for a month or a year, the main (published) one first. */
  assessments: scoring
    .input(z.strictObject({ period: periodSchema, versionId }))
    .query(({ ctx, input }) => assessmentsForPeriod(ctx.store, input.period, input.versionId)),
  /** Every unit of a year, ranked in its group. */
  year: scoring
    .input(z.strictObject({ year: yearSchema, versionId }))
    .query(async ({ ctx, input }) =>
      warningsFor(await scoreForPeriod(ctx.store, input.year, input.versionId), await cutoffReaderOf(ctx.store, ctx.user, input.year, input.versionId)),
    ),
  /**
   * Per unit, how many of the year's counted months it fell under each of the rubric's sanctions (书面说明 and the
   * like) and, for a written explanation, how many came late or never (逾期提交, 逾期未交): what 约谈 is decided on at
   * the year's end (办法五). Every unit's duties and their handling: the center's and the leaders' (not a unit user's).
   */
  yearSanctions: scoring.input(z.strictObject({ year: yearSchema })).query(({ ctx, input }) => yearSanctionsInForce(ctx.store, input.year)),
  /** One unit of a month or year, with the records behind every number. */
  unitDetail: ofOneUnit.input(z.strictObject({ period: periodSchema, unitCode: unitCodeSchema, versionId, assessment })).query(async ({ ctx, input }) => {
    assertOwnUnit(ctx.user, input.unitCode, input.versionId);
    await assertPeriodOpenToUnit(ctx.store, ctx.user, input.period, input.assessment);
    const scored = await unitDetail(ctx.store, input.period, input.unitCode, input.versionId, input.assessment, {
      ownOnly: ctx.user?.role === "unit",
      reader: await cutoffReaderOf(ctx.store, ctx.user, input.period, input.versionId),
    });
    // the assessments the total reads (基础得分), each as a unit asking it by name would be let see it: one whose window
    // reaches into a month not opened to the units is left out
    scored.referenced = await opened(ctx.store, ctx.user, input.period, scored.referenced);
    // a published month: what changed the unit's records of it since (imports, corrections), said beside the published
    // result when the two differ
    const since =
      input.assessment === undefined && isMonth(input.period) ? await changesSincePublication(ctx.store, input.period, input.unitCode, scored.window) : null;
    const detail = { ...scored, changesSincePublished: since };
    if (ctx.user?.role !== "unit") return detail;
    // a unit user: its place in its category, not among all units (no published ranking has that place); nor the
    // period's warnings, which are the center's (they name units of other categories, count the county's orders), as
    // publication.current leaves them out; the unit's own (`unit.warnings`) stay
    // nor the hints for the rubric's author (UnitResult.hints), which the page leaves out
    const { overallRank: _overall, hints: _hints, ...unit } = detail.unit;
    const { warnings: _centers, ...own } = detail;
    // the center's file names are not the unit's to read (a file may name other units): when and how many records
    own.changesSincePublished = since?.map((c) => ({ ...c, fileName: null })) ?? null;
    // a published month: its place as published, not among the other units' changes since, unpublished (its own
    // score and records are its own data, as of now: the page says how they differ from what was published)
    const place = input.assessment === undefined ? await publishedPlace(ctx.store, input.period, input.unitCode) : null;
    if (place)
      return {
        ...own,
        groupSize: place.groupSize,
        // (the vetoes' current counts beside the published vetoes would mix the two: left out)
        unit: { ...unit, rank: place.rank, ranked: place.ranked, band: place.band, vetoes: place.vetoes, sanctions: place.sanctions, vetoEvidence: undefined },
      };
    return { ...own, unit };
  }),
  /** A unit's monthly score and rank over the last months (those with a version in force). */
  trend: ofOneUnit
    .input(
      z.strictObject({
        unitCode: unitCodeSchema,
        endMonth: monthSchema,
        months: z.int({ error: "月数应为整数" }).min(1, { error: "至少 1 个月" }).max(36, { error: "最多 36 个月" }).default(12),
      }),
    )
    .query(async ({ ctx, input }) => {
      assertOwnUnit(ctx.user, input.unitCode);
      if (ctx.user?.role !== "unit") return scoreTrend(ctx.store, input);
      // a unit user: the months opened to the units only, and only those scored (not scored and then hidden)
      const cycles = await listCycles(ctx.store);
      const open = new Set(cycles.map((c) => c.period));
      const trend = await scoreTrend(ctx.store, input, (month) => open.has(month));
      // a published month: its score and place as published (scored again, it ranks the unit among other units'
      // unpublished changes), even one whose data was since undone (无数据 now): the publication is the record
      const published = new Set(cycles.filter((c) => c.publication !== null).map((c) => c.period));
      const points = await Promise.all(
        trend.points.map(async (p) => {
          const place = published.has(p.month) ? await publishedPlace(ctx.store, p.month, input.unitCode) : null;
          return place ? { ...p, noData: false, score: place.published, rank: place.rank, groupSize: place.groupSize } : p;
        }),
      );
      return { ...trend, points };
    }),
  /** Two stored versions on the same data and period. */
  compare: scoring.input(z.strictObject({ a: idSchema, b: idSchema, period: periodSchema })).query(({ ctx, input }) => compareVersions(ctx.store, input)),
  /** The records behind one measure of one unit, paginated. */
  drilldown: ofOneUnit
    .input(
      z.strictObject({
        period: periodSchema,
        unitCode: unitCodeSchema,
        // as /export/drilldown.xlsx takes it: an event type's count is "#次数:" and a type of up to 100 characters
        measure: z.string().min(1, { error: "请指定计数名称" }).max(200, { error: "计数名称过长：最多 200 个字" }),
        // the records of `measure` this one does not count: those that cost a rate its points (查看失分的工单)
        notIn: z.string().min(1, { error: "请指定计数名称" }).max(200, { error: "计数名称过长：最多 200 个字" }).optional(),
        page: z.int({ error: "页码应为整数" }).min(1, { error: "页码从 1 开始" }).default(1),
        pageSize: z.int({ error: "每页条数应为整数" }).min(1, { error: "每页至少 1 条" }).max(500, { error: "每页最多 500 条" }).default(20),
        search: z.string().max(100, { error: "搜索文字过长" }).optional(),
        versionId,
        assessment,
      }),
    )
    .query(async ({ ctx, input }) => {
      assertOwnUnit(ctx.user, input.unitCode, input.versionId);
      await assertPeriodOpenToUnit(ctx.store, ctx.user, input.period, input.assessment);
      return drilldownMeasure(ctx.store, input);
    }),
});

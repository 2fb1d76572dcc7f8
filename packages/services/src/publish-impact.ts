/**
 * What publishing a draft would change, for the publish dialog: every month
 * up to the latest with data that the draft would be in force for (it replaces
 * the version in force there), which of them hold orders or events, whose
 * scores or ranks it changes, and which of those months are published already
 * (their frozen results stay until re-published).
 */
import { AppError, ErrorCodes, type Store } from "@kaohe/db";
import { type AssessmentResult, addMonths, type CompiledRubric, diffResults, monthWithoutData, scoreMonth, scoreYear } from "@kaohe/rules-engine";
import { currentPublication } from "./publication.ts";
import { compileVersion, getRubricVersion, inForceAmong, listRubricVersions, type RubricVersionSummary } from "./rubrics.ts";
import { scoringData, storedEventTypes, undeclaredEventTypes } from "./scores.ts";
import { latestDataMonth } from "./settings.ts";

interface ImpactMonth {
  month: string;
  /** the version in force there now (null: none is) */
  replaces: { id: number; name: string; version: string } | null;
  /** units whose published score or rank would change */
  changedUnits: number;
  units: number;
  /**
   * whether the month has data under the draft, by the rule its ranking page and its publication follow (rules-engine's
   * `monthWithoutData`): an order of any unit (the draft's volume), or orders received that the draft's populations all
   * leave out (its mistake, which the ranking warns of; the year and a unit's trend, by `monthCounts`, leave such a
   * month out, a difference left as it is). A month without is 无数据 (a new county's store imported
   * one month: the months before it are in the version's period, and hold nothing); so is one with events and no
   * orders: its order file is not imported yet, and its scores would be published without a single order.
   */
  hasData: boolean;
  /** the month's current publication, which keeps its frozen result until it is published again */
  published: { at: string; by: string } | null;
  /**
   * the month is open to the units now (预览 or 公示): they are objecting to and explaining its scores as they stand, and
   * the draft would change them under their eyes (the dialog said only 未发布 of such a month: a policy officer's walk)
   */
  openToUnits: boolean;
}

/** A year whose year-end result the draft would score (in force in its December, or its latest month in force). */
interface ImpactYear {
  year: string;
  /** units whose year-end score or rank would change */
  changedUnits: number;
  units: number;
  published: { at: string; by: string } | null;
  /** the year is open to the units now (as a month's `openToUnits`) */
  openToUnits: boolean;
  /**
   * the months its year-end would count under the draft (its monthly mean is of the months the version is in force
   * in), and under the version in force now (null: none): a version in force from December counts December alone,
   * where the year counted twelve (a policy officer's walk: every unit's year-end became December's score, unsaid)
   */
  months: string[];
  monthsBefore: string[] | null;
}

export interface PublishImpact {
  id: number;
  from: string;
  until: string | null;
  /** the latest month with data (null: no orders yet) */
  latestMonth: string | null;
  /** every month from `from` to the latest with data that the version would be in force for, in order (each says whether it has data) */
  months: ImpactMonth[];
  /**
   * the years of those months whose year-end result the version would score (it is in force in their December): their
   * results change as their months' do, or apart from them (a year-end checklist's points changed; a walk published such
   * a version told that nothing changed, and every unit's year changed)
   */
  years: ImpactYear[];
  /** months within the version's period that a version starting later keeps */
  keptByLater: { month: string; version: { id: number; name: string; version: string } }[];
  /**
   * Event types stored in the months it would take over that it does not declare: their events would score nothing
   * (a draft that renamed 行政不作为, or left a type out), in the order of their counts.
   */
  unscoredEvents: { type: string; count: number; months: string[] }[];
}

/** The months and years open to the units now: in their preview or their notice (公示), objected to and explained as they stand. */
async function periodsOpenToUnits(store: Store): Promise<Set<string>> {
  const rows = await store.prisma.assessmentCycle.findMany({ where: { stage: { in: ["preview", "notice"] } }, select: { period: true } });
  return new Set(rows.map((r) => r.period));
}

const ref = (v: RubricVersionSummary) => ({ id: v.id, name: v.name, version: v.version });

/** How many units' scores or ranks differ between two results of a period. */
const changed = (before: AssessmentResult, after: AssessmentResult) =>
  diffResults(before, after).units.filter((u) => u.scoreA !== u.scoreB || u.rankA !== u.rankB || (u.scoreA === null) !== (u.scoreB === null)).length;

/**
 * How many units a result scores or ranks: with no version in force before, those that get a score (a year that
 * counts no month, with no orders in any, scores none of them: nothing about it changes).
 */
const scored = (result: AssessmentResult) => result.units.filter((u) => u.score !== null || u.rank !== null).length;

/** Months a draft would take over if it were published now, each scored under the version there now and under the draft. */
export async function publishImpact(store: Store, id: number): Promise<PublishImpact> {
  const draft = await getRubricVersion(store, id);
  if (!draft.effectiveFrom) throw new AppError(ErrorCodes.BadInput, "文件头没有写施行起始月份（in force from）", "the header names no month in force");
  const rubric = compileVersion(draft);
  const latest = await latestDataMonth(store);
  const impact: PublishImpact = {
    id,
    from: draft.effectiveFrom,
    until: draft.effectiveUntil,
    latestMonth: latest,
    months: [],
    years: [],
    keptByLater: [],
    unscoredEvents: [],
  };
  if (latest === null || draft.effectiveFrom > latest) return impact;
  // in force for a month or a year (versionInForce's lookup): the published version covering it with the latest start;
  // published now, the draft is the latest published of those that start in its month
  const published = (await listRubricVersions(store))
    .filter((v) => v.status === "published" && v.id !== id)
    .sort((x, y) =>
      x.effectiveFrom === y.effectiveFrom ? (y.publishedAt?.getTime() ?? 0) - (x.publishedAt?.getTime() ?? 0) : x.effectiveFrom < y.effectiveFrom ? 1 : -1,
    );
  const inForceNow = (period: string) => inForceAmong(published, period);
  const withDraft = [
    ...published.filter((v) => v.effectiveFrom > draft.effectiveFrom),
    draft,
    ...published.filter((v) => v.effectiveFrom <= draft.effectiveFrom),
  ];
  const data = await scoringData(store);
  const open = await periodsOpenToUnits(store);
  const end = draft.effectiveUntil !== null && draft.effectiveUntil < latest ? draft.effectiveUntil : latest;
  for (let month = draft.effectiveFrom; month <= end; month = addMonths(month, 1)) {
    const now = inForceNow(month) ?? undefined;
    if (now && now.effectiveFrom > draft.effectiveFrom) {
      impact.keptByLater.push({ month, version: ref(now) });
      continue;
    }
    const after = await scoreMonth(rubric, data, month, { evidence: false });
    let changedUnits = scored(after);
    if (now) {
      const before = await scoreMonth(compileVersion(await getRubricVersion(store, now.id)), data, month, { evidence: false });
      changedUnits = changed(before, after);
    }
    const publication = await currentPublication(store, month);
    impact.months.push({
      month,
      replaces: now ? ref(now) : null,
      changedUnits,
      units: after.units.length,
      // the ranking page's and the publication's rule (monthWithoutData): a month whose order file is not imported, though
      // its events are, has no data (the dialog said it had, while the trend showed it 无数据 and the year left it out);
      // one whose orders the draft's populations all leave out has (monthCounts alone said 无数据 of it, the page did not)
      hasData: !(await monthWithoutData(rubric, data, month, after)),
      published: publication ? { at: publication.publishedAt.toISOString(), by: publication.publishedBy } : null,
      openToUnits: open.has(month),
    });
  }
  if (rubric.ranking.yearly !== null) {
    // the years the draft would score: in force in their December, else in their latest month covered
    for (const year of new Set(impact.months.map((m) => m.month.slice(0, 4)))) {
      if (inForceAmong(withDraft, year) !== draft) continue;
      const now = inForceNow(year);
      // a year either version cannot score is not compared (not said to change every unit, nor failing the dialog: a review)
      const score = (r: CompiledRubric) => scoreYear(r, data, Number(year), { evidence: false }).catch(() => null);
      const after = await score(rubric);
      const before: AssessmentResult | null = now ? await score(compileVersion(await getRubricVersion(store, now.id))) : null;
      if (!after || (now && !before)) continue;
      const publication = await currentPublication(store, year);
      impact.years.push({
        year,
        changedUnits: before ? changed(before, after) : scored(after),
        units: after.units.length,
        published: publication ? { at: publication.publishedAt.toISOString(), by: publication.publishedBy } : null,
        openToUnits: open.has(year),
        months: [...after.months],
        monthsBefore: before ? [...before.months] : null,
      });
    }
  }
  impact.unscoredEvents = undeclaredEventTypes(
    await storedEventTypes(
      store,
      impact.months.map((m) => m.month),
    ),
    (type) => rubric.plan.eventPoints.has(type),
  );
  return impact;
}

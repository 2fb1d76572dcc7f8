/**
 * Scores as the console shows them: a period under the version in force (or
 * any stored version, for previews), one unit with its evidence, a unit's
 * monthly trend, two versions side by side, the records behind a number.
 */

import { assessedMonthsText, type HotlineEvent, type Order } from "@kaohe/data";
import { AppError, ErrorCodes, type Store } from "@kaohe/db";
import {
  type AssessmentResult,
  addMonths,
  assessmentsReadByTotal,
  type CompiledRubric,
  inForce,
  monthCounts,
  monthsOf,
  type PeriodWarning,
  periodWindow,
  type RubricDiff,
  scoreMonth,
  type UnitDelta,
  type UnitResult,
  unitAssessedIn,
  unitDiffers,
} from "@kaohe/rules-engine";
import { isYear, periodLabel, shanghaiMonth } from "@kaohe/time";
import { sameResultsBecause } from "./compare-reasons.ts";
import { type DrilldownPage, drilldown } from "./drilldown.ts";
import { compileVersion, getRubricVersion, type RubricVersionDetail, versionInForce } from "./rubrics.ts";
import {
  type DataCutoffReader,
  dataBeforeAsOf,
  diffVersions,
  periodWithoutData,
  prefetchDataHash,
  scorePeriod,
  scoringData,
  warningsFor,
  yearDataBeforeAsOf,
} from "./scores.ts";
import { findUnit } from "./units.ts";

/** Which stored version a result was computed with. */
export interface VersionRef {
  id: number;
  name: string;
  version: string;
  status: RubricVersionDetail["status"];
}

const refOf = (v: RubricVersionDetail): VersionRef => ({ id: v.id, name: v.name, version: v.version, status: v.status });

/** The version to score a period with: the one in force, or the one asked for (a draft too). */
export async function rubricFor(store: Store, period: string, versionId?: number): Promise<{ version: VersionRef; rubric: CompiledRubric }> {
  const v = versionId === undefined ? await versionInForce(store, period) : await getRubricVersion(store, versionId);
  return { version: refOf(v), rubric: compileVersion(v) };
}

export type ScoredPeriod = AssessmentResult & {
  rubricVersion: VersionRef;
  /** how the rubric orders units and what equal ones get, in words (得分相同的按承办量…), for the ranking's reader */
  rankingRule: string;
  /** units of a category the rubric does not declare: not assessed, in no ranking (each category with a few of their names) */
  unassessed: UnassessedCategory[];
  /**
   * Units whose months of assessment (起始月份, 截止月份) begin or end with the period: a month's, those first assessed
   * in it and those last assessed the month before (in its ranking, or gone from it); a year's, those assessed in
   * some of its months only (their year is the mean of those months).
   */
  joiningLeaving: { name: string; fromMonth: string | null; untilMonth: string | null; change: "joins" | "leaves" | "part" }[];
  /**
   * A year: the yearly facts (综合管理 checklist items) the rubric declares that some units have no row for — each
   * taken as its `when missing` value (是: full marks), with a warning only in the unit's details. Empty for a month.
   */
  missingFacts: MissingFact[];
  /**
   * A month without data (`monthWithoutData`): no unit has an order in it. Its scores mean nothing (every unit at full
   * marks, tied first): the ranking page says the month has no data and which file to import, not a ranking; the year
   * leaves the month out, the trend shows it 无数据. A year none of whose months has data (`yearWithoutData`) alike: its
   * page says so, not a ranking of every unit tied first. Always false for another assessment chosen.
   */
  noData: boolean;
};

interface MissingFact {
  item: string;
  label: string;
  /** units scored without a row of the year for it */
  units: number;
  /** the first few of their names (the page names them: “1 家” alone sent a user to the database to find which) */
  names: string[];
  /** what a missing row counts as (是, 0 …), or null: no value (the items reading it score nothing) */
  taken: string | null;
}

/** The units named of those missing an item's row. */
const MISSING_NAMED = 5;

/** The yearly facts the rubric reads that units scored for the year have no row for (see `ScoredPeriod.missingFacts`). */
async function missingFacts(
  store: Store,
  rubric: CompiledRubric,
  year: string,
  scoredUnits: readonly { code: string; name: string }[],
): Promise<MissingFact[]> {
  const declared = [...rubric.symbols.global.values()].flatMap((s) => (s.kind === "fact" && !s.decl.monthly ? [s.decl] : []));
  if (declared.length === 0 || scoredUnits.length === 0) return [];
  const rows = await store.prisma.fact.findMany({ where: { year: Number(year), month: null }, select: { unit: true, item: true } });
  const out: MissingFact[] = [];
  for (const d of declared) {
    const have = new Set(rows.filter((r) => r.item === d.name).map((r) => r.unit));
    const lacking = scoredUnits.filter((u) => !have.has(u.code));
    if (lacking.length === 0) continue;
    const w = d.whenMissing;
    const taken = w === null ? null : w.kind === "bool" ? (w.value ? "是" : "否") : w.kind === "number" ? String(w.value) : "缺省值";
    out.push({ item: d.name, label: d.label ?? d.name, units: lacking.length, names: lacking.slice(0, MISSING_NAMED).map((u) => u.name), taken });
  }
  return out;
}

interface UnassessedCategory {
  category: string;
  /** its units */
  count: number;
  /** the first few of their names */
  names: string[];
}

/** The units a rubric leaves out of every ranking: those of a category it does not declare (one that declares none assesses all). */
async function unassessedUnits(store: Store, rubric: CompiledRubric): Promise<UnassessedCategory[]> {
  if (rubric.categories.length === 0) return [];
  const units = await store.prisma.unit.findMany({
    where: { category: { notIn: rubric.categories.map((c) => c.name) } },
    select: { name: true, category: true },
    orderBy: { code: "asc" },
  });
  const byCategory = new Map<string, UnassessedCategory>();
  for (const u of units) {
    const c = byCategory.get(u.category) ?? { category: u.category, count: 0, names: [] };
    c.count++;
    if (c.names.length < 5) c.names.push(u.name);
    byCategory.set(u.category, c);
  }
  return [...byCategory.values()];
}

/**
 * The units whose months of assessment begin or end with the period (`ScoredPeriod.joiningLeaving`), of the categories
 * the rubric assesses: a month's, those first assessed in it (joins) and those last assessed the month before (leaves)
 * — only where the month's ranking is of the month itself (a quarterly one keeps a unit through its quarter); a
 * year's, those assessed in some of its months (part).
 */
export async function joiningLeaving(store: Store, rubric: CompiledRubric, period: string): Promise<ScoredPeriod["joiningLeaving"]> {
  const year = isYear(period);
  if (!year && periodWindow(rubric, period).window.label !== period) return [];
  const [first, last] = year ? [`${period}-01`, `${period}-12`] : [period, period];
  const units = await store.prisma.unit.findMany({
    where: {
      OR: year
        ? [{ fromMonth: { gt: first, lte: last } }, { untilMonth: { gte: first, lt: last } }]
        : [{ fromMonth: period }, { untilMonth: addMonths(period, -1) }],
      ...(rubric.categories.length > 0 ? { category: { in: rubric.categories.map((c) => c.name) } } : {}),
    },
    select: { name: true, fromMonth: true, untilMonth: true },
    orderBy: { code: "asc" },
  });
  return units.map((u) => ({ ...u, change: year ? "part" : u.fromMonth === period ? "joins" : "leaves" }));
}

/** One of the assessments a rubric ranks for a month or a year (`ranking { monthly 月度考核  monthly 季度考核 }`). */
export interface RankedAssessment {
  name: string;
  label: string | null;
  /** the first one written: the one published, exported and put in the bulletin */
  main: boolean;
}

/** The assessments the rubric ranks for this kind of period, the main (published) one first. */
function rankedAssessments(rubric: CompiledRubric, period: string): RankedAssessment[] {
  const schedule = isYear(period) ? "yearly" : "monthly";
  const main = schedule === "monthly" ? rubric.ranking.monthly : rubric.ranking.yearly;
  const names = [...(main ? [main] : []), ...(rubric.ranking.alsoRanked ?? []).filter((x) => x.schedule === schedule).map((x) => x.name)];
  return [...new Set(names)].map((name, i) => ({ name, label: rubric.assessments.get(name)?.label ?? null, main: i === 0 }));
}

/** The ranked assessments of a period under the version in force (or the one asked for). */
export async function assessmentsForPeriod(
  store: Store,
  period: string,
  versionId?: number,
): Promise<{ rubricVersion: VersionRef; assessments: RankedAssessment[] }> {
  const { version, rubric } = await rubricFor(store, period, versionId);
  return { rubricVersion: version, assessments: rankedAssessments(rubric, period) };
}

/**
 * An assessment's name checked against the rubric: a ranked one for a ranking
 * (`ranked`), any of the period's schedule for one unit (a yearly checklist
 * that feeds the year-end score). Another name is the asker's mistake (400),
 * told in Chinese with the choices.
 */
function checkedAssessment(rubric: CompiledRubric, version: VersionRef, period: string, assessment: string | undefined, ranked: boolean): string | undefined {
  if (assessment === undefined) return undefined;
  const yearly = isYear(period);
  const names = ranked
    ? rankedAssessments(rubric, period).map((a) => a.name)
    : [...rubric.assessments.values()].filter((a) => a.schedule === (yearly ? "yearly" : "monthly")).map((a) => a.name);
  if (names.includes(assessment)) return assessment;
  const kind = `${yearly ? "年度" : "月度"}${ranked ? "排名" : ""}考核`;
  throw new AppError(
    ErrorCodes.BadInput,
    `规则“${version.name}”（${version.version}）中没有名为“${assessment}”的${kind}${names.length ? `：可选 ${names.join("、")}` : ""}`,
    `the rubric has no ${ranked ? "ranked " : ""}${yearly ? "yearly" : "monthly"} assessment named ${assessment}`,
  );
}

/**
 * The rubric's ranking order in words: 按得分从高到低排名；得分相同的，按承办量从大到小；仍相同的并列名次（如 1、2、2、4）.
 * A reader seeing six units at 100.00 ranked 1, 2, 3, 3, 3, 3 learns why.
 */
export function rankingRuleText(rubric: CompiledRubric): string {
  const r = rubric.ranking;
  const keys = r.orderBy.length > 0 ? r.orderBy : [{ key: "score", descending: true }];
  const labelOf = (name: string) => {
    const sym = rubric.symbols.global.get(name);
    return (sym && "label" in sym.decl ? (sym.decl.label as string | null) : null) ?? name;
  };
  const words = keys.map((k) => {
    if (k.key === "score") return `得分${k.descending ? "从高到低" : "从低到高"}`;
    const label = k.key === "volume" ? (r.volume ? labelOf(r.volume) : "承办量") : labelOf(k.key);
    return `${label}${k.descending ? "从大到小" : "从小到大"}`;
  });
  const names = words.map((w) => w.replace(/从.到.$/, ""));
  const parts = [`按${words[0]}排名`];
  for (let i = 1; i < words.length; i++) parts.push(`${i === 1 ? names[0] : `${names.slice(0, i).join("、")}都`}相同的，按${words[i]}`);
  parts.push(r.ties === "share" ? "仍相同的并列名次（如 1、2、2、4）" : "仍相同的按单位编码排列");
  // `minimum volume 10 for 县直部门` beside the plain one: each as written, the named ones first (as they apply)
  const volume = r.volume ? labelOf(r.volume) : "承办量";
  const floors = [...r.minimumVolumes.filter((m) => m.for.length > 0), ...r.minimumVolumes.filter((m) => m.for.length === 0)].map(
    (m) => `${m.for.length > 0 ? m.for.join("、") : r.minimumVolumes.some((x) => x.for.length > 0) ? "其他单位" : ""}${volume}不足 ${m.volume} 件的`,
  );
  if (floors.length > 0) parts.push(`${floors.join("，")}计分、不排名`);
  // a unit ranked below one scoring less is told why
  if ([...rubric.assessments.values()].some((a) => a.vetoes.some((v) => v.last))) parts.push("一票否决（排名末位）的单位排在本组其他单位之后");
  return parts.join("；");
}

/** The ranking order of a stored version in words (`rankingRuleText`); null when the version no longer compiles. */
export async function rankingRuleOf(store: Store, rubricVersionId: number): Promise<string | null> {
  const v = await store.prisma.rubricVersion.findUnique({ where: { id: rubricVersionId }, select: { text: true, name: true, version: true } });
  if (!v) return null;
  try {
    return rankingRuleText(compileVersion(v));
  } catch {
    return null;
  }
}

/** Every unit of a month or a year, ranked; no evidence (the lists of records are for one unit at a time). */
export async function scoreForPeriod(store: Store, period: string, versionId?: number, assessment?: string): Promise<ScoredPeriod> {
  const { version, rubric } = await rubricFor(store, period, versionId);
  const chosen = checkedAssessment(rubric, version, period, assessment, true);
  // the units left out of every ranking are looked up beside the scoring, not after it
  const [result, unassessed, changing] = await Promise.all([
    scorePeriod(store, rubric, period, { evidence: false, assessment: chosen }),
    unassessedUnits(store, rubric),
    joiningLeaving(store, rubric, period),
  ]);
  // a month looked at under the version in force may be published next: its data's fingerprint made meanwhile
  if (versionId === undefined && chosen === undefined) prefetchDataHash(store, rubric, period);
  const missing = isYear(period)
    ? await missingFacts(
        store,
        rubric,
        period,
        result.units.map((u) => u.unit),
      )
    : [];
  // the month's own (another assessment chosen, a quarter over it, is not what the page says 无数据 of)
  const noData = chosen === undefined && (await periodWithoutData(store, rubric, period, result));
  return { ...result, rubricVersion: version, rankingRule: rankingRuleText(rubric), unassessed, joiningLeaving: changing, missingFacts: missing, noData };
}

async function unknownUnit(store: Store, unitCode: string, v: VersionRef, rubric: CompiledRubric, period: string): Promise<AppError> {
  const unit = await findUnit(store, unitCode);
  if (unit && assessedMonthsText(unit) && !unitAssessedIn(rubric, unit, period))
    return new AppError(
      ErrorCodes.NotFound,
      `单位“${unit.name}”${assessedMonthsText(unit)}，${periodLabel(period)}不在其考核期内`,
      `unit ${unitCode} is not assessed in ${period} (from ${unit.fromMonth ?? "-"} to ${unit.untilMonth ?? "-"})`,
    );
  return unit
    ? new AppError(
        ErrorCodes.NotFound,
        `单位“${unit.name}”（类别 ${unit.category}）不在规则“${v.name}”（${v.version}）的考核范围内`,
        `unit ${unitCode} is not assessed by this rubric`,
      )
    : new AppError(ErrorCodes.NotFound, `没有编码为“${unitCode}”的单位：请从单位列表中选择`, `no unit ${unitCode}`);
}

export type UnitDetail = Omit<AssessmentResult, "units"> & {
  rubricVersion: VersionRef;
  /** units ranked in the unit's group */
  groupSize: number;
  unit: UnitResult;
  /**
   * The data ends before the assessment time (the period's `data-before-as-of`), counted of this unit's orders: its
   * orders open in the data and due after it, taken as still open then. A unit user is given this, not the period's
   * (a unit saw January's deadlines counted overdue in December and nothing said why: a walk).
   */
  dataCutoff: PeriodWarning | null;
  /**
   * a month without data (`monthWithoutData`), or a year none of whose months has any (`yearWithoutData`): the unit's
   * page says so instead of its full marks (a unit's page of such a year showed 100.00 and 第1 while the year's page
   * said 无数据)
   */
  noData: boolean;
  /**
   * The assessment's total reads other assessments' scores (`总分 = 若 工单数 >= 5 则 基础得分 否则 组内平均(…)`, or
   * `总分 = 80% × 工单指标 + 20% × 督办事项 + 表扬` beside items of its own): this unit in each of them, with their items
   * and the records behind them. `took`: the total took its score (not so for a unit given the group's mean). Empty
   * for a total that reads none (or no total).
   */
  referenced: ReferencedBreakdown[];
};

/** One unit in an assessment its page's total reads (UnitDetail.referenced): the items, not its place there, which nothing publishes. */
interface ReferencedBreakdown {
  assessment: AssessmentResult["assessment"];
  window: AssessmentResult["window"];
  took: boolean;
  unit: Pick<UnitResult, "score" | "published" | "items" | "warnings" | "totalSteps" | "outOf">;
}

/**
 * One unit's result with the records behind every number. `ownOnly`: for the unit's own user, who may read no other
 * unit's figures (its explanations do not list the group's values behind a rank or a mean: a review) and is told of
 * the data's end as a unit is, not as the center who imports.
 */
export async function unitDetail(
  store: Store,
  period: string,
  unitCode: string,
  versionId?: number,
  assessment?: string,
  { ownOnly = false, reader = ownOnly ? "unit" : "center" }: { ownOnly?: boolean; reader?: DataCutoffReader } = {},
): Promise<UnitDetail> {
  const { version, rubric } = await rubricFor(store, period, versionId);
  const chosen = checkedAssessment(rubric, version, period, assessment, false);
  const { units, ...result } = await scorePeriod(store, rubric, period, { evidence: [unitCode], assessment: chosen, peers: !ownOnly });
  const unit = units.find((u) => u.unit.code === unitCode);
  if (!unit) throw await unknownUnit(store, unitCode, version, rubric, period);
  const cutoff = result.warnings.some((w) => w.code === "data-before-as-of");
  // a year's counted of the unit's orders in each month it averages, as the year's own is
  const dataCutoff = !cutoff
    ? null
    : isYear(period)
      ? await yearDataBeforeAsOf(store, rubric, { ...result, units }, unitCode, reader)
      : await dataBeforeAsOf(store, { ...result, units }, unitCode, reader);
  const referenced = await referencedBreakdowns(store, rubric, period, unit, result.assessment.name, ownOnly);
  const noData = chosen === undefined && (await periodWithoutData(store, rubric, period, { ...result, units }));
  return { ...warningsFor(result, reader), rubricVersion: version, groupSize: rankedInGroup(units, unit.group), unit, dataCutoff, noData, referenced };
}

/**
 * The unit in each assessment the total of `assessment` reads: its score comes (in part) from there, and so do the items
 * and records that explain it (the page showed 暂无数据 and 失分 0.00 under a score of 88.50, and only the command line's
 * `explain --assessment 基础得分` listed the items: another district's walk). Whether or not the assessment has items of
 * its own: `80% × 工单指标 + 20% × 督办事项 + 表扬` listed its 表扬 alone, not the 20 points lost in 督办事项 nor any item
 * of 工单指标 (another county's officer).
 */
async function referencedBreakdowns(
  store: Store,
  rubric: CompiledRubric,
  period: string,
  unit: UnitResult,
  assessment: string,
  ownOnly: boolean,
): Promise<ReferencedBreakdown[]> {
  const decl = rubric.assessments.get(assessment);
  if (!decl) return [];
  const code = unit.unit.code;
  const found = await Promise.all(
    assessmentsReadByTotal(rubric, decl).map(async (name) => {
      const r = await scorePeriod(store, rubric, period, { evidence: [code], assessment: name, peers: !ownOnly });
      const own = r.units.find((u) => u.unit.code === code);
      if (!own) return [];
      const { score, published, items, warnings, totalSteps, outOf } = own;
      return [
        {
          assessment: r.assessment,
          window: r.window,
          took: unit.totalFrom?.includes(name) ?? false,
          // what the score it gave is out of: 失分 is counted against it
          unit: { score, published, items, warnings, ...(totalSteps === undefined ? {} : { totalSteps }), ...(outOf === undefined ? {} : { outOf }) },
        },
      ];
    }),
  );
  return found.flat();
}

/** Units ranked in the group (a unit's place is of so many). */
export const rankedInGroup = (units: readonly UnitResult[], group: string) => units.filter((u) => u.group === group && u.ranked).length;

export interface TrendPoint {
  month: string;
  /**
   * the month holds no data of any unit (no order: the year leaves it out of its means, `monthCounts`): no score nor
   * rank, 无数据 on the chart. Scored, every unit had full marks and first place, and the chart plotted them (a new
   * county's rubric in force from January, its data from March). A month with data that this unit had no orders in is
   * scored as any other.
   */
  noData: boolean;
  /** published (rounded) score; null when not applicable, the unit is not assessed or the month has no data */
  score: number | null;
  rank: number | null;
  groupSize: number;
  group: string | null;
  rubricVersion: VersionRef;
}

/**
 * A unit's monthly score and rank over the `months` calendar months ending
 * with `endMonth`; months no published version is in force for are left out.
 */
export async function scoreTrend(
  store: Store,
  input: { unitCode: string; endMonth: string; months: number },
  /** the months that may be shown (a unit user: those opened to the units); the others are not scored at all */
  shown: (month: string) => boolean = () => true,
  now = new Date(),
): Promise<{ unit: { code: string; name: string; category: string }; points: TrendPoint[] }> {
  const unit = await findUnit(store, input.unitCode);
  if (!unit) throw new AppError(ErrorCodes.NotFound, `没有编码为“${input.unitCode}”的单位：请从单位列表中选择`, `no unit ${input.unitCode}`);
  const data = await scoringData(store);
  const points: TrendPoint[] = [];
  // a month not yet begun has nothing to score (an endMonth of 2040 had 36 empty months scored, and the reader thread
  // every other user waits on held for seconds)
  const current = shanghaiMonth(now.getTime());
  for (let back = input.months - 1; back >= 0; back--) {
    const month = addMonths(input.endMonth, -back);
    if (month > current || !shown(month)) continue;
    let v: RubricVersionDetail;
    try {
      v = await versionInForce(store, month);
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCodes.NotInForce) continue;
      throw err;
    }
    const rubric = compileVersion(v);
    const result = await scoreMonth(rubric, data, month, { evidence: false });
    const u = result.units.find((x) => x.unit.code === unit.code);
    // the year's rule itself: a month the year leaves out is 无数据 on the trend
    const noData = !(await monthCounts(rubric, data, month, [[result.assessment.name, result, result.window]]));
    points.push({
      month,
      noData,
      score: noData ? null : (u?.published ?? null),
      rank: noData ? null : (u?.rank ?? null),
      groupSize: u ? rankedInGroup(result.units, u.group) : 0,
      group: u?.group ?? null,
      rubricVersion: refOf(v),
    });
  }
  return { unit, points };
}

/** A unit entering or leaving the top (or bottom) three of its group when version B replaces version A. */
export type PlaceChange = "enter" | "leave" | null;

/** `changed`: its score, rank or band differs, or a veto holds under one version only (`unitDiffers`) */
export type ComparedUnit = UnitDelta & { top3: PlaceChange; bottom3: PlaceChange; changed: boolean };

export type VersionComparison = Omit<RubricDiff, "units"> & {
  versionA: VersionRef;
  versionB: VersionRef;
  /** units ranked in each group under each version */
  groups: { group: string; rankedA: number; rankedB: number }[];
  units: ComparedUnit[];
  /** when no unit's score or rank differs: why (what differs between the versions, and what the period lacks); else null */
  sameBecause: string[] | null;
  /**
   * the versions compared over a period they are not in force for (a new draft, in force from the month after the
   * latest data): scored as if they were, a preview; publishing one still applies it only from its own month
   */
  previews: { side: "A" | "B"; version: VersionRef; from: string; until: string | null }[];
};

/** Is the version out of force for the whole period (a month, or every month of a year)? */
const outOfForce = (r: CompiledRubric, period: string) => (isYear(period) ? monthsOf(Number(period)) : [period]).every((m) => !inForce(r, m));

const change = (inA: boolean, inB: boolean): PlaceChange => (inA === inB ? null : inB ? "enter" : "leave");

/** Is a rank among the first three of its group? */
const inTop3 = (rank: number | null) => rank !== null && rank <= 3;
/**
 * Is a rank among the last three of a group of `size` ranked units, below its first three? A group of three or fewer
 * has no last three apart from its first (a unit alone in its group was tagged both 进入前三 and 进入后三).
 */
const inBottom3 = (rank: number | null, size: number) => rank !== null && rank > Math.max(3, size - 3);

/** A unit entering or leaving its group's first and last three, from its rank under A to that under B. */
export function placeChanges(rankA: number | null, rankB: number | null, rankedA: number, rankedB: number): Pick<ComparedUnit, "top3" | "bottom3"> {
  return { top3: change(inTop3(rankA), inTop3(rankB)), bottom3: change(inBottom3(rankA, rankedA), inBottom3(rankB, rankedB)) };
}

/** Two stored versions over the same data and period: per unit the score and rank under each, and who enters or leaves the top and bottom three. */
export async function compareVersions(store: Store, input: { a: number; b: number; period: string }): Promise<VersionComparison> {
  const [va, vb] = [await getRubricVersion(store, input.a), await getRubricVersion(store, input.b)];
  const [ra, rb] = [compileVersion(va), compileVersion(vb)];
  const diff = await diffVersions(store, ra, rb, input.period);
  const sizes = new Map<string, { rankedA: number; rankedB: number }>();
  for (const u of diff.units) {
    const s = sizes.get(u.group) ?? { rankedA: 0, rankedB: 0 };
    if (u.rankA !== null) s.rankedA++;
    if (u.rankB !== null) s.rankedB++;
    sizes.set(u.group, s);
  }
  const units = diff.units.map((u): ComparedUnit => {
    const s = sizes.get(u.group) ?? { rankedA: 0, rankedB: 0 };
    return { ...u, ...placeChanges(u.rankA, u.rankB, s.rankedA, s.rankedB), changed: unitDiffers(u) };
  });
  return {
    ...diff,
    versionA: refOf(va),
    versionB: refOf(vb),
    groups: [...sizes].map(([group, s]) => ({ group, ...s })),
    units,
    sameBecause: units.some((u) => u.changed) ? null : await sameResultsBecause(store, ra, rb, input.period),
    previews: (
      [
        ["A", va, ra],
        ["B", vb, rb],
      ] as const
    ).flatMap(([side, v, r]) => (outOfForce(r, input.period) ? [{ side, version: refOf(v), from: r.header.from, until: r.header.until ?? null }] : [])),
  };
}

/** An event with the points its type carries under the rubric (null for `points recorded` and undeclared types: the record's own 分值 counts). */
export type EventWithTypePoints = HotlineEvent & { typePoints: number | null };

/** The records behind one measure of one unit, a page at a time; events with their type's points. */
export async function drilldownMeasure(
  store: Store,
  input: {
    period: string;
    unitCode: string;
    measure: string;
    notIn?: string;
    page: number;
    pageSize: number;
    search?: string;
    versionId?: number;
    assessment?: string;
  },
): Promise<DrilldownPage<Order | EventWithTypePoints> & { rubricVersion: VersionRef }> {
  const { version, rubric } = await rubricFor(store, input.period, input.versionId);
  const assessment = checkedAssessment(rubric, version, input.period, input.assessment, false);
  const unit = await findUnit(store, input.unitCode);
  if (!unit) throw await unknownUnit(store, input.unitCode, version, rubric, input.period);
  const page = await drilldown(store, rubric, {
    period: input.period,
    unit: input.unitCode,
    months: unit,
    measure: input.measure,
    notIn: input.notIn,
    page: input.page,
    pageSize: input.pageSize,
    search: input.search,
    assessment,
  });
  const typePoints = new Map<string, number | null>();
  for (const d of rubric.ast.declarations) if (d.kind === "event") typePoints.set(d.name, d.points);
  const rows = page.rows.map((r) => ("type" in r ? { ...r, typePoints: typePoints.get(r.type) ?? null } : r));
  return { ...page, rows, rubricVersion: version };
}

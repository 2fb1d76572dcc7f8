/**
 * The entry points: score and rank a month (`scoreMonth`) or a year (`scoreYear`, which scores the months whose
 * mean it reads), and the window of a period (`periodWindow`). One period is scored in stages, a file each:
 * its measures counted (run.ts, plan.ts), the period before when `previous(…)` reads it (history.ts), each
 * unit's items and total (items.ts over evaluate.ts, explained by explain.ts), then bands, ranks and sanctions
 * (rank.ts). Every number carries its explanation: the formula with the values put in, the measures it read
 * and the records behind them.
 */

import type { Unit } from "@kaohe/data";
import type { MonthlyResult } from "@kaohe/rules-dsl";
import * as A from "@kaohe/rules-dsl";
import { addMonths, formatShanghai, isMonth, isYear, periodLabel, shanghaiMonth } from "@kaohe/time";
import { type CompiledRubric, inForce, UNDECLARED_SOURCES_MEASURE, volumeMeasure } from "./compile.ts";
import { ScoringError } from "./errors.ts";
import { type History, previousPeriod, previousUse } from "./history.ts";
import type { UnitScorer } from "./items.ts";
import { roundHalfUp } from "./measures/record-js.ts";
import { asOfText, type Month, monthStart, monthsOf, parseMonth, previousMonthOf, type Window, windowFor } from "./period.ts";
import { periodWarnings } from "./period-warnings.ts";
import { rankedValues, rankUnits } from "./rank.ts";
import type { AssessmentResult, MonthResults, ScoreOptions, ScoringData, UnitResult } from "./results.ts";
import { windowSpecOf } from "./rubric-index.ts";
import { type AssessmentRun, assessedUnits, defaultAsOf, openRun } from "./run.ts";

function rankedAssessment(rubric: CompiledRubric, schedule: "monthly" | "yearly", chosen?: string): A.AssessmentDecl {
  if (chosen) {
    const a = rubric.assessments.get(chosen);
    if (!a || a.schedule !== schedule) {
      const names = [...rubric.assessments.values()].filter((x) => x.schedule === schedule).map((x) => x.name);
      throw new ScoringError(
        `规则中没有名为“${chosen}”的${schedule === "monthly" ? "月度" : "年度"}考核${names.length ? `（有：${names.join("、")}）` : ""}`,
        `no ${schedule} assessment named ${chosen}`,
      );
    }
    return a;
  }
  const name = schedule === "monthly" ? rubric.ranking.monthly : rubric.ranking.yearly;
  const a = name ? rubric.assessments.get(name) : undefined;
  if (!a) {
    throw new ScoringError(
      `规则“${rubric.header.name}”没有${schedule === "monthly" ? "月度" : "年度"}排名的考核`,
      `the rubric ranks no ${schedule} assessment`,
    );
  }
  return a;
}

/** One period to score: an assessment over a window at an assessment time, and what a year hands it. */
interface PeriodToScore {
  rubric: CompiledRubric;
  data: ScoringData;
  assessment: A.AssessmentDecl;
  window: Window;
  asOf: number;
  /** "2017-10", or "2017" for a year */
  period: string;
  evidence: boolean | readonly string[];
  /** yearly: each monthly assessment's results per unit, a month (or quarter …) each, as its ranking knew them */
  monthly: Map<string, Map<string, MonthlyResult[]>>;
  scoredMonths: Month[];
  /** explanations list other units' values behind a group's function (ScoreOptions.peers) */
  peers?: boolean;
}

/** Score and rank a period; a month is kept in `history` for a later month that reads it as the period before. */
async function runAssessment(p: PeriodToScore, history: History = new Map()): Promise<AssessmentResult> {
  const { rubric, assessment: a, window, asOf, period } = p;
  const key = `${a.name}|${period}|scored`;
  const scored = scoreRun(p, history);
  // a year scores its months in order: each is the period before the next, scored once (at its own assessment time)
  if (isMonth(period) && !history.has(key) && asOf === defaultAsOf(rubric, window)) {
    const entry = scored.then((x) => ({ run: x.run, results: x.result.units }));
    // kept for a later month that reads this one; when scoring fails the error is thrown below, and this copy of it
    // must not go unhandled when no later month asks (an unhandled rejection stops a Node process)
    entry.catch(() => undefined);
    history.set(key, entry);
  }
  return (await scored).result;
}

/** Score a period: its run, the period before when read, each unit's items and total, then bands, ranks and sanctions. */
async function scoreRun(p: PeriodToScore, history: History): Promise<{ run: AssessmentRun; result: AssessmentResult }> {
  const { rubric, data, assessment: a, window, asOf, evidence, monthly, scoredMonths, period } = p;
  // a monthly assessment's period is a month; a yearly one's is the year, and its window the year's
  const month = isMonth(period) ? period : `${period}-12`;
  const run = await openRun(rubric, data, a, window, asOf, month, evidence, monthly, scoredMonths);
  run.listsPeers = p.peers !== false;
  if (previousUse(rubric, a) !== "none") {
    // the month before, when its score or rank is read: scored here in full, reading the one before it in turn
    const scoreBefore = (before: Window, beforeAsOf: number, month: Month) =>
      scoreRun({ ...p, window: before, asOf: beforeAsOf, period: month, evidence: false, monthly: new Map(), scoredMonths: [] }, history).then((x) => ({
        run: x.run,
        results: x.result.units,
      }));
    run.previous = await previousPeriod(rubric, data, a, isMonth(period) ? period : null, history, scoreBefore);
  }
  const volume = volumeMeasure(rubric);
  const results: UnitResult[] = run.units.map((u) => {
    const { items, total, warnings, totalSteps, totalFrom, outOf, hints } = u.assess(a);
    const itemWarnings = items.flatMap((i) => i.warnings);
    return {
      unit: {
        code: u.unit.code,
        name: u.unit.name,
        category: u.unit.category,
        ...(u.unit.fromMonth ? { fromMonth: u.unit.fromMonth } : {}),
        ...(u.unit.untilMonth ? { untilMonth: u.unit.untilMonth } : {}),
      },
      group: u.groupName,
      score: total,
      published: total === null ? null : roundHalfUp(total, rubric.ranking.decimals),
      rank: null,
      overallRank: null,
      ranked: false,
      volume: volume ? (u.measure(volume) ?? 0) : 0,
      band: null,
      vetoes: [],
      sanctions: [],
      items,
      indicators: u.indicators(a),
      warnings: [...new Set([...warnings, ...itemWarnings, ...undeclaredSources(run, u)])],
      ...(totalSteps === null ? {} : { totalSteps }),
      ...(totalFrom === null || totalFrom.length === 0 ? {} : { totalFrom }),
      ...(outOf === null ? {} : { outOf }),
      ...(hints.length === 0 ? {} : { hints }),
    };
  });
  rankUnits(run, a, results);
  return {
    run,
    result: {
      rubric: { name: rubric.header.name, version: rubric.header.version },
      assessment: { name: a.name, label: a.label, schedule: a.schedule },
      period,
      window,
      asOf,
      months: scoredMonths,
      decimals: rubric.ranking.decimals,
      units: results,
      warnings: [...asOfWithinPeriod(window, asOf, period), ...(await periodWarnings(run, data, period))],
    },
  };
}

/**
 * Does a year count month `m`: does its own data hold volume (an order of any unit)? Every month does under a rubric
 * that counts no volume. Read from an assessment scored over that month's window among `scored` (its name, result and
 * window) when there is one; otherwise the calendar month is counted on its own (`data` read only then: it may be given
 * as a function that reads it). The one rule for a month without
 * data: a year leaves such a month out of its means, and a unit's trend shows it as 无数据 (it plotted 100.00 and 第1
 * for the months of a new county's first rubric before its data began, the year counting them nowhere).
 */
export async function monthCounts(
  rubric: CompiledRubric,
  data: ScoringData | (() => Promise<ScoringData>),
  m: Month,
  scored: readonly (readonly [string, AssessmentResult, Window])[],
  asOf?: number,
): Promise<boolean> {
  const volume = volumeMeasure(rubric);
  if (!volume) return true;
  const monthly = scored.find(([name]) => windowSpecOf(rubric.assessments.get(name) as A.AssessmentDecl).window === "month");
  if (monthly) return monthly[1].units.some((u) => u.volume > 0);
  const first = scored[0];
  if (!first) return false;
  const a = rubric.assessments.get(first[0]) as A.AssessmentDecl;
  const window = windowFor({ window: "month", startDay: 1 }, m);
  const run = await openRun(rubric, typeof data === "function" ? await data() : data, a, window, asOf ?? defaultAsOf(rubric, window), m, false, new Map(), []);
  return run.units.some((u) => (u.measure(volume) ?? 0) > 0);
}

/**
 * Is `month` one without data, as its ranking says it (the console's month and unit pages, `kaohe score`): no unit has
 * an order in it (`monthCounts` of `result`, its main assessment scored), unless orders were received that the rubric's
 * populations all leave out (`诉求类型 = "头诉"`) — then it has data and a mistake of the rubric's, which the
 * `empty-population` warning names, and its ranking is shown under it (publishable with a confirmation).
 */
export async function monthWithoutData(
  rubric: CompiledRubric,
  data: ScoringData | (() => Promise<ScoringData>),
  month: Month,
  result: AssessmentResult,
): Promise<boolean> {
  if (result.warnings.some((w) => w.code === "empty-population")) return false;
  return !(await monthCounts(rubric, data, month, [[result.assessment.name, result, result.window]]));
}

/**
 * Is `year` one without data: none of the months the rubric is in force in has data, each as its own ranking says it
 * (`monthWithoutData`, asked by `monthEmpty`, which scores the month as the caller does: the console's store, the
 * command line's files)? Its ranking means nothing (every unit at full marks, tied first), as a month's without data.
 * A year some month of which has data is not: its months without data are left out by the year's rules. `result`: the
 * year scored under `rubric`; a month it counts has data (`monthCounts`), so only a year counting none (or not
 * averaging months) has its months asked, the first with data ending it.
 */
export async function yearWithoutData(
  rubric: CompiledRubric,
  year: string,
  result: AssessmentResult,
  monthEmpty: (month: Month) => Promise<boolean>,
): Promise<boolean> {
  if (result.warnings.some((w) => w.code === "empty-population")) return false;
  if (result.months.length > 0) return false;
  const months = monthsOf(Number(year)).filter((m) => inForce(rubric, m));
  if (months.length === 0) return false;
  for (const m of months) if (!(await monthEmpty(m))) return false;
  return true;
}

/** The score table's warning about a unit's orders of the period from sources the rubric does not declare (`sources …`). */
function undeclaredSources(run: AssessmentRun, u: UnitScorer): string[] {
  const n = u.measure(UNDECLARED_SOURCES_MEASURE);
  if (!n) return [];
  const ids = run.measures.evidence(u.unit.code, UNDECLARED_SOURCES_MEASURE).slice(0, 3);
  const some = ids.length ? `（如 ${ids.join("、")}${n > ids.length ? " 等" : ""}）` : "";
  const someEn = ids.length ? ` (e.g. ${ids.join(", ")})` : "";
  return [
    `本期受理的工单中有 ${n} 件的来源不在规则声明的工单来源（sources）中${some}，规则中按来源的条件对它们都不成立 / ` +
      `${n} order(s) of the period come from a source the rubric does not declare${someEn}; its conditions on 来源 hold for none of them`,
  ];
}

function assertInForce(rubric: CompiledRubric, month: Month): void {
  if (!inForce(rubric, month)) {
    const span = `${rubric.header.from}${rubric.header.until ? ` 至 ${rubric.header.until}` : " 起"}`;
    throw new ScoringError(
      `规则“${rubric.header.name}”（${rubric.header.version}）施行期间为 ${span}，不适用于 ${month}`,
      `rubric ${rubric.header.version} is not in force in ${month}`,
    );
  }
}

/** The window and default assessment time of the ranked assessment for a month ("2017-10") or a year ("2017"). */
export function periodWindow(
  rubric: CompiledRubric,
  period: string,
  /** another assessment of the period's kind than the ranked one (a quarterly ranking beside the monthly) */
  assessment?: string,
): { window: Window; asOf: number; assessment: A.AssessmentDecl; previous: Window | null } {
  const yearly = isYear(period);
  const a = rankedAssessment(rubric, yearly ? "yearly" : "monthly", assessment);
  const spec = windowSpecOf(a);
  const month = yearly ? `${period}-12` : period;
  const window = windowFor(spec, month);
  // the window `in previous period` reads (a drill-down into last month's orders passes it on)
  const before = previousMonthOf(spec, month);
  return { window, asOf: defaultAsOf(rubric, window), assessment: a, previous: before ? windowFor(spec, before) : null };
}

/**
 * Does the rubric's ranked assessment of the period (a month's, a year's) assess the unit: of a category it declares,
 * its months (起始月份, 截止月份) meeting the assessment's window — a quarter's for a quarterly ranking? What a result
 * of the period has the unit in, without scoring it.
 */
export function unitAssessedIn(rubric: CompiledRubric, unit: Pick<Unit, "category" | "fromMonth" | "untilMonth">, period: string): boolean {
  const { window, assessment } = periodWindow(rubric, period);
  return assessedUnits(rubric, [unit], assessment, window, isYear(period) ? `${period}-12` : period).length > 0;
}

/**
 * From when to when a unit's records count (its first month's window's start, its last month's window's end), by the
 * ranked monthly assessment's window: a month from the 26th begins on the 26th of the month before. A ranking of
 * longer periods (a quarter) counts the unit's calendar months (unitWindow). Unbounded where it has no such month.
 */
export function unitRecordSpan(rubric: CompiledRubric, u: Pick<Unit, "fromMonth" | "untilMonth">): { start: number; end: number } {
  const own = (month: string): Window => {
    const w = periodWindow(rubric, month).window;
    return w.label === month ? w : { label: month, start: monthStart(month), end: monthStart(addMonths(month, 1)) };
  };
  return {
    start: u.fromMonth ? own(u.fromMonth).start : Number.NEGATIVE_INFINITY,
    end: u.untilMonth ? own(u.untilMonth).end : Number.POSITIVE_INFINITY,
  };
}

/**
 * An assessment time chosen before the period begins (or at its first moment) is refused: no order of the period is received by then, and
 * every measure would be scored as of a time the period does not reach (one within the period is a snapshot so far).
 */
function assertAsOfInPeriod(asOf: number | undefined, window: Window, period: string): void {
  if (asOf === undefined || asOf > window.start) return;
  // a day's end as 24:00 of that day, as an assessment time given as a date means it
  const at = asOfText(asOf);
  const start = formatShanghai(window.start, "minute");
  throw new ScoringError(
    `考核时点 ${at} 早于考核期${periodLabel(period)}的开始（${start}）：那时考核期的工单还一件都没有受理，请给考核期开始之后的时点，或不给（按规则的默认时点）`,
    `the assessment time ${at} is before the period ${period} begins (${start}): give a time after its start, or none`,
  );
}

/**
 * An assessment time before the period ends (`--as-of 2018-11-15` for November) is the time an open order is judged
 * at, not a cut of the data: orders received or closed after it are still counted as the data holds them. The header
 * had said 数据截至 2018-11-15 24:00 over scores that counted orders received on the 30th and closed in December (found
 * by a policy officer's walk); it is said instead.
 */
function asOfWithinPeriod(window: Window, asOf: number, period: string): AssessmentResult["warnings"] {
  if (asOf >= window.end) return [];
  const at = asOfText(asOf);
  const end = asOfText(window.end);
  return [
    {
      code: "as-of-within-period",
      zh:
        `考核时点 ${at} 在考核期${periodLabel(period)}结束（${end}）之前：考核时点只决定哪些工单到那时仍未办结、已过时限而算超期；` +
        `数据中在它之后受理或办结的工单照常计入，得分不是截至 ${at} 的情况。要看截至某时的得分，请用当时导出的数据计分`,
      en: `the assessment time ${at} is before ${period} ends (${end}): orders received or closed after it are still counted as the data holds them; it only decides which open orders are overdue`,
      end: window.end,
    },
  ];
}

/** The monthly assessments the `targets` average or count (mean(), count_months()), by name. */
function averagedAssessments(targets: readonly A.AssessmentDecl[]): Set<string> {
  const usedMonthly = new Set<string>();
  const collect = (e: A.Expr | null): void => {
    if (!e) return;
    if (e.kind === "call" && (e.callee === "mean" || e.callee === "count_months") && e.args[0]?.value.kind === "name") usedMonthly.add(e.args[0].value.name);
    for (const c of A.childrenOf(e)) collect(c);
  };
  for (const x of targets) {
    collect(x.total);
    collect(x.rescaleTo);
    // (a year's veto or band may count months: 年度内累计 3 个月不合格的一票否决)
    for (const e of [...x.bands.flatMap((b) => [b.atLeast, b.condition]), ...x.vetoes.map((v) => v.condition), ...x.sanctions.map((s) => s.condition)])
      collect(e);
    for (const p of x.parts)
      for (const i of A.itemsOf(p))
        for (const x of [i.formula, i.base, i.weight, i.atLeast, ...i.adjustments.flatMap((j) => [j.amount, j.condition])]) collect(x);
  }
  return usedMonthly;
}

/**
 * The results of the averaged monthly assessments over `months`: each month that counts (its own data holds volume),
 * each assessment's window scored once (a quarter's, or a half year's, not once per month), what mean() and
 * count_months() read, and the months counted.
 */
async function monthlyResults(
  rubric: CompiledRubric,
  data: ScoringData,
  months: readonly Month[],
  usedMonthly: ReadonlySet<string>,
  asOfGiven: number | undefined,
  /**
   * what a scoring of the year has scored already: a quarter's months scored for it are the year's months too; and
   * where months' results are kept while the data stays the same (ScoreOptions.monthResults)
   */
  shared: { history: History; sameWindow: Map<string, AssessmentResult>; remember?: MonthResults | undefined } = {
    history: new Map(),
    sameWindow: new Map(),
  },
): Promise<{ monthly: Map<string, Map<string, MonthlyResult[]>>; scored: Month[] }> {
  const monthly = new Map<string, Map<string, MonthlyResult[]>>();
  const scored: Month[] = [];
  const { history, sameWindow } = shared;
  // each averaged assessment's periods already counted: a quarter's (or a half year's) score once, not once per month
  const counted = new Map<string, Set<string>>();
  for (const m of months) {
    const results: [name: string, result: AssessmentResult, window: Window][] = [];
    for (const name of usedMonthly) {
      const ma = rubric.assessments.get(name) as A.AssessmentDecl;
      const window = windowFor(windowSpecOf(ma), m);
      const asOf = asOfGiven ?? defaultAsOf(rubric, window);
      // a quarter (or a year to date ending the same day) is scored once, not once per month
      const key = `${name}|${window.start}|${window.end}|${asOf}`;
      let result = sameWindow.get(key);
      if (!result) {
        // a quarter that is itself the mean of its months (total = mean(月度考核)) is given its months' results, as
        // when a quarter is ranked (scoreMonth): a year averaging such quarters had none, each quarter 不适用 and the
        // year's item with it, without a word (a helper's 季度平均 90% of the year's score)
        const nested = windowSpecOf(ma).window === "month" ? new Set<string>() : averagedAssessments([ma]);
        nested.delete(name);
        const inner =
          nested.size === 0
            ? { monthly: new Map<string, Map<string, MonthlyResult[]>>(), scored: [] }
            : await monthlyResults(
                rubric,
                data,
                monthsBetween(window).filter((x) => months.includes(x)),
                nested,
                asOfGiven,
                shared,
              );
        const score = () =>
          runAssessment(
            { rubric, data, assessment: ma, window, asOf, period: m, evidence: false, monthly: inner.monthly, scoredMonths: inner.scored },
            history,
          );
        // a month's own (no months averaged in it) is the result `scoreMonth` gives: the year page's sanctions column
        // and the year's table read the same months, kept (ScoreOptions.monthResults) instead of scored again
        const { remember } = shared;
        result = await (remember && windowSpecOf(ma).window === "month" ? remember(monthResultKey(name, m, window, asOf), score) : score());
        sameWindow.set(key, result);
      }
      results.push([name, result, window]);
    }
    // a month counts when its own data holds volume: a month's window, not a quarter that the month is part of (a
    // quarterly assessment beside the monthly one had months without a single order averaged in at full marks)
    if (!(await monthCounts(rubric, data, m, results, asOfGiven))) continue;
    scored.push(m);
    for (const [name, r, window] of results) {
      const windows = counted.get(name) ?? new Set<string>();
      counted.set(name, windows);
      if (windows.has(window.label)) continue;
      windows.add(window.label);
      const byUnit = monthly.get(name) ?? new Map<string, MonthlyResult[]>();
      // every unit's, scored or not: mean() averages the scores, count_months() reads ranks and bands
      const ranked = rankedValues(r.units);
      for (const u of r.units) {
        const own = byUnit.get(u.unit.code) ?? [];
        own.push({ month: m, ...(window.label !== m ? { window: window.label } : {}), ranked: ranked.get(u.unit.code) ?? {} });
        byUnit.set(u.unit.code, own);
      }
      monthly.set(name, byUnit);
    }
  }
  return { monthly, scored };
}

/** Score and rank one month with the rubric's monthly assessment. */
export async function scoreMonth(rubric: CompiledRubric, data: ScoringData, month: Month, options: ScoreOptions = {}): Promise<AssessmentResult> {
  parseMonth(month);
  if (!options.preview) assertInForce(rubric, month);
  const a = rankedAssessment(rubric, "monthly", options.assessment);
  const window = windowFor(a.window ?? { window: "month", startDay: 1 }, month);
  assertAsOfInPeriod(options.asOf, window, month);
  const asOf = options.asOf ?? defaultAsOf(rubric, window);
  // a quarter's (a half year's …) assessment averaging the monthly one: the months of its window, each scored first
  const usedMonthly = windowSpecOf(a).window === "month" ? new Set<string>() : averagedAssessments([a]);
  const { monthly, scored } =
    usedMonthly.size === 0
      ? { monthly: new Map(), scored: [] }
      : await monthlyResults(
          rubric,
          data,
          monthsBetween(window).filter((m) => options.preview || inForce(rubric, m)),
          usedMonthly,
          options.asOf,
        );
  // scored as a year scores the months it averages (no evidence, every unit's peers, none averaged in it): the same
  // result, kept under the same key (ScoreOptions.monthResults)
  const remember = options.monthResults;
  if (remember && usedMonthly.size === 0 && options.evidence === false && options.peers !== false && windowSpecOf(a).window === "month") {
    return remember(monthResultKey(a.name, month, window, asOf), () =>
      runAssessment({ rubric, data, assessment: a, window, asOf, period: month, evidence: false, monthly, scoredMonths: scored, peers: true }),
    );
  }
  return runAssessment({
    rubric,
    data,
    assessment: a,
    window,
    asOf,
    period: month,
    evidence: options.evidence ?? true,
    monthly,
    scoredMonths: scored,
    peers: options.peers !== false,
  });
}

/** A month's result's key (ScoreOptions.monthResults): its assessment, the month, its window and its assessment time. */
const monthResultKey = (assessment: string, month: Month, window: Window, asOf: number) => `${assessment}|${month}|${window.start}|${window.end}|${asOf}`;

/** The calendar months a window touches, in order (a quarter's three). */
function monthsBetween(window: Window): Month[] {
  const months: Month[] = [];
  for (let m = shanghaiMonth(window.start); m <= shanghaiMonth(window.end - 1); m = addMonths(m, 1)) months.push(m);
  return months;
}

/**
 * Score and rank a year with the rubric's yearly assessment. Monthly
 * assessments it averages are scored for every month of the year that the
 * rubric is in force and whose data holds at least one order (volume) of
 * any unit; their published (rounded) scores are averaged.
 */
export async function scoreYear(rubric: CompiledRubric, data: ScoringData, year: number, options: ScoreOptions = {}): Promise<AssessmentResult> {
  const a = rankedAssessment(rubric, "yearly", options.assessment);
  const inForceMonths = monthsOf(year).filter((m) => inForce(rubric, m));
  // a preview of a year the rubric is not in force for: as if it were, all year
  const months = inForceMonths.length === 0 && options.preview ? monthsOf(year) : inForceMonths;
  if (months.length === 0) {
    throw new ScoringError(`规则“${rubric.header.name}”在 ${year} 年不施行`, `rubric ${rubric.header.version} is not in force in ${year}`);
  }
  const window = windowFor(a.window ?? { window: "year", startDay: 1 }, `${year}-12`);
  assertAsOfInPeriod(options.asOf, window, String(year));
  const usedMonthly = averagedAssessments([...rubric.assessments.values()].filter((x) => x.schedule === "yearly"));
  const { monthly, scored } = await monthlyResults(rubric, data, months, usedMonthly, options.asOf, {
    history: new Map(),
    sameWindow: new Map(),
    remember: options.monthResults,
  });
  const asOf = options.asOf ?? defaultAsOf(rubric, window);
  const result = await runAssessment({
    rubric,
    data,
    assessment: a,
    window,
    asOf,
    period: String(year),
    evidence: options.evidence ?? true,
    monthly,
    scoredMonths: scored,
    peers: options.peers !== false,
  });
  // a version in force from October averages October to December: said, as a year's figures would be read as the year's
  if (usedMonthly.size > 0 && inForceMonths.length > 0 && inForceMonths.length < 12) {
    const [first, last] = [inForceMonths[0] as Month, inForceMonths[inForceMonths.length - 1] as Month];
    result.warnings.push({
      code: "part-of-year",
      months: inForceMonths,
      zh: `本规则在 ${year} 年只施行 ${first} 至 ${last}（${inForceMonths.length} 个月）：各月平均只计这些月份`,
      en: `the rubric is in force for ${first} to ${last} of ${year} only (${inForceMonths.length} months): the monthly means are of those months`,
    });
  }
  return result;
}

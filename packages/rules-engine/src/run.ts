/**
 * One run: everything scoring one assessment over one period's window needs — the rubric, the window and
 * assessment time, the measures counted for it, the facts, the units (each a UnitScorer), their groups and
 * peers, a year's monthly scores, and the period before for `previous(…)`.
 */
import { type Fact, outsideMonths, type Unit } from "@kaohe/data";
import type * as A from "@kaohe/rules-dsl";
import type { MonthlyResult, Value } from "@kaohe/rules-dsl";
import { SHANGHAI_OFFSET_MS, shanghaiMonth } from "@kaohe/time";
import type { CompiledRubric } from "./compile.ts";
import type { UnitEvaluator } from "./evaluate.ts";
import { UnitScorer } from "./items.ts";
import type { MeasureValues } from "./measures/source.ts";
import { addMonths, localDate, type Month, monthStart, previousMonthOf, type Window, windowFor } from "./period.ts";
import { planFor } from "./plan.ts";
import type { ScoringData } from "./results.ts";
import { groupingOf, windowSpecOf } from "./rubric-index.ts";
import { newTrace } from "./trace.ts";

/**
 * The period before the scored one, as `previous(…)` reads it: its run (its units' values) and, when a ranked
 * value is read, its ranking; or why there is none (the first month in force, a month under another version,
 * a month without data, a window of fixed dates), in which case previous(…) is missing.
 */
export interface PreviousPeriod {
  label: string | null;
  run: AssessmentRun | null;
  /** per unit: 得分, 名次 … as the previous period published them (null when only its values are read) */
  ranked: Map<string, Record<string, Value>> | null;
  /** why there is no previous period (null when there is one) */
  none: string | null;
}

/** Everything one assessment of one period needs: measures, facts, peers. */
export class AssessmentRun {
  readonly units: UnitScorer[];
  readonly byCode = new Map<string, UnitScorer>();
  /** the period before, for `previous(…)` (set before any unit is scored; null: nothing reads it) */
  previous: PreviousPeriod | null = null;
  /** explanations list other units' values behind a group's function (ScoreOptions.peers) */
  listsPeers = true;

  constructor(
    readonly rubric: CompiledRubric,
    readonly assessment: A.AssessmentDecl,
    readonly window: Window,
    readonly asOf: number,
    readonly measures: MeasureValues,
    units: readonly Unit[],
    readonly facts: Map<string, Fact>,
    /** yearly: each monthly assessment's results per unit, a month (or quarter …) each, as its ranking knew them */
    readonly monthly: Map<string, Map<string, MonthlyResult[]>>,
    readonly scoredMonths: Month[],
  ) {
    this.units = units.map((u) => new UnitScorer(this, u));
    for (const u of this.units) this.byCode.set(u.unit.code, u);
  }

  private readonly subRuns = new Map<A.AssessmentDecl, AssessmentRun>();
  /** Another assessment of the same window, over the same units (the checker ensures the window matches). */
  subRun(a: A.AssessmentDecl): AssessmentRun {
    if (a === this.assessment) return this;
    let run = this.subRuns.get(a);
    if (!run) {
      run = new AssessmentRun(
        this.rubric,
        a,
        this.window,
        this.asOf,
        this.measures,
        this.units.map((u) => u.unit),
        this.facts,
        this.monthly,
        this.scoredMonths,
      );
      run.listsPeers = this.listsPeers;
      // the same period before, seen through the other assessment
      const p = this.previous;
      run.previous = p && { ...p, run: p.run ? p.run.subRun(a) : null };
      this.subRuns.set(a, run);
    }
    return run;
  }

  group(u: UnitEvaluator): string {
    const r = groupingOf(this.rubric, this.assessment.schedule);
    if (r.within === "all") return "全部";
    if (r.within === "category") return u.unit.category;
    for (const g of r.groups) {
      if (!g.condition) return g.name;
      if (u.eval(g.condition, newTrace()) === true) return g.name;
    }
    return "其他";
  }

  peers(u: UnitEvaluator): UnitEvaluator[] {
    const g = u.groupName;
    return this.units.filter((p) => p.groupName === g);
  }

  /** Every unit the assessment ranks, whatever its group (overall_mean). */
  all(): readonly UnitEvaluator[] {
    return this.units;
  }
}

function factIndex(facts: readonly Fact[]): Map<string, Fact> {
  // a yearly row by unit|year|item, as always; a monthly row (月份) by unit|year|month|item
  return new Map(facts.map((f) => [f.month ? `${f.unit}|${f.year}|${f.month}|${f.item}` : `${f.unit}|${f.year}|${f.item}`, f]));
}

export function defaultAsOf(rubric: CompiledRubric, window: Window): number {
  const day = rubric.assessedDayOfNextMonth;
  if (day !== null) {
    // 数据统计截至次月5日: the end of the 5th of the calendar month after the window's last day's (a month from 10-26 to
    // 11-25 and a calendar November alike are assessed at 12-05 24:00, a quarter or a year on the 5th after its last month)
    const lastDay = new Date(window.end - 86_400_000 + SHANGHAI_OFFSET_MS);
    return localDate(lastDay.getUTCFullYear(), lastDay.getUTCMonth() + 2, day + 1);
  }
  if (rubric.assessedMonthsAfter === 0) return window.end;
  const d = new Date(window.end + SHANGHAI_OFFSET_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + rubric.assessedMonthsAfter, d.getUTCDate()) - SHANGHAI_OFFSET_MS;
}

/**
 * Units the rubric assesses in a period: those of a declared category (any, when it declares none) whose months of
 * assessment (起始月份 to 截止月份) meet the period's — a monthly period's own month (a month from the 26th to the 25th
 * is the month it is named for), any other window's calendar months (a unit abolished in May is in the year's and the
 * second quarter's ranking, not the third's).
 */
export function assessedUnits<U extends Pick<Unit, "category" | "fromMonth" | "untilMonth">>(
  rubric: CompiledRubric,
  units: readonly U[],
  a: A.AssessmentDecl,
  window: Window,
  month: Month | null,
): U[] {
  const cats = rubric.categories.length === 0 ? null : new Set(rubric.categories.map((c) => c.name));
  const [first, last] = windowSpecOf(a).window === "month" && month ? [month, month] : [shanghaiMonth(window.start), shanghaiMonth(window.end - 1)];
  return units.filter((u) => (cats === null || cats.has(u.category)) && !outsideMonths(u, first, last));
}

/**
 * The measures of an assessment's window, counted for the units the rubric assesses, and the run that reads
 * them. `month` is the month the window is for ("2017-12" for a year): `in previous period` reads the one before.
 */
export async function openRun(
  rubric: CompiledRubric,
  data: ScoringData,
  a: A.AssessmentDecl,
  window: Window,
  asOf: number,
  month: Month | null,
  evidence: boolean | readonly string[],
  monthly: Map<string, Map<string, MonthlyResult[]>>,
  scoredMonths: Month[],
): Promise<AssessmentRun> {
  const units = assessedUnits(rubric, data.units, a, window, month);
  const before = month ? previousMonthOf(windowSpecOf(a), month) : null;
  const plan = planFor(rubric, a);
  const previous = before ? windowFor(windowSpecOf(a), before) : null;
  // the units counted over the same window together: all of them at once, unless some are assessed in part of it
  const byWindow = new Map<string, { window: Window; codes: string[] }>();
  for (const u of units) {
    const own = unitWindow(a, window, u);
    const key = `${own.start}|${own.end}`;
    const group = byWindow.get(key) ?? { window: own, codes: [] };
    group.codes.push(u.code);
    byWindow.set(key, group);
  }
  const parts: [codes: string[], values: MeasureValues][] = [];
  for (const g of byWindow.values()) {
    // a few units over a part of the window read their own records only (a year with many such units is not read
    // whole again for each)
    const onlyUnits = g.window !== window;
    parts.push([g.codes, await data.source.compute(plan, { window: g.window, previous, asOf, units: g.codes, evidence, ...(onlyUnits ? { onlyUnits } : {}) })]);
  }
  const measures = parts.length === 1 ? (parts[0]?.[1] as MeasureValues) : byUnit(parts);
  return new AssessmentRun(rubric, a, window, asOf, measures, units, factIndex(data.facts), monthly, scoredMonths);
}

/**
 * The part of a window a unit is assessed in: a quarter's or a year's calendar months from its 起始月份 to its
 * 截止月份 (a unit abolished after May counts its April and May orders in the second quarter, not June's, and its
 * year's volume is of its own months); the whole window for a unit without such months, and for a month's (a unit is
 * assessed in that month or not at all: assessedUnits).
 */
export function unitWindow(a: A.AssessmentDecl, window: Window, u: Pick<Unit, "fromMonth" | "untilMonth">): Window {
  if (windowSpecOf(a).window === "month") return window;
  const start = u.fromMonth ? Math.max(window.start, monthStart(u.fromMonth)) : window.start;
  const end = u.untilMonth ? Math.min(window.end, monthStart(addMonths(u.untilMonth, 1))) : window.end;
  return start === window.start && end === window.end ? window : { label: window.label, start, end };
}

/** Measures counted in parts (units over windows of their own), read by unit. */
function byUnit(parts: readonly [codes: string[], values: MeasureValues][]): MeasureValues {
  const of = new Map<string, MeasureValues>();
  for (const [codes, values] of parts) for (const c of codes) of.set(c, values);
  const none: MeasureValues = { value: () => 0, evidence: () => [] };
  return {
    value: (unit, name) => (of.get(unit) ?? none).value(unit, name),
    evidence: (unit, name) => (of.get(unit) ?? none).evidence(unit, name),
  };
}

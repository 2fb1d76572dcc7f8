/**
 * What scoring gives back: an assessment's result for a period, each unit's score, rank and band, and each
 * item's points with the measures, records and adjustments behind them. Plain data (JSON, structuredClone);
 * an item's `formula` and `substituted` are written when first read (explain.ts).
 */
import type { Fact, Unit } from "@kaohe/data";
import type { MeasureSource } from "./measures/source.ts";
import type { Month, Window } from "./period.ts";

export interface MeasureEvidence {
  name: string;
  label: string | null;
  value: number | null;
  record: "orders" | "events";
  /** ids of the records counted */
  records: readonly string[];
  /**
   * What its records did to the item, read from the formula: "cost" — each cost points (超期件数 in
   * 20 × (100% - 超期率)); "spare" — each kept points, so the ones that cost are the "base" measure's
   * records not among them (办结件数 of 办结率 = 办结件数 / 工单数 in 10 × 办结率); null — neither: its records did not
   * cost the points (工单数 in `if 工单数 >= 5 then …`, a volume that earns them), and explain does not list them.
   */
  role: "cost" | "spare" | "base" | null;
}

export interface AdjustmentResult {
  direction: "deduct" | "add";
  /** the measure whose records are behind it (for drill-down), if any */
  measure: string | null;
  /** the kind of those records: events for `per` an event type, the measure's own for `per` a measure */
  record: "orders" | "events";
  /** what the rubric says, e.g. "deduct 5 per 行政不作为" */
  rule: string;
  /** occurrences (for `per`), or null for `if` */
  count: number | null;
  /**
   * what `count` counts, in Chinese: orders in 件, events in 次; null when it is neither (a sum of an order's field,
   * a value); absent from results published before it was kept
   */
  countUnit?: "件" | "次" | null;
  points: number;
  continuing: boolean;
  records: readonly string[];
}

export interface ItemResult {
  code: string;
  label: string | null;
  section: { code: string; label: string | null } | null;
  max: number;
  bonus: boolean;
  /** null = not applicable */
  points: number | null;
  published: number | null;
  /** the rule as written */
  formula: string;
  /** the rule with this unit's values put in */
  substituted: string;
  /** why a rate gave its zero-denominator result ("本月无工单") */
  reasons: string[];
  measures: MeasureEvidence[];
  adjustments: AdjustmentResult[];
  warnings: string[];
}

export interface UnitResult {
  /** the unit, with the months it is assessed in when it has them (起始月份, 截止月份: set up or abolished) */
  unit: { code: string; name: string; category: string; fromMonth?: string | null; untilMonth?: string | null };
  group: string;
  score: number | null;
  published: number | null;
  rank: number | null;
  /** the rank among all ranked units, whatever their group (beside the rank in the group) */
  overallRank: number | null;
  /** false when under the minimum volume: scored, not ranked */
  ranked: boolean;
  volume: number;
  /** the least volume the ranking asks of this unit (`minimum volume`), when it asks one (absent in older snapshots) */
  minimumVolume?: number | null;
  band: string | null;
  vetoes: string[];
  /**
   * each veto that holds, with the counts its condition read and the records behind them (媒体曝光查实数 1: event E1):
   * a score set to 0 or a unit ranked last is explained as a deduction is; absent from results published before
   */
  vetoEvidence?: { label: string; measures: MeasureEvidence[] }[];
  /** each with the unit's measures its condition reads (what a written explanation must address) */
  sanctions: { name: string; label: string | null; because: { measure: string; label: string | null; value: number | null }[] }[];
  items: ItemResult[];
  /** `report …`: values shown beside the score, not scored (a rate is a fraction: 0.95 is 95%) */
  indicators: { name: string; label: string | null; value: number | string | boolean | null; percent: boolean }[];
  warnings: string[];
  /**
   * How the score follows from the items where it is not their sum: the assessment's `total` formula with the unit's
   * values ("总分 = 满意 ?? 组内平均(满意)；计算：不适用 ?? 75 = 75.00"), or `rescale to` ("… 折算为 100 分：42 × 100 / 60
   * + 加分 4 = 74.00"). Absent for a plain sum (and in results published before it was written).
   */
  totalSteps?: string;
  /**
   * The assessments whose score the `total` formula took for this unit, as it evaluated (`若 工单数 >= 5 则 基础得分 否则
   * 组内平均(…)`: 基础得分 for a unit of 5 orders or more; none for one given the group's mean). Absent when none.
   */
  totalFrom?: string[];
  /**
   * For the rubric's author, not the reader of a result: how the rubric could be written otherwise (“工单指标 不适用时要按
   * 0 分计的，在总分公式中写 (工单指标 ?? 0)”), beside the warning that says why (`warnings`: 总分公式中 工单指标 不适用或为空，
   * 没有得分). `kaohe explain` says them; the published table's 备注 and the unit's page, read by leaders and units, do
   * not (the hint stood in a ranking's 备注: another county's officer). Absent when none.
   */
  hints?: string[];
  /**
   * What the score is out of, for 失分 (满分 − 得分): `full`, the full marks of the unit's applicable items (a capped
   * section counted at its cap), or the `rescale to` target where the items were brought to it (市城管局 without 回访:
   * 42.5 of 60 brought to 70.83 of 100, so 29.17 lost, not the items' 17.50); `bonus`, the bonus points the score
   * includes (a bonus earned is not a point lost back: 东城区 82.00 with 2 of 表扬 lost 20, not 18). Absent where a
   * `total` formula decides the score (its items are not what it is out of), for a unit without a score, and in
   * results published before it was kept. `rescaled`: `full` is the `rescale to` target, not the items' own.
   */
  outOf?: { full: number; bonus: number; rescaled: boolean };
  /**
   * `then zero` (得零分): the score as published before the veto set it to 0 (南湖区 100.00: 失分 is then the full
   * marks, not the items' 0.00). Absent when no veto zeroed the score.
   */
  zeroedFrom?: number;
}

/** A warning about the whole period's scoring, shown beside the table (period-warnings.ts). */
export type PeriodWarning = { zh: string; en: string } & (
  | {
      /** units of a category the rubric does not declare: not scored, in no ranking */
      code: "undeclared-category";
      category: string;
      units: { code: string; name: string }[];
    }
  | {
      /** the period received no order: every unit scored as having none */
      code: "no-orders";
    }
  | {
      /** an extra column of the orders no order of the period has a value in: the measures reading it alike for all */
      code: "absent-attribute";
      attribute: string;
      measures: string[];
    }
  | {
      /** an orders population empty for every unit while orders were received: the measures over it are 0 for all */
      code: "empty-population";
      population: string;
      measures: string[];
    }
  | {
      /** a year the rubric is in force for part of: its monthly means are of those months only */
      code: "part-of-year";
      months: Month[];
    }
  | {
      /**
       * orders of the period open in the data whose deadline falls after the newest data and by the assessment time:
       * counted as still open then, overdue, though the data cannot tell (data exported before the assessment time;
       * @kaohe/services)
       */
      code: "data-before-as-of";
      /** the data's latest time, received or closed (epoch ms) */
      latest: number;
      count: number;
      /**
       * a year's: the months it averages whose data ends before their own assessment time, each with its assessment
       * time and its orders counted so (count is their sum); absent for a month's
       */
      months?: { month: Month; asOf: number; count: number }[];
    }
  | {
      /**
       * the assessment time is before the period ends (a command line's --as-of): it decides which open orders are
       * overdue; orders received or closed after it are counted all the same
       */
      code: "as-of-within-period";
      /** the period's end (epoch ms) */
      end: number;
    }
  | {
      /** stored events of a type the rubric does not declare: they score nothing (a version comparison's, @kaohe/services) */
      code: "undeclared-event-type";
      type: string;
      count: number;
    }
);

export interface AssessmentResult {
  rubric: { name: string; version: string };
  assessment: { name: string; label: string | null; schedule: "monthly" | "yearly" };
  period: string;
  window: Window;
  asOf: number;
  /** for a yearly result: the months whose mean it uses */
  months: Month[];
  /** the rubric's `round N decimals`: how scores are published and printed */
  decimals: number;
  units: UnitResult[];
  /** what the table alone would not say: units left out, a period without orders, a population that holds none */
  warnings: PeriodWarning[];
}

export interface ScoringData {
  units: readonly Unit[];
  facts: readonly Fact[];
  source: MeasureSource;
}

export interface ScoreOptions {
  /** override the assessment time (default: the rubric's `assessed at …`) */
  asOf?: number;
  /** score this assessment instead of the ranked one (e.g. a yearly checklist that feeds the year-end score) */
  assessment?: string;
  /** collect record ids behind every measure (default true), or only for the unit codes listed */
  evidence?: boolean | readonly string[];
  /**
   * explanations list each unit's value behind a group's or every unit's function (镇的满意率：甲镇 100%、…; default
   * true); false for a reader who may see no other unit's figures (a unit user: their own page)
   */
  peers?: boolean;
  /**
   * score a period the rubric is not in force for, as a preview: comparing a new draft (in force from next month)
   * with the version in force over the latest month with data. A month is scored as it would be in force; a year no
   * month of which is in force, over all its months. Never for what is published.
   */
  preview?: boolean;
  /**
   * Where the results of a month's own ranked assessment (a month's window, not averaging months of its own) are kept
   * while the data stays as it is: `remember(key, score)` gives the result `score()` gives, or the one an earlier call
   * with the same key gave. A year scores each month it averages; the year page's sanctions column and the year's
   * table then scored the same months again (a year page scored each of its months three times). Used by
   * `scoreYear` for the months it averages and by `scoreMonth` for a month scored as they are (no evidence, every
   * unit's peers, at the month's own assessment time); a result so given is shared: it must not be changed.
   */
  monthResults?: MonthResults;
}

/**
 * Keeps a month's result (ScoreOptions.monthResults). `key` names the assessment, the month, its window and its
 * assessment time; the caller adds the rubric and the data it scores (the same key under another rubric, or other data,
 * is another result).
 */
export type MonthResults = (key: string, score: () => Promise<AssessmentResult>) => Promise<AssessmentResult>;

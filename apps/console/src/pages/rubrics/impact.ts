/** What publishing a draft would change (rubrics.publishImpact), in the words the publish dialog uses. */
import type { RouterOutputs } from "../../lib/trpc.ts";

export type Impact = RouterOutputs["rubrics"]["publishImpact"];
export type ImpactMonth = Impact["months"][number];

/** "2018年3月、5月、2019年1月" */
export function monthsText(months: readonly string[]): string {
  let year = "";
  return months
    .map((m) => {
      const [y, mm] = m.split("-");
      const text = y === year ? `${Number(mm)}月` : `${y}年${Number(mm)}月`;
      year = y ?? "";
      return text;
    })
    .join("、");
}

/**
 * The months that change, those of them already published, those that do not; the years whose year-end results change
 * (scored as they would be: a year may change though none of its months does) and those of them published.
 */
export function impactSummary(impact: Impact): {
  changed: string[];
  publishedChanged: string[];
  unchanged: string[];
  years: string[];
  publishedYears: string[];
} {
  const changedYears = impact.years.filter((y) => y.changedUnits > 0);
  return {
    changed: impact.months.filter((m) => m.changedUnits > 0).map((m) => m.month),
    publishedChanged: impact.months.filter((m) => m.changedUnits > 0 && m.published).map((m) => m.month),
    unchanged: impact.months.filter((m) => m.changedUnits === 0).map((m) => m.month),
    years: changedYears.map((y) => y.year),
    publishedYears: changedYears.filter((y) => y.published).map((y) => y.year),
  };
}

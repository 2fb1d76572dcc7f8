/** What publishing a draft would change (rubrics.publishImpact), in the words the publish dialog uses. */
import { monthLabel } from "../../lib/format.ts";
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
 * (scored as they would be: a year may change though none of its months does) and those of them published; the months
 * and years that change while open to the units (预览, 公示).
 */
export function impactSummary(impact: Impact): {
  changed: string[];
  publishedChanged: string[];
  unchanged: string[];
  years: string[];
  publishedYears: string[];
  openChanged: string[];
} {
  const changedYears = impact.years.filter((y) => y.changedUnits > 0);
  return {
    changed: impact.months.filter((m) => m.changedUnits > 0).map((m) => m.month),
    publishedChanged: impact.months.filter((m) => m.changedUnits > 0 && m.published).map((m) => m.month),
    unchanged: impact.months.filter((m) => m.changedUnits === 0).map((m) => m.month),
    years: changedYears.map((y) => y.year),
    publishedYears: changedYears.filter((y) => y.published).map((y) => y.year),
    // open to the units now: their objections and explanations are on the scores the draft would change
    openChanged: [
      ...impact.months.filter((m) => m.changedUnits > 0 && m.openToUnits).map((m) => m.month),
      ...changedYears.filter((y) => y.openToUnits).map((y) => y.year),
    ],
  };
}

/** Months in a row, three or more: "2017年9月 至 2018年10月"; else each: "2018年3月、5月". */
function monthsSpanText(months: readonly string[]): string {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  const inRow = months.every((m, i) => i === 0 || index(m) === index(months[i - 1] as string) + 1);
  return inRow && months.length >= 3 ? `${monthLabel(months[0] as string)} 至 ${monthLabel(months.at(-1) as string)}` : monthsText(months);
}

/** "2017年度、2018年度" */
export const yearsText = (years: readonly string[]) => years.map((y) => `${y}年度`).join("、");

/**
 * The dialog's summary of a draft's months (there is at least one): the months it would be used for, how many of them
 * hold orders (`hasData`: the year's rule; a month of events alone is one whose orders are not imported yet), and which
 * change. A month without is scored as having no data (every unit alike), and
 * is said apart: a new county's store of one month's data was told of "15 个有数据的月份", 15 of which would change.
 * `count` is the number the dialog writes in bold, between `before` and `after`.
 */
export function impactWords(impact: Impact): { scope: string; before: string; count: number | null; after: string } {
  const months = impact.months;
  const s = impactSummary(impact);
  const withData = months.filter((m) => m.hasData);
  const allData = withData.length === months.length;
  const [first, last] = [months[0]?.month ?? impact.from, months.at(-1)?.month ?? impact.from];
  const span = first === last ? monthLabel(first) : `${monthLabel(first)} 至 ${monthLabel(last)}`;
  const replacing = months.some((m) => m.replaces);
  const scope = allData
    ? `此版本将用于 ${span} 的 ${months.length} 个有数据的月份${replacing ? "，取代现施行的版本" : "（目前没有施行中的版本）"}。`
    : `此版本将用于 ${span} 的 ${months.length} 个月（其中${withData.length === 0 ? "没有一个月" : ` ${withData.length} 个月`}有工单${replacing ? "），取代现施行的版本。" : "；目前没有施行中的版本）。"}`;
  const changedData = months.filter((m) => m.changedUnits > 0 && m.hasData).map((m) => m.month);
  const changedEmpty = months.filter((m) => m.changedUnits > 0 && !m.hasData);
  const clauses: string[] = [];
  if (changedEmpty.length > 0) {
    const unscoredNow = changedEmpty.every((m) => m.replaces === null);
    clauses.push(
      `没有工单（无数据）的 ${changedEmpty.length} 个月（${monthsSpanText(changedEmpty.map((m) => m.month))}）` +
        (unscoredNow ? "现在没有得分，发布后各单位都按无数据计分" : "各单位按无数据计分，得分或名次会改变"),
    );
  }
  if (changedData.length > 0) {
    if (s.years.length > 0) clauses.push(`${yearsText(s.years)}的年终成绩也会改变`);
    const rest = clauses.length > 0 ? `；${clauses.join("；")}` : "";
    return {
      scope,
      before: allData ? "其中" : "有数据的月份中",
      count: changedData.length,
      after: `个月的得分或名次会改变：${monthsText(changedData)}${rest}。`,
    };
  }
  const these = allData ? "这些月份" : "有工单的月份";
  const unchanged = withData.length > 0 ? [`按现有数据，${these}的得分与名次都不变`] : [];
  const years = s.years.length > 0 ? [`${unchanged.length > 0 ? "但" : ""}${yearsText(s.years)}的年终成绩会改变`] : [];
  const text = [...unchanged, ...clauses].join("；") + (years.length > 0 ? `${unchanged.length + clauses.length > 0 ? "，" : ""}${years[0]}` : "");
  return { scope, before: "", count: null, after: text ? `${text}。` : "" };
}

/**
 * The years whose year-end would count fewer months under the draft than now (its monthly mean is of the months it is
 * in force in): each said with the months before and after. A version in force from December made every unit's
 * year-end December's score alone, the dialog saying only that the year-end would change.
 */
export function fewerMonthsNotes(impact: Impact): string[] {
  return impact.years.flatMap((y) => {
    const before = y.monthsBefore;
    if (!before || y.months.length >= before.length) return [];
    const now = `现施行的版本计入 ${monthsSpanText(before)}（${before.length} 个月）`;
    if (y.months.length === 0) return [`${y.year}年度此版本施行期间没有可计入年终成绩的月份，${now}`];
    return [
      `${y.year}年度的年终成绩将只计此版本施行的 ${monthsSpanText(y.months)}（${y.months.length} 个月）的月度得分，${now}：` +
        `其余 ${before.length - y.months.length} 个月不再计入年终成绩`,
    ];
  });
}

/**
 * A version still named as a copy is (2019-草稿1, shared.tsx's "<version>-草稿<n>"): published as it is, the ranking,
 * the reports and the bulletin would say 草稿 of a version in force (a policy officer's walk published one).
 */
export const draftishVersion = (version: string): boolean => /草稿/u.test(version);

/**
 * Whether the first month in force holds no data, as the impact finds it (null: not known yet): publishing scores it
 * all the same, to check the rubric scores; the dialog said it scored 2019年1月 "用现有数据" when that month had none
 * (a walk, the month's file not yet imported).
 */
export function firstMonthWithoutData(impact: Pick<Impact, "from" | "latestMonth" | "months"> | undefined): boolean | null {
  if (!impact) return null;
  if (impact.latestMonth === null || impact.from > impact.latestMonth) return true;
  const first = impact.months.find((m) => m.month === impact.from);
  // kept by a version starting later: the impact scored it under neither
  return first ? !first.hasData : null;
}

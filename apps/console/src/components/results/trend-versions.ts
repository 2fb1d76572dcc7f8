/**
 * Where a unit's trend changes rubric version (a new year's 办法 in force from January): the months either side were
 * scored by different rules, so a step in the line there may be the rules' and not the unit's. The chart draws a line
 * at each such month and the page says it in words.
 */
import { monthLabel } from "../../lib/format.ts";
import type { TrendPoint } from "./types.ts";

type Version = TrendPoint["rubricVersion"];

export interface RubricChange {
  /** the first month scored by `to` */
  month: string;
  from: Version;
  to: Version;
}

/** Each month whose version differs from the month before it on the trend (a month left out between them does not count). */
export function rubricChanges(points: readonly Pick<TrendPoint, "month" | "rubricVersion">[]): RubricChange[] {
  const out: RubricChange[] = [];
  for (let i = 1; i < points.length; i++) {
    const [before, p] = [points[i - 1] as (typeof points)[number], points[i] as (typeof points)[number]];
    if (before.rubricVersion.id !== p.rubricVersion.id) out.push({ month: p.month, from: before.rubricVersion, to: p.rubricVersion });
  }
  return out;
}

/** A version as a person names it: its version, and its 办法's name when that changed too. */
const named = (v: Version, other: Version) => (v.name === other.name ? `“${v.version}”` : `“${v.name}”${v.version}`);

/** What the page says under the chart about the changes; null for none. */
export function rubricChangeText(changes: readonly RubricChange[]): string | null {
  if (changes.length === 0) return null;
  // "图中…起": the first month the chart shows of the version, which need not be its first in force (a month not yet
  // opened to the units, or with no version, is not on the chart)
  const each = changes.map((c) => `图中${monthLabel(c.month)}起按规则版本${named(c.to, c.from)}计分（此前为${named(c.from, c.to)}）`);
  return `${each.join("；")}，以竖线标出：与此前各月相比的升降不一定出于本单位工作的变化。`;
}

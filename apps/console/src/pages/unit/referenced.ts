/**
 * A score whose items are in another assessment (`总分 = 若 工单数 >= 5 则 基础得分 否则 组内平均(…)`): what the unit page
 * shows of it (pure: the page asks it, the tests too).
 */
import { pointsLost } from "../../components/results/cells.tsx";
import type { PartMaximum } from "../../components/results/part-maxima.ts";
import type { UnitDetail } from "../../components/results/types.ts";

type Referenced = UnitDetail["referenced"][number];

/** The heading over one assessment the total reads: whether the unit's score came from it. */
export const referencedTitle = (r: Pick<Referenced, "assessment" | "took">): string =>
  r.took
    ? `得分来自 ${r.assessment.label ?? r.assessment.name}：`
    : `总分公式引用的 ${r.assessment.label ?? r.assessment.name}（本单位的得分未取自此项，见得分由来）：`;

/**
 * 失分 and what it is counted from. The unit's own items when it has them; else the items of the assessment its score
 * was taken from (`from`: its name as the page says it); else none (null: the page said 0.00 under a score of 88.50
 * taken from 基础得分, or from the group's mean, and nothing lost anywhere).
 */
export function lostFigure(
  detail: Pick<UnitDetail, "unit" | "referenced">,
  parts?: ReadonlyMap<string, PartMaximum>,
): { lost: number | null; from: string | null } {
  const u = detail.unit;
  if (u.items.length > 0 || u.published === null) return { lost: pointsLost(u.items, parts, u.published), from: null };
  const source = detail.referenced.find((r) => r.took);
  if (!source) return { lost: null, from: null };
  return { lost: pointsLost(source.unit.items, undefined, source.unit.published), from: source.assessment.label ?? source.assessment.name };
}

/**
 * A score whose items are in another assessment (`总分 = 若 工单数 >= 5 则 基础得分 否则 组内平均(…)`): what the unit page
 * shows of it (pure: the page asks it, the tests too).
 */
import { pointsLost } from "../../components/results/cells.tsx";
import type { PartMaximum } from "../../components/results/part-maxima.ts";
import type { UnitDetail } from "../../components/results/types.ts";
import { fixed } from "../../lib/format.ts";

type Referenced = UnitDetail["referenced"][number];

/** The heading over one assessment the total reads: whether the unit's score came from it. */
export const referencedTitle = (r: Pick<Referenced, "assessment" | "took">): string =>
  r.took
    ? `得分来自 ${r.assessment.label ?? r.assessment.name}：`
    : `总分公式引用的 ${r.assessment.label ?? r.assessment.name}（本单位的得分未取自此项，见得分由来）：`;

const marks = (x: number) => fixed(x).replace(/\.00$/, "");

/** What the tooltip over 失分 says it is, by what it was counted against (pure, as the figure). */
function lostWhy(
  u: {
    items: readonly { bonus: boolean; published: number | null }[];
    outOf?: { full: number; bonus: number; rescaled: boolean } | undefined;
    totalSteps?: string | undefined;
  },
  weighted: boolean,
): string {
  if (!u.outOf || weighted)
    // a total formula (or a result kept before what it is out of was): its items' own losses
    return u.totalSteps && !u.outOf
      ? "得分由总分公式计出（见下方得分由来），失分按各考核项计：各项满分减得分之和；未得的加分不算失分"
      : "满分减得分（各项分别四舍五入，相加可能差 0.01）；未得的加分不算失分";
  const { full, bonus, rescaled } = u.outOf;
  const bonuses = `${bonus > 0 ? `得分中的加分 ${fixed(bonus)} 不抵失分，` : ""}未得的加分不算失分`;
  if (rescaled) return `有考核项不适用，得分按适用的考核项折算为 ${marks(full)} 分：满分 ${marks(full)} 减得分；${bonuses}`;
  // not rescaled, an item not applicable: out of what applies (the page said 满分 where it was 60 of the 100)
  const of = u.items.some((i) => !i.bonus && i.published === null) ? "适用的考核项满分" : "满分";
  return `${of} ${marks(full)} 减得分（各项分别四舍五入，相加可能差 0.01）；${bonuses}`;
}

/**
 * 失分, what it is counted from and what the tooltip says of it. The unit's own items when it has them; else the items
 * of the assessment its score was taken from (`from`: its name as the page says it); else none (null: the page said
 * 0.00 under a score of 88.50 taken from 基础得分, or from the group's mean, and nothing lost anywhere). Against what
 * the score is out of where the engine says it: the `rescale to` target (市城管局 70.83 of 100 lost 29.17, not its items'
 * 17.50), the full marks of a score a veto set to 0 (南湖区 0.00 lost 100, not 0.00).
 */
export function lostFigure(
  detail: Pick<UnitDetail, "unit" | "referenced">,
  parts?: ReadonlyMap<string, PartMaximum>,
): { lost: number | null; from: string | null; why: string } {
  const u = detail.unit;
  const weighted = u.items.some((i) => parts?.has(i.code));
  if (u.zeroedFrom !== undefined) {
    const vetoed = `一票否决（${u.vetoes.join("；")}），得分计为 0（原得分 ${fixed(u.zeroedFrom)}）`;
    // what it is out of unknown (a total formula decides it): no figure, rather than its items' losses before the veto
    if (!u.outOf) return { lost: null, from: null, why: `${vetoed}；得分由总分公式计出，不计失分` };
    // a weighted part counts at its stated share (综合管理考核 20, not 24 with its bonuses)
    const full = weighted ? u.items.filter((i) => !i.bonus).reduce((s, i) => s + (parts?.get(i.code)?.regular ?? i.max), 0) : u.outOf.full;
    return { lost: full, from: null, why: `${vetoed}：满分 ${marks(full)} 分全部计为失分` };
  }
  if (u.items.length > 0 || u.published === null) return { lost: pointsLost(u.items, parts, u.published, u.outOf), from: null, why: lostWhy(u, weighted) };
  const source = detail.referenced.find((r) => r.took);
  if (!source) return { lost: null, from: null, why: "得分不由本考核的考核项计出（见下方得分由来），不计失分" };
  const from = source.assessment.label ?? source.assessment.name;
  return {
    lost: pointsLost(source.unit.items, undefined, source.unit.published, source.unit.outOf),
    from,
    why: `按${from}的各项计：${lostWhy(source.unit, false)}`,
  };
}

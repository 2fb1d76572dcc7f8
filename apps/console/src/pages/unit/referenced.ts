/**
 * A score whose items are in another assessment (`总分 = 若 工单数 >= 5 则 基础得分 否则 组内平均(…)`): what the unit page
 * shows of it (pure: the page asks it, the tests too).
 */
import { referencedTitle as titleOf } from "@kaohe/services/referenced-text";
import { pointsLost } from "../../components/results/cells.tsx";
import type { PartMaximum } from "../../components/results/part-maxima.ts";
import type { UnitDetail } from "../../components/results/types.ts";
import { fixed } from "../../lib/format.ts";

type Referenced = UnitDetail["referenced"][number];

/**
 * The heading over one assessment the total reads: whether the unit's score came from it, from it alone or with others
 * (`80% × 工单指标 + 20% × 督办事项 + 表扬`: each is a part of the score, weighted as 得分由来 says, not the score).
 */
export const referencedTitle = (r: Pick<Referenced, "assessment" | "took">, alone = true): string =>
  `${titleOf(r.assessment.label ?? r.assessment.name, r.took, alone)}：`;

/**
 * The score beside that heading, and what it lost out of its own full marks (督办事项 80 of 100 lost 20, where the
 * unit's score is 36.00 of a composite): "80.00 分（满分 100，失分 20.00）". The score alone where what it is out of is
 * not known (its own total formula decides it) or nothing (bonuses alone: 表扬加分 2.00); nothing for none.
 */
export function referencedScore(u: {
  published: number | null;
  items: Parameters<typeof pointsLost>[0];
  outOf?: { full: number; bonus: number; rescaled: boolean } | undefined;
}): string {
  if (u.published === null) return "";
  // (one of bonuses alone is out of nothing)
  if (!u.outOf || u.outOf.full === 0) return `${fixed(u.published)} 分`;
  return `${fixed(u.published)} 分（满分 ${marks(u.outOf.full)}，失分 ${fixed(pointsLost(u.items, undefined, u.published, u.outOf))}）`;
}

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
 * 17.50), the full marks of a score a veto set to 0 (南湖区 0.00 lost 100, not 0.00). None for a score the total
 * made of several assessments, or of one beside items of its own: each referenced one says its own (referencedScore).
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
  const took = u.published === null ? [] : detail.referenced.filter((r) => r.took);
  // what the total took, as the engine says it (a unit user is not given one whose window reaches a month not opened to
  // the units: counted from what was listed, the one left read as the whole score, 失分 against it: a review)
  const tookNames = u.published === null ? [] : (u.totalFrom ?? took.map((r) => r.assessment.name));
  const label = (name: string) => {
    const r = detail.referenced.find((x) => x.assessment.name === name);
    return r ? (r.assessment.label ?? r.assessment.name) : name;
  };
  // several assessments, or one beside items of its own (`80% × 工单指标 + 20% × 督办事项 + 表扬`): the score is out of
  // what the formula makes of them, which neither its own items (表扬 alone: 0.00 under 36.00) nor one of them (工单指标's
  // 77.50 of its 100) is; each says its own below
  if (tookNames.length > 1 || (tookNames.length === 1 && u.items.length > 0))
    return {
      lost: null,
      from: null,
      why: `得分由总分公式计出，计入了 ${tookNames.map(label).join("、")}（见下方得分由来），不计总的失分；各项考核的得分与失分见下方，各按其本身的满分计`,
    };
  if (u.items.length > 0 || u.published === null) return { lost: pointsLost(u.items, parts, u.published, u.outOf), from: null, why: lostWhy(u, weighted) };
  const source = took[0];
  if (!source && tookNames.length === 1)
    return { lost: null, from: null, why: `得分取自${label(tookNames[0] as string)}，它计入的月份尚未都向各单位开放，暂不列出其考核项与失分` };
  if (!source) return { lost: null, from: null, why: "得分不由本考核的考核项计出（见下方得分由来），不计失分" };
  const from = source.assessment.label ?? source.assessment.name;
  return {
    lost: pointsLost(source.unit.items, undefined, source.unit.published, source.unit.outOf),
    from,
    why: `按${from}的各项计：${lostWhy(source.unit, false)}`,
  };
}

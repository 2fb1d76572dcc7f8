/**
 * After every unit is scored: bands and vetoes, the rank in each group and among all (published score, then the
 * rubric's keys; the minimum volume), sanctions (which may read 得分, 名次 …), and the score table's order.
 */
import type * as A from "@kaohe/rules-dsl";
import type { Value } from "@kaohe/rules-dsl";
import type { CompiledRubric } from "./compile.ts";
import type { UnitScorer } from "./items.ts";
import { roundHalfUp } from "./measures/record-js.ts";
import type { UnitResult } from "./results.ts";
import { groupingOf, measuresReadBy, specsByName } from "./rubric-index.ts";
import type { AssessmentRun } from "./run.ts";
import { newTrace } from "./trace.ts";

/** String.prototype.localeCompare(y, locales) compares as new Intl.Collator(locales).compare(x, y): made once here */
const zhCollator = new Intl.Collator("zh-CN");
const defaultCollator = new Intl.Collator();
/** A collator's order, asked only of different texts: most of a sort's comparisons are of one group with itself. */
const compareText = (collator: Intl.Collator, x: string, y: string) => (x === y ? 0 : collator.compare(x, y));

/**
 * Band, rank and sanction a run's scored units, and put them in the score table's order: the groups as the rubric
 * writes them, then by rank, then by unit code.
 */
export function rankUnits(run: AssessmentRun, a: A.AssessmentDecl, results: UnitResult[]): void {
  // vetoes first: one may rank a unit last (`then last`); then the rank, since a band may be by rank (前 20% 为优秀)
  // and no band moves a rank
  const vetoed = vetoes(run, a, results);
  rank(run, results, new Set([...vetoed].filter(([, vs]) => vs.some((v) => v.last)).map(([r]) => r)));
  bands(run, a, results, vetoed);
  sanctions(run, a, results);
  const groupOrder = groupsInOrderWritten(run.rubric, a.schedule);
  results.sort(
    (x, y) =>
      (groupOrder.get(x.group) ?? groupOrder.size) - (groupOrder.get(y.group) ?? groupOrder.size) ||
      compareText(zhCollator, x.group, y.group) ||
      (x.rank ?? Number.MAX_SAFE_INTEGER) - (y.rank ?? Number.MAX_SAFE_INTEGER) ||
      compareText(defaultCollator, x.unit.code, y.unit.code),
  );
}

/** The ranking's groups in the order the rubric writes them: its categories, or its `groups` (then 其他). */
function groupsInOrderWritten(rubric: CompiledRubric, schedule: "monthly" | "yearly"): Map<string, number> {
  const r = groupingOf(rubric, schedule);
  const names = r.within === "category" ? rubric.categories.map((c) => c.name) : r.within === "groups" ? [...r.groups.map((g) => g.name), "其他"] : ["全部"];
  return new Map(names.map((n, i) => [n, i]));
}

/** The vetoes that hold for each unit (in the order written), their labels listed in its result. */
function vetoes(run: AssessmentRun, a: A.AssessmentDecl, results: UnitResult[]): Map<UnitResult, A.VetoDecl[]> {
  const held = new Map<UnitResult, A.VetoDecl[]>();
  if (a.vetoes.length === 0) return held;
  for (const r of results) {
    const u = run.byCode.get(r.unit.code) as UnitScorer;
    const traced = a.vetoes.map((v) => {
      const t = newTrace();
      return { v, holds: u.eval(v.condition, t) === true, t };
    });
    const holding = traced.filter((x) => x.holds).map((x) => x.v);
    if (holding.length === 0) continue;
    r.vetoes.push(...holding.map((v) => v.label));
    // what each read, with its records: a veto is explained as a deduction is
    r.vetoEvidence = traced.filter((x) => x.holds).map((x) => ({ label: x.v.label, measures: u.evidenceFor(x.t) }));
    held.set(r, holding);
    // `then zero` (得零分): the score is 0, before the ranking reads it; its items stay as scored, said beside
    const zeroing = holding.find((v) => v.zero);
    if (zeroing && r.score !== null) {
      const digits = run.rubric.ranking.decimals;
      const zeroed = `一票否决（${zeroing.label}）：得分计为 0（原得分 ${roundHalfUp(r.score, digits).toFixed(digits)}）`;
      r.totalSteps = r.totalSteps ? `${r.totalSteps}；${zeroed}` : zeroed;
      // what it lost is then the full marks: its 0 holds no bonus either
      r.zeroedFrom = roundHalfUp(r.score, digits);
      if (r.outOf) r.outOf = { ...r.outOf, bonus: 0 };
      r.score = 0;
      r.published = 0;
    }
  }
  return held;
}

/** Each unit's band: the first whose line its score reaches or whose condition holds, unless a veto gives another; none for a unit without a score but by a condition. */
function bands(run: AssessmentRun, a: A.AssessmentDecl, results: UnitResult[], vetoed: ReadonlyMap<UnitResult, readonly A.VetoDecl[]>): void {
  if (a.bands.length === 0) return;
  // a band by rank reads 名次, 参评单位数 … (not 等次: the checker refuses it)
  const ranked = a.bands.some((b) => b.condition) ? rankedValues(results) : null;
  const position = (name: string | null) => a.bands.findIndex((b) => b.name === name);
  const lastBand = a.bands[a.bands.length - 1]?.name ?? null;
  for (const r of results) {
    const u = run.byCode.get(r.unit.code) as UnitScorer;
    const score = r.published;
    for (const b of a.bands) {
      if (b.condition) {
        u.ranked = ranked?.get(r.unit.code) ?? null;
        const holds = u.eval(b.condition, newTrace()) === true;
        u.ranked = null;
        if (!holds) continue;
        r.band = b.name;
        break;
      }
      // a unit without a score (no orders that month) is given no band by a score line or `otherwise`: it was not
      // assessed, and 不合格 would count against it (月数(…, 等次 = "不合格"), a sanction on the band)
      if (score === null) continue;
      const threshold = b.atLeast ? u.eval(b.atLeast, newTrace()) : null;
      if (b.atLeast === null || (typeof threshold === "number" && score >= threshold)) {
        r.band = b.name;
        break;
      }
    }
    // a veto only lowers: its band replaces the unit's own when it is below it (bands run from the highest down), the
    // lowest of several holding; a veto that only ranks last (`then last`) leaves the band. 一票否决 "不得评为优秀" then
    // band 合格 had lifted a unit below the 合格 line to 合格
    // A unit without a band (no score) is given the last band only (不得评为优秀 then band 合格 does not rate a unit
    // that was not assessed 合格)
    for (const v of vetoed.get(r) ?? []) {
      if (!v.band && (v.last || v.zero)) continue;
      const band = v.band ?? lastBand;
      if (r.band === null ? band === lastBand : position(band) > position(r.band)) r.band = band;
    }
  }
}

/**
 * Rank within each group: published score, then the rubric's keys; equal units share a rank (1, 2, 2, 4). Units a
 * veto ranks last (`last`) come after every other of their group (and of all), in the same order among themselves.
 */
function rank(run: AssessmentRun, results: UnitResult[], last: ReadonlySet<UnitResult>): void {
  const ranking = run.rubric.ranking;
  const keys = ranking.orderBy.length ? ranking.orderBy : [{ key: "score", descending: true, range: ranking.range }];
  const keyValue = (r: UnitResult, key: string): number => {
    if (key === "score") return r.published ?? Number.NEGATIVE_INFINITY;
    if (key === "volume") return r.volume;
    const v = (run.byCode.get(r.unit.code) as UnitScorer).name(key, newTrace());
    return typeof v === "number" ? v : Number.NEGATIVE_INFINITY;
  };
  // `minimum volume 10 for 县直部门` before the plain `minimum volume N`; a group's name counts as well as a category's
  const minimumOf = (r: UnitResult): number | null =>
    ranking.minimumVolumes.find((m) => m.for.includes(r.unit.category) || m.for.includes(r.group))?.volume ?? ranking.minimumVolume;
  const groups = new Map<string, UnitResult[]>();
  const all: UnitResult[] = [];
  for (const r of results) {
    const minimum = minimumOf(r);
    r.minimumVolume = minimum;
    r.ranked = r.published !== null && (minimum === null || r.volume >= minimum);
    if (!r.ranked) continue;
    all.push(r);
    const g = groups.get(r.group) ?? [];
    g.push(r);
    groups.set(r.group, g);
  }
  const vectors = new Map(all.map((r) => [r, keys.map((k) => keyValue(r, k.key))]));
  const compare = (x: UnitResult, y: UnitResult) => {
    const placed = (last.has(x) ? 1 : 0) - (last.has(y) ? 1 : 0);
    if (placed !== 0) return placed;
    const vx = vectors.get(x) as number[];
    const vy = vectors.get(y) as number[];
    for (let i = 0; i < keys.length; i++) {
      const d = (vy[i] as number) - (vx[i] as number);
      if (d !== 0) return (keys[i] as A.OrderKey).descending ? d : -d;
    }
    return 0;
  };
  const rankIn = (members: UnitResult[], set: (r: UnitResult, rank: number) => void, get: (r: UnitResult) => number) => {
    members.sort((x, y) => compare(x, y) || compareText(defaultCollator, x.unit.code, y.unit.code));
    members.forEach((r, i) => {
      const prev = members[i - 1];
      set(r, ranking.ties === "share" && prev && compare(prev, r) === 0 ? get(prev) : i + 1);
    });
  };
  for (const members of groups.values())
    rankIn(
      members,
      (r, n) => {
        r.rank = n;
      },
      (r) => r.rank as number,
    );
  rankIn(
    all,
    (r, n) => {
      r.overallRank = n;
    },
    (r) => r.overallRank as number,
  );
}

/** The values known after ranking (得分, 名次, 倒数名次 …), per unit, by their English keys. */
export function rankedValues(results: readonly UnitResult[]): Map<string, Record<string, Value>> {
  const groupRanks = new Map<string, number[]>();
  const overallRanks: number[] = [];
  for (const r of results) {
    if (r.ranked && r.rank !== null) {
      const ranks = groupRanks.get(r.group);
      if (ranks) ranks.push(r.rank);
      else groupRanks.set(r.group, [r.rank]);
    }
    if (r.ranked && r.overallRank !== null) overallRanks.push(r.overallRank);
  }
  for (const ranks of groupRanks.values()) ranks.sort((a, b) => a - b);
  overallRanks.sort((a, b) => a - b);
  const out = new Map<string, Record<string, Value>>();
  for (const r of results) {
    const ranks = groupRanks.get(r.group) ?? [];
    out.set(r.unit.code, {
      score: r.published,
      // the month's 承办量 (ranking volume): what a mean weighted by volume weighs it by
      volume: r.volume,
      rank: r.rank,
      rankFromBottom: r.rank === null ? null : fromBottom(ranks, r.rank),
      groupSize: ranks.length,
      band: r.band,
      overallRank: r.overallRank,
      overallRankFromBottom: r.overallRank === null ? null : fromBottom(overallRanks, r.overallRank),
      overallSize: overallRanks.length,
    });
  }
  return out;
}

/**
 * A rank counted from the bottom: 1 + the units ranked below it. Without ties that is 参评单位数 − 名次 + 1; with ties
 * shared, units tied for last place are each 倒数第 1 (ranks 1, 2, 2 of 3: both 2nds are last), as tied first places
 * are each 第 1.
 */
function fromBottom(ranks: readonly number[], rank: number): number {
  // ranks ascending: the first index past `rank`
  let lo = 0;
  let hi = ranks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ranks[mid] as number) <= rank) lo = mid + 1;
    else hi = mid;
  }
  return ranks.length - lo + 1;
}

function sanctions(run: AssessmentRun, a: A.AssessmentDecl, results: UnitResult[]): void {
  if (a.sanctions.length === 0) return;
  const specs = specsByName(run.rubric.plan);
  const values = rankedValues(results);
  for (const r of results) {
    const u = run.byCode.get(r.unit.code) as UnitScorer;
    u.ranked = values.get(r.unit.code) ?? null;
    for (const s of a.sanctions) {
      if (u.eval(s.condition, newTrace()) !== true) continue;
      const because = measuresReadBy(run.rubric, s.condition).map((m) => ({
        measure: m,
        label: specs.get(m)?.label ?? null,
        value: u.measure(m),
      }));
      r.sanctions.push({ name: s.name, label: s.label, because });
    }
  }
}

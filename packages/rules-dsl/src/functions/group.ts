/**
 * normalize, share, group_rank, group_mean: a unit's value against its group's (the ranking's groups), from the
 * engine's `peerValues`; group_sum the group's total; overall_mean and overall_sum against every unit the assessment
 * ranks (`allValues`).
 */
import type * as A from "../ast.ts";
import { type BuiltinFunction, checkNumbers, NOT_APPLICABLE, type UnitCall, type Value } from "./define.ts";

/** The unit's own value and its group's numbers, or null when the unit's is not a number. */
function withPeers(c: UnitCall): { own: number; nums: number[] } | null {
  const inner = c.positional[0];
  if (!inner) return null;
  const values = c.peerValues(inner);
  const own = c.eval(inner);
  if (typeof own !== "number") return null;
  return { own, nums: values.filter((v): v is number => typeof v === "number") };
}

/** What every function here is: of one value, a unit's, against its group, a number. */
const ofGroup = { level: "unit", readsGroup: "group", positional: { min: 1, max: 1 }, returns: "number" } as const;

export const normalize: BuiltinFunction = {
  name: "normalize",
  readName: "组内归一化",
  params: "x",
  ...ofGroup,
  named: [],
  zh: "组内归一化 100×(x−最小)/(最大−最小)",
  check: checkNumbers,
  evaluate: (c): Value => {
    const g = withPeers(c);
    if (!g) return NOT_APPLICABLE;
    const lo = Math.min(...g.nums);
    const hi = Math.max(...g.nums);
    return hi === lo ? 100 : (100 * (g.own - lo)) / (hi - lo);
  },
};

export const share: BuiltinFunction = {
  name: "share",
  readName: "占本组合计比例",
  params: "x",
  ...ofGroup,
  named: [],
  zh: "占本组合计的比例",
  check: checkNumbers,
  evaluate: (c): Value => {
    const g = withPeers(c);
    if (!g) return NOT_APPLICABLE;
    const total = g.nums.reduce((s, x) => s + x, 0);
    return total === 0 ? 0 : g.own / total;
  },
};

/** Values the same to 9 decimal places tie: 0.1 + 0.2 and 0.3 share a rank, though not equal as binary numbers. */
const tieKey = (x: number) => Math.round(x * 1e9);

export const group_rank: BuiltinFunction = {
  name: "group_rank",
  zhName: "组内名次",
  params: "x, ascending: true",
  ...ofGroup,
  named: ["ascending"],
  readArgs: { ascending: "由低到高" },
  zh: "x 在本组的名次：最大的为第 1 名（ascending: true 时最小的为第 1 名），相同的并列（1, 2, 2, 4）",
  check: (c) => {
    for (const a of c.call.args) c.expect(a.value, c.typeOf(a.value), a.name === "ascending" ? "bool" : "number");
    return "number";
  },
  evaluate: (c): Value => {
    const g = withPeers(c);
    if (!g) return NOT_APPLICABLE;
    const ascending = c.named.get("ascending");
    const lowestFirst = ascending !== undefined && c.eval(ascending) === true;
    const own = tieKey(g.own);
    return 1 + g.nums.filter((n) => (lowestFirst ? tieKey(n) < own : tieKey(n) > own)).length;
  },
};

export const group_mean: BuiltinFunction = {
  name: "group_mean",
  zhName: "组内平均",
  params: "x",
  ...ofGroup,
  named: [],
  zh: "本组各单位 x 的平均，x 不是数值的单位不计（如无工单的单位按同组平均分计）",
  check: checkNumbers,
  evaluate: (c): Value => meanOf(c, c.peerValues, "本组"),
};

/** The mean of the numbers among the values of x the units give (`of`: a group's, or all); not applicable when none is. */
function meanOf(c: UnitCall, of: (e: A.Expr) => Value[], whose: string): Value {
  const inner = c.positional[0];
  if (!inner) return NOT_APPLICABLE;
  const nums = of(inner).filter((v): v is number => typeof v === "number");
  if (nums.length === 0) {
    c.reason(`${whose}没有单位取得这个值，无从平均`);
    return NOT_APPLICABLE;
  }
  return nums.reduce((s, x) => s + x, 0) / nums.length;
}

/**
 * The mean over every unit the assessment ranks, whatever their group or category (“低于全市平均水平”, the towns and
 * the departments ranked apart): as group_mean, over all of them.
 */
export const overall_mean: BuiltinFunction = {
  name: "overall_mean",
  zhName: "全体平均",
  params: "x",
  ...ofGroup,
  readsGroup: "all",
  named: [],
  zh: "参加本次考核的全部单位（不分组别、类别）x 的平均，x 不是数值的单位不计（如“低于全市平均水平”）",
  check: checkNumbers,
  evaluate: (c): Value => meanOf(c, c.allValues, "全部单位中"),
};

/** The sum of the numbers among the values of x the units give (a group's, or all); 0 when none is. */
function sumOf(c: UnitCall, of: (e: A.Expr) => Value[]): Value {
  const inner = c.positional[0];
  if (!inner) return NOT_APPLICABLE;
  return of(inner).reduce<number>((s, v) => (typeof v === "number" ? s + v : s), 0);
}

/** The sum over the unit's group: the group's orders pooled (组内合计(按时数) / 组内合计(工单数): the group's own rate). */
export const group_sum: BuiltinFunction = {
  name: "group_sum",
  zhName: "组内合计",
  params: "x",
  ...ofGroup,
  named: [],
  zh: "本组各单位 x 的合计，x 不是数值的单位不计（如本组的工单合计）",
  check: checkNumbers,
  evaluate: (c): Value => sumOf(c, c.peerValues),
};

/**
 * The sum over every unit the assessment ranks: the city's orders pooled (全市按时办结率 = 全体合计(按时数) /
 * 全体合计(工单数), where the mean of the units' rates weighs a unit of 3 orders as one of 300).
 */
export const overall_sum: BuiltinFunction = {
  name: "overall_sum",
  zhName: "全体合计",
  params: "x",
  ...ofGroup,
  readsGroup: "all",
  named: [],
  zh: "参加本次考核的全部单位（不分组别、类别）x 的合计（如全市工单合计，算全市的按时办结率）",
  check: checkNumbers,
  evaluate: (c): Value => sumOf(c, c.allValues),
};

/** normalize, share: a unit's value against its group's (the ranking's groups), from the engine's `peerValues`. */
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

export const normalize: BuiltinFunction = {
  name: "normalize",
  readName: "组内归一化",
  params: "x",
  level: "unit",
  positional: { min: 1, max: 1 },
  named: [],
  returns: "number",
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
  level: "unit",
  positional: { min: 1, max: 1 },
  named: [],
  returns: "number",
  zh: "占本组合计的比例",
  check: checkNumbers,
  evaluate: (c): Value => {
    const g = withPeers(c);
    if (!g) return NOT_APPLICABLE;
    const total = g.nums.reduce((s, x) => s + x, 0);
    return total === 0 ? 0 : g.own / total;
  },
};

/**
 * threshold(x, full:, target:, step:, minus:, floor:, whole:, lower:): full marks at the target, points off per step below
 * it — in proportion (half a step below costs half), or with `whole: true` by whole steps (不足一档按一档计); with
 * `lower: true` (越低越好) the target is a most, and points go off per step above it (超期率 ≤ 2% full marks, each 1%
 * above loses 2 points: a helper writing a city's rubric had to write 100% - 超期率 against 98%).
 */
import { type BuiltinFunction, type CheckCall, NOT_APPLICABLE, type UnitCall } from "./define.ts";
import { wholeUp } from "./numbers.ts";

/** A named argument's value when it is a number, else the fallback. */
function namedNumber(c: UnitCall, name: string, fallback: number): number {
  const x = c.named.get(name);
  const v = x ? c.eval(x) : fallback;
  return typeof v === "number" ? v : fallback;
}

export const threshold: BuiltinFunction = {
  name: "threshold",
  readName: "分档计分",
  readArgs: { full: "满分", target: "达标线", step: "每档", minus: "每档扣分", floor: "最低分", whole: "不足一档按一档", lower: "越低越好" },
  params: "x, full: 满分, target: 达标值, step: 档距, minus: 每档扣分, floor: 最低分, whole: 不足一档按一档（true）, lower: 越低越好（true）",
  level: "unit",
  positional: { min: 1, max: 1 },
  named: ["full", "target", "step", "minus", "floor", "whole", "lower"],
  requiredNamed: ["full", "target", "minus"],
  returns: "number",
  zh: "达标满分、每低一档扣分（越低越好的：每高一档扣分）、最低分",
  check: (c: CheckCall) => {
    // every argument a number, but `whole:` and `lower:` yes or no
    for (const a of c.call.args) c.expect(a.value, c.typeOf(a.value), a.name === "whole" || a.name === "lower" ? "bool" : "number");
    return "number";
  },
  evaluate: (c) => {
    const x = c.arg(0);
    if (x === NOT_APPLICABLE || x === null) return x;
    const full = namedNumber(c, "full", 0);
    const target = namedNumber(c, "target", 1);
    const step = namedNumber(c, "step", 0.01);
    const minus = namedNumber(c, "minus", 0);
    const floor = namedNumber(c, "floor", 0);
    const yes = (name: string) => {
      const e = c.named.get(name);
      return e !== undefined && c.eval(e) === true;
    };
    // how far short of the target: below it, or above it when lower is better
    const gap = yes("lower") ? (x as number) - target : target - (x as number);
    if (gap <= 0) return full;
    // the steps short of the target: in proportion (half a step short costs half the points), or whole steps, a part
    // of a step counted as one; never below the floor
    if (yes("whole")) return Math.max(floor, full - minus * wholeUp(gap / step));
    return Math.max(floor, full - (minus * gap) / step);
  },
};

/**
 * threshold(x, full:, target:, step:, minus:, floor:, whole:): full marks at the target, points off per step below
 * it — in proportion (half a step below costs half), or with `whole: true` by whole steps (不足一档按一档计).
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
  readArgs: { full: "满分", target: "达标线", step: "每档", minus: "每档扣分", floor: "最低分", whole: "不足一档按一档" },
  params: "x, full: 满分, target: 达标值, step: 档距, minus: 每档扣分, floor: 最低分, whole: 不足一档按一档（true）",
  level: "unit",
  positional: { min: 1, max: 1 },
  named: ["full", "target", "step", "minus", "floor", "whole"],
  requiredNamed: ["full", "target", "minus"],
  returns: "number",
  zh: "达标满分、每低一档扣分、最低分",
  check: (c: CheckCall) => {
    // every argument a number, but `whole:` yes or no
    for (const a of c.call.args) c.expect(a.value, c.typeOf(a.value), a.name === "whole" ? "bool" : "number");
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
    if ((x as number) >= target) return full;
    // the steps below the target: in proportion (half a step below costs half the points), or whole steps, a part
    // of a step counted as one; never below the floor
    const whole = c.named.get("whole");
    if (whole && c.eval(whole) === true) return Math.max(floor, full - minus * wholeUp((target - (x as number)) / step));
    return Math.max(floor, full - (minus * (target - (x as number))) / step);
  },
};

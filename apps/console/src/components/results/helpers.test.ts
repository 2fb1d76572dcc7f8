import { describe, expect, it } from "vitest";
import { describeAdjustment, mean } from "./helpers.ts";
import type { AdjustmentResult } from "./types.ts";

describe("a mean shown with the scores", () => {
  it("is rounded half-up to two decimals, as scores are published: 96.845 (a double 96.84499…) is 96.85", () => {
    expect(mean([96.85, 96.84])).toBe(96.85);
    expect(mean([96.85, null, 96.84, 96.85, 96.84])).toBe(96.85);
    expect(mean([80, 90.005])).toBe(85);
    expect(mean([null])).toBeNull();
  });
});

describe("an adjustment's points each time", () => {
  it("is rounded half-up to two decimals: 0.145 a time (0.29 over 2) is 0.15", () => {
    const a = { direction: "deduct", rule: "deduct per 抽查态度不满意", points: 0.29, count: 2 } as AdjustmentResult;
    expect(describeAdjustment(a).how).toBe("每次扣 0.15 分");
  });
});

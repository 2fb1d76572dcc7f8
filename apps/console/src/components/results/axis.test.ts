import { describe, expect, it } from "vitest";
import { rankAxis, scoreAxis, ticksOf } from "./axis.ts";

describe("the trend's axes", () => {
  it("puts the score ticks at round, even steps from below the lowest score to 100", () => {
    // the case seen on 唐山镇's page: 100, 99, 96 … 87, 85 before
    const a = scoreAxis([100, 96.2, 88.75, 91, 85.4, null, 99]);
    expect(a.max).toBe(100);
    expect(a.min).toBeLessThan(85.4);
    const ticks = ticksOf(a);
    expect(ticks.at(-1)).toBe(100);
    for (const t of ticks) expect(t % a.interval).toBe(0);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(new Set(ticks.slice(1).map((t, i) => t - (ticks[i] as number))).size).toBe(1);
  });
  it("has room under a unit that always scores full marks, and never goes below 0", () => {
    expect(ticksOf(scoreAxis([100, 100]))).toEqual([99, 100]);
    expect(ticksOf(scoreAxis([]))).toEqual([99, 100]);
    const low = scoreAxis([3, 50]);
    expect(low.min).toBe(0);
    expect(ticksOf(low)).toEqual([0, 20, 40, 60, 80, 100]);
  });
  it("gives ranks whole steps from first place, ending on a tick", () => {
    expect(ticksOf(rankAxis(7))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(ticksOf(rankAxis(31))).toEqual([1, 6, 11, 16, 21, 26, 31]);
    expect(ticksOf(rankAxis(1))).toEqual([1, 2]);
    const r = rankAxis(40);
    expect(r.max).toBeGreaterThanOrEqual(40);
    expect((r.max - 1) % r.interval).toBe(0);
  });
});

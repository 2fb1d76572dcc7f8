/**
 * A version comparison tags the units that enter or leave their group's first three (前三) and last three (后三). The
 * last three are counted below the first three: in a group of three or fewer every unit is among the first, and a
 * unit alone in its group, ranked under B only, was tagged 进入前三 and 进入后三 at once (found by a helper).
 */

import { unitDiffers } from "@kaohe/rules-engine";
import { describe, expect, it } from "vitest";
import { placeChanges } from "../src/score-views.ts";

describe("前三 / 后三 between two versions", () => {
  it("a unit alone in its group, or in a group of three, is in its first three and not its last", () => {
    // unranked under A (no score, too few orders), first of 1 under B
    expect(placeChanges(null, 1, 0, 1)).toEqual({ top3: "enter", bottom3: null });
    // last of 3 under both: no change, and never 后三
    expect(placeChanges(3, 3, 3, 3)).toEqual({ top3: null, bottom3: null });
  });

  it("the last three are the ranks below the first three: 4 of 4; 4 and 5 of 5; 5, 6 and 7 of 7", () => {
    const bottomOf = (size: number) => Array.from({ length: size }, (_, i) => i + 1).filter((rank) => placeChanges(null, rank, 0, size).bottom3 === "enter");
    expect([bottomOf(4), bottomOf(5), bottomOf(7)]).toEqual([[4], [4, 5], [5, 6, 7]]);
  });

  it("a unit that moves from 2nd to 7th of 7 leaves the first three and enters the last; back again, the other way", () => {
    expect(placeChanges(2, 7, 7, 7)).toEqual({ top3: "leave", bottom3: "enter" });
    expect(placeChanges(7, 2, 7, 7)).toEqual({ top3: "enter", bottom3: "leave" });
    // the group shrinking under B (a unit no longer ranked) moves its last three up: 4th of 7 is 4th of 6, now 后三
    expect(placeChanges(4, 4, 7, 6)).toEqual({ top3: null, bottom3: "enter" });
  });
});

describe("which units an objection's effect lists as changed", () => {
  it("a unit unranked before and after, its score the same, has not changed (it was listed: 80.00 → 80.00, 不排名 → 不排名)", () => {
    const unit = (scoreA: number | null, scoreB: number | null, rankA: number | null, rankB: number | null) => ({
      scoreA,
      scoreB,
      rankA,
      rankB,
      bandA: null,
      bandB: null,
      vetoesA: [],
      vetoesB: [],
    });
    expect(unitDiffers(unit(80, 80, null, null))).toBe(false);
    expect(unitDiffers(unit(100, 100, 2, 2))).toBe(false);
    // a score that moves, a rank that moves, a unit that joins or leaves the ranking: changed
    expect([unit(57.43, 58.57, 5, 5), unit(90, 90, 2, 3), unit(80, 80, null, 4), unit(80, null, 4, null)].map(unitDiffers)).toEqual([true, true, true, true]);
    // its band, or a veto holding under one only (a unit last already, ranked last by it): changed, its numbers the same
    expect(unitDiffers({ ...unit(90, 90, 7, 7), bandA: "合格", bandB: "不合格" })).toBe(true);
    expect(unitDiffers({ ...unit(90, 90, 7, 7), vetoesB: ["推诿扯皮查证属实，排名末位"] })).toBe(true);
  });
});

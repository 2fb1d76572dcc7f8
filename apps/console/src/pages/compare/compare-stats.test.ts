import { describe, expect, it } from "vitest";
import { compareStats } from "./index.tsx";

type Unit = Parameters<typeof compareStats>[0][number];
const unit = (code: string, a: [number | null, number | null], b: [number | null, number | null]): Unit =>
  ({
    unit: { code, name: code, category: "镇" },
    group: "镇",
    scoreA: a[0],
    scoreB: b[0],
    delta: a[0] === null || b[0] === null ? null : b[0] - a[0],
    rankA: a[1],
    rankB: b[1],
    move: a[1] === null || b[1] === null ? null : a[1] - b[1],
    items: [],
    top3: null,
    bottom3: null,
    // as the server says it (unitDiffers): the score or the rank differs
    changed: a[0] !== b[0] || a[1] !== b[1],
  }) as unknown as Unit;

describe("the comparison's summary counts every change it calls one", () => {
  it("a minimum volume written in B: units scored alike but no longer ranked are counted as such, not lost between score and place", () => {
    // T1 and T2 keep their scores; T2 drops out of the ranking, so T1 moves up from 2nd to 1st; T3 joins the ranking
    const stats = compareStats([unit("T1", [90, 2], [90, 1]), unit("T2", [95, 1], [95, null]), unit("T3", [80, null], [80, 2])]);
    expect(stats).toMatchObject({ changed: 3, scoreChanged: 0, rankChanged: 1, leftRanking: 1, joinedRanking: 1 });
  });
});

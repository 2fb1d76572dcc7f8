import { expect, test } from "vitest";
import { rankChangeWord } from "../src/rank-change.ts";

const word = (rank: number | null, previousRank: number | null, notCompared: string | null = null) =>
  rankChangeWord({ rank, previousRank, rankChange: rank !== null && previousRank !== null && !notCompared ? previousRank - rank : null, notCompared });

test("a place against last month's is said in one wording: up, down, the same", () => {
  expect(word(1, 3)).toBe("↑2");
  expect(word(4, 3)).toBe("↓1");
  // "—" is only ever the same place (a leader read it as unchanged where it meant "nothing to compare")
  expect(word(2, 2)).toBe("—");
});

test("a unit not compared, not ranked, or ranked for the first time says which in words, never —", () => {
  // a month without orders compares nothing, even where both months have a place
  expect(word(1, 1, "本月无工单")).toBe("不比较");
  expect(word(null, 2, "上月无工单")).toBe("不比较");
  expect(word(null, 2)).toBe("不排名");
  expect(word(3, null)).toBe("新列入");
});

test("without the change given (the console has only the two places), it is the places' difference", () => {
  expect(rankChangeWord({ rank: 2, previousRank: 5, rankChange: null, notCompared: null })).toBe("↑3");
});

import { shanghaiEpoch } from "@kaohe/time";
import { describe, expect, it } from "vitest";
import { endedMonthsWithoutData } from "./year-months.ts";

describe("the months a year leaves out though they are over", () => {
  it("names those after the first counted that have ended and have no data (11 月 over, its orders not imported)", () => {
    // 高青县, 2 December 2026: 8–10 月 counted, 11 月 over, 12 月 not
    expect(endedMonthsWithoutData("2026", ["2026-08", "2026-09", "2026-10"], shanghaiEpoch(2026, 12, 2, 10))).toEqual(["2026-11"]);
    // a gap inside the year is named too
    expect(endedMonthsWithoutData("2026", ["2026-08", "2026-10"], shanghaiEpoch(2026, 11, 15))).toEqual(["2026-09"]);
  });
  it("a past year up to its December; nothing counted, nothing named (the rubric's months not yet in force are not ours to name)", () => {
    expect(
      endedMonthsWithoutData(
        "2018",
        ["2018-01", "2018-02", "2018-03", "2018-04", "2018-05", "2018-06", "2018-07", "2018-08", "2018-09", "2018-10", "2018-11"],
        shanghaiEpoch(2026, 12, 2),
      ),
    ).toEqual(["2018-12"]);
    expect(endedMonthsWithoutData("2026", [], shanghaiEpoch(2026, 12, 2))).toEqual([]);
    expect(endedMonthsWithoutData("2026", ["2026-11"], shanghaiEpoch(2026, 12, 2))).toEqual([]);
  });
});

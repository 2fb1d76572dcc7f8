import { shanghaiEpoch } from "@kaohe/time";
import { describe, expect, it } from "vitest";
import { monthsInWords } from "../../lib/format.ts";
import { endedMonthsWithoutData } from "./year-months.ts";

describe("the months a year leaves out though they are over", () => {
  it("names those that have ended and have no data (11 月 over, its orders not imported)", () => {
    // 高青县, 2 December 2026, a rubric in force from August: 8–10 月 counted, 11 月 over, 12 月 not
    const fromAugust = ["2026-08", "2026-09", "2026-10", "2026-11", "2026-12"];
    expect(endedMonthsWithoutData("2026", ["2026-08", "2026-09", "2026-10"], fromAugust, shanghaiEpoch(2026, 12, 2, 10))).toEqual(["2026-11"]);
    // a gap inside the year is named too
    expect(endedMonthsWithoutData("2026", ["2026-08", "2026-10"], fromAugust, shanghaiEpoch(2026, 11, 15))).toEqual(["2026-09"]);
  });
  it("names the months before the data begins as well as those after it ends, when the rubric is in force in them", () => {
    // 临朐县, a rubric in force all 2019 (no part-of-year months), orders of March and April only: January and
    // February come before the data, May to December after it, all ended and none counted
    const missing = endedMonthsWithoutData("2019", ["2019-03", "2019-04"], null, shanghaiEpoch(2026, 1, 10));
    expect(missing).toEqual(["2019-01", "2019-02", "2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10", "2019-11", "2019-12"]);
    expect(`${monthsInWords(missing)}已结束，但没有工单数据，未计入年终成绩`).toBe("2019年1月至2月、5月至12月已结束，但没有工单数据，未计入年终成绩");
    // in force from March: January and February are the rubric's to leave out (not in force), not named
    const fromMarch = ["2019-03", "2019-04", "2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10", "2019-11", "2019-12"];
    expect(endedMonthsWithoutData("2019", ["2019-03", "2019-04"], fromMarch, shanghaiEpoch(2019, 6, 10))).toEqual(["2019-05"]);
  });
  it("a past year up to its December; nothing counted, nothing named (the year's own notice says it counts no month)", () => {
    expect(
      endedMonthsWithoutData(
        "2018",
        ["2018-01", "2018-02", "2018-03", "2018-04", "2018-05", "2018-06", "2018-07", "2018-08", "2018-09", "2018-10", "2018-11"],
        null,
        shanghaiEpoch(2026, 12, 2),
      ),
    ).toEqual(["2018-12"]);
    expect(endedMonthsWithoutData("2026", [], null, shanghaiEpoch(2026, 12, 2))).toEqual([]);
    expect(endedMonthsWithoutData("2026", ["2026-11"], ["2026-11", "2026-12"], shanghaiEpoch(2026, 12, 2))).toEqual([]);
  });
});

describe("months in words", () => {
  it("says months in a row as one span, and a year once for its months", () => {
    expect(monthsInWords([])).toBe("无");
    expect(monthsInWords(["2019-03"])).toBe("2019年3月");
    expect(monthsInWords(["2017-09", "2017-10", "2017-11", "2017-12"])).toBe("2017年9月至12月");
    expect(monthsInWords(["2018-01", "2018-03"])).toBe("2018年1月、3月");
    expect(monthsInWords(["2018-01", "2018-03", "2018-04"])).toBe("2018年1月、3月至4月");
    expect(monthsInWords(["2018-11", "2018-12", "2019-01", "2019-03"])).toBe("2018年11月至2019年1月、3月");
  });
});

import { describe, expect, it } from "vitest";
import { monthsInForce, monthsOpenToUnits, monthsPublished, pickerSteps, stepsWithin, yearsOf } from "./month-steps.ts";

const v = (status: string, effectiveFrom: string, effectiveUntil: string | null = null) => ({ status, effectiveFrom, effectiveUntil });

describe("the months a unit's page steps through", () => {
  it("a unit user: the months opened to the units or published, oldest first; a month never opened is stepped over", () => {
    const cycles = [
      { period: "2018-11", stage: "preview" },
      { period: "2018-10", stage: "published" },
      { period: "2018-08", stage: "notice" },
    ];
    const months = monthsOpenToUnits(cycles);
    expect(months).toEqual(["2018-08", "2018-10", "2018-11"]);
    // from the latest opened: back over September, which the center never opened; nothing after
    expect(stepsWithin(months, "2018-11")).toEqual({ prev: "2018-10", next: null });
    expect(stepsWithin(months, "2018-10")).toEqual({ prev: "2018-08", next: "2018-11" });
    expect(stepsWithin(months, "2018-08")).toEqual({ prev: null, next: "2018-10" });
    // a month not among them (typed into the address): the nearest on either side
    expect(stepsWithin(months, "2018-09")).toEqual({ prev: "2018-08", next: "2018-10" });
    expect(stepsWithin([], "2018-09")).toEqual({ prev: null, next: null });
  });

  it("the center: the months a published version is in force, up to the latest month with data", () => {
    expect(monthsInForce([v("published", "2017-09"), v("draft", "2017-01")], "2017-12")).toEqual(["2017-09", "2017-10", "2017-11", "2017-12"]);
    // a withdrawn version, or one in force until a month, leaves the months no published version covers
    expect(monthsInForce([v("published", "2017-09", "2017-10"), v("withdrawn", "2017-11"), v("published", "2018-01")], "2018-02")).toEqual([
      "2017-09",
      "2017-10",
      "2018-01",
      "2018-02",
    ]);
    // no published version, or data only before the first: none
    expect(monthsInForce([v("draft", "2017-09")], "2018-02")).toEqual([]);
    expect(monthsInForce([v("published", "2018-03")], "2018-02")).toEqual([]);
  });

  it("a unit user's ranking: the published months alone (a month opened but not published is stepped over)", () => {
    const published = { id: 1 };
    const cycles = [
      { period: "2018-11", stage: "preview", publication: null },
      { period: "2018-10", stage: "published", publication: published },
      { period: "2018-09", stage: "preview", publication: published },
      { period: "2018-08", stage: "notice", publication: null },
    ];
    const months = monthsPublished(cycles);
    expect(months).toEqual(["2018-09", "2018-10"]);
    expect(stepsWithin(months, "2018-10")).toEqual({ prev: "2018-09", next: null });
  });

  it("the years: those the months fall in, stepped through alike", () => {
    const years = yearsOf(["2016-12", "2018-01", "2018-03", "bad"]);
    expect(years).toEqual(["2016", "2018"]);
    expect(stepsWithin(years, "2018")).toEqual({ prev: "2016", next: null });
    expect(stepsWithin(years, "2016")).toEqual({ prev: null, next: "2018" });
  });
});

describe("what the arrows say", () => {
  it("the period next to it, one skipped over, at an end why not, while read that they wait", () => {
    expect(pickerSteps("2018", true, ["2016", "2017", "2018"], "年")).toEqual({
      prev: "2017",
      next: null,
      prevTip: { tip: "上一年（2017年度）", label: "上一年（2017年度）" },
      nextTip: { tip: "没有更晚的可查看年度", label: "下一年（没有更晚的可查看年度）" },
    });
    const skip = pickerSteps("2018-03", true, ["2018-01", "2018-03"], "月");
    expect([skip.prev, skip.prevTip.tip, skip.next, skip.nextTip.label]).toEqual([
      "2018-01",
      "上一个可查看的月份（2018年1月）",
      null,
      "下一月（没有更晚的可查看月份）",
    ]);
    const reading = pickerSteps("2018", true, null, "年");
    expect([reading.prev, reading.next, reading.prevTip.tip]).toEqual([null, null, "正在读取可查看的年度"]);
    // the periods could not be read: a step at a time, as before
    const unknown = pickerSteps("2018", true, undefined, "年");
    expect([unknown.prev, unknown.next, unknown.nextTip.tip]).toEqual(["2017", "2019", "下一年（2019年度）"]);
  });
});

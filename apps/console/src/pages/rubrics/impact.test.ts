import { describe, expect, it } from "vitest";
import { type Impact, impactSummary, monthsText } from "./impact.ts";

const month = (m: string, changedUnits: number, published = false) => ({
  month: m,
  replaces: { id: 1, name: "办法", version: "2017" },
  changedUnits,
  units: 40,
  published: published ? { at: "2018-11-05T02:00:00.000Z", by: "考核办" } : null,
});

describe("the publish dialog's words", () => {
  it("lists months compactly, the year written once", () => {
    expect(monthsText(["2017-11", "2017-12", "2018-01", "2018-03"])).toBe("2017年11月、12月、2018年1月、3月");
  });
  it("names the months that change, the published ones among them, and the years whose results change (not those of its months)", () => {
    const impact: Impact = {
      id: 5,
      from: "2017-12",
      until: null,
      latestMonth: "2018-02",
      months: [month("2017-12", 3, true), month("2018-01", 0, true), month("2018-02", 12)],
      // 2017's year-end result changes with its December; 2018's months change, its year (scored otherwise) does not
      years: [
        { year: "2017", changedUnits: 40, units: 40, published: { at: "2018-01-20T02:00:00.000Z", by: "考核办" } },
        { year: "2018", changedUnits: 0, units: 40, published: null },
      ],
      keptByLater: [],
      unscoredEvents: [],
    };
    expect(impactSummary(impact)).toEqual({
      changed: ["2017-12", "2018-02"],
      publishedChanged: ["2017-12"],
      unchanged: ["2018-01"],
      years: ["2017"],
      publishedYears: ["2017"],
    });
  });
});

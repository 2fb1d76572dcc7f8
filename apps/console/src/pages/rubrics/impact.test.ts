import { describe, expect, it } from "vitest";
import { draftishVersion, fewerMonthsNotes, firstMonthWithoutData, type Impact, impactSummary, impactWords, monthsText } from "./impact.ts";

const month = (m: string, changedUnits: number, published = false, hasData = true, openToUnits = false) => ({
  month: m,
  replaces: { id: 1, name: "办法", version: "2017" } as { id: number; name: string; version: string } | null,
  changedUnits,
  units: 40,
  hasData,
  published: published ? { at: "2018-11-05T02:00:00.000Z", by: "考核办" } : null,
  openToUnits,
});

/** The dialog's summary as read: the count in bold written plainly. */
const said = (impact: Impact) => {
  const w = impactWords(impact);
  return `${w.scope}${w.before}${w.count === null ? "" : ` ${w.count} `}${w.after}`;
};
const impactOf = (months: ReturnType<typeof month>[], years: Impact["years"] = []): Impact => ({
  id: 5,
  from: months[0]?.month ?? "2017-09",
  until: null,
  latestMonth: months.at(-1)?.month ?? null,
  months,
  years,
  keptByLater: [],
  unscoredEvents: [],
});

describe("the months and years open to the units", () => {
  it("are named when the draft changes them (their objections and explanations are on the scores as they stand), not when it does not", () => {
    // 2018-10 published, 2018-11 in preview and changed, 2018-12 in preview unchanged; the year open and changed
    const impact = impactOf(
      [month("2018-10", 5, true), month("2018-11", 39, false, true, true), month("2018-12", 0, false, true, true)],
      [{ year: "2018", changedUnits: 40, units: 40, published: null, openToUnits: true, months: [], monthsBefore: null }],
    );
    expect(impactSummary(impact).openChanged).toEqual(["2018-11", "2018"]);
    expect(impactSummary(impactOf([month("2018-11", 39)])).openChanged).toEqual([]);
  });
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
        {
          year: "2017",
          changedUnits: 40,
          units: 40,
          published: { at: "2018-01-20T02:00:00.000Z", by: "考核办" },
          openToUnits: false,
          months: [],
          monthsBefore: null,
        },
        { year: "2018", changedUnits: 0, units: 40, published: null, openToUnits: false, months: [], monthsBefore: null },
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
      openChanged: [],
    });
  });

  it("counts the months with orders as such: a new county's store of one month's data is not told of 15 months with data that all change", async () => {
    const empty = [
      "2017-09",
      "2017-10",
      "2017-11",
      "2017-12",
      "2018-01",
      "2018-02",
      "2018-03",
      "2018-04",
      "2018-05",
      "2018-06",
      "2018-07",
      "2018-08",
      "2018-09",
      "2018-10",
    ];
    const months = [...empty.map((m) => ({ ...month(m, 3, false, false), replaces: null })), { ...month("2018-11", 3), replaces: null }];
    expect(said(impactOf(months, [{ year: "2018", changedUnits: 3, units: 3, published: null, openToUnits: false, months: [], monthsBefore: null }]))).toBe(
      "此版本将用于 2017年9月 至 2018年11月 的 15 个月（其中 1 个月有工单；目前没有施行中的版本）。" +
        "有数据的月份中 1 个月的得分或名次会改变：2018年11月；没有工单（无数据）的 14 个月（2017年9月 至 2018年10月）现在没有得分，发布后各单位都按无数据计分；2018年度的年终成绩也会改变。",
    );
    // replacing a version: a month without data changes only if its scores do
    expect(said(impactOf([month("2018-09", 0, false, false), month("2018-10", 12), month("2018-11", 0)]))).toBe(
      "此版本将用于 2018年9月 至 2018年11月 的 3 个月（其中 2 个月有工单），取代现施行的版本。有数据的月份中 1 个月的得分或名次会改变：2018年10月。",
    );
    expect(said(impactOf([month("2018-09", 40, false, false), month("2018-10", 0)]))).toBe(
      "此版本将用于 2018年9月 至 2018年10月 的 2 个月（其中 1 个月有工单），取代现施行的版本。" +
        "按现有数据，有工单的月份的得分与名次都不变；没有工单（无数据）的 1 个月（2018年9月）各单位按无数据计分，得分或名次会改变。",
    );
    // every month with data: as before
    expect(
      said(
        impactOf(
          [month("2018-10", 12), month("2018-11", 0)],
          [{ year: "2018", changedUnits: 40, units: 40, published: null, openToUnits: false, months: [], monthsBefore: null }],
        ),
      ),
    ).toBe(
      "此版本将用于 2018年10月 至 2018年11月 的 2 个有数据的月份，取代现施行的版本。其中 1 个月的得分或名次会改变：2018年10月；2018年度的年终成绩也会改变。",
    );
    expect(
      said(
        impactOf([month("2018-10", 0)], [{ year: "2018", changedUnits: 40, units: 40, published: null, openToUnits: false, months: [], monthsBefore: null }]),
      ),
    ).toBe("此版本将用于 2018年10月 的 1 个有数据的月份，取代现施行的版本。按现有数据，这些月份的得分与名次都不变，但2018年度的年终成绩会改变。");
  });

  it("names a year whose year-end would count fewer months than now, with the months before and after", () => {
    const year = (months: string[], monthsBefore: string[] | null) => ({
      year: "2018",
      changedUnits: 40,
      units: 40,
      published: null,
      openToUnits: false,
      months,
      monthsBefore,
    });
    const all = ["2018-01", "2018-02", "2018-03", "2018-04", "2018-05", "2018-06", "2018-07", "2018-08", "2018-09", "2018-10", "2018-11", "2018-12"];
    expect(fewerMonthsNotes(impactOf([month("2018-12", 40)], [year(["2018-12"], all)]))).toEqual([
      "2018年度的年终成绩将只计此版本施行的 2018年12月（1 个月）的月度得分，现施行的版本计入 2018年1月 至 2018年12月（12 个月）：其余 11 个月不再计入年终成绩",
    ]);
    // none of its months counts under the version: said so, not "只计 没有一个月"
    expect(fewerMonthsNotes(impactOf([month("2018-12", 40)], [year([], all)]))).toEqual([
      "2018年度此版本施行期间没有可计入年终成绩的月份，现施行的版本计入 2018年1月 至 2018年12月（12 个月）",
    ]);
    // as many months, or none in force before: nothing to say
    expect(fewerMonthsNotes(impactOf([month("2018-12", 40)], [year(all, all), year(["2018-12"], null)]))).toEqual([]);
  });

  it("tells a version still named as a copy (2019-草稿1) from a final one", () => {
    expect(["2019-草稿1", "2019草稿", "草稿"].map(draftishVersion)).toEqual([true, true, true]);
    expect(["2019", "2018-修订", "2019-试行"].map(draftishVersion)).toEqual([false, false, false]);
  });
});

describe("the first month in force", () => {
  it("is said to hold no data when no month from it has any (2019-01 not yet imported), or when it has none itself", () => {
    // the data ends in 2018-12: the draft from 2019-01 takes over no month with data
    expect(firstMonthWithoutData({ ...impactOf([]), from: "2019-01", latestMonth: "2018-12" })).toBe(true);
    expect(firstMonthWithoutData({ ...impactOf([]), from: "2019-01", latestMonth: null })).toBe(true);
    // its events imported, its orders not: no data, by the ranking's rule
    expect(firstMonthWithoutData(impactOf([month("2019-01", 0, false, false), month("2019-02", 3)]))).toBe(true);
    expect(firstMonthWithoutData(impactOf([month("2019-01", 3), month("2019-02", 3)]))).toBe(false);
    // not computed yet, or kept by a version starting later: not said either way
    expect(firstMonthWithoutData(undefined)).toBeNull();
    expect(firstMonthWithoutData({ ...impactOf([month("2019-02", 3)]), from: "2019-01" })).toBeNull();
  });
});

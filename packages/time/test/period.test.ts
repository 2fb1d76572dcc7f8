import { describe, expect, test } from "vitest";
import { addMonths, formatMonth, isDay, isMonth, isYear, parseMonth, periodLabel, shanghaiDayStart, shanghaiEpoch, shanghaiMonth } from "../src/index.ts";

describe("periods", () => {
  test("a month is YYYY-MM with a month 01–12; a year is YYYY", () => {
    expect(["2017-10", "2018-01", "2018-12"].map(isMonth)).toEqual([true, true, true]);
    expect(["2017-13", "2017-00", "2017-1", "17-10", "2017-10-01", " 2017-10", "2017"].map(isMonth)).toEqual(Array(7).fill(false));
    expect(["2017", "0001"].map(isYear)).toEqual([true, true]);
    expect(["201", "2017-10", "２０１７", "2017 "].map(isYear)).toEqual([false, false, false, false]);
  });

  test("a day must exist", () => {
    expect(isDay("2016-02-29")).toBe(true);
    expect(isDay("2017-02-29")).toBe(false);
    expect(isDay("2017-04-31")).toBe(false);
    expect(isDay("2017-4-3")).toBe(false);
  });

  test("months are taken apart, counted and written back", () => {
    expect(parseMonth("2017-10")).toEqual({ year: 2017, month: 10 });
    expect(() => parseMonth("2017-13")).toThrow(RangeError);
    expect(formatMonth(2017, 13)).toBe("2018-01");
    expect(formatMonth(2018, 0)).toBe("2017-12");
    expect(addMonths("2017-11", 2)).toBe("2018-01");
    expect(addMonths("2018-01", -1)).toBe("2017-12");
    expect(periodLabel("2018-03")).toBe("2018年3月");
    expect(periodLabel("2017")).toBe("2017年度");
  });

  test("an assessment's window reads as people say it: a quarter, a half year, months to date, a range of days", () => {
    expect(periodLabel("2018-Q3")).toBe("2018年第3季度");
    expect(periodLabel("2018-H1")).toBe("2018年上半年");
    expect(periodLabel("2018-H2")).toBe("2018年下半年");
    expect(periodLabel("2018-01..2018-08")).toBe("2018年1月至8月");
    expect(periodLabel("2018-11..2019-02")).toBe("2018年11月至2019年2月");
    expect(periodLabel("2018-11-15..2019-03-15")).toBe("2018年11月15日至2019年3月15日");
    // not a period: left as written
    expect(periodLabel("2018-H3")).toBe("2018-H3");
    expect(periodLabel("下季度")).toBe("下季度");
  });
});

describe("Beijing time", () => {
  test("a moment's month is Beijing's: 2017-10-31 16:00 UTC is already November in Beijing", () => {
    expect(shanghaiMonth(Date.parse("2017-10-31T15:59:59.999Z"))).toBe("2017-10");
    expect(shanghaiMonth(Date.parse("2017-10-31T16:00:00Z"))).toBe("2017-11");
  });

  test("a day starts at Beijing midnight, and days after it run over month ends", () => {
    expect(shanghaiDayStart("2018-11-30")).toBe(Date.parse("2018-11-30T00:00:00+08:00"));
    expect(shanghaiDayStart("2018-11-30", 1)).toBe(Date.parse("2018-12-01T00:00:00+08:00"));
    expect(shanghaiDayStart("2018-12-31", 1)).toBe(shanghaiEpoch(2019, 1, 1));
  });
});

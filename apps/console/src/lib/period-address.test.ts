import { PERIOD_YEARS, shanghaiEpoch } from "@kaohe/time";
import { describe, expect, it } from "vitest";
import { echoed, notBegunExportReason, periodNotBegun, validMonth, validPeriod, validYear } from "./period-address.ts";

describe("a period in an address", () => {
  it("is one the server answers for: the shape and a year it takes (0000-01 is no month, as 2018-13 is not)", () => {
    expect([validMonth("2018-11"), validMonth("2018-13"), validMonth("0000-01"), validMonth("2101-01"), validMonth("1989-12")]).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect([validMonth("1990-01"), validMonth("2100-12")]).toEqual([true, true]);
    expect([validYear("2018"), validYear("0000"), validYear("99999"), validYear("1990"), validYear("2100"), validYear("2101")]).toEqual([
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
    expect([validPeriod("2018"), validPeriod("2018-11"), validPeriod("0000"), validPeriod("0000-01"), validPeriod("2018-11-01")]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    // the bounds are the API's (packages/api yearOutOfRange reads the same constant)
    expect(PERIOD_YEARS).toEqual({ first: 1990, last: 2100 });
  });

  it("is said back cut to 40 characters and …, as the server cuts its echoes (3,000 ran off the page)", () => {
    expect(echoed("2018-13")).toBe("2018-13");
    expect(echoed("A".repeat(40))).toBe("A".repeat(40));
    expect(echoed("A".repeat(3000))).toBe(`${"A".repeat(40)}…`);
    // by characters: a character outside the BMP is not cut in half
    expect(echoed("𠀀".repeat(41))).toBe(`${"𠀀".repeat(40)}…`);
  });
});

describe("a period not begun", () => {
  // 2018-11-20 10:00 Beijing time
  const now = shanghaiEpoch(2018, 11, 20, 10);

  it("by its result's window where it is known: a month from the 26th has begun on 26 October, not on 1 November", () => {
    const from26 = { window: { start: shanghaiEpoch(2018, 11, 26) } };
    expect(periodNotBegun("2018-12", from26, now)).toBe(true);
    expect(periodNotBegun("2018-12", from26, shanghaiEpoch(2018, 11, 26))).toBe(false);
    expect(periodNotBegun("2018-11", { window: { start: shanghaiEpoch(2018, 11, 1) } }, now)).toBe(false);
  });

  it("without a result (a unit user, the review page), by the calendar in Beijing time", () => {
    expect(periodNotBegun("2099-01", undefined, now)).toBe(true);
    expect(periodNotBegun("2099", undefined, now)).toBe(true);
    expect(periodNotBegun("2018-11", undefined, now)).toBe(false);
    expect(periodNotBegun("2018", undefined, now)).toBe(false);
    // December begins at 00:00 on 1 December Beijing time, 16:00 the day before in UTC
    expect(periodNotBegun("2018-12", undefined, Date.UTC(2018, 10, 30, 15, 59))).toBe(true);
    expect(periodNotBegun("2018-12", undefined, Date.UTC(2018, 10, 30, 16, 0))).toBe(false);
    // an address naming no period is BadPeriod's to say, not this
    expect(periodNotBegun("0000-01", undefined, now)).toBe(false);
  });

  it("its reports are not offered, in the words the server refuses them with", () => {
    expect(notBegunExportReason("2099-01")).toBe("2099年1月尚未开始：还没有开始的考核期没有考核结果，不能导出报表");
    expect(notBegunExportReason("2099")).toBe("2099年度尚未开始：还没有开始的考核期没有考核结果，不能导出报表");
  });
});

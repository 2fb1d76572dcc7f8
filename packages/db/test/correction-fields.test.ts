import { describe, expect, it } from "vitest";
import { describeValue } from "../src/correction-fields.ts";

describe("a corrected value as a person reads it", () => {
  it("an extension to a day's end is the day alone, as a deadline written as a date is read; times to the minute", () => {
    // what a unit's “延期至 12 月 15 日” is stored as: the end of the 15th (it read “2018-12-15 00:00:00”, the start)
    expect(describeValue("orders", "extendedTo", Date.parse("2018-12-15T23:59:59.999+08:00"))).toBe("2018-12-15");
    expect(describeValue("orders", "extendedTo", Date.parse("2018-12-15T17:30:00+08:00"))).toBe("2018-12-15 17:30");
    expect(describeValue("orders", "closedAt", Date.parse("2018-12-15T10:05:00+08:00"))).toBe("2018-12-15 10:05");
    expect(describeValue("orders", "extendedTo", null)).toBe("空");
    // seconds when there are any: a correction to 17:30:00 of an order imported at 17:30:20 read “17:30 → 17:30”
    expect(describeValue("orders", "closedAt", Date.parse("2018-12-15T17:30:20+08:00"))).toBe("2018-12-15 17:30:20");
    expect(describeValue("orders", "extendedTo", Date.parse("2018-12-15T17:30:20+08:00"))).toBe("2018-12-15 17:30:20");
  });

  it("a yes or no as 是 or 否, a count as its number (the console shows corrections by this one reading too)", () => {
    expect(describeValue("orders", "delayExcused", true)).toBe("是");
    expect(describeValue("orders", "returned", false)).toBe("否");
    expect(describeValue("events", "count", 0)).toBe("0");
    expect(describeValue("orders", "resultSatisfaction", "基本满意")).toBe("基本满意");
  });
});

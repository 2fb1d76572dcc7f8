/** How times are written for people: a deadline's midnight is the day's start, not the date alone that means its end. */
import { describe, expect, it } from "vitest";
import { formatShanghai, shanghaiEpoch } from "../src/shanghai.ts";

describe("formatShanghai", () => {
  const endOfDay = shanghaiEpoch(2018, 12, 11) - 1;
  const midnight = shanghaiEpoch(2018, 12, 10);
  const afternoon = midnight + (15 * 60 + 30) * 60_000;

  it("a deadline: the date alone at the end of its day, with its time otherwise, midnight included", () => {
    expect(formatShanghai(endOfDay, "deadline")).toBe("2018-12-10");
    expect(formatShanghai(midnight, "deadline")).toBe("2018-12-10 00:00");
    expect(formatShanghai(afternoon, "deadline")).toBe("2018-12-10 15:30");
  });

  it("a moment: the date alone at midnight (a day's start), else to the minute", () => {
    expect(formatShanghai(midnight, "moment")).toBe("2018-12-10");
    expect(formatShanghai(endOfDay, "moment")).toBe("2018-12-10 23:59");
    expect(formatShanghai(afternoon, "minute")).toBe("2018-12-10 15:30");
  });
});

describe("formatShanghai's time of day", () => {
  it("is Beijing's, to the second or the minute (when a write under way began; until when an account is locked)", () => {
    // 01:49:25 UTC is 09:49:25 in Beijing
    const at = Date.UTC(2026, 11, 6, 1, 49, 25);
    expect(formatShanghai(at, "time")).toBe("09:49:25");
    expect(formatShanghai(at, "time-minute")).toBe("09:49");
    // past midnight in Beijing, the day before in UTC
    expect(formatShanghai(Date.UTC(2026, 11, 5, 16, 5, 0), "time")).toBe("00:05:00");
  });
});

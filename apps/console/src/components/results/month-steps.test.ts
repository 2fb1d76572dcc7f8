import { describe, expect, it } from "vitest";
import { monthsInForce, monthsOpenToUnits, stepsWithin } from "./month-steps.ts";

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
});

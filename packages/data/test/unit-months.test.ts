import { expect, test } from "vitest";
import { assessedMonthsText, outsideAssessedMonths, partOfYearText } from "../src/unit-months.ts";

const setUp = { fromMonth: "2018-03", untilMonth: null };
const abolished = { fromMonth: null, untilMonth: "2018-10" };
const always = { fromMonth: null, untilMonth: null };

test("the months a unit is assessed in, in words", () => {
  expect([setUp, abolished, { fromMonth: "2018-03", untilMonth: "2018-10" }, always].map(assessedMonthsText)).toEqual([
    "2018-03 起参加考核",
    "参加考核至 2018-10",
    "2018-03 至 2018-10 参加考核",
    null,
  ]);
});

test("a month or a year the unit is assessed in no month of", () => {
  expect([outsideAssessedMonths(setUp, "2018-02"), outsideAssessedMonths(setUp, "2018-03"), outsideAssessedMonths(setUp, "2017")]).toEqual([true, false, true]);
  expect([outsideAssessedMonths(abolished, "2018-11"), outsideAssessedMonths(abolished, "2018"), outsideAssessedMonths(abolished, "2019")]).toEqual([
    true,
    false,
    true,
  ]);
  expect(outsideAssessedMonths(always, "2030-01")).toBe(false);
});

test("a year the unit is assessed in part of (its year is the mean of those months)", () => {
  expect(partOfYearText(setUp, "2018")).toBe("2018-03 起参加考核");
  // a whole year, or none of it: nothing to say
  expect(partOfYearText(setUp, "2019")).toBeNull();
  expect(partOfYearText(setUp, "2017")).toBeNull();
  expect(partOfYearText({ fromMonth: "2018-01", untilMonth: "2018-12" }, "2018")).toBeNull();
  expect(partOfYearText(abolished, "2018")).toBe("参加考核至 2018-10");
});

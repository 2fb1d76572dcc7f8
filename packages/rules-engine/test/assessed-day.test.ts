/**
 * `assessed at day 5 of next month` (考核截至次月 5 日), as regulations say 数据统计截至次月5日: the assessment time is
 * the end (24:00, Beijing time) of the 5th of the calendar month after the one the window's last day falls in. Each
 * time below is worked out by hand from the window.
 */
import { describe, expect, test } from "vitest";
import { asOfText, compileRubric, periodWindow, scoreMonth, scoreYear } from "../src/index.ts";
import { data, order } from "./fixtures.ts";

const rubric = (assessedAt: string, window = "month") =>
  compileRubric(`rubric "考核时点" version "t" example
  in force from 2017-01

category 镇

${assessedAt}

orders {
  field 按时答复 "考核时点前办结" = 办结时间 is not missing and 办结时间 <= 考核时点
}
population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单
measure 按时答复数 = count 工单 where 按时答复

monthly 月度 {
  window ${window}
  item 答复 100 points = 按时答复数
}

yearly 年度 {
  item 答复 100 points = 按时答复数
}

ranking {
  monthly 月度
  yearly 年度
  volume 工单数
}
`);

const asOfOf = (assessedAt: string, period: string, window = "month") => asOfText(periodWindow(rubric(assessedAt, window), period).asOf);

describe("the assessment time of `assessed at day N of next month`", () => {
  test("a calendar month: the 5th of the next month, 24:00", () => {
    // October 2017 is 10-01 00:00 to 11-01 00:00; its last day 10-31 is in October: November 5th, 24:00
    expect(asOfOf("assessed at day 5 of next month", "2017-10")).toBe("2017-11-05 24:00");
    // December's next month is January of the next year
    expect(asOfOf("assessed at day 5 of next month", "2017-12")).toBe("2018-01-05 24:00");
    // the Chinese spelling, written joined, and another day: the same statement
    expect(asOfOf("考核截至次月10日", "2017-10")).toBe("2017-11-10 24:00");
    // a day February has (28) in January's next month
    expect(asOfOf("assessed at day 28 of next month", "2018-01")).toBe("2018-02-28 24:00");
  });

  test("a month from the 26th to the 25th: the month after the one it is named for", () => {
    // November 2017 from day 26 is 10-26 00:00 to 11-26 00:00; its last day 11-25 is in November: December 5th
    expect(asOfOf("assessed at day 5 of next month", "2017-11", "month from day 26")).toBe("2017-12-05 24:00");
    // cut at noon (10-26 12:00 to 11-26 12:00): still November's, the time of day does not move the day
    expect(asOfOf("assessed at day 5 of next month", "2017-11", "month from day 26 at 12:00")).toBe("2017-12-05 24:00");
    // a calendar month cut at noon (11-01 12:00 to 12-01 12:00) is November's too, not December's
    expect(asOfOf("assessed at day 5 of next month", "2017-11", "month at 12:00")).toBe("2017-12-05 24:00");
  });

  test("a quarter and a year: the month after the last month", () => {
    // the third quarter (scored in August) ends with September: October 5th
    expect(asOfOf("assessed at day 5 of next month", "2017-08", "quarter")).toBe("2017-10-05 24:00");
    // the year 2017 ends with December: 2018-01-05
    expect(asOfOf("assessed at day 5 of next month", "2017")).toBe("2018-01-05 24:00");
  });

  test("the two other forms are as they were", () => {
    expect(asOfOf("assessed at end of period", "2017-10")).toBe("2017-10-31 24:00");
    expect(asOfOf("assessed at end of next month", "2017-10")).toBe("2017-11-30 24:00");
  });
});

describe("scoring as of the 5th of next month", () => {
  // Three October orders of 索镇, each counted (1 point) if closed by the assessment time:
  // - closed 2017-10-15: before any of the times;
  // - closed 2017-11-04 18:00: before 2017-11-05 24:00, so it counts as of the 5th (数据统计截至次月5日: recorded by then);
  // - closed 2017-11-06 09:00: after 2017-11-05 24:00, so it does not (it would at the end of November).
  const orders = () => [
    order("T1", { receivedAt: "2017-10-10 09:00", closedAt: "2017-10-15 10:00" }),
    order("T1", { receivedAt: "2017-10-20 09:00", dueAt: "2017-11-10 23:59", closedAt: "2017-11-04 18:00" }),
    order("T1", { receivedAt: "2017-10-25 09:00", dueAt: "2017-11-10 23:59", closedAt: "2017-11-06 09:00" }),
  ];
  const scoreOf = async (assessedAt: string) => {
    const r = await scoreMonth(rubric(assessedAt), data(orders()), "2017-10");
    return { asOf: asOfText(r.asOf), score: r.units.find((u) => u.unit.code === "T1")?.score };
  };

  test("closed on the 4th counts, on the 6th does not", async () => {
    expect(await scoreOf("assessed at day 5 of next month")).toEqual({ asOf: "2017-11-05 24:00", score: 2 });
    expect(await scoreOf("考核截至次月 5 日")).toEqual({ asOf: "2017-11-05 24:00", score: 2 });
    // beside the other two: only the first as of October's end, all three as of November's
    expect(await scoreOf("assessed at end of period")).toEqual({ asOf: "2017-10-31 24:00", score: 1 });
    expect(await scoreOf("assessed at end of next month")).toEqual({ asOf: "2017-11-30 24:00", score: 3 });
  });

  test("the year is assessed at the 5th of January", async () => {
    const r = await scoreYear(rubric("assessed at day 5 of next month"), data(orders()), 2017);
    expect(asOfText(r.asOf)).toBe("2018-01-05 24:00");
  });
});

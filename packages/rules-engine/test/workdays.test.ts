/**
 * Working days: workdays() and add_workdays() against a holiday calendar that
 * is this test's data (the State Council's 2017 and 2018 holiday notices as
 * the center would import them), with every expected number worked out by
 * hand in the comments.
 */
import type { CalendarDay } from "@kaohe/data";
import { describe, expect, test } from "vitest";
import { compileRubric, dayOf, InMemoryMeasureSource, ScoringError, scoreMonth, WorkCalendar } from "../src/index.ts";
import { order, t, units } from "./fixtures.ts";

const rows = (type: "休" | "班", note: string, ...dates: string[]): CalendarDay[] => dates.map((d) => ({ date: t(d), type, note }));

/** 国办发明电〔2016〕14号 (2017) and 〔2017〕12号 (2018), as rows: 休 = a day off, 班 = a weekend worked (调休). */
export const calendar2017: CalendarDay[] = [
  ...rows("休", "元旦", "2017-01-01", "2017-01-02"),
  ...rows("休", "春节", "2017-01-27", "2017-01-28", "2017-01-29", "2017-01-30", "2017-01-31", "2017-02-01", "2017-02-02"),
  ...rows("班", "春节调休", "2017-01-22", "2017-02-04"),
  ...rows("休", "清明节", "2017-04-02", "2017-04-03", "2017-04-04"),
  ...rows("班", "清明节调休", "2017-04-01"),
  ...rows("休", "劳动节", "2017-04-29", "2017-04-30", "2017-05-01"),
  ...rows("休", "端午节", "2017-05-28", "2017-05-29", "2017-05-30"),
  ...rows("班", "端午节调休", "2017-05-27"),
  ...rows("休", "国庆节、中秋节", "2017-10-01", "2017-10-02", "2017-10-03", "2017-10-04", "2017-10-05", "2017-10-06", "2017-10-07", "2017-10-08"),
  ...rows("班", "国庆节调休", "2017-09-30"),
  // the 2018 notice's 元旦 starts in 2017
  ...rows("休", "元旦", "2017-12-30", "2017-12-31"),
];
export const calendar2018: CalendarDay[] = [
  ...rows("休", "元旦", "2018-01-01"),
  ...rows("休", "春节", "2018-02-15", "2018-02-16", "2018-02-17", "2018-02-18", "2018-02-19", "2018-02-20", "2018-02-21"),
  ...rows("班", "春节调休", "2018-02-11", "2018-02-24"),
  ...rows("休", "清明节", "2018-04-05", "2018-04-06", "2018-04-07"),
  ...rows("班", "清明节调休", "2018-04-08"),
  ...rows("休", "劳动节", "2018-04-29", "2018-04-30", "2018-05-01"),
  ...rows("班", "劳动节调休", "2018-04-28"),
  ...rows("休", "端午节", "2018-06-16", "2018-06-17", "2018-06-18"),
  ...rows("休", "中秋节", "2018-09-22", "2018-09-23", "2018-09-24"),
  ...rows("休", "国庆节", "2018-10-01", "2018-10-02", "2018-10-03", "2018-10-04", "2018-10-05", "2018-10-06", "2018-10-07"),
  ...rows("班", "国庆节调休", "2018-09-29", "2018-09-30"),
  ...rows("班", "元旦调休", "2018-12-29"),
  ...rows("休", "元旦", "2018-12-30", "2018-12-31"),
];

const both = new WorkCalendar([...calendar2017, ...calendar2018]);
const only2017 = new WorkCalendar(calendar2017);
/** the end of a day, as a deadline given as a date alone is read */
const endOf = (date: string) => t(`${date} 23:59:59`) + 999;

describe("the calendar", () => {
  test("a working day: Monday–Friday unless 休, or any day marked 班", () => {
    const day = (s: string) => dayOf(t(s));
    expect(both.isWorkday(day("2017-09-29"))).toBe(true); // Friday
    expect(both.isWorkday(day("2017-09-30"))).toBe(true); // Saturday, 班
    expect(both.isWorkday(day("2017-10-01"))).toBe(false); // Sunday, 休
    expect(both.isWorkday(day("2017-10-02"))).toBe(false); // Monday, 休
    expect(both.isWorkday(day("2017-10-09"))).toBe(true); // Monday
    expect(both.isWorkday(day("2017-10-14"))).toBe(false); // Saturday
    expect(both.years).toEqual([2017, 2018]);
  });

  test("workdays(a, b): the working days after a's day up to and including b's day", () => {
    // 09-29 Fri → 10-09 Mon: 09-30 (Sat, 班) and 10-09; 10-01..10-08 are 休
    expect(both.workdays(t("2017-09-29 10:00"), t("2017-10-09 10:00"))).toBe(2);
    // the same day, whatever the hours: 0; backwards: negative
    expect(both.workdays(t("2017-10-09 08:00"), t("2017-10-09 20:00"))).toBe(0);
    expect(both.workdays(t("2017-10-09 10:00"), t("2017-09-29 10:00"))).toBe(-2);
    // received on a holiday (10-01), closed 10-13: 10-09, 10, 11, 12, 13
    expect(both.workdays(t("2017-10-01 10:00"), t("2017-10-13 18:00"))).toBe(5);
    // across the year: 2017-12-29 Fri → 2018-01-02 Tue: 12-30, 12-31, 01-01 are 休, so only 01-02
    expect(both.workdays(t("2017-12-29 09:00"), t("2018-01-02 09:00"))).toBe(1);
    // a missing end: missing
    expect(both.workdays(t("2017-10-09 10:00"), null)).toBeNull();
  });

  test("add_workdays(t, n): the end of the n-th working day after t's day", () => {
    // 09-28 Thu + 3: 09-29 (1), 09-30 Sat 班 (2), 10-09 (3)
    expect(both.addWorkdays(t("2017-09-28 09:00"), 3)).toBe(endOf("2017-10-09"));
    expect(both.addWorkdays(t("2017-09-29 16:00"), 1)).toBe(endOf("2017-09-30"));
    // 10-03 (a holiday) + 5: 10-09, 10, 11, 12, 13
    expect(both.addWorkdays(t("2017-10-03 11:00"), 5)).toBe(endOf("2017-10-13"));
    // n = 0: the day itself when a working day, else the next working day
    expect(both.addWorkdays(t("2017-10-09 11:00"), 0)).toBe(endOf("2017-10-09"));
    expect(both.addWorkdays(t("2017-10-01 11:00"), 0)).toBe(endOf("2017-10-09"));
    // 2017-12-28 Thu + 3: 12-29 (1), then 12-30..01-01 休, 01-02 (2), 01-03 (3)
    expect(both.addWorkdays(t("2017-12-28 10:00"), 3)).toBe(endOf("2018-01-03"));
    // 2018-02-09 Fri + 2: 02-11 Sun 班 (1), 02-12 Mon (2)
    expect(both.addWorkdays(t("2018-02-09 10:00"), 2)).toBe(endOf("2018-02-12"));
    // 2018-02-14 Wed + 1: 02-15..02-21 休, 02-22 Thu
    expect(both.addWorkdays(t("2018-02-14 10:00"), 1)).toBe(endOf("2018-02-22"));
    // not a whole number ≥ 0, or missing: missing
    expect(both.addWorkdays(t("2017-10-09 11:00"), 1.5)).toBeNull();
    expect(both.addWorkdays(t("2017-10-09 11:00"), -1)).toBeNull();
    expect(both.addWorkdays(null, 1)).toBeNull();
  });

  test("a date in a year the calendar does not cover reads as missing, never as weekdays only", () => {
    // the deadline of an order received 2017-12-28 runs into 2018, which this calendar does not have
    expect(only2017.addWorkdays(t("2017-12-28 10:00"), 3)).toBeNull();
    // 12-28 + 1 = 12-29 (Friday) is still inside it
    expect(only2017.addWorkdays(t("2017-12-28 10:00"), 1)).toBe(endOf("2017-12-29"));
    expect(only2017.workdays(t("2016-12-30 10:00"), t("2017-01-03 10:00"))).toBeNull();
    expect(only2017.isWorkday(dayOf(t("2018-01-02")))).toBeNull();
    expect(new WorkCalendar([]).workdays(t("2017-10-09 10:00"), t("2017-10-10 10:00"))).toBeNull();
  });

  test("scoring checks once that the calendar covers the period and a month either side, naming the year to import", () => {
    const october = { start: t("2017-10-01"), end: t("2017-11-01") };
    expect(() => only2017.checkWindow(october)).not.toThrow();
    // December 2017: deadlines run into January 2018
    expect(() => only2017.checkWindow({ start: t("2017-12-01"), end: t("2018-01-01") })).toThrow(ScoringError);
    expect(() => only2017.checkWindow({ start: t("2017-12-01"), end: t("2018-01-01") })).toThrow(/缺少 2018 年的节假日安排（已有 2017 年）/);
    // January 2017: orders received in December 2016
    expect(() => only2017.checkWindow({ start: t("2017-01-01"), end: t("2017-02-01") })).toThrow(/缺少 2016 年的节假日安排/);
    expect(() => new WorkCalendar([]).checkWindow(october)).toThrow(/尚未导入任何节假日安排/);
    // a year between two covered ones is missing too
    expect(() => new WorkCalendar([...calendar2017, ...rows("休", "元旦", "2019-01-01")]).checkWindow(october)).toThrow(/缺少 2018 年/);
  });
});

const rubricText = `rubric "工作日测试" version "t" example
  in force from 2017-01

category 镇

orders {
  # 五个工作日内办结；经批准延期的，以延期至为准
  field 有效时限 = 延期至 ?? add_workdays(受理时间, 5)
}

assessed at end of period

population 本期工单 = orders where 受理时间 in period

measure 工单数 = count 本期工单
measure 超期件数 = count 本期工单 where 办结时间 is not missing and 办结时间 > 有效时限
measure 办理工作日 = sum 本期工单 of workdays(受理时间, 办结时间)

rate 超期率 = 超期件数 / 工单数, when zero: 0 "无工单"

monthly 月度 {
  item 按期办结 20 points = 20 × (1 - 超期率)
}

ranking {
  monthly 月度
  within category
  volume 工单数
  order by score desc, volume desc
  ties shared
  round 2 decimals
}
`;

describe("in a rubric", () => {
  const rubric = compileRubric(rubricText);
  const orders = [
    // 10-01 (休) + 5 → 10-13 end; closed 10-13 18:00: on time; workdays 5 (10-09..10-13)
    order("T1", { receivedAt: "2017-10-01 10:00", dueAt: "2017-10-13", closedAt: "2017-10-13 18:00" }),
    // 10-09 Mon + 5 → 10-16 end (10-10, 11, 12, 13, 16); closed 10-17 09:00: late; workdays 6 (10-10..10-17)
    order("T1", { receivedAt: "2017-10-09 09:00", dueAt: "2017-10-16", closedAt: "2017-10-17 09:00" }),
    // extended to 11-10: closed 11-08, on time; workdays 10-27 Fri → 11-08 Wed: 10-30, 31, 11-01, 02, 03, 06, 07, 08 = 8
    order("T1", { receivedAt: "2017-10-27 15:00", dueAt: "2017-11-03", extendedTo: "2017-11-10 23:59", closedAt: "2017-11-08 10:00" }),
    // not closed: not late by this measure, no working days to add
    order("T1", { receivedAt: "2017-10-31 09:00", dueAt: "2017-11-07", closedAt: null }),
  ];

  test("a deadline of 5 working days: 1 late of 4, 20 × (1 − 1/4) = 15; 5 + 6 + 8 = 19 working days", async () => {
    const source = new InMemoryMeasureSource({ orders, events: [], calendar: [...calendar2017, ...calendar2018] });
    const r = await scoreMonth(rubric, { units: units.filter((u) => u.code === "T1"), facts: [], source }, "2017-10");
    const t1 = r.units.find((u) => u.unit.code === "T1");
    expect(t1?.items.find((i) => i.code === "按期办结")?.points).toBe(15);
    const values = await source.compute(rubric.plan, { window: r.window, asOf: r.window.end, units: ["T1"], evidence: true });
    expect(values.value("T1", "超期件数")).toBe(1);
    expect(values.evidence("T1", "超期件数")).toEqual([orders[1]?.id]);
    expect(values.value("T1", "办理工作日")).toBe(19);
  });

  test("without the month's year in the calendar, scoring fails naming the year and the file to import", async () => {
    const source = new InMemoryMeasureSource({ orders, events: [], calendar: calendar2018 });
    await expect(scoreMonth(rubric, { units: units.filter((u) => u.code === "T1"), facts: [], source }, "2017-10")).rejects.toThrow(
      /缺少 2017 年的节假日安排（已有 2018 年）.*节假日\.csv/,
    );
  });
});

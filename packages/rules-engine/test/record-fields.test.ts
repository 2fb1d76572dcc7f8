/**
 * The rubric's own fields of a record, as an explanation lists them beside what was imported: a deadline the rubric
 * works out in working days, whether the order counts as on time. Expected values worked out by hand from the 2017
 * holiday notice.
 */
import { expect, test } from "vitest";
import { compileRubric, recordFieldColumns, recordFields, WorkCalendar } from "../src/index.ts";
import { order, t } from "./fixtures.ts";

/** 2017's 国庆节、中秋节 as the center imports it (国办发明电〔2016〕14号): 1–8 October off, Saturday 30 September worked. */
const calendar2017 = [
  ...["2017-10-01", "2017-10-02", "2017-10-03", "2017-10-04", "2017-10-05", "2017-10-06", "2017-10-07", "2017-10-08"].map((d) => ({
    date: t(d),
    type: "休" as const,
    note: "国庆节、中秋节",
  })),
  { date: t("2017-09-30"), type: "班" as const, note: "国庆节调休" },
];

const rubric = compileRubric(`rubric "测试" version "t" example
  in force from 2017-01

orders {
  attribute 首次联系时间 "首次联系时间" datetime
  field 有效时限 "按工作日计的办理时限" = 延期至 ?? add_workdays(受理时间, 5)
  # 按时：已办结，且不晚于
  #   有效办理时限
  field 按时 "按时办结" = 办结时间 is not missing and 办结时间 <= 有效时限
  field 处理天数 = days(受理时间, 办结时间)
  field 上期受理 = 受理时间 in previous period
}

population 本期工单 = orders where 受理时间 in period
measure 工单数 = count 本期工单
measure 按时数 = count 本期工单 where 按时

monthly 月度 {
  item 办结 100 points = 100 × 按时数 / max(1, 工单数)
}

ranking {
  monthly 月度
  volume 工单数
}
`);

const c = { start: t("2017-09-01 00:00"), end: t("2017-11-01 00:00"), prevStart: Number.NaN, prevEnd: Number.NaN, asOf: t("2017-11-01 00:00") };

test("each field the rubric declares, in its order, with its type, worked out for one order", () => {
  const { fields, values } = recordFields(rubric, "orders");
  // each with what it is, for a reader of a record list: the comment above it (lines joined), else a field's
  // definition as written, by its label (an attribute without a comment: nothing)
  expect(fields).toEqual([
    { kind: "attribute", name: "首次联系时间", label: "首次联系时间", type: "datetime", note: null },
    { kind: "field", name: "有效时限", label: "按工作日计的办理时限", type: "datetime", note: "按工作日计的办理时限 = 延期至 ?? add_workdays(受理时间, 5)" },
    { kind: "field", name: "按时", label: "按时办结", type: "bool", note: "按时：已办结，且不晚于 有效办理时限" },
    { kind: "field", name: "处理天数", label: null, type: "number", note: "处理天数 = days(受理时间, 办结时间)" },
    { kind: "field", name: "上期受理", label: null, type: "bool", note: "上期受理 = 受理时间 in previous period" },
  ]);
  const cal = new WorkCalendar(calendar2017);
  // received Friday 29 September; working days after it: Sat 30 (调休上班) 1, then 1–8 October off, Mon 9 2, Tue 10 3,
  // Wed 11 4, Thu 12 5 → the end of 12 October. Closed on the 13th: late, though before the imported 办理时限 of the 20th
  const late = order("T1", {
    receivedAt: "2017-09-29 16:00",
    dueAt: "2017-10-20 23:59",
    closedAt: "2017-10-13 09:00",
    attributes: { 首次联系时间: "2017-09-29 17:30" },
  });
  const [contacted, deadline, onTime, days, before] = values(late, { ...c, cal });
  expect(before).toBe(false);
  expect(contacted).toBe(t("2017-09-29 17:30"));
  expect([deadline, onTime]).toEqual([t("2017-10-13 00:00") - 1, false]);
  // 29 September 16:00 to 13 October 09:00: 13 days and 17 hours
  expect(days).toBeCloseTo(13 + 17 / 24, 9);
  // an approved extension is the deadline instead
  const extended = order("T1", { receivedAt: "2017-09-29 16:00", extendedTo: "2017-10-16 23:59", closedAt: "2017-10-13 09:00" });
  expect(values(extended, { ...c, cal })[2]).toBe(true);
  // a year the calendar does not hold: the deadline cannot be worked out (null; a comparison with it is false, as
  // everywhere in the language); the other fields can
  const outside = order("T1", { receivedAt: "2019-03-01 09:00", closedAt: "2019-03-04 09:00" });
  expect(values(outside, { ...c, cal })).toEqual([null, null, false, 3, false]);
});

test("a rubric declaring no fields of events has none to list", () => {
  expect(recordFields(rubric, "events").fields).toEqual([]);
});

test("as columns of a unit's records of a period: headed by their labels, a deadline at its day's end as the day, 是 / 否, — for what is missing; the window before read as the measures read it", () => {
  const { headings, attributes, cells } = recordFieldColumns(rubric, "orders", { period: "2017-10", unit: null }, calendar2017);
  expect(headings).toEqual(["首次联系时间", "按工作日计的办理时限", "按时办结", "处理天数", "上期受理"]);
  expect(attributes).toEqual(["首次联系时间", null, null, null, null]);
  const on = order("T1", { receivedAt: "2017-10-09 09:00", closedAt: "2017-10-10 09:00" });
  // received Monday 9 October: five working days to the end of Monday 16 October
  expect(cells(on)).toEqual(["—", "2017-10-16", "是", "1", "否"]);
  // an order of September, listed for October's `in previous period`: of the period before (it read 否, the window
  // before unknown)
  const september = order("T1", { receivedAt: "2017-09-12 09:00", closedAt: "2017-09-13 09:00" });
  expect(cells(september).at(-1)).toBe("是");
});

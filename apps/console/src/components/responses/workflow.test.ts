import { describeValue } from "@kaohe/db/correction-fields";
import { describe, expect, test } from "vitest";
import { beijingDate, beijingDeadline, beijingEpoch, buildChanges, changedSince, deadlineText, presetFields } from "./workflow.ts";

describe("deadlines in Beijing time", () => {
  const deadline = "2018-12-07T15:59:59.999Z"; // 2018-12-07 23:59:59.999 Beijing
  test("days left count Beijing calendar days", () => {
    expect(deadlineText(deadline, Date.parse("2018-12-04T02:00:00Z"))).toEqual({ at: "2018-12-07 23:59", left: "剩余 3 天", passed: false });
    // 2018-12-07 08:00 Beijing is the day itself
    expect(deadlineText(deadline, Date.parse("2018-12-07T00:00:00Z")).left).toBe("今日截止");
    // 2018-12-06 23:30 Beijing (15:30Z): still one day left
    expect(deadlineText(deadline, Date.parse("2018-12-06T15:30:00Z")).left).toBe("剩余 1 天");
  });
  test("a deadline passed says so", () => {
    expect(deadlineText(deadline, Date.parse("2018-12-07T16:00:00Z"))).toMatchObject({ left: "已截止", passed: true });
  });
  test("a Beijing wall clock is epoch ms whatever the browser's zone", () => {
    expect(beijingEpoch(2018, 11, 20, 17, 0)).toBe(Date.parse("2018-11-20T17:00:00+08:00"));
    expect(beijingDate("2018-12-07T16:30:00Z")).toBe("2018-12-08");
  });
  test("an approved extension given as a day alone lasts to that day's end, as the import reads a deadline written as a date", () => {
    // “延期至 12 月 15 日”: an order closed on the 15th at 10:00 is within it (it was 00:00 of the 15th, and late)
    const until = beijingDeadline(2018, 12, 15, null);
    expect(until).toBe(Date.parse("2018-12-15T23:59:59.999+08:00"));
    expect(Date.parse("2018-12-15T10:00:00+08:00")).toBeLessThan(until);
    expect(describeValue("orders", "extendedTo", until)).toBe("2018-12-15");
    expect(beijingDeadline(2018, 12, 15, { hour: 9, minute: 15 })).toBe(Date.parse("2018-12-15T09:15:00+08:00"));
  });
});

describe("the changes an objection asks for", () => {
  test("presets set their fields, or say what is missing", () => {
    expect(presetFields("notMine", {})).toEqual({ returned: true, returnAccepted: true });
    expect(presetFields("excused", {})).toEqual({ delayExcused: true });
    expect(presetFields("extended", {})).toBe("请填写批准延期至的时间");
    expect(presetFields("extended", { extendedTo: 5 })).toEqual({ extendedTo: 5 });
    expect(presetFields("visit", {})).toBe("请至少填写一项应为的回访情况");
    expect(presetFields("visit", { processSatisfaction: "满意", visited: null })).toEqual({ processSatisfaction: "满意" });
    expect(presetFields("unverified", {})).toEqual({ count: 0 });
    expect(presetFields("wrongCount", { points: 1.5 })).toEqual({ points: 1.5 });
  });
  test("a value the record already holds is not asked for, unless that is all", () => {
    const known = new Map<string, Record<string, unknown>>([
      ["A", { returned: true, returnAccepted: false }],
      ["B", { returned: true, returnAccepted: true }],
    ]);
    const fields = { returned: true, returnAccepted: true };
    expect(buildChanges("orders", ["A", "B", "C"], fields, known)).toEqual([
      { record: "orders", recordId: "A", field: "returnAccepted", to: true },
      { record: "orders", recordId: "B", field: "returned", to: true },
      { record: "orders", recordId: "B", field: "returnAccepted", to: true },
      { record: "orders", recordId: "C", field: "returned", to: true },
      { record: "orders", recordId: "C", field: "returnAccepted", to: true },
    ]);
  });
});

describe("an explanation written before the data was corrected", () => {
  const duty = (overdue: number, rebound: number) => [
    {
      name: "书面说明",
      label: "须书面说明情况",
      because: [
        { measure: "超期件数", label: "超期件数", value: overdue },
        { measure: "反弹件数", label: "问题反弹件数", value: rebound },
      ],
    },
  ];
  test("names each measure whose value changed since it was written, from and to", () => {
    // written with 4 overdue; an objection upheld made one of them in time
    expect(changedSince(duty(4, 1), duty(3, 1))).toEqual(["超期件数 4 → 3"]);
    expect(changedSince(duty(4, 1), duty(3, 0))).toEqual(["超期件数 4 → 3", "问题反弹件数 1 → 0"]);
  });
  test("nothing when the data says what it said then", () => {
    expect(changedSince(duty(4, 1), duty(4, 1))).toEqual([]);
  });
});

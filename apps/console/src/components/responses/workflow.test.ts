import { describeValue } from "@kaohe/db/correction-fields";
import { describe, expect, test } from "vitest";
import type { Objection, ObjectionStatus } from "./types.ts";
import {
  beijingDate,
  beijingDeadline,
  beijingEpoch,
  buildChanges,
  changedSince,
  deadlineText,
  explanationExample,
  OBJECTION_STATUS_LABEL,
  objectionsEndedAtPublication,
  openingDeadlinesText,
  openPreviewBlocked,
  presetFields,
  withDecidedObjection,
} from "./workflow.ts";

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

describe("the written explanation's example", () => {
  const duty = (overdue: number | null, rebound: number | null) => [
    {
      name: "书面说明",
      label: "须书面说明情况",
      because: [
        { measure: "超期件数", label: "超期件数", value: overdue },
        { measure: "反弹件数", label: "问题反弹件数", value: rebound },
      ],
    },
  ];
  test("names the unit's own figures (tangshan's 9 overdue in December), not a fixed 4", () => {
    expect(explanationExample("2018-12", duty(9, 0))).toBe("例如：12 月超期件数为 9，原因是……；已采取的整改措施：……");
    expect(explanationExample("2018-10", duty(3, 1))).toBe("例如：10 月超期件数为 3、问题反弹件数为 1，原因是……；已采取的整改措施：……");
  });
  test("a measure two sanctions count is named once; a fraction to two places", () => {
    const twice = [...duty(9, 0), { name: "通报", label: "通报批评", because: [{ measure: "超期件数", label: "超期件数", value: 9 }] }];
    expect(explanationExample("2018-12", twice)).toBe("例如：12 月超期件数为 9，原因是……；已采取的整改措施：……");
    const rate = [{ name: "书面说明", label: "须书面说明情况", because: [{ measure: "超期率", label: "超期率", value: 0.123456 }] }];
    expect(explanationExample("2018-12", rate)).toBe("例如：12 月超期率为 0.12，原因是……；已采取的整改措施：……");
  });
  test("no number where none is known", () => {
    expect(explanationExample("2018-11", duty(null, null))).toBe("例如：11 月出现上述情况的原因是……；已采取的整改措施：……");
    expect(explanationExample("2018-11", [])).toBe("例如：11 月出现上述情况的原因是……；已采取的整改措施：……");
  });
});

describe("a published period's objection deadline", () => {
  // 2018-12-11 23:59:59.999 Beijing
  const deadline = "2018-12-11T15:59:59.999Z";
  const published = (at: string) => ({
    stage: "published" as const,
    objectionDeadline: deadline,
    publication: { id: 1, publishedAt: at, publishedBy: "考核办" },
  });
  test("published before it: the objections ended at the publication, its Beijing time said (not the deadline to come)", () => {
    // 2018-12-06 15:40Z is 23:40 in Beijing
    expect(objectionsEndedAtPublication(published("2018-12-06T15:40:00Z"))).toBe("发布时结束（2018-12-06 23:40）");
    // at midnight, the time is said too (a date alone reads as the whole day)
    expect(objectionsEndedAtPublication(published("2018-12-06T16:00:00Z"))).toBe("发布时结束（2018-12-07 00:00）");
  });
  test("published after it, or not published: the deadline stands", () => {
    expect(objectionsEndedAtPublication(published("2018-12-12T01:00:00Z"))).toBeNull();
    expect(objectionsEndedAtPublication({ stage: "preview", objectionDeadline: deadline, publication: null })).toBeNull();
    // opened again after a publication: the objections are open until the deadline, whatever the publication before
    expect(objectionsEndedAtPublication({ ...published("2018-12-06T15:40:00Z"), stage: "preview" })).toBeNull();
  });
});

describe("the opening dialog says the deadlines before the month is opened", () => {
  const d = { objectionDeadline: "2018-03-10T15:59:59.999Z", explanationDeadline: "2018-03-08T15:59:59.999Z" };
  test("each day with its weekday, and what the holiday calendar did to them", () => {
    expect(openingDeadlinesText({ ...d, marked: 2, years: [{ year: 2018, imported: true }] }, false)).toBe(
      "今天开放：异议截至 2018-03-10 23:59（星期六），书面说明截至 2018-03-08 23:59（星期四）（已按导入的 2018 年节假日安排跳过放假日、计入调休上班日）",
    );
    // the year's calendar imported, no holiday in these days: not said to be missing (it was, most weeks of a year)
    expect(openingDeadlinesText({ ...d, marked: 0, years: [{ year: 2018, imported: true }] }, true)).toBe(
      "今天开放：异议截至 2018-03-10 23:59（星期六）（已按导入的 2018 年节假日安排计算，期间没有放假日或调休上班日）",
    );
    // opened on 28 December with only this year's calendar: next year's 元旦 is not known, said so
    expect(
      openingDeadlinesText(
        {
          ...d,
          marked: 1,
          years: [
            { year: 2026, imported: true },
            { year: 2027, imported: false },
          ],
        },
        true,
      ),
    ).toBe("今天开放：异议截至 2018-03-10 23:59（星期六）（没有导入 2027 年的节假日安排，其中的日子只按周一至周五计算；遇法定节假日，可在开放后“修改期限”）");
  });
});

describe("opening a period to the units", () => {
  test("is not offered while no rubric version is in force, and says why", () => {
    expect(openPreviewBlocked("2026-12", true)).toBe("2026年12月没有施行中的规则版本，无法计分：请先在“规则”中发布适用于该期的版本，再向单位开放");
    expect(openPreviewBlocked("2026", true)).toMatch(/^2026年度?没有施行中的规则版本/);
    expect(openPreviewBlocked("2026-08", false)).toBeNull();
  });

  test("a year is not offered before the months it counts are open to the units, and says which to open first", () => {
    // the server refuses it (assertYearMonthsOpen); the button says so before the dialog's deadlines are filled in
    expect(openPreviewBlocked("2018", false, ["2018-11", "2018-12"])).toBe(
      "2018年度计入的 11月、12月 尚未向各单位开放：请先在月度排名页开放或发布这些月份，再开放年度考核结果",
    );
    expect(openPreviewBlocked("2018", false, [])).toBeNull();
  });
});

describe("an objection just decided", () => {
  const objection = (id: number, status: ObjectionStatus) => ({ id, status, statusLabel: OBJECTION_STATUS_LABEL[status] }) as Objection;
  const list = [objection(2, "open"), objection(1, "open")];
  test("is shown decided in the lists at once, and leaves those of open ones", () => {
    expect(withDecidedObjection(list, objection(1, "accepted")).map((o) => [o.id, o.statusLabel])).toEqual([
      [2, "待处理"],
      [1, "已采纳"],
    ]);
    expect(withDecidedObjection(list, objection(1, "accepted"), "open").map((o) => o.id)).toEqual([2]);
    expect(withDecidedObjection([], objection(1, "accepted"), "accepted")).toEqual([]);
  });
});

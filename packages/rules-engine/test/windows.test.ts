/**
 * The windows other cities' rubrics use: a half year, a heating season
 * (a date range that crosses the new year), a month cut at noon. Each
 * boundary is worked out by hand in Beijing time.
 */
import { format, parse } from "@kaohe/rules-dsl";
import { describe, expect, test } from "vitest";
import { compileRubric, formatLocal, scoreMonth, windowFor } from "../src/index.ts";
import { data, order } from "./fixtures.ts";

const span = (from: string, to: string) => {
  const d = (s: string) => {
    const p = s.split("-").map(Number);
    return p.length === 3 ? { year: p[0] as number, month: p[1] as number, day: p[2] as number } : { year: null, month: p[0] as number, day: p[1] as number };
  };
  return { from: d(from), to: d(to) };
};
const shown = (w: { label: string; start: number; end: number }) => `${w.label}: ${formatLocal(w.start)} – ${formatLocal(w.end)}`;

describe("windowFor", () => {
  test("a month cut at noon: 26th 12:00 of the month before to 26th 12:00", () => {
    expect(shown(windowFor({ window: "month", startDay: 26, startMinute: 720 }, "2017-10"))).toBe("2017-10: 2017-09-26 12:00 – 2017-10-26 12:00");
    // a calendar month cut at noon: 1st 12:00 to the next 1st 12:00 (December runs into January)
    expect(shown(windowFor({ window: "month", startDay: 1, startMinute: 720 }, "2017-12"))).toBe("2017-12: 2017-12-01 12:00 – 2018-01-01 12:00");
  });

  test("a half year: January to June, July to December", () => {
    expect(shown(windowFor({ window: "halfYear", startDay: 1 }, "2017-03"))).toBe("2017-H1: 2017-01-01 – 2017-07-01");
    expect(shown(windowFor({ window: "halfYear", startDay: 1 }, "2017-06"))).toBe("2017-H1: 2017-01-01 – 2017-07-01");
    expect(shown(windowFor({ window: "halfYear", startDay: 1 }, "2017-07"))).toBe("2017-H2: 2017-07-01 – 2018-01-01");
  });

  test("a heating season 11-15 to 03-15 every year: the last day included, the latest season begun before the month ends", () => {
    const season = { window: "range" as const, startDay: 1, span: span("11-15", "03-15") };
    // December and January belong to the season that began in November 2017
    expect(shown(windowFor(season, "2017-12"))).toBe("2017-11-15..2018-03-15: 2017-11-15 – 2018-03-16");
    expect(shown(windowFor(season, "2018-01"))).toBe("2017-11-15..2018-03-15: 2017-11-15 – 2018-03-16");
    // November 2017: the season begins on the 15th, before the month ends
    expect(shown(windowFor(season, "2017-11"))).toBe("2017-11-15..2018-03-15: 2017-11-15 – 2018-03-16");
    // October 2017 and July 2018: between seasons, the one that ended last
    expect(shown(windowFor(season, "2017-10"))).toBe("2016-11-15..2017-03-15: 2016-11-15 – 2017-03-16");
    expect(shown(windowFor(season, "2018-07"))).toBe("2017-11-15..2018-03-15: 2017-11-15 – 2018-03-16");
  });

  test("a range with years is that range whatever month is scored", () => {
    const w = { window: "range" as const, startDay: 1, span: span("2018-11-15", "2019-03-15") };
    expect(shown(windowFor(w, "2018-12"))).toBe("2018-11-15..2019-03-15: 2018-11-15 – 2019-03-16");
    expect(shown(windowFor(w, "2019-06"))).toBe("2018-11-15..2019-03-15: 2018-11-15 – 2019-03-16");
  });
});

const rubric = (window: string) =>
  compileRubric(`rubric "窗口" version "t" example
  in force from 2017-01

category 镇

population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单

monthly 月度 {
  window ${window}
  item 量 100 points = 工单数
}

ranking {
  monthly 月度
  volume 工单数
}
`);

describe("scoring over the new windows", () => {
  test("an order received at 11:59 on the 26th is this month's, one at 12:00 the next month's", async () => {
    const orders = [
      order("T1", { receivedAt: "2017-09-26 11:59" }), // September's
      order("T1", { receivedAt: "2017-09-26 12:00" }), // October's first minute
      order("T1", { receivedAt: "2017-10-20 09:00" }), // October's
      order("T1", { receivedAt: "2017-10-26 11:59" }), // October's last minute
      order("T1", { receivedAt: "2017-10-26 12:00" }), // November's
    ];
    const r = await scoreMonth(rubric("month from day 26 at 12:00"), data(orders), "2017-10");
    expect(r.window.label).toBe("2017-10");
    expect(r.units.find((u) => u.unit.code === "T1")?.score).toBe(3);
  });

  test("a heating season counts from its first day to the end of its last", async () => {
    const orders = [
      order("T1", { receivedAt: "2017-11-14 23:59" }), // before the season
      order("T1", { receivedAt: "2017-11-15 00:00" }),
      order("T1", { receivedAt: "2018-01-10 09:00" }),
      order("T1", { receivedAt: "2018-03-15 23:59" }), // the last day counts
      order("T1", { receivedAt: "2018-03-16 00:00" }), // after
    ];
    const r = await scoreMonth(rubric("from 11-15 to 03-15"), data(orders), "2018-01");
    expect(r.window.label).toBe("2017-11-15..2018-03-15");
    expect(r.units.find((u) => u.unit.code === "T1")?.score).toBe(3);
  });

  test("one day is a range of one day: from 10-01 to 10-01 counts that day, 00:00 to 24:00", async () => {
    const orders = [
      order("T1", { receivedAt: "2017-09-30 23:59" }), // the day before
      order("T1", { receivedAt: "2017-10-01 00:00" }),
      order("T1", { receivedAt: "2017-10-01 23:59" }),
      order("T1", { receivedAt: "2017-10-02 00:00" }), // the day after
    ];
    // scored for October: the latest 10-01 begun before October ends is 2017-10-01: 2 orders
    const r = await scoreMonth(rubric("from 10-01 to 10-01"), data(orders), "2017-10");
    expect(shown(r.window)).toBe("2017-10-01..2017-10-01: 2017-10-01 – 2017-10-02");
    expect(r.units.find((u) => u.unit.code === "T1")?.score).toBe(2);
  });

  test("a half year counts January to June", async () => {
    const orders = [
      order("T1", { receivedAt: "2017-01-01 00:00" }),
      order("T1", { receivedAt: "2017-06-30 23:59" }),
      order("T1", { receivedAt: "2017-07-01 00:00" }),
    ];
    const r = await scoreMonth(rubric("half year"), data(orders), "2017-04");
    expect(r.window.label).toBe("2017-H1");
    expect(r.units.find((u) => u.unit.code === "T1")?.score).toBe(2);
  });
});

describe("what the checker says about windows", () => {
  const codes = (window: string) =>
    parse(
      `rubric "窗口" version "t"\n  in force from 2017-01\n\ncategory 镇\npopulation 工单 = orders where 受理时间 in period\nmeasure 工单数 = count 工单\n\nmonthly 月度 {\n  window ${window}\n  item 量 100 points = 工单数\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`,
    ).diagnostics.map((d) => `${d.code} ${d.message}`);
  test("real days in order, a real time of day", () => {
    expect(codes("from 11-15 to 03-15")).toEqual([]);
    expect(codes("half year")).toEqual([]);
    expect(codes("month from day 26 at 12:00")).toEqual([]);
    expect(codes("from 02-30 to 03-15")[0]).toMatch(/KH244 周期的日期 02-30 不存在：2 月没有 30 日/);
    expect(codes("from 2019-03-15 to 2018-11-15")[0]).toMatch(/KH244 周期的结束日 2018-11-15 早于开始日 2019-03-15/);
    expect(codes("from 2018-11-15 to 03-15")[0]).toMatch(/KH244 周期的起止日期要么都写年份/);
    expect(codes("month at 24:00")[0]).toMatch(/KH244 周期的起止时刻/);
    expect(codes("month at 12:60")[0]).toMatch(/KH244/);
  });
});

test("fmt writes each window back as written, canonically", () => {
  for (const [written, canonical] of [
    ["month   from day 26 at 12:00", "month from day 26 at 12:00"],
    ["month at 8:30", "month at 8:30"],
    ["half year", "half year"],
    ["from 11-15 to 3-15", "from 11-15 to 03-15"],
    ["from 2018-11-15 to 2019-03-15", "from 2018-11-15 to 2019-03-15"],
  ] as const) {
    const text = `rubric "窗口" version "t"\n  in force from 2017-01\n\ncategory 镇\npopulation 工单 = orders where 受理时间 in period\nmeasure 工单数 = count 工单\n\nmonthly 月度 {\n  window ${written}\n  item 量 100 points = 工单数\n}\n\nranking {\n  monthly 月度\n  volume 工单数\n}\n`;
    const f = format(text);
    expect(f.ok && f.text).toContain(`  window ${canonical}\n`);
    if (!f.ok) continue;
    const windowOf = (t: string) => {
      const a = parse(t).ast.declarations.find((d) => d.kind === "assessment");
      return a && a.kind === "assessment" ? { ...a.window, range: null } : null;
    };
    expect(windowOf(f.text)).toEqual(windowOf(text));
  }
});

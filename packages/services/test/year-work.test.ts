/**
 * Work a year's views do once, not again (the year page, the year's bulletin), on both databases, with the shipped 2017
 * rubric: in force from September 2017, its year-end result (年终成绩) averaging the monthly assessment (投诉件办理考核)
 * beside one yearly checklist (综合管理). Three towns, one order each in October, November and December 2017; September
 * has none. So the year scores its four months in force, September to December, and counts three of them (October to
 * December: September has no orders).
 *
 * - The year page asks for the year's result (scoreForPeriod), then for its sanctions column (yearSanctionsInForce),
 *   which reads each counted month's ranked result. A month's measures are computed when the month is scored: one
 *   computation over its window (every unit is assessed the whole month: one group of windows), and for September,
 *   whose units received no order, one more of the orders received alone (period-warnings.ts `ordersReceived`, asked
 *   only when a population holds none). The year's result scores the four months: five computations over a month's
 *   window. The sanctions column then scored the year again (five more) and each of the three counted months again
 *   (three more): 13 for the page. Now the months the year's scoring scored are kept while the data stays the same,
 *   and the sanctions column computes none over a month's window.
 * - The year's bulletin scores the year-end result and then the checklist (综合管理) apart. The year's warning that its
 *   data ends before a month's assessment time looks at each counted month's orders: its first look, the month's
 *   latest receipt, once per counted month (three for the year-end result). The checklist's result was looked at the
 *   same (three more) and its warnings thrown away; now only the year-end result's three.
 */
import { readFileSync } from "node:fs";
import { type Order, shanghaiEpoch, type Unit } from "@kaohe/data";
import { openStore, SqlMeasureSource, type Store } from "@kaohe/db";
import { databases, replaceRecords, useDatabase } from "@kaohe/db/testing";
import { type AssessmentResult, type ItemResult, type PeriodWarning, scoreYear, type UnitResult } from "@kaohe/rules-engine";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createDraft, publishRubricVersion } from "../src/rubrics.ts";
import { rubricFor, scoreForPeriod } from "../src/score-views.ts";
import { monthsScored, scoringData } from "../src/scores.ts";
import { yearBulletinData } from "../src/year-bulletin.ts";
import { yearSanctionsInForce } from "../src/year-sanctions.ts";
import { testOrder } from "./support/orders.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const at = (y: number, m: number, d: number, h = 9) => shanghaiEpoch(y, m, d, h);
const NOW = new Date(at(2018, 3, 1));

const units: Unit[] = [
  { code: "T1", name: "甲镇", category: "镇", attributes: {} },
  { code: "T2", name: "乙镇", category: "镇", attributes: {} },
  { code: "T3", name: "丙镇", category: "镇", attributes: {} },
];

/** Received on the 5th of the month, due on the 10th; closed on the 8th, or on the 15th when `late` (T1 owes 书面说明). */
const order = (unit: string, m: number, late: boolean): Order =>
  testOrder({ id: `${unit}-${m}`, unit, receivedAt: at(2017, m, 5), dueAt: at(2017, m, 10, 17), closedAt: at(2017, m, late ? 15 : 8, 10) });

const orders = [10, 11, 12].flatMap((m) => [order("T1", m, true), order("T2", m, false), order("T3", m, false)]);

/** A window of a month or shorter (the longest month is 31 days). */
const monthLong = (w: { start: number; end: number }) => w.end - w.start <= 31 * 86_400_000;

describe.each(databases)("a year's views on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;

  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    await replaceRecords(store.raw, { units, orders, events: [] });
    const draft = await createDraft(store, { text: RUBRIC_2017, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await store?.close();
  });

  /** A write to a table scoring reads, changing nothing: a new generation of the data, nothing kept from before. */
  const dataWritten = () => store.raw.execute(`UPDATE "units" SET "name" = "name" WHERE "code" = 'T1'`);

  it("scores each month once for the year page: its sanctions column takes the months the year's scoring scored", async () => {
    await dataWritten();
    const computed = vi.spyOn(SqlMeasureSource.prototype, "compute");
    const monthsComputed = () => computed.mock.calls.filter(([, query]) => monthLong(query.window)).length;
    const year = await scoreForPeriod(store, "2017");
    expect(year.months).toEqual(["2017-10", "2017-11", "2017-12"]);
    expect(monthsComputed()).toBe(5);
    computed.mockClear();
    const sanctions = await yearSanctionsInForce(store, "2017", NOW);
    expect(monthsComputed()).toBe(0);
    // the months as scored alone: T1 closed late each counted month, 书面说明 three months (no cycle: no deadline)
    expect(sanctions.map((u) => [u.unitCode, u.text])).toEqual([["T1", "书面说明 3 个月"]]);
  });

  it("keeps no month scored from data that has changed since", async () => {
    await scoreForPeriod(store, "2017");
    // T2's November order closed on the 15th, after its deadline: T2 owes 书面说明 in November too
    await replaceRecords(store.raw, { units, orders: orders.map((o) => (o.id === "T2-11" ? order("T2", 11, true) : o)), events: [] });
    try {
      const sanctions = await yearSanctionsInForce(store, "2017", NOW);
      expect(sanctions.map((u) => [u.unitCode, u.text])).toEqual([
        ["T1", "书面说明 3 个月"],
        ["T2", "书面说明 1 个月"],
      ]);
    } finally {
      await replaceRecords(store.raw, { units, orders, events: [] });
    }
  });

  it("gives the months it keeps frozen: a change a reader makes to one throws, and the year reading them scores as before", async () => {
    await dataWritten();
    const { rubric } = await rubricFor(store, "2017");
    const year = await scoreForPeriod(store, "2017");
    // the months the year's scoring kept, as the sanctions column and the year's table are given them: shared objects
    const months = await monthsScored(store, rubric, year.months);
    expect([...months.keys()]).toEqual(["2017-10", "2017-11", "2017-12"]);
    const october = months.get("2017-10") as AssessmentResult;
    expect((await monthsScored(store, rubric, ["2017-10"])).get("2017-10")).toBe(october);
    const t1 = october.units.find((u) => u.unit.code === "T1") as UnitResult;
    const before = structuredClone(october);
    // each change a reader might make for itself, at every depth: refused where it is made (a TypeError), not shown
    // to the next reader nor to the year averaging the month
    expect(() => october.warnings.push({ zh: "读者加的", en: "a reader's" } as PeriodWarning)).toThrow(TypeError);
    expect(() => october.units.sort((a, b) => b.unit.code.localeCompare(a.unit.code))).toThrow(TypeError);
    expect(() => {
      t1.score = 100;
    }).toThrow(TypeError);
    expect(() => {
      (t1.items[0] as ItemResult).label = "改了";
    }).toThrow(TypeError);
    expect(() => {
      t1.unit.name = "改了";
    }).toThrow(TypeError);
    expect(() => t1.items[0]?.measures.pop()).toThrow(TypeError);
    expect(october).toEqual(before);
    // the year scored again reads the kept months (none computed): the same result as scored at first, and as the
    // engine scores the year with nothing kept
    const computed = vi.spyOn(SqlMeasureSource.prototype, "compute");
    const again = await scoreForPeriod(store, "2017");
    expect(computed.mock.calls.filter(([, query]) => monthLong(query.window)).length).toBe(0);
    expect(again).toEqual(year);
    const alone = await scoreYear(rubric, await scoringData(store), 2017, { evidence: false });
    expect(again.units).toEqual(alone.units);
  });

  it("looks for the year's data ending early once, for the year-end result, not again for its checklist", async () => {
    await dataWritten();
    const remembered = vi.spyOn(store.raw, "remember");
    const bulletin = await yearBulletinData(store, "2017", NOW);
    expect(bulletin.checklists.map((c) => c.name)).toEqual(["综合管理"]);
    expect(remembered.mock.calls.filter(([key]) => key.includes(`AS "received"`)).length).toBe(3);
  });
});

/**
 * A year none of whose months has data (no unit has an order received in any of them) is as a month without data: its
 * page says 无数据, not a ranking of every unit tied first at full marks, and it is not published (confirmed or not),
 * opened to the units nor given a bulletin — refused, saying which year and what to import, nothing written. A year some
 * month of which has data is scored and published as before. (A new county's first run showed 2026 ranked, every unit
 * 40.00 and 第1, publishable on a confirmation.) The data: the 2017 rubric (in force from 2017-09, open-ended), two
 * towns with orders in October and November 2017 only: 2018 has none.
 */
import { readFileSync } from "node:fs";
import { type Order, shanghaiEpoch, type Unit } from "@kaohe/data";
import { openStore, type Store } from "@kaohe/db";
import { databases, replaceRecords, useDatabase } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCycle, openPreview } from "../src/cycle.ts";
import { currentPublication, publishPeriod } from "../src/publication.ts";
import { createDraft, publishRubricVersion } from "../src/rubrics.ts";
import { scoreForPeriod, unitDetail } from "../src/score-views.ts";
import { yearBulletinData } from "../src/year-bulletin.ts";
import { testOrder } from "./support/orders.ts";
import { refusal } from "./support/refusal.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const at = (m: number, d: number, h = 9) => shanghaiEpoch(2017, m, d, h);
const units: Unit[] = [
  { code: "T1", name: "甲镇", category: "镇", attributes: {} },
  { code: "T2", name: "乙镇", category: "镇", attributes: {} },
];
const order = (id: string, unit: string, m: number): Order => testOrder({ id, unit, receivedAt: at(m, 9), dueAt: at(m, 16, 17), closedAt: at(m, 11, 10) });

describe.each(databases)("a year without data on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    await replaceRecords(store.raw, { units, orders: [order("A1", "T1", 10), order("B1", "T2", 10), order("C1", "T1", 11)], events: [] });
    const draft = await createDraft(store, { text: RUBRIC_2017, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
  });
  afterAll(async () => {
    await store?.close();
  });

  // what would be written by a publication, an opening or a bulletin: none of it
  const written = async () => ({
    publications: await store.prisma.publishedResult.count(),
    cycles: await store.prisma.assessmentCycle.count(),
    bulletins: await store.prisma.bulletin.count(),
    audit: await store.prisma.auditLog.count({ where: { action: { not: "rubric.publish" } } }),
  });

  it("says 无数据 of the year none of whose months has data, not of a year with some", async () => {
    expect((await scoreForPeriod(store, "2018")).noData).toBe(true);
    // 2017: September and December without data, October and November with: a year scored as before
    const y2017 = await scoreForPeriod(store, "2017");
    expect([y2017.noData, y2017.months]).toEqual([false, ["2017-10", "2017-11"]]);
    // a unit's page alike: its full-marks year of 2018 is no result (it showed 100.00, first of its category)
    expect((await unitDetail(store, "2018", "T1")).noData).toBe(true);
    expect((await unitDetail(store, "2017", "T1")).noData).toBe(false);
  });

  it("refuses to publish, open or give the bulletin of the year without data, confirmed or not; nothing is written", async () => {
    const before = await written();
    const noData = (what: string) =>
      new RegExp(
        `^2018年度无数据：没有一个单位有本年受理的工单，不计分、不排名，${what}。请先在“数据”页导入本年各月的工单文件（文件名以“工单”或 orders 开头，如“工单2018年1月\\.xlsx”）$`,
      );
    for (const input of [{}, { confirmEmpty: true, confirmUnfinished: true, confirmUndecided: true }]) {
      const e = await refusal(publishPeriod(store, "2018", { actor: "测试员", ...input }));
      expect([e.code, e.detail]).toEqual(["CONFLICT", { noData: true, period: "2018" }]);
      expect(e.zh).toMatch(noData("不能发布"));
    }
    const open = await refusal(openPreview(store, "2018", { actor: "测试员" }));
    expect([open.code, open.detail]).toEqual(["CONFLICT", { noData: true, period: "2018" }]);
    expect(open.zh).toMatch(noData("不能向各单位开放"));
    const bulletin = await refusal(yearBulletinData(store, "2018"));
    expect([bulletin.code, bulletin.detail]).toEqual(["CONFLICT", { noData: true, period: "2018" }]);
    expect(bulletin.zh).toMatch(noData("不能生成年度考核结果通报"));
    expect(await currentPublication(store, "2018")).toBeNull();
    expect((await getCycle(store, "2018")).stage).toBe("closed");
    expect(await written()).toEqual(before);
  });

  it("publishes a year some month of which has data, and gives its bulletin, as before", async () => {
    expect((await yearBulletinData(store, "2017")).groups.length).toBeGreaterThan(0);
    const published = await publishPeriod(store, "2017", { actor: "测试员" });
    expect([published.period, published.result.months]).toEqual(["2017", ["2017-10", "2017-11"]]);
  });
});

/**
 * What publishing a draft would change says which of its months hold data, on both databases. A new county's store
 * with units and one month's orders and events was told, publishing its first rubric, of "15 个有数据的月份" of which
 * all 15 would change (found by a helper following the README): every month from the version's first to the latest
 * with data was counted as one with data. Now each month says whether it has data, and a year none of whose units gets
 * a score is not said to change. Whether it has data is the year's and the trend's rule (an order of any unit): the
 * dialog counted a month of events alone as one with data, while the trend showed it 无数据 and the year left it out
 * (its order file not imported yet: publishing it would publish scores without a single order). It is the month page's
 * and the publication's test (monthWithoutData): a month whose orders the populations all leave out has data there,
 * and the dialog said 无数据 of it (it asked monthCounts alone).
 */
import { openStore, type Store } from "@kaohe/db";
import { databases, useDatabase, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPreview } from "../src/cycle.ts";
import { importData } from "../src/import-warnings.ts";
import { publishPeriod } from "../src/publication.ts";
import { publishImpact } from "../src/publish-impact.ts";
import { createDraft, publishRubricVersion } from "../src/rubrics.ts";
import { scoreForPeriod, scoreTrend } from "../src/score-views.ts";
import { eventsMonthRubric } from "./support/test-rubrics.ts";

const dir = useTempDir("kaohe-publish-impact-months-");

/** A store of this database with these files imported (CSV lines by file name), as a county's first import. */
async function storeWith(url: string, files: Record<string, string[]>): Promise<Store> {
  const store = await openStore(url);
  const result = await importData(
    store,
    Object.entries(files).map(([name, lines]) => ({ path: writeCsvText(dir, name, lines), name })),
    { actor: "导入员" },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return store;
}

const rubric = (version: string, points: number) => eventsMonthRubric({ version, from: "2017-11", points });

describe.each(databases)("the months a draft would be used for, with data or without, on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await storeWith(database.url, {
      "units.csv": ["单位编码,单位名称,类别", "T1,新城镇,镇", "T2,唐山镇,镇"],
      // an event in 2018-02, orders in 2018-03 (the latest month with data); nothing in 2017-11 to 2018-01
      "events.csv": ["事件编号,单位,日期,事件类型", "E1,T1,2018-02-06,推诿扯皮"],
      "orders.csv": ["工单编号,承办单位,来源,受理时间,办理时限", "A1,T1,县中心,2018-03-05 09:00,2018-03-20", "A2,T2,县中心,2018-03-06 09:00,2018-03-20"],
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("each month says whether it has data as the year counts it (orders; events alone are not); a year that scores no unit does not change", async () => {
    const draft = await createDraft(store, { text: rubric("2018", 5), author: "测试员" });
    const impact = await publishImpact(store, draft.id);
    expect(impact.months.map((m) => [m.month, m.hasData, m.changedUnits, m.units])).toEqual([
      ["2017-11", false, 2, 2],
      ["2017-12", false, 2, 2],
      ["2018-01", false, 2, 2],
      // an event and no order: its orders are not imported yet; the year leaves it out, the trend shows it 无数据
      ["2018-02", false, 2, 2],
      ["2018-03", true, 2, 2],
    ]);

    // 2017 counts no month (no orders in any): no unit gets a year-end score, none is said to change; 2018's do
    expect(impact.years.map((y) => [y.year, y.changedUnits, y.units])).toEqual([
      ["2017", 0, 2],
      ["2018", 2, 2],
    ]);
    // published, then another draft that scores the event otherwise: only the month of the event changes
    await publishRubricVersion(store, draft.id, "测试员");
    // one rule: the months with data are those the year counts and the trend plots, and the month page's
    const year = await scoreForPeriod(store, "2018");
    expect(year.months).toEqual(impact.months.filter((m) => m.hasData && m.month.startsWith("2018")).map((m) => m.month));
    const trend = await scoreTrend(store, { unitCode: "T1", endMonth: "2018-03", months: 5 });
    expect(trend.points.map((p) => [p.month, !p.noData])).toEqual(impact.months.map((m) => [m.month, m.hasData]));
    for (const m of impact.months) expect((await scoreForPeriod(store, m.month)).noData, m.month).toBe(!m.hasData);
    const other = await createDraft(store, { text: rubric("2018-改", 10), author: "测试员" });
    const changed = await publishImpact(store, other.id);
    expect(changed.months.map((m) => [m.month, m.hasData, m.changedUnits])).toEqual([
      ["2017-11", false, 0],
      ["2017-12", false, 0],
      ["2018-01", false, 0],
      ["2018-02", false, 1],
      ["2018-03", true, 0],
    ]);
    // a month open to the units (their objections on its scores as they stand) says so; the others do not
    expect(changed.months.some((m) => m.openToUnits)).toBe(false);
    await openPreview(store, "2018-03", { actor: "考核办" });
    const opened = await publishImpact(store, other.id);
    expect(opened.months.filter((m) => m.openToUnits).map((m) => m.month)).toEqual(["2018-03"]);
    expect(opened.years.map((y) => [y.year, y.openToUnits])).toEqual([
      ["2017", false],
      ["2018", false],
    ]);
  });
});

describe.each(databases)("a draft in force from within a year: the months its year-end counts, on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await storeWith(database.url, {
      "units.csv": ["单位编码,单位名称,类别", "T1,新城镇,镇", "T2,唐山镇,镇"],
      "orders.csv": [
        "工单编号,承办单位,来源,受理时间,办理时限",
        "A1,T1,县中心,2018-01-05 09:00,2018-01-20",
        "A2,T2,县中心,2018-02-06 09:00,2018-02-20",
        "A3,T1,县中心,2018-03-06 09:00,2018-03-20",
      ],
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("are those it is in force in, said beside those the version in force counts (a policy officer's walk: December alone, unsaid)", async () => {
    const first = await createDraft(store, { text: rubric("2017", 5), author: "测试员" });
    await publishRubricVersion(store, first.id, "测试员");
    // the year counts the months with orders (办法五: 各月平均): January to March under the version in force since 2017-11
    const later = await createDraft(store, { text: rubric("2018-3月起", 5).replace("in force from 2017-11", "in force from 2018-03"), author: "测试员" });
    const impact = await publishImpact(store, later.id);
    expect(impact.years.map((y) => [y.year, y.months, y.monthsBefore])).toEqual([["2018", ["2018-03"], ["2018-01", "2018-02", "2018-03"]]]);
  });
});

describe.each(databases)("a month whose orders every population leaves out, on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    // orders received in 2018-03, all from a source the draft's one population leaves out (its condition's mistake)
    store = await storeWith(database.url, {
      "units.csv": ["单位编码,单位名称,类别", "T1,新城镇,镇", "T2,唐山镇,镇"],
      "orders.csv": ["工单编号,承办单位,来源,受理时间,办理时限", "A1,T1,市平台,2018-03-05 09:00,2018-03-20", "A2,T2,市平台,2018-03-06 09:00,2018-03-20"],
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("has data in the publish dialog as on its page (monthWithoutData), and publishes: the two said otherwise", async () => {
    const text = rubric("县中心", 5).replace("orders where 受理时间 in period", 'orders where 受理时间 in period and 来源 = "县中心"');
    const draft = await createDraft(store, { text, author: "测试员" });
    const impact = await publishImpact(store, draft.id);
    await publishRubricVersion(store, draft.id, "测试员");
    const page = await scoreForPeriod(store, "2018-03");
    // the ranking says why: its population holds none of the month's orders
    expect(page.warnings.map((w) => w.code)).toContain("empty-population");
    expect(page.noData).toBe(false);
    expect(impact.months.find((m) => m.month === "2018-03")?.hasData).toBe(true);
    for (const m of impact.months) expect((await scoreForPeriod(store, m.month)).noData, m.month).toBe(!m.hasData);
    // a month with data publishes (with the confirmation a month with no order read asks for)
    await openPreview(store, "2018-03", { actor: "考核办" });
    const published = await publishPeriod(store, "2018-03", { actor: "考核办", confirmEmpty: true });
    expect(published.period).toBe("2018-03");
  });
});

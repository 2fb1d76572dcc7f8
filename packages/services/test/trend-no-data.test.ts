/**
 * A unit's trend says 无数据 of a month no unit has an order in, as the year leaves it out, on both databases. A new
 * county (临朐县 2019) published its first rubric in force from January, its data beginning in March: the unit page's
 * trend plotted 2019年1月 and 2月 at 100.00 and 第1, while the year counted March and April only (found by a finder).
 */
import { openStore, type Store } from "@kaohe/db";
import { databases, useDatabase, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importData } from "../src/import-warnings.ts";
import { compileVersion, createDraft, publishRubricVersion, versionInForce } from "../src/rubrics.ts";
import { scoreTrend } from "../src/score-views.ts";
import { scorePeriod } from "../src/scores.ts";
import { eventsMonthRubric } from "./support/test-rubrics.ts";

const dir = useTempDir("kaohe-trend-no-data-");

const RUBRIC = eventsMonthRubric({ name: "临朐县测试办法", version: "2019", from: "2019-01" });

describe.each(databases)("a unit's trend over months without data, on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    const files: Record<string, string[]> = {
      "units.csv": ["单位编码,单位名称,类别", "LQ01,城关街道,镇", "LQ02,东城街道,镇", "LQ03,冶源镇,镇"],
      // orders in March (not LQ03's) and April; nothing in January and February
      "orders.csv": [
        "工单编号,承办单位,来源,受理时间,办理时限",
        "A1,LQ01,县中心,2019-03-05 09:00,2019-03-20",
        "A2,LQ02,县中心,2019-03-06 09:00,2019-03-20",
        "A3,LQ01,县中心,2019-04-03 09:00,2019-04-18",
        "A4,LQ03,县中心,2019-04-04 09:00,2019-04-18",
      ],
      // LQ01 loses 5 points in March: the month ranks the units apart
      "events.csv": ["事件编号,单位,日期,事件类型", "E1,LQ01,2019-03-12,推诿扯皮"],
    };
    const result = await importData(
      store,
      Object.entries(files).map(([name, lines]) => ({ path: writeCsvText(dir, name, lines), name })),
      { actor: "导入员" },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const draft = await createDraft(store, { text: RUBRIC, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
  });
  afterAll(async () => {
    await store?.close();
  });

  it("has no score nor rank in the months the year leaves out, and scores a month with data the unit had no orders in", async () => {
    const { points } = await scoreTrend(store, { unitCode: "LQ03", endMonth: "2019-04", months: 12 });
    // 2018-05 … 2018-12 come before the rubric: left out. January and February hold no order of any unit: 无数据
    expect(points.map((p) => [p.month, p.noData, p.score, p.rank])).toEqual([
      ["2019-01", true, null, null],
      ["2019-02", true, null, null],
      // March holds the other units' orders: LQ03, without any, keeps its base 30 (no complaint, no deduction), tied
      // first with LQ02 (30) ahead of LQ01 (30 − 5 for its 推诿扯皮)
      ["2019-03", false, 30, 1],
      ["2019-04", false, 30, 1],
    ]);
    // the same rule as the year's: the months it leaves out, of those the rubric is in force in, are the trend's 无数据
    const year = await scorePeriod(store, compileVersion(await versionInForce(store, "2019-12")), "2019", { evidence: false, dataCutoff: false });
    expect(year.months).toEqual(["2019-03", "2019-04"]);
    expect(points.filter((p) => p.noData).map((p) => p.month)).toEqual(points.map((p) => p.month).filter((m) => !year.months.includes(m)));
  });
});

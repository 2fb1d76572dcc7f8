/**
 * A monthly total that combines other assessments and has an item of its own (`总分 = 80% × 工单指标 + 20% × 督办事项 +
 * 表扬`, the manual's §3.18 way of an 80/20 composite plus a bonus): the unit's page listed its 表扬 alone, not the 20
 * points lost in 督办事项 (a 督办未落实 event) nor any item of 工单指标 (another county's officer). The assessments a total
 * reads are listed whether or not it has items of its own, with their items and the records behind them; one that
 * reads none lists nothing, as before.
 */
import { openStore, type Store } from "@kaohe/db";
import { databases, useDatabase, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importData } from "../src/import-warnings.ts";
import { createDraft, publishRubricVersion } from "../src/rubrics.ts";
import { unitDetail } from "../src/score-views.ts";

const dir = useTempDir("kaohe-referenced-beside-items-");
const MONTH = "2024-02";

const RUBRIC = `rubric "青石县测试办法" version "2024"
  in force from 2024-01

category 部门 "县直部门"

event 督办未落实 "督办事项经核查未落实" points 20
event 通报表扬 "市级以上部门通报表扬" points 1

population 本期工单 "本月受理工单" = orders where 受理时间 in period
population 本期事件 "本月考核事件" = events where 日期 in period

measure 工单数 "承办量" = count 本期工单
measure 按期件数 "按期办结件数" = count 本期工单 where 办结时间 is not missing and 办结时间 <= 办理时限

rate 按期率 "按期办结率" = 按期件数 / 工单数, when zero: not applicable "本月无工单"

monthly 工单指标 "工单办理指标" {
  item 按期 "按期办结率" 100 points = 100 × 按期率
  bonus 第一 "按期办结率组内第一" up to 1 = if 组内名次(按期率) = 1 then 1 else 0
}

monthly 督办事项 "督办事项" {
  item 督办 "督办事项" 100 points {
    deduct per 督办未落实
  }
}

monthly 月度考核 "月度考核" {
  bonus 表扬 "表扬加分" up to 2 {
    add per 通报表扬
  }
  total = 80% × 工单指标 + 20% × 督办事项 + 表扬
}

monthly 工单考核 "工单考核（只有考核项）" {
  item 按期 "按期办结率" 100 points = 100 × 按期率
}

ranking {
  monthly 月度考核
  within category
  volume 工单数
}
`;

describe.each(databases)("a total of other assessments beside an item of its own, on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    const files: Record<string, string[]> = {
      "units.csv": ["单位编码,单位名称,类别", "SC01,县市场监督管理局,部门", "ZR01,县自然资源局,部门"],
      // SC01: one of its four orders closed late (按期 75); ZR01: both on time
      "orders.csv": [
        "工单编号,承办单位,来源,受理时间,办理时限,办结时间",
        "A1,SC01,县中心,2024-02-01 09:00,2024-02-10,2024-02-05 10:00",
        "A2,SC01,县中心,2024-02-02 09:00,2024-02-10,2024-02-06 10:00",
        "A3,SC01,县中心,2024-02-03 09:00,2024-02-10,2024-02-07 10:00",
        "A4,SC01,县中心,2024-02-04 09:00,2024-02-10,2024-02-20 10:00",
        "B1,ZR01,县中心,2024-02-01 09:00,2024-02-10,2024-02-05 10:00",
        "B2,ZR01,县中心,2024-02-02 09:00,2024-02-10,2024-02-06 10:00",
      ],
      // SC01 loses 20 in 督办事项 and earns the 2 of 表扬
      "events.csv": ["事件编号,单位,日期,事件类型,次数", "SJ202402032,SC01,2024-02-24,督办未落实,1", "SJ202402033,SC01,2024-02-19,通报表扬,2"],
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

  it.each([
    ["the center", false],
    ["the unit's own user", true],
  ])("%s: both assessments the total reads, their items and the records behind the points lost", async (_who, ownOnly) => {
    const d = await unitDetail(store, MONTH, "SC01", undefined, undefined, { ownOnly });
    expect(d.assessment.name).toBe("月度考核");
    // 80% × 75 + 20% × 80 + 2 = 78
    expect(d.unit.published).toBe(78);
    expect(d.unit.items.map((i) => i.code)).toEqual(["表扬"]);
    expect(d.referenced.map((r) => [r.assessment.name, r.took, r.unit.published])).toEqual([
      ["工单指标", true, 75],
      ["督办事项", true, 80],
    ]);
    const [orders, supervision] = d.referenced;
    // the order closed late, behind the 25 points 按期 lost
    const onTime = orders?.unit.items.find((i) => i.code === "按期");
    expect(onTime?.published).toBe(75);
    expect(
      onTime?.measures
        .find((m) => m.name === "工单数")
        ?.records.slice()
        .sort(),
    ).toEqual(["A1", "A2", "A3", "A4"]);
    expect(
      onTime?.measures
        .find((m) => m.name === "按期件数")
        ?.records.slice()
        .sort(),
    ).toEqual(["A1", "A2", "A3"]);
    // the event behind the 20 points lost in 督办事项, out of its own 100
    const item = supervision?.unit.items.find((i) => i.code === "督办");
    expect(item).toMatchObject({ published: 80, max: 100 });
    expect(item?.adjustments.flatMap((a) => a.records)).toEqual(["SJ202402032"]);
    expect(supervision?.unit.outOf).toEqual({ full: 100, bonus: 0, rescaled: false });
    // the group's values behind a rank are the center's to read, not the unit's (县自然资源局's 100%)
    const first = orders?.unit.items.find((i) => i.code === "第一");
    expect(first?.published).toBe(0);
    if (ownOnly) expect(first?.substituted).not.toContain("县自然资源局");
    else expect(first?.substituted).toContain("县自然资源局");
  });

  it("an assessment whose items are its score and whose total reads nothing: nothing referenced, as before", async () => {
    const d = await unitDetail(store, MONTH, "SC01", undefined, "工单考核");
    expect(d.unit.items.map((i) => i.code)).toEqual(["按期"]);
    expect(d.referenced).toEqual([]);
  });
});

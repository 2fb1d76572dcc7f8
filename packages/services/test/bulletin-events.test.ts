/**
 * The bulletin's 发现的问题 gives each event type the points its item deducts for it. An item that stops at its points
 * (扣完为止) loses no more than them: 甲镇's 6 工单不规范 at 2 points each were printed as 12.00 on an item of 10, under
 * a note saying the figure is deducted from the item (a year-end walk). A type alone beyond its item counts the item's
 * points; types sharing an item keep theirs, marked with what the item deducts at most; a continuing deduction is not
 * bounded by its item.
 */
import type { Store } from "@kaohe/db";
import { databases, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { bulletinData } from "../src/bulletin.ts";
import { publishPeriod } from "../src/publication.ts";
import { useRubricStore } from "./support/rubric-store.ts";

const dir = useTempDir("kaohe-bulletin-events-");
let files = 0;
const file = (kind: string, lines: string[]) => ({ path: writeCsvText(dir, `${kind}-${++files}.csv`, lines), name: `${kind}-${files}.csv` });

const rubric = `rubric "测试办法" version "扣完为止"
  in force from 2017-01

category 镇 "镇"

event 工单不规范 "不按规定格式办理工单" points 2
event 人员不足 "未配备工作人员" points 1
event 变更未报备 "人员变更未报备" points 1
event 媒体曝光 "被媒体曝光" points 2
event 宣传不到位 "宣传不到位" points 2
event 报送迟延 "报送迟延" points 2

population 本期办结 "本期办结工单" = orders where 办结时间 in period
population 本期事件 "本期考核事件" = events where 日期 in period
measure 办结数 "办结件数" = count 本期办结

monthly 月度 "月度考核" {
  window month
  item 办结 "办结" 100 points = 100
}

yearly 综合管理 "综合管理考核" {
  window year
  item 2.3 "按要求进行工单办理" 10 points {
    deduct per 工单不规范
  }
  item 1.2 "配备工作人员" 6 points {
    deduct per 人员不足
    deduct per 变更未报备
  }
  item 2.2 "服务质量" 5 points {
    deduct per 媒体曝光 continuing
  }
  item 3.1 "宣传" 8 points {
    at least 2
    deduct per 宣传不到位
  }
  item 4.1 "报送" 5 points {
    deduct 1 per 办结数
    deduct per 报送迟延
  }
}

ranking {
  monthly 月度
  within category
  volume 办结数
  order by score desc, volume desc
  ties shared
  round 2 decimals
}
`;

describe.each(databases)("the bulletin's events on $label", (target) => {
  const { store: storeOf, run } = useRubricStore(target, rubric, () => file("units", ["单位编码,单位名称,类别", "T1,新城镇,镇", "T2,唐山镇,镇"]));
  let store: Store;
  beforeAll(() => {
    store = storeOf();
  });

  /** an order of the month (a month without one is 无数据: no bulletin) */
  const anOrder = async (id: string, month: string) => {
    const imported = await run(
      file("orders", ["工单编号,承办单位,来源,受理时间,办理时限,办结时间", `${id},T1,县中心,${month}-02 09:00,${month}-09,${month}-05 10:00`]),
    );
    expect(imported.ok, JSON.stringify(imported)).toBe(true);
  };

  it("count what the item can lose, and say when it deducts at most its points", async () => {
    await anOrder("O3", "2018-03");
    const events = await run(
      file("events", [
        "事件编号,单位,日期,事件类型,次数,说明",
        "E1,T1,2018-03-05,工单不规范,6,",
        "E2,T2,2018-03-06,工单不规范,2,",
        "E3,T1,2018-03-07,人员不足,5,",
        "E4,T1,2018-03-08,变更未报备,3,",
        "E5,T2,2018-03-09,媒体曝光,4,",
      ]),
    );
    expect(events.ok, JSON.stringify(events)).toBe(true);
    const d = await bulletinData(store, "2018-03");
    const byType = new Map(d.events.map((e) => [e.type, e]));
    // 新城镇: 6 × 2 = 12 on an item of 10 that stops there → 10; 唐山镇: 2 × 2 = 4, within it
    expect(byType.get("工单不规范")?.units).toEqual([
      { unit: "新城镇", count: 6, points: 10, listed: 12, cap: { item: "按要求进行工单办理", max: 10, shared: false } },
      { unit: "唐山镇", count: 2, points: 4, listed: 4, cap: null },
    ]);
    expect(byType.get("工单不规范")?.points).toBe(14);
    // 新城镇's 5 + 3 = 8 in item 1.2 of 6: neither type's share of the 6 is its own, each keeps its figure, marked
    expect(byType.get("人员不足")?.units).toEqual([{ unit: "新城镇", count: 5, points: 5, listed: 5, cap: { item: "配备工作人员", max: 6, shared: true } }]);
    expect(byType.get("变更未报备")?.units[0]?.cap).toEqual({ item: "配备工作人员", max: 6, shared: true });
    // continuing: 4 × 2 = 8 on an item of 5 goes on into the total
    expect(byType.get("媒体曝光")?.units).toEqual([{ unit: "唐山镇", count: 4, points: 8, listed: 8, cap: null }]);
  });

  it("an item's floor lowers what it can lose; another deduction sharing the item leaves no amount the type's own", async () => {
    await anOrder("O5", "2018-05");
    const events = await run(file("events", ["事件编号,单位,日期,事件类型,次数,说明", "F1,T1,2018-05-05,宣传不到位,4,", "F2,T2,2018-05-06,报送迟延,3,"]));
    expect(events.ok, JSON.stringify(events)).toBe(true);
    const byType = new Map((await bulletinData(store, "2018-05")).events.map((e) => [e.type, e]));
    // 4 × 2 = 8 on an item of 8 at least 2: it loses at most 8 − 2 = 6 (it said "最多扣 8 分" of a cap it never reached)
    expect(byType.get("宣传不到位")?.units).toEqual([{ unit: "新城镇", count: 4, points: 6, listed: 8, cap: { item: "宣传", max: 6, shared: false } }]);
    // 3 × 2 = 6 on an item of 5 that also deducts 1 per 办结数: what the item lost for the type is not its own, marked
    expect(byType.get("报送迟延")?.units).toEqual([{ unit: "唐山镇", count: 3, points: 6, listed: 6, cap: { item: "报送", max: 5, shared: true } }]);
  });
});

describe.each(databases)("a published month's bulletin after a later import on $label", (target) => {
  const { store: storeOf, run } = useRubricStore(target, rubric, () => file("units", ["单位编码,单位名称,类别", "T1,新城镇,镇", "T2,唐山镇,镇"]));
  let store: Store;
  beforeAll(() => {
    store = storeOf();
  });

  it("says the data changed since publication: its events are today's, not those published (6 events became 7 under 已发布)", async () => {
    const orders = await run(
      file("orders", ["工单编号,承办单位,来源,受理时间,办理时限,办结时间", "A1,T1,县中心,2018-04-02 09:00,2018-04-09,2018-04-05 10:00"]),
    );
    expect(orders.ok).toBe(true);
    expect((await run(file("events", ["事件编号,单位,日期,事件类型,次数,说明", "E1,T1,2018-04-05,工单不规范,1,"]))).ok).toBe(true);
    await publishPeriod(store, "2018-04", { actor: "测试员" });
    const published = await bulletinData(store, "2018-04");
    expect([published.published, published.changedSincePublished, published.totals.events]).toEqual([true, null, 1]);

    // an event of the month imported after publication: no score of the monthly assessment reads it
    expect((await run(file("events", ["事件编号,单位,日期,事件类型,次数,说明", "E2,T2,2018-04-28,媒体曝光,1,补录"]))).ok).toBe(true);
    const later = await bulletinData(store, "2018-04");
    expect(later.totals.events).toBe(2);
    expect(later.changedSincePublished).toBe(
      "发布后数据有变动（按当前数据各单位的得分与名次不变）：排名、得分为发布时的结果，“发现的问题”按当前数据列出，可能与发布时不同。",
    );
  });
});

/**
 * The records that cost a rate its points, listed (scores.drilldown with `notIn`): for 唐山镇 in October 2018 of the
 * seeded demo, the visits not satisfied under 满意率 and the orders not completed under 办结率 — the lists `kaohe explain`
 * prints ("失分的：回访件数中不属于办理结果满意件数的 2 件"), which the console never showed: a leader compared the 回访件数
 * and 办理结果满意件数 lists by hand. The unit's own user sees them for its unit only, as the other lists.
 */
import { lostRecords } from "@kaohe/services/lost-records";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededApi, rejection, type TestApi } from "./support.ts";

const MONTH = "2018-10";
const UNIT = "HTZ01";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
}, 120_000);
afterAll(() => api?.close());

const idsOf = async (caller: TestApi["caller"], measure: string, notIn?: string, unitCode = UNIT) =>
  (await caller.scores.drilldown({ period: MONTH, unitCode, measure, notIn, pageSize: 500 })).rows.map((r) => r.id).sort();

describe("scores.drilldown notIn: the records that cost a rate its points", () => {
  it("lists for each numerator of 满意率 and 办结率 the denominator's orders it does not count: what kaohe explain names", async () => {
    const detail = await api.caller.scores.unitDetail({ period: MONTH, unitCode: UNIT });
    const lost = detail.unit.items.flatMap((i) => lostRecords(i.measures).map((l) => ({ item: i.code, ...l })));
    // both rates earn points: 满意率 from its two satisfied counts over the visits, 办结率 from the completed over all
    expect(lost.map((l) => [l.item, l.base.label, l.kept.label])).toEqual([
      ["满意率考核", "回访件数", "服务过程满意件数"],
      ["满意率考核", "回访件数", "办理结果满意件数"],
      ["办结率考核", "承办量", "办结件数"],
    ]);
    for (const l of lost) {
      const listed = await idsOf(api.caller, l.base.name, l.kept.name);
      // kaohe explain prints lostRecords of the same result: the same orders
      expect(listed, l.kept.label ?? l.kept.name).toEqual([...l.records].sort());
      // and they are what the leader found comparing the two lists by hand
      const kept = new Set(await idsOf(api.caller, l.kept.name));
      expect(listed).toEqual((await idsOf(api.caller, l.base.name)).filter((id) => !kept.has(id)));
      expect(listed.length, "each count missed some of October's orders").toBeGreaterThan(0);
      // the score is as many short: 20 visits satisfied of 22 lose 2
      expect(listed.length).toBe((l.base.value ?? 0) - (l.kept.value ?? 0));
    }
    // the visits listed under a satisfied count are the ones not rated satisfied on it (the rubric's 满意, 基本满意, 一般)
    const page = await api.caller.scores.drilldown({ period: MONTH, unitCode: UNIT, measure: "回访数", notIn: "结果满意数", pageSize: 500 });
    expect(page.notIn).toEqual({ name: "结果满意数", label: "办理结果满意件数" });
    for (const o of page.rows) {
      expect("visited" in o && o.visited, o.id).toBe(true);
      expect(["满意", "基本满意", "一般"], o.id).not.toContain("resultSatisfaction" in o ? o.resultSatisfaction : null);
    }
  });

  it("is open to the unit's own user for its unit only, as the other lists", async () => {
    const unit = api.as("unit");
    const asked = { period: MONTH, unitCode: UNIT, measure: "工单数", notIn: "办结件数" };
    // a month not yet opened to the units: refused, as its other lists are
    expect((await rejection(unit.scores.drilldown(asked))).code).toBe("FORBIDDEN");
    await api.as("admin").cycle.openPreview({ period: MONTH });
    expect(await idsOf(unit, "工单数", "办结件数")).toEqual(await idsOf(api.caller, "工单数", "办结件数"));
    expect((await rejection(unit.scores.drilldown({ ...asked, unitCode: "HTZ02" }))).code).toBe("FORBIDDEN");
  });

  it("refuses a measure of other records, and one the rubric does not have, in Chinese", async () => {
    const asked = { period: MONTH, unitCode: UNIT, measure: "工单数" };
    // 应办未办事件 sums events: the orders cannot be left out of them
    expect((await rejection(api.caller.scores.drilldown({ ...asked, notIn: "应办未办事件" }))).message).toContain("不是同一类记录");
    expect((await rejection(api.caller.scores.drilldown({ ...asked, notIn: "没有这个计数" }))).message).toContain("规则中没有名为“没有这个计数”的计数");
  });
});

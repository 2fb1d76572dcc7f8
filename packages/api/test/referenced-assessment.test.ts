/**
 * A ranked assessment with no items whose total takes another assessment's score (`月度考核 { 总分 = 若 工单数 >= 5 则
 * 基础得分 否则 组内平均(…) }`, 基础得分 holding the items and `折算为 100`: another district's walk). The unit's page
 * showed 逐项得分 暂无数据 and 失分 0.00 under its score: `scores.unitDetail` now gives the items of the assessment the
 * total read, and `scores.drilldown` the orders behind them, to the unit's own user as to the center.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededApi, rejection, type TestApi, variantOf2017 } from "./support.ts";

const MONTH = "2017-11";
const FLOOR = 5;
let api: TestApi;

/** The 2017 items kept in 投诉件办理, the ranking moved to 月度考核, which takes its score or, under FLOOR orders, the group's mean. */
function totalFromAnother(text: string): string {
  const at = text.indexOf("\n# 附件1 综合管理考核细则");
  if (at < 0) throw new Error("the 2017 rubric moved: update the test");
  const monthly = `
monthly 月度考核 "月度考核" {
  total = if 工单数 >= ${FLOOR} then 投诉件办理 else group_mean(if 工单数 >= ${FLOOR} then 投诉件办理 else not applicable)
}
`;
  return `${text.slice(0, at)}${monthly}${text.slice(at)}`.replace("ranking {\n  monthly 投诉件办理\n", "ranking {\n  monthly 月度考核\n");
}

beforeAll(async () => {
  api = await openSeededApi();
  const text = await variantOf2017(api, "总分取自另一考核", totalFromAnother);
  const v = await api.caller.rubrics.createDraft({ text });
  await api.caller.rubrics.publish({ id: v.id, contentHash: v.contentHash });
});
afterAll(() => api?.close());

describe("a total taken from another assessment, on the unit's page", () => {
  it("the center: the items of the assessment the score came from, as that assessment scores them", async () => {
    const d = await api.caller.scores.unitDetail({ period: MONTH, unitCode: "HTZ01" });
    expect(d.assessment.name).toBe("月度考核");
    expect(d.unit.items).toEqual([]);
    expect(d.unit.volume).toBeGreaterThanOrEqual(FLOOR);
    expect(d.referenced).toHaveLength(1);
    const [r] = d.referenced;
    expect(r?.assessment).toMatchObject({ name: "投诉件办理", label: "投诉件办理考核" });
    expect(r?.took).toBe(true);
    expect(r?.unit.published).toBe(d.unit.published);
    expect(r?.unit.items.map((i) => i.code)).toEqual(["十个新突破", "按期办结", "退回重办", "满意率考核", "办结率考核"]);
    // the same items as the assessment asked by name
    const named = await api.caller.scores.unitDetail({ period: MONTH, unitCode: "HTZ01", assessment: "投诉件办理" });
    expect(r?.unit.items.map((i) => [i.code, i.published])).toEqual(named.unit.items.map((i) => [i.code, i.published]));
    expect(named.referenced).toEqual([]);
  });

  it("a unit given the group's mean: the assessment still listed, said not to be where its score came from", async () => {
    const month = await api.caller.scores.month({ month: MONTH });
    const small = month.units.find((u) => u.volume < FLOOR && u.published !== null);
    if (!small) throw new Error(`no unit of ${MONTH} has fewer than ${FLOOR} orders in the demo: update the test`);
    const d = await api.caller.scores.unitDetail({ period: MONTH, unitCode: small.unit.code });
    expect(d.referenced.map((r) => [r.assessment.name, r.took])).toEqual([["投诉件办理", false]]);
  });

  it("the unit's own user, once the month is opened to the units: the items and the orders behind a deduction", async () => {
    const unit = api.as("unit");
    expect((await rejection(unit.scores.unitDetail({ period: MONTH, unitCode: "HTZ01" }))).code).toBe("FORBIDDEN");
    await api.caller.cycle.openPreview({ period: MONTH });
    const d = await unit.scores.unitDetail({ period: MONTH, unitCode: "HTZ01" });
    const [r] = d.referenced;
    expect(r?.took).toBe(true);
    // the orders behind a lost point: the counts each item read, with their records
    const counted = (r?.unit.items ?? []).flatMap((i) => i.measures).filter((m) => m.record === "orders" && m.records.length > 0);
    expect(counted.length).toBeGreaterThan(0);
    for (const m of counted) {
      const page = await unit.scores.drilldown({ period: MONTH, unitCode: "HTZ01", measure: m.name, assessment: "投诉件办理", pageSize: 500 });
      expect(page.total).toBe(m.records.length);
      expect(page.rows.map((o) => o.id).sort()).toEqual([...m.records].sort());
    }
    // another unit's stays refused
    expect((await rejection(unit.scores.unitDetail({ period: MONTH, unitCode: "HTZ02" }))).code).toBe("FORBIDDEN");
  });
});

/**
 * The lead the bulletin suggests names each category's first place; a category of a single unit has none to name
 * (城区街道办事处第一名为博昌街道办事处 of a county's one street office: a review): its score is said instead.
 */
import { expect, test } from "vitest";
import { type BulletinRow, defaultLead } from "../src/bulletin.ts";

const row = (unit: string, rank: number, score: number): BulletinRow => ({
  code: unit,
  unit,
  rank,
  score,
  volume: 30,
  previousRank: null,
  previousScore: null,
  rankChange: null,
  scoreChange: null,
  notCompared: null,
  notes: [],
});

test("a category of one unit gets its score said, not a first place", () => {
  const lead = defaultLead({
    title: "投诉动态",
    period: "2019-02",
    periodText: "2019年2月",
    issuer: null,
    rubric: { name: "博兴县市民投诉（民生热线）工作考核办法", version: "2019" },
    published: true,
    status: "已发布",
    previous: { period: "2019-01", periodText: "2019年1月", state: "none", note: null },
    totals: { units: 3, volume: 90, owing: 0, events: 0, eventUnits: 0 },
    groups: [
      { group: "镇", label: "镇", rows: [row("博昌镇", 1, 98.5), row("陈户镇", 2, 97)] },
      { group: "街道", label: "城区街道办事处", rows: [row("博昌街道办事处（城区综合执法中队）", 1, 96.25)] },
    ],
    duties: [],
    events: [],
  });
  expect(lead).toContain(
    "按《博兴县市民投诉（民生热线）工作考核办法》考核，镇第一名为博昌镇（98.50分），城区街道办事处仅1个单位（博昌街道办事处（城区综合执法中队）），得分96.25分。",
  );
  expect(lead).not.toContain("城区街道办事处第一名");
});

test("a category of one unit without a single order is said to have none, not given its rubric's full marks as a result", () => {
  const lead = defaultLead({
    title: "投诉动态",
    period: "2019-11",
    periodText: "2019年11月",
    issuer: null,
    rubric: { name: "桓台县市民投诉（民生热线）工作考核办法", version: "2017" },
    published: true,
    status: "已发布",
    previous: { period: "2019-10", periodText: "2019年10月", state: "compared", note: null },
    totals: { units: 3, volume: 60, owing: 0, events: 0, eventUnits: 0 },
    groups: [
      { group: "镇", label: "镇", rows: [row("甲镇", 1, 98.5), row("乙镇", 2, 97)] },
      // 东城街道 had no order in November: 100 by the rubric's "when zero" rules
      { group: "街道", label: "城区街道办事处", rows: [{ ...row("东城街道", 1, 100), volume: 0 }] },
    ],
    duties: [],
    events: [],
  });
  expect(lead).toContain("镇第一名为甲镇（98.50分），城区街道办事处仅1个单位（东城街道），本月无工单。");
  expect(lead).not.toContain("100.00分");
});

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

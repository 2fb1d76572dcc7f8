import { readFileSync } from "node:fs";
import { parse } from "@kaohe/rules-dsl";
import { describe, expect, it } from "vitest";
import { pointsLost, scoreTone, unrankedReason } from "./cells.tsx";
import { partMaxima } from "./part-maxima.ts";

const rubric2017 = parse(readFileSync(new URL("../../../../../rules/huantai/2017.kh", import.meta.url), "utf8"), { syntaxOnly: true }).ast;

describe("失分: full marks less the score, a bonus not earned is no point lost", () => {
  // 唐山镇 2018: 投诉件办理月均 76.50 / 80, 综合管理考核 17.80 (20% of 综合管理, 20 and up to 4 in bonuses)
  const items = [
    { code: "投诉件办理月均", bonus: false, published: 76.5, max: 80 },
    { code: "综合管理考核", bonus: false, published: 17.8, max: 24 },
  ];
  it("a year's weighted part loses against its stated share: 3.50 + 2.20 = 5.70, not 9.70", () => {
    expect(pointsLost(items, partMaxima(rubric2017, "年终成绩"))).toBe(5.7);
  });
  it("what the part's bonuses added beyond the share loses nothing, nor takes from the other items' losses", () => {
    const withBonus = [items[0] as (typeof items)[number], { code: "综合管理考核", bonus: false, published: 21.2, max: 24 }];
    expect(pointsLost(withBonus, partMaxima(rubric2017, "年终成绩"))).toBe(3.5);
  });
  it("a month without bonuses: the full marks less the score as published, so that the two add up as shown (果里镇 89.50 lost 10.50, not the items' rounded 10.49)", () => {
    // five parts whose published (rounded) values sum to 89.51 while the unit's score, rounded once, is 89.50
    const parts = [
      { code: "按期办结", bonus: false, published: 19.83, max: 20 },
      { code: "满意度", bonus: false, published: 19.83, max: 20 },
      { code: "回访", bonus: false, published: 19.83, max: 20 },
      { code: "重办", bonus: false, published: 15.01, max: 20 },
      { code: "事件", bonus: false, published: 15.01, max: 20 },
    ];
    expect(pointsLost(parts)).toBe(10.49);
    expect(pointsLost(parts, undefined, 89.5)).toBe(10.5);
  });
  it("a month: each item's maximum, bonus items aside", () => {
    expect(
      pointsLost([
        { code: "按期办结", bonus: false, published: 18.6, max: 20 },
        { code: "加分", bonus: true, published: 0, max: 5 },
      ]),
    ).toBe(1.4);
  });
  // 临川市 2019-01 (another city's rubric: 签收 5 not for 企业, 办结 35, 满意 40, 质量 20, 表扬 a bonus up to 2, rescale to 100)
  const city = (签收: number | undefined, 办结: number, 满意: number | null, 质量: number, 表扬: number | null) => [
    ...(签收 === undefined ? [] : [{ code: "签收", bonus: false, published: 签收, max: 5 }]),
    { code: "办结", bonus: false, published: 办结, max: 35 },
    { code: "满意", bonus: false, published: 满意, max: 40 },
    { code: "质量", bonus: false, published: 质量, max: 20 },
    { code: "表扬", bonus: true, published: 表扬, max: 2 },
  ];
  it("a score brought to 100 (`rescale to`) loses against the 100, not its items' losses before", () => {
    // (签收 undefined: not among the unit's items, an item for other categories)
    // 市城管局: 满意 not applicable (no call-back); 5 + 17.5 + 20 = 42.5 of 60 → 70.83 of 100: 100 − 70.83 = 29.17,
    // not the items' 0 + 17.50 + 0 = 17.50
    expect(pointsLost(city(5, 17.5, null, 20, 0), undefined, 70.83, { full: 100, bonus: 0 })).toBe(29.17);
    // 市供水公司: 签收 is not for 企业 (not among its items); 35 + 30 + 20 = 85 of 95 → 89.47: 100 − 89.47 = 10.53, not 10.00
    expect(pointsLost(city(undefined, 35, 30, 20, 0), undefined, 89.47, { full: 100, bonus: 0 })).toBe(10.53);
  });
  it("a bonus earned is no point lost back, and brings 失分 no lower than 0", () => {
    // 西城区: 4.38 + 30.63 + 35.71 + 14 = 84.72 as the items show, 84.71 as the score is (once rounded), no bonus:
    // 100 − 84.71 = 15.29, so that score and 失分 add up to 100 (the items' losses add to 15.28)
    expect(pointsLost(city(4.38, 30.63, 35.71, 14, 0), undefined, 84.71, { full: 100, bonus: 0 })).toBe(15.29);
    // 东城区: 4 + 28 + 30 + 18 = 80 and 表扬 2: 82.00, of which 80 of the 100: lost 20 (1 + 7 + 10 + 2), not 18
    expect(pointsLost(city(4, 28, 30, 18, 2), undefined, 82, { full: 100, bonus: 2 })).toBe(20);
    // full marks and a bonus of 2: 102.00 lost nothing, not −2
    expect(pointsLost(city(5, 35, 40, 20, 2), undefined, 102, { full: 100, bonus: 2 })).toBe(0);
  });
  it("a score a veto set to 0 loses the full marks, not its items' 0.00", () => {
    // 南湖区: every item full (100.00), 弄虚作假 → 0; its 0 holds no bonus: 100 − 0 = 100
    expect(pointsLost(city(5, 35, 40, 20, 0), undefined, 0, { full: 100, bonus: 0 })).toBe(100);
  });
  it("the score's colour: green only at full marks; a rescaled score short of them plain, a vetoed one red", () => {
    const marks = { sanctions: [], vetoes: [] };
    // 市城管局 70.83 of 100 (29.17 lost): plain; 南湖区 vetoed to 0 (100 lost): red; 市供水公司 had it all 95 → 100: green
    expect(scoreTone({ ...marks, published: 70.83 }, pointsLost(city(5, 17.5, null, 20, 0), undefined, 70.83, { full: 100, bonus: 0 }))).toBe("plain");
    expect(scoreTone({ ...marks, published: 0, vetoes: ["弄虚作假"] }, 100)).toBe("marked");
    expect(scoreTone({ ...marks, published: 100 }, pointsLost(city(undefined, 35, 40, 20, 0), undefined, 100, { full: 100, bonus: 0 }))).toBe("full");
  });
  it("a year's weighted part still loses against its stated share where the score's full marks count its bonus maximum", () => {
    // the engine's full marks count 综合管理考核 at 24 (80 + 24 = 104); the share is 20: 3.50 + 2.20 = 5.70 as before
    expect(pointsLost(items, partMaxima(rubric2017, "年终成绩"), 94.3, { full: 104, bonus: 0 })).toBe(5.7);
  });
});

describe("不排名 says why: the engine leaves a unit out for no score, or for too few orders", () => {
  it("a scored unit under the minimum volume is told its volume", () => {
    expect(unrankedReason({ published: 96.5, volume: 3, minimumVolume: 10 })).toBe("承办量 3 件，不足排名规则的最低承办量 10 件：计分，不参加排名");
    // a result published before the threshold was kept with it
    expect(unrankedReason({ published: 96.5, volume: 3 })).toBe("承办量 3 件，不足排名规则的最低承办量：计分，不参加排名");
  });
  it("a unit without a score is told so, whatever its volume", () => {
    expect(unrankedReason({ published: null, volume: 12 })).toBe("没有得分（各考核项均不适用），不参加排名");
  });
});

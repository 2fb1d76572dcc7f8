import { readFileSync } from "node:fs";
import { parse } from "@kaohe/rules-dsl";
import { describe, expect, it } from "vitest";
import { pointsLost, unrankedReason } from "./cells.tsx";
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

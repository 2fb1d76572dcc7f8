/**
 * `within … for yearly`: the year's ranking groups, beside the month's (volume bands by the year's volume,
 * not the month's). Expected numbers worked out by hand in the comments.
 */
import { format, parse } from "@kaohe/rules-dsl";
import { expect, test } from "vitest";
import { type AssessmentResult, compileRubric, scoreMonth, scoreYear } from "../src/index.ts";
import { data, order } from "./fixtures.ts";

const source = (yearly: string) => `rubric "年度分组测试" version "y1" example
  in force from 2017-01

category 镇

assessed at end of period

population 工单 = orders where 受理时间 in period

measure 工单数 = count 工单
measure 按时数 = count 工单 where 办结时间 <= 办理时限

rate 按时率 = 按时数 / 工单数, when zero: 1 "无工单"

monthly 月度 {
  item 按时 100 points = 100 × 按时率
}

yearly 年度 {
  item 月均 100 points = mean(月度)
}

ranking {
  monthly 月度
  yearly 年度
  within groups {
    大 "月承办量2件以上" if 工单数 >= 2
    小 otherwise
  }
${yearly}  volume 工单数
}
`;
const YEAR_GROUPS = `  within groups for yearly {
    大 "年承办量3件以上" if 工单数 >= 3
    小 otherwise
  }
`;

const nov = (u: string, late = false) =>
  order(u, { receivedAt: "2017-11-10 09:00", dueAt: late ? "2017-11-12 23:59" : "2017-11-20 23:59", closedAt: "2017-11-15 10:00" });
const orders = [
  // October (received 10-10, due 10-20, closed 10-15 unless said): T1 two on time; T2 one late; T3 one on time
  order("T1"),
  order("T1"),
  order("T2", { dueAt: "2017-10-12 23:59" }),
  order("T3"),
  // November: T1 none; T2 two on time; T3 one on time
  nov("T2"),
  nov("T2"),
  nov("T3"),
];
const placed = (r: AssessmentResult) => Object.fromEntries(r.units.map((u) => [u.unit.code, [u.group, u.published, u.rank]]));

test("a month is grouped by the month's volume, the year by the year's", async () => {
  const rb = compileRubric(source(YEAR_GROUPS));
  // October: T1 2 orders → 大, 100; T2 1 (late) → 小, 0; T3 1 → 小, 100. In 小: T3 first, T2 second
  expect(placed(await scoreMonth(rb, data(orders), "2017-10"))).toEqual({ T1: ["大", 100, 1], T2: ["小", 0, 2], T3: ["小", 100, 1] });
  // the year: October and November have orders (the other months none, so not averaged):
  // T1 (100 + 100 [no order: 按时率 1]) / 2 = 100; T2 (0 + 100) / 2 = 50; T3 (100 + 100) / 2 = 100.
  // The year's volume: T1 2, T2 3, T3 2 → T2 大 (≥ 3), T1 and T3 小, sharing first place
  const year = await scoreYear(rb, data(orders), 2017);
  expect(placed(year)).toEqual({ T1: ["小", 100, 1], T2: ["大", 50, 1], T3: ["小", 100, 1] });
  // groups print in the order written: 大, then 小
  expect(year.units.map((u) => u.unit.code)).toEqual(["T2", "T1", "T3"]);
});

test("without for yearly, the year takes the month's groups with the year's numbers", async () => {
  // the year's volume against the month's band (≥ 2): T1 2, T2 3, T3 2 → all 大; T1 and T3 share first, T2 third
  const year = await scoreYear(compileRubric(source("")), data(orders), 2017);
  expect(placed(year)).toEqual({ T1: ["大", 100, 1], T2: ["大", 50, 3], T3: ["大", 100, 1] });
});

test("checked and formatted in both languages; for yearly without a yearly assessment is an error", () => {
  const text = source(YEAR_GROUPS);
  expect(parse(text).diagnostics).toEqual([]);
  const zh = format(text, { keywords: "zh" });
  expect(zh.ok && zh.text).toContain('  分组 适用于 按年考核 {\n    大 "年承办量3件以上" 若 工单数 >= 3\n    小 其余\n  }');
  const back = zh.ok ? format(zh.text, { keywords: "en" }) : zh;
  expect(back.ok && back.text).toBe(text);
  const noYear = text.replace("  yearly 年度\n", "");
  expect(parse(noYear).diagnostics.map((d) => d.code)).toContain("KH234");
  expect(parse(text.replace("within groups for yearly {", "within all for yearly\n  within groups for yearly {")).diagnostics.map((d) => d.code)).toEqual([
    "KH243",
  ]);
});

/**
 * An explanation quotes a deduction as the rubric writes it, in its keywords' language (扣 1 分 每 超期件数 for a
 * rubric in Chinese, deduct 1 per 超期件数 for one in English), and says threshold()'s arguments in Chinese.
 */
import { format } from "@kaohe/rules-dsl";
import { expect, test } from "vitest";
import { compileRubric, scoreMonth } from "../src/index.ts";
import { data, order } from "./fixtures.ts";

const english = `rubric "解释语言" version "t" example
  in force from 2017-01

category 镇

assessed at end of period

population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单
measure 按时数 = count 工单 where 办结时间 is not missing and 办结时间 <= 办理时限
measure 超期件数 = count 工单 where 办结时间 > 办理时限
rate 按时率 = 按时数 / 工单数, when zero: 1 "无工单"

monthly 月度 {
  item 按时 40 points = threshold(按时率, full: 40, target: 95%, step: 1%, minus: 2, floor: 10)
  item 超期 10 points {
    deduct 1 per 超期件数
    deduct min(5, 2 × 超期件数) if 超期件数 > 1 continuing
  }
}

ranking {
  monthly 月度
  volume 工单数
}
`;

const chinese = (() => {
  const f = format(english, { keywords: "zh" });
  if (!f.ok) throw new Error("not formatted");
  return f.text;
})();

// T1: 2 of 4 orders late
const month = () => data([order("T1"), order("T1"), order("T1", { closedAt: "2017-10-25" }), order("T1", { closedAt: "2017-10-25" })]);
const items = async (text: string) => (await scoreMonth(compileRubric(text), month(), "2017-10")).units.find((u) => u.unit.code === "T1")?.items ?? [];

test("a deduction is quoted in the rubric's keyword language", async () => {
  const zh = (await items(chinese)).find((i) => i.code === "超期");
  expect(zh?.adjustments.map((a) => a.rule)).toEqual(["扣 1 分 每 超期件数", "扣 min(5, 2 × 超期件数) 分 若 超期件数 > 1 不封顶"]);
  const en = (await items(english)).find((i) => i.code === "超期");
  expect(en?.adjustments.map((a) => a.rule)).toEqual(["deduct 1 per 超期件数", "deduct min(5, 2 × 超期件数) if 超期件数 > 1 continuing"]);
});

test("threshold()'s arguments are said in Chinese, whatever the rubric's language", async () => {
  for (const text of [english, chinese]) {
    const item = (await items(text)).find((i) => i.code === "按时");
    expect(item?.formula).toBe("分档计分(按时率, 满分: 40, 达标线: 95%, 每档: 1%, 每档扣分: 2, 最低分: 10)");
    // 2 of 4 on time = 50%: 45 steps below → 40 − 90 → the floor, 10
    expect(item?.substituted).toBe("分档计分(2 / 4, 满分: 40, 达标线: 95%, 每档: 1%, 每档扣分: 2, 最低分: 10) = 10.00（按时率 = 2 / 4 = 50%）");
  }
});

test("a formula copied from an explanation into a rubric means what it meant: 分档计分(…, 满分: …) is threshold(…, full: …)", async () => {
  const formula = (await items(english)).find((i) => i.code === "按时")?.formula as string;
  const copied = english.replace(/= threshold\([^\n]*\)/, `= ${formula}`);
  expect(copied).toContain("= 分档计分(按时率, 满分: 40");
  // the same points (50% on time: the floor, 10), and kaohe fmt writes the function's own name back
  expect((await items(copied)).find((i) => i.code === "按时")?.points).toBe(10);
  const formatted = format(copied);
  expect(formatted.ok && formatted.text).toContain("threshold(按时率, full: 40, target: 95%, step: 1%, minus: 2, floor: 10)");
});

test("a deduction block's floor (at least) is said, and written where it binds, so that the numbers add up", async () => {
  // 0 points, each late order 5 from the total, at most 10 a month (at least −10); T1 has 2 late: −10 exactly, not
  // floored; with 3 late (−15) the floor binds
  const floored = english.replace(
    "  item 超期 10 points {\n    deduct 1 per 超期件数\n    deduct min(5, 2 × 超期件数) if 超期件数 > 1 continuing\n  }",
    "  item 超期 0 points {\n    deduct 5 per 超期件数 continuing\n    at least -10\n  }",
  );
  expect(floored).toContain("at least -10");
  const two = (await items(floored)).find((i) => i.code === "超期");
  expect([two?.points, two?.formula, two?.substituted]).toEqual([
    -10,
    "基础分 0；扣分扣完为止（标明“继续扣减总分”的扣分，超过本项分值的部分继续从总分中扣减）；本项不低于 -10 分",
    "0 − min(0, 0) − 10 = -10；−10（超期件数，2件）",
  ]);
  const three = data([order("T1"), order("T1", { closedAt: "2017-10-25" }), order("T1", { closedAt: "2017-10-25" }), order("T1", { closedAt: "2017-10-25" })]);
  const item = (await scoreMonth(compileRubric(floored), three, "2017-10")).units.find((u) => u.unit.code === "T1")?.items.find((i) => i.code === "超期");
  expect([item?.points, item?.substituted]).toEqual([-10, "max(-10, 0 − min(0, 0) − 15) = -10；−15（超期件数，3件）"]);
});

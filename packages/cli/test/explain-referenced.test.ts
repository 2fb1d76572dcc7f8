/**
 * `kaohe explain` of an assessment whose total reads other assessments (`总分 = 80% × 工单指标 + 20% × 督办事项 + 表扬`,
 * the manual's §3.18 composite with a bonus of its own, or the same without it): it listed the 得分由来 and the bonus
 * alone, not the 20 points lost in 督办事项 nor any item of 工单指标 — only `--assessment 工单指标` showed them (another
 * county's officer). Each assessment the total reads is listed, its items and the records behind them, with what it
 * lost of its own full marks; one that reads none is explained as before. And the hint for the rubric's author of a unit
 * without orders (写 (工单指标 ?? 0)) is explain's, not in the ranking's 备注.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { kaohe } from "./support/kaohe.ts";

const HEAD = `rubric "青石县测试办法" version "2024"
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
}

monthly 督办事项 "督办事项" {
  item 督办 "督办事项" 100 points {
    deduct per 督办未落实
  }
}
`;
const RANKING = `
ranking {
  monthly 月度考核
  within category
  volume 工单数
}
`;
/** the bonus an item of the composite's own */
const WITH_ITEM = `${HEAD}
monthly 月度考核 "月度考核" {
  bonus 表扬 "表扬加分" up to 2 {
    add per 通报表扬
  }
  total = 80% × 工单指标 + 20% × 督办事项 + 表扬
}
${RANKING}`;
/** the bonus an assessment of its own: the composite has no items */
const WITHOUT_ITEMS = `${HEAD}
monthly 表扬加分 "表扬加分" {
  bonus 表扬 "表扬加分" up to 2 {
    add per 通报表扬
  }
}

monthly 月度考核 "月度考核" {
  total = 80% × 工单指标 + 20% × 督办事项 + 表扬加分
}
${RANKING}`;

let dir: string;
const files: Record<string, string> = {};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kaohe-explain-referenced-"));
  writeFileSync(join(dir, "units.csv"), "单位编码,单位名称,类别\nSC01,县市场监督管理局,部门\nZR01,县自然资源局,部门\nLY01,县林业局,部门\n");
  writeFileSync(
    join(dir, "orders.csv"),
    [
      "工单编号,承办单位,来源,受理时间,办理时限,办结时间",
      // one of four closed late: 按期 75
      "A1,SC01,县中心,2024-02-01 09:00,2024-02-10,2024-02-05 10:00",
      "A2,SC01,县中心,2024-02-02 09:00,2024-02-10,2024-02-06 10:00",
      "A3,SC01,县中心,2024-02-03 09:00,2024-02-10,2024-02-07 10:00",
      "A4,SC01,县中心,2024-02-04 09:00,2024-02-10,2024-02-20 10:00",
      "B1,ZR01,县中心,2024-02-01 09:00,2024-02-10,2024-02-05 10:00",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "events.csv"),
    "事件编号,单位,日期,事件类型,次数\nSJ202402032,SC01,2024-02-24,督办未落实,1\nSJ202402033,SC01,2024-02-19,通报表扬,2\n",
  );
  const rubrics = mkdtempSync(join(tmpdir(), "kaohe-explain-referenced-rubrics-"));
  for (const [name, text] of Object.entries({ WITH_ITEM, WITHOUT_ITEMS })) {
    files[name] = join(rubrics, `${name}.kh`);
    writeFileSync(files[name], text);
  }
});

const explain = async (rubric: string, ...more: string[]) => {
  const r = await kaohe("explain", "--rubric", rubric, "--data", dir, "--month", "2024-02", "--unit", "县市场监督管理局", ...more);
  expect(r.code).toBe(0);
  return r.stdout;
};

describe("kaohe explain of a total that reads other assessments", () => {
  test("beside an item of its own: each assessment read, its items, the order and the event behind the points lost", async () => {
    const out = await explain(files.WITH_ITEM as string);
    expect(out).toContain("得分由来：总分 = 80% × 工单指标 + 20% × 督办事项 + 表扬；计算：80% × 75 + 20% × 80 + 2.00 = 78.00");
    expect(out).toContain("■ 表扬 表扬加分：2.00 / 2（加分上限）");
    const headings = out.split("\n").filter((l) => l.startsWith("━━"));
    expect(headings).toEqual([
      "━━ 计入得分的 工单指标 工单办理指标（按总分公式计入，见得分由来）：75.00 / 100，失分 25.00",
      "━━ 计入得分的 督办事项 督办事项（按总分公式计入，见得分由来）：80.00 / 100，失分 20.00",
    ]);
    // under each, its items and the records behind them
    const [, orders = "", supervision = ""] = out.split(/^━━.*$/m);
    expect(orders).toContain("■ 按期 按期办结率：75.00 / 100");
    expect(orders).toMatch(/失分的：.* 1 件\n[\s\S]*A4/);
    expect(supervision).toContain("■ 督办 督办事项：80.00 / 100");
    expect(supervision).toContain("督办未落实（每次扣 20 分）：1 次，扣 20 分");
    expect(supervision).toContain("SJ202402032");
  });

  test("without items of its own: the same, and the bonus assessment too", async () => {
    const out = await explain(files.WITHOUT_ITEMS as string);
    expect(out.split("\n").filter((l) => l.startsWith("━━"))).toEqual([
      "━━ 计入得分的 工单指标 工单办理指标（按总分公式计入，见得分由来）：75.00 / 100，失分 25.00",
      "━━ 计入得分的 督办事项 督办事项（按总分公式计入，见得分由来）：80.00 / 100，失分 20.00",
      // bonuses alone: out of nothing, nothing lost
      "━━ 计入得分的 表扬加分 表扬加分（按总分公式计入，见得分由来）：2.00",
    ]);
    expect(out).toContain("SJ202402032");
    expect(out).toContain("SJ202402033");
  });

  test("a unit without orders: the ranking's 备注 says why it has no score, the hint to write `?? 0` is the author's, in explain", async () => {
    // the hint stood in the 备注 of the published table, read by leaders and units (another county's officer)
    const scored = await kaohe("score", "--rubric", files.WITH_ITEM as string, "--data", dir, "--month", "2024-02");
    const row = scored.stdout.split("\n").find((l) => l.includes("县林业局")) ?? "";
    expect(row).toContain("总分公式中 工单指标 不适用或为空，没有得分");
    expect(row).not.toContain("?? 0");
    const out = (await kaohe("explain", "--rubric", files.WITH_ITEM as string, "--data", dir, "--month", "2024-02", "--unit", "县林业局")).stdout;
    expect(out).toContain("提示：总分公式中 工单指标 不适用或为空，没有得分\n写规则的提示：工单指标 不适用时要按 0 分计的，在总分公式中写 (工单指标 ?? 0)");
  });

  test("an assessment whose total reads none, asked by name: as before, nothing more", async () => {
    const out = await explain(files.WITH_ITEM as string, "--assessment", "督办事项");
    expect(out).not.toContain("━━");
    expect(out).toContain("■ 督办 督办事项：80.00 / 100");
  });
});

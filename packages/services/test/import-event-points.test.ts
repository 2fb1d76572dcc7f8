/**
 * An event of a type the rubric in force scores by the 分值 its events give (`deduct recorded per 其他效能问题`, `add
 * recorded per 其他加分`, a type declared `points recorded`) with its 分值 cell empty was stored and scored nothing: a
 * verified 其他效能问题 deducted 0, an update emptying the cell took a unit's deduction away, all without a word (found
 * by a helper following the README: 县水务局 went from 69.20 to 71.00). Now it is a problem at its row, column 分值,
 * and nothing of the import is stored, on both databases. A type of fixed points, a month no rubric is in force for,
 * and a file without a 分值 column (a stored event keeps its 分值) are imported as before.
 */
import type { Store } from "@kaohe/db";
import { databases, tableCounts, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { eventTypesFor } from "../src/event-entry.ts";
import { scoreInForce } from "../src/rubrics.ts";
import { useRubricStore } from "./support/rubric-store.ts";

const dir = useTempDir("kaohe-import-event-points-");

// 其他效能问题 is declared on line 7, 其他加分 on line 8, 酌情扣分 on line 9
const RUBRIC = `rubric "测试办法" version "2018"
  in force from 2018-01

category 镇 "镇"

event 推诿扯皮 "推诿扯皮" points 5
event 其他效能问题 "其他效能问题" points recorded
event 其他加分 "其他加分" points recorded
event 酌情扣分 "酌情扣分" points recorded
event 转办未整改 "转办未整改" points 2

population 本期事件 "本期考核事件" = events where 日期 in period

measure 事件数 "事件数" = count 本期事件

monthly 月度 "月度考核" {
  window month
  item 效能 "效能" 30 points {
    base 30
    deduct per 推诿扯皮
    deduct recorded per 其他效能问题
    deduct per 酌情扣分
    deduct recorded per 转办未整改
  }
  bonus 加分 "加分" up to 10 {
    add recorded per 其他加分
  }
}

ranking {
  monthly 月度
  volume 事件数
}
`;

let files = 0;
const file = (lines: string[]) => {
  const name = `events-${++files}.csv`;
  return { path: writeCsvText(dir, name, lines), name };
};
const HEADER = "事件编号,单位,日期,事件类型,次数,分值";

describe.each(databases)("an event's 分值 that the rubric reads, left empty, on $label", (target) => {
  const { store: storeOf, run } = useRubricStore(target, RUBRIC, () => {
    const name = "units.csv";
    return { path: writeCsvText(dir, name, ["单位编码,单位名称,类别", "T1,新城镇,镇", "T2,唐山镇,镇"]), name };
  });
  let store: Store;
  beforeAll(() => {
    store = storeOf();
  });
  const total = async (unit: string) => (await scoreInForce(store, "2018-03")).result.units.find((u) => u.unit.code === unit)?.score;

  it("a new event of such a type without its 分值 is a problem at its row and column 分值, saying the rubric reads it; nothing is stored", async () => {
    const before = await tableCounts(store.raw);
    const events = file([
      HEADER,
      "N1,T1,2018-03-05,其他效能问题,2,",
      "N2,T1,2018-03-06,推诿扯皮,1,",
      "N3,T2,2018-03-07,其他加分,1,",
      "N4,T2,2018-03-08,酌情扣分,1,",
      // 2017: no version in force, nothing reads the 分值
      "N5,T2,2017-12-08,其他效能问题,1,",
    ]);
    const result = await run(events);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.file, p.row, p.column, p.value, p.reason])).toEqual([
      [
        events.name,
        2,
        "分值",
        "",
        "2018年3月施行的规则“测试办法”（2018）第 7 行规定“其他效能问题”事件按记录的分值扣分，这条事件没有填分值，导入后不会扣分：请在“分值”列填写查证确定的每次分值（乘以次数计）后重新导入",
      ],
      [
        events.name,
        4,
        "分值",
        "",
        "2018年3月施行的规则“测试办法”（2018）第 8 行规定“其他加分”事件按记录的分值加分，这条事件没有填分值，导入后不会加分：请在“分值”列填写查证确定的每次分值（乘以次数计）后重新导入",
      ],
      [
        events.name,
        5,
        "分值",
        "",
        "2018年3月施行的规则“测试办法”（2018）第 9 行规定“酌情扣分”事件按记录的分值扣分，这条事件没有填分值，导入后不会扣分：请在“分值”列填写查证确定的每次分值（乘以次数计）后重新导入",
      ],
    ]);
    expect(await tableCounts(store.raw)).toEqual(before);
  });

  it("a type of fixed points that the rubric reads recorded (deduct recorded per): the entry form asks its 分值, and a refusal cites the rubric, not the declaration", async () => {
    // the 登记考核事件 form asked no 分值 of it (points 2 declared), and the import then refused what it sent (a review)
    const types = (await eventTypesFor(store, "2018-03"))?.types ?? [];
    expect(types.filter((t) => t.name === "转办未整改" || t.name === "推诿扯皮").map((t) => [t.name, t.points])).toEqual([
      ["推诿扯皮", 5],
      ["转办未整改", null],
    ]);
    const result = await run(file([HEADER, "Z1,T1,2018-03-09,转办未整改,1,"]));
    expect(result.ok ? [] : result.problems.map((p) => p.reason)).toEqual([
      "2018年3月施行的规则“测试办法”（2018）规定“转办未整改”事件按记录的分值扣分，这条事件没有填分值，导入后不会扣分：请在“分值”列填写查证确定的每次分值（乘以次数计）后重新导入",
    ]);
  });

  it("an update that empties a stored event's 分值 is refused and the unit keeps its deduction; a file without a 分值 column keeps the stored 分值", async () => {
    const first = await run(file([HEADER, "U1,T1,2018-03-05,其他效能问题,2,3", "U2,T2,2018-03-06,其他加分,1,4"]));
    expect(first.ok, JSON.stringify(!first.ok && first.problems)).toBe(true);
    // 新城镇: 30 − 2 × 3 = 24; 唐山镇: 30 + 4
    expect([await total("T1"), await total("T2")]).toEqual([24, 34]);
    const before = await tableCounts(store.raw);

    const emptied = file([HEADER, "U1,T1,2018-03-05,其他效能问题,2,", "U2,T2,2018-03-06,其他加分,1,4"]);
    const result = await run(emptied);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.file, p.row, p.column])).toEqual([[emptied.name, 2, "分值"]]);
    expect(result.problems[0]?.reason).toContain("这条事件没有填分值，导入后不会扣分");
    expect(await tableCounts(store.raw)).toEqual(before);
    expect(await total("T1")).toBe(24);

    // no 分值 column: the stored 分值 stays, and the deduction with it
    const noColumn = await run(file(["事件编号,单位,日期,事件类型,次数", "U1,T1,2018-03-05,其他效能问题,2"]));
    expect(noColumn.ok, JSON.stringify(!noColumn.ok && noColumn.problems)).toBe(true);
    expect(await total("T1")).toBe(24);
  });
});

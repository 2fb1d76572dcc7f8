/**
 * An order's or event's extra column that the rubric in force declares with a type (`attribute 响应时长 number`) is
 * checked at import as the scoring will read it, on both databases. A value it cannot read — 9.6小时, 95%, 1,234,
 * 2018年10月5日 14:30, 有 — was stored, read as no value (a yes/no as 否), and moved a unit's score without a word
 * (found by a helper importing a platform's export). Now it is a problem at its row and column, and nothing of the
 * import is stored. Text columns, columns the rubric does not declare, and months no rubric is in force for are
 * stored as before.
 */
import type { Store } from "@kaohe/db";
import { databases, tableCounts, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { scoreInForce } from "../src/rubrics.ts";
import { useRubricStore } from "./support/rubric-store.ts";

const dir = useTempDir("kaohe-import-attribute-values-");

// 响应时长 is declared on line 7, 回访时间 on line 8, 已核实 on line 9, 备注 on line 10, 现场核查 on line 14
const RUBRIC = `rubric "测试办法" version "2018"
  in force from 2018-01

category 镇 "镇"

orders {
  attribute 响应时长 "响应时长（小时）" number
  attribute 回访时间 datetime
  attribute 已核实 yesno
  attribute 备注 text
}

events {
  attribute 现场核查 yesno
}

population 本期工单 "本期受理工单" = orders where 受理时间 in period

measure 工单数 "工单数" = count 本期工单
measure 及时响应数 "2小时内响应的工单数" = count 本期工单 where 响应时长 <= 2

monthly 月度 "月度考核" {
  window month
  item 响应 "及时响应" 10 points = 及时响应数
}

ranking {
  monthly 月度
  volume 工单数
}
`;

let files = 0;
const file = (kind: string, lines: string[]) => ({ path: writeCsvText(dir, `${kind}-${++files}.csv`, lines), name: `${kind}-${files}.csv` });
const ORDERS = "工单编号,承办单位,来源,受理时间,办理时限,响应时长（小时）,回访时间,已核实,备注";
const order = (id: string, unit: string, received: string, extra: string) => `${id},${unit},县中心,${received},2018-03-20,${extra}`;

describe.each(databases)("an extra column's value against its declared type on $label", (target) => {
  const { store: storeOf, run } = useRubricStore(target, RUBRIC, () => file("units", ["单位编码,单位名称,类别", "T1,新城镇,镇", "T2,唐山镇,镇"]));
  let store: Store;
  beforeAll(() => {
    store = storeOf();
  });

  it("a value the scoring cannot read as the declared type is a problem at its row and column, saying what to write; nothing is stored", async () => {
    const before = await tableCounts(store.raw);
    const orders = file("orders", [
      ORDERS,
      order("A1", "新城镇", "2018-03-05 09:00", "9.6小时,2018-03-06 10:00,是,已电话回访"),
      order("A2", "新城镇", "2018-03-05 09:00", "95%,2018-03-06 10:00,是,"),
      order("A3", "唐山镇", "2018-03-05 09:00", '"1,234",2018年3月6日 10:00,有,'),
      order("A4", "唐山镇", "2018-03-05 09:00", "1.5,2018/3/6 10:00,否,"),
    ]);
    const events = file("events", ["事件编号,单位,日期,事件类型,现场核查", "E1,T1,2018-03-08,推诿扯皮,yes"]);
    const result = await run(orders, events);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.file, p.row, p.column, p.value, p.reason])).toEqual([
      [
        orders.name,
        2,
        "响应时长（小时）",
        "9.6小时",
        "“响应时长”（响应时长（小时））是数值列（规则“测试办法”（2018）第 7 行），应填数字（没有值时留空），而不是“9.6小时”：数字后不写单位；否则计分时会当作没有值",
      ],
      [
        orders.name,
        3,
        "响应时长（小时）",
        "95%",
        "“响应时长”（响应时长（小时））是数值列（规则“测试办法”（2018）第 7 行），应填数字（没有值时留空），而不是“95%”：百分数写成小数，如 95% 写作 0.95；否则计分时会当作没有值",
      ],
      [
        orders.name,
        4,
        "响应时长（小时）",
        "1,234",
        "“响应时长”（响应时长（小时））是数值列（规则“测试办法”（2018）第 7 行），应填数字（没有值时留空），而不是“1,234”：不写千位分隔符；否则计分时会当作没有值",
      ],
      [
        orders.name,
        4,
        "回访时间",
        "2018年3月6日 10:00",
        "“回访时间”是日期时间列（规则“测试办法”（2018）第 8 行），应写作 年-月-日 时:分（如 2018-10-05 14:30）或日期单元格（没有值时留空），而不是“2018年3月6日 10:00”；否则计分时会当作没有值",
      ],
      [
        orders.name,
        4,
        "已核实",
        "有",
        "“已核实”是“是/否”列（规则“测试办法”（2018）第 9 行），应填 是 或 否（也可写 1/0、Y/N、true/false），而不是“有”；否则计分时会当作“否”",
      ],
      [
        events.name,
        2,
        "现场核查",
        "yes",
        "“现场核查”是“是/否”列（规则“测试办法”（2018）第 14 行），应填 是 或 否（也可写 1/0、Y/N、true/false），而不是“yes”；否则计分时会当作“否”",
      ],
    ]);
    expect(await tableCounts(store.raw)).toEqual(before);
  });

  it("values that fit are stored and scored: numbers, 年-月-日 时:分 (with / too), 是/否, any text, - or 无 for no value; an undeclared column and a month without a rubric as before", async () => {
    const result = await run(
      file("orders", [
        `${ORDERS},其他说明`,
        order("B1", "新城镇", "2018-03-05 09:00", "1.5,2018/3/6 10:00,Y,随便写,9.6小时"),
        order("B2", "新城镇", "2018-03-05 09:00", "3,2018-03-06 10:00,否,,"),
        order("B3", "唐山镇", "2018-03-05 09:00", "2,,0,,"),
        // what a platform writes for no value: read as none, which is what it means
        order("B5", "唐山镇", "2018-03-05 09:00", "-,/,,,"),
        order("B6", "唐山镇", "2018-03-05 09:00", "无,—,,,"),
        // in a yes/no column too, as the importer's own yes/no columns read it: 否, as an empty cell is
        order("B7", "唐山镇", "2018-03-05 09:00", ",,—,,"),
        // 2017: no version in force, nothing to read it by
        order("B4", "唐山镇", "2017-12-05 09:00", "9.6小时,,,,"),
      ]),
    );
    expect(result.ok, JSON.stringify(!result.ok && result.problems)).toBe(true);
    expect(await store.prisma.order.count()).toBe(7);
    // item 响应 = 及时响应数 (响应时长 <= 2): 新城镇 B1 (1.5) yes, B2 (3) no: 1; 唐山镇 B3 (2) yes, B5–B7 (none) no: 1
    const { result: scored } = await scoreInForce(store, "2018-03");
    const points = (unit: string) => scored.units.find((u) => u.unit.code === unit)?.items.find((i) => i.code === "响应")?.points;
    expect([points("T1"), points("T2")]).toEqual([1, 1]);
  });
});

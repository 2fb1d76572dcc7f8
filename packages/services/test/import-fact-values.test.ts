/**
 * A checklist item's (事项) value that does not fit the type the rubric in force declares for it is refused at
 * its row, on both databases: a number for a yes/no item was stored and scored as 否 without a word. The import
 * is all or nothing: the other rows and files of the call are not stored either. Where no rubric is in force,
 * or the rubric does not declare the item, the value is stored as before (the latter with its warning).
 */
import type { Store } from "@kaohe/db";
import { databases, tableCounts, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { scoreInForce } from "../src/rubrics.ts";
import { useRubricStore } from "./support/rubric-store.ts";

const dir = useTempDir("kaohe-import-fact-values-");

// 专线网络 is declared on line 6, 考核得分 on line 7, 月度评分 on line 8
const RUBRIC = `rubric "测试办法" version "2018"
  in force from 2018-01

category 镇 "镇"

fact 专线网络 "以系统专线形式建立与市、县联网的民生热线工作网络" yesno when missing 是
fact 考核得分 "人工评分" number when missing 0
fact 月度评分 "每月人工评分" number monthly

population 本期工单 "本期受理工单" = orders where 受理时间 in period

measure 工单数 "工单数" = count 本期工单

monthly 月度 "月度考核" {
  window month
  item 专线 "专线网络" 5 points = if 专线网络 then 5 else 0
  bonus 评分 up to 5 = 考核得分 + (月度评分 ?? 0)
}

ranking {
  monthly 月度
  volume 工单数
}
`;

let files = 0;
const file = (kind: string, lines: string[]) => ({ path: writeCsvText(dir, `${kind}-${++files}.csv`, lines), name: `${kind}-${files}.csv` });
const FACTS = "单位,年度,事项,值,月份";

describe.each(databases)("a fact's value against its item's type on $label", (target) => {
  const { store: storeOf, run } = useRubricStore(target, RUBRIC, () => file("units", ["单位编码,单位名称,类别", "T1,新城镇,镇", "T2,唐山镇,镇"]));
  let store: Store;
  beforeAll(() => {
    store = storeOf();
  });

  it("a number for a yes/no item is a problem at its row, and nothing of the import is stored", async () => {
    const before = await tableCounts(store.raw);
    const facts = file("facts", [FACTS, "新城镇,2018,领导小组,是,", "新城镇,2018,专线网络,5,", "唐山镇,2018,专线网络,是,"]);
    const events = file("events", ["事件编号,单位,日期,事件类型", "E1,T1,2018-01-08,推诿扯皮"]);
    const result = await run(facts, events);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        file: facts.name,
        row: 3,
        column: "值",
        value: "5",
        reason: "“专线网络”是是否项（规则“测试办法”（2018）第 6 行），应填 是 或 否（或 1、0），而不是“5”",
        reasonEn: "专线网络 is a yes/no item (rubric 测试办法 2018, line 6): write 是 or 否 (or 1, 0), not 5",
      },
    ]);
    expect(result.problemCount).toBe(1);
    expect(await tableCounts(store.raw)).toEqual(before);
  });

  it("是 or 否 for a number item, yearly or monthly, is a problem too, each at its row", async () => {
    const facts = file("facts", [FACTS, "新城镇,2018,考核得分,是,", "新城镇,2018,月度评分,否,2018-03", "唐山镇,2018,月度评分,3,2018-03"]);
    const result = await run(facts);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.row, p.column, p.value, p.reason])).toEqual([
      [2, "值", "是", "“考核得分”是数值项（规则“测试办法”（2018）第 7 行），应填数字，而不是“是”"],
      [3, "值", "否", "“月度评分”是数值项（规则“测试办法”（2018）第 8 行），应填数字，而不是“否”"],
    ]);
    expect((await tableCounts(store.raw)).facts).toBe(0);
  });

  it("a yearly item's row with a month, or a monthly item's without one, is a problem at 月份: it would score nothing", async () => {
    // (马桥镇's 专线网络 corrected by a row for 2018-06 was stored beside the yearly 否, which the year still scored)
    const before = await tableCounts(store.raw);
    const result = await run(file("facts", [FACTS, "新城镇,2018,专线网络,是,2018-06", "唐山镇,2018,月度评分,3,", "唐山镇,2018,专线网络,是,"]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.row, p.column, p.value, p.reason])).toEqual([
      [
        2,
        "月份",
        "2018-06",
        "“专线网络”是年度事项（规则“测试办法”（2018）第 6 行），每个单位每年一行，不填月份：请清空“月份”（这一行不会计分）；确需按月填报的，须在规则中声明为按月事项（monthly）",
      ],
      [3, "月份", "", "“月度评分”是按月事项（规则“测试办法”（2018）第 8 行），每行要填“月份”（如 2018-06）"],
    ]);
    expect(await tableCounts(store.raw)).toEqual(before);
  });

  it("a row whose value is not read is not checked again; its other problems are reported as before", async () => {
    const result = await run(file("facts", [FACTS, "新城镇,2018,专线网络,也许,", "新城镇,20x8,专线网络,5,"]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "值"],
      [3, "年度"],
    ]);
    expect(result.problems[0]?.reason).not.toContain("是否项");
  });

  it("values that fit are stored: 是 / 否 in their accepted spellings, numbers for number items", async () => {
    const result = await run(
      file("facts", [FACTS, "新城镇,2018,专线网络,Y,", "唐山镇,2018,专线网络,否,", "新城镇,2018,考核得分,3.5,", "新城镇,2018,月度评分,2,2018-03"]),
    );
    expect(result.ok).toBe(true);
    const stored = await store.prisma.fact.findMany({ orderBy: [{ unit: "asc" }, { item: "asc" }] });
    expect(stored.map((f) => [f.unit, f.item, f.value])).toEqual([
      ["T1", "专线网络", "是"],
      ["T1", "月度评分", "2"],
      ["T1", "考核得分", "3.5"],
      ["T2", "专线网络", "否"],
    ]);
  });

  it("1 and 0 for a yes/no item are stored as written and scored as 是 and 否, without a warning", async () => {
    // a year of its own (2019, the same rubric in force), so that the rows of the tests before do not count
    const result = await run(file("facts", [FACTS, "新城镇,2019,专线网络,1,", "唐山镇,2019,专线网络,0,"]));
    expect(result.ok).toBe(true);
    const stored = await store.prisma.fact.findMany({ where: { year: 2019 }, orderBy: { unit: "asc" } });
    expect(stored.map((f) => [f.unit, f.value])).toEqual([
      ["T1", "1"],
      ["T2", "0"],
    ]);
    // item 专线 = if 专线网络 then 5 else 0: 新城镇 (1) met, 5; 唐山镇 (0) not met, 0
    const { result: scored } = await scoreInForce(store, "2019-01");
    const points = (unit: string) => scored.units.find((u) => u.unit.code === unit)?.items.find((i) => i.code === "专线")?.points;
    expect([points("T1"), points("T2")]).toEqual([5, 0]);
    // no warning about 专线网络's value (the other items have no 2019 rows: those are warned about as missing)
    expect(scored.units.flatMap((u) => u.warnings).filter((w) => w.includes("专线网络"))).toEqual([]);
  });

  it("where no rubric is in force, or it does not declare the item, the value is stored as before", async () => {
    // 2017: no version in force; 创新工作: not declared in 2018 (told as a warning)
    const result = await run(file("facts", [FACTS, "新城镇,2017,专线网络,5,", "新城镇,2018,创新工作,5,"]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map((w) => w.code)).toEqual(["undeclared-fact"]);
    expect(await store.prisma.fact.count({ where: { value: "5" } })).toBe(2);
  });
});

/**
 * `kaohe score` and `explain` say what the table alone would hide: units the rubric leaves out because it does not
 * declare their category, a month that received no order, a population that holds no order of any unit, an extra
 * column the rubric reads that no order has.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { kaohe, root } from "./support/kaohe.ts";

const huantai = readFileSync(join(root, "rules/huantai/2017.kh"), "utf8");

let dir: string;
/** the 2017 method with one edit, written beside the data */
const variant = (name: string, edit: (text: string) => string) => {
  const text = edit(huantai);
  expect(text).not.toBe(huantai);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaohe-warnings-"));
  writeFileSync(join(dir, "units.csv"), "单位编码,单位名称,类别\nU1,甲镇,镇\nU2,乙镇,镇\nS1,索镇街道,街道\nS2,少海街道,街道\nD1,县教育局,县直部门\n");
  writeFileSync(
    join(dir, "orders.csv"),
    [
      "工单编号,承办单位,来源,受理时间,办理时限,办结时间,已回访,过程满意度,结果满意度",
      "A1,甲镇,县中心,2017-10-03 09:00,2017-10-10,2017-10-08 10:00,是,满意,满意",
      "A2,乙镇,县中心,2017-10-04 09:00,2017-10-10,2017-10-12 10:00,否,,",
      "A3,索镇街道,市中心,2017-10-05 09:00,2017-10-15,2017-10-09 10:00,否,,",
    ].join("\n"),
  );
  writeFileSync(join(dir, "events.csv"), "事件编号,单位,日期,事件类型,次数\nE1,甲镇,2017-09-20,行政不作为,1\n");
}, 30_000);

describe("units of a category the rubric does not declare", () => {
  test("score says how many, of which category, and names them; --json has them as a warning", async () => {
    const rubric = variant("no-street.kh", (t) => t.replace(/^category 街道 .*\n/m, ""));
    const text = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("注意：2 个单位的类别“街道”未在规则中声明，未计分：索镇街道、少海街道");

    const json = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--json");
    const out = JSON.parse(json.stdout);
    expect(out.results.map((r: { unit: string }) => r.unit).sort()).toEqual(["乙镇", "县教育局", "甲镇"].sort());
    expect(out.warnings).toEqual([
      expect.objectContaining({
        code: "undeclared-category",
        category: "街道",
        units: [
          { code: "S1", name: "索镇街道" },
          { code: "S2", name: "少海街道" },
        ],
        zh: "2 个单位的类别“街道”未在规则中声明，未计分：索镇街道、少海街道",
      }),
    ]);
  });

  test("explain of such a unit says why it has no score, not that there is no such unit", async () => {
    const rubric = variant("no-street.kh", (t) => t.replace(/^category 街道 .*\n/m, ""));
    const r = await kaohe("explain", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--unit", "索镇街道");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("单位“索镇街道”的类别“街道”未在规则中声明，未计分");
  });

  test("the rubric as shipped declares them all: no warning", async () => {
    const out = JSON.parse((await kaohe("score", "--rubric", join(root, "rules/huantai/2017.kh"), "--data", dir, "--month", "2017-10", "--json")).stdout);
    expect(out.results).toHaveLength(5);
    expect(out.warnings).toEqual([]);
  });
});

describe("a period whose orders the rubric never counts", () => {
  test("a month with no order at all is a month without data: said in place of a ranking, in text and --json", async () => {
    const rubric = join(root, "rules/huantai/2017.kh");
    const text = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-11");
    expect(text.code).toBe(0);
    // every unit at full marks, tied first, was printed as a ranking above the note (the console's month page, the trend
    // and the year say 无数据)
    expect(text.stdout).toMatch(
      /2017年11月无数据：没有一个单位有受理时间在本月的工单.*不计分、不排名，也不计入年终成绩.*请确认月份是否写对、本月的工单文件是否已导入/,
    );
    expect(text.stdout).not.toMatch(/名次|100\.00|【镇】/);
    const out = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-11", "--json")).stdout);
    expect(out.noData).toBe(true);
    expect(out.warnings.map((w: { code: string }) => w.code)).toEqual(["no-data", "no-orders"]);
    // September holds an event and no order: its order file is not imported, and it has no data either (the year's rule)
    const september = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-09", "--json")).stdout);
    expect(september.noData).toBe(true);
    // a month with orders is ranked as ever
    const october = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10");
    expect(october.stdout).toContain("【镇】");
    expect(october.stdout).not.toContain("无数据");
    // explaining a unit of that month says it too
    expect((await kaohe("explain", "--rubric", rubric, "--data", dir, "--month", "2017-11", "--unit", "甲镇")).stdout).toContain(
      "注意：2017年11月没有受理的工单",
    );
  });

  test("a year none of whose months has an order is a year without data, said in place of its ranking; one with some is ranked", async () => {
    const rubric = join(root, "rules/huantai/2017.kh");
    // the orders are of 2017-10 alone: 2018 (the rubric in force all year) has none, and printed every unit at 100.00, tied
    // first, as the year's ranking (the console's year and unit pages say 无数据)
    const text = await kaohe("score", "--rubric", rubric, "--data", dir, "--year", "2018");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/2018年度无数据：没有一个单位有受理时间在本年的工单，不计分、不排名（.*请确认年度是否写对、本年各月的工单文件是否已导入/);
    expect(text.stdout).not.toMatch(/名次|100\.00|【镇】/);
    const out = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", dir, "--year", "2018", "--json")).stdout);
    expect([out.noData, out.warnings[0].code]).toEqual([true, "no-data"]);
    const y2017 = await kaohe("score", "--rubric", rubric, "--data", dir, "--year", "2017");
    expect(y2017.stdout).toContain("【镇】");
    expect(y2017.stdout).not.toContain("无数据");
  });

  test("a population whose condition no order meets, while the month has orders: named, with the measures over it", async () => {
    const rubric = variant("never.kh", (t) =>
      t.replace("= orders where 受理时间 in period and not (回退 and 回退认可)", '= orders where 受理时间 in period and 诉求类型 = "头诉"'),
    );
    const text = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /注意：考核范围“本期工单”（本期受理工单）对每个单位都没有工单，而2017年10月受理了 3 件工单：读它的计数 .*工单数.* 各单位都为 0/,
    );
    const out = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--json")).stdout);
    expect(out.warnings).toEqual([expect.objectContaining({ code: "empty-population", population: "本期工单", measures: expect.arrayContaining(["工单数"]) })]);
  });

  /** A rubric reading one extra column of the orders (`attribute`), by a measure and an item, written beside the data. */
  const extraColumnRubric = (file: string, attribute: string, measure: string, item: string) => {
    const rubric = join(dir, file);
    writeFileSync(
      rubric,
      [
        'rubric "扩展列" version "1"',
        "  in force from 2017-01",
        "category 镇",
        "category 街道",
        "category 县直部门",
        "orders {",
        `  ${attribute}`,
        "}",
        "population 本期工单 = orders where 受理时间 in period",
        "measure 工单数 = count 本期工单",
        measure,
        "monthly 月度 {",
        item,
        "}",
        "ranking {",
        "  monthly 月度",
        "  volume 工单数",
        "}",
      ].join("\n"),
    );
    return rubric;
  };
  /** A month's folder: the units, and two orders (甲镇's, 乙镇's) with the extra column headed `column`. */
  const monthWithColumn = (folder: string, column: string, values: [string, string]) => {
    const d = join(dir, folder);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, "units.csv"), readFileSync(join(dir, "units.csv")));
    writeFileSync(
      join(d, "orders.csv"),
      `工单编号,承办单位,来源,受理时间,办理时限,办结时间,${column}\nA1,甲镇,县中心,2017-10-03 09:00,2017-10-10,2017-10-08 10:00,${values[0]}\nA2,乙镇,县中心,2017-10-04 09:00,2017-10-10,2017-10-06 10:00,${values[1]}\n`,
    );
    return d;
  };

  test("an extra column the rubric reads that no order of the month has (the file names it otherwise): named, with the measures", async () => {
    const rubric = extraColumnRubric(
      "extra-column.kh",
      'attribute 回访评价 "回访评价（好/中/差）" text',
      'measure 好评数 = count 本期工单 where 回访评价 = "好"',
      "  item 好评 10 points = min(10, 好评数)",
    );
    // the month's file heads the column 回访结果: every unit's 好评数 is 0, and the score says why
    const named = monthWithColumn("named-otherwise", "回访结果", ["好", "差"]);
    monthWithColumn("named-so", "回访评价", ["好", "差"]);
    const text = await kaohe("score", "--rubric", rubric, "--data", named, "--month", "2017-10");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /注意：规则读取工单的扩展属性“回访评价”（回访评价（好\/中\/差）），而2017年10月受理的 2 件工单都没有这一列的值：读它的计数 好评数 各单位都一样。请检查工单文件中是否有名为“回访评价”的列/,
    );
    const out = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", named, "--month", "2017-10", "--json")).stdout);
    expect(out.warnings).toEqual([expect.objectContaining({ code: "absent-attribute", attribute: "回访评价", measures: ["好评数"] })]);
    // the column as the rubric names it: 甲镇 1 good, nothing to say
    const right = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", join(dir, "named-so"), "--month", "2017-10", "--json")).stdout);
    expect(right.warnings).toEqual([]);
  });

  test("a yes/no column the rubric reads that no order of the month has: named too (an order without it reads 否, which was taken for a value)", async () => {
    const rubric = extraColumnRubric(
      "extra-yesno.kh",
      'attribute 重复投诉 "重复投诉" yesno',
      "measure 重复件数 = count 本期工单 where 重复投诉",
      "  item 重复 10 points {\n    deduct 2 per 重复件数\n  }",
    );
    const named = monthWithColumn("yesno-otherwise", "是否重复", ["是", "否"]);
    const so = monthWithColumn("yesno-so", "重复投诉", ["是", "否"]);
    const out = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", named, "--month", "2017-10", "--json")).stdout);
    expect(out.warnings).toEqual([expect.objectContaining({ code: "absent-attribute", attribute: "重复投诉", measures: ["重复件数"] })]);
    // headed as the rubric names it: 甲镇's one repeat is deducted, and nothing is said
    const right = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", so, "--month", "2017-10", "--json")).stdout);
    expect(right.warnings).toEqual([]);
    expect(right.results.find((u: { unit: string }) => u.unit === "甲镇").score).toBe(8);
  });
});

describe("kaohe diff", () => {
  test("says each version's warnings, and previews a version not in force for the period rather than refuse it", async () => {
    const shipped = join(root, "rules/huantai/2017.kh");
    const noStreet = variant("no-street.kh", (t) => t.replace(/^category 街道 .*\n/m, ""));
    const r = await kaohe("diff", "--rubric", shipped, "--rubric", noStreet, "--data", dir, "--month", "2017-10");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("注意（B）：2 个单位的类别“街道”未在规则中声明，未计分：索镇街道、少海街道");
    // a new version, in force from after the data: a preview of it over 2017-10
    const later = variant("later.kh", (t) => t.replace("in force from 2017-09", "in force from 2019-01"));
    const preview = await kaohe("diff", "--rubric", shipped, "--rubric", later, "--data", dir, "--month", "2017-10", "--json");
    expect(preview.code).toBe(0);
    const out = JSON.parse(preview.stdout);
    expect(out.previews).toEqual([expect.stringMatching(/^预览：B = .*施行期间为 2019-01 起，这里按 2017-10 的数据试算/)]);
    expect(out.units.every((u: { delta: number | null }) => u.delta === 0)).toBe(true);
    // scoring it alone stays strict
    expect((await kaohe("score", "--rubric", later, "--data", dir, "--month", "2017-10")).stderr).toContain("不适用于 2017-10");
  });
});

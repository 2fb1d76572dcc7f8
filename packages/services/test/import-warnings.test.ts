/**
 * An import's warnings on both databases: what it stored that the rubric in force will silently score nothing
 * for is told, with counts and the file's rows — an event type or a checklist item the rubric of its month does
 * not declare, a unit category it does not know, an extra column of orders it reads that no order of the month
 * has — and so is an event whose 关联工单 names no stored order. The import stands all the same. A month's ranking
 * says which units are in none of its rankings, and why.
 */
import { openStore, type Store } from "@kaohe/db";
import { databases, tableCounts, useDatabase, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sheetXml, writeWorkbook } from "../../data/test/support/xlsx-writer.ts";
import { bulletinData } from "../src/bulletin.ts";
import { openPreview } from "../src/cycle.ts";
import { undoImportBatch } from "../src/import-undo.ts";
import { type ImportReport, type ImportWarning, importData } from "../src/import-warnings.ts";
import { publishPeriod } from "../src/publication.ts";
import { compileVersion, createDraft, getRubricVersion, publishRubricVersion } from "../src/rubrics.ts";
import { joiningLeaving, scoreForPeriod, unitDetail } from "../src/score-views.ts";
import { dataHash } from "../src/scores.ts";

const dir = useTempDir("kaohe-import-warnings-");
const ACTOR = "导入员";

/** In force from 2018: towns only, one event type, one checklist item, and an extra column of orders it reads. */
const RUBRIC_2018 = `rubric "测试办法" version "2018"
  in force from 2018-01

category 镇 "镇"

event 推诿扯皮 "推诿扯皮，经查证属实" points 5

fact 领导小组 "成立领导小组" yesno when missing 是

orders {
  attribute 响应时长 "响应时长（小时）" number
}

population 本期工单 "本期受理工单" = orders where 受理时间 in period
population 本期事件 "本期考核事件" = events where 日期 in period

measure 工单数 "工单数" = count 本期工单
measure 及时数 "及时响应件数" = count 本期工单 where 响应时长 <= 2
measure 事件数 "事件数" = sum 本期事件 of 次数

rate 及时率 "及时响应率" = 及时数 / 工单数, when zero: 1 "无工单"

monthly 月度 "月度考核" {
  window month
  item 及时 "及时响应" 100 points = 100 × 及时率 - 事件数
}

ranking {
  monthly 月度
  within category
  volume 工单数
  order by score desc, volume desc
  ties shared
  round 2 decimals
}
`;

const ORDER_HEADER = "工单编号,承办单位,来源,受理时间,办理时限";
const order = (id: string, unit: string, day: string) => `${id},${unit},县中心,${day} 09:00,${day} 17:00`;

let files = 0;
const file = (kind: string, lines: string[]) => ({ path: writeCsvText(dir, `${kind}-${++files}.csv`, lines), name: `${kind}-${files}.csv` });

describe.each(databases)("an import's warnings on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;

  const imported = async (...fs: ReturnType<typeof file>[]): Promise<ImportWarning[]> => {
    const result: ImportReport = await importData(store, fs, { actor: ACTOR });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.warnings;
  };
  const only = (warnings: ImportWarning[], code: ImportWarning["code"]) => warnings.filter((w) => w.code === code);
  /** RUBRIC_2018 as a version in force from January of `year`, with one passage of it written otherwise */
  const publishFrom = async (year: number, passage: string, instead: string) => {
    const text = RUBRIC_2018.replace('version "2018"\n  in force from 2018-01', `version "${year}"\n  in force from ${year}-01`).replace(passage, instead);
    expect(text).toContain(instead);
    const draft = await createDraft(store, { text, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
  };

  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    const draft = await createDraft(store, { text: RUBRIC_2018, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
  });
  afterAll(async () => {
    await store?.close();
  });

  it("units of a category the rubric does not declare: stored, and told they are in no ranking, with their count and rows", async () => {
    const warnings = await imported(file("units", ["单位编码,单位名称,类别", "T1,甲镇,镇", "K1,开发区管委会,开发区", "T2,乙镇,镇", "K2,高新区管委会,开发区"]));
    expect(warnings).toEqual([expect.objectContaining({ code: "undeclared-category", file: `units-${files}.csv`, count: 2, rows: [3, 5] })]);
    expect(warnings[0]?.zh).toContain("2 个单位的类别“开发区”在规则“测试办法”（2018）中没有定义");
    expect(warnings[0]?.zh).toContain("不在任何排名中：第 3、5 行");
    expect((await tableCounts(store.raw)).units).toBe(4);
    // units of declared categories only: nothing to say
    expect(await imported(file("units", ["单位编码,单位名称,类别", "T3,丙镇,镇"]))).toEqual([]);
  });

  it("orders of a month none of which has the extra column the rubric reads are told; a file without the column is not, once stored orders have it", async () => {
    const without = await imported(file("orders", [ORDER_HEADER, order("A1", "T1", "2018-01-05"), order("A2", "T2", "2018-01-06")]));
    expect(only(without, "unfilled-attribute")).toEqual([expect.objectContaining({ count: 2, rows: [] })]);
    expect(without[0]?.zh).toContain("读取工单的扩展属性“响应时长”，但 2018-01 的工单都没有这一列的值");

    // the column by its label, filled for one order: nothing to say
    const filled = file("orders", [`${ORDER_HEADER},响应时长（小时）`, `${order("A1", "T1", "2018-01-05")},1.5`, `${order("A3", "T1", "2018-02-03")},`]);
    const some = await imported(filled);
    // February's only order has no value
    expect(only(some, "unfilled-attribute").map((w) => w.zh)).toEqual([expect.stringContaining("2018-02 的工单都没有")]);

    // a file of a few columns keeps the stored values: January still has one, so no warning for it
    expect(await imported(file("orders", [ORDER_HEADER, order("A2", "T2", "2018-01-07")]))).toEqual([]);
  });

  it("events of a type the rubric does not declare, and events whose linked order is not stored, are told with their rows", async () => {
    const warnings = await imported(
      file("events", [
        "事件编号,单位,日期,事件类型,关联工单",
        "E1,T1,2018-01-08,推诿扯皮,A1",
        "E2,T1,2018-01-09,群众表扬,",
        "E3,T2,2018-01-10,推诿扯皮,GD404",
        "E4,T2,2018-02-11,群众表扬,A2",
      ]),
    );
    expect(only(warnings, "undeclared-event-type")).toEqual([expect.objectContaining({ count: 2, rows: [3, 5] })]);
    expect(only(warnings, "undeclared-event-type")[0]?.zh).toBe(
      // no declared type near it: the types the rubric declares are listed
      "2 条事件的类型“群众表扬”在 2018-01、2018-02 施行的规则“测试办法”（2018）中没有定义，不计分：第 3、5 行。该规则定义的事件类型：推诿扯皮",
    );
    expect(only(warnings, "unlinked-event")).toEqual([expect.objectContaining({ count: 1, rows: [4] })]);
    expect(only(warnings, "unlinked-event")[0]?.zh).toContain("1 条事件的关联工单在已导入的工单中找不到（GD404）");
    expect((await tableCounts(store.raw)).events).toBe(4);
  });

  it("an undeclared event type or item close to a declared one is asked about: the same but for punctuation and spaces, the declared label, or a character off", async () => {
    // stored all the same (a warning, not a problem), each told the type it is likely meant as: 推诿、扯皮 is 推诿扯皮 once
    // the 、 goes; 推诿扯皮，经查证属实 is the rubric's label of 推诿扯皮; 推委扯皮 is one character off of four (a character
    // in four is allowed); 推诿 is two off (too far: no question)
    const warnings = only(
      await imported(
        file("events", [
          "事件编号,单位,日期,事件类型",
          "N1,T1,2018-01-08,推诿、扯皮",
          "N2,T1,2018-01-09,推诿扯皮，经查证属实",
          "N3,T2,2018-01-10,推委扯皮",
          "N4,T2,2018-01-11,推诿",
        ]),
      ),
      "undeclared-event-type",
    );
    const declared = "。该规则定义的事件类型：推诿扯皮";
    const ask = "。是否为“推诿扯皮”？如是，请改正事件类型后重新导入（事件编号相同即更新该事件）";
    expect(warnings.map((w) => w.zh)).toEqual([
      `1 条事件的类型“推诿、扯皮”在 2018-01 施行的规则“测试办法”（2018）中没有定义，不计分：第 2 行${ask}${declared}`,
      `1 条事件的类型“推诿扯皮，经查证属实”在 2018-01 施行的规则“测试办法”（2018）中没有定义，不计分：第 3 行${ask}${declared}`,
      `1 条事件的类型“推委扯皮”在 2018-01 施行的规则“测试办法”（2018）中没有定义，不计分：第 4 行${ask}${declared}`,
      `1 条事件的类型“推诿”在 2018-01 施行的规则“测试办法”（2018）中没有定义，不计分：第 5 行${declared}`,
    ]);
    expect(warnings[0]?.en).toContain("did you mean 推诿扯皮?");
    expect((await tableCounts(store.raw)).events).toBeGreaterThanOrEqual(4);
    // a checklist item written as the rubric describes it (成立领导小组 for 领导小组)
    const facts = only(await imported(file("facts", ["单位,年度,事项,值", "T1,2018,成立领导小组,是"])), "undeclared-fact");
    expect(facts.map((w) => w.zh)).toEqual([
      "1 条事实的事项“成立领导小组”在 2018 年施行的规则“测试办法”（2018）中没有定义，不计分：第 2 行。是否为“领导小组”？如是，请改正事项后重新导入。该规则定义的事项：领导小组",
    ]);
  });

  it("a 分值 given for an event type whose points the rubric fixes is told of as not read; one left empty is not", async () => {
    const warnings = await imported(
      file("events", [
        "事件编号,单位,日期,事件类型,次数,分值",
        "P1,T1,2018-01-15,推诿扯皮,1,7",
        "P2,T2,2018-01-16,推诿扯皮,1,",
        "P3,T3,2018-02-16,推诿扯皮,1,2",
      ]),
    );
    expect(only(warnings, "ignored-points")).toEqual([expect.objectContaining({ count: 2, rows: [2, 4] })]);
    expect(only(warnings, "ignored-points")[0]?.zh).toBe(
      "2 条“推诿扯皮”事件填了分值，但 2018-01、2018-02 施行的规则“测试办法”（2018）规定此类事件每次 5 分，不读文件中的分值：第 2、4 行",
    );
  });

  it("a facts file's extra columns are told of as not stored (an orders file's are kept, and not told)", async () => {
    const told = only(await imported(file("facts", ["单位,年度,事项,值,备注,依据文件", "T1,2018,领导小组,是,县委办通知,2018-3号"])), "unkept-columns");
    expect(told.map((w) => w.zh)).toEqual([
      "列 “备注”、“依据文件” 没有保存：年度事实只保存 单位、年度、事项、值、月份 各列，其余的列不读不存（其中的依据、备注请另行存档）",
    ]);
    expect(only(await imported(file("facts", ["单位,年度,事项,值", "T1,2018,领导小组,是"])), "unkept-columns")).toEqual([]);
    expect(only(await imported(file("orders", [`${ORDER_HEADER},备注`, `${order("K1", "T1", "2018-01-20")},电话回访`])), "unkept-columns")).toEqual([]);
  });

  it("an event whose linked order comes in a later file of the same import is not told", async () => {
    const warnings = await imported(
      file("events", ["事件编号,单位,日期,事件类型,关联工单", "E5,T1,2018-01-12,推诿扯皮,A9"]),
      file("orders", [`${ORDER_HEADER},响应时长`, `${order("A9", "T1", "2018-01-12")},1`]),
    );
    expect(warnings).toEqual([]);
  });

  it("facts of an item the rubric of their year does not declare are told; events of a month no rubric is in force for are told they will not be scored", async () => {
    const facts = await imported(file("facts", ["单位,年度,事项,值", "T1,2018,领导小组,是", "T1,2018,创新工作,是", "T2,2018,创新工作,否"]));
    expect(facts).toEqual([expect.objectContaining({ code: "undeclared-fact", count: 2, rows: [3, 4] })]);
    expect(facts[0]?.zh).toContain("2 条事实的事项“创新工作”在 2018 年施行的规则“测试办法”（2018）中没有定义");
    // 2017: no version in force, nothing scored that month at all: said once, not per event type (a file of the wrong
    // year was stored without a word: a data review)
    expect(await imported(file("events", ["事件编号,单位,日期,事件类型", "E9,T1,2017-06-01,群众表扬"]))).toEqual([
      expect.objectContaining({
        code: "months-without-rubric",
        count: 1,
        zh: "1 个考核事件的日期在没有施行中的考核规则的月份（2017-06 1 个），不会计分：如选错了文件或日期的年份有误，请在控制台“数据”页的导入记录中撤销本次导入，改正后重新导入",
      }),
    ]);
  });

  it("an order whose id differs from a stored one's only in letter case is told of: two orders where the platform has one", async () => {
    // (a data review stored dia0005 beside DIA0005, each counted)
    expect(only(await imported(file("orders", [ORDER_HEADER, order("CASE-A1", "T1", "2018-06-03")])), "id-case-twins")).toEqual([]);
    const twin = await imported(file("orders", [ORDER_HEADER, order("case-a1", "T1", "2018-06-03"), order("plain-2", "T1", "2018-06-04")]));
    expect(only(twin, "id-case-twins")).toEqual([
      expect.objectContaining({
        count: 1,
        rows: [2],
        zh: "1 件工单的编号与已导入的工单只差大小写（case-a1 与 CASE-A1），存成了不同的工单，各自计分：如是同一件，请在控制台“数据”页的导入记录中撤销本次导入，把编号改成已有的写法后重新导入：第 2 行",
      }),
    ]);
    // ids in small letters with no such twin: nothing to say
    expect(only(await imported(file("orders", [ORDER_HEADER, order("plain-3", "T1", "2018-06-05")])), "id-case-twins")).toEqual([]);
  });

  it("orders of a month no rubric is in force for, and a file named for a month none of its orders is in, are told (the import stands)", async () => {
    const named = {
      path: writeCsvText(dir, "工单2018年12月.csv", [ORDER_HEADER, order("W1", "T1", "2017-05-01"), order("W2", "T2", "2017-05-03")]),
      name: "工单2018年12月.csv",
    };
    const warnings = await imported(named);
    expect(warnings.map((w) => [w.code, w.zh])).toEqual([
      [
        "file-name-month",
        "文件名写的是 2018-12，但其中 2 件工单的受理时间都不在 2018-12（2017-05 2 件）：请核对是否选错了文件；选错了可在控制台“数据”页的导入记录中撤销本次导入",
      ],
      [
        "months-without-rubric",
        "2 件工单的受理时间在没有施行中的考核规则的月份（2017-05 2 件），不会计分：如选错了文件或日期的年份有误，请在控制台“数据”页的导入记录中撤销本次导入，改正后重新导入",
      ],
    ]);
    expect(await store.prisma.order.count({ where: { id: { in: ["W1", "W2"] } } })).toBe(2);
    // undone, as a user told so would (the store's earliest month stays as the tests below know it)
    await undoImportBatch(store, (await store.prisma.importBatch.findFirstOrThrow({ where: { fileName: named.name } })).id, { actor: ACTOR });
    // a file of its month, with a late order of the month before: nothing to say
    const right = {
      path: writeCsvText(dir, "orders-2018-06.csv", [ORDER_HEADER, order("W3", "T1", "2018-06-01"), order("W4", "T1", "2018-05-30")]),
      name: "orders-2018-06.csv",
    };
    expect(only(await imported(right), "file-name-month")).toEqual([]);
  });

  it("stored orders of a month a file covers that the file lacks are told of (a re-export without a voided order); a daily export is not", async () => {
    const days = ["2018-08-01", "2018-08-02", "2018-08-03", "2018-08-04", "2018-08-05"];
    const month = days.map((d, i) => order(`Y${i + 1}`, "T1", d));
    const full = file("orders", [ORDER_HEADER, ...month, order("Y3b", "T1", "2018-08-03"), order("Y9", "T2", "2018-08-03")]);
    expect(only(await imported(full), "orders-not-in-file")).toEqual([]);
    // the month's export again, of 甲镇 alone, without M3 (voided on the platform): 乙镇's M9 is not this file's
    const again = await imported(file("orders", [ORDER_HEADER, ...month.filter((o) => !o.startsWith("Y3,")), order("Y3b", "T1", "2018-08-03")]));
    expect(only(again, "orders-not-in-file")).toEqual([
      expect.objectContaining({
        count: 1,
        zh: expect.stringMatching(
          /^已导入的 1 件 2018-08 受理的工单不在本文件中（甲镇：Y3），而本文件的工单落在 2018-08 的 5 天.*撤销带入它们的导入（第 \d+ 批“orders-\d+\.csv”；撤销去掉该批的全部记录）后重新导入本文件；只需改变它们的计分时，可由单位提出异议/,
        ),
      }),
    ]);
    // the same export with Y1 given twice, the later row taken (以后出现的行为准): six rows, five orders, Y3 still lacking
    // (counted by rows, the file looked as many as stored and the month was not looked into)
    const twice = file("orders", [
      ORDER_HEADER,
      ...month.filter((o) => !o.startsWith("Y3,")),
      order("Y3b", "T1", "2018-08-03"),
      order("Y1", "T1", "2018-08-02"),
    ]);
    const replaced = await importData(store, [twice], { actor: ACTOR, laterRowWins: true });
    expect(replaced.ok && only(replaced.warnings, "orders-not-in-file")).toEqual([
      expect.objectContaining({ count: 1, zh: expect.stringMatching(/（甲镇：Y3）/) }),
    ]);
    // two overlapping exports of September in one import, the second holding the first's orders too: neither is told it
    // lacks what the other holds — the first was told it lacked Z3–Z5, which the second brought; imported again, the
    // orders stored and unchanged, the second was told it lacked Z1, Z2 (its rows of them collapsed as the first's)
    const sept = (id: string, day: number) => order(id, "T1", `2018-09-0${day}`);
    const overlapping = () => [
      file("orders", [ORDER_HEADER, sept("Z1", 1), sept("Z2", 2)]),
      file("orders", [ORDER_HEADER, sept("Z1", 1), sept("Z2", 2), sept("Z3", 1), sept("Z4", 2), sept("Z5", 1)]),
    ];
    expect(only(await imported(...overlapping()), "orders-not-in-file")).toEqual([]);
    expect(only(await imported(...overlapping()), "orders-not-in-file")).toEqual([]);
    // a daily export (one day of a month stored on five), or the days from the 3rd on: nothing to say
    expect(only(await imported(file("orders", [ORDER_HEADER, order("Y1", "T1", "2018-08-01")])), "orders-not-in-file")).toEqual([]);
    expect(only(await imported(file("orders", [ORDER_HEADER, ...month.slice(3)])), "orders-not-in-file")).toEqual([]);
  });

  it("an import that changes a published month's data says so (the publication stays as it was), and whether any unit's standing would change; one that changes nothing there does not", async () => {
    // March published with one order of 乙镇's (a month without any is 无数据, never published); an order of April changes nothing of it
    await imported(file("orders", [ORDER_HEADER, order("C0", "T2", "2018-03-05")]));
    await publishPeriod(store, "2018-03", { actor: ACTOR });
    expect(only(await imported(file("orders", [ORDER_HEADER, order("C1", "T1", "2018-04-02")])), "published-changed")).toEqual([]);
    // an order of March: T1 has an order now (published with none: 本月无工单), its standing changes, and with it the
    // rank of the unit it falls below
    const changed = await imported(file("orders", [ORDER_HEADER, order("C2", "T1", "2018-03-02")]));
    expect(only(changed, "published-data-changed")).toEqual([]);
    expect(only(changed, "published-changed")).toEqual([
      expect.objectContaining({
        file: `orders-${files}.csv`,
        zh: "2018年3月的考核结果已发布，其数据现与发布时不同，按当前数据有 2 个单位的得分或名次会变：发布结果不随导入改变；如属更正，请在“月度排名”页预览差异并填写原因后重新发布",
      }),
    ]);
    const published = await store.prisma.publishedResult.findFirstOrThrow({ where: { period: "2018-03", supersededAt: null } });
    expect(published.dataHash).not.toBe(await dataHash(store, compileVersion(await getRubricVersion(store, published.rubricVersionId)), "2018-03"));
  });

  it("a later import tells of a published month only when it changes that month's data again; undone and imported again, it does", async () => {
    // March differs from its publication since the import above, which told of it; an order of April is beside it
    expect(only(await imported(file("orders", [ORDER_HEADER, order("C3", "T1", "2018-04-05")])), "published-changed")).toEqual([]);
    // another order of March: this import changes March again
    const again = file("orders", [ORDER_HEADER, order("C4", "T2", "2018-03-06")]);
    const month = (warnings: ImportWarning[]) => only(warnings, "published-changed").map((w) => w.zh.slice(0, w.zh.indexOf("的考核结果")));
    expect(month(await imported(again))).toEqual(["2018年3月"]);
    // undone, March is as the first import left it; the same file imported again changes it again, and says so
    const batch = await store.prisma.importBatch.findFirstOrThrow({ where: { fileName: again.name } });
    await undoImportBatch(store, batch.id, { actor: ACTOR });
    expect(month(await imported({ ...again, name: `again-${again.name}` }))).toEqual(["2018年3月"]);
  });

  it("an import that changes a published month's data but no unit's score or rank says there is nothing to re-publish", async () => {
    await imported(file("orders", [ORDER_HEADER, order("M1", "T1", "2018-05-03")]));
    await publishPeriod(store, "2018-05", { actor: ACTOR });
    // May's order again with a note the rubric does not read: May's data changed, no unit's score or rank did — told
    // so (it had been told to preview the differences and re-publish)
    const uncounted = await imported(file("orders", [`${ORDER_HEADER},备注`, `${order("M1", "T1", "2018-05-03")},已电话回访`]));
    expect(only(uncounted, "published-changed")).toEqual([]);
    expect(only(uncounted, "published-data-changed")).toEqual([
      expect.objectContaining({
        file: `orders-${files}.csv`,
        zh: "2018年5月的考核结果已发布，本次导入改变了它读取的数据，但按当前数据各单位的得分与名次都不变，无需重新发布",
      }),
    ]);
    // an event of May: T1's score goes down by it
    const late = await imported(file("events", ["事件编号,单位,日期,事件类型", "E8,T1,2018-05-05,推诿扯皮"]));
    expect(only(late, "published-data-changed")).toEqual([]);
    expect(only(late, "published-changed").map((w) => w.zh)).toEqual([expect.stringContaining("按当前数据有 ")]);
  });

  it("a month that runs from the 26th is told of an order of the 27th of the month before, which falls in it", async () => {
    // from 2019 the month runs from the 26th of the month before to the 25th: March 2019 is 2019-02-26 … 2019-03-25
    await publishFrom(2019, "  window month\n", "  window month from day 26\n");
    await imported(file("orders", [ORDER_HEADER, order("W0", "T2", "2019-03-05")]));
    await publishPeriod(store, "2019-03", { actor: ACTOR });
    // an order of 27 February is March's: the calendar month of the row (February) is not where the change is
    const changed = await imported(file("orders", [ORDER_HEADER, order("W1", "T1", "2019-02-27")]));
    expect(only(changed, "published-changed").map((w) => w.zh.slice(0, 12))).toEqual(["2019年3月的考核结果"]);
  });

  it("a month's ranking names the units of a category the rubric does not declare, which it leaves out", async () => {
    const month = await scoreForPeriod(store, "2018-01");
    expect(month.units.map((u) => u.unit.code).sort()).toEqual(["T1", "T2", "T3"]);
    expect(month.unassessed).toEqual([{ category: "开发区", count: 2, names: ["开发区管委会", "高新区管委会"] }]);
  });

  it("a units file that adds or moves a unit is told of by every published month it changes: a new unit enters each ranking", async () => {
    const published = (await store.prisma.publishedResult.findMany({ where: { supersededAt: null }, select: { period: true } })).map((p) => p.period).sort();
    expect(published).toEqual(["2018-03", "2018-05", "2019-03"]);
    // 丁镇, new, has no orders: it scores as a unit without complaints in each published month
    const added = await imported(file("units", ["单位编码,单位名称,类别", "T4,丁镇,镇"]));
    const told = [...only(added, "published-changed"), ...only(added, "published-data-changed")].map((w) => [
      w.code,
      w.zh.slice(0, w.zh.indexOf("的考核结果")),
    ]);
    expect(told).toEqual(published.map((period) => ["published-changed", `${Number(period.slice(0, 4))}年${Number(period.slice(5))}月`]));
    expect(only(added, "published-changed").every((w) => w.file === `units-${files}.csv`)).toBe(true);
    // a unit that joins after every published month, or one of a category the rubric does not rank: no published
    // month reads it, none is told of (each was told it changed the data, scores the same: a helper's noise)
    const aboutPublished = (ws: ImportWarning[]) => ws.filter((w) => w.code === "published-changed" || w.code === "published-data-changed");
    expect(aboutPublished(await imported(file("units", ["单位编码,单位名称,类别,起始月份", "T6,东岳镇,镇,2021-01"])))).toEqual([]);
    expect(aboutPublished(await imported(file("units", ["单位编码,单位名称,类别", "K3,新区管委会,开发区"])))).toEqual([]);
    // moved into the months of March 2019: that month is told of, the others not
    const moved = aboutPublished(await imported(file("units", ["单位编码,单位名称,类别,起始月份", "T6,东岳镇,镇,2019-03"])));
    expect(moved.map((w) => w.zh.slice(0, w.zh.indexOf("的考核结果")))).toEqual(["2019年3月"]);
    // and back after them (the tests below count the units of 2019)
    await imported(file("units", ["单位编码,单位名称,类别,起始月份", "T6,东岳镇,镇,2021-01"]));
    // a quarterly ranking reads a quarter's months: a unit assessed until January is in the published March's (Q1's)
    // ranking, and a change to it is told of (judged by March alone, it was left untold: a review)
    await publishFrom(2024, "  window month\n", "  window quarter\n");
    await imported(file("orders", [ORDER_HEADER, order("Q0", "T2", "2024-03-05")]));
    await publishPeriod(store, "2024-03", { actor: ACTOR });
    await imported(file("units", ["单位编码,单位名称,类别,起始月份,截止月份", "T6,东岳镇,镇,2024-01,2024-01"]));
    // from January alone to February alone: in the quarter both ways, in March neither
    const quarter = aboutPublished(await imported(file("units", ["单位编码,单位名称,类别,起始月份,截止月份", "T6,东岳镇,镇,2024-02,2024-02"])));
    expect(quarter.map((w) => w.zh.slice(0, w.zh.indexOf("的考核结果")))).toEqual(["2024年3月"]);
    await imported(file("units", ["单位编码,单位名称,类别,起始月份,截止月份", "T6,东岳镇,镇,2031-01,"]));
  });

  it("a column named like an optional column the file lacks (办结日期, 满意度) is told of, unless the rubric in force reads a column of that name", async () => {
    // 2018: the rubric reads no 满意度 nor 办结日期; read as extra columns, every order was unclosed and unvisited without a word
    const told = only(
      await imported(file("orders", [`${ORDER_HEADER},办结日期,满意度`, `${order("R1", "T1", "2018-06-05")},2018-06-06,满意`])),
      "resembling-column",
    );
    expect(told.map((w) => w.zh)).toEqual([
      "列“办结日期”看来是“办结时间”，但列名不同，没有按它读取，作为扩展列保存：计分时这 1 行都没有“办结时间”。它若就是“办结时间”，请把表头改为“办结时间”后重新导入（可先撤销本次导入）；它若是另外的信息，可不理会",
      "列“满意度”看来是“过程满意度”或“结果满意度”，但列名不同，没有按它读取，作为扩展列保存：计分时这 1 行都没有“过程满意度”或“结果满意度”。它若就是“过程满意度”或“结果满意度”，请把表头改为其中之一后重新导入（可先撤销本次导入）；它若是另外的信息，可不理会",
    ]);
    // from 2020 the rubric reads a column 满意度 of its own (attribute 满意度 text): that one is its column, not told of
    await publishFrom(2020, '  attribute 响应时长 "响应时长（小时）" number\n', '  attribute 响应时长 "响应时长（小时）" number\n  attribute 满意度 text\n');
    const read = only(
      await imported(file("orders", [`${ORDER_HEADER},办结日期,满意度,响应时长（小时）`, `${order("R2", "T1", "2020-03-05")},2020-03-06,满意,1`])),
      "resembling-column",
    );
    expect(read.map((w) => w.zh.slice(0, 8))).toEqual(["列“办结日期”看"]);
  });

  it("an orders file whose every 办理时限 is 00:00 exactly (a platform writing dates so) is told of; one with a deadline of its day or hour is not", async () => {
    const at = (id: string, due: string) => `${id},T1,县中心,2018-09-03 09:00,${due}`;
    const midnight = only(
      await imported(file("orders", [ORDER_HEADER, at("M1", "2018-09-10 00:00:00"), at("M2", "2018-09-11 00:00"), at("M3", "2018-09-12 00:00:00")])),
      "midnight-deadlines",
    );
    expect(midnight).toEqual([expect.objectContaining({ count: 3, rows: [2, 3, 4] })]);
    expect(midnight[0]?.zh).toContain("3 件工单的办理时限都是 0 时整（如“2018-12-10 00:00”）");
    // a date alone (the day's end), or one deadline at another hour among them: not told
    const mixed = await imported(
      file("orders", [ORDER_HEADER, at("M4", "2018-09-10 00:00:00"), at("M5", "2018-09-11 00:00"), at("M6", "2018-09-12 00:00"), at("M7", "2018-09-12 17:30")]),
    );
    expect(only(mixed, "midnight-deadlines")).toEqual([]);
    expect(
      only(await imported(file("orders", [ORDER_HEADER, at("M8", "2018-09-10"), at("M9", "2018-09-11"), at("M10", "2018-09-12")])), "midnight-deadlines"),
    ).toEqual([]);
    // 24:00, the day's end as written (read as the next day's 00:00), is not 0 时整 (it was told so, untrue: a review)
    expect(
      only(
        await imported(file("orders", [ORDER_HEADER, at("M11", "2018-09-10 24:00"), at("M12", "2018-09-11 24:00"), at("M13", "2018-09-12 24:00")])),
        "midnight-deadlines",
      ),
    ).toEqual([]);
  });

  it("rows hidden in a workbook (by hand or by a filter) are imported and told of, with their rows", async () => {
    const cells = (r: number, values: string[], hidden = false) =>
      `<row r="${r}"${hidden ? ' hidden="1"' : ""}>${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join("")}</row>`;
    const sheet = sheetXml([
      cells(1, ORDER_HEADER.split(",")),
      cells(2, order("H1", "T1", "2018-08-03").split(",")),
      cells(3, order("H2", "T1", "2018-08-04").split(","), true),
    ]);
    const path = await writeWorkbook(dir, "hidden.xlsx", { sheet });
    const told = only(await imported({ path, name: "筛选后.xlsx" }), "hidden-rows");
    expect(told).toEqual([expect.objectContaining({ file: "筛选后.xlsx", count: 1, rows: [3] })]);
    expect(told[0]?.zh).toBe(
      "1 行在工作表中是隐藏的（手动隐藏或被筛选掉），已和其他行一样导入：第 3 行。若隐藏是为了不导入它们，请删去这些行后重新导入（可先撤销本次导入）",
    );
    // imported all the same
    const stored = await store.raw.query<{ id: string }>(`SELECT "id" FROM "orders" WHERE "id" IN ('H1', 'H2') ORDER BY "id"`);
    expect(stored.map((o) => o.id)).toEqual(["H1", "H2"]);
  });

  it("a sheet filtered to one unit (an AutoFilter saved so) and a hidden column: the rows and the column are imported and told of, with where", async () => {
    // 7 orders; the clerk filtered 承办单位 to T1: rows 3–5 and 7 (T2's) are hidden, then hid F (回访结果) by hand
    const cells = (r: number, values: string[], hidden = false) =>
      `<row r="${r}"${hidden ? ' hidden="1"' : ""}>${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join("")}</row>`;
    const units = ["T1", "T2", "T2", "T2", "T1", "T2", "T1"];
    const rows = units.map((unit, i) => cells(i + 2, [...order(`F${i + 1}`, unit, "2018-08-03").split(","), "满意"], unit === "T2"));
    const sheet = sheetXml([cells(1, [...ORDER_HEADER.split(","), "回访结果"]), ...rows])
      .replace("<sheetData>", '<cols><col min="6" max="6" hidden="1"/></cols><sheetData>')
      .replace("</sheetData>", '</sheetData><autoFilter ref="A1:F8"><filterColumn colId="1"><filters><filter val="T1"/></filters></filterColumn></autoFilter>');
    const warnings = await imported({ path: await writeWorkbook(dir, "filtered.xlsx", { sheet }), name: "只看T1.xlsx" });
    const [rowsTold] = only(warnings, "hidden-rows");
    expect(rowsTold).toMatchObject({ file: "只看T1.xlsx", count: 4, rows: [3, 4, 5, 7] });
    expect(rowsTold?.zh).toBe(
      "4 行在工作表中是隐藏的（工作表设有筛选，多半是被筛选掉的），已和其他行一样导入：第 3–5、7 行。" +
        "如只想导入筛选出的行（如一个单位的工单），请取消筛选，删去不需要的行后重新导入（可先撤销本次导入）",
    );
    const [columnTold] = only(warnings, "hidden-columns");
    expect(columnTold).toMatchObject({ file: "只看T1.xlsx", count: 1, rows: [] });
    expect(columnTold?.zh).toBe(
      "第 F 列（“回访结果”）在工作表中是隐藏的：该列已按列名读取，其中的值和其他列一样导入。若隐藏是为了不导入该列，请删去后重新导入（可先撤销本次导入）",
    );
    // imported all the same: the hidden rows, and the hidden column as the orders' extra column
    const stored = await store.raw.query<{ id: string }>(`SELECT "id" FROM "orders" WHERE "id" LIKE 'F%' ORDER BY "id"`);
    expect(stored.map((o) => o.id)).toEqual(["F1", "F2", "F3", "F4", "F5", "F6", "F7"]);
  });

  it("a file without a column the rubric in force reads (办结时间, 已回访) is told of when it adds records; a look-alike column is told of once; a file adding none is not", async () => {
    // from 2021 the rubric counts closed and visited orders: a file with no 办结时间 column stored every order unclosed, without a word
    await publishFrom(2021, "count 本期工单 where 响应时长 <= 2", "count 本期工单 where 办结时间 is not missing and 已回访");
    const lacking = only(await imported(file("orders", [ORDER_HEADER, order("L1", "T1", "2021-03-05"), order("L2", "T1", "2021-03-06")])), "lacking-column");
    expect(lacking).toEqual([expect.objectContaining({ count: 2, rows: [] })]);
    expect(lacking[0]?.zh).toBe(
      "文件没有“办结时间”“已回访”列：本次新增的 2 件工单都按没有这些值存入（办结时间为空，已回访按“否”），而 2021-03 施行的规则“测试办法”（2021）按它们计分。" +
        "文件若有这些列（列名不同），请把表头改为“办结时间”“已回访”后重新导入（可先撤销本次导入）；确实没有的，可不理会",
    );
    // 办结日期 is told of as a look-alike of 办结时间; 已回访 alone as lacking
    const both = await imported(file("orders", [`${ORDER_HEADER},办结日期`, `${order("L3", "T1", "2021-03-07")},2021-03-08`]));
    // and said to be what the rubric in force scores by: every order of the file scored as never closed
    expect(only(both, "resembling-column").map((w) => w.zh)).toEqual([
      "列“办结日期”看来是“办结时间”，但列名不同，没有按它读取，作为扩展列保存：计分时这 1 行都没有“办结时间”，而 2021-03 施行的规则“测试办法”（2021）按“办结时间”计分。" +
        "它若就是“办结时间”，请把表头改为“办结时间”后重新导入（可先撤销本次导入）；它若是另外的信息，可不理会",
    ]);
    expect(only(both, "lacking-column").map((w) => w.zh.slice(0, w.zh.indexOf("：")))).toEqual(["文件没有“已回访”列"]);
    // the same file again adds nothing (the stored orders keep what they have): nothing to say
    expect(only(await imported(file("orders", [ORDER_HEADER, order("L1", "T1", "2021-03-05")])), "lacking-column")).toEqual([]);
    // 2018's rubric reads neither: not told
    expect(only(await imported(file("orders", [ORDER_HEADER, order("L4", "T1", "2018-07-05")])), "lacking-column")).toEqual([]);
  });

  it("orders 已回访 with an empty 过程满意度 or 结果满意度 are told of, with their rows, where the rubric in force reads it; not where it does not", async () => {
    // from 2022 the rubric counts satisfied call-backs: an order called back with its rating left empty is no satisfied one
    await publishFrom(2022, "count 本期工单 where 响应时长 <= 2", 'count 本期工单 where 已回访 and 过程满意度 in ["满意", "基本满意"]');
    const header = `${ORDER_HEADER},已回访,过程满意度,结果满意度`;
    const rated = (id: string, visited: string, process: string, result: string) => `${order(id, "T1", "2022-03-05")},${visited},${process},${result}`;
    const told = only(
      await imported(
        file("orders", [header, rated("V1", "是", "满意", "满意"), rated("V2", "是", "", "满意"), rated("V3", "否", "", ""), rated("V4", "√", "满意", "")]),
      ),
      "visited-unrated",
    );
    // V2 lacks its process rating (read by the rubric); V4 only its result rating (not read): V2 is told
    expect(told).toEqual([expect.objectContaining({ count: 1, rows: [3] })]);
    expect(told[0]?.zh).toBe(
      "1 件工单已回访，但“过程满意度”为空（第 3 行）：满意度为空的不算满意，规则按满意件数计分时会因此扣分。" +
        "已回访并有评价的，请补填后重新导入（可先撤销本次导入）；未能回访的，请把“已回访”改为“否”",
    );
    // every order rated, or 2018's rubric (which reads no rating): not told
    expect(only(await imported(file("orders", [header, rated("V5", "是", "满意", "")])), "visited-unrated")).toEqual([]);
    expect(only(await imported(file("orders", [header, `${order("V6", "T1", "2018-07-05")},是,,`])), "visited-unrated")).toEqual([]);
    // one file over both: only the 2022 order is told of (the 2018 month's rubric loses nothing by it)
    const mixed = only(await imported(file("orders", [header, `${order("V7", "T1", "2018-07-06")},是,,`, rated("V8", "是", "", "满意")])), "visited-unrated");
    expect(mixed).toEqual([expect.objectContaining({ count: 1, rows: [3] })]);
  });

  it("units assessed in some months only: orders outside them are told of, and a month's ranking and a unit's page leave them out", async () => {
    // 丁镇 set up in March 2018, 戊镇 abolished after February: no order of theirs yet, nothing to say
    const months = file("units", ["单位编码,单位名称,类别,起始月份,截止月份", "T4,丁镇,镇,2018-03,", "T5,戊镇,镇,,2018-02"]);
    expect(only(await imported(months), "outside-assessed-months")).toEqual([]);
    // 丁镇's February order, 戊镇's March and April ones: stored, and in no ranking
    const outside = only(
      await imported(
        file("orders", [
          ORDER_HEADER,
          order("M1", "T4", "2018-02-10"),
          order("M2", "T4", "2018-03-10"),
          order("M3", "T5", "2018-02-28"),
          order("M4", "T5", "2018-03-01"),
          order("M5", "T5", "2018-04-02"),
        ]),
      ),
      "outside-assessed-months",
    );
    expect(outside).toEqual([expect.objectContaining({ count: 3, rows: [] })]);
    expect(outside[0]?.zh).toBe(
      "3 件工单在承办单位参加考核的月份之外（起始月份之前或截止月份之后），不计入任何排名：丁镇（起始月份 2018-03）工单 1 件（M1）；戊镇（截止月份 2018-02）工单 2 件（M4、M5）。" +
        "如单位已撤销、合并，请把工单改派给接手的单位；如月份有误，请改正单位文件的起始月份、截止月份后重新导入",
    );
    const ranked = async (month: string) => (await scoreForPeriod(store, month)).units.map((u) => u.unit.code).filter((c) => c === "T4" || c === "T5");
    expect(await ranked("2018-02")).toEqual(["T5"]);
    expect(await ranked("2018-03")).toEqual(["T4"]);
    await expect(unitDetail(store, "2018-03", "T5")).rejects.toThrow("单位“戊镇”参加考核至 2018-02，2018年3月不在其考核期内");
    // the ranking says why: March is 丁镇's first month and comes after 戊镇's last
    const both = [
      { name: "丁镇", fromMonth: "2018-03", untilMonth: null, change: "joins" },
      { name: "戊镇", fromMonth: null, untilMonth: "2018-02", change: "leaves" },
    ];
    expect((await scoreForPeriod(store, "2018-03")).joiningLeaving).toEqual(both);
    expect((await scoreForPeriod(store, "2018-04")).joiningLeaving).toEqual([]);
    // a year: both are assessed in some of its months only (this rubric ranks no year)
    const rubric = compileVersion(await getRubricVersion(store, (await scoreForPeriod(store, "2018-03")).rubricVersion.id));
    expect(await joiningLeaving(store, rubric, "2018")).toEqual(both.map((u) => ({ ...u, change: "part" })));
    expect(await joiningLeaving(store, rubric, "2019")).toEqual([]);
    // and so does the month's bulletin, whose rank changes they move
    expect((await bulletinData(store, "2018-03")).defaultLead).toContain("丁镇自本月起参加考核。戊镇自本月起不再参加考核，名次变化按本月参加考核的单位计。");
    // a units file without the columns leaves the months as they are; one with the column empty clears it
    await imported(file("units", ["单位编码,单位名称,类别", "T5,戊镇,镇"]));
    expect(await ranked("2018-03")).toEqual(["T4"]);
    expect(only(await imported(file("units", ["单位编码,单位名称,类别,截止月份", "T5,戊镇,镇,"])), "outside-assessed-months")).toEqual([
      expect.objectContaining({ count: 1, zh: expect.stringContaining("丁镇（起始月份 2018-03）工单 1 件（M1）。") }),
    ]);
    expect(await ranked("2018-03")).toEqual(["T4", "T5"]);
    // a unit's months change the fingerprint of the periods they leave it out of, not of the others
    const [jan, mar] = [await dataHash(store, rubric, "2018-01"), await dataHash(store, rubric, "2018-03")];
    await imported(file("units", ["单位编码,单位名称,类别,截止月份", "T5,戊镇,镇,2018-02"]));
    expect(await dataHash(store, rubric, "2018-01")).toBe(jan);
    const march = await dataHash(store, rubric, "2018-03");
    expect(march).not.toBe(mar);
    // its last month moved back to January: February's changes, March's not (the unit is out of March either way)
    const feb = await dataHash(store, rubric, "2018-02");
    await imported(file("units", ["单位编码,单位名称,类别,截止月份", "T5,戊镇,镇,2018-01"]));
    expect(await dataHash(store, rubric, "2018-02")).not.toBe(feb);
    expect(await dataHash(store, rubric, "2018-03")).toBe(march);
  });

  it("a unit added without 起始月份 while earlier months hold orders is told of, with its first order's month; one with it, or one there from the start, is not", async () => {
    // the store holds orders from January 2018 (the tests above); 己镇 and 庚镇 come in with orders of 2019 only
    const before = await imported(
      file("units", ["单位编码,单位名称,类别", "T8,己镇,镇", "T9,庚镇,镇"]),
      file("orders", [ORDER_HEADER, order("N1", "T8", "2019-01-03")]),
    );
    const told = only(before, "new-unit-joins-earlier-months");
    expect(told).toEqual([expect.objectContaining({ count: 2, rows: [] })]);
    expect(told[0]?.zh).toBe(
      "新增的 2 个单位没有填写起始月份：己镇（T8，最早的工单在 2019-01）、庚镇（T9，还没有它的工单）。库中已有 2018-01 起的工单，" +
        "这些单位将参加此后每个月的考核，没有工单的月份也按规则计分、排名（已发布的月份按当前数据会因此不同）；" +
        "如为新设单位，请在单位名单的“起始月份”列填写它开始考核的月份后重新导入",
    );
    // written with its 起始月份, or a unit whose orders go back to the store's first month: nothing to say
    expect(only(await imported(file("units", ["单位编码,单位名称,类别,起始月份", "T10,辛镇,镇,2019-01"])), "new-unit-joins-earlier-months")).toEqual([]);
    const old = await imported(file("units", ["单位编码,单位名称,类别", "T11,壬镇,镇"]), file("orders", [ORDER_HEADER, order("N2", "T11", "2018-01-05")]));
    expect(only(old, "new-unit-joins-earlier-months")).toEqual([]);
    // a unit of a category the rubric does not rank joins no ranking: told of as such, not as joining earlier months
    expect(only(await imported(file("units", ["单位编码,单位名称,类别", "K9,经济开发区,开发区"])), "new-unit-joins-earlier-months")).toEqual([]);
    // a unit already stored, imported again without the column: not new, not told
    expect(only(await imported(file("units", ["单位编码,单位名称,类别", "T9,庚镇,镇"])), "new-unit-joins-earlier-months")).toEqual([]);
  });
  it("a published month is told of under the file whose rows fall in it, and not again by an import that leaves its results as they were told", async () => {
    await imported(file("orders", [ORDER_HEADER, order("B10", "T2", "2018-10-05")]));
    await publishPeriod(store, "2018-10", { actor: ACTOR });
    // one import, a file of November rows first and one of October's: October is the second file's change
    const november = file("orders", [ORDER_HEADER, order("N1", "T1", "2018-11-02")]);
    const october = file("orders", [ORDER_HEADER, order("N2", "T1", "2018-10-02")]);
    expect(only(await imported(november, october), "published-changed").map((w) => [w.file, w.zh.slice(0, 8)])).toEqual([[october.name, "2018年10月"]]);
    // a rubric reading orders of any month (or 响应时长 > 1000: not confined to the month): a file of November rows changes
    // the data October reads, not October's results, which an import before told of (a data review read the
    // November file as having changed the published October)
    await publishFrom(2025, "orders where 受理时间 in period\n", "orders where 受理时间 in period or 响应时长 > 1000\n");
    await imported(file("orders", [ORDER_HEADER, order("B25", "T2", "2025-10-05")]));
    await publishPeriod(store, "2025-10", { actor: ACTOR });
    const changed = only(await imported(file("orders", [ORDER_HEADER, order("N3", "T1", "2025-10-02")])), "published-changed");
    expect(changed.map((w) => w.zh.slice(0, 8))).toEqual(["2025年10月"]);
    expect(only(await imported(file("orders", [ORDER_HEADER, order("N4", "T1", "2025-11-03")])), "published-changed")).toEqual([]);
    // another order of October: its results change again, told so
    const again = only(await imported(file("orders", [ORDER_HEADER, order("N5", "T2", "2025-10-03")])), "published-changed");
    expect(again.map((w) => w.zh)).toEqual([
      expect.stringContaining("2025年10月的考核结果已发布，其数据现与发布时不同（此前的导入已使其与发布时不同，本次导入又改变了它读取的数据）"),
    ]);
  });
  it("an import that changes a month open to the units (预览) names the units whose score, rank or 书面说明 duty changed; one that changes none says nothing", async () => {
    await imported(file("orders", [ORDER_HEADER, order("P1", "T1", "2018-07-03")]));
    await openPreview(store, "2018-07", { actor: ACTOR });
    // 乙镇 had no order (及时率 1: 100 points); one without 响应时长 scores it 0
    const changed = only(await imported(file("orders", [ORDER_HEADER, order("P2", "T2", "2018-07-04")])), "opened-changed");
    expect(changed).toEqual([
      expect.objectContaining({
        file: `orders-${files}.csv`,
        zh: expect.stringMatching(/^2018年7月已向各单位开放（预览，异议与书面说明期限在进行中），本次导入改变了 \d+ 个单位的结果：.*乙镇（得分 100 → 0/),
      }),
    ]);
    // an order of another month: July's results as they were
    expect(only(await imported(file("orders", [ORDER_HEADER, order("P3", "T1", "2018-06-20")])), "opened-changed")).toEqual([]);
  });

  it("units of a category a later year's rubric declares are not told they are in no ranking; a category no rubric declares still is", async () => {
    // a new county's 2026 method names its towns 镇街; the store holds years under rubrics that say 镇 (another county's walk)
    await publishFrom(2026, 'category 镇 "镇"', 'category 镇街 "镇街"');
    const warnings = await imported(
      file("units", ["单位编码,单位名称,类别,起始月份", "Z1,新甲镇,镇街,2026-01", "Z2,新乙镇,镇街,2026-01", "Q1,新城区管委会,新区,2026-01"]),
      file("orders", [ORDER_HEADER, order("Z-1", "Z1", "2026-01-05"), order("Z-2", "Z2", "2026-01-06")]),
    );
    // 镇街 is ranked in 2026: only 新区, which no rubric declares, is told of
    expect(only(warnings, "undeclared-category").map((w) => [w.count, w.rows, w.zh.slice(0, 13)])).toEqual([[1, [4], "1 个单位的类别“新区”在"]]);
    const ranked = await scoreForPeriod(store, "2026-01");
    expect(ranked.units.filter((u) => u.unit.code.startsWith("Z")).map((u) => [u.unit.code, u.group])).toEqual([
      ["Z1", "镇街"],
      ["Z2", "镇街"],
    ]);
  });
});

describe("the month a file's name gives", () => {
  it("is read from the ways names are written, and not from a day or a span of months", async () => {
    const { monthOfFileName } = await import("../src/import-warnings.ts");
    for (const [name, month] of [
      ["工单2018年12月.xlsx", "2018-12"],
      ["orders-2018-12.csv", "2018-12"],
      ["201812工单.xls", "2018-12"],
      ["2018.3 考核事件.csv", "2018-03"],
      ["工单 2018 年 3 月（修订）.xlsx", "2018-03"],
      ["导出2018-12-05.xlsx", null],
      ["2018年12月5日导出.xlsx", null],
      ["2018年1-12月工单.xlsx", null],
      ["工单 (1).csv", null],
      ["2018-11至2018-12.csv", null],
    ] as const) {
      expect([name, monthOfFileName(name)]).toEqual([name, month]);
    }
  });
});

/**
 * An import that would move units assessed now (their stored category declared by the rubric in force) into a
 * category that rubric does not declare is not stored until the user confirms it (a units file retyped with 乡镇 for
 * 镇 took 38 of 40 units out of every ranking at once, the month open to the units included: a data review). On both
 * databases: refused unconfirmed with nothing stored, saying how many units, which categories and what follows;
 * stored once confirmed (`confirmUnassessing`), the warning after it as before. New units of an undeclared category,
 * and a move between declared categories, import as before.
 */
import { openStore, type Store } from "@kaohe/db";
import { databases, tableCounts, useDatabase, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPreview } from "../src/cycle.ts";
import { type ImportReport, importData } from "../src/import-warnings.ts";
import { createDraft, publishRubricVersion } from "../src/rubrics.ts";

const dir = useTempDir("kaohe-import-unassessing-");
const ACTOR = "导入员";

/** In force from 2018: towns and subdistricts ranked within their category, 100 points less 1 an order. */
const RUBRIC = `rubric "测试办法" version "2018"
  in force from 2018-01

category 镇 "镇"
category 街道 "街道"

population 本期工单 "本期受理工单" = orders where 受理时间 in period

measure 工单数 "工单数" = count 本期工单

monthly 月度 "月度考核" {
  window month
  item 工单 "工单" 100 points = 100 - 工单数
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

const UNITS_HEADER = "单位编码,单位名称,类别";
const ORDER_HEADER = "工单编号,承办单位,来源,受理时间,办理时限";

let files = 0;
const file = (kind: string, lines: string[]) => ({ path: writeCsvText(dir, `${kind}-${++files}.csv`, lines), name: `${kind}-${files}.csv` });

describe.each(databases)("an import taking assessed units out of every ranking on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;

  const categories = async () =>
    Object.fromEntries(
      (await store.prisma.unit.findMany({ select: { code: true, category: true }, orderBy: { code: "asc" } })).map((u) => [u.code, u.category]),
    );

  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    const draft = await createDraft(store, { text: RUBRIC, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
    const units = await importData(store, [file("units", [UNITS_HEADER, "T1,甲镇,镇", "T2,乙镇,镇", "T3,丙镇,镇", "J1,东街道,街道"])], { actor: ACTOR });
    expect(units.ok).toBe(true);
    const orders = await importData(store, [file("orders", [ORDER_HEADER, "A1,T1,县中心,2018-03-05 09:00,2018-03-05 17:00"])], { actor: ACTOR });
    expect(orders.ok).toBe(true);
    // March open to the units: each scored (甲镇 99, the others 100)
    await openPreview(store, "2018-03", { actor: ACTOR });
  });
  afterAll(async () => {
    await store?.close();
  });

  // 甲镇 and 乙镇 retyped 乡镇 (镇 is declared, 乡镇 is not), 丙镇 kept, 东街道 retyped 社区, and a new unit of a category
  // no rubric declares (not assessed now: not asked about)
  const retyped = () => file("units", [UNITS_HEADER, "T1,甲镇,乡镇", "T2,乙镇,乡镇", "T3,丙镇,镇", "J1,东街道,社区", "K1,开发区管委会,开发区"]);

  it("is not stored unconfirmed: nothing changes, and the message says how many units, old → new, the rubric's categories and the open month", async () => {
    const batches = (await tableCounts(store.raw)).import_batches;
    const result: ImportReport = await importData(store, [retyped()], { actor: ACTOR });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problemCount).toBe(0);
    expect(result.problems).toEqual([]);
    // the groups in the order of the units' codes (J1 before T1); the three moved units have a score in March, none owes
    // a 书面说明 (the rubric has no sanction)
    expect(result.confirm).toEqual({
      count: 3,
      zh:
        "本次导入将把 3 个正在参加考核的单位改为规则“测试办法”（2018）中没有定义的类别：街道 → 社区 1 个（东街道）；镇 → 乡镇 2 个（甲镇、乙镇）（规则中的类别：镇、街道）。" +
        "这些单位将不参加考核、不在任何排名中；2018年3月已向各单位开放（预览）：其中 3 个单位的得分和名次将消失，单位用户将看不到本单位得分。" +
        "还没有导入任何数据：如类别名写错了，请改成规则中的类别后重新导入；确要如此改的，请确认后再导入",
      en: expect.stringContaining("the import would move 3 assessed unit(s)"),
    });
    // nothing stored: the categories as they were, the new unit not added, no batch
    expect(await categories()).toEqual({ J1: "街道", T1: "镇", T2: "镇", T3: "镇" });
    expect((await tableCounts(store.raw)).import_batches).toBe(batches);
    // recorded in the audit log as refused, with the reason
    const refused = await store.prisma.auditLog.findFirst({ where: { action: "import.refused" }, orderBy: { id: "desc" } });
    const detail = refused?.detail;
    expect(typeof detail === "string" ? JSON.parse(detail) : detail).toMatchObject({ problems: 0, unconfirmed: result.confirm?.zh });
  });

  it("is stored once confirmed, with the warning after it as before", async () => {
    const result = await importData(store, [retyped()], { actor: ACTOR, confirmUnassessing: true });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.files[0]).toMatchObject({ inserted: 1, updated: 3, unchanged: 1 });
    expect(await categories()).toEqual({ J1: "社区", K1: "开发区", T1: "乡镇", T2: "乡镇", T3: "镇" });
    expect(result.warnings.filter((w) => w.code === "undeclared-category").map((w) => w.zh.slice(0, 14))).toEqual([
      "2 个单位的类别“乡镇”在规",
      "1 个单位的类别“社区”在规",
      "1 个单位的类别“开发区”在",
    ]);
  });

  it("new units of an undeclared category, and a move between declared categories or out of an undeclared one, import unasked", async () => {
    // 乙镇 back to 镇 (from 乡镇, not assessed), 丙镇 to 街道 (declared), a new unit of 开发区
    const result = await importData(store, [file("units", [UNITS_HEADER, "T2,乙镇,镇", "T3,丙镇,街道", "K2,高新区管委会,开发区"])], { actor: ACTOR });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.files[0]).toMatchObject({ inserted: 1, updated: 2 });
    expect(result.warnings.map((w) => w.code)).toContain("undeclared-category");
  });
});

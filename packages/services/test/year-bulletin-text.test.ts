/**
 * The year's 《投诉动态》 (年度考核结果通报) written as the month's is: its issue, date and lead saved with the year (the
 * Bulletin row "2017"), audited, read back by the bulletin the files print, and refused in Chinese when they cannot be
 * printed. The data: the 2017 rubric, two towns with one order each in October 2017 (as year-cycle.test.ts).
 */
import { readFileSync } from "node:fs";
import { type Order, shanghaiEpoch, type Unit } from "@kaohe/data";
import { openStore, type Store } from "@kaohe/db";
import { databases, replaceRecords, useDatabase } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulletinData } from "../src/bulletin.ts";
import { saveBulletinText } from "../src/bulletin-text.ts";
import { createDraft, publishRubricVersion } from "../src/rubrics.ts";
import { yearBulletinData } from "../src/year-bulletin.ts";
import { testOrder } from "./support/orders.ts";
import { refusal } from "./support/refusal.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const at = (m: number, d: number, h = 9) => shanghaiEpoch(2017, m, d, h);
const units: Unit[] = [
  { code: "T1", name: "甲镇", category: "镇", attributes: {} },
  { code: "T2", name: "乙镇", category: "镇", attributes: {} },
];
const order = (id: string, unit: string): Order => testOrder({ id, unit, receivedAt: at(10, 9), dueAt: at(10, 16, 17), closedAt: at(10, 11, 10) });

describe.each(databases)("the year's bulletin text on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    // and one of November, whose bulletin is read below (a month without any order is 无数据: no bulletin)
    const november = testOrder({ id: "N1", unit: "T1", receivedAt: at(11, 6), dueAt: at(11, 13, 17), closedAt: at(11, 8, 10) });
    await replaceRecords(store.raw, { units, orders: [order("A1", "T1"), order("B1", "T2"), november], events: [] });
    const draft = await createDraft(store, { text: RUBRIC_2017, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
  });
  afterAll(async () => {
    await store?.close();
  });

  it("defaults until saved: the issue after December's (a bulletin a month: 第12期, so 第13期), the lead the year's data suggests", async () => {
    const b = await yearBulletinData(store, "2017", new Date("2018-01-10T02:00:00Z"));
    expect([b.issue, b.issueAfter, b.saved, b.issuedOn]).toEqual([13, null, null, "2018-01-10"]);
    expect(b.lead).toBe(b.defaultLead);
    expect(b.lead).toContain("参加考核的2个责任单位");
    // a month's issue saved: the year's follows it (October 第10期 → 第11期)
    await saveBulletinText(store, { period: "2017-10", issue: 10, issuedOn: "2017-11-05", lead: "十月。", actor: "测试员" });
    expect(await yearBulletinData(store, "2017")).toMatchObject({ issue: 11, issueAfter: { period: "2017-10", issue: 10 } });
  });

  it("is saved with the year, audited with what it was, and printed as saved; the months' issues do not follow it", async () => {
    await saveBulletinText(store, { period: "2017", issue: 1, issuedOn: "2018-01-08", lead: " 年度导言。\r\n第二段。 ", actor: "考核办" });
    await saveBulletinText(store, { period: "2017", issue: 2, issuedOn: "2018-01-09", lead: "定稿：2017年度全县热线工作平稳。", actor: "考核办" });
    // the same text again (a double click): no second entry
    await saveBulletinText(store, { period: "2017", issue: 2, issuedOn: "2018-01-09", lead: "定稿：2017年度全县热线工作平稳。", actor: "考核办" });
    const b = await yearBulletinData(store, "2017");
    expect([b.issue, b.issueAfter, b.issuedOn, b.lead, b.saved?.by]).toEqual([2, null, "2018-01-09", "定稿：2017年度全县热线工作平稳。", "考核办"]);
    expect(b.defaultLead).toContain("参加考核的2个责任单位");
    const audit = await store.prisma.auditLog.findMany({ where: { action: "bulletin.update", entityId: "2017" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.detail)).toEqual([
      { from: null, to: { issue: 1, issuedOn: "2018-01-08", lead: "年度导言。\n第二段。" } },
      {
        from: { issue: 1, issuedOn: "2018-01-08", lead: "年度导言。\n第二段。" },
        to: { issue: 2, issuedOn: "2018-01-09", lead: "定稿：2017年度全县热线工作平稳。" },
      },
    ]);
    // "2017" sorts before "2017-01": November still follows October's 第10期, not the year's 第2期
    expect((await bulletinData(store, "2017-11")).issueAfter).toEqual({ period: "2017-10", issue: 10 });
  });

  it("refuses what cannot be printed, in Chinese, and saves nothing", async () => {
    const base = { period: "2016", issue: 1, issuedOn: "2017-01-05", lead: "导言", actor: "考核办" };
    const cases: [Partial<typeof base>, string][] = [
      [{ period: "17" }, "月份应写成 2018-11（年度通报写年份 2018），而不是“17”"],
      [{ issue: 0 }, "期号应为 1 至 999 的整数"],
      [{ issuedOn: "2017-02-30" }, "印发日期应写成 2018-12-05，而不是“2017-02-30”"],
      [{ lead: " \n " }, "请填写导言：本期通报开头的一段说明"],
      [{ lead: "甲".repeat(2001) }, "导言最多 2000 字（现 2001 字）：更长的材料请另行印发"],
      [{ lead: "导言\u200b" }, "导言中有控制字符、零宽字符或方向标记：请删去后再保存"],
    ];
    for (const [change, zh] of cases) {
      const e = await refusal(saveBulletinText(store, { ...base, ...change }));
      expect([e.code, e.zh]).toEqual(["BAD_INPUT", zh]);
    }
    expect(await store.prisma.bulletin.count({ where: { period: { in: ["2016", "17"] } } })).toBe(0);
    expect(await store.prisma.auditLog.count({ where: { entityId: { in: ["2016", "17"] } } })).toBe(0);
  });
});

/**
 * Publication on both databases: one current publication per period, held
 * by the database itself (two publications of a month at the same moment
 * from two connections: one commits, the other is refused); the data
 * fingerprint covers every row that can change a result (an order closed in
 * the month but received before it, a month running from the 26th); a
 * withdrawn rubric version stops being in force.
 */
import type { HotlineEvent, Order, Unit } from "@kaohe/data";
import { AppError, openStore, rebuildWorkdays, type Store, storedRowDigest } from "@kaohe/db";
import { auditRows, databases, replaceRecords, useDatabase } from "@kaohe/db/testing";
import { compileRubric, localDate } from "@kaohe/rules-engine";
import { formatShanghai } from "@kaohe/time";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drilldown } from "../src/drilldown.ts";
import { currentPublication, publishPeriod, reproducePublication } from "../src/publication.ts";
import { createDraft, publishRubricVersion, versionInForce, withdrawRubricVersion } from "../src/rubrics.ts";
import { dataHash } from "../src/scores.ts";
import { testOrder } from "./support/orders.ts";
import { refusal } from "./support/refusal.ts";
import { closedInMonthRubric, from26thRubric } from "./support/test-rubrics.ts";

const at = (y: number, m: number, d: number, h = 10) => localDate(y, m, d) + h * 3_600_000;

const units: Unit[] = [
  { code: "T1", name: "甲镇", category: "镇", attributes: {} },
  { code: "T2", name: "乙镇", category: "镇", attributes: {} },
];

function order(id: string, unit: string, receivedAt: number, closedAt: number | null, satisfaction: "满意" | "不满意" | null = "满意"): Order {
  const dueAt = receivedAt + 5 * 86_400_000;
  return testOrder({
    id,
    unit,
    receivedAt,
    dueAt,
    closedAt,
    visited: satisfaction !== null,
    processSatisfaction: satisfaction,
    resultSatisfaction: satisfaction,
  });
}

const orders: Order[] = [
  // received in September, closed in October: October's by close time
  order("A1", "T1", at(2017, 9, 20), at(2017, 10, 10)),
  order("A2", "T1", at(2017, 10, 3), at(2017, 10, 9), "不满意"),
  order("A3", "T2", at(2017, 10, 5), at(2017, 10, 12)),
  order("A4", "T2", at(2017, 11, 2), at(2017, 11, 6)),
  // received on 28 December 2016: in January 2017's month when months run from the 26th
  order("B1", "T1", at(2016, 12, 28), at(2016, 12, 30)),
  order("B2", "T2", at(2017, 1, 10), at(2017, 1, 12)),
  // December's one order: a month without any is 无数据, never published
  order("D1", "T2", at(2017, 12, 5), at(2017, 12, 7)),
];
/** February 2018's one order, imported in the test of a month not ended */
const february = order("F1", "T1", at(2018, 2, 10), at(2018, 2, 12));
const events: HotlineEvent[] = [];

async function publishedVersion(store: Store, text: string): Promise<number> {
  const draft = await createDraft(store, { text, author: "测试员" });
  await publishRubricVersion(store, draft.id, "测试员");
  return draft.id;
}

describe.each(databases)("publication on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  let other: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    other = await openStore(database.url);
    await replaceRecords(store.raw, { units, orders, events });
  });
  afterAll(async () => {
    await other?.close();
    await store?.close();
  });

  const setClosedAt = (id: string, closedAt: number) =>
    store.raw.execute(`UPDATE "orders" SET "closedAt" = ${store.provider === "sqlite" ? "?" : "$1"} WHERE "id" = ${store.provider === "sqlite" ? "?" : "$2"}`, [
      closedAt,
      id,
    ]);
  const setSatisfaction = (id: string, value: string) =>
    store.raw.execute(
      `UPDATE "orders" SET "resultSatisfaction" = ${store.provider === "sqlite" ? "?" : "$1"} WHERE "id" = ${store.provider === "sqlite" ? "?" : "$2"}`,
      [value, id],
    );

  it("the fingerprint of a month scored by close time changes with the close time of an order received the month before", async () => {
    const rubric = compileRubric(closedInMonthRubric());
    const before = await dataHash(store, rubric, "2017-10");
    // these rows were written without digests: the same fingerprint once each has its digest (as an import writes
    // them), and the change below then clears A1's (the migration's trigger) — were it left, the change would not show
    for (const row of await store.raw.query(`SELECT * FROM "orders"`)) {
      await store.raw.execute(
        `UPDATE "orders" SET "digest" = ${store.provider === "sqlite" ? "?" : "$1"} WHERE "id" = ${store.provider === "sqlite" ? "?" : "$2"}`,
        [storedRowDigest("orders", row, store.provider), row.id],
      );
    }
    expect(await dataHash(store, rubric, "2017-10")).toBe(before);
    // still closed in October, later: A1 was received in September
    await setClosedAt("A1", at(2017, 10, 20));
    const later = await dataHash(store, rubric, "2017-10");
    expect(later).not.toBe(before);
    // closed in November instead: it leaves October
    await setClosedAt("A1", at(2017, 11, 3));
    expect(await dataHash(store, rubric, "2017-10")).not.toBe(later);
    await setClosedAt("A1", at(2017, 10, 10));
    expect(await dataHash(store, rubric, "2017-10")).toBe(before);
    // a November order, received and closed in November, is none of October's
    await setSatisfaction("A4", "不满意");
    expect(await dataHash(store, rubric, "2017-10")).toBe(before);
    await setSatisfaction("A4", "满意");
  });

  it("the fingerprint of a month scored in working days changes with the holiday calendar, and only then", async () => {
    const withWorkdays = compileRubric(
      closedInMonthRubric("按工作日").replace("measure 事件数", "measure 超期数 = count 本期办结 where 办结时间 > add_workdays(受理时间, 5)\nmeasure 事件数"),
    );
    const without = compileRubric(closedInMonthRubric());
    // the calendar as an import stores it: 2017 covered by one row, 2018 too (the month around the period)
    const days = (...ds: [number, number, number, string][]) => ds.map(([y, m, d, type]) => [(localDate(y, m, d) + 8 * 3_600_000) / 86_400_000, type, null]);
    const store2 = async (rows: unknown[][]) => {
      await store.raw.execute(`DELETE FROM "holidays"`);
      await store.raw.insertMany("holidays", ["day", "type", "note"], rows);
      await rebuildWorkdays(store.raw);
    };
    await store2(days([2017, 1, 2, "休"], [2018, 1, 1, "休"]));
    const before = [await dataHash(store, withWorkdays, "2017-10"), await dataHash(store, without, "2017-10")];
    // 2017-10-09 declared a day off: October's deadlines move, so does the fingerprint of the rubric that reads them
    await store2(days([2017, 1, 2, "休"], [2017, 10, 9, "休"], [2018, 1, 1, "休"]));
    expect(await dataHash(store, withWorkdays, "2017-10")).not.toBe(before[0]);
    expect(await dataHash(store, without, "2017-10")).toBe(before[1]);
    // a day far from the period (2019) is none of October's
    await store2(days([2017, 1, 2, "休"], [2018, 1, 1, "休"], [2019, 6, 7, "休"]));
    expect(await dataHash(store, withWorkdays, "2017-10")).toBe(before[0]);
    await store2([]);
  });

  it("the fingerprint of a month that reads the month before (previous(…), in previous period) changes with that month's orders", async () => {
    const plain = compileRubric(closedInMonthRubric());
    const withPrevious = compileRubric(
      closedInMonthRubric("读上期")
        .replace('rate 满意率 "满意率"', 'value 上月满意 = previous(满意数)\nrate 满意率 "满意率"')
        .replace("  item 满意", "  report 上月满意\n  item 满意"),
    );
    const withRecords = compileRubric(
      closedInMonthRubric("上期工单")
        .replace("population 本期事件", "population 上期办结 = orders where 办结时间 in previous period\npopulation 本期事件")
        .replace("measure 事件数", 'measure 上期不满意 = count 上期办结 where 结果满意度 = "不满意"\nmeasure 事件数'),
    );
    const november = async () => Promise.all([plain, withPrevious, withRecords].map((r) => dataHash(store, r, "2017-11")));
    const before = await november();
    // A2 was closed in October: none of November's orders, but last month's for the two that read it
    await setSatisfaction("A2", "满意");
    const after = await november();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[2]).not.toBe(before[2]);
    await setSatisfaction("A2", "不满意");
    expect(await november()).toEqual(before);
    // the records behind November's 上期不满意 are October's: A2, closed 10-09 不满意
    const page = await drilldown(store, withRecords, { period: "2017-11", unit: "T1", measure: "上期不满意" });
    expect(page.rows.map((r) => r.id)).toEqual(["A2"]);
  });

  it("the fingerprint of a year of months from the 26th covers the last days of the year before", async () => {
    const rubric = compileRubric(from26thRubric());
    const year = await dataHash(store, rubric, "2017");
    const january = await dataHash(store, rubric, "2017-01");
    await setSatisfaction("B1", "不满意");
    expect(await dataHash(store, rubric, "2017-01")).not.toBe(january);
    expect(await dataHash(store, rubric, "2017")).not.toBe(year);
    await setSatisfaction("B1", "满意");
    expect(await dataHash(store, rubric, "2017")).toBe(year);
  });

  it("a published month by close time: reproduce tells the data changed when an order received before it closes later", async () => {
    const id = await publishedVersion(store, closedInMonthRubric("按办结-发布"));
    expect((await versionInForce(store, "2017-10")).id).toBe(id);
    const published = await publishPeriod(store, "2017-10", { actor: "测试员" });
    expect(await reproducePublication(store, published.id)).toEqual({ identical: true, dataUnchanged: true, differences: [] });
    await setSatisfaction("A1", "不满意");
    const r = await reproducePublication(store, published.id);
    expect(r.dataUnchanged).toBe(false);
    expect(r.identical).toBe(false);
    await setSatisfaction("A1", "满意");
  });

  it("two publications of a month at the same moment, from two connections: exactly one is current, the other is refused", async () => {
    const outcomes = await Promise.allSettled([publishPeriod(store, "2017-11", { actor: "甲" }), publishPeriod(other, "2017-11", { actor: "乙" })]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect((refused.reason as AppError).code).toBe("CONFLICT");
    const current = await store.raw.query(`SELECT "id" FROM "published_results" WHERE "period" = '2017-11' AND "supersededAt" IS NULL`);
    expect(current).toHaveLength(1);

    // re-published at the same moment, both with a reason: still one current
    const again = await Promise.allSettled([
      publishPeriod(store, "2017-11", { actor: "甲", reason: "复核甲" }),
      publishPeriod(other, "2017-11", { actor: "乙", reason: "复核乙" }),
    ]);
    expect(again.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await store.raw.query(`SELECT "id" FROM "published_results" WHERE "period" = '2017-11' AND "supersededAt" IS NULL`)).toHaveLength(1);
    expect(await store.raw.query(`SELECT "id" FROM "published_results" WHERE "period" = '2017-11'`)).toHaveLength(2);
  });

  it("a re-publication names the publication it replaces: one published meanwhile is not replaced unseen, nothing is published", async () => {
    // 甲 and 乙 both look at November's current publication (the one above)
    const seen = (await currentPublication(store, "2017-11"))?.id as number;
    const published = async () => (await store.raw.query(`SELECT "id" FROM "published_results" WHERE "period" = '2017-11'`)).length;
    const before = await published();
    // 甲 re-publishes it first
    const first = await publishPeriod(store, "2017-11", { actor: "甲", reason: "甲 更正", replaces: seen });
    // 乙, on another connection and still shown the publication 甲 replaced, re-publishes a moment later: refused,
    // told who re-published it, when, and why
    const e = await refusal(publishPeriod(other, "2017-11", { actor: "乙", reason: "乙 更正", replaces: seen }));
    expect(e.code).toBe("CONFLICT");
    expect(e.zh).toBe(
      `2017年11月刚由 甲 于 ${formatShanghai(first.publishedAt.getTime(), "minute")} 重新发布（原因：甲 更正），本次没有发布：请刷新查看后再决定是否重新发布`,
    );
    expect(e.detail).toEqual({ publishedMeanwhile: true });
    // 甲's publication stays current, its reason with it; 乙's made nothing: one publication more than before, not two
    expect(await currentPublication(store, "2017-11")).toMatchObject({ id: first.id, publishedBy: "甲", reason: "甲 更正" });
    expect(await published()).toBe(before + 1);
    expect((await auditRows(store.raw)).filter((a) => a.detail?.reason === "乙 更正")).toEqual([]);

    // having seen 甲's, 乙 re-publishes it
    const second = await publishPeriod(other, "2017-11", { actor: "乙", reason: "乙 更正", replaces: first.id });
    expect((await currentPublication(store, "2017-11"))?.id).toBe(second.id);

    // a first publication: 乙's page showed January unpublished (null) while 甲 published it; a reason does not let it through
    // (甲's first publication gave a reason too, which a first one may: still said 发布, not 重新发布, an operator's race)
    const january = await publishPeriod(store, "2017-01", { actor: "甲", reason: "并发", replaces: null });
    const late = await refusal(publishPeriod(other, "2017-01", { actor: "乙", reason: "首次发布", replaces: null }));
    expect(late.zh).toBe(
      `2017年1月刚由 甲 于 ${formatShanghai(january.publishedAt.getTime(), "minute")} 发布（原因：并发），本次没有发布：请刷新查看后再决定是否重新发布`,
    );
    expect((await currentPublication(store, "2017-01"))?.id).toBe(january.id);
  });

  it("the database itself refuses a second current publication of a period", async () => {
    const current = await currentPublication(store, "2017-11");
    const copy = store.prisma.publishedResult.create({
      data: {
        period: "2017-11",
        schedule: "monthly",
        rubricVersionId: current?.rubricVersionId as number,
        dataHash: "x",
        snapshot: {},
        publishedBy: "旁路",
      },
    });
    await expect(copy).rejects.toThrow();
    // a superseded one is fine
    await store.prisma.publishedResult.create({
      data: {
        period: "2017-11",
        schedule: "monthly",
        rubricVersionId: current?.rubricVersionId as number,
        dataHash: "x",
        snapshot: {},
        publishedBy: "旁路",
        supersededAt: new Date(),
      },
    });
  });

  it("a withdrawn version is no longer in force: the previous one takes its months back, its publications stay", async () => {
    const earlier = await versionInForce(store, "2017-10");
    const later = await publishedVersion(store, from26thRubric("26日起-发布").replace("in force from 2017-01", "in force from 2017-10"));
    expect((await versionInForce(store, "2017-10")).id).toBe(later);
    const published = await publishPeriod(store, "2017-12", { actor: "测试员" });
    expect(published.rubricVersionId).toBe(later);

    const withdrawn = await withdrawRubricVersion(store, later, { actor: "管理员", reason: "施行月份写错" });
    expect(withdrawn).toMatchObject({ status: "withdrawn", withdrawnBy: "管理员", withdrawnReason: "施行月份写错" });
    expect(withdrawn.withdrawnAt).toBeInstanceOf(Date);
    expect((await versionInForce(store, "2017-10")).id).toBe(earlier.id);
    // the month published under it keeps its frozen result
    expect((await currentPublication(store, "2017-12"))?.rubricVersionId).toBe(later);
    const audit = (await auditRows(store.raw)).filter((a) => a.action === "rubric.withdraw");
    expect(audit).toEqual([
      expect.objectContaining({ actor: "管理员", entityId: String(later), detail: expect.objectContaining({ reason: "施行月份写错", publicationsKept: 1 }) }),
    ]);
    // once withdrawn, not again, and never published again
    await expect(withdrawRubricVersion(store, later, { actor: "管理员", reason: "再撤" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(publishRubricVersion(store, later, "管理员")).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a month that has not ended is published only when confirmed: its window (from the 26th) is named, and the audit says so", async () => {
    // months from the 26th: February 2018 runs from 26 January to 25 February
    await publishedVersion(store, from26thRubric("26日起-2018").replace("in force from 2017-01", "in force from 2018-01"));
    const during = new Date(at(2018, 2, 20));
    // no order yet: a month without data (无数据) is refused whatever is confirmed, before its being unfinished is asked
    // about — and so it is once its window has ended
    for (const now of [during, new Date(localDate(2018, 2, 26))]) {
      const empty = await refusal(publishPeriod(store, "2018-02", { actor: "测试员", confirmEmpty: true, confirmUnfinished: true, now }));
      expect(empty.code).toBe("CONFLICT");
      expect(empty.zh).toMatch(/^2018年2月无数据：没有一个单位有本月受理的工单.*不能发布。请先.*导入本月的工单文件（.*“工单2018年2月\.xlsx”）$/);
      expect(empty.detail).toEqual({ noData: true, period: "2018-02" });
    }
    expect(await currentPublication(store, "2018-02")).toBeNull();
    expect((await auditRows(store.raw)).filter((a) => a.action === "result.publish" && a.detail.period === "2018-02")).toEqual([]);
    await replaceRecords(store.raw, { units, orders: [...orders, february], events });
    const e = await refusal(publishPeriod(store, "2018-02", { actor: "测试员", now: during }));
    expect(e.code).toBe("CONFLICT");
    expect(e.zh).toContain("2018年2月尚未结束（考核周期 2018-01-26 至 2018-02-25，北京时间）");
    expect(e.detail).toMatchObject({ unfinished: true, period: "2018-02", ends: new Date(localDate(2018, 2, 26)).toISOString() });
    expect(await currentPublication(store, "2018-02")).toBeNull();
    // a month none of whose days has come is refused even when confirmed: March 2018 begins on 26 February
    for (const now of [during, new Date(localDate(2018, 2, 26) - 1)]) {
      const future = await refusal(publishPeriod(store, "2018-03", { actor: "测试员", confirmEmpty: true, confirmUnfinished: true, now }));
      expect(future.code).toBe("BAD_INPUT");
      expect(future.zh).toContain("2018年3月尚未开始（考核周期自 2018-02-26 起，北京时间）");
      expect(future.detail).toMatchObject({ notBegun: true, period: "2018-03" });
    }
    expect(await currentPublication(store, "2018-03")).toBeNull();
    // confirmed while it runs: published, and the audit says it was published early
    const published = await publishPeriod(store, "2018-02", { actor: "测试员", confirmUnfinished: true, now: during });
    expect(published.period).toBe("2018-02");
    const audit = (await auditRows(store.raw)).filter((a) => a.action === "result.publish" && a.entityId === String(published.id));
    expect(audit).toEqual([expect.objectContaining({ detail: expect.objectContaining({ confirmUnfinished: true, confirmEmpty: false }) })]);
  });

  it("will not publish a version that cannot score its first month in force, naming the month", async () => {
    const text = from26thRubric("无月度排名").replace("  monthly 月度\n", "").replace("in force from 2017-01", "in force from 2017-06");
    const draft = await createDraft(store, { text, author: "测试员" });
    const e = await refusal(publishRubricVersion(store, draft.id, "测试员"));
    expect(e.code).toBe("RUBRIC_INVALID");
    expect(e.zh).toMatch(/施行的第一个月2017年6月计分失败，未发布：.*没有月度排名的考核/);
    const row = await store.prisma.rubricVersion.findUniqueOrThrow({ where: { id: draft.id } });
    expect(row.status).toBe("draft");
    expect((await auditRows(store.raw)).some((a) => a.action === "rubric.publish" && a.entityId === String(draft.id))).toBe(false);
  });
});

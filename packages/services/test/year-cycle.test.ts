/**
 * The year's cycle on both databases (办法六（三）: a unit may object to any result, its 综合管理 deductions
 * included): the year is opened to the units once every month it counts has been, a unit objects to the events behind
 * its year-end result (not to orders: those are its months'), the center sees what accepting would do and decides, and
 * the year's publication cites the objection. Every number is worked out by hand from the 2017 rubric
 * (shared/domain/huantai-2017-interpretation.md):
 *
 * Two towns (category 镇); one order each in October 2017, closed on time, called back 满意: each October score is
 *   十个新突破 30 + 按期办结 20 + 退回重办 20 + 满意率 20 + 办结率 10 = 100,
 * and October is the only month the year counts (the rubric is in force from September; no other month has orders).
 * except 乙镇's: one 行政不作为 (5 points, a monthly deduction of 十个新突破) → (100 − 5) × 30% + 70 = 98.5.
 * 综合管理 (base 100): 甲镇 has one 工单不规范 (item 2.3, 2 points each) → 98; 乙镇 none → 100. The two facts are missing
 * and taken as 是 (`when missing 是`): no deduction.
 *   年终成绩 = 80% × mean(monthly) + 20% × 综合管理:
 *   甲镇 80% × 100 + 20% × 98 = 80 + 19.6 = 99.6 (first);   乙镇 80% × 98.5 + 20 = 78.8 + 20 = 98.8 (second).
 * Accepting 甲镇's objection (its 工单不规范 did not happen: count 1 → 0) makes it 100. 乙镇's 行政不作为 counts in
 * October's own result: objected to through the year it is refused (it would change a month).
 */
import { readFileSync } from "node:fs";
import { type HotlineEvent, type Order, shanghaiEpoch, type Unit } from "@kaohe/data";
import { type FieldChange, openStore, type Store } from "@kaohe/db";
import { databases, replaceRecords, useDatabase } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCycle, listCycles, openPreview, setDeadlines, withdrawPreview } from "../src/cycle.ts";
import { inboxOf } from "../src/inbox.ts";
import { decideObjection, listObjections, type ObjectionSubject, objectionEffect, raiseObjection } from "../src/objections.ts";
import { publishPeriod } from "../src/publication.ts";
import { createDraft, publishRubricVersion, scoreInForce } from "../src/rubrics.ts";
import { drilldownMeasure, unitDetail } from "../src/score-views.ts";
import { testOrder } from "./support/orders.ts";
import { refusal } from "./support/refusal.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const at = (m: number, d: number, h = 9) => shanghaiEpoch(2017, m, d, h);

const units: Unit[] = [
  { code: "T1", name: "甲镇", category: "镇", attributes: {} },
  { code: "T2", name: "乙镇", category: "镇", attributes: {} },
];

/** Received on October `day`, due a week later, closed two days after receipt, called back satisfied. */
const order = (id: string, unit: string, day: number): Order =>
  testOrder({ id, unit, receivedAt: at(10, day), dueAt: at(10, day + 7, 17), closedAt: at(10, day + 2, 10) });

const events: HotlineEvent[] = [
  { id: "Y1", unit: "T1", date: at(10, 20), type: "工单不规范", count: 1, points: null, orderId: null, note: null, attributes: {} },
  { id: "M1", unit: "T2", date: at(10, 21), type: "行政不作为", count: 1, points: null, orderId: null, note: null, attributes: {} },
];

const ACTOR = "考核办";
const REASON = "该工单格式已按要求整改，审核签名齐全，见附件说明";

describe.each(databases)("the year's cycle on $label", (target) => {
  /** A 2017 objection of the unit's, with REASON, asking for one change. */
  const raise = (unitCode: string, subject: ObjectionSubject, change: FieldChange) =>
    raiseObjection(store, { period: "2017", unitCode, subject, changes: [change], reason: REASON, files: [], actor: `${unitCode}联络员` });
  const database = useDatabase(target);
  let store: Store;
  const year = async () => Object.fromEntries((await scoreInForce(store, "2017", { evidence: false })).result.units.map((u) => [u.unit.code, u.published]));
  const cycleRows = async () => (await store.prisma.assessmentCycle.findMany({ orderBy: { period: "asc" } })).map((c) => `${c.period} ${c.stage}`);

  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    await replaceRecords(store.raw, { units, orders: [order("A1", "T1", 9), order("B1", "T2", 9)], events });
    const draft = await createDraft(store, { text: RUBRIC_2017, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
  });
  afterAll(async () => {
    await store?.close();
  });

  it("scores the year as worked out above", async () => {
    expect(await year()).toEqual({ T1: 99.6, T2: 98.8 });
  });

  it("is not opened to the units while a month it counts is closed to them, and the refusal stores nothing", async () => {
    const audit = await store.prisma.auditLog.count();
    const e = await refusal(openPreview(store, "2017", { actor: ACTOR }));
    expect([e.code, e.zh]).toEqual(["CONFLICT", "2017 年度成绩计入的 10月 尚未向各单位开放：请先在月度排名页开放或发布这些月份，再开放年度考核结果"]);
    expect(await cycleRows()).toEqual([]);
    expect(await store.prisma.auditLog.count()).toBe(audit);
    expect((await getCycle(store, "2017")).stage).toBe("closed");
  });

  it("is opened once its months are; listed among the cycles only when years are asked for, before its December", async () => {
    await openPreview(store, "2017-10", { actor: ACTOR });
    const opened = await openPreview(store, "2017", { actor: ACTOR, objectionDays: 3 });
    expect([opened.stage, opened.stageLabel, opened.objectionsOpen]).toEqual(["preview", "预览", true]);
    expect((await listCycles(store)).map((c) => c.period)).toEqual(["2017-10"]);
    expect((await listCycles(store, undefined, { years: true })).map((c) => c.period)).toEqual(["2017", "2017-10"]);
    const audit = await store.prisma.auditLog.findFirst({ where: { entityId: "2017" }, orderBy: { id: "desc" } });
    // a year owes no written explanation: its deadline is neither said nor set
    expect([audit?.action, Object.keys(audit?.detail as object).sort()]).toEqual(["cycle.preview", ["objectionDeadline", "reason"]]);
    const e = await refusal(setDeadlines(store, "2017", { actor: ACTOR, explanationDeadline: "2099-01-01" }));
    expect([e.code, e.zh]).toEqual(["BAD_INPUT", "2017年度没有书面说明，无须设定书面说明期限"]);
    // each unit's users are told, by the bell, of the year as of the month (each with its link and deadline)
    const unit = { id: 1, username: "jiazhen", displayName: "甲镇联络员", role: "unit" as const, unitCode: "T1", mustChangePassword: false };
    const told = (await inboxOf(store, unit, { reviews: false })).items.filter((i) => i.kind === "opened");
    expect(told.map((i) => [i.period, i.link])).toEqual([
      ["2017", "/units/T1?period=2017"],
      ["2017-10", "/units/T1?period=2017-10"],
    ]);
    expect(told[0]?.title).toMatch(/^2017年度考核结果已开放预览：请核对本单位的得分与名次；如有异议，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前提出$/);
  });

  it("keeps the months it counts open while it is: October's opening is not taken back", async () => {
    const e = await refusal(withdrawPreview(store, "2017-10", { actor: ACTOR, reason: "误开放" }));
    expect([e.code, e.zh]).toEqual(["CONFLICT", "2017年度已向各单位开放（预览），各单位在年度结果中看得到2017年10月的得分：不能撤回该月的开放"]);
    expect((await getCycle(store, "2017-10")).stage).toBe("preview");
  });

  it("takes a unit's objection to an event behind its year-end result, not to an order (an order is its month's)", async () => {
    const before = await store.prisma.objection.count();
    const e = await refusal(raise("T1", "orders", { record: "orders", recordId: "A1", field: "visited", to: false }));
    expect([e.code, e.zh]).toEqual(["BAD_INPUT", "年度考核结果的异议可针对考核事件或其他事项；对工单的异议请在该月结果开放时提出"]);
    // nor in free text carrying an order's correction
    const other = await refusal(raise("T1", "other", { record: "orders", recordId: "A1", field: "visited", to: false }));
    expect([other.code, other.zh]).toEqual(["BAD_INPUT", "年度考核结果的异议可针对考核事件或其他事项；对工单的异议请在该月结果开放时提出"]);
    // nor to an event October's own result counts (乙镇's 行政不作为): that is October's to object to
    const monthly = await refusal(raise("T2", "events", { record: "events", recordId: "M1", field: "count", to: 0 }));
    expect([monthly.code, monthly.zh]).toEqual([
      "BAD_INPUT",
      "考核事件 M1 计入 2017年10月的考核结果：对它的异议请在该月结果开放时提出（年度考核结果的异议针对综合管理等年度考核事项）",
    ]);
    expect(await store.prisma.objection.count()).toBe(before);
    expect(await year()).toEqual({ T1: 99.6, T2: 98.8 });

    const raised = await raise("T1", "events", { record: "events", recordId: "Y1", field: "count", to: 0 });
    expect([raised.period, raised.status, raised.proposed.map((p) => p.text)]).toEqual([
      "2017",
      "open",
      ["考核事件 Y1（工单不规范，2017-10-20）：“次数”改为“0”"],
    ]);

    // what accepting would do: 甲镇 99.6 → 100, first as before
    const effect = await objectionEffect(store, raised.id);
    expect([effect.period, effect.unit?.scoreA, effect.unit?.scoreB, effect.unit?.rankA, effect.unit?.rankB]).toEqual(["2017", 99.6, 100, 1, 1]);
    // and nothing of it stays
    expect(await year()).toEqual({ T1: 99.6, T2: 98.8 });
  });

  it("a year with an objection is not taken back; decided, it corrects the event and its publication cites it", async () => {
    const [objection] = await listObjections(store, { period: "2017" });
    if (!objection) throw new Error("no objection raised above");
    const e = await refusal(withdrawPreview(store, "2017", { actor: ACTOR, reason: "误开放" }));
    expect([e.code, e.zh]).toEqual(["CONFLICT", "2017年度开放后各单位已提交 1 条异议：不能撤回开放，请处理后发布"]);

    await decideObjection(store, objection.id, { accept: true, decision: "经核实，该单位已整改", actor: ACTOR });
    expect(await year()).toEqual({ T1: 100, T2: 98.8 });

    const published = await publishPeriod(store, "2017", { actor: ACTOR });
    expect(published.reason).toBe(`依已采纳的异议 #${objection.id}（甲镇）更正数据`);
    expect((await getCycle(store, "2017")).stage).toBe("published");
    expect((await listObjections(store, { period: "2017" }))[0]?.publicationId).toBe(published.id);
  });

  it("still lists the corrected event behind its deduction, now 0 次 and 0 分, with the correction beside it", async () => {
    // corrected to 0 次, Y1 is still a 工单不规范 of 甲镇's year: behind the deduction (its 次数 summed as 0), and its
    // drill-down says how and by which objection it was corrected (the unit's page hid the row as 0: a walk)
    const [objection] = await listObjections(store, { period: "2017" });
    const detail = await unitDetail(store, "2017", "T1", undefined, "综合管理", { ownOnly: true });
    const item = detail.unit.items.find((i) => i.code === "2.3");
    expect([item?.published, item?.adjustments.map((a) => [a.rule, a.count, a.points, a.records])]).toEqual([10, [["deduct per 工单不规范", 0, 0, ["Y1"]]]]);
    const page = await drilldownMeasure(store, { period: "2017", unitCode: "T1", measure: "#次数:工单不规范", assessment: "综合管理", page: 1, pageSize: 20 });
    expect(page.rows.map((r) => ["count" in r ? r.count : null, r.id])).toEqual([[0, "Y1"]]);
    expect(page.corrections.map((c) => [c.recordId, c.objectionId, c.text])).toEqual([["Y1", objection?.id, "次数：1 → 0"]]);
    // the year's score as accepted, not moved by the record listed
    expect(await year()).toEqual({ T1: 100, T2: 98.8 });
  });
});

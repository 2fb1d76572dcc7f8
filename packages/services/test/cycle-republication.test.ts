/**
 * A month's cycle past its first publication, on both databases, as a unit's walk went through it: the month opened,
 * one unit's written explanation (办法五) submitted late and another's never, the month published, then opened again
 * for objections and published again after accepting them. What each unit is then told:
 *
 *   - reopening for objections keeps the explanation deadline: late stays 逾期提交, missing stays 逾期未交 (a fresh
 *     deadline had made them 已提交 and 待提交 again);
 *   - an event imported while the month is open is news to its unit until the unit's own accepted objection takes it
 *     to 0 (the bell said "行政不作为 0 次 … 如有异议，请于 … 前提出");
 *   - a unit whose published place the re-publication moved is told so, from what to what, and why as far as it may
 *     know (other units' objections unnamed); one whose place did not move is not; the publication says it replaced one;
 *   - the refusals name the month as people write it (2017年10月, not 2017-10).
 *
 * The data: four towns (category 镇), October 2017, the 2017 rubric in force (shared/domain/huantai-2017-interpretation.md).
 * 甲镇 has a late order (A4: it owes an explanation, and objects to the lateness), 丁镇 one too (owes one, never
 * writes it), 乙镇 none, 丙镇 a 行政不作为. 甲镇's objection accepted lifts it above 丙镇.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HotlineEvent, type Order, shanghaiEpoch, type Unit } from "@kaohe/data";
import { openStore, type Store } from "@kaohe/db";
import { databases, replaceRecords, useDatabase } from "@kaohe/db/testing";
import type { AssessmentResult } from "@kaohe/rules-engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCycle, openPreview, withdrawPreview } from "../src/cycle.ts";
import { explanationDuties, submitExplanation } from "../src/explanations.ts";
import { importData } from "../src/import-warnings.ts";
import { inboxOf } from "../src/inbox.ts";
import { decideObjection, markDecisionsSeen, raiseObjection, withdrawObjection } from "../src/objections.ts";
import { currentPublication, publishPeriod, reasonForUnit, replacedPublicationId } from "../src/publication.ts";
import { createDraft, publishRubricVersion } from "../src/rubrics.ts";
import type { SessionUser } from "../src/users.ts";
import { testOrder } from "./support/orders.ts";
import { refusal } from "./support/refusal.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const MONTH = "2017-10";
const ACTOR = "考核办";
const at = (m: number, d: number, h = 9) => shanghaiEpoch(2017, m, d, h);

const units: Unit[] = [
  { code: "T1", name: "甲镇", category: "镇", attributes: {} },
  { code: "T2", name: "乙镇", category: "镇", attributes: {} },
  { code: "T3", name: "丙镇", category: "镇", attributes: {} },
  { code: "T4", name: "丁镇", category: "镇", attributes: {} },
];

/** Received on October `day`, due a week later at 17:00, closed on `closedDay`, called back satisfied. */
const order = (id: string, unit: string, day: number, closedDay = day + 2): Order =>
  testOrder({ id, unit, receivedAt: at(10, day), dueAt: at(10, day + 7, 17), closedAt: at(10, closedDay, 10) });

const orders: Order[] = [
  order("A1", "T1", 9),
  order("A2", "T1", 10),
  order("A3", "T1", 11),
  // due 10-19 17:00, closed 10-23: late
  order("A4", "T1", 12, 23),
  ...["B1", "B2", "B3", "B4"].map((id, i) => order(id, "T2", 9 + i)),
  ...["C1", "C2", "C3", "C4"].map((id, i) => order(id, "T3", 9 + i)),
  order("D1", "T4", 9),
  order("D2", "T4", 10),
  // late
  order("D3", "T4", 11, 23),
  // one in September and one in November: a month without any order is 无数据, never published nor opened
  testOrder({ id: "S1", unit: "T2", receivedAt: at(9, 5), dueAt: at(9, 12, 17), closedAt: at(9, 7, 10) }),
  testOrder({ id: "N1", unit: "T2", receivedAt: at(11, 6), dueAt: at(11, 13, 17), closedAt: at(11, 8, 10) }),
];

const events: HotlineEvent[] = [
  { id: "E1", unit: "T3", date: at(10, 20), type: "行政不作为", count: 1, points: null, orderId: null, note: null, attributes: {} },
];

/** A unit's user, as the bell is read for them. */
const userOf = (unitCode: string): SessionUser => ({
  id: 1,
  username: `user-${unitCode}`,
  displayName: `${unitCode}联络员`,
  role: "unit",
  unitCode,
  mustChangePassword: false,
});

/** A unit's published score and rank in a result. */
const standing = (result: AssessmentResult, code: string) => {
  const u = result.units.find((x) => x.unit.code === code);
  if (!u) throw new Error(`no unit ${code} in the result`);
  return { score: u.published, rank: u.rank };
};

describe.each(databases)("a month's cycle after its publication on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  const bell = async (unitCode: string) => (await inboxOf(store, userOf(unitCode), { reviews: false })).items;

  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    await replaceRecords(store.raw, { units, orders, events });
    const draft = await createDraft(store, { text: RUBRIC_2017, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
  });
  afterAll(async () => {
    await store?.close();
  });

  it("reopened for objections, the month keeps its explanation deadline: a late explanation stays late, a missing one overdue", async () => {
    // opened on Friday 2 March 2018 with one working day for the explanations: due at the end of Monday 5 March
    const opened = await openPreview(store, MONTH, { actor: ACTOR, explanationDays: 1, now: new Date(shanghaiEpoch(2018, 3, 2, 10)) });
    expect(opened.explanationDeadline).toBe(new Date("2018-03-05T23:59:59.999+08:00").toISOString());
    // 甲镇 writes its explanation now, long after; 丁镇 never does
    await submitExplanation(store, { period: MONTH, unitCode: "T1", text: "A4 超期系人员调整所致，已整改。", files: [], actor: "甲镇联络员" });
    await publishPeriod(store, MONTH, { actor: ACTOR });
    const states = async () => (await explanationDuties(store, MONTH)).map((d) => [d.unit.code, d.stateLabel]);
    expect(await states()).toEqual([
      ["T1", "逾期提交"],
      ["T4", "逾期未交"],
    ]);

    // a new explanation deadline is not taken when reopening: refused, saying the deadline stands, and nothing changed
    const e = await refusal(openPreview(store, MONTH, { actor: ACTOR, reason: "复核甲镇工单", explanationDays: 3 }));
    expect([e.code, e.zh]).toEqual([
      "BAD_INPUT",
      "重新开放异议不改变2017年10月的书面说明期限（截至 2018-03-05 23:59），请不要填写书面说明期限；确需延长，可在重新开放后“修改期限”",
    ]);
    expect((await getCycle(store, MONTH)).stage).toBe("published");

    const reopened = await openPreview(store, MONTH, { actor: ACTOR, reason: "复核甲镇工单" });
    expect([reopened.stage, reopened.objectionsOpen, reopened.explanationDeadline]).toEqual(["preview", true, opened.explanationDeadline]);
    expect(await states()).toEqual([
      ["T1", "逾期提交"],
      ["T4", "逾期未交"],
    ]);
    // and the bell keeps telling 丁镇 it is overdue, not until when it may still write
    const owed = (await bell("T4")).filter((i) => i.kind === "owed");
    expect(owed.map((i) => i.title)).toEqual([expect.stringMatching(/^2017年10月须提交书面说明.*，已逾期$/)]);
  });

  it("a month published without ever being opened gets its first explanation deadline when it is opened", async () => {
    // September: published without a preview
    await publishPeriod(store, "2017-09", { actor: ACTOR });
    const now = new Date(shanghaiEpoch(2018, 3, 2, 10));
    const reopened = await openPreview(store, "2017-09", { actor: ACTOR, reason: "补开放预览", explanationDays: 3, now });
    expect(reopened.explanationDeadline).toBe(new Date("2018-03-07T23:59:59.999+08:00").toISOString());
  });

  it("an event imported into the open month is news to its unit until the unit's own accepted objection takes it to 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kaohe-cycle-republication-"));
    const file = join(dir, "events.csv");
    writeFileSync(file, ["事件编号,单位,日期,事件类型,次数", "NEW-1,T4,2017-10-20,行政不作为,1"].join("\n"));
    try {
      expect((await importData(store, [{ path: file, kind: "events" }], { actor: "测试准备" })).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const told = async () => (await bell("T4")).filter((i) => i.kind === "event").map((i) => i.title);
    expect(await told()).toEqual([expect.stringMatching(/^2017年10月有新导入的考核事件：行政不作为 1 次，本月得分已随之计算；如有异议，请于 /)]);

    const raised = await raiseObjection(store, {
      period: MONTH,
      unitCode: "T4",
      subject: "events",
      changes: [{ record: "events", recordId: "NEW-1", field: "count", to: 0 }],
      reason: "NEW-1 经复查不属行政不作为",
      files: [],
      actor: "丁镇联络员",
    });
    await decideObjection(store, raised.id, { accept: true, decision: "复查属实", actor: ACTOR });
    // neither "行政不作为 0 次" nor an invitation to object to it
    expect(await told()).toEqual([]);
  });

  it("published again, a unit whose place moved is told from what to what and why, another unit's objection unnamed; one that did not move is not", async () => {
    const first = await currentPublication(store, MONTH);
    if (!first) throw new Error("the month was published above");
    const raised = await raiseObjection(store, {
      period: MONTH,
      unitCode: "T1",
      subject: "orders",
      changes: [{ record: "orders", recordId: "A4", field: "delayExcused", to: true }],
      reason: "A4 延期已电话报备县中心，超期说明应予认可",
      files: [],
      actor: "甲镇联络员",
    });
    // the month named as people write it
    const undecided = await refusal(publishPeriod(store, MONTH, { actor: ACTOR, replaces: first.id }));
    expect(undecided.zh).toBe(`2017年10月还有 1 条异议未处理（#${raised.id} 甲镇）：请先处理；确需现在发布，请确认后再发布`);
    await decideObjection(store, raised.id, { accept: true, decision: "报备属实", actor: ACTOR });
    const again = await publishPeriod(store, MONTH, { actor: ACTOR, replaces: first.id });
    expect(await replacedPublicationId(store, again)).toBe(first.id);
    expect(await replacedPublicationId(store, first)).toBeNull();

    // 丙镇 objected to nothing: it reads that other units' objections corrected the data, not whose
    const [before, now] = [standing(first.result, "T3"), standing(again.result, "T3")];
    expect(now.score).toBe(before.score);
    expect(now.rank).not.toBe(before.rank);
    const generic = "依其他单位已采纳的异议更正数据";
    expect(reasonForUnit(again.reason, "丙镇")).toBe(generic);
    const news = (await bell("T3")).filter((i) => i.kind === "republished");
    expect(news).toEqual([
      {
        kind: "republished",
        period: MONTH,
        title: `2017年10月考核结果已重新发布：本单位得分 ${now.score}（未变），名次 第 ${before.rank} 名 → 第 ${now.rank} 名；原因：${generic}`,
        at: again.publishedAt.toISOString(),
        link: `/units/T3?period=${MONTH}`,
      },
    ]);
    // 甲镇 reads its own objection, and that others' corrected the data too (丁镇's event)
    const own = (await bell("T1")).filter((i) => i.kind === "republished").map((i) => i.title);
    const [t1Before, t1Now] = [standing(first.result, "T1"), standing(again.result, "T1")];
    expect(own).toEqual([
      `2017年10月考核结果已重新发布：本单位得分 ${t1Before.score} → ${t1Now.score}，名次 第 ${t1Before.rank} 名 → 第 ${t1Now.rank} 名；原因：依已采纳的异议 #${raised.id}（甲镇）及其他单位的异议更正数据`,
    ]);
    // 丁镇's place is as first published (its event corrected back to 0): nothing to tell
    expect(standing(again.result, "T4")).toEqual(standing(first.result, "T4"));
    expect((await bell("T4")).filter((i) => i.kind === "republished")).toEqual([]);

    // published a third time before 丙镇 looked (a typo in the reason mended, the data as it was): it is told against what
    // it last saw, the first publication, not against the second (which moved no one: it was told nothing — a review)
    const third = await publishPeriod(store, MONTH, { actor: ACTOR, replaces: again.id, reason: "更正发布原因中的错字" });
    expect(standing(third.result, "T3")).toEqual(now);
    expect((await bell("T3")).filter((i) => i.kind === "republished").map((i) => i.title)).toEqual([
      `2017年10月考核结果已重新发布：本单位得分 ${now.score}（未变），名次 第 ${before.rank} 名 → 第 ${now.rank} 名；原因：更正发布原因中的错字`,
    ]);

    // news: once the list that showed it is marked seen, it is not told again
    const shown = await inboxOf(store, userOf("T3"), { reviews: false });
    await markDecisionsSeen(store, "T3", shown.upTo);
    expect((await bell("T3")).filter((i) => i.kind === "republished")).toEqual([]);
  });

  it("an opening a unit acted on is not taken back, counting an objection since withdrawn as such", async () => {
    await openPreview(store, "2017-11", { actor: ACTOR });
    const raised = await raiseObjection(store, {
      period: "2017-11",
      unitCode: "T2",
      subject: "other",
      changes: [],
      reason: "本月通报中乙镇的联系人有误，请更正。",
      files: [],
      actor: "乙镇联络员",
    });
    await withdrawObjection(store, raised.id, { actor: "乙镇联络员", unitCode: "T2" });
    const e = await refusal(withdrawPreview(store, "2017-11", { actor: ACTOR, reason: "误开放" }));
    expect([e.code, e.zh]).toEqual(["CONFLICT", "2017年11月开放后各单位已提交 1 条异议（其中 1 条已撤回）：不能撤回开放，请处理后发布"]);
  });
});

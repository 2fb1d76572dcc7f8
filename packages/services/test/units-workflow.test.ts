/**
 * The units' workflow on both databases, against the shipped 2017 rubric and
 * a small dataset written here, so that every number below is worked out by
 * hand from the regulation (shared/domain/huantai-2017-interpretation.md):
 * the month's cycle and its working-day deadlines, written explanations
 * (办法五), objections with their what-if and decision (办法六（三）), the
 * corrections they make and how those stand over a re-import (办法六（二）),
 * publication citing the accepted objections, and the drill-down showing the
 * corrections of its records. Every refusal is checked to leave nothing
 * behind.
 *
 * The data: four towns (category 镇), October 2017, the 2017 rubric in force.
 * Assessment time: the end of November 2017 (`assessed at end of next month`).
 * Each monthly score is the sum of
 *   十个新突破 = (100 − 5 per 行政不作为 − 10 per 县交办应办未办 …) × 30%
 *   按期办结   = 20 × (1 − 超期件数 / 工单数)
 *   退回重办   = 20 × (1 − 重办件数 / 工单数)     (重办: 退回重办次数 ≥ 1)
 *   满意率考核 = 20 × (过程满意数 + 结果满意数) / (2 × 回访数)
 *   办结率考核 = 10 × 办结件数 / 工单数          (办结: closed, not 超期, not 反弹)
 * and ranks within the category by score, then by 工单数, ties shared.
 *
 *   T1 甲镇: A1–A4, all called back 满意 (A3's result 基本满意, which counts as satisfied); A4 closed four days
 *            after its deadline, not excused → 超期件数 1, 办结件数 3. No events.
 *            30 + 20 × (1 − 1/4) + 20 + 20 × 8/8 + 10 × 3/4 = 30 + 15 + 20 + 20 + 7.5 = 92.5
 *            (A0 is T1's too, but received in September: none of October's.)
 *   T2 乙镇: B1–B4 on time, 满意; one event 行政不作为 (5 points).
 *            (100 − 5) × 30% + 20 + 20 + 20 + 10 = 28.5 + 70 = 98.5
 *   T3 丙镇: C1 on time, 满意, returned for redo once; C2 on time but rebounded (反弹), result 不满意;
 *            one event 县交办应办未办 (10 points).
 *            (100 − 10) × 30% + 20 × (1 − 0/2) + 20 × (1 − 1/2) + 20 × (2 + 1)/(2 × 2) + 10 × 1/2
 *            = 27 + 20 + 10 + 15 + 5 = 77
 *   T4 丁镇: D1–D3 on time, 满意; D1 returned for redo twice.
 *            30 + 20 + 20 × (1 − 1/3) + 20 + 10 = 93.333… → published 93.33
 *   Ranks: T2 98.5 (1), T4 93.33 (2), T1 92.5 (3), T3 77 (4).
 *   Written explanations (超期件数 > 0 or 反弹件数 > 0 or 应办未办事件 > 0): T1 (超期 1) and T3 (反弹 1, 应办未办事件 1).
 */
import { readFileSync } from "node:fs";
import { type HotlineEvent, type Order, shanghaiEpoch, type Unit } from "@kaohe/data";
import { type AppError, importFiles, listCorrections, openStore, type Store } from "@kaohe/db";
import { auditRows, databases, eventOfRow, orderOfRow, replaceRecords, useDatabase, useTempDir, writeCsvText } from "@kaohe/db/testing";
import type { AssessmentResult } from "@kaohe/rules-engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAttachment } from "../src/attachments.ts";
import {
  assertOpenToUnits,
  deadlinesFromNow,
  endOfBeijingDay,
  getCycle,
  listCycles,
  openPreview,
  setDeadlines,
  startNotice,
  withdrawPreview,
  workingDaysAfter,
} from "../src/cycle.ts";
import { drilldown } from "../src/drilldown.ts";
import { acknowledgeExplanation, explanationDuties, owingUnits, submitExplanation } from "../src/explanations.ts";
import {
  decideObjection,
  getObjection,
  listObjections,
  MAX_OPEN_OBJECTIONS,
  MAX_RAISED_OBJECTIONS,
  markDecisionsSeen,
  objectionEffect,
  raiseObjection,
  withdrawObjection,
} from "../src/objections.ts";
import { currentPublication, publishPeriod, reasonForUnit } from "../src/publication.ts";
import { compileVersion, createDraft, publishRubricVersion, scoreInForce, versionInForce } from "../src/rubrics.ts";
import { testOrder } from "./support/orders.ts";
import { refusal } from "./support/refusal.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const dir = useTempDir("kaohe-units-workflow-");
const MONTH = "2017-10";

const at = (m: number, d: number, h = 9) => shanghaiEpoch(2017, m, d, h);

const units: Unit[] = [
  { code: "T1", name: "甲镇", category: "镇", attributes: {} },
  { code: "T2", name: "乙镇", category: "镇", attributes: {} },
  { code: "T3", name: "丙镇", category: "镇", attributes: {} },
  { code: "T4", name: "丁镇", category: "镇", attributes: {} },
];

/** An order received at `received`, due seven days later at 17:00, closed at `closed`, called back satisfied. */
function order(id: string, unit: string, received: [number, number], closed: [number, number] | null, extra: Partial<Order> = {}): Order {
  const [m, d] = received;
  return testOrder({ id, unit, receivedAt: at(m, d, 9), dueAt: at(m, d + 7, 17), closedAt: closed ? at(closed[0], closed[1], 10) : null, ...extra });
}

const orders: Order[] = [
  order("A0", "T1", [9, 20], [9, 22]),
  order("A1", "T1", [10, 9], [10, 12]),
  order("A2", "T1", [10, 10], [10, 13]),
  order("A3", "T1", [10, 11], [10, 16], { resultSatisfaction: "基本满意" }),
  // due 10-19 17:00, closed 10-23 10:00: late
  order("A4", "T1", [10, 12], [10, 23]),
  order("B1", "T2", [10, 9], [10, 11]),
  order("B2", "T2", [10, 10], [10, 12]),
  order("B3", "T2", [10, 11], [10, 13]),
  order("B4", "T2", [10, 12], [10, 14]),
  order("C1", "T3", [10, 9], [10, 11], { redoCount: 1 }),
  order("C2", "T3", [10, 10], [10, 12], { rebound: true, resultSatisfaction: "不满意" }),
  order("D1", "T4", [10, 9], [10, 11], { redoCount: 2 }),
  order("D2", "T4", [10, 10], [10, 12]),
  order("D3", "T4", [10, 11], [10, 13]),
  // one in November and one in December, months opened and published below (a month without any order is 无数据)
  order("N1", "T2", [11, 6], [11, 8]),
  order("Z1", "T2", [12, 5], [12, 7]),
];

const event = (id: string, unit: string, day: number, type: string): HotlineEvent => ({
  id,
  unit,
  date: shanghaiEpoch(2017, 10, day),
  type,
  count: 1,
  points: null,
  orderId: null,
  note: null,
  attributes: {},
});
const events: HotlineEvent[] = [event("E1", "T2", 20, "行政不作为"), event("E2", "T3", 25, "县交办应办未办")];

const ORDER_HEADER =
  "工单编号,承办单位,来源,诉求类型,受理时间,办理时限,延期至,办结时间,超期说明已认可,回退,回退认可,退回重办次数,匿名,已回访,过程满意度,结果满意度,结案类型,反弹,领导批示";
/** A4 as the platform exports it, with its 超期说明已认可 as given. */
const a4Line = (excused: "是" | "否") => `A4,T1,县中心,,2017-10-12 09:00,2017-10-19 17:00,,2017-10-23 10:00,${excused},否,否,0,否,是,满意,满意,,否,否`;

const ACTOR = "考核办";

/** The unit's monthly result (published values). */
function unitOf(result: AssessmentResult, code: string) {
  const u = result.units.find((x) => x.unit.code === code);
  if (!u) throw new Error(`no unit ${code} in the result`);
  return { score: u.published, rank: u.rank, items: Object.fromEntries(u.items.map((i) => [i.code, i.published])) };
}

describe.each(databases)("the units' workflow on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;

  /** Rows of every table a refused call must leave alone. */
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of ["objections", "attachments", "corrections", "explanations", "audit_log"]) {
      const [row] = await store.raw.query<{ n: number | bigint }>(`SELECT COUNT(*) AS n FROM "${t}"`);
      out[t] = Number(row?.n);
    }
    return out;
  };
  const storedOrder = async (id: string) =>
    orderOfRow((await store.raw.query(`SELECT * FROM "orders" WHERE "id" = ${store.provider === "sqlite" ? "?" : "$1"}`, [id]))[0] ?? {});
  const storedEvent = async (id: string) =>
    eventOfRow((await store.raw.query(`SELECT * FROM "events" WHERE "id" = ${store.provider === "sqlite" ? "?" : "$1"}`, [id]))[0] ?? {});
  const scored = async (period = MONTH) => (await scoreInForce(store, period, { evidence: false })).result;

  // objections made along the way, by the tests that make them
  const ids = { t1: 0, t3: 0, t2: 0, t4: 0 };

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

  describe("the month's cycle", () => {
    it("deadlines count working days in Beijing time: Friday + 5 is the next Friday, Wednesday + 3 the Monday after", () => {
      // 2018-03-02 was a Friday: Mon 5, Tue 6, Wed 7, Thu 8, Fri 9 → the end of Friday 9 March, Beijing time
      expect(workingDaysAfter(new Date(shanghaiEpoch(2018, 3, 2, 10)), 5).toISOString()).toBe(new Date("2018-03-09T23:59:59.999+08:00").toISOString());
      // 2018-03-07 was a Wednesday: Thu 8, Fri 9, (Sat 10, Sun 11 skipped), Mon 12
      expect(workingDaysAfter(new Date(shanghaiEpoch(2018, 3, 7, 15)), 3).toISOString()).toBe(new Date("2018-03-12T23:59:59.999+08:00").toISOString());
      // 00:30 on Friday in Beijing is still Thursday in UTC: the day counted from is Beijing's Friday
      expect(workingDaysAfter(new Date(shanghaiEpoch(2018, 3, 2, 0, 30)), 5).toISOString()).toBe(new Date("2018-03-09T23:59:59.999+08:00").toISOString());
      // opened on a Saturday: the first working day is the Monday
      expect(workingDaysAfter(new Date(shanghaiEpoch(2018, 3, 3, 10)), 1).toISOString()).toBe(new Date("2018-03-05T23:59:59.999+08:00").toISOString());
    });
    it("and the holiday calendar: 国庆 skipped, its make-up Saturday counted (a month opened on 30 September closed on 7 October, the office shut since the 1st)", () => {
      const day = (m: number, d: number) => Date.UTC(2026, m - 1, d) / 86_400_000;
      // 2026: 1–8 October off (Thursday to Thursday), Saturday 10 October a make-up working day (as the State Council's notice)
      const calendar = new Map<number, string>([...[1, 2, 3, 4, 5, 6, 7, 8].map((d) => [day(10, d), "休"] as const), [day(10, 10), "班"]]);
      const opened = new Date(shanghaiEpoch(2026, 9, 30, 10));
      // Monday to Friday alone: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7
      expect(workingDaysAfter(opened, 5).toISOString()).toBe(new Date("2026-10-07T23:59:59.999+08:00").toISOString());
      // with the calendar: Fri 9, Sat 10 (班), Mon 12, Tue 13, Wed 14
      expect(workingDaysAfter(opened, 5, calendar).toISOString()).toBe(new Date("2026-10-14T23:59:59.999+08:00").toISOString());
    });

    it("a deadline day must exist: 2018-02-30 is refused, not read as 2 March", async () => {
      expect(endOfBeijingDay("2018-02-28").toISOString()).toBe("2018-02-28T15:59:59.999Z");
      for (const day of ["2018-02-30", "2018-04-31", "2018-3-14", "2018-13-01"]) {
        expect(() => endOfBeijingDay(day), day).toThrow(/日期应写成 2018-12-10/);
      }
    });

    it("closed → preview (deadlines) → notice → deadlines moved → published; reopening a published month needs a reason; each step audited", async () => {
      const period = "2017-12";
      const friday = new Date(shanghaiEpoch(2018, 3, 2, 10));
      const closed = await getCycle(store, period, friday);
      expect(closed).toMatchObject({
        stage: "closed",
        stageLabel: "未开放",
        previewOpenedAt: null,
        objectionDeadline: null,
        objectionsOpen: false,
        publication: null,
      });
      // a month never opened cannot have a notice period or deadlines
      expect((await refusal(startNotice(store, period, { actor: ACTOR, until: "2018-03-16", now: friday }))).code).toBe("CONFLICT");
      expect((await refusal(setDeadlines(store, period, { actor: ACTOR, objectionDeadline: "2018-03-14", now: friday }))).code).toBe("CONFLICT");
      expect((await refusal(openPreview(store, period, { actor: ACTOR, objectionDays: 0, now: friday }))).zh).toBe("异议期限应为 1 至 30 个工作日");
      // a month none of whose days has come (2018-04, opened on 2 March; or 2099-12, mistyped) is not opened to the units:
      // every unit would score as if it had no complaints, and their pages would go to it as the latest month
      for (const future of ["2018-04", "2099-12"]) {
        const e = await refusal(openPreview(store, future, { actor: ACTOR, now: friday }));
        expect(e.code).toBe("BAD_INPUT");
        expect(e.zh).toContain(`尚未开始（考核周期自 ${future}-01 起，北京时间）：还没有开始的考核期不能向单位开放或发布`);
        expect((await getCycle(store, future, friday)).stage).toBe("closed");
      }

      // objections: 5 working days (the default) → Friday 9 March; explanations: 3 → Wednesday 7 March
      const preview = await openPreview(store, period, { actor: ACTOR, explanationDays: 3, now: friday });
      expect(preview).toMatchObject({
        stage: "preview",
        stageLabel: "预览",
        previewOpenedAt: friday.toISOString(),
        previewOpenedBy: ACTOR,
        objectionDeadline: new Date("2018-03-09T23:59:59.999+08:00").toISOString(),
        explanationDeadline: new Date("2018-03-07T23:59:59.999+08:00").toISOString(),
        objectionsOpen: true,
      });
      // open on the last minute of the deadline, closed a millisecond later
      expect((await getCycle(store, period, new Date("2018-03-09T23:59:59.999+08:00"))).objectionsOpen).toBe(true);
      expect((await getCycle(store, period, new Date("2018-03-10T00:00:00.000+08:00"))).objectionsOpen).toBe(false);
      expect((await refusal(openPreview(store, period, { actor: ACTOR, now: friday }))).zh).toBe("2017年12月已处于预览阶段");

      // the notice period cannot end in the past
      expect((await refusal(startNotice(store, period, { actor: ACTOR, until: "2018-03-01", now: friday }))).code).toBe("BAD_INPUT");
      // nor more than 60 working days ahead (9999-12-31 had been taken: "剩余 2912103 天"), a deadline neither
      expect((await refusal(startNotice(store, period, { actor: ACTOR, until: "9999-12-31", now: friday }))).zh).toBe(
        "公示截止日期 9999-12-31 太远：最迟可定在 2018-05-25（今天起 60 个工作日）：请检查年份与月份",
      );
      expect((await refusal(setDeadlines(store, period, { actor: ACTOR, explanationDeadline: "2018-05-26", now: friday }))).zh).toBe(
        "书面说明截止日期 2018-05-26 太远：最迟可定在 2018-05-25（今天起 60 个工作日）：请检查年份与月份",
      );
      const notice = await startNotice(store, period, { actor: ACTOR, until: "2018-03-16", now: friday });
      expect(notice).toMatchObject({
        stage: "notice",
        stageLabel: "公示",
        noticeFrom: friday.toISOString(),
        noticeUntil: new Date("2018-03-16T23:59:59.999+08:00").toISOString(),
      });
      expect((await refusal(startNotice(store, period, { actor: ACTOR, until: "2018-03-20", now: friday }))).code).toBe("CONFLICT");

      const moved = await setDeadlines(store, period, { actor: ACTOR, objectionDeadline: "2018-03-14", now: friday });
      expect(moved.objectionDeadline).toBe(new Date("2018-03-14T23:59:59.999+08:00").toISOString());
      // the other deadline stays where it was
      expect(moved.explanationDeadline).toBe(new Date("2018-03-07T23:59:59.999+08:00").toISOString());
      expect(moved.stage).toBe("notice");

      const published = await publishPeriod(store, period, { actor: ACTOR });
      const after = await getCycle(store, period);
      expect(after).toMatchObject({ stage: "published", stageLabel: "已发布", objectionsOpen: false });
      expect(after.publication).toMatchObject({ id: published.id, publishedBy: ACTOR });
      expect((await listCycles(store)).map((c) => [c.period, c.stage])).toContainEqual([period, "published"]);

      const reopenedAt = new Date(shanghaiEpoch(2018, 3, 21, 9));
      expect((await refusal(openPreview(store, period, { actor: ACTOR, now: reopenedAt }))).zh).toBe("2017年12月已发布：重新开放异议须填写原因");
      expect((await refusal(openPreview(store, period, { actor: ACTOR, reason: "   ", now: reopenedAt }))).code).toBe("BAD_INPUT");
      const reopened = await openPreview(store, period, { actor: ACTOR, reason: "乙镇反映漏计延期", now: reopenedAt });
      // Wednesday 21 March + 5 working days: Thu 22, Fri 23, Mon 26, Tue 27, Wed 28; the earlier notice period is gone
      expect(reopened).toMatchObject({
        stage: "preview",
        objectionDeadline: new Date("2018-03-28T23:59:59.999+08:00").toISOString(),
        noticeFrom: null,
        noticeUntil: null,
      });
      // the publication stays in force until the month is published again
      expect(reopened.publication?.id).toBe(published.id);

      const audit = (await auditRows(store.raw)).filter((a) => a.entityId === period || (a.action.startsWith("result.") && a.detail.period === period));
      expect(audit.map((a) => a.action)).toEqual(["cycle.preview", "cycle.notice", "cycle.deadlines", "result.publish", "cycle.reopen"]);
      expect(audit.every((a) => a.actor === ACTOR)).toBe(true);
      expect(audit[0]?.detail).toMatchObject({ objectionDeadline: "2018-03-09T15:59:59.999Z", explanationDeadline: "2018-03-07T15:59:59.999Z", reason: null });
      expect(audit[2]?.detail).toMatchObject({ from: { objection: "2018-03-09T15:59:59.999Z" }, to: { objectionDeadline: "2018-03-14T15:59:59.999Z" } });
      expect(audit[4]?.detail).toMatchObject({ reason: "乙镇反映漏计延期" });
    });

    it("a month opened by mistake is taken back before any unit acts on it: closed again, the units no longer see it, with the reason audited", async () => {
      const period = "2017-11";
      await openPreview(store, period, { actor: ACTOR });
      expect((await getCycle(store, period)).stage).toBe("preview");
      expect((await refusal(withdrawPreview(store, period, { actor: ACTOR, reason: "  " }))).zh).toBe("撤回开放须填写原因");
      const back = await withdrawPreview(store, period, { actor: ACTOR, reason: "选错了月份，应开放 2017-10" });
      expect(back).toMatchObject({ stage: "closed", previewOpenedAt: null, objectionDeadline: null, objectionsOpen: false });
      // the units' pages refuse it again, as a month never opened
      expect((await refusal(assertOpenToUnits(store, period))).code).toBe("FORBIDDEN");
      expect((await listCycles(store)).map((c) => c.period)).not.toContain(period);
      const audit = (await auditRows(store.raw)).filter((a) => a.entityId === period && a.action.startsWith("cycle."));
      expect(audit.map((a) => a.action)).toEqual(["cycle.preview", "cycle.withdraw"]);
      expect(audit[1]?.detail).toMatchObject({ reason: "选错了月份，应开放 2017-10", openedBy: ACTOR, stage: "preview" });
      // nothing left to take back; and a month published, then reopened (2017-12, above), is published again, not taken back
      expect((await refusal(withdrawPreview(store, period, { actor: ACTOR, reason: "再撤" }))).zh).toBe("2017年11月现为未开放，没有可撤回的开放");
      const reopened = await refusal(withdrawPreview(store, "2017-12", { actor: ACTOR, reason: "误开" }));
      expect([reopened.code, reopened.zh]).toEqual(["CONFLICT", "2017年12月已发布过：重新开放后不能撤回，请处理异议后重新发布"]);
      expect((await getCycle(store, "2017-12")).stage).toBe("preview");
    });

    it("the deadlines count the imported holiday calendar, as the opening dialog says them beforehand", async () => {
      const friday = new Date(shanghaiEpoch(2018, 3, 2, 10));
      const day = (d: number) => Date.UTC(2018, 2, d) / 86_400_000;
      // a day off on Monday 5 March and a make-up working Saturday 10 March (made up for this test)
      await store.prisma.holiday.createMany({
        data: [
          { day: day(5), type: "休" },
          { day: day(10), type: "班" },
        ],
      });
      try {
        // objections, 5 working days: Tue 6, Wed 7, Thu 8, Fri 9, Sat 10 (班); explanations, 3: Tue 6, Wed 7, Thu 8
        expect(await deadlinesFromNow(store, 5, 3, friday)).toEqual({
          objectionDeadline: new Date("2018-03-10T23:59:59.999+08:00").toISOString(),
          explanationDeadline: new Date("2018-03-08T23:59:59.999+08:00").toISOString(),
          marked: 2,
          years: [{ year: 2018, imported: true }],
        });
        // and opening gives them (it counted Monday to Friday alone: Friday 9 and Wednesday 7 March)
        const opened = await openPreview(store, "2017-11", { actor: ACTOR, explanationDays: 3, now: friday });
        expect([opened.objectionDeadline, opened.explanationDeadline]).toEqual([
          new Date("2018-03-10T23:59:59.999+08:00").toISOString(),
          new Date("2018-03-08T23:59:59.999+08:00").toISOString(),
        ]);
        await withdrawPreview(store, "2017-11", { actor: ACTOR, reason: "测试节假日" });
      } finally {
        await store.prisma.holiday.deleteMany({ where: { day: { in: [day(5), day(10)] } } });
      }
      // none imported for that year: Monday to Friday, and said so
      expect(await deadlinesFromNow(store, 5, 3, friday)).toMatchObject({ marked: 0, years: [{ year: 2018, imported: false }] });
      // opened on Monday 28 December 2026 with 2026's calendar only (a day of it is enough): 2027's 元旦 is not known
      await store.prisma.holiday.create({ data: { day: Date.UTC(2026, 9, 1) / 86_400_000, type: "休" } });
      try {
        expect((await deadlinesFromNow(store, 5, 5, new Date(shanghaiEpoch(2026, 12, 28, 9)))).years).toEqual([
          { year: 2026, imported: true },
          { year: 2027, imported: false },
        ]);
      } finally {
        await store.prisma.holiday.deleteMany({ where: { day: Date.UTC(2026, 9, 1) / 86_400_000 } });
      }
    });
  });

  describe("written explanations", () => {
    it("a month not opened to the units takes no explanation", async () => {
      const before = await counts();
      const e = await refusal(
        submitExplanation(store, { period: MONTH, unitCode: "T1", text: "超期系交通管制所致，已整改。", files: [], actor: "甲镇联络员" }),
      );
      expect([e.code, e.zh]).toEqual(["CONFLICT", "2017年10月的考核结果尚未向各单位开放，暂不能提交书面说明"]);
      expect(await counts()).toEqual(before);
    });

    it("exactly the units with 超期, 反弹 or 应办未办 owe one, with the measures behind it and their values", async () => {
      await openPreview(store, MONTH, { actor: ACTOR });
      const sanction = { name: "书面说明", label: "须书面说明情况（应办未办、超时办结或问题反弹）" };
      const because = (overdue: number, rebound: number, undone: number) => [
        { measure: "超期件数", label: "超期件数", value: overdue },
        { measure: "反弹件数", label: "问题反弹件数", value: rebound },
        { measure: "应办未办事件", label: "应办未办、问题反弹事件", value: undone },
      ];
      const owing = await owingUnits(store, MONTH);
      expect(owing.map((o) => o.unit.code).sort()).toEqual(["T1", "T3"]);
      // T1: A4 late; T3: C2 rebounded and one 县交办应办未办 event; T2's 行政不作为 is not among the 应办未办 types
      expect(owing.find((o) => o.unit.code === "T1")?.reasons).toEqual([{ ...sanction, because: because(1, 0, 0) }]);
      expect(owing.find((o) => o.unit.code === "T3")?.reasons).toEqual([{ ...sanction, because: because(0, 1, 1) }]);

      const duties = await explanationDuties(store, MONTH);
      expect(duties.map((d) => [d.unit.code, d.unit.name, d.state, d.stateLabel, d.explanation])).toEqual([
        ["T1", "甲镇", "owed", "待提交", null],
        ["T3", "丙镇", "owed", "待提交", null],
      ]);
      expect((await explanationDuties(store, MONTH, "T3")).map((d) => d.unit.code)).toEqual(["T3"]);
      expect(await explanationDuties(store, MONTH, "T2")).toEqual([]);
    });

    it("a unit that owes nothing is refused; so is a text too short to say anything", async () => {
      const before = await counts();
      const none = await refusal(submitExplanation(store, { period: MONTH, unitCode: "T2", text: "本单位无超期、反弹情况。", files: [], actor: "乙镇联络员" }));
      expect([none.code, none.zh]).toEqual(["CONFLICT", "按施行中的规则，本单位2017年10月无须书面说明情况"]);
      const short = await refusal(submitExplanation(store, { period: MONTH, unitCode: "T1", text: "  已整改  ", files: [], actor: "甲镇联络员" }));
      expect(short.code).toBe("BAD_INPUT");
      expect(await counts()).toEqual(before);
    });

    it("submitted with an attachment (read back byte for byte), rewritten before it is read, acknowledged, then closed to changes", async () => {
      const pdf = new TextEncoder().encode("%PDF-1.4\n甲镇情况说明\n%%EOF\n");
      const first = await submitExplanation(store, {
        period: MONTH,
        unitCode: "T1",
        text: "A4 工单超期系道路施工所致，已整改。",
        files: [{ fileName: "情况说明.pdf", mediaType: "application/pdf", content: pdf }],
        actor: "甲镇联络员",
      });
      expect(first).toMatchObject({ period: MONTH, unitCode: "T1", status: "submitted", submittedBy: "甲镇联络员", acknowledgedBy: null });
      expect(first.reasons.map((r) => r.name)).toEqual(["书面说明"]);
      expect(first.attachments).toEqual([expect.objectContaining({ ownerType: "explanation", ownerId: first.id, fileName: "情况说明.pdf", size: pdf.length })]);
      const file = await readAttachment(store, first.attachments[0]?.id as number);
      expect(file?.unitCode).toBe("T1");
      expect(new Uint8Array(file?.content ?? [])).toEqual(pdf);
      expect((await explanationDuties(store, MONTH, "T1"))[0]).toMatchObject({ state: "submitted", stateLabel: "已提交" });

      // rewritten until the center has read it: the same explanation, the new text, the attachments added up
      const revised = await submitExplanation(store, {
        period: MONTH,
        unitCode: "T1",
        text: "A4 工单超期系道路施工所致，已与施工方协调并整改完毕。",
        files: [{ fileName: "照片.png", mediaType: "image/png", content: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }],
        actor: "甲镇联络员",
      });
      expect(revised.id).toBe(first.id);
      expect(revised.text).toBe("A4 工单超期系道路施工所致，已与施工方协调并整改完毕。");
      expect(revised.attachments.map((a) => a.fileName)).toEqual(["情况说明.pdf", "照片.png"]);

      // a form opened before that rewrite (another tab: on the first submission, or on none) does not overwrite it unseen
      const unseen = await counts();
      const stale = { period: MONTH, unitCode: "T1", text: "另一个标签页里写的旧说明，不应覆盖。", files: [], actor: "甲镇联络员" };
      for (const replacing of [first.submittedAt, null]) {
        const refused = await refusal(submitExplanation(store, { ...stale, replacing }));
        expect(refused.code).toBe("CONFLICT");
        expect(refused.zh).toMatch(
          /^本单位2017年10月的书面说明已由 甲镇联络员 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 提交（在您打开本页之后）：为免覆盖，本次未保存。请刷新页面/,
        );
      }
      expect(await counts()).toEqual(unseen);
      expect((await store.prisma.explanation.findUniqueOrThrow({ where: { id: first.id } })).text).toBe(revised.text);

      const read = await acknowledgeExplanation(store, first.id, { actor: ACTOR, response: "  已阅，请加强协调。 " });
      expect(read).toMatchObject({ status: "acknowledged", acknowledgedBy: ACTOR, response: "已阅，请加强协调。" });
      expect((await explanationDuties(store, MONTH, "T1"))[0]).toMatchObject({ state: "acknowledged", stateLabel: "已阅" });
      expect((await refusal(acknowledgeExplanation(store, first.id, { actor: ACTOR }))).code).toBe("CONFLICT");

      const before = await counts();
      const closed = await refusal(
        submitExplanation(store, {
          period: MONTH,
          unitCode: "T1",
          text: "补充说明：施工已结束，道路恢复通行。",
          files: [{ fileName: "补充.pdf", mediaType: "application/pdf", content: pdf }],
          actor: "甲镇联络员",
        }),
      );
      expect(closed.code).toBe("CONFLICT");
      expect(closed.zh).toMatch(/^2017年10月的书面说明已由 考核办 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 阅知，不能再修改$/);
      expect(await counts()).toEqual(before);
      expect((await store.prisma.explanation.findUniqueOrThrow({ where: { id: first.id } })).text).toBe(revised.text);

      const audit = (await auditRows(store.raw)).filter((a) => a.entity === "explanations" && a.entityId === String(first.id));
      expect(audit.map((a) => a.action)).toEqual(["explanation.submit", "explanation.revise", "explanation.acknowledge"]);
      expect(audit[0]?.detail).toMatchObject({ unitCode: "T1", attachments: [{ name: "情况说明.pdf", size: pdf.length }] });
    });

    it("after the deadline: one never submitted is overdue, one submitted then is late", async () => {
      // as of a day after the deadline (five working days from now), without moving it
      const later = new Date(Date.now() + 10 * 86_400_000);
      expect((await explanationDuties(store, MONTH, "T3", later))[0]).toMatchObject({ state: "overdue", stateLabel: "逾期未交" });
      expect((await explanationDuties(store, MONTH, "T3"))[0]).toMatchObject({ state: "owed" });

      // a deadline already past is refused (every unit would be late at once); set on its own day, it passes in time
      expect((await refusal(setDeadlines(store, MONTH, { actor: ACTOR, explanationDeadline: "2017-12-29" }))).message).toContain(
        "书面说明截止日期 2017-12-29 已过：期限最早可定在今天",
      );
      await setDeadlines(store, MONTH, { actor: ACTOR, explanationDeadline: "2017-12-29", now: new Date("2017-12-29T09:00:00+08:00") });
      expect((await explanationDuties(store, MONTH, "T3"))[0]).toMatchObject({ state: "overdue", explanation: null });
      const late = await submitExplanation(store, {
        period: MONTH,
        unitCode: "T3",
        text: "C2 反弹系群众新增诉求，已重新办理。",
        files: [],
        actor: "丙镇联络员",
      });
      expect(late.status).toBe("submitted");
      const duties = await explanationDuties(store, MONTH);
      expect(duties.map((d) => [d.unit.code, d.state, d.stateLabel])).toEqual([
        ["T1", "acknowledged", "已阅"],
        ["T3", "late", "逾期提交"],
      ]);
    });
  });

  describe("a month the units have acted on", () => {
    it("is not taken back: the center decides what they sent, and publishes", async () => {
      const sent = await store.prisma.explanation.count({ where: { period: MONTH } });
      expect(sent).toBeGreaterThan(0);
      const before = await counts();
      const e = await refusal(withdrawPreview(store, MONTH, { actor: ACTOR, reason: "误开" }));
      expect([e.code, e.zh]).toEqual(["CONFLICT", `2017年10月开放后各单位已提交 ${sent} 份书面说明：不能撤回开放，请处理后发布`]);
      expect(await counts()).toEqual(before);
      expect((await getCycle(store, MONTH)).stage).not.toBe("closed");
    });
  });

  describe("objections", () => {
    it("a late order asked to be excused: the what-if shows T1's score and rank before and after, and changes nothing", async () => {
      const raised = await raiseObjection(store, {
        period: MONTH,
        unitCode: "T1",
        subject: "orders",
        changes: [{ record: "orders", recordId: "A4", field: "delayExcused", to: true }],
        reason: "A4 延期已电话报备县中心，超期说明应予认可",
        files: [{ fileName: "报备记录.pdf", mediaType: "application/pdf", content: new TextEncoder().encode("%PDF-1.4 报备") }],
        actor: "甲镇联络员",
      });
      ids.t1 = raised.id;
      expect(raised).toMatchObject({
        period: MONTH,
        unitCode: "T1",
        unitName: "甲镇",
        status: "open",
        statusLabel: "待处理",
        raisedBy: "甲镇联络员",
        corrections: [],
      });
      expect(raised.proposed).toEqual([
        { record: "orders", recordId: "A4", field: "delayExcused", to: true, fieldLabel: "超期说明已认可", text: "工单 A4：“超期说明已认可”改为“是”" },
      ]);
      expect(raised.attachments.map((a) => a.fileName)).toEqual(["报备记录.pdf"]);

      // Excused, A4 is no longer 超期 (超期 needs `not 超期说明已认可`), and being closed, neither 超期 nor 反弹, it is 已办结:
      //   按期办结 20 × (1 − 1/4) = 15 → 20 × (1 − 0/4) = 20;  办结率考核 10 × 3/4 = 7.5 → 10 × 4/4 = 10
      //   T1 92.5 → 100: from 3rd to 1st; T2 (98.5) and T4 (93.33) each go down one place; T3 (77) stays 4th.
      const effect = await objectionEffect(store, raised.id);
      expect(effect.rubric).toEqual({ name: "桓台县市民投诉（民生热线）工作考核办法", version: "2017" });
      expect(effect.changes).toEqual([expect.objectContaining({ recordId: "A4", field: "delayExcused", from: false, to: true })]);
      expect(effect.unit).toMatchObject({ unit: { code: "T1" }, scoreA: 92.5, scoreB: 100, delta: 7.5, rankA: 3, rankB: 1, move: 2 });
      expect(Object.fromEntries((effect.unit?.items ?? []).map((i) => [i.code, [i.a, i.b]]))).toEqual({
        十个新突破: [30, 30],
        按期办结: [15, 20],
        退回重办: [20, 20],
        满意率考核: [20, 20],
        办结率考核: [7.5, 10],
      });
      expect(effect.moved.map((u) => [u.unit.code, u.scoreA, u.scoreB, u.rankA, u.rankB, u.move])).toEqual([
        ["T1", 92.5, 100, 3, 1, 2],
        ["T2", 98.5, 98.5, 1, 2, -1],
        ["T4", 93.33, 93.33, 2, 3, -1],
      ]);

      // the what-if was rolled back: the order, the scores, the corrections are as they were
      expect((await storedOrder("A4")).delayExcused).toBe(false);
      expect(unitOf(await scored(), "T1")).toMatchObject({ score: 92.5, rank: 3 });
      expect(await listCorrections(store)).toEqual([]);
      // the center may try its own changes: A4 extended to 10-24 is not late either (same outcome)
      const extended = await objectionEffect(store, raised.id, [
        { record: "orders", recordId: "A4", field: "extendedTo", to: shanghaiEpoch(2017, 10, 24, 17) },
      ]);
      expect(extended.unit).toMatchObject({ scoreA: 92.5, scoreB: 100, rankB: 1 });
      expect((await storedOrder("A4")).extendedTo).toBeNull();
    });

    it("accepted: the order is corrected, the correction records from/to/who/which objection, and scoring gives the numbers after", async () => {
      const decided = await decideObjection(store, ids.t1, { accept: true, decision: "经核实，延期已报备", actor: ACTOR });
      expect(decided).toMatchObject({ status: "accepted", statusLabel: "已采纳", decidedBy: ACTOR, decision: "经核实，延期已报备", publicationId: null });
      expect(decided.decidedAt).not.toBeNull();
      expect((await storedOrder("A4")).delayExcused).toBe(true);
      expect(decided.corrections).toEqual([
        expect.objectContaining({
          objectionId: ids.t1,
          record: "orders",
          recordId: "A4",
          unitCode: "T1",
          field: "delayExcused",
          fieldLabel: "超期说明已认可",
          from: false,
          to: true,
          text: "超期说明已认可：否 → 是",
          status: "active",
          createdBy: ACTOR,
          closedAt: null,
          conflict: null,
        }),
      ]);
      expect(await listCorrections(store, { unitCode: "T1" })).toEqual(decided.corrections);
      expect(await listCorrections(store, { unitCode: "T2" })).toEqual([]);

      const result = await scored();
      expect(unitOf(result, "T1")).toEqual({ score: 100, rank: 1, items: { 十个新突破: 30, 按期办结: 20, 退回重办: 20, 满意率考核: 20, 办结率考核: 10 } });
      expect(["T2", "T4", "T3"].map((c) => [c, unitOf(result, c).score, unitOf(result, c).rank])).toEqual([
        ["T2", 98.5, 2],
        ["T4", 93.33, 3],
        ["T3", 77, 4],
      ]);
      // T1 owes no explanation any more, but keeps the one it submitted (and its state)
      expect((await owingUnits(store, MONTH)).map((o) => o.unit.code)).toEqual(["T3"]);
      expect((await explanationDuties(store, MONTH, "T1"))[0]).toMatchObject({
        state: "acknowledged",
        reasons: [expect.objectContaining({ name: "书面说明" })],
      });

      const audit = (await auditRows(store.raw)).filter((a) => a.entity === "objections" && a.entityId === String(ids.t1));
      expect(audit.map((a) => [a.action, a.actor])).toEqual([
        ["objection.raise", "甲镇联络员"],
        ["objection.accept", ACTOR],
      ]);
      expect(audit[1]?.detail).toMatchObject({
        decision: "经核实，延期已报备",
        corrections: [{ recordId: "A4", field: "delayExcused", from: false, to: true }],
      });
    });

    it("rejected: nothing changes, the status and the reason are the unit's to see", async () => {
      const raised = await raiseObjection(store, {
        period: MONTH,
        unitCode: "T3",
        subject: "orders",
        changes: [{ record: "orders", recordId: "C2", field: "rebound", to: false }],
        reason: "C2 为群众新诉求，不属问题反弹",
        files: [],
        actor: "丙镇联络员",
      });
      ids.t3 = raised.id;
      // Not rebounded, C2 would be 已办结 (closed on time): 办结率考核 10 × 1/2 = 5 → 10 × 2/2 = 10, T3 77 → 82, still 4th.
      // Only T3 moves in score; nobody's rank changes.
      const effect = await objectionEffect(store, raised.id);
      expect(effect.unit).toMatchObject({ scoreA: 77, scoreB: 82, delta: 5, rankA: 4, rankB: 4, move: 0 });
      expect(effect.moved.map((u) => u.unit.code)).toEqual(["T3"]);

      const before = { order: await storedOrder("C2"), corrections: await listCorrections(store) };
      const rejected = await decideObjection(store, raised.id, { accept: false, decision: "回访记录显示为同一诉求", actor: ACTOR });
      expect(rejected).toMatchObject({ status: "rejected", statusLabel: "不予采纳", decision: "回访记录显示为同一诉求", decidedBy: ACTOR, corrections: [] });
      expect(await storedOrder("C2")).toEqual(before.order);
      expect(await listCorrections(store)).toEqual(before.corrections);
      expect(unitOf(await scored(), "T3")).toMatchObject({ score: 77, rank: 4 });
      expect((await auditRows(store.raw)).filter((a) => a.entity === "objections" && a.entityId === String(raised.id)).map((a) => a.action)).toEqual([
        "objection.raise",
        "objection.reject",
      ]);

      // the unit is told (once), and the acknowledged explanation too
      expect(await markDecisionsSeen(store, "T3")).toBe(1);
      expect(await markDecisionsSeen(store, "T3")).toBe(0);
      expect((await getObjection(store, raised.id)).decisionSeenAt).not.toBeNull();
    });

    it("an event objection: a 行政不作为 counted 0 times deducts nothing (十个新突破 28.5 → 30)", async () => {
      const raised = await raiseObjection(store, {
        period: MONTH,
        unitCode: "T2",
        subject: "events",
        changes: [{ record: "events", recordId: "E1", field: "count", to: 0 }],
        reason: "E1 经复查不属行政不作为",
        files: [],
        actor: "乙镇联络员",
      });
      ids.t2 = raised.id;
      // the event named with its type and date (its number alone said nothing of what it was: a walk)
      expect(raised.proposed[0]?.text).toBe("考核事件 E1（行政不作为，2017-10-20）：“次数”改为“0”");
      // 十个新突破 (100 − 5 × 1) × 30% = 28.5 → (100 − 5 × 0) × 30% = 30: T2 98.5 → 100.
      // T1 has 100 too (after the accepted objection) and the same 工单数 (4): they share 1st; T4 stays 3rd, T3 4th.
      const effect = await objectionEffect(store, raised.id);
      expect(effect.changes.map((c) => c.text)).toEqual(["考核事件 E1（行政不作为，2017-10-20）：“次数”改为“0”"]);
      expect(effect.unit).toMatchObject({ scoreA: 98.5, scoreB: 100, delta: 1.5, rankA: 2, rankB: 1, move: 1 });
      expect(effect.unit?.items.find((i) => i.code === "十个新突破")).toMatchObject({ a: 28.5, b: 30 });
      expect(effect.moved.map((u) => u.unit.code)).toEqual(["T2"]);
      expect((await storedEvent("E1")).count).toBe(1);

      const accepted = await decideObjection(store, raised.id, { accept: true, decision: "复查属实", actor: ACTOR });
      expect(accepted.corrections).toEqual([
        expect.objectContaining({ record: "events", recordId: "E1", field: "count", from: 1, to: 0, text: "次数：1 → 0" }),
      ]);
      expect((await storedEvent("E1")).count).toBe(0);
      const result = await scored();
      expect(unitOf(result, "T2")).toMatchObject({ score: 100, rank: 1, items: { 十个新突破: 30 } });
      expect(unitOf(result, "T1")).toMatchObject({ score: 100, rank: 1 });
      expect(unitOf(result, "T4")).toMatchObject({ score: 93.33, rank: 3 });
    });

    it("a satisfaction level can be corrected and shown (a text value in a JSON column)", async () => {
      // C2's result 不满意 → 满意 would make T3's 满意率 (2 + 2)/(2 × 2) = 1: 满意率考核 15 → 20, T3 77 → 82
      const raised = await raiseObjection(store, {
        period: MONTH,
        unitCode: "T3",
        subject: "orders",
        changes: [{ record: "orders", recordId: "C2", field: "resultSatisfaction", to: "满意" }],
        reason: "回访人员误录满意度",
        files: [],
        actor: "丙镇联络员",
      });
      expect((await objectionEffect(store, raised.id)).unit).toMatchObject({ scoreA: 77, scoreB: 82 });
      const accepted = await decideObjection(store, raised.id, { accept: true, decision: "录音核实为满意", actor: ACTOR });
      expect(accepted.corrections).toEqual([
        expect.objectContaining({ field: "resultSatisfaction", from: "不满意", to: "满意", text: "结果满意度：不满意 → 满意" }),
      ]);
      expect((await storedOrder("C2")).resultSatisfaction).toBe("满意");
      expect(unitOf(await scored(), "T3")).toMatchObject({ score: 82, rank: 4 });
    });
  });

  describe("refused objections leave nothing behind", () => {
    const base = {
      period: MONTH,
      unitCode: "T4",
      subject: "orders" as const,
      reason: "D1 退回重办系中心误操作",
      files: [{ fileName: "说明.pdf", mediaType: "application/pdf", content: new TextEncoder().encode("%PDF-1.4 x") }],
      actor: "丁镇联络员",
    };
    const redo = (recordId: string, to: unknown = 0, field = "redoCount") => [{ record: "orders" as const, recordId, field, to: to as number }];

    async function refusedWithoutTrace(call: () => Promise<unknown>): Promise<AppError> {
      const before = await counts();
      const e = await refusal(call());
      expect(await counts()).toEqual(before);
      expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
      return e;
    }

    it("after the objection deadline, on a published month, on a month not opened", async () => {
      const late = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: redo("D1"), now: new Date(Date.now() + 30 * 86_400_000) }));
      expect(late.code).toBe("CONFLICT");
      expect(late.zh).toMatch(/^2017年10月的异议期限已过（截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}），不能再提出异议$/);

      // September: A0 is T1's September order; the month was published without being opened
      await publishPeriod(store, "2017-09", { actor: ACTOR });
      expect((await getCycle(store, "2017-09")).stage).toBe("published");
      const published = await refusedWithoutTrace(() =>
        raiseObjection(store, { ...base, period: "2017-09", unitCode: "T1", changes: redo("A0", 1), actor: "甲镇联络员" }),
      );
      // (the center by its name as set; this store has none set: 热线中心)
      expect([published.code, published.zh]).toEqual(["CONFLICT", "2017年9月的考核结果已发布，异议期已结束；如有新情况请联系热线中心"]);

      const closed = await refusedWithoutTrace(() => raiseObjection(store, { ...base, period: "2017-11", changes: [] }));
      expect([closed.code, closed.zh]).toEqual(["CONFLICT", "2017年11月的考核结果尚未向各单位开放，暂不能提出异议"]);
    });

    it("another unit's order is refused in the words used for a missing one; an order outside the month", async () => {
      const others = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: redo("C1") }));
      const missing = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: redo("NO-SUCH") }));
      expect(others.code).toBe("BAD_INPUT");
      expect(missing.code).toBe("BAD_INPUT");
      expect(others.zh).toBe("本单位没有编号为“C1”的工单：只能对本单位的工单提出异议");
      expect(others.zh.replace("C1", "NO-SUCH")).toBe(missing.zh);
      expect(others.en.replace("C1", "NO-SUCH")).toBe(missing.en);

      const outside = await refusedWithoutTrace(() => raiseObjection(store, { ...base, unitCode: "T1", changes: redo("A0", 1), actor: "甲镇联络员" }));
      expect([outside.code, outside.zh]).toEqual(["BAD_INPUT", "工单 A0 不在2017年10月的考核范围内"]);
    });

    it("a unit not assessed in the month (its last month before it): no objection, and its explanation no longer owed, saying why", async () => {
      const lastMonth = (until: string) =>
        importFiles(
          store,
          [{ path: writeCsvText(dir, `units-截止${until || "无"}.csv`, ["单位编码,单位名称,类别,截止月份", `T1,甲镇,镇,${until}`]), kind: "units" }],
          {
            actor: ACTOR,
          },
        );
      const before = await explanationDuties(store, MONTH, "T1");
      await lastMonth("2017-09");
      try {
        const e = await refusedWithoutTrace(() => raiseObjection(store, { ...base, unitCode: "T1", changes: redo("A1", 1), actor: "甲镇联络员" }));
        expect([e.code, e.zh]).toEqual(["CONFLICT", "甲镇参加考核至 2017-09，2017年10月不参加考核，没有可提出异议的结果"]);
        // T1 submitted one for its late order (超期 1): kept, not owed, and why (not the objection accepted above)
        expect(await explanationDuties(store, MONTH, "T1")).toEqual([expect.objectContaining({ owedNow: false, notAssessed: "参加考核至 2017-09" })]);
      } finally {
        await lastMonth("");
      }
      expect(before).toEqual([expect.objectContaining({ notAssessed: null })]);
      expect(await explanationDuties(store, MONTH, "T1")).toEqual(before);
    });

    it("a field that cannot be corrected, a value of the wrong type, a value already stored", async () => {
      const field = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: redo("D1", "T1", "unit") }));
      expect(field.code).toBe("BAD_INPUT");
      expect(field.zh).toMatch(/^工单 D1：字段“unit”不能更正（可更正：returned（回退）、returnAccepted（回退认可）、extendedTo（延期至）/);
      const type = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: redo("D1", "是", "delayExcused") }));
      expect([type.code, type.zh]).toEqual(["BAD_INPUT", "工单 D1 的“超期说明已认可”应为“是”或“否”，而不是“是”"]);
      const negative = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: redo("D1", -1) }));
      expect(negative.zh).toBe("工单 D1 的“退回重办次数”应为不小于 0 的整数，而不是“-1”");
      const year1990 = Date.UTC(1990, 0, 1);
      const tooEarly = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: redo("D1", year1990, "extendedTo") }));
      expect([tooEarly.code, tooEarly.zh]).toEqual(["BAD_INPUT", `工单 D1 的“延期至”应为 2000 年至 2100 年间的时间，而不是“${year1990}”`]);
      const same = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: redo("D1", 2) }));
      expect([same.code, same.zh]).toEqual(["BAD_INPUT", "工单 D1 的“退回重办次数”已是“2”，无须更正"]);
      const twice = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: [...redo("D1"), ...redo("D1", 1)] }));
      expect(twice.zh).toBe("工单 D1 的“退回重办次数”重复出现");
      const wrongKind = await refusedWithoutTrace(() =>
        raiseObjection(store, { ...base, changes: [{ record: "events", recordId: "E1", field: "count", to: 0 }] }),
      );
      expect(wrongKind.zh).toBe("该异议针对工单，不能包含考核事件");
    });

    it("a blank reason; two open objections on the same field of the same order; deciding twice, or without a reason", async () => {
      const blank = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: redo("D1"), reason: "   \n " }));
      expect([blank.code, blank.zh]).toEqual(["BAD_INPUT", "请写明异议的理由（至少 5 个字）"]);

      // the first stays open (the publication tests below find it undecided)
      const open = await raiseObjection(store, { ...base, changes: redo("D1") });
      ids.t4 = open.id;
      const again = await refusedWithoutTrace(() => raiseObjection(store, { ...base, changes: redo("D1", 1), reason: "D1 只应计一次重办" }));
      expect([again.code, again.zh]).toEqual(["CONFLICT", `工单 D1 的“退回重办次数”已有待处理的异议 #${open.id}`]);

      const noReason = await refusedWithoutTrace(() => decideObjection(store, open.id, { accept: true, decision: "  ", actor: ACTOR }));
      expect([noReason.code, noReason.zh]).toEqual(["BAD_INPUT", "请写明采纳的理由，单位将看到它"]);
      expect((await getObjection(store, open.id)).status).toBe("open");

      const decidedTwice = await refusedWithoutTrace(() => decideObjection(store, ids.t1, { accept: false, decision: "改为不予采纳", actor: "另一位考核员" }));
      expect(decidedTwice.code).toBe("CONFLICT");
      expect(decidedTwice.zh).toMatch(new RegExp(`^异议 #${ids.t1} 已由 考核办 于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 已采纳$`));
      expect((await getObjection(store, ids.t1)).status).toBe("accepted");
      expect((await storedOrder("A4")).delayExcused).toBe(true);
    });
  });

  describe("the same objection twice", () => {
    it("raised again while the first is open (a double click, a second tab): refused, naming the first; nothing added", async () => {
      const other = {
        period: MONTH,
        unitCode: "T3",
        subject: "other" as const,
        changes: [],
        reason: "本月 C 类工单的考核口径与上月不一致，请复核。",
        files: [],
        actor: "丙镇联络员",
      };
      const first = await raiseObjection(store, other);
      const before = await counts();
      const twin = await refusal(raiseObjection(store, other));
      expect(twin.code).toBe("CONFLICT");
      expect(twin.zh).toMatch(new RegExp(`^本单位已于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 提出内容相同的异议 #${first.id}，尚待处理：无须重复提出$`));
      expect(await counts()).toEqual(before);
      // another reason is another objection; decided, neither stays open for the publication tests below
      const second = await raiseObjection(store, { ...other, reason: "另：C3 工单的来源应为市中心。" });
      for (const o of [first, second]) await decideObjection(store, o.id, { accept: false, decision: "口径与办法一致，不予采纳", actor: ACTOR });
    });
  });

  describe("many at once", () => {
    it(`at most ${MAX_OPEN_OBJECTIONS} undecided in a month: the next is refused saying so and what to do; one withdrawn makes room`, async () => {
      const raise = (n: number) =>
        raiseObjection(store, {
          period: MONTH,
          unitCode: "T3",
          subject: "other",
          changes: [],
          reason: `刷屏测试：第 ${n} 条异议。`,
          files: [],
          actor: "丙镇联络员",
        });
      const raised = [];
      for (let n = 1; n <= MAX_OPEN_OBJECTIONS; n++) raised.push(await raise(n));
      const before = await counts();
      const refused = await refusal(raise(MAX_OPEN_OBJECTIONS + 1));
      expect([refused.code, refused.zh]).toEqual([
        "CONFLICT",
        "本单位2017年10月已有 20 件异议待热线中心处理，每月至多 20 件：请等中心处理后再提出，或撤回其中不再需要的；同一类问题可写在一件异议中",
      ]);
      expect(await counts()).toEqual(before);
      await withdrawObjection(store, (raised.pop() as { id: number }).id, { unitCode: "T3", actor: "丙镇联络员" });
      raised.push(await raise(MAX_OPEN_OBJECTIONS + 1));
      // none stays open for the tests below
      for (const o of raised) await withdrawObjection(store, o.id, { unitCode: "T3", actor: "丙镇联络员" });
    });
    it(`at most ${MAX_RAISED_OBJECTIONS} raised and not decided, withdrawn ones counted: raising and withdrawing does not go on without end`, async () => {
      // the test above left 21 withdrawn (20 + the one that made room); raising and withdrawing one at a time
      const cycle = async (n: number) => {
        const o = await raiseObjection(store, {
          period: MONTH,
          unitCode: "T3",
          subject: "other",
          changes: [],
          reason: `反复提出又撤回：第 ${n} 条。`,
          files: [],
          actor: "丙镇联络员",
        });
        await withdrawObjection(store, o.id, { unitCode: "T3", actor: "丙镇联络员" });
      };
      const withdrawn = () => store.prisma.objection.count({ where: { period: MONTH, unitCode: "T3", status: "withdrawn" } });
      for (let n = await withdrawn(); n < MAX_RAISED_OBJECTIONS; n++) await cycle(n);
      expect(await withdrawn()).toBe(40);
      const before = await counts();
      const refused = await refusal(cycle(41));
      expect([refused.code, refused.zh]).toEqual([
        "CONFLICT",
        "本单位2017年10月已提出 40 件异议未经处理（其中已撤回 40 件），每月至多 40 件：如还有异议，请联系热线中心",
      ]);
      expect(await counts()).toEqual(before);
      // another unit is not held by it
      const other = await raiseObjection(store, {
        period: MONTH,
        unitCode: "T2",
        subject: "other",
        changes: [],
        reason: "乙镇的异议照常提出。",
        files: [],
        actor: "乙镇联络员",
      });
      await withdrawObjection(store, other.id, { unitCode: "T2", actor: "乙镇联络员" });
      // the tests below raise 丙镇's objections again: this test's own withdrawn ones taken out (no call does: a store's)
      await store.prisma.objection.deleteMany({
        where: {
          unitCode: { in: ["T2", "T3"] },
          reason: { in: [...Array(MAX_RAISED_OBJECTIONS).keys()].map((n) => `反复提出又撤回：第 ${n} 条。`).concat("乙镇的异议照常提出。") },
        },
      });
    });
  });

  describe("withdrawn by its unit", () => {
    it("closed as 已撤回 with its attachments gone, audited, not reported back to the unit; another unit cannot, nor can it be decided after", async () => {
      const raised = await raiseObjection(store, {
        period: MONTH,
        unitCode: "T3",
        subject: "other",
        changes: [],
        reason: "误将下月的情况写入本月，请忽略。",
        files: [{ fileName: "误传.pdf", mediaType: "application/pdf", content: new TextEncoder().encode("%PDF-1.4 wrong") }],
        actor: "丙镇联络员",
      });
      expect(raised.attachments).toHaveLength(1);
      // the decisions the unit has not yet been shown, seen first: what is left to report after is the withdrawal's
      await markDecisionsSeen(store, "T3");
      const before = await counts();
      const elsewhere = await refusal(withdrawObjection(store, raised.id, { unitCode: "T2", actor: "乙镇联络员" }));
      expect([elsewhere.code, elsewhere.zh]).toEqual(["NOT_FOUND", `没有编号为 ${raised.id} 的异议`]);
      expect(await counts()).toEqual(before);

      const withdrawn = await withdrawObjection(store, raised.id, { unitCode: "T3", actor: "丙镇联络员" });
      expect(withdrawn).toMatchObject({
        status: "withdrawn",
        statusLabel: "已撤回",
        decidedBy: "丙镇联络员",
        decision: null,
        attachments: [],
        corrections: [],
      });
      expect(await store.prisma.attachment.count({ where: { ownerType: "objection", ownerId: raised.id } })).toBe(0);
      expect(await markDecisionsSeen(store, "T3")).toBe(0);
      const audited = (await auditRows(store.raw)).filter((a) => a.entity === "objections" && a.entityId === String(raised.id));
      expect(audited.map((a) => a.action)).toEqual(["objection.raise", "objection.withdraw"]);
      expect(audited[1]?.detail).toMatchObject({ attachmentsRemoved: [{ name: "误传.pdf", size: 14 }] });

      const again = await refusal(withdrawObjection(store, raised.id, { unitCode: "T3", actor: "丙镇联络员" }));
      expect([again.code, again.zh]).toEqual([
        "CONFLICT",
        expect.stringMatching(new RegExp(`^异议 #${raised.id} 已由 丙镇联络员 于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 撤回$`)),
      ]);
      const decided = await refusal(decideObjection(store, raised.id, { accept: true, decision: "同意", actor: ACTOR }));
      expect([decided.code, decided.zh]).toEqual(["CONFLICT", again.zh]);
    });
  });

  describe("corrections over a re-import", () => {
    it("a file still carrying the original value: the correction is kept, reported in Chinese, the conflict noted and audited", async () => {
      const path = writeCsvText(dir, "orders-original.csv", [ORDER_HEADER, a4Line("否")]);
      const eventsPath = writeCsvText(dir, "events-original.csv", ["事件编号,单位,日期,事件类型,次数,分值,关联工单,说明", "E1,T2,2017-10-20,行政不作为,1,,,"]);
      const result = await importFiles(
        store,
        [
          { path, name: "orders.csv" },
          { path: eventsPath, name: "events.csv" },
        ],
        { actor: "导入员" },
      );
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const [ordersReport, eventsReport] = result.files;
      // with the correction laid over it, A4 is exactly as stored: nothing to write
      expect(ordersReport).toMatchObject({ kind: "orders", rows: 1, inserted: 0, updated: 0, unchanged: 1, batchId: null });
      const a4 = await listCorrections(store, { objectionId: ids.t1 });
      expect(ordersReport?.corrections).toEqual([
        {
          correctionId: a4[0]?.id,
          objectionId: ids.t1,
          record: "orders",
          recordId: "A4",
          field: "delayExcused",
          outcome: "kept",
          fileValue: false,
          corrected: true,
          message: `工单 A4 的“超期说明已认可”：导入数据为“否”，与更正（依异议 #${ids.t1}）后的“是”不同；已保留更正，请核对平台数据`,
        },
      ]);
      expect(eventsReport?.corrections).toEqual([
        expect.objectContaining({ objectionId: ids.t2, recordId: "E1", field: "count", outcome: "kept", fileValue: 1, corrected: 0 }),
      ]);
      expect((await storedOrder("A4")).delayExcused).toBe(true);
      expect((await storedEvent("E1")).count).toBe(0);
      const [kept] = await listCorrections(store, { objectionId: ids.t1 });
      expect(kept).toMatchObject({ status: "active", conflict: { batchId: null, value: false } });
      const audit = (await auditRows(store.raw)).filter((a) => a.action === "correction.kept");
      expect(audit.map((a) => [a.actor, a.entityId, a.detail.recordId, a.detail.fileValue, a.detail.corrected])).toEqual([
        ["导入员", String(kept?.id), "A4", false, true],
        ["导入员", String((await listCorrections(store, { objectionId: ids.t2 }))[0]?.id), "E1", 1, 0],
      ]);
      // the scores still rest on the corrected data
      expect(unitOf(await scored(), "T1")).toMatchObject({ score: 100, rank: 1 });
      expect(unitOf(await scored(), "T2")).toMatchObject({ score: 100, rank: 1 });
    });

    it("a file that now carries the corrected value confirms the correction (closed); the scores are the corrected ones throughout", async () => {
      const path = writeCsvText(dir, "orders-corrected.csv", [ORDER_HEADER, a4Line("是")]);
      const result = await importFiles(store, [{ path, name: "orders.csv" }], { actor: "导入员" });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.files[0]?.corrections).toEqual([
        expect.objectContaining({
          objectionId: ids.t1,
          recordId: "A4",
          outcome: "confirmed",
          fileValue: true,
          corrected: true,
          message: `工单 A4 的“超期说明已认可”：导入数据已与更正（依异议 #${ids.t1}）一致（是），更正已关闭`,
        }),
      ]);
      const [confirmed] = await listCorrections(store, { objectionId: ids.t1 });
      expect(confirmed?.status).toBe("confirmed");
      expect(confirmed?.closedAt).not.toBeNull();
      expect((await auditRows(store.raw)).filter((a) => a.action === "correction.confirmed").map((a) => a.entityId)).toEqual([String(confirmed?.id)]);
      // the event's correction is untouched by an orders file
      expect((await listCorrections(store, { objectionId: ids.t2 }))[0]?.status).toBe("active");

      // T1 100 (A4 excused), T2 100 (E1 counted 0), both 4 orders: shared 1st; T4 93.33 3rd; T3 82 (C2 satisfied) 4th
      const result2 = await scored();
      expect(["T1", "T2", "T4", "T3"].map((c) => [c, unitOf(result2, c).score, unitOf(result2, c).rank])).toEqual([
        ["T1", 100, 1],
        ["T2", 100, 1],
        ["T4", 93.33, 3],
        ["T3", 82, 4],
      ]);
    });
    it("a corrected satisfaction level (a text value) is kept over a file that says otherwise", async () => {
      const c2 = "C2,T3,县中心,,2017-10-10 09:00,2017-10-17 17:00,,2017-10-12 10:00,否,否,否,0,否,是,满意,不满意,,是,否";
      const result = await importFiles(store, [{ path: writeCsvText(dir, "orders-c2.csv", [ORDER_HEADER, c2]), name: "orders.csv" }], { actor: "导入员" });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.files[0]?.corrections).toEqual([
        expect.objectContaining({
          recordId: "C2",
          field: "resultSatisfaction",
          outcome: "kept",
          fileValue: "不满意",
          corrected: "满意",
          message: expect.stringContaining("导入数据为“不满意”，与更正（依异议 #"),
        }),
      ]);
      expect((await storedOrder("C2")).resultSatisfaction).toBe("满意");
      expect(unitOf(await scored(), "T3")).toMatchObject({ score: 82, rank: 4 });
    });
  });

  describe("the drill-down", () => {
    it("lists the corrections of the records on its page", async () => {
      const rubric = compileVersion(await versionInForce(store, MONTH));
      const t1 = await drilldown(store, rubric, { period: MONTH, unit: "T1", measure: "工单数" });
      expect(t1.rows.map((r) => r.id)).toEqual(["A1", "A2", "A3", "A4"]);
      expect(t1.corrections.map((c) => [c.recordId, c.field, c.from, c.to, c.objectionId])).toEqual([["A4", "delayExcused", false, true, ids.t1]]);
      // a page without A4 shows none; A4 is no longer 超期
      expect((await drilldown(store, rubric, { period: MONTH, unit: "T1", measure: "工单数", pageSize: 2 })).corrections).toEqual([]);
      expect((await drilldown(store, rubric, { period: MONTH, unit: "T1", measure: "超期件数" })).total).toBe(0);
      // the rejected objection on C2 made no correction; the accepted one on its satisfaction did
      const t3 = await drilldown(store, rubric, { period: MONTH, unit: "T3", measure: "工单数" });
      expect(t3.corrections.map((c) => [c.recordId, c.field])).toEqual([["C2", "resultSatisfaction"]]);
    });
  });

  describe("publication", () => {
    it("refused while objections are undecided, unless confirmed; the accepted ones are cited in the reason", async () => {
      const before = await store.prisma.publishedResult.count({ where: { period: MONTH } });
      const refused = await refusal(publishPeriod(store, MONTH, { actor: ACTOR }));
      expect(refused.code).toBe("CONFLICT");
      expect(refused.detail).toEqual({ undecided: [{ id: ids.t4, unitCode: "T4", unitName: "丁镇" }], period: MONTH });
      expect(refused.zh).toContain(`#${ids.t4} 丁镇`);
      expect(await store.prisma.publishedResult.count({ where: { period: MONTH } })).toBe(before);
      expect((await getCycle(store, MONTH)).stage).toBe("preview");

      const accepted = (await listObjections(store, { period: MONTH, status: "accepted" })).map((o) => o.id).sort((a, b) => a - b);
      const t3Satisfaction = accepted.find((id) => id !== ids.t1 && id !== ids.t2) as number;
      const published = await publishPeriod(store, MONTH, { actor: ACTOR, confirmUndecided: true });
      // the objection still open when it was published is named too
      expect(published.reason).toBe(
        `依已采纳的异议 #${ids.t1}（甲镇）、#${ids.t2}（乙镇）、#${t3Satisfaction}（丙镇）更正数据；发布时尚有未处理的异议 #${ids.t4}（丁镇）`,
      );
      expect((await getCycle(store, MONTH)).stage).toBe("published");
      for (const id of accepted) expect((await getObjection(store, id)).publicationId).toBe(published.id);
      expect((await getObjection(store, ids.t3)).publicationId).toBeNull();
      expect((await getObjection(store, ids.t4)).publicationId).toBeNull();
      const [audit] = (await auditRows(store.raw)).filter((a) => a.action === "result.publish" && a.entityId === String(published.id));
      expect(audit?.detail).toMatchObject({ objections: accepted, undecidedObjections: [ids.t4] });
      // the frozen result holds the corrected numbers
      expect(unitOf(published.result, "T1")).toMatchObject({ score: 100, rank: 1 });
    });

    it("after a new accepted objection the month is re-published on its citation alone, the earlier ones not cited again", async () => {
      const first = await currentPublication(store, MONTH);
      // nothing new: a re-publication needs a reason
      expect((await refusal(publishPeriod(store, MONTH, { actor: ACTOR }))).code).toBe("CONFLICT");

      await openPreview(store, MONTH, { actor: ACTOR, reason: "处理丁镇异议" });
      // D1 not returned for redo: 退回重办 20 × (1 − 1/3) = 13.33 → 20; T4 93.33 → 100, 3 orders against T1's and T2's 4:
      // T1, T2 share 1st, T4 is 3rd (fewer orders), T3 4th
      await decideObjection(store, ids.t4, { accept: true, decision: "中心误操作，已核实", actor: ACTOR });
      // a free-text objection accepted without a data change is cited, never as grounds of a correction (it read
      // "依已采纳的异议 #7（唐山镇）更正数据" with nothing corrected: a unit's walk)
      const heard = await raiseObjection(store, {
        period: MONTH,
        unitCode: "T3",
        subject: "other",
        changes: [],
        reason: "本月通报中丙镇的联系人有误，请更正。",
        files: [],
        actor: "丙镇联络员",
      });
      await decideObjection(store, heard.id, { accept: true, decision: "已更正通报联系人", actor: ACTOR });
      expect((await getObjection(store, heard.id)).corrections).toEqual([]);
      const again = await publishPeriod(store, MONTH, { actor: ACTOR });
      expect(again.reason).toBe(`依已采纳的异议 #${ids.t4}（丁镇）更正数据；已采纳但未涉及数据更正的异议 #${heard.id}（丙镇）`);
      expect((await getObjection(store, heard.id)).publicationId).toBe(again.id);
      // each unit reads its own in the reason, and of other units' corrections only that there were some
      expect(reasonForUnit(again.reason, "丙镇")).toBe(`依其他单位已采纳的异议更正数据；已采纳但未涉及数据更正的异议 #${heard.id}（丙镇）`);
      expect(reasonForUnit(again.reason, "丁镇")).toBe(`依已采纳的异议 #${ids.t4}（丁镇）更正数据`);
      expect((await getObjection(store, ids.t4)).publicationId).toBe(again.id);
      expect((await getObjection(store, ids.t1)).publicationId).toBe(first?.id);
      expect(["T1", "T2", "T4", "T3"].map((c) => [c, unitOf(again.result, c).score, unitOf(again.result, c).rank])).toEqual([
        ["T1", 100, 1],
        ["T2", 100, 1],
        ["T4", 100, 3],
        ["T3", 82, 4],
      ]);
      // nothing new to cite: the typed reason alone
      await openPreview(store, MONTH, { actor: ACTOR, reason: "再次复核" });
      const typed = await publishPeriod(store, MONTH, { actor: ACTOR, reason: "复核无变化" });
      expect(typed.reason).toBe("复核无变化");
      expect((await getCycle(store, MONTH)).stage).toBe("published");
    });
  });
});

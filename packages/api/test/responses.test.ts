/**
 * The units' side through the API, in process, on the seeded demo: a unit
 * user (唐山镇, HTZ01) sees a month once the center has opened it, reads and
 * writes their own unit's explanation, objections and corrections only — any
 * other unit's is refused (an objection of another unit as if it did not
 * exist); the center opens months, weighs and decides; the leader (只读)
 * reads everything and changes nothing; each one's inbox tells them what
 * waits. Bad input is refused in Chinese before anything is done.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createUser, importData, type SessionUser, scoreTrend } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createCaller, describeError } from "../src/index.ts";
import { CHINESE, openSeededApi, rejection, TEST_PASSWORD, type TestApi } from "./support.ts";

const MONTH = "2018-03";

let api: TestApi;
/** a unit user of 果里镇 (HTZ02), the other town */
let other: ReturnType<typeof createCaller>;

beforeAll(async () => {
  api = await openSeededApi();
  const user: SessionUser = await createUser(
    api.store,
    { username: "测试-unit2", displayName: "测试-unit2", role: "unit", unitCode: "HTZ02", password: TEST_PASSWORD },
    "测试准备",
  );
  other = createCaller({ store: api.store, user });
}, 120_000);
afterAll(() => api?.close());

/** A March order of the unit closed after its deadline, nothing excusing it: one the unit may ask to have excused. */
async function lateOrder(unit: string): Promise<string> {
  const rows = await api.store.prisma.order.findMany({
    where: {
      unit,
      delayExcused: false,
      extendedTo: null,
      receivedAt: { gte: Date.parse("2018-03-01T00:00:00+08:00"), lt: Date.parse("2018-04-01T00:00:00+08:00") },
    },
    orderBy: { id: "asc" },
  });
  const late = rows.find((o) => o.closedAt !== null && Number(o.closedAt) > Number(o.dueAt));
  if (!late) throw new Error(`the demo has no late March order of ${unit}: pick another`);
  return late.id;
}

/** Rows of everything a refused or read-only call must leave alone. */
async function counts() {
  const p = api.store.prisma;
  return {
    objections: await p.objection.count(),
    decided: await p.objection.count({ where: { status: { not: "open" } } }),
    explanations: await p.explanation.count(),
    acknowledged: await p.explanation.count({ where: { status: "acknowledged" } }),
    corrections: await p.correction.count(),
    attachments: await p.attachment.count(),
    cycles: await p.assessmentCycle.count(),
    publications: await p.publishedResult.count(),
  };
}

const ids = { own: 0, others: 0 };

/** The fields of an order an objection may ask to correct, as a refusal lists them. */
// each field by the name a call gives (returned) and its label (回退): the labels alone were not what a call accepts
const CORRECTABLE_ZH =
  "returned（回退）、returnAccepted（回退认可）、extendedTo（延期至）、delayExcused（超期说明已认可）、closedAt（办结时间）、visited（已回访）、processSatisfaction（过程满意度）、resultSatisfaction（结果满意度）、rebound（反弹）、redoCount（退回重办次数）";

describe("a month not yet opened to the units", () => {
  it("is closed to a unit user: no breakdown, no drill-down, no duties, not in the trend", async () => {
    const unit = api.as("unit");
    expect((await unit.cycle.get({ period: MONTH })).stage).toBe("closed");
    for (const call of [
      unit.scores.unitDetail({ period: MONTH, unitCode: "HTZ01" }),
      unit.scores.drilldown({ period: MONTH, unitCode: "HTZ01", measure: "超期件数" }),
      unit.explanations.duties({ period: MONTH }),
    ]) {
      const e = await rejection(call);
      expect([e.code, e.message]).toEqual(["FORBIDDEN", "2018年3月的考核结果尚未向各单位开放"]);
    }
    expect((await unit.scores.trend({ unitCode: "HTZ01", endMonth: MONTH, months: 6 })).points).toEqual([]);
    // the center sees it all the same
    expect((await api.as("admin").scores.unitDetail({ period: MONTH, unitCode: "HTZ01" })).unit.unit.code).toBe("HTZ01");
    expect((await api.as("admin").scores.trend({ unitCode: "HTZ01", endMonth: MONTH, months: 6 })).points.map((p) => p.month)).toEqual([
      "2017-10",
      "2017-11",
      "2017-12",
      "2018-01",
      "2018-02",
      "2018-03",
    ]);
  });

  it("a trend ending in months to come scores up to this month only (36 empty months of 2040 held the reader thread)", async () => {
    // on 15 March 2018: a trend to May lists March as its last month, April and May not scored
    const march = new Date("2018-03-15T10:00:00+08:00");
    const trend = await scoreTrend(api.store, { unitCode: "HTZ01", endMonth: "2018-05", months: 6 }, () => true, march);
    expect(trend.points.map((p) => p.month)).toEqual(["2017-12", "2018-01", "2018-02", "2018-03"]);
    // and only the months it may show: the others are not scored at all
    const asked: string[] = [];
    const shown = (month: string) => {
      asked.push(month);
      return month === "2018-02";
    };
    const only = await scoreTrend(api.store, { unitCode: "HTZ01", endMonth: "2018-03", months: 3 }, shown, march);
    expect([asked, only.points.map((p) => p.month)]).toEqual([["2018-01", "2018-02", "2018-03"], ["2018-02"]]);
  });

  it("takes no explanation and no objection", async () => {
    const before = await counts();
    const explanation = await rejection(api.as("unit").explanations.submit({ period: MONTH, text: "超期件系道路施工所致，已整改完毕。" }));
    expect([explanation.code, explanation.message]).toEqual(["CONFLICT", "2018年3月的考核结果尚未向各单位开放，暂不能提交书面说明"]);
    const objection = await rejection(api.as("unit").objections.raise({ period: MONTH, subject: "other", reason: "本月考核数据有误，请核查" }));
    expect(objection.code).toBe("CONFLICT");
    expect(await counts()).toEqual(before);
  });
});

describe("once the center opens it", () => {
  beforeAll(async () => {
    await api.as("admin").cycle.openPreview({ period: MONTH });
    // January published without a preview: the units see it too
    await api.as("admin").publication.publish({ period: "2018-01", replaces: null });
  });

  it("a unit user sees their breakdown and drill-down, and the trend lists the months opened or published only", async () => {
    const unit = api.as("unit");
    expect((await unit.cycle.get({ period: MONTH })).stage).toBe("preview");
    expect((await unit.scores.unitDetail({ period: MONTH, unitCode: "HTZ01" })).unit.unit.name).toBe("唐山镇");
    // 唐山镇 has three late orders in March
    const late = await unit.scores.drilldown({ period: MONTH, unitCode: "HTZ01", measure: "超期件数" });
    expect(late.total).toBe(3);
    expect(late.corrections).toEqual([]);
    expect((await unit.scores.trend({ unitCode: "HTZ01", endMonth: MONTH, months: 6 })).points.map((p) => p.month)).toEqual(["2018-01", "2018-03"]);
    expect((await unit.cycle.list()).map((c) => [c.period, c.stage])).toEqual([
      [MONTH, "preview"],
      ["2018-01", "published"],
    ]);
    // February stays closed
    expect((await rejection(unit.scores.unitDetail({ period: "2018-02", unitCode: "HTZ01" }))).code).toBe("FORBIDDEN");
    // another unit's stays another unit's
    expect((await rejection(unit.scores.unitDetail({ period: MONTH, unitCode: "HTZ02" }))).code).toBe("FORBIDDEN");
  });

  it("the unit's inbox says the month is open to it and an explanation is owed; the center's is empty yet", async () => {
    const mine = await api.as("unit").inbox.summary();
    expect(mine.items).toEqual([
      // March was opened: what to look at, and until when to object (January, published without a preview, is not news)
      expect.objectContaining({ kind: "opened", period: MONTH, link: `/units/HTZ01?period=${MONTH}` }),
      expect.objectContaining({ kind: "owed", period: MONTH, link: `/responses/${MONTH}` }),
    ]);
    expect(mine.items[0]?.title).toMatch(/^2018年3月考核结果已开放预览：请核对本单位的得分与名次；如有异议，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前提出$/);
    // the month as people write it, and the counts behind the duty (唐山镇's March: overdue orders)
    expect(mine.items[1]?.title).toMatch(/^2018年3月须提交书面说明（超期件数 \d+(、[^）]+)?），截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(mine.count).toBe(2);
    expect(mine.upTo.opened).toBe((await api.as("unit").cycle.get({ period: MONTH })).previewOpenedAt);
    expect(await api.as("admin").inbox.summary()).toMatchObject({ count: 0, items: [] });
  });

  it("duties: a unit user sees their own unit's only and is refused another's; the center and the leader see every owing unit, policy staff none", async () => {
    const { cycle, duties } = await api.as("unit").explanations.duties({ period: MONTH });
    expect(cycle.stage).toBe("preview");
    expect(duties.map((d) => [d.unit.code, d.state])).toEqual([["HTZ01", "owed"]]);
    // 唐山镇: 3 late orders, no rebound, no 应办未办 event
    expect(duties[0]?.reasons[0]?.because.map((b) => [b.measure, b.value])).toEqual([
      ["超期件数", 3],
      ["反弹件数", 0],
      ["应办未办事件", 0],
    ]);
    expect((await api.as("unit").explanations.duties({ period: MONTH, unitCode: "HTZ01" })).duties).toHaveLength(1);
    const refused = await rejection(api.as("unit").explanations.duties({ period: MONTH, unitCode: "HTZ02" }));
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", "没有权限：单位用户只能查看本单位的书面说明与异议"]);
    for (const role of ["admin", "viewer"] as const) {
      const all = (await api.as(role).explanations.duties({ period: MONTH })).duties.map((d) => d.unit.code);
      expect(all, role).toEqual(expect.arrayContaining(["HTZ01", "HTZ02"]));
      expect(all.length, role).toBeGreaterThan(2);
    }
    // policy staff write rubrics: what the units owe and wrote the center is not theirs to read
    expect((await rejection(api.as("editor").explanations.duties({ period: MONTH }))).code).toBe("FORBIDDEN");
  });

  it("a unit user submits their unit's explanation; nobody else can speak for a unit", async () => {
    const before = await counts();
    for (const role of ["sysadmin", "admin", "viewer", "editor"] as const) {
      const e = await rejection(api.as(role).explanations.submit({ period: MONTH, text: "代为提交的书面说明，共十余字。" }));
      expect(e.code, role).toBe("FORBIDDEN");
      expect(e.message, role).toMatch(/^没有权限：.*不能提交本单位的书面说明与异议$/);
    }
    expect(await counts()).toEqual(before);

    const submitted = await api.as("unit").explanations.submit({ period: MONTH, text: "三件超期系道路施工所致，已与施工方协调整改。" });
    expect(submitted).toMatchObject({ unitCode: "HTZ01", status: "submitted", submittedBy: "测试-unit", attachments: [] });
    const duty = (await api.as("unit").explanations.duties({ period: MONTH })).duties[0];
    expect(duty).toMatchObject({ state: "submitted", explanation: { id: submitted.id } });
    expect((await api.as("unit").explanations.list({ period: MONTH })).map((e) => e.unitCode)).toEqual(["HTZ01"]);
    expect((await rejection(api.as("unit").explanations.list({ period: MONTH, unitCode: "HTZ02" }))).code).toBe("FORBIDDEN");
    // the other town has not submitted: its user sees nothing of 唐山镇's
    expect(await other.explanations.list({ period: MONTH })).toEqual([]);
    expect((await api.as("viewer").explanations.list({ period: MONTH })).map((e) => e.id)).toContain(submitted.id);
  });

  it("objections: a unit user raises on their own order and sees only their own; another unit's is as if it did not exist", async () => {
    const own = await lateOrder("HTZ01");
    const theirs = await lateOrder("HTZ02");
    const mine = await api.as("unit").objections.raise({
      period: MONTH,
      subject: "orders",
      changes: [{ record: "orders", recordId: own, field: "delayExcused", to: true }],
      reason: "该件延期已报县中心同意",
    });
    ids.own = mine.id;
    expect(mine).toMatchObject({ unitCode: "HTZ01", unitName: "唐山镇", status: "open", raisedBy: "测试-unit" });
    // a unit user cannot object to another unit's order: refused in the words for a missing order
    const before = await counts();
    const e = await rejection(
      api.as("unit").objections.raise({
        period: MONTH,
        subject: "orders",
        changes: [{ record: "orders", recordId: theirs, field: "delayExcused", to: true }],
        reason: "该件延期已报县中心同意",
      }),
    );
    expect([e.code, e.message]).toEqual(["BAD_REQUEST", `本单位没有编号为“${theirs}”的工单：只能对本单位的工单提出异议`]);
    expect(await counts()).toEqual(before);

    const others = await other.objections.raise({
      period: MONTH,
      subject: "orders",
      changes: [{ record: "orders", recordId: theirs, field: "delayExcused", to: true }],
      reason: "该件系恶劣天气延误",
    });
    ids.others = others.id;

    const unit = api.as("unit");
    expect((await unit.objections.list({ period: MONTH })).map((o) => o.id)).toEqual([mine.id]);
    expect((await unit.objections.list()).map((o) => o.id)).toEqual([mine.id]);
    expect((await unit.objections.get({ id: mine.id })).id).toBe(mine.id);
    const hidden = await rejection(unit.objections.get({ id: others.id }));
    const missing = await rejection(unit.objections.get({ id: 999_999 }));
    expect([hidden.code, hidden.message]).toEqual(["NOT_FOUND", `没有编号为 ${others.id} 的异议`]);
    expect(hidden.message.replace(String(others.id), "999999")).toBe(missing.message);
    expect((await rejection(unit.objections.list({ unitCode: "HTZ02" }))).code).toBe("FORBIDDEN");
    expect((await other.objections.list()).map((o) => o.id)).toEqual([others.id]);
    // the center and the leader see both
    for (const role of ["admin", "viewer"] as const) {
      expect(
        (await api.as(role).objections.list({ period: MONTH })).map((o) => o.id),
        role,
      ).toEqual([others.id, mine.id]);
      expect((await api.as(role).objections.get({ id: others.id })).unitCode).toBe("HTZ02");
    }
  });

  it("the center's inbox lists the open objections and the explanation to read", async () => {
    const inbox = await api.as("admin").inbox.summary();
    expect(inbox.items.map((i) => [i.kind, i.title])).toEqual([
      ["objection", `唐山镇 对2018年3月的结果提出异议 #${ids.own}，待处理`],
      ["objection", `果里镇 对2018年3月的结果提出异议 #${ids.others}，待处理`],
      ["explanation", "唐山镇 提交了2018年3月的书面说明，待阅"],
    ]);
    expect(inbox.count).toBe(3);
    // each opens its own drawer on the review page (the page alone left the reader to find it)
    expect(inbox.items.map((i) => i.link)).toEqual([
      `/review/2018-03?objection=${ids.own}`,
      `/review/2018-03?objection=${ids.others}`,
      "/review/2018-03?explanation=HTZ01",
    ]);
    // a unit user's inbox holds nothing of the center's (the month's opening, not yet seen, is its own)
    expect((await api.as("unit").inbox.summary()).items.map((i) => i.kind)).toEqual(["opened"]);
  });

  it("the leader reads everything and changes nothing", async () => {
    const viewer = api.as("viewer");
    const before = await counts();
    const explanation = (await viewer.explanations.list({ period: MONTH }))[0];
    for (const call of [
      () => viewer.objections.decide({ id: ids.own, accept: true, decision: "同意" }),
      () => viewer.objections.effect({ id: ids.own }),
      () => viewer.explanations.acknowledge({ id: explanation?.id as number }),
      () => viewer.objections.raise({ period: MONTH, subject: "other", reason: "代为提出的异议" }),
      () => viewer.cycle.openPreview({ period: "2018-02" }),
      () => viewer.cycle.setDeadlines({ period: MONTH, objectionDeadline: "2030-01-01" }),
      () => viewer.cycle.startNotice({ period: MONTH, until: "2030-01-01" }),
      () => viewer.inbox.markSeen({}),
    ]) {
      const e = await rejection(call());
      expect(e.code).toBe("FORBIDDEN");
      expect(e.message).toMatch(/^没有权限：只读用户不能/);
    }
    expect(await counts()).toEqual(before);
    expect((await viewer.corrections.list()).length).toBe(0);
    expect((await viewer.cycle.get({ period: MONTH })).stage).toBe("preview");
  });

  it("the center weighs and decides; the unit sees the decision in its inbox until marked seen, and only its own corrections", async () => {
    const admin = api.as("admin");
    const effect = await admin.objections.effect({ id: ids.own });
    // one late order of three excused: 按期办结 20 × (1 − 3/n) → 20 × (1 − 2/n), n the unit's March orders
    const n = (await admin.scores.drilldown({ period: MONTH, unitCode: "HTZ01", measure: "工单数" })).total;
    const round2 = (x: number) => Math.round(x * 100) / 100;
    expect(effect.unit?.unit.code).toBe("HTZ01");
    expect(effect.unit?.items.find((i) => i.code === "按期办结")).toMatchObject({ a: round2(20 * (1 - 3 / n)), b: round2(20 * (1 - 2 / n)) });
    expect(effect.unit?.delta).toBeGreaterThan(0);
    // the what-if changed nothing
    expect((await admin.scores.drilldown({ period: MONTH, unitCode: "HTZ01", measure: "超期件数" })).total).toBe(3);
    await admin.objections.decide({ id: ids.own, accept: true, decision: "已核实县中心同意延期" });
    await admin.objections.decide({ id: ids.others, accept: true, decision: "气象证明属实" });

    const mine = await api.as("unit").corrections.list();
    expect(mine.map((c) => [c.unitCode, c.objectionId, c.field, c.from, c.to])).toEqual([["HTZ01", ids.own, "delayExcused", false, true]]);
    expect((await api.as("unit").corrections.list({ objectionId: ids.others })).length).toBe(0);
    expect((await rejection(api.as("unit").corrections.list({ unitCode: "HTZ02" }))).code).toBe("FORBIDDEN");
    expect((await api.as("viewer").corrections.list()).map((c) => c.unitCode).sort()).toEqual(["HTZ01", "HTZ02"]);
    // the drill-down now shows two late orders, and the correction of the one excused on the page of all orders
    expect((await api.as("unit").scores.drilldown({ period: MONTH, unitCode: "HTZ01", measure: "超期件数" })).total).toBe(2);
    const all = await api.as("unit").scores.drilldown({ period: MONTH, unitCode: "HTZ01", measure: "工单数", pageSize: 500 });
    expect(all.corrections.map((c) => c.objectionId)).toEqual([ids.own]);

    const explanation = (await admin.explanations.list({ period: MONTH, unitCode: "HTZ01" }))[0];
    await admin.explanations.acknowledge({ id: explanation?.id as number, response: "已阅" });

    const inbox = await api.as("unit").inbox.summary();
    expect(inbox.items.map((i) => [i.kind, i.title])).toEqual([
      ["decision", `异议 #${ids.own}（2018年3月）已采纳：已核实县中心同意延期`],
      // the center by its name as set (the demo's), as the header and the bulletin name it
      ["acknowledged", "2018年3月的书面说明已由桓台县民生热线服务中心阅知：已阅"],
      ["opened", expect.stringMatching(/^2018年3月考核结果已开放预览：/)],
    ]);
    // 果里镇's decision is its own user's news, not 唐山镇's
    expect((await other.inbox.summary()).items.map((i) => i.kind)).toContain("decision");
    await api.as("unit").inbox.markSeen({});
    expect((await api.as("unit").inbox.summary()).items).toEqual([]);
    expect((await other.inbox.summary()).items.map((i) => i.kind)).toContain("decision");
    expect((await api.as("unit").objections.get({ id: ids.own })).decisionSeenAt).not.toBeNull();
    // nothing left for the center either
    expect((await admin.inbox.summary()).count).toBe(0);
  });

  it("events imported into the open month are news to their unit until it opens the inbox; a month not open is not told", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kaohe-inbox-events-"));
    const file = join(dir, "events.csv");
    writeFileSync(
      file,
      [
        "事件编号,单位,日期,事件类型,次数,说明",
        "INBOX-1,HTZ01,2018-03-20,推诿扯皮,1,经查证属实",
        "INBOX-2,HTZ01,2018-03-22,行政不作为,2,经查证属实",
        // February is not open to the units: not told
        "INBOX-3,HTZ01,2018-02-10,行政不作为,1,经查证属实",
        "INBOX-4,HTZ02,2018-03-21,推诿扯皮,1,经查证属实",
        // a type the rubric does not declare scores nothing: not told
        "INBOX-5,HTZ01,2018-03-23,未定义的类型,1,",
      ].join("\n"),
    );
    try {
      expect((await importData(api.store, [{ path: file, kind: "events" }], { actor: "测试准备" })).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const told = (await api.as("unit").inbox.summary()).items.filter((i) => i.kind === "event");
    expect(told).toEqual([expect.objectContaining({ period: MONTH, link: `/units/HTZ01?period=${MONTH}` })]);
    expect(told[0]?.title).toMatch(
      /^2018年3月有新导入的考核事件：推诿扯皮 1 次、行政不作为 2 次，本月得分已随之计算；如有异议，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前提出$/,
    );
    // news: the badge counts it until the list is opened
    expect((await api.as("unit").inbox.summary()).count).toBe(1);
    // 果里镇 is told of its own event only
    expect((await other.inbox.summary()).items.filter((i) => i.kind === "event").map((i) => i.title)).toEqual([
      expect.stringMatching(/^2018年3月有新导入的考核事件：推诿扯皮 1 次，/),
    ]);
    await api.as("unit").inbox.markSeen({});
    expect((await api.as("unit").inbox.summary()).items).toEqual([]);
    expect((await other.inbox.summary()).items.map((i) => i.kind)).toContain("event");
    // a correction imported later (INBOX-2's count 2 → 1) is told again, as what that import brought
    const again = join(mkdtempSync(join(tmpdir(), "kaohe-inbox-events-")), "events.csv");
    writeFileSync(again, ["事件编号,单位,日期,事件类型,次数,说明", "INBOX-2,HTZ01,2018-03-22,行政不作为,1,经查证属实"].join("\n"));
    expect((await importData(api.store, [{ path: again, kind: "events" }], { actor: "测试准备" })).ok).toBe(true);
    expect((await api.as("unit").inbox.summary()).items.map((i) => i.title)).toEqual([
      expect.stringMatching(/^2018年3月有新导入的考核事件：行政不作为 1 次，/),
    ]);
    // the center is not told of what it imported
    expect((await api.as("admin").inbox.summary()).items.map((i) => i.kind)).not.toContain("event");
  });

  it("marking the list seen marks what it showed: events imported after it was read are still news (a bell opened before its list loaded marked all)", async () => {
    await api.as("unit").inbox.markSeen({});
    const shown = await api.as("unit").inbox.summary();
    expect(shown.items.filter((i) => i.kind === "event")).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), "kaohe-inbox-events-"));
    const file = join(dir, "events.csv");
    writeFileSync(file, ["事件编号,单位,日期,事件类型,次数,说明", "INBOX-9,HTZ01,2018-03-24,推诿扯皮,1,经查证属实"].join("\n"));
    try {
      expect((await importData(api.store, [{ path: file, kind: "events" }], { actor: "测试准备" })).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // the list read before the import is marked seen: the import is not among what it showed
    await api.as("unit").inbox.markSeen({ upTo: shown.upTo });
    expect((await api.as("unit").inbox.summary()).items.filter((i) => i.kind === "event").map((i) => i.title)).toEqual([
      expect.stringMatching(/^2018年3月有新导入的考核事件：推诿扯皮 1 次，/),
    ]);
    // the list that showed it, marked seen: gone; an earlier list marked again does not bring it back
    await api.as("unit").inbox.markSeen({ upTo: (await api.as("unit").inbox.summary()).upTo });
    await api.as("unit").inbox.markSeen({ upTo: shown.upTo });
    expect((await api.as("unit").inbox.summary()).items.filter((i) => i.kind === "event")).toEqual([]);
    expect((await rejection(api.as("unit").inbox.markSeen({ upTo: { batch: -1, objections: [], explanations: [] } }))).code).toBe("BAD_REQUEST");
    // ids by the thousand are no inbox's: refused saying so (100,000 of them were a 500 and held the writer for seconds)
    const many = Array.from({ length: 1001 }, (_, i) => i + 1);
    const flood = await rejection(api.as("unit").inbox.markSeen({ upTo: { batch: 0, objections: many, explanations: [] } }));
    expect([flood.code, flood.message]).toEqual(["BAD_REQUEST", expect.stringContaining("upTo.objections 最多 1000 个")]);
    // a decision made while the list was open is not among what it showed: still news after it is marked seen
    const raised = await api.as("unit").objections.raise({ period: MONTH, subject: "other", reason: "本月考核数据有误，请核实" });
    const before = await api.as("unit").inbox.summary();
    await api.caller.objections.decide({ id: raised.id, accept: false, decision: "经核实，数据无误" });
    await api.as("unit").inbox.markSeen({ upTo: before.upTo });
    expect((await api.as("unit").inbox.summary()).items.filter((i) => i.kind === "decision").map((i) => i.title)).toEqual([
      `异议 #${raised.id}（2018年3月）不予采纳：经核实，数据无误`,
    ]);
  });
  it("a month opened is told its units once; opened again, told again; a time to come sent as seen silences nothing to come", async () => {
    const unit = api.as("unit");
    const opened = (items: { kind: string; period: string }[]) => items.filter((i) => i.kind === "opened").map((i) => i.period);
    await unit.inbox.markSeen({});
    expect(opened((await unit.inbox.summary()).items)).toEqual([]);
    // a client that says it saw an opening in 2099 has seen what is open now, not what opens later
    await unit.inbox.markSeen({ upTo: { batch: 0, objections: [], explanations: [], opened: "2099-01-01T00:00:00.000Z" } });
    await api.as("admin").cycle.openPreview({ period: "2018-02" });
    const told = await unit.inbox.summary();
    expect(opened(told.items)).toEqual(["2018-02"]);
    expect(told.items.find((i) => i.kind === "opened")?.link).toBe("/units/HTZ01?period=2018-02");
    // every unit is told, each of its own unit (果里镇's user has not opened its list since March was opened either)
    const others = (await other.inbox.summary()).items.filter((i) => i.kind === "opened");
    expect(others.map((i) => [i.period, i.link])).toEqual([
      [MONTH, `/units/HTZ02?period=${MONTH}`],
      ["2018-02", "/units/HTZ02?period=2018-02"],
    ]);
    await unit.inbox.markSeen({ upTo: told.upTo });
    expect(opened((await unit.inbox.summary()).items)).toEqual([]);
    expect(opened((await other.inbox.summary()).items)).toEqual([MONTH, "2018-02"]);
    // taken back and opened again (a new deadline): news again
    await api.as("admin").cycle.withdrawPreview({ period: "2018-02", reason: "开放有误" });
    expect(opened((await other.inbox.summary()).items)).toEqual([MONTH]);
    await api.as("admin").cycle.openPreview({ period: "2018-02" });
    expect(opened((await unit.inbox.summary()).items)).toEqual(["2018-02"]);
    // the center is told nothing of what it opened
    expect(opened((await api.as("admin").inbox.summary()).items)).toEqual([]);
    // two tabs marking their lists at once, one read before February was opened again and one after: the later mark
    // stands whichever is written last (read, then written, the earlier set it back and the opening was told again)
    const late = await unit.inbox.summary();
    await api.as("admin").cycle.withdrawPreview({ period: "2018-02", reason: "再测一次" });
    const early = await unit.inbox.summary();
    await api.as("admin").cycle.openPreview({ period: "2018-02" });
    const latest = await unit.inbox.summary();
    expect([opened(early.items), opened(late.items), opened(latest.items)]).toEqual([[], ["2018-02"], ["2018-02"]]);
    await Promise.all([unit.inbox.markSeen({ upTo: latest.upTo }), unit.inbox.markSeen({ upTo: early.upTo }), unit.inbox.markSeen({ upTo: late.upTo })]);
    expect(opened((await unit.inbox.summary()).items)).toEqual([]);
    await api.as("admin").cycle.withdrawPreview({ period: "2018-02", reason: "测试结束" });
    // a unit assessed from March on is not told of February's opening: not its month to check (果里镇 is)
    await api.store.prisma.unit.update({ where: { code: "HTZ01" }, data: { fromMonth: "2018-03" } });
    await api.as("admin").cycle.openPreview({ period: "2018-02" });
    expect(opened((await unit.inbox.summary()).items)).toEqual([]);
    expect(opened((await other.inbox.summary()).items)).toContain("2018-02");
    await api.store.prisma.unit.update({ where: { code: "HTZ01" }, data: { fromMonth: null } });
    await api.as("admin").cycle.withdrawPreview({ period: "2018-02", reason: "测试结束" });
    expect((await rejection(unit.inbox.markSeen({ upTo: { batch: 0, objections: [], explanations: [], opened: "昨天" } }))).message).toContain(
      "upTo.opened 应为开放时间（ISO 8601）",
    );
  });
});

describe("input refused in Chinese before anything is done", () => {
  it("a bad month, too many attachments, an attachment token of the wrong form", async () => {
    const unit = api.as("unit");
    const before = await counts();
    const month = await rejection(unit.explanations.submit({ period: "2018-13", text: "书面说明正文，共计十余字。" }));
    expect(month.code).toBe("BAD_REQUEST");
    expect(month.message).toBe("输入有误：考核期：考核月份应写成 YYYY-MM（如 2017-10），而不是“2018-13”");
    const uuid = (i: number) => `00000000-0000-4000-8000-00000000000${i}`;
    const many = await rejection(unit.explanations.submit({ period: MONTH, text: "书面说明正文，共计十余字。", attachments: [1, 2, 3, 4, 5, 6].map(uuid) }));
    expect(many.message).toBe("输入有误：附件最多 5 个");
    const token = await rejection(unit.objections.raise({ period: MONTH, subject: "other", reason: "本月考核数据有误", attachments: ["../../etc/passwd"] }));
    expect(token.message).toBe("输入有误：附件第 1 项：附件编号无效：请重新上传附件");
    const kind = await rejection(
      unit.objections.raise({
        period: MONTH,
        subject: "orders",
        changes: [{ record: "units" as "orders", recordId: "x", field: "name", to: "x" }],
        reason: "本月考核数据有误",
      }),
    );
    expect(kind.message).toBe("输入有误：更正第 1 项的更正对象：更正对象应为工单（orders）或考核事件（events）");
    const deadline = await rejection(api.as("admin").cycle.setDeadlines({ period: MONTH, objectionDeadline: "2018/04/01" }));
    expect(deadline.message).toBe("输入有误：异议截止日期：日期应写成 2018-12-10，而不是“2018/04/01”");
    // a day that does not exist, in the right shape
    const noSuchDay = await rejection(api.as("admin").cycle.setDeadlines({ period: MONTH, explanationDeadline: "2018-02-30" }));
    expect(noSuchDay.message).toBe("输入有误：书面说明截止日期：日期应写成 2018-12-10，而不是“2018-02-30”");
    for (const e of [month, many, token, kind, deadline, noSuchDay]) expect(e.message).toMatch(CHINESE);
    expect(await counts()).toEqual(before);
  });

  it("names the field in Chinese: a missing display name or period, a correction's value; a field it does not know by its path", async () => {
    const admin = api.as("sysadmin");
    const before = await counts();
    const noName = await rejection(admin.users.create({ username: "zhangsan", role: "admin", password: TEST_PASSWORD } as never));
    expect(noName.code).toBe("BAD_REQUEST");
    // the field that is missing, said plainly (zod's own words had been 无效输入：期望 string，实际接收 undefined)
    expect(noName.message).toBe("输入有误：显示名：必须填写");
    const noPeriod = await rejection(admin.publication.current({} as never));
    expect(noPeriod.message).toBe("输入有误：考核期：必须填写");
    const wrongKind = await rejection(admin.users.setDisabled({ id: 1, disabled: "是" } as never));
    expect(wrongKind.message).toBe("输入有误：停用：应为是或否");
    const noUnit = await rejection(admin.scores.unitDetail({ period: MONTH } as never));
    expect(noUnit.message).toBe("输入有误：单位编码：必须填写");
    const value = await rejection(
      api.as("unit").objections.raise({
        period: MONTH,
        subject: "orders",
        changes: [
          { record: "orders", recordId: "x", field: "closedAt", to: "2018-10-01" },
          { record: "orders", recordId: "x", field: "closedAt", to: "很长".repeat(20) },
        ],
        reason: "本月考核数据有误",
      }),
    );
    expect(value.message).toBe("输入有误：更正第 2 项的更正值：更正值过长");
    for (const e of [noName, noPeriod, wrongKind, noUnit, value])
      expect(e.message).not.toMatch(/displayName|period|unitCode|disabled|changes|\bto\b|string|undefined/);
    expect(await counts()).toEqual(before);
    // a field no procedure takes today: its path, as before
    const unknown = new z.ZodError([{ code: "custom", path: ["mystery", 0, "field"], message: "无效", input: undefined }]);
    expect(describeError(unknown).zh).toBe("输入有误：mystery[0].field：无效");
  });
});

describe("a field every object has is no correctable field", () => {
  beforeAll(async () => {
    // run alone (-t), the month is not open yet
    if ((await api.caller.cycle.get({ period: MONTH })).stage === "closed") await api.as("admin").cycle.openPreview({ period: MONTH });
  });

  it("constructor, __proto__, toString … are refused when the objection is raised, like any field that cannot be corrected", async () => {
    const unit = api.as("unit");
    const own = await lateOrder("HTZ01");
    const before = await counts();
    for (const field of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      const e = await rejection(
        unit.objections.raise({
          period: MONTH,
          subject: "orders",
          changes: [{ record: "orders", recordId: own, field, to: 1 }],
          reason: `工单的 ${field} 有误`,
        }),
      );
      expect([e.code, e.message], field).toEqual(["BAD_REQUEST", `工单 ${own}：字段“${field}”不能更正（可更正：${CORRECTABLE_ZH}）`]);
    }
    expect(await counts()).toEqual(before);
  });

  it("one stored before that check is refused as bad input when the center weighs or decides it, not a server error, and nothing is written", async () => {
    const own = await lateOrder("HTZ01");
    const row = await api.store.prisma.objection.create({
      data: {
        period: MONTH,
        unitCode: "HTZ01",
        subject: "orders",
        proposed: [{ record: "orders", recordId: own, field: "constructor", to: 1 }],
        reason: "旧版本存下的异议",
        status: "open",
        raisedBy: "测试-unit",
      },
    });
    const admin = api.as("admin");
    expect((await admin.objections.get({ id: row.id })).proposed[0]).toMatchObject({ field: "constructor", fieldLabel: "constructor" });
    const before = await counts();
    for (const call of [() => admin.objections.effect({ id: row.id }), () => admin.objections.decide({ id: row.id, accept: true, decision: "同意更正" })]) {
      const e = await rejection(call());
      expect([e.code, e.message]).toEqual(["BAD_REQUEST", `工单 ${own}：字段“constructor”不能更正（可更正：${CORRECTABLE_ZH}）`]);
    }
    expect(await counts()).toEqual(before);
    // rejected, it leaves the data alone
    expect((await admin.objections.decide({ id: row.id, accept: false, decision: "该字段不能更正" })).status).toBe("rejected");
  });
});

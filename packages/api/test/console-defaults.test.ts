/**
 * What the console opens with and asks before it acts: the center's name
 * (set by a 系统管理员, audited), the latest month with data, what publishing
 * a draft would change month by month, why a comparison finds no difference,
 * and the points an event type carries in a drill-down.
 */
import { DEMO_CENTER_NAME } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, openSeededApi, rejection, type TestApi, variantOf2017 } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
});
afterAll(() => api?.close());

/** The start of a Beijing month, epoch ms. */
const monthStart = (month: string) => Date.parse(`${month}-01T00:00:00+08:00`);
const nextMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
};

describe("the center's name", () => {
  it("is the demo's after seeding, and everyone signed in reads it", async () => {
    for (const role of ["sysadmin", "admin", "editor", "unit", "viewer"] as const) {
      expect(await api.as(role).settings.get()).toEqual({ centerName: DEMO_CENTER_NAME, bulletinTitle: "投诉动态" });
    }
    expect((await rejection(api.as(null).settings.get())).code).toBe("UNAUTHORIZED");
  });

  it("is set by a 系统管理员 only, trimmed, and every change is audited with what it was", async () => {
    expect(await api.caller.settings.setCenterName({ name: "  淄博市桓台县  民生热线服务中心 " })).toEqual({ centerName: "淄博市桓台县 民生热线服务中心" });
    expect((await api.as("viewer").settings.get()).centerName).toBe("淄博市桓台县 民生热线服务中心");
    const entry = await api.store.prisma.auditLog.findFirst({ where: { action: "settings.centerName" }, orderBy: { id: "desc" } });
    expect(entry?.actor).toBe(ACTOR);
    expect(entry?.detail).toEqual({ from: DEMO_CENTER_NAME, to: "淄博市桓台县 民生热线服务中心" });
    for (const role of ["admin", "editor", "unit", "viewer"] as const) {
      const e = await rejection(api.as(role).settings.setCenterName({ name: "别的名称" }));
      expect([e.code, e.message]).toEqual(["FORBIDDEN", expect.stringMatching(/^没有权限/)]);
    }
    expect((await api.caller.settings.get()).centerName).toBe("淄博市桓台县 民生热线服务中心");
    await api.caller.settings.setCenterName({ name: DEMO_CENTER_NAME });
  });

  it("refuses an empty name, a name too long and one with invisible characters, in Chinese", async () => {
    expect((await rejection(api.caller.settings.setCenterName({ name: "   " }))).message).toContain("请填写中心名称");
    expect((await rejection(api.caller.settings.setCenterName({ name: "中".repeat(61) }))).message).toContain("60 字以内");
    expect((await rejection(api.caller.settings.setCenterName({ name: "桓台\u200b中心" }))).message).toContain("零宽字符");
    expect((await api.caller.settings.get()).centerName).toBe(DEMO_CENTER_NAME);
  });
});

describe("the latest month with data", () => {
  it("is the month of the latest order received (the demo runs to 2018-12), with the first (its first order, 1 September 2017 03:39 Beijing time)", async () => {
    expect(await api.as("unit").units.latestMonth()).toEqual({ month: "2018-12", first: "2017-09" });
  });
});

describe("what publishing a draft would change", () => {
  it("lists each month from its first month in force to the latest with data, the version it replaces, the units that change, and what is published", async () => {
    await api.caller.publication.publish({ period: "2018-10", replaces: null });
    const text = await variantOf2017(api, "影响-1", (t) =>
      t.replace("in force from 2017-09", "in force from 2018-09").replace("deduct per 行政不作为\n", "deduct 30 per 行政不作为\n"),
    );
    const draft = await api.caller.rubrics.createDraft({ text });
    const impact = await api.caller.rubrics.publishImpact({ id: draft.id });
    expect(impact.from).toBe("2018-09");
    expect(impact.latestMonth).toBe("2018-12");
    expect(impact.months.map((m) => m.month)).toEqual(["2018-09", "2018-10", "2018-11", "2018-12"]);
    expect(new Set(impact.months.map((m) => m.replaces?.version))).toEqual(new Set(["2017"]));
    expect(impact.months.map((m) => m.published !== null)).toEqual([false, true, false, false]);
    // the months with verified 行政不作为 change; a month without any changes no unit
    for (const m of impact.months) {
      const events = await api.store.prisma.event.count({
        where: { type: "行政不作为", date: { gte: monthStart(m.month), lt: monthStart(nextMonth(m.month)) } },
      });
      if (events === 0) expect(m.changedUnits, m.month).toBe(0);
      else expect(m.changedUnits, m.month).toBeGreaterThan(0);
      expect(m.units).toBe(40);
    }
    expect(impact.months.some((m) => m.changedUnits > 0)).toBe(true);
    // asking changes nothing
    expect((await api.caller.rubrics.get({ id: draft.id })).status).toBe("draft");
  });

  it("names the years whose year-end result changes though none of their months does (a year-end weight changed)", async () => {
    const text = await variantOf2017(api, "影响-年度", (t) =>
      t.replace("in force from 2017-09", "in force from 2018-09").replace("= 20% × 综合管理", "= 10% × 综合管理"),
    );
    const impact = await api.caller.rubrics.publishImpact({ id: (await api.caller.rubrics.createDraft({ text })).id });
    // the months score alike; a walk published such a version told that nothing changed, and every unit's year did
    expect(impact.months.map((m) => m.changedUnits)).toEqual([0, 0, 0, 0]);
    expect(impact.years.map((y) => [y.year, y.units, y.published])).toEqual([["2018", 40, null]]);
    // every unit with a 综合管理 score above 0 loses a tenth of it: all of them in the demo
    expect(impact.years[0]?.changedUnits).toBeGreaterThan(30);
    // the same method in force from 2018-12 changes no month, but would score 2018's year (in force in its December),
    // averaging the one month it is in force for: every unit's year changes, and the dialog says so
    const december = await variantOf2017(api, "影响-年度-12", (t) => t.replace("in force from 2017-09", "in force from 2018-12"));
    const lateStart = await api.caller.rubrics.publishImpact({ id: (await api.caller.rubrics.createDraft({ text: december })).id });
    expect(lateStart.months.map((m) => [m.month, m.changedUnits])).toEqual([["2018-12", 0]]);
    expect(lateStart.years.map((y) => [y.year, y.changedUnits])).toEqual([["2018", 40]]);
  });

  it("names the stored event types the draft would leave unscored: a draft that renamed 行政不作为 scores none of them", async () => {
    const text = await variantOf2017(api, "影响-改名", (t) =>
      t.replace("in force from 2017-09", "in force from 2018-09").replaceAll("行政不作为", "查实行政不作为"),
    );
    const impact = await api.caller.rubrics.publishImpact({ id: (await api.caller.rubrics.createDraft({ text })).id });
    // counted here by calendar month, as an import's warnings count them
    const months: string[] = [];
    let count = 0;
    for (const m of ["2018-09", "2018-10", "2018-11", "2018-12"]) {
      const n = await api.store.prisma.event.count({ where: { type: "行政不作为", date: { gte: monthStart(m), lt: monthStart(nextMonth(m)) } } });
      if (n > 0) months.push(m);
      count += n;
    }
    expect(count).toBeGreaterThan(0);
    expect(impact.unscoredEvents.find((u) => u.type === "行政不作为")).toEqual({ type: "行政不作为", count, months });
    // the same draft without the rename leaves none of them (nor any type the version in force scores) unscored
    const same = await variantOf2017(api, "影响-未改名", (t) => t.replace("in force from 2017-09", "in force from 2018-09"));
    const unchanged = await api.caller.rubrics.publishImpact({ id: (await api.caller.rubrics.createDraft({ text: same })).id });
    expect(unchanged.unscoredEvents.map((u) => u.type)).not.toContain("行政不作为");
    expect(unchanged.unscoredEvents.length).toBe(impact.unscoredEvents.length - 1);
  });

  it("says when the draft starts after the data, and leaves to a later version the months it keeps", async () => {
    const future = await api.caller.rubrics.createDraft({
      text: await variantOf2017(api, "影响-2", (t) => t.replace("in force from 2017-09", "in force from 2031-01")),
    });
    const impact = await api.caller.rubrics.publishImpact({ id: future.id });
    expect(impact.months).toEqual([]);
    expect(impact.latestMonth).toBe("2018-12");
    const later = await api.caller.rubrics.createDraft({
      text: await variantOf2017(api, "影响-3", (t) => t.replace("in force from 2017-09", "in force from 2018-11")),
    });
    await api.caller.rubrics.publish({ id: later.id, contentHash: later.contentHash });
    const earlier = await api.caller.rubrics.createDraft({
      text: await variantOf2017(api, "影响-4", (t) => t.replace("in force from 2017-09", "in force from 2018-10")),
    });
    const e = await api.caller.rubrics.publishImpact({ id: earlier.id });
    expect(e.months.map((m) => m.month)).toEqual(["2018-10"]);
    expect(e.keptByLater.map((k) => [k.month, k.version.version])).toEqual([
      ["2018-11", "影响-3"],
      ["2018-12", "影响-3"],
    ]);
    await api.caller.rubrics.withdraw({ id: later.id, reason: "测试：撤回" });
  });
});

describe("a comparison that finds no difference", () => {
  it("says so and why: the period has none of the events the versions differ on", async () => {
    // an event type of 十个新突破 and a month of the demo without any of it
    const types = ["不作为情节严重", "弄虚作假", "行政乱作为", "上班时间娱乐", "推诿扯皮", "服务电话重复投诉", "行政不作为"];
    let found: { type: string; month: string } | null = null;
    for (let month = "2017-09"; month <= "2018-12" && !found; month = nextMonth(month)) {
      for (const type of types) {
        const n = await api.store.prisma.event.count({ where: { type, date: { gte: monthStart(month), lt: monthStart(nextMonth(month)) } } });
        if (n === 0) {
          found = { type, month };
          break;
        }
      }
    }
    if (!found) throw new Error("every month of the demo has every type: choose another");
    const { type, month } = found;
    const draft = await api.caller.rubrics.createDraft({
      text: await variantOf2017(api, "对比-无差别", (t) => t.replace(`deduct per ${type}\n`, `deduct 30 per ${type}\n`)),
    });
    const inForce = await api.caller.rubrics.inForce({ period: month });
    const same = await api.caller.scores.compare({ a: inForce.id, b: draft.id, period: month });
    expect(same.units.every((u) => u.delta === 0 && u.rankA === u.rankB)).toBe(true);
    expect(same.sameBecause?.[0]).toBe(`该期无 ${type} 事件`);
    expect(same.sameBecause?.at(-1)).toContain("“十个新突破——全面从严治党要有新突破”考核");

    // a month with such events: the comparison differs, and no reason is given
    const withEvents = await api.store.prisma.event.findFirst({ where: { type: "行政不作为" } });
    if (!withEvents) throw new Error("the demo has no 行政不作为");
    const other = await api.caller.rubrics.createDraft({
      text: await variantOf2017(api, "对比-有差别", (t) => t.replace("deduct per 行政不作为\n", "deduct 30 per 行政不作为\n")),
    });
    const busy = new Date(withEvents.date + 8 * 3600_000).toISOString().slice(0, 7);
    const differs = await api.caller.scores.compare({ a: inForce.id, b: other.id, period: busy });
    expect(differs.sameBecause).toBeNull();

    // only the header differs
    const renamed = await api.caller.rubrics.createDraft({ text: await variantOf2017(api, "对比-同文", (t) => t.replace("# 三、考核对象", "# 考核对象")) });
    const header = await api.caller.scores.compare({ a: inForce.id, b: renamed.id, period: month });
    expect(header.sameBecause).toEqual(["两个版本的计分规则相同：只有文件头（名称、版本、施行期）或注释不同"]);
  });
});

describe("a drill-down into events", () => {
  it("gives each event the points its type carries (the record's own 分值 for `points recorded`)", async () => {
    const e = await api.store.prisma.event.findFirst({ where: { type: "行政不作为" } });
    if (!e) throw new Error("the demo has no 行政不作为");
    const period = new Date(e.date + 8 * 3600_000).toISOString().slice(0, 7);
    const page = await api.caller.scores.drilldown({ period, unitCode: e.unit, measure: "#次数:行政不作为", pageSize: 100 });
    expect(page.record).toBe("events");
    const row = page.rows.find((r) => r.id === e.id);
    expect(row && "typePoints" in row && row.typePoints).toBe(5);
    const recorded = await api.store.prisma.event.findFirst({ where: { type: "其他效能问题" } });
    if (recorded) {
      const p = new Date(recorded.date + 8 * 3600_000).toISOString().slice(0, 7);
      const r = (await api.caller.scores.drilldown({ period: p, unitCode: recorded.unit, measure: "#次数:其他效能问题", pageSize: 100 })).rows.find(
        (x) => x.id === recorded.id,
      );
      expect(r && "typePoints" in r && r.typePoints).toBeNull();
    }
  });
});

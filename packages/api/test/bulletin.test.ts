/**
 * 《投诉动态》 as data: the part the center writes is kept with the month and audited; the rest is the month's
 * result — categories in the stored order, last month's ranks, the units owing an explanation, the month's events.
 */
import { eventFromRow } from "@kaohe/db";
import { publishPeriod } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededApi, rejection, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
  await publishPeriod(api.store, "2018-02", { actor: "测试" });
}, 120_000);
afterAll(() => api?.close());

describe("the bulletin's written part", () => {
  it("defaults until saved: the month's issue, the lead the data suggests", async () => {
    const b = await api.caller.bulletin.get({ month: "2018-03" });
    expect(b.issue).toBe(3);
    expect(b.saved).toBeNull();
    expect(b.lead).toBe(b.defaultLead);
    expect(b.lead).toContain(`${b.totals.units}个责任单位`);
    expect(b.lead).toContain(`工单${b.totals.volume}件`);
  });

  it("is saved with the month, audited with what it was, and read back as saved", async () => {
    const admin = api.as("admin");
    await admin.bulletin.save({ month: "2018-03", issue: 7, issuedOn: "2018-04-06", lead: "  第一稿。\r\n第二段。  " });
    await admin.bulletin.save({ month: "2018-03", issue: 8, issuedOn: "2018-04-08", lead: "定稿：三月份全县热线工作平稳。" });
    // the same text saved again (a double click): no change, no second entry
    await admin.bulletin.save({ month: "2018-03", issue: 8, issuedOn: "2018-04-08", lead: "定稿：三月份全县热线工作平稳。" });
    const b = await api.as("viewer").bulletin.get({ month: "2018-03" });
    expect([b.issue, b.issuedOn, b.lead, b.saved?.by]).toEqual([8, "2018-04-08", "定稿：三月份全县热线工作平稳。", "测试-admin"]);
    // another month is untouched
    expect((await api.caller.bulletin.get({ month: "2018-04" })).saved).toBeNull();
    const audit = await api.store.prisma.auditLog.findMany({ where: { action: "bulletin.update", entityId: "2018-03" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.actor)).toEqual(["测试-admin", "测试-admin"]);
    expect(audit[0]?.detail).toMatchObject({ from: null, to: { issue: 7, lead: "第一稿。\n第二段。" } });
    expect(audit[1]?.detail).toMatchObject({ from: { issue: 7, issuedOn: "2018-04-06" }, to: { issue: 8, issuedOn: "2018-04-08" } });
  });

  it("until saved, follows the year's issue saved last for an earlier month (a center's first bulletin in August read 第8期)", async () => {
    // 2018-03 is saved as 第8期 above
    const april = await api.caller.bulletin.get({ month: "2018-04" });
    expect([april.issue, april.issueAfter]).toEqual([9, { period: "2018-03", issue: 8 }]);
    // no issue saved earlier in the year: the month's (a bulletin a month since January)
    const february = await api.caller.bulletin.get({ month: "2018-02" });
    expect([february.issue, february.issueAfter]).toEqual([2, null]);
    // a saved month says its own
    expect((await api.caller.bulletin.get({ month: "2018-03" })).issueAfter).toBeNull();
  });

  it("is named as the center names it: 投诉动态 until another name is saved with a bulletin, then every month's (audited)", async () => {
    // (a new county found 《投诉动态》 fixed: its bulletin is 《12345热线工作通报》)
    expect((await api.caller.bulletin.get({ month: "2018-03" })).title).toBe("投诉动态");
    const admin = api.as("admin");
    await admin.bulletin.save({ month: "2018-06", issue: 6, issuedOn: "2018-07-05", lead: "导言。", title: " 《12345热线工作通报》 " });
    expect((await api.caller.bulletin.get({ month: "2018-04" })).title).toBe("12345热线工作通报");
    expect((await api.as("viewer").settings.get()).bulletinTitle).toBe("12345热线工作通报");
    const audit = await api.store.prisma.auditLog.findFirst({ where: { action: "bulletin.update", entityId: "2018-06" }, orderBy: { id: "desc" } });
    expect(audit?.detail).toMatchObject({ from: null, to: { title: "12345热线工作通报" } });
    for (const [title, message] of [
      ["  ", /请填写通报名称/],
      ["通".repeat(21), /通报名称最多 20 字/],
      ["工作\n通报", /通报名称中不能有换行/],
    ] as const)
      expect((await rejection(admin.bulletin.save({ month: "2018-06", issue: 6, issuedOn: "2018-07-05", lead: "导言。", title }))).message).toMatch(message);
    // a save without a name leaves it; the demo's name back for the tests after
    await admin.bulletin.save({ month: "2018-06", issue: 6, issuedOn: "2018-07-05", lead: "导言二。" });
    expect((await api.caller.bulletin.get({ month: "2018-06" })).title).toBe("12345热线工作通报");
    await admin.bulletin.save({ month: "2018-06", issue: 6, issuedOn: "2018-07-05", lead: "导言二。", title: "投诉动态" });
  });

  it("refuses what cannot be printed, in Chinese, and saves nothing", async () => {
    const admin = api.as("admin");
    const cases: [Parameters<typeof admin.bulletin.save>[0], RegExp][] = [
      [{ month: "2018-05", issue: 1, issuedOn: "2018-06-31", lead: "导言" }, /印发日期应写成/],
      [{ month: "2018-05", issue: 0, issuedOn: "2018-06-05", lead: "导言" }, /期号从 1 开始/],
      [{ month: "2018-05", issue: 1, issuedOn: "2018-06-05", lead: "   " }, /请填写导言/],
      [{ month: "2018-05", issue: 1, issuedOn: "2018-06-05", lead: "甲".repeat(2001) }, /导言最多 2000 字/],
      [{ month: "2018-05", issue: 1, issuedOn: "2018-06-05", lead: "导言\u200b" }, /控制字符、零宽字符或方向标记/],
      // a joiner is let through only inside an emoji sequence (👨‍👩‍👧): between words it hides a difference
      [{ month: "2018-05", issue: 1, issuedOn: "2018-06-05", lead: "唐山\u200d镇" }, /控制字符、零宽字符或方向标记/],
      [{ month: "2018-05", issue: 1, issuedOn: "2018-06-05", lead: "👍\u200d镇" }, /控制字符、零宽字符或方向标记/],
      // a direction mark (an override, U+202E, is refused with every input's invisible controls, before this)
      [{ month: "2018-05", issue: 1, issuedOn: "2018-06-05", lead: "导言\u200f" }, /控制字符、零宽字符或方向标记/],
    ];
    for (const [input, message] of cases) expect((await rejection(admin.bulletin.save(input))).message).toMatch(message);
    expect(await api.store.prisma.bulletin.count({ where: { period: "2018-05" } })).toBe(0);
    // a leader reads it, cannot change it; a unit user cannot read every unit's ranking
    expect((await rejection(api.as("viewer").bulletin.save({ month: "2018-05", issue: 1, issuedOn: "2018-06-05", lead: "x" }))).code).toBe("FORBIDDEN");
    expect((await rejection(api.as("unit").bulletin.get({ month: "2018-03" }))).code).toBe("FORBIDDEN");
  });
});

describe("the year's bulletin's written part", () => {
  it("is written by those who publish (the center's administrator, the 系统管理员) and read by those who preview, as the month's", async () => {
    const input = { year: "2018", issue: 14, issuedOn: "2019-01-10", lead: "2018年度考核结果通报如下。" };
    const outcome = (call: Promise<unknown>) =>
      call.then(
        () => "ok",
        (e: { code?: string }) => e.code ?? "error",
      );
    const saves: Record<string, string> = {};
    const reads: Record<string, string> = {};
    for (const role of ["sysadmin", "admin", "editor", "unit", "viewer"] as const) {
      saves[role] = await outcome(api.as(role).bulletin.saveYear({ ...input, lead: `${input.lead}（${role}）` }));
      reads[role] = await outcome(api.as(role).bulletin.year({ year: "2018" }));
    }
    expect(saves).toEqual({ sysadmin: "ok", admin: "ok", editor: "FORBIDDEN", unit: "FORBIDDEN", viewer: "FORBIDDEN" });
    expect(reads).toEqual({ sysadmin: "ok", admin: "ok", editor: "ok", unit: "FORBIDDEN", viewer: "ok" });
    expect(await outcome(api.as(null).bulletin.saveYear(input))).toBe("UNAUTHORIZED");
    // the last allowed save is what the year's bulletin prints; the month's issues go on from their own
    const b = await api.as("viewer").bulletin.year({ year: "2018" });
    expect([b.issue, b.issuedOn, b.lead, b.saved?.by]).toEqual([14, "2019-01-10", "2018年度考核结果通报如下。（admin）", "测试-admin"]);
    const audit = await api.store.prisma.auditLog.findMany({ where: { action: "bulletin.update", entityId: "2018" } });
    // (the 系统管理员 the tests call as is 测试员)
    expect(audit.map((a) => a.actor).sort()).toEqual(["测试-admin", "测试员"]);
    // refused in Chinese before the service: a month is not a year
    expect((await rejection(api.as("admin").bulletin.saveYear({ ...input, year: "2018-03" }))).message).toMatch(/考核年度/);
  });
});

describe("the bulletin's content", () => {
  it("ranks per category in the stored category order, as the ranking page's tabs and the month's scores", async () => {
    const [b, month, categories] = await Promise.all([
      api.caller.bulletin.get({ month: "2018-03" }),
      api.caller.scores.month({ month: "2018-03" }),
      api.caller.units.categories(),
    ]);
    expect(b.groups.map((g) => g.group)).toEqual(categories.map((c) => c.category).filter((c) => month.units.some((u) => u.group === c)));
    for (const g of b.groups) {
      const expected = month.units.filter((u) => u.group === g.group);
      expect(g.rows.map((r) => [r.unit, r.rank, r.score, r.volume])).toEqual(
        expected.map((u) => [u.unit.name, u.ranked ? u.rank : null, u.published, u.volume]),
      );
    }
    expect(b.published).toBe(false);
    expect(b.status).toMatch(/^未发布（预览）/);
  });

  it("compares with last month's published ranks: places gained are positive, a unit of another group is not compared", async () => {
    const b = await api.caller.bulletin.get({ month: "2018-03" });
    const before = await api.caller.publication.current({ period: "2018-02" });
    expect(b.previous).toEqual({ period: "2018-02", periodText: "2018年2月", state: "compared", note: null });
    const prev = new Map(before?.result.units.map((u) => [u.unit.code, u]));
    let moved = 0;
    for (const r of b.groups.flatMap((g) => g.rows)) {
      const p = prev.get(r.code);
      expect(r.previousRank, r.unit).toBe(p?.ranked ? p.rank : null);
      if (r.notCompared) continue;
      if (r.rank !== null && r.previousRank !== null) {
        expect(r.rankChange).toBe(r.previousRank - r.rank);
        if (r.rankChange !== 0) moved++;
      }
      if (r.score !== null && p?.published != null) expect(r.scoreChange).toBeCloseTo(r.score - p.published, 6);
    }
    expect(moved).toBeGreaterThan(0);
  });

  it("does not compare with a last month that is not published: its numbers may still change, the bulletin says why", async () => {
    // January is scored (a rubric is in force) but not published
    expect(await api.caller.publication.current({ period: "2018-01" })).toBeNull();
    expect((await api.caller.scores.month({ month: "2018-01" })).units.some((u) => u.volume > 0)).toBe(true);
    const b = await api.caller.bulletin.get({ month: "2018-02" });
    expect(b.previous).toEqual({ period: "2018-01", periodText: "2018年1月", state: "unpublished", note: "上月（2018年1月）结果尚未发布，本期不作比较。" });
    for (const r of b.groups.flatMap((g) => g.rows))
      expect([r.unit, r.previousRank, r.previousScore, r.rankChange, r.scoreChange, r.notCompared]).toEqual([r.unit, null, null, null, null, null]);
  });

  it("does not compare a unit without orders in either month: its full marks and tied place say nothing of its work", async () => {
    const [b, month, before] = await Promise.all([
      api.caller.bulletin.get({ month: "2018-03" }),
      api.caller.scores.month({ month: "2018-03" }),
      api.caller.publication.current({ period: "2018-02" }),
    ]);
    const idle = new Set(month.units.filter((u) => u.volume === 0).map((u) => u.unit.code));
    const idleBefore = new Set(before?.result.units.filter((u) => u.volume === 0).map((u) => u.unit.code));
    // the demo's March has a unit without a single order (县统计局), ranked among the full marks
    expect(idle.size).toBeGreaterThan(0);
    for (const r of b.groups.flatMap((g) => g.rows)) {
      const why = idle.has(r.code) ? "本月无工单" : idleBefore.has(r.code) ? "上月无工单" : null;
      expect([r.unit, r.notCompared], r.unit).toEqual([r.unit, why]);
      if (why) {
        expect([r.rankChange, r.scoreChange], r.unit).toEqual([null, null]);
        // last month's place is still shown, and the row says why it is not compared
        expect(r.notes, r.unit).toContain(why);
      }
    }
  });

  it("lists the units that owe an explanation, with their numbers, and the month's events by type and unit", async () => {
    const b = await api.caller.bulletin.get({ month: "2018-03" });
    const duties = (await api.caller.explanations.duties({ period: "2018-03" })).duties.filter((d) => d.owedNow);
    expect(b.duties.map((d) => d.unit).sort()).toEqual(duties.map((d) => d.unit.name).sort());
    expect(b.totals.owing).toBe(duties.length);
    for (const d of b.duties) expect(d.reasons.join("；")).toMatch(/\d/);

    // every event of March (Beijing dates), by type and unit, as stored — the events population of the rubric
    const rows = await api.store.raw.query(`SELECT * FROM "events" WHERE "date" >= ? AND "date" < ?`, [
      Date.parse("2018-03-01T00:00:00+08:00"),
      Date.parse("2018-04-01T00:00:00+08:00"),
    ]);
    const units = new Map((await api.caller.units.list()).map((u) => [u.code, u.name]));
    const stored = new Map<string, number>();
    // bonus types (the rubric only adds for them) are not problems
    for (const e of rows.map(eventFromRow).filter((e) => !["主动承办交叉职责", "主动协调解决", "其他加分"].includes(e.type))) {
      const key = `${e.type}|${units.get(e.unit)}`;
      stored.set(key, (stored.get(key) ?? 0) + e.count);
    }
    const listed = new Map(b.events.flatMap((t) => t.units.map((u) => [`${t.type}|${u.unit}`, u.count] as const)));
    expect(listed).toEqual(stored);
    expect(b.totals.events).toBe([...stored.values()].reduce((s, n) => s + n, 0));
    // points: the declared points per occurrence (行政不作为 5), in the assessment that deducts them
    const inaction = b.events.find((t) => t.type === "行政不作为");
    if (inaction) expect([inaction.points, inaction.assessments]).toEqual([inaction.count * 5, ["投诉件办理考核"]]);
  });

  it("uses the published result once the month is published, and the publication's date by default", async () => {
    await publishPeriod(api.store, "2018-04", { actor: "考核办" });
    const b = await api.caller.bulletin.get({ month: "2018-04" });
    expect(b.published).toBe(true);
    expect(b.status).toMatch(/^已发布：考核办 /);
    expect(b.issuedOn).toBe(b.status.slice("已发布：考核办 ".length, "已发布：考核办 ".length + 10));
  });
});

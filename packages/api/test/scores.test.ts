import { formatShanghai } from "@kaohe/time";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededApi, rejection, type TestApi, variantOf2017 } from "./support.ts";

let api: TestApi;
let ids: { v2017: number; revision: number };
beforeAll(async () => {
  api = await openSeededApi();
  const list = await api.caller.rubrics.list();
  ids = {
    v2017: list.find((v) => v.version === "2017")?.id as number,
    revision: list.find((v) => v.version === "2018-example")?.id as number,
  };
});
afterAll(() => api?.close());

/** 索镇街道, one of the two 街道: in 2017-10 it received 79 orders, 5 of them overdue. */
const SUOZHEN = "HTJD01";

describe("scores of a period", () => {
  it("scores and ranks a month under the version in force, without evidence", async () => {
    const r = await api.caller.scores.month({ month: "2017-10" });
    expect(r.rubric.version).toBe("2017");
    expect(r.rubricVersion).toMatchObject({ id: ids.v2017, status: "published" });
    expect(r.period).toBe("2017-10");
    expect(r.units).toHaveLength(40);
    for (const group of ["镇", "街道", "县直部门"]) {
      const ranks = r.units.filter((u) => u.group === group).map((u) => u.rank);
      expect(Math.min(...(ranks as number[]))).toBe(1);
    }
    const records = r.units.flatMap((u) => u.items.flatMap((i) => [...i.measures.flatMap((m) => m.records), ...i.adjustments.flatMap((a) => a.records)]));
    expect(records).toEqual([]);
    expect(r.units.find((u) => u.unit.code === SUOZHEN)).toMatchObject({ published: 95.45, rank: 1, volume: 79 });
  });

  it("scores a year from its months", async () => {
    const r = await api.caller.scores.year({ year: "2017" });
    expect(r.assessment.schedule).toBe("yearly");
    expect(r.months).toEqual(["2017-09", "2017-10", "2017-11", "2017-12"]);
    expect(r.units).toHaveLength(40);
    expect(r.units.every((u) => u.rank !== null && u.published !== null)).toBe(true);
  });

  it("a year names the checklist items some units have no row for, and what a missing row counts as (the page and the publish dialog say it)", async () => {
    const missing = async () => (await api.caller.scores.year({ year: "2017" })).missingFacts;
    // the demo's 2017 checklist lacks one unit's row for the leading group (1.1): which one is named (found in the database by a user told “1 家”)
    const item = { item: "领导小组", label: "成立民生热线工作领导小组，主要领导负总责", taken: "是" };
    const [lacking] = await missing();
    expect(lacking).toEqual({ ...item, units: 1, names: [expect.any(String)] });
    const holders = await api.store.prisma.fact.findMany({ where: { year: 2017, item: "领导小组", month: null }, select: { unit: true } });
    const without = await api.store.prisma.unit.findMany({ where: { code: { notIn: holders.map((h) => h.unit) } } });
    expect(lacking?.names).toEqual(without.map((u) => u.name));
    // 唐山镇's row goes missing too: two units taken as 是, said, not silently full marks
    expect((await api.store.prisma.fact.deleteMany({ where: { unit: "HTZ01", year: 2017, item: "领导小组", month: null } })).count).toBe(1);
    expect(await missing()).toEqual([{ ...item, units: 2, names: expect.arrayContaining(["唐山镇", ...without.map((u) => u.name)]) }]);
    // months have no such list
    expect((await api.caller.scores.month({ month: "2017-10" })).missingFacts).toEqual([]);
  });

  it("previews a month with a stored draft", async () => {
    const r = await api.caller.scores.month({ month: "2018-03", versionId: ids.revision });
    expect(r.rubric.version).toBe("2018-example");
    expect(r.rubricVersion).toMatchObject({ id: ids.revision, status: "draft" });
    expect(r.window.label).toBe("2018-Q1");
  });

  it("explains one unit with the records behind each number", async () => {
    const d = await api.caller.scores.unitDetail({ period: "2017-10", unitCode: SUOZHEN });
    expect(d.unit.unit.name).toBe("索镇街道");
    expect(d.groupSize).toBe(2);
    const onTime = d.unit.items.find((i) => i.code === "按期办结");
    expect(onTime?.measures.map((m) => [m.name, m.value, m.records.length])).toEqual([
      ["工单数", 79, 79],
      ["超期件数", 5, 5],
    ]);
    expect(onTime?.published).toBe(18.73);
  });

  it("follows a unit month by month, leaving out months no version is in force for", async () => {
    const { unit, points } = await api.caller.scores.trend({ unitCode: SUOZHEN, endMonth: "2018-03", months: 12 });
    expect(unit.name).toBe("索镇街道");
    // 2017-04 … 2017-08 come before the 2017 method (in force from 2017-09)
    expect(points.map((p) => p.month)).toEqual(["2017-09", "2017-10", "2017-11", "2017-12", "2018-01", "2018-02", "2018-03"]);
    expect(points[1]).toMatchObject({ month: "2017-10", score: 95.45, rank: 1, groupSize: 2, group: "街道" });
    const march = await api.caller.scores.month({ month: "2018-03" });
    const u = march.units.find((x) => x.unit.code === SUOZHEN);
    expect(points[6]).toMatchObject({ score: u?.published, rank: u?.rank });
  });
});

describe("comparing two versions", () => {
  it("gives the score each unit gains when a draft gives 按期办结 full marks, and who enters or leaves the top and bottom three", async () => {
    // The draft changes one formula: 按期办结 = 20 × (100% − 超期率) becomes 20.
    // Each unit gains what overdue orders cost it, 20 × 超期件数 / 工单数 (0 with no orders).
    // 索镇街道 in 2017-10: 79 orders, 5 overdue: 20 × (1 − 5/79) = 18.7342 → 18.73 published;
    // the draft gives 20, so the item moves by 20 − 18.73 = +1.27, and the total
    // 95.4505 + 20 × 5/79 = 96.7163 → 96.72, also +1.27 over the published 95.45.
    const text = await variantOf2017(api, "2017-按期全分", (t) =>
      t.replace('按期办结 "按期办结考核" 20 points = 20 × (100% - 超期率)', '按期办结 "按期办结考核" 20 points = 20'),
    );
    const draft = await api.caller.rubrics.createDraft({ text });
    const cmp = await api.caller.scores.compare({ a: ids.v2017, b: draft.id, period: "2017-10" });
    expect(cmp.versionA).toMatchObject({ id: ids.v2017, version: "2017" });
    expect(cmp.versionB).toMatchObject({ id: draft.id, version: "2017-按期全分", status: "draft" });

    const suozhen = cmp.units.find((u) => u.unit.code === SUOZHEN);
    expect(suozhen).toMatchObject({ scoreA: 95.45, scoreB: 96.72, delta: 1.27 });
    expect(suozhen?.items.find((i) => i.code === "按期办结")).toMatchObject({ a: 18.73, b: 20, delta: 1.27 });

    const a = await api.caller.scores.month({ month: "2017-10" });
    expect(cmp.units).toHaveLength(a.units.length);
    for (const u of a.units) {
      const item = u.items.find((i) => i.code === "按期办结");
      const value = (name: string) => item?.measures.find((m) => m.name === name)?.value ?? 0;
      const gain = value("工单数") === 0 ? 0 : (20 * value("超期件数")) / value("工单数");
      const d = cmp.units.find((x) => x.unit.code === u.unit.code);
      // published values are rounded to 2 decimals: the item within half a cent, the total within a cent
      expect(Math.abs((d?.items.find((i) => i.code === "按期办结")?.delta ?? Number.NaN) - gain)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs((d?.delta ?? Number.NaN) - gain)).toBeLessThanOrEqual(0.01 + 1e-9);
      for (const other of d?.items.filter((i) => i.code !== "按期办结") ?? []) expect(other.delta).toBe(0);
    }

    // the flags follow from the ranks under each version, group by group
    for (const g of cmp.groups) {
      const members = cmp.units.filter((u) => u.group === g.group);
      expect(g.rankedA).toBe(members.filter((u) => u.rankA !== null).length);
      for (const u of members) {
        const topA = u.rankA !== null && u.rankA <= 3;
        const topB = u.rankB !== null && u.rankB <= 3;
        // the last three below the first three (a group of three or fewer has none: compare-stats.test.ts)
        const bottomA = u.rankA !== null && u.rankA > Math.max(3, g.rankedA - 3);
        const bottomB = u.rankB !== null && u.rankB > Math.max(3, g.rankedB - 3);
        expect(u.top3).toBe(topA === topB ? null : topB ? "enter" : "leave");
        expect(u.bottom3).toBe(bottomA === bottomB ? null : bottomB ? "enter" : "leave");
      }
    }
    const moved = cmp.units.filter((u) => u.top3 !== null || u.bottom3 !== null).map((u) => [u.unit.name, u.top3, u.bottom3]);
    // full marks for 按期办结 favour the units with many overdue orders: in 镇 (7 ranked) 唐山镇 climbs
    // from 5th (bottom three) to 2nd (top three), while 田庄镇, with no overdue order to forgive, drops from 3rd to 6th
    // (the groups in the ranking's order: 镇 first, then 县直部门)
    expect(moved).toEqual([
      ["唐山镇", "enter", "leave"],
      ["田庄镇", "leave", "enter"],
      ["县安全生产监督管理局", null, "leave"],
      ["县交通运输局", null, "leave"],
      ["县房产管理局", null, "enter"],
      ["县教育局", null, "enter"],
    ]);
    expect(cmp.units.find((u) => u.unit.name === "唐山镇")).toMatchObject({ rankA: 5, rankB: 2 });
    expect(cmp.units.find((u) => u.unit.name === "田庄镇")).toMatchObject({ rankA: 3, rankB: 6, delta: 0 });
  });

  it("previews a new draft, in force from the month after the data, over the latest month with data; says so", async () => {
    // a new draft starts the month after the latest data (2018-12): its comparison is a preview of that month
    const text = await variantOf2017(api, "2019-新草稿", (t) =>
      t
        .replace("in force from 2017-09", "in force from 2019-01")
        .replace('按期办结 "按期办结考核" 20 points = 20 × (100% - 超期率)', '按期办结 "按期办结考核" 20 points = 20'),
    );
    const draft = await api.caller.rubrics.createDraft({ text });
    const cmp = await api.caller.scores.compare({ a: ids.v2017, b: draft.id, period: "2018-12" });
    expect(cmp.previews).toEqual([{ side: "B", version: expect.objectContaining({ id: draft.id, status: "draft" }), from: "2019-01", until: null }]);
    expect(cmp.units.length).toBeGreaterThan(0);
    expect(cmp.units.some((u) => u.delta !== null && u.delta > 0)).toBe(true);
    // A, in force, gives the ranking's own scores
    const a = await api.caller.scores.month({ month: "2018-12" });
    for (const u of a.units) expect(cmp.units.find((x) => x.unit.code === u.unit.code)?.scoreA).toBe(u.published);
    // a year none of whose months it is in force for: every month of it
    const year = await api.caller.scores.compare({ a: ids.v2017, b: draft.id, period: "2018" });
    expect(year.previews.map((p) => p.side)).toEqual(["B"]);
    expect(year.units.some((u) => u.scoreB !== null)).toBe(true);
    // publishing stays strict: the draft is not in force for 2018-12, nor scores it there
    const e = await rejection(api.caller.scores.month({ month: "2018-12", versionId: draft.id }));
    expect(e.message).toContain("不适用于 2018-12");
    // two versions in force: no preview
    expect((await api.caller.scores.compare({ a: ids.v2017, b: ids.v2017, period: "2018-12" })).previews).toEqual([]);
  });

  it("tells each version's warnings: a draft that leaves out a category says whose units it does not score", async () => {
    const text = await variantOf2017(api, "2017-无街道", (t) => t.replace(/^category 街道 .*\n/m, ""));
    const draft = await api.caller.rubrics.createDraft({ text });
    const cmp = await api.caller.scores.compare({ a: ids.v2017, b: draft.id, period: "2017-10" });
    expect(cmp.warningsA).toEqual([]);
    expect(cmp.warningsB).toEqual([
      expect.objectContaining({ code: "undeclared-category", category: "街道", zh: expect.stringMatching(/^2 个单位的类别“街道”未在规则中声明，未计分：/) }),
    ]);
  });
});

describe("compare: stored events a version does not declare", () => {
  it("a draft that renames an event type says, beside its scores, how many stored events of the old type it leaves unscored", async () => {
    // renamed 推诿扯皮 → 推诿扯皮问题 in a draft: its stored events dropped out of the comparison without a word, a
    // unit's 十个新突破 rising by their points (found by a helper comparing versions as 规则编辑)
    const text = await variantOf2017(api, "2019-改名", (t) =>
      t.replace("event 推诿扯皮 ", "event 推诿扯皮问题 ").replace("deduct per 推诿扯皮\n", "deduct per 推诿扯皮问题\n"),
    );
    expect(text).toContain("deduct per 推诿扯皮问题");
    const draft = await api.caller.rubrics.createDraft({ text });
    const [stored] = await api.store.raw.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "events" WHERE "type" = '推诿扯皮' AND "date" >= ${Date.UTC(2017, 11, 31, 16)} AND "date" < ${Date.UTC(2018, 11, 31, 16)}`,
    );
    const count = Number(stored?.n);
    expect(count).toBeGreaterThan(0);
    const cmp = await api.caller.scores.compare({ a: ids.v2017, b: draft.id, period: "2018" });
    expect(cmp.warningsA.filter((w) => w.code === "undeclared-event-type")).toEqual([]);
    expect(cmp.warningsB.filter((w) => w.code === "undeclared-event-type")).toEqual([
      expect.objectContaining({ type: "推诿扯皮", count, zh: `2018年度有 ${count} 条“推诿扯皮”事件，此版本没有定义这一事件类型（event），这些事件不计分` }),
    ]);
  });
});

describe("drill-down", () => {
  it("pages through the records behind a number; the total is the number", async () => {
    const d = await api.caller.scores.unitDetail({ period: "2017-10", unitCode: SUOZHEN });
    const overdue = d.unit.items.flatMap((i) => i.measures).find((m) => m.name === "超期件数");
    expect(overdue?.value).toBe(5);
    const pages = [];
    for (let page = 1; page <= 3; page++)
      pages.push(await api.caller.scores.drilldown({ period: "2017-10", unitCode: SUOZHEN, measure: "超期件数", page, pageSize: 2 }));
    expect(pages.map((p) => [p.total, p.page, p.rows.length])).toEqual([
      [5, 1, 2],
      [5, 2, 2],
      [5, 3, 1],
    ]);
    expect(pages[0]?.record).toBe("orders");
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(5);
    expect([...ids].sort()).toEqual([...(overdue?.records ?? [])].sort());
    // beside the imported columns, what the 2017 method works out of each order (its fields): every overdue order is 超期
    expect(pages[0]?.own.headings).toEqual(["有效办理时限", "超期件", "办结件"]);
    // each said by the rubric's comment above it (办结件 “否” beside a close date read as “not closed”: a walk)
    expect(pages[0]?.own.notes).toEqual([
      "批准延期的，以延期后的时限为准",
      "超期件：办结晚于时限，或到考核时点仍未办结且已过时限；中心认可超期说明的除外",
      "办结：已办结、未超期（应办未办）且未反弹",
    ]);
    expect(pages.flatMap((p) => p.own.cells.map((c) => c[1]))).toEqual(["是", "是", "是", "是", "是"]);
    // and its 有效办理时限 is the order's 延期至, else its 办理时限 (延期至 ?? 办理时限), to the minute or the day
    const first = pages[0]?.rows[0] as { dueAt: number; extendedTo: number | null } | undefined;
    expect(pages[0]?.own.cells[0]?.[0]).toBe(formatShanghai(first?.extendedTo ?? first?.dueAt ?? 0, "deadline"));

    const all = await api.caller.scores.drilldown({ period: "2017-10", unitCode: SUOZHEN, measure: "工单数", pageSize: 500 });
    expect([all.total, all.rows.length]).toEqual([79, 79]);
    const one = await api.caller.scores.drilldown({ period: "2017-10", unitCode: SUOZHEN, measure: "工单数", search: ids[0] });
    expect(one.total).toBe(1);
  });

  it("gives NOT_FOUND for a measure the rubric does not have", async () => {
    const e = await rejection(api.caller.scores.drilldown({ period: "2017-10", unitCode: SUOZHEN, measure: "不存在的计数" }));
    expect(e.code).toBe("NOT_FOUND");
    expect(e.message).toBe("规则中没有名为“不存在的计数”的计数");
  });
});

describe("scores: errors", () => {
  it("refuses badly written months and years in Chinese: BAD_REQUEST", async () => {
    const month = await rejection(api.caller.scores.month({ month: "2017-13" }));
    expect(month.code).toBe("BAD_REQUEST");
    expect(month.message).toBe("输入有误：考核月份应写成 YYYY-MM（如 2017-10），而不是“2017-13”");
    expect(month.data.zodError?.fieldErrors.month).toEqual(["考核月份应写成 YYYY-MM（如 2017-10），而不是“2017-13”"]);
    const year = await rejection(api.caller.scores.year({ year: "17" }));
    expect(year.code).toBe("BAD_REQUEST");
    expect(year.message).toContain("考核年度应写成 YYYY");
  });

  it("says no version is in force for a month before the first", async () => {
    const e = await rejection(api.caller.scores.month({ month: "2016-12" }));
    expect([e.code, e.data.appCode]).toEqual(["PRECONDITION_FAILED", "NOT_IN_FORCE"]);
  });

  it("says when a chosen version is not in force for the month (the engine's ScoringError)", async () => {
    const e = await rejection(api.caller.scores.month({ month: "2017-10", versionId: ids.revision }));
    expect([e.code, e.data.appCode]).toEqual(["PRECONDITION_FAILED", "SCORING_FAILED"]);
    expect(e.message).toBe("规则“桓台县市民投诉工作考核办法（修订示例，非真实规定）”（2018-example）施行期间为 2018-01 起，不适用于 2017-10");
    expect(e.data.en).toBe("rubric 2018-example is not in force in 2017-10");
  });

  it("gives NOT_FOUND for an unknown unit or version", async () => {
    const unit = await rejection(api.caller.scores.unitDetail({ period: "2017-10", unitCode: "NOPE" }));
    expect(unit.code).toBe("NOT_FOUND");
    expect(unit.message).toContain("没有编码为“NOPE”的单位");
    expect((await rejection(api.caller.scores.trend({ unitCode: "NOPE", endMonth: "2018-03", months: 12 }))).code).toBe("NOT_FOUND");
    expect((await rejection(api.caller.scores.month({ month: "2017-10", versionId: 777 }))).code).toBe("NOT_FOUND");
  });
});

describe("the data's end as a unit and a leader are told it, by the month's stage", () => {
  it("a month published (objections closed) no longer invites an objection, nor says the result may change before publication", async () => {
    // 2018-12: the demo's data ends before its assessment time (2019-01-31); 唐山镇 has orders open in the data and due after it
    const MONTH = "2018-12";
    const ownCutoff = async () => (await api.as("unit").scores.unitDetail({ period: MONTH, unitCode: "HTZ01" })).dataCutoff?.zh ?? "";
    const leaders = async () => (await api.as("viewer").scores.month({ month: MONTH })).warnings.find((w) => w.code === "data-before-as-of")?.zh ?? "";
    await api.as("admin").cycle.openPreview({ period: MONTH });
    // open to objections: the unit may object with what shows an order closed on time
    expect(await ownCutoff()).toMatch(/其中已按期办结的，可在“说明与异议”中提出异议并附办结材料$/);
    expect(await leaders()).toMatch(/发布前结果可能变化$/);
    await api.as("admin").publication.publish({ period: MONTH, replaces: null });
    // published: objections are refused (raiseObjection), so the page does not send the unit to raise one (a walk: 2019-01,
    // published, still said 可在“说明与异议”中提出异议), nor tells a leader of a publication to come
    const own = await ownCutoff();
    expect(own).not.toMatch(/提出异议并附/);
    expect(own).toMatch(/异议期已结束，不能再提出异议/);
    const leader = await leaders();
    expect(leader).not.toMatch(/发布前结果可能变化/);
    expect(leader).toMatch(/结果已发布；.*须重新发布/);
  });
});

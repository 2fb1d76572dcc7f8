/**
 * A rubric that ranks two monthly assessments (`ranking { monthly 投诉件办理
 * monthly 季度投诉件办理 }`): the console lists them, scores either, and
 * refuses another name with a Chinese 400 naming the choices. Called as every
 * role: the ranking of every unit (a preview) is for those who may read all
 * results, as `scores.month` is.
 */
import type { Role } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHINESE, openSeededApi, rejection, type TestApi, variantOf2017 } from "./support.ts";

let api: TestApi;
let draftId: number;
let v2017: number;

/** The 2017 monthly assessment copied as a quarterly one, ranked second. */
function withQuarterly(text: string): string {
  const start = text.indexOf('monthly 投诉件办理 "投诉件办理考核" {');
  const end = text.indexOf("\n}\n", start) + 3;
  if (start < 0 || end < 3) throw new Error("the 2017 monthly assessment moved: update the test");
  const quarterly = text
    .slice(start, end)
    .replace('monthly 投诉件办理 "投诉件办理考核" {', 'monthly 季度投诉件办理 "投诉件办理季度考核" {')
    .replace("window month", "window quarter");
  return `${text.slice(0, end)}\n${quarterly}${text.slice(end)}`.replace("  monthly 投诉件办理\n", "  monthly 投诉件办理\n  monthly 季度投诉件办理\n");
}

beforeAll(async () => {
  api = await openSeededApi();
  const list = await api.caller.rubrics.list();
  v2017 = list.find((v) => v.version === "2017")?.id as number;
  const text = await variantOf2017(api, "季度排名", withQuarterly);
  draftId = (await api.caller.rubrics.createDraft({ text })).id;
});
afterAll(() => api?.close());

describe("the assessments a rubric ranks", () => {
  it("lists the main one first, then the others in the order written", async () => {
    const r = await api.caller.scores.assessments({ period: "2017-11", versionId: draftId });
    expect(r.rubricVersion).toMatchObject({ id: draftId, status: "draft" });
    expect(r.assessments).toEqual([
      { name: "投诉件办理", label: "投诉件办理考核", main: true },
      { name: "季度投诉件办理", label: "投诉件办理季度考核", main: false },
    ]);
  });

  it("under the version in force: the one it ranks", async () => {
    const r = await api.caller.scores.assessments({ period: "2017-11" });
    expect(r.rubricVersion.id).toBe(v2017);
    expect(r.assessments).toEqual([{ name: "投诉件办理", label: "投诉件办理考核", main: true }]);
    const year = await api.caller.scores.assessments({ period: "2017" });
    expect(year.assessments).toEqual([{ name: "年终成绩", label: "年终考核成绩", main: true }]);
  });

  it("scores the month with the main one by default and the quarter's when asked", async () => {
    const main = await api.caller.scores.month({ month: "2017-11", versionId: draftId });
    expect(main.assessment.name).toBe("投诉件办理");
    expect(main.window.label).toBe("2017-11");
    const quarter = await api.caller.scores.month({ month: "2017-11", versionId: draftId, assessment: "季度投诉件办理" });
    expect(quarter.assessment).toMatchObject({ name: "季度投诉件办理", label: "投诉件办理季度考核", schedule: "monthly" });
    expect(quarter.window.label).toBe("2017-Q4");
    expect(quarter.units).toHaveLength(main.units.length);
    // the quarter counts October to December: more orders than November alone
    const volume = (r: typeof main) => r.units.reduce((s, u) => s + u.volume, 0);
    expect(volume(quarter)).toBeGreaterThan(volume(main));
    // the main one named is the default
    const named = await api.caller.scores.month({ month: "2017-11", versionId: draftId, assessment: "投诉件办理" });
    expect(named.units.map((u) => [u.unit.code, u.published, u.rank])).toEqual(main.units.map((u) => [u.unit.code, u.published, u.rank]));
  });

  it("refuses a name the rubric does not rank: 400 in Chinese, naming the choices", async () => {
    for (const name of ["年度考核", "综合管理"]) {
      const e = await rejection(api.caller.scores.month({ month: "2017-11", versionId: draftId, assessment: name }));
      expect([e.code, e.data.appCode]).toEqual(["BAD_REQUEST", "BAD_INPUT"]);
      expect(e.message).toBe(`规则“桓台县市民投诉（民生热线）工作考核办法”（季度排名）中没有名为“${name}”的月度排名考核：可选 投诉件办理、季度投诉件办理`);
      expect(e.data.en).toBe(`the rubric has no ranked monthly assessment named ${name}`);
    }
    const inForce = await rejection(api.caller.scores.month({ month: "2017-11", assessment: "季度投诉件办理" }));
    expect(inForce.code).toBe("BAD_REQUEST");
    expect(inForce.message).toContain("可选 投诉件办理");
    const blank = await rejection(api.caller.scores.month({ month: "2017-11", assessment: "  " }));
    expect(blank.code).toBe("BAD_REQUEST");
    expect(blank.message).toMatch(CHINESE);
    expect(blank.message).not.toMatch(/Error|at |\n/);
  });

  it("the records behind a quarter's count are the quarter's: as many as the quarter counted, more than the month's", async () => {
    const quarter = await api.caller.scores.unitDetail({ period: "2017-11", unitCode: "HTZ01", versionId: draftId, assessment: "季度投诉件办理" });
    const counted = quarter.unit.volume;
    const records = await api.caller.scores.drilldown({
      period: "2017-11",
      unitCode: "HTZ01",
      measure: "工单数",
      versionId: draftId,
      assessment: "季度投诉件办理",
    });
    const month = await api.caller.scores.drilldown({ period: "2017-11", unitCode: "HTZ01", measure: "工单数", versionId: draftId });
    expect(records.total).toBe(counted);
    expect(records.total).toBeGreaterThan(month.total);
    const e = await rejection(
      api.caller.scores.drilldown({ period: "2017-11", unitCode: "HTZ01", measure: "工单数", versionId: draftId, assessment: "没有这项" }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toContain("可选 ");
  });

  it("one unit: any assessment of the period's schedule, else 400", async () => {
    const d = await api.caller.scores.unitDetail({ period: "2017", unitCode: "HTZ01", assessment: "综合管理" });
    expect(d.assessment.name).toBe("综合管理");
    const e = await rejection(api.caller.scores.unitDetail({ period: "2017", unitCode: "HTZ01", assessment: "投诉件办理" }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toBe("规则“桓台县市民投诉（民生热线）工作考核办法”（2017）中没有名为“投诉件办理”的年度考核：可选 综合管理、年终成绩");
  });
});

describe("as every role", () => {
  const ROLES: (Role | null)[] = ["sysadmin", "admin", "editor", "viewer", "unit", null];
  /** every unit's ranking, previews too: results.read */
  const MAY = new Set<Role | null>(["sysadmin", "admin", "editor", "viewer"]);
  for (const role of ROLES) {
    it(`${role ?? "nobody signed in"}: ${MAY.has(role) ? "lists and scores either assessment" : role ? "403" : "401"}`, async () => {
      const caller = api.as(role);
      const list = caller.scores.assessments({ period: "2017-11", versionId: draftId });
      const quarter = caller.scores.month({ month: "2017-11", versionId: draftId, assessment: "季度投诉件办理" });
      const unknown = caller.scores.month({ month: "2017-11", versionId: draftId, assessment: "没有这项" });
      if (MAY.has(role)) {
        expect((await list).assessments.map((a) => a.name)).toEqual(["投诉件办理", "季度投诉件办理"]);
        expect((await quarter).window.label).toBe("2017-Q4");
        expect((await rejection(unknown)).code).toBe("BAD_REQUEST");
      } else {
        // refused before the input is read: the same for a name the rubric has and one it has not
        for (const call of [list, quarter, unknown]) {
          const e = await rejection(call);
          expect(e.code).toBe(role ? "FORBIDDEN" : "UNAUTHORIZED");
          expect(e.message).toMatch(role ? /^没有权限/ : /^请先登录/);
        }
      }
    });
  }
});

describe("a unit user and a window wider than the month", () => {
  it("sees a quarter's result and records only once every month of the quarter is opened to the units", async () => {
    // the quarterly variant in force (published last: the tests above read the 2017 version in force)
    await api.caller.rubrics.publish({ id: draftId, contentHash: (await api.caller.rubrics.get({ id: draftId })).contentHash });
    await api.caller.cycle.openPreview({ period: "2017-11" });
    const unit = api.as("unit");
    // November alone: its own month is open
    expect((await unit.scores.unitDetail({ period: "2017-11", unitCode: "HTZ01" })).window.label).toBe("2017-11");
    // the quarter reads October and December, not opened: refused, records and result alike
    const asked = { period: "2017-11", unitCode: "HTZ01", assessment: "季度投诉件办理" };
    for (const call of [unit.scores.unitDetail(asked), unit.scores.drilldown({ ...asked, measure: "工单数" })]) {
      const e = await rejection(call);
      expect([e.code, e.message]).toEqual(["FORBIDDEN", "投诉件办理季度考核的考核期2017年第4季度含尚未向各单位开放的2017年10月：开放后可查看"]);
    }
    // the center sees it all the while
    expect((await api.caller.scores.unitDetail(asked)).window.label).toBe("2017-Q4");
    await api.caller.cycle.openPreview({ period: "2017-10" });
    expect((await rejection(unit.scores.unitDetail(asked))).message).toContain("尚未向各单位开放的2017年12月");
    await api.caller.cycle.openPreview({ period: "2017-12" });
    expect((await unit.scores.unitDetail(asked)).window.label).toBe("2017-Q4");
    expect((await unit.scores.drilldown({ ...asked, measure: "工单数" })).total).toBeGreaterThan(0);
  });

  it("sees the month's own result whatever days its window takes: from the 26th, the month before need not be open", async () => {
    const text = await variantOf2017(api, "26日起", (t) => t.replace("window month\n", "window month from day 26\n"));
    const v = await api.caller.rubrics.createDraft({ text });
    await api.caller.rubrics.publish({ id: v.id, contentHash: v.contentHash });
    await api.caller.cycle.openPreview({ period: "2018-02" });
    // 2018-01 never opened; February's window is 26 January to 25 February
    const d = await api.as("unit").scores.unitDetail({ period: "2018-02", unitCode: "HTZ01" });
    expect([d.window.label, d.unit.unit.code]).toEqual(["2018-02", "HTZ01"]);
  });
});

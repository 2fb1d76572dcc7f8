/**
 * The year's 《投诉动态》 (年度考核结果通报) downloaded over HTTP for the demo's year 2018 (not published: the preview):
 * the Word file read back as its XML, as the month's bulletin test reads it. The numbers are worked out by hand from
 * the regulation (办法五: 年终成绩 = 80% × 各月投诉件办理得分的平均 + 20% × 综合管理考核) and the demo's data, as a
 * helper walking the year-end checked them (/year/2018 and the year's XLSX say the same).
 */
import { DEMO_CENTER_NAME } from "@kaohe/services";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDocx } from "./docx-text.ts";
import { query, type Session, signInAs, startDemoServer } from "./support.ts";

let base: string;
let admin: Session;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ base, close } = await startDemoServer("kaohe-year-bulletin-", { cycle: true }));
  admin = await signInAs(base, "admin");
}, 180_000);
afterAll(() => close());

async function yearDocx(s: Session): Promise<{ res: Response; doc: ReturnType<typeof readDocx> }> {
  const res = await s.fetch("/export/bulletin/2018.docx");
  return { res, doc: readDocx(new Uint8Array(await res.arrayBuffer())) };
}

const PARTS = ["投诉件办理考核（月度平均，占80%）", "综合管理考核（占20%）"];
const RANKING_HEADER = ["名次", "单位", "年终考核成绩", ...PARTS, "承办量", "备注"];
const DEDUCTIONS_HEADER = ["序号", "单位", "类别", "考核项", "扣分事由（次数、分值）", "扣分"];
const BONUSES_HEADER = ["序号", "单位", "类别", "加分项", "加分事由（次数、分值）", "加分"];
const rowOf = (tables: string[][][], header: string[], unit: string) =>
  tables.filter((t) => t[0]?.join() === header.join()).flatMap((t) => t.slice(1).filter((r) => r[1] === unit));

interface YearUnit {
  unit: { name: string };
  group: string;
  rank: number | null;
  ranked: boolean;
  published: number | null;
  volume: number;
}

/** An event registered as 数据 → 登记考核事件 does, the import waited for. */
async function recordEvent(unit: string, type: string, count: number): Promise<void> {
  const r = await admin.trpc("imports.recordEvent", { unit, date: "2018-11-15", type, count, note: "年终检查" }, "POST");
  expect(r.status, JSON.stringify(r.body.error)).toBe(200);
  const jobId = (r.body.result?.data as { jobId: string } | undefined)?.jobId ?? "";
  for (;;) {
    const job = await query<{ state: string }>(admin, "imports.job", { jobId });
    if (job.state !== "running") break;
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

describe("the year's 《投诉动态》 as Word", () => {
  it("marks the unpublished year 预览稿 as the month's preview is, and ranks each category with the rubric's two parts", async () => {
    const { res, doc } = await yearDocx(await signInAs(base, "viewer"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    // a year not published is a preview, named so where it is saved (as the year's table)
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent("投诉动态-2018年度-预览.docx"));
    expect(doc.paragraphs[0]).toBe("投诉动态");
    // nothing saved for the year nor its months: the issue after December's 第12期 (a bulletin a month since January)
    expect(doc.paragraphs[1]).toBe("（2018年第13期 年度考核结果）");
    expect(doc.paragraphs[2]).toMatch(new RegExp(`^${DEMO_CENTER_NAME}\\t\\d{4}年\\d{1,2}月\\d{1,2}日$`));
    expect(doc.paragraphs[3]).toBe("预览稿：本年度考核结果尚未发布，以下数据在发布前可能因异议处理、数据更正而变化。");
    expect(doc.paragraphs.at(-1)).toMatch(/^考核依据：《桓台县市民投诉（民生热线）工作考核办法》（规则版本 2017）。发布状态：未发布（预览）/);
    expect(doc.paragraphs).toContain("一、各类别年终考核排名");

    // one table per category in the stored order (the ranking page's tabs), every unit as the year's procedure scores it
    const [year, categories] = await Promise.all([
      query<{ units: YearUnit[] }>(admin, "scores.year", { year: "2018" }),
      query<{ category: string }[]>(admin, "units.categories", {}),
    ]);
    const rankings = doc.tables.filter((t) => t[0]?.[0] === "名次");
    expect(rankings.map((t) => t[0])).toEqual(categories.map(() => RANKING_HEADER));
    categories.forEach(({ category }, i) => {
      const units = year.units.filter((u) => u.group === category);
      expect(rankings[i]?.slice(1).map((r) => [r[0], r[1], r[2], r[5]])).toEqual(
        units.map((u) => [u.ranked ? String(u.rank) : "不排名", u.unit.name, u.published?.toFixed(2), String(u.volume)]),
      );
    });

    // by hand (months rounded, then averaged; 综合管理 = 100 − deductions + bonuses):
    // 唐山镇: months 95.16 … 94.21 sum 1147.52, mean 95.6267 × 80% = 76.50; 综合管理 100 − 3 (1.1 领导小组 否) − 2 (3.1
    //   知识库未更新 1次) − 4 (3.3 新政策对接不及时 4 × 1) − 5 (4.1 现场协调缺席, continuing) = 86, × 20% = 17.20; 93.70, 6th of 7
    // 索镇街道: mean 95.8658 × 80% = 76.69; 100 − 2 (1.3) − 5 (4.1: 迟到 2 + 未落实 3) = 93 → 18.60; 95.29, 1st of 2
    // 县统计局: mean 96.875 × 80% = 77.50; 100 − 2 (1.2, 2 × 1) − 2 (9.1) − 2 (10.1 威胁辱骂, continuing) = 94 → 18.80; 96.30
    const rank = (unit: string) => rowOf(doc.tables, RANKING_HEADER, unit)[0]?.slice(0, 6);
    expect(rank("唐山镇")).toEqual(["6", "唐山镇", "93.70", "76.50", "17.20", "610"]);
    expect(rank("索镇街道")).toEqual(["1", "索镇街道", "95.29", "76.69", "18.60", "969"]);
    expect(rank("县统计局")).toEqual(["8", "县统计局", "96.30", "77.50", "18.80", "19"]);
    expect(doc.paragraphs).toContain(
      `注：年终考核成绩为${PARTS.join("、")}之和，按《桓台县市民投诉（民生热线）工作考核办法》计算；计入1月至12月（共12个月）。`,
    );
  }, 120_000);

  it("lists each unit's 综合管理 deductions and bonuses with the events behind them, adding up to its part", async () => {
    const { doc } = await yearDocx(admin);
    expect(doc.paragraphs).toContain("二、综合管理考核扣分情况");
    expect(doc.paragraphs).toContain("三、综合管理考核加分情况");
    const deductions = (unit: string) => rowOf(doc.tables, DEDUCTIONS_HEADER, unit).map((r) => r.slice(2));
    expect(deductions("唐山镇")).toEqual([
      ["镇", "一 组织领导 1.1 成立民生热线工作领导小组", "未满足“成立民生热线工作领导小组，主要领导负总责”，扣3分", "3.00"],
      ["镇", "三 数据资料库维护 3.1 及时完善、更新数据资料库", "未及时完善、更新问答式知识库 1次，扣2分", "2.00"],
      ["镇", "三 数据资料库维护 3.3 全县性新政策及时与中心对接", "新政策对接不及时造成解答或交办错误 4次，扣4分", "4.00"],
      ["镇", "四 现场协调督办 4.1 按要求参加现场协调督办", "不参加现场协调督办 1次，扣5分（继续扣减）", "5.00"],
    ]);
    // 新城镇 6.1: 多次无人接听未回电 2 × 3 = 6 on an item of 5, 扣完为止: 5
    expect(deductions("新城镇")).toEqual([
      ["镇", "六 联络畅通 6.1 24小时应急电话和工作人员电话接通率100%", "多次拨打无人接听也不回电 2次，扣6分", "5.00（按次计 6.00，本项最多扣 5 分）"],
    ]);
    // 县物价局: 11.2 其他加分 recorded 5
    expect(rowOf(doc.tables, BONUSES_HEADER, "县物价局").map((r) => r.slice(3))).toEqual([
      ["十一 工作创新与主动作为等加分项 11.2 其他加分项", "投诉件承办量大且办理质量高 1次，加5分", "5.00"],
    ]);

    // every unit: 100 − its deductions + its bonuses is its 综合管理 score, of which the year counts 20%
    const figure = (cell: string | undefined) => Number.parseFloat(cell ?? "0");
    for (const r of doc.tables.filter((t) => t[0]?.[0] === "名次").flatMap((t) => t.slice(1))) {
      const unit = r[1] ?? "";
      const deducted = rowOf(doc.tables, DEDUCTIONS_HEADER, unit).reduce((s, x) => s + figure(x[5]), 0);
      const added = rowOf(doc.tables, BONUSES_HEADER, unit).reduce((s, x) => s + figure(x[5]), 0);
      expect([unit, ((100 - deducted + added) * 0.2).toFixed(2)]).toEqual([unit, r[4]]);
    }
  }, 120_000);

  it("after the year-end checklist is registered: a bonus over its cap and a deduction over its item say both figures", async () => {
    // 新城镇 主动协调解决 × 7 (2 each): 11.1 = min(10, 14) = 10; 综合管理 100 − 5 (6.1) + 10 = 105 → 21.00; 77.54 + 21.00 = 98.54,
    // now first in 镇 (果里镇 97.35). 唐山镇 工单不规范 × 6 (2 each): 2.3 = min(10, 12) = 10; 86 − 10 = 76 → 15.20; 76.50 + 15.20 = 91.70
    await recordEvent("HTZ04", "主动协调解决", 7);
    await recordEvent("HTZ01", "工单不规范", 6);
    const { doc } = await yearDocx(admin);
    expect(rowOf(doc.tables, RANKING_HEADER, "新城镇")[0]?.slice(0, 5)).toEqual(["1", "新城镇", "98.54", "77.54", "21.00"]);
    expect(rowOf(doc.tables, RANKING_HEADER, "唐山镇")[0]?.slice(0, 5)).toEqual(["7", "唐山镇", "91.70", "76.50", "15.20"]);
    expect(rowOf(doc.tables, BONUSES_HEADER, "新城镇").map((r) => r.slice(3))).toEqual([
      ["十一 工作创新与主动作为等加分项 11.1 工作积极主动作为", "虽无法定职责但积极主动协调解决 7次，加14分", "10.00（按次计 14.00，本项最多加 10 分）"],
    ]);
    expect(
      rowOf(doc.tables, DEDUCTIONS_HEADER, "唐山镇")
        .find((r) => r[3]?.includes("2.3"))
        ?.slice(4),
    ).toEqual(["不按规定格式和要求办理工单、未落实审核签名 6次，扣12分", "10.00（按次计 12.00，本项最多扣 10 分）"]);
  }, 120_000);
});

describe("the year's 《投诉动态》 as PDF", () => {
  it("carries the same text, marked 预览稿", async () => {
    const res = await admin.fetch("/export/bulletin/2018.pdf");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = await getDocument({ data: new Uint8Array(await res.arrayBuffer()), useSystemFonts: false }).promise;
    const first = (await (await pdf.getPage(1)).getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join("");
    expect(first).toContain("2018年第13期 年度考核结果");
    expect(first).toContain("预览稿：本年度考核结果尚未发布");
    expect(first).toContain("各类别年终考核排名");
  }, 120_000);

  it("refuses a period that is neither a month nor a year, in Chinese", async () => {
    const bad = await admin.fetch("/export/bulletin/18.pdf");
    expect([bad.status, ((await bad.json()) as { zh: string }).zh]).toEqual([400, "期间应写成 2018-11（月）或 2018（年度），而不是“18”"]);
  });
});

describe("the published year's 《投诉动态》", () => {
  it("prints the published result without 预览稿, with who published it", async () => {
    const post = async (path: string, input: unknown) => {
      const r = await admin.trpc(path, input, "POST");
      expect(r.status, `${path} ${JSON.stringify(r.body.error?.message)}`).toBe(200);
      return r.body.result?.data;
    };
    // the year opens once every month it counts is open (the demo opened only October and November)
    for (const m of ["01", "02", "03", "04", "05", "06", "07", "08", "09", "12"]) await post("cycle.openPreview", { period: `2018-${m}` });
    await post("cycle.openPreview", { period: "2018" });
    await post("publication.publish", { period: "2018", replaces: null, confirmUndecided: true, confirmUnfinished: true });

    const { res, doc } = await yearDocx(admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent("投诉动态-2018年度.docx"));
    expect(doc.paragraphs.join("\n")).not.toContain("预览稿");
    // the masthead is followed by the lead, no notice between
    expect(doc.paragraphs[3]).toMatch(/^2018年度，参加考核的40个责任单位/);
    expect(doc.paragraphs.at(-1)).toMatch(/^考核依据：《桓台县市民投诉（民生热线）工作考核办法》（规则版本 2017）。发布状态：已发布：/);
    // the published scores: as the checklist registered above made them
    expect(rowOf(doc.tables, RANKING_HEADER, "新城镇")[0]?.slice(0, 5)).toEqual(["1", "新城镇", "98.54", "77.54", "21.00"]);

    // a late finding after publication: the scores stay as published, the masthead says the data changed since.
    // 县统计局 现场协调缺席 × 3 (5 each, continuing): 94 − 15 = 79 → 15.80, a year of 93.30 once republished
    await recordEvent("HTBM20", "现场协调缺席", 3);
    const late = await yearDocx(admin);
    expect(rowOf(late.doc.tables, RANKING_HEADER, "县统计局")[0]?.slice(2, 5)).toEqual(["96.30", "77.50", "18.80"]);
    expect(late.doc.paragraphs[3]).toMatch(/^注意：发布后数据有变动（按当前数据\d+个单位的得分或名次与发布时不同）：排名、得分为发布时的结果/);
    expect(
      rowOf(late.doc.tables, DEDUCTIONS_HEADER, "县统计局")
        .find((r) => r[3]?.includes("4.1"))
        ?.slice(4),
    ).toEqual(["不参加现场协调督办 3次，扣15分（继续扣减）", "15.00"]);
  }, 180_000);
});

describe("the year's 《投诉动态》 as the center writes it", () => {
  it("prints the issue, date and lead saved with the year, in Word and PDF; the dialog is told the data changed since publication", async () => {
    const lead = "2018年度，全县民生热线工作总体平稳。\n请各单位对照通报抓好整改。";
    const saved = await admin.trpc("bulletin.saveYear", { year: "2018", issue: 2, issuedOn: "2019-01-10", lead }, "POST");
    expect(saved.status, JSON.stringify(saved.body.error)).toBe(200);
    const { doc } = await yearDocx(admin);
    expect(doc.paragraphs[1]).toBe("（2018年第2期 年度考核结果）");
    expect(doc.paragraphs[2]).toBe(`${DEMO_CENTER_NAME}\t2019年1月10日`);
    // the data changed after publication (the late finding above): the notice, then the lead's two paragraphs
    expect(doc.paragraphs[3]).toMatch(/^注意：发布后数据有变动/);
    expect(doc.paragraphs.slice(4, 6)).toEqual(["2018年度，全县民生热线工作总体平稳。", "请各单位对照通报抓好整改。"]);
    const res = await admin.fetch("/export/bulletin/2018.pdf");
    const pdf = await getDocument({ data: new Uint8Array(await res.arrayBuffer()), useSystemFonts: false }).promise;
    const first = (await (await pdf.getPage(1)).getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join("");
    expect(first).toContain("2018年第2期 年度考核结果");
    expect(first).toContain("请各单位对照通报抓好整改。");
    // what the dialog shows: as saved, the default lead beside it, and the month's alert where it applies to a year
    const b = await query<{ issue: number; lead: string; defaultLead: string; changedSincePublished: string | null }>(admin, "bulletin.year", {
      year: "2018",
    });
    expect([b.issue, b.lead]).toEqual([2, lead]);
    expect(b.defaultLead).toMatch(/^2018年度，参加考核的40个责任单位/);
    expect(b.changedSincePublished).toMatch(/^发布后数据有变动/);
  }, 120_000);
});

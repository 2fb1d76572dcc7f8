/**
 * The monthly report's sheets follow the stored category order (the order of
 * the console's tabs), whatever order the result lists its units in; a unit
 * without a single order is marked 本月无工单; the center's name heads it.
 */
import type { AssessmentResult, UnitResult } from "@kaohe/rules-engine";
import ExcelJS from "exceljs";
import { expect, test } from "vitest";
import { groupsInOrder, monthlyReport } from "../src/report.ts";

const unit = (code: string, name: string, group: string, rank: number, volume: number, published: number): UnitResult => ({
  unit: { code, name, category: group },
  group,
  score: published,
  published,
  rank,
  overallRank: rank,
  indicators: [],
  ranked: true,
  volume,
  band: null,
  vetoes: [],
  sanctions: [],
  items: [],
  warnings: [],
});

const result = {
  rubric: { name: "桓台县市民投诉（民生热线）工作考核办法", version: "2017" },
  assessment: { name: "投诉件办理", label: "投诉件办理考核", schedule: "monthly" },
  period: "2018-03",
  // listed as the engine might: pinyin order, not the stored one
  units: [
    unit("J1", "城区街道", "街道", 1, 12, 96.5),
    unit("X1", "县民政局", "县直部门", 1, 30, 99),
    unit("X2", "县档案局", "县直部门", 2, 0, 100),
    unit("Z1", "唐山镇", "镇", 1, 40, 98),
  ],
} as unknown as AssessmentResult;

test("the sheets follow the stored category order; other groups come after", async () => {
  expect([...groupsInOrder(result.units, ["镇", "街道", "县直部门"]).keys()]).toEqual(["镇", "街道", "县直部门"]);
  expect([...groupsInOrder(result.units, ["镇"]).keys()]).toEqual(["镇", "街道", "县直部门"]);
  const wb = new ExcelJS.Workbook();
  const buffer = await monthlyReport(result, { status: "未发布（预览）", categoryOrder: ["镇", "街道", "县直部门"], center: "桓台县民生热线服务中心" });
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(["镇", "街道", "县直部门"]);
  // a sheet's title names its category as the rubric labels it, as the bulletin does (it said 街道 beside it: a walk)
  const labelled = new ExcelJS.Workbook();
  await labelled.xlsx.load(
    (await monthlyReport(result, { status: "未发布（预览）", categoryLabels: new Map([["街道", "城区街道办事处"]]) })) as unknown as ArrayBuffer,
  );
  expect(String(labelled.getWorksheet("街道")?.getCell(1, 1).value)).toMatch(/排名（城区街道办事处）$/);
  expect(String(wb.getWorksheet("镇")?.getCell(2, 1).value)).toMatch(/^桓台县民生热线服务中心　　考核期：2018-03/);
});

test("a unit without orders is marked 本月无工单 in the notes; the others are not", async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await monthlyReport(result, { status: "未发布（预览）" })) as unknown as ArrayBuffer);
  const departments = wb.getWorksheet("县直部门");
  const header = departments?.getRow(4).values as unknown[];
  const notesColumn = header.indexOf("备注");
  expect(notesColumn).toBeGreaterThan(0);
  expect(departments?.getRow(5).getCell(2).value).toBe("县民政局");
  expect(departments?.getRow(5).getCell(notesColumn).value ?? "").toBe("");
  expect(departments?.getRow(6).getCell(2).value).toBe("县档案局");
  expect(departments?.getRow(6).getCell(notesColumn).value).toBe("本月无工单");
  // no center's name set: the line starts with the period
  expect(String(departments?.getCell(2, 1).value)).toMatch(/^考核期：2018-03/);
});

test("report-only indicators get their own columns after the items, a rate as a percentage", async () => {
  const withIndicators = {
    ...result,
    units: result.units.map((u, i) => ({
      ...u,
      indicators: [
        { name: "回访率", label: "回访率", value: [0.5, 0.9524, null, 1][i] ?? null, percent: true },
        { name: "件数", label: null, value: u.volume, percent: false },
      ],
    })),
  } as AssessmentResult;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await monthlyReport(withIndicators, { status: "未发布（预览）" })) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("县直部门");
  const header = ws?.getRow(4).values as unknown[];
  expect(header.slice(1)).toEqual(["名次", "单位", "得分", "回访率（只通报）", "件数（只通报）", "承办量", "备注"]);
  // 县民政局: 0.9524 shown as 95.24%; 县档案局: not computable → —
  expect(ws?.getRow(5).getCell(4).value).toBe(0.9524);
  expect(ws?.getRow(5).getCell(4).numFmt).toBe("0.00%");
  expect(ws?.getRow(6).getCell(4).value).toBe("—");
  expect(ws?.getRow(5).getCell(5).value).toBe(30);
});

test("an item for some categories is a column of its own, “—” for the units it does not apply to", async () => {
  const item = (code: string, published: number) => ({ code, label: code, max: 10, published }) as AssessmentResult["units"][number]["items"][number];
  const mixed = {
    ...result,
    units: [
      { ...unit("A1", "大镇", "大件量", 1, 40, 95), items: [item("按时", 45), item("属地", 10)] },
      { ...unit("A2", "县民政局", "大件量", 2, 35, 90), items: [item("按时", 50)] },
    ],
  } as AssessmentResult;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await monthlyReport(mixed, { status: "未发布（预览）" })) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("大件量");
  expect((ws?.getRow(4).values as unknown[] | undefined)?.slice(1, 6)).toEqual(["名次", "单位", "得分", "按时（10分）", "属地（10分）"]);
  expect([ws?.getRow(6).getCell(4).value, ws?.getRow(6).getCell(5).value]).toEqual([50, "—"]);
});

test("a unit whose items as shown do not add up to its score (each rounded on its own) is named in a note under its sheet", async () => {
  // 28.504 + 16.364 + 19.393 + 19.126 + 8.183 = 91.570 → 91.57; shown 28.50 + 16.36 + 19.39 + 19.13 + 8.18 = 91.56
  const points = [28.504, 16.364, 19.393, 19.126, 8.183];
  const item = (p: number, i: number) => ({ code: `项${i}`, label: null, max: 30, points: p, published: Math.round(p * 100) / 100 });
  const off = { ...unit("Z2", "果里镇", "镇", 2, 30, 91.57), score: 91.57, items: points.map(item) } as unknown as UnitResult;
  const even = { ...unit("Z1", "唐山镇", "镇", 1, 40, 98), items: [item(49, 0), item(49, 1)] } as unknown as UnitResult;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    (await monthlyReport({ ...result, decimals: 2, units: [even, off] } as AssessmentResult, { status: "未发布（预览）" })) as unknown as ArrayBuffer,
  );
  const towns = wb.getWorksheet("镇");
  // (a merged row's first cell: the others repeat it)
  const texts = (towns?.getSheetValues() ?? []).map((r) => (Array.isArray(r) && typeof r[1] === "string" ? r[1] : ""));
  expect(texts.filter((t) => t.startsWith("注："))).toEqual([
    "注：各项得分分别四舍五入保留 2 位小数显示，得分由未经舍入的各项相加后再四舍五入，因此各项相加与得分略有出入：果里镇（0.01）",
  ]);
});

test("the note says by how much each unit is off: 0.02 where five items each lost 0.004 (0.01 was said of it: a review)", async () => {
  // five items of 1.004: shown 1.00 each, 5.00 in all; the score 5.02
  const item = (i: number) => ({ code: `项${i}`, label: null, max: 10, points: 1.004, published: 1 });
  const off = { ...unit("Z2", "果里镇", "镇", 1, 30, 5.02), items: [0, 1, 2, 3, 4].map(item) } as unknown as UnitResult;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    (await monthlyReport({ ...result, decimals: 2, units: [off] } as AssessmentResult, { status: "未发布（预览）" })) as unknown as ArrayBuffer,
  );
  const texts = (wb.getWorksheet("镇")?.getSheetValues() ?? []).map((r) => (Array.isArray(r) && typeof r[1] === "string" ? r[1] : ""));
  expect(texts.filter((t) => t.startsWith("注："))).toEqual([expect.stringMatching(/：果里镇（0\.02）$/)]);
});

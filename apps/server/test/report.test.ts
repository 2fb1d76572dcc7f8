/**
 * The monthly report's sheets follow the stored category order (the order of
 * the console's tabs), whatever order the result lists its units in; a unit
 * without a single order is marked 本月无工单; the center's name heads it.
 */
import type { AssessmentResult, UnitResult } from "@kaohe/rules-engine";
import ExcelJS from "exceljs";
import { expect, test } from "vitest";
import { groupsInOrder, monthlyReport, sheetName } from "../src/report.ts";

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

test("on paper: the headings on every page, long names and titles whole, the notes under the table as tall as their text", async () => {
  // a county's long names (the widest 22 characters: 44 columns wide), an item titled at length, a unit owing an
  // explanation whose reason wraps in 备注, and thirty owing units named under the table
  const longest = "县数据和大数据服务中心（县营商环境服务中心）";
  const item = { code: "十个新突破", label: "“十个新突破——全面从严治党要有新突破”考核", max: 30, published: 28.5 };
  const owing = (i: number): UnitResult =>
    ({
      ...unit(`X${i}`, i === 0 ? longest : `县第${i}局（县第${i}中心）`, "县直部门", i + 1, 10, 90 - i),
      items: [item],
      sanctions: [{ name: "书面说明", label: "须书面说明情况（应办未办、超时办结或问题反弹）" }],
    }) as unknown as UnitResult;
  const units = Array.from({ length: 30 }, (_, i) => owing(i));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await monthlyReport({ ...result, units } as AssessmentResult, { status: "未发布（预览）" })) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("县直部门") as ExcelJS.Worksheet;
  // the header row (row 4) repeated on each printed page (as the year's table does)
  expect(ws.pageSetup.printTitlesRow).toBe("4:4");
  // 单位 fits the longest name: 22 Chinese characters, each two columns wide
  expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(44);
  // the item's heading, 23 Chinese characters and （30分） in a column 13 wide, wraps to 4 lines of 11-point text:
  // the row at least 4 × 15 points tall (it was 36: its first and last lines cut)
  expect(ws.getRow(4).getCell(4).value).toBe("“十个新突破——全面从严治党要有新突破”考核（30分）");
  expect(ws.getRow(4).height).toBeGreaterThanOrEqual(60);
  // 备注 wide enough for its one note (23 characters: 46 columns, within the cap of 40 it wraps to 2 lines), the row tall
  // enough for the lines it wraps to
  const notes = ws.getColumn(6);
  expect(ws.getRow(4).getCell(6).value).toBe("备注");
  const lines = Math.ceil(46 / ((notes.width ?? 0) - 1.5));
  expect(ws.getRow(5).height).toBeGreaterThanOrEqual(lines * 15);
  // the list of the thirty owing units: one merged row as tall as the lines it takes in the table's width
  const listRow = ws.getRow(ws.rowCount);
  const list = String(listRow.getCell(1).value);
  expect(list).toMatch(/^需书面说明情况的单位：县数据和大数据服务中心/);
  // (a column of no width of its own is Excel's default, 8.43: none may be counted wider)
  const tableWidth = [1, 2, 3, 4, 5, 6].reduce((s, c) => s + (ws.getColumn(c).width ?? 8.43), 0);
  // each Chinese character two columns wide (the list's 、 and （） too); digits one
  const wide = [...list].reduce((s, ch) => s + (/[0-9]/.test(ch) ? 1 : 2), 0);
  expect(wide).toBeGreaterThan(3 * tableWidth);

  expect(listRow.height).toBeGreaterThanOrEqual(Math.ceil(wide / tableWidth) * 15);
  expect(listRow.getCell(1).alignment).toMatchObject({ wrapText: true });
});

test("sheet names are cleaned, at most 31 characters, and told apart as Excel tells them (case aside)", async () => {
  const used = new Set<string>();
  const names = [
    "县直部门/单位",
    "县直部门单位",
    "Towns",
    "towns",
    "街道办事处与开发区管理委员会及其所属各职能部门和下属单位（含派出机构）",
    "街道办事处与开发区管理委员会及其所属各职能部门和下属单位（含派出机构在内）",
  ].map((g) => sheetName(g, used));
  // the second of two groups that clean alike gets a suffix on the cleaned name (the group's own put the / back)
  expect(names.slice(0, 2)).toEqual(["县直部门单位", "县直部门单位(2)"]);
  // Excel refuses Towns beside towns
  expect(names[3]).toBe("towns(2)");
  // two long names alike in their first 31 characters: both within 31, the second with its suffix
  expect(names[5]).toBe(`${names[4]?.slice(0, 28)}(2)`);
  for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
  // and a workbook takes them all
  const wb = new ExcelJS.Workbook();
  for (const n of names) wb.addWorksheet(n);
  expect(wb.worksheets.map((w) => w.name)).toEqual(names);
});

test("the explanations' sheet says why each unit owes one: the figures read, or the rubric's words when none is (no 原因： left empty)", async () => {
  const duty = (code: string, name: string, reasons: unknown[]) =>
    ({ unit: { code, name, category: "镇" }, reasons, owedNow: true, notAssessed: null, state: "owed", stateLabel: "待提交", explanation: null }) as never;
  const buffer = await monthlyReport(result, {
    status: "未发布（预览）",
    responses: {
      duties: [
        duty("Z1", "唐山镇", [{ name: "书面说明", label: "超期或反弹的，书面说明原因", because: [{ measure: "超期件数", label: null, value: 6 }] }]),
        // another district's method: 书面说明 for units graded 不合格 (it read "等次不合格的，书面说明原因：" and nothing)
        duty("Z2", "果里镇", [{ name: "书面说明", label: "等次不合格的，书面说明原因", because: [] }]),
      ],
      objections: [],
    },
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("书面说明与异议") as ExcelJS.Worksheet;
  const reasons = new Map<string, string>();
  ws.eachRow((row) => {
    const name = String(row.getCell(1).value ?? "");
    if (name === "唐山镇" || name === "果里镇") reasons.set(name, String(row.getCell(3).value));
  });
  expect(Object.fromEntries(reasons)).toEqual({ 唐山镇: "超期或反弹的，书面说明原因：超期件数 6", 果里镇: "等次不合格的，书面说明原因" });
});

test("名次变化 against last month's published places, as the bulletin says it; a unit without orders, or new, said so", async () => {
  // last month: 县民政局 2nd, 县档案局 1st (both with orders), 唐山镇 with none; this month 县民政局 1st, 县档案局 2nd
  // (no orders now), 唐山镇 1st of the towns; 城区街道 was not in it
  const last = {
    ...result,
    period: "2018-02",
    units: [unit("X1", "县民政局", "县直部门", 2, 10, 95), unit("X2", "县档案局", "县直部门", 1, 5, 99), unit("Z1", "唐山镇", "镇", 1, 0, 100)],
  } as unknown as AssessmentResult;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await monthlyReport(result, { status: "已发布", previous: { result: last, label: "2018年2月" } })) as unknown as ArrayBuffer);
  const rows = (sheet: string) =>
    (wb.getWorksheet(sheet)?.getSheetValues() ?? []).slice(5).flatMap((r) => (Array.isArray(r) && r[2] ? [[r[2], r[4], r[5]]] : []));
  expect(wb.getWorksheet("县直部门")?.getRow(4).values).toEqual(expect.arrayContaining(["上月名次", "名次变化"]));
  // 县民政局 2nd → 1st: ↑1; 县档案局 without orders this month: not compared (its place last month shown)
  expect(rows("县直部门")).toEqual([
    ["县民政局", 2, "↑1"],
    ["县档案局", 1, "不比较"],
  ]);
  // 唐山镇 had no orders last month: not compared; 城区街道 was not ranked last month: 新列入
  expect(rows("镇")).toEqual([["唐山镇", 1, "不比较"]]);
  expect(rows("街道")).toEqual([["城区街道", "—", "新列入"]]);
  expect(String(wb.getWorksheet("镇")?.getCell(2, 1).value)).toContain("名次变化较2018年2月已发布的名次");
  // last month not published: no such columns, and the sheet says why
  const unpublished = new ExcelJS.Workbook();
  await unpublished.xlsx.load(
    (await monthlyReport(result, { status: "未发布（预览）", previous: { note: "上月（2018年2月）结果尚未发布，本期不作比较。" } })) as unknown as ArrayBuffer,
  );
  expect(unpublished.getWorksheet("镇")?.getRow(4).values).not.toEqual(expect.arrayContaining(["名次变化"]));
  expect(String(unpublished.getWorksheet("镇")?.getCell(2, 1).value)).toContain("上月（2018年2月）结果尚未发布，本期不作比较。");
});

/**
 * The year's table and the records behind a number, downloaded over HTTP and read back as workbooks: the same
 * units, scores and records the year page and the drill-down show; a unit user gets only their own unit's
 * records, in a month opened to the units.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFiles, insertCorrection, type Store } from "@kaohe/db";
import { publishPeriod } from "@kaohe/services";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query, type Session, signInAs, startDemoServer } from "./support.ts";

let store: Store;
let base: string;
let admin: Session;
let close: () => Promise<void>;

beforeAll(async () => {
  // 2018-10 published, 2018-11 open to the units
  ({ store, base, close } = await startDemoServer("kaohe-exports-", { cycle: true }));
  admin = await signInAs(base, "admin");
}, 180_000);
afterAll(() => close());

async function workbook(res: Response): Promise<ExcelJS.Workbook> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  return wb;
}

const values = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1);

interface YearUnit {
  unit: { code: string; name: string };
  group: string;
  rank: number | null;
  ranked: boolean;
  published: number | null;
  items: { code: string; published: number | null }[];
}

describe("the year's table", () => {
  it("has a sheet per category in the tabs' order: the year's score and parts, each month's score and their mean, the yearly checklist", async () => {
    const res = await admin.fetch("/export/year/2017.xlsx");
    // not published yet: a preview, and named so where it is saved (as a month's is)
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent("年度考核-2017-预览.xlsx"));
    const wb = await workbook(res);
    const [year, categories] = await Promise.all([
      query<{ units: YearUnit[]; months: string[] }>(admin, "scores.year", { year: "2017" }),
      query<{ category: string }[]>(admin, "units.categories", {}),
    ]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(categories.map((c) => c.category));
    expect(year.months).toEqual(["2017-09", "2017-10", "2017-11", "2017-12"]);

    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(String(ws.getCell(1, 1).value)).toContain("2017年度考核结果（镇）");
    const head = values(ws.getRow(5)).map(String);
    const col = (name: string) => head.findIndex((h) => h.startsWith(name));
    // 名次 and 单位 span both header rows
    expect(head.slice(0, 3)).toEqual(["名次", "单位", "年终成绩"]);
    for (const m of ["9月", "10月", "11月", "12月", "各月得分平均", "综合管理考核得分"]) expect(col(m), m).toBeGreaterThan(0);
    // the mean shown is rounded; the note on its heading says the year's part is worked out from the mean itself
    expect(String(ws.getRow(5).getCell(col("各月得分平均") + 1).note)).toContain("按未舍入的平均值计算");
    // every heading once (a rubric's item named 月度平均 beside the table's own made two such columns: a walk)
    expect(new Set(head.filter(Boolean)).size).toBe(head.filter(Boolean).length);
    // on paper: two pages wide where it is wide, the rank and unit columns and the headings on each page (32 columns
    // printed one page wide were 4-point text: a walk)
    expect(head.length).toBeGreaterThan(20);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToWidth: 2, printTitlesRow: "4:5", printTitlesColumn: "A:B" });

    // each unit: the year's score as the year page shows it; the monthly part is 80% of the months' mean; the yearly
    // checklist's score is the one its own assessment gives
    const towns = year.units.filter((u) => u.group === "镇");
    const rows = Array.from({ length: towns.length }, (_, i) => values(ws.getRow(6 + i)));
    expect(rows.map((r) => r[1])).toEqual(towns.map((u) => u.unit.name));
    for (const [i, u] of towns.entries()) {
      const r = rows[i] as unknown[];
      expect(r[0]).toBe(u.ranked ? u.rank : "不排名");
      expect(r[2]).toBe(u.published);
      const months = ["9月", "10月", "11月", "12月"].map((m) => r[col(m)] as number);
      const mean = months.reduce((s, x) => s + x, 0) / months.length;
      expect(r[col("各月得分平均")]).toBeCloseTo(mean, 2);
      expect(u.items.find((x) => x.code === "投诉件办理月均")?.published).toBeCloseTo(0.8 * mean, 1);
      const checklist = await query<{ unit: { published: number } }>(admin, "scores.unitDetail", {
        period: "2017",
        unitCode: u.unit.code,
        assessment: "综合管理",
      });
      expect(r[col("综合管理考核得分")]).toBe(checklist.unit.published);
    }
  });

  it("a published year whose data changed since says so on the sheet: its frozen scores beside months scored now would contradict each other unsaid", async () => {
    const status = async () => String((await workbook(await admin.fetch("/export/year/2017.xlsx"))).worksheets[0]?.getCell(2, 1).value);
    await publishPeriod(store, "2017", { actor: "测试" });
    const named = (await admin.fetch("/export/year/2017.xlsx")).headers.get("content-disposition");
    expect(named).toContain(encodeURIComponent("年度考核-2017.xlsx"));
    expect(await status()).toMatch(/^桓台县民生热线服务中心　　计入月份：9月、10月、11月、12月　　规则版本：.+　　已发布：测试 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // 唐山镇 absent from a coordination on site (4.1: −5): its year-end score moves by 20% of 5
    const dir = mkdtempSync(join(tmpdir(), "kaohe-year-event-"));
    const events = join(dir, "events.csv");
    writeFileSync(events, "事件编号,单位,日期,事件类型,次数,分值,关联工单,说明\nNIANDU1,唐山镇,2017-11-05,现场协调缺席,,,,\n");
    expect((await importFiles(store, [{ path: events }], { actor: "测试" })).ok).toBe(true);
    expect(await status()).toContain(
      "注意：发布后数据有变动，按当前数据 1 个单位的年终成绩或名次与发布时不同；年终成绩、各项得分与名次为发布时冻结的结果，各月得分与综合管理各项按当前数据计算，重新发布后一致",
    );
  });

  it("says in 备注 what the year page and the CLI warn of a unit: a yearly fact missing, counted as 是", async () => {
    // the demo's 2018 has no row of 县规划局's 专线网络 (item 7.1, 5 points if not): taken as 是, so nothing deducted —
    // the year page's banner and the CLI's 备注 say so; the sheet's 备注 was empty (a year-end walk)
    const wb = await workbook(await admin.fetch("/export/year/2018.xlsx"));
    const ws = wb.getWorksheet("县直部门") as ExcelJS.Worksheet;
    const head = values(ws.getRow(5)).map(String);
    const row = Array.from({ length: ws.rowCount - 5 }, (_, i) => values(ws.getRow(6 + i))).find((r) => r[1] === "县规划局");
    expect(String(row?.[head.indexOf("备注")] ?? "")).toContain("缺少 2018 年“以系统专线形式建立与市、县联网的民生热线工作网络”的记录，按“是”计");
  });

  it("says in 备注 how many of the year's months a unit owed a written explanation (办法五), and how many it handed in late or never", async () => {
    const notes = async (sheet: string) => {
      const wb = await workbook(await admin.fetch("/export/year/2018.xlsx"));
      const ws = wb.getWorksheet(sheet) as ExcelJS.Worksheet;
      const head = values(ws.getRow(5)).map(String);
      return Object.fromEntries(
        Array.from({ length: ws.rowCount - 5 }, (_, i) => values(ws.getRow(6 + i))).map((r) => [String(r[1]), String(r[head.indexOf("备注")] ?? "")]),
      );
    };
    // the demo's towns owing one in every month of 2018 (counted from each month's 须书面说明 by a helper): 12 months.
    // October is published and November open to the units, their deadlines still to come; the other months were never
    // opened to the units (no deadline): nothing late, nothing missing
    const before = await notes("镇");
    for (const town of ["唐山镇", "田庄镇", "荆家镇", "马桥镇"]) expect(before[town], town).toBe("书面说明 12 个月");
    // October's deadline passed on 2018-11-10 (Beijing): 唐山镇 handed its explanation in two days after, 田庄镇 none
    const october = await store.prisma.assessmentCycle.findUniqueOrThrow({ where: { period: "2018-10" } });
    const deadline = new Date("2018-11-10T15:59:59.999Z");
    await store.prisma.assessmentCycle.update({ where: { period: "2018-10" }, data: { explanationDeadline: deadline } });
    const late = await store.prisma.explanation.create({
      data: {
        period: "2018-10",
        unitCode: "HTZ01",
        text: "超期系汛期道路中断所致，已整改。",
        reasons: [],
        status: "submitted",
        submittedBy: "tangshan",
        submittedAt: new Date("2018-11-12T02:00:00Z"),
      },
    });
    try {
      const after = await notes("镇");
      // 12 months each: October 逾期提交 for 唐山镇, 逾期未交 for 田庄镇; November's deadline to come, the rest never opened
      expect([after.唐山镇, after.田庄镇, after.荆家镇]).toEqual([
        "书面说明 12 个月（逾期提交 1 次）",
        "书面说明 12 个月（逾期未交 1 次）",
        "书面说明 12 个月（逾期未交 1 次）",
      ]);
    } finally {
      await store.prisma.explanation.delete({ where: { id: late.id } });
      await store.prisma.assessmentCycle.update({ where: { period: "2018-10" }, data: { explanationDeadline: october.explanationDeadline } });
    }
  });

  it("shows each months' mean rounded half-up to two decimals, as scores are published (96.845 is 96.85, whatever binary noise the sum carries)", async () => {
    const wb = await workbook(await admin.fetch("/export/year/2018.xlsx"));
    // the exact half-up rounding of a mean of two-decimal scores, in whole cents: no floating point to err
    const cents = (xs: number[]) => xs.reduce((s, x) => s + Math.round(x * 100), 0);
    const halfUpMean = (xs: number[]) => Math.floor((2 * cents(xs) + xs.length) / (2 * xs.length)) / 100;
    let checked = 0;
    let halves = 0;
    for (const ws of wb.worksheets) {
      const head = values(ws.getRow(5)).map(String);
      const monthCols = head.flatMap((h, i) => (/^\d+月$/.test(h) ? [i] : []));
      const meanCol = head.indexOf("各月得分平均");
      for (let r = 6; r <= ws.rowCount; r++) {
        const row = values(ws.getRow(r));
        const months = monthCols.map((i) => row[i]).filter((x): x is number => typeof x === "number");
        if (!months.length) continue;
        expect(row[meanCol], `${ws.name} ${String(row[1])}`).toBe(halfUpMean(months));
        checked++;
        // the case the rounding is about: a mean ending in exactly half a cent
        if ((2 * cents(months)) % (2 * months.length) === months.length) halves++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(halves, "the demo year has a mean ending in half a cent").toBeGreaterThan(0);
  });

  it("on paper: each category by its label, 单位 as wide as its longest name, the title within the first of two pages", async () => {
    // a county's long name (22 characters: 44 columns wide; 24 cut it at 县数据和大数据服务中心（县营商环: a review)
    const long = "县数据和大数据服务中心（县营商环境服务中心）";
    const before = (await store.prisma.unit.findUniqueOrThrow({ where: { code: "HTZ01" } })).name;
    await store.prisma.unit.update({ where: { code: "HTZ01" }, data: { name: long } });
    let wb: ExcelJS.Workbook;
    try {
      wb = await workbook(await admin.fetch("/export/year/2018.xlsx"));
    } finally {
      await store.prisma.unit.update({ where: { code: "HTZ01" }, data: { name: before } });
    }
    expect(wb.getWorksheet("镇")?.getColumn(2).width).toBeGreaterThanOrEqual(44);
    const streets = wb.getWorksheet("街道") as ExcelJS.Worksheet;
    // the rubric's label, as the month's report says it (it said （街道）: a review)
    expect(String(streets.getCell(1, 1).value)).toMatch(/2018年度考核结果（城区街道办事处）$/);
    for (const ws of wb.worksheets) {
      const names = Array.from({ length: ws.rowCount - 5 }, (_, i) => String(ws.getRow(6 + i).getCell(2).value ?? ""));
      // each Chinese character two columns wide
      expect(ws.getColumn(2).width, ws.name).toBeGreaterThanOrEqual(Math.max(...names.map((n) => 2 * n.length)));
      // printed two pages wide, page 2 repeating 名次 and 单位: page 1 holds at least half the table with them, and the
      // title's merged cells lie within that half (the title was cut in two mid-word at the page's edge: a review)
      const columns = values(ws.getRow(5)).length;
      const widths = Array.from({ length: columns }, (_, i) => ws.getColumn(i + 1).width ?? 0);
      const half = (widths.reduce((s, w) => s + w, 0) + (widths[0] ?? 0) + (widths[1] ?? 0)) / 2;
      const title = (ws.model.merges ?? []).find((m) => m.startsWith("A1:"));
      const last = Number(ws.getCell(title?.split(":")[1] ?? "A1").col);
      expect(last, ws.name).toBeLessThan(columns);
      expect(
        widths.slice(0, last).reduce((s, w) => s + w, 0),
        ws.name,
      ).toBeLessThanOrEqual(half);
      expect(ws.getCell(1, 1).alignment).toMatchObject({ wrapText: true });
    }
  });

  it("names a month not yet published a preview in the file's name", async () => {
    // 2018-11 is open to the units, not published; 2018-10 is published
    expect((await admin.fetch("/export/month/2018-11.xlsx")).headers.get("content-disposition")).toContain(encodeURIComponent("考核排名-2018-11-预览.xlsx"));
    expect((await admin.fetch("/export/month/2018-10.xlsx")).headers.get("content-disposition")).toContain(encodeURIComponent("考核排名-2018-10.xlsx"));
  });

  it("refuses a malformed year in Chinese", async () => {
    const res = await admin.fetch("/export/year/17.xlsx");
    expect([res.status, ((await res.json()) as { zh: string }).zh]).toEqual([400, "年度应写成 2017，而不是“17”"]);
  });
});

describe("a month without data (无数据)", () => {
  it("has no report nor bulletin to download, whoever asks: refused saying which month, why and which file to import", async () => {
    // January 2019: the rubric in force, no order of any unit (the demo's orders end in December 2018)
    for (const role of ["sysadmin", "admin", "editor", "unit", "viewer"] as const) {
      const who = await signInAs(base, role);
      for (const path of ["/export/month/2019-01.xlsx", "/export/bulletin/2019-01.docx", "/export/bulletin/2019-01.pdf"]) {
        const res = await who.fetch(path);
        const { zh } = (await res.json()) as { zh: string };
        // a unit user reads no report of every unit, whatever the month
        expect([role, path, res.status, res.headers.get("content-disposition")]).toEqual([role, path, role === "unit" ? 403 : 409, null]);
        if (role !== "unit")
          expect(zh).toMatch(
            /^2019年1月无数据：没有一个单位有本月受理的工单，不计分、不排名，(没有可导出的报表|不能生成《投诉动态》)。请先在“数据”页导入本月的工单文件（文件名以“工单”或 orders 开头，如“工单2019年1月\.xlsx”）$/,
          );
      }
    }
  });
});

describe("a year without data (无数据)", () => {
  it("has no table nor bulletin to download, whoever asks: refused saying which year, why and what to import", async () => {
    // 2019: the rubric in force all year, no order of any unit in any month (a new county's 2026 gave every unit tied first)
    for (const role of ["sysadmin", "admin", "editor", "unit", "viewer"] as const) {
      const who = await signInAs(base, role);
      for (const path of ["/export/year/2019.xlsx", "/export/bulletin/2019.docx", "/export/bulletin/2019.pdf"]) {
        const res = await who.fetch(path);
        const { zh } = (await res.json()) as { zh: string };
        // a unit user reads no table of every unit, whatever the year
        expect([role, path, res.status, res.headers.get("content-disposition")]).toEqual([role, path, role === "unit" ? 403 : 409, null]);
        if (role !== "unit")
          expect(zh).toMatch(
            /^2019年度无数据：没有一个单位有本年受理的工单，不计分、不排名，(没有可导出的报表|不能生成年度考核结果通报)。请先在“数据”页导入本年各月的工单文件（文件名以“工单”或 orders 开头，如“工单2019年1月\.xlsx”）$/,
          );
      }
    }
  });
});

describe("the records behind a number", () => {
  const path = (q: Record<string, string>) => `/export/drilldown.xlsx?${new URLSearchParams(q)}`;

  it("lists every record the drill-down lists, with the unit, period and measure above", async () => {
    const q = { period: "2018-11", unitCode: "HTZ01", measure: "超期件数" };
    const listed = await query<{ total: number; rows: { id: string }[] }>(admin, "scores.drilldown", { ...q, pageSize: 500 });
    expect(listed.total).toBeGreaterThan(0);
    const wb = await workbook(await admin.fetch(path({ period: q.period, unit: q.unitCode, measure: q.measure })));
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(String(ws.getCell(1, 1).value)).toBe(`唐山镇　2018年11月　超期件数：${listed.total} 件工单`);
    expect(values(ws.getRow(4)).slice(0, 4)).toEqual(["工单编号", "来源", "诉求类型", "受理时间"]);
    const ids = Array.from({ length: listed.total }, (_, i) => ws.getRow(5 + i).getCell(1).value);
    expect(ids).toEqual(listed.rows.map((r) => r.id));
    expect(ws.getRow(5 + listed.total).getCell(1).value).toBeNull();
    // times as Beijing wall-clock dates Excel shows
    expect(ws.getRow(5).getCell(4).value).toBeInstanceOf(Date);
    // an attribute holding decimals (the demo's 响应时长(小时)) as numbers Excel sums; a text one (渠道) as text
    const head = values(ws.getRow(4));
    const hours = Array.from({ length: listed.total }, (_, i) => ws.getRow(5 + i).getCell(head.indexOf("响应时长(小时)") + 1).value);
    expect(hours.every((h) => typeof h === "number" && h > 0)).toBe(true);
    expect(typeof ws.getRow(5).getCell(head.indexOf("渠道") + 1).value).toBe("string");
    // then what the rubric works out of each order (its fields), as the console's table shows them: each one listed is 超期
    expect(head.slice(-4)).toEqual(["有效办理时限", "超期件", "办结件", "数据更正"]);
    expect(Array.from({ length: listed.total }, (_, i) => ws.getRow(5 + i).getCell(head.indexOf("超期件") + 1).value).every((v) => v === "是")).toBe(true);
  });

  it("exports the orders that cost 办结率 its points (notIn) as the console lists them, said so in the title and the file name", async () => {
    const q = { period: "2018-11", unitCode: "HTZ01", measure: "工单数", notIn: "办结件数" };
    const listed = await query<{ total: number; rows: { id: string }[] }>(admin, "scores.drilldown", { ...q, pageSize: 500 });
    expect(listed.total).toBeGreaterThan(0);
    const res = await admin.fetch(path({ period: q.period, unit: q.unitCode, measure: q.measure, notIn: q.notIn }));
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent("明细-唐山镇-2018-11-承办量中不属于办结件数的.xlsx"));
    const ws = (await workbook(res)).worksheets[0] as ExcelJS.Worksheet;
    expect(String(ws.getCell(1, 1).value)).toBe(`唐山镇　2018年11月　失分的工单（承办量中不属于办结件数的）：${listed.total} 件工单`);
    // the same columns as any list of orders, and exactly the orders listed: none of them 办结
    const head = values(ws.getRow(4));
    expect(head.slice(0, 4)).toEqual(["工单编号", "来源", "诉求类型", "受理时间"]);
    expect(Array.from({ length: listed.total + 1 }, (_, i) => ws.getRow(5 + i).getCell(1).value)).toEqual([...listed.rows.map((r) => r.id), null]);
    expect(Array.from({ length: listed.total }, (_, i) => ws.getRow(5 + i).getCell(head.indexOf("办结件") + 1).value).every((v) => v === "否")).toBe(true);
  });

  it("shows a deadline written as a date alone as that day, heads 结案类型 as the import does, names the file by the measure's label", async () => {
    const listed = await query<{ rows: { id: string; dueAt: number }[] }>(admin, "scores.drilldown", {
      period: "2018-11",
      unitCode: "HTZ01",
      measure: "工单数",
      pageSize: 1,
    });
    const order = listed.rows[0];
    if (!order) throw new Error("唐山镇 has no order in 2018-11");
    // 2018-11-20 written as a date alone: stored as the day's end in Beijing, 2018-11-20 23:59:59.999 (UTC+8)
    const endOfDay = Date.UTC(2018, 10, 20, 15, 59, 59, 999);
    await store.prisma.order.update({ where: { id: order.id }, data: { dueAt: endOfDay } });
    try {
      const res = await admin.fetch(path({ period: "2018-11", unit: "HTZ01", measure: "工单数" }));
      // 工单数 is the rubric's name; the console and the sheet's title say 承办量
      expect(res.headers.get("content-disposition")).toContain(encodeURIComponent("明细-唐山镇-2018-11-承办量.xlsx"));
      const ws = (await workbook(res)).worksheets[0] as ExcelJS.Worksheet;
      const head = values(ws.getRow(4));
      expect(head).toContain("结案类型");
      const row = Array.from({ length: ws.rowCount - 4 }, (_, i) => ws.getRow(5 + i)).find((r) => r.getCell(1).value === order.id);
      const due = row?.getCell(head.indexOf("办理时限") + 1);
      // that day, shown as a date: at 23:59:59.999 to the minute it showed as 2018-11-21 00:00
      expect([due?.value, due?.numFmt]).toEqual([new Date("2018-11-20T00:00:00Z"), "yyyy-mm-dd"]);
      // a time of day shown to the minute as before
      expect(row?.getCell(head.indexOf("受理时间") + 1).numFmt).toBe("yyyy-mm-dd hh:mm");
    } finally {
      await store.prisma.order.update({ where: { id: order.id }, data: { dueAt: order.dueAt } });
    }
  });

  it("lists events with their points, the type's declared points when the event has none", async () => {
    const events = await store.prisma.event.findMany({ where: { type: "行政不作为", points: null }, take: 1 });
    const e = events[0];
    if (!e) throw new Error("the demo has no 行政不作为 event");
    const month = new Date(e.date + 8 * 3_600_000).toISOString().slice(0, 7);
    const wb = await workbook(await admin.fetch(path({ period: month, unit: e.unit, measure: "#次数:行政不作为" })));
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(values(ws.getRow(4)).slice(0, 5)).toEqual(["事件编号", "日期", "事件类型", "次数", "分值"]);
    const row = Array.from({ length: 20 }, (_, i) => values(ws.getRow(5 + i))).find((r) => r[0] === e.id);
    expect(row?.slice(2, 5)).toEqual(["行政不作为", e.count, 5]);
  });

  it("a unit user: their own unit in a month opened to them; another unit or a closed month refused (403, audited)", async () => {
    const unit = await signInAs(base, "unit");
    const own = await unit.fetch(path({ period: "2018-11", unit: "HTZ01", measure: "工单数" }));
    expect(own.status).toBe(200);
    const other = await unit.fetch(path({ period: "2018-11", unit: "HTZ02", measure: "工单数" }));
    expect([other.status, ((await other.json()) as { zh: string }).zh]).toEqual([403, "没有权限：单位用户只能查看本单位的得分与工单"]);
    const closed = await unit.fetch(path({ period: "2018-09", unit: "HTZ01", measure: "工单数" }));
    expect([closed.status, ((await closed.json()) as { zh: string }).zh]).toEqual([403, "2018年9月的考核结果尚未向各单位开放"]);
    // a refusal is written to the audit log by the writer thread, without the answer waiting for it
    const denied = () => store.prisma.auditLog.count({ where: { action: "access.denied", entityId: "/export/drilldown.xlsx" } });
    await expect.poll(denied, { timeout: 10_000 }).toBe(2);
  });

  it("the same questions through /trpc are audited too, once each, whether a reader thread or this one answered them (a security review)", async () => {
    const unit = await signInAs(base, "unit");
    // scores.* run in a reader thread, the responses' lists in the request thread
    for (const [path, input] of [
      ["scores.unitDetail", { period: "2018-11", unitCode: "HTZ02" }],
      ["scores.drilldown", { period: "2018-09", unitCode: "HTZ01", measure: "工单数" }],
      ["objections.list", { unitCode: "HTZ02" }],
    ] as const) {
      const res = await unit.trpc(path, input);
      expect([path, res.status]).toEqual([path, 403]);
    }
    const denied = (entityId: string) => store.prisma.auditLog.count({ where: { action: "access.denied", entityId } });
    await expect
      .poll(async () => [await denied("scores.unitDetail"), await denied("scores.drilldown"), await denied("objections.list")], { timeout: 10_000 })
      .toEqual([1, 1, 1]);
    // not a second time by the reader thread that ran the call
    await new Promise((ok) => setTimeout(ok, 500));
    expect([await denied("scores.unitDetail"), await denied("scores.drilldown")]).toEqual([1, 1]);
  });

  it("a refused address with a line break in it is audited on one line: the break written as \\u{a}, nothing forged", async () => {
    const unit = await signInAs(base, "unit");
    const res = await unit.fetch("/export/month/2018-11%0A2026-12-05%2010%3A00%3A00%20xitong%20%E5%8F%91%E5%B8%83.xlsx");
    expect(res.status).toBe(403);
    const entry = () => store.prisma.auditLog.findFirst({ where: { action: "access.denied", entityId: { startsWith: "/export/month/2018-11\\u{a}" } } });
    await expect.poll(entry, { timeout: 10_000 }).toBeTruthy();
    expect((await entry())?.entityId).toBe("/export/month/2018-11\\u{a}2026-12-05 10:00:00 xitong 发布.xlsx");
  });

  it("says what is missing, in Chinese", async () => {
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ period: "2018-13", unit: "HTZ01", measure: "工单数" }, 400, /考核期应写成/],
      [{ unit: "HTZ01", measure: "工单数" }, 400, /^请指定考核期（地址参数 period/],
      [{ period: "2018-11", unit: "", measure: "工单数" }, 400, /请指定单位编码/],
      [{ period: "2018-11", unit: "HTZ01", measure: "" }, 400, /请指定计数名称/],
      [{ period: "2018-11", unit: "HTZ01", measure: "没有这个" }, 404, /规则中没有名为“没有这个”的计数/],
      [{ period: "2018-11", unit: "NOPE", measure: "工单数" }, 404, /没有编码为“NOPE”的单位/],
    ];
    for (const [q, status, message] of cases) {
      const res = await admin.fetch(path(q));
      expect([res.status, ((await res.json()) as { zh: string }).zh]).toEqual([status, expect.stringMatching(message)]);
    }
  });
});

describe("a period not begun", () => {
  // the demo's rubric is in force from 2017 with no end, so 2099 has a version in force and a window: the 1st of the
  // month (the year: 1 January) 00:00 Beijing time, still to come. Each report of it was made as if real, every unit
  // first at 100 分 (a contract tester's): refused before anything is made, in the words opening and publishing use
  const refusal = (period: string, starts: string, which: string) =>
    `${period}尚未开始（考核周期自 ${starts} 起，北京时间）：还没有开始的考核期没有考核结果，不能导出报表，请检查所选的${which}`;

  it.each([
    ["/export/month/2099-11.xlsx", refusal("2099年11月", "2099-11-01", "月份")],
    ["/export/bulletin/2099-01.pdf", refusal("2099年1月", "2099-01-01", "月份")],
    ["/export/bulletin/2099-01.docx", refusal("2099年1月", "2099-01-01", "月份")],
    ["/export/year/2099.xlsx", refusal("2099年度", "2099-01-01", "年份")],
    ["/export/bulletin/2099.docx", refusal("2099年度", "2099-01-01", "年份")],
    ["/export/bulletin/2099.pdf", refusal("2099年度", "2099-01-01", "年份")],
    [`/export/drilldown.xlsx?${new URLSearchParams({ period: "2099-01", unit: "HTZ01", measure: "工单数" })}`, refusal("2099年1月", "2099-01-01", "月份")],
  ])("%s: 400 with the reason, no file", async (path, zh) => {
    const res = await admin.fetch(path);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBeNull();
    expect(((await res.json()) as { zh: string }).zh).toBe(zh);
  });

  it("a period begun is exported as before (the month the demo opened to the units)", async () => {
    expect((await admin.fetch("/export/month/2018-11.xlsx")).status).toBe(200);
    expect((await admin.fetch("/export/bulletin/2018-11.pdf")).status).toBe(200);
  });
});

describe("the records behind a number of a big unit", () => {
  it("exports more records than SQLite binds parameters in one query (999), with the corrections of the last page", async () => {
    // a county's unit had 6,661 orders that cost its 办结率 points: their export failed with 500 (P2029) after the
    // records were read, when the corrections of all of them were looked up in one `in` list. 1,200 orders of 唐山镇
    // in 2019-01 (a month the demo holds nothing of), none closed: each one costs the rate its points
    const dir = mkdtempSync(join(tmpdir(), "kaohe-big-export-"));
    const orders = join(dir, "orders.csv");
    const id = (i: number) => `DA${String(i).padStart(5, "0")}`;
    const lines = Array.from({ length: 1200 }, (_, i) => `${id(i + 1)},唐山镇,县中心,2019-01-${String((i % 20) + 1).padStart(2, "0")} 09:00,2019-01-28 17:00,`);
    writeFileSync(orders, ["工单编号,承办单位,来源,受理时间,办理时限,办结时间", ...lines].join("\n"));
    expect((await importFiles(store, [{ path: orders }], { actor: "测试" })).ok).toBe(true);
    // a correction of the 1,200th, listed last (received on the 20th, the last day): on the third page of 500
    await insertCorrection(store.raw, {
      objectionId: null,
      record: "orders",
      recordId: id(1200),
      unitCode: "HTZ01",
      field: "delayExcused",
      from: false,
      to: true,
      actor: "测试",
    });
    const q = { period: "2019-01", unit: "HTZ01", measure: "工单数", notIn: "办结件数" };
    const res = await admin.fetch(`/export/drilldown.xlsx?${new URLSearchParams(q)}`);
    const ws = (await workbook(res)).worksheets[0] as ExcelJS.Worksheet;
    expect(String(ws.getCell(1, 1).value)).toBe("唐山镇　2019年1月　失分的工单（承办量中不属于办结件数的）：1200 件工单");
    const head = values(ws.getRow(4));
    const listed = Array.from({ length: 1201 }, (_, i) => ws.getRow(5 + i).getCell(1).value);
    expect(listed.at(-1)).toBeNull();
    expect(new Set(listed.slice(0, 1200))).toEqual(new Set(Array.from({ length: 1200 }, (_, i) => id(i + 1))));
    const corrected = Array.from({ length: 1200 }, (_, i) => ws.getRow(5 + i))
      .filter((r) => r.getCell(head.indexOf("数据更正") + 1).value)
      .map((r) => [r.getCell(1).value, r.getCell(head.indexOf("数据更正") + 1).value]);
    expect(corrected).toEqual([[id(1200), "超期说明已认可：否 → 是"]]);
  }, 120_000);
});

/**
 * The downloads besides the monthly report (report.ts): the year-end table
 * as XLSX (per category: the year's score and its parts, each month's score,
 * the yearly checklist's sections), the records behind one number as XLSX,
 * and the month's bulletin 《投诉动态》 as DOCX or PDF. Each is built in a
 * reader thread (threads.ts) by `buildExport`.
 */

import { formatShanghai, partOfYearText, xlsxBuffer } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { type AssessmentResult, type CompiledRubric, type ItemResult, roundHalfUp, type UnitResult } from "@kaohe/rules-engine";
import {
  assertPeriodHasData,
  bulletinData,
  currentPublication,
  drilldownMeasure,
  getCenterName,
  monthsScored,
  orderedGroupNames,
  publicationFreshness,
  rubricFor,
  scorePeriod,
  yearBulletinData,
  yearSanctions,
  yearSanctionsText,
} from "@kaohe/services";
import { lostText } from "@kaohe/services/lost-records";
import { endOfShanghaiDay, periodLabel, SHANGHAI_OFFSET_MS, startOfShanghaiDay } from "@kaohe/time";
import type ExcelJS from "exceljs";
import { bulletinDocx, yearBulletinDocx } from "./bulletin/docx.ts";
import { bulletinPdf, yearBulletinPdf } from "./bulletin/pdf.ts";
import { beijingTime, fittedHeight, NO_ORDERS_NOTE, sheetName, textWidth, titleRows, unitColumnWidth, unitNotes } from "./report.ts";

export interface DrilldownExportQuery {
  period: string;
  unitCode: string;
  measure: string;
  /** only the records of `measure` this measure does not count (the ones that cost a rate its points) */
  notIn?: string;
  search?: string;
  /** another assessment of the period's kind than the ranked one (a quarter): its records */
  assessment?: string;
}

export type ExportRequest =
  | { kind: "bulletinDocx"; month: string }
  | { kind: "bulletinPdf"; month: string }
  | { kind: "yearBulletinDocx"; year: string }
  | { kind: "yearBulletinPdf"; year: string }
  | { kind: "yearXlsx"; year: string }
  | { kind: "drilldownXlsx"; query: DrilldownExportQuery };

/** The file asked for. */
export async function buildExport(store: Store, request: ExportRequest): Promise<Buffer> {
  switch (request.kind) {
    case "bulletinDocx":
      return bulletinDocx(await bulletinData(store, request.month));
    case "bulletinPdf":
      return bulletinPdf(await bulletinData(store, request.month));
    case "yearBulletinDocx":
      return yearBulletinDocx(await yearBulletinData(store, request.year));
    case "yearBulletinPdf":
      return yearBulletinPdf(await yearBulletinData(store, request.year));
    case "yearXlsx":
      return yearReport(store, request.year);
    case "drilldownXlsx":
      return drilldownReport(store, request.query);
  }
}

const thin = { style: "thin" as const, color: { argb: "FF999999" } };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const headFill = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFEFEFEF" } };

function styleHead(row: ExcelJS.Row): void {
  row.font = { name: "黑体", size: 11, bold: true };
  row.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  row.eachCell({ includeEmpty: true }, (c) => {
    c.border = border;
    c.fill = headFill;
  });
}

// ------------------------------------------------------------------ the year

interface Part {
  name: string;
  label: string;
  /** sections of the part's items, in the rubric's order, with their maximum (bonus items counted apart) */
  sections: { key: string; label: string; max: number; bonus: number }[];
  byUnit: Map<string, UnitResult>;
}

const sectionKey = (i: ItemResult) => i.section?.code ?? i.code;

/** A yearly checklist that feeds the year-end score (综合管理), its sections and each unit's result. */
async function yearlyPart(store: Store, rubric: CompiledRubric, year: string, name: string, label: string): Promise<Part> {
  // its warnings unread: the data's end, a pass over each month's orders, not looked for
  const result = await scorePeriod(store, rubric, year, { assessment: name, evidence: false, dataCutoff: false });
  const sections = new Map<string, Part["sections"][number]>();
  for (const item of result.units[0]?.items ?? []) {
    const key = sectionKey(item);
    const s = sections.get(key) ?? {
      key,
      label: item.section ? `${item.section.code} ${item.section.label ?? ""}`.trim() : (item.label ?? item.code),
      max: 0,
      bonus: 0,
    };
    if (item.bonus) s.bonus += item.max;
    else s.max += item.max;
    sections.set(key, s);
  }
  return { name, label, sections: [...sections.values()], byUnit: new Map(result.units.map((u) => [u.unit.code, u])) };
}

const maxText = (s: { max: number; bonus: number }) => [s.max ? `满分${s.max}` : "", s.bonus ? `加分≤${s.bonus}` : ""].filter(Boolean).join("，");

/** The year table's column of each unit's months' mean. */
const MONTHS_MEAN = "各月得分平均";

/**
 * A year's sheet on paper: A4 landscape, one page wide while its columns fit at a readable size; wider (twelve months
 * beside the checklist's sections: 32 columns printed at about a third of their size, 4-point text: a walk), two pages
 * wide, the rank and unit columns and the two heading rows repeated on each page.
 */
function yearPageSetup(columns: number): Partial<ExcelJS.PageSetup> {
  const wide = columns > 20;
  return {
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: wide ? 2 : 1,
    fitToHeight: 0,
    horizontalCentered: !wide,
    printTitlesRow: "4:5",
    ...(wide ? { printTitlesColumn: "A:B" } : {}),
  };
}

/** The year-end table: per category, each unit's year score and its parts, the monthly scores the year averages, the yearly checklist by section. */
async function yearReport(store: Store, year: string): Promise<Buffer> {
  const { default: Excel } = await import("exceljs");
  const publication = await currentPublication(store, year);
  const center = await getCenterName(store);
  const { rubric } = await rubricFor(store, year, publication?.rubricVersionId);
  const result: AssessmentResult = publication ? publication.result : await scorePeriod(store, rubric, year, { evidence: false });
  // a year none of whose months has data (not published) has no ranking to report: every unit at full marks, tied first
  if (!publication) await assertPeriodHasData(store, rubric, year, "export", result);
  // the months and checklists beside the year's frozen result are scored from the data now: when that has changed
  // since, the sheet says so, not a table silently contradicting itself
  const changed = publication ? ((await publicationFreshness(store, year))?.differences.length ?? 0) : 0;
  const status = publication
    ? `已发布：${publication.publishedBy} ${beijingTime(publication.publishedAt)}${
        changed > 0
          ? `　　注意：发布后数据有变动，按当前数据 ${changed} 个单位的年终成绩或名次与发布时不同；年终成绩、各项得分与名次为发布时冻结的结果，各月得分与综合管理各项按当前数据计算，重新发布后一致`
          : ""
      }`
    : "未发布（预览）";
  // each month the year counts, scored by the same rubric as the year (the mean the year-end item takes): those the
  // year's scoring just kept, not scored again (monthsScored)
  const months = new Map<string, Map<string, UnitResult>>();
  let monthlyLabel = "月度考核";
  for (const [m, r] of await monthsScored(store, rubric, result.months)) {
    monthlyLabel = r.assessment.label ?? r.assessment.name;
    months.set(m, new Map(r.units.map((u) => [u.unit.code, u])));
  }
  const sanctions = await yearSanctions(store, new Map([...months].map(([m, byCode]) => [m, [...byCode.values()]])));
  const parts: Part[] = [];
  for (const a of rubric.assessments.values()) {
    if (a.schedule === "yearly" && a.name !== result.assessment.name) parts.push(await yearlyPart(store, rubric, year, a.name, a.label ?? a.name));
  }

  const labels = new Map(rubric.categories.map((c) => [c.name, c.label ?? c.name]));
  const wb = new Excel.Workbook();
  wb.creator = "kaohe";
  wb.created = new Date();
  const used = new Set<string>();
  const monthList = [...months.keys()];
  for (const group of await orderedGroupNames(
    store,
    result.units.map((u) => u.group),
  )) {
    const units = result.units.filter((u) => u.group === group);
    const items = units[0]?.items ?? [];
    const ws = wb.addWorksheet(sheetName(group, used), { views: [{ state: "frozen", xSplit: 2, ySplit: 5 }] });
    // the column groups: the year-end score and its parts; each month; each yearly checklist; volume, notes
    const spans: { title: string; columns: string[] }[] = [
      // the parts by their labels, which say their weights (a part's maximum with its bonus would mislead: 20% of 120)
      { title: result.assessment.label ?? "年终成绩", columns: ["年终成绩", ...items.map((i) => i.label ?? i.code)] },
      // (not 月度平均: a rubric's own item may be named so, and the sheet had two columns of that name: a new county's walk)
      { title: `${monthlyLabel}：各月得分`, columns: [...monthList.map((m) => `${Number(m.slice(5))}月`), MONTHS_MEAN] },
      ...parts.map((p) => ({
        title: p.label,
        columns: [`${p.label}得分`, ...p.sections.map((s) => `${s.label}（${maxText(s)}）`)],
      })),
      { title: "", columns: ["承办量", "备注"] },
    ];
    const width = 2 + spans.reduce((s, x) => s + x.columns.length, 0);
    // a unit set up or abolished within the year first: its year is the mean of its own months (the others blank)
    // and how many of the counted months it owed a written explanation (or fell under another of the rubric's
    // sanctions), its explanations late or never handed in: what 约谈 is decided on at the year's end (办法五)
    const notes = units.map((u) =>
      [unitNotes(u, NO_ORDERS_NOTE.year, partOfYearText(u.unit, year) ?? ""), yearSanctionsText(sanctions.get(u.unit.code) ?? [])].filter(Boolean).join("；"),
    );
    // the widths first: the title's place and the wrapped rows' heights follow from them. 单位 fits the longest
    // name (县人力资源和社会保障局劳动保障监察大队 lost its 大队 at 24: a review); 备注 as wide as its longest note
    // needs (28 wide and empty for every unit took a page's width from the scores)
    const widths = [
      7,
      unitColumnWidth(units.map((u) => u.unit.name)),
      ...Array.from({ length: width - 4 }, () => 11),
      8,
      Math.min(28, Math.max(8, ...notes.map((n) => (n ? textWidth(n) + 2 : 0)))),
    ];
    widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
    const setup = yearPageSetup(width);
    // printed two pages wide, the title within the first page's columns, not cut in two mid-word by the page's edge
    // (…工作考核办法　20 | 19年度考核结果: a review). Page 2 repeats 名次 and 单位, so each page holds at least half of
    // the table's width with them: the columns within that half are on page 1, however the sheet is scaled.
    const total = widths.reduce((s, w) => s + w, 0);
    const half = (total + (widths[0] ?? 0) + (widths[1] ?? 0)) / 2;
    let span = width;
    let across = total;
    if (setup.fitToWidth === 2) {
      span = 0;
      across = 0;
      while (span < width && across + (widths[span] ?? 0) <= half) across += widths[span++] ?? 0;
    }
    titleRows(
      ws,
      width,
      // the category as the rubric labels it, as the month's report does (城区街道办事处, not 街道: a review)
      `${result.rubric.name}　${year}年度考核结果（${labels.get(group) ?? group}）`,
      // the center's name as the month's report gives it (the year's had none: a walk)
      `${center ? `${center}　　` : ""}计入月份：${monthList.map((m) => `${Number(m.slice(5))}月`).join("、") || "无"}　　规则版本：${result.rubric.version}　　${status}`,
      { span, across },
    );
    ws.addRow([]);
    const top = ws.getRow(4);
    const head = ws.getRow(5);
    top.getCell(1).value = "名次";
    top.getCell(2).value = "单位";
    ws.mergeCells(4, 1, 5, 1);
    ws.mergeCells(4, 2, 5, 2);
    let col = 3;
    for (const span of spans) {
      if (span.title) {
        top.getCell(col).value = span.title;
        if (span.columns.length > 1) ws.mergeCells(4, col, 4, col + span.columns.length - 1);
      }
      span.columns.forEach((c, i) => {
        head.getCell(col + i).value = c;
        // the mean shown is rounded as scores are; the year's part is worked out from the mean itself, so a leader
        // checking 80% × 95.68 = 76.54 against 76.55 is told why (found by a helper checking the year by hand)
        if (c === MONTHS_MEAN)
          head.getCell(col + i).note =
            "各月得分的平均值，保留两位小数。年终成绩中的月度部分按未舍入的平均值计算（如 95.6825 × 80% = 76.55），与按本列计算可能差 0.01。";
      });
      col += span.columns.length;
    }
    // 承办量 and 备注 have no group above them
    ws.mergeCells(4, width - 1, 5, width - 1);
    ws.mergeCells(4, width, 5, width);
    top.getCell(width - 1).value = "承办量";
    top.getCell(width).value = "备注";
    for (const r of [top, head]) {
      styleHead(r);
      for (let c = 1; c <= width; c++) {
        r.getCell(c).border = border;
        r.getCell(c).fill = headFill;
      }
    }
    // as tall as the longest heading needs (十一 工作创新与主动作为等加分项（加分≤20） was cut at 48: a review)
    head.height = fittedHeight(
      ["", "", ...spans.flatMap((x) => x.columns)].map((text, i) => ({ text, width: widths[i] ?? 11 })),
      48,
    );
    top.height = fittedHeight(spans.flatMap((x) => (x.title ? [{ text: x.title, width: x.columns.length * 11 }] : [])));

    for (const [index, u] of units.entries()) {
      const monthly = monthList.map((m) => months.get(m)?.get(u.unit.code)?.published ?? null);
      const present = monthly.filter((x): x is number => x !== null);
      const values: (string | number | null)[] = [
        u.ranked ? u.rank : "不排名",
        u.unit.name,
        u.published,
        ...items.map((i) => u.items.find((x) => x.code === i.code)?.published ?? null),
        ...monthly,
        present.length ? roundHalfUp(present.reduce((s, x) => s + x, 0) / present.length, 2) : null,
        ...parts.flatMap((p) => {
          const r = p.byUnit.get(u.unit.code);
          return [
            r?.published ?? null,
            ...p.sections.map((s) => {
              const inSection = r?.items.filter((i) => sectionKey(i) === s.key) ?? [];
              return inSection.length
                ? roundHalfUp(
                    inSection.reduce((sum, i) => sum + (i.published ?? 0), 0),
                    2,
                  )
                : null;
            }),
          ];
        }),
        u.volume,
        notes[index] ?? "",
      ];
      const row = ws.addRow(values);
      row.font = { name: "宋体", size: 11 };
      row.eachCell({ includeEmpty: true }, (c, n) => {
        c.border = border;
        c.alignment = { horizontal: n === 2 || n === width ? "left" : "center", vertical: "middle", wrapText: n === 2 || n === width };
        if (typeof c.value === "number" && n >= 3 && n < width - 1) c.numFmt = "0.00";
      });
      const tall = fittedHeight([
        { text: u.unit.name, width: widths[1] ?? 24 },
        { text: notes[index] ?? "", width: widths[width - 1] ?? 28 },
      ]);
      if (tall > 15) row.height = tall;
    }
    ws.pageSetup = setup;
  }
  return xlsxBuffer(wb);
}

// ------------------------------------------------------------------ the records behind a number

/** At most this many records in one file: a spreadsheet, not a data dump. */
const DRILLDOWN_EXPORT_MAX = 100_000;

const yesNo = (b: boolean) => (b ? "是" : "否");
/** An instant as a cell Excel shows in Beijing time (exceljs writes a Date's UTC fields). */
const beijingCell = (ms: number | null) => (ms === null ? null : new Date(ms + SHANGHAI_OFFSET_MS));
/**
 * A deadline as a cell: one written as a date alone (stored as the day's end, 23:59:59.999) as that day, with
 * `dateOnly` true to be shown without a time, as the console shows it (shown to the minute, Excel and LibreOffice
 * round it up to the next day's 00:00: a review); any other as the moment it is.
 */
function deadlineCell(ms: number | null): { value: Date | null; dateOnly: boolean } {
  if (ms === null) return { value: null, dateOnly: false };
  return ms === endOfShanghaiDay(ms) ? { value: beijingCell(startOfShanghaiDay(ms)), dateOnly: true } : { value: beijingCell(ms), dateOnly: false };
}

/**
 * An attribute's value as a cell: a plain decimal (6.4, 12, -3) as a number, so that Excel sums and sorts it;
 * anything else as written (an id such as 00123 keeps its zeros).
 */
function attributeCell(v: unknown): unknown {
  if (typeof v === "string" && v.length <= 15 && /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/.test(v)) return Number(v);
  return v ?? null;
}

async function drilldownReport(store: Store, q: DrilldownExportQuery): Promise<Buffer> {
  const { default: Excel } = await import("exceljs");
  const pageSize = 500;
  const first = await drilldownMeasure(store, { ...q, page: 1, pageSize });
  const rows = [...first.rows];
  // what the rubric works out of each record (有效时限, 超期 …), as the console's table shows it
  const ownCells = [...first.own.cells];
  // each page brings the corrections of its records (newest first): not looked up again for all of them at once
  const corrections = [...first.corrections];
  const pages = Math.ceil(Math.min(first.total, DRILLDOWN_EXPORT_MAX) / pageSize);
  for (let page = 2; page <= pages; page++) {
    const next = await drilldownMeasure(store, { ...q, page, pageSize });
    rows.push(...next.rows);
    ownCells.push(...next.own.cells);
    corrections.push(...next.corrections);
  }
  const corrected = new Map<string, string[]>();
  for (const c of corrections) corrected.set(c.recordId, [...(corrected.get(c.recordId) ?? []), c.text]);
  const unit = (await store.prisma.unit.findUnique({ where: { code: q.unitCode }, select: { name: true } }))?.name ?? q.unitCode;
  const measured = first.measure.label ?? first.measure.name.replace(/^#次数:/, "");
  const label = first.notIn ? `失分的${first.record === "orders" ? "工单" : "事件"}（${lostText({ name: measured }, first.notIn)}）` : measured;
  const attributes = [...new Set(rows.flatMap((r) => Object.keys(r.attributes)))].sort();
  // an event without points of its own counts the points its type is declared with
  const declared = (await rubricFor(store, q.period)).rubric.plan.eventPoints;

  const wb = new Excel.Workbook();
  wb.creator = "kaohe";
  wb.created = new Date();
  const ws = wb.addWorksheet(first.record === "orders" ? "工单" : "事件", {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: "frozen", xSplit: 1, ySplit: 4 }],
  });
  const orderHead = [
    "工单编号",
    "来源",
    "诉求类型",
    "受理时间",
    "办理时限",
    "延期至",
    "办结时间",
    // as the import's column is named
    "结案类型",
    "超期说明已认可",
    "回退",
    "回退认可",
    "退回重办次数",
    "匿名",
    "已回访",
    "过程满意度",
    "结果满意度",
    "反弹",
    "领导批示",
  ];
  const eventHead = ["事件编号", "日期", "事件类型", "次数", "分值", "关联工单", "说明"];
  const imported = [...(first.record === "orders" ? orderHead : eventHead), ...attributes];
  // an extra column the rubric reads is there already, as imported (by its name); its fields are not
  const own = first.own.headings
    .map((h, i) => ({ h, i }))
    .filter(({ i }) => {
      const attribute = first.own.attributes[i];
      return attribute === null || attribute === undefined || !attributes.includes(attribute);
    });
  const header = [...imported, ...own.map(({ h }) => h), "数据更正"];
  const period = periodLabel(q.period);
  const truncated = first.total > rows.length ? `（共 ${first.total} 条，只导出前 ${rows.length} 条）` : "";
  titleRows(
    ws,
    header.length,
    `${unit}　${period}　${label}：${first.total} ${first.record === "orders" ? "件工单" : "条事件"}${truncated}`,
    `规则：${first.rubricVersion.name}（${first.rubricVersion.version}）${q.search ? `　　编号含“${q.search}”` : ""}　　导出时间：${formatShanghai(Date.now(), "minute")}（北京时间）`,
  );
  ws.addRow([]);
  styleHead(ws.addRow(header));
  for (const [index, r] of rows.entries()) {
    const due = "receivedAt" in r ? deadlineCell(r.dueAt) : null;
    const extended = "receivedAt" in r ? deadlineCell(r.extendedTo) : null;
    // the columns (1-based) of the row's deadlines written as dates alone
    const dateOnly = new Set([due?.dateOnly ? 5 : 0, extended?.dateOnly ? 6 : 0]);
    const base =
      "receivedAt" in r
        ? [
            r.id,
            r.source,
            r.kind,
            beijingCell(r.receivedAt),
            due?.value ?? null,
            extended?.value ?? null,
            beijingCell(r.closedAt),
            r.closureType,
            yesNo(r.delayExcused),
            yesNo(r.returned),
            yesNo(r.returnAccepted),
            r.redoCount,
            yesNo(r.anonymous),
            yesNo(r.visited),
            r.processSatisfaction,
            r.resultSatisfaction,
            yesNo(r.rebound),
            yesNo(r.leaderInstructed),
          ]
        : [r.id, beijingCell(r.date), r.type, r.count, r.points ?? declared.get(r.type) ?? null, r.orderId, r.note];
    const cells = ownCells[index] ?? [];
    const row = ws.addRow([
      ...base,
      ...attributes.map((a) => attributeCell(r.attributes[a])),
      ...own.map(({ i }) => cells[i] ?? ""),
      (corrected.get(r.id) ?? []).join("；"),
    ]);
    row.font = { name: "宋体", size: 11 };
    row.eachCell({ includeEmpty: true }, (c, n) => {
      c.border = border;
      c.alignment = { vertical: "top", wrapText: true };
      if (c.value instanceof Date) c.numFmt = first.record === "orders" && !dateOnly.has(n) ? "yyyy-mm-dd hh:mm" : "yyyy-mm-dd";
    });
  }
  header.forEach((h, i) => {
    ws.getColumn(i + 1).width = i === 0 ? 18 : /时间|时限|延期至|日期/.test(h) ? 17 : h === "数据更正" || h === "说明" ? 36 : Math.max(8, h.length * 2 + 2);
  });
  return xlsxBuffer(wb);
}

/**
 * The monthly report as an office prints it: one sheet per category, a
 * title, the period, the rubric version and publication, the ranking table
 * with each part's points, and the units that owe a written explanation;
 * then a sheet of the month's written explanations and objections.
 */

import { xlsxBuffer } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import type { AssessmentResult, UnitResult } from "@kaohe/rules-engine";
import {
  asksForExplanation,
  assertPeriodHasData,
  categoryLabelsOf,
  causeText,
  currentPublication,
  type ExplanationDuty,
  explanationDuties,
  getCenterName,
  listObjections,
  type Objection,
  personOf,
  previousMonthCompared,
  rankMove,
  sanctionCauses,
  scoreInForce,
} from "@kaohe/services";
import { rankChangeWord } from "@kaohe/services/rank-change";
import { roundingFootnote } from "@kaohe/services/rounding";
import { addMonths, isYear, periodLabel } from "@kaohe/time";
import type ExcelJS from "exceljs";

export interface ReportMeta {
  /** e.g. "已发布：张三 2018-04-05 10:12" or "未发布（预览）" */
  status: string;
  /** the month's written explanations and objections, listed on a sheet of their own */
  responses?: { duties: ExplanationDuty[]; objections: Objection[] };
  /** the categories in their stored order (the console's tabs' order): the sheets follow it, other groups after */
  categoryOrder?: readonly string[];
  /** a category's name as the rubric labels it (街道 → 城区街道办事处), for the sheet's title */
  categoryLabels?: ReadonlyMap<string, string>;
  /** the center's name, printed above the table */
  center?: string | null;
  /**
   * last month's published result the ranks are compared with, as the bulletin and the ranking page compare them
   * (the XLSX had no 名次变化: a leader given the file could not see who moved, a year-end walk); or why they are not
   */
  previous?: { result: AssessmentResult; label: string } | { note: string };
}

/** The result's groups in the stored category order, any other group after in the order the result gives them. */
export function groupsInOrder(units: readonly UnitResult[], categoryOrder: readonly string[] = []): Map<string, UnitResult[]> {
  const groups = new Map<string, UnitResult[]>();
  for (const u of units) groups.set(u.group, [...(groups.get(u.group) ?? []), u]);
  const at = (g: string) => {
    const i = categoryOrder.indexOf(g);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return new Map([...groups].sort(([a], [b]) => at(a) - at(b)));
}

/** Under the notes of a unit without any order in the period: it scores as the rubric says, but has nothing to show for it. */
export const NO_ORDERS_NOTE = { month: "本月无工单", year: "全年无工单" } as const;

/**
 * A unit's 备注 in a ranking sheet: `lead` first, then no orders, not ranked, its vetoes and sanctions, and its scoring's
 * warnings in Chinese as the CLI's 备注 and the page say them (缺少 2018 年“…”的记录，按“是”计: the year's sheet left it
 * out, a fact missing for 县规划局 scored as 是 unsaid: a year-end walk), joined by ；.
 */
export function unitNotes(u: UnitResult, noOrders: string, lead = ""): string {
  return [
    lead,
    u.volume === 0 ? noOrders : "",
    u.ranked ? "" : "承办量不足，不排名",
    ...u.vetoes,
    ...u.sanctions.map((s) => s.label ?? s.name),
    ...u.warnings.map((w) => w.split(" / ")[0]),
  ]
    .filter(Boolean)
    .join("；");
}

const thin = { style: "thin" as const, color: { argb: "FF999999" } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * How wide a text is in a spreadsheet's column units (one a Latin digit): a Chinese character, a full-width sign
 * （）、： and the quotes and dashes a Chinese font draws full width (“”——) count two.
 */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2010-\u206f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Extended_Pictographic}/u.test(ch) ||
      (ch.codePointAt(0) ?? 0) > 0xffff
        ? 2
        : 1;
  return w;
}

/** The lines a text wraps to in a column (or merged columns) this wide: a Chinese text breaks after any character. */
function linesIn(text: string, width: number): number {
  // a character's worth less than the width: the cell's margins
  const room = Math.max(2, width - 1.5);
  return String(text)
    .split("\n")
    .reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / room)), 0);
}

/**
 * A row's height (points) that shows every wrapped cell whole: Excel sizes only a row of unmerged cells itself, and
 * LibreOffice none it opens with cells wrapped, so each wrapped row says its height (a note merged across the table
 * showed one line, then drew over the rows above: a review).
 */
export function fittedHeight(cells: readonly { text: string; width: number; size?: number }[], least = 15): number {
  const heights = cells.map((c) => {
    const size = c.size ?? 11;
    // a larger font takes more of the column's width per character, and a line of 11-point text 15 points
    return linesIn(c.text, (c.width * 11) / size) * size * 1.4 + 4;
  });
  return Math.ceil(Math.max(least, ...heights));
}

/** 单位's width: its longest name on one line, up to a cap beyond which names wrap (the rows made tall enough). */
const UNIT_WIDTH_CAP = 48;
export const unitColumnWidth = (names: readonly string[], least = 24) => Math.min(UNIT_WIDTH_CAP, Math.max(least, ...names.map((n) => textWidth(n) + 2)));

/**
 * The title and the line under it, across the first `span` columns (all of them unless said), centred; `across` is
 * those columns' width, to make the rows tall enough for what wraps.
 */
export function titleRows(ws: ExcelJS.Worksheet, width: number, title: string, sub: string, place?: { span: number; across: number }): void {
  const span = place?.span ?? width;
  ws.mergeCells(1, 1, 1, span);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { name: "宋体", size: 16, bold: true };
  t.alignment = { horizontal: "center", vertical: "middle", wrapText: place !== undefined };
  ws.getRow(1).height = place ? fittedHeight([{ text: title, width: place.across, size: 16 }], 30) : 30;
  ws.mergeCells(2, 1, 2, span);
  const s = ws.getCell(2, 1);
  s.value = sub;
  s.font = { name: "宋体", size: 10 };
  s.alignment = { horizontal: "center", wrapText: true };
  ws.getRow(2).height = place ? fittedHeight([{ text: sub, width: place.across, size: 10 }], 28) : 28;
}

/**
 * A sheet's name: at most 31 characters, none of []:*?/\, and not one of those `used` as Excel compares them (case
 * aside: 县直部门/单位 beside 县直部门单位 is 县直部门单位(2), the suffix cut from the cleaned name — the group's own put
 * the / back, which a workbook may not hold).
 */
export function sheetName(group: string, used: Set<string>): string {
  const clean = group.replace(/[[\]:*?/\\]/g, "") || "Sheet";
  let name = clean.slice(0, 31);
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${clean.slice(0, 31 - `(${i})`.length)}(${i})`;
  used.add(name.toLowerCase());
  return name;
}

export async function monthlyReport(result: AssessmentResult, meta: ReportMeta): Promise<Buffer> {
  // loaded with the first report, not when each of the server's threads starts (a tenth of a second each)
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  wb.creator = "kaohe";
  wb.created = new Date();
  const groups = groupsInOrder(result.units, meta.categoryOrder);
  const noOrders = isYear(result.period) ? NO_ORDERS_NOTE.year : NO_ORDERS_NOTE.month;
  const before = meta.previous && "result" in meta.previous ? new Map(meta.previous.result.units.map((u) => [u.unit.code, u])) : null;
  // as the bulletin and the ranking page say it (rankChangeWord), last month's place beside it
  const move = (u: UnitResult): [number | string, string] => {
    const m = rankMove(u, before?.get(u.unit.code));
    return [m.previousRank ?? "—", rankChangeWord({ ...m, rank: u.ranked ? u.rank : null })];
  };
  const used = new Set<string>();
  for (const [group, units] of groups) {
    const ws = wb.addWorksheet(sheetName(group, used), {
      // the column headings on every printed page (a category of 47 units printed its second page without them: a review)
      pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, printTitlesRow: "4:4" },
      views: [{ state: "frozen", ySplit: 4 }],
    });
    // every item any unit of the sheet has (an item for some categories is "—" for the others), in the rubric's order
    const items = [...new Map(units.flatMap((u) => u.items.map((i) => [i.code, i] as const))).values()];
    // `report` indicators: shown after the items, not scored (a result published before they existed has none)
    const indicators = units[0]?.indicators ?? [];
    const anyBand = units.some((u) => u.band);
    const header = [
      "名次",
      "单位",
      "得分",
      ...(before ? ["上月名次", "名次变化"] : []),
      ...items.map((i) => `${i.label ?? i.code}（${i.max}分）`),
      ...indicators.map((x) => `${x.label ?? x.name}（只通报）`),
      "承办量",
      ...(anyBand ? ["等次"] : []),
      "备注",
    ];
    const moved = before ? 2 : 0;
    const width = header.length;
    const notesOf = (u: UnitResult) => unitNotes(u, noOrders);

    // the widths first: the heights of the wrapped rows follow from them
    const widths = [
      6,
      unitColumnWidth(units.map((u) => u.unit.name)),
      // (not 9: exceljs writes no width of 9, and Excel's default is narrower, which the notes' heights would not know)
      10,
      ...(before ? [9, 9] : []),
      ...items.map(() => 13),
      ...indicators.map(() => 13),
      8,
      ...(anyBand ? [8] : []),
      // 备注 as wide as its longest note, within reason (longer ones wrap, their rows made taller)
      Math.min(48, Math.max(12, ...units.map((u) => textWidth(notesOf(u)) + 2))),
    ];
    widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
    const tableWidth = widths.reduce((s, w) => s + w, 0);

    titleRows(
      ws,
      width,
      `${result.rubric.name}　${periodLabel(result.period)}${result.assessment.label ?? ""}排名（${meta.categoryLabels?.get(group) ?? group}）`,
      `${meta.center ? `${meta.center}　　` : ""}考核期：${result.period}　　规则版本：${result.rubric.version}　　${meta.status}${
        meta.previous
          ? `　　${"result" in meta.previous ? `名次变化较${meta.previous.label}已发布的名次，本月或上月无工单的单位不比较` : meta.previous.note}`
          : ""
      }`,
      { span: width, across: tableWidth },
    );
    ws.addRow([]);

    const head = ws.addRow(header);
    head.font = { name: "黑体", size: 11, bold: true };
    head.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    // as tall as the longest item's title needs (“十个新突破——全面从严治党要有新突破”考核（30分） takes four lines: a review)
    head.height = fittedHeight(
      header.map((text, i) => ({ text, width: widths[i] ?? 8 })),
      36,
    );
    head.eachCell((c) => {
      c.border = border;
      c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEFEFEF" } };
    });

    for (const u of units) {
      const notes = notesOf(u);
      const shown = (u.indicators ?? []).map((x) => (typeof x.value === "boolean" ? (x.value ? "是" : "否") : (x.value ?? "—")));
      const row = ws.addRow([
        u.rank ?? "—",
        u.unit.name,
        u.published,
        ...(before ? move(u) : []),
        ...items.map((i) => u.items.find((x) => x.code === i.code)?.published ?? "—"),
        ...shown,
        u.volume,
        ...(anyBand ? [u.band ?? ""] : []),
        notes,
      ]);
      row.font = { name: "宋体", size: 11 };
      row.eachCell({ includeEmpty: true }, (c, col) => {
        c.border = border;
        c.alignment = { horizontal: col === 2 || col === width ? "left" : "center", vertical: "middle", wrapText: col === 2 || col === width };
        if (typeof c.value === "number" && (col === 3 || (col > 3 + moved && col < 4 + moved + items.length))) c.numFmt = "0.00";
        const indicator = indicators[col - 4 - moved - items.length];
        if (typeof c.value === "number" && indicator) c.numFmt = indicator.percent ? "0.00%" : "0.####";
      });
      const tall = fittedHeight([
        { text: u.unit.name, width: widths[1] ?? 24 },
        { text: notes, width: widths[width - 1] ?? 30 },
      ]);
      if (tall > 15) row.height = tall;
    }

    // rows whose items as shown do not add up to the score shown (each rounded on its own): said, where a reader adds
    // the columns up (nothing said so: a walk found 9 of 40 units 0.01 off)
    const note = (text: string, size: number) => {
      const r = ws.addRow([text]);
      ws.mergeCells(r.number, 1, r.number, width);
      r.getCell(1).alignment = { wrapText: true, vertical: "top" };
      r.getCell(1).font = { name: "宋体", size };
      // merged across the table: neither Excel nor LibreOffice sizes such a row, so it says its height
      r.height = fittedHeight([{ text, width: tableWidth, size }]);
    };
    const footnote = roundingFootnote(units, result.decimals ?? 2);
    if (footnote) note(footnote, 9);
    // the units a sanction asks to explain in writing (约谈 or 通报 owes none: another city's walk)
    const owing = units.filter((u) => u.sanctions.some(asksForExplanation));
    if (owing.length > 0) {
      ws.addRow([]);
      note(`需书面说明情况的单位：${owing.map((u) => u.unit.name).join("、")}`, 11);
    }
  }
  if (meta.responses) responsesSheet(wb, result, meta.responses);
  return xlsxBuffer(wb);
}

/** The sheet of written explanations (who owes one, why, where it stands) and objections (what was asked, what was decided). */
function responsesSheet(wb: ExcelJS.Workbook, result: AssessmentResult, r: NonNullable<ReportMeta["responses"]>): void {
  const ws = wb.addWorksheet("书面说明与异议", { pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  // the units' names whole: 单位 is column A of the explanations and B of the objections
  const widths = [
    unitColumnWidth(
      r.duties.map((d) => d.unit.name),
      16,
    ),
    unitColumnWidth(
      r.objections.map((o) => o.unitName),
      10,
    ),
    40,
    10,
    16,
    18,
    30,
  ];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const section = (title: string, header: string[], rows: (string | number | null)[][], empty: string) => {
    const t = ws.addRow([title]);
    t.font = { name: "黑体", size: 12, bold: true };
    if (rows.length === 0) {
      ws.addRow([empty]).font = { name: "宋体", size: 11 };
      ws.addRow([]);
      return;
    }
    const head = ws.addRow(header);
    head.font = { name: "黑体", size: 11, bold: true };
    head.eachCell((c) => {
      c.border = border;
      c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEFEFEF" } };
    });
    for (const values of rows) {
      const row = ws.addRow(values);
      row.font = { name: "宋体", size: 11 };
      row.eachCell({ includeEmpty: true }, (c) => {
        c.border = border;
        c.alignment = { vertical: "top", wrapText: true };
      });
      row.height = fittedHeight(values.map((v, i) => ({ text: String(v ?? ""), width: widths[i] ?? 10 })));
    }
    ws.addRow([]);
  };
  const title = ws.addRow([`${result.rubric.name}　${periodLabel(result.period)} 书面说明与异议`]);
  title.font = { name: "宋体", size: 16, bold: true };
  ws.addRow([]);
  section(
    "书面说明",
    ["单位", "类别", "原因", "状态", "提交人", "提交时间", "阅知"],
    r.duties.map((d) => [
      d.unit.name,
      d.unit.category,
      // each sanction by the rubric's words, with the figures it read (none read, as 等次 = 不合格: its words alone)
      d.reasons
        .map((x) => {
          const causes = sanctionCauses(x.because);
          return causes.length > 0 ? `${x.label ?? x.name}：${causes.map(causeText).join("，")}` : (x.label ?? x.name);
        })
        .join("；"),
      d.stateLabel,
      // names, not logins: this is the paper handed out (唐山镇联络员（演示）（tangshan）: a walk)
      personOf(d.explanation?.submittedBy ?? ""),
      d.explanation ? beijingTime(new Date(d.explanation.submittedAt)) : "",
      d.explanation?.acknowledgedAt ? `${personOf(d.explanation.acknowledgedBy ?? "")} ${beijingTime(new Date(d.explanation.acknowledgedAt))}` : "",
    ]),
    "本月无须书面说明的单位",
  );
  section(
    "异议",
    ["编号", "单位", "异议内容", "理由", "状态", "处理意见", "数据更正"],
    r.objections.map((o) => [
      `#${o.id}`,
      o.unitName,
      o.proposed.map((p) => p.text).join("\n") || "（文字说明）",
      o.reason,
      o.statusLabel,
      o.decision ? `${o.decision}（${personOf(o.decidedBy ?? "")}）` : "",
      o.corrections.map((c) => `${c.recordId} ${c.text}`).join("\n"),
    ]),
    "本月无异议",
  );
}

/** A moment as the center reads it: Beijing time, "2018-04-05 10:12". */
export const beijingTime = (d: Date) => d.toLocaleString("sv-SE", { timeZone: "Asia/Shanghai" }).slice(0, 16);

/**
 * The month's report: the published result when there is one, else a preview under the version in force; with the
 * sheet of the units' explanations and objections for those who may read them (responses.read).
 */
export async function monthReport(store: Store, month: string, withResponses: boolean): Promise<Buffer> {
  const published = await currentPublication(store, month);
  const live = published ? null : await scoreInForce(store, month);
  const result = published ? published.result : (live?.result as AssessmentResult);
  // a month without data (not published) has no ranking to report: every unit at full marks, tied first
  if (live) await assertPeriodHasData(store, live.rubric, month, "export", live.result);
  // the categories as the rubric names them, as the bulletin does (城区街道办事处, not 街道 beside it: a walk)
  const labels = await categoryLabelsOf(store, published ? published.rubricVersionId : (live?.versionId as number));
  // a first publication may carry a note too (the accepted objections it cites): 重新发布 only when it replaced one
  const republished = published ? (await store.prisma.publishedResult.count({ where: { period: month, supersededAt: { not: null } } })) > 0 : false;
  const status = published
    ? `已发布：${personOf(published.publishedBy)} ${beijingTime(published.publishedAt)}${published.reason ? `（${republished ? "重新发布" : "发布说明"}：${published.reason}）` : ""}`
    : "未发布（预览）";
  const [duties, objections, categories, center] = await Promise.all([
    withResponses ? explanationDuties(store, month) : null,
    withResponses ? listObjections(store, { period: month }) : null,
    store.prisma.category.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], select: { name: true } }),
    getCenterName(store),
  ]);
  // ranks compared with last month's as the bulletin compares them (a year's table has no last month)
  const last = isYear(month) ? null : await previousMonthCompared(store, addMonths(month, -1));
  return monthlyReport(result, {
    status,
    previous: last === null ? undefined : last.result ? { result: last.result, label: last.previous.periodText } : { note: last.previous.note ?? "" },
    responses: duties && objections ? { duties, objections } : undefined,
    categoryOrder: categories.map((c) => c.name),
    categoryLabels: labels,
    center,
  });
}

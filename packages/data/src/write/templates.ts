/**
 * What each kind of import file holds, for people: its columns (required or
 * not, Chinese header and English key, what values they take, an example)
 * and empty templates to fill in, CSV and XLSX. All of it is read from the
 * file contract in schema.ts, so the page, the templates and the importer
 * never disagree.
 */

import type ExcelJS from "exceljs";
import { csvLine } from "../read/csv-parser.ts";
import {
  FIELD_TYPE_LABELS,
  type FieldType,
  fieldChoices,
  fieldChoicesOpen,
  RECORD_FIELDS,
  RECORD_KIND_LABELS,
  RECORD_KINDS,
  type RecordKind,
} from "../schema.ts";
import { xlsxBuffer } from "./xlsx-buffer.ts";

/** One column of a kind of file, as the data page lists it. */
export interface ColumnGuide {
  /** the English key: also accepted as the column's header */
  key: string;
  /** the Chinese header, as the templates write it */
  zh: string;
  required: boolean;
  type: FieldType;
  /** what the column takes (Chinese) */
  values: string;
  example: string;
  note: string | null;
}

export interface FileKindGuide {
  kind: RecordKind;
  /** Chinese name of the kind (工单…) */
  label: string;
  columns: ColumnGuide[];
}

export type TemplateFormat = "csv" | "xlsx";

/**
 * Columns of a kind that are no field of its records but that kaohe reads (kept among the record's other columns): a
 * unit's 别名, the names orders and events may call it by (a walk found it named under 承办单位 only, not where a units
 * file is made).
 */
const READ_EXTRA_COLUMNS: Partial<Record<RecordKind, ColumnGuide[]>> = {
  units: [
    {
      key: "别名",
      zh: "别名",
      required: false,
      type: "text",
      values: "文本；单位的其他叫法（平台文件中的简称、全称），几个用顿号隔开；也可写作“简称”列",
      example: "县环保局、环保局",
      note: "工单、事件的承办单位写这些名称之一时，即为该单位；不能是其他单位的名称、编码或别名（导入时指出该行）",
    },
  ],
};

/** The columns of each kind of file, in the order the templates have them. */
export function fileKindGuides(): FileKindGuide[] {
  return RECORD_KINDS.map((kind) => ({
    kind,
    label: RECORD_KIND_LABELS[kind],
    columns: [
      ...RECORD_FIELDS[kind].map((spec) => ({
        key: spec.key,
        zh: spec.zh,
        required: spec.required,
        type: spec.type,
        values: FIELD_TYPE_LABELS[spec.type],
        example: spec.example,
        note: spec.note ?? null,
      })),
      ...(READ_EXTRA_COLUMNS[kind] ?? []),
    ],
  }));
}

/** The template's file name: it starts with the kind's Chinese name, so the importer tells the kind from the name alone. */
export function templateFileName(kind: RecordKind, format: TemplateFormat): string {
  return `${RECORD_KIND_LABELS[kind]}导入模板.${format}`;
}

export const TEMPLATE_MEDIA_TYPES: Readonly<Record<TemplateFormat, string>> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** The CSV template: the header row alone, UTF-8 with a BOM (without it Excel and WPS read the Chinese as GBK). */
export function templateCsv(kind: RecordKind): Buffer {
  return Buffer.from(`\uFEFF${csvLine((fileKindGuides().find((g) => g.kind === kind) as FileKindGuide).columns.map((c) => c.zh))}`, "utf8");
}

/** Rows a drop-down or a column format reaches in the XLSX template. */
const TEMPLATE_ROWS = 5000;

const REQUIRED_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFCE4D6" } };
const OPTIONAL_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } };

/** How typed values are kept: ids and names as text (no 001 → 1), times as Excel date cells. */
function numberFormat(type: FieldType): string | undefined {
  switch (type) {
    case "text":
    case "unit":
    // 2017-10 kept as written, not turned into a date by Excel
    case "month":
      return "@";
    case "datetime":
      return "yyyy-mm-dd hh:mm";
    // a deadline typed as a date alone is the end of that day (the note says so): a format showing the time would
    // make it midnight, the day's start, and an order closed that afternoon late. A cell is read as it shows (a time
    // typed into it is hidden, and not read): a deadline with its time is given by a cell formatted to show it
    case "deadline":
    case "date":
      return "yyyy-mm-dd";
    default:
      return undefined;
  }
}

/** Columns' display width: a CJK character takes two. */
const width = (text: string) => [...text].reduce((n, ch) => n + ((ch.codePointAt(0) as number) > 0x2e80 ? 2 : 1), 0);

/**
 * The XLSX template: the first sheet (the one the importer reads) has the header row, required columns
 * shaded, a note on each header saying what it takes, drop-downs for the closed value lists and text
 * format for ids; a second sheet lists the columns as the data page does.
 */
export async function templateXlsx(kind: RecordKind, choices: TemplateChoices = {}): Promise<Buffer> {
  // loaded on the first template asked for, not with the module (threads that never write one never load it)
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.creator = "kaohe";
  const guide = fileKindGuides().find((g) => g.kind === kind) as FileKindGuide;
  const sheet = workbook.addWorksheet(guide.label, { views: [{ state: "frozen", ySplit: 1 }] });
  const header = sheet.getRow(1);
  guide.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.zh;
    cell.font = { bold: c.required };
    cell.fill = c.required ? REQUIRED_FILL : OPTIONAL_FILL;
    // the deadline columns show a date alone (numberFormat): a time typed into them is hidden, and read as the sheet shows
    const shown = c.type === "deadline" ? "。本模板此列只显示日期：要写到时刻的（如 17:00），请先把单元格格式改为“yyyy-mm-dd hh:mm”" : "";
    cell.note = `${c.required ? "必填" : "选填"}：${c.values}${c.note ? `。${c.note}` : ""}${shown}。例：${c.example}`;
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(12, width(c.zh) + 4, c.type === "datetime" || c.type === "deadline" ? 18 : 0);
    const format = numberFormat(c.type);
    if (format) column.numFmt = format;
    // a list given for the column (the rubric's event types), else its type's own
    const given = choices[c.key]?.values.length ? choices[c.key] : undefined;
    const listed = given ? given.values : fieldChoices(c.type);
    if (given) cell.note = `${cell.note}\n${given.note}：${given.values.join("、")}`;
    if (listed) {
      const letter = column.letter;
      // a list written into the rule is at most 255 characters (Excel's limit); a longer one is read from a hidden sheet
      const inline = `"${listed.join(",")}"`;
      let formula = inline;
      if (inline.length > 255) {
        const lists = workbook.getWorksheet("选项") ?? workbook.addWorksheet("选项", { state: "hidden" });
        const at = lists.columnCount + 1;
        listed.forEach((value, row) => {
          lists.getCell(row + 1, at).value = value;
        });
        const listLetter = lists.getColumn(at).letter;
        formula = `'选项'!$${listLetter}$1:$${listLetter}$${listed.length}`;
      }
      // exceljs writes a range's validation as one rule (its typings know only per-cell ones)
      (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
        `${letter}2:${letter}${TEMPLATE_ROWS + 1}`,
        {
          type: "list",
          allowBlank: !c.required,
          formulae: [formula],
          // an open list (来源) only suggests: Excel takes any other value typed in without a word; a given list (the event
          // types the rubric declares) warns, and lets a value outside it stand (stored, and told of on import)
          showErrorMessage: given ? true : !fieldChoicesOpen(c.type),
          errorStyle: "warning",
          // Excel refuses (repairs the file, dropping the rule) a title over 32 characters or a message over 224
          errorTitle: clipped(c.zh, 32),
          error: clipped(given ? `不是${given.note}（见列名的批注）。仍可保留，导入后会提示不计分` : `应为 ${listed.join("、")}`, 224),
        },
      );
    }
  });
  header.commit?.();

  const help = workbook.addWorksheet("填写说明");
  help.addRow([`${guide.label}文件的列（系统导入时读工作表“${guide.label}”，不读本说明页）`]).font = { bold: true, size: 13 };
  help.addRow([
    "第一行为列名，从第二行起每行一条记录。列名可用中文或英文列名；必填列（橙色底）不能缺少，其余列可以删去。表中没有的列按扩展属性保存；表示行号的列（序号、行号）不保存。",
  ]);
  help.addRow([]);
  const head = help.addRow(["列名", "英文列名", "必填", "填写内容", "示例", "说明"]);
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = OPTIONAL_FILL;
  });
  for (const c of guide.columns) {
    const row = help.addRow([c.zh, c.key, c.required ? "是" : "否", c.values, c.example, c.note ?? ""]);
    if (c.required) row.getCell(1).fill = REQUIRED_FILL;
  }
  for (const [i, w] of [16, 20, 8, 60, 20, 40].entries()) help.getColumn(i + 1).width = w;
  help.getColumn(4).alignment = { wrapText: true, vertical: "top" };
  help.getColumn(6).alignment = { wrapText: true, vertical: "top" };
  // the example column as text: 0 and 2017 as written
  help.getColumn(5).numFmt = "@";
  return xlsxBuffer(workbook);
}

/**
 * Values an XLSX template's column offers beside those of its type, by field key: the event types the rubric in force
 * declares (事件类型), with what to say of them (“2018年12月适用的规则…定义的事件类型”).
 */
export type TemplateChoices = Readonly<Record<string, { values: readonly string[]; note: string }>>;

/** `text`, cut to `max` characters with an ellipsis. */
const clipped = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The template of a kind in a format, with its file name and media type. */
export async function templateFile(
  kind: RecordKind,
  format: TemplateFormat,
  choices: TemplateChoices = {},
): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  return {
    fileName: templateFileName(kind, format),
    mediaType: TEMPLATE_MEDIA_TYPES[format],
    content: format === "csv" ? templateCsv(kind) : await templateXlsx(kind, choices),
  };
}

/**
 * The import file contract (docs/data-format.md, written from it) as data: which
 * columns each kind of file has, their Chinese and English headers, and the
 * closed value lists. Reading, validating and writing files all use it.
 */

import { formatShanghai } from "@kaohe/time";
import type { CalendarDay, Dataset, Fact, HotlineEvent, Order, Satisfaction, Unit } from "./types.ts";

export type RecordKind = "units" | "orders" | "events" | "facts" | "calendar";

export const RECORD_KINDS: readonly RecordKind[] = ["units", "orders", "events", "facts", "calendar"];

/** The record type each kind of file holds. */
export interface RecordOf {
  units: Unit;
  orders: Order;
  events: HotlineEvent;
  facts: Fact;
  calendar: CalendarDay;
}

/** How a cell is read; drives both parsing and writing. */
export type FieldType =
  | "text"
  /** a unit name or code, resolved to a code */
  | "unit"
  /** date-time; a date alone is the start of the day */
  | "datetime"
  /** date-time; a date alone is the end of the day (23:59:59.999) */
  | "deadline"
  /** a day; a time, if given, is dropped */
  | "date"
  | "boolean"
  | "satisfaction"
  | "source"
  | "closureType"
  /** integer ≥ 0, default 0 */
  | "count0"
  /** integer ≥ 1, default 1 */
  | "count1"
  | "number"
  | "year"
  /** a year and month, "2018-01" */
  | "month"
  /** 是 / 否 or a number */
  | "factValue"
  /** 休 (a day off) or 班 (a working day) */
  | "dayType";

export interface FieldSpec {
  /** English key, as in the record type; accepted as the column's header too */
  key: string;
  /** Chinese column header */
  zh: string;
  required: boolean;
  type: FieldType;
  /** a value as a file would hold it (the data page's column list, the templates' instructions; a test imports these) */
  example: string;
  /** what the column means, when its name does not say enough (Chinese) */
  note?: string;
}

/** Does every record have a value for this field (required in the file, or a type an empty cell has a value of: 否, 0, 1)? */
export const alwaysHasValue = (f: FieldSpec): boolean => f.required || f.type === "boolean" || f.type === "count0" || f.type === "count1";

const f = (key: string, zh: string, required: boolean, type: FieldType, example: string, note?: string): FieldSpec =>
  note === undefined ? { key, zh, required, type, example } : { key, zh, required, type, example, note };

export const UNIT_FIELDS: readonly FieldSpec[] = [
  f("code", "单位编码", true, "text", "HTZ01", "每个单位唯一"),
  f("name", "单位名称", true, "text", "唐山镇", "每个单位唯一；其他文件可用名称或编码指代单位"),
  f("category", "类别", true, "text", "镇", "镇、街道、县直部门，或规则文件定义的其他类别"),
  f("fromMonth", "起始月份", false, "month", "2019-03", "该单位参加考核的第一个月：新设立的单位填写，此前各月的排名与年度考核不含该单位；不填即一直参加"),
  f(
    "untilMonth",
    "截止月份",
    false,
    "month",
    "2019-06",
    "该单位参加考核的最后一个月：撤销、合并的单位填写，此后各月的排名与年度考核不含该单位，其后受理的工单导入时提示；不填即一直参加",
  ),
];

export const ORDER_FIELDS: readonly FieldSpec[] = [
  f("id", "工单编号", true, "text", "GD201710001", "唯一；再次导入同一编号即更新该工单"),
  f("unit", "承办单位", true, "unit", "唐山镇"),
  f("source", "来源", true, "source", "县中心"),
  f("kind", "诉求类型", false, "text", "投诉", "如 投诉、咨询、建议、求助、举报"),
  f("receivedAt", "受理时间", true, "datetime", "2017-10-03 14:05"),
  f("dueAt", "办理时限", true, "deadline", "2017-10-10"),
  f("extendedTo", "延期至", false, "deadline", "2017-10-15", "经批准的延期"),
  f("closedAt", "办结时间", false, "datetime", "2017-10-09 10:00", "未办结时留空"),
  f("delayExcused", "超期说明已认可", false, "boolean", "否"),
  f("returned", "回退", false, "boolean", "否", "单位以不属本单位职责为由回退"),
  f("returnAccepted", "回退认可", false, "boolean", "否", "中心认可该回退"),
  f("redoCount", "退回重办次数", false, "count0", "0"),
  f("anonymous", "匿名", false, "boolean", "否"),
  f("visited", "已回访", false, "boolean", "是", "中心已回访诉求人"),
  f("processSatisfaction", "过程满意度", false, "satisfaction", "满意"),
  f("resultSatisfaction", "结果满意度", false, "satisfaction", "基本满意"),
  f("closureType", "结案类型", false, "closureType", "正常办结"),
  f("rebound", "反弹", false, "boolean", "否"),
  f("leaderInstructed", "领导批示", false, "boolean", "否"),
];

export const EVENT_FIELDS: readonly FieldSpec[] = [
  f("id", "事件编号", true, "text", "SJ201710001", "唯一；再次导入同一编号即更新该事件"),
  f("unit", "单位", true, "unit", "唐山镇"),
  f("date", "日期", true, "date", "2017-10-05"),
  f("type", "事件类型", true, "text", "行政不作为", "规则文件中声明的事件类型"),
  f("count", "次数", false, "count1", "1"),
  f("points", "分值", false, "number", "2", "按情况定分值的事件类型填写"),
  f("orderId", "关联工单", false, "text", "GD201710001", "相关工单的编号"),
  f("note", "说明", false, "text", "经查证属实"),
];

export const FACT_FIELDS: readonly FieldSpec[] = [
  f("unit", "单位", true, "unit", "唐山镇"),
  f("year", "年度", true, "year", "2017"),
  f("item", "事项", true, "text", "领导小组", "规则文件中声明的事项"),
  f(
    "value",
    "值",
    true,
    "factValue",
    "是",
    "规则中声明为 是否 的事项填 是 或 否（也可写 1/0、Y/N、yes/no、true/false），声明为 数字 的填数字；与该年度（月份）施行的规则不符时，导入指出该行，整次导入不保存",
  ),
  f("month", "月份", false, "month", "2017-10", "按月填报的事项（规则文件中声明为 按月考核）填写，须在年度之内；年度事项不填"),
];

/**
 * The holiday calendar (节假日安排): one row a date that is not as the week says — 休 for a statutory holiday
 * on a weekday, 班 for a make-up working day (调休) on a weekend. Every other day is a working day from Monday
 * to Friday. A year is covered once it has any row; the rules language's working-day functions need the years
 * they read covered.
 */
export const CALENDAR_FIELDS: readonly FieldSpec[] = [
  f("date", "日期", true, "date", "2017-10-02"),
  f("type", "类型", true, "dayType", "休", "休：放假（法定节假日）；班：调休上班的周末。未列出的日期按周一至周五上班、周六周日休息"),
  f("note", "说明", false, "text", "国庆节、中秋节"),
];

export const RECORD_FIELDS: Readonly<Record<RecordKind, readonly FieldSpec[]>> = {
  units: UNIT_FIELDS,
  orders: ORDER_FIELDS,
  events: EVENT_FIELDS,
  facts: FACT_FIELDS,
  calendar: CALENDAR_FIELDS,
};

/** Chinese name of each kind of file, for messages. */
export const RECORD_KIND_LABELS: Readonly<Record<RecordKind, string>> = {
  units: "责任单位",
  orders: "工单",
  events: "考核事件",
  facts: "年度事实",
  calendar: "节假日安排",
};

export const SATISFACTION_LEVELS: readonly Satisfaction[] = ["满意", "基本满意", "一般", "不满意"];
/**
 * Common 来源 (where an order came from), as examples for the templates and the data page: the list is open — any
 * text is imported, and a rubric may declare the sources it knows (`sources "省热线", "市中心", …`).
 */
export const ORDER_SOURCES: readonly string[] = ["县中心", "市中心"];
export const CLOSURE_TYPES: readonly string[] = ["正常办结", "应办未办", "问题反弹", "超出政策", "应走司法程序", "情况不实", "历史遗留"];
/** A calendar row's 类型: a day off, or a working day. */
export const DAY_TYPES: readonly ("休" | "班")[] = ["休", "班"];
/** Categories of the Huantai rubric; a rubric may define others, so the importer does not restrict them. */
export const UNIT_CATEGORIES: readonly string[] = ["镇", "街道", "县直部门"];
/** Common 诉求类型; the list is open. */
export const ORDER_KINDS: readonly string[] = ["投诉", "咨询", "建议", "求助", "举报"];

/**
 * What a column of each type holds, as the data page and the templates' instructions say it (Chinese): the
 * values the importer accepts, in the words of docs/data-format.md.
 */
export const FIELD_TYPE_LABELS: Readonly<Record<FieldType, string>> = {
  text: "文本",
  unit: "单位名称或单位编码（该单位须已导入，或在同一次导入的单位文件中）；也可写单位名单“别名”或“简称”列给出的名称（平台常用的简称，如 县环保局；几个用顿号隔开）",
  datetime: "日期时间，如 2017-10-03 14:05 或 2017/10/3 14:05:00（北京时间）；只写日期表示当天 0 时",
  deadline: "日期时间，如 2017-10-10 17:00；只写日期表示当天结束（24 时）",
  date: "日期，如 2017-10-05（写了时间也只取日期）",
  boolean: "是 / 否（空表示否）",
  satisfaction: `${SATISFACTION_LEVELS.join(" / ")}`,
  source: `文本，如 ${ORDER_SOURCES.join("、")}、省热线、网站、微信（规则文件可声明来源清单）`,
  closureType: `${CLOSURE_TYPES.join(" / ")}`,
  count0: "0 到 10000 的整数（空表示 0）",
  count1: "1 到 10000 的整数（空表示 1）",
  number: "数字",
  year: "四位数年份，如 2017",
  month: "年月，如 2017-10",
  factValue: "是 / 否，或数字",
  dayType: "休（放假）/ 班（调休上班）",
};

/**
 * The values a column's drop-down in the XLSX template offers: the closed list of values it takes, or, for an open
 * list (`fieldChoicesOpen`), the common ones, another value typed in being accepted.
 */
export function fieldChoices(type: FieldType): readonly string[] | undefined {
  switch (type) {
    case "boolean":
      return ["是", "否"];
    case "satisfaction":
      return SATISFACTION_LEVELS;
    case "source":
      return ORDER_SOURCES;
    case "closureType":
      return CLOSURE_TYPES;
    case "dayType":
      return DAY_TYPES;
    default:
      return undefined;
  }
}

/** Whether a column's choices are only suggestions (any other value is accepted too). */
export function fieldChoicesOpen(type: FieldType): boolean {
  return type === "source";
}

/** An empty dataset, for callers that build one up. */
export function emptyDataset(): Dataset {
  return { units: [], orders: [], events: [], facts: [], calendar: [] };
}

/** Printable ASCII with no space at either end. */
const PLAIN_ASCII = /^(?:[\x21-\x7e]|[\x21-\x7e][\x20-\x7e]*[\x21-\x7e])$/;

/**
 * Header text as matched: NFKC folds full-width letters, digits, spaces and
 * brackets to half-width; surrounding spaces are ignored.
 */
export function normalizeHeader(text: string): string {
  // printable ASCII without spaces at its ends is its own form (most ids and codes): no NFKC pass over it
  return PLAIN_ASCII.test(text) ? text : text.normalize("NFKC").trim();
}

/**
 * A column as it is known: `normalizeHeader`, and no spaces at all. Exporters wrap long headers (响应时长⏎（小时）, from
 * Alt+Enter in the cell) or pad them (受理 时间, with a full-width space); no column name has a space of its own. Known
 * columns are matched by it, and unknown ones are stored by it in `attributes`, so a rubric names them reliably.
 */
export function columnKey(text: string): string {
  // (printable ASCII, an id or code as a row's first cell is, asked of every row read: its spaces alone to take out)
  if (PLAIN_ASCII.test(text)) return text.includes(" ") ? text.replace(/ +/g, "") : text;
  return normalizeHeader(text).replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, "");
}

/** Marks of a required column a template puts around its name: *工单编号, ★工单编号, 工单编号*; a colon after it, as a form's label has (工单编号：). */
const REQUIRED_MARKS = /^[*★☆※]+|[*★☆※:：]+$/g;
/** A note in brackets after a column's name saying whether it must be filled: 工单编号（必填）, 诉求类型【选填】, 来源(必填,唯一). */
const FILL_NOTE = /[([【〔<《](?:必填|必须|必需|选填|可选|非必填|可不填|可空|required|optional)[^()[\]【】〔〕<>《》]*[)\]】〕>》]$/i;

/**
 * A note in brackets after a column's name saying how its values are written: 已回访（是/否）, 匿名(Y/N), 已回访（填是或否）,
 * 受理时间(yyyy-mm-dd hh:mm), 办理时限（格式：2018-01-01）.
 */
const VALUE_NOTE =
  /[([【〔<《](?:填写?)?(?:是[/、,，或]否|否[/、,，或]是|[YyNn][/、,，或][YyNn]|格式[:：]?[^()[\]【】〔〕<>《》]*|[yY]{2,4}[-/年.][^()[\]【】〔〕<>《》]*|年[-/.]?月[-/.]?日[^()[\]【】〔〕<>《》]*)[)\]】〕>》]$/;

/**
 * A column's name as a header names it: `columnKey` without the marks templates put on it to say it is required or
 * optional (*工单编号, 工单编号（必填）, 诉求类型【选填】) or how its values are written (已回访（是/否）), so a file filled in
 * from such a template is read like any other. A header that is nothing but such marks keeps them.
 */
export function headerName(text: string): string {
  const key = columnKey(text);
  const name = key.replace(FILL_NOTE, "").replace(VALUE_NOTE, "").replace(FILL_NOTE, "").replace(REQUIRED_MARKS, "");
  return name === "" ? key : name;
}

/**
 * The keys an `attribute` of a rubric is read by, in order: its name, its label as a column header (`headerName`), and
 * the label keyed as data imported before that holds it (`columnKey`: with the marks; `normalizeHeader`: with its inner
 * spaces too).
 */
export function attributeKeys(name: string, label: string | null): string[] {
  const keys = [name];
  if (label) for (const k of [headerName(label), columnKey(label), normalizeHeader(label)]) if (k && !keys.includes(k)) keys.push(k);
  return keys;
}

/**
 * A stored value of a column as people read it — 是/否, a time in Beijing time, a deadline at its day's end as the day
 * alone, 空 for none — one way for the import's report and the audit log (each wrote it). `times`: "second" always
 * (two moments a minute apart differ: the report), or "minute" where the seconds are 0 (the log); `unitName`: a unit
 * by its name, else its code.
 */
export function storedValueText(
  type: FieldType | undefined,
  v: unknown,
  { times = "second", unitName }: { times?: "second" | "minute"; unitName?: (code: string) => string } = {},
): string {
  if (v === null || v === undefined || v === "") return "空";
  switch (type) {
    case "boolean":
      return v === true || v === 1 || v === "1" || v === "t" ? "是" : "否";
    case "datetime":
      return formatShanghai(Number(v), times === "minute" && Number(v) % 60_000 === 0 ? "minute" : "datetime");
    case "deadline":
      return formatShanghai(Number(v), "deadline");
    case "date":
      return formatShanghai(Number(v), "date");
    case "unit":
      return unitName ? unitName(String(v)) : String(v);
    default:
      return typeof v === "object" ? JSON.stringify(v) : String(v);
  }
}

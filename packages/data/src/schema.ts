/**
 * The import file contract (shared/domain/data-format.md) as data: which
 * columns each kind of file has, their Chinese and English headers, and the
 * closed value lists. Reading, validating and writing files all use it.
 */

import type { Dataset, Fact, HotlineEvent, Order, Satisfaction, Unit } from "./types.ts";

export type RecordKind = "units" | "orders" | "events" | "facts";

export const RECORD_KINDS: readonly RecordKind[] = ["units", "orders", "events", "facts"];

/** The record type each kind of file holds. */
export interface RecordOf {
  units: Unit;
  orders: Order;
  events: HotlineEvent;
  facts: Fact;
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
  /** 是 / 否 or a number */
  | "factValue";

export interface FieldSpec {
  /** English key, as in the record type */
  key: string;
  /** Chinese column header */
  zh: string;
  required: boolean;
  type: FieldType;
}

const f = (key: string, zh: string, required: boolean, type: FieldType): FieldSpec => ({ key, zh, required, type });

export const UNIT_FIELDS: readonly FieldSpec[] = [
  f("code", "单位编码", true, "text"),
  f("name", "单位名称", true, "text"),
  f("category", "类别", true, "text"),
];

export const ORDER_FIELDS: readonly FieldSpec[] = [
  f("id", "工单编号", true, "text"),
  f("unit", "承办单位", true, "unit"),
  f("source", "来源", true, "source"),
  f("kind", "诉求类型", false, "text"),
  f("receivedAt", "受理时间", true, "datetime"),
  f("dueAt", "办理时限", true, "deadline"),
  f("extendedTo", "延期至", false, "deadline"),
  f("closedAt", "办结时间", false, "datetime"),
  f("delayExcused", "超期说明已认可", false, "boolean"),
  f("returned", "回退", false, "boolean"),
  f("returnAccepted", "回退认可", false, "boolean"),
  f("redoCount", "退回重办次数", false, "count0"),
  f("anonymous", "匿名", false, "boolean"),
  f("visited", "已回访", false, "boolean"),
  f("processSatisfaction", "过程满意度", false, "satisfaction"),
  f("resultSatisfaction", "结果满意度", false, "satisfaction"),
  f("closureType", "结案类型", false, "closureType"),
  f("rebound", "反弹", false, "boolean"),
  f("leaderInstructed", "领导批示", false, "boolean"),
];

export const EVENT_FIELDS: readonly FieldSpec[] = [
  f("id", "事件编号", true, "text"),
  f("unit", "单位", true, "unit"),
  f("date", "日期", true, "date"),
  f("type", "事件类型", true, "text"),
  f("count", "次数", false, "count1"),
  f("points", "分值", false, "number"),
  f("orderId", "关联工单", false, "text"),
  f("note", "说明", false, "text"),
];

export const FACT_FIELDS: readonly FieldSpec[] = [
  f("unit", "单位", true, "unit"),
  f("year", "年度", true, "year"),
  f("item", "事项", true, "text"),
  f("value", "值", true, "factValue"),
];

export const RECORD_FIELDS: Readonly<Record<RecordKind, readonly FieldSpec[]>> = {
  units: UNIT_FIELDS,
  orders: ORDER_FIELDS,
  events: EVENT_FIELDS,
  facts: FACT_FIELDS,
};

/** Chinese name of each kind of file, for messages. */
export const RECORD_KIND_LABELS: Readonly<Record<RecordKind, string>> = {
  units: "责任单位",
  orders: "工单",
  events: "考核事件",
  facts: "年度事实",
};

export const SATISFACTION_LEVELS: readonly Satisfaction[] = ["满意", "基本满意", "一般", "不满意"];
export const ORDER_SOURCES: readonly string[] = ["县中心", "市中心"];
export const CLOSURE_TYPES: readonly string[] = ["正常办结", "应办未办", "问题反弹", "超出政策", "应走司法程序", "情况不实", "历史遗留"];
/** Categories of the Huantai rubric; a rubric may define others, so the importer does not restrict them. */
export const UNIT_CATEGORIES: readonly string[] = ["镇", "街道", "县直部门"];
/** Common 诉求类型; the list is open. */
export const ORDER_KINDS: readonly string[] = ["投诉", "咨询", "建议", "求助", "举报"];

/** An empty dataset, for callers that build one up. */
export function emptyDataset(): Dataset {
  return { units: [], orders: [], events: [], facts: [] };
}

/**
 * Header text as matched: NFKC folds full-width letters, digits, spaces and
 * brackets to half-width; surrounding spaces are ignored. Unknown columns are
 * also keyed by this form in `attributes`, so a rubric names them reliably.
 */
export function normalizeHeader(text: string): string {
  return text.normalize("NFKC").trim();
}

/**
 * The fields of a record an objection may correct, with the data format's Chinese names, and how a corrected value
 * reads: pure (no database), for the audit log's text in the console as much as for the server.
 */
import { DAY_MS, formatShanghai, SHANGHAI_OFFSET_MS } from "@kaohe/time";

export type CorrectedRecord = "orders" | "events";
export type CorrectionValue = boolean | number | string | null;

type FieldType = "boolean" | "time" | "deadline" | "count" | "number" | "satisfaction";

/** The fields an objection may ask to correct, with the data format's Chinese names. */
export const CORRECTABLE_FIELDS: Record<CorrectedRecord, Record<string, FieldSpec>> = {
  orders: {
    returned: { zh: "回退", type: "boolean", nullable: false },
    returnAccepted: { zh: "回退认可", type: "boolean", nullable: false },
    extendedTo: { zh: "延期至", type: "deadline", nullable: true },
    delayExcused: { zh: "超期说明已认可", type: "boolean", nullable: false },
    closedAt: { zh: "办结时间", type: "time", nullable: true },
    visited: { zh: "已回访", type: "boolean", nullable: false },
    processSatisfaction: { zh: "过程满意度", type: "satisfaction", nullable: true },
    resultSatisfaction: { zh: "结果满意度", type: "satisfaction", nullable: true },
    rebound: { zh: "反弹", type: "boolean", nullable: false },
    redoCount: { zh: "退回重办次数", type: "count", nullable: false },
  },
  events: {
    count: { zh: "次数", type: "count", nullable: false },
    points: { zh: "分值", type: "number", nullable: true },
  },
};

type FieldSpec = { zh: string; type: FieldType; nullable: boolean };

/**
 * The field of the record an objection may correct, or undefined: its own fields only. A plain lookup
 * (`CORRECTABLE_FIELDS.orders[field]`) also finds what every object inherits (`constructor`, `__proto__`, `toString`),
 * and such a field passed as correctable until the UPDATE of a column of that name failed.
 */
export function correctableField(record: CorrectedRecord, field: string): FieldSpec | undefined {
  const fields = correctableFields(record);
  return Object.hasOwn(fields, field) ? fields[field] : undefined;
}

/** The fields of a record an objection may correct (none for a record that is not one: its own key only, as above). */
export function correctableFields(record: CorrectedRecord): Record<string, FieldSpec> {
  return Object.hasOwn(CORRECTABLE_FIELDS, record) ? CORRECTABLE_FIELDS[record] : {};
}

/** What people call the records a correction changes. */
export const RECORD_ZH: Record<CorrectedRecord, string> = { orders: "工单", events: "考核事件" };

/** A value as a person reads it ("是", "2017-11-05 09:30", a deadline at the end of its day "2017-11-05", "基本满意", "空"). */
export function describeValue(record: CorrectedRecord, field: string, v: CorrectionValue): string {
  const spec = correctableField(record, field);
  if (v === null) return "空";
  if (typeof v === "boolean") return v ? "是" : "否";
  // to the minute, but a time with seconds (an imported 办结时间) with them: two values shown alike were not equal
  // (导入数据为“…17:30”，与更正后的“…17:30”不同)
  if ((spec?.type === "time" || spec?.type === "deadline") && typeof v === "number") {
    // a deadline at its day's end (23:59:59.999) is the day alone
    const dayEnd = (v + SHANGHAI_OFFSET_MS) % DAY_MS === DAY_MS - 1;
    return formatShanghai(v, spec.type === "deadline" && dayEnd ? "deadline" : v % 60_000 === 0 ? "minute" : "datetime");
  }
  return String(v);
}

/** The field's Chinese name ("回退认可"). */
export const fieldLabel = (record: CorrectedRecord, field: string) => correctableField(record, field)?.zh ?? field;

/**
 * The units' workflow in words and numbers, without React: stage and status
 * names and colours, deadlines in Beijing time, values as a person reads
 * them, and the changes an objection asks for (the presets of the form).
 */

import type { CorrectedRecord } from "@kaohe/db/correction-fields";
import { sanctionCauses } from "@kaohe/services/sanction-causes";
import { DAY_MS, formatShanghai, SHANGHAI_OFFSET_MS, shanghaiEpoch } from "@kaohe/time";
import { localTime, monthLabel } from "../../lib/format.ts";
import type { Cycle, CycleStage, ExplanationState, Objection, ObjectionStatus, ObjectionSubject, SanctionReason } from "./types.ts";

export const STAGE_COLOR: Record<CycleStage, string> = { closed: "default", preview: "blue", notice: "gold", published: "green" };

export const EXPLANATION_STATE_COLOR: Record<ExplanationState, string> = {
  overdue: "red",
  owed: "default",
  submitted: "blue",
  late: "orange",
  acknowledged: "green",
};

export const OBJECTION_STATUS_LABEL: Record<ObjectionStatus, string> = { open: "待处理", accepted: "已采纳", rejected: "不予采纳", withdrawn: "已撤回" };
export const OBJECTION_STATUS_COLOR: Record<ObjectionStatus, string> = { open: "processing", accepted: "success", rejected: "error", withdrawn: "default" };

export const SUBJECT_LABEL: Record<ObjectionSubject, string> = { orders: "工单", events: "考核事件", other: "其他" };

/** An explanation that still waits for someone: the unit (owed, overdue) or the center (submitted, late). */
export const explanationPending = (state: ExplanationState) => state !== "acknowledged";

/** The Beijing calendar day of an instant, as a day number. */
const beijingDay = (ms: number) => Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);

export interface DeadlineText {
  /** "2018-12-07 23:59" (Beijing time) */
  at: string;
  /** "剩余 3 天", "今日截止" or "已截止" */
  left: string;
  passed: boolean;
}

/** A deadline in Beijing time and how long is left. */
export function deadlineText(iso: string, now = Date.now()): DeadlineText {
  const ms = Date.parse(iso);
  const at = localTime(ms);
  if (now > ms) return { at, left: "已截止", passed: true };
  const days = beijingDay(ms) - beijingDay(now);
  return { at, left: days <= 0 ? "今日截止" : `剩余 ${days} 天`, passed: false };
}

/**
 * When a published period's objections ended, if not at its deadline: published before it, they ended at the
 * publication — "发布时结束（2026-12-06 23:40）", not a deadline still to come beside 异议期结束 (a walk: the demo's
 * 2018-10 was published the moment it was opened). Null otherwise: the deadline stands.
 */
export function objectionsEndedAtPublication(cycle: Pick<Cycle, "stage" | "objectionDeadline" | "publication">): string | null {
  if (cycle.stage !== "published" || !cycle.publication || !cycle.objectionDeadline) return null;
  const at = Date.parse(cycle.publication.publishedAt);
  return at < Date.parse(cycle.objectionDeadline) ? `发布时结束（${formatShanghai(at, "minute")}）` : null;
}

/**
 * The written explanation's example, with the unit's own figures where the month's reasons give them ("例如：12 月超期件数为
 * 9，原因是……") and none where they do not: a fixed "有 4 件工单超期办结" was read as the unit's own count (a walk: it had 9).
 */
export function explanationExample(period: string, reasons: readonly SanctionReason[]): string {
  const month = `${Number(period.slice(5))} 月`;
  // each measure once (two sanctions on 超期件数 named it twice: a review), a fraction to two places (0.123456 → 0.12)
  const figures = [
    ...new Map(
      reasons
        .flatMap((r) => sanctionCauses(r.because))
        .filter((b) => (b.value ?? 0) > 0)
        .map((b) => [b.measure, `${b.label ?? b.measure}为 ${figureText(b.value as number)}`] as const),
    ).values(),
  ];
  const what = figures.length > 0 ? `${month}${figures.join("、")}，原因是……` : `${month}出现上述情况的原因是……`;
  return `例如：${what}；已采取的整改措施：……`;
}

/** A count as it is (9), any other number to two places (a measure's kind is not known here: 0.5 hours is no 50%). */
const figureText = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100));

/** A Beijing wall-clock date and time as epoch ms, whatever the browser's time zone. */
export const beijingEpoch = (year: number, month: number, day: number, hour = 0, minute = 0) => shanghaiEpoch(year, month, day, hour, minute);

/**
 * A deadline in Beijing time: the day's end (23:59:59.999, as the import reads a deadline written as a date) when no
 * time of day is given.
 */
export const beijingDeadline = (year: number, month: number, day: number, time: { hour: number; minute: number } | null) =>
  time ? beijingEpoch(year, month, day, time.hour, time.minute) : beijingEpoch(year, month, day, 23, 59) + 59_999;

/** The Beijing date of an ISO time: "2018-12-07". */
export const beijingDate = (iso: string) => formatShanghai(Date.parse(iso), "date");

/** Today's date in Beijing: "2018-12-07". */
export const beijingToday = (now = Date.now()) => formatShanghai(now, "date");

const WEEKDAYS = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

/**
 * The deadlines a month opened now would get, as the opening dialog says them before it is opened (they were said
 * only after, in a toast): the day, its weekday, and what the imported holiday calendar did to them — a new center
 * with 国庆 imported wondered whether it counted (it did not then); a year whose calendar is not imported is said.
 */
export function openingDeadlinesText(
  d: { objectionDeadline: string; explanationDeadline: string; marked: number; years: readonly { year: number; imported: boolean }[] },
  /** the objections' deadline only: a year (it owes no explanation), a published month opened again (it keeps its own) */
  objectionsOnly: boolean,
): string {
  const day = (iso: string) => {
    const ms = Date.parse(iso);
    return `${formatShanghai(ms, "minute")}（${WEEKDAYS[new Date(ms + SHANGHAI_OFFSET_MS).getUTCDay()]}）`;
  };
  const dates = objectionsOnly ? `异议截至 ${day(d.objectionDeadline)}` : `异议截至 ${day(d.objectionDeadline)}，书面说明截至 ${day(d.explanationDeadline)}`;
  const missing = d.years.filter((y) => !y.imported).map((y) => `${y.year} 年`);
  const imported = d.years.filter((y) => y.imported).map((y) => `${y.year} 年`);
  const calendar =
    missing.length > 0
      ? `没有导入 ${missing.join("、")}的节假日安排，其中的日子只按周一至周五计算；遇法定节假日，可在开放后“修改期限”`
      : d.marked > 0
        ? `已按导入的 ${imported.join("、")}节假日安排跳过放假日、计入调休上班日`
        : `已按导入的 ${imported.join("、")}节假日安排计算，期间没有放假日或调休上班日`;
  return `今天开放：${dates}（${calendar}）`;
}

export const SATISFACTION_LEVELS = ["满意", "基本满意", "一般", "不满意"] as const;

/** A stored or corrected value (a time as its epoch): `describeValue` of @kaohe/db/correction-fields reads it as a person does. */
export type FieldValue = boolean | number | string | null;

export type RecordKind = CorrectedRecord;

export interface FieldChange {
  record: RecordKind;
  recordId: string;
  field: string;
  to: FieldValue;
}

/** What an objection to orders may ask for. */
export type OrderPreset = "notMine" | "extended" | "excused" | "visit";
/** What an objection to events may ask for. */
export type EventPreset = "unverified" | "wrongCount";

export const ORDER_PRESETS: { value: OrderPreset; label: string; hint: string }[] = [
  { value: "notMine", label: "不属于本单位职责（应回退认可）", hint: "将“回退”和“回退认可”改为“是”：该工单不计入本单位考核" },
  { value: "extended", label: "已批准延期", hint: "填写批准延期至的时间（北京时间）：按延期后的时限判断是否超期" },
  { value: "excused", label: "超期说明已认可", hint: "将“超期说明已认可”改为“是”：超期不扣分" },
  { value: "visit", label: "回访记录有误", hint: "填写应为的回访情况，只填有误的项" },
];

export const EVENT_PRESETS: { value: EventPreset; label: string; hint: string }[] = [
  { value: "unverified", label: "事件未经核实", hint: "将事件“次数”改为 0：该事件不计分" },
  { value: "wrongCount", label: "次数或分值有误", hint: "填写应为的次数或分值，只填有误的项" },
];

/** What the form holds besides the records: the values of the preset chosen. */
export interface PresetValues {
  /** epoch ms (Beijing wall clock converted) */
  extendedTo?: number | null;
  visited?: boolean | null;
  processSatisfaction?: string | null;
  resultSatisfaction?: string | null;
  count?: number | null;
  points?: number | null;
}

/** The fields a preset sets, or a Chinese reason why it cannot yet (a value missing). */
export function presetFields(preset: OrderPreset | EventPreset, v: PresetValues): Record<string, FieldValue> | string {
  switch (preset) {
    case "notMine":
      return { returned: true, returnAccepted: true };
    case "excused":
      return { delayExcused: true };
    case "extended":
      return typeof v.extendedTo === "number" ? { extendedTo: v.extendedTo } : "请填写批准延期至的时间";
    case "visit": {
      const out: Record<string, FieldValue> = {};
      if (typeof v.visited === "boolean") out.visited = v.visited;
      if (v.processSatisfaction) out.processSatisfaction = v.processSatisfaction;
      if (v.resultSatisfaction) out.resultSatisfaction = v.resultSatisfaction;
      return Object.keys(out).length > 0 ? out : "请至少填写一项应为的回访情况";
    }
    case "unverified":
      return { count: 0 };
    case "wrongCount": {
      const out: Record<string, FieldValue> = {};
      if (typeof v.count === "number") out.count = v.count;
      if (typeof v.points === "number") out.points = v.points;
      return Object.keys(out).length > 0 ? out : "请填写应为的次数或分值";
    }
  }
}

const same = (a: FieldValue | undefined, b: FieldValue) => a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) < 1e-9);

/**
 * The changes for each record: the preset's fields, less those the record already holds (when its values are
 * known), so that "not ours" asks only for 回退认可 of an order already returned. A record that holds every value
 * keeps its changes: the server then says so in its own words.
 */
export function buildChanges(
  record: RecordKind,
  ids: readonly string[],
  fields: Record<string, FieldValue>,
  known: ReadonlyMap<string, Record<string, unknown>>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const recordId of ids) {
    const current = known.get(recordId);
    const all = Object.entries(fields).map(([field, to]) => ({ record, recordId, field, to }));
    const needed = current ? all.filter((c) => !same(current[c.field] as FieldValue | undefined, c.to)) : all;
    changes.push(...(needed.length > 0 ? needed : all));
  }
  return changes;
}

/**
 * What changed in the measures behind the duty since the explanation was written (an objection upheld corrected the
 * data): "超期件数 4 → 3", one per measure whose value differs; none when nothing did.
 */
export function changedSince(then: readonly SanctionReason[], now: readonly SanctionReason[]): string[] {
  const values = (reasons: readonly SanctionReason[]) => {
    const out = new Map<string, { label: string; value: number | null }>();
    for (const r of reasons) for (const b of r.because) out.set(b.measure, { label: b.label ?? b.measure, value: b.value });
    return out;
  };
  const before = values(then);
  const after = values(now);
  const changed: string[] = [];
  for (const [measure, b] of before) {
    const a = after.get(measure);
    if (a && a.value !== b.value) changed.push(`${b.label} ${b.value ?? "—"} → ${a.value ?? "—"}`);
  }
  return changed;
}

/**
 * Why a period cannot be opened to the units yet, said on the 开放 button (null: it can): with no published rubric
 * version in force there is nothing to score it by, and the server refuses. Offered anyway, it was a dialog filled in
 * for nothing (a new county's empty ranking).
 */
export function openPreviewBlocked(period: string, notInForce: boolean, unopenedMonths: readonly string[] = []): string | null {
  if (notInForce) return `${monthLabel(period)}没有施行中的规则版本，无法计分：请先在“规则”中发布适用于该期的版本，再向单位开放`;
  // a year's result is opened after the months it counts (the server refuses it otherwise): said on the button, not
  // after the dialog's deadlines were filled in and sent
  if (unopenedMonths.length > 0)
    return `${monthLabel(period)}计入的 ${unopenedMonths.map((m) => `${Number(m.slice(5))}月`).join("、")} 尚未向各单位开放：请先在月度排名页开放或发布这些月份，再开放年度考核结果`;
  return null;
}

/**
 * A list of objections (objections.list, asked for one status or all) with one just decided as the decision answered it:
 * in its place, or out of a list of another status (待处理). Set before the toast that says it was decided, so the list
 * behind does not say 待处理 for the seconds its refetch takes (after the decision the month is scored again).
 */
export function withDecidedObjection(list: readonly Objection[], decided: Objection, status?: ObjectionStatus): Objection[] {
  if (status !== undefined && decided.status !== status) return list.filter((o) => o.id !== decided.id);
  return list.map((o) => (o.id === decided.id ? decided : o));
}

/** An undecided objection of the unit's naming a record: its number and the fields it asks to correct there. */
export interface PendingOnRecord {
  id: number;
  fields: string[];
}

/**
 * The unit's undecided objections by the record they name (of `record`'s kind), oldest first. A unit raised a second
 * and a third objection against the same order with nothing telling it one was already pending (a walk); the lists
 * mark each such record "已有待处理的异议 #N".
 */
export function pendingByRecord(list: readonly Objection[] | undefined, record: RecordKind): Map<string, PendingOnRecord[]> {
  const by = new Map<string, PendingOnRecord[]>();
  for (const o of [...(list ?? [])].sort((a, b) => a.id - b.id)) {
    if (o.status !== "open") continue;
    const fields = new Map<string, string[]>();
    for (const p of o.proposed) if (p.record === record) fields.set(p.recordId, [...(fields.get(p.recordId) ?? []), p.fieldLabel]);
    for (const [recordId, labels] of fields) by.set(recordId, [...(by.get(recordId) ?? []), { id: o.id, fields: labels }]);
  }
  return by;
}

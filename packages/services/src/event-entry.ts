/**
 * A verified event entered in the console (登记考核事件: a 行政不作为 complaint found true, a meeting missed), not
 * typed into a spreadsheet first: the event types the rubric in force for its month declares, and the event as a
 * one-row events file. The import takes that file as it takes any — the same checks and problems, the batch listed
 * on the data page and undoable, audited, the warnings — so an event entered here is no different from one imported.
 */
import { randomBytes } from "node:crypto";
import { csvLine, type HotlineEvent, recordCells, recordHeader } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { type AssessmentDecl, itemsOf, type Rubric } from "@kaohe/rules-dsl";
import { addMonths, type CompiledRubric, periodWindow } from "@kaohe/rules-engine";
import { formatShanghai, periodLabel, shanghaiDayStart } from "@kaohe/time";
import { compiled, readsRecordedPoints, rubricLabel } from "./import-checks.ts";
import { inForceLookup } from "./rubrics.ts";

/** An event type as the rubric declares it: its points per occurrence, or null when each event's 分值 counts (`points recorded`). */
export interface DeclaredEventType {
  name: string;
  label: string | null;
  points: number | null;
  /** whether the rubric's items deduct its points (deduct per …) or add them (add per …); null: neither, or both */
  direction: "deduct" | "add" | null;
  /**
   * asked with a day: the assessments whose items count an event of the type on that day, each with its period
   * (“2018年11月投诉件办理考核”, “2018年度综合管理考核”), in the order written. An event entered in January for last
   * year's checklist, dated today, counted in the new year and nothing said so (a walk).
   */
  countsIn?: string[];
}

/** The assessments whose items deduct or add per each event type (`deduct per 工单不规范`), in the order written. */
function assessmentsPer(ast: Rubric): Map<string, AssessmentDecl[]> {
  const out = new Map<string, AssessmentDecl[]>();
  for (const d of ast.declarations) {
    if (d.kind !== "assessment") continue;
    for (const part of d.parts)
      for (const item of itemsOf(part))
        for (const a of item.adjustments) {
          if (!a.per) continue;
          const list = out.get(a.per.name) ?? [];
          if (!list.includes(d)) out.set(a.per.name, [...list, d]);
        }
  }
  return out;
}

/**
 * The period of an assessment a day falls in, in words: a monthly one's month (or quarter …: its window's, a month
 * from the 26th taking the last days of the month before), a yearly one's year. Null when the rubric cannot say.
 */
function periodOfDay(rubric: CompiledRubric, a: AssessmentDecl, day: string): string | null {
  const at = shanghaiDayStart(day);
  try {
    if (a.schedule === "yearly") {
      let year = Number(day.slice(0, 4));
      const { window } = periodWindow(rubric, String(year), a.name);
      if (at >= window.end) year += 1;
      else if (at < window.start) year -= 1;
      return periodLabel(String(year));
    }
    let month = day.slice(0, 7);
    const { window } = periodWindow(rubric, month, a.name);
    if (at >= window.end) month = addMonths(month, 1);
    else if (at < window.start) month = addMonths(month, -1);
    return periodLabel(periodWindow(rubric, month, a.name).window.label);
  } catch {
    return null;
  }
}

/** How the rubric's items count each event type: deducted, added, or (neither or both) null. */
function directions(ast: Rubric): Map<string, "deduct" | "add" | null> {
  const seen = new Map<string, Set<"deduct" | "add">>();
  for (const d of ast.declarations) {
    if (d.kind !== "assessment") continue;
    for (const part of d.parts)
      for (const item of itemsOf(part)) for (const a of item.adjustments) if (a.per) seen.set(a.per.name, (seen.get(a.per.name) ?? new Set()).add(a.direction));
  }
  return new Map([...seen].map(([name, ways]) => [name, ways.size === 1 ? ([...ways][0] ?? null) : null]));
}

/**
 * The event types the rubric in force for `month` declares, in the order written; null when no version is in force
 * then. Given the event's day (in `month`): what each type counts in then (`countsIn`), and the day of the newest
 * order imported (`latestOrder`, null: none), for the form to say when the day chosen is after all the data.
 */
export async function eventTypesFor(
  store: Store,
  month: string,
  day?: string,
): Promise<{ rubric: string; period: string; types: DeclaredEventType[]; latestOrder?: string | null } | null> {
  const version = (await inForceLookup(store))(month);
  if (!version) return null;
  const latestOrder = day === undefined ? undefined : await latestOrderDay(store);
  const extra = latestOrder === undefined ? {} : { latestOrder };
  // a version that no longer compiles declares nothing one could choose
  const rubric = compiled(version)?.rubric;
  if (!rubric) return { rubric: rubricLabel(version), period: periodLabel(month), types: [], ...extra };
  const ways = directions(rubric.ast);
  const per = assessmentsPer(rubric.ast);
  const countsIn = (name: string) =>
    (per.get(name) ?? []).flatMap((a) => {
      const period = periodOfDay(rubric, a, day as string);
      return period === null ? [] : [`${period}${a.label ?? a.name}`];
    });
  // a type the rubric scores by each event's 分值 (`deduct recorded per`, even of one declared points 5) asks for it:
  // the import refuses such an event without one, and the form had no field for it (a review)
  const types = rubric.ast.declarations.flatMap((d): DeclaredEventType[] => {
    if (d.kind !== "event") return [];
    const type: DeclaredEventType = {
      name: d.name,
      label: d.label,
      points: readsRecordedPoints(rubric, d.name) ? null : d.points,
      direction: ways.get(d.name) ?? null,
    };
    if (day !== undefined) type.countsIn = countsIn(d.name);
    return [type];
  });
  return { rubric: rubricLabel(version), period: periodLabel(month), types, ...extra };
}

/** The day (Beijing) of the newest order imported, received or closed; null when there is none. */
async function latestOrderDay(store: Store): Promise<string | null> {
  const [row] = await store.raw.query<{ received: number | null; closed: number | null }>(
    `SELECT MAX("receivedAt") AS "received", MAX("closedAt") AS "closed" FROM "orders"`,
  );
  const latest = Math.max(Number(row?.received ?? Number.NEGATIVE_INFINITY), Number(row?.closed ?? Number.NEGATIVE_INFINITY));
  return Number.isFinite(latest) ? formatShanghai(latest, "date") : null;
}

/** An event as the console's form gives it: the unit's code, the day (YYYY-MM-DD), and the columns of an events file. */
export interface EnteredEvent {
  unit: string;
  date: string;
  type: string;
  count: number;
  points: number | null;
  orderId: string | null;
  note: string | null;
}

/** An id no platform export uses (DJ for 登记, the day, 48 random bits): two entries do not update each other. */
export const newEventId = (date: string): string => `DJ${date.replaceAll("-", "")}-${randomBytes(6).toString("hex").toUpperCase()}`;

/**
 * The name of the file an entered event is imported from, the batch's name on the data page: what was entered, then
 * its id (`考核事件登记-唐山镇-推诿扯皮-DJ20181120-….csv`), characters a file name cannot hold replaced.
 */
export const enteredEventFileName = (id: string, what: { unit: string; type: string }): string =>
  `考核事件登记-${fileNamePart(`${what.unit}-${what.type}`)}-${id}.csv`;

/** What was entered, as part of a file's name: the characters a file name cannot hold (and spaces) replaced. */
export const fileNamePart = (text: string): string => text.replace(/[\\/:*?"<>|\s]+/g, "_");

/** The one-row events file of an entered event (UTF-8 with a BOM, Chinese headers), as `writeRecordsCsv` would write it. */
export function enteredEventCsv(e: EnteredEvent, id: string): string {
  const event: HotlineEvent = {
    id,
    unit: e.unit,
    date: shanghaiDayStart(e.date),
    type: e.type,
    count: e.count,
    points: e.points,
    orderId: e.orderId,
    note: e.note,
    attributes: {},
  };
  return `\uFEFF${csvLine(recordHeader("events"))}${csvLine(recordCells("events", event))}`;
}

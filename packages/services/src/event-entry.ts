/**
 * A verified event entered in the console (登记考核事件: a 行政不作为 complaint found true, a meeting missed), not
 * typed into a spreadsheet first: the event types the rubric in force for its month declares, and the event as a
 * one-row events file. The import takes that file as it takes any — the same checks and problems, the batch listed
 * on the data page and undoable, audited, the warnings — so an event entered here is no different from one imported.
 */
import { randomBytes } from "node:crypto";
import { csvLine, type HotlineEvent, recordCells, recordHeader } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { itemsOf, type Rubric } from "@kaohe/rules-dsl";
import { periodLabel, shanghaiDayStart } from "@kaohe/time";
import { compiled, readsRecordedPoints, rubricLabel } from "./import-checks.ts";
import { inForceLookup } from "./rubrics.ts";

/** An event type as the rubric declares it: its points per occurrence, or null when each event's 分值 counts (`points recorded`). */
export interface DeclaredEventType {
  name: string;
  label: string | null;
  points: number | null;
  /** whether the rubric's items deduct its points (deduct per …) or add them (add per …); null: neither, or both */
  direction: "deduct" | "add" | null;
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

/** The event types the rubric in force for `month` declares, in the order written; null when no version is in force then. */
export async function eventTypesFor(store: Store, month: string): Promise<{ rubric: string; period: string; types: DeclaredEventType[] } | null> {
  const version = (await inForceLookup(store))(month);
  if (!version) return null;
  // a version that no longer compiles declares nothing one could choose
  const rubric = compiled(version)?.rubric;
  if (!rubric) return { rubric: rubricLabel(version), period: periodLabel(month), types: [] };
  const ways = directions(rubric.ast);
  // a type the rubric scores by each event's 分值 (`deduct recorded per`, even of one declared points 5) asks for it:
  // the import refuses such an event without one, and the form had no field for it (a review)
  const types = rubric.ast.declarations.flatMap((d) =>
    d.kind === "event"
      ? [{ name: d.name, label: d.label, points: readsRecordedPoints(rubric, d.name) ? null : d.points, direction: ways.get(d.name) ?? null }]
      : [],
  );
  return { rubric: rubricLabel(version), period: periodLabel(month), types };
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

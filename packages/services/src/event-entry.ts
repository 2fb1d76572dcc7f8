/**
 * A verified event entered in the console (登记考核事件: a 行政不作为 complaint found true, a meeting missed), not
 * typed into a spreadsheet first: the event types the rubric in force for its month declares, and the event as a
 * one-row events file. The import takes that file as it takes any — the same checks and problems, the batch listed
 * on the data page and undoable, audited, the warnings — so an event entered here is no different from one imported.
 */
import { randomBytes } from "node:crypto";
import { csvLine, type HotlineEvent, recordCells, recordHeader } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { periodLabel, shanghaiDayStart } from "@kaohe/time";
import { compiled, rubricLabel } from "./import-checks.ts";
import { inForceLookup } from "./rubrics.ts";

/** An event type as the rubric declares it: its points per occurrence, or null when each event's 分值 counts (`points recorded`). */
export interface DeclaredEventType {
  name: string;
  label: string | null;
  points: number | null;
}

/** The event types the rubric in force for `month` declares, in the order written; null when no version is in force then. */
export async function eventTypesFor(store: Store, month: string): Promise<{ rubric: string; period: string; types: DeclaredEventType[] } | null> {
  const version = (await inForceLookup(store))(month);
  if (!version) return null;
  // a version that no longer compiles declares nothing one could choose
  const types = (compiled(version)?.rubric.ast.declarations ?? []).flatMap((d) =>
    d.kind === "event" ? [{ name: d.name, label: d.label, points: d.points }] : [],
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

/** The name of the file an entered event is imported from (`考核事件登记-DJ20181120-….csv`): the batch's name on the data page. */
export const enteredEventFileName = (id: string): string => `考核事件登记-${id}.csv`;

/** Is this the file of an event entered in the form (its report speaks of the event, not of a file's rows)? */
// (the form of newEventId's ids: api imports.test.ts enters an event and reads the warning this decides)
export const isEnteredEventFile = (file: string): boolean => /^考核事件登记-DJ\d{8}-[0-9A-F]{12}\.csv$/.test(file);

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

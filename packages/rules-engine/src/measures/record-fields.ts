/**
 * The rubric's own fields of a record (`field 有效时限 = 延期至 ?? add_workdays(受理时间, 5)`), worked out for the
 * records an explanation or a drill-down lists: what the rubric read of each order or event, beside what was imported
 * (a unit shown the imported 办理时限 of 09-30 could not see why an order the rubric gives until 09-27 was late).
 * Computed by the same generated code as the measures (record-js.ts), one function a rubric and kind.
 */
import type { CalendarDay, Unit } from "@kaohe/data";
import * as A from "@kaohe/rules-dsl";
import { formatShanghai } from "@kaohe/time";
import type { CompiledRubric } from "../compile.ts";
import { formatValue } from "../explain.ts";
import { unitWindow } from "../run.ts";
import { periodWindow } from "../score.ts";
import { WorkCalendar } from "../workdays.ts";
import { type CodegenContext, H, recordExprJs } from "./record-js.ts";

/** One attribute or field the rubric declares for a kind of record: its name, label and the type of its value. */
export interface RecordField {
  /** an extra column it reads (`attribute`), or what it works out (`field`) */
  kind: "attribute" | "field";
  name: string;
  label: string | null;
  type: A.ValueType;
  /**
   * What it is, for a reader of a record list: the comment written just above it (`# 办结：已办结、未超期且未反弹`),
   * else, for a field, its definition as written (`办结时间 is not missing and not 超期`); null for an attribute without one
   */
  note: string | null;
}

/** The `#` comment lines directly above a declaration, joined (none: null). */
function commentAbove(lines: readonly string[], line: number): string | null {
  const notes: string[] = [];
  for (let i = line - 2; i >= 0; i--) {
    const text = (lines[i] ?? "").trim();
    if (!text.startsWith("#")) break;
    notes.unshift(text.replace(/^#+\s*/, ""));
  }
  const note = notes.join(" ").trim();
  return note === "" ? null : note;
}

/** The period a record is read in: its window, the one before (for `in previous period`), the assessment time, the calendar. */
export interface RecordFieldContext {
  start: number;
  end: number;
  prevStart: number;
  prevEnd: number;
  asOf: number;
  cal: WorkCalendar;
}

/** A field's value for one record: a time as its epoch; null when it is missing or cannot be worked out (a date outside the calendar). */
export type RecordFieldValue = number | boolean | string | null;

const cache = new WeakMap<CompiledRubric, Map<string, { fields: RecordField[]; values: (r: unknown, c: RecordFieldContext) => RecordFieldValue[] }>>();

/**
 * The extra columns a rubric reads of orders or events (`attribute`) and the fields it works out (`field`), in the
 * order written, with a function giving a record's values of them.
 */
export function recordFields(
  rubric: CompiledRubric,
  kind: "orders" | "events",
): { fields: RecordField[]; values: (record: unknown, c: RecordFieldContext) => RecordFieldValue[] } {
  let byKind = cache.get(rubric);
  if (!byKind) {
    byKind = new Map();
    cache.set(rubric, byKind);
  }
  const known = byKind.get(kind);
  if (known) return known;
  // the extra columns it reads (首次联系时间), then what it works out of them (有效时限, 超期), each as written
  const decls = rubric.ast.declarations.filter((d): d is A.AttributeDecl | A.FieldDecl => (d.kind === "attribute" || d.kind === "field") && d.record === kind);
  decls.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "attribute" ? -1 : 1));
  // the checker's own reading of each field's type (no diagnostics: the rubric compiled)
  const resolver = new A.Resolver(rubric.ast, () => {});
  const lines = rubric.text.split(/\r?\n/);
  const fields: RecordField[] = decls.map((d) => ({
    kind: d.kind,
    name: d.name,
    label: d.label,
    type: resolver.typeOf({ kind: "name", name: d.name, range: d.nameRange }, { level: kind }),
    note:
      commentAbove(lines, d.range.start.line) ??
      (d.kind === "field" ? `${d.label ?? d.name} = ${rubric.text.slice(d.expr.range.start.offset, d.expr.range.end.offset).replace(/\s+/g, " ")}` : null),
  }));
  const ctx: CodegenContext = { symbols: rubric.symbols, kind, constants: [], eventPoints: rubric.plan.eventPoints };
  // each field on its own: one that fails (a working day outside the calendar) leaves the others
  const body = decls.map(
    (d) => `try { out.push(H.plain(${recordExprJs({ kind: "name", name: d.name, range: d.nameRange }, ctx)})); } catch { out.push(null); }`,
  );
  const fn = new Function("H", "K", `return function fields(r, c) { let v; const out = []; ${body.join("\n")} return out; };`)(
    { ...H, plain: (x: unknown) => (x === undefined ? null : x) },
    ctx.constants,
  ) as (r: unknown, c: RecordFieldContext) => RecordFieldValue[];
  const made = { fields, values: fn };
  byKind.set(kind, made);
  return made;
}

/** A field's value as a person reads it: a time to the minute (a deadline at its day's end, the day alone), 是 / 否, a number as explanations write it, — when missing. */
function fieldValueText(field: RecordField, v: RecordFieldValue): string {
  if (v === null) return "—";
  if (field.type === "datetime" && typeof v === "number") return formatShanghai(v, "deadline");
  return formatValue(v);
}

/**
 * The rubric's attributes and fields of orders or events as columns for a unit's records of a period: their headings
 * (the label, else the name) and each record's cells, worked out as the unit's measures are counted — the period's
 * window (the unit's own part of it when it is assessed in some of its months), the window before (`in previous
 * period`), the assessment time, the holiday calendar. One reading for the explanation, the console's lists and their
 * export.
 */
export function recordFieldColumns(
  rubric: CompiledRubric,
  kind: "orders" | "events",
  of: { period: string; assessment?: string; unit: Pick<Unit, "fromMonth" | "untilMonth"> | null; asOf?: number },
  calendar: readonly CalendarDay[],
): { headings: string[]; notes: (string | null)[]; attributes: (string | null)[]; cells: (record: unknown) => string[] } {
  const { fields, values } = recordFields(rubric, kind);
  const period = periodWindow(rubric, of.period, of.assessment);
  const window = of.unit ? unitWindow(period.assessment, period.window, of.unit) : period.window;
  const c: RecordFieldContext = {
    start: window.start,
    end: window.end,
    prevStart: period.previous?.start ?? Number.NaN,
    prevEnd: period.previous?.end ?? Number.NaN,
    asOf: of.asOf ?? period.asOf,
    cal: new WorkCalendar(calendar),
  };
  return {
    headings: fields.map((f) => f.label ?? f.name),
    // what each is, said over its heading
    notes: fields.map((f) => f.note),
    // an attribute's column name (a listing of the imported columns has it already), null for a field
    attributes: fields.map((f) => (f.kind === "attribute" ? f.name : null)),
    cells: (record) => {
      const v = values(record, c);
      return fields.map((f, i) => fieldValueText(f, v[i] ?? null));
    },
  };
}

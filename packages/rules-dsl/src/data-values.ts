/**
 * Texts compared with a record's column of open values, checked against the data (KH267). A column of fixed values
 * (结果满意度, 结案类型) is checked on its own (KH252); one of open values (诉求类型, 来源, an attribute the rubric declares
 * as text: `attribute 回访评价 "回访评价" text`) holds what the files bring, so `诉求类型 = "咨询类"` where the data says
 * 咨询, or `levels(回访评价, 基本满义: 0.6)`, passes every check and scores silently otherwise. The checker collects
 * each such text where it is written (`RecordText`, ParseResult.recordTexts); whoever holds the data (the store, a
 * data folder) counts the columns they name (`recordColumns`) and hands their values to `checkRecordTexts`.
 */
import type { Range } from "./ast.ts";
import { Codes, type Diagnostic, diagnostic } from "./diagnostics.ts";
import { closest } from "./suggest.ts";
import { type BuiltinField, eventFields, findField, orderFields } from "./symbols.ts";

/** A column of open values: a built-in field (by its key) or an attribute the rubric declares (by its name and label). */
export type RecordColumn = { record: "orders" | "events"; field: string } | { record: "orders" | "events"; attribute: string; label: string | null };

/** A text compared with a column of open values, as the rubric writes it. */
export interface RecordText {
  column: RecordColumn;
  /** the column's name as written (诉求类型, kind, 回访评价) */
  name: string;
  text: string;
  /** where the text is written (the string, or the level's name in levels) */
  range: Range;
  /** `!=`, `not in`: the comparison always holds when no record holds the text */
  negated: boolean;
  /** a level of levels(…), not a comparison */
  level: boolean;
  /** one of several texts of an `in` / `not in` list: the list still holds for the others */
  listed?: boolean;
}

/** A value a column holds and how many records hold it. */
export interface ColumnValue {
  value: string;
  count: number;
}

/**
 * The values a column holds, most frequent first, keyed by `columnKey`; `complete: false` when the column holds more
 * distinct values than were counted (then a text not among them may be held: nothing is said of it).
 */
export type ColumnValues = Record<string, { values: ColumnValue[]; complete: boolean }>;

/** The built-in fields of open values: text fields without a fixed list, but for ids and free notes, and 事件类型 (KH258 holds it to the declared types). */
const OPEN_FIELDS: Record<"orders" | "events", ReadonlySet<string>> = {
  orders: new Set(["kind", "source", "unit"]),
  events: new Set(["unit"]),
};

export const columnKey = (c: RecordColumn): string =>
  "field" in c ? `${c.record}.${c.field}` : `${c.record}.attributes.${JSON.stringify([c.attribute, c.label])}`;

/** The columns the texts are compared with, once each (what the data has to be asked for). */
export function recordColumns(texts: readonly RecordText[]): RecordColumn[] {
  const seen = new Map<string, RecordColumn>();
  for (const t of texts) if (!seen.has(columnKey(t.column))) seen.set(columnKey(t.column), t.column);
  return [...seen.values()];
}

/** How many of a column's values a message names. */
const SHOWN = 6;

/**
 * A warning for each text no record in the data holds, with the values the data holds. Never an error: a text no record
 * holds yet may be right (a type of appeal not seen so far); a column the data has no value in at all (not imported
 * yet, or an attribute no file has) is not told of here.
 */
export function checkRecordTexts(texts: readonly RecordText[], data: ColumnValues): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of texts) {
    const held = data[columnKey(t.column)];
    if (!held?.complete || held.values.length === 0 || held.values.some((v) => v.value === t.text)) continue;
    const values = held.values.map((v) => v.value);
    const shown = `${values.slice(0, SHOWN).join("、")}${values.length > SHOWN ? ` 等 ${values.length} 种` : ""}`;
    const shownEn = `${values.slice(0, SHOWN).join(", ")}${values.length > SHOWN ? ` and ${values.length - SHOWN} more` : ""}`;
    const records = t.column.record === "orders" ? "工单" : "事件";
    const meant = closest(t.text, values);
    const outcome = t.level
      ? ["levels 中这一档用不上（levels 中没有写的值按 0 计）", "this level of levels never applies (a value levels does not name counts 0)"]
      : t.listed
        ? // (the list holds for its other texts: not 永远不成立 of the whole comparison, a review)
          ["列表中的这一项用不上", "this item of the list never matches"]
        : [`这个比较${t.negated ? "总是成立" : "永远不成立"}`, `the comparison is always ${t.negated ? "true" : "false"}`];
    out.push(
      diagnostic(
        "warning",
        Codes.TextNotInData,
        `数据中没有${t.name}为“${t.text}”的${records}（数据中的${t.name}有：${shown}）：${outcome[0]}${meant === undefined ? "" : `，是否想写 ${meant}？`}` +
          `（若是数据中尚未出现、今后会有的值，可以不改）`,
        `no ${t.column.record === "orders" ? "order" : "event"} in the data has ${t.name} '${t.text}' (the data's ${t.name}: ${shownEn}): ${outcome[1]}` +
          `${meant === undefined ? "" : `; did you mean '${meant}'?`} (if it is a value the data will hold later, leave it)`,
        t.range,
      ),
    );
  }
  return out;
}

/** The built-in field of open values a name in a record's scope reads, if any (the caller knows the rubric declares no name of its own so). */
export function openFieldNamed(record: "orders" | "events", name: string): BuiltinField | undefined {
  const field = findField(record === "orders" ? orderFields : eventFields, name);
  return field && OPEN_FIELDS[record].has(field.key) && field.values === undefined ? field : undefined;
}

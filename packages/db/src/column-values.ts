/**
 * The values a column of open values holds in the store (诉求类型, 来源, an attribute a rubric declares), most frequent
 * first: what a rubric's texts compared with it are checked against (@kaohe/rules-dsl data-values.ts, KH267). One
 * GROUP BY over the column for each, remembered while the data stays as it is (remember.ts): the editor asks again
 * as its text changes, and the store answers from memory until an import changes the data.
 */
import type { ColumnValues, RecordColumn } from "@kaohe/rules-dsl";
import { columnKey, eventFields, findField, orderFields } from "@kaohe/rules-dsl";
import { attributeText, ident } from "@kaohe/rules-engine";
import type { RawDb } from "./raw.ts";

/**
 * The distinct values counted of a column at most: a column holding more is free text (an address, a note), and a text
 * compared with it is not told of (its values are not all counted: `complete: false`).
 */
export const COLUMN_VALUES_COUNTED = 200;

/** The SQL of a column's text in its table, or undefined for a name that is no column of open values. */
function columnSql(raw: RawDb, c: RecordColumn): string | undefined {
  // (not converted by kh_text, which the connection reading aside lacks: a JSON number is made text below)
  if ("attribute" in c) return attributeText(c.attribute, c.label, raw.provider);
  const field = findField(c.record === "orders" ? orderFields : eventFields, c.field);
  return field && field.type === "text" && field.key === c.field ? ident(field.key) : undefined;
}

/** The values each column holds in the store, most frequent first (then in text order), keyed by `columnKey`. */
export async function columnValues(raw: RawDb, columns: readonly RecordColumn[], counted = COLUMN_VALUES_COUNTED): Promise<ColumnValues> {
  const out: ColumnValues = {};
  for (const c of columns) {
    const value = columnSql(raw, c);
    if (value === undefined) continue;
    const limit = Math.max(0, Math.floor(counted)) + 1;
    const sql = `SELECT v, COUNT(*) AS n FROM (SELECT ${value} AS v FROM ${ident(c.record)}) AS t WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT ${limit}`;
    // a pass over the whole table: read aside (this thread goes on), once while the data stays the same
    const rows = await raw.remember(
      sql,
      () => raw.readAside<{ v: unknown; n: unknown }>(sql),
      (r) => 64 + r.length * 96,
    );
    // as a comparison reads the value (kh_text): a number 1 and a text "1" are one value, "" none
    const counts = new Map<string, number>();
    for (const r of rows.slice(0, limit - 1)) {
      const v = String(r.v);
      if (v !== "") counts.set(v, (counts.get(v) ?? 0) + Number(r.n));
    }
    const values = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    out[columnKey(c)] = { values, complete: rows.length < limit };
  }
  return out;
}

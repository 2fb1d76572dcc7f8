/**
 * The records that cost a rate its points where the rate earns them (办结率 = 办结件数 / 承办量 in 10 × 办结率): the
 * denominator's records not among the numerator's, the orders not completed. `kaohe explain` prints them ("失分的：承办量
 * 中不属于办结件数的 3 件") and the console lists them (查看失分的工单); a leader compared two lists by hand to find them.
 * Without the browser's or the store's modules: the console loads it.
 */
import { listsAllRecords } from "@kaohe/data/limits";

/**
 * The records that cost the points, said as kaohe explain, the console's list and its XLSX say them alike:
 * "承办量中不属于办结件数的" (a measure by its label, else its name).
 */
export const lostText = (base: { name: string; label?: string | null }, kept: { name: string; label?: string | null }): string =>
  `${base.label || base.name}中不属于${kept.label || kept.name}的`;

/** What of a measure's evidence (rules-engine's MeasureEvidence, or one published before it kept `role`) is read. */
interface Measure {
  name: string;
  record: "orders" | "events";
  records: readonly string[];
  role?: "cost" | "spare" | "base" | null;
}

export interface LostRecords<M extends Measure> {
  /** the denominator (承办量, 回访件数) */
  base: M;
  /** the numerator, whose records kept their points (办结件数, 办理结果满意件数) */
  kept: M;
  /**
   * the base's records not among the kept's; only when both lists are whole (`count` not null): from lists cut at
   * EVIDENCE_LIMIT the difference is no one's records (a unit's 6,661 lost orders came out as 834)
   */
  records: string[];
  /** how many: null when a list was cut and the number is not known here (the drill-down counts them on the server) */
  count: number | null;
}

/**
 * For each measure of an item that keeps points ("spare", engine's measureRoles), the records of the item's "base"
 * measure that it does not count; none where the formula names no base.
 */
export function lostRecords<M extends Measure>(measures: readonly M[]): LostRecords<M>[] {
  const base = measures.find((m) => m.role === "base");
  if (!base) return [];
  return measures
    .filter((m) => m.role === "spare" && m.record === base.record)
    .map((kept) => {
      if (!listsAllRecords(base) || !listsAllRecords(kept)) return { base, kept, records: [], count: null };
      const counted = new Set(kept.records);
      const records = base.records.filter((id) => !counted.has(id));
      return { base, kept, records, count: records.length };
    });
}

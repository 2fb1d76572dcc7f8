/**
 * The year's sanctions (办法五): how many of the year's counted months each unit owed a written explanation (书面说明)
 * or fell under any other sanction the rubric declares, and how its explanations were handed in, as the month pages
 * track them (逾期提交, 逾期未交). Read by leaders deciding 约谈 at the year's end: on the year page and in the year's
 * table (备注).
 */

import type { Store } from "@kaohe/db";
import type { UnitResult } from "@kaohe/rules-engine";
import { getCycle } from "./cycle.ts";
import { currentPublication } from "./publication.ts";
import { asksForExplanation } from "./sanction-causes.ts";
import { rubricFor } from "./score-views.ts";
import { monthsScored, yearMonthsCounted } from "./scores.ts";

/**
 * A unit's sanction over a year's counted months (办法五: 书面说明 month by month, 约谈 decided at the year's end from
 * them): in how many months it applied and, for one asking for a written explanation, how many of those months'
 * explanations came after the month's deadline or never came once it had passed. Any sanction the rubric declares.
 */
export interface YearSanction {
  name: string;
  label: string | null;
  /** the counted months it applied in */
  months: number;
  /** it asks for a written explanation (asksForExplanation): `late` and `missing` count its months' explanations */
  explains: boolean;
  /** 逾期提交: submitted after the month's explanation deadline (read by the center or not) */
  late: number;
  /** 逾期未交: none submitted, the month's explanation deadline passed */
  missing: number;
}

/**
 * Per unit (by code), the sanctions of the year's counted months as scored (`monthly`: each month's units), in the
 * order first met; a unit without any has no entry. Explanations are as the month pages track them: a month never
 * opened to the units has no deadline, so its explanation is neither late nor missing (待提交).
 */
export async function yearSanctions(
  store: Store,
  monthly: ReadonlyMap<string, readonly Pick<UnitResult, "unit" | "sanctions">[]>,
  now = new Date(),
): Promise<Map<string, YearSanction[]>> {
  const byUnit = new Map<string, Map<string, YearSanction>>();
  for (const [month, units] of monthly) {
    const owing = units.filter((u) => u.sanctions.length > 0);
    if (owing.length === 0) continue;
    const [cycle, submitted] = await Promise.all([
      getCycle(store, month, now),
      store.prisma.explanation.findMany({ where: { period: month }, select: { unitCode: true, submittedAt: true } }),
    ]);
    const deadline = cycle.explanationDeadline;
    const submittedAt = new Map(submitted.map((e) => [e.unitCode, e.submittedAt.toISOString()]));
    for (const u of owing) {
      const mine = byUnit.get(u.unit.code) ?? new Map<string, YearSanction>();
      byUnit.set(u.unit.code, mine);
      for (const s of u.sanctions) {
        const entry = mine.get(s.name) ?? { name: s.name, label: s.label, months: 0, explains: asksForExplanation(s), late: 0, missing: 0 };
        mine.set(s.name, entry);
        entry.months++;
        if (!entry.explains || deadline === null) continue;
        const at = submittedAt.get(u.unit.code);
        if (at !== undefined && at > deadline) entry.late++;
        else if (at === undefined && now.toISOString() > deadline) entry.missing++;
      }
    }
  }
  return new Map([...byUnit].map(([code, m]) => [code, [...m.values()]]));
}

/** A unit's year of sanctions in words: "书面说明 3 个月（逾期提交 1 次、逾期未交 1 次）；约谈 1 个月"; "" for none. */
export function yearSanctionsText(sanctions: readonly YearSanction[]): string {
  return sanctions
    .map((s) => {
      const lapses = [s.late ? `逾期提交 ${s.late} 次` : "", s.missing ? `逾期未交 ${s.missing} 次` : ""].filter(Boolean).join("、");
      return `${s.name} ${s.months} 个月${lapses ? `（${lapses}）` : ""}`;
    })
    .join("；");
}

/**
 * The year's sanctions per unit, each counted month scored as the year is (the version in force for the year, or the
 * one its publication was made under, and the months it counted), and each unit's in words. The months are those the
 * year's scoring kept (monthsScored): the year page asks for this beside the year's result, and scored every month of
 * the year twice more for it.
 */
export async function yearSanctionsInForce(
  store: Store,
  year: string,
  now = new Date(),
): Promise<{ unitCode: string; sanctions: YearSanction[]; text: string }[]> {
  const published = await currentPublication(store, year);
  // the version the year was published under, as its XLSX and bulletin take it; else the one in force
  const { rubric } = await rubricFor(store, year, published?.rubricVersionId);
  // the months the year's scoring counted, kept by it (the year's table is asked for first): not the year scored again
  const months = published ? published.result.months : await yearMonthsCounted(store, rubric, year);
  const monthly = new Map<string, UnitResult[]>([...(await monthsScored(store, rubric, months))].map(([m, r]) => [m, r.units]));
  return [...(await yearSanctions(store, monthly, now))].map(([unitCode, sanctions]) => ({ unitCode, sanctions, text: yearSanctionsText(sanctions) }));
}

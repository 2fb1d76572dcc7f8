/**
 * 年度事项填报: a unit's yearly facts (the 综合管理 checklist: 成立领导小组, 建立专线网络 …) entered in the console
 * rather than typed into a facts spreadsheet. The items offered are the yearly facts the rubric in force for the year
 * declares, with what is stored for the unit; the values entered become a facts file of the unit's rows, imported as
 * any file is (the same checks, the batch listed on the data page and undoable, audited). A row replaces the one
 * stored for the same unit, year and item, as a re-imported file's does.
 */
import { csvLine, type Fact, recordCells, recordHeader } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { type FactType, keywordLanguageOf, printExpr } from "@kaohe/rules-dsl";
import { formatShanghai } from "@kaohe/time";
import { fileNamePart } from "./event-entry.ts";
import { compiled, rubricLabel } from "./import-checks.ts";
import { inForceLookup } from "./rubrics.ts";

/** A yearly fact as the rubric declares it, and the unit's value of it stored for the year. */
export interface DeclaredFact {
  name: string;
  label: string | null;
  type: FactType;
  /** the value scored when the unit has no row (`when missing 是`), as the rubric writes it; null: none (the item has no score) */
  whenMissing: string | null;
  /** the stored value (是, 否, or a number as text), null when there is none */
  stored: string | null;
}

export interface YearlyFacts {
  rubric: string;
  /** "2018年" */
  period: string;
  facts: DeclaredFact[];
  /** the monthly facts the rubric declares (按月填报: a facts file's 月份 column, not this form) */
  monthly: string[];
}

/** The yearly facts the rubric in force for `year` declares, with `unit`'s stored values; null when none is in force. */
export async function yearlyFactsFor(store: Store, year: number, unit: string): Promise<YearlyFacts | null> {
  const version = (await inForceLookup(store))(String(year));
  if (!version) return null;
  const period = `${year}年`;
  // a version that no longer compiles declares nothing one could enter
  const ast = compiled(version)?.rubric.ast;
  if (!ast) return { rubric: rubricLabel(version), period, facts: [], monthly: [] };
  const language = keywordLanguageOf(version.text);
  const rows = await store.prisma.fact.findMany({ where: { unit, year, month: null }, select: { item: true, value: true } });
  const stored = new Map(rows.map((r) => [r.item, r.value]));
  const facts: DeclaredFact[] = [];
  const monthly: string[] = [];
  for (const d of ast.declarations) {
    if (d.kind !== "fact") continue;
    if (d.monthly) monthly.push(d.name);
    else
      facts.push({
        name: d.name,
        label: d.label,
        type: d.type,
        whenMissing: d.whenMissing ? printExpr(d.whenMissing, language) : null,
        stored: stored.get(d.name) ?? null,
      });
  }
  return { rubric: rubricLabel(version), period, facts, monthly };
}

/** The values entered for one unit and year, as the form sends them: 是/否 as booleans, numbers as numbers. */
export interface EnteredFacts {
  unit: string;
  year: number;
  values: { item: string; value: boolean | number }[];
}

/**
 * The name of the file entered facts are imported from, the batch's name on the data page
 * (`年度事项填报-唐山镇-2018-20181205T1403.csv`, Beijing time), characters a file name cannot hold replaced.
 */
export const enteredFactsFileName = (unitName: string, year: number, at: Date): string =>
  `年度事项填报-${fileNamePart(unitName)}-${year}-${formatShanghai(at.getTime(), "minute").replace(/[-:]/g, "").replace(" ", "T")}.csv`;

/** The facts file of entered values (UTF-8 with a BOM, Chinese headers), one row per item, as `writeRecordsCsv` would write it. */
export function enteredFactsCsv(e: EnteredFacts): string {
  let out = `\uFEFF${csvLine(recordHeader("facts"))}`;
  for (const { item, value } of e.values) {
    const fact: Fact = { unit: e.unit, year: e.year, item, month: null, value };
    out += csvLine(recordCells("facts", fact));
  }
  return out;
}

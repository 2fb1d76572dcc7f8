/**
 * What an import refuses that only the rubric in force can tell: a checklist item's (事项) value that does not fit
 * the type its rubric declares — a number for a yes/no item (it would be scored as 否 without a word), 是 or 否 for
 * a number. A problem at the row like any other, found while the file is read: nothing is stored (@kaohe/db's
 * importFiles, all or nothing). Items the rubric does not declare, and periods no version is in force for, are
 * the warnings' (import-warnings.ts).
 */
import type { Fact, Reason, RecordChecks } from "@kaohe/data";
import type { FactDecl } from "@kaohe/rules-dsl";
import { type CompiledRubric, yesNoNumber } from "@kaohe/rules-engine";
import { isMonth, isYear } from "@kaohe/time";
import { compileVersion, type RubricVersionDetail } from "./rubrics.ts";

export interface InForce {
  version: RubricVersionDetail;
  rubric: CompiledRubric;
}

export const compiled = (v: RubricVersionDetail | null | undefined): InForce | null => {
  if (!v) return null;
  try {
    return { version: v, rubric: compileVersion(v) };
  } catch {
    // a published version that no longer compiles says so wherever it is used
    return null;
  }
};

export const rubricLabel = (v: RubricVersionDetail) => `规则“${v.name}”（${v.version}）`;

/** The rubric in force for each period (a month, a year), compiled once per period looked up. */
export function inForceCache(lookup: (period: string) => RubricVersionDetail | null): (period: string) => InForce | null {
  const known = new Map<string, InForce | null>();
  return (period) => {
    let r = known.get(period);
    if (r === undefined) {
      r = compiled(lookup(period));
      known.set(period, r);
    }
    return r;
  };
}

/** Why a fact's value does not fit its item's declared type, or null when it does. */
function factValueReason(decl: FactDecl, value: Fact["value"], written: string, v: RubricVersionDetail): Reason | null {
  const name = decl.name;
  const where = `${rubricLabel(v)}第 ${decl.range.start.line} 行`;
  const whereEn = `rubric ${v.name} ${v.version}, line ${decl.range.start.line}`;
  if (decl.type === "yesno" && typeof value !== "boolean" && !(typeof value === "number" && yesNoNumber(value) !== null)) {
    return {
      zh: `“${name}”是是否项（${where}），应填 是 或 否（或 1、0），而不是“${written}”`,
      en: `${name} is a yes/no item (${whereEn}): write 是 or 否 (or 1, 0), not ${written}`,
    };
  }
  if (decl.type === "number" && typeof value !== "number") {
    return {
      zh: `“${name}”是数值项（${where}），应填数字，而不是“${written}”`,
      en: `${name} is a number item (${whereEn}): write a number, not ${written}`,
    };
  }
  return null;
}

/** The checks of an import's records against the rubric in force for their period. */
export function rubricChecks(inForce: (period: string) => InForce | null): RecordChecks {
  return {
    facts: {
      reads: ["year", "month", "item", "value"],
      check(f, written) {
        const period = f.month ?? String(f.year);
        if (!isYear(period) && !isMonth(period)) return [];
        const r = inForce(period);
        const sym = r?.rubric.symbols.global.get(f.item);
        if (!r || sym?.kind !== "fact") return [];
        const reason = factValueReason(sym.decl, f.value, written("value").trim(), r.version);
        return reason ? [{ field: "value", reason }] : [];
      },
    },
  };
}

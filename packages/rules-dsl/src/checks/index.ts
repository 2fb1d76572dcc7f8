/**
 * The semantic checks, in the order they run: first the checks of the whole file, then for each declaration in
 * file order the checks of its kind, then the checks that need every declaration seen (the ranking reads the
 * assessments, the unused check what all the others marked used). Each entry runs on its own: `checkRubric`
 * (check.ts) catches a check that crashes and reports it, and the others' findings stand.
 *
 * A new check is one function `(ctx, node)` in the file of its concern here, and one entry below under the kind of
 * declaration it checks (or in `first` / `last` for the whole file). Its place in the list is its place in the
 * diagnostics of equal position.
 */
import {
  checkBands,
  checkCategoryItemReads,
  checkDeductionsAloneRescaled,
  checkItemCycles,
  checkParts,
  checkReports,
  checkRescaleCanHappen,
  checkSanctions,
  checkTotal,
  checkVetoes,
  checkWindow,
} from "./assessment.ts";
import type { DeclarationChecks, FileCheck } from "./context.ts";
import { checkDatabaseLimits } from "./database-limits.ts";
import { checkAssessedAt, checkEvent, checkFact, checkField, checkMeasure, checkPopulation, checkRate, checkSources, checkValue } from "./declarations.ts";
import { checkItemDivisions, checkValueDivisions } from "./division.ts";
import { checkPerEvents } from "./events.ts";
import { checkAssessmentFactConditions, checkMissingFactRescaled, checkValueFactConditions } from "./facts.ts";
import { checkDuplicates, checkHeader, checkRepeats, checkUnused } from "./file.ts";
import { checkBandPercentLines, checkFullMarks, checkItemPoints } from "./points.ts";
import { checkRanking } from "./ranking.ts";
import { checkAssessmentRates, checkRateWhenZero, checkValueRates } from "./rates.ts";
import { checkReferencedOnly } from "./referenced.ts";

export type { CheckContext, DeclarationCheck, FileCheck } from "./context.ts";

export interface CheckRegistry {
  /** checks of the whole file, before the declarations */
  first: FileCheck[];
  /** the checks of each kind of declaration, run for each declaration of that kind in file order */
  declarations: DeclarationChecks;
  /** checks of the whole file, after every declaration's */
  last: FileCheck[];
}

export const checks: CheckRegistry = {
  first: [
    { name: "header", run: checkHeader },
    { name: "repeats", run: checkRepeats },
    { name: "duplicates", run: checkDuplicates },
  ],
  declarations: {
    sources: [{ name: "sources", run: checkSources }],
    event: [{ name: "event", run: checkEvent }],
    fact: [{ name: "fact", run: checkFact }],
    field: [{ name: "field", run: checkField }],
    assessedAt: [{ name: "assessed at", run: checkAssessedAt }],
    population: [{ name: "population", run: checkPopulation }],
    measure: [{ name: "measure", run: checkMeasure }],
    rate: [
      { name: "rate", run: checkRate },
      { name: "rate when zero against whole numbers", run: checkRateWhenZero },
    ],
    value: [
      { name: "value", run: checkValue },
      { name: "value divisions", run: checkValueDivisions },
      { name: "value rates against whole numbers", run: checkValueRates },
      { name: "value conditions on facts without when missing", run: checkValueFactConditions },
    ],
    assessment: [
      { name: "window", run: checkWindow },
      { name: "items", run: checkParts },
      { name: "total", run: checkTotal },
      { name: "reports", run: checkReports },
      { name: "category item reads", run: checkCategoryItemReads },
      { name: "divisions by a count", run: checkItemDivisions },
      { name: "rates against whole numbers", run: checkAssessmentRates },
      { name: "rescale", run: checkRescaleCanHappen },
      { name: "rescale of a deduction block alone", run: checkDeductionsAloneRescaled },
      { name: "rescale of an item reading a fact without when missing", run: checkMissingFactRescaled },
      { name: "full marks", run: checkFullMarks },
      { name: "item points within reach", run: checkItemPoints },
      { name: "conditions on facts without when missing", run: checkAssessmentFactConditions },
      { name: "item cycles", run: checkItemCycles },
      { name: "bands", run: checkBands },
      { name: "band lines written as percentages", run: checkBandPercentLines },
      { name: "vetoes", run: checkVetoes },
      { name: "sanctions", run: checkSanctions },
    ],
  },
  last: [
    { name: "ranking", run: checkRanking },
    { name: "rules of an assessment only read by name", run: checkReferencedOnly },
    { name: "per an event type left out", run: checkPerEvents },
    { name: "unused", run: checkUnused },
    { name: "database limits", run: checkDatabaseLimits },
  ],
};

/**
 * @kaohe/rules-engine — compiles a checked rubric into measures and scores,
 * runs it over hotline data, ranks, explains every point and diffs versions.
 */
export { type CompiledRubric, compileRubric, eventCountMeasure, eventPointsMeasure, inForce, RubricError, readsRecordedPoints } from "./compile.ts";
export { diffResults, type ItemDelta, type RubricDiff, type UnitDelta, unitDiffers } from "./diff.ts";
export { ScoringError } from "./errors.ts";
export { yesNoNumber } from "./evaluate.ts";
export { previousUse } from "./history.ts";
export { InMemoryMeasureSource } from "./measures/memory.ts";
export { recordFieldColumns, recordFields } from "./measures/record-fields.ts";
export { H, ROUND_DIGITS, roundHalfUp } from "./measures/record-js.ts";
export {
  attributeText,
  type BooleanUse,
  type CompiledMeasureQuery,
  compileMeasureQuery,
  ident,
  measureCondition,
  recordExprSql,
  type SqlContext,
  type SqlTarget,
  sqlLiteral,
} from "./measures/record-sql.ts";
export {
  isWarningMeasure,
  type MeasurePlan,
  type MeasureQuery,
  type MeasureSource,
  type MeasureSpec,
  type MeasureValues,
  planUsesWorkdays,
  type RecordKind,
} from "./measures/source.ts";
export * from "./period.ts";
export { assessmentsReadByTotal, factsReadBy, planFor } from "./plan.ts";
export type {
  AdjustmentResult,
  AssessmentResult,
  ItemResult,
  MeasureEvidence,
  MonthResults,
  PeriodWarning,
  ScoreOptions,
  ScoringData,
  UnitResult,
} from "./results.ts";
export { unitWindow } from "./run.ts";
export { monthCounts, monthWithoutData, periodWindow, scoreMonth, scoreYear, unitAssessedIn, unitRecordSpan, yearWithoutData } from "./score.ts";
export {
  calendarYears,
  dayOf,
  endOfDay,
  isWeekday,
  isWorkingDay,
  missingCalendarError,
  usesWorkdays,
  WORKDAY_FUNCTIONS,
  WorkCalendar,
  type WorkdayRow,
  workdayRows,
  yearOfDay,
} from "./workdays.ts";

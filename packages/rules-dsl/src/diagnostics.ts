import type { Range } from "./ast.ts";

export type Severity = "error" | "warning";

/** A problem in a rubric file, in Chinese with English alongside. */
export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** Chinese message, shown to policy staff */
  message: string;
  messageEn: string;
  range: Range;
}

/**
 * Every diagnostic the language reports. The codes are stable: tests, the
 * editor and docs/rules-language.md refer to them.
 */
export const Codes = {
  /** a character the language does not use */
  UnknownCharacter: "KH100",
  /** a string without its closing quote */
  UnterminatedString: "KH101",
  /** NUL, another control character or an unpaired surrogate anywhere in the file */
  ControlCharacter: "KH102",
  /** the text does not fit the grammar here */
  UnexpectedToken: "KH110",
  /** something required is missing (e.g. a closing brace at the end) */
  MissingToken: "KH111",
  /** an expression nested deeper than the limit (parentheses, calls, not, negation, if) */
  TooDeep: "KH120",
  /** an expression with more operands than the limit */
  TooLong: "KH121",
  /** the file does not start with `rubric "…" version … in force from …` */
  MissingHeader: "KH200",
  /** a month like 2017-13, or `until` before `from` */
  InvalidPeriod: "KH201",
  /** the same name declared twice */
  DuplicateName: "KH210",
  /** a name that is not declared, nor a field, nor a built-in */
  UnknownName: "KH211",
  /** a category in `for …` or a group that is not declared */
  UnknownCategory: "KH212",
  /** `per X` where X is neither an event type nor a measure */
  UnknownPer: "KH213",
  /** a measure over a population that is not declared */
  UnknownPopulation: "KH214",
  /** a function the language does not have */
  UnknownFunction: "KH215",
  /** a function called with the wrong arguments */
  BadArguments: "KH216",
  /** a record field used outside a record context, or a unit value inside one */
  WrongLevel: "KH217",
  /** an operator given a value of the wrong type */
  TypeMismatch: "KH220",
  /** `recorded` for an event type whose points are fixed, or fixed points with `points recorded` types */
  RecordedMismatch: "KH221",
  /** a rate that is not written as `a / b` */
  RateNotDivision: "KH230",
  /** `weight × base` differs from the item's points */
  WeightMismatch: "KH232",
  /** a section's points differ from the sum of its items */
  SectionMismatch: "KH233",
  /** ranking names an assessment that does not exist or has the wrong schedule */
  BadRankingTarget: "KH234",
  /** bands not in descending order, or no `otherwise` band */
  BadBands: "KH235",
  /** a definition that refers to itself */
  Cycle: "KH236",
  /** a window that does not suit the schedule */
  BadWindow: "KH237",
  /** no ranking block, or it lacks a monthly assessment */
  MissingRanking: "KH238",
  /** two items with the same code in one assessment */
  DuplicateItem: "KH239",
  /** a ranking statement that is not understood (e.g. `round 2 decimals` misspelt) */
  BadRankingStatement: "KH240",
  /** a declaration nothing uses */
  Unused: "KH241",
  /** a statement given twice where once is allowed */
  Repeated: "KH243",
  /** a number that cannot be right here (negative points, a day outside 1–28 …) */
  BadNumber: "KH244",
  /** a number literal too large, or with more digits than a double holds exactly */
  NumberLimit: "KH245",
  /** a record-level expression too deep or too large once its derived fields are written in */
  TooLarge: "KH246",
  /** more measures over one kind of record than one database query can compute */
  TooManyMeasures: "KH247",
  /** `total` reads an item limited to some categories without `??` for the others */
  InapplicableItemRead: "KH248",
  /** `rescale to` in an assessment none of whose items can be not applicable: it never rescales */
  NothingToRescale: "KH249",
  /** 来源 compared with a value the rubric's `sources` does not list */
  UnknownSource: "KH250",
  /** a division by the number 0 written as such: every unit's value would be missing */
  DivisionByZero: "KH251",
  /** a field whose values are a fixed list (结果满意度, 结案类型) compared with a text not on it: it never matches */
  UnknownFieldValue: "KH252",
  /** a unit-level division by a count, unguarded: a unit whose count is 0 gets "not applicable" (checks/division.ts) */
  DivisionByCount: "KH253",
  /** a rate compared with a number above 1 written without %, or threshold()'s target or step so: never reached (checks/rates.ts) */
  RateAgainstWholeNumber: "KH254",
  /** `per` an event type the file's first events population leaves out: never counted (checks/events.ts) */
  PerEventLeftOut: "KH255",
  /** a band's threshold written as a percentage (`band 优秀 at least 90%`): 0.9 points, every scored unit reaches it (checks/assessment.ts) */
  BandThresholdPercent: "KH256",
  /** a deduction or addition of max(N, …) (`扣 max(20, 不满意件数)`): at least N for every unit, where a cap was meant (checks/assessment.ts) */
  MaxAsCap: "KH257",
  /** 事件类型 compared with a text that is not a declared event type (`event …`): the events are not counted, a typo is silent */
  UnknownEventType: "KH258",
  /** an item whose formula can never reach its points, or can exceed them (a bonus cap raised beyond what the item carrying that assessment allows): checks/points.ts */
  PointsOutOfReach: "KH259",
  /** `rescale to N` where the items' points add up to another sum: a unit every item applies to is not rescaled (checks/points.ts) */
  FullMarksMismatch: "KH260",
  /** a yes/no fact without `when missing` compared with 否 (or a number fact with `<`): false for a unit with no row, which then loses nothing (checks/facts.ts) */
  MissingFactCondition: "KH261",
  /** a veto, band or sanction of an assessment the ranking does not name, only another reads by name: it changes no published result (checks/referenced.ts) */
  ReferencedOnlyRules: "KH262",
  /** `rescale to` beside a deduction block of points and items not applicable without data: a unit without orders gets the block alone, brought to full marks (checks/assessment.ts) */
  DeductionsAloneRescaled: "KH263",
  /** an item of points carrying the mean of an assessment whose bonuses take it above its full marks: the bonus is cut at the item's points (checks/points.ts) */
  BonusCutByPoints: "KH264",
  /** the measures over one kind of record together too large once their derived fields are written in: scoring would take minutes (checks/database-limits.ts) */
  TooCostly: "KH265",
  /** a number fact without `when missing` read in an item's formula of an assessment with `rescale to`: a unit without its row has the item not applicable and the others rescaled (checks/facts.ts) */
  MissingFactRescaled: "KH266",
  /** a text compared with a record's column of open values (诉求类型, 来源, an attribute) that no record in the data holds: checked against the data, not by parse (data-values.ts) */
  TextNotInData: "KH267",
} as const;

export type DiagnosticCode = (typeof Codes)[keyof typeof Codes];

export function diagnostic(severity: Severity, code: DiagnosticCode, message: string, messageEn: string, range: Range): Diagnostic {
  return { severity, code, message, messageEn, range };
}

/** `第3行第5列` style location, for the command line. */
export function formatDiagnostic(d: Diagnostic, file?: string): string {
  const where = `${file ? `${file}:` : ""}${d.range.start.line}:${d.range.start.column}`;
  const level = d.severity === "error" ? "错误" : "警告";
  return `${where} ${level} ${d.code}: ${d.message}\n    ${d.messageEn}`;
}

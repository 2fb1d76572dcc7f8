/**
 * The typed syntax tree of a rubric file. Every node has a `kind` and the
 * source `range` it was read from, so diagnostics and explanations can point
 * back at the text policy staff wrote.
 */

/** A position in the source: 1-based line and column, 0-based offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Node {
  range: Range;
}

// ---------------------------------------------------------------- expressions

export type BinaryOp = "+" | "-" | "×" | "/" | "??" | "=" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";

export interface NumberLit extends Node {
  kind: "number";
  value: number;
  /** the literal as written: "30%", "0.9" */
  text: string;
  percent: boolean;
}
export interface StringLit extends Node {
  kind: "string";
  value: string;
}
export interface DateLit extends Node {
  kind: "date";
  /** "2017-09" or "2017-09-09" */
  text: string;
}
export interface BoolLit extends Node {
  kind: "bool";
  value: boolean;
  /** as written: true/false or 是/否 */
  text: string;
}
/** `not applicable` (不适用): no value for this unit, which `??` replaces and the total leaves out (unit level only). */
export interface NotApplicableLit extends Node {
  kind: "notApplicable";
}
export interface NameRef extends Node {
  kind: "name";
  name: string;
}
export interface Binary extends Node {
  kind: "binary";
  op: BinaryOp;
  left: Expr;
  right: Expr;
}
export interface Unary extends Node {
  kind: "unary";
  op: "-" | "not";
  operand: Expr;
}
export interface IsMissing extends Node {
  kind: "isMissing";
  operand: Expr;
  negated: boolean;
}
export interface InList extends Node {
  kind: "inList";
  operand: Expr;
  items: Expr[];
  negated: boolean;
}
/** `受理时间 in period`: the assessment window, start inclusive, end exclusive */
export interface InPeriod extends Node {
  kind: "inPeriod";
  operand: Expr;
  negated: boolean;
}
/** `受理时间 in previous period`: the window the assessment had when the period before was scored (in memory and in SQL alike) */
export interface InPreviousPeriod extends Node {
  kind: "inPreviousPeriod";
  operand: Expr;
  negated: boolean;
}
export interface Conditional extends Node {
  kind: "if";
  test: Expr;
  whenTrue: Expr;
  whenFalse: Expr;
}
export interface Arg extends Node {
  name: string | null;
  value: Expr;
}
export interface Call extends Node {
  kind: "call";
  callee: string;
  calleeRange: Range;
  args: Arg[];
}

export type Expr =
  | NumberLit
  | StringLit
  | DateLit
  | BoolLit
  | NotApplicableLit
  | NameRef
  | Binary
  | Unary
  | IsMissing
  | InList
  | InPeriod
  | InPreviousPeriod
  | Conditional
  | Call;

// ---------------------------------------------------------------- declarations

export interface Header extends Node {
  kind: "header";
  name: string;
  version: string;
  document: string | null;
  /** "2017-09" */
  from: string;
  until: string | null;
  /** where `from` and `until` are written (a month that does not exist is said there) */
  fromRange: Range;
  untilRange: Range | null;
  /** true when the header says this file is an example, not a real regulation */
  example: boolean;
}

export interface CategoryDecl extends Node {
  kind: "category";
  name: string;
  nameRange: Range;
  label: string | null;
}

/** `sources "省热线", "市中心", …`: the values of 来源 the rubric knows; comparisons of 来源 are checked against them */
export interface SourcesDecl extends Node {
  kind: "sources";
  values: { value: string; range: Range }[];
}

export interface EventDecl extends Node {
  kind: "event";
  name: string;
  nameRange: Range;
  label: string | null;
  /** points per occurrence; null = "points recorded" (the event's 分值) */
  points: number | null;
}

export type FactType = "yesno" | "number";
export interface FactDecl extends Node {
  kind: "fact";
  name: string;
  nameRange: Range;
  label: string | null;
  type: FactType;
  /** `monthly`: one row a month (the facts file's 月份), read for the scored month; otherwise one row a year */
  monthly: boolean;
  /** the value used, with a warning, when a unit has no row for the year (the month, for a monthly fact) */
  whenMissing: Expr | null;
}

export type AttributeType = "number" | "text" | "yesno" | "datetime";
export interface AttributeDecl extends Node {
  kind: "attribute";
  record: "orders" | "events";
  name: string;
  nameRange: Range;
  label: string | null;
  type: AttributeType;
}

/** A per-record derived value: `field 超期 = …` inside `orders { }` */
export interface FieldDecl extends Node {
  kind: "field";
  record: "orders" | "events";
  name: string;
  nameRange: Range;
  label: string | null;
  expr: Expr;
}

export interface AssessedAt extends Node {
  kind: "assessedAt";
  /** months after the end of the window whose end is the assessment time */
  monthsAfter: number;
  /**
   * `assessed at day 5 of next month` (考核截至次月 5 日): the assessment time is the end (24:00) of this day of the
   * calendar month after the one the window's last day falls in; null for `end of period` / `end of next month`
   */
  day: number | null;
  /** where the day is written */
  dayRange: Range | null;
}

export interface PopulationDecl extends Node {
  kind: "population";
  name: string;
  nameRange: Range;
  label: string | null;
  record: "orders" | "events";
  where: Expr | null;
}

export type Aggregate = "count" | "sum" | "avg";
export interface MeasureDecl extends Node {
  kind: "measure";
  name: string;
  nameRange: Range;
  label: string | null;
  aggregate: Aggregate;
  population: string;
  populationRange: Range;
  of: Expr | null;
  where: Expr | null;
}

/** `rate 超期率 = 超期件数 / 工单数, when zero: 0 "本月无工单"` */
export interface RateDecl extends Node {
  kind: "rate";
  name: string;
  nameRange: Range;
  label: string | null;
  numerator: Expr;
  denominator: Expr;
  /** null = not applicable */
  whenZero: Expr | null;
  whenZeroRange: Range;
  reason: string | null;
}

export interface ValueDecl extends Node {
  kind: "value";
  name: string;
  nameRange: Range;
  label: string | null;
  expr: Expr;
}

// ---------------------------------------------------------------- assessments

export type WindowKind = "month" | "quarter" | "halfYear" | "yearToDate" | "year" | "range";

/** A day of a `window from … to …`: with a year, that day; without, that day every year. */
export interface WindowDate {
  year: number | null;
  month: number;
  day: number;
}
export interface WindowDecl extends Node {
  kind: "window";
  window: WindowKind;
  /** for months: the day a month starts on (26 = 26th of the previous month to the 25th) */
  startDay: number;
  /** for months: the time of day the month starts and ends at, in minutes after midnight (`at 12:00` = 720) */
  startMinute: number;
  /** for `from … to …`: the first and the last day, both included */
  span: { from: WindowDate; to: WindowDate } | null;
}

/** `deduct 5 per 行政不作为`, `deduct recorded per 其他效能问题`, `deduct 3 if not 领导小组` */
export interface Adjustment extends Node {
  kind: "adjustment";
  direction: "deduct" | "add";
  /** null with `per`: the event type's declared points, or its recorded 分值 when declared `points recorded` */
  amount: Expr | null;
  recorded: boolean;
  per: { name: string; range: Range } | null;
  condition: Expr | null;
  /** "扣完后再从总分中继续扣分": not absorbed by the item's cap */
  continuing: boolean;
}

export interface ItemDecl extends Node {
  kind: "item";
  bonus: boolean;
  code: string;
  codeRange: Range;
  label: string | null;
  /** maximum points (for a bonus: the cap) */
  points: number;
  categories: string[];
  /** `= expr` items */
  formula: Expr | null;
  /** block items */
  base: Expr | null;
  weight: Expr | null;
  atLeast: Expr | null;
  adjustments: Adjustment[];
}

export interface SectionDecl extends Node {
  kind: "section";
  code: string;
  codeRange: Range;
  label: string | null;
  /** declared points (checked against the items) */
  points: number | null;
  /** `up to N`: the section's own maximum */
  cap: number | null;
  categories: string[];
  items: ItemDecl[];
}

export interface BandDecl extends Node {
  kind: "band";
  name: string;
  /** the score line; null with `condition`, or for `otherwise` (both null) */
  atLeast: Expr | null;
  /** `if …`: a condition, which may read the rank (名次, 参评单位数 …), in place of a score line */
  condition: Expr | null;
}

export interface VetoDecl extends Node {
  kind: "veto";
  label: string;
  condition: Expr;
  /** the band a vetoed unit gets (default: the last band; none with `then last` alone) */
  band: string | null;
  /** `then last` (排名末位): a vetoed unit is ranked after every unit not vetoed in its group, its score kept */
  last: boolean;
  /** `then zero` (得零分): a vetoed unit's score is 0, ranked as such */
  zero: boolean;
}

/** A value shown beside the score in the ranking, the report and the JSON, never scored. */
export interface ReportDecl extends Node {
  kind: "report";
  name: string;
  nameRange: Range;
  label: string | null;
  /** null: the name is a declared measure, rate, value or fact, shown as it is */
  expr: Expr | null;
}

export interface SanctionDecl extends Node {
  kind: "sanction";
  name: string;
  label: string | null;
  condition: Expr;
}

export type AssessmentPart = ItemDecl | SectionDecl;

export interface AssessmentDecl extends Node {
  kind: "assessment";
  schedule: "monthly" | "yearly";
  name: string;
  nameRange: Range;
  label: string | null;
  window: WindowDecl | null;
  parts: AssessmentPart[];
  total: Expr | null;
  /** `rescale to 100`, or an expression per unit (`rescale to if 类别 = 县 then 150 else 100`) */
  rescaleTo: Expr | null;
  rescaleRange: Range | null;
  bands: BandDecl[];
  vetoes: VetoDecl[];
  sanctions: SanctionDecl[];
  /** `report …`: indicators shown, not scored, in the order written */
  reports: ReportDecl[];
}

// ---------------------------------------------------------------- ranking

export interface OrderKey extends Node {
  /** "score", "volume" or a measure/value name */
  key: string;
  descending: boolean;
}

export interface GroupDecl extends Node {
  name: string;
  label: string | null;
  /** null = otherwise */
  condition: Expr | null;
}

export interface RankingDecl extends Node {
  kind: "ranking";
  monthly: string | null;
  yearly: string | null;
  /** "category" or custom groups */
  within: "category" | "groups" | "all";
  groups: GroupDecl[];
  /** `within … for yearly`: how units are grouped when a year is scored (e.g. volume bands by the year's volume); null: as `within` */
  yearlyWithin: { within: "category" | "groups" | "all"; groups: GroupDecl[]; range: Range } | null;
  volume: string | null;
  orderBy: OrderKey[];
  /** after the order keys: equal units share a rank, or are ordered by unit code */
  ties: "share" | "code";
  decimals: number;
  /** `minimum volume N`: the minimum for units no `minimum volume N for …` names */
  minimumVolume: number | null;
  /** every `minimum volume N [for 类别或分组, …]`, in the order written (`for` empty: the plain one) */
  minimumVolumes: { volume: number; for: string[]; range: Range }[];
  /** the second and later `monthly`/`yearly` lines: more assessments ranked from the same file (the first is the one published) */
  alsoRanked: { schedule: "monthly" | "yearly"; name: string; range: Range }[];
  /**
   * `round 2 decimals` is read with a plain name (round() is also a function), as are the words of `承办量不足 10 件的不排名`:
   * any other word lands here, with the statement it was probably meant as (`round 2 decimals`, `minimum volume 10`)
   */
  unknownWords: { word: string; range: Range; meant: string }[];
  /** where each statement was written, for keeping comments in place when formatting */
  statementRanges: Range[];
  /** the statements in the order written: "monthly", "yearly", "within", "withinYearly", "volume", "order", "ties", "round", "minimum";
   * a statement that may be repeated is "monthly:1", "minimum:2" … from its second time on */
  statementOrder: string[];
}

export type Declaration =
  | CategoryDecl
  | SourcesDecl
  | EventDecl
  | FactDecl
  | AttributeDecl
  | FieldDecl
  | AssessedAt
  | PopulationDecl
  | MeasureDecl
  | RateDecl
  | ValueDecl
  | AssessmentDecl
  | RankingDecl;

export interface Comment {
  text: string;
  range: Range;
}

export interface Rubric extends Node {
  kind: "rubric";
  header: Header | null;
  declarations: Declaration[];
  comments: Comment[];
  /** statements written twice where once is allowed (the AST keeps one; the checker reports the other) */
  repeats: { what: string; range: Range }[];
}

/** The direct subexpressions of an expression, for walking a tree. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case "binary":
      return [e.left, e.right];
    case "unary":
    case "isMissing":
    case "inPeriod":
    case "inPreviousPeriod":
      return [e.operand];
    case "inList":
      return [e.operand, ...e.items];
    case "if":
      return [e.test, e.whenTrue, e.whenFalse];
    case "call":
      return e.args.map((a) => a.value);
    default:
      return [];
  }
}

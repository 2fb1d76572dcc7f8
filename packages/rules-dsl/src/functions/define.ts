/**
 * What a built-in function of the rules language is: one `BuiltinFunction`
 * entry holds everything about it — its signature, its type check, its value
 * at unit level, its JavaScript for record-level code and its SQL for each
 * database. The checker (resolve.ts), the unit evaluator (rules-engine
 * evaluate.ts), the record code generator (rules-engine measures/record-js.ts)
 * and the SQL compiler (rules-engine measures/record-sql.ts) dispatch through the entry; they
 * supply what it cannot know itself (the resolver's symbol table, a unit's
 * group, the period before, the working-day calendar) through the `…Call`
 * contexts below. Pure: no engine, no database, no Node.
 */
import type * as A from "../ast.ts";
import type { ValueType } from "../symbols.ts";

/** A function's signature: what the checker, the editor's completion and the manual read. */
export interface FunctionSpec {
  name: string;
  /** the arguments as the manual writes them: round(x, 位数) */
  params: string;
  /** where it may be used */
  level: "any" | "unit" | "record";
  positional: { min: number; max: number };
  /** named arguments allowed; "*" = any name (e.g. levels(x, 满意: 1, …)) */
  named: readonly string[] | "*";
  requiredNamed?: readonly string[];
  returns: ValueType;
  zh: string;
  /** the name in Chinese, for a rubric written with Chinese keywords (向上取整 for ceil): either name calls it */
  zhName?: string;
  /**
   * The name an explanation reads it by (分档计分 for threshold, 最小值 for min): a rule copied from an explanation
   * calls the function too; the parser writes the function's own name in its place (`kaohe fmt` shows that one).
   */
  readName?: string;
  /** its named arguments as an explanation reads them (满分 for full:), each read as the argument it names */
  readArgs?: Readonly<Record<string, string>>;
  /** the positional arguments' types, when the function says them (otherwise numbers; see `check`) */
  args?: readonly ValueType[];
  /**
   * its value compares the unit with others: its group (normalize, group_rank …: "group") or every unit the assessment
   * ranks ("all": overall_mean). An explanation gives the value and whose it is, not the call
   */
  readsGroup?: "group" | "all";
}

/** "Not applicable" at unit level: an item limited to other categories, a mean of no months … (not missing: `null`). */
export const NOT_APPLICABLE: unique symbol = Symbol("not applicable");

/** A value at unit level. */
export type Value = number | boolean | string | null | typeof NOT_APPLICABLE;

/** What a function's type check may ask the checker, for one call. */
export interface CheckCall {
  call: A.Call;
  /** the arguments without a name, in order */
  positional: readonly A.Arg[];
  /** the type of an expression where the call is (checking it) */
  typeOf(e: A.Expr): ValueType;
  /** report a type mismatch unless `t` fits `want` */
  expect(e: A.Expr, t: ValueType, want: ValueType): void;
  /** report a wrong argument (KH BadArguments) */
  badArguments(message: string, messageEn: string, range: A.Range): void;
  /** the checks of previous(…) and mean(…), which read the rubric's declarations: the resolver's own */
  previousType(): ValueType;
  meanType(): ValueType;
  countMonthsType(): ValueType;
}

/** What a function's unit-level evaluation may ask the engine, for one unit. */
export interface UnitCall {
  call: A.Call;
  /** the arguments without a name, in order */
  positional: readonly A.Expr[];
  named: ReadonlyMap<string, A.Expr>;
  /** an expression's value for this unit */
  eval(e: A.Expr): Value;
  /** the i-th positional argument's value; null when there is none */
  arg(i: number): Value;
  /** why the value is missing or not applicable (shown in the explanation) */
  reason(text: string): void;
  // hooks into the engine's state, for the functions that need it:
  /** an expression's value for every unit of this unit's group, this one included (normalize, share) */
  peerValues(e: A.Expr): Value[];
  /** an expression's value for every unit the assessment ranks, whatever its group, this one included (overall_mean) */
  allValues(e: A.Expr): Value[];
  /** a name's value for this unit in the period before (previous) */
  previous(name: string): Value;
  /** this unit's monthly scores in the year of a monthly assessment (mean) */
  monthlyScores(assessment: string): readonly number[];
  /** this unit's monthly results in the year of a monthly assessment, each as known after that month's ranking (count_months) */
  monthlyResults(assessment: string): readonly MonthlyResult[];
  /** an expression's value for this unit, reading 得分, 名次, 等次 … as `ranked` holds them (a month's, for count_months) */
  evalRanked(e: A.Expr, ranked: Readonly<Record<string, Value>>): Value;
}

/** A unit's result of one month (or quarter …) of a monthly assessment, as its ranking knew it. */
export interface MonthlyResult {
  /** "2018-03": the month it was counted at */
  month: string;
  /** the window it was scored over, when not that month ("2018-Q1": a quarterly assessment averaged by the year) */
  window?: string;
  /** 得分, 名次, 等次 … by their English keys (score, rank, band …) */
  ranked: Readonly<Record<string, Value>>;
}

/** What a function's record-level JavaScript may ask the code generator. */
export interface JsCall {
  call: A.Call;
  /** a constant hoisted out of the loop: the JS that reads it */
  hoist(value: unknown): string;
}

export type Dialect = "sqlite" | "postgres";

/** What a function's SQL may ask the push-down. */
export interface SqlCall {
  call: A.Call;
  dialect: Dialect;
  /** a text literal */
  literal(text: string): string;
  /** a number literal of a rubric (binary floating point, as in memory) */
  number(n: number): string;
  /** working days in the database (its day table) */
  workdays(callee: "workdays" | "add_workdays", args: string[]): string;
}

/** Missing (null) numbers in, missing out: what generated record code and the unit level both call. */
export type Apply = (...xs: (number | null)[]) => number | null;

export interface BuiltinFunction extends FunctionSpec {
  /**
   * The arguments' types, and the call's type. Called after the checker has checked where the call is, its
   * arguments' count and names (unless `checksAlone`).
   */
  check(c: CheckCall): ValueType;
  /** `check` checks everything itself, where the call is and its arguments' count included (previous) */
  checksAlone?: boolean;
  /** it reads the imported holiday calendar (workdays, add_workdays): a rubric using it needs the calendar's years */
  readsCalendar?: boolean;
  /**
   * The function over its arguments' values, for a function that is missing when one of them is (min, round …):
   * the unit level calls it with its positional arguments' values (not applicable when one is), and generated
   * record code calls it (the default `js`).
   */
  apply?: Apply;
  /** The value at unit level, when it is not `apply` of the positional arguments' values. */
  evaluate?(c: UnitCall): Value;
  /** JavaScript for a record-level call, given the positional arguments' JavaScript (default: a call of `apply`). */
  js?(args: string[], c: JsCall): string;
  /** SQL for a record-level call, given the positional arguments' SQL (none: the function is not pushed down). */
  sql?(args: string[], c: SqlCall): string;
}

/** The usual check: every argument, named or not, is a number, and so is the result. */
export function checkNumbers(c: CheckCall): ValueType {
  for (const a of c.call.args) c.expect(a.value, c.typeOf(a.value), "number");
  return "number";
}

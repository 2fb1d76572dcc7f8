/**
 * hours, days: the time between two date-times; hour_of, day_start: a time's hour of the day and its day's start, in
 * Beijing time; workdays, add_workdays: working days by the imported holiday calendar.
 */
import type * as A from "../ast.ts";
import type { ValueType } from "../symbols.ts";
import type { BuiltinFunction, CheckCall } from "./define.ts";

function checkDates(c: CheckCall): ValueType {
  for (const a of c.call.args) c.expect(a.value, c.typeOf(a.value), "datetime");
  return "number";
}

export const hours: BuiltinFunction = {
  name: "hours",
  readName: "相差小时数",
  params: "开始, 结束",
  level: "any",
  positional: { min: 2, max: 2 },
  named: [],
  returns: "number",
  zh: "两个时间相差的小时数",
  check: checkDates,
  apply: (a, b) => (a === null || b === null ? null : (b - a) / 3600_000),
  sql: (args) => `((${args[1]} - ${args[0]}) / 3600000.0)`,
};

export const days: BuiltinFunction = {
  name: "days",
  readName: "相差天数",
  params: "开始, 结束",
  level: "any",
  positional: { min: 2, max: 2 },
  named: [],
  returns: "number",
  zh: "两个时间相差的天数",
  check: checkDates,
  apply: (a, b) => (a === null || b === null ? null : (b - a) / 86400_000),
  sql: (args) => `((${args[1]} - ${args[0]}) / 86400000.0)`,
};

const HOUR_MS = 3_600_000;
const DAY = 86_400_000;
/** Beijing is UTC+8 all year (no summer time) */
const BEIJING_MS = 8 * HOUR_MS;

/** Where in its Beijing day a time falls, in ms (0 at midnight), in JavaScript and in SQL (floor: any sign). */
const sinceMidnight = (t: number) => t + BEIJING_MS - DAY * Math.floor((t + BEIJING_MS) / DAY);
const sinceMidnightSql = (t: string) => `((${t} + ${BEIJING_MS}) - ${DAY} * floor((${t} + ${BEIJING_MS}) / ${DAY}.0))`;

// a rule of the hour of the day (夜间受理的，次日 10 时前联系: hour_of(受理时间) >= 18, hours(day_start(受理时间), 联系时间)
// <= 34), which working days and hours between two times could not say (a rubric author)
export const hour_of: BuiltinFunction = {
  name: "hour_of",
  zhName: "时刻",
  params: "时间",
  level: "any",
  positional: { min: 1, max: 1 },
  named: [],
  returns: "number",
  zh: "时间在当天的时刻（北京时间），以小时计、可带小数：18:30 为 18.5",
  args: ["datetime"],
  check: checkDates,
  apply: (t) => (t === null ? null : sinceMidnight(t) / HOUR_MS),
  sql: (args) => `(${sinceMidnightSql(args[0] as string)} / ${HOUR_MS}.0)`,
};

export const day_start: BuiltinFunction = {
  name: "day_start",
  zhName: "当日零时",
  params: "时间",
  level: "any",
  positional: { min: 1, max: 1 },
  named: [],
  returns: "datetime",
  zh: "时间所在那一天的 0 时（北京时间）；次日 10 时前即 hours(day_start(时间), …) <= 34",
  args: ["datetime"],
  check: (c) => {
    checkDates(c);
    return "datetime";
  },
  apply: (t) => (t === null ? null : t - sinceMidnight(t)),
  sql: (args) => `(${args[0]} - ${sinceMidnightSql(args[0] as string)})`,
};

/** The positional arguments against the types the function says (`args`). */
function checkTyped(c: CheckCall, want: readonly ValueType[]): void {
  c.positional.forEach((a, i) => {
    const w = want[i];
    const t = c.typeOf(a.value);
    if (!w || t === "any" || t === w) return;
    const [zh, en] =
      w === "datetime" ? ["时间（如 受理时间）", "a date-time (e.g. 受理时间)"] : ["数值（工作日数，如 5）", "a number (of working days, e.g. 5)"];
    c.badArguments(`${c.call.callee}() 的第 ${i + 1} 个参数应是${zh}`, `${c.call.callee}()'s argument ${i + 1} should be ${en}`, a.range);
  });
}

/** A number written as a literal (5, -1), or null. */
function literalNumber(n: A.Expr | undefined): number | null {
  return n?.kind === "number" ? n.value : n?.kind === "unary" && n.op === "-" && n.operand.kind === "number" ? -n.operand.value : null;
}

const twoDates: readonly ValueType[] = ["datetime", "datetime"];
const dateAndDays: readonly ValueType[] = ["datetime", "number"];

// the working days read the holiday calendar: in generated record code the one the measure source was given (c.cal,
// rules-engine workdays.ts), in SQL the database's day table (db workday-sql.ts); at unit level they cannot be used
export const workdays: BuiltinFunction = {
  name: "workdays",
  readName: "相差工作日数",
  readsCalendar: true,
  params: "开始, 结束",
  level: "record",
  positional: { min: 2, max: 2 },
  named: [],
  returns: "number",
  zh: "两个时间之间的工作日数（起始日之后至结束日，含结束日；按导入的节假日安排）",
  args: twoDates,
  check: (c) => {
    checkTyped(c, twoDates);
    return "number";
  },
  js: (args) => `c.cal.workdays(${args.join(", ")})`,
  sql: (args, c) => c.workdays("workdays", args),
};

export const add_workdays: BuiltinFunction = {
  name: "add_workdays",
  readName: "之后第几个工作日",
  readsCalendar: true,
  params: "时间, n",
  level: "record",
  positional: { min: 2, max: 2 },
  named: [],
  returns: "datetime",
  zh: "某时间之后第 n 个工作日的当天结束（24 时）；n 为 0 时为当天（非工作日则为下一个工作日）",
  args: dateAndDays,
  check: (c) => {
    checkTyped(c, dateAndDays);
    const n = c.positional[1]?.value;
    const literal = literalNumber(n);
    if (literal !== null && !(Number.isInteger(literal) && literal >= 0)) {
      c.badArguments(
        `add_workdays() 的工作日数应是不小于 0 的整数，这里是 ${literal}`,
        `add_workdays() takes a whole number of working days ≥ 0, got ${literal}`,
        n?.range ?? c.call.range,
      );
    }
    return "datetime";
  },
  js: (args) => `c.cal.addWorkdays(${args.join(", ")})`,
  sql: (args, c) => c.workdays("add_workdays", args),
};

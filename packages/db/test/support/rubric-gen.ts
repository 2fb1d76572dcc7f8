/**
 * fast-check generators for the push-down property: random orders and events
 * (nulls, booleans, satisfaction values, attribute text of every shape the
 * importer can store, times on and around window edges) and random rubric
 * text whose measures use record-level predicates and numeric expressions of
 * every construct the language has. Generated expressions are well typed,
 * fully parenthesized rubric text, so they go through parse, check and
 * compile like a user's rubric.
 */
import type { HotlineEvent, Order, Unit } from "@kaohe/data";
import { localDate } from "@kaohe/rules-engine";
import fc from "fast-check";

// ---------------------------------------------------------------- times

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Window edges the property scores around (see WINDOWS). */
export const EDGES = {
  /** the periods before (`in previous period`): September, or the month from 08-26 */
  aug26: localDate(2017, 8, 26),
  sep1: localDate(2017, 9, 1),
  sep26: localDate(2017, 9, 26),
  oct1: localDate(2017, 10, 1),
  oct26: localDate(2017, 10, 26),
  nov1: localDate(2017, 11, 1),
  dec1: localDate(2017, 12, 1),
  jan1: localDate(2018, 1, 1),
  /** `window month from day 26 at 12:00` */
  sep26noon: localDate(2017, 9, 26) + 12 * 3_600_000,
  oct26noon: localDate(2017, 10, 26) + 12 * 3_600_000,
  /** `window from 11-15 to 03-15` (a heating season): from its first day to the end of its last */
  nov15: localDate(2017, 11, 15),
  mar16: localDate(2018, 3, 16),
};

export interface PropertyWindow {
  label: string;
  start: number;
  end: number;
  asOf: number;
  /** the period before (`in previous period`); null: none (a window of fixed dates) */
  previous: { start: number; end: number } | null;
}

/** The windows and assessment times every generated case is scored for. */
export const WINDOWS: PropertyWindow[] = [
  { label: "2017-10, as of its end", start: EDGES.oct1, end: EDGES.nov1, asOf: EDGES.nov1, previous: { start: EDGES.sep1, end: EDGES.oct1 } },
  {
    label: "2017-10, as of the end of the next month",
    start: EDGES.oct1,
    end: EDGES.nov1,
    asOf: EDGES.dec1,
    previous: { start: EDGES.sep1, end: EDGES.oct1 },
  },
  {
    label: "2017-10 from day 26",
    start: EDGES.sep26,
    end: EDGES.oct26,
    asOf: EDGES.oct26 + 10 * DAY,
    previous: { start: EDGES.aug26, end: EDGES.sep26 },
  },
  {
    label: "2017-Q4, as of mid-October",
    start: EDGES.oct1,
    end: EDGES.jan1,
    asOf: EDGES.oct1 + 15 * DAY + 7 * HOUR,
    previous: { start: localDate(2017, 7, 1), end: EDGES.oct1 },
  },
  {
    label: "2017-10 from day 26 at 12:00",
    start: EDGES.sep26noon,
    end: EDGES.oct26noon,
    asOf: EDGES.oct26noon,
    previous: { start: EDGES.aug26 + 12 * HOUR, end: EDGES.sep26noon },
  },
  { label: "2017-H2", start: localDate(2017, 7, 1), end: EDGES.jan1, asOf: EDGES.jan1, previous: { start: localDate(2017, 1, 1), end: localDate(2017, 7, 1) } },
  // as if written with its years (from 2017-11-15 to 2018-03-15): no period before
  { label: "heating season 2017-11-15..2018-03-15, as of its end", start: EDGES.nov15, end: EDGES.mar16, asOf: EDGES.mar16, previous: null },
];

/** A time: a window edge, just before or after one, or anywhere in the months around. */
const timeArb: fc.Arbitrary<number> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...Object.values(EDGES)), fc.constantFrom(0, -1, 1, -1000, 1000, -HOUR, HOUR, -DAY, DAY, DAY - 1))
    .map(([edge, offset]) => edge + offset),
  fc.integer({ min: localDate(2017, 9, 1), max: localDate(2018, 1, 20) }),
);

// ---------------------------------------------------------------- records

export const UNITS: Unit[] = [
  { code: "U1", name: "一镇", category: "镇", attributes: {} },
  { code: "U2", name: "二街道", category: "街道", attributes: {} },
  { code: "U3", name: "三局", category: "县直部门", attributes: {} },
  { code: "U4", name: "四镇", category: "镇", attributes: {} },
];
/** The units scored: U4 has records but is not asked for, U9 is asked for but has none. */
export const QUERY_UNITS = ["U1", "U2", "U3", "U9"];

const SATISFACTION = ["满意", "基本满意", "一般", "不满意"] as const;

/** Attribute text as the importer stores it: trimmed, never empty (an empty cell is no attribute). */
const numberText = fc.constantFrom(
  "12",
  "3.5",
  "-2",
  "+4",
  ".5",
  "5.",
  "-.25",
  "1e2",
  "2.5E-3",
  "0",
  "-0",
  "00012",
  "0.1",
  "abc",
  "1,000",
  "１２",
  "NaN",
  "12abc",
  "1 2",
  "e5",
  "Infinity",
);
const yesNoText = fc.constantFrom("是", "否", "true", "TRUE", "1", "0", "Y", "y", "N", "yes", "是的");
const plainText = fc.constantFrom("甲", "乙", "县中心", "满意", "A", "a", "0", "甲 乙");
const dateText = fc.constantFrom(
  "2017-10-03",
  "2017-10-03 14:05",
  "2017/10/3 14:05:00",
  "2017-10-31 23:59:59",
  "2017-11-01",
  "2017-09-30 16:00",
  "2017-10-03T08:00",
  "2017-1-3 4:05",
  "2017-10-03 14:05:07.5",
  "2017-13-01",
  "2017-02-30",
  "2017-10-00",
  "2017-10-03 24:00",
  "2017-10-03 14:5",
  "2017-10-03 14:05:7",
  "0017-10-03",
  "20171003",
  "昨天",
);

const orderAttributes = fc
  .record(
    {
      数A: numberText,
      // the same attribute under the label its column was headed by (found when the name is absent)
      "响应时长(小时)": numberText,
      是B: yesNoText,
      文C: plainText,
      时D: dateText,
      其他: plainText,
    },
    { requiredKeys: [] },
  )
  .map((a) => a as Record<string, string>);

const orderArb = fc.record({
  unit: fc.constantFrom("U1", "U2", "U3", "U4"),
  source: fc.constantFrom("县中心", "市中心"),
  kind: fc.option(fc.constantFrom("投诉", "咨询", "建议", "求助", "举报"), { nil: null }),
  receivedAt: timeArb,
  dueAt: timeArb,
  extendedTo: fc.option(timeArb, { nil: null, freq: 3 }),
  closedAt: fc.option(timeArb, { nil: null, freq: 3 }),
  delayExcused: fc.boolean(),
  returned: fc.boolean(),
  returnAccepted: fc.boolean(),
  redoCount: fc.nat(3),
  anonymous: fc.boolean(),
  visited: fc.boolean(),
  processSatisfaction: fc.option(fc.constantFrom(...SATISFACTION), { nil: null }),
  resultSatisfaction: fc.option(fc.constantFrom(...SATISFACTION), { nil: null }),
  closureType: fc.option(fc.constantFrom("正常办结", "应办未办", "问题反弹", "超出政策"), { nil: null }),
  rebound: fc.boolean(),
  leaderInstructed: fc.boolean(),
  attributes: orderAttributes,
});

const eventArb = fc.record({
  unit: fc.constantFrom("U1", "U2", "U3", "U4"),
  date: timeArb,
  type: fc.constantFrom("甲类", "乙类", "丙类", "未声明"),
  count: fc.integer({ min: 1, max: 4 }),
  points: fc.option(fc.constantFrom(0, 0.5, 1, 1.5, 3, 10), { nil: null }),
  orderId: fc.option(fc.constantFrom("O0", "O1", "X"), { nil: null }),
  note: fc.option(fc.constantFrom("说明", "甲"), { nil: null }),
  attributes: fc.record({ 等级: numberText }, { requiredKeys: [] }).map((a) => a as Record<string, string>),
});

export interface GeneratedData {
  orders: Order[];
  events: HotlineEvent[];
}

export const dataArb: fc.Arbitrary<GeneratedData> = fc
  .tuple(fc.array(orderArb, { minLength: 5, maxLength: 40 }), fc.array(eventArb, { minLength: 2, maxLength: 15 }))
  .map(([orders, events]) => ({
    orders: orders.map((o, i) => ({ id: `O${i}`, ...o })),
    events: events.map((e, i) => ({ id: `E${i}`, ...e })),
  }));

// ---------------------------------------------------------------- expressions

type Type = "num" | "bool" | "time" | "text";

interface Atoms {
  num: string[];
  /** never missing: safe as items of a non-constant `in [...]` list */
  numSure: string[];
  time: string[];
  timeSure: string[];
  bool: string[];
  text: string[];
  textSure: string[];
  textLiterals: string[];
}

// decimal literals whose binary arithmetic is inexact (0.1 × 3 != 0.3): SQL must compute in binary floating point as JavaScript does
const numLiterals = ["0", "1", "2", "3", "0.5", "1.5", "10", "100", "0.1", "0.2", "0.3", "0.7", "30%"];
const timeLiterals = ["2017-10", "2017-11", "2017-10-15", "2017-10-31", "2017-09-26"];

const orderBase: Atoms = {
  num: ["退回重办次数", "redoCount", "数A"],
  numSure: ["退回重办次数"],
  time: ["受理时间", "办理时限", "延期至", "办结时间", "时D", "考核时点", "期初", "期末", "receivedAt", "closedAt"],
  timeSure: ["受理时间", "办理时限", "考核时点", "期初", "期末"],
  bool: ["已回访", "回退", "回退认可", "超期说明已认可", "匿名", "反弹", "领导批示", "是B", "visited", "是", "否"],
  text: ["来源", "诉求类型", "过程满意度", "结果满意度", "结案类型", "文C", "承办单位", "工单编号", "kind"],
  textSure: ["来源", "承办单位", "工单编号"],
  textLiterals: ['"县中心"', '"市中心"', '"投诉"', '"咨询"', '"满意"', '"基本满意"', '"不满意"', '"正常办结"', '"甲"', "镇", '"U1"', '"O1"'],
};

/** Order atoms including the derived fields (F数 and 有效时限 may be used by F真; all by measures). */
const withFields = (a: Atoms, fields: { num?: boolean; bool?: boolean }): Atoms => ({
  ...a,
  num: fields.num ? [...a.num, "F数"] : a.num,
  time: [...a.time, "有效时限"],
  timeSure: [...a.timeSure, "有效时限"],
  bool: fields.bool ? [...a.bool, "F真"] : a.bool,
});

const eventAtoms: Atoms = {
  num: ["次数", "分值", "类型分值", "等级", "应扣分"],
  numSure: ["次数"],
  time: ["日期", "考核时点", "期初", "期末"],
  timeSure: ["日期", "期末"],
  bool: ["是", "否"],
  text: ["事件类型", "关联工单", "说明", "事件编号", "单位"],
  textSure: ["事件类型", "事件编号"],
  textLiterals: ["甲类", "乙类", "丙类", '"未声明"', '"O1"', '"说明"', '"甲"'],
};

const pick = (xs: readonly string[]) => fc.constantFrom(...xs);
const list = (items: fc.Arbitrary<string>) => fc.uniqueArray(items, { minLength: 1, maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`);

/** Well-typed, fully parenthesized expressions over the atoms of one record kind. */
function expressions(atoms: Atoms, maxDepth: number): Record<Type, fc.Arbitrary<string>> {
  const depth = { maxDepth, depthIdentifier: `expr-${atoms.num[0]}-${maxDepth}`, withCrossShrink: true };
  return fc.letrec<Record<Type, string>>((tie) => {
    const num = tie("num");
    const bool = tie("bool");
    const time = tie("time");
    const text = tie("text");
    const anyTyped = fc.oneof(num, time, text, bool);
    return {
      num: fc.oneof(
        depth,
        fc.oneof(pick(atoms.num), pick(numLiterals)),
        // a written 0 divides as a 0 computed: `x / 0` is refused by check (KH251), `x / (0 + 0)` is what tests both ways
        fc.tuple(num, fc.constantFrom("+", "-", "×", "/"), num).map(([a, op, b]) => `(${a} ${op} ${op === "/" && /^0+(\.0*)?%?$/.test(b) ? `(${b} + 0)` : b})`),
        num.map((a) => `(-${a})`),
        fc.tuple(num, num).map(([a, b]) => `(${a} ?? ${b})`),
        fc.tuple(bool, num, num).map(([c, a, b]) => `(if ${c} then ${a} else ${b})`),
        fc.tuple(fc.constantFrom("min", "max"), fc.array(num, { minLength: 1, maxLength: 3 })).map(([f, xs]) => `${f}(${xs.join(", ")})`),
        num.map((a) => `abs(${a})`),
        fc
          .tuple(num, fc.option(fc.constantFrom("0", "1", "2", "3", "(-1)"), { nil: null }))
          .map(([a, d]) => (d === null ? `round(${a})` : `round(${a}, ${d})`)),
        fc.tuple(num, num, fc.option(num, { nil: null })).map(([a, b, c]) => `coalesce(${[a, b, c].filter((x) => x !== null).join(", ")})`),
        fc.tuple(fc.constantFrom("hours", "days"), time, time).map(([f, a, b]) => `${f}(${a}, ${b})`),
        // the hour of a time's Beijing day
        time.map((t) => `hour_of(${t})`),
        // working days, over the property's calendar (measure-pushdown.test.ts)
        fc.tuple(time, time).map(([a, b]) => `workdays(${a}, ${b})`),
        fc
          .tuple(fc.oneof({ arbitrary: text, weight: 4 }, { arbitrary: num, weight: 1 }), fc.constantFrom("-1", "1 / 2", "0.9"))
          .map(([x, odd]) => `levels(${x}, 满意: 1, 基本满意: ${odd}, 一般: 0.6, 不满意: 0)`),
      ),
      time: fc.oneof(
        depth,
        fc.oneof(pick(atoms.time), pick(timeLiterals)),
        fc.tuple(time, time).map(([a, b]) => `(${a} ?? ${b})`),
        fc.tuple(bool, time, time).map(([c, a, b]) => `(if ${c} then ${a} else ${b})`),
        fc.tuple(time, time).map(([a, b]) => `coalesce(${a}, ${b})`),
        // its Beijing day's start
        time.map((t) => `day_start(${t})`),
        // n mostly a small whole number; a number expression sometimes (a fraction is missing; a literal fraction or
        // negative is refused by check, KH216, hence abs() around the expression)
        fc
          .tuple(time, fc.oneof({ arbitrary: pick(["0", "1", "3", "5", "10"]), weight: 3 }, { arbitrary: num.map((n) => `abs(${n})`), weight: 1 }))
          .map(([t, n]) => `add_workdays(${t}, ${n})`),
      ),
      text: fc.oneof(
        depth,
        fc.oneof(pick(atoms.text), pick(atoms.textLiterals)),
        fc.tuple(text, text).map(([a, b]) => `(${a} ?? ${b})`),
        fc.tuple(bool, text, text).map(([c, a, b]) => `(if ${c} then ${a} else ${b})`),
      ),
      bool: fc.oneof(
        depth,
        pick(atoms.bool),
        bool.map((a) => `(not ${a})`),
        fc.tuple(bool, fc.constantFrom("and", "or"), bool).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(num, fc.constantFrom("=", "!=", "<", "<=", ">", ">="), num).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(time, fc.constantFrom("=", "!=", "<", "<=", ">", ">="), time).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(text, fc.constantFrom("=", "!="), text).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(bool, fc.constantFrom("=", "!="), bool).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(anyTyped, fc.boolean()).map(([a, not]) => `(${a} is ${not ? "not " : ""}missing)`),
        fc.tuple(time, fc.boolean()).map(([a, not]) => `(${a} ${not ? "not " : ""}in period)`),
        fc.tuple(time, fc.boolean()).map(([a, not]) => `(${a} ${not ? "not " : ""}in previous period)`),
        fc
          .tuple(
            fc.oneof(
              fc.tuple(num, list(fc.oneof(pick(numLiterals), pick(atoms.numSure)))),
              fc.tuple(text, list(fc.oneof(pick(atoms.textLiterals), pick(atoms.textSure)))),
              fc.tuple(time, list(fc.oneof(pick(timeLiterals), pick(atoms.timeSure)))),
            ),
            fc.boolean(),
          )
          .map(([[a, items], not]) => `(${a} ${not ? "not " : ""}in ${items})`),
        fc.tuple(bool, bool).map(([a, b]) => `(${a} ?? ${b})`),
        fc.tuple(bool, bool, bool).map(([c, a, b]) => `(if ${c} then ${a} else ${b})`),
      ),
    };
  });
}

const orderNoFields = expressions(orderBase, 2);
const orderWithNum = expressions(withFields(orderBase, { num: true }), 3);
const orderAll = expressions(withFields(orderBase, { num: true, bool: true }), 3);
const eventExprs = expressions(eventAtoms, 3);

// ---------------------------------------------------------------- rubrics

interface MeasureText {
  name: string;
  text: string;
}

const eventPopulations = ["本期事件", "所有事件", "随机事件"];

/** With `windowed`, every order measure counts in a population filtered by 受理时间 in period (the SQL's indexed WHERE). */
const orderMeasure = (i: number, windowed: boolean): fc.Arbitrary<MeasureText> => {
  const orderPopulations = windowed ? ["本期工单", "随机工单"] : ["所有工单", "本期工单", "随机工单"];
  return fc.oneof(
    fc.tuple(pick(orderPopulations), fc.option(orderAll.bool, { nil: null })).map(([pop, where]) => ({
      name: `m${i}`,
      text: `measure m${i} = count ${pop}${where ? ` where ${where}` : ""}`,
    })),
    fc.tuple(pick(orderPopulations), orderAll.num, fc.option(orderAll.bool, { nil: null })).map(([pop, of, where]) => ({
      name: `s${i}`,
      text: `measure s${i} = sum ${pop} of ${of}${where ? ` where ${where}` : ""}`,
    })),
    fc.tuple(pick(orderPopulations), orderAll.num, fc.option(orderAll.bool, { nil: null })).map(([pop, of, where]) => ({
      name: `a${i}`,
      text: `measure a${i} = avg ${pop} of ${of}${where ? ` where ${where}` : ""}`,
    })),
  );
};

const eventMeasure = (i: number): fc.Arbitrary<MeasureText> =>
  fc.oneof(
    fc.tuple(pick(eventPopulations), fc.option(eventExprs.bool, { nil: null })).map(([pop, where]) => ({
      name: `e${i}`,
      text: `measure e${i} = count ${pop}${where ? ` where ${where}` : ""}`,
    })),
    fc.tuple(pick(eventPopulations), eventExprs.num, fc.option(eventExprs.bool, { nil: null })).map(([pop, of, where]) => ({
      name: `t${i}`,
      text: `measure t${i} = sum ${pop} of ${of}${where ? ` where ${where}` : ""}`,
    })),
  );

// ---------------------------------------------------------------- odd names, labels, strings and numbers

/** Characters that once broke (or might break) quoting somewhere: SQL, SQLite's JSON paths, the rubric's own strings. */
const oddChars = ['"', "\\", "$", ".", "[", "]", "'", "😀", "表", "a", " ", "\t", "\n", "é", "Ａ", "％", "ﬁ", "\u2028", "𝒜"];
/** …and those a rubric may not contain (check rejects them: KH102) */
const forbiddenChars = ["\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\ud800"];

const oddString = (minLength: number, maxLength: number, forbidden: boolean): fc.Arbitrary<string> => {
  const clean = fc.array(fc.constantFrom(...oddChars), { minLength, maxLength }).map((cs) => cs.join(""));
  if (!forbidden) return clean;
  // now and then one forbidden character somewhere in it
  const dirty = fc
    .tuple(clean, fc.constantFrom(...forbiddenChars), fc.nat())
    .map(([t, c, at]) => t.slice(0, at % (t.length + 1)) + c + t.slice(at % (t.length + 1)));
  return fc.oneof({ arbitrary: clean, weight: 24 }, { arbitrary: dirty, weight: 1 });
};

/** A rubric string literal of any text: backslashes, quotes and line feeds escaped. */
const stringLiteral = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, "\\n")}"`;

/** Number literals around the limits: within them (accepted), and just beyond (KH245). */
const numberLiteralsNearLimits = [
  "999999999999999",
  "0.000000000000001",
  "123456789.012345",
  "100000000000000",
  "0.999999999999999",
  "1.500000000000000000",
  "99.9999999999999%",
  "1000000000000000",
  "0.0000000000000001",
  "1234567890.1234567",
  "9".repeat(400),
];
const numberNearLimits = fc.oneof(
  { arbitrary: fc.constantFrom(...numberLiteralsNearLimits.filter((n) => numberLiteralOk(n))), weight: 12 },
  { arbitrary: fc.constantFrom(...numberLiteralsNearLimits.filter((n) => !numberLiteralOk(n))), weight: 1 },
);
function numberLiteralOk(n: string): boolean {
  const digits = n.replace("%", "");
  const [whole = "", fraction = ""] = digits.split(".");
  const int = whole.replace(/^0+/, "");
  const frac = fraction.replace(/0+$/, "");
  return int.length <= 15 && frac.length <= 15 && (int + frac).replace(/^0+/, "").length <= 15;
}

export interface OddParts {
  /** attribute names: letters of several scripts */
  names: [string, string];
  /** the labels they are headed by in the data (and looked up by) */
  labels: [string, string];
  /** values the data holds under each label; the first of each is compared with in the rubric */
  values: [string[], string[]];
  /** a string literal of any text, compared with 文C */
  text: string;
  numbers: [string, string];
}

const letters = ["属", "𝒜", "ǅ", "é", "Ω", "_", "ß", "ｶ", "ℌ", "z"];
const oddArb: fc.Arbitrary<OddParts> = fc.record({
  names: fc
    .tuple(fc.array(fc.constantFrom(...letters), { maxLength: 6 }), fc.array(fc.constantFrom(...letters), { maxLength: 6 }))
    .map(([a, b]) => [`属${a.join("")}0`, `属${b.join("")}1`] as [string, string]),
  labels: fc.tuple(fc.oneof(oddString(1, 12, true), oddString(200, 400, false)), oddString(1, 12, true)),
  values: fc.tuple(
    fc.array(fc.oneof(oddString(1, 8, false), oddString(300, 1000, false)), { minLength: 1, maxLength: 3 }),
    fc.array(oddString(1, 8, false), { minLength: 1, maxLength: 3 }),
  ),
  text: fc.oneof(oddString(0, 10, true), fc.constantFrom("甲", "乙", "县中心")),
  numbers: fc.tuple(numberNearLimits, numberNearLimits),
});

export interface GeneratedRubric {
  text: string;
  measures: string[];
  odd: OddParts;
  /** how large one record's term of a sum measure can be, where a literal makes it large (o3: 数A × a number near the limits) */
  largestTerm: Record<string, number>;
  /** the codes check must reject the text with (control characters, number literals beyond the limits); empty: it must accept it */
  rejectedWith: string[];
}

export const rubricArb: fc.Arbitrary<GeneratedRubric> = fc
  .boolean()
  .chain((windowed) =>
    fc.record({
      windowed: fc.constant(windowed),
      fieldNum: orderNoFields.num,
      fieldBool: orderWithNum.bool,
      orderPopulation: orderAll.bool,
      eventPopulation: eventExprs.bool,
      orderMeasures: fc.tuple(orderMeasure(1, windowed), orderMeasure(2, windowed), orderMeasure(3, windowed), orderMeasure(4, windowed)),
      eventMeasures: fc.tuple(eventMeasure(1), eventMeasure(2)),
      odd: oddArb,
    }),
  )
  .map((g) => {
    const o = g.odd;
    const oddMeasures: MeasureText[] = [
      { name: "o1", text: `measure o1 = count 所有工单 where ${o.names[0]} = ${stringLiteral(o.values[0][0] as string)}` },
      { name: "o2", text: `measure o2 = count 所有工单 where ${o.names[1]} = ${stringLiteral(o.values[1][0] as string)} or ${o.names[0]} is missing` },
      { name: "o3", text: `measure o3 = sum 所有工单 of 数A × ${o.numbers[0]} where 数A < ${o.numbers[1]}` },
      { name: "o4", text: `measure o4 = count 所有工单 where 文C in [${stringLiteral(o.text)}, "甲"] or ${o.names[1]} != ${stringLiteral(o.text)}` },
    ];
    const measures = [...g.orderMeasures, ...g.eventMeasures, ...oddMeasures];
    const text = `rubric "下推性质测试" version "p" example
  in force from 2017-01

category 镇
category 街道
category 县直部门

event 甲类 "甲类事件" points 5
event 乙类 "乙类事件" points recorded
event 丙类 points 0.5

orders {
  attribute 数A "响应时长（小时）" number
  attribute 是B yesno
  attribute 文C text
  attribute 时D datetime
  attribute ${o.names[0]} ${stringLiteral(o.labels[0])} text
  attribute ${o.names[1]} ${stringLiteral(o.labels[1])} text
  field 有效时限 = 延期至 ?? 办理时限
  field F数 = ${g.fieldNum}
  field F真 = ${g.fieldBool}
}
events {
  attribute 等级 number
  field 应扣分 = 次数 × 类型分值
}

population 本期工单 = orders where 受理时间 in period and not (回退 and 回退认可)
population 所有工单 = orders
population 随机工单 = orders where ${g.windowed ? `受理时间 in period and ${g.orderPopulation}` : g.orderPopulation}
population 本期事件 = events where 日期 in period
population 所有事件 = events
population 随机事件 = events where ${g.eventPopulation}

measure 工单数 = count 本期工单
${measures.map((m) => m.text).join("\n")}

monthly 月度 {
  item 量 10 points = min(10, 工单数)
}

ranking {
  monthly 月度
  volume 工单数
}
`;
    const forbidden = [o.labels[0], o.labels[1], o.text].some((x) => forbiddenChars.some((c) => x.includes(c)));
    // a control character is found before parsing; the semantic checks (KH245) only run on a file without one
    const rejectedWith = forbidden ? ["KH102"] : o.numbers.every(numberLiteralOk) ? [] : ["KH245"];
    // 数A is at most 1,000 in the data (numberText's "1,000", should it read as a number); a literal with % is a hundredth
    const literal = (n: string) => (n.endsWith("%") ? Number(n.slice(0, -1)) / 100 : Number(n));
    const largestTerm = { o3: Math.abs(literal(o.numbers[0])) * 1000 };
    return { text, measures: ["工单数", ...measures.map((m) => m.name)], odd: o, largestTerm, rejectedWith };
  });

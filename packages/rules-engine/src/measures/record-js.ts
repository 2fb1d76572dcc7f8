/**
 * Record-level expressions (population filters, measure conditions, derived
 * fields) compiled to JavaScript source, so the in-memory measure pass
 * (memory.ts) runs as fast as a hand-written loop. Missing values follow
 * one rule everywhere: a comparison with a missing value is false,
 * arithmetic with one is missing, and a missing yes/no counts as 否 — the
 * same rule the SQL push-down (record-sql.ts) uses.
 */

import { attributeKeys } from "@kaohe/data";
import * as A from "@kaohe/rules-dsl";
import { eventFields, findField, orderFields, recordBuiltins, roundTo, type SymbolTable } from "@kaohe/rules-dsl";
import { SHANGHAI_OFFSET_MS } from "@kaohe/time";
import { localDate } from "../period.ts";
import { type RecordKind, rawAttributeIn } from "./source.ts";

export { ROUND_DIGITS, roundHalfUp } from "@kaohe/rules-dsl";

/**
 * A number as data may write it: decimal notation, at most 200 digits either
 * side of the point and a two-digit exponent, so that every such text is a
 * normal double (|x| < 1e299, and not below 1e-299 unless 0). PostgreSQL
 * casts exactly these texts (record-sql.ts uses the same pattern); longer
 * ones (1e400) would fail its cast, or (1e-400) round to 0 here but fail
 * there. Any other text is not a number: missing.
 */
export const NUMBER_PATTERN = "^[-+]?([0-9]{1,200}[.]?[0-9]{0,200}|[.][0-9]{1,200})([eE][-+]?[0-9]{1,2})?$";
const NUMBER_TEXT = new RegExp(NUMBER_PATTERN);

/**
 * A date-time as an extra column (`attribute … datetime`) may hold it: a date, with a time of day or not (seconds and
 * their fraction optional), and an offset from UTC or not (Z, +08:00, +0800, +08, optionally followed by its zone's
 * abbreviation, as a platform writes "… +0800 CST"), the whole text (after JavaScript's trim) and nothing else: a text
 * with more was read by its leading date, and "2019-03-10T06:00:00Z" was 06:00 in Beijing (found by a helper writing
 * a rubric with a 签收时间 column). Capture groups: year, month, day, hour, minute, second, Z, sign, offset hours,
 * offset minutes. The PostgreSQL push-down matches the same pattern (record-sql.ts).
 */
export const DATE_PATTERN =
  "^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.][0-9]{1,9})?)?)?(?: ?([Zz])| ?([-+])([0-9]{2})(?::?([0-9]{2}))?(?: [A-Za-z]{2,5})?)?$";
const DATE_TEXT = new RegExp(DATE_PATTERN);

/** Helpers the generated code calls (kept tiny so V8 inlines them). */
export const H = {
  num(v: unknown): number | null {
    if (v === null || v === undefined || v === "") return null;
    if (typeof v === "number") return Number.isFinite(v) ? v : null;
    // decimal notation only: a spreadsheet cell "0x10" is text, not 16
    const text = String(v).trim();
    if (!NUMBER_TEXT.test(text)) return null;
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  },
  bool(v: unknown): boolean {
    return v === true || v === "是" || v === "true" || v === "1" || v === "Y" || v === "y";
  },
  date(v: unknown): number | null {
    if (v === null || v === undefined || v === "") return null;
    if (typeof v === "number") return v;
    const m = DATE_TEXT.exec(String(v).trim());
    if (!m) return null;
    // Date.UTC, as the SQL push-down mirrors it: years 0–99 are 1900–1999, out-of-range parts roll over; at UTC+8
    // unless the text gives its offset (Z, +08:00, +0800, -05)
    const offset = m[7] ? 0 : m[8] ? (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 3_600_000 + Number(m[10] ?? 0) * 60_000) : SHANGHAI_OFFSET_MS;
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) - offset;
  },
  text(v: unknown): string | null {
    return v === null || v === undefined || v === "" ? null : String(v);
  },
  add: (a: number | null, b: number | null) => (a === null || b === null ? null : a + b),
  sub: (a: number | null, b: number | null) => (a === null || b === null ? null : a - b),
  mul: (a: number | null, b: number | null) => (a === null || b === null ? null : a * b),
  div: (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b),
  neg: (a: number | null) => (a === null ? null : -a),
  eq: (a: unknown, b: unknown) => a !== null && b !== null && a === b,
  /** `x in [..]` with items that may be missing: as SQL, a missing item makes "not found" unknown (false) */
  inList(x: unknown, items: unknown[], negated: boolean): boolean {
    if (x === null || x === undefined) return false;
    if (items.includes(x)) return !negated;
    return negated && !items.some((i) => i === null || i === undefined);
  },
  ne: (a: unknown, b: unknown) => a !== null && b !== null && a !== b,
  lt: (a: number | string | null, b: number | string | null) => a !== null && b !== null && a < b,
  le: (a: number | string | null, b: number | string | null) => a !== null && b !== null && a <= b,
  gt: (a: number | string | null, b: number | string | null) => a !== null && b !== null && a > b,
  ge: (a: number | string | null, b: number | string | null) => a !== null && b !== null && a >= b,
  /** round(x, digits), for SQLite's kh_round (db raw.ts) */
  round: roundTo,
  /** the built-in functions that are missing when an argument is (their `apply`), as generated code calls them: H.fn.min(…) */
  fn: Object.fromEntries(A.functions.flatMap((f) => (f.apply ? [[f.name, f.apply]] : []))) as Readonly<Record<string, A.Apply>>,
};

/** Epoch ms of a date literal: "2017-09" is the start of the month, "2017-09-09" the start of the day. */
export function dateLiteral(text: string): number {
  const [y, m, d] = text.split("-").map(Number);
  return localDate(y as number, m as number, d ?? 1);
}

export interface CodegenContext {
  symbols: SymbolTable;
  kind: RecordKind;
  /** constants hoisted out of the loop (sets for `in [...]`, lookup tables) */
  constants: unknown[];
  /** declared points per event type, for 类型分值 */
  eventPoints: Map<string, number | null>;
  /** derived fields already computed into a local variable of the generated loop */
  fieldLocals?: Map<string, string>;
}

function hoist(ctx: CodegenContext, value: unknown): string {
  ctx.constants.push(value);
  return `K[${ctx.constants.length - 1}]`;
}

/** JS source for a record-level expression over `r` (the record) and `c` (window, assessment time and the working-day calendar `c.cal`). */
export function recordExprJs(e: A.Expr, ctx: CodegenContext): string {
  const js = (x: A.Expr) => recordExprJs(x, ctx);
  const truthy = (x: A.Expr) => `(${js(x)} === true)`;
  switch (e.kind) {
    case "number":
      return String(e.value);
    case "string":
      return JSON.stringify(e.value);
    case "bool":
      return e.value ? "true" : "false";
    // refused at record level by the checker (KH217); missing, were it reached
    case "notApplicable":
      return "null";
    case "date":
      return String(dateLiteral(e.text));
    case "name":
      return nameJs(e.name, ctx);
    case "unary":
      return e.op === "not" ? `(${js(e.operand)} !== true)` : `H.neg(${js(e.operand)})`;
    case "isMissing":
      return `(${js(e.operand)} ${e.negated ? "!=" : "=="} null)`;
    case "inPeriod":
      return inWindowJs(e.operand, ctx, "c.start", "c.end", e.negated);
    case "inPreviousPeriod":
      // no previous period (a window of fixed dates): c.prevStart is NaN, so nothing is in it
      return inWindowJs(e.operand, ctx, "c.prevStart", "c.prevEnd", e.negated);
    case "inList": {
      const constant = e.items.every((i) => i.kind === "string" || i.kind === "number" || (i.kind === "name" && isConstantName(i.name, ctx)));
      if (!constant) return `H.inList(${js(e.operand)}, [${e.items.map(js).join(", ")}], ${e.negated})`;
      const test = `${hoist(ctx, new Set(e.items.map((i) => (i.kind === "name" ? i.name : (i as A.StringLit | A.NumberLit).value))))}.has(${js(e.operand)})`;
      return e.negated ? `(${js(e.operand)} !== null && !${test})` : `(${test})`;
    }
    case "if":
      return `(${truthy(e.test)} ? ${js(e.whenTrue)} : ${js(e.whenFalse)})`;
    case "binary":
      return binaryJs(e, ctx);
    case "call":
      return callJs(e, ctx);
  }
}

function isConstantName(name: string, ctx: CodegenContext): boolean {
  const s = ctx.symbols.global.get(name);
  return s?.kind === "event" || s?.kind === "category";
}

function binaryJs(e: A.Binary, ctx: CodegenContext): string {
  switch (e.op) {
    case "and":
      return `(${recordExprJs(e.left, ctx)} === true && ${recordExprJs(e.right, ctx)} === true)`;
    case "or":
      return `(${recordExprJs(e.left, ctx)} === true || ${recordExprJs(e.right, ctx)} === true)`;
    case "??":
      return `(${recordExprJs(e.left, ctx)} ?? ${recordExprJs(e.right, ctx)})`;
    case "/":
      return `H.div(${recordExprJs(e.left, ctx)}, ${recordExprJs(e.right, ctx)})`;
    case "+":
    case "-":
    case "×":
      return inline(e, ctx, ARITHMETIC[e.op]);
    default:
      return inline(e, ctx, COMPARISON[e.op]);
  }
}

/**
 * Source that reads a value at no cost and with no effect — a field of the record or of the context, a derived
 * field's local, a literal — so that it may be written more than once.
 */
const PLAIN = /^(?:[rc]\.[A-Za-z_$][\w$]*|F\d+|\d+(?:\.\d+)?(?:e[-+]?\d+)?|"(?:[^"\\]|\\.)*")$/;
const LITERAL = /^(?:\d|")/;

/**
 * The plain values an expression is the first present of (`办结时限 = 延期时限 ?? 承诺时限`: two), or null when it
 * is anything else. Such an expression is compared (or added) in the loop itself, once for each value that may be
 * the one, not materialized: a date read from a record and held in a variable that may also hold null, or passed to
 * a helper, is boxed — a new heap number for every record (measured: 15 B an order at 250,000 orders, and the
 * garbage collection after them); compared where it is read, it is not.
 */
export function plainChoices(e: A.Expr, ctx: CodegenContext): string[] | null {
  if (e.kind === "binary" && e.op === "??") {
    const left = plainChoices(e.left, ctx);
    const right = left && plainChoices(e.right, ctx);
    return left && right ? [...left, ...right] : null;
  }
  if (e.kind === "name" && !ctx.fieldLocals?.has(e.name)) {
    const local = (ctx.kind === "orders" ? ctx.symbols.orderScope : ctx.symbols.eventScope).get(e.name);
    if (local?.kind === "field") return plainChoices(local.decl.expr, ctx);
  }
  // only a leaf may be plain (written here, it costs nothing: no subexpression is generated twice)
  if (e.kind !== "name" && e.kind !== "number" && e.kind !== "string" && e.kind !== "date") return null;
  const js = recordExprJs(e, ctx);
  return PLAIN.test(js) ? [js] : null;
}

/** How an operator is written on two plain values, and the helper that does it on any two. */
interface Inline {
  helper: string;
  write: (l: string, r: string) => string;
}

/** The most combinations of values a comparison is written out for (`a ?? b` against `c ?? d`: four). */
const MOST_COMBINATIONS = 4;

/** A comparison or an arithmetic operator: written out on the values it may read, or a call of its helper. */
function inline(e: A.Binary, ctx: CodegenContext, how: Inline): string {
  const left = plainChoices(e.left, ctx);
  const right = plainChoices(e.right, ctx);
  if (!left || !right || left.length * right.length > MOST_COMBINATIONS) return `H.${how.helper}(${recordExprJs(e.left, ctx)}, ${recordExprJs(e.right, ctx)})`;
  return pick(left, (l) => pick(right, (r) => how.write(l, r)));
}

/** Written for the first present of the choices, as `??` picks it (a missing last choice is the missing value itself). */
function pick(choices: readonly string[], write: (x: string) => string): string {
  const [first, ...rest] = choices as [string, ...string[]];
  return rest.length === 0 ? write(first) : `(${first} != null ? ${write(first)} : ${pick(rest, write)})`;
}

/** The generated test that a value is missing, or present: none for a literal. */
const missing = (x: string) => (LITERAL.test(x) ? [] : [`${x} === null`]);
const present = (x: string) => (LITERAL.test(x) ? [] : [`${x} !== null`]);

/** A comparison with a missing side is false (H.eq, H.lt …). */
const comparison = (helper: string, op: string): Inline => ({
  helper,
  write: (l, r) => {
    // a missing value is never equal to a literal: the test that it is present is needed only for the others
    const tests = helper === "eq" && (LITERAL.test(l) || LITERAL.test(r)) ? [] : [...present(l), ...present(r)];
    return `(${[...tests, `${l} ${op} ${r}`].join(" && ")})`;
  },
});

const COMPARISON: Record<"=" | "!=" | "<" | "<=" | ">" | ">=", Inline> = {
  "=": comparison("eq", "==="),
  "!=": comparison("ne", "!=="),
  "<": comparison("lt", "<"),
  "<=": comparison("le", "<="),
  ">": comparison("gt", ">"),
  ">=": comparison("ge", ">="),
};

/** Arithmetic with a missing side is missing (H.add …). */
const arithmetic = (helper: string, op: string): Inline => ({
  helper,
  write: (l, r) => {
    const tests = [...missing(l), ...missing(r)];
    return tests.length === 0 ? `(${l} ${op} ${r})` : `(${tests.join(" || ")} ? null : ${l} ${op} ${r})`;
  },
});

const ARITHMETIC: Record<"+" | "-" | "×", Inline> = { "+": arithmetic("add", "+"), "-": arithmetic("sub", "-"), "×": arithmetic("mul", "*") };

/** `x in period` (or the previous one): written out on the values it may read (plainChoices), or the value read once into `v`. */
function inWindowJs(x: A.Expr, ctx: CodegenContext, start: string, end: string, negated: boolean): string {
  const choices = plainChoices(x, ctx);
  const inside =
    choices && choices.length <= MOST_COMBINATIONS
      ? pick(choices, (y) => `(${y} !== null && ${y} >= ${start} && ${y} < ${end})`)
      : `((v = ${recordExprJs(x, ctx)}) !== null && v >= ${start} && v < ${end})`;
  return negated ? `!${inside}` : inside;
}

/** A call of a built-in function: its entry's JavaScript (functions/ in the rules language), or a call of its `apply`. */
function callJs(e: A.Call, ctx: CodegenContext): string {
  const positional = e.args.filter((a) => a.name === null).map((a) => recordExprJs(a.value, ctx));
  const f = A.findFunction(e.callee);
  if (f?.js) return f.js(positional, { call: e, hoist: (value) => hoist(ctx, value) });
  if (f?.apply) return `H.fn.${f.name}(${positional.join(", ")})`;
  throw new Error(`${e.callee}() cannot be used on a single record`);
}

function nameJs(name: string, ctx: CodegenContext): string {
  const scope = ctx.kind === "orders" ? ctx.symbols.orderScope : ctx.symbols.eventScope;
  const local = scope.get(name);
  if (local?.kind === "field") {
    const hoisted = ctx.fieldLocals?.get(name);
    return hoisted ?? `(${recordExprJs(local.decl.expr, ctx)})`;
  }
  const column = rawAttributeIn(scope, name);
  const attribute = column ?? (local?.kind === "attribute" ? local : undefined);
  if (attribute) {
    // the column is found by the attribute's name, or by its label as the spreadsheet headed it
    const keys = attributeKeys(attribute.decl.name, attribute.decl.label);
    const get = keys.length === 1 ? `r.attributes[${JSON.stringify(keys[0])}]` : `(${keys.map((k) => `r.attributes[${JSON.stringify(k)}]`).join(" ?? ")})`;
    const conv = column ? "text" : { number: "num", text: "text", yesno: "bool", datetime: "date" }[attribute.decl.type];
    return `H.${conv}(${get})`;
  }
  const field = findField(ctx.kind === "orders" ? orderFields : eventFields, name);
  if (field) {
    if (field.key === "typePoints") return `(${hoist(ctx, ctx.eventPoints)}.get(r.type) ?? r.points)`;
    return `r.${field.key}`;
  }
  const builtin = findField(recordBuiltins, name);
  if (builtin) return `c.${builtin.key === "asOf" ? "asOf" : builtin.key === "periodStart" ? "start" : "end"}`;
  const g = ctx.symbols.global.get(name);
  if (g?.kind === "event" || g?.kind === "category") return JSON.stringify(name);
  throw new Error(`unknown record name ${name}`);
}

/** Derived fields an expression reads, directly or through other fields, dependencies first. */
export function fieldsUsed(e: A.Expr | null, ctx: CodegenContext, out: string[] = []): string[] {
  if (!e) return out;
  const scope = ctx.kind === "orders" ? ctx.symbols.orderScope : ctx.symbols.eventScope;
  const visit = (x: A.Expr): void => {
    if (x.kind === "name") {
      const f = scope.get(x.name);
      if (f?.kind === "field" && !out.includes(x.name)) {
        visit(f.decl.expr);
        if (!out.includes(x.name)) out.push(x.name);
      }
    }
    for (const c of A.childrenOf(x)) visit(c);
  };
  visit(e);
  return out;
}

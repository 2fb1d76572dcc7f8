/**
 * The limits of the language: what every back end (the in-memory pass, the
 * SQL push-down on SQLite and PostgreSQL) evaluates identically, and what
 * the parser, the checker and the code generators (all recursive over the
 * tree) handle without running out of stack. A rubric beyond a limit is
 * rejected by `check` with a diagnostic naming the limit, never scored.
 *
 * Every check here is iterative (or bounded by a limit checked before it),
 * so it runs safely on any input, however deep or long.
 */
import type { IToken } from "chevrotain";
import * as A from "./ast.ts";
import { rangeOfToken } from "./cst-to-ast.ts";
import { Codes, type Diagnostic, diagnostic } from "./diagnostics.ts";

export const Limits = {
  /** parentheses, brackets, function calls, `not`, negation and `if` open at once in one expression */
  nesting: 64,
  /** operands (names, literals, list items, arguments) in one expression */
  terms: 500,
  /** operation depth of a record-level expression with its derived fields written in (see `evaluationDepth`) */
  depth: 800,
  /** operations in a record-level expression with its derived fields written in */
  size: 20_000,
  /**
   * operations of all the measures over one kind of record together, their populations' conditions and derived fields
   * written in (as the SQL push-down computes them, for every record): no more than one expression may have. A real
   * rubric has some 50–150 (Huantai 2017: 116); forty measures of a field doubled twelve times (16,000 each) checked
   * clean and held a reader thread for over 5 minutes scoring one month (an adversary's review).
   */
  measuresSize: 20_000,
  /** digits of a number literal before the decimal point, after it, and significant: a decimal of at most 15 significant digits is what a double holds */
  digits: 15,
  /** measures computed over one kind of record (each event type adds two hidden ones): one column each in one SQL query */
  measures: 1000,
} as const;

// ---------------------------------------------------------------- characters

/**
 * Characters a rubric may not contain anywhere: NUL (PostgreSQL cannot store
 * it), the other C0 controls except tab, line feed and carriage return, DEL,
 * the C1 controls, and unpaired UTF-16 surrogates (not text at all). A
 * carriage return is allowed only before a line feed (CRLF line ends).
 */
export function controlCharacters(text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let line = 1;
  let column = 1;
  let lastLine = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let bad = false;
    let width = 1;
    if (c === 0x0a) {
      line++;
      column = 1;
      continue;
    }
    if (c === 0x0d) bad = text.charCodeAt(i + 1) !== 0x0a;
    else if (c < 0x20) bad = c !== 0x09;
    else if (c >= 0x7f && c <= 0x9f) bad = true;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) width = 2;
      else bad = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) bad = true;
    // U+FFFE, U+FFFF: no XML holds them (a rubric's name broke the bulletin's Word file); the controls that turn text
    // around as shown (U+202A–U+202E, U+2066–U+2069): a rule read otherwise than it is written (a review)
    else if (c === 0xfffe || c === 0xffff || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) bad = true;
    if (bad && line !== lastLine) {
      // one per line: a file of binary junk should not give a diagnostic per byte
      const code = `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
      const pos = { line, column, offset: i };
      const what = c === 0 ? "空字符（NUL）" : c >= 0xfffe ? "非字符" : c >= 0xd800 ? "不成对的代理项" : c >= 0x202a ? "改变文字方向的控制字符" : "控制字符";
      const whatEn =
        c === 0
          ? "a NUL character"
          : c >= 0xfffe
            ? "a noncharacter"
            : c >= 0xd800
              ? "an unpaired surrogate"
              : c >= 0x202a
                ? "a text-direction control"
                : "a control character";
      out.push(
        diagnostic(
          "error",
          Codes.ControlCharacter,
          `第 ${line} 行第 ${column} 列有${what} ${code}：规则文件中（包括文字和注释）不能有这种字符`,
          `${whatEn} ${code} at line ${line}, column ${column}: a rubric may not contain it anywhere (strings and comments included)`,
          { start: pos, end: { line, column: column + 1, offset: i + 1 } },
        ),
      );
      lastLine = line;
    }
    i += width - 1;
    column += width === 2 ? 2 : 1;
  }
  return out;
}

/** Is this one of the characters `controlCharacters` reports? (the lexer's KH100 for it is dropped) */
export function isControlCharacter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff);
}

// ---------------------------------------------------------------- nesting, before parsing

/** Tokens that end an operand: after one, `-` subtracts and `not` belongs to `not in`. */
const operandEnd = new Set([
  "Identifier",
  "NumberLiteral",
  "PercentLiteral",
  "StringLiteral",
  "DateLiteral",
  "True",
  "False",
  "RParen",
  "RBracket",
  "Missing",
  "Period",
]);
/** Tokens an expression may contain; any other token ends every expression open (the parser resynchronises there). */
const inExpression = new Set([
  ...operandEnd,
  "LParen",
  "LBracket",
  "Comma",
  "Colon",
  "If",
  "Then",
  "Else",
  "And",
  "Or",
  "Not",
  "Is",
  "In",
  "Coalesce",
  "LessEq",
  "GreaterEq",
  "NotEq",
  "Equals",
  "Less",
  "Greater",
  "Plus",
  "Minus",
  "Times",
  "Divide",
]);

interface Level {
  /** `not` prefixes open at this level: they end at `and`, `or`, `then`, `else`, a comma or colon */
  nots: number;
  /** negation prefixes open at this level: they end at the next operator */
  negations: number;
  /** `if`s open at this level: an `if`'s `else` branch runs to the end of the level */
  ifs: number;
}

/**
 * How deeply the tokens nest, before the (recursive) parser sees them: the
 * parentheses and brackets open, plus the `not`, negation and `if` prefixes
 * open inside each. An upper bound on the nesting of the expression the
 * parser builds, so the parser is only run on input it handles.
 */
export function tokenNesting(tokens: IToken[]): Diagnostic | null {
  const levels: Level[] = [{ nots: 0, negations: 0, ifs: 0 }];
  let outer = 0; // the nesting of the levels below the top one
  let previous: string | null = null;
  const top = () => levels[levels.length - 1] as Level;
  const own = (l: Level) => l.nots + l.negations + l.ifs;
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (!inExpression.has(name)) {
      levels.length = 1;
      levels[0] = { nots: 0, negations: 0, ifs: 0 };
      outer = 0;
      previous = name;
      continue;
    }
    const level = top();
    const afterOperand = previous !== null && operandEnd.has(previous);
    switch (name) {
      case "LParen":
      case "LBracket":
        outer += own(level) + 1;
        levels.push({ nots: 0, negations: 0, ifs: 0 });
        break;
      case "RParen":
      case "RBracket":
        if (levels.length > 1) {
          levels.pop();
          outer -= own(top()) + 1;
        }
        break;
      case "Not":
        if (!afterOperand && previous !== "Is") level.nots++;
        break;
      case "Minus":
        if (afterOperand) level.negations = 0;
        else level.negations++;
        break;
      case "If":
        level.ifs++;
        break;
      case "Comma":
      case "Colon":
        level.nots = 0;
        level.negations = 0;
        level.ifs = 0;
        break;
      case "And":
      case "Or":
      case "Then":
      case "Else":
        level.nots = 0;
        level.negations = 0;
        break;
      default:
        if (!operandEnd.has(name)) level.negations = 0;
    }
    previous = name;
    const depth = outer + own(top());
    if (depth > Limits.nesting) return nestingDiagnostic(rangeOfToken(t));
  }
  return null;
}

function nestingDiagnostic(range: A.Range): Diagnostic {
  return diagnostic(
    "error",
    Codes.TooDeep,
    `表达式嵌套超过 ${Limits.nesting} 层（括号、方括号、函数调用、not、负号、if 的嵌套层数）：请拆成几个 field 或 value`,
    `an expression nests more than ${Limits.nesting} levels deep (parentheses, brackets, calls, not, negation, if): split it into fields or values`,
    range,
  );
}

// ---------------------------------------------------------------- expressions, after parsing

const exprKinds = new Set(["number", "string", "date", "bool", "name", "binary", "unary", "isMissing", "inList", "inPeriod", "if", "call"]);

/** Every top-level expression of a rubric, walked without recursion into expressions. */
function expressionsOf(rubric: A.Rubric): A.Expr[] {
  const out: A.Expr[] = [];
  const stack: unknown[] = [rubric.header, ...rubric.declarations];
  while (stack.length > 0) {
    const x = stack.pop();
    if (!x || typeof x !== "object") continue;
    if (Array.isArray(x)) {
      stack.push(...x);
      continue;
    }
    const kind = (x as { kind?: unknown }).kind;
    if (typeof kind === "string" && exprKinds.has(kind)) {
      out.push(x as A.Expr);
      continue;
    }
    for (const [k, v] of Object.entries(x)) if (!/range|Range/.test(k) && v && typeof v === "object") stack.push(v);
  }
  return out;
}

/** Operands in an expression, counted without recursion. */
function termsOf(e: A.Expr): number {
  let terms = 0;
  const stack: A.Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop() as A.Expr;
    const children = A.childrenOf(x);
    if (children.length === 0) terms++;
    else stack.push(...children);
    if (x.kind === "call" && x.args.length === 0) terms++;
  }
  return terms;
}

/** Expressions longer than the limit (counted iteratively, so the recursive passes after this are safe). */
export function longExpressions(rubric: A.Rubric): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of expressionsOf(rubric)) {
    const n = termsOf(e);
    if (n > Limits.terms) {
      out.push(
        diagnostic(
          "error",
          Codes.TooLong,
          `表达式有 ${n} 项，超过上限 ${Limits.terms} 项：请拆成几个 field 或 value`,
          `an expression has ${n} operands, more than the limit of ${Limits.terms}: split it into fields or values`,
          e.range,
        ),
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------- number literals

/** Why a number literal as written cannot be used as a number (null: it can). */
function numberProblem(literal: string): { zh: string; en: string } | null {
  const digits = literal.replace(/[%％]$/, "");
  const text = literal.length > 24 ? `${literal.slice(0, 20)}…（共 ${digits.replace(".", "").length} 位）` : literal;
  const [whole = "", fraction = ""] = digits.split(".");
  const intDigits = whole.replace(/^0+/, "");
  const fracDigits = fraction.replace(/0+$/, "");
  const significant = (intDigits + fracDigits).replace(/^0+/, "").length;
  const value = Number(digits);
  if (!Number.isFinite(value) || intDigits.length > Limits.digits) {
    return {
      zh: `数字 ${text} 太大：整数部分最多 ${Limits.digits} 位`,
      en: `the number ${text} is too large: at most ${Limits.digits} digits before the decimal point`,
    };
  }
  if (fracDigits.length > Limits.digits) {
    return { zh: `数字 ${text} 小数位太多：最多 ${Limits.digits} 位小数`, en: `the number ${text} has too many decimals: at most ${Limits.digits}` };
  }
  if (significant > Limits.digits) {
    return {
      zh: `数字 ${text} 有 ${significant} 位有效数字，超过 ${Limits.digits} 位，无法按所写的值精确计算`,
      en: `the number ${text} has ${significant} significant digits, more than ${Limits.digits}: it cannot be computed exactly as written`,
    };
  }
  return null;
}

/** Number literals out of range, at token level: every number in the file except the version and item/section codes. */
export function numberLiterals(tokens: IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  let previous: string | null = null;
  for (const t of tokens) {
    const name = t.tokenType.name;
    const isCode = previous === "Version" || previous === "Item" || previous === "Bonus" || previous === "Section";
    if ((name === "NumberLiteral" || name === "PercentLiteral") && !isCode) {
      const problem = numberProblem(t.image);
      if (problem) out.push(diagnostic("error", Codes.NumberLimit, problem.zh, problem.en, rangeOfToken(t)));
    }
    previous = name;
  }
  return out;
}

// ---------------------------------------------------------------- record-level expressions as the databases see them

export interface Cost {
  /** nesting of the SQL the push-down writes for it (SQLite refuses an expression tree deeper than 1000) */
  depth: number;
  /** operations, derived fields written in */
  size: number;
}

/**
 * What a record-level expression costs once the push-down writes it as SQL,
 * its derived fields written in where they are used (as the engine's
 * measures/record-sql.ts does): an upper bound of the SQL expression's depth on
 * either database, and its size. `fieldCost` gives a derived field's cost
 * (see `fieldCosts`). Recursive, but only over one expression, whose depth
 * the nesting and length limits have already bounded.
 */
export function recordCost(e: A.Expr, fieldCost: (name: string) => Cost | null): Cost {
  const children = A.childrenOf(e);
  let depth = 0;
  let size = 1;
  for (const [i, c] of children.entries()) {
    const x = recordCost(c, fieldCost);
    // a divisor is wrapped twice more than the dividend (NULLIF, then a cast): a chain of divisions nests once per division
    depth = Math.max(depth, x.depth + (e.kind === "binary" && e.op === "/" && i === 1 ? 2 : 0));
    size += x.size;
  }
  switch (e.kind) {
    case "name": {
      const f = fieldCost(e.name);
      // an attribute is read and converted (a JSON lookup, a pattern test, a cast): a few levels
      return f ?? { depth: 6, size: 1 };
    }
    case "number":
    case "string":
    case "bool":
    case "date":
      return { depth: 2, size: 1 };
    case "binary":
      // comparisons may be wrapped to be never NULL; a divisor in NULLIF and a cast
      return { depth: depth + (["=", "!=", "<", "<=", ">", ">="].includes(e.op) ? 2 : 1), size };
    case "inPeriod":
    case "inList":
      return { depth: depth + 3, size };
    case "call":
      return { depth: depth + 4, size };
    default:
      return { depth: depth + 2, size };
  }
}

/** The cost of every derived field of one record kind, dependencies first, without recursion across fields (cycles cost nothing here: KH236 reports them). */
export function fieldCosts(fields: ReadonlyMap<string, A.Expr>): Map<string, Cost> {
  const memo = new Map<string, Cost>();
  const refs = (e: A.Expr): string[] => {
    const out: string[] = [];
    const stack = [e];
    while (stack.length > 0) {
      const x = stack.pop() as A.Expr;
      if (x.kind === "name" && fields.has(x.name)) out.push(x.name);
      stack.push(...A.childrenOf(x));
    }
    return out;
  };
  const lookup = (name: string) => (fields.has(name) ? (memo.get(name) ?? { depth: 0, size: 1 }) : null);
  for (const start of fields.keys()) {
    const open = new Set<string>();
    const stack: [string, boolean][] = [[start, false]];
    while (stack.length > 0) {
      const [name, ready] = stack.pop() as [string, boolean];
      if (memo.has(name)) continue;
      const expr = fields.get(name) as A.Expr;
      if (ready) {
        const c = recordCost(expr, lookup);
        memo.set(name, { depth: c.depth + 1, size: c.size });
        open.delete(name);
        continue;
      }
      open.add(name);
      stack.push([name, true]);
      for (const d of refs(expr)) if (!memo.has(d) && !open.has(d)) stack.push([d, false]);
    }
  }
  return memo;
}

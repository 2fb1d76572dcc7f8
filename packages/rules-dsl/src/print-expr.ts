/**
 * An expression printed in canonical form (`printExpr`), apart from the formatter (format.ts) that prints a whole file:
 * the checks quote a rubric's expressions in their messages, and the formatter parses (a check importing it made an
 * import cycle through the parser).
 */
import type * as A from "./ast.ts";
import { findFunction } from "./functions/index.ts";
import { type KeywordLanguage, spell } from "./tokens.ts";

// precedence: higher binds tighter
const precedence: Record<A.BinaryOp, number> = {
  or: 1,
  and: 2,
  "=": 4,
  "!=": 4,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  "??": 5,
  "+": 6,
  "-": 6,
  "×": 7,
  "/": 7,
};

function exprPrecedence(e: A.Expr): number {
  switch (e.kind) {
    case "if":
      return 0;
    case "binary":
      return precedence[e.op];
    case "unary":
      return e.op === "not" ? 3 : 8;
    case "isMissing":
    case "inList":
    case "inPeriod":
    case "inPreviousPeriod":
      return 4;
    default:
      return 9;
  }
}

/** A function's name in the keyword language: ceil or 向上取整, whichever was written. */
function calleeIn(callee: string, language: KeywordLanguage): string {
  const f = findFunction(callee);
  if (!f?.zhName) return callee;
  return language === "zh" ? f.zhName : f.name;
}

export function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/**
 * An expression in canonical form, with only the parentheses it needs; keywords in English unless asked. (No helper
 * made per call: printed for every item of every unit when a result's formulas are written out, the closures named
 * for the build's `keepNames` took about half the time of writing them.)
 */
export function printExpr(e: A.Expr, language: KeywordLanguage = "en"): string {
  switch (e.kind) {
    case "number":
      return e.text;
    case "string":
      return quote(e.value);
    case "date":
      return e.text;
    case "bool":
      return e.text;
    case "notApplicable":
      return spell("not applicable", language);
    case "name":
      return e.name;
    case "unary":
      return e.op === "not" ? `${spell("not", language)} ${wrapped(e.operand, 3, language)}` : `-${wrapped(e.operand, 8, language)}`;
    case "isMissing":
      return `${wrapped(e.operand, 5, language)} ${spell(e.negated ? "is not missing" : "is missing", language)}`;
    case "inPeriod":
      return `${wrapped(e.operand, 5, language)} ${spell(e.negated ? "not in period" : "in period", language)}`;
    case "inPreviousPeriod":
      return `${wrapped(e.operand, 5, language)} ${spell(e.negated ? "not in previous period" : "in previous period", language)}`;
    case "inList":
      return `${wrapped(e.operand, 5, language)} ${spell(e.negated ? "not in" : "in", language)} [${e.items.map((x) => printExpr(x, language)).join(", ")}]`;
    case "if":
      return `${spell("if", language)} ${printExpr(e.test, language)} ${spell("then", language)} ${printExpr(e.whenTrue, language)} ${spell("else", language)} ${printExpr(e.whenFalse, language)}`;
    case "call":
      if (e.callee === "previous") return `${spell("previous", language)}(${e.args.map((a) => printExpr(a.value, language)).join(", ")})`;
      return `${calleeIn(e.callee, language)}(${e.args.map((a) => (a.name ? `${a.name}: ${printExpr(a.value, language)}` : printExpr(a.value, language))).join(", ")})`;
    case "binary": {
      const p = precedence[e.op];
      const comparison = p === 4;
      if (e.op === "or") {
        // `and` inside `or` always gets parentheses: readers should not need precedence rules
        const left = isAnd(e.left) ? `(${printExpr(e.left, language)})` : wrapped(e.left, 1, language);
        const right = isAnd(e.right) ? `(${printExpr(e.right, language)})` : wrapped(e.right, 2, language);
        return `${left} ${spell("or", language)} ${right}`;
      }
      const left = wrapped(e.left, comparison ? 5 : p, language);
      const right = wrapped(e.right, comparison ? 5 : p + 1, language);
      return `${left} ${e.op === "and" ? spell("and", language) : e.op} ${right}`;
    }
  }
}

/** A child expression printed, in parentheses when it binds looser than `min`. */
function wrapped(child: A.Expr, min: number, language: KeywordLanguage): string {
  const s = printExpr(child, language);
  return exprPrecedence(child) < min ? `(${s})` : s;
}

function isAnd(x: A.Expr): boolean {
  return x.kind === "binary" && x.op === "and";
}

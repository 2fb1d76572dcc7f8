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

/** An expression in canonical form, with only the parentheses it needs; keywords in English unless asked. */
export function printExpr(e: A.Expr, language: KeywordLanguage = "en"): string {
  const k = (en: string) => spell(en, language);
  const sub = (x: A.Expr) => printExpr(x, language);
  const wrap = (child: A.Expr, min: number) => {
    const s = sub(child);
    return exprPrecedence(child) < min ? `(${s})` : s;
  };
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
      return k("not applicable");
    case "name":
      return e.name;
    case "unary":
      return e.op === "not" ? `${k("not")} ${wrap(e.operand, 3)}` : `-${wrap(e.operand, 8)}`;
    case "isMissing":
      return `${wrap(e.operand, 5)} ${k(e.negated ? "is not missing" : "is missing")}`;
    case "inPeriod":
      return `${wrap(e.operand, 5)} ${k(e.negated ? "not in period" : "in period")}`;
    case "inPreviousPeriod":
      return `${wrap(e.operand, 5)} ${k(e.negated ? "not in previous period" : "in previous period")}`;
    case "inList":
      return `${wrap(e.operand, 5)} ${k(e.negated ? "not in" : "in")} [${e.items.map(sub).join(", ")}]`;
    case "if":
      return `${k("if")} ${sub(e.test)} ${k("then")} ${sub(e.whenTrue)} ${k("else")} ${sub(e.whenFalse)}`;
    case "call":
      if (e.callee === "previous") return `${k("previous")}(${e.args.map((a) => sub(a.value)).join(", ")})`;
      return `${calleeIn(e.callee, language)}(${e.args.map((a) => (a.name ? `${a.name}: ${sub(a.value)}` : sub(a.value))).join(", ")})`;
    case "binary": {
      const p = precedence[e.op];
      const comparison = p === 4;
      if (e.op === "or") {
        // `and` inside `or` always gets parentheses: readers should not need precedence rules
        const isAnd = (x: A.Expr) => x.kind === "binary" && x.op === "and";
        const left = isAnd(e.left) ? `(${sub(e.left)})` : wrap(e.left, 1);
        const right = isAnd(e.right) ? `(${sub(e.right)})` : wrap(e.right, 2);
        return `${left} ${k("or")} ${right}`;
      }
      const left = wrap(e.left, comparison ? 5 : p);
      const right = wrap(e.right, comparison ? 5 : p + 1);
      return `${left} ${e.op === "and" ? k("and") : e.op} ${right}`;
    }
  }
}

/**
 * The formatter: one canonical layout for every rubric, comments kept in
 * place (a comment travels with the statement after it, or stays at the end
 * of its line), at most one blank line kept between statements. Formatting
 * a formatted file changes nothing.
 */
import type * as A from "./ast.ts";
import { Codes, type Diagnostic, diagnostic } from "./diagnostics.ts";
import { parse } from "./parse.ts";

export type FormatResult = { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] };

const INDENT = "  ";

/** Format rubric text; a file with syntax errors is left alone and its errors returned. */
export function format(text: string): FormatResult {
  const { ast, diagnostics } = parse(text, { syntaxOnly: true });
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  // a statement written twice would lose one copy in the canonical layout: refuse rather than drop text
  const repeats = ast.repeats.map((r) =>
    diagnostic("error", Codes.Repeated, `“${r.what}” 只能写一次，这里重复了`, `'${r.what}' may be written only once`, r.range),
  );
  if (repeats.length > 0) return { ok: false, diagnostics: repeats };
  return { ok: true, text: new Printer(ast, text).print() };
}

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
      return 4;
    default:
      return 9;
  }
}

export function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** An expression in canonical form, with only the parentheses it needs. */
export function printExpr(e: A.Expr): string {
  const wrap = (child: A.Expr, min: number) => {
    const s = printExpr(child);
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
    case "name":
      return e.name;
    case "unary":
      return e.op === "not" ? `not ${wrap(e.operand, 3)}` : `-${wrap(e.operand, 8)}`;
    case "isMissing":
      return `${wrap(e.operand, 5)} is ${e.negated ? "not " : ""}missing`;
    case "inPeriod":
      return `${wrap(e.operand, 5)} ${e.negated ? "not " : ""}in period`;
    case "inList":
      return `${wrap(e.operand, 5)} ${e.negated ? "not " : ""}in [${e.items.map(printExpr).join(", ")}]`;
    case "if":
      return `if ${printExpr(e.test)} then ${printExpr(e.whenTrue)} else ${printExpr(e.whenFalse)}`;
    case "call":
      return `${e.callee}(${e.args.map((a) => (a.name ? `${a.name}: ${printExpr(a.value)}` : printExpr(a.value))).join(", ")})`;
    case "binary": {
      const p = precedence[e.op];
      const comparison = p === 4;
      if (e.op === "or") {
        // `and` inside `or` always gets parentheses: readers should not need precedence rules
        const isAnd = (x: A.Expr) => x.kind === "binary" && x.op === "and";
        const left = isAnd(e.left) ? `(${printExpr(e.left)})` : wrap(e.left, 1);
        const right = isAnd(e.right) ? `(${printExpr(e.right)})` : wrap(e.right, 2);
        return `${left} or ${right}`;
      }
      const left = wrap(e.left, comparison ? 5 : p);
      const right = wrap(e.right, comparison ? 5 : p + 1);
      return `${left} ${e.op} ${right}`;
    }
  }
}

function label(l: string | null): string {
  return l === null ? "" : ` ${quote(l)}`;
}

function num(n: number): string {
  return String(n);
}

class Printer {
  private out: string[] = [];
  private comments: A.Comment[];
  private next = 0;

  constructor(
    private readonly ast: A.Rubric,
    private readonly source: string,
  ) {
    this.comments = [...ast.comments].sort((a, b) => a.range.start.offset - b.range.start.offset);
  }

  print(): string {
    const h = this.ast.header;
    if (h) {
      this.statement(h.range, 0, `rubric ${quote(h.name)} version ${quote(h.version)}${h.example ? " example" : ""}`, false);
      if (h.document !== null) this.line(1, `document ${quote(h.document)}`);
      this.line(1, `in force from ${h.from}${h.until ? ` until ${h.until}` : ""}`);
      this.trailing(h.range);
    }
    let previous: A.Declaration | undefined;
    let inRecordBlock: "orders" | "events" | null = null;
    for (const d of this.ast.declarations) {
      const record = d.kind === "attribute" || d.kind === "field" ? d.record : null;
      if (inRecordBlock && record !== inRecordBlock) {
        this.flushBefore(this.closingBrace(previous?.range.end.offset ?? 0), 1);
        this.line(0, "}");
        inRecordBlock = null;
      }
      if (record && inRecordBlock === null) {
        this.blankIfSource(previous, d);
        this.line(0, `${record} {`);
        inRecordBlock = record;
        this.recordMember(d as A.AttributeDecl | A.FieldDecl);
      } else if (record) {
        this.recordMember(d as A.AttributeDecl | A.FieldDecl);
      } else {
        this.blankIfSource(previous, d);
        this.declaration(d);
      }
      previous = d;
    }
    if (inRecordBlock) {
      this.flushBefore(Number.MAX_SAFE_INTEGER, 1);
      this.line(0, "}");
    }
    this.flushBefore(Number.MAX_SAFE_INTEGER, 0);
    return `${this.out
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim()}\n`;
  }

  /** The offset of the `}` that closes a block after `from` (comments skipped). */
  private closingBrace(from: number): number {
    const rest = this.source.slice(from).replace(/(#|\/\/)[^\n]*/g, (m) => " ".repeat(m.length));
    const i = rest.indexOf("}");
    return i < 0 ? Number.MAX_SAFE_INTEGER : from + i;
  }

  /** Keep one blank line where the author left at least one. */
  private blankIfSource(previous: A.Node | undefined, next: A.Node): void {
    const firstComment = this.comments[this.next];
    const nextStart = firstComment && firstComment.range.start.offset < next.range.start.offset ? firstComment.range.start.offset : next.range.start.offset;
    const from = previous ? previous.range.end.offset : 0;
    const gap = this.source.slice(from, nextStart);
    if (/\n[ \t\r]*\n/.test(gap) || (!previous && this.ast.header)) this.out.push("");
  }

  private line(depth: number, text: string): void {
    this.out.push(INDENT.repeat(depth) + text);
  }

  /** Comments written before `offset` come out on their own lines first. */
  private flushBefore(offset: number, depth: number): void {
    while (this.next < this.comments.length) {
      const c = this.comments[this.next] as A.Comment;
      if (c.range.start.offset >= offset) break;
      this.line(depth, c.text.trimEnd());
      this.next++;
    }
  }

  /** A comment on the last line of a statement stays at the end of that line. */
  private trailing(range: A.Range): void {
    const c = this.comments[this.next];
    if (c && c.range.start.line === range.end.line && c.range.start.offset >= range.start.offset) {
      this.out[this.out.length - 1] += `  ${c.text.trimEnd()}`;
      this.next++;
    }
  }

  private statement(range: A.Range, depth: number, text: string, withTrailing = true): void {
    this.flushBefore(range.start.offset, depth);
    this.line(depth, text);
    if (withTrailing) this.trailing(range);
  }

  private recordMember(d: A.AttributeDecl | A.FieldDecl): void {
    if (d.kind === "attribute") this.statement(d.range, 1, `attribute ${d.name}${label(d.label)} ${d.type}`);
    else this.statement(d.range, 1, `field ${d.name}${label(d.label)} = ${printExpr(d.expr)}`);
  }

  private declaration(d: A.Declaration): void {
    switch (d.kind) {
      case "category":
        this.statement(d.range, 0, `category ${d.name}${label(d.label)}`);
        return;
      case "event":
        this.statement(d.range, 0, `event ${d.name}${label(d.label)} points ${d.points === null ? "recorded" : num(d.points)}`);
        return;
      case "fact":
        this.statement(d.range, 0, `fact ${d.name}${label(d.label)} ${d.type}${d.whenMissing ? ` when missing ${printExpr(d.whenMissing)}` : ""}`);
        return;
      case "assessedAt":
        this.statement(d.range, 0, `assessed at end of ${d.monthsAfter === 1 ? "next month" : "period"}`);
        return;
      case "population":
        this.statement(d.range, 0, `population ${d.name}${label(d.label)} = ${d.record}${d.where ? ` where ${printExpr(d.where)}` : ""}`);
        return;
      case "measure": {
        const agg = d.aggregate === "count" ? `count ${d.population}` : `${d.aggregate} ${d.population} of ${d.of ? printExpr(d.of) : ""}`;
        this.statement(d.range, 0, `measure ${d.name}${label(d.label)} = ${agg}${d.where ? ` where ${printExpr(d.where)}` : ""}`);
        return;
      }
      case "rate": {
        // a rate written without a division is an error the checker reports; print it as written
        const ratio =
          d.denominator.kind === "name" && d.denominator.name === ""
            ? printExpr(d.numerator)
            : printExpr({ kind: "binary", op: "/", left: d.numerator, right: d.denominator, range: d.range });
        const zero = d.whenZero ? printExpr(d.whenZero) : "not applicable";
        this.statement(d.range, 0, `rate ${d.name}${label(d.label)} = ${ratio}, when zero: ${zero}${d.reason !== null ? ` ${quote(d.reason)}` : ""}`);
        return;
      }
      case "value":
        this.statement(d.range, 0, `value ${d.name}${label(d.label)} = ${printExpr(d.expr)}`);
        return;
      case "assessment":
        this.assessment(d);
        return;
      case "ranking":
        this.ranking(d);
        return;
      default:
        return;
    }
  }

  private assessment(a: A.AssessmentDecl): void {
    this.statement(a.range, 0, `${a.schedule} ${a.name}${label(a.label)} {`, false);
    type Member = { range: A.Range; print: () => void };
    const members: Member[] = [];
    if (a.window) {
      const w = a.window;
      const text =
        w.window === "month"
          ? `window month${w.startDay !== 1 ? ` from day ${w.startDay}` : ""}`
          : w.window === "quarter"
            ? "window quarter"
            : w.window === "yearToDate"
              ? "window year to date"
              : "window year";
      members.push({ range: w.range, print: () => this.statement(w.range, 1, text) });
    }
    for (const p of a.parts) members.push({ range: p.range, print: () => (p.kind === "section" ? this.section(p) : this.item(p, 1)) });
    if (a.rescaleTo !== null && a.rescaleRange) {
      const r = a.rescaleTo;
      const range = a.rescaleRange;
      members.push({ range, print: () => this.statement(range, 1, `rescale to ${num(r)}`) });
    }
    if (a.total) {
      const t = a.total;
      members.push({ range: t.range, print: () => this.statement(t.range, 1, `total = ${printExpr(t)}`) });
    }
    for (const b of a.bands)
      members.push({
        range: b.range,
        print: () => this.statement(b.range, 1, `band ${b.name} ${b.atLeast ? `at least ${printExpr(b.atLeast)}` : "otherwise"}`),
      });
    for (const v of a.vetoes)
      members.push({
        range: v.range,
        print: () => this.statement(v.range, 1, `veto ${quote(v.label)} if ${printExpr(v.condition)}${v.band ? ` then band ${v.band}` : ""}`),
      });
    for (const s of a.sanctions)
      members.push({ range: s.range, print: () => this.statement(s.range, 1, `sanction ${s.name}${label(s.label)} if ${printExpr(s.condition)}`) });
    members.sort((x, y) => x.range.start.offset - y.range.start.offset);
    let prev: A.Range | null = a.window?.range ?? null;
    for (const m of members) {
      if (prev && m.range !== prev && this.hasBlankLine(prev.end.offset, m.range.start.offset)) this.out.push("");
      m.print();
      prev = m.range;
    }
    this.flushBefore(a.range.end.offset, 1);
    this.line(0, "}");
    this.trailing({ start: a.range.end, end: a.range.end });
  }

  private hasBlankLine(from: number, to: number): boolean {
    return /\n[ \t\r]*\n/.test(this.source.slice(from, to).replace(/[ \t]*(#|\/\/)[^\n]*\n/g, ""));
  }

  private categories(cats: string[]): string {
    return cats.length ? ` for ${cats.join(", ")}` : "";
  }

  private section(s: A.SectionDecl): void {
    const head = `section ${s.code}${label(s.label)}${s.points !== null ? ` ${num(s.points)} points` : ""}${s.cap !== null ? ` up to ${num(s.cap)}` : ""}${this.categories(s.categories)} {`;
    this.statement(s.range, 1, head, false);
    for (const item of s.items) this.item(item, 2);
    this.flushBefore(s.range.end.offset, 2);
    this.line(1, "}");
  }

  private item(item: A.ItemDecl, depth: number): void {
    const size = item.bonus ? `up to ${num(item.points)}` : `${num(item.points)} points`;
    const head = `${item.bonus ? "bonus" : "item"} ${item.code}${label(item.label)} ${size}${this.categories(item.categories)}`;
    if (item.formula) {
      this.statement(item.range, depth, `${head} = ${printExpr(item.formula)}${item.atLeast ? ` at least ${printExpr(item.atLeast)}` : ""}`);
      return;
    }
    this.statement(item.range, depth, `${head} {`, false);
    const inner = depth + 1;
    const stmts: { range: A.Range; text: string }[] = [];
    if (item.base) stmts.push({ range: item.base.range, text: `base ${printExpr(item.base)}` });
    if (item.weight) stmts.push({ range: item.weight.range, text: `weight ${printExpr(item.weight)}` });
    if (item.atLeast) stmts.push({ range: item.atLeast.range, text: `at least ${printExpr(item.atLeast)}` });
    for (const adj of item.adjustments) {
      const amount = adj.recorded ? " recorded" : adj.amount ? ` ${printExpr(adj.amount)}` : "";
      const target = adj.per ? ` per ${adj.per.name}` : ` if ${adj.condition ? printExpr(adj.condition) : ""}`;
      stmts.push({ range: adj.range, text: `${adj.direction}${amount}${target}${adj.continuing ? " continuing" : ""}` });
    }
    stmts.sort((a, b) => a.range.start.offset - b.range.start.offset);
    for (const s of stmts) this.statement(s.range, inner, s.text);
    this.flushBefore(item.range.end.offset, inner);
    this.line(depth, "}");
  }

  private ranking(r: A.RankingDecl): void {
    this.statement(r.range, 0, "ranking {", false);
    const text: Record<string, string> = {
      monthly: `monthly ${r.monthly}`,
      yearly: `yearly ${r.yearly}`,
      within:
        r.within === "groups"
          ? [
              "within groups {",
              ...r.groups.map((g) => `${INDENT.repeat(2)}${g.name}${label(g.label)} ${g.condition ? `if ${printExpr(g.condition)}` : "otherwise"}`),
              `${INDENT}}`,
            ].join("\n")
          : `within ${r.within}`,
      volume: `volume ${r.volume}`,
      order: `order by ${r.orderBy.map((k) => `${k.key} ${k.descending ? "desc" : "asc"}`).join(", ")}`,
      ties: r.ties === "share" ? "ties shared" : "ties by unit code",
      round: `round ${r.decimals} decimals`,
      minimum: `minimum volume ${r.minimumVolume}`,
    };
    const lines = r.statementOrder.map((k) => text[k] as string);
    // comments inside the block stay before the statement they preceded (by position among statements)
    const starts = r.statementRanges.map((s) => s.start.offset);
    lines.forEach((text, i) => {
      const at = starts[i];
      if (at !== undefined) this.flushBefore(at, 1);
      this.line(1, text);
    });
    this.flushBefore(r.range.end.offset, 1);
    this.line(0, "}");
  }
}

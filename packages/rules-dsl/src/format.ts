/**
 * The formatter: one canonical layout for every rubric, comments kept in
 * place (a comment travels with the statement after it, or stays at the end
 * of its line), at most one blank line kept between statements. A comment
 * never moves to another statement: a blank line after a block of comments
 * is kept, a comment at the end of a block stays there, a comment after a
 * `{` stays on that line, a comment inside a statement written over several
 * lines stays with that statement. Formatting a formatted file changes nothing.
 */
import type * as A from "./ast.ts";
import { repeatedStatement } from "./checks/file.ts";
import { unknownRankingWord } from "./checks/ranking.ts";
import { type Diagnostic, diagnostic } from "./diagnostics.ts";
import { keywordLanguageOf } from "./lexer.ts";
import { keywordsInChinese, parse } from "./parse.ts";
import { printExpr, quote } from "./print-expr.ts";
import { DayOfNextMonthWording, type KeywordLanguage, RoundWord, spell } from "./tokens.ts";

export type FormatResult = { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] };

export interface FormatOptions {
  /**
   * The language to write every keyword in. Without it, the language most of
   * the file's keywords are written in (English when equal): a mixed file comes
   * out in one language, and formatting twice changes nothing.
   */
  keywords?: KeywordLanguage;
}

const INDENT = "  ";

/** Format rubric text; a file with syntax errors is left alone and its errors returned. */
export function format(text: string, options: FormatOptions = {}): FormatResult {
  const { ast, diagnostics } = parse(text, { syntaxOnly: true });
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  // a statement written twice would lose one copy in the canonical layout: refuse rather than drop text
  const repeats = ast.repeats.map((r) => diagnostic(...repeatedStatement(r)));
  // a word the ranking does not read (`承办量不足 10 件以下`) would be dropped by the canonical layout: refuse too
  const unknown = ast.declarations.flatMap((d) => (d.kind === "ranking" ? d.unknownWords.map((w) => diagnostic(...unknownRankingWord(w))) : []));
  const refused = [...repeats, ...unknown];
  if (refused.length > 0) {
    if (keywordLanguageOf(text) === "zh") for (const d of refused) d.message = keywordsInChinese(d.message);
    return { ok: false, diagnostics: refused };
  }
  return { ok: true, text: new Printer(ast, text, options.keywords ?? keywordLanguageOf(text)).print() };
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
  /** the source with every comment blanked out, to find braces */
  private readonly code: string;

  constructor(
    private readonly ast: A.Rubric,
    private readonly source: string,
    private readonly language: KeywordLanguage,
  ) {
    this.comments = [...ast.comments].sort((a, b) => a.range.start.offset - b.range.start.offset);
    let code = source;
    for (const c of this.comments) {
      const len = c.range.end.offset + 1 - c.range.start.offset;
      code = code.slice(0, c.range.start.offset) + " ".repeat(Math.max(0, len)) + code.slice(c.range.start.offset + Math.max(0, len));
    }
    this.code = code;
  }

  /** A keyword or keyword phrase, in the file's language. */
  private k(en: string): string {
    return spell(en, this.language);
  }

  /** An expression, its keywords in the file's language. */
  private x(e: A.Expr): string {
    return printExpr(e, this.language);
  }

  print(): string {
    const h = this.ast.header;
    if (h) {
      this.statement(
        h.range,
        0,
        `${this.k("rubric")} ${quote(h.name)} ${this.k("version")} ${quote(h.version)}${h.example ? ` ${this.k("example")}` : ""}`,
        false,
      );
      if (h.document !== null) this.line(1, `${this.k("document")} ${quote(h.document)}`);
      this.line(1, `${this.k("in force from")} ${h.from}${h.until ? ` ${this.k("until")} ${h.until}` : ""}`);
      this.trailing(h.range);
    }
    let previous: A.Declaration | undefined;
    let inRecordBlock: "orders" | "events" | null = null;
    for (const d of this.ast.declarations) {
      const record = d.kind === "attribute" || d.kind === "field" ? d.record : null;
      if (inRecordBlock && record !== inRecordBlock) {
        this.flushBefore(this.closingBrace(previous?.range.end.offset ?? 0), 1, false);
        this.line(0, "}");
        inRecordBlock = null;
      }
      if (record && inRecordBlock === null) {
        this.blankIfSource(previous, d);
        this.line(0, `${this.k(record)} {`);
        this.braceComment(d.range.start.offset);
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
      this.flushBefore(this.closingBrace(previous?.range.end.offset ?? 0), 1, false);
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

  /**
   * Comments written before `offset` come out on their own lines first, with the blank lines written
   * between them and after them (so a comment followed by a blank line does not join the statement
   * after it); before a closing `}` (`blankAfter` false) no blank line.
   */
  private flushBefore(offset: number, depth: number, blankAfter = true): void {
    let last: A.Comment | null = null;
    while (this.next < this.comments.length) {
      const c = this.comments[this.next] as A.Comment;
      if (c.range.start.offset >= offset) break;
      if (last && this.blankBetween(last.range.start.offset, c.range.start.offset)) this.out.push("");
      this.line(depth, c.text.trimEnd());
      this.next++;
      last = c;
    }
    if (last && blankAfter && offset < this.source.length && this.blankBetween(last.range.start.offset, offset)) this.out.push("");
  }

  /** Whether the source has an empty line between these offsets. */
  private blankBetween(from: number, to: number): boolean {
    return /\n[ \t\r]*\n/.test(this.source.slice(from, to));
  }

  /** Comments inside a statement written over several lines, or on its last line, stay at the end of that statement. */
  private trailing(range: A.Range): void {
    for (;;) {
      const c = this.comments[this.next];
      if (!c || c.range.start.offset < range.start.offset) return;
      if (c.range.start.offset >= range.end.offset && c.range.start.line !== range.end.line) return;
      this.out[this.out.length - 1] += `  ${c.text.trimEnd()}`;
      this.next++;
    }
  }

  /** A comment after a block's `{`, on that line, stays there (the opener was just printed). */
  private braceComment(firstInside: number): void {
    const c = this.comments[this.next];
    if (!c || c.range.start.offset >= firstInside) return;
    const brace = this.code.lastIndexOf("{", c.range.start.offset);
    if (brace < 0 || this.source.slice(brace, c.range.start.offset).includes("\n")) return;
    this.out[this.out.length - 1] += `  ${c.text.trimEnd()}`;
    this.next++;
  }

  private statement(range: A.Range, depth: number, text: string, withTrailing = true): void {
    this.flushBefore(range.start.offset, depth);
    this.line(depth, text);
    if (withTrailing) this.trailing(range);
  }

  private recordMember(d: A.AttributeDecl | A.FieldDecl): void {
    if (d.kind === "attribute") this.statement(d.range, 1, `${this.k("attribute")} ${d.name}${label(d.label)} ${this.k(d.type)}`);
    else this.statement(d.range, 1, `${this.k("field")} ${d.name}${label(d.label)} = ${this.x(d.expr)}`);
  }

  private declaration(d: A.Declaration): void {
    switch (d.kind) {
      case "category":
        this.statement(d.range, 0, `${this.k("category")} ${d.name}${label(d.label)}`);
        return;
      case "sources":
        this.statement(d.range, 0, `${this.k("sources")} ${d.values.map((v) => quote(v.value)).join(", ")}`);
        return;
      case "event":
        this.statement(
          d.range,
          0,
          `${this.k("event")} ${d.name}${label(d.label)} ${this.k("points")} ${d.points === null ? this.k("recorded") : num(d.points)}`,
        );
        return;
      case "fact":
        this.statement(
          d.range,
          0,
          `${this.k("fact")} ${d.name}${label(d.label)} ${this.k(d.type)}${d.monthly ? ` ${this.k("monthly")}` : ""}${d.whenMissing ? ` ${this.k("when missing")} ${this.x(d.whenMissing)}` : ""}`,
        );
        return;
      case "assessedAt":
        this.statement(
          d.range,
          0,
          d.day !== null
            ? (this.language === "zh" ? DayOfNextMonthWording.zh : DayOfNextMonthWording.en).replace("N", String(d.day))
            : this.k(`assessed at end of ${d.monthsAfter === 1 ? "next month" : "period"}`),
        );
        return;
      case "population":
        this.statement(
          d.range,
          0,
          `${this.k("population")} ${d.name}${label(d.label)} = ${this.k(d.record)}${d.where ? ` ${this.k("where")} ${this.x(d.where)}` : ""}`,
        );
        return;
      case "measure": {
        const agg =
          d.aggregate === "count" ? `${this.k("count")} ${d.population}` : `${this.k(d.aggregate)} ${d.population} ${this.k("of")} ${d.of ? this.x(d.of) : ""}`;
        this.statement(d.range, 0, `${this.k("measure")} ${d.name}${label(d.label)} = ${agg}${d.where ? ` ${this.k("where")} ${this.x(d.where)}` : ""}`);
        return;
      }
      case "rate": {
        // a rate written without a division is an error the checker reports; print it as written
        const ratio =
          d.denominator.kind === "name" && d.denominator.name === ""
            ? this.x(d.numerator)
            : this.x({ kind: "binary", op: "/", left: d.numerator, right: d.denominator, range: d.range });
        const zero = d.whenZero ? this.x(d.whenZero) : this.k("not applicable");
        this.statement(
          d.range,
          0,
          `${this.k("rate")} ${d.name}${label(d.label)} = ${ratio}, ${this.k("when zero")}: ${zero}${d.reason !== null ? ` ${quote(d.reason)}` : ""}`,
        );
        return;
      }
      case "value":
        this.statement(d.range, 0, `${this.k("value")} ${d.name}${label(d.label)} = ${this.x(d.expr)}`);
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
    this.statement(a.range, 0, `${this.k(a.schedule)} ${a.name}${label(a.label)} {`, false);
    this.braceComment(firstStart([a.window, ...a.parts, a.total, ...a.bands, ...a.vetoes, ...a.reports, ...a.sanctions], a.range.end.offset));
    type Member = { range: A.Range; print: () => void };
    const members: Member[] = [];
    if (a.window) {
      const w = a.window;
      const text = `${this.k("window")} ${windowText(w, (en) => this.k(en))}`;
      members.push({ range: w.range, print: () => this.statement(w.range, 1, text) });
    }
    for (const p of a.parts) members.push({ range: p.range, print: () => (p.kind === "section" ? this.section(p) : this.item(p, 1)) });
    if (a.rescaleTo !== null && a.rescaleRange) {
      const r = a.rescaleTo;
      const range = a.rescaleRange;
      members.push({ range, print: () => this.statement(range, 1, `${this.k("rescale to")} ${this.x(r)}`) });
    }
    if (a.total) {
      const t = a.total;
      members.push({ range: t.range, print: () => this.statement(t.range, 1, `${this.k("total")} = ${this.x(t)}`) });
    }
    for (const b of a.bands)
      members.push({
        range: b.range,
        print: () =>
          this.statement(
            b.range,
            1,
            `${this.k("band")} ${b.name} ${b.atLeast ? `${this.k("at least")} ${this.x(b.atLeast)}` : b.condition ? `${this.k("if")} ${this.x(b.condition)}` : this.k("otherwise")}`,
          ),
      });
    for (const v of a.vetoes)
      members.push({
        range: v.range,
        print: () => this.statement(v.range, 1, `${this.k("veto")} ${quote(v.label)} ${this.k("if")} ${this.x(v.condition)}${this.vetoOutcome(v)}`),
      });
    for (const r of a.reports)
      members.push({
        range: r.range,
        print: () => this.statement(r.range, 1, `${this.k("report")} ${r.name}${label(r.label)}${r.expr ? ` = ${this.x(r.expr)}` : ""}`),
      });
    for (const s of a.sanctions)
      members.push({
        range: s.range,
        print: () => this.statement(s.range, 1, `${this.k("sanction")} ${s.name}${label(s.label)} ${this.k("if")} ${this.x(s.condition)}`),
      });
    members.sort((x, y) => x.range.start.offset - y.range.start.offset);
    let prev: A.Range | null = a.window?.range ?? null;
    for (const m of members) {
      // a blank line before the comments that precede the member; one after them, flushBefore keeps
      const firstComment = this.comments[this.next];
      const to = firstComment && firstComment.range.start.offset < m.range.start.offset ? firstComment.range.start.offset : m.range.start.offset;
      if (prev && m.range !== prev && this.hasBlankLine(prev.end.offset, to)) this.out.push("");
      m.print();
      prev = m.range;
    }
    const closing = this.comments[this.next];
    if (prev && closing && closing.range.start.offset < a.range.end.offset && this.hasBlankLine(prev.end.offset, closing.range.start.offset)) this.out.push("");
    this.flushBefore(a.range.end.offset, 1, false);
    this.line(0, "}");
    this.trailing({ start: a.range.end, end: a.range.end });
  }

  /** ` then band 不合格`, ` then last`, ` then zero`, several joined by and, or nothing (the last band). */
  private vetoOutcome(v: A.VetoDecl): string {
    const outcomes = [...(v.band ? [`${this.k("band")} ${v.band}`] : []), ...(v.zero ? [this.k("zero")] : []), ...(v.last ? [this.k("last")] : [])];
    return outcomes.length > 0 ? ` ${this.k("then")} ${outcomes.join(` ${this.k("and")} `)}` : "";
  }

  private hasBlankLine(from: number, to: number): boolean {
    return /\n[ \t\r]*\n/.test(this.source.slice(from, to).replace(/[ \t]*(#|\/\/)[^\n]*\n/g, ""));
  }

  private categories(cats: string[]): string {
    return cats.length ? ` ${this.k("for")} ${cats.join(", ")}` : "";
  }

  private section(s: A.SectionDecl): void {
    const points = s.points !== null ? ` ${num(s.points)} ${this.k("points")}` : "";
    const cap = s.cap !== null ? ` ${this.k("up to")} ${num(s.cap)}` : "";
    const head = `${this.k("section")} ${s.code}${label(s.label)}${points}${cap}${this.categories(s.categories)} {`;
    this.statement(s.range, 1, head, false);
    this.braceComment(firstStart(s.items, s.range.end.offset));
    for (const item of s.items) this.item(item, 2);
    this.flushBefore(s.range.end.offset, 2, false);
    this.line(1, "}");
  }

  private item(item: A.ItemDecl, depth: number): void {
    const size = item.bonus ? `${this.k("up to")} ${num(item.points)}` : `${num(item.points)} ${this.k("points")}`;
    const head = `${this.k(item.bonus ? "bonus" : "item")} ${item.code}${label(item.label)} ${size}${this.categories(item.categories)}`;
    if (item.formula) {
      this.statement(item.range, depth, `${head} = ${this.x(item.formula)}${item.atLeast ? ` ${this.k("at least")} ${this.x(item.atLeast)}` : ""}`);
      return;
    }
    this.statement(item.range, depth, `${head} {`, false);
    const inner = depth + 1;
    const stmts: { range: A.Range; text: string }[] = [];
    if (item.base) stmts.push({ range: item.base.range, text: `${this.k("base")} ${this.x(item.base)}` });
    if (item.weight) stmts.push({ range: item.weight.range, text: `${this.k("weight")} ${this.x(item.weight)}` });
    if (item.atLeast) stmts.push({ range: item.atLeast.range, text: `${this.k("at least")} ${this.x(item.atLeast)}` });
    for (const adj of item.adjustments) {
      // Chinese says the unit after an amount: `扣 5 分 每 行政不作为`
      const unit = this.language === "zh" ? ` ${this.k("points")}` : "";
      const amount = adj.recorded ? ` ${this.k("recorded")}` : adj.amount ? ` ${this.x(adj.amount)}${unit}` : "";
      // neither `per` nor `if`: the amount itself
      const target = adj.per ? ` ${this.k("per")} ${adj.per.name}` : adj.condition ? ` ${this.k("if")} ${this.x(adj.condition)}` : "";
      stmts.push({ range: adj.range, text: `${this.k(adj.direction)}${amount}${target}${adj.continuing ? ` ${this.k("continuing")}` : ""}` });
    }
    stmts.sort((a, b) => a.range.start.offset - b.range.start.offset);
    this.braceComment(stmts[0]?.range.start.offset ?? item.range.end.offset);
    for (const s of stmts) this.statement(s.range, inner, s.text);
    this.flushBefore(item.range.end.offset, inner, false);
    this.line(depth, "}");
  }

  /** `within category`, `within groups { … }`, with `for yearly` (`forYearly`) after the kind */
  private within(within: A.RankingDecl["within"], groups: A.GroupDecl[], forYearly: string): string {
    if (within !== "groups") return `${this.k(`within ${within}`)}${forYearly}`;
    return [
      `${this.k("within groups")}${forYearly} {`,
      ...groups.map((g) => `${INDENT.repeat(2)}${g.name}${label(g.label)} ${g.condition ? `${this.k("if")} ${this.x(g.condition)}` : this.k("otherwise")}`),
      `${INDENT}}`,
    ].join("\n");
  }

  private ranking(r: A.RankingDecl): void {
    this.statement(r.range, 0, `${this.k("ranking")} {`, false);
    this.braceComment(r.statementRanges[0]?.start.offset ?? r.range.end.offset);
    const text: Record<string, string> = {
      monthly: `${this.k("monthly")} ${r.monthly}`,
      yearly: `${this.k("yearly")} ${r.yearly}`,
      within: this.within(r.within, r.groups, ""),
      withinYearly: r.yearlyWithin ? this.within(r.yearlyWithin.within, r.yearlyWithin.groups, ` ${this.k("for")} ${this.k("yearly")}`) : "",
      volume: `${this.k("volume")} ${r.volume}`,
      order: `${this.k("order by")} ${r.orderBy.map((o) => `${o.key === "score" || o.key === "volume" ? this.k(o.key) : o.key} ${this.k(o.descending ? "desc" : "asc")}`).join(", ")}`,
      ties: this.k(r.ties === "share" ? "ties shared" : "ties by unit code"),
      round: `${this.language === "zh" ? RoundWord.zh : RoundWord.en} ${r.decimals} ${this.k("decimals")}`,
      minimum: `${this.k("minimum volume")} ${r.minimumVolume}`,
    };
    // repeated statements ("monthly:3", "minimum:5"): the second and later ranked assessments, the minimums per category
    const also = [...r.alsoRanked];
    const minimums = [...r.minimumVolumes];
    const lines = r.statementOrder.map((k) => {
      const kind = k.split(":")[0] as string;
      if (kind === "monthly" || kind === "yearly") {
        if (!k.includes(":")) return text[kind] as string;
        const x = also.shift();
        return x ? `${this.k(x.schedule)} ${x.name}` : "";
      }
      if (kind === "minimum") {
        const m = minimums.shift();
        return m?.for.length
          ? `${this.k("minimum volume")} ${m.volume} ${this.k("for")} ${m.for.join(", ")}`
          : `${this.k("minimum volume")} ${m?.volume ?? r.minimumVolume}`;
      }
      return text[kind] as string;
    });
    // comments inside the block stay before the statement they preceded (by position among statements)
    const starts = r.statementRanges.map((s) => s.start.offset);
    lines.forEach((text, i) => {
      const at = starts[i];
      if (at !== undefined) this.flushBefore(at, 1);
      this.line(1, text);
    });
    this.flushBefore(r.range.end.offset, 1, false);
    this.line(0, "}");
  }
}

/** Where the first of these statements begins (or `otherwise`, for an empty block). */
function firstStart(nodes: ({ range: A.Range } | null | undefined)[], otherwise: number): number {
  let first = otherwise;
  for (const n of nodes) if (n && n.range.start.offset < first) first = n.range.start.offset;
  return first;
}

/** A window as written: `month from day 26 at 12:00`, `half year`, `from 11-15 to 03-15` … (`k` spells its keywords) */
function windowText(w: A.WindowDecl, k: (en: string) => string = (en) => en): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const day = (d: A.WindowDate) => `${d.year === null ? "" : `${d.year}-`}${two(d.month)}-${two(d.day)}`;
  switch (w.window) {
    case "month": {
      const time = w.startMinute ? ` ${k("at")} ${Math.floor(w.startMinute / 60)}:${two(w.startMinute % 60)}` : "";
      return `${k("month")}${w.startDay !== 1 ? ` ${k("from day")} ${w.startDay}` : ""}${time}`;
    }
    case "quarter":
      return k("quarter");
    case "halfYear":
      return k("half year");
    case "yearToDate":
      return k("year to date");
    case "year":
      return k("year");
    case "range":
      return w.span ? `${k("from")} ${day(w.span.from)} ${k("to")} ${day(w.span.to)}` : k("year");
  }
}

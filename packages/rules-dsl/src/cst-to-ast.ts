/**
 * Turns the concrete syntax tree into the typed AST. After error recovery a
 * CST node may lack children, so every accessor here tolerates absence and
 * the result is the best AST the text allows (used by the editor even while
 * the file is broken).
 */
import type { CstNode, CstNodeLocation, IToken } from "chevrotain";
import type * as A from "./ast.ts";
import type * as C from "./cst.ts";
import { canonicalCall } from "./functions/index.ts";
import { rubricParser } from "./parser.ts";
import { englishOf, MinimumVolumeWording, RoundWord } from "./tokens.ts";

const BaseVisitor = rubricParser.getBaseCstVisitorConstructorWithDefaults();

/** The one place Chevrotain's 1-based, end-inclusive positions become ours. */
export function rangeOfLocation(loc: {
  startOffset: number;
  startLine?: number;
  startColumn?: number;
  endOffset?: number;
  endLine?: number;
  endColumn?: number;
}): A.Range {
  const startLine = loc.startLine ?? 1;
  const startColumn = loc.startColumn ?? 1;
  const endOffset = Number.isFinite(loc.endOffset) ? (loc.endOffset as number) : loc.startOffset;
  return {
    start: { line: startLine, column: startColumn, offset: loc.startOffset },
    end: {
      line: Number.isFinite(loc.endLine) ? (loc.endLine as number) : startLine,
      column: (Number.isFinite(loc.endColumn) ? (loc.endColumn as number) : startColumn) + 1,
      offset: endOffset + 1,
    },
  };
}

export function rangeOfToken(t: IToken): A.Range {
  return rangeOfLocation(t);
}

const emptyRange: A.Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

function rangeOfNode(node: CstNode | undefined): A.Range {
  const loc = node?.location as CstNodeLocation | undefined;
  if (!loc || Number.isNaN(loc.startOffset)) return emptyRange;
  return rangeOfLocation(loc);
}

function first<T>(xs: T[] | undefined): T | undefined {
  return xs?.[0];
}

/** The text of a string literal: quotes removed, escapes resolved. */
function unquote(image: string): string {
  // “…”: no escapes inside
  if (image.startsWith("\u201C")) return image.slice(1, image.endsWith("\u201D") && image.length > 1 ? -1 : undefined);
  const body = image.startsWith('"') ? image.slice(1, image.endsWith('"') && image.length > 1 ? -1 : undefined) : image;
  return body.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}

/** A ranking statement as written (in English keywords: a Chinese file's message reads them in Chinese), by its kind. */
const rankingStatementWritten: Record<string, string> = {
  within: "within …",
  withinYearly: "within … for yearly",
  order: "order by",
  ties: "ties …",
  round: "round N decimals",
  minimum: "minimum volume",
};

function labelOf(tokens: IToken[] | undefined): string | null {
  const t = first(tokens);
  return t ? unquote(t.image) : null;
}

function nameOf(tokens: IToken[] | undefined): { name: string; nameRange: A.Range } {
  const t = first(tokens);
  return t && !t.isInsertedInRecovery ? { name: t.image, nameRange: rangeOfToken(t) } : { name: "", nameRange: emptyRange };
}

/** `2018-11-15` or `11-15` (every year) */
function windowDate(ctx: C.WindowDateCstChildren): A.WindowDate {
  const date = first(ctx.date);
  if (date) {
    const [y, m, d] = date.image.split("-").map(Number);
    // a month without its day (`2018-11`) is not a day: the checker says so
    return { year: y ?? 0, month: m ?? 0, day: d ?? Number.NaN };
  }
  return { year: null, month: numberOf(ctx.month), day: numberOf(ctx.day) };
}

function numberOf(tokens: IToken[] | undefined): number {
  const t = first(tokens);
  return t ? Number.parseFloat(t.image) : Number.NaN;
}

const opOf: Record<string, A.BinaryOp> = {
  Plus: "+",
  Minus: "-",
  Times: "×",
  Divide: "/",
  Equals: "=",
  NotEq: "!=",
  Less: "<",
  LessEq: "<=",
  Greater: ">",
  GreaterEq: ">=",
};

const missingExpr = (range: A.Range): A.NameRef => ({ kind: "name", name: "", range });

class AstBuilder extends BaseVisitor {
  constructor() {
    super();
    this.validateVisitor();
  }

  /** Chevrotain's visit() does not hand the node itself to the rule method; ranges need it. */
  private visitNode(node: CstNode): unknown {
    const method = (this as unknown as Record<string, (ctx: unknown, node: CstNode) => unknown>)[node.name];
    return method?.call(this, node.children, node);
  }

  private repeats: { what: string; range: A.Range }[] = [];

  /** Note the second and later occurrences of a statement allowed once. */
  private once(what: string, nodes: CstNode[] | undefined): void {
    for (const n of (nodes ?? []).slice(1)) this.repeats.push({ what, range: rangeOfNode(n) });
  }

  rubric(ctx: C.RubricCstChildren, node?: CstNode): A.Rubric {
    this.repeats = [];
    const header = first(ctx.header);
    const declarations = (ctx.declaration ?? []).flatMap((d) => this.declaration(d.children));
    for (const extra of declarations.filter((d) => d.kind === "assessedAt").slice(1)) this.repeats.push({ what: "assessed at …", range: extra.range });
    for (const extra of declarations.filter((d) => d.kind === "sources").slice(1)) this.repeats.push({ what: "sources", range: extra.range });
    return {
      kind: "rubric",
      header: header ? this.header(header.children, header) : null,
      declarations,
      comments: [],
      repeats: this.repeats,
      range: rangeOfNode(node),
    };
  }

  header(ctx: C.HeaderCstChildren, node: CstNode): A.Header {
    return {
      kind: "header",
      name: labelOf(ctx.name) ?? "",
      version: first(ctx.version) ? unquote(first(ctx.version)?.image ?? "") : "",
      document: labelOf(ctx.document),
      from: first(ctx.from)?.image ?? "",
      until: first(ctx.until)?.image ?? null,
      fromRange: ctx.from?.[0] ? rangeOfToken(ctx.from[0]) : rangeOfNode(node),
      untilRange: ctx.until?.[0] ? rangeOfToken(ctx.until[0]) : null,
      example: Boolean(ctx.Example),
      range: rangeOfNode(node),
    };
  }

  declaration(ctx: C.DeclarationCstChildren): A.Declaration[] {
    const [key, nodes] = Object.entries(ctx).find(([k]) => k !== "Semicolon") ?? [];
    const n = (nodes as CstNode[] | undefined)?.[0];
    if (!key || !n) return [];
    const result = this.visitNode(n) as A.Declaration | A.Declaration[] | undefined;
    if (!result) return [];
    return Array.isArray(result) ? result : [result];
  }

  categoryDecl(ctx: C.CategoryDeclCstChildren, node: CstNode): A.CategoryDecl {
    return { kind: "category", ...nameOf(ctx.name), label: labelOf(ctx.label), range: rangeOfNode(node) };
  }

  sourcesDecl(ctx: C.SourcesDeclCstChildren, node: CstNode): A.SourcesDecl {
    const values = (ctx.values ?? []).filter((t) => !t.isInsertedInRecovery).map((t) => ({ value: unquote(t.image), range: rangeOfToken(t) }));
    return { kind: "sources", values, range: rangeOfNode(node) };
  }

  eventDecl(ctx: C.EventDeclCstChildren, node: CstNode): A.EventDecl {
    return {
      kind: "event",
      ...nameOf(ctx.name),
      label: labelOf(ctx.label),
      points: ctx.Recorded ? null : numberOf(ctx.points),
      range: rangeOfNode(node),
    };
  }

  factDecl(ctx: C.FactDeclCstChildren, node: CstNode): A.FactDecl {
    return {
      kind: "fact",
      ...nameOf(ctx.name),
      label: labelOf(ctx.label),
      type: englishOf(first(ctx.type)) === "number" ? "number" : "yesno",
      monthly: ctx.monthly !== undefined,
      whenMissing: this.optExpr(ctx.whenMissing),
      range: rangeOfNode(node),
    };
  }

  recordBlock(ctx: C.RecordBlockCstChildren): A.Declaration[] {
    const record = englishOf(first(ctx.record)) === "events" ? "events" : "orders";
    const decls: (A.AttributeDecl | A.FieldDecl)[] = [];
    for (const a of ctx.attributeDecl ?? []) decls.push({ ...this.attributeDecl(a.children, a), record });
    for (const f of ctx.fieldDecl ?? []) decls.push({ ...this.fieldDecl(f.children, f), record });
    return decls.sort((x, y) => x.range.start.offset - y.range.start.offset);
  }

  attributeDecl(ctx: C.AttributeDeclCstChildren, node: CstNode): A.AttributeDecl {
    return {
      kind: "attribute",
      record: "orders",
      ...nameOf(ctx.name),
      label: labelOf(ctx.label),
      type: (englishOf(first(ctx.type)) ?? "text") as A.AttributeType,
      range: rangeOfNode(node),
    };
  }

  fieldDecl(ctx: C.FieldDeclCstChildren, node: CstNode): A.FieldDecl {
    return {
      kind: "field",
      record: "orders",
      ...nameOf(ctx.name),
      label: labelOf(ctx.label),
      expr: this.expr(ctx.expression, node),
      range: rangeOfNode(node),
    };
  }

  assessedAt(ctx: C.AssessedAtCstChildren, node: CstNode): A.AssessedAt {
    const day = first(ctx.day);
    return {
      kind: "assessedAt",
      monthsAfter: ctx.Next ? 1 : 0,
      day: day ? numberOf(ctx.day) : null,
      // (a day the parser put in for one not written has no place)
      dayRange: day && Number.isFinite(day.startOffset) ? rangeOfToken(day) : null,
      range: rangeOfNode(node),
    };
  }

  populationDecl(ctx: C.PopulationDeclCstChildren, node: CstNode): A.PopulationDecl {
    return {
      kind: "population",
      ...nameOf(ctx.name),
      label: labelOf(ctx.label),
      record: englishOf(first(ctx.record)) === "events" ? "events" : "orders",
      where: this.optExpr(ctx.where),
      range: rangeOfNode(node),
    };
  }

  measureDecl(ctx: C.MeasureDeclCstChildren, node: CstNode): A.MeasureDecl {
    const pop = first(ctx.population);
    return {
      kind: "measure",
      ...nameOf(ctx.name),
      label: labelOf(ctx.label),
      aggregate: (englishOf(first(ctx.aggregate)) ?? "count") as A.Aggregate,
      population: pop?.image ?? "",
      populationRange: pop ? rangeOfToken(pop) : emptyRange,
      of: this.optExpr(ctx.of),
      where: this.optExpr(ctx.where),
      range: rangeOfNode(node),
    };
  }

  rateDecl(ctx: C.RateDeclCstChildren, node: CstNode): A.RateDecl {
    const ratio = this.expr(ctx.ratio, node);
    const isDivision = ratio.kind === "binary" && ratio.op === "/";
    const whenZeroNode = first(ctx.whenZero);
    const whenZero = this.expr(ctx.whenZero, node);
    return {
      kind: "rate",
      ...nameOf(ctx.name),
      label: labelOf(ctx.label),
      numerator: isDivision ? ratio.left : ratio,
      denominator: isDivision ? ratio.right : missingExpr(ratio.range),
      // `when zero: not applicable`: the rate has no value (null), as ever
      whenZero: whenZero.kind === "notApplicable" ? null : whenZero,
      whenZeroRange: whenZeroNode ? rangeOfNode(whenZeroNode) : rangeOfNode(node),
      reason: labelOf(ctx.reason),
      range: rangeOfNode(node),
    };
  }

  valueDecl(ctx: C.ValueDeclCstChildren, node: CstNode): A.ValueDecl {
    return { kind: "value", ...nameOf(ctx.name), label: labelOf(ctx.label), expr: this.expr(ctx.expression, node), range: rangeOfNode(node) };
  }

  assessmentDecl(ctx: C.AssessmentDeclCstChildren, node: CstNode): A.AssessmentDecl {
    this.once("window", ctx.windowDecl);
    this.once("total", ctx.totalDecl);
    this.once("rescale to", ctx.rescaleDecl);
    const bandNames = new Set<string>();
    for (const b of ctx.bandDecl ?? []) {
      const name = first(b.children.name)?.image ?? "";
      if (bandNames.has(name)) this.repeats.push({ what: `band ${name}`, range: rangeOfNode(b) });
      bandNames.add(name);
    }
    const windowNode = first(ctx.windowDecl);
    const totalNode = first(ctx.totalDecl);
    const parts: A.AssessmentPart[] = [
      ...(ctx.itemDecl ?? []).map((n) => this.itemDecl(n.children, n)),
      ...(ctx.sectionDecl ?? []).map((n) => this.sectionDecl(n.children, n)),
    ].sort((a, b) => a.range.start.offset - b.range.start.offset);
    return {
      kind: "assessment",
      schedule: englishOf(first(ctx.schedule)) === "yearly" ? "yearly" : "monthly",
      ...nameOf(ctx.name),
      label: labelOf(ctx.label),
      window: windowNode ? this.windowDecl(windowNode.children, windowNode) : null,
      parts,
      total: totalNode ? this.expr(totalNode.children.expression, totalNode) : null,
      rescaleTo: this.optExpr(first(ctx.rescaleDecl)?.children.to),
      rescaleRange: first(ctx.rescaleDecl) ? rangeOfNode(first(ctx.rescaleDecl)) : null,
      bands: (ctx.bandDecl ?? []).map((n) => this.bandDecl(n.children, n)),
      vetoes: (ctx.vetoDecl ?? []).map((n) => this.vetoDecl(n.children, n)),
      sanctions: (ctx.sanctionDecl ?? []).map((n) => this.sanctionDecl(n.children, n)),
      reports: (ctx.reportDecl ?? []).map((n) => this.reportDecl(n.children, n)),
      range: rangeOfNode(node),
    };
  }

  windowDecl(ctx: C.WindowDeclCstChildren, node: CstNode): A.WindowDecl {
    let window: A.WindowKind = "month";
    if (ctx.Quarter) window = "quarter";
    else if (ctx.Half) window = "halfYear";
    else if (ctx.Year) window = ctx.DateKw ? "yearToDate" : "year";
    else if (ctx.rangeFrom) window = "range";
    const time = first(ctx.startTime)?.children;
    const from = first(ctx.rangeFrom)?.children;
    const to = first(ctx.rangeTo)?.children;
    return {
      kind: "window",
      window,
      startDay: ctx.startDay ? numberOf(ctx.startDay) : 1,
      // 12:60 is no time of day: NaN, for the checker to say so
      startMinute: time ? numberOf(time.hour) * 60 + (numberOf(time.minute) < 60 ? numberOf(time.minute) : Number.NaN) : 0,
      span: from && to ? { from: windowDate(from), to: windowDate(to) } : null,
      range: rangeOfNode(node),
    };
  }

  itemCode(ctx: C.ItemCodeCstChildren): { code: string; codeRange: A.Range } {
    const t = first(ctx.code);
    return t ? { code: t.image, codeRange: rangeOfToken(t) } : { code: "", codeRange: emptyRange };
  }

  categoryFilter(ctx: C.CategoryFilterCstChildren): string[] {
    return (ctx.categories ?? []).map((t) => t.image);
  }

  itemDecl(ctx: C.ItemDeclCstChildren, node: CstNode): A.ItemDecl {
    const code = first(ctx.itemCode);
    const filter = first(ctx.categoryFilter);
    const item: A.ItemDecl = {
      kind: "item",
      bonus: Boolean(ctx.Bonus),
      ...(code ? this.itemCode(code.children) : { code: "", codeRange: emptyRange }),
      label: labelOf(ctx.label),
      points: numberOf(ctx.points),
      categories: filter ? this.categoryFilter(filter.children) : [],
      formula: ctx.formula ? this.expr(ctx.formula, node) : null,
      base: null,
      weight: null,
      atLeast: this.optExpr(ctx.atLeast),
      adjustments: [],
      range: rangeOfNode(node),
    };
    for (const s of ctx.itemStatement ?? []) {
      const c = s.children;
      const repeated = (what: string, present: unknown) => {
        if (present) this.repeats.push({ what, range: rangeOfNode(s) });
      };
      if (c.base) {
        repeated("base", item.base);
        item.base = this.expr(c.base, s);
      } else if (c.weight) {
        repeated("weight", item.weight);
        item.weight = this.expr(c.weight, s);
      } else if (c.atLeast) {
        repeated("at least", item.atLeast);
        item.atLeast = this.expr(c.atLeast, s);
      } else if (c.adjustment?.[0]) item.adjustments.push(this.adjustment(c.adjustment[0].children, c.adjustment[0]));
    }
    return item;
  }

  adjustment(ctx: C.AdjustmentCstChildren, node: CstNode): A.Adjustment {
    const per = first(ctx.per);
    return {
      kind: "adjustment",
      direction: englishOf(first(ctx.direction)) === "add" ? "add" : "deduct",
      amount: this.optExpr(ctx.amount),
      recorded: Boolean(ctx.Recorded),
      per: per ? { name: per.image, range: rangeOfToken(per) } : null,
      condition: this.optExpr(ctx.condition),
      continuing: Boolean(ctx.Continuing),
      range: rangeOfNode(node),
    };
  }

  sectionDecl(ctx: C.SectionDeclCstChildren, node: CstNode): A.SectionDecl {
    const code = first(ctx.itemCode);
    const filter = first(ctx.categoryFilter);
    return {
      kind: "section",
      ...(code ? this.itemCode(code.children) : { code: "", codeRange: emptyRange }),
      label: labelOf(ctx.label),
      points: ctx.points ? numberOf(ctx.points) : null,
      cap: ctx.cap ? numberOf(ctx.cap) : null,
      categories: filter ? this.categoryFilter(filter.children) : [],
      items: (ctx.itemDecl ?? []).map((n) => this.itemDecl(n.children, n)),
      range: rangeOfNode(node),
    };
  }

  bandDecl(ctx: C.BandDeclCstChildren, node: CstNode): A.BandDecl {
    return {
      kind: "band",
      name: first(ctx.name)?.image ?? "",
      atLeast: ctx.atLeast ? this.expr(ctx.atLeast, node) : null,
      condition: ctx.condition ? this.expr(ctx.condition, node) : null,
      range: rangeOfNode(node),
    };
  }

  vetoDecl(ctx: C.VetoDeclCstChildren, node: CstNode): A.VetoDecl {
    const outcomes = (ctx.vetoOutcome ?? []).map((o) => o.children);
    return {
      kind: "veto",
      label: labelOf(ctx.label) ?? "",
      condition: this.expr(ctx.condition, node),
      band: outcomes.map((o) => first(o.band)?.image).find((b) => b !== undefined) ?? null,
      last: outcomes.some((o) => o.Last),
      zero: outcomes.some((o) => o.Zero),
      range: rangeOfNode(node),
    };
  }

  sanctionDecl(ctx: C.SanctionDeclCstChildren, node: CstNode): A.SanctionDecl {
    return {
      kind: "sanction",
      name: first(ctx.name)?.image ?? "",
      label: labelOf(ctx.label),
      condition: this.expr(ctx.condition, node),
      range: rangeOfNode(node),
    };
  }

  reportDecl(ctx: C.ReportDeclCstChildren, node: CstNode): A.ReportDecl {
    return { kind: "report", ...nameOf(ctx.name), label: labelOf(ctx.label), expr: this.optExpr(ctx.expr), range: rangeOfNode(node) };
  }

  rankingDecl(ctx: C.RankingDeclCstChildren, node: CstNode): A.RankingDecl {
    const ranking: A.RankingDecl = {
      kind: "ranking",
      monthly: null,
      yearly: null,
      within: "category",
      groups: [],
      yearlyWithin: null,
      volume: null,
      orderBy: [],
      ties: "share",
      decimals: 2,
      minimumVolume: null,
      minimumVolumes: [],
      alsoRanked: [],
      unknownWords: [],
      statementRanges: (ctx.rankingStatement ?? []).map((s) => rangeOfNode(s)),
      statementOrder: [],
      range: rangeOfNode(node),
    };
    for (const s of ctx.rankingStatement ?? []) {
      const c = s.children;
      // `承办量不足 10 件的不排名` is `minimum volume 10`; any other word before a number is `round N decimals` misspelt or not
      const minimumInWords = c.word !== undefined && !c.Decimals && first(c.word)?.image === MinimumVolumeWording.head;
      const before = ranking.statementOrder.length;
      ranking.statementOrder.push(
        c.monthly
          ? "monthly"
          : c.yearly
            ? "yearly"
            : c.within
              ? c.withinForYearly
                ? "withinYearly"
                : "within"
              : c.volume
                ? "volume"
                : c.orderKey
                  ? "order"
                  : c.ties
                    ? "ties"
                    : c.word && !minimumInWords
                      ? "round"
                      : "minimum",
      );
      const kindWritten = ranking.statementOrder[before] as string;
      // several assessments may be ranked, and a minimum volume given per category or group
      const repeatable =
        (c.monthly &&
          ranking.monthly !== null &&
          ranking.monthly !== first(c.monthly)?.image &&
          !ranking.alsoRanked.some((x) => x.name === first(c.monthly)?.image)) ||
        (c.yearly &&
          ranking.yearly !== null &&
          ranking.yearly !== first(c.yearly)?.image &&
          !ranking.alsoRanked.some((x) => x.name === first(c.yearly)?.image)) ||
        ((c.minimumVolume || minimumInWords) && (c.minimumFor !== undefined || ranking.minimumVolume === null));
      if (repeatable && ranking.statementOrder.indexOf(kindWritten) < before) {
        ranking.statementOrder[before] = `${kindWritten}:${before}`;
        const name = first(c.monthly ?? c.yearly)?.image;
        if (name) ranking.alsoRanked.push({ schedule: c.monthly ? "monthly" : "yearly", name, range: rangeOfNode(s) });
        else this.minimum(ranking, c, s);
        continue;
      }
      if (ranking.statementOrder.indexOf(kindWritten) < before) {
        // the formatter prints one line per kind: keep only the first
        ranking.statementOrder.pop();
        ranking.statementRanges.splice(before, 1);
        this.repeats.push({ what: rankingStatementWritten[kindWritten] ?? kindWritten, range: rangeOfNode(s) });
        continue;
      }
      if (c.monthly) ranking.monthly = first(c.monthly)?.image ?? null;
      else if (c.yearly) ranking.yearly = first(c.yearly)?.image ?? null;
      else if (c.within) {
        const w = englishOf(first(c.within));
        const within = w === "groups" ? "groups" : w === "all" ? "all" : "category";
        const groups = (c.groupDecl ?? []).map((g) => this.groupDecl(g.children, g));
        if (c.withinForYearly) ranking.yearlyWithin = { within, groups, range: rangeOfNode(s) };
        else {
          ranking.within = within;
          ranking.groups = groups;
        }
      } else if (c.volume) ranking.volume = first(c.volume)?.image ?? null;
      else if (c.orderKey) ranking.orderBy = c.orderKey.map((k) => this.orderKey(k.children, k));
      else if (c.ties) ranking.ties = englishOf(first(c.ties)) === "code" ? "code" : "share";
      else if (c.word && !minimumInWords) {
        ranking.decimals = numberOf(c.wordNumber);
        const word = first(c.word);
        if (word && word.image !== RoundWord.en && word.image !== RoundWord.zh)
          ranking.unknownWords.push({ word: word.image, range: rangeOfToken(word), meant: `round ${first(c.wordNumber)?.image ?? "2"} decimals` });
      } else if (c.minimumVolume || minimumInWords) this.minimum(ranking, c, s);
    }
    return ranking;
  }

  private minimum(ranking: A.RankingDecl, c: C.RankingStatementCstChildren, node: CstNode): void {
    // `minimum volume 10`, or `承办量不足 10 件的不排名` (the parser read 承办量不足 there, and no other word)
    const number = c.minimumVolume ?? c.wordNumber;
    const tail = first(c.minimumWordingTail);
    if (tail && !MinimumVolumeWording.tails.test(tail.image))
      ranking.unknownWords.push({ word: tail.image, range: rangeOfToken(tail), meant: `minimum volume ${first(number)?.image ?? "N"}` });
    const filter = first(c.minimumFor);
    const volume = numberOf(number);
    ranking.minimumVolumes.push({ volume, for: filter ? this.categoryFilter(filter.children) : [], range: rangeOfNode(node) });
    if (!filter) ranking.minimumVolume = volume;
  }

  rankingStatement(): void {}

  forYearly(): void {}

  groupDecl(ctx: C.GroupDeclCstChildren, node: CstNode): A.GroupDecl {
    return {
      name: first(ctx.name)?.image ?? "",
      label: labelOf(ctx.label),
      condition: ctx.Otherwise ? null : this.expr(ctx.condition, node),
      range: rangeOfNode(node),
    };
  }

  orderKey(ctx: C.OrderKeyCstChildren, node: CstNode): A.OrderKey {
    return { key: englishOf(first(ctx.key)) ?? "", descending: englishOf(first(ctx.direction)) !== "asc", range: rangeOfNode(node) };
  }

  itemStatement(): void {}

  // ---------------------------------------------------------- expressions

  private optExpr(nodes: CstNode[] | undefined): A.Expr | null {
    const n = first(nodes);
    return n ? ((this.visitNode(n) as A.Expr) ?? null) : null;
  }

  private expr(nodes: CstNode[] | undefined, parent: CstNode): A.Expr {
    return this.optExpr(nodes) ?? missingExpr(rangeOfNode(parent));
  }

  expression(ctx: C.ExpressionCstChildren, node: CstNode): A.Expr {
    if (ctx.If) {
      return {
        kind: "if",
        test: this.expr(ctx.test, node),
        whenTrue: this.expr(ctx.then, node),
        whenFalse: this.expr(ctx.otherwise, node),
        range: rangeOfNode(node),
      };
    }
    return this.expr(ctx.orExpression, node);
  }

  private chain(operands: CstNode[] | undefined, ops: (IToken | A.BinaryOp)[], node: CstNode): A.Expr {
    const exprs = (operands ?? []).map((o) => this.visitNode(o) as A.Expr);
    let left = exprs[0] ?? missingExpr(rangeOfNode(node));
    for (let i = 1; i < exprs.length; i++) {
      const right = exprs[i] as A.Expr;
      const raw = ops[i - 1];
      const op = typeof raw === "string" ? raw : (opOf[raw?.tokenType.name ?? ""] ?? "+");
      left = { kind: "binary", op, left, right, range: { start: left.range.start, end: right.range.end } };
    }
    return left;
  }

  orExpression(ctx: C.OrExpressionCstChildren, node: CstNode): A.Expr {
    return this.chain(
      ctx.operands,
      (ctx.Or ?? []).map(() => "or" as const),
      node,
    );
  }

  andExpression(ctx: C.AndExpressionCstChildren, node: CstNode): A.Expr {
    return this.chain(
      ctx.operands,
      (ctx.And ?? []).map(() => "and" as const),
      node,
    );
  }

  notExpression(ctx: C.NotExpressionCstChildren, node: CstNode): A.Expr {
    if (ctx.Not) return { kind: "unary", op: "not", operand: this.expr(ctx.notExpression, node), range: rangeOfNode(node) };
    return this.expr(ctx.comparison, node);
  }

  comparison(ctx: C.ComparisonCstChildren, node: CstNode): A.Expr {
    const left = this.expr(ctx.left, node);
    const range = rangeOfNode(node);
    const op = first(ctx.op);
    if (op) return { kind: "binary", op: opOf[op.tokenType.name] ?? "=", left, right: this.expr(ctx.right, node), range };
    if (ctx.Missing) return { kind: "isMissing", operand: left, negated: Boolean(ctx.negated), range };
    if (ctx.In) {
      if (ctx.Period) return { kind: ctx.previousPeriod ? "inPreviousPeriod" : "inPeriod", operand: left, negated: Boolean(ctx.negated), range };
      return { kind: "inList", operand: left, items: (ctx.items ?? []).map((i) => this.visitNode(i) as A.Expr), negated: Boolean(ctx.negated), range };
    }
    return left;
  }

  coalesceExpression(ctx: C.CoalesceExpressionCstChildren, node: CstNode): A.Expr {
    return this.chain(
      ctx.operands,
      (ctx.Coalesce ?? []).map(() => "??" as const),
      node,
    );
  }

  additive(ctx: C.AdditiveCstChildren, node: CstNode): A.Expr {
    return this.chain(ctx.operands, sortTokens(ctx.ops), node);
  }

  multiplicative(ctx: C.MultiplicativeCstChildren, node: CstNode): A.Expr {
    return this.chain(ctx.operands, sortTokens(ctx.ops), node);
  }

  unary(ctx: C.UnaryCstChildren, node: CstNode): A.Expr {
    if (ctx.Minus) return { kind: "unary", op: "-", operand: this.expr(ctx.unary, node), range: rangeOfNode(node) };
    return this.expr(ctx.primary, node);
  }

  primary(ctx: C.PrimaryCstChildren, node: CstNode): A.Expr {
    const range = rangeOfNode(node);
    const t = first(ctx.number) ?? first(ctx.percent);
    if (t) {
      const percent = Boolean(ctx.percent);
      const n = Number.parseFloat(t.image.replace(/[%％]$/, ""));
      return { kind: "number", value: percent ? n / 100 : n, text: t.image.replace("％", "%"), percent, range };
    }
    if (ctx.string) return { kind: "string", value: unquote(first(ctx.string)?.image ?? ""), range };
    if (ctx.notApplicable) return { kind: "notApplicable", range };
    if (ctx.date) return { kind: "date", text: first(ctx.date)?.image ?? "", range };
    if (ctx.bool) {
      const image = first(ctx.bool)?.image;
      return { kind: "bool", value: image === "true" || image === "是", text: image ?? "true", range };
    }
    if (ctx.previous) {
      const keyword = first(ctx.previous) as IToken;
      const of = first(ctx.previousOf) as IToken;
      const ofRange = rangeOfToken(of);
      return {
        kind: "call",
        callee: "previous",
        calleeRange: rangeOfToken(keyword),
        args: [{ name: null, value: { kind: "name", name: of.isInsertedInRecovery ? "" : of.image, range: ofRange }, range: ofRange }],
        range,
      };
    }
    if (ctx.name) {
      const name = first(ctx.name) as IToken;
      if (ctx.call) {
        const args = (ctx.argument ?? []).map((a) => this.argument(a.children, a));
        const own = canonicalCall(
          name.image,
          args.map((a) => a.name),
        );
        return {
          kind: "call",
          callee: own.callee,
          calleeRange: rangeOfToken(name),
          args: args.map((a, i) => ({ ...a, name: own.argNames[i] ?? null })),
          range,
        };
      }
      return { kind: "name", name: name.isInsertedInRecovery ? "" : name.image, range };
    }
    return this.expr(ctx.inner, node);
  }

  argument(ctx: C.ArgumentCstChildren, node: CstNode): A.Arg {
    return { name: first(ctx.name)?.image ?? null, value: this.expr(ctx.value, node), range: rangeOfNode(node) };
  }
}

/** Operators are collected per label; put them back in source order. */
function sortTokens(tokens: IToken[] | undefined): IToken[] {
  return [...(tokens ?? [])].sort((a, b) => a.startOffset - b.startOffset);
}

export const astBuilder = new AstBuilder();

/**
 * `parse(text)` never throws: it returns the best AST the text allows and
 * every diagnostic. Syntax errors are reported once each (not the cascade a
 * parser's recovery makes of one mistake), at the line where the mistake is;
 * the semantic checks run on the recovered AST too, and report what they find
 * outside the statements the syntax errors broke.
 */
import { type CstNode, createTokenInstance, type ILexingError, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import type { Comment, Range, Rubric } from "./ast.ts";
import { itemsOf } from "./ast-utils.ts";
import { checkRubric } from "./check.ts";
import { astBuilder, rangeOfLocation, rangeOfToken } from "./cst-to-ast.ts";
import type { RecordText } from "./data-values.ts";
import { Codes, type Diagnostic, diagnostic } from "./diagnostics.ts";
import { findFunction } from "./functions/index.ts";
import { rubricLexer } from "./lexer.ts";
import { controlCharacters, isControlCharacter, longExpressions, numberLiterals, tokenNesting } from "./limits.ts";
import { rubricParser } from "./parser.ts";
import { chineseNumeral, closest, eventCountDeclaration, suggest, suggestEn, withGuessingAllowance } from "./suggest.ts";
import * as T from "./tokens.ts";

export interface ParseResult {
  ast: Rubric;
  diagnostics: Diagnostic[];
  /**
   * The texts compared with a record's column of open values (诉求类型 = "咨询", levels of an attribute), to be checked
   * against the data (`checkRecordTexts`); given when the checks ran over a file without syntax errors.
   */
  recordTexts?: RecordText[];
}

export interface ParseOptions {
  /** skip the semantic checks (the formatter needs only the syntax) */
  syntaxOnly?: boolean;
}

const nowhere = (): Range => ({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } });
const emptyRubric = (): Rubric => ({ kind: "rubric", header: null, declarations: [], comments: [], repeats: [], range: nowhere() });

/** What to write instead of a character the language does not read, where one is likely meant. */
const CHARACTER_HINTS: Readonly<Record<string, readonly [string, string]>> = {
  "｛": ["花括号请用半角 { }", "write { }"],
  "｝": ["花括号请用半角 { }", "write { }"],
  "【": ['列表请用方括号 [ ]；名称后的说明文字用引号 "…"', 'a list is written in [ ], a label in "…"'],
  "】": ['列表请用方括号 [ ]；名称后的说明文字用引号 "…"', 'a list is written in [ ], a label in "…"'],
  ...Object.fromEntries([..."「」『』《》"].map((c) => [c, ['文字请用英文双引号 "…" 或中文引号 “…” 括起来', 'text is written in double quotes "…"'] as const])),
  "。": ["语句末尾不用句号（可不写标点，或写分号 ;）", "a statement ends without a full stop (or with ;)"],
  "&": ["“并且”写作 and（中文关键词 且）", "write and"],
  "|": ["“或者”写作 or（中文关键词 或）", "write or"],
  "'": ['文字请用英文双引号 "…" 或中文引号 “…” 括起来', 'text is written in double quotes "…"'],
  "‘": ['文字请用英文双引号 "…" 或中文引号 “…” 括起来', 'text is written in double quotes "…"'],
  "’": ['文字请用英文双引号 "…" 或中文引号 “…” 括起来', 'text is written in double quotes "…"'],
};

/** `满意率(%)`, `满意率%`: a % after a name (or the bracket after one) was meant as part of the name. */
function percentInName(text: string, offset: number, ch: string): readonly [string, string] | undefined {
  if (ch.charAt(0) !== "%") return undefined;
  const name = /([\p{L}_][\p{L}\p{N}_]*)[ \t]*[(（]?$/u.exec(text.slice(Math.max(0, offset - LONGEST_NAME_BEFORE_PERCENT), offset))?.[1];
  if (!name) return undefined;
  return [
    `名称中不能有括号或 %，请写 ${name}（要标明“%”，写进说明文字 "${name}(%)"）`,
    `a name cannot hold brackets or %: write ${name} (a "%" goes in its label, "${name}(%)")`,
  ];
}
const LONGEST_NAME_BEFORE_PERCENT = 64;

/**
 * `满意率【县】`: a bracket right after a name, as Chinese documents write a name with its note, was meant as part of the
 * name, like `满意率（%）`; said at the 【 with the name and the label meant (its 】 not again).
 */
function bracketInName(text: string, offset: number, ch: string): readonly [string, string] | undefined {
  if (ch.charAt(0) !== "【") return undefined;
  const name = /([\p{L}_][\p{L}\p{N}_]*)$/u.exec(text.slice(Math.max(0, offset - LONGEST_NAME_BEFORE_PERCENT), offset))?.[1];
  const inside = /^【([^】\n"“”]*)】/.exec(text.slice(offset, offset + LONGEST_NAME_BEFORE_PERCENT))?.[1];
  if (!name || inside === undefined) return undefined;
  return [
    `名称中不能有括号：名称写 ${name}，括号里的话写进说明文字 "${name}【${inside}】"`,
    `a name cannot hold brackets: write ${name} (the bracketed words go in its label, "${name}【${inside}】")`,
  ];
}

/** The KH110s of `名称(%)` in a declaration, which say the % too: its KH100 goes. */
const bracketedNames = new WeakSet<Diagnostic>();

/**
 * The full-width braces among the characters the lexer dropped, put back into `tokens` as { and }: merged in one pass
 * (both lists are in the text's order), not spliced in one by one (a text of 60,000 ｛ took 19 s so).
 */
function readFullWidthBraces(text: string, errors: readonly ILexingError[], tokens: IToken[]): void {
  const braces: IToken[] = [];
  for (const e of errors) {
    for (let i = 0; i < e.length; i++) {
      const ch = text.charAt(e.offset + i);
      if (ch !== "｛" && ch !== "｝") continue;
      const line = e.line ?? 1;
      const column = (e.column ?? 1) + i;
      braces.push(createTokenInstance(ch === "｛" ? T.LCurly : T.RCurly, ch, e.offset + i, e.offset + i, line, line, column, column));
    }
  }
  if (braces.length === 0) return;
  const merged: IToken[] = [];
  let b = 0;
  for (const t of tokens) {
    while (b < braces.length && (braces[b] as IToken).startOffset < t.startOffset) merged.push(braces[b++] as IToken);
    merged.push(t);
  }
  while (b < braces.length) merged.push(braces[b++] as IToken);
  tokens.length = 0;
  for (const t of merged) tokens.push(t);
}

export function parse(text: string, options: ParseOptions = {}): ParseResult {
  try {
    // the guesses (是否想写 …？) of one parse share one allowance of work: a text of many unknown names checks in time
    const result = withGuessingAllowance(() => parseUnsafe(text, options));
    return { ...result, diagnostics: result.diagnostics.map(shortNames) };
  } catch (err) {
    // A bug of ours must not take the editor down: report it as a diagnostic.
    const at = nowhere();
    return {
      ast: emptyRubric(),
      diagnostics: [
        diagnostic(
          "error",
          Codes.UnexpectedToken,
          `无法解析此文件（内部错误：${String(err)}）`,
          `could not parse this file (internal error: ${String(err)})`,
          at,
        ),
      ],
    };
  }
}

function parseUnsafe(text: string, options: ParseOptions): ParseResult {
  // NUL and other control characters anywhere, strings and comments included (PostgreSQL cannot store NUL)
  const diagnostics: Diagnostic[] = controlCharacters(text);
  const lexed = rubricLexer.tokenize(text);
  // lines with quotes of two kinds: said once, not again at the closing quote
  const mixedQuotes = new Set<number | undefined>();
  // the lines a bracket in a name opened on (the lexer's errors come in the text's order: a 】 after it on its line)
  const bracketsInNames = new Set<number | undefined>();
  for (const e of lexed.errors) {
    if (isControlCharacter(text.slice(e.offset, e.offset + 1))) continue; // reported above
    if (mixedQuotes.has(e.line)) continue;
    const range = rangeOfLocation({
      startOffset: e.offset,
      startLine: e.line,
      startColumn: e.column,
      endOffset: e.offset + e.length - 1,
      endLine: e.line,
      endColumn: (e.column ?? 1) + e.length - 1,
    });
    const ch = text.slice(e.offset, e.offset + e.length);
    if (ch.startsWith('"') || ch.startsWith("\u201C")) {
      // `"镇”`: opened with one kind of quote, closed with the other
      const english = ch.startsWith('"');
      const rest = text.slice(e.offset + 1).split("\n")[0] ?? "";
      const other = english ? "\u201D" : '"';
      const mixed = rest.includes(other);
      if (mixed) mixedQuotes.add(e.line);
      diagnostics.push(
        diagnostic(
          "error",
          Codes.UnterminatedString,
          mixed
            ? `引号没有闭合：开头是${english ? '英文引号 "' : "中文引号 “"}，结尾是${english ? "中文引号 ”" : '英文引号 "'}；两边要用同一种引号（"…" 或 “…”）`
            : "引号没有闭合：文字要用一对英文双引号括起来",
          mixed
            ? 'unterminated string: it opens with one kind of quote and closes with the other; use one kind ("…" or “…”)'
            : "unterminated string: text must be enclosed in a pair of double quotes",
          range,
        ),
      );
    } else {
      // the 】 of a bracket in a name, said at its 【
      if (ch === "】" && bracketsInNames.has(e.line)) continue;
      const inName = bracketInName(text, e.offset, ch);
      if (inName) bracketsInNames.add(e.line);
      const hint = inName ?? CHARACTER_HINTS[ch.charAt(0)] ?? percentInName(text, e.offset, ch);
      diagnostics.push(
        diagnostic(
          "error",
          Codes.UnknownCharacter,
          `无法识别的字符 “${ch}”${hint ? `：${hint[0]}` : ""}`,
          `unknown character '${ch}'${hint ? `: ${hint[1]}` : ""}`,
          range,
        ),
      );
    }
  }
  // a full-width brace, said above, is read as the brace it stands for: the block it opens parses as meant, not as a
  // second error on the next line (`deduct` unexpected where `{` was written ｛)
  readFullWidthBraces(text, lexed.errors, lexed.tokens);
  // the parser (and every pass after it) recurses once per level of nesting: deeper input is not parsed at all
  const tooDeep = tokenNesting(lexed.tokens);
  if (tooDeep) {
    diagnostics.push(tooDeep);
    return { ast: emptyRubric(), diagnostics: diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset) };
  }
  const tokens = lexed.tokens;
  const { ast, errors, parsed } = parseDeclarations(tokens);
  const syntaxErrors = oneErrorPerStatement(withoutOrphanedCloses(errors, tokens, parsed), tokens);
  const language = T.keywordLanguage(tokens);
  // the rest of a line after an unclosed quote was meant as text: what the parser says of it only repeats KH101
  const unclosed = diagnostics.filter((d) => d.code === Codes.UnterminatedString).map((d) => d.range.start);
  const afterUnclosedQuote = (d: Diagnostic) => unclosed.some((q) => d.range.start.line === q.line && d.range.start.offset > q.offset);
  // a character the lexer dropped leaves a gap the parser then reports (`④ points`: a number expected): one mistake, said once
  const unknown = diagnostics.filter((d) => d.code === Codes.UnknownCharacter).map((d) => d.range.start);
  const afterUnknownCharacter = (d: Diagnostic) => unknown.some((u) => d.range.start.line === u.line && d.range.start.offset > u.offset);
  for (const e of syntaxErrors) {
    // said in the keywords of the line being written: `… 5 分 = 若 回访` in a file of English keywords lacks 则, not then
    const written = lineLanguage(tokens, e, language);
    const d = syntaxDiagnostic(e, text, written, tokens);
    if (written === "zh" && language !== "zh") d.message = keywordsInChinese(d.message);
    if (afterUnknownCharacter(d)) continue;
    // two errors of one statement may be said of its same word (`承办量 少于 10 件`): once
    const said = diagnostics.some((x) => x.range.start.offset === d.range.start.offset && x.message === d.message);
    if (!afterUnclosedQuote(d) && !said) diagnostics.push(d);
  }
  // `rate 满意率(%)`: the bracket's KH110 says the % as well
  const named = diagnostics.filter((d) => bracketedNames.has(d));
  const percentSaid = (d: Diagnostic) =>
    d.code === Codes.UnknownCharacter &&
    named.some((b) => b.range.start.line === d.range.start.line && /^[(（][ \t]*$/.test(text.slice(b.range.start.offset, d.range.start.offset)));
  if (named.length) diagnostics.splice(0, diagnostics.length, ...diagnostics.filter((d) => !percentSaid(d)));
  ast.comments = ((lexed.groups.comments ?? []) as IToken[]).map((t): Comment => ({ text: t.image, range: rangeOfToken(t) }));
  const clean = diagnostics.length === 0;
  // counted without recursion: the checker, the formatter and the code generators recurse over each expression
  const limits = longExpressions(ast);
  if (clean) diagnostics.push(...limits);
  let recordTexts: RecordText[] | undefined;
  if (!options.syntaxOnly && limits.length === 0) {
    if (clean) {
      recordTexts = [];
      diagnostics.push(...numberLiterals(tokens), ...checkRubric(ast, undefined, T.keywordLanguage(tokens), recordTexts));
    }
    // a syntax error elsewhere: what the checks find outside the statements it broke still helps
    // (a character the lexer dropped breaks its statement as a parser error does: `工单数%` read as 工单数; not a
    // control character, KH102, found before parsing: a file holding one is refused before its meaning is checked)
    else {
      // (a 。 or ， written between or after whole words is dropped with nothing of the statement's meaning: the statement
      // breaks only if the parser, reading it without the mark, finds it broken)
      const dropped = lexed.errors.filter((e) => !isControlCharacter(text.slice(e.offset, e.offset + 1)));
      const breaking = dropped.filter((e) => !isStrayPunctuation(text, e));
      if (errors.length > 0 || dropped.length > 0)
        diagnostics.push(...semanticBesideSyntaxErrors(ast, tokens, [...errors, ...lexicalBreaks(breaking, tokens)], parsed, text));
    }
  }
  diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset);
  // a file written with Chinese keywords reads its messages' keywords in Chinese too
  if (language === "zh") for (const d of diagnostics) d.message = keywordsInChinese(d.message);
  return recordTexts ? { ast, diagnostics, recordTexts } : { ast, diagnostics };
}

/**
 * The language of the keywords on the line an error is on (the line a statement stopped short at, when the error is met
 * at the first word of the next); the file's when that line has as many of each (or none).
 */
function lineLanguage(tokens: readonly IToken[], e: IRecognitionException, fileLanguage: T.KeywordLanguage): T.KeywordLanguage {
  let at = Math.min(tokenIndex(tokens as IToken[], e.token), tokens.length);
  if (at > 0 && (at === tokens.length || (tokens[at - 1] as IToken).endLine !== (tokens[at] as IToken).startLine)) at--;
  const line = tokens[at]?.startLine;
  if (line === undefined) return fileLanguage;
  let [from, to] = [at, at];
  while (from > 0 && tokens[from - 1]?.startLine === line) from--;
  while (to + 1 < tokens.length && tokens[to + 1]?.startLine === line) to++;
  return T.keywordLanguage(tokens.slice(from, to + 1), fileLanguage);
}

/** English keywords and phrases that have a Chinese spelling, longest first, as whole words. */
const englishKeywords = [
  ...T.keywordTable.filter((k) => k.zh !== null && k.en !== "true" && k.en !== "false").map((k) => [k.en, k.zh as string] as const),
  ...T.phraseTable.map((p) => [p.en, p.zh] as const),
].sort((a, b) => b[0].length - a[0].length);
const englishKeywordRegex = new RegExp(`(?<![A-Za-z_])(${englishKeywords.map(([en]) => en.replace(/ /g, "\\s+")).join("|")})(?![A-Za-z0-9_])`, "g");
const chineseOf = new Map<string, string>(englishKeywords);

/**
 * A Chinese message with its English keywords in Chinese: `要用 measure` → `要用 指标`,
 * `写作 round 2 decimals` → `写作 保留 2 位小数`, `例如 deduct 2 per 类型` → `例如 扣 2 分 每 类型`;
 * a gloss that becomes the word before it goes (`考核范围（population）` → `考核范围`).
 */
export function keywordsInChinese(message: string): string {
  // what the user wrote, quoted “…”, stays as written
  return message
    .split(/(“[^”]*”)/)
    .map((part) => (part.startsWith("“") ? part : translatePart(part)))
    .join("");
}

/**
 * English forms whose words have no Chinese spelling of their own, only as part of a phrase: `within …` is one of
 * 类别内, 不分类别, 分组; `ties …` one of 同分并列, 同分按单位编码; `assessed at …` 考核截至期末, 考核截至次月月底 or
 * 考核截至次月 N 日 (whose day comes after 次月: `assessed at day 5 of next month` is 考核截至次月 5 日).
 */
const oneOfPhrases: [RegExp, string][] = [
  [/\bwithin …/g, ["within category", "within all", "within groups"].map((p) => T.spell(p, "zh")).join("/")],
  [/\bties …/g, ["ties shared", "ties by unit code"].map((p) => T.spell(p, "zh")).join("/")],
  [/\bassessed at …/g, [T.spell("assessed at end of period", "zh"), T.spell("assessed at end of next month", "zh"), T.DayOfNextMonthWording.zh].join("/")],
  [/\bassessed at day (\d+|N) of next month\b/g, T.DayOfNextMonthWording.zh.replace("N", "$1")],
];

function translatePart(message: string): string {
  let out = message;
  for (const [en, zh] of oneOfPhrases) out = out.replace(en, zh);
  return out
    .replace(/\bround (\d+|N) decimals\b/g, `${T.RoundWord.zh} $1 ${T.spell("decimals", "zh")}`)
    .replace(
      /\b(deduct|add) (\d+(?:\.\d+)?|N) per\b/g,
      (_, d: string, n: string) => `${T.spell(d, "zh")} ${n} ${T.spell("points", "zh")} ${T.spell("per", "zh")}`,
    )
    .replace(englishKeywordRegex, (en: string) => chineseOf.get(en.replace(/\s+/g, " ")) ?? en)
    .replace(/([\p{L}]+) ?（\1）/gu, "$1");
}

/** Keywords that begin a declaration at the top of the file. */
const declarationStarts = new Set([
  "Category",
  "Sources",
  "Event",
  "Fact",
  "Orders",
  "Events",
  "Assessed",
  "Population",
  "Measure",
  "Rate",
  "Value",
  "Monthly",
  "Yearly",
  "Ranking",
]);

/** A cap as a regulation words it (最多扣, 不超过, 封顶 …): an item's or a deduction's, which the language writes otherwise. */
const CAP_WORD = /^(?:[扣加]分)?(?:最多[扣加]?|不超过|不得超过|至多|最高[扣加]?|封顶|上限)$/;

/** Keywords a name follows: a declaration's, an item's … (not deduct's: `扣 min(5, …)` calls a function). */
const namingStarts = new Set([...declarationStarts, "Attribute", "Field", "Item", "Bonus", "Section", "Report", "Sanction", "Veto", "Band"]);

/** Keywords that begin a statement, at the top or inside a block: where a broken statement ends. */
const statementStarts = new Set([
  ...declarationStarts,
  "Rubric",
  "Attribute",
  "Field",
  "Window",
  "Item",
  "Bonus",
  "Section",
  "Total",
  "Rescale",
  "Band",
  "Veto",
  "Sanction",
  "Report",
  "Base",
  "Weight",
  "Deduct",
  "Add",
  "Within",
  "Volume",
  "Order",
  "Ties",
  "Minimum",
  "RCurly",
]);

const isLineStart = (tokens: IToken[], i: number) => i === 0 || (tokens[i - 1] as IToken).endLine !== (tokens[i] as IToken).startLine;

/**
 * Parse the whole file. Where the parser gives up before the end (its recovery lost track, e.g. after a
 * broken `ranking` block), parsing resumes at the next declaration written at the start of a line, so the
 * declarations after a mistake are still read (and checked, and not reported as missing).
 */
function parseDeclarations(tokens: IToken[]): { ast: Rubric; errors: IRecognitionException[]; parsed: Set<number> } {
  const errors: IRecognitionException[] = [];
  const parsed = new Set<number>();
  let ast: Rubric | null = null;
  let from = 0;
  while (from < tokens.length || ast === null) {
    rubricParser.input = tokens.slice(from);
    const cst = rubricParser.rubric();
    collectTokens(cst, parsed);
    const part = astBuilder.visit(cst) as Rubric;
    if (ast === null) ast = part;
    else {
      ast.declarations.push(...part.declarations);
      ast.repeats.push(...part.repeats);
    }
    const stop = rubricParser.errors.find((e) => e.name === "NotAllInputParsedException");
    errors.push(...rubricParser.errors);
    if (!stop) break;
    const at = tokens.indexOf(stop.token);
    let next = at + 1;
    while (next < tokens.length && !(declarationStarts.has((tokens[next] as IToken).tokenType.name) && (tokens[next] as IToken).startColumn === 1)) next++;
    if (at < 0 || next >= tokens.length) break;
    from = next;
  }
  return { ast: ast as Rubric, errors, parsed };
}

/** The offsets of the tokens the parser placed in the tree (the rest it skipped in recovery). */
function collectTokens(node: CstNode, into: Set<number>): void {
  const stack: CstNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as CstNode;
    for (const children of Object.values(n.children)) {
      for (const c of children) {
        if ("children" in c) stack.push(c);
        else if (Number.isFinite(c.startOffset) && !(c as IToken & { isInsertedInRecovery?: boolean }).isInsertedInRecovery) into.add(c.startOffset);
      }
    }
  }
}

/** The index of the token an error is at (tokens.length for the end of the file). */
function tokenIndex(tokens: IToken[], token: IToken): number {
  if (token.tokenType.name === "EOF" || !Number.isFinite(token.startOffset)) return tokens.length;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as IToken).startOffset < token.startOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Chevrotain's recovery resynchronises after an error, but the tokens it
 * skips can raise follow-on errors. A person fixes one thing at a time, so
 * keep the first error of each statement: a later error counts only when a
 * new statement (a line starting with a statement's keyword) begins between
 * the two; "expected the end of the file" after another error is always
 * such a follow-on.
 */
function oneErrorPerStatement(errors: IRecognitionException[], tokens: IToken[]): IRecognitionException[] {
  const kept: IRecognitionException[] = [];
  let last = -1;
  const sorted = [...errors].sort((a, b) => tokenIndex(tokens, a.token) - tokenIndex(tokens, b.token));
  for (const e of sorted) {
    const at = tokenIndex(tokens, e.token);
    if (kept.length > 0) {
      if (e.name === "NotAllInputParsedException") continue;
      // after an error, recovery may read a statement inside a block (indented) as a declaration of the file; not
      // when the block around it was read from its own first line, after that error (`满意 率` in an item, below a
      // broken rate: the item ended at 满意, the assessment stopped at 率)
      if ((e.context?.ruleStack?.length ?? 0) <= 3 && !topLevelStatementAt(tokens, at) && !inBlockReadWhole(tokens, e, last, at)) continue;
      let fresh = false;
      for (let i = last + 1; i <= at && i < tokens.length && !fresh; i++) {
        const t = tokens[i] as IToken;
        fresh = isLineStart(tokens, i) && statementStarts.has(t.tokenType.name) && t.tokenType.name !== "RCurly";
      }
      if (!fresh) continue;
    }
    kept.push(e);
    last = at;
  }
  return kept;
}

/**
 * A broken line that opened a block (`加分 11.1 "…" 最多 10 {`) is skipped by recovery with its `{`; the block's own
 * `}` then closes the block around it, and the last `}` of the file is "unexpected". An error at a `}` that only
 * answers a `{` recovery skipped is a follow-on of the first mistake, not a second one, and is dropped.
 */
function withoutOrphanedCloses(errors: IRecognitionException[], tokens: IToken[], parsed: Set<number>): IRecognitionException[] {
  const erring = new Set(errors.map((e) => e.token.startOffset));
  const orphaned = new Set<number>();
  let skippedOpens = 0;
  for (const t of tokens) {
    if (parsed.has(t.startOffset)) continue;
    if (t.tokenType.name === "LCurly") skippedOpens++;
    else if (t.tokenType.name === "RCurly" && skippedOpens > 0) {
      skippedOpens--;
      if (erring.has(t.startOffset)) orphaned.add(t.startOffset);
    }
  }
  return orphaned.size === 0 ? errors : errors.filter((e) => !(e.token.tokenType.name === "RCurly" && orphaned.has(e.token.startOffset)));
}

/** Does token `i` begin a declaration: a declaration's keyword at the start of a line, in column 1? */
const isDeclarationStart = (tokens: IToken[], i: number) =>
  isLineStart(tokens, i) && (tokens[i] as IToken).startColumn === 1 && declarationStarts.has((tokens[i] as IToken).tokenType.name);

/** The declarations with a block, by the keywords they begin with. */
const blockDeclarations: Readonly<Record<string, readonly string[]>> = { assessmentDecl: ["Monthly", "Yearly"], rankingDecl: ["Ranking"] };

/**
 * Whether error `e` at token `at` is in a block declaration the parser began at that declaration's own first line (in
 * column 1, its keyword), after the error before it (at `last`): a mistake of its own, not recovery's.
 */
function inBlockReadWhole(tokens: IToken[], e: IRecognitionException, last: number, at: number): boolean {
  const starts = blockDeclarations[e.context?.ruleStack?.[2] ?? ""];
  if (!starts) return false;
  let j = Math.min(at, tokens.length - 1);
  while (j > last && !isDeclarationStart(tokens, j)) j--;
  return j > last && starts.includes((tokens[j] as IToken).tokenType.name);
}

/** Whether the statement around token `at` begins at the start of a line in column 1, as declarations do. */
function topLevelStatementAt(tokens: IToken[], at: number): boolean {
  let j = Math.min(at, tokens.length - 1);
  while (j > 0 && !(isLineStart(tokens, j) && statementStarts.has((tokens[j] as IToken).tokenType.name))) j--;
  return j < 0 || (tokens[j] as IToken | undefined)?.startColumn === 1;
}

/** Tokens after which a statement cannot end: a line ending with one of them is missing its continuation. */
const continuations = new Set([
  "Plus",
  "Minus",
  "Times",
  "Divide",
  "Coalesce",
  "Equals",
  "NotEq",
  "Less",
  "LessEq",
  "Greater",
  "GreaterEq",
  "Comma",
  "Colon",
  "LParen",
  "LBracket",
  "And",
  "Or",
  "Not",
  "If",
  "Then",
  "Else",
  "Where",
  "Per",
  "Of",
  "In",
  "Is",
  "For",
]);

/**
 * A full stop, which a statement has no use for: dropped, it changes no word the parser reads. Not ！ or ？, which do
 * (`！=` typed for != dropped to `=` says the opposite; a review found a false finding so), nor ，、；, which the lexer
 * reads as tokens of their own.
 */
const SENTENCE_PUNCTUATION = /^。+$/u;

/**
 * A lexer error that is only a full stop between or after whole words (`"区县政府"。`, `瞒报 > 0。`): the tokens
 * without it are those the writer meant. Not inside a word (`区县。市直部门`), nor a % or a bracket, which do carry
 * meaning (`工单数%` read as 工单数).
 */
function isStrayPunctuation(text: string, e: ILexingError): boolean {
  if (!SENTENCE_PUNCTUATION.test(text.slice(e.offset, e.offset + e.length))) return false;
  const word = /[\p{L}\p{N}_]/u;
  return !(word.test(text.charAt(e.offset - 1)) && word.test(text.charAt(e.offset + e.length)));
}

/**
 * The lexer's errors as the parser's, each at a token of its line (the one before the character, else the one after),
 * for `semanticBesideSyntaxErrors` to leave out the statement around it. A line with no token breaks nothing.
 */
function lexicalBreaks(errors: readonly ILexingError[], tokens: IToken[]): IRecognitionException[] {
  return errors.flatMap((e) => {
    const after = tokenIndex(tokens, { startOffset: e.offset, tokenType: T.Identifier } as IToken);
    const token = [tokens[after - 1], tokens[after]].find((t) => t !== undefined && t.startLine === e.line);
    return token ? [{ name: "LexingError", message: e.message, token, resyncedTokens: [], context: { ruleStack: [], ruleOccurrenceStack: [] } }] : [];
  });
}

/**
 * The semantic checks of a file with syntax errors, without what the broken text may have caused. A
 * statement broken inside a `monthly`/`yearly` block hides its own member (an item, a section, a window …);
 * a broken `ranking` hides the ranking; any other broken declaration (a category, a measure, a field …) may
 * have hidden or changed a name anything refers to, so then only the findings that depend on no other
 * declaration are kept. Findings on the broken lines, on the lines recovery skipped, about the names written
 * there, about an assessment with a broken member, about the file as a whole (no ranking) or about unused
 * declarations are never reported.
 */
function semanticBesideSyntaxErrors(ast: Rubric, tokens: IToken[], errors: IRecognitionException[], parsed: Set<number>, text: string): Diagnostic[] {
  if (tokens.length === 0) return [];
  const brokenLines = new Set<number>();
  const addLines = (a: number, b: number) => {
    for (let l = a; l <= b; l++) brokenLines.add(l);
  };
  const lineOf = (i: number) => (tokens[i] as IToken).startLine ?? 1;
  const declarationAt = (i: number) => isDeclarationStart(tokens, i);
  const isMemberStart = (i: number) =>
    isLineStart(tokens, i) && ((tokens[i] as IToken).startColumn ?? 1) <= 3 && statementStarts.has((tokens[i] as IToken).tokenType.name);
  // the lines of assessments with a broken member: findings about the assessment as a whole are not reported there
  const assessmentLines = new Set<number>();
  const back = (i: number, stop: (j: number) => boolean) => {
    let j = i;
    while (j > 0 && !stop(j)) j--;
    return j;
  };
  const forward = (i: number, stop: (j: number) => boolean) => {
    let j = i + 1;
    while (j < tokens.length && !stop(j)) j++;
    return j - 1;
  };
  // a broken declaration of what everything reads without naming it (a category, the sources, assessed at …)
  let declarationBroken = false;
  // a broken declaration that is read by its name (a measure, an event, an orders block's field …)
  let namedBroken = false;
  // the lines of broken declarations (and of the text recovery skipped), not of a broken member of an assessment
  const declarationLines = new Set<number>();
  let windowBroken = false;
  // assessments with a broken member: their reach and items may have changed, so a finding elsewhere that names one
  // (an item worth 24 of `20% × 综合管理` said out of reach) may be the break's doing
  const brokenAssessments = new Set<string>();
  for (const e of errors) {
    const at = Math.min(tokenIndex(tokens, e.token), tokens.length - 1);
    // a line ending too early (`a and` ⏎) breaks its own statement and the next
    const from = at > 0 && lineOf(at - 1) !== lineOf(at) ? at - 1 : at;
    const declaration = back(from, declarationAt);
    const kind = declarationAt(declaration) ? (tokens[declaration] as IToken).tokenType.name : "Rubric";
    if ((kind === "Monthly" || kind === "Yearly") && lineOf(from) !== lineOf(declaration)) {
      const member = back(from, isMemberStart);
      for (let l = lineOf(declaration); l <= ((tokens[forward(at, declarationAt)] as IToken).endLine ?? lineOf(at)); l++) assessmentLines.add(l);
      addLines(lineOf(member), (tokens[forward(at, isMemberStart)] as IToken).endLine ?? lineOf(at));
      // an assessment's window is compared with the windows of the assessments it reads, and theirs with it
      if ((tokens[member] as IToken).tokenType.name === "Window") windowBroken = true;
      const name = tokens[declaration + 1];
      if (name?.tokenType.name === "Identifier") brokenAssessments.add(name.image);
    } else {
      addLines(lineOf(declaration), (tokens[forward(at, declarationAt)] as IToken).endLine ?? lineOf(at));
      for (let l = lineOf(declaration); l <= ((tokens[forward(at, declarationAt)] as IToken).endLine ?? lineOf(at)); l++) declarationLines.add(l);
      if (kind !== "Rubric" && kind !== "Ranking") {
        if (namedDeclarations.has(kind)) namedBroken = true;
        else declarationBroken = true;
      }
    }
  }
  for (const t of tokens) {
    if (parsed.has(t.startOffset)) continue;
    addLines(t.startLine ?? 1, t.endLine ?? t.startLine ?? 1);
    declarationLines.add(t.startLine ?? 1);
  }
  // the names in the broken text, but for those declared whole elsewhere (工单数 read in a broken ranking): a finding
  // that names one is about that declaration, which the break did not touch
  const touches = (r: Range) => {
    for (let l = r.start.line; l <= r.end.line; l++) if (brokenLines.has(l)) return true;
    return false;
  };
  const intact = new Set<string>();
  for (const d of ast.declarations) {
    if (!("name" in d) || typeof d.name !== "string" || touches(d.range)) continue;
    intact.add(d.name);
    if (d.kind === "assessment") for (const item of d.parts.flatMap(itemsOf)) intact.add(item.code);
  }
  const brokenNames = new Set(
    tokens.filter((t) => t.tokenType.name === "Identifier" && brokenLines.has(t.startLine ?? 0) && !intact.has(t.image)).map((t) => t.image),
  );
  // the declarations (from their keyword in column 1 to the next), each with the names it declares and reads: a finding
  // in one that reads, however indirectly, a broken declaration or a name written in broken text may be the break's doing
  const declarations = declarationsOf(tokens, brokenLines);
  const tainted = new Set(brokenNames);
  for (const t of declarations.flatMap((x) => x.declares)) if (brokenLines.has(t.startLine ?? 0)) tainted.add(t.image);
  // (and every word of the broken lines as written: a name an unclosed quote made text is no token)
  const lines = text.split("\n");
  for (const l of brokenLines) for (const w of lines[l - 1]?.match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? []) if (!intact.has(w)) tainted.add(w);
  // the declaration before a broken one may have been meant to go on (`… where 受理时⏎指标 间 in period` ends early)
  for (const [i, x] of declarations.entries()) {
    const before = declarations[i - 1];
    if (before && x.lines.some((l) => declarationLines.has(l))) for (const l of before.lines) declarationLines.add(l);
  }
  const declaring = new Map<string, Declared[]>();
  for (const x of declarations) for (const t of x.declares) declaring.set(t.image, [...(declaring.get(t.image) ?? []), x]);
  // asked of each finding: the answer is the declaration's, kept (a chain of values each reading the last was quadratic)
  const brokenReads = new Map<Declared, boolean>();
  const readsBroken = (x: Declared): boolean => {
    const known = brokenReads.get(x);
    if (known !== undefined) return known;
    const answer = followsBroken(x);
    brokenReads.set(x, answer);
    return answer;
  };
  const followsBroken = (x: Declared) => {
    const seen = new Set<Declared>([x]);
    const queue = [x];
    for (let y = queue.pop(); y !== undefined; y = queue.pop()) {
      if (y.lines.some((l) => declarationLines.has(l))) return true;
      for (const name of y.reads) {
        if (tainted.has(name)) return true;
        // a name no declaration has, made of broken words (`市转办、工单数` declares neither 市转办 nor 市转办工单数)
        if (!declaring.has(name) && [...tainted].some((b) => name.includes(b))) return true;
        for (const z of declaring.get(name) ?? []) {
          if (seen.has(z)) continue;
          seen.add(z);
          queue.push(z);
        }
      }
    }
    return false;
  };
  // the member of an assessment at an offset, with the names it reads but not those it declares
  const memberAt = (offset: number): Declared | undefined => {
    const at = Math.min(tokenIndex(tokens, { startOffset: offset, tokenType: T.Identifier } as IToken), tokens.length - 1);
    const edge = (j: number) => isMemberStart(j) || declarationAt(j);
    const from = back(at, edge);
    if (!isMemberStart(from) || declarationAt(from)) return undefined;
    const inside = tokens.slice(from, forward(from, edge) + 1);
    const declares = inside.filter((t, j) => j > 0 && t.tokenType.name === "Identifier" && namingStarts.has((inside[j - 1] as IToken).tokenType.name));
    const lines: number[] = [];
    for (let l = lineOf(from); l <= ((inside.at(-1) as IToken).endLine ?? lineOf(from)); l++) lines.push(l);
    const reads = inside.filter((t) => t.tokenType.name === "Identifier" && !declares.includes(t) && !brokenLines.has(t.startLine ?? 0));
    return { lines, declares, reads: new Set(reads.map((t) => t.image)) };
  };
  const declarationOfLine = (line: number) => declarations.find((x) => x.lines[0] !== undefined && x.lines[0] <= line && line <= (x.lines.at(-1) ?? 0));
  // a broken ranking block (or a stray `ranking`) may be read as a second one, or as one that names nothing
  const rankingBroken = tokens.some((t) => t.tokenType.name === "Ranking" && brokenLines.has(t.startLine ?? 0));
  let found: Diagnostic[];
  try {
    // a declaration recovery made up (its name missing) is no declaration at all
    const declarations = ast.declarations.filter((d) => !("name" in d) || (typeof d.name === "string" && d.name !== ""));
    found = [...numberLiterals(tokens), ...checkRubric({ ...ast, declarations }, undefined, T.keywordLanguage(tokens))];
  } catch {
    return []; // a tree too broken to check: the syntax errors say enough
  }
  const never = new Set<string>([Codes.MissingHeader, Codes.MissingRanking, Codes.Unused]);
  return found.filter((d) => {
    const { start, end } = d.range;
    if (!Number.isFinite(start.line) || !Number.isFinite(end.line) || !Number.isFinite(start.offset) || start.line < 1) return false;
    if (end.offset <= start.offset && start.offset === 0) return false; // placed nowhere: made of recovered parts
    if (never.has(d.code)) return false;
    // a name said unknown: right unless the break hid its declaration (its name is in the broken text) or changed what
    // the statement it is in reads (its population, a name it reads in turn): the statement's own reads are followed,
    // an assessment's member's without the rest of the assessment
    if (unknownNames.has(d.code) && (declarationBroken || namedBroken)) {
      const x = memberAt(start.offset) ?? declarationOfLine(start.line);
      if (x === undefined || readsBroken(x)) return false;
    } else if (!selfContained.has(d.code)) {
      if (declarationBroken) return false;
      const x = namedBroken ? declarationOfLine(start.line) : undefined;
      if (namedBroken && (x === undefined || readsBroken(x))) return false;
    }
    if (windowBroken && d.code === Codes.BadWindow) return false;
    // mean() said out of place in an assessment whose window is the broken line (`window 季度`): the window decides
    if (windowBroken && d.code === Codes.WrongLevel && assessmentLines.has(start.line)) return false;
    if (rankingBroken && (d.code === Codes.Repeated || d.code === Codes.BadRankingTarget)) return false;
    if (assessmentWide.has(d.code) && assessmentLines.has(start.line)) return false;
    // (a range recovery ended before it started counts from its start)
    for (let l = start.line; l <= Math.max(start.line, end.line); l++) if (brokenLines.has(l)) return false;
    // the name it is about, written or split in the broken text (`满 item 意` hides the item 满意)
    const subject = text.slice(start.offset, end.offset + 1).trim();
    if (subject !== "" && !intact.has(subject) && [...brokenNames].some((b) => subject.includes(b) || b.includes(subject))) return false;
    const words = d.message.replace(/（是否想写[^）]*）/g, "").split(/[\s“”（）()，,：:；;'、？?。]+/);
    return !words.some((w) => brokenNames.has(w) || brokenAssessments.has(w));
  });
}

/** The declarations read by name. */
const namedDeclarations = new Set<string>(["Event", "Fact", "Orders", "Events", "Population", "Measure", "Rate", "Value", "Monthly", "Yearly"]);

/** Findings that a name is not declared: caused by a break only where the break hides the declaration of that name. */
const unknownNames = new Set<string>([
  Codes.UnknownName,
  Codes.UnknownCategory,
  Codes.UnknownPer,
  Codes.UnknownPopulation,
  Codes.UnknownFunction,
  Codes.UnknownEventType,
]);

/**
 * A declaration of the file: its lines, the names it declares (its own, its fields', its items') and the names it reads
 * outside the broken lines (those of a broken member are left out with the member).
 */
interface Declared {
  lines: number[];
  declares: IToken[];
  reads: Set<string>;
}

function declarationsOf(tokens: IToken[], brokenLines: ReadonlySet<number>): Declared[] {
  const out: Declared[] = [];
  let current: (Declared & { last: number }) | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as IToken;
    if (isDeclarationStart(tokens, i) || current === undefined) {
      current = { lines: [], declares: [], reads: new Set(), last: 0 };
      out.push(current);
    }
    if (t.tokenType.name === "Identifier") {
      if (!brokenLines.has(t.startLine ?? 0)) current.reads.add(t.image);
      if (i > 0 && namingStarts.has((tokens[i - 1] as IToken).tokenType.name)) current.declares.push(t);
    }
    const first = current.lines[0] ?? t.startLine ?? 1;
    for (let l = Math.max(first, current.last + 1); l <= (t.endLine ?? t.startLine ?? first); l++) current.lines.push(l);
    current.last = current.lines.at(-1) ?? first;
  }
  return out;
}

/** Findings about an assessment's members together (bands, codes, sections, what total reads, the items' sum). */
const assessmentWide = new Set<string>([
  // (an item whose points were left out sums to NaN: `合计只有 NaN 分` was said at rescale)
  Codes.FullMarksMismatch,
  Codes.BadBands,
  Codes.Repeated,
  Codes.DuplicateItem,
  Codes.SectionMismatch,
  Codes.InapplicableItemRead,
  Codes.NothingToRescale,
  Codes.Cycle,
  Codes.BadWindow,
]);

/** Findings that depend on no other declaration: still right when a declaration elsewhere is broken. */
const selfContained = new Set<string>([
  Codes.InvalidPeriod,
  Codes.WeightMismatch,
  Codes.SectionMismatch,
  Codes.BadBands,
  Codes.DuplicateItem,
  Codes.BadRankingStatement,
  Codes.Repeated,
  Codes.BadNumber,
  Codes.NumberLimit,
]);

/** What each grammar rule is called in a message, in Chinese (its English keywords put in Chinese for a Chinese file) and English. */
export const ruleNames: Record<string, [string, string]> = {
  header: ["文件头（rubric … version … in force from …）", "the header (rubric … version … in force from …)"],
  declaration: ["文件的这一层", "a declaration"],
  categoryDecl: ["类别声明（category）", "the category statement"],
  sourcesDecl: ["工单来源清单（sources）", "the sources statement"],
  eventDecl: ["事件类型声明（event）", "the event statement"],
  factDecl: ["年度事实声明（fact）", "the fact statement"],
  recordBlock: ["记录字段声明（orders { … } / events { … }）", "the orders { … } / events { … } block"],
  attributeDecl: ["扩展属性声明（attribute）", "the attribute statement"],
  fieldDecl: ["派生字段（field）", "the field statement"],
  assessedAt: ["考核时点（assessed at end of period / assessed at end of next month / assessed at day N of next month）", "the assessed at statement"],
  populationDecl: ["考核范围（population）", "the population statement"],
  measureDecl: ["计数/求和（measure）", "the measure statement"],
  rateDecl: ["比率（rate）", "the rate statement"],
  valueDecl: ["数值定义（value）", "the value statement"],
  assessmentDecl: ["考核（monthly / yearly）", "the monthly / yearly block"],
  windowDecl: ["考核周期（window）", "the window statement"],
  windowDate: ["考核周期的日期", "the window's date"],
  timeOfDay: ["考核周期的时刻（at HH:MM）", "the window's time (at HH:MM)"],
  itemDecl: ["考核项（item / bonus）", "the item statement"],
  itemCode: ["考核项的代号", "the item's code"],
  categoryFilter: ["适用类别（for …）", "the for … list of categories"],
  itemStatement: ["考核项内的语句", "a statement inside the item"],
  adjustment: ["扣分/加分（deduct / add）", "the deduct / add statement"],
  sectionDecl: ["考核部分（section）", "the section statement"],
  totalDecl: ["总分（total）", "the total statement"],
  rescaleDecl: ["折算（rescale to）", "the rescale to statement"],
  bandDecl: ["等次（band）", "the band statement"],
  vetoDecl: ["一票否决（veto）", "the veto statement"],
  sanctionDecl: ["处理措施（sanction）", "the sanction statement"],
  reportDecl: ["通报指标（report）", "the report statement"],
  rankingDecl: ["排名规则（ranking）", "the ranking block"],
  rankingStatement: ["排名规则内的语句", "a statement inside the ranking block"],
  groupDecl: ["分组（within groups）", "the groups block"],
  orderKey: ["排序依据（order by）", "the order by statement"],
  expression: ["表达式", "an expression"],
  orExpression: ["表达式", "an expression"],
  andExpression: ["表达式", "an expression"],
  notExpression: ["表达式", "an expression"],
  comparison: ["表达式", "an expression"],
  coalesceExpression: ["表达式", "an expression"],
  additive: ["表达式", "an expression"],
  multiplicative: ["表达式", "an expression"],
  unary: ["表达式", "an expression"],
  primary: ["表达式", "an expression"],
  argument: ["函数的参数", "a function's argument"],
};

/** The statement an error is in: the innermost rule that is not an expression (expressions are named by their statement). */
function statementRule(e: IRecognitionException): string {
  const stack = e.context?.ruleStack ?? [];
  for (let i = stack.length - 1; i >= 0; i--) {
    const r = stack[i] as string;
    if (ruleNames[r]?.[0] !== "表达式" && r !== "argument") return r;
  }
  return stack[stack.length - 1] ?? "";
}

/** The statements a ranking block holds: listed for an error in the block and in one of its statements alike. */
const rankingForms = [
  "monthly …",
  "yearly …",
  "volume …",
  "within category",
  "within all",
  "within groups { … }",
  "within … for yearly",
  "order by …",
  "ties shared",
  "ties by unit code",
  "round N decimals",
  "minimum volume N",
];

/**
 * The forms a statement allows, listed when what follows its keyword fits none of them: `window mnth`
 * reads “可写：month、quarter …”. In a file written with Chinese keywords the list reads in Chinese.
 */
export const formsOf: Record<string, string[]> = {
  windowDecl: ["month", "month from day N [at HH:MM]", "quarter", "half year", "year to date", "from MM-DD to MM-DD", "year"],
  timeOfDay: ["at HH:MM"],
  assessedAt: ["assessed at end of period", "assessed at end of next month", "assessed at day N of next month"],
  assessmentDecl: ["window", "item", "bonus", "section", "total", "rescale to", "band", "veto", "report", "sanction"],
  itemStatement: ["base N", "weight N%", "at least N", "deduct N per …", "deduct N if …", "add N per …", "add N if …"],
  adjustment: ["deduct N per …", "deduct N if …", "deduct recorded per …", "add N per …", "add N if …"],
  rankingDecl: rankingForms,
  rankingStatement: rankingForms,
  comparison: ["in period", "in previous period", "not in period", "in [ … ]", "not in [ … ]", "is missing", "is not missing"],
  declaration: [
    "category",
    "event",
    "fact",
    "orders { … }",
    "events { … }",
    "assessed at …",
    "population",
    "measure",
    "rate",
    "value",
    "monthly",
    "yearly",
    "ranking",
  ],
};

function formsHint(rule: string): [string, string] {
  const forms = formsOf[rule];
  if (!forms) return ["", ""];
  return [`；可写：${forms.join("、")}`, `; the forms allowed here are: ${forms.join(", ")}`];
}

const tokenDescriptions: Record<string, [string, string]> = {
  Identifier: ["名称", "a name"],
  NumberLiteral: ["数字", "a number"],
  PercentLiteral: ["百分数", "a percentage"],
  StringLiteral: ["带双引号的文字", 'a text in double quotes ("…")'],
  DateLiteral: ["年月（如 2017-09）", "a year and month (e.g. 2017-09)"],
  LCurly: ["“{”", "'{'"],
  RCurly: ["“}”", "'}'"],
  LParen: ["“(”", "'('"],
  RParen: ["“)”", "')'"],
  LBracket: ["“[”", "'['"],
  RBracket: ["“]”", "']'"],
  Equals: ["“=”", "'='"],
  Comma: ["“,”", "','"],
  Colon: ["“:”", "':'"],
  Minus: ["“-”", "'-'"],
  Semicolon: ["“;”", "';'"],
  EOF: ["文件结尾", "the end of the file"],
};

/** A token the parser expected, named as the file writes its keywords (“分” in a Chinese file, “points” in an English one). */
function describeToken(name: string, language: T.KeywordLanguage): string {
  if (tokenDescriptions[name]) return (tokenDescriptions[name] as [string, string])[0];
  const k = T.keywordTable.find((x) => x.token.name === name);
  if (!k) return "其他内容";
  if (language === "zh" && k.zh === null) {
    // a keyword written in Chinese only as a phrase's first word (`when` of 分母为零时 and 无记录时, `up` of 最多)
    const phrases = T.phraseTable.filter((p) => p.tokens[0] === k.token).map((p) => `“${p.zh}”`);
    if (phrases.length > 0) return phrases.join("或");
  }
  return `“${language === "zh" && k.zh !== null ? k.zh : k.en}”`;
}

/**
 * A Chinese keyword phrase written as two or three words on one line from the token at `at` or the one before
 * (`施行 自`, `分母为零 时`, `最 多`), or null.
 */
function phraseInPieces(tokens: readonly IToken[], at: number): { written: string; zh: string; en: string; range: Range } | null {
  for (const start of [at, at - 1]) {
    for (const n of [3, 2]) {
      const pieces = tokens.slice(start, start + n);
      if (start < 0 || pieces.length < n || pieces.some((t) => t.startLine !== pieces[0]?.startLine)) continue;
      const joined = pieces.map((t) => t.image).join("");
      const phrase = T.phraseTable.find((p) => p.zh === joined);
      if (phrase) {
        const first = pieces[0] as IToken;
        const last = pieces[n - 1] as IToken;
        return {
          written: pieces.map((t) => t.image).join(" "),
          zh: phrase.zh,
          en: phrase.en,
          range: { start: rangeOfToken(first).start, end: rangeOfToken(last).end },
        };
      }
    }
  }
  return null;
}

/** The same in English, for the English line. */
function describeTokenEn(name: string): string {
  if (tokenDescriptions[name]) return (tokenDescriptions[name] as [string, string])[1];
  const k = T.keywordTable.find((x) => x.token.name === name);
  return k ? `'${k.en}'` : "something else";
}

const chineseKeywords = [...T.keywordNames].filter((k) => T.isChineseSpelling(k) && k.length >= 3);
/**
 * The two-character Chinese keywords that go on a statement in the middle of its line (其中, 属于, 否则), guessed from
 * there only: 数量 after a formula is a name, not a misspelt 数值.
 */
const chineseTwoCharacterKeywords = ["where", "in", "else"].map((en) => T.spell(en, "zh")).filter((w) => [...w].length === 2);
/** The Chinese words a declaration begins with (`指标`, `数值` …): a two-character word where one belongs is a misspelt one. */
const chineseDeclarationWords = ["category", "event", "fact", "population", "measure", "rate", "value", "monthly", "yearly", "ranking"]
  .map((en) => T.spell(en, "zh"))
  .filter((w) => [...w].length === 2);
const englishKeywordNames = [...T.keywordNames].filter((k) => /^[a-z]+$/.test(k));

/** Each word of a list to the keyword (English spelling, as T.spell takes it) it is written for. */
const meaning = (keyword: string, words: string[]) => words.map((w): [string, string] => [w, keyword]);

/**
 * Words policy texts begin a statement with for a keyword, too far from its spelling for a misspelling's guess: the
 * ranking's order within each category (按类别排名 for 类别内), a rescaling (按比例折算为 for 折算为), a bonus item
 * (加分 for 加分项).
 */
const statementWords = new Map<string, string>([
  ...meaning("within category", ["按类别排名", "分类别排名", "分类排名", "按类别", "类别内排名", "按类别分别排名"]),
  ...meaning("within all", ["统一排名", "不分类别排名", "不分类排名", "全部统一排名"]),
  ...meaning("rescale to", ["按比例折算为", "按比例折算", "折合为", "换算为"]),
  ...meaning("bonus", ["加分", "附加分", "奖励分"]),
]);

/**
 * Words a regulation writes where a keyword stands, guessed wherever the parser stops at them: 每次 for 每, 减 for 扣,
 * 从高到低 for 降序. Too far from the keyword's spelling (or too short) for a misspelling's guess.
 */
const policyWords = new Map<string, string>([
  ...meaning("per", ["每次", "每件", "每起", "每项", "每例", "每条", "每人次"]),
  ...meaning("deduct", ["减", "减去", "扣除", "减分"]),
  ...meaning("desc", ["从高到低", "由高到低", "从大到小", "由大到小", "倒序"]),
  ...meaning("asc", ["从低到高", "由低到高", "从小到大", "由小到大", "正序"]),
  // a period as a regulation names it (按年度 was taken for a misspelt 按季度: found by a helper)
  ...meaning("year", ["按年度", "按年份", "按全年", "年度"]),
  ...meaning("month", ["按月度", "按月份", "逐月"]),
  ...meaning("quarter", ["按季", "按季节", "逐季"]),
]);

/** Words a regulation writes for what the language says otherwise: what to write instead, in both languages. */
const otherwiseWritten = new Map<string, [string, string]>([
  ...["不高于", "不超过", "最高", "封顶", "至多"].map((w): [string, [string, string]] => [
    w,
    [
      "（考核项的分值就是它的上限，扣分扣完为止；公式的得分要封顶，写 min(分值, 公式)）",
      " (an item's points are its cap; to cap a formula, write min(points, formula))",
    ],
  ]),
  ...["包含", "含有", "包括"].map((w): [string, [string, string]] => [
    w,
    ['（没有“包含”：等于某个文字写 =，几种之一写 属于 ["满意", "基本满意"]）', ' (no \'contains\': write = for one text, in ["满意", "基本满意"] for several)'],
  ]),
  // a condition as a regulation words it (如果 was read as a name, and the error fell on the word after: a rubric author)
  ...["如果", "假如", "假若", "要是", "如", "若是", "否则如果"].map((w): [string, [string, string]] => [
    w,
    ["（条件写作 若 … 则 … 否则 …，如 若 回访率 >= 90% 则 10 否则 若 回访率 >= 80% 则 5 否则 0）", " (a condition is written if … then … else …)"],
  ]),
  ...["那么", "就"].map((w): [string, [string, string]] => [
    w,
    ["（条件写作 若 … 则 … 否则 …：“那么”写作 则）", " (a condition is written if … then … else …)"],
  ]),
  // comparisons in words
  ...(
    [
      [["大于等于", "大于或等于", "不小于", "以上"], ">=", "不低于"],
      [["小于等于", "小于或等于", "不大于", "以下"], "<=", "不高于"],
      [["大于", "高于", "超过"], ">", null],
      [["小于", "低于", "不足"], "<", null],
      [["等于"], "=", null],
      [["不等于"], "!=", null],
    ] as const
  ).flatMap(([words, op, band]) =>
    words.map((w): [string, [string, string]] => [
      w,
      [
        `（比较写作 ${op}，如 回访率 ${op} 90%${band ? `；等次写作 评为 优秀 ${band} 90` : ""}）`,
        ` (a comparison is written ${op}, e.g. 回访率 ${op} 90%${band ? `; a band is band 优秀 at least 90` : ""})`,
      ],
    ]),
  ),
  // 扣完为止: what an item's deductions do already
  ...["扣完为止", "扣完即止", "扣至零分为止", "扣完该项分值为止"].map((w): [string, [string, string]] => [
    w,
    [
      "（考核项的扣分以它的分值为限，本就扣完为止：删去即可；要接着从总分中扣，在这一条末尾写 不封顶）",
      " (an item's deductions stop at its points already: delete it; to go on deducting from the total, end the line with continuing)",
    ],
  ]),
]);

/**
 * Words written for a type where an attribute's or a fact's type belongs (时间 for 日期时间; 数值, itself the keyword
 * of a value, for 数字): asked about there only, as elsewhere they may well be names.
 */
const typeWords = new Map<string, string>([
  ...meaning("datetime", ["时间", "日期", "时刻", "日期型", "时间型"]),
  ...meaning("number", ["数值", "数值型", "整数", "小数", "数量"]),
  ...meaning("text", ["文字", "字符", "字符串", "文本型"]),
  ...meaning("yesno", ["布尔", "是否型"]),
]);

/**
 * The name two names in a row on one line were meant as (`行政 不作为` for 行政不作为): a name written elsewhere in the
 * file, the two joined or close to them.
 */
function spacedName(tokens: IToken[], at: number): string | undefined {
  const [previous, token] = [tokens[at - 1], tokens[at]];
  if (previous?.tokenType !== T.Identifier || token?.tokenType !== T.Identifier || previous.endLine !== token.startLine) return undefined;
  const joined = previous.image + token.image;
  const names = new Set(tokens.filter((t, i) => t.tokenType === T.Identifier && i !== at && i !== at - 1).map((t) => t.image));
  if (names.has(joined)) return joined;
  // (a near name must take from both words: `满意率 不高于` is a name and a regulation's word, not 满意率 misspelt)
  const near = closest(joined, names);
  const fromBoth = (n: string) => [previous.image, token.image].every((w) => [...w].some((ch) => n.includes(ch)) && !n.includes(w) && !w.includes(n));
  return near !== undefined && fromBoth(near) ? near : undefined;
}

/**
 * `month 月度考核 {` (`按月 月度考核 {`) where a declaration starts: the window's word written for the assessment's
 * keyword, in the file's spelling; a quarter's assessment is a monthly one with a quarter's window.
 */
function periodWordHint(token: IToken): [string, string] | null {
  const zh = T.isChineseSpelling(token.image);
  const say = (en: string) => T.spell(en, zh ? "zh" : "en");
  if (token.tokenType === T.MonthKw || token.tokenType === T.YearKw) {
    const meant = token.tokenType === T.MonthKw ? "monthly" : "yearly";
    return [`（是否想写 ${say(meant)}？）`, ` (did you mean '${meant}'?)`];
  }
  if (token.tokenType === T.QuarterKw)
    return [
      `（季度考核写作 ${say("monthly")} 名称 { ${say("window")} ${say("quarter")} … }）`,
      " (a quarter's assessment is written monthly name { window quarter … })",
    ];
  return null;
}

/** `（是否想写 类别内？）` and its English, for the keyword a word is written for. */
const meantHint = (meant: string): [string, string] => [`（是否想写 ${T.spell(meant, "zh")}？）`, ` (did you mean '${meant}'?)`];

/** A token as an error quotes it: a long one (a word pasted whole) by its start and its length. */
function shortened(image: string, longest = 40): string {
  const chars = [...image];
  return chars.length <= longest ? image : `${chars.slice(0, 30).join("")}…（共 ${chars.length} 个字符）`;
}

const LONG_WORD = /[\p{L}\p{N}_]{201,}/u;

/** A word of more than 200 letters a message quotes (a name of 100,000 characters, "未定义的名称 工工工…"): shortened. */
function shortNames(d: Diagnostic): Diagnostic {
  if (!LONG_WORD.test(d.message) && !LONG_WORD.test(d.messageEn)) return d;
  const long = new RegExp(LONG_WORD.source, "gu");
  return { ...d, message: d.message.replace(long, (w) => shortened(w, 200)), messageEn: d.messageEn.replace(long, (w) => shortened(w, 200)) };
}

/** A misspelt keyword (`dedcut`, `考核相`) reads as a name: which keyword was probably meant. */
function keywordHint(image: string, declarationStart = false, midLine = false): [string, string] {
  const meant = statementWords.get(image) ?? policyWords.get(image);
  if (meant) return meantHint(meant);
  const instead = otherwiseWritten.get(image);
  if (instead) return instead;
  // 考核截至次月 alone, 考核截至次月第5日, 考核截至次月五日: the day of next month written otherwise (or not at all)
  if (image.startsWith(T.DayOfNextMonthWording.head)) {
    return [
      `（考核时点写作 ${T.spell("assessed at end of next month", "zh")}，或 考核截至次月 N 日（N 是 1 到 28 的数字），如 考核截至次月 5 日）`,
      " (the assessment time is written 'assessed at end of next month', or 'assessed at day N of next month' with N from 1 to 28, e.g. 'assessed at day 5 of next month')",
    ];
  }
  const chinese = T.isChineseSpelling(image);
  // two characters are guessed from only where few words can stand: a statement's start, or the middle of a line a
  // statement ended early on (`计数 本期工单 期中 …`: 其中 was meant)
  const pool = /^[a-z]+$/.test(image)
    ? englishKeywordNames
    : chinese && image.length >= 3
      ? chineseKeywords
      : chinese && midLine && image.length === 2
        ? chineseTwoCharacterKeywords
        : chinese && declarationStart && image.length === 2
          ? chineseDeclarationWords
          : [];
  return [suggest(image, pool), suggestEn(image, pool)];
}

/**
 * The adjustment a cap was written on (`deduct 1 per 不满意件数 up to 5`, the cap's token at `at`) as it can be written:
 * `deduct min(5, 1 × 不满意件数)`; null when it is not a number per a count (`deduct per 推诿扯皮`: an event type is no
 * value to multiply).
 */
function cappedAdjustment(tokens: readonly IToken[], at: number): string | null {
  // back to the deduct (add) of the cap's own line
  const line = tokens[at]?.startLine;
  let start = at - 1;
  while (start > 0 && tokens[start]?.startLine === line && tokens[start]?.tokenType !== T.DeductKw && tokens[start]?.tokenType !== T.AddKw) start--;
  const words = tokens.slice(start, at);
  if (words[0]?.tokenType !== T.DeductKw && words[0]?.tokenType !== T.AddKw) return null;
  const per = words.findIndex((t) => t.tokenType === T.PerKw);
  const amount = words[1];
  const counted = per >= 0 ? words[per + 1] : undefined;
  const cap = tokens.slice(at + 1, at + 3).find((t) => t.tokenType.name === "NumberLiteral");
  if (amount?.tokenType.name !== "NumberLiteral" || !counted || !cap) return null;
  const verb = words[0]?.image;
  // an event type is no number to multiply: its events are counted first, into a measure of the file's own words
  const count = eventCount(tokens, counted.image, T.isChineseSpelling(verb ?? ""));
  if (count) return `${count.declaration}，再写 ${verb} min(${cap.image}, ${amount.image} × ${count.measure})`;
  return `${verb} min(${cap.image}, ${amount.image} × ${counted.image})`;
}

/**
 * When `name` is an event type the file declares: the measure counting its events, written in the file's words
 * (`指标 行政不作为次数 = 求和 本期事件 的 次数 其中 事件类型 = 行政不作为`, its events population's name); else null.
 */
function eventCount(tokens: readonly IToken[], name: string, zh: boolean): { measure: string; declaration: string } | null {
  if (!tokens.some((t, i) => t.tokenType === T.EventKw && tokens[i + 1]?.image === name)) return null;
  // the file's events population (`population 事件 "…" = events where …`)
  const population =
    tokens.find((_, i) => tokens[i - 1]?.tokenType === T.PopulationKw && tokens.slice(i + 1, i + 4).some((t) => t.tokenType === T.EventsKw))?.image ??
    "本期事件";
  const measure = `${name}次数`;
  return { measure, declaration: eventCountDeclaration(name, measure, population, zh ? "zh" : "en") };
}

/** Keywords that begin a statement of their own (an item, a section, an assessment, a declaration): never inside a statement. */
const OPENS_STATEMENT: ReadonlySet<TokenType> = new Set([
  T.ItemKw,
  T.BonusKw,
  T.SectionKw,
  T.MonthlyKw,
  T.YearlyKw,
  T.RankingKw,
  T.MeasureKw,
  T.RateKw,
  T.ValueKw,
  T.PopulationKw,
  T.EventKw,
  T.FactKw,
  T.CategoryKw,
]);

/** Keywords that begin an item, a section, an assessment or the ranking: what follows a block whose } was forgotten. */
const OPENS_PART: ReadonlySet<TokenType> = new Set([T.ItemKw, T.BonusKw, T.SectionKw, T.MonthlyKw, T.YearlyKw, T.RankingKw]);

/**
 * Keywords that begin a statement of an assessment itself, never of an item, a bonus or a section (`veto`, `sanction`,
 * `band`, `total` …): one met on its own line inside an item, a bonus or a section is what follows a block whose } was
 * forgotten too (`bonus 主动作为 … {` ⏎ `add 1 per 主动协调解决` ⏎ `veto …`, found by a policy officer).
 */
const OPENS_ASSESSMENT_STATEMENT: ReadonlySet<TokenType> = new Set([T.VetoKw, T.SanctionKw, T.BandKw, T.TotalKw, T.RescaleKw, T.WindowKw, T.ReportKw]);
/** The blocks inside an assessment, where an assessment's own statement cannot stand. */
const INSIDE_ASSESSMENT: ReadonlySet<TokenType> = new Set([T.ItemKw, T.BonusKw, T.SectionKw]);

/**
 * A block whose } is missing, when the parser wanted that } and met the next statement instead (`item 十个新突破 … {`
 * whose closing brace was deleted, found at the next `item`): its first line and first words, to be named.
 */
function unclosedBlock(e: IRecognitionException, tokens: readonly IToken[], at: number): { line: number; head: string } | null {
  const found = tokens[at];
  // (a declaration of the file's top level met there is said as misplaced, further on)
  if (e.name !== "MismatchedTokenException" || !e.message.includes("RCurly") || at <= 0 || !found) return null;
  const assessmentStatement = OPENS_ASSESSMENT_STATEMENT.has(found.tokenType);
  if (!OPENS_PART.has(found.tokenType) && !assessmentStatement) return null;
  if ((tokens[at - 1] as IToken).endLine === found.startLine) return null;
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const t = tokens[i] as IToken;
    if (t.tokenType === T.RCurly) depth++;
    else if (t.tokenType === T.LCurly) {
      if (depth > 0) {
        depth--;
        continue;
      }
      // the words that open the brace's line: item 十个新突破, monthly 投诉件办理
      let first = i;
      while (first > 0 && (tokens[first - 1] as IToken).startLine === t.startLine) first--;
      // `veto` in the ranking's block, say, is misplaced there, not the sign of a } forgotten
      if (assessmentStatement && !INSIDE_ASSESSMENT.has((tokens[first] as IToken).tokenType)) return null;
      const head = tokens.slice(first, Math.min(first + 2, i)).map((x) => x.image);
      return { line: t.startLine ?? 1, head: head.join(" ") || "{" };
    }
  }
  return null;
}

/**
 * `item 退回重办 "退回重办考核" 20 points` and no more (its formula commented out): an item that says its points but not
 * how they are scored, met by the next statement. Its code, and its words so far as the place to say it.
 */
function unscoredItem(rule: string, tokens: readonly IToken[], at: number, atEof: boolean): { code: string; range: Range } | null {
  if (rule !== "itemDecl" || at <= 0) return null;
  const token = tokens[at] as IToken | undefined;
  const last = tokens[at - 1] as IToken;
  // met by the next statement (or the end of the block or file) on a line of its own
  if (!atEof && token && (token.startLine === last.endLine || !(OPENS_STATEMENT.has(token.tokenType) || token.tokenType === T.RCurly))) return null;
  // the item's header said its points: `… 20 points`, `… 20 分`
  if (last.tokenType !== T.PointsKw) return null;
  for (let i = at - 1; i >= 0 && i >= at - 12; i--) {
    const t = tokens[i] as IToken;
    if (t.tokenType === T.Equals || t.tokenType === T.LCurly || t.tokenType === T.RCurly) return null;
    if (t.tokenType === T.ItemKw || t.tokenType === T.BonusKw) {
      const code = tokens[i + 1];
      if (!code || code === token) return null;
      const from = rangeOfToken(t);
      return { code: code.image, range: { start: from.start, end: rangeOfToken(last).end } };
    }
  }
  return null;
}

/**
 * A points value left out, said where it goes with what to write: `event 转办未整改 "…" points` ⏎ (met at the next line's
 * `event`), `section 三 "…" points {` and `item 按期办结 "…" = …` (the number before points), `deduct 分 per 转办未整改`
 * (the amount before 分). Written in the words of the statement's own keyword (分 after 考核项).
 */
function missingPoints(rule: string, tokens: readonly IToken[], at: number, atEof: boolean): { zh: string; en: string; range: Range } | null {
  const token = atEof ? undefined : tokens[at];
  const previous = tokens[at - 1];
  if (!previous) return null;
  const sameLine = token !== undefined && token.startLine === previous.endLine;
  // `event 转办未整改 "…" points` ⏎
  if (rule === "eventDecl" && previous.tokenType === T.PointsKw && !sameLine) {
    let i = at - 1;
    while (i > 0 && tokens[i]?.tokenType !== T.EventKw && tokens[i - 1]?.endLine === previous.startLine) i--;
    const name = tokens[i]?.tokenType === T.EventKw ? tokens[i + 1]?.image : undefined;
    const points = previous.image;
    const recorded = T.spell("recorded", T.isChineseSpelling(points) ? "zh" : "en");
    return {
      zh: `${name ? `事件类型“${name}”在 ` : ""}${points} 后缺少分值：写作 ${points} 5（每次扣或加几分），或写 ${points} ${recorded}（按每条事件记录的“分值”列）`,
      en: `${name ? `event type ${name}: ` : ""}the points are missing after '${points}': write ${points} 5 (points each time), or ${points} ${recorded} (each event's own 分值)`,
      range: rangeOfToken(previous),
    };
  }
  if (!token || !sameLine) return null;
  // `deduct 分 per 转办未整改`: the points word with no amount before it
  if (token.tokenType === T.PointsKw && (previous.tokenType === T.DeductKw || previous.tokenType === T.AddKw)) {
    const rest = tokens.slice(at + 1).filter((t) => t.startLine === token.startLine);
    const after = rest.map((t) => t.image).join(" ");
    // `deduct per X` takes an event type's own points: offered only when X is one (of a measure it is itself an error)
    const per = rest[0]?.tokenType === T.PerKw ? rest[1]?.image : undefined;
    const isEventType = per !== undefined && tokens.some((t, i) => t.tokenType === T.EventKw && tokens[i + 1]?.image === per);
    const perRecord = isEventType ? `${previous.image} ${after}` : null;
    const amount = `${previous.image} 3 ${token.image}${after ? ` ${after}` : " …"}`;
    return {
      zh: `“${token.image}”前缺少分值：${perRecord ? `按事件类型的分值扣（加）分写作 ${perRecord}；扣（加）固定分值写作 ${amount}` : `写作 ${amount}`}`,
      en: `the amount is missing before '${token.image}': ${perRecord ? `by the event type's points write ${perRecord}; a fixed amount is ${amount}` : `write ${amount}`}`,
      range: rangeOfToken(token),
    };
  }
  if (rule !== "itemDecl" && rule !== "sectionDecl") return null;
  // the header so far: `item 按期办结 "按期办结考核"`, its code and label only (the points go next)
  let start = at - 1;
  while (start > 0 && tokens[start - 1]?.startLine === token.startLine && start > at - 3) start--;
  const head = tokens[start];
  const headWords = tokens.slice(start, at);
  const isHead = (t: IToken | undefined) => t?.tokenType === T.ItemKw || t?.tokenType === T.SectionKw;
  // (`item 按期办结 =` or `item 按期办结 "…" =`: the keyword, a code, perhaps a label)
  const headAt = headWords.findIndex(isHead);
  if (headAt < 0 || !head) return null;
  const words = headWords.slice(headAt);
  const [keyword, code, label] = words;
  if (!keyword || !code || (words.length === 3 && label?.tokenType !== T.StringLiteral) || words.length > 3) return null;
  if (code.tokenType !== T.Identifier && code.tokenType !== T.NumberLiteral) return null;
  const section = keyword.tokenType === T.SectionKw;
  const written = words.map((t) => t.image).join(" ");
  const next = (t: IToken | undefined) => (t?.tokenType === T.Equals ? `${t.image} …` : t?.tokenType === T.LCurly ? "{ … }" : "…");
  const what = section ? "这一部分" : "该项";
  const whatEn = section ? "the section's" : "the item's";
  // `section 三 "…" points {`: the number goes before points
  if (token.tokenType === T.PointsKw) {
    const example = `${written} 20 ${token.image} ${next(tokens[at + 1])}`;
    return {
      zh: `“${token.image}”前缺少分值：写明${what}的满分，如 ${example}`,
      en: `the points are missing before '${token.image}': give ${whatEn} full points, e.g. ${example}`,
      range: rangeOfToken(token),
    };
  }
  // `item 按期办结 "…" = …`: an item's points are not optional
  if (section || (token.tokenType !== T.Equals && token.tokenType !== T.LCurly)) return null;
  const points = T.spell("points", T.isChineseSpelling(keyword.image) ? "zh" : "en");
  const example = `${written} 20 ${points} ${next(token)}`;
  return {
    zh: `考核项“${code.image}”没有写满分：在“${token.image}”之前写明该项满分，如 ${example}`,
    en: `item ${code.image} does not give its full points: write them before '${token.image}', e.g. ${example}`,
    range: rangeOfToken(token),
  };
}

/** Keywords that stand right after deduct (add) where no amount is written: `deduct per …`, `deduct if …`, `deduct recorded per …`. */
const afterVerbWords = ["per", "if", "recorded"].flatMap((en) => [en, T.spell(en, "zh")]);

/**
 * `deduct pre 转办未整改`: a word after deduct (add), read as the amount, followed on its line by a name: when the word is
 * no declared name and is close to per, if or recorded (or a regulation's 每次 …), that keyword misspelt, and the word
 * with its hint.
 */
function wordMisspeltAfterVerb(tokens: readonly IToken[], at: number): { word: IToken; hint: [string, string] } | null {
  const [verb, word, token] = [tokens[at - 2], tokens[at - 1], tokens[at]];
  if (!verb || !word || !token || (verb.tokenType !== T.DeductKw && verb.tokenType !== T.AddKw)) return null;
  if (word.tokenType !== T.Identifier || token.tokenType !== T.Identifier) return null;
  if (verb.endLine !== word.startLine || word.endLine !== token.startLine) return null;
  const declared = tokens.some((t, i) => t.image === word.image && i !== at - 1 && namingStarts.has(tokens[i - 1]?.tokenType.name ?? ""));
  if (declared) return null;
  const policy = policyWords.get(word.image);
  if (policy === "per") return { word, hint: meantHint("per") };
  const meant = closest(word.image, afterVerbWords);
  return meant ? { word, hint: [`（是否想写 ${meant}？）`, ` (did you mean '${meant}'?)`] } : null;
}

function syntaxDiagnostic(e: IRecognitionException, text: string, language: T.KeywordLanguage, tokens: IToken[]): Diagnostic {
  const rule = statementRule(e);
  const [whereZh, whereEnName] = ruleNames[rule] ?? ["", ""];
  const where = whereZh ? `在${whereZh}中，` : "";
  const whereEn = whereEnName ? `in ${whereEnName}, ` : "";
  const at = tokenIndex(tokens, e.token);
  const previous = at > 0 ? tokens[at - 1] : undefined;
  const token = e.token;
  const atEof = token.tokenType.name === "EOF" || Number.isNaN(token.startOffset);

  // `field x = a and` ⏎ next statement: the line that ends too early is where the mistake is
  if (previous && continuations.has(previous.tokenType.name) && (atEof || previous.endLine !== token.startLine)) {
    const op = previous.image;
    return diagnostic(
      "error",
      Codes.MissingToken,
      `${where}这一行以“${op}”结尾，“${op}”后面缺少内容`,
      `${whereEn}this line ends with '${op}': something is missing after it`,
      rangeOfToken(previous),
    );
  }

  const block = unclosedBlock(e, tokens, at);
  if (block) {
    return diagnostic(
      "error",
      Codes.MissingToken,
      `第 ${block.line} 行“${block.head}”的“{”没有配对的“}”：请在它的最后一条语句之后补上 }（这里已是下一条语句“${token.image}”）`,
      `the { of '${block.head}' on line ${block.line} is not closed: add } after its last statement`,
      rangeOfToken(token),
    );
  }
  const item = unscoredItem(rule, tokens, at, atEof);
  if (item) {
    return diagnostic(
      "error",
      Codes.MissingToken,
      `考核项“${item.code}”没有写怎样计分：在分值后写 = 公式（如 = 20 × 办结率），或写 { … } 列出它的扣分、加分`,
      `item ${item.code} does not say how it is scored: write = a formula after its points, or { … } with its deductions and additions`,
      item.range,
    );
  }
  const missing = missingPoints(rule, tokens, at, atEof);
  if (missing) return diagnostic("error", Codes.MissingToken, `${where}${missing.zh}`, `${whereEn}${missing.en}`, missing.range);

  // `其中 已回访 并且 结果满意度 …`: a conjunction as a regulation writes it, between two conditions: read as a name, the
  // condition before it ends there, and the parser (at the top level) listed the declarations (a rubric author). Said
  // only after a condition (where, if, and, or, not before it on its line), not of a deduction's `… 分 并且 通报`, two
  // populations (`count 本期工单 以及 本期事件`) or two numbers (`40 × 按时率 并且 满意率`)
  const joined = atEof ? undefined : conjunctionWords.get(token.image);
  const after = tokens[at + 1];
  const condition =
    joined &&
    previous &&
    after &&
    token.tokenType === T.Identifier &&
    previous.endLine === token.startLine &&
    !continuations.has(previous.tokenType.name) &&
    after.startLine === token.startLine
      ? conditionBefore(tokens, at)
      : null;
  if (joined && condition && previous && after) {
    const kw = T.spell(joined, language);
    const both = joined === "and" ? "都要成立" : "成立一个即可";
    // an example of the conditions either side: the whole one before (`总名次 <= 3`, not its last word 3), the one
    // after begun by a value's word (not a keyword's: `is not missing` is three); else the form alone
    const said = (t: IToken) => [T.Identifier, T.StringLiteral, T.NumberLiteral, T.PercentLiteral, T.TrueKw, T.FalseKw].includes(t.tokenType);
    const call = tokens[at + 2]?.tokenType === T.LParen ? "(…)" : "";
    const first = condition.from === undefined ? undefined : tokens[condition.from];
    const before = first ? text.slice(first.startOffset, (previous.endOffset ?? previous.startOffset) + 1) : undefined;
    const [example, exampleEn] =
      before !== undefined && said(after) && before.length <= 40
        ? [`：${before} ${kw} ${after.image}${call} …`, `: ${before} ${joined} ${after.image}${call} …`]
        : [`：… ${kw} …`, `: … ${joined} …`];
    const other = language === "zh" ? "" : `（中文关键词为 ${T.spell(joined, "zh")}）`;
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}“${token.image}”不是关键词：两个条件${both}，中间写 ${kw}${other}${example}`,
      `${whereEn}'${token.image}' is not a keyword: two conditions ${joined === "and" ? "that must both hold" : "either of which is enough"} are joined with ${joined} (${T.spell(joined, "zh")})${exampleEn}`,
      rangeOfToken(token),
    );
  }
  // `previous(超期件数 / 工单数)`: the period before is looked up by a name, not computed from an expression
  const beforeName = at > 2 ? tokens[at - 3] : undefined;
  if (
    !atEof &&
    previous?.tokenType.name === "Identifier" &&
    previous.endLine === token.startLine &&
    tokens[at - 2]?.tokenType === T.LParen &&
    beforeName?.tokenType === T.PreviousKw
  ) {
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}${beforeName.image}(…) 的括号中只能写一个名称（计数、比率、数值、事实、考核项、考核或排名后的值），却遇到“${token.image}”；上期的算式请先用 value 起名`,
      `${whereEn}${beforeName.image}(…) takes one name (a measure, rate, value, fact, item, assessment or ranked value), but found '${token.image}'; name a formula with value first`,
      rangeOfToken(token),
    );
  }

  // `则 零分`, `则 0 分`: a veto's outcome written as the regulation says it (当月得分为零): the outcome is 得零分 (zero);
  // told to write 0 分, the next error was that 0 cannot be there (found by a helper)
  if (!atEof && previous?.tokenType === T.ThenKw && /^(?:零分?|0分?|得分为?[零0]|计[零0]分)$/.test(token.image)) {
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}一票否决后得分计为 0 写作 zero，如 then zero`,
      `${whereEn}a vetoed unit's score of 0 is written zero (得零分), e.g. then zero`,
      rangeOfToken(token),
    );
  }
  // `扣 二 分`, `分 五`, `权重 百分之六十`: a number in Chinese numerals, as a regulation writes it
  const numeral = atEof ? null : chineseNumeral(token.image);
  if (numeral !== null) {
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}数字用阿拉伯数字写：“${token.image}”写作 ${numeral}`,
      `${whereEn}numbers are written in digits: '${token.image}' is ${numeral}`,
      rangeOfToken(token),
    );
  }
  // `施行 自 2018-01`, `分母为零 时`: a keyword phrase written in pieces
  const phrase = atEof ? null : phraseInPieces(tokens, at);
  if (phrase) {
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}“${phrase.written}”连写为“${phrase.zh}”`,
      `${whereEn}'${phrase.written}' is one word, '${phrase.zh}' ('${phrase.en}')`,
      phrase.range,
    );
  }
  // `扩展属性 满意 "满意" 是/否`: the yes/no type is one word
  if (!atEof && token.tokenType === T.TrueKw && /^是\s*[/／、或]?\s*否/u.test(text.slice(token.startOffset))) {
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}是否型写作“是否”（一个词）`,
      `${whereEn}the yes/no type is written 'yesno' (是否)`,
      rangeOfToken(token),
    );
  }
  // a statement begun with a word policy texts write for a keyword: `加分 表彰 …` (加分项, not keywords run together:
  // 加 分), `按类别排名` alone on its line (类别内, not a statement that stops short of a number)
  const begins = (i: number) => {
    const t = tokens[i];
    return t?.tokenType === T.Identifier && statementWords.has(t.image) && tokens[i - 1]?.endLine !== t.startLine;
  };
  const written = !atEof && begins(at) ? token : previous && begins(at - 1) && (atEof || previous.endLine !== token.startLine) ? previous : undefined;
  /** A word the language does not know, at it, with what it would be written as */
  const notUnderstood = (word: IToken, [hint, hintEn]: [string, string]) =>
    diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}不认识“${word.image}”${hint}`,
      `${whereEn}'${word.image}' is not understood${hintEn}`,
      rangeOfToken(word),
    );
  if (written) return notUnderstood(written, keywordHint(written.image));
  // `deduct pre 转办未整改`: a keyword misspelt after deduct (add) reads as the amount, and the parser stops at the name
  // after it: the misspelt word is the mistake, named with the keyword meant
  const misspeltAfterVerb = !atEof && previous ? wordMisspeltAfterVerb(tokens, at) : null;
  if (misspeltAfterVerb) return notUnderstood(misspeltAfterVerb.word, misspeltAfterVerb.hint);
  // `扣 5 x 次数`, `扣每 行政不作为`: a multiplication sign or a space the language writes otherwise
  // (or the word a line ended early on: `保留1位小数` ⏎)
  const endedEarly = previous && (atEof || previous.endLine !== token.startLine) && previous.tokenType === T.Identifier ? at - 1 : null;
  // (最多扣 in an item is a cap, said below: not 最多 扣 run together, which is refused as a cap next: a rubric author)
  const capInItem = !atEof && CAP_WORD.test(token.image) && (rule === "itemDecl" || rule === "itemStatement" || rule === "adjustment");
  const spelling =
    !atEof && token.tokenType === T.Identifier
      ? capInItem
        ? null
        : misspeltOperatorOrSpace(tokens, at)
      : endedEarly !== null
        ? misspeltOperatorOrSpace(tokens, endedEarly)
        : null;
  const spelt = spelling && (!atEof && token.tokenType === T.Identifier ? token : (previous as IToken));
  if (spelling && spelt) return diagnostic("error", Codes.UnexpectedToken, `${where}${spelling[0]}`, `${whereEn}${spelling[1]}`, rangeOfToken(spelt));
  // `组内名次(满意率, 降序)`: an order is an argument written by name (order by … desc is the ranking's)
  if (!atEof && (token.tokenType === T.AscKw || token.tokenType === T.DescKw) && previous?.tokenType === T.Comma && insideCall(tokens, at)) {
    const [zh, en] =
      token.tokenType === T.AscKw
        ? ["最小的为第 1 名写作 ascending: true（由低到高: 是）", "smallest first is ascending: true"]
        : ["默认即最大的为第 1 名，不用写", "largest first is the default: leave it out"];
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}函数的参数中不写“${token.image}”：${zh}`,
      `${whereEn}'${token.image}' is not a function's argument: ${en}`,
      rangeOfToken(token),
    );
  }
  // `hours(受理时间, 签收时间) <= 2小时`, `工单数 >= 3件`: a number compared, written with its unit
  const unitCompared = atEof ? null : unitInComparison(text, tokens, at);
  if (unitCompared) return diagnostic("error", Codes.UnexpectedToken, `${where}${unitCompared.zh}`, `${whereEn}${unitCompared.en}`, rangeOfToken(token));
  // `最低承办量 3件`, `扣 若 …`, `扣 0.5分 × 重办件数`: a number written with its unit, or without, or before its unit
  const amount = amountWrittenOtherwise(text, tokens, atEof ? tokens.length : at);
  if (amount) return diagnostic("error", Codes.UnexpectedToken, `${where}${amount.zh}`, `${whereEn}${amount.en}`, amount.range);

  // `承办量不足10件的不排名`, `承办量 少于 10 件`: a minimum volume in words the ranking does not read
  if (rule === "rankingStatement" || rule === "rankingDecl") {
    const hint = minimumVolumeHint(tokens, atEof ? tokens.length - 1 : at) ?? (at > 0 ? minimumVolumeHint(tokens, at - 1) : null);
    if (hint) return hint;
  }

  // `rund 2 decimal`: after a word and a number a ranking statement goes on with `decimals` (or ends, after 承办量不足)
  const decimalsMissing =
    rule === "rankingStatement" && e.name === "NoViableAltException" && previous?.tokenType === T.NumberLiteral && tokens[at - 2]?.tokenType === T.Identifier;
  const errorName = decimalsMissing ? "MismatchedTokenException" : e.name;
  const expectedNames = decimalsMissing ? ["Decimals"] : [...e.message.matchAll(/-->\s*(\w+)\s*<--/g)].map((m) => m[1] as string);
  const wanted = expectedNames[0];
  const zh = language === "zh";
  // `rate 满意率 = 满意数 / 回访数` ⏎: what a rate lacks is its value when the denominator is 0, not a comma
  if (
    rule === "rateDecl" &&
    previous &&
    e.name === "MismatchedTokenException" &&
    /-->\s*Comma\s*<--/.test(e.message) &&
    (atEof || previous.endLine !== token.startLine)
  ) {
    // 1 is 100%: right for 满意率, 按时率; for a rate of a bad thing (退单率, 超期率) it counts a unit without orders as
    // all bad, which a rubric author met as the suggestion for 退单率. Judged from the rate's name and label, and both
    // values said with what each means
    const rate = rateNameBefore(tokens, at);
    const bad = rate !== null && badThing.test(rate.words);
    const value = bad ? "0" : "1";
    const clause = zh ? `, 分母为零时: ${value} "本月无工单"` : `, when zero: ${value} "本月无工单"`;
    const notScored = zh ? "分母为零时: 不适用" : "when zero: not applicable";
    const meaning = bad
      ? `0 即 0%：${rate.name} 看名称是越低越好的比率，分母为零的单位按 0% 计；满意率、按时率这类越高越好的写 1，即 100%`
      : "1 即 100%：分母为零的单位按 100% 计，满意率、按时率这类越高越好的比率这样写；退单率、超期率这类越低越好的写 0，即 0%";
    return diagnostic(
      "error",
      Codes.MissingToken,
      `比率还要写分母为零时取的值：在“${previous.image}”之后写 ${clause}（${meaning}；不计分的写 ${notScored}）`,
      `a rate needs its value for a zero denominator: after '${previous.image}' write , when zero: ${value} "…" (1 is 100%, for a rate where higher is better; 0 for one where lower is better, such as 退单率; or when zero: not applicable)`,
      rangeOfToken(previous),
    );
  }
  // `不低于 0` on a line of its own in an assessment: a lower bound belongs to an item's formula or to a band
  if (rule === "assessmentDecl" && !atEof && token.tokenType === T.AtKw && tokens[at + 1]?.tokenType === T.LeastKw) {
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      zh
        ? `在考核中，“${token.image}”不能单独成行：考核项的下限写在它的公式之后（考核项 甲 10 分 = 公式 不低于 0），等次写作 评为 优秀 不低于 90`
        : `in the monthly / yearly block, '${token.image}' cannot stand alone: an item's lower bound follows its formula (item 甲 10 points = formula at least 0); a band is band 优秀 at least 90`,
      `in the monthly / yearly block, 'at least' cannot stand alone: an item's lower bound follows its formula (item 甲 10 points = formula at least 0); a band is band 优秀 at least 90`,
      rangeOfToken(token),
    );
  }
  // `排序 分数 从高到低` ⏎: a line that ends on a regulation's word for a keyword (read as the start of `保留 N 位小数`)
  if (previous?.tokenType === T.Identifier && policyWords.has(previous.image) && (atEof || previous.endLine !== token.startLine))
    return notUnderstood(previous, keywordHint(previous.image));
  // `category` ⏎ `population …`: the statement stops short at the end of its line; say what it lacks there
  if (
    previous &&
    !atEof &&
    errorName === "MismatchedTokenException" &&
    wanted &&
    wanted !== "RCurly" &&
    wanted !== "EOF" &&
    previous.endLine !== token.startLine &&
    statementStarts.has(token.tokenType.name)
  ) {
    return diagnostic(
      "error",
      Codes.MissingToken,
      `${where}这一行在“${previous.image}”之后缺少${describeToken(wanted, language)}`,
      `${whereEn}this line lacks ${describeTokenEn(wanted)} after '${previous.image}'`,
      rangeOfToken(previous),
    );
  }

  // `volumn 工单数` in ranking: read as `round N decimals` misspelt, it is a word ranking does not know
  if (
    rule === "rankingStatement" &&
    errorName === "MismatchedTokenException" &&
    expectedNames[0] === "NumberLiteral" &&
    previous?.tokenType.name === "Identifier" &&
    previous.image !== T.RoundWord.en &&
    previous.image !== T.RoundWord.zh
  ) {
    const [hint, hintEn] = keywordHint(previous.image);
    const [forms, formsEn] = formsHint(rule);
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `在排名规则（ranking）中，不认识“${previous.image}”${hint}${forms}`,
      `in the ranking block, '${previous.image}' is not understood${hintEn}${formsEn}`,
      rangeOfToken(previous),
    );
  }

  // `= 如果 回访率 >= 90% 则 …`: a regulation's word for an operator or a keyword, read as a name; the error falls on the word after
  if (previous?.tokenType === T.Identifier && otherwiseWritten.has(previous.image) && (atEof || previous.endLine === token.startLine))
    return notUnderstood(previous, otherwiseWritten.get(previous.image) as [string, string]);
  // `考核项 重办(件) "重办" 10 分`: a name with brackets in it
  if (!atEof && token.tokenType === T.LParen && previous?.tokenType === T.Identifier && namingStarts.has(tokens[at - 2]?.tokenType.name ?? "")) {
    // the brackets' words on the name's line only (the first ) after it anywhere quoted half a rule: a review)
    const close = tokens.findIndex((t, i) => i > at && t.startLine === token.startLine && t.tokenType === T.RParen);
    const between = tokens.slice(at + 1, close);
    const plain = close > at && between.every((t) => t.tokenType !== T.StringLiteral && t.tokenType !== T.LParen);
    const inside = plain ? text.slice(token.startOffset, ((tokens[close] as IToken).endOffset ?? token.startOffset) + 1) : "(…)";
    // `满意率(%)`: the % the lexer dropped is this same mistake (bracketedNames: not said again as KH100)
    const percent = /^[(（][ \t]*[%％]/.test(text.slice(token.startOffset));
    const said = diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}名称中不能有括号${percent ? "或 %" : ""}：名称写 ${previous.image}，括号里的话写进说明：${tokens[at - 2]?.image} ${previous.image} "${previous.image}${inside}" …`,
      `${whereEn}a name cannot hold brackets${percent ? " or %" : ""}: name it ${previous.image} and put the rest in its label: "${previous.image}${inside}"`,
      rangeOfToken(token),
    );
    if (percent) bracketedNames.add(said);
    return said;
  }
  // `event 新事件 "测试" points abc`: an event type's points are a number or recorded (abc was told 是否想写 asc？: a walk)
  if (!atEof && rule === "eventDecl" && previous?.tokenType === T.PointsKw && token.tokenType === T.Identifier) {
    const [points, recorded] = [T.spell("points", zh ? "zh" : "en"), T.spell("recorded", zh ? "zh" : "en")];
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `事件类型的分值写数字（每次几分，如 ${points} 5），或写 ${recorded}（按每条事件记录的“分值”列），而不是“${shortened(token.image)}”`,
      `an event type's points are a number (${points} 5) or ${recorded} (each event's own 分值), not '${token.image}'`,
      rangeOfToken(token),
    );
  }
  // `考核事件 虚假办结 "虚假办结" 5 分`: the points before 分, as an item writes them (`20 分`), where an event type writes
  // them after (`分 5`): was told 这里应是“分”，却遇到“5”, which does not say where the 5 goes (another county's officer)
  if (!atEof && rule === "eventDecl" && token.tokenType === T.NumberLiteral && tokens[at + 1]?.tokenType === T.PointsKw) {
    const points = T.spell("points", zh ? "zh" : "en");
    // the statement as it should read: its words up to the number, then 分 and the number
    const start = tokens.slice(0, at).findLastIndex((t) => t.tokenType === T.EventKw);
    const written = tokens
      .slice(Math.max(start, 0), at)
      .map((t) => t.image)
      .join(" ");
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `事件类型的分值写在“${points}”之后（每次 ${token.image} 分）：${written} ${points} ${token.image}`,
      `an event type's points follow '${points}': ${written} ${points} ${token.image}`,
      rangeOfToken(token),
    );
  }
  // `考核项 重办 "重办率" 20%`: an item's weight in the total written as its points (它占总分的 20%)
  if (!atEof && rule === "itemDecl" && token.tokenType === T.PercentLiteral) {
    const points = T.spell("points", zh ? "zh" : "en");
    const n = token.image.replace(/[%％]$/, "");
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `考核项的满分写分数，如 ${n} ${points}，不写百分数“${token.image}”：满分 100 分的考核中占 ${token.image} 的项即写 ${n} ${points}；各考核按权重计入总分的，在总分公式中写 ${token.image} × 考核名`,
      `an item's full points are a number of points (${n} ${points}), not '${token.image}': weigh assessments in a total formula (${token.image} × name)`,
      rangeOfToken(token),
    );
  }
  // `band 合格 ≥ 60`: a band's bound as a regulation's table writes it (at least is ≥ already); `band 不合格 < 60` the last band
  const comparison = [T.GreaterEq, T.Greater, T.LessEq, T.Less, T.Equals].includes(token.tokenType);
  if (!atEof && rule === "bandDecl" && comparison && previous?.tokenType === T.Identifier && tokens[at - 2]?.tokenType === T.BandKw) {
    const name = previous.image;
    const next = tokens[at + 1];
    // the number as written (`≥ 60%` stays 60%: KH256 then says a percentage of a 100-point total); none written (`≥ 六十`):
    // no number is made up, the form is said with N
    const number = (next?.tokenType === T.NumberLiteral || next?.tokenType === T.PercentLiteral) && next.startLine === token.startLine;
    const bound = number ? next.image : "N";
    const [written, gloss, glossEn] = number ? [`${token.image} ${bound}`, "", ""] : [token.image, "；N 写分数线的数字", "; N is the bound, a number"];
    const below = token.tokenType === T.LessEq || token.tokenType === T.Less;
    const [meant, zhWhy, enWhy] = below
      ? [
          `band ${name} otherwise`,
          `（“${written}”的等次是最后一个：按分数从高到低写各等次，它上面的等次写 band … at least ${bound}，它写 band ${name} otherwise${gloss}）`,
          ` (the band below a bound is the last: write the bands from the highest down, the one above it band … at least ${bound}${glossEn})`,
        ]
      : token.tokenType === T.Greater
        ? [
            `band ${name} at least ${bound}`,
            `（at least 即“≥”，含分数线本身；只要高于 ${bound}、不含 ${bound} 本身的，写作 band ${name} if 得分 > ${bound}${gloss}）`,
            ` (at least is ≥, the bound included; for above ${bound} only, write band ${name} if 得分 > ${bound}${glossEn})`,
          ]
        : [
            `band ${name} at least ${bound}`,
            `（at least 即“≥”：得分不低于分数线的评为该等次${gloss}）`,
            ` (at least is ≥: a score of the bound or more gets the band${glossEn})`,
          ];
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}等次的分数线不写“${token.image}”：写作 ${meant}${zhWhy}`,
      `${whereEn}a band's bound takes no '${token.image}': write ${meant}${enWhy}`,
      rangeOfToken(token),
    );
  }
  // `评为 优秀 90分以上`: a band's bound in a regulation's words
  if (!atEof && rule === "bandDecl" && token.tokenType === T.NumberLiteral) {
    const rest = tokens.slice(at + 1).filter((t) => t.startLine === token.startLine);
    const word = rest.map((t) => t.image).join("");
    const below = /以下|以内|不到|不足/.test(word);
    if (/以上|以下|以内|不到|不足/.test(word)) {
      const name = previous?.image ?? "优秀";
      return diagnostic(
        "error",
        Codes.UnexpectedToken,
        `${where}等次写作 评为 ${name} 不低于 ${token.image}${below ? `（“${token.image}分以下”是其余等次：按分数从高到低写各等次，最后写 评为 … 其余）` : ""}`,
        `${whereEn}a band is written band ${name} at least ${token.image}`,
        rangeOfToken(token),
      );
    }
  }
  // `扣 每 行政 不作为`: a declared name with a space in it, read as two names
  const spaced = !atEof ? spacedName(tokens, at) : undefined;
  if (spaced && previous)
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}名称中间不能有空格：“${previous.image} ${token.image}”（是否想写 ${spaced}？）`,
      `${whereEn}a name cannot hold a space: '${previous.image} ${token.image}' (did you mean '${spaced}'?)`,
      { start: rangeOfToken(previous).start, end: rangeOfToken(token).end },
    );
  const range: Range = atEof ? endOfText(text) : rangeOfToken(token);
  const declarationStart = errorName === "NotAllInputParsedException" || expectedNames.filter((n) => n !== token.tokenType.name)[0] === "EOF";
  // (`扩展属性 响应时长 "响应时长" 数值`: the keyword 数值 written for the type 数字; a fact is 是否 or 数字 only)
  const typeWord = atEof ? undefined : typeWords.get(token.image);
  const typeMeant =
    typeWord !== undefined && (rule === "attributeDecl" || (rule === "factDecl" && (typeWord === "number" || typeWord === "yesno"))) ? typeWord : undefined;
  const periodMeant = !atEof && declarationStart ? periodWordHint(token) : null;
  const [hint, hintEn] = typeMeant
    ? meantHint(typeMeant)
    : periodMeant
      ? periodMeant
      : !atEof && token.tokenType.name === "Identifier"
        ? keywordHint(token.image, declarationStart, previous !== undefined && previous.endLine === token.startLine)
        : ["", ""];
  // `count orders where …`: count, sum and avg read a population, declared first; orders is no name to rename
  if (!atEof && previous && (token.tokenType === T.OrdersKw || token.tokenType === T.EventsKw) && [T.CountKw, T.SumKw, T.AvgKw].includes(previous.tokenType)) {
    const w = (en: string) => T.spell(en, language);
    const orders = token.tokenType === T.OrdersKw;
    const [name, field] = orders ? ["本期派单", "受理时间"] : ["本期事件", "日期"];
    const population = `${w("population")} ${name} = ${w(orders ? "orders" : "events")} ${w("where")} ${field} ${w("in period")}`;
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${previous.image} 后面写考核范围（population）的名称，不能直接写 ${token.image}：先在考核之外（文件最外层）定义考核范围，如 ${population}，再写 ${previous.image} ${name}${tokens[at + 1]?.tokenType === T.WhereKw ? ` ${w("where")} …` : ""}`,
      `${T.englishOf(previous)} reads a population, not ${T.englishOf(token)}: declare one first (population ${name} = ${orders ? "orders" : "events"} where ${field} in period), then ${T.englishOf(previous)} ${name}`,
      range,
    );
  }
  // a mistake a rubric author made writing another city's rubric, said with what to write (`levels(…, "满意": 1)`, `满分 100`, …)
  const otherwise = atEof ? null : commonMistake(rule, tokens, at, language);
  if (otherwise) return diagnostic("error", Codes.UnexpectedToken, `${where}${otherwise.zh}`, `${whereEn}${otherwise.en}`, range);
  const isKeyword = !atEof && token.tokenType.name !== "Identifier" && T.keywordNames.has(token.image) && !typeMeant;
  // `bonus add up to 5`: a keyword as an item's code (what follows a code, as `up to`, is a code left out: not said so)
  const keywordCode = isKeyword && rule === "itemCode" && !afterItemCode.has(token.tokenType);
  if (isKeyword && ((errorName === "MismatchedTokenException" && expectedNames[0] === "Identifier") || keywordCode)) {
    // `measure 总分 = …`: the name is a keyword, in either language
    return diagnostic(
      "error",
      Codes.DuplicateName,
      `“${token.image}”是关键词，不能用作名称：请换一个名称（如“${token.image}值”）`,
      `'${token.image}' is a keyword and cannot be used as a name`,
      range,
    );
  }
  const image = shortened(token.image);
  // (said where a name could stand: `分母为零时` where a comma is missing is no name mistaken)
  const keywordNotName = isKeyword && T.isChineseSpelling(token.image) && expectedNames.includes("Identifier");
  const found = atEof ? "文件结尾" : `“${image}”${hint}${keywordNotName ? "（这是关键词，不能用作名称）" : ""}`;
  const foundEn = atEof ? "the end of the file" : `'${image}'${hintEn}`;
  const expected = expectedNames.filter((n) => n !== token.tokenType.name);
  if (errorName === "NotAllInputParsedException" || expected[0] === "EOF") {
    // `扩展属性 签收时间 … ` at the top: an attribute or derived field is declared in the records' block
    if (!atEof && (token.tokenType === T.AttributeKw || token.tokenType === T.FieldKw)) {
      const [orders, events] = zh ? ["全部工单", "全部事件"] : ["orders", "events"];
      return diagnostic(
        "error",
        Codes.UnexpectedToken,
        `${token.tokenType === T.AttributeKw ? "扩展属性" : "派生字段"}要写在 ${orders} { … } 或 ${events} { … } 块中，说明它属于工单还是事件：${orders} { ${token.image} ${tokens[at + 1]?.image ?? "名称"} … }`,
        `${token.tokenType === T.AttributeKw ? "an attribute" : "a derived field"} is declared in an orders { … } or events { … } block (whose records it belongs to): orders { ${token.tokenType === T.AttributeKw ? "attribute" : "field"} … }`,
        range,
      );
    }
    // a statement that belongs in no block, or a `}` too many
    const [forms, formsEn] = formsHint("declaration");
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `这里不能出现${found}：文件的这一层只能写声明${forms}`,
      `unexpected ${foundEn}: only a declaration can begin here${formsEn}`,
      range,
    );
  }
  const inItem = rule === "itemDecl" || rule === "itemStatement" || rule === "adjustment";
  // `扣 1 分 每 退回件数，最多扣 10 分`: the cap after a comma, as a regulation writes it
  // (最多扣 is read as one word)
  // (扣分不超过, 最高扣, 封顶 … too: found by a helper, told 这里应是“}”)
  const isCap = (t: IToken | undefined) => t !== undefined && (t.tokenType === T.UpKw || (t.tokenType === T.Identifier && CAP_WORD.test(t.image)));
  const capAfterComma = !atEof && inItem && token.tokenType === T.Comma && isCap(tokens[at + 1]);
  // `加分项 加分 "加分" 最高 5 分 {`: a bonus's (or section's) cap in other words than 最多 (told it was a deduction's: a rubric author)
  const header = tokens.slice(0, at).filter((t) => t.startLine === token.startLine)[0];
  if (!atEof && (header?.tokenType === T.BonusKw || header?.tokenType === T.SectionKw) && isCap(token) && token.tokenType !== T.UpKw) {
    const [kw, up] = zh ? [header.image, "最多"] : [header.image, "up to"];
    const rest = tokens.slice(at + 1).filter((t) => t.startLine === token.startLine);
    const amount = rest[0]?.tokenType === T.NumberLiteral ? rest[0].image : "5";
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${kw === "部分" || kw === "section" ? "部分" : "加分项"}的上限写作“${up} ${amount}”，不写“${token.image}”：${kw} … ${up} ${amount} 分 { … }`,
      `a ${kw === "部分" || kw === "section" ? "section" : "bonus"}'s cap is written 'up to ${amount}', not '${token.image}': ${kw} … up to ${amount} { … }`,
      range,
    );
  }
  // `deduct 1 per 不满意件数 up to 5`: a cap written on a deduction, as a regulation says it ("每月最多扣 5 分")
  if (!atEof && inItem && (isCap(token) || token.image === "最多" || capAfterComma)) {
    const meant = cappedAdjustment(tokens, capAfterComma ? at + 1 : at);
    const capWord = capAfterComma ? (tokens[at + 1]?.image ?? token.image) : token.image;
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `${where}扣分、加分不能写上限（“${capWord}”）：考核项的扣分以它的分值为限，扣完为止；${meant ? `要让这一条有自己的上限，${meant.includes("，再写") ? `先写计数：${meant}；或` : `写成 ${meant}，或`}` : "要有上限，"}把考核项的分值定为上限。` +
        `从总分中扣、每月另有上限的（“每次扣 5 分，每月最多扣 10 分”），写一个 0 分的考核项：${zh ? "扣 5 分 每 … 不封顶，再写一行 不低于 -10" : "deduct 5 per … continuing，再写一行 at least -10"}`,
      `${whereEn}a deduction takes no cap ('${capWord}'): an item's deductions stop at its points; to cap it, ${meant ? `write ${meant}, or ` : ""}give the item that many points. ` +
        `A deduction from the total with a monthly cap of its own is an item of 0 points: deduct 5 per … continuing, then at least -10`,
      range,
    );
  }
  // `扣 5 分 每 超期件数 若 工单数 < 20`: a deduction per a count only under a condition
  if (!atEof && inItem && token.tokenType === T.IfKw) {
    const line = tokens.filter((t) => t.startLine === token.startLine);
    const verb = line.findIndex((t) => t.tokenType === T.DeductKw || t.tokenType === T.AddKw);
    const per = line.findIndex((t) => t.tokenType === T.PerKw);
    const here = line.indexOf(token);
    if (verb >= 0 && per > verb && here > per) {
      const amount = line.slice(verb + 1, per).filter((t) => t.tokenType !== T.PointsKw);
      const counted = line.slice(per + 1, here);
      // the condition as written, to the end of its line
      const end = text.indexOf("\n", token.startOffset);
      const condition = text
        .slice(token.startOffset, end < 0 ? undefined : end)
        .replace(/\s*(#|\/\/).*$/, "")
        .trim();
      const verbWord = line[verb]?.image ?? "";
      // an event type is no number to multiply: its events are counted first
      const count = counted.length === 1 ? eventCount(tokens, counted[0]?.image ?? "", T.isChineseSpelling(verbWord)) : null;
      const times = (what: string) => `${verbWord} ${amount.map((t) => t.image).join(" ")} × ${what} ${condition}`;
      const meant =
        amount.length === 0 || counted.length !== 1
          ? null
          : count
            ? `先写计数：${count.declaration}，再写 ${times(count.measure)}`
            : `写作 ${times(counted[0]?.image ?? "")}`;
      return diagnostic(
        "error",
        Codes.UnexpectedToken,
        `${where}按件（“${line[per]?.image}”）扣分、加分不能再带条件（“${token.image}”）：有条件时把件数乘进分值，${meant ?? "如 扣 2 × 超期件数 若 …"}`,
        `${whereEn}a deduction or addition per record takes no condition ('${token.image}')${meant ? `: multiply the count into the amount, ${meant}` : ""}`,
        range,
      );
    }
  }
  // `value 好评 = …` inside a monthly block: a declaration of the file's, written outside every assessment
  if (!atEof && (rule === "assessmentDecl" || rule === "itemDecl" || rule === "itemStatement") && topLevelOnly.has(token.tokenType)) {
    return diagnostic(
      "error",
      Codes.UnexpectedToken,
      `“${token.image}”是文件最外层的声明，要写在考核（${zh ? "按月考核 / 按年考核" : "monthly / yearly"} { … }）之外、之前；考核中的计算写作考核项（${zh ? "考核项" : "item"}）或总分`,
      `'${token.image}' declares at the file's top level, outside every monthly / yearly block; inside one, a computation is an item or the total`,
      range,
    );
  }
  // `施行自 2018-1`, `2018年1月`: a month is written with two digits, 2018-01
  if (errorName === "MismatchedTokenException" && expected[0] === "DateLiteral" && !atEof && /^\d{4}$/.test(token.image)) {
    const month = /^\s*(?:-|\/|\.|年)\s*(\d{1,2})\s*月?/.exec(text.slice((token.endOffset ?? token.startOffset) + 1))?.[1];
    if (month && Number(month) >= 1 && Number(month) <= 12) {
      const meant = `${token.image}-${month.padStart(2, "0")}`;
      return diagnostic(
        "error",
        Codes.UnexpectedToken,
        `${where}年月写作 ${meant}（四位年份、两位月份，中间用 -）`,
        `${whereEn}a month is written ${meant} (four-digit year, two-digit month)`,
        range,
      );
    }
  }
  // `考核周期 按月 26日起`: a month from another day is written with its keyword
  if (!atEof && previous?.tokenType === T.MonthKw && token.tokenType === T.NumberLiteral && previous.endLine === token.startLine) {
    const meant = `${previous.image} ${T.spell("from day", T.isChineseSpelling(previous.image) ? "zh" : "en")} ${token.image}`;
    return diagnostic("error", Codes.UnexpectedToken, `${where}每月从某日起算写作 ${meant}`, `${whereEn}a month from another day is written ${meant}`, range);
  }
  // `每 行政不作为 扣 3 分`, `每次 …`: the verb and its amount come first
  const perWord = token.tokenType === T.PerKw || (token.tokenType === T.Identifier && policyWords.get(token.image) === "per");
  if (!atEof && perWord && (!previous || previous.endLine !== token.startLine)) {
    const line = tokens.filter((t) => t.startLine === token.startLine);
    const verb = line.findIndex((t) => t.tokenType === T.DeductKw || t.tokenType === T.AddKw);
    if (verb > 1) {
      const counted = line.slice(0, verb).map((t, i) => (i === 0 ? T.spell("per", T.isChineseSpelling(t.image) ? "zh" : "en") : t.image));
      const meant = [...line.slice(verb).map((t) => t.image), ...counted].join(" ");
      return diagnostic(
        "error",
        Codes.UnexpectedToken,
        `${where}按件扣分、加分先写扣（加）多少：写作 ${meant}`,
        `${whereEn}a deduction or addition per record begins with the verb and its amount: write ${meant}`,
        range,
      );
    }
  }
  if (errorName === "MismatchedTokenException" && expected[0]) {
    const code = atEof ? Codes.MissingToken : Codes.UnexpectedToken;
    return diagnostic(
      "error",
      code,
      `${where}这里应是${rule === "header" && expected[0] === "In" ? `“${language === "zh" ? T.spell("in force from", "zh") : "in force from"}”` : describeToken(expected[0], language)}，却遇到${found}`,
      `${whereEn}expected ${describeTokenEn(expected[0])} but found ${foundEn}`,
      range,
    );
  }
  if (errorName === "EarlyExitException") {
    return diagnostic("error", Codes.MissingToken, `${where}这里缺少内容，遇到${found}`, `${whereEn}something is missing before ${foundEn}`, range);
  }
  const [forms, formsEn] = atEof ? ["", ""] : formsHint(rule);
  return diagnostic(
    "error",
    atEof ? Codes.MissingToken : Codes.UnexpectedToken,
    atEof ? `${where}文件意外结束（是否缺少 “}”？）` : `${where}这里不能出现${found}${forms}`,
    atEof ? `${whereEn}unexpected end of file (missing '}'?)` : `${whereEn}unexpected ${foundEn}${formsEn}`,
    range,
  );
}

/** What may follow an item's (section's) code: a keyword among them where the code should be is a code left out. */
const afterItemCode = new Set<TokenType>([T.UpKw, T.ToKw, T.PointsKw, T.ForKw, T.LCurly, T.Equals]);
/**
 * Conjunctions a regulation writes between two conditions, with the keyword that joins them (not 并 alone: `若 超期 并
 * 通报` joins an action, 并通报, more often than a condition).
 */
const conjunctionWords = new Map<string, "and" | "or">([
  ...["并且", "而且", "以及", "同时", "并同时", "且同时"].map((w): [string, "and"] => [w, "and"]),
  ...["或者", "或是", "或者是"].map((w): [string, "or"] => [w, "or"]),
]);
/** The keywords a condition follows (where, if) or is joined or negated by (and, or, not), in either keyword language. */
const conditionKeywords = new Set<TokenType>([T.WhereKw, T.IfKw, T.AndKw, T.OrKw]);
/** Where a condition's context ends, read back along a line: a value's or an amount's (`then 5`, `… points`), a block's. */
const conditionEnds = new Set<TokenType>([T.PointsKw, T.ThenKw, T.ElseKw, T.LCurly, T.RCurly, T.DeductKw, T.AddKw, T.PerKw]);

/**
 * Whether the word at `at` (a conjunction read as a name) follows a condition of its own line: a where, if, and, or or
 * not before it, with no points, then, else, deduct or add between (`扣 0.5 × 重办件数 分 并且 通报` is no condition).
 * `from`: where the condition before it begins (the word after where, if, and, or, or after an open bracket), when
 * known; null when no condition precedes.
 */
function conditionBefore(tokens: readonly IToken[], at: number): { from: number | undefined } | null {
  const line = (tokens[at] as IToken).startLine;
  let [depth, open, negated] = [0, undefined as number | undefined, false];
  for (let i = at - 1; i >= 0 && tokens[i]?.startLine === line; i--) {
    const t = (tokens[i] as IToken).tokenType;
    if (t === T.RParen || t === T.RBracket) depth++;
    else if (t === T.LParen || t === T.LBracket) {
      // an open bracket of its own: the condition begins inside it (`min(…, 已回访 并且 …)`, `where (已回访 并且 …`)
      if (depth === 0) open ??= i + 1;
      else depth--;
    } else if (depth > 0) continue;
    else if (t === T.Comma) open ??= i + 1;
    else if (conditionKeywords.has(t)) return { from: open ?? i + 1 };
    else if (t === T.NotKw) negated = true;
    else if (conditionEnds.has(t)) break;
  }
  // `办结时间 is not missing 而且 …`: a condition whose beginning is not known
  return negated ? { from: undefined } : null;
}

/** Units a regulation writes after a time limit (`<= 2小时`), with the function that counts them. */
const timeUnits = new Map([
  ["小时", "hours"],
  ["个小时", "hours"],
  ["天", "days"],
  ["日", "days"],
  ["工作日", "workdays"],
  ["个工作日", "workdays"],
]);
/** What each of those functions counts, in words (`按工作日算`, not the 个工作日 written). */
const timeNames: Record<string, string> = { hours: "小时", days: "天", workdays: "工作日" };
/** Operators a value is made of, read back from a comparison to its left side's start. */
const arithmetic = new Set<TokenType>([T.Plus, T.Minus, T.Times, T.Divide, T.Coalesce]);
const comparisons = new Set<TokenType>([T.LessEq, T.Less, T.GreaterEq, T.Greater, T.Equals, T.NotEq]);

/**
 * `hours(受理时间, 签收时间) <= 2小时`, `工单数 >= 3件`, `办结时间 - 受理时间 <= 2小时`: a number compared with a unit
 * after it, the unit at `at`. What to write, from the comparison's left side: the number alone (hours() counts hours
 * already), the function that counts the unit, or hours(from, to) for two times subtracted. Null for anything else.
 */
function unitInComparison(text: string, tokens: IToken[], at: number): { zh: string; en: string } | null {
  const token = tokens[at] as IToken;
  const [limit, compared] = [tokens[at - 1], tokens[at - 2]];
  const unit =
    token.tokenType === T.PointsKw ||
    (token.tokenType === T.Identifier && (timeUnits.has(token.image) || unitWords.has(token.image) || token.image === "分钟"));
  const sameLine = (t: IToken | undefined): t is IToken => t !== undefined && t.startLine === token.startLine;
  if (!unit || limit?.tokenType !== T.NumberLiteral || !sameLine(limit) || !sameLine(compared) || !comparisons.has(compared.tokenType)) return null;
  // the left side, read back to where it begins (a keyword, a comparison or an open bracket of its own line)
  let first = at - 2;
  for (let depth = 0, i = at - 3; i >= 0 && sameLine(tokens[i]); i--) {
    const t = (tokens[i] as IToken).tokenType;
    if (t === T.RParen || t === T.RBracket) depth++;
    else if (t === T.LParen || t === T.LBracket) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && !(arithmetic.has(t) || valueEnds.has(t))) break;
    first = i;
  }
  if (first >= at - 2) return null;
  const left = tokens.slice(first, at - 2);
  const leftText = text.slice((left[0] as IToken).startOffset, ((left[left.length - 1] as IToken).endOffset ?? 0) + 1);
  const written = `${leftText} ${compared.image} ${limit.image}`;
  const word = token.image;
  const [to, minus, from] = left;
  const time = timeUnits.get(word);
  // `签收时间 - 受理时间 <= 2小时`: the hours between two times are hours(from, to), a number compared with a number
  if (time && left.length === 3 && to?.tokenType === T.Identifier && minus?.tokenType === T.Minus && from?.tokenType === T.Identifier) {
    const meant = `${time}(${from.image}, ${to.image}) ${compared.image} ${limit.image}`;
    return {
      // the parser cannot tell whether the two are times or numbers (a duration already worked out): both are said
      zh: `数后面不写单位“${word}”。${to.image}、${from.image} 若是两个时间，不能直接相减：相差的${timeNames[time]}数写作 ${meant}（hours、days、workdays 分别数小时、天、工作日）；若是两个数，去掉“${word}”即可`,
      en: `a number takes no unit ('${word}'). If ${to.image} and ${from.image} are times, they are not subtracted: write ${meant} (hours, days, workdays count hours, days, working days); if they are numbers, drop '${word}'`,
    };
  }
  // `hours(受理时间, 签收时间) <= 2小时`: what hours() gives is a number of hours
  const callee = left[0]?.tokenType === T.Identifier && left[1]?.tokenType === T.LParen && left[left.length - 1]?.tokenType === T.RParen ? left[0] : undefined;
  // a function counting the time between two times, by any of its names (hours, 相差小时数 …), with what it counts
  const fn = callee ? findFunction(callee.image)?.name : undefined;
  const counted = fn === undefined ? undefined : timeNames[fn];
  const args = callee ? text.slice(callee.endOffset === undefined ? 0 : callee.endOffset + 1, ((left[left.length - 1] as IToken).endOffset ?? 0) + 1) : "";
  if (callee && fn && counted) {
    const n = Number(limit.image);
    const otherFn = time && time !== fn && !(time === "days" && fn === "workdays") ? time : undefined;
    const hours = Number((n / 60).toFixed(4));
    const english = (f: string) => (f === "hours" ? "hours" : f === "days" ? "days" : "working days");
    // `hours(…) <= 30分钟`: in hours, 0.5; `days(…) <= 30分钟`: hours(…) <= 0.5 (in days it is 30 days);
    // `hours(…) <= 2天`: days(…) <= 2
    const [meant, why, whyEn] =
      word === "分钟"
        ? fn === "hours"
          ? [
              `${leftText} ${compared.image} ${hours}`,
              `${callee.image}(…) 得出的是${counted}数（可有小数），${limit.image} 分钟是 ${hours} 小时`,
              `${callee.image}(…) is a number of hours (with decimals), ${limit.image} minutes being ${hours} hours`,
            ]
          : [
              `hours${args} ${compared.image} ${hours}`,
              `${callee.image}(…) 数的是${counted}数，按分钟算用 hours(…)，${limit.image} 分钟是 ${hours} 小时`,
              `${callee.image}(…) counts ${english(fn)}; minutes are counted by hours(…), ${limit.image} minutes being ${hours} hours`,
            ]
        : otherFn
          ? [
              `${otherFn}${args} ${compared.image} ${limit.image}`,
              `${callee.image}(…) 数的是${counted}数，按${timeNames[otherFn]}算用 ${otherFn}(…)`,
              `${callee.image}(…) counts ${english(fn)}, ${otherFn}(…) counts ${english(otherFn)}`,
            ]
          : [written, `${callee.image}(…) 得出的就是${counted}数，去掉“${word}”即可`, `${callee.image}(…) is a number of ${english(fn)} already`];
    return {
      zh: `数后面不写单位“${word}”：${why}，写作 ${meant}`,
      en: `a number takes no unit ('${word}'): ${whyEn}; write ${meant}`,
    };
  }
  return {
    zh: `数后面不写单位“${word}”：比较的两边都是数，去掉“${word}”，写作 ${written}`,
    en: `a number takes no unit ('${word}'): both sides of a comparison are numbers; drop '${word}' and write ${written}`,
  };
}

/**
 * A mistake rubric authors make writing a regulation, at the token the parser stopped at, with what to write in its place:
 * a value name quoted in a function's arguments (`levels(结果满意度, "满意": 1)`), `满分 100` for rescale to,
 * an item's label after its points, a section's lower bound. The Chinese and English message (without where), or null.
 */
function commonMistake(rule: string, tokens: IToken[], at: number, language: T.KeywordLanguage): { zh: string; en: string } | null {
  const token = tokens[at] as IToken;
  const previous = tokens[at - 1];
  const sameLine = (t: IToken | undefined) => t !== undefined && t.startLine === token.startLine;
  const w = (en: string) => T.spell(en, language);
  // `levels(结果满意度, "满意": 1)`: an argument's name (a value's name in levels) is a name, not a text
  if (token.tokenType === T.Colon && previous?.tokenType === T.StringLiteral && sameLine(previous) && insideCall(tokens, at)) {
    const name = previous.image.slice(1, -1);
    return {
      zh: `函数参数的名称不加引号：“${previous.image}: …”写作 ${name}: …（levels 的值名也是名称，如 levels(结果满意度, 满意: 1, 基本满意: 0.8)）`,
      en: `a function's argument name is not quoted: write ${name}: … for ${previous.image}: … (a value name in levels too, e.g. levels(结果满意度, 满意: 1))`,
    };
  }
  // `满分 100` in an assessment: full marks are the items' points; scaling the applicable items to them is rescale to
  const next = tokens[at + 1];
  if (
    rule === "assessmentDecl" &&
    token.tokenType === T.Identifier &&
    /^满分(?:为|是)?$/.test(token.image) &&
    (!previous || previous.endLine !== token.startLine) &&
    next?.tokenType === T.NumberLiteral &&
    sameLine(next)
  ) {
    return {
      zh: `不认识“${token.image}”：考核的满分就是各考核项（不含加分项）分值的合计，不用另写；有项不适用时按满分折算写作 ${w("rescale to")} ${next.image}`,
      en: `'${token.image}' is not understood: an assessment's full marks are its items' points added up; to scale the applicable items to full marks, write rescale to ${next.image}`,
    };
  }
  // `考核项 满意 40 分 "满意率"`: the label comes after the code, before the points
  const kw = tokens[at - 4];
  if (
    (rule === "itemDecl" || rule === "sectionDecl") &&
    token.tokenType === T.StringLiteral &&
    previous?.tokenType === T.PointsKw &&
    tokens[at - 2]?.tokenType === T.NumberLiteral &&
    (kw?.tokenType === T.ItemKw || kw?.tokenType === T.SectionKw) &&
    [kw, tokens[at - 3], tokens[at - 2], previous].every(sameLine)
  ) {
    const meant = `${kw.image} ${tokens[at - 3]?.image} ${token.image} ${tokens[at - 2]?.image} ${previous.image}`;
    return {
      zh: `说明文字写在代号之后、分值之前：写作 ${meant}`,
      en: `the label follows the code and comes before the points: write ${meant}`,
    };
  }
  // `部分 质量 20 分 不低于 5 {`: a section has a cap (up to), no lower bound
  if (rule === "sectionDecl" && token.tokenType === T.AtKw) {
    const points = tokens.slice(0, at).findLast((t) => sameLine(t) && t.tokenType === T.NumberLiteral);
    const bound = next?.tokenType === T.LeastKw ? tokens[at + 2] : next;
    // the bound as written (N when it is no number), the most deducted when the section's points are on its line
    const floor = bound?.tokenType === T.NumberLiteral ? bound.image : "N";
    const most = points && floor !== "N" ? Number(points.image) - Number(floor) : Number.NaN;
    const cap = Number.isFinite(most) ? `最多扣 ${most} 分` : "有上限";
    // `at least` is two words; 不低于 one (its two tokens share it)
    const written = next?.tokenType === T.LeastKw && next.startOffset > (token.endOffset ?? token.startOffset) ? `${token.image} ${next.image}` : token.image;
    return {
      zh: `部分不能写下限（“${written}”），只能写上限（${w("up to")}）。几项扣分合计${cap}的，把它们写成一个考核项，在扣分块中写 ${w("at least")} ${floor}（见手册 §3.14 “几项合计最多扣分”）；或在总分中写 ${w("total")} = … + max(${floor}, 甲项 + 乙项)`,
      en: `a section takes no lower bound ('${written}'), only a cap (up to). For deductions shared by several items${Number.isFinite(most) ? ` (at most ${most} points in all)` : ""}, write them as one item with at least ${floor} in its block (manual §3.14), or write the total: total = … + max(${floor}, 甲项 + 乙项)`,
    };
  }
  return null;
}

/** Words written for a multiplication sign: `扣 5 x 次数`, `5 乘以 超期数`. */
const timesWords = new Set(["x", "X", "乘", "乘以"]);
/** Tokens a value ends with, and tokens a value begins with: a times word between two values is meant as ×. */
const valueEnds = new Set<TokenType>([T.NumberLiteral, T.PercentLiteral, T.Identifier, T.RParen]);
const valueStarts = new Set<TokenType>([T.NumberLiteral, T.PercentLiteral, T.Identifier, T.LParen, T.Minus]);
/** Keyword spellings a name written without spaces may be made of (`扣每` is 扣 每, `扣2分` is 扣 2 分). */
const spellings = [...T.keywordNames, T.RoundWord.zh, T.RoundWord.en].sort((a, b) => b.length - a.length);

/**
 * The word the parser stopped at, when it is an operator or keywords written as the language does not:
 * `x` or `乘` between two values (multiplication is `*` or `×`), keywords run together without a space
 * (`扣每` for `扣 每`, `分每`, `扣2分`). The Chinese and English message, or null.
 */
function misspeltOperatorOrSpace(tokens: IToken[], at: number): [string, string] | null {
  const token = tokens[at] as IToken;
  const before = at > 0 ? tokens[at - 1] : undefined;
  const after = tokens[at + 1];
  if (
    timesWords.has(token.image) &&
    before &&
    after &&
    valueEnds.has(before.tokenType) &&
    valueStarts.has(after.tokenType) &&
    before.endLine === token.startLine &&
    after.startLine === token.startLine
  ) {
    const value = (t: IToken) => (t.tokenType === T.RParen || t.tokenType === T.LParen ? "(…)" : t.image);
    const meant = `${value(before)} × ${value(after)}`;
    return [`“${token.image}”不是乘号：乘法写作 * 或 ×，如 ${meant}`, `'${token.image}' is not a multiplication sign: write * or ×, e.g. ${meant}`];
  }
  // the file's own names may be among the pieces (`计数本期工单`, `扣5分若非领导小组`), not the word itself
  const names = new Set(tokens.filter((t) => t.tokenType === T.Identifier && t.image !== token.image).map((t) => t.image));
  const pieces = keywordPieces(token.image, names);
  if (pieces === null || pieces.length < 2 || pieces.every((p) => names.has(p))) return null;
  // `扣分 每 行政不作为`: 扣分 is how a regulation says it, 扣 分 no statement: the amount, or per record alone
  if (pieces.length === 2 && (pieces[0] === T.spell("deduct", "zh") || pieces[0] === T.spell("add", "zh")) && pieces[1] === T.spell("points", "zh")) {
    const rest = tokens.filter((t, i) => i > at && t.startLine === token.startLine);
    const after = rest.length > 0 ? ` ${rest.map((t) => t.image).join(" ")}` : " …";
    const verb = pieces[0];
    return [
      `“${token.image}”写作 ${verb} N 分：${verb} 3 分${after}${rest[0]?.tokenType === T.PerKw ? `，或按事件类型的分值：${verb}${after}` : ""}`,
      `'${token.image}' is written ${verb} N 分 (deduct N points): ${verb} 3 分${after}`,
    ];
  }
  const meant = pieces.join(" ");
  return [`“${token.image}”中的关键词之间要有空格：写作 ${meant}`, `'${token.image}' runs keywords together: write ${meant}`];
}

/** Whether the token at `at` stands inside a call's parentheses on its line (a `(` not closed before it). */
function insideCall(tokens: IToken[], at: number): boolean {
  let depth = 0;
  for (let i = at - 1; i >= 0 && tokens[i]?.startLine === tokens[at]?.startLine; i--) {
    const t = tokens[i]?.tokenType;
    if (t === T.RParen) depth++;
    else if (t === T.LParen) {
      if (depth === 0) return tokens[i - 1]?.tokenType === T.Identifier;
      depth--;
    }
  }
  return false;
}

/** Keywords that begin a declaration of the file's top level only (`value`, `rate` …): not inside an assessment. */
const topLevelOnly = new Set<TokenType>([T.ValueKw, T.RateKw, T.MeasureKw, T.PopulationKw, T.CategoryKw, T.EventKw, T.FactKw]);

/** A character that is a number in Chinese (一 … 十, 两, 零), as the digits it stands for; null for any other piece. */
const chineseDigit = (piece: string) => ([...piece].length === 1 ? chineseNumeral(piece) : null);

/** Units a policy text writes after a number (3件, 2 个百分点 is not among them: 百分点 is a rate's step). */
const unitWords = new Set(["件", "个", "次", "家", "项", "条", "名", "人", "户", "件次", "人次", "元", "日", "号"]);

/**
 * Where the parser stopped (the token at `at`, or the line it ended), an amount written as a regulation writes it and
 * the language does not: a number with its unit (`最低承办量 3件`: 3 alone), a deduction or addition with no amount
 * (`扣 若 非 领导小组`: 扣 5 分 若 …), or the points word before the formula (`扣 0.5分 × 重办件数`: 扣 0.5 × 重办件数 分).
 */
function amountWrittenOtherwise(text: string, tokens: IToken[], at: number): { zh: string; en: string; range: Range } | null {
  const line = (i: number) => tokens[i]?.startLine;
  // as written, from one token to another: a phrase keyword (最低承办量) is two tokens of one word
  const between = (from: IToken, to: IToken) => text.slice(from.startOffset, (to.endOffset ?? to.startOffset) + 1);
  const onLineOf = (i: number) => tokens.filter((t) => t.startLine === line(i));
  for (const i of [at, at - 1]) {
    const word = tokens[i];
    const number = tokens[i - 1];
    // (分 where the parser stopped at it: a band's line, `评为 优秀 不低于 90分`; an item's `40 分` reads on)
    const unit = word?.tokenType === T.Identifier ? unitWords.has(word.image) : i === at && word?.tokenType === T.PointsKw;
    if (!word || !unit || number?.tokenType !== T.NumberLiteral || line(i - 1) !== line(i)) continue;
    const meant = between(onLineOf(i)[0] as IToken, number);
    return {
      zh: `数字后不写单位“${word.image}”：写作 ${meant}`,
      en: `no unit '${word.image}' after a number: write ${meant}`,
      range: rangeOfToken(word),
    };
  }
  const stopped = at > 0 && (at >= tokens.length || line(at - 1) !== line(at)) ? at - 1 : at;
  const written = onLineOf(stopped);
  const start = written.findIndex((t) => t.tokenType === T.DeductKw || t.tokenType === T.AddKw);
  const verb = written[start];
  if (!verb) return null;
  const rest = written.slice(start + 1);
  // in the verb's own language: a Chinese line in a file of English keywords is answered in Chinese
  const points = T.isChineseSpelling(verb.image) ? "分" : "points";
  if (rest[0]?.tokenType === T.IfKw && !rest.some((t) => t.tokenType === T.ThenKw)) {
    const condition = between(rest[0], rest[rest.length - 1] as IToken);
    return {
      zh: `“${verb.image} ${rest[0].image}”之间缺少分值：写作 ${verb.image} 5 ${points} ${condition}（按件扣分写 ${verb.image} 每 …）`,
      en: `'${verb.image} ${rest[0].image}' lacks the amount between: write ${verb.image} 5 ${points} ${condition} (per record: ${verb.image} per …)`,
      range: { start: rangeOfToken(verb).start, end: rangeOfToken(rest[0]).end },
    };
  }
  const early = rest.findIndex((t, j) => t.tokenType === T.PointsKw && j > 0 && rest[j + 1]?.tokenType === T.Times);
  const pointsWord = rest[early];
  if (pointsWord && tokens[at] === rest[early + 1]) {
    const amount = rest[0] as IToken;
    const meant = `${verb.image} ${between(amount, rest[early - 1] as IToken)} ${between(rest[early + 1] as IToken, rest[rest.length - 1] as IToken)} ${pointsWord.image}`;
    return {
      zh: `“${pointsWord.image}”写在算式之后：写作 ${meant}`,
      en: `'${pointsWord.image}' follows the whole formula: write ${meant}`,
      range: rangeOfToken(pointsWord),
    };
  }
  return null;
}

/**
 * `扣每` → [扣, 每], `扣2分` → [扣, 2, 分], `计数本期工单` → [计数, 本期工单] when 本期工单 is among `names`: a word
 * made wholly of keyword spellings, numbers and names, in the fewest pieces, or null.
 */
function keywordPieces(word: string, names: ReadonlySet<string>): string[] | null {
  if (word.length > 40) return null;
  const best: (string[] | null)[] = Array.from({ length: word.length + 1 }, () => null);
  best[0] = [];
  for (let i = 0; i < word.length; i++) {
    const soFar = best[i];
    if (!soFar) continue;
    const number = /^\d+(?:\.\d+)?/.exec(word.slice(i))?.[0];
    // 保留两位小数: a number written in Chinese is read as the digit it is (written back as the digit)
    const found = [
      ...spellings.filter((k) => word.startsWith(k, i)),
      ...(number ? [number] : []),
      ...(chineseDigit(word[i] as string) ? [word[i] as string] : []),
      ...[...names].filter((n) => word.startsWith(n, i)),
    ];
    for (const piece of found) {
      const j = i + piece.length;
      const candidate = [...soFar, chineseDigit(piece) ?? piece];
      const known = best[j];
      if (!known || candidate.length < known.length) best[j] = candidate;
    }
  }
  return best[word.length] ?? null;
}

/**
 * A ranking statement that says in words that units with too few orders are not ranked: one error at its
 * first such word, giving the statement meant (`minimum volume 10`, 最低承办量 10 in a Chinese file).
 */
function minimumVolumeHint(tokens: IToken[], at: number): Diagnostic | null {
  const line = tokens[at]?.startLine;
  const onLine = tokens.filter((t) => t.startLine === line);
  // the statement's first word, or the word the parser stopped at (not a measure named 承办量 after `volume`)
  // (`承办量 工单数` without a number is `承办总量 工单数` misspelt: the usual suggestion)
  const number = onLine.find((t) => t.tokenType === T.NumberLiteral)?.image;
  const word = [onLine[0], tokens[at]].find(
    (t) =>
      t?.tokenType === T.Identifier &&
      (/不排名|不参加排名|不参与排名|不足|少于|低于/u.test(t.image) || (/承办量/u.test(t.image) && (number ?? /\d/.test(t.image)))),
  );
  if (!word) return null;
  const volume = number ?? /\d+/.exec(word.image)?.[0] ?? "N";
  return diagnostic(
    "error",
    Codes.UnexpectedToken,
    `在排名规则（ranking）中，不认识“${word.image}”：要写最低承办量，请写：minimum volume ${volume}`,
    `in the ranking block, '${word.image}' is not understood: for a minimum volume write: minimum volume ${volume}`,
    rangeOfToken(word),
  );
}

function endOfText(text: string): Range {
  const lines = text.split("\n");
  const line = lines.length;
  const column = (lines[lines.length - 1]?.length ?? 0) + 1;
  const pos = { line, column, offset: text.length };
  return { start: pos, end: pos };
}

/** Words of a rate's name or label that say it counts a bad thing (退单率, 超期率, 不满意率): lower is better. */
const badThing = /超期|逾期|超时|延期|退单|退回|回退|不满意|不及时|未按时|差评|重复|反弹|重办|差错|违规/;

/** The name of the rate declared before `at` (`rate 退单率 "退单率" = …`), with its label: what its words say of it. */
function rateNameBefore(tokens: IToken[], at: number): { name: string; words: string } | null {
  for (let i = Math.min(at, tokens.length) - 1; i >= 0; i--) {
    const t = tokens[i] as IToken;
    if (t.tokenType !== T.RateKw) continue;
    const name = tokens[i + 1];
    if (name?.tokenType !== T.Identifier) return null;
    const label = tokens[i + 2]?.tokenType === T.StringLiteral ? (tokens[i + 2] as IToken).image : "";
    return { name: name.image, words: `${name.image}${label}` };
  }
  return null;
}

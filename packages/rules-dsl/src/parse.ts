/**
 * `parse(text)` never throws: it returns the best AST the text allows and
 * every diagnostic, syntax first, then (only when the syntax is clean) the
 * semantic checks.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import type { Comment, Range, Rubric } from "./ast.ts";
import { checkRubric, suggest } from "./check.ts";
import { astBuilder, rangeOfLocation, rangeOfToken } from "./cst-to-ast.ts";
import { Codes, type Diagnostic, diagnostic } from "./diagnostics.ts";
import { rubricLexer } from "./lexer.ts";
import { controlCharacters, isControlCharacter, longExpressions, numberLiterals, tokenNesting } from "./limits.ts";
import { rubricParser } from "./parser.ts";
import * as T from "./tokens.ts";

export interface ParseResult {
  ast: Rubric;
  diagnostics: Diagnostic[];
}

export interface ParseOptions {
  /** skip the semantic checks (the formatter needs only the syntax) */
  syntaxOnly?: boolean;
}

const nowhere = (): Range => ({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } });
const emptyRubric = (): Rubric => ({ kind: "rubric", header: null, declarations: [], comments: [], repeats: [], range: nowhere() });

export function parse(text: string, options: ParseOptions = {}): ParseResult {
  try {
    return parseUnsafe(text, options);
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
  for (const e of lexed.errors) {
    if (isControlCharacter(text.slice(e.offset, e.offset + 1))) continue; // reported above
    const range = rangeOfLocation({
      startOffset: e.offset,
      startLine: e.line,
      startColumn: e.column,
      endOffset: e.offset + e.length - 1,
      endLine: e.line,
      endColumn: (e.column ?? 1) + e.length - 1,
    });
    const ch = text.slice(e.offset, e.offset + e.length);
    if (ch.startsWith('"')) {
      diagnostics.push(
        diagnostic(
          "error",
          Codes.UnterminatedString,
          "引号没有闭合：文字要用一对英文双引号括起来",
          "unterminated string: text must be enclosed in a pair of double quotes",
          range,
        ),
      );
    } else {
      diagnostics.push(diagnostic("error", Codes.UnknownCharacter, `无法识别的字符 “${ch}”`, `unknown character '${ch}'`, range));
    }
  }
  // the parser (and every pass after it) recurses once per level of nesting: deeper input is not parsed at all
  const tooDeep = tokenNesting(lexed.tokens);
  if (tooDeep) {
    diagnostics.push(tooDeep);
    return { ast: emptyRubric(), diagnostics: diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset) };
  }
  rubricParser.input = lexed.tokens;
  const cst = rubricParser.rubric();
  const syntaxErrors = oneErrorPerStatement(rubricParser.errors);
  const language = T.keywordLanguage(lexed.tokens);
  for (const e of syntaxErrors) diagnostics.push(syntaxDiagnostic(e, text, language));

  const ast = astBuilder.visit(cst) as Rubric;
  ast.comments = ((lexed.groups.comments ?? []) as IToken[]).map((t): Comment => ({ text: t.image, range: rangeOfToken(t) }));
  // counted without recursion: the checker, the formatter and the code generators recurse over each expression
  if (diagnostics.length === 0) diagnostics.push(...longExpressions(ast));
  if (!options.syntaxOnly && diagnostics.length === 0) diagnostics.push(...numberLiterals(lexed.tokens), ...checkRubric(ast));
  diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset);
  // a file written with Chinese keywords reads its messages' keywords in Chinese too
  if (language === "zh") for (const d of diagnostics) d.message = keywordsInChinese(d.message);
  return { ast, diagnostics };
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

function translatePart(message: string): string {
  return message
    .replace(/\bround (\d+) decimals\b/g, `${T.RoundWord.zh} $1 ${T.spell("decimals", "zh")}`)
    .replace(
      /\b(deduct|add) (\d+(?:\.\d+)?) per\b/g,
      (_, d: string, n: string) => `${T.spell(d, "zh")} ${n} ${T.spell("points", "zh")} ${T.spell("per", "zh")}`,
    )
    .replace(englishKeywordRegex, (en: string) => chineseOf.get(en.replace(/\s+/g, " ")) ?? en)
    .replace(/([\p{L}]+) ?（\1）/gu, "$1");
}

/**
 * Chevrotain's recovery resynchronises after an error, but the tokens it
 * skips can raise follow-on errors. A person fixes one thing at a time, so
 * keep the first error of each line and drop errors in recovered tokens.
 */
function oneErrorPerStatement(errors: IRecognitionException[]): IRecognitionException[] {
  const kept: IRecognitionException[] = [];
  let lastLine = -1;
  for (const e of [...errors].sort((a, b) => (a.token.startOffset || 0) - (b.token.startOffset || 0))) {
    const line = Number.isFinite(e.token.startLine) ? (e.token.startLine as number) : Number.MAX_SAFE_INTEGER;
    if (line === lastLine) continue;
    if (kept.length > 0 && e.token.tokenType.name === "EOF" && kept[kept.length - 1]?.token.tokenType.name === "EOF") continue;
    kept.push(e);
    lastLine = line;
  }
  return kept;
}

const ruleNames: Record<string, string> = {
  header: "文件头（rubric … version … in force from …）",
  categoryDecl: "类别声明（category）",
  eventDecl: "事件类型声明（event）",
  factDecl: "年度事实声明（fact）",
  recordBlock: "记录字段声明（orders { … } / events { … }）",
  attributeDecl: "扩展属性声明（attribute）",
  fieldDecl: "派生字段（field）",
  assessedAt: "考核时点（assessed at end of …）",
  populationDecl: "考核范围（population）",
  measureDecl: "计数/求和（measure）",
  rateDecl: "比率（rate）",
  valueDecl: "数值定义（value）",
  assessmentDecl: "考核（monthly / yearly）",
  windowDecl: "考核周期（window）",
  itemDecl: "考核项（item / bonus）",
  itemStatement: "考核项内的语句",
  adjustment: "扣分/加分（deduct / add）",
  sectionDecl: "考核部分（section）",
  bandDecl: "等次（band）",
  vetoDecl: "一票否决（veto）",
  sanctionDecl: "处理措施（sanction）",
  rankingDecl: "排名规则（ranking）",
  rankingStatement: "排名规则内的语句",
  groupDecl: "分组（groups）",
  orderKey: "排序依据（order by）",
};

const tokenDescriptions: Record<string, string> = {
  Identifier: "名称",
  NumberLiteral: "数字",
  PercentLiteral: "百分数",
  StringLiteral: "带双引号的文字",
  DateLiteral: "年月（如 2017-09）",
  LCurly: "“{”",
  RCurly: "“}”",
  LParen: "“(”",
  RParen: "“)”",
  LBracket: "“[”",
  RBracket: "“]”",
  Equals: "“=”",
  Comma: "“,”",
  Colon: "“:”",
  EOF: "文件结尾",
};

/** A token the parser expected, named as the file writes its keywords (“分” in a Chinese file, “points” in an English one). */
function describeToken(name: string, language: T.KeywordLanguage): string {
  if (tokenDescriptions[name]) return tokenDescriptions[name] as string;
  const k = T.keywordTable.find((x) => x.token.name === name);
  if (!k) return `“${name}”`;
  return `“${language === "zh" && k.zh !== null ? k.zh : k.en}”`;
}

const chineseKeywords = [...T.keywordNames].filter((k) => T.isChineseSpelling(k) && k.length >= 3);

/** A misspelt keyword (`dedcut`, `考核相`) reads as a name: which keyword was probably meant. */
function keywordHint(image: string): string {
  if (/^[a-z]+$/.test(image)) {
    return suggest(
      image,
      [...T.keywordNames].filter((k) => /^[a-z]+$/.test(k)),
    );
  }
  return T.isChineseSpelling(image) && image.length >= 3 ? suggest(image, chineseKeywords) : "";
}

function syntaxDiagnostic(e: IRecognitionException, text: string, language: T.KeywordLanguage): Diagnostic {
  const token = e.token;
  const atEof = token.tokenType.name === "EOF" || Number.isNaN(token.startOffset);
  const range: Range = atEof ? endOfText(text) : rangeOfToken(token);
  const hint = !atEof && token.tokenType.name === "Identifier" ? keywordHint(token.image) : "";
  const isKeyword = !atEof && token.tokenType.name !== "Identifier" && T.keywordNames.has(token.image);
  const expectedNames = [...e.message.matchAll(/-->\s*(\w+)\s*<--/g)].map((m) => m[1] as string);
  if (isKeyword && e.name === "MismatchedTokenException" && expectedNames[0] === "Identifier") {
    // `measure 总分 = …`: the name is a keyword, in either language
    return diagnostic(
      "error",
      Codes.DuplicateName,
      `“${token.image}”是关键词，不能用作名称：请换一个名称（如“${token.image}值”）`,
      `'${token.image}' is a keyword and cannot be used as a name`,
      range,
    );
  }
  const found = atEof ? "文件结尾" : `“${token.image}”${hint}${isKeyword && T.isChineseSpelling(token.image) ? "（这是关键词，不能用作名称）" : ""}`;
  const foundEn = atEof ? "end of file" : `'${token.image}'`;
  const rule = e.context?.ruleStack?.[e.context.ruleStack.length - 1] ?? "";
  const where = ruleNames[rule] ? `在${ruleNames[rule]}中，` : "";
  const whereEn = rule ? `in ${rule}, ` : "";
  const expected = expectedNames.filter((n) => n !== token.tokenType.name);
  if (e.name === "MismatchedTokenException" && expected[0]) {
    const code = atEof ? Codes.MissingToken : Codes.UnexpectedToken;
    return diagnostic(
      "error",
      code,
      `${where}这里应是${describeToken(expected[0], language)}，却遇到${found}`,
      `${whereEn}expected ${expected[0]} but found ${foundEn}`,
      range,
    );
  }
  if (e.name === "EarlyExitException") {
    return diagnostic("error", Codes.MissingToken, `${where}这里缺少内容，遇到${found}`, `${whereEn}something is missing before ${foundEn}`, range);
  }
  return diagnostic(
    "error",
    atEof ? Codes.MissingToken : Codes.UnexpectedToken,
    atEof ? `${where}文件意外结束（是否缺少 “}”？）` : `${where}这里不能出现${found}`,
    atEof ? `${whereEn}unexpected end of file (missing '}'?)` : `${whereEn}unexpected ${foundEn}`,
    range,
  );
}

function endOfText(text: string): Range {
  const lines = text.split("\n");
  const line = lines.length;
  const column = (lines[lines.length - 1]?.length ?? 0) + 1;
  const pos = { line, column, offset: text.length };
  return { start: pos, end: pos };
}

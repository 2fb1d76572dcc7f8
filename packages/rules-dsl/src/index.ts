/**
 * @kaohe/rules-dsl — the rubric language: lexer, parser, typed AST,
 * semantic checks with bilingual diagnostics, and the formatter.
 */
export type * from "./ast.ts";
export { childrenOf } from "./ast.ts";
export { findItem, isValidMonth, itemsOf } from "./ast-utils.ts";
export {
  type ColumnValue,
  type ColumnValues,
  checkRecordTexts,
  columnKey,
  type RecordColumn,
  type RecordText,
  recordColumns,
} from "./data-values.ts";
export { Codes, type Diagnostic, type DiagnosticCode, formatDiagnostic, type Severity } from "./diagnostics.ts";
export { type FormatOptions, type FormatResult, format } from "./format.ts";
export * from "./functions/index.ts";
export { keywordRewriteCount, translateKeywords } from "./keywords.ts";
export { keywordLanguageOf } from "./lexer.ts";
export { type ParseOptions, type ParseResult, parse } from "./parse.ts";
export { printExpr, quote } from "./print-expr.ts";
export { Resolver, type Scope } from "./resolve.ts";
export * from "./symbols.ts";
export {
  contextualWords,
  DayOfNextMonthWording,
  type KeywordLanguage,
  type KeywordPhrase,
  type KeywordSpelling,
  keywordNames,
  keywordTable,
  phraseTable,
  spell,
} from "./tokens.ts";

/**
 * @kaohe/rules-dsl — the rubric language: lexer, parser, typed AST,
 * semantic checks with bilingual diagnostics, and the formatter.
 */
export type * from "./ast.ts";
export { parse, type ParseOptions, type ParseResult } from "./parse.ts";
export { Codes, type Diagnostic, type DiagnosticCode, formatDiagnostic, type Severity } from "./diagnostics.ts";
export { format, type FormatResult, printExpr, quote } from "./format.ts";
export { findItem, itemsOf, isValidMonth, Resolver, type Scope } from "./check.ts";
export * from "./symbols.ts";
export { keywordNames } from "./tokens.ts";

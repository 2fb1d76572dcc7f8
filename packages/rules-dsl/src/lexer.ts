import { type ILexingResult, type IToken, Lexer } from "chevrotain";
import {
  AssessedDayOfNextMonth,
  allTokens,
  dayOfNextMonthNumber,
  dayOfNextMonthTokens,
  type KeywordLanguage,
  keywordLanguage,
  NumberLiteral,
  numberTokens,
  phraseExpansion,
} from "./tokens.ts";

/** One lexer for the process: Chevrotain lexers are reusable and costly to build. */
const lexer = new Lexer(allTokens, {
  positionTracking: "full",
  ensureOptimizations: false,
  skipValidations: true,
});

/**
 * A Chinese phrase (`不低于`) becomes the English phrase's tokens (`at least`),
 * each with the phrase's text and position, so the parser sees one language.
 */
function expandPhrases(tokens: IToken[]): IToken[] {
  if (!tokens.some((t) => phraseExpansion(t.tokenType) || t.tokenType === AssessedDayOfNextMonth)) return tokens;
  return tokens.flatMap((t) => {
    if (t.tokenType === AssessedDayOfNextMonth) return expandDayOfNextMonth(t);
    const types = phraseExpansion(t.tokenType);
    return types ? types.map((tokenType) => ({ ...t, tokenType, tokenTypeIdx: tokenType.tokenTypeIdx as number })) : [t];
  });
}

/**
 * `考核截至次月 5 日` becomes `assessed at day 5 of next month`: the keywords with the whole text and place, the number
 * with its own (ASCII) text and place, so a day out of range is marked where it is written.
 */
function expandDayOfNextMonth(t: IToken): IToken[] {
  const { text, at } = dayOfNextMonthNumber(t.image);
  const number: IToken = {
    ...t,
    image: text.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)),
    startOffset: t.startOffset + at,
    endOffset: t.startOffset + at + text.length - 1,
    startColumn: (t.startColumn ?? 0) + at,
    endColumn: (t.startColumn ?? 0) + at + text.length - 1,
    tokenType: NumberLiteral,
    tokenTypeIdx: NumberLiteral.tokenTypeIdx as number,
  };
  return dayOfNextMonthTokens.map((tokenType) => (tokenType === NumberLiteral ? number : { ...t, tokenType, tokenTypeIdx: tokenType.tokenTypeIdx as number }));
}

/** A number, percentage or date written with full-width digits (４０, ２０１８－０１, ９５．５％): its text in ASCII. */
function asciiNumbers(tokens: IToken[]): IToken[] {
  for (const t of tokens) {
    if (!numberTokens.has(t.tokenType) || /^[0-9.%-]*$/.test(t.image)) continue;
    t.image = t.image.replace(/[０-９．％－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  }
  return tokens;
}

export const rubricLexer = {
  tokenize(text: string): ILexingResult {
    const lexed = lexer.tokenize(text);
    lexed.tokens = expandPhrases(asciiNumbers(lexed.tokens));
    return lexed;
  },
};

/** The language most of the text's keywords are written in (English when equal or when there are none). */
export function keywordLanguageOf(text: string): KeywordLanguage {
  return keywordLanguage(lexer.tokenize(text).tokens);
}

/** The text lexed as written: a Chinese phrase is one token (not yet the English phrase's tokens); comments and errors too. */
export function lexAsWritten(text: string): ILexingResult {
  return lexer.tokenize(text);
}

/** The tokens as written (`lexAsWritten`'s tokens). */
export function tokensAsWritten(text: string): IToken[] {
  return lexAsWritten(text).tokens;
}

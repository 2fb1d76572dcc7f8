/**
 * Keywords rewritten in one language where they stand, nothing else touched:
 * layout, comments, names, even syntax errors stay as written. `fmt --keywords`
 * does this and lays the file out; this is for text fmt does not rewrite (a
 * file with a syntax error, an example of one, a fragment).
 */
import type { IToken } from "chevrotain";
import { tokensAsWritten } from "./lexer.ts";
import * as T from "./tokens.ts";

const spellingOf = new Map(T.keywordTable.map((k) => [k.token, k]));
const phraseOf = new Map(T.phraseTable.map((p) => [p.token, p]));
// longest first: `not in period` before `not in`
const phrases = [...T.phraseTable].sort((a, b) => b.tokens.length - a.tokens.length);

export function translateKeywords(text: string, language: T.KeywordLanguage): string {
  let out = "";
  let at = 0;
  for (const e of keywordEdits(text, language)) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * How many keywords (a phrase as one) `translateKeywords` would rewrite: `fmt --check --keywords zh` says how many a file
 * formatted in English keywords has (it said only 格式未整理, as of a file laid out wrong).
 */
export function keywordRewriteCount(text: string, language: T.KeywordLanguage): number {
  return keywordEdits(text, language).filter((e) => text.slice(e.start, e.end) !== e.text).length;
}

function keywordEdits(text: string, language: T.KeywordLanguage): { start: number; end: number; text: string }[] {
  const tokens = tokensAsWritten(text);
  const endOf = (t: IToken) => (t.endOffset ?? t.startOffset) + 1;
  const edits: { start: number; end: number; text: string }[] = [];
  const isRoundWord = (i: number) =>
    tokens[i]?.tokenType === T.Identifier && tokens[i + 1]?.tokenType === T.NumberLiteral && tokens[i + 2]?.tokenType === T.DecimalsKw;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as IToken;
    const end = endOf(t);
    if (isRoundWord(i) && (t.image === T.RoundWord.en || t.image === T.RoundWord.zh)) {
      edits.push({ start: t.startOffset, end, text: language === "zh" ? T.RoundWord.zh : T.RoundWord.en });
      continue;
    }
    if (t.tokenType === T.AssessedDayOfNextMonth) {
      if (language === "en") edits.push({ start: t.startOffset, end, text: dayOfNextMonth("en", T.dayOfNextMonthNumber(t.image).text) });
      continue;
    }
    // `assessed at day 5 of next month`, on one line, is `考核截至次月 5 日`: its words in another order than the English
    if (language === "zh" && t.tokenType === T.AssessedKw && T.dayOfNextMonthTokens.every((type, j) => tokens[i + j]?.tokenType === type)) {
      const last = tokens[i + T.dayOfNextMonthTokens.length - 1] as IToken;
      if (last.startLine === t.startLine) {
        edits.push({ start: t.startOffset, end: endOf(last), text: dayOfNextMonth("zh", (tokens[i + 3] as IToken).image) });
        i += T.dayOfNextMonthTokens.length - 1;
        continue;
      }
    }
    const phrase = phraseOf.get(t.tokenType);
    if (phrase) {
      if (language === "en") edits.push({ start: t.startOffset, end, text: phrase.en });
      continue;
    }
    const k = spellingOf.get(t.tokenType);
    if (!k || k.token === T.TrueKw || k.token === T.FalseKw) continue;
    if (language === "en") {
      if (t.image !== k.en) edits.push({ start: t.startOffset, end, text: k.en });
      continue;
    }
    if (T.isChineseSpelling(t.image)) continue;
    // an English phrase, its words on one line with only spaces between, is one Chinese word
    const p = phrases.find(
      (ph) =>
        ph.tokens.every((type, j) => tokens[i + j]?.tokenType === type) &&
        ph.tokens.every((_, j) => j === 0 || /^[ \t]+$/.test(text.slice(endOf(tokens[i + j - 1] as IToken), (tokens[i + j] as IToken).startOffset))),
    );
    if (p) {
      edits.push({ start: t.startOffset, end: endOf(tokens[i + p.tokens.length - 1] as IToken), text: p.zh });
      i += p.tokens.length - 1;
    } else if (k.zh !== null) edits.push({ start: t.startOffset, end, text: k.zh });
  }
  return edits;
}

/** `assessed at day N of next month` in either spelling, with the day as written. */
function dayOfNextMonth(language: T.KeywordLanguage, day: string): string {
  return (language === "zh" ? T.DayOfNextMonthWording.zh : T.DayOfNextMonthWording.en).replace("N", day);
}

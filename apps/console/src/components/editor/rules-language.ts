/**
 * Syntax highlighting and the keywords to complete for the rubric language. The
 * highlighting is the language's own lexer (@kaohe/rules-dsl lexer.ts, tokens.ts)
 * run over each visible line: strings and comments never span lines, so a line
 * lexes on its own, and what is a keyword, a name, a number or a date is what the
 * parser will read. Keywords come from the language's own table (`keywordTable`,
 * `phraseTable`): both spellings, English and Chinese, are highlighted and completed.
 */
import type { Completion } from "@codemirror/autocomplete";
import { type Extension, RangeSetBuilder } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from "@codemirror/view";
import { contextualWords, DayOfNextMonthWording, type KeywordLanguage, keywordTable, phraseTable } from "@kaohe/rules-dsl";
import { lexAsWritten } from "@kaohe/rules-dsl/lexer";
import * as T from "@kaohe/rules-dsl/tokens";

type TokenKind = "comment" | "string" | "date" | "number" | "keyword" | "declaration" | "atom" | "operator" | "punctuation";

type TokenType = (typeof T.allTokens)[number];
type LexedToken = ReturnType<typeof lexAsWritten>["tokens"][number];

/** Keywords that open a statement: shown bold (in either spelling), so the structure of a file stands out. */
const DECLARATIONS: readonly TokenType[] = [
  T.RubricKw,
  T.VersionKw,
  T.DocumentKw,
  T.ExampleKw,
  T.CategoryKw,
  T.SourcesKw,
  T.EventKw,
  T.FactKw,
  T.OrdersKw,
  T.EventsKw,
  T.FieldKw,
  T.AttributeKw,
  T.PopulationKw,
  T.MeasureKw,
  T.RateKw,
  T.ValueKw,
  T.MonthlyKw,
  T.YearlyKw,
  T.ItemKw,
  T.BonusKw,
  T.SectionKw,
  T.BandKw,
  T.VetoKw,
  T.SanctionKw,
  T.RankingKw,
];

const OPERATORS = [T.Coalesce, T.LessEq, T.GreaterEq, T.NotEq, T.Equals, T.Less, T.Greater, T.Plus, T.Minus, T.Times, T.Divide];
const PUNCTUATION = [T.LParen, T.RParen, T.LBracket, T.RBracket, T.LCurly, T.RCurly, T.Comma, T.Colon, T.Semicolon];

/** How each token type is shown; names (identifiers) are plain text. */
const kindOf = new Map<TokenType, TokenKind>([
  [T.Comment, "comment"],
  [T.StringLiteral, "string"],
  [T.DateLiteral, "date"],
  [T.PercentLiteral, "number"],
  [T.NumberLiteral, "number"],
  ...OPERATORS.map((t): [TokenType, TokenKind] => [t, "operator"]),
  ...PUNCTUATION.map((t): [TokenType, TokenKind] => [t, "punctuation"]),
  ...keywordTable.map((k): [TokenType, TokenKind] => [
    k.token,
    k.token === T.TrueKw || k.token === T.FalseKw ? "atom" : DECLARATIONS.includes(k.token) ? "declaration" : "keyword",
  ]),
  // a Chinese phrase (不低于) is one keyword as written
  ...phraseTable.map((p): [TokenType, TokenKind] => [p.token, "keyword"]),
]);

export interface Token {
  from: number;
  to: number;
  kind: TokenKind;
}

/** The tokens of one line (offsets within the line), as the lexer reads them. */
export function tokenizeLine(line: string): Token[] {
  const lexed = lexAsWritten(line);
  // a string not closed by the end of the line: the rest of the line is the string being typed
  let open = line.length;
  for (const e of lexed.errors) {
    const quote = line.slice(e.offset, e.offset + e.length).search(/["\u201C]/);
    if (quote >= 0) open = Math.min(open, e.offset + quote);
  }
  const tokens: Token[] = [];
  const code = lexed.tokens;
  // a comment runs to the end of the line: after every token
  for (const t of [...code, ...(lexed.groups.comments ?? [])]) {
    if (t.startOffset >= open) continue;
    if (t.tokenType === T.AssessedDayOfNextMonth) {
      // 考核截至次月 5 日: the words a keyword, the day a number
      const { text, at } = T.dayOfNextMonthNumber(t.image);
      const day = t.startOffset + at;
      tokens.push(
        { from: t.startOffset, to: day, kind: "keyword" },
        { from: day, to: day + text.length, kind: "number" },
        { from: day + text.length, to: t.startOffset + t.image.length, kind: "keyword" },
      );
      continue;
    }
    const kind = kindOf.get(t.tokenType) ?? (isContextualKeyword(code, t) ? "keyword" : undefined);
    if (kind) tokens.push({ from: t.startOffset, to: t.startOffset + t.image.length, kind });
  }
  if (open < line.length) tokens.push({ from: open, to: line.length, kind: "string" });
  return tokens;
}

/**
 * A word the parser reads as a keyword in one place only, a name elsewhere (tokens.ts `contextualWords`): the ranking's
 * `round 2 decimals` / `保留 2 位小数`, where a number and `decimals` follow it (`round(x, 2)` is the function).
 */
function isContextualKeyword(tokens: readonly LexedToken[], t: LexedToken): boolean {
  if (t.tokenType !== T.Identifier || !contextualWords.some((w) => w.en === t.image || w.zh === t.image)) return false;
  const at = tokens.indexOf(t);
  return tokens[at + 1]?.tokenType === T.NumberLiteral && tokens[at + 2]?.tokenType === T.DecimalsKw;
}

const marks: Record<TokenKind, Decoration> = {
  comment: Decoration.mark({ class: "kh-tok-comment" }),
  string: Decoration.mark({ class: "kh-tok-string" }),
  date: Decoration.mark({ class: "kh-tok-date" }),
  number: Decoration.mark({ class: "kh-tok-number" }),
  keyword: Decoration.mark({ class: "kh-tok-keyword" }),
  declaration: Decoration.mark({ class: "kh-tok-declaration" }),
  atom: Decoration.mark({ class: "kh-tok-atom" }),
  operator: Decoration.mark({ class: "kh-tok-operator" }),
  punctuation: Decoration.mark({ class: "kh-tok-punctuation" }),
};

function decorate(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const doc = view.state.doc;
  let lastLine = 0;
  for (const { from, to } of view.visibleRanges) {
    // visible ranges can share a line: each line once, in order
    const first = Math.max(doc.lineAt(from).number, lastLine + 1);
    const last = doc.lineAt(to).number;
    for (let n = first; n <= last; n++) {
      const line = doc.line(n);
      for (const t of tokenizeLine(line.text)) builder.add(line.from + t.from, line.from + t.to, marks[t.kind]);
    }
    lastLine = Math.max(lastLine, last);
  }
  return builder.finish();
}

const highlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(update: ViewUpdate) {
      if (update.docChanged || update.viewportChanged) this.decorations = decorate(update.view);
    }
  },
  { decorations: (v) => v.decorations },
);

const colors = EditorView.baseTheme({
  ".kh-tok-comment": { color: "#8c8c8c", fontStyle: "italic" },
  ".kh-tok-string": { color: "#a31515" },
  ".kh-tok-date": { color: "#0a7f6f" },
  ".kh-tok-number": { color: "#0b6bcb" },
  ".kh-tok-keyword": { color: "#7a3eb1" },
  ".kh-tok-declaration": { color: "#7a3eb1", fontWeight: "600" },
  ".kh-tok-atom": { color: "#b35900" },
  ".kh-tok-operator": { color: "#5c5c5c" },
  ".kh-tok-punctuation": { color: "#8c8c8c" },
});

/** Highlighting of the rubric language: keywords (English and Chinese), strings, numbers, percentages, months and dates, comments, operators. */
export function rulesHighlighting(): Extension {
  return [highlighter, colors];
}

/** Both spellings of every declaration keyword. */
const declarationWords = new Set(keywordTable.filter((k) => DECLARATIONS.includes(k.token)).flatMap((k) => (k.zh ? [k.en, k.zh] : [k.en])));

/** One keyword or phrase in both spellings. */
interface KeywordEntry {
  en: string;
  zh: string | null;
}

/** English keywords a phrase spells in Chinese (zero: 得零分): offered once, with that spelling */
const phrased = new Set(phraseTable.map((p) => p.en));

const entries: KeywordEntry[] = [
  ...keywordTable.filter((k) => k.en !== "true" && k.en !== "false" && !(k.zh === null && phrased.has(k.en))).map((k) => ({ en: k.en, zh: k.zh })),
  ...phraseTable.map((p) => ({ en: p.en, zh: p.zh })),
  ...contextualWords.map((w) => ({ en: w.en, zh: w.zh })),
  // the day as most regulations have it (数据统计截至次月5日), to be changed to the one the file's regulation says
  { en: DayOfNextMonthWording.en.replace("N", "5"), zh: DayOfNextMonthWording.zh.replace("N", "5") },
];

/**
 * The keywords a word being typed may begin (its English or its Chinese
 * spelling, either way round): each in the file's keyword language first, the
 * other spelling beside it.
 */
export function keywordCompletions(prefix: string, language: KeywordLanguage, only?: readonly string[]): Completion[] {
  const out: Completion[] = [];
  for (const e of entries) {
    if (only && !only.includes(e.en)) continue;
    if (prefix && !(e.en.startsWith(prefix) || e.zh?.startsWith(prefix))) continue;
    const spellings = e.zh === null ? [e.en] : language === "zh" ? [e.zh, e.en] : [e.en, e.zh];
    spellings.forEach((label, i) => {
      const other = label === e.en ? e.zh : e.en;
      out.push({
        label,
        detail: other ?? undefined,
        type: declarationWords.has(label) ? "class" : "keyword",
        // the file's language first; among those, the shorter (closer to what was typed) first
        boost: (i === 0 ? 50 : 0) - label.length,
      });
    });
  }
  return out.sort((a, b) => (b.boost ?? 0) - (a.boost ?? 0) || a.label.localeCompare(b.label));
}

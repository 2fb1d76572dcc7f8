/**
 * Syntax highlighting and the keywords to complete for the rubric language, without
 * a grammar package: strings and comments never span lines, so every visible
 * line is tokenised on its own. Keywords come from the language's own table
 * (`keywordTable`, `phraseTable` in @kaohe/rules-dsl): both spellings, English
 * and Chinese, are highlighted and completed.
 */
import type { Completion } from "@codemirror/autocomplete";
import { type Extension, RangeSetBuilder } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from "@codemirror/view";
import { contextualWords, type KeywordLanguage, keywordNames, keywordTable, phraseTable } from "@kaohe/rules-dsl";

export type TokenKind = "comment" | "string" | "date" | "number" | "keyword" | "declaration" | "atom" | "operator" | "punctuation";

/** Keywords that open a statement (by their English spelling): shown bold, so the structure of a file stands out. */
const DECLARATIONS_EN = [
  "rubric",
  "version",
  "document",
  "example",
  "category",
  "sources",
  "event",
  "fact",
  "orders",
  "events",
  "field",
  "attribute",
  "population",
  "measure",
  "rate",
  "value",
  "monthly",
  "yearly",
  "item",
  "bonus",
  "section",
  "band",
  "veto",
  "sanction",
  "ranking",
];

/** Both spellings of every declaration keyword. */
const DECLARATION_KEYWORDS = new Set(keywordTable.filter((k) => DECLARATIONS_EN.includes(k.en)).flatMap((k) => (k.zh ? [k.en, k.zh] : [k.en])));

const ATOMS = new Set(keywordTable.filter((k) => k.en === "true" || k.en === "false").flatMap((k) => (k.zh ? [k.en, k.zh] : [k.en])));

const identifier = /[\p{L}_][\p{L}\p{N}_]*/uy;
const stringLit = /"(?:[^"\\\n]|\\.)*"?/y;
const dateLit = /\d{4}-\d{2}(?:-\d{2})?(?!\d)/y;
const percentLit = /\d+(?:\.\d+)?[%％]/y;
const numberLit = /\d+(?:\.\d+)?/y;
const operator = /\?\?|<=|>=|!=|[≤≥≠=<>+\-−*×/÷]/y;
const punctuation = /[()（）[\]{},，、:：;；]/y;

export interface Token {
  from: number;
  to: number;
  kind: TokenKind;
}

function at(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  return re.exec(text) ? re.lastIndex : -1;
}

/** The tokens of one line (offsets within the line). */
export function tokenizeLine(line: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < line.length) {
    const ch = line[pos] as string;
    if (ch === " " || ch === "\t" || ch === "\u3000" || ch === "\r" || ch === "\uFEFF") {
      pos++;
      continue;
    }
    if (ch === "#" || (ch === "/" && line[pos + 1] === "/")) {
      tokens.push({ from: pos, to: line.length, kind: "comment" });
      break;
    }
    let end: number;
    if (ch === '"') {
      end = at(stringLit, line, pos);
      tokens.push({ from: pos, to: end, kind: "string" });
      pos = end;
      continue;
    }
    if (ch >= "0" && ch <= "9") {
      end = at(dateLit, line, pos);
      if (end > 0) {
        tokens.push({ from: pos, to: end, kind: "date" });
        pos = end;
        continue;
      }
      end = at(percentLit, line, pos);
      if (end < 0) end = at(numberLit, line, pos);
      tokens.push({ from: pos, to: end, kind: "number" });
      pos = end;
      continue;
    }
    end = at(identifier, line, pos);
    if (end > 0) {
      const word = line.slice(pos, end);
      if (ATOMS.has(word)) tokens.push({ from: pos, to: end, kind: "atom" });
      else if (keywordNames.has(word)) tokens.push({ from: pos, to: end, kind: DECLARATION_KEYWORDS.has(word) ? "declaration" : "keyword" });
      pos = end;
      continue;
    }
    end = at(operator, line, pos);
    if (end > 0) {
      tokens.push({ from: pos, to: end, kind: "operator" });
      pos = end;
      continue;
    }
    end = at(punctuation, line, pos);
    if (end > 0) {
      tokens.push({ from: pos, to: end, kind: "punctuation" });
      pos = end;
      continue;
    }
    // a character the language does not use: the linter reports it
    pos += ch.length;
  }
  return tokens;
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

/** One keyword or phrase in both spellings. */
interface KeywordEntry {
  en: string;
  zh: string | null;
}

const entries: KeywordEntry[] = [
  ...keywordTable.filter((k) => k.en !== "true" && k.en !== "false").map((k) => ({ en: k.en, zh: k.zh })),
  ...phraseTable.map((p) => ({ en: p.en, zh: p.zh })),
  ...contextualWords.map((w) => ({ en: w.en, zh: w.zh })),
];

/**
 * The keywords a word being typed may begin (its English or its Chinese
 * spelling, either way round): each in the file's keyword language first, the
 * other spelling beside it.
 */
export function keywordCompletions(prefix: string, language: KeywordLanguage): Completion[] {
  const out: Completion[] = [];
  for (const e of entries) {
    if (prefix && !(e.en.startsWith(prefix) || e.zh?.startsWith(prefix))) continue;
    const spellings = e.zh === null ? [e.en] : language === "zh" ? [e.zh, e.en] : [e.en, e.zh];
    spellings.forEach((label, i) => {
      const other = label === e.en ? e.zh : e.en;
      out.push({
        label,
        detail: other ?? undefined,
        type: DECLARATION_KEYWORDS.has(label) ? "class" : "keyword",
        // the file's language first; among those, the shorter (closer to what was typed) first
        boost: (i === 0 ? 50 : 0) - label.length,
      });
    });
  }
  return out.sort((a, b) => (b.boost ?? 0) - (a.boost ?? 0) || a.label.localeCompare(b.label));
}

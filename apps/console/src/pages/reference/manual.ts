/**
 * The language manual (docs/rules-language.md) as the console shows it: cut
 * into its sections (## and ###), each rendered to HTML by markdown-it with
 * raw HTML off (a tag written in the file is shown as text), images off
 * (nothing is fetched), and the rubric examples coloured as in the editor.
 * Every piece of text reaches the HTML through markdown-it's escaping.
 */
import markdownIt, { type MarkdownIt, type Token } from "markdown-it";
import { tokenizeLine } from "../../components/editor/rules-language.ts";

/** The rubric examples (```kh) coloured with the editor's own tokenizer; other code as it is. */
function highlight(md: MarkdownIt, code: string, lang: string): string {
  if (lang !== "kh") return "";
  return code
    .split("\n")
    .map((line) => {
      let out = "";
      let pos = 0;
      for (const t of tokenizeLine(line)) {
        out += md.utils.escapeHtml(line.slice(pos, t.from));
        out += `<span class="kh-tok-${t.kind}">${md.utils.escapeHtml(line.slice(t.from, t.to))}</span>`;
        pos = t.to;
      }
      return out + md.utils.escapeHtml(line.slice(pos));
    })
    .join("\n");
}

/** markdown-it as the console uses it: no raw HTML, no images, no links made of bare text. */
function createRenderer(): MarkdownIt {
  const md: MarkdownIt = markdownIt({ html: false, linkify: false, typographer: false, highlight: (code, lang) => highlight(md, code, lang) });
  md.disable("image");
  // links out of the manual open beside the console; links inside it stay (the panel scrolls to them)
  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx] as Token;
    const href = String(token.attrGet("href") ?? "");
    if (!href.startsWith("#")) {
      token.attrSet("target", "_blank");
      token.attrSet("rel", "noopener noreferrer");
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

/** The anchor a heading gets, as the manual's own table of contents writes it: `1. 概述 (Overview)` → `1-概述-overview`. */
export function slug(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

export interface ManualSection {
  /** the heading's anchor (the part before the first heading: "top") */
  id: string;
  /** 1 for the part before the first chapter, 2 for a chapter (##), 3 for a section (###) */
  level: 1 | 2 | 3;
  title: string;
  /** the chapter this section belongs to (its own id for a chapter) */
  chapter: string;
  html: string;
  /** the section's text, headings and code included, for searching */
  text: string;
}

function plainText(tokens: Token[]): string {
  const parts: string[] = [];
  for (const t of tokens) {
    if (t.type === "inline") parts.push((t.children ?? []).map((c) => (c.type === "softbreak" || c.type === "hardbreak" ? "\n" : c.content)).join(""));
    else if (t.type === "fence" || t.type === "code_block") parts.push(t.content);
  }
  return parts.join("\n");
}

/** The manual cut into its chapters and sections, each rendered. */
export function sectionsOf(markdown: string, md: MarkdownIt = createRenderer()): ManualSection[] {
  const env = {};
  const tokens = md.parse(markdown, env);
  const starts: number[] = [0];
  tokens.forEach((t, i) => {
    if (t.type === "heading_open" && (t.tag === "h2" || t.tag === "h3") && i > 0) starts.push(i);
  });
  const sections: ManualSection[] = [];
  let chapter = "top";
  starts.forEach((start, k) => {
    const slice = tokens.slice(start, starts[k + 1] ?? tokens.length);
    const open = slice[0] as Token;
    const isHeading = open.type === "heading_open" && (open.tag === "h2" || open.tag === "h3");
    // the heading's text without its markdown (`code` shown as code in the text, plain in the table of contents)
    const inline = isHeading ? slice[1] : tokens.find((t) => t.type === "inline");
    const title = (inline?.children ?? []).map((c) => c.content).join("");
    const level = !isHeading ? 1 : open.tag === "h2" ? 2 : 3;
    const id = isHeading ? slug(title) : "top";
    if (isHeading) open.attrSet("id", id);
    if (level === 2) chapter = id;
    sections.push({ id, level, title, chapter: level === 1 ? "top" : chapter, html: md.renderer.render(slice, md.options, env), text: plainText(slice) });
  });
  return sections;
}

/** Whether a section holds every word of the query (case-insensitive; words apart by spaces). */
export function sectionMatches(section: ManualSection, query: string): boolean {
  const words = queryWords(query);
  if (words.length === 0) return true;
  const text = section.text.toLowerCase();
  return words.every((w) => text.includes(w));
}

/** The words of a search, lower-cased. */
function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/u).filter(Boolean);
}

/** Where the query's words occur in a text: [from, to) pairs, in order, not overlapping. */
export function matchRanges(text: string, query: string): [number, number][] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const lower = text.toLowerCase();
  const found: [number, number][] = [];
  for (const w of words) {
    for (let i = lower.indexOf(w); i >= 0; i = lower.indexOf(w, i + w.length)) found.push([i, i + w.length]);
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const r of found) {
    const last = out.at(-1);
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

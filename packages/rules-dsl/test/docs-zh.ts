/**
 * The manual's Chinese twins: after each English ```kh example comes the same
 * example with its keywords in Chinese (```kh … zh), exactly what
 * `kaohe fmt --keywords zh` writes. A fragment is formatted where the manual
 * says it goes (in the skeleton file, the minimal file, or the 2017 rubric for
 * its excerpts), and its lines are taken back out of the Chinese file.
 * An example fmt does not rewrite (a syntax error, the text before
 * formatting) gets its keywords rewritten where they stand (translateKeywords).
 * `npx tsx packages/rules-dsl/scripts/docs-zh.ts` rewrites the twins;
 * docs-examples.test.ts checks them.
 */
import { format, parse, translateKeywords } from "../src/index.ts";

export interface DocBlock {
  /** the info string after ```kh, e.g. "fragment-monthly" or "diag=KH232 where=monthly" */
  tag: string;
  body: string;
  /** offsets of the whole fence, ``` to ``` and its newline */
  start: number;
  end: number;
}

/** The English ```kh blocks and, for each, the Chinese twin written right after it (if any). */
export function docBlocks(doc: string): { en: DocBlock; zh: DocBlock | null }[] {
  const all = [...doc.matchAll(/^```kh([^\n]*)\n([\s\S]*?)^```\n?/gm)].map(
    (m): DocBlock => ({ tag: (m[1] as string).trim(), body: m[2] as string, start: m.index as number, end: (m.index as number) + m[0].length }),
  );
  const out: { en: DocBlock; zh: DocBlock | null }[] = [];
  for (let i = 0; i < all.length; i++) {
    const en = all[i] as DocBlock;
    if (isZhTag(en.tag)) continue;
    const next = all[i + 1];
    const twin = next && isZhTag(next.tag) && /^\s*$/.test(doc.slice(en.end, next.start)) ? next : null;
    out.push({ en, zh: twin });
  }
  return out;
}

function isZhTag(tag: string): boolean {
  return /(^|\s)zh$/.test(tag);
}

function zhTag(tag: string): string {
  return tag ? `${tag} zh` : "zh";
}

function block(doc: string, tag: string): string {
  return new RegExp(`^\`\`\`kh ${tag}\\n([\\s\\S]*?)^\`\`\``, "m").exec(doc)?.[1] ?? "";
}

/** Where the manual says a §7 example goes in the minimal file (as docs-examples.test.ts applies it). */
export function applyDiagnosticExample(minimal: string, where: string, body: string): string {
  switch (where) {
    case "monthly":
      return minimal.replace("  item 量 10 points = min(10, 工单数)\n", `  item 量 10 points = min(10, 工单数)\n${body}`);
    case "top":
      return minimal.replace("ranking {", `${body}\nranking {`);
    case "header":
      return minimal.replace(/^rubric[^\n]*\n[^\n]*\n/, body);
    case "ranking-block":
      return minimal.replace(/ranking \{[\s\S]*\}\n?$/, body);
    case "ranking":
      return minimal.replace("  volume 工单数\n", `  volume 工单数\n${body}`);
    case "file":
      return body;
    default:
      throw new Error(`unknown where=${where}`);
  }
}

const lines = (s: string) => s.replace(/\n$/, "").split("\n");
const indentOf = (ls: string[]) => Math.min(...ls.filter((l) => l.trim()).map((l) => (/^ */.exec(l) as RegExpExecArray)[0].length));
const dedent = (ls: string[]) => {
  const n = indentOf(ls);
  return ls.map((l) => l.slice(Math.min(n, l.length)));
};

/**
 * The Chinese of `part` (some consecutive lines of an English file `whole`):
 * both written by fmt, line for line, so the part's lines are found in the
 * English output and the same lines taken from the Chinese output.
 */
function alignedTwin(whole: string, part: string[]): string[] | null {
  const en = format(whole, { keywords: "en" });
  const zh = format(whole, { keywords: "zh" });
  if (!en.ok || !zh.ok) return null;
  const e = lines(en.text);
  const z = lines(zh.text);
  if (e.length !== z.length) return null;
  const want = dedent(part).join("\n");
  const n = part.length;
  for (let i = 0; i + n <= e.length; i++) {
    if (dedent(e.slice(i, i + n)).join("\n") !== want) continue;
    const pad = " ".repeat(indentOf(part));
    return dedent(z.slice(i, i + n)).map((l) => (l ? pad + l : l));
  }
  return null;
}

/**
 * The Chinese twin of one English block, or null when it has none: the
 * example before formatting (`fmt-before`), and examples of syntax errors,
 * which fmt does not rewrite.
 */
export function zhTwin(doc: string, tag: string, body: string, huantai: string): string | null {
  const part = lines(body);
  const skeleton = block(doc, "skeleton");
  const minimal = block(doc, "minimal");
  if (tag === "fmt-before") return null;
  if (tag === "" || tag === "skeleton" || tag === "minimal" || tag === "fmt-after") {
    const r = format(body, { keywords: "zh" });
    return r.ok ? r.text : null;
  }
  if (tag === "excerpt") {
    // each line found in the 2017 rubric (an excerpt leaves lines out, marked `…`, and comments)
    const en = format(huantai, { keywords: "en" });
    const zh = format(huantai, { keywords: "zh" });
    if (!en.ok || !zh.ok) return null;
    const e = lines(en.text).map((l) => l.trim());
    const z = lines(zh.text);
    const out: string[] = [];
    for (const l of part) {
      if (l.trim() === "…") {
        out.push(l);
        continue;
      }
      const i = e.indexOf(l.trim());
      if (i < 0) return null;
      out.push(/^ */.exec(l)?.[0] + (z[i] as string).trim());
    }
    return `${out.join("\n")}\n`;
  }
  let whole: string;
  if (tag === "fragment") {
    whole = /^ranking \{/m.test(body) ? skeleton.replace(/^ranking \{[\s\S]*\}\n?$/m, body) : skeleton.replace("\nranking {", `\n${body}\nranking {`);
  } else if (tag === "fragment-monthly") {
    whole = skeleton.replace("  rescale to 100\n", `${body}  rescale to 100\n`);
  } else if (tag === "fragment-yearly") {
    whole = skeleton.replace("  item 月均", `${body}  item 月均`);
  } else {
    const diag = /^diag=(KH\d+) where=([\w-]+)$/.exec(tag);
    if (!diag) return null;
    whole = applyDiagnosticExample(minimal, diag[2] as string, body);
    if (parse(whole).diagnostics.some((d) => d.code.startsWith("KH1"))) return null;
  }
  const twin = alignedTwin(whole, part);
  return twin ? `${twin.join("\n")}\n` : null;
}

/** The twin of a block: fmt --keywords zh of it where fmt rewrites it, else its keywords rewritten in place (null: it has no keyword). */
export function twinOf(doc: string, tag: string, body: string, huantai: string): string | null {
  const formatted = zhTwin(doc, tag, body, huantai);
  if (formatted !== null) return formatted;
  const translated = translateKeywords(body, "zh");
  return translated === body ? null : translated;
}

/** The manual with every twin written anew (old twins replaced, a twin added after each English block that has one). */
export function withTwins(doc: string, huantai: string): { text: string; missing: string[] } {
  const missing: string[] = [];
  let out = "";
  let at = 0;
  for (const { en, zh } of docBlocks(doc)) {
    out += doc.slice(at, en.end);
    at = zh ? zh.end : en.end;
    const twin = twinOf(doc, en.tag, en.body, huantai);
    if (twin === null) {
      missing.push(`${en.tag || "kh"}: ${en.body.split("\n")[0]}`);
      continue;
    }
    out += `\n\`\`\`kh ${zhTag(en.tag)}\n${twin}\`\`\`\n`;
  }
  out += doc.slice(at);
  return { text: out, missing };
}

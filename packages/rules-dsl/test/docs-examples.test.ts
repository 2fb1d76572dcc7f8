/**
 * docs/rules-language.md §7: each diagnostic's example, applied to the
 * minimal file as the manual says ("加在考核中" …), produces exactly the
 * code it illustrates.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { format, keywordTable, parse, phraseTable } from "../src/index.ts";
import { applyDiagnosticExample, docBlocks, twinOf, zhTwin } from "./docs-zh.ts";

const doc = readFileSync(new URL("../../../docs/rules-language.md", import.meta.url), "utf8");
const minimal = /```kh minimal\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
const examples = [...doc.matchAll(/```kh diag=(KH\d+) where=([\w-]+)\n([\s\S]*?)```/g)].map((m) => [m[1], m[2], m[3]] as [string, string, string]);

/** where the manual says the example goes in the minimal file ("加在考核中" …) */
const apply = (where: string, body: string) => applyDiagnosticExample(minimal, where, body);

test("the manual has the minimal file and an example for most codes", () => {
  expect(parse(minimal).diagnostics).toEqual([]);
  expect(examples.length).toBeGreaterThan(30);
});

test.each(examples)("%s (%s) gives exactly that code", (code, where, body) => {
  expect([...new Set(parse(apply(where, body)).diagnostics.map((d) => d.code))]).toEqual([code]);
});

// the Chinese twins: after each English example, the same example with Chinese keywords (kaohe fmt --keywords zh)
const huantai = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const pairs = docBlocks(doc);

test.each(pairs.map((p, i) => [i, p.en.tag || "kh", p] as const))("block %i (%s): its Chinese twin is fmt --keywords zh of it", (_, __, { en, zh }) => {
  const formatted = zhTwin(doc, en.tag, en.body, huantai);
  // only examples fmt cannot rewrite (syntax errors, the text before formatting) have their keywords rewritten in place
  if (formatted === null) expect(en.tag).toMatch(/^(fmt-before|diag=KH1\d\d|diag=KH240)\b/);
  expect(zh?.body ?? null).toBe(twinOf(doc, en.tag, en.body, huantai));
});

test("the Chinese text before formatting, formatted, is the Chinese text after", () => {
  const before = pairs.find((p) => p.en.tag === "fmt-before")?.zh?.body ?? "";
  const after = pairs.find((p) => p.en.tag === "fmt-after")?.zh?.body ?? "";
  expect(format(before)).toEqual({ ok: true, text: after });
});

test.each(pairs.filter((p) => p.zh && /^diag=/.test(p.en.tag)).map((p) => [p.en.tag, p.zh?.body ?? ""] as const))(
  "the Chinese twin of %s gives the same code",
  (tag, body) => {
    const [, code, where] = /^diag=(KH\d+) where=([\w-]+)/.exec(tag) as RegExpExecArray;
    expect([...new Set(parse(applyDiagnosticExample(minimal, where as string, body)).diagnostics.map((d) => d.code))]).toEqual([code]);
  },
);

test("the manual's keyword tables list every keyword and phrase, as the language spells them", () => {
  const rows = new Set([...doc.matchAll(/^\| `([^`]+)` \| `([^`]+)` \|/gm)].map((m) => `${m[1]}|${m[2]}`));
  for (const k of keywordTable) if (k.zh !== null) expect(rows.has(`${k.en}|${k.zh}`), k.en).toBe(true);
  for (const p of phraseTable) expect(rows.has(`${p.en}|${p.zh}`), p.en).toBe(true);
});

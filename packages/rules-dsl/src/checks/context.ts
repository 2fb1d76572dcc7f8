/**
 * What every check is given, and the shape of a check. A check reads the rubric, asks the shared `Resolver` for
 * types and names, and reports through `accept`; it returns nothing and keeps no state of its own between files.
 */

import type * as A from "../ast.ts";
import type { Accept, Resolver } from "../resolve.ts";
import { suggest, suggestEn } from "../suggest.ts";
import type { Symbol as Sym } from "../symbols.ts";
import type { KeywordLanguage } from "../tokens.ts";

export interface CheckContext {
  rubric: A.Rubric;
  resolver: Resolver;
  accept: Accept;
  /** the keywords the file is written in: what a message says to write is written in them */
  language: KeywordLanguage;
}

/** A check of the whole file. */
export interface FileCheck {
  /** what it checks, for the internal-error diagnostic when it crashes */
  name: string;
  run(ctx: CheckContext): void;
}

/** A check of one declaration of one kind (`measure`, `assessment` …), run for each such declaration in file order. */
export interface DeclarationCheck<D extends A.Declaration = A.Declaration> {
  name: string;
  run(ctx: CheckContext, d: D): void;
}

type DeclarationOf<K extends A.Declaration["kind"]> = Extract<A.Declaration, { kind: K }>;

/** The declaration checks keyed by the kind of declaration they check, each list in the order it runs. */
export type DeclarationChecks = { [K in A.Declaration["kind"]]?: DeclarationCheck<DeclarationOf<K>>[] };

/** The declared names of these kinds: what a misspelt name is compared with. */
export function namesOf(resolver: Resolver, ...kinds: Sym["kind"][]): string[] {
  return [...resolver.symbols.global].filter(([, s]) => kinds.includes(s.kind)).map(([n]) => n);
}

/**
 * What an unknown category name was probably meant to be: the category whose label it is (`category 部门 "县直部门"`,
 * then `县直部门` written where the name goes: a helper was told only that it is not declared), else the closest name.
 */
export function categoryHint(resolver: Resolver, name: string): [string, string] {
  const declared = [...resolver.symbols.global].flatMap(([n, s]) => (s.kind === "category" ? [{ name: n, label: s.decl.label }] : []));
  const labelled = declared.find((c) => c.label === name);
  if (labelled)
    return [
      `（“${name}”是类别 ${labelled.name} 的说明，这里写类别的名称 ${labelled.name}）`,
      ` ('${name}' is the label of category '${labelled.name}': write its name)`,
    ];
  const names = declared.map((c) => c.name);
  return [suggest(name, names), suggestEn(name, names)];
}

/** A count and the first few names: `[1,200, 工单数、超期数、回访数等]` (`1,200`, `工单数, 超期数, 回访数, …` in English). */
export function someOf(names: readonly string[]): { count: string; zh: string; en: string } {
  const shown = names.slice(0, 3);
  const more = names.length > shown.length;
  return { count: names.length.toLocaleString("en-US"), zh: `${shown.join("、")}${more ? "等" : ""}`, en: `${shown.join(", ")}${more ? ", …" : ""}` };
}

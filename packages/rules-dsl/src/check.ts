/**
 * The semantic checks of a syntactically clean rubric: `checkRubric` runs each check of the registry
 * (checks/index.ts) in turn, with one `Resolver` (resolve.ts: name resolution and type inference) shared by all,
 * and one `accept` callback they report through (the Langium validation-registry pattern). A check that crashes
 * is reported as an internal error and the others' diagnostics are kept.
 */
import type * as A from "./ast.ts";
import { type CheckContext, type CheckRegistry, checks, type DeclarationCheck } from "./checks/index.ts";
import type { RecordText } from "./data-values.ts";
import { Codes, type Diagnostic, diagnostic } from "./diagnostics.ts";
import { type Accept, Resolver } from "./resolve.ts";
import type { KeywordLanguage } from "./tokens.ts";

/**
 * (`language`: the keywords the file is written in, for what a message says to write; `recordTexts`: given, it receives
 * the texts compared with a record's column of open values, for a check against the data, data-values.ts)
 */
export function checkRubric(rubric: A.Rubric, registry: CheckRegistry = checks, language: KeywordLanguage = "en", recordTexts?: RecordText[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const accept: Accept = (severity, code, message, messageEn, range) => {
    const key = `${code}@${range.start.offset}:${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(diagnostic(severity, code, message, messageEn, range));
  };
  const ctx: CheckContext = { rubric, resolver: new Resolver(rubric, accept, language), accept, language };
  for (const check of registry.first) isolated(ctx, check.name, () => check.run(ctx));
  for (const d of rubric.declarations) {
    const own = (registry.declarations[d.kind] ?? []) as DeclarationCheck[];
    for (const check of own) isolated(ctx, `${check.name}${"name" in d && d.name ? ` ${d.name}` : ""}`, () => check.run(ctx, d));
  }
  for (const check of registry.last) isolated(ctx, check.name, () => check.run(ctx));
  recordTexts?.push(...ctx.resolver.recordTexts);
  return out;
}

/**
 * Runs one check; a bug of ours in it (a throw, a stack overflow) becomes one diagnostic instead of losing the
 * file's other diagnostics. Reported as parse() reports its own internal error (KH110, "内部错误"), placed at the
 * start of the file: recovery after a syntax error drops it, as it dropped a crash before.
 */
function isolated({ accept }: CheckContext, name: string, run: () => void): void {
  try {
    run();
  } catch (err) {
    const start = { line: 1, column: 1, offset: 0 };
    accept(
      "error",
      Codes.UnexpectedToken,
      `内部错误：检查 ${name} 时出错（${String(err)}），其他检查照常进行`,
      `internal error in the check '${name}' (${String(err)}); the other checks ran`,
      { start, end: start },
    );
  }
}

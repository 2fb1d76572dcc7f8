/**
 * Diagnostics as you type: the browser runs the same parser and checks as
 * the server (`parse` from @kaohe/rules-dsl) and CodeMirror underlines them.
 */
import { type Diagnostic as CmDiagnostic, linter } from "@codemirror/lint";
import type { Extension } from "@codemirror/state";
import type { Diagnostic } from "@kaohe/rules-dsl";
import { parseOnce } from "./rules-names.ts";

export const severityLabel = { error: "错误", warning: "警告" } as const;

/** A rubric diagnostic as a CodeMirror one (offsets kept inside the document). */
function toCodeMirror(d: Diagnostic, docLength: number): CmDiagnostic {
  const from = Math.min(Math.max(d.range.start.offset, 0), docLength);
  const to = Math.min(Math.max(d.range.end.offset, from), docLength);
  return {
    from,
    to,
    severity: d.severity,
    source: d.code,
    // the Chinese message only: the English (d.messageEn) stays in the data, for the CLI
    message: d.message,
    renderMessage: () => {
      const box = document.createElement("div");
      box.className = "kh-lint-message";
      const line = document.createElement("div");
      line.className = "kh-lint-zh";
      line.textContent = `${severityLabel[d.severity]}：${d.message}`;
      box.append(line);
      return box;
    },
  };
}

/**
 * The linter; `onResult` receives every run's diagnostics (for the list under
 * the editor) together with the text they belong to.
 */
export function rulesLinter(onResult: (diagnostics: Diagnostic[], text: string) => void): Extension {
  return linter(
    (view) => {
      const text = view.state.doc.toString();
      const { diagnostics } = parseOnce(text);
      onResult(diagnostics, text);
      return diagnostics.map((d) => toCodeMirror(d, text.length));
    },
    { delay: 250 },
  );
}

/**
 * Diagnostics as you type: the browser runs the same parser and checks as
 * the server (`parse` from @kaohe/rules-dsl) and CodeMirror underlines them;
 * with them, once the server has said what values the data holds, the texts
 * compared with a column of open values that no record holds (KH267).
 */
import { type Diagnostic as CmDiagnostic, forceLinting, linter } from "@codemirror/lint";
import { type Extension, StateEffect } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { type ColumnValues, checkRecordTexts, columnKey, type Diagnostic, type ParseResult, type RecordColumn, recordColumns } from "@kaohe/rules-dsl";
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
 * The columns the server is asked the values of at most (rubrics.columnValues refuses more than 20): a rubric compares
 * texts with a few (诉求类型, 来源, 承办单位, its text attributes); past this, the first ones only.
 */
const COLUMNS_ASKED = 20;

/**
 * The columns of open values a parsed text compares texts with, in one order whatever the text's (so that the query
 * asking their values stays the same as long as the set does); null when the checks did not run (a syntax error): the
 * columns asked before stand meanwhile.
 */
export function columnsToAsk(parsed: ParseResult): RecordColumn[] | null {
  if (!parsed.recordTexts) return null;
  const columns = recordColumns(parsed.recordTexts).sort((a, b) => (columnKey(a) < columnKey(b) ? -1 : columnKey(a) > columnKey(b) ? 1 : 0));
  return columns.slice(0, COLUMNS_ASKED);
}

/** The same columns (as `columnsToAsk` orders them). */
export const sameColumns = (a: readonly RecordColumn[], b: readonly RecordColumn[]) =>
  a.length === b.length && a.every((c, i) => columnKey(c) === columnKey(b[i] as RecordColumn));

/**
 * A parse's diagnostics with the warnings of its texts no record in the data holds (KH267), in the text's order; the
 * parse's alone while the values have not arrived (or could not be had: `values` null).
 */
export function lintDiagnostics(parsed: ParseResult, values: ColumnValues | null): Diagnostic[] {
  if (!values || !parsed.recordTexts?.length) return parsed.diagnostics;
  const fromData = checkRecordTexts(parsed.recordTexts, values);
  if (fromData.length === 0) return parsed.diagnostics;
  return [...parsed.diagnostics, ...fromData].sort((a, b) => a.range.start.offset - b.range.start.offset);
}

/** What the linter knows of the data changed: lint again. */
const dataChanged = StateEffect.define<null>();

/** What the linter knows of the data: the values it holds (null until they arrive), and whom to tell the columns a text compares with. */
export interface LintData {
  values(): ColumnValues | null;
  onColumns(columns: RecordColumn[]): void;
}

/**
 * The linter; `onResult` receives every run's diagnostics (for the list under
 * the editor) together with the text they belong to. With `data`, the texts
 * compared with a column of open values are checked against its values too
 * (run again when they arrive: `lintAgain`).
 */
export function rulesLinter(onResult: (diagnostics: Diagnostic[], text: string) => void, data?: LintData): Extension {
  return linter(
    (view) => {
      const text = view.state.doc.toString();
      const parsed = parseOnce(text);
      const columns = data ? columnsToAsk(parsed) : null;
      if (columns) data?.onColumns(columns);
      const diagnostics = lintDiagnostics(parsed, data?.values() ?? null);
      onResult(diagnostics, text);
      return diagnostics.map((d) => toCodeMirror(d, text.length));
    },
    { delay: 250, needsRefresh: (u) => u.transactions.some((tr) => tr.effects.some((e) => e.is(dataChanged))) },
  );
}

/** Lint the text again now, as it is: what the linter knows of the data changed (the values arrived). */
export function lintAgain(view: EditorView): void {
  // (forceLinting alone runs only a lint already due: the effect makes one due)
  view.dispatch({ effects: dataChanged.of(null) });
  forceLinting(view);
}

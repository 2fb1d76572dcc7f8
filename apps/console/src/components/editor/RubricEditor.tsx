/**
 * The rubric text editor: CodeMirror 6 with the language's highlighting,
 * completion of keywords (English and Chinese) and of the rubric's own names,
 * hover on a name, go to declaration (F12, Ctrl/⌘-click), find/replace
 * (Ctrl+F, Ctrl+H), and its diagnostics underlined as you type (the same
 * parser as the server), with the texts no record in the data holds once the
 * page has the data's values (KH267).
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentUnit } from "@codemirror/language";
import { lintGutter } from "@codemirror/lint";
import { Compartment, EditorSelection, EditorState } from "@codemirror/state";
import {
  crosshairCursor,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from "@codemirror/view";
import type { ColumnValues, Diagnostic, RecordColumn } from "@kaohe/rules-dsl";
import { type CSSProperties, type Ref, useEffect, useImperativeHandle, useRef } from "react";
import { rulesHighlighting } from "./rules-language.ts";
import { lintAgain, rulesLinter } from "./rules-lint.ts";
import { goToDeclaration, openFindReplace, rulesNames } from "./rules-names.ts";
import "./editor.css";

export interface RubricEditorHandle {
  /** The text as it is now. */
  getText(): string;
  /** Replace the whole text (one undoable change). */
  setText(text: string): void;
  /** Select a range (document offsets), scroll it into view and focus. */
  select(from: number, to: number): void;
  /** Put the cursor at a 1-based line and column. */
  goTo(line: number, column: number): void;
  focus(): void;
  /** Open the find/replace panel. */
  openFindReplace(): void;
  /** Go to the declaration of the name at the cursor; false when there is none. */
  goToDeclaration(): boolean;
}

export interface RubricEditorProps {
  /** The text the editor starts with (later changes go through `setText`). */
  initialText: string;
  readOnly?: boolean;
  /** long lines wrap at the editor's edge (a phone: otherwise the editor scrolls sideways to the cursor, the lines' starts out of view) */
  wrap?: boolean;
  onChange?: (text: string) => void;
  /** Every lint run's diagnostics, with the text they belong to. */
  onDiagnostics?: (diagnostics: Diagnostic[], text: string) => void;
  /** The columns of open values the text compares texts with, as they change (for the page to ask the data's values). */
  onRecordColumns?: (columns: RecordColumn[]) => void;
  /** The values the data holds in those columns: the texts no record holds are warned of (KH267); null, not at all. */
  dataValues?: ColumnValues | null;
  style?: CSSProperties;
  ref?: Ref<RubricEditorHandle>;
}

export function RubricEditor({
  initialText,
  readOnly = false,
  wrap = false,
  onChange,
  onDiagnostics,
  onRecordColumns,
  dataValues = null,
  style,
  ref,
}: RubricEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const readOnlyConf = useRef(new Compartment());
  const wrapConf = useRef(new Compartment());
  const callbacks = useRef({ onChange, onDiagnostics, onRecordColumns });
  callbacks.current = { onChange, onDiagnostics, onRecordColumns };
  const values = useRef(dataValues);
  const initial = useRef({ text: initialText, readOnly, wrap });

  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initial.current.text,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          rectangularSelection(),
          crosshairCursor(),
          highlightActiveLine(),
          bracketMatching(),
          indentUnit.of("  "),
          EditorState.tabSize.of(2),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          rulesHighlighting(),
          rulesNames(),
          rulesLinter((diagnostics, text) => callbacks.current.onDiagnostics?.(diagnostics, text), {
            values: () => values.current,
            onColumns: (columns) => callbacks.current.onRecordColumns?.(columns),
          }),
          lintGutter(),
          readOnlyConf.current.of(readOnlyExtensions(initial.current.readOnly)),
          wrapConf.current.of(initial.current.wrap ? EditorView.lineWrapping : []),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) callbacks.current.onChange?.(u.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ "aria-label": "规则文本", spellcheck: "false" }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: readOnlyConf.current.reconfigure(readOnlyExtensions(readOnly)) });
  }, [readOnly]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: wrapConf.current.reconfigure(wrap ? EditorView.lineWrapping : []) });
  }, [wrap]);

  // the data's values arrived (or changed, or were lost): the text checked again with them, not waiting for an edit
  useEffect(() => {
    if (values.current === dataValues) return;
    values.current = dataValues;
    if (viewRef.current) lintAgain(viewRef.current);
  }, [dataValues]);

  useImperativeHandle(
    ref,
    () => ({
      getText: () => viewRef.current?.state.doc.toString() ?? initial.current.text,
      setText: (text) => {
        const view = viewRef.current;
        if (!view) return;
        const head = Math.min(view.state.selection.main.head, text.length);
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: EditorSelection.cursor(head), scrollIntoView: true });
      },
      select: (from, to) => {
        const view = viewRef.current;
        if (!view) return;
        const len = view.state.doc.length;
        const a = Math.min(Math.max(from, 0), len);
        const b = Math.min(Math.max(to, a), len);
        view.dispatch({ selection: EditorSelection.range(a, b), effects: EditorView.scrollIntoView(a, { y: "center" }) });
        view.focus();
      },
      goTo: (line, column) => {
        const view = viewRef.current;
        if (!view) return;
        const l = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
        const pos = Math.min(l.from + Math.max(column - 1, 0), l.to);
        view.dispatch({ selection: EditorSelection.cursor(pos), effects: EditorView.scrollIntoView(pos, { y: "center" }) });
        view.focus();
      },
      focus: () => viewRef.current?.focus(),
      openFindReplace: () => {
        if (viewRef.current) openFindReplace(viewRef.current);
      },
      goToDeclaration: () => (viewRef.current ? goToDeclaration(viewRef.current) : false),
    }),
    [],
  );

  return <div ref={host} className={`kh-editor${readOnly ? " kh-editor-readonly" : ""}`} style={style} data-testid="rubric-editor" />;
}

/** Read-only keeps the text selectable and copyable; it only refuses changes. */
function readOnlyExtensions(readOnly: boolean) {
  return EditorState.readOnly.of(readOnly);
}

/**
 * The rubric's own names in the editor: completion (with keywords), hover,
 * go to declaration (F12, Ctrl/⌘-click), and find/replace with its panel in
 * Chinese. The knowledge is in language-service.ts; this file connects it to
 * CodeMirror. Every text from the rubric reaches the page through
 * `textContent`, never as HTML.
 */
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { highlightSelectionMatches, openSearchPanel, search, searchKeymap } from "@codemirror/search";
import { EditorSelection, EditorState, type Extension, Prec, StateEffect, StateField } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, hoverTooltip, keymap, ViewPlugin, type ViewUpdate } from "@codemirror/view";
import { keywordLanguageOf, type ParseResult, parse } from "@kaohe/rules-dsl";
import {
  completionSite,
  type DeclaredName,
  declarationAt,
  declaredNames,
  type HoverInfo,
  hoverAt,
  inCommentOrString,
  keywordsFit,
  type NameOption,
  nameAt,
  nameCompletions,
} from "./language-service.ts";
import { keywordCompletions } from "./rules-language.ts";

let lastParse: { text: string; result: ParseResult; names: DeclaredName[] | null } | null = null;

/** One parse per text, shared by the linter and the names (both ask for the text as it is after a pause in typing). */
export function parseOnce(text: string): ParseResult {
  if (lastParse?.text !== text) lastParse = { text, result: parse(text), names: null };
  return lastParse.result;
}

/** The names a text declares (the parser recovers from errors, so the names of the rest of the file survive a broken line). */
function namesOf(text: string): DeclaredName[] {
  const { ast } = parseOnce(text);
  if (lastParse && lastParse.names === null) lastParse.names = declaredNames(ast, text);
  return lastParse?.names ?? declaredNames(ast, text);
}

const setNames = StateEffect.define<DeclaredName[]>();

/** The names of the document as last parsed (a pause in typing behind: completion can make do with that). */
const namesField = StateField.define<DeclaredName[]>({
  create: (state) => namesOf(state.doc.toString()),
  update: (names, tr) => {
    for (const e of tr.effects) if (e.is(setNames)) return e.value;
    return names;
  },
});

/** Re-read the names when typing pauses. */
const namesRefresh = ViewPlugin.fromClass(
  class {
    timer: ReturnType<typeof setTimeout> | null = null;
    constructor(readonly view: EditorView) {}
    update(u: ViewUpdate) {
      if (!u.docChanged) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.view.dispatch({ effects: setNames.of(namesOf(this.view.state.doc.toString())) });
      }, 300);
    }
    destroy() {
      if (this.timer) clearTimeout(this.timer);
    }
  },
);

/** The names at the current text, for hover and go to declaration (the positions must be today's). */
function currentNames(state: EditorState): DeclaredName[] {
  return namesOf(state.doc.toString());
}

function el(tag: string, className: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The box shown beside a completion or on hover: kind, name, label, line. */
function describe(kindLabel: string, name: string, label: string | null, detail?: string, line?: number, source?: string): HTMLElement {
  const box = el("div", "kh-name-info");
  const head = el("div", "kh-name-head");
  head.append(el("span", "kh-name-kind", kindLabel), el("span", "kh-name-name", name));
  box.append(head);
  if (label) box.append(el("div", "kh-name-label", label));
  if (detail) box.append(el("div", "kh-name-detail", detail));
  if (source) box.append(el("code", "kh-name-source", source));
  if (line !== undefined) box.append(el("div", "kh-name-line", `声明于第 ${line} 行（F12 或 Ctrl+单击 转到）`));
  return box;
}

const completionType: Record<NameOption["kind"], string> = {
  category: "enum",
  event: "constant",
  fact: "variable",
  attribute: "property",
  field: "property",
  population: "type",
  measure: "variable",
  rate: "variable",
  value: "variable",
  assessment: "namespace",
  section: "namespace",
  item: "variable",
  bonus: "variable",
  report: "variable",
  sanction: "variable",
  band: "enum",
  group: "enum",
  builtin: "property",
  function: "function",
};

function asCompletion(o: NameOption, boost: number): Completion {
  return {
    label: o.label,
    detail: o.kindLabel,
    type: completionType[o.kind],
    boost,
    info: () => describe(o.kindLabel, o.kind === "function" && o.detail ? o.detail : o.label, o.info, o.kind === "function" ? undefined : o.detail, o.line),
  };
}

/** Names that fit where the cursor is, and keywords where a keyword may stand. */
function rulesSource(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[\p{L}_][\p{L}\p{N}_]*/u);
  // nothing typed yet: only after a space, and only where a name must come (`per `, `count `, `for `)
  const afterSpace = !word && !context.explicit;
  if (afterSpace && !/^[ \t]$/.test(context.state.sliceDoc(context.pos - 1, context.pos))) return null;
  const text = context.state.doc.toString();
  if (inCommentOrString(text, context.pos)) return null;
  const from = word?.from ?? context.pos;
  const typed = word?.text ?? "";
  const names = context.state.field(namesField);
  const site = completionSite(text, from, names);
  const fit = keywordsFit(site);
  // after a space, only where what may come is few (`per `, `count `, a veto's `then `): not every keyword
  if (afterSpace && fit === true) return null;
  const nameOptions = nameCompletions(typed, site, names);
  const keywords = fit === false ? [] : keywordCompletions(typed, keywordLanguageOf(text), fit === true ? undefined : fit);
  // the rubric's names above keywords; among names, the order nameCompletions gives
  const options = [
    ...nameOptions.map((o, i) => asCompletion(o, 99 - Math.min(i, 98))),
    ...keywords.map((k) => ({ ...k, boost: Math.min(k.boost ?? 0, 0) - 100 })),
  ];
  if (options.length === 0 || (options.length === 1 && options[0]?.label === typed)) return null;
  return { from, options, filter: false };
}

/** The tooltip of a hovered name, function or keyword; functions and keywords link to the manual, searched for them. */
function hoverBox(info: HoverInfo): HTMLElement {
  const box = describe(info.kindLabel, info.name, info.label, info.detail, info.line, info.source);
  if (info.manualQuery) {
    const link = document.createElement("a");
    link.className = "kh-name-manual";
    link.href = `/reference?q=${encodeURIComponent(info.manualQuery)}`;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = "在语言手册中查看";
    box.append(link);
  }
  return box;
}

const nameHover = hoverTooltip(
  (view, pos) => {
    const info = hoverAt(view.state.doc.toString(), pos, currentNames(view.state));
    if (!info) return null;
    return { pos: info.from, end: info.to, above: true, create: () => ({ dom: hoverBox(info) }) };
  },
  { hoverTime: 350 },
);

/** Move to where the name at `pos` is declared; false when it is not a declared name. */
function goToDeclarationAt(view: EditorView, pos: number): boolean {
  const d = declarationAt(view.state.doc.toString(), pos, currentNames(view.state));
  if (!d) return false;
  view.dispatch({ selection: EditorSelection.range(d.from, d.to), effects: EditorView.scrollIntoView(d.from, { y: "center" }), userEvent: "select" });
  view.focus();
  return true;
}

/** F12: go to the declaration of the name at the cursor. */
export const goToDeclaration = (view: EditorView) => goToDeclarationAt(view, view.state.selection.main.head);

const isMac = typeof navigator !== "undefined" && /Mac/.test(navigator.platform);
const modHeld = (e: MouseEvent | KeyboardEvent) => (isMac ? e.metaKey : e.ctrlKey);

/** With Ctrl (⌘) held, the declared name under the pointer is underlined, as a link is. */
const setLink = StateEffect.define<{ from: number; to: number } | null>();
const linkMark = Decoration.mark({ class: "kh-goto-link" });
const linkField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(links, tr) {
    for (const e of tr.effects) if (e.is(setLink)) return e.value ? Decoration.set([linkMark.range(e.value.from, e.value.to)]) : Decoration.none;
    return tr.docChanged ? Decoration.none : links;
  },
  provide: (f) => EditorView.decorations.from(f),
});

function showLink(view: EditorView, at: { x: number; y: number } | null) {
  let link: { from: number; to: number } | null = null;
  const pos = at && view.posAtCoords(at);
  if (pos !== null && pos !== undefined) {
    const text = view.state.doc.toString();
    const names = currentNames(view.state);
    const word = nameAt(text, pos, names);
    if (word && declarationAt(text, pos, names)) link = { from: word.from, to: word.to };
  }
  const links = view.state.field(linkField);
  let same = false;
  links.between(0, view.state.doc.length, (from, to) => {
    same = link !== null && from === link.from && to === link.to;
  });
  if ((link === null && links.size === 0) || same) return;
  view.dispatch({ effects: setLink.of(link) });
}

const modClick = EditorView.domEventHandlers({
  mousedown(event, view) {
    if (!modHeld(event) || event.button !== 0) return false;
    const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
    if (pos === null) return false;
    if (!goToDeclarationAt(view, pos)) return false;
    event.preventDefault();
    return true;
  },
  mousemove(event, view) {
    showLink(view, modHeld(event) ? { x: event.clientX, y: event.clientY } : null);
    return false;
  },
  keyup(event, view) {
    if (!modHeld(event)) showLink(view, null);
    return false;
  },
  mouseleave(_event, view) {
    showLink(view, null);
    return false;
  },
});

/** CodeMirror's own words (search panel, lint panel, completion) in Chinese. */
const chinesePhrases = EditorState.phrases.of({
  Find: "查找",
  Replace: "替换为",
  next: "下一个",
  previous: "上一个",
  all: "全部",
  "match case": "区分大小写",
  "by word": "全词匹配",
  regexp: "正则表达式",
  replace: "替换",
  "replace all": "全部替换",
  close: "关闭",
  "current match": "当前匹配",
  "replaced $ matches": "已替换 $ 处",
  "replaced match on line $": "已替换第 $ 行的匹配",
  "on line": "在第几行",
  "Go to line": "转到行",
  go: "转到",
  Completions: "补全",
  Diagnostics: "问题",
  "No diagnostics": "没有问题",
});

/** Open the find/replace panel (the toolbar's button). */
export function openFindReplace(view: EditorView): void {
  openSearchPanel(view);
}

/** Everything of this file, for the editor's extensions. */
export function rulesNames(): Extension {
  return [
    namesField,
    namesRefresh,
    autocompletion({ override: [rulesSource], activateOnTyping: true, icons: false }),
    nameHover,
    linkField,
    modClick,
    search({ top: true }),
    highlightSelectionMatches(),
    chinesePhrases,
    // before the default keymap (as in CodeMirror's basic setup): Escape closes the panel before it simplifies a selection
    Prec.high(
      keymap.of([
        { key: "F12", run: goToDeclaration, preventDefault: true },
        // Ctrl+H: the same panel, for the replace field (the usual key for replace)
        { key: "Mod-h", run: openSearchPanel, scope: "editor search-panel", preventDefault: true },
        ...searchKeymap,
      ]),
    ),
  ];
}

/**
 * The language manual, searchable: a search box that keeps the sections
 * holding every word typed and marks the words where they occur (the CSS
 * highlight API: the rendered text is not touched), a table of contents, and
 * the sections. Used as a page (/reference) and in the editor's side panel.
 */
import { SearchOutlined } from "@ant-design/icons";
import { Empty, Input, Typography } from "antd";
import { type MouseEvent, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import manualText from "../../../../../docs/rules-language.md?raw";
import "./reference.css";
import { type ManualSection, matchRanges, sectionMatches, sectionsOf } from "./manual.ts";

let sections: ManualSection[] | null = null;
/** Rendered once per page load (some 2,800 lines: a few milliseconds). */
function manualSections(): ManualSection[] {
  sections ??= sectionsOf(manualText);
  return sections;
}

const HIGHLIGHT = "kh-manual-match";

/** Mark the query's words in the text under `root` (nothing in browsers without the highlight API). */
function highlightMatches(root: HTMLElement, query: string): number {
  const registry = (globalThis.CSS as { highlights?: Map<string, unknown> } | undefined)?.highlights;
  const HighlightClass = (globalThis as { Highlight?: new (...ranges: Range[]) => unknown }).Highlight;
  registry?.delete(HIGHLIGHT);
  if (!query.trim()) return 0;
  const ranges: Range[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if ((node.parentElement?.closest("[hidden]") ?? null) !== null) continue;
    for (const [from, to] of matchRanges(node.textContent ?? "", query)) {
      const r = document.createRange();
      r.setStart(node, from);
      r.setEnd(node, to);
      ranges.push(r);
    }
  }
  if (registry && HighlightClass) registry.set(HIGHLIGHT, new HighlightClass(...ranges));
  return ranges.length;
}

export interface ManualPanelProps {
  /** a narrow place (the editor's side panel): no table of contents beside the text */
  compact?: boolean;
  /** the search the panel opens with */
  initialQuery?: string;
}

export function ManualPanel({ compact = false, initialQuery = "" }: ManualPanelProps) {
  const all = manualSections();
  const [query, setQuery] = useState(initialQuery);
  const deferred = useDeferredValue(query);
  const shown = useMemo(() => new Set(all.filter((s) => sectionMatches(s, deferred)).map((s) => s.id)), [all, deferred]);
  const body = useRef<HTMLDivElement>(null);
  const [marks, setMarks] = useState(0);

  useEffect(() => {
    if (!body.current) return;
    setMarks(highlightMatches(body.current, deferred));
    // a section whose heading holds the words (KH213 → “KH213 per 的对象不对”) comes into view first, else the first found
    const titled = all.find((s) => shown.has(s.id) && s.level > 1 && sectionMatches({ ...s, text: s.title }, deferred));
    if (deferred.trim() && titled) goTo(titled.id);
    else body.current.scrollTop = 0;
  }, [deferred]);
  useEffect(() => () => void (globalThis.CSS as { highlights?: Map<string, unknown> } | undefined)?.highlights?.delete(HIGHLIGHT), []);

  const goTo = (id: string) => {
    const target = body.current?.querySelector(`[id="${CSS.escape(id)}"]`);
    target?.scrollIntoView({ block: "start" });
  };
  // the manual's own links to its chapters: scroll inside the panel (the address stays the console's)
  const onClick = (e: MouseEvent) => {
    const a = (e.target as HTMLElement).closest("a");
    const href = a?.getAttribute("href");
    if (!href?.startsWith("#")) return;
    e.preventDefault();
    const id = decodeURIComponent(href.slice(1));
    if (!shown.has(id)) setQuery("");
    requestAnimationFrame(() => goTo(id));
  };

  const searching = deferred.trim() !== "";
  const count = all.filter((s) => s.level > 1 && shown.has(s.id)).length;

  return (
    <div className={`kh-manual${compact ? " kh-manual-compact" : ""}`} data-testid="manual">
      <div className="kh-manual-search">
        <Input
          allowClear
          autoFocus
          prefix={<SearchOutlined />}
          placeholder="搜索手册，如 per、扣、threshold、KH213（多个词用空格分开）"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label="搜索语言手册"
          data-testid="manual-search"
        />
        <Typography.Text type="secondary" className="kh-manual-count" data-testid="manual-count">
          {searching ? (count === 0 ? "没有找到" : `${count} 节，${marks} 处`) : `共 ${all.length - 1} 节`}
        </Typography.Text>
      </div>
      <div className="kh-manual-main">
        {!compact && (
          <nav className="kh-manual-toc" aria-label="目录">
            {all
              .filter((s) => s.level > 1 && shown.has(s.id))
              .map((s) => (
                <button key={s.id} type="button" className={`kh-manual-toc-${s.level}`} onClick={() => goTo(s.id)} title={s.title}>
                  {s.title}
                </button>
              ))}
          </nav>
        )}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: the links inside are links; the handler only keeps them in the panel */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: as above */}
        <div className="kh-manual-body" ref={body} onClick={onClick}>
          {searching && count === 0 && <Empty description={`手册中没有“${deferred.trim()}”`} />}
          {all.map((s) => (
            <section
              key={s.id}
              hidden={!shown.has(s.id) || (searching && s.level === 1)}
              data-section={s.id}
              className="kh-manual-section"
              // markdown-it with raw HTML off: the text of the file is escaped, a tag in it is shown as text (manual.ts)
              dangerouslySetInnerHTML={{ __html: s.html }}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

/** Two texts line by line, unified or side by side; long unchanged runs folded. */
import { Empty } from "antd";
import { Fragment, type ReactNode, useMemo, useState } from "react";
import { type DiffOp, diffLines, type SideRow, sideBySide } from "./line-diff.ts";
import "./editor.css";

export type DiffMode = "unified" | "split";

export interface TextDiffProps {
  a: string;
  b: string;
  mode: DiffMode;
  /** unchanged lines shown around each change; null shows every line */
  context: number | null;
  maxHeight?: number | string;
}

type Segment = { fold: false; from: number; to: number } | { fold: true; from: number; to: number };

/** Runs of unchanged rows longer than twice the context, folded (unless expanded). */
function segments(same: boolean[], context: number | null, expanded: ReadonlySet<number>): Segment[] {
  if (context === null) return [{ fold: false, from: 0, to: same.length }];
  const out: Segment[] = [];
  let i = 0;
  let shownFrom = 0;
  while (i < same.length) {
    if (!same[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < same.length && same[j]) j++;
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = j === same.length ? 0 : context;
    const foldFrom = i + keepBefore;
    const foldTo = j - keepAfter;
    if (foldTo - foldFrom > 1 && !expanded.has(foldFrom)) {
      if (foldFrom > shownFrom) out.push({ fold: false, from: shownFrom, to: foldFrom });
      out.push({ fold: true, from: foldFrom, to: foldTo });
      shownFrom = foldTo;
    }
    i = j;
  }
  if (shownFrom < same.length) out.push({ fold: false, from: shownFrom, to: same.length });
  return out;
}

export function TextDiff({ a, b, mode, context, maxHeight }: TextDiffProps) {
  const ops = useMemo(() => diffLines(a, b), [a, b]);
  const rows = useMemo(() => sideBySide(ops), [ops]);
  const [expanded, setExpanded] = useState<{ key: string; open: Set<number> }>({ key: "", open: new Set() });
  const key = `${mode}\u0000${a.length}\u0000${b.length}`;
  const open = expanded.key === key ? expanded.open : new Set<number>();
  const expand = (from: number) => setExpanded({ key, open: new Set([...open, from]) });

  if (!ops.some((o) => o.kind !== "same")) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="两个版本的文本完全相同" />;
  }

  const fold = (s: Segment, cols: number) => (
    <tr key={`fold-${s.from}`} className="kh-diff-fold" onClick={() => expand(s.from)} title="点击展开">
      <td colSpan={cols}>⋯ 展开 {s.to - s.from} 行未改动的内容 ⋯</td>
    </tr>
  );

  let body: ReactNode;
  if (mode === "unified") {
    const segs = segments(
      ops.map((o) => o.kind === "same"),
      context,
      open,
    );
    body = (
      <table>
        <colgroup>
          <col style={{ width: 48 }} />
          <col style={{ width: 48 }} />
          <col style={{ width: 20 }} />
          <col />
        </colgroup>
        <tbody>
          {segs.map((s) =>
            s.fold ? fold(s, 4) : <Fragment key={`rows-${s.from}`}>{ops.slice(s.from, s.to).map((o, k) => unifiedRow(o, s.from + k))}</Fragment>,
          )}
        </tbody>
      </table>
    );
  } else {
    const segs = segments(
      rows.map((r) => r.left?.kind === "same"),
      context,
      open,
    );
    body = (
      <table>
        <colgroup>
          <col style={{ width: 48 }} />
          <col />
          <col style={{ width: 48 }} />
          <col />
        </colgroup>
        <tbody>
          {segs.map((s) =>
            s.fold ? fold(s, 4) : <Fragment key={`rows-${s.from}`}>{rows.slice(s.from, s.to).map((r, k) => splitRow(r, s.from + k))}</Fragment>,
          )}
        </tbody>
      </table>
    );
  }
  return (
    <div className="kh-diff" style={{ maxHeight }} data-testid="text-diff">
      {body}
    </div>
  );
}

function unifiedRow(o: DiffOp, index: number) {
  const cls = o.kind === "add" ? "kh-diff-add" : o.kind === "del" ? "kh-diff-del" : "";
  return (
    <tr key={index} className={cls} data-kind={o.kind}>
      <td className="kh-diff-no">{o.kind === "add" ? "" : o.a}</td>
      <td className="kh-diff-no">{o.kind === "del" ? "" : o.b}</td>
      <td className="kh-diff-sign">{o.kind === "add" ? "+" : o.kind === "del" ? "−" : ""}</td>
      <td>{o.text || " "}</td>
    </tr>
  );
}

function splitRow(r: SideRow, index: number) {
  const side = (cell: SideRow["left"] | SideRow["right"], split: boolean) => {
    const cls = cell === null ? "kh-diff-blank" : cell.kind === "same" ? "" : `kh-diff-${cell.kind}`;
    return (
      <>
        <td className={`kh-diff-no ${cls}${split ? " kh-diff-split" : ""}`}>{cell?.no ?? ""}</td>
        <td className={cls}>{cell ? cell.text || " " : ""}</td>
      </>
    );
  };
  return (
    <tr key={index} data-kind={r.left?.kind === "same" ? "same" : "change"}>
      {side(r.left, false)}
      {side(r.right, true)}
    </tr>
  );
}

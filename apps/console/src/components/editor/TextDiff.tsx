/** Two texts line by line, unified or side by side; long unchanged runs folded. */
import { Empty } from "antd";
import { Fragment, type ReactNode, useMemo, useState } from "react";
import { type DiffOp, inlineParts, type LinePart, type SideRow, sideBySide } from "./line-diff.ts";
import "./editor.css";

export type DiffMode = "unified" | "split";

export interface TextDiffProps {
  /** the line operations (line-diff.ts `diffLines`) */
  ops: DiffOp[];
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

/** A row of the table: whether it is unchanged (may be folded away), and its cells. */
interface Row {
  same: boolean;
  render: (key: number) => ReactNode;
}

/** The columns of each mode, and their widths (the texts take the rest): line numbers, and in the unified view the +/− sign. */
const COLUMNS: Record<DiffMode, { key: string; width?: number }[]> = {
  unified: [{ key: "a", width: 48 }, { key: "b", width: 48 }, { key: "sign", width: 20 }, { key: "text" }],
  split: [{ key: "a", width: 48 }, { key: "a-text" }, { key: "b", width: 48 }, { key: "b-text" }],
};

export function TextDiff({ ops, mode, context, maxHeight }: TextDiffProps) {
  const rows = useMemo(() => {
    if (mode === "split") return sideBySide(ops).map(splitRow);
    const parts = inlineParts(ops);
    return ops.map((o, i) => unifiedRow(o, parts.get(i)));
  }, [ops, mode]);
  const [expanded, setExpanded] = useState<{ ops: DiffOp[]; mode: DiffMode; open: Set<number> } | null>(null);
  const open = expanded?.ops === ops && expanded.mode === mode ? expanded.open : new Set<number>();
  const expand = (from: number) => setExpanded({ ops, mode, open: new Set([...open, from]) });

  if (!ops.some((o) => o.kind !== "same")) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="两个版本的文本完全相同" />;
  }
  const columns = COLUMNS[mode];
  const segs = segments(
    rows.map((r) => r.same),
    context,
    open,
  );
  return (
    <div className="kh-diff" style={{ maxHeight }} data-testid="text-diff">
      <table>
        <colgroup>
          {columns.map((c) => (
            <col key={c.key} style={c.width === undefined ? undefined : { width: c.width }} />
          ))}
        </colgroup>
        <tbody>
          {segs.map((s) =>
            s.fold ? (
              <tr key={`fold-${s.from}`} className="kh-diff-fold" onClick={() => expand(s.from)} title="点击展开">
                <td colSpan={columns.length}>⋯ 展开 {s.to - s.from} 行未改动的内容 ⋯</td>
              </tr>
            ) : (
              <Fragment key={`rows-${s.from}`}>{rows.slice(s.from, s.to).map((r, k) => r.render(s.from + k))}</Fragment>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A line's text, the characters that differ from the line it replaces marked (`parts`), or as it is. */
function lineText(text: string, parts: LinePart[] | undefined): ReactNode {
  if (!parts) return text || " ";
  // each part keyed by where it starts in the line
  let at = 0;
  return parts.map((p) => {
    const key = at;
    at += p.text.length;
    return p.changed ? (
      <mark key={key} className="kh-diff-word">
        {p.text}
      </mark>
    ) : (
      <Fragment key={key}>{p.text}</Fragment>
    );
  });
}

function unifiedRow(o: DiffOp, parts?: LinePart[]): Row {
  const cls = o.kind === "add" ? "kh-diff-add" : o.kind === "del" ? "kh-diff-del" : "";
  return {
    same: o.kind === "same",
    render: (key) => (
      <tr key={key} className={cls} data-kind={o.kind}>
        <td className="kh-diff-no">{o.kind === "add" ? "" : o.a}</td>
        <td className="kh-diff-no">{o.kind === "del" ? "" : o.b}</td>
        <td className="kh-diff-sign">{o.kind === "add" ? "+" : o.kind === "del" ? "−" : ""}</td>
        <td>{lineText(o.text, parts)}</td>
      </tr>
    ),
  };
}

function splitRow(r: SideRow): Row {
  const side = (cell: SideRow["left"] | SideRow["right"], split: boolean) => {
    const cls = cell === null ? "kh-diff-blank" : cell.kind === "same" ? "" : `kh-diff-${cell.kind}`;
    return (
      <>
        <td className={`kh-diff-no ${cls}${split ? " kh-diff-split" : ""}`}>{cell?.no ?? ""}</td>
        <td className={cls}>{cell ? lineText(cell.text, cell.parts) : ""}</td>
      </>
    );
  };
  const same = r.left?.kind === "same";
  return {
    same,
    render: (key) => (
      <tr key={key} data-kind={same ? "same" : "change"}>
        {side(r.left, false)}
        {side(r.right, true)}
      </tr>
    ),
  };
}

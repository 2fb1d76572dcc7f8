/**
 * A line diff by longest common subsequence: what the rubric list shows when
 * two versions' texts are compared. Common leading and trailing lines are
 * taken off first, so a small edit to a long file costs little.
 */

export type DiffOp = { kind: "same"; a: number; b: number; text: string } | { kind: "del"; a: number; text: string } | { kind: "add"; b: number; text: string };

/** Beyond this many cells the table would be too large for a browser tab: the middle is shown as replaced. */
const MAX_CELLS = 16_000_000;

export function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The line operations turning `a` into `b`; line numbers are 1-based. */
export function diffLines(aText: string, bText: string): DiffOp[] {
  const a = splitLines(aText);
  const b = splitLines(bText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: DiffOp[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: "same", a: i + 1, b: i + 1, text: a[i] as string });
  ops.push(...middle(a, b, start, endA, start, endB));
  for (let i = endA, j = endB; i < a.length; i++, j++) ops.push({ kind: "same", a: i + 1, b: j + 1, text: a[i] as string });
  return ops;
}

function middle(a: string[], b: string[], a0: number, a1: number, b0: number, b1: number): DiffOp[] {
  const n = a1 - a0;
  const m = b1 - b0;
  const ops: DiffOp[] = [];
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) {
    for (let i = a0; i < a1; i++) ops.push({ kind: "del", a: i + 1, text: a[i] as string });
    for (let j = b0; j < b1; j++) ops.push({ kind: "add", b: j + 1, text: b[j] as string });
    return ops;
  }
  // lcs[i][j]: length of the LCS of a[a0+i..a1) and b[b0+j..b1)
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] =
        a[a0 + i] === b[b0 + j] ? (lcs[(i + 1) * w + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[a0 + i] === b[b0 + j]) {
      ops.push({ kind: "same", a: a0 + i + 1, b: b0 + j + 1, text: a[a0 + i] as string });
      i++;
      j++;
    } else if ((lcs[(i + 1) * w + j] as number) >= (lcs[i * w + j + 1] as number)) {
      ops.push({ kind: "del", a: a0 + i + 1, text: a[a0 + i] as string });
      i++;
    } else {
      ops.push({ kind: "add", b: b0 + j + 1, text: b[b0 + j] as string });
      j++;
    }
  }
  for (; i < n; i++) ops.push({ kind: "del", a: a0 + i + 1, text: a[a0 + i] as string });
  for (; j < m; j++) ops.push({ kind: "add", b: b0 + j + 1, text: b[b0 + j] as string });
  return ops;
}

export interface DiffStats {
  added: number;
  removed: number;
}

export function diffStats(ops: DiffOp[]): DiffStats {
  let added = 0;
  let removed = 0;
  for (const op of ops) {
    if (op.kind === "add") added++;
    else if (op.kind === "del") removed++;
  }
  return { added, removed };
}

/** A row of the side-by-side view: a line of A, of B, or both. */
export interface SideRow {
  left: { no: number; text: string; kind: "same" | "del" } | null;
  right: { no: number; text: string; kind: "same" | "add" } | null;
}

/** Pairs each run of removed lines with the added lines that follow it. */
export function sideBySide(ops: DiffOp[]): SideRow[] {
  const rows: SideRow[] = [];
  let k = 0;
  while (k < ops.length) {
    const op = ops[k] as DiffOp;
    if (op.kind === "same") {
      rows.push({ left: { no: op.a, text: op.text, kind: "same" }, right: { no: op.b, text: op.text, kind: "same" } });
      k++;
      continue;
    }
    const dels: Extract<DiffOp, { kind: "del" }>[] = [];
    const adds: Extract<DiffOp, { kind: "add" }>[] = [];
    while (k < ops.length && ops[k]?.kind !== "same") {
      const o = ops[k] as DiffOp;
      if (o.kind === "del") dels.push(o);
      else if (o.kind === "add") adds.push(o);
      k++;
    }
    for (let r = 0; r < Math.max(dels.length, adds.length); r++) {
      const d = dels[r];
      const ad = adds[r];
      rows.push({ left: d ? { no: d.a, text: d.text, kind: "del" } : null, right: ad ? { no: ad.b, text: ad.text, kind: "add" } : null });
    }
  }
  return rows;
}

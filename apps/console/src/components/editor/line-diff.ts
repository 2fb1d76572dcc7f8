/**
 * A line diff of two versions' texts, for the rubric list's text comparison: the
 * `diff` package (jsdiff, Myers' algorithm) over the lines, read here as
 * operations with each side's line numbers.
 */
import { diffArrays } from "diff";

export type DiffOp = { kind: "same"; a: number; b: number; text: string } | { kind: "del"; a: number; text: string } | { kind: "add"; b: number; text: string };

/** Beyond this the texts are too unlike to be worth the wait: the lines that differ are shown as replaced. */
const TIMEOUT_MS = 2000;

export function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The line operations turning `a` into `b`; line numbers are 1-based; in each run of changes the removed lines come first. */
export function diffLines(aText: string, bText: string): DiffOp[] {
  const a = splitLines(aText);
  const b = splitLines(bText);
  const changes = diffArrays(a, b, { timeout: TIMEOUT_MS }) ?? [
    { value: a, count: a.length, removed: true, added: false },
    { value: b, count: b.length, removed: false, added: true },
  ];
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  let adds: DiffOp[] = [];
  for (const c of changes) {
    if (c.added) {
      for (const text of c.value) adds.push({ kind: "add", b: ++j, text });
      continue;
    }
    if (c.removed) {
      for (const text of c.value) ops.push({ kind: "del", a: ++i, text });
      continue;
    }
    ops.push(...adds);
    adds = [];
    for (const text of c.value) ops.push({ kind: "same", a: ++i, b: ++j, text });
  }
  ops.push(...adds);
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

/**
 * A line diff of two versions' texts, for the rubric list's text comparison: the
 * `diff` package (jsdiff, Myers' algorithm) over the lines, read here as
 * operations with each side's line numbers.
 */
import { diffArrays, diffChars } from "diff";

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

/** A piece of a changed line: `changed`, the characters that differ from the line it replaces. */
export interface LinePart {
  text: string;
  changed: boolean;
}

/** Lines longer than this are not compared character by character (the line as a whole is marked). */
const INLINE_MAX = 2000;

/**
 * A removed line and the added line that replaces it, each in parts, the characters that differ marked: a weight
 * changed from 2 to 4 in a long line was to be found by eye (a walk). Null when the lines are mostly unlike (more than
 * half of the longer changed), where marking characters says less than the lines themselves.
 */
export function inlineChanges(removed: string, added: string): { removed: LinePart[]; added: LinePart[] } | null {
  if (removed.length > INLINE_MAX || added.length > INLINE_MAX) return null;
  const changes = diffChars(removed, added);
  const kept = changes.reduce((n, c) => n + (c.added || c.removed ? 0 : c.value.length), 0);
  if (kept * 2 < Math.max(removed.length, added.length)) return null;
  return {
    removed: changes.filter((c) => !c.added).map((c) => ({ text: c.value, changed: c.removed })),
    added: changes.filter((c) => !c.removed).map((c) => ({ text: c.value, changed: c.added })),
  };
}

/**
 * Each changed line's parts (`inlineChanges`), by its index in `ops`: in each run of changes the removed lines are
 * paired, in order, with the added lines that follow them, as the side-by-side view pairs them.
 */
export function inlineParts(ops: readonly DiffOp[]): Map<number, LinePart[]> {
  const parts = new Map<number, LinePart[]>();
  let k = 0;
  while (k < ops.length) {
    if (ops[k]?.kind === "same") {
      k++;
      continue;
    }
    const dels: number[] = [];
    const adds: number[] = [];
    for (; k < ops.length && ops[k]?.kind !== "same"; k++) (ops[k]?.kind === "del" ? dels : adds).push(k);
    for (let r = 0; r < Math.min(dels.length, adds.length); r++) {
      const [d, a] = [dels[r] as number, adds[r] as number];
      const inline = inlineChanges((ops[d] as DiffOp).text, (ops[a] as DiffOp).text);
      if (!inline) continue;
      parts.set(d, inline.removed);
      parts.set(a, inline.added);
    }
  }
  return parts;
}

/** A row of the side-by-side view: a line of A, of B, or both; a changed line's parts when it replaces another (`inlineParts`). */
export interface SideRow {
  left: { no: number; text: string; kind: "same" | "del"; parts?: LinePart[] } | null;
  right: { no: number; text: string; kind: "same" | "add"; parts?: LinePart[] } | null;
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
      const inline = d && ad ? inlineChanges(d.text, ad.text) : null;
      rows.push({
        left: d ? { no: d.a, text: d.text, kind: "del", ...(inline ? { parts: inline.removed } : {}) } : null,
        right: ad ? { no: ad.b, text: ad.text, kind: "add", ...(inline ? { parts: inline.added } : {}) } : null,
      });
    }
  }
  return rows;
}

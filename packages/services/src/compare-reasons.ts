/**
 * Why two versions give a period the same results: what differs between their
 * texts (declarations and items, comments and the header aside), and, for the
 * event types the differing parts name, that the period has none of them
 * ("该期无 行政不作为 事件").
 */

import type { Store } from "@kaohe/db";
import * as A from "@kaohe/rules-dsl";
import { type CompiledRubric, periodWindow } from "@kaohe/rules-engine";

/** A declaration's lines without comments, spacing collapsed, blank lines dropped: what it means, not how it is laid out. */
function lines(text: string, node: { range: A.Range }): string[] {
  return text
    .slice(node.range.start.offset, node.range.end.offset)
    .split("\n")
    .map((line) =>
      line
        .replace(/(^|\s)#.*$/, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter(Boolean);
}

interface Part {
  /** what a person reads: "投诉件办理 › 十个新突破", "event 行政不作为" */
  title: string;
  lines: string[];
  meaning: string;
}

const part = (title: string, ls: string[]): Part => ({ title, lines: ls, meaning: ls.join("\n") });

/** The lines of one list that the other does not have (as many times as it lacks them). */
function missingFrom(xs: readonly string[], ys: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const y of ys) left.set(y, (left.get(y) ?? 0) + 1);
  return xs.filter((x) => {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    return n === 0;
  });
}

/** Every declaration, and every item of every assessment, by a stable key. */
function parts(rubric: CompiledRubric): Map<string, Part> {
  const out = new Map<string, Part>();
  const kinds = new Map<string, number>();
  for (const d of rubric.ast.declarations) {
    const name = (d as { name?: string }).name;
    const n = (kinds.get(d.kind) ?? 0) + 1;
    kinds.set(d.kind, n);
    const key = `${d.kind}:${name ?? n}`;
    if (d.kind === "assessment") {
      // the items apart (a changed item is named), the rest of the block as one part
      let rest = lines(rubric.text, d);
      for (const p of d.parts) {
        for (const item of A.itemsOf(p)) {
          const ls = lines(rubric.text, item);
          rest = missingFrom(rest, ls);
          out.set(`${key}/item:${item.code}`, part(`${d.label ?? d.name} › ${item.label ?? item.code}`, ls));
        }
      }
      out.set(key, part(d.label ?? d.name, rest));
      continue;
    }
    out.set(key, part(name ?? d.kind, lines(rubric.text, d)));
  }
  return out;
}

const TOKEN = /[\s()[\]{},=×*+\-/<>≥≤!?:：，、"“”]+/;

/** The reasons, most specific first; empty when nothing can be said beyond "the same". */
export async function sameResultsBecause(store: Store, a: CompiledRubric, b: CompiledRubric, period: string): Promise<string[]> {
  const pa = parts(a);
  const pb = parts(b);
  const changed: Part[] = [];
  /** the lines one version has and the other not */
  const differing: string[] = [];
  for (const key of new Set([...pa.keys(), ...pb.keys()])) {
    const x = pa.get(key);
    const y = pb.get(key);
    if (x?.meaning === y?.meaning) continue;
    changed.push((y ?? x) as Part);
    differing.push(...missingFrom(x?.lines ?? [], y?.lines ?? []), ...missingFrom(y?.lines ?? [], x?.lines ?? []));
  }
  if (changed.length === 0) return ["两个版本的计分规则相同：只有文件头（名称、版本、施行期）或注释不同"];
  // the event types the differing parts name, and how many of each the period has
  const eventTypes = new Set([...a.ast.declarations, ...b.ast.declarations].filter((d): d is A.EventDecl => d.kind === "event").map((d) => d.name));
  const named = new Set<string>();
  for (const line of differing) for (const token of line.split(TOKEN)) if (eventTypes.has(token)) named.add(token);
  const { window } = periodWindow(b, period);
  const reasons: string[] = [];
  for (const type of named) {
    const n = await store.prisma.event.count({ where: { type, date: { gte: window.start, lt: window.end } } });
    if (n === 0) reasons.push(`该期无 ${type} 事件`);
  }
  const titles = [...new Set(changed.map((p) => p.title))];
  const list = titles.slice(0, 6).join("、") + (titles.length > 6 ? ` 等 ${titles.length} 处` : "");
  reasons.push(`两个版本不同之处（${list}）在该期没有使任何单位的得分或名次改变`);
  return reasons;
}

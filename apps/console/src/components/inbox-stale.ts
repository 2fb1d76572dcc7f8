/**
 * What the bell's news makes stale. The pages read their data once and keep it half a minute (trpc.ts); the bell reads
 * its summary every 30 seconds. When a summary lists something the one before did not (a decision on the unit's
 * objection, an explanation read, a month opened, events imported; for the center, an objection raised or an
 * explanation submitted), or no longer lists something (an objection withdrawn or decided by someone else), the
 * pages' data about it is out of date: a unit's 说明与异议 page kept a decided objection 待处理, with its 撤回, and
 * the score from before the correction, until reloaded.
 */
import type { InboxItem } from "./responses/types.ts";

/** The routers whose queries an item's news can leave stale (their path keys are invalidated). */
export type StaleRouter = "objections" | "corrections" | "explanations" | "scores" | "cycle" | "publication";

const STALE: Record<InboxItem["kind"], StaleRouter[]> = {
  // accepted, it may have corrected the data: the scores, the duties and the corrections with it
  decision: ["objections", "corrections", "scores", "explanations"],
  acknowledged: ["explanations"],
  // a month or year opened: its stage, deadlines, scores and what the unit may do
  opened: ["cycle", "scores", "explanations", "objections", "publication"],
  // a month or year published again: its publication (score, rank, reason), stage and the objections it cites
  republished: ["publication", "cycle", "scores", "objections"],
  owed: ["explanations"],
  event: ["scores", "explanations"],
  objection: ["objections"],
  explanation: ["explanations"],
};

/** What an item (opened from the bell, or new in its summary) makes stale. */
export const staleFor = (item: Pick<InboxItem, "kind">): StaleRouter[] => STALE[item.kind];

const keyOf = (item: InboxItem) => `${item.kind}\u0000${item.link}\u0000${item.at ?? ""}\u0000${item.title}`;

/**
 * The routers to read again after the bell's summary went from `before` to `after`: those of the items listed now
 * and not before, or before and not now. None on the first summary (`before` undefined): the pages read theirs with it.
 */
export function staleAfter(before: readonly InboxItem[] | undefined, after: readonly InboxItem[]): StaleRouter[] {
  if (before === undefined) return [];
  const was = new Set(before.map(keyOf));
  const now = new Set(after.map(keyOf));
  const changed = [...after.filter((i) => !was.has(keyOf(i))), ...before.filter((i) => !now.has(keyOf(i)))];
  return [...new Set(changed.flatMap(staleFor))];
}

/**
 * An assessment a total reads (`80% × 工单指标 + 20% × 督办事项 + 表扬`, `若 工单数 >= 5 则 基础得分 否则 组内平均(…)`), as
 * the unit's page and `kaohe explain` head it alike: whether the score came from it alone, from it with others (or
 * beside the assessment's own items), or not at all; and what a score lost of what it is out of. Without the browser's
 * or the store's modules: the console loads it.
 */

/**
 * Whether the score was taken from one assessment alone: the total's own items none, and one assessment taken, by what
 * the engine says the total took (`totalFrom`; the ones listed otherwise: a unit user is not given one whose window is
 * not all opened, and the other read as the whole score).
 */
export const takenAlone = (ownItems: number, totalFrom: readonly string[] | undefined, listedTaken: readonly string[]): boolean =>
  ownItems === 0 && (totalFrom ?? listedTaken).length === 1;

/** The heading's words (`name`: the assessment's label or name), without the colon the page and the command line put after it. */
export function referencedTitle(name: string, took: boolean, alone: boolean): string {
  if (!took) return `总分公式引用的 ${name}（本单位的得分未取自此项，见得分由来）`;
  return alone ? `得分来自 ${name}` : `计入得分的 ${name}（按总分公式计入，见得分由来）`;
}

/** What a score lost of what it is out of (the engine's `outOf`): the full marks less the score, a bonus in it not set against them. */
export const lostOfOutOf = (published: number, outOf: { full: number; bonus: number }): number => Math.max(0, outOf.full - (published - outOf.bonus));

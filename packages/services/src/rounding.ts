/**
 * Why a unit's items as shown do not add up to its score as shown: one source for the console (a unit's page, the
 * ranking) and the month's report (`@kaohe/services/rounding`, a module with no database in it).
 */
import { roundHalfUp } from "@kaohe/rules-dsl/numbers";

/**
 * Why the items as shown do not add up to the score shown, when they do not: each item and the score are rounded on
 * their own (the score from the items' unrounded sum), so the shown items may sum to 0.01 off (28.50 + 16.36 + 19.39 +
 * 19.13 + 8.18 = 91.56 beside 91.57; found by a helper, as a unit adding up its row would). Null when they add up, or
 * the score is no plain sum (the page says how it follows from the items).
 */
export function roundingNote(
  // (a ranking's row has its items as published, rounded; a unit's page their points)
  u: { items: readonly { points?: number | null; published?: number | null }[]; published: number | null; totalSteps?: string | undefined },
  decimals = 2,
): string | null {
  if (u.published === null || u.totalSteps) return null;
  // in units of the last place shown (hundredths for 2 decimals)
  const scale = 10 ** decimals;
  let shownItems = 0;
  let scored = 0;
  for (const i of u.items) {
    const points = i.published ?? i.points;
    if (points === null || points === undefined) continue;
    shownItems += Math.round(roundHalfUp(points, decimals) * scale);
    scored++;
  }
  const shown = Math.round(u.published * scale);
  const off = Math.abs(shown - shownItems);
  // rounding moves the sum by at most half a place per item: more is something else (a section's cap), not said so
  if (off === 0 || off * 2 > scored) return null;
  const text = (n: number) => (n / scale).toFixed(decimals);
  return `各项得分分别四舍五入保留${decimals === 0 ? "到整数" : ` ${decimals} 位小数`}显示，相加为 ${text(shownItems)}；得分 ${text(shown)} 由未经舍入的各项相加后再四舍五入，两者相差 ${text(off)}`;
}

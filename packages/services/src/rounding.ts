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
type Rounded = {
  unit: { name: string };
  items: readonly { points?: number | null; published?: number | null }[];
  published: number | null;
  totalSteps?: string | undefined;
};

/** How much a unit's items as shown differ from its score as shown, in the last place (0 when they add up). */
function offBy(u: Omit<Rounded, "unit">, decimals: number): { off: number; shownItems: number; shown: number } | null {
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
  return off === 0 || off * 2 > scored ? null : { off, shownItems, shown };
}

const places = (decimals: number) => (decimals === 0 ? "到整数" : ` ${decimals} 位小数`);

/**
 * Under a table of units (the ranking page, a sheet of the month's report): which units' items as shown do not add up
 * to their score, and by how much (0.01, or 0.02 with more items: a review found 0.01 said of 0.02). Null when all add up.
 */
export function roundingFootnote(units: readonly Rounded[], decimals = 2): string | null {
  const off = units.flatMap((u) => {
    const o = offBy(u, decimals);
    return o ? [`${u.unit.name}（${(o.off / 10 ** decimals).toFixed(decimals)}）`] : [];
  });
  if (off.length === 0) return null;
  const listed = off.length <= 10 ? off.join("、") : `${off.slice(0, 10).join("、")}等 ${off.length} 个单位`;
  return `注：各项得分分别四舍五入保留${places(decimals)}显示，得分由未经舍入的各项相加后再四舍五入，因此各项相加与得分略有出入：${listed}`;
}

export function roundingNote(
  // (a ranking's row has its items as published, rounded; a unit's page their points)
  u: Omit<Rounded, "unit">,
  decimals = 2,
): string | null {
  const o = offBy(u, decimals);
  if (!o) return null;
  const text = (n: number) => (n / 10 ** decimals).toFixed(decimals);
  return `各项得分分别四舍五入保留${places(decimals)}显示，相加为 ${text(o.shownItems)}；得分 ${text(o.shown)} 由未经舍入的各项相加后再四舍五入，两者相差 ${text(o.off)}`;
}

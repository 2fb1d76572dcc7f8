/** Axes a person reads at a glance: ticks at round, evenly spaced values. */

const STEPS = [1, 2, 5, 10, 20, 25, 50, 100];

/**
 * The score axis of a trend: from a round value below the lowest score up to the full marks, in steps of 1, 2, 5,
 * 10… with at most `maxTicks` gaps, every tick a multiple of the step (100, 95, 90 … never 100, 99, 96).
 */
export function scoreAxis(scores: readonly (number | null)[], full = 100, maxTicks = 6): { min: number; max: number; interval: number } {
  const known = scores.filter((s): s is number => s !== null && Number.isFinite(s));
  const lo = Math.min(full, ...known);
  // a little room under the lowest point, so that its label is not on the axis
  const low = Math.max(0, lo - Math.max(1, (full - lo) * 0.15));
  for (const step of STEPS) {
    const min = Math.max(0, Math.floor(low / step) * step);
    if ((full - min) / step <= maxTicks && full % step === 0) return { min: min === full ? full - step : min, max: full, interval: step };
  }
  return { min: 0, max: full, interval: full / 5 };
}

/** The rank axis (first place on top): 1 to the group's size, in whole steps ending on a tick. */
export function rankAxis(groupSize: number, maxTicks = 6): { min: number; max: number; interval: number } {
  const n = Math.max(2, Math.ceil(groupSize));
  for (const step of STEPS) {
    if ((n - 1) / step <= maxTicks) return { min: 1, max: 1 + Math.ceil((n - 1) / step) * step, interval: step };
  }
  return { min: 1, max: n, interval: Math.ceil((n - 1) / maxTicks) };
}

/** The tick values an axis shows: min, min + interval, … max. */
export const ticksOf = (a: { min: number; max: number; interval: number }) =>
  Array.from({ length: Math.round((a.max - a.min) / a.interval) + 1 }, (_, i) => a.min + i * a.interval);

/**
 * Which months a user can see a unit's result of, and where the month picker's arrows step from one of them
 * (pure: the unit page asks it, the tests too).
 */
import { addMonths, isMonth } from "@kaohe/time";

/**
 * The months the center's roles see a result of, oldest first: every month a published rubric version is in force
 * (a month before the first has no result: the page said only an error), up to the latest month with data (after it
 * every unit scores as if it had no orders).
 */
export function monthsInForce(versions: readonly { status: string; effectiveFrom: string; effectiveUntil: string | null }[], latest: string): string[] {
  const published = versions.filter((v) => v.status === "published" && isMonth(v.effectiveFrom));
  if (published.length === 0 || !isMonth(latest)) return [];
  const inForce = (month: string) => published.some((v) => v.effectiveFrom <= month && (v.effectiveUntil === null || month <= v.effectiveUntil));
  const months: string[] = [];
  for (let m = published.map((v) => v.effectiveFrom).sort()[0] as string; m <= latest; m = addMonths(m, 1)) if (inForce(m)) months.push(m);
  return months;
}

/** The months a unit user sees their unit's result of, oldest first: those the center opened to the units or published. */
export function monthsOpenToUnits(cycles: readonly { period: string; stage: string }[]): string[] {
  return [...new Set(cycles.filter((c) => c.stage !== "closed" && isMonth(c.period)).map((c) => c.period))].sort();
}

/** The month before and after `month` among `months` (oldest first), null at either end; `month` itself need not be one of them. */
export function stepsWithin(months: readonly string[], month: string): { prev: string | null; next: string | null } {
  let prev: string | null = null;
  let next: string | null = null;
  for (const m of months) {
    if (m < month) prev = m;
    else if (m > month && next === null) next = m;
  }
  return { prev, next };
}

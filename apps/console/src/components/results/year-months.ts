/** The months of a year its result does not count though they are over: a year averaged over fewer months, said. */
import { addMonths, shanghaiMonth } from "@kaohe/time";

/**
 * The months from the first the year counts to the last that has ended (December at most) that it does not count:
 * over, the rubric in force, and no order of theirs imported. The year averaged 8 to 10 月 with 11 月 over and its data
 * not yet imported, said only by the count of months (a new county's walk). Months before the first counted are the
 * rubric's to leave out (not yet in force), and are not named.
 */
export function endedMonthsWithoutData(year: string, counted: readonly string[], now = Date.now()): string[] {
  const first = counted[0];
  if (!first) return [];
  const lastEnded = [addMonths(shanghaiMonth(now), -1), `${year}-12`].sort()[0] as string;
  const have = new Set(counted);
  const missing: string[] = [];
  for (let m = first; m <= lastEnded; m = addMonths(m, 1)) if (!have.has(m)) missing.push(m);
  return missing;
}

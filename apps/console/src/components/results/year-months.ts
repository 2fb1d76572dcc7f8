/** The months of a year its result does not count though they are over: a year averaged over fewer months, said. */
import { addMonths, shanghaiMonth } from "@kaohe/time";

/**
 * The months the rubric is in force in (`inForce`, the year's part-of-year months; every month of the year when it is
 * in force all year) that have ended (December at most) and that the year does not count: no order of theirs imported.
 * Those before its data begins as well as those after it ends: the year averaged 8 to 10 月 with 11 月 over and its data
 * not yet imported, said only by the count of months (a new county's walk), and a rubric in force from January over data
 * from March named neither January nor February (a finder's 临朐县). Months the rubric is not in force in are the
 * rubric's to leave out, and are not named; nor any when the year counts none (its own notice says so).
 */
export function endedMonthsWithoutData(year: string, counted: readonly string[], inForce: readonly string[] | null, now = Date.now()): string[] {
  if (counted.length === 0) return [];
  const lastEnded = [addMonths(shanghaiMonth(now), -1), `${year}-12`].sort()[0] as string;
  const have = new Set(counted);
  const ruled = inForce === null ? null : new Set(inForce);
  const missing: string[] = [];
  for (let m = `${year}-01`; m <= lastEnded; m = addMonths(m, 1)) if (!have.has(m) && (ruled === null || ruled.has(m))) missing.push(m);
  return missing;
}

/**
 * Which months (and years) a user can see a result of, and where the pickers' arrows step from one of them
 * (pure: the unit, ranking, year and review pages ask it, the tests too).
 */
import { addMonths, isMonth, periodLabel } from "@kaohe/time";

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

/**
 * The months a unit user sees a ranking of, oldest first: those published (a month opened to the units but not
 * published shows them their own unit's result only; its ranking is refused).
 */
export function monthsPublished(cycles: readonly { period: string; publication: object | null }[]): string[] {
  return [...new Set(cycles.filter((c) => c.publication !== null && isMonth(c.period)).map((c) => c.period))].sort();
}

/** The years the months fall in, oldest first ("2017"). */
export function yearsOf(months: readonly string[]): string[] {
  return [...new Set(months.filter(isMonth).map((m) => m.slice(0, 4)))].sort();
}

/**
 * The period before and after `month` among `months` (oldest first), null at either end; `month` itself need not be
 * one of them. Months ("2018-03") or years ("2017") alike.
 */
export function stepsWithin(months: readonly string[], month: string): { prev: string | null; next: string | null } {
  let prev: string | null = null;
  let next: string | null = null;
  for (const m of months) {
    if (m < month) prev = m;
    else if (m > month && next === null) next = m;
  }
  return { prev, next };
}

/** The period `n` steps from `period`: a month ("2018-03") or a year ("2017"). */
const shifted = (period: string, n: number) => (isMonth(period) ? addMonths(period, n) : String(Number(period) + n));

/**
 * Where the arrows step from `value` and what they say. With `periods` (oldest first: those the user can see a
 * result of) the one before and after, over the others, disabled at either end and while they are read (null);
 * without, the period next to it. The words are the tooltip and the button's name alike, so a disabled arrow says why.
 */
export function pickerSteps(value: string, valid: boolean, periods: readonly string[] | null | undefined, unit: "月" | "年") {
  const { prev, next } =
    !valid || periods === null ? { prev: null, next: null } : periods ? stepsWithin(periods, value) : { prev: shifted(value, -1), next: shifted(value, 1) };
  const kind = unit === "月" ? "月份" : "年度";
  /** "上一月（2018年2月）"; where the step skips some: "上一个可查看的月份（2018年1月）"; at an end: "没有更早的可查看月份" */
  const tip = (to: string | null, step: -1 | 1) => {
    const near = step < 0 ? `上一${unit}` : `下一${unit}`;
    if (!valid) return { tip: undefined, label: near };
    if (periods === null) return { tip: `正在读取可查看的${kind}`, label: `${near}（正在读取可查看的${kind}）` };
    if (to === null) {
      const why = step < 0 ? `没有更早的可查看${kind}` : `没有更晚的可查看${kind}`;
      return { tip: why, label: `${near}（${why}）` };
    }
    const word = to === shifted(value, step) ? near : step < 0 ? `上一个可查看的${kind}` : `下一个可查看的${kind}`;
    return { tip: `${word}（${periodLabel(to)}）`, label: `${word}（${periodLabel(to)}）` };
  };
  return { prev, next, prevTip: tip(prev, -1), nextTip: tip(next, 1) };
}

/**
 * Which period a page opens on when its address names none: the latest month
 * with data (never a month written into the code), or, for the comparison, the
 * period the user was just looking at on another page.
 */
import { useQuery } from "@tanstack/react-query";
import { localTime } from "./format.ts";
import { useTRPC } from "./trpc.ts";

/** The month now in Beijing time: the default when the store holds no orders yet. */
const thisMonth = () => localTime(Date.now()).slice(0, 7);

/** The latest month with data ("2018-12"), this month when there are no orders; undefined while asking the server. */
export function useLatestMonth(): string | undefined {
  const trpc = useTRPC();
  const latest = useQuery({ ...trpc.units.latestMonth.queryOptions(), staleTime: 60_000 });
  if (latest.isPending) return undefined;
  return latest.data?.month ?? thisMonth();
}

const VIEWED = "kh-viewed-period";
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

/** Remember the period a page shows ("2018-03" or "2017"), for pages opened next without one (the comparison). */
export function rememberPeriod(period: string | null | undefined): void {
  if (!period || !PERIOD.test(period)) return;
  try {
    sessionStorage.setItem(VIEWED, period);
  } catch {
    // storage refused (private mode): the comparison falls back to the latest month
  }
}

/** The period last shown by a ranking, unit or year page in this tab, if any. */
export function lastViewedPeriod(): string | null {
  try {
    const p = sessionStorage.getItem(VIEWED);
    return p && PERIOD.test(p) ? p : null;
  } catch {
    return null;
  }
}

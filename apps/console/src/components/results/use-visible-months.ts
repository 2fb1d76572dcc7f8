/** The months and years whose result this user can see, for the pickers' arrows (unit, ranking, year and review pages). */
import { skipToken, useQuery } from "@tanstack/react-query";
import { useAuth } from "../../lib/auth.tsx";
import { useLatestMonth } from "../../lib/periods.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { monthsInForce, monthsOpenToUnits, monthsPublished, yearsOf } from "./month-steps.ts";

/**
 * Oldest first. Those who see previews (results.read): the months a published rubric version is in force up to the
 * latest month with data. A unit user: of a unit's result, the months the center opened to the units or published;
 * of a ranking (`of: "ranking"`), the published months alone. Null while they are being read (the arrows wait);
 * undefined when they could not be read (the arrows step a month at a time, as before).
 */
export function useVisibleMonths(of: "unit" | "ranking" = "unit"): readonly string[] | null | undefined {
  const trpc = useTRPC();
  const { can } = useAuth();
  const preview = can("results.read");
  const cycles = useQuery(trpc.cycle.list.queryOptions(preview ? skipToken : undefined));
  const versions = useQuery(trpc.rubrics.list.queryOptions(preview ? undefined : skipToken));
  const latest = useLatestMonth();
  if (!preview) {
    if (cycles.error) return undefined;
    if (!cycles.data) return null;
    return of === "ranking" ? monthsPublished(cycles.data) : monthsOpenToUnits(cycles.data);
  }
  if (versions.error) return undefined;
  return versions.data && latest ? monthsInForce(versions.data, latest) : null;
}

/**
 * The years whose result this user can see, oldest first: those who see previews, every year a month of which they
 * see; a unit user, the years opened to the units or published (their cycles). Null while being read, undefined when
 * they could not be read, as above. `enabled: false` asks nothing (a page showing a month).
 */
export function useVisibleYears(enabled = true): readonly string[] | null | undefined {
  const trpc = useTRPC();
  const { can } = useAuth();
  const preview = can("results.read");
  // every signed-in user reads the rubric versions: the years a result could be of
  const versions = useQuery(trpc.rubrics.list.queryOptions());
  const latest = useLatestMonth();
  const cycles = useQuery(trpc.cycle.list.queryOptions(preview || !enabled ? skipToken : { years: true }));
  const candidates = versions.data && latest ? yearsOf(monthsInForce(versions.data, latest)) : [];
  if (versions.error || cycles.error) return undefined;
  if (!versions.data || !latest || (!preview && enabled && !cycles.data)) return null;
  return preview ? candidates : candidates.filter((year) => cycles.data?.some((c) => c.period === year));
}

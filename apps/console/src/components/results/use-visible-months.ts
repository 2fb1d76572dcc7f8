/** The months whose result of a unit this user can see, for the unit page's month picker. */
import { skipToken, useQuery } from "@tanstack/react-query";
import { useAuth } from "../../lib/auth.tsx";
import { useLatestMonth } from "../../lib/periods.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { monthsInForce, monthsOpenToUnits } from "./month-steps.ts";

/**
 * Oldest first: for a unit user the months the center opened to the units or published, for the others the months
 * a published rubric version is in force up to the latest month with data. None while they are being read (the
 * arrows wait); undefined when they could not be read (the arrows step a month at a time, as before).
 */
export function useVisibleMonths(): readonly string[] | undefined {
  const trpc = useTRPC();
  const { user } = useAuth();
  const unit = user?.role === "unit";
  const cycles = useQuery(trpc.cycle.list.queryOptions(unit ? undefined : skipToken));
  const versions = useQuery(trpc.rubrics.list.queryOptions(unit ? skipToken : undefined));
  const latest = useLatestMonth();
  if (unit) return cycles.error ? undefined : monthsOpenToUnits(cycles.data ?? []);
  if (versions.error) return undefined;
  return versions.data && latest ? monthsInForce(versions.data, latest) : [];
}

/** The tabs of a result page: its groups in the stored category order, and the one the URL asks for. */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "../../lib/trpc.ts";
import { orderedGroups } from "./helpers.ts";
import type { PeriodResult } from "./types.ts";

/** The result's groups (categories in the order units.categories gives them, any other group after) and `?group=`'s, else the first. */
export function useResultGroups(
  result: PeriodResult | undefined,
  requested: string | null,
): { groups: string[]; activeGroup: string | undefined; labels: ReadonlyMap<string, string> } {
  const trpc = useTRPC();
  const categories = useQuery(trpc.units.categories.queryOptions());
  const groups = useMemo(
    () =>
      result
        ? orderedGroups(
            result.units,
            categories.data?.map((c) => c.category),
          )
        : [],
    [result, categories.data],
  );
  // the rubric's words for a category (城区街道办事处 for 街道), as the bulletin and the report call it
  const labels = useMemo(() => new Map((categories.data ?? []).flatMap((c) => (c.label ? [[c.category, c.label] as const] : []))), [categories.data]);
  return { groups, activeGroup: requested && groups.includes(requested) ? requested : groups[0], labels };
}

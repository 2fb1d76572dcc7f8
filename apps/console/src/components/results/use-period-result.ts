/**
 * A period's results as the center shows them: the frozen snapshot when the
 * period is published, else scored now with the version in force — for those
 * who may see previews (`results.read`); the others see published periods only.
 */

import { isYear } from "@kaohe/time";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useAuth } from "../../lib/auth.tsx";
import { type RouterOutputs, useTRPC } from "../../lib/trpc.ts";
import type { PeriodResult, Publication } from "./types.ts";

export interface PeriodResultState {
  /** undefined while loading; null when not published */
  publication: Publication | null | undefined;
  result: PeriodResult | undefined;
  /** the rubric the shown result was computed with */
  rubric: { name: string; version: string } | undefined;
  snapshot: boolean;
  /** how the rubric orders units and what equal ones get, in words (null: the version no longer compiles) */
  rankingRule: string | null;
  /** scored now: the units of categories the rubric does not declare, in no ranking (a published result is as it was) */
  unassessed: RouterOutputs["scores"]["month"]["unassessed"];
  /** scored now: the units first assessed, or no longer assessed, with this period (起始月份, 截止月份) */
  joiningLeaving: RouterOutputs["scores"]["month"]["joiningLeaving"];
  /**
   * scored now: what else the table alone would hide — a period that received no order, an orders population no
   * order meets (every unit scored alike); the units left out are `unassessed`
   */
  warnings: RouterOutputs["scores"]["month"]["warnings"];
  /** scored now, a year: checklist items some units have no row for (taken as the rubric's default); a published result is as it was */
  missingFacts: RouterOutputs["scores"]["year"]["missingFacts"];
  /**
   * scored now, a month without data (no unit has an order in it: the year leaves it out, the trend shows it 无数据),
   * or a year none of whose months has data: its full marks are no result. A published period is its publication.
   */
  noData: boolean;
  isPending: boolean;
  error: unknown;
}

/** `period` is a month ("2018-03") or a year ("2017"); `enabled: false` asks nothing. */
export function usePeriodResult(period: string, enabled = true): PeriodResultState {
  const trpc = useTRPC();
  const { can } = useAuth();
  const yearly = isYear(period);
  const pub = useQuery(trpc.publication.current.queryOptions(enabled ? { period } : skipToken));
  // not published: scored now, for those who may see a preview
  const live = pub.isSuccess && pub.data === null && can("results.read");
  const month = useQuery(trpc.scores.month.queryOptions(enabled && live && !yearly ? { month: period } : skipToken));
  const year = useQuery(trpc.scores.year.queryOptions(enabled && live && yearly ? { year: period } : skipToken));
  const scored = yearly ? year : month;
  const publication = pub.isSuccess ? pub.data : undefined;
  const result: PeriodResult | undefined = publication ? publication.result : scored.data;
  return {
    publication,
    result,
    rubric: publication ? publication.rubric : scored.data?.rubricVersion,
    snapshot: Boolean(publication),
    rankingRule: (publication ? publication.rankingRule : scored.data?.rankingRule) ?? null,
    unassessed: publication ? [] : (scored.data?.unassessed ?? []),
    joiningLeaving: publication ? [] : (scored.data?.joiningLeaving ?? []),
    missingFacts: publication ? [] : (scored.data?.missingFacts ?? []),
    noData: !publication && (scored.data?.noData ?? false),
    warnings: publication ? [] : (scored.data?.warnings ?? []).filter((w) => w.code !== "undeclared-category"),
    isPending: enabled && (pub.isPending || (live && scored.isPending)),
    error: pub.error ?? scored.error,
  };
}

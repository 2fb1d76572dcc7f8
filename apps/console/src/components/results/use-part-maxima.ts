/** The part maxima (part-maxima.ts) of a rubric version's assessment, read from the version's text. */
import { parse } from "@kaohe/rules-dsl";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "../../lib/trpc.ts";
import { type PartMaximum, partMaxima, weighedAssessments } from "./part-maxima.ts";

const NONE = { parts: new Map<string, PartMaximum>(), weighed: new Map<string, { name: string; label: string }>() } as const;

/**
 * Items of `assessment` that weight another assessment: those with bonuses (综合管理考核: 20, up to 4 apart) and the
 * assessment each counts (`weighedAssessments`); none while unread or when `versionId` is undefined.
 */
export function usePartMaxima(
  versionId: number | undefined,
  assessment: string | undefined,
): { parts: ReadonlyMap<string, PartMaximum>; weighed: ReadonlyMap<string, { name: string; label: string }> } {
  const trpc = useTRPC();
  const version = useQuery({ ...trpc.rubrics.get.queryOptions({ id: versionId ?? 0 }), enabled: versionId !== undefined, retry: false });
  return useMemo(() => {
    if (!version.data || !assessment) return NONE;
    const { ast } = parse(version.data.text, { syntaxOnly: true });
    return { parts: partMaxima(ast, assessment), weighed: weighedAssessments(ast, assessment) };
  }, [version.data, assessment]);
}

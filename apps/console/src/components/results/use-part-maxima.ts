/** The part maxima (part-maxima.ts) of a rubric version's assessment, read from the version's text. */
import { parse } from "@kaohe/rules-dsl";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "../../lib/trpc.ts";
import { type PartMaximum, partMaxima } from "./part-maxima.ts";

const NONE: ReadonlyMap<string, PartMaximum> = new Map();

/** Items of `assessment` that weight another assessment with bonuses (综合管理考核: 20, up to 4 apart); none while unread or when `versionId` is undefined. */
export function usePartMaxima(versionId: number | undefined, assessment: string | undefined): ReadonlyMap<string, PartMaximum> {
  const trpc = useTRPC();
  const version = useQuery({ ...trpc.rubrics.get.queryOptions({ id: versionId ?? 0 }), enabled: versionId !== undefined, retry: false });
  return useMemo(
    () => (version.data && assessment ? partMaxima(parse(version.data.text, { syntaxOnly: true }).ast, assessment) : NONE),
    [version.data, assessment],
  );
}

/** What the rubric list and the editor share: status, period in force, copying a version as a new draft. */
import { parse, quote } from "@kaohe/rules-dsl";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Tag, Typography } from "antd";
import { useCallback, useMemo } from "react";
import { useNavigate } from "react-router";
import { localTime, monthLabel } from "../../lib/format.ts";
import { useSingleFlight } from "../../lib/single-flight.ts";
import { errorText, type RouterOutputs, useTRPC, useTRPCClient } from "../../lib/trpc.ts";
import { draftVersionName } from "./versions.ts";

export { isoTime } from "../../lib/format.ts";
export { firstDraftText } from "./versions.ts";

export type RubricSummary = RouterOutputs["rubrics"]["list"][number];
export type RubricDetail = RouterOutputs["rubrics"]["get"];

export function StatusTag({ status }: { status: "draft" | "published" | "withdrawn" }) {
  if (status === "withdrawn")
    return (
      <Tag color="default" variant="outlined" data-testid="status-tag">
        已撤回
      </Tag>
    );
  return status === "published" ? (
    <Tag color="green" variant="outlined" data-testid="status-tag">
      已发布
    </Tag>
  ) : (
    <Tag color="blue" variant="outlined" data-testid="status-tag">
      草稿
    </Tag>
  );
}

/** "2017年9月 起" or "2018年1月 – 2018年12月"; a draft whose header does not parse yet has no period. */
export function periodText(from: string, until: string | null): string {
  if (!from) return "（文件头未写施行期）";
  return until ? `${monthLabel(from)} – ${monthLabel(until)}` : `${monthLabel(from)} 起`;
}

/** The month now in Beijing time (whatever the browser's time zone), for "the version in force". */
export const currentMonth = () => localTime(Date.now()).slice(0, 7);

/** "name（version）" */
export const versionTitle = (v: { name: string; version: string }) => `${v.name}（${v.version}）`;

/** The text with its header's `version` replaced (the first `version …` of the header; the text unchanged when there is none). */
function withVersion(text: string, version: string): string {
  const { ast } = parse(text, { syntaxOnly: true });
  const start = ast.header?.range.start.offset ?? 0;
  const end = ast.header ? ast.header.range.end.offset : text.length;
  const re = /(\bversion[ \t\u3000]+)("(?:[^"\\\n]|\\.)*"|\d+(?:\.\d+)?)/;
  const slice = text.slice(start, end);
  const m = re.exec(slice);
  if (!m) return text;
  const at = start + m.index + (m[1] as string).length;
  return text.slice(0, at) + quote(version) + text.slice(at + (m[2] as string).length);
}

/**
 * Create a draft from a text, its header's version changed to "<version>-草稿<n>"
 * so that name and version stay unique, then open it in the editor.
 */
export function useCreateDraftFrom() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useMutation(trpc.rubrics.createDraft.mutationOptions());
  const once = useSingleFlight();
  const run = useMemo(
    () =>
      once(async (source: { text: string; name: string; version: string }) => {
        try {
          const existing = await queryClient.fetchQuery(trpc.rubrics.list.queryOptions());
          const version = draftVersionName(source.name, source.version, existing);
          const created = await create.mutateAsync({ text: withVersion(source.text, version) });
          await queryClient.invalidateQueries({ queryKey: trpc.rubrics.list.queryKey() });
          message.success(`已创建草稿“${versionTitle(created)}”`);
          navigate(`/rubrics/${created.id}`);
        } catch (err) {
          message.error(errorText(err));
        }
      }),
    [create, queryClient, trpc, message, navigate, once],
  );
  /** Copy a stored version (its text is fetched first). */
  const copyVersion = useCallback(
    async (id: number) => {
      try {
        const v = await client.rubrics.get.query({ id });
        await run(v);
      } catch (err) {
        message.error(errorText(err));
      }
    },
    [client, run, message],
  );
  return { createFrom: run, copyVersion, pending: create.isPending };
}

/** Options of a version picker: published versions first, then drafts; the version shown first so that versions of one name stay apart. */
export function versionOptions(versions: readonly RubricSummary[], inForceId: number | null) {
  const option = (v: RubricSummary) => ({
    value: v.id,
    search: `${v.version} ${v.name}`,
    label: (
      <span title={`${v.name}（${v.version}）`}>
        <Typography.Text code style={{ marginInlineEnd: 6 }}>
          {v.version}
        </Typography.Text>
        {v.name}
        {v.id === inForceId && (
          <Tag color="red" variant="outlined" style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>
            施行中
          </Tag>
        )}
      </span>
    ),
  });
  const published = versions.filter((v) => v.status === "published");
  const drafts = versions.filter((v) => v.status === "draft");
  return [
    ...(published.length ? [{ label: "已发布", title: "已发布", options: published.map(option) }] : []),
    ...(drafts.length ? [{ label: "草稿", title: "草稿", options: drafts.map(option) }] : []),
  ];
}

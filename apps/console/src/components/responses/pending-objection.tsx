/**
 * "已有待处理的异议 #N" beside a record the unit has already objected to and the center has not yet decided: in the
 * orders behind a deduction (查看工单, with its 提出异议) and in the objection form's list. A unit raised several
 * objections against one order with nothing telling it one was pending; the center then had several to decide, and
 * deciding one did not settle the others. Another field of the same record may still be asked (another objection);
 * the same field again is refused by the server, naming the pending one.
 */
import { skipToken, useQuery } from "@tanstack/react-query";
import { Tag, Tooltip } from "antd";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc.ts";
import { type PendingOnRecord, pendingByRecord, type RecordKind } from "./workflow.ts";

/** The unit's undecided objections of the period by record (none asked for when `enabled` is false: not a unit's own user). */
export function usePendingObjections(period: string, record: RecordKind, enabled: boolean): Map<string, PendingOnRecord[]> {
  const trpc = useTRPC();
  const list = useQuery(trpc.objections.list.queryOptions(enabled ? { period } : skipToken));
  return pendingByRecord(list.data, record);
}

/** What the tag's tooltip says: what each pending objection asks of the record, and what raising another means. */
export function pendingText(pending: readonly PendingOnRecord[], center: string): string {
  const asked = pending.map((p) => `#${p.id}（${p.fields.map((f) => `“${f}”`).join("、")}）`).join("、");
  return `本单位已就此记录提出异议 ${asked}，${center}尚未处理。同一内容无须再提；如对其他内容有异议，可另行提出。`;
}

/**
 * The mark; `center`: the center's name (useCenterName). `link`: to the unit's 说明与异议 page of the period, where the
 * objection is (not in the form, which is on that page already).
 */
export function PendingObjectionTag({
  pending,
  period,
  center,
  link = false,
}: {
  pending: readonly PendingOnRecord[] | undefined;
  period: string;
  center: string;
  link?: boolean;
}) {
  if (!pending || pending.length === 0) return null;
  const label = `已有待处理的异议 ${pending.map((p) => `#${p.id}`).join("、")}`;
  const tag = (
    <Tag color="processing" style={{ marginInlineEnd: 0, whiteSpace: "normal" }} data-testid="pending-objection">
      {link ? <Link to={`/responses/${period}`}>{label}</Link> : label}
    </Tag>
  );
  return <Tooltip title={pendingText(pending, center)}>{tag}</Tooltip>;
}

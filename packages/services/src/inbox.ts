/**
 * What waits for a user, for the console's badge: a unit user is told of
 * decisions on their objections, explanations the center has read, and
 * explanations owed in months open to the units; the center of new
 * objections and explanations to read. Read from the workflow's own tables,
 * so it cannot drift from them.
 */
import { formatShanghai } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { listCycles } from "./cycle.ts";
import { explanationDuties } from "./explanations.ts";
import { sanctionCauses } from "./sanction-causes.ts";
import type { SessionUser } from "./users.ts";

interface InboxItem {
  kind: "decision" | "acknowledged" | "owed" | "objection" | "explanation";
  period: string;
  /** Chinese, one line */
  title: string;
  at: string | null;
  /** the console path that shows it */
  link: string;
}

export interface Inbox {
  /** items that need the user (the badge) */
  count: number;
  items: InboxItem[];
}

/** "2018年3月" */
const monthText = (period: string) => `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;

const beijing = (iso: string) => formatShanghai(Date.parse(iso), "minute");

export async function inboxOf(store: Store, user: SessionUser, options: { reviews: boolean }): Promise<Inbox> {
  const items: InboxItem[] = [];
  if (user.role === "unit" && user.unitCode) {
    const unitCode = user.unitCode;
    const decided = await store.prisma.objection.findMany({ where: { unitCode, status: { not: "open" }, decisionSeenAt: null }, orderBy: { id: "desc" } });
    for (const o of decided) {
      items.push({
        kind: "decision",
        period: o.period,
        title: `异议 #${o.id}（${monthText(o.period)}）${o.status === "accepted" ? "已采纳" : "不予采纳"}：${o.decision ?? ""}`,
        at: o.decidedAt?.toISOString() ?? null,
        link: `/responses/${o.period}`,
      });
    }
    const read = await store.prisma.explanation.findMany({ where: { unitCode, status: "acknowledged", responseSeenAt: null } });
    for (const e of read) {
      items.push({
        kind: "acknowledged",
        period: e.period,
        title: `${monthText(e.period)}的书面说明已由县投诉中心阅知${e.response ? `：${e.response}` : ""}`,
        at: e.acknowledgedAt?.toISOString() ?? null,
        link: `/responses/${e.period}`,
      });
    }
    for (const cycle of await listCycles(store)) {
      // owed since the month was opened to the units, published or not, until it is submitted
      if (cycle.previewOpenedAt === null) continue;
      for (const d of await explanationDuties(store, cycle.period, unitCode)) {
        if (d.state !== "owed" && d.state !== "overdue") continue;
        const due = cycle.explanationDeadline ? `，截至 ${beijing(cycle.explanationDeadline)}` : "";
        const why = d.reasons.flatMap((r) => sanctionCauses(r.because).map((b) => `${b.label ?? b.measure} ${b.value ?? "—"}`)).join("、");
        items.push({
          kind: "owed",
          period: cycle.period,
          title: `${monthText(cycle.period)}须提交书面说明${why ? `（${why}）` : ""}${d.state === "overdue" ? "，已逾期" : due}`,
          at: cycle.previewOpenedAt,
          link: `/responses/${cycle.period}`,
        });
      }
    }
  }
  if (options.reviews) {
    const open = await store.prisma.objection.findMany({ where: { status: "open" }, orderBy: { id: "asc" } });
    const units = new Map((await store.prisma.unit.findMany({ select: { code: true, name: true } })).map((u) => [u.code, u.name]));
    for (const o of open) {
      items.push({
        kind: "objection",
        period: o.period,
        title: `${units.get(o.unitCode) ?? o.unitCode} 对${monthText(o.period)}的结果提出异议 #${o.id}，待处理`,
        at: o.raisedAt.toISOString(),
        link: `/review/${o.period}`,
      });
    }
    const unread = await store.prisma.explanation.findMany({ where: { status: "submitted" }, orderBy: { id: "asc" } });
    for (const e of unread) {
      items.push({
        kind: "explanation",
        period: e.period,
        title: `${units.get(e.unitCode) ?? e.unitCode} 提交了${monthText(e.period)}的书面说明，待阅`,
        at: e.submittedAt.toISOString(),
        link: `/review/${e.period}`,
      });
    }
  }
  return { count: items.length, items };
}

/**
 * What waits for a user, for the console's badge: a unit user is told of
 * decisions on their objections, explanations the center has read,
 * explanations owed in months open to the units, events of such months
 * imported since it last looked, and a re-publication that changed its
 * published score or rank; the center of new
 * objections and explanations to read. Read from the workflow's own tables,
 * so it cannot drift from them.
 */
import { formatShanghai, outsideAssessedMonths } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { type CompiledRubric, monthStart, periodWindow } from "@kaohe/rules-engine";
import { addMonths, DAY_MS, isYear, periodLabel } from "@kaohe/time";
import { type Cycle, listCycles } from "./cycle.ts";
import { explanationDuties } from "./explanations.ts";
import { compiled } from "./import-checks.ts";
import { reasonForUnit, republicationOf, type Standing } from "./publication.ts";
import { inForceLookup } from "./rubrics.ts";
import { sanctionReasonTexts } from "./sanction-causes.ts";
import { getCenterName } from "./settings.ts";
import type { SessionUser } from "./users.ts";

interface InboxItem {
  kind: "opened" | "republished" | "decision" | "acknowledged" | "owed" | "event" | "objection" | "explanation";
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
  /**
   * What the list showed: the decisions (objections) and read explanations by id, and the highest import batch when it
   * was read, and the latest opening or re-publication it announced. Marking it seen marks those, not a decision made,
   * events imported or a period opened or published again after it was read (markDecisionsSeen).
   */
  upTo: InboxShown;
}

interface InboxShown {
  batch: number;
  objections: number[];
  explanations: number[];
  /**
   * the latest opening (a period's previewOpenedAt) or re-publication (its publishedAt) announced, null when none was:
   * both are news by their time, seen up to it (inbox_seen.openingsSeenAt)
   */
  opened: string | null;
}

/** "2018年3月", "2018年度" */
const monthText = periodLabel;

const beijing = (iso: string) => formatShanghai(Date.parse(iso), "minute");

/**
 * Events of the unit's month (a 行政不作为 found true, a bonus, one corrected) imported since the month was opened to
 * the units, by a batch the unit's users have not seen (committed after they last opened the list: `seenBatch`, the
 * highest batch id then): its score changed under them, and they may object while the month is open. Only event types
 * the rubric in force declares (others score nothing). Nothing once the month is published (its results no longer
 * follow the data) or closed again.
 */
async function newEvents(store: Store, unitCode: string, cycle: Cycle, seenBatch: number, lookup: InForceLookup): Promise<InboxItem | null> {
  if (cycle.previewOpenedAt === null || (cycle.stage !== "preview" && cycle.stage !== "notice")) return null;
  const rubric = compiled(lookup(cycle.period))?.rubric ?? null;
  const declared = new Set(rubric?.ast.declarations.flatMap((d) => (d.kind === "event" ? [d.name] : [])) ?? []);
  if (declared.size === 0) return null;
  const window = eventWindow(rubric, cycle.period);
  const rows = await store.prisma.event.findMany({
    where: {
      unit: unitCode,
      date: { gte: window.start, lt: window.end },
      type: { in: [...declared] },
      batchId: { gt: seenBatch },
      batch: { createdAt: { gt: new Date(cycle.previewOpenedAt) } },
      // as they stand: one the unit's accepted objection took to 0 is no longer news, nor one to object to (the bell
      // said "行政不作为 0 次 … 如有异议，请于 … 前提出" once the unit's own objection had been accepted: a unit's walk)
      count: { not: 0 },
    },
    select: { type: true, count: true, batch: { select: { createdAt: true } } },
    orderBy: [{ date: "asc" }, { id: "asc" }],
  });
  if (rows.length === 0) return null;
  const byType = new Map<string, number>();
  for (const r of rows) byType.set(r.type, (byType.get(r.type) ?? 0) + r.count);
  const latest = Math.max(...rows.map((r) => r.batch?.createdAt.getTime() ?? 0));
  const deadline = cycle.objectionsOpen && cycle.objectionDeadline ? `；如有异议，请于 ${beijing(cycle.objectionDeadline)} 前提出` : "";
  return {
    kind: "event",
    period: cycle.period,
    title: `${monthText(cycle.period)}有新导入的考核事件：${[...byType].map(([type, n]) => `${type} ${n} 次`).join("、")}，本月得分已随之计算${deadline}`,
    at: new Date(latest).toISOString(),
    link: `/units/${encodeURIComponent(unitCode)}?period=${cycle.period}`,
  };
}

/**
 * A month or year opened to the units while the unit may still object, not yet announced to it (opened after its list
 * was last opened): what to look at, and until when to object. A period opened again (after a withdrawal, or to look
 * into an objection once published) is announced again.
 */
function openingOf(cycle: Cycle, seenUpTo: Date | null, unitCode: string): InboxItem | null {
  if (cycle.previewOpenedAt === null || !cycle.objectionsOpen || cycle.objectionDeadline === null) return null;
  if (seenUpTo !== null && Date.parse(cycle.previewOpenedAt) <= seenUpTo.getTime()) return null;
  return {
    kind: "opened",
    period: cycle.period,
    // 2018年3月考核结果, 2018年度考核结果
    title: `${monthText(cycle.period)}考核结果已开放预览：请核对本单位的得分与名次；如有异议，请于 ${beijing(cycle.objectionDeadline)} 前提出`,
    at: cycle.previewOpenedAt,
    link: `/units/${encodeURIComponent(unitCode)}?period=${cycle.period}`,
  };
}

/** How far back a re-publication is news to a user who never marked the list seen. */
const REPUBLISHED_NEWS_DAYS = 30;

/** A published score and rank as the bell says them: "94.39", "第 6 名" (不排名; 无: not in that result). */
const scoreText = (s: Standing | null) => (s?.score === null || s?.score === undefined ? "无" : String(s.score));
const rankText = (s: Standing | null) => (s === null ? "无" : s.rank === null ? "不排名" : `第 ${s.rank} 名`);
const moved = (before: string, now: string) => (before === now ? `${now}（未变）` : `${before} → ${now}`);

/**
 * A month or year the center published again, not yet announced to the unit (published after its list was last
 * opened), that changed the unit's published score or rank: from what to what, and why as the unit may read it (other
 * units' objections unnamed). 起凤镇 went from 4th to 5th when 唐山镇's objection was accepted and the month
 * republished, and was told nothing (a unit's walk). Against the publication it replaced.
 */
async function republicationFor(store: Store, cycle: Cycle, seenUpTo: Date | null, unitCode: string): Promise<InboxItem | null> {
  const p = cycle.publication;
  if (p === null || (seenUpTo !== null && Date.parse(p.publishedAt) <= seenUpTo.getTime())) return null;
  // a user who never marked the list seen is told of re-publications of the last REPUBLISHED_NEWS_DAYS, not of years back
  if (seenUpTo === null && Date.parse(p.publishedAt) < Date.now() - REPUBLISHED_NEWS_DAYS * DAY_MS) return null;
  const republished = await republicationOf(store, { id: p.id, period: cycle.period }, seenUpTo);
  const unit = republished?.changed.get(unitCode);
  if (!republished || !unit) return null;
  const reason = reasonForUnit(republished.reason, unit.unit.name);
  const score = moved(scoreText(unit.published), scoreText(unit.now));
  const rank = moved(rankText(unit.published), rankText(unit.now));
  return {
    kind: "republished",
    period: cycle.period,
    title: `${monthText(cycle.period)}考核结果已重新发布：本单位得分 ${score}，名次 ${rank}${reason ? `；原因：${reason}` : ""}`,
    at: p.publishedAt,
    link: `/units/${encodeURIComponent(unitCode)}?period=${cycle.period}`,
  };
}

type InForceLookup = Awaited<ReturnType<typeof inForceLookup>>;

/** The days a month's events are read from: the window of the rubric in force (a month from the 26th), else the calendar month. */
function eventWindow(rubric: CompiledRubric | null, period: string): { start: number; end: number } {
  if (rubric) {
    try {
      return periodWindow(rubric, period).window;
    } catch {
      // a rubric without a monthly assessment: the calendar month
    }
  }
  return { start: monthStart(period), end: monthStart(addMonths(period, 1)) };
}

export async function inboxOf(store: Store, user: SessionUser, options: { reviews: boolean }): Promise<Inbox> {
  // the batch read before the list: whatever is imported while it is read is newer than what it shows
  const upTo: InboxShown = {
    batch: (await store.prisma.importBatch.aggregate({ _max: { id: true } }))._max.id ?? 0,
    objections: [],
    explanations: [],
    opened: null,
  };
  const items: InboxItem[] = [];
  if (user.role === "unit" && user.unitCode) {
    const unitCode = user.unitCode;
    const decided = await store.prisma.objection.findMany({ where: { unitCode, status: { not: "open" }, decisionSeenAt: null }, orderBy: { id: "desc" } });
    for (const o of decided) {
      upTo.objections.push(o.id);
      items.push({
        kind: "decision",
        period: o.period,
        title: `异议 #${o.id}（${monthText(o.period)}）${o.status === "accepted" ? "已采纳" : "不予采纳"}：${o.decision ?? ""}`,
        at: o.decidedAt?.toISOString() ?? null,
        link: `/responses/${o.period}`,
      });
    }
    const read = await store.prisma.explanation.findMany({ where: { unitCode, status: "acknowledged", responseSeenAt: null } });
    // the center by the name it is given, as the pages and the bulletin name it
    const center = read.length > 0 ? ((await getCenterName(store)) ?? "热线中心") : "";
    for (const e of read) {
      upTo.explanations.push(e.id);
      items.push({
        kind: "acknowledged",
        period: e.period,
        title: `${monthText(e.period)}的书面说明已由${center}阅知${e.response ? `：${e.response}` : ""}`,
        at: e.acknowledgedAt?.toISOString() ?? null,
        link: `/responses/${e.period}`,
      });
    }
    const lookup = await inForceLookup(store);
    const seen = await store.prisma.inboxSeen.findUnique({ where: { unitCode } });
    const seenBatch = seen?.eventsSeenBatch ?? 0;
    // the months the unit is assessed in (set up or abolished within the data): a period outside them is not its to check
    const months = (await store.prisma.unit.findUnique({ where: { code: unitCode }, select: { fromMonth: true, untilMonth: true } })) ?? {
      fromMonth: null,
      untilMonth: null,
    };
    for (const cycle of await listCycles(store, new Date(), { years: true })) {
      const opened = outsideAssessedMonths(months, cycle.period) ? null : openingOf(cycle, seen?.openingsSeenAt ?? null, unitCode);
      // news by its time, seen as an opening is (a unit outside the period is in neither result: nothing changed for it)
      const republished = await republicationFor(store, cycle, seen?.openingsSeenAt ?? null, unitCode);
      for (const news of [opened, republished]) {
        if (!news) continue;
        items.push(news);
        if (upTo.opened === null || (news.at as string) > upTo.opened) upTo.opened = news.at;
      }
      // owed since the month was opened to the units, published or not, until it is submitted (a year owes none)
      if (cycle.previewOpenedAt === null || isYear(cycle.period)) continue;
      for (const d of await explanationDuties(store, cycle.period, unitCode)) {
        if (d.state !== "owed" && d.state !== "overdue") continue;
        const due = cycle.explanationDeadline ? `，截至 ${beijing(cycle.explanationDeadline)}` : "";
        const why = sanctionReasonTexts(d.reasons).join("、");
        items.push({
          kind: "owed",
          period: cycle.period,
          title: `${monthText(cycle.period)}须提交书面说明${why ? `（${why}）` : ""}${d.state === "overdue" ? "，已逾期" : due}`,
          at: cycle.previewOpenedAt,
          link: `/responses/${cycle.period}`,
        });
      }
      const events = await newEvents(store, unitCode, cycle, seenBatch, lookup);
      if (events) items.push(events);
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
        link: `/review/${o.period}?objection=${o.id}`,
      });
    }
    const unread = await store.prisma.explanation.findMany({ where: { status: "submitted" }, orderBy: { id: "asc" } });
    for (const e of unread) {
      items.push({
        kind: "explanation",
        period: e.period,
        title: `${units.get(e.unitCode) ?? e.unitCode} 提交了${monthText(e.period)}的书面说明，待阅`,
        at: e.submittedAt.toISOString(),
        link: `/review/${e.period}?explanation=${encodeURIComponent(e.unitCode)}`,
      });
    }
  }
  return { count: items.length, items, upTo };
}

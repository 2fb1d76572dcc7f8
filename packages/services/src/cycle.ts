/**
 * A month's assessment cycle (办法六): the center opens the month's results
 * to the units (预览: each unit sees its own result, may object and owes its
 * written explanation), optionally gives a notice period (公示), and
 * publishes (发布). Objections are accepted until a deadline counted in
 * working days from the opening; explanations are due by another. A month
 * the center never opened is closed to the units; one published without a
 * preview is published.
 *
 * A year goes through the same stages (办法六（三）: a unit may object to any
 * result, its 综合管理 deductions included): opened once every month it counts
 * has been opened to the units, it shows each unit its year-end result and
 * takes objections until its deadline; a year owes no written explanation.
 */

import type { Store } from "@kaohe/db";
import { AppError, ErrorCodes } from "@kaohe/db";
import { type CompiledRubric, dayOf, endOfDay, isWorkingDay, periodWindow, yearOfDay } from "@kaohe/rules-engine";
import { addMonths, DAY_MS, formatShanghai, isDay, isMonth, isYear, periodLabel, shanghaiDayStart, shanghaiMonth } from "@kaohe/time";
import { compileVersion, versionInForce } from "./rubrics.ts";
import { assertPeriodHasData, scorePeriod } from "./scores.ts";

export type CycleStage = "closed" | "preview" | "notice" | "published";

const STAGE_LABEL: Record<CycleStage, string> = { closed: "未开放", preview: "预览", notice: "公示", published: "已发布" };

export interface Cycle {
  period: string;
  stage: CycleStage;
  stageLabel: string;
  previewOpenedAt: string | null;
  previewOpenedBy: string | null;
  objectionDeadline: string | null;
  explanationDeadline: string | null;
  noticeFrom: string | null;
  noticeUntil: string | null;
  /** may a unit raise an objection now */
  objectionsOpen: boolean;
  /** the current publication, if any */
  publication: { id: number; publishedAt: string; publishedBy: string } | null;
}

/** Days objections and explanations stay open when the center does not say otherwise. */
const DEFAULT_WORKING_DAYS = 5;

/**
 * The end (Beijing time) of the `n`th working day after `from`'s day: Monday to Friday, except the days the holiday
 * calendar (`calendar`: a day's number since 1970-01-01 → 休 or 班, as imported) says are off, and with its make-up
 * working days (a Saturday marked 班). The regulation's "5 个工作日" over 国庆 ran into the holiday: a month opened on
 * 30 September closed its objections on 7 October, the office shut since the 1st (a new county's walk).
 */
export function workingDaysAfter(from: Date, n: number, calendar: ReadonlyMap<number, string> = new Map()): Date {
  let day = dayOf(from.getTime());
  let left = n;
  while (left > 0) {
    day++;
    if (isWorkingDay(day, calendar.get(day))) left--;
  }
  return new Date(endOfDay(day));
}

/**
 * The holiday calendar's days (休, 班) from `from`'s day on, as far as a deadline counted from it may reach: the
 * longest period a month is opened for (30 working days) with every holiday of a year in it fits in 120 days.
 */
async function holidaysFrom(store: Store, from: Date): Promise<Map<number, string>> {
  const first = dayOf(from.getTime());
  const rows = await store.prisma.holiday.findMany({ where: { day: { gt: first, lte: first + 120 } }, select: { day: true, type: true } });
  return new Map(rows.map((r) => [r.day, r.type]));
}

/** The deadlines a period opened now would get (shown in the dialog before it is opened), and the calendar's part. */
export interface DeadlinesFromNow {
  objectionDeadline: string;
  explanationDeadline: string;
  /** the calendar's days (休, 班) from tomorrow to the later deadline: those that moved the deadlines */
  marked: number;
  /** each year those days fall in, and whether a holiday calendar of it is imported (any day of it): one not is counted Monday to Friday */
  years: { year: number; imported: boolean }[];
}

/** The deadlines of a period opened now for these working days, by the holiday calendar as `openPreview` counts them. */
export async function deadlinesFromNow(store: Store, objectionDays: number, explanationDays: number, now = new Date()): Promise<DeadlinesFromNow> {
  const calendar = await holidaysFrom(store, now);
  const objection = workingDaysAfter(now, objectionDays, calendar);
  const explanation = workingDaysAfter(now, explanationDays, calendar);
  const last = dayOf(Math.max(objection.getTime(), explanation.getTime()));
  const years: { year: number; imported: boolean }[] = [];
  for (let year = yearOfDay(dayOf(now.getTime()) + 1); year <= yearOfDay(last); year++) {
    // a year's calendar imported at all: the State Council's notice gives every holiday of a year in one file
    const imported = (await store.prisma.holiday.count({ where: { day: { gte: Date.UTC(year, 0, 1) / DAY_MS, lt: Date.UTC(year + 1, 0, 1) / DAY_MS } } })) > 0;
    years.push({ year, imported });
  }
  return {
    objectionDeadline: objection.toISOString(),
    explanationDeadline: explanation.toISOString(),
    marked: [...calendar.keys()].filter((day) => day <= last).length,
    years,
  };
}

/**
 * The latest day a deadline or a notice period may be set to: 60 working days from today, twice the longest period
 * a month is opened for (openPreview's 30), with room for the holidays the working days do not know. 9999-12-31 was
 * accepted, and the units could object for ever ("剩余 2912103 天"); a mistyped year (2091 for 2019) as well.
 */
const LATEST_WORKING_DAYS = 60;

/** Refuse `at` (the end of `day`) when it is past today + LATEST_WORKING_DAYS working days. */
function assertNotTooFar(what: string, day: string, at: Date, now: Date): void {
  const latest = workingDaysAfter(now, LATEST_WORKING_DAYS);
  if (at.getTime() > latest.getTime()) {
    throw new AppError(
      ErrorCodes.BadInput,
      `${what}日期 ${day} 太远：最迟可定在 ${formatShanghai(latest.getTime(), "date")}（今天起 ${LATEST_WORKING_DAYS} 个工作日）：请检查年份与月份`,
      `the day ${day} is more than ${LATEST_WORKING_DAYS} working days ahead`,
    );
  }
}

/** The end of a Beijing day given as YYYY-MM-DD. */
export function endOfBeijingDay(day: string): Date {
  if (!isDay(day)) throw new AppError(ErrorCodes.BadInput, `日期应写成 2018-12-10，而不是“${day}”`, `a day is YYYY-MM-DD, got ${day}`);
  return new Date(shanghaiDayStart(day, 1) - 1);
}

/** Beijing time, to the minute: "2017-11-05 09:30". */
export const beijingMinute = (d: Date) => formatShanghai(d.getTime(), "minute");

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** A period a cycle is kept for: a month, or a year (its year-end result). */
function assertCyclePeriod(period: string): void {
  if (!isMonth(period) && !isYear(period)) {
    throw new AppError(ErrorCodes.BadInput, `考核期应写成 2018-11（月）或 2018（年），而不是“${period}”`, `a cycle's period is YYYY-MM or YYYY, got ${period}`);
  }
}

/** What cannot be done with a period not begun, in its refusal's words. */
const NOT_BEGUN_REFUSES = {
  open: { zh: "还没有开始的考核期不能向单位开放或发布", en: "it cannot be opened or published" },
  export: { zh: "还没有开始的考核期没有考核结果，不能导出报表", en: "it has no result to export" },
} as const;

/**
 * A period none of whose days has come (2099-12, mistyped or chosen by mistake) is not opened to the units nor published,
 * nor exported: nothing in it has happened, every unit would score as if it had no complaints (a report of 2099 with
 * every unit first at 100 分 looked official: a contract tester's), and the units' pages would go to it as the latest
 * month. A period that has begun but not ended may be, once confirmed (publication.ts).
 */
export function assertPeriodBegun(period: string, window: { start: number }, now: Date, refused: keyof typeof NOT_BEGUN_REFUSES = "open"): void {
  if (now.getTime() >= window.start) return;
  const which = isMonth(period) ? "月" : "年";
  const { zh, en } = NOT_BEGUN_REFUSES[refused];
  throw new AppError(
    ErrorCodes.BadInput,
    `${periodLabel(period)}尚未开始（考核周期自 ${formatShanghai(window.start, "date")} 起，北京时间）：${zh}，请检查所选的${which}份`,
    `${period} has not begun (its period starts ${new Date(window.start).toISOString()}): ${en}`,
    { notBegun: true, period, starts: new Date(window.start).toISOString() },
  );
}

/**
 * A report of a period (the month's table, its bulletin, the year's table, the records behind a number) is made only
 * once the period has begun, by the window of the version in force (a month from the 26th begins in the month before).
 * A period no version is in force for is left to the report to refuse in its own words. Returns the rubric in force
 * (null: none).
 */
export async function assertPeriodBegunForExport(store: Store, period: string, now = new Date()): Promise<CompiledRubric | null> {
  const version = await versionInForce(store, period).catch(() => null);
  if (!version) return null;
  const rubric = compileVersion(version);
  assertPeriodBegun(period, periodWindow(rubric, period).window, now, "export");
  // the rubric in force, read for this: a caller needing it (a measure's label) asks no more
  return rubric;
}

/** A month's cycle as it stands now. */
export async function getCycle(store: Store, period: string, now = new Date()): Promise<Cycle> {
  assertCyclePeriod(period);
  const [row, pub] = await Promise.all([
    store.prisma.assessmentCycle.findUnique({ where: { period } }),
    // the publication's who and when, not its frozen result (a megabyte, read on every unit's page: a review)
    store.prisma.publishedResult.findFirst({
      where: { period, supersededAt: null },
      orderBy: { id: "desc" },
      select: { id: true, publishedAt: true, publishedBy: true },
    }),
  ]);
  const publication = pub ? { id: pub.id, publishedAt: pub.publishedAt.toISOString(), publishedBy: pub.publishedBy } : null;
  const stage = stageOf(row, pub !== null);
  return {
    period,
    stage,
    stageLabel: STAGE_LABEL[stage],
    previewOpenedAt: iso(row?.previewOpenedAt),
    previewOpenedBy: row?.previewOpenedBy ?? null,
    objectionDeadline: iso(row?.objectionDeadline),
    explanationDeadline: iso(row?.explanationDeadline),
    noticeFrom: iso(row?.noticeFrom),
    noticeUntil: iso(row?.noticeUntil),
    objectionsOpen: (stage === "preview" || stage === "notice") && row !== null && now.getTime() <= row.objectionDeadline.getTime(),
    publication,
  };
}

/** A month's stage: as its cycle says, else published or closed (a month published without a preview has no cycle). */
const stageOf = (row: { stage: string } | null | undefined, published: boolean): CycleStage =>
  (row?.stage as CycleStage | undefined) ?? (published ? "published" : "closed");

/**
 * The cycles of the months the center has opened or published, latest first; with `years`, the years too, each
 * before its December (a year's result comes after its last month's).
 */
export async function listCycles(store: Store, now = new Date(), options: { years?: boolean } = {}): Promise<Cycle[]> {
  const [rows, pubs] = await Promise.all([
    store.prisma.assessmentCycle.findMany({ select: { period: true } }),
    store.prisma.publishedResult.findMany({
      where: { supersededAt: null, schedule: options.years ? { in: ["monthly", "yearly"] } : "monthly" },
      select: { period: true },
    }),
  ]);
  const order = (p: string) => (isYear(p) ? `${p}-12~` : p);
  const periods = [...new Set([...rows.map((r) => r.period), ...pubs.map((p) => p.period)])]
    .filter((p) => isMonth(p) || (options.years === true && isYear(p)))
    .sort((a, b) => order(b).localeCompare(order(a)));
  return Promise.all(periods.map((p) => getCycle(store, p, now)));
}

export interface OpenPreviewInput {
  actor: string;
  address?: string | null;
  /** working days objections stay open (default 5) */
  objectionDays?: number;
  /** working days until explanations are due (default 5); refused when a published month is opened again: it keeps its deadline */
  explanationDays?: number;
  /** why a published month is opened again (an objection to look into) */
  reason?: string;
  now?: Date;
}

/**
 * Open a month's results to the units: each sees its own result and may object until the objection deadline.
 * A published month may be opened again (its publication stays in force until it is re-published); that needs a reason,
 * and keeps the month's explanation deadline: an explanation submitted late stays late, one never submitted overdue.
 */
export async function openPreview(store: Store, period: string, input: OpenPreviewInput): Promise<Cycle> {
  assertCyclePeriod(period);
  const now = input.now ?? new Date();
  const current = await getCycle(store, period, now);
  if (current.stage === "preview" || current.stage === "notice") {
    throw new AppError(ErrorCodes.Conflict, `${periodLabel(period)}已处于${current.stageLabel}阶段`, `${period} is already open to the units`);
  }
  const rubric = compileVersion(await versionInForce(store, period));
  assertPeriodBegun(period, periodWindow(rubric, period).window, now);
  // a month without data has no result to show them (every unit at full marks, tied first)
  await assertPeriodHasData(store, rubric, period, "open");
  if (isYear(period)) await assertYearMonthsOpen(store, period, rubric);
  const reopening = current.stage === "published";
  if (reopening && !input.reason?.trim()) {
    throw new AppError(ErrorCodes.BadInput, `${periodLabel(period)}已发布：重新开放异议须填写原因`, `reopening a published period needs a reason`);
  }
  const days = (n: number | undefined, what: string) => {
    const v = n ?? DEFAULT_WORKING_DAYS;
    if (!Number.isInteger(v) || v < 1 || v > 30) throw new AppError(ErrorCodes.BadInput, `${what}应为 1 至 30 个工作日`, `${what} must be 1–30 working days`);
    return v;
  };
  // a published month opened again (to look into an objection) keeps its explanation deadline: the duty to explain
  // (办法五) was due by it, and a new one made a late explanation 已提交 and a missing one 待提交 again (a unit's walk).
  // Only a month published without ever being opened to the units gets its first one now.
  const kept = reopening ? await store.prisma.assessmentCycle.findUnique({ where: { period }, select: { explanationDeadline: true } }) : null;
  if (kept && input.explanationDays !== undefined && !isYear(period)) {
    throw new AppError(
      ErrorCodes.BadInput,
      `重新开放异议不改变${periodLabel(period)}的书面说明期限（截至 ${beijingMinute(kept.explanationDeadline)}），请不要填写书面说明期限；确需延长，可在重新开放后“修改期限”`,
      "reopening a published month keeps its explanation deadline: explanationDays is not taken",
    );
  }
  const calendar = await holidaysFrom(store, now);
  const objectionDeadline = workingDaysAfter(now, days(input.objectionDays, "异议期限"), calendar);
  const explanationDeadline = kept?.explanationDeadline ?? workingDaysAfter(now, days(input.explanationDays, "书面说明期限"), calendar);
  const data = {
    stage: "preview",
    previewOpenedAt: now,
    previewOpenedBy: input.actor,
    objectionDeadline,
    explanationDeadline,
    noticeFrom: null,
    noticeUntil: null,
    updatedBy: input.actor,
  };
  await store.prisma.$transaction([
    store.prisma.assessmentCycle.upsert({ where: { period }, create: { period, ...data }, update: data }),
    store.prisma.auditLog.create({
      data: {
        actor: input.actor,
        action: reopening ? "cycle.reopen" : "cycle.preview",
        entity: "assessment_cycles",
        entityId: period,
        // a year owes no explanation: its deadline (kept, the column wants one) is not said; nor is one a reopening kept
        detail: {
          objectionDeadline: objectionDeadline.toISOString(),
          ...(isYear(period) || kept ? {} : { explanationDeadline: explanationDeadline.toISOString() }),
          reason: input.reason ?? null,
        },
        address: input.address ?? null,
      },
    }),
  ]);
  return getCycle(store, period, now);
}

/**
 * Take back a month opened to the units by mistake (the wrong month chosen), before any unit has acted on it: it is
 * closed again, as if never opened — the units no longer see its result, nor are told of it. Once a unit has raised an
 * objection or written its explanation, or the month has been published, it is not taken back: the center decides
 * what the units sent, and publishes. Needs the reason, audited. (The check and the change are one transaction, on
 * the one writer thread that also stores the units' objections and explanations.)
 */
export async function withdrawPreview(store: Store, period: string, input: { actor: string; reason: string; address?: string | null }): Promise<Cycle> {
  assertCyclePeriod(period);
  const reason = input.reason.trim();
  if (!reason) throw new AppError(ErrorCodes.BadInput, "撤回开放须填写原因", "withdrawing a preview needs a reason");
  await store.prisma.$transaction(async (tx) => {
    const [row, published, objections, withdrawn, explanations] = await Promise.all([
      tx.assessmentCycle.findUnique({ where: { period } }),
      tx.publishedResult.count({ where: { period } }),
      tx.objection.count({ where: { period } }),
      tx.objection.count({ where: { period, status: "withdrawn" } }),
      tx.explanation.count({ where: { period } }),
    ]);
    const stage = stageOf(row, published > 0);
    if (!row || (stage !== "preview" && stage !== "notice")) {
      throw new AppError(ErrorCodes.Conflict, `${periodLabel(period)}现为${STAGE_LABEL[stage]}，没有可撤回的开放`, `${period} is not open to the units`);
    }
    if (published > 0) {
      throw new AppError(
        ErrorCodes.Conflict,
        `${periodLabel(period)}已发布过：重新开放后不能撤回，请处理异议后重新发布`,
        `${period} was published before: a reopening is not withdrawn`,
      );
    }
    // a month the year counts, the year open to the units (or published): its score stays in the year they see
    if (isMonth(period)) {
      const year = period.slice(0, 4);
      const [yearRow, yearPublished] = await Promise.all([
        tx.assessmentCycle.findUnique({ where: { period: year } }),
        tx.publishedResult.count({ where: { period: year } }),
      ]);
      const yearStage = stageOf(yearRow, yearPublished > 0);
      if (yearStage !== "closed") {
        throw new AppError(
          ErrorCodes.Conflict,
          `${periodLabel(year)}已${yearStage === "published" ? "发布" : `向各单位开放（${STAGE_LABEL[yearStage]}）`}，各单位在年度结果中看得到${periodLabel(period)}的得分：不能撤回该月的开放`,
          `the ${year} year is open to the units and counts ${period}: the month's opening is not withdrawn`,
        );
      }
    }
    // an objection raised and withdrawn since is a unit having acted too (its withdrawal is audited under the month),
    // and said so: "2 条异议" with one of them withdrawn read as two waiting (a unit's walk)
    if (objections > 0 || explanations > 0) {
      const raised = objections > 0 ? `${objections} 条异议${withdrawn > 0 ? `（其中 ${withdrawn} 条已撤回）` : ""}` : "";
      const sent = [raised, explanations > 0 ? `${explanations} 份书面说明` : ""].filter(Boolean).join("、");
      throw new AppError(
        ErrorCodes.Conflict,
        `${periodLabel(period)}开放后各单位已提交 ${sent}：不能撤回开放，请处理后发布`,
        `${period} has ${objections} objections (${withdrawn} withdrawn) and ${explanations} explanations: the preview is not withdrawn`,
        { objections, withdrawn, explanations },
      );
    }
    await tx.assessmentCycle.delete({ where: { period } });
    await tx.auditLog.create({
      data: {
        actor: input.actor,
        action: "cycle.withdraw",
        entity: "assessment_cycles",
        entityId: period,
        detail: { reason, openedBy: row.previewOpenedBy, openedAt: row.previewOpenedAt.toISOString(), stage: row.stage },
        address: input.address ?? null,
      },
    });
  });
  return getCycle(store, period);
}

/** Start the notice period (公示) of a month in preview, until the end of a Beijing day. */
export async function startNotice(store: Store, period: string, input: { actor: string; until: string; address?: string | null; now?: Date }): Promise<Cycle> {
  const now = input.now ?? new Date();
  const current = await getCycle(store, period, now);
  if (current.stage !== "preview") {
    throw new AppError(ErrorCodes.Conflict, `只有预览阶段的考核期可以开始公示；${periodLabel(period)}现为${current.stageLabel}`, `${period} is not in preview`);
  }
  const until = endOfBeijingDay(input.until);
  if (until.getTime() < now.getTime()) throw new AppError(ErrorCodes.BadInput, `公示截止日期 ${input.until} 已过`, "the notice period would end in the past");
  assertNotTooFar("公示截止", input.until, until, now);
  await store.prisma.$transaction([
    store.prisma.assessmentCycle.update({ where: { period }, data: { stage: "notice", noticeFrom: now, noticeUntil: until, updatedBy: input.actor } }),
    store.prisma.auditLog.create({
      data: {
        actor: input.actor,
        action: "cycle.notice",
        entity: "assessment_cycles",
        entityId: period,
        detail: { until: until.toISOString() },
        address: input.address ?? null,
      },
    }),
  ]);
  return getCycle(store, period, now);
}

/** Move a month's deadlines (the end of the Beijing days given). */
export async function setDeadlines(
  store: Store,
  period: string,
  input: { actor: string; objectionDeadline?: string; explanationDeadline?: string; address?: string | null; now?: Date },
): Promise<Cycle> {
  const current = await getCycle(store, period, input.now);
  if (current.stage !== "preview" && current.stage !== "notice") {
    throw new AppError(
      ErrorCodes.Conflict,
      `${periodLabel(period)}现为${current.stageLabel}，不能修改期限（请先开放预览）`,
      `${period} is not open to the units`,
    );
  }
  if (input.explanationDeadline && isYear(period)) {
    throw new AppError(ErrorCodes.BadInput, `${periodLabel(period)}没有书面说明，无须设定书面说明期限`, "a year owes no written explanation");
  }
  const data = {
    ...(input.objectionDeadline ? { objectionDeadline: endOfBeijingDay(input.objectionDeadline) } : {}),
    ...(input.explanationDeadline ? { explanationDeadline: endOfBeijingDay(input.explanationDeadline) } : {}),
  };
  // a deadline already past would make every unit late at once (and end their objections): today at the earliest
  const now = input.now ?? new Date();
  for (const [what, whatEn, day, at] of [
    ["异议截止", "objection", input.objectionDeadline, data.objectionDeadline],
    ["书面说明截止", "explanation", input.explanationDeadline, data.explanationDeadline],
  ] as const) {
    if (at && at.getTime() < now.getTime()) {
      throw new AppError(ErrorCodes.BadInput, `${what}日期 ${day} 已过：期限最早可定在今天`, `the ${whatEn} deadline ${day} is past`);
    }
    if (at && day) assertNotTooFar(what, day, at, now);
  }
  await store.prisma.$transaction([
    store.prisma.assessmentCycle.update({ where: { period }, data: { ...data, updatedBy: input.actor } }),
    store.prisma.auditLog.create({
      data: {
        actor: input.actor,
        action: "cycle.deadlines",
        entity: "assessment_cycles",
        entityId: period,
        detail: { from: { objection: current.objectionDeadline, explanation: current.explanationDeadline }, to: JSON.parse(JSON.stringify(data)) },
        address: input.address ?? null,
      },
    }),
  ]);
  return getCycle(store, period, input.now);
}

/** Refuse unless the units may see the month's result (opened to them, or published); the month's cycle. */
export async function assertOpenToUnits(store: Store, period: string): Promise<Cycle> {
  const cycle = await getCycle(store, period);
  if (cycle.stage === "closed") {
    throw new AppError(ErrorCodes.Forbidden, `${periodLabel(period)}的考核结果尚未向各单位开放`, `${period} is not open to the units yet`, {
      permission: "results.read",
    });
  }
  return cycle;
}

/**
 * Refuse unless the units may see what a month's assessment reads: the month itself (its main assessment: what the
 * center opened), and for another assessment every other month its window reaches into — a quarterly assessment asked for in November reads December too, which the units see only
 * once it is opened to them. Without a version in force there is nothing to read (the scoring says so).
 */
export async function assertWindowOpenToUnits(store: Store, period: string, assessment?: string): Promise<void> {
  await assertOpenToUnits(store, period);
  const version = await versionInForce(store, period).catch(() => null);
  if (!version) return;
  let scored: ReturnType<typeof periodWindow>;
  let main: string;
  try {
    const rubric = compileVersion(version);
    scored = periodWindow(rubric, period, assessment);
    main = periodWindow(rubric, period).assessment.name;
  } catch {
    // an assessment the rubric does not rank: the scoring refuses it in its own words
    return;
  }
  const { window, assessment: a } = scored;
  // the month's own result is what the center opened, whatever days its window takes (26th to 25th reads the month before)
  if (a.name === main) return;
  const months: string[] = [];
  const last = shanghaiMonth(window.end - 1);
  for (let month = shanghaiMonth(window.start); month <= last; month = addMonths(month, 1)) if (month !== period) months.push(month);
  if (months.length === 0) return;
  const [month] = await closedAmong(store, months);
  if (month) {
    throw new AppError(
      ErrorCodes.Forbidden,
      `${a.label ?? a.name}的考核期${periodLabel(window.label)}含尚未向各单位开放的${periodLabel(month)}：开放后可查看`,
      `the ${a.name} window ${window.label} reaches into ${month}, not open to the units yet`,
      { permission: "results.read" },
    );
  }
}

/** The months among `months` the units have not been shown: never opened to them, nor published. */
async function closedAmong(store: Store, months: readonly string[]): Promise<string[]> {
  const [rows, pubs] = await Promise.all([
    store.prisma.assessmentCycle.findMany({ where: { period: { in: [...months] } }, select: { period: true, stage: true } }),
    store.prisma.publishedResult.findMany({ where: { period: { in: [...months] }, supersededAt: null }, select: { period: true } }),
  ]);
  return months.filter(
    (month) =>
      stageOf(
        rows.find((r) => r.period === month),
        pubs.some((p) => p.period === month),
      ) === "closed",
  );
}

/**
 * A year is opened to the units once every month its result counts has been (opened or published): the year's result
 * lists each month's score, and a unit would read there a month the center has not shown it nor let it object to. A
 * year that counts no month has no result to show.
 */
async function assertYearMonthsOpen(store: Store, year: string, rubric: CompiledRubric): Promise<void> {
  const { months } = await scorePeriod(store, rubric, year, { evidence: false, dataCutoff: false });
  if (months.length === 0) {
    throw new AppError(
      ErrorCodes.Conflict,
      `${year} 年没有计入年终成绩的月份（无工单数据）：没有可向各单位开放的年度结果`,
      `${year} counts no month: there is no year result to open`,
    );
  }
  const closed = await closedAmong(store, months);
  if (closed.length > 0) {
    throw new AppError(
      ErrorCodes.Conflict,
      `${year} 年度成绩计入的 ${closed.map((m) => `${Number(m.slice(5))}月`).join("、")} 尚未向各单位开放：请先在月度排名页开放或发布这些月份，再开放年度考核结果`,
      `the months ${closed.join(", ")} the ${year} result counts are not open to the units yet`,
      { closed },
    );
  }
}

/**
 * 《投诉动态》, the month's bulletin, as data: what the Word and PDF files print.
 * The rankings are the month's published result (or, before publication, the
 * preview under the version in force, marked as such), per category in the
 * stored category order; the change against last month; the units that owe a
 * written explanation and why; the problems found (the month's events, by
 * type and unit). The issue number, date and lead
 * paragraph are what the administrator saved for the month (bulletin-text.ts),
 * or defaults until then.
 */
import { formatShanghai } from "@kaohe/data";
import { SqlMeasureSource, type Store } from "@kaohe/db";
import { type Adjustment, itemsOf } from "@kaohe/rules-dsl";
import {
  type AssessmentResult,
  addMonths,
  type CompiledRubric,
  eventCountMeasure,
  eventPointsMeasure,
  periodWindow,
  roundHalfUp,
  type UnitResult,
} from "@kaohe/rules-engine";
import { personOf } from "./audit.ts";
import { type BulletinText, getBulletinText } from "./bulletin-text.ts";
import { explanationDuties } from "./explanations.ts";
import { currentPublication, type PublishedResult, publicationFreshness } from "./publication.ts";
import { compileVersion, inForceLookup, versionInForce } from "./rubrics.ts";
import { sanctionReasonTexts } from "./sanction-causes.ts";
import { joiningLeaving, rubricFor } from "./score-views.ts";
import { anyOrderRead, assertPeriodHasData, scorePeriod } from "./scores.ts";
import { getBulletinTitle, getCenterName } from "./settings.ts";

export interface BulletinRow {
  code: string;
  unit: string;
  /** null: not ranked (under the rubric's minimum volume) */
  rank: number | null;
  score: number | null;
  volume: number;
  previousRank: number | null;
  previousScore: number | null;
  /** places gained (positive) or lost since last month; null when either month has no rank, or when not compared */
  rankChange: number | null;
  scoreChange: number | null;
  /**
   * why the unit's change is not compared although both months score it: without a single order the rubric's
   * "when zero" rules give it full marks and a tied place, so a rise to it (or a fall from it) says nothing of its
   * work — the ranking page marks such a unit 本月无工单 too
   */
  notCompared: "本月无工单" | "上月无工单" | null;
  /** 本月无工单, 承办量不足不排名, the sanctions … */
  notes: string[];
}

export interface BulletinGroup {
  group: string;
  /** the category's label in the rubric ("城区街道办事处"), else its name */
  label: string;
  rows: BulletinRow[];
}

export interface BulletinDuty {
  unit: string;
  category: string;
  /** what the rubric asks an explanation for, with the unit's numbers: "超期件数 2" */
  reasons: string[];
  /** 待提交 / 已提交 / 逾期未交 … */
  state: string;
}

/** One unit's events of a type in the month. */
interface BulletinEventUnit {
  unit: string;
  count: number;
  /**
   * what the item deducts for them: the points per occurrence × count, or, when the type alone deducts more than its
   * item can lose (扣完为止), the item's points (甲镇 6 × 2 = 12 on an item of 10: 10)
   */
  points: number;
  /** the points per occurrence × count, whatever the item can lose */
  listed: number;
  /**
   * set when the item's cap bounds the unit's events of the month: the item deducts at most `max`. `shared`: other
   * types deducted in the same item take part in it, so no amount is the type's own (`points` is then `listed`)
   */
  cap: { item: string; max: number; shared: boolean } | null;
}

export interface BulletinEventType {
  type: string;
  label: string;
  count: number;
  /** the units' points added up (each as its item deducts it) */
  points: number;
  /** the assessments that deduct for it ("投诉件办理考核", "综合管理考核") */
  assessments: string[];
  units: BulletinEventUnit[];
}

/** What a month's bulletin and the year's have alike: the masthead, the written part, the publication. */
export interface BulletinHead {
  /** its name: 投诉动态 unless the center named it otherwise (settings.ts) */
  title: string;
  /** "2018年11月", "2018年度" */
  periodText: string;
  /** the center's name (the setting), null while unset */
  issuer: string | null;
  /** the issue of the year's series: 2018年第 N 期 */
  issue: number;
  /** while the issue is not saved: the issue it follows (the latest saved of the year's months before it), null when none */
  issueAfter: { period: string; issue: number } | null;
  /** as saved, else the day of publication, or today for a preview */
  issuedOn: string;
  lead: string;
  /** the lead the data suggests, shown beside the editor */
  defaultLead: string;
  /** who saved the issue, date and lead last, and when; null: defaults */
  saved: { by: string; at: string } | null;
  rubric: { name: string; version: string };
  published: boolean;
  /** "已发布：张三 2018-12-03 10:12" or "未发布（预览）…" */
  status: string;
  /**
   * for a published period whose data changed since (an event imported later, a correction): says so, and what the
   * bulletin prints as published and what as the data is now; null otherwise
   */
  changedSincePublished: string | null;
}

export interface BulletinData extends BulletinHead {
  period: string;
  // changedSincePublished: the snapshot keeps the monthly scores, not the month's events of the yearly checklist, so
  // the events part cannot be printed as it was published
  /**
   * last month and whether the bulletin compares with it. Only a published result is compared with: a bulletin is
   * a public document, and last month's preview may still change (objections, corrections) while the bulletin stays
   * as printed. compared: its published result; unpublished: not published — no comparison, `note` says so;
   * none: nothing to compare with (no rubric in force, or not a single order in the month)
   */
  previous: { period: string; periodText: string; state: "compared" | "unpublished" | "none"; note: string | null };
  totals: { units: number; volume: number; owing: number; events: number; eventUnits: number };
  groups: BulletinGroup[];
  duties: BulletinDuty[];
  events: BulletinEventType[];
}

export const monthText = (period: string) => `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;

/** "2018年12月5日" */
export const dayText = (day: string) => `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

const round2 = (x: number) => roundHalfUp(x, 2);

/**
 * The month's result as published, or the preview under the version in force; with the rubric that scored it.
 * Without a version in force: versionInForce's error (it names the months the rubrics cover).
 */
async function monthResult(store: Store, period: string): Promise<{ result: AssessmentResult; rubric: CompiledRubric; publication: PublishedResult | null }> {
  const publication = await currentPublication(store, period);
  if (publication) return { result: publication.result, rubric: (await rubricFor(store, period, publication.rubricVersionId)).rubric, publication };
  await versionInForce(store, period);
  const { rubric } = await rubricFor(store, period);
  const result = await scorePeriod(store, rubric, period, { evidence: false });
  // a month without data (not published) has no ranking to report: every unit at full marks, tied first
  await assertPeriodHasData(store, rubric, period, "bulletin", result);
  return { result, rubric, publication: null };
}

/**
 * How a unit's place moved against last month's published result (the bulletin's table, the month's XLSX): last
 * month's rank in the same group, the change (up is positive), or why it is not compared (a month without a single
 * order for the unit compares nothing). `p`: the unit in last month's result, if it was in it.
 */
export function rankMove(
  u: UnitResult,
  p: UnitResult | undefined,
): { previousRank: number | null; rankChange: number | null; notCompared: "本月无工单" | "上月无工单" | null; compared: boolean } {
  // a rank compares with last month's in the same group only
  const previousRank = p && p.group === u.group && p.ranked ? p.rank : null;
  const rank = u.ranked ? u.rank : null;
  const notCompared = !p ? null : u.volume === 0 ? "本月无工单" : p.volume === 0 ? "上月无工单" : null;
  const compared = notCompared === null;
  return { previousRank, rankChange: compared && rank !== null && previousRank !== null ? previousRank - rank : null, notCompared, compared };
}

/** Last month's published result to compare with, or why there is none. */
export async function previousMonthCompared(store: Store, period: string): Promise<{ previous: BulletinData["previous"]; result: AssessmentResult | null }> {
  const text = monthText(period);
  const publication = await currentPublication(store, period);
  // a month without a single order ranks everyone alike: nothing to compare with
  if (publication?.result.units.some((u) => u.volume > 0))
    return { previous: { period, periodText: text, state: "compared", note: null }, result: publication.result };
  if (publication) return { previous: { period, periodText: text, state: "none", note: `上月（${text}）无工单数据，本期不作比较。` }, result: null };
  const version = (await inForceLookup(store))(period);
  if (version === null) return { previous: { period, periodText: text, state: "none", note: "上月没有可比较的考核结果。" }, result: null };
  // a month without orders (a county's first month under kaohe) is no result to publish first: nothing to compare with
  if ((await anyOrderRead(store, compileVersion(version), period)) === false)
    return { previous: { period, periodText: text, state: "none", note: `上月（${text}）无工单数据，本期不作比较。` }, result: null };
  return { previous: { period, periodText: text, state: "unpublished", note: `上月（${text}）结果尚未发布，本期不作比较。` }, result: null };
}

/** The categories in their stored order (the order of the ranking page's tabs and the XLSX sheets), any other group after. */
export async function orderedGroupNames(store: Store, groups: Iterable<string>): Promise<string[]> {
  const order = (await store.prisma.category.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], select: { name: true } })).map((c) => c.name);
  const index = (g: string) => {
    const i = order.indexOf(g);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...new Set(groups)].sort((a, b) => index(a) - index(b) || a.localeCompare(b, "zh-CN"));
}

function notesOf(u: UnitResult): string[] {
  return [
    u.volume === 0 ? "本月无工单" : "",
    u.ranked ? "" : "承办量不足，不排名",
    ...u.vetoes,
    // the sanction's label without its parenthesis: the table says what, the explanations part says why
    ...u.sanctions.map((s) => (s.label ?? s.name).replace(/（.*）$/, "")),
    u.band ? `等次：${u.band}` : "",
  ].filter(Boolean);
}

/** Which assessments deduct per each event type (a type only ever added for is a bonus, not a problem). */
function deductingAssessments(rubric: CompiledRubric): Map<string, { deducts: Set<string>; adds: boolean }> {
  const uses = new Map<string, { deducts: Set<string>; adds: boolean }>();
  for (const a of rubric.assessments.values()) {
    const items = a.parts.flatMap(itemsOf);
    for (const adj of items.flatMap((i) => i.adjustments)) {
      if (!adj.per) continue;
      const use = uses.get(adj.per.name) ?? { deducts: new Set<string>(), adds: false };
      if (adj.direction === "deduct") use.deducts.add(a.label ?? a.name);
      else use.adds = true;
      uses.set(adj.per.name, use);
    }
  }
  return uses;
}

interface CappingItem {
  /** the assessment and the item's code: one item whatever type deducts in it */
  key: string;
  label: string;
  /** what its deductions stop at: its base (100 of 十个新突破 before its weight), else its points, less its `at least` */
  max: number;
  /** the item's categories and its section's (`for`): a unit of another is not scored by it */
  categories: string[];
  sectionCategories: string[];
  /**
   * other deductions share the cap (扣 2 每 超期件数, a conditional one, a type's own amount written in the item): no
   * part of what the item deducts is one type's
   */
  withOthers: boolean;
}

/**
 * The items each event type is deducted in without `continuing` (扣完为止): those deductions together stop at the
 * item's base less its floor, as the engine scores a block item (max(floor, b − min(b, stopping) − continuing + added)).
 * An item whose base or floor is not a plain number is left out (its cap is the unit's own), and so are the continuing
 * deductions (不受该项分值限制).
 */
function cappingItems(rubric: CompiledRubric): { found: Map<string, CappingItem[]>; continuing: Set<string> } {
  const found = new Map<string, CappingItem[]>();
  // the types deducted `continuing` in any item: not bounded by it, left as they are
  const continuing = new Set<string>();
  // a deduction of a type's declared points per occurrence, nothing else: what the bulletin lists for the type
  const typesOwn = (adj: Adjustment) =>
    adj.per !== null && adj.amount === null && adj.condition === null && rubric.symbols.global.get(adj.per.name)?.kind === "event";
  for (const a of rubric.assessments.values()) {
    for (const part of a.parts) {
      const sectionCategories = part.kind === "section" ? part.categories : [];
      for (const item of itemsOf(part)) {
        for (const adj of item.adjustments) if (adj.per && adj.continuing) continuing.add(adj.per.name);
        if (item.bonus || item.formula) continue;
        const base = item.base === null ? item.points : item.base.kind === "number" ? item.base.value : null;
        const floor = item.atLeast === null ? 0 : item.atLeast.kind === "number" ? item.atLeast.value : null;
        if (base === null || floor === null) continue;
        const stopping = item.adjustments.filter((adj) => adj.direction === "deduct" && !adj.continuing);
        const capping: CappingItem = {
          key: `${a.name}\u0000${item.code}`,
          label: item.label ?? item.code,
          max: Math.max(0, base - floor),
          categories: item.categories,
          sectionCategories,
          withOthers: stopping.some((adj) => !typesOwn(adj)),
        };
        for (const adj of stopping) if (adj.per) found.set(adj.per.name, [...(found.get(adj.per.name) ?? []), capping]);
      }
    }
  }
  return { found, continuing };
}

/**
 * Each unit's month's points of the types its item caps: a type deducted alone beyond its item's points (甲镇 工单不规范
 * 6 × 2 = 12 in item 2.3 of 10, 扣完为止: the bulletin printed 12.00, which the item cannot lose) counts the item's
 * points; several types of one item beyond it keep their points, marked with what the item deducts at most (no share of
 * it is one type's). Only this month's events are counted: a yearly item's cap bounds the year's total.
 */
function capPoints(rubric: CompiledRubric, perType: Map<string, (BulletinEventUnit & { category: string })[]>): void {
  // a type deducted in more than one item of the unit's category, or continuing in one of them, is left as it is
  const { found: capping, continuing } = cappingItems(rubric);
  const byItem = new Map<string, { item: CappingItem; entries: BulletinEventUnit[] }>();
  for (const [type, units] of perType) {
    if (continuing.has(type)) continue;
    for (const u of units) {
      const of = (categories: string[]) => categories.length === 0 || categories.includes(u.category);
      const items = (capping.get(type) ?? []).filter((i) => of(i.categories) && of(i.sectionCategories));
      const [item] = items;
      if (!item || items.length > 1) continue;
      const key = `${u.unit}\u0000${item.key}`;
      const at = byItem.get(key) ?? { item, entries: [] };
      at.entries.push(u);
      byItem.set(key, at);
    }
  }
  for (const { item, entries } of byItem.values()) {
    const total = entries.reduce((s, e) => s + e.listed, 0);
    if (total <= item.max) continue;
    const shared = entries.length > 1 || item.withOthers;
    for (const e of entries) {
      e.cap = { item: item.label, max: item.max, shared };
      if (!shared) e.points = round2(item.max);
    }
  }
}

/**
 * The month's problems: every event of the month's events population (办法四（一）: the comprehensive management's
 * problems too, reported in the month and counted at the year's end), by type in the rubric's order and by unit,
 * with the points the rubric gives them; types the rubric only adds for (bonuses) are left out.
 */
async function eventsOf(store: Store, result: AssessmentResult, rubric: CompiledRubric, groups: string[]): Promise<BulletinEventType[]> {
  const uses = deductingAssessments(rubric);
  const types = [...rubric.plan.eventPoints.keys()].filter((t) => !(uses.get(t)?.adds && uses.get(t)?.deducts.size === 0));
  const wanted = new Set(types.flatMap((t) => [eventCountMeasure(t), eventPointsMeasure(t)]));
  const { window, asOf } = periodWindow(rubric, result.period);
  const units = [...result.units].sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group) || (a.rank ?? 1e9) - (b.rank ?? 1e9));
  const values = await new SqlMeasureSource(store.raw).compute(
    { ...rubric.plan, measures: rubric.plan.measures.filter((m) => wanted.has(m.name)) },
    { window, asOf, units: units.map((u) => u.unit.code), evidence: false },
  );
  const perType = new Map<string, (BulletinEventUnit & { category: string })[]>();
  for (const type of types) {
    const declared = rubric.plan.eventPoints.get(type) ?? null;
    const perUnit = units
      .map((u) => {
        const count = values.value(u.unit.code, eventCountMeasure(type)) ?? 0;
        // points recorded per event, or the type's declared points per occurrence
        const points = round2(declared === null ? (values.value(u.unit.code, eventPointsMeasure(type)) ?? 0) : declared * count);
        return { unit: u.unit.name, category: u.unit.category, count, points, listed: points, cap: null };
      })
      .filter((x) => x.count > 0);
    if (perUnit.length > 0) perType.set(type, perUnit);
  }
  capPoints(rubric, perType);
  const list: BulletinEventType[] = [];
  for (const [type, entries] of perType) {
    const perUnit = entries.map(({ category: _, ...u }) => u);
    const sym = rubric.symbols.global.get(type);
    list.push({
      type,
      label: (sym?.kind === "event" ? sym.decl.label : null) ?? type,
      count: perUnit.reduce((s, x) => s + x.count, 0),
      points: round2(perUnit.reduce((s, x) => s + x.points, 0)),
      assessments: [...(uses.get(type)?.deducts ?? [])],
      units: perUnit,
    });
  }
  return list;
}

/**
 * What a published month's bulletin says when the data changed after publication (the check the ranking page and the
 * year's XLSX make: publicationFreshness): the rankings are the published ones, the events are listed as the data is
 * now (December's bulletin, re-downloaded after an event of 12-28 was imported, listed 7 events under 已发布 where 6
 * were published: a year-end walk). Null while the data is as published.
 */
async function changedSince(store: Store, period: string): Promise<string | null> {
  const fresh = await publicationFreshness(store, period);
  if (!fresh || fresh.dataUnchanged) return null;
  const scores = fresh.differences.length > 0 ? `按当前数据${fresh.differences.length}个单位的得分或名次与发布时不同` : "按当前数据各单位的得分与名次不变";
  return `发布后数据有变动（${scores}）：排名、得分为发布时的结果，“发现的问题”按当前数据列出，可能与发布时不同。`;
}

/** The lead the month's numbers suggest (the editor starts from it): counts, first places, owing units, events. */
export function defaultLead(
  d: Omit<BulletinData, "lead" | "defaultLead" | "saved" | "issue" | "issueAfter" | "issuedOn" | "changedSincePublished">,
  /** the units first assessed this month, and those no longer (起始月份, 截止月份): the ranks beside them moved for it */
  changing: readonly { name: string; change: "joins" | "leaves" | "part" }[] = [],
): string {
  const parts: string[] = [];
  const counts = d.groups.map((g) => `${g.label}${g.rows.length}个`).join("、");
  parts.push(`${d.periodText}，参加考核的${d.totals.units}个责任单位（${counts}）共承办工单${d.totals.volume}件。`);
  const joined = changing.filter((u) => u.change === "joins").map((u) => u.name);
  const left = changing.filter((u) => u.change === "leaves").map((u) => u.name);
  if (joined.length) parts.push(`${joined.join("、")}自本月起参加考核。`);
  if (left.length) parts.push(`${left.join("、")}自本月起不再参加考核，名次变化按本月参加考核的单位计。`);
  const firsts = d.groups.flatMap((g) => {
    const [only] = g.rows;
    // a category of one unit has no first place to name: its score is said (城区街道办事处第一名为… of its one unit: a review)
    // and of one without a single order, that it had none: its full marks are the rubric's "when zero" rules, not a
    // month's good work (城区街道办事处仅1个单位（东城街道），得分100.00分 of a street office without orders: a review)
    if (g.rows.length === 1 && only) {
      if (only.volume === 0) return [`${g.label}仅1个单位（${only.unit}），本月无工单`];
      return only.score === null ? [] : [`${g.label}仅1个单位（${only.unit}），得分${only.score.toFixed(2)}分`];
    }
    const top = g.rows.filter((r) => r.rank === 1);
    return top.length > 0 ? [`${g.label}第一名为${top.map((r) => r.unit).join("、")}（${top[0]?.score?.toFixed(2)}分）`] : [];
  });
  if (firsts.length) parts.push(`按《${d.rubric.name}》考核，${firsts.join("，")}。`);
  parts.push(d.totals.owing > 0 ? `${d.totals.owing}个单位须书面说明情况。` : "本月没有须书面说明情况的单位。");
  if (d.totals.events > 0) parts.push(`查实考核事件${d.totals.events}起，涉及${d.totals.eventUnits}个单位。`);
  parts.push("现将考核情况通报如下。");
  return parts.join("");
}

/**
 * The latest bulletin saved for an earlier month of the same year (its issue, the next one's default), or null; for a
 * year ("2018"), the latest of its months (the year's bulletin follows them).
 */
export async function issueBefore(store: Store, period: string): Promise<{ period: string; issue: number } | null> {
  const year = period.slice(0, 4);
  return store.prisma.bulletin.findFirst({
    where: { period: period === year ? { gte: `${year}-01`, lte: `${year}-12` } : { gte: `${year}-01`, lt: period } },
    orderBy: { period: "desc" },
    select: { period: true, issue: true },
  });
}

/** The bulletin of a month; `now` decides the default date while none is saved. */
export async function bulletinData(store: Store, period: string, now = new Date()): Promise<BulletinData> {
  const { result, rubric, publication } = await monthResult(store, period);
  const [previous, duties, saved, issuer, title] = await Promise.all([
    previousMonthCompared(store, addMonths(period, -1)),
    explanationDuties(store, period),
    getBulletinText(store, period),
    getCenterName(store),
    getBulletinTitle(store),
  ]);
  const before = new Map(previous.result?.units.map((u) => [u.unit.code, u]) ?? []);
  const groupNames = await orderedGroupNames(
    store,
    result.units.map((u) => u.group),
  );
  const labels = new Map(rubric.categories.map((c) => [c.name, c.label ?? c.name]));
  const groups: BulletinGroup[] = groupNames.map((group) => ({
    group,
    label: labels.get(group) ?? group,
    rows: result.units
      .filter((u) => u.group === group)
      .map((u): BulletinRow => {
        const p = before.get(u.unit.code);
        const rank = u.ranked ? u.rank : null;
        // a month without a single order for the unit compares nothing: the change is left out, and said why
        const { previousRank, rankChange, notCompared, compared } = rankMove(u, p);
        return {
          code: u.unit.code,
          unit: u.unit.name,
          rank,
          score: u.published,
          volume: u.volume,
          previousRank,
          previousScore: p?.published ?? null,
          rankChange,
          scoreChange: compared && u.published !== null && p?.published != null ? round2(u.published - p.published) : null,
          notCompared,
          notes: [...notesOf(u), ...(notCompared === "上月无工单" ? [notCompared] : [])],
        };
      }),
  }));
  const owing = duties.filter((d) => d.owedNow);
  const events = await eventsOf(store, result, rubric, groupNames);
  const changedSincePublished = publication ? await changedSince(store, period) : null;
  const base = {
    title,
    period,
    periodText: monthText(period),
    issuer,
    rubric: result.rubric,
    published: publication !== null,
    status: publicationStatus(publication),
    changedSincePublished,
    previous: previous.previous,
    totals: {
      units: result.units.length,
      volume: result.units.reduce((s, u) => s + u.volume, 0),
      owing: owing.length,
      events: events.reduce((s, e) => s + e.count, 0),
      eventUnits: new Set(events.flatMap((e) => e.units.map((u) => u.unit))).size,
    },
    groups,
    duties: owing.map((d) => ({
      unit: d.unit.name,
      // the category as the bulletin's headings call it (城区街道办事处, not 街道 beside them; found by a helper)
      category: labels.get(d.unit.category) ?? d.unit.category,
      reasons: sanctionReasonTexts(d.reasons),
      state: d.stateLabel,
    })),
    events,
  };
  const suggested = defaultLead(base, await joiningLeaving(store, rubric, period));
  const after = saved ? null : await issueBefore(store, period);
  return {
    ...base,
    // 期号 is the year's issue (2018年第N期). The regulation has the ranking in 当月《投诉动态》 (办法四（一）, 五: 每月排名通报):
    // a bulletin a month, so a center issuing it since January is at 第N期 in month N, the default while the year has
    // no issue saved. Once one is saved, the next follows it: a center that began in August (a new county's first
    // bulletin read 第8期) or issued an extra number goes on from its own count.
    ...writtenPart(saved, after, {
      issue: after ? after.issue + 1 : Number(period.slice(5, 7)),
      issuedOn: formatShanghai((publication?.publishedAt ?? now).getTime(), "date"),
      lead: suggested,
    }),
  };
}

/**
 * A bulletin's written part as it prints: what the center saved for its period, else the defaults (the issue after
 * `after`'s, the day, the lead the data suggests), with what the editor shows beside it.
 */
export function writtenPart(
  saved: BulletinText | null,
  after: { period: string; issue: number } | null,
  defaults: { issue: number; issuedOn: string; lead: string },
): Pick<BulletinHead, "issue" | "issueAfter" | "issuedOn" | "lead" | "defaultLead" | "saved"> {
  return {
    issue: saved?.issue ?? defaults.issue,
    issueAfter: saved ? null : after,
    issuedOn: saved?.issuedOn ?? defaults.issuedOn,
    lead: saved?.lead ?? defaults.lead,
    defaultLead: defaults.lead,
    saved: saved ? { by: saved.updatedBy, at: saved.updatedAt.toISOString() } : null,
  };
}

/** "已发布：张三 2018-12-03 10:12", or the preview's caution. */
export function publicationStatus(publication: { publishedBy: string; publishedAt: Date } | null): string {
  return publication
    ? `已发布：${personOf(publication.publishedBy)} ${formatShanghai(publication.publishedAt.getTime(), "minute")}`
    : "未发布（预览），结果在发布前可能因异议处理、数据更正而变化";
}

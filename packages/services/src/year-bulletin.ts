/**
 * The year's 《投诉动态》 (年度考核结果通报), as data: what its Word and PDF files print, by the month's machinery
 * (bulletin.ts: the categories in their stored order, the rubric's labels, the published result or the marked
 * preview). The year-end score and rank per category with its parts as the rubric's year-end assessment defines them
 * (桓台 2017: 投诉件办理考核（月度平均，占80%）, 综合管理考核（占20%）), and each yearly checklist's deductions and
 * additions (办法四（一）: reported month by month, counted at the year's end) with what is behind them: who, for
 * which event or which unmet requirement, how many times and points. Generic to the rubric: another county's
 * year-end has other parts and other items. The issue number, the date and the lead paragraph are what the
 * administrator saved for the year (bulletin-text.ts, the Bulletin row under "2018"), as a month's are, or defaults.
 */
import { formatShanghai } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import { type Adjustment, type AssessmentPart, type Expr, type ItemDecl, itemsOf } from "@kaohe/rules-dsl";
import { type AdjustmentResult, type AssessmentResult, type CompiledRubric, type ItemResult, roundHalfUp, type UnitResult } from "@kaohe/rules-engine";
import { type BulletinHead, issueBefore, orderedGroupNames, publicationStatus, writtenPart } from "./bulletin.ts";
import { getBulletinText } from "./bulletin-text.ts";
import { currentPublication, publicationFreshness } from "./publication.ts";
import { rubricFor } from "./score-views.ts";
import { assertPeriodHasData, scorePeriod } from "./scores.ts";
import { getBulletinTitle, getCenterName } from "./settings.ts";

const round2 = (x: number) => roundHalfUp(x, 2);

export interface YearBulletinRow {
  code: string;
  unit: string;
  /** null: not ranked (under the rubric's minimum volume) */
  rank: number | null;
  score: number | null;
  volume: number;
  /** the year-end assessment's items (its parts), in the order of `YearBulletinData.parts`; null: not applicable */
  parts: (number | null)[];
  notes: string[];
}

export interface YearBulletinGroup {
  group: string;
  /** the category's label in the rubric, else its name */
  label: string;
  rows: YearBulletinRow[];
}

/** One adjustment behind an item's score: an event type counted, or a requirement not met. */
export interface YearBulletinReason {
  /** the event type's label, or 未满足“成立领导小组” for a condition */
  text: string;
  count: number | null;
  countUnit: "件" | "次" | null;
  /** 扣 or 加: an item may do both (deduct per 知识库未更新, add 1 per 主动协调解决), each reason says its own */
  direction: "deduct" | "add";
  points: number;
  /** deducted beyond the item's points (继续从总分中扣分) */
  continuing: boolean;
}

/** One unit's deductions (or additions) in one item of a yearly checklist. */
export interface YearBulletinEntry {
  unit: string;
  /** the category as the rubric labels it */
  category: string;
  /** "二 运行机制 2.3 按要求进行工单办理" */
  item: string;
  reasons: YearBulletinReason[];
  /** the reasons' points added up in the entry's direction: an item's additions taken off its deductions */
  listed: number;
  /** what the item deducted (its points less its score) or added (a bonus item's score): the bounds applied */
  points: number;
  /** the item's points: a deduction that stops at them (扣完为止), a bonus capped at them */
  max: number;
  /**
   * What made `points` differ from `listed` (a review: a weighted or floored item's difference was put down to its
   * points): the item's weight when not 1 (base 100, 权重 10%: 6 listed, 0.6 deducted), its floor when it held the item
   * up (at least 1), and whether its points bound (deductions beyond its base stopped, additions over its points or a
   * bonus's cap cut). Read from the rubric where the weight, base and floor are numbers; an expression there (rare)
   * leaves weight and floor null and `capped` true whenever the figures differ, as before.
   */
  weight: number | null;
  floor: number | null;
  capped: boolean;
}

export interface YearBulletinChecklist {
  name: string;
  label: string;
  /** the weight the year-end gives it, when one of its items is that checklist times a share ("占20%"), else null */
  part: string | null;
  deductions: YearBulletinEntry[];
  bonuses: YearBulletinEntry[];
}

export interface YearBulletinData extends BulletinHead {
  year: string;
  /** the year-end assessment's label (年终考核成绩) */
  assessment: string;
  /** the months the year counts ("2018-01" …) */
  months: string[];
  /** the year-end assessment's items, as the rubric labels them, with their points */
  parts: { code: string; label: string; max: number }[];
  totals: { units: number; volume: number };
  groups: YearBulletinGroup[];
  checklists: YearBulletinChecklist[];
}

export const yearText = (year: string) => `${year}年度`;

/** "1月至12月（共12个月）", "3月、5月…" when not consecutive, "无" without months. */
export function monthsText(months: readonly string[]): string {
  if (months.length === 0) return "无";
  const numbers = months.map((m) => Number(m.slice(5, 7)));
  const consecutive = numbers.every((n, i) => i === 0 || n === (numbers[i - 1] ?? 0) + 1);
  const list = consecutive && numbers.length > 2 ? `${numbers[0]}月至${numbers.at(-1)}月` : numbers.map((n) => `${n}月`).join("、");
  return `${list}（共${months.length}个月）`;
}

function notesOf(u: UnitResult): string[] {
  return [
    u.volume === 0 ? "全年无工单" : "",
    u.ranked ? "" : "承办量不足，不排名",
    ...u.vetoes,
    u.band ? `等次：${u.band}` : "",
    u.unit.fromMonth ? `自${Number(u.unit.fromMonth.slice(5, 7))}月起参加考核` : "",
    u.unit.untilMonth ? `截至${Number(u.unit.untilMonth.slice(5, 7))}月参加考核` : "",
  ].filter(Boolean);
}

/** What an adjustment is for, in words: the event type's label, or the requirement its condition reads. */
function reasonText(rubric: CompiledRubric, adj: Adjustment, r: AdjustmentResult): string {
  const labelOf = (name: string) => {
    const sym = rubric.symbols.global.get(name);
    return (sym?.kind === "event" || sym?.kind === "fact" ? sym.decl.label : null) ?? name;
  };
  if (adj.per) return labelOf(adj.per.name);
  const c = adj.condition;
  if (c?.kind === "unary" && c.op === "not" && c.operand.kind === "name") return `未满足“${labelOf(c.operand.name)}”`;
  return r.rule;
}

/** Whether an expression reads `name` (the year-end item 20% × 综合管理 reads the checklist 综合管理). */
function reads(e: unknown, name: string): boolean {
  if (e === null || typeof e !== "object") return false;
  if (Array.isArray(e)) return e.some((x) => reads(x, name));
  const o = e as Record<string, unknown>;
  if (o.kind === "name" && o.name === name) return true;
  return Object.entries(o).some(([k, v]) => k !== "range" && reads(v, name));
}

/**
 * What bound a block item's score, worked out as the engine scores it (items.ts, blockItem; the manual §3.14):
 *   S, C, A = the deductions that stop at the base, the continuing ones, the additions;
 *   raw = max(floor, base − min(base, S) − C + A); score = min(points, raw × weight); a bonus: min(cap, A).
 */
function boundsOf(decl: ItemDecl, item: ItemResult, differs: boolean): Pick<YearBulletinEntry, "weight" | "floor" | "capped"> {
  const number = (e: Expr | null, otherwise: number | null): number | null | undefined => (e === null ? otherwise : e.kind === "number" ? e.value : undefined);
  const base = number(decl.base, item.max);
  const weight = number(decl.weight, 1);
  const floor = number(decl.atLeast, null);
  if (base == null || weight == null || floor === undefined) return { weight: null, floor: null, capped: differs };
  const sum = (keep: (r: AdjustmentResult) => boolean) => item.adjustments.filter(keep).reduce((s, r) => s + r.points, 0);
  const added = sum((r) => r.direction === "add");
  if (item.bonus) return { weight: null, floor: null, capped: added > item.max };
  const stopping = sum((r) => r.direction === "deduct" && !r.continuing);
  const unfloored = base - Math.min(base, stopping) - sum((r) => r.direction === "deduct" && r.continuing) + added;
  const floored = floor !== null && floor > unfloored;
  const raw = floored ? floor : unfloored;
  return { weight: weight === 1 ? null : weight, floor: floored ? floor : null, capped: stopping > base || raw * weight > item.max };
}

/** "二 运行机制 2.3 按要求进行工单办理": the item with its section, as the rubric names them. */
function itemName(part: AssessmentPart, item: ItemResult): string {
  const section = part.kind === "section" ? [part.code, part.label].filter(Boolean).join(" ") : "";
  return [section, item.code, item.label].filter(Boolean).join(" ");
}

/**
 * A yearly checklist's deductions and additions, unit by unit in the groups' order and rank, item by item in the
 * rubric's order: only the items something moved.
 */
async function checklistOf(
  store: Store,
  rubric: CompiledRubric,
  year: string,
  name: string,
  order: (u: UnitResult) => number,
  labels: Map<string, string>,
): Promise<Pick<YearBulletinChecklist, "deductions" | "bonuses">> {
  const decl = rubric.assessments.get(name);
  // its warnings unread (the year's own are the bulletin's): the data's end, a pass over each month's orders, not looked for
  const result = await scorePeriod(store, rubric, year, { assessment: name, evidence: false, dataCutoff: false });
  const deductions: YearBulletinEntry[] = [];
  const bonuses: YearBulletinEntry[] = [];
  const parts = new Map<string, { part: AssessmentPart; decl: ItemDecl; adjustments: Adjustment[] }>();
  for (const part of decl?.parts ?? []) for (const item of itemsOf(part)) parts.set(item.code, { part, decl: item, adjustments: item.adjustments });
  for (const u of [...result.units].sort((a, b) => order(a) - order(b))) {
    for (const item of u.items) {
      const at = parts.get(item.code);
      if (!at || item.published === null) continue;
      const reasons = item.adjustments.flatMap((r, i): YearBulletinReason[] => {
        const adj = at.adjustments[i];
        if (!adj || r.points === 0) return [];
        return [
          {
            text: reasonText(rubric, adj, r),
            count: r.count,
            countUnit: r.countUnit ?? null,
            direction: r.direction,
            points: round2(r.points),
            continuing: r.continuing,
          },
        ];
      });
      if (reasons.length === 0) continue;
      const sign = (direction: "deduct" | "add") => ((direction === "add") === item.bonus ? 1 : -1);
      const listed = round2(reasons.reduce((s, r) => s + sign(r.direction) * r.points, 0));
      const points = round2(item.bonus ? item.published : item.max - item.published);
      const entry = {
        unit: u.unit.name,
        category: labels.get(u.unit.category) ?? u.unit.category,
        item: itemName(at.part, item),
        reasons,
        listed,
        points,
        max: item.max,
        ...boundsOf(at.decl, item, listed !== points),
      };
      if (item.bonus) bonuses.push(entry);
      else deductions.push(entry);
    }
  }
  return { deductions, bonuses };
}

/** The lead the year's numbers suggest: the units, the parts, the first places, the checklist's deductions and additions. */
function yearLead(d: Omit<YearBulletinData, "lead" | "defaultLead" | "saved" | "issue" | "issueAfter">): string {
  const parts: string[] = [];
  const counts = d.groups.map((g) => `${g.label}${g.rows.length}个`).join("、");
  // a year with no unit or no month counted yet says so, not "（）" and "计入无" (a review)
  const units =
    d.totals.units > 0 ? `参加考核的${d.totals.units}个责任单位${counts ? `（${counts}）` : ""}共承办工单${d.totals.volume}件` : "没有参加考核的责任单位";
  const months = d.months.length > 0 ? `计入年终成绩的月份为${monthsText(d.months)}` : "本年度还没有计入年终成绩的月份";
  parts.push(`${d.periodText}，${units}，${months}。`);
  if (d.parts.length > 0) parts.push(`按《${d.rubric.name}》，${d.assessment}由${d.parts.map((p) => p.label).join("、")}组成。`);
  const firsts = d.groups.flatMap((g) => {
    const top = g.rows.filter((r) => r.rank === 1);
    if (g.rows.length === 1 && g.rows[0]?.score != null) return [`${g.label}仅1个单位（${g.rows[0].unit}），得分${g.rows[0].score.toFixed(2)}分`];
    return top.length > 0 ? [`${g.label}第一名为${top.map((r) => r.unit).join("、")}（${top[0]?.score?.toFixed(2)}分）`] : [];
  });
  if (firsts.length) parts.push(`${firsts.join("，")}。`);
  for (const c of d.checklists) {
    const deducted = new Set(c.deductions.map((e) => e.unit)).size;
    const added = new Set(c.bonuses.map((e) => e.unit)).size;
    parts.push(`${c.label}中，${deducted}个单位有扣分，${added}个单位获得加分。`);
  }
  parts.push("现将考核结果通报如下。");
  return parts.join("");
}

/** The year's bulletin: the published year-end result, else the preview under the version in force, marked so. */
export async function yearBulletinData(store: Store, year: string, now = new Date()): Promise<YearBulletinData> {
  const publication = await currentPublication(store, year);
  const { rubric } = await rubricFor(store, year, publication?.rubricVersionId);
  const result: AssessmentResult = publication ? publication.result : await scorePeriod(store, rubric, year, { evidence: false });
  // a year none of whose months has data (not published) has no ranking to give: every unit at full marks, tied first
  if (!publication) await assertPeriodHasData(store, rubric, year, "yearBulletin", result);
  const [issuer, title, saved] = await Promise.all([getCenterName(store), getBulletinTitle(store), getBulletinText(store, year)]);
  const labels = new Map(rubric.categories.map((c) => [c.name, c.label ?? c.name]));
  const groupNames = await orderedGroupNames(
    store,
    result.units.map((u) => u.group),
  );
  const partItems = result.units[0]?.items ?? [];
  const parts = partItems.map((i) => ({ code: i.code, label: i.label ?? i.code, max: i.max }));
  const groups: YearBulletinGroup[] = groupNames.map((group) => ({
    group,
    label: labels.get(group) ?? group,
    rows: result.units
      .filter((u) => u.group === group)
      .map((u) => ({
        code: u.unit.code,
        unit: u.unit.name,
        rank: u.ranked ? u.rank : null,
        score: u.published,
        volume: u.volume,
        parts: parts.map((p) => u.items.find((i) => i.code === p.code)?.published ?? null),
        notes: notesOf(u),
      })),
  }));
  // the checklists' units in the order of the rankings: by category, then by rank
  const place = new Map(groups.flatMap((g, gi) => g.rows.map((r, ri) => [r.code, gi * 100_000 + ri] as const)));
  const order = (u: UnitResult) => place.get(u.unit.code) ?? Number.MAX_SAFE_INTEGER;
  const checklists: YearBulletinChecklist[] = [];
  const yearDecl = rubric.assessments.get(result.assessment.name);
  for (const a of rubric.assessments.values()) {
    if (a.schedule !== "yearly" || a.name === result.assessment.name) continue;
    const label = a.label ?? a.name;
    // the year-end's item that takes it ("综合管理考核（占20%）"): its label says its share
    const feeds = yearDecl?.parts.flatMap(itemsOf).find((i) => reads(i.formula, a.name));
    checklists.push({ name: a.name, label, part: feeds?.label ?? null, ...(await checklistOf(store, rubric, year, a.name, order, labels)) });
  }
  let changedSincePublished: string | null = null;
  if (publication) {
    const fresh = await publicationFreshness(store, year);
    if (fresh && !fresh.dataUnchanged)
      changedSincePublished = `发布后数据有变动（${
        fresh.differences.length > 0 ? `按当前数据${fresh.differences.length}个单位的得分或名次与发布时不同` : "按当前数据各单位的得分与名次不变"
      }）：排名、得分为发布时的结果，扣分与加分情况按当前数据列出，可能与发布时不同。`;
  }
  const base = {
    title,
    year,
    periodText: yearText(year),
    issuer,
    issuedOn: formatShanghai((publication?.publishedAt ?? now).getTime(), "date"),
    rubric: result.rubric,
    assessment: result.assessment.label ?? result.assessment.name,
    published: publication !== null,
    status: publicationStatus(publication),
    changedSincePublished,
    months: [...result.months],
    parts,
    totals: { units: result.units.length, volume: result.units.reduce((s, u) => s + u.volume, 0) },
    groups,
    checklists,
  };
  const suggested = yearLead(base);
  const after = saved ? null : await issueBefore(store, year);
  return {
    ...base,
    // the year's bulletin goes on from the months' series (2018年第N期): after the latest month saved, else after
    // December's default (第12期, a bulletin a month since January: bulletin.ts), as the center may set otherwise
    ...writtenPart(saved, after, { issue: after ? after.issue + 1 : 13, issuedOn: base.issuedOn, lead: suggested }),
  };
}

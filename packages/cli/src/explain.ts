/** `kaohe explain`: one unit's score item by item, down to the records behind each point. */
import { assessedMonthsText, type Dataset, type HotlineEvent, type Order, outsideAssessedMonths, type Unit } from "@kaohe/data";
import { EVIDENCE_LIMIT, listsAllRecords } from "@kaohe/data/limits";
import { type AssessmentResult, asOfText, formatLocal, type ItemResult, type UnitResult } from "@kaohe/rules-engine";
import { adjustmentListed, describeAdjustment } from "@kaohe/services/adjustment-text";
import { lostRecords, lostText } from "@kaohe/services/lost-records";
import { lostOfOutOf, referencedTitle, takenAlone } from "@kaohe/services/referenced-text";
import { formatShanghai } from "@kaohe/time";
import { CliError } from "./errors.ts";
import { decimalsOf, table, unrankedNote, windowText } from "./render.ts";

/** The unit's result, or why it has none: `known` is the unit as the data has it (a unit not assessed in the period is). */
export function findUnit(r: AssessmentResult, name: string, known?: Unit): UnitResult {
  const u = r.units.find((x) => x.unit.name === name || x.unit.code === name);
  if (!u) {
    if (known && outsideAssessedMonths(known, r.period)) {
      throw new CliError(
        `单位“${known.name}”${assessedMonthsText(known)}，${r.period} 不在其考核期内，没有得分 / unit ${known.name} is not assessed in ${r.period} (from ${known.fromMonth ?? "-"} to ${known.untilMonth ?? "-"})`,
      );
    }
    for (const w of r.warnings) {
      if (w.code !== "undeclared-category") continue;
      const left = w.units.find((x) => x.name === name || x.code === name);
      if (left) {
        throw new CliError(
          `单位“${left.name}”的类别“${w.category}”未在规则中声明，未计分：请在规则中声明这个类别（category ${w.category}） / unit ${left.name} is of category ${w.category}, which the rubric does not declare: not scored`,
        );
      }
    }
    const close = r.units.filter((x) => x.unit.name.includes(name) || name.includes(x.unit.name)).map((x) => x.unit.name);
    throw new CliError(`没有名为“${name}”的单位${close.length ? `（是否是：${close.join("、")}？）` : ""} / no unit named ${name}`);
  }
  return u;
}

const fmt = (ms: number | null) => (ms === null ? "" : formatLocal(ms));

export function orderRows(ids: readonly string[], orders: Map<string, Order>): string[][] {
  return ids.map((id) => {
    const o = orders.get(id);
    if (!o) return [id, "", "", "", "", ""];
    return [
      id,
      o.source,
      fmt(o.receivedAt),
      // as imported: the rubric's own deadline, when it works one out, is its field's column (RubricColumns)
      `${formatShanghai(o.dueAt, "deadline")}${o.extendedTo !== null ? `，延期至 ${formatShanghai(o.extendedTo, "deadline")}` : ""}`,
      o.closedAt === null ? "未办结" : fmt(o.closedAt),
      [
        // as the console's drill-down says it (an order behind 退单率 showed nothing: another district's walk)
        o.returned ? (o.returnAccepted ? "回退（已认可）" : "回退") : "",
        o.delayExcused ? "超期说明已认可" : "",
        o.rebound ? "反弹" : "",
        o.redoCount ? `重办${o.redoCount}次` : "",
        o.visited ? `回访：${o.processSatisfaction ?? "—"}/${o.resultSatisfaction ?? "—"}` : "",
      ]
        .filter(Boolean)
        .join("，"),
    ];
  });
}

function eventRows(ids: readonly string[], events: Map<string, HotlineEvent>): string[][] {
  return ids.map((id) => {
    const e = events.get(id);
    if (!e) return [id, "", "", "", "", ""];
    return [
      id,
      fmt(e.date),
      e.type,
      String(e.count),
      e.points === null ? "" : String(e.points),
      [e.orderId ? `关联工单 ${e.orderId}` : "", e.note ?? ""].filter(Boolean).join("，"),
    ];
  });
}

const LIMIT = 50;

/** The rubric's own fields of orders and of events (有效时限, 超期 …) as columns after the imported ones: what it read of each record. */
export type RubricColumns = Record<"orders" | "events", { headings: string[]; cells: (record: unknown) => string[] }>;

function records(ids: readonly string[], kind: "orders" | "events", data: Dataset, own: RubricColumns): string {
  if (ids.length === 0) return "";
  const shown = ids.slice(0, LIMIT);
  const orders = new Map(data.orders.map((o) => [o.id, o]));
  const events = new Map(data.events.map((e) => [e.id, e]));
  const { headings, cells } = own[kind];
  const withOwn = (rows: string[][], of: Map<string, unknown>) =>
    rows.map((row, i) => {
      const record = of.get(shown[i] as string);
      return [...row, ...(record ? cells(record) : headings.map(() => ""))];
    });
  const t =
    kind === "orders"
      ? table(["工单编号", "来源", "受理时间", "办理时限", "办结时间", "情况", ...headings], withOwn(orderRows(shown, orders), orders))
      : table(["事件编号", "日期", "事件类型", "次数", "分值", "说明", ...headings], withOwn(eventRows(shown, events), events));
  // a list cut at EVIDENCE_LIMIT does not know how many more there are
  const more = ids.length > LIMIT ? `\n…… 另有 ${listsAllRecords({ records: ids }) ? `${ids.length - LIMIT} 条` : `${ids.length - LIMIT} 条以上`}` : "";
  return `${t.replace(/^/gm, "      ")}${more}`;
}

/** An item's or a section's code and its label, or the code alone (an item without a label read "按期 ：32.00"). */
const named = (code: string, label: string | null | undefined) => (label ? `${code} ${label}` : code);

function explainItem(i: ItemResult, data: Dataset, digits: number, own: RubricColumns): string {
  const out = [
    `■ ${i.section ? `${named(i.section.code, i.section.label)} · ` : ""}${named(i.code, i.label)}：${i.published === null ? "不适用" : i.published.toFixed(digits)} / ${i.max}${i.bonus ? "（加分上限）" : ""}`,
  ];
  out.push(`    规则：${i.formula}`);
  out.push(`    计算：${i.substituted}`);
  for (const reason of i.reasons) out.push(`    说明：${reason}`);
  for (const w of i.warnings) out.push(`    提示：${w}`);
  // The records that cost points, by the role the formula gives each count (the engine's measureRoles): a rate's
  // numerator when the rate costs (超期件数), or its denominator's records outside the numerator when the rate earns
  // (工单数 not among 办结件数); a count subtracted as it is (2 × 超期件数). A count with no such role (承办量 read by
  // `if 工单数 >= 5 then 满意率 else group_mean(…)`) costs nothing: its records are not listed. (They were when it was
  // the item's only count, so a unit of one order had it listed under 满意 and 重办 but not under 按期 or 办结, where
  // 工单数 is also a rate's denominator: another city's rubric author.)
  // (the console's 查看失分的工单 lists the same: lostRecords)
  const lost = new Map(lostRecords(i.measures).map((l) => [l.kept.name, l]));
  // the lists printed, by what they hold: a deduction per a count (1 × 超期件数) counts the orders the count lists
  // above it, and listed them a second time (a finder)
  const printed = new Map<string, string>();
  const same = (ids: readonly string[], kind: string) => `${kind}:${[...ids].sort().join("\n")}`;
  const list = (ids: readonly string[], kind: "orders" | "events", what: string) => {
    printed.set(same(ids, kind), what);
    return records(ids, kind, data, own);
  };
  for (const m of i.measures) {
    out.push(`    · ${m.label ?? m.name} = ${m.value ?? "—"}`);
    if (m.role === "base") continue;
    const l = lost.get(m.name);
    if (l) {
      if (l.count === null) {
        // lists cut at EVIDENCE_LIMIT: their difference is not the lost records (6,661 of a big unit came out as 834)
        out.push(`      失分的：${lostText(l.base, m)}（记录多于 ${EVIDENCE_LIMIT} 条，此处不列出；请在控制台“查看失分的工单”中查看）`);
      } else if (l.count > 0) out.push(`      失分的：${lostText(l.base, m)} ${l.count} 件`, list(l.records, l.base.record, `${m.label ?? m.name}（失分的）`));
      continue;
    }
    if (m.role === "cost" && m.records.length > 0) out.push(list(m.records, m.record, m.label ?? m.name));
  }
  // as the console lists them: with one that costs nothing now but has records behind it (an event an accepted
  // objection corrected to 0 次)
  for (const a of i.adjustments.filter(adjustmentListed)) {
    // in Chinese as the console says it (the rubric's keywords were printed: "deduct recorded per 其他效能问题"): what
    // is counted and how (服务态度恶劣（每次扣 5 分）, 其他效能问题（按记录分值）), or the condition (未满足“领导小组”)
    const said = describeAdjustment(a);
    out.push(
      // orders are counted in 件, events in 次; a sum of a field or a value without a word
      `    · ${said.subject}${said.per !== null ? `（${said.how}）` : ""}${a.count !== null ? `：${a.count}${a.countUnit ? ` ${a.countUnit}` : ""}` : ""}，${a.direction === "add" ? "加" : "扣"} ${pointsText(a.points, digits)} 分${a.continuing ? "（继续从总分中扣）" : ""}`,
    );
    // the records a count above has listed: said which, not listed again
    const above = a.records.length > 0 ? printed.get(same(a.records, a.record)) : undefined;
    const kind = a.record === "events" ? "事件" : "工单";
    out.push(above === undefined ? records(a.records, a.record, data, own) : `      所计${kind}即上列“${above}”的${kind}，不再重复列出`);
  }
  return out.filter(Boolean).join("\n");
}

/**
 * The unit in an assessment the total reads (`80% × 工单指标 + 20% × 督办事项 + 表扬`, `若 工单数 >= 5 则 基础得分 否则
 * 组内平均(…)`): its result there, whether the total took its score (not for a unit given the group's mean), and the
 * rubric's own fields of its records as its window reads them.
 */
export interface ReferencedExplain {
  result: AssessmentResult;
  unit: UnitResult;
  took: boolean;
  own: RubricColumns;
}

/**
 * The heading over one such assessment: whether the score came from it alone, from it with others (or beside the
 * assessment's own items), or not at all; its score, and what it lost out of its own full marks where that is known.
 */
function referencedHeading(x: ReferencedExplain, alone: boolean, digits: number): string {
  const title = referencedTitle(named(x.result.assessment.name, x.result.assessment.label), x.took, alone);
  const { published, outOf } = x.unit;
  // (one of bonuses alone is out of nothing: its score alone; 失分 as the console counts it)
  const score =
    published === null
      ? "不适用"
      : outOf && outOf.full > 0
        ? `${published.toFixed(digits)} / ${outOf.full}，失分 ${lostOfOutOf(published, outOf).toFixed(digits)}`
        : published.toFixed(digits);
  const window = x.result.window.label === x.result.period ? "" : `（考核期 ${windowText(x.result)}）`;
  return `━━ ${title}：${score}${window}`;
}

/** `unranked`: the assessment is not one the ranking names (its rank only tried, said so). */
export function renderExplain(
  r: AssessmentResult,
  u: UnitResult,
  data: Dataset,
  own: RubricColumns,
  options: { unranked?: boolean; referenced?: readonly ReferencedExplain[] } = {},
): string {
  const out = [
    // a quarter's or a year's window as the ranking names it (考核期 2018年第4季度（2018-Q4）), not the month asked
    `${u.unit.name}（${u.unit.category}）· ${r.assessment.label ?? r.assessment.name} · ${r.window.label === r.period ? r.period : `考核期 ${windowText(r)}`}`,
    `规则：${r.rubric.name}（${r.rubric.version}）· 考核时点 ${asOfText(r.asOf)}`,
    ...(options.unranked ? [unrankedNote(r.assessment.name).zh] : []),
    `得分 ${u.published === null ? "—" : u.published.toFixed(decimalsOf(r))}，${u.ranked ? `${u.group}第 ${u.rank} 名${options.unranked ? "（试排，不公布）" : ""}` : u.published === null ? "没有得分，不排名" : `承办量不足排名规则的最低承办量${typeof u.minimumVolume === "number" ? ` ${u.minimumVolume} 件` : ""}，不排名`}，承办量 ${u.volume}${u.band ? `，等次 ${u.band}` : ""}`,
  ];
  // the score is not the items' sum: how it follows from them
  if (u.totalSteps) out.push(`得分由来：${u.totalSteps}`);
  for (const v of u.vetoes) {
    out.push(`一票否决：${v}`);
    // the counts its condition read, and the records behind them, as a deduction lists its own
    for (const m of u.vetoEvidence?.find((e) => e.label === v)?.measures ?? []) {
      out.push(`    · ${m.label ?? m.name}：${m.value ?? "—"}`);
      const listed = records(m.records, m.record, data, own);
      if (listed) out.push(listed);
    }
  }
  for (const s of u.sanctions) out.push(`处理：${s.label ?? s.name}`);
  for (const w of u.warnings) out.push(`提示：${w}`);
  // for the rubric's author, who runs this (the published table and the unit's page leave them out)
  for (const h of u.hints ?? []) out.push(`写规则的提示：${h}`);
  // about the period, not about other units (those left out are the ranking's to say)
  for (const w of r.warnings) if (w.code !== "undeclared-category") out.push(`注意：${w.zh}`);
  out.push("");
  for (const i of u.items) out.push(explainItem(i, data, decimalsOf(r), own), "");
  // the assessments the total reads, with or without items of its own: their items and the records behind them (the 20
  // points lost in 督办事项 under 80% × 工单指标 + 20% × 督办事项 + 表扬 were listed nowhere: another county's officer)
  const referenced = options.referenced ?? [];
  const alone = takenAlone(
    u.items.length,
    u.totalFrom,
    referenced.filter((x) => x.took).map((x) => x.result.assessment.name),
  );
  for (const x of referenced) {
    const digits = decimalsOf(x.result);
    out.push(referencedHeading(x, alone, digits));
    if (x.unit.totalSteps) out.push(`${x.result.assessment.label ?? x.result.assessment.name}由来：${x.unit.totalSteps}`);
    for (const w of x.unit.warnings) out.push(`提示：${w}`);
    for (const h of x.unit.hints ?? []) out.push(`写规则的提示：${h}`);
    out.push("");
    for (const i of x.unit.items) out.push(explainItem(i, data, digits, x.own), "");
  }
  return out.join("\n");
}

/**
 * Points as the rubric rounds its scores (3.33, 5; not 3.3333333333333335), yet never a deduction said to be 0 when it
 * is not: below the last decimal, two significant digits (0.004).
 */
function pointsText(points: number, digits: number): string {
  const rounded = Number(points.toFixed(digits));
  return rounded === 0 && points !== 0 ? String(Number(points.toPrecision(2))) : String(rounded);
}

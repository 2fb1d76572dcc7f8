/** Text output for the terminal: tables that line up with Chinese text, and the JSON contract. */
import { displayWidth } from "@kaohe/data";
import type { AssessmentResult, CompiledRubric, PeriodWarning, RubricDiff, UnitResult } from "@kaohe/rules-engine";
import { asOfText } from "@kaohe/rules-engine";
import { sanctionCauses } from "@kaohe/services/sanction-causes";
import { isYear, periodLabel } from "@kaohe/time";

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const pad = " ".repeat((widths[i] as number) - displayWidth(c));
        return /^(?:[-+]?\d|—$)/.test(c) ? pad + c : c + pad;
      })
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const fixed = (n: number | null, digits = 2) => (n === null ? "—" : n.toFixed(digits));
/** The rubric's `round N decimals` (a result published before results carried it: 2). */
export const decimalsOf = (r: { decimals?: number }): number => r.decimals ?? 2;

function byGroup(units: UnitResult[]): Map<string, UnitResult[]> {
  const groups = new Map<string, UnitResult[]>();
  for (const u of units) groups.set(u.group, [...(groups.get(u.group) ?? []), u]);
  return groups;
}

/** A `report` value: a rate as a percentage (95.24%), a number as written, yes/no in Chinese. */
export function indicatorText(x: { value: number | string | boolean | null; percent: boolean }): string {
  if (x.value === null) return "—";
  if (typeof x.value === "boolean") return x.value ? "是" : "否";
  if (typeof x.value === "number") return x.percent ? `${(Math.round(x.value * 10_000) / 100).toFixed(2)}%` : String(Math.round(x.value * 10_000) / 10_000);
  return x.value;
}

/** "中文 / English" → "中文" */
const chinese = (text: string) => text.split(" / ")[0] as string;

/** The period scored: the month or year asked for, or the window it falls in (a quarter: 2018年第3季度（2018-Q3）). */
/** The period scored: the month asked, or the quarter (a year) it falls in, as people read it with its label: 2018年第1季度（2018-Q1）. */
export const windowText = (r: AssessmentResult) => (r.window.label === r.period ? r.period : `${periodLabel(r.window.label)}（${r.window.label}）`);

/**
 * Does the rubric's ranking name this assessment (`ranking { monthly 月度考核  monthly 季度考核 }`)? `--assessment` scores
 * any assessment of the file (the items of one that another's `total` reads, one of `report`s only), but only those
 * are rankings: the ranks of another are the ranking's rules tried on it, published nowhere.
 */
export function isRankedAssessment(rubric: CompiledRubric, name: string): boolean {
  const { monthly, yearly, alsoRanked } = rubric.ranking;
  return name === monthly || name === yearly || (alsoRanked ?? []).some((x) => x.name === name);
}

/** What is said of an assessment the ranking does not name, in the table and the explanation (a helper read its ranks as a ranking). */
export function unrankedNote(name: string): { code: "unranked-assessment"; assessment: string; zh: string; en: string } {
  return {
    code: "unranked-assessment",
    assessment: name,
    zh: `不排名的考核：${name} 不在规则的排名（ranking）中，名次只是按排名规则试排，不公布，仅供查看`,
    en: `${name} is not named in the rubric's ranking: its ranks are the ranking's rules tried on it, not published, for viewing only`,
  };
}

/** The ranking as an office reads it: one table per category; `unranked`: the assessment is not one the ranking names. */
export function renderRanking(r: AssessmentResult, options: { unranked?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`${r.rubric.name}（${r.rubric.version}）`);
  out.push(
    `${r.assessment.label ?? r.assessment.name} · 考核期 ${windowText(r)} · 考核时点 ${asOfText(r.asOf)}${r.months.length ? ` · 计入月份 ${r.months.join("、")}` : ""}`,
  );
  if (options.unranked) out.push(unrankedNote(r.assessment.name).zh);
  const common = new Set(r.units[0]?.warnings.filter((w) => r.units.every((u) => u.warnings.includes(w))) ?? []);
  for (const [group, units] of byGroup(r.units)) {
    // every item any unit of the group has, in the rubric's order: an item for some categories is "—" for the others
    const itemCodes = [...new Set(units.flatMap((u) => u.items.map((i) => i.code)))];
    const anyBand = units.some((u) => u.band);
    const indicators = units[0]?.indicators ?? [];
    const header = ["名次", "单位", "得分", ...itemCodes, ...indicators.map((x) => x.label ?? x.name), "承办量", ...(anyBand ? ["等次"] : []), "备注"];
    const digits = decimalsOf(r);
    const rows = units.map((u) => [
      u.rank === null ? "—" : String(u.rank),
      u.unit.name,
      fixed(u.published, digits),
      ...itemCodes.map((code) => {
        const item = u.items.find((i) => i.code === code);
        return item ? fixed(item.published, digits) : "—";
      }),
      ...u.indicators.map(indicatorText),
      String(u.volume),
      ...(anyBand ? [u.band ?? ""] : []),
      // as the console and the report mark them: a month without orders is no month of good work
      [
        u.volume === 0 ? noOrders(r) : "",
        // why, as explain says it (a helper read only 不排名): below the minimum volume, or no score
        u.ranked ? "" : u.published !== null && u.minimumVolume ? `承办量不足 ${u.minimumVolume} 件，不排名` : "不排名",
        ...u.vetoes,
        ...u.sanctions.map((s) => s.label ?? s.name),
        ...u.warnings.filter((w) => !common.has(w)).map(chinese),
      ]
        .filter(Boolean)
        .join("；"),
    ]);
    out.push("", `【${group}】`, table(header, rows));
  }
  // a warning every unit shares (a fact no unit has a row for) is said once, not on every line
  if (common.size > 0) out.push("");
  for (const w of common) out.push(`提示（所有单位）：${chinese(w)}`);
  out.push(...periodWarningLines(r.warnings));
  return out.join("\n");
}

/** The period's warnings (units left out, no orders, a population that holds none), after a blank line. */
export function periodWarningLines(warnings: readonly PeriodWarning[], prefix = "注意"): string[] {
  return warnings.length === 0 ? [] : ["", ...warnings.map((w) => `${prefix}：${w.zh}`)];
}

/** How a unit without orders is marked, as the console and the reports mark it. */
const noOrders = (r: AssessmentResult) => (isYear(r.period) ? "全年无工单" : r.window.label === r.period ? "本月无工单" : "本期无工单");

/** The JSON contract of `kaohe score --json`. */
export function rankingJson(r: AssessmentResult): unknown {
  return {
    period: r.period,
    /** the period assessed: the month asked for, or the quarter (2018-Q1), half-year … a month falls in */
    window: r.window.label,
    rubric: { name: r.rubric.name, version: r.rubric.version },
    /** the months a year counts (as the text output's 计入月份); empty for a month */
    months: r.months,
    results: r.units.map((u) => ({
      unit: u.unit.name,
      code: u.unit.code,
      category: u.unit.category,
      /** the ranking group: the unit's rank is its rank in it */
      group: u.group,
      score: u.published,
      rank: u.rank,
      /** the rank among all ranked units, whatever their group */
      overallRank: u.overallRank,
      /** false when the unit is scored but not ranked (no score, or under the minimum volume) */
      ranked: u.ranked,
      volume: u.volume,
      band: u.band,
      vetoes: u.vetoes,
      // the figures that made it apply, as the month's report and the console list them (not 应办未办事件 0 beside 超期件数 1)
      sanctions: u.sanctions.map((s) => ({ name: s.name, label: s.label, because: sanctionCauses(s.because) })),
      items: u.items.map((i) => ({ id: i.code, label: i.label, points: i.published })),
      /** `report` values: shown, not scored (a rate as a fraction) */
      indicators: (u.indicators ?? []).map((x) => ({ id: x.name, label: x.label, value: x.value })),
      warnings: u.warnings,
    })),
    /** about the whole period: units of a category the rubric does not declare (not scored), no orders, a population that holds none */
    warnings: r.warnings,
  };
}

/** `previews`: a line for each version compared over a period it is not in force for. */
export function renderDiff(d: RubricDiff, previews: readonly string[] = []): string {
  const out = [
    // a quarter's window as the ranking names it (it said 版本对比 2023-03 of 2023-Q1: a helper)
    `版本对比 ${d.window === d.period ? d.period : `${periodLabel(d.window)}（${d.window}）`}：A = ${d.a.name}（${d.a.version}），B = ${d.b.name}（${d.b.version}）`,
    ...previews.map((p) => p.split(" / ")[0] as string),
  ];
  const groups = new Map<string, typeof d.units>();
  for (const u of d.units) groups.set(u.group, [...(groups.get(u.group) ?? []), u]);
  for (const [group, units] of groups) {
    const rows = units.map((u) => {
      // the items both versions have that changed, and those only one has (renamed, added or dropped: the rows' changes
      // did not add up without them, a helper found)
      const changed = u.items.flatMap((i) => {
        const name = i.label ?? i.code;
        // (named by code: its label is often the regulation's whole sentence)
        if (i.only === "A") return [`${i.code}（仅A）${fixed(i.a)}`];
        if (i.only === "B") return [`${i.code}（仅B）${fixed(i.b)}`];
        return i.delta !== null && i.delta !== 0 ? [`${name} ${i.delta > 0 ? "+" : ""}${fixed(i.delta)}`] : [];
      });
      // a band that changes, whatever the score does (a veto that now changes the band only kept 不合格 at 100: a helper)
      if (u.bandA !== u.bandB && (u.bandA !== null || u.bandB !== null)) changed.push(`等次 ${u.bandA ?? "—"} → ${u.bandB ?? "—"}`);
      const move = u.move === null ? "—" : u.move > 0 ? `↑${u.move}` : u.move < 0 ? `↓${-u.move}` : "—";
      return [
        u.unit.name,
        fixed(u.scoreA),
        fixed(u.scoreB),
        u.delta === null ? "—" : `${u.delta > 0 ? "+" : ""}${fixed(u.delta)}`,
        String(u.rankA ?? "—"),
        String(u.rankB ?? "—"),
        move,
        changed.join("，"),
      ];
    });
    out.push("", `【${group}】`, table(["单位", "得分A", "得分B", "变化", "名次A", "名次B", "升降", "分项变化"], rows));
  }
  // each version's warnings about the period; one both give is said once
  const inA = new Set(d.warningsA.map((w) => w.zh));
  const inB = new Set(d.warningsB.map((w) => w.zh));
  const warnings = [
    ...d.warningsA.map((w) => `注意（${inB.has(w.zh) ? "A、B" : "A"}）：${w.zh}`),
    ...d.warningsB.filter((w) => !inA.has(w.zh)).map((w) => `注意（B）：${w.zh}`),
  ];
  if (warnings.length > 0) out.push("", ...warnings);
  return out.join("\n");
}

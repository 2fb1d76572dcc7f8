/**
 * The vetoes, bands and sanctions of an assessment the ranking does not name, only another assessment reads by name
 * (`total = if 工单数 > 0 then 月度考核 else not applicable`): the reading is its total before any veto (manual §4.7),
 * its bands are not the reader's, its sanctions are listed nowhere. A rubric author moved the ranking to such a
 * wrapper, left `一票否决 … 则 评为 不合格 且 得零分` in the assessment read, and a unit caught 弄虚作假 scored 100
 * where it had scored 0; `check` said 没有问题.
 *
 * An assessment `mean()` or `count_months()` reads is scored and ranked for each of its months, and those read its
 * published, post-veto score, band and rank: its rules act, and nothing is said of it.
 */
import * as A from "../ast.ts";
import { itemExprs, itemsOf } from "../ast-utils.ts";
import { Codes } from "../diagnostics.ts";
import type { CheckContext } from "./context.ts";

/** The functions whose first argument is read as published month by month (its post-veto score, band, rank). */
const READ_AS_PUBLISHED = new Set(["mean", "count_months"]);

/** What each assessment reads of the others: by name (their totals before veto), and as published (mean, count_months). */
function reads({ resolver }: CheckContext, assessments: readonly A.AssessmentDecl[]): Map<string, { byName: Set<string>; published: Set<string> }> {
  const out = new Map<string, { byName: Set<string>; published: Set<string> }>();
  for (const reader of assessments) {
    const own = { byName: new Set<string>(), published: new Set<string>() };
    out.set(reader.name, own);
    const seen = new Set<string>();
    const name = (n: string): void => {
      if (seen.has(n)) return;
      seen.add(n);
      const sym = resolver.symbols.global.get(n);
      if (sym?.kind === "assessment" && n !== reader.name) own.byName.add(n);
      // through the values and rates it reads (`value 基础 = 月度考核 ?? 0`)
      else if (sym?.kind === "value") walk(sym.decl.expr);
      else if (sym?.kind === "rate") for (const x of [sym.decl.numerator, sym.decl.denominator, sym.decl.whenZero]) walk(x);
    };
    const walk = (e: A.Expr | null): void => {
      if (!e) return;
      if (e.kind === "call" && READ_AS_PUBLISHED.has(e.callee)) {
        const [first, ...rest] = e.args;
        if (first?.value.kind === "name" && resolver.symbols.global.get(first.value.name)?.kind === "assessment") own.published.add(first.value.name);
        else if (first) walk(first.value);
        for (const a of rest) walk(a.value);
        return;
      }
      if (e.kind === "name") name(e.name);
      for (const c of A.childrenOf(e)) walk(c);
    };
    for (const part of reader.parts) for (const item of itemsOf(part)) for (const e of itemExprs(item)) walk(e);
    for (const e of [
      reader.total,
      reader.rescaleTo,
      ...reader.reports.map((r) => r.expr),
      ...reader.bands.flatMap((b) => [b.atLeast, b.condition]),
      ...reader.vetoes.map((v) => v.condition),
      ...reader.sanctions.map((s) => s.condition),
    ])
      walk(e);
  }
  return out;
}

export function checkReferencedOnly(ctx: CheckContext): void {
  const { rubric, accept } = ctx;
  const ranking = rubric.declarations.find((d): d is A.RankingDecl => d.kind === "ranking");
  if (!ranking) return;
  const assessments = rubric.declarations.filter((d): d is A.AssessmentDecl => d.kind === "assessment");
  const edges = reads(ctx, assessments);
  // the ranking's every tab (`monthly 月度考核`, `monthly 季度考核`, `yearly 年度考核`) is published with its own rules
  const ranked = [ranking.monthly, ranking.yearly, ...ranking.alsoRanked.map((x) => x.name)].filter((n): n is string => n !== null && edges.has(n));
  // what scoring the ranked assessments computes (what they read, and what that reads), and of it what is published:
  // ranked, or read by mean() or count_months() month by month. An assessment nothing ranked reaches is not scored
  // at all (a draft, or a yearly one left behind): its rules are no reading's to warn of.
  const scored = new Set<string>(ranked);
  const published = new Set<string>(ranked);
  const queue = [...ranked];
  while (queue.length > 0) {
    const own = edges.get(queue.shift() as string);
    for (const n of own?.published ?? []) published.add(n);
    for (const n of [...(own?.byName ?? []), ...(own?.published ?? [])]) {
      if (scored.has(n)) continue;
      scored.add(n);
      queue.push(n);
    }
  }
  // the published assessments whose scores a reading of `name` by name reaches, in file order
  const reachedFrom = (name: string): string[] => {
    const seen = new Set<string>([name]);
    const queue = [name];
    while (queue.length > 0) {
      const n = queue.shift() as string;
      for (const [reader, own] of edges) {
        if (!own.byName.has(n) || seen.has(reader) || !scored.has(reader)) continue;
        seen.add(reader);
        queue.push(reader);
      }
    }
    return assessments.filter((a) => a.name !== name && seen.has(a.name) && published.has(a.name)).map((a) => a.name);
  };
  for (const a of assessments) {
    if (!scored.has(a.name) || published.has(a.name) || (a.vetoes.length === 0 && a.bands.length === 0 && a.sanctions.length === 0)) continue;
    const readBy = assessments.filter((r) => scored.has(r.name) && edges.get(r.name)?.byName.has(a.name)).map((r) => r.name);
    const reaching = reachedFrom(a.name);
    const target = reaching.length > 0 ? reaching.join("、") : "排名中的考核";
    const targetEn = reaching.length > 0 ? reaching.join(", ") : "the ranked assessment";
    const why = `${a.name} 不在排名中，只被 ${readBy.join("、")} 按名称引用，读到的是它一票否决之前的总分（语言手册 §4.7）`;
    const whyEn = `${a.name} is not in the ranking, only read by name by ${readBy.join(", ")}, which reads its total before any veto (manual §4.7)`;
    for (const v of a.vetoes)
      accept(
        "warning",
        Codes.ReferencedOnlyRules,
        `这条一票否决不会生效：${why}，不改变 ${target} 的得分、等次和排名；要对公布的结果否决，把它移到 ${target} 中`,
        `this veto has no effect: ${whyEn}; it changes no score, band or rank of ${targetEn}: move it into ${targetEn}`,
        v.range,
      );
    const first = a.bands[0];
    if (first) {
      const own = reaching.length > 0 && reaching.every((r) => assessments.find((x) => x.name === r)?.bands.length);
      accept(
        "warning",
        Codes.ReferencedOnlyRules,
        `${a.name} 的等次不会生效：${why}，读不到它的等次；${own ? `${target} 按自己写的等次评定，这里的等次可以删去` : `要评等次，把等次写在 ${target} 中`}`,
        `the bands of ${a.name} have no effect: ${whyEn}, not its band; ${own ? `${targetEn} is banded by its own bands: these may be deleted` : `to band units, write the bands in ${targetEn}`}`,
        first.range,
      );
    }
    for (const s of a.sanctions)
      accept(
        "warning",
        Codes.ReferencedOnlyRules,
        `处理措施 ${s.name} 不会生效：${why}，不会列在 ${target} 的结果中；要列出，把它移到 ${target} 中`,
        `the sanction ${s.name} has no effect: ${whyEn}; it is not listed in the results of ${targetEn}: move it into ${targetEn}`,
        s.range,
      );
  }
}

/**
 * Checks of an assessment (`monthly …`, `yearly …`): its window, sections and items, total, reports, what its
 * formulas read, rescale, items referring to each other, bands, vetoes and sanctions.
 */
import * as A from "../ast.ts";
import { itemExprs, itemsOf, namesInThisPeriod, noSuchDate, visitGuarded } from "../ast-utils.ts";
import { Codes } from "../diagnostics.ts";
import { printExpr } from "../print-expr.ts";
import type { Scope } from "../resolve.ts";
import { suggest, suggestEn } from "../suggest.ts";
import { findField, rankedBuiltins } from "../symbols.ts";
import { spell } from "../tokens.ts";
import { type CheckContext, categoryHint, namesOf, someOf } from "./context.ts";

/** An assessment's formulas are evaluated for one unit, with its items in scope. */
function unitScope(a: A.AssessmentDecl): Scope {
  return { level: "unit", assessment: a };
}

export function checkWindow(ctx: CheckContext, a: A.AssessmentDecl): void {
  const { accept } = ctx;
  const w = a.window;
  if (!w) return;
  const ok = a.schedule === "monthly" ? w.window !== "year" : w.window === "year";
  if (!ok) {
    accept(
      "error",
      Codes.BadWindow,
      a.schedule === "monthly" ? "月度考核的周期应是 month、quarter、half year、year to date 或 from … to …" : "年度考核的周期只能是 year",
      `window '${w.window}' does not suit a ${a.schedule} assessment`,
      w.range,
    );
  }
  if (w.startDay < 1 || w.startDay > 28 || !Number.isInteger(w.startDay)) {
    accept("error", Codes.BadNumber, "月度周期的起始日应是 1 到 28 之间的整数", "a month's start day is an integer from 1 to 28", w.range);
  }
  const minute = w.startMinute;
  if (!Number.isInteger(minute) || minute < 0 || minute >= 24 * 60) {
    accept(
      "error",
      Codes.BadNumber,
      "周期的起止时刻应写成 0:00 到 23:59 之间的时刻，如 at 12:00",
      "a window's time of day is from 0:00 to 23:59, e.g. at 12:00",
      w.range,
    );
  }
  if (w.span) checkWindowSpan(ctx, w.span, w.range);
}

/** Sections (their categories and points) and items (their codes, and each item's own statements). */
export function checkParts(ctx: CheckContext, a: A.AssessmentDecl): void {
  const { resolver, accept } = ctx;
  const scope = unitScope(a);
  const seen = new Map<string, A.ItemDecl>();
  for (const part of a.parts) {
    if (part.kind === "section") {
      checkCategories(ctx, part.categories, part.range);
      const declared = part.points;
      const sum = part.items.filter((i) => !i.bonus).reduce((s, i) => s + i.points, 0);
      if (declared !== null && Math.abs(declared - sum) > 1e-9) {
        accept(
          "warning",
          Codes.SectionMismatch,
          `部分 ${part.code} 标为 ${declared} 分，但其中各项合计 ${sum} 分：${sum > declared ? `这一部分最多可得 ${sum} 分，比办法规定的多；` : ""}请核对办法，改正部分的分值或其中考核项的分值`,
          `section ${part.code} says ${declared} points but its items add up to ${sum}: correct the section's points or its items'`,
          part.codeRange,
        );
      }
    }
    for (const item of itemsOf(part)) {
      const clash = resolver.symbols.global.get(item.code);
      if (clash) {
        accept(
          "error",
          Codes.DuplicateName,
          `考核项 ${item.code} 与第 ${clash.decl.range.start.line} 行的 ${clash.kind} 同名，公式中无法区分`,
          `item ${item.code} has the same name as the ${clash.kind} on line ${clash.decl.range.start.line}`,
          item.codeRange,
        );
      }
      const dup = seen.get(item.code);
      if (dup)
        accept(
          "error",
          Codes.DuplicateItem,
          `考核项 ${item.code} 重复（第 ${dup.range.start.line} 行已有）`,
          `item ${item.code} appears twice`,
          item.codeRange,
        );
      seen.set(item.code, item);
      checkItem(ctx, item, scope);
    }
  }
}

export function checkTotal({ resolver }: CheckContext, a: A.AssessmentDecl): void {
  const scope = unitScope(a);
  if (a.total) resolver.expect(a.total, resolver.typeOf(a.total, scope), "number");
  if (a.rescaleTo) resolver.expect(a.rescaleTo, resolver.typeOf(a.rescaleTo, scope), "number");
}

export function checkVetoes({ resolver, accept }: CheckContext, a: A.AssessmentDecl): void {
  const scope = unitScope(a);
  for (const v of a.vetoes) {
    resolver.expect(v.condition, resolver.typeOf(v.condition, scope), "bool");
    if (v.band && !a.bands.some((b) => b.name === v.band)) accept("error", Codes.BadBands, `没有名为 ${v.band} 的等次`, `no band named '${v.band}'`, v.range);
    // a veto gives a band unless it only ranks the unit last (`then last`) or scores it 0 (`then zero`)
    if (a.bands.length === 0 && (v.band || (!v.last && !v.zero)))
      accept(
        "error",
        Codes.BadBands,
        "一票否决需要先定义等次（band），或写 then last（排名末位）、then zero（得零分）",
        "a veto needs bands, or then last, or then zero",
        v.range,
      );
  }
}

export function checkSanctions({ resolver }: CheckContext, a: A.AssessmentDecl): void {
  const scope = unitScope(a);
  for (const s of a.sanctions) resolver.expect(s.condition, resolver.typeOf(s.condition, { ...scope, ranked: true }), "bool");
}

/** `from 11-15 to 03-15` (every year; may cross the new year) or `from 2018-11-15 to 2019-03-15`: real days, in order. */
function checkWindowSpan({ accept }: CheckContext, span: { from: A.WindowDate; to: A.WindowDate }, range: A.Range): void {
  const bad = (zh: string, en: string) => accept("error", Codes.BadNumber, zh, en, range);
  const valid = (d: A.WindowDate) => Number.isInteger(d.month) && Number.isInteger(d.day) && noSuchDate(d.year, d.month, d.day) === null;
  const text = (d: A.WindowDate) =>
    `${d.year === null ? "" : `${d.year}-`}${String(d.month).padStart(2, "0")}-${Number.isNaN(d.day) ? "??" : String(d.day).padStart(2, "0")}`;
  for (const d of [span.from, span.to]) {
    if (!valid(d)) {
      // `from 2018-13-01 to …`: which part does not exist; `from 2018-11 to …`: the day is missing
      const why = noSuchDate(d.year, d.month, Number.isNaN(d.day) ? null : d.day);
      if (why) bad(`周期的日期 ${text(d)} 不存在：${why[0]}`, `the window's day ${text(d)} does not exist: ${why[1]}`);
      else bad(`周期的日期 ${text(d)} 不是有效的日期（写成 2018-11-15，或每年的 11-15）`, `${text(d)} is not a valid day of a window`);
      return;
    }
  }
  if ((span.from.year === null) !== (span.to.year === null)) {
    bad("周期的起止日期要么都写年份，要么都不写（不写时每年同一段时间）", "a window's two days both have a year, or neither has");
    return;
  }
  const key = (d: A.WindowDate) => (d.year ?? 0) * 10_000 + d.month * 100 + d.day;
  if (span.from.year !== null && key(span.to) < key(span.from)) {
    bad(`周期的结束日 ${text(span.to)} 早于开始日 ${text(span.from)}`, "a window ends before it starts");
  }
}

/**
 * A formula that reads an item limited to some categories (`for`), for units
 * it does not apply to, reads "not applicable": its result is empty unless the
 * reading is replaced with `??` or `coalesce`. Said once per reading.
 */
export function checkCategoryItemReads({ resolver, accept }: CheckContext, a: A.AssessmentDecl): void {
  const limitedTo = new Map<string, string[]>();
  const readers: [A.ItemDecl, string[] | null][] = [];
  for (const part of a.parts) {
    for (const item of itemsOf(part)) {
      const section = part.kind === "section" ? part.categories : [];
      const cats =
        section.length && item.categories.length ? item.categories.filter((c) => section.includes(c)) : item.categories.length ? item.categories : section;
      if (cats.length) limitedTo.set(item.code, cats);
      readers.push([item, cats.length ? cats : null]);
    }
  }
  if (limitedTo.size === 0) return;
  const declared = [...resolver.symbols.global.entries()].filter(([, sym]) => sym.kind === "category").map(([name]) => name);
  const report = (expr: A.Expr, readerCats: string[] | null): void =>
    visitGuarded(expr, (e, guarded) => {
      if (e.kind !== "name" || guarded) return;
      const cats = limitedTo.get(e.name);
      if (cats && (readerCats ?? declared).some((c) => !cats.includes(c))) {
        accept(
          "warning",
          Codes.InapplicableItemRead,
          `考核项 ${e.name} 只适用于 ${cats.join("、")}，其他类别的单位读到的是“不适用”，整个公式的结果为空（不排名）；要按 0 分计，写 ${e.name} ?? 0`,
          `item ${e.name} applies to ${cats.join(", ")} only: for other units it reads "not applicable" and the formula is empty; write ${e.name} ?? 0 to count it as 0`,
          e.range,
        );
      }
    });
  if (a.total) report(a.total, null);
  for (const [item, cats] of readers) for (const e of itemExprs(item)) report(e, cats);
}

/** `report 满意率` names a unit-level value; `report 名称 = 表达式` computes one. Each name once. */
export function checkReports({ resolver, accept }: CheckContext, a: A.AssessmentDecl): void {
  const scope = unitScope(a);
  const seen = new Set<string>();
  for (const r of a.reports) {
    if (seen.has(r.name)) accept("error", Codes.DuplicateItem, `通报指标 ${r.name} 重复`, `report ${r.name} appears twice`, r.nameRange);
    seen.add(r.name);
    if (r.expr) {
      resolver.typeOf(r.expr, scope);
      continue;
    }
    const sym = resolver.symbols.global.get(r.name);
    resolver.used.add(r.name);
    if (!sym || !["measure", "rate", "value", "fact"].includes(sym.kind))
      accept(
        "error",
        Codes.UnknownName,
        `通报指标 ${r.name} 不是已定义的计数、比率、数值或事实；要计算新的值，写 report ${r.name} = 表达式`,
        `report '${r.name}' is not a measure, rate, value or fact; write 'report ${r.name} = expression' to compute one`,
        r.nameRange,
      );
  }
}

/**
 * `rescale to` only acts when an item is not applicable to a unit: an item for some categories, or a
 * formula that can read "not applicable" (a rate `when zero: not applicable`, a fact without
 * `when missing`, another assessment). Without any, the statement never changes a score: say so.
 * Nor does it act beside `total`: the total is that formula's value, its items read unrescaled (a rubric author wrote
 * both for "按其余各项折算" with "不足 5 件的按同类平均分计", `check` was silent, and a unit without 回访 got no score).
 */
export function checkRescaleCanHappen({ resolver, accept }: CheckContext, a: A.AssessmentDecl): void {
  if (!a.rescaleTo || !a.rescaleRange) return;
  if (a.total) {
    const to = printExpr(a.rescaleTo);
    const schedule = a.schedule === "monthly" ? "monthly" : "yearly";
    accept(
      "warning",
      Codes.NothingToRescale,
      "写了 total 时 rescale to 不起作用：得分就是 total 公式的值，公式读到的考核项不折算，读到不适用的项时整个公式为空（不排名）。" +
        `要先按其余各项折算、再由 total 合成（如承办量不足的按同组平均分计），把考核项和 rescale to ${to} 移到另一项考核中（如 ${schedule} 基础得分 { … rescale to ${to} }），` +
        "在本考核的 total 中读它的名称（如 total = 基础得分 ?? group_mean(基础得分)，见语言手册 §3.18）；不需要折算的，删去 rescale to",
      `'rescale to' has no effect beside 'total': the score is the total formula's value and the items it reads are not rescaled. ` +
        "To rescale and then combine, move the items and 'rescale to' to another assessment and read its name in this one's total (see the manual, §3.18); otherwise delete 'rescale to'",
      a.rescaleRange,
    );
    return;
  }
  if (!rescaleCanHappen(resolver, a))
    accept(
      "warning",
      Codes.NothingToRescale,
      "本考核没有可能“不适用”的考核项（没有按类别适用的项，也没有读到 when zero: not applicable 的比率或没有 when missing 的事实），rescale to 不会改变任何得分",
      "no item of this assessment can be not applicable, so 'rescale to' never changes a score",
      a.rescaleRange,
    );
}

/** Whether an item of the assessment can be not applicable to some unit: what `rescale to` acts on. */
export function rescaleCanHappen(resolver: CheckContext["resolver"], a: A.AssessmentDecl): boolean {
  const canBeEmpty = emptiness(resolver, a);
  return a.parts.some(
    (p) =>
      (p.kind === "section" && p.categories.length > 0) || itemsOf(p).some((i) => !i.bonus && (i.categories.length > 0 || canBeEmpty(i.formula).length > 0)),
  );
}

/**
 * What can make an expression of the assessment "not applicable" for a unit of its categories: each rate without a
 * value when zero (`签收率` when `工单数` is 0), fact without `when missing`, other assessment, or item for some
 * categories it reads, directly or through values, rates and items; none: it always has a value.
 */
type Cause = { kind: "rate"; rate: A.RateDecl } | { kind: "fact"; name: string } | { kind: "assessment"; name: string } | { kind: "item"; name: string };
function emptiness(resolver: CheckContext["resolver"], a: A.AssessmentDecl): (e: A.Expr | null) => Cause[] {
  const items = new Map(a.parts.flatMap(itemsOf).map((i) => [i.code, i]));
  const known = new Map<string, Cause[]>();
  const causes = (e: A.Expr | null): Cause[] => {
    if (!e) return [];
    if (e.kind === "binary" && e.op === "??") return causes(e.right);
    if (e.kind === "call" && e.callee === "coalesce") return e.args.length > 0 ? causes((e.args[e.args.length - 1] as A.Arg).value) : [];
    if (e.kind === "name") {
      const memo = known.get(e.name);
      if (memo) return memo;
      known.set(e.name, []);
      const found = nameCauses(e.name);
      known.set(e.name, found);
      return found;
    }
    return A.childrenOf(e).flatMap(causes);
  };
  const nameCauses = (name: string): Cause[] => {
    const item = items.get(name);
    if (item) return [...(item.categories.length > 0 ? [{ kind: "item" as const, name }] : []), ...causes(item.formula)];
    const sym = resolver.symbols.global.get(name);
    if (sym?.kind === "rate")
      return [
        ...(sym.decl.whenZero === null ? [{ kind: "rate" as const, rate: sym.decl }] : []),
        ...causes(sym.decl.numerator),
        ...causes(sym.decl.denominator),
        ...causes(sym.decl.whenZero),
      ];
    if (sym?.kind === "value") return causes(sym.decl.expr);
    if (sym?.kind === "fact") return sym.decl.whenMissing === null ? [{ kind: "fact", name }] : [];
    if (sym?.kind === "assessment") return [{ kind: "assessment", name }];
    return [];
  };
  return causes;
}

/**
 * `rescale to` beside a block of deductions with points of its own (`item 办理质量 20 points { deduct 2 per 重办件 … }`)
 * and items that are not applicable without data (rates `when zero: not applicable`): a unit without orders in the
 * month has the block alone, which deducts nothing, and is brought to full marks (20 → 100, 优秀), into the quarter's
 * and the year's means — where a unit whose items are all not applicable has no score (§3.19). A deduction block is
 * never not applicable (§3.14). A rubric author checked every score by hand and found the 100s; `check` was silent.
 * Said where it can happen: some category's items are such blocks and items that can be not applicable for want of
 * data, nothing else (an item always scored keeps the block from being alone; a 0-point block is no score by itself).
 */
export function checkDeductionsAloneRescaled({ resolver, accept, language }: CheckContext, a: A.AssessmentDecl): void {
  if (!a.rescaleTo || !a.rescaleRange || a.total) return;
  const canBeEmpty = emptiness(resolver, a);
  const entries = a.parts.flatMap((part) =>
    itemsOf(part).map((item) => {
      const section = part.kind === "section" ? part.categories : [];
      const cats =
        section.length && item.categories.length ? item.categories.filter((c) => section.includes(c)) : item.categories.length ? item.categories : section;
      // why it can be not applicable, categories aside (those limit it to its units, the same whatever the data)
      const why = canBeEmpty(item.formula).filter((c) => c.kind !== "item");
      return { item, cats, why };
    }),
  );
  // starts at its points and only loses them: scores them in full where nothing is deducted
  const isBlock = (i: A.ItemDecl) =>
    i.formula === null &&
    i.points > 0 &&
    i.adjustments.some((x) => x.direction === "deduct") &&
    (i.base === null || (i.base.kind === "number" && i.base.value >= i.points));
  const categories = namesOf(resolver, "category");
  const applies = (c: string | null, cats: string[]) => c === null || cats.length === 0 || cats.includes(c);
  const affected: string[] = [];
  let blocks: typeof entries = [];
  let empties: typeof entries = [];
  for (const c of categories.length > 0 ? categories : [null]) {
    const own = entries.filter((x) => !x.item.bonus && x.item.points > 0 && applies(c, x.cats));
    const ownBlocks = own.filter((x) => isBlock(x.item));
    const ownEmpties = own.filter((x) => x.item.formula !== null && x.why.length > 0);
    if (ownBlocks.length === 0 || ownEmpties.length === 0 || ownBlocks.length + ownEmpties.length !== own.length) continue;
    if (c !== null) affected.push(c);
    blocks = [...new Set([...blocks, ...ownBlocks])];
    empties = [...new Set([...empties, ...ownEmpties])];
  }
  if (blocks.length === 0) return;
  const w = (en: string) => spell(en, language);
  const whys = [...new Set(empties.flatMap((x) => x.why))];
  // 工单数、回访数 为 0; 没有 X 的记录; Y 没有得分
  const zeros = [...new Set(whys.flatMap((c) => (c.kind === "rate" ? [printExpr(c.rate.denominator, language)] : [])))];
  const others = [...new Set(whys.flatMap((c) => (c.kind === "fact" ? [c.name] : [])))];
  const unscored = [...new Set(whys.flatMap((c) => (c.kind === "assessment" ? [c.name] : [])))];
  const when = [
    ...(zeros.length > 0 ? [`${zeros.join("、")} 为 0`] : []),
    ...others.map((f) => `没有 ${f} 的记录`),
    ...unscored.map((x) => `${x} 没有得分`),
  ].join("或");
  const whenEn = [
    ...(zeros.length > 0 ? [`${zeros.join(", ")} ${zeros.length > 1 ? "are" : "is"} 0`] : []),
    ...others.map((f) => `has no row of ${f}`),
    ...unscored.map((x) => `has no score in ${x}`),
  ].join(" or ");
  const zeroRate = whys.find((c): c is Extract<Cause, { kind: "rate" }> => c.kind === "rate");
  const guard = zeroRate ? `${printExpr(zeroRate.rate.denominator, language)} > 0` : "…";
  const first = blocks[0]?.item as A.ItemDecl;
  const full = printExpr(a.rescaleTo, language);
  const some = affected.length > 0 && affected.length < categories.length ? `${affected.join("、")}的` : "";
  const blockNames = blocks.map((x) => x.item.code).join("、");
  const blockPoints = round6(blocks.reduce((sum, x) => sum + x.item.points, 0));
  const emptyNames = empties.map((x) => x.item.code);
  const schedule = w(a.schedule);
  accept(
    "warning",
    Codes.DeductionsAloneRescaled,
    `${some}单位在 ${when} 时（如当月没有工单），${emptyNames.join("、")} 都不适用，只剩扣分项 ${blockNames} 适用：扣分项总有得分、不会不适用，没有扣分就得 ${blockPoints} 分，折算后是满分 ${full} 分，照常评等次、计入季度和年度的平均（所有非加分项都不适用时才没有得分，见语言手册 §3.19）。` +
      `要让这样的单位不计分，把扣分项写成公式项，如 ${w("item")} ${first.code} ${first.points} ${w("points")} = ${w("if")} ${guard} ${w("then")} max(0, ${first.points} - …) ${w("else")} ${w("not applicable")}（按事件类型扣的分先用计数数出次数）；` +
      `或另写一项考核读本考核，如 ${schedule} 公布考核 { ${w("total")} = ${w("if")} ${guard} ${w("then")} ${a.name} ${w("else")} ${w("not applicable")} }，在排名中改列它，并把等次、一票否决和处理措施移过去（§3.18）`,
    `a unit${some ? ` of ${affected.join(", ")}` : ""} whose ${whenEn} (no orders in a month) has ${emptyNames.join(", ")} not applicable and only the deduction block ${blocks.map((x) => x.item.code).join(", ")}, which is never not applicable: with nothing deducted it scores ${blockPoints}, rescaled to full marks, ${full}, banded and averaged into the quarter and the year (only a unit all of whose items are not applicable has no score, manual §3.19). ` +
      `To leave such a unit unscored, write the block as a formula item, = if ${guard} then max(0, ${first.points} - …) else not applicable; or read this assessment from another one, total = if ${guard} then ${a.name} else not applicable, ranked in its place with the bands, vetoes and sanctions moved to it (§3.18)`,
    a.rescaleRange,
  );
}

/** Items whose formulas refer to each other, directly or in a ring. */
export function checkItemCycles({ accept, resolver }: CheckContext, a: A.AssessmentDecl): void {
  const items = new Map(a.parts.flatMap(itemsOf).map((i) => [i.code, i]));
  const edges = new Map<string, string[]>();
  for (const [code, item] of items) {
    const names = new Set<string>();
    for (const e of itemExprs(item)) namesInThisPeriod(e, names);
    // an item named as a declaration (`item 满意率 = 5 × 满意率`) is KH210 already: its formula meant the declaration
    edges.set(
      code,
      [...names].filter((n) => items.has(n) && !(n === code && resolver.symbols.global.has(n))),
    );
  }
  const state = new Map<string, "visiting" | "done">();
  const reported = new Set<string>();
  const visit = (code: string, path: string[]): void => {
    if (state.get(code) === "done") return;
    if (state.get(code) === "visiting") {
      const ring = path.slice(path.indexOf(code));
      for (const c of ring) {
        if (reported.has(c)) continue;
        reported.add(c);
        const item = items.get(c) as A.ItemDecl;
        accept(
          "error",
          Codes.Cycle,
          `考核项 ${c} 与 ${ring.filter((x) => x !== c).join("、") || "它自己"} 相互引用`,
          `items ${ring.join(" → ")} refer to each other`,
          item.codeRange,
        );
      }
      return;
    }
    state.set(code, "visiting");
    for (const next of edges.get(code) ?? []) visit(next, [...path, code]);
    state.set(code, "done");
  };
  for (const code of items.keys()) visit(code, []);
}

function checkCategories({ resolver, accept }: CheckContext, names: string[], range: A.Range): void {
  for (const name of names) {
    resolver.used.add(name);
    if (resolver.symbols.global.get(name)?.kind !== "category")
      accept(
        "error",
        Codes.UnknownCategory,
        `未定义的类别 ${name}${categoryHint(resolver, name)[0]}`,
        `unknown category '${name}'${categoryHint(resolver, name)[1]}`,
        range,
      );
  }
}

/** The adjustments of the whole file that count an event type (`deduct 2 per 行政不作为`), in file order. */
const eventCountingOf = new WeakMap<A.Rubric, A.Adjustment[]>();
function eventCounting({ rubric, resolver }: CheckContext): A.Adjustment[] {
  let found = eventCountingOf.get(rubric);
  if (!found) {
    found = rubric.declarations
      .flatMap((d) => (d.kind === "assessment" ? d.parts.flatMap(itemsOf) : []))
      .flatMap((i) => i.adjustments)
      .filter((a) => a.per && resolver.symbols.global.get(a.per.name)?.kind === "event");
    eventCountingOf.set(rubric, found);
  }
  return found;
}

function checkItem(ctx: CheckContext, item: A.ItemDecl, scope: Scope): void {
  const { resolver, accept } = ctx;
  checkCategories(ctx, item.categories, item.range);
  if (!(item.points >= 0)) accept("error", Codes.BadNumber, "分值应是不小于 0 的数", "points must be a number ≥ 0", item.codeRange);
  // `= 25 × 按时率 ≥ 0` (最低 0 分, as a regulation's table writes it): the lower bound is at least, not a comparison;
  // `= 40 × 按时率 >= 36` may be a lower bound (every unit scores 36 at least) or a threshold (scored when reached): both said
  const f = item.formula;
  if (
    f?.kind === "binary" &&
    (f.op === ">=" || f.op === ">") &&
    f.right.kind === "number" &&
    item.atLeast === null &&
    resolver.typeOf(f.left, scope) === "number"
  ) {
    const [atLeast, formula, n] = [spell("at least", ctx.language), printExpr(f.left, ctx.language), f.right.text];
    const [formulaEn, comparison] = [printExpr(f.left), `${f.op} ${n}`];
    const [meant, meantEn] =
      f.right.value === 0
        ? [`公式的下限写作 ${formula} ${atLeast} ${n}`, `a formula's lower bound is written ${formulaEn} at least ${n}`]
        : [
            `办法规定最低得 ${n} 分的，写作 ${formula} ${atLeast} ${n}（每个单位至少得 ${n} 分）；达到 ${n} 才得分的，写作 ${spell("if", ctx.language)} ${formula} ${comparison} ${spell("then", ctx.language)} … ${spell("else", ctx.language)} …`,
            `for a lowest score of ${n}, write ${formulaEn} at least ${n} (every unit scores ${n} at least); for a score given when ${n} is reached, write if ${formulaEn} ${comparison} then … else …`,
          ];
    accept(
      "error",
      Codes.TypeMismatch,
      `考核项 ${item.code} 的公式是一个比较（${comparison}），得出的是是/否，不是分数：${meant}`,
      `item ${item.code}'s formula is a comparison (${comparison}), a yes/no, not a score: ${meantEn}`,
      f.range,
    );
  } else if (item.formula) resolver.expect(item.formula, resolver.typeOf(item.formula, scope), "number");
  for (const e of [item.base, item.weight, item.atLeast]) if (e) resolver.expect(e, resolver.typeOf(e, scope), "number");
  for (const adj of item.adjustments) {
    if (adj.amount) resolver.expect(adj.amount, resolver.typeOf(adj.amount, scope), "number");
    // `扣 -3 分`: a deduction of −3 adds 3; the direction is the verb's
    if (adj.amount?.kind === "unary" && adj.amount.op === "-" && adj.amount.operand.kind === "number") {
      const [verb, other] = adj.direction === "deduct" ? ["扣", "加"] : ["加", "扣"];
      accept(
        "error",
        Codes.BadNumber,
        `${verb}分的分值写正数：${verb} ${adj.amount.operand.text} 分（要${other}分，写 ${other} ${adj.amount.operand.text} 分）`,
        `a ${adj.direction === "deduct" ? "deduction" : "addition"}'s amount is written positive (${adj.direction === "deduct" ? "to add, write add" : "to deduct, write deduct"})`,
        adj.amount.range,
      );
    }
    // `扣 max(20, 不满意件数) 分`: max is the larger, so every unit loses at least 20; a cap is min
    const floor = adj.amount?.kind === "call" && adj.amount.callee === "max" && adj.amount.args.length === 2 ? adj.amount.args.map((a) => a.value) : null;
    const limit = floor?.find((x): x is A.NumberLit => x.kind === "number" && x.value > 0);
    // (only an amount every unit is deducted: `扣 max(2, …) 若 …` and `per` are floors of what some units lose)
    if (adj.amount && floor && limit && floor.some((x) => x.kind !== "number") && !adj.condition && !adj.per) {
      const verb = adj.direction === "deduct" ? "扣" : "加";
      accept(
        "warning",
        Codes.MaxAsCap,
        `${verb} max(${limit.text}, …)：max 取两者中较大的，每个单位至少${verb} ${limit.text} 分；要以 ${limit.text} 分为上限，写 min(${limit.text}, …)`,
        `${adj.direction} max(${limit.text}, …) takes the larger of the two, so every unit gets at least ${limit.text}; a cap of ${limit.text} is min(${limit.text}, …)`,
        adj.amount.range,
      );
    }
    if (adj.condition) resolver.expect(adj.condition, resolver.typeOf(adj.condition, scope), "bool");
    if (adj.per) {
      resolver.used.add(adj.per.name);
      const target = resolver.symbols.global.get(adj.per.name);
      if (target?.kind === "event") {
        const eventsPopulation = ctx.rubric.declarations.find((d) => d.kind === "population" && d.record === "events");
        if (eventsPopulation) resolver.used.add((eventsPopulation as A.PopulationDecl).name);
        else {
          // one cause, however many items count events: said once, at the first
          const counting = eventCounting(ctx);
          if (counting[0] === adj) {
            const types = someOf([...new Set(counting.map((a) => a.per?.name ?? ""))]);
            const count = counting.length.toLocaleString("en-US");
            const [many, manyEn] =
              counting.length > 1
                ? [`；共 ${count} 处按事件类型计分（${types.zh}）都要用到它`, `; ${count} deductions or additions count events (${types.en})`]
                : ["", ""];
            accept(
              "error",
              Codes.UnknownPopulation,
              `按事件类型计分需要先定义事件的考核范围，例如 population 本期事件 = events where 日期 in period${many}`,
              `counting events needs an events population, e.g. population E = events where 日期 in period${manyEn}`,
              adj.per.range,
            );
          }
        }
        if (adj.recorded && target.decl.points !== null) {
          accept(
            "warning",
            Codes.RecordedMismatch,
            `事件类型 ${adj.per.name} 已规定每次 ${target.decl.points} 分，recorded 会改用记录中的分值`,
            `event type '${adj.per.name}' has fixed points; 'recorded' uses each event's own 分值 instead`,
            adj.range,
          );
        }
      } else if (target?.kind === "measure" || target?.kind === "value" || target?.kind === "rate") {
        if (!adj.amount)
          accept(
            "error",
            Codes.UnknownPer,
            `按 ${adj.per.name} 计分时要写明每次的分值，例如 deduct 2 per ${adj.per.name}`,
            `give the points per unit of '${adj.per.name}'`,
            adj.range,
          );
        if (adj.recorded) accept("error", Codes.RecordedMismatch, "recorded 只能用于事件类型", "'recorded' applies to event types only", adj.range);
      } else {
        accept(
          "error",
          Codes.UnknownPer,
          `per 后面应是事件类型或计数（measure），${adj.per.name} 两者都不是${suggest(adj.per.name, namesOf(resolver, "event", "measure", "rate", "value"))}`,
          `'${adj.per.name}' is neither an event type nor a measure${suggestEn(adj.per.name, namesOf(resolver, "event", "measure", "rate", "value"))}`,
          adj.per.range,
        );
      }
    } else if (!adj.amount) {
      accept(
        "error",
        Codes.BadArguments,
        adj.condition
          ? "if 条件扣分/加分要写明分值，例如 deduct 3 if not 领导小组"
          : "扣分/加分要写明分值，例如 deduct 0.5 × 超期件数、deduct 3 if not 领导小组",
        adj.condition ? "give the points, e.g. deduct 3 if …" : "give the points, e.g. deduct 0.5 × 超期件数",
        adj.range,
      );
    }
  }
  for (const adj of item.adjustments) {
    if (adj.continuing && adj.direction === "add")
      accept("error", Codes.TypeMismatch, "continuing 只用于扣分（deduct）", "'continuing' applies to deductions only", adj.range);
  }
  if (item.bonus) {
    for (const [e, word] of [
      [item.base, "base"],
      [item.weight, "weight"],
    ] as const) {
      if (e) accept("error", Codes.TypeMismatch, `加分项（bonus）中不能用 ${word}`, `a bonus item has no '${word}'`, e.range);
    }
  }
  if (item.bonus && item.adjustments.some((a) => a.direction === "deduct")) {
    accept("error", Codes.TypeMismatch, "加分项（bonus）中只能用 add", "a bonus item only adds points", item.range);
  }
  const base = item.base?.kind === "number" ? item.base.value : item.base ? null : item.points;
  const weight = item.weight?.kind === "number" ? item.weight.value : item.weight ? null : 1;
  if (!item.formula && !item.bonus && base !== null && weight !== null && Math.abs(base * weight - item.points) > 1e-9) {
    // each as written (权重 25%, not 0.25), and what to change: the weight that gives the points, or the points; with no
    // base written, the base the weight was meant for
    const product = round6(base * weight);
    const weightText = item.weight?.kind === "number" ? item.weight.text : "100%（未写 weight）";
    const weightTextEn = item.weight?.kind === "number" ? item.weight.text : "100% (none written)";
    const [fix, fixEn] =
      item.base === null && weight !== 0
        ? [
            `写明基础分（按权重应写 base ${round6(item.points / weight)}），或改正权重`,
            `write the base (base ${round6(item.points / weight)} for this weight), or correct the weight`,
          ]
        : base !== 0
          ? [
              `${item.weight ? "改正" : "写明"}权重（按分值应写 weight ${round6((item.points / base) * 100)}%），或把该项分值改为 ${product} points`,
              `${item.weight ? "correct" : "write"} the weight (weight ${round6((item.points / base) * 100)}% for these points), or make the item ${product} points`,
            ]
          : ["改正基础分或该项分值", "correct the base or the item's points"];
    accept(
      "warning",
      Codes.WeightMismatch,
      `基础分 ${item.base === null ? `${base}（未写 base，即该项分值）` : (item.base as A.NumberLit).text} × 权重 ${weightText} = ${product} 分，与该项分值 ${item.points} 分不符：请核对办法，${fix}`,
      `base ${base} × weight ${weightTextEn} = ${product}, not the item's ${item.points} points: ${fixEn}`,
      item.codeRange,
    );
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function checkBands({ resolver, accept }: CheckContext, a: A.AssessmentDecl): void {
  if (a.bands.length === 0) return;
  const scope = unitScope(a);
  let last = Number.POSITIVE_INFINITY;
  // the band whose number line `last` is, named when a lower band's line is not below it
  let lastLined: A.BandDecl | null = null;
  let lastBand: A.BandDecl | null = null;
  a.bands.forEach((b, i) => {
    if (b.condition) {
      // by rank (前 20% 为优秀): known after ranking, as a sanction's condition is; not by the band it decides
      resolver.expect(b.condition, resolver.typeOf(b.condition, { ...scope, ranked: true }), "bool");
      if ([...namesInThisPeriod(b.condition)].some((n) => findField(rankedBuiltins, n)?.key === "band" && !resolver.symbols.global.has(n)))
        accept(
          "error",
          Codes.Cycle,
          `等次 ${b.name} 的条件不能读等次：等次正由这些条件决定（可读得分、名次、参评单位数等）`,
          `band ${b.name}'s condition cannot read the band, which these conditions decide (it may read the score, the rank, the group's size …)`,
          b.condition.range,
        );
      return;
    }
    if (b.atLeast === null) {
      if (i !== a.bands.length - 1) accept("error", Codes.BadBands, "otherwise 等次应放在最后", "the 'otherwise' band comes last", b.range);
      return;
    }
    resolver.expect(b.atLeast, resolver.typeOf(b.atLeast, scope), "number");
    if (b.atLeast.kind === "number") {
      // `评为 良好 不低于 80%` above `评为 合格 不低于 60`: the percentage (0.8 points) is the slip, not the order
      const before = lastBand?.atLeast?.kind === "number" && lastBand.atLeast.percent ? lastBand : null;
      if (b.atLeast.value >= last && before?.atLeast?.kind === "number") {
        const n = before.atLeast.text.replace(/[%％]$/, "");
        accept(
          "error",
          Codes.BadBands,
          `等次 ${before.name} 的分数线 ${before.atLeast.text} 是百分数，即 ${before.atLeast.value} 分，低于下一个等次的 ${b.atLeast.text}：分数线是得分，请写成 ${n}`,
          `band ${before.name}'s threshold ${before.atLeast.text} is a percentage, ${before.atLeast.value} points, below the next band's ${b.atLeast.text}: write the score, ${n}`,
          before.atLeast.range,
        );
      } else if (b.atLeast.value >= last && lastLined?.atLeast?.kind === "number") {
        // bands are taken top down, the first reached: a line not below the one above is never what decides
        const above = lastLined.atLeast;
        accept(
          "error",
          Codes.BadBands,
          `等次应按分数线从高到低排列：${b.name} 的分数线 ${b.atLeast.text} 不低于上面 ${lastLined.name} 的 ${above.text}，得分达到 ${b.atLeast.text} 的单位先评为 ${lastLined.name}，${b.name} 的这条分数线不起作用；请调换这两行，或改正分数线（应低于 ${above.text}）`,
          `bands go from the highest threshold down: ${b.name}'s ${b.atLeast.text} is not below ${lastLined.name}'s ${above.text} above it, so a unit reaching ${b.atLeast.text} is rated ${lastLined.name} first and ${b.name}'s line decides nothing; swap the two lines or correct the threshold (below ${above.text})`,
          b.range,
        );
      }
      last = b.atLeast.value;
      lastLined = b;
    }
    lastBand = b;
  });
  const final = a.bands[a.bands.length - 1];
  if (final && (final.atLeast !== null || final.condition !== null)) {
    accept(
      "error",
      Codes.BadBands,
      "最后一个等次应写 otherwise（其余单位）",
      "the last band must be 'otherwise'",
      a.bands[a.bands.length - 1]?.range ?? a.range,
    );
  }
}

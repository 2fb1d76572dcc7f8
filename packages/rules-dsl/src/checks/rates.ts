/**
 * A rate held against a whole number (`if 满意率 >= 95 then …`, `95 - 按时率`, `threshold(按时办结率, target: 98, …)`): a rate is a
 * fraction, 0 to 1 (95% is 0.95), so the comparison with 95 is never true (or always), and every unit gets the same
 * points without a word. The regulation's "95%" must be written with its percent sign. Said once per number.
 */
import * as A from "../ast.ts";
import { itemExprs, itemsOf } from "../ast-utils.ts";
import { Codes } from "../diagnostics.ts";
import { rateIsFraction } from "../symbols.ts";
import type { CheckContext } from "./context.ts";

const COMPARISONS = new Set<A.BinaryOp>(["<", "<=", ">", ">=", "=", "!="]);

/** 1.1 as a percentage, as written (110, not 110.00000000000001). */
const percentOf = (v: number) => Math.round(v * 10_000) / 100;

/** A number written without a percent sign, above 1: what a rate never reaches. */
export const wholeNumber = (e: A.Expr): e is A.NumberLit => e.kind === "number" && !e.percent && e.value > 1;

/** A name of a rate that is a fraction (0 to 1): what KH254 warns of beside a whole number. */
export const isRateName = (ctx: CheckContext, e: A.Expr): e is A.NameRef => e.kind === "name" && rateIsFraction(ctx.resolver.symbols, e.name);

/**
 * Where a comparison stands, for what it does: in a score every unit scores alike; in a veto's, a sanction's or a
 * band's condition every unit with the rate is vetoed (sanctioned, banded), or none is. A rubric author's veto
 * `若 弄虚作假次数 > 0 或 满意率 < 60` was told 各单位都会得同样的分, where every unit with a 回访 was vetoed.
 */
type Where =
  | { kind: "score" }
  | { kind: "veto"; veto: A.VetoDecl; lastBand: string | null }
  | { kind: "sanction"; sanction: A.SanctionDecl }
  | { kind: "band"; band: A.BandDecl };

/** What a comparison that never changes does to a score (and threshold()'s target written so, wherever it stands). */
const ALIKE: [string, string] = ["各单位都会得同样的分", "so every unit scores alike"];

/** A veto's effect, as its `then` says it: 评为 不合格、得零分. */
function vetoEffect(v: A.VetoDecl, lastBand: string | null): [string, string] {
  const band = v.band ?? (!v.last && !v.zero ? lastBand : null);
  const zh = [...(band ? [`评为 ${band}`] : []), ...(v.zero ? ["得零分"] : []), ...(v.last ? ["排名末位"] : [])];
  const en = [...(band ? [`band ${band}`] : []), ...(v.zero ? ["zero"] : []), ...(v.last ? ["ranked last"] : [])];
  return [zh.join("、"), en.join(", ")];
}

/**
 * What the comparison of a rate with a whole number does where it stands: it holds for every unit with the rate
 * (`满意率 < 60`) or for none (`满意率 >= 95`); it decides the whole condition when only `or` stands above one that
 * always holds (only `and` above one that never does).
 */
function comparisonEffect(where: Where, e: A.Binary, rateOnLeft: boolean, path: readonly A.Expr[], rate: string): [string, string] {
  if (where.kind === "score") return ALIKE;
  const op = rateOnLeft ? e.op : (({ "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as Record<string, string>)[e.op] ?? e.op);
  // a rate (at most 1) against a number above 1: below it, never at or above it
  const always = op === "<" || op === "<=" || op === "!=";
  const decides = path.every((x) => x.kind === "binary" && x.op === (always ? "or" : "and"));
  const holds = always ? `对每个 ${rate} 有值的单位都成立` : "对任何单位都不成立";
  const holdsEn = always ? `holds for every unit with a ${rate}` : "holds for no unit";
  if (!decides) return [`这一比较${holds}，条件不会按办法的意思判定`, `so this comparison ${holdsEn} and the condition is not decided as the regulation means`];
  switch (where.kind) {
    case "veto": {
      const [effect, effectEn] = vetoEffect(where.veto, where.lastBand);
      return always
        ? [`每个 ${rate} 有值的单位都会被这条一票否决（${effect}）`, `so every unit with a ${rate} is vetoed (${effectEn})`]
        : ["这条一票否决永远不会成立", "so this veto never applies"];
    }
    case "sanction":
      return always
        ? [`每个 ${rate} 有值的单位都会被列出处理措施 ${where.sanction.name}`, `so every unit with a ${rate} gets the sanction ${where.sanction.name}`]
        : [`处理措施 ${where.sanction.name} 永远不会列出`, `so the sanction ${where.sanction.name} is never given`];
    case "band":
      return always
        ? [
            `${rate} 有值的单位只要没有评上前面的等次，都会评为 ${where.band.name}`,
            `so every unit with a ${rate} not given a band above is banded ${where.band.name}`,
          ]
        : [`没有单位会按这个条件评为 ${where.band.name}`, `so no unit is banded ${where.band.name} by this condition`];
  }
}

function ratesAgainstWholeNumbers(ctx: CheckContext, expr: A.Expr, where: Where = { kind: "score" }): void {
  const isRate = (e: A.Expr): e is A.NameRef => isRateName(ctx, e);
  const warn = (n: A.NumberLit, zh: string, en: string) => ctx.accept("warning", Codes.RateAgainstWholeNumber, zh, en, n.range);
  const compared = (rate: string, n: A.NumberLit, effect: [string, string]) =>
    warn(
      n,
      `比率 ${rate} 与 ${n.text} 相比：比率是 0 到 1 之间的小数（95% 即 0.95），不会达到 ${n.text}，${effect[0]}：办法说的是百分数的，请写成 ${n.text}%`,
      `the rate ${rate} against ${n.text}: a rate is a fraction from 0 to 1 (95% is 0.95) and never reaches ${n.text}, ${effect[1]}; if the regulation means a percentage, write ${n.text}%`,
    );
  const stepped = (rate: string, n: A.NumberLit, points = Math.round(n.value * 10_000) / 100) =>
    warn(
      n,
      `threshold() 的档距 step: ${n.text}：比率 ${rate} 是 0 到 1 之间的小数，档距 ${n.text} 是 ${points} 个百分点，几乎不会扣分：每低 ${n.text} 个百分点一档的，请写成 step: ${n.text}%`,
      `threshold()'s step: ${n.text}: the rate ${rate} is a fraction from 0 to 1, so a step of ${n.text} is ${points} percentage points and almost nothing is deducted; for ${n.text} percentage points write step: ${n.text}%`,
    );
  const added = (rate: string, n: A.NumberLit) =>
    warn(
      n,
      `比率 ${rate} 与 ${n.text} 相加减：比率是 0 到 1 之间的小数（95% 即 0.95），${n.text} 是 ${n.text} 个 1，不是 ${n.text}%：办法说的是百分数的，请写成 ${n.text}%（相差几个百分点，再除以 1%）`,
      `the rate ${rate} added to or taken from ${n.text}: a rate is a fraction from 0 to 1 (95% is 0.95), and ${n.text} is not ${n.text}%; if the regulation means a percentage, write ${n.text}% (percentage points: divide the difference by 1%)`,
    );
  // `path`: the expressions above `e`, from the condition's top
  const visit = (e: A.Expr, path: A.Expr[] = []): void => {
    if (e.kind === "binary" && COMPARISONS.has(e.op)) {
      if (isRate(e.left) && wholeNumber(e.right)) compared(e.left.name, e.right, comparisonEffect(where, e, true, path, e.left.name));
      else if (isRate(e.right) && wholeNumber(e.left)) compared(e.right.name, e.left, comparisonEffect(where, e, false, path, e.right.name));
    }
    // `95 - 按时率`: a percentage written without its sign, in a difference (扣 0.5 × (95 - 按时率))
    if (e.kind === "binary" && (e.op === "+" || e.op === "-")) {
      if (isRate(e.left) && wholeNumber(e.right)) added(e.left.name, e.right);
      else if (isRate(e.right) && wholeNumber(e.left)) added(e.right.name, e.left);
    }
    if (e.kind === "call" && e.callee === "threshold") {
      const x = e.args.find((a) => a.name === null)?.value;
      if (x && isRate(x)) {
        for (const a of e.args) {
          if (a.name === "target" && wholeNumber(a.value)) compared(x.name, a.value, ALIKE);
          // a step of 1 is 100 percentage points as surely as 2 is 200: "每低 1 个百分点" is step: 1%
          if (a.name === "step" && a.value.kind === "number" && !a.value.percent && a.value.value >= 1) stepped(x.name, a.value);
        }
      }
    }
    for (const c of A.childrenOf(e)) visit(c, [...path, e]);
  };
  visit(expr);
}

/**
 * A rate's `when zero:` written as a whole number (`when zero: 100 "无应办结件"`): the rate is a fraction, so a unit
 * without orders would read 100 as 10000%, above every other unit, and lift any mean it is in (a rubric author).
 */
export function checkRateWhenZero(ctx: CheckContext, d: A.RateDecl): void {
  const n = d.whenZero;
  if (!n || !wholeNumber(n) || !rateIsFraction(ctx.resolver.symbols, d.name)) return;
  ctx.accept(
    "warning",
    Codes.RateAgainstWholeNumber,
    `比率 ${d.name} 分母为零时取 ${n.text}：比率是 0 到 1 之间的小数（95% 即 0.95），${n.text} 是 ${percentOf(n.value)}%，分母为零的单位会远高于其他单位，并抬高所在的平均：办法说的是百分数的，请写成 ${n.text}%`,
    `the rate ${d.name} is ${n.text} when its denominator is zero: a rate is a fraction from 0 to 1 (95% is 0.95), and ${n.text} is ${percentOf(n.value)}%; for a percentage write ${n.text}%`,
    n.range,
  );
}

/** A value's expression. */
export function checkValueRates(ctx: CheckContext, d: A.ValueDecl): void {
  ratesAgainstWholeNumbers(ctx, d.expr);
}

/** An assessment's items, total, bands, vetoes and sanctions. */
export function checkAssessmentRates(ctx: CheckContext, a: A.AssessmentDecl): void {
  const exprs = [
    ...a.parts.flatMap((part) => itemsOf(part).flatMap(itemExprs)),
    a.total,
    a.rescaleTo,
    ...a.reports.map((r) => r.expr),
    ...a.bands.map((b) => b.atLeast),
  ];
  for (const e of exprs) if (e) ratesAgainstWholeNumbers(ctx, e);
  for (const band of a.bands) if (band.condition) ratesAgainstWholeNumbers(ctx, band.condition, { kind: "band", band });
  const lastBand = a.bands[a.bands.length - 1]?.name ?? null;
  for (const veto of a.vetoes) ratesAgainstWholeNumbers(ctx, veto.condition, { kind: "veto", veto, lastBand });
  for (const sanction of a.sanctions) ratesAgainstWholeNumbers(ctx, sanction.condition, { kind: "sanction", sanction });
}

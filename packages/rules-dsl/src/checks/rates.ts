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

function ratesAgainstWholeNumbers(ctx: CheckContext, expr: A.Expr): void {
  const isRate = (e: A.Expr): e is A.NameRef => isRateName(ctx, e);
  const warn = (n: A.NumberLit, zh: string, en: string) => ctx.accept("warning", Codes.RateAgainstWholeNumber, zh, en, n.range);
  const compared = (rate: string, n: A.NumberLit) =>
    warn(
      n,
      `比率 ${rate} 与 ${n.text} 相比：比率是 0 到 1 之间的小数（95% 即 0.95），不会达到 ${n.text}，各单位都会得同样的分：办法说的是百分数的，请写成 ${n.text}%`,
      `the rate ${rate} against ${n.text}: a rate is a fraction from 0 to 1 (95% is 0.95) and never reaches ${n.text}, so every unit scores alike; if the regulation means a percentage, write ${n.text}%`,
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
  const visit = (e: A.Expr): void => {
    if (e.kind === "binary" && COMPARISONS.has(e.op)) {
      if (isRate(e.left) && wholeNumber(e.right)) compared(e.left.name, e.right);
      else if (isRate(e.right) && wholeNumber(e.left)) compared(e.right.name, e.left);
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
          if (a.name === "target" && wholeNumber(a.value)) compared(x.name, a.value);
          // a step of 1 is 100 percentage points as surely as 2 is 200: "每低 1 个百分点" is step: 1%
          if (a.name === "step" && a.value.kind === "number" && !a.value.percent && a.value.value >= 1) stepped(x.name, a.value);
        }
      }
    }
    for (const c of A.childrenOf(e)) visit(c);
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
    ...a.bands.flatMap((b) => [b.atLeast, b.condition]),
    ...a.vetoes.map((v) => v.condition),
    ...a.sanctions.map((s) => s.condition),
  ];
  for (const e of exprs) if (e) ratesAgainstWholeNumbers(ctx, e);
}

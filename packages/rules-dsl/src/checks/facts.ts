/**
 * A fact without `when missing` is empty for a unit with no row for it, and a comparison with an empty value is false
 * (§4.6): `deduct 5 if 参加培训 = 否` never deducts from a unit whose row is missing, though an empty yes/no counts as
 * 否 everywhere else (`not 参加培训` is true for it). Likewise `培训次数 < 2` for a number fact. Said once per comparison.
 */
import type * as A from "../ast.ts";
import { itemExprs, itemsOf, visitGuarded } from "../ast-utils.ts";
import { Codes } from "../diagnostics.ts";
import { printExpr } from "../print-expr.ts";
import { spell } from "../tokens.ts";
import type { CheckContext } from "./context.ts";

const FLIPPED: Partial<Record<A.BinaryOp, A.BinaryOp>> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!=" };

function comparisons(ctx: CheckContext, expr: A.Expr): void {
  const { resolver, accept, language } = ctx;
  const w = (en: string) => spell(en, language);
  // `培训次数 is missing or 培训次数 < 2`, `整改次数 is not missing and 整改次数 = 0`: the missing value is decided in
  // the same condition, one way or the other
  const decided = new Set<string>();
  visitGuarded(expr, (e) => {
    if (e.kind === "isMissing" && e.operand.kind === "name") decided.add(e.operand.name);
  });
  visitGuarded(expr, (e, guarded) => {
    if (guarded) return;
    // the fact on the left: `否 = 参加培训` is `参加培训 = 否`; `培训次数 in [0, 1]` is `培训次数 = 0` or more
    const [name, others, op] =
      e.kind === "inList" && !e.negated
        ? [e.operand.kind === "name" ? e.operand : null, e.items, "=" as const]
        : e.kind !== "binary"
          ? [null, [], undefined]
          : e.left.kind === "name"
            ? [e.left, [e.right], e.op]
            : e.right.kind === "name"
              ? [e.right, [e.left], FLIPPED[e.op]]
              : [null, [], undefined];
    if (!name || !op || decided.has(name.name)) return;
    const sym = resolver.symbols.global.get(name.name);
    if (sym?.kind !== "fact" || sym.decl.whenMissing !== null) return;
    const fact = sym.decl;
    const meansNo = fact.type === "yesno" && others.some((o) => o.kind === "bool" && ((op === "=" && !o.value) || (op === "!=" && o.value)));
    const belowNumber = fact.type === "number" && others.some((o) => o.kind === "number" && (op === "<" || op === "<=" || (op === "=" && o.value === 0)));
    if (!meansNo && !belowNumber) return;
    const written = printExpr(e, language);
    const [zh, en] = meansNo
      ? [
          `在事实的声明中写 ${w("when missing")} 否（${w("fact")} ${fact.name} ${w("yesno")} ${w("when missing")} 否），或把条件写成 ${w("not")} ${fact.name}`,
          `declare fact ${fact.name} yesno when missing false, or write not ${fact.name}`,
        ]
      : [
          `在事实的声明中写 ${w("when missing")} 0（${w("fact")} ${fact.name} ${w("number")} ${w("when missing")} 0）`,
          `declare fact ${fact.name} number when missing 0`,
        ];
    accept(
      "warning",
      Codes.MissingFactCondition,
      `事实 ${fact.name} 没有写 ${w("when missing")}：没有它的记录的单位，${fact.name} 为空，与空值的比较不成立，“${written}”对这样的单位不成立；要按${meansNo ? "“否”" : " 0 "}计，${zh}；有意不算没有记录的单位的，写明 ${fact.name} ${w("is not missing")} ${w("and")} …`,
      `fact ${fact.name} has no 'when missing': for a unit with no row it is empty and '${printExpr(e)}' is false; ${en}`,
      e.range,
    );
  });
}

export function checkAssessmentFactConditions(ctx: CheckContext, a: A.AssessmentDecl): void {
  const exprs = [
    ...a.parts.flatMap(itemsOf).flatMap(itemExprs),
    a.total,
    ...a.vetoes.map((v) => v.condition),
    ...a.sanctions.map((s) => s.condition),
    ...a.bands.map((b) => b.condition),
  ];
  for (const e of exprs) if (e) comparisons(ctx, e);
}

export function checkValueFactConditions(ctx: CheckContext, v: A.ValueDecl): void {
  comparisons(ctx, v.expr);
}

/**
 * A number fact without `when missing` read in an item's formula (`item 配合 10 points = 工作配合`) of an assessment
 * with `rescale to`: a unit with no row for it (a score forgotten in the facts file) has the item not applicable, and
 * the rescale brings its other items up to full marks: it gets its average instead of 0 for the item, silently. A
 * tester writing a city's rubric met it. Said once per item and fact; a yes/no fact is 否 when empty in a condition,
 * and facts read after `??` are decided already.
 */
export function checkMissingFactRescaled({ resolver, accept, language }: CheckContext, a: A.AssessmentDecl): void {
  if (!a.rescaleTo || !a.rescaleRange || a.total) return;
  const w = (en: string) => spell(en, language);
  const reaching = emptyFactsReaching(resolver, new Map(a.parts.flatMap(itemsOf).map((i) => [i.code, i])));
  const full = printExpr(a.rescaleTo, language);
  for (const item of a.parts.flatMap(itemsOf)) {
    if (item.bonus || item.points <= 0 || !item.formula) continue;
    const facts = [...new Set(reaching(item.formula))];
    for (const fact of facts)
      accept(
        "warning",
        Codes.MissingFactRescaled,
        `事实 ${fact.name} 没有写 ${w("when missing")}：事实文件中没有这个单位${fact.monthly ? "当月" : "当年"}的 ${fact.name} 时（如漏填了评分），考核项 ${item.code} 对它不适用，其余各项按“${w("rescale to")} ${full}”折算：这一项不是按 0 分计，而是按它其余各项的得分率计，漏填反而可能得分更高。` +
          `要按 0 分计，在事实的声明中写 ${w("when missing")} 0（${w("fact")} ${fact.name} ${w("number")}${fact.monthly ? ` ${w("monthly")}` : ""} ${w("when missing")} 0，计分时对没有记录的单位给出提示）；办法规定没有评分的单位这一项不计、按其余各项折算的，写 ${fact.name} ?? ${w("not applicable")} 表明是有意的`,
        `fact ${fact.name} has no 'when missing': a unit with no row of it (a score not filled in) has item ${item.code} not applicable and its other items rescaled to ${full}, so it scores its average rate for the item instead of 0. ` +
          `Declare fact ${fact.name} number when missing 0; or, when the rubric means such a unit to be scored from its other items, write ${fact.name} ?? not applicable`,
        item.codeRange,
      );
  }
}

/**
 * The number facts without `when missing` whose absence reaches the value of an expression, directly or through
 * values, rates and items: not those read only in a condition (a comparison with a missing fact is false, `is missing`
 * true, and the `if` still gives a value: `if 工作配合 is missing then 0 else 工作配合` scores 0, as written), nor
 * those left of `??`.
 */
function emptyFactsReaching(resolver: CheckContext["resolver"], items: ReadonlyMap<string, A.ItemDecl>): (e: A.Expr | null) => A.FactDecl[] {
  const known = new Map<string, A.FactDecl[]>();
  const walk = (e: A.Expr | null): A.FactDecl[] => {
    if (!e) return [];
    switch (e.kind) {
      case "binary":
        if (e.op === "??") return walk(e.right);
        if (e.op === "+" || e.op === "-" || e.op === "×" || e.op === "/") return [...walk(e.left), ...walk(e.right)];
        return [];
      case "unary":
        return e.op === "-" ? walk(e.operand) : [];
      case "if": {
        // `if 工作配合 is missing then 0 else 工作配合`: the fact the test asks about is there in the branch it guards
        const asked = e.test.kind === "isMissing" && e.test.operand.kind === "name" ? e.test.operand.name : null;
        const guarded = (branch: A.Expr, there: boolean) => walk(branch).filter((f) => !(there && f.name === asked));
        const negated = e.test.kind === "isMissing" && e.test.negated;
        return [...guarded(e.whenTrue, negated), ...guarded(e.whenFalse, !negated)];
      }
      case "call":
        if (e.callee === "coalesce") return e.args.length > 0 ? walk((e.args[e.args.length - 1] as A.Arg).value) : [];
        return e.args.flatMap((arg) => walk(arg.value));
      case "name": {
        const memo = known.get(e.name);
        if (memo) return memo;
        known.set(e.name, []);
        const found = ofName(e.name);
        known.set(e.name, found);
        return found;
      }
      default:
        // a literal, or a condition (is missing, in a list, in a period): no missing fact's number reaches it
        return [];
    }
  };
  const ofName = (name: string): A.FactDecl[] => {
    const item = items.get(name);
    if (item) return walk(item.formula);
    const sym = resolver.symbols.global.get(name);
    if (sym?.kind === "value") return walk(sym.decl.expr);
    if (sym?.kind === "rate") return [...walk(sym.decl.numerator), ...walk(sym.decl.denominator), ...walk(sym.decl.whenZero)];
    if (sym?.kind === "fact") return sym.decl.whenMissing === null && sym.decl.type === "number" ? [sym.decl] : [];
    return [];
  };
  return walk;
}

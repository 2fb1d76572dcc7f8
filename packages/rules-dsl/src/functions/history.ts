/**
 * previous, mean: values of other periods. Their checks read the rubric's declarations (the resolver's
 * `previousType`, `meanType` in resolve.ts); their values come from the engine's history (history.ts: the run of the
 * period before, the year's monthly scores).
 */
import type * as A from "../ast.ts";
import { type BuiltinFunction, NOT_APPLICABLE } from "./define.ts";

/** The name a call's first argument is (previous(名次), mean(月度考核)), or "". */
function targetName(e: A.Expr | undefined): string {
  return e?.kind === "name" ? e.name : "";
}

export const previous: BuiltinFunction = {
  name: "previous",
  params: "x",
  level: "unit",
  positional: { min: 1, max: 1 },
  named: [],
  returns: "any",
  zh: "上期的值：previous(名次)、previous(超期件数)（中文写作 上期(名次)）",
  // where it may be used and what it may read are the resolver's to say (previousType): it reports them itself
  checksAlone: true,
  check: (c) => c.previousType(),
  evaluate: (c) => c.previous(targetName(c.positional[0])),
};

export const count_months: BuiltinFunction = {
  name: "count_months",
  zhName: "月数",
  params: "月度考核, 条件, consecutive: true",
  level: "unit",
  positional: { min: 2, max: 2 },
  named: ["consecutive"],
  readArgs: { consecutive: "连续" },
  returns: "number",
  zh: "年度内该月度考核中条件成立的月数（条件读当月的得分、名次、等次等）；consecutive: true 时为最长的连续月数",
  // where it may be used and what its condition may read are the resolver's to say (countMonthsType)
  checksAlone: true,
  check: (c) => c.countMonthsType(),
  evaluate: (c) => {
    const months = c.monthlyResults(targetName(c.positional[0]));
    const condition = c.positional[1];
    if (months.length === 0 || !condition) {
      c.reason("本年度无考核月份");
      return NOT_APPLICABLE;
    }
    const consecutive = c.named.get("consecutive");
    const inARow = consecutive !== undefined && c.eval(consecutive) === true;
    let count = 0;
    let run = 0;
    let longest = 0;
    for (const m of months) {
      if (c.evalRanked(condition, m.ranked) === true) {
        count++;
        run++;
        longest = Math.max(longest, run);
      } else run = 0;
    }
    return inARow ? longest : count;
  },
};

export const mean: BuiltinFunction = {
  name: "mean",
  params: "考核, weighted: true",
  level: "unit",
  positional: { min: 1, max: 1 },
  named: ["weighted"],
  readArgs: { weighted: "按承办量加权" },
  returns: "number",
  zh: "年度内各月考核得分的平均；weighted: true（按承办量加权: 是）时按各月承办量加权平均",
  check: (c) => {
    for (const a of c.call.args) if (a.name === "weighted") c.expect(a.value, c.typeOf(a.value), "bool");
    return c.meanType();
  },
  evaluate: (c) => {
    const name = targetName(c.positional[0]);
    const scores = c.monthlyScores(name);
    if (scores.length === 0) {
      c.reason("本年度无考核月份");
      return NOT_APPLICABLE;
    }
    const weighted = c.named.get("weighted");
    if (weighted === undefined || c.eval(weighted) !== true) return scores.reduce((s, x) => s + x, 0) / scores.length;
    // 年度成绩按各月承办量加权平均 (a rubric author could not write it): Σ score × volume / Σ volume, of the scored months
    let sum = 0;
    let volume = 0;
    for (const m of c.monthlyResults(name)) {
      const score = m.ranked.score;
      const v = m.ranked.volume;
      if (typeof score !== "number" || typeof v !== "number") continue;
      sum += score * v;
      volume += v;
    }
    if (volume === 0) {
      c.reason("本年度各月承办量都为 0，无法加权");
      return NOT_APPLICABLE;
    }
    return sum / volume;
  },
};

/**
 * A deduction or addition said in Chinese, whatever language the rubric's keywords are in: the console's result tables
 * and `kaohe explain` say it alike (the command line printed "deduct recorded per 其他效能问题" in its Chinese text).
 * Without the browser's or the store's modules: the console loads it.
 */
import { roundHalfUp } from "@kaohe/rules-dsl/numbers";

/** What of an adjustment's result (rules-engine's AdjustmentResult, or one published before it kept `countUnit`) is said. */
interface Adjustment {
  direction: "deduct" | "add";
  /** the rule as the rubric writes it: "deduct 5 per 行政不作为", "扣 按记录 每 其他效能问题" */
  rule: string;
  count: number | null;
  countUnit?: "件" | "次" | null;
  points: number;
}

export interface AdjustmentText {
  /** what is counted: the event type or the measure, or the condition */
  subject: string;
  /** "扣分" | "加分" */
  verb: string;
  /** "每次扣 2 分" / "按记录分值" / "条件成立扣 3 分" */
  how: string;
  /** the name after `per`, when the rule counts occurrences */
  per: string | null;
}

/**
 * Whether an adjustment is listed with its item (the console's before 显示全部, `kaohe explain`'s): it counted, cost or
 * earned points, or has records behind it. An event an accepted objection corrected to 0 次 is still its type's record
 * in the period: hidden as 0, the unit no longer saw the event it objected to nor that it was corrected (a walk).
 */
export const adjustmentListed = (a: Pick<Adjustment, "count" | "points"> & { records: readonly string[] }): boolean =>
  (a.count ?? 0) > 0 || a.points !== 0 || a.records.length > 0;

/**
 * An adjustment's rule in Chinese. The engine writes it in the rubric's keyword language: "deduct 3 if not 领导小组",
 * "add recorded per 其他加分 continuing", or "扣 3 分 若 非 领导小组", "加 按记录 每 其他加分 不封顶".
 */
export function describeAdjustment(a: Adjustment): AdjustmentText {
  const verb = a.direction === "add" ? "加分" : "扣分";
  const word = a.direction === "add" ? "加" : "扣";
  let rest = a.rule.replace(/^(deduct|add|扣|加)\s*/, "").replace(/\s+(continuing|不封顶)$/, "");
  // the amount, without the 分 a rule in Chinese writes after it
  const amountOf = (text: string) => text.trim().replace(/\s*分$/, "");
  const perAt = rest.search(/(^|\s)(per|每)\s/);
  if (perAt >= 0) {
    const amount = amountOf(rest.slice(0, perAt));
    const per = rest
      .slice(perAt)
      .replace(/^\s*(per|每)\s+/, "")
      .trim();
    const each = a.count ? roundHalfUp(a.points / a.count, 2) : null;
    const how =
      amount === "recorded" || amount === "按记录"
        ? "按记录分值"
        : amount
          ? eachText(a, word, amount, per)
          : each !== null
            ? eachText(a, word, String(each), per)
            : "按事件类型分值";
    return { subject: per, verb, how, per };
  }
  const ifAt = rest.search(/(^|\s)(if|若)\s/);
  // neither per nor if: the amount itself (`deduct 0.5 × 超期件数`), no condition
  if (ifAt < 0) return { subject: amountOf(rest), verb, how: `${word} ${amountOf(rest)} 分`, per: null };
  const amount = amountOf(rest.slice(0, ifAt));
  rest = rest.slice(ifAt).replace(/^\s*(if|若)\s+/, "");
  return { subject: conditionText(rest), verb, how: amount ? `条件成立${word} ${amount} 分` : `条件成立时${word}分`, per: null };
}

/**
 * An amount per occurrence: 每件扣 0.5 分 for orders, 每次扣 5 分 for events (and in results published before the
 * engine said which), 扣 1 分 × 低于平均百分点 for a value.
 */
function eachText(a: Adjustment, word: string, amount: string, per: string): string {
  if (a.countUnit === null) return `${word} ${amount} 分 × ${per}`;
  return `每${a.countUnit ?? "次"}${word} ${amount} 分`;
}

/** A rule's condition with its keywords in Chinese: "not 领导小组" → "未满足“领导小组”". */
export function conditionText(condition: string): string {
  const single = /^(?:not|非)\s+(\S+)$/.exec(condition.trim());
  if (single) return `未满足“${single[1]}”`;
  return `条件：${condition
    .replace(/\bnot\s+/g, "非 ")
    .replace(/\s+and\s+/g, " 且 ")
    .replace(/\s+or\s+/g, " 或 ")}`;
}

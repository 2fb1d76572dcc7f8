/** Display helpers for results: short item titles, adjustments in Chinese, category order. */

import { roundHalfUp } from "@kaohe/rules-dsl/numbers";
import { App } from "antd";
import { useEffect } from "react";
import type { Permission } from "../../lib/auth.tsx";
import { errorText, isNotInForce } from "../../lib/trpc.ts";
import type { AdjustmentResult, ItemResult, UnitResult } from "./types.ts";

/**
 * A column title for an item: its label without quotes, the text after a dash
 * or in brackets and a trailing "考核" ("“十个新突破——…”考核" → "十个新突破",
 * "按期办结考核" → "按期办结"); the code when that is shorter.
 */
export function shortItemLabel(item: { code: string; label: string | null }): string {
  if (!item.label) return item.code;
  let s = item.label.replace(/[“”"「」]/g, "");
  s = s.split(/——|（|\(/)[0]?.trim() ?? s;
  if (s.length > 3 && s.endsWith("考核")) s = s.slice(0, -2);
  if (!s) return item.code;
  return s.length > 8 && item.code.length < s.length ? item.code : s;
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
 * An adjustment's rule in Chinese. The engine writes it in the rubric's keyword language: "deduct 3 if not 领导小组",
 * "add recorded per 其他加分 continuing", or "扣 3 分 若 非 领导小组", "加 按记录 每 其他加分 不封顶".
 */
export function describeAdjustment(a: AdjustmentResult): AdjustmentText {
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
  const amount = ifAt >= 0 ? amountOf(rest.slice(0, ifAt)) : "";
  rest = ifAt >= 0 ? rest.slice(ifAt).replace(/^\s*(if|若)\s+/, "") : rest;
  return { subject: conditionText(rest), verb, how: amount ? `条件成立${word} ${amount} 分` : `条件成立时${word}分`, per: null };
}

/**
 * An amount per occurrence: 每件扣 0.5 分 for orders, 每次扣 5 分 for events (and in results published before the
 * engine said which), 扣 1 分 × 低于平均百分点 for a value.
 */
function eachText(a: AdjustmentResult, word: string, amount: string, per: string): string {
  if (a.countUnit === null) return `${word} ${amount} 分 × ${per}`;
  return `每${a.countUnit ?? "次"}${word} ${amount} 分`;
}

/**
 * The engine's calculation names each adjustment by its rule
 * ("−2（deduct per 抽查态度不满意，1次）"): the Chinese subject instead
 * ("−2（抽查态度不满意，1次）").
 */
export function calculationText(substituted: string): string {
  return ruleText(substituted).replace(
    /(?:deduct|add)(?: recorded| [^，）\s]+)? (per|if) ([^，）]+?)( continuing)?(?=[，）]|$)/g,
    (_, kind: string, subject: string) => (kind === "per" ? subject : conditionText(subject)),
  );
}

/**
 * A rule or calculation as results scored before the engine wrote them in Chinese still say them (a published
 * snapshot keeps its texts): "80% × mean(投诉件办理)" → "80% × 投诉件办理各月平均分", "（标明 continuing 的…）" as the
 * table marks such deductions (继续扣减总分), if/then/else/at least in the language's Chinese words.
 */
export function ruleText(text: string): string {
  return text
    .replace(/\bmean\(([^()]+)\)/g, "$1各月平均分")
    .replace("（标明 continuing 的继续从总分中扣）", "（标明“继续扣减总分”的扣分，超过本项分值的部分继续从总分中扣减）")
    .replace(/ at least /g, "，不低于 ")
    .replace(/(^|[\s(（])if (.+?) then (.+?) else /g, "$1若 $2 则 $3 否则 ");
}

/** A rule's condition with its keywords in Chinese: "not 领导小组" → "未满足“领导小组”". */
function conditionText(condition: string): string {
  const single = /^not\s+(\S+)$/.exec(condition.trim());
  if (single) return `未满足“${single[1]}”`;
  return `条件：${condition
    .replace(/\bnot\s+/g, "非 ")
    .replace(/\s+and\s+/g, " 且 ")
    .replace(/\s+or\s+/g, " 或 ")}`;
}

/** The hidden measure that counts `per <event type>` occurrences (rules-engine compile.ts eventCountMeasure). */
const eventCountMeasure = (type: string) => `#次数:${type}`;

/**
 * The measure to drill into for an adjustment's records: `per` a measure of
 * the rubric counts that measure, `per` an event type its hidden count.
 */
export function adjustmentMeasure(a: AdjustmentResult, item: ItemResult): string | null {
  const { per } = describeAdjustment(a);
  if (!per) return null;
  return item.measures.some((m) => m.name === per) ? per : eventCountMeasure(per);
}

/** Groups in the customary order (镇, 街道, 县直部门, as the units list gives the categories), others after. */
export function orderedGroups(units: readonly UnitResult[], categoryOrder: readonly string[] | undefined): string[] {
  const groups = [...new Set(units.map((u) => u.group))];
  const index = (g: string) => {
    const i = categoryOrder?.indexOf(g) ?? -1;
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return groups.sort((a, b) => index(a) - index(b) || a.localeCompare(b, "zh-CN"));
}

/**
 * Mean of the scores present, rounded half-up to two decimals as scores are published (96.845 is 96.85, though the
 * double is 96.84499…; antd's Statistic and toFixed would cut it to 96.84), or null.
 */
export function mean(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? null : roundHalfUp(xs.reduce((s, x) => s + x, 0) / xs.length, 2);
}

/** Show a query's error once as a message (the server's Chinese explanation). */
export function useErrorMessage(error: unknown): void {
  const { message } = App.useApp();
  useEffect(() => {
    // a period no version is in force for is the page's to say (resultStates), not an error to pop up
    if (error && !isNotInForce(error)) message.error(errorText(error));
  }, [error, message]);
}

/** A `report` value as the office reads it: a rate as a percentage, yes/no in Chinese, "—" when there is none. */
export function indicatorText(x: UnitResult["indicators"][number] | undefined): string {
  if (!x || x.value === null) return "—";
  if (typeof x.value === "boolean") return x.value ? "是" : "否";
  if (typeof x.value === "number") return x.percent ? `${(x.value * 100).toFixed(2)}%` : String(Math.round(x.value * 10_000) / 10_000);
  return x.value;
}

/**
 * A period no published rubric version is in force for, and what this user can do about it: publishing a version is
 * the 考核管理员's (rubrics.publish); a 规则编辑 drafts one for them, the others ask (a new county's 规则编辑 and 只读
 * were told to publish, which they cannot).
 */
export function notInForceText(periodText: string, can: (p: Permission) => boolean): string {
  const todo = can("rubrics.publish")
    ? "请先在“规则”中发布一个版本"
    : can("rubrics.edit")
      ? "可在“规则”中起草，由考核管理员发布"
      : "规则版本由考核管理员发布，请联系考核管理员";
  return `${periodText}没有已发布且施行中的规则版本：${todo}`;
}

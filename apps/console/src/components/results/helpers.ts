/** Display helpers for results: short item titles, adjustments in Chinese, category order. */

import { roundHalfUp } from "@kaohe/rules-dsl/numbers";
import { adjustmentListed, conditionText, describeAdjustment } from "@kaohe/services/adjustment-text";
import { App } from "antd";
import { useEffect } from "react";
import type { Permission } from "../../lib/auth.tsx";
import { errorText, isNotInForce } from "../../lib/trpc.ts";
import type { AdjustmentResult, ItemResult, UnitResult } from "./types.ts";

// how an adjustment is said, as kaohe explain says it too (the command line printed the rules' English keywords)
export { adjustmentListed, describeAdjustment };

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

/**
 * The button beside notInForceText that goes where it says (the 规则 page), for those who can act there: a new
 * county's first look at the ranking was told to publish a version in “规则” with no way there but the menu. Null for
 * those who can only ask.
 */
export function notInForceLinkText(can: (p: Permission) => boolean): string | null {
  if (can("rubrics.publish")) return "去发布规则版本";
  if (can("rubrics.edit")) return "去起草规则";
  return null;
}

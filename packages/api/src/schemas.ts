/** Input schemas shared by the routers, with the Chinese message a user sees when one does not fit. */

import { isDay, MONTH_PATTERN, YEAR_PATTERN } from "@kaohe/time";
import { z } from "zod";

/**
 * The years a month, a year or a day may name: those of the dates a data file may hold (packages/data reads
 * 1990–2100). Year 0000 reached the database as a date it cannot store: a 500, and the audit CSV cut off unanswered.
 */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

/** What is wrong with the year of `text` (a month, year or day of the right shape), or null when it is within the years. */
export function yearOutOfRange(text: string, what: string): string | null {
  const year = Number(text.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR ? null : `${what}应在 ${FIRST_YEAR} 年至 ${LAST_YEAR} 年之间，而不是“${text.slice(0, 40)}”：请检查年份`;
}

/** A month or a year */
const PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

/** `pattern` and the years; the message says which of the two the text missed. */
const periodText = (pattern: RegExp, what: string, shape: string) =>
  z.string().check((ctx) => {
    const text = ctx.value;
    const wrong = pattern.test(text) ? yearOutOfRange(text, what) : `${what}应写成 ${shape}，而不是“${text.slice(0, 40)}”`;
    if (wrong) ctx.issues.push({ code: "custom", message: wrong, input: text });
  });

export const monthSchema = periodText(MONTH_PATTERN, "考核月份", "YYYY-MM（如 2017-10）");

export const yearSchema = periodText(YEAR_PATTERN, "考核年度", "YYYY（如 2017）");

/** A month ("2017-10") or a year ("2017"). */
export const periodSchema = periodText(PERIOD_PATTERN, "考核期", "YYYY-MM（月，如 2017-10）或 YYYY（年，如 2017）");

export const idSchema = z.int({ error: "编号应为整数" }).positive({ error: "编号应为正整数" });

export const unitCodeSchema = z.string().trim().min(1, { error: "请指定单位编码" }).max(100, { error: "单位编码过长" });

/** A rubric file's text; a generous limit that no real rubric reaches. */
/**
 * A rubric's text: a county's is some 12,000 characters (Huantai 2017's), a long one with many items a few times that.
 * 100,000 leaves room to spare and bounds the work of checking one (a parse, in the writer when it is saved): the
 * Huantai text repeated to 100,000 characters parses in 0.3–0.6 s here.
 */
const RUBRIC_TEXT_MAX = 100_000;
export const rubricTextSchema = z.string().max(RUBRIC_TEXT_MAX, { error: "规则文本超过 10 万字：请检查是否粘贴了其他内容" });

/** A day that exists, `YYYY-MM-DD` (Beijing); `example` is the day the message shows. */
export const daySchema = (what = "日期", example = "2018-12-10") =>
  z.string().check((ctx) => {
    const text = ctx.value;
    const wrong = isDay(text) ? yearOutOfRange(text, what) : `${what}应写成 ${example}，而不是“${text.slice(0, 40)}”`;
    if (wrong) ctx.issues.push({ code: "custom", message: wrong, input: text });
  });

/** Input schemas shared by the routers, with the Chinese message a user sees when one does not fit. */

import { isDay, MONTH_PATTERN, PERIOD_YEARS, YEAR_PATTERN, yearInRange } from "@kaohe/time";
import { z } from "zod";

/** What is wrong with the year of `text` (a month, year or day of the right shape), or null when it is within the years (PERIOD_YEARS). */
export function yearOutOfRange(text: string, what: string): string | null {
  const { first, last } = PERIOD_YEARS;
  return yearInRange(text) ? null : `${what}应在 ${first} 年至 ${last} 年之间，而不是“${text.slice(0, 40)}”：请检查年份`;
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

/**
 * A year where the store keeps a number (a unit's yearly facts), taken as every other year is, "2018", or as the number
 * the console's year picker sends; the same years. It was a number only, and "2018" was told to be 2018 (a tester).
 */
export const yearNumberSchema = z
  .union([z.string(), z.int()], { error: "考核年度应写成 YYYY（如 2017）" })
  .transform(String)
  .pipe(yearSchema)
  .transform(Number);

/** A month ("2017-10") or a year ("2017"). */
export const periodSchema = periodText(PERIOD_PATTERN, "考核期", "YYYY-MM（月，如 2017-10）或 YYYY（年，如 2017）");

/**
 * The largest id a record has: the stores' ids are 32-bit integers (Prisma's Int, PostgreSQL's integer). A larger one
 * reached PostgreSQL, which refused it as out of range, and the call answered 500 (SQLite answered 404).
 */
export const MAX_ID = 2_147_483_647;

export const idSchema = z
  .int({ error: "编号应为整数" })
  .positive({ error: "编号应为正整数" })
  .max(MAX_ID, { error: `编号过大（最大 ${MAX_ID}）：没有这个编号的记录` });

export const unitCodeSchema = z.string().trim().min(1, { error: "请指定单位编码" }).max(100, { error: "单位编码过长" });

/** A rubric file's text; a generous limit that no real rubric reaches. */
/**
 * A rubric's text: a county's is some 12,000 characters (Huantai 2017's), a long one with many items a few times that.
 * 100,000 leaves room to spare and bounds the work of checking one (a parse, in the writer when it is saved): the
 * Huantai text repeated to 100,000 characters parses in 0.3–0.6 s here, and a text made of unknown names no longer takes
 * longer (one parse's "是否想写 …？" guesses share an allowance of work: rules-dsl's suggest.ts).
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

/** Input schemas shared by the routers, with the Chinese message a user sees when one does not fit. */

import { isDay, MONTH_PATTERN, YEAR_PATTERN } from "@kaohe/time";
import { z } from "zod";

export const monthSchema = z.string().regex(MONTH_PATTERN, { error: (iss) => `考核月份应写成 YYYY-MM（如 2017-10），而不是“${String(iss.input)}”` });

export const yearSchema = z.string().regex(YEAR_PATTERN, { error: (iss) => `考核年度应写成 YYYY（如 2017），而不是“${String(iss.input)}”` });

/** A month ("2017-10") or a year ("2017"). */
export const periodSchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, { error: (iss) => `考核期应写成 YYYY-MM（月，如 2017-10）或 YYYY（年，如 2017），而不是“${String(iss.input)}”` });

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
  z.string().refine(isDay, { error: (iss) => `${what}应写成 ${example}，而不是“${String(iss.input).slice(0, 40)}”` });

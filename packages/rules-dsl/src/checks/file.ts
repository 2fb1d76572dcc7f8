/** Checks of the whole file: its header, statements written twice, names declared twice, declarations nothing uses. */
import type * as A from "../ast.ts";
import { isValidMonth, noSuchDate } from "../ast-utils.ts";
import { Codes } from "../diagnostics.ts";
import type { CheckContext } from "./context.ts";

export function checkHeader({ rubric, accept }: CheckContext): void {
  const h = rubric.header;
  if (!h) {
    accept(
      "error",
      Codes.MissingHeader,
      '文件应以 rubric "名称" version "版本" in force from 年-月 开头',
      'a rubric starts with: rubric "name" version "v" in force from YYYY-MM',
      rubric.range,
    );
    return;
  }
  for (const [text, what, range] of [
    [h.from, "from", h.fromRange],
    [h.until, "until", h.untilRange],
  ] as const) {
    if (text === null || isValidMonth(text)) continue;
    const [year, month, day] = text.split("-").map(Number);
    // `2018-13`: the month that does not exist, where it is written; `2018-02-01`: a day where a month is meant
    const why = day === undefined ? noSuchDate(year ?? 0, month ?? Number.NaN, null) : null;
    accept(
      "error",
      Codes.InvalidPeriod,
      why ? `施行期间的月份 ${text} 不存在：${why[0]}` : `施行期间应写成 年-月（如 2017-09），这里是 ${text}`,
      why ? `the month in force ${text} does not exist (${what}): ${why[1]}` : `the period in force is written YYYY-MM, got ${text} (${what})`,
      range ?? h.range,
    );
  }
  if (h.until && h.until < h.from)
    accept("error", Codes.InvalidPeriod, `施行截止 ${h.until} 早于起始 ${h.from}`, `'until' ${h.until} is before 'from' ${h.from}`, h.range);
}

/** KH243 of a statement written twice; `what` is its keywords, unquoted: a Chinese file's message reads them in Chinese. */
export function repeatedStatement(r: A.Rubric["repeats"][number]): ["error", typeof Codes.Repeated, string, string, A.Range] {
  return ["error", Codes.Repeated, `${r.what} 只能写一次，这里重复了`, `'${r.what}' may be written only once`, r.range];
}

export function checkRepeats({ rubric, accept }: CheckContext): void {
  for (const r of rubric.repeats) accept(...repeatedStatement(r));
}

export function checkDuplicates({ resolver, accept }: CheckContext): void {
  for (const d of resolver.symbols.duplicates) {
    if (d.first === null) {
      accept("error", Codes.DuplicateName, `名称 ${d.name} 是内置字段或内置值，不能再定义`, `'${d.name}' is a built-in name`, d.range);
    } else {
      accept(
        "error",
        Codes.DuplicateName,
        `名称 ${d.name} 重复定义（第 ${d.first.start.line} 行已定义）`,
        `'${d.name}' is already declared on line ${d.first.start.line}`,
        d.range,
      );
    }
  }
}

/** Runs last: every other check has marked the names it read as used. */
export function checkUnused({ rubric, resolver, accept }: CheckContext): void {
  for (const d of rubric.declarations) {
    if (!("name" in d) || d.kind === "assessment" || d.kind === "category" || d.kind === "attribute") continue;
    const name = (d as { name: string }).name;
    if (name && !resolver.used.has(name)) {
      accept("warning", Codes.Unused, `${name} 已定义但没有被用到`, `'${name}' is declared but never used`, (d as { nameRange: A.Range }).nameRange);
    }
  }
}

/** The version a copy of a rubric is offered: its draft's, or the year it will be in force from. */
import { lexAsWritten } from "@kaohe/rules-dsl/lexer";
import { addMonths } from "@kaohe/time";

/** The version string of a copy: "<version>-草稿<n>", the first n no version of that name has yet. */
export function draftVersionName(name: string, version: string, existing: readonly { name: string; version: string }[]): string {
  const base = version.replace(/-草稿\d+$/, "");
  const taken = new Set(existing.filter((v) => v.name === name).map((v) => v.version));
  for (let n = 1; ; n++) {
    const candidate = `${base}-草稿${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The version a copy starting in `from` ("2019-01") is offered: a version named by its year (2017) is copied as the
 * year it starts in (2019), which is what a policy office types (a walk: 2017-草稿1 was offered); else, or when that
 * year is taken, the draft's name (`draftVersionName`).
 */
export function copyVersionName(name: string, version: string, from: string, existing: readonly { name: string; version: string }[]): string {
  const year = from.slice(0, 4);
  const byYear = /^(19|20)\d\d$/.test(version) && year !== version;
  if (byYear && !existing.some((v) => v.name === name && v.version === year)) return year;
  return draftVersionName(name, version, existing);
}

/**
 * The month a copy is in force from by default: the month after the latest with data and after its source's start, so
 * that, published, it replaces its source for no month already scored; while no version is published at all, the
 * first month with data — nothing to replace, and a new county's months to score (it offered the month after its
 * three months of data, which its first rubric would then not score: a new county's walk).
 */
export function copyStartMonth(data: { latest: string; first: string | null }, sourceFrom: string | null, anyPublished: boolean): string {
  if (!anyPublished && data.first) return data.first;
  return [addMonths(data.latest, 1), addMonths(sourceFrom || data.latest, 1)].sort().at(-1) as string;
}

/**
 * The first draft when no version is published yet (a county starting): a small rubric that scores as it stands, in
 * Chinese keywords, in force from `month` — categories, the orders' fields, a population, counts, rates, two items, a
 * deduction per verified event and a ranking with its 承办量 — for policy staff to change clause by clause. A header
 * and three categories in English keywords, with an error at once, left a new county to find the rest (and miss the
 * ranking's volume: a walk). `categories`: the stored units' (乡镇, 街道, 部门), in their order, so that the draft scores
 * the county's units as it stands (a county of 乡镇 given a draft of 镇 would have none of its units scored); 镇, 街道
 * and 县直部门 when none is stored, or when a name cannot be written as one.
 */
export function firstDraftText(month: string, categories: readonly string[] = []): string {
  // a name the language cannot write (乡镇（街道）): left out, and said at the top of the draft (all of them reverted to
  // 镇/街道/县直部门 for one such name, silently: a review)
  const [usable, unusable] = [categories.filter(isName), categories.filter((c) => !isName(c))];
  const text = draftText(month, usable.length > 0 ? usable : DEFAULT_CATEGORIES);
  if (unusable.length === 0) return text;
  const list = unusable.map((c) => `“${c.replace(/[\r\n]/g, " ")}”`).join("、");
  return `# 注意：单位名单中的类别 ${list} 不能直接写作规则中的名称（名称不能有括号、空格或标点），没有写入：请在单位名单中改用这样的类别名后，在下面加一行“考核类别 名称 "说明"”\n${text}`;
}

/** Whether a category can be written as a name of the rubric (`考核类别 乡镇 "乡镇"`): one name token, as the language reads it. */
function isName(category: string): boolean {
  const { tokens, errors } = lexAsWritten(category);
  return errors.length === 0 && tokens.length === 1 && tokens[0]?.tokenType.name === "Identifier" && tokens[0].image === category;
}

const DEFAULT_CATEGORIES = ["镇", "街道", "县直部门"];

const draftText = (month: string, categories: readonly string[]) => `# 新的考核办法：这是一份可以直接计分的起点，请按办法原文逐条修改（写法见“语言手册”）
考核办法 "新考核办法" 版本 "1"
  文号 "（请填写文号）"
  施行自 ${month}

# 考核对象的类别：名称与单位名单中的“类别”一致
${categories.map((c) => `考核类别 ${c} "${c}"`).join("\n")}

# 经查实的考核事件，每次扣的分
考核事件 行政不作为 "因行政不作为造成投诉，经查证属实" 分 5

全部工单 {
  字段 有效时限 "有效办理时限" = 延期至 ?? 办理时限
  字段 超期 "超期件" = 非 超期说明已认可 且 (办结时间 > 有效时限 或 (办结时间 为空 且 考核时点 > 有效时限))
}

考核截至期末

考核范围 本期工单 "本期受理工单" = 全部工单 其中 受理时间 在本期内 且 非 (回退 且 回退认可)
考核范围 本期事件 "本期考核事件" = 全部事件 其中 日期 在本期内

指标 工单数 "承办量" = 计数 本期工单
指标 超期件数 "超期件数" = 计数 本期工单 其中 超期
指标 回访数 "回访件数" = 计数 本期工单 其中 已回访
指标 满意数 "结果满意件数" = 计数 本期工单 其中 已回访 且 结果满意度 属于 ["满意", "基本满意"]

比率指标 按时办结率 "按时办结率" = (工单数 - 超期件数) / 工单数, 分母为零时: 100% "本月无工单"
比率指标 满意率 "满意率" = 满意数 / 回访数, 分母为零时: 100% "本月无回访"

按月考核 月度考核 "月度考核" {
  考核项 按时办结 "按时办结（50分）" 50 分 = 50 × 按时办结率
  考核项 满意 "群众满意（50分）" 50 分 = 50 × 满意率
  考核项 不作为 "行政不作为扣分" 0 分 {
    扣 每 行政不作为 不封顶
  }
}

排名 {
  按月考核 月度考核
  类别内
  承办总量 工单数
  排序 分数 降序, 承办总量 降序
  同分并列
  保留 2 位小数
}
`;

interface VersionSpan {
  id: number;
  status: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
}

/**
 * A published version a later published one, in force without end, takes over from: the last month it is still in
 * force and the version that follows (the latest start in force wins, as scoring reads it). The list said “2017年9月
 * 起” of the 2017 version once 2019 was published from 2019-01, as if it still scored 2019 (a walk); null when none does.
 */
export function supersededBy<T extends VersionSpan>(v: T, versions: readonly T[]): { until: string; by: T } | null {
  if (v.status !== "published" || !v.effectiveFrom) return null;
  const next = versions
    .filter(
      (w) =>
        w.id !== v.id &&
        w.status === "published" &&
        w.effectiveUntil === null &&
        w.effectiveFrom > v.effectiveFrom &&
        (v.effectiveUntil === null || w.effectiveFrom <= v.effectiveUntil),
    )
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
  return next ? { until: addMonths(next.effectiveFrom, -1), by: next } : null;
}

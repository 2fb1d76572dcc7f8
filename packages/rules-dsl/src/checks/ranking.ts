/** The ranking block: one of it, what it ranks, minimum volumes, order keys, groups and statements. */
import * as A from "../ast.ts";
import { Codes } from "../diagnostics.ts";
import { findFunction } from "../functions/index.ts";
import { suggest, suggestEn } from "../suggest.ts";
import type { SymbolTable } from "../symbols.ts";
import { type CheckContext, categoryHint, namesOf } from "./context.ts";

/** A word the ranking does not read where `round` or the words of `承办量不足 N 件的不排名` stand (KH240), with the statement meant. */
export function unknownRankingWord(w: A.RankingDecl["unknownWords"][number]): ["error", typeof Codes.BadRankingStatement, string, string, A.Range] {
  const [zh, en] = w.meant.startsWith("minimum")
    ? [`要写最低承办量，请写：${w.meant}`, `for a minimum volume write: ${w.meant}`]
    : [`保留小数位写作 ${w.meant}`, `write: ${w.meant}`];
  return ["error", Codes.BadRankingStatement, `排名规则中不认识 ${w.word}（${zh}）`, `unknown ranking statement '${w.word}' (${en})`, w.range];
}

export function checkRanking(ctx: CheckContext): void {
  const { rubric, resolver, accept } = ctx;
  const rankings = rubric.declarations.filter((d): d is A.RankingDecl => d.kind === "ranking");
  const ranking = rankings[0];
  for (const extra of rankings.slice(1)) accept("error", Codes.Repeated, "只能有一个 ranking（排名规则）", "only one ranking block is allowed", extra.range);
  if (!ranking) {
    if (rubric.header)
      accept("error", Codes.MissingRanking, "缺少排名规则：ranking { monthly 考核名称 … }", "missing 'ranking { monthly … }'", rubric.header.range);
    return;
  }
  const target = (name: string | null, schedule: "monthly" | "yearly") => {
    if (name === null) return;
    resolver.used.add(name);
    const s = resolver.symbols.global.get(name);
    if (s?.kind !== "assessment" || s.decl.schedule !== schedule) {
      accept(
        "error",
        Codes.BadRankingTarget,
        `${name} 不是${schedule === "monthly" ? "月度" : "年度"}考核（${schedule}）${s ? "" : suggest(name, namesOf(resolver, "assessment"))}`,
        `'${name}' is not a ${schedule} assessment${s ? "" : suggestEn(name, namesOf(resolver, "assessment"))}`,
        ranking.range,
      );
    }
  };
  if (!ranking.monthly && !ranking.yearly)
    accept(
      "error",
      Codes.MissingRanking,
      "排名规则要写明参与排名的考核：monthly 名称 或 yearly 名称",
      "the ranking names a monthly or yearly assessment",
      ranking.range,
    );
  target(ranking.monthly, "monthly");
  target(ranking.yearly, "yearly");
  for (const also of ranking.alsoRanked) target(also.name, also.schedule);
  // `minimum volume N for …` names categories, or the ranking's own groups
  const groupNames = new Set([
    ...(ranking.within === "groups" ? ranking.groups.map((g) => g.name) : []),
    ...(ranking.yearlyWithin?.within === "groups" ? ranking.yearlyWithin.groups.map((g) => g.name) : []),
  ]);
  const anyGroups = groupNames.size > 0;
  const named = new Map<string, A.Range>();
  for (const m of ranking.minimumVolumes) {
    if (!Number.isInteger(m.volume) || m.volume < 0)
      accept("error", Codes.BadNumber, "最低承办量应是不小于 0 的整数", "a minimum volume is a whole number, 0 or more", m.range);
    for (const name of m.for) {
      if (named.has(name)) accept("error", Codes.Repeated, `${name} 的最低承办量写了两次`, `the minimum volume of ${name} is given twice`, m.range);
      named.set(name, m.range);
      if (!groupNames.has(name) && resolver.symbols.global.get(name)?.kind !== "category")
        accept(
          "error",
          Codes.UnknownCategory,
          `${name} 不是已声明的类别${anyGroups ? "或排名分组" : ""}${categoryHint(resolver, name)[0]}`,
          `'${name}' is not a declared category${anyGroups ? " or ranking group" : ""}${categoryHint(resolver, name)[1]}`,
          m.range,
        );
    }
  }
  if (ranking.volume) {
    resolver.used.add(ranking.volume);
    if (resolver.symbols.global.get(ranking.volume)?.kind !== "measure")
      accept("error", Codes.BadRankingTarget, `承办量 volume 应是一个计数（measure），${ranking.volume} 不是`, `volume must name a measure`, ranking.range);
  }
  const orderable = [...resolver.symbols.global].filter(([, s]) => ["measure", "rate", "value"].includes(s.kind)).map(([n]) => n);
  for (const key of ranking.orderBy) {
    if (key.key === "score") continue;
    if (key.key === "volume") {
      if (!ranking.volume)
        accept("error", Codes.BadRankingTarget, "按 volume 排序前要先写 volume 计数名称", "order by volume needs 'volume <measure>'", key.range);
      continue;
    }
    resolver.used.add(key.key);
    const s = resolver.symbols.global.get(key.key);
    if (!s || !["measure", "rate", "value"].includes(s.kind)) {
      // `order by 得分`: the score is the keyword score (分数), not a name
      const meantScore = !s && ["得分", "总分", "成绩", "分值", "score", "scores"].includes(key.key);
      accept(
        "error",
        Codes.UnknownName,
        `排序依据 ${key.key} 不是已定义的计数、比率或数值${meantScore ? "；按得分排序请写 order by score desc" : suggest(key.key, orderable)}`,
        `'${key.key}' is not a measure, rate or value${meantScore ? "; to order by the score write score (分数), e.g. order by score desc" : suggestEn(key.key, orderable)}`,
        key.range,
      );
    }
  }
  const checkGroups = (groups: A.GroupDecl[], range: A.Range) => {
    groups.forEach((g, i) => {
      if (!g.condition) {
        if (i !== groups.length - 1) accept("error", Codes.BadBands, "otherwise 分组应放在最后", "the 'otherwise' group comes last", g.range);
        return;
      }
      resolver.expect(g.condition, resolver.typeOf(g.condition, { level: "unit" }), "bool");
      const comparing = groupComparison(g.condition, resolver.symbols);
      if (comparing) {
        const via = comparing.via.length > 0 ? `（经由 ${comparing.via.join(" → ")}）` : "";
        const viaEn = comparing.via.length > 0 ? ` (through ${comparing.via.join(" → ")})` : "";
        accept(
          "error",
          Codes.Cycle,
          `分组条件不能用 ${comparing.call.callee}()${via}：它把单位与同组的单位比较，而单位在哪一组正要由这个条件决定；请按单位自己的值分组（如 工单数 >= 30）`,
          `a group's condition cannot use ${comparing.call.callee}()${viaEn}: it compares a unit with its group, which this condition decides; group by a unit's own values (e.g. 工单数 >= 30)`,
          comparing.via.length > 0 ? g.condition.range : comparing.call.range,
        );
      }
    });
    if (groups.length === 0) accept("error", Codes.MissingRanking, "within groups 要列出至少一个分组", "'within groups' needs at least one group", range);
  };
  if (ranking.within === "groups") checkGroups(ranking.groups, ranking.range);
  const yearly = ranking.yearlyWithin;
  if (yearly?.within === "groups") checkGroups(yearly.groups, yearly.range);
  if (yearly && !ranking.yearly && !ranking.alsoRanked.some((x) => x.schedule === "yearly"))
    accept(
      "error",
      Codes.BadRankingTarget,
      "写了年度排名的分组（for yearly），但排名中没有年度考核（yearly 名称）",
      "the ranking groups a year ('for yearly') but ranks no yearly assessment",
      yearly.range,
    );
  for (const w of ranking.unknownWords) accept(...unknownRankingWord(w));
  if (!(ranking.decimals >= 0 && ranking.decimals <= 6 && Number.isInteger(ranking.decimals))) {
    accept("error", Codes.BadNumber, "保留小数位应是 0 到 6 的整数", "decimals must be an integer from 0 to 6", ranking.range);
  }
}

/**
 * The first call of a function comparing a unit with its group (normalize, group_rank …, `readsGroup`) that an
 * expression reads, itself or through the values and rates it names (`via`, in the order read); null when none.
 */
function groupComparison(e: A.Expr, symbols: SymbolTable): { call: A.Call; via: string[] } | null {
  const seen = new Set<string>();
  const walk = (x: A.Expr, via: string[]): { call: A.Call; via: string[] } | null => {
    // every unit's mean is no group's: 承办量高于全体平均 may group (its argument is walked as any other)
    if (x.kind === "call" && findFunction(x.callee)?.readsGroup === "group") return { call: x, via };
    if (x.kind === "name" && !seen.has(x.name)) {
      seen.add(x.name);
      const sym = symbols.global.get(x.name);
      const read = sym?.kind === "value" ? [sym.decl.expr] : sym?.kind === "rate" ? [sym.decl.numerator, sym.decl.denominator, sym.decl.whenZero] : [];
      for (const r of read) {
        const found = r ? walk(r, [...via, x.name]) : null;
        if (found) return found;
      }
    }
    for (const c of A.childrenOf(x)) {
      const found = walk(c, via);
      if (found) return found;
    }
    return null;
  };
  return walk(e, []);
}

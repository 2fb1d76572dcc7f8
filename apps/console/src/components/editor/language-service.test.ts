import { readFileSync } from "node:fs";
import { parse } from "@kaohe/rules-dsl";
import { describe, expect, test } from "vitest";
import { completionSite, declarationAt, declaredNames, hoverAt, inCommentOrString, keywordsFit, nameCompletions, wordAt } from "./language-service.ts";
import { keywordCompletions } from "./rules-language.ts";

const huantai = readFileSync(new URL("../../../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const quarterlyZh = readFileSync(new URL("../../../../../rules/examples/quarterly-zh-example.kh", import.meta.url), "utf8");
const namesOf = (text: string) => declaredNames(parse(text).ast, text);

/** The site and the names offered with the cursor at the end of `before` (appended to `text`). */
function offered(text: string, before: string, typed = "") {
  const full = `${text}\n${before}${typed}`;
  const names = namesOf(full);
  const from = full.length - typed.length;
  const site = completionSite(full, from, names);
  return { site, labels: nameCompletions(typed, site, names).map((o) => o.label), options: nameCompletions(typed, site, names) };
}

describe("declared names", () => {
  test("every kind of declaration of the 2017 rubric, with its label and line", () => {
    const names = namesOf(huantai);
    const find = (name: string) => names.find((n) => n.name === name);
    expect(find("镇")).toMatchObject({ kind: "category", label: "镇" });
    expect(find("行政不作为")).toMatchObject({ kind: "event", label: "因行政不作为造成投诉，经查证属实", detail: "每次 5 分" });
    expect(find("其他效能问题")?.detail).toBe("按记录的分值");
    expect(find("领导小组")).toMatchObject({ kind: "fact" });
    expect(find("超期")).toMatchObject({ kind: "field", record: "orders", label: "超期件" });
    expect(find("本期工单")).toMatchObject({ kind: "population", record: "orders" });
    expect(find("本期事件")).toMatchObject({ kind: "population", record: "events" });
    expect(find("超期件数")).toMatchObject({ kind: "measure", label: "超期件数", detail: "计数 本期工单" });
    expect(find("满意率")).toMatchObject({ kind: "rate" });
    expect(find("投诉件办理")).toMatchObject({ kind: "assessment", detail: "按月考核" });
    expect(find("十个新突破")).toMatchObject({ kind: "item", detail: "30 分", assessment: { name: "投诉件办理" } });
    expect(find("书面说明")).toMatchObject({ kind: "sanction" });
    // the offsets are those of the name where it is declared
    const m = find("超期率");
    expect(m && huantai.slice(m.from, m.to)).toBe("超期率");
    expect(m && huantai.split("\n")[(m.line ?? 0) - 1]).toMatch(/^rate 超期率 /);
  });

  test("a broken line does not lose the names of the rest of the file", () => {
    const broken = huantai.replace("measure 回访数", "measure 回访数 = = count");
    const names = namesOf(broken).map((n) => n.name);
    expect(names).toContain("超期率");
    expect(names).toContain("行政不作为");
    expect(names).toContain("投诉件办理");
  });

  test("Chinese keywords: the same names", () => {
    const names = namesOf(quarterlyZh);
    expect(names.find((n) => n.name === "按时率")).toMatchObject({ kind: "rate", label: "按时办结率" });
    expect(names.filter((n) => n.name === "按时").map((n) => n.assessment?.name)).toEqual(["月度考核", "季度考核"]);
    expect(names.find((n) => n.name === "大件量")).toMatchObject({ kind: "group", label: "月承办量30件以上" });
    const g = names.find((n) => n.name === "小件量");
    expect(g && quarterlyZh.slice(g.from, g.to)).toBe("小件量");
  });
});

describe("completion in context", () => {
  test("after per / 每: the events, then the counts, rates and values (deduct 2 per 超期件数)", () => {
    const r = offered(huantai, "monthly 新考核 {\n  item 一 10 points {\n    deduct per ", "行政");
    expect(r.site).toEqual({ kind: "events", measures: true });
    expect(r.labels[0]).toBe("行政不作为");
    expect(r.labels).toContain("行政乱作为");
    expect(r.options.every((o) => o.kindLabel === "考核事件")).toBe(true);
    expect(r.options[0]?.info).toBe("因行政不作为造成投诉，经查证属实");
    const zh = offered(quarterlyZh, "按月考核 新 {\n  考核项 一 10 分 {\n    扣 每 ").labels;
    expect(zh.slice(0, 2)).toEqual(["行政不作为", "推诿扯皮"]);
    expect(zh).toContain("重办件数");
    expect(offered(huantai, "monthly 新考核 {\n  item 一 10 points {\n    deduct 2 per ", "超期").labels).toEqual(["超期件数", "超期率"]);
  });

  test("after count: the populations; in 事件类型 in [...]: the events; after for: the categories", () => {
    expect(offered(huantai, "measure 新指标 = count ").labels).toEqual(["本期工单", "本期事件"]);
    expect(offered(huantai, "measure 新指标 = sum 本期事件 of 次数 where 事件类型 in [行政不作为, ", "推").labels).toEqual(["推诿扯皮"]);
    expect(offered(huantai, "monthly 新考核 {\n  item 一 10 points for ").labels).toEqual(["镇", "街道", "县直部门"]);
    expect(offered(quarterlyZh, "按月考核 新 {\n  考核项 一 10 分 适用于 镇, ").labels).toEqual(["镇", "街道", "县直部门", "大件量", "小件量"]);
    expect(offered(huantai, "value 新值 = if 类别 = ").site).toEqual({ kind: "categories" });
  });

  test("a record's expression: its fields, the built-in ones and the declared; a unit's: measures, rates, the assessment's items", () => {
    const orders = offered(huantai, "population 新范围 = orders where ", "超");
    expect(orders.site).toEqual({ kind: "record", record: "orders" });
    expect(orders.labels).toContain("超期");
    expect(orders.labels).toContain("超期说明已认可");
    expect(orders.options.find((o) => o.label === "超期说明已认可")?.kindLabel).toBe("内置工单字段");
    // a measure over the events: the events' fields, not the orders'
    const events = offered(huantai, "measure 新指标 = sum 本期事件 of ");
    expect(events.site).toEqual({ kind: "record", record: "events" });
    expect(events.labels).toContain("次数");
    expect(events.labels).not.toContain("受理时间");
    // inside orders { }
    const inBlock = offered(huantai, "orders {\n  field 新字段 = ", "办").labels;
    expect(inBlock.slice(0, 2)).toEqual(["办理时限", "办结时间"]);
    expect(inBlock).toContain("已办结");
    const unit = offered(huantai, "monthly 新考核 {\n  item 一 10 points = 10 × ", "满意");
    expect(unit.site).toEqual({ kind: "unit", assessment: "新考核", ranked: false });
    // those beginning with what was typed first, then those containing it
    expect(unit.labels[0]).toBe("满意率");
    expect(unit.labels).toContain("过程满意数");
    // items of another assessment are not offered
    expect(unit.labels).not.toContain("满意率考核");
  });

  test("a function is offered under its Chinese name too (typed 组内, nothing was offered; found by a helper)", () => {
    const { labels, options } = offered(huantai, "value 甲 = ", "组内");
    expect(labels).toEqual(expect.arrayContaining(["组内名次", "组内平均"]));
    expect(options.find((o) => o.label === "组内名次")).toMatchObject({ kindLabel: "内置函数", detail: expect.stringMatching(/^组内名次\(/) });
    expect(offered(huantai, "value 甲 = ", "group_").labels).toContain("group_rank");
  });

  test("the names of the enclosing assessment, and the ranked values only in a sanction", () => {
    const text = huantai.replace("  item 办结率考核", "  total = 按期办结 + \n  item 办结率考核");
    const pos = text.indexOf("按期办结 + ") + "按期办结 + ".length;
    const names = namesOf(text);
    const site = completionSite(text, pos, names);
    expect(site).toEqual({ kind: "unit", assessment: "投诉件办理", ranked: false });
    expect(nameCompletions("退回", site, names).map((o) => o.label)).toEqual(["退回重办"]);
    expect(offered(huantai, "monthly 新考核 {\n  sanction 通报 if ", "名").labels).toContain("名次");
    // in a monthly assessment, the other monthly ones: not the yearly (KH237), nor itself (a cycle)
    const inSanction = (text: string) => {
      const full = huantai.replace("  item 办结率考核", `  sanction 通报 if ${text}\n  item 办结率考核`);
      const names = namesOf(full);
      const from = full.indexOf(`if ${text}`) + 3;
      return nameCompletions(text, completionSite(full, from, names), names).map((o) => o.label);
    };
    expect(inSanction("综合")).not.toContain("综合管理");
    expect(inSanction("年终")).not.toContain("年终成绩");
    expect(inSanction("投诉件")).not.toContain("投诉件办理");
    expect(offered(huantai, "monthly 新考核 {\n  item 一 10 points = ", "名").labels).not.toContain("名次");
    // a band by rank reads it too; a band's score line does not
    expect(offered(huantai, "monthly 新考核 {\n  评为 优秀 若 ", "名").labels).toContain("名次");
    expect(offered(huantai, "monthly 新考核 {\n  band 优秀 at least ", "名").labels).not.toContain("名次");
  });

  test("a veto's outcome: after then or and, band, last and zero only; after then band, the assessment's bands", () => {
    // bands and a veto being written in 投诉件办理, and another assessment's band that must not be offered
    const text = huantai
      .replace("  sanction 书面说明", '  band 合格 at least 60\n  band 不合格 otherwise\n  veto "弄虚作假" if 工单数 > 0 then @\n  sanction 书面说明')
      .replace("monthly 综合管理", "monthly 综合管理 {\n  band 另一等次 otherwise\n}\nmonthly 综合管理2");
    const at = (line: string, typed = "") => {
      const full = text.replace("@", line + typed);
      const names = namesOf(full);
      const from = text.indexOf("@") + line.length;
      const site = completionSite(full, from, names);
      const fit = keywordsFit(site);
      return {
        site,
        names: nameCompletions(typed, site, names).map((o) => o.label),
        keywords: fit === false ? [] : keywordCompletions(typed, "en", fit === true ? undefined : fit).map((k) => k.label),
      };
    };
    const afterThen = at("");
    expect(afterThen.site).toEqual({ kind: "outcome", keywords: ["band", "last", "zero"] });
    expect(afterThen.names).toEqual([]);
    expect(afterThen.keywords.sort()).toEqual(["band", "last", "zero", "得零分", "排名末位", "评为"]);
    expect(at("", "la").keywords).toEqual(["last", "排名末位"]);
    const afterBand = at("band ");
    expect(afterBand.names).toEqual(["合格", "不合格"]);
    expect(afterBand.keywords).toEqual([]);
    expect(at("band 不合格 and ").keywords.sort()).toEqual(["band", "last", "zero", "得零分", "排名末位", "评为"]);
    // written in Chinese keywords: 一票否决 … 则 …
    const zh = '按月考核 新 {\n  一票否决 "弄虚作假" 若 工单数 > 0 则 ';
    expect(completionSite(zh, zh.length, []).kind).toBe("outcome");
  });

  test("where a new name is written nothing is offered; in the ranking, the assessments", () => {
    expect(offered(huantai, "measure ").site).toEqual({ kind: "none" });
    expect(offered(huantai, "event ", "新").labels).toEqual([]);
    expect(offered(huantai, "ranking {\n  monthly ").labels).toEqual(["投诉件办理", "综合管理", "年终成绩"]);
    expect(offered(huantai, "ranking {\n  volume ", "工").labels).toEqual(["工单数"]);
  });
});

describe("completion in a rubric written with Chinese keywords", () => {
  test("每, 计数, 适用于, 其中, 排序, 通报指标: the same sites as in English", () => {
    expect(offered(quarterlyZh, "指标 新指标 = 计数 ").site).toEqual({ kind: "populations" });
    expect(offered(quarterlyZh, "指标 新指标 = 计数 本期工单 其中 ").site).toEqual({ kind: "record", record: "orders" });
    expect(offered(quarterlyZh, "考核范围 新范围 = 全部事件 其中 ").site).toEqual({ kind: "record", record: "events" });
    expect(offered(quarterlyZh, "全部工单 {\n  字段 新字段 = ", "办结").labels[0]).toBe("办结时间");
    expect(offered(quarterlyZh, "排名 {\n  排序 分数 降序, ").site).toEqual({ kind: "measures" });
    expect(offered(quarterlyZh, "按月考核 新 {\n  通报指标 ", "重办").labels).toEqual(["重办件数", "重办率"]);
    expect(offered(quarterlyZh, "考核事件 ").site).toEqual({ kind: "none" });
  });
});

describe("hover and go to declaration", () => {
  const at = (text: string, word: string, nth = 0) => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = text.indexOf(word, i + 1);
    return i + 1;
  };

  test("a name used shows its kind, label and the line of its declaration", () => {
    const pos = at(huantai, "- 超期率") + 2; // in an item's formula
    expect(hoverAt(huantai, pos, namesOf(huantai))).toMatchObject({
      kindLabel: "比率指标",
      name: "超期率",
      label: "超期率",
      line: huantai.split("\n").findIndex((l) => l.startsWith("rate 超期率")) + 1,
    });
    expect(hoverAt(huantai, pos, namesOf(huantai))?.source).toBe('rate 超期率 "超期率" = 超期件数 / 工单数, when zero: 0 "本月无工单"');
    const ev = hoverAt(huantai, at(huantai, "per 推诿扯皮") + 4, namesOf(huantai));
    expect(ev).toMatchObject({ kindLabel: "考核事件", name: "推诿扯皮", label: "县中心交办事项推诿扯皮，经查证属实" });
  });

  test("built-in functions: signature and meaning; built-in fields: type and English name; keywords: the other spelling; comments and strings: nothing", () => {
    const text = `${huantai}\nvalue 试 = round(超期率, 2)`;
    expect(hoverAt(text, text.lastIndexOf("round") + 1, namesOf(text))).toMatchObject({
      kindLabel: "内置函数",
      name: "round(x, 位数)",
      label: "四舍五入（保留位数）",
      manualQuery: "round(",
    });
    expect(hoverAt(huantai, at(huantai, "受理时间 in") + 1, namesOf(huantai))).toMatchObject({
      kindLabel: "内置工单字段",
      name: "受理时间",
      detail: "时间，英文名 receivedAt",
    });
    // a keyword: its other spelling
    expect(hoverAt(huantai, at(huantai, "measure") + 1, namesOf(huantai))).toMatchObject({ kindLabel: "关键词", name: "measure", detail: "中文写作 指标" });
    expect(hoverAt(quarterlyZh, at(quarterlyZh, "扣 每") + 1, namesOf(quarterlyZh))).toMatchObject({ kindLabel: "关键词", name: "每", detail: "英文写作 per" });
    expect(hoverAt(quarterlyZh, at(quarterlyZh, "在本期内") + 1, namesOf(quarterlyZh))).toMatchObject({ detail: "英文写作 in period" });
    // 考核截至次月 5 日 (the editor's word is 考核截至次月), or joined 考核截至次月5日: the statement, its English, the manual
    for (const written of ["考核截至次月 5 日", "考核截至次月5日"]) {
      const text = quarterlyZh.replace(/^考核截至\S+$/m, written);
      expect(text).toContain(`\n${written}\n`);
      expect(hoverAt(text, at(text, written) + 2, namesOf(text))).toMatchObject({
        kindLabel: "关键词",
        name: "考核截至次月 N 日",
        detail: "英文写作 assessed at day N of next month；考核时点为次月第 N 日 24 时（N 是 1 到 28）",
        manualQuery: "考核截至次月 N 日",
      });
    }
    expect(hoverAt(huantai, 3, namesOf(huantai))).toBeNull(); // the first comment
    expect(hoverAt(huantai, at(huantai, '"超期率"') + 1, namesOf(huantai))).toBeNull(); // inside a label
  });

  test("an item's code: where declared (a number too) and where the total uses it, its kind, label and declaration", () => {
    const names = namesOf(huantai);
    const numbered = hoverAt(huantai, at(huantai, "item 1.2 ") + 5, names);
    expect(numbered).toMatchObject({ kindLabel: "考核项", name: "1.2", label: "配备2名以上专（兼）职工作人员，调整及时报备", detail: "6 分" });
    expect(numbered && huantai.slice(numbered.from, numbered.to)).toBe("1.2");
    expect(numbered?.source).toBe('item 1.2 "配备2名以上专（兼）职工作人员，调整及时报备" 6 points {');
    expect(hoverAt(huantai, at(huantai, "bonus 11.1") + 9, names)).toMatchObject({ kindLabel: "加分项", name: "11.1", label: "工作积极主动作为" });
    expect(hoverAt(huantai, at(huantai, "item 按期办结") + 6, names)).toMatchObject({ kindLabel: "考核项", name: "按期办结", label: "按期办结考核" });
    // a number that is not where a code is declared is a number
    expect(hoverAt(huantai, at(huantai, "6 points") - 1, names)).toBeNull();
    const zh = namesOf(quarterlyZh);
    const total = at(quarterlyZh, "总分 = 按时 + 满意 + 效能 + (属地") + 5;
    expect(hoverAt(quarterlyZh, total, zh)).toMatchObject({ kindLabel: "考核项", name: "按时", label: "按时办结", line: 39 });
    const inner = hoverAt(quarterlyZh, at(quarterlyZh, "(属地 ??") + 1, zh);
    expect(inner).toMatchObject({ kindLabel: "考核项", name: "属地", label: "属地管理", source: '考核项 属地 "属地管理" 10 分 适用于 镇, 街道 {' });
    const d = declarationAt(huantai, at(huantai, "item 1.2 ") + 6, names);
    expect(d && huantai.slice(d.from, d.to)).toBe("1.2");
  });

  test("go to declaration: the name where declared; an item's code in its own assessment", () => {
    const names = namesOf(huantai);
    const use = at(huantai, "/ 工单数") + 3;
    const d = declarationAt(huantai, use, names);
    expect(d && huantai.slice(d.from, d.to)).toBe("工单数");
    expect(d && huantai.slice(huantai.lastIndexOf("\n", d.from) + 1, d.to)).toBe("measure 工单数");
    expect(declarationAt(huantai, at(huantai, "受理时间"), names)).toBeNull();

    const zhNames = namesOf(quarterlyZh);
    const total = at(quarterlyZh, "总分 = 按时") + 6;
    const item = declarationAt(quarterlyZh, total, zhNames);
    expect(item?.assessment?.name).toBe("月度考核");
  });
});

describe("words", () => {
  test("the word at a position, strings and comments", () => {
    expect(wordAt("a 超期率 b", 3)).toEqual({ word: "超期率", from: 2, to: 5 });
    expect(wordAt("a 超期率 b", 5)?.word).toBe("超期率");
    expect(wordAt("item 1.1 x", 6)).toBeNull();
    expect(inCommentOrString('event 甲 "乙丙', 11)).toBe(true);
    expect(inCommentOrString('event 甲 "乙" 丙', 12)).toBe(false);
    expect(inCommentOrString("x = 1 # 丙", 9)).toBe(true);
  });
});

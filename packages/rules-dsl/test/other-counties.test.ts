/**
 * Mistakes found writing other counties' rubrics (沂源、邹平、博兴、高青): each is caught by the checker, said once,
 * in Chinese, with what to write instead.
 */
import { describe, expect, test } from "vitest";
import { Codes, format, parse } from "../src/index.ts";

const rubric = (body: string) => `rubric "测试" version "1"
  in force from 2017-09

category 镇
population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单
measure 回访数 = count 工单 where 已回访
${body}

monthly 月度 {
  item 量 10 points = min(10, 工单数)
}

ranking {
  monthly 月度
  volume 工单数
}
`;

const diagnostics = (text: string) =>
  parse(text)
    .diagnostics.filter((d) => d.code !== Codes.Unused)
    .map((d) => ({ code: d.code, message: d.message, line: d.range.start.line }));
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("a definition that refers to itself through a rate", () => {
  test("a value and a rate reading each other: one KH236, at the reference that closes the loop", () => {
    for (const body of [
      "value 工单数2 = 回访率 × 工单数\nrate 回访率 = 回访数 / 工单数2, when zero: 1",
      "rate 回访率 = 回访数 / 工单数2, when zero: 1\nvalue 工单数2 = 回访率 × 工单数",
    ]) {
      const text = rubric(`${body}\nvalue 用 = 回访率 + 工单数2`);
      const ds = diagnostics(text);
      expect(ds).toHaveLength(1);
      const d = ds[0] as (typeof ds)[number];
      expect(d.code).toBe(Codes.Cycle);
      expect(d.message).toMatch(
        /^(回访率 的定义直接或间接引用了它自己：回访率 → 工单数2 → 回访率|工单数2 的定义直接或间接引用了它自己：工单数2 → 回访率 → 工单数2)；/,
      );
      expect([lineOf(text, "value 工单数2"), lineOf(text, "rate 回访率")]).toContain(d.line);
    }
  });

  test("a rate whose when-zero value reads a value that reads the rate, and a rate reading itself", () => {
    const a = diagnostics(rubric("rate 率 = 回访数 / 工单数, when zero: 兜底\nvalue 兜底 = 率 + 1\nvalue 用 = 率"));
    expect(a.filter((d) => d.code === Codes.Cycle)).toHaveLength(1);
    const b = diagnostics(rubric("rate 率 = 回访数 / (工单数 + 率), when zero: 0\nvalue 用 = 率"));
    expect(b.filter((d) => d.code === Codes.Cycle).map((d) => d.message)).toEqual(["率 的定义直接或间接引用了它自己"]);
  });

  test("a fact whose when-missing value reads a value that reads the fact", () => {
    const ds = diagnostics(rubric("fact 创新 number when missing 兜底\nvalue 兜底 = 创新 + 1\nvalue 用 = 兜底"));
    expect(ds.filter((d) => d.code === Codes.Cycle)).toHaveLength(1);
  });

  test("rates that read rates without a loop are fine", () => {
    const ds = diagnostics(rubric("rate 甲 = 回访数 / 工单数, when zero: 1\nrate 乙 = 甲 / 工单数, when zero: 甲\nvalue 用 = 乙 + 甲"));
    expect(ds).toEqual([]);
  });
});

describe("a fact declared just above the monthly assessment", () => {
  test("monthly followed by a name begins the assessment, not the fact's months: no error (a review found KH110 in a file with none)", () => {
    for (const fact of ["fact 参加培训 yesno", "fact 培训次数 number"]) {
      const text = rubric(fact);
      expect(diagnostics(text), fact).toEqual([]);
      const declared = parse(text).ast?.declarations.find((d) => d.kind === "fact");
      expect(declared, fact).toMatchObject({ monthly: false });
    }
    // a fact's own months, written on its line, are still its own: before the assessment, and before when missing
    const monthly = parse(rubric("fact 培训次数 number monthly")).ast?.declarations.find((d) => d.kind === "fact");
    expect(monthly).toMatchObject({ monthly: true });
    const withDefault = parse(rubric("fact 培训次数 number monthly when missing 0")).ast?.declarations.find((d) => d.kind === "fact");
    expect(withDefault).toMatchObject({ monthly: true });
    // in Chinese keywords too: 按月考核 月度 is the assessment
    const zh = format(rubric("fact 参加培训 yesno"), { keywords: "zh" });
    expect(zh.ok && zh.text).toContain("按月考核 月度");
    expect(zh.ok ? diagnostics(zh.text) : zh.diagnostics).toEqual([]);
  });
});

describe("ceil and floor (向上取整, 向下取整)", () => {
  const text = rubric("rate 回访率 = 回访数 / 工单数, when zero: 1\nvalue 差 = 向上取整((98% - 回访率) / 1%) + floor(回访率)\nvalue 用 = 差");

  test("either name is a function; fmt writes it in the file's keyword language", () => {
    expect(diagnostics(text)).toEqual([]);
    const en = format(text, { keywords: "en" });
    const zh = format(text, { keywords: "zh" });
    if (!en.ok || !zh.ok) throw new Error("not formatted");
    expect(en.text).toContain("ceil((98% - 回访率) / 1%) + floor(回访率)");
    expect(zh.text).toContain("向上取整((98% - 回访率) / 1%) + 向下取整(回访率)");
  });

  test("on a record they are refused, as threshold is", () => {
    const ds = diagnostics(rubric("measure 天数 = sum 工单 of ceil(days(受理时间, 办结时间))"));
    expect(ds.map((d) => d.code)).toEqual([Codes.WrongLevel]);
  });
});

describe("full-width digits, as a Chinese input method types them", () => {
  test("numbers, percentages, decimals and months in full-width digits mean what they would in ASCII", () => {
    const wide = rubric("rate 回访率 = 回访数 / 工单数, when zero: 1\nvalue 得数 = ４０ × 回访率 + ９５．５％ + ０．５").replace(
      "in force from 2017-09",
      "in force from ２０１７－０９",
    );
    const ascii = rubric("rate 回访率 = 回访数 / 工单数, when zero: 1\nvalue 得数 = 40 × 回访率 + 95.5% + 0.5");
    expect(diagnostics(wide)).toEqual([]);
    const a = parse(wide).ast;
    const b = parse(ascii).ast;
    expect(a.header?.from).toBe("2017-09");
    const valueDeclOf = (ast: typeof a) => ast.declarations.find((d) => d.kind === "value");
    expect(JSON.stringify(valueDeclOf(a), (k, v) => (k === "range" || k === "nameRange" ? undefined : v))).toBe(
      JSON.stringify(valueDeclOf(b), (k, v) => (k === "range" || k === "nameRange" ? undefined : v)),
    );
    const f = format(wide);
    expect(f.ok && f.text).toContain("value 得数 = 40 × 回访率 + 95.5% + 0.5");
  });

  test("a character the language does not use is said once, without the gap it leaves said again", () => {
    const text = rubric("").replace("item 量 10 points", "item 量 ④ points");
    const ds = diagnostics(text);
    expect(ds.map((d) => `${d.code} ${d.message}`)).toEqual([`${Codes.UnknownCharacter} 无法识别的字符 “④”`]);
  });
});

describe("messages that say what is wrong and what to write", () => {
  const zhRubric = (change: (text: string) => string) =>
    change(`考核办法 "测试" 版本 "1"
  施行自 2017-09

考核类别 镇
考核事件 表扬 "群众表扬" 分 1
考核范围 工单 = 全部工单 其中 受理时间 在本期内
考核范围 事件 = 全部事件 其中 日期 在本期内
指标 工单数 = 计数 工单
指标 回访数 = 计数 工单 其中 已回访
比率指标 回访率 = 回访数 / 工单数, 分母为零时: 1

按月考核 月度 {
  考核项 量 10 分 = 10 × 回访率
  加分项 协调 最多 5 {
    加 每 表扬
  }
}

排名 {
  按月考核 月度
  承办总量 工单数
  排序 分数 降序
}
`);
  const messages = (text: string) => diagnostics(text).map((d) => d.message);

  test("the fixture is clean", () => {
    expect(messages(zhRubric((t) => t))).toEqual([]);
  });

  test("a rate without its when-zero value is told to write it", () => {
    const [m] = messages(zhRubric((t) => t.replace(", 分母为零时: 1", "")));
    expect(m).toBe(
      '比率还要写分母为零时取的值：在“工单数”之后写 , 分母为零时: 1 "本月无工单"（1 即 100%：分母为零的单位按 100% 计，满意率、按时率这类越高越好的比率这样写；退单率、超期率这类越低越好的写 0，即 0%；不计分的写 分母为零时: 不适用）',
    );
  });

  test("a rate of a bad thing without its when-zero value is told 0, not 1 (100% returned)", () => {
    // a rubric author's 退单率 was told 分母为零时: 1, which counts a unit that dispatched nothing as all returned
    const withRate = (rate: string) =>
      zhRubric((t) => t.replace("比率指标 回访率 = 回访数 / 工单数, 分母为零时: 1", `比率指标 回访率 = 回访数 / 工单数, 分母为零时: 1\n${rate}`));
    const [m] = messages(withRate('比率指标 退单率 "退单率" = 回访数 / 工单数'));
    expect(m).toBe(
      '比率还要写分母为零时取的值：在“工单数”之后写 , 分母为零时: 0 "本月无工单"（0 即 0%：退单率 看名称是越低越好的比率，分母为零的单位按 0% 计；满意率、按时率这类越高越好的写 1，即 100%；不计分的写 分母为零时: 不适用）',
    );
    // the label says it too
    expect(messages(withRate('比率指标 乙率 "超期率" = 回访数 / 工单数'))[0]).toContain("分母为零时: 0");
    // what it suggests checks (the unused rate aside)
    expect(diagnostics(withRate('比率指标 退单率 "退单率" = 回访数 / 工单数, 分母为零时: 0 "本月无工单"'))).toEqual([]);
  });

  test("a text compared without quotes is told to quote it", () => {
    const [m] = messages(zhRubric((t) => t.replace("其中 受理时间 在本期内", "其中 受理时间 在本期内 且 诉求类型 = 投诉")));
    expect(m).toBe('未定义的名称 投诉：与文字比较的值要加英文双引号，写作 "投诉"');
    const [inList] = messages(zhRubric((t) => t.replace("其中 受理时间 在本期内", "其中 受理时间 在本期内 且 诉求类型 属于 [投诉]")));
    expect(inList).toBe('未定义的名称 投诉：与文字比较的值要加英文双引号，写作 "投诉"');
  });

  test("最多 5 分, as regulations write a bonus's or a section's cap, reads as 最多 5 (fmt writes it so)", () => {
    const written = zhRubric((t) => t.replace("最多 5 {", "最多 5 分 {"));
    expect(messages(written)).toEqual([]);
    expect(format(written)).toEqual(format(zhRubric((t) => t)));
    const assessment = (text: string) => parse(text).ast.declarations.find((d) => d.kind === "assessment");
    const bonus = assessment(written)?.parts.find((p) => p.kind === "item" && p.bonus);
    expect(bonus).toMatchObject({ points: 5 });
    const withSection = zhRubric((t) => t.replace("按月考核 月度 {\n", '按月考核 月度 {\n  部分 甲 "甲部分" 最多 8 分 {\n    考核项 甲一 10 分 = 10\n  }\n'));
    expect(messages(withSection)).toEqual([]);
    const section = assessment(withSection)?.parts.find((p) => p.kind === "section");
    expect(section).toMatchObject({ cap: 8 });
  });

  test("an attribute declared at the top is told to go in 全部工单 { … }; two times subtracted are told hours(…)", () => {
    const [attribute] = messages(zhRubric((t) => t.replace("考核类别 镇\n", '考核类别 镇\n扩展属性 签收时间 "签收时间" 日期时间\n')));
    expect(attribute).toBe("扩展属性要写在 全部工单 { … } 或 全部事件 { … } 块中，说明它属于工单还是事件：全部工单 { 扩展属性 签收时间 … }");
    const [field] = messages(zhRubric((t) => t.replace("考核类别 镇\n", "考核类别 镇\n字段 已办结 = 办结时间 不为空\n")));
    expect(field).toMatch(/^派生字段要写在 全部工单 \{ … \} 或 全部事件 \{ … \} 块中/);
    const [minus] = messages(
      zhRubric((t) => t.replace("指标 回访数 = 计数 工单 其中 已回访", "指标 回访数 = 计数 工单 其中 已回访 且 办结时间 - 受理时间 < 24")),
    );
    expect(minus).toBe(
      "两个时间不能直接相减：相差的小时数写作 hours(受理时间, 办结时间)，天数写作 days(受理时间, 办结时间)，工作日数写作 workdays(受理时间, 办结时间)",
    );
  });

  test("words regulations write for a keyword are asked about by the keyword meant, at the word", () => {
    const attribute = (type: string) => zhRubric((t) => t.replace("考核范围 工单", `全部工单 {\n  扩展属性 签收时间 "签收时间" ${type}\n}\n考核范围 工单`));
    expect(messages(attribute("日期时间"))).toEqual([]);
    // 时间 is a name, 数值 the keyword of a value: either, written as the type, is asked about, not called a name or a keyword misused
    expect(messages(attribute("时间"))).toEqual(["在扩展属性声明（扩展属性）中，这里不能出现“时间”（是否想写 日期时间？）"]);
    expect(messages(attribute("数值"))).toEqual(["在扩展属性声明（扩展属性）中，这里不能出现“数值”（是否想写 数字？）"]);
    // a fact is 是否 or 数字: 整数 is asked about, 时间 is not offered a type facts do not have; 数量 as a name is no keyword misspelt
    expect(messages(zhRubric((t) => t.replace("考核类别 镇\n", "考核类别 镇\n事项 创新 整数\n"))).join()).toContain("“整数”（是否想写 数字？）");
    expect(messages(zhRubric((t) => t.replace("考核类别 镇\n", "考核类别 镇\n事项 创新 时间\n"))).join()).not.toContain("日期时间");
    expect(messages(zhRubric((t) => t.replace("10 × 回访率", "10 × 回访率 数量"))).join()).not.toContain("是否想写");
    // a ranking statement of one word, not a statement that stops short of a number
    const within = zhRubric((t) => t.replace("  按月考核 月度\n  承办总量", "  按月考核 月度\n  按类别排名\n  承办总量"));
    expect(diagnostics(within).map((d) => [d.message, d.line])).toEqual([
      ["在排名规则内的语句中，不认识“按类别排名”（是否想写 类别内？）", lineOf(within, "按类别排名")],
    ]);
    // 加分 begins a bonus item: not 加 分 run together. The one mistake is said once: its block's `}` closing the
    // assessment early, and the assessment's own `}` left over, are not said as mistakes of their own
    expect(messages(zhRubric((t) => t.replace("加分项 协调", "加分 协调")))).toEqual(["在考核（按月考核 / 按年考核）中，不认识“加分”（是否想写 加分项？）"]);
    expect(messages(zhRubric((t) => t.replace("  加分项 协调", "  按比例折算为 100\n  加分项 协调")))).toEqual([
      "在考核（按月考核 / 按年考核）中，不认识“按比例折算为”（是否想写 折算为？）",
    ]);
  });

  test("不低于 alone in an assessment: what to write instead", () => {
    const [m] = messages(zhRubric((t) => t.replace("    加 每 表扬\n  }\n", "    加 每 表扬\n  }\n  不低于 0\n")));
    expect(m).toMatch(/^在考核中，“不低于”不能单独成行：考核项的下限写在它的公式之后/);
  });

  // another city's rubrics (a tester's walk): each message says what to write, at the word that is wrong, and what it
  // suggests checks clean; a near miss is not told the same
  const at = (text: string) =>
    parse(text).diagnostics.map((d) => ({ code: d.code, message: d.message, line: d.range.start.line, column: d.range.start.column }));
  const columnOf = (text: string, needle: string) => (text.split("\n")[lineOf(text, needle) - 1] ?? "").indexOf(needle) + 1;

  test('levels(…, "满意": 1): a value name is written without quotes', () => {
    const measure = (args: string) => `指标 回访数 = 计数 工单 其中 已回访\n指标 满意分 = 求和 工单 的 levels(结果满意度, ${args})`;
    const quoted = zhRubric((t) => t.replace("指标 回访数 = 计数 工单 其中 已回访", measure('"满意": 1, "基本满意": 0.8')));
    const [d] = at(quoted);
    expect(d).toMatchObject({ code: Codes.UnexpectedToken, line: lineOf(quoted, "levels("), column: columnOf(quoted, ': 1, "基本') });
    expect(d?.message).toMatch(/^在计数\/求和（指标）中，函数参数的名称不加引号：“"满意": …”写作 满意: …/);
    expect(diagnostics(zhRubric((t) => t.replace("指标 回访数 = 计数 工单 其中 已回访", measure("满意: 1, 基本满意: 0.8"))))).toEqual([]);
    // a colon after a measure's label is no argument name quoted
    expect(messages(zhRubric((t) => t.replace("指标 工单数 = 计数 工单", '指标 工单数 "承办量": = 计数 工单')))[0]).not.toContain("不加引号");
  });

  test("满分 100 in an assessment: full marks are the items' points; rescaling is 折算为", () => {
    const text = zhRubric((t) => t.replace("  加分项 协调", "  满分 100\n  加分项 协调"));
    expect(at(text)).toEqual([
      {
        code: Codes.UnexpectedToken,
        message:
          "在考核（按月考核 / 按年考核）中，不认识“满分”：考核的满分就是各考核项（不含加分项）分值的合计，不用另写；有项不适用时按满分折算写作 折算为 100",
        line: lineOf(text, "满分 100"),
        column: 3,
      },
    ]);
    // (折算为 10: the items' points add up to 10; the one item always applies, so it is only warned of as never rescaling)
    expect(diagnostics(zhRubric((t) => t.replace("  加分项 协调", "  折算为 10\n  加分项 协调"))).map((d) => d.code)).toEqual([Codes.NothingToRescale]);
    // another unknown word before a number is not told of full marks
    expect(messages(zhRubric((t) => t.replace("  加分项 协调", "  总计 100\n  加分项 协调")))[0]).not.toContain("折算为");
  });

  test("an item's label after its points: the label goes between the code and the points", () => {
    const text = zhRubric((t) => t.replace("考核项 量 10 分 = 10 × 回访率", '考核项 量 10 分 "回访" = 10 × 回访率'));
    expect(at(text)).toEqual([
      {
        code: Codes.UnexpectedToken,
        message: '在考核项（考核项 / 加分项）中，说明文字写在代号之后、分值之前：写作 考核项 量 "回访" 10 分',
        line: lineOf(text, '"回访"'),
        column: columnOf(text, '"回访"'),
      },
    ]);
    expect(messages(zhRubric((t) => t.replace("考核项 量 10 分 = 10 × 回访率", '考核项 量 "回访" 10 分 = 10 × 回访率')))).toEqual([]);
    // a word (not a label) after the points is another mistake
    expect(messages(zhRubric((t) => t.replace("考核项 量 10 分 = 10 × 回访率", "考核项 量 10 分 回访 = 10 × 回访率")))[0]).not.toContain("说明文字");
  });

  test("a time limit written as a subtraction with a unit: hours(from, to)", () => {
    const field = (f: string) => zhRubric((t) => t.replace("考核范围 工单", `全部工单 {\n  字段 及时 = 办结时间 不为空 且 ${f}\n}\n考核范围 工单`));
    const text = field("办结时间 - 受理时间 <= 2小时");
    const [d] = at(text);
    expect(d).toMatchObject({ code: Codes.UnexpectedToken, line: lineOf(text, "2小时"), column: columnOf(text, "小时") });
    expect(d?.message).toContain("办结时间、受理时间 若是两个时间，不能直接相减：相差的小时数写作 hours(受理时间, 办结时间) <= 2");
    // the parser does not know their types: two numbers (a duration worked out) are told to drop the unit
    expect(d?.message).toContain("若是两个数，去掉“小时”即可");
    expect(diagnostics(field("hours(受理时间, 办结时间) <= 2"))).toEqual([]);
    // a unit after a number compared with a count is not a time subtraction
    expect(messages(field("工单数 <= 2小时"))[0]).not.toContain("hours(");
  });

  test("a unit after a number compared (hours(…) <= 2小时, 工单数 >= 3件): drop the unit, whatever the left side", () => {
    const field = (f: string) => zhRubric((t) => t.replace("考核范围 工单", `全部工单 {\n  字段 及时 = 办结时间 不为空 且 ${f}\n}\n考核范围 工单`));
    // hours() gives hours: told to drop the unit, not the } the orders block was expected to end with
    const text = field("hours(受理时间, 办结时间) ≤ 2小时");
    expect(at(text)).toEqual([
      {
        code: Codes.UnexpectedToken,
        message:
          "在记录字段声明（全部工单 { … } / 全部事件 { … }）中，数后面不写单位“小时”：hours(…) 得出的就是小时数，去掉“小时”即可，写作 hours(受理时间, 办结时间) ≤ 2",
        line: lineOf(text, "2小时"),
        column: columnOf(text, "小时"),
      },
    ]);
    expect(diagnostics(field("hours(受理时间, 办结时间) ≤ 2"))).toEqual([]);
    // a unit the function does not count: the function that does; minutes in hours
    expect(messages(field("hours(受理时间, 办结时间) <= 2天"))[0]).toContain("hours(…) 数的是小时数，按天算用 days(…)，写作 days(受理时间, 办结时间) <= 2");
    expect(diagnostics(field("days(受理时间, 办结时间) <= 2"))).toEqual([]);
    expect(messages(field("hours(受理时间, 办结时间) <= 30分钟"))[0]).toContain("写作 hours(受理时间, 办结时间) <= 0.5");
    // any other left side: the comparison without the unit (not the line up to the number)
    const total = zhRubric((t) => t.replace("考核项 量 10 分 = 10 × 回访率", "考核项 量 10 分 = 若 工单数 >= 3件 则 10 × 回访率 否则 0"));
    expect(messages(total)).toEqual(["在考核项（考核项 / 加分项）中，数后面不写单位“件”：比较的两边都是数，去掉“件”，写作 工单数 >= 3"]);
    expect(messages(zhRubric((t) => t.replace("考核项 量 10 分 = 10 × 回访率", "考核项 量 10 分 = 若 工单数 >= 3 则 10 × 回访率 否则 0")))).toEqual([]);
    // in a file of English keywords too
    const en = rubric("orders {\n  field 及时 = 办结时间 is not missing and hours(受理时间, 办结时间) <= 2小时\n}");
    expect(diagnostics(en).map((d) => d.message)).toEqual([
      "在记录字段声明（orders { … } / events { … }）中，数后面不写单位“小时”：hours(…) 得出的就是小时数，去掉“小时”即可，写作 hours(受理时间, 办结时间) <= 2",
    ]);
  });

  test("a band's bound written ≥ 60 (a regulation's table): at least 60; < 60 is the last band, otherwise", () => {
    const banded = (bands: string) => zhRubric((t) => t.replace("  加分项 协调", `${bands}\n  加分项 协调`));
    const text = banded("  评为 合格 ≥ 60\n  评为 不合格 其余");
    expect(at(text)).toEqual([
      {
        code: Codes.UnexpectedToken,
        message: "在等次（评为）中，等次的分数线不写“≥”：写作 评为 合格 不低于 60（不低于 即“≥”：得分不低于分数线的评为该等次）",
        line: lineOf(text, "≥ 60"),
        column: columnOf(text, "≥"),
      },
    ]);
    expect(diagnostics(banded("  评为 合格 不低于 60\n  评为 不合格 其余"))).toEqual([]);
    expect(messages(banded("  评为 合格 >= 60\n  评为 不合格 其余"))[0]).toContain("写作 评为 合格 不低于 60");
    // a band below a bound is the last band
    expect(messages(banded("  评为 合格 不低于 60\n  评为 不合格 < 60"))[0]).toContain("写作 评为 不合格 其余");
    // above the bound only: a condition on the score, which checks clean
    expect(messages(banded("  评为 合格 > 60\n  评为 不合格 其余"))[0]).toContain("写作 评为 合格 若 得分 > 60");
    expect(diagnostics(banded("  评为 合格 若 得分 > 60\n  评为 不合格 其余"))).toEqual([]);
    // a file of English keywords is told in English keywords
    const en = rubric("").replace("  item 量 10 points = min(10, 工单数)", "  item 量 10 points = min(10, 工单数)\n  band 合格 ≥ 6\n  band 不合格 otherwise");
    expect(diagnostics(en).map((d) => d.message)).toEqual([
      "在等次（band）中，等次的分数线不写“≥”：写作 band 合格 at least 6（at least 即“≥”：得分不低于分数线的评为该等次）",
    ]);
  });

  test("an item's lower bound written ≥ 0 after its formula: at least 0 (it was told only 这里需要数值，但它是是/否)", () => {
    const item = (formula: string) => zhRubric((t) => t.replace("考核项 量 10 分 = 10 × 回访率", `考核项 量 10 分 = ${formula}`));
    const text = item("10 × 回访率 ≥ 0");
    expect(at(text)).toEqual([
      {
        code: Codes.TypeMismatch,
        message: "考核项 量 的公式是一个比较（>= 0），得出的是是/否，不是分数：公式的下限写作 10 × 回访率 不低于 0",
        line: lineOf(text, "≥ 0"),
        column: columnOf(text, "10 × 回访率"),
      },
    ]);
    expect(diagnostics(item("10 × 回访率 不低于 0"))).toEqual([]);
  });

  test("并且, 或者 between two conditions: the keyword 且 (and), 或 (or), not the declarations the file's top level allows", () => {
    const text = zhRubric((t) => t.replace("指标 回访数 = 计数 工单 其中 已回访", '指标 回访数 = 计数 工单 其中 已回访 并且 结果满意度 = "满意"'));
    expect(at(text)).toEqual([
      {
        code: Codes.UnexpectedToken,
        message: "“并且”不是关键词：两个条件都要成立，中间写 且：已回访 且 结果满意度 …",
        line: lineOf(text, "并且"),
        column: columnOf(text, "并且"),
      },
    ]);
    expect(
      diagnostics(zhRubric((t) => t.replace("指标 回访数 = 计数 工单 其中 已回访", '指标 回访数 = 计数 工单 其中 已回访 且 结果满意度 = "满意"'))),
    ).toEqual([]);
    const or = zhRubric((t) => t.replace("指标 回访数 = 计数 工单 其中 已回访", '指标 回访数 = 计数 工单 其中 已回访 或者 结果满意度 = "满意"'));
    expect(messages(or)).toEqual(["“或者”不是关键词：两个条件成立一个即可，中间写 或：已回访 或 结果满意度 …"]);
    // inside a block, and in a file of English keywords (the Chinese keyword said too)
    const en = rubric("orders {\n  field 及时 = 办结时间 is not missing 而且 已回访\n}");
    expect(diagnostics(en).map((d) => d.message)).toEqual([
      "在记录字段声明（orders { … } / events { … }）中，“而且”不是关键词：两个条件都要成立，中间写 and（中文关键词为 且）：… and …",
    ]);
  });

  test("并且, 或者 only after a condition: the whole condition before in the example; a deduction's, populations', numbers' not told and/or", () => {
    const hint = (text: string) => messages(text).filter((m) => m.includes("不是关键词"));
    const item = (formula: string) => zhRubric((t) => t.replace("考核项 量 10 分 = 10 × 回访率", formula));
    // the example is the whole condition before (工单数 <= 3), not its last word (3 或 回访数 …)
    const either = item("考核项 量 10 分 = 若 工单数 <= 3 或者 回访数 >= 95 则 10 否则 0");
    expect(at(either)).toEqual([
      {
        code: Codes.UnexpectedToken,
        message: "在考核项（考核项 / 加分项）中，“或者”不是关键词：两个条件成立一个即可，中间写 或：工单数 <= 3 或 回访数 …",
        line: lineOf(either, "或者"),
        column: columnOf(either, "或者"),
      },
    ]);
    expect(diagnostics(item("考核项 量 10 分 = 若 工单数 <= 3 或 回访数 >= 95 则 10 否则 0"))).toEqual([]);
    // a deduction's action, two populations, two numbers: no condition before the word, no and/or said
    expect(hint(item("考核项 量 10 分 {\n    扣 0.5 × 工单数 分 并且 通报\n  }"))).toEqual([]);
    expect(hint(zhRubric((t) => t.replace("指标 工单数 = 计数 工单", "指标 工单数 = 计数 工单 以及 事件")))).toEqual([]);
    expect(hint(item("考核项 量 10 分 = 10 × 回访率 并且 回访数"))).toEqual([]);
    // in a file of English keywords too; a condition before the points (deduct … if …) is one
    const en = (statement: string) =>
      hint(rubric("").replace("  item 量 10 points = min(10, 工单数)", `  item 量 10 points = min(10, 工单数)\n  ${statement}`));
    expect(en("item 重办 5 points {\n    deduct 0.5 × 工单数 points 并且 通报\n  }")).toEqual([]);
    expect(en("item 重办 5 points = 40 × 工单数 并且 回访数")).toEqual([]);
    expect(hint(rubric("measure 总数 = count 工单 以及 本期事件"))).toEqual([]);
    expect(en("item 重办 5 points {\n    deduct 2 if 工单数 > 3 并且 回访数 < 1\n  }")).toEqual([
      "在考核项（item / bonus）中，“并且”不是关键词：两个条件都要成立，中间写 and（中文关键词为 且）：工单数 > 3 and 回访数 …",
    ]);
    // 并 alone joins an action more often (并通报): not read as and
    expect(hint(item("考核项 量 10 分 {\n    扣 2 若 工单数 > 3 并 通报\n  }"))).toEqual([]);
  });

  test("a band's bound ≥ 60% is told at least 60% (not 60, all units below it); with no number, at least N (no 60 made up)", () => {
    const banded = (bands: string) => zhRubric((t) => t.replace("  加分项 协调", `${bands}\n  加分项 协调`));
    // a total that is a rate: 60% is its line, and what is told checks clean
    const rate = banded("  总分 = min(1, 回访率)\n  评为 合格 ≥ 60%\n  评为 不合格 其余");
    expect(messages(rate)).toEqual(["在等次（评为）中，等次的分数线不写“≥”：写作 评为 合格 不低于 60%（不低于 即“≥”：得分不低于分数线的评为该等次）"]);
    expect(diagnostics(banded("  总分 = min(1, 回访率)\n  评为 合格 不低于 60%\n  评为 不合格 其余"))).toEqual([]);
    // a total of points: the percentage kept, KH256 then says it is 0.6 points
    expect(messages(banded("  评为 合格 ≥ 60%\n  评为 不合格 其余"))[0]).toContain("写作 评为 合格 不低于 60%");
    expect(diagnostics(banded("  评为 合格 不低于 60%\n  评为 不合格 其余")).map((d) => d.code)).toEqual([Codes.BandThresholdPercent]);
    // no number after the comparison: the form, with N
    const [none] = messages(banded("  评为 合格 ≥ 六十\n  评为 不合格 其余"));
    expect(none).toBe("在等次（评为）中，等次的分数线不写“≥”：写作 评为 合格 不低于 N（不低于 即“≥”：得分不低于分数线的评为该等次；N 写分数线的数字）");
    const [below] = messages(banded("  评为 合格 不低于 60\n  评为 不合格 < 六十"));
    expect(below).toContain("写作 评为 不合格 其余");
    expect(below).toContain("它上面的等次写 评为 … 不低于 N");
    expect(messages(banded("  评为 合格 > 六十\n  评为 不合格 其余"))[0]).toContain("写作 评为 合格 若 得分 > N");
  });

  test("minutes after days() or workdays() are told hours(…) in hours (30分钟 is 0.5), not 30 days; 个工作日 is said 工作日", () => {
    const field = (f: string) => zhRubric((t) => t.replace("考核范围 工单", `全部工单 {\n  字段 及时 = 办结时间 不为空 且 ${f}\n}\n考核范围 工单`));
    expect(messages(field("days(受理时间, 办结时间) <= 30分钟"))).toEqual([
      "在记录字段声明（全部工单 { … } / 全部事件 { … }）中，数后面不写单位“分钟”：days(…) 数的是天数，按分钟算用 hours(…)，30 分钟是 0.5 小时，写作 hours(受理时间, 办结时间) <= 0.5",
    ]);
    expect(diagnostics(field("hours(受理时间, 办结时间) <= 0.5"))).toEqual([]);
    expect(messages(field("workdays(受理时间, 办结时间) <= 90分钟"))[0]).toContain(
      "按分钟算用 hours(…)，90 分钟是 1.5 小时，写作 hours(受理时间, 办结时间) <= 1.5",
    );
    // the unit counted, not the word as typed (按个工作日算)
    expect(messages(field("hours(受理时间, 办结时间) <= 2个工作日"))[0]).toContain(
      "hours(…) 数的是小时数，按工作日算用 workdays(…)，写作 workdays(受理时间, 办结时间) <= 2",
    );
    expect(messages(field("days(受理时间, 办结时间) <= 2个小时"))[0]).toContain("days(…) 数的是天数，按小时算用 hours(…)，写作 hours(受理时间, 办结时间) <= 2");
    expect(diagnostics(field("workdays(受理时间, 办结时间) <= 2"))).toEqual([]);
  });

  test("a formula ending in ≥ a number other than 0 is told both readings: a lower bound (at least) or a threshold (if … then … else …)", () => {
    const item = (formula: string) => zhRubric((t) => t.replace("考核项 量 10 分 = 10 × 回访率", `考核项 量 10 分 = ${formula}`));
    const text = item("10 × 回访率 >= 6");
    expect(at(text)).toEqual([
      {
        code: Codes.TypeMismatch,
        message:
          "考核项 量 的公式是一个比较（>= 6），得出的是是/否，不是分数：办法规定最低得 6 分的，写作 10 × 回访率 不低于 6（每个单位至少得 6 分）；达到 6 才得分的，写作 若 10 × 回访率 >= 6 则 … 否则 …",
        line: lineOf(text, ">= 6"),
        column: columnOf(text, "10 × 回访率"),
      },
    ]);
    expect(diagnostics(item("若 10 × 回访率 >= 6 则 10 × 回访率 否则 0"))).toEqual([]);
    expect(diagnostics(item("10 × 回访率 不低于 6"))).toEqual([]);
  });

  test("a section's lower bound: a section has none; the shared cap is one item's at least", () => {
    const section = (head: string) => zhRubric((t) => t.replace("  考核项 量 10 分 = 10 × 回访率\n", `  ${head} {\n    考核项 量 10 分 = 10 × 回访率\n  }\n`));
    const text = section("部分 质量 10 分 不低于 4");
    const [d] = at(text);
    expect(d).toMatchObject({ code: Codes.UnexpectedToken, line: lineOf(text, "不低于 4"), column: columnOf(text, "不低于") });
    // 10 points, at least 4: at most 6 deducted
    expect(d?.message).toMatch(
      /^在考核部分中，部分不能写下限（“不低于”），只能写上限（最多）。几项扣分合计最多扣 6 分的，把它们写成一个考核项，在扣分块中写 不低于 4/,
    );
    expect(messages(section("部分 质量 10 分 最多 10"))).toEqual([]);
    // in an item, 不低于 after the points is no section's
    const item = zhRubric((t) => t.replace("考核项 量 10 分 = 10 × 回访率", "考核项 量 10 分 不低于 4 = 10 × 回访率"));
    expect(messages(item)[0]).not.toContain("部分不能写下限");
  });

  test("a keyword as a bonus's code: KH210, as for any name", () => {
    const text = zhRubric((t) => t.replace("加分项 协调 最多 5", "加分项 加 最多 5"));
    expect(at(text)).toEqual([
      { code: Codes.DuplicateName, message: "“加”是关键词，不能用作名称：请换一个名称（如“加值”）", line: lineOf(text, "加分项 加"), column: 7 },
    ]);
    // a bonus without a code is not told 最多 is a keyword
    expect(messages(zhRubric((t) => t.replace("加分项 协调 最多 5", "加分项 最多 5")))[0]).not.toContain("是关键词");
  });

  test("order by 得分 is told to write 分数; 指表 is asked whether 指标 was meant", () => {
    expect(messages(zhRubric((t) => t.replace("排序 分数 降序", "排序 得分 降序")))[0]).toContain("按得分排序请写 排序 分数 降序");
    expect(messages(zhRubric((t) => t.replace("指标 回访数", "指表 回访数")))[0]).toContain("“指表”（是否想写 指标？）");
  });

  test("an item named as a rate: the name clash, not also a cycle of the item with itself", () => {
    const ds = diagnostics(zhRubric((t) => t.replace("考核项 量 10 分 = 10 × 回访率", "考核项 回访率 10 分 = 10 × 回访率")));
    expect(ds.map((d) => d.code)).toEqual([Codes.DuplicateName]);
  });
});

describe("KH252 a text a field of fixed values never holds", () => {
  test("a warning naming the values, with the one probably meant; != says the comparison is always true", () => {
    const text = rubric('measure 满意数 = count 工单 where 结果满意度 in ["满意", "基本满义"] and 结案类型 != "正常办节"\nvalue 用 = 满意数');
    const ds = parse(text).diagnostics.filter((d) => d.code === Codes.UnknownFieldValue);
    expect(ds.map((d) => [d.severity, d.message])).toEqual([
      ["warning", "结果满意度只有 满意、基本满意、一般、不满意 这几种值，“基本满义”不是其中之一，这个比较永远不成立（是否想写 基本满意？）"],
      [
        "warning",
        "结案类型只有 正常办结、应办未办、问题反弹、超出政策、应走司法程序、情况不实、历史遗留 这几种值，“正常办节”不是其中之一，这个比较总是成立（是否想写 正常办结？）",
      ],
    ]);
  });

  test("a level of levels() named by a value the field never holds: the same warning, at the level", () => {
    const text = rubric("measure 满意分 = sum 工单 of levels(结果满意度, 满意: 1, 基本满义: 0.6, 不满意: 0) where 已回访\nvalue 用 = 满意分");
    const ds = parse(text).diagnostics.filter((d) => d.code === Codes.UnknownFieldValue);
    expect(ds.map((d) => [d.severity, d.message])).toEqual([
      [
        "warning",
        "结果满意度只有 满意、基本满意、一般、不满意 这几种值，levels 中的“基本满义”不是其中之一，这一档永远用不上（levels 中没有写的值按 0 计）（是否想写 基本满意？）",
      ],
    ]);
    expect(text.slice(ds[0]?.range.start.offset)).toMatch(/^基本满义: 0.6/);
    // the levels it holds, and a field of open values (诉求类型), draw nothing
    const ok = rubric("measure 满意分 = sum 工单 of levels(结果满意度, 满意: 1, 基本满意: 0.6) + levels(诉求类型, 投诉: 1) where 已回访\nvalue 用 = 满意分");
    expect(diagnostics(ok)).toEqual([]);
  });

  test("the values it holds, a field of the rubric's own named alike, and open fields draw nothing", () => {
    const ok = rubric('measure 满意数 = count 工单 where 结果满意度 = "基本满意" and 诉求类型 = "随便什么" and 来源 = "网站"\nvalue 用 = 满意数');
    expect(diagnostics(ok)).toEqual([]);
  });
});

/**
 * Whole-file tests: every shipped rubric checks clean and is already in
 * canonical form; the formatter keeps comments, is idempotent, and parsing
 * never throws on garbage.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Codes, format, parse } from "../src/index.ts";
import { stripPositions } from "./support/ast.ts";

const rulesDir = new URL("../../../rules/", import.meta.url).pathname;
const shipped = readdirSync(rulesDir, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".kh"))
  .map((f) => join(rulesDir, f));

describe("shipped rubrics", () => {
  test("there are the 2017 rubric and the examples", () => {
    expect(shipped.some((f) => f.endsWith("huantai/2017.kh"))).toBe(true);
    expect(shipped.filter((f) => f.includes("examples/")).length).toBeGreaterThanOrEqual(2);
  });
  test.each(shipped)("%s has no diagnostics and is formatted", (file) => {
    const text = readFileSync(file, "utf8");
    expect(parse(text).diagnostics).toEqual([]);
    const f = format(text);
    expect(f.ok && f.text).toBe(text);
  });
  test.each(shipped.filter((f) => f.includes("examples/")))("%s says in its header that it is an example", (file) => {
    const { ast } = parse(readFileSync(file, "utf8"));
    expect(ast.header?.example).toBe(true);
    expect(ast.header?.name).toContain("示例");
  });
});

const messy = `# 头注释
rubric   "测试"   version "1"   in force from 2017-09
category 镇 # 行尾注释
population 工单=orders where 受理时间 in period and not(回退 and 回退认可)
measure 工单数 = count 工单
measure 超期数 = count 工单 where 办结时间>办理时限 or 办结时间 is missing and 办理时限 < 考核时点
rate 超期率 = 超期数/工单数 , when zero : 0 "本月无工单"
monthly 月度 { item 按期 20 points = 20*(1-超期率) at least 0
  # 项前注释
  item 量 10 points {deduct 2 per 超期数 continuing}
}
ranking { monthly 月度 volume 工单数 order by score desc , volume desc ties shared round 2 decimals }
`;

describe("formatter", () => {
  test("lays out a messy file canonically, keeping every comment", () => {
    const f = format(messy);
    if (!f.ok) throw new Error("should format");
    for (const c of ["# 头注释", "# 行尾注释", "# 项前注释"]) expect(f.text).toContain(c);
    expect(f.text).toContain("category 镇  # 行尾注释");
    expect(f.text).toContain("  item 按期 20 points = 20 × (1 - 超期率) at least 0");
    // mixed and/or gets explicit parentheses; the meaning does not change
    expect(f.text).toContain("办结时间 > 办理时限 or (办结时间 is missing and 办理时限 < 考核时点)");
    expect(f.text).toContain("    deduct 2 per 超期数 continuing");
    expect(parse(f.text).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  test("a rubric pasted from Word (Chinese quotes, no-break and zero-width spaces, full-width = + - / >) checks clean and formats to the shipped text", () => {
    const shippedText = readFileSync(join(rulesDir, "huantai/2017.kh"), "utf8");
    const statements = shippedText.replace(/^#.*\n/gm, "");
    let quoted = 0;
    const pasted = statements
      // a label with Chinese quotes inside stays in English quotes (a pair of Chinese quotes cannot hold another)
      .replace(/"([^"\\\n“”]*)"/g, (_, body: string) => {
        quoted++;
        return `\u201C${body}\u201D`;
      })
      .replace(/ = /g, "\u00A0＝\u200B ")
      .replace(/ - /g, " － ")
      .replace(/ \+ /g, " ＋ ")
      .replace(/ \/ /g, " ／ ")
      .replace(/ >= /g, " ＞＝ ")
      .replace(/ > /g, " ＞ ");
    expect(quoted).toBeGreaterThan(50);
    expect(pasted).toMatch(/＝.*＞|＞.*＝/s);
    expect(parse(pasted).diagnostics).toEqual([]);
    expect(format(pasted)).toEqual(format(statements));
    expect(stripPositions(parse(pasted).ast)).toEqual(stripPositions(parse(statements).ast));
  });

  test("an unclosed Chinese quote is said as an unclosed quote, once", () => {
    const d = parse('rubric “桓台 version "1"\n  in force from 2017-09\n').diagnostics;
    expect(d.map((x) => [x.code, x.range.start.line, x.range.start.column])).toEqual([["KH101", 1, 8]]);
  });

  test("is idempotent", () => {
    const once = format(messy);
    if (!once.ok) throw new Error("should format");
    const twice = format(once.text);
    expect(twice.ok && twice.text).toBe(once.text);
  });

  test("refuses a file with a statement written twice rather than drop one copy", () => {
    const f = format(messy.replace("round 2 decimals", "round 2 decimals round 3 decimals"));
    expect(f.ok).toBe(false);
  });

  test("refuses a file with syntax errors and changes nothing", () => {
    const f = format(messy.replace("points =", "pionts ="));
    expect(f.ok).toBe(false);
  });

  test("never attaches a comment to another statement", () => {
    const text = `rubric "测试" version "1"
  in force from 2017-09

category 镇
# 关于镇的说明
# 第二行

category 街道
population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单 where 受理时间 in period  # 跨行语句的注释
  and 已回访

monthly 月度 {  # 月度考核
  item 量 10 points = min(10, 工单数)
  # 关于量

  item 罚 10 points {
    deduct 1 if 工单数 > 3
    # 项块尾
  }

  # 块尾注释
}
# 排名之前

ranking {
  monthly 月度
  volume 工单数
  # 排名块尾
}
`;
    const f = format(text);
    if (!f.ok) throw new Error("should format");
    // the blank line after a trailing block of comments stays after it
    expect(f.text).toContain("category 镇\n# 关于镇的说明\n# 第二行\n\ncategory 街道\n");
    expect(f.text).toContain("  # 关于量\n\n  item 罚");
    expect(f.text).toContain("# 排名之前\n\nranking {");
    // a comment at the end of a block stays at the end of that block
    expect(f.text).toContain("    # 项块尾\n  }\n\n  # 块尾注释\n}\n");
    expect(f.text).toContain("  # 排名块尾\n}\n");
    // a comment after `{` stays on that line; one inside a statement over several lines stays with it
    expect(f.text).toContain("monthly 月度 {  # 月度考核\n  item 量");
    expect(f.text).toContain("and 已回访  # 跨行语句的注释\n\nmonthly");
    const again = format(f.text);
    expect(again.ok && again.text).toBe(f.text);
  });

  test("formatting preserves meaning: the same AST, positions aside", () => {
    const f = format(messy);
    if (!f.ok) throw new Error("should format");
    const a = parse(messy).ast;
    const b = parse(f.text).ast;
    // number literals keep their text; only operators and layout change
    expect(JSON.stringify(stripPositions(b.declarations))).toBe(JSON.stringify(stripPositions(a.declarations)));
  });
});

describe("robustness", () => {
  test("random text never throws and always yields diagnostics with positions", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = parse(text);
        for (const d of r.diagnostics) expect(d.range.start.line).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  test("deep nesting and long chains, spliced into a real rubric, never throw nor end in an internal error", () => {
    const text = readFileSync(join(rulesDir, "huantai/2017.kh"), "utf8");
    const piece = fc.oneof(
      fc.nat(3000).map((n) => "(".repeat(n)),
      fc.nat(3000).map((n) => ")".repeat(n)),
      fc.nat(3000).map((n) => "[".repeat(n)),
      fc.tuple(fc.nat(3000), fc.constantFrom("not ", "-", "if 是 then ", "abs(", "min(1, ")).map(([n, p]) => p.repeat(n)),
      fc.tuple(fc.nat(4000), fc.constantFrom(" and 已回访", " or 是", " + 1", " × 2", " / 工单数", " ?? 0", ", 1")).map(([n, p]) => p.repeat(n)),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.nat(text.length), fc.array(piece, { minLength: 1, maxLength: 4 }), (at, pieces) => {
        const broken = text.slice(0, at) + pieces.join(" ") + text.slice(at);
        for (const d of [...parse(broken).diagnostics, ...parse(broken, { syntaxOnly: true }).diagnostics]) {
          expect(`${d.message} ${d.messageEn}`).not.toMatch(/内部错误|internal error/);
        }
        format(broken);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  test("a syntax error put into a clean rubric gives no semantic diagnostic the break caused", () => {
    const clean = shipped.map((f) => readFileSync(f, "utf8")).filter((t) => parse(t).diagnostics.length === 0);
    const junk = fc.constantFrom(" = = ", " ) ", " and ", " 123abc ", " { ", " } ", " item ", " , ", "@@", " where ", "\n", " ranking ");
    fc.assert(
      fc.property(fc.nat(clean.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), junk, (which, where, piece) => {
        const text = clean[which] as string;
        const at = Math.floor(where * text.length);
        const ds = parse(text.slice(0, at) + piece + text.slice(at)).diagnostics;
        if (!ds.some((d) => d.code < "KH200")) return;
        // (KH210 is also how the parser says a keyword was written where a name belongs)
        expect(ds.filter((d) => d.code >= "KH200" && d.code !== "KH210").map((d) => `${d.code} ${d.message}`)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  test("an item broken in an assessment another reads: the reader's reach is not reported (found by the property above)", () => {
    const text = readFileSync(join(rulesDir, "huantai/2017.kh"), "utf8");
    const at = text.indexOf('办理质量高" 1') + '办理质量高" 1'.length;
    expect(at).toBeGreaterThan(100);
    // `15 points` read as `1 = = 5 points`: 综合管理 reaches less, and 年终成绩's 24 points of `20% × 综合管理` looked out of reach
    const ds = parse(`${text.slice(0, at)} = = ${text.slice(at)}`).diagnostics;
    expect(ds.map((d) => d.code)).toEqual([Codes.UnexpectedToken]);
    // the same item's points really lowered: the reader is told
    const lowered = parse(text.replace('办理质量高" 15 points', '办理质量高" 1 points')).diagnostics;
    expect(lowered.map((d) => d.code)).toContain(Codes.PointsOutOfReach);
  });

  test("an item whose points were left out, in an assessment that rescales: the syntax error only, no sum of NaN at rescale", () => {
    const text = readFileSync(join(rulesDir, "examples/city-rate-threshold-example.kh"), "utf8");
    const broken = text.replace('item 办结 "综合办结率" 40 points =', 'item 办结 "综合办结率" points =');
    expect(broken).not.toBe(text);
    // (KH260 said 各考核项合计只有 NaN 分 at rescale to 100)
    expect(parse(broken).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'KH111 在考核项（item / bonus）中，“points”前缺少分值：写明该项的满分，如 item 办结 "综合办结率" 20 points = …',
    ]);
  });

  test("a real rubric cut or spliced anywhere never throws", () => {
    const text = readFileSync(join(rulesDir, "huantai/2017.kh"), "utf8");
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 8 }), (a, b, junk) => {
        const [from, to] = a < b ? [a, b] : [b, a];
        const broken = text.slice(0, from) + junk + text.slice(to);
        parse(broken);
        format(broken);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});

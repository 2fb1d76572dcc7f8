/**
 * 《投诉动态》 laid out for a county of five categories with long names (a review's made-up county): the columns of
 * short words wide enough for them on one line in both files, a category's heading never alone at a page's foot in
 * the PDF (read back page by page with pdfjs), and the words said of a unit ranked alone and a category of one.
 */
import type { BulletinData, BulletinRow, YearBulletinData } from "@kaohe/services";
import { strFromU8, unzipSync } from "fflate";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { bulletinDocx } from "../src/bulletin/docx.ts";
import { bulletinLayout, yearBulletinLayout } from "../src/bulletin/layout.ts";
import { bulletinPdf } from "../src/bulletin/pdf.ts";
import { readDocx } from "./docx-text.ts";

const row = (unit: string, rank: number, extra: Partial<BulletinRow> = {}): BulletinRow => ({
  code: unit,
  unit,
  rank,
  score: 100 - rank / 10,
  volume: 30 + rank,
  previousRank: rank,
  previousScore: 100,
  rankChange: 0,
  scoreChange: 0,
  notCompared: null,
  notes: [],
  ...extra,
});

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}号单位（县${prefix}服务中心）`);

/** A month with the categories of `sizes` units each, compared with last month; every tenth unit owes an explanation. */
function month(sizes: number[]): BulletinData {
  const labels = ["镇", "城区街道办事处", "县直部门", "省市驻县单位", "公共服务企业"];
  const groups = sizes.map((n, g) => ({
    group: labels[g] ?? `类别${g}`,
    label: labels[g] ?? `类别${g}`,
    rows: names(labels[g] ?? "", n).map((u, i) => row(u, i + 1)),
  }));
  const units = groups.flatMap((g) => g.rows.map((r) => ({ ...r, category: g.label })));
  return {
    title: "投诉动态",
    period: "2019-02",
    periodText: "2019年2月",
    issuer: "博兴县民生热线服务中心",
    issue: 2,
    issueAfter: null,
    issuedOn: "2019-03-08",
    lead: "导言。",
    defaultLead: "导言。",
    saved: null,
    rubric: { name: "博兴县市民投诉（民生热线）工作考核办法", version: "2019" },
    published: true,
    status: "已发布",
    changedSincePublished: null,
    previous: { period: "2019-01", periodText: "2019年1月", state: "compared", note: null },
    totals: { units: units.length, volume: 1000, owing: 0, events: 0, eventUnits: 0 },
    groups,
    duties: units.filter((_, i) => i % 10 === 0).map((u) => ({ unit: u.unit, category: u.category, reasons: ["超期件数 2，问题反弹件数 1"], state: "待提交" })),
    events: [],
  };
}

describe("the columns of short words", () => {
  // one line of n Chinese characters at 10.5 points, with the cell's margins (80 twips each side): Word's width in twips
  const oneLine = (n: number) => n * 210 + 160;

  it("hold 名次, 承办量, 上月名次 … and a category of six characters (公共服务企业) on one line, in Word and in the PDF", async () => {
    const layout = bulletinLayout(month([11, 1, 47, 12, 10]));
    const tables = layout.blocks.flatMap((b) => (b.kind === "table" ? [b] : []));
    const ranking = tables[0];
    const duties = tables.at(-1);
    expect(ranking?.header).toEqual(["名次", "单位", "得分", "承办量", "上月名次", "名次变化", "得分变化", "备注"]);
    expect(duties?.header).toEqual(["序号", "单位", "类别", "原因", "说明情况"]);
    expect(duties?.rows.map((r) => r[2])).toContain("公共服务企业");

    const xml = strFromU8(unzipSync(await bulletinDocx(month([11, 1, 47, 12, 10])))["word/document.xml"] as Uint8Array);
    const grids = [...xml.matchAll(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/g)].map((g) => [...(g[1] ?? "").matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1])));
    const [rankingGrid] = grids;
    const dutiesGrid = grids.at(-1);
    // (they broke as 名/次, 承办/量, 上月名/次, 名次变/化: 544, 725 and 907 twips)
    for (const [i, heading] of ["名次", "单位", "得分", "承办量", "上月名次", "名次变化", "得分变化"].entries())
      if (heading !== "单位") expect(rankingGrid?.[i], heading).toBeGreaterThanOrEqual(oneLine(heading.length));
    // 类别: 公共服务企业 on one line (it broke as 公共服务/企业); 序号 and 说明情况 too
    expect(dutiesGrid?.[2]).toBeGreaterThanOrEqual(oneLine(6));
    expect(dutiesGrid?.[0]).toBeGreaterThanOrEqual(oneLine(2));
    expect(dutiesGrid?.[4]).toBeGreaterThanOrEqual(oneLine(4));
    // the PDF's 9-point text in its 467 points: 公共服务企业 on one line, with 4 points of padding each side
    const share = (duties?.widths[2] ?? 0) / (duties?.widths.reduce((s, w) => s + w, 0) ?? 1);
    expect(share * 467.28).toBeGreaterThanOrEqual(6 * 9 + 8);
  });
});

describe("the year's ranking", () => {
  it("gives the unit's column room for a department's name beside the parts' long headers (县经/济和/信息/化局, a walk)", () => {
    const departments = ["县经济和信息化局", "县人力资源和社会保障局", "县城市管理行政执法局", "县文化广电新闻出版局"];
    const d: YearBulletinData = {
      title: "投诉动态",
      periodText: "2018年度",
      issuer: "桓台县民生热线服务中心",
      issue: 13,
      issueAfter: null,
      issuedOn: "2019-02-10",
      lead: "导言。",
      defaultLead: "导言。",
      saved: null,
      rubric: { name: "桓台县市民投诉（民生热线）工作考核办法", version: "2017" },
      published: true,
      status: "已发布",
      changedSincePublished: null,
      year: "2018",
      assessment: "年终考核成绩",
      months: ["2018-01", "2018-02"],
      parts: [
        { code: "投诉件办理", label: "投诉件办理考核（月度平均，占80%）", max: 80 },
        { code: "综合管理", label: "综合管理考核（占20%）", max: 24 },
      ],
      totals: { units: departments.length, volume: 100 },
      groups: [
        {
          group: "县直部门",
          label: "县直部门",
          rows: departments.map((unit, i) => ({ code: unit, unit, rank: i + 1, score: 98 - i, volume: 41 + i, parts: [78.37 - i, 20], notes: [] })),
        },
      ],
      checklists: [],
    };
    const ranking = yearBulletinLayout(d).blocks.find((b) => b.kind === "table");
    if (ranking?.kind !== "table") throw new Error("no ranking table");
    expect(ranking.header[1]).toBe("单位");
    const share = (i: number) => (ranking.widths[i] ?? 0) / ranking.widths.reduce((s, w) => s + w, 0);
    // the PDF's 9-point text in its 467 points, 4 points of padding each side: 县经济和信息化局 (8 characters) on one line
    // (it had room for two); the longest names on two lines at most
    expect(share(1) * 467.28).toBeGreaterThanOrEqual(8 * 9 + 8);
    expect(share(1) * 467.28 * 2).toBeGreaterThanOrEqual(11 * 9 + 16);
    // the parts' headers on at most three lines each, over their numbers
    expect(share(3) * 467.28 * 3).toBeGreaterThanOrEqual(18 * 9);
    expect(share(4) * 467.28 * 3).toBeGreaterThanOrEqual(10 * 9);
  });
});

describe("a category's heading in the PDF", () => {
  it("is never the last line of a page: it goes to the next page with its table's header and first rows", async () => {
    // the first categories' sizes moved one by one: one of them leaves the next heading at a page's foot where only
    // the heading fits (60 points were kept for it: less than a heading, a table's header and its first row)
    for (let n = 28; n <= 32; n++) {
      const bytes = await bulletinPdf(month([n, 1, 47, 12, 10]));
      const pdf = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, isEvalSupported: false, useSystemFonts: false }).promise;
      for (let p = 1; p <= pdf.numPages; p++) {
        const items = (await (await pdf.getPage(p)).getTextContent()).items.flatMap((x) =>
          "str" in x && x.str.trim() !== "" && !/^— \d+ —$/.test(x.str) ? [{ str: x.str, y: x.transform[5] as number }] : [],
        );
        // the lowest line of the page (PDF space: y grows upwards)
        const last = items.reduce((a, b) => (b.y < a.y ? b : a));
        expect(last.str, `${n} units in the first category, page ${p}`).not.toMatch(/^（[一二三四五六七八九十]）|^[一二三四五六七八九十]、/);
      }
    }
  }, 120_000);
});

describe("the words", () => {
  it("say 并列 of no unit ranked alone", () => {
    const d = month([3, 1, 3]);
    const towns = d.groups[0];
    if (!towns) throw new Error("no towns");
    // the third town had no order this month: its rank (3) is its own, shared with nobody
    towns.rows[2] = row("镇3号单位（县镇服务中心）", 3, { volume: 0, notCompared: "本月无工单", rankChange: null, scoreChange: null });
    const text = bulletinLayout(d)
      .blocks.flatMap((b) => (b.kind === "paragraph" ? [b.text] : []))
      .join("\n");
    expect(text).toContain("本月无工单的单位1个（镇3号单位（县镇服务中心））不参与升降比较：无工单的月份按规则计分，名次变化不反映实际办理情况。");
    expect(text).not.toContain("并列");
  });
});

describe("the events part", () => {
  const texts = (d: BulletinData) => bulletinLayout(d).blocks.flatMap((b) => (b.kind === "paragraph" ? [b.text] : []));
  const eventRows = (d: BulletinData) => bulletinLayout(d).blocks.flatMap((b) => (b.kind === "table" && b.header[0] === "事件类型" ? b.rows : []));
  /** an event type whose item has no bound: 乙镇's one 行政不作为, 5 points */
  const inaction: BulletinData["events"][number] = {
    type: "行政不作为",
    label: "行政不作为",
    count: 1,
    points: 5,
    assessments: ["投诉件办理考核"],
    units: [{ unit: "乙镇", count: 1, points: 5, listed: 5, cap: null }],
  };
  const withEvents = (events: BulletinData["events"]): BulletinData => ({
    ...month([3]),
    events,
    totals: { units: 3, volume: 1000, owing: 0, events: events.reduce((s, e) => s + e.count, 0), eventUnits: 2 },
  });

  it("says the points an item that stops at its own (扣完为止) deducts, with what the occurrences would make", () => {
    // 甲镇 6 × 2 = 12 on item 2.3 of 10: it loses 10; 乙镇 2 × 2 = 4. 丙镇's two types share item 1.2 of 6 (8 together)
    const d = withEvents([
      {
        type: "工单不规范",
        label: "不按规定格式办理工单",
        count: 8,
        points: 14,
        assessments: ["综合管理考核"],
        units: [
          { unit: "甲镇", count: 6, points: 10, listed: 12, cap: { item: "按要求进行工单办理", max: 10, shared: false } },
          { unit: "乙镇", count: 2, points: 4, listed: 4, cap: null },
        ],
      },
      {
        type: "人员不足",
        label: "未配备工作人员",
        count: 5,
        points: 5,
        assessments: ["综合管理考核"],
        units: [{ unit: "丙镇", count: 5, points: 5, listed: 5, cap: { item: "配备工作人员", max: 6, shared: true } }],
      },
      inaction,
    ]);
    // (the text as said, wherever its lines break)
    expect(eventRows(d).map((r) => r[3]?.replaceAll("\n", ""))).toEqual(["14.00（甲镇按次计 12.00，该项最多扣 10 分）", "5.00（该项最多扣 6 分）", "5.00"]);
    expect(texts(d)).toContainEqual(
      "注：扣分为办法规定的每次分值乘以次数，在“计入”所列考核的相应考核项中扣除，再按该项的权重计入得分；考核项扣完为止的，扣分不超过该项分值（括号内注明按次计的分值和该项最多扣的分数）；年度考核的事项在当月通报，年终按全年合计计入考核。",
    );
    // no item bounded: the note as it was
    const plain = withEvents([inaction]);
    expect(texts(plain)).toContainEqual(
      "注：扣分为办法规定的每次分值乘以次数，在“计入”所列考核的相应考核项中扣除，再按该项的权重计入得分；年度考核的事项在当月通报，年终计入考核。",
    );
  });
});

describe("the events' table", () => {
  // a month's events as the demo's November has them: long types, units of long names, two assessments
  const event = (label: string, units: [string, number][], assessment: string): BulletinData["events"][number] => ({
    type: label,
    label,
    count: units.reduce((s, [, n]) => s + n, 0),
    points: 2 * units.reduce((s, [, n]) => s + n, 0),
    assessments: [assessment],
    units: units.map(([unit, count]) => ({ unit, count, points: 2 * count, listed: 2 * count, cap: null })),
  });
  const events = [
    event("因行政不作为造成投诉，经查证属实", [["县公路管理局", 1]], "投诉件办理考核"),
    event("市中心抽样调查对服务态度不满意，经查证属实", [["县商务局", 1]], "投诉件办理考核"),
    event("人员调整未及时向县民生热线服务中心报备", [["县人力资源和社会保障局", 1]], "综合管理考核"),
    event(
      "主要领导未对重难点问题亲自督办，经两次以上督办才解决",
      [
        ["索镇街道", 1],
        ["少海街道", 1],
      ],
      "综合管理考核",
    ),
    event("系统派单和电话协调均不承办，经现场协调确为本单位职责", [["县住房和城乡建设局", 1]], "综合管理考核"),
    event(
      "应当参加会议、培训而无故缺席",
      [
        ["县国土资源局", 2],
        ["县供电公司", 1],
      ],
      "综合管理考核",
    ),
    event(
      "替会、迟到、早退",
      [
        ["县人力资源和社会保障局", 1],
        ["县教育局", 1],
        ["县文化广电新闻出版局", 3],
      ],
      "综合管理考核",
    ),
  ];
  const d: BulletinData = { ...month([3]), events, totals: { units: 3, volume: 1000, owing: 0, events: 13, eventUnits: 11 } };
  const names = new Set([...events.flatMap((e) => e.units.map((u) => `${u.unit}（${u.count}）`)), "投诉件办理考核", "综合管理考核"]);
  /** a line of a cell as Word sets it: 10.5 points a Chinese character (210 twips), a digit or a Latin letter about half */
  const twips = (line: string) => [...line].reduce((s, ch) => s + (/[\x20-\x7e]/.test(ch) ? 0.55 : 1), 0) * 210;

  it("keeps each unit's and each assessment's name whole on a line, in Word and in the PDF (综合管理考/核, 县教/育局: a finder)", async () => {
    const table = bulletinLayout(d).blocks.find((b) => b.kind === "table" && b.header[0] === "事件类型");
    if (table?.kind !== "table") throw new Error("no events' table");
    expect(table.header).toEqual(["事件类型", "单位（次数）", "次数", "扣分", "计入"]);
    // each line of the units' and the assessments' cells: whole names, a 、 after each but the last of the cell
    for (const r of table.rows)
      for (const cell of [r[1] ?? "", r[4] ?? ""])
        for (const line of cell.split("\n")) for (const name of line.replace(/、$/, "").split("、")) expect(names, `${name} in ${cell}`).toContain(name);

    // Word: every such line within its column (the cell's margins 80 twips each side), so Word does not break it again
    const doc = readDocx(await bulletinDocx(d));
    const grid = [...doc.xml.matchAll(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/g)]
      .map((g) => [...(g[1] ?? "").matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1])))
      .at(-1);
    for (const r of table.rows)
      for (const i of [1, 4]) for (const line of (r[i] ?? "").split("\n")) expect(twips(line) + 160, line).toBeLessThanOrEqual(grid?.[i] ?? 0);
    // the same names in the Word file's cells, as the rows list them
    expect(
      doc.tables
        .find((t) => t[0]?.[0] === "事件类型")
        ?.slice(1)
        .map((r) => r[4]),
    ).toEqual(events.map((e) => e.assessments.join("、")));

    // the PDF read back: every name on one line of its cell
    const pdf = await getDocument({ data: new Uint8Array(await bulletinPdf(d)), disableFontFace: true, isEvalSupported: false, useSystemFonts: false }).promise;
    const lines: string[] = [];
    for (let p = 1; p <= pdf.numPages; p++)
      for (const x of (await (await pdf.getPage(p)).getTextContent()).items) if ("str" in x && x.str.trim()) lines.push(x.str);
    for (const name of names)
      expect(
        lines.some((l) => l.includes(name)),
        name,
      ).toBe(true);
  });
});

describe("与上月相比", () => {
  const part = (d: BulletinData) => {
    const blocks = bulletinLayout(d).blocks;
    const at = blocks.findIndex((b) => b.kind === "heading" && b.text.endsWith("、与上月相比"));
    return blocks.slice(at + 1).flatMap((b) => (b.kind === "paragraph" ? [b.text] : []));
  };

  it("says of a category none of whose units was compared that none was, not that their places are unchanged", () => {
    const d = month([3, 1]);
    const streets = d.groups[1];
    if (!streets) throw new Error("no streets");
    // the category's one unit had no order this month: 不比较 in its table
    streets.rows[0] = row("东城街道", 1, { volume: 0, notCompared: "本月无工单", rankChange: null, scoreChange: null });
    expect(part(d).slice(0, 2)).toEqual(["镇：各单位名次与上月相同。", "城区街道办事处：没有参与名次比较的单位（东城街道本月无工单）。"]);
    // one of the towns not compared, the others unchanged
    const towns = d.groups[0];
    if (!towns) throw new Error("no towns");
    towns.rows[2] = row("镇3号单位（县镇服务中心）", 3, { notCompared: "上月无工单", rankChange: null, scoreChange: null });
    expect(part(d)[0]).toBe("镇：参与比较的单位名次与上月相同。");
  });
});

describe("a published month whose data changed since", () => {
  it("says so under the masthead and beside its publication status", () => {
    const changed = "发布后数据有变动（按当前数据各单位的得分与名次不变）：排名、得分为发布时的结果，“发现的问题”按当前数据列出，可能与发布时不同。";
    const layout = bulletinLayout({ ...month([3]), status: "已发布：考核员 2026-12-07 08:08", changedSincePublished: changed });
    expect(layout.notice).toBe(`注意：${changed}`);
    expect(layout.basis).toBe(`考核依据：《博兴县市民投诉（民生热线）工作考核办法》（规则版本 2019）。发布状态：已发布：考核员 2026-12-07 08:08。${changed}`);
    expect(bulletinLayout(month([3])).notice).toBeNull();
  });
});

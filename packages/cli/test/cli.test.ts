/**
 * The command line on real files and stores: its output and exit codes. The program runs in this process (its main(),
 * output captured: support/kaohe.ts); what only a process of its own shows — the exit code the shell sees, stdout
 * holding exactly one JSON object, DATABASE_URL — runs as one, as a user runs it (runKaohe).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { openRaw, openStore } from "@kaohe/db";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { sheetXml, writeWorkbook } from "../../data/test/support/xlsx-writer.ts";
import { kaohe, root, runKaohe } from "./support/kaohe.ts";
import { emptyStore } from "./support/store.ts";

const rubric = join(root, "rules/huantai/2017.kh");

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaohe-cli-"));
  writeFileSync(join(dir, "units.csv"), "\uFEFF单位编码,单位名称,类别\nU1,甲镇,镇\nU2,乙镇,镇\nD1,县教育局,县直部门\n");
  writeFileSync(
    join(dir, "orders.csv"),
    [
      "工单编号,承办单位,来源,受理时间,办理时限,办结时间,已回访,过程满意度,结果满意度",
      "A1,甲镇,县中心,2017-10-03 09:00,2017-10-10,2017-10-08 10:00,是,满意,满意",
      "A2,甲镇,县中心,2017-10-04 09:00,2017-10-10,2017-10-12 10:00,否,,",
      "A3,U2,市中心,2017-10-05 09:00,2017-10-15,2017-10-09 10:00,否,,",
    ].join("\n"),
  );
  writeFileSync(join(dir, "events.csv"), "事件编号,单位,日期,事件类型,次数\nE1,甲镇,2017-09-20,行政不作为,1\n");
}, 30_000);

describe("kaohe score", () => {
  test("--json prints exactly one object with the published ranking (a process of its own, as a user runs it)", async () => {
    const r = runKaohe(["score", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.period).toBe("2017-10");
    expect(out.rubric).toEqual({ name: "桓台县市民投诉（民生热线）工作考核办法", version: "2017" });
    const byUnit = Object.fromEntries(out.results.map((x: { unit: string }) => [x.unit, x]));
    // 甲镇: A2 closed after its deadline → 按期办结 20 × 1/2 = 10, 办结率 10 × 1/2 = 5;
    // the September event is not October's → 30 + 10 + 20 + 20 + 5 = 85, second of the towns
    expect(byUnit.甲镇).toMatchObject({ category: "镇", score: 85, rank: 2, volume: 2 });
    expect(byUnit.乙镇).toMatchObject({ score: 100, rank: 1, volume: 1 });
    // no orders at all: full marks, first of its own category
    expect(byUnit.县教育局).toMatchObject({ category: "县直部门", score: 100, rank: 1, volume: 0 });
    expect(byUnit.甲镇.items.map((i: { id: string }) => i.id)).toEqual(["十个新突破", "按期办结", "退回重办", "满意率考核", "办结率考核"]);
    expect(byUnit.甲镇.items[1]).toEqual({ id: "按期办结", label: "按期办结考核", points: 10 });
    // the rank is the rank in its group; the late A2 brings the written-explanation duty, with the measure behind it:
    // only the one that made the condition true, as the month's report lists it (问题反弹件数 0 and 应办未办事件 0
    // were listed beside it: a README walk)
    expect(byUnit.甲镇).toMatchObject({ code: "U1", group: "镇", ranked: true, band: null, vetoes: [] });
    expect(byUnit.甲镇.sanctions).toEqual([
      {
        name: "书面说明",
        label: "须书面说明情况（应办未办、超时办结或问题反弹）",
        because: [{ measure: "超期件数", label: "超期件数", value: 1 }],
      },
    ]);
    expect(byUnit.乙镇.sanctions).toEqual([]);
  });

  test("the year's table says which yearly facts were missing and taken as their default", async () => {
    const r = await kaohe("score", "--rubric", rubric, "--data", dir, "--year", "2017");
    expect(r.code).toBe(0);
    // no facts.csv: 领导小组 and 专线网络 are taken as 是 for every unit — said once under the tables
    expect(r.stdout).toContain("提示（所有单位）：缺少 2017 年“成立民生热线工作领导小组，主要领导负总责”的记录，按“是”计");
    expect(r.stdout).not.toContain(" / no 2017 row");
  });

  test("the text table prints scores as the rubric rounds them, groups in the order the rubric declares them", async () => {
    const oneDecimal = join(dir, "one-decimal.kh");
    writeFileSync(
      oneDecimal,
      readFileSync(rubric, "utf8")
        .replace("round 2 decimals", "round 1 decimals")
        .replace('item 按期办结 "按期办结考核" 20 points = 20 × (100% - 超期率)', 'item 按期办结 "按期办结考核" 20 points = 20 × (100% - 超期率) - 0.04'),
    );
    const r = await kaohe("score", "--rubric", oneDecimal, "--data", dir, "--month", "2017-10");
    expect(r.code).toBe(0);
    // 甲镇: 30 + (10 − 0.04) + 20 + 20 + 5 = 84.96 → 85.0 at one decimal; 乙镇 100 − 0.04 = 99.96 → 100.0
    expect(r.stdout).toMatch(/1\s+乙镇\s+100\.0\s/);
    expect(r.stdout).toMatch(/2\s+甲镇\s+85\.0\s/);
    expect(r.stdout).not.toMatch(/\d\.\d\d\s/);
    // 镇, 街道, 县直部门 as declared (街道 has no units here), not in pinyin order (县直部门 before 镇)
    expect(r.stdout.indexOf("【镇】")).toBeLessThan(r.stdout.indexOf("【县直部门】"));
  });

  test("--year gives the year-end score: 0.8 × the monthly mean + 0.2 × comprehensive", async () => {
    const r = await kaohe("score", "--rubric", rubric, "--data", dir, "--year", "2017", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const jia = out.results.find((x: { unit: string }) => x.unit === "甲镇");
    // scored months: only October holds orders (September has an event but no order) → mean 85
    // comprehensive 100 (no 附件1 events) → 0.8 × 85 + 0.2 × 100 = 88
    expect(jia).toMatchObject({ score: 88, volume: 2 });
  });

  test("the table output names the rubric, the period and each category", async () => {
    const r = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10");
    expect(r.code).toBe(0);
    for (const s of ["桓台县市民投诉（民生热线）工作考核办法", "2017-10", "【镇】", "【县直部门】", "甲镇"]) expect(r.stdout).toContain(s);
    // 县教育局 received no order in October: marked so, as the console and the report mark it (its 100.00 is no month of
    // good work); 甲镇, with orders, is not
    expect(r.stdout.split("\n").find((l) => l.includes("县教育局"))).toMatch(/本月无工单\s*$/);
    expect(r.stdout.split("\n").find((l) => l.includes("甲镇"))).not.toContain("无工单");
    // a folder read in a moment reports no progress (its first report, before any row was counted, said 0 行)
    expect(r.stderr).not.toMatch(/读取 .*行/);
  });

  test("--as-of a day means the end of that day (截至 11 月 30 日 counts the 30th); with a time, that moment", async () => {
    const asOf = async (value: string) =>
      /考核时点 (\S+ \S+)/.exec((await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--as-of", value)).stdout)?.[1];
    expect(await asOf("2017-11-30")).toBe("2017-11-30 24:00");
    expect(await asOf("2017-11-30 18:00")).toBe("2017-11-30 18:00");
  });

  test("a unit below the rubric's minimum volume is said to be so in the table, not only 不排名", async () => {
    const least = join(dir, "least-volume.kh");
    writeFileSync(least, readFileSync(rubric, "utf8").replace("  volume 工单数\n", "  volume 工单数\n  minimum volume 50\n"));
    const r = await kaohe("score", "--rubric", least, "--data", dir, "--month", "2017-10");
    expect(r.code).toBe(0);
    // ranked from 50 orders: every unit here has fewer
    expect(r.stdout).toMatch(/承办量不足 50 件，不排名/);
  });

  test("--month of a month that does not exist says which part is wrong", async () => {
    // a process of its own: the exit code the shell sees
    expect(runKaohe(["score", "--rubric", rubric, "--data", dir, "--month", "2018-13"])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--month 2018-13 的月份 13 不存在：月份应是 01 到 12"),
    });
    expect((await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2018/3")).stderr).toContain("--month 应写成 年-月，如 2017-10，而不是 2018/3");
  });

  test("--as-of before the period begins is refused, saying when the period begins; within it, it is said what it does not cut", async () => {
    const before = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--as-of", "2017-09-30");
    expect(before.code).not.toBe(0);
    expect(before.stderr).toContain("考核时点 2017-09-30 24:00 早于考核期2017年10月的开始（2017-10-01 00:00）");
    expect(before.stdout).toBe("");
    const year = await kaohe("score", "--rubric", rubric, "--data", dir, "--year", "2017", "--as-of", "2016-12-31 18:00");
    expect(year.stderr).toContain("考核时点 2016-12-31 18:00 早于考核期2017年度的开始（2017-01-01 00:00）");
    // the end of the period's first day: scored, as of then; the header names it the assessment time, not 数据截至 (it
    // is no cut of the data: orders received on the 31st still count), and a note under the table says so
    const within = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--as-of", "2017-10-01");
    expect(within.code).toBe(0);
    expect(within.stdout).toContain("考核时点 2017-10-01 24:00");
    expect(within.stdout).not.toContain("数据截至");
    expect(within.stdout).toContain(
      "注意：考核时点 2017-10-01 24:00 在考核期2017年10月结束（2017-10-31 24:00）之前：考核时点只决定哪些工单到那时仍未办结、已过时限而算超期；数据中在它之后受理或办结的工单照常计入",
    );
    const json = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--as-of", "2017-10-01", "--json")).stdout);
    expect(json.warnings).toContainEqual(expect.objectContaining({ code: "as-of-within-period", end: Date.parse("2017-11-01T00:00:00+08:00") }));
    // at the period's end or later, nothing is said
    const atEnd = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--as-of", "2017-10-31");
    expect(atEnd.stdout).not.toContain("之前：考核时点只决定");
  });

  test("events of a type the rubric does not declare are said under the table: they score nothing", async () => {
    const data = mkdtempSync(join(tmpdir(), "kaohe-cli-events-"));
    for (const f of ["units.csv", "orders.csv"]) writeFileSync(join(data, f), readFileSync(join(dir, f)));
    // 不做为 for 不作为 (a typo), twice; 行政不作为 (declared) once; an undeclared type outside October is not said
    writeFileSync(
      join(data, "events.csv"),
      "事件编号,单位,日期,事件类型,次数\nE1,甲镇,2017-10-12,不做为,1\nE2,乙镇,2017-10-13,不做为,1\nE3,甲镇,2017-10-14,行政不作为,1\nE4,甲镇,2017-09-14,其他,1\n",
    );
    const r = await kaohe("score", "--rubric", rubric, "--data", data, "--month", "2017-10");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("注意：2 个事件的类型“不做为”未在规则中声明（event），不计分：类型写错的请改正，应计分的请在规则中声明");
    expect(r.stdout).not.toContain("“其他”");
    // in --json, one of the period's warnings, with a code as the others have (it was a list of its own, notes, that
    // the README did not name)
    const json = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", data, "--month", "2017-10", "--json")).stdout);
    expect(json.warnings).toEqual([
      expect.objectContaining({ code: "undeclared-event-type", type: "不做为", count: 2, zh: expect.stringMatching(/^2 个事件的类型“不做为”/) }),
    ]);
    expect(json.notes).toBeUndefined();
  });

  test("a month whose data ends before its assessment time says so under the table, as the console's ranking does", async () => {
    const data = mkdtempSync(join(tmpdir(), "kaohe-cli-asof-"));
    writeFileSync(join(data, "units.csv"), "单位编码,单位名称,类别\nT1,甲镇,镇\n");
    // exported on 31 December: one order open and due 3 January (after the data, before the assessment time 31 January)
    writeFileSync(
      join(data, "orders.csv"),
      "工单编号,承办单位,来源,受理时间,办理时限,办结时间\nD1,甲镇,县中心,2018-12-03 09:00,2018-12-10,2018-12-08 10:00\nD2,甲镇,县中心,2018-12-31 17:00,2019-01-03,\n",
    );
    const r = await kaohe("score", "--rubric", rubric, "--data", data, "--month", "2018-12");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("注意：数据截至 2018-12-31 17:00，本期考核到 2019-01-31 24:00（考核时点）：有 1 件工单在数据中尚未办结");
    const json = JSON.parse((await kaohe("score", "--rubric", rubric, "--data", data, "--month", "2018-12", "--json")).stdout);
    expect(json.warnings).toEqual([expect.objectContaining({ code: "data-before-as-of", count: 1 })]);
    // a unit's explanation counts the unit's own (one unit here: the same 1)
    expect((await kaohe("explain", "--rubric", rubric, "--data", data, "--month", "2018-12", "--unit", "甲镇")).stdout).toContain(
      "注意：数据截至 2018-12-31 17:00",
    );
    // the data reaching past it (an order closed on 1 February): nothing to say
    writeFileSync(join(data, "orders.csv"), `${readFileSync(join(data, "orders.csv"), "utf8")}D3,甲镇,县中心,2018-12-20 09:00,2018-12-27,2019-02-01 10:00\n`);
    expect((await kaohe("score", "--rubric", rubric, "--data", data, "--month", "2018-12")).stdout).not.toContain("考核时点 2019-01-31 24:00：有");
  });

  test("a year averaging a month whose data ends before that month's assessment time says so, naming the month", async () => {
    // the year is closed in early January on data exported on 31 December: December is assessed as of 31 January, and
    // its D2, open and due 3 January, counts as overdue in December's score and so in the year's mean of the months
    // (the month warned, the year said nothing: a walk)
    const data = mkdtempSync(join(tmpdir(), "kaohe-cli-year-asof-"));
    writeFileSync(join(data, "units.csv"), "单位编码,单位名称,类别\nT1,甲镇,镇\n");
    writeFileSync(
      join(data, "orders.csv"),
      [
        "工单编号,承办单位,来源,受理时间,办理时限,办结时间",
        // November's: closed, and its assessment time (31 December 24:00) after the data's end, but nothing open: not named
        "N1,甲镇,县中心,2018-11-05 09:00,2018-11-12,2018-11-09 10:00",
        "D1,甲镇,县中心,2018-12-03 09:00,2018-12-10,2018-12-08 10:00",
        "D2,甲镇,县中心,2018-12-31 17:00,2019-01-03,",
      ].join("\n"),
    );
    const said = "注意：数据截至 2018-12-31 17:00，早于计入本年度的 2018年12月 的考核时点（2019-01-31 24:00）：该月有 1 件工单在数据中尚未办结";
    const fromFiles = await kaohe("score", "--rubric", rubric, "--data", data, "--year", "2018");
    expect(fromFiles.code).toBe(0);
    expect(fromFiles.stdout).toContain(said);
    expect(fromFiles.stdout).toContain("并以此计入年终成绩的各月平均");
    // from the store, as the tester ran it, in text and in --json
    const url = await emptyStore(`file:${join(data, "store.db")}`);
    expect((await kaohe("import", "--db", url, data)).code).toBe(0);
    expect((await kaohe("score", "--rubric", rubric, "--db", url, "--year", "2018")).stdout).toContain(said);
    const json = JSON.parse((await kaohe("score", "--rubric", rubric, "--db", url, "--year", "2018", "--json")).stdout);
    expect(json.warnings).toEqual([
      expect.objectContaining({ code: "data-before-as-of", count: 1, months: [{ month: "2018-12", asOf: Date.parse("2019-02-01T00:00:00+08:00"), count: 1 }] }),
    ]);
    // the unit's explanation of its year too
    expect((await kaohe("explain", "--rubric", rubric, "--db", url, "--year", "2018", "--unit", "甲镇")).stdout).toContain(said);
  }, 60_000);

  test("a quarterly assessment names its quarter, not the month asked for", async () => {
    const quarterly = join(root, "rules/examples/quarterly-zh-example.kh");
    // the example is in force from 2018-01
    const data = mkdtempSync(join(tmpdir(), "kaohe-cli-quarter-"));
    writeFileSync(join(data, "units.csv"), "单位编码,单位名称,类别\nU1,甲镇,镇\n");
    writeFileSync(
      join(data, "orders.csv"),
      "工单编号,承办单位,来源,受理时间,办理时限,办结时间,已回访,过程满意度,结果满意度\nA1,甲镇,县中心,2018-01-03 09:00,2018-01-10,2018-01-08 10:00,是,满意,满意\n",
    );
    const r = await kaohe("score", "--rubric", quarterly, "--data", data, "--month", "2018-02", "--assessment", "季度考核");
    expect(r.code).toBe(0);
    // February falls in the first quarter
    expect(r.stdout.split("\n")[1]).toContain("季度考核 · 考核期 2018年第1季度（2018-Q1）");
    // and so does --json, beside the month asked for
    const json = JSON.parse((await kaohe("score", "--rubric", quarterly, "--data", data, "--month", "2018-02", "--assessment", "季度考核", "--json")).stdout);
    expect([json.period, json.window]).toEqual(["2018-02", "2018-Q1"]);
    // explained as the quarter too (it said · 2018-02)
    const explained = await kaohe("explain", "--rubric", quarterly, "--data", data, "--month", "2018-02", "--assessment", "季度考核", "--unit", "甲镇");
    expect(explained.stdout.split("\n")[0]).toBe("甲镇（镇）· 季度考核 · 考核期 2018年第1季度（2018-Q1）");
    // and compared as the quarter (it said 版本对比 2018-02)
    const compared = await kaohe("diff", "--rubric", quarterly, "--rubric", quarterly, "--data", data, "--month", "2018-02", "--assessment", "季度考核");
    expect(compared.stdout.split("\n")[0]).toMatch(/^版本对比 2018年第1季度（2018-Q1）：/);
  });

  test("--assessment of one the ranking does not name: scored and shown, said not ranked, its ranks only tried", async () => {
    // a rubric author's 基础得分 (the items, rescaled) read by the published 月度考核's total; explain said 镇第 1 名
    const file = join(mkdtempSync(join(tmpdir(), "kaohe-cli-unranked-")), "rubric.kh");
    writeFileSync(
      file,
      `rubric "测试" version "1"
  in force from 2017-09

category 镇
category 县直部门
population 工单 = orders where 受理时间 in period
measure 工单数 = count 工单

monthly 基础得分 {
  item 量 10 points = min(10, 工单数)
}

monthly 月度考核 {
  total = 基础得分
}

ranking {
  monthly 月度考核
  within category
  volume 工单数
}
`,
    );
    const note = "不排名的考核：基础得分 不在规则的排名（ranking）中，名次只是按排名规则试排，不公布，仅供查看";
    const scored = await kaohe("score", "--rubric", file, "--data", dir, "--month", "2017-10", "--assessment", "基础得分");
    expect(scored.code).toBe(0);
    expect(scored.stdout.split("\n")[2]).toBe(note);
    const json = JSON.parse((await kaohe("score", "--rubric", file, "--data", dir, "--month", "2017-10", "--assessment", "基础得分", "--json")).stdout);
    expect(json.warnings[0]).toMatchObject({ code: "unranked-assessment", assessment: "基础得分", zh: note });
    const explained = await kaohe("explain", "--rubric", file, "--data", dir, "--month", "2017-10", "--assessment", "基础得分", "--unit", "甲镇");
    expect(explained.stdout.split("\n").slice(2, 4)).toEqual([note, "得分 2.00，镇第 1 名（试排，不公布），承办量 2"]);
    // the ranked one, asked for by name or not, is no such thing
    for (const args of [[], ["--assessment", "月度考核"]]) {
      expect((await kaohe("score", "--rubric", file, "--data", dir, "--month", "2017-10", ...args)).stdout).not.toContain("不排名的考核");
      expect((await kaohe("explain", "--rubric", file, "--data", dir, "--month", "2017-10", ...args, "--unit", "甲镇")).stdout).not.toContain("试排");
    }
  });

  test("a malformed data file: every bad row reported (row, column, value, reason), no score", async () => {
    const bad = mkdtempSync(join(tmpdir(), "kaohe-bad-"));
    writeFileSync(join(bad, "units.csv"), readFileSync(join(dir, "units.csv")));
    writeFileSync(
      join(bad, "orders.csv"),
      [
        "工单编号,承办单位,来源,受理时间,办理时限,办结时间,已回访",
        "A1,甲镇,县中心,2017-10-03 09:00,2017-10-10,2017-10-08,是",
        "A2,甲镇,县中心,2017-13-45,2017-10-10,,是",
        "A3,丙镇,县中心,2017-10-05,2017-10-15,,也许",
      ].join("\n"),
    );
    const r = await kaohe("score", "--rubric", rubric, "--data", bad, "--month", "2017-10", "--json");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("2017-13-45");
    expect(r.stderr).toContain("丙镇");
    expect(r.stderr).toContain("也许");
    expect(r.stderr).toMatch(/第\s*3\s*行/);
    expect(r.stderr).toMatch(/第\s*4\s*行/);
    // reading the files, not importing them (it said 导入发现 of a score: a README walk)
    expect(r.stderr).toMatch(/^数据文件有 \d+ 处问题，未计分 .*\n读取数据文件发现 \d+ 个问题 /);
    expect(r.stderr).not.toContain("导入");
    const none = await kaohe("score", "--rubric", rubric, "--data", join(bad, "nodir"), "--month", "2017-10");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("读取数据文件发现 1 个问题 / 1 problem found reading the data files");
    expect(none.stderr).toContain("没有文件夹");
  });

  test("a month the rubric is not in force for is refused in Chinese", async () => {
    const r = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-08");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("不适用于 2017-08");
  });
});

test("kaohe explain lists under 满意率 the visited orders not satisfied, by the count each missed, and says deductions in Chinese", async () => {
  // 满意率 = (过程满意数 + 结果满意数) / (2 × 回访数): the satisfied orders were listed, never the one not satisfied that
  // cost the points; and the deductions read "deduct per 服务态度恶劣", "deduct recorded per 其他效能问题" (a README walk)
  const data = mkdtempSync(join(tmpdir(), "kaohe-cli-satisfied-"));
  writeFileSync(join(data, "units.csv"), "单位编码,单位名称,类别\nU1,甲镇,镇\n");
  writeFileSync(
    join(data, "orders.csv"),
    [
      "工单编号,承办单位,来源,受理时间,办理时限,办结时间,已回访,过程满意度,结果满意度",
      "S1,甲镇,县中心,2017-10-03 09:00,2017-10-10,2017-10-08 10:00,是,满意,满意",
      "S2,甲镇,县中心,2017-10-04 09:00,2017-10-10,2017-10-08 10:00,是,满意,不满意",
      "S3,甲镇,县中心,2017-10-05 09:00,2017-10-10,2017-10-08 10:00,是,不满意,不满意",
    ].join("\n"),
  );
  writeFileSync(join(data, "events.csv"), "事件编号,单位,日期,事件类型,次数,分值\nE1,甲镇,2017-10-05,服务态度恶劣,1,\nE2,甲镇,2017-10-06,其他效能问题,2,3\n");
  const r = await kaohe("explain", "--rubric", rubric, "--data", data, "--month", "2017-10", "--unit", "甲镇");
  expect(r.code, r.stderr).toBe(0);
  const item = (code: string) => r.stdout.slice(r.stdout.indexOf(`■ ${code}`), r.stdout.indexOf("■", r.stdout.indexOf(`■ ${code}`) + 1) >>> 0 || undefined);
  const satisfaction = item("满意率考核");
  expect(satisfaction).toContain("计算：20 × ((2 + 1) / (2 × 3)) = 10.00");
  // each count missed, with the orders that missed it: S3 not satisfied with the process; S2 and S3 with the result
  const missed = (measure: string) => {
    const at = satisfaction.indexOf(`失分的：回访件数中不属于${measure}的`);
    expect(at, measure).toBeGreaterThan(-1);
    const next = satisfaction.indexOf("失分的", at + 1);
    return satisfaction.slice(at, next === -1 ? undefined : next);
  };
  expect(missed("服务过程满意件数")).toContain("的 1 件");
  expect(missed("服务过程满意件数")).toMatch(/S3 .*回访：不满意\/不满意/);
  expect(missed("服务过程满意件数")).not.toContain("S2");
  expect(missed("办理结果满意件数")).toContain("的 2 件");
  expect(missed("办理结果满意件数")).toMatch(/S2 [\s\S]*S3 /);
  // the satisfied order cost nothing: not listed
  expect(satisfaction).not.toContain("S1");
  // the deductions in Chinese, as the console says them
  const breakthroughs = item("十个新突破");
  expect(breakthroughs).toContain("· 服务态度恶劣（每次扣 5 分）：1 次，扣 5 分");
  expect(breakthroughs).toContain("· 其他效能问题（按记录分值）：2 次，扣 6 分");
  expect(r.stdout).not.toMatch(/deduct|recorded|\bper\b/);
});

test("kaohe explain lists an order under an item only where it cost points, by one rule for every item", async () => {
  // another city's rubric: rates in their own scoring count for units of 5 orders and more, the category's mean for the
  // others. A unit of one order had it listed under 满意 and 重办, where it cost nothing, but not under 按期 (a rubric
  // author): 工单数, read only by the condition there, was listed as the item's only count
  const data = mkdtempSync(join(tmpdir(), "kaohe-cli-small-"));
  writeFileSync(join(data, "units.csv"), "单位编码,单位名称,类别\nU1,甲镇,镇\nU2,乙镇,镇\n");
  const row = (id: string, unit: string, closed: string, visited: string, result: string, redo: number) =>
    `${id},${unit},县中心,2017-10-03 09:00,2017-10-10,${closed},${visited},${result},${result},${redo}`;
  writeFileSync(
    join(data, "orders.csv"),
    [
      "工单编号,承办单位,来源,受理时间,办理时限,办结时间,已回访,过程满意度,结果满意度,退回重办次数",
      // 甲镇: one order, on time, not visited, not redone
      row("ONE1", "甲镇", "2017-10-08 10:00", "否", "", 0),
      // 乙镇: late B2, redone B3, visited and not satisfied B4
      row("B1", "乙镇", "2017-10-08 10:00", "是", "满意", 0),
      row("B2", "乙镇", "2017-10-12 10:00", "是", "满意", 0),
      row("B3", "乙镇", "2017-10-08 10:00", "否", "", 1),
      row("B4", "乙镇", "2017-10-08 10:00", "是", "不满意", 0),
      row("B5", "乙镇", "2017-10-08 10:00", "否", "", 0),
    ].join("\n"),
  );
  writeFileSync(join(data, "events.csv"), "事件编号,单位,日期,事件类型,次数\n");
  const small = join(data, "small.kh");
  writeFileSync(
    small,
    `rubric "承办量不足5件按类别平均" version "1" example
  in force from 2017-09

category 镇

orders {
  field 按期 = 办结时间 is not missing and 办结时间 <= 办理时限
  field 满意件 = 已回访 and 结果满意度 = "满意"
}

population 本期工单 = orders where 受理时间 in period

measure 工单数 "承办量" = count 本期工单
measure 按期件数 "按期办结件数" = count 本期工单 where 按期
measure 回访数 "回访件数" = count 本期工单 where 已回访
measure 满意数 "满意件数" = count 本期工单 where 满意件
measure 重办件数 "重办件数" = count 本期工单 where 退回重办次数 >= 1

rate 按期率 = 按期件数 / 工单数, when zero: not applicable "无工单"
rate 满意率 = 满意数 / 回访数, when zero: not applicable "无回访"
rate 重办率 = 重办件数 / 工单数, when zero: not applicable "无工单"

value 按期率计 = if 工单数 >= 5 then 按期率 else group_mean(if 工单数 >= 5 then 按期率 else not applicable)
value 满意率计 = if 工单数 >= 5 then 满意率 else group_mean(if 工单数 >= 5 then 满意率 else not applicable)
value 重办率计 = if 工单数 >= 5 then 重办率 else group_mean(if 工单数 >= 5 then 重办率 else not applicable)

monthly 月度 {
  item 按期 40 points = 40 × 按期率计
  item 满意 40 points = 40 × 满意率计
  item 重办 20 points = 20 × (100% - 重办率计)
}

ranking {
  monthly 月度
  volume 工单数
}
`,
  );
  const explain = async (unit: string) => {
    const r = await kaohe("explain", "--rubric", small, "--data", data, "--month", "2017-10", "--unit", unit);
    expect(r.code, r.stderr).toBe(0);
    const item = (code: string) => r.stdout.slice(r.stdout.indexOf(`■ ${code}`), r.stdout.indexOf("■", r.stdout.indexOf(`■ ${code}`) + 1) >>> 0 || undefined);
    return { all: r.stdout, item };
  };
  // 甲镇's one order is scored by the towns' mean under every item: it cost no item anything, and is listed under none
  const one = await explain("甲镇");
  expect(one.all).toContain("承办量 = 1");
  // an item without a label is headed by its code alone, the colon beside it (it read "■ 按期 ：32.00")
  expect(one.all.split("\n").filter((l) => l.startsWith("■ "))).toEqual([
    expect.stringMatching(/^■ 按期：\d/),
    expect.stringMatching(/^■ 满意：\d/),
    expect.stringMatching(/^■ 重办：\d/),
  ]);
  expect(one.all).not.toContain("ONE1");
  expect(one.all).not.toContain("工单编号");
  // 乙镇's own rates count: under each item the orders that cost it, and only those
  const five = await explain("乙镇");
  expect(five.item("按期")).toMatch(/失分的：承办量中不属于按期办结件数的 1 件[\s\S]*B2/);
  expect(five.item("满意")).toMatch(/失分的：回访件数中不属于满意件数的 1 件[\s\S]*B4/);
  expect(five.item("重办")).toMatch(/· 重办件数 = 1\n[\s\S]*B3/);
  for (const [code, listed] of [
    ["按期", ["B2"]],
    ["满意", ["B4"]],
    ["重办", ["B3"]],
  ] as const)
    for (const id of ["B1", "B2", "B3", "B4", "B5"])
      expect([code, id, five.item(code).includes(id)]).toEqual([code, id, (listed as readonly string[]).includes(id)]);
});

test("kaohe explain --db lists an event an objection corrected to 0 次: nothing deducted, the event still shown", async () => {
  // an accepted objection's correction is held by the record itself (db/corrections.ts): its 次数 stored as 0. The
  // explanation left the deduction out (points 0), and the unit no longer saw the event it objected to (the console's
  // walk found the same)
  const data = mkdtempSync(join(tmpdir(), "kaohe-cli-corrected-"));
  writeFileSync(join(data, "units.csv"), "单位编码,单位名称,类别\nU1,甲镇,镇\n");
  writeFileSync(join(data, "orders.csv"), "工单编号,承办单位,来源,受理时间,办理时限,办结时间\nC1,甲镇,县中心,2017-10-03 09:00,2017-10-10,2017-10-08 10:00\n");
  writeFileSync(join(data, "events.csv"), "事件编号,单位,日期,事件类型,次数\nE1,甲镇,2017-10-05,行政不作为,1\n");
  const url = await emptyStore(`file:${join(data, "store.db")}`);
  expect((await kaohe("import", "--db", url, data)).code).toBe(0);
  const raw = openRaw(url);
  await raw.execute(`UPDATE "events" SET "count" = 0 WHERE "id" = 'E1'`);
  await raw.close();
  const r = await kaohe("explain", "--rubric", rubric, "--db", url, "--month", "2017-10", "--unit", "甲镇");
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/· 行政不作为（按事件类型分值）：0 次，扣 0 分\n.*事件编号.*\n.*─.*\n\s+E1 +2017-10-05 +行政不作为 +0\n/);
}, 60_000);

test("kaohe explain lists the orders behind a deduction", async () => {
  const r = await kaohe("explain", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--unit", "甲镇");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("得分 85.00");
  expect(r.stdout).toMatch(/按期办结[\s\S]*A2/);
  const item = (code: string) => r.stdout.slice(r.stdout.indexOf(`■ ${code}`), r.stdout.indexOf("■", r.stdout.indexOf(`■ ${code}`) + 1) >>> 0 || undefined);
  // the calculation as the regulation writes it: the rate as late over all, the score in the rubric's decimals
  expect(item("按期办结")).toContain("计算：20 × (100% - 1 / 2) = 10.00（超期率 = 1 / 2 = 50%）");
  // 办结率 earns points: the orders that cost are those not closed (A2, late), not the closed A1
  expect(item("办结率考核")).toContain("计算：10 × (1 / 2) = 5.00（办结率 = 1 / 2 = 50%）");
  expect(item("办结率考核")).toMatch(/失分的：承办量中不属于办结件数的 1 件[\s\S]*A2/);
  expect(item("办结率考核")).not.toContain("A1");
  // the orders as imported (办理时限), then what the rubric works out of them: its 有效办理时限 and whether each is 超期
  const heading =
    item("按期办结")
      .split("\n")
      .find((l) => l.includes("工单编号")) ?? "";
  expect(heading.trim().split(/\s+/)).toEqual(["工单编号", "来源", "受理时间", "办理时限", "办结时间", "情况", "有效办理时限", "超期件", "办结件"]);
  expect(
    item("按期办结")
      .split("\n")
      .find((l) => l.trim().startsWith("A2")),
  ).toMatch(/是\s+否$/);
});

test("kaohe explain finds a unit by its units file's alias (别名), or by its name with spaces, as an import does", async () => {
  const aliased = mkdtempSync(join(tmpdir(), "kaohe-cli-alias-"));
  writeFileSync(join(aliased, "units.csv"), "\uFEFF单位编码,单位名称,类别,别名\nU1,甲镇,镇,甲镇人民政府\nU2,乙镇,镇,\n");
  writeFileSync(join(aliased, "orders.csv"), readFileSync(join(dir, "orders.csv")));
  const byName = await kaohe("explain", "--rubric", rubric, "--data", aliased, "--month", "2017-10", "--unit", "甲镇");
  for (const given of ["甲镇人民政府", " 甲 镇 "]) {
    const r = await kaohe("explain", "--rubric", rubric, "--data", aliased, "--month", "2017-10", "--unit", given);
    expect([r.code, r.stderr], given).toEqual([0, ""]);
    expect(r.stdout, given).toBe(byName.stdout);
  }
  expect(byName.stdout.split("\n")[0]).toMatch(/^甲镇（镇）/);
});

test("kaohe explain with an alias two units give names both and asks for the code (it said no unit was so named)", async () => {
  const shared = mkdtempSync(join(tmpdir(), "kaohe-cli-shared-alias-"));
  writeFileSync(join(shared, "units.csv"), "\uFEFF单位编码,单位名称,类别,别名\nU1,甲镇,镇,镇政府\nU2,乙镇,镇,镇政府、乙镇人民政府\n");
  writeFileSync(join(shared, "orders.csv"), readFileSync(join(dir, "orders.csv")));
  const r = await kaohe("explain", "--rubric", rubric, "--data", shared, "--month", "2017-10", "--unit", "镇政府");
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("“镇政府”是 甲镇（U1）、乙镇（U2） 共同的别名：请用单位编码指明是哪一个");
  expect(r.stderr).not.toContain("没有名为");
  // an abbreviation no file gives is not taken for a unit: the one it may be is suggested, as an import suggests it
  const abbreviated = await kaohe("explain", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--unit", "县教局");
  expect(abbreviated.code).toBe(1);
  expect(abbreviated.stderr).toContain("没有名为“县教局”的单位（是否是：县教育局（D1）？）");
  // an alias one unit gives is that unit, beside the shared one
  const own = await kaohe("explain", "--rubric", rubric, "--data", shared, "--month", "2017-10", "--unit", "乙镇人民政府");
  expect([own.code, own.stderr]).toEqual([0, ""]);
  expect(own.stdout.split("\n")[0]).toMatch(/^乙镇（镇）/);
});

test("kaohe explain of a unit not assessed in the month says which months it is assessed in", async () => {
  const abolished = mkdtempSync(join(tmpdir(), "kaohe-cli-months-"));
  writeFileSync(join(abolished, "units.csv"), "\uFEFF单位编码,单位名称,类别,截止月份\nU1,甲镇,镇,2017-09\nU2,乙镇,镇,\n");
  writeFileSync(join(abolished, "orders.csv"), readFileSync(join(dir, "orders.csv")));
  const r = await kaohe("explain", "--rubric", rubric, "--data", abolished, "--month", "2017-10", "--unit", "甲镇");
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("单位“甲镇”参加考核至 2017-09，2017-10 不在其考核期内，没有得分");
});

test("kaohe explain lists a deduction per measure as the orders it counts, not as events", async () => {
  const perMeasure = join(dir, "per-measure.kh");
  writeFileSync(
    perMeasure,
    readFileSync(rubric, "utf8").replace(
      'item 按期办结 "按期办结考核" 20 points = 20 × (100% - 超期率)',
      'item 按期办结 "按期办结考核" 20 points {\n    deduct 0.5 per 超期件数\n  }',
    ),
  );
  const r = await kaohe("explain", "--rubric", perMeasure, "--data", dir, "--month", "2017-10", "--unit", "甲镇");
  expect(r.code).toBe(0);
  // A2 closed on the 12th, after its deadline of the 10th: one late order, 20 − 0.5 = 19.5
  const item = r.stdout.slice(r.stdout.indexOf("按期办结"), r.stdout.indexOf("■", r.stdout.indexOf("按期办结")));
  expect(item).toContain("19.50 / 20");
  // a count of orders in 件 (it said 次)
  expect(item).toContain("· 超期件数（每件扣 0.5 分）：1 件，扣 0.5 分");
  expect(item).toMatch(/工单编号[^\n]*受理时间[\s\S]*A2/);
  expect(item).not.toContain("事件编号");
  // an amount worked out by a formula is said in the rubric's decimals (it printed 扣 3.3333333333333335 分)
  writeFileSync(perMeasure, readFileSync(perMeasure, "utf8").replace("deduct 0.5 per 超期件数", "deduct 10 / 3 per 超期件数"));
  const third = (await kaohe("explain", "--rubric", perMeasure, "--data", dir, "--month", "2017-10", "--unit", "甲镇")).stdout;
  expect(third).toContain("· 超期件数（每件扣 10 / 3 分）：1 件，扣 3.33 分");
  expect(third).toContain("16.67 / 20");
});

test("kaohe explain lists the late orders once under a deduction per late order, the deduction saying it counts them", async () => {
  // 甲镇's late A2 listed under 超期件数 and again under 1 × 超期件数, the same orders twice (a finder, the demo's
  // 县教育局 under the heating-season example's 市转办)
  const perOrder = join(dir, "per-order.kh");
  writeFileSync(
    perOrder,
    readFileSync(rubric, "utf8").replace(
      'item 按期办结 "按期办结考核" 20 points = 20 × (100% - 超期率)',
      'item 按期办结 "按期办结考核" 20 points {\n    deduct 1 × 超期件数 continuing\n  }',
    ),
  );
  const r = await kaohe("explain", "--rubric", perOrder, "--data", dir, "--month", "2017-10", "--unit", "甲镇");
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const item = r.stdout.slice(r.stdout.indexOf("■ 按期办结"), r.stdout.indexOf("■", r.stdout.indexOf("■ 按期办结") + 1));
  expect(item).toContain("19.00 / 20");
  const lines = item.split("\n");
  // the count, then its orders: A2 once
  expect(lines.filter((l) => l.trim().startsWith("A2"))).toHaveLength(1);
  expect(lines.filter((l) => l.includes("工单编号"))).toHaveLength(1);
  const count = lines.findIndex((l) => l.trim() === "· 超期件数 = 1");
  const deduction = lines.findIndex((l) => l.includes("扣 1 分（继续从总分中扣）"));
  expect(lines.findIndex((l) => l.trim().startsWith("A2"))).toBeGreaterThan(count);
  expect(deduction).toBeGreaterThan(lines.findIndex((l) => l.trim().startsWith("A2")));
  // the deduction says which orders it counts
  expect(lines[deduction + 1]?.trim()).toBe("所计工单即上列“超期件数”的工单，不再重复列出");
});

test("kaohe explain writes out last month's values that previous() read, and why there are none in the first month", async () => {
  const two = mkdtempSync(join(tmpdir(), "kaohe-cli-previous-"));
  writeFileSync(join(two, "units.csv"), "\uFEFF单位编码,单位名称,类别\nU1,甲镇,镇\nU2,乙镇,镇\n");
  writeFileSync(
    join(two, "orders.csv"),
    [
      "工单编号,承办单位,来源,受理时间,办理时限,办结时间,已回访,过程满意度,结果满意度",
      // September: 甲镇's P1 closed after its deadline, visited, result 不满意; 乙镇 on time
      "P1,甲镇,县中心,2017-09-05 09:00,2017-09-10,2017-09-15 10:00,是,不满意,不满意",
      "P2,乙镇,县中心,2017-09-05 09:00,2017-09-10,2017-09-08 10:00,否,,",
      // October: both on time
      "P3,甲镇,县中心,2017-10-05 09:00,2017-10-10,2017-10-08 10:00,否,,",
      "P4,乙镇,县中心,2017-10-05 09:00,2017-10-10,2017-10-08 10:00,否,,",
    ].join("\n"),
  );
  const example = join(root, "rules/examples/previous-period-example.kh");
  const sep = await kaohe("explain", "--rubric", example, "--data", two, "--month", "2017-09", "--unit", "甲镇");
  expect(sep.code).toBe(0);
  // the first month in force: no month before; 超期件数 1 < (missing ?? 0) is false, no bonus
  expect(sep.stdout).toContain("计算：若 1 < 空（上期 2017-08 的超期件数） ?? 0 则 5 否则 0 = 0.00");
  expect(sep.stdout).toContain("说明：上期（2017-08）不在本办法（previous-example-1）施行期内，上期的值为空");
  const oct = await kaohe("explain", "--rubric", example, "--data", two, "--month", "2017-10", "--unit", "甲镇");
  expect(oct.code).toBe(0);
  // October: 0 late < September's 1 → 5; P1 (September, 不满意) is last month's order to re-check, closed: 40 × 1 / 1
  expect(oct.stdout).toContain("计算：若 0 < 1（上期 2017-09 的超期件数） ?? 0 则 5 否则 0 = 5.00");
  expect(oct.stdout).toContain("计算：40 × (1 / 1) = 40.00");
});

test("kaohe diff compares two versions on the same data", async () => {
  const harsher = join(dir, "harsher.kh");
  writeFileSync(
    harsher,
    readFileSync(rubric, "utf8").replace(
      'item 按期办结 "按期办结考核" 20 points = 20 × (100% - 超期率)',
      'item 按期办结 "按期办结考核" 20 points = 20 × (100% - 2 × 超期率)',
    ),
  );
  const r = await kaohe("diff", "--rubric", rubric, "--rubric", harsher, "--data", dir, "--month", "2017-10", "--json");
  expect(r.code).toBe(0);
  const d = JSON.parse(r.stdout);
  const jia = d.units.find((u: { unit: { name: string } }) => u.unit.name === "甲镇");
  // overdue rate 1/2 counted twice: 按期办结 20 × (1 − 1) = 0 → 75, 10 points less
  expect(jia).toMatchObject({ scoreA: 85, scoreB: 75, delta: -10, rankA: 2, rankB: 2 });
  expect(jia.items.find((i: { code: string }) => i.code === "按期办结")).toMatchObject({ a: 10, b: 0, delta: -10 });
  // an item renamed: the table lists it under each version that has it, so that a row's changes add up
  const renamed = join(dir, "renamed.kh");
  writeFileSync(renamed, readFileSync(harsher, "utf8").replace('item 按期办结 "按期办结考核"', 'item 按时办结 "按期办结考核"'));
  const table = await kaohe("diff", "--rubric", rubric, "--rubric", renamed, "--data", dir, "--month", "2017-10");
  expect(table.stdout.split("\n").find((l) => l.startsWith("甲镇"))).toMatch(/-10\.00 .*按期办结（仅A）10\.00，按时办结（仅B）0\.00$/);
  // a band that changes is said, whatever the score does: 甲镇's 85 is 良好 at 80, 合格 at 90
  const banded = (at: string) =>
    readFileSync(rubric, "utf8").replace(
      '  item 办结率考核 "办结率考核" 10 points = 10 × 办结率\n',
      `  item 办结率考核 "办结率考核" 10 points = 10 × 办结率\n  band 良好 at least ${at}\n  band 合格 otherwise\n`,
    );
  writeFileSync(join(dir, "band-80.kh"), banded("80"));
  writeFileSync(join(dir, "band-90.kh"), banded("90"));
  const bands = await kaohe("diff", "--rubric", join(dir, "band-80.kh"), "--rubric", join(dir, "band-90.kh"), "--data", dir, "--month", "2017-10");
  expect(bands.stdout.split("\n").find((l) => l.startsWith("甲镇"))).toMatch(/等次 良好 → 合格$/);
});

describe("kaohe check and fmt", () => {
  test("check: clean files pass; an error exits 1 with line and column", async () => {
    expect((await kaohe("check", rubric)).code).toBe(0);
    const broken = join(dir, "broken.kh");
    writeFileSync(broken, readFileSync(rubric, "utf8").replace("item 按期办结", "itme 按期办结"));
    const r = await kaohe("check", broken);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/broken\.kh:\d+:\d+ 错误 KH110/);
  });

  test("check --db: a text compared with an open column that no record in the store holds is a warning (KH267), exit 0", async () => {
    // another county's rubric: 诉求类型 = "咨询类" where the data says 咨询, and a level 基本满义 of its own column 回访评价
    const data = mkdtempSync(join(tmpdir(), "kaohe-cli-check-db-"));
    writeFileSync(join(data, "units.csv"), "单位编码,单位名称,类别\nT1,甲镇,镇\n");
    writeFileSync(
      join(data, "orders.csv"),
      [
        "工单编号,承办单位,来源,诉求类型,受理时间,办理时限,办结时间,回访评价",
        "Q1,甲镇,县中心,咨询,2024-02-03 09:00,2024-02-10,2024-02-08 10:00,满意",
        "Q2,甲镇,县中心,投诉,2024-02-04 09:00,2024-02-10,2024-02-08 10:00,基本满意",
        "Q3,甲镇,县中心,投诉,2024-02-05 09:00,2024-02-10,,",
      ].join("\n"),
    );
    const url = await emptyStore(`file:${join(data, "store.db")}`);
    expect((await kaohe("import", "--db", url, data)).code).toBe(0);
    const file = join(data, "rubric.kh");
    const text = (kind: string, level: string) =>
      [
        '考核办法 "测试" 版本 "1"',
        "  施行自 2024-01",
        "考核类别 镇",
        '全部工单 {\n  扩展属性 回访评价 "回访评价" 文本\n}',
        "考核范围 本期工单 = 全部工单 其中 受理时间 在本期内",
        "指标 工单数 = 计数 本期工单",
        `指标 应办结 = 计数 本期工单 其中 诉求类型 != "${kind}"`,
        `指标 满意得分 = 求和 本期工单 的 levels(回访评价, 满意: 1, ${level}: 0.6)`,
        "按月考核 月度 {\n  考核项 量 10 分 = min(10, 工单数 + 应办结 + 满意得分)\n}",
        "排名 {\n  按月考核 月度\n  承办总量 工单数\n}",
        "",
      ].join("\n");
    writeFileSync(file, text("咨询类", "基本满义"));
    // without the data: nothing to say
    expect(await kaohe("check", file)).toMatchObject({ code: 0, stdout: `✓ ${file}：没有问题 / no problems\n` });
    const r = await kaohe("check", file, "--db", url);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `${file}:9:29 警告 KH267: 数据中没有诉求类型为“咨询类”的工单（数据中的诉求类型有：投诉、咨询）：这个比较总是成立，是否想写 咨询？（若是数据中尚未出现、今后会有的值，可以不改）`,
    );
    expect(r.stdout).toContain(`${file}:10:41 警告 KH267: 数据中没有回访评价为“基本满义”的工单（数据中的回访评价有：基本满意、满意）`);
    writeFileSync(file, text("咨询", "基本满意"));
    expect(await kaohe("check", file, "--db", url)).toMatchObject({ code: 0, stdout: `✓ ${file}：没有问题（已对照数据库中的数据） / no problems\n` });
    // a store with no orders yet compared nothing, and does not say it did
    const empty = await emptyStore(`file:${join(data, "empty.db")}`);
    expect(await kaohe("check", file, "--db", empty)).toMatchObject({
      code: 0,
      stdout: `✓ ${file}：没有问题（数据库中还没有可对照的工单或事件数据，未对照） / no problems\n`,
    });
  }, 60_000);

  test("fmt --check fails on an unformatted file and fmt fixes it", async () => {
    const messy = join(dir, "messy.kh");
    writeFileSync(messy, readFileSync(rubric, "utf8").replace('category 镇 "镇"', 'category   镇   "镇"'));
    // where it differs, as fmt would write it (it said only 格式未整理: another city's walk); 镇 is declared on line 8
    const line = readFileSync(rubric, "utf8").split("\n").indexOf('category 镇 "镇"') + 1;
    expect(await kaohe("fmt", "--check", messy)).toMatchObject({
      code: 1,
      stdout: `${messy}：格式未整理 / not formatted\n  第 ${line} 行起与统一格式不同：category   镇   "镇" → category 镇 "镇"（运行 kaohe fmt 改写 / line ${line} differs）\n`,
    });
    // a line alike but for its indent is said by its spaces; blank lines left at the end, by the file's end
    const indented = join(dir, "indented.kh");
    writeFileSync(indented, readFileSync(rubric, "utf8").replace("\n  item ", "\n    item ").concat("\n\n"));
    expect((await kaohe("fmt", "--check", indented)).stdout).toMatch(/行起与统一格式不同：item .*（缩进 4 个空格） → 缩进 2 个空格（/);
    writeFileSync(indented, `${readFileSync(rubric, "utf8")}\n\n`);
    expect((await kaohe("fmt", "--check", indented)).stdout).toContain("与统一格式不同：（空行） → （文件结束）");
    expect((await kaohe("fmt", messy)).code).toBe(0);
    expect(readFileSync(messy, "utf8")).toBe(readFileSync(rubric, "utf8"));
    // formatted, it says so (silence read as nothing done)
    expect(await kaohe("fmt", "--check", messy)).toMatchObject({ code: 0, stdout: `✓ ${messy}：格式已是统一格式 / already formatted\n` });
  });
  test("fmt --check --keywords zh on a formatted file in English keywords says the keywords differ, not the layout", async () => {
    // it said only 格式未整理 of a file fmt --check passes (a README walk)
    const r = await kaohe("fmt", "--check", "--keywords", "zh", rubric);
    expect(r.code).toBe(1);
    const count = Number(/会改写 (\d+) 处/.exec(r.stdout)?.[1]);
    expect(r.stdout).toBe(`${rubric}：格式已整理，但关键词不是中文（--keywords zh 会改写 ${count} 处） / keywords not in Chinese\n`);
    // as many as fmt --keywords zh rewrites: every `item`, `deduct`, `per` … of the file
    expect(count).toBeGreaterThan(readFileSync(rubric, "utf8").match(/\bdeduct per\b/g)?.length ?? 0);
    const chinese = join(dir, "chinese.kh");
    writeFileSync(chinese, readFileSync(rubric, "utf8"));
    expect((await kaohe("fmt", "--keywords", "zh", chinese)).stdout).toBe(`已整理 ${chinese}，关键词改写为中文 ${count} 处 / formatted\n`);
    expect((await kaohe("fmt", "--check", "--keywords", "zh", chinese)).code).toBe(0);
    // laid out wrong as well: both said
    writeFileSync(chinese, readFileSync(rubric, "utf8").replace('category 镇 "镇"', 'category   镇   "镇"'));
    expect((await kaohe("fmt", "--check", "--keywords", "zh", chinese)).stdout).toContain(`格式未整理，且关键词不是中文（--keywords zh 会改写 ${count} 处）`);
  });
});

describe("kaohe with a database (--db)", () => {
  test("a SQLite file that does not exist is refused, naming it, and nothing is created; demo --db still makes a store", async () => {
    // a mistyped path made an empty database, folders and all: 还没有用户, no rubric published, users added where the
    // server never looks (a README walk)
    const tmp = mkdtempSync(join(tmpdir(), "kaohe-missing-"));
    const missing = join(tmp, "typo-dir", "kaoh.db");
    const url = `file:${missing}`;
    const refusals = [
      ["user", "list", "--db", url],
      ["user", "add", "xitong", "--name", "系统", "--role", "sysadmin", "--db", url],
      ["score", "--db", url, "--month", "2017-10"],
      ["score", "--rubric", rubric, "--db", url, "--month", "2017-10", "--json"],
      ["explain", "--rubric", rubric, "--db", url, "--month", "2017-10", "--unit", "甲镇"],
      ["diff", "--rubric", rubric, "--rubric", rubric, "--db", url, "--month", "2017-10"],
      ["import", "--db", url, dir],
    ];
    for (const args of refusals) {
      const r = await kaohe(...args);
      expect([args.join(" "), r.code]).toEqual([args.join(" "), 1]);
      expect(r.stderr).toContain(`数据库文件 ${missing} 不存在`);
      // how to make one of one's own data, and the server on it (not demo --db: its users' password is in the README)
      expect(r.stderr).toContain(`kaohe import --create --db file:${missing}`);
      expect(r.stderr).toContain(`DATABASE_URL=file:${missing} KAOHE_DEMO=0 npm start`);
      expect(r.stdout).toBe("");
    }
    expect(existsSync(join(tmp, "typo-dir"))).toBe(false);
    // asked for, import makes the store and fills it
    const created = await kaohe("import", "--create", "--db", url, dir);
    expect(created.code).toBe(0);
    expect((await kaohe("score", "--rubric", rubric, "--db", url, "--month", "2017-10")).code).toBe(0);
    rmSync(join(tmp, "typo-dir"), { recursive: true, force: true });
    // a relative path is named as resolved, from where the command runs; DATABASE_URL's too
    const relative = `kaohe-missing-${process.pid}/kaohe.db`;
    try {
      const r = runKaohe(["user", "list"], { DATABASE_URL: `file:${relative}` });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`数据库文件 ${join(root, relative)} 不存在`);
      expect(existsSync(join(root, `kaohe-missing-${process.pid}`))).toBe(false);
    } finally {
      rmSync(join(root, `kaohe-missing-${process.pid}`), { recursive: true, force: true });
    }
    // (demo --db makes its store in a new file: "score says whether the period is published" below)
  }, 120_000);

  test("import a folder, score from the database exactly as from the files, re-import changes nothing", async () => {
    const url = await emptyStore(`file:${join(dir, "store.db")}`);
    const first = await kaohe("import", "--db", url, dir);
    expect(first.code).toBe(0);
    // units 3 new, orders 3 new, events 1 new
    expect(first.stdout).toMatch(/units\.csv\s+units\s+3\s+3\s+0\s+0/);
    expect(first.stdout).toMatch(/orders\.csv\s+orders\s+3\s+3\s+0\s+0/);
    const fromDb = await kaohe("score", "--rubric", rubric, "--db", url, "--month", "2017-10", "--json");
    const fromFiles = await kaohe("score", "--rubric", rubric, "--data", dir, "--month", "2017-10", "--json");
    expect(fromDb.code).toBe(0);
    expect(JSON.parse(fromDb.stdout)).toEqual(JSON.parse(fromFiles.stdout));
    const again = await kaohe("import", "--db", url, dir);
    expect(again.stdout).toMatch(/orders\.csv\s+orders\s+3\s+0\s+0\s+3/);
    // the import list names who imported: the command line and the system's user (it had been the bare $USER, which
    // read as a console account's name), or whom --by names
    const more = mkdtempSync(join(tmpdir(), "kaohe-by-"));
    writeFileSync(join(more, "units.csv"), "单位编码,单位名称,类别\nU3,丙镇,镇\n");
    expect((await kaohe("import", "--db", url, "--by", "张三", more)).code).toBe(0);
    const store = await openStore(url);
    try {
      const by = (await store.prisma.importBatch.findMany({ orderBy: { id: "asc" } })).map((b) => b.createdBy);
      expect(by.slice(0, -1).every((name) => /^命令行（.+）$/.test(name))).toBe(true);
      expect(by.at(-1)).toBe("张三");
    } finally {
      await store.close();
    }
  });

  test("score says whether the period is published and whether the data now would give other results; --json lists a year's months", async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "kaohe-published-")), "demo.db")}`;
    // the demo: 2018-10 published
    expect((await kaohe("demo", "--db", url)).code).toBe(0);
    const month = await kaohe("score", "--db", url, "--month", "2018-10");
    expect(month.stdout).toMatch(/^发布情况：已发布（演示数据，[\d-]+ [\d:]+，规则 桓台县市民投诉（民生热线）工作考核办法（2017））\n/);
    expect(month.stdout).not.toContain("注意");
    const year = await kaohe("score", "--db", url, "--year", "2018");
    expect(year.stdout.split("\n")[0]).toBe("发布情况：本期尚未发布（以下为按当前数据计算的预览）");
    // a quarter is not published on its own (a month publishes its main assessment): said in the line's place, with
    // whether the months it averages are published (the line was left out: another city's rubric author); naming the
    // main assessment is the month's own line
    const averaged = join(dirname(url.slice("file:".length)), "quarter-of-months.kh");
    writeFileSync(
      averaged,
      readFileSync(rubric, "utf8").replace(
        /\nranking \{\n {2}monthly 投诉件办理\n/,
        '\nmonthly 季度考核 "季度考核（各月平均）" {\n  window quarter\n  total = mean(投诉件办理)\n}\n\nranking {\n  monthly 投诉件办理\n  monthly 季度考核\n',
      ),
    );
    const quarter = await kaohe("score", "--rubric", averaged, "--db", url, "--month", "2018-10", "--assessment", "季度考核");
    expect(quarter.code, quarter.stderr).toBe(0);
    expect(quarter.stdout.split("\n")[0]).toBe(
      "发布情况：“季度考核（各月平均）”不单独发布，以下为按当前数据计算的结果，仅供查看；发布、通报和导出的是“投诉件办理考核”的结果（2018-10 已发布，2018-11、2018-12 尚未发布）",
    );
    const named = await kaohe("score", "--rubric", averaged, "--db", url, "--month", "2018-10", "--assessment", "投诉件办理");
    expect(named.stdout).toMatch(/^发布情况：已发布（演示数据，/);
    // the table is scored with the file given, not the version published: said in the line (it read as the published
    // results' rubric, a file of the same name and version rounded otherwise beside it)
    expect(named.stdout.split("\n")[0]).toMatch(/，规则 桓台县市民投诉（民生热线）工作考核办法（2017））；以下按规则文件 /);
    expect(named.stdout.split("\n")[0]).toContain(`；以下按规则文件 ${averaged} 计算，不是已发布的结果，仅供查看`);
    // and the file's table is compared with the publication, not the version in force (whose count of units differing
    // followed the file's table, read as the file's)
    expect(named.stdout.split("\n")[1]).toBe("按规则文件计算，各单位的得分和名次与已发布结果相同");
    const stricter = join(dirname(url.slice("file:".length)), "only-satisfied.kh");
    writeFileSync(stricter, readFileSync(rubric, "utf8").replaceAll('in ["满意", "基本满意", "一般"]', 'in ["满意"]'));
    const ofStricter = (await kaohe("score", "--rubric", stricter, "--db", url, "--month", "2018-10")).stdout.split("\n");
    expect(ofStricter[1]).toMatch(/^注意：按规则文件计算，有 [1-9]\d* 家单位的得分或名次与已发布结果不同$/);
    const yearOfFile = await kaohe("score", "--rubric", averaged, "--db", url, "--year", "2018");
    expect(yearOfFile.stdout.split("\n")[0]).toBe(`发布情况：本期尚未发布（以下为按规则文件 ${averaged} 和当前数据计算的结果，仅供查看）`);
    const json = JSON.parse((await kaohe("score", "--db", url, "--year", "2018", "--json")).stdout);
    expect(json.months).toEqual(Array.from({ length: 12 }, (_, i) => `2018-${String(i + 1).padStart(2, "0")}`));
    // an event imported after publishing: 唐山镇 loses 5 points in October
    const more = mkdtempSync(join(tmpdir(), "kaohe-more-"));
    writeFileSync(join(more, "events.csv"), "事件编号,单位,日期,事件类型,次数\nCLI-E1,唐山镇,2018-10-20,行政不作为,1\n");
    expect((await kaohe("import", "--db", url, more)).code).toBe(0);
    const after = (await kaohe("score", "--db", url, "--month", "2018-10")).stdout.split("\n");
    expect(after[0]).toMatch(/^发布情况：已发布/);
    expect(after[1]).toMatch(
      /^注意：数据在发布后有变动，按当前数据计算有 [1-9]\d* 家单位的得分或名次与已发布结果不同；如需更正，请在控制台重新发布并填写原因$/,
    );
  }, 120_000);

  test("an import taking units assessed now out of every ranking (乡镇 for 镇) is not stored without --confirm, saying why and what to add", async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "kaohe-unassessing-")), "demo.db")}`;
    expect((await kaohe("demo", "--db", url)).code).toBe(0);
    const folder = mkdtempSync(join(tmpdir(), "kaohe-unassessing-units-"));
    const units = join(folder, "单位名单.csv");
    writeFileSync(units, "单位编码,单位名称,类别\nHTZ01,唐山镇,乡镇\nHTZ02,果里镇,乡镇\n");
    const refused = await kaohe("import", "--db", url, units);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    // the demo's 2018-11 is open to the units (预览) with both towns scored in it
    expect(refused.stderr).toContain(
      "本次导入将把 2 个正在参加考核的单位改为规则“桓台县市民投诉（民生热线）工作考核办法”（2017）中没有定义的类别：镇 → 乡镇 2 个（唐山镇、果里镇）（规则中的类别：镇、街道、县直部门）。这些单位将不参加考核、不在任何排名中；",
    );
    expect(refused.stderr).toContain("2018年11月已向各单位开放（预览）：其中 2 个单位的得分和名次将消失，单位用户将看不到本单位得分");
    expect(refused.stderr).toContain(
      "还没有导入任何数据：如类别名写错了，请改成规则中的类别后重新导入；确要如此改的，请确认后再导入\n如确要导入，请加 --confirm 重新运行",
    );
    const categories = async () => {
      const store = await openStore(url);
      try {
        return (await store.prisma.unit.findMany({ where: { code: { in: ["HTZ01", "HTZ02"] } }, orderBy: { code: "asc" } })).map((u) => u.category);
      } finally {
        await store.close();
      }
    };
    expect(await categories()).toEqual(["镇", "镇"]);
    const confirmed = await kaohe("import", "--db", url, "--confirm", units);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(/单位名单\.csv\s+units\s+2\s+0\s+2\s+0/);
    expect(confirmed.stdout).toContain("2 个单位的类别“乡镇”在规则");
    expect(await categories()).toEqual(["乡镇", "乡镇"]);
  }, 120_000);

  test("an import names the rows it merged as repeats, with the row each repeats (counts alone before: a data review)", async () => {
    const url = await emptyStore(`file:${join(dir, "repeats-store.db")}`);
    const folder = mkdtempSync(join(tmpdir(), "kaohe-repeats-"));
    writeFileSync(join(folder, "units.csv"), readFileSync(join(dir, "units.csv")));
    writeFileSync(join(folder, "events.csv"), "事件编号,单位,日期,事件类型\nE1,甲镇,2017-10-09,推诿扯皮\nE1,甲镇,2017-10-09,推诿扯皮\n");
    const r = await kaohe("import", "--db", url, folder);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("events.csv：1 行与前面的行完全相同（编号和内容都相同），已合并为一条：第 3 行（E1，同第 2 行）");
  });

  test("an import says what it stored that will not count: an event whose linked order is not stored", async () => {
    const url = await emptyStore(`file:${join(dir, "warn-store.db")}`);
    const folder = mkdtempSync(join(tmpdir(), "kaohe-warn-db-"));
    writeFileSync(join(folder, "units.csv"), readFileSync(join(dir, "units.csv")));
    writeFileSync(join(folder, "events.csv"), "事件编号,单位,日期,事件类型,关联工单\nE1,甲镇,2017-10-09,推诿扯皮,GD404\n");
    const r = await kaohe("import", "--db", url, folder);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("events.csv：1 条事件的关联工单在已导入的工单中找不到（GD404）：第 2 行");
  });

  test("a workbook of several sheets: the import says which sheets it read and which not, and its last progress line is the workbook's rows at 100%", async () => {
    // it ended on the first sheet's 6 行，88% above a report of 12 rows, and never said which sheets were read (a data clerk's test)
    const url = await emptyStore(`file:${join(dir, "sheets-store.db")}`);
    const folder = mkdtempSync(join(tmpdir(), "kaohe-sheets-"));
    writeFileSync(join(folder, "units.csv"), readFileSync(join(dir, "units.csv")));
    const cells = (r: number, values: readonly string[]) =>
      `<row r="${r}">${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join("")}</row>`;
    const sheet = (rows: readonly (readonly string[])[]) => sheetXml(rows.map((values, i) => cells(i + 1, values)));
    const header = ["工单编号", "承办单位", "来源", "受理时间", "办理时限"];
    await writeWorkbook(folder, "工单.xlsx", {
      sheets: [
        {
          name: "上半月",
          data: sheet([header, ["S1", "甲镇", "县中心", "2017-10-03 09:00", "2017-10-10"], ["S2", "乙镇", "县中心", "2017-10-04 09:00", "2017-10-11"]]),
        },
        {
          name: "下半月",
          data: sheet([header, ["S3", "甲镇", "县中心", "2017-10-18 09:00", "2017-10-25"], ["S4", "乙镇", "县中心", "2017-10-19 09:00", "2017-10-26"]]),
        },
        {
          name: "汇总",
          data: sheet([
            ["承办单位", "工单数"],
            ["甲镇", "2"],
          ]),
        },
      ],
    });
    const r = await kaohe("import", "--db", url, folder);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/工单\.xlsx\s+orders\s+4\s+4\s+0\s+0/);
    expect(r.stdout).toContain("工单.xlsx：读取了工作表“上半月”（2 行）、“下半月”（2 行）；略过“汇总”\n");
    expect(r.stdout).not.toContain("units.csv：读取了工作表");
    expect(
      r.stderr
        .split("\n")
        .filter((line) => line.startsWith("导入 工单.xlsx"))
        .at(-1),
    ).toBe("导入 工单.xlsx：4 行，100%");
  });

  test("a folder's files that are not tables are named as not imported; a lone file of another type is told what to do", async () => {
    const url = await emptyStore(`file:${join(dir, "skip-store.db")}`);
    const folder = mkdtempSync(join(tmpdir(), "kaohe-skip-"));
    writeFileSync(join(folder, "units.csv"), readFileSync(join(dir, "units.csv")));
    writeFileSync(join(folder, "工单10月.et"), "WPS 表格");
    writeFileSync(join(folder, "说明.txt"), "十月的数据");
    // a program's settings beside the data: a .xml is read only when its name says what it holds (工单10月.xml)
    writeFileSync(join(folder, "config.xml"), '<?xml version="1.0"?><configuration/>');
    writeFileSync(join(folder, "~$units.xlsx"), "Excel 的锁文件");
    const r = await kaohe("import", "--db", url, folder);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("未导入 3 个不是数据表格的文件");
    expect(r.stderr).toContain("工单10月.et");
    expect(r.stderr).toContain("说明.txt");
    expect(r.stderr).toContain("config.xml");
    expect(r.stderr).not.toContain("~$units.xlsx");
    const lone = await kaohe("import", "--db", url, join(folder, "工单10月.et"));
    expect(lone.code).toBe(1);
    expect(lone.stderr).toContain("“另存为”Excel 工作簿（.xlsx）后再导入");
  });

  test("--kind reads the files given as that kind, whatever their names say; a kind it does not know is refused in words", async () => {
    const url = await emptyStore(`file:${join(dir, "kind-store.db")}`);
    const folder = mkdtempSync(join(tmpdir(), "kaohe-kind-"));
    writeFileSync(join(folder, "units.csv"), readFileSync(join(dir, "units.csv")));
    expect((await kaohe("import", "--db", url, folder)).code).toBe(0);
    // named as if it held events, holding orders
    const misnamed = join(folder, "事件导出.csv");
    writeFileSync(misnamed, readFileSync(join(dir, "orders.csv")));
    expect((await kaohe("import", "--db", url, misnamed)).code).toBe(1);
    const r = await kaohe("import", "--db", url, "--kind", "工单", misnamed);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/事件导出\.csv\s+orders\s+3\s+3\s+0\s+0/);
    const wrong = await kaohe("import", "--db", url, "--kind", "工作", misnamed);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("--kind 应为 units、orders、events、facts、calendar 之一（或 单位、工单、事件、事实、节假日），而不是“工作”");
  });

  test("the same problem on many rows is one line naming them; a changed cell of several lines is reported on one line (⏎)", async () => {
    const url = await emptyStore(`file:${join(dir, "grouped-store.db")}`);
    const folder = mkdtempSync(join(tmpdir(), "kaohe-grouped-"));
    writeFileSync(join(folder, "units.csv"), readFileSync(join(dir, "units.csv")));
    // 甲镇人民政府 (甲镇 as a platform writes it) on rows 2, 3, 5 and 6
    const order = (id: string, unit: string) => `${id},${unit},县中心,2017-10-03 09:00,2017-10-10`;
    const orders = ["工单编号,承办单位,来源,受理时间,办理时限", ...["B1", "B2"].map((id) => order(id, "甲镇人民政府")), order("B3", "乙镇")];
    writeFileSync(join(folder, "orders.csv"), `${[...orders, order("B4", "甲镇人民政府"), order("B5", "甲镇人民政府")].join("\n")}\n`);
    const bad = await kaohe("import", "--db", url, folder);
    expect(bad.code).toBe(1);
    const lines = bad.stderr.split("\n");
    expect(lines.filter((l) => l.includes("甲镇人民政府"))).toHaveLength(1);
    expect(bad.stderr).toContain("有 4 处问题，什么都没有导入");
    expect(bad.stderr).toContain("导入发现 4 个问题（同一列、同一值、同一原因的合为一条，共 1 条）");
    expect(bad.stderr).toMatch(/orders\.csv\s+4 行：第 2、3、5、6 行\s+承办单位\s+甲镇人民政府\s+找不到该单位/);
    // B3 imported, then again with a 诉求内容 of two lines
    writeFileSync(join(folder, "orders.csv"), `${orders[0]}\n${orders[3]}\n`);
    expect((await kaohe("import", "--db", url, folder)).code).toBe(0);
    writeFileSync(join(folder, "orders.csv"), `${orders[0]},诉求内容\n${orders[3]},"路灯不亮\r\n已多次反映"\n`);
    const changed = await kaohe("import", "--db", url, join(folder, "orders.csv"));
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain("orders.csv：更新的 1 条记录中改变的列：其他列 1（B3：诉求内容：空 → 诉求内容：路灯不亮⏎已多次反映）\n");
  });

  test("a bad file imports nothing and says why, row by row", async () => {
    const url = await emptyStore(`file:${join(dir, "bad-store.db")}`);
    const bad = mkdtempSync(join(tmpdir(), "kaohe-bad-db-"));
    writeFileSync(join(bad, "units.csv"), readFileSync(join(dir, "units.csv")));
    writeFileSync(
      join(bad, "orders.csv"),
      "工单编号,承办单位,来源,受理时间,办理时限\nA1,甲镇,县中心,2017-10-03,2017-10-10\nA2,甲镇,县中心,2017-10-03,2017-13-10\n",
    );
    const r = await kaohe("import", "--db", url, bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("2017-13-10");
    expect(r.stderr).toMatch(/第\s*3\s*行/);
    // the units file was fine, but nothing at all was stored
    const score = await kaohe("score", "--rubric", rubric, "--db", url, "--month", "2017-10", "--json");
    expect(JSON.parse(score.stdout).results).toEqual([]);
  });

  test("an import waiting for another into the database says so, then imports", async () => {
    const url = await emptyStore(`file:${join(dir, "waiting-store.db")}`);
    // another process's import holds SQLite's one writer until this one says it waits (kaohe() captures the output by
    // a spy on process.stderr.write, whose calls are read here), 25 s at most (an import waits 30 s at most). Held for
    // two seconds, it ended before the import began on a loaded machine, and nothing waited
    const other = openRaw(url);
    let release = () => {};
    const held = other.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    const said = (text: string) => vi.mocked(process.stderr.write).mock?.calls.some(([chunk]) => String(chunk).includes(text)) ?? false;
    const watch = setInterval(() => said("等待另一个导入完成") && release(), 50);
    const fallback = setTimeout(() => release(), 25_000);
    try {
      const r = await kaohe("import", "--db", url, join(dir, "units.csv"));
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("等待另一个导入完成…（同一数据库的导入依次进行）");
      expect(r.stdout).toMatch(/units\.csv\s+units\s+3\s+3\s+0\s+0/);
    } finally {
      clearInterval(watch);
      clearTimeout(fallback);
      release();
      await held;
      await other.close();
    }
  });
});

// processes of their own: the exit code the shell sees when commander refuses or shows help
describe("commander's own words are Chinese", () => {
  // what commander prints in English unless told otherwise
  const english = ["Usage:", "Options:", "Commands:", "Arguments:", "display help", "error:", "[options]", "[command]", "default:", "Did you mean"];
  const noEnglish = (text: string) => {
    for (const words of english) expect(text).not.toContain(words);
  };

  test("the program's help: 用法, 选项, 命令 and the help option and command described in Chinese; exit 0", async () => {
    const r = runKaohe(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^用法：kaohe \[选项\] \[命令\]\n/);
    expect(r.stdout).toContain("\n选项：\n");
    expect(r.stdout).toContain("\n命令：\n");
    expect(r.stdout).toMatch(/-h, --help\s+显示帮助/);
    expect(r.stdout).toMatch(/help \[命令\]\s+显示某个命令的帮助/);
    expect(r.stdout).toMatch(/import \[选项\] <paths\.\.\.>\s+把数据文件导入数据库/);
    noEnglish(r.stdout + r.stderr);
  });

  test("a command's help: 参数 and 选项, a default said in Chinese, the descriptions in line after a Chinese placeholder", async () => {
    const r = runKaohe(["import", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^用法：kaohe import \[选项\] <paths\.\.\.>\n/);
    expect(r.stdout).toContain("\n参数：\n  paths ");
    expect(r.stdout).toContain("\n选项：\n  --db <url> ");
    // a required option says so where it is listed, an optional one does not
    expect(r.stdout).toMatch(/--db <url>\s+数据库：[^\n]*（必填）\n/);
    expect(r.stdout).not.toMatch(/--by <name>[^\n]*必填/);
    noEnglish(r.stdout + r.stderr);
    const demo = runKaohe(["demo", "--help"]);
    expect(demo.stdout).toMatch(/--out <dir>\s+演示数据文件写到哪个文件夹（默认：demo-data）/);
    noEnglish(demo.stdout);
    // `--name <显示名>` is wider on the screen than its characters: the descriptions start in one column
    const add = runKaohe(["user", "add", "--help"]);
    const columns = ["--name <显示名>    姓名或显示名（必填）", "--role <role>      角色", "--password <密码>  指定密码"].map((s) =>
      add.stdout.split("\n").find((l) => l.includes(s)),
    );
    expect(columns.every(Boolean)).toBe(true);
    noEnglish(add.stdout);
  });

  test("an unknown command, an unknown option, a missing argument or value: said in Chinese, with the command's help to read; exit 1", async () => {
    const cases: [string[], string, string][] = [
      [["bogus"], "没有“bogus”这个命令 / unknown command bogus", "（用 kaohe --help 查看用法）"],
      [["chek"], "没有“chek”这个命令（是否是：check？） / unknown command chek", "（用 kaohe --help 查看用法）"],
      [["check", "--foo", "x.kh"], "没有 --foo 这个选项 / unknown option --foo", "（用 kaohe check --help 查看用法）"],
      [["check"], "缺少参数 files / missing argument files", "（用 kaohe check --help 查看用法）"],
      [["fmt", "--keywords"], "选项 --keywords <zh|en> 后面缺少取值 / option --keywords <zh|en> needs a value", "（用 kaohe fmt --help 查看用法）"],
      [["import", "x"], "缺少必需的选项 --db <url> / required option --db <url> not given", "（用 kaohe import --help 查看用法）"],
      [["user", "add", "--name", "张三", "--role", "admin"], "缺少参数 username / missing argument username", "（用 kaohe user add --help 查看用法）"],
      [["score", "extra"], "参数太多：score 不带参数，这里有 1 个 / too many arguments", "（用 kaohe score --help 查看用法）"],
    ];
    for (const [args, message, hint] of cases) {
      const r = runKaohe(args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`${message}\n${hint}\n`);
      noEnglish(r.stderr);
    }
  });

  test("kaohe alone or a group without its command: the help, in Chinese, on the error output; exit 1", async () => {
    for (const args of [[], ["user"]]) {
      const r = runKaohe(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^用法：kaohe/);
      expect(r.stderr).toContain("\n命令：\n");
      noEnglish(r.stderr);
    }
  });
});

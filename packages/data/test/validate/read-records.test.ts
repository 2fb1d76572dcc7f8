import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { shanghaiEpoch } from "../../src/shanghai-time.ts";
import type { ImportProblem } from "../../src/types.ts";
import { loadRecords, readRecords } from "../../src/validate/read-records.ts";
import { createUnitResolver } from "../../src/validate/unit-index.ts";
import { odsBlankRowsTo, odsRow, writeOds } from "../support/ods-writer.ts";
import { csv, useTempDir, writeText } from "../support/temp-dir.ts";
import { columnName, sheetXml, stylesXml, writeWorkbook } from "../support/xlsx-writer.ts";

const dir = await useTempDir();
let fileNumber = 0;

/** Writes CSV lines to a fresh file and returns its path. */
async function file(lines: string[], name = `file-${++fileNumber}.csv`, encoding: "utf-8-bom" | "gb18030" = "utf-8-bom") {
  return writeText(dir, name, csv(...lines), encoding);
}

/** Where and why, without the file name and English text. */
const where = (problems: readonly ImportProblem[]) => problems.map(({ row, column, value, reason }) => ({ row, column, value, reason }));

const ORDER_HEADER =
  "工单编号,承办单位,来源,诉求类型,受理时间,办理时限,延期至,办结时间,超期说明已认可,回退,回退认可,退回重办次数,匿名,已回访,过程满意度,结果满意度,结案类型,反弹,领导批示";
const GOOD_ORDER = "GD1,索镇街道,县中心,投诉,2017-10-03 14:05,2017-10-10,,2017-10-08 09:30,否,否,否,0,否,是,满意,一般,正常办结,否,否";

const units = createUnitResolver([
  { code: "HTJD01", name: "索镇街道" },
  { code: "HTBM04", name: "县公安局" },
]);

describe("readRecords: orders", () => {
  it("turns a row into an order, resolving the unit and reading dates in Shanghai time", async () => {
    const path = await file([ORDER_HEADER, GOOD_ORDER]);
    const result = await loadRecords(path, "orders", { resolveUnit: units });
    expect(result.problems).toEqual([]);
    expect(result.records).toEqual([
      {
        id: "GD1",
        unit: "HTJD01",
        source: "县中心",
        kind: "投诉",
        receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5),
        dueAt: shanghaiEpoch(2017, 10, 10, 23, 59, 59, 999),
        extendedTo: null,
        closedAt: shanghaiEpoch(2017, 10, 8, 9, 30),
        delayExcused: false,
        returned: false,
        returnAccepted: false,
        redoCount: 0,
        anonymous: false,
        visited: true,
        processSatisfaction: "满意",
        resultSatisfaction: "一般",
        closureType: "正常办结",
        rebound: false,
        leaderInstructed: false,
        attributes: {},
      },
    ]);
  });

  it("reads the optional columns' defaults when they are absent", async () => {
    const path = await file(["工单编号,承办单位,来源,受理时间,办理时限", "GD1,HTJD01,市中心,2017-10-03,2017-10-05 17:00"]);
    const [order] = (await loadRecords(path, "orders", { resolveUnit: units })).records;
    expect(order).toMatchObject({
      unit: "HTJD01",
      receivedAt: shanghaiEpoch(2017, 10, 3),
      dueAt: shanghaiEpoch(2017, 10, 5, 17),
      kind: null,
      closedAt: null,
      redoCount: 0,
      visited: false,
      processSatisfaction: null,
    });
  });

  it("takes any 来源 (省热线, 微信 …: the rubric declares the ones it knows), trimmed; refuses an empty one, a too long one and invisible characters", async () => {
    const long = "来".repeat(101);
    const head = "工单编号,承办单位,来源,受理时间,办理时限";
    const good = await file([
      head,
      "GD1,HTJD01,省热线,2017-10-03,2017-10-05",
      "GD2,HTJD01, 微信 ,2017-10-03,2017-10-05",
      "GD3,HTJD01,网站,2017-10-03,2017-10-05",
    ]);
    const read = await loadRecords(good, "orders", { resolveUnit: units });
    expect(read.problems).toEqual([]);
    expect(read.records.map((o) => o.source)).toEqual(["省热线", "微信", "网站"]);
    const bad = await file([
      head,
      "GD4,HTJD01,,2017-10-03,2017-10-05",
      `GD5,HTJD01,${long},2017-10-03,2017-10-05`,
      "GD6,HTJD01,微\u200b信,2017-10-03,2017-10-05",
    ]);
    const result = await loadRecords(bad, "orders", { resolveUnit: units });
    expect(where(result.problems).map(({ row, column, reason }) => ({ row, column, reason }))).toEqual([
      { row: 2, column: "来源", reason: "必填项为空" },
      { row: 3, column: "来源", reason: expect.stringContaining("最多 100 个字符") },
      { row: 4, column: "来源", reason: expect.stringContaining("U+200B") },
    ]);
  });

  it("matches Chinese or English headers regardless of spaces, width and case, and keeps unknown columns", async () => {
    const path = await file(
      [" 工单编号 ,ｕｎｉｔ,SOURCE,receivedat,　办理时限　,响应时长（小时）,渠道", "GD1,县公安局,县中心,2017-10-03 14:05,2017-10-05,3.5,"],
      "headers.csv",
      "gb18030",
    );
    const result = await loadRecords(path, "orders", { resolveUnit: units });
    expect(result.problems).toEqual([]);
    // empty unknown cells are left out; the attribute name is the NFKC form of the header
    expect(result.records[0]).toMatchObject({ id: "GD1", unit: "HTBM04", attributes: { "响应时长(小时)": "3.5" } });
  });

  it("reports every bad cell of every row, with the row, the column as headed and the value", async () => {
    const path = await file([
      ORDER_HEADER,
      GOOD_ORDER,
      ",索镇街道,县中心,投诉,2017-10-03 14:05,2017-10-10,,,否,否,否,0,否,否,,,,否,否",
      "GD3,城南街道,,投诉,2017-13-01,2017-10-10,,,否,否,否,0,否,否,,,,否,否",
      "GD4,县公安局,县中心,咨询,2017-10-03,下周,2017-10-01 25:00,,否,否,否,-1,也许,是,很满意,不满意,已办结,否,否",
      "GD5,县公安局,县中心,求助,2017-10-03,2017-10-06,,,是,否,是,1.5,否,否,,,,否,2",
    ]);
    const problems: ImportProblem[] = [];
    for await (const row of readRecords(path, "orders", { resolveUnit: units })) {
      if (row.problems.length === 0) expect(row.record).not.toBeNull();
      else expect(row.record).toBeNull();
      problems.push(...row.problems);
    }
    expect(where(problems)).toEqual([
      { row: 3, column: "工单编号", value: "", reason: "必填项为空" },
      { row: 4, column: "承办单位", value: "城南街道", reason: "找不到该单位（按单位名称或单位编码）" },
      { row: 4, column: "来源", value: "", reason: "必填项为空" },
      {
        row: 4,
        column: "受理时间",
        value: "2017-13-01",
        reason: "日期或时刻不存在（月份 1—12、日子不超过当月天数、时刻 0:00—24:00）：请核对，应如 2017-10-03 14:05",
      },
      {
        row: 5,
        column: "办理时限",
        value: "下周",
        reason: "无法识别的日期，应如 2017-10-03、2017-10-03 14:05 或 2017/10/3 14:05:00",
      },
      {
        row: 5,
        column: "延期至",
        value: "2017-10-01 25:00",
        reason: "日期或时刻不存在（月份 1—12、日子不超过当月天数、时刻 0:00—24:00）：请核对，应如 2017-10-03 14:05",
      },
      { row: 5, column: "退回重办次数", value: "-1", reason: "应为不小于 0 的整数" },
      { row: 5, column: "匿名", value: "也许", reason: "应为“是”或“否”" },
      {
        row: 5,
        column: "过程满意度",
        value: "很满意",
        reason: expect.stringMatching(/^应为 满意、基本满意、一般 或 不满意（未回访的留空）；本地的满意度分级与此不同/),
      },
      {
        row: 5,
        column: "结案类型",
        value: "已办结",
        reason: "应为 正常办结、应办未办、问题反弹、超出政策、应走司法程序、情况不实、历史遗留 之一",
      },
      { row: 6, column: "退回重办次数", value: "1.5", reason: "应为不小于 0 的整数" },
      { row: 6, column: "领导批示", value: "2", reason: "应为“是”或“否”" },
      { row: 6, column: "回退认可", value: "是", reason: "回退认可为“是”，但该工单未回退" },
    ]);
    for (const p of problems) {
      expect(p.file).toBe(path.split("/").pop());
      expect(p.reasonEn.length).toBeGreaterThan(0);
    }
  });

  it("a deadline or an extension written as days (5个工作日) is told the column holds the date and time, not days", async () => {
    // 办理时限 5个工作日 (row 2) and ３天 (row 3, full-width, folded); 延期至 10个工作日 (row 4)
    const path = await file([
      ORDER_HEADER,
      GOOD_ORDER.replace(",2017-10-10,", ",5个工作日,"),
      GOOD_ORDER.replace("GD1", "GD2").replace(",2017-10-10,", ",３天,"),
      GOOD_ORDER.replace("GD1", "GD3").replace(",2017-10-10,,", ",2017-10-10,10个工作日,"),
    ]);
    expect(where((await loadRecords(path, "orders", { resolveUnit: units })).problems)).toEqual([
      { row: 2, column: "办理时限", value: "5个工作日", reason: "办理时限应为截止的日期时间（如 2018-12-10 17:00），不是天数：请写平台上该工单办理截止的时间" },
      { row: 3, column: "办理时限", value: "３天", reason: "办理时限应为截止的日期时间（如 2018-12-10 17:00），不是天数：请写平台上该工单办理截止的时间" },
      {
        row: 4,
        column: "延期至",
        value: "10个工作日",
        reason: "延期至应为延期后截止的日期时间（如 2018-12-17 17:00），不是延期的天数；没有延期的工单，延期至留空",
      },
    ]);
  });

  it("reports a missing required column once, at once: the rows below it are not read", async () => {
    const path = await file(["工单编号,承办单位,受理时间,办理时限", "GD1,索镇街道,2017-10-03,2017-10-05", "GD2,索镇街道,昨天,2017-10-05"]);
    const result = await loadRecords(path, "orders", { resolveUnit: units });
    expect(result.records).toEqual([]);
    expect(where(result.problems)).toEqual([
      {
        row: 1,
        column: "来源",
        value: "",
        reason:
          "第 1 行看来是表头，但缺少必需的列“来源”（或英文列名 source）：请补上这些列或改正列名；表头应是第一个写有列名的行（它上面的标题行可以保留）。" +
          "“来源”是工单从哪一级热线来，如 县中心、市中心、省热线（规则文件可声明来源清单）；平台导出的文件没有来源列时（如工单都来自县中心），请加一列“来源”，每行写上来源（如 县中心）",
      },
    ]);
    expect(result.problems[0]?.reasonEn).toBe(
      "row 1 looks like the header but lacks the required column source; the header is the first row of column names. source is where the order came from (县中心, 市中心, 省热线), not the channel (电话, 微信, 网站); a platform export without it: add the column with the source on every row",
    );
  });

  it("a garbled header of a large workbook is told as soon as it is read: the rows below it are not read (a damaged row far below is never met)", async () => {
    // 6,000 rows below the header (more than a batch), then a row naming a shared string the file lacks: reading it fails
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const rows = [
      `<row r="1">${["工单编号", "承办单位", "鍙楃悊鏃堕棿", "办理时限"].map((t, i) => cell(`${columnName(i)}1`, t)).join("")}</row>`,
      ...Array.from({ length: 6000 }, (_, i) => `<row r="${i + 2}">${cell(`A${i + 2}`, `GD${i}`)}${cell(`B${i + 2}`, "索镇街道")}</row>`),
      '<row r="6002"><c r="A6002" t="s"><v>99999</v></c></row>',
    ];
    const path = await writeWorkbook(dir, "garbled-header.xlsx", { sheet: sheetXml(rows) });
    const progress: number[] = [];
    const result = await loadRecords(path, "orders", { resolveUnit: units, onProgress: (p) => progress.push(p.rows) });
    expect(result.records).toEqual([]);
    // the header's problems alone, as they were told: none of the rows, nor of the damaged row far below
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.every((p) => p.row === 1)).toBe(true);
    expect(result.problems.map((p) => p.column).join("、")).toContain("受理时间");
    expect(result.problems.map((p) => p.reason).join("")).not.toContain("损坏");
    // the first batch read at most, not the sheet's 6,000 rows
    expect(Math.max(0, ...progress)).toBeLessThan(6000);
  });

  it("reports a column given twice", async () => {
    const path = await file(["工单编号,承办单位,来源,受理时间,办理时限,id", "GD1,索镇街道,县中心,2017-10-03,2017-10-05,GD1"]);
    const result = await loadRecords(path, "orders");
    expect(where(result.problems)).toEqual([
      {
        row: 1,
        column: "id",
        value: "id",
        reason:
          "列重复：第6列（F列）“id”与第1列（A列）“工单编号”是同一列（工单编号）：请删去其中一列后再导入；在表格中只看到一列时，另一列可能被隐藏了（选中两旁的列，右键“取消隐藏”）",
      },
    ]);
  });

  it("reports cells beyond the header (an unquoted comma) and an unterminated quote", async () => {
    const path = await file([
      "工单编号,承办单位,来源,受理时间,办理时限",
      "GD1,索镇街道,县中心,2017-10-03,2017-10-05,多出来的",
      'GD2,索镇街道,县中心,2017-10-03,"2017-10-05',
      "GD3,索镇街道,县中心,2017-10-03,2017-10-05",
    ]);
    const result = await loadRecords(path, "orders");
    expect(where(result.problems)).toEqual([
      { row: 2, column: "第6列", value: "多出来的", reason: "此行的单元格多于表头的列（可能有未加引号的逗号）" },
      { row: 3, column: "", value: "", reason: "引号未闭合：从此行起到文件末尾都被读成了一个单元格" },
      {
        row: 3,
        column: "办理时限",
        value: "2017-10-05\r\nGD3,索镇街道,县中心,2017-10-03,2017-10-05\r\n",
        reason: "无法识别的日期，应如 2017-10-03、2017-10-03 14:05 或 2017/10/3 14:05:00",
      },
    ]);
  });

  it("refuses a CSV row with fewer cells than the header (a line broken in two, or cut short): its missing cells are not stored as empty", async () => {
    const path = await file([
      "工单编号,承办单位,来源,受理时间,办理时限,是否回访,结果满意度",
      "GD1,索镇街道,县中心,2017-10-03,2017-10-05,是,满意",
      // a line break typed inside a cell: the row's end comes as a second line of its own
      "GD2,索镇街道,县中心,2017-10-03",
      "2017-10-05,是,满意",
      // every cell written, the last ones empty: what Excel, WPS and LibreOffice write
      "GD3,索镇街道,县中心,2017-10-03,2017-10-05,,",
    ]);
    const result = await loadRecords(path, "orders");
    const short = " 列（可能是某个单元格中的换行把一行断成了两行，或此行被截断）：缺少的列不能当作空白导入，请在原表格中检查此行后重新导出";
    expect(where(result.problems).filter((p) => p.row === 3)).toEqual([
      { row: 3, column: "办理时限", value: "", reason: `此行只有 4 个单元格，表头有 7${short}` },
    ]);
    expect(where(result.problems).find((p) => p.row === 4)?.reason).toMatch(/^此行只有 3 个单元格，表头有 7/);
    expect(where(result.problems).filter((p) => p.row === 2 || p.row === 5)).toEqual([]);
  });

  it("refuses a repeated order id with other content, naming both rows; an identical repeat is collapsed", async () => {
    const path = await file([
      "工单编号,承办单位,来源,受理时间,办理时限,结果满意度",
      "GD1,索镇街道,县中心,2017-10-03,2017-10-05,不满意",
      "GD2,索镇街道,县中心,2017-10-03,2017-10-05,满意",
      "GD1,索镇街道,县中心,2017-10-03,2017-10-05,基本满意",
      // the same as row 3, the unit named by its code: the same record
      "GD2,HTJD01,县中心,2017-10-03,2017-10-05,满意",
    ]);
    const result = await loadRecords(path, "orders", { resolveUnit: units });
    expect(where(result.problems)).toEqual([
      {
        row: 4,
        column: "工单编号",
        value: "GD1",
        reason:
          "工单编号重复（第 2 行已有），两行内容不同（第 2 行与第 4 行，不同的列：结果满意度）：每个编号只能有一行，请删去多余的一行；如后一行是更正，可勾选“以后出现的行为准”（命令行 --later-row-wins）再导入",
      },
    ]);
    expect(result.problems[0]?.reasonEn).toContain("row 2 and row 4; columns differing: 结果满意度");
    const identical = await file([
      "工单编号,承办单位,来源,受理时间,办理时限",
      "GD1,索镇街道,县中心,2017-10-03,2017-10-05",
      "GD1,HTJD01,县中心,2017-10-03,2017-10-05",
    ]);
    expect(await loadRecords(identical, "orders", { resolveUnit: units })).toMatchObject({ problems: [], records: [{ id: "GD1" }], duplicatesCollapsed: 1 });
  });

  it("with laterRowWins keeps the later row of a repeated order id (a re-evaluated order), in the earlier one's place", async () => {
    const path = await file([
      "工单编号,承办单位,来源,受理时间,办理时限,结果满意度",
      "GD1,索镇街道,县中心,2017-10-03,2017-10-05,不满意",
      "GD2,索镇街道,县中心,2017-10-03,2017-10-05,满意",
      "GD1,索镇街道,县中心,2017-10-03,2017-10-05,基本满意",
    ]);
    const result = await loadRecords(path, "orders", { laterRowWins: true });
    expect(result.problems).toEqual([]);
    expect(result.records.map((o) => [o.id, o.resultSatisfaction])).toEqual([
      ["GD1", "基本满意"],
      ["GD2", "满意"],
    ]);
  });

  it("reads an XLSX with real date cells: a date-only deadline is the end of that day", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(["工单编号", "承办单位", "来源", "受理时间", "办理时限", "延期至", "办结时间", "退回重办次数", "响应时长(小时)"]);
    sheet.addRow([
      20171003001,
      "索镇街道",
      "县中心",
      new Date(Date.UTC(2017, 9, 3, 14, 5)),
      new Date(Date.UTC(2017, 9, 10)),
      new Date(Date.UTC(2017, 9, 15, 17, 30)),
      new Date(Date.UTC(2017, 9, 12)),
      1,
      2.5,
    ]);
    for (const [cell, format] of [
      ["D2", "yyyy-mm-dd hh:mm"],
      ["E2", "yyyy-mm-dd"],
      ["F2", "yyyy-mm-dd hh:mm"],
      ["G2", "yyyy-mm-dd"],
    ] as const) {
      sheet.getCell(cell).numFmt = format;
    }
    const path = join(dir, "orders.xlsx");
    await workbook.xlsx.writeFile(path);

    const result = await loadRecords(path, "orders", { resolveUnit: units });
    expect(result.problems).toEqual([]);
    expect(result.records[0]).toMatchObject({
      id: "20171003001",
      unit: "HTJD01",
      receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5),
      dueAt: shanghaiEpoch(2017, 10, 10, 23, 59, 59, 999),
      extendedTo: shanghaiEpoch(2017, 10, 15, 17, 30),
      // not a deadline: a date alone is the start of the day
      closedAt: shanghaiEpoch(2017, 10, 12),
      redoCount: 1,
      attributes: { "响应时长(小时)": "2.5" },
    });
  });

  it("a plain (General) number in a date column of a 1904 workbook is counted from 1904, as Excel shows it; date cells already were", async () => {
    // styles: 0 General, 1 a date format; D2 a General serial (lost its format), E2 a date cell
    const styles = stylesXml([0, "yyyy-mm-dd"]);
    const sheet = sheetXml([
      '<row r="1">' +
        ["工单编号", "承办单位", "来源", "受理时间", "办理时限"].map((t, i) => `<c r="${columnName(i)}1" t="inlineStr"><is><t>${t}</t></is></c>`).join("") +
        "</row>",
      '<row r="2"><c r="A2" t="inlineStr"><is><t>GD1</t></is></c><c r="B2" t="inlineStr"><is><t>索镇街道</t></is></c><c r="C2" t="inlineStr"><is><t>县中心</t></is></c><c r="D2"><v>43405.5</v></c><c r="E2" s="1"><v>43412</v></c></row>',
    ]);
    const read = async (date1904: boolean) =>
      loadRecords(await writeWorkbook(dir, `serials-${date1904 ? 1904 : 1900}.xlsx`, { sheet, styles, date1904 }), "orders", { resolveUnit: units });
    const in1900 = await read(false);
    expect(in1900.problems).toEqual([]);
    expect(in1900.records[0]).toMatchObject({ receivedAt: shanghaiEpoch(2018, 11, 1, 12), dueAt: shanghaiEpoch(2018, 11, 8, 23, 59, 59, 999) });
    const in1904 = await read(true);
    expect(in1904.problems).toEqual([]);
    expect(in1904.records[0]).toMatchObject({ receivedAt: shanghaiEpoch(2022, 11, 2, 12), dueAt: shanghaiEpoch(2022, 11, 9, 23, 59, 59, 999) });
  });

  describe("a moment column of serial day numbers saved as text, cut by a number format of few decimals", () => {
    const header = "工单编号,承办单位,来源,受理时间,办理时限,办结时间";
    const order = (n: number, received: string, due = "43412", closed = "") => `GD${n},索镇街道,县中心,${received},${due},${closed}`;

    it("imports a column of General format's times: to the second with many decimals, and the odd one with two (13:55:12)", async () => {
      const path = await file([header, order(1, "43405.5868055556", "43412", "43408.4305555556"), order(2, "43405.58"), order(3, "43406.4166666667")]);
      const result = await loadRecords(path, "orders", { resolveUnit: units });
      expect(result.problems).toEqual([]);
      expect(result.records.map((o) => o.receivedAt)).toEqual([
        shanghaiEpoch(2018, 11, 1, 14, 5),
        shanghaiEpoch(2018, 11, 1, 13, 55, 12),
        shanghaiEpoch(2018, 11, 2, 10),
      ]);
    });

    it("refuses a column whose every time has two decimals at most: which column, the decimals, a value and what it may be, how to fix", async () => {
      const path = await file([header, order(1, "43405.50"), order(2, "43405.58"), order(3, "43406.42"), order(4, "43406")]);
      const result = await loadRecords(path, "orders", { resolveUnit: units });
      expect(result.records).toEqual([]);
      expect(result.problems).toHaveLength(1);
      const [problem] = result.problems;
      expect(problem).toMatchObject({ row: 0, column: "受理时间", value: "43405.58" });
      expect(problem?.reason).toContain("“受理时间”一列");
      expect(problem?.reason).toContain("不超过 2 位小数");
      expect(problem?.reason).toContain("第 3 行的 43405.58");
      expect(problem?.reason).toContain("2018-11-01 13:48:00 至 14:02:24");
      expect(problem?.reason).toContain("2018-11-01 13:55:12 ± 7 分钟");
      expect(problem?.reason).toContain("yyyy-mm-dd hh:mm:ss");
    });

    it("refuses a column cut to one decimal (every value a whole minute there): ±72 minutes, by a value not on the hour", async () => {
      const path = await file([
        header,
        order(1, "43405.5", "43412", "43408.4"),
        order(2, "43405.6", "43412", "43409.5"),
        order(3, "43406.5", "43412", "43409.7"),
      ]);
      const result = await loadRecords(path, "orders", { resolveUnit: units });
      expect(result.records).toEqual([]);
      expect(where(result.problems).map(({ row, column, value }) => ({ row, column, value }))).toEqual([
        { row: 0, column: "受理时间", value: "43405.6" },
        { row: 0, column: "办结时间", value: "43408.4" },
      ]);
      expect(result.problems[0]?.reason).toContain("2018-11-01 14:24:00 ± 72 分钟");
    });

    it("imports a column of text dates with one or two General-format serials among them, short as General writes 13:55:12", async () => {
      const path = await file([header, order(1, "2018-11-01 08:30", "43412"), order(2, "43405.58"), order(3, "2018-11-02 09:00"), order(4, "43406.42")]);
      const result = await loadRecords(path, "orders", { resolveUnit: units });
      expect(result.problems).toEqual([]);
      expect(result.records[1]?.receivedAt).toBe(shanghaiEpoch(2018, 11, 1, 13, 55, 12));
    });

    it("imports a column of whole-minute times written short (12:00, 09:00, 18:00), and a deadline column of dates alone", async () => {
      const path = await file([header, order(1, "43405.5", "43412.75"), order(2, "43405.375", "43412"), order(3, "43406.75", "43413.5")]);
      const result = await loadRecords(path, "orders", { resolveUnit: units });
      expect(result.problems).toEqual([]);
      expect(result.records.map((o) => o.receivedAt)).toEqual([shanghaiEpoch(2018, 11, 1, 12), shanghaiEpoch(2018, 11, 1, 9), shanghaiEpoch(2018, 11, 2, 18)]);
    });

    it("reads an event's day from a cut serial as ever: a day column keeps its day", async () => {
      const path = await file(["事件编号,单位,日期,事件类型", "SJ1,索镇街道,43405.58,行政不作为", "SJ2,索镇街道,43406.42,行政不作为"]);
      const result = await loadRecords(path, "events", { resolveUnit: units });
      expect(result.problems).toEqual([]);
      expect(result.records.map((e) => e.date)).toEqual([shanghaiEpoch(2018, 11, 1), shanghaiEpoch(2018, 11, 2)]);
    });

    it("imports an xlsx whose times are numbers with two decimals: a workbook holds the serial exactly, whatever it shows", async () => {
      // styles: 0 General, 1 a number format of two decimals (0.00: numFmtId 2)
      const styles = stylesXml([0, 2]);
      const sheet = sheetXml([
        '<row r="1">' +
          ["工单编号", "承办单位", "来源", "受理时间", "办理时限"].map((t, i) => `<c r="${columnName(i)}1" t="inlineStr"><is><t>${t}</t></is></c>`).join("") +
          "</row>",
        ...[2, 3].map(
          (r) =>
            `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>GD${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>索镇街道</t></is></c><c r="C${r}" t="inlineStr"><is><t>县中心</t></is></c><c r="D${r}" s="1"><v>43405.58</v></c><c r="E${r}"><v>43412.71</v></c></row>`,
        ),
      ]);
      const result = await loadRecords(await writeWorkbook(dir, "two-decimals.xlsx", { sheet, styles }), "orders", { resolveUnit: units });
      expect(result.problems).toEqual([]);
      expect(result.records[0]).toMatchObject({ receivedAt: shanghaiEpoch(2018, 11, 1, 13, 55, 12), dueAt: shanghaiEpoch(2018, 11, 8, 17, 2, 24) });
    });
  });

  it("a deadline cell formatted with its time reads as the time it shows, midnight too: as the CSV saved from it reads", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(["工单编号", "承办单位", "来源", "受理时间", "办理时限"]);
    // shows 2017-10-10 00:00 (a date-time format, Chinese 上午 too): the file says midnight, not the end of the day
    sheet.addRow(["GD1", "索镇街道", "县中心", new Date(Date.UTC(2017, 9, 3, 14, 5)), new Date(Date.UTC(2017, 9, 10))]);
    sheet.addRow(["GD2", "索镇街道", "县中心", new Date(Date.UTC(2017, 9, 3, 14, 5)), new Date(Date.UTC(2017, 9, 10))]);
    sheet.getCell("E2").numFmt = "yyyy-mm-dd hh:mm";
    sheet.getCell("E3").numFmt = 'yyyy"年"m"月"d"日" h"时"mm"分"';
    const path = join(dir, "orders-midnight.xlsx");
    await workbook.xlsx.writeFile(path);
    const csv = await file(["工单编号,承办单位,来源,受理时间,办理时限", "GD1,索镇街道,县中心,2017-10-03 14:05,2017-10-10 00:00"]);

    const fromXlsx = await loadRecords(path, "orders", { resolveUnit: units });
    const fromCsv = await loadRecords(csv, "orders", { resolveUnit: units });
    expect(fromXlsx.problems).toEqual([]);
    expect(fromXlsx.records.map((o) => o.dueAt)).toEqual([shanghaiEpoch(2017, 10, 10), shanghaiEpoch(2017, 10, 10)]);
    expect(fromCsv.records[0]?.dueAt).toBe(fromXlsx.records[0]?.dueAt);
  });

  it("reads an ODS (LibreOffice) orders file as the same records as the CSV saved from it: title row, dates, a unit merged down rows", async () => {
    const header = ["工单编号", "承办单位", "来源", "受理时间", "办理时限", "办结时间", "退回重办次数", "备注"];
    const at = (v: string) => ({
      xml: `<table:table-cell office:value-type="date" office:date-value="${v}" calcext:value-type="date"><text:p>${v}</text:p></table:table-cell>`,
    });
    const unit = {
      xml: '<table:table-cell table:number-rows-spanned="2" office:value-type="string" calcext:value-type="string"><text:p>索镇街道</text:p></table:table-cell>',
    };
    const covered = { xml: "<table:covered-table-cell/>" };
    const note = {
      xml: '<table:table-cell office:value-type="string"><text:p>加急<text:s text:c="2"/>复核</text:p><text:p>第二行</text:p></table:table-cell>',
    };
    const ods = await writeOds(dir, "orders.ods", [
      { name: "字典", hidden: true, rows: odsRow(["来源"]) + odsRow(["县中心"]) },
      {
        name: "工单",
        rows: [
          odsRow(["2017年10月工单"]),
          odsRow(header),
          odsRow(["GD1", unit, "县中心", at("2017-10-03T14:05:00"), at("2017-10-10"), at("2017-10-08T09:30:00"), 0, note]),
          odsRow(["GD2", covered, "市中心", at("2017-10-04T09:00:00"), at("2017-10-11"), null, 1]),
          odsRow(["GD3", "县公安局", "县中心", at("2017-10-05T08:00:00"), at("2017-10-12T17:30:00"), null, 0]),
          odsBlankRowsTo(5),
        ].join(""),
      },
    ]);
    const csvPath = await file([
      "2017年10月工单",
      header.join(","),
      'GD1,索镇街道,县中心,2017-10-03 14:05,2017-10-10,2017-10-08 09:30,0,"加急  复核\n第二行"',
      "GD2,索镇街道,市中心,2017-10-04 09:00,2017-10-11,,1,",
      "GD3,县公安局,县中心,2017-10-05 08:00,2017-10-12 17:30,,0,",
    ]);
    const fromOds = await loadRecords(ods, "orders", { resolveUnit: units });
    const fromCsv = await loadRecords(csvPath, "orders", { resolveUnit: units });
    expect(fromOds.problems).toEqual([]);
    expect(fromCsv.problems).toEqual([]);
    expect(fromOds.records).toHaveLength(3);
    expect(fromOds.records).toEqual(fromCsv.records);
    expect(fromOds.records.map((o) => o.unit)).toEqual(["HTJD01", "HTJD01", "HTBM04"]);
  });

  it("reports an empty file", async () => {
    const path = await writeText(dir, "empty.csv", "");
    const result = await loadRecords(path, "orders");
    expect(where(result.problems)).toEqual([{ row: 0, column: "", value: "", reason: "文件为空（没有表头行）" }]);
  });
});

describe("readRecords: the sheet a problem is on", () => {
  /** A workbook of two sheets of orders, a bad date on the second (named `second`). */
  async function twoSheets(name: string, second: string): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    const header = ORDER_HEADER.split(",");
    const row = (id: string, received: string) => GOOD_ORDER.split(",").map((v, i) => (i === 0 ? id : i === 4 ? received : v));
    workbook.addWorksheet("上半月").addRows([header, row("GD1", "2017-10-03 14:05")]);
    workbook.addWorksheet(second).addRows([header, row("GD2", "2017-10-40 14:05")]);
    const path = join(dir, name);
    await workbook.xlsx.writeFile(path);
    return path;
  }

  it("is its own field beside the label naming it, whole even when its name has 工作表“ in it (the console cut it there)", async () => {
    const path = await twoSheets("两张.xlsx", "下半月 工作表“补录");
    const { problems } = await loadRecords(path, "orders", { resolveUnit: units });
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.sheet).toEqual({ workbook: "两张.xlsx", name: "下半月 工作表“补录" });
      expect(p.file).toBe("两张.xlsx 工作表“下半月 工作表“补录”");
    }
  });

  it("is not said of a file of one sheet", async () => {
    const path = await file([ORDER_HEADER, GOOD_ORDER.replace("2017-10-03 14:05", "2017-10-40 14:05")]);
    const { problems } = await loadRecords(path, "orders", { resolveUnit: units });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.sheet)).toEqual(problems.map(() => undefined));
  });
});

describe("readRecords: units, events, facts", () => {
  it("reads units and reports repeated codes and names", async () => {
    const path = await file(["单位编码,单位名称,类别,联系人", "HTJD01,索镇街道,街道,王某", "HTJD02,索镇街道,街道,", "HTJD01,少海街道,街道,", "HTZ01,唐山镇,,"]);
    const result = await loadRecords(path, "units");
    expect(where(result.problems)).toEqual([
      { row: 3, column: "单位名称", value: "索镇街道", reason: "单位名称重复（第 2 行已有）" },
      { row: 4, column: "单位编码", value: "HTJD01", reason: "单位编码重复（第 2 行已有）" },
      { row: 5, column: "类别", value: "", reason: "必填项为空" },
    ]);
    const good = await loadRecords(await file(["code,name,category,联系人", "HTJD01,索镇街道,街道,王某"]), "units");
    expect(good.records).toEqual([{ code: "HTJD01", name: "索镇街道", category: "街道", attributes: { 联系人: "王某" } }]);
  });

  it("refuses a name or id holding a text direction control: 唐山镇 written backwards after U+202E shows as 唐山镇 (a security review)", async () => {
    const path = await file([
      "单位编码,单位名称,类别",
      "HTZ90,\u202e镇山唐,镇",
      "HTZ91,唐山镇\u2067,镇",
      "HTZ\u200f92,马桥镇,镇",
      "HTZ93,果里镇,镇",
      "HTZ94,新城\u061c镇,镇",
    ]);
    const result = await loadRecords(path, "units");
    expect(where(result.problems)).toEqual([
      { row: 2, column: "单位名称", value: "[U+202E]镇山唐", reason: expect.stringContaining("文字方向控制字符（第1个字符，U+202E）") },
      { row: 3, column: "单位名称", value: "唐山镇[U+2067]", reason: expect.stringContaining("文字方向控制字符（第4个字符，U+2067）") },
      { row: 4, column: "单位编码", value: "HTZ[U+200F]92", reason: expect.stringContaining("文字方向控制字符") },
      // the Arabic letter mark too (a review)
      { row: 6, column: "单位名称", value: "新城[U+061C]镇", reason: expect.stringContaining("文字方向控制字符（第3个字符，U+061C）") },
    ]);
  });

  it("reads the months a unit is assessed in, and refuses a last month before the first", async () => {
    const good = await loadRecords(
      await file([
        "单位编码,单位名称,类别,起始月份,截止月份",
        "N1,新区街道,街道,2019年3月,",
        "A1,果里镇,镇,,2019/6",
        "B1,马桥镇,镇,2018-01,2018-01",
        "C1,唐山镇,镇,,",
      ]),
      "units",
    );
    expect(good.problems).toEqual([]);
    expect(good.records).toEqual([
      { code: "N1", name: "新区街道", category: "街道", fromMonth: "2019-03", attributes: {} },
      { code: "A1", name: "果里镇", category: "镇", untilMonth: "2019-06", attributes: {} },
      { code: "B1", name: "马桥镇", category: "镇", fromMonth: "2018-01", untilMonth: "2018-01", attributes: {} },
      // assessed every month: neither
      { code: "C1", name: "唐山镇", category: "镇", attributes: {} },
    ]);
    const bad = await loadRecords(
      await file(["单位编码,单位名称,类别,起始月份,截止月份", "N1,新区街道,街道,2019-03,2019-02", "N2,东区街道,街道,2019-03-15,"]),
      "units",
    );
    expect(where(bad.problems)).toEqual([
      { row: 2, column: "截止月份", value: "2019-02", reason: "截止月份早于起始月份 2019-03：单位参加考核的最后一个月应与第一个月同月或在其后" },
      { row: 3, column: "起始月份", value: "2019-03-15", reason: "应为年月，如 2018-01" },
    ]);
  });

  it("a name or code that differs from an earlier row's only in full-width or half-width, or in spaces, is repeated: orders could not tell them apart", async () => {
    const path = await file([
      "单位编码,单位名称,类别",
      "Y1,县公安局（交警大队）,县直部门",
      "Y2,县公安局(交警大队),县直部门",
      "Ｙ1,县消防大队,县直部门",
      "Y3,县住房公积金中心,县直部门",
      // an order naming 县住房公积金　中心 (a stray full-width space) went to whichever unit it matched, silently
      "Y4,县住房公积金 中心,县直部门",
    ]);
    const result = await loadRecords(path, "units");
    expect(where(result.problems)).toEqual([
      {
        row: 3,
        column: "单位名称",
        value: "县公安局(交警大队)",
        reason:
          "单位名称与第 2 行的“县公安局（交警大队）”只差全角半角或空格：工单、事件按名称或编码找单位时不分全角半角、不看空格，会分不清是哪一个；请改成不同的单位名称，或删去多余的一行",
      },
      {
        row: 4,
        column: "单位编码",
        value: "Ｙ1",
        reason:
          "单位编码与第 2 行的“Y1”只差全角半角或空格：工单、事件按名称或编码找单位时不分全角半角、不看空格，会分不清是哪一个；请改成不同的单位编码，或删去多余的一行",
      },
      {
        row: 6,
        column: "单位名称",
        value: "县住房公积金 中心",
        reason:
          "单位名称与第 5 行的“县住房公积金中心”只差全角半角或空格：工单、事件按名称或编码找单位时不分全角半角、不看空格，会分不清是哪一个；请改成不同的单位名称，或删去多余的一行",
      },
    ]);
  });

  it("an id written with Excel's apostrophe before it ('PX001, as platforms keep a long id's digits in CSV) is the id without it", async () => {
    // stored with it, 'PX001 and a later file's PX001 were two orders, counted twice, and events linked to PX001 found neither
    const orders = await loadRecords(
      await file([
        "工单编号,承办单位,来源,受理时间,办理时限",
        "'PX001,索镇街道,县中心,2017-10-03 14:05,2017-10-10",
        "'2017100300012345678,索镇街道,县中心,2017-10-03 14:05,2017-10-10",
      ]),
      "orders",
      { resolveUnit: units },
    );
    expect(orders.problems).toEqual([]);
    expect(orders.records.map((o) => o.id)).toEqual(["PX001", "2017100300012345678"]);
    const events = await loadRecords(await file(["事件编号,单位,日期,事件类型,关联工单", "'SJ9,索镇街道,2017-10-03,行政不作为,'PX001"]), "events", {
      resolveUnit: units,
    });
    expect(events.records.map((e) => [e.id, e.orderId])).toEqual([["SJ9", "PX001"]]);
    // a full-width ＇ likewise, and a unit's code so written ('HTBM04, where platforms add one) is that unit
    const more = await loadRecords(await file(["事件编号,单位,日期,事件类型", "＇SJ10,'HTBM04,2017-10-03,行政不作为"]), "events", { resolveUnit: units });
    expect(more.problems).toEqual([]);
    expect(more.records.map((e) => [e.id, e.unit])).toEqual([["SJ10", "HTBM04"]]);
  });

  it("an event type or a checklist item written with spaces in it (行政 不作为, padded to align) is the name without them, as a rubric names it", async () => {
    // stored with the space, it was a type no rubric declares: warned of, and scored nothing
    const events = await loadRecords(
      await file(["事件编号,单位,日期,事件类型", "SJ1,索镇街道,2017-10-03,行政 不作为", "SJ2,索镇街道,2017-10-04,推诿\u3000扯皮"]),
      "events",
      {
        resolveUnit: units,
      },
    );
    expect(events.records.map((e) => e.type)).toEqual(["行政不作为", "推诿扯皮"]);
    const facts = await loadRecords(await file(["单位,年度,事项,值", "索镇街道,2017,领导 小组,是"]), "facts", { resolveUnit: units });
    expect(facts.records.map((f) => f.item)).toEqual(["领导小组"]);
  });

  it("reads events: the date is a day, count defaults to 1, and ids are unique", async () => {
    const path = await file([
      "事件编号,单位,日期,事件类型,次数,分值,关联工单,说明",
      "SJ1,索镇街道,2017-10-03 15:00,行政不作为,,,GD1,经查证属实",
      "SJ2,HTBM04,2017/10/4,其他效能问题,2,1.5,,",
    ]);
    const result = await loadRecords(path, "events", { resolveUnit: units });
    expect(result.problems).toEqual([]);
    expect(result.records).toEqual([
      {
        id: "SJ1",
        unit: "HTJD01",
        date: shanghaiEpoch(2017, 10, 3),
        type: "行政不作为",
        count: 1,
        points: null,
        orderId: "GD1",
        note: "经查证属实",
        attributes: {},
      },
      {
        id: "SJ2",
        unit: "HTBM04",
        date: shanghaiEpoch(2017, 10, 4),
        type: "其他效能问题",
        count: 2,
        points: 1.5,
        orderId: null,
        note: null,
        attributes: {},
      },
    ]);

    const bad = await file(["事件编号,单位,日期,事件类型,次数,分值", "SJ1,索镇街道,2017-10-03,行政不作为,0,", "SJ1,县公安局,2017-10-03,,1,五分"]);
    expect(where((await loadRecords(bad, "events", { resolveUnit: units })).problems)).toEqual([
      { row: 2, column: "次数", value: "0", reason: "应为不小于 1 的整数" },
      { row: 3, column: "事件类型", value: "", reason: "必填项为空" },
      { row: 3, column: "分值", value: "五分", reason: "应为数字" },
      {
        row: 3,
        column: "事件编号",
        value: "SJ1",
        reason:
          "事件编号重复（第 2 行已有），两行内容不同（第 2 行与第 3 行，不同的列：单位、事件类型）：每个编号只能有一行，请删去多余的一行；如后一行是更正，可勾选“以后出现的行为准”（命令行 --later-row-wins）再导入",
      },
    ]);
    // a negative 分值 would turn 其他效能问题's deduction into an addition unsaid; 0 deducts nothing, as written
    const negative = await file(["事件编号,单位,日期,事件类型,分值", "SJ3,索镇街道,2017-10-03,其他效能问题,-3", "SJ4,索镇街道,2017-10-03,其他效能问题,0"]);
    expect(where((await loadRecords(negative, "events", { resolveUnit: units })).problems)).toEqual([
      {
        row: 2,
        column: "分值",
        value: "-3",
        reason: "分值不能为负数：分值是这条事件按规则扣（或加）的分数，写正数；记错的事件请更正或删去，不要用负分抵消",
      },
    ]);
  });

  it("reads facts as yes/no or numbers, one per unit, year and item", async () => {
    const path = await file(["单位,年度,事项,值", "索镇街道,2017,领导小组,是", "县公安局,2017,专线网络,否", "HTJD01,2018,热线人员数,3"]);
    const result = await loadRecords(path, "facts", { resolveUnit: units });
    expect(result.records).toEqual([
      { unit: "HTJD01", year: 2017, item: "领导小组", value: true },
      { unit: "HTBM04", year: 2017, item: "专线网络", value: false },
      { unit: "HTJD01", year: 2018, item: "热线人员数", value: 3 },
    ]);

    const bad = await file(["单位,年度,事项,值", "索镇街道,2017,领导小组,是", "HTJD01,2017,领导小组,否", "县公安局,17,专线网络,有"]);
    expect(where((await loadRecords(bad, "facts", { resolveUnit: units })).problems)).toEqual([
      {
        row: 3,
        column: "事项",
        value: "领导小组",
        reason: "同一单位、年度、事项的事实重复（第 2 行已有），两行的值不同（第 2 行“是”，本行“否”）：每项只能有一行，请删去不对的一行",
      },
      { row: 4, column: "年度", value: "17", reason: "应为四位数年份，如 2017" },
      { row: 4, column: "值", value: "有", reason: "应为“是”“否”或数字" },
    ]);
  });

  it("says of a fact given twice whether the two rows agree, and which value each has when they do not", async () => {
    // a year's facts file walked through the console: 新城镇 领导小组 是 then 否, 起凤镇 是 twice; both were said as
    // "重复（第N行已有）" alone, leaving the center to look up which row says what
    const path = await file([
      "单位,年度,事项,值",
      "索镇街道,2018,领导小组,是",
      "索镇街道,2018,领导小组,否",
      "县公安局,2018,专线网络,是",
      "县公安局,2018,专线网络,是",
    ]);
    expect(where((await loadRecords(path, "facts", { resolveUnit: units })).problems)).toEqual([
      {
        row: 3,
        column: "事项",
        value: "领导小组",
        reason: "同一单位、年度、事项的事实重复（第 2 行已有），两行的值不同（第 2 行“是”，本行“否”）：每项只能有一行，请删去不对的一行",
      },
      { row: 5, column: "事项", value: "专线网络", reason: "同一单位、年度、事项的事实重复（第 4 行已有，值同为“是”）：每项只能有一行，请删去多余的一行" },
    ]);
  });

  it("reads a monthly fact's 月份 (YYYY-MM within 年度); a row without it is the year's", async () => {
    const path = await file([
      "单位,年度,月份,事项,值",
      "索镇街道,2017,2017-10,创新,8",
      "索镇街道,2017,2017/11,创新,6",
      "索镇街道,2017,,领导小组,是",
      "县公安局,2018,2018年1月,创新,7.5",
    ]);
    const result = await loadRecords(path, "facts", { resolveUnit: units });
    expect(result.problems).toEqual([]);
    expect(result.records).toEqual([
      { unit: "HTJD01", year: 2017, month: "2017-10", item: "创新", value: 8 },
      { unit: "HTJD01", year: 2017, month: "2017-11", item: "创新", value: 6 },
      { unit: "HTJD01", year: 2017, item: "领导小组", value: true },
      { unit: "HTBM04", year: 2018, month: "2018-01", item: "创新", value: 7.5 },
    ]);

    const bad = await file([
      "单位,年度,月份,事项,值",
      "索镇街道,2017,2018-01,创新,8",
      "索镇街道,2017,2017-13,创新,8",
      "索镇街道,2017,十月,创新,8",
      "索镇街道,2017,2017-10,创新,8",
      "HTJD01,2017,2017-10,创新,9",
      "HTJD01,2017,,创新,9",
    ]);
    expect(where((await loadRecords(bad, "facts", { resolveUnit: units })).problems)).toEqual([
      { row: 2, column: "月份", value: "2018-01", reason: "月份不在年度 2017 之内" },
      { row: 3, column: "月份", value: "2017-13", reason: "应为年月，如 2018-01" },
      { row: 4, column: "月份", value: "十月", reason: "应为年月，如 2018-01" },
      {
        row: 6,
        column: "事项",
        value: "创新",
        reason: "同一单位、月份、事项的事实重复（第 5 行已有），两行的值不同（第 5 行“8”，本行“9”）：每项只能有一行，请删去不对的一行",
      },
    ]);
  });
});

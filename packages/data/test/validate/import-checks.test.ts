/**
 * What an import refuses, row by row (dates out of order, invisible
 * characters, over-long cells, NUL), file by file (a header and no rows,
 * unsupported encodings, a header of another kind), and telling a file's
 * kind by its header.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../src/limits.ts";
import type { ImportProblem } from "../../src/types.ts";
import { inspectHeader, kindOfHeader, requiredColumnsText } from "../../src/validate/bind-header.ts";
import { detectFileKind, inspectFileHeader } from "../../src/validate/file-kind.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { RecordIds } from "../../src/validate/record-ids.ts";
import { csv, useTempDir, writeText } from "../support/temp-dir.ts";
import { columnName, escapeXml, sheetXml, writeWorkbook } from "../support/xlsx-writer.ts";

const dir = await useTempDir();
let n = 0;
const file = (lines: string[]) => writeText(dir, `checks-${++n}.csv`, csv(...lines));
const where = (problems: readonly ImportProblem[]) => problems.map(({ row, column, value, reason }) => ({ row, column, value, reason }));

const ORDERS = "工单编号,承办单位,来源,受理时间,办理时限,延期至,办结时间";

describe("dates that cannot be", () => {
  it("refuses 办结时间, 办理时限 or 延期至 before 受理时间, on that row and column", async () => {
    const path = await file([
      ORDERS,
      "GD1,唐山镇,县中心,2017-10-03 14:05,2017-10-10,,2017-10-03 09:00",
      "GD2,唐山镇,县中心,2017-10-03 14:05,2017-10-02,2017-10-01,",
      // a date alone on the day received: not before it (a deadline is the end of that day, a closing time the day)
      "GD3,唐山镇,县中心,2017-10-03 14:05,2017-10-03,2017-10-03,2017-10-03",
      "GD4,唐山镇,县中心,2017-10-03 14:05,2017-10-03 12:00,,2017-10-02",
    ]);
    expect(where((await loadRecords(path, "orders")).problems)).toEqual([
      { row: 2, column: "办结时间", value: "2017-10-03 09:00", reason: "办结时间早于受理时间（2017-10-03 14:05）：请核对这两列" },
      { row: 3, column: "办理时限", value: "2017-10-02", reason: "办理时限早于受理时间（2017-10-03 14:05）：请核对这两列" },
      { row: 3, column: "延期至", value: "2017-10-01", reason: "延期至早于受理时间（2017-10-03 14:05）：请核对这两列" },
      { row: 5, column: "办理时限", value: "2017-10-03 12:00", reason: "办理时限早于受理时间（2017-10-03 14:05）：请核对这两列" },
      { row: 5, column: "办结时间", value: "2017-10-02", reason: "办结时间早于受理时间（2017-10-03 14:05）：请核对这两列" },
    ]);
  });
});

describe("an extension before the deadline", () => {
  it("refuses 延期至 before 办理时限 (it would make an order closed in time late); the same day, or later, is an extension", async () => {
    const path = await file([
      ORDERS,
      // deadline the 12th, "extended" to the 8th, closed the 10th: in time, late by the 8th
      "GD1,唐山镇,县中心,2018-03-05 09:00,2018-03-12,2018-03-08,2018-03-10 10:00",
      "GD2,唐山镇,县中心,2018-03-05 09:00,2018-03-12 18:00,2018-03-12 12:00,",
      "GD3,唐山镇,县中心,2018-03-05 09:00,2018-03-12,2018-03-12,",
      "GD4,唐山镇,县中心,2018-03-05 09:00,2018-03-12,2018-03-20,2018-03-15",
    ]);
    const reason = (due: string) => `延期至早于办理时限（${due}）：延期只能把时限推后，按它计算会把按期办结的工单算作超期；请核对这两列，没有延期的请留空`;
    expect(where((await loadRecords(path, "orders")).problems)).toEqual([
      { row: 2, column: "延期至", value: "2018-03-08", reason: reason("2018-03-12") },
      { row: 3, column: "延期至", value: "2018-03-12 12:00", reason: reason("2018-03-12 18:00") },
    ]);
  });
});

describe("times not yet come", () => {
  it("refuses a time received or closed, or an event's day, after the day the file is read; a deadline may be later", async () => {
    // read on 2018-03-10 (Beijing): closed on the 20th has not happened; the 11th is within a day's grace
    const now = Date.parse("2018-03-10T12:00:00+08:00");
    const orders = await file([
      ORDERS,
      "GD1,唐山镇,县中心,2018-03-05 09:00,2018-03-30,,2018-03-20 10:00",
      "GD2,唐山镇,县中心,2018-03-12 09:00,2018-03-30,2018-04-10,",
      "GD3,唐山镇,县中心,2018-03-09 09:00,2018-03-30,,2018-03-11 09:00",
    ]);
    const reason = (what: string) => `${what}在今天（2018-03-10）之后：还没有发生的时间不能导入，请核对这一列（多半是年份或月、日写错）`;
    expect(where((await loadRecords(orders, "orders", { now })).problems)).toEqual([
      { row: 2, column: "办结时间", value: "2018-03-20 10:00", reason: reason("办结时间") },
      { row: 3, column: "受理时间", value: "2018-03-12 09:00", reason: reason("受理时间") },
    ]);
    const events = await file(["事件编号,单位,日期,事件类型", "E1,唐山镇,2019-03-05,推诿扯皮", "E2,唐山镇,2018-03-10,推诿扯皮"]);
    expect(where((await loadRecords(events, "events", { now })).problems)).toEqual([
      { row: 2, column: "日期", value: "2019-03-05", reason: reason("事件日期") },
    ]);
  });
});

describe("placeholders for none", () => {
  it("refuses dates before 1990 (an export's placeholder) and says to leave a time the order does not have empty; NULL and 无 are none", async () => {
    const path = await file([
      ORDERS,
      "GD1,唐山镇,县中心,1900-01-01 00:00,2018-03-12,,",
      "GD2,唐山镇,县中心,2018-03-05 09:00,2018-03-12,,1899-12-30",
      "GD3,唐山镇,县中心,2018-03-05 09:00,2018-03-12,无,未办结",
      "GD4,唐山镇,县中心,2018-03-05 09:00,2018-03-12,,NULL",
    ]);
    const placeholder = "日期超出范围（1990—2100 年）：1899-12-30、1900-01-01 这样的日期多是导出平台表示“没有”的占位值";
    const notDate = "无法识别的日期，应如 2017-10-03、2017-10-03 14:05 或 2017/10/3 14:05:00";
    expect(where((await loadRecords(path, "orders")).problems)).toEqual([
      { row: 2, column: "受理时间", value: "1900-01-01 00:00", reason: placeholder },
      { row: 3, column: "办结时间", value: "1899-12-30", reason: `${placeholder}；尚未办结的工单，办结时间留空` },
      // 无 and NULL are what exports write for none: read as empty (GD4 is an order not closed)
      { row: 4, column: "办结时间", value: "未办结", reason: `${notDate}；尚未办结的工单，办结时间留空` },
    ]);
  });
});

describe("placeholders for none in optional columns", () => {
  it("reads —, -, /, 无, NULL and N/A as empty in every optional choice or number column, as a date column does; not in a required one, and 未回访 is no placeholder", async () => {
    // a platform writing — in every empty cell of a row: 结果满意度 — was refused beside 办结时间 — read as none
    const header = "工单编号,承办单位,来源,受理时间,办理时限,办结时间,超期说明已认可,退回重办次数,已回访,过程满意度,结果满意度,结案类型,领导批示";
    const ok = await loadRecords(
      await file([
        header,
        "GD1,唐山镇,县中心,2018-03-05 09:00,2018-03-12,—,—,—,—,—,—,—,—",
        // full-width － and ／ too, as a date column reads them
        "GD2,唐山镇,县中心,2018-03-05 09:00,2018-03-12,-,-,/,无,NULL,N/A,－,／",
      ]),
      "orders",
    );
    expect(ok.problems).toEqual([]);
    // what an empty cell reads as: 否 for yes/no, 0 sent back, no satisfaction and no closure type
    const none = {
      closedAt: null,
      delayExcused: false,
      redoCount: 0,
      visited: false,
      processSatisfaction: null,
      resultSatisfaction: null,
      closureType: null,
      leaderInstructed: false,
    };
    expect(ok.records).toEqual([expect.objectContaining({ id: "GD1", ...none }), expect.objectContaining({ id: "GD2", ...none })]);
    const orders = await loadRecords(
      await file([header, "GD3,唐山镇,县中心,2018-03-05 09:00,2018-03-12,,否,1,是,满意,未回访,正常办结,否", "GD4,唐山镇,县中心,—,2018-03-12,,否,0,否,,,,否"]),
      "orders",
    );
    expect(where(orders.problems)).toEqual([
      {
        row: 2,
        column: "结果满意度",
        value: "未回访",
        reason:
          "应为 满意、基本满意、一般 或 不满意（未回访的留空）；本地的满意度分级与此不同（如 非常满意）时，请把它放在另外一列（如“回访评价”），在规则中用 attribute 声明、用 levels() 折算计分",
      },
      // a required column so written has no value: refused as such, never read as one
      { row: 3, column: "受理时间", value: "—", reason: "必填项为空" },
    ]);
    // an event's 次数 (1 when empty) and 分值 (none); a fact's 月份 (a yearly row), not its required 值
    const events = await loadRecords(await file(["事件编号,单位,日期,事件类型,次数,分值", "E1,唐山镇,2018-03-05,推诿扯皮,—,无"]), "events");
    expect(events.problems).toEqual([]);
    expect(events.records).toEqual([expect.objectContaining({ id: "E1", count: 1, points: null })]);
    const facts = await loadRecords(await file(["单位,年度,月份,事项,值", "唐山镇,2018,—,领导小组,是", "唐山镇,2018,NULL,创新工作,—"]), "facts");
    expect(where(facts.problems)).toEqual([{ row: 3, column: "值", value: "—", reason: "应为“是”“否”或数字" }]);
    const yearly = await loadRecords(await file(["单位,年度,月份,事项,值", "唐山镇,2018,—,领导小组,是"]), "facts");
    expect(yearly.records).toEqual([{ unit: "唐山镇", year: 2018, item: "领导小组", value: true }]);
    // a unit's 起始月份 and 截止月份: assessed every month
    const units = await loadRecords(await file(["单位编码,单位名称,类别,起始月份,截止月份", "Z01,唐山镇,镇,—,/"]), "units");
    expect(units.problems).toEqual([]);
    expect(units.records).toEqual([{ code: "Z01", name: "唐山镇", category: "镇", attributes: {} }]);
  });
});

describe("cells that cannot be", () => {
  it("refuses ids and unit codes with control characters, line breaks or zero-width characters", async () => {
    const path = await file([
      ORDERS,
      "GD\u200b1,唐山镇,县中心,2017-10-03,2017-10-10,,",
      '"GD\n2",唐山镇,县中心,2017-10-03,2017-10-10,,',
      "GD3\u0007,唐山镇,县中心,2017-10-03,2017-10-10,,",
      "GD4,唐山\u2060镇,县中心,2017-10-03,2017-10-10,,",
      "\ufeffGD5\ufeffX,唐山镇,县中心,2017-10-03,2017-10-10,,",
    ]);
    const problems = (await loadRecords(path, "orders")).problems;
    expect(problems.map((p) => [p.row, p.column, p.value])).toEqual([
      [2, "工单编号", "GD[U+200B]1"],
      [3, "工单编号", "GD\n2"],
      [4, "工单编号", "GD3[U+0007]"],
      [5, "承办单位", "唐山[U+2060]镇"],
      [6, "工单编号", "[U+FEFF]GD5[U+FEFF]X"],
    ]);
    expect(problems[0]?.reason).toBe("编号或名称中含有零宽字符（第3个字符，U+200B），看不见但会使编号对不上：请删去该字符后重新导入");
    expect(problems[1]?.reason).toContain("换行");
    expect(problems[2]?.reason).toContain("控制字符");
    for (const p of problems) expect(p.reasonEn).toMatch(/invisible/);

    const units = await file(["单位编码,单位名称,类别", "Z\u200c01,唐山镇,镇", "Z02,索镇\u200d街道,街道"]);
    expect(where((await loadRecords(units, "units")).problems).map((p) => [p.row, p.column])).toEqual([
      [2, "单位编码"],
      [3, "单位名称"],
    ]);
  });

  it("refuses a NUL in any cell, and cells over the length limits, naming the limit", async () => {
    const longId = "G".repeat(101);
    // a cell is read to one character past the limit (as a spreadsheet's: a field without end grew until the server
    // stopped, a security review): its length is not said
    const longNote = "长".repeat(IMPORT_LIMITS.textChars + 500);
    const path = await file([
      `${ORDERS},备注`,
      `GD1,唐山镇,县中心,2017-10-03,2017-10-10,,,有\u0000字`,
      `${longId},唐山镇,县中心,2017-10-03,2017-10-10,,,`,
      `GD3,唐山镇,县中心,2017-10-03,2017-10-10,,,${longNote}`,
      // exactly at the limits: fine; a platform's whole 流转记录 in one cell, as Excel and WPS allow (32,767 characters: a
      // cell of 30,000 refused the whole import, a data review)
      `${"G".repeat(100)},唐山镇,县中心,2017-10-03,2017-10-10,,,${"长".repeat(IMPORT_LIMITS.textChars)}`,
      `GD5,唐山镇,县中心,2017-10-03,2017-10-10,,,${"长".repeat(30_000)}`,
    ]);
    expect(where((await loadRecords(path, "orders")).problems)).toEqual([
      {
        row: 2,
        column: "备注",
        value: "有[U+0000]字",
        reason: "单元格中含有空字符（U+0000），文件可能已损坏或编码不对：请删去该字符，或从原系统重新导出",
      },
      { row: 3, column: "工单编号", value: `${"G".repeat(60)}…（共 101 个字符）`, reason: "编号或名称过长：最多 100 个字符，请核对" },
      {
        row: 4,
        column: "备注",
        value: `${"长".repeat(30)}…（超过 ${IMPORT_LIMITS.textChars} 个字符）`,
        reason: `内容过长：每个单元格最多 ${IMPORT_LIMITS.textChars} 个字符，请删减`,
      },
    ]);
  });
});

describe("files that cannot be", () => {
  it("refuses a file with a header and no rows; an empty file stays a problem", async () => {
    const headerOnly = await file([ORDERS]);
    expect(where((await loadRecords(headerOnly, "orders")).problems)).toEqual([
      { row: 0, column: "", value: "", reason: "文件没有数据行（只有表头）：请确认选对了文件，或在表头下填入数据后再导入" },
    ]);
    const blankRows = await file([ORDERS, ",,,,,,", ""]);
    expect((await loadRecords(blankRows, "orders")).problems).toMatchObject([{ row: 0, reason: expect.stringContaining("文件没有数据行") }]);
    const empty = await writeText(dir, "empty.csv", "", "utf-8");
    expect((await loadRecords(empty, "orders")).problems).toMatchObject([{ row: 0, reason: "文件为空（没有表头行）" }]);
  });

  it("reads Excel's “Unicode 文本” (UTF-16, tab-separated) and a CSV of semicolons as the same orders as a CSV", async () => {
    const rows = [ORDERS, "GD1,唐山镇,县中心,2017-10-03 14:05,2017-10-10,,", "GD2,果里镇,市中心,2017-10-04,2017-10-11,,2017-10-05 09:30"];
    const expected = (await loadRecords(await file(rows), "orders")).records;
    expect(expected).toHaveLength(2);
    const tabs = rows.map((line) => line.replaceAll(",", "\t")).join("\r\n");
    const unicodeText = join(dir, "工单.txt");
    await writeFile(unicodeText, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabs, "utf16le")]));
    const read = await loadRecords(unicodeText, "orders");
    expect(read.problems).toEqual([]);
    expect(read.records).toEqual(expected);
    const semicolons = join(dir, "semicolons.csv");
    await writeFile(semicolons, Buffer.from(rows.map((line) => line.replaceAll(",", ";")).join("\r\n"), "utf8"));
    expect((await loadRecords(semicolons, "orders")).records).toEqual(expected);
  });

  it("says a UTF-32 or Big5 file's encoding is not read and which are, instead of listing every column as missing", async () => {
    const text = csv(ORDERS, "GD1,唐山镇,县中心,2017-10-03,2017-10-10,,");
    const utf32 = join(dir, "utf32.csv");
    const wide = Buffer.alloc([...text].length * 4);
    for (const [i, ch] of [...text].entries()) wide.writeUInt32LE(ch.codePointAt(0) as number, i * 4);
    await writeFile(utf32, wide);
    expect(where((await loadRecords(utf32, "orders")).problems)).toEqual([
      {
        row: 0,
        column: "",
        value: "",
        reason:
          "文件编码为 UTF-32LE，不支持此编码；请用 UTF-8、GB18030（GBK）或 UTF-16 编码保存：在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”，或直接上传 .xlsx 文件",
      },
    ]);
    const big5 = join(dir, "big5.csv");
    await writeFile(big5, iconv.encode(csv("工單編號,承辦單位,來源,受理時間,辦理時限", "GD1,唐山鎮,縣中心,2017-10-03,2017-10-10"), "big5"));
    expect((await loadRecords(big5, "orders")).problems).toMatchObject([{ row: 0, reason: expect.stringContaining("文件编码为 Big5") }]);
  });

  it("names the row of a UTF-8 file that is not UTF-8 (pasted from a GBK file) and how to fix it, instead of its cells' errors", async () => {
    const utf8 = (text: string) => Buffer.from(text, "utf8");
    const reason =
      "此行有不是 UTF-8 编码的字节（可能是从别的文件粘贴来的 GBK 编码文字），读出来是乱码，而文件的其余部分是 UTF-8：请在原文件中改正此行（重新输入或从原处重新复制），再将文件另存为 UTF-8 编码的 CSV（Excel 中“另存为”选“CSV UTF-8（逗号分隔）”）后导入";
    for (const [name, many] of [
      ["gbk-row-near.csv", 0],
      ["gbk-row-far.csv", 3000],
    ] as const) {
      const rows = Array.from({ length: many }, (_, i) => `GD${i + 10},索镇街道,县中心,2017-10-03,2017-10-10,,`);
      const path = join(dir, name);
      await writeFile(
        path,
        Buffer.concat([
          utf8(csv(ORDERS, "GD1,唐山镇,县中心,2017-10-03,2017-10-10,,", ...rows)),
          iconv.encode(csv("GD2,唐山镇,县中心,2017-10-03,2017-10-10,,"), "gbk"),
          utf8(csv("GD3,索镇街道,县中心,2017-10-03,2017-10-10,,")),
        ]),
      );
      const units = (reference: string) => (["唐山镇", "索镇街道"].includes(reference) ? reference : undefined);
      const problems = where((await loadRecords(path, "orders", { resolveUnit: units })).problems);
      // the garbled cell, as read
      expect(problems).toEqual([{ row: many + 3, column: "承办单位", value: expect.stringContaining("\uFFFD"), reason }]);
    }
  });

  it("names the row of a GBK file that is UTF-8 (pasted from a UTF-8 file) and how to fix it, instead of its cells' errors", async () => {
    const gbk = (text: string) => iconv.encode(text, "gb18030");
    const reason =
      "此行是 UTF-8 编码的文字（可能是从 UTF-8 编码的文件或网页粘贴来的），而文件的其余部分是 GBK 编码（Excel 在中文 Windows 上另存的“CSV（逗号分隔）”），读出来是乱码：请在 Excel 或 WPS 中打开文件，重新输入此行或从原处重新复制，保存后再导入（最好另存为“CSV UTF-8（逗号分隔）”）";
    for (const [name, many] of [
      ["utf8-row-near.csv", 0],
      ["utf8-row-far.csv", 3000],
    ] as const) {
      const rows = Array.from({ length: many }, (_, i) => `GD${i + 10},索镇街道,县中心,2017-10-03,2017-10-10,,`);
      const path = join(dir, name);
      const pasted = "GD2,唐山镇,县中心,2017-10-03,2017-10-10,,";
      await writeFile(
        path,
        Buffer.concat([
          gbk(csv(ORDERS, "GD1,唐山镇,县中心,2017-10-03,2017-10-10,,", ...rows)),
          Buffer.from(csv(pasted), "utf8"),
          gbk(csv("GD3,索镇街道,县中心,2017-10-03,2017-10-10,,")),
        ]),
      );
      const units = (reference: string) => (["唐山镇", "索镇街道"].includes(reference) ? reference : undefined);
      const result = await loadRecords(path, "orders", { resolveUnit: units });
      // once, on the first garbled cell as read
      expect(where(result.problems)).toEqual([{ row: many + 3, column: "承办单位", value: expect.not.stringContaining("唐山镇"), reason }]);
      expect(result.problems[0]?.value).not.toBe("");
    }
    // the same file all GBK: nothing to say
    const clean = join(dir, "gbk-clean.csv");
    await writeFile(clean, gbk(csv(ORDERS, "GD1,唐山镇,县中心,2017-10-03,2017-10-10,,", "GD2,唐山镇,县中心,2017-10-03,2017-10-10,,")));
    expect((await loadRecords(clean, "orders", { resolveUnit: (r) => r })).problems).toEqual([]);
  });

  it("says a file read as one kind whose header is another kind's", async () => {
    const units = await file(["单位编码,单位名称,类别", "Z01,唐山镇,镇"]);
    expect(where((await loadRecords(units, "orders")).problems)).toEqual([
      {
        row: 1,
        column: "",
        value: "",
        reason:
          "此文件按“工单”读取（由文件名或所选种类判断），但表头是“责任单位”文件的列，缺少“工单”文件的必需列：工单编号、承办单位、来源、受理时间、办理时限。请确认是否选错了文件，或改正文件名、所选种类（命令行：--kind）",
      },
    ]);
  });
});

describe("a file's kind by its header", () => {
  it("kindOfHeader: the kind whose required columns are all there, by Chinese or English names", () => {
    expect(kindOfHeader(["单位编码", "单位名称", "类别", "联系人"])).toBe("units");
    expect(kindOfHeader([" 工单编号 ", "承办单位", "source", "受理时间", "办理时限", "办结时间"])).toBe("orders");
    expect(kindOfHeader(["id", "unit", "date", "type", "count"])).toBe("events");
    expect(kindOfHeader(["单位", "年度", "事项", "值"])).toBe("facts");
    expect(kindOfHeader(["工单编号", "承办单位"])).toBeUndefined();
    expect(kindOfHeader([])).toBeUndefined();
    expect(requiredColumnsText().zh).toBe(
      "责任单位：单位编码、单位名称、类别；工单：工单编号、承办单位、来源、受理时间、办理时限；考核事件：事件编号、单位、日期、事件类型；年度事实：单位、年度、事项、值；节假日安排：日期、类型",
    );
  });

  it("inspectHeader: a header with two kinds' columns alike cannot be told; each kind's missing required columns are named", async () => {
    const both = inspectHeader(["事件编号", "单位", "日期", "事件类型", "年度", "事项", "值"]);
    expect([both.kind, both.complete]).toEqual([undefined, ["events", "facts"]]);
    const none = inspectHeader(["工单编号", "承办单位", "受理日期"]);
    expect(none.kind).toBeUndefined();
    expect(none.complete).toEqual([]);
    expect(none.matches.find((m) => m.kind === "orders")).toEqual({ kind: "orders", recognised: 2, missing: ["来源", "受理时间", "办理时限"] });
    expect(none.labels).toEqual(["工单编号", "承办单位", "受理日期"]);
    expect(inspectHeader(["单位编码", "单位名称", "类别"]).kind).toBe("units");
    // no kind's columns all there, but one kind's each named as platforms name them (工单号, 承办部门): likely that kind,
    // whose import says what to rename (it was 无法判断文件是哪类数据, with every kind's columns listed)
    expect(inspectHeader(["工单号", "承办部门", "来源", "受理时间", "办理时限"])).toMatchObject({ kind: undefined, likely: "orders" });
    // one missing column with no look-alike (来源): not likely
    expect(none.likely).toBeUndefined();
    // ... unless the header has three of the kind's columns besides, or a column named like it that is something else
    // (渠道 beside a missing 来源): an orders file lacking 来源 is told so (it was 无法判断是哪类数据, once 渠道 was no
    // longer taken for 来源)
    expect(inspectHeader(["工单编号", "承办单位", "受理时间", "办理时限"])).toMatchObject({ kind: undefined, likely: "orders" });
    expect(inspectHeader(["工单号", "承办部门", "受理时间", "办理时限", "渠道"])).toMatchObject({ kind: undefined, likely: "orders" });
    expect(inspectHeader(["工单号", "承办部门", "受理时间", "办理时限"]).likely).toBeUndefined();
    // two missing: not likely
    expect(inspectHeader(["工单编号", "承办单位", "受理时间"]).likely).toBeUndefined();
    const path = await writeText(dir, "混合.csv", csv("事件编号,单位,日期,事件类型,年度,事项,值", "SJ1,唐山镇,2017-10-05,行政不作为,2017,领导小组,是"));
    expect((await inspectFileHeader(path))?.complete).toEqual(["events", "facts"]);
    expect(await detectFileKind(path)).toBeUndefined();
  });

  it("detectFileKind reads the header row of a CSV (any name) or an XLSX", async () => {
    const path = await writeText(dir, "三月数据.csv", csv(ORDERS, "GD1,唐山镇,县中心,2017-10-03,2017-10-10,,"), "gb18030");
    expect(await detectFileKind(path)).toBe("orders");
    expect(await detectFileKind(await writeText(dir, "名单.csv", csv("单位编码,单位名称,类别", "Z01,唐山镇,镇")))).toBe("units");
    expect(await detectFileKind(await writeText(dir, "杂项.csv", csv("甲,乙", "1,2")))).toBeUndefined();
    const header = ["事件编号", "单位", "日期", "事件类型"];
    const sheet = sheetXml([`<row r="1">${header.map((h, i) => `<c r="${columnName(i)}1" t="inlineStr"><is><t>${escapeXml(h)}</t></is></c>`).join("")}</row>`]);
    expect(await detectFileKind(await writeWorkbook(dir, "四月.xlsx", { sheet }))).toBe("events");
  });
});

describe("RecordIds across files", () => {
  it("tells the first row of an id, an identical repeat and a different one, naming the earlier file and row", () => {
    const ids = new RecordIds();
    const order = (closedAt: number | null) =>
      ({ id: "GD1", unit: "Z01", source: "县中心", receivedAt: 1, dueAt: 2, closedAt, attributes: { a: "1", b: "2" } }) as never;
    expect(ids.see("orders", "a.csv", 2, order(null))).toEqual({ kind: "first" });
    expect(ids.see("events", "a.csv", 2, order(null))).toEqual({ kind: "first" });
    expect(ids.see("orders", "b.csv", 7, { ...(order(null) as object), attributes: { b: "2", a: "1" } } as never)).toEqual({
      kind: "identical",
      earlier: { file: "a.csv", row: 2 },
    });
    expect(ids.see("orders", "b.csv", 9, order(5))).toEqual({ kind: "different", earlier: { file: "a.csv", row: 2 }, columns: ["办结时间"] });
  });
});

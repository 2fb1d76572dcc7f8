/**
 * Ids as spreadsheets leave them: a long number Excel cut to 15 digits, or wrote in scientific notation, is refused
 * with what happened and what to do; a 序号 column is not kept with the record; full-width ids are folded; a unit
 * code that lost its leading zeros is said to have.
 */
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { ImportProblem } from "../../src/types.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { createUnitResolver } from "../../src/validate/unit-index.ts";
import { csv, useTempDir, writeText } from "../support/temp-dir.ts";
import { columnName, escapeXml, sheetXml, writeWorkbook } from "../support/xlsx-writer.ts";

const dir = await useTempDir();
let fileNumber = 0;

async function file(lines: string[]) {
  return writeText(dir, `file-${++fileNumber}.csv`, csv(...lines), "utf-8-bom");
}

async function workbook(rows: unknown[][]) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("工单");
  for (const row of rows) sheet.addRow(row);
  const path = join(dir, `book-${++fileNumber}.xlsx`);
  await book.xlsx.writeFile(path);
  return path;
}

/**
 * An xlsx of these rows, its cells as Excel writes them: text inline, a number as its `<v>` says — Excel writes one of
 * more than 15 digits in scientific notation, the 15 digits it kept (201810030812345678 typed in is 2.01810030812345E+17).
 */
async function excelWorkbook(rows: readonly (readonly (string | { v: string })[])[]) {
  const xml = rows.map((cells, r) => {
    const row = cells.map((cell, i) => {
      const ref = `${columnName(i)}${r + 1}`;
      return typeof cell === "string" ? `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>` : `<c r="${ref}"><v>${cell.v}</v></c>`;
    });
    return `<row r="${r + 1}">${row.join("")}</row>`;
  });
  return writeWorkbook(dir, `excel-${++fileNumber}.xlsx`, { sheet: sheetXml(xml) });
}

const units = createUnitResolver([
  { code: "HTZ01", name: "唐山镇" },
  { code: "001", name: "测试甲镇" },
  { code: "010", name: "测试丙街道" },
]);

const where = (problems: readonly ImportProblem[]) => problems.map(({ file, row, column }) => ({ file, row, column }));
const ORDER_HEADER = ["工单编号", "承办单位", "来源", "受理时间", "办理时限"];
const order = (id: unknown, unit: unknown = "唐山镇") => [id, unit, "县中心", "2018-12-03 08:00", "2018-12-10"];

describe("ids a spreadsheet took for numbers", () => {
  it("a number cell of more than 15 digits is a problem on its cell, saying the digits are lost and to make the column text; 15 digits or fewer is the id", async () => {
    const text = (id: { v: string }) => [id, "唐山镇", "县中心", "2018-12-03 08:00", "2018-12-10"];
    const path = await excelWorkbook([
      ORDER_HEADER,
      // 201810030812345678 and …679 as Excel keeps them: the same number
      text({ v: "2.01810030812345E+17" }),
      text({ v: "2.01810030812345E+17" }),
      text({ v: "12345" }),
      text({ v: "123456789012345" }),
    ]);
    const { records, problems } = await loadRecords(path, "orders", { resolveUnit: units });
    expect(records).toEqual([]);
    // one problem a cell, and the two ids, read alike, are not taken for one order given twice
    expect(where(problems)).toEqual([
      { file: expect.stringMatching(/^excel-\d+\.xlsx$/), row: 2, column: "工单编号" },
      { file: expect.stringMatching(/^excel-\d+\.xlsx$/), row: 3, column: "工单编号" },
    ]);
    for (const p of problems) {
      expect(p.value).toBe("201810030812345000");
      expect(p.reason).toContain("18 位的数字");
      expect(p.reason).toContain("最后几位已经丢失");
      expect(p.reason).toContain("设为“文本”后重新导出");
      expect(p.reason).not.toContain("重复");
    }
    const short = await loadRecords(await workbook([ORDER_HEADER, order(12345), order(123456789012345)]), "orders", { resolveUnit: units });
    expect(short.problems).toEqual([]);
    expect(short.records.map((o) => o.id)).toEqual(["12345", "123456789012345"]);
  });

  it("a number cell of an id column reads as its digits, never 20181200001.0 nor 2.0181200001E+10", async () => {
    // a platform CSV opened in LibreOffice and saved as xlsx: <v>181203000</v> for 0000181203000 (its zeros gone, which
    // @kaohe/db's import tells against the stored ids); a writer may save the same number as 20181200001.0 or in E form
    const path = await excelWorkbook([
      ["工单编号", "承办单位", "来源", "受理时间", "办理时限"],
      [{ v: "181203000" }, "唐山镇", "县中心", "2018-12-03 08:00", "2018-12-10"],
      [{ v: "20181200001.0" }, "唐山镇", "县中心", "2018-12-03 08:00", "2018-12-10"],
      [{ v: "2.0181200002E10" }, "唐山镇", "县中心", "2018-12-03 08:00", "2018-12-10"],
    ]);
    const { records, problems } = await loadRecords(path, "orders", { resolveUnit: units });
    expect(problems).toEqual([]);
    expect(records.map((o) => o.id)).toEqual(["181203000", "20181200001", "20181200002"]);
  });

  it("an id in scientific notation (a CSV saved from Excel's General format) is refused in every id column; an id with an E but no sign is an id", async () => {
    const orders = await loadRecords(
      await file([
        "工单编号,承办单位,来源,受理时间,办理时限",
        "2.01810E+17,唐山镇,县中心,2018-12-03 08:00,2018-12-10",
        "2018E001,唐山镇,县中心,2018-12-03 08:00,2018-12-10",
      ]),
      "orders",
      { resolveUnit: units },
    );
    expect(orders.problems.map(({ row, column, value }) => ({ row, column, value }))).toEqual([{ row: 2, column: "工单编号", value: "2.01810E+17" }]);
    expect(orders.problems[0]?.reason).toContain("科学记数法（2.01810E+17）");
    expect(orders.problems[0]?.reason).toContain("设为“文本”");

    const events = await loadRecords(
      await file(["事件编号,单位,日期,事件类型,关联工单", "2.0181E+17,唐山镇,2018-12-05,行政不作为,", "SJ2,唐山镇,2018-12-05,行政不作为,1.23e+5"]),
      "events",
      { resolveUnit: units },
    );
    expect(where(events.problems).map(({ row, column }) => ({ row, column }))).toEqual([
      { row: 2, column: "事件编号" },
      { row: 3, column: "关联工单" },
    ]);

    const unitFile = await loadRecords(await file(["单位编码,单位名称,类别", "1.5E+3,测试镇,镇"]), "units");
    expect(where(unitFile.problems).map(({ column }) => column)).toEqual(["单位编码"]);
  });

  it("a unit reference that is a long number says the digits are lost, not only that no unit has it", async () => {
    const { problems } = await loadRecords(
      await excelWorkbook([ORDER_HEADER, ["GD1", { v: "2.01810030812345E+15" }, "县中心", "2018-12-03 08:00", "2018-12-10"]]),
      "orders",
      {
        resolveUnit: units,
      },
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 2, column: "承办单位" });
    expect(problems[0]?.reason).toContain("16 位的数字");
  });
});

describe("a column numbering the rows", () => {
  it("序号 (行号, No., NO, #) is not kept with the record: the same orders sorted otherwise are the same records; other extra columns are kept", async () => {
    const header = (first: string) => `${first},工单编号,承办单位,来源,受理时间,办理时限,渠道`;
    const a = ["1,GD1,唐山镇,县中心,2018-12-03 08:00,2018-12-10,电话", "2,GD2,唐山镇,县中心,2018-12-04 08:00,2018-12-11,网站"];
    const b = ["1,GD2,唐山镇,县中心,2018-12-04 08:00,2018-12-11,网站", "2,GD1,唐山镇,县中心,2018-12-03 08:00,2018-12-10,电话"];
    const first = await loadRecords(await file([header("序号"), ...a]), "orders", { resolveUnit: units });
    expect(first.problems).toEqual([]);
    expect(first.records.map((o) => o.attributes)).toEqual([{ 渠道: "电话" }, { 渠道: "网站" }]);
    for (const label of ["序号", " 序 号 ", "行号", "No.", "NO", "ＮＯ．", "#"]) {
      const again = await loadRecords(await file([header(label), ...b]), "orders", { resolveUnit: units });
      expect(again.problems).toEqual([]);
      const byId = new Map(again.records.map((o) => [o.id, o]));
      expect(first.records.map((o) => byId.get(o.id))).toEqual(first.records);
    }
  });

  it("a row whose only content is its 序号 (a template numbered down to 300, one record typed) is blank, not a record missing every column", async () => {
    const numbered = Array.from({ length: 299 }, (_, i) => `${i + 2},,,,,`);
    const path = await file(["序号,工单编号,承办单位,来源,受理时间,办理时限", "1,GD1,唐山镇,县中心,2018-12-03 08:00,2018-12-10", ...numbered]);
    const result = await loadRecords(path, "orders", { resolveUnit: units });
    // it was 1,495 problems, five 必填项为空 on each numbered row
    expect(result.problems).toEqual([]);
    expect(result.records.map((o) => o.id)).toEqual(["GD1"]);
    // a row with anything beside its number is a record, and says what it lacks
    const half = await loadRecords(await file(["序号,工单编号,承办单位,来源,受理时间,办理时限", "1,GD1,,,,"]), "orders", { resolveUnit: units });
    expect(half.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "承办单位"],
      [2, "来源"],
      [2, "受理时间"],
      [2, "办理时限"],
    ]);
  });

  it("two sheets of one workbook, one with a 序号 column and one without, have the same columns", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("11月").addRows([
      ["序号", ...ORDER_HEADER],
      [1, ...order("GD1")],
    ]);
    book.addWorksheet("12月").addRows([ORDER_HEADER, order("GD2")]);
    const path = join(dir, "two-sheets.xlsx");
    await book.xlsx.writeFile(path);
    const { records, problems } = await loadRecords(path, "orders", { resolveUnit: units });
    expect(problems).toEqual([]);
    expect(records.map((o) => [o.id, o.attributes])).toEqual([
      ["GD1", {}],
      ["GD2", {}],
    ]);
  });
});

describe("full-width ids", () => {
  it("工单编号, 事件编号 and 关联工单 are stored half-width, as unit codes are matched", async () => {
    const orders = await loadRecords(
      await file(["工单编号,承办单位,来源,受理时间,办理时限", "ＱＡ－Ｈ２,ＨＴＺ０１,县中心,2018-12-03 08:00,2018-12-10"]),
      "orders",
      {
        resolveUnit: units,
      },
    );
    expect(orders.problems).toEqual([]);
    expect(orders.records.map((o) => [o.id, o.unit])).toEqual([["QA-H2", "HTZ01"]]);
    const events = await loadRecords(await file(["事件编号,单位,日期,事件类型,关联工单", "ＳＪ１,唐山镇,2018-12-05,行政不作为,ＱＡ－Ｈ２"]), "events", {
      resolveUnit: units,
    });
    expect(events.problems).toEqual([]);
    expect(events.records.map((e) => [e.id, e.orderId])).toEqual([["SJ1", "QA-H2"]]);
  });

  it("an id written full-width and half-width in one file is one id given twice", async () => {
    const { problems } = await loadRecords(
      await file([
        "工单编号,承办单位,来源,受理时间,办理时限",
        "QA-H2,唐山镇,县中心,2018-12-03 08:00,2018-12-10",
        "ＱＡ－Ｈ２,唐山镇,县中心,2018-12-04 08:00,2018-12-10",
      ]),
      "orders",
      { resolveUnit: units },
    );
    expect(problems.map((p) => [p.row, p.column, p.reason.slice(0, 6)])).toEqual([[3, "工单编号", "工单编号重复"]]);
  });
});

describe("unit codes that lost their leading zeros", () => {
  it("a unit code of digits not found, that a known code is with leading zeros, says Excel may have dropped them", async () => {
    const { problems } = await loadRecords(
      await file([
        "工单编号,承办单位,来源,受理时间,办理时限",
        "QA-L1,1,县中心,2018-12-03 08:00,2018-12-10",
        "QA-L2,10,县中心,2018-12-03 08:00,2018-12-10",
        "QA-L3,7,县中心,2018-12-03 08:00,2018-12-10",
      ]),
      "orders",
      { resolveUnit: units },
    );
    expect(problems.map((p) => [p.row, p.column, p.value])).toEqual([
      [2, "承办单位", "1"],
      [3, "承办单位", "10"],
      [4, "承办单位", "7"],
    ]);
    expect(problems[0]?.reason).toContain("可能是 Excel 去掉了开头的 0（应为 001？）");
    expect(problems[0]?.reason).toContain("设为“文本”");
    expect(problems[1]?.reason).toContain("（应为 010？）");
    // no code is 7 with zeros: no unit, and no guess
    expect(problems[2]?.reason).toBe("找不到该单位（按单位名称或单位编码）");
  });

  it("the other way round: an order's 001 where the units file's code lost its zeros (a unit coded 1) says so", async () => {
    const cut = createUnitResolver([
      { code: "1", name: "甲镇" },
      { code: "20", name: "乙镇" },
    ]);
    const { problems } = await loadRecords(
      await file(["工单编号,承办单位,来源,受理时间,办理时限", "QA-Z1,001,县中心,2018-12-03 08:00,2018-12-10", "QA-Z2,002,县中心,2018-12-03 08:00,2018-12-10"]),
      "orders",
      { resolveUnit: cut },
    );
    expect(problems.map((p) => [p.row, p.value, p.reason])).toEqual([
      [
        2,
        "001",
        // the way the units import offers (a list with 001 for a stored 1 is refused as taking its name): an alias
        "找不到该单位（按单位名称或单位编码）：有编码为 1 的单位，可能是单位名单中的编码被 Excel 去掉了开头的 0（它把只含数字的编码当成了数字）；请在单位名单中该单位的“别名”列写上“001”（编码仍为 1），重新导入单位名单后即可识别",
      ],
      // no unit is 2: no guess
      [3, "002", "找不到该单位（按单位名称或单位编码）"],
    ]);
  });

  it("a number cell of an xlsx, 1 for 001, is told the same", async () => {
    const { problems } = await loadRecords(await workbook([ORDER_HEADER, order("QA-L1", 1)]), "orders", { resolveUnit: units });
    expect(problems.map((p) => p.reason)).toEqual([expect.stringContaining("（应为 001？）")]);
  });
});

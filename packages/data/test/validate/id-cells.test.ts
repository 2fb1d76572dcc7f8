/**
 * Ids as spreadsheets leave them: a long number Excel cut to 15 digits, or wrote in scientific notation, is refused
 * with what happened and what to do; a 序号 column is not kept with the record; full-width ids are folded; a unit
 * code that lost its leading zeros is said to have.
 */
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { loadRecords } from "../../src/validate/read-records.ts";
import { createUnitResolver } from "../../src/validate/unit-index.ts";
import { csv, useTempDir, writeText } from "../support/temp-dir.ts";

const dir = await useTempDir();
let fileNumber = 0;

async function file(lines: string[]) {
  return writeText(dir, `file-${++fileNumber}.csv`, csv(...lines), "utf-8-bom");
}

const units = createUnitResolver([
  { code: "HTZ01", name: "唐山镇" },
  { code: "001", name: "测试甲镇" },
  { code: "010", name: "测试丙街道" },
]);

const ORDER_HEADER = ["工单编号", "承办单位", "来源", "受理时间", "办理时限"];
const order = (id: unknown, unit: unknown = "唐山镇") => [id, unit, "县中心", "2018-12-03 08:00", "2018-12-10"];

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

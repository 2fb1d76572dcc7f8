/**
 * The column lists and templates come from the file contract: a template's
 * header is what the importer binds, a template filled with the examples the
 * page shows reads back without a problem, and the problem list says what
 * the import said.
 */
import { stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { csvLine } from "../../src/read/csv-parser.ts";
import { readTable } from "../../src/read/read-table.ts";
import { openZipEntry, readZipDirectory } from "../../src/read/zip.ts";
import { RECORD_FIELDS, RECORD_KINDS } from "../../src/schema.ts";
import type { ImportProblem } from "../../src/types.ts";
import { kindOfHeader } from "../../src/validate/bind-header.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { problemListCsv, problemListXlsx } from "../../src/write/problem-list.ts";
import { fileKindGuides, templateCsv, templateFileName, templateXlsx } from "../../src/write/templates.ts";
import { useTempDir } from "../support/temp-dir.ts";

const dir = await useTempDir();
/** writing a workbook and reading it back (exceljs) takes seconds on a busy machine: a limit, not a measurement */
const WORKBOOK_TIMEOUT = 60_000;

/** Every row's cells. */
async function cellsOf(path: string): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for await (const r of readTable(path)) rows.push(r.cells);
  return rows;
}

describe("column guides", () => {
  it("list every field of every kind, required ones marked, with what they take and an example", () => {
    const guides = fileKindGuides();
    expect(guides.map((g) => [g.kind, g.label])).toEqual([
      ["units", "责任单位"],
      ["orders", "工单"],
      ["events", "考核事件"],
      ["facts", "年度事实"],
      ["calendar", "节假日安排"],
    ]);
    // the records' fields, then the columns read beside them: a units file's 别名 (named under 承办单位 only: a walk)
    for (const g of guides) expect(g.columns.map((c) => c.key)).toEqual([...RECORD_FIELDS[g.kind].map((s) => s.key), ...(g.kind === "units" ? ["别名"] : [])]);
    expect(guides[0]?.columns.at(-1)).toMatchObject({ zh: "别名", required: false, example: "县环保局、环保局" });
    const orders = guides[1]?.columns ?? [];
    expect(orders.filter((c) => c.required).map((c) => c.zh)).toEqual(["工单编号", "承办单位", "来源", "受理时间", "办理时限"]);
    expect(orders.find((c) => c.key === "source")).toMatchObject({ zh: "来源", values: expect.stringContaining("省热线"), example: "县中心" });
    expect(orders.find((c) => c.key === "dueAt")?.values).toContain("只写日期表示当天结束");
    for (const c of guides.flatMap((g) => g.columns)) expect(c.example, c.zh).not.toBe("");
  });
});

/** A kind's columns as the templates have them: its fields, and the columns read beside them (a units file's 别名). */
const columnsOf = (kind: (typeof RECORD_KINDS)[number]) => fileKindGuides().find((g) => g.kind === kind)?.columns ?? [];

describe("templates", () => {
  it.each(RECORD_KINDS)("%s: the CSV is the header row in UTF-8 with a BOM; filled with the examples it reads without a problem", async (kind) => {
    const bytes = templateCsv(kind);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text).toBe(csvLine(columnsOf(kind).map((c) => c.zh)));
    expect(kindOfHeader(text.trim().split(","))).toBe(kind);
    const path = join(dir, templateFileName(kind, "csv"));
    await writeFile(path, Buffer.concat([bytes, Buffer.from(csvLine(columnsOf(kind).map((c) => c.example)), "utf8")]));
    const loaded = await loadRecords(path, kind);
    expect(loaded.problems).toEqual([]);
    expect(loaded.records).toHaveLength(1);
  });

  it.each(RECORD_KINDS)(
    "%s: the XLSX's first sheet is the header row (required columns shaded, drop-downs for closed lists); filled, it reads back",
    async (kind) => {
      const path = join(dir, templateFileName(kind, "xlsx"));
      await writeFile(path, await templateXlsx(kind));
      // as delivered: a header and no rows
      expect(await cellsOf(path)).toEqual([columnsOf(kind).map((c) => c.zh)]);
      expect((await loadRecords(path, kind)).problems).toMatchObject([{ row: 0, reason: expect.stringContaining("文件没有数据行") }]);

      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path);
      const [data, help] = book.worksheets;
      expect([data?.name, help?.name]).toEqual([fileKindGuides().find((g) => g.kind === kind)?.label, "填写说明"]);
      const fields = columnsOf(kind);
      fields.forEach((spec, i) => {
        const cell = data?.getRow(1).getCell(i + 1);
        expect(cell?.font?.bold ?? false, spec.zh).toBe(spec.required);
      });
      if (kind === "orders") {
        const source = fields.findIndex((s) => s.key === "source") + 1;
        // an open list: the drop-down suggests, and any other source typed in is accepted without a warning
        expect(data?.getRow(2).getCell(source).dataValidation).toMatchObject({ type: "list", formulae: ['"县中心,市中心"'] });
        expect(data?.getRow(2).getCell(source).dataValidation.showErrorMessage).toBeFalsy();
        const satisfaction = fields.findIndex((s) => s.key === "processSatisfaction") + 1;
        expect(data?.getRow(2).getCell(satisfaction).dataValidation).toMatchObject({ showErrorMessage: true });
      }
      // filled in as a person would: typed into the second row and saved
      fields.forEach((spec, i) => {
        const cell = data?.getRow(2).getCell(i + 1);
        if (cell) cell.value = spec.example;
      });
      const filled = join(dir, `filled-${templateFileName(kind, "xlsx")}`);
      await book.xlsx.writeFile(filled);
      const loaded = await loadRecords(filled, kind);
      expect(loaded.problems).toEqual([]);
      expect(loaded.records).toHaveLength(1);
    },
    WORKBOOK_TIMEOUT,
  );
});

describe("the orders template, dates typed in", () => {
  it(
    "a deadline typed as a date alone is the end of that day: an order closed that afternoon is on time; a time is read where the cell shows it",
    async () => {
      const path = join(dir, "typed-dates.xlsx");
      await writeFile(path, await templateXlsx("orders"));
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      const fields = RECORD_FIELDS.orders;
      const at = (key: string) => fields.findIndex((s) => s.key === key) + 1;
      // what Excel or LibreOffice stores when 2018-12-10 is typed into a cell: a date cell, in the column's format
      const typed = (row: number, key: string, value: unknown, format?: string) => {
        const cell = sheet.getRow(row).getCell(at(key));
        cell.value = value as ExcelJS.CellValue;
        cell.numFmt = format ?? sheet.getColumn(at(key)).numFmt ?? "General";
      };
      const wall = (d: number, h = 0, m = 0) => new Date(Date.UTC(2018, 11, d, h, m));
      // T2's deadline cell formatted to show its time; T3's holds 12:00 in the column's date format, which hides it
      for (const [row, id, due, format] of [
        [2, "T1", wall(10), undefined],
        [3, "T2", wall(10, 12), "yyyy-mm-dd hh:mm"],
        [4, "T3", wall(10, 12), undefined],
      ] as const) {
        typed(row, "id", id);
        typed(row, "unit", "HTZ01");
        typed(row, "source", "县中心");
        typed(row, "receivedAt", wall(3, 8));
        typed(row, "dueAt", due, format);
        typed(row, "closedAt", wall(10, 15));
      }
      await book.xlsx.writeFile(path);
      const loaded = await loadRecords(path, "orders");
      expect(loaded.problems).toEqual([]);
      const [dateAlone, withTime, hiddenTime] = loaded.records;
      // 2018-12-10 in Beijing: ends at 2018-12-10T15:59:59.999Z; 12:00 there is 04:00Z
      expect(new Date(dateAlone?.dueAt as number).toISOString()).toBe("2018-12-10T15:59:59.999Z");
      expect((dateAlone?.closedAt as number) < (dateAlone?.dueAt as number)).toBe(true);
      expect(new Date(withTime?.dueAt as number).toISOString()).toBe("2018-12-10T04:00:00.000Z");
      // the sheet shows 2018-12-10, and so does the CSV saved from it: the end of that day
      expect(new Date(hiddenTime?.dueAt as number).toISOString()).toBe("2018-12-10T15:59:59.999Z");
      // and the column's note says so: a time is written in a cell formatted to show it (the note said 2017-10-10 17:00 would do)
      const note = sheet.getRow(1).getCell(at("dueAt")).note;
      expect(typeof note === "string" ? note : JSON.stringify(note)).toContain(
        "本模板此列只显示日期：要写到时刻的（如 17:00），请先把单元格格式改为“yyyy-mm-dd hh:mm”",
      );
      expect(new Date(dateAlone?.receivedAt as number).toISOString()).toBe("2018-12-03T00:00:00.000Z");
    },
    WORKBOOK_TIMEOUT,
  );
});

describe("problem lists", () => {
  const problems: ImportProblem[] = [
    { file: "orders.csv", row: 0, column: "", value: "", reason: "文件没有数据行", reasonEn: "no rows" },
    { file: "orders.csv", row: 3, column: "受理时间", value: "2017-13-01", reason: "日期不存在", reasonEn: "no such date" },
    { file: "orders.csv", row: 4, column: "退回重办次数", value: "-1", reason: "应为不小于 0 的整数", reasonEn: "≥ 0" },
    { file: "orders.csv", row: 5, column: "承办单位", value: '=HYPERLINK("http://x","点我")', reason: "找不到该单位", reasonEn: "no unit" },
  ];

  it("CSV: UTF-8 with a BOM, one row a problem in Chinese; a formula from the file stays text; the omitted ones counted", async () => {
    const bytes = problemListCsv(problems, { total: 12 });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const path = join(dir, "问题清单.csv");
    await writeFile(path, bytes);
    const rows = await cellsOf(path);
    expect(rows).toEqual([
      ["文件", "行", "列", "值", "问题"],
      ["orders.csv", "整个文件", "", "", "文件没有数据行"],
      ["orders.csv", "3", "受理时间", "2017-13-01", "日期不存在"],
      ["orders.csv", "4", "退回重办次数", "-1", "应为不小于 0 的整数"],
      ["orders.csv", "5", "承办单位", `'=HYPERLINK("http://x","点我")`, "找不到该单位"],
      ["", "", "", "", "共 12 处问题，此处列出其中 4 处；改正后重新导入可看到其余问题"],
    ]);
  });

  it("CSV: a problem told once for many rows is one line per row kept again, by row; the rows not kept counted", async () => {
    // 承办单位 索镇街道办事处 found on rows 4, 9 and 12, kept on 4 and 9 (the import's cap); a date on row 6
    const grouped: ImportProblem[] = [
      { file: "v6.csv", row: 4, column: "承办单位", value: "索镇街道办事处", reason: "找不到该单位", reasonEn: "no unit", rows: { count: 3, listed: [4, 9] } },
      { file: "v6.csv", row: 6, column: "受理时间", value: "昨天", reason: "无法识别的日期", reasonEn: "bad date" },
    ];
    const path = join(dir, "问题清单-合并.csv");
    await writeFile(path, problemListCsv(grouped, { total: 4 }));
    expect(await cellsOf(path)).toEqual([
      ["文件", "行", "列", "值", "问题"],
      ["v6.csv", "4", "承办单位", "索镇街道办事处", "找不到该单位"],
      ["v6.csv", "6", "受理时间", "昨天", "无法识别的日期"],
      ["v6.csv", "9", "承办单位", "索镇街道办事处", "找不到该单位"],
      ["", "", "", "", "共 4 处问题，此处列出其中 3 处；改正后重新导入可看到其余问题"],
    ]);
  });

  it("CSV: a formula after spaces or a tab, or a value starting with a line break, stays text too", async () => {
    // some programs and import settings trim the spaces, and read " =1+1" as a formula (a security review)
    const values = [" =1+1", "\t@SUM(A1)", "  -2+3", "\n=1+1", "\r\n说明", " 唐山镇"];
    const bytes = problemListCsv(
      values.map((value, i) => ({ file: `${value}.csv`, row: i + 2, column: value, value, reason: "找不到该单位", reasonEn: "no unit" })),
    );
    const path = join(dir, "问题清单-空格.csv");
    await writeFile(path, bytes);
    const quoted = (v: string) => (v.startsWith(" 唐山镇") ? v : `'${v}`);
    expect((await cellsOf(path)).slice(1)).toEqual(values.map((v, i) => [quoted(`${v}.csv`), String(i + 2), quoted(v), quoted(v), "找不到该单位"]));
  });

  it("CSV: a full-width ＝ ＋ － ＠ stays text, as does a problem's words beginning so (a security review)", async () => {
    // a platform's export with full-width signs (＝唐山镇, ＝2018-11-10): Excel and WPS in Chinese read ＝ as =
    const values = ["＝唐山镇", "＝2018-11-10", "\u3000＠SUM(1)", "－1+1"];
    const bytes = problemListCsv([
      ...values.map((value, i) => ({ file: "orders.csv", row: i + 2, column: "承办单位", value, reason: "找不到该单位", reasonEn: "no unit" })),
      { file: "orders.csv", row: 9, column: "备注", value: "x", reason: "=HYPERLINK(1)", reasonEn: "=HYPERLINK(1)" },
    ]);
    const path = join(dir, "问题清单-全角.csv");
    await writeFile(path, bytes);
    expect((await cellsOf(path)).slice(1)).toEqual([
      ...values.map((v, i) => ["orders.csv", String(i + 2), "承办单位", `'${v}`, "找不到该单位"]),
      ["orders.csv", "9", "备注", "x", "'=HYPERLINK(1)"],
    ]);
  });

  it("XLSX: the same rows, every value a string cell (no formula), rows as numbers", async () => {
    const path = join(dir, "问题清单.xlsx");
    await writeFile(path, await problemListXlsx(problems));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.worksheets[0];
    expect(sheet?.name).toBe("问题清单");
    const values = (sheet?.getSheetValues() ?? []).slice(1).map((r) => (r as unknown[]).slice(1));
    expect(values).toEqual([
      ["文件", "行", "列", "值", "问题"],
      ["orders.csv", "整个文件", "", "", "文件没有数据行"],
      ["orders.csv", 3, "受理时间", "2017-13-01", "日期不存在"],
      ["orders.csv", 4, "退回重办次数", "-1", "应为不小于 0 的整数"],
      ["orders.csv", 5, "承办单位", '=HYPERLINK("http://x","点我")', "找不到该单位"],
    ]);
    expect(sheet?.getRow(5).getCell(4).type).toBe(ExcelJS.ValueType.String);
  });

  it("XLSX: a value holding what XML cannot (a control character, U+FFFF) is written as �, and the file stays well-formed", async () => {
    // a cell the import refused for such a character is echoed into the list: it broke the file (strict readers refused it)
    const path = join(dir, "问题清单-控制字符.xlsx");
    const odd: ImportProblem[] = [{ ...(problems[1] as ImportProblem), column: "备注", value: "甲\u0001乙\uFFFF丙\t丁" }];
    await writeFile(path, await problemListXlsx(odd));
    const entries = await readZipDirectory(path, (await stat(path)).size);
    for (const [name, entry] of entries) {
      if (!name.endsWith(".xml")) continue;
      const chunks: Buffer[] = [];
      for await (const c of await openZipEntry(path, entry)) chunks.push(c as Buffer);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      expect([name, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(Buffer.concat(chunks).toString("utf8"))]).toEqual([name, false]);
    }
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    expect(book.worksheets[0]?.getRow(2).getCell(4).value).toBe("甲\uFFFD乙\uFFFD丙\t丁");
  });
});

describe("what a Word file is built from", () => {
  it("has every text, however nested, made writable, and nothing else changed", async () => {
    const { xmlWritableDeep } = await import("../../src/write/xlsx-buffer.ts");
    const when = new Date(0);
    const data = { name: "桓台县\uFFFF中心", rows: [{ unit: "甲\u0001镇", score: 90.5, at: when, notes: ["好\tok"] }], none: null };
    expect(xmlWritableDeep(data)).toEqual({ name: "桓台县\uFFFD中心", rows: [{ unit: "甲\uFFFD镇", score: 90.5, at: when, notes: ["好\tok"] }], none: null });
  });
});

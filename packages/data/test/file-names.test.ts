/**
 * A file's kind by its name: the rule the importer and the console's upload list share (file-names.ts), for the
 * names the center's files carry — English keys, Chinese names, any letter case, a folder before the name.
 */
import { describe, expect, test } from "vitest";
import {
  FILE_NAME_PREFIXES,
  fileNamePrefixes,
  isTableFileName,
  kindOfFileName,
  nameMentionsOtherKind,
  TABLE_FILE_EXTENSIONS,
  TABLE_FILE_TYPES_EN,
  TABLE_FILE_TYPES_TEXT,
} from "../src/file-names.ts";
import { tableFormatOf } from "../src/read/read-table.ts";
import { RECORD_KINDS } from "../src/schema.ts";

describe("a file's kind by its name", () => {
  test.each([
    ["units.csv", "units"],
    ["Units-2018.XLSX", "units"],
    ["责任单位名单.xlsx", "units"],
    ["orders-2017-10.csv", "orders"],
    ["工单2017年10月.xlsx", "orders"],
    ["考核事件-11月.csv", "events"],
    ["事件.csv", "events"],
    ["年度事实2018.xlsx", "facts"],
    ["事实.csv", "facts"],
    ["calendar.csv", "calendar"],
    ["节假日安排-2018.xlsx", "calendar"],
    ["工作日调整.csv", "calendar"],
    ["C:\\Users\\wang\\Desktop\\节假日.csv", "calendar"],
    ["/tmp/upload/orders.csv", "orders"],
  ])("%s holds %s", (name, kind) => {
    expect(kindOfFileName(name)).toBe(kind);
  });

  test("tables are CSV, text, XLSX, old Excel (.xls) and ODS (LibreOffice) files, not documents", () => {
    expect(
      ["units.csv", "工单.txt", "事件.tsv", "工单.XLSX", "工单.xls", "ORDERS.XLS", "工单2017年10月.ods", "ORDERS.ODS"].filter(isTableFileName),
    ).toHaveLength(8);
    expect(["工单.odt", "工单.numbers", "工单.ods.pdf", "工单.xlsb"].filter(isTableFileName)).toEqual([]);
  });

  test("a name that also names another kind (单位工单统计) is left to the header; one kind named twice (考核事件, 责任单位) is not", () => {
    expect(["单位工单统计.csv", "工单-事件关联.xlsx", "orders_by_units.csv"].map(nameMentionsOtherKind)).toEqual([true, true, true]);
    expect(["考核事件2018.csv", "责任单位.csv", "工单2017年10月.xlsx", "节假日安排.csv", "导出数据.csv"].map(nameMentionsOtherKind)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test.each(["2018年11月.xlsx", "导出数据.csv", "my-orders.csv", "单 位.csv", ""])("%j says nothing", (name) => {
    expect(kindOfFileName(name)).toBeUndefined();
  });

  test("every kind has names that say it, English and Chinese, and no beginning says two kinds", () => {
    for (const kind of RECORD_KINDS) {
      const prefixes = fileNamePrefixes(kind);
      expect(prefixes.some((p) => /^[a-z]+$/.test(p)) && prefixes.some((p) => /^\p{Script=Han}+$/u.test(p)), kind).toBe(true);
    }
    const said = new Map<string, string>();
    for (const [prefix, kind] of FILE_NAME_PREFIXES) {
      expect(said.get(prefix) ?? kind).toBe(kind);
      said.set(prefix, kind);
    }
  });
});

describe("the file types the importer reads, as every message lists them", () => {
  // .tsv (Excel's 文本文件（制表符分隔）) was read, and named in no list: the upload's hint, the command line's help and
  // the refusal of another type said “.csv、.txt、.xlsx、.xls、.ods 或 .xml”
  test("every type read is listed, and every type listed is read", () => {
    for (const ext of TABLE_FILE_EXTENSIONS) {
      expect(isTableFileName(`工单${ext}`), ext).toBe(true);
      expect(tableFormatOf(`工单${ext}`), ext).toBeDefined();
    }
    expect(TABLE_FILE_TYPES_TEXT).toBe(".csv、.txt、.tsv、.xlsx、.xls、.ods 或 .xml");
    expect(TABLE_FILE_TYPES_EN).toBe(".csv, .txt, .tsv, .xlsx, .xls, .ods or .xml");
    expect(isTableFileName("事件.TSV")).toBe(true);
    expect(isTableFileName("工单.csv.bak")).toBe(false);
  });
});

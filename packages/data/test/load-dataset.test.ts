import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../src/load-dataset.ts";
import { shanghaiEpoch } from "../src/shanghai-time.ts";
import type { ImportProblem } from "../src/types.ts";
import { sheetMlText, sheetMlWorkbook, sheetMlWorksheet } from "./support/spreadsheetml-writer.ts";
import { csv, useTempDir, writeText } from "./support/temp-dir.ts";

const root = await useTempDir();
let folderNumber = 0;

const UNITS = ["单位编码,单位名称,类别", "HTJD01,索镇街道,街道", "HTZ01,唐山镇,镇", "HTBM04,县公安局,县直部门"];
const ORDERS = [
  "工单编号,承办单位,来源,受理时间,办理时限,办结时间",
  "GD1,索镇街道,县中心,2017-10-03 14:05,2017-10-10,2017-10-05 10:00",
  "GD2,HTZ01,市中心,2017-10-04 09:00,2017-10-11,",
];

/** A folder with the given files (name → CSV lines). */
async function folder(files: Record<string, string[]>): Promise<string> {
  const dir = join(root, `set-${++folderNumber}`);
  await mkdir(dir);
  for (const [name, lines] of Object.entries(files)) await writeText(dir, name, csv(...lines));
  return dir;
}

const where = (problems: readonly ImportProblem[] | undefined) => (problems ?? []).map(({ file, row, column, value }) => ({ file, row, column, value }));

describe("loadDataset", () => {
  it("loads units and orders, with events and facts optional, resolving unit names to codes", async () => {
    const dir = await folder({ "units.csv": UNITS, "orders.csv": ORDERS });
    const result = await loadDataset(dir);
    expect(result.problems).toBeUndefined();
    expect(result.dataset?.units.map((u) => u.code)).toEqual(["HTJD01", "HTZ01", "HTBM04"]);
    expect(result.dataset?.orders.map((o) => [o.id, o.unit, o.receivedAt])).toEqual([
      ["GD1", "HTJD01", shanghaiEpoch(2017, 10, 3, 14, 5)],
      ["GD2", "HTZ01", shanghaiEpoch(2017, 10, 4, 9)],
    ]);
    expect(result.dataset?.events).toEqual([]);
    expect(result.dataset?.facts).toEqual([]);
  });

  it("a file of only a header holds none of its kind (facts not yet given): no problem, and the rest is loaded", async () => {
    // an import of the same file is refused (validate/import-checks.test.ts): there it is the wrong file or an unfilled template
    const dir = await folder({ "units.csv": UNITS, "orders.csv": ORDERS, "facts.csv": ["单位,年度,事项,值"], "events.csv": ["事件编号,单位,日期,事件类型"] });
    const result = await loadDataset(dir);
    expect(result.problems).toBeUndefined();
    expect(result.dataset?.orders).toHaveLength(2);
    expect(result.dataset?.facts).toEqual([]);
    expect(result.dataset?.events).toEqual([]);
  });

  it("an empty file (not even a header) is still a problem in a folder", async () => {
    const dir = await folder({ "units.csv": UNITS, "orders.csv": ORDERS, "facts.csv": [] });
    const result = await loadDataset(dir);
    expect(result.problems?.map((p) => [p.file, p.reason])).toEqual([["facts.csv", "文件为空（没有表头行）"]]);
  });

  it("reads XLSX files beside CSV files", async () => {
    const dir = await folder({ "orders.csv": ORDERS });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("单位");
    for (const line of UNITS) sheet.addRow(line.split(","));
    await workbook.xlsx.writeFile(join(dir, "units.xlsx"));
    const result = await loadDataset(dir);
    expect(result.problems).toBeUndefined();
    expect(result.dataset?.orders.map((o) => o.unit)).toEqual(["HTJD01", "HTZ01"]);
  });

  it("reports references to units that do not exist, in every file, and gives no dataset", async () => {
    const dir = await folder({
      "units.csv": UNITS,
      "orders.csv": [...ORDERS, "GD3,城南街道,县中心,2017-10-04,2017-10-11,"],
      "events.csv": ["事件编号,单位,日期,事件类型", "SJ1,县公安局,2017-10-05,行政不作为", "SJ2,HTBM99,2017-10-05,媒体曝光"],
      "facts.csv": ["单位,年度,事项,值", "唐山镇,2017,领导小组,是", "果里镇,2017,领导小组,是"],
    });
    const result = await loadDataset(dir);
    expect(result.dataset).toBeUndefined();
    expect(where(result.problems)).toEqual([
      { file: "orders.csv", row: 4, column: "承办单位", value: "城南街道" },
      { file: "events.csv", row: 3, column: "单位", value: "HTBM99" },
      { file: "facts.csv", row: 3, column: "单位", value: "果里镇" },
    ]);
  });

  it("reports a missing required file, and problems in the other files too", async () => {
    const dir = await folder({ "units.csv": [...UNITS, "HTZ01,果里镇,镇"] });
    const result = await loadDataset(dir);
    expect(result.problems?.map((p) => [p.file, p.row, p.column, p.reason])).toEqual([
      // every type a folder's file is found as, .xml (Excel 2003's XML spreadsheet) too
      ["orders.csv", 0, "", "缺少工单文件（文件名为 orders，类型为 .csv、.txt、.tsv、.xlsx、.xls、.ods 或 .xml，如 orders.csv）"],
      ["units.csv", 5, "单位编码", "单位编码重复（第 3 行已有）"],
    ]);
  });

  it("does not let one bad unit row make its orders dangling too", async () => {
    const dir = await folder({ "units.csv": ["单位编码,单位名称,类别", "HTJD01,索镇街道,"], "orders.csv": ORDERS.slice(0, 2) });
    const result = await loadDataset(dir);
    expect(where(result.problems)).toEqual([{ file: "units.csv", row: 2, column: "类别", value: "" }]);
  });

  it("does not report every order as dangling when the units file itself is unusable", async () => {
    const dir = await folder({ "units.csv": ["单位编码,类别", "HTJD01,街道"], "orders.csv": ORDERS });
    const result = await loadDataset(dir);
    expect(where(result.problems)).toEqual([{ file: "units.csv", row: 1, column: "单位名称", value: "" }]);
  });

  it("a folder that is not there says so and how the demo files are made; a file given as the folder says that", async () => {
    const missing = join(root, "demo-data");
    expect((await loadDataset(missing)).problems?.map((p) => p.reason)).toEqual([
      `没有文件夹“${missing}”：请确认路径；演示数据要先生成（npm run kaohe -- demo --out ${missing}）`,
    ]);
    const dir = await folder({ "units.csv": UNITS });
    expect((await loadDataset(join(dir, "units.csv"))).problems?.map((p) => p.reason)).toEqual([
      `“${join(dir, "units.csv")}”是一个文件而不是文件夹：请给出放数据文件的文件夹`,
    ]);
  });

  it("refuses two files of the same kind", async () => {
    const dir = await folder({ "units.csv": UNITS, "orders.csv": ORDERS, "Orders.txt": ORDERS });
    const result = await loadDataset(dir);
    expect(result.problems?.map((p) => p.reason)).toEqual(["工单文件有多个，只能保留一个"]);
  });

  it("refuses a file named as one of a kind that it would not read, rather than score without it", async () => {
    const dir = await folder({ "units.csv": UNITS, "orders.csv": ORDERS, "工单2018-11.csv": ORDERS, "notes.csv": ["x", "1"], "~$units.xlsx": [""] });
    const result = await loadDataset(dir);
    expect(result.problems?.map((p) => p.file)).toEqual(["工单2018-11.csv"]);
    expect(result.problems?.[0]?.reason).toMatch(/^文件夹中的“工单2018-11\.csv”看起来是工单文件，但按文件夹计分时每类只读一个文件/);
    // it says by which names a kind is found: every type read, .xml too
    expect(result.problems?.[0]?.reason).toContain("按文件名 orders（类型为 .csv、.txt、.tsv、.xlsx、.xls、.ods 或 .xml）找");
  });

  it("finds a kind's file as an Excel 2003 XML spreadsheet (.xml), as the messages say", async () => {
    const dir = await folder({ "orders.csv": ORDERS });
    const [header, ...rows] = UNITS.map(
      (line) =>
        `<Row>${line
          .split(",")
          .map((cell) => sheetMlText(cell))
          .join("")}</Row>\n`,
    );
    await writeText(dir, "units.xml", sheetMlWorkbook(sheetMlWorksheet("单位", [header, ...rows].join(""))), "utf-8");
    const result = await loadDataset(dir);
    expect(result.problems).toBeUndefined();
    expect(result.dataset?.units.map((u) => u.code)).toEqual(["HTJD01", "HTZ01", "HTBM04"]);
  });

  it("reports progress per file", async () => {
    const dir = await folder({ "units.csv": UNITS, "orders.csv": ORDERS });
    const done: string[] = [];
    await loadDataset(dir, { onProgress: (file, p) => p.done && done.push(file.split("/").pop() ?? "") });
    expect(done).toEqual(["units.csv", "orders.csv"]);
  });
});

/**
 * The holiday calendar file (节假日安排): one row a date, 休 or 班. Good rows
 * read as days, bad ones are problems on their row and column, in Chinese; the
 * kind is told by the file's header or name.
 */
import { describe, expect, it } from "vitest";
import { loadDataset } from "../../src/load-dataset.ts";
import { shanghaiEpoch } from "../../src/shanghai-time.ts";
import type { ImportProblem } from "../../src/types.ts";
import { kindOfHeader } from "../../src/validate/bind-header.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { csv, useTempDir, writeText } from "../support/temp-dir.ts";

const dir = await useTempDir();
let n = 0;
const file = (lines: string[]) => writeText(dir, `calendar-${++n}.csv`, csv(...lines));
const where = (problems: readonly ImportProblem[]) => problems.map(({ row, column, value, reason }) => ({ row, column, value, reason }));

describe("the calendar file", () => {
  it("reads 日期, 类型 (休 or 班, and the notices' words for them) and 说明", async () => {
    const path = await file(["日期,类型,说明", "2017-09-30,班,国庆节调休", "2017/10/1,休,国庆节", "2017-10-02 00:00,放假,", "2018-02-11,补班,春节调休"]);
    const { records, problems } = await loadRecords(path, "calendar");
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { date: shanghaiEpoch(2017, 9, 30), type: "班", note: "国庆节调休" },
      { date: shanghaiEpoch(2017, 10, 1), type: "休", note: "国庆节" },
      { date: shanghaiEpoch(2017, 10, 2), type: "休", note: null },
      { date: shanghaiEpoch(2018, 2, 11), type: "班", note: "春节调休" },
    ]);
  });

  it("refuses a type other than 休 or 班, a date that cannot be, an empty cell and a date given twice, naming row and column", async () => {
    const path = await file(["日期,类型,说明", "2017-10-01,假,", "2017-02-30,休,", ",班,", "2017-10-03,休,", "2017-10-03,班,调休"]);
    expect(where((await loadRecords(path, "calendar")).problems)).toEqual([
      { row: 2, column: "类型", value: "假", reason: "应为“休”（放假）或“班”（调休上班）" },
      {
        row: 3,
        column: "日期",
        value: "2017-02-30",
        reason: "日期或时刻不存在（月份 1—12、日子不超过当月天数、时刻 0:00—24:00）：请核对，应如 2017-10-03 14:05",
      },
      { row: 4, column: "日期", value: "", reason: "必填项为空" },
      { row: 6, column: "日期", value: "2017-10-03", reason: "日期重复（第5行已有）" },
    ]);
  });

  it("is told by its header, and found in a data folder as calendar.csv or 节假日.csv", async () => {
    expect(kindOfHeader(["日期", "类型", "说明"])).toBe("calendar");
    expect(kindOfHeader(["date", "type"])).toBe("calendar");
    const folder = await useTempDir();
    await writeText(folder, "units.csv", csv("单位编码,单位名称,类别", "HTZ01,唐山镇,镇"));
    await writeText(folder, "orders.csv", csv("工单编号,承办单位,来源,受理时间,办理时限", "GD1,唐山镇,县中心,2017-10-03 14:05,2017-10-10"));
    await writeText(folder, "节假日.csv", csv("日期,类型", "2017-10-02,休"));
    const loaded = await loadDataset(folder);
    expect(loaded.problems).toBeUndefined();
    expect(loaded.dataset?.calendar).toEqual([{ date: shanghaiEpoch(2017, 10, 2), type: "休", note: null }]);
  });
});

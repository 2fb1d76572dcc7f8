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
      { row: 6, column: "日期", value: "2017-10-03", reason: "日期重复（第 5 行已有）" },
    ]);
  });

  it("a span of days in one cell, as the State Council's notice writes a holiday, is told to be written a day a row, naming its days", async () => {
    // 2019-02-04至2019-02-10 is 7 days (4th to 10th); 4月5日至7日 is 3, the end's year and month those of its start;
    // 2019-05-01~2019-05-20 is 20 days, named by its first two and last; a span that ends before it starts is no date
    const path = await file([
      "日期,类型,说明",
      "2019-02-04至2019-02-10,休,春节",
      "2019年4月5日至7日,休,清明节",
      "2019-05-01～2019-05-20,休,",
      "2019-10-07至2019-10-01,休,",
    ]);
    expect(where((await loadRecords(path, "calendar")).problems)).toEqual([
      {
        row: 2,
        column: "日期",
        value: "2019-02-04至2019-02-10",
        reason:
          "这是一段日期（共 7 天）：节假日安排一天一行，请写成 7 行，每行一天：2019-02-04、2019-02-05、2019-02-06、2019-02-07、2019-02-08、2019-02-09、2019-02-10（类型、说明各行照写）",
      },
      {
        row: 3,
        column: "日期",
        value: "2019年4月5日至7日",
        reason: "这是一段日期（共 3 天）：节假日安排一天一行，请写成 3 行，每行一天：2019-04-05、2019-04-06、2019-04-07（类型、说明各行照写）",
      },
      {
        row: 4,
        column: "日期",
        value: "2019-05-01～2019-05-20",
        reason: "这是一段日期（共 20 天）：节假日安排一天一行，请写成 20 行，每行一天：2019-05-01、2019-05-02……2019-05-20（类型、说明各行照写）",
      },
      { row: 5, column: "日期", value: "2019-10-07至2019-10-01", reason: "无法识别的日期，应如 2017-10-03、2017-10-03 14:05 或 2017/10/3 14:05:00" },
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

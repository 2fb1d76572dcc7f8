/**
 * Finding the header as exporters write it: title rows above it (a merged
 * cell naming the report, the time it was exported), and header cells with
 * line breaks or odd spaces in them. Row numbers stay the file's own.
 */
import { describe, expect, it } from "vitest";
import { skippedRowText } from "../../src/import-report.ts";
import { attributeKeys } from "../../src/schema.ts";
import { shanghaiEpoch } from "../../src/shanghai-time.ts";
import type { ImportProblem } from "../../src/types.ts";
import { detectFileKind, inspectFileHeader } from "../../src/validate/file-kind.ts";
import { type FileColumns, loadRecords, readRecordBatches, type SkippedRow } from "../../src/validate/read-records.ts";
import { createUnitResolver } from "../../src/validate/unit-index.ts";
import { csv, useTempDir, writeText } from "../support/temp-dir.ts";
import { columnName, escapeXml, sheetXml, writeWorkbook } from "../support/xlsx-writer.ts";

const dir = await useTempDir();
let n = 0;
const csvFile = (lines: string[], encoding: "utf-8-bom" | "gb18030" = "utf-8-bom") => writeText(dir, `header-${++n}.csv`, csv(...lines), encoding);
const where = (problems: readonly ImportProblem[]) => problems.map(({ row, column, value, reason }) => ({ row, column, value, reason }));

const ORDERS = "工单编号,承办单位,来源,受理时间,办理时限";
const TITLE = "桓台县12345热线工单明细（2018年11月）,,,,";
/** What a missing 来源 is told it holds (no column like it in the file) */
const SOURCE_HOLDS =
  "。“来源”是工单从哪一级热线来，如 县中心、市中心、省热线（规则文件可声明来源清单）；平台导出的文件没有来源列时（如工单都来自县中心），请加一列“来源”，每行写上来源（如 县中心）";

/** A row of inline strings, as POI and openpyxl write them; null leaves the cell out. */
function row(r: number, cells: readonly (string | null)[]): string {
  const xml = cells.map((cell, i) => (cell === null ? "" : `<c r="${columnName(i)}${r}" t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>`)).join("");
  return `<row r="${r}">${xml}</row>`;
}

describe("title rows above the header", () => {
  it("CSV: skips a title and an export line above the header; problems name the file's own rows", async () => {
    const path = await csvFile([
      TITLE,
      "导出时间：2018-12-01 08:00,,,,",
      "",
      ORDERS,
      "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10",
      "GD2,唐山镇,县中心,昨天,2018-11-10",
    ]);
    const result = await loadRecords(path, "orders");
    expect(where(result.problems)).toEqual([
      { row: 6, column: "受理时间", value: "昨天", reason: "无法识别的日期，应如 2017-10-03、2017-10-03 14:05 或 2017/10/3 14:05:00" },
    ]);
    const good = await loadRecords(await csvFile([TITLE, ORDERS, "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10"], "gb18030"), "orders");
    expect(good.problems).toEqual([]);
    expect(good.records).toMatchObject([{ id: "GD1", unit: "唐山镇", receivedAt: shanghaiEpoch(2018, 11, 3, 14, 5) }]);
  });

  it("XLSX: skips a merged title cell above the header; problems name the sheet's rows", async () => {
    const sheet = sheetXml([
      row(1, ["桓台县12345热线工单明细（2018年11月）"]),
      row(2, [null, null, null, "单位：县便民服务中心"]),
      row(3, ORDERS.split(",")),
      row(4, ["GD1", "唐山镇", "县中心", "2018-11-03 14:05", "2018-11-10"]),
      row(5, ["GD2", "", "县中心", "2018-11-03 14:05", "2018-11-10"]),
    ]).replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells>');
    const path = await writeWorkbook(dir, "十一月.xlsx", { sheet });
    const result = await loadRecords(path, "orders");
    expect(where(result.problems)).toEqual([{ row: 5, column: "承办单位", value: "", reason: "必填项为空" }]);
    expect(await detectFileKind(path)).toBe("orders");
  });

  it("XLSX: a unit's name merged down the rows of its orders is read on each of them, as the sheet shows it", async () => {
    // B2:B4 merged over 唐山镇's three orders: the sheet keeps the name in B2 only; B6:B7's last row has nothing of its
    // own (the empty rest of the range) and is no record
    const merges = '<mergeCells count="3"><mergeCell ref="B2:B4"/><mergeCell ref="B6:B7"/><mergeCell ref="C2:C3"/></mergeCells>';
    const sheet = sheetXml([
      row(1, ORDERS.split(",")),
      row(2, ["GD1", "唐山镇", "县中心", "2018-11-03 14:05", "2018-11-10"]),
      row(3, ["GD2", null, null, "2018-11-04 09:00", "2018-11-11"]),
      row(4, ["GD3", "", "市中心", "2018-11-05 10:00", "2018-11-12"]),
      row(5, ["GD4", "果里镇", "市中心", "2018-11-05 10:00", "2018-11-12"]),
      row(6, ["GD5", "荆家镇", "市中心", "2018-11-06 10:00", "2018-11-13"]),
      row(7, [null, null, null, null, null]),
    ]).replace("</sheetData>", `</sheetData>${merges}`);
    const result = await loadRecords(await writeWorkbook(dir, "合并单元格.xlsx", { sheet }), "orders");
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.id, r.unit, r.source])).toEqual([
      ["GD1", "唐山镇", "县中心"],
      ["GD2", "唐山镇", "县中心"],
      ["GD3", "唐山镇", "市中心"],
      ["GD4", "果里镇", "市中心"],
      ["GD5", "荆家镇", "市中心"],
    ]);
  });

  it("XLSX: a header of two rows, its columns merged down both and a group's label across its columns above them", async () => {
    // as a report is laid out: 工单编号, 承办单位 and 来源 merged over rows 2–3, 办理情况 over D2:F2 naming the three
    // columns below it; written with a namespace prefix (x:) as some libraries do
    const merges = ["A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:F2"].map((ref) => `<x:mergeCell ref="${ref}"/>`).join("");
    const sheet = sheetXml(
      [
        row(1, ["桓台县12345热线工单明细（2018年11月）"]),
        row(2, ["工单编号", "承办单位", "来源", "办理情况", null, null]),
        row(3, [null, null, null, "受理时间", "办理时限", "办结时间"]),
        row(4, ["GD1", "唐山镇", "县中心", "2018-11-03 14:05", "2018-11-10", "2018-11-08 16:00"]),
      ].map((xml) =>
        xml
          .replaceAll("<row", "<x:row")
          .replaceAll("</row", "</x:row")
          .replaceAll("<c ", "<x:c ")
          .replaceAll("</c>", "</x:c>")
          .replaceAll("<is>", "<x:is>")
          .replaceAll("</is>", "</x:is>")
          .replaceAll("<t>", "<x:t>")
          .replaceAll("</t>", "</x:t>"),
      ),
      "x",
    ).replace("</x:sheetData>", `</x:sheetData><x:mergeCells count="5">${merges}</x:mergeCells>`);
    const path = await writeWorkbook(dir, "两行表头.xlsx", { sheet });
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toMatchObject([
      { id: "GD1", unit: "唐山镇", source: "县中心", receivedAt: shanghaiEpoch(2018, 11, 3, 14, 5), closedAt: shanghaiEpoch(2018, 11, 8, 16, 0) },
    ]);
    expect(await detectFileKind(path)).toBe("orders");
  });

  it("a header two rows high over columns of its own (满意度 over 过程满意度, 结果满意度): merged, read as one; unmerged, one problem on its second row, not a bad value in each cell", async () => {
    const twoRows =
      "表头似乎占了两行（第 1 行和第 2 行，如“满意度”下又分“过程满意度”“结果满意度”）：此行是列名，不是一条记录。请把表头合并为一行列名，每列一个列名（如直接写“过程满意度”“结果满意度”），删去多出的表头行后再导入";
    // the other headers merged down both rows, so the second shows their names again; 满意度 across its two columns
    const merges = ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:G1"].map((ref) => `<mergeCell ref="${ref}"/>`).join("");
    const sheet = sheetXml([
      row(1, [...ORDERS.split(","), "满意度", null]),
      row(2, [null, null, null, null, null, "过程满意度", "结果满意度"]),
      row(3, ["GD1", "唐山镇", "县中心", "2018-11-03 14:05", "2018-11-10", "满意", "基本满意"]),
      row(4, ["GD2", "唐山镇", "县中心", "2018-11-04 09:00", "2018-11-10", "满意", "满意"]),
    ]).replace("</sheetData>", `</sheetData><mergeCells count="6">${merges}</mergeCells>`);
    // merged, the second row shows every column's name: it is the header, and the columns under 满意度 are read as theirs
    const merged = await loadRecords(await writeWorkbook(dir, "满意度两行表头.xlsx", { sheet }), "orders");
    expect(merged.problems).toEqual([]);
    expect(merged.records).toMatchObject([
      { id: "GD1", processSatisfaction: "满意", resultSatisfaction: "基本满意" },
      { id: "GD2", processSatisfaction: "满意", resultSatisfaction: "满意" },
    ]);
    // a CSV saved from it (the merges lost): the second row has the lower names alone, said once as the header's second row
    const csv = await loadRecords(
      await csvFile([`${ORDERS},满意度,`, ",,,,,过程满意度,结果满意度", "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,满意,基本满意"]),
      "orders",
    );
    expect(where(csv.problems)).toEqual([{ row: 2, column: "", value: "过程满意度、结果满意度", reason: twoRows }]);
    // a first record with bad values is a record: its problems are its own
    const bad = await loadRecords(await csvFile([ORDERS, "GD1,唐山镇,县中心,不详,待定", "GD2,唐山镇,县中心,2018-11-03 14:05,2018-11-10"]), "orders");
    expect(where(bad.problems).map((p) => [p.row, p.column])).toEqual([
      [2, "受理时间"],
      [2, "办理时限"],
    ]);
    const events = await loadRecords(await csvFile(["事件编号,单位,日期,事件类型,说明", "SJ1,唐山镇,不详,行政不作为,说明"]), "events");
    expect(where(events.problems).map((p) => [p.row, p.column])).toEqual([[2, "日期"]]);
  });

  it("tells a file's kind by a header below a title", async () => {
    const path = await csvFile(["2018年度单位名单", "单位编码,单位名称,类别", "Z01,唐山镇,镇"]);
    expect(await detectFileKind(path)).toBe("units");
    expect((await inspectFileHeader(path))?.labels).toEqual(["单位编码", "单位名称", "类别"]);
  });

  it("a header lacking a column: names the columns missing from the row that looks like the header", async () => {
    const path = await csvFile([TITLE, "工单编号,承办单位,受理时间", "GD1,唐山镇,2018-11-03"]);
    const result = await loadRecords(path, "orders");
    expect(result.records).toEqual([]);
    expect(where(result.problems)).toEqual([
      {
        row: 2,
        column: "来源、办理时限",
        value: "",
        reason:
          "第 2 行看来是表头，但缺少必需的列“来源”、“办理时限”（或英文列名 source, dueAt）：请补上这些列或改正列名；表头应是第一个写有列名的行（它上面的标题行可以保留）" +
          SOURCE_HOLDS,
      },
    ]);
  });

  it("a file without 来源 is told it lacks it and what it holds; its 渠道 (电话, 微信, 网站) is not offered as 来源", async () => {
    // a county platform's export: every order from 县中心, so no 来源 column, and the demo's own 渠道 column. It was told
    // only 列“渠道”看来是“来源”…请把表头改为“来源”, which stores the channel as the source
    const path = await csvFile([TITLE, `工单编号,承办单位,受理时间,办理时限,渠道`, "GD1,唐山镇,2018-11-03 14:05,2018-11-10,电话"]);
    const result = await loadRecords(path, "orders");
    expect(result.records).toEqual([]);
    expect(where(result.problems)).toEqual([
      {
        row: 2,
        column: "来源",
        value: "",
        reason:
          "第 2 行看来是表头，但缺少必需的列“来源”（或英文列名 source）：请补上这些列或改正列名；表头应是第一个写有列名的行（它上面的标题行可以保留）。" +
          "“来源”是工单从哪一级热线来，如 县中心、市中心、省热线（规则文件可声明来源清单）；文件中的列“渠道”不是“来源”，没有按它读取（它多是电话、微信、网站等受理渠道）；" +
          "平台导出的文件没有来源列时（如工单都来自县中心），请加一列“来源”，每行写上来源（如 县中心）",
      },
    ]);
    expect(result.problems[0]?.reasonEn).toBe(
      "row 2 looks like the header but lacks the required column source; the header is the first row of column names. source is where the order came from (县中心, 市中心, 省热线), not the channel (电话, 微信, 网站); a platform export without it: add the column with the source on every row (column 渠道 is not read as it)",
    );
    // 来源渠道 likewise; 工单来源 is still said at its column, to be renamed
    const renamed = await loadRecords(
      await csvFile([`工单编号,承办单位,受理时间,办理时限,来源渠道,工单来源`, "GD1,唐山镇,2018-11-03 14:05,2018-11-10,微信,县中心"]),
      "orders",
    );
    expect(where(renamed.problems).map((p) => [p.column, p.reason.split("：")[0]])).toEqual([
      ["工单来源", "列“工单来源”看来是“来源”，但列名不同，没有按它读取"],
    ]);
  });

  it("a column named as platforms name one the file lacks: not read as it; a required one is said at it with the name to write, an optional one told of (办结日期, 是否回访, 满意度)", async () => {
    // read as extra columns without a word, these left every order unclosed, unvisited and without satisfaction: they
    // are kept as extra columns (a rubric may read one by that name), and named for the import's warnings
    let told: FileColumns | undefined;
    const optional = await loadRecords(
      await csvFile([
        `${ORDERS},办结日期,是否回访,满意度,办结方式,类型,回访,退回次数`,
        "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,2018-11-08,是,满意,电话答复,普通,已回访-满意,1",
      ]),
      "orders",
      { onColumns: (c) => (told = c) },
    );
    expect(optional.problems).toEqual([]);
    expect(optional.records[0]?.closedAt).toBeNull();
    expect(told?.resembling).toEqual([
      { column: "办结日期", name: "办结日期", fields: [{ key: "closedAt", zh: "办结时间" }] },
      { column: "是否回访", name: "是否回访", fields: [{ key: "visited", zh: "已回访" }] },
      {
        column: "满意度",
        name: "满意度",
        fields: [
          { key: "processSatisfaction", zh: "过程满意度" },
          { key: "resultSatisfaction", zh: "结果满意度" },
        ],
      },
    ]);
    // 办结方式 (电话答复), 类型 (普通), 回访 (已回访-满意), 退回次数 (a unit's 回退) are information of their own: not named
    // required columns named so: said at each, instead of a list of missing columns; one still missing is listed
    const required = await loadRecords(await csvFile(["工单号,承办部门,来源,受理日期", "GD1,唐山镇,县中心,2018-11-03 14:05"]), "orders");
    // what the file lacks first, then what to rename
    expect(where(required.problems).map((p) => [p.column, p.reason.split("：")[0]])).toEqual([
      ["办理时限", "第 1 行看来是表头，但缺少必需的列“办理时限”（或英文列名 dueAt）"],
      ["工单号", "列“工单号”看来是“工单编号”，但列名不同，没有按它读取"],
      ["承办部门", "列“承办部门”看来是“承办单位”，但列名不同，没有按它读取"],
      ["受理日期", "列“受理日期”看来是“受理时间”，但列名不同，没有按它读取"],
    ]);
    // beside the column itself, a name like it is an extra column of its own, as before
    const both = await loadRecords(
      await csvFile([`${ORDERS},办结时间,办结日期`, "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,2018-11-08 10:00,2018-11-08"]),
      "orders",
    );
    expect(both.problems).toEqual([]);
    expect(both.records[0]?.attributes).toEqual({ 办结日期: "2018-11-08" });
  });

  it("a column whose name holds a column the file lacks (实际办结时间, 办结时间(实际)) or begins one (过程满意) is told of; a note of how its values are written (已回访（是/否）) is read as the column", async () => {
    // each was kept as an extra column without a word: every order unclosed, unvisited, without a rating (found by a
    // helper importing exports: 县教育局 from 92.94 to 90.63, rank 11 to 18)
    let told: FileColumns | undefined;
    const result = await loadRecords(
      await csvFile([
        `${ORDERS},实际办结时间,已回访（是/否）,过程满意,结果满意度(满意/不满意),反弹原因`,
        "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,2018-11-08 10:00,是,满意,满意,无",
      ]),
      "orders",
      { onColumns: (c) => (told = c) },
    );
    expect(result.problems).toEqual([]);
    // read as the columns: 已回访（是/否） is 已回访
    expect(result.records[0]).toMatchObject({ visited: true, closedAt: null });
    expect(told?.resembling).toEqual([
      { column: "实际办结时间", name: "实际办结时间", fields: [{ key: "closedAt", zh: "办结时间" }] },
      { column: "过程满意", name: "过程满意", fields: [{ key: "processSatisfaction", zh: "过程满意度" }] },
      // a note that is not how the values are written keeps the name apart: told of, not read
      { column: "结果满意度(满意/不满意)", name: "结果满意度(满意/不满意)", fields: [{ key: "resultSatisfaction", zh: "结果满意度" }] },
    ]);
    // 反弹 is too short to be looked for inside other names (反弹原因 is information of its own)
    expect(result.records[0]?.attributes).toMatchObject({ 反弹原因: "无" });
    // other words around a column's name say something else: a deadline, text of its own (a review found each told of)
    let other: FileColumns | undefined;
    await loadRecords(
      await csvFile([`${ORDERS},要求办结时间,领导批示内容,超期说明,办结时间说明`, "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,2018-11-10,同意,已说明,无"]),
      "orders",
      {
        onColumns: (c) => (other = c),
      },
    );
    expect(other?.resembling).toEqual([]);
    // one time in two columns (the date, the time of day): the first read past its note as 受理时间, the times were lost
    const split = await loadRecords(
      await csvFile(["工单编号,承办单位,来源,受理时间(年月日),受理时间(时分),办理时限", "GD1,唐山镇,县中心,2018-11-03,14:05,2018-11-10"]),
      "orders",
    );
    expect(where(split.problems).map((p) => [p.column, p.reason])).toEqual([
      [
        "受理时间(时分)",
        "列“受理时间(时分)”与列“受理时间(年月日)”看来是同一个“受理时间”分成了日期、时刻两列：请合为一列（列名“受理时间”），写作 2018-12-03 08:05（Excel 中可用公式 =日期单元格+时刻单元格，单元格格式设为 yyyy-mm-dd hh:mm）",
      ],
    ]);
    // the time of day under a name of its own (受理时刻, 办结时分): told at it, whether the date's column is named as it
    // should be or not yet (renamed as its own problem said, every order was received at 00:00; found by a helper)
    const own = async (header: string) =>
      where((await loadRecords(await csvFile([header, "GD1,唐山镇,县中心,2018-11-03,14:05,2018-11-10,2018-11-09,17:30"]), "orders")).problems).map((p) => [
        p.column,
        p.reason.split("：")[0],
      ]);
    expect(await own("工单编号,承办单位,来源,受理时间,受理时刻,办理时限,办结时间,办结时分")).toEqual([
      ["受理时刻", "此行的“受理时间”只有日期，时刻在这一列"],
      ["办结时分", "此行的“办结时间”只有日期，时刻在这一列"],
    ]);
    // every form of a day alone the date check reads (a review found these imported at 00:00 without a word)
    for (const day of ["20181103", "２０１８－１１－０３", "43407", "2018/11/3"]) {
      const refused = await loadRecords(
        await csvFile(["工单编号,承办单位,来源,受理时间,受理时刻,办理时限", `GD1,唐山镇,县中心,${day},14:05,2018-11-10`]),
        "orders",
      );
      expect(where(refused.problems).map((p) => p.column)).toEqual(["受理时刻"]);
    }
    // a date with its time, beside a column repeating the time: read as it is (a review found such a file refused)
    const repeated = await loadRecords(
      await csvFile(["工单编号,承办单位,来源,受理时间,受理时刻,办理时限", "GD1,唐山镇,县中心,2018-11-03 14:05,14:05,2018-11-10"]),
      "orders",
    );
    expect(where(repeated.problems)).toEqual([]);
    expect(repeated.records).toHaveLength(1);
    expect(await own("工单编号,承办单位,来源,受理日期,受理时刻,办理时限,办结时间,备注")).toEqual([
      ["受理日期", "列“受理日期”看来是“受理时间”，但列名不同，没有按它读取"],
      ["受理时刻", "列“受理时刻”与列“受理日期”看来是同一个“受理时间”分成了日期、时刻两列"],
    ]);
    // a required column so named is said at it, with the name to write
    const required = await loadRecords(
      await csvFile(["工单编号,承办单位,来源,受理时间(北京时间),办理时限", "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10"]),
      "orders",
    );
    expect(where(required.problems).map((p) => [p.column, p.reason.split("：")[0]])).toEqual([
      ["受理时间(北京时间)", "列“受理时间(北京时间)”看来是“受理时间”，但列名不同，没有按它读取"],
    ]);
  });

  it("a header below eleven rows of a query export's title and conditions is found", async () => {
    const conditions = ["桓台县12345热线工单明细", ...Array.from({ length: 10 }, (_, i) => `查询条件${i + 1}：全部`)];
    const path = await csvFile([...conditions, ORDERS, "GD1,唐山镇,县中心,2018-11-03,2018-11-10"]);
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => r.id)).toEqual(["GD1"]);
  });

  it("no header in the first 20 rows: says so, and which columns the header must have", async () => {
    const titles = Array.from({ length: 20 }, (_, i) => `说明第${i + 1}行`);
    const path = await csvFile([...titles, ORDERS, "GD1,唐山镇,县中心,2018-11-03,2018-11-10"]);
    const result = await loadRecords(path, "orders");
    expect(where(result.problems)).toEqual([
      {
        row: 1,
        column: "",
        value: "",
        reason:
          "在前 20 行中没有找到“工单”文件的表头：表头应是第一个写有列名的行（它上面的标题行可以保留），必须有这些列：“工单编号”、“承办单位”、“来源”、“受理时间”、“办理时限”（或英文列名 id, unit, source, receivedAt, dueAt）",
      },
    ]);
  });

  it("a header of UTF-8 read back in another encoding (工单编号 as å·¥å•ç¼–å·) is said to look garbled, and how to save it", async () => {
    // a UTF-8 CSV opened in a spreadsheet as Windows-1252 and saved (found by a helper converting with LibreOffice)
    const cp1252 = new TextDecoder("windows-1252");
    const garble = (line: string) => cp1252.decode(new TextEncoder().encode(line));
    const path = await csvFile([garble(ORDERS), garble("GD1,唐山镇,县中心,2018-11-03,2018-11-10")]);
    const [problem] = where((await loadRecords(path, "orders")).problems);
    expect(problem?.reason).toMatch(
      /^第 1 行的列名看来是乱码（如中文以 UTF-8 保存、却按其他编码读出后再保存）：请用原始文件重新导出，或.*选择“UTF-8”编码后再另存。在前 20 行中没有找到“工单”文件的表头/,
    );
    // plain titles above no header are not called garbled
    const titles = await csvFile(["说明", "Report of café orders", ORDERS.replace("工单编号", "编号")]);
    expect(
      where((await loadRecords(titles, "orders")).problems)
        .map((p) => p.reason)
        .join(),
    ).not.toContain("乱码");
  });

  it("another kind's header below a title is still said to be of that kind", async () => {
    const path = await csvFile(["2018年度单位名单", "单位编码,单位名称,类别", "Z01,唐山镇,镇"]);
    const result = await loadRecords(path, "orders");
    expect(result.problems).toMatchObject([{ row: 2, reason: expect.stringContaining("但表头是“责任单位”文件的列") }]);
  });

  it("a title row alone above no data is no header: the file's first row is where the header is missing", async () => {
    const path = await csvFile([TITLE]);
    expect(where((await loadRecords(path, "orders")).problems)[0]).toMatchObject({ row: 1, reason: expect.stringContaining("没有找到“工单”文件的表头") });
  });
});

describe("header cells as typed", () => {
  it("a line break in the cell, spaces within or around, full-width and no-break spaces do not matter", async () => {
    const header = '"工单\n编号", 承办单位\u00a0,来\u3000源,"受理\r\n时间",办理 时限,Received At';
    const path = await csvFile([header, "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,x"]);
    const result = await loadRecords(path, "orders");
    expect(where(result.problems)).toEqual([
      // Received At is 受理时间 by its English name: the column given twice
      {
        row: 1,
        column: "Received At",
        value: "Received At",
        reason:
          "列重复：第6列（F列）“Received At”与第4列（D列）“受理\r\n时间”是同一列（受理时间）：请删去其中一列后再导入；在表格中只看到一列时，另一列可能被隐藏了（选中两旁的列，右键“取消隐藏”）",
      },
    ]);
    const sheet = sheetXml([
      row(1, ["工单\n编号", "承办\r\n单位", "来源 ", "受理\u3000时间", "办理\u2002时限"]),
      row(2, ["GD1", "唐山镇", "县中心", "2018-11-03 14:05", "2018-11-10"]),
    ]);
    const book = await loadRecords(await writeWorkbook(dir, "换行表头.xlsx", { sheet }), "orders");
    expect(book.problems).toEqual([]);
    expect(book.records).toMatchObject([{ id: "GD1", unit: "唐山镇", source: "县中心", receivedAt: shanghaiEpoch(2018, 11, 3, 14, 5) }]);
  });

  it("an extra column is kept under its header without the spaces and line breaks: the key a rubric's attribute label reads", async () => {
    // 响应时长⏎（小时） typed with Alt+Enter, 回访 结果 with a space: stored as 响应时长(小时) and 回访结果
    const path = await csvFile([
      `${ORDERS},"响应时长
（小时）",回访 结果`,
      "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,1.5,满意",
    ]);
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records[0]?.attributes).toEqual({ "响应时长(小时)": "1.5", 回访结果: "满意" });
    // and a rubric's `attribute 响应时长 "响应时长（小时）"` reads that key first after its name
    expect(attributeKeys("响应时长", "响应时长（小时）")).toEqual(["响应时长", "响应时长(小时)"]);
    expect(attributeKeys("回访", "回访 结果")).toEqual(["回访", "回访结果", "回访 结果"]);
  });
  it("an unknown column headed twice is kept: the first under its name, the later ones as 备注(第2个); a known column twice is still refused", async () => {
    const path = await csvFile([
      `${ORDERS},备注,渠道,备 注,备注（第2个）,备注`,
      "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,单位说明,电话,中心说明,另一列,第四",
    ]);
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records[0]?.attributes).toEqual({
      备注: "单位说明",
      渠道: "电话",
      "备注(第2个)": "中心说明",
      // a column headed 备注（第2个） of its own is not overwritten: the next 备注 takes the next number
      "备注(第2个)(第2个)": "另一列",
      "备注(第3个)": "第四",
    });
    // the name a rubric's label 备注（第2个） reads
    expect(attributeKeys("中心备注", "备注（第2个）")).toContain("备注(第2个)");
    const known = await loadRecords(await csvFile([`${ORDERS},受理时间`, "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,2018-11-03 14:05"]), "orders");
    expect(where(known.problems)).toEqual([
      {
        row: 1,
        column: "受理时间",
        value: "受理时间",
        reason:
          "列重复：第6列（F列）“受理时间”与第4列（D列）“受理时间”是同一列（受理时间）：请删去其中一列后再导入；在表格中只看到一列时，另一列可能被隐藏了（选中两旁的列，右键“取消隐藏”）",
      },
    ]);
  });

  it("a template's marks on a column's name are not part of it: *工单编号, 工单编号（必填）, 诉求类型【选填】", async () => {
    // a county's template marks its required columns with * and （必填） and its optional ones with 【选填】; a file filled
    // in from it had been refused as having no header at all
    const header = "*工单编号,承办单位（必填）,★来源,受理时间(必填，格式 2018-11-03 14:05),办理时限*,诉求类型【选填】,回访结果（选填）,*";
    const path = await csvFile([header, "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,投诉,满意,x"]);
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toMatchObject([{ id: "GD1", unit: "唐山镇", source: "县中心", kind: "投诉", receivedAt: shanghaiEpoch(2018, 11, 3, 14, 5) }]);
    // an unknown column is stored under its name without the marks, which a rubric's attribute label reads; a column
    // named by a mark alone keeps it
    expect(result.records[0]?.attributes).toEqual({ 回访结果: "满意", "*": "x" });
    expect(attributeKeys("回访", "回访结果（选填）")).toEqual(["回访", "回访结果", "回访结果(选填)"]);
    // brackets that are part of a name stay: 响应时长（小时） is not 响应时长
    expect(attributeKeys("响应时长", "*响应时长（小时）")[1]).toBe("响应时长(小时)");
  });
});

describe("a header written as a form's labels", () => {
  it("a colon after a column's name, half- or full-width (工单编号：, 承办单位:), is not part of it", async () => {
    const path = await csvFile(["工单编号：,承办单位:,来源：,受理时间：,办理时限:,诉求类型：", "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10,投诉"]);
    const result = await loadRecords(path, "orders");
    expect(result.problems).toEqual([]);
    expect(result.records).toMatchObject([{ id: "GD1", unit: "唐山镇", source: "县中心", kind: "投诉", receivedAt: shanghaiEpoch(2018, 11, 3, 14, 5) }]);
  });
});

describe("rows that are no record", () => {
  it("a 合计 row, a footnote and the header repeated mid-file (printed pages) are left out and listed, not refused: a platform's monthly export ends with them", async () => {
    const path = await csvFile([
      ORDERS,
      "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10",
      ORDERS,
      "GD2,唐山镇,县中心,2018-11-04 09:00,2018-11-11",
      "合计：,,,,",
      ",总计,2,,",
      // the header again as another page wrote it (a full-width space, a wrapped column name), and a spaced-out total
      ORDERS.replace("承办单位", "承办\u3000单位").replace("工单编号", '"工单\n编号"'),
      "合　计,,,,",
      // a total with its figure, and the footnotes a report ends with
      "合计：30件,,,,",
      "共计 30 件,,,,",
      "注：本表数据来源于12345热线平台,,,,",
      "制表人：张三,,审核人：李四,,",
      // the count of rows an exporter ends a sheet with, in a row of its own cells or of one cell
      "共 2 条记录,,,,",
      "共12413条",
      // other words for a total, one with its unit in brackets, and one without a word: figures alone (found by a helper:
      // each refused the whole file for its empty cells)
      "汇总,,,,",
      "本页小计,,,,",
      "合计（件）,,,2",
      ",,,,2",
      // a printed page's footer, as a platform's CSV ends (found by a data review: four 必填项为空, the text never shown)
      "第 1 页 共 2 页,,,,",
      ",,第2页/共2页,,",
      "Page 1 of 2,,,,",
      // WPS's, in full-width digits
      "第１页　共２页,,,,",
    ]);
    // each was a problem (请删除此行后再导入), and the file was refused until they were deleted by hand
    const skipped: SkippedRow[] = [];
    const records: unknown[] = [];
    for await (const batch of readRecordBatches(path, "orders")) {
      for (const row of batch) {
        expect(row.problems).toEqual([]);
        if (row.skipped) skipped.push(row.skipped);
        if (row.record) records.push(row.record);
      }
    }
    expect(records).toHaveLength(2);
    expect(skipped.map(({ row, column, value, what }) => [row, column, value, what])).toEqual([
      [3, "工单编号", "工单编号", "重复的表头"],
      [5, "工单编号", "合计：", "合计行"],
      [6, "承办单位", "总计", "合计行"],
      [7, "工单编号", "工单\n编号", "重复的表头"],
      [8, "工单编号", "合　计", "合计行"],
      [9, "工单编号", "合计：30件", "合计行"],
      [10, "工单编号", "共计 30 件", "合计行"],
      [11, "工单编号", "注：本表数据来源于12345热线平台", "表格末尾的说明"],
      [12, "工单编号", "制表人：张三", "表格末尾的说明"],
      [13, "工单编号", "共 2 条记录", "合计行"],
      [14, "工单编号", "共12413条", "合计行"],
      [15, "工单编号", "汇总", "合计行"],
      [16, "工单编号", "本页小计", "合计行"],
      [17, "工单编号", "合计（件）", "合计行"],
      [18, "办理时限", "2", "合计行"],
      [19, "工单编号", "第 1 页 共 2 页", "表格末尾的说明"],
      [20, "来源", "第2页/共2页", "表格末尾的说明"],
      [21, "工单编号", "Page 1 of 2", "表格末尾的说明"],
      [22, "工单编号", "第１页　共２页", "表格末尾的说明"],
    ]);
    // with a 序号 column, as most exports begin: a 合计 or 制表人 in it is listed as such, not taken for a blank numbered row
    const numbered: SkippedRow[] = [];
    // the sign-off lines a report ends with, a person's without the colon too (found by a helper: each refused the file
    // for its empty cells, the text itself never shown)
    const signOff = [
      "制表人 张三",
      "填表人：李四",
      "经办人：王五",
      "统计人：赵六",
      "打印日期：2018-12-01",
      "制表时间：2018-12-01",
      "单位（盖章）：",
      "总件数：1",
    ];
    const withNumbers = await csvFile([
      `序号,${ORDERS}`,
      "1,GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10",
      "合计：1件,,,,,",
      "制表人：张三,,,,,",
      ...signOff.map((text) => `${text},,,,,`),
      "3,,,,,",
    ]);
    for await (const batch of readRecordBatches(withNumbers, "orders"))
      for (const row of batch) {
        expect(row.problems).toEqual([]);
        if (row.skipped) numbered.push(row.skipped);
      }
    expect(numbered.map((r) => [r.row, r.value])).toEqual([[3, "合计：1件"], [4, "制表人：张三"], ...signOff.map((text, i) => [5 + i, text])]);
    // a record's own value that begins as a signature does is a record (a review found these facts dropped as footnotes)
    const facts = await loadRecords(
      await csvFile(["事项,单位,年度,值", "经办人员培训,唐山镇,2018,是", "审核人员到位,唐山镇,2018,否", "制表人 张三,,,"]),
      "facts",
    );
    expect(facts.records.map((r) => (r as { item: string }).item)).toEqual(["经办人员培训", "审核人员到位"]);
    // a file of nothing but a header and its total holds no records, as a header alone does
    const totalOnly = await loadRecords(await csvFile([ORDERS, "合计：0件,,,,"]), "orders");
    expect(totalOnly.records).toEqual([]);
    expect(totalOnly.problems.map((p) => p.reason)).toEqual((await loadRecords(await csvFile([ORDERS]), "orders")).problems.map((p) => p.reason));
    // a unit named 合计镇 is a record
    const named = await loadRecords(await csvFile(["单位编码,单位名称,类别", "T1,合计镇,镇", "注1,说明村,镇"]), "units");
    expect(named.problems).toEqual([]);
  });
  it("a record whose first column (one it does not require: 工单标题, 备注) begins as a total or a footnote does is a record, every required column filled", async () => {
    // a finder's platform export, 工单标题 first: five complete orders dropped, told of as 表格末尾的说明 or 合计行 in the
    // middle of the table
    const readAll = async (path: string, kind: "orders" | "events" | "units" | "facts") => {
      const records: Record<string, unknown>[] = [];
      const skipped: SkippedRow[] = [];
      const problems: ImportProblem[] = [];
      for await (const batch of readRecordBatches(path, kind))
        for (const r of batch) {
          problems.push(...r.problems);
          if (r.skipped) skipped.push(r.skipped);
          if (r.record && r.problems.length === 0) records.push(r.record as unknown as Record<string, unknown>);
        }
      return { records, skipped, problems };
    };
    const titles = ["注：请尽快处理", "说明：物业不作为", "共计 30 件", "合计（件）", "汇总", "合计", "制表人：无"];
    const orders = await readAll(
      await csvFile(
        [
          `工单标题,${ORDERS}`,
          ...titles.map((title, i) => `${title},GD${i + 1},唐山镇,县中心,2018-11-03 14:05,2018-11-10`),
          // the table's own total still is one: its required columns empty, or a figure summed in one
          "合计,,,,,",
          "合计（件）,7,,,,",
          "注：本表数据来源于12345热线平台,,,,,",
        ],
        "gb18030",
      ),
      "orders",
    );
    expect(orders.problems).toEqual([]);
    expect(orders.records.map((r) => r.id)).toEqual(titles.map((_, i) => `GD${i + 1}`));
    expect(orders.skipped.map((r) => [r.row, r.value, r.what])).toEqual([
      [9, "合计", "合计行"],
      [10, "合计（件）", "合计行"],
      [11, "注：本表数据来源于12345热线平台", "表格末尾的说明"],
    ]);
    // the same of the other kinds: an event's 说明, a unit's or a fact's 备注 first
    const events = await readAll(
      await csvFile(["说明,事件编号,单位,日期,事件类型", "说明：经查证属实,SJ1,唐山镇,2018-11-05,行政不作为", "合计：1次,,,,"]),
      "events",
    );
    expect(events.problems).toEqual([]);
    expect(events.records.map((r) => r.id)).toEqual(["SJ1"]);
    expect(events.skipped.map((r) => r.value)).toEqual(["合计：1次"]);
    const units = await readAll(await csvFile(["备注,单位编码,单位名称,类别", "注：2019年新设,T1,新城街道,街道", "合计：1个,,,"]), "units");
    expect(units.problems).toEqual([]);
    expect(units.records).toHaveLength(1);
    expect(units.skipped.map((r) => r.value)).toEqual(["合计：1个"]);
    const facts = await readAll(await csvFile(["备注,单位,年度,事项,值", "合计（件）,301,2018,受理量,12", "说明：已核实,301,2018,领导小组,是"]), "facts");
    expect(facts.problems).toEqual([]);
    expect(facts.records.map((r) => r.item)).toEqual(["受理量", "领导小组"]);
    // in a required column the words are the row's id or unit, no record's: a total still (单位 合计, its figures summed)
    const factTotal = await readAll(await csvFile(["单位,年度,事项,值", "301,2018,受理量,12", "合计,2018,受理量,12"]), "facts");
    expect(factTotal.problems).toEqual([]);
    expect(factTotal.skipped.map((r) => [r.row, r.column, r.value])).toEqual([[3, "单位", "合计"]]);
    // in the 序号 column, a row number's place: a total whatever the rest holds (合计,35,35个单位,全部 was read as a unit
    // coded 35: a review)
    const numbered = await readAll(await csvFile(["序号,单位编码,单位名称,类别", "1,T1,唐山镇,镇", "合计,35,35个单位,全部"]), "units");
    expect(numbered.problems).toEqual([]);
    expect(numbered.records.map((r) => r.code)).toEqual(["T1"]);
    expect(numbered.skipped.map((r) => [r.row, r.column, r.value, r.what])).toEqual([[3, "序号", "合计", "合计行"]]);
  });

  it("a paged export repeating its title above each page's header: the title again is left out and listed, as the header again is", async () => {
    // a platform's HTML export (named .xls), a table a page, each under the report's title and the header, a page number
    // between: refused with four 必填项为空 a page at the title (a finder's export files)
    const title = "桓台县12345工单明细";
    const page = (ids: string[]) =>
      `<table border=1><tr><td colspan=5>${title}</td></tr><tr>${ORDERS.split(",")
        .map((label) => `<th>${label}</th>`)
        .join(
          "",
        )}</tr>${ids.map((id) => `<tr><td>${id}</td><td>唐山镇</td><td>县中心</td><td>2018-11-03 14:05</td><td>2018-11-10</td></tr>`).join("")}</table>`;
    const html = `<html><head><meta charset="utf-8"></head><body>${page(["GD1", "GD2"])}<p>第1页 共2页</p>${page(["GD3"])}<p>第2页 共2页</p></body></html>`;
    const path = await writeText(dir, "paged.xls", html, "utf-8");
    const skipped: string[] = [];
    const ids: string[] = [];
    const problems: ImportProblem[] = [];
    for await (const batch of readRecordBatches(path, "orders"))
      for (const r of batch) {
        problems.push(...r.problems);
        if (r.skipped) skipped.push(skippedRowText(r.skipped));
        if (r.record && r.problems.length === 0) ids.push((r.record as { id: string }).id);
      }
    expect(where(problems)).toEqual([]);
    expect(ids).toEqual(["GD1", "GD2", "GD3"]);
    expect(skipped.filter((text) => text.includes("重复"))).toEqual([`第 5 行（重复的标题：“${title}”）`, "第 6 行（重复的表头：“工单编号”）"]);
    // a lone row of other text than the title is no title: refused at its row, as before
    const other = await loadRecords(await csvFile([TITLE, ORDERS, "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10", "桓台县12345工单汇总表,,,,"]), "orders");
    expect(other.records).toEqual([]);
    expect(new Set(other.problems.map((p) => p.row))).toEqual(new Set([4]));
  });

  it("the lines a platform's export adds below the table (导出人：, 打印人：, 操作人：, 生成时间：) are footnotes, not records refused as empty", async () => {
    const footers = [
      "导出人：张三",
      "打印人：李四",
      "操作人：admin",
      "导出人：张三\u3000\u3000导出时间：2019-01-02 08:30",
      "报表生成时间：2019-01-02 08:30",
      "生成时间：2019-01-02 08:30",
    ];
    const path = await csvFile([`序号,${ORDERS}`, "1,GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10", ...footers.map((text) => `${text},,,,,`)]);
    const skipped: SkippedRow[] = [];
    let records = 0;
    for await (const batch of readRecordBatches(path, "orders"))
      for (const row of batch) {
        expect(row.problems).toEqual([]);
        if (row.skipped) skipped.push(row.skipped);
        if (row.record) records++;
      }
    expect(records).toBe(1);
    expect(skipped.map((r) => [r.row, r.value, r.what])).toEqual(footers.map((text, i) => [3 + i, text, "表格末尾的说明"]));
  });

  it("a row of one text in its first column and no required value is said once, with its text, as no record", async () => {
    const note = "技术支持：某某信息技术有限公司 0533-1234567";
    const path = await csvFile([`序号,${ORDERS}`, "1,GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10", `${note},,,,,`]);
    const result = await loadRecords(path, "orders");
    // not five 必填项为空 with no value shown: the row's text and what to do, once
    expect(where(result.problems)).toEqual([
      {
        row: 3,
        column: "序号",
        value: note,
        reason: expect.stringMatching(/^第 3 行只有“技术支持：某某信息技术有限公司 \d*…”，看来不是一条记录：如是表尾说明，请删去该行后重新导入$/),
      },
    ]);
    // a record's first value alone, in a required column (an id), is a record with its required cells empty
    const idOnly = await loadRecords(await csvFile([ORDERS, "GD1,唐山镇,县中心,2018-11-03 14:05,2018-11-10", "GD2,,,,"]), "orders");
    expect(where(idOnly.problems).map((p) => [p.row, p.column, p.reason])).toEqual(
      ["承办单位", "来源", "受理时间", "办理时限"].map((column) => [3, column, expect.stringContaining("必填项为空")]),
    );
  });
});

describe("rows a spreadsheet's 分类汇总 inserted", () => {
  /** A row as Excel's 数据→分类汇总 writes it: =SUBTOTAL(…) with its saved result in one column, the label in another. */
  const subtotalRow = (r: number, figureAt: number, formula: string, result: number, labelAt: number, label: string) => {
    const cells = [
      [figureAt, `<c r="${columnName(figureAt)}${r}"><f>${formula}</f><v>${result}</v></c>`],
      [labelAt, `<c r="${columnName(labelAt)}${r}" t="inlineStr"><is><t>${escapeXml(label)}</t></is></c>`],
    ] as const;
    return `<row r="${r}" outlineLevel="1">${[...cells]
      .sort((a, b) => a[0] - b[0])
      .map(([, xml]) => xml)
      .join("")}</row>`;
  };
  const skippedOf = async (path: string, options: Parameters<typeof readRecordBatches>[2] = {}) => {
    const skipped: string[] = [];
    const ids: string[] = [];
    const problems: ImportProblem[] = [];
    for await (const batch of readRecordBatches(path, "orders", options))
      for (const r of batch) {
        problems.push(...r.problems);
        if (r.skipped) skipped.push(skippedRowText(r.skipped));
        if (r.record && r.problems.length === 0) ids.push((r.record as { id: string }).id);
      }
    return { ids, skipped, problems };
  };
  const ORDER_ROW = (r: number, id: string, unit: string) => row(r, [id, unit, "县中心", "2018-11-05 09:00", "2018-11-10", "2018-11-09 10:00"]);
  const HEADER_ROW = row(1, ["工单编号", "承办单位", "来源", "受理时间", "办理时限", "办结时间"]);

  it("Excel's and WPS's rows (测试甲镇 计数 below its group, 总计数 at the end; 汇总 and 总计 when summing) are left out and listed as total rows, not refused", async () => {
    // grouped by 承办单位 (B), 工单编号 (A) counted: 测试甲镇's two orders (rows 2–3) and its row 4, 测试乙镇's one (row 5) and
    // its row 6, the whole table's row 7 — each refused the file (来源, 受理时间, 办理时限 empty; 测试甲镇 汇总 no unit, to
    // be given as its alias: a data clerk's walk)
    for (const [word, grand] of [
      ["计数", "总计数"],
      ["汇总", "总计"],
    ] as const) {
      const path = await writeWorkbook(dir, `分类汇总-${word}.xlsx`, {
        sheet: sheetXml([
          HEADER_ROW,
          ORDER_ROW(2, "S001", "测试甲镇"),
          ORDER_ROW(3, "S002", "测试甲镇"),
          subtotalRow(4, 0, "SUBTOTAL(3,A2:A3)", 2, 1, `测试甲镇 ${word}`),
          ORDER_ROW(5, "S003", "测试乙镇"),
          subtotalRow(6, 0, "SUBTOTAL(3,A5:A5)", 1, 1, `测试乙镇 ${word}`),
          subtotalRow(7, 0, "SUBTOTAL(3,A2:A6)", 3, 1, grand),
        ]),
      });
      expect(await skippedOf(path)).toEqual({
        ids: ["S001", "S002", "S003"],
        skipped: [`第 4 行（合计行：“测试甲镇 ${word}”）`, `第 6 行（合计行：“测试乙镇 ${word}”）`, `第 7 行（合计行：“${grand}”）`],
        problems: [],
      });
    }
    // LibreOffice's (数据→小计: 测试甲镇 求和, 总结果), two levels (by 承办单位, then 来源 within it: 县中心 计数 first, then
    // 测试甲镇 计数, whose group is the order above the 县中心 row), and the summary above its group (汇总结果显示在数据下方
    // unticked): a unit's name and the word, in the unit column, when the units are known
    const units = createUnitResolver([
      { code: "301", name: "测试甲镇" },
      { code: "302", name: "测试乙镇" },
    ]);
    const other = await writeWorkbook(dir, "分类汇总-其他.xlsx", {
      sheet: sheetXml([
        HEADER_ROW,
        ORDER_ROW(2, "S001", "测试甲镇"),
        subtotalRow(3, 0, "SUBTOTAL(9,A2:A2)", 1, 1, "测试甲镇 求和"),
        ORDER_ROW(4, "S002", "测试乙镇"),
        subtotalRow(5, 0, "SUBTOTAL(3,A4:A4)", 1, 2, "县中心 计数"),
        subtotalRow(6, 0, "SUBTOTAL(3,A4:A5)", 1, 1, "测试乙镇 计数"),
        subtotalRow(7, 0, "SUBTOTAL(3,A9:A9)", 1, 1, "测试甲镇 汇总"),
        ORDER_ROW(8, "S003", "测试甲镇"),
        subtotalRow(9, 0, "SUBTOTAL(9,A2:A8)", 3, 1, "总结果"),
      ]),
    });
    expect(await skippedOf(other, { resolveUnit: units })).toEqual({
      ids: ["S001", "S002", "S003"],
      skipped: [
        "第 3 行（合计行：“测试甲镇 求和”）",
        "第 5 行（合计行：“县中心 计数”）",
        "第 6 行（合计行：“测试乙镇 计数”）",
        "第 7 行（合计行：“测试甲镇 汇总”）",
        "第 9 行（合计行：“总结果”）",
      ],
      problems: [],
    });
  });

  it("CSV: a clerk's 测试乙镇 小计 below its unit's orders is left out; what could be a record is not", async () => {
    const path = await csvFile([
      ORDERS,
      "Z001,测试乙镇,县中心,2018-11-05 09:00,2018-11-10",
      "Z002,测试乙镇,县中心,2018-11-06 09:00,2018-11-13",
      ",测试乙镇 小计,2,,",
      // the label alone below another unit's orders, with no units known to tell it a unit's: not taken for a total
      ",测试丙镇 小计,1,,",
      // a unit's name ending so, every required column filled: a record
      "Z003,测试乙镇 小计,县中心,2018-11-05 09:00,2018-11-10",
    ]);
    const result = await skippedOf(path);
    expect(result.ids).toEqual(["Z001", "Z002", "Z003"]);
    expect(result.skipped).toEqual(["第 4 行（合计行：“测试乙镇 小计”）"]);
    // the 测试丙镇 row is refused as before, for its empty cells (工单编号, 受理时间, 办理时限)
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [5, "工单编号"],
      [5, "受理时间"],
      [5, "办理时限"],
    ]);
    // a fact whose 事项 ends in 合计 below the same 事项's row, every required column filled, is a record (the subtotal's
    // words and figures, but nothing empty)
    const facts = await loadRecords(await csvFile(["单位,年度,事项,值", "301,2018,受理量,10", "301,2018,受理量合计,12"]), "facts");
    expect(facts.problems).toEqual([]);
    expect(facts.records.map((r) => (r as { item: string }).item)).toEqual(["受理量", "受理量合计"]);
  });
});

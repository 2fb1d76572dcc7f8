/**
 * Order and event ids that lost their leading zeros in a spreadsheet (a platform CSV opened in Excel, WPS or
 * LibreOffice and saved as xlsx: 0000181203000 became the number 181203000): a new record whose id is a stored one's
 * without its zeros refuses the file — they were stored as new orders, every one counted twice — on both databases.
 */
import { describe, expect, it } from "vitest";
import { escapeXml, sheetXml, stylesXml, writeWorkbook } from "../../data/test/support/xlsx-writer.ts";
import { type ImportFile, importFiles } from "../src/import.ts";
import { writeXlsxParts } from "./fixtures-import/xlsx.ts";
import { databases, tableCounts, tableRows, useDatabase } from "./support/databases.ts";
import { useTempDir, writeCsvText } from "./support/files.ts";

const dir = useTempDir();
let n = 0;

const UNITS = ["单位编码,单位名称,类别", "Z01,唐山镇,镇"];
const ORDER_HEADER = ["工单编号", "承办单位", "来源", "受理时间", "办理时限", "结果满意度"];
const order = (id: string, satisfaction = "满意") => [id, "唐山镇", "县中心", "2018-12-03 08:00", "2018-12-10", satisfaction];
const EVENT_HEADER = "事件编号,单位,日期,事件类型";

const csv = (name: string, lines: readonly string[]): ImportFile => ({ path: writeCsvText(dir, `${++n}-${name}`, lines), name });

/** An xlsx of orders whose ids are number cells, as LibreOffice saves a CSV it read numbers from (<c t="n"><v>181203000</v>). */
async function xlsx(name: string, rows: readonly string[][]): Promise<ImportFile> {
  const cell = (ref: string, v: string, number: boolean) =>
    number ? `<c r="${ref}" t="n"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`;
  const xml = [ORDER_HEADER, ...rows].map(
    (cells, r) => `<row r="${r + 1}">${cells.map((v, i) => cell(`${String.fromCharCode(65 + i)}${r + 1}`, v, r > 0 && i === 0)).join("")}</row>`,
  );
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xml.join("")}</sheetData></worksheet>`;
  return { path: await writeXlsxParts(dir, `${++n}-${name}`, sheet), name };
}

/**
 * An xlsx whose cells of the columns `formatted` are number cells of these number formats (by column), as Excel and
 * WPS save a sheet whose column was formatted 0000: the numbers, shown with their zeros.
 */
async function formattedXlsx(name: string, header: readonly string[], rows: readonly string[][], formatted: Record<number, string>): Promise<ImportFile> {
  const formats = Object.values(formatted);
  const styles = stylesXml([0, ...formats]);
  const cell = (ref: string, v: string, column: number, r: number) => {
    const format = r > 0 ? formatted[column] : undefined;
    return format === undefined
      ? `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`
      : `<c r="${ref}" s="${formats.indexOf(format) + 1}"><v>${Number(v)}</v></c>`;
  };
  const xml = [header, ...rows].map(
    (cells, r) => `<row r="${r + 1}">${cells.map((v, i) => cell(`${String.fromCharCode(65 + i)}${r + 1}`, v, i, r)).join("")}</row>`,
  );
  return { path: await writeWorkbook(dir, `${++n}-${name}`, { sheet: sheetXml(xml), styles }), name };
}

const ADVICE = "：多半是有人用 Excel、WPS 或 LibreOffice 打开平台导出的文件后另存（如另存为 xlsx），编号列被当成了数字，开头的 0 被去掉了；";
const WHAT_TO_DO = "请在导出平台或 Excel 中把该列的单元格格式设为“文本”后重新导出，或直接导入平台导出的 CSV 文件（不经 Excel 打开另存），然后再导入";
/** The other way round: the stored ids lost their zeros, the file's are the platform's. */
const STORED_LOST = "：已导入的编号多半是从 Excel、WPS 或 LibreOffice 另存的文件读入的，编号列被当成了数字，开头的 0 被去掉了，本文件中的才是平台的编号；";

describe.each(databases)("ids that lost their leading zeros, on $label", (target) => {
  const t = useDatabase(target);
  const options = { actor: "测试员" };
  const snapshot = async () => ({ counts: await tableCounts(t.raw), orders: await tableRows(t.raw, "orders"), events: await tableRows(t.raw, "events") });

  it("refuses a file of new orders whose ids are stored ids without their leading zeros, naming a few pairs, the count and their rows", async () => {
    const stored = await importFiles(
      t.db,
      [
        csv("units.csv", UNITS),
        csv("orders-2018-12.csv", [
          ORDER_HEADER.join(","),
          ...["0000181203000", "0000181203001", "0000181203002", "0000181203003"].map((id) => order(id).join(",")),
        ]),
      ],
      options,
    );
    expect(stored.ok).toBe(true);
    const before = await snapshot();

    // the same orders saved again from a spreadsheet, the ids numbers now; 181203099 has no stored twin
    const resaved = await xlsx("orders-2018-12.xlsx", [order("181203099"), ...["181203000", "181203001", "181203002", "181203003"].map((id) => order(id))]);
    const result = await importFiles(t.db, [resaved], options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // one problem for the file, at the first row of the four (row 3: row 2 is 181203099), all four counted, three pairs
    // named, the first five rows (here the four)
    expect(result.problems.map(({ file, row, column, value, reason }) => ({ file, row, column, value, reason }))).toEqual([
      {
        file: "orders-2018-12.xlsx",
        row: 3,
        column: "工单编号",
        value: "181203000 等 4 个编号",
        reason: `共 4 个工单编号与已导入的工单编号只差开头的 0（如 181203000 与 0000181203000、181203001 与 0000181203001、181203002 与 0000181203002，在第 3、4、5、6 行）${ADVICE}这样导入会把它们存成另外 4 件工单，重复计分。${WHAT_TO_DO}`,
      },
    ]);
    expect(result.problems[0]?.reasonEn).toContain("181203000 is the stored 0000181203000");
    expect(await snapshot()).toEqual(before);

    // one such id: said of it alone
    const one = await importFiles(t.db, [csv("orders-one.csv", [ORDER_HEADER.join(","), order("181203002").join(",")])], options);
    expect(one.ok ? [] : one.problems.map((p) => p.reason)).toEqual([
      `工单编号 181203002 与已导入的 0000181203002 只差开头的 0（第 2 行）${ADVICE}这样导入会把它们存成另外 1 件工单，重复计分。${WHAT_TO_DO}`,
    ]);
    expect(await snapshot()).toEqual(before);

    // the platform's own CSV again (with a change): the stored orders, updated, and no problem
    const again = await importFiles(t.db, [csv("orders-again.csv", [ORDER_HEADER.join(","), order("0000181203000", "一般").join(",")])], options);
    expect(again.ok && again.files.map((f) => [f.inserted, f.updated])).toEqual([[0, 1]]);
  });

  it("refuses it within one import too (the CSV and the resaved workbook chosen together), and for events", async () => {
    const before = await snapshot();
    const both = await importFiles(
      t.db,
      [csv("orders-a.csv", [ORDER_HEADER.join(","), order("0042").join(",")]), await xlsx("orders-b.xlsx", [order("42")])],
      options,
    );
    expect(both.ok ? [] : both.problems.map((p) => [p.file, p.row, p.value])).toEqual([["orders-b.xlsx", 2, "42"]]);
    expect(await snapshot()).toEqual(before);

    expect((await importFiles(t.db, [csv("events-1.csv", [EVENT_HEADER, "0001,唐山镇,2018-12-05,推诿扯皮"])], options)).ok).toBe(true);
    const events = await importFiles(t.db, [csv("events-2.csv", [EVENT_HEADER, "1,唐山镇,2018-12-05,推诿扯皮"])], options);
    expect(events.ok ? [] : events.problems.map((p) => [p.column, p.reason])).toEqual([
      ["事件编号", `事件编号 1 与已导入的 0001 只差开头的 0（第 2 行）${ADVICE}这样导入会把它们存成另外 1 个考核事件，重复计分。${WHAT_TO_DO}`],
    ]);
  });

  it("leaves alone a stored id of digits updated beside its zero-led twin, an id of digits with no twin, and ids past the first page of stored ones", async () => {
    // 777 and its twin 0777 both stored (as they were before either way was refused; made so by hand here, 778 renamed)
    expect((await importFiles(t.db, [csv("orders-777.csv", [ORDER_HEADER.join(","), order("777").join(","), order("778").join(",")])], options)).ok).toBe(true);
    await t.raw.execute(`UPDATE "orders" SET "id" = '0777' WHERE "id" = '778'`);
    // 777 again, changed, and 0777 changed: updates of stored orders, not new ones
    const update = await importFiles(
      t.db,
      [csv("orders-777b.csv", [ORDER_HEADER.join(","), order("777", "一般").join(","), order("0777", "一般").join(","), order("12345").join(",")])],
      options,
    );
    expect(update.ok && update.files.map((f) => [f.inserted, f.updated])).toEqual([[1, 2]]);

    // more zero-led ids stored than a page of the lookup (5,000): 0905002 is on its second page (none is a stored id of
    // digits with zeros added: 0000777 would be 777's)
    const many = Array.from({ length: 5002 }, (_, i) => order(`09${String(i + 1).padStart(5, "0")}`).join(","));
    expect((await importFiles(t.db, [csv("orders-many.csv", [ORDER_HEADER.join(","), ...many])], options)).ok).toBe(true);
    const late = await importFiles(t.db, [csv("orders-late.csv", [ORDER_HEADER.join(","), order("905002").join(",")])], options);
    expect(late.ok ? [] : late.problems.map((p) => p.value)).toEqual(["905002"]);
  });
  it("refuses a file of new orders whose ids are stored ids with zeros added (the workbook read first lost them), naming the file they came from; events too", async () => {
    // the month's orders read from a workbook that lost the zeros (number cells, General), then the platform's CSV
    const resaved = await xlsx("orders-resaved.xlsx", [order("181204000"), order("181204001")]);
    expect((await importFiles(t.db, [resaved], options)).ok).toBe(true);
    const before = await snapshot();
    const platform = await importFiles(
      t.db,
      [
        csv("orders-platform.csv", [
          ORDER_HEADER.join(","),
          order("0000181204099").join(","),
          order("0000181204000").join(","),
          order("0000181204001").join(","),
        ]),
      ],
      options,
    );
    // both counted and named, at their rows (3 and 4; row 2's 0000181204099 has no stored twin), the stored ones' file
    // named as the import to undo
    expect(platform.ok ? [] : platform.problems.map(({ file, row, column, value, reason }) => ({ file, row, column, value, reason }))).toEqual([
      {
        file: "orders-platform.csv",
        row: 3,
        column: "工单编号",
        value: "0000181204000 等 2 个编号",
        reason:
          `共 2 个工单编号与已导入的工单编号只差开头的 0（如 0000181204000 与 181204000、0000181204001 与 181204001，在第 3、4 行）${STORED_LOST}` +
          "这样导入会把它们存成另外 2 件工单，重复计分。请先在控制台“数据”页的导入记录中撤销导入了 181204000、181204001 的那次导入（“orders-resaved.xlsx”），再导入本文件",
      },
    ]);
    expect(await snapshot()).toEqual(before);

    // events: 5 stored, then 0005
    expect((await importFiles(t.db, [csv("events-5.csv", [EVENT_HEADER, "5,唐山镇,2018-12-05,推诿扯皮"])], options)).ok).toBe(true);
    const events = await importFiles(t.db, [csv("events-0005.csv", [EVENT_HEADER, "0005,唐山镇,2018-12-05,推诿扯皮"])], options);
    expect(events.ok ? [] : events.problems.map((p) => [p.column, p.reason])).toEqual([
      [
        "事件编号",
        `事件编号 0005 与已导入的 5 只差开头的 0（第 2 行）${STORED_LOST}这样导入会把它们存成另外 1 个考核事件，重复计分。请先在控制台“数据”页的导入记录中撤销导入了 5 的那次导入（“events-5.csv”），再导入本文件`,
      ],
    ]);
  });

  it("says an id's lost zeros on a row with another problem at once, not after that problem is put right", async () => {
    expect((await importFiles(t.db, [csv("orders-0x.csv", [ORDER_HEADER.join(","), order("0000181205000").join(",")])], options)).ok).toBe(true);
    // row 2: the id that lost its zeros, and a 结果满意度 no level
    const file = csv("orders-both.csv", [ORDER_HEADER.join(","), order("181205000", "很好").join(",")]);
    const result = await importFiles(t.db, [file], options);
    expect(result.ok ? [] : result.problems.map((p) => [p.row, p.column, p.value])).toEqual([
      [2, "结果满意度", "很好"],
      [2, "工单编号", "181205000"],
    ]);
  });

  it("stores the orders of a workbook whose ids are number cells formatted 000000000000 once, with the CSV of the same sheet; a unit code formatted 0000 as shown", async () => {
    // units: 301 formatted 0000, shown 0301 (and so in the CSV the list is saved as)
    const units = await formattedXlsx("units.xlsx", ["单位编码", "单位名称", "类别"], [["301", "测试甲镇", "镇"]], { 0: "0000" });
    // the ids as Excel shows them: 020181100001, 020181100002 (a platform's 12 digits), read so
    const row = (id: string) => [id, "0301", "县中心", "2018-11-05 09:00", "2018-11-12", "满意"];
    const workbook = await formattedXlsx("orders-2018-11.xlsx", ORDER_HEADER, [row("20181100001"), row("20181100002")], { 0: "000000000000" });
    const first = await importFiles(t.db, [units, workbook], options);
    expect(first.ok && first.files.map((f) => [f.file, f.inserted])).toEqual([
      ["units.xlsx", 1],
      ["orders-2018-11.xlsx", 2],
    ]);
    // the same sheet saved as CSV: the same two orders, unchanged
    const again = await importFiles(
      t.db,
      [csv("orders-2018-11.csv", [ORDER_HEADER.join(","), ...["020181100001", "020181100002"].map((id) => row(id).join(","))])],
      options,
    );
    expect(again.ok && again.files.map((f) => [f.inserted, f.updated, f.unchanged])).toEqual([[0, 0, 2]]);
    const stored = await tableRows(t.raw, "orders");
    expect(stored.map((o) => [o.id, o.unit]).filter(([id]) => String(id).includes("2018110000"))).toEqual([
      ["020181100001", "0301"],
      ["020181100002", "0301"],
    ]);
    expect((await tableRows(t.raw, "units", '"code"')).map((u) => [u.code, u.name]).filter(([, name]) => name === "测试甲镇")).toEqual([["0301", "测试甲镇"]]);
  });
  it("a units list whose code is a stored unit's with zeros added (0304 for 304) is told why its name is taken, and the way out: the stored code and an alias", async () => {
    // 304: the list as a workbook reader read it before a code formatted 0000 was read as shown; its orders under 304
    expect((await importFiles(t.db, [csv("units-304.csv", ["单位编码,单位名称,类别", "304,测试丁镇,镇"])], options)).ok).toBe(true);
    const again = await importFiles(t.db, [csv("units-0304.csv", ["单位编码,单位名称,类别", "0304,测试丁镇,镇"])], options);
    expect(again.ok ? [] : again.problems.map((p) => [p.row, p.column, p.reason])).toEqual([
      [
        2,
        "单位名称",
        "单位名称已被单位 304 使用；本行的单位编码“0304”与 304 只差开头的 0：已存储的编码多半是以前导入单位名单时开头的 0 被去掉了（编码列是数字单元格）。" +
          "如是同一单位，请按已存储的写法填写编码（304），并在“别名”列写上 0304，写作 0304 的工单、事件即可识别",
      ],
    ]);
    // as it says: the stored code, 0304 its alias; an order naming 0304 is then the unit's
    expect((await importFiles(t.db, [csv("units-alias.csv", ["单位编码,单位名称,类别,别名", "304,测试丁镇,镇,0304"])], options)).ok).toBe(true);
    const orders = await importFiles(
      t.db,
      [csv("orders-0304.csv", [ORDER_HEADER.join(","), ["0000181206000", "0304", "县中心", "2018-12-03 08:00", "2018-12-10", "满意"].join(",")])],
      options,
    );
    expect(orders.ok).toBe(true);
    expect((await tableRows(t.raw, "orders")).filter((o) => o.id === "0000181206000").map((o) => o.unit)).toEqual(["304"]);
  });
});

/**
 * Order and event ids that lost their leading zeros in a spreadsheet (a platform CSV opened in Excel, WPS or
 * LibreOffice and saved as xlsx: 0000181203000 became the number 181203000): a new record whose id is a stored one's
 * without its zeros refuses the file — they were stored as new orders, every one counted twice — on both databases.
 */
import { describe, expect, it } from "vitest";
import { escapeXml } from "../../data/test/support/xlsx-writer.ts";
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

const ADVICE = "：多半是有人用 Excel、WPS 或 LibreOffice 打开平台导出的文件后另存（如另存为 xlsx），编号列被当成了数字，开头的 0 被去掉了；";
const WHAT_TO_DO = "请在导出平台或 Excel 中把该列的单元格格式设为“文本”后重新导出，或直接导入平台导出的 CSV 文件（不经 Excel 打开另存），然后再导入";

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
    // 777 stored first, then 0777 (an id that starts with 0 is never the one that lost its zeros): both kept
    expect((await importFiles(t.db, [csv("orders-777.csv", [ORDER_HEADER.join(","), order("777").join(",")])], options)).ok).toBe(true);
    expect((await importFiles(t.db, [csv("orders-0777.csv", [ORDER_HEADER.join(","), order("0777").join(",")])], options)).ok).toBe(true);
    // 777 again, changed: an update of a stored order, not a new one
    const update = await importFiles(
      t.db,
      [csv("orders-777b.csv", [ORDER_HEADER.join(","), order("777", "一般").join(","), order("12345").join(",")])],
      options,
    );
    expect(update.ok && update.files.map((f) => [f.inserted, f.updated])).toEqual([[1, 1]]);

    // more zero-led ids stored than a page of the lookup (5,000): 0005002 is on its second page
    const many = Array.from({ length: 5002 }, (_, i) => order(String(i + 1).padStart(7, "0")).join(","));
    expect((await importFiles(t.db, [csv("orders-many.csv", [ORDER_HEADER.join(","), ...many])], options)).ok).toBe(true);
    const late = await importFiles(t.db, [csv("orders-late.csv", [ORDER_HEADER.join(","), order("5002").join(",")])], options);
    expect(late.ok ? [] : late.problems.map((p) => p.value)).toEqual(["5002"]);
  });
});

/**
 * Sheets that ask for more than any table of records holds, found by a security review: a value in the sheet's last
 * column (XFD) on every row made each row's checks walk 16,384 columns (an 8 MB file held the writer for 13 minutes),
 * and a kilobyte of .ods repeating one row a million times across every column asked for gigabytes. The first is
 * refused at its column as any value beyond the header is (its columns beyond 1,024 no longer kept), the second at once.
 */
import { describe, expect, it } from "vitest";
import { loadRecords } from "../../src/validate/read-records.ts";
import { odsRow, writeOds } from "../support/ods-writer.ts";
import { useTempDir } from "../support/temp-dir.ts";
import { escapeXml, sheetXml, writeWorkbook } from "../support/xlsx-writer.ts";

const dir = await useTempDir();
const HEADER = ["工单编号", "承办单位", "来源", "受理时间", "办理时限"];
const text = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(value)}</t></is></c>`;

describe("a sheet wider or longer than records are", () => {
  it("a value in column XFD is refused at its column, as a value beyond the header is", async () => {
    const header = `<row r="1">${HEADER.map((h, i) => text(`${"ABCDE"[i]}1`, h)).join("")}</row>`;
    const rows = Array.from(
      { length: 20_000 },
      (_, i) =>
        `<row r="${i + 2}">${text(`A${i + 2}`, `GD${i}`)}${text(`B${i + 2}`, "唐山镇")}${text(`C${i + 2}`, "县中心")}${text(`D${i + 2}`, "2018-11-03 14:05")}${text(`E${i + 2}`, "2018-11-10")}<c r="XFD${i + 2}"><v>1</v></c></row>`,
    );
    const path = await writeWorkbook(dir, "orders-xfd.xlsx", { sheet: sheetXml([header, ...rows]) });
    const result = await loadRecords(path, "orders");
    expect(result.records).toEqual([]);
    expect(result.problems[0]).toMatchObject({ row: 2, column: "第16384列", value: "1" });
    expect(result.problems[0]?.reason).toMatch(/^此行在第16384列（XFD 列）有内容，但该列没有列名/);
  });

  it("an .ods row repeated a million times across every column is refused at once, not copied", async () => {
    const path = await writeOds(dir, "orders-repeated.ods", [
      {
        name: "工单",
        rows:
          odsRow(HEADER) +
          '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
      },
    ]);
    const result = await loadRecords(path, "orders");
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/第 2 行起的同一行内容重复了 1,048,000 次（每行 1,024 个单元格）/)]);
  });
});

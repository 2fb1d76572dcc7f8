/**
 * A hotline platform's "导出 Excel": an HTML table, named .xls or .xlsx (or .html), as such exporters write it
 * (a title outside the table, `<th>` headers, unclosed `<td>`s, `&nbsp;` for empty, `<br>` in a cell, GBK declared in a
 * `<meta>`, spans across columns and down rows), read as Excel opens it.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { type RawRow, type ReadProgress, readTable, readTableBatches, tableFormatOf } from "../../src/read/read-table.ts";
import { loadRecords } from "../../src/validate/read-records.ts";
import { useTempDir } from "../support/temp-dir.ts";

const dir = await useTempDir();
let n = 0;

async function page(html: string | Buffer, ext = ".xls"): Promise<string> {
  const path = join(dir, `export-${++n}${ext}`);
  await writeFile(path, html);
  return path;
}

async function rowsOf(path: string, options: Parameters<typeof readTable>[2] = {}, format = tableFormatOf(path) ?? "xlsx"): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readTable(path, format, options)) rows.push(row);
  return rows;
}

const EXPORT = `<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>工单导出</title>
<style>td { mso-number-format:"\\@"; }</style></head>
<body>
<h3>2018年10月工单</h3>
<table border="1">
<thead><tr><th>工单编号</th><th>承办单位</th><th>受理时间</th><th>说明</th></tr></thead>
<tbody>
<tr><td>GD1<td>唐山镇<td>2018-10-03 08:05<td>第一行&nbsp;&amp;&lt;b&gt;<br/>第二行</tr>
<tr><td>GD2</td><td>&nbsp;</td><td>2018/10/4</td><td>  多个   空格  </td></tr>
<tr><td></td><td></td><td></td><td></td></tr>
<tr><td>GD3</td><td>果里镇</td><td>2018年10月5日</td><td>&#x4E2D;&#25991;</td></tr>
</tbody></table>
<script>var a = "<td>不是数据</td>";</script>
</body></html>`;

describe("HTML tables (a platform's Excel export)", () => {
  it("reads a .xls that is a web page as Excel shows it: a row a <tr>, text of each cell, blank rows skipped but counted", async () => {
    const rows = await rowsOf(await page(EXPORT), {}, "xlsx");
    expect(rows).toEqual([
      { row: 1, cells: ["工单编号", "承办单位", "受理时间", "说明"] },
      { row: 2, cells: ["GD1", "唐山镇", "2018-10-03 08:05", "第一行 &<b>\n第二行"] },
      { row: 3, cells: ["GD2", "", "2018/10/4", "多个 空格"] },
      { row: 5, cells: ["GD3", "果里镇", "2018年10月5日", "中文"] },
    ]);
  });

  it("a date with its time on a second line (2018-11-03<br>14:05:00) is that moment; <br> in a text cell is still a line break", async () => {
    const path = await page(`<html><head><meta charset="utf-8"></head><body><table>
<tr><th>工单编号</th><th>承办单位</th><th>来源</th><th>受理时间</th><th>办理时限</th><th>说明</th></tr>
<tr><td>GD1</td><td>唐山镇</td><td>县中心</td><td>2018-11-03<br>14:05:00</td><td>2018-11-12</td><td>第一行<br>第二行</td></tr>
<tr><td>GD2</td><td>唐山镇</td><td>县中心</td><td>2018-11-03 <br/> 14:05</td><td>2018-11-12<br>24:00</td><td>一行</td></tr>
</table></body></html>`);
    const { records, problems } = await loadRecords(path, "orders");
    expect(problems).toEqual([]);
    const moment = Date.parse("2018-11-03T14:05:00+08:00");
    expect(records.map((o) => o.receivedAt)).toEqual([moment, moment]);
    expect(records.map((o) => o.attributes.说明)).toEqual(["第一行\n第二行", "一行"]);
  });

  it("reads .html by its name, and a page named .xlsx or .ods by its content", async () => {
    for (const ext of [".html", ".htm", ".xlsx", ".ods"]) {
      const path = await page(EXPORT, ext);
      const rows = await rowsOf(path, {}, tableFormatOf(path));
      expect(
        rows.map((r) => r.cells[0]),
        ext,
      ).toEqual(["工单编号", "GD1", "GD2", "GD3"]);
    }
  });

  it("decodes a page saved in GBK as its <meta> says, and one that says nothing as the bytes show", async () => {
    const gbk = EXPORT.replace("charset=utf-8", "charset=gb2312");
    const declared = await rowsOf(await page(iconv.encode(gbk, "gbk"), ".html"));
    expect(declared[1]?.cells.slice(0, 2)).toEqual(["GD1", "唐山镇"]);
    const undeclared = await rowsOf(await page(iconv.encode(EXPORT.replace(/<meta[^>]*>/, ""), "gbk"), ".html"));
    expect(undeclared[3]?.cells[1]).toBe("果里镇");
  });

  it("a cell spanning columns is in its first column; one spanning rows is in each of its rows", async () => {
    const html = `<table>
      <tr><th colspan="3">2018年10月工单汇总</th></tr>
      <tr><th>承办单位</th><th>工单编号</th><th>满意度</th></tr>
      <tr><td rowspan="2">唐山镇</td><td>GD1</td><td>满意</td></tr>
      <tr><td>GD2</td><td>不满意</td></tr>
      <tr><td>果里镇</td><td>GD3</td><td rowspan="2">满意</td></tr>
      <tr><td>田庄镇</td><td>GD4</td></tr>
    </table>`;
    const rows = await rowsOf(await page(html, ".html"));
    expect(rows.map((r) => r.cells)).toEqual([
      ["2018年10月工单汇总", null, null],
      ["承办单位", "工单编号", "满意度"],
      ["唐山镇", "GD1", "满意"],
      ["唐山镇", "GD2", "不满意"],
      ["果里镇", "GD3", "满意"],
      ["田庄镇", "GD4", "满意"],
    ]);
  });

  it("of several tables reads the one that fits; a table inside a cell is that cell's text", async () => {
    const html = `<table><tr><td>导出时间</td><td>2018-11-01</td></tr></table>
      <table>
        <tr><td>工单编号</td><td>承办单位</td></tr>
        <tr><td>GD1</td><td><table><tr><td>唐山镇</td><td>（乡镇）</td></tr></table></td></tr>
      </table>`;
    const fit = { rows: 1, score: (rows: readonly RawRow[]) => (rows[0]?.cells[0] === "工单编号" ? Number.POSITIVE_INFINITY : 0) };
    const rows = await rowsOf(await page(html, ".html"), { sheetFit: fit });
    expect(rows).toEqual([
      { row: 2, cells: ["工单编号", "承办单位"] },
      { row: 3, cells: ["GD1", "唐山镇 （乡镇）"] },
    ]);
    // without a fit, the first table with a row; a fit no table meets: the best
    expect((await rowsOf(await page(html, ".html"))).map((r) => r.row)).toEqual([1]);
    const best = { rows: 2, score: (rows: readonly RawRow[]) => rows.length };
    expect((await rowsOf(await page(html, ".html"), { sheetFit: best })).map((r) => r.row)).toEqual([2, 3]);
  });

  it("streams a large page in batches, with progress, and stops after the leading rows asked for", async () => {
    const body = Array.from({ length: 12_000 }, (_, i) => `<tr><td>GD${i + 1}</td><td>唐山镇</td></tr>`).join("\n");
    const path = await page(`<html><body><table><tr><th>工单编号</th><th>承办单位</th></tr>${body}</table></body></html>`, ".html");
    const sizes: number[] = [];
    const progress: ReadProgress[] = [];
    for await (const batch of readTableBatches(path, "html", { onProgress: (p) => progress.push(p) })) sizes.push(batch.length);
    expect(sizes.reduce((a, b) => a + b)).toBe(12_001);
    expect(sizes.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ rows: 12_001, done: true });
    expect(progress.at(-1)?.bytesRead).toBe(progress.at(-1)?.totalBytes);
    const leading = await rowsOf(path, { leadingRows: 3 });
    expect(leading.map((r) => r.cells[0])).toEqual(["工单编号", "GD1", "GD2"]);
  });

  it("reads the pages exporters write with something before the table, as Excel and WPS open them", async () => {
    const table = `<table border=1>
<tr><td>工单编号</td><td>承办单位</td></tr>
<tr><td>GD1</td><td>唐山镇</td></tr></table>`;
    const pages = {
      // XHTML: an XML declaration and a doctype before <html>
      xhtml: `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/></head><body>${table}</body></html>`,
      // a JSP's style sheet for Excel first, longer than a first kilobyte
      style: `<style type="text/css">td{mso-number-format:"\\@";}\n${"/* 样式 */ .c { border: 1px solid #000; }\n".repeat(40)}</style>\n<meta charset="utf-8">\n${table}`,
      // a title in a heading in a <div>: not data
      div: `<div align="center"><h3>桓台县12345热线工单明细</h3></div>\n<meta charset="utf-8">${table}`,
      // the title's words like a CSV's lines (a comma, two lines), inside its element: the page's text (a review)
      range: `<div>统计范围: 2018-10-26, 2018-11-25\n单位: 唐山镇</div>\n${table}`,
    };
    for (const [name, html] of Object.entries(pages)) {
      expect(await rowsOf(await page(html)), name).toEqual([
        { row: 1, cells: ["工单编号", "承办单位"] },
        { row: 2, cells: ["GD1", "唐山镇"] },
      ]);
    }
    // ASP.NET's: UTF-16LE with a BOM
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<html><head><title>工单</title></head><body>${table}</body></html>`, "utf16le")]);
    expect((await rowsOf(await page(utf16))).map((r) => r.cells)).toEqual([
      ["工单编号", "承办单位"],
      ["GD1", "唐山镇"],
    ]);
  });

  it("a CSV whose first cell begins with a tag stays a CSV, and an Excel 2003 XML workbook is read as one, not as a page", async () => {
    const lines = ["<b>工单编号</b>,承办单位,诉求内容", "GD1,唐山镇,<table>网页粘贴的内容</table>", "GD2,果里镇,无"];
    for (const ext of [".csv", ".xls"]) {
      const rows = await rowsOf(await page(lines.join("\n"), ext));
      expect(
        rows.map((r) => r.cells.length),
        ext,
      ).toEqual([3, 3, 3]);
      expect(rows[1]?.cells[2], ext).toBe("<table>网页粘贴的内容</table>");
    }
    const tabbed = await rowsOf(await page(["<div>工单编号</div>\t承办单位", "GD1\t<table>"].join("\r\n"), ".csv"));
    expect(tabbed.map((r) => r.cells)).toEqual([
      ["<div>工单编号</div>", "承办单位"],
      ["GD1", "<table>"],
    ]);
    const workbook2003 = await page(
      '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type="String">工单编号</Data></Cell></Row></Table></Worksheet></Workbook>\n',
    );
    expect(await rowsOf(workbook2003)).toEqual([{ row: 1, cells: ["工单编号"] }]);
  });

  it("a page with no table says so in Chinese", async () => {
    const path = await page("<html><body><p>系统繁忙，请稍后再试</p></body></html>", ".xls");
    await expect(rowsOf(path, {}, "xlsx")).rejects.toMatchObject({ reason: expect.stringContaining("没有表格") });
  });

  it("imports a platform's orders export named .xlsx as the same orders as its CSV", async () => {
    const header = ["工单编号", "来源", "承办单位", "受理时间", "办理时限", "办结时间", "过程满意度", "结果满意度"];
    const data = [
      ["GD1", "县中心", "HTZ01", "2018-10-03 08:05", "2018-10-10 17:00", "2018-10-05 09:00", "满意", "满意"],
      ["GD2", "市中心", "HTZ02", "2018-10-04 10:00", "2018-10-11 17:00", "", "", ""],
    ];
    const csv = await page([header, ...data].map((r) => r.join(",")).join("\n"), ".csv");
    const cell = (v: string) => (v === "" ? "<td>&nbsp;</td>" : `<td>${v}</td>`);
    const html = await page(`<table>${[header, ...data].map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("\n")}</table>`, ".xlsx");
    const fromCsv = await loadRecords(csv, "orders");
    const fromHtml = await loadRecords(html, "orders");
    expect(fromCsv.problems).toEqual([]);
    expect(fromHtml.problems).toEqual([]);
    expect(fromHtml.records).toEqual(fromCsv.records);
    expect(fromHtml.records).toHaveLength(2);
  });
});

/**
 * Reading the rows of a CSV, XLSX, XLS, ODS or Excel 2003 XML file as a stream, so a file of a million
 * rows is never held in memory whole (an .xls, of 65,536 rows a sheet at most, is read from memory).
 */

import { stat } from "node:fs/promises";
import { extname } from "node:path";
import { TABLE_FILE_TYPES_EN, TABLE_FILE_TYPES_TEXT } from "../file-names.ts";
import { readCsvBatches } from "./read-csv.ts";
import { looksLikeHtml, readHtmlBatches } from "./read-html.ts";
import { readOdsBatches } from "./read-ods.ts";
import { isSpreadsheetMl, readSpreadsheetMlBatches } from "./read-spreadsheetml.ts";
import { readXlsBatches } from "./read-xls.ts";
import { readXlsxBatches } from "./read-xlsx.ts";
import { type RawRow, type ReadTableOptions, type TableFormat, TableReadError } from "./table-common.ts";
import { sniffWideEncoding } from "./text-encoding.ts";
import { kindOfHead, readAt, workbookOfHead } from "./zip.ts";

export {
  type Cell,
  type RawRow,
  type ReadProgress,
  type ReadTableOptions,
  type SheetView,
  type SkippedSheet,
  type TableFormat,
  TableReadError,
} from "./table-common.ts";

/** The format a file name says, if it is one we read. */
export function tableFormatOf(path: string): TableFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" || ext === ".txt" || ext === ".tsv") return "csv";
  if (ext === ".xlsx") return "xlsx";
  if (ext === ".xls") return "xls";
  if (ext === ".ods") return "ods";
  if (ext === ".html" || ext === ".htm") return "html";
  // Excel 2003's XML spreadsheet, as Excel names it (XML 电子表格 2003, *.xml)
  if (ext === ".xml") return "xml";
  return undefined;
}

/**
 * The non-empty rows of the file (of a workbook, the sheet `options.sheetFit`
 * chooses, else the first visible one), header included, in batches. Blank rows are skipped but counted, so row numbers
 * match what a spreadsheet shows. Fails with a `TableReadError` when the file
 * cannot be read.
 */
export function readTableBatches(path: string, format: TableFormat | undefined = tableFormatOf(path), options: ReadTableOptions = {}): AsyncIterable<RawRow[]> {
  if (format === undefined) {
    return failing(
      new TableReadError(
        path,
        `不支持的文件类型（应为 ${TABLE_FILE_TYPES_TEXT}）：请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再导入`,
        `unsupported file type (expected ${TABLE_FILE_TYPES_EN}): save it as .xlsx from Excel or WPS`,
      ),
    );
  }
  return readByContent(path, format, options);
}

/**
 * A file is read as what its first bytes say it is when they say otherwise than its name: an old Excel workbook (.xls)
 * named .xlsx or .csv (exporters name them .xlsx, users rename them), a web page a hotline platform's "导出 Excel"
 * writes as an HTML table and names .xls or .xlsx (Excel and WPS open it as a sheet), Excel 2003's XML spreadsheet
 * another platform's writes under the name .xls, .xlsx or .xml, a UTF-16 text table (Excel's “Unicode 文本”, with its
 * BOM or without) named .xls, an .ods named .xls or .xlsx, an .xlsx named .ods or .xml; else by the reader its name says (readXlsBatches
 * reads an .xlsx named .xls; readSpreadsheetMlBatches refuses a .xml that is no workbook, saying so).
 */
async function* readByContent(path: string, format: TableFormat, options: ReadTableOptions): AsyncIterable<RawRow[]> {
  const head = await fileHead(path);
  // a file of no bytes is empty, whatever its name says (a workbook's reader would call it damaged), as a CSV is
  if (head.length === 0 && (await isEmptyFile(path))) return;
  // a PDF (the platform's report printed, or a scan) named as a workbook: the general "damaged, save it as .xlsx in
  // Excel" is no advice for it (a county data walk)
  if (format !== "csv" && format !== "html" && isPdf(head)) {
    const named = extname(path);
    throw new TableReadError(
      path,
      `这是 PDF 文档，不是 Excel 表格，只是扩展名为 ${named}：PDF 中的表格无法导入，请在平台上把数据导出为 Excel 或 CSV 文件后再导入`,
      `a PDF document named ${named}, not a workbook: export the data from the platform as Excel or CSV`,
    );
  }
  const kind = kindOfHead(head);
  // LibreOffice and WPS save an .ods, Excel and WPS an .xlsx, under any name the user types
  const workbook = format === "csv" ? null : workbookOfHead(head);
  // its own XML declaration and root before a web page's test, which it is not (an XML declaration, then no <html>)
  if (format !== "csv" && isSpreadsheetMl(head)) yield* readSpreadsheetMlBatches(path, options);
  else if (format === "html" || looksLikeHtml(head)) yield* readHtmlBatches(path, options);
  // Excel's and WPS's 另存为“Unicode 文本” (UTF-16 with its BOM, tab-separated), as platforms export it under the name
  // .xls: it was refused as a damaged workbook, and read when renamed .txt (a finder's export files); some exporters
  // write it without the BOM, told by its NULs and its text (never a file with an OLE or zip signature)
  else if (isUtf16Text(head) || (kind !== "ole" && kind !== "zip" && isBomlessUtf16Text(head))) yield* readCsvBatches(path, options);
  else if (workbook === "ods") yield* readOdsBatches(path, options);
  else if (workbook === "xlsx" && (format === "ods" || format === "xml")) yield* readXlsxBatches(path, options);
  else if (format === "xls" || kind === "ole") yield* readXlsBatches(path, options);
  else if (format === "csv") yield* readCsvBatches(path, options);
  else if (format === "xlsx") yield* readXlsxBatches(path, options);
  else if (format === "xml") yield* readSpreadsheetMlBatches(path, options);
  else yield* readOdsBatches(path, options);
}

/**
 * The non-empty rows of a CSV, XLSX, XLS, ODS or Excel 2003 XML file (as `readTableBatches`), header included,
 * streamed. `format` defaults to what the file name says.
 */
export async function* readTable(path: string, format: TableFormat | undefined = tableFormatOf(path), options: ReadTableOptions = {}): AsyncIterable<RawRow> {
  for await (const batch of readTableBatches(path, format, options)) yield* batch;
}

/**
 * A file's first bytes (none if it cannot be opened: the reader then says so): enough for a web page's table to be
 * reached after the style sheet or script an export writes before it.
 */
async function fileHead(path: string): Promise<Buffer> {
  try {
    return await readAt(path, 0, 4096);
  } catch {
    return Buffer.alloc(0);
  }
}

/** A PDF begins with its signature `%PDF-` (readers allow bytes before it; writers put none, or a BOM a tool added). */
const isPdf = (head: Buffer) => /^(?:\xef\xbb\xbf)?\s*%PDF-/.test(head.toString("latin1", 0, 64));

/** Text in UTF-16, told by its BOM (little- or big-endian); a web page or an XML workbook so written is told before. */
const isUtf16Text = (head: Buffer) => head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));

/**
 * UTF-16 text without its BOM (“Unicode 文本” as some exporters write it, under the name .xls): told as the text reader
 * tells it, by the NUL bytes of its ASCII characters all in odd (little-endian) or all in even places, and besides by its
 * first kilobyte reading as a table's text does: a tab or a line end, no control characters, no broken surrogate
 * pairs. A binary file with NULs so placed (an old BIFF workbook without the OLE wrapper) reads as control characters.
 */
function isBomlessUtf16Text(head: Buffer): boolean {
  const wide = sniffWideEncoding(head);
  if (wide !== "UTF-16LE" && wide !== "UTF-16BE") return false;
  const bytes = Buffer.from(head.subarray(0, Math.min(head.length, 1024) & ~1));
  if (wide === "UTF-16BE") bytes.swap16();
  const text = bytes.toString("utf16le");
  let lines = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x09 || c === 0x0a) lines = true;
    else if ((c < 0x20 && c !== 0x0d) || c === 0x7f || c === 0xfffe || c === 0xffff) return false;
    else if (c >= 0xd800 && c <= 0xdbff) {
      // a high surrogate before its low one (the sample may end between them)
      const next = text.charCodeAt(i + 1);
      if (i + 1 < text.length && !(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return lines;
}

/** Is the file there, and of no bytes? (One that cannot be opened is not: its reader says why.) */
async function isEmptyFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size === 0;
  } catch {
    return false;
  }
}

// biome-ignore lint/correctness/useYield: an iterable that fails when iterated
async function* failing(error: Error): AsyncIterable<never> {
  throw error;
}

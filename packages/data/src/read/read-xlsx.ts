/**
 * The first sheet of an XLSX file, streamed through exceljs's WorkbookReader.
 *
 * exceljs 4.4.0's streaming reader decodes every chunk of the zip as UTF-8 on
 * its own, so a Chinese character cut by a chunk boundary turns into "��"
 * (exceljs issues #2063, #2084, #2316; the fixes were never merged). With
 * Chinese text in every cell that corrupts a few names per thousand rows.
 * `Utf8SafeWorkbookReader` hands exceljs text already decoded with a
 * streaming decoder, which exceljs passes through untouched.
 */

import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { type Cell, fileSize, isBlank, type RawRow, type ReadTableOptions, TableReadError } from "./table-common.ts";

const XLSX_READ_BYTES = 1 << 16;
const XLSX_BATCH_ROWS = 5000;

interface SheetRow {
  number: number;
  values: unknown;
}

/** The parts of exceljs's WorkbookReader this module relies on (not in its typings). */
interface WorkbookReaderInternals {
  model?: { sheets?: { name?: string }[] };
  sharedStrings?: unknown[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
  [Symbol.asyncIterator](): AsyncIterator<WorksheetReaderInternals>;
}

interface WorksheetReaderInternals extends AsyncIterable<SheetRow> {
  name?: string;
}

const BaseWorkbookReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (
  input: Readable,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => WorkbookReaderInternals;

/** Buffers → text, with characters cut between chunks joined again. */
async function* decodeUtf8(source: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of source) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    if (text !== "") yield text;
  }
  const rest = decoder.decode();
  if (rest !== "") yield rest;
}

class Utf8SafeWorkbookReader extends BaseWorkbookReader {
  override _parseRels(entry: Readable) {
    entry.setEncoding("utf8");
    return super._parseRels(entry);
  }
  override _parseWorkbook(entry: Readable) {
    entry.setEncoding("utf8");
    return super._parseWorkbook(entry);
  }
  override _parseStyles(entry: Readable) {
    entry.setEncoding("utf8");
    return super._parseStyles(entry);
  }
  override _parseSharedStrings(entry: Readable) {
    entry.setEncoding("utf8");
    return super._parseSharedStrings(entry);
  }
  override _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string) {
    // a sheet comes either from the zip entry or, when it precedes the shared strings, from a temp file
    return super._parseWorksheet(decodeUtf8(iterator), sheetNo);
  }
}

/** exceljs cell values → Cell */
function xlsxCell(value: unknown, sharedStrings: readonly unknown[] | undefined): Cell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "object": {
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
      const v = value as Record<string, unknown>;
      if (Array.isArray(v.richText)) return v.richText.map((run: { text?: unknown }) => String(run.text ?? "")).join("");
      if ("result" in v) return xlsxCell(v.result, sharedStrings);
      if ("formula" in v || "sharedFormula" in v) return null;
      if ("text" in v) return xlsxCell(v.text, sharedStrings);
      if ("error" in v) return String(v.error);
      if (typeof v.sharedString === "number") {
        // exceljs read the sheet before the shared strings (exceljs issue #683)
        const text = sharedStrings?.[v.sharedString];
        if (text === undefined) throw new Error(`shared string ${v.sharedString} not loaded`);
        return xlsxCell(text, sharedStrings);
      }
      return null;
    }
    default:
      return null;
  }
}

/** The rows of the first sheet (in the workbook's tab order), in batches. */
export async function* readXlsxBatches(path: string, options: ReadTableOptions): AsyncIterable<RawRow[]> {
  const totalBytes = await fileSize(path);
  const input = createReadStream(path, { highWaterMark: XLSX_READ_BYTES });
  let bytesRead = 0;
  let rowNumber = 0;
  input.on("data", (chunk) => {
    bytesRead += chunk.length;
  });
  const progress = (done: boolean) => options.onProgress?.({ rows: rowNumber, bytesRead, totalBytes, encoding: "xlsx", done });

  const workbook = new Utf8SafeWorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    // styles carry the number formats that make a number a date
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  try {
    for await (const worksheet of workbook as AsyncIterable<WorksheetReaderInternals>) {
      // sheets arrive in zip order; the first sheet is the first in the workbook's tab order
      const firstName = workbook.model?.sheets?.[0]?.name;
      const isFirst = firstName === undefined || worksheet.name === firstName;
      let batch: RawRow[] = [];
      for await (const row of worksheet) {
        if (!isFirst) continue;
        rowNumber = row.number;
        const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i], workbook.sharedStrings));
        if (!isBlank(cells)) batch.push({ row: row.number, cells });
        if (batch.length >= XLSX_BATCH_ROWS) {
          progress(false);
          yield batch;
          batch = [];
        }
      }
      if (isFirst) {
        bytesRead = totalBytes;
        progress(true);
        if (batch.length > 0) yield batch;
        return;
      }
    }
    progress(true);
  } catch (cause) {
    throw new TableReadError(path, "无法读取 Excel 文件（文件损坏或不是 .xlsx）", "cannot read the Excel file (damaged or not .xlsx)", {
      cause,
    });
  } finally {
    input.destroy();
  }
}

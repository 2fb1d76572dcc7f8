import { createReadStream } from "node:fs";
import { extname } from "node:path";
import { CsvRowParser } from "./csv-parser.ts";
import { fileSize, isBlank, type RawRow, type ReadTableOptions, TableReadError } from "./table-common.ts";
import { AutoTextDecoder, NotTextError, UnreadableTextError } from "./text-encoding.ts";
import { officeDocumentOf, readZipDirectory } from "./zip.ts";

async function readError(path: string, cause: unknown): Promise<TableReadError> {
  if (cause instanceof TableReadError) return cause;
  if (cause instanceof UnreadableTextError) {
    const { zh, en } = (cause instanceof NotTextError && cause.what?.zip ? await zipNamedAsText(path) : undefined) ?? cause.reason;
    return new TableReadError(path, zh, en, { cause });
  }
  return new TableReadError(path, "读取文件出错", "error reading the file", { cause });
}

/**
 * A zip named .csv that is a Word or PowerPoint file, said so by its parts: told it was probably an Excel workbook, the
 * user renamed it .xlsx, only to learn then that it was a Word file (a county data walk). Undefined: another zip, or one
 * whose directory cannot be read (the general message stands).
 */
async function zipNamedAsText(path: string): Promise<{ zh: string; en: string } | undefined> {
  let names: string[];
  try {
    names = [...(await readZipDirectory(path, await fileSize(path))).keys()];
  } catch {
    return undefined;
  }
  const other = names.map(officeDocumentOf).find((what) => what !== null);
  if (!other) return undefined;
  const named = extname(path) || ".csv";
  return {
    zh: `这是${other.zh}，不是 CSV 文本文件或 Excel 表格，只是扩展名为 ${named}：请选择从平台导出的 Excel 或 CSV 文件`,
    en: `${other.en} named ${named}, not a CSV file or a workbook`,
  };
}

/**
 * Chunk size for reading CSV. Small chunks keep each batch of rows short-lived,
 * so they die young and garbage collection stays cheap: 64 KiB read a
 * million-row file about twice as fast as 1 MiB.
 */
const CSV_CHUNK_BYTES = 1 << 16;

/** `="…"`: a formula giving a text, the quoted text (`""` inside it a quote). */
const TEXT_FORMULA = /^="((?:[^"]|"")*)"$/s;

/**
 * Cells written `="00123"`, as platforms export ids, codes and times so that Excel keeps them as text (no digits lost,
 * no leading zeros dropped, no date reformatted): read as Excel opens them, the text within. In place.
 */
function unwrapTextFormulas(cells: string[]): void {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as string;
    // "=" first: one comparison for nearly every cell
    if (cell.charCodeAt(0) !== 61) continue;
    const m = TEXT_FORMULA.exec(cell);
    if (m) cells[i] = (m[1] as string).replaceAll('""', '"');
  }
}

/** The rows of a CSV file in batches, one per chunk read, decoding UTF-8 or GB18030 as detected. */
export async function* readCsvBatches(path: string, options: ReadTableOptions): AsyncIterable<RawRow[]> {
  const totalBytes = await fileSize(path);
  options.onFormat?.("csv");
  const decoder = new AutoTextDecoder(options.encoding);
  const parser = new CsvRowParser();
  const stream = createReadStream(path, { highWaterMark: CSV_CHUNK_BYTES });
  let rowNumber = 0;
  let bytesRead = 0;
  const parsed: string[][] = [];
  const leading = options.leadingRows === undefined ? undefined : { rows: [] as RawRow[], wanted: options.leadingRows };

  // lines of a GB18030 file that are UTF-8 (as they read), in order, until their rows are read: each is the first row
  // after the last that holds what it reads as
  const utf8Lines: string[] = [];
  const take = (): RawRow[] => {
    const batch: RawRow[] = [];
    const notUtf8 = decoder.invalidUtf8Seen;
    for (const line of decoder.takeUtf8Lines()) utf8Lines.push(line);
    for (const cells of parsed) {
      rowNumber++;
      unwrapTextFormulas(cells);
      const beyond = parser.beyondOf(cells);
      if (isBlank(cells) && !beyond) continue;
      const row: RawRow = { row: rowNumber, cells };
      if (beyond) row.beyond = beyond;
      if (notUtf8 && cells.some((cell) => cell.includes("\ufffd"))) row.notUtf8 = true;
      const line = utf8Lines[0];
      if (line !== undefined && cells.some((cell) => cell.includes(line))) {
        row.utf8InGbk = true;
        utf8Lines.shift();
      }
      batch.push(row);
    }
    parsed.length = 0;
    return batch;
  };
  const progress = (done: boolean) => options.onProgress?.({ rows: rowNumber, bytesRead, totalBytes, encoding: decoder.detected?.encoding, done });

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      parser.push(decoder.write(chunk), parsed);
      const batch = take();
      progress(false);
      if (leading) {
        for (const row of batch) leading.rows.push(row);
        if (leading.rows.length < leading.wanted) continue;
        yield leading.rows.slice(0, leading.wanted);
        return;
      }
      if (batch.length > 0) yield batch;
    }
  } catch (cause) {
    throw await readError(path, cause);
  } finally {
    stream.destroy();
  }
  try {
    parser.push(decoder.end(), parsed);
  } catch (cause) {
    throw await readError(path, cause);
  }
  const { unterminatedQuote } = parser.finish(parsed);
  const batch = take();
  if (unterminatedQuote) {
    const last = batch[batch.length - 1];
    if (last && last.row === rowNumber) last.defect = "unterminated-quote";
    else batch.push({ row: rowNumber, cells: [], defect: "unterminated-quote" });
  }
  progress(true);
  if (leading) batch.unshift(...leading.rows);
  if (batch.length > 0) yield batch;
}

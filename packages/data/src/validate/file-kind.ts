/** Telling what a file holds from its header row, read alone. */

import { type ReadTableOptions, readTableBatches, type TableFormat } from "../read/read-table.ts";
import type { RecordKind } from "../schema.ts";
import { findHeaderRow, HEADER_SEARCH_ROWS, type HeaderInspection, headerFit, inspectHeader } from "./bind-header.ts";

/**
 * The header row of `path` against every kind of file, reading only the
 * first rows: the first of them with every required column of a kind (title
 * rows above it are skipped), else the likeliest (see `findHeaderRow`); of
 * a workbook, on the visible sheet that has such a header;
 * `undefined` when the file has no rows. Throws `TableReadError` when the file cannot be read (damaged,
 * unsupported encoding…).
 */
export async function inspectFileHeader(path: string, options: ReadTableOptions & { format?: TableFormat } = {}): Promise<HeaderInspection | undefined> {
  for await (const rows of readTableBatches(path, options.format, {
    ...options,
    leadingRows: HEADER_SEARCH_ROWS,
    sheetFit: { rows: HEADER_SEARCH_ROWS, score: (rows) => headerFit(rows, undefined) },
  })) {
    const header = rows[findHeaderRow(rows, undefined, true) ?? 0];
    if (header) return inspectHeader(header.cells);
  }
  return undefined;
}

/**
 * The kind of file `path` is by its header row; `undefined` when the header
 * is not that of any kind (or that of two alike), or the file has no rows.
 * Throws `TableReadError` when the file cannot be read.
 */
export async function detectFileKind(path: string, options: ReadTableOptions & { format?: TableFormat } = {}): Promise<RecordKind | undefined> {
  return (await inspectFileHeader(path, options))?.kind;
}

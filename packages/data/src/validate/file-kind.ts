/** Telling what a file holds from its header row, read alone. */

import { type ReadTableOptions, readTableBatches, type TableFormat } from "../read/read-table.ts";
import type { RecordKind } from "../schema.ts";
import { type HeaderInspection, inspectHeader } from "./bind-header.ts";

/**
 * The header row of `path` (the first non-blank row) against every kind of
 * file, reading only as far as that row; `undefined` when the file has no
 * rows. Throws `TableReadError` when the file cannot be read (damaged,
 * unsupported encoding…).
 */
export async function inspectFileHeader(path: string, options: ReadTableOptions & { format?: TableFormat } = {}): Promise<HeaderInspection | undefined> {
  for await (const batch of readTableBatches(path, options.format, { ...options, headerOnly: true })) {
    const header = batch[0];
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

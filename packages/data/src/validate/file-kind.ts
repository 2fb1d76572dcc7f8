/** Telling what a file holds from its header row, read alone. */

import { type ReadTableOptions, readTableBatches, type TableFormat } from "../read/read-table.ts";
import type { RecordKind } from "../schema.ts";
import { kindOfHeader } from "./bind-header.ts";

/**
 * The kind of file `path` is by its header row (the first non-blank row),
 * reading only as far as that row; `undefined` when the header is not that
 * of any kind, or the file has no rows. Throws `TableReadError` when the
 * file cannot be read (damaged, unsupported encoding…).
 */
export async function detectFileKind(path: string, options: ReadTableOptions & { format?: TableFormat } = {}): Promise<RecordKind | undefined> {
  for await (const batch of readTableBatches(path, options.format, { ...options, headerOnly: true })) {
    const header = batch[0];
    if (header) return kindOfHeader(header.cells);
  }
  return undefined;
}

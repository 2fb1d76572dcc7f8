/**
 * Writing CSV files as a stream, in the forms the importer reads: UTF-8 with
 * a BOM (what Excel needs to open UTF-8 CSV correctly), plain UTF-8, or GB18030.
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import iconv from "iconv-lite";
import { csvLine } from "../read/csv-parser.ts";

export interface WriteCsvOptions {
  /** default utf-8 */
  encoding?: "utf-8" | "gb18030";
  /** write a BOM (UTF-8 only; default true) */
  bom?: boolean;
}

const FLUSH_CHARS = 1 << 16;

/** Writes `header` and then each row; resolves to the number of data rows written. */
export async function writeCsvFile(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly string[]> | AsyncIterable<readonly string[]>,
  options: WriteCsvOptions = {},
): Promise<number> {
  const encoding = options.encoding ?? "utf-8";
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  failed.catch(() => {});
  const encode = (text: string): Buffer => (encoding === "gb18030" ? iconv.encode(text, "gb18030") : Buffer.from(text, "utf8"));
  const write = async (text: string) => {
    if (!out.write(encode(text))) await Promise.race([once(out, "drain"), failed]);
  };

  let pending = (encoding === "utf-8" && options.bom !== false ? "\uFEFF" : "") + csvLine(header);
  let count = 0;
  // a sync source is looped without a microtask per row
  if (Symbol.iterator in rows) {
    for (const row of rows) {
      pending += csvLine(row);
      count++;
      if (pending.length >= FLUSH_CHARS) {
        await write(pending);
        pending = "";
      }
    }
  } else {
    for await (const row of rows) {
      pending += csvLine(row);
      count++;
      if (pending.length >= FLUSH_CHARS) {
        await write(pending);
        pending = "";
      }
    }
  }
  if (pending !== "") await write(pending);
  out.end();
  await Promise.race([once(out, "finish"), failed]);
  return count;
}

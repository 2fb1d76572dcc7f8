/**
 * What the readers of zipped spreadsheets (.xlsx, .ods) share: a part's text as it unpacks, the check that refuses a
 * part packed implausibly tight before it is read, and how a failure is told.
 */
import { TextDecoder } from "node:util";
import zlib from "node:zlib";
import { IMPORT_LIMITS } from "../limits.ts";
import { TableReadError } from "./table-common.ts";
import { XmlTooLargeError } from "./xml-scan.ts";
import { openZipEntry, type ZipEntry, ZipError } from "./zip.ts";

type Message = { zh: string; en: string };

/** A reader's own finding about the file, said as it is (`zh` to the user). */
export class SpreadsheetError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** The CRC-32 of the bytes after `crc`'s (zlib's, from Node 20.15; computed here on an older Node 20). */
const crc32: (data: Buffer, crc: number) => number =
  (zlib as { crc32?: (data: Buffer, crc: number) => number }).crc32 ??
  ((data, crc) => {
    let c = ~crc >>> 0;
    for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
    return ~c >>> 0;
  });

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/**
 * Decoded text of a part, chunk by chunk; `maxBytes` bounds the unpacked size (`label` names the format: "Excel"). A
 * part whose bytes are not those the zip's directory records (their CRC-32 and size) is refused once it is read: a
 * workbook stored without compression and changed in place (果里镇 overwritten by 马桥镇) was imported as it read, and
 * a damaged deflated one gave thousands of problems of nonsense (found by a helper).
 */
export async function* entryText(
  path: string,
  entry: ZipEntry,
  maxBytes: number,
  label: string,
  onCompressedBytes?: (n: number) => void,
): AsyncGenerator<string> {
  const stream = await openZipEntry(path, entry, onCompressedBytes);
  const decoder = new TextDecoder("utf-8");
  let bytes = 0;
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      crc = crc32(chunk, crc);
      if (bytes > maxBytes) throw new SpreadsheetError(`${label} 文件中的“${entry.name}”解压后过大`, `the part ${entry.name} is too large once unpacked`);
      // more than the zip's directory says the part unpacks to: the sizes the plausibility check read were false (a
      // 400 MB sheet declared as 5 KB), and the part is read no further
      if (bytes > entry.size) {
        throw new SpreadsheetError(
          `${label} 文件中的“${entry.name}”解压后比文件记录的大小（${entry.size} 字节）更大：文件已损坏或被改动过。请在 Excel 或 WPS 中打开后另存，再导入`,
          `the part ${entry.name} unpacks to more than the ${entry.size} bytes its zip directory says: the file is damaged or tampered with`,
        );
      }
      const text = decoder.decode(chunk, { stream: true });
      if (text !== "") yield text;
    }
    if (bytes !== entry.size || crc !== entry.crc) {
      throw new SpreadsheetError(
        `${label} 文件中的“${entry.name}”校验失败（内容与文件记录的校验值不符）：文件已损坏，可能是复制、下载或保存不完整。请重新导出或重新复制后再导入`,
        `the part ${entry.name} fails its checksum: the file is damaged`,
      );
    }
    const rest = decoder.decode();
    if (rest !== "") yield rest;
  } finally {
    stream.destroy();
  }
}

/**
 * Whether a part is plausible: one that unpacks to more than `suspectBytes` at more than `xlsxSuspectRatio` times its
 * packed size is not — real data packs some 5 to 15 times, a sheet of millions of empty rows (made to keep the import,
 * and every write behind it, busy) hundreds of times.
 */
export function isPlausiblePart(entry: ZipEntry, suspectBytes: number): boolean {
  return !(entry.size > suspectBytes && entry.size / Math.max(1, entry.compressedSize) > IMPORT_LIMITS.xlsxSuspectRatio);
}

/**
 * Refuses an implausible part (`isPlausiblePart`) before it is read: `what` it is (工作表), and where to delete the rows;
 * or, for a part without rows (the shared strings), `advice`: why it may be so and what to do.
 */
export function assertPlausiblePart(entry: ZipEntry, suspectBytes: number, what: string, where: string, advice?: string): void {
  if (isPlausiblePart(entry, suspectBytes)) return;
  const ratio = entry.size / Math.max(1, entry.compressedSize);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  throw new SpreadsheetError(
    `${what}解压后有 ${mb(entry.size)}，是压缩后（${mb(entry.compressedSize)}）的 ${Math.round(ratio)} 倍，远超正常数据：${advice ?? `多半含有大量空行或已损坏。请${where}删除数据下方的空行后另存再导入`}`,
    `${entry.name} unpacks ${Math.round(ratio)} times its packed size (${entry.size} bytes)`,
  );
}

/**
 * `cause` as the `TableReadError` the user reads: the reader's own finding; a file that is no spreadsheet at all named
 * for what it is (`notA`: an .xls, a web page, a text file); an abnormally long tag; else `damaged`. `label` names the
 * format in the message ("Excel", "ODS").
 */
export function spreadsheetReadError(
  path: string,
  cause: unknown,
  label: string,
  damaged: Message,
  notA: Record<"xls" | "html" | "text", Message>,
): TableReadError {
  if (cause instanceof TableReadError) return cause;
  if (cause instanceof SpreadsheetError) return new TableReadError(path, cause.zh, cause.en, { cause });
  const what = cause instanceof ZipError && cause.kind !== "damaged" ? notA[cause.kind] : undefined;
  if (what) return new TableReadError(path, what.zh, what.en, { cause });
  if (cause instanceof XmlTooLargeError) {
    return new TableReadError(path, `${label} 文件中有异常过长的内容，文件可能已损坏`, `the ${label} file holds an abnormally long tag: damaged?`, { cause });
  }
  return new TableReadError(path, damaged.zh, damaged.en, { cause });
}

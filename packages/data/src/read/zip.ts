/**
 * Reading the parts of a zip file (an XLSX is one) by random access: the
 * central directory at the end says where each part is, and a part is
 * streamed through inflate on its own, so nothing is held whole.
 */

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline, type Readable } from "node:stream";
import { createInflateRaw } from "node:zlib";

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
  /** the CRC-32 of the unpacked bytes, as the central directory records it */
  crc: number;
}

/** Not a zip file, or a damaged one. */
export class ZipError extends Error {
  constructor(
    message: string,
    /** `xls`: the file is an old Excel 97–2003 workbook; `html`: a web page (a platform's "Excel" export); `text`: a text file (a CSV renamed) */
    readonly kind: "damaged" | "xls" | "html" | "text" = "damaged",
  ) {
    super(message);
    this.name = "ZipError";
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;

/** Up to `length` bytes of the file at `position`. */
export async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const u64 = (b: Buffer, at: number) => Number(b.readBigUInt64LE(at));

/**
 * What a file is by its first bytes, whatever its name says: an OLE2 compound file (an .xls), a zip (an .xlsx, an
 * .ods), a web page, a text file (no control bytes but tab and line ends, and a first line with a separator: a PDF's
 * %PDF-1.7 is not one), or none of these.
 */
export function kindOfHead(head: Buffer): "ole" | "zip" | "html" | "text" | "other" {
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) return "ole";
  if (head.length < 2 || head.readUInt16BE(0) === 0x504b) return "zip";
  const start = head
    .toString("latin1")
    .replace(/^\xef\xbb\xbf/, "")
    .trimStart();
  if (/^<(?:!doctype|html|table|\?xml|meta|head|body)/i.test(start)) return "html";
  const firstLine = start.split(/\r?\n/, 1)[0] ?? "";
  const control = head.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  return !control && /[,\t;]/.test(firstLine) ? "text" : "other";
}

/**
 * Which workbook a zip is, from its first entry, whatever the file's name: an OpenDocument spreadsheet (.ods, .ots)
 * begins with its media type, stored uncompressed as the entry `mimetype` (the OpenDocument packaging rules); an
 * Office Open XML workbook as Excel, WPS and exceljs write it, with `[Content_Types].xml`. Null: neither (or no zip).
 */
export function workbookOfHead(head: Buffer): "ods" | "xlsx" | null {
  if (head.length < 30 || head.readUInt32LE(0) !== 0x04034b50) return null;
  const nameLength = head.readUInt16LE(26);
  const name = head.toString("latin1", 30, 30 + nameLength);
  const at = 30 + nameLength + head.readUInt16LE(28);
  if (name === "mimetype") return head.toString("latin1", at, at + 46) === "application/vnd.oasis.opendocument.spreadsheet" ? "ods" : null;
  return name === "[Content_Types].xml" ? "xlsx" : null;
}

/**
 * A Word or PowerPoint file, by the part a package's main document is (`word/document.xml`, `ppt/presentation.xml`): an
 * Office Open XML package as a workbook is, given a workbook's name or a CSV's by a user who picked the wrong file.
 */
export function officeDocumentOf(mainPart: string): { zh: string; en: string } | null {
  if (/^word\//i.test(mainPart)) return { zh: "Word 文档（.docx）", en: "a Word document" };
  if (/^ppt\//i.test(mainPart)) return { zh: "PowerPoint 演示文稿（.pptx）", en: "a PowerPoint file" };
  return null;
}

/** The entries of a zip file by lower-case name (part names in a package are case-insensitive). */
export async function readZipDirectory(path: string, size: number): Promise<Map<string, ZipEntry>> {
  const kind = kindOfHead(await readAt(path, 0, 512));
  if (kind === "ole") throw new ZipError("an old Excel 97-2003 file", "xls");
  if (kind === "html") throw new ZipError("a web page (HTML), not a workbook", "html");
  if (kind === "text") throw new ZipError("a text file, not a workbook", "text");
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(path, size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError("no end of central directory: not a zip file");
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locatorAt = size - tailLength + at - 20;
    const locator = locatorAt >= 0 ? await readAt(path, locatorAt, 20) : Buffer.alloc(0);
    if (locator.length === 20 && locator.readUInt32LE(0) === ZIP64_LOCATOR) {
      const record = await readAt(path, u64(locator, 8), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipError("bad zip64 end record");
      count = u64(record, 32);
      cdSize = u64(record, 40);
      cdOffset = u64(record, 48);
    }
  }
  if (cdSize > MAX_CENTRAL_DIRECTORY_BYTES || cdOffset + cdSize > size) throw new ZipError("bad central directory");
  const cd = await readAt(path, cdOffset, cdSize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipError("bad central directory entry");
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let entrySize = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let headerOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString("utf8", p + 46, p + 46 + nameLength);
    // zip64 sizes and offset, in this order, for the fields that are 0xFFFFFFFF
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const length = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (entrySize === 0xffffffff) {
          entrySize = u64(cd, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(cd, q);
          q += 8;
        }
        if (headerOffset === 0xffffffff) headerOffset = u64(cd, q);
      }
      e += 4 + length;
    }
    entries.set(name.replace(/\\/g, "/").replace(/^\//, "").toLowerCase(), { name, method, compressedSize, size: entrySize, headerOffset, crc });
    p = extraEnd + commentLength;
  }
  return entries;
}

/** The unpacked bytes of one entry, streamed; `onCompressedBytes` counts the packed bytes read (for progress). */
export async function openZipEntry(path: string, entry: ZipEntry, onCompressedBytes?: (n: number) => void): Promise<Readable> {
  const local = await readAt(path, entry.headerOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new ZipError(`bad local header of ${entry.name}`);
  const start = entry.headerOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = createReadStream(path, { start, end: start + Math.max(entry.compressedSize, 1) - 1, highWaterMark: 1 << 16 });
  if (onCompressedBytes) raw.on("data", (chunk) => onCompressedBytes(chunk.length));
  if (entry.compressedSize === 0) {
    raw.destroy();
    const { Readable } = await import("node:stream");
    return Readable.from([]);
  }
  if (entry.method === 0) return raw;
  if (entry.method !== 8) throw new ZipError(`${entry.name}: unsupported compression method ${entry.method}`);
  const inflate = createInflateRaw();
  return pipeline(raw, inflate, () => {});
}

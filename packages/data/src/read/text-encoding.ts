/**
 * Telling UTF-8 from GB18030 by looking at the bytes. Hotline platforms
 * export either; Excel on Chinese Windows saves "CSV" as GB18030 (GBK).
 *
 * A BOM means UTF-8. Otherwise, while the text is pure ASCII both readings
 * agree, so the decision waits for the first non-ASCII bytes: if (enough of)
 * them are valid UTF-8 it is UTF-8, else GB18030. Chinese text in GB18030 is
 * almost never valid UTF-8 beyond a character or two, so a few hundred
 * non-ASCII bytes settle it. A few lines that are not UTF-8 in a file that is
 * (a row pasted from a GBK file, two files joined) do not make it GB18030:
 * they read as U+FFFD, and the decoder says so (`invalidUtf8Seen`) for the
 * reader to name their rows. The other way round, a line of a GB18030 file
 * whose Chinese is UTF-8 (a row pasted from a UTF-8 file) is noted too
 * (`takeUtf8Lines`): it reads as gibberish (鍞愬北闀) with no U+FFFD to tell.
 *
 * UTF-16 (Excel's "Unicode 文本", tab-separated) is read too, told by its BOM
 * or, without one, by the NUL bytes that ASCII characters leave in every
 * second byte. Other encodings are refused rather than read as gibberish (then
 * every column would be "missing"): UTF-32, told the same way; and Big5
 * (traditional Chinese, e.g. from Taiwan or Hong Kong systems), told by
 * GB18030 reading it as mostly rare characters, kana, Greek and box drawing
 * while Big5 reads it cleanly.
 */

import iconv from "iconv-lite";

export type TextEncodingName = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

export interface DetectedEncoding {
  encoding: TextEncodingName;
  bom: boolean;
}

const BOM = [0xef, 0xbb, 0xbf] as const;
/** Non-ASCII bytes to see before deciding, unless the input ends first. */
const DECIDE_AFTER_BYTES = 512;
/** Bytes looked at for a BOM and NUL patterns before anything is decoded, unless the input ends first. */
const SNIFF_BYTES = 1024;

/** The encodings read, for messages. */
const SUPPORTED_ENCODINGS_TEXT = { zh: "UTF-8、GB18030（GBK）或 UTF-16", en: "UTF-8, GB18030 (GBK) or UTF-16" } as const;

/** A file the importer cannot read as text: `reason` says why, and how to save it so that it can. */
export abstract class UnreadableTextError extends Error {
  abstract get reason(): { zh: string; en: string };
}

/** The file is in an encoding the importer does not read. */
export class UnsupportedEncodingError extends UnreadableTextError {
  constructor(readonly encoding: "UTF-32LE" | "UTF-32BE" | "Big5") {
    super(`unsupported encoding ${encoding}`);
    this.name = "UnsupportedEncodingError";
  }

  /** What to tell the user: which encoding it is, which are read, and how to save the file so. */
  get reason(): { zh: string; en: string } {
    return {
      zh: `文件编码为 ${this.encoding}，不支持此编码；请用 ${SUPPORTED_ENCODINGS_TEXT.zh} 编码保存：在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”，或直接上传 .xlsx 文件`,
      en: `the file is encoded in ${this.encoding}, which is not supported; save it as ${SUPPORTED_ENCODINGS_TEXT.en} (Excel: Save As "CSV UTF-8" or "CSV"), or upload the .xlsx`,
    };
  }
}

/** What a file that is not text at all (a picture, a workbook, a program renamed .csv) holds, by its first bytes. */
const NOT_TEXT: readonly { magic: readonly number[]; zh: string; en: string; zip?: true }[] = [
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    zip: true,
    zh: "Excel 工作簿（.xlsx）或其他压缩文件：如是 Excel 工作簿，请把扩展名改为 .xlsx 后上传",
    en: "an .xlsx workbook or another zip file",
  },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], zh: "旧版 Excel 工作簿（.xls）：请把文件扩展名改为 .xls 后再导入", en: "an old .xls workbook: name it .xls" },
  {
    magic: [0x25, 0x50, 0x44, 0x46],
    zh: "PDF 文档：PDF 中的表格无法导入，请在平台上把数据导出为 Excel 或 CSV 文件后再导入",
    en: "a PDF document: export the data from the platform as Excel or CSV",
  },
  { magic: [0x89, 0x50, 0x4e, 0x47], zh: "PNG 图片", en: "a PNG picture" },
  { magic: [0xff, 0xd8, 0xff], zh: "JPEG 图片", en: "a JPEG picture" },
  { magic: [0x47, 0x49, 0x46, 0x38], zh: "GIF 图片", en: "a GIF picture" },
  { magic: [0x4d, 0x5a], zh: "Windows 程序", en: "a Windows program" },
  { magic: [0x7f, 0x45, 0x4c, 0x46], zh: "程序文件", en: "a program" },
];

/** The file is not text (a CSV holds no NUL byte, and starts with none of these signatures). */
export class NotTextError extends UnreadableTextError {
  /** `zip`: the file is a zip (an .xlsx, a Word file…), which the reader may look into to say which */
  constructor(readonly what: { zh: string; en: string; zip?: true } | null) {
    super(`not a text file${what ? `: ${what.en}` : ""}`);
    this.name = "NotTextError";
  }

  get reason(): { zh: string; en: string } {
    return this.what
      ? { zh: `这不是 CSV 文本文件，从内容看是：${this.what.zh}`, en: `not a CSV text file but ${this.what.en}` }
      : {
          zh: "这不是 CSV 文本文件（文件中有文本不会有的字节，可能是图片、文档或程序改了扩展名）：请上传 CSV 或 Excel 工作簿（.xlsx）",
          en: "not a CSV text file (it holds bytes text does not)",
        };
  }
}

/** NUL bytes at the start of a file that make it binary (one stray NUL is a damaged cell, reported as such by row and column). */
const BINARY_NULS = 8;

/**
 * The start of a file: UTF-16 when it is (by the BOM or where the NULs are); throws when it cannot be read as text at
 * all: UTF-32 (the same way), else a signature of a binary format or a run of NULs.
 */
function utf16OrRefuse(sample: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const wide = sniffWideEncoding(sample);
  if (wide === "UTF-16LE") return "utf-16le";
  if (wide === "UTF-16BE") return "utf-16be";
  if (wide) throw new UnsupportedEncodingError(wide);
  const known = NOT_TEXT.find((k) => k.magic.every((b, i) => sample[i] === b));
  if (known) throw new NotTextError(known);
  const n = Math.min(sample.length, SNIFF_BYTES);
  let nuls = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const byte = sample[i] as number;
    if (byte === 0 && ++nuls >= BINARY_NULS) throw new NotTextError(null);
    // other control bytes than tab, line feed, carriage return (and form feed, ESC, which some exporters leave): text
    // has almost none, random or compressed bytes one in ten
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) || byte === 0x7f) controls++;
  }
  if (controls >= BINARY_CONTROLS && controls > n / 100) throw new NotTextError(null);
  return undefined;
}

/** Control bytes in a file's start that make it binary, when they are also more than one byte in a hundred. */
const BINARY_CONTROLS = 16;

/**
 * UTF-16 or UTF-32, by the BOM or by where the NUL bytes are (ASCII characters
 * such as commas, digits and line ends have NUL high bytes); undefined when
 * the sample has no such signs.
 */
export function sniffWideEncoding(sample: Uint8Array): "UTF-16LE" | "UTF-16BE" | "UTF-32LE" | "UTF-32BE" | undefined {
  const [a, b, c, d] = sample;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return "UTF-32LE";
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return "UTF-32BE";
  if (a === 0xff && b === 0xfe) return "UTF-16LE";
  if (a === 0xfe && b === 0xff) return "UTF-16BE";
  const n = Math.min(sample.length, SNIFF_BYTES) & ~3;
  if (n < 4) return undefined;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (sample[i] === 0) (zeros[i & 3] as number)++;
  const [z0, z1, z2, z3] = zeros as [number, number, number, number];
  const quarter = n / 4;
  if (z0 + z1 + z2 + z3 === 0) return undefined;
  // UTF-32: characters of the Basic Multilingual Plane have two NUL bytes of four
  if (z2 > 0.9 * quarter && z3 > 0.9 * quarter && z0 < 0.5 * quarter) return "UTF-32LE";
  if (z0 > 0.9 * quarter && z1 > 0.9 * quarter && z3 < 0.5 * quarter) return "UTF-32BE";
  const odd = z1 + z3;
  const even = z0 + z2;
  // UTF-16: ASCII characters (commas, digits, line ends) leave a NUL in one byte of two, always the same one
  if (odd >= 0.1 * (n / 2) && even <= odd / 10) return "UTF-16LE";
  if (even >= 0.1 * (n / 2) && odd <= even / 10) return "UTF-16BE";
  return undefined;
}

/**
 * Whether bytes that are not UTF-8 are Big5 rather than GB18030. Read as
 * GB18030, simplified Chinese lies almost wholly in the common GB2312 area;
 * Big5 text read so turns into rare characters (GBK extension areas, second
 * byte below 0xA1), Japanese kana, Greek, Cyrillic, box drawing and
 * user-defined characters (first byte 0xA4–0xAF, 0xF8–). Big5 has no
 * four-byte sequences, and must decode without a replacement character.
 */
function looksLikeBig5(bytes: Uint8Array): boolean {
  let pairs = 0;
  let unlikely = 0;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const trail = bytes[i + 1];
    if (trail === undefined) break;
    // a GB18030 four-byte sequence: not Big5
    if (trail >= 0x30 && trail <= 0x39) return false;
    pairs++;
    if (lead < 0xa1 || trail < 0xa1 || (lead >= 0xa4 && lead <= 0xaf) || lead >= 0xf8) unlikely++;
    i += 2;
  }
  if (pairs < 4 || unlikely < 0.3 * pairs) return false;
  // a character cut at the end of the sample adds one replacement character at most
  const big5 = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "big5");
  let replaced = 0;
  for (let i = big5.indexOf("\ufffd"); i >= 0; i = big5.indexOf("\ufffd", i + 1)) replaced++;
  return replaced <= 1;
}

/** Whether `bytes` (possibly cut mid-character at the end unless `complete`) is valid UTF-8. */
function isValidUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether bytes that are not all valid UTF-8 are still UTF-8 text with a few lines that are not (a row pasted from a
 * GBK file, two files joined): the lines that are valid UTF-8 hold at least as many non-ASCII bytes as those that are
 * not. Chinese text in GB18030 is almost never valid UTF-8 over a line. Only whole lines are weighed unless `complete`.
 */
function mostlyUtf8(bytes: Uint8Array, complete: boolean): boolean {
  const end = complete ? bytes.length : bytes.lastIndexOf(0x0a) + 1;
  let valid = 0;
  let invalid = 0;
  for (let start = 0; start < end; ) {
    let lf = bytes.indexOf(0x0a, start);
    if (lf < 0 || lf >= end) lf = end;
    const line = bytes.subarray(start, lf);
    let nonAscii = 0;
    for (const b of line) if (b >= 0x80) nonAscii++;
    if (nonAscii > 0) {
      if (isValidUtf8(line, true)) valid += nonAscii;
      else invalid += nonAscii;
    }
    start = lf + 1;
  }
  // two Chinese characters at least, not one that GB18030 happens to share
  return valid >= 6 && valid >= invalid;
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

function firstNonAscii(bytes: Uint8Array, from = 0): number {
  for (let i = from; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return i;
  return -1;
}

/**
 * Decide the encoding of a whole sample (e.g. the start of a file). Throws
 * `UnsupportedEncodingError` for UTF-32 and Big5, `NotTextError` for a file that is not text.
 */
export function detectEncoding(sample: Uint8Array, complete = true): DetectedEncoding {
  if (startsWithBom(sample)) return { encoding: "utf-8", bom: true };
  const utf16 = utf16OrRefuse(sample);
  if (utf16) return { encoding: utf16, bom: sample[0] === 0xff || sample[0] === 0xfe };
  const k = firstNonAscii(sample);
  if (k < 0) return { encoding: "utf-8", bom: false };
  if (isValidUtf8(sample.subarray(k), complete) || mostlyUtf8(sample.subarray(k), complete)) return { encoding: "utf-8", bom: false };
  if (looksLikeBig5(sample.subarray(k))) throw new UnsupportedEncodingError("Big5");
  return { encoding: "gb18030", bom: false };
}

interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
  readonly invalidSeen?: boolean;
  readonly utf8Lines?: string[];
}

const REPLACEMENT = "\ufffd";
/** U+FFFD as written in a UTF-8 file */
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, "utf8");

function count(text: string, part: string): number {
  let n = 0;
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length)) n++;
  return n;
}

function countBytes(bytes: Buffer, part: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(part); i >= 0; i = bytes.indexOf(part, i + part.length)) n++;
  return n;
}

/**
 * UTF-8, noting bytes that are not: a row pasted from a GBK file into a UTF-8 one, or two files joined. Each such
 * byte sequence decodes as U+FFFD; one written in the file (EF BF BD) is not counted. Only a chunk whose text has a
 * U+FFFD is looked at again, so the cost is nil for clean files.
 */
class Utf8Decoder implements ChunkDecoder {
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  /** the last two bytes before this chunk: an EF BF BD cut across chunks decodes in the chunk it ends in */
  private tail = Buffer.alloc(0);
  private replaced = 0;
  private written = 0;

  /** Whether bytes that are not UTF-8 have been read (as U+FFFD). */
  get invalidSeen(): boolean {
    return this.replaced > this.written;
  }

  write(bytes: Buffer): string {
    const text = this.decoder.decode(bytes, { stream: true });
    if (text.includes(REPLACEMENT)) {
      this.replaced += count(text, REPLACEMENT);
      this.written += countBytes(this.tail.length > 0 ? Buffer.concat([this.tail, bytes]) : bytes, REPLACEMENT_BYTES);
    }
    this.tail = bytes.length >= 2 ? Buffer.from(bytes.subarray(bytes.length - 2)) : Buffer.concat([this.tail, bytes]).subarray(-2);
    return text;
  }

  end(): string {
    const text = this.decoder.decode();
    this.replaced += count(text, REPLACEMENT);
    return text;
  }
}

/**
 * Sequences of three bytes or more (Chinese characters in UTF-8) a line of a GB18030 file has at least, more than
 * those of two, all valid UTF-8, to be taken for UTF-8. GBK text is of two-byte characters: a few in a row can
 * happen to be valid UTF-8 (C2–DF followed by A1–BF is), three of three bytes in a line all but never.
 */
const UTF8_LINE_MIN_WIDE = 3;

/** Bytes of a line's first non-ASCII run kept, to tell its row by what they decode to. */
const RUN_SIGNATURE_BYTES = 48;

/**
 * GB18030, noting lines whose non-ASCII bytes are all valid UTF-8, three characters of three bytes at least: a
 * row pasted from a UTF-8 file into a GBK one (Excel's "CSV" on Chinese Windows), which reads as gibberish
 * (鍞愬北闀). Chinese text in GBK is almost never valid UTF-8 over a line, its characters being of two bytes. Each
 * such line is told by what its first non-ASCII run decodes to (`utf8Lines`), for the reader to name its row.
 */
class Gb18030Decoder implements ChunkDecoder {
  private readonly decoder = iconv.getDecoder("gb18030");
  /** what the first non-ASCII run of each line found to be UTF-8 decodes to, in order, until taken */
  readonly utf8Lines: string[] = [];
  // the line being scanned: valid UTF-8 so far, the continuation bytes expected and the range of the next, the
  // sequences of three bytes or more, the bytes of its first non-ASCII run (up to RUN_SIGNATURE_BYTES)
  private valid = true;
  private need = 0;
  private lo = 0x80;
  private hi = 0xbf;
  private wide = 0;
  private narrow = 0;
  private run: number[] = [];
  private runDone = false;

  write(bytes: Buffer): string {
    this.scan(bytes);
    return this.decoder.write(bytes);
  }

  end(): string {
    const text = this.decoder.end() ?? "";
    this.endLine();
    return text;
  }

  private scan(bytes: Buffer): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (b === 0x0a) {
        this.endLine();
        continue;
      }
      if (!this.valid) {
        // not UTF-8: on to the next line
        const lf = bytes.indexOf(0x0a, i);
        if (lf < 0) return;
        i = lf - 1;
        continue;
      }
      if (b >= 0x80 && !this.runDone && this.run.length < RUN_SIGNATURE_BYTES) this.run.push(b);
      else if (b < 0x80 && this.run.length > 0) this.runDone = true;
      if (this.need > 0) {
        if (b < this.lo || b > this.hi) this.valid = false;
        else {
          this.need--;
          this.lo = 0x80;
          this.hi = 0xbf;
        }
      } else if (b >= 0x80) this.lead(b);
    }
  }

  /** A byte that starts a UTF-8 sequence (RFC 3629: no overlong forms, no surrogates), or makes the line not UTF-8. */
  private lead(b: number): void {
    if (b >= 0xc2 && b <= 0xdf) this.need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      this.need = 2;
      if (b === 0xe0) this.lo = 0xa0;
      else if (b === 0xed) this.hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      this.need = 3;
      if (b === 0xf0) this.lo = 0x90;
      else if (b === 0xf4) this.hi = 0x8f;
    } else {
      this.valid = false;
      return;
    }
    if (this.need >= 2) this.wide++;
    else this.narrow++;
  }

  private endLine(): void {
    if (this.valid && this.need === 0 && this.wide >= UTF8_LINE_MIN_WIDE && this.wide > this.narrow) {
      const text = iconv.decode(Buffer.from(this.run), "gb18030");
      // a character cut at the end, and a lone byte, decode as U+FFFD: the text before it is the same in the row
      const end = this.run.length >= RUN_SIGNATURE_BYTES ? text.length - 1 : text.length;
      this.utf8Lines.push(text.slice(0, end).replace(/\ufffd+$/, ""));
    }
    this.valid = true;
    this.need = 0;
    this.lo = 0x80;
    this.hi = 0xbf;
    this.wide = 0;
    this.narrow = 0;
    this.run = [];
    this.runDone = false;
  }
}

/** UTF-16 (Excel's "Unicode 文本"): its BOM, when there is one, is taken off. */
class Utf16Decoder implements ChunkDecoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;

  constructor(encoding: "utf-16le" | "utf-16be") {
    this.decoder = new TextDecoder(encoding);
  }

  write(bytes: Buffer): string {
    return this.decoder.decode(bytes, { stream: true });
  }

  end(): string {
    return this.decoder.decode();
  }
}

function createDecoder(encoding: TextEncodingName): ChunkDecoder {
  if (encoding === "utf-8") return new Utf8Decoder();
  if (encoding === "gb18030") return new Gb18030Decoder();
  return new Utf16Decoder(encoding);
}

/**
 * Decodes a byte stream chunk by chunk, deciding the encoding by itself
 * (or using `forced`). `detected` is known once `write` has seen enough
 * non-ASCII bytes, and always after `end`. Throws `UnsupportedEncodingError`
 * for UTF-32 and Big5, `NotTextError` for a file that is not text (neither when an encoding is forced).
 */
export class AutoTextDecoder {
  private decoder: ChunkDecoder | undefined;
  private bomChecked = false;
  /** bytes not yet decoded: too few to look for a BOM, or non-ASCII bytes not yet enough to decide */
  private pending: Buffer | undefined;
  detected: DetectedEncoding | undefined;

  /** Whether bytes that are not UTF-8 were read so far (as U+FFFD) in a file read as UTF-8: see `Utf8Decoder`. */
  get invalidUtf8Seen(): boolean {
    return this.decoder?.invalidSeen ?? false;
  }

  /**
   * In a file read as GB18030, the lines found since the last call whose non-ASCII bytes are UTF-8 (see
   * `Gb18030Decoder`), each as its first non-ASCII text reads (garbled), for the reader to find its row.
   */
  takeUtf8Lines(): string[] {
    const lines = this.decoder?.utf8Lines;
    return lines && lines.length > 0 ? lines.splice(0) : [];
  }

  constructor(forced?: TextEncodingName) {
    if (forced) this.choose({ encoding: forced, bom: false });
  }

  write(chunk: Buffer): string {
    let bytes = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    if (!this.bomChecked) {
      // the start of the file, for a BOM and for the NUL bytes of UTF-16/32
      if (bytes.length < (this.decoder ? BOM.length : SNIFF_BYTES)) {
        this.pending = Buffer.from(bytes);
        return "";
      }
      bytes = this.stripBom(bytes);
    }
    if (this.decoder) return this.decoder.write(bytes);

    const k = firstNonAscii(bytes);
    if (k < 0) return bytes.toString("latin1");
    const ascii = k > 0 ? bytes.toString("latin1", 0, k) : "";
    const rest = bytes.subarray(k);
    if (!isValidUtf8(rest, false)) {
      // GB18030 or Big5: wait for enough of it to tell
      if (rest.length >= DECIDE_AFTER_BYTES) return ascii + this.decideLegacy(rest, false);
      this.pending = Buffer.from(rest);
      return ascii;
    }
    if (rest.length >= DECIDE_AFTER_BYTES) return ascii + this.decide("utf-8", rest);
    // valid so far, but too little to be sure: a GB18030 lead byte at the end would pass
    this.pending = Buffer.from(rest);
    return ascii;
  }

  end(): string {
    let bytes = this.pending ?? Buffer.alloc(0);
    this.pending = undefined;
    if (!this.bomChecked) bytes = this.stripBom(bytes);
    let text: string;
    if (this.decoder) {
      text = this.decoder.write(bytes);
    } else {
      const k = firstNonAscii(bytes);
      if (k < 0) {
        this.choose({ encoding: "utf-8", bom: false });
        text = bytes.toString("latin1");
      } else {
        const rest = bytes.subarray(k);
        text = bytes.toString("latin1", 0, k) + (isValidUtf8(rest, true) ? this.decide("utf-8", rest) : this.decideLegacy(rest, true));
      }
    }
    return text + (this.decoder as ChunkDecoder).end();
  }

  private stripBom(bytes: Buffer): Buffer {
    this.bomChecked = true;
    if (!this.decoder) {
      const utf16 = utf16OrRefuse(bytes);
      // its decoder takes the BOM off
      if (utf16) this.choose({ encoding: utf16, bom: bytes[0] === 0xff || bytes[0] === 0xfe });
    }
    if (!startsWithBom(bytes)) return bytes;
    // a BOM means UTF-8, unless the caller forced an encoding
    if (!this.decoder) this.choose({ encoding: "utf-8", bom: true });
    else if (this.detected) this.detected = { ...this.detected, bom: true };
    return bytes.subarray(BOM.length);
  }

  private decideLegacy(bytes: Buffer, complete: boolean): string {
    if (mostlyUtf8(bytes, complete)) return this.decide("utf-8", bytes);
    if (looksLikeBig5(bytes)) throw new UnsupportedEncodingError("Big5");
    return this.decide("gb18030", bytes);
  }

  private decide(encoding: TextEncodingName, bytes: Buffer): string {
    this.choose({ encoding, bom: false });
    return (this.decoder as ChunkDecoder).write(bytes);
  }

  private choose(detected: DetectedEncoding): void {
    this.detected = detected;
    this.decoder = createDecoder(detected.encoding);
  }
}

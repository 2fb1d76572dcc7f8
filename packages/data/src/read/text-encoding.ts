/**
 * Telling UTF-8 from GB18030 by looking at the bytes. Hotline platforms
 * export either; Excel on Chinese Windows saves "CSV" as GB18030 (GBK).
 *
 * A BOM means UTF-8. Otherwise, while the text is pure ASCII both readings
 * agree, so the decision waits for the first non-ASCII bytes: if (enough of)
 * them are valid UTF-8 it is UTF-8, else GB18030. Chinese text in GB18030 is
 * almost never valid UTF-8 beyond a character or two, so a few hundred
 * non-ASCII bytes settle it.
 */

import iconv from "iconv-lite";

export type TextEncodingName = "utf-8" | "gb18030";

export interface DetectedEncoding {
  encoding: TextEncodingName;
  bom: boolean;
}

const BOM = [0xef, 0xbb, 0xbf] as const;
/** Non-ASCII bytes to see before deciding, unless the input ends first. */
const DECIDE_AFTER_BYTES = 512;

/** Whether `bytes` (possibly cut mid-character at the end unless `complete`) is valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

function firstNonAscii(bytes: Uint8Array, from = 0): number {
  for (let i = from; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return i;
  return -1;
}

/** Decide the encoding of a whole sample (e.g. the start of a file). */
export function detectEncoding(sample: Uint8Array, complete = true): DetectedEncoding {
  if (startsWithBom(sample)) return { encoding: "utf-8", bom: true };
  const k = firstNonAscii(sample);
  if (k < 0) return { encoding: "utf-8", bom: false };
  return { encoding: isValidUtf8(sample.subarray(k), complete) ? "utf-8" : "gb18030", bom: false };
}

interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
}

function createDecoder(encoding: TextEncodingName): ChunkDecoder {
  if (encoding === "utf-8") {
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    return {
      write: (bytes) => decoder.decode(bytes, { stream: true }),
      end: () => decoder.decode(),
    };
  }
  const decoder = iconv.getDecoder("gb18030");
  return {
    write: (bytes) => decoder.write(bytes),
    end: () => decoder.end() ?? "",
  };
}

/**
 * Decodes a byte stream chunk by chunk, deciding the encoding by itself
 * (or using `forced`). `detected` is known once `write` has seen enough
 * non-ASCII bytes, and always after `end`.
 */
export class AutoTextDecoder {
  private decoder: ChunkDecoder | undefined;
  private bomChecked = false;
  /** bytes not yet decoded: too few to look for a BOM, or non-ASCII bytes not yet enough to decide */
  private pending: Buffer | undefined;
  detected: DetectedEncoding | undefined;

  constructor(forced?: TextEncodingName) {
    if (forced) this.choose({ encoding: forced, bom: false });
  }

  write(chunk: Buffer): string {
    let bytes = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    if (!this.bomChecked) {
      if (bytes.length < BOM.length) {
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
    if (!isValidUtf8(rest, false)) return ascii + this.decide("gb18030", rest);
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
        text = bytes.toString("latin1", 0, k) + this.decide(isValidUtf8(rest, true) ? "utf-8" : "gb18030", rest);
      }
    }
    return text + (this.decoder as ChunkDecoder).end();
  }

  private stripBom(bytes: Buffer): Buffer {
    this.bomChecked = true;
    if (!startsWithBom(bytes)) return bytes;
    // a BOM means UTF-8, unless the caller forced an encoding
    if (!this.decoder) this.choose({ encoding: "utf-8", bom: true });
    else if (this.detected) this.detected = { ...this.detected, bom: true };
    return bytes.subarray(BOM.length);
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

import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { generateDemoDataset } from "../../src/demo/generate-demo-dataset.ts";
import { AutoTextDecoder, detectEncoding, NotTextError, UnsupportedEncodingError } from "../../src/read/text-encoding.ts";

const TEXT = "工单编号,承办单位,受理时间\r\nGD001,索镇街道,2017-10-03 14:05\r\nGD002,县住房和城乡建设局,2017/10/3\r\n";
const utf8 = Buffer.from(TEXT, "utf8");
const gb = iconv.encode(TEXT, "gb18030");
const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);

function decodeInChunks(bytes: Buffer, size: number): { text: string; decoder: AutoTextDecoder } {
  const decoder = new AutoTextDecoder();
  let text = "";
  for (let i = 0; i < bytes.length; i += size) text += decoder.write(bytes.subarray(i, i + size));
  text += decoder.end();
  return { text, decoder };
}

/** What decoding `bytes` throws, fed in chunks of 1, 7 and 4096 bytes (undefined where nothing is thrown). */
function chunkedErrors(bytes: Buffer): unknown[] {
  return [1, 7, 4096].map((size) => {
    try {
      decodeInChunks(bytes, size);
      return undefined;
    } catch (e) {
      return e;
    }
  });
}

describe("detectEncoding", () => {
  it("tells UTF-8, UTF-8 with BOM and GB18030 apart", () => {
    expect(detectEncoding(utf8)).toEqual({ encoding: "utf-8", bom: false });
    expect(detectEncoding(bom)).toEqual({ encoding: "utf-8", bom: true });
    expect(detectEncoding(gb)).toEqual({ encoding: "gb18030", bom: false });
    expect(detectEncoding(Buffer.from("id,unit\r\n"))).toEqual({ encoding: "utf-8", bom: false });
  });
});

describe("AutoTextDecoder", () => {
  it.each([
    ["UTF-8", utf8, { encoding: "utf-8", bom: false }],
    ["UTF-8 with BOM", bom, { encoding: "utf-8", bom: true }],
    ["GB18030", gb, { encoding: "gb18030", bom: false }],
  ] as const)("decodes %s fed in chunks of any size, cut mid-character", (_, bytes, detected) => {
    for (const size of [1, 2, 3, 7, 64, 1 << 16]) {
      const { text, decoder } = decodeInChunks(bytes, size);
      expect(text).toBe(TEXT);
      expect(decoder.detected).toEqual(detected);
    }
  });

  it("waits past a long ASCII start before deciding", () => {
    const ascii = "id,unit,source\r\n".repeat(5000);
    const bytes = Buffer.concat([Buffer.from(ascii), gb]);
    const { text, decoder } = decodeInChunks(bytes, 4096);
    expect(text).toBe(ascii + TEXT);
    expect(decoder.detected?.encoding).toBe("gb18030");
  });

  it("decodes GB18030 characters outside GBK", () => {
    const rare = "㐀䶵𠀀,欧元€";
    const { text, decoder } = decodeInChunks(iconv.encode(rare, "gb18030"), 5);
    expect(text).toBe(rare);
    expect(decoder.detected?.encoding).toBe("gb18030");
  });

  it("reads UTF-8 with a line pasted from a GBK file as UTF-8, saying bytes were not UTF-8; a U+FFFD written in the file is not one", () => {
    const pasted = "GD003,唐山镇,2017-10-04\r\n";
    for (const at of ["start", "far"] as const) {
      // the GBK line among the first bytes looked at, or after the decision, 64 KiB on
      const before = at === "start" ? "" : "GD000,索镇街道,2017-10-02\r\n".repeat(3000);
      const bytes = Buffer.concat([Buffer.from(TEXT + before, "utf8"), iconv.encode(pasted, "gbk"), Buffer.from("GD004,索镇街道,2017-10-05\r\n", "utf8")]);
      expect(detectEncoding(bytes.subarray(0, 4096))).toEqual({ encoding: "utf-8", bom: false });
      for (const size of [1, 7, 4096]) {
        const { text, decoder } = decodeInChunks(bytes, size);
        expect(decoder.detected?.encoding).toBe("utf-8");
        expect(decoder.invalidUtf8Seen).toBe(true);
        expect(text.startsWith(TEXT + before)).toBe(true);
        expect(text.endsWith("\uFFFD,2017-10-04\r\nGD004,索镇街道,2017-10-05\r\n")).toBe(true);
      }
    }
    for (const size of [1, 2, 7, 4096]) {
      const { text, decoder } = decodeInChunks(Buffer.from(`${TEXT}GD9,\uFFFD镇\uFFFD,x\r\n`, "utf8"), size);
      expect(text).toContain("GD9,\uFFFD镇\uFFFD,x");
      expect(decoder.invalidUtf8Seen).toBe(false);
    }
    expect(decodeInChunks(utf8, 3).decoder.invalidUtf8Seen).toBe(false);
  });

  it("notes a line of a GBK file that is UTF-8 (pasted from a UTF-8 file), as it reads, wherever it is and however the bytes come", () => {
    const pasted = "GD003,唐山镇,县中心,2017-10-04\r\n";
    for (const at of ["start", "far"] as const) {
      const before = at === "start" ? "" : "GD000,索镇街道,市长热线,2017-10-02\r\n".repeat(3000);
      const bytes = Buffer.concat([
        iconv.encode(TEXT + before, "gb18030"),
        Buffer.from(pasted, "utf8"),
        iconv.encode("GD004,索镇街道,2017-10-05\r\n", "gb18030"),
      ]);
      for (const size of [1, 7, 4096]) {
        const { text, decoder } = decodeInChunks(bytes, size);
        expect(decoder.detected?.encoding).toBe("gb18030");
        const lines = decoder.takeUtf8Lines();
        expect(lines).toHaveLength(1);
        // what it reads as: the garbled start of the pasted line, found on that line only
        const found = text.split("\r\n").filter((line) => line.includes(lines[0] as string));
        expect(found).toHaveLength(1);
        expect(found[0]?.startsWith("GD003,")).toBe(true);
        expect(found[0]).not.toContain("唐山镇");
        expect(decoder.takeUtf8Lines()).toEqual([]);
      }
    }
  });

  it("notes no line of GBK files of Chinese text: the demo units, orders and events, and 200,000 lines of random GB2312 characters", () => {
    const demo = generateDemoDataset();
    const units = demo.units.map((u) => `${u.code},${u.name},${u.category}`);
    const names = new Map(demo.units.map((u) => [u.code, u.name]));
    const orders = demo.orders.map((o) => `${o.id},${names.get(o.unit)},${o.source},${o.kind ?? ""},${o.closureType ?? ""}`);
    const events = demo.events.map((e) => `${e.id},${e.type},${names.get(e.unit) ?? ""},${e.note ?? ""}`);
    const hanzi: string[] = [];
    for (let lead = 0xb0; lead <= 0xf7; lead++) {
      for (let trail = 0xa1; trail <= 0xfe; trail++) {
        const c = iconv.decode(Buffer.from([lead, trail]), "gb18030");
        if (c.length === 1 && c >= "\u4e00") hanzi.push(c);
      }
    }
    let seed = 1;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const word = () => Array.from({ length: 1 + random(6) }, () => hanzi[random(hanzi.length)]).join("");
    const randomLines = Array.from({ length: 200_000 }, (_, i) => [`GD${i}`, ...Array.from({ length: 1 + random(4) }, word)].join(","));
    for (const lines of [units, orders, events, randomLines]) {
      expect(lines.length).toBeGreaterThan(30);
      const { decoder } = decodeInChunks(iconv.encode(`${lines.join("\r\n")}\r\n`, "gb18030"), 65536);
      expect(decoder.detected?.encoding).toBe("gb18030");
      expect(decoder.takeUtf8Lines()).toEqual([]);
    }
  });

  it("uses a forced encoding", () => {
    const decoder = new AutoTextDecoder("gb18030");
    expect(decoder.write(gb) + decoder.end()).toBe(TEXT);
  });
});

describe("wide and traditional encodings", () => {
  const utf16le = (text: string) => Buffer.from(text, "utf16le");
  const utf16be = (text: string) => {
    const le = utf16le(text);
    const be = Buffer.alloc(le.length);
    for (let i = 0; i + 1 < le.length; i += 2) {
      be[i] = le[i + 1] as number;
      be[i + 1] = le[i] as number;
    }
    return be;
  };
  const utf32le = (text: string) => {
    const out = Buffer.alloc([...text].length * 4);
    for (const [i, ch] of [...text].entries()) out.writeUInt32LE(ch.codePointAt(0) as number, i * 4);
    return out;
  };
  const utf32be = (text: string) => {
    const out = Buffer.alloc([...text].length * 4);
    for (const [i, ch] of [...text].entries()) out.writeUInt32BE(ch.codePointAt(0) as number, i * 4);
    return out;
  };
  const TRADITIONAL =
    "工單編號,承辦單位,來源,訴求類型,受理時間,辦理時限\r\nGD001,唐山鎮,縣中心,投訴,2017-10-03 14:05,2017-10-10\r\nGD002,索鎮街道,市中心,諮詢,2017/10/4 9:00:00,2017-10-07 17:00\r\n";

  // Excel's "Unicode 文本" (.txt) is UTF-16LE with a BOM; the others are what other programs write
  it.each([
    ["UTF-16LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(TEXT)]), { encoding: "utf-16le", bom: true }],
    ["UTF-16LE without BOM", utf16le(TEXT), { encoding: "utf-16le", bom: false }],
    ["UTF-16BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]), { encoding: "utf-16be", bom: true }],
    ["UTF-16BE without BOM", utf16be(TEXT), { encoding: "utf-16be", bom: false }],
  ] as const)("reads %s, fed in chunks of any size, cut mid-character", (_, bytes, detected) => {
    expect(detectEncoding(bytes)).toEqual(detected);
    for (const size of [1, 3, 7, 1 << 16]) {
      const { text, decoder } = decodeInChunks(bytes, size);
      expect(text).toBe(TEXT);
      expect(decoder.detected).toEqual(detected);
    }
  });

  it.each([
    ["UTF-32LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32le(TEXT)]), "UTF-32LE"],
    ["UTF-32LE without BOM", utf32le(TEXT), "UTF-32LE"],
    ["UTF-32BE without BOM", utf32be(TEXT), "UTF-32BE"],
    ["Big5", iconv.encode(TRADITIONAL, "big5"), "Big5"],
  ] as const)("refuses %s, saying which encodings are read", (_, bytes, encoding) => {
    expect(() => detectEncoding(bytes)).toThrow(UnsupportedEncodingError);
    for (const error of chunkedErrors(bytes)) {
      expect(error).toBeInstanceOf(UnsupportedEncodingError);
      expect((error as UnsupportedEncodingError).encoding).toBe(encoding);
      expect((error as UnsupportedEncodingError).reason.zh).toContain("UTF-8、GB18030（GBK）或 UTF-16");
    }
  });

  it.each([
    [
      "a PNG picture",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
      "这不是 CSV 文本文件，从内容看是：PNG 图片",
    ],
    ["an .xlsx workbook", Buffer.concat([Buffer.from("PK\x03\x04\x14\x00\x06\x00", "latin1"), Buffer.alloc(40, 1)]), "请把扩展名改为 .xlsx 后上传"],
    ["an old .xls workbook", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "旧版 Excel 工作簿（.xls）"],
    // one stray NUL is a damaged cell (import-checks.test.ts); a run of them is not text
    [
      "bytes of no known kind, NULs among them",
      Buffer.from(Array.from({ length: 64 }, (_, i) => ([5, 10, 13, 22, 31, 40, 47, 58].includes(i) ? 0 : 1 + ((i * 37) % 250)))),
      "文件中有文本不会有的字节",
    ],
    // random bytes with no NUL in them (as a damaged or encrypted file may be): control bytes text does not have
    [
      "bytes of no known kind without a NUL",
      Buffer.from(Array.from({ length: 1024 }, (_, i) => 1 + ((i * 7919 + ((i * i) % 251)) % 255))),
      "文件中有文本不会有的字节",
    ],
  ])("refuses %s, saying it is not a CSV text file", (_, bytes, says) => {
    expect(() => detectEncoding(bytes)).toThrow(NotTextError);
    for (const error of chunkedErrors(bytes)) {
      expect(error).toBeInstanceOf(NotTextError);
      expect((error as NotTextError).reason.zh).toContain(says);
    }
  });

  it("does not take GB18030 for Big5: the demo data, traditional characters written in GB18030, a short header", () => {
    const demo = generateDemoDataset();
    const units = demo.units.map((u) => `${u.code},${u.name},${u.category}`).join("\r\n");
    const events = demo.events
      .slice(0, 300)
      .map((e) => `${e.id},${e.type},${e.note ?? ""}`)
      .join("\r\n");
    for (const text of [units, events, TRADITIONAL, "工单编号,承办单位\r\n", TEXT]) {
      const bytes = iconv.encode(text, "gb18030");
      expect(detectEncoding(bytes)).toEqual({ encoding: "gb18030", bom: false });
      const { text: decoded, decoder } = decodeInChunks(bytes, 100);
      expect(decoded).toBe(text);
      expect(decoder.detected?.encoding).toBe("gb18030");
    }
  });
});

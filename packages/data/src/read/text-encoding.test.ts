import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { AutoTextDecoder, detectEncoding } from "./text-encoding.ts";

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

  it("uses a forced encoding", () => {
    const decoder = new AutoTextDecoder("gb18030");
    expect(decoder.write(gb) + decoder.end()).toBe(TEXT);
  });
});

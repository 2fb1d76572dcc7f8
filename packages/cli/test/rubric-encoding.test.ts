/**
 * A rubric file saved as GBK (Windows Notepad's "ANSI", WPS) is read as GBK and said so — not 138 errors of
 * 无法识别的字符 “��” that say nothing of the encoding.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { kaohe, root } from "./support/kaohe.ts";

const huantai = readFileSync(join(root, "rules/huantai/2017.kh"), "utf8");

/** Text as GBK bytes: each character's two bytes found by decoding every GBK pair (Node encodes no GBK itself). */
function gbk(text: string): Buffer {
  const decoder = new TextDecoder("gb18030");
  const bytesOf = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const c = decoder.decode(Uint8Array.of(hi, lo));
      if (c.length === 1 && !bytesOf.has(c)) bytesOf.set(c, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const c of text) {
    if (c.charCodeAt(0) < 0x80) out.push(c.charCodeAt(0));
    else {
      const b = bytesOf.get(c);
      if (!b) throw new Error(`no GBK bytes for ${c}: choose another text`);
      out.push(...b);
    }
  }
  return Buffer.from(out);
}

let dir: string;
let file: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaohe-gbk-"));
  file = join(dir, "gbk.kh");
  writeFileSync(file, gbk(huantai));
  writeFileSync(join(dir, "units.csv"), "单位编码,单位名称,类别\nU1,甲镇,镇\n");
  writeFileSync(
    join(dir, "orders.csv"),
    "工单编号,承办单位,来源,受理时间,办理时限,办结时间,已回访,过程满意度,结果满意度\nA1,甲镇,县中心,2017-10-03 09:00,2017-10-10,2017-10-08 10:00,是,满意,满意\n",
  );
  writeFileSync(join(dir, "events.csv"), "事件编号,单位,日期,事件类型,次数\nE1,甲镇,2017-09-20,行政不作为,1\n");
}, 30_000);

const NOTE = "规则文件不是 UTF-8 编码，已按 GB18030（GBK）编码读取；建议另存为 UTF-8";

describe("a rubric file saved as GBK", () => {
  test("check reads it as GBK, says so, and finds what it finds in the UTF-8 file", async () => {
    const r = await kaohe("check", file);
    expect(r.stderr).toContain(`${file}：${NOTE}`);
    expect(r.stdout).not.toContain("无法识别的字符");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await kaohe("check", join(root, "rules/huantai/2017.kh"))).stdout.replaceAll(join(root, "rules/huantai/2017.kh"), file));
  });

  test("score and explain score it as the UTF-8 file, --json output untouched by the note", async () => {
    const utf8 = await kaohe("score", "--rubric", join(root, "rules/huantai/2017.kh"), "--data", dir, "--month", "2017-10", "--json");
    const r = await kaohe("score", "--rubric", file, "--data", dir, "--month", "2017-10", "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(NOTE);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(utf8.stdout));
    expect((await kaohe("explain", "--rubric", file, "--data", dir, "--month", "2017-10", "--unit", "甲镇")).stderr).toContain(NOTE);
  });

  test("fmt writes it back as UTF-8 and says so; --check counts it as not formatted", async () => {
    const copy = join(dir, "fmt.kh");
    writeFileSync(copy, gbk(huantai));
    const check = await kaohe("fmt", "--check", copy);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("不是 UTF-8 编码");
    const r = await kaohe("fmt", copy);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("并改存为 UTF-8 编码");
    expect(readFileSync(copy, "utf8")).toBe(huantai);
    // now UTF-8: nothing more to say
    expect(await kaohe("fmt", "--check", copy)).toMatchObject({ code: 0, stderr: "" });
  });

  test("a file that is not text is refused, saying what it is", async () => {
    const png = join(dir, "picture.kh");
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(64).fill(0)]));
    const r = await kaohe("check", png);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`规则文件 ${png} 无法读取：`);
    expect(r.stderr).toContain("这不是文本文件，从内容看是：PNG 图片；规则文件应是 UTF-8 编码的文本");
  });
});

test("a rubric whose lines end in a lone CR (an old Mac editor's) is read as lines, and said: the 2017 method checks clean", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-cr-"));
  const file = join(dir, "2017-cr.kh");
  writeFileSync(file, huantai.replace(/\r?\n/g, "\r"));
  const r = await kaohe("check", file);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("没有问题");
  expect(r.stderr).toContain("规则文件的换行只有 CR（旧式 Mac 的换行），已按换行读取");
});

/**
 * Staging an attachment as it streams in: uploads in progress at once are capped per user, so that parallel uploads
 * cannot fill the memory (each file is held until its kind is told) nor the staging folder past the user's allowance.
 */
import { describe, expect, it } from "vitest";
import { discardStaged, stageAttachment } from "../src/attachment-uploads.ts";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

/** A body that sends its first bytes, then waits until released. */
function heldBody(): { body: AsyncIterable<Uint8Array>; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((ok) => {
    release = ok;
  });
  async function* body() {
    yield PDF.subarray(0, 8);
    await gate;
    yield PDF.subarray(8);
  }
  return { body: body(), release };
}

async function* once(bytes: Uint8Array) {
  yield bytes;
}

describe("uploads in progress", () => {
  it("a user's third upload while two are still coming in is refused in words; another user's goes on; later ones are taken", async () => {
    const first = heldBody();
    const second = heldBody();
    const a = stageAttachment("一.pdf", first.body, "jia");
    const b = stageAttachment("二.pdf", second.body, "jia");
    await expect(stageAttachment("三.pdf", once(PDF), "jia")).rejects.toMatchObject({
      code: "CONFLICT",
      zh: "正在上传的附件过多：请等前面的文件上传完成后再上传",
    });
    // another user is not held up by this one
    const other = await stageAttachment("乙.pdf", once(PDF), "yi");
    expect(other.mediaType).toBe("application/pdf");
    first.release();
    second.release();
    const staged = await Promise.all([a, b]);
    expect(staged.map((s) => s.size)).toEqual([PDF.length, PDF.length]);
    // done, the user may upload again
    const third = await stageAttachment("三.pdf", once(PDF), "jia");
    await discardStaged([...staged, third, other].map((s) => s.token));
  });

  it("a refused file frees its place: a user whose uploads failed is not locked out", async () => {
    for (let i = 0; i < 3; i++) await expect(stageAttachment("空.pdf", once(new Uint8Array()), "bing")).rejects.toThrow(/是空的/);
    const ok = await stageAttachment("有.pdf", once(PDF), "bing");
    await discardStaged([ok.token]);
  });
});

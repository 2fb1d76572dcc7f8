/**
 * An attachment's content is checked in a thread of its own (sec3 #1): a file whose check was slow held the request
 * thread, and with it every user, for minutes. While a check runs the server answers /healthz, sign-ins and scoring;
 * a check past its limit, counted from its start, is refused in Chinese and its thread started again, and a check
 * that waited for it is checked, not refused; the files made to be slow to read are read at once, and the one whose
 * ZIP entries overlap is refused.
 */

import type { Store } from "@kaohe/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sample from "../../../packages/api/test/attachment-samples.ts";
import { Threads } from "../src/threads.ts";
import { type Session, signInAs, startDemoServer } from "./support.ts";

let close: () => Promise<void>;
let base: string;
let store: Store;
let unit: Session;
/** the server's worker, in which the check of SLOW holds its thread (a module of the tests only) */
const entry = new URL("./slow-worker.mjs", import.meta.url);

/** the check of an attachment of this name takes a minute once begun (slow-worker.mjs, the threads' first module) */
const SLOW = "慢.pdf";

beforeAll(async () => {
  ({ base, close, store } = await startDemoServer("kaohe-attachment-check-", undefined, {
    entry,
    // one reader, as on a 2-core server: a check there held it, and stopping the check stopped its scoring too
    readers: 1,
    attachmentCheckMs: 3_000,
  }));
  unit = await signInAs(base, "unit");
}, 120_000);

afterAll(() => close());

const put = (name: string, body: Buffer) => unit.fetch(`/attachments?name=${encodeURIComponent(name)}`, { method: "PUT", body: new Uint8Array(body) });

describe("an attachment's check, in a thread of its own", () => {
  it("while a check runs the server answers; one past its limit is refused in Chinese, and the next upload is checked as ever", async () => {
    let settled = false;
    const slow = put(SLOW, sample.pdf()).finally(() => {
      settled = true;
    });
    // the upload is being checked (a second is long enough for it to reach its thread)
    await new Promise((ok) => setTimeout(ok, 1000));
    expect(await (await fetch(`${base}/healthz`)).text()).toBe("ok");
    const other = await signInAs(base, "viewer");
    expect((await other.trpc("auth.me", undefined)).status).toBe(200);
    // scoring, in the reader, is neither held up by the check nor stopped with it
    expect((await other.trpc("scores.month", { month: "2018-10" })).status).toBe(200);
    // answered while the check still held its thread: on the request thread, nothing was until it ended
    expect(settled).toBe(false);
    const res = await slow;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { zh: string }).zh).toMatch(/^附件“慢\.pdf”无法检查：检查其内容超过 3 秒仍未完成/);
    // the thread stopped and started again: the next file is checked
    await expect.poll(async () => (await put("情况说明.pdf", sample.pdf())).status, { timeout: 60_000, interval: 500 }).toBe(201);
  }, 120_000);

  it("a check that waited for a slow one is checked when its turn comes, not refused as too slow (its limit counts from its start)", async () => {
    const slow = put(SLOW, sample.pdf());
    // sent after the slow one, so it waits for it: 3 s and the checker's restart, longer than its own limit of 3 s
    await new Promise((ok) => setTimeout(ok, 200));
    const started = Date.now();
    const waited = await put("说明.pdf", sample.pdf());
    expect([waited.status, Date.now() - started >= 2_500]).toEqual([201, true]);
    expect((await slow).status).toBe(400);
  }, 120_000);

  it("a check that waited past its wait limit is refused as the server busy, not as the file's fault", async () => {
    const threads = new Threads(store.url, { entry, readers: 1, attachmentCheckMs: 3_000, attachmentWaitMs: 1_000 });
    try {
      const slow = threads.checkAttachment(sample.pdf(), SLOW).catch((err: unknown) => err);
      const waited = await threads.checkAttachment(sample.pdf(), "说明.pdf").catch((err: unknown) => err);
      expect(waited).toMatchObject({ code: "BUSY", zh: "附件“说明.pdf”还没有检查：服务器正忙于检查其他人上传的附件，等候 1 秒仍未轮到，请稍后再上传" });
      expect(await slow).toMatchObject({ code: "BAD_INPUT", zh: expect.stringContaining("检查其内容超过 3 秒仍未完成") });
      // the checker started again checks the next
      expect(await threads.checkAttachment(sample.pdf(), "说明.pdf")).toMatchObject({ kind: "pdf" });
    } finally {
      await threads.close();
    }
  }, 120_000);

  it("the files made to be slow to read are read at once: the ZIP of overlapping entries refused, the others taken", async () => {
    const docx = await sample.docxBody("<w:fldSimple ".repeat(20_000));
    const pdf = Buffer.from(`%PDF-1.4\n${"<</Length 0>>stream\n".repeat(50_000)}%%EOF\n`, "latin1");
    const header = (name: string, size: number) => {
      const h = Buffer.alloc(30);
      h.writeUInt32LE(0x04034b50, 0);
      h.writeUInt32LE(size, 18);
      h.writeUInt32LE(size, 22);
      h.writeUInt16LE(Buffer.byteLength(name), 26);
      return Buffer.concat([h, Buffer.from(name)]);
    };
    const overlapping = Buffer.concat([header("[Content_Types].xml", 0), ...Array.from({ length: 5_000 }, () => header("word/a.xml", 0xffffffff))]);
    expect((await put("a.docx", docx)).status).toBe(201);
    expect((await put("a.pdf", pdf)).status).toBe(201);
    const refused = await put("b.docx", overlapping);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { zh: string }).zh).toContain("附件“b.docx”是结构异常（其中的文件相互重叠）、无法检查其中有无宏和外部链接的 Office 文档");
  }, 120_000);
});

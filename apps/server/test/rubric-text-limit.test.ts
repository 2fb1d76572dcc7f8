/**
 * A rubric's text is checked in a reader under a short time limit, a draft's save's before it is sent to the one writer
 * (an adversary's report: a text made to be slow to check held the writer for 88 s when saved, and every sign-in and
 * save behind it). Here a text holding 〔慢〕 holds whichever thread begins it for a minute (slow-worker.mjs); the
 * limit is 2 s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query, type Session, signInAs, startDemoServer } from "./support.ts";

let close: () => Promise<void>;
let base: string;
let editor: Session;

const entry = new URL("./slow-worker.mjs", import.meta.url);
const SLOW_TEXT = 'rubric "慢" version "1"\n  in force from 2018-10\n# 〔慢〕\n';

beforeAll(async () => {
  ({ base, close } = await startDemoServer("kaohe-rubric-text-limit-", undefined, { entry, readers: 1, rubricTextMs: 2_000 }));
  editor = await signInAs(base, "editor");
}, 120_000);

afterAll(() => close());

const drafts = async () => (await query<{ name: string }[]>(editor, "rubrics.list", undefined)).filter((v) => v.name === "慢");

describe("a rubric's text slow to check", () => {
  it("saved: refused in Chinese once past the limit, nothing saved, and the writer free meanwhile (a sign-in answered)", async () => {
    let settled = false;
    const save = editor.trpc("rubrics.createDraft", { text: SLOW_TEXT }, "POST").finally(() => {
      settled = true;
    });
    await new Promise((ok) => setTimeout(ok, 500));
    // a sign-in and a save by someone else go through the writer: answered while the text is still being checked
    const admin = await signInAs(base, "admin");
    expect((await admin.trpc("auth.me", undefined)).status).toBe(200);
    expect(settled).toBe(false);
    const res = await save;
    expect([res.status, res.body.error?.message]).toEqual([400, expect.stringMatching(/^规则文本的检查超过 2 秒仍未完成，已停止.*没有保存/)]);
    expect(await drafts()).toEqual([]);
    // the reader started again: the next save checks and is saved
    const ok = await editor.trpc("rubrics.createDraft", { text: SLOW_TEXT.replace("〔慢〕", "快") }, "POST");
    expect(ok.status).toBe(200);
    expect(await drafts()).toHaveLength(1);
  }, 120_000);

  it("checked in the editor: refused in Chinese once past the limit", async () => {
    const res = await editor.trpc("rubrics.check", { text: SLOW_TEXT }, "POST");
    expect([res.status, res.body.error?.message]).toEqual([400, expect.stringMatching(/^规则文本的检查超过 2 秒仍未完成/)]);
    expect((await editor.trpc("rubrics.check", { text: "rubric" }, "POST")).status).toBe(200);
  }, 120_000);
});

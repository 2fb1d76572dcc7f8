/**
 * What the server knows of a call before it reads its body (call-body.ts), and the order in which a procedure checks:
 * who may call it, then its input walked, then its work. A security review: 4 MB from nobody signed in was walked
 * before “请先登录”, and an input nested 100,000 deep was let through the walk to overflow the stack of the structured
 * clone that sends it to the writer thread.
 */
import type { IncomingMessage } from "node:http";
import { TEXT_LIMITS } from "@kaohe/services/text-limits";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, BODY_LIMITS, bodyLimitOf, bodyNeeded, callsOf, MAX_BATCH_CALLS } from "../src/index.ts";
import type { Meta } from "../src/trpc.ts";
import { openSeededApi, rejection, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
});
afterAll(() => api?.close());

describe("the body a call may send", () => {
  it("only the procedures given a rubric's text take the large body", () => {
    const large = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>)
      .filter(([, p]) => p._def.meta?.largeInput)
      .map(([path]) => path)
      .sort();
    expect(large).toEqual(["rubrics.check", "rubrics.createDraft", "rubrics.format", "rubrics.updateDraft"]);
  });

  it("a batch may send the largest of the calls this user may make; a call refused them, or a name of no procedure, counts for nothing", () => {
    const unit = { id: 1, username: "u", displayName: "u", role: "unit" as const, unitCode: "HTZ01", mustChangePassword: false };
    const editor = { ...unit, role: "editor" as const, unitCode: null };
    expect(bodyLimitOf(editor, ["rubrics.updateDraft"])).toBe(4 * 1024 * 1024);
    expect(bodyLimitOf(editor, ["units.list", "rubrics.check"])).toBe(4 * 1024 * 1024);
    // a unit user may not check a rubric (rubrics.edit): refused 403 before its input is read, so the batch's body is
    // inbox.markSeen's, the small one (it was 4 MB, read and parsed only for the check to be refused: a review)
    expect(bodyLimitOf(unit, ["inbox.markSeen", "rubrics.check"])).toBe(256 * 1024);
    expect(bodyLimitOf(null, ["rubrics.check"])).toBe(256 * 1024);
    expect(bodyLimitOf(unit, ["inbox.markSeen"])).toBe(256 * 1024);
    expect(bodyLimitOf(editor, ["admin.dropEverything"])).toBe(256 * 1024);
    expect(bodyLimitOf(editor, ["toString"])).toBe(256 * 1024);
  });

  it("reads the calls' names as tRPC does: not percent-decoded, split on commas only in a batch", () => {
    const at = (url: string) => callsOf({ url, headers: { host: "kaohe" }, socket: {} } as IncomingMessage, "/trpc/");
    expect(at("/trpc/inbox.markSeen,rubrics.check?batch=1")).toEqual({ paths: ["inbox.markSeen", "rubrics.check"], batch: true });
    // tRPC looks for a procedure named `rubrics%2Echeck`, and finds none
    expect(at("/trpc/rubrics%2Echeck,inbox.markSeen?batch=1")?.paths).toEqual(["rubrics%2Echeck", "inbox.markSeen"]);
    // without ?batch=1, one name, of no procedure
    expect(at("/trpc/rubrics.check,inbox.markSeen")).toEqual({ paths: ["rubrics.check,inbox.markSeen"], batch: false });
    expect(at("/trpc/rubrics.check,inbox.markSeen?batch=true")?.paths).toHaveLength(1);
  });

  it("a batch of more calls than tRPC takes is not read (tRPC refuses it 400 before any input)", () => {
    const unit = { id: 1, username: "u", displayName: "u", role: "unit" as const, unitCode: "HTZ01", mustChangePassword: false };
    expect(bodyNeeded(unit, Array(MAX_BATCH_CALLS).fill("inbox.markSeen"))).toBe(true);
    expect(bodyNeeded(unit, Array(MAX_BATCH_CALLS + 1).fill("inbox.markSeen"))).toBe(false);
  });

  it("the small body holds the longest text a unit writes: an explanation of 20,000 characters, each 3 bytes in UTF-8, with room", () => {
    // 20,000 Chinese characters: 60,000 bytes of JSON (a character of the Basic Plane is at most 3 bytes in UTF-8)
    const explanation = JSON.stringify({ period: "2018-11", text: "说".repeat(TEXT_LIMITS.explanation.max), keepAttachments: [] });
    expect(Buffer.byteLength(explanation)).toBeLessThan(BODY_LIMITS.other / 4);
  });

  it("is not read when no call can use it: nobody signed in, the wrong role, a query, no such procedure", () => {
    const unit = { id: 1, username: "u", displayName: "u", role: "unit" as const, unitCode: "HTZ01", mustChangePassword: false };
    expect(bodyNeeded(null, ["inbox.markSeen"])).toBe(false);
    expect(bodyNeeded(null, ["auth.changePassword", "rubrics.updateDraft"])).toBe(false);
    expect(bodyNeeded(unit, ["users.create"])).toBe(false);
    expect(bodyNeeded(unit, ["units.list"])).toBe(false);
    expect(bodyNeeded(unit, ["admin.dropEverything"])).toBe(false);
    expect(bodyNeeded(unit, ["inbox.markSeen"])).toBe(true);
    // a batch: read when any of its calls can use it
    expect(bodyNeeded(unit, ["users.create", "inbox.markSeen"])).toBe(true);
    // a password to change first: only changing it
    const pending = { ...unit, mustChangePassword: true };
    expect(bodyNeeded(pending, ["inbox.markSeen"])).toBe(false);
    expect(bodyNeeded(pending, ["auth.changePassword"])).toBe(true);
  });
});

describe("who may call, before the input is walked", () => {
  it("nobody signed in sending text that is not text is told to sign in, not what is wrong with the text", async () => {
    const e = await rejection(api.as(null).objections.raise({ period: "2018-11", subject: "other", reason: "理由\uD800" } as never));
    expect([e.code, e.message]).toEqual(["UNAUTHORIZED", "请先登录"]);
  });

  it("an input nested deeper than 64 levels is refused in words, before any work (it was let through to the thread)", async () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const e = await rejection(api.as("unit").auth.changePassword({ current: "x", next: "y", junk: deep } as never));
    expect([e.code, e.message]).toEqual(["BAD_REQUEST", "请求的数据嵌套层次过深（超过 64 层），服务器没有处理：请检查请求"]);
    // 64 levels are walked (the junk field's list is the second level): still the input's own check that refuses it
    let shallow: unknown = [];
    for (let i = 0; i < 62; i++) shallow = [shallow];
    const fine = await rejection(api.as("unit").auth.changePassword({ current: "x", next: "y", junk: shallow } as never));
    expect(fine.message).toBe("输入有误：没有这些字段：junk");
  });
});

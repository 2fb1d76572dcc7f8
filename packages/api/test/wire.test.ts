/** Errors as they travel over HTTP: status, message and `error.data`, through tRPC's fetch adapter. */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/index.ts";
import { openSeededApi, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
});
afterAll(() => api?.close());

interface Reply {
  status: number;
  body: { result?: unknown; error?: { message: string; data: Record<string, unknown> } };
}

async function call(path: string, input: unknown, method: "GET" | "POST"): Promise<Reply> {
  const req =
    method === "GET"
      ? new Request(
          input === undefined ? `http://kaohe.test/trpc/${path}` : `http://kaohe.test/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
        )
      : new Request(`http://kaohe.test/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
  const res = await fetchRequestHandler({ endpoint: "/trpc", req, router: appRouter, createContext: () => ({ store: api.store, user: api.user }) });
  return { status: res.status, body: (await res.json()) as Reply["body"] };
}

describe("errors over HTTP", () => {
  it("a bad period: 400, a Chinese summary, the flattened zod error", async () => {
    const { status, body } = await call("scores.month", { month: "2017-13" }, "GET");
    expect(status).toBe(400);
    expect(body.error?.message).toBe("输入有误：考核月份应写成 YYYY-MM（如 2017-10），而不是“2017-13”");
    expect(body.error?.data).toMatchObject({
      code: "BAD_REQUEST",
      httpStatus: 400,
      appCode: "BAD_REQUEST",
      zh: body.error?.message,
      zodError: { formErrors: [], fieldErrors: { month: ["考核月份应写成 YYYY-MM（如 2017-10），而不是“2017-13”"] } },
    });
  });

  it("editing a published rubric: 403 with the domain code and both languages", async () => {
    const list = (await call("rubrics.list", undefined, "GET")).body.result as { data: { id: number; version: string }[] };
    const id = list.data.find((v) => v.version === "2017")?.id;
    const { status, body } = await call("rubrics.updateDraft", { id, text: "rubric" }, "POST");
    expect(status).toBe(403);
    expect(body.error?.data).toMatchObject({
      code: "FORBIDDEN",
      appCode: "FORBIDDEN",
      zh: "规则“桓台县市民投诉（民生热线）工作考核办法”（2017）已发布，不能修改：请另建草稿",
      en: "published rubric versions are immutable",
      // (the editor then offers the unsaved text as a file and the version as it is now)
      detail: { draftGone: true },
      zodError: null,
    });
  });

  it("a draft with errors: 422 with its diagnostics as detail", async () => {
    const created = (
      await call("rubrics.createDraft", { text: 'rubric "坏规则" version "1"\n  in force from 2031-01\n\nmeasure 数 = count 不存在的记录\n' }, "POST")
    ).body.result as { data: { id: number; contentHash: string } };
    const { status, body } = await call("rubrics.publish", { id: created.data.id, contentHash: created.data.contentHash }, "POST");
    expect(status).toBe(422);
    expect(body.error?.data).toMatchObject({ code: "UNPROCESSABLE_CONTENT", appCode: "RUBRIC_INVALID" });
    expect(body.error?.data.detail).toEqual(expect.arrayContaining([expect.objectContaining({ severity: "error", code: expect.stringMatching(/^KH\d+$/) })]));
  });

  it("no version in force: 412, saying what to do", async () => {
    const { status, body } = await call("scores.month", { month: "2016-01" }, "GET");
    expect(status).toBe(412);
    expect(body.error?.data).toMatchObject({ appCode: "NOT_IN_FORCE", zh: "2016年1月没有已发布且施行中的规则版本：请先在“规则”中发布一个版本" });
  });
});

describe("a request that is not JSON", () => {
  /** The answer to a request as it is sent, not made from a value (a body or an `input` no JSON.stringify writes). */
  async function send(req: Request): Promise<Reply> {
    const res = await fetchRequestHandler({ endpoint: "/trpc", req, router: appRouter, createContext: () => ({ store: api.store, user: api.user }) });
    return { status: res.status, body: (await res.json()) as Reply["body"] };
  }

  it("is said in Chinese: which part, what is wrong and where (it was only 请求格式有误, the reason in English)", async () => {
    const cut = await send(
      new Request("http://kaohe.test/trpc/rubrics.remove", { method: "POST", headers: { "content-type": "application/json" }, body: '{"id":1' }),
    );
    expect(cut.status).toBe(400);
    // position 7 counted from 0: the 8th character, where a comma or } should follow 1
    expect(cut.body.error?.message).toBe("请求内容不是有效的 JSON：字段的值后应为逗号或“}”（第 8 个字符处）；请检查请求");
    expect(cut.body.error?.data).toMatchObject({ appCode: "BAD_REQUEST", en: expect.stringContaining("JSON") });
    const half = await send(new Request(`http://kaohe.test/trpc/scores.month?input=${encodeURIComponent('{"month":')}`));
    expect([half.status, half.body.error?.message]).toEqual([400, "地址参数 input 不是有效的 JSON：内容不完整，在结尾处中断；请检查请求"]);
    // a character cut in half in the address (%E0%A4) reaches JSON.parse as “�”; an escape that is none (%ZZ) as it is
    for (const input of ["%E0%A4", "%ZZ"]) {
      const garbled = await send(new Request(`http://kaohe.test/trpc/scores.month?input=${input}`));
      expect([input, garbled.status, garbled.body.error?.message]).toEqual([
        input,
        400,
        "地址参数 input 不是有效的 JSON：含有无法识别的字符（百分号编码或 UTF-8 编码有误）；请检查请求",
      ]);
    }
  });

  it("is refused by a procedure that takes no input too (it answered 200, the broken input unread: a fuzz)", async () => {
    const cut = await send(new Request(`http://kaohe.test/trpc/rubrics.list?input=${encodeURIComponent('{"x":')}`));
    expect([cut.status, cut.body.error?.message]).toEqual([400, "地址参数 input 不是有效的 JSON：内容不完整，在结尾处中断；请检查请求"]);
    // no input at all, or a well-formed one, is answered as before
    expect((await call("rubrics.list", undefined, "GET")).status).toBe(200);
    expect((await call("rubrics.list", {}, "GET")).status).toBe(200);
  });
});

describe("an error of ours", () => {
  it("reaches the client as a Chinese message without stack, file paths or SQL; the log has the whole of it", async () => {
    const secret = 'SQLITE_ERROR: near "FROM": syntax error in SELECT "code" FROM "units" at /work/main/packages/db/src/units.ts:12';
    // a store whose every database call fails the way a driver does
    const failing: unknown = new Proxy(() => undefined, {
      get: () => failing,
      apply: () => Promise.reject(new Error(secret)),
    });
    const logged: unknown[] = [];
    const req = new Request("http://kaohe.test/trpc/units.list");
    const res = await fetchRequestHandler({
      endpoint: "/trpc",
      req,
      router: appRouter,
      createContext: () => ({ store: { ...api.store, prisma: failing as typeof api.store.prisma }, user: api.user }),
      onError: ({ error }) => logged.push(error.cause),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/SQLITE|SELECT|\/work\/|\.ts:\d+|"stack"/);
    const body = JSON.parse(text) as Reply["body"];
    expect(body.error?.message).toBe("服务器内部错误，操作未完成：请稍后重试；如仍出错，请把出错时间告诉系统管理员");
    expect(body.error?.data).toMatchObject({ appCode: "INTERNAL", httpStatus: 500 });
    expect(body.error?.data).not.toHaveProperty("stack");
    // what the server logs (apps/server's onError) still has the driver's own message
    expect(String((logged[0] as Error | undefined)?.message)).toContain("SQLITE_ERROR");
  });
});

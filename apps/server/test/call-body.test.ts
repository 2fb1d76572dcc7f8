/**
 * A tRPC call's body is read only when a call can use it, only as large as the call's input can be, and only for so
 * long. A security review: 4 MB of `{}` from nobody signed in was read, parsed and walked on the request thread before
 * “请先登录” (200 such calls at once left /healthz unanswered for 159 s); signed in, the same body to a small mutation
 * was sent to the writer thread before it was refused; and a body held back was waited for five minutes.
 */
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "@kaohe/db";
import { seedDemo } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createKaoheServer, type KaoheServer } from "../src/server.ts";
import { type Session, signInAs, workerEntry } from "./support.ts";

let store: Store;
let server: KaoheServer;
let port: number;
let base: string;
let unit: Session;
let admin: Session;
/** the time a call's body may take here (30 s in service) */
const BODY_MS = 1000;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-call-body-"));
  store = await openStore(`file:${join(dir, "k.db")}`);
  await seedDemo(store);
  server = createKaoheServer({ store, consoleDir: join(dir, "dist"), threads: { entry: await workerEntry() }, trpcBodyMs: BODY_MS });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  await server.ready();
  unit = await signInAs(base, "unit");
  admin = await signInAs(base, "admin");
}, 120_000);

afterAll(async () => {
  await server.stop();
  await store.close();
});

/**
 * Send a request's headers and only the first bytes of the body they declare (`sent`), never the rest: its status,
 * headers and JSON answer, and how long it took; status 0 when no answer came in `waitMs`.
 */
function partial(path: string, headers: Record<string, string>, declared: number, sent: string, waitMs = 8000) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: unknown; ms: number }>((resolve) => {
    const started = Date.now();
    const req = request(
      `${base}${path}`,
      { method: "POST", headers: { ...headers, "content-type": "application/json", "x-kaohe-csrf": "1", "content-length": String(declared) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")), ms: Date.now() - started });
          req.destroy();
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ status: 0, headers: {}, body: null, ms: waitMs });
    }, waitMs);
    req.on("error", () => undefined);
    req.write(sent);
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
const FOUR_MB = 4 * 1024 * 1024;

/**
 * Send a whole body in `pieces` after the headers, a few milliseconds apart (the server answers after the first), as a
 * browser does, reading nothing until all of it is sent: what was read then (the answer, or "" when the connection was
 * reset and the answer with it), and the error the socket saw.
 */
function sendWhole(path: string, cookie: string | null, body: string, pieces: number) {
  return new Promise<{ answer: string; error: string | null }>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    // nothing read before the body is sent: an answer the server's reset arrived on top of is lost, as a browser loses it
    socket.pause();
    let answer = "";
    let error: string | null = null;
    socket.on("data", (d) => {
      answer += d.toString("utf8");
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on("close", () => resolve({ answer, error }));
    setTimeout(() => socket.destroy(), 8000);
    const bytes = Buffer.from(body);
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: x\r\n${cookie ? `Cookie: ${cookie}\r\n` : ""}Content-Type: application/json\r\nX-Kaohe-Csrf: 1\r\n` +
        `Content-Length: ${bytes.length}\r\n\r\n`,
    );
    void (async () => {
      const size = Math.ceil(bytes.length / pieces);
      for (let at = 0; at < bytes.length; at += size) {
        await new Promise((ok) => setTimeout(ok, 50));
        if (socket.destroyed) break;
        socket.write(bytes.subarray(at, at + size));
      }
      await new Promise((ok) => setTimeout(ok, 100));
      socket.resume();
    })();
  });
}

/** The JSON after an answer's headers (sent in chunks: their sizes taken out). */
function jsonOf(answer: string): unknown {
  const at = answer.indexOf("\r\n\r\n");
  let body = answer.slice(at + 4);
  if (/\r\ntransfer-encoding: chunked\r\n/i.test(answer.slice(0, at + 2))) {
    let whole = "";
    for (let size = Number.parseInt(body, 16); size > 0; size = Number.parseInt(body, 16)) {
      const start = body.indexOf("\r\n") + 2;
      whole += Buffer.from(body.slice(start)).subarray(0, size).toString("utf8");
      body = Buffer.from(body.slice(start))
        .subarray(size + 2)
        .toString("utf8");
    }
    body = whole;
  }
  return JSON.parse(body);
}

describe("a call nobody may make is refused before its body is read", () => {
  it("nobody signed in: 401 请先登录, as tRPC words it (the console signs in again), while 4 MB are still to come", async () => {
    // 4 MB declared, 20 bytes sent: an answer before the rest can only come from a server that did not wait for it
    // (it waited for all of it, then parsed and walked it, then refused)
    const answer = await partial("/trpc/inbox.markSeen", {}, FOUR_MB, '{"a":[{},{},{},{},{}');
    expect(answer.status).toBe(401);
    // and the connection closed: the rest is not read
    expect(answer.headers.connection).toBe("close");
    const body = answer.body as { error: { message: string; data: { appCode: string; zh: string; httpStatus: number } } };
    expect(body.error.message).toBe("请先登录");
    expect(body.error.data).toMatchObject({ appCode: "UNAUTHORIZED", zh: "请先登录", httpStatus: 401 });
  });

  it("a batch of them: each refused 401, the body unread", async () => {
    const answer = await partial("/trpc/inbox.markSeen,auth.changePassword?batch=1", {}, FOUR_MB, '{"0":');
    expect(answer.status).toBe(401);
    const body = answer.body as { error: { data: { zh: string } } }[];
    expect(body.map((b) => b.error.data.zh)).toEqual(["请先登录", "请先登录"]);
  });

  it("a unit user calling what only the center may: 403, the body unread", async () => {
    const answer = await partial("/trpc/users.create", { cookie: unit.cookie }, FOUR_MB, '{"username":');
    expect(answer.status).toBe(403);
    expect((answer.body as { error: { message: string } }).error.message).toMatch(/^没有权限：单位用户不能/);
  });

  it("the session is still checked as before: nobody signed in changing a password, with a whole small body, 401", async () => {
    const res = await fetch(`${base}/trpc/auth.changePassword`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-kaohe-csrf": "1" },
      body: JSON.stringify({ current: "x", next: "y" }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("请先登录");
  });

  it("a body sent whole is drained, not parsed, and the answer reaches the client (a reset lost it)", async () => {
    // a clerk whose session lapsed while writing a long explanation: 200 KB sent in 4 pieces after the headers, the
    // answer read only after it is all sent. Closed with the rest unread, the connection was reset and the answer
    // lost with it (a browser: “Failed to fetch”, and never 请先登录)
    const body = JSON.stringify({ period: "2018-11", text: "说".repeat(68_000) });
    expect(Buffer.byteLength(body)).toBeGreaterThan(200 * 1000);
    const parsed = vi.spyOn(JSON, "parse");
    try {
      const { answer, error } = await sendWhole("/trpc/explanations.submit", null, body, 4);
      expect(error).toBeNull();
      expect(statusOf(answer)).toBe(401);
      expect(answer).toMatch(/\r\nconnection: close\r\n/i);
      expect((jsonOf(answer) as { error: { message: string } }).error.message).toBe("请先登录");
      // read and thrown away: nothing parsed it
      expect(parsed.mock.calls.filter(([text]) => String(text).length > 100_000)).toEqual([]);
    } finally {
      parsed.mockRestore();
    }
  });

  it("a batch of more calls than one request may carry: 400 saying so, the body unread", async () => {
    // 51 calls the unit user may make: MAX_BATCH_CALLS is 50, refused by tRPC before any input (it read 4 MB first)
    const path = `/trpc/${Array(51).fill("inbox.markSeen").join(",")}?batch=1`;
    const answer = await partial(path, { cookie: unit.cookie }, FOUR_MB, '{"0":');
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain("一次请求最多合并 50 个调用：请分几次请求");
  });
});

describe("a body as large as the call's input can be", () => {
  it("1 MB to a small mutation: 413 saying the most (256 KB), before the rest is read", async () => {
    // its input is a period: 256 KB is what any procedure but a rubric's text may send (call-body.ts BODY_LIMITS)
    const answer = await partial("/trpc/inbox.markSeen", { cookie: unit.cookie }, 1024 * 1024, '{"a":[');
    expect(answer.status).toBe(413);
    const body = answer.body as { error: { data: { zh: string; httpStatus: number } } };
    expect(body.error.data.zh).toBe("请求内容过大（最多 256 KB）：除规则文本外，所填的文字都远小于此；较多的材料请作为附件上传");
  });

  it("1 MB sent without a declared length (chunked): 413 once 256 KB have come", async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let answer = "";
      socket.on("data", (d) => {
        answer += d.toString("utf8");
      });
      socket.on("error", () => undefined);
      socket.on("close", () => resolve(statusOf(answer)));
      // no answer in 8 s: none is coming (it waited for the end of a body that never ends)
      setTimeout(() => socket.destroy(), 8000);
      socket.write(
        `POST /trpc/inbox.markSeen HTTP/1.1\r\nHost: x\r\nCookie: ${unit.cookie}\r\nContent-Type: application/json\r\nX-Kaohe-Csrf: 1\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      const chunk = "x".repeat(64 * 1024);
      for (let i = 0; i < 16; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      // the end never sent: only the limit can answer it
    });
    expect(status).toBe(413);
  });

  it("a batch with a call the user may not make: the limit of those they may (a unit user checking a rubric: 256 KB)", async () => {
    // rubrics.check takes 4 MB but is the editors': a unit user's batch was let 4 MB for it, read and parsed, for the
    // check to be refused 403 (a review). 1 MB declared is over the small limit: 413 before it is read
    const answer = await partial("/trpc/inbox.markSeen,rubrics.check?batch=1", { cookie: unit.cookie }, 1024 * 1024, '{"0":');
    expect(answer.status).toBe(413);
    const body = answer.body as { error: { data: { zh: string } } }[];
    expect(body[0]?.error.data.zh).toMatch(/^请求内容过大（最多 256 KB）/);
    // the name percent-encoded is no procedure to tRPC (it does not decode it): the small limit too
    // (an admin may check a rubric: decoded, the batch was let 4 MB and waited for)
    const encoded = await partial("/trpc/rubrics%2Echeck,auth.changePassword?batch=1", { cookie: admin.cookie }, 1024 * 1024, '{"0":');
    expect([encoded.status, encoded.ms < BODY_MS]).toEqual([413, true]);
  });

  it("a body over the limit sent whole: 413, the rest drained, and the answer reaches the client", async () => {
    // 300,000 bytes to a small mutation, over its 256 KB (262,144), sent in 5 pieces and read after
    const { answer, error } = await sendWhole("/trpc/inbox.markSeen", unit.cookie, `{"period":"${"x".repeat(299_986)}"}`, 5);
    expect(error).toBeNull();
    expect(statusOf(answer)).toBe(413);
    expect((jsonOf(answer) as { error: { data: { zh: string } } }).error.data.zh).toMatch(/^请求内容过大（最多 256 KB）/);
  });

  it("a rubric's text of 99,000 characters (some 300 KB, over the small limit) is saved as a draft", async () => {
    const created = await admin.trpc("rubrics.createDraft", { text: "# 草稿\n" }, "POST");
    expect(created.status).toBe(200);
    const { id } = (created.body.result as { data: { id: number } }).data;
    // a comment line of Chinese, 3 bytes a character in UTF-8: 99,000 characters are 297,000 bytes, over 256 KB
    // (262,144) and within the rubric's 100,000 characters
    const text = `# ${"规则说明文字".repeat(16_500)}\n`;
    expect(Buffer.byteLength(JSON.stringify({ id, text }))).toBeGreaterThan(256 * 1024);
    const saved = await admin.trpc("rubrics.updateDraft", { id, text }, "POST");
    expect(saved.status).toBe(200);
    const read = await admin.trpc("rubrics.get", { id }, "GET");
    const { text: stored } = (read.body.result as { data: { text: string } }).data;
    expect(stored).toBe(text);
  });
});

describe("a body held back", () => {
  it("is answered 408 once the deadline has passed, not after Node's five minutes", async () => {
    const answer = await partial("/trpc/rubrics.check", { cookie: admin.cookie }, 100, '{"text":"');
    expect(answer.status).toBe(408);
    expect((answer.body as { error: { data: { zh: string } } }).error.data.zh).toBe("请求内容在 1 秒内没有发送完，服务器没有处理：请检查网络后重试");
    // answered after BODY_MS, and long before the 8 s this test would wait
    expect(answer.ms).toBeGreaterThanOrEqual(BODY_MS - 50);
    expect(answer.ms).toBeLessThan(5000);
  });

  it("an upload keeps its own allowance: a file sent over longer than a call's deadline is taken", async () => {
    const content = "orderId,unit\n";
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      socket.on("data", (d) => {
        text += d.toString("utf8");
      });
      socket.on("close", () => resolve(text));
      socket.write(
        `PUT /upload HTTP/1.1\r\nHost: x\r\nCookie: ${admin.cookie}\r\nX-Kaohe-Csrf: 1\r\nX-File-Name: orders.csv\r\nContent-Length: ${content.length}\r\nConnection: close\r\n\r\norderId,`,
      );
      setTimeout(() => socket.write("unit\n"), BODY_MS * 2);
    });
    expect(statusOf(answer)).toBe(201);
  });
});

describe("the input walked before it goes to another thread", () => {
  it("nested 100,000 deep: 400 saying so, and nothing in the server's log", async () => {
    const logged = vi.spyOn(console, "error");
    try {
      const res = await admin.fetch("/trpc/auth.changePassword", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"current":"x","next":"y","junk":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe("请求的数据嵌套层次过深（超过 64 层），服务器没有处理：请检查请求");
      // it was “task call not sent to its thread: Maximum call stack size exceeded” at each call
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});

/**
 * No request stops the server, and no answer shows its insides. Each request
 * below is sent as raw bytes (a browser or fetch would tidy the URL first);
 * each gets a 4xx with a Chinese message, nothing of a stack, a file path or
 * SQL, and the server still answers /healthz afterwards.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { type AddressInfo, connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "@kaohe/db";
import { seedDemo } from "@kaohe/services";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CONNECTIONS_PER_ADDRESS, createKaoheServer, type KaoheServer } from "../src/server.ts";
import { rawExchange, signInAs, workerEntry } from "./support.ts";

let store: Store;
let server: KaoheServer;
let port: number;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-robust-"));
  // the console next to a sibling folder whose name shares its prefix: nothing of dist-x may be served
  const dist = join(dir, "dist");
  mkdirSync(join(dist, "assets"), { recursive: true });
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>kaohe</title>");
  writeFileSync(join(dist, "assets", "app.js"), "console.log('app')");
  mkdirSync(join(dir, "dist-x"));
  writeFileSync(join(dir, "dist-x", "secret.txt"), "SECRET-NEXT-DOOR");
  writeFileSync(join(dir, "secret.txt"), "SECRET-ABOVE");
  store = await openStore(`file:${join(dir, "k.db")}`);
  await seedDemo(store);
  server = createKaoheServer({ store, consoleDir: dist, threads: { entry: await workerEntry() } });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  port = (server.address() as AddressInfo).port;
  await server.ready();
  cookie = (await signInAs(`http://127.0.0.1:${port}`, "sysadmin")).cookie;
  unitCookie = (await signInAs(`http://127.0.0.1:${port}`, "unit")).cookie;
}, 120_000);

afterAll(async () => {
  await server.stop();
  await store.close();
});

/** Send bytes as they are; the whole answer as text (status line, headers, body). */
const raw = (request: string | Buffer) => rawExchange(port, request);

/** the requests come from a signed-in 系统管理员 (each refusal below is about the request, not about who sent it) */
let cookie = "";
/** a unit user's: attachments are theirs to upload */
let unitCookie = "";
const get = (path: string, headers = "") => raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\n${headers}Connection: close\r\n\r\n`);
const send = (head: string, body = "") =>
  raw(
    `${head}\r\nHost: x\r\nCookie: ${cookie}\r\nX-Kaohe-Csrf: 1\r\n${body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : ""}Connection: close\r\n\r\n${body}`,
  );
const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
const bodyOf = (answer: string) => answer.slice(answer.indexOf("\r\n\r\n") + 4);

const body5MB = `{"text":"${"x".repeat(5 * 1024 * 1024)}"}`;
const malformed: [string, () => Promise<string>, number[]][] = [
  ["a lone %", () => get("/%"), [400]],
  ["a link cut in the middle of a character", () => get("/units/%E4%B8"), [400]],
  ["a bad escape in an export", () => get("/export/month/%ZZ.xlsx"), [400]],
  ["an encoded NUL", () => get("/%00"), [400]],
  ["an impossible month", () => get("/export/month/2018-13.xlsx"), [400]],
  ["an unknown export", () => get("/export/quarter/2018-Q1.xlsx"), [404]],
  ["a year export of no year", () => get("/export/year/20188.xlsx"), [400, 404]],
  ["input that is not JSON", () => get("/trpc/scores.month?input=%ZZ"), [400]],
  ["input that is half JSON", () => get(`/trpc/scores.month?input=${encodeURIComponent('{"month":')}`), [400]],
  ["input of the wrong type", () => get(`/trpc/scores.month?input=${encodeURIComponent('{"month":[1,2]}')}`), [400]],
  ["a procedure that does not exist", () => get("/trpc/admin.dropEverything"), [404]],
  // they were answered with the console's page (200, HTML)
  ["the interface's address without a procedure", () => get("/trpc"), [404]],
  ["the exports' address without an export", () => get("/export"), [404]],
  ["a query sent as a mutation", () => send("POST /trpc/units.list HTTP/1.1\r\nContent-Type: application/json", "{}"), [405]],
  ["a body that is not JSON", () => send("POST /trpc/rubrics.check HTTP/1.1\r\nContent-Type: application/json", "{"), [400]],
  ["a body over the limit", () => send("POST /trpc/rubrics.check HTTP/1.1\r\nContent-Type: application/json", body5MB), [413]],
  ["a user header that is not valid encoding", () => get("/trpc/units.list", "X-Kaohe-User: %E4%ZZ\r\n"), [200]],
  ["an upload without a name", () => send("PUT /upload HTTP/1.1", "abc"), [400]],
  ["an upload with a bad name encoding", () => send("PUT /upload HTTP/1.1\r\nX-File-Name: %ZZ.csv", "abc"), [400]],
  ["an upload of a program", () => send("PUT /upload HTTP/1.1\r\nX-File-Name: run.exe", "abc"), [400]],
  [
    "an upload declared too large",
    () =>
      raw(
        `PUT /upload HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nX-Kaohe-Csrf: 1\r\nX-File-Name: orders.csv\r\nContent-Length: 999999999999\r\nConnection: close\r\n\r\nabc`,
      ),
    [413],
  ],
  ["an upload fetched with GET", () => get("/upload"), [405]],
  ["a write to a page", () => raw("DELETE /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), [405]],
  // TRACE reached the tRPC adapter, which failed inside (500, a stack in the server's log)
  ["a TRACE of a procedure", () => raw(`TRACE /trpc/auth.me HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nX-Kaohe-Csrf: 1\r\nConnection: close\r\n\r\n`), [405]],
  ["a PUT to a procedure", () => send("PUT /trpc/rubrics.check HTTP/1.1\r\nContent-Type: application/json", "{}"), [405]],
  // asked without the CSRF header, as a probe does: refused for the method (it was 403, “missing the CSRF header”)
  ["an OPTIONS of a procedure", () => raw(`OPTIONS /trpc/auth.me HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`), [405]],
  ["a DELETE of a procedure", () => raw(`DELETE /trpc/auth.me HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`), [405]],
  // Node's own refusal was an empty 400 without the security headers
  ["an HTTP/1.1 request without a Host", () => raw("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"), [400]],
  [
    "a change without the CSRF header",
    () =>
      raw(
        `POST /trpc/rubrics.check HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      ),
    [403],
  ],
  ["a procedure called by nobody signed in", () => raw("GET /trpc/units.list HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), [401]],
  ["a forged session cookie", () => raw("GET /trpc/units.list HTTP/1.1\r\nHost: x\r\nCookie: kaohe_session=forged%00\r\nConnection: close\r\n\r\n"), [401]],
  [
    "a body nested too deep to hand to a thread",
    () =>
      send(
        "POST /trpc/auth.changePassword HTTP/1.1\r\nContent-Type: application/json",
        `{"current":"x","next":"y","junk":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
      ),
    [400],
  ],
  ["not HTTP at all", () => raw("HELLO\r\n\r\n"), [400]],
  // a proxy's forms of the target: they were told their encoding was wrong
  ["a full address as the target", () => get("http://x/healthz"), [400]],
  ["an OPTIONS of the server as a whole", () => raw("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), [400]],
  // Node refuses these before any handler runs: its own answers were an empty 431 and 400
  ["an address over 16 KB", () => get(`/units/${"a".repeat(20_000)}`), [431]],
  ["a control character in a header", () => raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n"), [400]],
  ["a call whose body is not declared JSON", () => send("POST /trpc/rubrics.check HTTP/1.1\r\nContent-Type: text/plain", '{"text":""}'), [415]],
  [
    "an attachment with a bad name encoding (it was saved as “�.pdf”)",
    () =>
      raw(
        `PUT /attachments?name=%E0%A4.pdf HTTP/1.1\r\nHost: x\r\nCookie: ${unitCookie}\r\nX-Kaohe-Csrf: 1\r\nContent-Length: 8\r\nConnection: close\r\n\r\n%PDF-1.4`,
      ),
    [400],
  ],
  ["a header line without a colon", () => raw("GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"), [400]],
  // a lone surrogate (JSON allows \uD800): the database driver failed on it, a 500 with a stack in the log, at the
  // sign-in for anyone (found by a security review)
  [
    "a lone surrogate at the sign-in",
    () => send("POST /auth/signin HTTP/1.1\r\nContent-Type: application/json", '{"username":"nouser\\uD800","password":"x"}'),
    [400],
  ],
  [
    "a lone surrogate in a procedure's input",
    () => send("POST /trpc/rubrics.check HTTP/1.1\r\nContent-Type: application/json", '{"text":"rubric \\uDC00"}'),
    [400],
  ],
  [
    "a chunked body that lies about its size",
    () =>
      raw(
        `POST /trpc/rubrics.check HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nX-Kaohe-Csrf: 1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
      ),
    [400],
  ],
];

test("a target that is no path is told so, not that its encoding is wrong", async () => {
  for (const answer of [await get("http://x/healthz"), await raw("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")]) {
    expect(statusOf(answer)).toBe(400);
    expect(bodyOf(answer)).toContain("应以 / 开头的路径，不是完整网址或 *");
    expect(bodyOf(answer)).not.toContain("编码");
  }
});

test.each(malformed)("%s: a clear 4xx, nothing of the server's insides", async (_name, send, statuses) => {
  const answer = await send();
  expect(statuses).toContain(statusOf(answer));
  const body = bodyOf(answer);
  expect(body).not.toMatch(/\bat .*\.(ts|js|mjs):\d+|node_modules|\/work\/|SELECT |INSERT |"stack"/);
  // every refusal says what is wrong in Chinese, as JSON (one Node could not parse as HTTP too: its own answer was empty)
  if (statusOf(answer) !== 200) {
    expect(body).toMatch(/"zh":"[^"]*[\u4e00-\u9fff]/);
    expect(answer).toMatch(/\r\ncontent-type: application\/json\b/i);
  }
  expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe("ok");
});

test("a body over 4 MB is refused in words for every role: no import function named to a unit user, who has none", async () => {
  const answer = await send("POST /trpc/rubrics.check HTTP/1.1\r\nContent-Type: application/json", body5MB);
  expect(statusOf(answer)).toBe(413);
  expect(bodyOf(answer)).toContain("请求内容过大（最多 4 MB）：请精简所填的文字；文件不要粘贴进文字，请用页面上的上传按钮添加");
});

test("a call that is not JSON is told so in Chinese, with what is wrong and where (it was 请求格式有误, the reason in English only)", async () => {
  const cut = await send("POST /trpc/rubrics.remove HTTP/1.1\r\nContent-Type: application/json", '{"id":1');
  expect(statusOf(cut)).toBe(400);
  expect(bodyOf(cut)).toContain("请求内容不是有效的 JSON：字段的值后应为逗号或“}”（第 8 个字符处）；请检查请求");
  const garbled = await get("/trpc/scores.month?input=%E0%A4");
  expect(statusOf(garbled)).toBe(400);
  expect(bodyOf(garbled)).toContain("地址参数 input 不是有效的 JSON：含有无法识别的字符（百分号编码或 UTF-8 编码有误）；请检查请求");
});

test("a lone surrogate is refused as such before the database sees it, at the sign-in and in a procedure (it was a 500)", async () => {
  const said = "输入中含有无效的字符（不成对的 UTF-16 代理项）：请删去后重试";
  const signIn = await send("POST /auth/signin HTTP/1.1\r\nContent-Type: application/json", '{"username":"nouser\\uD800","password":"x"}');
  expect(statusOf(signIn)).toBe(400);
  expect(bodyOf(signIn)).toContain(said);
  const check = await send("POST /trpc/rubrics.check HTTP/1.1\r\nContent-Type: application/json", '{"text":"rubric \\uDC00"}');
  expect(statusOf(check)).toBe(400);
  expect(bodyOf(check)).toContain(said);
});

test("a control character no report can hold (U+FFFF, \\b, a bidi override) is refused in a procedure's input, saying which; a rubric's text is the checker's to judge", async () => {
  // said with the text before it, to find it by (it is invisible: a walk)
  const said = (code: string) => `输入中含有不可见的控制字符（${code}，在“理由”之后，多是从别处复制时带来的）：报表与文件不能容纳，请删去后重试`;
  for (const [escaped, code] of [
    ["\\uFFFF", "U+FFFF"],
    ["\\b", "U+0008"],
    ["\\u202E", "U+202E"],
  ] as const) {
    // a unit user's, who may raise one: who may call is checked before the input is walked (a 系统管理员 is refused, 403)
    const reason = `{"period":"2018-11","subject":"other","reason":"理由${escaped}结束"}`;
    const raise = await raw(
      `POST /trpc/objections.raise HTTP/1.1\r\nHost: x\r\nCookie: ${unitCookie}\r\nX-Kaohe-Csrf: 1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(reason)}\r\nConnection: close\r\n\r\n${reason}`,
    );
    expect(statusOf(raise)).toBe(400);
    expect(bodyOf(raise)).toContain(said(code));
  }
  // a password's tail is never quoted back (a review)
  const secret = await send("POST /auth/signin HTTP/1.1\r\nContent-Type: application/json", '{"username":"kaohe","password":"Huantai-Secret\\u0001"}');
  expect(statusOf(secret)).toBe(400);
  expect(bodyOf(secret)).toContain("输入中含有不可见的控制字符（U+0001，多是从别处复制时带来的）");
  expect(bodyOf(secret)).not.toContain("Secret");
  // tab and line breaks are text
  const lines = await send("POST /auth/signin HTTP/1.1\r\nContent-Type: application/json", '{"username":"no\\tuser\\r\\n","password":"x"}');
  expect(bodyOf(lines)).not.toContain("控制字符");
  const check = await send("POST /trpc/rubrics.check HTTP/1.1\r\nContent-Type: application/json", '{"text":"rubric \\u0001"}');
  expect(bodyOf(check)).not.toContain("控制字符（U+0001");
  // (only the rubric's own text: a withdrawal's reason is refused as any other text is)
  const withdraw = await send("POST /trpc/rubrics.withdraw HTTP/1.1\r\nContent-Type: application/json", '{"id":1,"reason":"误发\\uFFFF"}');
  expect(statusOf(withdraw)).toBe(400);
  expect(bodyOf(withdraw)).toContain("输入中含有不可见的控制字符（U+FFFF，在“误发”之后");
});

test("a browser opening a malformed link or a bad export gets a page in Chinese with the way back, not JSON; the console's own requests get JSON", async () => {
  const navigate = "Sec-Fetch-Mode: navigate\r\nAccept: text/html,application/xhtml+xml\r\n";
  for (const [path, status, says] of [
    ["/export/month/%E0%A4.xlsx", 400, "请求地址有误"],
    ["/export/month/2018-13.xlsx", 400, "，而不是“2018-13”"],
    // what the address held comes back escaped, never as markup
    [`/export/month/${encodeURIComponent("<img src=x onerror=alert(1)>")}.xlsx`, 400, "而不是“&lt;img src=x onerror=alert(1)&gt;”"],
    // a file that is not there (sirv's answer was an empty 404: a blank page)
    ["/ranking/2018-11.pdf", 404, "没有“/ranking/2018-11.pdf”这个文件：请检查地址，或从控制台首页进入"],
    ["/units/HTZ01.xlsx", 404, "没有“/units/HTZ01.xlsx”这个文件"],
  ] as const) {
    const answer = await get(path, navigate);
    expect([path, statusOf(answer)]).toEqual([path, status]);
    expect(answer).toMatch(/\r\ncontent-type: text\/html; charset=utf-8\r\n/i);
    const page = bodyOf(answer);
    expect(page).toContain(says);
    expect(page).toContain('<a href="/"');
    expect(page).not.toContain("<img");
  }
  // a console page opened by a malformed link is the console, which says so inside its menu (e2e console-qa.test.ts)
  for (const path of ["/units/%E0%A4%A", "/responses/%E4%B8?x=1", "/%"]) {
    const answer = await get(path, navigate);
    expect([path, statusOf(answer)]).toEqual([path, 200]);
    expect(bodyOf(answer)).toContain("<title>kaohe</title>");
  }
  const missing = await get("/favicon.ico", "Accept: */*\r\n");
  expect(statusOf(missing)).toBe(404);
  expect(bodyOf(missing)).toContain('"en":"no such file"');
  const fetched = await get("/export/month/2018-13.xlsx", "Accept: */*\r\n");
  expect(fetched).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
  expect(bodyOf(fetched)).toMatch(/\{"zh":"月份应写成 \d{4}-\d{2}，而不是“2018-13”","en":"bad month"\}/);
});

test("only the console's own files are served: no way out of its folder, every other path is the app", async () => {
  for (const path of [
    "/../dist-x/secret.txt",
    "/..%2fdist-x%2fsecret.txt",
    "/%2e%2e/dist-x/secret.txt",
    "/../secret.txt",
    "/assets/../../secret.txt",
    "//../secret.txt",
  ]) {
    const answer = await get(path);
    expect(bodyOf(answer), path).not.toContain("SECRET");
  }
  const js = await get("/assets/app.js");
  expect(statusOf(js)).toBe(200);
  expect(js).toMatch(/cache-control: public, max-age=31536000, immutable/i);
  const page = await get("/ranking/2018-03");
  expect(statusOf(page)).toBe(200);
  expect(bodyOf(page)).toContain("<title>kaohe</title>");
});

test("every answer carries the security headers", async () => {
  for (const path of ["/", "/assets/app.js", "/trpc/units.list", "/%", "/export/month/2018-13.xlsx"]) {
    const answer = (await get(path)).toLowerCase();
    expect(answer, path).toContain("content-security-policy: default-src 'self'; script-src 'self';");
    expect(answer, path).toContain("frame-ancestors 'none'");
    expect(answer, path).toContain("x-content-type-options: nosniff");
    expect(answer, path).toContain("referrer-policy: no-referrer");
  }
});

test("what a procedure answers a signed-in user is not kept by the browser or a proxy (no-store)", async () => {
  for (const path of ["/trpc/units.list", "/trpc/auth.me", `/trpc/scores.month?input=${encodeURIComponent('{"month":"2018-10"}')}`]) {
    const answer = await get(path);
    expect(statusOf(answer), path).toBe(200);
    expect(answer.toLowerCase(), path).toMatch(/\r\ncache-control: no-store\r\n/);
  }
});

test("a hundred requests at once, light and malformed, are all answered", async () => {
  const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? get("/%") : i % 3 === 1 ? get("/trpc/units.list") : get("/healthz"))));
  expect(answers.map(statusOf).sort()).toEqual([...Array(34).fill(400), ...Array(66).fill(200)].sort());
});

test("one address holding many half-sent requests (slowloris) is held to CONNECTIONS_PER_ADDRESS; its next connection is closed at once, and closing some lets it in again", async () => {
  const held: Socket[] = [];
  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect(port, "127.0.0.1", () => {
        s.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        resolve(s);
      });
      s.on("error", reject);
    });
  try {
    for (let i = 0; i < CONNECTIONS_PER_ADDRESS; i++) held.push(await open());
    // the one over the limit: closed without an answer
    const over = await open();
    const closed = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      over.on("data", (c) => chunks.push(c));
      over.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
      over.on("error", () => undefined);
    });
    expect(closed).toBe("");
    // the held ones are still the server's to answer: one finishes its request
    const answered = new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      const first = held[0] as Socket;
      first.on("data", (c) => chunks.push(c));
      first.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
      first.write("Connection: close\r\n\r\n");
    });
    expect(await answered).toMatch(/^HTTP\/1\.1 200/);
  } finally {
    for (const s of held) s.destroy();
  }
  // their connections gone, the address is answered again
  await expect
    .poll(async () => (await rawExchange(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).slice(0, 15), { timeout: 10_000 })
    .toBe("HTTP/1.1 200 OK");
}, 60_000);

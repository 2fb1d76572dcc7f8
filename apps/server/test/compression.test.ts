/**
 * The console's files as the build precompresses them (apps/console/precompress.ts) and the server sends
 * them: brotli, gzip or the file itself as the request's Accept-Encoding asks, always with
 * `Vary: Accept-Encoding` and the file's own Content-Type; what arrives decodes to the file as built.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { openStore, type Store } from "@kaohe/db";
import { afterAll, beforeAll, expect, test } from "vitest";
import { precompressDir } from "../../console/precompress.ts";
import { chooseEncoding } from "../src/compress.ts";
import { createKaoheServer, type KaoheServer } from "../src/server.ts";
import { rawGet } from "./support.ts";

let store: Store;
let server: KaoheServer;
let base: string;
let dist: string;

/** Text much like a bundle: long, repetitive, with Chinese in it. */
const script = Array.from({ length: 400 }, (_, i) => `export const 单位${i} = { code: "U${i}", label: "考核单位 ${i}", score: ${i * 1.5} };\n`).join("");
const style = Array.from({ length: 200 }, (_, i) => `.kaohe-row-${i} { padding: ${i % 8}px; color: #c41d1d; }\n`).join("");
const page = `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>考核</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div>${"<!-- 12345 热线考核 -->".repeat(60)}</body></html>`;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-compress-"));
  dist = join(dir, "dist");
  mkdirSync(join(dist, "assets"), { recursive: true });
  writeFileSync(join(dist, "index.html"), page);
  writeFileSync(join(dist, "assets", "index-Ab12Cd34.js"), script);
  writeFileSync(join(dist, "assets", "index-Ef56Gh78.css"), style);
  // removed once the server has listed the files (the last test)
  writeFileSync(join(dist, "assets", "gone-Xx11Yy22.js"), script);
  // too small to be worth compressing: sent as it is whatever is accepted
  writeFileSync(join(dist, "favicon.svg"), `<svg xmlns="http://www.w3.org/2000/svg"/>`);
  await precompressDir(dist);
  store = await openStore(`file:${join(dir, "k.db")}`);
  server = createKaoheServer({ store, consoleDir: dist, threads: false });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await store?.close();
});

/** A GET as sent (fetch would decode the body itself): status, headers, and the bytes on the wire. */
const get = (path: string, headers: Record<string, string> = {}) => rawGet(`${base}${path}`, headers);

const decode = (encoding: string | string[] | undefined, body: Buffer) =>
  encoding === "br" ? brotliDecompressSync(body) : encoding === "gzip" ? gunzipSync(body) : body;

test("the build writes a brotli and a gzip form beside each text file worth it, each decoding to the file", () => {
  for (const name of ["index.html", "assets/index-Ab12Cd34.js", "assets/index-Ef56Gh78.css"]) {
    const original = readFileSync(join(dist, name));
    const br = readFileSync(join(dist, `${name}.br`));
    const gz = readFileSync(join(dist, `${name}.gz`));
    expect(brotliDecompressSync(br).equals(original)).toBe(true);
    expect(gunzipSync(gz).equals(original)).toBe(true);
    expect(br.length).toBeLessThan(original.length / 3);
    expect(gz.length).toBeLessThan(original.length / 2);
  }
  expect(existsSync(join(dist, "favicon.svg.br"))).toBe(false);
});

test.each([
  ["br", "gzip, deflate, br, zstd", "br"],
  ["gzip", "gzip, deflate", "gzip"],
  ["identity", "", undefined],
  ["brotli refused (q=0)", "br;q=0, gzip", "gzip"],
  ["gzip preferred by quality", "br;q=0.5, gzip;q=0.9", "gzip"],
  ["every compression refused", "gzip;q=0, br;q=0", undefined],
  ["any (*)", "*", "br"],
])("a script asked for with %s: Content-Encoding, Vary and Content-Type right, the bytes decode to the file", async (_what, accept, expected) => {
  const res = await get("/assets/index-Ab12Cd34.js", accept ? { "accept-encoding": accept } : {});
  expect(res.status).toBe(200);
  expect(res.headers["content-encoding"]).toBe(expected);
  expect(res.headers.vary).toMatch(/Accept-Encoding/i);
  expect(res.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
  expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(Number(res.headers["content-length"])).toBe(res.body.length);
  expect(decode(res.headers["content-encoding"], res.body).toString("utf8")).toBe(script);
});

test("styles and the page are negotiated alike; the page (and every app path) is checked each time, never cached as it is", async () => {
  const css = await get("/assets/index-Ef56Gh78.css", { "accept-encoding": "gzip" });
  expect(css.headers["content-encoding"]).toBe("gzip");
  expect(css.headers["content-type"]).toMatch(/^text\/css/);
  expect(decode("gzip", css.body).toString("utf8")).toBe(style);
  for (const path of ["/", "/index.html", "/ranking/2018-11"]) {
    const res = await get(path, { "accept-encoding": "br" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(decode("br", res.body).toString("utf8")).toBe(page);
  }
  const plain = await get("/ranking", {});
  expect(plain.headers["content-encoding"]).toBeUndefined();
  expect(plain.body.toString("utf8")).toBe(page);
});

test("a file without a compressed form is sent as it is; a revalidation still says what it varies by", async () => {
  const icon = await get("/favicon.svg", { "accept-encoding": "br, gzip" });
  expect(icon.status).toBe(200);
  expect(icon.headers["content-encoding"]).toBeUndefined();
  expect(icon.headers["content-type"]).toMatch(/^image\/svg\+xml/);
  const first = await get("/assets/index-Ab12Cd34.js", { "accept-encoding": "br" });
  const again = await get("/assets/index-Ab12Cd34.js", { "accept-encoding": "br", "if-none-match": String(first.headers.etag) });
  expect(again.status).toBe(304);
  expect(again.headers.vary).toMatch(/Accept-Encoding/i);
  // another encoding is another representation: not the brotli one's validator
  expect((await get("/assets/index-Ab12Cd34.js", { "accept-encoding": "gzip" })).headers.etag).not.toBe(first.headers.etag);
});

test("chooseEncoding reads quality values", () => {
  expect(chooseEncoding(undefined)).toBeNull();
  expect(chooseEncoding("identity")).toBeNull();
  expect(chooseEncoding("gzip, br")).toBe("br");
  expect(chooseEncoding("br;q=0.2, gzip;q=0.8")).toBe("gzip");
  expect(chooseEncoding("GZIP;Q=1")).toBe("gzip");
  expect(chooseEncoding("*;q=0, gzip")).toBe("gzip");
  expect(chooseEncoding(["gzip", "br;q=0"])).toBe("gzip");
  expect(chooseEncoding("x-gzip")).toBe("gzip");
});

test("a file removed after the server listed them (the console rebuilt under it) cuts that answer off and nothing else; the rebuilt files are served", async () => {
  expect((await get("/", { "accept-encoding": "br" })).status).toBe(200);
  rmSync(join(dist, "assets", "gone-Xx11Yy22.js.br"));
  const outcome = await get("/assets/gone-Xx11Yy22.js", { "accept-encoding": "br" }).then(
    (r) => r.body.length,
    (e: unknown) => (e as Error).message,
  );
  // the headers may have gone out: either the connection is cut or nothing of the file arrives
  expect(outcome === 0 || typeof outcome === "string").toBe(true);
  // the server goes on
  const again = await get("/", { "accept-encoding": "br" });
  expect(again.status).toBe(200);
  expect(brotliDecompressSync(again.body).toString()).toBe(page);
  // the rebuild's new files, not there when the server listed them, are served once its index.html is written
  writeFileSync(join(dist, "assets", "rebuilt-Zz33Ww44.js"), "export const rebuilt = true;\n");
  expect((await get("/assets/rebuilt-Zz33Ww44.js", { "accept-encoding": "identity" })).status).toBe(404);
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(dist, "index.html"), later, later);
  const rebuilt = await get("/assets/rebuilt-Zz33Ww44.js", { "accept-encoding": "identity" });
  expect([rebuilt.status, rebuilt.body.toString()]).toEqual([200, "export const rebuilt = true;\n"]);
});

test("a Range header is answered with the whole file, 200: a range ending before it starts had no answer and a stack in the log, a suffix range the wrong bytes", async () => {
  const svg = readFileSync(join(dist, "favicon.svg"));
  for (const range of ["bytes=5-1", "bytes=-10", "bytes=0-0", "bytes=300-400"]) {
    const res = await get("/favicon.svg", { range, "accept-encoding": "identity" });
    expect([range, res.status, res.headers["content-range"]]).toEqual([range, 200, undefined]);
    expect(res.body.equals(svg)).toBe(true);
  }
  const js = await get("/assets/index-Ab12Cd34.js", { range: "bytes=5-1", "accept-encoding": "br" });
  expect(js.status).toBe(200);
  expect(decode(js.headers["content-encoding"], js.body).toString()).toBe(script);
});

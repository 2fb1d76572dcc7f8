/**
 * What the server sends compressed: the console's files, precompressed by its build (server.ts `consoleFiles` picks
 * the encoding), and the answers of tRPC calls, compressed as they are sent (`compressAnswer`).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { brotliCompress, constants, gzip } from "node:zlib";

/**
 * The encoding to send a file in, from the request's Accept-Encoding: brotli, else gzip, else the file as it
 * is (null). Quality values count: the highest wins (brotli on a tie), and `q=0` refuses an encoding; `*`
 * stands for any encoding not named.
 */
export function chooseEncoding(header: string | string[] | undefined): "br" | "gzip" | null {
  const text = Array.isArray(header) ? header.join(",") : (header ?? "");
  const q = new Map<string, number>();
  for (const part of text.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const of = (name: string) => q.get(name) ?? q.get("*") ?? 0;
  const br = of("br");
  const gzip = Math.max(of("gzip"), q.get("x-gzip") ?? 0);
  if (br > 0 && br >= gzip) return "br";
  return gzip > 0 ? "gzip" : null;
}

/** Answers smaller than this go as they are: compressing them saves less than it costs. */
const MIN_COMPRESSED_BYTES = 1024;

/**
 * Send the answer about to be written compressed, as the request's Accept-Encoding allows (brotli, else gzip), with
 * Accept-Encoding added to its `Vary`. For answers written whole and then ended, as a tRPC call's JSON is: a month's ranking is
 * about 240 KB, 6 KB with brotli, on a county's intranet to the units' offices. The body is gathered and
 * compressed by zlib on libuv's thread pool, not on the request thread; if compressing fails it goes as it is.
 */
export function compressAnswer(req: IncomingMessage, res: ServerResponse): void {
  const encoding = chooseEncoding(req.headers["accept-encoding"]);
  if (!encoding || req.method === "HEAD") return;
  const chunks: Buffer[] = [];
  const gather = (chunk: unknown) => {
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const send = res.end.bind(res);
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    gather(chunk);
    const written = rest.find((a) => typeof a === "function") as (() => void) | undefined;
    if (written) process.nextTick(written);
    return true;
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    const ended = [chunk, ...rest].find((a) => typeof a === "function") as (() => void) | undefined;
    if (typeof chunk !== "function") gather(chunk);
    const body = Buffer.concat(chunks);
    // beside what the handler varies by (tRPC: trpc-accept, accept), whatever the answer turns out to be
    if (!res.headersSent) res.setHeader("vary", [res.getHeader("vary"), "Accept-Encoding"].filter(Boolean).join(", "));
    const plain = () => {
      if (!res.headersSent) res.setHeader("content-length", body.length);
      send(body, ended);
    };
    if (body.length < MIN_COMPRESSED_BYTES || res.headersSent || res.hasHeader("content-encoding")) {
      plain();
      return res;
    }
    const compressed = (err: Error | null, out: Buffer) => {
      if (err || res.headersSent) return plain();
      res.setHeader("content-encoding", encoding);
      res.setHeader("content-length", out.length);
      send(out, ended);
    };
    if (encoding === "br") {
      // quality 5: most of brotli's gain at a small part of its highest setting's time
      brotliCompress(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }, compressed);
    } else gzip(body, compressed);
    return res;
  }) as ServerResponse["end"];
}

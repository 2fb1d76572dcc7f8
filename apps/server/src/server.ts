/**
 * The kaohe server: the tRPC API at /trpc, uploads at /upload, attachments
 * of explanations and objections at /attachments, the monthly report
 * download at /export, and the built console for everything else.
 *
 * No request can stop it: a malformed URL, header or body is a 400 with a
 * Chinese message; an error of ours is a 500 whose stack goes to this
 * process's log, never to the client. Work that takes time runs in worker
 * threads (threads.ts), so the request thread always answers.
 */
import { once } from "node:events";
import { statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import {
  allows,
  appRouter,
  assertAllowed,
  assertOwnUnit,
  assertPeriodOpenToUnit,
  assertWellFormed,
  auditQuerySchema,
  BODY_LIMITS,
  bodyAllowance,
  bodyTimedOut,
  type Context,
  callsOf,
  callsRefused,
  describeError,
  MAX_BATCH_CALLS,
  type Permission,
  recordDenial,
  requesterOf,
  tooLargeBody,
  toTRPCError,
  type Workers,
  yearOutOfRange,
  zodSummary,
} from "@kaohe/api";
import { AppError, ErrorCodes, type Store } from "@kaohe/db";
import type { CompiledRubric } from "@kaohe/rules-engine";
import {
  actorName,
  assertPeriodBegunForExport,
  currentPublicationOnly,
  DEFAULT_BULLETIN_TITLE,
  eachAuditCsvLine,
  getBulletinTitle,
  MAX_UPLOAD_BYTES,
  readAttachment,
  removeOrphanAttachments,
  stageAttachment,
  tooLarge,
  uploads,
} from "@kaohe/services";
import { lostText } from "@kaohe/services/lost-records";
import { isMonth, isYear } from "@kaohe/time";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import sirv from "sirv";
import { AddressLimiter, type Caller, callerOf, carriesCsrf, handleSignIn, handleSignOut, plainAddress, type TrustedProxies } from "./auth.ts";
import { chooseEncoding, compressAnswer } from "./compress.ts";
import { buildExport, type DrilldownExportQuery, type ExportRequest } from "./exports.ts";
import { monthReport } from "./report.ts";
import { Threads, type ThreadsOptions } from "./threads.ts";

export interface ServerOptions {
  store: Store;
  /** folder of the built console; default apps/console/dist */
  consoleDir?: string;
  /** worker threads for long work (default on); `false` runs everything on the request thread */
  threads?: ThreadsOptions | false;
  /** addresses of reverse proxies whose X-Forwarded-For names the client (auth.ts `clientAddress`); default none */
  trustedProxies?: readonly string[];
  /**
   * The host names the console is reached by (`hostAllowed`): a request naming another in its Host header is refused.
   * Default: any (tests, and servers whose names are not known).
   */
  allowedHosts?: readonly string[] | null;
  /** time to send a tRPC call's body (default TRPC_BODY_MS, 30 s; tests shorten it) */
  trpcBodyMs?: number;
  /** time to send a sign-in's body (default auth.ts SIGN_IN_BODY_MS, 10 s; tests shorten it) */
  signInBodyMs?: number;
}

/** The names this computer is reached by from itself: always allowed (a page on another site cannot be served by them). */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "::1"];

/** Is this address (HOST) this computer's own: 127.x, localhost, ::1? */
export const isLoopbackHost = (host: string) => /^(127\.|localhost$|::1$|::ffff:127\.)/i.test(host);

/**
 * Whether a request's Host header names the console: against DNS rebinding, where a page of another site has its name
 * point at this server and, being then of the same origin in the browser, reads the console's answers (the demo's
 * published passwords are enough to sign in). The host's name without its port, as written; null allows any. Only the
 * names listed: any `*.localhost` was let through as well, which a browser resolving such names by the intranet's DNS
 * (older ones did) would have reached as a rebound name of another site's (a security review).
 */
export function hostAllowed(header: string | undefined, allowed: ReadonlySet<string> | null): boolean {
  if (allowed === null) return true;
  if (!header) return false;
  const name = header.trim().toLowerCase();
  const bare = name.startsWith("[") ? name.slice(1, name.indexOf("]")) : name.replace(/:\d*$/, "");
  return allowed.has(bare.replace(/\.$/, ""));
}

/**
 * Time to send a tRPC call's body (its largest, 4 MB, goes in a few seconds on the slowest intranet line): one sent a
 * byte at a time is answered 408, not held with its memory for Node's five minutes (a security review: 250 of them from
 * one address held 500 MB). Uploads keep Node's allowance: a file of 200 MB takes minutes.
 */
const TRPC_BODY_MS = 30_000;

/** What the browser may do with our pages: our own scripts only, no framing, no sniffing. */
const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": [
    "default-src 'self'",
    "script-src 'self'",
    // antd writes its styles at run time
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "),
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** Text put into HTML: every character that could open markup or an attribute, escaped. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

const ERROR_TITLE: Record<number, string> = {
  400: "地址有误",
  401: "请先登录",
  403: "没有权限",
  404: "找不到页面",
  405: "请求方式有误",
  413: "文件太大",
  421: "访问的地址不对",
  500: "服务器出错",
};

/**
 * A refusal as a browser opening the address sees it (a link typed, pasted or followed, not the console's own
 * request): a page in Chinese with the way back, not JSON.
 */
function sendErrorPage(res: ServerResponse, status: number, zh: string): void {
  const title = ERROR_TITLE[status] ?? "无法打开";
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · 12345 热线考核</title></head>
<body style="margin:0;background:#f5f6f8;font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;color:#1f1f1f">
<main style="max-width:560px;margin:15vh auto 0;padding:32px 36px;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08)">
<h1 style="font-size:20px;margin:0 0 12px">${escapeHtml(title)}</h1>
<p style="line-height:1.7;margin:0 0 20px">${escapeHtml(zh)}</p>
<p style="margin:0"><a href="/" style="color:#b71c1c">返回控制台首页</a></p>
</main></body></html>`);
}

/** Is this request a browser opening the address (rather than a request the console's scripts make)? */
const isNavigation = (req: IncomingMessage | undefined) =>
  req !== undefined &&
  (req.headers["sec-fetch-mode"] === "navigate" ||
    (req.method === "GET" && /\btext\/html\b/.test(String(req.headers.accept ?? "")) && !req.headers["x-kaohe-csrf"]));

const sendError = (res: ServerResponse, status: number, zh: string, en: string) => {
  if (!res.headersSent && isNavigation(res.req)) sendErrorPage(res, status, zh);
  else sendJson(res, status, { zh, en });
};

/** An error of ours: logged with its stack, the client told only that it happened. */
function internalError(res: ServerResponse, where: string, err: unknown): void {
  console.error(`[kaohe] ${new Date().toISOString()} ${where}:`, err);
  sendError(res, 500, "服务器内部错误，操作未完成：请稍后重试；如仍出错，请把出错时间告诉系统管理员", "internal error");
}

/** The status of a domain or engine error that says what to do; anything else is ours (500, logged). */
// BUSY: one user's downloads past what may wait for the reader threads (threads.ts)
// UNAVAILABLE: the database out of reach for now (its cause logged, the client told to try again later)
const STATUS: Partial<Record<string, number>> = {
  NOT_FOUND: 404,
  BAD_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  LOCKED: 429,
  BUSY: 429,
  UNAVAILABLE: 503,
};

function failed(res: ServerResponse, where: string, err: unknown): void {
  const info = describeError(err);
  if (info.appCode === "INTERNAL") {
    internalError(res, where, err);
    return;
  }
  if (info.appCode === ErrorCodes.Unavailable)
    console.error(`[kaohe] ${new Date().toISOString()} ${where}: 数据库无法连接 / the database cannot be reached:`, err);
  sendError(res, STATUS[info.appCode] ?? 409, info.zh, info.en);
}

/**
 * A request that failed outside the route's own answer (the session looked up before tRPC, with the database out of
 * reach): a call of /trpc/ answered as tRPC words an error, one per call of a batch (the console could not read the
 * plain {zh, en} and showed tRPC's English "Unable to transform response from server"); any other request as every
 * refusal. The database out of reach is a 503 saying so; anything else ours, a 500. The cause goes to the log only.
 */
function unhandled(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  const where = `${req.method} ${req.url?.slice(0, 200)}`;
  const calls = !res.headersSent && (req.url ?? "").startsWith("/trpc/") ? callsOf(req, "/trpc/") : null;
  if (!calls) {
    failed(res, where, err);
    return;
  }
  const error = toTRPCError(err);
  console.error(
    `[kaohe] ${new Date().toISOString()} ${where}:${error.code === "SERVICE_UNAVAILABLE" ? " 数据库无法连接 / the database cannot be reached:" : ""}`,
    err,
  );
  const { status, body } = callsRefused(calls.paths, calls.batch, error);
  req.resume();
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
}

/**
 * A report of a period not begun (2099-01, a typed year) is refused before anything is made, as opening or publishing
 * it is (cycle.ts): it was made as if real, every unit first at 100 分 (a contract tester's). True when refused.
 */
async function refusedNotBegun(store: Store, period: string, res: ServerResponse): Promise<boolean> {
  return (await begunForExport(store, period, res)) === undefined;
}

/** The rubric in force for a period an export may be made of (null: none in force); undefined when refused (answered). */
async function begunForExport(store: Store, period: string, res: ServerResponse): Promise<CompiledRubric | null | undefined> {
  try {
    return await assertPeriodBegunForExport(store, period);
  } catch (err) {
    failed(res, `export ${period}`, err);
    return undefined;
  }
}

/**
 * A request Node could not parse (an address or headers over its 16 KiB, a request line that is not HTTP, a control
 * character in a header, a body cut short): answered as every refusal is, in JSON with a Chinese reason, then the
 * connection closed. Node's own answer is an empty 400 or 431.
 */
function answerUnparsed(err: NodeJS.ErrnoException, socket: Duplex): void {
  // nothing to answer on a connection that is gone, or already answered in part
  if (err.code === "ECONNRESET" || !socket.writable || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, reason, zh, en] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "请求的地址或请求头太长（超过 16 KB），服务器没有处理：请检查链接是否完整", "request line or headers too long"]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "请求在规定时间内没有发送完，服务器没有处理：请检查网络后重试", "request timeout"]
        : [400, "Bad Request", "请求的格式有误（不是有效的 HTTP 请求），服务器没有处理", "malformed HTTP request"];
  const body = JSON.stringify({ zh, en });
  // answered, then closed on our side whatever the client does (a half-open socket kept a descriptor for a minute)
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

/**
 * The most of a body not read (refused before it, or part way) that is read and thrown away after the answer, and for
 * how long at most, before the connection is closed (drainThenClose).
 */
const DRAIN_BYTES = BODY_LIMITS.text;
const DRAIN_MS = 5000;

/**
 * A request answered without its body read, or without the rest of it: the connection is closed after the answer, but
 * first what the client is still sending is read and thrown away (never kept nor parsed: reading is cheap, parsing 4 MB
 * was what held the request thread), at most DRAIN_BYTES and for at most `ms`. A socket closed with bytes unread, or
 * still coming, is reset (RST), and the client's stack may drop the answer it already had: a browser says
 * ERR_CONNECTION_RESET, “Failed to fetch”, so a clerk whose session lapsed while writing a long 书面说明 got a network
 * error in place of 请先登录, and was not sent to sign in (a review; nginx's “lingering close” is for this).
 */
function drainThenClose(req: IncomingMessage, res: ServerResponse, ms: number): void {
  if (!res.headersSent) res.setHeader("connection", "close");
  // all of it read already, or more declared than is waited for: closed after the answer (Node's own way)
  if (req.complete || Number(req.headers["content-length"] ?? 0) > DRAIN_BYTES) return;
  const socket = req.socket as Socket & { destroySoon(): void };
  const destroySoon = socket.destroySoon;
  let answered = false;
  let left = DRAIN_BYTES;
  // Node closes a connection answered `connection: close` with destroySoon once the answer is written (its write side
  // ended, then the socket destroyed): here only the write side is ended, the socket destroyed once the rest is read
  socket.destroySoon = () => {
    answered = true;
    if (socket.writable) socket.end();
  };
  const stop = (drained: boolean) => {
    clearTimeout(timer);
    req.off("data", onData).off("end", onEnd);
    socket.off("close", onClose);
    socket.destroySoon = destroySoon;
    if (!drained) req.pause();
    // not answered yet: Node closes it once answered, as always
    if (!answered) return;
    if (drained) socket.destroySoon();
    else socket.destroy();
  };
  const onData = (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) stop(false);
  };
  const onEnd = () => stop(true);
  const onClose = () => clearTimeout(timer);
  const timer = setTimeout(() => stop(false), ms);
  req.on("data", onData).on("end", onEnd);
  socket.once("close", onClose);
  req.resume();
}

/**
 * A tRPC call's body as text, read within `ms` and at most `limit` bytes (declared larger: refused before reading); null
 * when it was refused (413, 408: answered as tRPC answers, the rest drained, then the connection closed) or the client
 * went away.
 */
function callBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  ms: number,
  refusal: (error: ReturnType<typeof tooLargeBody>) => { status: number; body: string },
): Promise<string | null> {
  const refuse = (error: ReturnType<typeof tooLargeBody>) => {
    if (res.headersSent) return void res.destroy();
    const { status, body } = refusal(error);
    drainThenClose(req, res, Math.min(DRAIN_MS, ms));
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(body);
  };
  if (Number(req.headers["content-length"] ?? 0) > limit) {
    refuse(tooLargeBody(limit));
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (text: string | null) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("close", onClose);
      resolve(text);
    };
    const timer = setTimeout(() => {
      refuse(bodyTimedOut(ms));
      done(null);
    }, ms);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      refuse(tooLargeBody(limit));
      done(null);
    };
    const onEnd = () => done(Buffer.concat(chunks).toString("utf8"));
    // cut off by the client: nobody to answer
    const onClose = () => done(null);
    req.on("data", onData).on("end", onEnd).on("close", onClose);
  });
}

/** A path decoded, or null when it is not valid percent-encoded UTF-8. */
function decodedPath(url: string): string | null {
  const path = decoded(url.split("?")[0] ?? "/");
  // a NUL has no business in a path
  return path?.includes("\0") ? null : path;
}

async function upload(req: IncomingMessage, res: ServerResponse, actor: string): Promise<void> {
  const raw = req.headers["x-file-name"];
  const encoded = Array.isArray(raw) ? raw[0] : raw;
  const name = encoded ? decoded(encoded) : null;
  if (!name) return sendError(res, 400, "上传时缺少文件名（请求头 X-File-Name，按 URL 编码）", "missing or malformed X-File-Name header");
  const length = Number(req.headers["content-length"] ?? Number.NaN);
  try {
    if (Number.isFinite(length) && length > MAX_UPLOAD_BYTES) throw tooLarge(name);
    const saved = await uploads.save(name, req, actor);
    sendJson(res, 201, { uploadId: saved.uploadId, name: saved.name, size: saved.size });
  } catch (err) {
    refusedUpload(req, res, "upload", err);
  }
}

/**
 * A query parameter's value, or null when it is absent or not valid percent-encoded UTF-8 (URLSearchParams would
 * put U+FFFD for the bytes it cannot read: a file name saved as "�.pdf").
 */
function queryParameter(url: string, key: string): string | null {
  const query = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
  for (const pair of query.split("&")) {
    const at = pair.indexOf("=");
    if ((at < 0 ? pair : pair.slice(0, at)) === key) return decoded(pair.slice(at + 1).replace(/\+/g, " "));
  }
  return null;
}

/**
 * Refuses (400, as a tRPC call's input is: assertWellFormed) an export address whose parameters hold a control
 * character: a NUL in one (`search=%00`, `user=%00`) reached PostgreSQL, which holds no NUL in text, and the export
 * answered 500 with the driver's error in the log (SQLite looked for it and found nothing). True when refused.
 */
function refusedParameters(params: URLSearchParams, res: ServerResponse): boolean {
  try {
    assertWellFormed([...params]);
    return false;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    sendError(res, 400, err.zh, err.en);
    return true;
  }
}

/** Percent-encoded UTF-8 decoded, or null when it is not that. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** An upload refused (400, 413 when too large) or failed: the rest of its body is not read. */
function refusedUpload(req: IncomingMessage, res: ServerResponse, where: string, err: unknown): void {
  // close the connection after answering
  res.setHeader("connection", "close");
  req.resume();
  const code = (err as NodeJS.ErrnoException).code;
  // the server too busy to check it (threads.ts): not the file's fault
  if (err instanceof AppError)
    sendError(res, (err.detail as { tooLarge?: boolean } | undefined)?.tooLarge ? 413 : err.code === ErrorCodes.Busy ? 503 : 400, err.zh, err.en);
  // the client went away: nobody to answer
  else if (code !== "ERR_STREAM_PREMATURE_CLOSE" && code !== "ECONNRESET") internalError(res, where, err);
}

/** An attachment of an explanation or objection, staged on disk until the submission that names it is stored. */
async function uploadAttachment(req: IncomingMessage, res: ServerResponse, username: string, threads: Threads | null): Promise<void> {
  const name = queryParameter(req.url ?? "/", "name");
  if (!name) {
    req.resume();
    res.setHeader("connection", "close");
    return sendError(res, 400, "上传附件时缺少文件名，或文件名的编码有误（地址参数 name，按 UTF-8 URL 编码）", "missing or malformed name parameter");
  }
  try {
    // its content checked in the checker thread: reading a file made to be slow stopped the whole server (sec3 #1)
    const check = threads ? (content: Buffer, fileName: string) => threads.checkAttachment(content, fileName) : undefined;
    const staged = await stageAttachment(name, req, username, Number(req.headers["content-length"] ?? Number.NaN), check);
    sendJson(res, 201, staged);
  } catch (err) {
    refusedUpload(req, res, "attachment upload", err);
  }
}

/** A file name for Content-Disposition: RFC 5987 UTF-8, with a plain ASCII name for clients that read only that. */
function contentDisposition(fileName: string, fallback: string): string {
  const ascii = /^[\x20-\x7e]+$/.test(fileName) && !/["\\]/.test(fileName) ? fileName : fallback;
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** An attachment, downloaded (never shown inline): a unit user only their own unit's. */
async function downloadAttachment(store: Store, workers: Workers | undefined, caller: Caller, id: number, res: ServerResponse): Promise<void> {
  try {
    // ids are 32-bit integers in both databases: a larger number is no attachment (not a database error)
    const found = Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? await readAttachment(store, id) : null;
    const missing = () => sendError(res, 404, "没有这个附件：可能已被删除，请刷新页面", "no such attachment");
    if (!found) return missing();
    if (caller.user?.role === "unit" && caller.user.unitCode !== found.unitCode) {
      // audited, and answered as a missing one: a unit learns nothing of which ids are others' (as objections.get)
      recordDenial({ store, workers, user: caller.user, address: caller.address }, `/attachments/${id}`, "responses.read");
      return missing();
    }
    const ext = /\.[A-Za-z0-9]{1,8}$/.exec(found.fileName)?.[0] ?? "";
    res.writeHead(200, {
      "content-type": found.mediaType,
      "content-length": found.content.length,
      "content-disposition": contentDisposition(found.fileName, `attachment-${found.id}${ext}`),
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox",
      "cache-control": "private, no-store",
    });
    res.end(found.content);
  } catch (err) {
    failed(res, `attachment ${id}`, err);
  }
}

/** What a file's name says of a period not published (考核排名-2018-11-预览.xlsx): nothing once it is. */
const previewSuffix = (published: boolean) => (published ? { zh: "", en: "" } : { zh: "-预览", en: "-preview" });

async function exportMonth(store: Store, threads: Threads | null, month: string, caller: Caller, res: ServerResponse): Promise<void> {
  if (!isMonth(month)) return sendError(res, 400, `月份应写成 2018-03，而不是“${month.slice(0, 40)}”`, "bad month");
  const outOfRange = yearOutOfRange(month, "月份");
  if (outOfRange) return sendError(res, 400, outOfRange, "the month's year is out of range");
  if (await refusedNotBegun(store, month, res)) return;
  // the sheet of the units' explanations and objections only for those who read them (not policy staff)
  const withResponses = allows(caller.user, "responses.read");
  try {
    const [body, published] = await Promise.all([
      threads ? threads.monthReport(requesterOf(caller.user, caller.address), month, withResponses) : monthReport(store, month, withResponses),
      currentPublicationOnly(store, month),
    ]);
    // a month not published is a preview, and its file says so where it is saved (only its sheets did: a review)
    const preview = previewSuffix(published !== null);
    res.writeHead(200, {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": contentDisposition(`考核排名-${month}${preview.zh}.xlsx`, `ranking-${month}${preview.en}.xlsx`),
      "content-length": body.length,
      "cache-control": "no-store",
    });
    res.end(body);
  } catch (err) {
    failed(res, `export ${month}`, err);
  }
}

const MEDIA_TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

/** A file built in a reader thread, in the caller's turn (threads.ts), or in-process without threads, and sent as a download. */
async function sendExport(
  store: Store,
  threads: Threads | null,
  caller: Caller,
  request: ExportRequest,
  file: { name: string; fallback: string; type: keyof typeof MEDIA_TYPES },
  res: ServerResponse,
): Promise<void> {
  try {
    const body = threads ? await threads.exportFile(requesterOf(caller.user, caller.address), request) : await buildExport(store, request);
    res.writeHead(200, {
      "content-type": MEDIA_TYPES[file.type],
      "content-disposition": contentDisposition(file.name, file.fallback),
      "content-length": body.length,
      "cache-control": "no-store",
    });
    res.end(body);
  } catch (err) {
    failed(res, `export ${request.kind}`, err);
  }
}

/** 《投诉动态》 of a month, or of a year (年度考核结果), as the center names its bulletin, as Word or PDF. */
async function exportBulletin(store: Store, threads: Threads | null, caller: Caller, period: string, type: "docx" | "pdf", res: ServerResponse): Promise<void> {
  if (isYear(period)) return exportYearBulletin(store, threads, caller, period, type, res);
  if (!isMonth(period)) return sendError(res, 400, `期间应写成 2018-11（月）或 2018（年度），而不是“${period.slice(0, 40)}”`, "bad month or year");
  const outOfRange = yearOutOfRange(period, "月份");
  if (outOfRange) return sendError(res, 400, outOfRange, "the month's year is out of range");
  if (await refusedNotBegun(store, period, res)) return;
  const request: ExportRequest = type === "docx" ? { kind: "bulletinDocx", month: period } : { kind: "bulletinPdf", month: period };
  const title = await getBulletinTitle(store).catch(() => DEFAULT_BULLETIN_TITLE);
  return sendExport(store, threads, caller, request, { name: `${title}-${period}.${type}`, fallback: `bulletin-${period}.${type}`, type }, res);
}

/** The year's bulletin: the year-end ranking per category with its parts, the yearly checklists' deductions and additions. */
async function exportYearBulletin(
  store: Store,
  threads: Threads | null,
  caller: Caller,
  year: string,
  type: "docx" | "pdf",
  res: ServerResponse,
): Promise<void> {
  const outOfRange = yearOutOfRange(year, "年度");
  if (outOfRange) return sendError(res, 400, outOfRange, "the year is out of range");
  if (await refusedNotBegun(store, year, res)) return;
  const request: ExportRequest = type === "docx" ? { kind: "yearBulletinDocx", year } : { kind: "yearBulletinPdf", year };
  const title = await getBulletinTitle(store).catch(() => DEFAULT_BULLETIN_TITLE);
  // a year not published is a preview, named so where it is saved, as the year's table is
  const preview = previewSuffix((await currentPublicationOnly(store, year)) !== null);
  return sendExport(
    store,
    threads,
    caller,
    request,
    { name: `${title}-${year}年度${preview.zh}.${type}`, fallback: `bulletin-${year}${preview.en}.${type}`, type },
    res,
  );
}

/** The records behind one number of one unit as XLSX; a unit user only their own unit, in a month opened to the units. */
async function exportDrilldown(store: Store, workers: Workers | undefined, threads: Threads | null, req: IncomingMessage, caller: Caller, res: ServerResponse) {
  const params = new URL(req.url ?? "/", "http://kaohe").searchParams;
  if (refusedParameters(params, res)) return;
  const query: DrilldownExportQuery = {
    period: params.get("period") ?? "",
    unitCode: (params.get("unit") ?? "").trim(),
    measure: params.get("measure") ?? "",
    notIn: params.get("notIn") || undefined,
    search: params.get("search")?.trim() || undefined,
    assessment: params.get("assessment")?.trim() || undefined,
  };
  // none given is said so, not "而不是“”" (a helper)
  if (query.period === "") return sendError(res, 400, "请指定考核期（地址参数 period，如 period=2018-11 或 period=2018）", "missing period");
  if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(query.period)) {
    return sendError(res, 400, `考核期应写成 2018-11（月）或 2018（年），而不是“${query.period.slice(0, 40)}”`, "bad period");
  }
  const outOfRange = yearOutOfRange(query.period, "考核期");
  if (outOfRange) return sendError(res, 400, outOfRange, "the period's year is out of range");
  if (!query.unitCode || query.unitCode.length > 100) return sendError(res, 400, "请指定单位编码（地址参数 unit）", "missing unit");
  if (!query.measure || query.measure.length > 200) return sendError(res, 400, "请指定计数名称（地址参数 measure）", "missing measure");
  if ((query.notIn?.length ?? 0) > 200) return sendError(res, 400, "计数名称过长（地址参数 notIn）", "notIn too long");
  if ((query.search?.length ?? 0) > 100) return sendError(res, 400, "搜索文字过长", "search too long");
  if ((query.assessment?.length ?? 0) > 100) return sendError(res, 400, "考核名称过长", "assessment too long");
  try {
    // the same scoping as the drill-down procedure (scores.drilldown)
    assertOwnUnit(caller.user, query.unitCode);
    await assertPeriodOpenToUnit(store, caller.user, query.period, query.assessment);
  } catch (err) {
    recordDenial({ store, workers, user: caller.user, address: caller.address }, "/export/drilldown.xlsx", "unit.read");
    return failed(res, "export drilldown", err);
  }
  const inForce = await begunForExport(store, query.period, res);
  if (inForce === undefined) return;
  const safe = (s: string) => s.replace(/[\\/:*?"<>|#]/g, "").slice(0, 40);
  // the unit's name in the file name (one indexed row: light enough for the request thread)
  const unit = await store.prisma.unit.findUnique({ where: { code: query.unitCode }, select: { name: true } }).catch(() => null);
  // the measure as the console names it (承办量, not the rubric's 工单数: a review), by the rubric the check above read
  const label = inForce?.plan.measures.find((m) => m.name === query.measure)?.label;
  const measured = label || query.measure.replace(/^#次数:/, "");
  // the records that cost a rate its points: as kaohe explain names them (承办量中不属于办结件数的)
  const notIn = query.notIn && (inForce?.plan.measures.find((m) => m.name === query.notIn)?.label || query.notIn);
  const name = `明细-${safe(unit?.name ?? query.unitCode)}-${query.period}-${safe(notIn ? lostText({ name: measured }, { name: notIn }) : measured)}.xlsx`;
  return sendExport(store, threads, caller, { kind: "drilldownXlsx", query }, { name, fallback: `records-${query.period}.xlsx`, type: "xlsx" }, res);
}

/**
 * The built console, or a page that says how to build it. Its files are sent as the build precompressed
 * them (apps/console/precompress.ts writes `.br` and `.gz` beside each): the encoding chosen from
 * Accept-Encoding (chooseEncoding), `Vary: Accept-Encoding`, the Content-Type of the file itself; hashed
 * files under /assets/ cached for a year, everything else (index.html) checked with the server each time.
 */
function consoleFiles(dir: string): (req: IncomingMessage, res: ServerResponse) => void {
  let serve: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const index = join(dir, "index.html");
  /** index.html's modification time when the files were listed: a build writes it anew */
  let listedFor = 0;
  return (req, res) => {
    // the console rebuilt under the running server (npm start run again, a developer's build): list its files again
    const built = statSync(index, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (serve && built !== listedFor) serve = null;
    if (!serve) {
      if (built === 0) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        res.end("控制台尚未构建：请运行 npm start（会自动构建）/ the console is not built yet");
        return;
      }
      listedFor = built;
      // files are listed at the first request and after each build: only what is in the folder is ever served
      serve = sirv(dir, {
        single: true,
        etag: true,
        gzip: true,
        brotli: true,
        dotfiles: false,
        // a file that is not there (/ranking/2018-11.pdf, a page's path with an extension): said as every refusal is
        // (sirv's own answer was an empty 404, a blank page)
        onNoMatch: (r, w) =>
          sendError(
            w,
            404,
            `没有“${decodedPath(r.url ?? "/")?.slice(0, 100) ?? ""}”这个文件：请检查地址，或从控制台首页进入；报表与附件请在控制台相应的页面下载`,
            "no such file",
          ),
        setHeaders: (r, pathname) => {
          r.setHeader("cache-control", pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        },
      });
    }
    // sirv picks `.br`, `.gz` or the file by plain substring tests of this header: it is given the one encoding chosen
    const encoding = chooseEncoding(req.headers["accept-encoding"]);
    req.headers["accept-encoding"] = encoding ?? "identity";
    // on every answer, a 304 too
    res.setHeader("vary", "Accept-Encoding");
    // the console's files are whole or nothing: sirv's reading of a range sent the wrong bytes (bytes=-10 answered with
    // the first 11) and, for one ending before it starts (bytes=5-1), its 206 headers and then a stack in the log and
    // no answer (a contract tester's). None of them is worth resuming: the file in full, 200
    delete req.headers.range;
    // sirv pipes a read stream it does not watch: a file gone since it listed them (the console being rebuilt under a
    // running server, before its index.html is written) would throw from that stream and stop the server. The answer
    // is cut off instead.
    res.once("pipe", (source: NodeJS.ReadableStream) => {
      source.once("error", () => res.destroy());
    });
    serve(req, res);
  };
}

/** An HTTP route and who may use it. */
export interface RouteSpec {
  method: "GET" | "POST" | "PUT";
  path: RegExp;
  /** who may use it */
  permission: Permission;
  /** a change: must carry the CSRF header */
  change?: true;
  /** finds out who is calling although the route itself is public (tRPC: each procedure checks its own) */
  identifies?: true;
  handler:
    | "healthz"
    | "signIn"
    | "signOut"
    | "trpc"
    | "noSuchProcedure"
    | "upload"
    | "uploadAttachment"
    | "attachment"
    | "noSuchAttachment"
    | "exportMonth"
    | "exportBulletinDocx"
    | "exportBulletinPdf"
    | "exportYear"
    | "exportDrilldown"
    | "exportAudit"
    | "noSuchExport"
    | "console";
  /** what it is, for the permission matrix */
  label: string;
}

/**
 * Every route of the server, in the order they are tried, and who may use it. Changes (POST, PUT) must carry
 * the CSRF header; a route refuses before any work: 401 nobody signed in, 403 the wrong role (audited).
 */
export const ROUTES: readonly RouteSpec[] = [
  { method: "GET", path: /^\/healthz$/, permission: "public", handler: "healthz", label: "健康检查" },
  { method: "POST", path: /^\/auth\/signin$/, permission: "public", change: true, handler: "signIn", label: "登录" },
  { method: "POST", path: /^\/auth\/signout$/, permission: "public", change: true, handler: "signOut", label: "退出登录" },
  // queries are GET, mutations POST (with the CSRF header); any other method is refused as such (405), not as a request without the header
  { method: "GET", path: /^\/trpc\//, permission: "public", identifies: true, handler: "trpc", label: "接口（查询）：每个过程各自声明权限" },
  { method: "POST", path: /^\/trpc\//, permission: "public", identifies: true, change: true, handler: "trpc", label: "接口（操作）：每个过程各自声明权限" },
  // the interface's and the exports' own addresses, missing a part, are theirs to refuse (404 saying what the addresses
  // are), not the console's page: a script calling /trpc got an HTML page with 200
  { method: "GET", path: /^\/trpc$/, permission: "public", handler: "noSuchProcedure", label: "接口地址缺少过程名：404" },
  { method: "PUT", path: /^\/upload$/, permission: "data.import", change: true, handler: "upload", label: "上传导入文件" },
  { method: "POST", path: /^\/upload$/, permission: "data.import", change: true, handler: "upload", label: "上传导入文件" },
  { method: "PUT", path: /^\/attachments$/, permission: "responses.submit", change: true, handler: "uploadAttachment", label: "上传书面说明或异议的附件" },
  { method: "GET", path: /^\/attachments\/(\d+)$/, permission: "responses.read", handler: "attachment", label: "下载附件，单位用户仅限本单位" },
  { method: "GET", path: /^\/attachments\//, permission: "public", handler: "noSuchAttachment", label: "其他附件地址：404" },
  { method: "GET", path: /^\/export\/month\/([^/]+)\.xlsx$/, permission: "results.read", handler: "exportMonth", label: "导出月度报表" },
  {
    method: "GET",
    path: /^\/export\/bulletin\/([^/]+)\.docx$/,
    permission: "results.read",
    handler: "exportBulletinDocx",
    label: "下载《投诉动态》（Word，月度或年度）",
  },
  {
    method: "GET",
    path: /^\/export\/bulletin\/([^/]+)\.pdf$/,
    permission: "results.read",
    handler: "exportBulletinPdf",
    label: "下载《投诉动态》（PDF，月度或年度）",
  },
  { method: "GET", path: /^\/export\/year\/([^/]+)\.xlsx$/, permission: "results.read", handler: "exportYear", label: "导出年度考核表" },
  {
    method: "GET",
    path: /^\/export\/drilldown\.xlsx$/,
    permission: "unit.read",
    handler: "exportDrilldown",
    label: "导出某项得分背后的工单或事件，单位用户仅限本单位、已开放的月份",
  },
  { method: "GET", path: /^\/export\/audit\.csv$/, permission: "audit.read", handler: "exportAudit", label: "导出审计日志" },
  { method: "GET", path: /^\/export(\/|$)/, permission: "public", handler: "noSuchExport", label: "其他导出地址：404" },
  // the console's files: the sign-in page is one of them
  { method: "GET", path: /^\//, permission: "public", handler: "console", label: "控制台页面与静态文件" },
];

interface Route extends RouteSpec {
  run(req: IncomingMessage, res: ServerResponse, caller: Caller, match: RegExpExecArray): void | Promise<void>;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}

/** The audit log as CSV (UTF-8 with a BOM, so that Excel reads the Chinese), filtered like the page. */
async function exportAudit(store: Store, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = new URL(req.url ?? "/", "http://kaohe").searchParams;
  if (refusedParameters(params, res)) return;
  const parsed = auditQuerySchema.safeParse(Object.fromEntries([...params].filter(([k]) => ["user", "action", "from", "to"].includes(k))));
  // worded as audit.list words it: each field named (it said 筛选条件有误：数值过大 of a long 操作人)
  if (!parsed.success) return sendError(res, 400, zodSummary(parsed.error, "筛选条件有误"), "bad filter");
  // the heading and the first entry (the first query) before the headers go: a query failing is answered (a 500
  // after them could only cut the download off)
  const lines = eachAuditCsvLine(store, parsed.data);
  const first: string[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const next = await lines.next();
      if (next.done) break;
      first.push(next.value);
    }
  } catch (err) {
    return failed(res, "export audit", err);
  }
  res.writeHead(200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": contentDisposition("审计日志.csv", "audit-log.csv"),
    "cache-control": "no-store",
  });
  res.write("\uFEFF");
  // a long log is sent as the client takes it, not piled up in memory
  for (const line of first) res.write(line);
  for await (const line of lines) if (!res.write(line)) await once(res, "drain");
  res.end();
}

export interface KaoheServer extends Server {
  /** the worker threads, once they have opened the store (immediately without threads) */
  ready(): Promise<void>;
  /** stop listening, end every connection and the worker threads */
  stop(): Promise<void>;
  /** the tasks the worker threads have been sent and not yet answered, with how long each has waited */
  busy(): string[];
}

export function createKaoheServer(options: ServerOptions): KaoheServer {
  const { store } = options;
  const consoleDir = options.consoleDir ?? new URL("../../console/dist/", import.meta.url).pathname;
  const threads = options.threads === false ? null : new Threads(store.url, options.threads);
  const workers: Workers | undefined = threads ?? undefined;
  uploads.removeOrphans();
  removeOrphanAttachments();
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    createContext: ({ req }): Context => {
      const caller = (req as IncomingMessage & { kaohe?: Caller }).kaohe;
      return { store, user: caller?.user ?? null, token: caller?.token ?? null, address: caller?.address ?? null, workers };
    },
    // the body is read before (callBody), within each call's own limit: this is only a backstop
    maxBodySize: BODY_LIMITS.text,
    // a batch of more calls than the console sends at once is refused (400) before any of them runs
    maxBatchSize: MAX_BATCH_CALLS,
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR" || error.code === "SERVICE_UNAVAILABLE")
        console.error(`[kaohe] ${new Date().toISOString()} /trpc/${path ?? "?"}:`, error.cause ?? error);
    },
  });
  const statics = consoleFiles(consoleDir);
  const trpcBodyMs = options.trpcBodyMs ?? TRPC_BODY_MS;
  const trpc = async (req: IncomingMessage, res: ServerResponse, caller: Caller) => {
    // a call's input is JSON (the adapter's own refusal of another body is English, and labelled text/plain)
    if (req.method === "POST" && !/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) {
      req.resume();
      return sendError(res, 415, "接口的请求须为 JSON（Content-Type: application/json）：请从控制台操作", "a call's body must be application/json");
    }
    // what a signed-in user reads is not kept by the browser's cache (a shared PC) nor by a proxy on the intranet
    res.setHeader("cache-control", "no-store");
    (req as IncomingMessage & { kaohe?: Caller }).kaohe = caller;
    if (req.method === "POST") {
      const calls = callsOf(req, "/trpc/");
      const limit = calls && bodyAllowance(caller.user, calls.paths);
      if (!calls || limit === null) {
        // every call refused whatever its input (nobody signed in, the wrong role, no such procedure, a batch over
        // MAX_BATCH_CALLS, an address tRPC cannot read): tRPC refuses each as always, before anything reads its input
        // (trpc.ts), given an empty body in place of this one, which is neither parsed nor kept, only drained before
        // the connection closes (4 MB of it from nobody signed in took half a second of this thread, only to be
        // refused: a security review)
        drainThenClose(req, res, Math.min(DRAIN_MS, trpcBodyMs));
        (req as IncomingMessage & { body?: string }).body = "";
      } else {
        const { paths, batch } = calls;
        const body = await callBody(req, res, limit, trpcBodyMs, (error) => callsRefused(paths, batch, error));
        if (body === null) return;
        (req as IncomingMessage & { body?: string }).body = body;
      }
    }
    compressAnswer(req, res);
    trpcHandler(req, res);
  };

  const limiter = new AddressLimiter();
  const proxies: TrustedProxies = new Set((options.trustedProxies ?? []).map(plainAddress));
  const handlers: Record<RouteSpec["handler"], Route["run"]> = {
    healthz: (_req, res) => sendText(res, 200, "ok"),
    signIn: (req, res) => handleSignIn(store, workers, limiter, req, res, sendJson, proxies, options.signInBodyMs),
    signOut: (req, res) => handleSignOut(store, workers, req, res, proxies),
    trpc,
    upload: (req, res, caller) => upload(req, res, caller.user ? actorName(caller.user) : ""),
    uploadAttachment: (req, res, caller) => uploadAttachment(req, res, caller.user?.username ?? "", threads),
    attachment: (_req, res, caller, m) => downloadAttachment(store, workers, caller, Number(m[1]), res),
    noSuchProcedure: (_req, res) => sendError(res, 404, "没有这个接口：接口的地址是 /trpc/过程名（如 /trpc/auth.me）", "no procedure named"),
    noSuchAttachment: (_req, res) => sendError(res, 404, "没有这个附件：附件的地址是 /attachments/编号", "no such attachment"),
    exportMonth: (_req, res, caller, m) => exportMonth(store, threads, m[1] as string, caller, res),
    exportBulletinDocx: (_req, res, caller, m) => exportBulletin(store, threads, caller, m[1] as string, "docx", res),
    exportBulletinPdf: (_req, res, caller, m) => exportBulletin(store, threads, caller, m[1] as string, "pdf", res),
    exportYear: async (_req, res, caller, m) => {
      const year = m[1] as string;
      if (!isYear(year)) return sendError(res, 400, `年度应写成 2017，而不是“${year.slice(0, 40)}”`, "bad year");
      const outOfRange = yearOutOfRange(year, "年度");
      if (outOfRange) return sendError(res, 400, outOfRange, "the year is out of range");
      if (await refusedNotBegun(store, year, res)) return;
      // a year not published is a preview, named so where it is saved, as a month's is
      const preview = previewSuffix((await currentPublicationOnly(store, year)) !== null);
      return sendExport(
        store,
        threads,
        caller,
        { kind: "yearXlsx", year },
        { name: `年度考核-${year}${preview.zh}.xlsx`, fallback: `year-${year}${preview.en}.xlsx`, type: "xlsx" },
        res,
      );
    },
    exportDrilldown: (req, res, caller) => exportDrilldown(store, workers, threads, req, caller, res),
    exportAudit: (req, res) => exportAudit(store, req, res),
    noSuchExport: (_req, res) =>
      sendError(
        res,
        404,
        "没有这个导出：月度报表 /export/month/YYYY-MM.xlsx，投诉动态 /export/bulletin/YYYY-MM.docx 或 .pdf（年度：/export/bulletin/YYYY.docx 或 .pdf），年度考核表 /export/year/YYYY.xlsx",
        "no such export",
      ),
    console: (req, res) => statics(req, res),
  };
  const routes: Route[] = ROUTES.map((spec) => ({ ...spec, run: handlers[spec.handler] }));

  const hosts = options.allowedHosts ? new Set([...options.allowedHosts, ...LOOPBACK_HOSTS].map((h) => h.toLowerCase())) : null;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    // HTTP/1.1 names the host it asks (Node's own refusal of a request without one was an empty 400, without these headers)
    if (req.httpVersion === "1.1" && req.headers.host === undefined) {
      req.resume();
      return sendError(res, 400, "请求缺少 Host 头（HTTP/1.1 须写明所访问的服务器名称），服务器没有处理", "an HTTP/1.1 request must carry a Host header");
    }
    if (!hostAllowed(req.headers.host, hosts)) {
      req.resume();
      return sendError(
        res,
        421,
        req.headers.host
          ? `本服务器不以“${req.headers.host.slice(0, 100)}”这个名称提供控制台：请用管理员告知的地址访问（服务器的 KAOHE_ALLOWED_HOSTS 列出可用的名称）`
          : "请求没有写明服务器名称（Host）：请用管理员告知的地址访问（服务器的 KAOHE_ALLOWED_HOSTS 列出可用的名称）",
        "this server does not answer to that host name (KAOHE_ALLOWED_HOSTS)",
      );
    }
    const url = req.url ?? "/";
    const path = decodedPath(url);
    if (path === null || !url.startsWith("/")) {
      // a browser opening a console page by a malformed link (/units/%E0%A4): the console, which says so inside its menu and header
      if (url.startsWith("/") && req.method === "GET" && isNavigation(req) && routes.find((r) => r.path.test(url.split("?")[0] ?? ""))?.handler === "console") {
        req.url = "/";
        return statics(req, res);
      }
      // a target not a path (`GET http://host/…`, `OPTIONS *`: a proxy's forms) is no bad encoding
      if (!url.startsWith("/"))
        return sendError(res, 400, "请求地址有误（应以 / 开头的路径，不是完整网址或 *）：请经浏览器或管理员告知的地址访问", "the request target is not a path");
      return sendError(res, 400, "请求地址有误（含有无法识别的编码）：请检查链接是否完整", "malformed URL");
    }
    const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
    // the routes of the most specific path that matches (the console's files come last, for any other path)
    const first = routes.find((r) => r.path.test(path)) as Route;
    const onPath = routes.filter((r) => r.path.source === first.path.source);
    const route = onPath.find((r) => r.method === method);
    if (!route) {
      req.resume();
      return sendError(res, 405, `此地址只接受 ${onPath.map((r) => r.method).join("、")} 请求`, "method not allowed");
    }
    if (route.change && !carriesCsrf(req)) {
      req.resume();
      return sendError(res, 403, "请求缺少防跨站标记（X-Kaohe-Csrf）：请从控制台操作", "missing the CSRF header");
    }
    const caller: Caller =
      route.permission === "public" && !route.identifies ? { user: null, token: null, address: null } : await callerOf(store, workers, req, proxies);
    try {
      // the same check every procedure makes (permissions.ts)
      assertAllowed(caller.user, route.permission);
    } catch (err) {
      req.resume();
      recordDenial({ store, workers, user: caller.user, address: caller.address }, path, route.permission);
      return failed(res, path, err);
    }
    return route.run(req, res, caller, route.path.exec(path) as RegExpExecArray);
  };

  // a request's headers within HEADERS_TIMEOUT_MS, swept every few seconds (Node's default sweep, every 30 s, let a
  // half-sent request live up to 45 s)
  const server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 5_000, requireHostHeader: false }, (req, res) => {
    handle(req, res).catch((err: unknown) => unhandled(req, res, err));
  }) as KaoheServer;
  server.on("clientError", answerUnparsed);
  limitConnections(server, proxies);
  server.ready = () => threads?.ready() ?? Promise.resolve();
  server.busy = () => threads?.busy() ?? [];
  server.stop = async () => {
    const closed = new Promise<void>((ok) => server.close(() => ok()));
    server.closeAllConnections();
    await Promise.all([closed, threads?.close()]);
  };
  return server;
}

/**
 * Open connections one address may hold (a browser keeps six; a county office behind one NAT address, a few dozen
 * browsers), and all of them together, below the process's file limit. Past either, a new connection is closed at
 * once: one machine on the intranet holding twenty thousand half-sent requests (slowloris) left the server
 * unreachable for everyone until Node's header timeout reaped them. A trusted proxy (KAOHE_TRUSTED_PROXIES) relays
 * others' connections and is not limited per address.
 */
export const CONNECTIONS_PER_ADDRESS = 256;
const CONNECTIONS_IN_ALL = 8000;
/** Time to send a request's headers: a browser sends them at once; one sending a line every few seconds is cut off. */
const HEADERS_TIMEOUT_MS = 15_000;

function limitConnections(server: Server, proxies: TrustedProxies): void {
  server.maxConnections = CONNECTIONS_IN_ALL;
  const open = new Map<string, number>();
  const refusedAt = new Map<string, number>();
  server.on("connection", (socket) => {
    const address = plainAddress(socket.remoteAddress ?? "");
    if (address === "" || proxies.has(address)) return;
    const n = (open.get(address) ?? 0) + 1;
    if (n > CONNECTIONS_PER_ADDRESS) {
      socket.destroy();
      // said in the log (once a minute an address): a county office behind one NAT address reaching the limit is
      // told apart from an attack by whoever reads it
      const now = Date.now();
      if ((refusedAt.get(address) ?? 0) < now - 60_000) {
        refusedAt.set(address, now);
        console.error(
          `[kaohe] ${new Date(now).toISOString()} 地址 ${address} 已有 ${CONNECTIONS_PER_ADDRESS} 个连接，新连接被关闭（经代理访问时请设置 KAOHE_TRUSTED_PROXIES） / ${address} holds ${CONNECTIONS_PER_ADDRESS} connections: new ones are closed`,
        );
      }
      return;
    }
    open.set(address, n);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

/**
 * Sign-in over HTTP: the session cookie (httpOnly, SameSite=Strict; only a
 * random token, the database keeps its hash), the sign-in and sign-out
 * routes, the CSRF header every change must carry, and a limit on wrong
 * passwords per address (the account itself locks after three in a row). A
 * browser that has signed in to the account before carries a device cookie,
 * and its sign-ins to that account are limited per device instead.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import { assertWellFormed, bodyTooLarge, importJobs, type Workers, writerOp } from "@kaohe/api";
import { AppError, ErrorCodes, type Store } from "@kaohe/db";
import { KNOWN_DEVICE_MS, newDeviceToken, SESSION_MAX_MS, type SessionUser, sessionUser, signInFromOwnDevice, signInsExhausted } from "@kaohe/services";
import { formatShanghai } from "@kaohe/time";

const SESSION_COOKIE = "kaohe_session";
/**
 * The browser's device cookie: a random token given at its first sign-in and kept for `KNOWN_DEVICE_MS` (signing out
 * keeps it), sent to the sign-in route only. It proves the browser is one the account has signed in from (users.ts
 * `knownDevice`): behind an office's NAT, a colleague's made-up names and wrong passwords then shut out neither the
 * address's sign-ins nor the account, for that browser. A guesser has none for the account: to them nothing changed.
 */
const DEVICE_COOKIE = "kaohe_device";
/** The header a change must carry: a page on another site cannot set it (defence in depth beside SameSite). */
const CSRF_HEADER = "x-kaohe-csrf";

export interface Caller {
  user: SessionUser | null;
  token: string | null;
  address: string | null;
}

function cookieOf(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * The reverse proxies whose word is taken for where a request came from (`KAOHE_TRUSTED_PROXIES`). Behind nginx every
 * connection is the proxy's: without this, three wrong passwords from anyone would lock everyone out of an account
 * (the lock is per address), and every audit entry would name the proxy.
 */
export type TrustedProxies = ReadonlySet<string>;
const NO_PROXIES: TrustedProxies = new Set();

/** An address as compared: an IPv4 address reached over IPv6 (::ffff:10.0.0.1) as itself; "[::1]" as ::1. */
export function plainAddress(address: string): string {
  const a = address.trim().replace(/^\[(.*)\]$/, "$1");
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a;
}

/**
 * Where a request came from: its connection's address; when that is a trusted proxy, the address the proxy put last
 * in X-Forwarded-For, and so on back while the address reached is a trusted proxy's. What a client writes into the
 * header itself stands to the left of what its proxy adds, and is never reached while the proxies are trusted one by
 * one; an entry that is no address ends the walk at the proxy's own.
 */
function clientAddress(req: IncomingMessage, proxies: TrustedProxies): string | null {
  const socket = req.socket.remoteAddress;
  if (!socket) return null;
  let address = plainAddress(socket);
  const header = req.headers["x-forwarded-for"];
  if (proxies.size === 0 || !proxies.has(address) || header === undefined) return address;
  const hops = (Array.isArray(header) ? header.join(",") : header).split(",");
  for (let i = hops.length - 1; i >= 0 && proxies.has(address); i--) {
    const hop = plainAddress(hops[i] as string);
    if (isIP(hop) === 0) break;
    address = hop;
  }
  return address;
}

/** Who sent the request (a read; a session in use is kept alive in the writer, without waiting for it). */
export async function callerOf(store: Store, workers: Workers | undefined, req: IncomingMessage, proxies: TrustedProxies = NO_PROXIES): Promise<Caller> {
  const address = clientAddress(req, proxies);
  const token = cookieOf(req, SESSION_COOKIE);
  if (!token || signedOut.has(token)) return { user: null, token: null, address };
  const found = await sessionUser(store, token);
  if (!found) return { user: null, token: null, address };
  if (found.due && !touching.has(token)) {
    // one at a time per session: while the writer is busy (an import), requests must not queue a touch each
    touching.add(token);
    writerOp(store, workers, "touchSession", token)
      .catch((err: unknown) => console.error("[kaohe] 无法延长会话 / could not extend a session:", err))
      .finally(() => touching.delete(token));
  }
  return { user: found.user, token, address };
}

/** Sessions whose extension is on its way to the writer. */
const touching = new Set<string>();

/** A change (not a read) must carry the CSRF header. */
export const carriesCsrf = (req: IncomingMessage) => req.headers[CSRF_HEADER] === "1";

/**
 * Whether the browser reached the console over HTTPS: its own TLS connection, or a trusted proxy's word
 * (`X-Forwarded-Proto: https`, as nginx writes it with `proxy_set_header X-Forwarded-Proto $scheme`).
 */
function overHttps(req: IncomingMessage, proxies: TrustedProxies): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  const socket = req.socket.remoteAddress;
  const proto = req.headers["x-forwarded-proto"];
  if (!socket || !proxies.has(plainAddress(socket)) || typeof proto !== "string") return false;
  // the proxy nearest to the server writes last
  return proto.split(",").at(-1)?.trim().toLowerCase() === "https";
}

/** The device cookie (`DEVICE_COOKIE`): sent back with sign-ins only. */
function deviceCookie(token: string, secure: boolean): string {
  return `${DEVICE_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/auth/signin; Max-Age=${KNOWN_DEVICE_MS / 1000}${secure ? "; Secure" : ""}`;
}

/** The session cookie; Secure when reached over HTTPS, so that the browser never sends it over plain HTTP. */
function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

/**
 * Accounts failed per address: sign-ins that failed for this many different user names within the window, and the
 * address waits (one limiter per server). Different names, not attempts: guessing across accounts (spraying) is what
 * one account's own lock does not stop, while a county's intranet often reaches the server through one address
 * (a NAT, a proxy not trusted), and one person retrying a locked account must not shut out every unit behind it.
 */
const ADDRESS_FAILURES = 10;
const ADDRESS_WINDOW_MS = 10 * 60_000;
/** Sign-ins from one address being checked at once: a person has one; more is a machine guessing in parallel. */
const ADDRESS_IN_FLIGHT = 4;
/** Sign-ins from one address waiting for one of those places, and for how long: an office signing in at once waits its turn. */
const ADDRESS_QUEUED = 32;
const PLACE_WAIT_MS = 20_000;

export class AddressLimiter {
  /** by address: the user names that failed from it, each with its latest failure */
  private readonly failures = new Map<string, Map<string, number>>();
  private readonly inFlight = new Map<string, number>();
  /** by reason and address: when a refusal of the address was last audited */
  private readonly auditedAt = new Map<string, number>();

  /** by address: the sign-ins waiting for one of its places, first come first served (`place`) */
  private readonly queued = new Map<string, (() => void)[]>();

  /**
   * Why a sign-in from this address is refused now, or null: it may go on, and `done` must be called when it is
   * over. Attempts still being checked count as failures to come, so a burst sent at once is bounded as a
   * sequence is. "parallel": its places are all taken — it may wait for one (`place`).
   */
  admit(address: string): "failures" | "parallel" | null {
    if (this.failing(address)) return "failures";
    const pending = this.inFlight.get(address) ?? 0;
    if (pending >= ADDRESS_IN_FLIGHT) return "parallel";
    this.inFlight.set(address, pending + 1);
    return null;
  }

  /**
   * The address's failures (names failed within the window) and its other sign-ins being checked reach the limit;
   * `holding`: the caller holds one of its places already (given by `place`).
   */
  failing(address: string, holding = false): boolean {
    const now = Date.now();
    const names = this.failures.get(address);
    if (names) for (const [name, at] of names) if (at <= now - ADDRESS_WINDOW_MS) names.delete(name);
    return (names?.size ?? 0) + (this.inFlight.get(address) ?? 0) - (holding ? 1 : 0) >= ADDRESS_FAILURES;
  }

  /**
   * Wait up to `ms` for one of the address's places (admit said "parallel"): "granted", the place taken (`done` gives it
   * back); "full", too many wait already; "timeout", none came free in time; "gone", the client went away meanwhile
   * (`gone` aborted: its place is not taken, nor a session made for nobody). An office behind one address signing in at
   * 08:30 had its fifth person refused at once, told to wait for "the previous sign-in" they never made (a walk: 2 to 5
   * of 10 colleagues signing in within a second and a half).
   */
  place(address: string, ms: number, gone?: AbortSignal): Promise<"granted" | "full" | "timeout" | "gone"> {
    const queue = this.queued.get(address) ?? [];
    if (gone?.aborted) return Promise.resolve("gone");
    if (queue.length >= ADDRESS_QUEUED) return Promise.resolve("full");
    this.queued.set(address, queue);
    return new Promise((ok) => {
      const leave = (why: "timeout" | "gone") => {
        clearTimeout(timer);
        gone?.removeEventListener("abort", onGone);
        const at = queue.indexOf(granted);
        if (at >= 0) queue.splice(at, 1);
        if (queue.length === 0 && this.queued.get(address) === queue) this.queued.delete(address);
        ok(why);
      };
      const onGone = () => leave("gone");
      const granted = () => {
        clearTimeout(timer);
        gone?.removeEventListener("abort", onGone);
        ok("granted");
      };
      const timer = setTimeout(() => leave("timeout"), ms);
      gone?.addEventListener("abort", onGone, { once: true });
      queue.push(granted);
    });
  }

  done(address: string): void {
    // the place passes to the first waiting for one (the count in flight unchanged)
    const queue = this.queued.get(address);
    const next = queue?.shift();
    if (queue?.length === 0) this.queued.delete(address);
    if (next) {
      next();
      return;
    }
    const pending = (this.inFlight.get(address) ?? 1) - 1;
    if (pending > 0) this.inFlight.set(address, pending);
    else this.inFlight.delete(address);
  }

  /**
   * Is this refusal the first of its burst, to be audited: none of its kind from the address audited within the
   * window. Each refused request audited would be the flood the refusal stops; none (as it was), an admin saw nothing
   * of a machine shutting an office's sign-ins out (a security review).
   */
  firstOfBurst(address: string, reason: "failures" | "parallel"): boolean {
    const key = `${reason}\u0000${address}`;
    const now = Date.now();
    if ((this.auditedAt.get(key) ?? 0) > now - ADDRESS_WINDOW_MS) return false;
    this.auditedAt.delete(key);
    this.auditedAt.set(key, now);
    if (this.auditedAt.size > 10_000) this.auditedAt.delete(this.auditedAt.keys().next().value as string);
    return true;
  }

  /** A sign-in for `username` failed from `address` (a wrong password, an unknown name, an account locked). */
  failed(address: string, username: string): void {
    const names = this.failures.get(address) ?? new Map<string, number>();
    const name = username.toLowerCase();
    // the latest failure last: a name failing again is counted from then
    names.delete(name);
    names.set(name, Date.now());
    this.failures.set(address, names);
    // bounded: the oldest address goes first
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
  }
}

type Send = (res: ServerResponse, status: number, body: unknown) => void;

/** A body not sent in this time is refused (408): a sign-in's is a few dozen bytes. */
const SIGN_IN_BODY_MS = 10_000;

/** The request ended before its body did: the client went away, or sent too slowly (`SIGN_IN_BODY_MS`) and was answered. */
class BodyCut extends Error {}

/**
 * A small JSON body, read within `ms`: a body sent a byte a minute is answered 408 and its connection closed,
 * not waited for (Node's own limit is five minutes).
 */
async function jsonBody(req: IncomingMessage, res: ServerResponse, limit: number, ms: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = setTimeout(() => {
    if (!res.headersSent) {
      res.writeHead(408, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", connection: "close" });
      res.end(JSON.stringify({ zh: "请求发送超时：请检查网络后重试", en: "the request's body took too long" }));
    }
    req.destroy();
  }, ms);
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit)
        throw new AppError(ErrorCodes.BadInput, bodyTooLarge(`${Math.round(limit / 1024)} KB`, "登录只需填写用户名和密码，请检查请求"), "body too large", {
          tooLarge: true,
        });
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // aborted by the client, or cut by the timer: nothing to answer (not an internal error with its stack in the log)
    throw new BodyCut();
  } finally {
    clearTimeout(timer);
  }
  if (!req.complete) throw new BodyCut();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError(ErrorCodes.BadInput, "请求内容不是有效的 JSON", "the body is not JSON");
  }
  assertWellFormed(body);
  return body;
}

/** A sign-in's body: a user name and a password, far within it. */
const SIGN_IN_BODY = 10 * 1024;

/** BUSY: the account signed in as often as it may for now (users.ts `MAX_SIGN_INS`). */
const statusOf: Record<string, number> = { UNAUTHORIZED: 401, LOCKED: 429, FORBIDDEN: 403, BAD_INPUT: 400, BUSY: 429 };

/** POST /auth/signin {username, password}: the user, and the session cookie. */
export async function handleSignIn(
  store: Store,
  workers: Workers | undefined,
  limiter: AddressLimiter,
  req: IncomingMessage,
  res: ServerResponse,
  send: Send,
  proxies: TrustedProxies = NO_PROXIES,
  bodyMs = SIGN_IN_BODY_MS,
): Promise<void> {
  const address = clientAddress(req, proxies) ?? "?";
  // the body first, then a place among the address's sign-ins: a body held back (a byte at a time) holds a connection,
  // not one of the four places, which four such requests held for five minutes against a whole office (a security review)
  let body: { username?: unknown; password?: unknown } | null;
  try {
    body = (await jsonBody(req, res, SIGN_IN_BODY, bodyMs)) as typeof body;
  } catch (err) {
    if (err instanceof BodyCut) return;
    // too large: 413, as a procedure's call over its limit is (it was a 400)
    if (err instanceof AppError) return send(res, (err.detail as { tooLarge?: boolean } | undefined)?.tooLarge ? 413 : 400, { zh: err.zh, en: err.en });
    throw err;
  }
  // the name tried, for the address's count of accounts failed
  const username = typeof body?.username === "string" ? body.username.trim() : "";
  const device = cookieOf(req, DEVICE_COOKIE);
  // a browser the account has signed in from: its sign-ins to it are limited as a place of their own (by its device),
  // not by the address, which a made-up name sprayed by anyone behind the same NAT shut for 10 minutes (a security
  // review). A read, only when the browser has a device cookie; one made up proves nothing and is limited by address
  const own = device !== null && username.length > 0 && username.length <= 40 && (await signInFromOwnDevice(store, username, device));
  const place = own ? `device\u0000${device}` : address;
  let refused: "failures" | "parallel" | "full" | null = limiter.admit(place);
  // on SQLite an import holds the one writer every sign-in waits for: the address's places are taken by sign-ins
  // waiting on it, and those after them are told so (they were told to wait for "the previous sign-in")
  const importing = () => {
    const job = store.raw.provider === "postgres" ? undefined : importJobs.list(store).find((j) => j.state === "running");
    return job ? busySignIn(`数据库正忙于另一项修改（导入数据，开始于 ${formatShanghai(Date.parse(job.startedAt), "time")}）`) : null;
  };
  if (refused === "parallel") {
    const busy = importing();
    if (busy) return send(res, 503, busy);
    // the client gone while it waits (a closed tab, a second click): its turn is given to the next, no session made
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.on("close", onClose);
    const placed = await limiter.place(place, PLACE_WAIT_MS, gone.signal);
    res.off("close", onClose);
    if (placed === "gone") return;
    if (placed === "granted" && res.destroyed) {
      limiter.done(place);
      return;
    }
    if (placed === "timeout") {
      const busyNow = importing();
      if (busyNow) return send(res, 503, busyNow);
    }
    refused = placed === "granted" ? (limiter.failing(place, true) ? "failures" : null) : placed === "full" ? "full" : "parallel";
    // a place given, then the address's failures reached the limit meanwhile: given back
    if (refused === "failures") limiter.done(place);
  }
  if (refused && limiter.firstOfBurst(place, refused === "failures" ? "failures" : "parallel")) {
    // a browser limited as a device of its own is audited as one, with the account it proved (a real one): the row said
    // 该地址 while the address's other browsers signed in, and an administrator looked for a machine at the address
    const reason = `${own ? "device" : "address"}${refused === "failures" ? "Failures" : "Parallel"}`;
    const entry = {
      actor: "（未登录）",
      action: "auth.signInRefused",
      entity: "users",
      entityId: "",
      detail: own ? { reason, username } : { reason },
      address,
    };
    writerOp(store, workers, "audit", entry).catch((err: unknown) => console.error("[kaohe] 无法记录登录拒绝 / could not audit a refused sign-in:", err));
  }
  // a browser limited as a device of its own is told so, not that its office's address is shut (a review)
  const where = own ? { zh: "这个浏览器", en: "this browser" } : { zh: "该地址", en: "this address" };
  const crowd = own ? "请求" : "人";
  if (refused === "failures") {
    return send(res, 429, { zh: `${where.zh}登录失败次数过多：请 10 分钟后再试`, en: `too many failed sign-ins from ${where.en}` });
  }
  if (refused === "parallel") {
    return send(res, 429, { zh: `${where.zh}同时登录的${crowd}过多，已等待 20 秒：请稍等片刻再登录`, en: `too many sign-ins at once from ${where.en}` });
  }
  if (refused === "full") {
    return send(res, 429, { zh: `${where.zh}同时登录的${crowd}过多：请稍等片刻再登录`, en: `too many sign-ins at once from ${where.en}` });
  }
  try {
    const password = typeof body?.password === "string" ? body.password : "";
    if (!username || !password || username.length > 40 || password.length > 200) {
      return send(res, 400, { zh: "请输入用户名和密码", en: "user name and password required" });
    }
    // an account that has signed in as often as it may for now waits its turn among the writes (it is refused once its
    // password is checked): its sign-ins, sent without end, went before everyone's changes (a security review)
    const op = (await signInsExhausted(store, username)) ? "signInInTurn" : "signIn";
    // a new device cookie at every sign-in, never the one the browser sent: the session made records it, and it proves
    // this browser next time. One kept as sent could have been planted by another host of the intranet's domain before
    // the user signed in, proving the planter's browser the user's own for 90 days (a review)
    const deviceToken = newDeviceToken();
    const signedIn = await writerOp(store, workers, op, username, password, {
      address,
      userAgent: req.headers["user-agent"] ?? null,
      device,
      newDevice: deviceToken,
    });
    // the browser keeps the cookie as long as a session can last; the server decides when it has expired
    const secure = overHttps(req, proxies);
    res.setHeader("set-cookie", [sessionCookie(signedIn.token, SESSION_MAX_MS / 1000, secure), deviceCookie(deviceToken, secure)]);
    send(res, 200, { user: signedIn.user });
  } catch (err) {
    if (err instanceof AppError && statusOf[err.code]) {
      if (err.code === "UNAUTHORIZED" || err.code === "LOCKED") limiter.failed(place, username);
      return send(res, statusOf[err.code] as number, { zh: err.zh, en: err.en });
    }
    // SQLite, one writer: an import of a million rows under way (a 500 "内部错误" after a minute: a helper's)
    if (busyStore(err)) return send(res, 503, busySignIn(err.zh.replace(/，已等待.*$/, "")));
    throw err;
  } finally {
    limiter.done(place);
  }
}

/** A sign-in refused while the store's one writer is busy (`why`: with what, since when). */
const busySignIn = (why: string) => ({
  zh: `暂时无法登录：${why}，登录要等它写完。请稍等一两分钟再登录`,
  en: "the store is busy with a long write (an import); sign in again in a minute or two",
});

/** The store's write lock refused a write that waited too long (placement.ts). */
const busyStore = (err: unknown): err is AppError =>
  err instanceof AppError && err.code === ErrorCodes.Conflict && (err.detail as { busy?: unknown } | undefined)?.busy === true;

/**
 * Sessions signed out here whose end the database has not recorded yet (the writer busy with an import, on SQLite):
 * refused at once by this server, the store told when it can be. A sign-out waited for the import, and when it was
 * refused the session went on (a helper's: the next person at the office's computer was still signed in). Until the
 * session could last no longer. Held by this process only: a restart before the store has it lets the session back
 * for whoever kept the cookie (the browser that signed out cleared its own).
 */
const signedOut = new Map<string, number>();

/** Record the end of a session in the store, trying again while the writer is busy. */
function endSession(store: Store, workers: Workers | undefined, token: string, address: string | null, tries = 1): void {
  writerOp(store, workers, "signOut", token, { address })
    .then(() => signedOut.delete(token))
    .catch((err: unknown) => {
      const until = signedOut.get(token) ?? 0;
      if (busyStore(err) && Date.now() < until) {
        setTimeout(() => endSession(store, workers, token, address, tries + 1), Math.min(60_000, 5_000 * tries)).unref();
        return;
      }
      console.error("[kaohe] 无法记录退出登录 / could not record a sign-out:", err);
    });
}

/** POST /auth/signout: the session ends here at once, and in the database as soon as the writer takes it. */
export async function handleSignOut(
  store: Store,
  workers: Workers | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  proxies: TrustedProxies = NO_PROXIES,
): Promise<void> {
  const token = cookieOf(req, SESSION_COOKIE);
  // ended here at once (callerOf no longer knows it), and in the store when the writer takes it: not waited for. Only a
  // session there is: cookies made up, sent by the thousand, queue nothing
  // ends given up (not busy: logged) are forgotten once the session could last no longer
  const now = Date.now();
  for (const [t, until] of signedOut) if (until < now) signedOut.delete(t);
  if (token && !signedOut.has(token) && (await sessionUser(store, token))) {
    signedOut.set(token, Date.now() + SESSION_MAX_MS);
    endSession(store, workers, token, clientAddress(req, proxies));
  }
  res.setHeader("set-cookie", sessionCookie("", 0, overHttps(req, proxies)));
  res.writeHead(204, { "cache-control": "no-store" });
  res.end();
}

/**
 * What the server decides of a tRPC call (POST /trpc/a.b, or /trpc/a,b?batch=1) before it reads a byte of its body:
 * whether the body is needed at all, and how large it may be. Reading and parsing a body is the request thread's
 * work, the thread that answers everyone: 4 MB of `{}` from nobody signed in took half a second of it, and a burst of
 * 200 such calls left /healthz unanswered for 159 s (a security review), all to be refused “请先登录” afterwards.
 */
import type { IncomingMessage } from "node:http";
import { AppError, ErrorCodes } from "@kaohe/db/errors";
import type { SessionUser } from "@kaohe/services";
import { TRPCError } from "@trpc/server";
import { createURL } from "@trpc/server/adapters/node-http";
import { getErrorShape, getHTTPStatusCodeFromError } from "@trpc/server/unstable-core-do-not-import";
import { bodyTooLarge, MAX_BATCH_CALLS } from "./errors.ts";
import { assertAllowed } from "./permissions.ts";
import { appRouter } from "./root.ts";
import type { Meta } from "./trpc.ts";

/**
 * The most a call's body may be. `text`: a procedure taking a rubric's text (`largeInput`): at most 100,000 characters
 * (rubricTextSchema), some 300 KB as UTF-8, with room to spare. `other`: everything else, whose largest input is a
 * written explanation (TEXT_LIMITS.explanation, 20,000 characters: 60 KB as UTF-8 at 3 bytes a character) or a unit's
 * 200 yearly facts (some 65 KB), four times over.
 */
export const BODY_LIMITS = { text: 4 * 1024 * 1024, other: 256 * 1024 } as const;

interface Found {
  _def: { type: "query" | "mutation" | "subscription"; meta?: Meta };
}

const procedures = appRouter._def.procedures as unknown as Record<string, Found>;

/** The procedure of a path, or undefined when there is none (`toString` is none either). */
const procedureAt = (path: string): Found | undefined => (Object.hasOwn(procedures, path) ? procedures[path] : undefined);

/**
 * The calls a request names, read as tRPC's adapter reads them (@trpc/server 11, adapters/node-http and
 * contentType.ts): the URL's pathname after `basePath`, as sent (`rubrics%2Echeck` is not `rubrics.check`: tRPC finds
 * no procedure of that name), split on commas only with ?batch=1 (without, `a,b` is one name, of no procedure). Null
 * when tRPC cannot read the URL (it refuses it 400 without reading the body). A review: the names were decoded and
 * always split, so a call tRPC would refuse unread was given a body to read.
 */
export function callsOf(req: IncomingMessage, basePath: string): { paths: string[]; batch: boolean } | null {
  let url: URL;
  try {
    url = createURL(req);
  } catch {
    return null;
  }
  const path = url.pathname.slice(basePath.length);
  const batch = url.searchParams.get("batch") === "1";
  return { paths: batch ? path.split(",") : [path], batch };
}

/**
 * The procedure of a path when this user may call it with a body: a mutation (a POST carries mutations) the user's
 * role allows (trpc.ts's `authorize`: the same check, with a password to change first only changing it). Undefined
 * otherwise, each such call refused before its input is read (trpc.ts checks who may call before anything reads it).
 */
function callable(user: SessionUser | null, path: string): Found | undefined {
  const found = procedureAt(path);
  const meta = found?._def.type === "mutation" ? found._def.meta : undefined;
  if (!meta) return undefined;
  try {
    assertAllowed(user, meta.permission, { beforePasswordChange: meta.beforePasswordChange });
    return found;
  } catch {
    return undefined;
  }
}

/**
 * How large the body of these calls from this user may be, or null when it need not be read at all: none of them can
 * use its input (nobody signed in, the wrong role, no such procedure), or the batch is larger than tRPC takes
 * (MAX_BATCH_CALLS: refused 400 before any input is read). The limit is the largest of the calls the user may make
 * (a unit user's `inbox.markSeen,rubrics.check?batch=1` the small one: rubrics.check is refused them whatever its
 * input, and a review found 4 MB read and parsed for it). Each call's permission checked once.
 */
export function bodyAllowance(user: SessionUser | null, paths: readonly string[]): number | null {
  if (paths.length > MAX_BATCH_CALLS) return null;
  let allowed: number | null = null;
  for (const path of paths) {
    const found = callable(user, path);
    if (found) allowed = Math.max(allowed ?? 0, found._def.meta?.largeInput ? BODY_LIMITS.text : BODY_LIMITS.other);
  }
  return allowed;
}

/** Whether any of these calls can use its input (bodyAllowance). */
export const bodyNeeded = (user: SessionUser | null, paths: readonly string[]): boolean => bodyAllowance(user, paths) !== null;

/** The most the body of these calls from this user may be (bodyAllowance; the small limit where none may be made). */
export const bodyLimitOf = (user: SessionUser | null, paths: readonly string[]): number => bodyAllowance(user, paths) ?? BODY_LIMITS.other;

/** A body over `limit` bytes (413), said with the most it may be and what to do. */
export function tooLargeBody(limit: number): TRPCError {
  const most = limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`;
  const zh =
    limit >= BODY_LIMITS.text
      ? bodyTooLarge(most, "请精简所填的文字；文件不要粘贴进文字，请用页面上的上传按钮添加")
      : bodyTooLarge(most, "除规则文本外，所填的文字都远小于此；较多的材料请作为附件上传");
  return new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: zh, cause: new AppError(ErrorCodes.BadInput, zh, "body too large", { tooLarge: true }) });
}

/** A body not sent within `ms` (408). */
export function bodyTimedOut(ms: number): TRPCError {
  const zh = `请求内容在 ${Math.round(ms / 1000)} 秒内没有发送完，服务器没有处理：请检查网络后重试`;
  return new TRPCError({ code: "TIMEOUT", message: zh, cause: new AppError(ErrorCodes.BadInput, zh, "the request's body took too long") });
}

/**
 * A refusal of the whole request, before any call ran, as tRPC words an error (the console reads `data.zh`,
 * `data.httpStatus`): one error, or one per call of a batch. The status and the JSON to send.
 */
export function callsRefused(paths: readonly string[], batch: boolean, error: TRPCError): { status: number; body: string } {
  const shape = (path: string) => ({
    error: getErrorShape({
      config: appRouter._def._config,
      error,
      type: procedureAt(path)?._def.type ?? "unknown",
      path,
      input: undefined,
      ctx: undefined,
    }),
  });
  return { status: getHTTPStatusCodeFromError(error), body: JSON.stringify(batch ? paths.map(shape) : shape(paths.join(","))) };
}

/**
 * tRPC, set up once: the context every procedure receives, the error
 * formatter, and the one procedure builder routers use. Every procedure
 * declares who may call it (`.meta({ permission })`, permissions.ts) and,
 * when it is not a light read or a write, where it runs (`runsOn`,
 * placement.ts). The checks run in that order, before any work.
 */

import type { Store } from "@kaohe/db";
import { AppError, ErrorCodes } from "@kaohe/db/errors";
import { ALLOWANCE_DETAIL, AuditAllowance, actorName, type SessionUser } from "@kaohe/services";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { describeError, type ErrorInfo, toTRPCError, type ZodErrorData } from "./errors.ts";
import { assertAllowed, type Permission } from "./permissions.ts";
import { exclusive, type Placement, placementOf, RemoteError, requesterOf, type Workers } from "./placement.ts";
import { assertWellFormed } from "./well-formed.ts";
import { writerOp } from "./writer-ops.ts";

export interface Context {
  store: Store;
  /** the signed-in user, null when nobody is */
  user: SessionUser | null;
  /** the client's address, for the audit log */
  address?: string | null;
  /** the session token of this request (a password change keeps this session) */
  token?: string | null;
  /** the server's worker threads; absent in-process (tests, the CLI), where everything runs here */
  workers?: Workers;
  /** a call run in a worker for the request thread (remote.ts): that thread audits its refusals, not this one */
  remote?: true;
}

/** What each procedure declares. */
export interface Meta {
  /** who may call it; required (a test enumerates the router) */
  permission: Permission;
  /** where it runs on the server (placement.ts) */
  runsOn?: Placement;
  /**
   * may be called while the user's password, set by an administrator, waits to be changed (changing it); every other
   * procedure that is not public refuses until then (permissions.ts)
   */
  beforePasswordChange?: true;
  /**
   * its input holds a rubric's text: its body may be up to BODY_LIMITS.text (call-body.ts); every other procedure's,
   * BODY_LIMITS.other
   */
  largeInput?: true;
  /**
   * its work is checking a rubric's text (a check, a format) or its input's `text` is one to save: checked in a reader
   * under the short time limit of a text's check, a save's before it is sent to the writer, which then parses a text
   * known to parse in time. A text made to be slow to check held the one writer, and every sign-in and save behind it,
   * for 88 s (a security probe); the writer's tasks have no time limit (stopping it would stop a write half done).
   */
  rubricText?: true;
}

export type ErrorData = ErrorInfo & { zodError: ZodErrorData | null };

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // never send a stack to a client, whatever NODE_ENV says: stacks go to the server's log
    isDev: false,
    errorFormatter({ shape, error, type }) {
      const info = describeError(error, type);
      const cause = error.cause;
      const zodError = cause instanceof z.ZodError ? (z.flattenError(cause) as ZodErrorData) : cause instanceof RemoteError ? cause.zodError : null;
      const { stack: _stack, ...rest } = shape.data;
      const data: ErrorData & typeof rest = { ...rest, ...info, zodError };
      // the message a person reads: Chinese, whatever raised it (tRPC's own refusals speak English)
      return { ...shape, message: info.zh, data };
    },
  });

/** Text that is not text (a lone surrogate), or that no report can hold, anywhere in the input: a 400, before the database sees it. */
const wellFormedInput = t.middleware(async ({ getRawInput, next, path }) => {
  // an input that cannot be read (`?input=` cut short, a body that is not JSON) is refused here, with what JSON.parse
  // found: a procedure that takes no input has no parser to refuse it, and answered 200 to it (a fuzz)
  const raw = await getRawInput();
  // a rubric's text: the checker says where such a character is (KH102); every other text of a rubric's procedure, as
  // any other (a withdrawal's reason was let through: a review)
  assertWellFormed(raw, { except: path.startsWith("rubrics.") ? "text" : undefined });
  return next();
});

/** Domain and engine errors become tRPC errors with their status and Chinese message (validation errors too). */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/**
 * A refusal goes to the audit log, written where writes are written; the refusal itself does not wait for it
 * (the writer may be busy with an import).
 */
export function recordDenial(
  ctx: Pick<Context, "store" | "workers" | "user" | "address">,
  what: string,
  permission: string,
  asked?: Record<string, string | number>,
): void {
  // counted per user and address: behind one proxy, one user's refusals do not silence another's
  const kept = denials.count(`${ctx.user?.username ?? ""}@${ctx.address ?? ""}`);
  // past the allowance, one entry says so and the rest are only counted
  if (kept === "over") return;
  const entry = {
    actor: ctx.user ? actorName(ctx.user) : "（未登录）",
    action: kept === "last" ? "access.denied.many" : "access.denied",
    entity: what.startsWith("/") ? "route" : "procedure",
    entityId: printable(what),
    detail: {
      permission,
      role: ctx.user?.role ?? null,
      ...(asked && Object.keys(asked).length > 0 ? { asked } : {}),
      ...(kept === "last" ? ALLOWANCE_DETAIL : {}),
    },
    address: ctx.address ?? null,
  };
  writerOp(ctx.store, ctx.workers, "audit", entry).catch((err: unknown) => console.error("[kaohe] 无法记录拒绝访问 / could not audit a denial:", err));
}

/**
 * An address as the audit log keeps it: line breaks, other control characters and direction marks written as \u{…}
 * (a path with %0A in it had the log show a forged-looking second line), at most 300 characters.
 */
function printable(what: string): string {
  const shown = what.replace(/[\p{Cc}\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`);
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}

/** Refusals audited one by one per user and address in each window (AuditAllowance, @kaohe/services). */
const denials = new AuditAllowance();

/** Who may call it: refused before any work (401 nobody signed in, 403 the wrong role; audited). */
const authorize = t.middleware(async ({ ctx, meta, path, next }) => {
  if (!meta?.permission) {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `procedure ${path} declares no permission` });
  }
  try {
    assertAllowed(ctx.user, meta.permission, { beforePasswordChange: meta.beforePasswordChange });
  } catch (err) {
    recordDenial(ctx, path, meta.permission);
    throw err;
  }
  return next({ ctx: { actor: ctx.user ? actorName(ctx.user) : "" } });
});

/**
 * A refusal the procedure itself makes, within the role's permission: a unit user asking for another unit's figures,
 * records or responses, or a period not opened to the units (assertOwnUnit, assertPeriodOpenToUnit, the responses'
 * scoping — each names the permission it falls under). Audited as a refusal by role is: a unit's account probing the
 * other units through /trpc left no trace, where the same question of /export/drilldown.xlsx was audited (a security
 * review). Recorded once, by the thread that answers the call (a call run in a worker comes back refused to it).
 */
const auditScopeRefusals = t.middleware(async ({ ctx, path, next, getRawInput }) => {
  const result = await next();
  if (!result.ok && !ctx.remote) {
    const info = describeError(result.error);
    const permission = (info.detail as { permission?: unknown } | null)?.permission;
    if (info.appCode === ErrorCodes.Forbidden && typeof permission === "string")
      recordDenial(ctx, path, permission, askedOf(await getRawInput().catch(() => undefined)));
  }
  return result;
});

/** The fields of a call's input that name what was asked for, as the audit log keeps them (whose figures, which period). */
const ASKED_FIELDS = ["unitCode", "period", "month", "year", "id", "assessment", "versionId"] as const;

/**
 * What a refused call asked for (唐山镇's account asking 果里镇's figures of 2018-11: `{ unitCode: "HTZ02", period:
 * "2018-11" }`): the log said only which procedure, not whose figures were probed (a review). Short values only, made
 * printable; anything else is left out.
 */
function askedOf(input: unknown): Record<string, string | number> {
  if (!input || typeof input !== "object" || Array.isArray(input)) return {};
  const out: Record<string, string | number> = {};
  for (const key of ASKED_FIELDS) {
    const v = (input as Record<string, unknown>)[key];
    if (typeof v === "number" && Number.isFinite(v)) out[key] = v;
    else if (typeof v === "string" && v.length <= 64) out[key] = printable(v);
  }
  return out;
}

/**
 * Calls one user (or, signed out, one address) may have running or waiting in the workers at once. The workers are
 * everyone's: a leader sending 24 batches of 50 year scorings stalled every ranking page for 30 s, and a dozen saves
 * of a large draft held the one writer, sign-ins behind it, for a minute (a security probe). More are refused at once,
 * to be asked again; the console never has this many under way for one user.
 */
const IN_FLIGHT_MAX: Record<"reader" | "writer", number> = { reader: 16, writer: 4 };
const inFlight = new Map<string, number>();

/** Count a call of `who` in `where` while it runs, refusing one past the cap. */
async function counted<T>(where: "reader" | "writer", who: string, run: () => Promise<T>): Promise<T> {
  const key = `${where}\u0000${who}`;
  const n = inFlight.get(key) ?? 0;
  if (n >= IN_FLIGHT_MAX[where]) {
    throw new AppError(
      ErrorCodes.Busy,
      `您同时进行的${where === "writer" ? "保存、修改" : "计算、查询"}过多（${IN_FLIGHT_MAX[where]} 项），请等前面的完成后再试`,
      `too many calls under way for you (${IN_FLIGHT_MAX[where]}): try again once they are done`,
    );
  }
  inFlight.set(key, n + 1);
  try {
    return await run();
  } finally {
    const left = (inFlight.get(key) ?? 1) - 1;
    if (left > 0) inFlight.set(key, left);
    else inFlight.delete(key);
  }
}

/**
 * Runs the procedure where it belongs (see placement.ts): in a worker when the server has them,
 * else here, writes one at a time under the store's write lock.
 */
const placement = t.middleware(async ({ ctx, type, meta, path, getRawInput, next }) => {
  const where = placementOf(type, meta);
  if (where !== "caller" && ctx.workers) {
    const workers = ctx.workers;
    const who = requesterOf(ctx.user, ctx.address);
    const input = await getRawInput();
    const call = { path, input, user: ctx.user, address: ctx.address ?? null, token: ctx.token ?? null };
    const text = (input as { text?: unknown } | null | undefined)?.text;
    const limit = meta?.rubricText && where === "reader" ? "rubricText" : undefined;
    const data = await counted(where, who, async () => {
      // a save, counted as one from its check on (4 saves of a user at once, not 4 in the writer and more checking)
      if (meta?.rubricText && where === "writer" && typeof text === "string") {
        // the same caller may check a text (rubrics.edit, as every procedure with a text to save); a text that is not a
        // string is left for the input parser to refuse
        await workers.call("reader", { ...call, path: "rubrics.check", input: { text } }, "rubricText");
      }
      return workers.call(where, call, limit);
    });
    // the worker ran this procedure's own middlewares, input parser and resolver: its result is the result
    return { ok: true as const, data, marker: "middlewareMarker" as never };
  }
  if (where === "writer") return exclusive(ctx.store, path, () => next());
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** The procedure builder: say who may call it with `.meta({ permission })`. */
/**
 * Who may call it is checked first, before anything reads the input: the server then answers a call refused without
 * reading its body (call-body.ts), and nobody is refused after their input was walked (4 MB of it, from nobody signed
 * in: a security review). The input is walked before any work, and before it is sent to another thread.
 */
export const procedure = t.procedure.use(mapDomainErrors).use(authorize).use(auditScopeRefusals).use(wellFormedInput).use(placement);

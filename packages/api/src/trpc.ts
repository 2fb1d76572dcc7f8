/**
 * tRPC, set up once: the context every procedure receives, the error
 * formatter, and the procedures routers are built from.
 */
import type { Store } from "@kaohe/db";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { describeError, type ErrorInfo, toTRPCError, type ZodErrorData } from "./errors.ts";
import { exclusive, type Meta, placementOf, RemoteError, type Workers } from "./placement.ts";

// The people behind every request read Chinese: zod's own messages (a wrong type,
// a missing field) are given in Chinese too; our schemas carry their own wording.
z.config(z.locales.zhCN());

export interface Context {
  store: Store;
  /** who is acting: recorded as author, publisher, importer */
  actor: string;
  /** the server's worker threads; absent in-process (tests, the CLI), where everything runs here */
  workers?: Workers;
}

export type ErrorData = ErrorInfo & { zodError: ZodErrorData | null };

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // never send a stack to a client, whatever NODE_ENV says: stacks go to the server's log
    isDev: false,
    errorFormatter({ shape, error }) {
      const info = describeError(error);
      const cause = error.cause;
      const zodError = cause instanceof z.ZodError ? (z.flattenError(cause) as ZodErrorData) : cause instanceof RemoteError ? cause.zodError : null;
      const { stack: _stack, ...rest } = shape.data;
      const data: ErrorData & typeof rest = { ...rest, ...info, zodError };
      // the message a person reads: Chinese, whatever raised it (tRPC's own refusals speak English)
      return { ...shape, message: info.zh, data };
    },
  });

/** Domain and engine errors become tRPC errors with their status and Chinese message (validation errors too). */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/**
 * Runs the procedure where it belongs (see placement.ts): in a worker when the server has them,
 * else here, writes one at a time under the store's write lock.
 */
const placement = t.middleware(async ({ ctx, type, meta, path, getRawInput, next }) => {
  const where = placementOf(type, meta);
  if (where !== "caller" && ctx.workers) {
    const data = await ctx.workers.call(where, { path, input: await getRawInput(), actor: ctx.actor });
    // the worker ran this procedure's own middlewares, input parser and resolver: its result is the result
    return { ok: true as const, data, marker: "middlewareMarker" as never };
  }
  if (where === "writer") return exclusive(ctx.store, path, () => next());
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Reads: anyone with access to the console. */
export const publicProcedure = t.procedure.use(mapDomainErrors).use(placement);

/** Writes: they are recorded under the actor, so there must be one. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor.trim()) throw new TRPCError({ code: "UNAUTHORIZED", message: "请先登录：修改数据的操作需要记录操作人" });
  return next({ ctx: { actor: ctx.actor.trim() } });
});

/**
 * tRPC, set up once: the context every procedure receives, the error
 * formatter, and the procedures routers are built from.
 */
import type { Store } from "@kaohe/db";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { describeError, type ErrorInfo, toTRPCError, type ZodErrorData } from "./errors.ts";

// The people behind every request read Chinese: zod's own messages (a wrong type,
// a missing field) are given in Chinese too; our schemas carry their own wording.
z.config(z.locales.zhCN());

export interface Context {
  store: Store;
  /** who is acting: recorded as author, publisher, importer */
  actor: string;
}

export type ErrorData = ErrorInfo & { zodError: ZodErrorData | null };

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const info = describeError(error);
    const zodError = error.cause instanceof z.ZodError ? (z.flattenError(error.cause) as ZodErrorData) : null;
    const data: ErrorData & typeof shape.data = { ...shape.data, ...info, zodError };
    return { ...shape, message: info.appCode === "INTERNAL" ? info.zh : error.message, data };
  },
});

/** Domain and engine errors become tRPC errors with their status and Chinese message (validation errors too). */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Reads: anyone with access to the console. */
export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Writes: they are recorded under the actor, so there must be one. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor.trim()) throw new TRPCError({ code: "UNAUTHORIZED", message: "请先登录：修改数据的操作需要记录操作人" });
  return next({ ctx: { actor: ctx.actor.trim() } });
});

/**
 * The worker's side of placement.ts: run a procedure call sent from the
 * request thread, and describe its failure so the other side can rebuild it.
 */
import type { Store } from "@kaohe/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { describeError, type ErrorInfo, type ZodErrorData } from "./errors.ts";
import type { RemoteCall } from "./placement.ts";
import { createCaller } from "./root.ts";

/** A failure as it crosses threads (structured-cloneable). */
export interface RemoteFailure {
  trpcCode: string;
  info: ErrorInfo;
  zodError: ZodErrorData | null;
}

type Callable = (input: unknown) => Promise<unknown>;

/** Run one procedure here, with this thread's store, through the whole procedure (middlewares, input parser, resolver). */
export async function runRemoteCall(store: Store, call: RemoteCall): Promise<unknown> {
  // its refusals are audited by the request thread, which gets them back (trpc.ts)
  const caller = createCaller({ store, user: call.user, address: call.address, token: call.token, remote: true });
  let target: unknown = caller;
  for (const part of call.path.split(".")) target = (target as Record<string, unknown>)[part];
  if (typeof target !== "function") throw new TRPCError({ code: "NOT_FOUND", message: `没有这个接口：${call.path}` });
  return (target as Callable)(call.input);
}

/** What the caller's side needs to rethrow a failure as the same error. */
export function describeFailure(err: unknown): RemoteFailure {
  const trpcCode = err instanceof TRPCError ? err.code : "INTERNAL_SERVER_ERROR";
  const cause = err instanceof TRPCError && err.cause ? err.cause : err;
  return {
    trpcCode,
    info: describeError(err),
    zodError: cause instanceof z.ZodError ? (z.flattenError(cause) as ZodErrorData) : null,
  };
}

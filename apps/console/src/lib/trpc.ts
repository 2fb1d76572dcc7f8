/**
 * The typed API client: every page's data is typed from the server's router
 * (`RouterOutputs`), never from hand-written copies.
 */
import type { AppRouter, RouterInputs, RouterOutputs } from "@kaohe/api";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, isNonJsonSerializable, splitLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { currentUser } from "./user.ts";

export type { RouterInputs, RouterOutputs };

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Headers every request to the server carries (the upload route's too). */
export const requestHeaders = (): Record<string, string> => ({ "x-kaohe-user": encodeURIComponent(currentUser()) });
const headers = requestHeaders;

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      // large inputs (rubric text) go one by one, the rest batched
      condition: (op) => op.type === "mutation" || isNonJsonSerializable(op.input),
      true: httpLink({ url: "/trpc", headers }),
      false: httpBatchLink({ url: "/trpc", headers, maxURLLength: 6000 }),
    }),
  ],
});

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => count < 2 && !(err instanceof TRPCClientError && err.data?.httpStatus < 500),
    },
  },
});

/** The message a person needs: the server's Chinese explanation, else a generic one. */
export function errorText(err: unknown): string {
  if (err instanceof TRPCClientError) {
    const data = err.data as { zh?: string } | undefined;
    if (data?.zh) return data.zh;
    if (err.message === "Failed to fetch" || /fetch/i.test(err.message)) return "无法连接服务器：请确认 kaohe 服务正在运行，然后重试";
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Structured detail from a server error (import problems, rubric diagnostics). */
export function errorDetail<T>(err: unknown): T | null {
  if (err instanceof TRPCClientError) return ((err.data as { detail?: T } | undefined)?.detail ?? null) as T | null;
  return null;
}

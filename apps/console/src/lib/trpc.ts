/**
 * The typed API client: every page's data is typed from the server's router
 * (`RouterOutputs`), never from hand-written copies.
 *
 * The session is an httpOnly cookie the browser sends by itself; every request
 * also carries the CSRF header the server requires of each POST/PUT. A call
 * refused because the session is gone (expired, revoked) tells the listeners
 * of `onSessionLost`, which send the user to the sign-in page; one refused until the
 * user changes the password an administrator set tells those of
 * `onPasswordChangeRequired`, which show the password form instead of the page.
 */
import type { AppRouter, RouterOutputs } from "@kaohe/api";
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, isNonJsonSerializable, splitLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { zh } from "./zh.ts";

export type { RouterOutputs };

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** The header the server requires on every POST/PUT (tRPC mutations, uploads, sign-out). */
const CSRF_HEADER = "x-kaohe-csrf";

/** Headers every request to the server carries (the upload route's too). */
export const requestHeaders = (): Record<string, string> => ({ [CSRF_HEADER]: "1" });

/** Same-origin requests only: the session cookie goes with them and nowhere else. */
const fetchSameOrigin: typeof fetch = (input, init) => fetch(input, { ...init, credentials: "same-origin" });

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      // large inputs (rubric text) go one by one, the rest batched
      condition: (op) => op.type === "mutation" || isNonJsonSerializable(op.input),
      true: httpLink({ url: "/trpc", headers: requestHeaders, fetch: fetchSameOrigin }),
      // no more calls in one request than the server takes (MAX_BATCH_CALLS, @kaohe/api errors.ts): the rest go in another
      false: httpBatchLink({ url: "/trpc", headers: requestHeaders, maxURLLength: 6000, maxItems: 50, fetch: fetchSameOrigin }),
    }),
  ],
});

/** The error's `data` as the server sends it (`zh`, `appCode`, `httpStatus`, …). */
function errorData(err: unknown): { zh?: string; appCode?: string; httpStatus?: number; code?: string } | null {
  if (err instanceof TRPCClientError) return (err.data as { zh?: string; appCode?: string; httpStatus?: number } | undefined) ?? null;
  return null;
}

/** Refused because nobody is signed in (the session expired or was revoked). */
function isUnauthorized(err: unknown): boolean {
  const data = errorData(err);
  return data?.appCode === "UNAUTHORIZED" || (data?.appCode === undefined && data?.code === "UNAUTHORIZED");
}

/** Refused because no published rubric version is in force for the period asked (a month before the first one): not a failure. */
export const isNotInForce = (err: unknown) => errorData(err)?.appCode === "NOT_IN_FORCE";

/** Refused because the password an administrator set must be changed first (the server's permissions.ts). */
const mustChangePassword = (err: unknown) => errorDetail<{ mustChangePassword?: unknown }>(err)?.mustChangePassword === true;

const sessionLostListeners = new Set<() => void>();
const passwordChangeListeners = new Set<() => void>();

/** Called whenever a call is refused for want of a session; returns the unsubscribe. */
export function onSessionLost(listener: () => void): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

/** Called whenever a call is refused until the user changes the password an administrator set; returns the unsubscribe. */
export function onPasswordChangeRequired(listener: () => void): () => void {
  passwordChangeListeners.add(listener);
  return () => passwordChangeListeners.delete(listener);
}

function reportRefusal(err: unknown, meta: Record<string, unknown> | undefined) {
  if (isUnauthorized(err)) {
    if (!keepsSession(meta)) for (const l of sessionLostListeners) l();
  } else if (mustChangePassword(err)) for (const l of passwordChangeListeners) l();
}

/**
 * A query or mutation with `meta: { keepSession: true }` handles a 401 itself
 * (changing the password with a wrong current one is not a lost session).
 */
const keepsSession = (meta: Record<string, unknown> | undefined) => meta?.keepSession === true;

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err, query) => reportRefusal(err, query.meta) }),
  mutationCache: new MutationCache({ onError: (err, _v, _c, mutation) => reportRefusal(err, mutation.meta) }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => count < 2 && !(err instanceof TRPCClientError && err.data?.httpStatus < 500),
    },
  },
});

/** What a person is told when the server cannot be reached. */
export const OFFLINE_TEXT = "无法连接服务器：请确认 kaohe 服务正在运行，然后重试";

/** The message a person needs: the server's Chinese explanation, else a generic one (Chinese only: `zh`). */
export function errorText(err: unknown): string {
  if (err instanceof TRPCClientError) {
    const data = err.data as { zh?: string } | undefined;
    if (data?.zh) return zh(data.zh);
    if (err.message === "Failed to fetch" || /fetch/i.test(err.message)) return OFFLINE_TEXT;
    return zh(err.message);
  }
  return zh(err instanceof Error ? err.message : String(err));
}

/**
 * No answer from the kaohe server: the network failed, or the server is down (a proxy before it answers 502–504 with
 * a page of its own). Worth trying again quietly: it may be restarting.
 */
export function isUnreachable(err: unknown): boolean {
  if (!(err instanceof TRPCClientError)) return err instanceof TypeError;
  const status = errorData(err)?.httpStatus;
  return status === undefined || status === 502 || status === 503 || status === 504;
}

/** Refused because what was asked for does not exist (the server's NOT_FOUND). */
export const isNotFound = (err: unknown): boolean => errorData(err)?.appCode === "NOT_FOUND";

/** Refused as not this user's to see (the server's FORBIDDEN: a month not open to the units, another unit's page). */
export const isForbidden = (err: unknown): boolean => errorData(err)?.appCode === "FORBIDDEN";

/** Structured detail from a server error (import problems, rubric diagnostics). */
export function errorDetail<T>(err: unknown): T | null {
  if (err instanceof TRPCClientError) return ((err.data as { detail?: T } | undefined)?.detail ?? null) as T | null;
  return null;
}

/** A POST outside tRPC (sign-in, sign-out) with the CSRF header; the JSON error's Chinese message when refused. */
export async function postJson<T>(
  url: string,
  body?: unknown,
): Promise<{ ok: true; status: number; data: T | null } | { ok: false; status: number; zh: string }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { ...requestHeaders(), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, zh: OFFLINE_TEXT };
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.ok) return { ok: true, status: res.status, data: json as T | null };
  const zh = (json as { zh?: unknown } | null)?.zh;
  return { ok: false, status: res.status, zh: typeof zh === "string" && zh ? zh : `请求失败（${res.status}）` };
}

/**
 * Who is signed in, and what they may do. `auth.me` is read once when the
 * console starts; the menu, the routes and the buttons ask `can(permission)`.
 * The server decides in the end (every call is checked there): this only keeps
 * people from being offered what they would be refused.
 */

import type { Permission } from "@kaohe/api";
import { ROLE_LABEL, type Role } from "@kaohe/services/roles";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from "react";
import { useLocation, useNavigate } from "react-router";
import { onPasswordChangeRequired, onSessionLost, postJson, type RouterOutputs, useTRPC } from "./trpc.ts";

/** The signed-in user as `auth.me` gives them. */
export type Me = NonNullable<RouterOutputs["auth"]["me"]>;

export type { Permission } from "@kaohe/api";
export { ROLE_LABEL, ROLES, type Role } from "@kaohe/services/roles";

export const roleLabel = (role: string) => ROLE_LABEL[role as Role] ?? role;

export { PASSWORD_RULES, passwordProblem } from "@kaohe/services/password";

interface AuthState {
  /** undefined while loading, null when nobody is signed in (or `auth.me` failed: see `error`) */
  user: Me | null | undefined;
  /** `auth.me` could not be read (the server is down) */
  error: unknown;
  can: (permission: Permission) => boolean;
  /** sign out here and on the server, then go to the sign-in page */
  signOut: () => Promise<void>;
  /** read `auth.me` again (after signing in, changing the password) */
  refresh: () => Promise<Me | null>;
}

const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error("useAuth outside AuthProvider");
  return state;
}

/**
 * A path inside the console to return to: never another site. Read as the browser reads it: a tab or a line break is
 * dropped by the URL parser, so /<tab>/example.org is //example.org, another site — react-router refused it, and the
 * user was left on the sign-in form, signed in, told nothing (an adversary's link): an address that leaves the
 * console is none to return to.
 */
export function safeReturnPath(next: string | null | undefined): string | null {
  if (!next?.startsWith("/")) return null;
  const base = "http://console.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return null;
  }
  if (url.origin !== base || url.pathname.startsWith("/login")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** This tab's session was ended by the server while the user worked: said on the sign-in page until they sign in. */
export const SESSION_LOST = "kaohe.sessionLost";

/** The sign-in page, remembering where the user was. */
export function loginPath(returnTo?: string): string {
  const back = safeReturnPath(returnTo);
  return back && back !== "/" ? `/login?next=${encodeURIComponent(back)}` : "/login";
}

/** Where a user starts: a unit user on their unit's page, the others on the first page their role opens. */
export function homePath(user: Me): string {
  const has = (p: Permission) => user.permissions.includes(p);
  if (user.role === "unit" && user.unitCode) return `/units/${encodeURIComponent(user.unitCode)}`;
  if (has("results.read") || has("published.read")) return "/ranking";
  if (has("rubrics.read")) return "/rubrics";
  if (has("data.read")) return "/data";
  if (has("users.manage")) return "/users";
  if (has("audit.read")) return "/audit";
  return "/ranking";
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  // read once: it changes only by signing in or out, changing the password (each refreshes it), a lost session or a
  // call refused until the password is changed (read again then)
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: Number.POSITIVE_INFINITY, retry: 1, meta: { keepSession: true } });
  const user = me.data;

  // a call refused for want of a session: forget the user and everything read as them, then sign in again
  const here = `${location.pathname}${location.search}`;
  useEffect(
    () =>
      onSessionLost(() => {
        if (window.location.pathname === "/login") return;
        // the sign-in page says why (a session ended by the server: expired, the password reset, the user disabled),
        // whichever of this and the page's guard sends the user there
        sessionStorage.setItem(SESSION_LOST, "1");
        queryClient.setQueryData(trpc.auth.me.queryKey(), null);
        navigate(loginPath(here), { replace: true });
      }),
    [queryClient, trpc, navigate, here],
  );

  // a call refused until the password an administrator set is changed (set while this page was open): `auth.me` read
  // again says so, and the password form takes the page's place (RequireSignIn) — nothing else is asked until then
  useEffect(() => onPasswordChangeRequired(() => void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() })), [queryClient, trpc]);

  const can = useCallback((permission: Permission) => permission === "public" || Boolean(user?.permissions.includes(permission)), [user]);

  const signOut = useCallback(async () => {
    await postJson("/auth/signout");
    queryClient.clear();
    queryClient.setQueryData(trpc.auth.me.queryKey(), null);
    navigate("/login", { replace: true });
  }, [queryClient, trpc, navigate]);

  const refresh = useCallback(async () => {
    const fresh = await queryClient.fetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 0 });
    return fresh ?? null;
  }, [queryClient, trpc]);

  const state = useMemo<AuthState>(
    () => ({ user: me.isError ? null : user, error: me.error, can, signOut, refresh }),
    [me.isError, me.error, user, can, signOut, refresh],
  );
  return <AuthContext.Provider value={state}>{children}</AuthContext.Provider>;
}

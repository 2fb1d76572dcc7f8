/** Talking to a real server as a signed-in user: the session cookie and the CSRF header a change carries. */
import { DEMO_PASSWORD, DEMO_USERS, type Role } from "@kaohe/services";

export interface Session {
  cookie: string;
  /** fetch with the session (and, for changes, the CSRF header) */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** a tRPC query (GET) or mutation (POST) */
  trpc(
    path: string,
    input: unknown,
    method?: "GET" | "POST",
  ): Promise<{ status: number; body: { result?: { data: unknown }; error?: { message: string; data: Record<string, unknown> } } }>;
}

/** Sign in as the demo user of a role (the demo data creates one per role). */
export async function signInAs(base: string, role: Role): Promise<Session> {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  return signIn(base, user.username, DEMO_PASSWORD);
}

export async function signIn(base: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/auth/signin`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-kaohe-csrf": "1" },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const withSession = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { cookie, ...(init.method && init.method !== "GET" ? { "x-kaohe-csrf": "1" } : {}), ...(init.headers as Record<string, string>) },
    });
  return {
    cookie,
    fetch: withSession,
    async trpc(path, input, method = "GET") {
      const res =
        method === "GET"
          ? await withSession(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
          : await withSession(`/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
      return { status: res.status, body: (await res.json()) as never };
    },
  };
}

/**
 * Talking to a real server as a signed-in user: the session cookie and the CSRF header a change carries; a demo
 * server on a temporary database to talk to, a checkout's built server as its own process (built.test.ts and the
 * benches), a GET as sent (headers of one's own, the body as it arrives), and raw bytes sent to a port.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openStore, type Store } from "@kaohe/db";
import { DEMO_PASSWORD, DEMO_USERS, type Role, seedDemo } from "@kaohe/services";
import { createKaoheServer } from "../src/server.ts";
import type { ThreadsOptions } from "../src/threads.ts";

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
          ? await withSession(input === undefined ? `/trpc/${path}` : `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
          : await withSession(`/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
      return { status: res.status, body: (await res.json()) as never };
    },
  };
}

/**
 * GET `url` as sent, with these headers (a Host of one's own too; fetch would not let it) and the body as it arrives
 * (fetch would decode it): the status, the headers and the bytes.
 */
export function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((ok, fail) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}

/** Build the server's bundle of this checkout's sources (scripts/build.mjs: nothing to do when it is current). */
export const buildServerBundle = (root: string) => spawnSync(process.execPath, [join(root, "scripts/build.mjs"), "server"], { cwd: root, encoding: "utf8" });

/** A tRPC call's data; throws with the path, status and error when it did not answer 200. */
export async function query<T>(s: Session, path: string, input: unknown): Promise<T> {
  const r = await s.trpc(path, input);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body.error)}`);
  return r.body.result?.data as T;
}

/**
 * The first module of a test server's worker threads: the bundle of this checkout's sources when it is current (the
 * project's global setup builds it), which a thread loads in about a second where the sources through tsx took 5 to
 * 10 s a thread on a busy 2-core machine; the sources themselves otherwise (the default).
 */
export async function workerEntry(): Promise<URL | undefined> {
  const root = new URL("../../../", import.meta.url).pathname;
  const build = (await import(pathToFileURL(join(root, "scripts/build.mjs")).href)) as { freshEntry(name: string, entry: string): URL | undefined };
  return build.freshEntry("server", "worker");
}

/** The demo data (`seedDemo` with `options`) in a temporary SQLite file, served on a free port; `close` stops both. */
export async function startDemoServer(
  prefix: string,
  options?: Parameters<typeof seedDemo>[1],
  threads: ThreadsOptions = {},
): Promise<{ store: Store; base: string; port: number; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = await openStore(`file:${join(dir, "k.db")}`);
  await seedDemo(store, options);
  const server = createKaoheServer({ store, consoleDir: dir, threads: { entry: await workerEntry(), ...threads } });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  await server.ready();
  const port = (server.address() as AddressInfo).port;
  return {
    store,
    base: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      await server.stop();
      await store.close();
    },
  };
}

/** A store served on a free port with no threads (requests answered in this process), as the database tests ask it. */
export async function serveStore(store: Store): Promise<{ base: string; stop: () => Promise<void> }> {
  const server = createKaoheServer({ store, consoleDir: tmpdir(), threads: false });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => server.stop() };
}

/** Send bytes as they are to the server on `port`; the whole answer as text (status line, headers, body). */
export function rawExchange(port: number, request: string | Buffer, host = "127.0.0.1"): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    const chunks: Buffer[] = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    socket.on("error", (e) => (chunks.length > 0 ? resolve(Buffer.concat(chunks).toString("utf8")) : reject(e)));
    socket.setTimeout(20_000, () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    // not end(): a client that half-closes may be answered or not; Connection: close ends it after the answer
    socket.write(request);
  });
}

/**
 * The built server of the checkout at `root` (apps/server/dist/main.mjs under plain node, as `npm start` runs it) as
 * its own process, `env` over this one's (DATABASE_URL, and HOST or KAOHE_DEMO where asked); resolves once it prints
 * its address, with what it has written (stdout and stderr) so far and from then on.
 */
export function startBuiltServer(
  root: string,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<{ base: string; child: ChildProcess; log: string[] }> {
  const child = spawn(process.execPath, ["--max-semi-space-size=32", "--enable-source-maps", ...nodeArgs, join(root, "apps/server/dist/main.mjs")], {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  return new Promise((ok, fail) => {
    const onData = (chunk: Buffer) => {
      log.push(chunk.toString());
      const m = /已启动：(http:\/\/[^\s/]+)\//.exec(log.join(""));
      if (m) ok({ base: m[1] as string, child, log });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => fail(new Error(`the server exited (${code}) before it listened:\n${log.join("").slice(-2000)}`)));
  });
}

/** Stop a started server with SIGINT, as Ctrl+C does (it closes its store; with --cpu-prof it writes its profile); its exit code. */
export async function stopServer(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((ok) => child.once("exit", ok));
  child.kill("SIGINT");
  return exited;
}

/**
 * Writes the server makes outside any procedure — a sign-in, a sign-out, a
 * session kept alive, a refusal written to the audit log — named so that the
 * request thread can send them to the writer thread (placement.ts) and run
 * them here otherwise, under the store's write lock on SQLite either way (runWriterOp).
 */

import type { Store } from "@kaohe/db";
import { type ClientInfo, type NewAuditEntry, recordAudit, signIn, signOut, touchSession } from "@kaohe/services";
import { exclusive, type Workers } from "./placement.ts";

const writerOps = {
  signIn: (store: Store, username: string, password: string, client: ClientInfo) => signIn(store, username, password, client),
  /**
   * a sign-in for an account over its sign-ins for now (users.ts `signInsExhausted`): it takes its turn among the writes
   * waiting, not before them. A script signing in without end went before every change for 5 s each (a security review)
   */
  signInInTurn: (store: Store, username: string, password: string, client: ClientInfo) => signIn(store, username, password, client),
  signOut: (store: Store, token: string, client: ClientInfo) => signOut(store, token, client),
  touchSession: (store: Store, token: string) => touchSession(store, token),
  audit: (store: Store, entry: NewAuditEntry) => recordAudit(store, entry),
};

export type WriterOps = typeof writerOps;

/**
 * Run a writer op in this thread, under the store's write lock — on SQLite, whose database takes one writer at a time.
 * PostgreSQL takes writes side by side: there a sign-in, a sign-out, a session kept alive and an audit line (rows no
 * import, publication or decision writes) do not wait behind the write under way. A sign-in waited for the whole of
 * an import, and was refused after a minute of one (found by a helper signing in during a 250,000-row import). The
 * sign-ins still go one at a time among themselves: each reads the counts of wrong passwords and writes them back, and
 * four guesses at once were counted as one (found by the review).
 */
export function runWriterOp<K extends keyof WriterOps>(store: Store, name: K, args: unknown[]): Promise<Awaited<ReturnType<WriterOps[K]>>> {
  const op = writerOps[name] as (store: Store, ...args: unknown[]) => Promise<Awaited<ReturnType<WriterOps[K]>>>;
  if (store.raw.provider !== "postgres") {
    // someone waits on a sign-in or a sign-out: it goes before the writes queued (a second import), after the one under
    // way, and is refused sooner (said as such by the sign-in route) than a change of data
    const waiting = name === "signIn" || name === "signOut" || name === "signInInTurn";
    return exclusive(store, name, () => op(store, ...args), waiting ? SIGN_IN_WAIT_MS : undefined, "data", waiting && name !== "signInInTurn");
  }
  return name === "signIn" || name === "signInInTurn" ? exclusive(store, name, () => op(store, ...args), undefined, "sign-in") : op(store, ...args);
}

/** How long a sign-in or a sign-out waits on SQLite for the write under way (an import's) before it is refused. */
const SIGN_IN_WAIT_MS = 30_000;

type Args<K extends keyof WriterOps> = Parameters<WriterOps[K]> extends [Store, ...infer A] ? A : never;

/** Run a writer op where writes run: the writer thread when there is one, else here. */
export function writerOp<K extends keyof WriterOps>(
  store: Store,
  workers: Workers | undefined,
  name: K,
  ...args: Args<K>
): Promise<Awaited<ReturnType<WriterOps[K]>>> {
  return workers ? (workers.op(name, args) as Promise<Awaited<ReturnType<WriterOps[K]>>>) : runWriterOp(store, name, args);
}

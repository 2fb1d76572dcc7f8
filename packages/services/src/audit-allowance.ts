/**
 * How many entries of one kind of refusal one caller may add to the audit log in a window: a script refused in a
 * loop (a procedure it may not call, a sign-in tried again and again with one user name) would otherwise grow the
 * log without end — about 40 rows a second from one address at the sign-in, found by a security review — and bury
 * what matters in it. Past the allowance, one entry says so and the rest are only counted. Kept in the memory of the
 * thread that writes the entries (the request thread for refusals, the writer for sign-ins).
 */

/** Entries audited one by one per caller in each window. */
const AUDITED_PER_WINDOW = 30;
/** The window, in minutes. */
const AUDIT_WINDOW_MINUTES = 10;
const WINDOW_MS = AUDIT_WINDOW_MINUTES * 60_000;

/** What the entry saying the rest are not written adds to its detail. */
export const ALLOWANCE_DETAIL = { recordedPerWindow: AUDITED_PER_WINDOW, windowMinutes: AUDIT_WINDOW_MINUTES } as const;

export class AuditAllowance {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Count one more for `who`: "kept" (audit it), "last" (audit that the rest are not), or "over" (do not audit). */
  count(who: string, now = Date.now()): "kept" | "last" | "over" {
    let w = this.windows.get(who);
    if (!w || now - w.start >= WINDOW_MS) {
      if (this.windows.size >= 10_000) for (const [key, old] of this.windows) if (now - old.start >= WINDOW_MS) this.windows.delete(key);
      w = { start: now, count: 0 };
      this.windows.set(who, w);
    }
    w.count++;
    return w.count <= AUDITED_PER_WINDOW ? "kept" : w.count === AUDITED_PER_WINDOW + 1 ? "last" : "over";
  }
}

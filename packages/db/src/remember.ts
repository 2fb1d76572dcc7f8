/**
 * Values computed from the data (a month's measures, the records behind a
 * number, a period's fingerprint, the months a year scored), kept while the
 * data stays as it is.
 *
 * On SQLite the data has a generation: a number in the database file's header
 * (PRAGMA user_version) that every write to a table scoring reads (DATA_TABLES)
 * sets anew, in the write's own transaction (raw.ts does it for every statement
 * it runs; kaohe writes those tables through nothing else). A value remembered
 * at one generation is the value at that generation, whichever connection,
 * thread or process computed it: so a thread that computes one offers it to the
 * other connections to the same file in the process (a BroadcastChannel), and
 * the writer thread publishing a month finds the fingerprint and measures the
 * reader computed when the month was looked at. A value being computed is
 * announced too: a connection asked for it meanwhile waits for that value
 * instead of computing it a second time (a month's fingerprint, started when
 * the ranking was opened, is not made again beside it for the publication's
 * check a moment later, on a machine with two cores). Inside a transaction
 * nothing is remembered (what is read there may be rolled back).
 *
 * On PostgreSQL the generation is a row of the settings table (DATA_GENERATION)
 * that a transaction which wrote a table scoring reads sets anew just before it
 * commits (raw.ts; a write outside a transaction gets one of its own), so it is
 * seen with the data it stands for, by every process. A value is looked up at
 * the generation read before it; one computed is kept only when the generation
 * read after it is the same (no write committed meanwhile). A query's rows
 * (raw.ts `rememberRows`) are read with the generation in one snapshot, in one
 * round trip, and kept under it; read so for the first time, they are not
 * announced while they are read (the generation is not known before), so a
 * second caller asking at that moment reads them too.
 */
import { BroadcastChannel } from "node:worker_threads";

/** Tables whose rows scoring reads (the holiday calendar and its day table included): a write to one starts a new generation of the data. */
export const DATA_TABLES: ReadonlySet<string> = new Set(["orders", "events", "units", "facts", "categories", "holidays", "workdays"]);

const WRITE_STATEMENT = /^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?([A-Za-z_]\w*)"?/i;

/** Does this statement write a table scoring reads? */
export function writesData(sql: string): boolean {
  const m = WRITE_STATEMENT.exec(sql);
  return m !== null && DATA_TABLES.has(m[1] as string);
}

/** PostgreSQL: the settings row holding the data's generation (absent until the first write: generation 0). */
export const DATA_GENERATION = "dataGeneration";

/** A new generation: random (not a count), so that a file restored from a backup does not bring back one already seen. */
export const newGeneration = () => 1 + Math.floor(Math.random() * 0x7ffffffe);

/** Values remembered at most … */
const REMEMBERED_KEPT = 256;
/** … holding about this much memory together; the least recently used go first. */
const REMEMBERED_BYTES = 64 * 1024 * 1024;
/** Values larger than this are not offered to the other connections. */
const SHARED_BYTES = 4 * 1024 * 1024;

/** About the memory rows of a query hold. */
export const rowsBytes = (rows: readonly Record<string, unknown>[]) => 64 + rows.length * (48 + 24 * Object.keys(rows[0] ?? {}).length);

interface Entry {
  value: Promise<unknown>;
  bytes: number;
}

/**
 * A message between the connections to one file: a value (`value`), a value being computed (`computing`), or one
 * announced that will not come (`gone`: its computation failed, or it is too large to send).
 */
type Offer =
  | { generation: number; key: string; state: "value"; value: unknown; bytes: number }
  | { generation: number; key: string; state: "computing" }
  | { generation: number; key: string; state: "gone" };

/** How long a connection waits for a value another one announced before it computes the value itself (that one may have died). */
const ANNOUNCED_WAIT_MS = 120_000;

/** A value another connection is computing: settles with it, or with null when it will not come. */
interface Awaited {
  value: Promise<{ value: unknown } | null>;
  settle(got: { value: unknown } | null): void;
}

export class Remembered {
  private generation: number | null = null;
  private readonly entries = new Map<string, Entry>();
  /** values another connection announced it is computing, at this generation */
  private readonly elsewhere = new Map<string, Awaited>();
  private bytes = 0;
  private readonly channel: BroadcastChannel | null;
  private closed = false;

  /**
   * `current`: the data's generation now, or null when nothing may be remembered (inside a transaction).
   * `shareAs`: the name the connections to one database share values under (null: not shared).
   */
  constructor(
    private readonly current: () => number | null,
    shareAs: string | null,
  ) {
    this.channel = shareAs === null ? null : new BroadcastChannel(`kaohe-remembered:${shareAs}`);
    if (this.channel) {
      this.channel.unref();
      this.channel.onmessage = (e) => this.offered((e as { data: Offer }).data);
    }
  }

  /** Start over when the generation moved on. */
  private at(generation: number): void {
    if (generation === this.generation) return;
    this.entries.clear();
    for (const awaited of this.elsewhere.values()) awaited.settle(null);
    this.elsewhere.clear();
    this.bytes = 0;
    this.generation = generation;
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private trim(): void {
    while (this.entries.size > 0 && (this.entries.size > REMEMBERED_KEPT || this.bytes > REMEMBERED_BYTES)) {
      this.forget(this.entries.keys().next().value as string);
    }
  }

  async remember<T>(key: string, compute: () => Promise<T>, bytes?: (value: T) => number): Promise<T> {
    return this.rememberAt(this.current(), key, compute, bytes);
  }

  /** `remember` at a generation the caller read (null: nothing may be remembered). */
  async rememberAt<T>(generation: number | null, key: string, compute: () => Promise<T>, bytes?: (value: T) => number): Promise<T> {
    if (generation === null) return compute();
    this.at(generation);
    const known = this.entries.get(key);
    if (known) {
      // most recently used last
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.value as Promise<T>;
    }
    const awaited = this.elsewhere.get(key);
    if (awaited) {
      const got = await awaited.value;
      if (got) return got.value as T;
      // it will not come (or did not in time): computed here, unless a value arrived meanwhile
      if (this.elsewhere.get(key) === awaited) this.elsewhere.delete(key);
      return this.rememberAt(generation, key, compute, bytes);
    }
    const value = compute();
    const entry: Entry = { value, bytes: 1024 };
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    this.post({ generation, key, state: "computing" });
    value.then(
      (v) => {
        if (this.entries.get(key) !== entry) return this.post({ generation, key, state: "gone" });
        const size = bytes ? bytes(v) : 1024;
        this.bytes += size - entry.bytes;
        entry.bytes = size;
        this.trim();
        if (size > SHARED_BYTES || !this.post({ generation, key, state: "value", value: v, bytes: size })) this.post({ generation, key, state: "gone" });
      },
      // a failure is not remembered
      () => {
        if (this.entries.get(key) === entry) this.forget(key);
        this.post({ generation, key, state: "gone" });
      },
    );
    return value;
  }

  /** Whether a value of `key` is remembered, or being computed here or by another connection (at the generation last seen). */
  knows(key: string): boolean {
    return this.entries.has(key) || this.elsewhere.has(key);
  }

  /**
   * Keep `value`, computed from the data of `generation` exactly (PostgreSQL's `rememberRows`: read in the snapshot the
   * generation was read in), and offer it to the other connections; one kept already stays. Another generation than
   * the one held starts over at this one (a later lookup reads the generation first, and starts over again if it is not).
   */
  keep<T>(generation: number, key: string, value: T, bytes?: (value: T) => number): void {
    this.at(generation);
    const size = bytes ? bytes(value) : 1024;
    if (this.hold(key, value, size) && size <= SHARED_BYTES) this.post({ generation, key, state: "value", value, bytes: size });
  }

  /** Hold a value known (computed at the generation held, or offered by another connection); one held already stays. */
  private hold(key: string, value: unknown, bytes: number): boolean {
    if (this.entries.has(key)) return false;
    this.entries.set(key, { value: Promise.resolve(value), bytes });
    this.bytes += bytes;
    this.trim();
    return true;
  }

  /**
   * Forget a value remembered at `generation` that is not the data of that generation after all (the data changed
   * while it was computed: on PostgreSQL the generation is read before and after), and tell the other connections.
   */
  drop(generation: number, key: string): void {
    if (this.generation !== generation || !this.entries.has(key)) return;
    this.forget(key);
    this.post({ generation, key, state: "gone" });
  }

  /** Send a message to the other connections; false when it cannot be sent (a value that cannot be cloned). */
  private post(offer: Offer): boolean {
    if (!this.channel || this.closed) return false;
    try {
      this.channel.postMessage(offer);
      return true;
    } catch {
      return false;
    }
  }

  /** A value another connection computed: kept when it is of the generation the data is at now. */
  private offered(offer: Offer): void {
    if (this.closed) return;
    let now: number | null;
    try {
      now = this.current();
    } catch {
      // this connection is closed
      return;
    }
    if (now === null || now !== offer.generation) return;
    this.at(now);
    const awaited = this.elsewhere.get(offer.key);
    if (offer.state === "computing") {
      if (!this.entries.has(offer.key) && !awaited) this.elsewhere.set(offer.key, waitFor());
      return;
    }
    this.elsewhere.delete(offer.key);
    if (offer.state === "gone") {
      awaited?.settle(null);
      return;
    }
    awaited?.settle({ value: offer.value });
    this.hold(offer.key, offer.value, offer.bytes);
  }

  close(): void {
    this.closed = true;
    for (const awaited of this.elsewhere.values()) awaited.settle(null);
    this.elsewhere.clear();
    this.channel?.close();
    this.entries.clear();
    this.bytes = 0;
  }
}

/** A value announced elsewhere, waited for at most ANNOUNCED_WAIT_MS. */
function waitFor(): Awaited {
  let settle: (got: { value: unknown } | null) => void = () => undefined;
  const value = new Promise<{ value: unknown } | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), ANNOUNCED_WAIT_MS);
    timer.unref();
    settle = (got) => {
      clearTimeout(timer);
      resolve(got);
    };
  });
  return { value, settle };
}

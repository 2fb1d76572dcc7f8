/**
 * Values computed from the data (a month's measures, the records behind a
 * number, a period's fingerprint), kept while the data stays as it is.
 *
 * On SQLite the data has a generation: a number in the database file's header
 * (PRAGMA user_version) that every write to a table scoring reads (DATA_TABLES)
 * sets anew, in the write's own transaction (raw.ts does it for every statement
 * it runs; kaohe writes those tables through nothing else). A value remembered
 * at one generation is the value at that generation, whichever connection,
 * thread or process computed it: so a thread that computes one offers it to the
 * other connections to the same file in the process (a BroadcastChannel), and
 * the writer thread publishing a month finds the fingerprint and measures the
 * reader computed when the month was looked at. Inside a transaction nothing is
 * remembered (what is read there may be rolled back).
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

/** A new generation: random (not a count), so that a file restored from a backup does not bring back one already seen. */
export const newGeneration = () => 1 + Math.floor(Math.random() * 0x7ffffffe);

/** Values remembered at most … */
export const REMEMBERED_KEPT = 256;
/** … holding about this much memory together; the least recently used go first. */
export const REMEMBERED_BYTES = 64 * 1024 * 1024;
/** Values larger than this are not offered to the other connections. */
const SHARED_BYTES = 4 * 1024 * 1024;

/** About the memory rows of a query hold. */
export const rowsBytes = (rows: readonly Record<string, unknown>[]) => 64 + rows.length * (48 + 24 * Object.keys(rows[0] ?? {}).length);

interface Entry {
  value: Promise<unknown>;
  bytes: number;
}

interface Offer {
  generation: number;
  key: string;
  value: unknown;
  bytes: number;
}

export class Remembered {
  private generation: number | null = null;
  private readonly entries = new Map<string, Entry>();
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
    const generation = this.current();
    if (generation === null) return compute();
    this.at(generation);
    const known = this.entries.get(key);
    if (known) {
      // most recently used last
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.value as Promise<T>;
    }
    const value = compute();
    const entry: Entry = { value, bytes: 1024 };
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    value.then(
      (v) => {
        if (this.entries.get(key) !== entry) return;
        const size = bytes ? bytes(v) : 1024;
        this.bytes += size - entry.bytes;
        entry.bytes = size;
        this.trim();
        if (this.channel && !this.closed && size <= SHARED_BYTES) {
          try {
            this.channel.postMessage({ generation, key, value: v, bytes: size } satisfies Offer);
          } catch {
            // not a value that can be sent: the others compute it themselves
          }
        }
      },
      // a failure is not remembered
      () => {
        if (this.entries.get(key) === entry) this.forget(key);
      },
    );
    return value;
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
    if (this.entries.has(offer.key)) return;
    this.entries.set(offer.key, { value: Promise.resolve(offer.value), bytes: offer.bytes });
    this.bytes += offer.bytes;
    this.trim();
  }

  close(): void {
    this.closed = true;
    this.channel?.close();
    this.entries.clear();
    this.bytes = 0;
  }
}

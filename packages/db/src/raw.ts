/**
 * A plain driver connection for the two hot paths, bulk import and the
 * measure push-down, where going through Prisma's query layer costs more
 * than the work itself (measured: ~12k rows/s through Prisma raw queries,
 * against the ≥50k rows/s an import must reach). Everything else uses the
 * Prisma client from `openDatabase`.
 */

import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, type Hash, hash } from "node:crypto";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { H } from "@kaohe/rules-engine";
import BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { type Provider, providerOf, sqlitePath } from "./client.ts";
import { postgresDriver } from "./postgres-driver.ts";
import { DATA_GENERATION, DATA_TABLES, newGeneration, Remembered, writesData } from "./remember.ts";
import { ident } from "./sql.ts";

/** Conversions registered on every SQLite connection (see measure-sql.ts). */
const sqliteFunctions: Record<string, (...args: never[]) => unknown> = {
  kh_num: (v: unknown) => H.num(v),
  kh_text: (v: unknown) => H.text(v),
  kh_bool: (v: unknown) => (H.bool(v) ? 1 : 0),
  kh_date: (v: unknown) => H.date(v),
  // SQLite's ROUND() rounds 2.675 to 2.67 (binary value) and ignores negative digits; the engine's round() does neither
  kh_round: (x: number | null, digits: number | null) => H.round(x, digits),
};

/**
 * Aggregates registered on every SQLite connection. `kh_fingerprint(text)`: the SHA-256 (hex) of the texts it is
 * given, in the order given, each followed by a newline (the data fingerprint, scores.ts `dataHash`); the same
 * as `sha256(string_agg(text || E'\n', ''))` on PostgreSQL.
 */
const sqliteAggregates: Record<string, BetterSqlite3.AggregateOptions> = {
  kh_fingerprint: {
    start: () => createHash("sha256"),
    step: (hash: unknown, text: unknown) => {
      (hash as Hash).update(text === null || text === undefined ? "" : String(text));
      (hash as Hash).update("\n");
      return hash;
    },
    result: (hash: unknown) => (hash as Hash).digest("hex"),
  },
};

export type Row = Record<string, unknown>;

/** A row's digest (row-specs `writtenDigest`): SHA-256 of its values as JSON, 16 characters of base64url, 96 bits. */
export const digestOfValues = (values: readonly unknown[]): string => sha256(JSON.stringify(values)).slice(0, 16);
// crypto.hash (one call, no Hash object) from Node 20.12; createHash before it
const sha256: (text: string) => string =
  typeof hash === "function" ? (text) => hash("sha256", text, "base64url") : (text) => createHash("sha256").update(text).digest("base64url");

export interface RawDb {
  provider: Provider;
  /** rows of a query; `?` placeholders for SQLite, `$1` for PostgreSQL */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /** insert rows fast (prepared statement on SQLite; COPY FROM STDIN on PostgreSQL, a few rows by one INSERT) */
  insertMany(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void>;
  /**
   * update rows by their key, `columns[0]` (each key once), each row its values in `columns`' order (as insertMany's): a prepared
   * statement on SQLite, one UPDATE … FROM unnest(…) on PostgreSQL (a statement a row was half of an import's time)
   */
  updateMany(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void>;
  /** run `fn` in one transaction: committed if it returns, rolled back if it throws */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** a value for a DateTime column */
  timestamp(d: Date): unknown;
  /** a value for a Boolean column */
  bool(b: boolean): unknown;
  /**
   * `compute()`, or its value from an earlier call with the same key while the data stays as it is (remember.ts:
   * the data's generation, which every write to a table scoring reads changes — on SQLite in the file's header, on
   * PostgreSQL in a settings row; never inside a transaction). The key must name everything the value depends on
   * besides the data (a query's text does). The value is shared by every caller with the key: callers must not change it.
   * `bytes`: about how much memory the value holds (default 1 KiB).
   */
  remember<T>(key: string, compute: () => Promise<T>, bytes?: (value: T) => number): Promise<T>;
  /**
   * `remember` for the rows of one query (`sql`: one statement, no parameters; its text is the key), `shape`d into the
   * value kept (one shape per text). On PostgreSQL the rows come with the data's generation in the same round trip.
   */
  rememberRows<T, V>(sql: string, shape: (rows: T[]) => V, bytes?: (value: V) => number): Promise<V>;
  /**
   * The rows of a long read (a fingerprint's pass over a month), the same as `query` gives, read so that this thread
   * goes on meanwhile: on SQLite by a connection in a thread of its own (outside a transaction; inside one, by this
   * connection, which sees what the transaction wrote); PostgreSQL answers asynchronously anyway.
   */
  readAside<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * How much of a SQLite file a connection reads mapped into memory (PRAGMA mmap_size), not copied page by page into
 * its own cache: a new process's first scoring of a month reads the pages the system already holds instead of filling
 * its cache (measured on a month of 1,000,000 orders, the month's query in a new process: with a 64 MiB cache 700 ms,
 * mapped 500 ms; a query again 417 → 387 ms). Address space only: the system shares the file's pages between
 * connections, and pages beyond this are read as before. Writes go through the file as before.
 */
const MMAP_BYTES = 1024 * 1024 * 1024;

/** Prepared statements a SQLite connection keeps (an import uses a handful, a month's scoring one per query). */
export const STATEMENTS_KEPT = 200;

class SqliteRaw implements RawDb {
  readonly provider = "sqlite" as const;
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    private readonly url: string,
    options: RawOptions,
  ) {
    this.db = new BetterSqlite3(sqlitePath(url), { timeout: 30_000 });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma(`cache_size = -${Math.round((options.cacheMiB ?? 64) * 1024)}`);
    this.db.pragma(`mmap_size = ${options.mapped === false ? 0 : MMAP_BYTES}`);
    // the engine's own value conversions, so SQL and the in-memory pass read attributes alike
    for (const [name, fn] of Object.entries(sqliteFunctions)) this.db.function(name, { deterministic: true }, fn as (...args: unknown[]) => unknown);
    for (const [name, agg] of Object.entries(sqliteAggregates)) this.db.aggregate(name, agg);
    const path = sqlitePath(url);
    // connections to one file share what they compute (not an in-memory database: each connection has its own)
    this.remembered = new Remembered(() => this.generation(), path === ":memory:" || path === "" ? null : resolve(path));
  }

  /** values computed from the data, kept while its generation stays (remember.ts) */
  private readonly remembered: Remembered;

  /** The data's generation (PRAGMA user_version, set anew by every write to a table scoring reads); null in a transaction. */
  private generation(): number | null {
    return this.db.inTransaction ? null : (this.db.pragma("user_version", { simple: true }) as number);
  }

  remember<T>(key: string, compute: () => Promise<T>, bytes?: (value: T) => number): Promise<T> {
    return this.remembered.remember(key, compute, bytes);
  }

  rememberRows<T, V>(sql: string, shape: (rows: T[]) => V, bytes?: (value: V) => number): Promise<V> {
    return this.remember(sql, async () => shape(await this.query<T>(sql)), bytes);
  }

  /** the connection in a thread of its own that long reads go to (opened when first needed) */
  private side: SqliteThreadRaw | null = null;

  readAside<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    // inside a transaction only this connection sees what it wrote; an in-memory database is this connection's alone
    if (this.db.inTransaction || this.db.memory) return this.query<T>(sql, params);
    this.side ??= new SqliteThreadRaw(this.url, { cacheMiB: 16 });
    return this.side.query<T>(sql, params);
  }

  /** Run a write to a table scoring reads, and start a new generation of the data in its transaction (one of its own outside one). */
  private writingData<T>(write: () => T, changed: (result: T) => boolean): T {
    const run = () => {
      const result = write();
      if (changed(result)) this.db.pragma(`user_version = ${newGeneration()}`);
      return result;
    };
    return this.db.inTransaction ? run() : this.db.transaction(run)();
  }

  /**
   * A prepared statement, kept for the next call with the same text. The cache is bounded: measure queries
   * carry their period and units as literals, so a long-running server would otherwise keep one per query ever
   * made. The least recently used goes first.
   */
  private prepare(sql: string): BetterSqlite3.Statement {
    let s = this.statements.get(sql);
    if (s) {
      this.statements.delete(sql);
    } else {
      s = this.db.prepare(sql);
      if (this.statements.size >= STATEMENTS_KEPT) this.statements.delete(this.statements.keys().next().value as string);
    }
    this.statements.set(sql, s);
    return s;
  }

  /** How many prepared statements are kept now (tests). */
  get statementsKept(): number {
    return this.statements.size;
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.prepare(sql).all(...params) as T[];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    const stmt = this.prepare(sql);
    if (!writesData(sql)) return stmt.run(...params).changes;
    return this.writingData(
      () => stmt.run(...params).changes,
      (n) => n > 0,
    );
  }

  async insertMany(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    this.runEach(insertSql(table, columns), table, rows);
  }

  async updateMany(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    if (rows.length > 0) this.runEach(updateByKeySql(table, columns), table, rows.map(keyLast));
  }

  /** One statement run over each row (insertMany's, updateMany's): a write of the data when `table` is one scoring reads. */
  private runEach(sql: string, table: string, rows: readonly unknown[][]): void {
    const stmt = this.prepare(sql);
    // an array binds its values in order (no spread into arguments)
    const run = () => {
      for (const row of rows) stmt.run(row);
    };
    if (DATA_TABLES.has(table)) this.writingData(run, () => rows.length > 0);
    else run();
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = await fn();
      this.db.exec("COMMIT");
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw err;
    }
  }

  timestamp(d: Date): unknown {
    return d.toISOString().replace("Z", "+00:00");
  }

  bool(b: boolean): unknown {
    return b ? 1 : 0;
  }

  async close(): Promise<void> {
    this.remembered.close();
    await this.side?.close();
    this.db.close();
  }
}

class PostgresRaw implements RawDb {
  readonly provider = "postgres" as const;
  /** connections for queries made at the same time (a reader thread scores several periods at once) */
  private readonly pool: pg.Pool;
  /** the connection of the transaction the current async call runs in, if any */
  private readonly inTransaction = new AsyncLocalStorage<pg.PoolClient>();
  /** transactions (by their connection) that wrote a table scoring reads: they set a new generation as they commit */
  private readonly wroteData = new WeakSet<pg.PoolClient>();
  /** values computed from the data, kept while its generation stays (remember.ts) */
  private readonly remembered: Remembered;
  /** the generation this connection last read (null before the first): what values offered by others are checked against */
  private lastGeneration: number | null = null;
  /**
   * Reads of the generation as they were sent, and the last one taken as the latest: a read answered after one sent
   * later (a slow first read of a month, on another of the pool's connections) may be of a generation before it, and
   * taken as the latest it would set the values of the newer one aside (nothing stale, but computed again)
   */
  private generationReadsSent = 0;
  private latestGenerationRead = 0;

  constructor(url: string, session?: string) {
    // connections to one database share what they compute (keyed by its address without the password)
    const shared = new URL(url);
    shared.password = "";
    this.remembered = new Remembered(() => this.lastGeneration, `postgres:${shared}`);
    this.pool = new (postgresDriver().pg.Pool)({
      connectionString: url,
      max: 4,
      ...(session === undefined ? {} : { application_name: session, idleTimeoutMillis: 0 }),
    });
    this.pool.on("connect", (client) => {
      // numeric and bigint columns come back as numbers (counts and sums are far below 2^53)
      client.setTypeParser(20, (v: string) => Number(v));
      client.setTypeParser(1700, (v: string) => Number(v));
      // a DateTime column (timestamp without time zone) holds the time in UTC, as Prisma writes and reads it: read so
      // here too, not as the server process's local time (pgTime)
      client.setTypeParser(1114, utcTimestamp);
    });
    // an idle connection that fails (the server restarted) is replaced by the pool; it must not end the process
    this.pool.on("error", connectionFailed);
  }

  /** The transaction's connection inside `transaction`, else any free one. */
  private get runner(): pg.Pool | pg.PoolClient {
    return this.inTransaction.getStore() ?? this.pool;
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.runner.query(sql, pgParams(params))).rows as T[];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    const values = pgParams(params);
    if (!writesData(sql)) return (await this.runner.query(sql, values)).rowCount ?? 0;
    return this.writingData(
      async (client) => (await client.query(sql, values)).rowCount ?? 0,
      (n) => n > 0,
    );
  }

  /** A write to a table scoring reads: in the current transaction, which then sets a new generation; else in one of its own. */
  private writingData<T>(write: (client: pg.PoolClient) => Promise<T>, changed: (result: T) => boolean): Promise<T> {
    const client = this.inTransaction.getStore();
    if (!client) return this.transaction(() => this.writingData(write, changed));
    return write(client).then((result) => {
      if (changed(result)) this.wroteData.add(client);
      return result;
    });
  }

  /**
   * The data's generation now (remember.ts): the settings row, 0 while no write set one; null (nothing remembered)
   * in a database whose migrations have not made the settings table yet.
   */
  private async generation(): Promise<number | null> {
    const sent = ++this.generationReadsSent;
    let rows: { value: string }[];
    try {
      rows = (await this.pool.query(`SELECT "value" FROM "settings" WHERE "key" = $1`, [DATA_GENERATION])).rows;
    } catch (err) {
      if ((err as { code?: string }).code === UNDEFINED_TABLE) return null;
      throw err;
    }
    const generation = rows[0] ? Number(rows[0].value) : 0;
    this.generationRead(sent, generation);
    return generation;
  }

  /** A read of the generation answered: the latest one, unless one sent after it was answered already. */
  private generationRead(sent: number, generation: number): boolean {
    if (sent < this.latestGenerationRead) return false;
    this.latestGenerationRead = sent;
    this.lastGeneration = generation;
    return true;
  }

  private readonly columnTypes = new Map<string, Map<string, string>>();

  /** Column types of a table, for casting unnest() arrays. */
  private async typesOf(table: string): Promise<Map<string, string>> {
    let types = this.columnTypes.get(table);
    if (!types) {
      const rows = await this.query<{ column_name: string; udt_name: string }>(
        "SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
        [table],
      );
      types = new Map(rows.map((r) => [r.column_name, r.udt_name]));
      this.columnTypes.set(table, types);
    }
    return types;
  }

  /**
   * Many rows by COPY … FROM STDIN (text format): the server parses and stores them as they stream in, with no
   * statement per row or per chunk. A few rows (an audit line, a fact) by one INSERT … SELECT FROM unnest(…).
   */
  async insertMany(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    if (rows.length === 0) return;
    const insert = () => (rows.length >= COPY_FROM_ROWS ? this.copyFrom(table, columns, rows) : this.insertUnnest(table, columns, rows));
    if (!DATA_TABLES.has(table)) return insert();
    return this.writingData(insert, () => true);
  }

  private async copyFrom(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    const sql = `COPY ${ident(table)} (${columns.map(ident).join(", ")}) FROM STDIN`;
    const runner = this.inTransaction.getStore();
    if (runner) return copyIn(runner, sql, rows);
    const { client, done } = await this.checkout();
    try {
      await copyIn(client, sql, rows);
    } finally {
      done();
    }
  }

  /**
   * A connection of the pool for a while (a transaction, a COPY), with an ear for its failing meanwhile: the server
   * ending it between two statements (a restart, pg_terminate_backend) is an `error` event on the connection, which
   * the pool hears only while the connection is idle — unheard, it ended the writer thread. Its next statement fails,
   * as its caller's error; `done` gives it back, or drops it when it failed.
   */
  private async checkout(): Promise<{ client: pg.PoolClient; done: (broken?: boolean) => void }> {
    const client = await this.pool.connect();
    let failed: Error | undefined;
    const onError = (err: Error) => {
      failed = err;
      connectionFailed(err);
    };
    client.on("error", onError);
    return {
      client,
      done: (broken = false) => {
        client.removeListener("error", onError);
        client.release(failed ?? (broken ? new Error("the connection could not roll back") : undefined));
      },
    };
  }

  /** One INSERT … SELECT FROM unnest(…) per chunk: one array parameter a column, far from the parameter limit. */
  private async insertUnnest(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    await this.unnested(
      table,
      columns,
      rows,
      (from, value) => `INSERT INTO ${ident(table)} (${columns.map(ident).join(", ")}) SELECT ${columns.map((_, i) => value(i)).join(", ")} FROM ${from}`,
    );
  }

  async updateMany(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    if (rows.length === 0) return;
    const update = () =>
      this.unnested(
        table,
        columns,
        rows,
        (from, value) =>
          `UPDATE ${ident(table)} SET ${columns
            .slice(1)
            .map((c, j) => `${ident(c)} = ${value(j + 1)}`)
            .join(", ")} FROM ${from} WHERE ${ident(table)}.${ident(columns[0] as string)} = u.c0`,
      );
    if (!DATA_TABLES.has(table)) return update();
    return this.writingData(update, () => true);
  }

  /**
   * A statement reading `rows` as `unnest()` of one array per column, each cast to its column's type — `from`, aliased
   * u(c0, c1, …), and `value(i)`, column i as its type (jsonb goes through text: node-postgres would send a JS array of
   * strings as a json array) — run for each 10,000 rows.
   */
  private async unnested(
    table: string,
    columns: readonly string[],
    rows: readonly unknown[][],
    statement: (from: string, value: (i: number) => string) => string,
  ): Promise<void> {
    const types = await this.typesOf(table);
    const jsonb = columns.map((c) => types.get(c) === "jsonb");
    const casts = columns.map((c, i) => `$${i + 1}::${jsonb[i] ? "text" : (types.get(c) ?? "text")}[]`);
    const sql = statement(`unnest(${casts.join(", ")}) AS u(${columns.map((_, i) => `c${i}`).join(", ")})`, (i) => (jsonb[i] ? `u.c${i}::jsonb` : `u.c${i}`));
    const per = 10_000;
    for (let start = 0; start < rows.length; start += per) {
      const chunk = rows.slice(start, start + per);
      await this.runner.query(
        sql,
        columns.map((_, i) => chunk.map((r) => pgTime(r[i] ?? null))),
      );
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const { client, done } = await this.checkout();
    let broken = false;
    try {
      await client.query("BEGIN");
      try {
        const result = await this.inTransaction.run(client, fn);
        // a new generation of the data, committed with it (remember.ts)
        if (this.wroteData.has(client)) await client.query(newGenerationSql());
        await client.query("COMMIT");
        return result;
      } catch (err) {
        // (a connection the server ended has nothing to roll back: the error is the one that ended the work; one
        // that could not roll back is not given back to the pool, where it might still be inside the transaction)
        broken = await client.query("ROLLBACK").then(
          () => false,
          () => true,
        );
        throw err;
      }
    } finally {
      this.wroteData.delete(client);
      done(broken);
    }
  }

  timestamp(d: Date): unknown {
    return d;
  }

  bool(b: boolean): unknown {
    return b;
  }

  async remember<T>(key: string, compute: () => Promise<T>, bytes?: (value: T) => number): Promise<T> {
    // inside a transaction nothing is remembered: what it reads may be rolled back
    if (this.inTransaction.getStore()) return compute();
    const generation = await this.generation();
    if (generation === null) return compute();
    return this.remembered.rememberAt(
      generation,
      key,
      async () => {
        const value = await compute();
        // kept only when no write committed while it was computed (then it may mix two generations' data)
        if ((await this.generation()) !== generation) this.remembered.drop(generation, key);
        return value;
      },
      bytes,
    );
  }

  /**
   * `remember` for one query, without remember's two reads of the generation around it: the rows and the generation
   * are read in one round trip and one snapshot (`readAtGeneration`), so the rows are the data of that generation
   * exactly and are kept under it. (A month's scoring is a query a record kind, and one or two a unit for the records
   * behind its points: the push-down property test read the generation 7,886 times for 3,890 queries, a round trip each.)
   *
   * Why no stale value is answered, with other processes writing (a write commits its data and its new generation
   * together, remember.ts; a generation is random, never the one before):
   * - a key not known at the generation last read (neither remembered nor being computed, here or announced by another
   *   connection) has nothing remembered that could answer it, whatever the generation is now: it is read at once. The
   *   round trip starts after the call, so the rows are at least as new as the data the call began with; a write
   *   committed while they are read is either in the snapshot (and its generation with it) or not (and the rows are
   *   kept under the generation before it, which no later lookup finds current);
   * - a known key is looked up as remember looks it up, at the generation read first (a round trip begun after the
   *   call); computed again, it is kept only when the snapshot's generation is that one (no write committed between).
   * Inside a transaction, and before a generation was ever read (the settings table may not exist yet), as remember.
   *
   * The price: a key read at once is not announced as being computed (that needs the generation first, the round trip
   * saved), so two callers asking for the same new key at the same moment (two threads scoring one month) each read
   * it. A month asked for twice at once still waits for the first (its whole result is remembered a level up).
   */
  async rememberRows<T, V>(sql: string, shape: (rows: T[]) => V, bytes?: (value: V) => number): Promise<V> {
    if (this.inTransaction.getStore()) return shape(await this.query<T>(sql));
    if (this.lastGeneration !== null && !this.remembered.knows(sql)) {
      const read = await this.readAtGeneration<T>(sql);
      const value = shape(read.rows);
      // (of a generation a later read has passed already: given, not kept)
      if (read.latest) this.remembered.keep(read.generation, sql, value, bytes);
      return value;
    }
    const generation = await this.generation();
    if (generation === null) return shape(await this.query<T>(sql));
    return this.remembered.rememberAt(
      generation,
      sql,
      async () => {
        const read = await this.readAtGeneration<T>(sql);
        if (read.generation !== generation) this.remembered.drop(generation, sql);
        return shape(read.rows);
      },
      bytes,
    );
  }

  /**
   * The rows of `sql` and the data's generation, in one round trip and one snapshot: one simple-protocol query of three
   * statements, which the server runs as one transaction, REPEATABLE READ so that the query reads the snapshot the
   * generation was read in (a server that ignored the SET would read the query in a snapshot of its own, taken after
   * the generation's: rows newer than their generation are kept under one that is never current again, no stale
   * value). Read only after a generation was read: the settings table exists (it is never dropped).
   */
  private async readAtGeneration<T>(sql: string): Promise<{ rows: T[]; generation: number; latest: boolean }> {
    const sent = ++this.generationReadsSent;
    const results = (await this.pool.query(
      `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT "value" FROM "settings" WHERE "key" = '${DATA_GENERATION}'; ${sql}`,
    )) as unknown as pg.QueryResult[];
    // one statement's rows, no more (its text a single statement: another's rows taken for its own would be kept)
    if (!Array.isArray(results) || results.length !== 3)
      throw new Error(`rememberRows: one statement expected, the text gave ${Array.isArray(results) ? results.length - 2 : 0}`);
    const found = results[1]?.rows[0] as { value: string } | undefined;
    const generation = found ? Number(found.value) : 0;
    return { rows: (results[2]?.rows ?? []) as T[], generation, latest: this.generationRead(sent, generation) };
  }

  readAside<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.query<T>(sql, params);
  }

  async close(): Promise<void> {
    this.remembered.close();
    await this.pool.end();
  }
}

/** A connection the server ended (a restart, pg_terminate_backend): said in the log; the pool makes another. */
const connectionFailed = (err: Error) => console.error("[kaohe] PostgreSQL 连接出错 / a PostgreSQL connection failed:", err.message);

/** PostgreSQL's error code for a table that does not exist. */
const UNDEFINED_TABLE = "42P01";

/**
 * A statement setting a new generation of the data (remember.ts `DATA_GENERATION`, `newGeneration`); in a database
 * whose migrations have not made the settings table yet, none (a DO block: it takes no parameters).
 */
const newGenerationSql = () => `DO $$ BEGIN IF to_regclass('"settings"') IS NOT NULL THEN
  INSERT INTO "settings" ("key", "value", "updatedAt", "updatedBy") VALUES ('${DATA_GENERATION}', '${newGeneration()}', now(), 'kaohe')
  ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = EXCLUDED."updatedAt";
END IF; END $$`;

/** SQLite's INSERT of a row. */
const insertSql = (table: string, columns: readonly string[]) =>
  `INSERT INTO ${ident(table)} (${columns.map(ident).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;

/** SQLite's UPDATE of a row by its key, `columns[0]`: the other columns' values, then the key (`keyLast`). */
const updateByKeySql = (table: string, columns: readonly string[]) =>
  `UPDATE ${ident(table)} SET ${columns
    .slice(1)
    .map((c) => `${ident(c)} = ?`)
    .join(", ")} WHERE ${ident(columns[0] as string)} = ?`;
const keyLast = (row: readonly unknown[]) => [...row.slice(1), row[0]];

/**
 * A time as sent to PostgreSQL: in UTC (ISO 8601 with Z). node-postgres sends a Date in the process's local time with
 * its offset, which a `timestamp without time zone` column (every DateTime column: Prisma's) takes without the offset:
 * on a server in Beijing time an audit line an import wrote through here was read by Prisma 8 hours late. A
 * `timestamptz` column reads the Z as the instant it is.
 */
const pgTime = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);
const pgParams = (params: readonly unknown[]): unknown[] => (params.some((v) => v instanceof Date) ? params.map(pgTime) : (params as unknown[]));
/** A `timestamp without time zone` as read: the UTC time it holds ("2026-12-08 01:13:17.426"), or what the driver makes of another (infinity). */
const utcTimestamp = (v: string): Date | string => {
  const d = new Date(`${v.replace(" ", "T")}Z`);
  return Number.isNaN(d.getTime()) ? v : d;
};

/** From this many rows insertMany copies them (below, the COPY's extra messages cost more than they save). */
const COPY_FROM_ROWS = 64;

/**
 * COPY text format: a value as node-postgres would send it as a parameter (its own prepareValue: Dates as it sends
 * them, arrays, JSON), with \, tab, line feed and carriage return escaped; \N for null.
 */
function copyText(v: unknown, prepareValue: (v: unknown) => unknown): string {
  if (v === null || v === undefined) return "\\N";
  // an import's values are text, numbers and booleans: written here, not through the driver's general conversion
  // (its checks for dates, buffers and arrays were 0.7 s of a COPY of 1,000,000 orders)
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : String(prepareValue(v));
  if (typeof v === "boolean") return v ? "t" : "f";
  const text = typeof v === "string" ? v : String(prepareValue(pgTime(v)));
  return COPY_SPECIAL.test(text) ? text.replace(COPY_ESCAPES, (c) => COPY_ESCAPED[c] as string) : text;
}
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES = /[\\\t\n\r]/g;
const COPY_ESCAPED: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** Rows per CopyData message (about 1–2 MB of text). */
const COPY_CHUNK_ROWS = 4096;

/**
 * `COPY … FROM STDIN` on one connection, through node-postgres' own protocol (a submittable query, as
 * pg-copy-streams does it): the rows go as CopyData messages, then CopyDone; the server's answer settles it.
 */
function copyIn(client: pg.ClientBase, sql: string, rows: readonly unknown[][]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failed: unknown = null;
    const submittable = {
      submit(connection: CopyConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyConnection) {
        const { prepareValue } = postgresDriver();
        for (let start = 0; start < rows.length; start += COPY_CHUNK_ROWS) {
          let text = "";
          const end = Math.min(rows.length, start + COPY_CHUNK_ROWS);
          for (let i = start; i < end; i++) {
            const row = rows[i] as unknown[];
            let line = "";
            for (let c = 0; c < row.length; c++) line += (c === 0 ? "" : "\t") + copyText(row[c], prepareValue);
            text += `${line}\n`;
          }
          connection.sendCopyFromChunk(Buffer.from(text, "utf8"));
        }
        connection.endCopyFrom();
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve();
      },
      handleError(err: unknown) {
        // the server's error ends the query (no ReadyForQuery reaches it after one)
        failed = err;
        reject(err);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handleCopyData() {},
      handlePortalSuspended() {},
    };
    (client as unknown as { query(s: unknown): void }).query(submittable);
  });
}

/** The part of node-postgres' connection a COPY uses. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

export interface RawOptions {
  /** SQLite page cache of this connection (default 64 MiB) */
  cacheMiB?: number;
  /**
   * SQLite: whether the connection reads its file mapped (PRAGMA mmap_size, MMAP_BYTES; default true). An import's
   * does not: it reads what it writes back through its page cache, and mapped pages of a growing file counted in its
   * RSS (2,000,000 orders: 1,061 MiB with 429 of them the file mapped, 731 without; the same rows/s either way)
   */
  mapped?: boolean;
  /**
   * SQLite: the connection lives in a thread of its own, so that its statements run while this thread goes on
   * (an import reads and checks the next rows while the last are written). Without the engine's SQL functions
   * (kh_num …): for imports, not for the measure push-down.
   */
  thread?: boolean;
  /**
   * PostgreSQL: the name its connections give the server (application_name, which any session may read in
   * pg_stat_activity), kept open until it is closed (an idle one is not ended after ten seconds): an import's, by
   * which a server starting meanwhile knows it runs (import-runner.ts)
   */
  session?: string;
}

export function openRaw(url: string, options: RawOptions = {}): RawDb {
  if (providerOf(url) !== "sqlite") return new PostgresRaw(url, options.session);
  return options.thread ? new SqliteThreadRaw(url, options) : new SqliteRaw(url, options);
}

/**
 * The SQLite connection's thread (CommonJS source, started with eval so that it needs no file of its own beside a
 * bundle): opened as SqliteRaw opens its connection, it runs each message's statement in order and answers it.
 */
const SQLITE_THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 30000 });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("cache_size = -" + workerData.cacheKiB);
db.pragma("mmap_size = " + workerData.mmapBytes);
// sqliteAggregates' kh_fingerprint, written again here (this code runs from a string): the same SHA-256 of the texts, each followed by a newline
const { createHash } = require("node:crypto");
db.aggregate("kh_fingerprint", {
  start: () => createHash("sha256"),
  step: (hash, text) => {
    hash.update(text === null || text === undefined ? "" : String(text));
    hash.update("\\n");
    return hash;
  },
  result: (hash) => hash.digest("hex"),
});
const statements = new Map();
function prepare(sql) {
  let s = statements.get(sql);
  if (s) statements.delete(sql);
  else {
    s = db.prepare(sql);
    if (statements.size >= workerData.kept) statements.delete(statements.keys().next().value);
  }
  statements.set(sql, s);
  return s;
}
// a write to a table scoring reads starts a new generation of the data, in its own transaction (remember.ts)
const writing = (write, changed) => {
  const run = () => {
    const result = write();
    if (changed(result)) db.pragma("user_version = " + (1 + Math.floor(Math.random() * 0x7ffffffe)));
    return result;
  };
  return db.inTransaction ? run() : db.transaction(run)();
};
parentPort.on("message", (m) => {
  let value = null;
  try {
    if (m.op === "query") value = prepare(m.sql).all(...m.params);
    else if (m.op === "execute") {
      const statement = prepare(m.sql);
      value = m.data ? writing(() => statement.run(...m.params).changes, (n) => n > 0) : statement.run(...m.params).changes;
    } else if (m.op === "runEach") {
      const statement = prepare(m.sql);
      const run = () => {
        for (const row of m.rows) statement.run(row);
      };
      if (m.data) writing(run, () => m.rows.length > 0);
      else run();
    } else if (m.op === "exec") db.exec(m.sql);
    else if (m.op === "rollback") {
      if (db.inTransaction) db.exec("ROLLBACK");
    } else if (m.op === "close") db.close();
    parentPort.postMessage({ id: m.id, ok: true, value });
  } catch (err) {
    parentPort.postMessage({ id: m.id, ok: false, error: { name: err && err.name, message: String(err && err.message), code: err && err.code } });
  }
});
`;

type ThreadOp =
  | { op: "query" | "execute"; sql: string; params: readonly unknown[]; data?: boolean }
  | { op: "runEach"; sql: string; rows: readonly unknown[][]; data: boolean }
  | { op: "exec"; sql: string }
  | { op: "rollback" }
  | { op: "close" };

/** A SQLite connection in a thread of its own (`RawOptions.thread`): the same statements and transactions as SqliteRaw, answered by messages. */
class SqliteThreadRaw implements RawDb {
  readonly provider = "sqlite" as const;
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private failed: unknown = null;

  constructor(url: string, options: RawOptions) {
    // the driver as this module finds it (from the sources, or from beside a bundle that keeps it external)
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(SQLITE_THREAD, {
      eval: true,
      workerData: {
        driver,
        path: sqlitePath(url),
        cacheKiB: Math.round((options.cacheMiB ?? 64) * 1024),
        mmapBytes: options.mapped === false ? 0 : MMAP_BYTES,
        kept: STATEMENTS_KEPT,
      },
    });
    this.worker.on("message", (m: { id: number; ok: boolean; value: unknown; error?: { name?: string; message: string; code?: string } }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      // an idle thread does not keep the process alive (one waited on does)
      if (this.waiting.size === 0) this.worker.unref();
      if (m.ok) w.resolve(m.value);
      else w.reject(Object.assign(new Error(m.error?.message), { name: m.error?.name ?? "SqliteError", code: m.error?.code }));
    });
    const fail = (err: unknown) => {
      this.failed = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => {
      if (this.waiting.size > 0) fail(new Error(`SQLite 线程意外退出 / the SQLite thread exited (${code})`));
    });
    // idle until asked (call refs it while an answer is awaited)
    this.worker.unref();
  }

  private call(message: ThreadOp): Promise<unknown> {
    if (this.failed) return Promise.reject(this.failed);
    const id = ++this.next;
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.call({ op: "query", sql, params })) as T[];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.call({ op: "execute", sql, params, data: writesData(sql) })) as number;
  }

  async insertMany(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    if (rows.length === 0) return;
    await this.call({ op: "runEach", sql: insertSql(table, columns), rows, data: DATA_TABLES.has(table) });
  }

  async updateMany(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    if (rows.length === 0) return;
    await this.call({ op: "runEach", sql: updateByKeySql(table, columns), rows: rows.map(keyLast), data: DATA_TABLES.has(table) });
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.call({ op: "exec", sql: "BEGIN IMMEDIATE" });
    try {
      const result = await fn();
      await this.call({ op: "exec", sql: "COMMIT" });
      return result;
    } catch (err) {
      await this.call({ op: "rollback" }).catch(() => {});
      throw err;
    }
  }

  timestamp(d: Date): unknown {
    return d.toISOString().replace("Z", "+00:00");
  }

  bool(b: boolean): unknown {
    return b ? 1 : 0;
  }

  remember<T>(_key: string, compute: () => Promise<T>, _bytes?: (value: T) => number): Promise<T> {
    return compute();
  }

  async rememberRows<T, V>(sql: string, shape: (rows: T[]) => V, _bytes?: (value: V) => number): Promise<V> {
    return shape(await this.query<T>(sql));
  }

  readAside<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.query<T>(sql, params);
  }

  async close(): Promise<void> {
    try {
      if (!this.failed) await this.call({ op: "close" });
    } finally {
      await this.worker.terminate();
    }
  }
}

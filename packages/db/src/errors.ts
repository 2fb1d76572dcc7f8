/**
 * The one error type domain services throw. Each has a code (the API maps it
 * to a status) and a message in Chinese that says what to do, with English
 * alongside. Domain code never throws strings.
 */
export const ErrorCodes = {
  /** the thing asked for does not exist */
  NotFound: "NOT_FOUND",
  /** the request contradicts the current state (e.g. a month already published) */
  Conflict: "CONFLICT",
  /** not allowed in this state (e.g. editing a published rubric) */
  Forbidden: "FORBIDDEN",
  /** the input is malformed */
  BadInput: "BAD_INPUT",
  /** a rubric text has errors */
  RubricInvalid: "RUBRIC_INVALID",
  /** an import file has bad rows; nothing was stored */
  ImportInvalid: "IMPORT_INVALID",
  /** no published rubric version is in force for the period */
  NotInForce: "NOT_IN_FORCE",
  /** not signed in, or the sign-in failed */
  Unauthorized: "UNAUTHORIZED",
  /** too many wrong passwords: the account is locked for a while */
  Locked: "LOCKED",
  /** one user has too much work waiting already: asked again once it is done */
  Busy: "BUSY",
  /** the database cannot be reached just now (stopped, restarting, renamed away, the network): try again later */
  Unavailable: "UNAVAILABLE",
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Chinese, for the user: what happened and what to do */
    readonly zh: string,
    readonly en: string,
    /** structured detail for the client (e.g. import problems, diagnostics) */
    readonly detail?: unknown,
  ) {
    super(`${zh} / ${en}`);
    this.name = "AppError";
  }
}

/** What went wrong reaching a database, as its driver says it: a PostgreSQL error kind, an error code (null: not said). */
export function databaseProblemKind(err: unknown): string | null {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; cause?: { kind?: unknown } } | null;
  const kind = e?.meta?.driverAdapterError?.cause?.kind ?? e?.cause?.kind;
  if (typeof kind === "string") return kind;
  const code = typeof e?.code === "string" ? e.code : null;
  if (code === null) return null;
  const byCode: Record<string, string> = {
    P1000: "AuthenticationFailed",
    P1001: "DatabaseNotReachable",
    P1002: "DatabaseNotReachable",
    P1003: "DatabaseDoesNotExist",
    P1008: "SocketTimeout",
    P1010: "DatabaseAccessDenied",
    P1017: "ConnectionClosed",
    P2037: "TooManyConnections",
    ECONNREFUSED: "DatabaseNotReachable",
    ENOTFOUND: "DatabaseNotReachable",
    EAI_AGAIN: "DatabaseNotReachable",
    EHOSTUNREACH: "DatabaseNotReachable",
    ETIMEDOUT: "DatabaseNotReachable",
    ECONNRESET: "ConnectionClosed",
    EPIPE: "ConnectionClosed",
    "28P01": "AuthenticationFailed",
    "28000": "AuthenticationFailed",
    "3D000": "DatabaseDoesNotExist",
    "42501": "DatabaseAccessDenied",
    // the server shutting down or terminating the connection (pg_terminate_backend), or not accepting any
    "57P01": "ConnectionClosed",
    "57P02": "ConnectionClosed",
    "57P03": "DatabaseNotReachable",
    "08000": "ConnectionClosed",
    "08003": "ConnectionClosed",
    "08006": "ConnectionClosed",
    "08001": "DatabaseNotReachable",
    "53300": "TooManyConnections",
    SQLITE_CANTOPEN: "SqliteCannotOpen",
    SQLITE_NOTADB: "SqliteNotADatabase",
    SQLITE_READONLY: "SqliteReadOnly",
  };
  return byCode[code] ?? null;
}

/** The kinds of a database out of reach for now (not one that refuses: a wrong password, a missing table). */
const OUT_OF_REACH = new Set(["DatabaseNotReachable", "DatabaseDoesNotExist", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** node-postgres' own words for a connection lost, which carry no code */
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/** What a person is told while the database cannot be reached. */
export const DATABASE_UNAVAILABLE_ZH = "数据库暂时无法连接，请稍后重试；如持续出现，请联系系统管理员";

/**
 * A database that could be reached and now cannot (PostgreSQL stopped, restarting, renamed away, its connections
 * terminated, the network): the operation did not happen, and is worth trying again later — said as such (503), not as
 * an error of ours (the console showed tRPC's English "Unable to transform response from server", the API a generic
 * 内部错误: an operator's walk). Looked for along the error's causes; null: another error.
 */
export function databaseUnavailable(err: unknown): AppError | null {
  // a socket's own code (ECONNRESET, ETIMEDOUT …) is the database's only under an error of its driver: a client that
  // dropped its upload half-way is not a database gone (a review)
  const chain: object[] = [];
  for (let e: unknown = err; chain.length < 6 && e && typeof e === "object"; e = (e as { cause?: unknown }).cause) chain.push(e);
  const fromDriver = chain.some(
    (e) => DRIVER_ERROR.test((e as { name?: unknown }).name as string) || "driverAdapterError" in ((e as { meta?: object }).meta ?? {}),
  );
  for (const e of chain) {
    if (e instanceof AppError) return e.code === ErrorCodes.Unavailable ? e : null;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && SOCKET_CODE.test(code) && !fromDriver) continue;
    const kind = databaseProblemKind(e);
    const message = (e as { message?: unknown }).message;
    if ((kind && OUT_OF_REACH.has(kind)) || (typeof message === "string" && LOST_CONNECTION.test(message)))
      return new AppError(ErrorCodes.Unavailable, DATABASE_UNAVAILABLE_ZH, "the database cannot be reached just now");
  }
  return null;
}

/** A socket's error code, which any connection may give (not only the database's) */
const SOCKET_CODE = /^E[A-Z_]+$/;
/** The database drivers' errors: Prisma's, its driver adapter's, node-postgres' (DatabaseError) */
const DRIVER_ERROR = /^(Prisma\w*Error|DriverAdapterError|DatabaseError)$/;

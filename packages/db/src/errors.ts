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

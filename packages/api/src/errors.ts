/**
 * How domain errors reach a client. The domain throws `AppError` (and the
 * engine its `ScoringError` and `RubricError`); here each becomes a tRPC error
 * with the matching status, and every error carries the same `data`: the
 * domain code, a Chinese message that says what to do, English alongside and
 * structured detail (import problems, rubric diagnostics, zod issues).
 */
import { AppError, type ErrorCode, ErrorCodes } from "@kaohe/db/errors";
import { RubricError, ScoringError } from "@kaohe/rules-engine";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { RemoteError } from "./placement.ts";

type TRPCCode = TRPCError["code"];

/**
 * The code a client matches on: the domain's `ErrorCode`, or one of
 * `SCORING_FAILED` (the engine could not score, e.g. the rubric is not in
 * force for the month), `BAD_REQUEST` (input failed validation) and the
 * catch-all `INTERNAL` (a bug of ours).
 */
export type AppCode = ErrorCode | "SCORING_FAILED" | "BAD_REQUEST" | "INTERNAL" | "UNAUTHORIZED";

export const statusOfAppCode: Record<ErrorCode, TRPCCode> = {
  [ErrorCodes.NotFound]: "NOT_FOUND",
  [ErrorCodes.Conflict]: "CONFLICT",
  [ErrorCodes.Forbidden]: "FORBIDDEN",
  [ErrorCodes.BadInput]: "BAD_REQUEST",
  [ErrorCodes.RubricInvalid]: "UNPROCESSABLE_CONTENT",
  [ErrorCodes.ImportInvalid]: "UNPROCESSABLE_CONTENT",
  // the request is well-formed but the state does not allow it yet: publish a version first
  [ErrorCodes.NotInForce]: "PRECONDITION_FAILED",
  [ErrorCodes.Unauthorized]: "UNAUTHORIZED",
  [ErrorCodes.Locked]: "TOO_MANY_REQUESTS",
};

/** What every error carries in `error.data`, besides tRPC's own fields. */
export interface ErrorInfo {
  appCode: AppCode;
  /** Chinese, for the user: what happened and what to do */
  zh: string;
  en: string;
  /** import problems, rubric diagnostics … */
  detail: unknown;
}

/** A zod error flattened (`z.flattenError`): messages for the whole input and per top-level field. */
export type ZodErrorData = { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> };

const pathOf = (path: readonly PropertyKey[]) =>
  path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), "");

/** One Chinese sentence for a failed validation, naming each field that is wrong. */
function zodSummary(err: z.ZodError): string {
  const parts = err.issues.slice(0, 5).map((i) => (i.path.length > 0 ? `${pathOf(i.path)}：${i.message}` : i.message));
  const more = err.issues.length > 5 ? `（另有 ${err.issues.length - 5} 处）` : "";
  return `输入有误：${parts.join("；")}${more}`;
}

/** What a person is told when the request itself is wrong (the console never sends these; a hand-made request may). */
const TRPC_REFUSALS: Partial<Record<TRPCCode, string>> = {
  PARSE_ERROR: "请求内容不是有效的 JSON：请检查请求",
  BAD_REQUEST: "请求格式有误：请检查请求",
  NOT_FOUND: "没有这个接口：请检查请求地址",
  METHOD_NOT_SUPPORTED: "请求方法不对：查询用 GET，修改用 POST",
  PAYLOAD_TOO_LARGE: "请求内容过大（最多 4 MB）：上传文件请用导入功能",
  UNSUPPORTED_MEDIA_TYPE: "请求内容类型不受支持：请用 application/json",
  TOO_MANY_REQUESTS: "请求过于频繁：请稍后再试",
};

/** The structured description of any error a procedure may raise. */
export function describeError(err: unknown): ErrorInfo {
  const cause = err instanceof TRPCError && err.cause ? err.cause : err;
  if (cause instanceof RemoteError) return cause.info;
  if (cause instanceof AppError) return { appCode: cause.code, zh: cause.zh, en: cause.en, detail: cause.detail ?? null };
  if (cause instanceof RubricError) {
    const first = cause.diagnostics[0];
    return {
      appCode: ErrorCodes.RubricInvalid,
      zh: `规则有 ${cause.diagnostics.length} 处错误，改正后才能计分${first ? `（第 ${first.range.start.line} 行：${first.message}）` : ""}`,
      en: "the rubric has errors",
      detail: cause.diagnostics,
    };
  }
  if (cause instanceof ScoringError) return { appCode: "SCORING_FAILED", zh: cause.zh, en: cause.messageEn, detail: null };
  if (cause instanceof z.ZodError) return { appCode: "BAD_REQUEST", zh: zodSummary(cause), en: "the input is invalid", detail: null };
  if (err instanceof TRPCError && err.code === "UNAUTHORIZED") return { appCode: "UNAUTHORIZED", zh: err.message, en: "sign in first", detail: null };
  if (err instanceof TRPCError && err.code !== "INTERNAL_SERVER_ERROR") {
    // tRPC's own refusals: no such procedure, wrong method, a body that is not JSON or too large …
    const zh = TRPC_REFUSALS[err.code] ?? `请求无法处理（${err.code}）`;
    return { appCode: err.code === "NOT_FOUND" ? "NOT_FOUND" : "BAD_REQUEST", zh, en: err.message, detail: null };
  }
  return {
    appCode: "INTERNAL",
    zh: "服务器内部错误，操作未完成：请稍后重试；如仍出错，请把出错时间告诉系统管理员",
    // what went wrong stays in the server's log: a client is not told about our internals
    en: "internal error",
    detail: null,
  };
}

/**
 * The tRPC error to raise for an error: domain and engine errors get their
 * status and the Chinese message, a failed validation a Chinese summary; the
 * original stays the `cause`, which the error formatter reads.
 */
export function toTRPCError(err: unknown): TRPCError {
  const cause = err instanceof TRPCError && err.cause ? err.cause : err;
  if (cause instanceof RemoteError) return new TRPCError({ code: cause.trpcCode as TRPCCode, message: cause.message, cause });
  if (cause instanceof AppError) return new TRPCError({ code: statusOfAppCode[cause.code], message: cause.zh, cause });
  if (cause instanceof RubricError) return new TRPCError({ code: "UNPROCESSABLE_CONTENT", message: describeError(cause).zh, cause });
  if (cause instanceof ScoringError) return new TRPCError({ code: "PRECONDITION_FAILED", message: cause.zh, cause });
  if (cause instanceof z.ZodError) return new TRPCError({ code: "BAD_REQUEST", message: zodSummary(cause), cause });
  if (err instanceof TRPCError) return err;
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: describeError(cause).zh, cause: cause instanceof Error ? cause : undefined });
}

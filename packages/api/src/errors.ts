/**
 * How domain errors reach a client. The domain throws `AppError` (and the
 * engine its `ScoringError` and `RubricError`); here each becomes a tRPC error
 * with the matching status, and every error carries the same `data`: the
 * domain code, a Chinese message that says what to do, English alongside and
 * structured detail (import problems, rubric diagnostics, zod issues).
 */
import { AppError, databaseUnavailable, type ErrorCode, ErrorCodes } from "@kaohe/db/errors";
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
  [ErrorCodes.Busy]: "TOO_MANY_REQUESTS",
  // the database out of reach for now (503): the console says so, and tries again quietly
  [ErrorCodes.Unavailable]: "SERVICE_UNAVAILABLE",
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

/**
 * The Chinese name of each input field the routers take, as a person knows it; a field inside a list is looked up
 * under the list's name first (`changes.to`: an objection's correction, not the audit log's `to`).
 */
const FIELD_LABELS: Record<string, string> = {
  // shared
  id: "编号",
  period: "考核期",
  month: "考核月份",
  year: "考核年度",
  unitCode: "单位编码",
  reason: "原因",
  text: "内容",
  page: "页码",
  pageSize: "每页条数",
  // users and sign-in
  username: "用户名",
  displayName: "显示名",
  role: "角色",
  password: "密码",
  disabled: "停用",
  current: "当前密码",
  next: "新密码",
  // the center's name (settings)
  name: "中心名称",
  // audit log
  user: "操作人",
  action: "操作",
  from: "起始日期",
  to: "截止日期",
  // rubrics and scores
  baseHash: "所依据的版本",
  versionId: "规则版本",
  assessment: "考核名称",
  a: "规则版本 A",
  b: "规则版本 B",
  endMonth: "截止月份",
  months: "月数",
  measure: "计数名称",
  search: "搜索文字",
  // the values of the columns a rubric's texts are compared with (the editor's KH267)
  columns: "数据列",
  "columns.record": "记录种类",
  "columns.field": "字段",
  "columns.attribute": "扩展属性",
  "columns.label": "扩展属性的表头",
  // imports
  kind: "数据种类",
  format: "文件格式",
  files: "文件",
  "files.uploadId": "上传编号",
  "files.kind": "数据种类",
  uploadIds: "上传编号",
  laterRowWins: "以后出现的行为准",
  limit: "条数",
  jobId: "导入任务编号",
  batchId: "导入批次编号",
  // events and yearly facts entered in the console
  unit: "单位",
  date: "日期",
  type: "事件类型",
  count: "次数",
  points: "分值",
  orderId: "关联工单编号",
  note: "说明",
  values: "事项",
  "values.item": "事项名称",
  "values.value": "值",
  // publication and the bulletin
  confirmEmpty: "确认发布无工单的考核期",
  confirmUndecided: "确认在异议未处理完时发布",
  confirmUnfinished: "确认提前发布尚未结束的考核期",
  issue: "期号",
  issuedOn: "印发日期",
  lead: "导言",
  // the units' responses
  objectionDays: "异议期限（工作日）",
  explanationDays: "书面说明期限（工作日）",
  until: "公示截止日期",
  objectionDeadline: "异议截止日期",
  explanationDeadline: "书面说明截止日期",
  attachments: "附件",
  keepAttachments: "保留的附件",
  replacing: "所替换的提交",
  response: "回复",
  status: "状态",
  subject: "异议对象",
  accept: "是否采纳",
  decision: "处理理由",
  objectionId: "异议编号",
  changes: "更正",
  "changes.record": "更正对象",
  "changes.recordId": "工单或事件编号",
  "changes.field": "更正字段",
  "changes.to": "更正值",
};

/**
 * A field's Chinese name: 显示名, 附件第 1 项, 更正第 2 项的更正值; its path as it is (files[0].uploadId) when a part of it
 * has no name here.
 */
function fieldLabel(path: readonly PropertyKey[]): string {
  let label = "";
  let parent = "";
  for (const p of path) {
    if (typeof p === "number") {
      label += `第 ${p + 1} 项`;
      continue;
    }
    const key = String(p);
    const name = FIELD_LABELS[parent ? `${parent}.${key}` : key] ?? (parent ? undefined : FIELD_LABELS[key]);
    if (name === undefined) return pathOf(path);
    label += label ? `的${name}` : name;
    parent = key;
  }
  return label;
}

/**
 * One Chinese sentence for a failed validation, naming each field that is wrong (not twice: 文件格式应为 csv 或 xlsx,
 * 请填写中心名称); `lead` says what was wrong (输入有误, or the audit export's 筛选条件有误).
 */
export function zodSummary(err: z.ZodError, lead = "输入有误"): string {
  const parts = err.issues.slice(0, 5).map((i) => {
    if (i.path.length === 0) return i.message;
    const label = fieldLabel(i.path);
    return i.message.includes(label) ? i.message : `${label}：${i.message}`;
  });
  const more = err.issues.length > 5 ? `（另有 ${err.issues.length - 5} 处）` : "";
  return `${lead}：${parts.join("；")}${more}`;
}

/** What a field is said to be when it is of the wrong kind (应为文字), not zod's 期望 string. */
const KINDS: Record<string, string> = { string: "文字", number: "数字", int: "整数", boolean: "是或否", array: "列表", object: "对象", date: "日期" };

/** The most or the least a limit allows, as a person counts it (zod's `inclusive: false` is one past it, for whole counts). */
const bound = (n: number | bigint, inclusive: boolean | undefined, step: 1 | -1) => (inclusive === false ? Number(n) + step : Number(n));

/**
 * zod's own message for an issue our schema gave no words to, in Chinese without zod's English type names (its zhCN
 * locale said 数值过大：期望 string <=80 字符 of a text). The field's name is put before it by `zodSummary`, so it is
 * not said here: 操作人：过长，最多 80 个字; 页码：过小，最小为 1; 更正：过多，最多 50 项.
 */
function zodIssueZh(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "必须填写";
      return KINDS[issue.expected] ? `应为${KINDS[issue.expected]}` : "类型不对";
    case "too_big": {
      const most = issue.exact ? Number(issue.maximum) : bound(issue.maximum, issue.inclusive, -1);
      if (issue.origin === "string") return issue.exact ? `应为 ${most} 个字` : `过长，最多 ${most} 个字`;
      if (issue.origin === "array" || issue.origin === "set") return issue.exact ? `应为 ${most} 项` : `过多，最多 ${most} 项`;
      if (issue.origin === "file") return `文件过大，最大 ${most} 字节`;
      if (issue.origin === "date") return "日期过晚";
      return issue.inclusive === false ? `应小于 ${issue.maximum}` : `过大，最大为 ${most}`;
    }
    case "too_small": {
      const least = issue.exact ? Number(issue.minimum) : bound(issue.minimum, issue.inclusive, 1);
      if (issue.origin === "string") return least <= 1 ? "不能为空" : issue.exact ? `应为 ${least} 个字` : `过短，至少 ${least} 个字`;
      if (issue.origin === "array" || issue.origin === "set") return issue.exact ? `应为 ${least} 项` : `过少，至少 ${least} 项`;
      if (issue.origin === "file") return "文件为空";
      if (issue.origin === "date") return "日期过早";
      return issue.inclusive === false ? `应大于 ${issue.minimum}` : `过小，最小为 ${least}`;
    }
    case "invalid_value":
      return issue.values.length === 1 ? `应为“${String(issue.values[0])}”` : `应为${issue.values.map((v) => `“${String(v)}”`).join("、")}之一`;
    case "not_multiple_of":
      return `应为 ${issue.divisor} 的倍数`;
    case "unrecognized_keys":
      // every procedure's input is a strict object: a field it does not know is refused by name, never dropped (a
      // misspelt optional field was dropped, and the call did something other than asked)
      return `没有这些字段：${issue.keys.join("、")}`;
    case "invalid_format":
      return "格式不对";
    case "invalid_key":
      return "有无效的键";
    case "invalid_element":
      return "有无效的项";
    default:
      return "填写有误";
  }
}

// The people behind every request read Chinese: zod's own messages (a wrong type, a missing field, a limit) are given in
// Chinese too, wherever the input is checked (the routers, the server's audit export): this is the one place that words
// them. Our schemas carry their own wording where they give one.
z.config({ customError: zodIssueZh });

/**
 * Calls one HTTP request may batch at most: the server's tRPC handler refuses a batch of more (`maxBatchSize`,
 * apps/server/src/server.ts) before any of them runs, and the console's batch link sends no more in one request
 * (`maxItems`, apps/console/src/lib/trpc.ts: a larger batch goes as several requests, so the console is never refused).
 * A console page holds a few tens of queries at most (the layout's and its own, a unit user's year picker one per
 * year), fetched together when it opens or after a change; 50 leaves room for them, where one GET could otherwise
 * carry hundreds of scorings (scores.trend × 150, each scoring up to 36 months; 51 of them took some 20 s).
 */
export const MAX_BATCH_CALLS = 50;

/** tRPC's own words for a batch over `maxBatchSize` (@trpc/server 11, contentType.ts). */
const BATCH_TOO_LARGE = "Batch call exceeds maximum size";

/**
 * A body over its limit (413), said alike wherever one is refused (a procedure's call, the sign-in): the most it may be,
 * and what to do.
 */
export const bodyTooLarge = (most: string, advice: string) => `请求内容过大（最多 ${most}）：${advice}`;

/** What a person is told when the request itself is wrong (the console never sends these; a hand-made request may). */
const TRPC_REFUSALS: Partial<Record<TRPCCode, string>> = {
  PARSE_ERROR: "请求内容不是有效的 JSON：请检查请求",
  BAD_REQUEST: "请求格式有误：请检查请求",
  NOT_FOUND: "没有这个接口：请检查请求地址",
  METHOD_NOT_SUPPORTED: "请求方法不对：查询用 GET，修改用 POST",
  // said to every role: a unit user has no import, only attachments
  PAYLOAD_TOO_LARGE: bodyTooLarge("4 MB", "请精简所填的文字；文件不要粘贴进文字，请用页面上的上传按钮添加"),
  UNSUPPORTED_MEDIA_TYPE: "请求内容类型不受支持：请用 application/json",
  TOO_MANY_REQUESTS: "请求过于频繁：请稍后再试",
};

/** What JSON.parse found wrong (V8's English), said in Chinese; the first that matches. */
const JSON_FAULTS: [RegExp, string][] = [
  [/^Expected ',' or '\}' after property value/, "字段的值后应为逗号或“}”"],
  [/^Expected ',' or '\]' after array element/, "列表的一项后应为逗号或“]”"],
  [/^Expected property name or '\}'|^Expected double-quoted property name/, "应为加双引号的字段名"],
  [/^Expected ':' after property name/, "字段名后应为冒号"],
  [/^Unexpected end of JSON input/, "内容不完整，在结尾处中断"],
  [/^Unexpected non-whitespace character after JSON/, "JSON 结束后还有多余的内容"],
  [/^Unterminated string/, "文字缺少结尾的双引号"],
  [/^Bad control character in string literal/, "文字中有未转义的控制字符"],
  [/^Bad (escaped character|Unicode escape)/, "文字中有无效的转义（\\）"],
  [/^(No number after minus sign|Unterminated fractional number|Exponent part is missing)/, "数字的写法不对"],
];

/**
 * A body or an `input` that JSON.parse refused (tRPC 11 calls it BAD_REQUEST, not PARSE_ERROR, with the SyntaxError as
 * its cause): which part of the request, what is wrong and where. An address's malformed escape (%E0%A4, %ZZ) reaches
 * JSON.parse as “�” or “%”.
 */
function notJson(cause: SyntaxError, type: string | undefined): string {
  const where = type === "query" ? "地址参数 input " : type === "mutation" ? "请求内容" : "请求内容（或地址参数 input）";
  const token = /^Unexpected token '(.+?)', /.exec(cause.message)?.[1];
  const fault =
    token === "\uFFFD" || token === "%"
      ? "含有无法识别的字符（百分号编码或 UTF-8 编码有误）"
      : token !== undefined
        ? `有意外的字符“${token}”`
        : (JSON_FAULTS.find(([pattern]) => pattern.test(cause.message))?.[1] ?? "无法解析");
  const at = /at position (\d+)/.exec(cause.message)?.[1];
  return `${where}不是有效的 JSON：${fault}${at === undefined ? "" : `（第 ${Number(at) + 1} 个字符处）`}；请检查请求`;
}

/**
 * The structured description of any error a procedure may raise; `type` is the call's (query or mutation), which tells
 * a JSON error where the JSON was (the address's `input`, or the body).
 */
export function describeError(err: unknown, type?: string): ErrorInfo {
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
  // the database out of reach (whatever its driver threw, raised as SERVICE_UNAVAILABLE or not)
  const unavailable = databaseUnavailable(cause);
  if (unavailable) return { appCode: unavailable.code, zh: unavailable.zh, en: unavailable.en, detail: null };
  if (err instanceof TRPCError && err.code === "UNAUTHORIZED") return { appCode: "UNAUTHORIZED", zh: err.message, en: "sign in first", detail: null };
  if (err instanceof TRPCError && err.code !== "INTERNAL_SERVER_ERROR") {
    // tRPC's own refusals: no such procedure, wrong method, a body that is not JSON or too large, a batch too large …
    const zh =
      err.code === "BAD_REQUEST" && err.message === BATCH_TOO_LARGE
        ? `一次请求最多合并 ${MAX_BATCH_CALLS} 个调用：请分几次请求`
        : (err.code === "BAD_REQUEST" || err.code === "PARSE_ERROR") && cause instanceof SyntaxError
          ? notJson(cause, type)
          : (TRPC_REFUSALS[err.code] ?? `请求无法处理（${err.code}）`);
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
  if (err instanceof TRPCError && err.code !== "INTERNAL_SERVER_ERROR") return err;
  // a database out of reach, whatever its driver threw: 503 with its cause kept (the log has it)
  if (databaseUnavailable(cause))
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: describeError(cause).zh, cause: cause instanceof Error ? cause : undefined });
  if (err instanceof TRPCError) return err;
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: describeError(cause).zh, cause: cause instanceof Error ? cause : undefined });
}

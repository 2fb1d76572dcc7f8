/**
 * What the data page says of the import it follows: reading or saving, the server out of reach for a while (it may be
 * restarting: polled on, quietly), or answering again without the job (restarted during it: nothing was stored, all or
 * nothing; or just after it ended — said in the server's words, imports.job). Free of React, for its tests.
 */
import { errorDetail, isNotFound, isUnreachable } from "../../lib/trpc.ts";
import { type DataKind, KIND_LABEL } from "./files.ts";

/** Said while the server does not answer the page's polling. */
export const RECONNECTING_TEXT = "正在重新连接服务器…（导入在服务器上进行，连接恢复后继续显示进度）";
/** Said once every file is read while the import is still writing and committing (a million rows: tens of seconds). */
export const SAVING_TEXT = "正在保存（全部写入后才生效）…";

/**
 * The followed job's query: answering; out of reach, tried again (`failureReason` while it retries); the server
 * answered that it has no such job: interrupted by a restart (lost), or ended just before one, kept (`kept`) or not
 * (`ended`), as its audit log says; another error.
 */
export type JobContact = "answering" | "reconnecting" | "lost" | "kept" | "ended" | "error";

export function jobContact(error: unknown, failureReason: unknown): JobContact {
  // lost only when the server says the import was interrupted: a job it forgot after a restart once the import had
  // been kept is not said to have stored nothing (the server's own words are shown instead)
  if (error) {
    if (interrupted(error)) return "lost";
    const ended = isNotFound(error) ? errorDetail<{ ended?: string }>(error)?.ended : undefined;
    if (ended) return ended === "finished" ? "kept" : "ended";
    return isUnreachable(error) ? "reconnecting" : "error";
  }
  return failureReason && isUnreachable(failureReason) ? "reconnecting" : "answering";
}

const interrupted = (error: unknown) => isNotFound(error) && errorDetail<{ interrupted?: boolean }>(error)?.interrupted === true;

/** Polling the job again: always while the server is out of reach (it may be restarting), else twice, never for a job it does not know. */
export const retryJobQuery = (count: number, err: unknown): boolean => isUnreachable(err) || (count < 2 && !isNotFound(err));

/**
 * Said while the import waits for another into the same database (this server's, a command-line import, another
 * server's): imports go one after another, and a wait behind a million rows is minutes of a still bar.
 */
export const WAITING_TEXT = "等待另一个导入完成…（同一数据库的导入依次进行，完成后自动开始）";

/**
 * A running job's line under the bar: waiting for another import, the file being opened, or read and the rows read,
 * or saving once all are read.
 */
export function runningText(progress: { file: string | null; kind: string | null; rows: number; phase: "waiting" | "reading" | "saving" }): string {
  if (progress.phase === "waiting") return WAITING_TEXT;
  if (progress.phase === "saving") return SAVING_TEXT;
  if (!progress.file) return "正在准备导入…";
  const kind = progress.kind ? `（${KIND_LABEL[progress.kind as DataKind] ?? progress.kind}）` : "";
  // opened, no row read yet (a large workbook: seconds)
  if (progress.rows === 0) return `正在读取 ${progress.file}${kind}…`;
  return `正在导入 ${progress.file}${kind}：已读 ${progress.rows.toLocaleString("zh-CN")} 行`;
}

/** The button under a finished (or lost) import: success wording only after a success. */
export function againLabel(state: "running" | "done" | "failed" | null, contact: JobContact): string {
  if (contact === "lost") return "重新导入";
  if (state === "done" || contact === "kept") return "继续导入其他文件";
  if (state === "failed") return "改正后重新上传";
  return "重新选择文件导入";
}

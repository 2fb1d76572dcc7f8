/**
 * Attachments of explanations and objections: uploaded one by one to the
 * server (PUT /attachments?name=…), which stages each and answers with a
 * token; the tokens go with the submission. Downloaded at /attachments/<id>.
 */

import { OFFLINE_TEXT, requestHeaders } from "../../lib/trpc.ts";
import { fileSize } from "../data/files.ts";

/** The server's limits (packages/services/src/attachment-uploads.ts). */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

/** What may be attached, for the line under the control. */
const ACCEPTED_ATTACHMENTS = "PDF、OFD、图片（JPG、PNG、GIF、WebP、BMP、TIFF、HEIC）、Word、Excel、PowerPoint，WPS 保存的同类文件也可以";

/** The file chooser's filter (the server decides by the content, not the name). */
export const ACCEPT_ATTRIBUTE = [
  ".pdf",
  ".ofd",
  ".jpg",
  ".jpeg",
  ".png",
  ".gif",
  ".webp",
  ".bmp",
  ".tif",
  ".tiff",
  ".heic",
  ".heif",
  ".doc",
  ".docx",
  ".wps",
  ".xls",
  ".xlsx",
  ".et",
  ".ppt",
  ".pptx",
  ".dps",
].join(",");

export const LIMITS_TEXT = `可上传 ${ACCEPTED_ATTACHMENTS}；每个文件不超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB，每次最多 ${MAX_ATTACHMENTS} 个`;

export interface StagedAttachment {
  token: string;
  fileName: string;
  mediaType: string;
  size: number;
}

/** The download address of a stored attachment. */
export const attachmentUrl = (id: number) => `/attachments/${id}`;

/** A file too large to send at all, said before uploading (the server would refuse it too). */
export function tooLargeText(file: { name: string; size: number }): string | null {
  return file.size > MAX_ATTACHMENT_BYTES
    ? `附件“${file.name}”有 ${fileSize(file.size)}，超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB 的上限：请压缩或拆分后再上传`
    : null;
}

/** Files sent at once: the server takes two uploads of a user at a time (several chosen together wait their turn). */
const AT_ONCE = 2;
let sending = 0;
const waiting: (() => void)[] = [];

/**
 * Send one file as it is, reporting the percentage sent; resolves with the staged file, rejects with the server's
 * Chinese message. `signal` aborts it (waiting for its turn too).
 */
export async function uploadAttachment(file: File, onProgress: (percent: number) => void, signal?: AbortSignal): Promise<StagedAttachment> {
  if (sending >= AT_ONCE) {
    await new Promise<void>((turn, stop) => {
      waiting.push(turn);
      signal?.addEventListener("abort", () => {
        const at = waiting.indexOf(turn);
        if (at < 0) return; // its turn came: the request itself is aborted
        waiting.splice(at, 1);
        stop(new Error("已取消上传"));
      });
    });
  }
  sending++;
  try {
    return await send(file, onProgress, signal);
  } finally {
    sending--;
    waiting.shift()?.();
  }
}

function send(file: File, onProgress: (percent: number) => void, signal?: AbortSignal): Promise<StagedAttachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", `/attachments?name=${encodeURIComponent(file.name)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", "application/octet-stream");
    for (const [k, v] of Object.entries(requestHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.min(99, Math.floor((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      let body: { zh?: string } & Partial<StagedAttachment> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status says enough
      }
      if (xhr.status === 201 && body.token) {
        onProgress(100);
        resolve(body as StagedAttachment);
      } else if (xhr.status === 401) reject(new Error("登录已失效：请重新登录后再上传"));
      else if (xhr.status === 404 && !body.zh) reject(new Error("服务器暂不支持上传附件：请联系系统管理员"));
      else reject(new Error(body.zh ?? `上传“${file.name}”失败（${xhr.status}）：请重试`));
    };
    xhr.onerror = () => reject(new Error(OFFLINE_TEXT));
    xhr.onabort = () => reject(new Error("已取消上传"));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(file);
  });
}

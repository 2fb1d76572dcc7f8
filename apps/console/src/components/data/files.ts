/** Uploads in the browser: what a file holds (by its name; the server also reads the header row), and sending it. */
import { isTableFileName, kindOfFileName as kindOfFileNameRule, type RecordKind } from "@kaohe/data/file-names";
import { OFFLINE_TEXT } from "../../lib/trpc.ts";

/** What a file holds: 单位, 工单, 考核事件, 年度事实 or 节假日安排 (the server's kinds). */
export type DataKind = RecordKind;

export const KIND_LABEL: Record<DataKind, string> = { units: "单位", orders: "工单", events: "考核事件", facts: "年度事实", calendar: "节假日安排" };

/**
 * The kind the 文件格式与模板 drawer opens on: the one asked for, else 单位 while no unit is stored (a new center imports
 * its units first: orders of units not on the list are refused), else 工单, the file imported every month.
 */
export const firstFormatKind = (asked: DataKind | undefined, unitCount: number): DataKind => asked ?? (unitCount === 0 ? "units" : "orders");

/**
 * What a past import's 撤销 column offers: the undo, or why not, said on the row (不可撤销) with the reason on hover. A
 * holiday calendar never can (the importer marks it so: it is corrected by importing the right days again, and the
 * working-day table is rebuilt from it); batches imported before the store kept what they changed cannot either. A grey
 * 撤销导入 read as "not now" with no reason (a new county's walk).
 */
export function undoOffer(b: { kind: string; undoable: boolean }): { label: string; reason: string | null } {
  if (b.undoable) return { label: "撤销导入", reason: null };
  return {
    label: "不可撤销",
    reason: b.kind === "calendar" ? "节假日安排的导入不能撤销：如需更正，请导入改正后的节假日安排文件" : "此批次导入于系统保存导入前数据之前，无法撤销",
  };
}

/** The kind a file's name says, by the server's own rule (@kaohe/data), or null. */
export const kindOfFileName = (name: string): DataKind | null => kindOfFileNameRule(name) ?? null;

export const isAcceptedFormat = isTableFileName;

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface Uploaded {
  uploadId: string;
  name: string;
  size: number;
}

/**
 * Send one file to the server's upload route as it is (streamed, not read into the page), reporting the
 * bytes sent. Rejects with the server's Chinese message when it refuses the file.
 */
export function uploadFile(file: File, headers: Record<string, string>, onProgress: (sent: number) => void): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", "/upload");
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      let body: { zh?: string } & Partial<Uploaded> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status says enough
      }
      if (xhr.status === 201 && body.uploadId) resolve(body as Uploaded);
      else reject(new Error(body.zh ?? `上传“${file.name}”失败（${xhr.status}）：请重试`));
    };
    xhr.onerror = () => reject(new Error(OFFLINE_TEXT));
    xhr.send(file);
  });
}

/** Upload limits (the server's: 50 files a job, 200 MB a file). */
export const MAX_FILES = 50;
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

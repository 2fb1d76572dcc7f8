/**
 * Uploaded files, streamed to disk as they arrive (never held in memory,
 * never base64 inside JSON), kept until an import job takes them or an hour
 * has passed. Each process keeps its uploads in a folder named by its pid;
 * a process started later removes the folders of processes that are gone
 * (a server killed during an import leaves its upload behind otherwise).
 */
import { randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync, readdirSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError, ErrorCodes } from "@kaohe/db";

/** One upload at most, in bytes. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** Uploads not taken by an import within this time are removed. */
const KEEP_UNUSED_MS = 3600_000;

export interface StoredUpload {
  uploadId: string;
  /** the file's name as the user chose it (no folder) */
  name: string;
  path: string;
  size: number;
  createdBy: string;
  createdAt: Date;
}

/** A file over the limit: refused before it is read (by its declared length) or while it streams in. */
export function tooLarge(name: string, maxBytes = MAX_UPLOAD_BYTES): AppError {
  return new AppError(
    ErrorCodes.BadInput,
    `文件“${name}”超过 ${Math.round(maxBytes / 1024 / 1024)} MB：请按月份拆分后分批上传`,
    `the file is larger than ${maxBytes} bytes`,
    {
      tooLarge: true,
    },
  );
}

/** The name a user gave a file, checked: it is shown back, and its extension decides the reader. */
export function checkUploadName(raw: string): string {
  const name = basename(raw.replace(/\\/g, "/")).trim();
  if (!name) throw new AppError(ErrorCodes.BadInput, "请给出文件名", "the file name is missing");
  if (name.length > 255) throw new AppError(ErrorCodes.BadInput, "文件名过长（最多 255 个字符）", "the file name is too long");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(name)) {
    throw new AppError(ErrorCodes.BadInput, "文件名含有控制字符或不可见字符：请重命名后上传", "the file name has control or invisible characters");
  }
  if (!/\.(csv|xlsx)$/i.test(name)) {
    throw new AppError(
      ErrorCodes.BadInput,
      `只能导入 .csv 或 .xlsx 文件，“${name}”不是：请在 Excel 中另存为 CSV（UTF-8）或 XLSX 后上传`,
      `only .csv and .xlsx files can be imported: ${name}`,
    );
  }
  return name;
}

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

export class Uploads {
  private readonly uploads = new Map<string, StoredUpload>();
  private readonly dir: string;

  constructor(readonly root: string = join(tmpdir(), "kaohe-uploads")) {
    this.dir = join(root, String(process.pid));
  }

  /** Remove what processes that are gone left behind; returns the folders removed. */
  removeOrphans(): string[] {
    const removed: string[] = [];
    let entries: string[] = [];
    try {
      entries = readdirSync(this.root);
    } catch {
      return removed;
    }
    for (const entry of entries) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
      rmSync(join(this.root, entry), { recursive: true, force: true });
      removed.push(entry);
    }
    return removed;
  }

  /** Stream a file to disk; refused (and nothing kept) past `maxBytes`. */
  async save(rawName: string, body: Readable | AsyncIterable<Uint8Array>, actor: string, maxBytes = MAX_UPLOAD_BYTES): Promise<StoredUpload> {
    const name = checkUploadName(rawName);
    this.prune();
    mkdirSync(this.dir, { recursive: true });
    const uploadId = randomUUID();
    const path = join(this.dir, `${uploadId}${extname(name).toLowerCase()}`);
    let size = 0;
    const refusal = tooLarge(name, maxBytes);
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Uint8Array>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxBytes) throw refusal;
            yield chunk;
          }
        },
        createWriteStream(path),
      );
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    if (size === 0) {
      await rm(path, { force: true });
      throw new AppError(ErrorCodes.BadInput, `文件“${name}”是空的`, "the file is empty");
    }
    const upload: StoredUpload = { uploadId, name, path, size, createdBy: actor, createdAt: new Date() };
    this.uploads.set(uploadId, upload);
    return upload;
  }

  /** Take uploads for an import: they are the job's from now on (removed with `discard`). */
  take(ids: readonly string[]): StoredUpload[] {
    const missing = ids.filter((id) => !this.uploads.has(id));
    if (missing.length > 0) {
      throw new AppError(
        ErrorCodes.NotFound,
        "上传的文件已不在服务器上（上传后一小时内未导入，或服务已重启）：请重新选择文件上传",
        `unknown upload ${missing.join(", ")}`,
        { uploads: missing },
      );
    }
    return ids.map((id) => {
      const upload = this.uploads.get(id) as StoredUpload;
      this.uploads.delete(id);
      return upload;
    });
  }

  async discard(uploads: readonly StoredUpload[]): Promise<void> {
    await Promise.all(uploads.map((u) => rm(u.path, { force: true })));
  }

  /** Every upload still waiting (tests, shutdown). */
  pending(): StoredUpload[] {
    return [...this.uploads.values()];
  }

  private prune(): void {
    const cutoff = Date.now() - KEEP_UNUSED_MS;
    for (const [id, u] of this.uploads) {
      if (u.createdAt.getTime() < cutoff) {
        this.uploads.delete(id);
        rmSync(u.path, { force: true });
      }
    }
  }
}

/** The process's uploads. */
export const uploads = new Uploads();

/**
 * Uploaded files, streamed to disk as they arrive (never held in memory,
 * never base64 inside JSON), kept until an import job takes them or an hour
 * has passed. Each process keeps its uploads in a folder named by its pid;
 * a process started later removes the folders of processes that are gone
 * (a server killed during an import leaves its upload behind otherwise).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import type { Readable } from "node:stream";
import { isTableFileName, TABLE_FILE_TYPES_EN, TABLE_FILE_TYPES_TEXT } from "@kaohe/data/file-names";
import { AppError, ErrorCodes } from "@kaohe/db/errors";
import { checkFileName, removeDeadProcessFolders, streamToFile } from "./staging.ts";

/** One upload at most, in bytes. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** Uploads not taken by an import within this time are removed. */
const KEEP_UNUSED_MS = 3600_000;
/**
 * What one user may have uploaded and not yet imported: as many files as one import takes, and a gigabyte. Without it an
 * account (or a session taken over) could fill the server's disk with uploads kept an hour each (a security review).
 */
export const PENDING_UPLOADS_MAX = 50;
const PENDING_BYTES_MAX = 1024 * 1024 * 1024;

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
function checkUploadName(raw: string): string {
  const name = checkFileName(raw);
  if (!isTableFileName(name)) {
    throw new AppError(
      ErrorCodes.BadInput,
      `只能导入 ${TABLE_FILE_TYPES_TEXT} 文件，“${name}”不是：请在 Excel 中另存为 CSV（UTF-8）或 XLSX 后上传`,
      `only ${TABLE_FILE_TYPES_EN} files can be imported: ${name}`,
    );
  }
  return name;
}

/** Per user, the uploads still being received: how many, and their bytes received so far. */
interface Arriving {
  files: number;
  bytes: number;
}

export class Uploads {
  private readonly uploads = new Map<string, StoredUpload>();
  private readonly arriving = new Map<string, Arriving>();
  private readonly dir: string;

  constructor(
    readonly root: string = join(tmpdir(), "kaohe-uploads"),
    /** the bytes one user may have uploaded and not yet imported (smaller in tests) */
    private readonly pendingBytesMax = PENDING_BYTES_MAX,
  ) {
    this.dir = join(root, String(process.pid));
  }

  /** Remove what processes that are gone left behind; returns the folders removed. */
  removeOrphans(): string[] {
    return removeDeadProcessFolders(this.root);
  }

  /** Stream a file to disk; refused (and nothing kept) past `maxBytes`. */
  async save(rawName: string, body: Readable | AsyncIterable<Uint8Array>, actor: string, maxBytes = MAX_UPLOAD_BYTES): Promise<StoredUpload> {
    const name = checkUploadName(rawName);
    this.prune();
    // the uploads kept, and those still arriving (uploads sent at once each found the allowance free: a review); the
    // bytes of those arriving are not known until they have (the console sends a dozen small files at once), so at most
    // the allowance's count of them may be on their way, and every byte any of them receives counts against the bytes
    // left (each file's own limit alone let a dozen large files sent at once pass the gigabyte: a review)
    const arriving = this.arriving.get(actor) ?? { files: 0, bytes: 0 };
    const held = () => {
      const kept = [...this.uploads.values()].filter((u) => u.createdBy === actor);
      return { count: kept.length + arriving.files, bytes: kept.reduce((n, u) => n + u.size, arriving.bytes) };
    };
    const { count: pendingCount, bytes: pendingBytes } = held();
    if (pendingCount >= PENDING_UPLOADS_MAX || pendingBytes >= this.pendingBytesMax) throw this.tooMany(pendingCount, pendingBytes);
    mkdirSync(this.dir, { recursive: true });
    const uploadId = randomUUID();
    const path = join(this.dir, `${uploadId}${extname(name).toLowerCase()}`);
    // no more than what is left of the user's allowance (a file larger is refused as too large, saying the smaller limit)
    const limit = Math.min(maxBytes, this.pendingBytesMax - pendingBytes);
    this.arriving.set(actor, arriving);
    arriving.files++;
    let received = 0;
    let size: number;
    try {
      size = await streamToFile(body, path, limit, tooLarge(name, limit), (chunk) => {
        received += chunk.length;
        arriving.bytes += chunk.length;
        const now = held();
        if (now.bytes > this.pendingBytesMax) {
          // its bytes freed at once, not when its stream has closed: the others sent with it may go on
          arriving.bytes -= received;
          received = 0;
          throw this.tooMany(now.count, now.bytes);
        }
      });
    } finally {
      arriving.files--;
      arriving.bytes -= received;
      if (arriving.files === 0) this.arriving.delete(actor);
    }
    if (size === 0) {
      await rm(path, { force: true });
      throw new AppError(ErrorCodes.BadInput, `文件“${name}”是空的`, "the file is empty");
    }
    const upload: StoredUpload = { uploadId, name, path, size, createdBy: actor, createdAt: new Date() };
    this.uploads.set(uploadId, upload);
    return upload;
  }

  private tooMany(count: number, bytes: number): AppError {
    return new AppError(
      ErrorCodes.BadInput,
      `您已上传、尚未导入的文件过多（${count} 个，共 ${(bytes / 1024 / 1024).toFixed(0)} MB；上限 ${PENDING_UPLOADS_MAX} 个、${(this.pendingBytesMax / 1024 / 1024).toFixed(0)} MB）：请先导入已上传的文件，或等待一小时后未导入的上传自动清除`,
      `too many uploads not yet imported (${count}, ${bytes} bytes)`,
    );
  }

  /**
   * Uploads still waiting, left where they are (to look at before an import takes them). Only the user who uploaded a
   * file may look at it or import it: another's upload is as unknown as one never made (its id tells nothing).
   */
  peek(ids: readonly string[], actor: string): StoredUpload[] {
    this.assertKnown(ids, actor);
    return ids.map((id) => this.uploads.get(id) as StoredUpload);
  }

  /** Take the user's uploads for an import: they are the job's from now on (removed with `discard`). */
  take(ids: readonly string[], actor: string): StoredUpload[] {
    this.assertKnown(ids, actor);
    // checked before any is taken: a list naming one twice leaves every upload where it was
    if (new Set(ids).size !== ids.length) throw new AppError(ErrorCodes.BadInput, "同一个上传的文件列了两次：每个文件只导入一次", "an upload is listed twice");
    return ids.map((id) => {
      const upload = this.uploads.get(id) as StoredUpload;
      this.uploads.delete(id);
      return upload;
    });
  }

  private assertKnown(ids: readonly string[], actor: string): void {
    const missing = ids.filter((id) => this.uploads.get(id)?.createdBy !== actor);
    if (missing.length > 0) {
      throw new AppError(
        ErrorCodes.NotFound,
        "上传的文件已不在服务器上（上传后一小时内未导入，或服务已重启）：请重新选择文件上传",
        `unknown upload ${missing.join(", ")}`,
        { uploads: missing },
      );
    }
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

/**
 * What the two kinds of files staged on disk share (import uploads,
 * attachments): a folder per process, named by its pid, whose leftovers a
 * later process removes; a file's name as the user gave it, checked; a body
 * streamed to disk under a size limit, nothing kept when it is refused.
 */
import { createWriteStream, readdirSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError, ErrorCodes } from "@kaohe/db/errors";

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Remove the folders under `root` of processes that are gone (named by their pid); returns the folders removed. */
export function removeDeadProcessFolders(root: string): string[] {
  const removed: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(root);
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(root, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

/**
 * What a file name may not hold: C0 and C1 controls, the line and paragraph separators, U+FFFE and U+FFFF (what a tRPC
 * call's text may not hold: well-formed.ts), and the invisible and direction marks — U+061C (as U+200F), word joiners,
 * a byte order mark, a soft hyphen, Hangul fillers, interlinear annotation marks. Those but C0 and the marks first
 * listed were let through: a name of U+061C and "fdp.exe", one with U+0085 or U+FFFE in it (a security review).
 */
const UNSEEN_IN_NAME =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\ufffe\uffff]/;

/** The name a user gave a file, checked: no folder, not empty, at most 255 characters, no control or invisible characters. */
export function checkFileName(raw: string): string {
  const name = basename(raw.replace(/\\/g, "/")).trim();
  if (!name) throw new AppError(ErrorCodes.BadInput, "请给出文件名", "the file name is missing");
  if (name.length > 255) throw new AppError(ErrorCodes.BadInput, "文件名过长（最多 255 个字符）", "the file name is too long");
  if (UNSEEN_IN_NAME.test(name)) {
    throw new AppError(ErrorCodes.BadInput, "文件名含有控制字符或不可见字符：请重命名后上传", "the file name has control or invisible characters");
  }
  return name;
}

/**
 * Stream a body to a file; past `maxBytes` the stream stops with `refusal` and the file is removed (so is it on any
 * other failure). `onChunk` sees every chunk written (a running hash). Returns the size written.
 */
export async function streamToFile(
  body: Readable | AsyncIterable<Uint8Array>,
  path: string,
  maxBytes: number,
  refusal: AppError,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<number> {
  let size = 0;
  try {
    await pipeline(
      body,
      async function* (source: AsyncIterable<Uint8Array>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > maxBytes) throw refusal;
          onChunk?.(chunk);
          yield chunk;
        }
      },
      createWriteStream(path, { mode: 0o600 }),
    );
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return size;
}

/**
 * Attachments of written explanations and objections: PDF, OFD, images, Word,
 * Excel and PowerPoint files a unit user adds to what they submit.
 *
 * A file's type is decided by its content (its first bytes, a ZIP's entries,
 * an OLE compound file's streams), never by its extension: a PDF named x.exe
 * is a PDF (kept as "x.exe.pdf", served as application/pdf); a program named
 * x.pdf is refused, as are scripts, web pages, SVG, archives, documents with
 * macros or other content that runs when opened (attachment-active-content.ts)
 * and anything not recognised.
 *
 * An upload is staged on disk, not in the database, so that a submission the
 * writer later refuses stores nothing: `<uuid>.bin` and a `<uuid>.json`
 * sidecar in a folder of this process (its worker threads share it, so the
 * writer thread finds a staged file by its token alone). A submission takes
 * its files (`takeStaged`), stores them with its own rows, and discards them
 * (`discardStaged`) once committed. Staged files older than a day are removed
 * whenever a file is staged; a later process removes the folders of
 * processes that are gone.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import type { Readable } from "node:stream";
import { AppError, ErrorCodes } from "@kaohe/db/errors";
import { type ActiveContent, officeActiveContent, oleActiveContent, oleDirectory, pdfActiveContent, zipEntries } from "./attachment-active-content.ts";
import { checkFileName, removeDeadProcessFolders, streamToFile } from "./staging.ts";

/** One attachment at most, in bytes. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Attachments of one explanation or objection at most. */
export const MAX_ATTACHMENTS = 5;
/** Staged files not taken within this time are removed. */
const KEEP_STAGED_MS = 24 * 3600_000;
/** Staged files one user may have waiting; staging another removes their oldest. */
const MAX_STAGED_PER_USER = 4 * MAX_ATTACHMENTS;
/**
 * Uploads in progress at once: a user's (the form sends one file at a time), and everyone's. Each holds its file in
 * memory until its kind is told (a zip's directory is at its end): without a cap, parallel uploads by one user filled
 * the memory and the staging folder past the per-user limit, which is only counted once a file is written.
 */
const MAX_UPLOADING_PER_USER = 2;
const MAX_UPLOADING = 16;
const uploading = new Map<string, number>();

export type AttachmentKind = "pdf" | "ofd" | "png" | "jpeg" | "gif" | "webp" | "bmp" | "tiff" | "heic" | "docx" | "xlsx" | "pptx" | "doc" | "xls" | "ppt";

/** Each accepted kind: its media type, and its extensions (the first is added to a name that has none of them). */
const KINDS: Record<AttachmentKind, { mediaType: string; extensions: readonly string[] }> = {
  pdf: { mediaType: "application/pdf", extensions: ["pdf"] },
  ofd: { mediaType: "application/ofd", extensions: ["ofd"] },
  png: { mediaType: "image/png", extensions: ["png"] },
  jpeg: { mediaType: "image/jpeg", extensions: ["jpg", "jpeg", "jpe", "jfif"] },
  gif: { mediaType: "image/gif", extensions: ["gif"] },
  webp: { mediaType: "image/webp", extensions: ["webp"] },
  bmp: { mediaType: "image/bmp", extensions: ["bmp", "dib"] },
  tiff: { mediaType: "image/tiff", extensions: ["tif", "tiff"] },
  heic: { mediaType: "image/heic", extensions: ["heic", "heif"] },
  docx: { mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx", "dotx", "wps"] },
  xlsx: { mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx", "xltx", "xlsb", "et"] },
  pptx: { mediaType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extensions: ["pptx", "ppsx", "potx", "dps"] },
  // WPS Office's own .wps/.et/.dps files are compound files like Word's, Excel's and PowerPoint's
  doc: { mediaType: "application/msword", extensions: ["doc", "dot", "wps", "wpt"] },
  xls: { mediaType: "application/vnd.ms-excel", extensions: ["xls", "xlt", "et", "ett"] },
  ppt: { mediaType: "application/vnd.ms-powerpoint", extensions: ["ppt", "pps", "pot", "dps", "dpt"] },
};

/** What may be attached, for messages. */
export const ACCEPTED_ATTACHMENTS =
  "PDF、OFD、图片（JPG、PNG、GIF、WebP、BMP、TIFF、HEIC）、Word（.doc、.docx）、Excel（.xls、.xlsx）、PowerPoint（.ppt、.pptx），WPS 保存的同类文件也可以";

export interface SniffedAttachment {
  mediaType: string;
  kind: AttachmentKind;
}

const PREFIXES: [AttachmentKind, readonly number[]][] = [
  ["pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["jpeg", [0xff, 0xd8, 0xff]],
  ["tiff", [0x49, 0x49, 0x2a, 0x00]],
  ["tiff", [0x4d, 0x4d, 0x00, 0x2a]],
];

const EXECUTABLES: [readonly number[], string, string][] = [
  [[0x4d, 0x5a], "Windows 可执行程序（.exe、.dll 等）", "a Windows executable"],
  [[0x7f, 0x45, 0x4c, 0x46], "Linux 可执行程序（ELF）", "an ELF executable"],
  [[0xfe, 0xed, 0xfa, 0xce], "macOS 可执行程序（Mach-O）", "a Mach-O executable"],
  [[0xfe, 0xed, 0xfa, 0xcf], "macOS 可执行程序（Mach-O）", "a Mach-O executable"],
  [[0xce, 0xfa, 0xed, 0xfe], "macOS 可执行程序（Mach-O）", "a Mach-O executable"],
  [[0xcf, 0xfa, 0xed, 0xfe], "macOS 可执行程序（Mach-O）", "a Mach-O executable"],
  [[0xca, 0xfe, 0xba, 0xbe], "可执行程序（macOS 程序或 Java 类文件）", "a Mach-O universal binary or Java class"],
  [[0x23, 0x21], "脚本文件（以 #! 开头）", "a script"],
];

const ARCHIVES: [readonly number[], string][] = [
  [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], "RAR"],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], "7z"],
  [[0x1f, 0x8b], "gzip"],
];

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (buf: Buffer, bytes: readonly number[], at = 0) => buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (buf: Buffer, at: number, length: number) => buf.toString("latin1", at, at + length);

/** The kind a file's extension claims, if it is one of ours. */
function claimedKind(fileName: string): AttachmentKind | null {
  const ext = extname(fileName).slice(1).toLowerCase();
  if (!ext) return null;
  return (Object.keys(KINDS) as AttachmentKind[]).find((k) => KINDS[k].extensions.includes(ext)) ?? null;
}

function refuse(fileName: string, what: string, en: string, advice = ""): AppError {
  const ext = extname(fileName).slice(1).toLowerCase();
  // a space between Chinese and a Latin word that follows it
  const is = (lead: string) => `${lead}${/^[A-Za-z]/.test(what) ? " " : ""}${what}`;
  const subject = claimedKind(fileName) ? is(`附件“${fileName}”的扩展名是 .${ext}，内容却是`) : is(`附件“${fileName}”是`);
  return new AppError(
    ErrorCodes.BadInput,
    `${subject}，不能上传${advice ? `：${advice}` : ""}。可以上传的附件：${ACCEPTED_ATTACHMENTS}`,
    `refused attachment: ${en}`,
    {
      refusedAttachment: en,
    },
  );
}

/** A file of a kind we take, carrying what runs when it is opened: said as what it is (its extension is not the matter). */
function refuseActive(fileName: string, active: ActiveContent): AppError {
  return new AppError(
    ErrorCodes.BadInput,
    `附件“${fileName}”是${active.what}，不能上传：${active.advice}。可以上传的附件：${ACCEPTED_ATTACHMENTS}`,
    `refused attachment: ${active.en}`,
    { refusedAttachment: active.en },
  );
}

const IMAGE_BMP_HEADERS = new Set([12, 40, 52, 56, 64, 108, 124]);
const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);

/** The names of a ZIP file's entries (`zipEntries`); null when it has none. */
export function zipEntryNames(buf: Buffer): string[] | null {
  const names = zipEntries(buf).map((e) => e.name);
  return names.length > 0 ? names : null;
}

function sniffZip(buf: Buffer, fileName: string): SniffedAttachment {
  // read once: the names tell the type, the entries' content what it would run
  const entries = zipEntries(buf);
  const has = (test: (name: string) => boolean) => entries.some((e) => test(e.name));
  const active = officeActiveContent(buf, 0, undefined, entries);
  if (active) throw refuseActive(fileName, active);
  if (has((n) => n === "[Content_Types].xml")) {
    if (has((n) => n.startsWith("word/"))) return { kind: "docx", mediaType: KINDS.docx.mediaType };
    if (has((n) => n.startsWith("xl/"))) return { kind: "xlsx", mediaType: KINDS.xlsx.mediaType };
    if (has((n) => n.startsWith("ppt/"))) return { kind: "pptx", mediaType: KINDS.pptx.mediaType };
  }
  if (has((n) => n === "OFD.xml")) return { kind: "ofd", mediaType: KINDS.ofd.mediaType };
  throw refuse(fileName, "压缩包（ZIP）", "a ZIP archive", "请解压后逐个上传其中的文件");
}

function sniffOle(buf: Buffer, fileName: string): SniffedAttachment {
  const directory = oleDirectory(buf);
  const active = oleActiveContent(buf, false, directory);
  if (active) throw refuseActive(fileName, active);
  // the main stream that comes first in the directory decides (a document may embed another kind)
  const found = (
    [
      ["doc", directory.get("WordDocument") ?? -1],
      ["xls", directory.get("Workbook") ?? -1],
      ["xls", directory.get("Book") ?? -1],
      ["ppt", directory.get("PowerPoint Document") ?? -1],
    ] as [AttachmentKind, number][]
  )
    .filter(([, at]) => at >= 0)
    .sort((a, b) => a[1] - b[1]);
  const kind = found[0]?.[0];
  if (kind) return { kind, mediaType: KINDS[kind].mediaType };
  throw refuse(
    fileName,
    "无法识别的 Office 旧格式文件（不是 Word、Excel 或 PowerPoint 文档，可能是安装包或邮件）",
    "an OLE compound file that is no Word, Excel or PowerPoint document",
  );
}

/**
 * A file's type by its content, or a Chinese refusal that says what it is and what may be attached. Give it the whole
 * file: an Office document is told by the entries of its ZIP (whose directory is at its end) or by its streams.
 */
export function sniffAttachment(head: Buffer, fileName: string): SniffedAttachment {
  if (head.length === 0) throw new AppError(ErrorCodes.BadInput, `附件“${fileName}”是空的：请选择有内容的文件`, "the attachment is empty");
  for (const [kind, bytes] of PREFIXES) {
    if (!startsWith(head, bytes)) continue;
    const active = kind === "pdf" ? pdfActiveContent(head) : null;
    if (active) throw refuseActive(fileName, active);
    return { kind, mediaType: KINDS[kind].mediaType };
  }
  if (ascii(head, 0, 6) === "GIF87a" || ascii(head, 0, 6) === "GIF89a") return { kind: "gif", mediaType: KINDS.gif.mediaType };
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 4) === "WEBP") return { kind: "webp", mediaType: KINDS.webp.mediaType };
  if (ascii(head, 0, 2) === "BM" && head.length >= 18 && IMAGE_BMP_HEADERS.has(head.readUInt32LE(14))) return { kind: "bmp", mediaType: KINDS.bmp.mediaType };
  if (ascii(head, 4, 4) === "ftyp" && HEIF_BRANDS.has(ascii(head, 8, 4))) return { kind: "heic", mediaType: KINDS.heic.mediaType };
  if (startsWith(head, ZIP)) return sniffZip(head, fileName);
  if (startsWith(head, OLE)) return sniffOle(head, fileName);
  for (const [bytes, what, en] of EXECUTABLES) if (startsWith(head, bytes)) throw refuse(fileName, what, en, "可能是病毒或改了扩展名的程序");
  for (const [bytes, what] of ARCHIVES)
    if (startsWith(head, bytes)) throw refuse(fileName, `压缩包（${what}）`, `a ${what} archive`, "请解压后逐个上传其中的文件");
  // text: after a byte order mark and white space
  const text = ascii(head, 0, 4096)
    .replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, "")
    .replace(/\0/g, "")
    .trimStart()
    .toLowerCase();
  if (text.startsWith("<")) {
    if (/<svg[\s>/]/.test(text)) throw refuse(fileName, "SVG 图片（可能含有脚本）", "an SVG image", "请另存为 PNG 或 JPG 后上传");
    throw refuse(fileName, "网页（HTML）或 XML 文件（可能含有脚本）", "HTML or XML", "请打印为 PDF 后上传");
  }
  throw refuse(fileName, "无法识别的文件类型", "an unrecognised file type");
}

/** The name a file is kept and downloaded under: the user's, with the right extension added when it has another. */
export function attachmentName(fileName: string, kind: AttachmentKind): string {
  const ext = extname(fileName).slice(1).toLowerCase();
  return KINDS[kind].extensions.includes(ext) ? fileName : `${fileName}.${KINDS[kind].extensions[0]}`;
}

/** An attachment over the limit: refused before it is read (by its declared length) or while it streams in. */
export function attachmentTooLarge(name: string): AppError {
  return new AppError(
    ErrorCodes.BadInput,
    `附件“${name}”超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB：请压缩图片、降低扫描分辨率或拆分成几个文件后上传`,
    `the attachment is larger than ${MAX_ATTACHMENT_BYTES} bytes`,
    { tooLarge: true },
  );
}

/** The folder of this process's staged attachments. */
export const ATTACHMENT_STAGING_ROOT = join(tmpdir(), "kaohe-attachments");
export const attachmentStagingDir = join(ATTACHMENT_STAGING_ROOT, String(process.pid));

export interface StagedAttachment {
  /** what the submission names the file by */
  token: string;
  /** the name it is kept under (the user's, the right extension added when missing) */
  fileName: string;
  mediaType: string;
  size: number;
}

interface Sidecar {
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** the username of who staged it */
  uploadedBy: string;
  createdAt: string;
}

export interface TakenAttachment {
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  content: Buffer;
}

const TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const binPath = (token: string) => join(attachmentStagingDir, `${token}.bin`);
const sidecarPath = (token: string) => join(attachmentStagingDir, `${token}.json`);

function removeStaged(token: string): void {
  rmSync(binPath(token), { force: true });
  rmSync(sidecarPath(token), { force: true });
}

/** Remove what is older than a day, and the oldest of this user's beyond their allowance: with room for one more coming, or with `keep` just written. */
function pruneStaged(username: string, keep?: string): void {
  let entries: string[];
  try {
    entries = readdirSync(attachmentStagingDir);
  } catch {
    return;
  }
  const cutoff = Date.now() - KEEP_STAGED_MS;
  const mine: { token: string; at: number }[] = [];
  for (const entry of entries) {
    const token = entry.replace(/\.(bin|json)$/, "");
    if (!TOKEN.test(token)) continue;
    try {
      const at = statSync(join(attachmentStagingDir, entry)).mtimeMs;
      if (at < cutoff) {
        removeStaged(token);
        continue;
      }
      if (!entry.endsWith(".json")) continue;
      const sidecar = JSON.parse(readFileSync(join(attachmentStagingDir, entry), "utf8")) as Sidecar;
      if (sidecar.uploadedBy === username && token !== keep) mine.push({ token, at });
    } catch {
      // removed meanwhile, or being written: left for another time
    }
  }
  mine.sort((a, b) => a.at - b.at);
  for (const { token } of mine.slice(0, Math.max(0, mine.length - (MAX_STAGED_PER_USER - 1)))) removeStaged(token);
}

/** Tells a file's type by its content and refuses what it may not be (`sniffAttachment`), here or in another thread. */
type AttachmentCheck = (content: Buffer, fileName: string) => Promise<SniffedAttachment>;

const checkHere: AttachmentCheck = async (content, fileName) => sniffAttachment(content, fileName);

/**
 * Stage an uploaded attachment: checked by its name, its declared length (before anything is read), its size as it
 * streams in and its content (by `check`: the server's in its checker thread, as reading a 10 MB file takes a while);
 * refused with nothing kept.
 */
export async function stageAttachment(
  rawName: string,
  body: Readable | AsyncIterable<Uint8Array>,
  username: string,
  declaredLength?: number,
  check: AttachmentCheck = checkHere,
): Promise<StagedAttachment> {
  const name = checkFileName(rawName);
  if (declaredLength !== undefined && Number.isFinite(declaredLength) && declaredLength > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge(name);
  const mine = uploading.get(username) ?? 0;
  let all = 0;
  for (const n of uploading.values()) all += n;
  if (mine >= MAX_UPLOADING_PER_USER || all >= MAX_UPLOADING) {
    throw new AppError(
      ErrorCodes.Conflict,
      mine >= MAX_UPLOADING_PER_USER ? "正在上传的附件过多：请等前面的文件上传完成后再上传" : "服务器正忙于接收其他附件：请稍后再上传",
      "too many uploads in progress",
    );
  }
  uploading.set(username, mine + 1);
  try {
    return await stage(name, body, username, check);
  } finally {
    const left = (uploading.get(username) ?? 1) - 1;
    if (left > 0) uploading.set(username, left);
    else uploading.delete(username);
  }
}

async function stage(name: string, body: Readable | AsyncIterable<Uint8Array>, username: string, check: AttachmentCheck): Promise<StagedAttachment> {
  pruneStaged(username);
  mkdirSync(attachmentStagingDir, { recursive: true, mode: 0o700 });
  const token = randomUUID();
  const hash = createHash("sha256");
  const chunks: Uint8Array[] = [];
  const size = await streamToFile(body, binPath(token), MAX_ATTACHMENT_BYTES, attachmentTooLarge(name), (chunk) => {
    hash.update(chunk);
    chunks.push(chunk);
  });
  let sniffed: SniffedAttachment;
  try {
    sniffed = await check(Buffer.concat(chunks), name);
  } catch (err) {
    await rm(binPath(token), { force: true });
    throw err;
  }
  const sidecar: Sidecar = {
    fileName: attachmentName(name, sniffed.kind),
    mediaType: sniffed.mediaType,
    size,
    sha256: hash.digest("hex"),
    uploadedBy: username,
    createdAt: new Date().toISOString(),
  };
  try {
    await writeFile(sidecarPath(token), JSON.stringify(sidecar), { mode: 0o600 });
  } catch (err) {
    removeStaged(token);
    throw err;
  }
  // the per-user limit, counted again with this one written (the oldest go)
  pruneStaged(username, token);
  return { token, fileName: sidecar.fileName, mediaType: sidecar.mediaType, size };
}

function expired(tokens: readonly string[], en: string): AppError {
  return new AppError(ErrorCodes.BadInput, "附件已失效，请重新上传", en, { expiredAttachments: tokens });
}

/**
 * The staged files of a submission, read back and checked: each token well-formed, still staged, staged by this same
 * user, its bytes those staged. They stay staged until `discardStaged` (a refused submission can be sent again).
 */
export async function takeStaged(tokens: readonly string[], username: string): Promise<TakenAttachment[]> {
  const unique = [...new Set(tokens)];
  if (unique.length > MAX_ATTACHMENTS) {
    throw new AppError(
      ErrorCodes.BadInput,
      `每次最多附 ${MAX_ATTACHMENTS} 个文件，这次有 ${unique.length} 个：请删去一些，或合并为一个 PDF`,
      "too many attachments",
      {
        maxAttachments: MAX_ATTACHMENTS,
      },
    );
  }
  const malformed = unique.filter((t) => typeof t !== "string" || !TOKEN.test(t));
  if (malformed.length > 0) throw expired([], "malformed attachment token");
  const taken: TakenAttachment[] = [];
  for (const token of unique) {
    let sidecar: Sidecar;
    let content: Buffer;
    try {
      sidecar = JSON.parse(await readFile(sidecarPath(token), "utf8")) as Sidecar;
      content = await readFile(binPath(token));
    } catch {
      throw expired([token], `attachment ${token} is not staged`);
    }
    // someone else's token is answered as if it did not exist
    if (sidecar.uploadedBy !== username) throw expired([token], `attachment ${token} is not staged`);
    const sha256 = createHash("sha256").update(content).digest("hex");
    if (content.length !== sidecar.size || sha256 !== sidecar.sha256) throw expired([token], `attachment ${token} changed on disk`);
    taken.push({ fileName: sidecar.fileName, mediaType: sidecar.mediaType, size: content.length, sha256, content });
  }
  return taken;
}

/** Remove staged files (after the submission that took them was committed). Tokens not well-formed are ignored. */
export async function discardStaged(tokens: readonly string[]): Promise<void> {
  await Promise.all(
    tokens.filter((t) => typeof t === "string" && TOKEN.test(t)).flatMap((t) => [rm(binPath(t), { force: true }), rm(sidecarPath(t), { force: true })]),
  );
}

/** Remove the staged attachments of processes that are gone (at server start); returns the folders removed. */
export function removeOrphanAttachments(): string[] {
  return removeDeadProcessFolders(ATTACHMENT_STAGING_ROOT);
}

/**
 * Attachments of written explanations and objections, kept in the database
 * with the rows they belong to (so a backup of the database holds them):
 * stored in the transaction that stores their explanation or objection,
 * listed without their bytes, read one at a time with the unit they belong to
 * (a unit user may only download their own unit's).
 */
import { createHash } from "node:crypto";
import type { Database, Prisma } from "@kaohe/db";
import { AppError, ErrorCodes } from "@kaohe/db";
import { periodLabel } from "@kaohe/time";

export type AttachmentOwnerType = "explanation" | "objection";

export interface AttachmentOwner {
  type: AttachmentOwnerType;
  id: number;
}

/** A file to store: its size and sha256 are computed here (when given, they must agree with the bytes). */
export interface NewAttachment {
  fileName: string;
  mediaType: string;
  content: Uint8Array;
  size?: number;
  sha256?: string;
}

export interface AttachmentInfo {
  id: number;
  ownerType: AttachmentOwnerType;
  ownerId: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: Date;
  uploadedBy: string;
}

export interface AttachmentFile extends AttachmentInfo {
  content: Buffer;
  /** the unit of the explanation or objection it belongs to (null: that row is gone) */
  unitCode: string | null;
}

/** What stores attachments: the Prisma client or a transaction's client. */
export type AttachmentWriter = Pick<Prisma, "attachment">;

/**
 * The attachment bytes one unit may keep for one month, its explanation and its objections together. One submission
 * takes 5 files of 10 MB at most (attachment-uploads.ts), but a unit may revise its explanation and raise objection
 * after objection, each with files of its own: without a cap one unit user could fill the disk the database is on.
 * 100 MB is a full explanation and as much again for objections; what a unit sends for a month (a scanned letter, a few
 * photos, a spreadsheet) is a few MB. All units at the cap every month, 40 × 12 × 100 MB, is under 50 GB a year.
 */
export const MAX_ATTACHMENT_BYTES_PER_UNIT_MONTH = 100 * 1024 * 1024;

/** A size as people read it: "90 MB", "12.5 MB", "3 KB", "0 KB". */
const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MB` : `${Math.ceil(bytes / 1024)} KB`);

/**
 * Refuse (in Chinese, saying how much is used and the cap) to store `files` for a unit's month when its explanation's
 * and objections' attachments, less those `removing`, would pass `MAX_ATTACHMENT_BYTES_PER_UNIT_MONTH`. Call it in the
 * transaction that stores them, with the transaction's client.
 */
export async function assertAttachmentRoom(
  tx: Pick<Prisma, "attachment" | "explanation" | "objection">,
  scope: { period: string; unitCode: string },
  files: readonly NewAttachment[],
  removing: readonly number[] = [],
): Promise<void> {
  const adding = files.reduce((n, f) => n + f.content.byteLength, 0);
  // a revision of the text alone is never refused, whatever is stored
  if (adding === 0) return;
  const where = { period: scope.period, unitCode: scope.unitCode };
  const explanations = (await tx.explanation.findMany({ where, select: { id: true } })).map((r) => r.id);
  const objections = (await tx.objection.findMany({ where, select: { id: true } })).map((r) => r.id);
  const stored = await tx.attachment.aggregate({
    _sum: { size: true },
    where: {
      id: { notIn: [...removing] },
      OR: [
        { ownerType: "explanation", ownerId: { in: explanations } },
        { ownerType: "objection", ownerId: { in: objections } },
      ],
    },
  });
  const used = stored._sum.size ?? 0;
  const cap = MAX_ATTACHMENT_BYTES_PER_UNIT_MONTH;
  if (used + adding <= cap) return;
  throw new AppError(
    ErrorCodes.Conflict,
    `本单位${periodLabel(scope.period)}的书面说明与异议已有附件 ${sizeText(used)}，加上本次的 ${sizeText(adding)} 将超过每月 ${sizeText(cap)} 的上限，本次未保存：` +
      "请压缩附件（如降低扫描分辨率）或只上传必要的材料；确需提交更多材料的，请与热线中心的考核管理员联系",
    `the unit's attachments for ${scope.period} would come to ${used + adding} bytes (${used} stored, ${adding} added), over the cap of ${cap}`,
    { used, adding, cap },
  );
}

/** An audit entry's note of the attachments a change removed (none: nothing). */
export const removedAttachmentsDetail = (removed: readonly { fileName: string; size: number }[]) =>
  removed.length > 0 ? { attachmentsRemoved: removed.map((a) => ({ name: a.fileName, size: a.size })) } : {};

const OWNER_TYPES: readonly string[] = ["explanation", "objection"];

const INFO = {
  id: true,
  ownerType: true,
  ownerId: true,
  fileName: true,
  mediaType: true,
  size: true,
  sha256: true,
  createdAt: true,
  uploadedBy: true,
} as const;

function checkOwnerType(type: string): asserts type is AttachmentOwnerType {
  if (!OWNER_TYPES.includes(type)) throw new AppError(ErrorCodes.BadInput, "附件只能属于书面说明或异议", `unknown attachment owner type ${type}`);
}

const asInfo = (row: Omit<AttachmentInfo, "ownerType"> & { ownerType: string }): AttachmentInfo => ({
  ...row,
  ownerType: row.ownerType as AttachmentOwnerType,
});

/** Store the files of an explanation or objection (in its transaction: pass the transaction's client). */
export async function insertAttachments(
  tx: AttachmentWriter,
  owner: AttachmentOwner,
  files: readonly NewAttachment[],
  uploadedBy: string,
): Promise<AttachmentInfo[]> {
  checkOwnerType(owner.type);
  const stored: AttachmentInfo[] = [];
  for (const file of files) {
    const content = Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength);
    const sha256 = createHash("sha256").update(content).digest("hex");
    if ((file.size !== undefined && file.size !== content.length) || (file.sha256 !== undefined && file.sha256 !== sha256)) {
      throw new AppError(
        ErrorCodes.BadInput,
        `附件“${file.fileName}”已损坏，请重新上传`,
        `attachment ${file.fileName}: size or sha256 does not match its bytes`,
      );
    }
    const row = await tx.attachment.create({
      data: {
        ownerType: owner.type,
        ownerId: owner.id,
        fileName: file.fileName,
        mediaType: file.mediaType,
        size: content.length,
        sha256,
        // a Buffer is the Uint8Array Prisma asks for (its memory is never shared)
        content: content as Uint8Array<ArrayBuffer>,
        uploadedBy,
      },
      select: INFO,
    });
    stored.push(asInfo(row));
  }
  return stored;
}

/** The attachments (without their bytes) of these explanations or objections, by owner and then as attached. */
export async function listAttachments(store: Pick<Database, "prisma">, type: AttachmentOwnerType, ids: readonly number[]): Promise<AttachmentInfo[]> {
  checkOwnerType(type);
  if (ids.length === 0) return [];
  const rows = await store.prisma.attachment.findMany({
    where: { ownerType: type, ownerId: { in: [...new Set(ids)] } },
    select: INFO,
    orderBy: [{ ownerId: "asc" }, { id: "asc" }],
  });
  return rows.map(asInfo);
}

/** One attachment with its bytes and the unit it belongs to, or null. */
export async function readAttachment(store: Pick<Database, "prisma">, id: number): Promise<AttachmentFile | null> {
  const row = await store.prisma.attachment.findUnique({ where: { id }, select: { ...INFO, content: true } });
  if (!row) return null;
  const where = { where: { id: row.ownerId }, select: { unitCode: true } };
  const owner =
    row.ownerType === "explanation"
      ? await store.prisma.explanation.findUnique(where)
      : row.ownerType === "objection"
        ? await store.prisma.objection.findUnique(where)
        : null;
  const { content, ...info } = row;
  return {
    ...asInfo(info),
    content: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
    unitCode: owner?.unitCode ?? null,
  };
}

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

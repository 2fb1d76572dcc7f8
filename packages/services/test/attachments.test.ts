/**
 * Attachments on both databases: the bytes come back exactly (every byte
 * value, NULs, a few MB), with their sha256; stored in the transaction of
 * their explanation or objection (rolled back with it); listed without their
 * bytes; read with the unit of what they belong to.
 */
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@kaohe/db";
import { databases, useDatabase } from "@kaohe/db/testing";
import { describe, expect, it } from "vitest";
import { insertAttachments, listAttachments, readAttachment } from "../src/attachments.ts";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe.each(databases)("attachments on $label", (target) => {
  const t = useDatabase(target);

  const explanation = (unitCode: string, period = "2018-03") =>
    t.db.prisma.explanation.create({
      data: { period, unitCode, text: "情况说明", reasons: ["应办未办"], status: "submitted", submittedBy: "tangshan" },
    });
  const objection = (unitCode: string) =>
    t.db.prisma.objection.create({
      data: { period: "2018-03", unitCode, subject: "other", proposed: [], reason: "工单不属于本单位", status: "open", raisedBy: "tangshan" },
    });

  it("stores and reads back the bytes exactly, with their size and sha256", async () => {
    const e = await explanation("HTZ01");
    const every = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    const big = randomBytes(3 * 1024 * 1024);
    const stored = await insertAttachments(
      t.db.prisma,
      { type: "explanation", id: e.id },
      [
        { fileName: "每个字节.bin.pdf", mediaType: "application/pdf", content: every },
        { fileName: "扫描件.pdf", mediaType: "application/pdf", content: big, size: big.length, sha256: sha(big) },
      ],
      "tangshan",
    );
    expect(stored.map((a) => [a.ownerType, a.ownerId, a.fileName, a.size, a.sha256, a.uploadedBy])).toEqual([
      ["explanation", e.id, "每个字节.bin.pdf", 512, sha(every), "tangshan"],
      ["explanation", e.id, "扫描件.pdf", big.length, sha(big), "tangshan"],
    ]);
    for (const [info, bytes] of [
      [stored[0], every],
      [stored[1], big],
    ] as const) {
      const read = await readAttachment(t.db, info?.id as number);
      expect(read?.content).toBeInstanceOf(Buffer);
      expect(read?.content.equals(bytes)).toBe(true);
      expect(sha(read?.content as Buffer)).toBe(info?.sha256);
      expect(read).toMatchObject({ fileName: info?.fileName, mediaType: "application/pdf", size: bytes.length, unitCode: "HTZ01", ownerType: "explanation" });
      expect(read?.createdAt).toBeInstanceOf(Date);
    }
  });

  it("lists attachments of several owners without their bytes; an objection's belong to its unit", async () => {
    const o1 = await objection("HTZ02");
    const o2 = await objection("HTZ03");
    const e = await explanation("HTZ02", "2018-04");
    await insertAttachments(t.db.prisma, { type: "objection", id: o1.id }, [{ fileName: "a.png", mediaType: "image/png", content: Buffer.from("a") }], "u2");
    await insertAttachments(t.db.prisma, { type: "objection", id: o2.id }, [{ fileName: "b.png", mediaType: "image/png", content: Buffer.from("b") }], "u3");
    // an explanation with the same id as an objection: the owner type keeps them apart
    await insertAttachments(
      t.db.prisma,
      { type: "explanation", id: e.id },
      [{ fileName: "c.pdf", mediaType: "application/pdf", content: Buffer.from("c") }],
      "u2",
    );
    const listed = await listAttachments(t.db, "objection", [o2.id, o1.id, o1.id]);
    expect(listed.map((a) => [a.ownerId, a.fileName])).toEqual([
      [o1.id, "a.png"],
      [o2.id, "b.png"],
    ]);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(["createdAt", "fileName", "id", "mediaType", "ownerId", "ownerType", "sha256", "size", "uploadedBy"]);
    expect(await listAttachments(t.db, "objection", [])).toEqual([]);
    expect((await readAttachment(t.db, listed[1]?.id as number))?.unitCode).toBe("HTZ03");
  });

  it("is stored in its owner's transaction: nothing of it stays when the transaction fails", async () => {
    const before = await t.db.prisma.attachment.count();
    await expect(
      t.db.prisma.$transaction(async (tx) => {
        const e = await tx.explanation.create({
          data: { period: "2018-05", unitCode: "HTZ01", text: "x", reasons: [], status: "submitted", submittedBy: "tangshan" },
        });
        await insertAttachments(
          tx,
          { type: "explanation", id: e.id },
          [{ fileName: "a.pdf", mediaType: "application/pdf", content: Buffer.from("%PDF-") }],
          "tangshan",
        );
        throw new Error("refused later");
      }),
    ).rejects.toThrow("refused later");
    expect(await t.db.prisma.attachment.count()).toBe(before);
    expect(await t.db.prisma.explanation.count({ where: { period: "2018-05" } })).toBe(0);
  });

  it("refuses bytes that do not match their size or sha256, and an unknown owner type", async () => {
    const e = await explanation("HTZ04");
    const file = { fileName: "a.pdf", mediaType: "application/pdf", content: Buffer.from("%PDF-1.4") };
    await expect(insertAttachments(t.db.prisma, { type: "explanation", id: e.id }, [{ ...file, sha256: sha(Buffer.from("x")) }], "u")).rejects.toThrow(
      AppError,
    );
    await expect(insertAttachments(t.db.prisma, { type: "explanation", id: e.id }, [{ ...file, size: 1 }], "u")).rejects.toThrow("已损坏");
    await expect(insertAttachments(t.db.prisma, { type: "report" as "explanation", id: e.id }, [file], "u")).rejects.toThrow(AppError);
    expect(await listAttachments(t.db, "explanation", [e.id])).toEqual([]);
  });

  it("reads nothing for an unknown id; the unit is null when its owner is gone", async () => {
    expect(await readAttachment(t.db, 987654)).toBeNull();
    const [a] = await insertAttachments(
      t.db.prisma,
      { type: "objection", id: 424242 },
      [{ fileName: "a.gif", mediaType: "image/gif", content: Buffer.from("GIF89a") }],
      "u",
    );
    const read = await readAttachment(t.db, a?.id as number);
    expect(read?.unitCode).toBeNull();
    expect(read?.content.toString("latin1")).toBe("GIF89a");
  });
});

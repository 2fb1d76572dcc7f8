/**
 * What a unit keeps in attachments for a month: its explanation's and its objections' together stay under the cap
 * (100 MB), a submission past it refused in Chinese with what is used and the cap, nothing stored; a revision of the
 * explanation removes the attachments it does not keep, and keeps every one when it names none (the console's form).
 */
import { Readable } from "node:stream";
import { AppError } from "@kaohe/db/errors";
import { discardStaged, MAX_ATTACHMENT_BYTES_PER_UNIT_MONTH, type NewAttachment, raiseObjection, stageAttachment, submitExplanation } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sample from "./attachment-samples.ts";
import { openSeededApi, rejection, type TestApi } from "./support.ts";

const MONTH = "2018-03";
const MB = 1024 * 1024;

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
  await api.as("admin").cycle.openPreview({ period: MONTH });
}, 120_000);
afterAll(() => api?.close());

/** `n` files of `mb` MB each (the services take the bytes as they are: sniffing was the upload's). */
const files = (n: number, mb: number, name = "扫描件"): NewAttachment[] => {
  const content = Buffer.alloc(mb * MB, 0x20);
  return Array.from({ length: n }, (_, i) => ({ fileName: `${name}${i + 1}.pdf`, mediaType: "application/pdf", content }));
};

/** A small PDF staged for the unit user (唐山镇's 测试-unit), as PUT /attachments does. */
async function staged(name: string): Promise<string> {
  const bytes = sample.pdf(name);
  return (await stageAttachment(`${name}.pdf`, Readable.from([bytes]), "测试-unit", bytes.length)).token;
}

const objection = (unitCode: string, reason: string, attached: NewAttachment[]) =>
  raiseObjection(api.store, { period: MONTH, unitCode, subject: "other", changes: [], reason, files: attached, actor: "测试-unit" });

/** Bytes of the unit's attachments for the month, and how many. */
async function stored(unitCode: string): Promise<{ bytes: number; count: number }> {
  const p = api.store.prisma;
  const explanations = (await p.explanation.findMany({ where: { period: MONTH, unitCode } })).map((e) => e.id);
  const objections = (await p.objection.findMany({ where: { period: MONTH, unitCode } })).map((o) => o.id);
  const where = {
    OR: [
      { ownerType: "explanation", ownerId: { in: explanations } },
      { ownerType: "objection", ownerId: { in: objections } },
    ],
  };
  const sum = await p.attachment.aggregate({ _sum: { size: true }, _count: true, where });
  return { bytes: sum._sum.size ?? 0, count: sum._count };
}

const ids = { objection: 0 };

describe("a unit's attachments for a month", () => {
  it("stay under the cap across its explanation and objections: past it a submission is refused, saying what is used and the cap", async () => {
    expect(MAX_ATTACHMENT_BYTES_PER_UNIT_MONTH).toBe(100 * MB);
    const text = "三件超期系道路施工所致，已与施工方协调整改。";
    await submitExplanation(api.store, { period: MONTH, unitCode: "HTZ01", text, files: files(5, 10), actor: "测试-unit" });
    ids.objection = (await objection("HTZ01", "二月转来的工单不属于本单位", files(4, 10))).id;
    expect(await stored("HTZ01")).toEqual({ bytes: 90 * MB, count: 9 });

    // 12 MB more would be 102 MB: refused, nothing stored
    const objections = await api.store.prisma.objection.count();
    const over = await objection("HTZ01", "回访记录有误", files(2, 6)).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(over).toBeInstanceOf(AppError);
    expect([over?.code, over?.zh, over?.detail]).toEqual([
      "CONFLICT",
      "本单位2018年3月的书面说明与异议已有附件 90 MB，加上本次的 12 MB 将超过每月 100 MB 的上限，本次未保存：请压缩附件（如降低扫描分辨率）或只上传必要的材料；确需提交更多材料的，请与热线中心的考核管理员联系",
      { used: 90 * MB, adding: 12 * MB, cap: 100 * MB },
    ]);
    expect(await api.store.prisma.objection.count()).toBe(objections);
    expect(await stored("HTZ01")).toEqual({ bytes: 90 * MB, count: 9 });

    // up to the cap itself is taken
    await objection("HTZ01", "回访记录有误", files(1, 10, "回访录音整理"));
    expect(await stored("HTZ01")).toEqual({ bytes: 100 * MB, count: 10 });

    // through the API: a small PDF more is refused as a conflict (409), in the same words
    const unit = api.as("unit");
    const token = await staged("回访记录");
    const refused = await rejection(unit.objections.raise({ period: MONTH, subject: "other", reason: "另一件工单的回访有误", attachments: [token] }));
    // a refused submission leaves its file staged, to be sent again
    await discardStaged([token]);
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/^本单位2018年3月的书面说明与异议已有附件 100 MB，加上本次的 1 KB 将超过每月 100 MB 的上限，本次未保存/);
    expect(await stored("HTZ01")).toEqual({ bytes: 100 * MB, count: 10 });
    // the text of the explanation can still be revised: it adds nothing
    const revised = await unit.explanations.submit({ period: MONTH, text: `${text}另附整改台账。` });
    expect(revised.attachments.length).toBe(5);
    // another unit's month is its own
    await objection("HTZ02", "该件不属于本单位", files(1, 10));
    expect((await stored("HTZ02")).bytes).toBe(10 * MB);
  });

  it("a revision of the explanation removes the attachments it does not keep, keeps every one when it names none, and makes room", async () => {
    const unit = api.as("unit");
    const text = "三件超期系道路施工所致，已与施工方协调整改。另附整改台账。";
    const [explanation] = await unit.explanations.list({ period: MONTH });
    const [first, ...others] = explanation?.attachments ?? [];
    expect(others.length).toBe(4);
    const kept = await unit.explanations.submit({
      period: MONTH,
      text,
      attachments: [await staged("整改报告")],
      keepAttachments: [first?.id as number],
    });
    expect(kept.attachments.map((a) => a.fileName)).toEqual(["扫描件1.pdf", "整改报告.pdf"]);
    expect(await api.store.prisma.attachment.count({ where: { id: { in: others.map((a) => a.id) } } })).toBe(0);
    const audit = await api.store.prisma.auditLog.findFirstOrThrow({ where: { action: "explanation.revise" }, orderBy: { id: "desc" } });
    expect((audit.detail as { attachmentsRemoved: unknown }).attachmentsRemoved).toEqual(
      ["扫描件2.pdf", "扫描件3.pdf", "扫描件4.pdf", "扫描件5.pdf"].map((name) => ({ name, size: 10 * MB })),
    );
    // the 40 MB it removed are room again
    await objection("HTZ01", "三月另一件工单不属于本单位", files(3, 10));

    // named none (the console's form): every earlier one stays, the new one is added
    const added = await unit.explanations.submit({ period: MONTH, text, attachments: [await staged("补充说明")] });
    expect(added.attachments.map((a) => a.fileName)).toEqual(["扫描件1.pdf", "整改报告.pdf", "补充说明.pdf"]);

    // one that is not the explanation's (an objection's) cannot be kept: refused, nothing changed
    const [objectionFile] = (await unit.objections.get({ id: ids.objection })).attachments;
    const before = await stored("HTZ01");
    const stray = await rejection(unit.explanations.submit({ period: MONTH, text, keepAttachments: [first?.id as number, objectionFile?.id as number] }));
    expect([stray.code, stray.message]).toEqual([
      "BAD_REQUEST",
      `附件 #${objectionFile?.id} 不是本单位2018年3月书面说明的附件（页面所示已过时）：请刷新页面后再提交`,
    ]);
    expect(await stored("HTZ01")).toEqual(before);
    expect((await unit.explanations.list({ period: MONTH }))[0]?.attachments.length).toBe(3);

    // at 90 MB, 20 MB more is refused to an objection, but taken by a revision that drops the explanation's 10 MB
    expect(before.bytes).toBeGreaterThan(90 * MB);
    await expect(objection("HTZ01", "四件工单的回访有误", files(2, 10))).rejects.toMatchObject({ code: "CONFLICT" });
    const replaced = await submitExplanation(api.store, {
      period: MONTH,
      unitCode: "HTZ01",
      text,
      files: files(2, 10, "整改台账"),
      keepAttachments: [],
      actor: "测试-unit",
    });
    expect(replaced.attachments.map((a) => a.fileName)).toEqual(["整改台账1.pdf", "整改台账2.pdf"]);
    expect(await stored("HTZ01")).toEqual({ bytes: 100 * MB, count: 10 });
  });
});

/**
 * Attachments through the real server: a unit user uploads a file (staged on
 * disk, typed by its content; a program renamed .pdf, a body declared too
 * large, a change without the CSRF header, the wrong role, nobody signed in:
 * refused in Chinese, nothing kept), and downloads it once stored — a unit
 * user only their own unit's, always as a download with the sniffed type.
 */
import { existsSync, readdirSync } from "node:fs";
import { request } from "node:http";
import type { Store } from "@kaohe/db";
import { attachmentStagingDir, createUser, discardStaged, insertAttachments, takeStaged } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sample from "../../../packages/api/test/attachment-samples.ts";
import { rawExchange, type Session, signIn, signInAs, startDemoServer } from "./support.ts";

const CHINESE = /[\u4e00-\u9fff]/;
const OTHER_UNIT_PASSWORD = "Qita-Zhen-Pass-2018";

let store: Store;
let close: () => Promise<void>;
let base: string;
let port: number;
let unit: Session;

beforeAll(async () => {
  ({ store, base, port, close } = await startDemoServer("kaohe-attachments-"));
  await createUser(store, { username: "qitazhen", displayName: "其他镇联络员", role: "unit", unitCode: "HTZ02", password: OTHER_UNIT_PASSWORD }, "测试准备");
  unit = await signInAs(base, "unit");
}, 120_000);

afterAll(() => close());

interface Staged {
  token: string;
  fileName: string;
  mediaType: string;
  size: number;
}

const staged = () => (existsSync(attachmentStagingDir) ? readdirSync(attachmentStagingDir).sort() : []);
const put = (session: Session, name: string, body: Buffer, init: RequestInit = {}) =>
  session.fetch(`/attachments?name=${encodeURIComponent(name)}`, { method: "PUT", body: new Uint8Array(body), ...init });

/** Send bytes as they are; the whole answer as text. */
const raw = (bytes: string) => rawExchange(port, bytes);

describe("PUT /attachments", () => {
  it("a unit user uploads a PDF: 201 with its token, staged for that user", async () => {
    const bytes = sample.pdf("唐山镇情况说明");
    const res = await put(unit, "情况说明.pdf", bytes);
    expect(res.status).toBe(201);
    const body = (await res.json()) as Staged;
    expect(body).toEqual({ token: expect.stringMatching(/^[0-9a-f-]{36}$/), fileName: "情况说明.pdf", mediaType: "application/pdf", size: bytes.length });
    expect(staged()).toContain(`${body.token}.bin`);
    const [taken] = await takeStaged([body.token], "tangshan");
    expect(taken?.content.equals(bytes)).toBe(true);
    await expect(takeStaged([body.token], "qitazhen")).rejects.toThrow("附件已失效，请重新上传");
    await discardStaged([body.token]);
  });

  it("a Word document and a photo are typed by their content, whatever their names", async () => {
    const docx = (await (await put(unit, "说明", await sample.docx())).json()) as Staged;
    const photo = (await (await put(unit, "照片.exe", sample.png())).json()) as Staged;
    expect([docx.fileName, docx.mediaType]).toEqual(["说明.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]);
    expect([photo.fileName, photo.mediaType]).toEqual(["照片.exe.png", "image/png"]);
    await discardStaged([docx.token, photo.token]);
  });

  it("a program renamed .pdf: 400 in Chinese, nothing staged", async () => {
    const before = staged();
    const res = await put(unit, "情况说明.pdf", sample.exe());
    expect(res.status).toBe(400);
    const body = (await res.json()) as { zh: string };
    expect(body.zh).toContain("Windows 可执行程序");
    expect(body.zh).toMatch(CHINESE);
    expect(staged()).toEqual(before);
  });

  it("a body declared as 200 MB: 413 before it is read, nothing staged", async () => {
    const before = staged();
    const answer = await raw(
      `PUT /attachments?name=${encodeURIComponent("扫描件.pdf")} HTTP/1.1\r\nHost: x\r\nCookie: ${unit.cookie}\r\nX-Kaohe-Csrf: 1\r\nContent-Length: ${200 * 1024 * 1024}\r\nConnection: close\r\n\r\n%PDF-1.4`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain("超过 10 MB");
    expect(staged()).toEqual(before);
  });

  it("a body over 10 MB without a declared length: 413 as it streams in, nothing staged", async () => {
    const before = staged();
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${base}/attachments?name=${encodeURIComponent("扫描件.pdf")}`,
        { method: "PUT", headers: { cookie: unit.cookie, "x-kaohe-csrf": "1", "transfer-encoding": "chunked" } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        },
      );
      // the server may close the connection while we still write: that is the point
      req.on("error", (err) => (String(err).includes("EPIPE") || String(err).includes("ECONNRESET") ? undefined : reject(err)));
      req.write(sample.pdf());
      const mb = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = () => {
        while (sent < 11 && !req.destroyed) {
          sent++;
          if (!req.write(mb)) return void req.once("drain", more);
        }
        req.end();
      };
      more();
    });
    expect(status).toBe(413);
    expect(text).toContain("超过 10 MB");
    expect(staged()).toEqual(before);
  });

  it("an empty file and a missing name: 400 in Chinese", async () => {
    const empty = await put(unit, "空.pdf", Buffer.alloc(0));
    expect([empty.status, ((await empty.json()) as { zh: string }).zh]).toEqual([400, "附件“空.pdf”是空的：请选择有内容的文件"]);
    const nameless = await unit.fetch("/attachments", { method: "PUT", body: new Uint8Array(sample.pdf()) });
    expect(nameless.status).toBe(400);
    expect(((await nameless.json()) as { zh: string }).zh).toContain("缺少文件名");
  });

  it("refused without the CSRF header (403), for other roles (403) and for nobody signed in (401)", async () => {
    const before = staged();
    const noCsrf = await fetch(`${base}/attachments?name=a.pdf`, { method: "PUT", headers: { cookie: unit.cookie }, body: new Uint8Array(sample.pdf()) });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { zh: string }).zh).toContain("防跨站");
    for (const role of ["viewer", "admin", "sysadmin", "editor"] as const) {
      const res = await put(await signInAs(base, role), "a.pdf", sample.pdf());
      expect([role, res.status]).toEqual([role, 403]);
      expect(((await res.json()) as { zh: string }).zh).toMatch(/^没有权限/);
    }
    const anonymous = await fetch(`${base}/attachments?name=a.pdf`, { method: "PUT", headers: { "x-kaohe-csrf": "1" }, body: new Uint8Array(sample.pdf()) });
    expect(anonymous.status).toBe(401);
    expect(staged()).toEqual(before);
  });
});

describe("GET /attachments/<id>", () => {
  let own: number;
  let others: number;
  let asciiNamed: number;
  const bytes = sample.pdf("唐山镇的材料");

  beforeAll(async () => {
    const explanation = await store.prisma.explanation.create({
      data: { period: "2018-03", unitCode: "HTZ01", text: "情况说明", reasons: [], status: "submitted", submittedBy: "tangshan" },
    });
    const objection = await store.prisma.objection.create({
      data: { period: "2018-03", unitCode: "HTZ02", subject: "other", proposed: [], reason: "工单不属于本单位", status: "open", raisedBy: "qitazhen" },
    });
    // the unit's file goes the whole way: uploaded, taken from staging, stored
    const uploaded = (await (await put(unit, "唐山镇 情况说明.pdf", bytes)).json()) as Staged;
    const files = await takeStaged([uploaded.token], "tangshan");
    const stored = await insertAttachments(
      store.prisma,
      { type: "explanation", id: explanation.id },
      [...files, { fileName: "scan (1).png", mediaType: "image/png", content: sample.png() }],
      "tangshan",
    );
    await discardStaged([uploaded.token]);
    own = stored[0]?.id as number;
    asciiNamed = stored[1]?.id as number;
    others = (
      await insertAttachments(
        store.prisma,
        { type: "objection", id: objection.id },
        [{ fileName: "现场照片.jpg", mediaType: "image/jpeg", content: sample.jpeg() }],
        "qitazhen",
      )
    )[0]?.id as number;
  });

  it("the unit's own attachment downloads byte for byte, as a download of its sniffed type that nothing may run", async () => {
    const res = await unit.fetch(`/attachments/${own}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="attachment-${own}.pdf"; filename*=UTF-8''${encodeURIComponent("唐山镇 情况说明.pdf")}`,
    );
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("sandbox");
    expect(res.headers.get("cache-control")).toMatch(/^private/);
    const ascii = await unit.fetch(`/attachments/${asciiNamed}`);
    expect(ascii.headers.get("content-disposition")).toBe(`attachment; filename="scan (1).png"; filename*=UTF-8''scan%20%281%29.png`);
    expect(ascii.headers.get("content-type")).toBe("image/png");
  });

  it("another unit's attachment: answered as one that does not exist (audited), either way round", async () => {
    const res = await unit.fetch(`/attachments/${others}`);
    const none = await unit.fetch("/attachments/999999");
    // the same status and words as an id nobody has: which ids are other units' is not told
    expect([res.status, await res.json()]).toEqual([404, await none.json()]);
    const other = await signIn(base, "qitazhen", OTHER_UNIT_PASSWORD);
    expect((await other.fetch(`/attachments/${own}`)).status).toBe(404);
    expect((await other.fetch(`/attachments/${others}`)).status).toBe(200);
    await expect
      .poll(() => store.prisma.auditLog.count({ where: { action: "access.denied", entityId: `/attachments/${others}` } }), { timeout: 10_000 })
      .toBe(1);
  });

  it("the center and the viewer read any unit's; policy staff and nobody signed in are refused", async () => {
    for (const role of ["admin", "viewer", "sysadmin"] as const)
      expect([role, (await (await signInAs(base, role)).fetch(`/attachments/${others}`)).status]).toEqual([role, 200]);
    // 规则编辑 writes rubrics: what a unit sent the center is not theirs to read
    expect((await (await signInAs(base, "editor")).fetch(`/attachments/${others}`)).status).toBe(403);
    expect((await fetch(`${base}/attachments/${own}`)).status).toBe(401);
  });

  it("an attachment that does not exist, or an address that names none: 404", async () => {
    for (const path of ["/attachments/999999", "/attachments/99999999999999999999", "/attachments/abc", "/attachments/1/x"]) {
      const res = await unit.fetch(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(((await res.json()) as { zh: string }).zh).toMatch(CHINESE);
    }
    expect((await unit.fetch("/attachments")).status).toBe(405);
  });
});

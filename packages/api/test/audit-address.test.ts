/**
 * Every change is audited with the address it came from (the audit log's 地址): rubric drafts made, changed and
 * deleted, and imports, which run as jobs (in the server's writer thread) after the call that started them.
 */
import { Readable } from "node:stream";
import { uploads } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, importJobs } from "../src/index.ts";
import { ACTOR, openSeededApi, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
});
afterAll(async () => {
  await api?.close();
});

const ADDRESS = "10.20.30.40";
const lastAddress = async (action: string) =>
  (await api.store.prisma.auditLog.findFirst({ where: { action }, orderBy: { id: "desc" }, select: { address: true } }))?.address;

describe("the address in the audit log", () => {
  it("of a rubric draft created, changed and deleted", async () => {
    const caller = createCaller({ store: api.store, user: api.user, address: ADDRESS });
    const text = 'rubric "地址测试" version "a1"\nin force from 2030-01\n';
    const draft = await caller.rubrics.createDraft({ text });
    await caller.rubrics.updateDraft({ id: draft.id, text: `${text}// 改\n` });
    await caller.rubrics.remove({ id: draft.id });
    for (const action of ["rubric.create", "rubric.update", "rubric.delete"]) expect([action, await lastAddress(action)]).toEqual([action, ADDRESS]);
  });

  it("of an import, written by the job after the call returned", async () => {
    const caller = createCaller({ store: api.store, user: api.user, address: ADDRESS });
    const { uploadId } = await uploads.save("units-地址.csv", Readable.from([Buffer.from("单位编码,单位名称,类别\nHTZ98,地址镇,镇\n")]), ACTOR);
    await caller.imports.start({ files: [{ uploadId }] });
    await importJobs.idle();
    expect(await lastAddress("import.units")).toBe(ADDRESS);
  });
});

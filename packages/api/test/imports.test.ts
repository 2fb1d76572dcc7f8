import { randomUUID } from "node:crypto";
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { generateDemoDataset, writeDemoFiles } from "@kaohe/data";
import { type AppError, importFiles } from "@kaohe/db";
import { PENDING_UPLOADS_MAX, Uploads, uploads } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { odsBytes, odsRow } from "../../data/test/support/ods-writer.ts";
import { type ImportJob, importJobs } from "../src/index.ts";
import { ACTOR, openSeededApi, rejection, type TestApi } from "./support.ts";

let api: TestApi;
let demoDir: string;
beforeAll(async () => {
  api = await openSeededApi();
  demoDir = await mkdtemp(join(tmpdir(), "kaohe-api-demo-"));
  await writeDemoFiles(demoDir, generateDemoDataset());
});
afterAll(async () => {
  await api?.close();
  if (demoDir) await rm(demoDir, { recursive: true, force: true });
});

/** A file uploaded the way the server's upload route stores it. */
const upload = async (name: string, text: string | Buffer) => ({ uploadId: (await uploads.save(name, Readable.from([Buffer.from(text)]), ACTOR)).uploadId });

const counts = async () => ({
  units: await api.store.prisma.unit.count(),
  orders: await api.store.prisma.order.count(),
  batches: await api.store.prisma.importBatch.count(),
});

/** Poll the job the way the console does, keeping every state seen. */
async function pollUntilFinished(jobId: string): Promise<ImportJob[]> {
  const seen: ImportJob[] = [];
  for (;;) {
    const job = await api.caller.imports.job({ jobId });
    seen.push(job);
    if (job.state !== "running") return seen;
    await new Promise((r) => setTimeout(r, 2));
  }
}

const ORDER_HEADER = "工单编号,承办单位,来源,受理时间,办理时限,办结时间";

describe("imports", () => {
  it("lists the demo's import batches, newest first", async () => {
    const batches = await api.caller.imports.list();
    expect(batches.map((b) => [b.kind, b.fileName, b.rows, b.inserted])).toEqual([
      ["calendar", "calendar.csv", 69, 69],
      ["facts", "facts.csv", 158, 158],
      ["events", "events.csv", 243, 243],
      ["orders", "orders.csv", 12413, 12413],
      ["units", "units.csv", 40, 40],
    ]);
    expect(batches[0]).toMatchObject({ updated: 0, unchanged: 0, createdBy: "演示数据" });
    expect(typeof batches[0]?.createdAt).toBe("string");
  });

  it("runs a bad file as a job that fails with every problem and stores nothing", async () => {
    const before = await counts();
    const bad = [
      ORDER_HEADER,
      "HT29990100001,唐山镇,市中心,2017-10-03 09:00,2017-10-10,2017-10-08",
      "HT29990100002,不存在的镇,市中心,2017-13-03,2017-10-10,",
    ].join("\n");
    const { jobId } = await api.caller.imports.start({
      files: [await upload("units-新增.csv", "单位编码,单位名称,类别\nHTZ99,新区镇,镇\n"), await upload("orders-坏.csv", bad)],
    });
    const seen = await pollUntilFinished(jobId);
    const job = seen.at(-1) as ImportJob;
    expect(job.state).toBe("failed");
    expect(job.error?.zh).toMatch(/^文件中有 \d+ 处问题，没有导入任何数据：请按问题清单改正后重新上传$/);
    expect(job.result?.ok).toBe(false);
    if (job.result?.ok !== false) return;
    expect(job.result.problemCount).toBe(job.result.problems.length);
    expect(job.result.problems.map((p) => [p.file, p.row, p.column])).toEqual([
      ["orders-坏.csv", 3, "承办单位"],
      ["orders-坏.csv", 3, "受理时间"],
    ]);
    for (const p of job.result.problems) {
      expect(p.reason).toMatch(/[\u4e00-\u9fff]/);
      expect(p.reasonEn).toBeTruthy();
    }
    expect(job.result.problems[0]?.value).toBe("不存在的镇");
    // the good units file of the same upload was rolled back too
    expect(await counts()).toEqual(before);
  });

  it("runs good files as a job that reports its progress and ends done", async () => {
    const before = await counts();
    const orders = await readFile(join(demoDir, "orders.csv"));
    const newOrders = [
      ORDER_HEADER,
      "HT29990100001,新区镇,市中心,2018-03-03 09:00,2018-03-10,2018-03-08",
      "HT29990100002,HTZ99,县中心,2018-03-04 10:00,2018-03-11,",
    ].join("\n");
    const { jobId } = await api.caller.imports.start({
      files: [
        // the demo's orders again (all unchanged) make the job long enough to watch
        await upload("orders.csv", orders),
        await upload("orders-新增.csv", newOrders),
        await upload("单位-新增.csv", "单位编码,单位名称,类别\nHTZ99,新区镇,镇\n"),
      ],
    });
    const seen = await pollUntilFinished(jobId);
    const job = seen.at(-1) as ImportJob;
    expect(job.state).toBe("done");
    expect(job.error).toBeUndefined();
    expect(job.progress.fraction).toBe(1);
    expect(job.createdBy).toBe(ACTOR);
    expect(job.files).toEqual(["orders.csv", "orders-新增.csv", "单位-新增.csv"]);

    const fractions = seen.map((j) => j.progress.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const midway = seen.filter((j) => j.state === "running" && j.progress.fraction > 0 && j.progress.fraction < 1);
    expect(midway.length).toBeGreaterThan(0);
    expect(midway.some((j) => j.progress.file === "orders.csv" && j.progress.rows > 0)).toBe(true);

    expect(job.result?.ok).toBe(true);
    if (!job.result?.ok) return;
    // units are imported first, whatever the order of the upload
    expect(job.result.files.map((f) => [f.file, f.kind, f.rows, f.inserted, f.updated, f.unchanged])).toEqual([
      ["单位-新增.csv", "units", 1, 1, 0, 0],
      ["orders.csv", "orders", 12413, 0, 0, 12413],
      ["orders-新增.csv", "orders", 2, 2, 0, 0],
    ]);
    expect(await counts()).toEqual({ units: before.units + 1, orders: before.orders + 2, batches: before.batches + 2 });
    const latest = await api.caller.imports.list({ limit: 2 });
    expect(latest.map((b) => b.fileName).sort()).toEqual(["orders-新增.csv", "单位-新增.csv"]);
  });

  it("imports an .ods (LibreOffice) file as it imports an .xlsx", async () => {
    const before = await counts();
    const at = (v: string) => ({ xml: `<table:table-cell office:value-type="date" office:date-value="${v}"><text:p>${v}</text:p></table:table-cell>` });
    const ods = await odsBytes([
      {
        name: "工单",
        rows:
          odsRow(["2018年3月新增工单"]) +
          odsRow(ORDER_HEADER.split(",")) +
          odsRow(["HT29990300001", "HTZ01", "市中心", at("2018-03-05T09:00:00"), at("2018-03-12"), at("2018-03-09T16:30:00")]),
      },
    ]);
    const { jobId } = await api.caller.imports.start({ files: [await upload("工单-LibreOffice.ods", ods)] });
    const job = (await pollUntilFinished(jobId)).at(-1) as ImportJob;
    expect(job.error).toBeUndefined();
    expect(job.result?.ok).toBe(true);
    if (!job.result?.ok) return;
    expect(job.result.files.map((f) => [f.file, f.kind, f.rows, f.inserted])).toEqual([["工单-LibreOffice.ods", "orders", 1, 1]]);
    expect(await counts()).toMatchObject({ orders: before.orders + 1 });
    const order = await api.store.prisma.order.findUnique({ where: { id: "HT29990300001" } });
    // 09:00 as written, Beijing time
    expect(Number(order?.receivedAt)).toBe(Date.UTC(2018, 2, 5, 1, 0));
  });

  it("imports an old Excel (.xls) file, as a hotline platform exports it, as it imports an .xlsx", async () => {
    const xls = await readFile(join(import.meta.dirname, "../../data/test/fixtures/xls/orders-2017-10.xls"));
    const { jobId } = await api.caller.imports.start({ files: [await upload("工单-平台导出.xls", xls)] });
    const job = (await pollUntilFinished(jobId)).at(-1) as ImportJob;
    expect(job.error).toBeUndefined();
    expect(job.result?.ok).toBe(true);
    if (!job.result?.ok) return;
    // the demo's first 60 October orders, already stored by the seed: read whole, nothing changed
    expect(job.result.files.map((f) => [f.file, f.kind, f.rows, f.inserted + f.updated + f.unchanged])).toEqual([["工单-平台导出.xls", "orders", 60, 60]]);
  });

  it("says in a job's report what it stored that the rubric in force will not score: an event type it does not declare", async () => {
    const { jobId } = await api.caller.imports.start({
      files: [await upload("事件-补充.csv", "事件编号,单位,日期,事件类型\nSJ-W1,HTZ99,2018-03-05,群众表扬\nSJ-W2,HTZ99,2018-03-06,群众表扬\n")],
    });
    const job = (await pollUntilFinished(jobId)).at(-1) as ImportJob;
    expect(job.state).toBe("done");
    if (!job.result?.ok) throw new Error("the import should succeed");
    expect(job.result.files.map((f) => f.inserted)).toEqual([2]);
    expect(job.result.warnings).toEqual([
      expect.objectContaining({ code: "undeclared-event-type", file: "事件-补充.csv", count: 2, rows: [2, 3], zh: expect.stringContaining("“群众表扬”") }),
    ]);
  });

  it("a job behind another of the database says it waits for it, then reads its files", async () => {
    const orders = await readFile(join(demoDir, "orders.csv"));
    const first = await api.caller.imports.start({ files: [await upload("orders.csv", orders)] });
    const second = await api.caller.imports.start({ files: [await upload("单位-等待.csv", "单位编码,单位名称,类别\nHTZ98,等待镇,镇\n")] });
    const seen = await pollUntilFinished(second.jobId);
    expect(seen[0]?.progress.phase).toBe("waiting");
    expect(seen.at(-1)?.state).toBe("done");
    await pollUntilFinished(first.jobId);
  });

  it("lists the jobs of its database, so that a console reloaded mid-import finds the job still running", async () => {
    const orders = await readFile(join(demoDir, "orders.csv"));
    const { jobId } = await api.caller.imports.start({ files: [await upload("orders.csv", orders)] });
    const [latest] = await api.caller.imports.jobs();
    expect(latest).toMatchObject({ jobId, state: "running", files: ["orders.csv"], createdBy: ACTOR, finishedAt: null, ok: null });
    // the list is light: the report is the job's own
    expect(latest).not.toHaveProperty("result");

    await pollUntilFinished(jobId);
    const [after] = await api.caller.imports.jobs();
    expect(after).toMatchObject({ jobId, state: "done", ok: true });
    expect(after?.finishedAt).not.toBeNull();

    // another database's console sees none of this one's jobs
    const other = await openSeededApi();
    try {
      expect((await other.caller.imports.jobs()).map((j) => j.jobId)).not.toContain(jobId);
    } finally {
      await other.close();
    }
  });

  it("validates uploads: a name, .csv or .xlsx, no hidden characters, not empty, not too large; and jobs of known uploads only", async () => {
    const none = await rejection(api.caller.imports.start({ files: [] }));
    expect([none.code, none.message]).toEqual(["BAD_REQUEST", "输入有误：请至少选择一个文件"]);

    const refusal = async (name: string, text: string | Buffer, maxBytes?: number) => {
      const err = await uploads.save(name, Readable.from([Buffer.from(text)]), ACTOR, maxBytes).then(
        () => null,
        (e: unknown) => e as AppError,
      );
      return err ? [err.code, err.zh] : null;
    };
    expect(await refusal("orders.xlsb", "x")).toEqual([
      "BAD_INPUT",
      expect.stringContaining("只能导入 .csv、.txt、.tsv、.xlsx、.xls、.ods 或 .xml 文件，“orders.xlsb”不是"),
    ]);
    expect(await refusal("orders\u202e.csv", "x")).toEqual(["BAD_INPUT", expect.stringContaining("不可见字符")]);
    expect(await refusal("orders.csv", "")).toEqual(["BAD_INPUT", "文件“orders.csv”是空的"]);
    expect(await refusal("orders.csv", "x".repeat(2048), 1024)).toEqual(["BAD_INPUT", expect.stringContaining("超过")]);
    // a folder in the name is dropped: the name is only shown back
    const saved = await uploads.save("C:\\导出\\orders.csv", Readable.from([Buffer.from(ORDER_HEADER)]), ACTOR);
    expect(saved.name).toBe("orders.csv");
    // refused uploads leave nothing behind
    expect(uploads.pending().map((u) => u.uploadId)).toEqual([saved.uploadId]);
    await uploads.discard(uploads.take([saved.uploadId], ACTOR));

    const unknown = await rejection(api.caller.imports.start({ files: [{ uploadId: "00000000-0000-4000-8000-000000000000" }] }));
    expect([unknown.code, unknown.data.appCode]).toEqual(["NOT_FOUND", "NOT_FOUND"]);
    expect(unknown.message).toContain("请重新选择文件上传");
    const notId = await rejection(api.caller.imports.start({ files: [{ uploadId: "../../etc/passwd" }] }));
    expect(notId.code).toBe("BAD_REQUEST");
  });

  it("an upload is its uploader's: another admin who learns its id can neither look into it nor import it", async () => {
    const mine = await upload("orders-他人.csv", `${ORDER_HEADER}\nHT29990100009,唐山镇,市中心,2017-10-03 09:00,2017-10-10,\n`);
    const before = await counts();
    const other = api.as("admin");
    for (const call of [other.imports.inspect({ uploadIds: [mine.uploadId] }), other.imports.start({ files: [mine] })]) {
      const refused = await rejection(call);
      // as for an upload never made: the id tells nothing
      expect([refused.code, refused.message]).toEqual(["NOT_FOUND", "上传的文件已不在服务器上（上传后一小时内未导入，或服务已重启）：请重新选择文件上传"]);
    }
    expect(await counts()).toEqual(before);
    // still there for the one who uploaded it
    expect((await api.caller.imports.inspect({ uploadIds: [mine.uploadId] })).map((i) => [i.name, i.kind])).toEqual([["orders-他人.csv", "orders"]]);
    await uploads.discard(uploads.take([mine.uploadId], ACTOR));
  });

  it("one user's uploads not yet imported are capped (50 files): past that an upload is refused saying why, and another user's are not", async () => {
    const root = await mkdtemp(join(tmpdir(), "kaohe-uploads-test-"));
    const mine = new Uploads(root);
    for (let i = 0; i < PENDING_UPLOADS_MAX; i++) await mine.save(`orders-${i}.csv`, Readable.from([Buffer.from(ORDER_HEADER)]), ACTOR);
    const refused = (await mine.save("orders-more.csv", Readable.from([Buffer.from(ORDER_HEADER)]), ACTOR).catch((e: AppError) => e)) as AppError;
    expect(refused.zh).toMatch(/^您已上传、尚未导入的文件过多（50 个，共 0 MB；上限 50 个、1024 MB）：请先导入已上传的文件/);
    expect((await mine.save("orders-other.csv", Readable.from([Buffer.from(ORDER_HEADER)]), "另一位管理员")).name).toBe("orders-other.csv");
    // uploads sent at once: those still arriving count (each found the allowance free: a review)
    const racing = new Uploads(await mkdtemp(join(tmpdir(), "kaohe-uploads-test-")));
    const sent = await Promise.allSettled(
      Array.from({ length: PENDING_UPLOADS_MAX + 5 }, (_, i) => racing.save(`orders-${i}.csv`, Readable.from([Buffer.from(ORDER_HEADER)]), ACTOR)),
    );
    expect(sent.filter((r) => r.status === "fulfilled")).toHaveLength(PENDING_UPLOADS_MAX);
    await rm(racing.root, { recursive: true, force: true });
    await rm(root, { recursive: true, force: true });
  });

  it("large uploads sent at once count every byte each has received against one user's allowance, and those past it keep nothing", async () => {
    // an allowance of 1 MB and three files of 600 KB sent at once, their chunks interleaved: each alone fits, and each
    // found the allowance free when it began (so each file's own limit let them all pass: a review)
    const root = await mkdtemp(join(tmpdir(), "kaohe-uploads-test-"));
    const small = new Uploads(root, 1024 * 1024);
    async function* slowly(bytes: number) {
      for (let sent = 0; sent < bytes; sent += 64 * 1024) {
        await new Promise((r) => setImmediate(r));
        yield Buffer.alloc(Math.min(64 * 1024, bytes - sent), 0x41);
      }
    }
    const sent = await Promise.allSettled([0, 1, 2].map((i) => small.save(`orders-${i}.csv`, slowly(600 * 1024), ACTOR)));
    const kept = sent.filter((r) => r.status === "fulfilled");
    const refused = sent.flatMap((r) => (r.status === "rejected" ? [r.reason as AppError] : []));
    expect(kept).toHaveLength(1);
    expect(refused.map((e) => e.zh)).toEqual([
      expect.stringMatching(/^您已上传、尚未导入的文件过多（.*上限 50 个、1 MB）/),
      expect.stringMatching(/^您已上传、尚未导入的文件过多/),
    ]);
    // on disk: the one kept, nothing of the two refused
    expect(await readdir(join(root, String(process.pid)))).toHaveLength(1);
    expect(small.pending().reduce((n, u) => n + u.size, 0)).toBe(600 * 1024);
    // once the user imports or the kept one goes, the allowance is free again
    await small.discard(small.take([small.pending()[0]?.uploadId ?? ""], ACTOR));
    expect((await small.save("orders-again.csv", slowly(600 * 1024), ACTOR)).size).toBe(600 * 1024);
    await rm(root, { recursive: true, force: true });
  });

  it("removes the uploads of a process that is gone, and keeps its own", async () => {
    const root = await mkdtemp(join(tmpdir(), "kaohe-uploads-test-"));
    const mine = new Uploads(root);
    await mine.save("orders.csv", Readable.from([Buffer.from(ORDER_HEADER)]), ACTOR);
    // a pid no process has (above the kernel's pid_max default)
    await mkdir(join(root, "4194999"), { recursive: true });
    await writeFile(join(root, "4194999", "x.csv"), "left by a killed server");
    expect(mine.removeOrphans()).toEqual(["4194999"]);
    expect((await readdir(root)).sort()).toEqual([String(process.pid)]);
    await rm(root, { recursive: true, force: true });
  });

  it("gives NOT_FOUND for an unknown job", async () => {
    const e = await rejection(api.caller.imports.job({ jobId: "no-such-job" }));
    expect(e.code).toBe("NOT_FOUND");
    expect(e.message).toContain("没有这个导入任务");
  });

  it("refuses a job id no job has, as long as a body may be, without writing it back", async () => {
    for (const call of [
      () => api.caller.imports.job({ jobId: "j".repeat(200_000) }),
      () => api.caller.imports.confirm({ jobId: "j".repeat(200_000) }),
      () => api.caller.imports.cancel({ jobId: "j".repeat(200_000) }),
    ]) {
      const e = await rejection(call());
      expect(e.code).toBe("BAD_REQUEST");
      expect(JSON.stringify(e).length).toBeLessThan(5000);
    }
  });

  it("a job the server forgot, its import kept, refused or failed just before a restart: said as it ended, from the audit log", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kaohe-api-ended-"));
    const write = async (name: string, rows: string[]) => {
      await writeFile(join(dir, name), [ORDER_HEADER, ...rows, ""].join("\n"));
      return join(dir, name);
    };
    // imported under the job's id as the job does (importFiles' runId), then the server restarted: no job of that id
    const keptId = randomUUID();
    const kept = await write("orders-kept.csv", [
      "HT29990200001,唐山镇,市中心,2017-10-03 09:00,2017-10-10,",
      "HT29990200002,唐山镇,市中心,2017-10-04 09:00,2017-10-11,",
    ]);
    expect((await importFiles(api.store, [{ path: kept }], { actor: ACTOR, runId: keptId })).ok).toBe(true);
    const e = await rejection(api.caller.imports.job({ jobId: keptId }));
    expect(e.code).toBe("NOT_FOUND");
    expect(e.data.detail).toEqual({ ended: "finished" });
    // both orders new: 2 added, none updated (not 请重新上传: all its rows were stored)
    expect(e.message).toMatch(
      /^导入已完成（服务器随后重新启动）：orders-kept\.csv 已于 \d{4}-\d\d-\d\d \d\d:\d\d 全部保存，orders-kept\.csv 新增 2 条、更新 0 条。导入报告没有保留，可在下方“导入记录”中查看；无需重新导入$/,
    );
    // the same file again: nothing changed, no batch
    const againId = randomUUID();
    expect((await importFiles(api.store, [{ path: kept }], { actor: ACTOR, runId: againId })).ok).toBe(true);
    expect((await rejection(api.caller.imports.job({ jobId: againId }))).message).toContain("orders-kept.csv 已于");
    expect((await rejection(api.caller.imports.job({ jobId: againId }))).message).toContain("与已有数据相同，没有改变任何数据");

    // refused (a unit no one has): nothing stored, and the problems are gone with the job
    const refusedId = randomUUID();
    const bad = await write("orders-bad.csv", ["HT29990200003,没有的单位,市中心,2017-10-03 09:00,2017-10-10,"]);
    expect((await importFiles(api.store, [{ path: bad }], { actor: ACTOR, runId: refusedId })).ok).toBe(false);
    const refused = await rejection(api.caller.imports.job({ jobId: refusedId }));
    expect([refused.code, refused.data.detail]).toEqual(["NOT_FOUND", { ended: "refused" }]);
    expect(refused.message).toMatch(
      /^orders-bad\.csv 于 .+ 检查发现问题（或需要确认），没有导入任何数据；服务器随后重新启动，问题清单没有保留：请重新上传以查看问题$/,
    );

    // failed (its file gone): nothing stored
    const failedId = randomUUID();
    await expect(importFiles(api.store, [{ path: join(dir, "orders-gone.csv") }], { actor: ACTOR, runId: failedId })).rejects.toThrow();
    const failed = await rejection(api.caller.imports.job({ jobId: failedId }));
    expect([failed.code, failed.data.detail]).toEqual(["NOT_FOUND", { ended: "failed" }]);
    expect(failed.message).toContain("orders-gone.csv 于");
    expect(failed.message).toContain("导入出错，没有导入任何数据");
    await rm(dir, { recursive: true, force: true });
  });
});

describe("entering an event without a file (登记考核事件)", () => {
  it("offers the event types of the rubric in force for the month, with their points (null: the event's own 分值)", async () => {
    const declared = await api.caller.imports.eventTypes({ month: "2018-11" });
    expect(declared?.period).toBe("2018年11月");
    expect(declared?.rubric).toMatch(/^规则“.+”（.+）$/);
    // deducted by the rubric's items (deduct per 行政不作为), or added (add per 主动协调解决)
    expect(declared?.types).toContainEqual({ name: "行政不作为", label: "因行政不作为造成投诉，经查证属实", points: 5, direction: "deduct" });
    expect(declared?.types).toContainEqual(expect.objectContaining({ name: "主动协调解决", points: 2, direction: "add" }));
    expect(declared?.types).toContainEqual(expect.objectContaining({ name: "其他效能问题", points: null }));
    // no version in force then: nothing to offer
    expect(await api.caller.imports.eventTypes({ month: "2001-01" })).toBeNull();
    expect((await rejection(api.caller.imports.eventTypes({ month: "2018-13" }))).message).toContain("月份应写作 YYYY-MM");
  });

  it("imports the event as a one-row file: stored under a new id, listed as a batch of its own, and a second entry is a second event", async () => {
    const { jobId, eventId } = await api.caller.imports.recordEvent({ unit: "HTZ01", date: "2018-11-20", type: "行政不作为", note: "经查证属实" });
    expect(eventId).toMatch(/^DJ20181120-[0-9A-F]{12}$/);
    const job = (await pollUntilFinished(jobId)).at(-1) as ImportJob;
    expect(job.state).toBe("done");
    const stored = await api.store.prisma.event.findUnique({ where: { id: eventId } });
    expect(stored).toMatchObject({ unit: "HTZ01", type: "行政不作为", count: 1, points: null, orderId: null, note: "经查证属实" });
    expect(Number(stored?.date)).toBe(Date.parse("2018-11-20T00:00:00+08:00"));
    // listed by what was entered (the unit, the type), then its id
    expect((await api.caller.imports.list())[0]).toMatchObject({
      kind: "events",
      fileName: `考核事件登记-唐山镇-行政不作为-${eventId}.csv`,
      rows: 1,
      inserted: 1,
    });
    // the same again is another event, not an update of the first
    const again = await api.caller.imports.recordEvent({ unit: "HTZ01", date: "2018-11-20", type: "行政不作为", note: "经查证属实" });
    expect(again.eventId).not.toBe(eventId);
    await pollUntilFinished(again.jobId);
    expect(await api.store.prisma.event.count({ where: { unit: "HTZ01", type: "行政不作为", note: "经查证属实" } })).toBe(2);
    // a linked order that is: stored with it
    const order = await api.store.prisma.order.findFirstOrThrow({ where: { unit: "HTZ01" } });
    const linked = await api.caller.imports.recordEvent({ unit: "HTZ01", date: "2018-11-21", type: "行政不作为", orderId: order.id });
    await pollUntilFinished(linked.jobId);
    expect((await api.store.prisma.event.findUnique({ where: { id: linked.eventId } }))?.orderId).toBe(order.id);
  });

  it("what the import refuses is said as for a file's row, and nothing is stored; a malformed entry is refused before", async () => {
    const before = await api.store.prisma.event.count();
    const { jobId } = await api.caller.imports.recordEvent({ unit: "不存在的镇", date: "2018-11-20", type: "行政不作为" });
    const job = (await pollUntilFinished(jobId)).at(-1) as ImportJob;
    expect(job.state).toBe("failed");
    if (job.result?.ok !== false) throw new Error("expected problems");
    expect(job.result.problems.map((p) => [p.row, p.column, p.value])).toEqual([[2, "单位", "不存在的镇"]]);
    expect(await api.store.prisma.event.count()).toBe(before);
    for (const [input, message] of [
      [{ unit: "HTZ01", date: "2018-02-30", type: "行政不作为" }, "日期应写作 YYYY-MM-DD"],
      [{ unit: "HTZ01", date: "2018-11-20", type: "行政不作为", count: 0 }, "次数应为正整数"],
      [{ unit: "HTZ01", date: "2018-11-20", type: "行政不作为", points: -2 }, "分值不能为负数"],
      [{ unit: "", date: "2018-11-20", type: "行政不作为" }, "请选择单位"],
      [{ unit: "HTZ01", date: "2010-01-15", type: "行政不作为" }, "2010-01 没有施行的规则版本"],
      [{ unit: "HTZ01", date: "2018-11-20", type: "不存在的类型" }, "事件类型“不存在的类型”不是2018年11月施行的规则"],
      // a linked order not imported is refused (it was stored, deducted, and warned of as a file's row 2)
      [{ unit: "HTZ01", date: "2018-11-20", type: "行政不作为", orderId: "NO-SUCH-ORDER" }, "关联工单“NO-SUCH-ORDER”不存在：请核对工单编号"],
    ] as const)
      expect((await rejection(api.caller.imports.recordEvent(input))).message).toContain(message);
  });
});

describe("entering a unit's yearly facts without a file (年度事项填报)", () => {
  it("offers the yearly facts of the rubric in force for the year with the unit's stored values; none in a year without a rubric", async () => {
    const declared = await api.caller.imports.factItems({ year: 2018, unit: "HTZ01" });
    expect(declared?.period).toBe("2018年");
    const stored = await api.store.prisma.fact.findFirst({ where: { unit: "HTZ01", year: 2018, item: "领导小组", month: null } });
    // the 2017 method's checklist: 是/否 items, scored 是 when the unit has no row
    expect(declared?.facts.find((f) => f.name === "领导小组")).toEqual({
      name: "领导小组",
      label: "成立民生热线工作领导小组，主要领导负总责",
      type: "yesno",
      whenMissing: "是",
      stored: stored?.value ?? null,
    });
    expect(declared?.facts.map((f) => f.name)).toEqual(["领导小组", "专线网络"]);
    expect(await api.caller.imports.factItems({ year: 2001, unit: "HTZ01" })).toBeNull();
  });

  it("imports the values as the unit's facts file: a row replaces the stored one, listed as a batch named by the unit and year", async () => {
    const row = () => api.store.prisma.fact.findFirst({ where: { unit: "HTZ01", year: 2018, item: "领导小组", month: null } });
    // the other value than the demo's (a file that changes nothing is not a batch)
    const was = (await row())?.value ?? "是";
    const other = was !== "否";
    const first = await api.caller.imports.recordFacts({ unit: "HTZ01", year: 2018, values: [{ item: "领导小组", value: !other }] });
    expect(((await pollUntilFinished(first.jobId)).at(-1) as ImportJob).state).toBe("done");
    expect((await row())?.value).toBe(other ? "否" : "是");
    expect((await api.caller.imports.factItems({ year: 2018, unit: "HTZ01" }))?.facts.find((f) => f.name === "领导小组")?.stored).toBe(other ? "否" : "是");
    expect((await api.caller.imports.list())[0]).toMatchObject({
      kind: "facts",
      fileName: expect.stringMatching(/^年度事项填报-唐山镇-2018-\d{8}T\d{4}\.csv$/),
      rows: 1,
    });
    const second = await api.caller.imports.recordFacts({
      unit: "HTZ01",
      year: 2018,
      values: [
        { item: "领导小组", value: other },
        { item: "专线网络", value: true },
      ],
    });
    expect(((await pollUntilFinished(second.jobId)).at(-1) as ImportJob).state).toBe("done");
    expect((await row())?.value).toBe(other ? "是" : "否");
    expect(await api.store.prisma.fact.count({ where: { unit: "HTZ01", year: 2018, item: "领导小组" } })).toBe(1);
  });

  it("refuses what the rubric does not declare, a value of the wrong type, an unknown unit or year; nothing is stored", async () => {
    const before = await api.store.prisma.fact.count();
    for (const [input, message] of [
      [{ unit: "HTZ01", year: 2018, values: [{ item: "不存在的事项", value: true }] }, "事项“不存在的事项”不是2018年施行的规则"],
      [{ unit: "HTZ01", year: 2018, values: [{ item: "领导小组", value: 3 }] }, "事项“领导小组”应填是或否"],
      [{ unit: "不存在的镇", year: 2018, values: [{ item: "领导小组", value: true }] }, "没有编码为“不存在的镇”的单位"],
      [{ unit: "HTZ01", year: 2001, values: [{ item: "领导小组", value: true }] }, "2001年没有施行的规则版本"],
      [{ unit: "HTZ01", year: 18, values: [{ item: "领导小组", value: true }] }, "考核年度应写成 YYYY（如 2017），而不是“18”"],
      [{ unit: "HTZ01", year: 2101, values: [{ item: "领导小组", value: true }] }, "考核年度应在 1990 年至 2100 年之间，而不是“2101”"],
      [{ unit: "HTZ01", year: 2018, values: [] }, "请至少填写一个事项"],
      [
        {
          unit: "HTZ01",
          year: 2018,
          values: [
            { item: "领导小组", value: true },
            { item: "领导小组", value: false },
          ],
        },
        "同一个事项填写了两次",
      ],
    ] as const)
      expect((await rejection(api.caller.imports.recordFacts(input as never))).message).toContain(message);
    expect(await api.store.prisma.fact.count()).toBe(before);
  });
});

describe("an import taking units assessed now out of every ranking (to be confirmed)", () => {
  const UNITS_HEADER = "单位编码,单位名称,类别";
  /** A units file retyping 唐山镇's and 果里镇's category (镇, which the demo's rubric declares) as 乡镇 (which it does not). */
  const retyped = async () => {
    const saved = await uploads.save("units-改了类别.csv", Readable.from([Buffer.from(`${UNITS_HEADER}\nHTZ01,唐山镇,乡镇\nHTZ02,果里镇,乡镇\n`)]), ACTOR);
    return { upload: { uploadId: saved.uploadId }, path: saved.path };
  };
  const kept = (path: string) =>
    access(path).then(
      () => true,
      () => false,
    );
  const category = async () =>
    (await api.store.prisma.unit.findMany({ where: { code: { in: ["HTZ01", "HTZ02"] } }, select: { category: true } })).map((u) => u.category);

  it("waits for its starter to confirm it, keeping the files: nothing stored; confirmed, a new job imports them; then nothing is left to confirm", async () => {
    const before = await counts();
    const { upload: file, path } = await retyped();
    const { jobId } = await api.caller.imports.start({ files: [file] });
    const job = (await pollUntilFinished(jobId)).at(-1) as ImportJob;
    expect(job.state).toBe("failed");
    expect(job.result?.ok).toBe(false);
    if (job.result?.ok !== false) return;
    expect(job.result.confirm?.count).toBe(2);
    expect(job.result.confirm?.zh).toMatch(
      /^本次导入将把 2 个正在参加考核的单位改为规则“[^”]+”（2017）中没有定义的类别：镇 → 乡镇 2 个（唐山镇、果里镇）（规则中的类别：镇、街道、县直部门）。这些单位将不参加考核、不在任何排名中。/,
    );
    expect(job.error?.zh).toBe(`需要确认，还没有导入任何数据：${job.result.confirm?.zh}`);
    expect(job.confirmable?.until).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
    expect(await category()).toEqual(["镇", "镇"]);
    // the files are kept for the confirmation
    expect(await kept(path)).toBe(true);

    // only the user who started it may confirm or cancel it (the files are that user's uploads); one without data.import not at all
    const other = await rejection(api.as("admin").imports.confirm({ jobId }));
    expect([other.code, other.message]).toEqual(["FORBIDDEN", `这次导入由 ${ACTOR} 开始，只有他本人可以确认导入：请联系 ${ACTOR}，或自己上传文件导入`]);
    expect((await rejection(api.as("admin").imports.cancel({ jobId }))).code).toBe("FORBIDDEN");
    expect((await rejection(api.as("unit").imports.confirm({ jobId }))).code).toBe("FORBIDDEN");
    expect(await kept(path)).toBe(true);

    const confirmed = await api.caller.imports.confirm({ jobId });
    expect(confirmed.jobId).not.toBe(jobId);
    const done = (await pollUntilFinished(confirmed.jobId)).at(-1) as ImportJob;
    expect(done.state).toBe("done");
    expect(done.files).toEqual(["units-改了类别.csv"]);
    if (done.result?.ok !== true) return;
    expect(done.result.files[0]).toMatchObject({ updated: 2 });
    // the warning after it, as for any unit of an undeclared category
    expect(done.result.warnings.map((w) => w.code)).toContain("undeclared-category");
    expect(await category()).toEqual(["乡镇", "乡镇"]);
    await importJobs.idle();
    // the files gone with the job (discarded as it ends); the first job says which job imported them, and has nothing left to confirm
    expect(await kept(path)).toBe(false);
    const first = await api.caller.imports.job({ jobId });
    expect(first).toMatchObject({ confirmedAs: confirmed.jobId });
    expect(first.confirmable).toBeUndefined();
    const again = await rejection(api.caller.imports.confirm({ jobId }));
    expect([again.code, again.message]).toEqual(["CONFLICT", "这次导入已经确认，正在或已经导入：请看导入结果"]);

    // back to 镇 (from a category not assessed: imported unasked)
    const back = await api.caller.imports.start({ files: [await upload("units-改回.csv", `${UNITS_HEADER}\nHTZ01,唐山镇,镇\nHTZ02,果里镇,镇\n`)] });
    expect(((await pollUntilFinished(back.jobId)).at(-1) as ImportJob).state).toBe("done");
    expect(await category()).toEqual(["镇", "镇"]);
  });

  it("cancelled, its files are discarded and it can no longer be confirmed", async () => {
    const before = await counts();
    const { upload: file, path } = await retyped();
    const { jobId } = await api.caller.imports.start({ files: [file] });
    expect(((await pollUntilFinished(jobId)).at(-1) as ImportJob).confirmable).toBeDefined();
    expect(await api.caller.imports.cancel({ jobId })).toEqual({ ok: true });
    expect(await kept(path)).toBe(false);
    expect((await api.caller.imports.job({ jobId })).confirmable).toBeUndefined();
    const late = await rejection(api.caller.imports.confirm({ jobId }));
    expect([late.code, late.message]).toEqual(["CONFLICT", "这次导入没有待确认的文件（已取消，或已超过一小时，文件已删除）：请重新上传文件"]);
    expect((await rejection(api.caller.imports.confirm({ jobId: "no-such-job" }))).code).toBe("NOT_FOUND");
    expect(await counts()).toEqual(before);
    expect(await category()).toEqual(["镇", "镇"]);
  });
});

/**
 * What the data page asks of the API, tried as the page does it: the columns
 * of each kind of file; the templates, downloaded, filled with a row and
 * imported; an import's problem list downloaded; files whose kind neither
 * the name nor the header tells, looked at and imported as the kind chosen
 * (a wrong choice names the missing columns); undoing a batch, refused when
 * a published month rests on it. Each with who may call it.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import { csvLine, RECORD_FIELDS, RECORD_KINDS, readTable } from "@kaohe/data";
import { uploads } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportJob } from "../src/index.ts";
import { openSeededApi, rejection, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await openSeededApi();
});
afterAll(() => api?.close());

/** exceljs, as @kaohe/data has it (the API package does not depend on it). */
interface Workbook {
  worksheets: { name: string; getRow(n: number): { getCell(n: number): { value: unknown } }; getSheetValues(): unknown[] }[];
  xlsx: { load(b: Buffer): Promise<unknown>; writeBuffer(): Promise<ArrayBuffer> };
}
const ExcelJS = createRequire(new URL("../../data/package.json", import.meta.url))("exceljs") as { Workbook: new () => Workbook };

const upload = async (name: string, content: string | Buffer) => (await uploads.save(name, Readable.from([Buffer.from(content)]), "测试员")).uploadId;

async function finished(jobId: string): Promise<ImportJob> {
  for (;;) {
    const job = await api.caller.imports.job({ jobId });
    if (job.state !== "running") return job;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The rows of a CSV or XLSX given as bytes, read by the importer's own reader. */
async function rowsOf(name: string, bytes: Buffer): Promise<unknown[][]> {
  const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = await mkdtemp(join(tmpdir(), "kaohe-api-rows-"));
  try {
    const path = join(dir, name);
    await writeFile(path, bytes);
    const rows: unknown[][] = [];
    for await (const r of readTable(path)) rows.push(r.cells);
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("columns and templates", () => {
  it("lists each kind's columns from the file contract, to anyone who may see the imports", async () => {
    const guides = await api.as("viewer").imports.columns();
    expect(guides.map((g) => g.label)).toEqual(["责任单位", "工单", "考核事件", "年度事实", "节假日安排"]);
    const orders = guides.find((g) => g.kind === "orders");
    expect(orders?.columns.map((c) => c.zh)).toEqual(RECORD_FIELDS.orders.map((s) => s.zh));
    expect(orders?.columns[0]).toEqual({
      key: "id",
      zh: "工单编号",
      required: true,
      type: "text",
      values: "文本",
      example: "GD201710001",
      note: "唯一；再次导入同一编号即更新该工单",
    });
    for (const role of ["unit", "editor"] as const) expect((await rejection(api.as(role).imports.columns())).code).toBe("FORBIDDEN");
    expect((await rejection(api.as(null).imports.columns())).code).toBe("UNAUTHORIZED");
  });

  it("the XLSX events and facts templates offer in a drop-down the event types and checklist items the rubric in force declares", async () => {
    // a type typed otherwise (服务态度差) scores nothing, and was told of only after the import had stored it (a walk)
    const text = await readFile(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
    const declared = (word: string) => [...text.matchAll(new RegExp(`^${word} (\\S+)`, "gm"))].map((m) => m[1] as string);
    for (const [kind, column, word] of [
      ["events", "事件类型", "event"],
      ["facts", "事项", "fact"],
    ] as const) {
      const file = await api.caller.imports.template({ kind, format: "xlsx" });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(file.base64, "base64"));
      const sheet = book.worksheets[0] as unknown as {
        getRow(n: number): { getCell(n: number): { value: unknown; note?: unknown } };
        getCell(row: number, col: number): { dataValidation?: { type: string; formulae: string[] } };
      };
      const at = RECORD_FIELDS[kind].findIndex((s) => s.zh === column) + 1;
      const rule = sheet.getCell(2, at).dataValidation as { type: string; formulae: string[]; error?: string; errorTitle?: string } | undefined;
      expect(rule?.type).toBe("list");
      // within Excel's limits (a longer message, the file is “repaired” and the rule dropped): 224 characters, the title 32
      expect(rule?.error?.length).toBeLessThanOrEqual(224);
      expect(rule?.errorTitle?.length ?? 0).toBeLessThanOrEqual(32);
      // the list (longer than Excel's 255 characters for the events) is read from a hidden sheet of the workbook
      const formula = rule?.formulae[0] ?? "";
      const ref = /^(?:'?(\S+?)'?!)?\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)$/.exec(formula);
      const listed = ref
        ? (() => {
            const lists = (book as unknown as { getWorksheet(name: string): { getCell(a: string): { value: unknown } } }).getWorksheet(ref[1] as string);
            const out: unknown[] = [];
            for (let r = Number(ref[3]); r <= Number(ref[4]); r++) out.push(lists.getCell(`${ref[2]}${r}`).value);
            return out;
          })()
        : formula.replace(/^"|"$/g, "").split(",");
      expect(listed).toEqual(declared(word));
      expect(String(JSON.stringify(sheet.getRow(1).getCell(at).note))).toMatch(
        /\d{4}年\d{1,2}月适用的规则“桓台县市民投诉（民生热线）工作考核办法”（2017）定义的/,
      );
    }
    // the orders template offers none of them
    const orders = new ExcelJS.Workbook();
    await orders.xlsx.load(Buffer.from((await api.caller.imports.template({ kind: "orders", format: "xlsx" })).base64, "base64"));
    expect(orders.worksheets.map((w) => w.name)).not.toContain("选项");
  });

  it("each template, downloaded and filled with a row, imports cleanly (CSV and XLSX)", async () => {
    for (const format of ["csv", "xlsx"] as const) {
      const ids: { uploadId: string }[] = [];
      for (const kind of RECORD_KINDS) {
        const file = await api.caller.imports.template({ kind, format });
        const bytes = Buffer.from(file.base64, "base64");
        expect(file.mediaType).toBe(format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        expect(file.fileName).toMatch(new RegExp(`^(责任单位|工单|考核事件|年度事实|节假日安排)导入模板\\.${format}$`));
        // each column's example, but the month of a fact: the example item (领导小组) is a yearly one, whose row has none
        // (a units file's 别名 too, the column read beside its fields: a unit's other names)
        const examples = [
          ...RECORD_FIELDS[kind].map((s) =>
            kind === "orders" && s.key === "id"
              ? `GD-${format}`
              : kind === "events" && s.key === "id"
                ? `SJ-${format}`
                : kind === "facts" && s.key === "month"
                  ? ""
                  : s.example,
          ),
          ...(kind === "units" ? ["县环保局、环保局"] : []),
        ];
        let filled: Buffer;
        if (format === "csv") {
          expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
          filled = Buffer.concat([bytes, Buffer.from(csvLine(examples), "utf8")]);
        } else {
          const book = new ExcelJS.Workbook();
          await book.xlsx.load(bytes);
          const sheet = book.worksheets[0];
          examples.forEach((v, i) => {
            const cell = sheet?.getRow(2).getCell(i + 1);
            if (cell) cell.value = v;
          });
          filled = Buffer.from(await book.xlsx.writeBuffer());
        }
        expect((await rowsOf(file.fileName, filled))[0]).toEqual([...RECORD_FIELDS[kind].map((s) => s.zh), ...(kind === "units" ? ["别名"] : [])]);
        ids.push({ uploadId: await upload(file.fileName, filled) });
      }
      // the names say the kinds: no kind is given
      const { jobId } = await api.caller.imports.start({ files: ids });
      const job = await finished(jobId);
      expect(job.result, JSON.stringify(job.result)).toMatchObject({ ok: true });
      expect(job.result?.ok && job.result.files.map((f) => f.kind).sort()).toEqual(["calendar", "events", "facts", "orders", "units"]);
      const order = await api.store.prisma.order.findUnique({ where: { id: `GD-${format}` } });
      expect(order).toMatchObject({ unit: "HTZ01", source: "县中心", receivedAt: Date.parse("2017-10-03T14:05:00+08:00"), visited: true });
      expect(await api.store.prisma.event.findUnique({ where: { id: `SJ-${format}` } })).toMatchObject({ unit: "HTZ01", type: "行政不作为", count: 1 });
    }
    expect((await rejection(api.as("unit").imports.template({ kind: "orders", format: "csv" }))).code).toBe("FORBIDDEN");
    const bad = await rejection(api.caller.imports.template({ kind: "orders", format: "pdf" as never }));
    expect([bad.code, bad.message]).toEqual(["BAD_REQUEST", "输入有误：文件格式应为 csv 或 xlsx"]);
  });
});

describe("an import naming one upload twice", () => {
  it("is refused in Chinese, and the upload stays to be imported (it was a 500, the file lost)", async () => {
    const uploadId = await upload("orders-两次.csv", "工单编号,承办单位,来源,受理时间,办理时限\nGD-两次,唐山镇,县中心,2017-10-03 09:00,2017-10-10\n");
    const twice = await rejection(api.caller.imports.start({ files: [{ uploadId }, { uploadId }] }));
    expect([twice.code, twice.message]).toEqual(["BAD_REQUEST", "输入有误：同一个上传的文件列了两次：每个文件只导入一次"]);
    const { jobId } = await api.caller.imports.start({ files: [{ uploadId }] });
    expect((await finished(jobId)).result).toMatchObject({ ok: true });
    expect(await api.store.prisma.order.count({ where: { id: "GD-两次" } })).toBe(1);
  });
});

describe("the problem list", () => {
  it("of a failed import downloads as CSV and XLSX: file, row, column, value, problem in Chinese; none for an import without problems", async () => {
    const bad = [
      "工单编号,承办单位,来源,受理时间,办理时限",
      "GD-坏1,不存在的镇,县中心,2017-10-03 09:00,2017-10-10",
      "GD-坏2,唐山镇,,2017-13-03,2017-10-10",
    ].join("\n");
    const { jobId } = await api.caller.imports.start({ files: [{ uploadId: await upload("orders-坏.csv", bad) }] });
    const job = await finished(jobId);
    expect(job.state).toBe("failed");

    const csv = await api.as("viewer").imports.problems({ jobId, format: "csv" });
    expect(csv.fileName).toMatch(/^导入问题清单-\d{8}-\d{4}\.csv$/);
    const bytes = Buffer.from(csv.base64, "base64");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const expected = [
      ["文件", "行", "列", "值", "问题"],
      ["orders-坏.csv", "2", "承办单位", "不存在的镇", "找不到该单位（按单位名称或单位编码）"],
      ["orders-坏.csv", "3", "来源", "", "必填项为空"],
      ["orders-坏.csv", "3", "受理时间", "2017-13-03", "日期或时刻不存在（月份 1—12、日子不超过当月天数、时刻 0:00—24:00）：请核对，应如 2017-10-03 14:05"],
    ];
    expect(await rowsOf(csv.fileName, bytes)).toEqual(expected);

    const xlsx = await api.caller.imports.problems({ jobId, format: "xlsx" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.base64, "base64"));
    const values = (book.worksheets[0]?.getSheetValues() ?? []).slice(1).map((r) => (r as unknown[]).slice(1));
    expect(values).toEqual(expected.map((r, i) => (i === 0 ? r : [r[0], Number(r[1]), ...r.slice(2)])));

    const good = await api.caller.imports.start({
      files: [{ uploadId: await upload("orders-好.csv", "工单编号,承办单位,来源,受理时间,办理时限\nGD-好1,唐山镇,县中心,2017-10-03 09:00,2017-10-10\n") }],
    });
    await finished(good.jobId);
    const none = await rejection(api.caller.imports.problems({ jobId: good.jobId, format: "csv" }));
    expect([none.code, none.message]).toEqual(["NOT_FOUND", "这次导入没有发现数据问题，没有问题清单可下载"]);
    expect((await rejection(api.as("unit").imports.problems({ jobId, format: "csv" }))).code).toBe("FORBIDDEN");
  });
});

describe("choosing a file's kind", () => {
  it("a file neither its name nor its header tells is shown against each kind; imported as the kind chosen; a wrong choice names the missing columns", async () => {
    const both = await upload("三月数据.csv", "事件编号,单位,日期,事件类型,年度,事项,值\nSJ-选择1,唐山镇,2018-03-05,行政不作为,2018,领导小组,是\n");
    const units = await upload("名单.csv", "单位编码,单位名称,类别\nHTZ01,唐山镇,镇\n");
    const named = await upload("orders-三月.csv", "工单编号,承办单位,来源,受理时间,办理时限\nGD-选择1,唐山镇,县中心,2018-03-03 09:00,2018-03-10\n");
    const seen = await api.caller.imports.inspect({ uploadIds: [both, units, named] });
    expect(seen.map((s) => [s.name, s.kind, s.by, s.complete])).toEqual([
      ["三月数据.csv", null, null, ["events", "facts"]],
      ["名单.csv", "units", "header", ["units"]],
      ["orders-三月.csv", "orders", "name", ["orders"]],
    ]);
    expect(seen[0]?.labels).toEqual(["事件编号", "单位", "日期", "事件类型", "年度", "事项", "值"]);
    expect(seen[0]?.matches.find((m) => m.kind === "orders")).toEqual({
      kind: "orders",
      label: "工单",
      recognised: 0,
      missing: ["工单编号", "承办单位", "来源", "受理时间", "办理时限"],
    });
    // looking took nothing: the uploads are still there for the import
    expect(uploads.pending().map((u) => u.uploadId)).toEqual(expect.arrayContaining([both, units, named]));

    const chosen = await finished((await api.caller.imports.start({ files: [{ uploadId: both, kind: "events" }, { uploadId: named }] })).jobId);
    expect(chosen.state).toBe("done");
    expect(await api.store.prisma.event.findUnique({ where: { id: "SJ-选择1" } })).toMatchObject({ unit: "HTZ01", type: "行政不作为" });

    const wrong = await finished((await api.caller.imports.start({ files: [{ uploadId: units, kind: "orders" }] })).jobId);
    expect(wrong.state).toBe("failed");
    expect(wrong.result?.ok === false && wrong.result.problems.map((p) => p.reason)).toEqual([
      "此文件按“工单”读取（由文件名或所选种类判断），但表头是“责任单位”文件的列，缺少“工单”文件的必需列：工单编号、承办单位、来源、受理时间、办理时限。请确认是否选错了文件，或改正文件名、所选种类（命令行：--kind）",
    ]);

    for (const role of ["viewer", "editor", "unit"] as const)
      expect((await rejection(api.as(role).imports.inspect({ uploadIds: [both] }))).code).toBe("FORBIDDEN");
    const gone = await rejection(api.caller.imports.inspect({ uploadIds: [both] }));
    expect([gone.code, gone.message]).toEqual(["NOT_FOUND", "上传的文件已不在服务器上（上传后一小时内未导入，或服务已重启）：请重新选择文件上传"]);
  });
});

describe("undoing a batch", () => {
  it("the center undoes a batch (listed as undone, audited); a second undo, a viewer's, and one a published month rests on are refused in Chinese", async () => {
    const file =
      "工单编号,承办单位,来源,受理时间,办理时限\nGD-撤销1,唐山镇,县中心,2018-12-03 09:00,2018-12-10\nGD-撤销2,索镇街道,县中心,2018-12-04 09:00,2018-12-11\n";
    const job = await finished((await api.caller.imports.start({ files: [{ uploadId: await upload("orders-撤销.csv", file) }] })).jobId);
    const batchId = job.result?.ok ? (job.result.files[0]?.batchId as number) : 0;
    expect(batchId).toBeGreaterThan(0);

    for (const role of ["viewer", "editor", "unit"] as const) expect((await rejection(api.as(role).imports.undo({ batchId }))).code).toBe("FORBIDDEN");
    const done = await api.as("admin").imports.undo({ batchId });
    expect(done).toMatchObject({ batchId, kind: "orders", fileName: "orders-撤销.csv", removed: 2, restored: 0 });
    expect(await api.store.prisma.order.count({ where: { id: { startsWith: "GD-撤销" } } })).toBe(0);
    const listed = (await api.caller.imports.list()).find((b) => b.id === batchId);
    expect(listed).toMatchObject({ undoable: true, undoneBy: "测试-admin" });
    expect(typeof listed?.undoneAt).toBe("string");
    expect(await api.store.prisma.auditLog.findFirst({ where: { action: "import.undo", entityId: String(batchId) } })).toMatchObject({ actor: "测试-admin" });
    const again = await rejection(api.caller.imports.undo({ batchId }));
    expect([again.code, again.message]).toEqual([
      "CONFLICT",
      expect.stringMatching(/^批次 #\d+（orders-撤销\.csv，.*）已于 .* 由 测试-admin 撤销，不能再次撤销$/),
    ]);

    // the demo's events, October 2018 published since: asked to be confirmed first, and nothing changed
    await api.caller.publication.publish({ period: "2018-10", replaces: null });
    const events = (await api.caller.imports.list()).find((b) => b.fileName === "events.csv");
    const before = await api.store.prisma.event.count();
    const refused = await rejection(api.caller.imports.undo({ batchId: events?.id as number }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/^撤销批次 #\d+（events\.csv，.*）会改变已发布的 2018-10（.*）的考核结果所依据的数据/);
    expect(refused.message).not.toMatch(/SELECT|Error|at /);
    expect(await api.store.prisma.event.count()).toBe(before);
    const missing = await rejection(api.caller.imports.undo({ batchId: 999_999 }));
    expect([missing.code, missing.message]).toEqual(["NOT_FOUND", "没有编号为 999999 的导入批次：请刷新导入记录"]);
  });
});

/**
 * Importing the center's files: what each kind of file holds and its templates, uploaded files looked at and
 * imported as jobs the console polls, an import's problem list, past batches and undoing one.
 */
import { Readable } from "node:stream";
import { IMPORT_LIMITS } from "@kaohe/data/limits";
import { AppError, ErrorCodes, type Store } from "@kaohe/db";
import {
  type EndedImport,
  endedImport,
  enteredEventCsv,
  enteredEventFileName,
  enteredFactsCsv,
  enteredFactsFileName,
  eventTypesFor,
  fileKindGuides,
  inspectUploads,
  listImportBatches,
  listInterruptedImports,
  newEventId,
  problemListDownload,
  templateDownload,
  undoImportBatch,
  uploads,
  yearlyFactsFor,
} from "@kaohe/services";
import { formatShanghai, isDay } from "@kaohe/time";
import { z } from "zod";
import { importJobs } from "../import-jobs.ts";
import { MAX_ID, yearNumberSchema, yearOutOfRange } from "../schemas.ts";
import { procedure, router } from "../trpc.ts";

const kindSchema = z.enum(["units", "orders", "events", "facts", "calendar"], { error: "数据种类应为 units、orders、events、facts 或 calendar（节假日安排）" });

/** An import the server was stopped in, as the page that followed it is told. */
const INTERRUPTED_ZH = "服务器在导入过程中重新启动，本次导入没有完成，也没有保存任何数据（全部或全不）：请重新导入";

/**
 * An import that ended (kept, refused or failed) just before the server restarted, which forgot its job: said as it
 * ended, from the audit log — not 请重新上传 for rows all stored. NOT_FOUND still (the job and its report are gone),
 * its outcome in the detail for the page.
 */
function endedBeforeRestart(jobId: string, ended: EndedImport): AppError {
  const files = ended.files.join("、") || "所选文件";
  const when = formatShanghai(Date.parse(ended.at), "minute");
  const zh =
    ended.outcome === "finished"
      ? `导入已完成（服务器随后重新启动）：${files} 已于 ${when} 全部保存，${
          ended.batches.length > 0
            ? ended.batches.map((b) => `${b.fileName} 新增 ${b.inserted.toLocaleString("zh-CN")} 条、更新 ${b.updated.toLocaleString("zh-CN")} 条`).join("；")
            : "与已有数据相同，没有改变任何数据"
        }。导入报告没有保留，可在下方“导入记录”中查看；无需重新导入`
      : ended.outcome === "refused"
        ? `${files} 于 ${when} 检查发现问题（或需要确认），没有导入任何数据；服务器随后重新启动，问题清单没有保留：请重新上传以查看问题`
        : `${files} 于 ${when} 导入出错，没有导入任何数据；服务器随后重新启动，出错原因没有保留：请重新导入，如仍出错请联系系统管理员`;
  return new AppError(ErrorCodes.NotFound, zh, `import job ${jobId} ended (${ended.outcome}) before a server restart`, { ended: ended.outcome });
}

const formatSchema = z.enum(["csv", "xlsx"], { error: "文件格式应为 csv 或 xlsx" });
const uploadIdSchema = z.uuid({ error: "上传编号无效：请重新上传文件" });
// (ids are UUIDs: one of 200,000 characters was looked for and written back whole in the answer, `no import job …`)
const jobIdSchema = z.string().min(1, { error: "请给出导入任务编号" }).max(100, { error: "导入任务编号过长：请重新上传" });

const startSchema = z.strictObject({
  files: z
    .array(
      z.strictObject({
        /** from the upload route (PUT /upload) */
        uploadId: uploadIdSchema,
        /** chosen by the user when neither the name nor the header row tells */
        kind: kindSchema.optional(),
      }),
    )
    .min(1, { error: "请至少选择一个文件" })
    .max(50, { error: "一次最多上传 50 个文件" })
    // (taken twice, the second was no file: a 500, and the upload lost)
    .refine((files) => new Set(files.map((f) => f.uploadId)).size === files.length, { error: "同一个上传的文件列了两次：每个文件只导入一次" }),
  /** the same order id twice with different content: let the later row win (else refused) */
  laterRowWins: z.boolean().default(false),
});

const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "月份应写作 YYYY-MM，如 2018-03", abort: true })
  .refine((m) => yearOutOfRange(m, "月份") === null, { error: (iss) => yearOutOfRange(String(iss.input), "月份") });
const text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `${what}不能超过 ${max} 字` })
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .default(null);

/** An event entered in the console: as a row of an events file (the import checks it as it checks a file's rows). */
/** A unit chosen in a form, by its code. */
const unitSchema = z.string().trim().min(1, { error: "请选择单位" }).max(100, { error: "单位编码不能超过 100 字" });

const enteredEventSchema = z.strictObject({
  unit: unitSchema,
  date: z.string().refine(isDay, { error: "日期应写作 YYYY-MM-DD，且是存在的一天，如 2018-03-05" }),
  type: z.string().trim().min(1, { error: "请选择事件类型" }).max(100, { error: "事件类型不能超过 100 字" }),
  count: z
    .int({ error: "次数应为正整数" })
    .min(1, { error: "次数应为正整数" })
    .max(IMPORT_LIMITS.count, { error: `次数不能超过 ${IMPORT_LIMITS.count}` })
    .default(1),
  points: z
    .number({ error: "分值应为数字" })
    .min(0, { error: "分值不能为负数" })
    .max(IMPORT_LIMITS.count, { error: `分值不能超过 ${IMPORT_LIMITS.count}` })
    .nullable()
    .default(null),
  orderId: text("关联工单编号", 100),
  note: text("说明", 2000),
});

/** A unit's yearly facts entered in the console (年度事项填报): the items the user set, each 是/否 or a number. */
const enteredFactsSchema = z.strictObject({
  unit: unitSchema,
  year: yearNumberSchema,
  values: z
    .array(
      z.strictObject({
        item: z.string().trim().min(1, { error: "事项名称不能为空" }).max(100, { error: "事项名称不能超过 100 字" }),
        value: z.union([z.boolean(), z.number().finite().min(-1_000_000).max(1_000_000)], { error: "应为 是/否 或数字" }),
      }),
    )
    .min(1, { error: "请至少填写一个事项" })
    .max(200, { error: "一次最多填写 200 个事项" })
    .refine((values) => new Set(values.map((v) => v.item)).size === values.length, { error: "同一个事项填写了两次" }),
});

/** The unit of a code typed into a form; a code no unit has is refused, in the words the other pages use. */
async function unitNamed(store: Store, code: string): Promise<{ name: string }> {
  const unit = await store.prisma.unit.findUnique({ where: { code }, select: { name: true } });
  if (!unit) throw new AppError(ErrorCodes.BadInput, `没有编码为“${code.slice(0, 40)}”的单位：请从单位列表中选择`, `no unit ${code.slice(0, 40)}`);
  return unit;
}

export const importsRouter = router({
  /** The columns of each kind of file: required or not, Chinese header and English key, what they take, an example. */
  columns: procedure.meta({ permission: "data.read" }).query(() => fileKindGuides()),
  /**
   * A kind's template, CSV (UTF-8 with a BOM) or XLSX, made from the same column list; the XLSX one offers the event
   * types and checklist items of the rubric in force (compiled, and the workbook written, in a reader thread).
   */
  template: procedure
    .meta({ permission: "data.read", runsOn: "reader" })
    .input(z.strictObject({ kind: kindSchema, format: formatSchema }))
    .query(({ ctx, input }) => templateDownload(ctx.store, input.kind, input.format)),
  /**
   * What uploaded files hold, before they are imported: the kind by the name, else by the header row, and when
   * neither tells, how the header compares with each kind (the user chooses). Runs where the uploads are kept.
   */
  inspect: procedure
    .meta({ permission: "data.import" })
    .input(z.strictObject({ uploadIds: z.array(uploadIdSchema).min(1, { error: "请至少选择一个文件" }).max(50, { error: "一次最多上传 50 个文件" }) }))
    .query(({ ctx, input }) => inspectUploads(uploads, input.uploadIds, ctx.actor)),
  /** Past import batches, newest first. */
  list: procedure
    .meta({ permission: "data.read" })
    .input(z.strictObject({ limit: z.int().min(1).max(1000).default(100) }).optional())
    .query(({ ctx, input }) => listImportBatches(ctx.store, input?.limit)),
  /**
   * Start importing uploaded files; returns the job to poll. The job is kept here (the console
   * polls this thread); the import itself runs in the writer thread when the server has one.
   */
  start: procedure
    .meta({ permission: "data.import", runsOn: "caller" })
    .input(startSchema)
    .mutation(({ ctx, input }) =>
      importJobs.start(ctx.store, input.files, ctx.actor, { laterRowWins: input.laterRowWins, workers: ctx.workers, address: ctx.address }),
    ),
  /**
   * Import the files of a job that waited for confirmation (it would take units assessed now out of every ranking:
   * `result.confirm`) all the same; returns the new job to poll. Only by the user who started it (the files are that
   * user's uploads), within the hour its files are kept.
   */
  confirm: procedure
    .meta({ permission: "data.import", runsOn: "caller" })
    .input(z.strictObject({ jobId: jobIdSchema }))
    .mutation(({ ctx, input }) => importJobs.confirm(ctx.store, input.jobId, ctx.actor, { workers: ctx.workers, address: ctx.address })),
  /** Drop the files of a job that waited for confirmation (nothing of it was stored). Only by the user who started it. */
  cancel: procedure
    .meta({ permission: "data.import", runsOn: "caller" })
    .input(z.strictObject({ jobId: jobIdSchema }))
    .mutation(async ({ ctx, input }) => {
      await importJobs.cancel(ctx.store, input.jobId, ctx.actor);
      return { ok: true as const };
    }),
  /** The event types the rubric in force for a month declares (the form entering an event offers them), with their points. */
  eventTypes: procedure
    .meta({ permission: "data.import", runsOn: "reader" })
    .input(
      z
        .strictObject({
          month: monthSchema,
          /** the event's day, in the month: what each type counts in then, and the newest order's day */
          date: z.string().refine(isDay, { error: "日期应写作 YYYY-MM-DD，且是存在的一天，如 2018-03-05" }).optional(),
        })
        // what a day counts in is read from its own month's rubric: another month's would answer for the wrong one
        .refine((i) => i.date === undefined || i.date.slice(0, 7) === i.month, { error: "日期应在所选月份之内", path: ["date"] }),
    )
    .query(({ ctx, input }) => eventTypesFor(ctx.store, input.month, input.date)),
  /**
   * Enter one verified event (登记考核事件) without a file: it becomes a one-row events file, imported as a job like
   * an upload (the same checks, listed as a batch and undoable, audited). Returns the job to poll and the event's id.
   */
  recordEvent: procedure
    .meta({ permission: "data.import", runsOn: "caller" })
    .input(enteredEventSchema)
    .mutation(async ({ ctx, input }) => {
      // a type the rubric of the event's month declares (in a file, another is stored and told of; a form offers the
      // declared ones, so another is a stale choice or a hand-made call)
      const declared = await eventTypesFor(ctx.store, input.date.slice(0, 7));
      if (!declared)
        throw new AppError(
          ErrorCodes.BadInput,
          `${input.date.slice(0, 7)} 没有施行的规则版本：请先发布适用于该月的规则，或改选日期`,
          "no rubric in force that month",
        );
      if (!declared.types.some((t) => t.name === input.type))
        throw new AppError(
          ErrorCodes.BadInput,
          `事件类型“${input.type}”不是${declared.period}施行的${declared.rubric}定义的事件类型`,
          `event type ${input.type} is not declared by the rubric in force`,
        );
      // a linked order must be one imported (a file may bring its orders later; an entry refers to what is there)
      if (input.orderId && !(await ctx.store.prisma.order.findFirst({ where: { id: input.orderId }, select: { id: true } })))
        throw new AppError(
          ErrorCodes.BadInput,
          `关联工单“${input.orderId}”不存在：请核对工单编号；工单尚未导入的，可先不填关联工单`,
          "the linked order is not imported",
        );
      const unit = await ctx.store.prisma.unit.findUnique({ where: { code: input.unit }, select: { name: true } });
      const id = newEventId(input.date);
      const file = await uploads.save(
        enteredEventFileName(id, { unit: unit?.name ?? input.unit, type: input.type }),
        Readable.from([Buffer.from(enteredEventCsv(input, id), "utf8")]),
        ctx.actor,
      );
      const job = importJobs.start(ctx.store, [{ uploadId: file.uploadId, kind: "events" }], ctx.actor, { workers: ctx.workers, address: ctx.address });
      return { ...job, eventId: id };
    }),
  /**
   * The yearly facts (综合管理 checklist items) the rubric in force for a year declares, with a unit's stored values:
   * the form entering them offers these. Null when no rubric is in force that year.
   */
  factItems: procedure
    .meta({ permission: "data.import", runsOn: "reader" })
    .input(z.strictObject({ year: yearNumberSchema, unit: unitSchema }))
    .query(async ({ ctx, input }) => {
      // a unit that does not exist has no facts to enter (its year's items were offered as if it had)
      await unitNamed(ctx.store, input.unit);
      return yearlyFactsFor(ctx.store, input.year, input.unit);
    }),
  /**
   * Enter a unit's yearly facts without a file (年度事项填报): they become a facts file of the unit's rows, imported
   * as a job like an upload (the same checks, listed as a batch and undoable, audited; a row replaces the stored one).
   */
  recordFacts: procedure
    .meta({ permission: "data.import", runsOn: "caller" })
    .input(enteredFactsSchema)
    .mutation(async ({ ctx, input }) => {
      const unit = await unitNamed(ctx.store, input.unit);
      const declared = await yearlyFactsFor(ctx.store, input.year, input.unit);
      if (!declared) throw new AppError(ErrorCodes.BadInput, `${input.year}年没有施行的规则版本：请先发布适用于该年的规则`, "no rubric in force that year");
      // the items of the rubric in force, of the type it declares (a form offers these; another is a stale form or a hand-made call)
      for (const { item, value } of input.values) {
        const fact = declared.facts.find((f) => f.name === item);
        if (!fact)
          throw new AppError(
            ErrorCodes.BadInput,
            declared.monthly.includes(item)
              ? `事项“${item}”按月填报：请在事实文件中按月份导入`
              : `事项“${item}”不是${declared.period}施行的${declared.rubric}定义的年度事项`,
            `fact ${item} is not a yearly fact of the rubric in force`,
          );
        if ((fact.type === "yesno") !== (typeof value === "boolean"))
          throw new AppError(
            ErrorCodes.BadInput,
            `事项“${item}”应填${fact.type === "yesno" ? "是或否" : "数字"}`,
            `fact ${item} takes ${fact.type === "yesno" ? "yes or no" : "a number"}`,
          );
      }
      const file = await uploads.save(
        enteredFactsFileName(unit.name, input.year, new Date()),
        Readable.from([Buffer.from(enteredFactsCsv(input), "utf8")]),
        ctx.actor,
      );
      return importJobs.start(ctx.store, [{ uploadId: file.uploadId, kind: "facts" }], ctx.actor, { workers: ctx.workers, address: ctx.address });
    }),
  /** Import jobs of this database, newest first: the running ones, and those finished within the day. */
  jobs: procedure.meta({ permission: "data.read" }).query(({ ctx }) => importJobs.list(ctx.store)),
  /**
   * A job's state, progress and, once finished, its report or problems. A job this server does not know is
   * \`NOT_FOUND\`: said as interrupted when the server was stopped during it (a page open across the restart polls it).
   */
  job: procedure
    .meta({ permission: "data.read" })
    .input(z.strictObject({ jobId: jobIdSchema }))
    .query(async ({ ctx, input }) => {
      try {
        return importJobs.get(input.jobId);
      } catch (err) {
        if (!(err instanceof AppError && err.code === ErrorCodes.NotFound)) throw err;
        const ended = await endedImport(ctx.store, input.jobId);
        if (!ended) throw err;
        if (ended.outcome === "interrupted")
          throw new AppError(ErrorCodes.NotFound, INTERRUPTED_ZH, `import job ${input.jobId} was interrupted by a server restart; nothing was stored`, {
            interrupted: true,
          });
        throw endedBeforeRestart(input.jobId, ended);
      }
    }),
  /** Imports the server was stopped in (found as it started again; nothing of them stored), newest first. */
  interrupted: procedure.meta({ permission: "data.read" }).query(({ ctx }) => listInterruptedImports(ctx.store)),
  /** The problems a finished import found, as CSV or XLSX (file, row, column, value, problem). */
  problems: procedure
    .meta({ permission: "data.read" })
    .input(z.strictObject({ jobId: jobIdSchema, format: formatSchema }))
    .query(({ input }) => problemListDownload(importJobs.get(input.jobId), input.format)),
  /**
   * Undo an import batch: what it added removed, what it changed restored, in one transaction, audited; refused
   * with the reason when a later batch changed what it wrote, or a record it created is referred to; when a published
   * period rests on it, asked to be confirmed (`confirmPublished`: the period is then to be published again).
   */
  undo: procedure
    .meta({ permission: "data.import" })
    .input(
      z.strictObject({
        batchId: z
          .int({ error: "请给出导入批次编号" })
          .positive({ error: "导入批次编号无效" })
          .max(MAX_ID, { error: `导入批次编号过大（最大 ${MAX_ID}）：没有这个编号的记录` }),
        confirmPublished: z.boolean({ error: "confirmPublished 应为 true 或 false" }).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      undoImportBatch(ctx.store, input.batchId, { actor: ctx.actor, address: ctx.address ?? null, confirmPublished: input.confirmPublished === true }),
    ),
});

/** Importing the center's files: past batches, and uploaded files imported as jobs the console polls. */
import { z } from "zod";
import { listImportBatches } from "../services/import-batches.ts";
import { importJobs } from "../services/import-jobs.ts";
import { procedure, router } from "../trpc.ts";

const kindSchema = z.enum(["units", "orders", "events", "facts"], { error: "数据种类应为 units、orders、events 或 facts" });

const startSchema = z.object({
  files: z
    .array(
      z.object({
        /** from the upload route (PUT /upload) */
        uploadId: z.uuid({ error: "上传编号无效：请重新上传文件" }),
        /** chosen by the user when neither the name nor the header row tells */
        kind: kindSchema.optional(),
      }),
    )
    .min(1, { error: "请至少选择一个文件" })
    .max(50, { error: "一次最多上传 50 个文件" }),
  /** the same order id twice with different content: let the later row win (else refused) */
  laterRowWins: z.boolean().default(false),
});

export const importsRouter = router({
  /** Past import batches, newest first. */
  list: procedure
    .meta({ permission: "data.read" })
    .input(z.object({ limit: z.int().min(1).max(1000).default(100) }).optional())
    .query(({ ctx, input }) => listImportBatches(ctx.store, input?.limit)),
  /**
   * Start importing uploaded files; returns the job to poll. The job is kept here (the console
   * polls this thread); the import itself runs in the writer thread when the server has one.
   */
  start: procedure
    .meta({ permission: "data.import", runsOn: "caller" })
    .input(startSchema)
    .mutation(({ ctx, input }) => importJobs.start(ctx.store, input.files, ctx.actor, { laterRowWins: input.laterRowWins, workers: ctx.workers })),
  /** Import jobs of this database, newest first: the running ones, and those finished within the day. */
  jobs: procedure.meta({ permission: "data.read" }).query(({ ctx }) => importJobs.list(ctx.store)),
  /** A job's state, progress and, once finished, its report or problems. */
  job: procedure
    .meta({ permission: "data.read" })
    .input(z.object({ jobId: z.string().min(1, { error: "请给出导入任务编号" }) }))
    .query(({ input }) => importJobs.get(input.jobId)),
});

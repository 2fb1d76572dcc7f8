/** Importing the center's files: past batches, and uploads run as jobs the console polls. */
import { z } from "zod";
import { listImportBatches } from "../services/import-batches.ts";
import { importJobs } from "../services/import-jobs.ts";
import { protectedProcedure, publicProcedure, router } from "../trpc.ts";

/** One upload at most (all files together), as decoded bytes. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const MAX_UPLOAD_BASE64 = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4;

const uploadSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "请给出文件名" })
    .max(255, { error: "文件名过长" })
    .regex(/\.(csv|xlsx)$/i, { error: (iss) => `只能导入 .csv 或 .xlsx 文件，“${String(iss.input)}”不是：请在 Excel 中另存为 CSV（UTF-8）或 XLSX 后上传` }),
  contentBase64: z
    .string()
    .min(1, { error: "文件是空的" })
    .max(MAX_UPLOAD_BASE64, { error: "单个文件超过 200 MB：请按月份拆分后分批上传" })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: "文件内容应为 base64 编码（这是客户端的缺陷，请报告）" }),
});

const startSchema = z.object({
  files: z
    .array(uploadSchema)
    .min(1, { error: "请至少选择一个文件" })
    .max(50, { error: "一次最多上传 50 个文件" })
    .refine((files) => files.reduce((n, f) => n + f.contentBase64.length, 0) <= MAX_UPLOAD_BASE64, {
      error: "一次上传的文件合计超过 200 MB：请分批上传",
    }),
});

export const importsRouter = router({
  /** Past import batches, newest first. */
  list: publicProcedure
    .input(z.object({ limit: z.int().min(1).max(1000).default(100) }).optional())
    .query(({ ctx, input }) => listImportBatches(ctx.store, input?.limit)),
  /** Start importing the uploaded files; returns the job to poll. */
  start: protectedProcedure.input(startSchema).mutation(({ ctx, input }) => importJobs.start(ctx.store, input.files, ctx.actor)),
  /** Import jobs of this database, newest first: the running ones, and those finished within the day. */
  jobs: publicProcedure.query(({ ctx }) => importJobs.list(ctx.store)),
  /** A job's state, progress and, once finished, its report or problems. */
  job: publicProcedure.input(z.object({ jobId: z.string().min(1, { error: "请给出导入任务编号" }) })).query(({ input }) => importJobs.get(input.jobId)),
});

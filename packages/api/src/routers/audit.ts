/** The audit log (系统管理员 and 只读): who did what, when, from where. */
import { listAudit } from "@kaohe/services";
import { isDay } from "@kaohe/time";
import { z } from "zod";
import { daySchema } from "../schemas.ts";
import { procedure, router } from "../trpc.ts";

const day = daySchema("日期", "YYYY-MM-DD");

export const auditQuerySchema = z
  .strictObject({
    user: z.string().trim().max(80).optional(),
    action: z.string().trim().max(80).optional(),
    from: day.optional(),
    to: day.optional(),
    page: z.int().min(1).max(100_000).default(1),
    pageSize: z.int().min(1).max(500).default(50),
  })
  .check((ctx) => {
    // the two days the wrong way round found nothing, and said nothing (a contract tester)
    const { from, to } = ctx.value;
    if (from !== undefined && to !== undefined && isDay(from) && isDay(to) && from > to)
      ctx.issues.push({
        code: "custom",
        path: ["from"],
        message: `起始日期（${from}）晚于截止日期（${to}）：请检查筛选的日期`,
        input: ctx.value,
      });
  });

export const auditRouter = router({
  list: procedure
    .meta({ permission: "audit.read" })
    .input(auditQuerySchema)
    .query(async ({ ctx, input }) => {
      const { rows, total, actions } = await listAudit(ctx.store, input);
      return { rows: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total, actions };
    }),
});

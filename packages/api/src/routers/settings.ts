/** The installation's settings: the center's name (everyone signed in reads it; a 系统管理员 sets it, audited) and its bulletin's (set with a bulletin: bulletin.ts). */
import { CENTER_NAME_MAX, getBulletinTitle, getCenterName, setCenterName } from "@kaohe/services";
import { z } from "zod";
import { procedure, router } from "../trpc.ts";

export const settingsRouter = router({
  /** The center's name (null until set: the console then asks a 系统管理员 for it), and its monthly bulletin's name. */
  get: procedure
    .meta({ permission: "signedIn" })
    .query(async ({ ctx }) => ({ centerName: await getCenterName(ctx.store), bulletinTitle: await getBulletinTitle(ctx.store) })),
  /** Set the center's name, shown in the console's header and used by the reports. */
  setCenterName: procedure
    .meta({ permission: "settings.manage" })
    .input(
      z.strictObject({
        name: z
          .string({ error: "请填写中心名称" })
          .trim()
          .min(1, { error: "请填写中心名称" })
          .max(CENTER_NAME_MAX, { error: `中心名称请控制在 ${CENTER_NAME_MAX} 字以内` }),
      }),
    )
    .mutation(async ({ ctx, input }) => ({ centerName: await setCenterName(ctx.store, input.name, ctx.actor, ctx.address) })),
});

/**
 * The signed-in user: who they are and what they may do (the console builds its
 * menu from it), and changing one's own password. Signing in and out are HTTP
 * routes of the server (they set and clear the session cookie).
 */
import { changePassword, passwordToChangeOrigin } from "@kaohe/services";
import { z } from "zod";
import { ROLE_PERMISSIONS } from "../permissions.ts";
import { procedure, router } from "../trpc.ts";

export const authRouter = router({
  /** The signed-in user with their permissions, or null; a password to change says where it came from (the first start, an administrator). */
  me: procedure.meta({ permission: "public" }).query(async ({ ctx }) => {
    const user = ctx.user;
    if (!user) return null;
    const unit = user.unitCode ? await ctx.store.prisma.unit.findUnique({ where: { code: user.unitCode }, select: { name: true } }) : null;
    const passwordOrigin = await passwordToChangeOrigin(ctx.store, user);
    return { ...user, permissions: [...ROLE_PERMISSIONS[user.role]], unitName: unit?.name ?? null, passwordOrigin };
  }),
  /** Change one's own password (the current one is needed); the user's other sessions end (how many: the console says so only when some did). The one call a password to change allows. */
  changePassword: procedure
    .meta({ permission: "signedIn", beforePasswordChange: true })
    .input(z.strictObject({ current: z.string().min(1, { error: "请输入当前密码" }).max(200), next: z.string().min(1, { error: "请输入新密码" }).max(200) }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.user) throw new Error("unreachable: signedIn");
      const { otherSessionsEnded } = await changePassword(ctx.store, ctx.user, input.current, input.next, ctx.token ?? "", { address: ctx.address });
      return { ok: true as const, otherSessionsEnded };
    }),
});

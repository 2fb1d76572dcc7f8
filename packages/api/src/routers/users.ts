/** Users and roles (系统管理员 only). */
import { createUser, listUsers, ROLES, resetPassword, setUserDisabled, updateUser, withIsoDates } from "@kaohe/services";
import { z } from "zod";
import { idSchema } from "../schemas.ts";
import { procedure, router } from "../trpc.ts";

const managing = procedure.meta({ permission: "users.manage" });
const displayName = z.string().trim().min(1, { error: "请输入姓名" }).max(40, { error: "姓名最多 40 个字" });
const role = z.enum(ROLES, { error: "请选择角色" });
const unitCode = z.string().trim().max(100).optional();
const password = z.string().min(1, { error: "请输入密码" }).max(200, { error: "密码最多 200 个字符" });

export const usersRouter = router({
  list: managing.query(async ({ ctx }) => (await listUsers(ctx.store)).map((u) => withIsoDates(u))),
  create: managing
    .input(
      z.strictObject({
        username: z.string().trim().min(1, { error: "请输入用户名" }).max(40, { error: "用户名最多 40 个字符" }),
        displayName,
        role,
        unitCode,
        password,
      }),
    )
    // the administrator chose the password: the user changes it at the first sign-in, as after a reset
    .mutation(async ({ ctx, input }) => createUser(ctx.store, { ...input, mustChangePassword: true }, ctx.actor, ctx.address)),
  /** A changed name, role or unit: a new role or unit ends the user's sessions; nobody changes their own role. */
  update: managing.input(z.strictObject({ id: idSchema, displayName, role, unitCode })).mutation(async ({ ctx, input }) => {
    if (!ctx.user) throw new Error("unreachable: users.manage");
    const { id, ...changes } = input;
    return updateUser(ctx.store, id, changes, ctx.user, ctx.address);
  }),
  /** A new password set by the administrator: the user must change it at the next sign-in; their sessions end. */
  resetPassword: managing.input(z.strictObject({ id: idSchema, password })).mutation(async ({ ctx, input }) => {
    await resetPassword(ctx.store, input.id, input.password, ctx.actor, ctx.address);
    return { ok: true as const };
  }),
  setDisabled: managing.input(z.strictObject({ id: idSchema, disabled: z.boolean() })).mutation(async ({ ctx, input }) => {
    if (!ctx.user) throw new Error("unreachable: users.manage");
    await setUserDisabled(ctx.store, input.id, input.disabled, ctx.user, ctx.address);
    return { ok: true as const };
  }),
});

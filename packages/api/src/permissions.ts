/**
 * Who may do what, in one place. Every procedure declares the permission it
 * needs (`.meta({ permission })`); every HTTP route of the server does too
 * (apps/server/src/server.ts). A role holds a set of permissions. The server
 * refuses before doing any work: 401 when nobody is signed in, 403 (in
 * Chinese, audited) when the role does not hold the permission.
 *
 * A unit user holds `unit.read` and `published.read` only for their own unit
 * and its category: the procedures that take a unit or return a ranking scope
 * themselves (`assertOwnUnit`; publication.current sends the unit's group's rows as published, no unit's place among
 * all units).
 */
import { AppError, ErrorCodes, type Store } from "@kaohe/db";
import { assertWindowOpenToUnits, getCycle, PERMISSION_LABEL, ROLE_SUBJECT, type Role, type SessionUser } from "@kaohe/services";
import { isMonth, isYear } from "@kaohe/time";

/** What each permission allows, in Chinese (beside the roles' labels in @kaohe/services, where the audit log reads them). */
export const PERMISSIONS = PERMISSION_LABEL;

export type Permission = keyof typeof PERMISSIONS;

const everyoneSignedIn: Permission[] = ["signedIn", "unit.read", "published.read", "rubrics.read", "cycle.read"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // everything but speaking for a unit: only a unit's own users submit its explanations and objections
  sysadmin: (Object.keys(PERMISSIONS) as Permission[]).filter((p) => p !== "responses.submit"),
  admin: [
    ...everyoneSignedIn,
    "results.read",
    "data.read",
    "data.import",
    "rubrics.edit",
    "rubrics.publish",
    "results.publish",
    "cycle.manage",
    "responses.read",
    "responses.review",
  ],
  // policy staff write rubrics: what a unit wrote to the center (objections, explanations, attachments) is not theirs to read
  editor: [...everyoneSignedIn, "results.read", "rubrics.edit"],
  unit: [...everyoneSignedIn, "responses.read", "responses.submit"],
  viewer: [...everyoneSignedIn, "results.read", "data.read", "audit.read", "responses.read"],
};

export function allows(user: SessionUser | null, permission: Permission): boolean {
  if (permission === "public") return true;
  if (!user) return false;
  return ROLE_PERMISSIONS[user.role]?.includes(permission) ?? false;
}

/**
 * Refuse unless the user holds the permission: 401 for nobody, 403 for the wrong role. A user whose password was set
 * by an administrator (a new account, a reset, the first start) is refused everything but what is public and what
 * says `beforePasswordChange` (changing it) until they have changed it: their inbox, the units, the center's name too.
 */
export function assertAllowed(user: SessionUser | null, permission: Permission, options: { beforePasswordChange?: boolean } = {}): void {
  if (user?.mustChangePassword && permission !== "public" && !options.beforePasswordChange) {
    throw new AppError(ErrorCodes.Forbidden, "请先修改密码：当前密码是初始密码或由管理员设置，修改后才能继续使用", "change your password first", {
      mustChangePassword: true,
    });
  }
  if (allows(user, permission)) return;
  if (!user) throw new AppError(ErrorCodes.Unauthorized, "请先登录", "sign in first");
  throw new AppError(
    ErrorCodes.Forbidden,
    `没有权限：${ROLE_SUBJECT[user.role]}不能${PERMISSIONS[permission].replace(/（.*）$/, "")}`,
    `forbidden: ${user.role} lacks ${permission}`,
    { permission },
  );
}

/** A unit user may only see their own unit, under the version in force (not under a draft). */
export function assertOwnUnit(user: SessionUser | null, unitCode: string, versionId?: number): void {
  if (user?.role !== "unit") return;
  if (user.unitCode !== unitCode) {
    throw new AppError(ErrorCodes.Forbidden, "没有权限：单位用户只能查看本单位的得分与工单", `forbidden: unit ${unitCode} is not the user's`, {
      permission: "unit.read",
    });
  }
  if (versionId !== undefined) {
    throw new AppError(ErrorCodes.Forbidden, "没有权限：单位用户只能查看按施行中的规则计算的得分", "forbidden: unit users see the version in force only", {
      permission: "results.read",
    });
  }
}

/**
 * A unit user sees a month's result once the center has opened it to the units (预览) or published it, and a year's
 * likewise (a year is opened only once the months it counts are: cycle.ts; scored before, it would show months not yet
 * opened to the units: refused, audited).
 */
export async function assertPeriodOpenToUnit(store: Store, user: SessionUser | null, period: string, assessment?: string): Promise<void> {
  if (user?.role !== "unit") return;
  if (isMonth(period)) {
    await assertWindowOpenToUnits(store, period, assessment);
    return;
  }
  if (isYear(period) && (await getCycle(store, period)).stage !== "closed") return;
  throw new AppError(
    ErrorCodes.Forbidden,
    `${period} 年度考核结果尚未向各单位开放：开放或发布后可查看本单位的年终成绩`,
    `the ${period} year result is not open to the units yet`,
    { permission: "results.read" },
  );
}

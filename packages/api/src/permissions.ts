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
import { assertWindowOpenToUnits, currentPublicationOnly, ROLE_LABEL, type Role, type SessionUser } from "@kaohe/services";
import { isMonth } from "@kaohe/time";

export const PERMISSIONS = {
  /** anyone, signed in or not (sign-in state itself) */
  public: "任何人",
  /** any signed-in user (their own password, the units list) */
  signedIn: "已登录用户",
  /** scores and rankings of any unit and period, published or a preview; rubric texts; version comparisons */
  "results.read": "查看全部单位的得分与排名（含未发布的预览）",
  /** one unit's breakdown, trend and the records behind each point (a unit user: their own unit only) */
  "unit.read": "查看单位得分明细与工单（单位用户仅限本单位）",
  /** published results (a unit user: their own category's) */
  "published.read": "查看已发布的排名（单位用户仅限本类别）",
  /** imports and their jobs, past batches, problem lists; what each kind of file holds, and its templates */
  "data.read": "查看导入记录、文件格式与模板",
  /** import files; undo an import batch */
  "data.import": "导入数据、撤销导入批次",
  /** rubric versions: read */
  "rubrics.read": "查看规则版本",
  /** drafts: create, edit, check, format, delete */
  "rubrics.edit": "编辑规则草稿",
  /** publish and withdraw rubric versions */
  "rubrics.publish": "发布、撤回规则版本",
  /** publish and re-publish a period's results */
  "results.publish": "发布、重新发布考核结果",
  /** the month's lifecycle: open the preview to the units, the notice period, the deadlines */
  "cycle.manage": "开放预览、公示与设定异议和书面说明期限",
  /** a month's stage in the cycle (未开放, 预览, 公示, 已发布) and its deadlines: what every signed-in page shows */
  "cycle.read": "查看各月考核所处阶段与期限",
  /** written explanations and objections, their attachments and corrections: read (a unit user: their own unit's) */
  "responses.read": "查看书面说明与异议（单位用户仅限本单位）",
  /** a unit user: write the unit's explanation, raise objections, upload their attachments */
  "responses.submit": "提交本单位的书面说明与异议",
  /** the center: acknowledge explanations, see the effect of an objection, accept or reject it */
  "responses.review": "审阅书面说明、决定异议",
  /** users and roles */
  "users.manage": "管理用户与角色",
  /** the installation's settings: the center's name */
  "settings.manage": "修改系统设置（中心名称）",
  /** the audit log */
  "audit.read": "查看审计日志",
} as const;

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
    throw new AppError(ErrorCodes.Forbidden, "请先修改密码：当前密码由管理员设置，修改后才能继续使用", "change your password first", {
      mustChangePassword: true,
    });
  }
  if (allows(user, permission)) return;
  if (!user) throw new AppError(ErrorCodes.Unauthorized, "请先登录", "sign in first");
  throw new AppError(
    ErrorCodes.Forbidden,
    `没有权限：${ROLE_LABEL[user.role]}不能${PERMISSIONS[permission].replace(/（.*）$/, "")}`,
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
 * once it is published (a year scored now would show months not yet opened to the units: refused, audited).
 */
export async function assertPeriodOpenToUnit(store: Store, user: SessionUser | null, period: string, assessment?: string): Promise<void> {
  if (user?.role !== "unit") return;
  if (isMonth(period)) {
    await assertWindowOpenToUnits(store, period, assessment);
    return;
  }
  if (!(await currentPublicationOnly(store, period))) {
    throw new AppError(ErrorCodes.Forbidden, `${period} 年度考核结果尚未发布：发布后可查看本单位的年终成绩`, `the ${period} year result is not published yet`, {
      permission: "results.read",
    });
  }
}

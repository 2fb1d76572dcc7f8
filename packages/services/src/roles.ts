/**
 * The roles, in one place: the server's accounts (users.ts) and the console's
 * labels (imported as `@kaohe/services/roles`, a module with no database in it).
 */
export const ROLES = ["sysadmin", "admin", "editor", "unit", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  sysadmin: "系统管理员",
  admin: "考核管理员",
  editor: "规则编辑",
  unit: "单位用户",
  viewer: "只读",
};

/**
 * A role as the subject of a sentence (没有权限：只读用户不能…): 只读 names the role in lists and pickers, and read as
 * "没有权限：只读不能导入数据" before a verb; the other labels are nouns already.
 */
export const ROLE_SUBJECT: Record<Role, string> = { ...ROLE_LABEL, viewer: "只读用户" };

/**
 * The permissions procedures and routes declare (@kaohe/api's permissions.ts gives each role its own), with what each
 * allows in Chinese: the permission matrix and the audit log's refusals say them so.
 */
export const PERMISSION_LABEL = {
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

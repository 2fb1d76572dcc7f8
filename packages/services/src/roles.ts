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

/** The permission matrix (procedure × role, route × role) as the docs show it, generated from what the code declares. */
import { ROLE_LABEL, ROLES } from "@kaohe/services";
import { PERMISSIONS, type Permission, ROLE_PERMISSIONS } from "./permissions.ts";
import { appRouter } from "./root.ts";
import type { Meta } from "./trpc.ts";

export interface RouteRow {
  method: string;
  path: string;
  permission: Permission;
  label: string;
}

const mark = (permission: Permission, role: (typeof ROLES)[number] | "anonymous") =>
  permission === "public" || (role !== "anonymous" && ROLE_PERMISSIONS[role].includes(permission)) ? "✓" : "—";

function table(rows: { name: string; permission: Permission; note?: string }[]): string {
  const head = `| | 所需权限 | ${ROLES.map((r) => ROLE_LABEL[r]).join(" | ")} | 未登录 |`;
  const rule = `|---|---|${ROLES.map(() => ":-:").join("|")}|:-:|`;
  const body = rows.map(
    (r) =>
      `| ${r.name}${r.note ? ` ${r.note}` : ""} | \`${r.permission}\` | ${ROLES.map((role) => mark(r.permission, role)).join(" | ")} | ${mark(r.permission, "anonymous")} |`,
  );
  return [head, rule, ...body].join("\n");
}

export function permissionMatrixMarkdown(routes: readonly RouteRow[]): string {
  const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>)
    .map(([name, p]) => ({
      name: `\`${name}\``,
      permission: p._def.meta?.permission as Permission,
      note: p._def.meta?.beforePasswordChange ? "（密码待修改时也可调用）" : undefined,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return `# 权限矩阵 / Permission matrix

本文件由代码生成（\`apps/server/test/permissions-doc.test.ts\`，\`KAOHE_WRITE_DOCS=1\` 时重写），测试检查它与代码一致。每个接口过程在 \`packages/api/src/routers/*\` 中用 \`.meta({ permission })\` 声明所需权限，每个 HTTP 路由在 \`apps/server/src/server.ts\` 的 \`ROUTES\` 中声明；角色与权限的对应只在 \`packages/api/src/permissions.ts\` 一处。服务器在做任何工作之前检查：未登录 401，角色不符 403（中文说明，并写入审计日志）。由管理员设置或重置密码的用户（新建账号、重置密码、首次启动的系统管理员）在修改密码之前，除公开的过程与路由和注明“密码待修改时也可调用”的过程外一律 403（“请先修改密码”）。

Generated from the code; a test checks it is current. A user whose password an administrator set must change it first: until then everything but the public procedures and routes and changing the password is refused (403). Unit users (单位用户) hold \`unit.read\` and \`published.read\` for their own unit and its category only: other units' details, trends and records are refused (403), and published rankings are filtered to their own group and sent as published: each unit's place in the group and its points, not its place among all units (\`overallRank\`, their own unit's neither) nor the breakdown behind the points. The sanctions (须书面说明 and the like) come with the counts that brought them, as the month's 《投诉动态》 publishes them to every unit.

## 权限 / Permissions

| 权限 | 含义 |
|---|---|
${(Object.keys(PERMISSIONS) as Permission[]).map((p) => `| \`${p}\` | ${PERMISSIONS[p]} |`).join("\n")}

## 接口过程 / tRPC procedures

${table(procedures)}

## HTTP 路由 / HTTP routes

修改类请求（POST、PUT）还须带请求头 \`X-Kaohe-Csrf: 1\`。/ Changes must also carry the CSRF header.

${table(routes.map((r) => ({ name: `\`${r.method} ${r.path}\``, permission: r.permission, note: `（${r.label}）` })))}
`;
}

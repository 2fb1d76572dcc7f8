/** Pages only for the signed in, and only for the roles allowed: 无权访问 for the others instead of failing calls. */
import { Button, Card, Result, Spin } from "antd";
import type { ReactNode } from "react";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { homePath, loginPath, type Permission, useAuth } from "../../lib/auth.tsx";
import { errorText } from "../../lib/trpc.ts";
import { ForcedPasswordChange } from "./change-password.tsx";

/** The whole screen while `auth.me` is read. */
export function FullPageSpin() {
  return (
    <div style={{ minHeight: "100vh", display: "flex", alignItems: "center", justifyContent: "center" }} data-testid="auth-loading">
      <Spin size="large" description="正在读取登录状态…" />
    </div>
  );
}

/** Everything under it needs a signed-in user who has changed any password they were given. */
export function RequireSignIn() {
  const { user, error } = useAuth();
  const location = useLocation();
  if (user === undefined) return <FullPageSpin />;
  if (user === null && error)
    return (
      <Result
        status="warning"
        title="无法读取登录状态"
        subTitle={errorText(error)}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            重试
          </Button>
        }
      />
    );
  if (user === null) return <Navigate to={loginPath(`${location.pathname}${location.search}`)} replace />;
  if (user.mustChangePassword) return <ForcedPasswordChange />;
  return <Outlet />;
}

/** A page's place taken by why it is not shown (`status`, `title`, `subTitle`), with the way to the user's start page. */
function InsteadOfPage({ status, title, subTitle, testId }: { status: "403" | "404"; title: string; subTitle: string; testId: string }) {
  const { user } = useAuth();
  const navigate = useNavigate();
  return (
    <Card>
      <Result
        status={status}
        title={title}
        subTitle={subTitle}
        extra={
          user ? (
            <Button type="primary" onClick={() => navigate(homePath(user))} data-testid={`${testId}-home`}>
              返回首页
            </Button>
          ) : null
        }
        data-testid={testId}
      />
    </Card>
  );
}

/** The 403 a page shows to a role that may not open it. */
export function Forbidden({ reason }: { reason?: string }) {
  const { user } = useAuth();
  // a unit's user is not sent to the 系统管理员 for a page of all units: their own is where their results are
  const fallback =
    user?.role === "unit"
      ? "此页面列出全部单位，单位用户只能查看本单位：本单位的月度与年度成绩在本单位的页面（登录后的首页，或在“月度排名”中点击本单位名称）。"
      : "您的角色没有查看此页面的权限。如需访问，请联系系统管理员。";
  return <InsteadOfPage status="403" title="无权访问" subTitle={reason ?? fallback} testId="forbidden" />;
}

/** The page when the user holds any of the permissions, else 无权访问. */
export function RequirePermission({ any, reason, children }: { any: Permission[]; reason?: string; children: ReactNode }) {
  const { can } = useAuth();
  return any.some(can) ? children : <Forbidden reason={reason} />;
}

/**
 * An address no page has (/ranking/2018-10/extra, a link mistyped): said inside the console, with the way home. Sent
 * home without a word, a unit could take its own page for the one it was sent.
 */
export function NotFound() {
  return (
    <InsteadOfPage status="404" title="页面不存在" subTitle="没有这个地址的页面：链接可能写错或不完整。请检查链接，或从菜单打开页面。" testId="not-found" />
  );
}

/** The start page of the signed-in user (their unit's page for a unit user). */
export function HomeRedirect() {
  const { user } = useAuth();
  return user ? <Navigate to={homePath(user)} replace /> : null;
}

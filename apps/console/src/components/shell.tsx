/**
 * The frame of every page: the menu on the left (the entries the user's role opens), the user in the header. On a
 * phone (narrower than 576 px: a unit's liaison reading their result) the menu opens from a button in the header and
 * the user's corner shrinks to an icon, so the page has the whole width.
 */
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from "@ant-design/icons";
import { App, Button, Card, Drawer, Dropdown, Layout, Menu, Result, Space, Tag } from "antd";
import { useState } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { homePath, roleLabel, useAuth } from "../lib/auth.tsx";
import { usePhone } from "../lib/layout.ts";
import { confirmLeaving, LeaveGuardHost } from "../lib/leave-guard.ts";
import { ChangePasswordModal } from "./auth/change-password.tsx";
import { CenterName } from "./center-name.tsx";
import { InboxBell } from "./inbox.tsx";
import { menuFor } from "./menu.tsx";

/** Is the address's path valid percent-encoding (a link cut short in the middle of a character is not)? */
function decodable(pathname: string): boolean {
  try {
    // the result used: a bare call is dropped by the minifier as having no effect
    return decodeURIComponent(pathname).length >= 0;
  } catch {
    return false;
  }
}

/** A link with an escape that decodes to nothing (/units/%E0%A4): said inside the console, its menu kept, with the way home. */
function MalformedAddress({ home }: { home: string }) {
  return (
    <Card>
      <Result
        status="warning"
        title="地址有误"
        subTitle="链接中含有无法识别的编码，可能不完整：请检查链接，或从菜单打开页面。"
        extra={
          <Link to={home}>
            <Button type="primary" data-testid="malformed-home">
              返回首页
            </Button>
          </Link>
        }
        data-testid="malformed-address"
      />
    </Card>
  );
}

/**
 * The menu entry a unit's page belongs to: 年度考核 for a year's (/units/X?period=2018), 月度排名 for a month's, as the
 * page's own way back goes (a year's page lit 月度排名: a walk); none that the user's menu lacks.
 */
function unitPageEntry(location: { pathname: string; search: string }, entries: readonly { path: string }[]): string {
  if (!location.pathname.startsWith("/units")) return "";
  const entry = /^\d{4}$/.test(new URLSearchParams(location.search).get("period") ?? "") ? "/year" : "/ranking";
  return entries.some((m) => m.path === entry) ? entry : "";
}

export function Shell() {
  const location = useLocation();
  const navigate = useNavigate();
  const { user, can, signOut } = useAuth();
  const { modal } = App.useApp();
  const [changing, setChanging] = useState(false);
  const entries = menuFor(can, user?.role, user?.unitCode);
  // the entry whose page this is, or one under it (/ranking/2018-10): a unit's own /units/T1 is not /units/T10
  const selected =
    entries.find((m) => location.pathname === m.path || location.pathname.startsWith(`${m.path}/`))?.path ??
    (user?.role === "unit" ? "" : unitPageEntry(location, entries));
  const home = user ? homePath(user) : "/";
  // undefined until measured: the desktop frame, as before
  const phone = usePhone();
  const [menuOpen, setMenuOpen] = useState(false);
  const brand = (
    <div style={{ height: 56, display: "flex", alignItems: "center", justifyContent: "center" }}>
      <a
        href={home}
        className="kh-brand"
        onClick={(e) => {
          e.preventDefault();
          setMenuOpen(false);
          navigate(home);
        }}
      >
        12345 热线考核
      </a>
    </div>
  );
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={entries.map((m) => ({ key: m.path, icon: m.icon, label: m.label, "data-testid": `menu-${m.testId ?? m.path.slice(1)}` }))}
      onClick={(e) => {
        setMenuOpen(false);
        navigate(e.key);
      }}
    />
  );
  const role = user ? `${roleLabel(user.role)}${user.role === "unit" && user.unitName ? ` · ${user.unitName}` : ""}` : "";
  return (
    <Layout style={{ minHeight: "100vh" }} className={phone ? "kh-phone" : undefined}>
      {phone ? (
        <Drawer
          placement="left"
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          size={220}
          closable={false}
          styles={{ body: { padding: 0, background: "#001529" } }}
          data-testid="phone-menu"
        >
          {brand}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider className="kh-no-print kh-app-menu" width={190} breakpoint="lg" collapsedWidth={64} theme="dark">
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="kh-app-header">
          {phone && <Button type="text" icon={<MenuOutlined />} aria-label="菜单" onClick={() => setMenuOpen(true)} data-testid="phone-menu-button" />}
          <CenterName />
          {user && (
            <Space size={phone ? 4 : 12}>
              <InboxBell />
              <Dropdown
                trigger={["click"]}
                menu={{
                  items: [
                    ...(phone ? [{ key: "who", label: `${user.displayName}（${role}）`, disabled: true }, { type: "divider" as const }] : []),
                    { key: "password", icon: <KeyOutlined />, label: "修改密码", "data-testid": "change-password" },
                    { type: "divider" },
                    { key: "signout", icon: <LogoutOutlined />, label: "退出登录", danger: true, "data-testid": "sign-out" },
                  ],
                  onClick: (e) => {
                    if (e.key === "password") setChanging(true);
                    // signing out leaves the page: unsaved work (a rubric being edited) is asked about first
                    if (e.key === "signout") confirmLeaving(modal, () => void signOut(), "退出登录");
                  },
                }}
              >
                <button type="button" className="kh-user-menu" data-testid="user-menu" aria-label={`${user.displayName}（${role}）`}>
                  <Space size={8}>
                    <UserOutlined />
                    {!phone && <span data-testid="user-name">{user.displayName}</span>}
                    {!phone && (
                      <Tag style={{ marginInlineEnd: 0 }} data-testid="user-role">
                        {role}
                      </Tag>
                    )}
                    <DownOutlined style={{ fontSize: 10 }} />
                  </Space>
                </button>
              </Dropdown>
            </Space>
          )}
        </Layout.Header>
        <Layout.Content className="kh-app-content">
          {/* the one navigation blocker: each page's forms say what they hold (useLeaveGuard) */}
          <LeaveGuardHost />
          {/* the address as the browser holds it: the router's location is decoded already, where it could be */}
          {decodable(window.location.pathname) ? <Outlet /> : <MalformedAddress home={home} />}
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={changing} onClose={() => setChanging(false)} />
    </Layout>
  );
}

/** The frame of every page: the menu on the left (the entries the user's role opens), the user in the header. */
import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Dropdown, Layout, Menu, Space, Tag } from "antd";
import { useState } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { homePath, roleLabel, useAuth } from "../lib/auth.tsx";
import { ChangePasswordModal } from "./auth/change-password.tsx";
import { CenterName } from "./center-name.tsx";
import { InboxBell } from "./inbox.tsx";
import { menuFor } from "./menu.tsx";

export function Shell() {
  const location = useLocation();
  const navigate = useNavigate();
  const { user, can, signOut } = useAuth();
  const [changing, setChanging] = useState(false);
  const entries = menuFor(can, user?.role);
  const selected =
    entries.find((m) => location.pathname.startsWith(m.path))?.path ?? (location.pathname.startsWith("/units") && user?.role !== "unit" ? "/ranking" : "");
  const home = user ? homePath(user) : "/";
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider className="kh-no-print" width={190} breakpoint="lg" collapsedWidth={64} theme="dark">
        <div style={{ height: 56, display: "flex", alignItems: "center", justifyContent: "center" }}>
          <a
            href={home}
            className="kh-brand"
            onClick={(e) => {
              e.preventDefault();
              navigate(home);
            }}
          >
            12345 热线考核
          </a>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={entries.map((m) => ({ key: m.path, icon: m.icon, label: m.label, "data-testid": `menu-${m.path.slice(1)}` }))}
          onClick={(e) => navigate(e.key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="kh-app-header">
          <CenterName />
          {user && (
            <Space size={12}>
              <InboxBell />
              <Dropdown
                trigger={["click"]}
                menu={{
                  items: [
                    { key: "password", icon: <KeyOutlined />, label: "修改密码", "data-testid": "change-password" },
                    { type: "divider" },
                    { key: "signout", icon: <LogoutOutlined />, label: "退出登录", danger: true, "data-testid": "sign-out" },
                  ],
                  onClick: (e) => {
                    if (e.key === "password") setChanging(true);
                    if (e.key === "signout") void signOut();
                  },
                }}
              >
                <button type="button" className="kh-user-menu" data-testid="user-menu">
                  <Space size={8}>
                    <UserOutlined />
                    <span data-testid="user-name">{user.displayName}</span>
                    <Tag style={{ marginInlineEnd: 0 }} data-testid="user-role">
                      {roleLabel(user.role)}
                      {user.role === "unit" && user.unitName ? ` · ${user.unitName}` : ""}
                    </Tag>
                    <DownOutlined style={{ fontSize: 10 }} />
                  </Space>
                </button>
              </Dropdown>
            </Space>
          )}
        </Layout.Header>
        <Layout.Content className="kh-app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={changing} onClose={() => setChanging(false)} />
    </Layout>
  );
}

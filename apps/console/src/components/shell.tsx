/** The frame of every page: the menu on the left, the user in the header. */
import { UserOutlined } from "@ant-design/icons";
import { Button, Input, Layout, Menu, Modal, Space, Typography } from "antd";
import { useState } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { currentUser, setCurrentUser } from "../lib/user.ts";
import { menu } from "../routes.tsx";

export function Shell() {
  const location = useLocation();
  const navigate = useNavigate();
  const [user, setUser] = useState(currentUser());
  const [editing, setEditing] = useState(false);
  const [draftName, setDraftName] = useState(user);
  const selected = menu.find((m) => location.pathname.startsWith(m.path))?.path ?? (location.pathname.startsWith("/units") ? "/ranking" : "/ranking");
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider width={190} breakpoint="lg" collapsedWidth={64} theme="dark">
        <div style={{ height: 56, display: "flex", alignItems: "center", justifyContent: "center" }}>
          <span className="kh-brand">12345 热线考核</span>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={menu.map((m) => ({ key: m.path, icon: m.icon, label: m.label }))}
          onClick={(e) => navigate(e.key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: "#fff",
            padding: "0 24px",
            display: "flex",
            alignItems: "center",
            justifyContent: "space-between",
            borderBottom: "1px solid #f0f0f0",
          }}
        >
          <Typography.Text type="secondary">桓台县市民投诉（民生热线）工作考核</Typography.Text>
          <Space>
            <UserOutlined />
            <Button type="link" onClick={() => setEditing(true)} data-testid="user-name">
              {user}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
      <Modal
        title="操作人"
        open={editing}
        okText="确定"
        cancelText="取消"
        onOk={() => {
          setCurrentUser(draftName);
          setUser(currentUser());
          setEditing(false);
        }}
        onCancel={() => setEditing(false)}
      >
        <Typography.Paragraph type="secondary">导入、发布等操作都会记录操作人姓名。</Typography.Paragraph>
        <Input value={draftName} onChange={(e) => setDraftName(e.target.value)} maxLength={20} />
      </Modal>
    </Layout>
  );
}

/** 登录: user name and password; afterwards back to where the user was going (or their role's start page). */
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { FullPageSpin } from "../../components/auth/guards.tsx";
import { homePath, type Me, SESSION_LOST, safeReturnPath, useAuth } from "../../lib/auth.tsx";
import { postJson } from "../../lib/trpc.ts";
import "../../components/auth/auth.css";

interface Fields {
  username: string;
  password: string;
}

export function LoginPage() {
  const { user, refresh } = useAuth();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  // sent here because the server ended the session while the user was working (auth.tsx)
  const sessionLost = sessionStorage.getItem(SESSION_LOST) === "1";
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const next = safeReturnPath(search.get("next"));
  const destination = (u: Me) => next ?? homePath(u);

  // already signed in (another tab, the back button): straight on
  if (user === undefined) return <FullPageSpin />;
  if (user && !pending) return <Navigate to={destination(user)} replace />;

  const signIn = async ({ username, password }: Fields) => {
    setPending(true);
    setError(null);
    const res = await postJson<{ user: unknown }>("/auth/signin", { username: username.trim(), password });
    if (!res.ok) {
      setPending(false);
      setError(res.zh);
      form.setFieldValue("password", "");
      return;
    }
    // nothing read before (as nobody, or as someone else) stays
    queryClient.clear();
    sessionStorage.removeItem(SESSION_LOST);
    try {
      const me = await refresh();
      setPending(false);
      // a user who must change the password sees that form at the destination first
      navigate(me ? destination(me) : "/", { replace: true });
    } catch {
      setPending(false);
      setError("已登录，但读取用户信息失败：请刷新页面重试");
    }
  };

  return (
    <div className="kh-auth-page">
      <Card className="kh-auth-card">
        <div className="kh-auth-brand">12345 热线考核</div>
        {/* the county's name is the center's, set after sign-in (a new county saw Huantai's here) */}
        <Typography.Paragraph type="secondary" style={{ textAlign: "center", marginBottom: 24 }}>
          12345 热线承办单位工作考核
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        {sessionLost && !error && (
          <Alert
            type="warning"
            showIcon
            title="登录已失效，请重新登录"
            description="可能是长时间未操作、密码被修改或由管理员重置、账号被停用，或已在别处退出。登录后回到刚才的页面；尚未提交的内容需重新填写。"
            style={{ marginBottom: 16 }}
            data-testid="login-session-lost"
          />
        )}
        <Form<Fields> form={form} layout="vertical" requiredMark={false} onFinish={signIn} disabled={pending}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: "请输入用户名" }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={40} data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: "请输入密码" }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={200} data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={pending} disabled={pending} data-testid="login-submit">
            {pending ? "正在登录…" : "登录"}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0, textAlign: "center" }}>
          在一台电脑上连续 3 次密码错误，这台电脑将暂时不能登录该账号。忘记密码请联系系统管理员重置。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

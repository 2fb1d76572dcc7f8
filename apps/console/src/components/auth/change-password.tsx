/** Changing one's own password: the header's dialog, and the page a user with a given password sees first. */
import { LockOutlined, LogoutOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, type FormInstance, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { PASSWORD_RULES, passwordProblem, useAuth } from "../../lib/auth.tsx";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import "./auth.css";
import { passwordChangedText, passwordToChangeReason } from "./password-text.ts";

interface Fields {
  current: string;
  next: string;
  repeat: string;
}

/** The rules a new password must meet, as the server checks them. */
export function PasswordRules() {
  return (
    <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 12 }} data-testid="password-rules">
      新密码要求：
      <ul style={{ margin: "4px 0 0", paddingInlineStart: 20 }}>
        {PASSWORD_RULES.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </Typography.Paragraph>
  );
}

/** A new-password field's rules (shared with the users page's reset and create forms). */
export const newPasswordRules = (username: string | undefined) => [
  { required: true, message: "请输入新密码" },
  {
    validator: (_: unknown, value: string | undefined) => {
      const problem = value ? passwordProblem(value, username) : null;
      return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
    },
  },
];

/** The repeat field: must equal `field`. */
export const repeatRules = (field: string) => [
  { required: true, message: "请再次输入新密码" },
  ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, value: string | undefined) =>
      !value || value === getFieldValue(field) ? Promise.resolve() : Promise.reject(new Error("两次输入的新密码不一致")),
  }),
];

function PasswordFields({ form, username, onFinish }: { form: FormInstance<Fields>; username: string | undefined; onFinish: (f: Fields) => void }) {
  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} autoComplete="off">
      <Form.Item name="current" label="当前密码" rules={[{ required: true, message: "请输入当前密码" }]}>
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <PasswordRules />
      <Form.Item name="next" label="新密码" rules={newPasswordRules(username)} dependencies={["current"]}>
        <Input.Password autoComplete="new-password" data-testid="password-next" />
      </Form.Item>
      <Form.Item name="repeat" label="再次输入新密码" dependencies={["next"]} rules={repeatRules("next")}>
        <Input.Password autoComplete="new-password" data-testid="password-repeat" />
      </Form.Item>
      {/* Enter submits */}
      <button type="submit" hidden aria-hidden tabIndex={-1} />
    </Form>
  );
}

function useChangePassword(onDone: () => void) {
  const trpc = useTRPC();
  const { refresh } = useAuth();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      // a wrong current password is not a lost session
      meta: { keepSession: true },
      onSuccess: async ({ otherSessionsEnded }) => {
        setError(null);
        message.success(passwordChangedText(otherSessionsEnded));
        await refresh();
        onDone();
      },
      onError: (err) => setError(errorText(err)),
    }),
  );
  const submit = (f: Fields) => {
    if (f.next === f.current) {
      setError("新密码不能与当前密码相同");
      return;
    }
    setError(null);
    change.mutate({ current: f.current, next: f.next });
  };
  return { submit, error, pending: change.isPending, clearError: () => setError(null) };
}

/** 修改密码 in the header's user menu. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { user } = useAuth();
  const [form] = Form.useForm<Fields>();
  const close = () => {
    form.resetFields();
    onClose();
  };
  const { submit, error, pending, clearError } = useChangePassword(close);
  return (
    <Modal
      title="修改密码"
      open={open}
      okText="修改密码"
      cancelText="取消"
      confirmLoading={pending}
      okButtonProps={{ "data-testid": "password-submit" }}
      onOk={() => form.submit()}
      onCancel={() => {
        clearError();
        close();
      }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="password-error" />}
      <PasswordFields form={form} username={user?.username} onFinish={submit} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        修改后，您在其他浏览器或设备上的登录将退出。
      </Typography.Text>
    </Modal>
  );
}

/** Shown instead of the console to a user whose password was given to them (first start, new account, reset): change it first. */
export function ForcedPasswordChange() {
  const { user, signOut } = useAuth();
  const [form] = Form.useForm<Fields>();
  const { submit, error, pending } = useChangePassword(() => {});
  return (
    <div className="kh-auth-page">
      <Card className="kh-auth-card" data-testid="forced-password-change">
        <div className="kh-auth-brand">
          <LockOutlined /> 请先修改密码
        </div>
        <Typography.Paragraph type="secondary" data-testid="password-reason">
          {passwordToChangeReason(user?.displayName ?? "", user?.passwordOrigin ?? null)}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="password-error" />}
        <PasswordFields form={form} username={user?.username} onFinish={submit} />
        <Button type="primary" block size="large" loading={pending} onClick={() => form.submit()} data-testid="password-submit">
          {pending ? "正在修改…" : "修改密码并进入控制台"}
        </Button>
        <Button type="link" block icon={<LogoutOutlined />} onClick={() => void signOut()} style={{ marginTop: 8 }} data-testid="sign-out">
          退出登录
        </Button>
      </Card>
    </div>
  );
}

/** 用户: accounts and roles — create, change a name, role or unit, reset a password, disable or enable (users.manage). */
import { CheckCircleOutlined, EditOutlined, KeyOutlined, PlusOutlined, StopOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, type FormInstance, Input, Modal, Select, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { newPasswordRules, PasswordRules, repeatRules } from "../../components/auth/change-password.tsx";
import { ListTitle } from "../../components/list-title.tsx";
import { ROLE_LABEL, ROLES, type Role, roleLabel, useAuth } from "../../lib/auth.tsx";
import { beijingDateTime } from "../../lib/format.ts";
import { usePhone } from "../../lib/layout.ts";
import { errorText, type RouterOutputs, useTRPC } from "../../lib/trpc.ts";
import "../../components/results/results.css";

type UserRow = RouterOutputs["users"]["list"][number];

const ROLE_HINT: Record<Role, string> = {
  sysadmin: "全部权限，包括管理用户",
  admin: "导入数据、编辑和发布规则、发布考核结果",
  editor: "查看结果，编辑规则草稿（不能发布）",
  unit: "只看本单位的得分与工单、本类别已发布的排名",
  viewer: "查看全部结果、导入记录和审计日志，不能修改",
};

/** A new password and its repetition, with a button that fills both with a random one that meets the rules. */
function NewPassword(props: { form: FormInstance; label: string; username?: string; testId: string; dependsOnUsername?: boolean }) {
  const { form, label, username, testId } = props;
  return (
    <>
      <Form.Item label={label} required>
        <Space.Compact style={{ width: "100%" }}>
          <Form.Item name="password" noStyle rules={newPasswordRules(username)} dependencies={props.dependsOnUsername ? ["username"] : undefined}>
            <Input.Password autoComplete="new-password" data-testid={testId} />
          </Form.Item>
          <Tooltip title="生成符合要求的随机密码">
            <Button
              icon={<ThunderboltOutlined />}
              onClick={() => {
                const p = generatePassword();
                form.setFieldsValue({ password: p, repeat: p });
                void form.validateFields(["password", "repeat"]);
              }}
            >
              生成
            </Button>
          </Tooltip>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="repeat" label={`再次输入${label}`} dependencies={["password"]} rules={repeatRules("password")}>
        <Input.Password autoComplete="new-password" data-testid={`${testId}-repeat`} />
      </Form.Item>
    </>
  );
}

const ROLE_COLOR: Record<Role, string> = { sysadmin: "red", admin: "volcano", editor: "blue", unit: "green", viewer: "default" };

/** A random password that meets the rules: letters of both cases, digits and a symbol. */
function generatePassword(): string {
  const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "-_.!#%+"];
  const all = sets.join("");
  const pick = (s: string, n: number) => {
    const bytes = crypto.getRandomValues(new Uint32Array(n));
    return [...bytes].map((b) => s[b % s.length]).join("");
  };
  const chars = [...sets.map((s) => pick(s, 1)).join(""), ...pick(all, 10)];
  const order = crypto.getRandomValues(new Uint32Array(chars.length));
  return chars
    .map((c, i) => ({ c, k: order[i] ?? 0 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c)
    .join("");
}

function StatusTag({ u }: { u: UserRow }) {
  if (u.disabled) return <Tag color="default">已停用</Tag>;
  if (u.locked)
    return (
      <Tooltip title="近来被多处连续输错密码，暂停从其他电脑登录（本人曾登录过的电脑不受影响）；15 分钟后自动解除，重置密码也会解除">
        <Tag color="orange">已锁定</Tag>
      </Tooltip>
    );
  if (u.lockedAddresses.length > 0)
    return (
      <Tooltip title={`在 ${u.lockedAddresses.join("、")} 上连续输错密码，这些电脑暂停登录该账号；15 分钟后自动解除，重置密码也会解除`}>
        <Tag color="orange">部分电脑锁定</Tag>
      </Tooltip>
    );
  return <Tag color="success">正常</Tag>;
}

type UnitOption = { code: string; name: string; category: string };

/** The units to choose from, grouped by category ("唐山镇（HTZ01）"). */
function useUnitOptions(units: UnitOption[]) {
  return useMemo(() => {
    const byCategory = new Map<string, { value: string; label: string }[]>();
    for (const u of units) {
      const list = byCategory.get(u.category) ?? [];
      list.push({ value: u.code, label: `${u.name}（${u.code}）` });
      byCategory.set(u.category, list);
    }
    return [...byCategory].map(([category, options]) => ({ label: category, title: category, options }));
  }, [units]);
}

/** The roles to choose from, each with what it may do. */
const roleOptions = ROLES.map((r) => ({
  value: r,
  label: (
    <span>
      {ROLE_LABEL[r]}
      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
        {ROLE_HINT[r]}
      </Typography.Text>
    </span>
  ),
}));

/** A users-page dialog's error line, and how it ends: done (the list read again, the dialog closed) or cancelled. */
function useUsersDialog(onClose: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  return {
    error,
    clearError: () => setError(null),
    failed: (err: unknown) => setError(errorText(err)),
    done: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
      setError(null);
      onClose();
    },
    cancel: () => {
      setError(null);
      onClose();
    },
  };
}

interface CreateFields {
  username: string;
  displayName: string;
  role: Role;
  unitCode?: string;
  password: string;
  repeat: string;
}

function CreateUserModal({ open, onClose, units }: { open: boolean; onClose: () => void; units: UnitOption[] }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateFields>();
  const role = Form.useWatch("role", form);
  const username = Form.useWatch("username", form);
  const { error, clearError, failed, done, cancel } = useUsersDialog(onClose);
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (_u, input) => {
        message.success(`已创建用户“${input.displayName}”（${input.username}）：请通过安全的方式把初始密码告知本人，本人首次登录时须修改密码`);
        form.resetFields();
        await done();
      },
      onError: failed,
    }),
  );
  const unitOptions = useUnitOptions(units);
  return (
    <Modal
      title="新建用户"
      open={open}
      okText="创建"
      cancelText="取消"
      confirmLoading={create.isPending}
      okButtonProps={{ "data-testid": "create-user-submit" }}
      onOk={() => form.submit()}
      onCancel={cancel}
      width={520}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="create-user-error" />}
      <Form<CreateFields>
        form={form}
        // the server's refusal was of what was sent ("用户名已被使用"): once a field changes, it no longer applies
        onValuesChange={clearError}
        layout="vertical"
        requiredMark={false}
        autoComplete="off"
        initialValues={{ role: "viewer" }}
        onFinish={(f) => {
          clearError();
          create.mutate({
            username: f.username.trim(),
            displayName: f.displayName.trim(),
            role: f.role,
            ...(f.role === "unit" ? { unitCode: f.unitCode } : {}),
            password: f.password,
          });
        }}
      >
        <Form.Item
          name="username"
          label="用户名（登录用）"
          rules={[
            { required: true, whitespace: true, message: "请输入用户名" },
            { pattern: /^[a-zA-Z0-9_.\-\u4e00-\u9fff]{2,40}$/, message: "用户名为 2–40 个字符，只能用汉字、字母、数字和 _ . -" },
          ]}
        >
          <Input maxLength={40} autoComplete="off" data-testid="create-username" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名（显示名称）" rules={[{ required: true, whitespace: true, message: "请输入姓名" }]}>
          <Input maxLength={40} data-testid="create-display-name" />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: "请选择角色" }]}>
          <Select data-testid="create-role" options={roleOptions} />
        </Form.Item>
        {role === "unit" && (
          <Form.Item
            name="unitCode"
            label="所属单位"
            rules={[{ required: true, message: "单位用户须选择所属单位" }]}
            // before any unit is imported the list is empty: say how to fill it, not only that one must be chosen
            extra={unitOptions.length === 0 ? "还没有单位：请先由考核管理员在“数据”页导入单位名单，再创建单位用户" : undefined}
          >
            <Select showSearch={{ optionFilterProp: "label" }} placeholder="选择单位（可输入名称或编码搜索）" options={unitOptions} data-testid="create-unit" />
          </Form.Item>
        )}
        <PasswordRules />
        <NewPassword form={form} label="初始密码" username={username} testId="create-password" dependsOnUsername />
      </Form>
    </Modal>
  );
}

interface EditFields {
  displayName: string;
  role: Role;
  unitCode?: string;
}

/**
 * A user's name, role and unit. A new role or unit ends their sessions (said before saving); one's own role can't be
 * changed here (another 系统管理员 does it), one's own name can.
 */
function EditUserModal({ user, onClose, units }: { user: UserRow | null; onClose: () => void; units: UnitOption[] }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const { user: me, refresh } = useAuth();
  const [form] = Form.useForm<EditFields>();
  const role = Form.useWatch("role", form);
  const unitCode = Form.useWatch("unitCode", form);
  const { error, clearError, failed, done, cancel } = useUsersDialog(onClose);
  const unitOptions = useUnitOptions(units);
  const self = user !== null && user.id === me?.id;
  // the form outlives the modal's content: each opening starts from the chosen user as stored
  useEffect(() => {
    if (user) form.setFieldsValue({ displayName: user.displayName, role: user.role as Role, unitCode: user.unitCode ?? undefined });
  }, [user, form]);
  const accessChanges = user !== null && role !== undefined && (role !== user.role || (role === "unit" && unitCode !== user.unitCode));
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: async (result, input) => {
        if (result.changed.length === 0) message.info("没有修改");
        else
          message.success(
            `已保存“${input.displayName}”的修改${result.sessionsEnded > 0 ? `：该用户已登录的 ${result.sessionsEnded} 个会话已结束，须重新登录` : ""}`,
          );
        if (self) await refresh();
        await done();
      },
      onError: failed,
    }),
  );
  return (
    <Modal
      title={user ? `修改用户：${user.displayName}（${user.username}）` : "修改用户"}
      open={user !== null}
      okText="保存"
      cancelText="取消"
      confirmLoading={update.isPending}
      okButtonProps={{ "data-testid": "edit-user-submit" }}
      onOk={() => form.submit()}
      onCancel={cancel}
      width={520}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="edit-user-error" />}
      {user && (
        <Form<EditFields>
          form={form}
          onValuesChange={clearError}
          layout="vertical"
          requiredMark={false}
          autoComplete="off"
          onFinish={(f) => {
            clearError();
            update.mutate({ id: user.id, displayName: f.displayName.trim(), role: f.role, ...(f.role === "unit" ? { unitCode: f.unitCode } : {}) });
          }}
        >
          <Form.Item label="用户名（登录用）">
            <Input value={user.username} disabled />
          </Form.Item>
          <Form.Item name="displayName" label="姓名（显示名称）" rules={[{ required: true, whitespace: true, message: "请输入姓名" }]}>
            <Input maxLength={40} data-testid="edit-display-name" />
          </Form.Item>
          <Form.Item
            name="role"
            label="角色"
            rules={[{ required: true, message: "请选择角色" }]}
            extra={self ? "不能修改自己的角色：请另一位系统管理员修改" : undefined}
          >
            <Select data-testid="edit-role" options={roleOptions} disabled={self} />
          </Form.Item>
          {role === "unit" && (
            <Form.Item name="unitCode" label="所属单位" rules={[{ required: true, message: "单位用户须选择所属单位" }]}>
              <Select showSearch={{ optionFilterProp: "label" }} placeholder="选择单位（可输入名称或编码搜索）" options={unitOptions} data-testid="edit-unit" />
            </Form.Item>
          )}
          {accessChanges && (
            <Alert
              type="warning"
              showIcon
              data-testid="edit-user-sessions-warning"
              title="修改角色或所属单位后，该用户已登录的会话立即结束，须重新登录；此后按新的角色和单位使用。"
            />
          )}
        </Form>
      )}
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; repeat: string }>();
  const { error, clearError, failed, done, cancel } = useUsersDialog(onClose);
  // no password typed for one user is offered for the next
  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: async () => {
        message.success(`已重置“${user?.displayName ?? ""}”的密码：下次登录时须修改密码`);
        await done();
      },
      onError: failed,
    }),
  );
  return (
    <Modal
      title={user ? `重置密码：${user.displayName}（${user.username}）` : "重置密码"}
      open={user !== null}
      okText="重置密码"
      cancelText="取消"
      confirmLoading={reset.isPending}
      okButtonProps={{ danger: true, "data-testid": "reset-password-submit" }}
      onOk={() => form.submit()}
      onCancel={cancel}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="重置后，该用户下次登录时须先修改密码；账号的锁定同时解除。请通过安全的方式把新密码告知本人。"
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="reset-password-error" />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        autoComplete="off"
        onValuesChange={clearError}
        onFinish={(f) => user && reset.mutate({ id: user.id, password: f.password })}
      >
        <PasswordRules />
        <NewPassword form={form} label="新密码" username={user?.username} testId="reset-password" />
      </Form>
    </Modal>
  );
}

export function UsersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const { user: me } = useAuth();
  const list = useQuery(trpc.users.list.queryOptions());
  const units = useQuery(trpc.units.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const setDisabled = useMutation(
    trpc.users.setDisabled.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    }),
  );
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.code, u.name])), [units.data]);

  const toggle = (u: UserRow) => {
    const disabling = !u.disabled;
    modal.confirm({
      title: `${disabling ? "停用" : "启用"}用户“${u.displayName}”（${u.username}）？`,
      content: disabling ? "停用后该用户不能登录，已登录的会话立即失效。可随时重新启用。" : "启用后该用户可以用原密码登录。",
      okText: disabling ? "停用" : "启用",
      okButtonProps: { danger: disabling, "data-testid": "confirm-toggle-user" },
      cancelText: "取消",
      onOk: async () => {
        try {
          await setDisabled.mutateAsync({ id: u.id, disabled: disabling });
          message.success(`已${disabling ? "停用" : "启用"}用户“${u.displayName}”`);
        } catch (err) {
          message.error(errorText(err));
        }
      },
    });
  };

  const phone = usePhone();
  const columns: TableColumnsType<UserRow> = [
    {
      title: "用户名",
      dataIndex: "username",
      width: 120,
      sorter: (a, b) => a.username.localeCompare(b.username, "zh-CN"),
      render: (name: string, u) => (
        <Space size={4}>
          <Typography.Text strong>{name}</Typography.Text>
          {u.id === me?.id && <Tag color="blue">本人</Tag>}
        </Space>
      ),
    },
    { title: "姓名", dataIndex: "displayName", width: 110 },
    {
      title: "角色",
      dataIndex: "role",
      width: 110,
      filters: ROLES.map((r) => ({ text: ROLE_LABEL[r], value: r })),
      onFilter: (value, u) => u.role === value,
      render: (role: string) => <Tag color={ROLE_COLOR[role as Role] ?? "default"}>{roleLabel(role)}</Tag>,
    },
    {
      title: "单位",
      dataIndex: "unitCode",
      // a unit's name on one line (before: squeezed to a character a line at 1366 wide)
      width: 110,
      onCell: () => ({ style: { whiteSpace: "nowrap" } }),
      render: (code: string | null) => (code ? (unitName.get(code) ?? code) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: "状态",
      key: "status",
      width: 90,
      render: (_, u) => (
        <Space size={4} wrap>
          <StatusTag u={u} />
          {u.mustChangePassword && !u.disabled && (
            <Tooltip title="下次登录时须修改密码">
              <Tag color="gold">待改密码</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: "最近登录（北京时间）",
      dataIndex: "lastSignIn",
      width: 160,
      sorter: (a, b) => (a.lastSignIn ?? "").localeCompare(b.lastSignIn ?? ""),
      render: (at: string | null) =>
        at ? <span className="kh-num">{beijingDateTime(at)}</span> : <Typography.Text type="secondary">从未登录</Typography.Text>,
    },
    {
      title: "创建",
      key: "created",
      width: 150,
      render: (_, u) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {beijingDateTime(u.createdAt)} {u.createdBy}
        </Typography.Text>
      ),
    },
    {
      title: "操作",
      key: "actions",
      // 修改, 重置密码 and 停用 on one line (at 230 px 停用 was cut at 1366 wide)
      width: 250,
      // pinned where the table may scroll, so the actions stay in view; not on a phone, where it and 用户名 took the
      // whole width
      fixed: phone ? undefined : "right",
      render: (_, u) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} data-testid={`edit-user-${u.username}`}>
            修改
          </Button>
          <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(u)} data-testid={`reset-password-${u.username}`}>
            重置密码
          </Button>
          {u.id !== me?.id && (
            <Button
              type="link"
              size="small"
              danger={!u.disabled}
              icon={u.disabled ? <CheckCircleOutlined /> : <StopOutlined />}
              onClick={() => toggle(u)}
              data-testid={`toggle-user-${u.username}`}
            >
              {u.disabled ? "启用" : "停用"}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card>
        <div className="kh-page-header">
          <ListTitle title="用户" count={list.data ? `共 ${list.data.length} 个账号` : ""} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-user-button">
            新建用户
          </Button>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {ROLES.map((r) => `${ROLE_LABEL[r]}：${ROLE_HINT[r]}`).join("；")}。
        </Typography.Paragraph>
      </Card>
      {list.error && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<UserRow>
          rowKey="id"
          columns={columns}
          dataSource={list.data ?? []}
          loading={list.isPending}
          pagination={(list.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          // the columns' widths: within a 1366 px laptop's page (1126 px), without scrolling
          scroll={{ x: 1100 }}
          data-testid="users-table"
        />
      </Card>
      <CreateUserModal open={creating} onClose={() => setCreating(false)} units={units.data ?? []} />
      <EditUserModal user={editing} onClose={() => setEditing(null)} units={units.data ?? []} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Space>
  );
}

/**
 * The center's name in the header. Set once, when the first 系统管理员 signs in to a store that has none (the server
 * asks on its first start too); a 系统管理员 can change it from the header at any time (audited on the server).
 */
import { EditOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Modal, Tooltip, Typography } from "antd";
import { useEffect, useState } from "react";
import { useAuth } from "../lib/auth.tsx";
import { errorText, useTRPC } from "../lib/trpc.ts";

/** Longest name the server accepts (CENTER_NAME_MAX). */
const MAX = 60;

/**
 * The center as the units' pages name it (须向…书面说明, …已阅, …处理中): its name as set, one name wherever it is read
 * (the pages said 县投诉中心 and 考核办 while the header and the bulletin said the name set); 热线中心 until one is set.
 */
export function useCenterName(): string {
  const trpc = useTRPC();
  const settings = useQuery({ ...trpc.settings.get.queryOptions(), staleTime: 5 * 60_000 });
  return settings.data?.centerName ?? "热线中心";
}

export function CenterName() {
  const trpc = useTRPC();
  const { can } = useAuth();
  const settings = useQuery({ ...trpc.settings.get.queryOptions(), staleTime: 5 * 60_000 });
  const mayEdit = can("settings.manage");
  const [editing, setEditing] = useState(false);
  // first use: nobody has named the center yet; the system administrator is asked (once per visit)
  const [asked, setAsked] = useState(false);
  const missing = settings.isSuccess && settings.data.centerName === null;
  useEffect(() => {
    if (missing && mayEdit && !asked) {
      setAsked(true);
      setEditing(true);
    }
  }, [missing, mayEdit, asked]);
  const name = settings.data?.centerName;
  return (
    <span className="kh-center-name">
      <Typography.Text type={name ? undefined : "secondary"} data-testid="center-name">
        {name ?? (settings.isPending ? "" : "尚未设置中心名称")}
      </Typography.Text>
      {mayEdit && (
        <Tooltip title="修改中心名称（显示在页头，并用于报表）">
          <Button
            type="text"
            size="small"
            icon={<EditOutlined />}
            aria-label="修改中心名称"
            onClick={() => setEditing(true)}
            className="kh-no-print"
            data-testid="center-name-edit"
          />
        </Tooltip>
      )}
      {mayEdit && <CenterNameModal open={editing} current={name ?? null} firstUse={missing} onClose={() => setEditing(false)} />}
    </span>
  );
}

function CenterNameModal({ open, current, firstUse, onClose }: { open: boolean; current: string | null; firstUse: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const save = useMutation(
    trpc.settings.setCenterName.mutationOptions({
      onSuccess: async ({ centerName }) => {
        queryClient.setQueryData(trpc.settings.get.queryKey(), (now) => (now ? { ...now, centerName } : now));
        await queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
        message.success(`中心名称已设为“${centerName}”`);
        onClose();
      },
      onError: (err) => message.error(errorText(err)),
    }),
  );
  return (
    <Modal
      title={firstUse ? "首次使用：请填写考核中心的名称" : "修改中心名称"}
      open={open}
      onCancel={onClose}
      cancelText={firstUse ? "稍后填写" : "取消"}
      okText="保存"
      confirmLoading={save.isPending}
      okButtonProps={{ "data-testid": "center-name-save" }}
      onOk={async () => {
        const values = await form.validateFields().catch(() => null);
        if (values) save.mutate({ name: values.name.trim() });
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">中心名称显示在每个页面的页头，并写入导出的报表与通报。修改记入审计日志。</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ name: current ?? "" }}>
        <Form.Item
          name="name"
          label="中心名称"
          rules={[
            { required: true, whitespace: true, message: "请填写中心名称" },
            { max: MAX, message: `中心名称请控制在 ${MAX} 字以内` },
          ]}
        >
          <Input placeholder="如：××县12345政务服务便民热线中心" count={{ show: true, max: MAX }} data-testid="center-name-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

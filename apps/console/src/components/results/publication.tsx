/** A period's publication: who published it and when, and publishing (again, with the reason). */
import { CheckCircleFilled, ClockCircleOutlined, SendOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Modal, Space, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { localTime } from "../../lib/format.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import { periodLabel } from "./helpers.ts";
import type { Publication } from "./types.ts";

/** "已发布：张三 2018-04-02 10:20" or "未发布". */
export function PublicationStatus({ publication }: { publication: Publication | null | undefined }) {
  if (publication === undefined) return null;
  if (publication === null)
    return (
      <Tag icon={<ClockCircleOutlined />} variant="filled" data-testid="publication-status">
        未发布
      </Tag>
    );
  const tag = (
    <Tag icon={<CheckCircleFilled />} color="success" data-testid="publication-status">
      已发布：{publication.publishedBy} {localTime(Date.parse(publication.publishedAt))}
    </Tag>
  );
  return publication.reason ? (
    <Tooltip
      title={
        <>
          重新发布原因：{publication.reason}
          <br />
          规则：{publication.rubric.name}（{publication.rubric.version}）
        </>
      }
    >
      {tag}
    </Tooltip>
  ) : (
    <Tooltip title={`发布时使用规则：${publication.rubric.name}（${publication.rubric.version}）`}>{tag}</Tooltip>
  );
}

/**
 * 发布 / 重新发布. Publishing freezes the period's result; publishing again
 * (after an objection is upheld) replaces it and needs the reason.
 */
export function PublishButton({
  period,
  publication,
  unitCount,
  disabled,
}: {
  period: string;
  publication: Publication | null | undefined;
  unitCount: number;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [reasonOpen, setReasonOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const label = periodLabel(period);
  const publish = useMutation(
    trpc.publication.publish.mutationOptions({
      onSuccess: async (p) => {
        message.success(`${label}考核结果已${p.reason ? "重新" : ""}发布`);
        setReasonOpen(false);
        form.resetFields();
        await queryClient.invalidateQueries({ queryKey: trpc.publication.pathKey() });
      },
      onError: (err) => message.error(errorText(err)),
    }),
  );

  const published = Boolean(publication);
  const onClick = () => {
    if (published) {
      setReasonOpen(true);
      return;
    }
    modal.confirm({
      title: `发布${label}考核结果？`,
      icon: <SendOutlined style={{ color: "#b71c1c" }} />,
      content: (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          将按现行规则计算并冻结 {unitCount} 家单位的得分与排名。发布后结果不再随数据变化；如需更正，须填写原因后重新发布。
        </Typography.Paragraph>
      ),
      okText: "确认发布",
      cancelText: "取消",
      onOk: async () => {
        try {
          await publish.mutateAsync({ period });
        } catch {
          // the message is shown by onError; the dialog closes
        }
      },
    });
  };

  return (
    <>
      <Button
        type={published ? "default" : "primary"}
        icon={<SendOutlined />}
        onClick={onClick}
        loading={publish.isPending}
        disabled={disabled || publication === undefined}
        data-testid="publish-button"
      >
        {published ? "重新发布" : "发布"}
      </Button>
      <Modal
        title={`重新发布${label}考核结果`}
        open={reasonOpen}
        okText="重新发布"
        cancelText="取消"
        confirmLoading={publish.isPending}
        onCancel={() => setReasonOpen(false)}
        onOk={async () => {
          const { reason } = await form.validateFields().catch(() => ({ reason: "" }));
          if (reason.trim()) publish.mutate({ period, reason: reason.trim() });
        }}
        destroyOnHidden
      >
        {publication && (
          <Typography.Paragraph type="secondary">
            本期已由 {publication.publishedBy} 于 {localTime(Date.parse(publication.publishedAt))}{" "}
            发布。重新发布将以现行规则和当前数据重新计算，原发布结果保留备查并标记为已替代。
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label="重新发布原因"
            rules={[
              { required: true, whitespace: true, message: "请填写重新发布的原因" },
              { max: 500, message: "原因请控制在 500 字以内" },
            ]}
          >
            <Input.TextArea
              rows={4}
              showCount
              maxLength={500}
              placeholder="例如：某单位对第 2 项得分提出异议，经复核属实，更正后重新发布"
              data-testid="republish-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** Rubric name and version a result was computed with. */
export function RubricUsed({ rubric, snapshot }: { rubric: { name: string; version: string } | undefined; snapshot: boolean }) {
  if (!rubric) return null;
  return (
    <Space size={6} wrap className="kh-meta" data-testid="rubric-used">
      <span>考核规则：</span>
      <Typography.Text>{rubric.name}</Typography.Text>
      <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>
        版本 {rubric.version}
      </Tag>
      {snapshot && (
        <Tooltip title="本期已发布：显示发布时冻结的结果，不随之后导入的数据变化">
          <Tag color="gold" style={{ marginInlineEnd: 0 }}>
            发布快照
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}

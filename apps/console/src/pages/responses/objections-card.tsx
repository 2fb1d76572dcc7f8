/** The unit's objections for the month: what it asked, where each stands, the center's reason and the corrections made. */
import { PlusOutlined, RollbackOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Descriptions, Empty, Space, Spin, Table, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ReactNode } from "react";
import { useCenterName } from "../../components/center-name.tsx";
import { AttachmentLinks } from "../../components/responses/attachment-links.tsx";
import { CorrectionList } from "../../components/responses/corrections.tsx";
import { ProposedList } from "../../components/responses/proposed.tsx";
import { ObjectionStatusTag } from "../../components/responses/tags.tsx";
import type { Cycle, Objection } from "../../components/responses/types.ts";
import { SUBJECT_LABEL } from "../../components/responses/workflow.ts";
import { isoTime, thisPeriod } from "../../lib/format.ts";
import { usePhone } from "../../lib/layout.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";

/** 撤回: the unit takes back its undecided objection, after saying what that does. */
function WithdrawButton({ o }: { o: Objection }) {
  const trpc = useTRPC();
  const center = useCenterName();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const withdraw = useMutation(
    trpc.objections.withdraw.mutationOptions({
      onSuccess: async () => {
        message.success(`异议 #${o.id} 已撤回`);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.objections.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() }),
        ]);
      },
      // refused, most often because the center decided it meanwhile (409), as the admin's drawer does: the objections
      // read again, and what an accepted one corrected (the score, the duties); the row kept 待处理 with its 撤回, and
      // the score from before the correction, until the page was reloaded
      onError: async (err) => {
        message.error(errorText(err));
        await Promise.all(
          [trpc.objections, trpc.corrections, trpc.scores, trpc.explanations, trpc.publication, trpc.inbox].map((r) =>
            queryClient.invalidateQueries({ queryKey: r.pathKey() }),
          ),
        );
      },
    }),
  );
  const confirm = () =>
    modal.confirm({
      title: `撤回异议 #${o.id}？`,
      content: `撤回后${center}不再处理这条异议，${o.attachments.length > 0 ? `它的 ${o.attachments.length} 个附件一并删除，` : ""}撤回不能取消；如仍有异议，可在异议期限内重新提出。`,
      okText: "撤回",
      okButtonProps: { danger: true, "data-testid": `withdraw-confirm-${o.id}` },
      cancelText: "取消",
      onOk: () => withdraw.mutateAsync({ id: o.id }).catch(() => undefined),
    });
  return (
    <Button size="small" icon={<RollbackOutlined />} loading={withdraw.isPending} onClick={confirm} data-testid={`withdraw-objection-${o.id}`}>
      撤回
    </Button>
  );
}

/**
 * The table's columns; `canWithdraw`: the unit's own user, who may take back an undecided objection. The decision and
 * its reason first, after the number: what the unit comes back for, in view without scrolling on a 1024-pixel screen.
 */
const columnsFor = (canWithdraw: boolean, center: string): ColumnsType<Objection> => [
  { title: "编号", key: "id", width: 64, render: (_, o) => `#${o.id}` },
  { title: "状态", key: "status", width: 90, render: (_, o) => <ObjectionStatusTag status={o.status} /> },
  {
    title: "处理意见",
    key: "decision",
    width: 260,
    render: (_, o) =>
      o.status === "open" ? (
        <Space wrap>
          <Typography.Text type="secondary">{center}处理中</Typography.Text>
          {canWithdraw && <WithdrawButton o={o} />}
        </Space>
      ) : o.status === "withdrawn" ? (
        <Typography.Text type="secondary" data-testid={`objection-withdrawn-${o.id}`}>
          {o.decidedBy} 于 {isoTime(o.decidedAt)} 撤回
        </Typography.Text>
      ) : (
        <Space orientation="vertical" size={6} style={{ width: "100%" }}>
          <Typography.Text className="kh-pre" data-testid={`objection-decision-${o.id}`}>
            {o.decision}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {o.decidedBy} {isoTime(o.decidedAt)}
          </Typography.Text>
          {o.corrections.length > 0 && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                已更正：
              </Typography.Text>
              <CorrectionList corrections={o.corrections} withRecord compact />
            </div>
          )}
        </Space>
      ),
  },
  { title: "异议对象", key: "subject", width: 90, render: (_, o) => SUBJECT_LABEL[o.subject] },
  { title: "请求更正", key: "proposed", width: 200, render: (_, o) => <ProposedList o={o} /> },
  {
    title: "理由与附件",
    key: "reason",
    render: (_, o) => (
      <Space orientation="vertical" size={4}>
        <Typography.Paragraph className="kh-pre" ellipsis={{ rows: 3, expandable: "collapsible", symbol: (open) => (open ? "收起" : "展开") }}>
          {o.reason}
        </Typography.Paragraph>
        {o.attachments.length > 0 && <AttachmentLinks attachments={o.attachments} compact />}
      </Space>
    ),
  },
  {
    title: "提出",
    key: "raised",
    width: 140,
    render: (_, o) => (
      <Space orientation="vertical" size={0} style={{ maxWidth: 130 }}>
        <span>{isoTime(o.raisedAt)}</span>
        <Typography.Text type="secondary" ellipsis={{ tooltip: o.raisedBy }} style={{ maxWidth: 130 }}>
          {o.raisedBy}
        </Typography.Text>
      </Space>
    ),
  },
];

export function ObjectionsCard({
  cycle,
  objections,
  loading,
  error,
  canRaise,
  onRaise,
}: {
  cycle: Cycle;
  objections: Objection[];
  loading: boolean;
  error: unknown;
  canRaise: boolean;
  onRaise: () => void;
}) {
  const here = thisPeriod(cycle.period);
  const closedWhy =
    cycle.stage === "published"
      ? // a month published without a preview had no time for objections: none "ended"
        cycle.previewOpenedAt === null
        ? `${here}结果未经预览直接发布，没有异议期`
        : `${here}结果已发布，异议期已结束`
      : cycle.objectionDeadline
        ? `异议期限已过（截至 ${isoTime(cycle.objectionDeadline)}）`
        : `${here}尚未开放异议`;
  const phone = usePhone();
  const center = useCenterName();
  const columns = columnsFor(canRaise, center);
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={error ? errorText(error) : `本单位${here}未提出异议`} />;
  // on a phone each objection is a block of its own, label above value: the table's 1000 px ran off a 390 px screen,
  // the center's decision cut at its right edge
  const asBlocks = (
    <Spin spinning={loading}>
      {objections.length === 0
        ? empty
        : objections.map((o, i) => (
            <Descriptions
              key={o.id}
              size="small"
              bordered
              layout="vertical"
              column={1}
              style={{ margin: 12 }}
              data-testid={`objection-block-${o.id}`}
              items={columns.map((c) => ({
                key: String(c.key),
                label: c.title as string,
                children: (c as { render: (value: unknown, o: Objection, index: number) => ReactNode }).render(undefined, o, i),
              }))}
            />
          ))}
    </Spin>
  );
  return (
    <Card
      title="异议"
      extra={
        // the button while objections are open; after (or before), why there is none
        canRaise &&
        (cycle.objectionsOpen ? (
          <Tooltip title={`对本单位${here}的考核结果提出异议`}>
            <Button type="primary" icon={<PlusOutlined />} onClick={onRaise} data-testid="raise-objection">
              提出异议
            </Button>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary" data-testid="objections-closed">
            {closedWhy}
          </Typography.Text>
        ))
      }
      styles={{ body: { padding: 0 } }}
      data-testid="objections-card"
    >
      {phone ? (
        asBlocks
      ) : (
        <Table<Objection>
          rowKey="id"
          columns={columns}
          dataSource={objections}
          loading={loading}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: empty }}
          data-testid="objections-table"
        />
      )}
    </Card>
  );
}

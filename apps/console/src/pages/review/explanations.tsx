/** The month's written explanations, unit by unit: why each is owed, where it stands; read one and acknowledge it. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Form, Input, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { HTMLAttributes } from "react";
import { AttachmentLinks } from "../../components/responses/attachment-links.tsx";
import { ChangedSinceNotice, DutyReasons, reasonsText } from "../../components/responses/reasons.tsx";
import { ExplanationStateTag } from "../../components/responses/tags.tsx";
import type { Cycle, Duty } from "../../components/responses/types.ts";
import { useAuth } from "../../lib/auth.tsx";
import { isoTime, monthLabel } from "../../lib/format.ts";
import { useSearchDrawer } from "../../lib/search-drawer.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import "../../components/responses/responses.css";

/** Those the center has to read first, then the overdue, the owed, the read. */
const ORDER: Record<Duty["state"], number> = { submitted: 0, late: 1, overdue: 2, owed: 3, acknowledged: 4 };

function ExplanationDrawer({ duty, period, onClose }: { duty: Duty | null; period: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ response?: string }>();
  const acknowledge = useMutation(
    trpc.explanations.acknowledge.mutationOptions({
      onSuccess: async () => {
        message.success("已阅知，单位将看到回复");
        onClose();
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.explanations.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() }),
        ]);
      },
    }),
  );
  const e = duty?.explanation ?? null;
  return (
    <Drawer
      title={duty ? `${duty.unit.name} · ${monthLabel(period)}书面说明` : ""}
      open={duty !== null}
      size={720}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(o) => !o && acknowledge.reset()}
    >
      {duty && (
        <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="explanation-drawer">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: "unit", label: "单位", children: `${duty.unit.name}（${duty.unit.category}）` },
              { key: "state", label: "状态", children: <ExplanationStateTag state={duty.state} label={duty.stateLabel} /> },
              ...(e
                ? [
                    { key: "by", label: "提交人", children: e.submittedBy },
                    { key: "at", label: "提交时间", children: isoTime(e.submittedAt) },
                  ]
                : []),
            ]}
          />
          <div>
            <Typography.Title level={5}>须说明的情况</Typography.Title>
            <DutyReasons reasons={duty.reasons} unitCode={duty.unit.code} period={period} />
          </div>
          {e ? (
            <>
              <div>
                <Typography.Title level={5}>说明内容</Typography.Title>
                <div className="kh-text-block" data-testid="explanation-text">
                  {e.text}
                </div>
              </div>
              {duty.owedNow && <ChangedSinceNotice then={e.reasons} now={duty.reasons} viewer="center" />}
              <div>
                <Typography.Title level={5}>附件</Typography.Title>
                <AttachmentLinks attachments={e.attachments} compact />
              </div>
              {e.status === "acknowledged" ? (
                <Alert
                  type="success"
                  showIcon
                  title={`已阅（${e.acknowledgedBy ?? ""} ${isoTime(e.acknowledgedAt)}）`}
                  description={e.response ? `回复：${e.response}` : "无回复意见"}
                />
              ) : can("responses.review") ? (
                <Form form={form} layout="vertical" onFinish={(v) => acknowledge.mutate({ id: e.id, response: v.response?.trim() || undefined })}>
                  {acknowledge.error && <Alert type="error" showIcon title={errorText(acknowledge.error)} style={{ marginBottom: 12 }} />}
                  <Form.Item name="response" label="回复单位（可选）" rules={[{ max: 2000, message: "回复最多 2000 字" }]}>
                    <Input.TextArea rows={3} count={{ show: true, max: 2000 }} placeholder="例如：已阅，请抓好整改落实" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={acknowledge.isPending} data-testid="acknowledge">
                    阅知
                  </Button>
                </Form>
              ) : (
                <Alert type="info" showIcon title="待考核办阅知" data-testid="explanation-awaits" />
              )}
            </>
          ) : (
            <Alert type={duty.state === "overdue" ? "error" : "info"} showIcon title={duty.state === "overdue" ? "已过期限，单位尚未提交" : "单位尚未提交"} />
          )}
        </Space>
      )}
    </Drawer>
  );
}

export function ExplanationsCard({
  period,
  cycle,
  duties,
  loading,
  error,
}: {
  period: string;
  cycle: Cycle | undefined;
  duties: Duty[];
  loading: boolean;
  error: unknown;
}) {
  const { can } = useAuth();
  // in the address (?explanation=<unit code>): the back button closes it, the bell's link opens it
  const [opened, setOpened, close] = useSearchDrawer("explanation");
  const rows = [...duties].sort((a, b) => ORDER[a.state] - ORDER[b.state]);
  const count = (s: Duty["state"][]) => duties.filter((d) => s.includes(d.state)).length;
  const columns: ColumnsType<Duty> = [
    { title: "单位", key: "unit", width: 190, render: (_, d) => d.unit.name },
    { title: "类别", key: "category", width: 90, render: (_, d) => d.unit.category },
    {
      title: "须说明的情况",
      key: "why",
      width: 260,
      render: (_, d) =>
        d.owedNow
          ? reasonsText(d.reasons) || "—"
          : `已无须说明（${d.notAssessed ? `本月不参加考核：${d.notAssessed}` : "异议更正后"}）；提交时：${reasonsText(d.reasons) || "—"}`,
    },
    { title: "状态", key: "state", width: 100, render: (_, d) => <ExplanationStateTag state={d.state} label={d.stateLabel} /> },
    { title: "提交时间", key: "at", width: 140, render: (_, d) => (d.explanation ? isoTime(d.explanation.submittedAt) : "—") },
    {
      title: "附件",
      key: "files",
      width: 70,
      align: "right",
      render: (_, d) => (d.explanation ? d.explanation.attachments.length : "—"),
    },
    {
      title: "操作",
      key: "action",
      width: 90,
      render: (_, d) => (
        <Button type="link" size="small" onClick={() => setOpened(d.unit.code)} data-testid={`explanation-open-${d.unit.code}`}>
          {/* 阅读 (to acknowledge) for those who acknowledge; the 只读 leader looks */}
          {d.explanation && d.explanation.status !== "acknowledged" && can("responses.review") ? "阅读" : "查看"}
        </Button>
      ),
    },
  ];
  return (
    <Card
      title="书面说明"
      extra={
        <Typography.Text type="secondary" data-testid="explanations-summary">
          应说明 {duties.filter((d) => d.owedNow).length} 家 · 待阅 {count(["submitted", "late"])} · 待提交 {count(["owed"])} · 逾期未交 {count(["overdue"])} ·
          已阅 {count(["acknowledged"])}
        </Typography.Text>
      }
      styles={{ body: { padding: 0 } }}
      data-testid="review-explanations"
    >
      {opened !== null && !loading && !error && !duties.some((d) => d.unit.code === opened) && (
        <Alert
          type="warning"
          showIcon
          banner
          title={`本月没有单位“${opened}”须书面说明：链接中的单位不属于本月的书面说明`}
          action={
            <Button size="small" onClick={close}>
              知道了
            </Button>
          }
          data-testid="explanation-not-found"
        />
      )}
      {cycle?.stage === "closed" && duties.length > 0 && (
        <Alert type="info" showIcon banner title="本月尚未向各单位开放：下列单位按当前结果须书面说明，开放预览后才会收到通知。" />
      )}
      <Table<Duty>
        rowKey={(d) => d.unit.code}
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        // on a phone the table scrolls sideways rather than squeezing 须说明的情况 to one character a line
        scroll={{ x: 940 }}
        onRow={(d) => ({ "data-testid": `explanation-row-${d.unit.code}` }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={error ? errorText(error) : "本月没有须书面说明的单位"} /> }}
      />
      <ExplanationDrawer duty={duties.find((d) => d.unit.code === opened) ?? null} period={period} onClose={close} />
    </Card>
  );
}

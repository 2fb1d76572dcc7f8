/**
 * The month's objections: what each unit asked and why; for an open one, what
 * accepting would do (objections.effect) and the decision — accepted (the data
 * is corrected) or not — with a reason the unit sees.
 */
import { ExperimentOutlined } from "@ant-design/icons";
import { describeValue } from "@kaohe/db/correction-fields";
import { isYear } from "@kaohe/time";
import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Form, Input, Segmented, Space, Spin, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type HTMLAttributes, useState } from "react";
import { AttachmentLinks } from "../../components/responses/attachment-links.tsx";
import { ChangeEditor, editable } from "../../components/responses/change-editor.tsx";
import { CorrectionList } from "../../components/responses/corrections.tsx";
import { ProposedList } from "../../components/responses/proposed.tsx";
import { ObjectionStatusTag } from "../../components/responses/tags.tsx";
import type { Objection } from "../../components/responses/types.ts";
import { type FieldChange, type FieldValue, SUBJECT_LABEL, withDecidedObjection } from "../../components/responses/workflow.ts";
import { useAuth } from "../../lib/auth.tsx";
import { isoTime, monthLabel, thisPeriod } from "../../lib/format.ts";
import { useSearchDrawer } from "../../lib/search-drawer.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import { EffectView } from "./effect.tsx";

function Decide({ o, onDone, onRefused }: { o: Objection; onDone: () => void; onRefused: (text: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ decision: string }>();
  // the corrections previewed (when the preview button was pressed: editing a value does not recompute by itself)
  const [preview, setPreview] = useState<{ changes?: FieldChange[] } | null>(null);
  // the corrections as the center will make them: as asked, or amended (what was asked is right in substance, not in detail)
  const [amended, setAmended] = useState<FieldChange[] | null>(null);
  const changes = amended ?? o.proposed.map(({ record, recordId, field, to }) => ({ record, recordId, field, to }));
  const amendable = o.proposed.some((p) => editable(p.field));
  const setValue = (i: number, to: FieldValue) => setAmended(changes.map((c, j) => (j === i ? { ...c, to } : c)));
  const differs = amended?.some((c, i) => c.to !== o.proposed[i]?.to) ?? false;
  const effect = useQuery({
    ...trpc.objections.effect.queryOptions(preview ? { id: o.id, ...preview } : skipToken),
    staleTime: 0,
    retry: false,
  });
  // an objection left undecided when the month was published: accepting it corrects the data, not the published result
  const cycle = useQuery(trpc.cycle.get.queryOptions({ period: o.period }));
  const published = cycle.data?.stage === "published";
  const republishNote = `${monthLabel(o.period)}的结果已发布：采纳后须在${isYear(o.period) ? "年度考核" : "月度排名"}页重新发布，更正才会进入已发布的结果`;
  const refresh = () =>
    Promise.all(
      [trpc.objections, trpc.inbox, trpc.explanations, trpc.scores, trpc.publication].map((r) => queryClient.invalidateQueries({ queryKey: r.pathKey() })),
    );
  const decide = useMutation(
    trpc.objections.decide.mutationOptions({
      onSuccess: (d) => {
        // the lists say the decision with the toast that does (their refetch waits for the month scored again)
        for (const [key, list] of queryClient.getQueriesData<Objection[]>({ queryKey: trpc.objections.list.pathKey() })) {
          const input = (key[1] as { input?: { status?: Objection["status"] } } | undefined)?.input;
          if (list) queryClient.setQueryData(key, withDecidedObjection(list, d, input?.status));
        }
        if (d.status === "accepted" && published && d.corrections.length > 0)
          message.warning({ content: `异议 #${d.id} ${d.statusLabel}。${republishNote}`, duration: 8 });
        else message.success(`异议 #${d.id} ${d.statusLabel}`);
        onDone();
        void refresh();
      },
      // decided meanwhile by someone else (409): the drawer reads the objection again and shows that decision
      onError: async (err) => {
        message.error(errorText(err));
        // kept in the drawer above the decision it shows (a toast goes in seconds)
        onRefused(errorText(err));
        await refresh();
      },
    }),
  );
  const ask = async (accept: boolean) => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    modal.confirm({
      title: accept ? `采纳异议 #${o.id}？` : `不予采纳异议 #${o.id}？`,
      content: (
        <Space orientation="vertical" size={8}>
          {accept && o.proposed.length > 0 && !differs && <span>将按单位的请求更正 {o.proposed.length} 处数据，并记录更正；之后导入的数据不会覆盖更正。</span>}
          {accept && differs && (
            <span data-testid="accept-amended">
              将按修改后的内容更正 {changes.length} 处数据（
              {changes.map((c, i) => `${o.proposed[i]?.fieldLabel ?? c.field} ${describeValue(c.record, c.field, c.to)}`).join("，")}
              ），并记录更正；请在处理理由中说明修改的依据。
            </span>
          )}
          {accept && o.proposed.length === 0 && <span>该异议未涉及数据更正，采纳后仅记录处理意见。</span>}
          {accept && published && o.proposed.length > 0 && <Alert type="warning" showIcon title={`${republishNote}。`} data-testid="accept-republish-note" />}
          <span>{o.unitName}将看到处理理由：</span>
          <Typography.Text className="kh-pre" strong>
            {v.decision.trim()}
          </Typography.Text>
        </Space>
      ),
      okText: accept ? "确认采纳" : "确认不予采纳",
      okButtonProps: accept ? undefined : { danger: true },
      cancelText: "取消",
      onOk: () => decide.mutateAsync({ id: o.id, accept, decision: v.decision.trim(), ...(accept && differs ? { changes } : {}) }).catch(() => {}),
    });
  };
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        处理
      </Typography.Title>
      {o.proposed.length === 0 ? (
        // nothing asked to be corrected (其他, in words): scoring the month again would only say that nothing moves
        <Typography.Text type="secondary" data-testid="no-effect">
          该异议未请求更正数据：采纳后仅记录处理意见，各单位得分与名次不变。
        </Typography.Text>
      ) : (
        <Space>
          <Button
            icon={<ExperimentOutlined />}
            onClick={() => {
              const asked = differs ? { changes } : {};
              if (preview && JSON.stringify(preview) === JSON.stringify(asked)) effect.refetch();
              else setPreview(asked);
            }}
            loading={effect.isFetching}
            data-testid="preview-effect"
          >
            预览影响
          </Button>
          <Typography.Text type="secondary">
            按{differs ? "修改后的内容" : "单位请求"}更正后重新计算{thisPeriod(o.period)}得分与排名（不保存）
          </Typography.Text>
        </Space>
      )}
      {amendable && (
        <div data-testid="amend-changes">
          <Typography.Text type="secondary">采纳时更正为（单位请求的内容有误时可修改，例如批准延期的日期）：</Typography.Text>
          <Space orientation="vertical" size={6} style={{ display: "flex", marginTop: 6 }}>
            {changes.map((c, i) => (
              <Space key={`${c.recordId}/${c.field}`} wrap>
                <span>
                  {o.proposed[i]?.recordId} {o.proposed[i]?.fieldLabel}
                </span>
                {editable(c.field) ? (
                  <ChangeEditor field={c.field} value={c.to} onChange={(to) => setValue(i, to)} testId={`amend-${i}`} />
                ) : (
                  <span>{describeValue(c.record, c.field, c.to)}</span>
                )}
                {amended && c.to !== o.proposed[i]?.to && (
                  <Typography.Text type="warning">（单位请求：{describeValue(c.record, c.field, o.proposed[i]?.to ?? null)}）</Typography.Text>
                )}
              </Space>
            ))}
          </Space>
        </div>
      )}
      {preview && effect.isPending && <Spin description="正在计算…" />}
      {effect.error && <Alert type="error" showIcon title="无法预览影响" description={errorText(effect.error)} />}
      {effect.data && <EffectView effect={effect.data} unitName={o.unitName} />}
      {decide.error && <Alert type="error" showIcon title="未能处理" description={errorText(decide.error)} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="decision"
          label="处理理由（单位可见）"
          rules={[
            { required: true, whitespace: true, message: "请写明处理理由，单位将看到它" },
            { min: 2, message: "请写明处理理由" },
            { max: 2000, message: "理由最多 2000 字" },
          ]}
        >
          <Input.TextArea rows={4} count={{ show: true, max: 2000 }} placeholder="例如：经核实，该工单已于 11 月 5 日批准延期，予以采纳" />
        </Form.Item>
        <Space>
          <Button type="primary" onClick={() => ask(true)} loading={decide.isPending} data-testid="accept-objection">
            采纳
          </Button>
          <Button danger onClick={() => ask(false)} loading={decide.isPending} data-testid="reject-objection">
            不予采纳
          </Button>
        </Space>
      </Form>
    </Space>
  );
}

function ObjectionDrawer({ o, onClose }: { o: Objection | null; onClose: () => void }) {
  const { can } = useAuth();
  // why this user's decision was not saved (decided meanwhile by someone else), for the objection it was made on
  const [refused, setRefused] = useState<{ id: number; text: string } | null>(null);
  return (
    <Drawer title={o ? `异议 #${o.id} · ${o.unitName} · ${monthLabel(o.period)}` : ""} open={o !== null} size={860} onClose={onClose} destroyOnHidden>
      {o && (
        <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="objection-drawer">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: "unit", label: "单位", children: o.unitName },
              { key: "status", label: "状态", children: <ObjectionStatusTag status={o.status} /> },
              { key: "subject", label: "异议对象", children: SUBJECT_LABEL[o.subject] },
              { key: "raised", label: "提出", children: `${o.raisedBy} ${isoTime(o.raisedAt)}` },
            ]}
          />
          <div>
            <Typography.Title level={5}>请求更正</Typography.Title>
            <ProposedList o={o} />
          </div>
          <div>
            <Typography.Title level={5}>异议理由</Typography.Title>
            <div className="kh-text-block">{o.reason}</div>
          </div>
          <div>
            <Typography.Title level={5}>附件</Typography.Title>
            <AttachmentLinks attachments={o.attachments} compact />
          </div>
          {refused?.id === o.id && o.status !== "open" && (
            <Alert type="error" showIcon title="您的处理未保存" description={refused.text} data-testid="objection-refused" />
          )}
          {o.status === "withdrawn" ? (
            <Alert
              type="info"
              showIcon
              title={`单位已撤回（${o.decidedBy ?? ""} ${isoTime(o.decidedAt)}）`}
              description="撤回的异议无须处理，其附件已随之删除。"
              data-testid="objection-decided"
            />
          ) : o.status !== "open" ? (
            <Alert
              type={o.status === "accepted" ? "success" : "warning"}
              showIcon
              title={`${o.statusLabel}（${o.decidedBy ?? ""} ${isoTime(o.decidedAt)}）`}
              description={
                <Space orientation="vertical" size={8} style={{ width: "100%" }}>
                  <span className="kh-pre">处理理由：{o.decision}</span>
                  {o.corrections.length > 0 && <CorrectionList corrections={o.corrections} withRecord />}
                  {o.publicationId !== null && <Typography.Text type="secondary">已在发布记录中引用</Typography.Text>}
                </Space>
              }
              data-testid="objection-decided"
            />
          ) : can("responses.review") ? (
            <Decide o={o} onDone={onClose} onRefused={(text) => setRefused({ id: o.id, text })} />
          ) : (
            <Alert type="info" showIcon title="待考核办处理" />
          )}
        </Space>
      )}
    </Drawer>
  );
}

export function ObjectionsCard({ objections, loading, error }: { objections: Objection[]; loading: boolean; error: unknown }) {
  const { can } = useAuth();
  const [filter, setFilter] = useState<"open" | "all">("all");
  // in the address (?objection=3): the back button closes it, the bell's link opens it
  const [opened, setOpened, close] = useSearchDrawer("objection");
  const open = objections.filter((o) => o.status === "open").length;
  const rows = filter === "open" ? objections.filter((o) => o.status === "open") : objections;
  const columns: ColumnsType<Objection> = [
    // the status beside the unit: in view without scrolling on a laptop's screen (the action column is pinned right)
    { title: "编号", key: "id", width: 64, render: (_, o) => `#${o.id}` },
    { title: "单位", key: "unit", width: 120, render: (_, o) => o.unitName },
    { title: "状态", key: "status", width: 90, render: (_, o) => <ObjectionStatusTag status={o.status} /> },
    { title: "异议对象", key: "subject", width: 90, render: (_, o) => SUBJECT_LABEL[o.subject] },
    { title: "请求更正", key: "proposed", width: 240, render: (_, o) => <ProposedList o={o} /> },
    {
      title: "理由",
      key: "reason",
      render: (_, o) => (
        <Typography.Paragraph className="kh-pre" ellipsis={{ rows: 2, tooltip: o.reason }} style={{ margin: 0 }}>
          {o.reason}
        </Typography.Paragraph>
      ),
    },
    { title: "附件", key: "files", width: 56, align: "right", render: (_, o) => o.attachments.length || "—" },
    { title: "提出时间", key: "at", width: 130, render: (_, o) => isoTime(o.raisedAt) },
    {
      title: "操作",
      key: "action",
      width: 70,
      fixed: "right",
      render: (_, o) => (
        <Button type="link" size="small" onClick={() => setOpened(String(o.id))} data-testid={`objection-open-${o.id}`}>
          {o.status === "open" && can("responses.review") ? "处理" : "查看"}
        </Button>
      ),
    },
  ];
  return (
    <Card
      title={`异议${open > 0 ? `（待处理 ${open} 条）` : ""}`}
      extra={
        <Segmented<"open" | "all">
          value={filter}
          onChange={setFilter}
          options={[
            { value: "all", label: `全部 ${objections.length}` },
            { value: "open", label: `待处理 ${open}` },
          ]}
        />
      }
      styles={{ body: { padding: 0 } }}
      data-testid="review-objections"
    >
      {/* a link naming an objection not of this month, or none: said, not a page that silently opens nothing (a walk) */}
      {opened !== null && !loading && !error && !objections.some((o) => String(o.id) === opened) && (
        <Alert
          type="warning"
          showIcon
          banner
          title={`本期没有异议 #${opened}：链接中的编号不属于本期，或该异议已不存在`}
          action={
            <Button size="small" onClick={close}>
              知道了
            </Button>
          }
          data-testid="objection-not-found"
        />
      )}
      <Table<Objection>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 1000 }}
        onRow={(o) => ({ "data-testid": `objection-row-${o.id}` }) as HTMLAttributes<HTMLElement>}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={error ? errorText(error) : filter === "open" ? "没有待处理的异议" : "本期没有异议"} />
          ),
        }}
      />
      <ObjectionDrawer o={objections.find((o) => String(o.id) === opened) ?? null} onClose={close} />
    </Card>
  );
}

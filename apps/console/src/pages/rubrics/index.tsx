/** 规则: every rubric version, with opening, copying as a draft, deleting drafts and comparing texts. */
import { DiffOutlined, PlusOutlined, ReadOutlined, RollbackOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Divider, Form, Input, Modal, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { useAuth } from "../../lib/auth.tsx";
import { monthLabel } from "../../lib/format.ts";
import { errorText, isNotInForce, useTRPC } from "../../lib/trpc.ts";
import { CopyDraftDialog } from "./copy-dialog.tsx";
import { currentMonth, firstDraftText, isoTime, periodText, type RubricSummary, StatusTag, useCreateDraftFrom, versionTitle } from "./shared.tsx";
import { TextCompareDrawer, type TextComparePick } from "./text-compare.tsx";
import { supersededBy } from "./versions.ts";

/** "由 考核办（kaohe）" where another than the author did it, else nothing. */
const byOther = (actor: string | null, author: string) => (actor && actor !== author ? `由 ${actor} ` : "");

export function RubricsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const list = useQuery(trpc.rubrics.list.queryOptions());
  const month = currentMonth();
  const inForce = useQuery({ ...trpc.rubrics.inForce.queryOptions({ period: month }), retry: false });
  const inForceId = inForce.data?.id ?? null;
  const { createFrom, pending } = useCreateDraftFrom();
  // the version being copied: the dialog asks the copy's name, version and first month in force
  const [copySource, setCopySource] = useState<RubricSummary | null>(null);
  const { can } = useAuth();
  const mayEdit = can("rubrics.edit");
  const [copying, setCopying] = useState<number | "new" | null>(null);
  const [compare, setCompare] = useState<{ open: boolean; pick: TextComparePick }>({ open: false, pick: { a: null, b: null } });
  const remove = useMutation(
    trpc.rubrics.remove.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.rubrics.list.queryKey() }),
    }),
  );

  const versions = list.data ?? [];
  const [withdrawing, setWithdrawing] = useState<RubricSummary | null>(null);
  const [withdrawForm] = Form.useForm<{ reason: string }>();
  const withdraw = useMutation(
    trpc.rubrics.withdraw.mutationOptions({
      onSuccess: async (v) => {
        message.success(`已撤回“${versionTitle(v)}”：其施行月份改由此前发布的版本计分，已发布的月份结果不变`);
        setWithdrawing(null);
        await queryClient.invalidateQueries({ queryKey: trpc.rubrics.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.publication.pathKey() });
      },
      onError: (err) => message.error(errorText(err)),
    }),
  );

  /** A new draft from the version in force now (else the latest published one, else a skeleton). */
  const newDraft = async () => {
    setCopying("new");
    try {
      const sourceId = inForceId ?? versions.find((v) => v.status === "published")?.id ?? null;
      const source = versions.find((v) => v.id === sourceId);
      if (source) {
        setCopySource(source);
      } else {
        // the stored units' categories, as the draft is to score them
        const stored = await queryClient.fetchQuery(trpc.units.categories.queryOptions());
        await createFrom({
          text: firstDraftText(
            currentMonth(),
            stored.map((c) => c.category),
          ),
          name: "新考核办法",
          version: "1",
        });
      }
    } finally {
      setCopying(null);
    }
  };

  const confirmDelete = (v: RubricSummary) => {
    modal.confirm({
      title: `删除草稿“${versionTitle(v)}”？`,
      content: "草稿删除后不能恢复。已发布的版本不受影响。",
      okText: "删除",
      okButtonProps: { danger: true, "data-testid": "confirm-delete" },
      cancelText: "取消",
      onOk: async () => {
        try {
          await remove.mutateAsync({ id: v.id });
          message.success(`已删除草稿“${versionTitle(v)}”`);
        } catch (err) {
          message.error(errorText(err));
        }
      },
    });
  };

  const openCompare = (b: RubricSummary | null) => {
    const a = inForceId !== null && inForceId !== b?.id ? inForceId : (versions.find((v) => v.id !== b?.id)?.id ?? null);
    setCompare({ open: true, pick: { a, b: b?.id ?? versions.find((v) => v.id !== a)?.id ?? null } });
  };

  const columns: TableColumnsType<RubricSummary> = [
    {
      title: "名称",
      dataIndex: "name",
      // a name is read whole: a narrow window scrolls the table instead of breaking it a character a line
      minWidth: 220,
      render: (name: string, v) => (
        <>
          <Link to={`/rubrics/${v.id}`} data-testid={`rubric-link-${v.id}`} style={{ marginRight: 8 }}>
            {name}
          </Link>
          {v.id === inForceId && (
            <Tag color="red" variant="outlined" style={{ marginInlineEnd: 0 }}>
              施行中
            </Tag>
          )}
        </>
      ),
    },
    {
      title: "版本",
      dataIndex: "version",
      // "cumulative-example-1" whole: a version is told from its siblings by its end
      width: 200,
      ellipsis: { showTitle: false },
      render: (version: string) => (
        <Tooltip title={version} placement="topLeft">
          <Typography.Text code>{version}</Typography.Text>
        </Tooltip>
      ),
    },
    {
      title: "状态",
      dataIndex: "status",
      width: 90,
      filters: [
        { text: "草稿", value: "draft" },
        { text: "已发布", value: "published" },
        { text: "已撤回", value: "withdrawn" },
      ],
      onFilter: (value, v) => v.status === value,
      render: (status: RubricSummary["status"], v) =>
        status === "withdrawn" ? (
          <Tooltip title={`${v.withdrawnBy ?? ""} 于 ${isoTime(v.withdrawnAt)} 撤回：${v.withdrawnReason ?? ""}`}>
            <span>
              <StatusTag status={status} />
            </span>
          </Tooltip>
        ) : (
          <StatusTag status={status} />
        ),
    },
    {
      title: "施行期",
      key: "period",
      width: 124,
      render: (_, v) => {
        // a version a later one took over from: the months it still scores, and which version follows
        const superseded = supersededBy(v, versions);
        if (!superseded) return periodText(v.effectiveFrom, v.effectiveUntil);
        return (
          <span data-testid={`rubric-superseded-${v.id}`}>
            {periodText(v.effectiveFrom, superseded.until)}
            <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
              {monthLabel(superseded.by.effectiveFrom)}起按 {superseded.by.version} 版计分
            </Typography.Text>
          </span>
        );
      },
    },
    {
      title: "作者 / 时间",
      key: "time",
      width: 172,
      sorter: (x, y) => Date.parse(x.publishedAt ?? x.updatedAt) - Date.parse(y.publishedAt ?? y.updatedAt),
      render: (_, v) => (
        <>
          <div>{v.author}</div>
          {/* who published or withdrew it, where that is not the author (the list said 规则编辑 … 发布 of kaohe's publication: a walk) */}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {v.withdrawnAt
              ? `${isoTime(v.withdrawnAt)} ${byOther(v.withdrawnBy, v.author)}撤回`
              : v.publishedAt
                ? `${isoTime(v.publishedAt)} ${byOther(v.publishedBy, v.author)}发布`
                : `${isoTime(v.updatedAt)} 修改`}
          </Typography.Text>
        </>
      ),
    },
    {
      title: "操作",
      key: "actions",
      width: 340,
      render: (_, v) => (
        <Space size={0} separator={<Divider orientation="vertical" style={{ margin: 0 }} />}>
          <Link to={`/rubrics/${v.id}`}>
            <Button type="link" size="small" data-testid={`rubric-open-${v.id}`}>
              打开
            </Button>
          </Link>
          {mayEdit && (
            <Button type="link" size="small" disabled={pending} onClick={() => setCopySource(v)} data-testid={`rubric-copy-${v.id}`}>
              复制为新草稿
            </Button>
          )}
          <Button type="link" size="small" onClick={() => openCompare(v)} data-testid={`rubric-diff-${v.id}`}>
            文本对比
          </Button>
          {v.status === "draft" && mayEdit && (
            <Button type="link" size="small" danger onClick={() => confirmDelete(v)} data-testid={`rubric-delete-${v.id}`}>
              删除
            </Button>
          )}
          {v.status === "published" && can("rubrics.publish") && (
            <Button type="link" size="small" danger onClick={() => setWithdrawing(v)} data-testid={`rubric-withdraw-${v.id}`}>
              撤回
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      {/* on a narrow screen the buttons go under the title, which keeps its width (not a character per line) */}
      <div style={{ display: "flex", flexWrap: "wrap", alignItems: "center", justifyContent: "space-between", marginBottom: 16, gap: 16 }}>
        <div style={{ flex: "1 1 320px", minWidth: 0 }}>
          <Typography.Title level={3} className="kh-page-title" style={{ marginBottom: 4 }}>
            规则
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="rubrics-intro">
            {/* how to revise a rubric, for those who may: the others (a unit, the 只读 leader) are told what they see */}
            {mayEdit
              ? "每份考核办法的每个版本都在这里。草稿可以随时修改；发布后的版本不能再改，从其施行月份起用于计分。修订办法请“复制为新草稿”。"
              : "每份考核办法的每个版本都在这里。发布后的版本从其施行月份起用于计分。"}
          </Typography.Text>
        </div>
        <Space wrap>
          <Link to="/reference" data-testid="reference-link">
            <Button icon={<ReadOutlined />}>语言手册</Button>
          </Link>
          <Button icon={<DiffOutlined />} onClick={() => openCompare(null)} disabled={versions.length < 2} data-testid="text-compare-button">
            文本对比
          </Button>
          {mayEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={newDraft}
              loading={copying === "new"}
              disabled={list.isPending}
              data-testid="new-draft-button"
            >
              新建草稿
            </Button>
          )}
        </Space>
      </div>
      {list.error && <Alert type="error" showIcon title="无法读取规则版本" description={errorText(list.error)} style={{ marginBottom: 16 }} />}
      {inForce.error && !list.isPending && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          // said here as this page's own: "请先在“规则”中发布" on the 规则 page read oddly (a new county's walk)
          title={
            isNotInForce(inForce.error)
              ? `${monthLabel(month)}没有施行中的规则版本：发布一个版本（“发布”在打开的版本中）后，才按它计分`
              : errorText(inForce.error)
          }
          description={mayEdit ? "没有施行中的版本时，新建草稿将从最近发布的版本开始；一个版本都没有发布过时，从一份可以直接计分的示例办法开始。" : undefined}
        />
      )}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<RubricSummary>
          rowKey="id"
          columns={columns}
          dataSource={versions}
          loading={list.isPending}
          pagination={versions.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{ emptyText: list.isPending ? " " : mayEdit ? "还没有规则版本：点击“新建草稿”开始" : "还没有规则版本" }}
          data-testid="rubrics-table"
          scroll={{ x: 1100 }}
          onRow={(v) => ({ "data-testid": `rubric-row-${v.id}` }) as object}
        />
      </Card>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {inForce.data ? (
          <>
            本月（{month}）施行的版本：<Tag>{versionTitle(inForce.data)}</Tag>
            {mayEdit && "新建草稿会以它的文本为起点，名称、版本号与开始施行的月份在创建时填写。"}
          </>
        ) : null}
      </Typography.Paragraph>
      <Modal
        title={withdrawing ? `撤回“${versionTitle(withdrawing)}”？` : ""}
        open={withdrawing !== null}
        okText="撤回"
        okButtonProps={{ danger: true, icon: <RollbackOutlined />, "data-testid": "confirm-withdraw" }}
        cancelText="取消"
        confirmLoading={withdraw.isPending}
        onCancel={() => setWithdrawing(null)}
        onOk={async () => {
          const { reason } = await withdrawForm.validateFields().catch(() => ({ reason: "" }));
          if (withdrawing && reason.trim()) withdraw.mutate({ id: withdrawing.id, reason: reason.trim() });
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>
          撤回后该版本不再施行：它的施行月份改由此前发布的版本计分。已按它发布的月份保留发布时冻结的结果，如需更正请在月度排名中重新发布。撤回记入操作日志，不能恢复。
        </Typography.Paragraph>
        <Form form={withdrawForm} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label="撤回原因"
            rules={[
              { required: true, whitespace: true, message: "请填写撤回原因" },
              { max: 500, message: "原因请控制在 500 字以内" },
            ]}
          >
            <Input.TextArea rows={3} count={{ show: true, max: 500 }} placeholder="例如：施行月份写错，应从次年 1 月起施行" data-testid="withdraw-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <CopyDraftDialog source={copySource} onClose={() => setCopySource(null)} />
      <TextCompareDrawer open={compare.open} onClose={() => setCompare((c) => ({ ...c, open: false }))} versions={versions} initial={compare.pick} />
    </div>
  );
}

/** 审计日志: who did what, when and from where — filtered by user, action and Beijing dates, exported as CSV (audit.read). */
import { DownloadOutlined, SearchOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { ListTitle } from "../../components/list-title.tsx";
import { beijingDateTime } from "../../lib/format.ts";
import { errorText, type RouterOutputs, useTRPC } from "../../lib/trpc.ts";
import "../../components/results/results.css";
import { DAY_PATTERN } from "@kaohe/time";

type AuditRow = RouterOutputs["audit"]["list"]["rows"][number];

/** What an action means, in Chinese; an action not listed shows as recorded. */
const ACTION_LABEL: Record<string, string> = {
  "auth.signIn": "登录",
  "auth.signInFailed": "登录失败",
  "auth.signInRefused": "登录被拒绝",
  "auth.locked": "账号锁定",
  "auth.signOut": "退出登录",
  "access.denied": "拒绝访问",
  "user.create": "新建用户",
  "user.resetPassword": "重置密码",
  "user.changePassword": "修改密码",
  "user.disable": "停用用户",
  "user.enable": "启用用户",
  "result.publish": "发布结果",
  "result.republish": "重新发布结果",
  "rubric.create": "新建规则草稿",
  "rubric.update": "修改规则草稿",
  "rubric.delete": "删除规则草稿",
  "rubric.publish": "发布规则",
  "rubric.withdraw": "撤回规则",
  "import.orders": "导入工单",
  "import.events": "导入考核事件",
  "import.units": "导入单位名单",
  "import.facts": "导入年度事实",
  "orders.update": "更新工单",
  "events.update": "更新考核事件",
  "units.update": "更新单位",
  "categories.create": "新增单位类别",
  "facts.update": "更新年度事实",
};

/** What an entity (a table, a route) is, in Chinese; others as recorded. */
const ENTITY_LABEL: Record<string, string> = {
  users: "用户",
  import_batches: "导入批次",
  categories: "单位类别",
  rubric_versions: "规则版本",
  published_results: "考核结果发布",
  facts: "年度事实",
  orders: "工单",
  events: "考核事件",
  units: "单位",
  route: "地址",
  procedure: "接口",
};

const ACTION_COLOR: Record<string, string> = {
  "auth.signInFailed": "orange",
  "auth.signInRefused": "orange",
  "auth.locked": "red",
  "access.denied": "red",
  "result.publish": "geekblue",
  "result.republish": "geekblue",
  "rubric.publish": "geekblue",
  "rubric.withdraw": "volcano",
  "user.disable": "volcano",
};

const actionLabel = (action: string) => ACTION_LABEL[action] ?? action;

/** A value of `detail` as short text. */
function valueText(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(valueText).join("、");
  return JSON.stringify(v);
}

/** `detail` as compact text: "key：value，key：value"; the whole JSON in the tooltip. */
function detailText(detail: unknown): string {
  if (detail === null || detail === undefined || detail === "") return "";
  if (typeof detail !== "object" || Array.isArray(detail)) return valueText(detail);
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}：${valueText(v)}`)
    .join("，");
}

export function AuditPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useSearchParams();
  const user = search.get("user") ?? "";
  const action = search.get("action") ?? "";
  const from = DAY_PATTERN.test(search.get("from") ?? "") ? (search.get("from") as string) : "";
  const to = DAY_PATTERN.test(search.get("to") ?? "") ? (search.get("to") as string) : "";
  const page = Math.max(1, Number(search.get("page")) || 1);
  const pageSize = [20, 50, 100, 200].includes(Number(search.get("size"))) ? Number(search.get("size")) : 50;
  const [userDraft, setUserDraft] = useState(user);
  useEffect(() => setUserDraft(user), [user]);

  const filters = { ...(user ? { user } : {}), ...(action ? { action } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const q = useQuery({ ...trpc.audit.list.queryOptions({ ...filters, page, pageSize }), placeholderData: keepPreviousData });

  /** Change filters (back to page 1 unless the page itself changes). */
  const update = (changes: Record<string, string | number | null>) => {
    const next = new URLSearchParams(search);
    if (!("page" in changes)) next.delete("page");
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "" || (k === "page" && v === 1)) next.delete(k);
      else next.set(k, String(v));
    }
    setSearch(next, { replace: true });
  };

  const exportQuery = new URLSearchParams(filters).toString();
  const exportHref = `/export/audit.csv${exportQuery ? `?${exportQuery}` : ""}`;

  const columns: TableColumnsType<AuditRow> = [
    { title: "时间（北京时间）", dataIndex: "at", width: 150, render: (at: string) => <span className="kh-num">{beijingDateTime(at)}</span> },
    { title: "操作人", dataIndex: "actor", width: 160, ellipsis: true },
    {
      title: "操作",
      dataIndex: "action",
      width: 140,
      render: (a: string) => (
        <Tooltip title={a}>
          <Tag color={ACTION_COLOR[a] ?? "default"} style={{ marginInlineEnd: 0 }}>
            {actionLabel(a)}
          </Tag>
        </Tooltip>
      ),
    },
    {
      title: "对象",
      key: "entity",
      width: 200,
      ellipsis: true,
      render: (_, r) => (
        <span title={`${r.entity} ${r.entityId}`}>
          {ENTITY_LABEL[r.entity] ?? r.entity}
          {r.entityId ? <Typography.Text type="secondary"> {r.entityId}</Typography.Text> : null}
        </span>
      ),
    },
    {
      title: "详情",
      dataIndex: "detail",
      ellipsis: { showTitle: false },
      render: (d: unknown) => {
        const text = detailText(d);
        if (!text) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Tooltip
            title={<span style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>{typeof d === "object" ? JSON.stringify(d, null, 2) : text}</span>}
            placement="topLeft"
          >
            <span>{text}</span>
          </Tooltip>
        );
      },
    },
    { title: "地址", dataIndex: "address", width: 130, render: (a: string | null) => a ?? <Typography.Text type="secondary">—</Typography.Text> },
  ];

  const actions = q.data?.actions ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card>
        <div className="kh-page-header">
          <ListTitle title="审计日志" count={q.data ? `共 ${q.data.total} 条` : ""} />
          <Tooltip title="按当前筛选条件导出全部记录（CSV，可用 Excel 打开）">
            <Button icon={<DownloadOutlined />} href={exportHref} download="审计日志.csv" data-testid="audit-export">
              导出 CSV
            </Button>
          </Tooltip>
        </div>
        <Space wrap size={12} style={{ marginTop: 16 }}>
          <Input.Search
            placeholder="操作人（姓名或用户名）"
            allowClear
            value={userDraft}
            maxLength={80}
            onChange={(e) => {
              setUserDraft(e.target.value);
              if (!e.target.value) update({ user: null });
            }}
            onSearch={(v) => update({ user: v.trim() || null })}
            enterButton={<SearchOutlined />}
            style={{ width: 240 }}
            data-testid="audit-user"
          />
          <Select
            placeholder="全部操作"
            allowClear
            value={action || undefined}
            onChange={(v: string | undefined) => update({ action: v ?? null })}
            showSearch={{ optionFilterProp: "label" }}
            style={{ width: 200 }}
            options={[...new Set([...actions, ...(action ? [action] : [])])].map((a) => ({
              value: a,
              label: ACTION_LABEL[a] ? `${ACTION_LABEL[a]}（${a}）` : a,
            }))}
            data-testid="audit-action"
          />
          <DatePicker.RangePicker
            value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
            allowEmpty={[true, true]}
            onChange={(range) => update({ from: range?.[0] ? range[0].format("YYYY-MM-DD") : null, to: range?.[1] ? range[1].format("YYYY-MM-DD") : null })}
            placeholder={["开始日期", "结束日期"]}
            data-testid="audit-dates"
          />
          {(user || action || from || to) && (
            <Button type="link" onClick={() => setSearch(new URLSearchParams(), { replace: true })}>
              清除筛选
            </Button>
          )}
        </Space>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "8px 0 0" }}>
          日期按北京时间，含起止两天。
        </Typography.Paragraph>
      </Card>
      {q.error && <Alert type="error" showIcon title={errorText(q.error)} />}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<AuditRow>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={q.data?.rows ?? []}
          loading={q.isFetching}
          scroll={{ x: 1000 }}
          pagination={{
            current: page,
            pageSize,
            total: q.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => `共 ${total} 条`,
            onChange: (p, size) => update(size !== pageSize ? { size, page: null } : { page: p }),
          }}
          data-testid="audit-table"
        />
      </Card>
    </Space>
  );
}

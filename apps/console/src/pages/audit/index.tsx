/** 审计日志: who did what, when and from where — filtered by user, action and Beijing dates, exported as CSV (audit.read). */
import { DownloadOutlined, SearchOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { ListTitle } from "../../components/list-title.tsx";
import { beijingDateTime, DAY_FORMATS } from "../../lib/format.ts";
import { usePhone } from "../../lib/layout.ts";
import { errorText, type RouterOutputs, useTRPC } from "../../lib/trpc.ts";
import "../../components/results/results.css";
import { ACTION_LABEL, actionLabel, detailText, entityIdLabel, entityLabel } from "@kaohe/services/audit-labels";
import { DAY_PATTERN } from "@kaohe/time";

type AuditRow = RouterOutputs["audit"]["list"]["rows"][number];

const ACTION_COLOR: Record<string, string> = {
  "auth.signInFailed": "orange",
  "auth.signInRefused": "orange",
  "auth.locked": "red",
  "access.denied": "red",
  "access.denied.many": "red",
  "auth.attempts.many": "orange",
  "result.publish": "geekblue",
  "result.republish": "geekblue",
  "rubric.publish": "geekblue",
  "rubric.withdraw": "volcano",
  "user.disable": "volcano",
};

export function AuditPage() {
  const trpc = useTRPC();
  const phone = usePhone();
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
    // 显示名（登录名）: wide enough for a unit liaison's name and user name on one line
    { title: "操作人", dataIndex: "actor", width: 220, ellipsis: true },
    {
      title: "操作",
      dataIndex: "action",
      width: 140,
      // a long action's words (导入未通过检查（一行未存）) end in … within the column, not over the next one; the tooltip says them whole
      render: (a: string) => (
        <Tooltip title={`${actionLabel(a)}（${a}）`}>
          <Tag
            color={ACTION_COLOR[a] ?? "default"}
            style={{ marginInlineEnd: 0, maxWidth: "100%", overflow: "hidden", textOverflow: "ellipsis", verticalAlign: "middle" }}
          >
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
          {entityLabel(r.entity)}
          {r.entityId ? <Typography.Text type="secondary"> {r.entityName ?? entityIdLabel(r.entity, r.entityId)}</Typography.Text> : null}
        </span>
      ),
    },
    {
      title: "详情",
      dataIndex: "detail",
      ellipsis: { showTitle: false },
      render: (d: unknown, r) => {
        const text = detailText(d, r.detailNames, r.entity);
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
          {phone ? (
            // a phone: the range's two months side by side (576 px) ran off the screen; a day at a time fits
            <Space.Compact data-testid="audit-dates">
              {(["from", "to"] as const).map((end) => (
                <DatePicker
                  key={end}
                  format={DAY_FORMATS}
                  value={(end === "from" ? from : to) ? dayjs(end === "from" ? from : to) : null}
                  onChange={(d) => update({ [end]: d ? d.format("YYYY-MM-DD") : null })}
                  placeholder={end === "from" ? "开始日期" : "结束日期"}
                  inputReadOnly
                  style={{ width: 150 }}
                />
              ))}
            </Space.Compact>
          ) : (
            <DatePicker.RangePicker
              format={DAY_FORMATS}
              value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
              allowEmpty={[true, true]}
              onChange={(range) => update({ from: range?.[0] ? range[0].format("YYYY-MM-DD") : null, to: range?.[1] ? range[1].format("YYYY-MM-DD") : null })}
              placeholder={["开始日期", "结束日期"]}
              data-testid="audit-dates"
            />
          )}
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
          scroll={{ x: 1040 }}
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

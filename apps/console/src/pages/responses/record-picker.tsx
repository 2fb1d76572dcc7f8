/**
 * Picks the unit's orders (or events) an objection is about: from the records
 * behind a measure (those that cost points first), a page at a time, or by
 * typing a number. The server checks that each is the unit's and the month's.
 */
import { useQuery } from "@tanstack/react-query";
import { Button, Empty, Input, Select, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type ReactNode, useEffect, useState } from "react";
import { useCenterName } from "../../components/center-name.tsx";
import { PendingObjectionTag, usePendingObjections } from "../../components/responses/pending-objection.tsx";
import { EventPoints } from "../../components/results/event-points.tsx";
import type { DrilldownRow, EventRow, OrderRow } from "../../components/results/types.ts";
import { deadlineTime, localTime, thisPeriod } from "../../lib/format.ts";
import { usePhone } from "../../lib/layout.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";

export interface PickerMeasure {
  measure: string;
  label: string;
  value: number | null;
}

const isOrder = (r: DrilldownRow): r is OrderRow => "receivedAt" in r;

function orderState(o: OrderRow): string {
  const parts: string[] = [];
  if (o.closedAt === null) parts.push("未办结");
  else if (o.closedAt > (o.extendedTo ?? o.dueAt)) parts.push("超期办结");
  if (o.extendedTo !== null) parts.push("已延期");
  if (o.delayExcused) parts.push("超期说明已认可");
  if (o.returned) parts.push(o.returnAccepted ? "回退（已认可）" : "回退");
  if (o.rebound) parts.push("反弹");
  if (o.redoCount > 0) parts.push(`重办${o.redoCount}次`);
  // as the record list says it (不满意／不满意 said not which was 过程 and which 结果: a walk)
  if (o.visited) parts.push(`回访 过程${o.processSatisfaction ?? "—"}／结果${o.resultSatisfaction ?? "—"}`);
  return parts.join("，") || "—";
}

/** A record's number, marked where the unit has an undecided objection to it already ("已有待处理的异议 #N"). */
type IdCell = (id: string) => ReactNode;

const orderColumns = (idCell: IdCell): ColumnsType<OrderRow> => [
  { title: "工单编号", dataIndex: "id", width: 140, render: idCell },
  { title: "受理时间", dataIndex: "receivedAt", width: 130, render: (t: number) => localTime(t) },
  // a deadline as the record list writes it: the day alone when it ends the day (2019-01-03, not 2019-01-03 23:59)
  { title: "有效时限", key: "due", width: 130, render: (_, o) => deadlineTime(o.extendedTo ?? o.dueAt) },
  { title: "办结时间", dataIndex: "closedAt", width: 130, render: (t: number | null) => (t === null ? "未办结" : localTime(t)) },
  { title: "情况", key: "state", render: (_, o) => <Typography.Text type="secondary">{orderState(o)}</Typography.Text> },
];

/**
 * On a phone, two columns: the order and when it came, then its deadline, closing and what it counts for. Five columns
 * of 130 px showed the id and 受理时间 only, the deadline cut and why it is late off the screen (found by a helper).
 */
const phoneOrderColumns = (idCell: IdCell): ColumnsType<OrderRow> => [
  {
    title: "工单",
    dataIndex: "id",
    width: 130,
    render: (id: string, o) => (
      <>
        <div>{idCell(id)}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          受理 {localTime(o.receivedAt)}
        </Typography.Text>
      </>
    ),
  },
  {
    title: "时限、办结与情况",
    key: "state",
    render: (_, o) => (
      <Typography.Text style={{ fontSize: 12 }}>
        时限 {deadlineTime(o.extendedTo ?? o.dueAt)}
        <br />
        {o.closedAt === null ? "未办结" : `办结 ${localTime(o.closedAt)}`}
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {orderState(o)}
        </Typography.Text>
      </Typography.Text>
    ),
  },
];

const eventColumns = (idCell: IdCell): ColumnsType<EventRow> => [
  { title: "事件编号", dataIndex: "id", width: 140, render: idCell },
  { title: "日期", dataIndex: "date", width: 110, render: (t: number) => localTime(t) },
  { title: "事件类型", dataIndex: "type" },
  { title: "次数", dataIndex: "count", width: 60, align: "right" },
  // as the records behind a count show it: the type's points the rubric fixes, else the record's own
  { title: "分值", key: "points", width: 70, align: "right", render: (_, e) => <EventPoints event={e} /> },
];

export function RecordPicker({
  id,
  record,
  period,
  unitCode,
  assessment,
  measures,
  value = [],
  onChange,
  onRows,
  initial,
}: {
  id?: string;
  record: "orders" | "events";
  period: string;
  unitCode: string;
  /** the assessment the measures are of, when not the period's main one (a year's 综合管理) */
  assessment?: string;
  measures: PickerMeasure[];
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** the records listed, with their values (the form drops changes a record already holds) */
  onRows?: (rows: DrilldownRow[]) => void;
  /** the count and the search to list first (a record chosen from a drill-down: shown ticked in its list) */
  initial?: { measure: string; search: string };
}) {
  const trpc = useTRPC();
  const phone = usePhone();
  const noun = record === "orders" ? "工单" : "事件";
  const [picked, setPicked] = useState<string | undefined>(initial?.measure);
  // the first measure until one is picked (the measures arrive with the unit's result), and until then one offered
  const measure = (picked !== undefined && measures.some((m) => m.measure === picked) ? picked : undefined) ?? measures[0]?.measure;
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState(initial?.search ?? "");
  const [typed, setTyped] = useState("");
  const q = useQuery({
    ...trpc.scores.drilldown.queryOptions({ period, unitCode, assessment, measure: measure ?? "", page, pageSize: 8, search: search || undefined }),
    enabled: measure !== undefined,
    placeholderData: (prev) => prev,
  });
  useEffect(() => {
    if (q.data) onRows?.(q.data.rows);
  }, [q.data, onRows]);

  const set = (ids: string[]) => onChange?.([...new Set(ids)]);
  const toggle = (ids: string[], on: boolean) => set(on ? [...value, ...ids] : value.filter((v) => !ids.includes(v)));
  const addTyped = () => {
    const ids = typed
      .split(/[\s,，、;；]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) return;
    set([...value, ...ids]);
    setTyped("");
  };
  const rowSelection = {
    selectedRowKeys: value,
    onSelect: (r: { id: string }, selected: boolean) => toggle([r.id], selected),
    onSelectAll: (selected: boolean, _rows: unknown, changed: { id: string }[]) =>
      toggle(
        changed.map((r) => r.id),
        selected,
      ),
  };
  const pagination = { current: page, pageSize: 8, total: q.data?.total ?? 0, size: "small" as const, showSizeChanger: false, onChange: setPage };
  const rows = q.data?.rows ?? [];
  // the records the unit has objected to already, undecided: marked, still to be chosen (another field may be asked;
  // the same one again is refused, naming the pending objection)
  const center = useCenterName();
  const pending = usePendingObjections(period, record, true);
  const idCell = (id: string) =>
    pending.has(id) ? (
      <Space orientation="vertical" size={2}>
        <span>{id}</span>
        <PendingObjectionTag pending={pending.get(id)} period={period} center={center} />
      </Space>
    ) : (
      id
    );

  return (
    <Space orientation="vertical" size={8} style={{ width: "100%" }} data-testid="record-picker">
      {measures.length > 0 ? (
        <>
          <Space wrap size={8}>
            <Select
              aria-label={`按计数列出${noun}`}
              value={measure}
              onChange={(m) => {
                setPicked(m);
                setPage(1);
              }}
              options={measures.map((m) => ({ value: m.measure, label: `${m.label}（${m.value ?? "—"}）` }))}
              style={{ width: 260 }}
              data-testid="picker-measure"
            />
            <Input.Search
              allowClear
              defaultValue={initial?.search}
              aria-label={`在列表中按${noun}编号查找`}
              placeholder={`在列表中按${noun}编号查找`}
              style={{ width: 230 }}
              onSearch={(v) => {
                setSearch(v.trim());
                setPage(1);
              }}
            />
          </Space>
          {q.isError ? (
            <Typography.Text type="danger">{errorText(q.error)}</Typography.Text>
          ) : record === "orders" ? (
            <Table<OrderRow>
              rowKey="id"
              size="small"
              loading={q.isFetching}
              columns={phone ? phoneOrderColumns(idCell) : orderColumns(idCell)}
              dataSource={rows.filter(isOrder)}
              rowSelection={rowSelection}
              pagination={pagination}
              scroll={phone ? undefined : { x: 720 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`该计数下没有${noun}`} /> }}
              data-testid="picker-table"
            />
          ) : (
            <Table<EventRow>
              rowKey="id"
              size="small"
              loading={q.isFetching}
              columns={eventColumns(idCell)}
              dataSource={rows.filter((r): r is EventRow => !isOrder(r))}
              rowSelection={rowSelection}
              pagination={pagination}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`该计数下没有${noun}`} /> }}
              data-testid="picker-table"
            />
          )}
        </>
      ) : (
        <Typography.Text type="secondary">
          {/* a unit has no list of event numbers to type from (a dead end: a walk) */}
          {thisPeriod(period)}没有扣分的{noun}可供选择。对其他{noun}有异议的，可输入{noun}
          编号（见热线平台或中心的通知）；不知道编号的，请把异议对象改选“其他”，用文字说明。
        </Typography.Text>
      )}
      <Space.Compact style={{ width: "100%", maxWidth: 460 }}>
        <Input
          id={id}
          aria-label={`输入${noun}编号`}
          placeholder={`输入${noun}编号，多个用逗号或空格分开`}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onPressEnter={(e) => {
            e.preventDefault();
            addTyped();
          }}
          data-testid="picker-input"
        />
        <Button onClick={addTyped} disabled={!typed.trim()} data-testid="picker-add">
          添加
        </Button>
      </Space.Compact>
      <div data-testid="picker-selected">
        <Typography.Text type="secondary">
          已选 {value.length} 个{noun}：
        </Typography.Text>
        {value.length === 0 ? (
          <Typography.Text type="secondary">无</Typography.Text>
        ) : (
          value.map((v) => (
            <Tag
              key={v}
              closable
              onClose={(e) => {
                e.preventDefault();
                set(value.filter((x) => x !== v));
              }}
              style={{ marginBottom: 4 }}
            >
              {v}
            </Tag>
          ))
        )}
      </div>
    </Space>
  );
}

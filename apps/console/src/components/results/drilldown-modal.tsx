/** The work orders or events behind one number of one unit, a page at a time, searchable by number. */

import { isYear, periodLabel } from "@kaohe/time";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Button, Empty, Input, Modal, Result, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type ReactNode, useMemo, useState } from "react";
import { Link } from "react-router";
import { useAuth } from "../../lib/auth.tsx";
import { deadlineTime, localTime } from "../../lib/format.ts";
import { errorText, isNotFound, useTRPC } from "../../lib/trpc.ts";
import { useCenterName } from "../center-name.tsx";
import { CorrectionList } from "../responses/corrections.tsx";
import { PendingObjectionTag, usePendingObjections } from "../responses/pending-objection.tsx";
import type { Correction } from "../responses/types.ts";
import type { PendingOnRecord } from "../responses/workflow.ts";
import { EventPoints } from "./event-points.tsx";
import { DrilldownExportButton } from "./export-buttons.tsx";
import type { DrilldownRow, EventRow, OrderRow } from "./types.ts";

export interface DrilldownTarget {
  /** the measure's name in the rubric (for `per <event type>`: `#次数:<type>`) */
  measure: string;
  /**
   * only the records of `measure` this measure does not count, and what it is called: the ones that cost a rate its
   * points (承办量 not among 办结件数; lost-records.ts)
   */
  notIn?: { measure: string; label: string };
  /** what the user reads: "超期件数", "行政不作为" */
  title: string;
  record: "orders" | "events";
  /** the value the score used, to show beside the list */
  value: number | null;
  /**
   * a count of another assessment than the page's, one its total reads (基础得分): its records are asked of it;
   * `monthWindow`, its window is the page's month (its orders may be objected to as the month's)
   */
  of?: { assessment: string; monthWindow: boolean; periodText: string };
  /** named by the page's address (?measure=超期件数), not clicked: a count the rubric has not is said to be the address's */
  fromAddress?: boolean;
}

const isOrder = (r: DrilldownRow): r is OrderRow => "receivedAt" in r;

function OrderCircumstances({ o }: { o: OrderRow }) {
  const tags: ReactNode[] = [];
  if (o.delayExcused)
    tags.push(
      <Tag key="excused" color="green">
        超期说明已认可
      </Tag>,
    );
  if (o.rebound)
    tags.push(
      <Tag key="rebound" color="red">
        反弹
      </Tag>,
    );
  if (o.redoCount > 0)
    tags.push(
      <Tag key="redo" color="orange">
        重办{o.redoCount}次
      </Tag>,
    );
  if (o.returned) tags.push(<Tag key="returned">{o.returnAccepted ? "回退（已认可）" : "回退"}</Tag>);
  if (o.leaderInstructed)
    tags.push(
      <Tag key="leader" color="purple">
        领导批示
      </Tag>,
    );
  if (o.anonymous) tags.push(<Tag key="anon">匿名</Tag>);
  if (o.visited) {
    const bad = o.processSatisfaction === "不满意" || o.resultSatisfaction === "不满意";
    tags.push(
      <Tag key="visit" color={bad ? "red" : "default"}>
        回访 过程{o.processSatisfaction ?? "—"}／结果{o.resultSatisfaction ?? "—"}
      </Tag>,
    );
  }
  if (tags.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[0, 4]} wrap>
      {tags}
    </Space>
  );
}

/** The 操作 column (提出异议, and 已有待处理的异议 #N above it): its width, counted in the tables' scroll width too. */
const OBJECT_COLUMN_WIDTH = 110;
/** The record's number, copyable, marked 已更正 when an accepted objection changed it. */
function RecordId({ id, corrections }: { id: string; corrections: Correction[] | undefined }) {
  return (
    <Space size={4} orientation="vertical">
      <Typography.Text copyable={{ tooltips: ["复制", "已复制"] }}>{id}</Typography.Text>
      {corrections && (
        <Tooltip title={corrections.map((c) => c.text).join("；")}>
          <Tag
            color={corrections.some((c) => c.conflict && c.status === "active") ? "warning" : "purple"}
            style={{ marginInlineEnd: 0 }}
            data-testid={`corrected-${id}`}
          >
            已更正
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/**
 * The orders' columns as imported; `judged`: the rubric works out fields of its own (有效时限, 超期 …, shown in their
 * own columns; an extra column it only reads does not count), so a 办结时间 after the imported 办理时限 is not marked
 * late here (a rubric counting working days may give until an earlier day, or a later one).
 */
const orderColumns = (corrected: Map<string, Correction[]>, judged: boolean): ColumnsType<OrderRow> => [
  {
    title: "工单编号",
    dataIndex: "id",
    width: 150,
    fixed: "left",
    render: (id: string) => <RecordId id={id} corrections={corrected.get(id)} />,
  },
  {
    title: "来源",
    width: 110,
    render: (_, o) => (
      <Space size={4}>
        <span>{o.source}</span>
        {o.kind && <Typography.Text type="secondary">· {o.kind}</Typography.Text>}
      </Space>
    ),
  },
  { title: "受理时间", dataIndex: "receivedAt", width: 135, render: (t: number) => localTime(t) },
  {
    title: "办理时限",
    width: 140,
    render: (_, o) => (
      <Space size={4} orientation="vertical">
        <span>{deadlineTime(o.dueAt)}</span>
        {o.extendedTo !== null && (
          <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
            延期至 {deadlineTime(o.extendedTo)}
          </Tag>
        )}
      </Space>
    ),
  },
  {
    title: "办结时间",
    width: 135,
    render: (_, o) => {
      if (o.closedAt === null) return <Tag color="warning">未办结</Tag>;
      const late = !judged && o.closedAt > (o.extendedTo ?? o.dueAt);
      if (late && o.delayExcused) {
        return (
          <Tooltip title="办结晚于办理时限（延期的按延期时限），超期说明已认可：不计超期">
            <span>{localTime(o.closedAt)}</span>
          </Tooltip>
        );
      }
      return late ? (
        <Tooltip title="办结晚于办理时限（延期的按延期时限）">
          <span className="kh-lost">{localTime(o.closedAt)}</span>
        </Tooltip>
      ) : (
        localTime(o.closedAt)
      );
    },
  },
  { title: "结案类型", dataIndex: "closureType", width: 100, render: (t: string | null) => t ?? <Typography.Text type="secondary">—</Typography.Text> },
  { title: "情况", render: (_, o) => <OrderCircumstances o={o} /> },
];

/**
 * The width the last column (情况, 说明) takes at least: a visit's tag (回访 过程基本满意／结果基本满意) on one line. The table
 * is as wide as its columns and this, and no wider: 情况, the reason a leader opens 回访件数, was off the dialog's right
 * edge at 1366 and 1920 px (the table was 1,400 px in a 1,180 px dialog, 120 px for each of the rubric's columns).
 */
const LAST_COLUMN_MIN = 220;
/** The width a table of these columns needs: theirs, the last's minimum, and the expand column's. */
function tableWidth<T>(columns: ColumnsType<T>, expandable: boolean): number {
  const widths = columns.map((c) => (typeof c.width === "number" ? c.width : LAST_COLUMN_MIN));
  return widths.reduce((a, b) => a + b, 0) + (expandable ? EXPAND_COLUMN_WIDTH : 0);
}
const EXPAND_COLUMN_WIDTH = 36;

const eventColumns = (corrected: Map<string, Correction[]>): ColumnsType<EventRow> => [
  {
    title: "事件编号",
    dataIndex: "id",
    width: 150,
    render: (id: string) => <RecordId id={id} corrections={corrected.get(id)} />,
  },
  { title: "日期", dataIndex: "date", width: 110, render: (t: number) => localTime(t) },
  { title: "事件类型", dataIndex: "type", width: 170 },
  { title: "次数", dataIndex: "count", width: 70, align: "right" },
  {
    title: "分值",
    key: "points",
    width: 80,
    align: "right",
    render: (_, e) => <EventPoints event={e} />,
  },
  { title: "关联工单", dataIndex: "orderId", width: 150, render: (id: string | null) => id ?? <Typography.Text type="secondary">—</Typography.Text> },
  { title: "说明", dataIndex: "note", render: (n: string | null) => n ?? <Typography.Text type="secondary">—</Typography.Text> },
];

/**
 * What the rubric reads and works out of each record (its attributes and fields: 有效时限, 超期 …), a column each, by the
 * record's id; each heading says, over it, what the column is (the rubric's comment on it, else its definition): a unit
 * read 办结件 “否” beside a close date and 正常办结, not knowing it means closed on time and not rebounded (a walk).
 */
function ownColumns<T extends { id: string }>(
  own: { headings: string[]; notes: (string | null)[]; cells: string[][] } | undefined,
  rows: readonly { id: string }[],
): ColumnsType<T> {
  if (!own || own.headings.length === 0) return [];
  const byId = new Map(rows.map((r, i) => [r.id, own.cells[i] ?? []]));
  return own.headings.map((heading, i) => ({
    // as wide as its heading (有效办理时限; 超期件 and its 是 / 否 need far less than the 120 px each had)
    width: Math.min(160, Math.max(72, 14 * heading.length + 28)),
    title: own.notes[i] ? (
      <Tooltip title={`规则：${own.notes[i]}`}>
        <span className="kh-explained" data-testid={`own-heading-${heading}`}>
          {heading}
        </span>
      </Tooltip>
    ) : (
      heading
    ),
    key: `own-${i}`,
    render: (_: unknown, r: T) => byId.get(r.id)?.[i] ?? "",
  }));
}

/**
 * The rubric's columns after the record's own times and counts, before its circumstances (结案类型 and 情况, or 说明,
 * which take the width left): in view beside the 办结时间 they judge, not scrolled off to the right.
 */
function withOwn<T>(columns: ColumnsType<T>, own: ColumnsType<T>): ColumnsType<T> {
  const at = columns.findIndex((c) => "dataIndex" in c && (c.dataIndex === "closureType" || c.dataIndex === "note"));
  return at < 0 ? [...columns, ...own] : [...columns.slice(0, at), ...own, ...columns.slice(at)];
}

/**
 * 提出异议 on each row, for the unit's own user while the period takes objections: to the objection form with the
 * record chosen (/responses/2018-03?object=orders:HT-A3&measure=超期件数). A unit looking at the orders behind a
 * deduction had to go to 说明与异议 and find the order again in the form's list (a walk). Not in another assessment
 * of a month (a quarter's window is not the month's), nor for a year's orders (a year takes objections to events only).
 */
function useObjectLink(period: string, unitCode: string, target: DrilldownTarget, objectable: boolean) {
  const trpc = useTRPC();
  const { user, can } = useAuth();
  const mayObject =
    user?.role === "unit" && user.unitCode === unitCode && can("responses.submit") && (isYear(period) ? target.record === "events" : objectable);
  const cycle = useQuery(trpc.cycle.get.queryOptions(mayObject ? { period } : skipToken));
  if (!mayObject || !cycle.data?.objectionsOpen) return null;
  return (id: string) => `/responses/${period}?${new URLSearchParams({ object: `${target.record}:${id}`, measure: target.measure })}`;
}

/** 提出异议, under "已有待处理的异议 #N" (a link to it) where the unit has objected to the record already. */
function objectColumn<T extends { id: string }>(
  link: ((id: string) => string) | null,
  noun: string,
  pending: { byRecord: Map<string, PendingOnRecord[]>; period: string; center: string },
): ColumnsType<T> {
  if (!link) return [];
  return [
    {
      title: "操作",
      key: "object",
      width: OBJECT_COLUMN_WIDTH,
      fixed: "right",
      render: (_: unknown, r: T) => (
        <Space orientation="vertical" size={4}>
          <PendingObjectionTag pending={pending.byRecord.get(r.id)} period={pending.period} center={pending.center} link />
          <Tooltip title={`对此${noun}提出异议：打开异议表单，已选好此${noun}`}>
            <Link to={link(r.id)} data-testid={`drill-object-${r.id}`}>
              提出异议
            </Link>
          </Tooltip>
        </Space>
      ),
    },
  ];
}

/** The list itself; remounted (by key) for each target so paging starts over. */
function DrilldownTable({
  period,
  unitCode,
  target,
  assessment,
  objectable,
}: {
  period: string;
  unitCode: string;
  target: DrilldownTarget;
  assessment?: string;
  objectable: boolean;
}) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [search, setSearch] = useState("");
  const q = useQuery({
    ...trpc.scores.drilldown.queryOptions({
      period,
      unitCode,
      measure: target.measure,
      notIn: target.notIn?.measure,
      page,
      pageSize,
      search: search || undefined,
      assessment,
    }),
    placeholderData: (prev) => prev,
  });
  // a refusal is said in the dialog, once (not in a toast beside it too)
  const objectLink = useObjectLink(period, unitCode, target, objectable);
  // the records the unit has objected to already, the objection undecided (asked for only where it may object)
  const center = useCenterName();
  const pending = { byRecord: usePendingObjections(period, target.record, objectLink !== null), period, center };
  // the corrections of the records on this page, by record (newest first); their rows open on them
  const corrected = useMemo(() => {
    const map = new Map<string, Correction[]>();
    for (const c of q.data?.corrections ?? []) map.set(c.recordId, [...(map.get(c.recordId) ?? []), c]);
    return map;
  }, [q.data]);
  const [closed, setClosed] = useState<Set<string>>(new Set());
  const expandable = {
    rowExpandable: (r: { id: string }) => corrected.has(r.id),
    expandedRowKeys: [...corrected.keys()].filter((id) => !closed.has(id)),
    onExpand: (open: boolean, r: { id: string }) =>
      setClosed((prev) => {
        const next = new Set(prev);
        if (open) next.delete(r.id);
        else next.add(r.id);
        return next;
      }),
    expandedRowRender: (r: { id: string }) => (
      <div className="kh-expanded" style={{ paddingLeft: 24 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          更正记录
        </Typography.Text>
        <CorrectionList corrections={corrected.get(r.id) ?? []} />
      </div>
    ),
    columnWidth: EXPAND_COLUMN_WIDTH,
  };
  const noun = target.record === "orders" ? "工单" : "事件";
  const pagination = {
    current: page,
    pageSize,
    total: q.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (total: number) => `共 ${total} 条`,
    onChange: (p: number, s: number) => {
      setPage(s === pageSize ? p : 1);
      setPageSize(s);
    },
  };
  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={search ? `没有编号包含“${search}”的${noun}` : target.notIn ? `本期没有失分的${noun}` : `本期没有计入此项的${noun}`}
    />
  );
  /** What the events' table and the orders' table share. */
  const tableProps = {
    "data-testid": "drilldown-table",
    rowKey: "id",
    size: "small" as const,
    loading: q.isFetching,
    expandable: corrected.size > 0 ? expandable : undefined,
    pagination,
  };

  const eventTable: ColumnsType<EventRow> = [
    ...withOwn(eventColumns(corrected), ownColumns<EventRow>(q.data?.own, q.data?.rows ?? [])),
    ...objectColumn<EventRow>(objectLink, "事件", pending),
  ];
  const orderTable: ColumnsType<OrderRow> = [
    ...withOwn(
      orderColumns(
        corrected,
        (q.data?.own.attributes ?? []).some((a) => a === null),
      ),
      ownColumns<OrderRow>(q.data?.own, q.data?.rows ?? []),
    ),
    ...objectColumn<OrderRow>(objectLink, "工单", pending),
  ];

  // nothing listed, nothing to search or export: what went wrong alone (a count the address names that the rubric has
  // not showed its error twice, in a toast and here, under a search box and 导出)
  if (q.isError) {
    const unknown = target.fromAddress && isNotFound(q.error);
    return (
      <Result
        status="warning"
        title={unknown ? "地址中的计数不存在" : "无法列出记录"}
        subTitle={unknown ? `${errorText(q.error)}：链接可能有误或已过时，请在得分明细中点击计数查看其记录` : errorText(q.error)}
        // (a passing failure, the server restarting, is asked again from here: the dialog had nothing else to do)
        extra={
          !unknown && (
            <Button onClick={() => q.refetch()} loading={q.isFetching} data-testid="drilldown-retry">
              重试
            </Button>
          )
        }
        data-testid="drilldown-error"
      />
    );
  }

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Input.Search
          allowClear
          placeholder={`按${noun}编号查找`}
          style={{ width: 280 }}
          onSearch={(v) => {
            setSearch(v.trim());
            setPage(1);
          }}
          data-testid="drilldown-search"
        />
        <Typography.Text type="secondary">
          {target.notIn ? `失分的${noun}` : target.record === "orders" ? "计入本项的工单" : "计入本项的事件"}
          {q.data ? `：共 ${q.data.total} 条` : ""}
        </Typography.Text>
        <DrilldownExportButton
          period={period}
          unitCode={unitCode}
          measure={target.measure}
          notIn={target.notIn?.measure}
          search={search || undefined}
          assessment={assessment}
        />
      </Space>
      {q.data?.record === "events" ? (
        <Table<EventRow>
          {...tableProps}
          columns={eventTable}
          dataSource={q.data.rows.filter((r): r is EventRow => !isOrder(r))}
          locale={{ emptyText: empty }}
          scroll={{ x: tableWidth(eventTable, corrected.size > 0), y: 440 }}
        />
      ) : (
        <Table<OrderRow>
          {...tableProps}
          columns={orderTable}
          dataSource={(q.data?.rows ?? []).filter(isOrder)}
          locale={{ emptyText: q.isPending ? " " : empty }}
          scroll={{ x: tableWidth(orderTable, corrected.size > 0), y: 440 }}
        />
      )}
    </Space>
  );
}

/** A dialog listing the records behind a measure (or an adjustment's occurrences). */
export function DrilldownModal({
  period,
  unit,
  target,
  onClose,
  assessment,
  objectable = assessment === undefined,
  periodText,
}: {
  period: string;
  unit: { code: string; name: string };
  target: DrilldownTarget | null;
  onClose: () => void;
  /** another assessment than the ranked one (a quarter): the records in its window */
  assessment?: string;
  /** a unit's own user may object to the records listed (the month's own; default: when no other assessment is asked) */
  objectable?: boolean;
  /** the period as the title says it, when it is not the month (考核期 2018年第4季度) */
  periodText?: string;
}) {
  return (
    <Modal
      open={target !== null}
      onCancel={onClose}
      footer={null}
      // the screen's width on a large screen, less a margin (1,180 px left the orders' 情况 off the edge at 1920 px)
      width="min(1680px, calc(100vw - 32px))"
      destroyOnHidden
      title={
        target && (
          <Space size={8} wrap>
            <span>{target.title}</span>
            {target.value !== null && (
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {target.value} {target.record === "orders" ? "件" : "次"}
              </Tag>
            )}
            <Typography.Text type="secondary" style={{ fontWeight: "normal" }}>
              {unit.name} · {periodText ?? periodLabel(period)}
            </Typography.Text>
          </Space>
        )
      }
    >
      {target && (
        <DrilldownTable
          key={`${target.measure}\u0000${target.notIn?.measure ?? ""}`}
          period={period}
          unitCode={unit.code}
          target={target}
          assessment={assessment}
          objectable={objectable}
        />
      )}
    </Modal>
  );
}

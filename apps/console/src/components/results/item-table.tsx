/**
 * A unit's result item by item: points of the maximum, the rule, the
 * calculation with the unit's values, and (expanded) the counts and
 * deductions behind it, each leading to its work orders or events.
 */
import { FileSearchOutlined, InfoCircleOutlined, WarningOutlined } from "@ant-design/icons";
import { EVIDENCE_LIMIT, listsAllRecords } from "@kaohe/data/limits";
import { lostRecords, lostText } from "@kaohe/services/lost-records";
import { Button, Descriptions, Progress, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type HTMLAttributes, useState } from "react";
import { Link } from "react-router";
import { fixed } from "../../lib/format.ts";
import { usePhone, useStickyHeader } from "../../lib/layout.ts";
import { zh } from "../../lib/zh.ts";
import { Num } from "./cells.tsx";
import type { DrilldownTarget } from "./drilldown-modal.tsx";
import { adjustmentListed, adjustmentMeasure, calculationText, describeAdjustment, ruleText } from "./helpers.ts";
import type { PartMaximum } from "./part-maxima.ts";
import type { AdjustmentResult, ItemResult, MeasureEvidence } from "./types.ts";

/** opens the records behind a count; undefined: the counts only (recordsButton) */
type Drill = ((target: DrilldownTarget) => void) | undefined;

/**
 * How many records a button names: the list's length when it is whole; one cut at EVIDENCE_LIMIT (a unit's 37,088
 * orders showed 查看工单（10000）) says only that there are more, the list opened counts them all.
 */
const howMany = (m: { records: readonly string[] }) => (listsAllRecords(m) ? `${m.records.length}` : `${EVIDENCE_LIMIT} 条以上`);

/** Opens the records behind a count; without `onClick` (an assessment whose period the record lists cannot follow) only how many. */
const recordsButton = (record: "orders" | "events", n: string, onClick: (() => void) | undefined, testId: string) =>
  onClick ? (
    <Button size="small" type="link" icon={<FileSearchOutlined />} onClick={onClick} data-testid={testId} style={{ paddingInline: 0 }}>
      {record === "orders" ? "查看工单" : "查看事件"}（{n}）
    </Button>
  ) : (
    <Tooltip title="该考核的记录清单不能在此打开：请在月度考核中查看各月的记录">
      <Typography.Text type="secondary" data-testid={testId}>
        {record === "orders" ? "工单" : "事件"} {n.endsWith("条以上") ? n : `${n} 条`}
      </Typography.Text>
    </Tooltip>
  );

/**
 * Opens the records that cost a rate its points (lostRecords); without `onClick` only how many. `n` null: not known
 * here (a list was cut at EVIDENCE_LIMIT), the list opened counts them.
 */
const lostButton = (record: "orders" | "events", n: number | null, onClick: (() => void) | undefined, testId: string, phone: boolean) =>
  onClick ? (
    <Button
      size="small"
      type="link"
      danger
      icon={<FileSearchOutlined />}
      onClick={onClick}
      data-testid={testId}
      // on a phone over two lines: on one it squeezed the count's name to a character a line
      style={phone ? { paddingInline: 0, whiteSpace: "normal", height: "auto", textAlign: "left" } : { paddingInline: 0 }}
    >
      查看失分的{record === "orders" ? "工单" : "事件"}
      {n === null ? "" : `（${n}）`}
    </Button>
  ) : (
    <Typography.Text type="secondary" data-testid={testId}>
      失分的{record === "orders" ? "工单" : "事件"}
      {n === null ? "" : ` ${n} 条`}
    </Typography.Text>
  );

function MeasuresTable({ item, onDrill }: { item: ItemResult; onDrill: Drill }) {
  // on a phone narrower columns: the table within the screen
  const phone = usePhone();
  // a rate that earns points (办结率 = 办结件数 / 承办量): beside its numerator, the denominator's records it does not count,
  // the ones that cost the points (a leader compared the 承办量 and 办结件数 lists by hand to find them); as kaohe explain
  const lost = new Map(lostRecords(item.measures).map((l) => [l.kept.name, l]));
  const columns: ColumnsType<MeasureEvidence> = [
    {
      title: "计数",
      render: (_, m) => (
        <Space size={6}>
          <span>{m.label ?? m.name}</span>
          {m.label && m.label !== m.name && <Typography.Text type="secondary">（{m.name}）</Typography.Text>}
        </Space>
      ),
    },
    { title: "对象", dataIndex: "record", width: phone ? 48 : 80, render: (r: MeasureEvidence["record"]) => (r === "orders" ? "工单" : "事件") },
    { title: "数值", dataIndex: "value", width: phone ? 56 : 90, align: "right", render: (v: number | null) => <span className="kh-num">{v ?? "—"}</span> },
    {
      title: "记录",
      width: phone ? 80 : lost.size > 0 ? 180 : 150,
      render: (_, m) => {
        const own =
          m.records.length > 0 ? (
            recordsButton(
              m.record,
              howMany(m),
              onDrill && (() => onDrill({ measure: m.name, title: m.label ?? m.name, record: m.record, value: m.value })),
              `drill-${m.name}`,
            )
          ) : (
            <Typography.Text type="secondary">无记录</Typography.Text>
          );
        const l = lost.get(m.name);
        if (!l || l.count === 0) return own;
        const noun = l.base.record === "orders" ? "工单" : "事件";
        return (
          <Space orientation="vertical" size={0}>
            {own}
            <Tooltip title={`${lostText(l.base, m)}${noun}：本项因它们失分`}>
              {lostButton(
                l.base.record,
                l.count,
                onDrill &&
                  (() =>
                    onDrill({
                      measure: l.base.name,
                      notIn: { measure: m.name, label: m.label || m.name },
                      title: `${lostText(l.base, m)}${noun}`,
                      record: l.base.record,
                      value: l.count,
                    })),
                `drill-lost-${m.name}`,
                phone,
              )}
            </Tooltip>
          </Space>
        );
      },
    },
  ];
  return <Table<MeasureEvidence> rowKey="name" size="small" pagination={false} columns={columns} dataSource={item.measures} style={{ maxWidth: 720 }} />;
}

function AdjustmentsTable({ item, onDrill }: { item: ItemResult; onDrill: Drill }) {
  const [all, setAll] = useState(false);
  const hit = item.adjustments.filter(adjustmentListed);
  const rows = all ? item.adjustments : hit;
  const quiet = item.adjustments.length - hit.length;
  // on a phone how it counts goes under what it is, and the columns narrow: the table within the screen
  const phone = usePhone();
  const columns: ColumnsType<AdjustmentResult> = [
    {
      title: item.bonus ? "加分事项" : "扣分事项",
      render: (_, a) => {
        const d = describeAdjustment(a);
        return (
          <Space size={6} wrap>
            <span>{d.subject}</span>
            {phone && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.how}
              </Typography.Text>
            )}
            {a.direction === "deduct" && (
              <Tooltip title={a.continuing ? "超过本项分值的部分继续从总分中扣减" : "扣完本项分值为止"}>
                <Tag color={a.continuing ? "volcano" : "default"} variant="filled" style={{ marginInlineEnd: 0 }}>
                  {a.continuing ? "继续扣减总分" : "扣完为止"}
                </Tag>
              </Tooltip>
            )}
          </Space>
        );
      },
    },
    ...(phone
      ? []
      : [
          {
            title: "计分方式",
            width: 170,
            render: (_: unknown, a: AdjustmentResult) => <Typography.Text type="secondary">{describeAdjustment(a).how}</Typography.Text>,
          },
        ]),
    // orders are counted in 件, events in 次 (as kaohe explain counts them; a result published before the engine said
    // which: 次 for events); one line on a phone too (数 / 量 and 1 / 次 broke in 52 px)
    {
      title: "数量",
      dataIndex: "count",
      width: phone ? 62 : 70,
      align: "right",
      onHeaderCell: () => ({ style: { whiteSpace: "nowrap" } }),
      render: (c: number | null, a: AdjustmentResult) =>
        c === null ? (
          "—"
        ) : (
          <span className="kh-num" style={{ whiteSpace: "nowrap" }}>
            {c}
            {a.countUnit === undefined ? (a.record === "events" ? "次" : "") : a.countUnit}
          </span>
        ),
    },
    {
      title: "分值",
      dataIndex: "points",
      width: phone ? 60 : 90,
      align: "right",
      render: (p: number, a) =>
        p === 0 ? (
          <Typography.Text type="secondary">0</Typography.Text>
        ) : (
          <span className={a.direction === "deduct" ? "kh-lost kh-num" : "kh-up kh-num"}>
            {a.direction === "deduct" ? "−" : "+"}
            {fixed(p)}
          </span>
        ),
    },
    {
      title: "记录",
      width: phone ? 80 : 150,
      render: (_, a) => {
        const measure = adjustmentMeasure(a, item);
        if (!measure || a.records.length === 0) return <Typography.Text type="secondary">{a.count === null ? "—" : "无记录"}</Typography.Text>;
        const subject = describeAdjustment(a).subject;
        const record = measure.startsWith("#") ? "events" : (item.measures.find((m) => m.name === measure)?.record ?? "orders");
        return recordsButton(record, howMany(a), onDrill && (() => onDrill({ measure, title: subject, record, value: a.count })), `drill-${measure}`);
      },
    },
  ];
  return (
    <Space orientation="vertical" size={6} style={{ width: "100%" }}>
      {rows.length > 0 ? (
        <Table<AdjustmentResult> rowKey="rule" size="small" pagination={false} columns={columns} dataSource={rows} style={{ maxWidth: 860 }} />
      ) : (
        <Typography.Text type="secondary">本期无{item.bonus ? "加分" : "扣分"}事项。</Typography.Text>
      )}
      {quiet > 0 && (
        <Button size="small" type="link" style={{ paddingInline: 0 }} onClick={() => setAll(!all)}>
          {all
            ? `只看本期有${item.bonus ? "加分" : "扣分"}或有记录的事项`
            : hit.length === 0
              ? `查看全部 ${item.adjustments.length} 个${item.bonus ? "加分" : "扣分"}事项`
              : `显示全部 ${item.adjustments.length} 个事项（其余 ${quiet} 项本期为 0 且无记录）`}
        </Button>
      )}
    </Space>
  );
}

function ItemEvidence({ item, onDrill }: { item: ItemResult; onDrill: Drill }) {
  return (
    <div className="kh-expanded">
      {item.measures.length > 0 && (
        <>
          <Typography.Title level={5}>所用计数</Typography.Title>
          <MeasuresTable item={item} onDrill={onDrill} />
        </>
      )}
      {item.adjustments.length > 0 && (
        <div style={{ marginTop: item.measures.length > 0 ? 12 : 0 }}>
          <Typography.Title level={5}>{item.bonus ? "加分明细" : "扣分明细"}</Typography.Title>
          <AdjustmentsTable item={item} onDrill={onDrill} />
        </div>
      )}
    </div>
  );
}

function PointsCell({ item, part }: { item: ItemResult; part?: PartMaximum }) {
  // a weighted assessment's share: out of the share the regulation states, its bonus apart
  const max = part ? part.regular : item.max;
  const pct = item.published === null || max === 0 ? 0 : Math.max(0, Math.min(100, (item.published / max) * 100));
  const lost = item.published !== null && !item.bonus && item.published < max;
  return (
    <div style={{ textAlign: "right" }}>
      <span className="kh-num">
        <Num value={item.published} strong lost={lost} />
        <Typography.Text type="secondary"> / {max}</Typography.Text>
      </span>
      {part && <BonusApart published={item.published} part={part} />}
      <Progress percent={pct} showInfo={false} size="small" strokeColor={item.bonus ? "#389e0d" : lost ? "#fa8c16" : "#52c41a"} style={{ margin: 0 }} />
    </div>
  );
}

/** Under a weighted assessment's share: what its bonuses may add, and what they added beyond the share. */
export function BonusApart({ published, part }: { published: number | null; part: PartMaximum }) {
  const beyond = published === null ? 0 : Math.max(0, Number((published - part.regular).toFixed(2)));
  return (
    <Tooltip
      title={`按规定满分 ${part.regular} 分；所计考核的加分项按同一比例另计，最多 ${part.bonus} 分${beyond > 0 ? `，本项超出满分的 ${fixed(beyond)} 分即来自加分` : ""}`}
    >
      <div className="kh-bonus-apart" data-testid="bonus-apart">
        {/* the cap, said as one (另加分 ≤4 in green read as 4 points given: a walk) */}
        {beyond > 0 ? `含加分 ${fixed(beyond)}` : `加分上限 ${part.bonus}`}
      </div>
    </Tooltip>
  );
}

/** On a phone, an expanded item's rule, working and notes, label above value (the table's columns beside it ran off the screen). */
function PhoneItemWorking({ item: i }: { item: ItemResult }) {
  const items = [
    { key: "rule", label: "计分规则", children: <span className="kh-formula">{i.formula ? ruleText(i.formula) : "—"}</span> },
    { key: "working", label: "计算过程", children: <span className="kh-formula">{i.substituted ? calculationText(i.substituted) : "—"}</span> },
    ...(i.reasons.length + i.warnings.length > 0
      ? [{ key: "notes", label: "说明", children: [...i.reasons, ...i.warnings.map(zh)].map((t, n) => <div key={`${n}:${t}`}>{t}</div>) }]
      : []),
  ];
  return <Descriptions size="small" column={1} layout="vertical" items={items} style={{ marginBottom: 8 }} data-testid="item-working" />;
}

/** Does an item open (its counts, its deductions)? */
export const expandableItem = (i: ItemResult) => i.measures.length > 0 || i.adjustments.length > 0;

/** The item table of a unit page (or a drawer); `onDrill` opens the records behind a count. */
export function ItemTable({
  items,
  onDrill,
  testIdPrefix = "unit-item-row",
  compact,
  parts,
  links,
}: {
  items: ItemResult[];
  onDrill: Drill;
  testIdPrefix?: string;
  /** narrower, for a drawer (whose header stays put: no sticky header) */
  compact?: boolean;
  /** items that weight another assessment: their stated share and bonus apart (part-maxima.ts) */
  parts?: ReadonlyMap<string, PartMaximum>;
  /** by item code: a link to what explains the item elsewhere (the assessment it counts, 查看综合管理考核明细) */
  links?: ReadonlyMap<string, { text: string; to: string }>;
}) {
  const expandable = expandableItem;
  // on a phone the item's name narrower: its 得分 / 满分 in view (it was cut to “30.00 / 3”)
  const phone = usePhone();
  const sticky = useStickyHeader();
  const columns: ColumnsType<ItemResult> = [
    {
      title: "考核项",
      width: phone ? 150 : compact ? 190 : 220,
      render: (_, i) => (
        <Space orientation="vertical" size={2}>
          {i.section && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {i.section.code} {i.section.label}
            </Typography.Text>
          )}
          <Typography.Text strong>{i.label ?? i.code}</Typography.Text>
          <Space size={4}>
            {i.label && i.label !== i.code && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.code}
              </Typography.Text>
            )}
            {i.bonus && (
              <Tag color="green" style={{ marginInlineEnd: 0 }}>
                加分项
              </Tag>
            )}
          </Space>
          {links?.get(i.code) && (
            <Link to={links.get(i.code)?.to as string} data-testid="unit-item-link">
              {links.get(i.code)?.text} →
            </Link>
          )}
        </Space>
      ),
    },
    { title: "得分 / 满分", width: 130, align: "right", render: (_, i) => <PointsCell item={i} part={parts?.get(i.code)} /> },
    // on a phone the rule and the working are in the expanded row, below the item: the table fits the screen
    ...(phone
      ? []
      : [
          {
            title: "计分规则",
            dataIndex: "formula",
            width: compact ? 170 : 230,
            render: (f: string) => <span className="kh-formula">{f ? ruleText(f) : "—"}</span>,
          },
          { title: "计算过程", dataIndex: "substituted", render: (s: string) => <span className="kh-formula">{s ? calculationText(s) : "—"}</span> },
        ]),
  ];
  if (!phone && items.some((i) => i.reasons.length > 0 || i.warnings.length > 0))
    columns.push({
      title: "说明",
      width: 150,
      render: (_, i) =>
        i.reasons.length === 0 && i.warnings.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {i.reasons.map((r) => (
              <Tag key={r} color="blue" icon={<InfoCircleOutlined />} style={{ marginInlineEnd: 0 }}>
                {r}
              </Tag>
            ))}
            {i.warnings.map((w) => (
              <Tooltip key={w} title={zh(w)}>
                <Tag color="warning" icon={<WarningOutlined />} style={{ marginInlineEnd: 0, whiteSpace: "normal" }}>
                  {zh(w).length > 14 ? `${zh(w).slice(0, 14)}…` : zh(w)}
                </Tag>
              </Tooltip>
            ))}
          </Space>
        ),
    });
  return (
    <Table<ItemResult>
      rowKey="code"
      columns={columns}
      dataSource={items}
      pagination={false}
      // in a drawer the page's header is not above the table (its header floated 64 px down the drawer)
      sticky={compact ? undefined : sticky}
      scroll={phone ? undefined : { x: compact ? 720 : 960 }}
      expandable={
        phone
          ? {
              expandedRowRender: (i) => (
                <>
                  <PhoneItemWorking item={i} />
                  {expandable(i) && <ItemEvidence item={i} onDrill={onDrill} />}
                </>
              ),
            }
          : items.some(expandable)
            ? { rowExpandable: expandable, expandedRowRender: (i) => <ItemEvidence item={i} onDrill={onDrill} /> }
            : undefined
      }
      onRow={(i) => ({ "data-testid": `${testIdPrefix}-${i.code}` }) as HTMLAttributes<HTMLElement>}
      data-testid="unit-items"
    />
  );
}

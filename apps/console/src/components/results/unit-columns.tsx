/**
 * The columns a table of units' results is made of, shared by the month's ranking and the year's results
 * (`import * as Col`: `Col.rank(64)`, `Col.score("得分", "满分 100", 84)`, `Col.item(heading, 88)` …):
 * rank, unit, score, one column per item, the volume, the marks; and the table around them.
 */
import { Empty, Space, Table, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { HTMLAttributes, ReactNode } from "react";
import { useStickyHeader } from "../../lib/layout.ts";
import { Num, RankBadge, SanctionTags, VetoTag } from "./cells.tsx";
import { shortItemLabel } from "./helpers.ts";
import { BonusApart } from "./item-table.tsx";
import type { PartMaximum } from "./part-maxima.ts";
import type { UnitResult } from "./types.ts";

export type UnitColumn = ColumnsType<UnitResult>[number];

/** A column title with a small second line ("得分 / 满分 100"). */
export function Title({ children, note, testId }: { children: ReactNode; note: ReactNode; testId?: string }) {
  return (
    <div className="kh-col-title" data-testid={testId}>
      {children}
      <small>{note}</small>
    </div>
  );
}

/** An item as a column: its code, label and maximum. */
interface ItemHeading {
  code: string;
  label: string | null;
  max: number;
  bonus: boolean;
}

/** The item columns of a group: every item its units have, in the rubric's order. */
export function itemsOf(units: readonly UnitResult[]): ItemHeading[] {
  const seen = new Map<string, ItemHeading>();
  for (const u of units) for (const i of u.items) if (!seen.has(i.code)) seen.set(i.code, { code: i.code, label: i.label, max: i.max, bonus: i.bonus });
  return [...seen.values()];
}

export const rank = (width: number, fixed?: "left"): UnitColumn => ({
  title: "排名",
  key: "rank",
  width,
  align: "center",
  fixed,
  render: (_, u) => <RankBadge unit={u} />,
});

export const unit = (width: number, render: (u: UnitResult) => ReactNode, fixed?: "left"): UnitColumn => ({
  title: "单位",
  key: "unit",
  width,
  fixed,
  render: (_, u) => render(u),
});

export const score = (title: string, note: string, width: number): UnitColumn => ({
  title: <Title note={note}>{title}</Title>,
  key: "score",
  width,
  align: "right",
  render: (_, u) => <Num value={u.published} strong />,
});

/**
 * An item's score. `part`: an item that weights another assessment with bonuses (综合管理考核), its regular
 * maximum and bonus shown apart; `muteFullMarks`: full marks in grey, so that what was lost stands out.
 */
export function item(heading: ItemHeading, width: number, options: { part?: PartMaximum; muteFullMarks?: boolean; testId?: string } = {}): UnitColumn {
  const { part, muteFullMarks, testId } = options;
  return {
    title: (
      <Tooltip
        title={
          part
            ? `${heading.label ?? heading.code}：满分 ${part.regular} 分；所计考核的加分项按同一比例另计，最多 ${part.bonus} 分（合计不超过 ${heading.max} 分）`
            : (heading.label ?? heading.code)
        }
      >
        <Title
          note={part ? `满分 ${part.regular} · 加分 ≤${part.bonus}` : heading.bonus ? `加分 ≤${heading.max}` : `满分 ${heading.max}`}
          testId={testId && `${testId}-${heading.code}`}
        >
          {shortItemLabel(heading)}
        </Title>
      </Tooltip>
    ),
    key: `item-${heading.code}`,
    width,
    align: "right",
    render: (_, u) => {
      const r = u.items.find((i) => i.code === heading.code);
      if (!r) return <Typography.Text type="secondary">—</Typography.Text>;
      return (
        <>
          <Num value={r.published} muted={muteFullMarks && !r.bonus && r.published === r.max} />
          {part && r.published !== null && r.published > part.regular && <BonusApart published={r.published} part={part} />}
        </>
      );
    },
  };
}

/** The orders counted; `owing`: a volume to mark (a unit without orders). */
export const volume = (tip: string, width: number, owing?: (volume: number) => boolean): UnitColumn => ({
  title: (
    <Tooltip title={tip}>
      <Title note="件">承办量</Title>
    </Tooltip>
  ),
  key: "volume",
  dataIndex: "volume",
  width,
  align: "right",
  render: (v: number) => <span className={owing?.(v) ? "kh-num kh-owing" : "kh-num"}>{v}</span>,
});

const marked = (u: UnitResult) => u.sanctions.length > 0 || u.band !== null || u.vetoes.length > 0;

/** The band, vetoes and sanctions of each unit: a column only when some unit has one. */
export function marks(units: readonly UnitResult[], width: number): UnitColumn[] {
  if (!units.some(marked)) return [];
  return [
    {
      title: "标记",
      key: "marks",
      width,
      render: (_, u) =>
        marked(u) ? (
          <Space size={4} wrap>
            {u.band && <Typography.Text>{u.band}</Typography.Text>}
            <VetoTag vetoes={u.vetoes} />
            <SanctionTags sanctions={u.sanctions} />
          </Space>
        ) : null,
    },
  ];
}

/** A category's units in a table as wide as its columns (scrolling sideways beyond the page), one row per unit. */
export function UnitTable({
  columns,
  units,
  rowTestId,
  size,
  "data-testid": testId,
}: {
  columns: UnitColumn[];
  units: UnitResult[];
  /** each row's data-testid: this prefix and the unit's code */
  rowTestId: string;
  size?: "middle";
  "data-testid": string;
}) {
  const sticky = useStickyHeader();
  return (
    <Table<UnitResult>
      rowKey={(u) => u.unit.code}
      columns={columns}
      dataSource={units}
      pagination={false}
      size={size}
      sticky={sticky}
      scroll={{ x: columns.reduce((s, c) => s + (typeof c.width === "number" ? c.width : 0), 0) }}
      onRow={(u) => ({ "data-testid": `${rowTestId}-${u.unit.code}` }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText: <Empty description="本类别没有参评单位" /> }}
      data-testid={testId}
    />
  );
}

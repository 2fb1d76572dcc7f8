/** A tab per ranking group (镇 / 街道 / 县直部门 …) with its unit count, the open tab kept in the address. */
import { Card, Tabs, Typography } from "antd";
import type { ReactNode } from "react";
import { usePrinting } from "../../lib/layout.ts";
import { type Figure, FigureRow } from "./stats.tsx";

interface GroupTabsProps<U> {
  groups: string[];
  units: U[];
  active: string | undefined;
  onChange: (group: string) => void;
  render: (members: U[], group: string) => ReactNode;
  /** a group's name as the rubric labels it (街道 → 城区街道办事处): said on the tab, which keeps the short name */
  labels?: ReadonlyMap<string, string>;
}

function GroupTabs<U extends { group: string }>({ groups, units, active, onChange, render, labels }: GroupTabsProps<U>) {
  // on paper every group, one after another under its name: the open tab alone printed under a strip naming three
  // (a walk)
  if (usePrinting())
    return (
      <div data-testid="category-tabs">
        {groups.map((g) => {
          const members = units.filter((u) => u.group === g);
          return (
            <section key={g} className="kh-print-group" data-testid={`print-group-${g}`}>
              <Typography.Title level={5}>
                {labels?.get(g) ?? g}（{members.length}）
              </Typography.Title>
              {render(members, g)}
            </section>
          );
        })}
      </div>
    );
  return (
    <Tabs
      activeKey={active}
      onChange={onChange}
      data-testid="category-tabs"
      items={groups.map((g) => {
        const members = units.filter((u) => u.group === g);
        return {
          key: g,
          label: (
            <span data-testid={`category-tab-${g}`} title={labels?.get(g)}>
              {g}
              <Typography.Text type="secondary" style={{ marginInlineStart: 4 }}>
                {members.length}
              </Typography.Text>
            </span>
          ),
          children: render(members, g),
        };
      })}
    />
  );
}

/** A period's result as the ranking and year pages show it: the figures, then the units, a tab per group. */
export function GroupedResults<U extends { group: string }>({ figures, ...tabs }: { figures: Figure[] } & GroupTabsProps<U>) {
  return (
    <>
      <FigureRow figures={figures} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <GroupTabs {...tabs} />
      </Card>
    </>
  );
}

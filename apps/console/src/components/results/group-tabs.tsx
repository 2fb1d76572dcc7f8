/** A tab per ranking group (镇 / 街道 / 县直部门 …) with its unit count, the open tab kept in the address. */
import { Tabs, Typography } from "antd";
import type { ReactNode } from "react";

export function GroupTabs<U extends { group: string }>({
  groups,
  units,
  active,
  onChange,
  render,
}: {
  groups: string[];
  units: U[];
  active: string | undefined;
  onChange: (group: string) => void;
  render: (members: U[], group: string) => ReactNode;
}) {
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
            <span data-testid={`category-tab-${g}`}>
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

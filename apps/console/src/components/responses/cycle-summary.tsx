/**
 * A month's stage on the ranking page (a year's on the year page); for the center (responses.read, not a
 * unit), the objections open and the explanations waiting, leading to the
 * review page, and a shortcut to open the month to the units (cycle.manage).
 */
import { RightOutlined } from "@ant-design/icons";
import { isMonth, isYear } from "@kaohe/time";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Space, Typography } from "antd";
import { Link } from "react-router";
import { useAuth } from "../../lib/auth.tsx";
import { useTRPC } from "../../lib/trpc.ts";
import { StageTag } from "./cycle.tsx";
import { OpenPreviewButton } from "./cycle-actions.tsx";
import { explanationPending } from "./workflow.ts";

export function CycleSummary({
  month,
  notBegun = false,
  staleData,
  unopenedMonths,
  noData,
}: {
  month: string;
  /** none of the month's days has come: not offered to open */
  notBegun?: boolean;
  /** the month's data ends before its assessment time: said before opening it to the units */
  staleData?: string;
  /** a year's: the months it counts not yet opened to the units (the year cannot be opened before them) */
  unopenedMonths?: readonly string[];
  /** a month without data (no unit has an order in it), why: not offered to open (the units would see full marks) */
  noData?: string;
}) {
  const trpc = useTRPC();
  const { user, can } = useAuth();
  const valid = isMonth(month) || isYear(month);
  // a year owes no written explanation
  const monthly = isMonth(month);
  const center = can("responses.read") && user?.role !== "unit";
  const cycle = useQuery(trpc.cycle.get.queryOptions(valid ? { period: month } : skipToken));
  const opened = Boolean(cycle.data?.previewOpenedAt);
  const open = useQuery(trpc.objections.list.queryOptions(valid && center ? { period: month, status: "open" } : skipToken));
  // the duties score the month: asked for once the month was opened to the units
  const duties = useQuery(trpc.explanations.duties.queryOptions(monthly && center && opened ? { period: month } : skipToken));
  const c = cycle.data;
  if (!c) return null;
  const objections = open.data?.length ?? 0;
  const waiting = (duties.data?.duties ?? []).filter((d) => explanationPending(d.state)).length;
  return (
    <Space size={[12, 6]} wrap className="kh-meta" data-testid="cycle-summary">
      <Space size={6}>
        <span>考核周期：</span>
        <StageTag cycle={c} />
      </Space>
      {center && (opened || objections > 0) && (
        <Link to={`/review/${month}`} data-testid="review-link">
          待处理异议 {objections} 条{opened && duties.data ? ` · 待交或待阅书面说明 ${waiting} 份` : ""} <RightOutlined style={{ fontSize: 10 }} />
        </Link>
      )}
      {center && c.stage === "closed" && can("cycle.manage") && !notBegun && (
        <OpenPreviewButton cycle={c} label="向单位开放预览" type="default" staleData={staleData} unopenedMonths={unopenedMonths} noData={noData} />
      )}
      {!center && c.stage !== "closed" && c.stage !== "published" && user?.role === "unit" && (
        <Link to={`/responses/${month}`}>
          <Typography.Text type="secondary">本单位的说明与异议</Typography.Text>
        </Link>
      )}
    </Space>
  );
}

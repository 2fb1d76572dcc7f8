/**
 * 异议与说明 (the center): a month's (or a year's) cycle — open the preview to the units,
 * the notice period, the deadlines — the written explanations owed and
 * submitted, and the objections to decide. A 只读 viewer sees it all and
 * changes nothing.
 */
import { EyeOutlined } from "@ant-design/icons";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Card, Skeleton, Space, Tag, Typography } from "antd";
import { useEffect } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { CycleFacts, StageTag } from "../../components/responses/cycle.tsx";
import { OpenPreviewButton, SetDeadlinesButton, StartNoticeButton, WithdrawPreviewButton } from "../../components/responses/cycle-actions.tsx";
import { useErrorMessage } from "../../components/results/helpers.ts";
import { MonthPicker, YearPicker } from "../../components/results/period-picker.tsx";
import { BadPeriod, NotBegunNotice } from "../../components/results/result-states.tsx";
import { useVisibleMonths } from "../../components/results/use-visible-months.ts";
import { useAuth } from "../../lib/auth.tsx";
import { monthLabel } from "../../lib/format.ts";
import { periodNotBegun, validPeriod } from "../../lib/period-address.ts";
import { useLatestMonth } from "../../lib/periods.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { ExplanationsCard } from "./explanations.tsx";
import { ObjectionsCard } from "./objections.tsx";
import "../../components/results/results.css";
import { isMonth, isYear } from "@kaohe/time";

export function ReviewPage() {
  const { period: param } = useParams();
  const navigate = useNavigate();
  const trpc = useTRPC();
  const { can } = useAuth();
  const cycles = useQuery(trpc.cycle.list.queryOptions({ years: true }));
  const latest = useLatestMonth();
  // the arrows step through the months a result is in force (the center opens a month's preview from here)
  const visibleMonths = useVisibleMonths();
  const openedYears = cycles.data
    ? cycles.data
        .map((c) => c.period)
        .filter(isYear)
        .reverse()
    : null;
  // no month asked for: the latest opened (or published), else the latest month with data
  useEffect(() => {
    const to = cycles.data?.[0]?.period ?? latest;
    if (!param && !cycles.isPending && to) navigate(`/review/${to}`, { replace: true });
  }, [param, cycles.isPending, cycles.data, latest, navigate]);
  // a period the server answers for: 0000-01 was asked for, its refusal shown three times and the cycle's card a skeleton for ever
  const period = param && validPeriod(param) ? param : null;
  // a year (its year-end result opened to the units) owes no written explanation
  const monthly = period !== null && isMonth(period);
  // a period not begun is not opened to the units (the server refuses it): not offered, and said why
  const notBegun = period !== null && periodNotBegun(period, undefined);

  const cycle = useQuery(trpc.cycle.get.queryOptions(period ? { period } : skipToken));
  const duties = useQuery(trpc.explanations.duties.queryOptions(period && monthly ? { period } : skipToken));
  const objections = useQuery(trpc.objections.list.queryOptions(period ? { period } : skipToken));
  useErrorMessage(cycle.error);
  const readOnly = !can("cycle.manage") && !can("responses.review");
  const c = cycle.data;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card>
        <div className="kh-page-header">
          <Space align="baseline" size={12} wrap>
            <Typography.Title level={3}>异议与说明</Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 16 }}>
              {period ? monthLabel(period) : (param ?? "")}
            </Typography.Text>
            {c && <StageTag cycle={c} />}
            {readOnly && (
              <Tag icon={<EyeOutlined />} data-testid="read-only">
                只读
              </Tag>
            )}
          </Space>
          <Space wrap>
            {period && !monthly ? (
              // a year (its year-end result opened to the units): stepped through the years opened or published
              <YearPicker value={period} years={openedYears} onChange={(y) => navigate(`/review/${y}`)} />
            ) : (
              <MonthPicker value={period ?? latest ?? ""} months={visibleMonths} onChange={(m) => navigate(`/review/${m}`)} />
            )}
            {period && (
              <Link to={monthly ? `/ranking/${period}` : `/year/${period}`}>
                <Typography.Text type="secondary">{monthly ? "查看月度排名" : "查看年度考核"}</Typography.Text>
              </Link>
            )}
          </Space>
        </div>
        {(cycles.data?.length ?? 0) > 0 && (
          <Space size={[6, 6]} wrap style={{ marginTop: 8 }} className="kh-meta">
            <span>已开放或发布的考核期：</span>
            {/* a year's twelve months and the year itself (the year listed before its December) */}
            {cycles.data?.slice(0, 14).map((x) => (
              <Link key={x.period} to={`/review/${x.period}`}>
                <Tag color={x.period === period ? "red" : undefined} style={{ marginInlineEnd: 0, cursor: "pointer" }}>
                  {monthLabel(x.period)} {x.stageLabel}
                </Tag>
              </Link>
            ))}
          </Space>
        )}
      </Card>

      {!period ? (
        param ? (
          <BadPeriod text={param} kind="period" to={latest ? `/review/${latest}` : null} />
        ) : null
      ) : (
        <>
          <Card
            title="考核周期"
            extra={
              c && (
                <Space wrap>
                  {!notBegun && <OpenPreviewButton cycle={c} />}
                  <StartNoticeButton cycle={c} />
                  <SetDeadlinesButton cycle={c} />
                  <WithdrawPreviewButton cycle={c} />
                </Space>
              )
            }
            data-testid="cycle-card"
          >
            {c ? <CycleFacts cycle={c} /> : <Skeleton active paragraph={{ rows: 2 }} />}
            {notBegun && c?.stage === "closed" && <NotBegunNotice kind={monthly ? "month" : "year"} />}
          </Card>
          <ObjectionsCard objections={objections.data ?? []} loading={objections.isPending} error={objections.error} />
          {monthly && <ExplanationsCard period={period} cycle={c} duties={duties.data?.duties ?? []} loading={duties.isPending} error={duties.error} />}
        </>
      )}
    </Space>
  );
}

/**
 * 说明与异议 (a unit user): a month opened to the units — its stage and
 * deadlines, the unit's score and rank, the written explanation it owes, and
 * its objections (raising one in a drawer). A year opened to the units
 * likewise: its year-end result and objections to the events behind its
 * 综合管理 (a year owes no written explanation).
 */
import { FileSearchOutlined } from "@ant-design/icons";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Alert, Card, Col, Empty, Result, Row, Select, Skeleton, Space, Statistic, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { CycleFacts } from "../../components/responses/cycle.tsx";
import { useErrorMessage } from "../../components/results/helpers.ts";
import { useAuth } from "../../lib/auth.tsx";
import { fixed, monthLabel, thisPeriod } from "../../lib/format.ts";
import { echoed, validPeriod } from "../../lib/period-address.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import { ExplanationCard } from "./explanation-card.tsx";
import { focusFromQuery, ObjectionDrawer, type RecordFocus } from "./objection-form.tsx";
import { ObjectionsCard } from "./objections-card.tsx";
import "../../components/results/results.css";
import { isYear } from "@kaohe/time";
import { useCenterName } from "../../components/center-name.tsx";
import { usePartMaxima } from "../../components/results/use-part-maxima.ts";

/** A query of this page read again when the window regains focus (not so elsewhere: trpc.ts). */
const FRESH = { refetchOnWindowFocus: true } as const;

export function ResponsesPage() {
  const center = useCenterName();
  const { period } = useParams();
  const navigate = useNavigate();
  const trpc = useTRPC();
  const { user, can } = useAuth();
  const unitCode = user?.unitCode ?? "";
  const [raising, setRaising] = useState(false);
  // ?object=orders:HT-A3&measure=…: a drill-down's 提出异议, the form opened on that record
  const [search, setSearch] = useSearchParams();
  const [focus, setFocus] = useState<RecordFocus | null>(null);

  const cycles = useQuery(trpc.cycle.list.queryOptions({ years: true }));
  // no month asked for: the latest month opened to the units
  const latest = cycles.data?.[0]?.period;
  useEffect(() => {
    if (!period && latest) navigate(`/responses/${latest}`, { replace: true });
  }, [period, latest, navigate]);

  // a period the server answers for (not 2018-13, not 0000-01)
  const valid = period !== undefined && validPeriod(period);
  const yearly = valid && isYear(period);
  const here = valid ? thisPeriod(period) : "本月";
  // read again when the user comes back to the window (after half a minute: the queries' staleTime): the center may
  // have decided an objection, read an explanation or corrected the data meanwhile (a unit's page kept a decided
  // objection 待处理, with its 撤回, until reloaded); nothing here is being edited that a refetch would disturb
  const cycle = useQuery({ ...trpc.cycle.get.queryOptions(valid ? { period } : skipToken), ...FRESH });
  const opened = valid && cycle.data !== undefined && cycle.data.stage !== "closed";
  const detail = useQuery({ ...trpc.scores.unitDetail.queryOptions(opened && unitCode ? { period, unitCode } : skipToken), ...FRESH });
  // a year's deductions are of the assessment it weighs (综合管理): the records an objection names are that one's
  const { weighed } = usePartMaxima(yearly ? detail.data?.rubricVersion.id : undefined, detail.data?.assessment.name);
  const part = [...weighed.values()][0]?.name;
  const partDetail = useQuery(trpc.scores.unitDetail.queryOptions(opened && yearly && part && unitCode ? { period, unitCode, assessment: part } : skipToken));
  const duties = useQuery({ ...trpc.explanations.duties.queryOptions(opened && !yearly ? { period } : skipToken), ...FRESH });
  const objections = useQuery({ ...trpc.objections.list.queryOptions(opened ? { period } : skipToken), ...FRESH });
  // a published month: the unit's score as published, beside its published place (the current score, from data
  // changed since, is not what was published: a helper found 94.02 shown with the published place of 95.06)
  const publication = useQuery({ ...trpc.publication.current.queryOptions(opened && cycle.data?.stage === "published" ? { period } : skipToken), ...FRESH });
  useErrorMessage(cycles.error ?? cycle.error ?? duties.error);
  const asked = search.get("object");
  const askedMeasure = search.get("measure");
  const objectionsOpen = cycle.data?.objectionsOpen;
  useEffect(() => {
    if (asked === null || objectionsOpen === undefined) return;
    // taken once: the address no longer names it (a reload does not open the form again); closed to objections, the
    // objections card says so
    setSearch({}, { replace: true });
    if (!objectionsOpen || !can("responses.submit")) return;
    setFocus(focusFromQuery(asked, askedMeasure));
    setRaising(true);
  }, [asked, askedMeasure, objectionsOpen, can, setSearch]);

  const options = (cycles.data ?? []).map((c) => ({ value: c.period, label: `${monthLabel(c.period)}（${c.stageLabel}）` }));
  if (period && !options.some((o) => o.value === period)) options.unshift({ value: period, label: valid ? `${monthLabel(period)}（未开放）` : echoed(period) });

  const header = (
    <Card>
      <div className="kh-page-header">
        <Space align="baseline" size={12} wrap>
          <Typography.Title level={3}>说明与异议</Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 16 }}>
            {user?.unitName ?? unitCode}
          </Typography.Text>
        </Space>
        <Space>
          <span className="kh-meta">考核期</span>
          <Select
            aria-label="考核期"
            value={period}
            placeholder="选择月份或年度"
            options={options}
            loading={cycles.isPending}
            onChange={(p) => navigate(`/responses/${p}`)}
            style={{ width: 200 }}
            notFoundContent="暂无向各单位开放的考核结果"
            data-testid="responses-month"
          />
        </Space>
      </div>
      {cycle.data && (
        <div style={{ marginTop: 12 }}>
          <CycleFacts cycle={cycle.data} />
        </div>
      )}
    </Card>
  );

  if (!period) {
    return (
      <Space orientation="vertical" size={16} style={{ width: "100%" }}>
        {header}
        <Card>
          {cycles.isPending ? (
            <Skeleton active />
          ) : (
            <Empty description={cycles.error ? errorText(cycles.error) : `${center}尚未向各单位开放任何月份的考核结果`} data-testid="responses-none" />
          )}
        </Card>
      </Space>
    );
  }
  if (!valid) {
    return (
      <Space orientation="vertical" size={16} style={{ width: "100%" }}>
        {header}
        <Card>
          <Result status="warning" title={`“${echoed(period)}”不是有效的考核期`} subTitle="请在上方选择考核月份或年度" />
        </Card>
      </Space>
    );
  }

  const c = cycle.data;
  const d = detail.data;
  const frozen = publication.data?.result.units.find((u) => u.unit.code === unitCode);
  const shownScore = frozen ? frozen.published : (d?.unit.published ?? null);
  const currentDiffers = frozen !== undefined && d !== undefined && frozen.published !== d.unit.published;
  const duty = duties.data?.duties[0];
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      {header}
      {cycle.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : !c ? null : c.stage === "closed" ? (
        <Card>
          <Result
            status="info"
            title={`${monthLabel(period)}的考核结果尚未向各单位开放`}
            subTitle={`${center}开放预览后，可在此查看本单位${yearly ? "年终成绩、提出异议" : "得分、提交书面说明和提出异议"}。`}
            data-testid="responses-closed"
          />
        </Card>
      ) : (
        <>
          <Card title={yearly ? "本单位年终成绩" : "本单位本月得分"} data-testid="responses-score">
            {detail.isPending ? (
              <Skeleton active paragraph={{ rows: 1 }} />
            ) : d ? (
              <Row gutter={[24, 12]} align="middle">
                <Col flex="160px">
                  <Statistic
                    title={`${d.assessment.label ?? "得分"}${frozen ? "（已发布）" : ""}`}
                    value={shownScore ?? "—"}
                    precision={shownScore === null ? undefined : 2}
                    suffix={shownScore === null ? undefined : "分"}
                    styles={{ content: { color: "#b71c1c", fontWeight: 600 } }}
                    data-testid="responses-unit-score"
                  />
                </Col>
                <Col flex="220px">
                  <Statistic
                    title="排名"
                    value={d.unit.ranked && d.unit.rank !== null ? d.unit.rank : "不排名"}
                    prefix={d.unit.ranked && d.unit.rank !== null ? <span style={{ fontSize: 16 }}>{d.unit.group} 第</span> : undefined}
                    suffix={d.unit.ranked && d.unit.rank !== null ? <span style={{ fontSize: 16 }}>/ {d.groupSize} 名</span> : undefined}
                    data-testid="responses-unit-rank"
                  />
                </Col>
                <Col flex="auto">
                  <Space orientation="vertical" size={4}>
                    <Link to={`/units/${encodeURIComponent(unitCode)}?period=${period}`} data-testid="responses-detail-link">
                      <FileSearchOutlined /> 查看逐项得分与工单明细
                    </Link>
                    <Typography.Text type="secondary">
                      {c.stage === "published" ? `${here}结果已发布。` : `${here}结果尚未发布，异议处理后可能调整。`}
                    </Typography.Text>
                    {currentDiffers && (
                      <Typography.Text type="warning" data-testid="responses-current-score">
                        发布后数据有变动，按当前数据计算为 {fixed(d.unit.published)} 分（以已发布的结果为准，详见逐项得分）
                      </Typography.Text>
                    )}
                  </Space>
                </Col>
              </Row>
            ) : (
              <Alert type="warning" showIcon title="无法显示本单位得分" description={errorText(detail.error)} />
            )}
          </Card>
          {yearly ? null : duties.isPending ? (
            <Card>
              <Skeleton active />
            </Card>
          ) : duty ? (
            <ExplanationCard period={period} unitCode={unitCode} duty={duty} cycle={c} />
          ) : (
            <Card title="书面说明" data-testid="explanation-card">
              <Typography.Text type="secondary">{duties.error ? errorText(duties.error) : "按施行中的规则，本单位本月无须书面说明情况。"}</Typography.Text>
            </Card>
          )}
          <ObjectionsCard
            cycle={c}
            objections={objections.data ?? []}
            loading={objections.isPending}
            error={objections.error}
            canRaise={can("responses.submit")}
            onRaise={() => setRaising(true)}
          />
          <ObjectionDrawer
            open={raising}
            onClose={() => {
              setRaising(false);
              setFocus(null);
            }}
            period={period}
            unitCode={unitCode}
            detail={yearly ? partDetail.data : d}
            assessment={yearly ? part : undefined}
            focus={focus}
          />
        </>
      )}
    </Space>
  );
}

/** 单位详情: one unit's result item by item, the records behind every number, and its twelve-month trend. */
import { ArrowLeftOutlined, LineChartOutlined, WarningOutlined } from "@ant-design/icons";
import { partOfYearText } from "@kaohe/data/unit-months";
import { roundingNote } from "@kaohe/services/rounding";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Empty, Result, Row, Skeleton, Space, Statistic, Tag, Tooltip, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { menuFor } from "../../components/menu.tsx";
import { SanctionTags, scoreTone, TONE_COLOR, unrankedReason } from "../../components/results/cells.tsx";
import { DrilldownModal, type DrilldownTarget } from "../../components/results/drilldown-modal.tsx";
import { adjustmentMeasure, describeAdjustment, indicatorText } from "../../components/results/helpers.ts";
import { expandableItem, ItemTable } from "../../components/results/item-table.tsx";
import type { PartMaximum } from "../../components/results/part-maxima.ts";
import { MonthPicker, YearPicker } from "../../components/results/period-picker.tsx";
import { PublicationStatus } from "../../components/results/publication.tsx";
import { TrendChart } from "../../components/results/trend-chart-lazy.tsx";
import { rubricChanges, rubricChangeText } from "../../components/results/trend-versions.ts";
import type { ChangeSincePublished, UnitDetail } from "../../components/results/types.ts";
import { usePartMaxima } from "../../components/results/use-part-maxima.ts";
import { useVisibleMonths, useVisibleYears } from "../../components/results/use-visible-months.ts";
import { useAuth } from "../../lib/auth.tsx";
import { fixed, monthLabel, monthsInWords } from "../../lib/format.ts";
import { periodNotBegun, validPeriod } from "../../lib/period-address.ts";
import { rememberPeriod, useLatestMonth } from "../../lib/periods.ts";
import { errorText, isForbidden, isNotFound, useTRPC } from "../../lib/trpc.ts";
import { zh } from "../../lib/zh.ts";
import "../../components/results/results.css";
import { takenAlone } from "@kaohe/services/referenced-text";
import { formatShanghai, isYear, periodLabel } from "@kaohe/time";
import { useCenterName } from "../../components/center-name.tsx";
import { BadPeriod, NoDataResult, NotBegunNotice } from "../../components/results/result-states.tsx";
import { PeriodWarningsNotice } from "../../components/results/unassessed-notice.tsx";
import { lostFigure, referencedScore, referencedTitle } from "./referenced.ts";
import { yearView } from "./year-view.ts";

/**
 * The drill-down a link names (`?measure=超期件数`, from the explanations and objections pages): a measure of an
 * item, an adjustment's count, or a measure behind a sanction.
 */
function targetOf(detail: UnitDetail, measure: string): DrilldownTarget {
  // the unit's own items, then those of the assessments its total reads (基础得分), each drilled in its own
  const sources = [{ items: detail.unit.items, of: undefined }, ...detail.referenced.map((r) => ({ items: r.unit.items, of: referencedOf(r, detail) }))];
  for (const { items, of } of sources) {
    for (const item of items) {
      const m = item.measures.find((x) => x.name === measure);
      if (m) return { measure, title: m.label ?? m.name, record: m.record, value: m.value, of };
      const a = item.adjustments.find((x) => adjustmentMeasure(x, item) === measure);
      if (a) return { measure, title: describeAdjustment(a).subject, record: measure.startsWith("#") ? "events" : "orders", value: a.count, of };
    }
  }
  const because = detail.unit.sanctions.flatMap((s) => s.because).find((b) => b.measure === measure);
  const title = because?.label ?? measure.replace(/^#次数:/, "");
  return { measure, title, record: measure.startsWith("#") || title.includes("事件") ? "events" : "orders", value: because?.value ?? null };
}

function Figures({
  detail,
  parts,
  onDrill,
  changed,
}: {
  detail: UnitDetail;
  parts: ReadonlyMap<string, PartMaximum>;
  onDrill: (t: DrilldownTarget) => void;
  /**
   * the month is published and its data changed since: the score shown is the current one, and the rank the current
   * one (the center) or the published one (a unit's user, who is given its published place): each says which
   */
  changed?: { rankPublished: boolean };
}) {
  const u = detail.unit;
  const { lost, from, why } = lostFigure(detail, parts);
  // a score from elsewhere (the group's mean, the months' mean) loses nothing the page can count: never green for it
  const tone = scoreTone(u, lost ?? Number.POSITIVE_INFINITY);
  return (
    <Row gutter={[24, 12]}>
      <Col flex="160px">
        <Statistic
          title={`${detail.assessment.label ?? "得分"}${changed ? "（按当前数据）" : ""}`}
          value={u.published ?? "—"}
          precision={u.published === null ? undefined : 2}
          suffix={u.published === null ? undefined : "分"}
          styles={{ content: { color: TONE_COLOR[tone], fontWeight: 600 } }}
          data-testid="unit-score"
          data-tone={tone}
        />
      </Col>
      <Col flex="none" style={{ minWidth: 190 }}>
        <Statistic
          title={changed ? (changed.rankPublished ? "排名（发布时）" : "排名（按当前数据）") : "排名"}
          value={u.ranked && u.rank !== null ? u.rank : "不排名"}
          prefix={u.ranked && u.rank !== null ? <span style={{ fontSize: 16 }}>{u.group} 第</span> : undefined}
          suffix={u.ranked && u.rank !== null ? <span style={{ fontSize: 16 }}>/ {detail.groupSize} 名</span> : undefined}
          data-testid="unit-rank"
        />
        {!(u.ranked && u.rank !== null) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="unit-unranked-reason">
            {unrankedReason(u)}
          </Typography.Text>
        )}
      </Col>
      <Col flex="130px">
        <Statistic title="承办量" value={u.volume} suffix="件" />
      </Col>
      {/* 失分（月度基础得分）: the longer title on one line */}
      <Col flex={from ? "none" : "130px"} style={from ? { minWidth: 130 } : undefined}>
        <Tooltip title={why}>
          <Statistic
            title={from ? `失分（${from}）` : "失分"}
            value={lost ?? "—"}
            precision={lost === null ? undefined : 2}
            styles={{ content: { color: lost !== null && lost > 0 ? "#cf1322" : undefined } }}
            data-testid="unit-lost"
          />
        </Tooltip>
      </Col>
      {u.band && (
        <Col flex="130px">
          <Statistic title="等次" value={u.band} />
        </Col>
      )}
      <Col flex="auto">
        <div className="kh-meta" style={{ marginBottom: 8 }}>
          标记
        </div>
        {u.sanctions.length > 0 || u.vetoes.length > 0 ? (
          <Space size={4} wrap>
            <SanctionTags sanctions={u.sanctions} />
            {u.vetoes.map((v) => {
              // the counts the veto's condition read: each opens its records, as a deduction's do
              const read = u.vetoEvidence?.find((e) => e.label === v)?.measures ?? [];
              return (
                <Space key={v} size={4} wrap>
                  <Tag color="red">一票否决：{v}</Tag>
                  {read.map((m) => (
                    <Button
                      key={m.name}
                      size="small"
                      type="link"
                      style={{ paddingInline: 0 }}
                      onClick={() => onDrill({ measure: m.name, title: m.label ?? m.name, record: m.record, value: m.value })}
                      data-testid="veto-evidence"
                    >
                      {m.label ?? m.name} {m.value ?? "—"}
                    </Button>
                  ))}
                </Space>
              );
            })}
          </Space>
        ) : (
          <Typography.Text type="secondary">无</Typography.Text>
        )}
      </Col>
    </Row>
  );
}

/** How the records behind an item of an assessment the total reads are asked for (DrilldownTarget.of). */
function referencedOf(r: UnitDetail["referenced"][number], detail: UnitDetail): NonNullable<DrilldownTarget["of"]> {
  const own = r.window.label === detail.window.label;
  return {
    assessment: r.assessment.name,
    monthWindow: own && r.window.label === detail.period,
    periodText: `${own ? periodLabel(detail.period) : `考核期 ${periodLabel(r.window.label)}`} · ${r.assessment.label ?? r.assessment.name}`,
  };
}

/**
 * The items of the assessments the total reads (`总分 = 若 工单数 >= 5 则 基础得分 否则 组内平均(…)`, or `80% × 工单指标 +
 * 20% × 督办事项 + 表扬` beside items of its own): each under its title, with its score and what it lost of its own full
 * marks, its records a click away, and how its score follows from them.
 */
function ReferencedItems({ detail, onDrill }: { detail: UnitDetail; onDrill: (t: DrilldownTarget) => void }) {
  // the score taken from one alone, or made of several (or of one and the items above)
  // (by what the total took, as the engine says it: one left out for a unit user, its window not all opened, is one too)
  const alone = takenAlone(
    detail.unit.items.length,
    detail.unit.totalFrom,
    detail.referenced.filter((r) => r.took).map((r) => r.assessment.name),
  );
  return (
    <>
      {detail.referenced.map((r) => (
        <div key={r.assessment.name} data-testid={`unit-referenced-${r.assessment.name}`}>
          <div className="kh-total-steps">
            <Typography.Text strong data-testid="unit-referenced-title">
              {referencedTitle(r, alone)}
            </Typography.Text>
            {r.unit.published !== null && (
              <Typography.Text type="secondary" data-testid="unit-referenced-score">
                {" "}
                {referencedScore(r.unit)}
              </Typography.Text>
            )}
          </div>
          <ItemTable
            items={r.unit.items}
            onDrill={(t) => onDrill({ ...t, of: referencedOf(r, detail) })}
            testIdPrefix={`unit-referenced-row-${r.assessment.name}`}
          />
          {r.unit.totalSteps && (
            <div className="kh-total-steps">
              <Typography.Text type="secondary">{r.assessment.label ?? r.assessment.name}由来：</Typography.Text>
              <Typography.Text code>{r.unit.totalSteps}</Typography.Text>
            </div>
          )}
        </div>
      ))}
    </>
  );
}

/** The rubric's `report` values for the unit: shown, not scored. */
function Indicators({ indicators }: { indicators: UnitDetail["unit"]["indicators"] }) {
  return (
    <Card title="通报指标" extra={<Typography.Text type="secondary">只通报，不计分</Typography.Text>} data-testid="unit-indicators">
      <Row gutter={[24, 12]}>
        {indicators.map((x) => (
          <Col key={x.name} flex="200px">
            <Statistic title={x.label ?? x.name} value={indicatorText(x)} data-testid={`indicator-${x.name}`} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** An address naming a unit code no unit has (/units/NOPE): said once, with the way back to the ranking to choose one. */
function NoSuchUnit({ code, rankingTo }: { code: string; rankingTo: string }) {
  return (
    <Card>
      <Result
        status="404"
        title={`没有编码为“${code}”的单位`}
        subTitle="请检查链接中的单位编码，或在月度排名中选择单位。"
        extra={
          <Link to={rankingTo}>
            <Button type="primary" data-testid="unit-not-found-back">
              返回月度排名
            </Button>
          </Link>
        }
        data-testid="unit-not-found"
      />
    </Card>
  );
}

/** A unit's page; a unit user who names no month sees the latest month opened to the units (others: the latest month with data). */
export function UnitPage() {
  const [search] = useSearchParams();
  const { user } = useAuth();
  if (user?.role === "unit" && !search.get("period")) return <LatestOpenedMonth />;
  if (!search.get("period")) return <LatestDataMonth />;
  return <UnitResultPage />;
}

/** Puts the latest month with data in the address (the page then shows it). */
function LatestDataMonth() {
  const [, setSearch] = useSearchParams();
  const latest = useLatestMonth();
  useEffect(() => {
    if (latest) setSearch({ period: latest }, { replace: true });
  }, [latest, setSearch]);
  return <Skeleton active paragraph={{ rows: 4 }} />;
}

/** Finds the latest month opened to the units and puts it in the address (the page then shows it). */
function LatestOpenedMonth() {
  const trpc = useTRPC();
  const center = useCenterName();
  const [, setSearch] = useSearchParams();
  const cycles = useQuery(trpc.cycle.list.queryOptions());
  const latest = cycles.data?.[0]?.period;
  useEffect(() => {
    if (latest) setSearch({ period: latest }, { replace: true });
  }, [latest, setSearch]);
  if (cycles.error) return <Result status="warning" title="无法读取考核月份" subTitle={errorText(cycles.error)} />;
  if (cycles.data && !latest) {
    return <Result status="info" title="尚无向各单位开放的考核月份" subTitle={`${center}开放某月的预览后，可在此查看本单位的得分、名次与工单。`} />;
  }
  return <Skeleton active paragraph={{ rows: 4 }} />;
}

function UnitResultPage() {
  const { code = "" } = useParams();
  const center = useCenterName();
  const [search, setSearch] = useSearchParams();
  const period = search.get("period") ?? "";
  const latest = useLatestMonth();
  // a period the server answers for (not 2018-13, not 0000-01): else the page says so and asks nothing
  const valid = validPeriod(period);
  const yearly = valid && isYear(period);
  const navigate = useNavigate();
  const trpc = useTRPC();
  const [drill, setDrill] = useState<DrilldownTarget | null>(null);
  const { can, user } = useAuth();
  const publication = useQuery(trpc.publication.current.queryOptions(valid ? { period } : skipToken));
  // the arrows step through the months this user can see (a unit user: those opened to the units), not into the others
  const visibleMonths = useVisibleMonths();
  // and the years through those whose result they can see (a unit user: those opened to the units or published)
  const visibleYears = useVisibleYears(yearly);
  // a unit user sees a year once it is opened to the units or published, and has no year page to go back to
  const canOpenYear = menuFor(can, user?.role).some((m) => m.path === "/year");
  const yearCycle = useQuery(trpc.cycle.get.queryOptions(yearly && user?.role === "unit" ? { period } : skipToken));
  const view = yearView({ yearly, role: user?.role, canOpenYear, stage: yearCycle.data?.stage });
  // a unit user's way back to the month's ranking once it is published: before, the ranking is not theirs to see
  const backLinked = yearly ? view.backToYear : user?.role !== "unit" || Boolean(publication.data);

  // another assessment the rubric ranks (季度考核, from its ranking): shown instead of the main one
  const assessment = search.get("assessment") ?? undefined;
  const detail = useQuery(trpc.scores.unitDetail.queryOptions(valid && view.ask ? { period, unitCode: code, assessment } : skipToken));
  const trend = useQuery(trpc.scores.trend.queryOptions(valid ? { unitCode: code, endMonth: yearly ? `${period}-12` : period, months: 12 } : skipToken));
  // months no unit has an order in: a gap in both lines, said beneath (the year leaves them out too)
  const noDataMonths = trend.data?.points.filter((p) => p.noData).map((p) => p.month) ?? [];
  // a new rubric version within the twelve months: the line steps there by the rules too (the chart draws where)
  const versionsText = rubricChangeText(rubricChanges(trend.data?.points ?? []));
  // the unit's name at once, while its month is scored (the header said its code until then)
  const units = useQuery(trpc.units.list.queryOptions());
  const listed = units.data?.find((u) => u.code === code);
  // the trend fails NOT_FOUND only for a code no unit has: the page says so once, in place of the unit's
  const noUnit = isNotFound(trend.error);
  // a refusal is said in place, where the figures or the trend would be (a month not opened to the units was said twice,
  // in the page and in a message over it)

  // a period not begun (a typed 2099-01): its figures are no result (every item full marks, first of its category), said
  // as the ranking says it, none of them shown
  const notBegun = detail.data !== undefined && periodNotBegun(period, detail.data);
  // (not a conditional expression: its type would fold the center's detail into a unit user's, losing `warnings`)
  let d = detail.data;
  if (notBegun) d = undefined;
  // a month without data (no unit has an order in it: 无数据 on the trend, left out of the year), or a year none of
  // whose months has any, not published: its full marks and first place are no result, and are not shown as one (the
  // trend's 无数据 month opened them; a year's showed 100.00 and 第1 while the year's page said 无数据)
  const noData = d !== undefined && assessment === undefined && d.noData && publication.data === null;
  if (noData) d = undefined;
  // a user who sees published results only (a unit's), refused the period's figures as not open to the units, or the
  // year not open to them: no 未发布（预览） beside the refusal, which is theirs to read, not a preview
  const closedToUnit = !can("results.read") && publication.data === null && (view.notOpen || isForbidden(detail.error));
  // a year's part weighting an assessment with bonuses (综合管理考核): out of its stated share, the bonus apart
  // and the assessment such an item counts (综合管理): its own items, a link away
  const { parts, weighed } = usePartMaxima(yearly ? d?.rubricVersion.id : undefined, d?.assessment.name);
  const itemLinks = new Map(
    [...weighed].map(([item, a]) => [item, { text: `查看${a.label}明细`, to: `?period=${period}&assessment=${encodeURIComponent(a.name)}` }]),
  );
  const measure = search.get("measure");
  const target = drill ?? (d && measure ? { ...targetOf(d, measure), fromAddress: true } : null);
  const closeDrill = () => {
    setDrill(null);
    if (measure) setSearch(assessment ? { period, assessment } : { period }, { replace: true });
  };
  const group = d?.unit.group;
  const backQuery = [group ? `group=${encodeURIComponent(group)}` : "", assessment ? `assessment=${encodeURIComponent(assessment)}` : ""]
    .filter(Boolean)
    .join("&");
  const backTo = yearly ? `/year/${period}` : `/ranking/${valid ? period : (latest ?? "")}${backQuery ? `?${backQuery}` : ""}`;
  useEffect(() => rememberPeriod(period), [period]);
  const setPeriod = (p: string) => setSearch(assessment ? { period: p, assessment } : { period: p });
  // what was published is the main assessment's: compared only with it
  const frozen = assessment ? undefined : publication.data?.result.units.find((u) => u.unit.code === code);
  const differs = frozen && d && (frozen.published !== d.unit.published || frozen.rank !== d.unit.rank);
  // the items as shown not adding up to the score: said under them
  const rounding = d ? roundingNote(d.unit, d.decimals) : null;

  if (!valid) return <BadPeriod text={period} kind="period" to={`/units/${encodeURIComponent(code)}`} />;
  if (noUnit) return <NoSuchUnit code={code} rankingTo={`/ranking/${yearly ? "" : period}`} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space size={24} className="kh-no-print">
        {backLinked && (
          <Link to={backTo} data-testid="back-link">
            <ArrowLeftOutlined /> 返回{yearly ? "年度考核" : "月度排名"}（{valid ? periodLabel(period) : period}）
          </Link>
        )}
        {/* a unit user: the month's explanation and objections; the year's objections once it is opened to the units */}
        {can("responses.submit") && valid && !yearly && <Link to={`/responses/${period}`}>本单位本月的说明与异议</Link>}
        {can("responses.submit") && yearly && view.ask && <Link to={`/responses/${period}`}>本单位本年度的异议</Link>}
        {/* the year's result of the unit, one link away (a unit's user sees the year page once the year is published: its category's ranking) */}
        {valid && !yearly && (
          <Link to={`/units/${encodeURIComponent(code)}?period=${period.slice(0, 4)}`} data-testid="unit-year-link">
            {period.slice(0, 4)}年度成绩
          </Link>
        )}
        {valid && yearly && (
          <Link to={`/units/${encodeURIComponent(code)}`} data-testid="unit-months-link">
            月度成绩
          </Link>
        )}
      </Space>

      <Card>
        <div className="kh-page-header" style={{ marginBottom: 20 }}>
          <Space orientation="vertical" size={6}>
            <Space align="center" size={10} wrap>
              <Typography.Title level={3} data-testid="unit-name">
                {d?.unit.unit.name ?? trend.data?.unit.name ?? listed?.name ?? code}
              </Typography.Title>
              {(d?.unit.unit.category ?? trend.data?.unit.category ?? listed?.category) && (
                <Tag color="red">{d?.unit.unit.category ?? trend.data?.unit.category ?? listed?.category}</Tag>
              )}
              <Typography.Text type="secondary">单位编码 {code}</Typography.Text>
            </Space>
            <Space size={16} wrap className="kh-meta">
              <span>
                {periodLabel(period)}
                {d ? ` · ${d.assessment.label ?? d.assessment.name}` : ""}
                {d && d.window.label !== period ? `（考核期 ${periodLabel(d.window.label)}）` : ""}
              </span>
              {d && (
                <span>
                  规则：{d.rubricVersion.name}（{d.rubricVersion.version}）
                </span>
              )}
              {/* a unit user refused a month not open to the units: only that is said (未发布（预览） beside it said the contrary) */}
              {!closedToUnit && <PublicationStatus publication={publication.data} />}
            </Space>
          </Space>
          <div className="kh-no-print">
            {yearly ? (
              <YearPicker value={period} onChange={setPeriod} years={visibleYears} />
            ) : (
              <MonthPicker value={period} onChange={setPeriod} months={visibleMonths} />
            )}
          </div>
        </div>
        {view.notOpen ? (
          <Result
            status="info"
            title="年度结果尚未开放"
            subTitle={`${periodLabel(period)}考核结果向各单位开放或发布后，即可在此查看本单位的年终成绩。`}
            data-testid="not-published"
          />
        ) : detail.isPending ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : notBegun && detail.data ? (
          <NotBegunNotice start={detail.data.window.start} kind={yearly ? "year" : "month"} />
        ) : noData ? (
          <NoDataResult month={period} canImport={can("data.import")} testId="unit-no-data" />
        ) : d ? (
          <Figures detail={d} parts={parts} onDrill={setDrill} changed={differs ? { rankPublished: user?.role === "unit" } : undefined} />
        ) : closedToUnit ? (
          // a month not yet opened to the units is their usual state before the center's preview, no failure: said as
          // the year's is (a unit read 无法显示该单位的考核结果 under a warning sign: a walk)
          <Result
            status="info"
            title="本期结果尚未开放"
            subTitle={`${errorText(detail.error)}。中心开放预览或发布后，即可在此查看本单位的得分、明细与工单。`}
            data-testid="not-open-to-unit"
          />
        ) : (
          <Result
            status="warning"
            title="无法显示该单位的考核结果"
            subTitle={errorText(detail.error)}
            extra={
              backLinked && (
                <Button type="primary" onClick={() => navigate(backTo)}>
                  返回{yearly ? "年度考核" : "月度排名"}
                </Button>
              )
            }
          />
        )}
      </Card>

      {differs && frozen && d && (
        <Alert
          type="warning"
          showIcon
          // a unit user is given the published place (the server's): the current score only, not a place among other
          // units' unpublished changes
          title={`本期已发布的结果为 ${fixed(frozen.published)} 分（${frozen.rank === null ? "不排名" : `第 ${frozen.rank} 名`}），按当前数据计算为 ${fixed(d.unit.published)} 分${d.unit.rank === frozen.rank ? "" : `（${d.unit.rank === null ? "不排名" : `第 ${d.unit.rank} 名`}）`}`}
          description={
            <>
              <ChangesSincePublished changes={d.changesSincePublished ?? null} />
              {`下方明细按当前数据计算。${user?.role === "unit" ? `本单位的名次以已发布的结果为准（发布后数据的变动，${center}重新发布后才计入排名）。` : ""}${can("results.publish") ? "如经复核需更正已发布的结果，请在月度排名页重新发布并填写原因。" : ""}`}
            </>
          }
        />
      )}
      {/* the month's data ends before its assessment time: the unit's open orders due after it count as overdue. The
          center reads the period's count, of every unit's orders (read under one unit, it read as the unit's own: a
          review); a unit user its own, which the API gives without the period's warnings (it saw January's deadlines
          counted overdue in December, and nothing said why: a walk) */}
      {d && "warnings" in d ? (
        <PeriodWarningsNotice warnings={d.warnings.filter((w) => w.code === "data-before-as-of").map((w) => ({ ...w, zh: `全部单位：${w.zh}` }))} />
      ) : (
        d?.dataCutoff && <PeriodWarningsNotice warnings={[{ ...d.dataCutoff, zh: `本单位：${d.dataCutoff.zh}` }]} />
      )}
      {d && d.unit.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          icon={<WarningOutlined />}
          title="计分提示"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {d.unit.warnings.map((w) => (
                <li key={w}>{zh(w)}</li>
              ))}
            </ul>
          }
        />
      )}

      {d && yearly && partOfYearText(d.unit.unit, period) && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`该单位${partOfYearText(d.unit.unit, period)}：年度成绩按其参加考核的月份计算`}
          data-testid="unit-part-of-year"
        />
      )}

      {d && (
        <Card
          title="逐项得分"
          extra={
            [...d.unit.items, ...d.referenced.flatMap((r) => r.unit.items)].some(expandableItem) ? (
              <Typography.Text type="secondary">展开一项可查看所用计数和扣分明细，并列出背后的工单与事件</Typography.Text>
            ) : null
          }
          styles={{ body: { padding: 0 } }}
        >
          {(d.unit.items.length > 0 || d.referenced.length === 0) && (
            <>
              {d.referenced.length > 0 && (
                // its own items above those of the assessments its total reads
                <div className="kh-total-steps">
                  <Typography.Text strong data-testid="unit-own-items-title">
                    {d.assessment.label ?? d.assessment.name}本身的考核项：
                  </Typography.Text>
                </div>
              )}
              <ItemTable items={d.unit.items} onDrill={setDrill} parts={parts} links={itemLinks} />
            </>
          )}
          {d.referenced.length > 0 && <ReferencedItems detail={d} onDrill={setDrill} />}
          {d.unit.totalSteps && (
            // the score is not the items' sum (a total formula, rescaling): how it follows from them
            <div className="kh-total-steps" data-testid="unit-total-steps">
              <Typography.Text type="secondary">得分由来：</Typography.Text>
              <Typography.Text code>{d.unit.totalSteps}</Typography.Text>
            </div>
          )}
          {rounding && (
            <div className="kh-total-steps" data-testid="unit-rounding-note">
              <Typography.Text type="secondary">{rounding}</Typography.Text>
            </div>
          )}
        </Card>
      )}

      {d && d.unit.indicators.length > 0 && <Indicators indicators={d.unit.indicators} />}

      {!detail.isError && (
        <Card
          title={
            <Space>
              <LineChartOutlined />近 12 个月得分与排名
            </Space>
          }
          extra={<Typography.Text type="secondary">点击图中月份可切换到该月</Typography.Text>}
        >
          {trend.isPending && valid ? (
            <Skeleton active paragraph={{ rows: 6 }} />
          ) : trend.data && trend.data.points.length > 0 ? (
            <TrendChart points={trend.data.points} selected={yearly ? undefined : period} onSelect={(m) => setPeriod(m)} />
          ) : (
            <Empty
              description={
                trend.error ? errorText(trend.error) : `截至${valid && !yearly ? monthLabel(period) : periodLabel(period)}的 12 个月内没有施行中的考核规则`
              }
            />
          )}
          {trend.data && trend.data.points.length > 0 && (
            <Tooltip title="排名轴上小下大：越靠上名次越好">
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                实线为得分（左轴），虚线为类别内排名（右轴）；未施行考核规则的月份{can("results.read") ? "" : "、尚未向各单位开放的月份"}不显示。
              </Typography.Text>
            </Tooltip>
          )}
          {versionsText && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }} data-testid="trend-rubric-change">
              {versionsText}
            </Typography.Text>
          )}
          {noDataMonths.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }} data-testid="trend-no-data">
              {monthsInWords(noDataMonths)}各单位都没有工单数据，图中标为“无数据”：不计分、不排名，也不计入年终成绩。
            </Typography.Text>
          )}
        </Card>
      )}

      {d && (
        <DrilldownModal
          period={period}
          unit={d.unit.unit}
          target={target}
          onClose={closeDrill}
          assessment={target?.of?.assessment ?? assessment}
          objectable={assessment === undefined && (target?.of?.monthWindow ?? true)}
          periodText={target?.of ? target.of.periodText : assessment && d.window.label !== period ? `考核期 ${periodLabel(d.window.label)}` : undefined}
        />
      )}
    </Space>
  );
}

/** What changed the unit's records of the month since it was published (the server's list; file names for the center only). */
function ChangesSincePublished({ changes }: { changes: readonly ChangeSincePublished[] | null }) {
  if (changes === null) return null;
  const line = (c: ChangeSincePublished) => {
    const at = formatShanghai(c.at, "minute");
    const file = c.fileName === null ? "" : `“${c.fileName}”`;
    if (c.kind === "correction") return `${at} 更正了本单位本月的 ${c.records} 条记录（如异议经核实后更正）`;
    return c.kind === "events" ? `${at} 导入事件${file}，涉及本单位本月 ${c.records} 条事件` : `${at} 导入工单${file}，涉及本单位本月 ${c.records} 件工单`;
  };
  return (
    <div data-testid="changes-since-published" style={{ marginBottom: 4 }}>
      {changes.length === 0 ? (
        // the data changed otherwise: an import undone, a unit renamed or moved, another unit's records (a rank)
        "发布后本单位本月的工单与事件没有新导入或更正的；得分或名次的变化来自其他数据的变动（如撤销导入、单位信息或其他单位的数据）。"
      ) : (
        <>
          发布后本单位本月数据的变动：
          <ul style={{ margin: "4px 0", paddingInlineStart: 20 }}>
            {changes.map((c) => (
              <li key={`${c.kind}-${c.at}`}>{line(c)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

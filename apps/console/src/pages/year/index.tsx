/** 年度考核: year-end results per category, and each unit's year-end items in a drawer. */
import { ProfileOutlined } from "@ant-design/icons";
import { parse } from "@kaohe/rules-dsl";
import { isYear } from "@kaohe/time";
import { skipToken, useQueries, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Drawer, Result, Skeleton, Space, Table, Tag, Tooltip, Typography } from "antd";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { Link, Navigate, useNavigate, useParams, useSearchParams } from "react-router";
import { YearBulletinButton } from "../../components/bulletin/bulletin-dialog.tsx";
import { CycleSummary } from "../../components/responses/cycle-summary.tsx";
import { Num, pointsLost, scoreTone, TONE_COLOR } from "../../components/results/cells.tsx";
import { DrilldownModal, type DrilldownTarget } from "../../components/results/drilldown-modal.tsx";
import { YearExportButton } from "../../components/results/export-buttons.tsx";
import { GroupedResults } from "../../components/results/group-tabs.tsx";
import { notInForceLinkText, notInForceText, useErrorMessage } from "../../components/results/helpers.ts";
import { ItemTable } from "../../components/results/item-table.tsx";
import { lackingUnitsText } from "../../components/results/missing-facts.ts";
import { type PartMaximum, partMaxima } from "../../components/results/part-maxima.ts";
import { YearPicker } from "../../components/results/period-picker.tsx";
import { FreshnessNotice, PublicationStatus, PublishButton, RubricUsed } from "../../components/results/publication.tsx";
import { BadPeriod, NoDataResult, NotBegunNotice, periodInQuery, resultStates } from "../../components/results/result-states.tsx";
import { meanFigure, unitsFigure } from "../../components/results/stats.tsx";
import type { TrendPoint, UnitResult } from "../../components/results/types.ts";
import { JoiningLeavingNotice, PeriodWarningsNotice, UnassessedNotice } from "../../components/results/unassessed-notice.tsx";
import * as Col from "../../components/results/unit-columns.tsx";
import { usePeriodResult } from "../../components/results/use-period-result.ts";
import { useResultGroups } from "../../components/results/use-result-groups.ts";
import { useVisibleYears } from "../../components/results/use-visible-months.ts";
import { endedMonthsWithoutData } from "../../components/results/year-months.ts";
import { useAuth } from "../../lib/auth.tsx";
import { fixed, monthLabel, monthsInWords } from "../../lib/format.ts";
import { usePhone } from "../../lib/layout.ts";
import { notBegunExportReason, periodNotBegun, validYear } from "../../lib/period-address.ts";
import { rememberPeriod, useLatestMonth } from "../../lib/periods.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import "../../components/results/results.css";

/**
 * Months of the year that are over and not counted, for want of their orders, before the data begins and after it
 * ends: the year's mean is of fewer months, said. `inForce`: the months the rubric is in force in, when not all year.
 */
function EndedWithoutDataNotice({ year, months, inForce, mayImport }: { year: string; months: string[]; inForce: string[] | null; mayImport: boolean }) {
  const missing = endedMonthsWithoutData(year, months, inForce);
  if (missing.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      title={`${monthsInWords(missing)}已结束，但没有工单数据，未计入年终成绩`}
      description={`各月得分的平均现只按计入的 ${months.length} 个月计算。${mayImport ? "如这些月份有工单，请先在“数据”页导入，再预览、发布年度结果。" : "中心导入这些月份的工单后，年终成绩会变化。"}`}
      data-testid="ended-without-data"
    />
  );
}

/** The checklist items (事实) some units have no row of the year for: scored as the rubric's default, said on the page. */
function MissingFactsNotice({
  year,
  missing,
  units,
}: {
  year: string;
  missing: { item: string; label: string; units: number; names: string[]; taken: string | null }[];
  units: number;
}) {
  const { can } = useAuth();
  if (missing.length === 0) return null;
  const none = missing.every((m) => m.units === units);
  const list = missing
    .slice(0, 6)
    .map(
      (m) =>
        `“${m.label}”${m.units === units ? "" : ` ${lackingUnitsText(m, units)}`}${m.taken === null ? "（无缺省值，按空值计）" : `（按${/^\d|^-\d/.test(m.taken) ? ` ${m.taken} ` : `“${m.taken}”`}计）`}`,
    )
    // the items apart by ；: the units' names are apart by 、
    .join("；");
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="missing-facts-notice"
      title={`${missing.length} 个综合管理事项缺少${none ? "全部" : "部分"}单位的 ${year} 年记录`}
      description={`${list}${missing.length > 6 ? ` 等 ${missing.length} 项` : ""}。缺少记录时按规则的缺省值计分（没有缺省值的按空值：是/否事项在条件中按“否”），年终成绩可能与实际不符${can("data.import") ? "；请在“数据”页导入本年度的事实文件后再发布" : ""}。`}
    />
  );
}

const STAGE_COLOR: Record<string, string> = { published: "success", preview: "processing", notice: "processing", closed: "default" };

/**
 * Which of the months the year counts the units have seen: 已发布, 预览/公示 (open to objections), or 未开放 (never shown
 * to them: they could not object). Months are grouped by stage: "已发布 3月、4月 · 未开放 5月".
 */
function MonthStages({ months }: { months: string[] }) {
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycle.list.queryOptions(months.length > 0 ? undefined : skipToken));
  if (!cycles.data || months.length === 0) return null;
  const byStage = new Map<string, { label: string; months: string[] }>();
  for (const m of months) {
    const c = cycles.data.find((x) => x.period === m);
    const stage = c?.stage ?? "closed";
    const entry = byStage.get(stage) ?? { label: c?.stageLabel ?? "未开放", months: [] };
    entry.months.push(`${Number(m.slice(5))}月`);
    byStage.set(stage, entry);
  }
  return (
    <span data-testid="year-month-stages">
      {[...byStage].map(([stage, { label, months: ms }]) => (
        <Tag key={stage} color={STAGE_COLOR[stage] ?? "default"} style={{ marginInlineEnd: 4 }}>
          {label} {ms.join("、")}
        </Tag>
      ))}
    </span>
  );
}

/** The months the year counts never shown to the units (未开放): the year cannot be opened to them before these. */
function useUnopenedMonths(months: string[]): string[] {
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycle.list.queryOptions(months.length > 0 ? undefined : skipToken));
  const listed = cycles.data;
  return listed ? months.filter((m) => (listed.find((c) => c.period === m)?.stage ?? "closed") === "closed") : [];
}

/**
 * Published months whose data changed since: the year's mean reads them as the data is now, not as published (a helper
 * found 11月 counted at 94.02 in the year while the ranking and the bulletin say 95.06). Asked of the center only
 * (publication.freshness), a month at a time, remembered by the server while the data stays.
 */
function ChangedMonthsNotice({ months }: { months: string[] }) {
  const trpc = useTRPC();
  const { can } = useAuth();
  const cycles = useQuery(trpc.cycle.list.queryOptions(months.length > 0 ? undefined : skipToken));
  const published = can("results.read") ? months.filter((m) => cycles.data?.some((c) => c.period === m && c.stage === "published")) : [];
  const freshness = useQueries({ queries: published.map((period) => trpc.publication.freshness.queryOptions({ period })) });
  const changed = published.flatMap((month, i) => {
    const f = freshness[i]?.data;
    return f && !f.dataUnchanged ? [{ month, differences: f.differences }] : [];
  });
  if (changed.length === 0) return null;
  const units = new Set(changed.flatMap((c) => c.differences.map((d) => d.unit.code)));
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      title={`已发布的 ${changed.map((c) => `${Number(c.month.slice(5))}月`).join("、")} 的数据在发布后有变动：年终成绩中这些月份按当前数据计算`}
      description={
        units.size > 0
          ? `与已发布的月度结果相比，有 ${units.size} 个单位的月度得分或名次不同。如属更正，请先在月度排名页重新发布该月，再发布年度结果。`
          : "与已发布的月度结果相比，各单位的月度得分与名次都不变，无需重新发布该月。"
      }
      data-testid="year-changed-months"
    />
  );
}

/** The in-force rubric's items that weight another assessment with bonuses (综合管理考核: 20 and up to 4 apart), by code. */
function useYearParts(year: string, assessment: string | undefined): ReadonlyMap<string, PartMaximum> {
  const trpc = useTRPC();
  const version = useQuery({ ...trpc.rubrics.inForce.queryOptions({ period: year }), retry: false });
  return useMemo(
    () => (version.data && assessment ? partMaxima(parse(version.data.text, { syntaxOnly: true }).ast, assessment) : new Map<string, PartMaximum>()),
    [version.data, assessment],
  );
}

function YearTable({
  units,
  onOpen,
  parts,
  canOpen,
  monthMarks,
}: {
  units: UnitResult[];
  onOpen: (u: UnitResult) => void;
  parts: ReadonlyMap<string, PartMaximum>;
  /** whether the user may open a unit's details (a unit user: their own only; the others' rows are the published ranking) */
  canOpen: (code: string) => boolean;
  /**
   * per unit, the months' sanctions over the year in words (书面说明 3 个月（逾期未交 1 次）): the center's and the
   * leaders' (scores.yearSanctions); undefined when not theirs to see, no column then
   */
  monthMarks?: ReadonlyMap<string, string>;
}) {
  const items = useMemo(() => Col.itemsOf(units), [units]);
  // on a phone the rank and the name narrower: the year's score in view (it was cut to 97…)
  const phone = usePhone();
  const columns: Col.UnitColumn[] = [
    Col.rank(phone ? 64 : 76),
    Col.unit(phone ? 120 : 200, (u) =>
      canOpen(u.unit.code) ? (
        <Button type="link" style={{ paddingInline: 0 }} onClick={() => onOpen(u)} data-testid={`year-unit-${u.unit.code}`}>
          {u.unit.name}
        </Button>
      ) : (
        <span data-testid={`year-unit-name-${u.unit.code}`}>{u.unit.name}</span>
      ),
    ),
    Col.score("年终成绩", "分", 110),
    ...items.map((item) => Col.item(item, 150, { part: parts.get(item.code), testId: "year-col" })),
    Col.volume("全年计入考核的工单数", 90),
    ...Col.marks(units, 110),
    ...(monthMarks
      ? [
          {
            title: (
              <Tooltip title="各计入月份中单位须书面说明（或受规则中其他月度处理）的月数；括号内为其中逾期提交、逾期未交书面说明的次数（每月至多一次，按各月的说明提交截止时间）">
                <span>月度处理（月数）</span>
              </Tooltip>
            ),
            key: "month-marks",
            width: 170,
            render: (_: unknown, u: UnitResult) => (
              <span data-testid={`year-month-marks-${u.unit.code}`}>
                {monthMarks.get(u.unit.code) || <Typography.Text type="secondary">无</Typography.Text>}
              </span>
            ),
          } satisfies Col.UnitColumn,
        ]
      : []),
    {
      title: "操作",
      key: "open",
      className: "kh-no-print",
      width: 110,
      align: "center",
      render: (_, u) =>
        canOpen(u.unit.code) ? (
          <Button size="small" icon={<ProfileOutlined />} onClick={() => onOpen(u)} data-testid={`year-detail-${u.unit.code}`}>
            考核明细
          </Button>
        ) : null,
    },
  ];
  return <Col.UnitTable columns={columns} units={units} rowTestId="year-row" data-testid="year-table" />;
}

/**
 * The unit's score and rank in each month the year counts. A unit user is shown the months opened to the units only
 * (scores.trend): a year published before its months were opened listed two months of twelve, unsaid, beside a mean of
 * twelve in the calculation above it (a walk) — the months left out are said.
 */
function MonthlyScores({ points, months }: { points: TrendPoint[]; months: string[] }) {
  const rows = points.filter((p) => months.includes(p.month));
  const unshown = months.filter((m) => !rows.some((p) => p.month === m));
  return (
    <>
      <Table<TrendPoint>
        rowKey="month"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: unshown.length > 0 ? "计入的月份都未向各单位开放" : "本年度没有计分月份" }}
        columns={[
          { title: "月份", dataIndex: "month", render: (m: string) => monthLabel(m) },
          { title: "投诉件办理得分", dataIndex: "score", align: "right", render: (s: number | null) => <Num value={s} /> },
          {
            title: "类别内排名",
            align: "right",
            render: (_, p) => (p.rank === null ? "不排名" : `第 ${p.rank} / ${p.groupSize} 名`),
          },
        ]}
        data-testid="year-monthly-scores"
      />
      {unshown.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }} data-testid="year-monthly-unshown">
          {monthsInWords(unshown)}的结果未向各单位开放，这里不列出其名次；年终成绩按计入的全部 {months.length}{" "}
          个月平均，各月得分见上方“年终成绩构成”的计算过程。
        </Typography.Paragraph>
      )}
    </>
  );
}

/**
 * The yearly assessments that feed the year-end score (for Huantai 2017: 综合管理, Annex 1 items 1.1–11.2),
 * found in the rubric in force by the same parser the editor uses, each scored item by item.
 */
function YearChecklists({ year, unitCode, ranked, onDrill }: { year: string; unitCode: string; ranked: string; onDrill: (t: DrilldownTarget) => void }) {
  const trpc = useTRPC();
  const version = useQuery(trpc.rubrics.inForce.queryOptions({ period: year }));
  const names = useMemo(() => {
    if (!version.data) return [];
    return parse(version.data.text, { syntaxOnly: true })
      .ast.declarations.filter((x) => x.kind === "assessment" && x.schedule === "yearly" && x.name !== ranked)
      .map((x) => ({ name: (x as { name: string }).name, label: (x as { label: string | null }).label }));
  }, [version.data, ranked]);
  return (
    <>
      {names.map((a) => (
        <YearChecklist key={a.name} year={year} unitCode={unitCode} assessment={a.name} label={a.label ?? a.name} onDrill={onDrill} />
      ))}
    </>
  );
}

function YearChecklist({
  year,
  unitCode,
  assessment,
  label,
  onDrill,
}: {
  year: string;
  unitCode: string;
  assessment: string;
  label: string;
  onDrill: (t: DrilldownTarget) => void;
}) {
  const trpc = useTRPC();
  const q = useQuery(trpc.scores.unitDetail.queryOptions({ period: year, unitCode, assessment }));
  return (
    <div data-testid={`year-checklist-${assessment}`}>
      <Typography.Title level={5}>
        {label}
        {q.data && (
          <Typography.Text type="secondary" style={{ fontWeight: "normal", marginLeft: 8 }}>
            合计 {fixed(q.data.unit.published)} 分
          </Typography.Text>
        )}
      </Typography.Title>
      {q.isPending ? (
        <Skeleton active />
      ) : q.data ? (
        <ItemTable items={q.data.unit.items} onDrill={onDrill} testIdPrefix={`year-checklist-row`} compact />
      ) : (
        <Typography.Text type="secondary">{errorText(q.error)}</Typography.Text>
      )}
    </div>
  );
}

function UnitYearDrawer({
  year,
  unit,
  months,
  parts,
  published,
  onClose,
}: {
  year: string;
  unit: UnitResult | null;
  months: string[];
  parts: ReadonlyMap<string, PartMaximum>;
  /** the year is published: `unit` is its frozen result, the details below are scored from the data now */
  published: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [drill, setDrill] = useState<DrilldownTarget | null>(null);
  const code = unit?.unit.code ?? "";
  const detail = useQuery({ ...trpc.scores.unitDetail.queryOptions({ period: year, unitCode: code }), enabled: unit !== null });
  const trend = useQuery({ ...trpc.scores.trend.queryOptions({ unitCode: code, endMonth: `${year}-12`, months: 12 }), enabled: unit !== null });
  useErrorMessage(detail.error);
  const d = detail.data;
  return (
    <Drawer
      open={unit !== null}
      onClose={onClose}
      size={880}
      destroyOnHidden
      title={
        unit && (
          <Space size={8}>
            <span>{unit.unit.name}</span>
            <Tag color="red">{unit.unit.category}</Tag>
            <Typography.Text type="secondary" style={{ fontWeight: "normal" }}>
              {year}年度考核明细
            </Typography.Text>
          </Space>
        )
      }
      extra={
        unit && (
          <Link to={`/units/${encodeURIComponent(unit.unit.code)}?period=${year}`} data-testid="year-unit-page-link">
            单位详情页
          </Link>
        )
      }
      data-testid="year-unit-drawer"
    >
      {unit && (
        <Space orientation="vertical" size={20} style={{ width: "100%" }}>
          <Descriptions bordered size="small" column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label="年终成绩">
              <Typography.Text
                strong
                style={{ color: TONE_COLOR[scoreTone(unit, pointsLost(unit.items, parts, unit.published, unit.outOf))], fontSize: 16 }}
                data-testid="year-unit-score"
              >
                {fixed(unit.published)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="排名">{unit.ranked && unit.rank !== null ? `${unit.group} 第 ${unit.rank} 名` : "不排名"}</Descriptions.Item>
            <Descriptions.Item label="全年承办量">{unit.volume} 件</Descriptions.Item>
          </Descriptions>

          {published && d && d.unit.published !== unit.published && (
            <Alert
              type="warning"
              showIcon
              data-testid="year-drawer-stale"
              title={`发布后数据有变动：按当前数据，年终成绩为 ${fixed(d.unit.published)}，发布时为 ${fixed(unit.published)}`}
              description="以下构成、各月得分与综合管理各项按当前数据计算；上方的年终成绩与排名是发布时冻结的结果。考核管理员可在年度页预览差异并重新发布。"
            />
          )}
          <div>
            <Typography.Title level={5}>年终成绩构成</Typography.Title>
            {detail.isPending ? (
              <Skeleton active />
            ) : d ? (
              <ItemTable items={d.unit.items} onDrill={setDrill} testIdPrefix="year-item-row" compact parts={parts} />
            ) : (
              <Result status="warning" title="无法显示考核明细" subTitle={errorText(detail.error)} />
            )}
          </div>

          <div>
            <Typography.Title level={5}>计入年度的月度成绩</Typography.Title>
            {trend.isPending ? (
              <Skeleton active paragraph={{ rows: 3 }} />
            ) : trend.data ? (
              <MonthlyScores points={trend.data.points} months={months} />
            ) : (
              <Typography.Text type="secondary">{errorText(trend.error)}</Typography.Text>
            )}
          </div>
          {d && <YearChecklists year={year} unitCode={code} ranked={d.assessment.name} onDrill={setDrill} />}
          {d && <DrilldownModal period={year} unit={d.unit.unit} target={drill} onClose={() => setDrill(null)} />}
        </Space>
      )}
    </Drawer>
  );
}

/**
 * `/year` names no year: the year of the latest month with data — for those who see published results only (a unit
 * user), the latest published year, as `/ranking` leads them to the latest published month.
 */
export function YearPage() {
  const { year } = useParams();
  const latest = useLatestMonth();
  const [search] = useSearchParams();
  const trpc = useTRPC();
  const publishedOnly = !useAuth().can("results.read");
  const cycles = useQuery({ ...trpc.cycle.list.queryOptions({ years: true }), enabled: publishedOnly && !year });
  if (year && !validYear(year)) return <BadPeriod text={year} kind="year" to={latest ? `/year/${latest.slice(0, 4)}` : null} />;
  if (year) return <YearResults year={year} latestYear={latest?.slice(0, 4)} />;
  const asked = periodInQuery(search, "year", validYear, "/year", latest?.slice(0, 4) ?? null);
  if (asked) return asked;
  // the periods opened or published, latest first: the latest published year's
  const published = cycles.data?.find((c) => isYear(c.period) && c.publication)?.period;
  const target = publishedOnly ? (cycles.isPending ? undefined : (published ?? latest?.slice(0, 4))) : latest?.slice(0, 4);
  if (!target) return <Skeleton active paragraph={{ rows: 8 }} />;
  return <Navigate to={`/year/${target}${search.size ? `?${search}` : ""}`} replace />;
}

function YearResults({ year, latestYear }: { year: string; latestYear: string | undefined }) {
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const current = usePeriodResult(year);
  // the arrows step through the years a published rubric is in force, up to the latest with data
  const visibleYears = useVisibleYears();
  const { can, user } = useAuth();
  // previews of a year not published, and every unit's details: results.read; a unit user sees its own category's
  // published year-end ranking only (as the monthly one), and opens its own unit's details
  const preview = can("results.read");
  const ownUnit = user?.role === "unit" ? (user.unitCode ?? null) : null;
  const canOpen = (code: string) => can("unit.read") && (user?.role !== "unit" || code === ownUnit);
  // what to do about missing data: said to those who import it, not to those who only read the results
  const mayImport = can("data.import");
  const [open, setOpen] = useState<UnitResult | null>(null);
  useErrorMessage(current.error);

  const result = current.result;
  // a year not yet begun cannot be published (the server refuses it): said, and the button off, as a month's ranking does
  const notBegun = periodNotBegun(year, result);
  const units = result?.units ?? [];
  const { groups, activeGroup, labels } = useResultGroups(result, search.get("group"));
  const months = result?.months ?? [];
  const parts = useYearParts(year, result?.assessment.name);
  const unopenedMonths = useUnopenedMonths(months);
  // how often each unit owed a written explanation over the year, and handed it in late or never: the center's and the leaders'
  const trpc = useTRPC();
  const yearSanctions = useQuery(trpc.scores.yearSanctions.queryOptions(preview && result && !notBegun ? { year } : skipToken));
  const monthMarks = useMemo(() => (yearSanctions.data ? new Map(yearSanctions.data.map((u) => [u.unitCode, u.text])) : undefined), [yearSanctions.data]);
  // a month it averages whose data ends before that month's assessment time (December's, at the end of January): said
  // again before opening the year and before publishing it, as a month's ranking does
  const staleData = current.warnings.find((w) => w.code === "data-before-as-of")?.zh;
  // the months the rubric is in force in, when not all year (those before are not the data's to leave out)
  const partOfYear = current.warnings.find((w) => w.code === "part-of-year")?.months ?? null;
  // scored now, a year none of whose months has data (no unit has an order received in it): no ranking is shown, nor
  // published, opened, exported or bulletined, as a month without data — every unit at full marks, tied first, was
  // shown and publishable on a confirmation (a new county's first run). A published year is its publication.
  const noData = current.noData && !notBegun;
  const noDataReason = `${year}年度无数据（各单位本年都没有工单）：导入本年工单后才有考核结果`;
  // why the year's bulletin and table cannot be had yet, if they cannot
  const exportWithheld = notBegun ? notBegunExportReason(year) : noData ? noDataReason : undefined;
  useEffect(() => rememberPeriod(year), [year]);

  const header = (
    <Card>
      <div className="kh-page-header">
        <Space align="baseline" size={12}>
          <Typography.Title level={3}>年度考核</Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 16 }}>
            {year}年度{result?.assessment.label ? ` · ${result.assessment.label}` : ""}
          </Typography.Text>
        </Space>
        <Space wrap className="kh-no-print">
          <YearPicker
            value={year}
            years={visibleYears}
            onChange={(y) => navigate(`/year/${y}${activeGroup ? `?group=${encodeURIComponent(activeGroup)}` : ""}`)}
          />
          {ownUnit && (
            <Link to={`/units/${encodeURIComponent(ownUnit)}?period=${year}`} data-testid="own-unit-link">
              <Button>本单位年度得分明细</Button>
            </Link>
          )}
          {can("results.publish") && (
            <PublishButton
              period={year}
              publication={current.publication}
              unitCount={units.length}
              disabled={!result || notBegun || noData}
              disabledReason={noData ? noDataReason : undefined}
              empty={result !== undefined && months.length === 0}
              months={months}
              missingFacts={current.missingFacts}
              ends={result?.window.end}
              staleData={staleData}
            />
          )}
          <YearBulletinButton year={year} disabled={!result || exportWithheld !== undefined} disabledReason={exportWithheld} />
          <YearExportButton year={year} disabled={!result || exportWithheld !== undefined} disabledReason={exportWithheld} />
        </Space>
      </div>
      <Space orientation="vertical" size={6} style={{ marginTop: 6 }}>
        <Space size={16} wrap>
          <RubricUsed rubric={current.rubric} snapshot={current.snapshot} />
          <PublicationStatus publication={current.publication} period={year} />
          {/* the year's cycle: opened to the units for their objections before it is published */}
          {!notBegun && (
            <CycleSummary month={year} notBegun={notBegun} staleData={staleData} unopenedMonths={unopenedMonths} noData={noData ? noDataReason : undefined} />
          )}
        </Space>
        {result && (
          <Space size={6} wrap className="kh-meta" data-testid="year-months">
            <span>计入月份：</span>
            <Typography.Text>{monthsInWords(months)}</Typography.Text>
            <Tooltip title="考核规则施行且有工单数据的月份，其投诉件办理得分的平均计入年终成绩">
              <Typography.Text type="secondary">（共 {months.length} 个月）</Typography.Text>
            </Tooltip>
            {preview && <MonthStages months={months} />}
          </Space>
        )}
      </Space>
      {notBegun && result && <NotBegunNotice start={result.window.start} kind="year" />}
      {result && months.length === 0 && !notBegun && !noData && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title="本年没有计入年终成绩的月份"
          description={`${year}年尚无考核规则施行且有工单数据的月份：各单位都按无工单计分、并列排名，结果不反映实际工作。${mayImport ? "请先在“数据”页导入本年工单。" : ""}`}
          data-testid="no-months-notice"
        />
      )}
      {/* a published year is its snapshot: FreshnessNotice says how the data differs from it */}
      {!current.publication && <ChangedMonthsNotice months={months} />}
      {!current.publication && result && !noData && <EndedWithoutDataNotice year={year} months={months} inForce={partOfYear} mayImport={mayImport} />}
      <UnassessedNotice unassessed={current.unassessed} period="本年度" />
      <JoiningLeavingNotice units={current.joiningLeaving} period="本年度" />
      {/* a year without orders is the notice above's to say; the months a part of a year counts, 计入月份's */}
      <PeriodWarningsNotice warnings={current.warnings.filter((w) => w.code !== "no-orders" && w.code !== "part-of-year")} />
      {!notBegun && <MissingFactsNotice year={year} missing={current.missingFacts} units={units.length} />}
      <FreshnessNotice
        period={year}
        publication={current.publication}
        detailNote="单位明细中的年终成绩构成、各月得分与综合管理各项按当前数据计算，可能与之不一致，重新发布后一致"
      />
    </Card>
  );

  // not published, and this user sees published results only (a year in preview is the center's and the units' own
  // pages' to show: no other unit's figures)
  const unpublished = !preview && current.publication === null && !current.isPending && !current.error;
  // a unit's user: whether the year is opened to the units, its own year page showing it then; not opened, that page
  // only says so, and a button to it was a dead end (a unit's walk)
  const ownStage = useQuery(trpc.cycle.get.queryOptions(ownUnit && unpublished && !notBegun ? { period: year } : skipToken));
  const ownYearClosed = ownStage.data?.stage === "closed";
  let body: ReactNode = unpublished ? (
    <Card>
      {notBegun ? (
        <Result status="info" title="本年度尚未开始" subTitle={`${year}年度尚未开始，还没有考核结果。请选择已发布的年度。`} data-testid="not-begun" />
      ) : (
        <Result
          status="info"
          title="本年度结果尚未发布"
          subTitle={
            ownYearClosed
              ? `${year}年度的考核结果尚未向各单位开放：向各单位开放后可在本单位的页面查看本单位的年度成绩，发布后可在此查看本类别的排名。`
              : `${year}年度的考核结果发布后即可在此查看本类别的排名；本单位的年度成绩在本单位的页面。`
          }
          extra={
            ownUnit &&
            ownStage.data &&
            !ownYearClosed && (
              <Link to={`/units/${encodeURIComponent(ownUnit)}?period=${year}`} data-testid="not-published-own-unit">
                <Button type="primary">查看本单位{year}年度成绩</Button>
              </Link>
            )
          }
          data-testid="not-published"
        />
      )}
    </Card>
  ) : (
    resultStates({
      pending: current.isPending,
      error: current.error,
      hasResult: Boolean(result),
      empty: units.length === 0,
      title: `${year}年度没有考核结果`,
      hint: "请选择其他年度",
      notInForce: notInForceText(`${year}年度`, can),
      notInForceLink: notInForceLinkText(can),
      extra: latestYear && year !== latestYear && (
        <Button type="primary" onClick={() => navigate(`/year/${latestYear}`)}>
          查看{latestYear}年度
        </Button>
      ),
      emptyText: mayImport ? "本年度没有参评单位：请先在“数据”页导入单位名单和工单" : "本年度没有参评单位",
      emptyImport: mayImport,
    })
  );
  // a year without data has none either: said as what it is, with what to import
  if (body === null && noData) {
    body = (
      <Card>
        <NoDataResult month={year} latest={latestYear} canImport={mayImport} testId="year-no-data" />
      </Card>
    );
  }
  // a year not yet begun has no ranking to show, as a month (the notice above says when it begins)
  if (body === null && !notBegun) {
    // a unit user sees its own category's ranking only: its figures are that category's, and say so
    const scope = ownUnit !== null && groups.length === 1 ? `（${groups[0]}）` : "";
    body = (
      <GroupedResults
        figures={[
          unitsFigure(units, groups),
          meanFigure("平均年终成绩", units, groups),
          { key: "months", title: "计入月份", value: months.length, suffix: "个月", note: months.length ? monthsInWords(months) : "无计分月份" },
          { key: "volume", title: "全年承办量", value: units.reduce((s, u) => s + u.volume, 0), suffix: "件", note: "计入考核的工单合计" },
        ].map((f) => (f.key === "months" ? f : { ...f, title: `${f.title}${scope}` }))}
        groups={groups}
        labels={labels}
        units={units}
        active={activeGroup}
        onChange={(g) => setSearch({ group: g }, { replace: true })}
        render={(members, _g) => <YearTable units={members} onOpen={setOpen} parts={parts} canOpen={canOpen} monthMarks={monthMarks} />}
      />
    );
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      {header}
      {body}
      <UnitYearDrawer year={year} unit={open} months={months} parts={parts} published={Boolean(current.publication)} onClose={() => setOpen(null)} />
    </Space>
  );
}

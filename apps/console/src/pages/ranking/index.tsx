/** 月度排名: a month's handling results per category, with publication and the XLSX report. */
import { DownloadOutlined } from "@ant-design/icons";
import { roundingFootnote } from "@kaohe/services/rounding";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Result, Segmented, Skeleton, Space, Tag, Tooltip, Typography } from "antd";
import { type ReactNode, useEffect, useMemo } from "react";
import { Link, Navigate, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { BulletinButton } from "../../components/bulletin/bulletin-dialog.tsx";
import { CycleSummary } from "../../components/responses/cycle-summary.tsx";
import { RankChange } from "../../components/results/cells.tsx";
import { GroupedResults } from "../../components/results/group-tabs.tsx";
import { indicatorText, notInForceLinkText, notInForceText, useErrorMessage } from "../../components/results/helpers.ts";
import { MonthPicker } from "../../components/results/period-picker.tsx";
import { FreshnessNotice, PublicationHistoryButton, PublicationStatus, PublishButton, RubricUsed } from "../../components/results/publication.tsx";
import { BadPeriod, NoDataResult, NotBegunNotice, periodInQuery, resultStates } from "../../components/results/result-states.tsx";
import { explanationsFigure, meanFigure, unitsFigure } from "../../components/results/stats.tsx";
import type { UnitResult } from "../../components/results/types.ts";
import { JoiningLeavingNotice, PeriodWarningsNotice, UnassessedNotice } from "../../components/results/unassessed-notice.tsx";
import * as Col from "../../components/results/unit-columns.tsx";
import { type PeriodResultState, usePeriodResult } from "../../components/results/use-period-result.ts";
import { useResultGroups } from "../../components/results/use-result-groups.ts";
import { useVisibleMonths } from "../../components/results/use-visible-months.ts";
import { useAuth } from "../../lib/auth.tsx";
import { monthLabel } from "../../lib/format.ts";
import { notBegunExportReason, periodNotBegun, validMonth } from "../../lib/period-address.ts";
import { rememberPeriod, useLatestMonth } from "../../lib/periods.ts";
import { useTRPC } from "../../lib/trpc.ts";
import "../../components/results/results.css";
import { addMonths, formatShanghai, isMonth, periodLabel } from "@kaohe/time";

/** A unit without a single order in the month: the rubric's "when zero" rules give it its score, not its work. */
export const hasNoOrders = (u: UnitResult) => u.volume === 0;

function NoOrdersTag() {
  return (
    <Tooltip title="本月没有派给该单位并计入考核的工单：各项按规则中“无工单”的规定计分，得分与名次不反映实际办理情况">
      <Tag color="gold" style={{ marginInlineEnd: 0, marginInlineStart: 6 }} data-testid="no-orders-tag">
        本月无工单
      </Tag>
    </Tooltip>
  );
}

function RankingTable({
  month,
  assessment,
  units,
  previous,
  previousLabel,
  canOpen,
  markNoOrders,
  decimals,
}: {
  month: string;
  /** the rubric's decimals (`round 2 decimals`) */
  decimals: number;
  /** another ranked assessment than the main one (季度考核): the unit pages show it; no change against last month */
  assessment: string | null;
  units: UnitResult[];
  /** whether the user may open a unit's page (a unit user: their own only) */
  canOpen: (code: string) => boolean;
  /** last month's published ranks; why they are not compared with (a sentence); undefined while they are being read */
  previous: PreviousRanks | string | undefined;
  /** last month, as the page names it (2018年10月) */
  previousLabel: string;
  /** mark the units without orders (not when no unit has any: the page says so once) */
  markNoOrders: boolean;
}) {
  const items = useMemo(() => Col.itemsOf(units), [units]);
  const moveColumn: Col.UnitColumn = {
    title: (
      <Tooltip
        title={
          previous === undefined
            ? `正在读取${previousLabel}的名次…`
            : typeof previous === "string"
              ? previous
              : `与${previousLabel}已发布的名次相比；本月或上月无工单的单位不比较`
        }
      >
        <div className="kh-col-title" style={{ alignItems: "center" }}>
          名次变化<small>较上月</small>
        </div>
      </Tooltip>
    ),
    key: "move",
    // its four characters and the cell's 16 px: 72
    width: 76,
    align: "center",
    render: (_, u) => {
      const compared = typeof previous === "object";
      // a unit without a single order scores by the rules' no-order provisions, on a place it did not work for
      const notCompared = !compared
        ? previous
        : hasNoOrders(u)
          ? "本月无工单，不比较名次"
          : previous.noOrders.has(u.unit.code)
            ? "上月无工单，不比较名次"
            : undefined;
      return (
        <RankChange
          current={u.ranked ? u.rank : null}
          previous={compared ? previous.ranks.get(u.unit.code) : undefined}
          hasPrevious={compared}
          loading={previous === undefined}
          notCompared={notCompared}
        />
      );
    },
  };
  // a card holds 992 px at 1280 px (1280 − menu 190 − 2 × 24 − 2 × 24 − borders 2): with Huantai's five items the
  // columns came to 1000, and every ranking scrolled sideways at 1280, 标记 cut at the edge (a walk); 得分 and 名次变化,
  // wider than their headings need, gave 12 px of it (988)
  const columns: Col.UnitColumn[] = [
    Col.rank(64, "left"),
    Col.unit(
      156,
      (u) => (
        <>
          {canOpen(u.unit.code) ? (
            <Link
              to={`/units/${encodeURIComponent(u.unit.code)}?period=${month}${assessment ? `&assessment=${encodeURIComponent(assessment)}` : ""}`}
              data-testid={`unit-link-${u.unit.code}`}
            >
              {u.unit.name}
            </Link>
          ) : (
            <span data-testid={`unit-name-${u.unit.code}`}>{u.unit.name}</span>
          )}
          {markNoOrders && hasNoOrders(u) && <NoOrdersTag />}
        </>
      ),
      "left",
    ),
    Col.score("得分", "满分 100", 80),
    ...items.map((item) => Col.item(item, 88, { muteFullMarks: true })),
    // the rubric's `report` values: shown beside the score, not scored
    ...(units[0]?.indicators ?? []).map(
      (x, index): Col.UnitColumn => ({
        title: (
          <Tooltip title="只通报，不计分">
            <Col.Title note="只通报">{x.label ?? x.name}</Col.Title>
          </Tooltip>
        ),
        key: `indicator-${x.name}`,
        width: 96,
        align: "right",
        render: (_, u) => <span className="kh-num">{indicatorText(u.indicators?.[index])}</span>,
      }),
    ),
    Col.volume(assessment ? "本考核期计入考核的工单数" : "本月计入考核的工单数", 72, (v) => v === 0 && markNoOrders),
    ...(assessment ? [] : [moveColumn]),
    ...Col.marks(units, 100),
  ];
  // a row whose items as shown do not add up to its score (each rounded on its own): said under the table, where people
  // add the columns up (the unit's page said so, the ranking did not: a walk)
  const footnote = roundingFootnote(units, decimals);
  return (
    <>
      <Col.UnitTable columns={columns} units={units} rowTestId="rank-row" size="middle" data-testid="ranking-table" />
      {footnote && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "8px 12px 0" }} data-testid="ranking-rounding-note">
          {footnote}
        </Typography.Paragraph>
      )}
    </>
  );
}

/** Last month's ranks as a month is compared with them. */
interface PreviousRanks {
  /** the ranked units' places in the group (a unit that changed group counts as new) */
  ranks: Map<string, number>;
  /** units without a single order last month: their place says nothing of their work, and is not compared with */
  noOrders: Set<string>;
}

/**
 * Last month's published ranks in a group, or why there is nothing to compare with. Only a published result is
 * compared with (as the bulletin does): a preview may still change, and those who see published months only would
 * read other changes than the center.
 */
function previousRanks(prev: PeriodResultState, prevLabel: string, inForce: boolean, group: string): PreviousRanks | string {
  const result = prev.publication ? prev.result : undefined;
  if (!inForce) return `${prevLabel}无考核结果`;
  if (!result) return `${prevLabel}结果尚未发布，不比较名次`;
  // a month with no orders at all ranks everyone alike: there is nothing to compare against
  if (result.units.every(hasNoOrders)) return `${prevLabel}没有工单，不比较名次`;
  const ranks = new Map<string, number>();
  const noOrders = new Set<string>();
  for (const u of result.units) {
    if (hasNoOrders(u)) noOrders.add(u.unit.code);
    else if (u.group === group && u.ranked && u.rank !== null) ranks.set(u.unit.code, u.rank);
  }
  return { ranks, noOrders };
}

/**
 * `/ranking` names no month: the latest month with data — for those who see published months only, the latest
 * published; for the 只读 leader too, who reads results and does not make them (a preview on data still coming was
 * taken at a glance for the final ranks: a walk), the newer preview then said on the month shown, one click away.
 */
export function RankingPage() {
  const { month } = useParams();
  const latest = useLatestMonth();
  const [search] = useSearchParams();
  const trpc = useTRPC();
  const { can, user } = useAuth();
  const publishedOnly = !can("results.read");
  const publishedFirst = publishedOnly || user?.role === "viewer";
  const cycles = useQuery({ ...trpc.cycle.list.queryOptions(), enabled: publishedFirst && !month });
  if (month && !validMonth(month)) return <BadPeriod text={month} kind="month" to={latest ? `/ranking/${latest}` : null} />;
  if (month) return <MonthRanking month={month} latest={latest} />;
  const asked = periodInQuery(search, "month", validMonth, "/ranking", latest ?? null);
  if (asked) return asked;
  // the months opened or published, latest first
  const published = cycles.data?.find((c) => c.publication)?.period;
  const target = publishedFirst ? (cycles.isPending ? undefined : (published ?? latest)) : latest;
  if (!target) return <Skeleton active paragraph={{ rows: 8 }} />;
  const newer: NewerPreview | undefined = !publishedOnly && latest && target < latest ? { newerPreview: latest } : undefined;
  return <Navigate to={`/ranking/${target}${search.size ? `?${search}` : ""}`} replace state={newer} />;
}

/** What `/ranking` tells the month it led the leader to: the newer month it passed over, a preview. */
interface NewerPreview {
  newerPreview: string;
}

/** The leader led to the latest published month past a newer preview: said, with the way to it. */
function NewerPreviewNotice({ month }: { month: string }) {
  const state = useLocation().state as Partial<NewerPreview> | null;
  const newer = state?.newerPreview;
  if (!newer || !isMonth(newer) || newer <= month) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 12 }}
      title={`这是最近已发布的${monthLabel(month)}排名。${monthLabel(newer)}的结果尚未发布，是按目前数据计算的预览，发布前可能变化。`}
      action={
        <Link to={`/ranking/${newer}`} data-testid="newer-preview-link">
          查看{monthLabel(newer)}预览
        </Link>
      }
      data-testid="newer-preview-notice"
    />
  );
}

function MonthRanking({ month, latest }: { month: string; latest: string | undefined }) {
  const monthText = monthLabel(month);
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const trpc = useTRPC();
  const { user, can } = useAuth();
  // previews of unpublished months, history and checks against the data: results.read; a unit user sees published months only
  const preview = can("results.read");
  const ownUnit = user?.role === "unit" ? user.unitCode : null;
  const canOpen = (code: string) => can("unit.read") && (user?.role !== "unit" || code === ownUnit);
  const current = usePeriodResult(month);
  // the arrows step through the months whose ranking this user can see (a unit user: the published ones)
  const visibleMonths = useVisibleMonths("ranking");
  // the rubric may rank more than one assessment (a monthly and a quarterly ranking): the main one is published; the others are scored now
  const ranked = useQuery(trpc.scores.assessments.queryOptions(preview ? { period: month } : skipToken));
  const choices = ranked.data?.assessments ?? [];
  const asked = search.get("assessment");
  // the name in the address is known to be one of this month's once the list is read (another month's rubric may not rank it)
  const askedKnown = asked === null || !preview || !ranked.isPending;
  const other = asked !== null && choices.some((a) => a.name === asked && !a.main) ? asked : null;
  const unknownAsked = asked !== null && ranked.isSuccess && !choices.some((a) => a.name === asked) ? asked : null;
  const otherResult = useQuery(trpc.scores.month.queryOptions(other !== null && preview ? { month, assessment: other } : skipToken));
  const chooseAssessment = (name: string) => {
    const next = new URLSearchParams(search);
    if (choices.find((a) => a.name === name)?.main) next.delete("assessment");
    else next.set("assessment", name);
    setSearch(next, { replace: true });
  };
  const versions = useQuery(trpc.rubrics.list.queryOptions());
  const prevMonth = isMonth(month) ? addMonths(month, -1) : null;
  // the previous month is asked for only when a published version covers it: a month before the first rubric has no ranking to compare with
  const prevInForce =
    prevMonth !== null &&
    (versions.data ?? []).some((v) => v.status === "published" && v.effectiveFrom <= prevMonth && (v.effectiveUntil === null || v.effectiveUntil >= prevMonth));
  const prev = usePeriodResult(prevMonth ?? month, prevInForce);
  const prevLabel = monthLabel(prevMonth ?? month);
  // the previous month's ranks are not known until the versions are read and, when one was in force, its result
  const previousKnown = !versions.isPending && (!prevInForce || !prev.isPending);
  useErrorMessage(current.error ?? otherResult.error);
  useEffect(() => rememberPeriod(month), [month]);

  const result = other !== null ? otherResult.data : current.result;
  const shown =
    other !== null ? { isPending: otherResult.isPending, error: otherResult.error } : { isPending: current.isPending || !askedKnown, error: current.error };
  /** what follows the month in a link to another month: the chosen assessment, when not the main one (kept even where this month's rubric does not rank it) */
  const kept = other ?? unknownAsked;
  const assessmentQuery = kept !== null ? `assessment=${encodeURIComponent(kept)}` : "";
  const { groups, activeGroup, labels } = useResultGroups(result, search.get("group"));

  const units = result?.units ?? [];
  // a month without a single order: everyone would score alike (see previousRanks)
  // no volume anywhere: no orders imported — unless the month has orders that a population of the rubric leaves out (said below)
  // a month none of whose days has come (a typed address, 2099-12): shown, never opened to the units nor published
  const notBegun = periodNotBegun(month, result);
  // the month's data ends before its assessment time: said again before opening the month and before publishing it
  const staleData = current.warnings.find((w) => w.code === "data-before-as-of")?.zh;
  const noOrders = Boolean(result) && units.length > 0 && units.every((u) => u.volume === 0) && !current.warnings.some((w) => w.code === "empty-population");
  // scored now, a month without data (the year's rule: no unit has an order in it): no ranking is shown, nor published,
  // exported or bulletined — every unit at full marks, tied first, was shown as a result under a warning (a month the
  // trend marks 无数据 opens here). A published month is its publication, shown as published.
  const noData = current.noData && other === null && !notBegun;
  const noDataReason = `${monthText}无数据（各单位都没有工单）：导入本月工单后才有考核结果`;
  const withoutOrders = noOrders ? 0 : units.filter(hasNoOrders).length;

  const header = (
    <Card>
      <div className="kh-page-header">
        <Space align="baseline" size={12}>
          <Typography.Title level={3}>月度排名</Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 16 }}>
            {monthText}
            {result?.assessment.label ? ` · ${result.assessment.label}` : ""}
          </Typography.Text>
        </Space>
        <Space wrap className="kh-no-print">
          <MonthPicker
            value={month}
            months={visibleMonths}
            onChange={(m) => {
              const q = [activeGroup ? `group=${encodeURIComponent(activeGroup)}` : "", assessmentQuery].filter(Boolean).join("&");
              navigate(`/ranking/${m}${q ? `?${q}` : ""}`);
            }}
          />
          {ownUnit && (
            <Link to={`/units/${encodeURIComponent(ownUnit)}?period=${month}`} data-testid="own-unit-link">
              <Button>本单位得分明细</Button>
            </Link>
          )}
          {/* checked here too (the buttons check themselves): in a Space, a component that renders nothing still takes a gap */}
          {can("results.publish") && other === null && (
            <PublishButton
              period={month}
              publication={current.publication}
              unitCount={units.length}
              empty={noOrders}
              ends={result?.window.end}
              staleData={staleData}
              disabled={!result || notBegun || noData}
              disabledReason={noData ? noDataReason : undefined}
            />
          )}
          {preview && other === null && (
            <PublicationHistoryButton
              period={month}
              disabled={!current.publication}
              disabledReason={current.publication ? undefined : "本月尚未发布，还没有发布记录"}
            />
          )}
          {/* a month not begun has no report: the server refuses it, and the buttons say why */}
          {preview && other === null && (
            <BulletinButton
              month={month}
              disabled={!result || notBegun || noData}
              disabledReason={notBegun ? notBegunExportReason(month) : noData ? noDataReason : undefined}
            />
          )}
          {preview && other === null && (
            <Tooltip title={notBegun ? notBegunExportReason(month) : noData ? noDataReason : "下载本月考核通报（Excel）"}>
              <Button
                icon={<DownloadOutlined />}
                href={result && !notBegun && !noData ? `/export/month/${month}.xlsx` : undefined}
                download={`${monthText}考核结果.xlsx`}
                disabled={!result || notBegun || noData}
                data-testid="export-button"
              >
                导出报表
              </Button>
            </Tooltip>
          )}
        </Space>
      </div>
      {choices.length > 1 && (
        <Space size={8} wrap style={{ marginTop: 10 }} className="kh-no-print">
          <Typography.Text type="secondary">排名考核</Typography.Text>
          <Segmented
            value={other ?? choices[0]?.name}
            options={choices.map((a) => ({ value: a.name, label: a.label ?? a.name }))}
            onChange={(v) => chooseAssessment(String(v))}
            data-testid="assessment-picker"
          />
        </Space>
      )}
      {unknownAsked !== null && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={`${monthText}施行的规则没有名为“${unknownAsked}”的排名考核，下面是${choices[0] ? `“${choices[0].label ?? choices[0].name}”` : "主考核"}的排名`}
          description={choices.length > 1 ? `本月可选：${choices.map((a) => a.label ?? a.name).join("、")}` : undefined}
          data-testid="unranked-assessment-notice"
        />
      )}
      {other !== null && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          title={`${result?.assessment.label ?? choices.find((a) => a.name === other)?.label ?? other}${result ? `（考核期 ${periodLabel(result.window.label)}）` : ""}按当前数据计算，仅供查看`}
          description={`发布、通报和导出的是${choices[0] ? `“${choices[0].label ?? choices[0].name}”` : "主考核"}的结果；名次变化只对主考核显示。`}
          data-testid="other-assessment-notice"
        />
      )}
      <NewerPreviewNotice month={month} />
      <Space size={16} wrap style={{ marginTop: 6 }}>
        <RubricUsed rubric={other !== null ? otherResult.data?.rubricVersion : current.rubric} snapshot={other === null && current.snapshot} />
        <PublicationStatus publication={current.publication} period={month} />
        <CycleSummary month={month} notBegun={notBegun} staleData={staleData} noData={noData ? noDataReason : undefined} />
      </Space>
      {/* a month not begun has no orders yet: the notice below says why */}
      {noOrders && !notBegun && !noData && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title="本月无工单数据"
          description={`各单位都按无工单计分、并列排名，结果不反映实际工作。${can("data.import") ? "请先在“数据”页导入本月工单。" : ""}`}
          data-testid="no-orders-notice"
        />
      )}
      {notBegun && result && <NotBegunNotice start={result.window.start} kind="month" />}
      {result && !notBegun && Date.now() < result.window.end && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          title={`本月尚未结束（考核周期至 ${formatShanghai(result.window.end - 1, "date")}）`}
          description="排名按目前已导入的工单计算，本月结束、导入全部工单后才是本月的结果。"
          data-testid="unfinished-notice"
        />
      )}
      {/* why units of equal scores have the places they have (the main assessment's ranking: the rubric's rule) */}
      {other === null && current.rankingRule && (
        <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0", fontSize: 13 }} data-testid="ranking-rule">
          排名规则：{current.rankingRule}
        </Typography.Paragraph>
      )}
      <UnassessedNotice unassessed={current.unassessed} period="本月" />
      <JoiningLeavingNotice units={current.joiningLeaving} period="本月" />
      {/* a month without orders is the notice above's to say */}
      <PeriodWarningsNotice warnings={current.warnings.filter((w) => w.code !== "no-orders")} />
      <FreshnessNotice period={month} publication={current.publication} />
    </Card>
  );

  // not published, and this user sees published results only
  const unpublished = !preview && current.publication === null && !current.isPending && !current.error;
  // a month not begun is never published: not promised to be (by the calendar, the window being the center's to see)
  let body: ReactNode = unpublished ? (
    <Card>
      {notBegun ? (
        <Result status="info" title="本月尚未开始" subTitle={`${monthText}尚未开始，还没有考核结果。请选择已发布的月份。`} data-testid="not-begun" />
      ) : (
        <Result
          status="info"
          title="本月结果尚未发布"
          subTitle={`${monthText}的考核结果发布后即可在此查看。请选择已发布的月份。`}
          data-testid="not-published"
        />
      )}
    </Card>
  ) : (
    resultStates({
      pending: shown.isPending,
      error: shown.error,
      hasResult: Boolean(result),
      empty: units.length === 0,
      title: `${monthText}没有考核结果`,
      hint: "请选择其他月份",
      notInForce: notInForceText(monthText, can),
      notInForceLink: notInForceLinkText(can),
      extra: latest && latest !== month && (
        <Button type="primary" onClick={() => navigate(`/ranking/${latest}`)}>
          查看{monthLabel(latest)}（有数据的最近月份）
        </Button>
      ),
      emptyText: can("data.import") ? "本月没有参评单位：请先在“数据”页导入单位名单和工单" : "本月没有参评单位",
      emptyImport: can("data.import"),
    })
  );
  // a month without data has none either: said as what it is, with what to import (and the rubric in force, above)
  if (body === null && noData) {
    body = (
      <Card>
        <NoDataResult month={month} latest={latest} canImport={can("data.import")} testId="no-data" />
      </Card>
    );
  }
  // a month not yet begun has no ranking to show (every unit at full marks, ranked 1 … n, said nothing: a walk); the
  // notice above says when it begins
  if (body === null && !notBegun) {
    // a unit user sees its own category's ranking only: its figures are that category's, and say so
    const scope = ownUnit !== null && groups.length === 1 ? `（${groups[0]}）` : "";
    body = (
      <GroupedResults
        figures={[
          unitsFigure(units, groups),
          meanFigure("平均分", units, groups),
          explanationsFigure(units),
          {
            key: "volume",
            title: "承办量合计",
            value: units.reduce((s, u) => s + u.volume, 0),
            suffix: "件",
            note: withoutOrders
              ? `计入考核的工单；${withoutOrders} 家单位本月无工单`
              : other !== null && result
                ? `考核期 ${periodLabel(result.window.label)} 受理并计入考核的工单`
                : "本月受理并计入考核的工单",
          },
        ].map((f) => ({ ...f, title: `${f.title}${scope}` }))}
        groups={groups}
        labels={labels}
        units={units}
        active={activeGroup}
        onChange={(g) => setSearch(kept !== null ? { group: g, assessment: kept } : { group: g }, { replace: true })}
        render={(members, g) => (
          <RankingTable
            month={month}
            assessment={other}
            units={members}
            previous={previousKnown ? previousRanks(prev, prevLabel, prevInForce, g) : undefined}
            previousLabel={prevLabel}
            canOpen={canOpen}
            markNoOrders={!noOrders}
            decimals={result?.decimals ?? 2}
          />
        )}
      />
    );
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      {header}
      {body}
    </Space>
  );
}

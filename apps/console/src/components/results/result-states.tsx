/** What a results page shows before it has a table: loading, no result (with why), or no units. */
import { TABLE_FILE_TYPES_TEXT } from "@kaohe/data/file-names";
import { formatShanghai, isYear } from "@kaohe/time";
import { Alert, Button, Card, Empty, Result, Skeleton, Space } from "antd";
import type { ReactNode } from "react";
import { Link, Navigate, useNavigate } from "react-router";
import { monthLabel } from "../../lib/format.ts";
import { echoed } from "../../lib/period-address.ts";
import { errorText, isNotInForce } from "../../lib/trpc.ts";

export function resultStates(o: {
  pending: boolean;
  error: unknown;
  hasResult: boolean;
  empty: boolean;
  /** e.g. "2018年3月没有考核结果" */
  title: string;
  /** shown when there is no error to explain it */
  hint: string;
  /** said when no rubric version is in force (notInForceText: what this user can do about it), for the server's words */
  notInForce?: string;
  /** the words of a button to the 规则 page beside notInForce (notInForceLinkText), null for a user who cannot act there */
  notInForceLink?: string | null;
  extra?: ReactNode;
  emptyText: string;
  /** a button to the 数据 page under emptyText, for a user who may import (the units list is the first file of all) */
  emptyImport?: boolean;
}): ReactNode | null {
  if (o.pending)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  // a period no rubric version is in force for (a month before the first): nothing to retry, the way to one that has
  if (o.error && isNotInForce(o.error))
    return (
      <Card>
        <Result
          status="warning"
          title={o.title}
          subTitle={o.notInForce ?? errorText(o.error)}
          extra={
            <Space wrap>
              {o.notInForceLink && (
                <Link to="/rubrics">
                  <Button type="primary" data-testid="not-in-force-rubrics">
                    {o.notInForceLink}
                  </Button>
                </Link>
              )}
              {o.extra}
            </Space>
          }
          data-testid="result-not-in-force"
        />
      </Card>
    );
  // a failure to ask (the server unreachable, a refusal) is not "no results": said as what it is, with a retry
  if (o.error)
    return (
      <Card>
        <Result
          status="error"
          title="无法显示考核结果"
          subTitle={errorText(o.error)}
          extra={
            <Button type="primary" onClick={() => window.location.reload()} data-testid="result-retry">
              重试
            </Button>
          }
          data-testid="result-error"
        />
      </Card>
    );
  if (!o.hasResult)
    return (
      <Card>
        <Result status="warning" title={o.title} subTitle={o.hint} extra={o.extra} />
      </Card>
    );
  if (o.empty)
    return (
      <Card>
        <Empty description={o.emptyText}>
          {o.emptyImport && (
            <Link to="/data">
              <Button type="primary" data-testid="no-units-import">
                去导入数据
              </Button>
            </Link>
          )}
        </Empty>
      </Card>
    );
  return null;
}

const PERIOD_WORDS = {
  month: { what: "月份", form: "2018-11" },
  year: { what: "年度", form: "2018" },
  period: { what: "考核期", form: "2018-11（月）或 2018（年）" },
};

/**
 * An address that names no real month or year (/ranking/2018-13), or one of a year the server does not take (0000-01):
 * said plainly, with the way to one that is.
 */
export function BadPeriod({ text, kind, to }: { text: string; kind: keyof typeof PERIOD_WORDS; to: string | null }) {
  const { what, form } = PERIOD_WORDS[kind];
  return (
    <Card>
      <Result
        status="warning"
        title={`“${echoed(text)}”不是有效的${what}`}
        subTitle={`${what}应写作 ${form}：请检查链接，或打开最近有数据的${what}`}
        extra={
          to && (
            <Link to={to}>
              <Button type="primary">打开最近的{what}</Button>
            </Link>
          )
        }
        data-testid="bad-period"
      />
    </Card>
  );
}

/**
 * A period given in the query (?month=2018-10, a link written by hand), at `base` (/ranking): the period's own address
 * with the rest of the query, or said not to be one (as /ranking/2018-13 is); null when the query names none.
 */
export function periodInQuery(
  search: URLSearchParams,
  kind: "month" | "year",
  valid: (text: string) => boolean,
  base: string,
  latest: string | null,
): ReactNode | null {
  const asked = search.get(kind);
  if (asked === null) return null;
  if (!valid(asked)) return <BadPeriod text={asked} kind={kind} to={latest ? `${base}/${latest}` : null} />;
  const rest = new URLSearchParams(search);
  rest.delete(kind);
  return <Navigate to={`${base}/${asked}${rest.size ? `?${rest}` : ""}`} replace />;
}

/**
 * A month's or a year's result of a period not yet begun (periodNotBegun): said, with when it begins (its window's
 * start, where known) and what cannot be done with it.
 */
export function NotBegunNotice({ start, kind }: { start?: number; kind: "month" | "year" }) {
  const [period, what, cannot] = kind === "month" ? ["本月", "月份", "向单位开放或发布"] : ["本年度", "年度", "发布"];
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      title={`${period}尚未开始${start === undefined ? "" : `（考核周期自 ${formatShanghai(start, "date")} 起）`}`}
      description={`还没有开始的${what}不能${cannot}。请检查所选的${what}。`}
      data-testid="not-begun-notice"
    />
  );
}

/**
 * A month without data (no unit has an order in it), in place of its ranking or a unit's score: not a result (every unit
 * would have full marks and tie first), left out of the year, 无数据 on the units' trends; what to import to score it,
 * and (`latest`) the latest month with data. (A month that
 * received orders the rubric's populations all leave out has data: its ranking is shown under the warning naming the
 * population.) `month` a year ("2026"): a year none of whose months has data, said alike; `latest` leads to its year.
 */
export function NoDataResult({ month, latest, canImport, testId }: { month: string; latest?: string; canImport: boolean; testId: string }) {
  const navigate = useNavigate();
  // a year none of whose months has data, said as a month's (every unit at full marks, tied first, was its ranking)
  const yearly = isYear(month);
  const periodText = yearly ? `${month}年度` : monthLabel(month);
  const [y, m] = yearly ? [month, "1"] : month.split("-");
  const which = yearly ? "本年各月" : "本月";
  const todo = canImport
    ? `请在“数据”页导入${which}的工单文件（文件名以“工单”或 orders 开头，如“工单${y}年${Number(m)}月.xlsx”，类型为 ${TABLE_FILE_TYPES_TEXT}）；考核事件等其他文件已导入的，导入工单后一并计分。`
    : `考核管理员导入${which}工单后才有考核结果。`;
  const latestPeriod = latest && yearly ? latest.slice(0, 4) : latest;
  return (
    <Result
      status="info"
      title={`${periodText}无数据`}
      subTitle={
        <span data-testid="no-data-reason">
          {yearly
            ? `${periodText}各月都没有工单（没有一个单位有本年受理的工单）：不计分、不排名。`
            : `${periodText}没有工单（没有一个单位有本月受理的工单）：不计分、不排名，也不计入年终成绩。`}
          {todo}
        </span>
      }
      extra={
        <Space wrap>
          {canImport && (
            <Link to="/data">
              <Button type="primary" data-testid="no-data-import">
                去导入数据
              </Button>
            </Link>
          )}
          {latestPeriod && latestPeriod !== month && (
            <Button onClick={() => navigate(yearly ? `/year/${latestPeriod}` : `/ranking/${latestPeriod}`)} data-testid="no-data-latest">
              {yearly ? `查看${latestPeriod}年度（有数据的最近年度）` : `查看${monthLabel(latestPeriod)}（有数据的最近月份）`}
            </Button>
          )}
        </Space>
      }
      data-testid={testId}
    />
  );
}

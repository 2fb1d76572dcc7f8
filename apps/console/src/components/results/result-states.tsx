/** What a results page shows before it has a table: loading, no result (with why), or no units. */
import { Card, Empty, Result, Skeleton } from "antd";
import type { ReactNode } from "react";
import { errorText } from "../../lib/trpc.ts";

export function resultStates(o: {
  pending: boolean;
  error: unknown;
  hasResult: boolean;
  empty: boolean;
  /** e.g. "2018年3月没有考核结果" */
  title: string;
  /** shown when there is no error to explain it */
  hint: string;
  extra?: ReactNode;
  emptyText: string;
}): ReactNode | null {
  if (o.pending)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  if (o.error || !o.hasResult)
    return (
      <Card>
        <Result status="warning" title={o.title} subTitle={o.error ? errorText(o.error) : o.hint} extra={o.extra} />
      </Card>
    );
  if (o.empty)
    return (
      <Card>
        <Empty description={o.emptyText} />
      </Card>
    );
  return null;
}

/**
 * Publishing a draft, said in full before it is done: from which month it is in force, the months with data whose
 * scores it changes (and under which version they are scored now), which of those are published already (their
 * frozen results stay until published again), and the months a later version keeps.
 */

import type { Diagnostic } from "@kaohe/rules-dsl";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Checkbox, Modal, Spin, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { isoTime, monthLabel } from "../../lib/format.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import { draftishVersion, fewerMonthsNotes, firstMonthWithoutData, type ImpactMonth, impactSummary, impactWords, monthsText, yearsText } from "./impact.ts";
import { versionTitle } from "./shared.tsx";

/** Warnings listed in the dialog (the editor's list has them all). */
const WARNINGS_LISTED = 8;

function ImpactTable({ months }: { months: ImpactMonth[] }) {
  return (
    <Table<ImpactMonth>
      rowKey="month"
      size="small"
      pagination={false}
      scroll={{ y: 220 }}
      dataSource={months}
      data-testid="publish-impact-table"
      rowClassName={(m) => (m.changedUnits > 0 ? "" : "kh-muted")}
      columns={[
        {
          title: "月份",
          dataIndex: "month",
          width: 130,
          render: (month: string, m) => (
            <>
              {monthLabel(month)}
              {!m.hasData && <Typography.Text type="secondary">（无数据）</Typography.Text>}
            </>
          ),
        },
        {
          title: "现按版本",
          key: "replaces",
          render: (_, m) => (m.replaces ? versionTitle(m.replaces) : <Typography.Text type="secondary">无施行中的版本</Typography.Text>),
        },
        {
          title: "得分或名次改变",
          key: "changed",
          width: 130,
          align: "right",
          render: (_, m) =>
            m.changedUnits > 0 ? (
              <Typography.Text strong>
                {m.changedUnits} / {m.units} 个单位
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">无变化</Typography.Text>
            ),
        },
        {
          title: "发布状态",
          key: "published",
          width: 150,
          render: (_, m) =>
            m.published ? (
              <Tag color={m.changedUnits > 0 ? "orange" : "default"} title={`${m.published.by} ${isoTime(m.published.at)}`}>
                已发布{m.changedUnits > 0 ? "，需重新发布" : ""}
              </Tag>
            ) : (
              <Typography.Text type="secondary">未发布</Typography.Text>
            ),
        },
      ]}
    />
  );
}

function ImpactSection({ id, from }: { id: number; from: string }) {
  const trpc = useTRPC();
  const impact = useQuery({ ...trpc.rubrics.publishImpact.queryOptions({ id }), staleTime: 0, retry: false });
  if (impact.isPending)
    return (
      <div style={{ padding: "12px 0" }} data-testid="publish-impact-loading">
        <Spin size="small" /> <Typography.Text type="secondary">正在按现有数据计算：发布后哪些月份的得分会改变…</Typography.Text>
      </div>
    );
  if (impact.error) return <Alert type="warning" showIcon title={`无法计算发布的影响：${errorText(impact.error)}`} />;
  const data = impact.data;
  const s = impactSummary(data);
  const words = impactWords(data);
  return (
    <div data-testid="publish-impact">
      {data.latestMonth === null ? (
        <Typography.Paragraph>库中还没有工单数据：发布不改变任何月份的得分。</Typography.Paragraph>
      ) : data.months.length === 0 ? (
        <Typography.Paragraph>
          有数据的月份（至 {monthLabel(data.latestMonth)}）都在 {monthLabel(from)} 之前：发布不改变任何已有月份的得分。
        </Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="publish-impact-summary">
            {words.scope}
            {words.before}
            {words.count !== null && <b> {words.count} </b>}
            {words.after}
          </Typography.Paragraph>
          {s.publishedChanged.length + s.publishedYears.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              data-testid="publish-impact-published"
              title={`已发布的结果中有 ${s.publishedChanged.length + s.publishedYears.length} 个会改变：${[
                ...(s.publishedChanged.length > 0 ? [monthsText(s.publishedChanged)] : []),
                ...(s.publishedYears.length > 0 ? [yearsText(s.publishedYears)] : []),
              ].join("、")}`}
              description="已发布的结果是冻结的快照，不会自动改变；发布此版本后，这些结果须在月度排名页或年度考核页重新发布（填写原因）才按新版本公布。"
            />
          )}
          {s.openChanged.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              data-testid="publish-impact-open"
              title={`正向各单位开放预览的 ${s.openChanged.length} 期会改变：${s.openChanged.map(monthLabel).join("、")}`}
              description="各单位正在按现在的得分提出异议、提交书面说明；发布此版本后，预览中的得分、名次与须书面说明的单位都按新版本重新计算，各单位看到的结果随之改变。通常在这些月份发布之后，或先告知各单位，再发布此版本。"
            />
          )}
          {fewerMonthsNotes(data).map((note) => (
            <Alert key={note} type="warning" showIcon style={{ marginBottom: 8 }} data-testid="publish-year-months" title={note} />
          ))}
          <ImpactTable months={data.months} />
        </>
      )}
      {data.unscoredEvents.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="publish-impact-unscored"
          title={`此版本没有定义库中 ${data.unscoredEvents.length} 种考核事件的类型，这些事件在上述月份不计分`}
          description={
            <>
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {data.unscoredEvents.map((u) => (
                  <li key={u.type}>
                    “{u.type}” {u.count} 条（{monthsText(u.months)}）
                  </li>
                ))}
              </ul>
              这些事件若应计分，请在规则中用 event（考核事件）声明其类型，名称与数据的“事件类型”一字不差。
            </>
          }
        />
      )}
      {data.keptByLater.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {monthsText(data.keptByLater.map((k) => k.month))}仍由施行起始较晚的 {versionTitle(data.keptByLater[0]?.version ?? { name: "", version: "" })} 计分。
        </Typography.Paragraph>
      )}
    </div>
  );
}

export function PublishDialog({
  open,
  version,
  header,
  errors,
  warnings,
  publishing,
  refusal,
  reloading,
  onReload,
  onPublish,
  onClose,
}: {
  open: boolean;
  version: { id: number; name: string; version: string };
  /** the header as now written (saved before the dialog opens) */
  header: { name: string; version: string; from: string; until: string | null } | null;
  errors: number;
  /** the text's warnings (KH2xx: a threshold never reached, a section's items over its points…): listed, published only when confirmed */
  warnings: readonly Diagnostic[];
  publishing: boolean;
  /** the server refused: the draft was saved since the dialog showed it (publishing waits for the latest text and impact) */
  refusal: string | null;
  reloading: boolean;
  /** load the draft as saved now and compute its impact again */
  onReload: () => void;
  onPublish: () => void;
  onClose: () => void;
}) {
  const from = header?.from ?? "";
  const until = header?.until ?? null;
  // warnings are read before publishing: the button says it publishes in spite of them
  const [weighed, setWeighed] = useState(false);
  useEffect(() => {
    if (!open) setWeighed(false);
  }, [open]);
  // refused for a colleague's save: the warnings of the text loaded next are weighed afresh
  useEffect(() => {
    if (refusal) setWeighed(false);
  }, [refusal]);
  const unweighed = warnings.length > 0 && !weighed;
  // the impact ImpactSection shows (one query): whether the first month in force has data yet
  const trpc = useTRPC();
  const impact = useQuery({
    ...trpc.rubrics.publishImpact.queryOptions({ id: version.id }),
    staleTime: 0,
    retry: false,
    enabled: open && !!from && errors === 0,
  });
  const firstWithoutData = firstMonthWithoutData(impact.data);
  return (
    <Modal
      title={`发布“${versionTitle(header ?? version)}”？`}
      open={open}
      width={680}
      onCancel={onClose}
      onOk={onPublish}
      okText={warnings.length > 0 ? `有 ${warnings.length} 处提示，仍然发布` : "确认发布"}
      cancelText="取消"
      confirmLoading={publishing}
      okButtonProps={{ disabled: errors > 0 || !from || unweighed || refusal !== null, "data-testid": "publish-confirm" }}
      destroyOnHidden
      // its months, notes and undeclared event types scroll within the window, the button below them on screen (at
      // 1366×768 确认发布 was 1,800 pixels down: a walk)
      styles={{ body: { maxHeight: "calc(100vh - 240px)", overflowY: "auto" } }}
    >
      <div style={{ lineHeight: 1.8 }}>
        {refusal && (
          <Alert
            type="error"
            showIcon
            style={{ margin: "8px 0" }}
            data-testid="publish-draft-changed"
            title={refusal}
            action={
              <Button size="small" type="primary" loading={reloading} onClick={onReload} data-testid="publish-reload">
                载入最新文本，重新查看影响
              </Button>
            }
          />
        )}
        <p style={{ margin: "8px 0" }}>
          发布后此版本<b>成为只读，不能再修改，也不能删除</b>；以后如需修订，请复制为新草稿。
        </p>
        {header && draftishVersion(header.version) && (
          <Alert
            type="warning"
            showIcon
            style={{ margin: "8px 0" }}
            data-testid="publish-draft-version"
            title={`版本号“${header.version}”带有“草稿”字样：发布后不能再改，排名、报表与《投诉动态》都会这样写。如非有意，请先取消，在文本第一行的 version 中改为正式版本号（如 ${header.version.replace(/[-－—_\s]*草稿\s*\d*$/u, "") || header.from.slice(0, 4) || "2019"}）并保存`}
          />
        )}
        <p style={{ margin: "8px 0" }}>
          {from ? (
            <>
              此版本自<b> {monthLabel(from)} </b>起施行{until ? `，至 ${monthLabel(until)} 止` : "（不设截止月份）"}
              ：这些月份（及所在年度）的考核将按此版本计分；同一月份有多个已发布版本时，以施行起始月份最晚的为准。
              <span data-testid="publish-first-month">
                {firstWithoutData
                  ? `${monthLabel(from)}还没有数据：发布前会先按此版本试算该月的得分（只检查规则能否计分），计分失败则不发布。`
                  : `发布前会先用现有数据计算 ${monthLabel(from)} 的得分，计分失败则不发布。`}
              </span>
            </>
          ) : (
            "文件头没有写施行起始月份（in force from），不能发布。"
          )}
        </p>
        {errors > 0 && <Alert type="error" showIcon title={`文本还有 ${errors} 处错误：有错误的规则不能发布。`} style={{ marginBottom: 8 }} />}
        {errors === 0 && warnings.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            data-testid="publish-warnings"
            title={`文本有 ${warnings.length} 处提示：发布前请逐条确认它们是有意这样写的`}
            description={
              <>
                <ul style={{ margin: "4px 0", paddingInlineStart: 20, maxHeight: 160, overflowY: "auto" }}>
                  {warnings.slice(0, WARNINGS_LISTED).map((w) => (
                    <li key={`${w.range.start.offset}-${w.code}`}>
                      第 {w.range.start.line} 行 {w.code}：{w.message}
                    </li>
                  ))}
                  {warnings.length > WARNINGS_LISTED && <li>另有 {warnings.length - WARNINGS_LISTED} 处，见编辑器下方的检查结果</li>}
                </ul>
                <Checkbox checked={weighed} onChange={(e) => setWeighed(e.target.checked)} data-testid="publish-warnings-weighed">
                  我已看过这些提示，仍要发布
                </Checkbox>
              </>
            }
          />
        )}
        {open && from && errors === 0 && <ImpactSection id={version.id} from={from} />}
      </div>
    </Modal>
  );
}

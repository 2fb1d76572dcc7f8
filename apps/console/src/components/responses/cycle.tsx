/** A month's (or a year's) stage and deadlines, in Beijing time with the days left. */
import { isYear } from "@kaohe/time";
import { Descriptions, Tag, Tooltip, Typography } from "antd";
import type { ReactNode } from "react";
import { isoTime } from "../../lib/format.ts";
import type { Cycle } from "./types.ts";
import { deadlineText, objectionsEndedAtPublication, STAGE_COLOR } from "./workflow.ts";
import "./responses.css";

export function StageTag({ cycle }: { cycle: Pick<Cycle, "stage" | "stageLabel"> }) {
  return (
    <Tag color={STAGE_COLOR[cycle.stage]} style={{ marginInlineEnd: 0 }} data-testid="cycle-stage">
      {cycle.stageLabel}
    </Tag>
  );
}

/**
 * A short phrase kept on one line (a time, "剩余 7 天", "演示数据"): a narrow column wraps between phrases, not inside
 * one (at 1024 px the month's facts read "演示\n数据", "剩余\n7 天").
 */
function Phrase({ children }: { children: ReactNode }) {
  return <span className="kh-phrase">{children}</span>;
}

/** "2018-12-07 23:59（剩余 3 天）" — "已截止" in red; `over` says why it no longer counts (the month published). */
export function Deadline({ iso, testId, over }: { iso: string | null; testId?: string; over?: string }) {
  if (!iso) return <Typography.Text type="secondary">未设定</Typography.Text>;
  const d = deadlineText(iso);
  return (
    <span data-testid={testId}>
      <Phrase>{d.at}</Phrase>
      {over ? (
        <Typography.Text type="secondary" className="kh-phrase">
          （{over}）
        </Typography.Text>
      ) : (
        <span className={`kh-phrase ${d.passed ? "kh-deadline-passed" : "kh-deadline-left"}`}>（{d.left}）</span>
      )}
    </span>
  );
}

/** The stage, when it was opened, the deadlines, the notice period and the publication. */
export function CycleFacts({ cycle, column = 3 }: { cycle: Cycle; column?: number }) {
  const endedAtPublication = objectionsEndedAtPublication(cycle);
  const items = [
    { key: "stage", label: "阶段", children: <StageTag cycle={cycle} /> },
    {
      key: "opened",
      label: "开放预览",
      children: cycle.previewOpenedAt ? (
        <span>
          <Phrase>{isoTime(cycle.previewOpenedAt)}</Phrase>
          {/* the space between the phrases, where the line may break */}
          {cycle.previewOpenedBy && (
            <>
              {" "}
              <Phrase>· {cycle.previewOpenedBy}</Phrase>
            </>
          )}
        </span>
      ) : (
        <Typography.Text type="secondary">尚未向各单位开放</Typography.Text>
      ),
    },
    {
      key: "objection",
      label: "异议截止",
      children: endedAtPublication ? (
        <Tooltip title={`原定 ${isoTime(cycle.objectionDeadline)} 截止`}>
          <span data-testid="objection-deadline">{endedAtPublication}</span>
        </Tooltip>
      ) : cycle.objectionDeadline ? (
        <Deadline iso={cycle.objectionDeadline} testId="objection-deadline" over={cycle.stage === "published" ? "已发布，异议期结束" : undefined} />
      ) : (
        "—"
      ),
    },
    // a year owes no written explanation
    ...(isYear(cycle.period)
      ? []
      : [
          {
            key: "explanation",
            label: "书面说明截止",
            children: cycle.explanationDeadline ? <Deadline iso={cycle.explanationDeadline} testId="explanation-deadline" /> : "—",
          },
        ]),
    {
      key: "notice",
      label: "公示",
      children: cycle.noticeUntil ? (
        <span>
          <Phrase>{isoTime(cycle.noticeFrom)}</Phrase> 至 <Deadline iso={cycle.noticeUntil} />
        </span>
      ) : (
        <Typography.Text type="secondary">{cycle.stage === "published" ? "—" : "未开始"}</Typography.Text>
      ),
    },
    {
      key: "publication",
      label: "发布",
      children: cycle.publication ? (
        <span>
          <Phrase>{isoTime(cycle.publication.publishedAt)}</Phrase> <Phrase>· {cycle.publication.publishedBy}</Phrase>
        </span>
      ) : (
        <Typography.Text type="secondary">未发布</Typography.Text>
      ),
    },
  ];
  // one fact a line on a phone, two on a tablet
  return <Descriptions size="small" column={{ xs: 1, sm: 2, lg: column }} items={items} data-testid="cycle-facts" />;
}

/** Corrections of the data (accepted objections): what changed, who, when, on which objection; a later import's other value. */
import { WarningOutlined } from "@ant-design/icons";
import { describeValue } from "@kaohe/db/correction-fields";
import { Alert, Space, Tag, Typography } from "antd";
import { isoTime } from "../../lib/format.ts";
import type { Correction } from "./types.ts";
import "./responses.css";

const RECORD_ZH = { orders: "工单", events: "考核事件" } as const;

/**
 * One correction: "超期说明已认可：否 → 是 · 王科长 2018-12-05 10:20 · 依异议 #3"; `compact` (under the objection
 * itself) leaves out who, when and the objection.
 */
function CorrectionLine({ c, withRecord, compact }: { c: Correction; withRecord?: boolean; compact?: boolean }) {
  const conflict = c.conflict && c.status === "active" ? c.conflict : null;
  return (
    <Space orientation="vertical" size={4} style={{ width: "100%" }} data-testid={`correction-${c.id}`}>
      <Space size={[8, 2]} wrap>
        {withRecord && (
          <Typography.Text type="secondary">
            {RECORD_ZH[c.record]} {c.recordId}
          </Typography.Text>
        )}
        <Typography.Text strong>{c.text}</Typography.Text>
        {!compact && (
          <Typography.Text type="secondary">
            {c.createdBy} {isoTime(c.createdAt)}
          </Typography.Text>
        )}
        {!compact && c.objectionId !== null && (
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            依异议 #{c.objectionId}
          </Tag>
        )}
        {c.status === "confirmed" && (
          <Tag color="green" style={{ marginInlineEnd: 0 }}>
            导入数据已一致{c.closedAt ? `（${isoTime(c.closedAt)}）` : ""}
          </Tag>
        )}
      </Space>
      {conflict &&
        (compact ? (
          <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid={`correction-conflict-${c.id}`}>
            <WarningOutlined /> {isoTime(conflict.at)} 导入数据为“{describeValue(c.record, c.field, conflict.value)}”，已保留更正
          </Typography.Text>
        ) : (
          <Alert
            type="warning"
            showIcon
            icon={<WarningOutlined />}
            title={`${isoTime(conflict.at)} 导入数据为“${describeValue(c.record, c.field, conflict.value)}”，已保留更正；请核对 12345 平台的记录`}
            style={{ padding: "4px 10px" }}
            data-testid={`correction-conflict-${c.id}`}
          />
        ))}
    </Space>
  );
}

export function CorrectionList({ corrections, withRecord, compact }: { corrections: readonly Correction[]; withRecord?: boolean; compact?: boolean }) {
  if (corrections.length === 0) return null;
  return (
    <ul className="kh-corrections" data-testid="corrections">
      {corrections.map((c) => (
        <li key={c.id}>
          <CorrectionLine c={c} withRecord={withRecord} compact={compact} />
        </li>
      ))}
    </ul>
  );
}

/**
 * What an objection asked to correct: each change in words, or "（见理由）" for a free-text objection; where the
 * center corrected it otherwise (延期至 02-10 where 02-15 was asked), what was made, beside the request.
 */
import { describeValue } from "@kaohe/db/correction-fields";
import { Typography } from "antd";
import type { Objection } from "./types.ts";
import "./responses.css";

export function ProposedList({ o }: { o: Pick<Objection, "proposed" | "corrections"> }) {
  if (o.proposed.length === 0) return <Typography.Text type="secondary">（见理由）</Typography.Text>;
  return (
    <ul className="kh-because" style={{ margin: 0, paddingInlineStart: 16 }}>
      {o.proposed.map((p) => {
        const made = o.corrections.find((c) => c.record === p.record && c.recordId === p.recordId && c.field === p.field);
        return (
          <li key={`${p.recordId}/${p.field}`}>
            {p.text}
            {made && made.to !== p.to && (
              <Typography.Text type="warning" data-testid={`amended-${p.recordId}-${p.field}`}>
                （实际更正为“{describeValue(made.record, made.field, made.to)}”）
              </Typography.Text>
            )}
          </li>
        );
      })}
    </ul>
  );
}

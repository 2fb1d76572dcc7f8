/** What an objection asked to correct: each change in words, or "（见理由）" for a free-text objection. */
import { Typography } from "antd";
import type { Objection } from "./types.ts";
import "./responses.css";

export function ProposedList({ o }: { o: Pick<Objection, "proposed"> }) {
  if (o.proposed.length === 0) return <Typography.Text type="secondary">（见理由）</Typography.Text>;
  return (
    <ul className="kh-because" style={{ margin: 0, paddingInlineStart: 16 }}>
      {o.proposed.map((p) => (
        <li key={`${p.recordId}/${p.field}`}>{p.text}</li>
      ))}
    </ul>
  );
}

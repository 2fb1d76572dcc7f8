/** Status tags of explanations and objections. */
import { Tag } from "antd";
import type { ExplanationState, ObjectionStatus } from "./types.ts";
import { EXPLANATION_STATE_COLOR, OBJECTION_STATUS_COLOR, OBJECTION_STATUS_LABEL } from "./workflow.ts";

export function ExplanationStateTag({ state, label }: { state: ExplanationState; label: string }) {
  return (
    <Tag color={EXPLANATION_STATE_COLOR[state]} style={{ marginInlineEnd: 0 }} data-testid="explanation-state">
      {label}
    </Tag>
  );
}

export function ObjectionStatusTag({ status }: { status: ObjectionStatus }) {
  return (
    <Tag color={OBJECTION_STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }} data-testid="objection-status">
      {OBJECTION_STATUS_LABEL[status]}
    </Tag>
  );
}

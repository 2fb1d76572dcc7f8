/**
 * The value a correction sets, edited by the center before it accepts an objection: what the unit asked may be
 * right in substance and wrong in detail (延期至 12 月 15 日 where the approval says the 14th). After the objection
 * deadline the unit cannot ask again, so accepting as asked or rejecting were the only ways, both wrong.
 */

import { InputNumber, Select } from "antd";
import { DeadlineField } from "../deadline-field.tsx";
import { type FieldValue, SATISFACTION_LEVELS } from "./workflow.ts";

/** How a field's value is edited: as the objection form asks for it. */
type EditorKind = "boolean" | "deadline" | "satisfaction" | "count" | "number";

const EDITORS: Record<string, EditorKind> = {
  returned: "boolean",
  returnAccepted: "boolean",
  delayExcused: "boolean",
  visited: "boolean",
  rebound: "boolean",
  extendedTo: "deadline",
  processSatisfaction: "satisfaction",
  resultSatisfaction: "satisfaction",
  redoCount: "count",
  count: "count",
  points: "number",
};

/** Whether the center can edit a correction of `field` (a field no objection form sets is accepted as asked). */
export const editable = (field: string) => Object.hasOwn(EDITORS, field);

const yesNo = [
  { value: true, label: "是" },
  { value: false, label: "否" },
];

export function ChangeEditor({ field, value, onChange, testId }: { field: string; value: FieldValue; onChange: (v: FieldValue) => void; testId: string }) {
  switch (EDITORS[field]) {
    case "boolean":
      return <Select value={value as boolean} options={yesNo} onChange={onChange} style={{ width: 100 }} data-testid={testId} />;
    case "satisfaction":
      return (
        <Select
          value={value as string | null}
          options={SATISFACTION_LEVELS.map((l) => ({ value: l, label: l }))}
          onChange={onChange}
          style={{ width: 130 }}
          data-testid={testId}
        />
      );
    case "count":
      return <InputNumber value={value as number} min={0} precision={0} onChange={(v) => onChange(v ?? 0)} style={{ width: 120 }} data-testid={testId} />;
    case "number":
      return <InputNumber value={value as number | null} step={0.5} onChange={(v) => onChange(v)} style={{ width: 120 }} data-testid={testId} />;
    case "deadline":
      return <DeadlineField value={typeof value === "number" ? value : null} onChange={onChange} id={testId} />;
    default:
      return null;
  }
}

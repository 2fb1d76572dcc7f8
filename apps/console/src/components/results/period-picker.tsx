/** Pickers for the assessed month or year, with buttons to step to the previous and next one. */
import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { isMonth, isYear } from "@kaohe/time";
import { Button, DatePicker, Space, Tooltip } from "antd";
import dayjs from "dayjs";
import { type ReactNode, useMemo } from "react";
import { MONTH_FORMATS, YEAR_FORMATS } from "../../lib/format.ts";
import { pickerSteps } from "./month-steps.ts";

/** How a month's picker and a year's differ. */
const KINDS = {
  month: { unit: "月", valid: isMonth, day: (v: string) => `${v}-01`, key: "YYYY-MM", format: MONTH_FORMATS, placeholder: "选择考核月份", width: 140 },
  year: { unit: "年", valid: isYear, day: (v: string) => `${v}-01-01`, key: "YYYY", format: YEAR_FORMATS, placeholder: "选择考核年度", width: 120 },
} as const;

interface PickerProps {
  value: string;
  onChange: (period: string) => void;
  testId?: string;
}

/** An arrow to the period `to` (disabled when none), its tooltip and name saying where or why not (pickerSteps). */
function StepButton({
  to,
  words,
  icon,
  onChange,
  testId,
}: {
  to: string | null;
  words: { tip?: string; label: string };
  icon: ReactNode;
  onChange: (period: string) => void;
  testId: string;
}) {
  return (
    <Tooltip title={words.tip}>
      <Button icon={icon} disabled={to === null} onClick={() => to && onChange(to)} aria-label={words.label} data-testid={testId} />
    </Tooltip>
  );
}

/**
 * With `periods` (oldest first: those the user can see a result of), the arrows step to the one before and after,
 * over the others, and are disabled at either end (and while `periods` is null: being read), saying why; the
 * calendar offers those alone. Without, the arrows step to the period next to it.
 */
function PeriodPicker({
  kind,
  value,
  onChange,
  periods,
  testId,
}: PickerProps & { kind: keyof typeof KINDS; periods: readonly string[] | null | undefined; testId: string }) {
  const k = KINDS[kind];
  const valid = k.valid(value);
  const { prev, next, prevTip, nextTip } = pickerSteps(value, valid, periods, k.unit);
  const seen = useMemo(() => (periods ? new Set(periods) : null), [periods]);
  return (
    <Space.Compact>
      <StepButton to={prev} words={prevTip} icon={<LeftOutlined />} onChange={onChange} testId={`${testId}-prev`} />
      <DatePicker
        picker={kind}
        allowClear={false}
        value={valid ? dayjs(k.day(value)) : null}
        format={k.format}
        placeholder={k.placeholder}
        disabledDate={seen ? (d) => !seen.has(d.format(k.key)) : undefined}
        onChange={(d) => d && onChange(d.format(k.key))}
        style={{ width: k.width }}
        data-testid={testId}
      />
      <StepButton to={next} words={nextTip} icon={<RightOutlined />} onChange={onChange} testId={`${testId}-next`} />
    </Space.Compact>
  );
}

/** A month ("2018-03"): the picker shows "2018年3月"; `months`: those the user can see a result of (see PeriodPicker). */
export function MonthPicker({ months, testId = "month-picker", ...props }: PickerProps & { months?: readonly string[] | null }) {
  return <PeriodPicker kind="month" periods={months} testId={testId} {...props} />;
}

/** A year ("2017"): the picker shows "2017年度"; `years`: those the user can see a result of (see PeriodPicker). */
export function YearPicker({ years, testId = "year-picker", ...props }: PickerProps & { years?: readonly string[] | null }) {
  return <PeriodPicker kind="year" periods={years} testId={testId} {...props} />;
}

/** Pickers for the assessed month or year, with buttons to step to the previous and next one. */
import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { addMonths, isMonth, isYear } from "@kaohe/time";
import { Button, DatePicker, Space, Tooltip } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { monthLabel } from "../../lib/format.ts";
import { stepsWithin } from "./month-steps.ts";

/**
 * A month ("2018-03"): the picker shows "2018年3月". With `months` (oldest first: those the user can see a result of),
 * the arrows step to the one before and after, over the others, and are disabled at either end; the calendar offers
 * those alone.
 */
export function MonthPicker({
  value,
  onChange,
  months,
  testId = "month-picker",
}: {
  value: string;
  onChange: (month: string) => void;
  months?: readonly string[];
  testId?: string;
}) {
  const valid = isMonth(value);
  const { prev, next } = !valid ? { prev: null, next: null } : months ? stepsWithin(months, value) : { prev: addMonths(value, -1), next: addMonths(value, 1) };
  const seen = useMemo(() => (months ? new Set(months) : null), [months]);
  /** "上一月（2018年2月）", or where the step skips months: "上一个可查看的月份（2018年1月）" */
  const tip = (to: string | null, step: -1 | 1) => {
    if (!valid) return undefined;
    if (to === null) return step < 0 ? "没有更早的可查看月份" : "没有更晚的可查看月份";
    const word = to === addMonths(value, step) ? (step < 0 ? "上一月" : "下一月") : step < 0 ? "上一个可查看的月份" : "下一个可查看的月份";
    return `${word}（${monthLabel(to)}）`;
  };
  return (
    <Space.Compact>
      <Tooltip title={tip(prev, -1)}>
        <Button icon={<LeftOutlined />} disabled={prev === null} onClick={() => prev && onChange(prev)} aria-label="上一月" data-testid={`${testId}-prev`} />
      </Tooltip>
      <DatePicker
        picker="month"
        allowClear={false}
        value={valid ? dayjs(`${value}-01`) : null}
        format="YYYY年M月"
        placeholder="选择考核月份"
        disabledDate={seen ? (d) => !seen.has(d.format("YYYY-MM")) : undefined}
        onChange={(d) => d && onChange(d.format("YYYY-MM"))}
        style={{ width: 140 }}
        data-testid={testId}
      />
      <Tooltip title={tip(next, 1)}>
        <Button icon={<RightOutlined />} disabled={next === null} onClick={() => next && onChange(next)} aria-label="下一月" data-testid={`${testId}-next`} />
      </Tooltip>
    </Space.Compact>
  );
}

/** A year ("2017"). */
export function YearPicker({ value, onChange, testId = "year-picker" }: { value: string; onChange: (year: string) => void; testId?: string }) {
  const valid = isYear(value);
  const step = (n: number) => onChange(String(Number(value) + n));
  return (
    <Space.Compact>
      <Button icon={<LeftOutlined />} disabled={!valid} onClick={() => step(-1)} aria-label="上一年" data-testid={`${testId}-prev`} />
      <DatePicker
        picker="year"
        allowClear={false}
        value={valid ? dayjs(`${value}-01-01`) : null}
        format="YYYY年度"
        placeholder="选择考核年度"
        onChange={(d) => d && onChange(d.format("YYYY"))}
        style={{ width: 120 }}
        data-testid={testId}
      />
      <Button icon={<RightOutlined />} disabled={!valid} onClick={() => step(1)} aria-label="下一年" data-testid={`${testId}-next`} />
    </Space.Compact>
  );
}

/** Pickers for the assessed month or year, with buttons to step to the previous and next one. */
import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { addMonths, isMonth, isYear } from "@kaohe/time";
import { Button, DatePicker, Space, Tooltip } from "antd";
import dayjs from "dayjs";
import { monthLabel } from "../../lib/format.ts";

/** A month ("2018-03"): the picker shows "2018年3月". */
export function MonthPicker({ value, onChange, testId = "month-picker" }: { value: string; onChange: (month: string) => void; testId?: string }) {
  const valid = isMonth(value);
  return (
    <Space.Compact>
      <Tooltip title={valid ? `上一月（${monthLabel(addMonths(value, -1))}）` : undefined}>
        <Button icon={<LeftOutlined />} disabled={!valid} onClick={() => onChange(addMonths(value, -1))} aria-label="上一月" data-testid={`${testId}-prev`} />
      </Tooltip>
      <DatePicker
        picker="month"
        allowClear={false}
        value={valid ? dayjs(`${value}-01`) : null}
        format="YYYY年M月"
        placeholder="选择考核月份"
        onChange={(d) => d && onChange(d.format("YYYY-MM"))}
        style={{ width: 140 }}
        data-testid={testId}
      />
      <Tooltip title={valid ? `下一月（${monthLabel(addMonths(value, 1))}）` : undefined}>
        <Button icon={<RightOutlined />} disabled={!valid} onClick={() => onChange(addMonths(value, 1))} aria-label="下一月" data-testid={`${testId}-next`} />
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
